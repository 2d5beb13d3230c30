"""The SAML 2 service provider for SPID and CIE, after AgID's technical rules (Regole tecniche, Avvisi SPID).

Metadata and requests are built here and signed with xmlsec1 through pysaml2's backend; responses
are checked here, rule by rule, and their signatures verified with xmlsec1 against the IdP's
certificates from its metadata (never against a certificate carried by the response).
"""

from __future__ import annotations

import base64
import html
import re
import secrets
import zlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote_plus, unquote_plus

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from lxml import etree
from saml2.sigver import CryptoBackendXmlSec1, SigverError, get_xmlsec_binary, make_temp

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
# How far apart our clock and the IdP's may be.
CLOCK_SKEW = timedelta(minutes=3)
# An answer to a request older than this is refused (the person took too long at the IdP).
REQUEST_MAX_AGE = timedelta(minutes=30)
_INSTANT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$")


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


@dataclass(frozen=True)
class Identity:
    """What a valid response says about the person."""

    provider: str
    idp_entity_id: str
    level: int
    attributes: dict[str, str]
    name_id: str
    name_qualifier: str
    session_index: str | None
    assertion_id: str
    assertion_expires_at: datetime
    request_id: str


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


# ---------------------------------------------------------------- signing


def _backend() -> CryptoBackendXmlSec1:
    return CryptoBackendXmlSec1(xmlsec_binary=_xmlsec())


@lru_cache(maxsize=1)
def _xmlsec() -> str:
    return get_xmlsec_binary(["/usr/bin", "/usr/local/bin"])


def _signature_template(reference_id: str, certificate: str) -> str:
    return (
        f'<ds:Signature xmlns:ds="{NS["ds"]}"><ds:SignedInfo>'
        f'<ds:CanonicalizationMethod Algorithm="{EXC_C14N}"/>'
        f'<ds:SignatureMethod Algorithm="{RSA_SHA256}"/>'
        f'<ds:Reference URI="#{reference_id}"><ds:Transforms>'
        f'<ds:Transform Algorithm="{ENVELOPED}"/><ds:Transform Algorithm="{EXC_C14N}"/>'
        f'</ds:Transforms><ds:DigestMethod Algorithm="{SHA256}"/><ds:DigestValue></ds:DigestValue>'
        "</ds:Reference></ds:SignedInfo><ds:SignatureValue></ds:SignatureValue>"
        f"<ds:KeyInfo><ds:X509Data><ds:X509Certificate>{certificate}</ds:X509Certificate>"
        "</ds:X509Data></ds:KeyInfo></ds:Signature>"
    )


def sign_xml(xml: str, node_name: str, node_id: str, key_file: str) -> str:
    """Sign the element with that ID (its template already in place) with xmlsec1."""
    return _backend().sign_statement(xml, node_name, key_file, node_id)


# ---------------------------------------------------------------- metadata


def metadata_xml(sp: SpSettings, provider: str) -> str:
    """The signed SP metadata, as Avviso SPID n. 29 v3 describes it for a public body."""
    return _signed_metadata(sp, provider, Path(sp.cert_file).stat().st_mtime)


@lru_cache(maxsize=8)
def _signed_metadata(sp: SpSettings, provider: str, _cert_mtime: float) -> str:
    e = html.escape
    entity_id = e(sp.entity_id)
    doc_id = new_id()
    certificate = sp.certificate_base64()
    requested = "".join(f'<md:RequestedAttribute Name="{name}"/>' for name in ATTRIBUTES)
    xml = (
        f'<md:EntityDescriptor xmlns:md="{NS["md"]}" xmlns:ds="{NS["ds"]}" xmlns:spid="{NS["spid"]}" '
        f'entityID="{entity_id}" ID="{doc_id}">'
        + _signature_template(doc_id, certificate)
        + '<md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol" '
        'AuthnRequestsSigned="true" WantAssertionsSigned="true">'
        f'<md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>{certificate}'
        "</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>"
        f'<md:SingleLogoutService Binding="{BINDING_REDIRECT}" Location="{e(sp.slo_url)}"/>'
        f'<md:SingleLogoutService Binding="{BINDING_POST}" Location="{e(sp.slo_url)}"/>'
        f"<md:NameIDFormat>{TRANSIENT_FORMAT}</md:NameIDFormat>"
        f'<md:AssertionConsumerService index="0" isDefault="true" Binding="{BINDING_POST}" '
        f'Location="{e(sp.acs_url(provider))}"/>'
        '<md:AttributeConsumingService index="0">'
        f'<md:ServiceName xml:lang="it">{e(sp.organization_name)}</md:ServiceName>{requested}'
        "</md:AttributeConsumingService></md:SPSSODescriptor>"
        "<md:Organization>"
        f'<md:OrganizationName xml:lang="it">{e(sp.organization_name)}</md:OrganizationName>'
        f'<md:OrganizationDisplayName xml:lang="it">{e(sp.organization_name)}</md:OrganizationDisplayName>'
        f'<md:OrganizationURL xml:lang="it">{e(sp.organization_url)}</md:OrganizationURL>'
        "</md:Organization>"
        '<md:ContactPerson contactType="other"><md:Extensions>'
        f"<spid:IPACode>{e(sp.ipa_code)}</spid:IPACode><spid:Public/>"
        "</md:Extensions>"
        f"<md:EmailAddress>{e(sp.contact_email)}</md:EmailAddress>"
        + (f"<md:TelephoneNumber>{e(sp.contact_phone)}</md:TelephoneNumber>" if sp.contact_phone else "")
        + "</md:ContactPerson></md:EntityDescriptor>"
    )
    return sign_xml(xml, "urn:oasis:names:tc:SAML:2.0:metadata:EntityDescriptor", doc_id, sp.key_file)


# ---------------------------------------------------------------- IdP metadata


def load_idps(folder: str | None) -> dict[str, IdentityProvider]:
    """Every IdP described by the *.xml files of the folder (SPID) and of its `cie` subfolder (CIE)."""
    if not folder or not Path(folder).is_dir():
        return {}
    root = Path(folder)
    files = sorted((path, "spid") for path in root.glob("*.xml"))
    files += sorted((path, "cie") for path in (root / "cie").glob("*.xml"))
    stamp = tuple((str(path), provider, path.stat().st_mtime) for path, provider in files)
    return _load_idps(stamp)


@lru_cache(maxsize=4)
def _load_idps(stamp: tuple) -> dict[str, IdentityProvider]:
    found: dict[str, IdentityProvider] = {}
    for path, provider, _mtime in stamp:
        for idp in parse_idp_metadata(Path(path).read_bytes(), provider):
            found[idp.entity_id] = idp
    return found


def parse_idp_metadata(xml: bytes, provider: str) -> list[IdentityProvider]:
    """The IdPs of one metadata document (an EntityDescriptor, or an EntitiesDescriptor of many)."""
    root = _parse(xml)
    entities = [root] if root.tag == f"{{{NS['md']}}}EntityDescriptor" else root.findall(".//md:EntityDescriptor", NS)
    idps = []
    for entity in entities:
        descriptor = entity.find("md:IDPSSODescriptor", NS)
        if descriptor is None:
            continue
        sso = descriptor.find(f"md:SingleSignOnService[@Binding='{BINDING_REDIRECT}']", NS)
        if sso is None:
            continue
        slo = descriptor.find(f"md:SingleLogoutService[@Binding='{BINDING_REDIRECT}']", NS)
        certificates = tuple(
            re.sub(r"\s", "", node.text or "")
            for key in descriptor.findall("md:KeyDescriptor", NS)
            if key.get("use") in (None, "signing")
            for node in key.findall(".//ds:X509Certificate", NS)
        )
        name_node = entity.find("md:Organization/md:OrganizationDisplayName", NS)
        name = (name_node.text or "").strip() if name_node is not None else ""
        idps.append(
            IdentityProvider(
                entity_id=entity.get("entityID", ""),
                name=name or entity.get("entityID", ""),
                provider=provider,
                sso_url=sso.get("Location", ""),
                slo_url=slo.get("Location") if slo is not None else None,
                certificates=certificates,
            )
        )
    return idps


# ---------------------------------------------------------------- requests


def _deflate(xml: str) -> str:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return base64.b64encode(compressor.compress(xml.encode()) + compressor.flush()).decode()


def _redirect_url(location: str, parameter: str, xml: str, relay_state: str, key_file: str) -> str:
    """The HTTP-Redirect binding: the message deflated in the query, signed with RSA-SHA256."""
    query = (
        f"{parameter}={quote_plus(_deflate(xml))}&RelayState={quote_plus(relay_state)}&SigAlg={quote_plus(RSA_SHA256)}"
    )
    key = serialization.load_pem_private_key(Path(key_file).read_bytes(), password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise RuntimeError("FLASK_SPID_KEY_FILE must hold an RSA key (AgID: at least 2048 bits)")
    signature = key.sign(query.encode(), padding.PKCS1v15(), hashes.SHA256())
    separator = "&" if "?" in location else "?"
    return f"{location}{separator}{query}&Signature={quote_plus(base64.b64encode(signature).decode())}"


def authn_request_xml(sp: SpSettings, idp: IdentityProvider, request_id: str, issued_at: datetime, level: int) -> str:
    """An AuthnRequest with the attributes AgID requires."""
    e = html.escape
    force = ' ForceAuthn="true"' if level > 1 else ""
    return (
        f'<samlp:AuthnRequest xmlns:samlp="{NS["samlp"]}" xmlns:saml="{NS["saml"]}" ID="{request_id}" '
        f'Version="2.0" IssueInstant="{_instant(issued_at)}" Destination="{e(idp.sso_url)}"{force} '
        'AssertionConsumerServiceIndex="0" AttributeConsumingServiceIndex="0">'
        f'<saml:Issuer NameQualifier="{e(sp.entity_id)}" Format="{ENTITY_FORMAT}">{e(sp.entity_id)}</saml:Issuer>'
        f'<samlp:NameIDPolicy Format="{TRANSIENT_FORMAT}"/>'
        f'<samlp:RequestedAuthnContext Comparison="minimum"><saml:AuthnContextClassRef>{LEVELS[level]}'
        "</saml:AuthnContextClassRef></samlp:RequestedAuthnContext></samlp:AuthnRequest>"
    )


def authn_redirect(
    sp: SpSettings, idp: IdentityProvider, request_id: str, issued_at: datetime, relay_state: str
) -> str:
    """Where to send the browser to sign in at the IdP."""
    xml = authn_request_xml(sp, idp, request_id, issued_at, sp.level)
    return _redirect_url(idp.sso_url, "SAMLRequest", xml, relay_state, sp.key_file)


def logout_redirect(
    sp: SpSettings, idp: IdentityProvider, name_id: str, name_qualifier: str, session_index: str
) -> str:
    """SP-initiated single logout: a signed LogoutRequest to the IdP."""
    e = html.escape
    xml = (
        f'<samlp:LogoutRequest xmlns:samlp="{NS["samlp"]}" xmlns:saml="{NS["saml"]}" ID="{new_id()}" Version="2.0" '
        f'IssueInstant="{_instant(datetime.utcnow())}" Destination="{e(idp.slo_url or "")}">'
        f'<saml:Issuer NameQualifier="{e(sp.entity_id)}" Format="{ENTITY_FORMAT}">{e(sp.entity_id)}</saml:Issuer>'
        f'<saml:NameID Format="{TRANSIENT_FORMAT}" NameQualifier="{e(name_qualifier)}">{e(name_id)}</saml:NameID>'
        f"<samlp:SessionIndex>{e(session_index)}</samlp:SessionIndex></samlp:LogoutRequest>"
    )
    return _redirect_url(idp.slo_url or "", "SAMLRequest", xml, secrets.token_urlsafe(16), sp.key_file)


def logout_response_redirect(sp: SpSettings, idp: IdentityProvider, in_response_to: str) -> str:
    """The answer to an IdP-initiated LogoutRequest."""
    e = html.escape
    xml = (
        f'<samlp:LogoutResponse xmlns:samlp="{NS["samlp"]}" xmlns:saml="{NS["saml"]}" ID="{new_id()}" Version="2.0" '
        f'IssueInstant="{_instant(datetime.utcnow())}" Destination="{e(idp.slo_url or "")}" '
        f'InResponseTo="{e(in_response_to)}">'
        f'<saml:Issuer NameQualifier="{e(sp.entity_id)}" Format="{ENTITY_FORMAT}">{e(sp.entity_id)}</saml:Issuer>'
        f'<samlp:Status><samlp:StatusCode Value="{SUCCESS}"/></samlp:Status></samlp:LogoutResponse>'
    )
    return _redirect_url(idp.slo_url or "", "SAMLResponse", xml, secrets.token_urlsafe(16), sp.key_file)


# ---------------------------------------------------------------- responses


def _time(value: str | None, code: str) -> datetime:
    if not value or not _INSTANT.match(value):
        raise SamlError(code)
    return datetime.strptime(value[:19], "%Y-%m-%dT%H:%M:%S")


def _one(parent: etree._Element, path: str, code: str) -> etree._Element:
    nodes = parent.findall(path, NS)
    if len(nodes) != 1:
        raise SamlError(code)
    return nodes[0]


def _leaf_text(node: etree._Element, code: str) -> str:
    """All the text of an element that must hold text only.

    A comment or any other node inside would end `.text` early while exclusive canonicalization
    drops it from the signed form: the signature would hold for a value the IdP never sent.
    """
    if len(node):  # lxml counts comments and processing instructions as children too
        raise SamlError(code)
    return (node.text or "").strip()


def _text(node: etree._Element, code: str) -> str:
    value = _leaf_text(node, code)
    if not value:
        raise SamlError(code)
    return value


def _verify(xml: bytes, element: etree._Element, node_name: str, idp: IdentityProvider, code: str) -> None:
    """The element carries an enveloped signature of itself, valid with one of the IdP's certificates."""
    element_id = element.get("ID")
    signatures = element.findall("ds:Signature", NS)
    if not element_id or len(signatures) != 1:
        raise SamlError(code)
    children = [child for child in element if isinstance(child.tag, str)]
    if len(children) < 2 or children[1] is not signatures[0]:
        raise SamlError(code)  # right after the Issuer, as the schema puts it: the first signature xmlsec1 meets
    references = signatures[0].findall("ds:SignedInfo/ds:Reference", NS)
    if len(references) != 1 or references[0].get("URI") != f"#{element_id}":
        raise SamlError(code)
    transforms = [t.get("Algorithm") for t in references[0].findall("ds:Transforms/ds:Transform", NS)]
    if any(t not in (ENVELOPED, EXC_C14N, "http://www.w3.org/2001/10/xml-exc-c14n#WithComments") for t in transforms):
        raise SamlError(code)  # no XSLT or XPath transforms
    backend = _backend()

    for certificate in idp.certificates:
        pem = "-----BEGIN CERTIFICATE-----\n" + certificate + "\n-----END CERTIFICATE-----\n"
        cert_file = make_temp(pem.encode(), suffix=".pem", decode=False)
        try:
            if backend.validate_signature(xml, cert_file.name, "pem", node_name, element_id):
                return
        except SigverError:  # xmlsec1 says no by failing
            continue
    raise SamlError(code)


def check_response(
    encoded: str,
    sp: SpSettings,
    provider: str,
    idps: dict[str, IdentityProvider],
    find_request,
    now: datetime,
) -> Identity:
    """Every check AgID's rules ask of a Response, or SamlError naming the first that fails.

    `find_request(id)` returns the pending request (SamlRequest) with that ID, or None.
    """
    try:
        xml = base64.b64decode(encoded, validate=False)
    except (ValueError, TypeError) as error:
        raise SamlError("not_base64", 400) from error
    root = _parse(xml)
    if root.tag != f"{{{NS['samlp']}}}Response":
        raise SamlError("not_a_response", 400)
    ids = [node.get("ID") for node in root.iter() if isinstance(node.tag, str) and node.get("ID") is not None]
    if len(ids) != len(set(ids)):
        raise SamlError("duplicate_ids")  # signature wrapping
    if not root.get("ID"):
        raise SamlError("response_id")
    if root.get("Version") != "2.0":
        raise SamlError("response_version")
    request = find_request(root.get("InResponseTo") or "") if root.get("InResponseTo") else None
    if request is None or request.provider != provider:
        raise SamlError("in_response_to")
    if request.answered_at is not None:
        raise SamlError("request_already_answered")
    if now - request.issued_at > REQUEST_MAX_AGE:
        raise SamlError("request_expired")
    issued = _time(root.get("IssueInstant"), "response_issue_instant")
    if issued < request.issued_at - CLOCK_SKEW or issued > now + CLOCK_SKEW:
        raise SamlError("response_issue_instant")
    if root.get("Destination") != sp.acs_url(provider):
        raise SamlError("destination")
    status = _one(root, "samlp:Status", "status")
    status_code = _one(status, "samlp:StatusCode", "status")
    if status_code.get("Value") != SUCCESS:
        message = status.findtext("samlp:StatusMessage", default="", namespaces=NS) or ""
        match = re.search(r"ErrorCode nr(\d+)", message)
        raise SamlError(f"idp_error_{match.group(1)}" if match else "idp_error")
    issuer = _one(root, "saml:Issuer", "response_issuer")
    idp = idps.get(_text(issuer, "response_issuer"))
    if idp is None or idp.entity_id != request.idp_entity_id:
        raise SamlError("response_issuer")
    if issuer.get("Format") not in (None, ENTITY_FORMAT):
        raise SamlError("response_issuer_format")
    if root.findall("saml:EncryptedAssertion", NS):
        raise SamlError("encrypted_assertion")
    assertion = _one(root, "saml:Assertion", "assertion")
    if len(root.findall(".//saml:Assertion", NS)) != 1:
        raise SamlError("assertion")
    _verify(xml, root, "urn:oasis:names:tc:SAML:2.0:protocol:Response", idp, "response_signature")
    _verify(xml, assertion, "urn:oasis:names:tc:SAML:2.0:assertion:Assertion", idp, "assertion_signature")
    return _check_assertion(assertion, sp, provider, idp, request, now)


def _check_assertion(assertion, sp: SpSettings, provider: str, idp: IdentityProvider, request, now: datetime):
    assertion_id = assertion.get("ID")
    if not assertion_id:
        raise SamlError("assertion_id")
    if assertion.get("Version") != "2.0":
        raise SamlError("assertion_version")
    issued = _time(assertion.get("IssueInstant"), "assertion_issue_instant")
    if issued < request.issued_at - CLOCK_SKEW or issued > now + CLOCK_SKEW:
        raise SamlError("assertion_issue_instant")
    issuer = _one(assertion, "saml:Issuer", "assertion_issuer")
    if _text(issuer, "assertion_issuer") != idp.entity_id:
        raise SamlError("assertion_issuer")
    if provider == "spid" and issuer.get("Format") != ENTITY_FORMAT:
        raise SamlError("assertion_issuer_format")
    if provider == "cie" and issuer.get("Format") not in (None, ENTITY_FORMAT):
        raise SamlError("assertion_issuer_format")

    subject = _one(assertion, "saml:Subject", "subject")
    name_id = _one(subject, "saml:NameID", "name_id")
    name_id_value = _text(name_id, "name_id")
    if name_id.get("Format") != TRANSIENT_FORMAT:
        raise SamlError("name_id_format")
    if not name_id.get("NameQualifier"):
        raise SamlError("name_id_qualifier")
    confirmation = _one(subject, "saml:SubjectConfirmation", "subject_confirmation")
    if confirmation.get("Method") != BEARER:
        raise SamlError("subject_confirmation_method")
    data = _one(confirmation, "saml:SubjectConfirmationData", "subject_confirmation_data")
    if data.get("Recipient") != sp.acs_url(provider):
        raise SamlError("recipient")
    if data.get("InResponseTo") != request.id:
        raise SamlError("subject_in_response_to")
    if _time(data.get("NotOnOrAfter"), "subject_not_on_or_after") <= now - CLOCK_SKEW:
        raise SamlError("subject_not_on_or_after")

    conditions = _one(assertion, "saml:Conditions", "conditions")
    not_before = _time(conditions.get("NotBefore"), "conditions_not_before")
    not_on_or_after = _time(conditions.get("NotOnOrAfter"), "conditions_not_on_or_after")
    if not_before > now + CLOCK_SKEW:
        raise SamlError("not_yet_valid")
    if not_on_or_after <= now - CLOCK_SKEW:
        raise SamlError("expired")
    restriction = _one(conditions, "saml:AudienceRestriction", "audience")
    audiences = [_leaf_text(node, "audience") for node in restriction.findall("saml:Audience", NS)]
    if audiences != [sp.entity_id]:
        raise SamlError("audience")

    statement = _one(assertion, "saml:AuthnStatement", "authn_statement")
    context = _one(statement, "saml:AuthnContext", "authn_context")
    class_ref = _text(_one(context, "saml:AuthnContextClassRef", "authn_context_class"), "authn_context_class")
    levels = {uri: level for level, uri in LEVELS.items()}
    if class_ref not in levels:
        raise SamlError("authn_context_class")
    if levels[class_ref] < request.level:
        raise SamlError("level_too_low")

    attributes: dict[str, str] = {}
    statements = assertion.findall("saml:AttributeStatement", NS)
    if len(statements) != 1:
        raise SamlError("attributes_missing")
    for attribute in statements[0].findall("saml:Attribute", NS):
        name = attribute.get("Name")
        values = attribute.findall("saml:AttributeValue", NS)
        if not name or len(values) != 1:
            raise SamlError("attributes_malformed")
        attributes[name] = _leaf_text(values[0], "attributes_malformed")
    if set(attributes) != set(ATTRIBUTES) or not all(attributes.values()):
        raise SamlError("attributes_missing")
    session_index = statement.get("SessionIndex")
    return Identity(
        provider=provider,
        idp_entity_id=idp.entity_id,
        level=levels[class_ref],
        attributes=attributes,
        name_id=name_id_value,
        name_qualifier=name_id.get("NameQualifier", ""),
        session_index=session_index,
        assertion_id=assertion_id,
        assertion_expires_at=max(not_on_or_after, now) + CLOCK_SKEW,
        request_id=request.id,
    )


_SIGNATURE_HASHES = {RSA_SHA256: hashes.SHA256, "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512": hashes.SHA512}


def _verify_redirect(raw_query: str, parameter: str, idp: IdentityProvider) -> None:
    """The HTTP-Redirect binding's signature: over the parameters as the IdP encoded them, in order."""
    parts = dict(part.split("=", 1) for part in raw_query.split("&") if "=" in part)
    signed = "&".join(f"{key}={parts[key]}" for key in (parameter, "RelayState", "SigAlg") if key in parts)
    algorithm = _SIGNATURE_HASHES.get(unquote_plus(parts.get("SigAlg", "")))
    if algorithm is None or "Signature" not in parts:
        raise SamlError("logout_signature")
    signature = base64.b64decode(unquote_plus(parts["Signature"]))
    for certificate in idp.certificates:
        public_key = x509.load_der_x509_certificate(base64.b64decode(certificate)).public_key()
        if not isinstance(public_key, rsa.RSAPublicKey):
            continue
        try:
            public_key.verify(signature, signed.encode(), padding.PKCS1v15(), algorithm())
        except InvalidSignature:
            continue
        return
    raise SamlError("logout_signature")


def check_logout_message(
    values: dict, raw_query: str, method: str, idps: dict[str, IdentityProvider]
) -> tuple[etree._Element, IdentityProvider]:
    """A LogoutRequest or LogoutResponse from a known IdP, signed by it (query signature or enveloped)."""
    parameter = "SAMLResponse" if "SAMLResponse" in values else "SAMLRequest"
    try:
        raw = base64.b64decode(values.get(parameter) or "")
        xml = zlib.decompress(raw, -15) if method == "GET" else raw
    except (ValueError, zlib.error) as error:
        raise SamlError("malformed_logout", 400) from error
    root = _parse(xml)
    if root.tag not in (f"{{{NS['samlp']}}}LogoutRequest", f"{{{NS['samlp']}}}LogoutResponse"):
        raise SamlError("malformed_logout", 400)
    issuer = (root.findtext("saml:Issuer", default="", namespaces=NS) or "").strip()
    idp = idps.get(issuer)
    if idp is None:
        raise SamlError("slo_issuer")
    if method == "GET":
        _verify_redirect(raw_query, parameter, idp)
    else:
        node_name = "urn:oasis:names:tc:SAML:2.0:protocol:" + root.tag.rsplit("}", 1)[1]
        _verify(xml, root, node_name, idp, "logout_signature")
    return root, idp
