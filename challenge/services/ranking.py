"""Ranking keys stored on each solution, and the formulas the leaderboards page documents."""

from __future__ import annotations

import math
from datetime import datetime

# 95 % confidence: the normal quantile for a two-sided interval.
WILSON_Z = 1.959963984540054
# Hot: a tenfold net score is worth HOT_DECAY_SECONDS of youth (12.5 hours).
HOT_EPOCH = datetime(2020, 1, 1)
HOT_DECAY_SECONDS = 45_000


def wilson_lower_bound(up: int, down: int) -> float:
    """Lower bound of the Wilson score interval on the share of +1 votes (0 without votes)."""
    total = up + down
    if total == 0:
        return 0.0
    z2 = WILSON_Z * WILSON_Z
    share = up / total
    centre = share + z2 / (2 * total)
    margin = WILSON_Z * math.sqrt((share * (1 - share) + z2 / (4 * total)) / total)
    return (centre - margin) / (1 + z2 / total)


def hot_score(up: int, down: int, created_at: datetime) -> float:
    """sign(net) · log10(max(|net|, 1)) + age in seconds since HOT_EPOCH / HOT_DECAY_SECONDS.

    Newer solutions start higher, so the key never needs recomputing as time passes:
    a solution 12.5 hours younger needs ten times fewer net votes to rank the same.
    """
    net = up - down
    order = math.log10(max(abs(net), 1))
    sign = (net > 0) - (net < 0)
    return round(sign * order + (created_at - HOT_EPOCH).total_seconds() / HOT_DECAY_SECONDS, 7)
