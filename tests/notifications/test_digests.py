"""Daily and weekly digests: composed once per person and period, in the person's language, delivered by SMTP."""

from __future__ import annotations

import re
import threading
from datetime import UTC, date, datetime, time, timedelta
from time import monotonic, sleep

import pytest
from sqlalchemy import func, select

from challenge.comments.service import add_comment
from challenge.core.extensions import db
from challenge.models import EmailDigest, EmailPreference, Notification, OutboxEmail
from challenge.notifications.digests import compose_digests, period
from challenge.notifications.preferences import email_frequencies, unsubscribe
from challenge.notifications.service import send_outbox
from challenge.notifications.worker import run_worker
from challenge.text.clock import ROME, today
from tests.conftest import empty_tables
from tests.factories import make_solution, make_user

PUBLIC_URL = "https://sfide.example"
TODAY = date(2026, 12, 9)  # a Wednesday


@pytest.fixture
def mail_app(app_factory, smtp_server):
    app = app_factory(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.port, PUBLIC_URL=PUBLIC_URL)
    with app.app_context():
        empty_tables()
    return app


def at(day: date, hour: int) -> datetime:
    """A Rome wall-clock time as the naive UTC the columns store."""
    return datetime.combine(day, time(hour), ROME).astimezone(UTC).replace(tzinfo=None)


def notified(person, title: str, when: datetime, kind: str = "comment") -> None:
    solution = make_solution(author=person, title=title)
    db.session.add(Notification(user_id=person.id, kind=kind, title=title, solution_id=solution.id, created_at=when))


def daily_reader(**fields):
    person = make_user(email="lettrice@example.it", **fields)
    db.session.add(EmailPreference(user_id=person.id, kind="comment", frequency="daily"))
    db.session.commit()
    return person


def text_of(message) -> str:
    return message.get_body(("plain",)).get_content().replace("\r\n", "\n")


def test_periods_are_yesterday_and_last_monday_to_sunday():
    assert period("daily", TODAY) == (date(2026, 12, 8), TODAY)
    assert period("weekly", TODAY) == (date(2026, 11, 30), date(2026, 12, 7))
    assert period("weekly", date(2026, 12, 7)) == (date(2026, 11, 30), date(2026, 12, 7)), "a Monday"


def test_a_daily_digest_gathers_yesterday_in_rome_once(mail_app, smtp_server):
    with mail_app.app_context():
        person = daily_reader()
        notified(person, "Ieri mattina", at(date(2026, 12, 8), 9))
        notified(person, "Ieri a mezzanotte meno un quarto", datetime(2026, 12, 8, 22, 45))  # 23:45 in Rome
        notified(person, "Oggi a mezzanotte e mezza", datetime(2026, 12, 8, 23, 30))  # 00:30 in Rome, today
        notified(person, "Due giorni fa", at(date(2026, 12, 7), 12))
        db.session.commit()
        assert compose_digests(TODAY) == 1
        assert compose_digests(TODAY) == 0, "a repeated run composes nothing again"
        send_outbox()
    (message,) = smtp_server.mailbox.to("lettrice@example.it")
    assert message["Subject"] == "Sfide PA: Riepilogo delle notifiche: 8 dicembre 2026"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = text_of(message)
    assert "Ieri mattina" in text and "Ieri a mezzanotte meno un quarto" in text
    assert "Oggi a mezzanotte" not in text and "Due giorni fa" not in text
    assert re.search(rf"{PUBLIC_URL}/solutions/\d+\n", text), "each item links to its solution"


def test_a_weekly_digest_is_in_the_persons_language(mail_app, smtp_server):
    with mail_app.app_context():
        person = make_user(email="reader@example.it", language="en")
        db.session.add(EmailPreference(user_id=person.id, kind="new_solution", frequency="weekly"))
        notified(person, "Piste ciclabili", at(date(2026, 12, 2), 10), kind="new_solution")
        db.session.commit()
        assert compose_digests(TODAY) == 1
        send_outbox()
    (message,) = smtp_server.mailbox.to("reader@example.it")
    assert message["Subject"] == "Sfide PA: Notification digest: November 30, 2026 – December 6, 2026"
    assert "New solution on a challenge you follow: “Piste ciclabili”." in text_of(message)


def test_a_kind_in_a_digest_is_not_also_emailed_at_once(app_factory):
    app = app_factory(MAIL_SERVER="127.0.0.1", MAIL_PORT=1)
    with app.test_request_context():
        person = daily_reader()
        add_comment(make_user(), make_solution(author=person), "Un commento")
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(Notification)) == 1
        assert db.session.scalar(select(func.count()).select_from(OutboxEmail)) == 0


def test_the_digest_unsubscribe_link_turns_off_every_kind_in_that_digest(app):
    from challenge.notifications.preferences import unsubscribe_token

    with app.app_context():
        person = daily_reader()
        db.session.add(EmailPreference(user_id=person.id, kind="results", frequency="daily"))
        db.session.add(EmailPreference(user_id=person.id, kind="milestone", frequency="weekly"))
        db.session.commit()
        unsubscribe(unsubscribe_token(person, "daily"))
        chosen = email_frequencies(person)
    assert (chosen["comment"], chosen["results"], chosen["milestone"]) == ("never", "never", "weekly")
    assert chosen["response"] == "immediate", "a default kind stays as it was"


@pytest.mark.committed  # two workers, each in its own thread and transaction
def test_two_workers_compose_each_digest_once(app_factory, migrated_database):
    if not migrated_database.startswith("postgresql"):
        pytest.skip("concurrent writers are tested on PostgreSQL")
    app = app_factory(MAIL_SERVER="127.0.0.1", MAIL_PORT=1)
    with app.app_context():
        empty_tables()
        for number in range(10):
            person = make_user(email=f"persona{number}@example.it")
            db.session.add(EmailPreference(user_id=person.id, kind="comment", frequency="daily"))
            notified(person, "Ieri", at(date(2026, 12, 8), 12))
        db.session.commit()
    barrier, counts = threading.Barrier(2), []

    def work():
        with app.app_context():
            barrier.wait()
            counts.append(compose_digests(TODAY))
            db.session.remove()

    workers = [threading.Thread(target=work) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    with app.app_context():
        assert sum(counts) == 10
        assert db.session.scalar(select(func.count()).select_from(EmailDigest)) == 10
        assert db.session.scalar(select(func.count()).select_from(OutboxEmail)) == 10


@pytest.mark.committed  # the worker runs in its own thread
def test_outbox_work_composes_and_sends_the_digest_that_is_due(mail_app, smtp_server):
    with mail_app.app_context():
        person = daily_reader()
        notified(person, "Ieri a pranzo", at(today() - timedelta(days=1), 13))
        db.session.commit()
    stop = threading.Event()

    def work():
        with mail_app.app_context():
            run_worker(stop, interval=0.1)

    worker = threading.Thread(target=work)
    worker.start()
    try:
        deadline = monotonic() + 15
        while not smtp_server.mailbox.to("lettrice@example.it") and monotonic() < deadline:
            sleep(0.05)
    finally:
        stop.set()
        worker.join(10)
    (message,) = smtp_server.mailbox.to("lettrice@example.it")
    assert "Ieri a pranzo" in text_of(message)
