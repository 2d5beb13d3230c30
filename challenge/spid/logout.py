"""Single-logout messages from an IdP: signed by it, fresh, meant for us, seen once, about this session."""

from __future__ import annotations

import base64
import zlib
from datetime import datetime, timedelta

from lxml import etree

from . import accounts as spid_accounts
from .config import identity_providers, sp_settings
from .responses import CLOCK_SKEW, _leaf_text, _time
from .saml import NS, IdentityProvider, SamlError, _parse
from .signatures import _verify, _verify_redirect

# How old an IdP's logout message may be: the browser brings it right after the IdP made it.
LOGOUT_MAX_AGE = timedelta(minutes=5)
LOGOUT_REQUEST = f"{{{NS['samlp']}}}LogoutRequest"


def check_idp_message(
    values: dict, raw_query: str, method: str, now: datetime, session_state: dict | None
) -> tuple[etree._Element, IdentityProvider]:
    """The IdP's LogoutRequest or LogoutResponse, or SamlError naming the first rule it breaks."""
    idps = {**identity_providers("spid"), **identity_providers("cie")}
    message, idp = check_logout_message(values, raw_query, method, idps)
    issued = _check_fresh_and_ours(message, now)
    if not spid_accounts.first_sight(f"logout:{message.get('ID')}", issued + LOGOUT_MAX_AGE + 2 * CLOCK_SKEW):
        raise SamlError("replayed_logout")
    if message.tag == LOGOUT_REQUEST and not _names_this_session(message, idp, session_state):
        raise SamlError("logout_name_id")
    return message, idp


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


def _check_fresh_and_ours(message: etree._Element, now: datetime) -> datetime:
    if not message.get("ID"):
        raise SamlError("logout_id")
    issued = _time(message.get("IssueInstant"), "logout_issue_instant")
    if issued < now - LOGOUT_MAX_AGE - CLOCK_SKEW or issued > now + CLOCK_SKEW:
        raise SamlError("logout_issue_instant")
    if message.get("Destination") != sp_settings().slo_url:
        raise SamlError("logout_destination")
    return issued


def _names_this_session(message: etree._Element, idp: IdentityProvider, session_state: dict | None) -> bool:
    """The request ends the SPID/CIE session this browser holds with that IdP, not any other."""
    name_ids = message.findall("saml:NameID", NS)
    if not session_state or session_state.get("idp") != idp.entity_id or len(name_ids) != 1:
        return False
    return _leaf_text(name_ids[0], "logout_name_id") == session_state.get("name_id")
