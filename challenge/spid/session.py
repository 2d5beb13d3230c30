"""What the session keeps of a SPID/CIE sign-in, shared with the password sign-in and sign-out."""

from __future__ import annotations

from flask import flash, session
from flask_babel import gettext as _

from . import accounts as spid_accounts
from . import saml
from .accounts import SpidAccountError
from .config import identity_providers, sp_settings, spid_enabled

# What the session keeps of a SPID/CIE sign-in, for single logout.
SESSION_KEY = "spid"
# An identity waiting for its owner to sign in with the password, to link it.
PENDING_LINK_KEY = "spid_pending_link"


def complete_pending_link(user, pending: dict | None) -> None:
    """Called by the password sign-in: link the identity that was waiting for it."""
    if not pending:
        return
    try:
        spid_accounts.link(user, pending["hash"], pending["provider"])
    except SpidAccountError as error:
        flash(error.message, "danger")
    else:
        flash(_("Il tuo account è ora collegato alla tua identità SPID/CIE."), "success")


def single_logout_url() -> str | None:
    """Where to send a person signed in with SPID/CIE so that the IdP ends its session too, if it can."""
    state = session.get(SESSION_KEY) or {}
    if not state or not spid_enabled():
        return None
    idp = identity_providers(state.get("provider", "spid")).get(state.get("idp", ""))
    if idp is None or not idp.slo_url or not state.get("session_index"):
        return None
    return saml.logout_redirect(sp_settings(), idp, state["name_id"], state["name_qualifier"], state["session_index"])
