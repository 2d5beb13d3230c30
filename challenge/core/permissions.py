"""Who may do what: the rules every write checks on the server, and pages ask before showing a control.

Services raise the `refusal_to_...` errors; views and templates (these functions are Jinja
globals) ask the `can_...` functions, so a button shows exactly when the write would pass.
The rules of a challenge's evaluation are in `evaluation_permissions`.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from ..models import (
    CLI_ACTOR,
    Administration,
    Appeal,
    Challenge,
    Comment,
    ModerationAction,
    Solution,
    User,
    utcnow,
)
from ..text.clock import today
from . import legal  # a module import: legal imports this module too
from .errors import PermissionDenied, ServiceError
from .extensions import db


def can_manage_for(user: User, administration_id: int | None) -> bool:
    """Admins, and the staff of that administration, manage its challenges."""
    if not user.is_authenticated or user.is_suspended:
        return False
    return user.is_admin or user.is_staff_of(administration_id)


def can_manage(user: User, challenge: Challenge) -> bool:
    """Edit the challenge and move it through its lifecycle."""
    return can_manage_for(user, challenge.administration_id)


def can_create_challenges(user: User) -> bool:
    """Staff of an administration, and admins."""
    if not user.is_authenticated or user.is_suspended:
        return False
    return user.is_admin or (user.role == "staff" and user.administration_id is not None)


def write_block(user: User) -> str | None:
    """Why a signed-in account may not write now ("suspended", "unverified", "terms"), or None."""
    if user.is_suspended:
        return "suspended"
    if current_app.config["REQUIRE_VERIFIED_EMAIL"] and not user.is_verified:
        return "unverified"
    if (user.terms_version, user.privacy_version) != legal.versions_in_force():
        return "terms"
    return None


# One message per reason, the same in pages, JSON answers and the API: it says what to do next.
WRITE_BLOCK_MESSAGES = {
    "suspended": _l(
        "Il tuo account è sospeso: puoi leggere, ma non proporre, commentare, votare o segnalare."
        " Il motivo, la data di fine e il modulo per il ricorso sono nella pagina del tuo account."
    ),
    "unverified": _l(
        "Il tuo indirizzo email non è ancora confermato: prima di proporre, commentare, votare o segnalare"
        " conferma il tuo indirizzo email con il link che trovi nell'email di conferma (puoi fartene inviare una nuova)."
    ),
    "terms": _l(
        "Prima di proporre, commentare, votare o segnalare leggi e accetta le condizioni d'uso in vigore"
        " (non le hai ancora accettate)."
    ),
}


class AccountBlocked(PermissionDenied):
    """A write refused because of the account's state; `reason` is "suspended", "unverified" or "terms"."""

    def __init__(self, reason: str) -> None:
        super().__init__(str(WRITE_BLOCK_MESSAGES[reason]))
        self.reason = reason


def refusal_to_write(user: User) -> PermissionDenied | None:
    """Why the account may not write at all now (not signed in, suspended, unverified, old terms), or None.

    Every write asks this first, so each reason is refused with its own message wherever it is met.
    """
    if not user.is_authenticated:
        return PermissionDenied(_("Accedi per proporre soluzioni, commentare e votare."))
    reason = write_block(user)
    return None if reason is None else AccountBlocked(reason)


def can_contribute(user: User) -> bool:
    """Signed in, not suspended, verified, current terms accepted: may propose, comment, vote, flag, follow."""
    return user.is_authenticated and write_block(user) is None


def is_author(user: User, item: Solution | Comment) -> bool:
    """One of the item's authors: any author of a solution (see Solution.is_authored_by), a comment's writer."""
    return user.is_authenticated and item.is_authored_by(user.id)


def can_administer(user: User) -> bool:
    """The admin console: administrations, labs, people, roles, invitations, the audit log."""
    return user.is_authenticated and user.is_admin and not user.is_suspended


def can_moderate(user: User) -> bool:
    """Moderators (and admins, who are moderators too) whose account is not suspended."""
    return user.is_authenticated and user.is_moderator and not user.is_suspended


def open_for_discussion(solution: Solution) -> bool:
    """Votes and comments are accepted on a published solution of an open or evaluated challenge."""
    return solution.is_published and solution.challenge.accepts_discussion


def can_discuss(user: User, solution: Solution) -> bool:
    """May vote on and comment the solution."""
    return can_contribute(user) and open_for_discussion(solution)


def can_respond(user: User, solution: Solution) -> bool:
    """May publish the official response: the challenge's administration, on a visible solution, until it closes."""
    return can_manage(user, solution.challenge) and solution.is_listed and not solution.challenge.is_read_only


def refusal_to_flag(user: User, item: Solution | Comment) -> ServiceError | None:
    """Why the user may not report the item (a published item of someone else), or None when they may."""
    if (refusal := refusal_to_write(user)) is not None:
        return refusal
    if is_author(user, item):
        return ServiceError(_("Non puoi segnalare un tuo contenuto."))
    if not item.is_published:
        return ServiceError(_("Questo contenuto non è più visibile."))
    return None


def can_flag(user: User, item: Solution | Comment) -> bool:
    """May report the item."""
    return refusal_to_flag(user, item) is None


def needs_spid_for(user: User, action: str) -> bool:
    """Whether FLASK_SPID_REQUIRED_FOR reserves the action ("propose", "vote") to accounts verified with SPID/CIE."""
    value = current_app.config.get("SPID_REQUIRED_FOR") or ""
    required = {item.strip() for item in str(value).split(",")}
    return action in required and not (user.is_authenticated and user.is_spid_verified)


def refusal_to_vote(user: User) -> ServiceError | None:
    """Why the user may not vote at all (SPID/CIE required by the settings), or None."""
    if needs_spid_for(user, "vote"):
        return PermissionDenied(_("Per votare devi entrare con SPID o CIE (o collegarli al tuo account)."))
    return None


def refusal_to_propose(user: User, challenge: Challenge) -> ServiceError | None:
    """Why the user may not propose a solution to the challenge, or None when they may."""
    if (refusal := refusal_to_write(user)) is not None:
        return refusal
    if needs_spid_for(user, "propose"):
        return PermissionDenied(
            _("Per proporre una soluzione devi entrare con SPID o CIE (o collegarli al tuo account).")
        )
    if not challenge.accepts_solutions(today()):
        return ServiceError(_("Questa sfida non accetta più soluzioni."))
    return None


def refusal_to_edit_solution(user: User, solution: Solution) -> ServiceError | None:
    """Why the user may not edit or withdraw the solution, or None when they may."""
    if not is_author(user, solution):
        return PermissionDenied(_("Solo gli autori possono modificare o ritirare questa soluzione."))
    if (refusal := refusal_to_write(user)) is not None:
        return refusal
    if not solution.is_published:
        return ServiceError(_("Questa soluzione non è più modificabile."))
    if solution.challenge.status != "open":
        return ServiceError(_("La sfida non è più aperta: la soluzione non si può modificare."))
    return None


def can_edit_solution(user: User, solution: Solution) -> bool:
    """May edit or withdraw the solution."""
    return refusal_to_edit_solution(user, solution) is None


# --- Merging duplicate solutions (solutions.merging) ---


def refusal_to_merge(user: User, duplicate: Solution) -> ServiceError | None:
    """Why the user may not merge this solution into another, or None: moderators and the challenge's
    staff, on a published solution of an open challenge that is not their own."""
    if not (can_moderate(user) or can_manage(user, duplicate.challenge)):
        return PermissionDenied(_("Solo i moderatori e il personale della sfida possono unire le soluzioni."))
    if duplicate.is_authored_by(user.id):
        return PermissionDenied(_("Non puoi unire una tua soluzione: lo decide un'altra persona."))
    if not duplicate.is_published:
        return ServiceError(_("Si possono unire solo soluzioni pubblicate."))
    if duplicate.challenge.status != "open":
        return ServiceError(_("Le soluzioni si possono unire solo finché la sfida è aperta."))
    return None


def can_merge(user: User, duplicate: Solution) -> bool:
    """May merge the solution into another one of its challenge."""
    return refusal_to_merge(user, duplicate) is None


# --- end of merging ---


def refusal_to_change_attachments(user: User, item: Challenge | Solution) -> ServiceError | None:
    """Why the user may not add or remove files of the challenge (its staff) or solution (its author
    while they may edit it), or None when they may."""
    if isinstance(item, Solution):
        return refusal_to_edit_solution(user, item)
    if not can_manage(user, item):
        return PermissionDenied(_("Solo il personale dell'amministrazione della sfida può gestirne gli allegati."))
    return None


def can_change_attachments(user: User, item: Challenge | Solution) -> bool:
    """May add files to the item and remove them."""
    return refusal_to_change_attachments(user, item) is None


def refusal_to_delete_comment(user: User, comment: Comment) -> ServiceError | None:
    """Why the user may not delete the comment, or None when they may."""
    if not is_author(user, comment):
        return PermissionDenied(_("Solo l'autore può eliminare questo commento."))
    if (refusal := refusal_to_write(user)) is not None:
        return refusal
    if not comment.is_published:
        return ServiceError(_("Questo commento è già stato eliminato o nascosto."))
    if comment.solution.challenge.status == "closed":
        return ServiceError(_("La sfida è chiusa: i commenti non si possono più modificare."))
    return None


def comment_edit_deadline(comment: Comment) -> datetime:
    """Until when its author may edit the comment (FLASK_COMMENT_EDIT_MINUTES after posting it)."""
    return comment.created_at + timedelta(minutes=current_app.config["COMMENT_EDIT_MINUTES"])


def refusal_to_edit_comment(user: User, comment: Comment) -> ServiceError | None:
    """Why the user may not edit the comment (its author, soon after posting, while the discussion is open)."""
    if not is_author(user, comment):
        return PermissionDenied(_("Solo l'autore può modificare questo commento."))
    if (refusal := refusal_to_write(user)) is not None:
        return refusal
    if not comment.is_published:
        return ServiceError(_("Questo commento non si può più modificare."))
    if not open_for_discussion(comment.solution):
        return ServiceError(_("La discussione è chiusa: il commento non si può più modificare."))
    if utcnow() > comment_edit_deadline(comment):
        minutes = current_app.config["COMMENT_EDIT_MINUTES"]
        return ServiceError(
            ngettext(
                "Un commento si può modificare solo nel primo minuto dopo la pubblicazione.",
                "Un commento si può modificare solo nei primi %(num)d minuti dopo la pubblicazione.",
                minutes,
            )
        )
    return None


def can_edit_comment(user: User, comment: Comment) -> bool:
    """May edit the comment now."""
    return refusal_to_edit_comment(user, comment) is None


def can_delete_comment(user: User, comment: Comment) -> bool:
    """May delete the comment."""
    return refusal_to_delete_comment(user, comment) is None


def can_see_held_back(user: User, item: Solution | Comment) -> bool:
    """A hidden, rejected or pending item: its author (who reads the decision) and the moderators."""
    return is_author(user, item) or can_moderate(user)


def decision_concerns(user: User, decision: ModerationAction) -> bool:
    """Whether a moderation decision is about the person: their account or comment, or a solution they author."""
    if decision.target_user_id == user.id:
        return True
    if decision.solution_id is None or decision.comment_id is not None:
        return False
    solution = db.session.get(Solution, decision.solution_id)  # usually already in the session
    return solution is not None and solution.is_authored_by(user.id)


def refusal_to_change_authors(user: User, solution: Solution) -> ServiceError | None:
    """Why the user may not invite or remove co-authors of the solution (any author may, while it is
    not withdrawn), or None when they may."""
    if not is_author(user, solution):
        return PermissionDenied(_("Solo gli autori della soluzione possono invitare o togliere coautori."))
    if (refusal := refusal_to_write(user)) is not None:
        return refusal
    if solution.status == "withdrawn":
        return ServiceError(_("La soluzione è stata ritirata: i suoi autori non cambiano più."))
    return None


def can_change_authors(user: User, solution: Solution) -> bool:
    """May invite co-authors to the solution and remove them."""
    return refusal_to_change_authors(user, solution) is None


def refusal_to_appeal(
    user: User, decision: ModerationAction, appeal: Appeal | None, deadline: datetime
) -> ServiceError | None:
    """Why the person may not appeal the decision (theirs, once, before the deadline), or None when they may.

    A suspended person may appeal their suspension: it is the one write a suspension leaves.
    """
    if not user.is_authenticated or not decision_concerns(user, decision):
        return PermissionDenied(_("Solo la persona interessata può presentare ricorso."))
    if appeal is not None:
        return ServiceError(_("Hai già presentato ricorso contro questa decisione."))
    if utcnow() > deadline:
        return ServiceError(_("Sono passati più di sei mesi dalla decisione: non si può più presentare ricorso."))
    return None


def refusal_to_decide_appeal(user: User, appeal: Appeal) -> ServiceError | None:
    """Why the user may not decide the appeal, or None: a moderator other than the one who made the decision,
    the appellant and the person the decision is about (the item's author, the suspended account)."""
    if not can_moderate(user):
        return PermissionDenied(_("Solo i moderatori possono farlo."))
    if appeal.decision.actor_id == user.id:
        return PermissionDenied(_("Il ricorso va deciso da un moderatore diverso da chi ha preso la decisione."))
    if user.id == appeal.appellant_id or decision_concerns(user, appeal.decision):
        return PermissionDenied(_("Il ricorso riguarda te: lo decide un altro moderatore."))
    if appeal.status != "open":
        return ServiceError(_("Questo ricorso è già stato deciso."))
    return None


def refusal_to_restore(user: User, item: Solution | Comment, hidden_by: User | None) -> ServiceError | None:
    """Why the user may not restore the hidden item, or None: as for accounts, nobody restores their own
    content, and only an admin undoes an admin's decision (`hidden_by` None: hidden automatically)."""
    if not can_moderate(user):
        return PermissionDenied(_("Solo i moderatori possono farlo."))
    if is_author(user, item):
        return PermissionDenied(_("Non puoi ripristinare un tuo contenuto: lo decide un altro moderatore."))
    if hidden_by is not None and hidden_by.is_admin and not user.is_admin:
        return PermissionDenied(_("L'ha nascosto un amministratore: solo un amministratore può ripristinarlo."))
    return None


def can_decide_appeal(user: User, appeal: Appeal) -> bool:
    """May uphold or overturn the appeal."""
    return refusal_to_decide_appeal(user, appeal) is None


def refusal_to_flag_user(user: User, person: User) -> ServiceError | None:
    """Why the user may not report the person, or None when they may."""
    if (refusal := refusal_to_write(user)) is not None:
        return refusal
    if person.id == user.id:
        return ServiceError(_("Non puoi segnalare te stesso."))
    if person.deleted_at is not None:
        return ServiceError(_("Questo account non esiste più."))
    return None


def can_flag_user(user: User, person: User) -> bool:
    """May report the person."""
    return refusal_to_flag_user(user, person) is None


def refuse_unless_allowed(refusal: ServiceError | None) -> None:
    """Raise the refusal, if there is one."""
    if refusal is not None:
        raise refusal


def can_view_dashboard(user: User, administration: Administration) -> bool:
    """An administration's workspace: its staff and admins."""
    return can_manage_for(user, administration.id)


def can_export(user: User, challenge: Challenge) -> bool:
    """One challenge's solutions, votes and responses as a spreadsheet: its staff and admins."""
    return can_manage(user, challenge)


def require_admin(actor: User | str) -> None:
    """Refuse unless the actor is an admin or the command line (CLI_ACTOR)."""
    if actor != CLI_ACTOR and not (isinstance(actor, User) and can_administer(actor)):
        raise PermissionDenied(_("Solo gli amministratori della piattaforma possono farlo."))
