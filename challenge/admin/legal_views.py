"""The admin console's terms of use and privacy notice: the versions in force, their history, publishing one."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..core import legal as legal_service
from ..models import LEGAL_DOCUMENTS
from ..web.helpers import submit
from .forms import LegalVersionForm
from .legal import publish_version
from .views import _form_page, bp


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
