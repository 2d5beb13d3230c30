"""Meetings in the open-data API: public facts, places taken, minutes and solutions discussed; never the online
link nor who registered."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from challenge.core.extensions import db
from challenge.meetings import service
from challenge.meetings.minutes import write_minutes
from challenge.moderation.decisions import hide
from challenge.text.clock import ROME
from tests.factories import make_administration, make_challenge, make_lab, make_meeting, make_solution, make_user


def test_a_meeting_in_the_api_has_its_facts_and_counts_but_no_link_or_people(app, client):
    with app.app_context():
        owner = make_administration()
        lab = make_lab(owner, slug="lab-api")
        challenge = make_challenge(owner, lab_id=lab.id)
        shown, hidden = make_solution(challenge, title="Mostrata"), make_solution(challenge, title="Nascosta")
        meeting = make_meeting(lab, online_url="https://meet.example.it/segreto", seats=1)
        people = [make_user(name="Persona Riservata", email="riservata@example.it"), make_user()]
        for person in people:
            service.register(person, meeting)
        meeting.starts_at, meeting.ends_at = (
            datetime(2026, 1, 10, 16, 30),
            datetime(2026, 1, 10, 18, 30),
        )  # over; 17:30 in Rome
        db.session.commit()
        write_minutes(make_user(role="admin"), meeting, "Deciso: *due* gruppi.", [shown.id, hidden.id])
        hide(make_user(role="moderator"), hidden, "Fuori tema", "off_topic")
        meeting_id, shown_id = meeting.id, shown.id
    response = client.get(f"/api/v1/meetings/{meeting_id}")
    data = response.get_json()
    raw = json.dumps(data)
    assert "segreto" not in raw and "Persona Riservata" not in raw and "riservata@example.it" not in raw
    assert data["starts_at"] == "2026-01-10T17:30:00+01:00" and data["ends_at"] == "2026-01-10T19:30:00+01:00"
    assert datetime.fromisoformat(data["starts_at"]).astimezone(UTC).replace(tzinfo=None) == datetime(
        2026, 1, 10, 16, 30
    )
    assert (data["lab"], data["challenge"], data["online"]) == ("lab-api", None, True)
    assert (data["seats"], data["registered_count"], data["waiting_count"]) == (1, 1, 1)
    assert data["minutes_html"] == "<p>Deciso: <em>due</em> gruppi.</p>"
    assert [item["id"] for item in data["solutions_discussed"]] == [shown_id]
    listed = client.get("/api/v1/meetings?lab=lab-api&when=past").get_json()["items"]
    assert [item["id"] for item in listed] == [meeting_id] and listed[0] == data
    assert client.get("/api/v1/meetings?lab=lab-api&when=upcoming").get_json()["items"] == []
    assert client.get("/api/v1/meetings?lab=nessuno").get_json()["items"] == []
    assert client.get("/api/v1/meetings?when=domani").status_code == 400


def test_a_draft_challenges_meeting_is_not_in_the_api(app, client):
    with app.app_context():
        meeting_id = make_meeting(challenge=make_challenge(status="draft")).id
        make_meeting(title="Pubblico")
    assert client.get(f"/api/v1/meetings/{meeting_id}").status_code == 404
    assert [item["title"] for item in client.get("/api/v1/meetings").get_json()["items"]] == ["Pubblico"]


def test_summer_times_carry_the_summer_offset(app, client):
    with app.app_context():
        meeting = make_meeting()
        meeting.starts_at = datetime(2027, 7, 1, 7, 0)
        meeting.ends_at = datetime(2027, 7, 1, 9, 0)
        db.session.commit()
        meeting_id = meeting.id
    data = client.get(f"/api/v1/meetings/{meeting_id}").get_json()
    assert data["starts_at"] == "2027-07-01T09:00:00+02:00"
    assert datetime.fromisoformat(data["starts_at"]).tzinfo.utcoffset(None) == ROME.utcoffset(datetime(2027, 7, 1))
