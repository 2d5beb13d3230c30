"""Readable URL slugs from Italian titles."""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import select

from ..core.extensions import db

MAX_SLUG_LENGTH = 80


def slugify(text: str) -> str:
    """'Città più verdi!' -> 'citta-piu-verdi'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:MAX_SLUG_LENGTH].rstrip("-") or "voce"


def unique_slug(model, text: str) -> str:
    """A slug for `text` not yet used by any row of `model` (suffixes -2, -3, ...)."""
    base = slugify(text)
    taken = set(db.session.scalars(select(model.slug).where((model.slug == base) | model.slug.like(f"{base}-%"))))
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"
