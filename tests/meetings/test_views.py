"""`/meetings`: lists and filters, the page, organisers' forms, registration, iCalendar and the CSV."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

from icalendar import Calendar
from sqlalchemy import func, select

from challenge.core.extensions import db
from challenge.meetings import service
from challenge.models import Meeting, MeetingRegistration
from tests.factories import login, make_administration, make_challenge, make_lab, make_meeting, make_user

FORM = {
    "title": "Laboratorio sulla mobilità",
    "starts_at": "2027-03-15T17:30",
    "ends_at": "2027-03-15T19:30",
    "place": "Sala consiliare",
    "address": "Piazza Grande 1, Modena",
    "online_url": "https://meet.example.it/mobilita",
    "seats": "30",
    "body": "Programma e obiettivi.",
    "registration": "y",
}


def meeting_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Meeting)) or 0


def test_list_upcoming_past_filters_and_empty_states(client, app):
    with app.app_context():
        lab, other = make_lab(name="Laboratorio Appennino"), make_lab()
        make_meeting(lab, title="Incontro di domani", starts_in=timedelta(days=1))
        make_meeting(lab, title="Incontro di ieri", starts_in=timedelta(days=-1))
        make_meeting(other, title="Incontro altrove")
        slug, other_slug = lab.slug, other.slug
    upcoming = client.get("/meetings").get_data(as_text=True)
    assert "Incontro di domani" in upcoming and "Incontro altrove" in upcoming and "Incontro di ieri" not in upcoming
    past = client.get(f"/meetings?lab={slug}&when=past").get_data(as_text=True)
    assert "Incontro di ieri" in past and "Incontro di domani" not in past
    assert "Incontro altrove" not in client.get(f"/meetings?lab={slug}").get_data(as_text=True)
    assert "Nessun incontro passato." in client.get(f"/meetings?lab={other_slug}&when=past").get_data(as_text=True)
    assert client.get("/meetings?when=yesterday").status_code == 400
    assert client.get("/meetings?lab=nessuno").status_code == 404


def test_the_lab_and_challenge_pages_show_their_meetings(client, app):
    with app.app_context():
        owner = make_administration()
        lab, challenge = make_lab(owner), make_challenge(owner)
        make_meeting(lab, title="Tavolo del laboratorio")
        make_meeting(challenge=challenge, title="Presentazione della sfida")
        lab_slug, challenge_slug = lab.slug, challenge.slug
    assert "Tavolo del laboratorio" in client.get(f"/labs/{lab_slug}").get_data(as_text=True)
    assert "Presentazione della sfida" in client.get(f"/challenges/{challenge_slug}").get_data(as_text=True)


def test_a_draft_challenges_meeting_is_not_found(client, app):
    with app.app_context():
        meeting_id = make_meeting(challenge=make_challenge(status="draft")).id
    assert client.get(f"/meetings/{meeting_id}").status_code == 404
    assert client.get(f"/meetings/{meeting_id}.ics").status_code == 404


def test_staff_create_a_meeting_in_italian_time_and_bad_input_changes_nothing(app):
    client = app.test_client()
    with app.app_context():
        owner = make_administration()
        lab = make_lab(owner)
        login(client, make_user(role="staff", administration=owner))
        slug = lab.slug
    refused = client.post(f"/labs/{slug}/meetings/new", data=FORM | {"ends_at": "2027-03-15T16:00"})
    assert (
        refused.status_code == 422
        and "La fine dell&#39;incontro deve venire dopo l&#39;inizio." in refused.get_data(as_text=True)
    )
    assert meeting_count(app) == 0
    created = client.post(f"/labs/{slug}/meetings/new", data=FORM)
    assert created.status_code == 303
    with app.app_context():
        meeting = db.session.scalar(select(Meeting))
        assert meeting.starts_at == datetime(2027, 3, 15, 16, 30) and meeting.seats == 30
        meeting_id = meeting.id
    edited = client.post(f"/meetings/{meeting_id}/edit", data=FORM | {"title": "Laboratorio rinviato"})
    assert edited.status_code == 303
    with app.app_context():
        assert db.session.get(Meeting, meeting_id).title == "Laboratorio rinviato"
    form = client.get(f"/meetings/{meeting_id}/edit").get_data(as_text=True)
    assert 'value="2027-03-15T17:30"' in form


def test_register_then_the_online_link_then_unregister_in_two_steps(app):
    client = app.test_client()
    with app.app_context():
        meeting_id = make_meeting(online_url="https://meet.example.it/segreto", seats=1).id
        login(client, make_user())
    assert "meet.example.it/segreto" not in client.get(f"/meetings/{meeting_id}").get_data(as_text=True)
    assert client.post(f"/meetings/{meeting_id}/register").status_code == 303
    page = client.get(f"/meetings/{meeting_id}").get_data(as_text=True)
    assert "meet.example.it/segreto" in page and "Hai un posto riservato" in page
    asked = client.post(f"/meetings/{meeting_id}/unregister")
    assert asked.status_code == 200 and 'name="confirm" value="y"' in asked.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(MeetingRegistration)) == 1
    assert client.post(f"/meetings/{meeting_id}/unregister", data={"confirm": "y"}).status_code == 303
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(MeetingRegistration)) == 0


def test_a_full_meeting_puts_people_on_the_waiting_list_without_the_link(app):
    client = app.test_client()
    with app.app_context():
        meeting = make_meeting(online_url="https://meet.example.it/segreto", seats=1)
        service.register(make_user(), meeting)
        login(client, make_user())
        meeting_id = meeting.id
    assert "Iscriviti alla lista d'attesa" in client.get(f"/meetings/{meeting_id}").get_data(as_text=True)
    client.post(f"/meetings/{meeting_id}/register")
    page = client.get(f"/meetings/{meeting_id}").get_data(as_text=True)
    assert "in posizione 1" in page and "meet.example.it/segreto" not in page


def test_one_meeting_as_icalendar_in_rome_time(client, app):
    with app.app_context():
        meeting = make_meeting(
            title="Giuria pubblica",
            online_url="https://meet.example.it/x",
            starts_at=datetime(2027, 3, 15, 16, 30),  # stored in UTC
            ends_at=datetime(2027, 3, 15, 18, 30),
        )
        meeting_id = meeting.id
    response = client.get(f"/meetings/{meeting_id}.ics")
    assert response.mimetype == "text/calendar"
    calendar = Calendar.from_ical(response.data)
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Giuria pubblica"
    start = event.decoded("DTSTART")
    assert start.tzinfo is not None and str(start.tzinfo) == "Europe/Rome"
    assert start.replace(tzinfo=None) == datetime(2027, 3, 15, 17, 30)
    assert event.decoded("DTEND").astimezone(UTC) == datetime(2027, 3, 15, 18, 30, tzinfo=UTC)
    assert str(event["LOCATION"]) == "Sala consiliare, Piazza Grande 1, Modena"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Rome"]
    assert "meet.example.it" not in response.get_data(as_text=True)
    assert str(event["UID"]).startswith(f"meeting-{meeting_id}@")


def test_all_upcoming_meetings_as_one_calendar(client, app):
    with app.app_context():
        make_meeting(title="Primo")
        make_meeting(title="Secondo", starts_in=timedelta(days=3))
        make_meeting(title="Passato", starts_in=timedelta(days=-3))
    calendar = Calendar.from_ical(client.get("/meetings.ics").data)
    assert [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")] == ["Secondo", "Primo"]


def test_organisers_download_the_registrations(app):
    client = app.test_client()
    with app.app_context():
        owner = make_administration()
        meeting = make_meeting(make_lab(owner), seats=1)
        first, second = make_user(name="Anna Rossi"), make_user(name="=Bruno")
        service.register(first, meeting)
        service.register(second, meeting)
        login(client, make_user(role="staff", administration=owner))
        meeting_id = meeting.id
    response = client.get(f"/meetings/{meeting_id}/registrations.csv")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == ["name", "email", "status", "registered_at"]
    assert [(row[0], row[2]) for row in rows[1:]] == [("Anna Rossi", "seat"), ("'=Bruno", "waiting")]
