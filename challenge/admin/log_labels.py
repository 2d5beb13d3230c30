"""The audit log in the interface's language: field names, roles, kinds, regions, themes, and the
administrations, labs and challenges a change names by slug, shown by their names.

The log keeps codes and slugs (they never change meaning); this is the one mapping from them to
words. Names are looked up once per page, for all its entries, never per row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..core.extensions import db
from ..core.regions import region_name
from ..models import ADMINISTRATION_KINDS, PARTNER_KINDS, Administration, AuditEntry, Challenge, Lab, Theme
from ..web.i18n import localized_name
from ..web.templating import ROLE_LABELS

FIELD_LABELS: dict[str, LazyString] = {
    "role": _l("Ruolo"),
    "administration": _l("Amministrazione"),
    "challenge": _l("Sfida"),
    "name": _l("Nome"),
    "kind": _l("Tipo"),
    "region": _l("Regione"),
    "ipa_code": _l("Codice IPA"),
    "website": _l("Sito web"),
    "email": _l("Email"),
    "description": _l("Descrizione"),
    "territory": _l("Territorio"),
    "coordinator": _l("Amministrazione coordinatrice"),
    "theme_ids": _l("Assi tematici"),
    "version": _l("Versione"),
    "minutes": _l("Verbale"),
    "solutions": _l("Soluzioni discusse"),
}
# Roles an entry may name: the account roles, and the invitation to a challenge's jury.
SHOWN_ROLES = {**ROLE_LABELS, "juror": _l("Giuria di una sfida")}
EMPTY = "—"
# Fields whose values are slugs, and what they are the slugs of.
SLUG_FIELDS = {"administration": "administration", "coordinator": "administration", "challenge": "challenge"}


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class Names:
    """What the page's entries name by slug or id, by name."""

    administrations: dict[str, str]
    labs: dict[int, str]
    challenges: dict[str, str]
    themes: dict[int, str]

    def of_target(self, entry: AuditEntry) -> str:
        """The target's current name where it has one (an administration, a lab); else the recorded label."""
        if entry.target_type == "administration":
            return self.administrations.get(entry.target_label, entry.target_label)
        if entry.target_type == "lab" and entry.target_id in self.labs:
            return self.labs[entry.target_id]
        return entry.target_label

    def value(self, entry: AuditEntry, field: str, value: Any) -> str:
        """One recorded value in words."""
        if value in (None, "", []):
            return EMPTY
        shown = self._shown(entry, field)
        if isinstance(value, list):
            return ", ".join(str(shown(item)) for item in value)
        return str(shown(value))

    def _shown(self, entry: AuditEntry, field: str) -> Callable[[Any], Any]:
        kinds = PARTNER_KINDS if entry.action.startswith("partner_") else ADMINISTRATION_KINDS
        by_field: dict[str, Callable[[Any], Any]] = {
            "role": lambda code: SHOWN_ROLES.get(code, code),
            "administration": lambda slug: self.administrations.get(slug, slug),
            "coordinator": lambda slug: self.administrations.get(slug, slug),
            "challenge": lambda slug: self.challenges.get(slug, slug),
            "kind": lambda code: kinds.get(code, code),
            "region": region_name,
            "theme_ids": lambda theme_id: self.themes.get(theme_id, theme_id),
        }
        return by_field.get(field, lambda value: value)


def names_for(entries: Iterable[AuditEntry]) -> Names:
    """The names of everything the entries name, in one query per kind of thing."""
    entries = list(entries)
    slugs: dict[str, set[str]] = {"administration": set(), "challenge": set()}
    lab_ids = {entry.target_id for entry in entries if entry.target_type == "lab"}
    for entry in entries:
        if entry.target_type == "administration":
            slugs["administration"].add(entry.target_label)
        for field, values in entry.changes.items():
            if field in SLUG_FIELDS:
                slugs[SLUG_FIELDS[field]].update(value for value in values if isinstance(value, str))
    return Names(
        administrations=_by(Administration.slug, Administration.name, slugs["administration"]),
        labs=_by(Lab.id, Lab.name, lab_ids),
        challenges=_by(Challenge.slug, Challenge.title, slugs["challenge"]),
        themes={theme.id: localized_name(theme) for theme in db.session.scalars(select(Theme))},
    )


def _by(key, name, wanted: set) -> dict:
    if not wanted:
        return {}
    return {row[0]: row[1] for row in db.session.execute(select(key, name).where(key.in_(wanted)))}


def changes_of(entry: AuditEntry, names: Names) -> list[Change]:
    """The entry's changed fields, each with its label and its before and after in words."""
    return [
        Change(str(FIELD_LABELS.get(field, field)), names.value(entry, field, before), names.value(entry, field, after))
        for field, (before, after) in entry.changes.items()
    ]


def log_table_context(entries: Iterable[AuditEntry]) -> dict[str, dict[int, Any]]:
    """What admin/_log_table.html shows of each entry beyond its columns: its target's name and its changes."""
    entries = list(entries)
    names = names_for(entries)
    return {
        "targets": {entry.id: names.of_target(entry) for entry in entries},
        "changes": {entry.id: changes_of(entry, names) for entry in entries},
    }
