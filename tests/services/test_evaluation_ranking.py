"""The evaluation's ranking arithmetic, against numbers worked out by hand (services.evaluation.rank)."""

from __future__ import annotations

import pytest

from challenge.evaluation.results import CriterionWeight, ScoreRow, VotedSolution, rank
from challenge.leaderboards.ranking import WILSON_Z

# Criterion 1 weighs 2, criterion 2 weighs 1.
CRITERIA = [CriterionWeight(1, 2), CriterionWeight(2, 1)]
# Solution 10: evaluator 1 gives 5 and 2, evaluator 2 gives 3 and 4.
#   means per criterion: (5 + 3) / 2 = 4 and (2 + 4) / 2 = 3
#   jury = (2 × 4 + 1 × 3) / 3 = 11/3; on 0..1: (11/3 − 1) / 4 = 2/3
#   evaluator 1: (2 × 5 + 2) / 3 = 4; evaluator 2: (2 × 3 + 4) / 3 = 10/3; spread = 4 − 10/3 = 2/3
# Solution 20: evaluator 1 gives 4 and 4: jury = 4, on 0..1: 3/4; one evaluator, spread 0.
# Solution 30: no scores at all.
SCORES = [
    ScoreRow(1, 10, 1, 5),
    ScoreRow(1, 10, 2, 2),
    ScoreRow(2, 10, 1, 3),
    ScoreRow(2, 10, 2, 4),
    ScoreRow(1, 20, 1, 4),
    ScoreRow(1, 20, 2, 4),
]
# One +1 vote and none against: the Wilson lower bound is (1 + z²/2 − z·√(z²/4)) / (1 + z²) = 1 / (1 + z²).
ONE_UP = 1 / (1 + WILSON_Z**2)  # 0.206549...
SOLUTIONS = [VotedSolution(10, 0, 0), VotedSolution(20, 1, 0), VotedSolution(30, 0, 0)]


def by_id(ranking):
    return {item.solution_id: item for item in ranking}


def test_jury_only_ranking_uses_the_weighted_mean_of_the_criteria_means():
    ranking = rank(CRITERIA, SCORES, SOLUTIONS, popular_weight=0)
    items = by_id(ranking)
    assert items[10].criterion_means == {1: 4.0, 2: 3.0}
    assert items[10].jury == pytest.approx(11 / 3)
    assert items[10].total == pytest.approx(100 * 2 / 3)  # 66.67
    assert items[20].jury == pytest.approx(4.0)
    assert items[20].total == pytest.approx(75.0)
    assert items[30].jury is None and items[30].total == 0.0
    assert [item.solution_id for item in ranking] == [20, 10, 30]


def test_evaluator_count_and_spread_per_solution():
    items = by_id(rank(CRITERIA, SCORES, SOLUTIONS, popular_weight=0))
    assert (items[10].evaluator_count, items[10].spread) == (2, pytest.approx(2 / 3))
    assert (items[20].evaluator_count, items[20].spread) == (1, 0.0)
    assert (items[30].evaluator_count, items[30].spread) == (0, None)


def test_popular_vote_counts_by_the_wilson_lower_bound_and_its_weight():
    assert pytest.approx(0.206549, abs=1e-6) == ONE_UP
    items = by_id(rank(CRITERIA, SCORES, SOLUTIONS, popular_weight=50))
    assert items[20].popular == pytest.approx(ONE_UP)
    # 100 × (0.5 × 3/4 + 0.5 × 0.206549) = 47.83; 100 × (0.5 × 2/3 + 0) = 33.33; 100 × (0.5 × 0 + 0) = 0
    assert items[20].total == pytest.approx(100 * (0.5 * 0.75 + 0.5 * ONE_UP))
    assert items[20].total == pytest.approx(47.83, abs=0.01)
    assert items[10].total == pytest.approx(33.33, abs=0.01)
    # 20 % popular: 100 × (0.8 × 2/3) = 53.33 for 10
    assert by_id(rank(CRITERIA, SCORES, SOLUTIONS, popular_weight=20))[10].total == pytest.approx(53.33, abs=0.01)


def test_the_popular_vote_can_overturn_the_jury():
    # Jury: 10 gets 5 on both criteria (1.0), 20 gets 4 on both (0.75). Votes: 20 has 60 up, 5 down.
    scores = [ScoreRow(1, 10, 1, 5), ScoreRow(1, 10, 2, 5), ScoreRow(1, 20, 1, 4), ScoreRow(1, 20, 2, 4)]
    solutions = [VotedSolution(10, 0, 0), VotedSolution(20, 60, 5)]
    assert [i.solution_id for i in rank(CRITERIA, scores, solutions, popular_weight=0)] == [10, 20]
    # Wilson(60, 5), n = 65, p = 0.923077, z² = 3.841459: centre = p + z²/2n = 0.952627;
    # margin = z·√((p(1 − p) + z²/4n) / n) = 1.96 × √(0.085781 / 65) = 0.071202;
    # (0.952627 − 0.071202) / (1 + z²/n = 1.059099) = 0.83224.
    # Then 0.5 × 0.75 + 0.5 × 0.83224 = 0.7911 > 0.5 × 1.0 + 0 = 0.5.
    ranking = rank(CRITERIA, scores, solutions, popular_weight=50)
    assert [i.solution_id for i in ranking] == [20, 10]
    assert by_id(ranking)[20].popular == pytest.approx(0.83224, abs=0.00001)
    assert by_id(ranking)[20].total == pytest.approx(79.11, abs=0.01)


def test_a_criterion_nobody_scored_does_not_pull_the_mean_down():
    # Only criterion 2 (weight 1) is scored, at 3: jury 3, on 0..1: 0.5.
    items = by_id(rank(CRITERIA, [ScoreRow(1, 10, 2, 3)], [VotedSolution(10, 0, 0)], popular_weight=0))
    assert items[10].jury == pytest.approx(3.0)
    assert items[10].total == pytest.approx(50.0)


def test_ties_go_to_more_up_votes_then_the_older_solution():
    scores = [ScoreRow(1, sid, c, 3) for sid in (10, 20, 30) for c in (1, 2)]
    solutions = [VotedSolution(10, 0, 0), VotedSolution(20, 0, 0), VotedSolution(30, 0, 0)]
    assert [i.solution_id for i in rank(CRITERIA, scores, solutions, popular_weight=0)] == [10, 20, 30]
