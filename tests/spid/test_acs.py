"""The assertion consumer: a good response signs in; each rule of AgID's refuses its bad response."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from challenge.core.extensions import db
from challenge.models import User
from challenge.spid import saml
from tests.spid.conftest import ACS_URL, SP_ENTITY_ID, post_response, start_login, users_count
from tests.spid.idp import ATTRIBUTES, make_key_and_certificate


def good(idp, request, **changes):
    return idp.response(request.id, ACS_URL, SP_ENTITY_ID, **changes)


def test_a_good_response_creates_a_verified_account_and_signs_in(spid_app, idp):
    client = spid_app.test_client()
    request = start_login(client, idp, next_url="/challenges")
    response = post_response(client, good(idp, request))
    assert response.status_code == 303
    assert response.headers["Location"] == "/challenges"
    assert client.get("/account").status_code == 200
    with spid_app.app_context():
        user = db.session.scalar(select(User))
        assert user.email == "mario.rossi@example.org"
        assert user.name == "Mario Rossi"
        assert user.is_verified and user.is_spid_verified
        assert "RSSMRA80A01H501U" not in (user.spid_fiscal_hash or "")
        assert len(user.spid_fiscal_hash) == 64


def test_the_second_sign_in_finds_the_same_account(spid_app, idp):
    for _ in range(2):
        client = spid_app.test_client()
        request = start_login(client, idp)
        assert post_response(client, good(idp, request)).status_code == 303
    assert users_count(spid_app) == 1


REFUSALS = {
    "unsigned response": dict(sign_response=False),
    "unsigned assertion": dict(sign_assertion=False),
    "changed after signing": dict(tamper=True),
    "wrong destination": dict(destination="https://elsewhere.example/acs"),
    "wrong recipient": dict(recipient="https://elsewhere.example/acs"),
    "wrong audience": "audience",
    "wrong InResponseTo": dict(in_response_to="_not-a-request-of-ours"),
    "wrong subject InResponseTo": dict(subject_in_response_to="_not-a-request-of-ours"),
    "expired conditions": "expired",
    "not yet valid": "future",
    "level too low": "level",
    "missing attribute": dict(attributes={k: v for k, v in ATTRIBUTES.items() if k != "email"}),
    "other issuer": dict(issuer="https://other-idp.example"),
    "failed at the IdP": dict(status="urn:oasis:names:tc:SAML:2.0:status:Responder", status_message="ErrorCode nr22"),
}


@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_each_bad_response_is_refused_with_a_page_and_a_log_line_without_personal_data(
    spid_app_factory, idp, case, caplog
):
    change = REFUSALS[case]
    app = spid_app_factory(SPID_LEVEL=2) if change == "level" else spid_app_factory()
    client = app.test_client()
    request = start_login(client, idp)
    now = datetime.utcnow()
    if change == "audience":
        encoded = idp.response(request.id, ACS_URL, "https://another-sp.example")
    elif change == "expired":
        encoded = good(idp, request, not_before=now - timedelta(hours=1), not_on_or_after=now - timedelta(minutes=10))
    elif change == "future":
        encoded = good(idp, request, not_before=now + timedelta(minutes=10), not_on_or_after=now + timedelta(hours=1))
    elif change == "level":
        encoded = good(idp, request, level=1)
    else:
        encoded = good(idp, request, **change)
    with caplog.at_level(logging.WARNING):
        response = post_response(client, encoded)
    assert response.status_code in (400, 403)
    assert "Accesso con SPID/CIE non riuscito" in response.get_data(as_text=True)
    assert users_count(app) == 0
    assert client.get("/account").status_code == 302  # not signed in
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert "spid response refused" in logged
    for value in ATTRIBUTES.values():
        assert value not in logged
    assert "_transient-name-id" not in logged


def test_a_response_signed_by_another_key_is_refused(spid_app, idp, tmp_path):
    other_key, _cert = make_key_and_certificate(tmp_path, "intruder")
    client = spid_app.test_client()
    request = start_login(client, idp)
    assert post_response(client, good(idp, request, signing_key=other_key)).status_code == 403
    assert users_count(spid_app) == 0


def test_a_replayed_assertion_is_refused(spid_app, idp):
    client = spid_app.test_client()
    request = start_login(client, idp)
    encoded = good(idp, request)
    assert post_response(client, encoded).status_code == 303
    again = spid_app.test_client()
    response = post_response(again, encoded)
    assert response.status_code == 403
    assert "già stata usata" in response.get_data(as_text=True)


def test_the_same_assertion_id_in_an_answer_to_a_new_request_is_refused(spid_app, idp):
    client = spid_app.test_client()
    first = start_login(client, idp)
    assert post_response(client, good(idp, first, assertion_id="_same-assertion")).status_code == 303
    other = spid_app.test_client()
    second = start_login(other, idp)
    assert post_response(other, good(idp, second, assertion_id="_same-assertion")).status_code == 403


def test_level_2_asks_for_force_authn_and_accepts_level_2(spid_app_factory, idp):
    app = spid_app_factory(SPID_LEVEL=2)
    client = app.test_client()
    request = start_login(client, idp)
    assert request.level_uri == saml.LEVELS[2]
    assert request.force_authn == "true"
    assert post_response(client, good(idp, request, level=2)).status_code == 303


def test_a_higher_level_than_asked_is_accepted(spid_app, idp):
    client = spid_app.test_client()
    request = start_login(client, idp)
    assert request.level_uri == saml.LEVELS[1] and request.force_authn is None
    assert post_response(client, good(idp, request, level=2)).status_code == 303


def test_an_unknown_idp_is_refused_before_leaving(spid_app):
    response = spid_app.test_client().get("/auth/spid/login", query_string={"idp": "https://nobody.example"})
    assert response.status_code == 404


def test_cie_signs_in_through_its_own_acs(spid_app, spid_files):
    cie = spid_files["cie"]
    client = spid_app.test_client()
    request = start_login(client, cie, provider="cie")
    encoded = cie.response(request.id, "http://localhost/auth/cie/acs", SP_ENTITY_ID)
    assert post_response(client, encoded, provider="cie").status_code == 303
    with spid_app.app_context():
        assert db.session.scalar(select(User.spid_provider)) == "cie"


def test_a_cie_response_posted_to_the_spid_acs_is_refused(spid_app, spid_files):
    cie = spid_files["cie"]
    client = spid_app.test_client()
    request = start_login(client, cie, provider="cie")
    encoded = cie.response(request.id, ACS_URL, SP_ENTITY_ID)
    assert post_response(client, encoded).status_code == 403


def test_spid_is_off_by_default(app):
    client = app.test_client()
    assert client.get("/auth/spid/metadata").status_code == 404
    assert client.post("/auth/spid/acs", data={"SAMLResponse": "x"}).status_code == 404
