"""Fill an empty database at benchmark scale: COPY on PostgreSQL, executemany on SQLite.

    .venv/bin/python -m bench.load --solutions 100000 --database-url postgresql+psycopg://...

Shapes follow the real platform: a few popular challenges get most solutions, votes are
heavy-tailed, one solution of the most popular challenge has exactly 200 comments. Every
counter and ranking key is computed while the rows are generated (with the same functions
the services use), so `flask --app wsgi recount` finds nothing to correct; the loader runs
that recount itself at the end as a check.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import accumulate

from werkzeug.security import generate_password_hash

VOTES_PER_SOLUTION = 10
COMMENTS_PER_SOLUTION = 3
CHOSEN_COMMENTS = 200
BENCH_PASSWORD = "bench-password-2026"
PHRASE_POOL = 300


@dataclass(frozen=True)
class Shape:
    """Row counts derived from the number of solutions."""

    solutions: int
    voters: int = 400  # accounts with no votes yet, for the signed-in vote benchmark

    @property
    def challenges(self) -> int:
        return max(10, self.solutions // 100)

    @property
    def administrations(self) -> int:
        return max(5, self.challenges // 10)

    @property
    def citizens(self) -> int:
        return max(500, self.solutions // 5)

    @property
    def votes(self) -> int:
        return self.solutions * VOTES_PER_SOLUTION

    @property
    def comments(self) -> int:
        return self.solutions * COMMENTS_PER_SOLUTION


@dataclass(eq=False)  # hashed by identity, to be counted
class PlannedSolution:
    id: int
    challenge: dict
    author_id: int
    status: str
    created_at: datetime
    votes_up: int = 0
    votes_down: int = 0
    comments: int = 0
    deleted_comments: int = 0

    @property
    def visible(self) -> bool:
        return self.status == "published" and self.challenge["status"] != "draft"


@dataclass
class Table:
    name: str
    columns: tuple[str, ...]
    rows: Iterable[tuple]
    has_id: bool = True


@dataclass
class Plan:
    """Every table to write, in foreign-key order, plus what the benchmark needs to know."""

    tables: list[Table] = field(default_factory=list)
    popular_slug: str = ""
    chosen_solution_id: int = 0
    voter_ids: range = range(0)
    vote_targets: list[int] = field(default_factory=list)


class Generator:
    """Builds the rows; counters are summed as the plan is drawn, before anything is written."""

    def __init__(self, shape: Shape, seed: int) -> None:
        from challenge.core.legal import versions_in_force
        from challenge.demo.rows import HISTORY, DemoRows
        from challenge.models import utcnow

        self.legal_versions = versions_in_force()  # needs the app context: the versions the served app enforces
        # The demo's generator: names, titles, bodies and dates come from the same corpus and code as seed-demo's.
        self.draw = DemoRows(random.Random(seed), utcnow())
        self.shape, self.random, self.corpus, self.now = shape, self.draw.random, self.draw.corpus, self.draw.now
        self.history = HISTORY
        self.first_citizen = 2 + shape.administrations  # 1 is the admin, then one staff per administration
        self.first_voter = self.first_citizen + shape.citizens

    def _solution_texts(self) -> list[tuple[str, str, str]]:
        """A pool of (title, body, html), each rendered once: solutions reuse them."""
        texts = []
        for _ in range(PHRASE_POOL):
            title, body = self.draw.generic_solution()
            texts.append((title, body, self.draw.html(body)))
        return texts

    # --- people and challenges ---

    def administrations(self, counts: dict[int, Counter]) -> list[tuple]:
        from challenge.text.slugs import slugify

        rows = []
        base = self.corpus.administrations
        for number in range(self.shape.administrations):
            name, kind, region = base[number % len(base)]
            if number >= len(base):
                name = f"{name} {number // len(base) + 1}"
            rows.append(
                (
                    number + 1,
                    name,
                    slugify(name),
                    kind,
                    region,
                    counts[number + 1]["solution_count"],
                    counts[number + 1]["comment_count"],
                    self.now - self.history,
                )
            )
        return rows

    def users(self, balances: Counter) -> Iterator[tuple]:
        """Every account verified and agreeing to the terms in force, so that its votes are accepted."""
        for row in self.accounts(balances):
            yield (*row, row[-1], *self.legal_versions)

    def accounts(self, balances: Counter) -> Iterator[tuple]:
        password_hash = generate_password_hash(BENCH_PASSWORD)
        created = self.now - self.history
        yield (1, "admin@bench.example", "Amministrazione piattaforma", password_hash, "admin", None, 0, created)
        for number in range(self.shape.administrations):
            user_id = number + 2
            yield (
                user_id,
                f"staff{number + 1}@bench.example",
                f"Ufficio {number + 1}",
                password_hash,
                "staff",
                number + 1,
                0,
                created,
            )
        for user_id in range(self.first_citizen, self.first_voter):
            name = self.draw.person_name()
            yield (
                user_id,
                f"persona{user_id}@bench.example",
                name,
                password_hash,
                "citizen",
                None,
                balances[user_id],
                created,
            )
        for number in range(self.shape.voters):
            user_id = self.first_voter + number
            yield (
                user_id,
                f"votante{number + 1}@bench.example",
                f"Votante {number + 1}",
                password_hash,
                "citizen",
                None,
                0,
                created,
            )

    def plan_challenges(self) -> list[dict]:
        from challenge.text.slugs import slugify

        challenges = []
        for number in range(self.shape.challenges):
            title, summary, theme, sdgs = self.corpus.challenges[number % len(self.corpus.challenges)]
            status = self.draw.challenge_status(number)
            days_ago = 400 if number == 0 else self.random.uniform(30, self.history.days)
            created_at = self.now - timedelta(days=days_ago)
            dates = self.draw.challenge_dates(status, created_at)
            challenges.append(
                dict(
                    id=number + 1,
                    slug=f"{slugify(title)}-{number + 1}",
                    title=title,
                    summary=summary,
                    theme_id=theme,
                    sdgs=sdgs,
                    administration_id=1 + int(self.shape.administrations * self.random.random() ** 2),
                    status=status,
                    created_at=created_at,
                    opened_at=dates.opened_at,
                    deadline=dates.deadline,
                    closed_at=dates.closed_at,
                )
            )
        return challenges

    def challenge_rows(
        self, challenges: list[dict], per_challenge: dict[int, Counter], regions: dict[int, str]
    ) -> list[tuple]:
        body = "\n\n".join(self.corpus.challenge_bodies[:3])
        html = self.draw.html(body)
        return [
            (
                c["id"],
                c["slug"],
                c["title"],
                c["summary"],
                body,
                html,
                c["administration_id"],
                c["theme_id"],
                regions[c["administration_id"]],
                c["deadline"],
                c["status"],
                1 + c["administration_id"],
                per_challenge[c["id"]]["solution_count"],
                per_challenge[c["id"]]["comment_count"],
                c["created_at"],
                c["created_at"],
                c["opened_at"],
                c["closed_at"],
            )
            for c in challenges
        ]

    # --- solutions and their counters ---

    def plan_solutions(self, challenges: list[dict]) -> list[PlannedSolution]:
        public = [c for c in challenges if c["status"] != "draft"]
        weights = list(accumulate(1 / (rank + 1) for rank in range(len(public))))
        picks = self.random.choices(public, cum_weights=weights, k=self.shape.solutions)
        solutions = []
        for number, challenge in enumerate(picks):
            end = min(self.now - timedelta(hours=1), datetime.combine(challenge["deadline"], datetime.max.time()))
            solutions.append(
                PlannedSolution(
                    id=number + 1,
                    challenge=challenge,
                    status="withdrawn" if number % 40 == 39 else "published",
                    author_id=self.random.randrange(self.first_citizen, self.first_voter),
                    created_at=self.draw.moment_between(challenge["opened_at"], end),
                )
            )
        return solutions

    def spread_votes(self, solutions: list[PlannedSolution]) -> None:
        """Heavy-tailed vote counts summing to about the target, each below the voter pool."""
        cap = self.shape.citizens - 1
        weights = [self.random.paretovariate(1.4) * (3 if s.challenge["id"] <= 10 else 1) for s in solutions]
        scale = self.shape.votes / sum(weights)
        for _ in range(6):  # capping loses votes: raise the scale until the total is reached
            counts = [min(cap, int(w * scale + self.random.random())) for w in weights]
            if sum(counts) >= self.shape.votes * 0.995:
                break
            scale *= self.shape.votes / sum(counts)
        for solution, count in zip(solutions, counts, strict=True):
            share = self.random.uniform(0.35, 0.95)
            solution.votes_up = sum(self.random.random() < share for _ in range(count))
            solution.votes_down = count - solution.votes_up

    def spread_comments(self, solutions: list[PlannedSolution], chosen: PlannedSolution) -> None:
        others = [s for s in solutions if s is not chosen]
        weights = list(accumulate(1 + s.votes_up + s.votes_down for s in others))
        for solution, count in Counter(
            self.random.choices(others, cum_weights=weights, k=self.shape.comments - CHOSEN_COMMENTS)
        ).items():
            solution.comments = count
            solution.deleted_comments = sum(self.random.random() < 0.03 for _ in range(count))
        chosen.comments, chosen.deleted_comments = CHOSEN_COMMENTS, 0

    def solution_rows(self, solutions: list[PlannedSolution]) -> Iterator[tuple]:
        from challenge.leaderboards.ranking import hot_score, wilson_lower_bound

        texts = self._solution_texts()
        for s in solutions:
            title, body, html = texts[s.id % len(texts)]
            yield (
                s.id,
                s.challenge["id"],
                s.author_id,
                title,
                body,
                html,
                s.status,
                s.comments - s.deleted_comments,
                0,
                s.votes_up,
                s.votes_down,
                wilson_lower_bound(s.votes_up, s.votes_down),
                hot_score(zip(self._vote_values(s), self._vote_times(s), strict=True)),
                s.created_at,
                s.created_at,
            )

    def vote_rows(self, solutions: list[PlannedSolution]) -> Iterator[tuple]:
        pool = range(self.first_citizen, self.first_voter)
        for s in solutions:
            count = s.votes_up + s.votes_down
            voters = [v for v in self.random.sample(pool, count + 1) if v != s.author_id][:count]
            for voter, value, at in zip(voters, self._vote_values(s), self._vote_times(s), strict=True):
                yield (voter, s.id, value, at, at)

    def _vote_values(self, s: PlannedSolution) -> list[int]:
        return [1] * s.votes_up + [-1] * s.votes_down

    def _vote_times(self, s: PlannedSolution) -> list[datetime]:
        """When each vote of a solution was cast: the same list for its hot score and its vote rows."""
        moments = random.Random(s.id)
        return [
            min(self.now, s.created_at + timedelta(minutes=moments.randint(5, 4000)))
            for _ in range(s.votes_up + s.votes_down)
        ]

    def comment_rows(self, solutions: list[PlannedSolution]) -> Iterator[tuple]:
        comment_id = 0
        for s in solutions:
            deleted = set(self.random.sample(range(s.comments), s.deleted_comments))
            threads: list[int] = []
            for number in range(s.comments):
                comment_id += 1
                parent = self.random.choice(threads) if threads and self.random.random() < 0.3 else None
                body = self.draw.comment_body(is_reply=parent is not None)
                html, status = self.draw.html(body), "published"
                if number in deleted:
                    body, html, status = "", "", "deleted"
                at = self.draw.moment_between(s.created_at, self.now)
                if parent is None:
                    threads.append(comment_id)
                yield (
                    comment_id,
                    s.id,
                    self.random.randrange(self.first_citizen, self.first_voter),
                    parent,
                    body,
                    html,
                    status,
                    0,
                    0,
                    0,
                    at,
                    at,
                )

    def response_rows(self, solutions: list[PlannedSolution]) -> Iterator[tuple]:
        response_id = 0
        for s in solutions:
            if (
                s.status == "published"
                and s.challenge["status"] in ("evaluation", "closed")
                and self.random.random() < 0.25
            ):
                response_id += 1
                outcome, body = self.draw.response()
                at = min(self.now, s.created_at + timedelta(days=self.random.randint(3, 40)))
                administration_id = s.challenge["administration_id"]
                yield (
                    response_id,
                    s.id,
                    administration_id,
                    1 + administration_id,
                    outcome,
                    body,
                    self.draw.html(body),
                    at,
                    at,
                )

    # --- the whole plan ---

    def plan(self) -> Plan:
        challenges = self.plan_challenges()
        solutions = self.plan_solutions(challenges)
        self.spread_votes(solutions)
        popular = [s for s in solutions if s.challenge["id"] == 1]
        chosen = next(s for s in popular if s.status == "published")
        self.spread_comments(solutions, chosen)

        per_challenge: dict[int, Counter] = {c["id"]: Counter() for c in challenges}
        balances: Counter = Counter()
        for s in solutions:
            if s.visible:
                per_challenge[s.challenge["id"]].update(solution_count=1, comment_count=s.comments - s.deleted_comments)
                balances[s.author_id] += s.votes_up - s.votes_down
        per_administration = {number + 1: Counter() for number in range(self.shape.administrations)}
        for c in challenges:
            if c["status"] != "draft":
                per_administration[c["administration_id"]].update(per_challenge[c["id"]])
        administrations = self.administrations(per_administration)
        regions = {row[0]: row[4] for row in administrations}
        sdgs = sorted({(c["id"], sdg) for c in challenges for sdg in c["sdgs"]})

        targets = [s.id for s in sorted(popular, key=lambda s: -s.votes_up) if s.status == "published"][:50]
        return Plan(
            tables=[
                Table(
                    "administrations",
                    ("id", "name", "slug", "kind", "region_code", "solution_count", "comment_count", "created_at"),
                    administrations,
                ),
                Table(
                    "users",
                    (
                        "id",
                        "email",
                        "name",
                        "password_hash",
                        "role",
                        "administration_id",
                        "vote_balance",
                        "created_at",
                        "email_verified_at",
                        "terms_version",
                        "privacy_version",
                    ),
                    self.users(balances),
                ),
                Table(
                    "challenges",
                    (
                        "id",
                        "slug",
                        "title",
                        "summary",
                        "body",
                        "body_html",
                        "administration_id",
                        "theme_id",
                        "region_code",
                        "deadline",
                        "status",
                        "created_by_id",
                        "solution_count",
                        "comment_count",
                        "created_at",
                        "updated_at",
                        "opened_at",
                        "closed_at",
                    ),
                    self.challenge_rows(challenges, per_challenge, regions),
                ),
                Table("challenge_sdgs", ("challenge_id", "sdg_number"), sdgs, has_id=False),
                Table(
                    "solutions",
                    (
                        "id",
                        "challenge_id",
                        "author_id",
                        "title",
                        "body",
                        "body_html",
                        "status",
                        "comment_count",
                        "open_flag_count",
                        "votes_up",
                        "votes_down",
                        "wilson_score",
                        "hot_score",
                        "created_at",
                        "updated_at",
                    ),
                    self.solution_rows(solutions),
                ),
                Table(
                    "solution_votes",
                    ("user_id", "solution_id", "value", "created_at", "updated_at"),
                    self.vote_rows(solutions),
                    has_id=False,
                ),
                Table(
                    "comments",
                    (
                        "id",
                        "solution_id",
                        "author_id",
                        "parent_id",
                        "body",
                        "body_html",
                        "status",
                        "open_flag_count",
                        "votes_up",
                        "votes_down",
                        "created_at",
                        "updated_at",
                    ),
                    self.comment_rows(solutions),
                ),
                Table(
                    "official_responses",
                    (
                        "id",
                        "solution_id",
                        "administration_id",
                        "author_id",
                        "outcome",
                        "body",
                        "body_html",
                        "created_at",
                        "updated_at",
                    ),
                    self.response_rows(solutions),
                ),
            ],
            popular_slug=challenges[0]["slug"],
            chosen_solution_id=chosen.id,
            voter_ids=range(self.first_voter, self.first_voter + self.shape.voters),
            vote_targets=targets,
        )


class BulkWriter:
    """COPY through psycopg 3 on PostgreSQL; executemany in one transaction on SQLite."""

    def __init__(self, dbapi_connection, dialect: str) -> None:
        self.connection, self.dialect = dbapi_connection, dialect
        if dialect == "postgresql":
            # Foreign-key triggers check each of the million rows one by one, the largest cost of
            # the load; the generator only writes ids it has created, in dependency order.
            dbapi_connection.execute("SET LOCAL session_replication_role = replica")
            dbapi_connection.execute("SET LOCAL maintenance_work_mem = '256MB'")

    def write(self, table: Table) -> int:
        """Insert every row of the table; returns how many were written."""
        if self.dialect == "postgresql":
            return self._copy(table)
        marks = ", ".join("?" for _ in table.columns)
        rows = list(map(_sqlite_row, table.rows))
        self.connection.executemany(f"INSERT INTO {table.name} ({', '.join(table.columns)}) VALUES ({marks})", rows)
        return len(rows)

    def _copy(self, table: Table) -> int:
        cursor = self.connection.cursor()
        # Building an index once from sorted rows is several times cheaper than growing it
        # row by row, so indexes that back no constraint are dropped and rebuilt around COPY.
        indexes = cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s"
            " AND indexname NOT IN (SELECT conname FROM pg_constraint)",
            (table.name,),
        ).fetchall()
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        written = 0
        with cursor.copy(f"COPY {table.name} ({', '.join(table.columns)}) FROM STDIN") as copy:
            for row in table.rows:
                copy.write_row(row)
                written += 1
        for _name, definition in indexes:
            cursor.execute(definition)
        if table.has_id:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), (SELECT max(id) FROM {table.name}))"
            )
        return written


def _sqlite_row(row: tuple) -> tuple:
    # The same text format SQLAlchemy writes, so comparisons and ordering stay consistent.
    return tuple(value.strftime("%Y-%m-%d %H:%M:%S.%f") if isinstance(value, datetime) else value for value in row)


def _timed(label: str, started: float) -> float:
    now = time.perf_counter()
    print(f"  {label:<28} {now - started:7.1f} s", flush=True)
    return now


def load(database_url: str, solutions: int, seed: int = 8, check: bool = True) -> Plan:
    """Migrate, check the database is empty, write every table, ANALYZE, then (check) verify with recount."""
    os.environ["DATABASE_URL"] = database_url
    # A bulk load builds indexes and counters over every row: no per-statement limit, as for a long migration.
    os.environ["FLASK_DATABASE_STATEMENT_TIMEOUT"] = "0"
    from flask_migrate import upgrade

    from challenge import create_app
    from challenge.core.extensions import db
    from challenge.core.recount import recount
    from challenge.demo.service import is_empty

    app = create_app()
    with app.app_context():
        started = begin = time.perf_counter()
        upgrade()
        started = _timed("migrate", started)
        if not is_empty():
            raise SystemExit(f"{database_url}: the database already has content; use an empty one")
        db.session.close()  # its read locks would block the index drops below
        plan = Generator(Shape(solutions), seed).plan()
        write_plan(plan, _timed("plan", started))
        print(f"  {'loaded in':<28} {time.perf_counter() - begin:7.1f} s", flush=True)
        if check:
            _check_counters(recount, time.perf_counter())
        db.engine.dispose()
    return plan


def write_plan(plan: Plan, started: float) -> None:
    """Write every table of the plan in one transaction, then refresh the planner's statistics."""
    from challenge.core.extensions import db

    raw = db.engine.raw_connection()
    try:
        writer = BulkWriter(raw.driver_connection, db.engine.dialect.name)
        for table in plan.tables:
            count = writer.write(table)
            started = _timed(f"{table.name} ({count:,})", started)
        raw.commit()
        if db.engine.dialect.name == "postgresql":
            raw.driver_connection.autocommit = True  # VACUUM refuses to run in a transaction
            raw.driver_connection.execute("VACUUM ANALYZE")
            raw.driver_connection.autocommit = False
        else:
            raw.driver_connection.execute("ANALYZE")
        _timed("analyze", started)
    finally:
        raw.close()


def _check_counters(recount, started: float) -> None:
    corrections = recount()
    _timed(f"recount check ({len(corrections)} fixed)", started)
    if corrections:
        raise SystemExit(f"recount corrected {len(corrections)} counters: the loader's counters are wrong")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--solutions", type=int, default=100_000)
    parser.add_argument(
        "--database-url", default=os.environ.get("DATABASE_URL"), required="DATABASE_URL" not in os.environ
    )
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--no-check", dest="check", action="store_false", help="skip the recount check at the end")
    args = parser.parse_args(argv)
    plan = load(args.database_url, args.solutions, args.seed, args.check)
    print(
        f"popular challenge: /challenges/{plan.popular_slug}; solution with {CHOSEN_COMMENTS} comments: /solutions/{plan.chosen_solution_id}"
    )


if __name__ == "__main__":
    sys.exit(main())
