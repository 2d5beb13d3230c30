"""The reminder of the day before: to people with a seat who want it, once, in their language, by real SMTP."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from challenge.account.forms import frequency_choices
from challenge.core.extensions import db
from challenge.meetings import service
from challenge.meetings.reminders import queue_reminders
from challenge.models import EmailPreference, Meeting, MeetingRegistration, OutboxEmail, User
from challenge.notifications.service import send_outbox
from challenge.text.clock import ROME
from tests.factories import make_meeting, make_user

PUBLIC_URL = "https://sfide.example"
DAY = date(2027, 3, 15)  # a Monday, in winter time (UTC+1)


@pytest.fixture
def mail_app(app_factory, smtp_server):
    return app_factory(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.port, PUBLIC_URL=PUBLIC_URL)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """A Rome wall-clock time as the naive UTC the columns store."""
    return datetime.combine(day, time(hour, minute), ROME).astimezone(UTC).replace(tzinfo=None)


def workshop(**fields) -> Meeting:
    """A workshop on DAY at 17:30 Rome time, two hours, with a place and an online link."""
    meeting = make_meeting(title="Tavolo sulla mobilità", online_url="https://meet.example.it/tavolo", **fields)
    meeting.starts_at, meeting.ends_at = at(DAY, 17, 30), at(DAY, 19, 30)
    db.session.commit()
    return meeting


def text_of(message) -> str:
    return message.get_body(("plain",)).get_content().replace("\r\n", "\n")


def outbox_count() -> int:
    return db.session.scalar(select(func.count()).select_from(OutboxEmail)) or 0


def test_people_with_a_seat_get_one_reminder_the_day_before_in_their_language(mail_app, smtp_server):
    with mail_app.app_context():
        meeting = workshop(seats=2)
        italian = make_user(email="chiara@example.it")
        english = make_user(email="john@example.org", language="en")
        waiting = make_user(email="attesa@example.it")
        for person in (italian, english, waiting):
            service.register(person, meeting)
        assert queue_reminders(at(DAY - timedelta(days=1), 8, 59)) == 0, "before 9:00 the day before"
        assert queue_reminders(at(DAY - timedelta(days=1), 9)) == 2
        assert queue_reminders(at(DAY - timedelta(days=1), 9, 1)) == 0, "a second run sends nothing more"
        assert send_outbox() == (2, 0)
        meeting_id = meeting.id
    assert smtp_server.mailbox.to("attesa@example.it") == []
    (italian_mail,) = smtp_server.mailbox.to("chiara@example.it")
    (english_mail,) = smtp_server.mailbox.to("john@example.org")
    assert italian_mail["Subject"] == "Sfide PA: Promemoria: domani «Tavolo sulla mobilità»"
    body = text_of(italian_mail)
    assert "Quando: lunedì 15 marzo 2027, 17:30 – 19:30 (ora italiana)." in body
    assert "Dove: Sala consiliare, Piazza Grande 1, Modena." in body
    assert "https://meet.example.it/tavolo" in body
    assert f"{PUBLIC_URL}/meetings/{meeting_id}.ics" in body and f"{PUBLIC_URL}/meetings/{meeting_id}\n" in body
    assert italian_mail["List-Unsubscribe"].startswith(f"<{PUBLIC_URL}/unsubscribe/")
    english_body = text_of(english_mail)
    assert english_mail["Subject"] == "Sfide PA: Reminder: “Tavolo sulla mobilità” is tomorrow"
    assert "When: Monday, March 15, 2027, 5:30" in english_body and "(Italian time)" in english_body


def test_no_reminder_for_never_past_late_or_erased_and_one_for_whoever_moved_up(mail_app):
    with mail_app.app_context():
        meeting = workshop(seats=1)
        leaving, moved_up = make_user(email="lascia@example.it"), make_user(email="sale@example.it")
        never = make_user(email="mai@example.it")
        db.session.add(EmailPreference(user_id=never.id, kind="meeting", frequency="never"))
        service.register(leaving, meeting)
        service.register(moved_up, meeting)
        meeting.seats = 2
        db.session.commit()
        service.register(never, meeting)
        service.unregister(leaving, meeting)  # moved_up takes the seat, registered before the reminder time
        late = make_user(email="tardi@example.it")
        service.register(late, meeting)
        db.session.execute(
            MeetingRegistration.__table__.update()
            .where(MeetingRegistration.user_id == late.id)
            .values(created_at=at(DAY - timedelta(days=1), 20))
        )
        db.session.commit()
        assert queue_reminders(at(DAY - timedelta(days=1), 21)) == 1
        reminders = select(OutboxEmail.recipient).where(OutboxEmail.subject.startswith("Sfide PA: Promemoria"))
        assert db.session.scalars(reminders).all() == ["sale@example.it"]
        assert queue_reminders(at(DAY, 18)) == 0, "nothing once the meeting has started"


def test_the_outbox_command_queues_and_sends_the_reminders_that_are_due(mail_app, smtp_server, monkeypatch):
    with mail_app.app_context():
        meeting = make_meeting(starts_in=timedelta(hours=20), title="Incontro di domani")
        registration = service.register(make_user(email="domani@example.it"), meeting)
        registration.created_at -= timedelta(days=2)  # registered before the reminder time
        db.session.commit()
        # However late in the day the test runs, the reminder time of a meeting 20 hours away has passed.
        mail_app.config["MEETING_REMINDER_HOUR"] = 0
        result = mail_app.test_cli_runner().invoke(args=["outbox", "send"])
        assert result.exit_code == 0 and "1 digests and reminders composed, 1 sent" in result.output
        again = mail_app.test_cli_runner().invoke(args=["outbox", "send"])
        assert "0 digests and reminders composed, 0 sent" in again.output
    assert len(smtp_server.mailbox.to("domani@example.it")) == 1


def test_erased_accounts_get_no_reminder(mail_app):
    with mail_app.app_context():
        meeting = workshop()
        person = make_user(email="via@example.it")
        service.register(person, meeting)
        db.session.get(User, person.id).deleted_at = at(DAY - timedelta(days=5), 9)
        db.session.commit()
        assert queue_reminders(at(DAY - timedelta(days=1), 10)) == 0 and outbox_count() == 0


def test_reminders_are_chosen_at_once_or_never_not_in_a_digest(app):
    with app.app_context():
        assert [code for code, _ in frequency_choices("meeting")] == ["immediate", "never"]
        assert "daily" in [code for code, _ in frequency_choices("comment")]


def test_whoever_moves_up_from_the_waiting_list_is_told_by_email_unless_they_said_never(mail_app, smtp_server):
    with mail_app.app_context():
        meeting = workshop(seats=1)
        first, second = make_user(email="prima@example.it"), make_user(email="seconda@example.it", language="en")
        third = make_user(email="terza@example.it")
        db.session.add(EmailPreference(user_id=third.id, kind="meeting", frequency="never"))
        for person in (first, second, third):
            service.register(person, meeting)
        assert outbox_count() == 0, "a seat or a place in the queue is shown on the page, not emailed"
        service.unregister(first, meeting)
        more_seats = replace(service.details_of(meeting), seats=3)
        service.edit_meeting(make_user(role="admin"), meeting, more_seats)  # the third moves up, and asked for no email
        assert send_outbox() == (1, 0)
    (message,) = smtp_server.mailbox.messages
    assert message["To"] == "seconda@example.it"
    assert message["Subject"] == "Sfide PA: A seat has come free for you: “Tavolo sulla mobilità”"
    body = text_of(message)
    assert (
        "you were on the waiting list, and the seat is now yours" in body and "https://meet.example.it/tavolo" in body
    )
