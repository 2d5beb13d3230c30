"""Names, titles, bodies and dates drawn from the demo corpus: one generator for `seed-demo` and `bench/load.py`."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from ..text.markup import render_markdown
from .texts import Corpus, load_corpus

HISTORY = timedelta(days=548)  # about 18 months
STATUS_CYCLE = ("open", "open", "evaluation", "closed", "open", "closed", "draft", "open", "evaluation", "open")


@dataclass(frozen=True)
class ChallengeDates:
    opened_at: datetime | None
    deadline: date
    closed_at: datetime | None


@dataclass
class DemoRows:
    """Draws every value from one seeded random generator, so a seed always gives the same rows."""

    random: random.Random
    now: datetime
    corpus: Corpus = field(default_factory=load_corpus)
    _html: dict[str, str] = field(default_factory=dict)

    def html(self, source: str) -> str:
        """The rendered Markdown of a text, rendered once per generator (the corpus repeats its texts)."""
        if source not in self._html:
            self._html[source] = render_markdown(source)
        return self._html[source]

    def moment_between(self, start: datetime, end: datetime) -> datetime:
        """A time between two moments, denser towards the end (activity grew over time)."""
        span = max((end - start).total_seconds(), 60)
        return start + timedelta(seconds=span * (self.random.random() ** 0.6))

    def person_name(self) -> str:
        """A first name and a surname."""
        return f"{self.random.choice(self.corpus.first_names)} {self.random.choice(self.corpus.last_names)}"

    def organisation_name(self) -> str:
        """An association, cooperative or firm that takes part as one account."""
        return self.random.choice(self.corpus.organisations)

    @staticmethod
    def challenge_status(number: int) -> str:
        """Statuses in a fixed cycle, so every page of the demo has challenges of each kind."""
        return STATUS_CYCLE[number % len(STATUS_CYCLE)]

    def challenge_dates(self, status: str, created_at: datetime) -> ChallengeDates:
        """Opened some days after creation (a draft never), due in the future while open, closed after its deadline."""
        opened_at = None if status == "draft" else created_at + timedelta(days=self.random.randint(1, 10))
        if opened_at is None or status == "open":
            deadline = date.today() + timedelta(days=self.random.randint(15, 150))
        else:
            deadline = (opened_at + timedelta(days=self.random.randint(30, 90))).date()
            deadline = min(deadline, date.today() - timedelta(days=1))
        closed_at = None
        if status == "closed":
            closed_at = datetime.combine(deadline, datetime.min.time()) + timedelta(days=20)
        return ChallengeDates(opened_at, deadline, closed_at)

    def challenge_body(self) -> str:
        """Three paragraphs of a challenge's description."""
        return "\n\n".join(self.random.sample(self.corpus.challenge_bodies, 3))

    def solution_body(self, how: str) -> str:
        """An opening and what to do, then three details."""
        opening = self.random.choice(self.corpus.solution_openings)
        return f"{opening} {how}.\n\n" + " ".join(self.random.sample(self.corpus.solution_details, 3))

    def generic_solution(self) -> tuple[str, str]:
        """(title, body) of a solution that fits any challenge, made from one of the corpus's actions."""
        thing, purpose = self.random.choice(self.corpus.solution_actions)
        body = self.solution_body(f"attivare {thing} per {purpose}")
        return f"{thing[0].upper()}{thing[1:]} per {purpose}"[:200], body

    def comment_body(self, is_reply: bool = False) -> str:
        """A comment on a solution, or a reply to one."""
        return self.random.choice(self.corpus.replies if is_reply else self.corpus.comments)

    def response(self) -> tuple[str, str]:
        """(outcome, body) of an administration's official response."""
        return self.random.choice(list(self.corpus.responses.items()))
