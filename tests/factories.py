"""Plain functions that make rows with good defaults; keyword arguments override them."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from flask import current_app
from werkzeug.security import generate_password_hash

from challenge.account import sessions as auth_sessions
from challenge.core import counters
from challenge.core.extensions import db
from challenge.core.legal import versions_in_force
from challenge.models import Administration, User, utcnow
from challenge.text import clock

PASSWORD = "Cavallo-Batteria-42"
# Hashed once: scrypt is deliberately slow.
PASSWORD_HASH = generate_password_hash(PASSWORD)

_counter = itertools.count(1)


def make_administration(**fields) -> Administration:
    number = next(_counter)
    values = dict(
        name=f"Comune di Prova {number}", slug=f"comune-di-prova-{number}", kind="municipality", region_code="08"
    )
    values.update(fields)
    administration = Administration(**values)
    db.session.add(administration)
    db.session.commit()
    return administration


def make_user(**fields) -> User:
    number = next(_counter)
    in_force = versions_in_force()
    values = dict(
        email=f"persona{number}@example.it",
        name=f"Persona {number}",
        password_hash=PASSWORD_HASH,
        role="citizen",
        email_verified_at=utcnow(),  # make_user(email_verified_at=None) for an unconfirmed account
        terms_version=in_force[0],  # make_user(terms_version="old") to be asked again
        privacy_version=in_force[1],
    )
    values.update(fields)
    if values.get("role") == "staff" and "administration" not in values and "administration_id" not in values:
        values["administration"] = make_administration()
    user = User(**values)
    db.session.add(user)
    db.session.commit()
    return user


def make_suspended_user(**fields) -> User:
    return make_user(suspended_at=utcnow(), suspension_reason="Linguaggio offensivo", **fields)


def login(client, user: User) -> None:
    """Sign the test client in as `user` without the slow password check."""
    token = auth_sessions.start(user, "pytest")
    client.set_cookie(current_app.config["AUTH_COOKIE_NAME"], token)


def in_days(days: int) -> date:
    """A date counted from today in Italy, as deadlines are (after 23:00 UTC it is already tomorrow in Rome)."""
    return clock.today() + timedelta(days=days)


def make_challenge(administration: Administration | None = None, **fields):
    """A challenge, open by default, on theme 1 with SDG 11."""
    from challenge.models import Challenge, Sdg

    number = next(_counter)
    administration = administration or make_administration()
    values = dict(
        slug=f"sfida-{number}",
        title=f"Sfida numero {number} per servizi migliori",
        summary="Come rendere più semplici gli sportelli per cittadini e imprese.",
        body="Descrizione della sfida con **contesto** e obiettivi.",
        body_html="<p>Descrizione della sfida con <strong>contesto</strong> e obiettivi.</p>",
        administration_id=administration.id,
        theme_id=1,
        region_code=administration.region_code,
        deadline=in_days(30),
        status="open",
        opened_at=utcnow(),
    )
    values.update(fields)
    challenge = Challenge(**values)
    challenge.sdgs = [db.session.get(Sdg, 11)]
    db.session.add(challenge)
    db.session.commit()
    return challenge


def make_solution(challenge=None, author: User | None = None, **fields):
    """A published solution, counted on its challenge."""
    from challenge.models import Solution

    challenge = challenge or make_challenge()
    author = author or make_user()
    values = dict(
        challenge_id=challenge.id,
        author_id=author.id,
        title="Uno sportello unico digitale",
        body="Un solo sportello online per tutte le pratiche.",
        body_html="<p>Un solo sportello online per tutte le pratiche.</p>",
        status="published",
        created_at=utcnow(),
    )
    values.update(fields)
    solution = Solution(**values)
    db.session.add(solution)
    db.session.flush()
    if solution.status == "published" and challenge.status != "draft":
        counters.solution_visibility_changed(solution, visible=True)
    db.session.commit()
    return solution


def make_comment(solution=None, author: User | None = None, **fields):
    """A published comment, counted on its solution."""
    from challenge.models import Comment

    solution = solution or make_solution()
    author = author or make_user()
    values = dict(
        solution_id=solution.id,
        author_id=author.id,
        body="Ottima idea.",
        body_html="<p>Ottima idea.</p>",
        status="published",
    )
    values.update(fields)
    comment = Comment(**values)
    db.session.add(comment)
    db.session.flush()
    if comment.status == "published" and solution.status == "published":
        counters.comment_visibility_changed(comment, visible=True)
    db.session.commit()
    return comment


def make_lab(coordinator: Administration | None = None, **fields):
    """A lab coordinated by an administration, on theme 1."""
    from challenge.models import Lab, Theme

    number = next(_counter)
    coordinator = coordinator or make_administration()
    values = dict(name=f"Laboratorio {number}", slug=f"laboratorio-{number}", territory="Provincia", region_code="08")
    values.update(fields)
    lab = Lab(coordinator_id=coordinator.id, themes=[db.session.get(Theme, 1)], **values)
    db.session.add(lab)
    db.session.commit()
    return lab


def make_meeting(lab=None, challenge=None, starts_in: timedelta = timedelta(days=7), **fields):
    """A meeting of a lab (a new one unless a lab or challenge is given), two hours long, a week from now."""
    from challenge.models import Meeting

    if lab is None and challenge is None:
        lab = make_lab()
    starts_at = clock.now_as_stored() + starts_in
    values = dict(
        title="Laboratorio di co-progettazione",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        place="Sala consiliare",
        address="Piazza Grande 1, Modena",
        seats=None,
        body="Programma dell'incontro.",
        registration=True,
    )
    values.update(fields)
    meeting = Meeting(
        lab_id=lab.id if lab is not None else None, challenge_id=challenge.id if challenge else None, **values
    )
    db.session.add(meeting)
    db.session.commit()
    return meeting


def make_participant(challenge, user: User | None = None, **fields):
    """An accepted participant of a challenge, written directly (the invitation's link is tested with it)."""
    from challenge.models import Participant

    user = user or make_user()
    values = dict(
        challenge_id=challenge.id, email=user.email, user_id=user.id, invited_at=utcnow(), accepted_at=utcnow()
    )
    values.update(fields)
    participant = Participant(**values)
    db.session.add(participant)
    db.session.commit()
    return user
