"""Administrations: the public bodies behind challenges."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from ..extensions import db
from ..models import ADMINISTRATION_KINDS, Administration
from ..regions import regions
from ..slugs import slugify
from ..text import SINGLE_LINE, is_single_line
from .common import ServiceError, commit_or_raise


class AdministrationError(ServiceError):
    """An administration could not be created or changed."""


def parse_kind(value: str) -> str:
    """A kind code from a code ('municipality') or its Italian label ('Comune', 'comune')."""
    wanted = slugify(value).replace("-", "_")
    for code, label in ADMINISTRATION_KINDS.items():
        if wanted in (code, slugify(str(label)).replace("-", "_")):
            return code
    known = ", ".join(ADMINISTRATION_KINDS)
    raise AdministrationError(_("Tipo sconosciuto: %(kind)s (ammessi: %(known)s).", kind=value, known=known), field="kind")


def parse_region(value: str) -> str:
    """An ISTAT region code from a code ('8', '08') or a name ('Emilia-Romagna')."""
    value = value.strip()
    if value.isdigit() and value.zfill(2) in regions():
        return value.zfill(2)
    for code, name in regions().items():
        if slugify(name) == slugify(value) or slugify(name.split("/")[0]) == slugify(value):
            return code
    raise AdministrationError(_("Regione sconosciuta: %(region)s.", region=value), field="region_code")


def create_administration(name: str, kind: str, region: str) -> Administration:
    """Create an administration; its slug is the slugified name and must be free."""
    name = name.strip()
    if not name:
        raise AdministrationError(_("Il nome è obbligatorio."), field="name")
    if not is_single_line(name):
        raise AdministrationError(str(SINGLE_LINE), field="name")
    slug = slugify(name)
    duplicate = AdministrationError(_("Esiste già un'amministrazione con lo slug %(slug)s.", slug=slug), field="name")
    if db.session.scalar(select(Administration.id).where(Administration.slug == slug)) is not None:
        raise duplicate
    administration = Administration(name=name, slug=slug, kind=parse_kind(kind), region_code=parse_region(region))
    db.session.add(administration)
    commit_or_raise(duplicate)
    return administration


def find_administration(slug: str) -> Administration | None:
    """The administration with this slug."""
    return db.session.scalar(select(Administration).where(Administration.slug == slug))
