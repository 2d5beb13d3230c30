"""The reader's own facts on a page (votes, follow, jury seat) come from one statement and belong to that reader only."""

from __future__ import annotations

from flask_login import AnonymousUserMixin

from challenge.core.extensions import db
from challenge.models import Evaluator, Follow, SolutionFollow
from challenge.votes.reader import ReaderFacts, reader_facts
from challenge.votes.service import vote_on_comment, vote_on_solution
from tests.factories import login, make_challenge, make_comment, make_solution, make_suspended_user, make_user


def seat(user, challenge) -> Evaluator:
    evaluator = Evaluator(challenge_id=challenge.id, email=f"giuria-{user.id}@example.it", user_id=user.id)
    db.session.add(evaluator)
    db.session.commit()
    return evaluator


def test_votes_follow_and_seat_of_this_reader_only(app):
    with app.app_context():
        challenge, elsewhere = make_challenge(), make_challenge()
        up, down, untouched = (make_solution(challenge) for _ in range(3))
        reader, other = make_user(), make_user()
        vote_on_solution(reader, up, 1)
        vote_on_solution(reader, down, -1)
        vote_on_solution(other, untouched, 1)
        vote_on_solution(reader, make_solution(elsewhere), 1)  # not on this page
        db.session.add_all([Follow(user_id=reader.id, challenge_id=challenge.id)])
        db.session.add(Follow(user_id=other.id, challenge_id=elsewhere.id))
        evaluator = seat(reader, challenge)
        seat(other, elsewhere)
        ids = [up.id, down.id, untouched.id]

        def facts(user, challenge_id=challenge.id):
            return reader_facts(user, (Follow.challenge_id, challenge_id), challenge_id, solution_ids=ids)

        assert facts(reader) == ReaderFacts({up.id: 1, down.id: -1}, {}, following=True, evaluator_id=evaluator.id)
        assert facts(other) == ReaderFacts({untouched.id: 1}, {}, following=False, evaluator_id=None)
        assert facts(other, elsewhere.id).following and facts(other, elsewhere.id).evaluator_id is not None
        assert facts(AnonymousUserMixin()) == ReaderFacts()


def test_comment_votes_and_a_solution_follow(app):
    with app.app_context():
        solution = make_solution()
        first, second = make_comment(solution), make_comment(solution)
        reader = make_user()
        vote_on_comment(reader, second, -1)
        db.session.add(SolutionFollow(user_id=reader.id, solution_id=solution.id))
        db.session.commit()
        vote_on_solution(reader, solution, -1)
        facts = reader_facts(
            reader,
            (SolutionFollow.solution_id, solution.id),
            solution.challenge_id,
            solution_ids=[solution.id],
            comment_ids=[first.id, second.id],
        )
        assert facts == ReaderFacts({solution.id: -1}, {second.id: -1}, following=True, evaluator_id=None)
        assert reader_facts(reader, (SolutionFollow.solution_id, 0), 0) == ReaderFacts()


def test_a_suspended_evaluator_sits_on_no_jury(app, client):
    with app.app_context():
        challenge = make_challenge(status="evaluation")
        suspended = make_suspended_user()
        seat(suspended, challenge)
        facts = reader_facts(suspended, (Follow.challenge_id, challenge.id), challenge.id)
        assert facts.evaluator_id is None


def test_the_challenge_page_invites_its_evaluators_only(app, client):
    with app.app_context():
        challenge = make_challenge(status="evaluation")
        slug = challenge.slug
        evaluator, citizen = make_user(), make_user()
        seat(evaluator, challenge)
        login(client, citizen)
    assert "Valuta le soluzioni" not in client.get(f"/challenges/{slug}").get_data(as_text=True)
    with app.app_context():
        login(client, evaluator)
    assert "Valuta le soluzioni" in client.get(f"/challenges/{slug}").get_data(as_text=True)


def test_the_solution_page_shows_the_readers_own_votes_and_scoring_to_its_evaluators_only(app, client):
    with app.app_context():
        challenge = make_challenge(status="evaluation")
        solution = make_solution(challenge)
        comment = make_comment(solution)
        evaluator, citizen, suspended = make_user(), make_user(), make_suspended_user()
        seat(evaluator, challenge)
        seat(suspended, challenge)
        vote_on_solution(citizen, solution, -1)
        vote_on_comment(citizen, comment, 1)
        url = f"/solutions/{solution.id}"
        login(client, citizen)
    page = client.get(url).get_data(as_text=True)
    assert "Valuta questa soluzione" not in page
    assert page.count('aria-pressed="true"') == 2  # their vote against the solution, and for the comment
    for reader in (suspended, evaluator):
        with app.app_context():
            login(client, reader)
        page = client.get(url).get_data(as_text=True)
        assert page.count('aria-pressed="true"') == 0
        assert ("Valuta questa soluzione" in page) == (reader is evaluator)  # a suspended account sits on no jury
