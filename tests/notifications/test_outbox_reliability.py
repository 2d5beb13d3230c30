"""The outbox under faults: retries that start in seconds, a log line per attempt without the address,
and one Message-ID per message on every attempt, so a duplicate after a crash can be dropped."""

from __future__ import annotations

import logging
from datetime import timedelta
from email.utils import parsedate_to_datetime

import pytest
from sqlalchemy import select, update

from challenge.core.extensions import db
from challenge.models import OutboxEmail, utcnow
from challenge.notifications import service as notifications
from challenge.notifications.service import send_outbox
from tests.conftest import empty_tables


@pytest.fixture
def mail_app(app_factory, smtp_server):
    app = app_factory(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.port)
    with app.app_context():
        empty_tables()
    return app


def queue(app, recipient: str = "anna@comune-piccolo.it") -> None:
    with app.app_context():
        notifications.queue_email(recipient, "Sfide PA: prova", "Testo di prova")
        db.session.commit()


def outbox_row(app) -> OutboxEmail:
    with app.app_context():
        message = db.session.scalar(select(OutboxEmail))
        db.session.expunge(message)
        return message


def fail_once(app) -> timedelta:
    """Try the message while the server is down; how long it must now wait."""
    with app.app_context():
        assert send_outbox() == (0, 1)
    message = outbox_row(app)
    with app.app_context():  # due again at once, to measure the next wait
        db.session.execute(update(OutboxEmail).values(next_attempt_at=utcnow()))
        db.session.commit()
    return message.next_attempt_at - utcnow()


def test_retries_start_after_seconds_double_and_stop_growing_at_the_cap(app_factory, smtp_server):
    app = app_factory(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.port, OUTBOX_RETRY_FIRST=10, OUTBOX_RETRY_MAX=35)
    with app.app_context():
        empty_tables()
    queue(app)
    smtp_server.stop()
    waits = [round(fail_once(app).total_seconds()) for _ in range(4)]
    assert waits == [10, 20, 35, 35]


def test_every_attempt_logs_one_line_with_the_message_but_not_the_address(mail_app, smtp_server, caplog):
    queue(mail_app)
    smtp_server.stop()
    with caplog.at_level(logging.INFO, logger="sfide.outbox"):
        fail_once(mail_app)
        smtp_server.start()
        with mail_app.app_context():
            assert send_outbox() == (1, 0)
    message = outbox_row(mail_app)
    lines = [record.getMessage() for record in caplog.records if record.name == "sfide.outbox"]
    assert len(lines) == 2
    assert "failed (attempt 1, next in 15 s): ConnectionRefusedError" in lines[0]
    assert "sent to domain#" in lines[1]
    for line in lines:
        assert message.message_id in line
        assert "anna" not in line and "comune-piccolo" not in line


def test_a_message_sent_again_keeps_its_message_id_and_date(mail_app, smtp_server):
    """A worker stopped after the server's 250, before its commit, sends the message again: the copy is the same."""
    queue(mail_app)
    with mail_app.app_context():
        message = db.session.scalar(select(OutboxEmail))
        notifications._deliver(message)  # the first worker's send, whose commit never happened
    with mail_app.app_context():
        assert send_outbox() == (1, 0)  # the next worker finds it still due
    first, second = smtp_server.mailbox.messages
    stored = outbox_row(mail_app)
    assert first["Message-ID"] == second["Message-ID"] == stored.message_id
    assert stored.message_id.startswith("<") and stored.message_id.endswith("@sfide.example>")
    assert first["Date"] == second["Date"]
    assert abs(parsedate_to_datetime(first["Date"]).replace(tzinfo=None) - stored.created_at) < timedelta(seconds=1)
