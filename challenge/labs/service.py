"""Territorial labs and their partners, created and edited by admins and commands."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from ..administrations.service import check_website, find_administration
from ..core import audit
from ..core.errors import ServiceError, code_for, commit_or_raise
from ..core.extensions import db
from ..core.permissions import require_admin
from ..models import PARTNER_KINDS, Lab, Partner, Theme
from ..text.slugs import unique_slug


class LabError(ServiceError):
    """A lab or a partner could not be created or changed."""


@dataclass(frozen=True)
class LabDetails:
    """What an admin fills in; `coordinator` is an administration slug."""

    name: str
    territory: str
    coordinator: str
    theme_ids: tuple[int, ...]
    description: str = ""


@dataclass(frozen=True)
class PartnerDetails:
    name: str
    kind: str  # a code or its Italian label
    website: str = ""


def details_of(lab: Lab) -> LabDetails:
    """The lab's current details, the starting point of an edit."""
    return LabDetails(
        name=lab.name,
        territory=lab.territory,
        coordinator=lab.coordinator.slug if lab.coordinator else "",
        theme_ids=tuple(theme.id for theme in lab.themes),
        description=lab.description,
    )


def _apply(lab: Lab, details: LabDetails) -> None:
    name, territory = details.name.strip(), details.territory.strip()
    if not name:
        raise LabError(_("Il nome è obbligatorio."), field="name")
    if not territory:
        raise LabError(_("Indica il territorio del laboratorio."), field="territory")
    coordinator = find_administration(details.coordinator.strip())
    if coordinator is None:
        raise LabError(
            _("Nessuna amministrazione con lo slug %(slug)s.", slug=details.coordinator), field="coordinator"
        )
    themes = list(db.session.scalars(select(Theme).where(Theme.id.in_(details.theme_ids)).order_by(Theme.id)))
    if not themes or len(themes) != len(set(details.theme_ids)):
        raise LabError(_("Scegli uno o più assi tematici dall'elenco."), field="themes")
    lab.name, lab.territory, lab.description = name, territory, details.description.strip()
    lab.coordinator, lab.region_code, lab.themes = coordinator, coordinator.region_code, themes


def create_lab(actor: audit.Actor, details: LabDetails) -> Lab:
    """Create a lab coordinated by an administration; its slug comes from the name and never changes."""
    require_admin(actor)
    lab = Lab()
    _apply(lab, details)
    lab.slug = unique_slug(Lab, lab.name)
    db.session.add(lab)
    db.session.flush()
    audit.record(actor, "lab_create", "lab", lab.id, lab.slug, changes=audit.differences({}, asdict(details_of(lab))))
    commit_or_raise(LabError(_("Un laboratorio con lo stesso nome è stato creato nello stesso momento."), field="name"))
    return lab


def edit_lab(actor: audit.Actor, lab: Lab, details: LabDetails) -> Lab:
    """Change a lab's details; the slug stays."""
    require_admin(actor)
    before = asdict(details_of(lab))
    _apply(lab, details)
    changes = audit.differences(before, asdict(details_of(lab)))
    if changes:
        audit.record(actor, "lab_edit", "lab", lab.id, lab.slug, changes=changes)
    db.session.commit()
    return lab


def _partner_fields(details: PartnerDetails) -> dict[str, str]:
    name = details.name.strip()
    if not name:
        raise LabError(_("Il nome è obbligatorio."), field="name")
    kind = code_for(details.kind, PARTNER_KINDS)
    if kind is None:
        known = ", ".join(PARTNER_KINDS)
        raise LabError(
            _("Tipo sconosciuto: %(kind)s (ammessi: %(known)s).", kind=details.kind, known=known), field="kind"
        )
    return {"name": name, "kind": kind, "website": check_website(details.website)}


def _partner_values(partner: Partner) -> dict[str, str]:
    return {"name": partner.name, "kind": partner.kind, "website": partner.website}


def add_partner(actor: audit.Actor, lab: Lab, details: PartnerDetails) -> Partner:
    """Add a partner to a lab."""
    require_admin(actor)
    fields = _partner_fields(details)
    partner = Partner(lab=lab, **fields)
    db.session.add(partner)
    db.session.flush()
    audit.record(actor, "partner_add", "lab", lab.id, lab.slug, changes=audit.differences({}, fields))
    db.session.commit()
    return partner


def edit_partner(actor: audit.Actor, partner: Partner, details: PartnerDetails) -> Partner:
    """Change a partner's name, kind or website."""
    require_admin(actor)
    fields = _partner_fields(details)
    changes = audit.differences(_partner_values(partner), fields)
    if changes:
        for name, value in fields.items():
            setattr(partner, name, value)
        audit.record(actor, "partner_edit", "lab", partner.lab_id, partner.lab.slug, changes=changes)
        db.session.commit()
    return partner


def remove_partner(actor: audit.Actor, partner: Partner) -> None:
    """Take a partner off its lab."""
    require_admin(actor)
    lab = partner.lab
    audit.record(actor, "partner_remove", "lab", lab.id, lab.slug, changes=audit.removed(_partner_values(partner)))
    lab.partners.remove(partner)
    db.session.commit()


def find_partner(lab: Lab, partner_id: int) -> Partner | None:
    """The lab's partner with this id (None for another lab's)."""
    return next((partner for partner in lab.partners if partner.id == partner_id), None)
