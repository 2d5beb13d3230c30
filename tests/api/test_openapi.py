"""Every API response matches the OpenAPI 3.1 document; cursors, ETags, CORS and errors."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from challenge.attachments.service import Upload, add_attachment
from challenge.core.extensions import db
from challenge.meetings.minutes import write_minutes
from challenge.models import Lab, MeetingRegistration, Partner
from challenge.solutions.responses import respond
from challenge.votes.service import vote_on_solution
from tests.attachments.samples import PDF, image
from tests.factories import (
    make_administration,
    make_challenge,
    make_comment,
    make_meeting,
    make_solution,
    make_user,
)


def populate() -> dict:
    """A small public world with one of everything the API lists, and a hidden draft."""
    administration = make_administration(name="Comune di Parma", slug="comune-di-parma")
    lab = Lab(
        name="Laboratorio Parma",
        slug="laboratorio-parma",
        territory="Parma",
        region_code="08",
        coordinator_id=administration.id,
        description="Rete per la sostenibilità.",
    )
    lab.partners = [Partner(name="Università di Parma", kind="university")]
    db.session.add(lab)
    db.session.commit()
    challenge = make_challenge(administration, lab_id=lab.id)
    solutions = [make_solution(challenge, title=f"Soluzione {n}") for n in range(5)]
    vote_on_solution(make_user(), solutions[0], 1)
    respond(make_user(role="staff", administration=administration), solutions[0], "accepted", "La realizzeremo.")
    make_comment(solutions[0])
    staff = make_user(role="staff", administration=administration)
    add_attachment(staff, challenge, Upload(io.BytesIO(image("PNG")), "piazza.png", alt="La piazza", role="cover"))
    add_attachment(solutions[0].author, solutions[0], Upload(io.BytesIO(PDF), "piano.pdf", title="Piano"))
    make_challenge(status="draft", title="Bozza riservata")
    meeting = make_meeting(lab, starts_in=timedelta(days=-3), online_url="https://meet.example.it/riservato", seats=9)
    db.session.add(MeetingRegistration(meeting_id=meeting.id, user_id=make_user().id))
    write_minutes(staff, meeting, "Discusse **due** proposte.", [solutions[0].id])
    return {"slug": challenge.slug, "solution_id": solutions[0].id, "meeting_id": meeting.id}


@pytest.fixture
def world(app):
    with app.app_context():
        return populate()


def validator_for(client, schema_name: str) -> Draft202012Validator:
    document = client.get("/api/v1/openapi.json").get_json()
    resource = Resource.opaque(document)
    registry = Registry().with_resource("openapi.json", resource)
    return Draft202012Validator({"$ref": f"openapi.json#/components/schemas/{schema_name}"}, registry=registry)


CASES = [
    ("/api/v1/challenges", "ChallengePage"),
    ("/api/v1/challenges?status=open&theme=1&region=08", "ChallengePage"),
    ("/api/v1/challenges/{slug}", "Challenge"),
    ("/api/v1/solutions", "SolutionPage"),
    ("/api/v1/solutions?challenge={slug}", "SolutionPage"),
    ("/api/v1/solutions/{solution_id}", "Solution"),
    ("/api/v1/solutions/{solution_id}/comments", "CommentPage"),
    ("/api/v1/administrations", "AdministrationPage"),
    ("/api/v1/administrations/comune-di-parma", "Administration"),
    ("/api/v1/labs", "LabPage"),
    ("/api/v1/labs/laboratorio-parma", "Lab"),
    ("/api/v1/meetings", "MeetingPage"),
    ("/api/v1/meetings?lab=laboratorio-parma&when=past", "MeetingPage"),
    ("/api/v1/meetings/{meeting_id}", "Meeting"),
    ("/api/v1/leaderboards?period=all", "Leaderboards"),
    ("/api/v1/stats", "Stats"),
]


@pytest.mark.parametrize(("url", "schema"), CASES)
def test_responses_match_the_document(client, world, url, schema):
    response = client.get(url.format(**world))
    assert response.status_code == 200
    errors = sorted(validator_for(client, schema).iter_errors(response.get_json()), key=str)
    assert not errors, [error.message for error in errors]


def test_document_is_openapi_3_1_with_every_route(client, app):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"] == "3.1.0"
    documented = {
        "/api/v1" + path.replace("{id}", "<int:id>").replace("{slug}", "<slug>") for path in document["paths"]
    }
    routes = {
        re.sub(r"<int:\w+>", "<int:id>", rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/") and not rule.rule.endswith("openapi.json")
    }
    assert routes == documented


def test_cursor_pagination_walks_every_item_once(client, world):
    seen, url = [], "/api/v1/solutions?limit=2"
    while url:
        page = client.get(url).get_json()
        seen += [item["id"] for item in page["items"]]
        url = page["next"]
    assert len(seen) == len(set(seen)) == 5
    assert seen == sorted(seen, reverse=True)


def test_drafts_and_hidden_never_appear(client, world):
    assert "Bozza riservata" not in client.get("/api/v1/challenges").get_data(as_text=True)


def test_etag_revalidation_and_cache_headers(client, world):
    first = client.get("/api/v1/challenges")
    assert first.headers["Cache-Control"] == "public, max-age=60"
    assert first.headers["Access-Control-Allow-Origin"] == "*"
    again = client.get("/api/v1/challenges", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_every_api_response_names_the_datas_licence(client, world):
    for url in ("/api/v1/challenges", "/api/v1/stats", "/api/v1/challenges?limit=0"):
        assert client.get(url).headers["Link"] == '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/challenges?limit=0",
        "/api/v1/challenges?limit=1000",
        "/api/v1/solutions?cursor=%%%",
        "/api/v1/solutions?cursor=0",
        "/api/v1/leaderboards?period=week",
        "/api/v1/challenges?theme=null",
        "/api/v1/challenges?theme=4",
        "/api/v1/challenges?sdg=1&sdg=2",
        "/api/v1/challenges?status=draft",
        "/api/v1/challenges?region=99",
        "/api/v1/challenges?region=",
    ],
)
def test_bad_parameters_are_json_400(client, url):
    response = client.get(url)
    assert response.status_code == 400
    body = response.get_json()
    assert body["status"] == 400 and body["message"]


def test_unknown_items_are_json_404(client):
    for url in (
        "/api/v1/challenges/nessuna",
        "/api/v1/solutions/999",
        "/api/v1/solutions/99999999999999999999",
        "/api/v1/labs/nessuno",
        "/api/v1/administrations/nessuna",
        "/api/v1/nothing",
    ):
        response = client.get(url)
        assert response.status_code == 404 and response.get_json()["status"] == 404


def test_api_is_rate_limited(app_factory):
    from challenge.core.extensions import limiter
    from tests.conftest import empty_tables

    app = app_factory(RATELIMIT_ENABLED=True, RATELIMIT_API="3 per minute")
    with app.app_context():
        empty_tables()
        limiter.reset()
    client = app.test_client()
    statuses = [client.get("/api/v1/stats").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert client.get("/api/v1/stats").get_json()["status"] == 429


def test_wrong_method_names_the_allowed_ones(client):
    response = client.delete("/api/v1/stats")
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]


@pytest.mark.parametrize(
    ("headers", "query", "expected"),
    [
        ({}, "", "Il parametro limit deve essere un numero intero tra 1 e 100."),
        ({"Accept-Language": "en-GB,en;q=0.9"}, "", "The limit parameter must be a whole number between 1 and 100."),
        ({"Accept-Language": "en"}, "&lang=it", "Il parametro limit deve essere un numero intero tra 1 e 100."),
        ({}, "&lang=en", "The limit parameter must be a whole number between 1 and 100."),
    ],
)
def test_error_messages_follow_the_requests_language(client, headers, query, expected):
    response = client.get(f"/api/v1/solutions?limit=0{query}", headers=headers)
    assert response.status_code == 400
    assert response.get_json()["message"] == expected
    assert "Accept-Language" in response.vary


def test_choice_errors_and_not_found_follow_the_language_too(client):
    body = client.get("/api/v1/challenges?status=draft&lang=en").get_json()
    assert body["message"] == "The status parameter must be one of: open, evaluation, closed."
    assert client.get("/api/v1/challenges?status=draft").get_json()["message"].startswith("Il parametro status deve")
    assert client.get("/api/v1/labs/nessuno?lang=en").get_json()["error"] == "Page not found"
    assert client.get("/api/v1/labs/nessuno?lang=it").get_json()["error"] == "Pagina non trovata"
