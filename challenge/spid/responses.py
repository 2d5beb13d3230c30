"""An IdP's Response and its assertion, checked rule by rule as AgID's rules ask."""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from lxml import etree

from .saml import (
    ATTRIBUTES,
    BEARER,
    ENTITY_FORMAT,
    LEVELS,
    NS,
    SUCCESS,
    TRANSIENT_FORMAT,
    IdentityProvider,
    SamlError,
    SpSettings,
    _parse,
)
from .signatures import _verify

# How far apart our clock and the IdP's may be.
CLOCK_SKEW = timedelta(minutes=3)
# An answer to a request older than this is refused (the person took too long at the IdP).
REQUEST_MAX_AGE = timedelta(minutes=30)
_INSTANT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$")


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
