"""Our side of SAML: the signed metadata, the signed AuthnRequest, the IdP list and its refresh command."""

from __future__ import annotations

import base64
import re
from pathlib import Path
from urllib.parse import quote_plus, urlsplit

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from lxml import etree
from saml2.sigver import CryptoBackendXmlSec1, get_xmlsec_binary

from challenge.spid import logos, saml
from challenge.spid.views import spid_mark
from tests.spid.conftest import SP_ENTITY_ID, start_login

STATIC = Path(__file__).resolve().parents[2] / "static"


def metadata_of(app, provider="spid"):
    response = app.test_client().get(f"/auth/{provider}/metadata")
    assert response.status_code == 200
    assert response.mimetype == "application/samlmetadata+xml"
    return response.data


def test_the_metadata_is_signed_with_the_sp_key(spid_app, spid_files):
    xml = metadata_of(spid_app)
    backend = CryptoBackendXmlSec1(xmlsec_binary=get_xmlsec_binary(["/usr/bin"]))
    root = etree.fromstring(xml)
    assert root.find("ds:Signature", saml.NS) is not None
    assert backend.validate_signature(
        xml, str(spid_files["cert"]), "pem", "urn:oasis:names:tc:SAML:2.0:metadata:EntityDescriptor", root.get("ID")
    )
    changed = xml.replace(b"Comune di Prova", b"Comune di Altrove")
    with pytest.raises(Exception):  # noqa: B017  (xmlsec1 refuses: the signature no longer matches)
        assert backend.validate_signature(
            changed,
            str(spid_files["cert"]),
            "pem",
            "urn:oasis:names:tc:SAML:2.0:metadata:EntityDescriptor",
            root.get("ID"),
        )


def test_the_metadata_names_the_public_body_and_the_attributes(spid_app):
    root = etree.fromstring(metadata_of(spid_app))
    assert root.get("entityID") == SP_ENTITY_ID
    contact = root.find("md:ContactPerson", saml.NS)
    assert contact.get("contactType") == "other"
    assert contact.findtext("md:Extensions/spid:IPACode", namespaces=saml.NS) == "c_h501"
    assert contact.find("md:Extensions/spid:Public", saml.NS) is not None
    assert contact.findtext("md:EmailAddress", namespaces=saml.NS) == "urp@comune.example"
    assert root.findtext("md:Organization/md:OrganizationURL", namespaces=saml.NS) == "https://www.comune.example"
    service = root.find("md:SPSSODescriptor/md:AttributeConsumingService", saml.NS)
    names = [node.get("Name") for node in service.findall("md:RequestedAttribute", saml.NS)]
    assert names == ["fiscalNumber", "name", "familyName", "email"]
    acs = root.find("md:SPSSODescriptor/md:AssertionConsumerService", saml.NS)
    assert acs.get("Location") == "http://localhost/auth/spid/acs" and acs.get("index") == "0"
    slo = root.find("md:SPSSODescriptor/md:SingleLogoutService", saml.NS)
    assert slo.get("Location") == "http://localhost/auth/spid/slo"


def test_the_cie_metadata_points_at_the_cie_acs(spid_app):
    root = etree.fromstring(metadata_of(spid_app, "cie"))
    acs = root.find("md:SPSSODescriptor/md:AssertionConsumerService", saml.NS)
    assert acs.get("Location") == "http://localhost/auth/cie/acs"


def test_the_authn_request_is_signed_with_sha256_and_has_what_agid_asks(spid_app, idp, spid_files):
    client = spid_app.test_client()
    response = client.get("/auth/spid/login", query_string={"idp": idp.entity_id})
    location = response.headers["Location"]
    assert location.startswith(idp.sso_url + "?")
    request = idp.read_request(location)
    query = urlsplit(location).query
    signed_part = query[: query.index("&Signature=")]
    assert request.query["SigAlg"] == saml.RSA_SHA256
    certificate = x509.load_pem_x509_certificate(spid_files["cert"].read_bytes())
    certificate.public_key().verify(
        base64.b64decode(request.query["Signature"]), signed_part.encode(), padding.PKCS1v15(), hashes.SHA256()
    )
    assert signed_part.startswith("SAMLRequest=" + quote_plus(request.query["SAMLRequest"]))
    root = request.xml
    assert root.get("Destination") == idp.sso_url
    assert root.get("AssertionConsumerServiceIndex") == "0"
    assert root.get("AttributeConsumingServiceIndex") == "0"
    issuer = root.find("saml:Issuer", saml.NS)
    assert issuer.text == SP_ENTITY_ID
    assert issuer.get("NameQualifier") == SP_ENTITY_ID
    assert issuer.get("Format") == saml.ENTITY_FORMAT
    assert root.find("samlp:NameIDPolicy", saml.NS).get("Format") == saml.TRANSIENT_FORMAT
    assert request.level_uri == saml.LEVELS[1] and request.comparison == "minimum"
    assert "http" not in request.query["RelayState"]  # not intelligible


def test_each_sign_in_sends_a_new_request(spid_app, idp):
    client = spid_app.test_client()
    assert start_login(client, idp).id != start_login(client, idp).id


def test_the_sign_in_page_offers_spid_and_cie_without_javascript(spid_app, idp):
    page = spid_app.test_client().get("/auth/login").get_data(as_text=True)
    assert "<details" in page and "Entra con SPID" in page and "Entra con CIE" in page
    assert f'href="/auth/spid/login?idp={idp.entity_id}"' in page
    assert "IdP di prova" in page  # an IdP without a logo in AgID's set is listed by its name
    # AgID's marks, vendored from spid-smart-button; the CIE button is text (its mark has no licence to ship).
    assert re.search(
        r'<summary class="spid-button"><span class="spid-button-mark"><img src="[^"]*spid-ico-circle-bb[^"]*"', page
    )
    assert re.search(r'<a class="cie-button" href="/auth/cie/login[^"]*"><span>Entra con CIE</span></a>', page)


def test_accredited_idps_have_agids_logos_and_others_none():
    assert spid_mark("spid", "https://posteid.poste.it") == "vendor/spid/idp-logos/spid-idp-posteid.svg"
    assert spid_mark("spid", "https://idp.example") is None
    assert (spid_mark("spid"), spid_mark("cie")) == (logos.SPID_MARK, None)
    for path in [
        logos.SPID_MARK,
        *(f"{logos.LOGO_FOLDER}/{name}" for name in logos.IDP_LOGOS.values()),
    ]:
        assert (STATIC / path).is_file(), f"make setup copies {path}"


def test_without_spid_the_sign_in_page_has_no_buttons(app):
    page = app.test_client().get("/auth/login").get_data(as_text=True)
    assert "Entra con SPID" not in page


def test_refresh_idps_copies_metadata_from_a_folder(spid_app_factory, spid_files, tmp_path):
    target = tmp_path / "idps"
    app = spid_app_factory(SPID_IDP_METADATA_DIR=str(target))
    source = tmp_path / "download"
    source.mkdir()
    (source / "test-idp.xml").write_text(spid_files["idp"].metadata())
    (source / "junk.xml").write_text("<html>not metadata</html>")
    result = app.test_cli_runner().invoke(args=["spid", "refresh-idps", str(source)])
    assert result.exit_code == 0, result.output
    assert (target / "test-idp.xml").exists() and not (target / "junk.xml").exists()
    page = app.test_client().get("/auth/login").get_data(as_text=True)
    assert "IdP di prova" in page


def test_refresh_idps_refuses_a_source_without_idps(spid_app_factory, tmp_path):
    app = spid_app_factory(SPID_IDP_METADATA_DIR=str(tmp_path / "idps"))
    (tmp_path / "empty.xml").write_text("<x/>")
    result = app.test_cli_runner().invoke(args=["spid", "refresh-idps", str(tmp_path / "empty.xml")])
    assert result.exit_code != 0
