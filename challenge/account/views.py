"""Account page, password change and session management."""

from flask import Blueprint, Response, abort, flash, jsonify, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..core import legal
from ..core.errors import ServiceError
from ..models import LEGAL_DOCUMENTS, NOTIFICATION_KINDS
from ..notifications import preferences as email_choices
from ..solutions.service import can_view_solution
from ..web.forms import ConfirmForm
from ..web.helpers import ask_first, attach_error, paginate
from ..web.signin import current_session, sign_out
from ..web.urls import safe_next
from . import activity as personal_area
from . import data_rights, personal_data
from . import service as accounts
from . import sessions as auth_sessions
from .data_export import export_zip
from .forms import DeleteAccountForm, EmailChangeForm, EmailPreferencesForm, PasswordChangeForm, ProfileForm
from .service import AccountError, change_password
from .signin_forms import TermsForm

bp = Blueprint("account", __name__)


def _session_id() -> int:
    """The id of this request's session: every page here is login_required, and a sign-in is a session."""
    record = current_session()
    if record is None:
        raise RuntimeError("a signed-in request without a session record")
    return record.id


def _preferences_form(formdata=None):
    form_class = EmailPreferencesForm.with_kinds(NOTIFICATION_KINDS)
    chosen = email_choices.email_frequencies(current_user)
    return form_class(formdata=formdata, data={f"email_{kind}": frequency for kind, frequency in chosen.items()})


def _profile_form(formdata=None) -> ProfileForm:
    user = current_user
    data = {
        "name": user.name,
        "language": user.language or "it",
        "kind": user.kind,
        "organisation_name": user.organisation_name or "",
        "profile_public": user.profile_public,
    }
    return ProfileForm(formdata=formdata, data=data)


def _render_index(
    password_form=None, delete_form=None, profile_form=None, email_form=None, preferences_form=None, status: int = 200
):
    return (
        render_template(
            "account/index.html",
            profile_form=profile_form or _profile_form(),
            email_form=email_form or EmailChangeForm(formdata=None),
            password_form=password_form or PasswordChangeForm(formdata=None),
            delete_form=delete_form or DeleteAccountForm(formdata=None),
            preferences_form=preferences_form or _preferences_form(),
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


@bp.route("/terms", methods=["GET", "POST"])
@login_required
def terms():
    """Accept the terms of use and privacy notice now in force (asked before the next write)."""
    form = TermsForm()
    if form.validate_on_submit():
        accounts.accept_terms(current_user)
        flash(_("Grazie: hai accettato le condizioni d'uso in vigore."), "success")
        return redirect(safe_next(request.args.get("next")) or url_for(".index"), 303)
    terms_version, privacy_version = legal.versions_in_force()
    return render_template(
        "account/terms.html",
        form=form,
        terms_version=terms_version,
        privacy_version=privacy_version,
        changes=legal.changes_for(current_user),
        documents=LEGAL_DOCUMENTS,
    ), 422 if form.errors else 200


@bp.post("/profile")
@login_required
def profile():
    """Change the name, language, kind of account and whether the public profile shows."""
    form = _profile_form(formdata=request.form)
    if form.validate_on_submit():
        try:
            accounts.update_profile(
                current_user,
                form.name.data,
                form.language.data,
                form.kind.data,
                form.organisation_name.data,
                form.profile_public.data,
            )
        except AccountError as error:
            getattr(form, error.field or "name").errors.append(error.message)
        else:
            session["lang"] = current_user.language
            flash(_("Profilo aggiornato."), "success")
            return redirect(url_for(".index"), 303)
    return _render_index(profile_form=form, status=422)


@bp.post("/email")
@login_required
def email():
    """Ask to change the address: it changes once the link sent to the new one is opened."""
    form = EmailChangeForm()
    if form.validate_on_submit():
        try:
            accounts.request_email_change(current_user, form.email.data, form.current.data)
        except AccountError as error:
            getattr(form, error.field or "email").errors.append(error.message)
        else:
            flash(
                _(
                    "Ti abbiamo inviato un link a %(email)s: aprilo per confermare il nuovo indirizzo.",
                    email=current_user.pending_email,  # what was asked for, taken or not: the page tells nothing
                ),
                "success",
            )
            return redirect(url_for(".index"), 303)
    return _render_index(email_form=form, status=422)


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
    """Choose how often each kind of event arrives by email."""
    form = _preferences_form(formdata=request.form)
    if not form.validate_on_submit():
        return _render_index(preferences_form=form, status=400)
    email_choices.set_email_frequencies(current_user, {kind: form[f"email_{kind}"].data for kind in NOTIFICATION_KINDS})
    flash(_("Preferenze email salvate."), "success")
    return redirect(url_for(".index", _anchor="email-title"), 303)


@bp.get("/activity")
@login_required
def activity():
    """The personal area: every list's newest rows, or one whole list a page at a time (?show=<list>)."""
    shown = request.args.get("show")
    if shown is None:
        sections = personal_area.overview(current_user, personal_area.PREVIEW_SIZE)
        return render_template("account/activity.html", sections=sections, can_view_solution=can_view_solution)
    try:
        statement = personal_area.section_query(current_user, shown)
    except KeyError:
        abort(404)
    return render_template(
        "account/activity.html", shown=shown, pagination=paginate(statement), can_view_solution=can_view_solution
    )


@bp.get("/export")
@login_required
def export():
    """All of the person's data as a JSON download."""
    response = jsonify(personal_data.export(current_user))
    response.headers["Content-Disposition"] = f'attachment; filename="sfide-pa-dati-{current_user.id}.json"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/export.zip")
@login_required
def export_archive():
    """The same data as a ZIP: one CSV per kind of row, the JSON document and a README."""
    return Response(
        export_zip(current_user),
        mimetype="application/zip",
        headers={
            "Content-Disposition": f'attachment; filename="sfide-pa-dati-{current_user.id}.zip"',
            "Cache-Control": "no-store",
        },
    )


@bp.post("/delete")
@login_required
def delete():
    """Erase the account after password confirmation."""
    form = DeleteAccountForm()
    page = ask_first(
        lambda: None,  # everyone signed in may erase their own account; the password decides at the second step
        title=_("Cancellare l'account?"),
        text=_("Nome, email e password saranno cancellati e non potrai più accedere. Non si può tornare indietro."),
        button=_("Sì, cancella il mio account"),
        back=url_for(".index"),
    )
    if page is not None:
        return page
    if form.validate_on_submit():
        try:
            data_rights.delete_account(current_user, form.password.data)
        except ServiceError as error:
            attach_error(form, error)
        else:
            sign_out()
            flash(
                _("Il tuo account è stato cancellato. I tuoi contributi restano come «Utente cancellato»."), "success"
            )
            return redirect(url_for("main.index"), 303)
    return _render_index(delete_form=form, status=422)
