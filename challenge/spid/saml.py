"""The SAML 2 vocabulary that SPID and CIE share, after AgID's technical rules (Regole tecniche, Avvisi SPID).

Namespaces, formats and levels; the two parties (our settings, an IdP from its metadata); the error a
refused message raises; parsing untrusted XML. Signing and verifying are in `signatures`, our metadata and the
IdPs' in `metadata`, the messages we send in `requests`, the checks of an IdP's Response in `responses`, of its
single-logout messages in `logout`.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from lxml import etree

NS = {
    "md": "urn:oasis:names:tc:SAML:2.0:metadata",
    "samlp": "urn:oasis:names:tc:SAML:2.0:protocol",
    "saml": "urn:oasis:names:tc:SAML:2.0:assertion",
    "ds": "http://www.w3.org/2000/09/xmldsig#",
    "spid": "https://spid.gov.it/saml-extensions",
}
BINDING_POST = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"
BINDING_REDIRECT = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
ENTITY_FORMAT = "urn:oasis:names:tc:SAML:2.0:nameid-format:entity"
TRANSIENT_FORMAT = "urn:oasis:names:tc:SAML:2.0:nameid-format:transient"
BEARER = "urn:oasis:names:tc:SAML:2.0:cm:bearer"
SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success"
RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256"
EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#"
ENVELOPED = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"
LEVELS = {1: "https://www.spid.gov.it/SpidL1", 2: "https://www.spid.gov.it/SpidL2", 3: "https://www.spid.gov.it/SpidL3"}
ATTRIBUTES = ("fiscalNumber", "name", "familyName", "email")
PROVIDERS = ("spid", "cie")


class SamlError(Exception):
    """A response the rules refuse; `code` names the rule (logged, and chooses the page's message)."""

    def __init__(self, code: str, status: int = 403):
        super().__init__(code)
        self.code = code
        self.status = status


@dataclass(frozen=True)
class SpSettings:
    """Everything about our side: from the FLASK_SPID_* settings and PUBLIC_URL."""

    entity_id: str
    base_url: str
    key_file: str
    cert_file: str
    level: int
    organization_name: str
    organization_url: str
    ipa_code: str
    contact_email: str
    contact_phone: str

    def acs_url(self, provider: str) -> str:
        return f"{self.base_url}/auth/{provider}/acs"

    @property
    def slo_url(self) -> str:
        return f"{self.base_url}/auth/spid/slo"

    def certificate_base64(self) -> str:
        return _pem_body(Path(self.cert_file).read_text())


@dataclass(frozen=True)
class IdentityProvider:
    """One IdP from its metadata file."""

    entity_id: str
    name: str
    provider: str  # "spid" or "cie"
    sso_url: str  # HTTP-Redirect SingleSignOnService
    slo_url: str | None
    certificates: tuple[str, ...]  # base64 DER, the signing keys


def _pem_body(pem: str) -> str:
    lines = [line.strip() for line in pem.strip().splitlines() if line.strip() and "-----" not in line]
    return "".join(lines)


def _parse(xml: bytes) -> etree._Element:
    """Parse untrusted XML: no DTD, no entities, no network (XXE and billion laughs stop here)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    if b"<!DOCTYPE" in xml or b"<!ENTITY" in xml:
        raise SamlError("dtd_refused", 400)
    try:
        return etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as error:
        raise SamlError("malformed_xml", 400) from error


def _instant(value: datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def new_id() -> str:
    """A SAML ID: starts with a letter or underscore (xs:ID), 128 random bits."""
    return "_" + secrets.token_hex(16)
