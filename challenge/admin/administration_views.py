"""The admin console's administrations: the list, creating one, editing one."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..administrations import service as administrations_service
from ..administrations.directory import administration_rows
from ..core.regions import regions
from ..models import Administration
from ..web.helpers import found_or_404, submit
from .forms import AdministrationForm
from .views import _form_page, bp


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
        embed_origins=form.embed_origins.data or "",
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
