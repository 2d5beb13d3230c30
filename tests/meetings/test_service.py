"""meetings.service: who organises, seats and the waiting list (also under concurrency), times in Italian time."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from challenge.account.data_rights import delete_account
from challenge.core.errors import PermissionDenied
from challenge.core.extensions import db
from challenge.meetings import service
from challenge.models import Meeting, MeetingRegistration, User
from tests.factories import PASSWORD, make_administration, make_challenge, make_lab, make_meeting, make_user


def details(**fields) -> service.MeetingDetails:
    values = dict(
        title="Giuria in seduta pubblica",
        starts_at=datetime(2027, 7, 1, 17, 30),
        ends_at=datetime(2027, 7, 1, 19, 0),
        place="Sala del consiglio",
        seats=20,
    )
    values.update(fields)
    return service.MeetingDetails(**values)


def seats_and_waiting(meeting: Meeting) -> tuple[list[int], list[int]]:
    rows = service.registrations(meeting)
    return [r.user_id for r in rows if not r.waiting], [r.user_id for r in rows if r.waiting]


def test_times_entered_in_italy_are_stored_in_utc_summer_and_winter(app):
    with app.app_context():
        owner = make_administration()
        staff = make_user(role="staff", administration=owner)
        lab = make_lab(owner)
        summer = service.create_meeting(staff, lab, details())
        winter = service.create_meeting(
            staff, lab, details(starts_at=datetime(2027, 1, 15, 9, 0), ends_at=datetime(2027, 1, 15, 11, 0))
        )
        assert (summer.starts_at, summer.ends_at) == (datetime(2027, 7, 1, 15, 30), datetime(2027, 7, 1, 17, 0))
        assert winter.starts_at == datetime(2027, 1, 15, 8, 0)
        assert service.details_of(summer).starts_at == datetime(2027, 7, 1, 17, 30)


def test_organisers_are_the_coordinators_staff_the_challenges_staff_and_admins(app):
    with app.app_context():
        owner = make_administration()
        lab, challenge = make_lab(owner), make_challenge(owner)
        other_lab = make_lab()
        staff, admin = make_user(role="staff", administration=owner), make_user(role="admin")
        assert service.can_organise(staff, lab) and service.can_organise(staff, challenge)
        assert service.can_organise(admin, other_lab)
        assert not service.can_organise(staff, other_lab)
        assert not service.can_organise(make_user(), lab)
        with pytest.raises(PermissionDenied):
            service.create_meeting(staff, other_lab, details())
        assert db.session.scalar(select(func.count()).select_from(Meeting)) == 0


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"ends_at": datetime(2027, 7, 1, 17, 30)}, "ends_at"),
        ({"online_url": "javascript:alert(1)"}, "online_url"),
        ({"place": "", "online_url": ""}, "place"),
        ({"seats": 0}, "seats"),
        ({"title": "  "}, "title"),
    ],
)
def test_bad_details_are_refused_on_their_field(app, fields, field):
    with app.app_context():
        admin, lab = make_user(role="admin"), make_lab()
        with pytest.raises(service.MeetingError) as refusal:
            service.create_meeting(admin, lab, details(**fields))
        assert refusal.value.field == field


def test_seats_then_a_waiting_list_moved_up_in_order(app):
    with app.app_context():
        meeting = make_meeting(seats=2)
        first, second, third, fourth = (make_user() for _ in range(4))
        for person in (first, second, third, fourth):
            service.register(person, meeting)
        assert seats_and_waiting(meeting) == ([first.id, second.id], [third.id, fourth.id])
        waiting = service.registration_of(fourth, meeting)
        assert waiting is not None and service.waiting_position(waiting) == 2
        service.unregister(first, meeting)
        assert seats_and_waiting(meeting) == ([second.id, third.id], [fourth.id])
        service.unregister(fourth, meeting)  # leaving the waiting list moves nobody
        assert seats_and_waiting(meeting) == ([second.id, third.id], [])


def test_registering_twice_keeps_one_place(app):
    with app.app_context():
        meeting, person = make_meeting(seats=1), make_user()
        assert service.register(person, meeting).id == service.register(person, meeting).id
        assert len(service.registrations(meeting)) == 1


def test_more_seats_move_the_waiting_list_up(app):
    with app.app_context():
        admin = make_user(role="admin")
        meeting = make_meeting(seats=1)
        people = [make_user() for _ in range(3)]
        for person in people:
            service.register(person, meeting)
        service.edit_meeting(admin, meeting, replace(service.details_of(meeting), seats=2))
        assert seats_and_waiting(meeting) == ([people[0].id, people[1].id], [people[2].id])


def test_no_registration_for_a_past_meeting_closed_registration_or_a_suspended_account(app):
    with app.app_context():
        past = make_meeting(starts_in=timedelta(days=-2))
        closed = make_meeting(registration=False)
        with pytest.raises(service.MeetingError):
            service.register(make_user(), past)
        with pytest.raises(service.MeetingError):
            service.register(make_user(), closed)
        with pytest.raises(PermissionDenied):
            service.register(make_user(suspended_at=datetime(2026, 1, 1)), make_meeting())
        assert db.session.scalar(select(func.count()).select_from(MeetingRegistration)) == 0


def test_upcoming_and_past_lists(app):
    with app.app_context():
        lab = make_lab()
        later = make_meeting(lab, starts_in=timedelta(days=9))
        sooner = make_meeting(lab, starts_in=timedelta(days=2))
        old = make_meeting(lab, starts_in=timedelta(days=-30))
        older = make_meeting(lab, starts_in=timedelta(days=-60))
        draft_meeting = make_meeting(challenge=make_challenge(status="draft"))
        upcoming = list(db.session.scalars(service.list_meetings(when="upcoming")))
        past = list(db.session.scalars(service.list_meetings(lab=lab, when="past")))
        assert [m.id for m in upcoming] == [sooner.id, later.id]  # not the draft challenge's
        assert [m.id for m in past] == [old.id, older.id]
        assert not service.can_view(make_user(), draft_meeting)


def test_two_registrations_for_the_last_seat_never_both_get_it(concurrent_app):
    with concurrent_app.app_context():
        meeting = make_meeting(seats=1)
        ids = [make_user().id for _ in range(8)]
        meeting_id = meeting.id
    barrier = threading.Barrier(len(ids))

    def register(user_id: int) -> None:
        with concurrent_app.app_context():
            person, item = db.session.get(User, user_id), db.session.get(Meeting, meeting_id)
            barrier.wait()
            try:
                service.register(person, item)
            finally:
                db.session.remove()

    with ThreadPoolExecutor(max_workers=len(ids)) as pool:
        for future in [pool.submit(register, user_id) for user_id in ids]:
            future.result()
    with concurrent_app.app_context():
        rows = db.session.execute(select(MeetingRegistration.waiting, func.count()).group_by("waiting")).all()
        assert sorted(rows) == [(False, 1), (True, 7)]


def test_erasing_an_account_gives_its_seat_to_the_first_person_waiting(app):
    with app.app_context():
        meeting = make_meeting(seats=1)
        leaving, waiting = make_user(), make_user()
        service.register(leaving, meeting)
        service.register(waiting, meeting)
        delete_account(leaving, PASSWORD)
        assert seats_and_waiting(meeting) == ([waiting.id], [])
