"""An evaluator's start (issue 28, item 3): a way to "Le mie valutazioni" from every page, and a notice,
in the app and by email, when the challenge they evaluate enters evaluation."""

from __future__ import annotations

import re

from sqlalchemy import select

from challenge.account.invitations import accept_with_new_account, find_invitation
from challenge.core.extensions import db
from challenge.evaluation.setup import add_evaluator
from challenge.models import Challenge, EmailPreference, Evaluator, Notification, OutboxEmail, User
from tests.factories import login, make_challenge, make_user


def _signed_in(app, user):
    client = app.test_client()
    with app.app_context():
        login(client, user)
    return client


def test_an_evaluator_is_led_to_their_evaluations_from_the_header(app):
    with app.app_context():
        juror, outsider, draft_juror = make_user(), make_user(), make_user()
        open_challenge, draft = make_challenge(), make_challenge(status="draft", opened_at=None)
        db.session.add(Evaluator(challenge_id=open_challenge.id, email=juror.email, user_id=juror.id))
        db.session.add(Evaluator(challenge_id=draft.id, email=draft_juror.email, user_id=draft_juror.id))
        db.session.commit()
    page = _signed_in(app, juror).get("/").get_data(as_text=True)
    # In the user menu on a desktop, in the main menu on a phone.
    assert page.count('href="/evaluations"') == 2 and "Le mie valutazioni" in page
    assert 'href="/evaluations"' not in _signed_in(app, outsider).get("/").get_data(as_text=True)
    # A draft's jury has nothing to see yet, as on the evaluations page itself.
    assert 'href="/evaluations"' not in _signed_in(app, draft_juror).get("/").get_data(as_text=True)
    assert 'href="/evaluations"' not in app.test_client().get("/").get_data(as_text=True)


def test_evaluators_are_told_in_the_app_and_by_email_when_evaluation_starts(app_factory):
    app = app_factory(MAIL_SERVER="127.0.0.1")
    with app.test_request_context():
        staff = make_user(role="staff")
        challenge = make_challenge(staff.administration, title="Sportelli senza code")
        colleague, stopped_emails = make_user(role="staff", administration=staff.administration), make_user()
        for person in (colleague, stopped_emails):
            add_evaluator(staff, challenge, person.email, lambda token: f"/invitations/{token}")
        db.session.add(EmailPreference(user_id=stopped_emails.id, kind="evaluation", frequency="never"))  # turned off
        add_evaluator(staff, challenge, "giurata@partner.example", lambda token: f"/invitations/{token}")
        add_evaluator(staff, challenge, "in-attesa@partner.example", lambda token: f"/invitations/{token}")
        db.session.commit()
        staff_id, slug, challenge_id = staff.id, challenge.slug, challenge.id
        accepted = accept_with_new_account(
            find_invitation(_token_of(app, "giurata@partner.example")), "Giurata Esterna", "una-password-lunga-9", True
        )
        juror_id, colleague_id, stopped_id = accepted.id, colleague.id, stopped_emails.id
        before = db.session.scalar(select(OutboxEmail.id).order_by(OutboxEmail.id.desc()))
    staff_client = _signed_in(app, _user(app, staff_id))
    response = staff_client.post(f"/challenges/{slug}/status", data={"status": "evaluation", "confirm": "y"})
    assert response.status_code == 303
    with app.app_context():
        told = db.session.scalars(select(Notification).where(Notification.kind == "evaluation")).all()
        assert sorted(n.user_id for n in told) == sorted([juror_id, colleague_id, stopped_id])
        assert {(n.challenge_id, n.solution_id, n.title) for n in told} == {
            (challenge_id, None, "Sportelli senza code")
        }
        mails = db.session.scalars(select(OutboxEmail).where(OutboxEmail.id > before)).all()
        juror_email = db.session.get(User, juror_id).email
        colleague_email = db.session.get(User, colleague_id).email
        assert sorted(mail.recipient for mail in mails) == sorted([juror_email, colleague_email])
        assert all("/evaluations" in mail.body and mail.unsubscribe_url for mail in mails)
        assert db.session.get(Challenge, challenge_id).status == "evaluation"
    page = _signed_in(app, _user(app, juror_id)).get("/notifications").get_data(as_text=True)
    assert "È iniziata la valutazione della sfida «Sportelli senza code»" in page
    assert '<a href="/evaluations">' in page


def _token_of(app, address: str) -> str:
    body = db.session.scalar(select(OutboxEmail.body).where(OutboxEmail.recipient == address))
    return re.search(r"/invitations/([\w-]+)", body).group(1)


def _user(app, user_id: int) -> User:
    with app.app_context():
        return db.session.get(User, user_id)
