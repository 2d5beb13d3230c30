"""The audit log of every admin, moderator and command-line action, and invitations to a role."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, event
from sqlalchemy.orm import Mapped, ORMExecuteState, Session, mapped_column, relationship

from ..account.models import User
from ..administrations.models import Administration
from .extensions import Base
from .legal_models import LEGAL_DOCUMENTS
from .model_helpers import utcnow

CLI_ACTOR = "cli"  # the actor name of changes made from the command line

if TYPE_CHECKING:
    from ..challenges.models import Challenge

AUDIT_ACTIONS: dict[str, LazyString] = {
    "administration_create": _l("Amministrazione creata"),
    "administration_edit": _l("Amministrazione modificata"),
    "lab_create": _l("Laboratorio creato"),
    "lab_edit": _l("Laboratorio modificato"),
    "partner_add": _l("Partner aggiunto"),
    "partner_edit": _l("Partner modificato"),
    "partner_remove": _l("Partner rimosso"),
    "user_create": _l("Account creato"),
    "role_change": _l("Ruolo cambiato"),
    "invitation_create": _l("Invito inviato"),
    "invitation_accept": _l("Invito accettato"),
    "invitation_resend": _l("Invito inviato di nuovo"),
    "participant_remove": _l("Partecipante rimosso"),
    "legal_publish": _l("Nuova versione pubblicata"),
    "page_create": _l("Pagina creata"),
    "page_edit": _l("Pagina modificata"),
    "hide": _l("Contenuto nascosto"),
    "restore": _l("Contenuto ripristinato"),
    "dismiss": _l("Segnalazioni archiviate"),
    "suspend": _l("Account sospeso"),
    "reinstate": _l("Account riabilitato"),
    "approve": _l("Contenuto approvato"),
    "reject": _l("Contenuto rifiutato"),
    "approve_edit": _l("Modifica approvata"),
    "reject_edit": _l("Modifica rifiutata"),
    "remove_file": _l("Allegato rimosso"),
    "uphold": _l("Ricorso respinto"),
    "overturn": _l("Ricorso accolto"),
    "merge": _l("Soluzioni unite"),
    "challenge_message": _l("Messaggio a partecipanti e follower"),
    "meeting_minutes": _l("Verbale dell'incontro scritto o modificato"),
    "coauthor_remove": _l("Autore tolto da una soluzione"),
    "challenge_visibility": _l("Visibilità della sfida cambiata"),
}

# What an entry is about: the `target_type` codes, shown with these labels.
AUDIT_TARGETS: dict[str, LazyString] = {
    "administration": _l("Amministrazione"),
    "lab": _l("Laboratorio"),
    "user": _l("Account"),
    "invitation": _l("Invito"),
    **LEGAL_DOCUMENTS,  # a published version: "terms" or "privacy"
    "page": _l("Pagina"),
    "solution": _l("Soluzione"),
    "comment": _l("Commento"),
    "challenge": _l("Sfida"),
    "meeting": _l("Incontro"),
}


class AuditEntry(Base):
    """One action: who, what, on what, when, why, and each changed field's before and after.

    Rows are only ever added: the session refuses to update or delete one (see below).
    """

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_target", "target_type", "target_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)  # None: the command line
    actor_name: Mapped[str] = mapped_column(String(80), index=True)  # as it was then, or CLI_ACTOR
    action: Mapped[str] = mapped_column(String(32), index=True)
    target_type: Mapped[str] = mapped_column(String(32))
    target_id: Mapped[int | None]
    target_label: Mapped[str] = mapped_column(String(200), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    # {"field": [before, after]} for changes; {} for actions that change no field.
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    actor: Mapped[User | None] = relationship()

    @property
    def action_label(self) -> LazyString | str:
        return AUDIT_ACTIONS.get(self.action, self.action)

    @property
    def target_type_label(self) -> LazyString | str:
        return AUDIT_TARGETS.get(self.target_type, self.target_type)


class AuditLogIsAppendOnly(RuntimeError):
    """Something tried to change or delete a row of the audit log."""


@event.listens_for(Session, "before_flush")
def _refuse_changed_entries(session: Session, flush_context, instances) -> None:
    for instance in (*session.dirty, *session.deleted):
        if isinstance(instance, AuditEntry) and (instance in session.deleted or session.is_modified(instance)):
            raise AuditLogIsAppendOnly("audit log rows are never changed or deleted")


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk_changes(state: ORMExecuteState) -> None:
    if (state.is_update or state.is_delete) and state.bind_mapper is AuditEntry.__mapper__:
        raise AuditLogIsAppendOnly("audit log rows are never changed or deleted")


INVITATION_ROLES = ("staff", "moderator")
# A juror's invitation gives no role: it makes the invited person an evaluator of one challenge.
JUROR_ROLE = "juror"
# Nor does a participant's: it lets the invited person see and take part in one `invited` challenge.
PARTICIPANT_ROLE = "participant"


class Invitation(Base):
    """A single-use link that makes the person with this email staff or moderator."""

    __tablename__ = "invitations"
    __table_args__ = (
        CheckConstraint("role IN ('staff', 'moderator', 'juror', 'participant')", name="role_known"),
        CheckConstraint("role <> 'juror' OR challenge_id IS NOT NULL", name="juror_has_challenge"),
        CheckConstraint("role <> 'participant' OR challenge_id IS NOT NULL", name="participant_has_challenge"),
        CheckConstraint("role <> 'staff' OR administration_id IS NOT NULL", name="staff_has_administration"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # the link carries the token itself
    email: Mapped[str] = mapped_column(String(254), index=True)
    role: Mapped[str] = mapped_column(String(16))
    administration_id: Mapped[int | None] = mapped_column(ForeignKey("administrations.id"), index=True)
    challenge_id: Mapped[int | None] = mapped_column(ForeignKey("challenges.id", ondelete="CASCADE"), index=True)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)  # None: the command line
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    accepted_at: Mapped[datetime | None]
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)

    administration: Mapped[Administration | None] = relationship()
    invited_by: Mapped[User | None] = relationship(foreign_keys=[invited_by_id])
    challenge: Mapped[Challenge | None] = relationship("Challenge")  # a juror's or a participant's

    @property
    def is_used(self) -> bool:
        return self.accepted_at is not None

    def is_expired(self, now: datetime) -> bool:
        """Whether the link is past its validity."""
        return now >= self.expires_at
