"""Official responses: who may publish them, outcomes, history, and where they show."""

from __future__ import annotations

from sqlalchemy import func, select

from challenge.core.extensions import db
from challenge.models import Challenge, OfficialResponse, OfficialResponseRevision
from tests.factories import login, make_challenge, make_solution, make_user


def test_staff_of_the_challenge_publishes_then_edits_keeping_history(app, client):
    with app.app_context():
        staff = make_user(role="staff")
        solution = make_solution(make_challenge(staff.administration), title="Orari estesi allo sportello")
        solution_id, slug = solution.id, solution.challenge.slug
        login(client, staff)
    first = client.post(
        f"/solutions/{solution_id}/response", data={"outcome": "under_review", "body": "La stiamo esaminando."}
    )
    assert first.status_code == 303
    client.post(f"/solutions/{solution_id}/response", data={"outcome": "accepted", "body": "Accolta: partirà a marzo."})
    with app.app_context():
        response = db.session.scalar(select(OfficialResponse))
        assert (response.outcome, response.body) == ("accepted", "Accolta: partirà a marzo.")
        revision = db.session.scalar(select(OfficialResponseRevision))
        assert (revision.outcome, revision.body) == ("under_review", "La stiamo esaminando.")
    page = client.get(f"/solutions/{solution_id}").get_data(as_text=True)
    assert "Risposta ufficiale" in page and "Accolta: partirà a marzo." in page and "1 versione precedente" in page
    listing = client.get(f"/challenges/{slug}").get_data(as_text=True)
    assert 'class="badge outcome-badge outcome-accepted"' in listing


def test_others_cannot_respond(app):
    with app.app_context():
        solution_id = make_solution().id
        clients = []
        for user in (make_user(), make_user(role="staff"), make_user(role="moderator")):
            client = app.test_client()
            login(client, user)
            clients.append(client)
    for client in clients:
        assert (
            client.post(f"/solutions/{solution_id}/response", data={"outcome": "accepted", "body": "Sì"}).status_code
            == 403
        )
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(OfficialResponse)) == 0


def test_admin_responds_and_bad_input_is_422(app, client):
    with app.app_context():
        solution_id = make_solution().id
        login(client, make_user(role="admin"))
    assert client.post(f"/solutions/{solution_id}/response", data={"outcome": "forse", "body": "Sì"}).status_code == 422
    assert (
        client.post(f"/solutions/{solution_id}/response", data={"outcome": "rejected", "body": ""}).status_code == 422
    )
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(OfficialResponse)) == 0
    assert (
        client.post(f"/solutions/{solution_id}/response", data={"outcome": "implemented", "body": "Fatto."}).status_code
        == 303
    )


def test_responses_are_read_only_once_the_challenge_is_closed(app, client):
    with app.app_context():
        staff = make_user(role="staff")
        challenge = make_challenge(staff.administration)
        challenge_id, solution_id = challenge.id, make_solution(challenge).id
        login(client, staff)
    assert (
        client.post(
            f"/solutions/{solution_id}/response", data={"outcome": "under_review", "body": "In esame."}
        ).status_code
        == 303
    )
    with app.app_context():
        db.session.get(Challenge, challenge_id).status = "closed"
        db.session.commit()
    assert "Aggiorna la risposta" not in client.get(f"/solutions/{solution_id}").get_data(as_text=True)
    refused = client.post(f"/solutions/{solution_id}/response", data={"outcome": "accepted", "body": "Cambiata dopo."})
    assert refused.status_code == 403 and "La sfida è chiusa" in refused.get_data(as_text=True)
    with app.app_context():
        response = db.session.scalar(select(OfficialResponse))
        assert (response.outcome, response.body) == ("under_review", "In esame.")
        assert db.session.scalar(select(func.count()).select_from(OfficialResponseRevision)) == 0
