"""What the session keeps of a SPID/CIE sign-in, shared with the password sign-in and sign-out."""

from __future__ import annotations

import time

from flask import flash, session
from flask_babel import gettext as _

from .config import identity_providers, sp_settings, spid_enabled
from .requests import logout_redirect

# What the session keeps of a SPID/CIE sign-in, for single logout.
SESSION_KEY = "spid"
# An identity waiting for the owner of the account it names to sign in with the password and confirm the link.
PENDING_LINK_KEY = "spid_pending_link"
PENDING_LINK_SECONDS = 30 * 60


def _waits_for(pending, user) -> bool:
    """The pending link names that account and has not expired."""
    return (
        isinstance(pending, dict)
        and pending.get("user_id") == user.id
        and int(pending.get("until") or 0) >= time.time()
    )


def pending_link_for(user) -> dict | None:
    pending = session.get(PENDING_LINK_KEY)
    return pending if _waits_for(pending, user) else None


def refuse_link() -> None:
    flash(
        _("Questa richiesta di collegamento non riguarda il tuo account o è scaduta: non è stato collegato nulla."),
        "danger",
    )


def keep_pending_link(user, pending: dict | None) -> bool:
    """Called by the password sign-in (which starts a fresh session): carry over a link waiting for this account."""
    if not _waits_for(pending, user):
        return False
    session[PENDING_LINK_KEY] = pending
    return True


def single_logout_url() -> str | None:
    """Where to send a person signed in with SPID/CIE so that the IdP ends its session too, if it can."""
    state = session.get(SESSION_KEY) or {}
    if not state or not spid_enabled():
        return None
    idp = identity_providers(state.get("provider", "spid")).get(state.get("idp", ""))
    if idp is None or not idp.slo_url or not state.get("session_index"):
        return None
    return logout_redirect(sp_settings(), idp, state["name_id"], state["name_qualifier"], state["session_index"])
