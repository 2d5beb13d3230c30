"""The admin console's content pages: the list, a new page, editing one with its saved versions."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from ..models import LEGAL_DOCUMENTS
from ..pages import service as pages_service
from ..text.markup import render_markdown
from ..web.helpers import found_or_404, submit
from .forms import ContentPageForm
from .views import _form_page, bp


@bp.get("/pages")
def pages():
    """Every content page, and the two legal ones that /admin/legal publishes."""
    legal_pages = [(slug, LEGAL_DOCUMENTS[document]) for slug, document in pages_service.LEGAL_PAGES.items()]
    return render_template("admin/pages.html", pages=pages_service.all_pages(), legal_pages=legal_pages)


def _details(form: ContentPageForm) -> pages_service.PageDetails:
    return pages_service.PageDetails(
        title=form.title.data or "",
        slug=form.slug.data or "",
        body=form.body.data or "",
        is_in_footer=form.in_footer.data,
    )


@bp.route("/pages/new", methods=["GET", "POST"])
def new_page():
    """Write a new page in Markdown."""
    form = ContentPageForm()
    page = submit(form, lambda: pages_service.create_page(current_user, _details(form)))
    if page:
        flash(_("Pagina «%(title)s» pubblicata.", title=page.title), "success")
        return redirect(url_for(".edit_page", slug=page.slug), 303)
    return _form_page("admin/page_form.html", form, page=None, versions=[])


@bp.route("/pages/<slug>/edit", methods=["GET", "POST"])
def edit_page(slug: str):
    """Edit a page; every saved text stays in its history below the form."""
    page = found_or_404(pages_service.find_page(slug))
    form = ContentPageForm(obj=page)
    if request.method == "GET":
        form.in_footer.data = page.is_in_footer
    saved = submit(form, lambda: pages_service.edit_page(current_user, page, _details(form)))
    if saved:
        flash(_("Pagina «%(title)s» salvata.", title=saved.title), "success")
        return redirect(url_for(".edit_page", slug=saved.slug), 303)
    versions = [(version, Markup(render_markdown(version.body))) for version in pages_service.versions_of(page)]
    return _form_page("admin/page_form.html", form, page=page, versions=versions)
