"""Register, sign in, sign out."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..extensions import limiter
from ..services.accounts import AccountError, authenticate, create_user
from ..urls import safe_next
from . import limits
from .forms import LoginForm, RegisterForm
from .signin import sign_in, sign_out

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
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = create_user(form.email.data, form.name.data, form.password.data)
        except AccountError as error:
            getattr(form, error.field or "email").errors.append(error.message)
        else:
            response = _redirect_back()
            sign_in(user)
            flash(_("Benvenuto su Sfide PA, %(name)s! Il tuo account è pronto.", name=user.name), "success")
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
            sign_in(user)
            flash(_("Accesso effettuato. Bentornato, %(name)s!", name=user.name), "success")
            return response
        form.password.errors.append(_("Email o password non corretti."))
    status = 422 if form.errors else 200
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
def logout():
    """End this browser's session on the server."""
    # CSRFProtect has already refused a POST without a valid token.
    if current_user.is_authenticated:
        sign_out()
        flash(_("Sei uscito. A presto!"), "success")
    return redirect(url_for("main.index"), 303)
