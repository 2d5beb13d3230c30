"""Account page, password change and session management."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..auth.signin import current_session, sign_out
from ..forms import ConfirmForm
from ..services import auth_sessions
from ..services.accounts import AccountError, change_password
from .forms import PasswordChangeForm

bp = Blueprint("account", __name__)


def _render_index(password_form: PasswordChangeForm, status: int = 200):
    return (
        render_template(
            "account/index.html",
            password_form=password_form,
            confirm_form=ConfirmForm(),
            sessions=auth_sessions.list_for(current_user),
            current_session_id=current_session().id,
        ),
        status,
    )


@bp.get("")
@login_required
def index():
    """Own profile and the list of active sessions."""
    return _render_index(PasswordChangeForm())


@bp.post("/password")
@login_required
def password():
    """Change the password; every other session ends."""
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            change_password(current_user, form.current.data, form.password.data, current_session().id)
        except AccountError as error:
            getattr(form, error.field or "password").errors.append(error.message)
        else:
            flash(_("Password aggiornata. Le altre sessioni sono state chiuse."), "success")
            return redirect(url_for(".index"), 303)
    return _render_index(form, 422)


@bp.post("/sessions/<int:session_id>/end")
@login_required
def end_session(session_id: int):
    """End one of the person's own sessions (ending this one signs out)."""
    if session_id == current_session().id:
        sign_out()
        flash(_("Hai chiuso questa sessione e sei uscito."), "success")
        return redirect(url_for("main.index"), 303)
    if not auth_sessions.end(session_id, current_user):
        abort(404)  # unknown, or another person's: both look the same
    flash(_("Sessione chiusa."), "success")
    return redirect(url_for(".index"), 303)


@bp.post("/sessions/end-all")
@login_required
def end_all_sessions():
    """End every session of the account, this one included."""
    auth_sessions.end_all(current_user)
    sign_out()
    flash(_("Tutte le sessioni sono state chiuse."), "success")
    return redirect(url_for("main.index"), 303)
