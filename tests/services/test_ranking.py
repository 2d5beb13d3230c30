"""The ranking formulas and the orderings built on them."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import literal, select

from challenge.extensions import db
from challenge.models import utcnow
from challenge.services.leaderboards import administration_scores, top_contributors, top_solutions
from challenge.services.ranking import (
    HOT_EPOCH,
    hot_score,
    hot_score_sql,
    hot_youth,
    wilson_lower_bound,
    wilson_lower_bound_sql,
)
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


# Worked out by hand with z = 1.96 (z² = 3.8416): n up-votes and none down give n / (n + z²);
# 5 up and 5 down give (0.5 + 0.19208 - 1.96 · √0.034604) / 1.38416 = 0.23659.
@pytest.mark.parametrize(
    ("up", "down", "expected"),
    [
        (0, 0, 0.0),
        (1, 0, 1 / 4.8416),
        (10, 0, 10 / 13.8416),
        (0, 7, 0.0),
        (5, 5, 0.23659),
    ],
)
def test_wilson_lower_bound_is_pinned_to_numbers_worked_out_by_hand(up, down, expected):
    assert wilson_lower_bound(up, down) == pytest.approx(expected, abs=1e-4)


# 45,000 s after the epoch the age term is exactly 1; 2026-11-24 12:00 is 2,519 days and
# 12 hours after it: 217,684,800 s, so 4,837.44.
@pytest.mark.parametrize(
    ("up", "down", "created_at", "expected"),
    [
        (0, 0, HOT_EPOCH + timedelta(seconds=45_000), 1.0),
        (1, 0, HOT_EPOCH + timedelta(seconds=45_000), 1.0),
        (10, 0, HOT_EPOCH + timedelta(seconds=45_000), 2.0),
        (103, 3, HOT_EPOCH + timedelta(seconds=45_000), 3.0),
        (0, 10, HOT_EPOCH + timedelta(seconds=45_000), 0.0),
        (0, 10, HOT_EPOCH, -1.0),  # a negative net score ranks below zero
        (3, 103, HOT_EPOCH, -2.0),
        (0, 0, datetime(2026, 11, 24, 12), 4837.44),
        (10, 0, datetime(2026, 11, 24, 12), 4838.44),
        (0, 10, datetime(2026, 11, 24, 12), 4836.44),
    ],
)
def test_hot_score_is_pinned_to_numbers_worked_out_by_hand(up, down, created_at, expected):
    assert hot_score(up, down, created_at) == pytest.approx(expected, abs=1e-7)


def test_negative_net_scores_rank_below_zero_in_the_hot_leaderboard(app):
    with app.app_context():
        challenge = make_challenge()
        created_at = utcnow()
        for title, up, down in (("minus", 0, 4), ("zero", 0, 0), ("plus", 4, 0)):
            set_votes(make_solution(challenge, title=title, created_at=created_at), up, down)
        assert [s.title for s in top_solutions("hot", None, 10)] == ["plus", "zero", "minus"]


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


def test_answers_to_older_solutions_count_as_solutions_answered_in_the_period(app):
    """A response in the period to a solution received before it shows as 1 / 1, not "1 response, 0 / 0";
    responses to solutions hidden since then count nowhere."""
    from challenge.services.responses import respond

    with app.test_request_context():
        owner = make_administration(name="Comune di Ferrara", slug="comune-di-ferrara")
        challenge = make_challenge(owner, opened_at=utcnow() - timedelta(days=90))
        staff = make_user(role="staff", administration=owner)
        old = make_solution(challenge, created_at=utcnow() - timedelta(days=60))
        hidden = make_solution(challenge, created_at=utcnow() - timedelta(days=60))
        make_solution(challenge, created_at=utcnow() - timedelta(days=50))  # older, never answered
        respond(staff, old, "accepted", "La realizzeremo entro l'anno.")
        respond(staff, hidden, "rejected", "Non è fattibile.")
        hidden.status = "hidden"
        db.session.commit()
        [ferrara] = administration_scores(utcnow() - timedelta(days=30))
        assert (ferrara.challenges_opened, ferrara.responses_published) == (0, 1)
        assert (ferrara.solutions_received, ferrara.solutions_answered) == (1, 1)
        assert ferrara.points == 2 * 1 + 30
        everything = administration_scores(None)[0]
        assert (everything.responses_published, everything.solutions_received, everything.solutions_answered) == (
            1,
            2,
            1,
        )


def test_top_contributors_all_time_and_by_period(app):
    from challenge.services.voting import vote_on_solution

    with app.app_context():
        author = make_user(name="Autrice Brava")
        solution = make_solution(author=author)
        for _ in range(3):
            vote_on_solution(make_user(), solution, 1)
        old = make_solution(author=make_user(name="Autore Vecchio"), created_at=utcnow() - timedelta(days=90))
        vote_on_solution(make_user(), old, 1)
        assert [(c.person.display_name, c.net_votes) for c in top_contributors(None, 10)] == [
            ("Autrice Brava", 3),
            ("Autore Vecchio", 1),
        ]
        recent = top_contributors(utcnow() - timedelta(days=30), 10)
        assert [(c.person.display_name, c.net_votes) for c in recent] == [("Autrice Brava", 3)]
        assert recount() == []


def _sql_values(expressions: list) -> list[float]:
    """Evaluate SQL expressions in the database, a hundred per statement."""
    values = []
    for start in range(0, len(expressions), 100):
        values += db.session.execute(select(*expressions[start : start + 100])).one()
    return values


VOTE_COUNTS = [(up, down) for up in range(0, 45) for down in range(0, 45)] + [
    (up, down)
    for up in (99, 100, 101, 999, 1000, 1001, 13_367, 99_999, 1_000_000)
    for down in (0, 1, 2, 10, 999, 1000, 54_321)
]


def test_wilson_lower_bound_in_sql_is_the_very_same_float(app):
    with app.app_context():
        stored = _sql_values([wilson_lower_bound_sql(literal(up), literal(down)) for up, down in VOTE_COUNTS])
    assert stored == [wilson_lower_bound(up, down) for up, down in VOTE_COUNTS]


def test_hot_score_in_sql_is_the_very_same_float(app):
    moments = [datetime(2020, 1, 1), datetime(2026, 11, 24, 12, 34, 56, 789_012), datetime(2031, 7, 3, 0, 0, 0, 1)]
    cases = [
        (up, down, moment)
        for up, down in VOTE_COUNTS[::7] + [(down, up) for up, down in VOTE_COUNTS[::5]]
        for moment in moments
    ]
    with app.app_context():
        stored = _sql_values(
            [hot_score_sql(literal(up), literal(down), hot_youth(moment)) for up, down, moment in cases]
        )
    assert stored == [hot_score(up, down, moment) for up, down, moment in cases]
