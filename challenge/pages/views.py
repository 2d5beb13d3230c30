"""The public content pages: the terms of use and the privacy notice in force, with their earlier versions, and the
pages admins write."""

from __future__ import annotations

from flask import Blueprint, render_template
from markupsafe import Markup

from ..core import legal
from ..models import LEGAL_DOCUMENTS
from ..text.markup import render_markdown
from ..web.helpers import found_or_404
from .service import LEGAL_PAGES, find_page

bp = Blueprint("pages", __name__)


def _html(source: str, document: bool = True) -> Markup:
    return Markup(render_markdown(source, document=document))


@bp.get("/pages/<slug>")
def detail(slug: str):
    """A content page; the terms of use and the privacy notice always exist."""
    document = LEGAL_PAGES.get(slug)
    if document is not None:
        publication = legal.publications_in_force()[document]
        return render_template(
            "pages/legal.html",
            document=document,
            label=LEGAL_DOCUMENTS[document],
            publication=publication,
            text_html=_html(publication.text),
            # Under the heading "earlier versions", their own sections are one level down.
            earlier=[(row, _html(row.body, document=False)) for row in legal.earlier_versions(document)],
        )
    page = found_or_404(find_page(slug))
    return render_template("pages/page.html", page=page, body_html=_html(page.body))
