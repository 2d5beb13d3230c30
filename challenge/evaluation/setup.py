"""Setting up a challenge's evaluation: its criteria and their weights, the popular vote's weight, the evaluators."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..account.invitations import create_juror_invitation
from ..account.service import find_by_email
from ..core.email_addresses import INVALID_EMAIL, valid_email
from ..core.errors import PermissionDenied, ServiceError, commit_or_raise
from ..core.evaluation_permissions import can_set_up_evaluation
from ..core.extensions import db
from ..core.permissions import can_manage
from ..models import DEFAULT_CRITERIA, Challenge, EvaluationCriterion, Evaluator, User
from ..notifications import service as notifications

MAX_POPULAR_WEIGHT = 50


class EvaluationError(ServiceError):
    """An evaluation operation was refused."""


def refuse_set_up(user: User, challenge: Challenge) -> None:
    """Raise unless `user` may change the challenge's evaluation set-up now."""
    if not can_manage(user, challenge):
        raise PermissionDenied(_("Solo il personale dell'amministrazione della sfida può impostarne la valutazione."))
    if not can_set_up_evaluation(user, challenge):
        raise EvaluationError(_("La valutazione si imposta solo finché la sfida è in bozza o aperta."))


def criteria_of(challenge: Challenge) -> list[EvaluationCriterion]:
    """The challenge's criteria, in the order they were added."""
    return list(
        db.session.scalars(
            select(EvaluationCriterion)
            .where(EvaluationCriterion.challenge_id == challenge.id)
            .order_by(EvaluationCriterion.id)
        )
    )


def ensure_default_criteria(challenge: Challenge) -> None:
    """Give a challenge without criteria the default set, each of weight 1, in the caller's transaction."""
    if criteria_of(challenge):
        return
    for name, description in DEFAULT_CRITERIA:
        db.session.add(
            EvaluationCriterion(challenge_id=challenge.id, name=str(name), description=str(description), weight=1)
        )


def open_evaluation(challenge: Challenge) -> None:
    """On entering evaluation: the default criteria if it has none, and a notice to each evaluator with an
    account (in the app, and by email unless they turned it off), in the caller's transaction."""
    ensure_default_criteria(challenge)
    for evaluator in evaluators_of(challenge):
        if evaluator.user is not None:
            notifications.notify(evaluator.user, "evaluation", challenge.title, None, challenge_id=challenge.id)


def use_default_criteria(user: User, challenge: Challenge) -> list[EvaluationCriterion]:
    """The staff's choice of the default criteria, each of weight 1, for a challenge that has none yet."""
    refuse_set_up(user, challenge)
    # One choice at a time per challenge (a row lock where the database has them), so two clicks add one set.
    db.session.execute(select(Challenge.id).where(Challenge.id == challenge.id).with_for_update())
    if criteria_of(challenge):
        raise EvaluationError(_("La sfida ha già dei criteri: quelli predefiniti si scelgono solo se non ce n'è."))
    ensure_default_criteria(challenge)
    db.session.commit()
    return criteria_of(challenge)


def set_popular_weight(user: User, challenge: Challenge, weight: int) -> Challenge:
    """Save the popular vote's weight (0 to 50 %); the criteria stay as they are."""
    refuse_set_up(user, challenge)
    if not 0 <= weight <= MAX_POPULAR_WEIGHT:
        raise EvaluationError(_("Il peso del voto popolare è un numero da 0 a 50."), field="popular_weight")
    challenge.popular_weight = weight
    db.session.commit()
    return challenge


def add_criterion(user: User, challenge: Challenge, name: str, description: str, weight: int) -> EvaluationCriterion:
    """Add a criterion with its weight (1 to 100)."""
    refuse_set_up(user, challenge)
    if not name.strip():
        raise EvaluationError(_("Il criterio deve avere un nome."), field="name")
    if not 1 <= weight <= 100:
        raise EvaluationError(_("Il peso va da 1 a 100."), field="weight")
    criterion = EvaluationCriterion(
        challenge_id=challenge.id, name=name.strip(), description=description.strip(), weight=weight
    )
    db.session.add(criterion)
    db.session.commit()
    return criterion


def delete_criterion(user: User, challenge: Challenge, criterion: EvaluationCriterion) -> None:
    """Remove a criterion (and any score given on it)."""
    refuse_set_up(user, challenge)
    db.session.delete(criterion)
    db.session.commit()


def evaluators_of(challenge: Challenge) -> list[Evaluator]:
    """The challenge's evaluators, with their accounts when they have one."""
    return list(
        db.session.scalars(
            select(Evaluator)
            .options(joinedload(Evaluator.user))
            .where(Evaluator.challenge_id == challenge.id)
            .order_by(Evaluator.id)
        )
    )


@dataclass(frozen=True)
class AddedEvaluator:
    evaluator: Evaluator
    invited: bool  # an invitation link was emailed (no account had the address)


def add_evaluator(
    user: User, challenge: Challenge, email: str, invitation_link: Callable[[str], str]
) -> AddedEvaluator:
    """Make the account with this email an evaluator, or invite the address by email to join the jury."""
    refuse_set_up(user, challenge)
    address = valid_email(email)
    if address is None:
        raise EvaluationError(str(INVALID_EMAIL), field="email")
    email = address
    if db.session.scalar(select(Evaluator.id).where(Evaluator.challenge_id == challenge.id, Evaluator.email == email)):
        raise EvaluationError(_("Questa persona valuta già la sfida."), field="email")
    account = find_by_email(email)
    evaluator = Evaluator(challenge_id=challenge.id, email=email)
    if account is not None:
        if account.is_suspended:
            raise EvaluationError(_("Questo account è sospeso."), field="email")
        evaluator.user_id = account.id
    else:
        evaluator.invitation_id = create_juror_invitation(user, email, challenge, invitation_link).invitation.id
    db.session.add(evaluator)
    commit_or_raise(EvaluationError(_("Questa persona valuta già la sfida."), field="email"))
    return AddedEvaluator(evaluator, invited=account is None)


def remove_evaluator(user: User, challenge: Challenge, evaluator: Evaluator) -> None:
    """Remove an evaluator (and the scores they gave)."""
    refuse_set_up(user, challenge)
    db.session.delete(evaluator)
    db.session.commit()
