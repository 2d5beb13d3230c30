"""`flask spid refresh-idps` from a URL: https only, and the metadata signed with the registry's certificate."""

from __future__ import annotations

import io

import pytest

from challenge.spid import saml, signatures
from tests.spid.idp import make_key_and_certificate

REGISTRY_URL = "https://registry.spid.gov.it/entities-idp"


def registry_metadata(idp, key=None, cert=None) -> bytes:
    """An EntitiesDescriptor holding the test IdP, signed like AgID's registry signs it (unsigned if no key)."""
    body = idp.metadata()
    if key is None:
        return (
            f'<md:EntitiesDescriptor xmlns:md="{saml.NS["md"]}" ID="_registry">{body}</md:EntitiesDescriptor>'.encode()
        )
    template = signatures._signature_template("_registry", saml._pem_body(cert.read_text()))
    xml = f'<md:EntitiesDescriptor xmlns:md="{saml.NS["md"]}" ID="_registry">{template}{body}</md:EntitiesDescriptor>'
    return signatures.sign_xml(
        xml, "urn:oasis:names:tc:SAML:2.0:metadata:EntitiesDescriptor", "_registry", str(key)
    ).encode()


@pytest.fixture(scope="module")
def registry_keys(tmp_path_factory):
    folder = tmp_path_factory.mktemp("registry")
    return make_key_and_certificate(folder, "registry", "/CN=Registro SPID di prova"), make_key_and_certificate(
        folder, "forger", "/CN=Registro SPID di prova"
    )


def refresh(app, monkeypatch, url: str, served: bytes):
    downloads = []

    def urlopen(source, timeout):
        downloads.append(source)
        return io.BytesIO(served)

    monkeypatch.setattr("urllib.request.urlopen", urlopen)
    return app.test_cli_runner().invoke(args=["spid", "refresh-idps", url]), downloads


def test_metadata_signed_by_the_registry_is_kept(spid_app_factory, idp, registry_keys, tmp_path, monkeypatch):
    (key, cert), _forger = registry_keys
    target = tmp_path / "idps"
    app = spid_app_factory(SPID_IDP_METADATA_DIR=str(target), SPID_REGISTRY_CERT_FILE=str(cert))
    result, _ = refresh(app, monkeypatch, REGISTRY_URL, registry_metadata(idp, key, cert))
    assert result.exit_code == 0, result.output
    assert (target / "entities-idp.xml").exists()


REFUSED = {
    "unsigned": lambda idp, keys: registry_metadata(idp),
    "signed by another key": lambda idp, keys: registry_metadata(idp, *keys[1]),
    "changed after signing": lambda idp, keys: registry_metadata(idp, *keys[0]).replace(
        b"https://idp.test.example/sso", b"https://evil.example/sso"
    ),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_metadata_not_signed_by_the_registry_is_refused(
    spid_app_factory, idp, registry_keys, tmp_path, monkeypatch, case
):
    target = tmp_path / "idps"
    app = spid_app_factory(SPID_IDP_METADATA_DIR=str(target), SPID_REGISTRY_CERT_FILE=str(registry_keys[0][1]))
    result, _ = refresh(app, monkeypatch, REGISTRY_URL, REFUSED[case](idp, registry_keys))
    assert result.exit_code != 0
    assert "not signed by the registry" in result.output
    assert not list(target.glob("*.xml"))


def test_plain_http_is_refused_before_downloading(spid_app_factory, idp, registry_keys, tmp_path, monkeypatch):
    (_key, cert), _forger = registry_keys
    app = spid_app_factory(SPID_IDP_METADATA_DIR=str(tmp_path / "idps"), SPID_REGISTRY_CERT_FILE=str(cert))
    result, downloads = refresh(app, monkeypatch, "http://registry.spid.gov.it/entities-idp", b"")
    assert result.exit_code != 0 and "https only" in result.output
    assert downloads == []


def test_a_download_without_the_registry_certificate_is_refused(spid_app_factory, idp, tmp_path, monkeypatch):
    app = spid_app_factory(SPID_IDP_METADATA_DIR=str(tmp_path / "idps"))
    result, downloads = refresh(app, monkeypatch, REGISTRY_URL, registry_metadata(idp))
    assert result.exit_code != 0 and "FLASK_SPID_REGISTRY_CERT_FILE" in result.output
    assert downloads == []
