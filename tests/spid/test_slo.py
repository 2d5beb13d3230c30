"""Single logout: started by the person (the IdP is told), or by the IdP (its message must be signed by it)."""

from __future__ import annotations

import base64
import zlib
from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from lxml import etree

from challenge.spid import requests as saml_requests
from challenge.spid import saml
from tests.spid.conftest import ACS_URL, SP_ENTITY_ID, post_response, start_login
from tests.spid.idp import make_key_and_certificate


def signed_in_with_spid(app, idp):
    client = app.test_client()
    request = start_login(client, idp)
    assert post_response(client, idp.response(request.id, ACS_URL, SP_ENTITY_ID)).status_code == 303
    assert client.get("/account").status_code == 200
    return client


def idp_message(
    idp,
    tag: str,
    key=None,
    extra: str = "",
    *,
    message_id: str | None = None,
    issued_at: datetime | None = None,
    destination: str = "http://localhost/auth/spid/slo",
    name_id: str = "_transient-name-id",
) -> str:
    """A LogoutRequest or LogoutResponse from the IdP, by HTTP-Redirect, as a path with its query."""
    xml = (
        f'<samlp:{tag} xmlns:samlp="{saml.NS["samlp"]}" xmlns:saml="{saml.NS["saml"]}" '
        f'ID="{message_id or saml.new_id()}" Version="2.0" '
        f'IssueInstant="{issued_at or datetime.utcnow():%Y-%m-%dT%H:%M:%SZ}" Destination="{destination}"{extra}>'
        f'<saml:Issuer Format="{saml.ENTITY_FORMAT}">{idp.entity_id}</saml:Issuer>'
        + (
            f'<saml:NameID Format="{saml.TRANSIENT_FORMAT}">{name_id}</saml:NameID>'
            if tag == "LogoutRequest"
            else f'<samlp:Status><samlp:StatusCode Value="{saml.SUCCESS}"/></samlp:Status>'
        )
        + f"</samlp:{tag}>"
    )
    parameter = "SAMLRequest" if tag == "LogoutRequest" else "SAMLResponse"
    url = saml_requests._redirect_url("http://localhost/auth/spid/slo", parameter, xml, "state", str(key or idp.key))
    return url.removeprefix("http://localhost")


def test_signing_out_tells_the_idp_with_a_signed_logout_request(spid_app, idp):
    client = signed_in_with_spid(spid_app, idp)
    response = client.post("/auth/logout")
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith(idp.slo_url + "?")
    query = {key: values[0] for key, values in parse_qs(urlsplit(location).query).items()}
    root = etree.fromstring(zlib.decompress(base64.b64decode(query["SAMLRequest"]), -15))
    assert root.tag.endswith("LogoutRequest")
    assert root.findtext("saml:NameID", namespaces=saml.NS) == "_transient-name-id"
    assert root.findtext("samlp:SessionIndex", namespaces=saml.NS) == "_session-index"
    assert query["SigAlg"] == saml.RSA_SHA256 and query["Signature"]
    assert client.get("/account").status_code == 302  # signed out here already


def test_a_password_sign_out_stays_local(spid_app, idp):
    from tests.factories import login, make_user

    client = spid_app.test_client()
    with spid_app.app_context():
        login(client, make_user())
    response = client.post("/auth/logout")
    assert response.status_code == 303 and response.headers["Location"] == "/"


def test_the_idp_can_end_the_session_with_a_signed_request(spid_app, idp):
    client = signed_in_with_spid(spid_app, idp)
    response = client.get(idp_message(idp, "LogoutRequest"))
    assert response.status_code == 302
    assert response.headers["Location"].startswith(idp.slo_url + "?SAMLResponse=")
    assert client.get("/account").status_code == 302


def test_an_unsigned_or_forged_logout_request_is_refused(spid_app, idp, tmp_path):
    client = signed_in_with_spid(spid_app, idp)
    forged_key, _ = make_key_and_certificate(tmp_path, "forger")
    assert client.get(idp_message(idp, "LogoutRequest", key=forged_key)).status_code == 403
    unsigned = idp_message(idp, "LogoutRequest").split("&SigAlg=")[0]
    assert client.get(unsigned).status_code == 403
    assert client.get("/account").status_code == 200  # still signed in


def test_the_idps_answer_ends_the_logout(spid_app, idp):
    client = spid_app.test_client()
    response = client.get(idp_message(idp, "LogoutResponse", extra=' InResponseTo="_ours"'))
    assert response.status_code == 303 and response.headers["Location"] == "/"


STALE_OR_NOT_OURS = {
    "an hour old": dict(issued_at=datetime.utcnow() - timedelta(hours=1)),
    "from the future": dict(issued_at=datetime.utcnow() + timedelta(hours=1)),
    "for another service": dict(destination="https://other-sp.example/slo"),
    "about another session": dict(name_id="_someone-elses-name-id"),
}


@pytest.mark.parametrize("case", sorted(STALE_OR_NOT_OURS))
def test_a_signed_logout_request_that_is_stale_or_not_ours_ends_nothing(spid_app, idp, case):
    client = signed_in_with_spid(spid_app, idp)
    assert client.get(idp_message(idp, "LogoutRequest", **STALE_OR_NOT_OURS[case])).status_code == 403
    assert client.get("/account").status_code == 200  # still signed in


def test_a_replayed_logout_request_is_refused(spid_app, idp):
    message = idp_message(idp, "LogoutRequest")
    assert signed_in_with_spid(spid_app, idp).get(message).status_code == 302
    client = signed_in_with_spid(spid_app, idp)
    assert client.get(message).status_code == 403
    assert client.get("/account").status_code == 200


def test_a_logout_request_does_not_end_a_password_session(spid_app, idp):
    from tests.factories import login, make_user

    client = spid_app.test_client()
    with spid_app.app_context():
        login(client, make_user())
    assert client.get(idp_message(idp, "LogoutRequest")).status_code == 403
    assert client.get("/account").status_code == 200


def test_a_logout_response_ends_no_session(spid_app, idp):
    client = signed_in_with_spid(spid_app, idp)
    assert client.get(idp_message(idp, "LogoutResponse", extra=' InResponseTo="_ours"')).status_code == 303
    assert client.get("/account").status_code == 200
