"""Email to people with a seat at a meeting, through the outbox: the reminder of the day before, and the news
that a seat has come free for someone on the waiting list."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from flask import current_app
from flask_babel import force_locale, format_date, format_time
from flask_babel import gettext as _
from sqlalchemy import false, select, update
from sqlalchemy.orm import joinedload

from ..core.extensions import db
from ..models import Meeting, MeetingRegistration, User
from ..notifications.mail import language_of, link_building, render_email, unsubscribe_url
from ..notifications.preferences import frequency_of_kind, unsubscribe_token
from ..notifications.service import queue_email
from ..text.clock import now_as_stored, rome_time, stored_from_rome
from ..web.templating import when

KIND = "meeting"  # the notification kind whose email preference governs reminders


def reminder_moment(meeting: Meeting) -> datetime:
    """From when its reminder goes out: the day before the meeting, Italian time, at MEETING_REMINDER_HOUR."""
    day_before = rome_time(meeting.starts_at).date() - timedelta(days=1)
    return stored_from_rome(datetime.combine(day_before, time(current_app.config["MEETING_REMINDER_HOUR"])))


def _due(moment: datetime) -> list[MeetingRegistration]:
    """Seats not reminded yet at meetings still to come whose reminder time has passed, for people who want it.

    Someone who took their seat after that time has just seen the meeting's page and gets none; someone moved
    up from the waiting list keeps the time they first registered, and does."""
    # No reminder time lies more than two days before its meeting's start.
    candidates = db.session.scalars(
        select(MeetingRegistration)
        .join(Meeting, Meeting.id == MeetingRegistration.meeting_id)
        .join(User, User.id == MeetingRegistration.user_id)
        .where(
            MeetingRegistration.waiting == false(),
            MeetingRegistration.reminded_at.is_(None),
            Meeting.starts_at > moment,
            Meeting.starts_at <= moment + timedelta(days=2),
            User.deleted_at.is_(None),
            User.email.is_not(None),
            frequency_of_kind(KIND, User.id) != "never",
        )
        .options(joinedload(MeetingRegistration.meeting), joinedload(MeetingRegistration.user))
        .order_by(MeetingRegistration.id)
    )
    due = []
    for registration in candidates:
        starts = reminder_moment(registration.meeting)
        if starts <= moment and registration.created_at < starts:
            due.append(registration)
    return due


def _claim(registration: MeetingRegistration, moment: datetime) -> bool:
    """Mark the reminder sent; False when another worker did first (the row lock decides on PostgreSQL)."""
    claimed = db.session.execute(
        update(MeetingRegistration)
        .where(MeetingRegistration.id == registration.id, MeetingRegistration.reminded_at.is_(None))
        .values(reminded_at=moment)
        .execution_options(synchronize_session=False)
    )
    return claimed.rowcount == 1  # type: ignore[attr-defined]


def when_in_italy(meeting: Meeting) -> str:
    """ "Thursday 15 March 2027, 17:30 – 19:30" in Italian time, in the current language."""
    start, end = meeting.starts_at, meeting.ends_at
    until = format_time(end, "short") if rome_time(start).date() == rome_time(end).date() else when(end)
    return f"{format_date(start, 'full')}, {format_time(start, 'short')} – {until}"


def _compose(user: User, meeting: Meeting, template: str) -> None:
    """Queue `email/<template>.txt` about the meeting, in the person's language."""
    with link_building(), force_locale(language_of(user)):
        if template == "meeting_reminder":
            subject = _("Promemoria: domani «%(title)s»", title=meeting.title)
        else:
            subject = _("Si è liberato un posto per te: «%(title)s»", title=meeting.title)
        moment = when_in_italy(meeting)
        unsubscribe = unsubscribe_url(unsubscribe_token(user, KIND))
    rendered = render_email(user, template, subject, meeting=meeting, when=moment, unsubscribe=unsubscribe)
    queue_email(user.email or "", *rendered, unsubscribe_url=unsubscribe)


def tell_moved_up(meeting: Meeting, user_ids: list[int]) -> None:
    """Tell the people just moved up from the waiting list that they have a seat (the caller commits)."""
    if not user_ids or meeting.starts_at <= now_as_stored():
        return
    people = db.session.scalars(
        select(User).where(
            User.id.in_(user_ids),
            User.deleted_at.is_(None),
            User.email.is_not(None),
            frequency_of_kind(KIND, User.id) != "never",
        )
    )
    for user in people:
        _compose(user, meeting, "meeting_seat")


def queue_reminders(moment: datetime | None = None) -> int:
    """Queue the reminders that are due, each once even with several workers; returns how many were queued."""
    moment = moment or now_as_stored()
    queued = 0
    for registration in _due(moment):
        if _claim(registration, moment):
            _compose(registration.user, registration.meeting, "meeting_reminder")
            queued += 1
        db.session.commit()
    return queued
