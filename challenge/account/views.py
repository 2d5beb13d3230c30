"""Account page, password change and session management."""

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..auth.signin import current_session, sign_out
from ..forms import ConfirmForm
from ..models import NOTIFICATION_KINDS
from ..services import auth_sessions, data_rights, notifications
from ..services.accounts import AccountError, change_password
from ..services.common import ServiceError
from ..web import attach_error
from .forms import DeleteAccountForm, EmailPreferencesForm, PasswordChangeForm

bp = Blueprint("account", __name__)


def _session_id() -> int:
    """The id of this request's session: every page here is login_required, and a sign-in is a session."""
    record = current_session()
    if record is None:
        raise RuntimeError("a signed-in request without a session record")
    return record.id


def _preferences_form(formdata=None):
    form_class = EmailPreferencesForm.with_kinds(NOTIFICATION_KINDS)
    chosen = notifications.email_kinds(current_user)
    return form_class(formdata=formdata, data={f"kind_{kind}": kind in chosen for kind in NOTIFICATION_KINDS})


def _render_index(password_form=None, delete_form=None, status: int = 200):
    return (
        render_template(
            "account/index.html",
            password_form=password_form or PasswordChangeForm(formdata=None),
            delete_form=delete_form or DeleteAccountForm(formdata=None),
            preferences_form=_preferences_form(),
            confirm_form=ConfirmForm(),
            sessions=auth_sessions.list_for(current_user),
            current_session_id=_session_id(),
        ),
        status,
    )


@bp.get("")
@login_required
def index():
    """Own profile and the list of active sessions."""
    return _render_index()


@bp.post("/password")
@login_required
def password():
    """Change the password; every other session ends."""
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            change_password(current_user, form.current.data, form.password.data, _session_id())
        except AccountError as error:
            getattr(form, error.field or "password").errors.append(error.message)
        else:
            flash(_("Password aggiornata. Le altre sessioni sono state chiuse."), "success")
            return redirect(url_for(".index"), 303)
    return _render_index(password_form=form, status=422)


@bp.post("/sessions/<int:session_id>/end")
@login_required
def end_session(session_id: int):
    """End one of the person's own sessions (ending this one signs out)."""
    if session_id == _session_id():
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


@bp.post("/notifications")
@login_required
def email_preferences():
    """Choose which events also arrive by email."""
    form = _preferences_form(formdata=request.form)
    if not form.validate_on_submit():
        abort(400)
    notifications.set_email_kinds(current_user, {kind for kind in NOTIFICATION_KINDS if form[f"kind_{kind}"].data})
    flash(_("Preferenze email salvate."), "success")
    return redirect(url_for(".index", _anchor="email-title"), 303)


@bp.get("/export")
@login_required
def export():
    """All of the person's data as a JSON download."""
    response = jsonify(data_rights.export(current_user))
    response.headers["Content-Disposition"] = f'attachment; filename="sfide-pa-dati-{current_user.id}.json"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/delete")
@login_required
def delete():
    """Erase the account after password confirmation."""
    form = DeleteAccountForm()
    if form.validate_on_submit():
        try:
            data_rights.delete_account(current_user, form.password.data)
        except ServiceError as error:
            attach_error(form, error)
        else:
            sign_out()
            flash(_("Il tuo account è stato cancellato. I tuoi contributi restano come «Utente cancellato»."), "success")
            return redirect(url_for("main.index"), 303)
    return _render_index(delete_form=form, status=422)
