"""SPID and CIE sign-in: metadata, the start of a sign-in, the assertion consumer, single logout."""

from __future__ import annotations

import secrets
import time

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..account.service import find_by_email
from ..core.extensions import csrf
from ..models import utcnow
from ..web.forms import ConfirmForm
from ..web.helpers import ask_first
from ..web.urls import safe_next
from . import accounts as spid_accounts
from . import binding, logout, responses, saml
from . import requests as saml_requests
from .accounts import SpidAccountError
from .config import identity_providers, sp_settings, spid_enabled
from .metadata import metadata_xml
from .session import (
    PENDING_LINK_KEY,
    PENDING_LINK_SECONDS,
    SESSION_KEY,
    pending_link_for,
    refuse_link,
    single_logout_url,
)

bp = Blueprint("spid", __name__)


def _provider_or_404(provider: str) -> str:
    if provider not in saml.PROVIDERS or not spid_enabled():
        abort(404)
    return provider


@bp.get("/<provider>/metadata")
def metadata(provider: str):
    """The signed SP metadata to register with AgID (SPID) or the Ministry of the Interior (CIE)."""
    _provider_or_404(provider)
    xml = metadata_xml(sp_settings(), provider)
    return Response(xml, mimetype="application/samlmetadata+xml", headers={"Cache-Control": "no-cache"})


@bp.get("/<provider>/login")
def login(provider: str):
    """Send the browser to the chosen IdP with a signed AuthnRequest (HTTP-Redirect)."""
    _provider_or_404(provider)
    idps = identity_providers(provider)
    entity_id = request.args.get("idp") or (next(iter(idps)) if provider == "cie" and len(idps) == 1 else "")
    idp = idps.get(entity_id)
    if idp is None:
        return render_template("spid/error.html", code="unknown_idp"), 404
    sp = sp_settings()
    request_id = saml.new_id()
    issued_at = utcnow().replace(microsecond=0)
    browser = binding.browser_value(request)
    next_url = safe_next(request.args.get("next"))
    spid_accounts.record_request(request_id, provider, idp.entity_id, sp.level, next_url, binding.value_hash(browser))
    response = redirect(saml_requests.authn_redirect(sp, idp, request_id, issued_at, secrets.token_urlsafe(16)), 302)
    response.headers["Cache-Control"] = "no-store"
    binding.remember(response, browser)
    return response


def _refuse(error: saml.SamlError):
    # The rule's name and the request's id only: never attributes, NameID or the XML.
    current_app.logger.warning("spid response refused: %s", error.code)
    return render_template("spid/error.html", code=error.code), error.status


@bp.post("/<provider>/acs")
@csrf.exempt  # the IdP posts here; the signed response and the one-use request ID are the protection
def acs(provider: str):
    """The assertion consumer: every check of responses.check_response, then sign in, create or link."""
    _provider_or_404(provider)
    from ..web.signin import sign_in

    sp = sp_settings()
    now = utcnow().replace(tzinfo=None)
    try:
        identity = responses.check_response(
            request.form.get("SAMLResponse", ""),
            sp,
            provider,
            identity_providers(provider),
            spid_accounts.pending_request,
            now,
        )
    except saml.SamlError as error:
        return _refuse(error)
    pending = spid_accounts.pending_request(identity.request_id)
    assert pending is not None  # check_response found it
    if not binding.same_browser(request, pending.browser_hash):
        return _refuse(saml.SamlError("other_browser"))  # a response carried to another browser (login CSRF)
    next_url = pending.next_url
    if not spid_accounts.consume(pending, identity.assertion_id, identity.assertion_expires_at):
        return _refuse(saml.SamlError("replayed_assertion"))
    attributes = identity.attributes
    digest = spid_accounts.fiscal_hash(attributes["fiscalNumber"])
    user = spid_accounts.find_by_identity(digest)
    if user is None:
        existing = find_by_email(attributes["email"])
        if existing is not None:
            if existing.spid_fiscal_hash is not None:
                return _refuse(saml.SamlError("address_linked_elsewhere"))
            # Someone already has this address: its owner signs in with the password, then confirms the link.
            session[PENDING_LINK_KEY] = {
                "hash": digest,
                "provider": provider,
                "user_id": existing.id,
                "until": int(time.time()) + PENDING_LINK_SECONDS,
            }
            current_app.logger.info("spid identity waiting for a password sign-in to link")
            return redirect(url_for(".link_pending"), 303)
        user = spid_accounts.create_account(
            digest, provider, f"{attributes['name']} {attributes['familyName']}", attributes["email"]
        )
        created = True
    else:
        spid_accounts.signed_in_with(user, provider)
        created = False
    response = redirect(next_url or url_for("main.index"), 303)
    sign_in(user)
    session[SESSION_KEY] = {
        "provider": provider,
        "idp": identity.idp_entity_id,
        "name_id": identity.name_id,
        "name_qualifier": identity.name_qualifier,
        "session_index": identity.session_index or "",
    }
    if created:
        flash(
            _("Ti diamo il benvenuto su Sfide PA, %(name)s! Il tuo account è verificato con SPID/CIE.", name=user.name),
            "success",
        )
    else:
        flash(_("Accesso effettuato. Bentornato, %(name)s!", name=user.name), "success")
    return response


@bp.get("/spid/link")
def link_pending():
    """An identity whose email already has an account: its owner signs in with the password, then confirms."""
    if PENDING_LINK_KEY not in session:
        return redirect(url_for("auth.login"), 303)
    if not current_user.is_authenticated:
        return render_template("spid/link.html", form=None)
    if pending_link_for(current_user) is None:
        session.pop(PENDING_LINK_KEY, None)
        refuse_link()
        return redirect(url_for("account.index"), 303)
    return render_template("spid/link.html", form=ConfirmForm())


@bp.post("/spid/link")
@login_required
def confirm_link():
    """The account's owner, signed in, confirms linking the identity waiting for it."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    pending = pending_link_for(current_user)
    session.pop(PENDING_LINK_KEY, None)
    if pending is None:
        refuse_link()
        return redirect(url_for("account.index"), 303)
    try:
        spid_accounts.link(current_user, pending["hash"], pending["provider"])
    except SpidAccountError as error:
        flash(error.message, "danger")
    else:
        flash(_("Il tuo account è ora collegato alla tua identità SPID/CIE."), "success")
    return redirect(url_for("account.index"), 303)


@bp.post("/spid/unlink")
@login_required
def unlink():
    """Remove the link between the account and its SPID/CIE identity."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        page = ask_first(
            lambda: spid_accounts.refuse_unlink(current_user),
            title=_("Scollegare SPID/CIE?"),
            text=_(
                "Non potrai più entrare con SPID o CIE. Per collegarli di nuovo dovrai uscire, accedere con SPID o CIE e confermare con la password."
            ),
            button=_("Sì, scollega SPID/CIE"),
            back=url_for("account.index"),
        )
        if page is not None:
            return page
        spid_accounts.unlink(current_user)
    except SpidAccountError as error:
        flash(error.message, "danger")
    else:
        flash(_("Collegamento con SPID/CIE rimosso."), "success")
    return redirect(url_for("account.index"), 303)


@bp.route("/spid/slo", methods=["GET", "POST"])
@csrf.exempt  # IdPs call it; a signed-in person's POST carries the form's token, checked below
def slo():
    """Single logout: start it (a signed-in person's POST), answer an IdP's request, or end after its answer."""
    from ..web.signin import sign_out

    values = request.values
    if "SAMLResponse" in values or "SAMLRequest" in values:
        try:
            message, idp = logout.check_idp_message(
                values,
                request.query_string.decode("latin-1"),
                request.method,
                utcnow().replace(tzinfo=None),
                session.get(SESSION_KEY),
            )
        except saml.SamlError as error:
            return _refuse(error)
        if message.tag == logout.LOGOUT_REQUEST:
            if current_user.is_authenticated:
                sign_out()
            if idp.slo_url:
                return redirect(saml_requests.logout_response_redirect(sp_settings(), idp, message.get("ID", "")), 302)
        # A LogoutResponse ends nothing: this browser's session ended before the request went to the IdP.
        flash(_("Sei uscito. A presto!"), "success")
        return redirect(url_for("main.index"), 303)
    if request.method != "POST" or not ConfirmForm().validate_on_submit():
        abort(400)
    single_logout = single_logout_url()
    if current_user.is_authenticated:
        sign_out()
    flash(_("Sei uscito. A presto!"), "success")
    return redirect(single_logout or url_for("main.index"), 303)


@bp.app_template_global()
def spid_identity_providers(provider: str) -> list[saml.IdentityProvider]:
    """The IdPs the sign-in page offers, SPID's in random order as AgID's button guidelines ask."""
    idps = list(identity_providers(provider).values())
    if provider == "spid":
        secrets.SystemRandom().shuffle(idps)
    return idps
