"""The admin console's territorial labs and their partners."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..administrations.directory import find_lab, labs_with_partners
from ..core import reference
from ..core.permissions import require_admin
from ..labs import service as labs_service
from ..web.helpers import ask_first, found_or_404, submit
from ..web.i18n import localized_name
from .forms import LabForm, PartnerForm
from .views import _form_page, bp


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
    back = url_for(".edit_lab", slug=lab.slug, _anchor="partners")
    page = ask_first(
        lambda: require_admin(current_user),
        title=_("Rimuovere il partner?"),
        text=_("«%(name)s» sarà tolto dai partner del laboratorio «%(lab)s».", name=name, lab=lab.name),
        button=_("Sì, rimuovi il partner"),
        back=back,
    )
    if page is not None:
        return page
    labs_service.remove_partner(current_user, partner)
    flash(_("Partner «%(name)s» rimosso.", name=name), "success")
    return redirect(back, 303)
