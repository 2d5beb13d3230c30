"""The ranking formulas and the orderings built on them."""

from __future__ import annotations

import math
import random
from datetime import datetime, timedelta

import pytest
from sqlalchemy import DateTime, bindparam, literal, select

from challenge.core.extensions import db
from challenge.core.recount import recount
from challenge.leaderboards.ranking import (
    HOT_EPOCH,
    hot_score,
    hot_score_sql,
    hot_weight,
    hot_weight_sql,
    wilson_lower_bound,
    wilson_lower_bound_sql,
)
from challenge.leaderboards.service import administration_scores, top_contributors, top_solutions
from challenge.models import utcnow
from tests.factories import make_administration, make_challenge, make_solution, make_user


def test_postgresql_computes_the_very_same_hot_weight_as_python(app):
    """A vote's single statement weighs it in SQL; recount and the loader in Python: the floats must be equal."""
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("only PostgreSQL votes in one statement")
        draw = random.Random(32)
        times = [HOT_EPOCH + timedelta(microseconds=draw.randrange(-(10**13), 4 * 10**14)) for _ in range(500)]
        times += [HOT_EPOCH + timedelta(days=3.5 * halves) for halves in range(-20, 120)]  # exact halves: ties
        weight = select(hot_weight_sql(bindparam("voted_at", type_=DateTime)))
        different = [at for at in times if db.session.scalar(weight, {"voted_at": at}) != hot_weight(at)]
        assert different == []


def test_wilson_prefers_many_votes_over_few_perfect_ones():
    assert wilson_lower_bound(3, 0) < wilson_lower_bound(60, 5)
    assert wilson_lower_bound(0, 0) == 0.0
    assert 0 < wilson_lower_bound(1, 0) < wilson_lower_bound(10, 0) < 1


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


# A vote cast at the epoch weighs 1; every week (HOT_HALF_LIFE) later doubles it.
@pytest.mark.parametrize(
    ("voted_at", "expected"),
    [
        (HOT_EPOCH, 1.0),
        (HOT_EPOCH + timedelta(days=7), 2.0),
        (HOT_EPOCH + timedelta(days=70), 1024.0),
        (HOT_EPOCH - timedelta(days=14), 0.25),
        (HOT_EPOCH + timedelta(days=3, hours=12), 2**0.5),  # half a half-life
        (datetime(2026, 12, 1), 2 ** (334 / 7)),  # 334 days after 2026-01-01
    ],
)
def test_hot_weight_doubles_every_week(voted_at, expected):
    assert hot_weight(voted_at) == pytest.approx(expected, rel=2**-20)


def test_hot_weights_have_few_bits_so_sums_are_exact_in_any_order():
    now = datetime(2026, 11, 24, 12, 34, 56, 789_012)
    moments = [now - timedelta(minutes=37 * n) for n in range(2_000)]
    weights = [hot_weight(moment) for moment in moments]
    total = 0.0
    for weight in weights:
        total += weight
    backwards = 0.0
    for weight in reversed(weights):
        backwards += weight
    assert total == backwards == math.fsum(weights)
    for weight in weights:  # withdrawing every vote leaves exactly nothing
        total -= weight
    assert total == 0.0


def test_hot_score_is_the_sum_of_signed_weights():
    week = timedelta(days=7)
    votes = [(1, HOT_EPOCH), (1, HOT_EPOCH + week), (-1, HOT_EPOCH + 2 * week), (1, HOT_EPOCH + 3 * week)]
    assert hot_score(votes) == 1 + 2 - 4 + 8
    assert hot_score([]) == 0.0


def test_hot_ranks_a_28_up_10_down_solution_above_a_0_up_3_down_one():
    now = datetime(2026, 11, 24, 12)
    # Votes spread over the last three days, as the issue saw them on the challenge page.
    popular = hot_score(
        [(1, now - timedelta(hours=2 * n)) for n in range(28)] + [(-1, now - timedelta(hours=7 * n)) for n in range(10)]
    )
    disliked = hot_score([(-1, now - timedelta(hours=n)) for n in range(3)])
    assert popular > 0 > disliked
    # Even with its 38 votes a month old, against the three down-votes of today.
    month_ago = now - timedelta(days=30)
    old_popular = hot_score([(1, month_ago)] * 28 + [(-1, month_ago)] * 10)
    assert old_popular > 0 > disliked


def test_hot_prefers_recent_votes_over_old_ones():
    now = datetime(2026, 11, 24, 12)
    # Ten up-votes two weeks ago weigh 10 / 4 = 2.5 of today's: three new ones win, two lose.
    old = hot_score([(1, now - timedelta(days=14))] * 10)
    assert old == pytest.approx(2.5 * hot_weight(now), rel=1e-6)
    assert hot_score([(1, now)] * 3) > old > hot_score([(1, now)] * 2)
    # A solution published long ago but voted this week is hot; a new one voted last month is not.
    assert hot_score([(1, now - timedelta(hours=1))] * 2) > hot_score([(1, now - timedelta(days=30))] * 20)


def test_hot_score_sql_adds_the_delta_and_is_zero_without_votes(app):
    with app.app_context():
        values = _sql_values(
            [
                hot_score_sql(literal(8.0), literal(-2.0), literal(3), literal(1)),
                hot_score_sql(literal(2.0**-40), literal(-4.0), literal(0), literal(0)),
            ]
        )
    assert values == [6.0, 0.0]


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
    solution.hot_score = hot_score([(1, solution.created_at)] * up + [(-1, solution.created_at)] * down)
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
    from challenge.solutions.responses import respond

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
    from challenge.solutions.responses import respond

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
    from challenge.votes.service import vote_on_solution

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
