"""services.evaluation: exact scores under concurrency, what its writes invalidate, the leaderboard's milestones."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date

from sqlalchemy import func, select, text

from challenge.cache.scopes import GENERATION, PUBLISHED, challenge_scope, solution_scope
from challenge.core.extensions import db
from challenge.evaluation.follow_through import MilestoneInput, add_milestone, edit_milestone
from challenge.evaluation.results import add_award, public_awards_of, public_results
from challenge.evaluation.scoring import own_scores, score_solution
from challenge.evaluation.setup import ensure_default_criteria
from challenge.leaderboards.service import administration_scores
from challenge.models import (
    Award,
    Challenge,
    EvaluationCriterion,
    EvaluationScore,
    Evaluator,
    OfficialResponse,
    OfficialResponseRevision,
    Solution,
    User,
)
from challenge.solutions.responses import respond
from tests.factories import make_administration, make_challenge, make_solution, make_user


def scoring_world(status: str = "evaluation"):
    challenge = make_challenge(status=status)
    solution = make_solution(challenge)
    ensure_default_criteria(challenge)
    juror = make_user()
    db.session.add(Evaluator(challenge_id=challenge.id, email=juror.email, user_id=juror.id))
    db.session.commit()
    criteria = list(db.session.scalars(select(EvaluationCriterion.id).order_by(EvaluationCriterion.id)))
    return challenge, solution, juror, criteria


def test_one_evaluator_submitting_twice_at_once_leaves_one_score_per_criterion(concurrent_app):
    with concurrent_app.app_context():
        _challenge, solution, juror, criteria = scoring_world()
        ids = (juror.id, solution.id)
    barrier = threading.Barrier(8)

    def submit(value: int) -> None:
        with concurrent_app.app_context():
            user, item = db.session.get(User, ids[0]), db.session.get(Solution, ids[1])
            barrier.wait()
            try:
                score_solution(user, item, dict.fromkeys(criteria, value), f"nota {value}")
            finally:
                db.session.remove()

    with ThreadPoolExecutor(max_workers=8) as pool:
        for future in [pool.submit(submit, 1 + n % 5) for n in range(8)]:
            future.result()
    with concurrent_app.app_context():
        rows = db.session.execute(
            select(EvaluationScore.criterion_id, func.count()).group_by(EvaluationScore.criterion_id)
        ).all()
        assert sorted(rows) == [(criterion, 1) for criterion in criteria]


def test_rescoring_updates_the_same_rows(app):
    with app.app_context():
        _challenge, solution, juror, criteria = scoring_world()
        score_solution(juror, solution, dict.fromkeys(criteria, 3), "prima")
        first_ids = set(db.session.scalars(select(EvaluationScore.id)))
        score_solution(juror, solution, dict.fromkeys(criteria, 5), "dopo")
        assert set(db.session.scalars(select(EvaluationScore.id))) == first_ids
        assert set(db.session.scalars(select(EvaluationScore.value))) == {5}
        assert own_scores(juror, solution) == (dict.fromkeys(criteria, 5), "dopo")


def _versions() -> dict[str, int]:
    return {
        scope: int(total)
        for scope, total in db.session.execute(text("SELECT scope, SUM(version) FROM cache_versions GROUP BY scope"))
    }


def _bumped_by(write) -> set[str]:
    before = _versions()
    write()
    return {scope for scope, version in _versions().items() if version != before.get(scope)}


def test_scores_notes_and_evaluators_are_private_to_the_cache(app):
    with app.app_context():
        _challenge, solution, juror, criteria = scoring_world()
        assert _bumped_by(lambda: score_solution(juror, solution, dict.fromkeys(criteria, 4), "n")) == set()


def test_an_award_bumps_everything_and_a_milestone_its_pages_and_the_proactive_ranking(app):
    with app.app_context():
        challenge, solution, _juror, _criteria = scoring_world()
        staff = make_user(role="staff", administration_id=challenge.administration_id)
        bumped = _bumped_by(lambda: add_award(staff, challenge, solution.id, "1", "Ottima"))
        assert GENERATION in bumped
        challenge.status = "closed"
        db.session.commit()
        data = MilestoneInput("Avvio", date(2027, 1, 10), "planned", "", 10)
        bumped = _bumped_by(lambda: add_milestone(staff, solution, data))
        assert {solution_scope(solution.id), challenge_scope(challenge.slug), PUBLISHED} <= bumped
        assert GENERATION not in bumped


def test_completed_milestones_count_for_the_most_proactive_administration(app):
    with app.app_context():
        owner = make_administration()
        challenge = make_challenge(owner, status="closed")
        solution = make_solution(challenge)
        db.session.add(Award(challenge_id=challenge.id, solution_id=solution.id, place="1", motivation="Ottima"))
        db.session.commit()
        staff = make_user(role="staff", administration=owner)
        before = {s.slug: s for s in administration_scores(None)}[owner.slug]
        for title, status in (("Collaudo", "in_progress"), ("Avvio", "done")):  # one still open: not implemented
            add_milestone(staff, solution, MilestoneInput(title, date(2027, 1, 1), status, "", 50))
        after = {s.slug: s for s in administration_scores(None)}[owner.slug]
        assert after.milestones_completed == 1
        assert after.points == before.points + 5  # the number the rules promise, not the constant


def _outcome() -> str | None:
    return db.session.scalar(select(OfficialResponse.outcome))


def _step(title: str, status: str) -> MilestoneInput:
    return MilestoneInput(title, date(2027, 1, 1), status, "", 100 if status == "done" else 30)


def test_a_winner_is_implemented_only_while_every_milestone_is_done(app):
    with app.app_context():
        owner = make_administration()
        challenge = make_challenge(owner, status="closed")
        solution = make_solution(challenge)
        db.session.add(Award(challenge_id=challenge.id, solution_id=solution.id, place="1", motivation="Ottima"))
        db.session.commit()
        staff = make_user(role="staff", administration=owner)
        first = add_milestone(staff, solution, _step("Gara", "planned"))
        add_milestone(staff, solution, _step("Collaudo", "in_progress"))
        edit_milestone(staff, first, _step("Gara", "done"))  # the first one completed, the other still open
        assert _outcome() is None
        # Done as the only step so far, then the next steps are planned: no longer implemented.
        other = make_solution(challenge)
        db.session.add(Award(challenge_id=challenge.id, solution_id=other.id, place="2", motivation="Buona"))
        db.session.commit()
        add_milestone(staff, other, _step("Avvio", "done"))
        response = db.session.scalar(select(OfficialResponse).where(OfficialResponse.solution_id == other.id))
        assert response.outcome == "implemented"
        add_milestone(staff, other, _step("Estensione", "planned"))
        assert response.outcome != "implemented"
        assert [r.outcome for r in db.session.scalars(select(OfficialResponseRevision))] == ["implemented"]


def test_a_planned_milestone_takes_an_implemented_solution_back_to_its_earlier_response(app):
    with app.app_context():
        owner = make_administration()
        challenge = make_challenge(owner, status="evaluation")
        solution = make_solution(challenge)
        staff = make_user(role="staff", administration=owner)
        respond(staff, solution, "accepted", "La realizzeremo.")
        step = add_milestone(staff, solution, _step("Avvio", "in_progress"))
        assert _outcome() == "accepted"
        edit_milestone(staff, step, _step("Avvio", "done"))
        assert _outcome() == "implemented"
        add_milestone(staff, solution, _step("Estensione", "planned"))
        response = db.session.scalar(select(OfficialResponse))
        assert (response.outcome, response.body) == ("accepted", "La realizzeremo.")
        history = db.session.scalars(select(OfficialResponseRevision.outcome).order_by(OfficialResponseRevision.id))
        assert list(history) == ["accepted", "implemented"]  # both earlier versions are kept


def test_results_are_public_only_once_closed(app):
    with app.app_context():
        challenge, solution, _juror, _criteria = scoring_world()
        db.session.add(Award(challenge_id=challenge.id, solution_id=solution.id, place="mention", motivation="Brava"))
        db.session.commit()
        assert public_results(challenge) is None
        assert public_awards_of([solution.id]) == {}
        db.session.get(Challenge, challenge.id).status = "closed"
        db.session.commit()
        assert [a.place for a in public_results(challenge).awards] == ["mention"]
        assert set(public_awards_of([solution.id])) == {solution.id}
