"""Email that reads well: delivered to a real SMTP server (aiosmtpd) and parsed with the `email` package."""

from __future__ import annotations

import re
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from challenge.comments.service import add_comment
from challenge.core.extensions import db
from challenge.models import EmailPreference, OutboxEmail, User
from challenge.notifications.preferences import email_frequencies
from challenge.notifications.service import send_outbox
from challenge.solutions.responses import respond
from tests.conftest import empty_tables
from tests.factories import PASSWORD, login, make_challenge, make_solution, make_user

PUBLIC_URL = "https://sfide.example"
ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture
def mail_app(app_factory, smtp_server):
    app = app_factory(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.port, PUBLIC_URL=PUBLIC_URL)
    with app.app_context():
        empty_tables()
    return app


def parts(message):
    """(text, html) of a received message, with the line ends of SMTP made plain."""
    return tuple(message.get_body((kind,)).get_content().replace("\r\n", "\n") for kind in ("plain", "html"))


def responded(app, author_fields: dict, response: str = "La valutiamo con gli uffici tecnici.") -> None:
    with app.test_request_context():
        author = make_user(email="autrice@example.it", **author_fields)
        staff = make_user(role="staff")
        solution = make_solution(make_challenge(staff.administration), author=author, title="Orti sui tetti")
        respond(staff, solution, "under_review", response)
        db.session.commit()
        send_outbox()


def test_an_official_response_is_emailed_by_default_quoting_it_with_its_administration(mail_app, smtp_server):
    responded(mail_app, {})
    (message,) = smtp_server.mailbox.to("autrice@example.it")
    assert parsedate_to_datetime(message["Date"]).tzinfo is not None
    assert re.fullmatch(r"<[^@\s]+@[^@\s]+>", message["Message-ID"])
    assert message["List-Unsubscribe"].startswith(f"<{PUBLIC_URL}/unsubscribe/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text, html = parts(message)
    with mail_app.app_context():
        from challenge.models import Administration

        administration = db.session.scalar(select(Administration.name))
    assert f"{administration} ha scritto:\n\n> La valutiamo con gli uffici tecnici." in text
    assert "<blockquote" in html and "La valutiamo con gli uffici tecnici." in html


def test_never_turns_off_a_kind_emailed_by_default(mail_app, smtp_server):
    with mail_app.app_context():
        person = make_user(email="altra@example.it")
        db.session.add(EmailPreference(user_id=person.id, kind="response", frequency="never"))
        db.session.commit()
        staff = make_user(role="staff")
        solution = make_solution(make_challenge(staff.administration), author=person)
        respond(staff, solution, "accepted", "Accolta.")
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(OutboxEmail)) == 0


def test_a_comment_email_quotes_the_beginning_of_the_comment_and_names_its_author(mail_app, smtp_server):
    long_comment = "Propongo di partire dal quartiere Borgo Nuovo " + "con i volontari del comitato " * 20
    with mail_app.test_request_context():
        author = make_user(email="autrice@example.it")
        db.session.add(EmailPreference(user_id=author.id, kind="comment"))
        db.session.commit()
        add_comment(make_user(name="Marco Bianchi"), make_solution(author=author), long_comment)
        send_outbox()
    (message,) = smtp_server.mailbox.to("autrice@example.it")
    text, _html = parts(message)
    quoted = re.search(r"Marco Bianchi ha scritto:\n\n> (.+)\n", text)[1]
    assert quoted.startswith("Propongo di partire dal quartiere Borgo Nuovo") and quoted.endswith("…")
    assert len(quoted) <= 301


def test_the_html_part_fits_a_phone_and_wraps_long_links(mail_app, smtp_server):
    responded(mail_app, {"language": "en"})
    (message,) = smtp_server.mailbox.to("autrice@example.it")
    _text, html = parts(message)
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert "max-width: 600px" in html
    link = re.search(r'<a href="([^"]+/unsubscribe/[^"]+)" style="([^"]+)"', html)
    assert "word-break: break-all" in link[2] and "overflow-wrap: anywhere" in link[2]
    assert '<html lang="en">' in html and "wrote:" in parts(message)[0]


def test_the_preferences_form_stores_a_frequency_per_kind_and_refuses_an_unknown_one(app):
    client = app.test_client()
    with app.app_context():
        person = make_user()
        login(client, person)
    form = {
        "email_comment": "daily",
        "email_response": "never",
        "email_new_solution": "weekly",
        "email_moderation": "never",
        "email_award": "immediate",
        "email_results": "never",
        "email_milestone": "never",
    }
    assert client.post("/account/notifications", data=form).status_code == 303
    with app.app_context():
        stored = dict(db.session.execute(select(EmailPreference.kind, EmailPreference.frequency)).all())
    assert stored == {"comment": "daily", "response": "never", "new_solution": "weekly"}, "defaults are not stored"
    page = client.get("/account").get_data(as_text=True)
    assert re.search(r'<option selected value="daily">', page)
    response = client.post("/account/notifications", data=form | {"email_comment": "hourly"})
    assert response.status_code == 400
    assert 'id="email_comment-error"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(EmailPreference.frequency).where(EmailPreference.kind == "comment")) == "daily"


GENDERED = re.compile(r"\b(Benvenut[oa]|[Ss]ei stat[oa]|[Ss]ei invitat[oa]|ti sei registrat[oa]|avvisat[oa])\b")


def test_emails_and_notifications_do_not_assume_the_reader_is_male():
    sources = [*ROOT.glob("templates/email/*.txt"), *ROOT.glob("challenge/**/*.py")]
    found = [f"{path.name}: {match[0]}" for path in sources for match in GENDERED.finditer(path.read_text("utf-8"))]
    assert found == []


def test_an_account_email_unsubscribes_from_every_notification_and_not_to_a_strangers_address(mail_app, smtp_server):
    client = mail_app.test_client()
    with mail_app.app_context():
        person = make_user(email="anna@example.it")
        person_id = person.id
        login(client, person)
    client.post("/auth/password/forgot", data={"email": "anna@example.it"})
    client.post("/account/email", data={"email": "sconosciuta@example.it", "current": PASSWORD})
    with mail_app.app_context():
        send_outbox()
    (reset,) = smtp_server.mailbox.to("anna@example.it")
    (confirm,) = smtp_server.mailbox.to("sconosciuta@example.it")
    assert confirm["List-Unsubscribe"] is None, "the new address is not the account's until confirmed"
    assert reset["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = re.fullmatch(r"<(\S+)>", reset["List-Unsubscribe"])[1].removeprefix(PUBLIC_URL)
    assert mail_app.test_client().post(link).status_code == 200
    with mail_app.app_context():
        assert set(email_frequencies(db.session.get(User, person_id)).values()) == {"never"}
