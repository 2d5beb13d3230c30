"""Realistic Italian demo data, loaded with bulk inserts; counters are then rebuilt by recount."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import func, insert, select, text
from werkzeug.security import generate_password_hash

from ..core.extensions import db
from ..core.legal import versions_in_force
from ..core.recount import recount
from ..models import (
    Administration,
    Challenge,
    Comment,
    CommentVote,
    Flag,
    Follow,
    Lab,
    OfficialResponse,
    Partner,
    Solution,
    SolutionRevision,
    SolutionVote,
    User,
    challenge_sdgs,
    lab_themes,
    utcnow,
)
from ..text.markup import render_markdown
from ..text.slugs import slugify
from . import corpus

DEMO_PASSWORD = "demo-password-2026"
HISTORY = timedelta(days=548)  # about 18 months
BATCH = 5000
STATUS_CYCLE = ("open", "open", "evaluation", "closed", "open", "closed", "draft", "open", "evaluation", "open")


class DemoNotEmpty(Exception):
    """The database already has content: the demo is never mixed with real data."""


@dataclass
class DemoSummary:
    counts: dict[str, int] = field(default_factory=dict)
    accounts: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class _Ids:
    """Primary keys assigned in Python, so rows can refer to each other without reading back."""

    next: dict[str, int] = field(default_factory=dict)

    def take(self, table: str) -> int:
        self.next[table] = self.next.get(table, 0) + 1
        return self.next[table]


def is_empty() -> bool:
    """No account, administration or challenge yet."""
    return all(
        db.session.scalar(select(func.count()).select_from(model)) == 0 for model in (User, Administration, Challenge)
    )


def _insert(model_or_table, rows: list[dict]) -> None:
    table = getattr(model_or_table, "__table__", model_or_table)
    for start in range(0, len(rows), BATCH):
        db.session.execute(insert(table), rows[start : start + BATCH])


class _Loader:
    def __init__(self, scale: int) -> None:
        self.scale = scale
        self.random = random.Random(42)
        self.now = utcnow()
        self.ids = _Ids()
        self.html_cache: dict[str, str] = {}
        self.rows: dict[str, list[dict]] = {}
        self.summary = DemoSummary()

    # --- helpers ---

    def html(self, source: str) -> str:
        if source not in self.html_cache:
            self.html_cache[source] = render_markdown(source)
        return self.html_cache[source]

    def add(self, table: str, **row) -> int:
        row.setdefault("id", self.ids.take(table))
        self.rows.setdefault(table, []).append(row)
        return row["id"]

    def moment_between(self, start: datetime, end: datetime) -> datetime:
        """A time between two moments, denser towards the end (activity grew over time)."""
        span = max((end - start).total_seconds(), 60)
        return start + timedelta(seconds=span * (self.random.random() ** 0.6))

    # --- content ---

    def administrations(self) -> dict[str, int]:
        by_name = {}
        for name, kind, region in corpus.ADMINISTRATIONS:
            by_name[name] = self.add(
                "administrations",
                name=name,
                slug=slugify(name),
                kind=kind,
                region_code=region,
                created_at=self.now - HISTORY,
            )
        return by_name

    @staticmethod
    def verified_and_consenting(moment) -> dict:
        """Demo accounts confirmed their address and accepted the terms in force when they joined."""
        terms, privacy = versions_in_force()
        return {
            "email_verified_at": moment,
            "terms_version": terms,
            "terms_accepted_at": moment,
            "privacy_version": privacy,
            "privacy_accepted_at": moment,
        }

    def accounts(self, administrations: dict[str, int]) -> list[int]:
        password_hash = generate_password_hash(DEMO_PASSWORD)
        special = [
            ("admin@sfide.example", "Amministrazione piattaforma", "admin", None),
            ("moderatore@sfide.example", "Moderatrice Sfide PA", "moderator", None),
            (
                "staff.emilia@sfide.example",
                "Ufficio Agenda 2030 Emilia-Romagna",
                "staff",
                administrations["Regione Emilia-Romagna"],
            ),
            (
                "staff.puglia@sfide.example",
                "Ufficio innovazione Regione Puglia",
                "staff",
                administrations["Regione Puglia"],
            ),
            ("cittadina@sfide.example", "Giulia Bianchi", "citizen", None),
        ]
        for email, name, role, administration_id in special:
            self.add(
                "users",
                email=email,
                name=name,
                password_hash=password_hash,
                role=role,
                administration_id=administration_id,
                created_at=self.now - HISTORY,
                **self.verified_and_consenting(self.now - HISTORY),
            )
            self.summary.accounts.append((email, role))
        citizens = []
        for number in range(40 * self.scale):
            if number % 7 == 0:
                name = self.random.choice(corpus.ORGANISATIONS)
            else:
                name = f"{self.random.choice(corpus.FIRST_NAMES)} {self.random.choice(corpus.LAST_NAMES)}"
            joined = self.moment_between(self.now - HISTORY, self.now - timedelta(days=3))
            citizens.append(
                self.add(
                    "users",
                    email=f"persona{number + 1}@example.it",
                    name=name,
                    password_hash=password_hash,
                    role="citizen",
                    administration_id=None,
                    created_at=joined,
                    **self.verified_and_consenting(joined),
                )
            )
        return citizens

    def labs(self, administrations: dict[str, int]) -> list[int]:
        lab_ids = []
        for number, (name, territory, coordinator, themes) in enumerate(corpus.LABS):
            focus = corpus.LAB_FOCUS[number % len(corpus.LAB_FOCUS)]
            lab_id = self.add(
                "labs",
                name=name,
                slug=slugify(name),
                territory=territory,
                region_code="08",
                coordinator_id=administrations[coordinator],
                description=corpus.LAB_DESCRIPTION.format(focus=focus),
                created_at=self.now - HISTORY,
            )
            lab_ids.append(lab_id)
            for theme_id in themes:
                self.rows.setdefault("lab_themes", []).append({"lab_id": lab_id, "theme_id": theme_id})
            for kind, names in corpus.LAB_PARTNERS[name].items():
                for partner in names:
                    self.add("partners", lab_id=lab_id, name=partner, kind=kind)
        return lab_ids

    def challenges(
        self, administrations: dict[str, int], labs: list[int], staff_by_admin: dict[int, int]
    ) -> list[dict]:
        count = len(corpus.CHALLENGES) + 4 * (self.scale - 1)
        regions = {name: region for name, _kind, region in corpus.ADMINISTRATIONS}
        # A lab's challenges come from the administration that coordinates it.
        lab_of = {coordinator: lab_id for (_n, _t, coordinator, _th), lab_id in zip(corpus.LABS, labs, strict=True)}
        created = []
        for number in range(count):
            base_title, summary, theme, sdgs = corpus.CHALLENGES[number % len(corpus.CHALLENGES)]
            edition = number // len(corpus.CHALLENGES)
            # Each edition goes to the next administration whose territory has the problem.
            homes = corpus.CHALLENGE_HOMES[base_title]
            administration_name = homes[edition % len(homes)]
            title = base_title
            if edition >= len(homes):
                title = f"{base_title} ({administration_name}, {edition // len(homes) + 1}ª edizione)"
            elif edition:
                title = f"{base_title} ({administration_name})"
            status = STATUS_CYCLE[number % len(STATUS_CYCLE)]
            created_at = self.moment_between(self.now - HISTORY, self.now - timedelta(days=20))
            opened_at = None if status == "draft" else created_at + timedelta(days=self.random.randint(1, 10))
            if opened_at is None or status == "open":  # a draft, or open
                deadline = date.today() + timedelta(days=self.random.randint(15, 150))
            else:
                deadline = (opened_at + timedelta(days=self.random.randint(30, 90))).date()
                deadline = min(deadline, date.today() - timedelta(days=1))
            body = "\n\n".join(self.random.sample(corpus.CHALLENGE_BODIES, 3))
            administration_id = administrations[administration_name]
            row = dict(
                slug=slugify(title) + ("" if edition == 0 else f"-{edition}"),
                title=title,
                summary=summary,
                body=body,
                body_html=self.html(body),
                administration_id=administration_id,
                lab_id=lab_of.get(administration_name) if number % 2 == 0 else None,
                theme_id=theme,
                region_code=regions[administration_name],
                deadline=deadline,
                status=status,
                created_by_id=staff_by_admin.get(administration_id, 1),
                created_at=created_at,
                updated_at=created_at,
                opened_at=opened_at,
                closed_at=datetime.combine(deadline, datetime.min.time()) + timedelta(days=20)
                if status == "closed"
                else None,
            )
            row["id"] = self.add("challenges", **row)
            row["base_title"], row["administration_name"] = base_title, administration_name
            for sdg in sdgs + ((self.random.randint(1, 17),) if number % 2 else ()):
                self.rows.setdefault("challenge_sdgs", []).append({"challenge_id": row["id"], "sdg_number": sdg})
            created.append(row)
        # One sdg may repeat when the random extra equals a listed one.
        self.rows["challenge_sdgs"] = list(
            {(r["challenge_id"], r["sdg_number"]): r for r in self.rows["challenge_sdgs"]}.values()
        )
        return created

    def solution_ideas(self, challenge: dict) -> list[tuple[str, str]]:
        """(title, what to do) for a challenge's solutions: its own ideas, then each in a place of its territory."""
        ideas = list(corpus.SOLUTION_IDEAS[challenge["base_title"]])
        self.random.shuffle(ideas)
        places = corpus.PLACES[challenge["administration_name"]]
        return ideas + [(f"{title} {place}", f"{how} {place}") for place in places for title, how in ideas]

    def solutions(self, challenges: list[dict], citizens: list[int]) -> list[dict]:
        public = [c for c in challenges if c["status"] != "draft"]
        weights = [1 / (rank + 1) ** 0.8 for rank in range(len(public))]  # a few challenges get most of the activity
        ideas = {c["id"]: self.solution_ideas(c) for c in public}
        used: set[str] = set()  # no two solutions share a title, within or across challenges
        made = []
        for number in range(350 * self.scale):
            challenge = self.random.choices(public, weights)[0]
            for _ in range(len(public)):
                # Drop ideas another challenge of the same problem used (later editions share them).
                while ideas[challenge["id"]] and ideas[challenge["id"]][0][0] in used:
                    ideas[challenge["id"]].pop(0)
                if ideas[challenge["id"]]:
                    break
                challenge = public[(public.index(challenge) + 1) % len(public)]  # every idea had: the next one
            if not ideas[challenge["id"]]:
                break
            title, how = ideas[challenge["id"]].pop(0)
            used.add(title)
            end = min(self.now - timedelta(hours=2), datetime.combine(challenge["deadline"], datetime.max.time()))
            created_at = self.moment_between(challenge["opened_at"], end)
            opening = self.random.choice(corpus.SOLUTION_OPENINGS)
            body = f"{opening} {how}.\n\n" + " ".join(self.random.sample(corpus.SOLUTION_DETAILS, 3))
            status = "withdrawn" if number % 37 == 0 else "published"
            row = dict(
                challenge_id=challenge["id"],
                author_id=self.random.choice(citizens),
                title=title,
                body=body,
                body_html=self.html(body),
                status=status,
                created_at=created_at,
                updated_at=created_at,
            )
            row["id"] = self.add("solutions", **row)
            row["challenge"] = challenge
            made.append(row)
            if number % 23 == 0:
                self.add(
                    "solution_revisions",
                    solution_id=row["id"],
                    title=title + " (prima versione)",
                    body=body.split("\n\n")[0],
                    created_at=created_at,
                )
        return made

    def discussion(self, solutions: list[dict], citizens: list[int]) -> None:
        for solution in solutions:
            if solution["status"] != "published":
                continue
            end = self.now if solution["challenge"]["status"] != "closed" else solution["challenge"]["closed_at"]
            top_level: list[dict] = []
            for _ in range(int(self.random.paretovariate(1.6)) + self.random.randrange(3)):
                created_at = self.moment_between(solution["created_at"], end)
                deleted = self.random.random() < 0.03
                body = "" if deleted else self.random.choice(corpus.COMMENTS)
                parent = self.random.choice(top_level) if top_level and self.random.random() < 0.3 else None
                if parent and not deleted:
                    body = self.random.choice(corpus.REPLIES)
                    created_at = max(created_at, parent["created_at"] + timedelta(minutes=5))
                row = dict(
                    solution_id=solution["id"],
                    author_id=self.random.choice(citizens),
                    parent_id=parent["id"] if parent else None,
                    body=body,
                    body_html=self.html(body) if body else "",
                    status="deleted" if deleted else "published",
                    created_at=created_at,
                    updated_at=created_at,
                )
                row["id"] = self.add("comments", **row)
                if parent is None:
                    top_level.append(row)
                if not deleted and self.random.random() < 0.4:
                    self._votes("comment_votes", "comment_id", row, citizens, max_votes=6)
            self._votes(
                "solution_votes", "solution_id", solution, citizens, max_votes=int(self.random.paretovariate(1.2) * 3)
            )

    def _votes(self, table: str, key: str, item: dict, citizens: list[int], max_votes: int) -> None:
        voters = self.random.sample(citizens, k=min(max_votes, len(citizens) - 1))
        share_up = self.random.uniform(0.45, 0.95)
        for voter in voters:
            if voter == item["author_id"]:
                continue
            at = item["created_at"] + timedelta(hours=self.random.randint(1, 72))
            self.rows.setdefault(table, []).append(
                {
                    "user_id": voter,
                    key: item["id"],
                    "value": 1 if self.random.random() < share_up else -1,
                    "created_at": at,
                    "updated_at": at,
                }
            )

    def responses(self, solutions: list[dict], staff_by_admin: dict[int, int]) -> None:
        for solution in solutions:
            challenge = solution["challenge"]
            if solution["status"] != "published" or challenge["status"] == "open" or self.random.random() > 0.35:
                continue
            outcome = self.random.choice(list(corpus.RESPONSES))
            body = corpus.RESPONSES[outcome]
            at = solution["created_at"] + timedelta(days=self.random.randint(3, 40))
            self.add(
                "official_responses",
                solution_id=solution["id"],
                administration_id=challenge["administration_id"],
                author_id=staff_by_admin.get(challenge["administration_id"], 1),
                outcome=outcome,
                body=body,
                body_html=self.html(body),
                created_at=min(at, self.now),
                updated_at=min(at, self.now),
            )

    def follows_and_flags(self, challenges: list[dict], solutions: list[dict], citizens: list[int]) -> None:
        public = [c for c in challenges if c["status"] != "draft"]
        seen = set()
        for citizen in citizens:
            for challenge in self.random.sample(public, k=min(3, len(public))):
                if (citizen, challenge["id"]) not in seen:
                    seen.add((citizen, challenge["id"]))
                    self.rows.setdefault("follows", []).append(
                        {"user_id": citizen, "challenge_id": challenge["id"], "created_at": self.now}
                    )
        published = [s for s in solutions if s["status"] == "published"]
        for solution in self.random.sample(published, k=min(4, len(published))):
            reporter = next(c for c in citizens if c != solution["author_id"])
            self.add(
                "flags",
                solution_id=solution["id"],
                reporter_id=reporter,
                reason=self.random.choice(["spam", "off_topic", "offensive"]),
                detail="Segnalazione di prova nei dati dimostrativi.",
                status="open",
                created_at=self.now - timedelta(hours=6),
            )

    # --- the whole load ---

    def run(self) -> DemoSummary:
        administrations = self.administrations()
        citizens = self.accounts(administrations)
        staff_by_admin = {row["administration_id"]: row["id"] for row in self.rows["users"] if row["role"] == "staff"}
        labs = self.labs(administrations)
        challenges = self.challenges(administrations, labs, staff_by_admin)
        solutions = self.solutions(challenges, citizens)
        self.discussion(solutions, citizens)
        self.responses(solutions, staff_by_admin)
        self.follows_and_flags(challenges, solutions, citizens)
        tables = [
            ("administrations", Administration),
            ("users", User),
            ("labs", Lab),
            ("lab_themes", lab_themes),
            ("partners", Partner),
            ("challenges", Challenge),
            ("challenge_sdgs", challenge_sdgs),
            ("solutions", Solution),
            ("solution_revisions", SolutionRevision),
            ("comments", Comment),
            ("solution_votes", SolutionVote),
            ("comment_votes", CommentVote),
            ("official_responses", OfficialResponse),
            ("follows", Follow),
            ("flags", Flag),
        ]
        for name, target in tables:
            rows = [{k: v for k, v in row.items() if k != "challenge"} for row in self.rows.get(name, [])]
            _insert(target, rows)
            self.summary.counts[name] = len(rows)
        if db.engine.dialect.name == "postgresql":
            for name in self.ids.next:
                db.session.execute(
                    text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), (SELECT MAX(id) FROM {name}))")
                )
        db.session.commit()
        recount()  # counters and ranking keys, computed once from the rows just written
        return self.summary


def seed_demo(scale: int = 1) -> DemoSummary:
    """Load the demo; refuses when the database already has content."""
    if scale < 1:
        raise ValueError("scale must be at least 1")
    if not is_empty():
        raise DemoNotEmpty
    return _Loader(scale).run()
