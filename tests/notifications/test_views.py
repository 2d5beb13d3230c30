"""In-app notifications, email preferences and the outbox."""

from __future__ import annotations

import smtplib
from typing import ClassVar

from sqlalchemy import func, select

from challenge.core.extensions import db
from challenge.models import NOTIFICATION_KINDS, Comment, Notification, OutboxEmail, default_frequency
from challenge.notifications.service import send_outbox
from tests.conftest import empty_tables
from tests.factories import login, make_challenge, make_solution, make_user


def signed_in(app, user):
    client = app.test_client()
    login(client, user)
    return client


def test_comment_response_and_new_solution_notify(app):
    with app.app_context():
        author = make_user()
        staff = make_user(role="staff")
        challenge = make_challenge(staff.administration)
        solution = make_solution(challenge, author=author, title="Navette per i pendolari")
        follower = make_user()
        solution_id, slug = solution.id, challenge.slug
        author_client, staff_client, follower_client = (
            signed_in(app, author),
            signed_in(app, staff),
            signed_in(app, follower),
        )
        commenter = signed_in(app, make_user())
    follower_client.post(f"/challenges/{slug}/follow")
    commenter.post(f"/solutions/{solution_id}/comments", data={"body": "Bella idea!"})
    staff_client.post(f"/solutions/{solution_id}/response", data={"outcome": "under_review", "body": "La valutiamo."})
    commenter.post(
        f"/challenges/{slug}/solutions/new",
        data={
            "title": "Bus a chiamata serale",
            "body": "Un servizio di bus a chiamata dopo le 21 per chi lavora tardi.",
        },
    )
    page = author_client.get("/notifications").get_data(as_text=True)
    assert "Nuovo commento sulla tua soluzione «Navette per i pendolari»." in page
    assert "ha risposto alla tua soluzione" in page
    assert "data-unread-count>2" in author_client.get("/").get_data(as_text=True)
    assert "Bus a chiamata serale" in follower_client.get("/notifications").get_data(as_text=True)
    author_client.post("/notifications/read")
    assert "data-unread-count" not in author_client.get("/").get_data(as_text=True)


def test_no_notification_for_own_comment(app):
    with app.app_context():
        author = make_user()
        solution_id = make_solution(author=author).id
        client = signed_in(app, author)
    client.post(f"/solutions/{solution_id}/comments", data={"body": "Aggiungo un dettaglio."})
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Notification)) == 0


def choices(**chosen: str) -> dict[str, str]:
    """The email preferences form as a browser posts it: every kind, at its default unless chosen."""
    return {f"email_{kind}": chosen.get(kind, default_frequency(kind)) for kind in NOTIFICATION_KINDS}


def test_email_goes_to_the_outbox_only_for_chosen_kinds(app_factory):
    app = app_factory(MAIL_SERVER="127.0.0.1", MAIL_PORT=1)
    with app.app_context():
        empty_tables()
        author = make_user(email="autrice@example.it")
        solution_id = make_solution(author=author).id
        author_client, commenter = signed_in(app, author), signed_in(app, make_user())
    commenter.post(f"/solutions/{solution_id}/comments", data={"body": "Primo"})
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(OutboxEmail)) == 0
    assert author_client.post("/account/notifications", data=choices(comment="immediate")).status_code == 303
    commenter.post(f"/solutions/{solution_id}/comments", data={"body": "Secondo"})
    with app.app_context():
        message = db.session.scalar(select(OutboxEmail))
        assert message.recipient == "autrice@example.it"
        assert "Nuovo commento" in message.subject


class RecordingServer:
    """An SMTP server that keeps what it is sent and refuses one recipient."""

    sent: ClassVar[list] = []

    def __init__(self, *args, **kwargs):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def send_message(self, message):
        if message["To"] == "rifiutato@example.it":
            raise smtplib.SMTPRecipientsRefused({"rifiutato@example.it": (550, b"no such user")})
        RecordingServer.sent.append(message)


def test_outbox_retries_while_the_mail_server_is_down_and_loses_nothing(app_factory, monkeypatch):
    app = app_factory(MAIL_SERVER="127.0.0.1", MAIL_PORT=1)
    monkeypatch.setattr(RecordingServer, "sent", [])

    class DownServer:
        def __init__(self, *args, **kwargs):
            raise ConnectionRefusedError("mail server down")

    with app.app_context():
        empty_tables()
        db.session.add(OutboxEmail(recipient="a@example.it", subject="Ciao", body="Testo"))
        db.session.commit()
        monkeypatch.setattr(smtplib, "SMTP", DownServer)
        assert send_outbox() == (0, 1)
        message = db.session.scalar(select(OutboxEmail))
        assert message.attempts == 1 and message.sent_at is None and "ConnectionRefusedError" in message.last_error
        assert send_outbox() == (0, 0)  # not due yet: it waits before retrying
        message.next_attempt_at = message.created_at
        db.session.commit()
        monkeypatch.setattr(smtplib, "SMTP", RecordingServer)
        assert send_outbox() == (1, 0)
        assert [sent["To"] for sent in RecordingServer.sent] == ["a@example.it"]
        assert db.session.scalar(select(OutboxEmail.sent_at)) is not None


def test_outbox_command(runner):
    result = runner.invoke(args=["outbox", "send"])
    assert result.exit_code == 0 and "0 sent, 0 failed." in result.output


def test_one_bad_message_never_stops_the_others(app, runner, monkeypatch):
    from challenge.models import utcnow

    monkeypatch.setattr(smtplib, "SMTP", RecordingServer)
    monkeypatch.setattr(RecordingServer, "sent", [])
    with app.app_context():
        # Rows as an older version queued them: a title's line break straight in the subject.
        db.session.add_all(
            [
                OutboxEmail(recipient="a@example.it", subject="Sfide PA: x\r\nBcc: spia@example.it", body="Testo"),
                OutboxEmail(recipient="rifiutato@example.it", subject="Ciao", body="Testo"),
                OutboxEmail(recipient="b@example.it", subject="Ciao", body="Testo"),
            ]
        )
        db.session.commit()
    result = runner.invoke(args=["outbox", "send"])
    assert result.exit_code == 0 and "1 sent, 2 failed." in result.output
    assert [message["To"] for message in RecordingServer.sent] == ["b@example.it"]
    with app.app_context():
        db.session.expire_all()
        header, refused, good = db.session.scalars(select(OutboxEmail).order_by(OutboxEmail.id)).all()
        assert "ValueError" in header.last_error and "SMTPRecipientsRefused" in refused.last_error
        for failed in (header, refused):
            assert failed.attempts == 1 and failed.sent_at is None and failed.next_attempt_at > utcnow()
        assert good.attempts == 1 and good.sent_at is not None and good.last_error == ""


def test_a_title_with_a_line_break_makes_a_one_line_subject(app_factory, monkeypatch):
    from challenge.models import EmailPreference

    app = app_factory(MAIL_SERVER="127.0.0.1")
    monkeypatch.setattr(smtplib, "SMTP", RecordingServer)
    monkeypatch.setattr(RecordingServer, "sent", [])
    with app.app_context():
        empty_tables()
        author = make_user(email="autrice@example.it")
        db.session.add(EmailPreference(user_id=author.id, kind="comment"))
        db.session.commit()
        solution_id = make_solution(author=author, title="Titolo\r\nBcc: spia@example.it").id
        commenter = signed_in(app, make_user())
    assert commenter.post(f"/solutions/{solution_id}/comments", data={"body": "Commento"}).status_code == 303
    with app.app_context():
        assert (
            db.session.scalar(select(OutboxEmail.subject))
            == "Sfide PA: Nuovo commento sulla tua soluzione «Titolo Bcc: spia@example.it»."
        )
        assert send_outbox() == (1, 0)
    (message,) = RecordingServer.sent
    assert message["Bcc"] is None and message["To"] == "autrice@example.it"


def test_notifications_and_their_emails_link_to_what_they_are_about(app_factory):
    app = app_factory(MAIL_SERVER="127.0.0.1", MAIL_PORT=1, PUBLIC_URL="https://sfide.example/")
    with app.app_context():
        empty_tables()
        author, staff = make_user(), make_user(role="staff")
        solution_id = make_solution(make_challenge(staff.administration), author=author).id
        author_client, staff_client, commenter = (
            signed_in(app, author),
            signed_in(app, staff),
            signed_in(app, make_user()),
        )
    author_client.post("/account/notifications", data=choices(comment="immediate"))
    commenter.post(f"/solutions/{solution_id}/comments", data={"body": "Bella idea!"})
    staff_client.post(f"/solutions/{solution_id}/response", data={"outcome": "under_review", "body": "La valutiamo."})
    with app.app_context():
        comment_id = db.session.scalar(select(Comment.id))
        bodies = list(db.session.scalars(select(OutboxEmail.body).order_by(OutboxEmail.id)))
    links = [f"/solutions/{solution_id}#comment-{comment_id}", f"/solutions/{solution_id}#official-response"]
    page = author_client.get("/notifications").get_data(as_text=True)
    assert all(f'href="{link}"' in page for link in links)
    assert [f"https://sfide.example{link}" in body.splitlines() for body, link in zip(bodies, links, strict=True)] == [
        True,
        True,
    ]
