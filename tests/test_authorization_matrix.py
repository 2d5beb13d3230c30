"""Every write route, tried as every kind of account: allowed or refused, and a refusal changes nothing."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask import url_for
from sqlalchemy import func, select

from challenge.extensions import db
from challenge.models import (
    Administration,
    AuditEntry,
    AuthSession,
    Challenge,
    Comment,
    EmailPreference,
    Follow,
    Invitation,
    Lab,
    LegalVersion,
    OutboxEmail,
    Partner,
    Solution,
    SolutionRevision,
    Theme,
    User,
)
from challenge.services import accounts as account_service
from challenge.services import audit
from challenge.services.invitations import create_invitation
from challenge.services.notifications import unsubscribe_token
from tests.factories import (
    PASSWORD,
    in_days,
    login,
    make_administration,
    make_challenge,
    make_comment,
    make_solution,
    make_suspended_user,
    make_user,
)

ROLES = (
    "visitor",
    "citizen",
    "unverified",
    "old_terms",
    "suspended",
    "owner_staff",
    "other_staff",
    "moderator",
    "admin",
)
SIGNED_IN = set(ROLES) - {"visitor"}
CONTRIBUTORS = SIGNED_IN - {"suspended", "unverified", "old_terms"}
MANAGERS = {"owner_staff", "admin"}
ADMINS = {"admin"}
MODERATORS = {"moderator", "admin"}
NOBODY: set[str] = set()  # author-only actions: none of these accounts wrote the items


@dataclass
class World:
    slug: str
    solution_id: int
    comment_id: int
    owner_id: int
    owner_slug: str
    lab_slug: str
    partner_id: int
    author_id: int


def challenge_form(world: World) -> dict:
    return {
        "title": "Una sfida nuova di zecca",
        "summary": "Una sintesi abbastanza lunga per essere valida.",
        "body": "Una descrizione lunga abbastanza da superare i cinquanta caratteri richiesti.",
        "theme": "1",
        "sdgs": ["11"],
        "region": "08",
        "deadline": in_days(20).isoformat(),
        "administration": str(world.owner_id),
    }


SOLUTION_FORM = {"title": "Una proposta tutta nuova", "body": "Una proposta con abbastanza testo per essere accettata."}

ADMINISTRATION_FORM = {"name": "Comune di Nuova Prova", "kind": "municipality", "region": "08"}


def lab_form(world: World) -> dict:
    return {"name": "Laboratorio nuovo", "territory": "Provincia", "coordinator": world.owner_slug, "themes": ["2"]}


PARTNER_FORM = {"name": "Nuovo partner", "kind": "ceas"}

# (name, path template, form data, roles allowed)
ROUTES = [
    ("create challenge", "/challenges/new", challenge_form, MANAGERS | {"other_staff"}),
    ("edit challenge", "/challenges/{slug}/edit", challenge_form, MANAGERS),
    ("change status", "/challenges/{slug}/status", {"status": "evaluation"}, MANAGERS),
    ("follow", "/challenges/{slug}/follow", {}, CONTRIBUTORS),
    ("unfollow", "/challenges/{slug}/unfollow", {}, CONTRIBUTORS),
    ("propose solution", "/challenges/{slug}/solutions/new", SOLUTION_FORM, CONTRIBUTORS),
    ("edit solution", "/solutions/{solution_id}/edit", SOLUTION_FORM, NOBODY),
    ("withdraw solution", "/solutions/{solution_id}/withdraw", {}, NOBODY),
    ("comment", "/solutions/{solution_id}/comments", {"body": "Un commento"}, CONTRIBUTORS),
    (
        "reply",
        "/solutions/{solution_id}/comments",
        lambda w: {"body": "Una risposta", "parent_id": str(w.comment_id)},
        CONTRIBUTORS,
    ),
    ("delete comment", "/comments/{comment_id}/delete", {}, NOBODY),
    ("end all own sessions", "/account/sessions/end-all", {}, SIGNED_IN),
    (
        "edit own profile",
        "/account/profile",
        {"name": "Un nome nuovo", "language": "en", "kind": "business", "organisation_name": "Ditta"},
        SIGNED_IN,
    ),
    (
        "change own email",
        "/account/email",
        {"email": "nuovo-indirizzo@example.it", "current": "Cavallo-Batteria-42"},
        SIGNED_IN,
    ),
    ("accept the terms", "/account/terms", {"accept_terms": "y"}, SIGNED_IN),
    (
        "change own password",
        "/account/password",
        {"current": "Cavallo-Batteria-42", "password": "nuova-password-sicura", "confirm": "nuova-password-sicura"},
        SIGNED_IN,
    ),
    ("create administration", "/admin/administrations/new", ADMINISTRATION_FORM, ADMINS),
    ("edit administration", "/admin/administrations/{owner_slug}/edit", ADMINISTRATION_FORM, ADMINS),
    ("create lab", "/admin/labs/new", lab_form, ADMINS),
    ("edit lab", "/admin/labs/{lab_slug}/edit", lab_form, ADMINS),
    ("add partner", "/admin/labs/{lab_slug}/partners", PARTNER_FORM, ADMINS),
    ("edit partner", "/admin/labs/{lab_slug}/partners/{partner_id}/edit", PARTNER_FORM, ADMINS),
    ("remove partner", "/admin/labs/{lab_slug}/partners/{partner_id}/delete", {}, ADMINS),
    ("change role", "/admin/users/{author_id}/role", {"role": "moderator", "reason": "Nuovo moderatore"}, ADMINS),
    ("invite", "/admin/invitations", {"email": "nuovo@example.it", "role": "moderator"}, ADMINS),
    ("publish terms", "/admin/legal", {"document": "terms", "version": "2027-01-15", "summary": "Novità"}, ADMINS),
    ("publish privacy", "/admin/legal", {"document": "privacy", "version": "2027-01-15", "summary": "Novità"}, ADMINS),
]

# (name, path template, roles allowed): pages that change nothing but show what only some may see
READ_ROUTES = [
    ("console", "/admin", ADMINS),
    ("administrations", "/admin/administrations", ADMINS),
    ("new administration", "/admin/administrations/new", ADMINS),
    ("edit administration form", "/admin/administrations/{owner_slug}/edit", ADMINS),
    ("labs", "/admin/labs", ADMINS),
    ("new lab", "/admin/labs/new", ADMINS),
    ("edit lab form", "/admin/labs/{lab_slug}/edit", ADMINS),
    ("edit partner form", "/admin/labs/{lab_slug}/partners/{partner_id}/edit", ADMINS),
    ("people", "/admin/users", ADMINS),
    ("person", "/admin/users/{author_id}", ADMINS),
    ("invitations", "/admin/invitations", ADMINS),
    ("audit log", "/admin/log", ADMINS),
    ("terms and privacy versions", "/admin/legal", ADMINS),
    ("moderators' directory", "/moderation/users", MODERATORS),
    ("moderators' account page", "/moderation/users/{author_id}", MODERATORS),
    ("staff workspace", "/administrations/{owner_slug}/dashboard", MANAGERS),
    ("export csv", "/challenges/{slug}/export.csv", MANAGERS),
    ("export xlsx", "/challenges/{slug}/export.xlsx", MANAGERS),
    ("privacy notice", "/privacy", set(ROLES)),  # public: the same notice for everyone
]


def build_world(role: str) -> tuple[World, object]:
    owner = make_administration()
    challenge = make_challenge(owner)
    author = make_user()
    solution = make_solution(challenge, author=author)
    comment = make_comment(solution, author=author)
    accounts = {
        "citizen": lambda: make_user(),
        "unverified": lambda: make_user(email_verified_at=None),
        "old_terms": lambda: make_user(terms_version="2020-01-01"),
        "suspended": lambda: make_suspended_user(),
        "owner_staff": lambda: make_user(role="staff", administration=owner),
        "other_staff": lambda: make_user(role="staff"),
        "moderator": lambda: make_user(role="moderator"),
        "admin": lambda: make_user(role="admin"),
    }
    lab = Lab(
        name="Laboratorio di prova",
        slug="laboratorio-di-prova",
        territory="Provincia",
        region_code="08",
        coordinator_id=owner.id,
        themes=[db.session.get(Theme, 1)],
        partners=[Partner(name="CEAS di prova", kind="ceas")],
    )
    db.session.add(lab)
    db.session.commit()
    world = World(
        challenge.slug, solution.id, comment.id, owner.id, owner.slug, lab.slug, lab.partners[0].id, author.id
    )
    return world, accounts[role]() if role != "visitor" else None


def snapshot() -> tuple:
    """Everything a write route could change, in comparable form."""

    def rows(statement):
        return tuple(tuple(row) for row in db.session.execute(statement))

    return (
        rows(select(Challenge.id, Challenge.title, Challenge.status, Challenge.solution_count).order_by(Challenge.id)),
        rows(select(Solution.id, Solution.title, Solution.status, Solution.comment_count).order_by(Solution.id)),
        rows(select(Comment.id, Comment.status, Comment.body).order_by(Comment.id)),
        rows(
            select(
                User.id,
                User.password_hash,
                User.role,
                User.administration_id,
                User.email_verified_at,
                User.name,
                User.kind,
                User.pending_email,
                User.terms_accepted_at,
            ).order_by(User.id)
        ),
        rows(select(Administration.id, Administration.name, Administration.ipa_code).order_by(Administration.id)),
        rows(select(Lab.id, Lab.name, Lab.territory).order_by(Lab.id)),
        rows(select(Partner.id, Partner.name, Partner.kind).order_by(Partner.id)),
        db.session.scalar(select(func.count()).select_from(Invitation)),
        rows(select(LegalVersion.document, LegalVersion.version).order_by(LegalVersion.id)),
        db.session.scalar(select(func.count()).select_from(AuditEntry)),
        db.session.scalar(select(func.count()).select_from(OutboxEmail)),
        db.session.scalar(select(func.count()).select_from(Follow)),
        db.session.scalar(select(func.count()).select_from(SolutionRevision)),
        db.session.scalar(select(func.count()).select_from(AuthSession)),
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "path", "data", "allowed"), ROUTES, ids=[route[0] for route in ROUTES])
def test_write_route(app, role, name, path, data, allowed):
    client = app.test_client()
    with app.app_context():
        world, account = build_world(role)
        if account is not None:
            login(client, account)
            if name == "unfollow":
                db.session.add(Follow(user_id=account.id, challenge_id=db.session.scalar(select(Challenge.id))))
                db.session.commit()
        before = snapshot()
    url = path.format(**vars(world))
    response = client.post(url, data=data(world) if callable(data) else data)
    with app.app_context():
        after = snapshot()
    if role in allowed:
        assert response.status_code in (302, 303), response.get_data(as_text=True)[:500]
        assert "/auth/login" not in response.headers["Location"]
        assert after != before
    else:
        if role == "visitor":
            assert response.status_code == 302
            assert "/auth/login" in response.headers["Location"]
        else:
            assert response.status_code == 403
        assert after == before


def signed_in_as(app, role: str) -> tuple[object, World]:
    client = app.test_client()
    with app.app_context():
        world, account = build_world(role)
        if account is not None:
            login(client, account)
    return client, world


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "path", "allowed"), READ_ROUTES, ids=[route[0] for route in READ_ROUTES])
def test_read_route(app, role, name, path, allowed):
    client, world = signed_in_as(app, role)
    response = client.get(path.format(**vars(world)))
    if role in allowed:
        assert response.status_code == 200
    elif role == "visitor":
        assert response.status_code == 302
        assert "/auth/login" in response.headers["Location"]
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_invitation_link(app, role):
    """Only a visitor can use the link to create the invited account; anyone signed in with another address is refused."""
    client, _world = signed_in_as(app, role)
    with app.test_request_context():
        token = create_invitation(
            audit.CLI_ACTOR,
            "invitato@example.it",
            "moderator",
            None,
            lambda token: url_for("invitations.accept", token=token),
        ).token
        before = snapshot()
    response = client.post(
        f"/invitations/{token}", data={"name": "Invitato", "password": PASSWORD, "confirm": PASSWORD}
    )
    with app.app_context():
        after = snapshot()
    if role == "visitor":
        assert response.status_code == 303
        assert after != before
    else:
        assert response.status_code == 403
        assert after == before


@pytest.mark.parametrize("role", ROLES)
def test_resend_verification_as_every_role(app, role):
    """Signed-in accounts may ask again (only unverified ones get an email); visitors are sent to sign in."""
    client = app.test_client()
    with app.app_context():
        _, account = build_world(role)
        if account is not None:
            login(client, account)
        before = db.session.scalar(select(func.count()).select_from(OutboxEmail))
    response = client.post("/auth/verify/resend")
    with app.app_context():
        sent = db.session.scalar(select(func.count()).select_from(OutboxEmail)) - before
    assert response.status_code in (302, 303)
    assert ("/auth/login" in response.headers["Location"]) == (role == "visitor")
    assert sent == (1 if role == "unverified" else 0)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("purpose", ["verify", "reset"])
def test_token_routes_trust_the_token_not_the_reader(app, role, purpose):
    """Whoever posts a valid link's token uses it; a forged token changes nothing for anyone."""
    client = app.test_client()
    with app.test_request_context():
        _world, account = build_world(role)
        owner = make_user(email_verified_at=None)
        if account is not None:
            login(client, account)
        token = (account_service.verification_token if purpose == "verify" else account_service.reset_token)(owner)
        before = snapshot()
    path = "/auth/verify/{}" if purpose == "verify" else "/auth/password/reset/{}"
    data = {} if purpose == "verify" else {"password": "nuova-password-sicura", "confirm": "nuova-password-sicura"}
    forged = client.post(path.format(token[:-2] + ("AA" if not token.endswith("AA") else "BB")), data=data)
    with app.app_context():
        assert forged.status_code == 400
        assert snapshot() == before
    used = client.post(path.format(token), data=data)
    with app.app_context():
        assert used.status_code == 303
        assert snapshot() != before


@pytest.mark.parametrize("role", ROLES)
def test_public_profiles_are_the_same_for_everyone(app, role):
    """GET /users/<id>: shown to every reader when public, 404 for everyone when hidden or deleted."""
    client = app.test_client()
    with app.app_context():
        _, account = build_world(role)
        if account is not None:
            login(client, account)
        shown, hidden = make_user().id, make_user(profile_public=False).id
    assert client.get(f"/users/{shown}").status_code == 200
    assert client.get(f"/users/{hidden}").status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_one_click_unsubscribe_trusts_the_token_not_the_reader(app, role):
    """POST /unsubscribe/<token> turns off the named person's email kind whoever posts it; a forged token does nothing."""
    client = app.test_client()
    with app.app_context():
        _, account = build_world(role)
        if account is not None:
            login(client, account)
        owner = make_user()
        db.session.add(EmailPreference(user_id=owner.id, kind="comment"))
        db.session.commit()
        token = unsubscribe_token(owner, "comment")
    assert client.post("/unsubscribe/" + token[:-2] + ("AA" if not token.endswith("AA") else "BB")).status_code == 400
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(EmailPreference)) == 1
    assert client.post(f"/unsubscribe/{token}").status_code == 200
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(EmailPreference)) == 0
