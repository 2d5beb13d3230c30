"""Single-logout messages from an IdP: on top of its signature, fresh, meant for us, seen once, about this session."""

from __future__ import annotations

from datetime import datetime, timedelta

from lxml import etree

from . import accounts as spid_accounts
from . import saml
from .config import identity_providers, sp_settings

# How old an IdP's logout message may be: the browser brings it right after the IdP made it.
LOGOUT_MAX_AGE = timedelta(minutes=5)
LOGOUT_REQUEST = f"{{{saml.NS['samlp']}}}LogoutRequest"


def check_idp_message(
    values: dict, raw_query: str, method: str, now: datetime, session_state: dict | None
) -> tuple[etree._Element, saml.IdentityProvider]:
    """The IdP's LogoutRequest or LogoutResponse, or SamlError naming the first rule it breaks."""
    idps = {**identity_providers("spid"), **identity_providers("cie")}
    message, idp = saml.check_logout_message(values, raw_query, method, idps)
    issued = _check_fresh_and_ours(message, now)
    if not spid_accounts.first_sight(f"logout:{message.get('ID')}", issued + LOGOUT_MAX_AGE + 2 * saml.CLOCK_SKEW):
        raise saml.SamlError("replayed_logout")
    if message.tag == LOGOUT_REQUEST and not _names_this_session(message, idp, session_state):
        raise saml.SamlError("logout_name_id")
    return message, idp


def _check_fresh_and_ours(message: etree._Element, now: datetime) -> datetime:
    if not message.get("ID"):
        raise saml.SamlError("logout_id")
    issued = saml._time(message.get("IssueInstant"), "logout_issue_instant")
    if issued < now - LOGOUT_MAX_AGE - saml.CLOCK_SKEW or issued > now + saml.CLOCK_SKEW:
        raise saml.SamlError("logout_issue_instant")
    if message.get("Destination") != sp_settings().slo_url:
        raise saml.SamlError("logout_destination")
    return issued


def _names_this_session(message: etree._Element, idp: saml.IdentityProvider, session_state: dict | None) -> bool:
    """The request ends the SPID/CIE session this browser holds with that IdP, not any other."""
    name_ids = message.findall("saml:NameID", saml.NS)
    if not session_state or session_state.get("idp") != idp.entity_id or len(name_ids) != 1:
        return False
    return saml._leaf_text(name_ids[0], "logout_name_id") == session_state.get("name_id")
