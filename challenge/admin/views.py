"""The admin console: administrations, territorial labs and partners, people and roles, invitations,
the versions of the terms of use and privacy notice, the audit log."""

from __future__ import annotations

from typing import TypeVar

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..account.invitations import create_invitation, pending_invitations
from ..account.service import set_role
from ..administrations import service as administrations_service
from ..administrations.directory import administration_rows, find_lab, labs_with_partners
from ..core import audit, reference
from ..core import legal as legal_service
from ..core.errors import PermissionDenied
from ..core.extensions import db
from ..core.permissions import can_administer
from ..core.regions import regions
from ..labs import service as labs_service
from ..models import AUDIT_ACTIONS, LEGAL_DOCUMENTS, ROLES, Administration, User
from ..web.helpers import found_or_404, paginate, submit
from ..web.i18n import localized_name
from ..web.urls import public_url_for
from .forms import AdministrationForm, InvitationForm, LabForm, LegalVersionForm, PartnerForm, RoleForm
from .legal import publish_version
from .people import PERSON_STATUSES, people_query

bp = Blueprint("admin", __name__)
T = TypeVar("T")


@bp.before_request
@login_required
def require_admin():
    """Every page here is for admins only: visitors sign in, everyone else gets a 403."""
    if not can_administer(current_user):
        raise PermissionDenied(_("Solo gli amministratori della piattaforma possono vedere questa pagina."))


def _form_page(template: str, form, **context):
    return render_template(template, form=form, **context), 422 if form.errors else 200


def _chosen_administration(form) -> Administration | None:
    return administrations_service.find_administration(form.administration.data or "")


@bp.get("")
def index():
    """Console home: what can be managed here, with counts."""
    return render_template(
        "admin/index.html",
        administration_count=len(reference.all_administrations()),
        lab_count=len(reference.all_labs()),
        pending_count=len(pending_invitations()),
        recent=db.session.scalars(audit.log_query(audit.LogFilters()).limit(5)).all(),
    )


# Administrations


@bp.get("/administrations")
def administrations():
    """Every administration, with links to edit it."""
    return render_template("admin/administrations.html", rows=administration_rows())


def _administration_form(administration: Administration | None = None) -> AdministrationForm:
    form = AdministrationForm(obj=administration)
    form.region.choices = list(regions().items())
    if request.method == "GET" and administration is not None:
        form.region.data = administration.region_code
    return form


def _administration_details(form: AdministrationForm) -> administrations_service.AdministrationDetails:
    return administrations_service.AdministrationDetails(
        name=form.name.data,
        kind=form.kind.data,
        region=form.region.data,
        ipa_code=form.ipa_code.data or "",
        website=form.website.data or "",
        email=form.email.data or "",
        description=form.description.data or "",
    )


@bp.route("/administrations/new", methods=["GET", "POST"])
def new_administration():
    """Create an administration."""
    form = _administration_form()
    administration = submit(
        form, lambda: administrations_service.create_administration(current_user, _administration_details(form))
    )
    if administration:
        flash(_("Amministrazione «%(name)s» creata.", name=administration.name), "success")
        return redirect(url_for(".administrations"), 303)
    return _form_page("admin/administration_form.html", form, administration=None)


@bp.route("/administrations/<slug>/edit", methods=["GET", "POST"])
def edit_administration(slug: str):
    """Edit an administration; its slug (and so its address) stays the same."""
    administration = found_or_404(administrations_service.find_administration(slug))
    form = _administration_form(administration)
    saved = submit(
        form,
        lambda: administrations_service.edit_administration(
            current_user, administration, _administration_details(form)
        ),
    )
    if saved:
        flash(_("Amministrazione «%(name)s» aggiornata.", name=administration.name), "success")
        return redirect(url_for(".administrations"), 303)
    return _form_page("admin/administration_form.html", form, administration=administration)


# Labs and partners


@bp.get("/labs")
def labs():
    """Every territorial lab with its coordinator and partners."""
    return render_template("admin/labs.html", labs=labs_with_partners())


def _lab_form(lab=None, posted: bool = True) -> LabForm:
    """The lab's form; `posted=False` shows the stored values even on a POST (the partner form's errors)."""
    form = LabForm(obj=lab) if posted else LabForm(formdata=None, obj=lab)
    form.coordinator.choices = [(a.slug, a.name) for a in reference.all_administrations()]
    form.themes.choices = [(theme.id, localized_name(theme)) for theme in reference.all_themes()]
    if lab is not None and (request.method == "GET" or not posted):
        form.coordinator.data = lab.coordinator.slug if lab.coordinator else None
        form.themes.data = [theme.id for theme in lab.themes]
    return form


def _lab_details(form: LabForm) -> labs_service.LabDetails:
    return labs_service.LabDetails(
        name=form.name.data,
        territory=form.territory.data,
        coordinator=form.coordinator.data or "",
        theme_ids=tuple(form.themes.data or ()),
        description=form.description.data or "",
    )


def _lab_or_404(slug: str):
    return found_or_404(find_lab(slug))


@bp.route("/labs/new", methods=["GET", "POST"])
def new_lab():
    """Create a territorial lab."""
    form = _lab_form()
    lab = submit(form, lambda: labs_service.create_lab(current_user, _lab_details(form)))
    if lab:
        flash(_("Laboratorio «%(name)s» creato: ora aggiungi i partner.", name=lab.name), "success")
        return redirect(url_for(".edit_lab", slug=lab.slug), 303)
    return _form_page("admin/lab_form.html", form, lab=None, partner_form=None)


@bp.route("/labs/<slug>/edit", methods=["GET", "POST"])
def edit_lab(slug: str):
    """Edit a lab's details; its partners are listed below with the form that adds one."""
    lab = _lab_or_404(slug)
    form = _lab_form(lab)
    saved = submit(form, lambda: labs_service.edit_lab(current_user, lab, _lab_details(form)))
    if saved:
        flash(_("Laboratorio «%(name)s» aggiornato.", name=lab.name), "success")
        return redirect(url_for(".edit_lab", slug=lab.slug), 303)
    return _form_page("admin/lab_form.html", form, lab=lab, partner_form=PartnerForm(formdata=None))


def _partner_details(form: PartnerForm) -> labs_service.PartnerDetails:
    return labs_service.PartnerDetails(name=form.name.data, kind=form.kind.data, website=form.website.data or "")


@bp.post("/labs/<slug>/partners")
def add_partner(slug: str):
    """Add a partner to the lab; errors show on the lab's page, next to the partner form."""
    lab = _lab_or_404(slug)
    partner_form = PartnerForm()
    partner = submit(partner_form, lambda: labs_service.add_partner(current_user, lab, _partner_details(partner_form)))
    if partner:
        flash(_("Partner «%(name)s» aggiunto.", name=partner.name), "success")
        return redirect(url_for(".edit_lab", slug=lab.slug, _anchor="partners"), 303)
    return render_template(
        "admin/lab_form.html", form=_lab_form(lab, posted=False), lab=lab, partner_form=partner_form
    ), 422


def _partner_or_404(lab, partner_id: int):
    return found_or_404(labs_service.find_partner(lab, partner_id))


@bp.route("/labs/<slug>/partners/<int:partner_id>/edit", methods=["GET", "POST"])
def edit_partner(slug: str, partner_id: int):
    """Change a partner's name, kind or website."""
    lab = _lab_or_404(slug)
    partner = _partner_or_404(lab, partner_id)
    form = PartnerForm(obj=partner)
    saved = submit(form, lambda: labs_service.edit_partner(current_user, partner, _partner_details(form)))
    if saved:
        flash(_("Partner «%(name)s» aggiornato.", name=partner.name), "success")
        return redirect(url_for(".edit_lab", slug=lab.slug, _anchor="partners"), 303)
    return _form_page("admin/partner_form.html", form, lab=lab, partner=partner)


@bp.post("/labs/<slug>/partners/<int:partner_id>/delete")
def delete_partner(slug: str, partner_id: int):
    """Take a partner off the lab."""
    lab = _lab_or_404(slug)
    partner = _partner_or_404(lab, partner_id)
    name = partner.name
    labs_service.remove_partner(current_user, partner)
    flash(_("Partner «%(name)s» rimosso.", name=name), "success")
    return redirect(url_for(".edit_lab", slug=lab.slug, _anchor="partners"), 303)


# People, roles and invitations


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
    return _form_page("admin/user.html", form, account=account, history=audit.history_of("user", account.id))


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


# Terms of use and privacy notice


@bp.get("/legal")
def legal():
    """The versions in force of the terms of use and privacy notice, their history, and the form that publishes one."""
    return _legal_page(LegalVersionForm())


def _legal_page(form: LegalVersionForm):
    return _form_page(
        "admin/legal.html",
        form,
        documents=LEGAL_DOCUMENTS,
        in_force=legal_service.publications_in_force(),
        history=legal_service.history(),
    )


@bp.post("/legal")
def publish_legal():
    """Publish a new version: every account accepts it before its next write."""
    form = LegalVersionForm()
    published = submit(
        form,
        lambda: publish_version(current_user, form.document.data, form.version.data, form.summary.data),
    )
    if published:
        flash(
            _(
                "%(document)s: la versione %(version)s è in vigore.",
                document=published.document_label,
                version=published.version,
            ),
            "success",
        )
        return redirect(url_for(".legal"), 303)
    return _legal_page(form)


# The audit log


@bp.get("/log")
def log():
    """The audit log, filtered by actor, action and target, newest first."""
    filters = audit.LogFilters(
        actor=request.args.get("actor", "").strip()[:100],
        action=request.args.get("action") if request.args.get("action") in AUDIT_ACTIONS else None,
        target=request.args.get("target", "").strip()[:100],
    )
    pagination = paginate(audit.log_query(filters), per_page=current_app.config["PAGE_SIZE"] * 2)
    return render_template("admin/log.html", pagination=pagination, filters=filters, actions=AUDIT_ACTIONS)
