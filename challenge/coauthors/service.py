"""Co-authors: any author invites by email, the invited address accepts or declines, any author removes.

The link is a signed token (core.tokens) naming the invitation and a fingerprint of its address and
sending time: answering closes the invitation, re-sending retires the earlier link, and the token
itself expires with the invitation's validity.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select

from ..account.service import AccountError, create_user, find_by_email
from ..core import audit, counters
from ..core.email_addresses import INVALID_EMAIL, valid_email
from ..core.errors import ServiceError, commit_or_raise
from ..core.extensions import db
from ..core.permissions import refusal_to_change_authors, refuse_unless_allowed
from ..core.tokens import TokenError, fingerprint, make_token, read_token
from ..models import CoauthorInvitation, Solution, SolutionCoauthor, User, utcnow
from ..notifications import service as notifications
from ..notifications.mail import account_unsubscribe_url, language_of, render_email_in
from ..notifications.preferences import frequency_of_kind
from ..votes.service import withdraw_author_vote

VALIDITY = timedelta(days=14)
PURPOSE = "coauthorship"


class CoauthorError(ServiceError):
    """An invitation, an answer or a removal was refused."""


def _lock(solution: Solution) -> None:
    """Hold the solution's row until commit (PostgreSQL): changes of its authors and votes on it take turns."""
    db.session.execute(select(Solution.id).where(Solution.id == solution.id).with_for_update())


def pending_invitations(solution: Solution) -> list[CoauthorInvitation]:
    """The invitations of the solution still waiting for an answer, oldest first."""
    return list(
        db.session.scalars(
            select(CoauthorInvitation)
            .where(
                CoauthorInvitation.solution_id == solution.id,
                CoauthorInvitation.answer.is_(None),
                CoauthorInvitation.expires_at > utcnow(),
            )
            .order_by(CoauthorInvitation.id)
        )
    )


def _pending_count(solution: Solution) -> int:
    return (
        db.session.scalar(
            select(func.count())
            .select_from(CoauthorInvitation)
            .where(
                CoauthorInvitation.solution_id == solution.id,
                CoauthorInvitation.answer.is_(None),
                CoauthorInvitation.expires_at > utcnow(),
            )
        )
        or 0
    )


def token_of(invitation: CoauthorInvitation) -> str:
    """The link's token: valid until the invitation is answered, re-sent or expired."""
    return make_token(PURPOSE, {"id": invitation.id, "fp": fingerprint(invitation.email, invitation.sent_at)})


def find_invitation(token: str) -> CoauthorInvitation:
    """The invitation behind a link; TokenError for a forged, retired or expired one (`expired` says which)."""
    payload = read_token(PURPOSE, token, VALIDITY)
    invitation = db.session.get(CoauthorInvitation, payload.get("id")) if isinstance(payload.get("id"), int) else None
    if invitation is None or payload.get("fp") != fingerprint(invitation.email, invitation.sent_at):
        raise TokenError("invalid")
    return invitation


def invitation_problem(invitation: CoauthorInvitation) -> str | None:
    """Why the link no longer works ('used' or 'expired'), or None while it is valid."""
    if invitation.answer is not None:
        return "used"
    if not invitation.is_pending(utcnow()):
        return "expired"
    return None


def _send(invitation: CoauthorInvitation, inviter: User, link_for: Callable[[str], str]) -> bool:
    """Queue the invitation's email, in its reader's language, unless the account of the address said never."""
    existing = find_by_email(invitation.email)
    if existing is not None and db.session.scalar(select(frequency_of_kind("coauthor", existing.id))) == "never":
        return False
    language = language_of(existing) if existing else current_app.config["BABEL_DEFAULT_LOCALE"]
    rendered = render_email_in(
        language,
        "coauthor_invitation",
        _l("Un invito a firmare la soluzione «%(title)s»", title=invitation.solution.title),
        inviter=inviter.display_name,
        solution_title=invitation.solution.title,
        link=link_for(token_of(invitation)),
    )
    return notifications.queue_email(
        invitation.email, *rendered, unsubscribe_url=account_unsubscribe_url(existing, invitation.email)
    )


def invite_coauthor(actor: User, solution: Solution, email: str, link_for: Callable[[str], str]) -> CoauthorInvitation:
    """Invite an address to co-author the solution (FLASK_MAX_COAUTHORS at most, pending invitations
    included) and email it the link; `link_for(token)` is the link's full address."""
    refuse_unless_allowed(refusal_to_change_authors(actor, solution))
    address = valid_email(email)
    if address is None:
        raise CoauthorError(str(INVALID_EMAIL), field="email")
    _lock(solution)
    existing = find_by_email(address)
    if existing is not None and solution.is_authored_by(existing.id):
        raise CoauthorError(_("Questa persona è già tra gli autori della soluzione."), field="email")
    if any(invitation.email == address for invitation in pending_invitations(solution)):
        raise CoauthorError(_("Questo indirizzo ha già un invito in attesa di risposta."), field="email")
    limit = current_app.config["MAX_COAUTHORS"]
    if len(solution.coauthors) + _pending_count(solution) >= limit:
        raise CoauthorError(
            _("Una soluzione può avere al massimo %(num)d coautori, contando gli inviti in attesa.", num=limit),
            field="email",
        )
    now = utcnow()
    invitation = CoauthorInvitation(
        solution=solution, email=address, invited_by_id=actor.id, created_at=now, sent_at=now, expires_at=now + VALIDITY
    )
    db.session.add(invitation)
    db.session.flush()
    _send(invitation, actor, link_for)
    commit_or_raise(CoauthorError(_("L'invito non è stato salvato: riprova.")))
    return invitation


def invitation_of(solution: Solution, invitation_id: int) -> CoauthorInvitation | None:
    """One invitation of the solution, by its id."""
    invitation = db.session.get(CoauthorInvitation, invitation_id)
    return invitation if invitation is not None and invitation.solution_id == solution.id else None


def _pending_of(actor: User, invitation: CoauthorInvitation) -> CoauthorInvitation:
    refuse_unless_allowed(refusal_to_change_authors(actor, invitation.solution))
    if invitation_problem(invitation) is not None:
        raise CoauthorError(_("Questo invito ha già avuto risposta o è scaduto."))
    return invitation


def resend_invitation(actor: User, invitation: CoauthorInvitation, link_for: Callable[[str], str]) -> None:
    """Send a pending invitation again with a new link, valid 14 days from now; the earlier link stops working."""
    _pending_of(actor, invitation)
    invitation.sent_at = utcnow()
    invitation.expires_at = invitation.sent_at + VALIDITY
    _send(invitation, actor, link_for)
    db.session.commit()


def cancel_invitation(actor: User, invitation: CoauthorInvitation) -> None:
    """Withdraw a pending invitation: its link stops working."""
    db.session.delete(_pending_of(actor, invitation))
    db.session.commit()


def _refuse_other_address(invitation: CoauthorInvitation, user: User) -> None:
    if user.email != invitation.email:
        raise CoauthorError(
            _("Questo invito è per un altro indirizzo email: esci ed entra con l'indirizzo invitato per rispondere.")
        )


def _close(invitation: CoauthorInvitation, answer: str, user: User | None) -> None:
    if invitation_problem(invitation) is not None:
        raise CoauthorError(_("Questo invito è scaduto o ha già avuto risposta."))
    invitation.answer = answer
    invitation.answered_at = utcnow()
    invitation.answered_by_id = user.id if user is not None else None


def add_author(solution: Solution, user: User) -> None:
    """Make the account a co-author, in the caller's transaction: its earlier vote on the solution is
    withdrawn (no author votes on their own solution). The vote's row is taken before the solution's, in
    the order a vote takes them, so that a vote changing at the same moment waits instead of deadlocking."""
    if solution.is_authored_by(user.id):
        return
    withdraw_author_vote(user.id, solution)
    solution.coauthors.append(SolutionCoauthor(user_id=user.id, added_at=utcnow()))
    db.session.flush()


def accept_invitation(invitation: CoauthorInvitation, user: User) -> Solution:
    """The invited person, signed in with the invited address, becomes a co-author (the link reached the address)."""
    _refuse_other_address(invitation, user)
    _close(invitation, "accepted", user)
    add_author(invitation.solution, user)
    user.email_verified_at = user.email_verified_at or invitation.answered_at
    commit_or_raise(CoauthorError(_("Questo invito è scaduto o ha già avuto risposta.")))
    return invitation.solution


def accept_with_new_account(invitation: CoauthorInvitation, name: str, password: str, accepts_terms: bool) -> User:
    """Create the account of the invited address (the password rules apply), with the terms accepted, then accept."""
    if not accepts_terms:
        raise CoauthorError(
            _("Per continuare accetta le condizioni d'uso e prendi visione dell'informativa sulla privacy."),
            field="accept_terms",
        )
    if invitation_problem(invitation) is not None:
        raise CoauthorError(_("Questo invito è scaduto o ha già avuto risposta."))
    try:
        user = create_user(invitation.email, name, password, has_accepted_terms=True)
    except AccountError as error:
        raise CoauthorError(error.message, field=error.field) from None
    accept_invitation(invitation, user)
    return user


def decline_invitation(invitation: CoauthorInvitation, user: User | None) -> None:
    """The invited address says no (signed in with it, or without an account: the link reached it); the
    inviter is told."""
    if user is not None:
        _refuse_other_address(invitation, user)
    _close(invitation, "declined", user)
    if invitation.invited_by is not None:
        notifications.notify(
            invitation.invited_by, "coauthor_decline", invitation.solution.title, invitation.solution_id
        )
    db.session.commit()


def drop_author(solution: Solution, user_id: int) -> None:
    """Take one of several authors off the solution, in the caller's transaction. The proposer's place goes
    to the first co-author, who is then credited with the solution's votes (balances follow `author_id`)."""
    _lock(solution)
    db.session.refresh(solution)  # the counters and authors as they are under the lock
    if user_id == solution.author_id:
        successor = solution.coauthors.pop(0)
        solution.author_id = successor.user_id
        solution.as_organisation = False  # the new proposer has not chosen to speak for an organisation
        if solution.is_visible:
            counters.credit_author(user_id, -solution.score)
            counters.credit_author(successor.user_id, solution.score)
    else:
        solution.coauthors.remove(next(c for c in solution.coauthors if c.user_id == user_id))
    db.session.flush()
    db.session.expire(solution, ["author"])


def leave_every_solution(user: User) -> None:
    """Erasure: the person stops being an author wherever others remain (the first co-author becomes the
    proposer of what they proposed); a solution they wrote alone stays theirs, signed «Utente cancellato»."""
    for solution in db.session.scalars(select(Solution).where(Solution.authored_by(user.id)).order_by(Solution.id)):
        if len(solution.author_ids) > 1:
            drop_author(solution, user.id)


def personal_data(user: User) -> dict[str, list[dict]]:
    """The person's co-authorships and the co-authorship invitations they sent or received, for their export."""
    coauthorships = db.session.scalars(
        select(SolutionCoauthor).where(SolutionCoauthor.user_id == user.id).order_by(SolutionCoauthor.solution_id)
    )
    invitations = db.session.scalars(
        select(CoauthorInvitation)
        .where(
            or_(
                CoauthorInvitation.invited_by_id == user.id,
                CoauthorInvitation.answered_by_id == user.id,
                CoauthorInvitation.email == user.email,
            )
        )
        .order_by(CoauthorInvitation.id)
    )
    return {
        "coauthorships": [{"solution_id": c.solution_id, "since": _iso(c.added_at)} for c in coauthorships],
        "coauthor_invitations": [
            {
                "solution_id": i.solution_id,
                "email": i.email,
                "sent_by_me": i.invited_by_id == user.id,
                "answered_by_me": i.answered_by_id == user.id,
                "sent_at": _iso(i.sent_at),
                "answer": i.answer,
                "answered_at": _iso(i.answered_at),
            }
            for i in invitations
        ],
    }


def _iso(value) -> str | None:
    return value.isoformat() + "Z" if value else None


def remove_author(actor: User, solution: Solution, user_id: int) -> User:
    """Any author removes an author (themselves too: leaving), but never the last one. Removing the proposer
    makes the first co-author the proposer, who is then credited with the solution's votes. Logged and told."""
    refuse_unless_allowed(refusal_to_change_authors(actor, solution))
    if not solution.is_authored_by(user_id):
        raise CoauthorError(_("Questa persona non è tra gli autori della soluzione."))
    if len(solution.author_ids) == 1:
        raise CoauthorError(_("Una soluzione ha sempre almeno un autore: l'ultimo non si può togliere."))
    before = solution.author_ids
    drop_author(solution, user_id)
    removed = db.session.get_one(User, user_id)
    audit.record(
        actor,
        "coauthor_remove",
        "solution",
        solution.id,
        solution.title,
        changes={"authors": [before, solution.author_ids]},
    )
    if removed.id != actor.id:
        notifications.notify(removed, "coauthor_removed", solution.title, solution.id)
    db.session.commit()
    return removed
