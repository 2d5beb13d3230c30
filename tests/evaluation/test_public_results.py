"""The "Esito" of a closed challenge: its counts of the jury's work agree with each other."""

from __future__ import annotations

from challenge.core.extensions import db
from challenge.evaluation.setup import criteria_of, ensure_default_criteria
from challenge.models import Challenge, EvaluationScore, Evaluator
from tests.factories import make_challenge, make_solution, make_user


def _closed_challenge_with_solutions(count: int) -> tuple[Challenge, list[int]]:
    challenge = make_challenge(status="evaluation")
    ids = [make_solution(challenge).id for _ in range(count)]
    make_solution(challenge, status="hidden")  # not published: neither counted nor evaluated
    ensure_default_criteria(challenge)
    db.session.commit()
    return challenge, ids


def _score(challenge: Challenge, solution_ids: list[int]) -> None:
    """A new evaluator scores these solutions on every criterion of the challenge."""
    user = make_user()
    evaluator = Evaluator(challenge_id=challenge.id, email=user.email, user_id=user.id)
    db.session.add(evaluator)
    db.session.flush()
    for solution_id in solution_ids:
        for criterion in criteria_of(challenge):
            db.session.add(
                EvaluationScore(evaluator_id=evaluator.id, solution_id=solution_id, criterion_id=criterion.id, value=4)
            )
    db.session.commit()


def _esito(client, challenge_slug: str) -> str:
    page = client.get(f"/challenges/{challenge_slug}").get_data(as_text=True)
    return page[page.index('id="esito"') : page.index("</section>", page.index('id="esito"'))]


def test_the_esito_counts_the_solutions_scored_and_the_people_who_scored_them(app):
    with app.app_context():
        challenge, ids = _closed_challenge_with_solutions(3)
        _score(challenge, ids[:2])
        _score(challenge, ids[1:2])
        db.session.add(Evaluator(challenge_id=challenge.id, email="assente@example.it"))  # scored nothing
        challenge.status = "closed"
        db.session.commit()
        slug = challenge.slug
    esito = _esito(app.test_client(), slug)
    assert "2 soluzioni valutate su 3 pubblicate · 2 persone hanno valutato." in esito
    assert "punteggio da 1 a 5" in esito


def test_an_esito_without_scores_says_so_instead_of_counting_every_solution_as_evaluated(app):
    with app.app_context():
        challenge, _ids = _closed_challenge_with_solutions(3)
        challenge.status = "closed"
        db.session.commit()
        slug = challenge.slug
    esito = _esito(app.test_client(), slug)
    assert "Nessuna delle 3 soluzioni pubblicate ha ricevuto punteggi dalla giuria." in esito
    assert "valutate" not in esito and "hanno valutato" not in esito and "punteggio da 1 a 5" not in esito
