"""The admin console's people: every account, one account and its role, invitations to join."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..account.invitations import create_invitation, pending_invitations
from ..account.service import set_role
from ..administrations import service as administrations_service
from ..core import audit, reference
from ..core.extensions import db
from ..models import ROLES, Administration, User
from ..web.helpers import found_or_404, paginate, submit
from ..web.urls import public_url_for
from .forms import InvitationForm, RoleForm
from .log_labels import log_table_context
from .people import PERSON_STATUSES, people_query
from .views import _form_page, bp


def _chosen_administration(form) -> Administration | None:
    return administrations_service.find_administration(form.administration.data or "")


def _administration_choices() -> list[tuple[str, str]]:
    return [("", _("Nessuna"))] + [(a.slug, a.name) for a in reference.all_administrations()]


@bp.get("/users")
def users():
    """Every account: search by name or email, filter by role and status, paginated."""
    q = request.args.get("q", "").strip()[:100]
    role = request.args.get("role") if request.args.get("role") in ROLES else None
    status = request.args.get("status") if request.args.get("status") in PERSON_STATUSES else None
    pagination = paginate(people_query(q, role, status))
    return render_template(
        "admin/users.html", pagination=pagination, q=q, role=role, status=status, statuses=PERSON_STATUSES
    )


def _user_or_404(user_id: int) -> User:
    return found_or_404(db.session.get(User, user_id))


def _role_form(user: User) -> RoleForm:
    form = RoleForm(data={"role": user.role, "administration": user.administration.slug if user.administration else ""})
    form.administration.choices = _administration_choices()
    return form


@bp.get("/users/<int:user_id>")
def user(user_id: int):
    """One account: its details, its role form and its history in the audit log."""
    account = _user_or_404(user_id)
    return _user_page(account, _role_form(account))


def _user_page(account: User, form: RoleForm):
    history = audit.history_of("user", account.id)
    return _form_page("admin/user.html", form, account=account, history=history, **log_table_context(history))


@bp.post("/users/<int:user_id>/role")
def change_role(user_id: int):
    """Change an account's role, with a reason kept in the audit log."""
    account = _user_or_404(user_id)
    form = RoleForm()
    form.administration.choices = _administration_choices()
    changed = submit(
        form, lambda: set_role(current_user, account, form.role.data, _chosen_administration(form), form.reason.data)
    )
    if changed:
        flash(_("Ruolo di %(name)s aggiornato.", name=account.name), "success")
        return redirect(url_for(".user", user_id=account.id), 303)
    return _user_page(account, form)


def _invitation_form() -> InvitationForm:
    form = InvitationForm()
    form.administration.choices = _administration_choices()
    return form


@bp.get("/invitations")
def invitations():
    """Invite someone, and the invitations still waiting for an answer."""
    return _invitations_page(_invitation_form())


def _invitations_page(form: InvitationForm):
    return _form_page("admin/invitations.html", form, pending=pending_invitations())


@bp.post("/invitations")
def invite():
    """Create an invitation and email its single-use link (valid 7 days)."""
    form = _invitation_form()
    sent = submit(
        form,
        lambda: create_invitation(
            current_user,
            form.email.data,
            form.role.data,
            _chosen_administration(form),
            lambda token: public_url_for("invitations.accept", token=token),
        ),
    )
    if sent:
        if sent.emailed:
            flash(_("Invito inviato a %(email)s.", email=sent.invitation.email), "success")
        else:
            link = public_url_for("invitations.accept", token=sent.token)
            flash(
                _(
                    "L'email non è configurata: manda tu questo link a %(email)s: %(link)s",
                    email=sent.invitation.email,
                    link=link,
                ),
                "warning",
            )
        return redirect(url_for(".invitations"), 303)
    return _invitations_page(form)
