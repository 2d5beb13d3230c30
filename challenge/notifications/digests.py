"""Daily and weekly digests: one email per person and period with the notifications of the kinds
they chose to receive that way, composed once even when several workers run."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from itertools import groupby

from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError

from ..core.extensions import db
from ..models import DIGEST_FREQUENCIES, NOTIFICATION_KINDS, EmailDigest, Notification, User
from ..text.clock import ROME, today
from .mail import language_of, link_building, render_email_in, unsubscribe_url
from .preferences import frequency_of_kind, unsubscribe_token
from .service import queue_email, sentence


def period(frequency: str, day: date) -> tuple[date, date]:
    """The last complete period before `day` (Rome): yesterday, or last week from Monday to Sunday."""
    if frequency == "daily":
        return day - timedelta(days=1), day
    start = day - timedelta(days=day.weekday() + 7)
    return start, start + timedelta(days=7)


def _utc(day: date) -> datetime:
    """Midnight at the start of `day` in Rome, as the naive UTC time the columns store."""
    return datetime.combine(day, time(), ROME).astimezone(UTC).replace(tzinfo=None)


def _in_digest(user_id, frequency: str, start: date, end: date):
    return (
        (Notification.user_id == user_id)
        & (Notification.created_at >= _utc(start))
        & (Notification.created_at < _utc(end))
        & (frequency_of_kind(Notification.kind, Notification.user_id) == frequency)
    )


def _due(frequency: str, start: date, end: date) -> list[int]:
    """Ids of the people with something for this digest and no digest of this period yet."""
    sent = exists().where(
        EmailDigest.user_id == User.id, EmailDigest.frequency == frequency, EmailDigest.period_start == start
    )
    something = exists().where(_in_digest(User.id, frequency, start, end))
    return list(
        db.session.scalars(
            select(User.id)
            .where(User.deleted_at.is_(None), User.email.is_not(None), something, ~sent)
            .order_by(User.id)
        )
    )


def _compose(user: User, frequency: str, start: date, end: date) -> None:
    if not user.email:  # erased since _due looked
        return
    items = list(
        db.session.scalars(
            select(Notification)
            .where(_in_digest(user.id, frequency, start, end))
            .order_by(Notification.kind, Notification.created_at, Notification.id)
        )
    )
    groups = [(NOTIFICATION_KINDS[kind], list(rows)) for kind, rows in groupby(items, key=lambda row: row.kind)]
    with force_locale(language_of(user)):
        if frequency == "daily":
            subject = _("Riepilogo delle notifiche: %(date)s", date=format_date(start, "long"))
        else:
            # A dash, not "dal ... al ...": Italian would need "dall'1" or "dall'8" before some numbers.
            subject = _(
                "Riepilogo delle notifiche: %(start)s – %(end)s",
                start=format_date(start, "long"),
                end=format_date(end - timedelta(days=1), "long"),
            )
    with link_building():
        link = unsubscribe_url(unsubscribe_token(user, frequency))
    queue_email(
        user.email,
        *render_email_in(
            language_of(user),
            "digest",
            subject,
            user=user,
            frequency=frequency,
            groups=groups,
            sentence=sentence,
            unsubscribe=link,
        ),
        unsubscribe_url=link,
    )


def compose_digests(day: date | None = None) -> int:
    """Queue the digests of the last complete day and week that are due; returns how many were queued.

    The unique key of `email_digests` decides which worker composes each one: the other's insert fails."""
    day = day or today()
    queued = 0
    for frequency in DIGEST_FREQUENCIES:
        start, end = period(frequency, day)
        for user_id in _due(frequency, start, end):
            db.session.add(EmailDigest(user_id=user_id, frequency=frequency, period_start=start))
            try:
                db.session.flush()
            except IntegrityError:
                db.session.rollback()  # another worker has it
                continue
            _compose(db.session.get_one(User, user_id), frequency, start, end)
            db.session.commit()
            queued += 1
    return queued
