"""Busy and listing pages run a fixed number of SQL statements, however many rows exist."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask_sqlalchemy.record_queries import get_recorded_queries

from sqlalchemy import select

from challenge.extensions import db
from challenge.models import Challenge, Lab, Partner, Solution, User
from challenge.services import auth_sessions
from challenge.services.moderation import flag, hide, restore
from challenge.services.notifications import notify
from challenge.services.voting import vote_on_comment, vote_on_solution
from tests.conftest import empty_tables
from tests.factories import login, make_administration, make_challenge, make_comment, make_solution, make_user


@pytest.fixture
def recording_app(app_factory):
    app = app_factory(SQLALCHEMY_RECORD_QUERIES=True)
    with app.app_context():
        empty_tables()
    return app


@dataclass(frozen=True)
class Site:
    slug: str
    solution_id: int
    administration: str  # the challenge's administration's slug
    lab: str
    accounts: dict[str, int]  # role -> user id


def grow(site: Site, solutions: int) -> None:
    """Add a round of everything the listing pages show: solutions with comments, votes and flags,
    moderation actions, notifications and sessions of the readers, challenges, administrations, labs."""
    challenge = db.session.scalar(select(Challenge).where(Challenge.slug == site.slug))
    moderator = db.session.get(User, site.accounts["moderator"])
    citizen = db.session.get(User, site.accounts["citizen"])
    watched = db.session.get(Solution, site.solution_id)
    for _ in range(solutions):
        solution = make_solution(challenge, title="Uno sportello unico digitale")
        comment = make_comment(solution, body="Uno sportello anche in biblioteca.")
        make_comment(solution, parent_id=comment.id)
        vote_on_solution(make_user(), solution, 1)
        vote_on_comment(make_user(), comment, -1)
        flag(make_user(), solution, "spam", "Pubblicità")
        flag(make_user(), comment, "offensive", "")
        hidden = make_solution(challenge)
        hide(moderator, hidden, "Verifica")
        restore(moderator, hidden, "Nessuna violazione")
        reply_to = make_comment(watched)
        vote_on_comment(make_user(), make_comment(watched, parent_id=reply_to.id), 1)
        notify(citizen, "comment", watched.title, watched.id)
        make_challenge(make_administration(), title="Sportelli aperti il sabato")
        lab = db.session.scalar(select(Lab).where(Lab.slug == site.lab))
        make_challenge(challenge.administration, lab_id=lab.id, title="Sportelli del laboratorio")
        lab.partners.append(Partner(name=f"Partner {solution.id}", kind="university"))
        db.session.add(Lab(name=f"Laboratorio {solution.id}", slug=f"laboratorio-{solution.id}", territory="Bologna",
                           region_code="08", coordinator_id=challenge.administration_id, description="Rete locale."))
        db.session.commit()
    for user in (moderator, citizen):
        auth_sessions.start(user, "Firefox")


def statements(app, client, url: str) -> int:
    with app.app_context():
        assert client.get(url).status_code == 200, url
        return len(get_recorded_queries())


# (path, who reads it); every page that lists rows is here.
PAGES = [
    ("/", None),
    ("/challenges", None),
    ("/challenges", "staff"),
    ("/challenges/{slug}?sort=latest", None),
    ("/challenges/{slug}?sort=best", "citizen"),
    ("/challenges/{slug}?sort=hot", "citizen"),
    ("/challenges/{slug}?sort=discussed", "citizen"),
    ("/challenges/{slug}", "staff"),
    ("/solutions/{solution_id}", "citizen"),
    ("/solutions/{solution_id}", "staff"),
    ("/solutions/{solution_id}", "moderator"),
    ("/leaderboards", None),
    ("/leaderboards?period=all", None),
    ("/leaderboards?period=30d", None),
    ("/administrations", None),
    ("/administrations/{administration}", None),
    ("/labs", None),
    ("/labs/{lab}", None),
    ("/search?q=sportello", None),
    ("/search?q=sportello&type=comment", "citizen"),
    ("/moderation", "moderator"),
    ("/moderation/log", "moderator"),
    ("/notifications", "citizen"),
    ("/account", "citizen"),
    ("/feeds/solutions.atom", None),
    ("/challenges/{slug}/feed.atom", None),
    ("/api/v1/challenges", None),
    ("/api/v1/solutions", None),
    ("/api/v1/solutions/{solution_id}/comments", None),
    ("/api/v1/administrations", None),
    ("/api/v1/labs", None),
    ("/api/v1/leaderboards?period=all", None),
    ("/api/v1/stats", None),
]


def statement_counts(app, site: Site) -> dict[tuple[str, str | None], int]:
    """Statements each page of PAGES runs, as its reader."""
    clients = {None: app.test_client()}
    with app.app_context():
        for role, user_id in site.accounts.items():
            clients[role] = app.test_client()
            login(clients[role], db.session.get(User, user_id))
    return {
        (page, role): statements(app, clients[role], page.format(slug=site.slug, solution_id=site.solution_id, administration=site.administration, lab=site.lab))
        for page, role in PAGES
    }


def test_statement_count_does_not_grow_with_data(recording_app):
    """One site for every page (growing it is slow): each page's count with little data and with more."""
    with recording_app.app_context():
        challenge = make_challenge()
        watched = make_solution(challenge, make_user(role="citizen"))
        accounts = {
            "citizen": watched.author_id,
            "staff": make_user(role="staff", administration_id=challenge.administration_id).id,
            "moderator": make_user(role="moderator").id,
        }
        lab = Lab(name="Laboratorio di Bologna", slug="laboratorio-bologna", territory="Bologna", region_code="08",
                  coordinator_id=challenge.administration_id, description="Rete locale.")
        db.session.add(lab)
        db.session.commit()
        site = Site(challenge.slug, watched.id, challenge.administration.slug, lab.slug, accounts)
        grow(site, 2)
    small = statement_counts(recording_app, site)
    with recording_app.app_context():
        grow(site, 10)
    large = statement_counts(recording_app, site)
    growing = {page: (small[page], large[page]) for page in small if large[page] != small[page]}
    assert growing == {}, "(path, reader): (statements with little data, with more)"
    assert {page: count for page, count in large.items() if count > 16} == {}
