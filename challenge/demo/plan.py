"""The demo's rows, planned in memory: Italian administrations, labs, accounts, challenges and their activity."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from werkzeug.security import generate_password_hash

from ..core.legal import versions_in_force
from ..models import utcnow
from ..text.slugs import slugify
from .rows import HISTORY, DemoRows

DEMO_PASSWORD = "demo-password-2026"


@dataclass
class _Ids:
    """Primary keys assigned in Python, so rows can refer to each other without reading back."""

    next: dict[str, int] = field(default_factory=dict)

    def take(self, table: str) -> int:
        self.next[table] = self.next.get(table, 0) + 1
        return self.next[table]


class DemoPlan:
    """Every row of the demo by table name, drawn in memory with one seeded generator before anything is written."""

    def __init__(self, scale: int) -> None:
        self.scale = scale
        self.draw = DemoRows(random.Random(42), utcnow())
        self.random, self.now, self.corpus = self.draw.random, self.draw.now, self.draw.corpus
        self.ids = _Ids()
        self.rows: dict[str, list[dict]] = {}
        self.accounts_made: list[tuple[str, str]] = []  # (email, role) of the accounts to print

    def add(self, table: str, **row) -> int:
        row.setdefault("id", self.ids.take(table))
        self.rows.setdefault(table, []).append(row)
        return row["id"]

    # --- content ---

    def administrations(self) -> dict[str, int]:
        by_name = {}
        for name, kind, region in self.corpus.administrations:
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
            self.accounts_made.append((email, role))
        citizens = []
        for number in range(40 * self.scale):
            name = self.draw.organisation_name() if number % 7 == 0 else self.draw.person_name()
            joined = self.draw.moment_between(self.now - HISTORY, self.now - timedelta(days=3))
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
        for number, (name, territory, coordinator, themes) in enumerate(self.corpus.labs):
            focus = self.corpus.lab_focus[number % len(self.corpus.lab_focus)]
            lab_id = self.add(
                "labs",
                name=name,
                slug=slugify(name),
                territory=territory,
                region_code="08",
                coordinator_id=administrations[coordinator],
                description=self.corpus.lab_description.format(focus=focus),
                created_at=self.now - HISTORY,
            )
            lab_ids.append(lab_id)
            for theme_id in themes:
                self.rows.setdefault("lab_themes", []).append({"lab_id": lab_id, "theme_id": theme_id})
            for kind, names in self.corpus.lab_partners[name].items():
                for partner in names:
                    self.add("partners", lab_id=lab_id, name=partner, kind=kind)
        return lab_ids

    def challenges(
        self, administrations: dict[str, int], labs: list[int], staff_by_admin: dict[int, int]
    ) -> list[dict]:
        count = len(self.corpus.challenges) + 4 * (self.scale - 1)
        regions = {name: region for name, _kind, region in self.corpus.administrations}
        # A lab's challenges come from the administration that coordinates it.
        lab_of = {lab.coordinator: lab_id for lab, lab_id in zip(self.corpus.labs, labs, strict=True)}
        created = []
        for number in range(count):
            base_title, summary, theme, sdgs = self.corpus.challenges[number % len(self.corpus.challenges)]
            edition = number // len(self.corpus.challenges)
            # Each edition goes to the next administration whose territory has the problem.
            homes = self.corpus.challenge_homes[base_title]
            administration_name = homes[edition % len(homes)]
            title = base_title
            if edition >= len(homes):
                title = f"{base_title} ({administration_name}, {edition // len(homes) + 1}ª edizione)"
            elif edition:
                title = f"{base_title} ({administration_name})"
            status = self.draw.challenge_status(number)
            created_at = self.draw.moment_between(self.now - HISTORY, self.now - timedelta(days=20))
            dates = self.draw.challenge_dates(status, created_at)
            body = self.draw.challenge_body()
            administration_id = administrations[administration_name]
            row = dict(
                slug=slugify(title) + ("" if edition == 0 else f"-{edition}"),
                title=title,
                summary=summary,
                body=body,
                body_html=self.draw.html(body),
                administration_id=administration_id,
                lab_id=lab_of.get(administration_name) if number % 2 == 0 else None,
                theme_id=theme,
                region_code=regions[administration_name],
                deadline=dates.deadline,
                status=status,
                created_by_id=staff_by_admin.get(administration_id, 1),
                created_at=created_at,
                updated_at=created_at,
                opened_at=dates.opened_at,
                closed_at=dates.closed_at,
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
        ideas = list(self.corpus.solution_ideas[challenge["base_title"]])
        self.random.shuffle(ideas)
        places = self.corpus.places[challenge["administration_name"]]
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
            created_at = self.draw.moment_between(challenge["opened_at"], end)
            body = self.draw.solution_body(how)
            status = "withdrawn" if number % 37 == 0 else "published"
            row = dict(
                challenge_id=challenge["id"],
                author_id=self.random.choice(citizens),
                title=title,
                body=body,
                body_html=self.draw.html(body),
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
                created_at = self.draw.moment_between(solution["created_at"], end)
                deleted = self.random.random() < 0.03
                body = "" if deleted else self.draw.comment_body()
                parent = self.random.choice(top_level) if top_level and self.random.random() < 0.3 else None
                if parent and not deleted:
                    body = self.draw.comment_body(is_reply=True)
                    created_at = max(created_at, parent["created_at"] + timedelta(minutes=5))
                row = dict(
                    solution_id=solution["id"],
                    author_id=self.random.choice(citizens),
                    parent_id=parent["id"] if parent else None,
                    body=body,
                    body_html=self.draw.html(body) if body else "",
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
            outcome, body = self.draw.response()
            at = solution["created_at"] + timedelta(days=self.random.randint(3, 40))
            self.add(
                "official_responses",
                solution_id=solution["id"],
                administration_id=challenge["administration_id"],
                author_id=staff_by_admin.get(challenge["administration_id"], 1),
                outcome=outcome,
                body=body,
                body_html=self.draw.html(body),
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

    def plan(self) -> dict[str, list[dict]]:
        """Draw every table's rows; counters are left to recount, once they are written."""
        administrations = self.administrations()
        citizens = self.accounts(administrations)
        staff_by_admin = {row["administration_id"]: row["id"] for row in self.rows["users"] if row["role"] == "staff"}
        labs = self.labs(administrations)
        challenges = self.challenges(administrations, labs, staff_by_admin)
        solutions = self.solutions(challenges, citizens)
        self.discussion(solutions, citizens)
        self.responses(solutions, staff_by_admin)
        self.follows_and_flags(challenges, solutions, citizens)
        return self.rows
