"""The reader's answers to a page's marks (votes, authorship, follow, jury seat) come from one statement and belong
to that reader only."""

from __future__ import annotations

from collections import defaultdict

from flask_login import AnonymousUserMixin

from challenge.cache.marks import Marks
from challenge.core.extensions import db
from challenge.models import Evaluator, Follow
from challenge.votes.service import vote_on_comment, vote_on_solution
from challenge.web.marks import facts_for
from tests.factories import login, make_challenge, make_comment, make_solution, make_suspended_user, make_user


def seat(user, challenge) -> Evaluator:
    evaluator = Evaluator(challenge_id=challenge.id, email=f"giuria-{user.id}@example.it", user_id=user.id)
    db.session.add(evaluator)
    db.session.commit()
    return evaluator


def _marks(**items) -> Marks:
    """What a page holding the header's unread badge and a choice about each item asks."""
    return Marks(defaultdict(set, {kind.replace("_", "-"): set(ids) for kind, ids in items.items()}), {"unread"})


def test_votes_authorship_follow_and_seat_of_this_reader_only(app):
    with app.app_context():
        challenge, elsewhere = make_challenge(), make_challenge()
        up, down, untouched = (make_solution(challenge) for _ in range(3))
        reader, other = make_user(), make_user()
        own = make_solution(challenge, author=reader)
        vote_on_solution(reader, up, 1)
        vote_on_solution(reader, down, -1)
        vote_on_solution(other, untouched, 1)
        vote_on_solution(reader, make_solution(elsewhere), 1)  # not on this page
        db.session.add_all([Follow(user_id=reader.id, challenge_id=challenge.id)])
        db.session.add(Follow(user_id=other.id, challenge_id=elsewhere.id))
        seat(reader, challenge)
        seat(other, elsewhere)
        page = _marks(vote=[up.id, down.id, untouched.id, own.id], follow_challenge=[challenge.id], seat=[challenge.id])

        mine, theirs = facts_for(reader, page), facts_for(other, page)
        items = (up, down, untouched, own)
        assert [mine.state("vote", item.id) for item in items] == ["up", "down", "open", "closed"]
        assert [theirs.state("vote", item.id) for item in items] == ["open", "open", "up", "open"]
        assert (mine.state("follow-challenge", challenge.id), theirs.state("follow-challenge", challenge.id)) == (
            "on",
            "off",
        )
        assert (mine.state("seat", challenge.id), theirs.state("seat", challenge.id)) == ("yes", "no")
        elsewhere_page = _marks(follow_challenge=[elsewhere.id], seat=[elsewhere.id])
        assert facts_for(other, elsewhere_page).state("seat", elsewhere.id) == "yes"
        visitor = facts_for(AnonymousUserMixin(), page)
        assert visitor.state("vote", up.id) == "closed" and visitor.state("follow-challenge", challenge.id) == "off"


def test_one_statement_answers_every_mark(app):
    from sqlalchemy import event

    with app.app_context():
        reader = make_user()
        page = _marks(vote=[1, 2], follow_challenge=[3], seat=[3], evaluates=[0])
        assert reader.id and reader.is_authenticated  # loaded before counting
        statements = []

        def count(*args):
            statements.append(args[2])

        event.listen(db.engine, "before_cursor_execute", count)
        facts_for(reader, page)
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(statements) == 1


def test_a_suspended_evaluator_sits_on_no_jury_and_votes_nowhere(app, client):
    with app.app_context():
        challenge = make_challenge(status="evaluation")
        suspended = make_suspended_user()
        seat(suspended, challenge)
        solution = make_solution(challenge)
        facts = facts_for(suspended, _marks(seat=[challenge.id], vote=[solution.id]))
        assert facts.state("seat", challenge.id) == "no" and facts.state("vote", solution.id) == "closed"


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
