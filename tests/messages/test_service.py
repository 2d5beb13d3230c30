"""Messages from a challenge's staff: who they reach, in the app and by email, the limit and the log."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from challenge.core.errors import PermissionDenied
from challenge.core.extensions import db
from challenge.messages.service import MessageError, participants, send_message
from challenge.models import AuditEntry, ChallengeMessage, EmailPreference, Follow, Notification, SolutionVote, utcnow
from challenge.notifications.service import send_outbox
from tests.conftest import empty_tables
from tests.factories import make_challenge, make_comment, make_solution, make_user

PUBLIC_URL = "https://sfide.example"


def cast(challenge):
    """A staff member, and one person for each way of taking part, plus a stranger; by name."""
    staff = make_user(role="staff", administration=challenge.administration, name="Rita Staff")
    author = make_user(name="Anna Autrice", email="autrice@example.it")
    solution = make_solution(challenge, author=author)
    commenter = make_user(name="Carlo Commenta", email="commenta@example.it", language="en")
    make_comment(solution, author=commenter)
    voter, follower, stranger = (
        make_user(name="Vera Vota"),
        make_user(name="Fabio Segue"),
        make_user(name="Sara Estranea"),
    )
    db.session.add_all(
        [
            SolutionVote(user_id=voter.id, solution_id=solution.id, value=1),
            Follow(user_id=follower.id, challenge_id=challenge.id),
            Follow(user_id=staff.id, challenge_id=challenge.id),
        ]
    )
    other = make_solution(make_challenge(), author=stranger)
    make_comment(other, author=stranger)
    db.session.commit()
    return {
        "staff": staff,
        "author": author,
        "commenter": commenter,
        "voter": voter,
        "follower": follower,
        "stranger": stranger,
    }


def test_a_message_reaches_authors_commenters_voters_and_followers_but_not_the_sender(app):
    with app.test_request_context():
        challenge = make_challenge()
        people = cast(challenge)
        message = send_message(people["staff"], challenge, "Incontro pubblico", "Giovedì alle 18 in sala consiliare.")
        told = set(db.session.scalars(select(Notification.user_id).where(Notification.message_id == message.id)))
        assert told == {people[name].id for name in ("author", "commenter", "voter", "follower")}
        assert message.recipient_count == 4
        assert set(db.session.scalars(participants(challenge.id))) >= told
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "challenge_message"))
        assert entry.actor_id == people["staff"].id and entry.target_id == challenge.id


def test_only_the_challenges_staff_and_admins_may_write(app):
    with app.test_request_context():
        challenge = make_challenge()
        people = cast(challenge)
        for outsider in (people["author"], make_user(role="staff"), make_user(role="moderator")):
            with pytest.raises(PermissionDenied):
                send_message(outsider, challenge, "Oggetto", "Testo")
        send_message(make_user(role="admin"), challenge, "Dagli amministratori", "Testo")
        assert db.session.scalar(select(ChallengeMessage.subject)) == "Dagli amministratori"


def test_a_challenge_sends_at_most_the_set_number_of_messages_in_seven_days(app_factory):
    app = app_factory(CHALLENGE_MESSAGES_PER_WEEK=2)
    with app.test_request_context():
        challenge = make_challenge()
        staff = cast(challenge)["staff"]
        send_message(staff, challenge, "Primo", "Testo")
        send_message(staff, challenge, "Secondo", "Testo")
        with pytest.raises(MessageError, match="2 messaggi"):
            send_message(staff, challenge, "Terzo", "Testo")
        db.session.rollback()
        db.session.execute(update(ChallengeMessage).values(created_at=utcnow() - timedelta(days=7, minutes=1)))
        send_message(staff, challenge, "Dopo una settimana", "Testo")
        assert db.session.scalar(select(ChallengeMessage.subject).order_by(ChallengeMessage.id.desc())) == (
            "Dopo una settimana"
        )


@pytest.fixture
def mail_app(app_factory, smtp_server):
    app = app_factory(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.port, PUBLIC_URL=PUBLIC_URL)
    with app.app_context():
        empty_tables()
    return app


def text_of(message) -> str:
    return message.get_body(("plain",)).get_content().replace("\r\n", "\n")


def test_participants_are_emailed_in_their_language_with_one_click_unsubscribe(mail_app, smtp_server):
    with mail_app.test_request_context():
        challenge = make_challenge(title="Orti urbani")
        people = cast(challenge)
        db.session.add(EmailPreference(user_id=people["voter"].id, kind="message", frequency="never"))
        db.session.commit()
        send_message(people["staff"], challenge, "Incontro pubblico", "Giovedì alle 18.\n\nPortate le vostre idee.")
        send_outbox()
        expected = sorted(people[name].email for name in ("author", "commenter", "follower"))
        author_id = people["author"].id
    assert sorted(m["To"] for m in smtp_server.mailbox.messages) == expected, "the voter said never: in the app only"
    (italian,) = smtp_server.mailbox.to("autrice@example.it")
    assert italian["Subject"] == "Sfide PA: Incontro pubblico"
    assert italian["List-Unsubscribe"].startswith(f"<{PUBLIC_URL}/unsubscribe/")
    assert italian["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = text_of(italian)
    assert "Lo staff della sfida «Orti urbani»" in text and "Giovedì alle 18.\n\nPortate le vostre idee." in text
    assert "Scritto da Rita Staff." in text and f"{PUBLIC_URL}/challenges/" in text
    (english,) = smtp_server.mailbox.to("commenta@example.it")
    assert "The staff of the challenge “Orti urbani”" in text_of(english)
    unsubscribe = re.fullmatch(r"<(\S+)>", italian["List-Unsubscribe"])[1].removeprefix(PUBLIC_URL)
    assert mail_app.test_client().post(unsubscribe).status_code == 200
    with mail_app.app_context():
        assert db.session.get(EmailPreference, (author_id, "message")).frequency == "never"
