"""Email that arrives: the outbox delivers to a real SMTP server (aiosmtpd) and we read what it received."""

from __future__ import annotations

import re
import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from challenge.comments.service import add_comment
from challenge.core.extensions import db
from challenge.models import EmailPreference, OutboxEmail, User, utcnow
from challenge.notifications import service as notifications
from challenge.notifications.service import send_outbox
from challenge.notifications.worker import run_worker
from tests.conftest import empty_tables
from tests.factories import PASSWORD, login, make_solution, make_user

PUBLIC_URL = "https://sfide.example"
REGISTRATION = {
    "email": "anna@example.it",
    "name": "Anna Neri",
    "password": "orto-urbano-2026",
    "confirm": "orto-urbano-2026",
    "accept_terms": "y",
}


@pytest.fixture
def mail_app(app_factory, smtp_server):
    app = app_factory(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.port, PUBLIC_URL=PUBLIC_URL, WTF_CSRF_ENABLED=True)
    with app.app_context():
        empty_tables()
    return app


def deliver(app) -> tuple[int, int]:
    with app.app_context():
        return send_outbox()


def parts(message):
    """(text, html) of a received multipart message."""
    return message.get_body(("plain",)).get_content(), message.get_body(("html",)).get_content()


def local_link(message, path: str) -> str:
    """The path of the absolute link in the text part that starts with `path`."""
    text, _ = parts(message)
    match = re.search(re.escape(PUBLIC_URL) + "(" + re.escape(path) + r"\S+)", text)
    assert match, text
    return match.group(1)


def csrf_token(client, path: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get(path).get_data(as_text=True))[1]


def register(app, client) -> None:
    data = REGISTRATION | {"csrf_token": csrf_token(client, "/auth/register")}
    assert client.post("/auth/register", data=data).status_code == 303


def test_verification_email_is_multipart_with_an_absolute_link_that_verifies(mail_app, smtp_server):
    client = mail_app.test_client()
    register(mail_app, client)
    assert deliver(mail_app) == (1, 0)
    (message,) = smtp_server.mailbox.to("anna@example.it")
    assert message["Subject"] == "Sfide PA: Conferma il tuo indirizzo email"
    assert message.get_content_type() == "multipart/alternative"
    _text, html = parts(message)
    link = local_link(message, "/auth/verify/")
    assert f'href="{PUBLIC_URL}{link}"' in html and '<html lang="it">' in html
    assert message["List-Unsubscribe"].startswith(f"<{PUBLIC_URL}/unsubscribe/"), "every email can be unsubscribed"
    client.post(link, data={"csrf_token": csrf_token(client, link)})
    with mail_app.app_context():
        assert db.session.scalar(select(User)).is_verified


def test_reset_email_arrives_and_its_link_sets_the_password(mail_app, smtp_server):
    with mail_app.app_context():
        make_user(email="anna@example.it", language="en")
    client = mail_app.test_client()
    client.post(
        "/auth/password/forgot",
        data={"email": "anna@example.it", "csrf_token": csrf_token(client, "/auth/password/forgot")},
    )
    deliver(mail_app)
    (message,) = smtp_server.mailbox.to("anna@example.it")
    assert message["Subject"] == "Sfide PA: Reset your password", "in the recipient's language"
    assert '<html lang="en">' in parts(message)[1]
    link = local_link(message, "/auth/password/reset/")
    new = {
        "password": "nuova-password-sicura",
        "confirm": "nuova-password-sicura",
        "csrf_token": csrf_token(client, link),
    }
    assert client.post(link, data=new).status_code == 303


def test_email_change_sends_the_link_to_the_new_address_and_tells_the_old(mail_app, smtp_server):
    client = mail_app.test_client()
    with mail_app.app_context():
        login(client, make_user(email="anna@example.it"))
    token = csrf_token(client, "/account")
    client.post("/account/email", data={"email": "anna@nuova.example", "current": PASSWORD, "csrf_token": token})
    deliver(mail_app)
    (confirm,) = smtp_server.mailbox.to("anna@nuova.example")
    link = local_link(confirm, "/auth/verify/")
    client.post(link, data={"csrf_token": csrf_token(client, link)})
    deliver(mail_app)
    (told,) = smtp_server.mailbox.to("anna@example.it")
    assert "anna@nuova.example" in parts(told)[0]


def comment_notification(app) -> int:
    """An author who wants comment emails gets a comment; returns the author's id."""
    with app.test_request_context():
        author = make_user(email="autrice@example.it")
        db.session.add(EmailPreference(user_id=author.id, kind="comment"))
        db.session.commit()
        add_comment(make_user(), make_solution(author=author), "Bella idea")
        return author.id


def test_notifications_carry_one_click_unsubscribe_headers_that_work_without_csrf(mail_app, smtp_server):
    author_id = comment_notification(mail_app)
    deliver(mail_app)
    (message,) = smtp_server.mailbox.to("autrice@example.it")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = re.fullmatch(r"<(\S+)>", message["List-Unsubscribe"])[1]
    assert url.startswith(f"{PUBLIC_URL}/unsubscribe/")
    text, html = parts(message)
    assert url in text and f'href="{url}"' in html
    client = mail_app.test_client()
    assert client.get(url.removeprefix(PUBLIC_URL)).status_code == 200
    with mail_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(EmailPreference)) == 1, (
            "opening the page changes nothing"
        )
    # What a mail client does (RFC 8058): a bare POST, no cookie, no CSRF token.
    response = client.post(url.removeprefix(PUBLIC_URL), data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    with mail_app.app_context():
        assert (
            db.session.scalar(
                select(func.count()).select_from(EmailPreference).where(EmailPreference.user_id == author_id)
            )
            == 0
        )


def test_a_forged_unsubscribe_token_changes_nothing(mail_app, smtp_server):
    comment_notification(mail_app)
    assert mail_app.test_client().post("/unsubscribe/non-valido").status_code == 400
    with mail_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(EmailPreference)) == 1


def queue(app, *recipients: str) -> None:
    with app.app_context():
        for recipient in recipients:
            notifications.queue_email(recipient, "Sfide PA: prova", "Testo di prova")
        db.session.commit()


def test_a_refused_recipient_is_recorded_and_the_others_still_go(mail_app, smtp_server):
    smtp_server.mailbox.refused.add("rifiuta@example.it")
    queue(mail_app, "rifiuta@example.it", "accetta@example.it")
    assert deliver(mail_app) == (1, 1)
    assert [m["To"] for m in smtp_server.mailbox.messages] == ["accetta@example.it"]
    with mail_app.app_context():
        refused = db.session.scalar(select(OutboxEmail).where(OutboxEmail.recipient == "rifiuta@example.it"))
        assert refused.sent_at is None and refused.attempts == 1 and "550" in refused.last_error
        assert refused.next_attempt_at > utcnow()


def test_a_server_down_then_up_gets_the_message_on_the_retry(mail_app, smtp_server):
    queue(mail_app, "anna@example.it")
    smtp_server.stop()
    assert deliver(mail_app) == (0, 1)
    smtp_server.start()
    assert deliver(mail_app) == (0, 0), "not before its backoff"
    with mail_app.app_context():
        db.session.execute(update(OutboxEmail).values(next_attempt_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()
    assert deliver(mail_app) == (1, 0)
    assert len(smtp_server.mailbox.to("anna@example.it")) == 1


def wait_for(condition, seconds: float = 15) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


@pytest.mark.committed  # workers run in their own threads
def test_the_worker_delivers_what_is_queued_while_it_runs(mail_app, smtp_server):
    stop = threading.Event()

    def work():
        with mail_app.app_context():
            run_worker(stop, interval=0.1)

    worker = threading.Thread(target=work)
    worker.start()
    try:
        queue(mail_app, "prima@example.it")
        assert wait_for(lambda: smtp_server.mailbox.to("prima@example.it"))
        queue(mail_app, "seconda@example.it")
        assert wait_for(lambda: smtp_server.mailbox.to("seconda@example.it"))
    finally:
        stop.set()
        worker.join(10)
    assert not worker.is_alive(), "the worker stops when told"


@pytest.mark.committed  # workers run in their own threads
def test_two_workers_at_once_never_send_a_message_twice(app_factory, smtp_server, migrated_database):
    if not migrated_database.startswith("postgresql"):
        pytest.skip("row locks (FOR UPDATE SKIP LOCKED) are tested on PostgreSQL")
    app = app_factory(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.port)
    with app.app_context():
        empty_tables()
    recipients = [f"persona{n}@example.it" for n in range(40)]
    queue(app, *recipients)
    barrier = threading.Barrier(2)
    counts = []

    def work():
        with app.app_context():
            barrier.wait()
            counts.append(send_outbox(limit=100))

    workers = [threading.Thread(target=work) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert sorted(m["To"] for m in smtp_server.mailbox.messages) == sorted(recipients)
    assert sum(sent for sent, _ in counts) == 40
    assert all(sent > 0 for sent, _ in counts), f"both workers took a share: {counts}"
