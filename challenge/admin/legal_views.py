"""The admin console's terms of use and privacy notice: the versions in force, their history, publishing one."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..core import legal as legal_service
from ..models import LEGAL_DOCUMENTS
from ..pages.service import LEGAL_PAGES
from ..web.helpers import submit
from ..web.site_info import missing_site_settings
from .forms import LegalVersionForm
from .legal import publish_version
from .views import _form_page, bp


@bp.get("/legal")
def legal():
    """The versions in force of the terms of use and privacy notice, their history, and the form that publishes one,
    filled with the text in force of the document chosen (?document=terms|privacy) to start from."""
    asked = request.args.get("document", "")
    document = asked if asked in LEGAL_DOCUMENTS else "terms"
    form = LegalVersionForm(document=document, body=legal_service.publications_in_force()[document].text)
    return _legal_page(form)


def _legal_page(form: LegalVersionForm):
    return _form_page(
        "admin/legal.html",
        form,
        documents=LEGAL_DOCUMENTS,
        in_force=legal_service.publications_in_force(),
        history=legal_service.history(),
        missing_settings=missing_site_settings(),
        document_pages={document: slug for slug, document in LEGAL_PAGES.items()},
    )


@bp.post("/legal")
def publish_legal():
    """Publish a new version: every account accepts it before its next write."""
    form = LegalVersionForm()
    published = submit(
        form,
        lambda: publish_version(current_user, form.document.data, form.version.data, form.summary.data, form.body.data),
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
