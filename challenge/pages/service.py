"""Content pages: finding them, and the admins' saves that keep every version."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..cache.entries import cached
from ..cache.scopes import GENERATION
from ..core import audit
from ..core.errors import ServiceError, commit_or_raise
from ..core.extensions import db
from ..core.permissions import require_admin
from ..models import ContentPage, ContentPageVersion, User, utcnow
from ..text.characters import SINGLE_LINE, is_single_line

# The terms of use and the privacy notice are pages too; their texts are published from /admin/legal.
LEGAL_PAGES = {"condizioni-d-uso": "terms", "privacy": "privacy"}
RESERVED_SLUGS = frozenset({*LEGAL_PAGES, "new"})
SLUG_SHAPE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_SLUG_LENGTH = 80
MAX_TITLE_LENGTH = 200


class PageError(ServiceError):
    """A page could not be created or saved."""


@dataclass(frozen=True)
class PageDetails:
    """What an admin fills in; the body is Markdown."""

    title: str
    slug: str
    body: str
    is_in_footer: bool = False


def find_page(slug: str) -> ContentPage | None:
    """The page with this slug, if any."""
    return db.session.scalar(select(ContentPage).where(ContentPage.slug == slug))


def all_pages() -> list[ContentPage]:
    """Every content page, by title."""
    return list(db.session.scalars(select(ContentPage).order_by(ContentPage.title, ContentPage.id)))


def _footer_rows() -> list[list[str]]:
    rows = db.session.execute(
        select(ContentPage.slug, ContentPage.title)
        .where(ContentPage.is_in_footer)
        .order_by(ContentPage.title, ContentPage.id)
    )
    return [[slug, title] for slug, title in rows]


def footer_links() -> list[tuple[str, str]]:
    """(slug, title) of the pages the footer links, by title; every page shows them, so they are cached (a saved
    page changes the cache's generation)."""
    return [(slug, title) for slug, title in cached("footer-pages", [GENERATION], _footer_rows)]


def versions_of(page: ContentPage) -> list[ContentPageVersion]:
    """Every saved version of the page, newest first, with who saved it."""
    return list(
        db.session.scalars(
            page.versions.select()
            .options(joinedload(ContentPageVersion.saved_by))  # the history names who saved each
            .order_by(ContentPageVersion.id.desc())
        )
    )


def _checked(page: ContentPage | None, details: PageDetails) -> PageDetails:
    title, slug, body = details.title.strip(), details.slug.strip(), details.body.strip()
    if not title:
        raise PageError(_("Scrivi il titolo della pagina."), field="title")
    if len(title) > MAX_TITLE_LENGTH:
        raise PageError(_("Il titolo può avere al massimo 200 caratteri."), field="title")
    if not is_single_line(title):
        raise PageError(str(SINGLE_LINE), field="title")
    if not SLUG_SHAPE.fullmatch(slug) or len(slug) > MAX_SLUG_LENGTH:
        raise PageError(
            _("Usa solo lettere minuscole senza accenti, cifre e trattini tra le parole, fino a 80 caratteri."),
            field="slug",
        )
    if slug in RESERVED_SLUGS:
        raise PageError(_("L'indirizzo «%(slug)s» è riservato: scegline un altro.", slug=slug), field="slug")
    taken = find_page(slug)
    if taken is not None and taken is not page:
        raise PageError(_("C'è già una pagina con l'indirizzo «%(slug)s».", slug=slug), field="slug")
    if not body:
        raise PageError(_("Scrivi il testo della pagina."), field="body")
    return PageDetails(title, slug, body, details.is_in_footer)


def _save(actor: audit.Actor, page: ContentPage, details: PageDetails, action: str) -> ContentPage:
    before = {"title": page.title, "slug": page.slug, "is_in_footer": page.is_in_footer}
    is_new_text = (page.title, page.body) != (details.title, details.body)
    page.title, page.slug, page.body, page.is_in_footer = (
        details.title,
        details.slug,
        details.body,
        details.is_in_footer,
    )
    if is_new_text:
        page.updated_at = utcnow()
        page.versions.add(
            ContentPageVersion(
                title=details.title, body=details.body, saved_by_id=actor.id if isinstance(actor, User) else None
            )
        )
    db.session.add(page)
    db.session.flush()
    after = {"title": page.title, "slug": page.slug, "is_in_footer": page.is_in_footer}
    audit.record(actor, action, "page", page.id, page.slug, changes=audit.differences(before, after))
    commit_or_raise(PageError(_("C'è già una pagina con l'indirizzo «%(slug)s».", slug=page.slug), field="slug"))
    return page


def create_page(actor: audit.Actor, details: PageDetails) -> ContentPage:
    """Publish a new page; its text is the first version."""
    require_admin(actor)
    return _save(actor, ContentPage(), _checked(None, details), "page_create")


def edit_page(actor: audit.Actor, page: ContentPage, details: PageDetails) -> ContentPage:
    """Save a page; a changed title or text is a new version, the earlier ones stay."""
    require_admin(actor)
    return _save(actor, page, _checked(page, details), "page_edit")
