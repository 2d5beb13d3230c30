"""Realistic Italian demo data, loaded with bulk inserts; counters are then rebuilt by recount."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib.resources import files

from sqlalchemy import func, insert, select, text

from ..core.extensions import db
from ..core.recount import recount
from ..models import (
    CLI_ACTOR,
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
)
from ..pages.service import PageDetails, create_page
from .files import attach_demo_files, attach_demo_sketches
from .meetings import add_demo_meetings
from .plan import DEMO_PASSWORD, DemoPlan

__all__ = ["DEMO_PASSWORD", "DemoNotEmpty", "DemoSummary", "is_empty", "seed_demo"]

BATCH = 5000
# Foreign-key order.
TABLES = [
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
# The information pages the footer links: (title, slug); the text is data/pages/<slug>.md.
PAGES = [("Come funziona", "come-funziona"), ("Domande frequenti", "domande-frequenti")]


class DemoNotEmpty(Exception):
    """The database already has content: the demo is never mixed with real data."""


@dataclass
class DemoSummary:
    counts: dict[str, int] = field(default_factory=dict)
    accounts: list[tuple[str, str]] = field(default_factory=list)


def is_empty() -> bool:
    """No account, administration or challenge yet."""
    return all(
        db.session.scalar(select(func.count()).select_from(model)) == 0 for model in (User, Administration, Challenge)
    )


def _insert(model_or_table, rows: list[dict]) -> None:
    table = getattr(model_or_table, "__table__", model_or_table)
    for start in range(0, len(rows), BATCH):
        db.session.execute(insert(table), rows[start : start + BATCH])


def seed_demo(scale: int = 1) -> DemoSummary:
    """Load the demo; refuses when the database already has content."""
    if scale < 1:
        raise ValueError("scale must be at least 1")
    if not is_empty():
        raise DemoNotEmpty
    plan = DemoPlan(scale)
    rows = plan.plan()
    summary = DemoSummary(accounts=plan.accounts_made)
    for name, target in TABLES:
        table_rows = [{k: v for k, v in row.items() if k != "challenge"} for row in rows.get(name, [])]
        _insert(target, table_rows)
        summary.counts[name] = len(table_rows)
    if db.engine.dialect.name == "postgresql":
        # Ids were assigned in Python: move each sequence past them.
        for name in plan.ids.next:
            db.session.execute(
                text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), (SELECT MAX(id) FROM {name}))")
            )
    db.session.commit()
    recount()  # counters and ranking keys, computed once from the rows just written
    for title, slug in PAGES:
        body = (files(__package__) / "data" / "pages" / f"{slug}.md").read_text(encoding="utf-8")
        create_page(CLI_ACTOR, PageDetails(title=title, slug=slug, body=body, is_in_footer=True))
    summary.counts["content_pages"] = len(PAGES)
    summary.counts["challenges with a cover"] = attach_demo_files()
    summary.counts["solutions with a picture"] = attach_demo_sketches()
    summary.counts["meetings"] = add_demo_meetings()
    return summary
