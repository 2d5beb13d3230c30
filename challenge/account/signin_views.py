"""Register, sign in, sign out."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..core.extensions import limiter
from ..core.tokens import TokenError
from ..spid import session as spid_session
from ..web import limits
from ..web.forms import ConfirmForm
from ..web.signin import sign_in, sign_out
from ..web.urls import safe_next
from . import service as accounts
from .registration import register as register_account
from .service import AccountError, authenticate
from .signin_forms import ForgotPasswordForm, LoginForm, RegisterForm, ResetPasswordForm

bp = Blueprint("auth", __name__)


def _redirect_back():
    """Where to go after signing in; built before the session starts, so it cannot fail after."""
    return redirect(safe_next(request.args.get("next")) or url_for("main.index"), 303)


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(limits.register_per_ip, methods=["POST"])
def register():
    """Create a citizen account, then sign it in."""
    if current_user.is_authenticated:
        return redirect(url_for("account.index"))
    if not current_app.config["PASSWORD_REGISTRATION"]:
        # Citizens sign up with SPID/CIE only (FLASK_PASSWORD_REGISTRATION=false); staff come by invitation.
        return render_template("auth/register_closed.html"), 200 if request.method == "GET" else 403
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = register_account(
                form.email.data,
                form.name.data,
                form.password.data,
                form.kind.data,
                form.organisation_name.data,
                form.accept_terms.data,
                safe_next(request.args.get("next")),
            )
        except AccountError as error:
            getattr(form, error.field or "email").errors.append(error.message)
        else:
            # A taken address gets the same redirect and message; its owner was emailed, no one is signed in.
            response = _redirect_back()
            if user is not None:
                sign_in(user)
            flash(
                _(
                    "Ti diamo il benvenuto su Sfide PA, %(name)s! Ti abbiamo inviato un'email: apri il link che contiene per confermare l'indirizzo e iniziare a partecipare.",
                    name=form.name.data.strip(),
                ),
                "success",
            )
            return response
    status = 422 if form.errors else 200
    return render_template("auth/register.html", form=form), status


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(limits.login_per_ip, methods=["POST"])
def login():
    """Sign in with email and password; the same answer for an unknown email and a wrong password.

    Failures per email slow further tries down (services.password_checks): a 429 until the wait ends.
    """
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            response = _redirect_back()
            pending_link = session.get(spid_session.PENDING_LINK_KEY)
            sign_in(user)
            flash(_("Accesso effettuato. Bentornato, %(name)s!", name=user.name), "success")
            if spid_session.keep_pending_link(user, pending_link):
                response = redirect(url_for("spid.link_pending"), 303)  # the link waits for an explicit confirmation
            return response
        # About the pair, not the password: the same answer for an unknown email (a form error, on top).
        form.form_errors.append(_("Email o password non corretti."))
    status = 422 if form.errors else 200
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
def logout():
    """End this browser's session on the server."""
    # CSRFProtect has already refused a POST without a valid token.
    single_logout = spid_session.single_logout_url()
    if current_user.is_authenticated:
        sign_out()
        flash(_("Sei uscito. A presto!"), "success")
    if single_logout:  # signed in with SPID/CIE: the IdP's session ends too
        return redirect(single_logout, 302)
    return redirect(url_for("main.index"), 303)


def _invalid_link(error: TokenError, purpose: str):
    """The page for a link that is expired, already used, or was never valid."""
    return render_template("auth/invalid_link.html", expired=error.expired, purpose=purpose), 400


@bp.get("/verify/<token>")
def verify(token: str):
    """Show a confirm button: opening the link changes nothing (mail scanners open links too)."""
    try:
        _user, address = accounts.address_to_verify(token)
    except TokenError as error:
        return _invalid_link(error, "verify")
    next_path = safe_next(request.args.get("next"))
    return render_template("auth/verify.html", email=address, form=ConfirmForm(), token=token, next_path=next_path)


@bp.post("/verify/<token>")
def confirm_verification(token: str):
    """Confirm the address the link was sent to, then go back to the page that asked for it (or the account)."""
    next_path = safe_next(request.args.get("next"))
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for(".verify", token=token, next=next_path), 303)
    try:
        accounts.verify_email(token)
    except TokenError as error:
        return _invalid_link(error, "verify")
    flash(_("Indirizzo email confermato: ora puoi proporre soluzioni, commentare e votare."), "success")
    if not current_user.is_authenticated:
        return redirect(url_for(".login", next=next_path), 303)
    return redirect(next_path or url_for("account.index"), 303)


@bp.post("/verify/resend")
@login_required
@limiter.limit(limits.verify_resend_per_account, key_func=limits.signed_in_key)
def resend_verification():
    """Send the verification email again to the signed-in account."""
    if current_user.is_verified:
        flash(_("Il tuo indirizzo email è già confermato."), "info")
    else:
        accounts.send_verification(current_user, safe_next(request.form.get("next")))
        flash(_("Ti abbiamo inviato l'email di conferma a %(email)s.", email=current_user.email), "success")
    return redirect(safe_next(request.form.get("next")) or url_for("account.index"), 303)


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(limits.forgot_per_ip, methods=["POST"])
@limiter.limit(limits.forgot_per_address, key_func=limits.posted_email_key, methods=["POST"])
def forgot_password():
    """Ask for a reset link; the answer is the same whether or not the address has an account."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        accounts.request_password_reset(form.email.data)
        flash(
            _(
                "Se esiste un account con l'indirizzo %(email)s, ti abbiamo inviato un link per scegliere una nuova password. Controlla la posta (anche lo spam).",
                email=form.email.data,
            ),
            "success",
        )
        return redirect(url_for(".login"), 303)
    status = 422 if form.errors else 200
    return render_template("auth/forgot.html", form=form), status


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    """Choose a new password through the emailed link; every session ends, then this one begins."""
    try:
        accounts.account_to_reset(token)
    except TokenError as error:
        return _invalid_link(error, "reset")
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            user = accounts.reset_password(token, form.password.data)
        except AccountError as error:
            form.password.errors.append(error.message)
        else:
            sign_in(user)
            flash(_("Password aggiornata. Tutte le altre sessioni sono state chiuse."), "success")
            return redirect(url_for("account.index"), 303)
    status = 422 if form.errors else 200
    return render_template("auth/reset.html", form=form), status
