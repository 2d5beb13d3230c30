"""Meetings: who organises them, who sees them, registration with seats and a waiting list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

from flask_babel import gettext as _
from sqlalchemy import Select, and_, false, func, or_, select, update

from ..cache.entries import changes_at
from ..core.errors import PermissionDenied, ServiceError
from ..core.extensions import db
from ..core.permissions import can_manage, can_manage_for, refusal_to_write
from ..core.visibility import can_view_challenge
from ..models import Challenge, Lab, Meeting, MeetingRegistration, User
from ..text.clock import now_as_stored, rome_time, stored_from_rome
from .reminders import tell_moved_up


class MeetingError(ServiceError):
    """A meeting could not be saved, or a registration could not be taken."""


@dataclass(frozen=True)
class MeetingDetails:
    """What an organiser fills in; times are Italian wall-clock times, as the form gives them."""

    title: str
    starts_at: datetime
    ends_at: datetime
    place: str = ""
    address: str = ""
    online_url: str = ""
    seats: int | None = None
    body: str = ""
    registration: bool = True


def can_organise(user: User, host: Lab | Challenge) -> bool:
    """A lab's meetings: its coordinating administration's staff; a challenge's: its staff; admins for both."""
    if isinstance(host, Lab):
        return can_manage_for(user, host.coordinator_id)  # admins too, even for a lab without a coordinator
    return can_manage(user, host)


def host_of(meeting: Meeting) -> Lab | Challenge:
    host = meeting.lab or meeting.challenge
    assert host is not None  # the schema holds exactly one
    return host


def name_of(host: Lab | Challenge) -> str:
    return host.name if isinstance(host, Lab) else host.title


def can_edit(user: User, meeting: Meeting) -> bool:
    return can_organise(user, host_of(meeting))


def can_view(user: User, meeting: Meeting) -> bool:
    """A lab's meetings are public; a challenge's are seen by whoever may see the challenge."""
    return meeting.challenge is None or can_view_challenge(user, meeting.challenge)


def public_meetings() -> Select:
    """Meetings anyone may see: every lab's, and those of public challenges."""
    return (
        select(Meeting)
        .outerjoin(Challenge, Meeting.challenge_id == Challenge.id)
        .where(or_(Meeting.challenge_id.is_(None), Challenge.is_public))
    )


def list_meetings(lab: Lab | None = None, challenge: Challenge | None = None, when: str = "upcoming") -> Select:
    """Public meetings, upcoming ones soonest first or past ones latest first; for one lab or one challenge."""
    statement = public_meetings()
    if lab is not None:
        statement = statement.where(Meeting.lab_id == lab.id)
    if challenge is not None:
        statement = statement.where(Meeting.challenge_id == challenge.id)
    moment = now_as_stored()
    if when == "past":
        return statement.where(Meeting.ends_at <= moment).order_by(Meeting.starts_at.desc(), Meeting.id.desc())
    return statement.where(Meeting.ends_at > moment).order_by(Meeting.starts_at, Meeting.id)


def details_of(meeting: Meeting) -> MeetingDetails:
    """The meeting as its form shows it, in Italian time: the starting point of an edit."""
    return MeetingDetails(
        title=meeting.title,
        starts_at=rome_time(meeting.starts_at),
        ends_at=rome_time(meeting.ends_at),
        place=meeting.place,
        address=meeting.address,
        online_url=meeting.online_url,
        seats=meeting.seats,
        body=meeting.body,
        registration=meeting.registration,
    )


def _check(details: MeetingDetails) -> dict:
    title = details.title.strip()
    if not title:
        raise MeetingError(_("Il titolo è obbligatorio."), field="title")
    if details.ends_at <= details.starts_at:
        raise MeetingError(_("La fine dell'incontro deve venire dopo l'inizio."), field="ends_at")
    online_url = details.online_url.strip()
    if online_url and (urlsplit(online_url).scheme not in ("http", "https") or not urlsplit(online_url).netloc):
        raise MeetingError(_("Il link deve essere un indirizzo web che inizia con https://."), field="online_url")
    if not details.place.strip() and not online_url:
        raise MeetingError(_("Indica il luogo dell'incontro o il link per seguirlo online."), field="place")
    if details.seats is not None and details.seats < 1:
        raise MeetingError(_("I posti devono essere almeno 1; lascia vuoto per non porre un limite."), field="seats")
    return {
        "title": title,
        "starts_at": stored_from_rome(details.starts_at),
        "ends_at": stored_from_rome(details.ends_at),
        "place": details.place.strip(),
        "address": details.address.strip(),
        "online_url": online_url,
        "seats": details.seats,
        "body": details.body.strip(),
        "registration": details.registration,
    }


def create_meeting(actor: User, host: Lab | Challenge, details: MeetingDetails) -> Meeting:
    """A new meeting of a lab or a challenge, by its organisers."""
    if not can_organise(actor, host):
        raise PermissionDenied(_("Solo chi organizza gli incontri del laboratorio o della sfida può crearli."))
    meeting = Meeting(created_by_id=actor.id, **_check(details))
    if isinstance(host, Lab):
        meeting.lab_id = host.id
    else:
        meeting.challenge_id = host.id
    db.session.add(meeting)
    db.session.commit()
    return meeting


def edit_meeting(actor: User, meeting: Meeting, details: MeetingDetails) -> Meeting:
    """Change a meeting; more seats move people up from the waiting list."""
    if not can_edit(actor, meeting):
        raise PermissionDenied(_("Solo chi organizza gli incontri del laboratorio o della sfida può modificarli."))
    _lock(meeting)
    for name, value in _check(details).items():
        setattr(meeting, name, value)
    _move_up(meeting)
    db.session.commit()
    return meeting


def _lock(meeting: Meeting) -> None:
    """One registration change at a time per meeting: a row lock on PostgreSQL; on SQLite a write, which takes
    the database's one write lock until the commit."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(select(Meeting.id).where(Meeting.id == meeting.id).with_for_update())
    else:
        db.session.execute(update(Meeting).where(Meeting.id == meeting.id).values(id=Meeting.id))


def seated_count(meeting: Meeting) -> int:
    return (
        db.session.scalar(
            select(func.count())
            .select_from(MeetingRegistration)
            .where(MeetingRegistration.meeting_id == meeting.id, MeetingRegistration.waiting == false())
        )
        or 0
    )


def places_taken(meeting_ids: list[int]) -> dict[int, tuple[int, int]]:
    """(seats taken, people waiting) of each of these meetings, in one grouped query; absent: (0, 0)."""
    if not meeting_ids:
        return {}
    rows = db.session.execute(
        select(MeetingRegistration.meeting_id, MeetingRegistration.waiting, func.count())
        .where(MeetingRegistration.meeting_id.in_(meeting_ids))
        .group_by(MeetingRegistration.meeting_id, MeetingRegistration.waiting)
    )
    taken: dict[int, tuple[int, int]] = {}
    for meeting_id, waiting, count in rows:
        seated, queued = taken.get(meeting_id, (0, 0))
        taken[meeting_id] = (seated, count) if waiting else (count, queued)
    return taken


def _move_up(meeting: Meeting) -> None:
    """Give free seats to the waiting list, first come first served, and tell those who get one."""
    free = None if meeting.seats is None else meeting.seats - seated_count(meeting)
    waiting = select(MeetingRegistration).where(
        MeetingRegistration.meeting_id == meeting.id, MeetingRegistration.waiting.is_(True)
    )
    if free is not None:
        if free <= 0:
            return
        waiting = waiting.limit(free)
    moved = list(db.session.scalars(waiting.order_by(MeetingRegistration.id)))
    for registration in moved:
        registration.waiting = False
    db.session.flush()
    tell_moved_up(meeting, [registration.user_id for registration in moved])


def registration_of(user: User, meeting: Meeting) -> MeetingRegistration | None:
    if not user.is_authenticated:
        return None
    return db.session.scalar(
        select(MeetingRegistration).where(
            MeetingRegistration.meeting_id == meeting.id, MeetingRegistration.user_id == user.id
        )
    )


def is_over(meeting: Meeting) -> bool:
    return meeting.ends_at <= now_as_stored()


def register(user: User, meeting: Meeting) -> MeetingRegistration:
    """A seat if one is free, else a place at the end of the waiting list."""
    refusal = refusal_to_write(user)
    if refusal is not None:
        raise refusal
    if not meeting.registration or is_over(meeting):
        raise MeetingError(_("Le iscrizioni a questo incontro sono chiuse."))
    _lock(meeting)
    existing = registration_of(user, meeting)
    if existing is not None:
        return existing
    full = meeting.seats is not None and seated_count(meeting) >= meeting.seats
    registration = MeetingRegistration(meeting_id=meeting.id, user_id=user.id, waiting=full)
    db.session.add(registration)
    db.session.commit()
    return registration


def unregister(user: User, meeting: Meeting) -> None:
    """Give up one's seat (the first person waiting takes it) or one's place on the waiting list."""
    if not user.is_authenticated:
        raise PermissionDenied(_("Accedi per gestire le tue iscrizioni."))
    _leave(user, meeting)
    db.session.commit()


def _leave(user: User, meeting: Meeting) -> None:
    _lock(meeting)
    registration = registration_of(user, meeting)
    if registration is not None:
        db.session.delete(registration)
        db.session.flush()
        _move_up(meeting)


def give_up_places(user: User) -> None:
    """When an account is erased, its places at meetings still to come move the waiting lists up (the caller
    commits, with the rest of the erasure)."""
    coming = (
        select(Meeting)
        .join(MeetingRegistration, MeetingRegistration.meeting_id == Meeting.id)
        .where(MeetingRegistration.user_id == user.id, Meeting.ends_at > now_as_stored())
    )
    for meeting in list(db.session.scalars(coming)):
        _leave(user, meeting)


def registrations(meeting: Meeting) -> list[MeetingRegistration]:
    """Seats first, then the waiting list, each in the order people registered."""
    return list(
        db.session.scalars(
            select(MeetingRegistration)
            .where(MeetingRegistration.meeting_id == meeting.id)
            .order_by(MeetingRegistration.waiting, MeetingRegistration.id)
        )
    )


def waiting_position(registration: MeetingRegistration) -> int:
    """1 for the first person waiting."""
    return (
        db.session.scalar(
            select(func.count())
            .select_from(MeetingRegistration)
            .where(
                and_(
                    MeetingRegistration.meeting_id == registration.meeting_id,
                    MeetingRegistration.waiting.is_(True),
                    MeetingRegistration.id <= registration.id,
                )
            )
        )
        or 0
    )


def upcoming_of(host: Lab | Challenge, limit: int = 3) -> list[Meeting]:
    """The next few meetings of a lab or a challenge, for its page, which changes when the first one ends."""
    lab, challenge = (host, None) if isinstance(host, Lab) else (None, host)
    meetings = list(db.session.scalars(list_meetings(lab, challenge).limit(limit)))
    if meetings:
        changes_at(min(meeting.ends_at for meeting in meetings).replace(tzinfo=UTC))
    return meetings


def personal_data(user: User) -> dict[str, list[dict]]:
    """The person's registrations and the meetings they created, for the export of their data."""
    registrations = db.session.execute(
        select(MeetingRegistration, Meeting.title)
        .join(Meeting)
        .where(MeetingRegistration.user_id == user.id)
        .order_by(MeetingRegistration.id)
    )
    created = db.session.execute(
        select(Meeting.id, Meeting.title).where(Meeting.created_by_id == user.id).order_by(Meeting.id)
    )
    return {
        "meeting_registrations": [
            {
                "meeting_id": r.meeting_id,
                "title": title,
                "waiting_list": r.waiting,
                "since": r.created_at.isoformat() + "Z",
                "reminded_at": r.reminded_at.isoformat() + "Z" if r.reminded_at else None,
            }
            for r, title in registrations
        ],
        "meetings_created": [{"id": meeting_id, "title": title} for meeting_id, title in created],
    }
