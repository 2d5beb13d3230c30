"""Every write route, tried as every kind of account: allowed or refused, and a refusal changes nothing."""

from __future__ import annotations

import io
from dataclasses import dataclass, replace
from datetime import timedelta

import pytest
from flask import current_app
from sqlalchemy import func, select

from challenge.account import service as account_service
from challenge.account.invitations import create_invitation
from challenge.attachments import service as attachments
from challenge.core import audit
from challenge.core.extensions import db
from challenge.models import (
    Administration,
    Appeal,
    Attachment,
    AuditEntry,
    AuthSession,
    Challenge,
    CoauthorInvitation,
    Comment,
    CommentRevision,
    CommentVote,
    ContentPage,
    ContentPageVersion,
    EmailPreference,
    Follow,
    Invitation,
    Lab,
    LegalVersion,
    Meeting,
    MeetingRegistration,
    ModerationAction,
    OutboxEmail,
    Participant,
    Partner,
    Solution,
    SolutionCoauthor,
    SolutionFollow,
    SolutionRevision,
    SolutionVote,
    Theme,
    User,
    UserFlag,
    utcnow,
)
from challenge.moderation import decisions as moderation
from challenge.moderation.accounts import suspend
from challenge.moderation.appeals import file_appeal
from challenge.notifications.service import unsubscribe_token
from challenge.pages.service import PageDetails, create_page
from challenge.web.urls import public_url_for
from tests.coauthors.helpers import add_coauthor, invite
from tests.factories import (
    PASSWORD,
    in_days,
    login,
    make_administration,
    make_challenge,
    make_comment,
    make_meeting,
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
MERGERS = MANAGERS | MODERATORS  # the challenge's staff and the moderators merge duplicate solutions
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
    pending_id: int = 0  # a pending solution
    appeal_id: int = 0  # an open appeal against hiding a comment, decided by a moderator not among the roles
    attachment_id: int = 0  # a PDF of the author's on the solution
    challenge_attachment_id: int = 0  # a PDF of the owner's staff on the challenge
    page_slug: str = ""  # a content page
    meeting_id: int = 0  # an upcoming meeting of the lab, with seats free
    past_meeting_id: int = 0  # a meeting of the lab that is over, without minutes
    participant_id: int = 0  # an address invited to the challenge two hours ago (re-sending is allowed)
    survivor_id: int = 0  # another published solution of the challenge, by someone else: a duplicate joins it
    coauthor_id: int = 0  # a co-author of the solution (none of the roles is one)
    invitation_id: int = 0  # a pending co-authorship invitation on the solution
    coauthorship_token: str = ""  # its link's token, for an address none of the roles has


def merge_form(world: World) -> dict:
    return {"into": str(world.survivor_id), "reason": "Stessa proposta."}


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

ADMINISTRATION_FORM = {
    "name": "Comune di Nuova Prova",
    "kind": "municipality",
    "region": "08",
    "embed_origins": "https://www.comune.nuovaprova.it",
}


def lab_form(world: World) -> dict:
    return {"name": "Laboratorio nuovo", "territory": "Provincia", "coordinator": world.owner_slug, "themes": ["2"]}


PARTNER_FORM = {"name": "Nuovo partner", "kind": "ceas"}

LEGAL_FORM = {"version": "2027-01-15", "summary": "Novità", "body": "## Novità\n\nIl testo completo."}
PAGE_FORM = {"title": "Una pagina nuova", "slug": "una-pagina-nuova", "body": "Il testo della pagina."}
MESSAGE_FORM = {"subject": "Aggiornamento sulla sfida", "body": "Le soluzioni saranno valutate entro marzo."}


def meeting_form(world: World) -> dict:
    day = in_days(10).isoformat()
    return {
        "title": "Tavolo di co-progettazione",
        "starts_at": f"{day}T17:30",
        "ends_at": f"{day}T19:30",
        "place": "Sala",
    }


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def pdf_upload(world: World) -> dict:
    return {"file": (io.BytesIO(PDF), "bando.pdf"), "role": "document", "title": "Bando"}


# (name, path template, form data, roles allowed)
ROUTES = [
    ("create challenge", "/challenges/new", challenge_form, MANAGERS | {"other_staff"}),
    ("edit challenge", "/challenges/{slug}/edit", challenge_form, MANAGERS),
    ("change status", "/challenges/{slug}/status", {"status": "evaluation", "confirm": "y"}, MANAGERS),
    ("write to participants", "/challenges/{slug}/messages", MESSAGE_FORM | {"confirm": "y"}, MANAGERS),
    ("invite participants", "/challenges/{slug}/participants", {"emails": "nuova.invitata@example.it"}, MANAGERS),
    ("re-send an invitation", "/challenges/{slug}/participants/{participant_id}/resend", {}, MANAGERS),
    ("remove a participant", "/challenges/{slug}/participants/{participant_id}/remove", {"confirm": "y"}, MANAGERS),
    ("follow", "/challenges/{slug}/follow", {}, CONTRIBUTORS),
    ("create lab meeting", "/labs/{lab_slug}/meetings/new", meeting_form, MANAGERS),
    ("create challenge meeting", "/challenges/{slug}/meetings/new", meeting_form, MANAGERS),
    ("edit meeting", "/meetings/{meeting_id}/edit", meeting_form, MANAGERS),
    ("register for a meeting", "/meetings/{meeting_id}/register", {}, CONTRIBUTORS),
    ("write meeting minutes", "/meetings/{past_meeting_id}/minutes", {"body": "Deciso il calendario."}, MANAGERS),
    ("unregister from a meeting", "/meetings/{meeting_id}/unregister", {"confirm": "y"}, SIGNED_IN),
    ("unfollow", "/challenges/{slug}/unfollow", {}, CONTRIBUTORS),
    ("follow solution", "/solutions/{solution_id}/follow", {}, CONTRIBUTORS),
    ("unfollow solution", "/solutions/{solution_id}/unfollow", {}, CONTRIBUTORS),
    ("propose solution", "/challenges/{slug}/solutions/new", SOLUTION_FORM, CONTRIBUTORS),
    ("edit solution", "/solutions/{solution_id}/edit", SOLUTION_FORM, NOBODY),
    ("withdraw solution", "/solutions/{solution_id}/withdraw", {"confirm": "y"}, NOBODY),
    (
        "withdraw in favour of another",
        "/solutions/{solution_id}/withdraw",
        lambda w: {"in_favour_of": str(w.survivor_id), "confirm": "y"},
        NOBODY,
    ),
    ("merge solutions", "/solutions/{solution_id}/merge", lambda w: merge_form(w) | {"confirm": "y"}, MERGERS),
    ("comment", "/solutions/{solution_id}/comments", {"body": "Un commento"}, CONTRIBUTORS),
    (
        "reply",
        "/solutions/{solution_id}/comments",
        lambda w: {"body": "Una risposta", "parent_id": str(w.comment_id)},
        CONTRIBUTORS,
    ),
    ("delete comment", "/comments/{comment_id}/delete", {"confirm": "y"}, NOBODY),
    ("edit comment", "/comments/{comment_id}/edit", {"body": "Un testo corretto"}, NOBODY),
    ("end all own sessions", "/account/sessions/end-all", {}, SIGNED_IN),
    (
        "edit own profile",
        "/account/profile",
        {"name": "Un nome nuovo", "language": "en", "kind": "business", "organisation_name": "Ditta"},
        SIGNED_IN - {"suspended"},  # the name stands next to the person's contributions
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
    ("remove partner", "/admin/labs/{lab_slug}/partners/{partner_id}/delete", {"confirm": "y"}, ADMINS),
    ("change role", "/admin/users/{author_id}/role", {"role": "moderator", "reason": "Nuovo moderatore"}, ADMINS),
    ("invite", "/admin/invitations", {"email": "nuovo@example.it", "role": "moderator"}, ADMINS),
    ("publish terms", "/admin/legal", LEGAL_FORM | {"document": "terms"}, ADMINS),
    ("publish privacy", "/admin/legal", LEGAL_FORM | {"document": "privacy"}, ADMINS),
    ("create page", "/admin/pages/new", PAGE_FORM, ADMINS),
    ("edit page", "/admin/pages/{page_slug}/edit", lambda w: PAGE_FORM | {"slug": w.page_slug}, ADMINS),
    ("hide", "/moderation/solutions/{solution_id}/hide", {"reason_code": "spam", "reason": "Pubblicità"}, MODERATORS),
    ("approve", "/moderation/solutions/{pending_id}/approve", {}, MODERATORS),
    (
        "reject",
        "/moderation/solutions/{pending_id}/reject",
        {"reason_code": "spam", "reason": "Pubblicità"},
        MODERATORS,
    ),
    (
        "suspend",
        "/moderation/users/{author_id}/suspend",
        {"reason_code": "spam", "reason": "Pubblicità", "confirm": "y"},
        MODERATORS,
    ),
    (
        "uphold appeal",
        "/moderation/appeals/{appeal_id}/uphold",
        {"reply": "La decisione resta.", "confirm": "y"},
        MODERATORS,
    ),
    (
        "overturn appeal",
        "/moderation/appeals/{appeal_id}/overturn",
        {"reply": "Hai ragione.", "confirm": "y"},
        MODERATORS,
    ),
    ("report a person", "/users/{author_id}/flag", {"reason": "spam", "detail": "Pubblicità"}, CONTRIBUTORS),
    ("vote on a solution", "/solutions/{solution_id}/vote", {"value": "1"}, CONTRIBUTORS),
    ("vote on a comment", "/comments/{comment_id}/vote", {"value": "-1"}, CONTRIBUTORS),
    ("attach to a challenge", "/challenges/{slug}/attachments", pdf_upload, MANAGERS),
    ("attach to a solution", "/solutions/{solution_id}/attachments", pdf_upload, NOBODY),
    ("remove a challenge's file", "/attachments/{challenge_attachment_id}/delete", {"confirm": "y"}, MANAGERS),
    ("invite a co-author", "/solutions/{solution_id}/coauthors", {"email": "nuova@example.it"}, NOBODY),
    ("remove a co-author", "/solutions/{solution_id}/coauthors/{coauthor_id}/remove", {"confirm": "y"}, NOBODY),
    ("re-send an invitation", "/solutions/{solution_id}/coauthors/invitations/{invitation_id}/resend", {}, NOBODY),
    ("cancel an invitation", "/solutions/{solution_id}/coauthors/invitations/{invitation_id}/cancel", {}, NOBODY),
    (
        "remove a solution's file",
        "/attachments/{attachment_id}/delete",
        {"confirm": "y", "reason_code": "spam", "reason": "Pubblicità"},
        MODERATORS,  # the author may too, without reasons
    ),
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
    ("edit comment form", "/comments/{comment_id}/edit", NOBODY),
    ("person", "/admin/users/{author_id}", ADMINS),
    ("invitations", "/admin/invitations", ADMINS),
    ("audit log", "/admin/log", ADMINS),
    ("terms and privacy versions", "/admin/legal", ADMINS),
    ("content pages", "/admin/pages", ADMINS),
    ("new content page", "/admin/pages/new", ADMINS),
    ("edit content page form", "/admin/pages/{page_slug}/edit", ADMINS),
    ("moderators' directory", "/moderation/users", MODERATORS),
    ("appeals", "/moderation/appeals", MODERATORS),
    ("moderators' account page", "/moderation/users/{author_id}", MODERATORS),
    ("staff workspace", "/administrations/{owner_slug}/dashboard", MANAGERS),
    ("messages to participants", "/challenges/{slug}/messages", MANAGERS),
    ("invited participants", "/challenges/{slug}/participants", MANAGERS),
    ("export csv", "/challenges/{slug}/export.csv", MANAGERS),
    ("export xlsx", "/challenges/{slug}/export.xlsx", MANAGERS),
    ("new lab meeting form", "/labs/{lab_slug}/meetings/new", MANAGERS),
    ("new challenge meeting form", "/challenges/{slug}/meetings/new", MANAGERS),
    ("edit meeting form", "/meetings/{meeting_id}/edit", MANAGERS),
    ("a meeting's registrations", "/meetings/{meeting_id}/registrations.csv", MANAGERS),
    ("meetings", "/meetings", set(ROLES)),
    ("a meeting", "/meetings/{meeting_id}", set(ROLES)),
    ("a meeting's calendar", "/meetings/{meeting_id}.ics", set(ROLES)),
    ("the meetings' calendar", "/meetings.ics", set(ROLES)),
    # Public: the same pages for everyone.
    ("privacy notice", "/pages/privacy", set(ROLES)),
    ("terms of use", "/pages/condizioni-d-uso", set(ROLES)),
    ("content page", "/pages/{page_slug}", set(ROLES)),
    ("embed page", "/challenges/{slug}/embed", set(ROLES)),
    ("personal area", "/account/activity", SIGNED_IN),  # each sees their own rows only
    ("personal area, one whole list", "/account/activity?show=comments", SIGNED_IN),
    ("own data as a ZIP", "/account/export.zip", SIGNED_IN),
    ("a challenge's files", "/challenges/{slug}/attachments", MANAGERS),
    ("a solution's files", "/solutions/{solution_id}/attachments", NOBODY),
    ("merge form", "/solutions/{solution_id}/merge", MERGERS),
    ("a solution's authors", "/solutions/{solution_id}/coauthors", NOBODY),
]


def build_shared_world() -> tuple[World, dict[str, int]]:
    """The items every case acts on, and one account per role (ids: each case reads them in its own session)."""
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
    world.pending_id = make_solution(challenge, author=author, status="pending").id
    world.survivor_id = make_solution(challenge, title="Una proposta simile, pubblicata prima").id
    appealed = make_comment(solution, author=author, body="Un commento nascosto e contestato.")
    moderation.hide(make_user(role="moderator"), appealed, "Sembrava pubblicità", "spam")
    world.appeal_id = file_appeal(author, moderation.latest_decision(appealed), "Non lo era.").id
    world.attachment_id = attachments.add_attachment(author, solution, attachments.Upload(io.BytesIO(PDF), "a.pdf")).id
    staff = make_user(role="staff", administration=owner)
    upload = attachments.Upload(io.BytesIO(PDF), "b.pdf")
    world.challenge_attachment_id = attachments.add_attachment(staff, challenge, upload).id
    world.meeting_id = make_meeting(lab, seats=5).id
    world.past_meeting_id = make_meeting(lab, starts_in=timedelta(days=-3)).id
    invited = Participant(
        challenge_id=challenge.id, email="invitata@example.it", invited_at=utcnow() - timedelta(hours=2)
    )
    db.session.add(invited)
    db.session.commit()
    world.participant_id = invited.id
    world.page_slug = create_page(audit.CLI_ACTOR, PageDetails("Pagina di prova", "pagina-di-prova", "Testo.")).slug
    coauthor = make_user()
    with current_app.test_request_context():
        add_coauthor(current_app, solution, coauthor)
        world.coauthorship_token = invite(current_app, solution, author, "invitata@example.it")
    world.coauthor_id = coauthor.id
    world.invitation_id = db.session.scalar(select(CoauthorInvitation.id).where(CoauthorInvitation.answer.is_(None)))
    return world, {role: make().id for role, make in accounts.items()}


# Built once for the module, inside its transaction; each case runs in a savepoint rolled back at its end.
_shared: dict[str, tuple[World, dict[str, int]]] = {}


@pytest.fixture(scope="module", autouse=True)
def shared_world(module_transaction):
    with module_transaction.app_context():
        _shared["world"] = build_shared_world()


def build_world(role: str) -> tuple[World, User | None]:
    """The module's world and the account of `role` (None for a visitor)."""
    world, accounts = _shared["world"]
    return replace(world), db.session.get(User, accounts[role]) if role != "visitor" else None


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
        rows(select(ContentPage.id, ContentPage.slug, ContentPage.title, ContentPage.body).order_by(ContentPage.id)),
        db.session.scalar(select(func.count()).select_from(ContentPageVersion)),
        db.session.scalar(select(func.count()).select_from(AuditEntry)),
        db.session.scalar(select(func.count()).select_from(OutboxEmail)),
        db.session.scalar(select(func.count()).select_from(Follow)),
        db.session.scalar(select(func.count()).select_from(SolutionFollow)),
        db.session.scalar(select(func.count()).select_from(SolutionRevision)),
        db.session.scalar(select(func.count()).select_from(CommentRevision)),
        db.session.scalar(select(func.count()).select_from(AuthSession)),
        rows(select(Appeal.id, Appeal.status).order_by(Appeal.id)),
        db.session.scalar(select(func.count()).select_from(UserFlag)),
        db.session.scalar(select(func.count()).select_from(ModerationAction)),
        db.session.scalar(select(func.count()).select_from(SolutionVote)),
        db.session.scalar(select(func.count()).select_from(CommentVote)),
        db.session.scalar(select(func.count()).select_from(Attachment)),
        rows(select(Meeting.id, Meeting.title, Meeting.starts_at, Meeting.minutes).order_by(Meeting.id)),
        rows(select(SolutionCoauthor.solution_id, SolutionCoauthor.user_id).order_by(SolutionCoauthor.user_id)),
        rows(select(CoauthorInvitation.id, CoauthorInvitation.sent_at, CoauthorInvitation.answer)),
        db.session.scalar(select(func.count()).select_from(MeetingRegistration)),
        rows(select(Participant.id, Participant.user_id, Participant.resend_count).order_by(Participant.id)),
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
            if name == "unregister from a meeting":
                db.session.add(MeetingRegistration(user_id=account.id, meeting_id=world.meeting_id))
                db.session.commit()
            if name == "unfollow solution":
                db.session.add(SolutionFollow(user_id=account.id, solution_id=world.solution_id))
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


# Actions that cannot be undone ask first: the first post (without confirm=y) changes nothing for anyone,
# shows the confirmation page to whoever may act, and refuses everyone else at once.
CONFIRMED_ROUTES = [
    ("change status", "/challenges/{slug}/status", {"status": "evaluation"}, MANAGERS),
    ("write to participants", "/challenges/{slug}/messages", MESSAGE_FORM, MANAGERS),
    ("remove a participant", "/challenges/{slug}/participants/{participant_id}/remove", {}, MANAGERS),
    ("withdraw solution", "/solutions/{solution_id}/withdraw", {}, NOBODY),
    ("merge solutions", "/solutions/{solution_id}/merge", merge_form, MERGERS),
    ("delete comment", "/comments/{comment_id}/delete", {}, NOBODY),
    ("remove a challenge's file", "/attachments/{challenge_attachment_id}/delete", {}, MANAGERS),
    ("remove a solution's file", "/attachments/{attachment_id}/delete", {}, MODERATORS),
    ("remove partner", "/admin/labs/{lab_slug}/partners/{partner_id}/delete", {}, ADMINS),
    ("unregister from a meeting", "/meetings/{meeting_id}/unregister", {}, SIGNED_IN),
    ("remove a co-author", "/solutions/{solution_id}/coauthors/{coauthor_id}/remove", {}, NOBODY),
    ("suspend", "/moderation/users/{author_id}/suspend", {"reason_code": "spam", "reason": "Pubblicità"}, MODERATORS),
    ("uphold appeal", "/moderation/appeals/{appeal_id}/uphold", {"reply": "La decisione resta."}, MODERATORS),
    ("overturn appeal", "/moderation/appeals/{appeal_id}/overturn", {"reply": "Hai ragione."}, MODERATORS),
    ("erase own account", "/account/delete", {"password": PASSWORD}, SIGNED_IN),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "path", "data", "allowed"), CONFIRMED_ROUTES, ids=[route[0] for route in CONFIRMED_ROUTES]
)
def test_first_step_of_a_confirmed_action(app, role, name, path, data, allowed):
    client = app.test_client()
    with app.app_context():
        world, account = build_world(role)
        if account is not None:
            login(client, account)
        before = snapshot()
    response = client.post(path.format(**vars(world)), data=data(world) if callable(data) else data)
    with app.app_context():
        assert snapshot() == before
    if role in allowed:
        assert response.status_code == 200 and 'name="confirm" value="y"' in response.get_data(as_text=True)
    elif role == "visitor":
        assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_a_comments_address_redirects_everyone_who_sees_its_solution(app, role):
    client = app.test_client()
    with app.app_context():
        world, account = build_world(role)
        if account is not None:
            login(client, account)
    response = client.get(f"/comments/{world.comment_id}")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/solutions/{world.solution_id}#comment-{world.comment_id}"


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
            lambda token: public_url_for("invitations.accept", token=token),
        ).token
        before = snapshot()
    response = client.post(
        f"/invitations/{token}",
        data={"name": "Invitato", "password": PASSWORD, "confirm": PASSWORD, "accept_terms": "y"},
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


@pytest.mark.parametrize("role", ROLES)
def test_unlinking_spid_touches_only_ones_own_account(app, role):
    """POST /auth/spid/unlink: signed-in accounts remove their own SPID/CIE link; visitors are sent to sign in."""
    client = app.test_client()
    with app.app_context():
        _, account = build_world(role)
        other = make_user(spid_fiscal_hash="e" * 64, spid_provider="spid")
        if account is not None:
            account.spid_fiscal_hash, account.spid_provider = "f" * 64, "cie"
            db.session.commit()
            login(client, account)
        other_id = other.id
    first = client.post("/auth/spid/unlink")
    with app.app_context():
        assert db.session.scalar(select(func.count()).where(User.spid_fiscal_hash.is_not(None))) == (
            1 if role == "visitor" else 2
        )
    if role != "visitor":
        assert first.status_code == 200 and 'name="confirm" value="y"' in first.get_data(as_text=True)
    response = client.post("/auth/spid/unlink", data={"confirm": "y"})
    with app.app_context():
        assert db.session.get(User, other_id).spid_fiscal_hash == "e" * 64
        linked = db.session.scalars(select(User.spid_fiscal_hash).where(User.spid_fiscal_hash.is_not(None))).all()
    if role == "visitor":
        assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
        assert linked == ["e" * 64]
    else:
        assert response.status_code == 303
        assert linked == ["e" * 64]  # its own link is gone, the other account's stays


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/auth/spid/metadata"),
        ("get", "/auth/cie/metadata"),
        ("get", "/auth/spid/login?idp=x"),
        ("get", "/auth/cie/login"),
        ("post", "/auth/spid/acs"),
        ("post", "/auth/cie/acs"),
    ],
)
def test_spid_routes_are_absent_while_spid_is_off(app, role, method, path):
    """With FLASK_SPID_ENABLED unset every SPID/CIE route answers 404 to everyone (tests/spid covers them on)."""
    client, _world = signed_in_as(app, role)
    assert getattr(client, method)(path).status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_single_logout_needs_a_message_or_the_form_token(csrf_app, role):
    """POST /auth/spid/slo without a SAML message is a sign-out, so it needs the form's CSRF token."""
    client, _world = signed_in_as(csrf_app, role)
    with csrf_app.app_context():
        before = snapshot()
    assert client.post("/auth/spid/slo").status_code == 400
    with csrf_app.app_context():
        assert snapshot() == before


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("kind", ["solution", "comment"])
def test_only_the_author_appeals_a_decision_on_their_item(app, role, kind):
    """POST /solutions/<id>/appeal and /comments/<id>/appeal: the author may; nobody else (404 or 403) changes anything."""
    client = app.test_client()
    with app.app_context():
        world, account = build_world(role)
        author = db.session.get(User, world.author_id)
        item = make_solution(author=author) if kind == "solution" else make_comment(author=author)
        moderation.hide(make_user(role="moderator"), item, "Pubblicità", "spam")
        if account is not None:
            login(client, account)
        author_client = app.test_client()
        login(author_client, author)
        before = snapshot()
        url = f"/{kind}s/{item.id}/appeal"
    response = client.post(url, data={"body": "Non era pubblicità."})
    with app.app_context():
        assert snapshot() == before
    if role == "visitor":
        assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    elif kind == "solution" and role not in MODERATORS:
        assert response.status_code == 404  # a hidden solution is the author's and the moderators' only
    else:
        assert response.status_code == 403
    assert author_client.post(url, data={"body": "Non era pubblicità."}).status_code == 303
    with app.app_context():
        assert snapshot() != before


@pytest.mark.parametrize("role", ROLES)
def test_only_the_suspended_person_appeals_their_suspension(app, role):
    """POST /account/appeal: a person with a suspension in force may, once; anyone else is refused."""
    client = app.test_client()
    with app.app_context():
        _world, account = build_world(role)
        if account is not None:
            if role == "suspended":
                suspend(make_user(role="moderator"), account, "Messaggi ripetuti", None, "spam")
            login(client, account)
        before = snapshot()
    response = client.post("/account/appeal", data={"body": "Chiedo di rivedere la decisione."})
    with app.app_context():
        after = snapshot()
    if role == "suspended":
        assert response.status_code == 303 and after != before
    elif role == "visitor":
        assert response.status_code == 302 and after == before
    else:
        assert response.status_code == 403 and after == before


@pytest.mark.parametrize("role", ["moderator", "admin"])
def test_the_decider_of_a_decision_cannot_decide_its_appeal(app, role):
    client = app.test_client()
    with app.app_context():
        decider = make_user(role=role)
        author = make_user()
        solution = make_solution(author=author)
        moderation.hide(decider, solution, "Pubblicità", "spam")
        appeal_id = file_appeal(author, moderation.latest_decision(solution), "Non lo era.").id
        login(client, decider)
        before = snapshot()
    for verb in ("uphold", "overturn"):
        assert client.post(f"/moderation/appeals/{appeal_id}/{verb}", data={"reply": "Decido io"}).status_code == 403
    with app.app_context():
        assert snapshot() == before


# Evaluation (issue 18): its routes, tried in the challenge state each needs, as every kind of account,
# with evaluators of this challenge and of another one; the routes of jurors after the close.
EVALUATION_ROLES = (
    "visitor",
    "citizen",
    "suspended",
    "owner_staff",
    "other_staff",
    "admin",
    "evaluator",
    "other_evaluator",
)
EVALUATOR = {"evaluator"}


@dataclass
class EvaluationWorld:
    slug: str
    solution_id: int
    other_solution_id: int
    criterion_id: int
    spare_evaluator_id: int
    award_id: int
    milestone_id: int
    criteria: list


def build_evaluation_world(role: str, status: str) -> tuple[EvaluationWorld, object]:
    from challenge.evaluation.setup import ensure_default_criteria
    from challenge.models import Award, EvaluationCriterion, Evaluator, Milestone

    owner = make_administration()
    challenge = make_challenge(owner, status="open")
    awarded = make_solution(challenge)
    other = make_solution(challenge)
    ensure_default_criteria(challenge)
    evaluator = make_user()
    elsewhere = make_challenge(status=status)
    other_evaluator = make_user()
    spare = make_user()
    db.session.add_all(
        [
            Evaluator(challenge_id=challenge.id, email=evaluator.email, user_id=evaluator.id),
            Evaluator(challenge_id=challenge.id, email=spare.email, user_id=spare.id),
            Evaluator(challenge_id=elsewhere.id, email=other_evaluator.email, user_id=other_evaluator.id),
        ]
    )
    award = Award(challenge_id=challenge.id, solution_id=awarded.id, place="1", motivation="La migliore")
    db.session.add(award)
    db.session.flush()
    milestone = Milestone(solution_id=awarded.id, title="Avvio", due_on=in_days(30), status="planned")
    db.session.add(milestone)
    challenge.status = status
    awarded.award_place = "1" if status == "closed" else None
    db.session.commit()
    criteria = list(db.session.scalars(select(EvaluationCriterion.id).order_by(EvaluationCriterion.id)))
    spare_id = db.session.scalar(select(Evaluator.id).where(Evaluator.user_id == spare.id))
    world = EvaluationWorld(
        challenge.slug, awarded.id, other.id, criteria[0], spare_id, award.id, milestone.id, criteria
    )
    accounts = {
        "citizen": make_user,
        "suspended": make_suspended_user,
        "owner_staff": lambda: make_user(role="staff", administration=owner),
        "other_staff": lambda: make_user(role="staff"),
        "admin": lambda: make_user(role="admin"),
        "evaluator": lambda: evaluator,
        "other_evaluator": lambda: other_evaluator,
    }
    return world, accounts[role]() if role != "visitor" else None


def evaluation_snapshot() -> tuple:
    from challenge.models import Award, EvaluationCriterion, EvaluationNote, EvaluationScore, Evaluator, Milestone

    def rows(statement):
        return tuple(tuple(row) for row in db.session.execute(statement))

    return (
        rows(select(Challenge.id, Challenge.popular_weight).order_by(Challenge.id)),
        rows(select(EvaluationCriterion.id, EvaluationCriterion.weight).order_by(EvaluationCriterion.id)),
        rows(select(Evaluator.id, Evaluator.user_id).order_by(Evaluator.id)),
        rows(select(EvaluationScore.id, EvaluationScore.value).order_by(EvaluationScore.id)),
        rows(select(EvaluationNote.id, EvaluationNote.body).order_by(EvaluationNote.id)),
        rows(select(Award.id, Award.place).order_by(Award.id)),
        rows(select(Milestone.id, Milestone.title, Milestone.status).order_by(Milestone.id)),
        db.session.scalar(select(func.count()).select_from(Invitation)),
    )


def scores(world: EvaluationWorld) -> dict:
    return {**{f"score_{criterion}": "4" for criterion in world.criteria}, "note": "Nota"}


MILESTONE_FORM = {"title": "Collaudo", "date": "2027-05-01", "status": "done", "progress": "100", "body": ""}

# (name, path template, form data, the challenge's status, roles allowed)
EVALUATION_ROUTES = [
    ("popular weight", "/challenges/{slug}/evaluation", {"popular_weight": "30"}, "open", MANAGERS),
    ("popular weight once evaluating", "/challenges/{slug}/evaluation", {"popular_weight": "30"}, "evaluation", NOBODY),
    ("add criterion", "/challenges/{slug}/criteria", {"name": "Replicabilità", "weight": "2"}, "draft", MANAGERS),
    ("delete criterion", "/challenges/{slug}/criteria/{criterion_id}/delete", {"confirm": "y"}, "open", MANAGERS),
    ("default criteria when some exist", "/challenges/{slug}/criteria/defaults", {}, "open", NOBODY),
    ("add evaluator", "/challenges/{slug}/evaluators", {"email": "giurato@partner.example"}, "open", MANAGERS),
    (
        "remove evaluator",
        "/challenges/{slug}/evaluators/{spare_evaluator_id}/remove",
        {"confirm": "y"},
        "open",
        MANAGERS,
    ),
    ("score", "/solutions/{solution_id}/evaluation", scores, "evaluation", EVALUATOR),
    ("score before evaluation", "/solutions/{solution_id}/evaluation", scores, "open", NOBODY),
    ("score after close", "/solutions/{solution_id}/evaluation", scores, "closed", NOBODY),
    (
        "award",
        "/challenges/{slug}/awards",
        lambda w: {"solution_id": str(w.other_solution_id), "place": "2", "motivation": "Seconda"},
        "evaluation",
        MANAGERS,
    ),
    ("delete award", "/challenges/{slug}/awards/{award_id}/delete", {"confirm": "y"}, "evaluation", MANAGERS),
    ("delete award after close", "/challenges/{slug}/awards/{award_id}/delete", {"confirm": "y"}, "closed", NOBODY),
    ("add milestone", "/solutions/{solution_id}/milestones", MILESTONE_FORM, "closed", MANAGERS),
    ("add milestone before close", "/solutions/{solution_id}/milestones", MILESTONE_FORM, "evaluation", NOBODY),
    ("edit milestone", "/milestones/{milestone_id}/edit", MILESTONE_FORM, "closed", MANAGERS),
    ("delete milestone", "/milestones/{milestone_id}/delete", {"confirm": "y"}, "closed", MANAGERS),
]


@pytest.mark.parametrize("role", EVALUATION_ROLES)
@pytest.mark.parametrize(
    ("name", "path", "data", "status", "allowed"), EVALUATION_ROUTES, ids=[route[0] for route in EVALUATION_ROUTES]
)
def test_evaluation_write_route(app, role, name, path, data, status, allowed):
    client = app.test_client()
    with app.app_context():
        world, account = build_evaluation_world(role, status)
        if account is not None:
            login(client, account)
        before = evaluation_snapshot()
    response = client.post(path.format(**vars(world)), data=data(world) if callable(data) else data)
    with app.app_context():
        after = evaluation_snapshot()
    if role in allowed:
        assert response.status_code in (302, 303), response.get_data(as_text=True)[:500]
        assert "/auth/login" not in response.headers["Location"]
        assert after != before
    else:
        if role == "visitor":
            assert response.status_code == 302
            assert "/auth/login" in response.headers["Location"]
        elif status == "draft" and role not in MANAGERS:
            assert response.status_code == 404  # a draft is not there for them
        else:
            assert response.status_code == 403, response.get_data(as_text=True)[:500]
        assert after == before


# (name, path template, the challenge's status, roles allowed): pages that show what only some may see
EVALUATION_READ_ROUTES = [
    ("evaluation set-up", "/challenges/{slug}/evaluation", "open", MANAGERS),
    ("results", "/challenges/{slug}/results", "evaluation", MANAGERS),
    ("results after close", "/challenges/{slug}/results", "closed", MANAGERS),
    ("scoring page", "/solutions/{solution_id}/evaluation", "evaluation", EVALUATOR),
    ("scoring page after close", "/solutions/{solution_id}/evaluation", "closed", EVALUATOR),
    ("evaluator inbox", "/evaluations", "evaluation", set(EVALUATION_ROLES) - {"visitor"}),
]


# The evaluation's actions that cannot be undone ask first, as CONFIRMED_ROUTES do.
EVALUATION_CONFIRMED_ROUTES = [
    (name, path, status, allowed)
    for name, path, data, status, allowed in EVALUATION_ROUTES
    if isinstance(data, dict) and data.get("confirm") == "y"
]


@pytest.mark.parametrize("role", EVALUATION_ROLES)
@pytest.mark.parametrize(
    ("name", "path", "status", "allowed"),
    EVALUATION_CONFIRMED_ROUTES,
    ids=[route[0] for route in EVALUATION_CONFIRMED_ROUTES],
)
def test_first_step_of_a_confirmed_evaluation_action(app, role, name, path, status, allowed):
    client = app.test_client()
    with app.app_context():
        world, account = build_evaluation_world(role, status)
        if account is not None:
            login(client, account)
        before = evaluation_snapshot()
    response = client.post(path.format(**vars(world)))
    with app.app_context():
        assert evaluation_snapshot() == before
    if role in allowed:
        assert response.status_code == 200 and 'name="confirm" value="y"' in response.get_data(as_text=True)
    elif role == "visitor":
        assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role", EVALUATION_ROLES)
@pytest.mark.parametrize(
    ("name", "path", "status", "allowed"), EVALUATION_READ_ROUTES, ids=[route[0] for route in EVALUATION_READ_ROUTES]
)
def test_evaluation_read_route(app, role, name, path, status, allowed):
    client = app.test_client()
    with app.app_context():
        world, account = build_evaluation_world(role, status)
        if account is not None:
            login(client, account)
    response = client.get(path.format(**vars(world)))
    if role in allowed:
        assert response.status_code == 200
    elif role == "visitor":
        assert response.status_code == 302
        assert "/auth/login" in response.headers["Location"]
    else:
        assert response.status_code == 403


def test_a_juror_after_the_close_reads_but_cannot_change_the_scores(app):
    client = app.test_client()
    with app.app_context():
        world, juror = build_evaluation_world("evaluator", "closed")
        login(client, juror)
    page = client.get(f"/solutions/{world.solution_id}/evaluation").get_data(as_text=True)
    assert "solo mentre la sfida è in valutazione" in page
    assert '<form method="post" novalidate>' not in page


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("answer", ["accept", "decline"])
def test_a_coauthorship_link_answers_only_for_its_address(app, role, answer):
    """GET/POST /coauthorships/<token>: every signed-in account but the invited address's is refused (403) and
    changes nothing; a visitor may decline (the link reached the address) or must create the address's account."""
    client = app.test_client()
    with app.app_context():
        world, account = build_world(role)
        if account is not None:
            login(client, account)
        before = snapshot()
    url = f"/coauthorships/{world.coauthorship_token}"
    assert client.get(url).status_code == (200 if account is None else 403)
    response = client.post(url, data={"answer": answer})
    with app.app_context():
        after = snapshot()
    if account is not None:
        assert response.status_code == 403 and after == before
    elif answer == "accept":  # without the new account's fields: the form again, nothing changed
        assert response.status_code == 422 and after == before
    else:
        assert response.status_code == 303 and after != before
