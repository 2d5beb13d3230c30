"""A SAML identity provider for the tests: its own key, its metadata, and signed responses (pysaml2's xmlsec1 backend).

`response(...)` builds a correct SPID Response to an AuthnRequest; keyword arguments change or
drop one part of it, so that each rule of the assertion consumer can be shown to refuse.
"""

from __future__ import annotations

import base64
import subprocess
import sys
import zlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from lxml import etree
from saml2.sigver import CryptoBackendXmlSec1, get_xmlsec_binary

from challenge.spid import saml, signatures

ATTRIBUTES = {
    "fiscalNumber": "TINIT-RSSMRA80A01H501U",
    "name": "Mario",
    "familyName": "Rossi",
    "email": "mario.rossi@example.org",
}


def make_key_and_certificate(folder: Path, name: str, subject: str = "/CN=test") -> tuple[Path, Path]:
    """A fresh RSA key and self-signed certificate, generated at test time (nothing private is committed)."""
    key, cert = folder / f"{name}.key", folder / f"{name}.crt"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-sha256", "-nodes", "-days", "2"),
            *("-subj", subject, "-keyout", str(key), "-out", str(cert)),
        ],
        check=True,
        capture_output=True,
    )
    return key, cert


# spid-compliant-certificates' generator without its IndicePA look-up; in a child process, because
# importing it sets the root logger to DEBUG.
_GENERATOR = """
import sys
from pathlib import Path
from spid_compliant_certificates.generator import generate as _
import importlib
generate = importlib.import_module("spid_compliant_certificates.generator.generate")
folder, entity_id = Path(sys.argv[1]), sys.argv[2]
cert_opts = {"sector": "public", "common_name": "Sfide PA test", "days": 30, "entity_id": entity_id,
             "locality_name": "Roma", "org_id": "PA:IT-c_h501", "org_name": "Comune di Prova"}
crypto_opts = {"key_size": 2048, "md_alg": "sha256", "key_out": folder / "sp.key", "crt_out": folder / "sp.crt",
               "csr_out": folder / "sp.csr"}
generate.gen_self_signed(generate.gen_private_key(2048, folder / "sp.key"), cert_opts, crypto_opts)
"""


def make_sp_key_and_certificate(folder: Path, entity_id: str) -> tuple[Path, Path]:
    """The SP's key and certificate as AgID requires them, made by spid-compliant-certificates (public sector).

    Its command line first looks the IPA code up on indicepa.gov.it; offline, the suite calls the
    same generator functions without that look-up.
    """
    subprocess.run([sys.executable, "-c", _GENERATOR, str(folder), entity_id], check=True, capture_output=True)
    return folder / "sp.key", folder / "sp.crt"


@dataclass
class AuthnRequest:
    """What the IdP read from the redirect the SP sent the browser to."""

    id: str
    issue_instant: str
    acs_index: str | None
    level_uri: str
    comparison: str | None
    force_authn: str | None
    xml: etree._Element
    query: dict[str, str]


class TestIdp:
    __test__ = False  # not a test class

    def __init__(
        self, folder: Path, entity_id: str = "https://idp.test.example", provider: str = "spid", base_url: str = ""
    ):
        self.entity_id = entity_id
        self.provider = provider
        self.folder = folder
        self.key, self.cert = make_key_and_certificate(folder, f"idp-{provider}", "/CN=Test IdP/O=Sfide PA tests")
        self.sso_url = f"{base_url or entity_id}/sso"
        self.slo_url = f"{base_url or entity_id}/slo"
        self.backend = CryptoBackendXmlSec1(xmlsec_binary=get_xmlsec_binary(["/usr/bin", "/usr/local/bin"]))

    @property
    def certificate(self) -> str:
        return saml._pem_body(self.cert.read_text())

    def metadata(self) -> str:
        return (
            f'<md:EntityDescriptor xmlns:md="{saml.NS["md"]}" xmlns:ds="{saml.NS["ds"]}" entityID="{self.entity_id}">'
            '<md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol" '
            'WantAuthnRequestsSigned="true">'
            f'<md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>{self.certificate}'
            "</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>"
            f'<md:SingleLogoutService Binding="{saml.BINDING_REDIRECT}" Location="{self.slo_url}"/>'
            f"<md:NameIDFormat>{saml.TRANSIENT_FORMAT}</md:NameIDFormat>"
            f'<md:SingleSignOnService Binding="{saml.BINDING_REDIRECT}" Location="{self.sso_url}"/>'
            f'<md:SingleSignOnService Binding="{saml.BINDING_POST}" Location="{self.sso_url}"/>'
            "</md:IDPSSODescriptor>"
            '<md:Organization><md:OrganizationName xml:lang="it">Test IdP</md:OrganizationName>'
            '<md:OrganizationDisplayName xml:lang="it">IdP di prova</md:OrganizationDisplayName>'
            '<md:OrganizationURL xml:lang="it">https://idp.test.example</md:OrganizationURL></md:Organization>'
            "</md:EntityDescriptor>"
        )

    def read_request(self, location: str) -> AuthnRequest:
        """Decode the AuthnRequest of a redirect (the SP's signature is checked by test_requests)."""
        query = {key: values[0] for key, values in parse_qs(urlsplit(location).query).items()}
        xml = zlib.decompress(base64.b64decode(query["SAMLRequest"]), -15)
        root = etree.fromstring(xml)
        context = root.find("samlp:RequestedAuthnContext", saml.NS)
        return AuthnRequest(
            id=root.get("ID"),
            issue_instant=root.get("IssueInstant"),
            acs_index=root.get("AssertionConsumerServiceIndex"),
            level_uri=context.findtext("saml:AuthnContextClassRef", namespaces=saml.NS),
            comparison=context.get("Comparison"),
            force_authn=root.get("ForceAuthn"),
            xml=root,
            query=query,
        )

    def response(
        self,
        request_id: str,
        acs_url: str,
        audience: str,
        *,
        attributes: dict[str, str] | None = None,
        level: int = 1,
        now: datetime | None = None,
        destination: str | None = None,
        recipient: str | None = None,
        in_response_to: str | None = None,
        subject_in_response_to: str | None = None,
        not_before: datetime | None = None,
        not_on_or_after: datetime | None = None,
        subject_not_on_or_after: datetime | None = None,
        assertion_id: str | None = None,
        status: str = saml.SUCCESS,
        status_message: str | None = None,
        issuer: str | None = None,
        sign_response: bool = True,
        sign_assertion: bool = True,
        signing_key: Path | None = None,
        tamper: bool = False,
    ) -> str:
        """A Response, base64 as the browser posts it to the ACS."""
        now = now or datetime.utcnow()
        instant = now.strftime("%Y-%m-%dT%H:%M:%SZ")
        not_before = not_before or now - timedelta(minutes=1)
        not_on_or_after = not_on_or_after or now + timedelta(minutes=5)
        subject_not_on_or_after = subject_not_on_or_after or not_on_or_after
        attributes = ATTRIBUTES if attributes is None else attributes
        response_id, assertion_id = saml.new_id(), assertion_id or saml.new_id()
        issuer = issuer or self.entity_id
        in_response_to = request_id if in_response_to is None else in_response_to
        subject_in_response_to = request_id if subject_in_response_to is None else subject_in_response_to
        fmt = "%Y-%m-%dT%H:%M:%SZ"
        attribute_xml = "".join(
            f'<saml:Attribute Name="{name}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:basic">'
            f'<saml:AttributeValue xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="xs:string" '
            f'xmlns:xs="http://www.w3.org/2001/XMLSchema">{value}</saml:AttributeValue></saml:Attribute>'
            for name, value in attributes.items()
        )
        signature_assertion = signatures._signature_template(assertion_id, self.certificate) if sign_assertion else ""
        signature_response = signatures._signature_template(response_id, self.certificate) if sign_response else ""
        status_xml = f'<samlp:StatusCode Value="{status}"/>'
        if status_message:
            status_xml += f"<samlp:StatusMessage>{status_message}</samlp:StatusMessage>"
        xml = (
            f'<samlp:Response xmlns:samlp="{saml.NS["samlp"]}" xmlns:saml="{saml.NS["saml"]}" ID="{response_id}" '
            f'Version="2.0" IssueInstant="{instant}" Destination="{destination or acs_url}" InResponseTo="{in_response_to}">'
            f'<saml:Issuer Format="{saml.ENTITY_FORMAT}">{issuer}</saml:Issuer>{signature_response}'
            f"<samlp:Status>{status_xml}</samlp:Status>"
            f'<saml:Assertion ID="{assertion_id}" Version="2.0" IssueInstant="{instant}">'
            f'<saml:Issuer Format="{saml.ENTITY_FORMAT}">{issuer}</saml:Issuer>{signature_assertion}'
            f'<saml:Subject><saml:NameID Format="{saml.TRANSIENT_FORMAT}" NameQualifier="{self.entity_id}">'
            "_transient-name-id</saml:NameID>"
            f'<saml:SubjectConfirmation Method="{saml.BEARER}"><saml:SubjectConfirmationData '
            f'Recipient="{recipient or acs_url}" InResponseTo="{subject_in_response_to}" '
            f'NotOnOrAfter="{subject_not_on_or_after.strftime(fmt)}"/></saml:SubjectConfirmation></saml:Subject>'
            f'<saml:Conditions NotBefore="{not_before.strftime(fmt)}" NotOnOrAfter="{not_on_or_after.strftime(fmt)}">'
            f"<saml:AudienceRestriction><saml:Audience>{audience}</saml:Audience></saml:AudienceRestriction>"
            "</saml:Conditions>"
            f'<saml:AuthnStatement AuthnInstant="{instant}" SessionIndex="_session-index">'
            f"<saml:AuthnContext><saml:AuthnContextClassRef>{saml.LEVELS[level]}</saml:AuthnContextClassRef>"
            "</saml:AuthnContext></saml:AuthnStatement>"
            f"<saml:AttributeStatement>{attribute_xml}</saml:AttributeStatement>"
            "</saml:Assertion></samlp:Response>"
        )
        key = str(signing_key or self.key)
        if sign_assertion:
            xml = self.backend.sign_statement(xml, "urn:oasis:names:tc:SAML:2.0:assertion:Assertion", key, assertion_id)
        if sign_response:
            xml = self.backend.sign_statement(xml, "urn:oasis:names:tc:SAML:2.0:protocol:Response", key, response_id)
        if tamper:  # change the signed content after signing
            xml = xml.replace(">Mario<", ">Maria<")
        return base64.b64encode(xml.encode()).decode()
