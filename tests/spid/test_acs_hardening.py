"""The assertion consumer against tricks a review found: comments inside signed values, expired conditions, replies."""

from __future__ import annotations

import base64
import logging
from datetime import datetime, timedelta

import pytest

from tests.spid.conftest import ACS_URL, SP_ENTITY_ID, post_response, start_login, users_count
from tests.spid.idp import ATTRIBUTES


def refused_for(caplog, client, encoded: str) -> str:
    """Post the response; it must be refused: the rule named in the log line."""
    with caplog.at_level(logging.WARNING):
        response = post_response(client, encoded)
    assert response.status_code in (400, 403)
    codes = [r.getMessage().split(": ", 1)[1] for r in caplog.records if "spid response refused" in r.getMessage()]
    assert len(codes) == 1
    return codes[0]


def after_signing(encoded: str, old: str, new: str) -> str:
    """Change the signed XML where exclusive canonicalization does not look (the signature still holds)."""
    xml = base64.b64decode(encoded).decode()
    assert xml.count(old) == 1
    return base64.b64encode(xml.replace(old, new).encode()).decode()


COMMENT_TRICKS = {
    "email cut short": ("email", "victim@example.org.attacker.example", "victim@example.org", "attributes_malformed"),
    "fiscal code cut short": (
        "fiscalNumber",
        "TINIT-RSSMRA80A01H501U9",
        "TINIT-RSSMRA80A01H501U",
        "attributes_malformed",
    ),
}


@pytest.mark.parametrize("case", sorted(COMMENT_TRICKS))
def test_a_comment_inside_a_signed_attribute_is_refused(spid_app, idp, caplog, case):
    name, signed_value, shown_value, code = COMMENT_TRICKS[case]
    client = spid_app.test_client()
    request = start_login(client, idp)
    encoded = idp.response(request.id, ACS_URL, SP_ENTITY_ID, attributes={**ATTRIBUTES, name: signed_value})
    rest = signed_value.removeprefix(shown_value)
    tricked = after_signing(encoded, f">{signed_value}<", f">{shown_value}<!---->{rest}<")
    assert refused_for(caplog, client, tricked) == code
    assert users_count(spid_app) == 0


def test_a_comment_inside_the_name_id_is_refused(spid_app, idp, caplog):
    client = spid_app.test_client()
    request = start_login(client, idp)
    encoded = idp.response(request.id, ACS_URL, SP_ENTITY_ID)
    tricked = after_signing(encoded, ">_transient-name-id<", ">_transient<!---->-name-id<")
    assert refused_for(caplog, client, tricked) == "name_id"


def test_an_element_inside_a_signed_attribute_is_refused(spid_app, idp, caplog):
    client = spid_app.test_client()
    request = start_login(client, idp)
    email = "victim@example.org<saml:Extra>x</saml:Extra>"
    encoded = idp.response(request.id, ACS_URL, SP_ENTITY_ID, attributes={**ATTRIBUTES, "email": email})
    assert refused_for(caplog, client, encoded) == "attributes_malformed"


def test_a_response_whose_only_fault_is_expired_conditions_is_refused_for_it(spid_app, idp, caplog):
    client = spid_app.test_client()
    request = start_login(client, idp)
    now = datetime.utcnow()
    encoded = idp.response(
        request.id,
        ACS_URL,
        SP_ENTITY_ID,
        not_before=now - timedelta(minutes=20),
        not_on_or_after=now - timedelta(minutes=10),
        subject_not_on_or_after=now + timedelta(minutes=5),  # the subject confirmation is still valid
    )
    assert refused_for(caplog, client, encoded) == "expired"
    assert client.get("/account").status_code == 302


def test_a_second_valid_response_to_an_answered_request_is_refused(spid_app, idp, caplog):
    client = spid_app.test_client()
    request = start_login(client, idp)
    assert post_response(client, idp.response(request.id, ACS_URL, SP_ENTITY_ID)).status_code == 303
    client.post("/auth/logout")
    second = idp.response(request.id, ACS_URL, SP_ENTITY_ID)  # a new response and assertion ID, same request
    assert refused_for(caplog, client, second) == "request_already_answered"
    assert client.get("/account").status_code == 302
