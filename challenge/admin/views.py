"""The admin console: its blueprint, the guard that keeps it to admins, and its home page.

Each resource has its own module of routes on `bp`: administrations (`administration_views`), territorial labs and
their partners (`lab_views`), people, roles and invitations (`people_views`), the versions of the terms of use and
privacy notice (`legal_views`), content pages (`page_views`), the audit log (`log_views`). They are imported at the bottom, so importing this module
registers every route.
"""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..account.invitations import pending_invitations
from ..core import audit, reference
from ..core.errors import PermissionDenied
from ..core.extensions import db
from ..core.permissions import can_administer
from ..web.site_info import missing_site_settings

bp = Blueprint("admin", __name__)


@bp.before_request
@login_required
def require_admin():
    """Every page here is for admins only: visitors sign in, everyone else gets a 403."""
    if not can_administer(current_user):
        raise PermissionDenied(_("Solo gli amministratori della piattaforma possono vedere questa pagina."))


def _form_page(template: str, form, **context):
    return render_template(template, form=form, **context), 422 if form.errors else 200


@bp.get("")
def index():
    """Console home: what can be managed here, with counts."""
    return render_template(
        "admin/index.html",
        administration_count=len(reference.all_administrations()),
        lab_count=len(reference.all_labs()),
        pending_count=len(pending_invitations()),
        recent=db.session.scalars(audit.log_query(audit.LogFilters()).limit(5)).all(),
        missing_settings=missing_site_settings(),
    )


# The routes of each resource register on `bp` when imported, once `bp` and `_form_page` exist.
from . import administration_views, lab_views, legal_views, log_views, page_views, people_views  # noqa: E402, F401
