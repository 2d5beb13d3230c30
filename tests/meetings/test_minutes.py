"""The minutes of a meeting: only its organisers, only once it is over, sanitised, linking visible solutions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from challenge.core.errors import PermissionDenied
from challenge.core.extensions import db
from challenge.meetings import minutes
from challenge.meetings.service import MeetingError
from challenge.models import AuditEntry, Meeting
from challenge.moderation.decisions import hide
from challenge.solutions.service import withdraw_solution
from tests.factories import login, make_administration, make_challenge, make_lab, make_meeting, make_solution, make_user

PAST = timedelta(days=-2)


def lab_meeting_with_solutions(starts_in: timedelta = PAST):
    """A lab with two challenges (one with two solutions), a meeting of the lab, its staff, and a solution elsewhere."""
    owner = make_administration()
    lab = make_lab(owner)
    first, second = make_challenge(owner, lab_id=lab.id), make_challenge(owner, lab_id=lab.id, title="Sfida del verde")
    ours = [make_solution(first, title="Bus a chiamata"), make_solution(first), make_solution(second, title="Orti")]
    elsewhere = make_solution(make_challenge(owner), title="Fuori dal laboratorio")
    meeting = make_meeting(lab, starts_in=starts_in, title="Tavolo di marzo")
    return meeting, make_user(role="staff", administration=owner), ours, elsewhere


def test_the_choices_are_the_visible_solutions_of_the_labs_challenges(app):
    with app.app_context():
        meeting, _, ours, elsewhere = lab_meeting_with_solutions()
        draft = make_solution(ours[0].challenge, status="pending")
        choices = {solution.id for solution in minutes.solutions_to_choose(meeting)}
        assert choices == {solution.id for solution in ours}
        assert elsewhere.id not in choices and draft.id not in choices


def test_a_challenges_meeting_offers_only_that_challenges_solutions(app):
    with app.app_context():
        challenge = make_challenge()
        own, other = make_solution(challenge), make_solution()
        meeting = make_meeting(challenge=challenge, starts_in=PAST)
        assert [solution.id for solution in minutes.solutions_to_choose(meeting)] == [own.id]
        assert other.id not in {solution.id for solution in minutes.solutions_to_choose(meeting)}


def test_only_organisers_write_minutes_and_only_after_the_meeting(app):
    with app.app_context():
        meeting, staff, ours, _ = lab_meeting_with_solutions(starts_in=timedelta(days=1))
        with pytest.raises(MeetingError, match="quando l'incontro è finito"):
            minutes.write_minutes(staff, meeting, "Verbale", [])
        meeting.starts_at, meeting.ends_at = meeting.starts_at - timedelta(days=3), meeting.ends_at - timedelta(days=3)
        db.session.commit()
        for stranger in (make_user(), make_user(role="staff", administration=make_administration())):
            with pytest.raises(PermissionDenied):
                minutes.write_minutes(stranger, meeting, "Verbale", [])
        assert db.session.get(Meeting, meeting.id).minutes == ""
        minutes.write_minutes(make_user(role="admin"), meeting, "Verbale dell'amministratore", [ours[0].id])
        assert meeting.minutes == "Verbale dell'amministratore"


def test_minutes_are_sanitised_and_a_second_save_replaces_them_in_the_audit_log(app):
    with app.app_context():
        meeting, staff, ours, _ = lab_meeting_with_solutions()
        minutes.write_minutes(
            staff, meeting, "**Deciso**: tre gruppi <script>alert(1)</script>", [ours[0].id, ours[2].id]
        )
        assert "<strong>Deciso</strong>" in meeting.minutes_html and "<script" not in meeting.minutes_html
        minutes.write_minutes(staff, meeting, "Verbale corretto.", [ours[1].id])
        assert meeting.minutes == "Verbale corretto." and [s.id for s in meeting.solutions] == [ours[1].id]
        entries = list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == "meeting_minutes")))
        assert [(entry.target_type, entry.target_id, entry.actor_id) for entry in entries] == [
            ("meeting", meeting.id, staff.id)
        ] * 2
        assert entries[1].changes["solutions"] == [sorted([ours[0].id, ours[2].id]), [ours[1].id]]
        assert entries[1].changes["minutes"][1] == "Verbale corretto."


def test_a_solution_outside_the_choices_or_empty_minutes_change_nothing(app):
    with app.app_context():
        meeting, staff, ours, elsewhere = lab_meeting_with_solutions()
        with pytest.raises(MeetingError) as refused:
            minutes.write_minutes(staff, meeting, "Verbale", [ours[0].id, elsewhere.id])
        assert refused.value.field == "solutions"
        with pytest.raises(MeetingError) as empty:
            minutes.write_minutes(staff, meeting, "   ", [])
        assert empty.value.field == "body"
        db.session.rollback()
        assert db.session.get(Meeting, meeting.id).minutes == ""
        assert db.session.get(Meeting, meeting.id).solutions == []


def test_hidden_or_withdrawn_solutions_drop_out_of_the_minutes_and_the_link_goes(app):
    with app.app_context():
        meeting, staff, ours, _ = lab_meeting_with_solutions()
        minutes.write_minutes(staff, meeting, "Verbale", [solution.id for solution in ours])
        hide(make_user(role="moderator"), ours[0], "Fuori tema", "off_topic")
        withdraw_solution(ours[1].author, ours[1])
        assert [solution.id for solution in minutes.discussed_solutions(meeting)] == [ours[2].id]
        assert minutes.meetings_discussing(ours[2]) == [meeting]


def test_the_organiser_writes_minutes_on_the_page_and_the_solution_says_where_it_was_discussed(app):
    client = app.test_client()
    with app.app_context():
        meeting, staff, ours, _ = lab_meeting_with_solutions()
        login(client, staff)
        meeting_id, chosen, other = meeting.id, ours[0].id, ours[1].id
    page = client.get(f"/meetings/{meeting_id}").get_data(as_text=True)
    assert "Scrivi il verbale" in page and f'value="{chosen}"' in page
    refused = client.post(f"/meetings/{meeting_id}/minutes", data={"body": "", "solutions": [chosen]})
    assert refused.status_code == 422 and 'id="body-error"' in refused.get_data(as_text=True)
    saved = client.post(
        f"/meetings/{meeting_id}/minutes", data={"body": "Tre *proposte* discusse.", "solutions": [chosen]}
    )
    assert saved.status_code == 303 and saved.headers["Location"].endswith(f"/meetings/{meeting_id}#minutes-title")
    shown = app.test_client().get(f"/meetings/{meeting_id}").get_data(as_text=True)
    assert "Tre <em>proposte</em> discusse." in shown and f'href="/solutions/{chosen}"' in shown
    solution_page = app.test_client().get(f"/solutions/{chosen}").get_data(as_text=True)
    assert (
        "Discussa nell'incontro «" in solution_page and f'href="/meetings/{meeting_id}#minutes-title"' in solution_page
    )
    assert "Discussa nell" not in app.test_client().get(f"/solutions/{other}").get_data(as_text=True)


def test_minutes_before_the_meeting_ends_are_refused_with_a_message(app):
    client = app.test_client()
    with app.app_context():
        meeting, staff, _, _ = lab_meeting_with_solutions(starts_in=timedelta(hours=-1))  # still going on
        login(client, staff)
        meeting_id = meeting.id
    page = client.get(f"/meetings/{meeting_id}").get_data(as_text=True)
    assert "Il verbale si potrà scrivere qui quando l'incontro sarà finito." in page
    refused = client.post(f"/meetings/{meeting_id}/minutes", data={"body": "Troppo presto."}, follow_redirects=True)
    assert "Il verbale si può scrivere quando l&#39;incontro è finito, non prima." in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Meeting, meeting_id).minutes == ""


def test_the_admins_log_names_the_minutes_and_their_fields(app):
    client = app.test_client()
    with app.app_context():
        meeting, staff, ours, _ = lab_meeting_with_solutions()
        minutes.write_minutes(staff, meeting, "Verbale.", [ours[0].id])
        login(client, make_user(role="admin"))
    page = client.get("/admin/log").get_data(as_text=True)
    assert "Verbale dell'incontro scritto o modificato" in page and "Tavolo di marzo" in page
    assert "Soluzioni discusse" in page
