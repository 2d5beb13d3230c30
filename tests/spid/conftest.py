"""SPID fixtures: the SP's key and certificate and a test IdP, generated once per run; an app with SPID on."""

from __future__ import annotations

import pytest

from challenge.core.extensions import db
from tests.conftest import empty_tables
from tests.spid.idp import TestIdp, make_sp_key_and_certificate

SP_ENTITY_ID = "https://sfide.comune.example/spid"
ACS_URL = "http://localhost/auth/spid/acs"


@pytest.fixture(scope="session")
def spid_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("spid")
    key, cert = make_sp_key_and_certificate(folder, SP_ENTITY_ID)
    idps = folder / "idps"
    (idps / "cie").mkdir(parents=True)
    idp = TestIdp(folder)
    (idps / "test-idp.xml").write_text(idp.metadata())
    cie = TestIdp(folder, "https://cie.test.example", provider="cie")
    (idps / "cie" / "cie.xml").write_text(cie.metadata())
    return {"key": key, "cert": cert, "idps": idps, "idp": idp, "cie": cie, "folder": folder}


def spid_settings(spid_files, **overrides) -> dict:
    return {
        "SPID_ENABLED": True,
        "SPID_SP_ENTITY_ID": SP_ENTITY_ID,
        "SPID_KEY_FILE": str(spid_files["key"]),
        "SPID_CERT_FILE": str(spid_files["cert"]),
        "SPID_IDP_METADATA_DIR": str(spid_files["idps"]),
        "SPID_ORGANIZATION_NAME": "Comune di Prova",
        "SPID_ORGANIZATION_URL": "https://www.comune.example",
        "SPID_IPA_CODE": "c_h501",
        "SPID_CONTACT_EMAIL": "urp@comune.example",
        "SPID_CONTACT_PHONE": "+390612345678",
        **overrides,
    }


@pytest.fixture
def spid_app_factory(app_factory, spid_files):
    def factory(**overrides):
        app = app_factory(**spid_settings(spid_files, **overrides))
        with app.app_context():
            empty_tables()
        return app

    return factory


@pytest.fixture
def spid_app(spid_app_factory):
    return spid_app_factory()


@pytest.fixture
def idp(spid_files) -> TestIdp:
    return spid_files["idp"]


def start_login(client, idp: TestIdp, provider: str = "spid", next_url: str | None = None):
    """Ask the app to sign in at the IdP; the IdP's view of the AuthnRequest."""
    query = {"idp": idp.entity_id}
    if next_url:
        query["next"] = next_url
    response = client.get(f"/auth/{provider}/login", query_string=query)
    assert response.status_code == 302, response.data
    return idp.read_request(response.headers["Location"])


def post_response(client, encoded: str, provider: str = "spid"):
    return client.post(f"/auth/{provider}/acs", data={"SAMLResponse": encoded, "RelayState": "x"})


def users_count(app) -> int:
    from sqlalchemy import func, select

    from challenge.models import User

    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(User))
