"""The ranking formulas and the orderings built on them."""

from __future__ import annotations

from datetime import datetime, timedelta

from challenge.extensions import db
from challenge.models import utcnow
from challenge.services.leaderboards import administration_scores, top_contributors, top_solutions
from challenge.services.ranking import hot_score, wilson_lower_bound
from challenge.services.recount import recount
from tests.factories import make_administration, make_challenge, make_solution, make_user


def test_wilson_prefers_many_votes_over_few_perfect_ones():
    assert wilson_lower_bound(3, 0) < wilson_lower_bound(60, 5)
    assert wilson_lower_bound(0, 0) == 0.0
    assert 0 < wilson_lower_bound(1, 0) < wilson_lower_bound(10, 0) < 1


def test_hot_lets_a_new_solution_with_some_votes_pass_an_old_one_with_many():
    now = datetime(2026, 11, 24, 12)
    old_popular = hot_score(100, 0, now - timedelta(days=3))
    new_modest = hot_score(5, 0, now)
    assert new_modest > old_popular
    assert hot_score(10, 0, now) > hot_score(1, 0, now) > hot_score(0, 1, now) - 1e-9


def set_votes(solution, up, down):
    solution.votes_up, solution.votes_down = up, down
    solution.wilson_score = wilson_lower_bound(up, down)
    solution.hot_score = hot_score(up, down, solution.created_at)
    db.session.commit()


def test_best_ranks_by_wilson_then_up_votes_then_newer(app):
    with app.app_context():
        challenge = make_challenge()
        few = make_solution(challenge, title="few")
        many = make_solution(challenge, title="many")
        set_votes(few, 3, 0)
        set_votes(many, 60, 5)
        tie_old = make_solution(challenge, title="tie-old", created_at=utcnow() - timedelta(days=1))
        tie_new = make_solution(challenge, title="tie-new")
        set_votes(tie_old, 1, 1)
        set_votes(tie_new, 1, 1)
        titles = [s.title for s in top_solutions("best", None, 10)]
        assert titles.index("many") < titles.index("few")
        assert titles.index("tie-new") < titles.index("tie-old")


def test_rankings_count_only_visible_content(app):
    with app.app_context():
        make_solution(title="visible")
        make_solution(title="withdrawn", status="withdrawn")
        make_solution(title="hidden", status="hidden")
        make_solution(make_challenge(status="draft"), title="on a draft")
        for sort in ("latest", "best", "hot"):
            assert [s.title for s in top_solutions(sort, None, 10)] == ["visible"]


def test_period_filters_by_creation(app):
    with app.app_context():
        make_solution(title="old", created_at=utcnow() - timedelta(days=60))
        make_solution(title="recent")
        since = utcnow() - timedelta(days=30)
        assert [s.title for s in top_solutions("latest", since, 10)] == ["recent"]


def test_most_proactive_administration_components(app):
    from challenge.services.responses import respond

    with app.test_request_context():
        busy = make_administration(name="Regione Puglia", slug="regione-puglia")
        quiet = make_administration(name="Comune Quieto", slug="comune-quieto")
        first = make_challenge(busy)
        make_challenge(busy)
        make_challenge(quiet)
        staff = make_user(role="staff", administration=busy)
        answered = make_solution(first)
        make_solution(first)
        respond(staff, answered, "accepted", "La valuteremo nel bilancio 2027.")
        scores = {score.slug: score for score in administration_scores(None)}
        puglia = scores["regione-puglia"]
        assert (puglia.challenges_opened, puglia.responses_published) == (2, 1)
        assert (puglia.solutions_received, puglia.solutions_answered) == (2, 1)
        assert puglia.points == 10 * 2 + 2 * 1 + 15
        assert scores["comune-quieto"].points == 10
        assert administration_scores(None)[0].slug == "regione-puglia"


def test_top_contributors_all_time_and_by_period(app):
    from challenge.services.voting import vote_on_solution

    with app.app_context():
        author = make_user(name="Autrice Brava")
        solution = make_solution(author=author)
        for _ in range(3):
            vote_on_solution(make_user(), solution, 1)
        old = make_solution(author=make_user(name="Autore Vecchio"), created_at=utcnow() - timedelta(days=90))
        vote_on_solution(make_user(), old, 1)
        assert [(c.person.display_name, c.net_votes) for c in top_contributors(None, 10)] == [("Autrice Brava", 3), ("Autore Vecchio", 1)]
        recent = top_contributors(utcnow() - timedelta(days=30), 10)
        assert [(c.person.display_name, c.net_votes) for c in recent] == [("Autrice Brava", 3)]
        assert recount() == []
