"""Content that not everyone may see reaches no channel of those who may not: a published solution on a
draft challenge and its comments; an invited or an internal challenge and everything that belongs to it."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pytest
from flask_login import AnonymousUserMixin
from sqlalchemy import select

from challenge.attachments import service as attachments
from challenge.challenges.service import visible_challenges
from challenge.core.extensions import db
from challenge.core.recount import recount
from challenge.core.visibility import can_view_challenge, people_who_see
from challenge.models import VISIBILITIES, Challenge, Solution, User
from challenge.votes.service import vote_on_comment, vote_on_solution
from tests.attachments.samples import PDF
from tests.factories import (
    login,
    make_administration,
    make_challenge,
    make_comment,
    make_meeting,
    make_participant,
    make_solution,
    make_suspended_user,
    make_user,
)

SECRET = "Zanzarielloquadro"  # one word, so search can look for it

PUBLIC_CHANNELS = [
    "/",
    "/leaderboards?period=30d",
    "/leaderboards?period=12m",
    "/leaderboards?period=all",
    "/api/v1/leaderboards?period=30d",
    "/api/v1/leaderboards?period=all",
    "/api/v1/solutions",
    "/api/v1/stats",
    "/feeds/solutions.atom",
    "/export/solutions.csv",
    f"/search?q={SECRET}",
]


MARKS = [f"Proposta {SECRET}", f"Testo {SECRET}", f"Autrice {SECRET}", f"Commentatore {SECRET}", f"Commento {SECRET}"]


def voted_content(challenge) -> None:
    """A solution and a comment with votes, by authors whose names carry SECRET."""
    solution = make_solution(
        challenge, make_user(name=f"Autrice {SECRET}"), title=f"Proposta {SECRET}", body=f"Testo {SECRET}"
    )
    comment = make_comment(solution, make_user(name=f"Commentatore {SECRET}"), body=f"Commento {SECRET}")
    for _ in range(2):
        vote_on_solution(make_user(), solution, 1)
        vote_on_comment(make_user(), comment, 1)


@pytest.fixture
def hidden_in_a_draft(app):
    """Voted content on a challenge that is then a draft, with every counter rebuilt from the rows."""
    with app.app_context():
        challenge = make_challenge()
        voted_content(challenge)
        challenge.status = "draft"
        db.session.commit()
        recount()
    return app


@pytest.mark.parametrize("url", PUBLIC_CHANNELS)
def test_content_of_a_draft_challenge_is_in_no_public_channel(hidden_in_a_draft, url):
    response = hidden_in_a_draft.test_client().get(url)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert [mark for mark in MARKS if mark in page] == []
    assert "<mark>" not in page


def test_the_same_content_shows_once_the_challenge_is_public(app):
    """The check above would pass on an empty site: prove the channels show such content."""
    with app.app_context():
        voted_content(make_challenge())
    client = app.test_client()
    assert f"Commentatore {SECRET}" in client.get("/leaderboards?period=30d").get_data(as_text=True)
    assert f"Proposta {SECRET}" in client.get("/api/v1/solutions").get_data(as_text=True)
    assert "<mark>" in client.get(f"/search?q={SECRET}").get_data(as_text=True)


# Private challenges (issue 31): invited and internal ones reach no channel of who may not see them.

CHANNELS_WITH_LISTS = [
    *PUBLIC_CHANNELS,
    "/challenges",
    "/challenges?status=open",
    "/administrations",
    "/api/v1/challenges",
    "/export/challenges.csv",
    "/meetings",
    "/meetings.ics",
]
# The pages of the challenge and of what belongs to it: 404 to whoever may not see it.
OWN_PAGES = [
    "/challenges/{slug}",
    "/challenges/{slug}/feed.atom",
    "/challenges/{slug}/embed",
    "/challenges/{slug}/solutions/similar?title=Proposta",
    "/meetings?challenge={slug}",
    "/solutions/{solution_id}",
    "/comments/{comment_id}",
    "/api/v1/challenges/{slug}",
    "/api/v1/solutions/{solution_id}",
    "/api/v1/solutions/{solution_id}/comments",
    "/meetings/{meeting_id}",
    "/meetings/{meeting_id}.ics",
    "/attachments/{attachment_id}/bando.pdf",
]


def private_marks(visibility: str) -> list[str]:
    """What carries the secret of one private world: each world has its own, as a reader may see the other."""
    secret = secret_of(visibility)
    words = ("Proposta", "Testo", "Autrice", "Commentatore", "Commento", "Sfida", "Incontro", "Documento")
    return [*(f"{word} {secret}" for word in words), f"riservata-{secret.lower()}"]


def secret_of(visibility: str) -> str:
    return f"{SECRET}{visibility.capitalize()}"


READERS = ("anonymous", "citizen", "other_staff")


def seers(visibility: str) -> set[str]:
    return {"owner_staff", "admin"} | ({"participant", "moderator"} if visibility == "invited" else set())


KINDS_OF_READER = [*READERS, "participant", "owner_staff", "moderator", "admin"]
NOT_SEEING = [(v, r) for v in ("invited", "internal") for r in KINDS_OF_READER if r not in seers(v)]
SEEING = [(v, r) for v in ("invited", "internal") for r in KINDS_OF_READER if r in seers(v)]


@dataclass
class PrivateWorld:
    slug: str
    solution_id: int
    comment_id: int
    meeting_id: int
    attachment_id: int
    administration_slug: str
    accounts: dict[str, int]
    contributors: tuple[int, int]  # the author and the commenter, whose public profiles show public content only


def build_private_world(visibility: str) -> PrivateWorld:
    """A private challenge whose title, solution, comment, meeting and names carry SECRET, with votes; one
    account per kind of reader; counters kept by the services, which a recount must find right."""
    owner, secret = make_administration(), secret_of(visibility)
    challenge = make_challenge(
        owner, title=f"Sfida {secret} per pochi", slug=f"riservata-{secret.lower()}-{visibility}"
    )
    challenge.visibility = visibility
    db.session.commit()
    participant = make_participant(challenge)
    author = make_participant(challenge, make_user(name=f"Autrice {secret}"))
    solution = make_solution(challenge, author, title=f"Proposta {secret}", body=f"Testo {secret}")
    commenter = make_participant(challenge, make_user(name=f"Commentatore {secret}"))
    comment = make_comment(solution, commenter, body=f"Commento {secret}", body_html=f"<p>Commento {secret}</p>")
    for _ in range(2):
        voter = make_participant(challenge)
        vote_on_solution(voter, solution, 1)
        vote_on_comment(voter, comment, 1)
    staff = make_user(role="staff", administration=owner)
    upload = attachments.Upload(io.BytesIO(PDF), "bando.pdf", title=f"Documento {secret}")
    attachment = attachments.add_attachment(staff, challenge, upload)
    meeting = make_meeting(challenge=challenge, title=f"Incontro {secret}")
    assert recount() == []
    accounts = {
        "citizen": make_user().id,
        "other_staff": make_user(role="staff").id,
        "participant": participant.id,
        "owner_staff": staff.id,
        "moderator": make_user(role="moderator").id,
        "admin": make_user(role="admin").id,
    }
    contributors = (author.id, commenter.id)
    return PrivateWorld(
        challenge.slug, solution.id, comment.id, meeting.id, attachment.id, owner.slug, accounts, contributors
    )


_private: dict[str, PrivateWorld] = {}


@pytest.fixture(scope="module", autouse=True)
def private_worlds(module_transaction):
    with module_transaction.app_context():
        for visibility in ("invited", "internal"):
            _private[visibility] = build_private_world(visibility)
    return module_transaction


def client_of(app, world: PrivateWorld, reader: str):
    client = app.test_client()
    if reader != "anonymous":
        with app.app_context():
            login(client, db.session.get(User, world.accounts[reader]))
    return client


@pytest.mark.parametrize(("visibility", "reader"), NOT_SEEING)
@pytest.mark.parametrize("url", [*CHANNELS_WITH_LISTS, "/administrations/{administration_slug}"])
def test_a_private_challenge_is_in_no_channel_of_who_may_not_see_it(private_worlds, app, visibility, reader, url):
    world = _private[visibility]
    response = client_of(app, world, reader).get(url.format(**vars(world)))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert [mark for mark in private_marks(visibility) if mark in page] == []


@pytest.mark.parametrize(("visibility", "reader"), NOT_SEEING)
@pytest.mark.parametrize("url", OWN_PAGES)
def test_its_pages_are_404_to_who_may_not_see_it(private_worlds, app, visibility, reader, url):
    response = client_of(app, _private[visibility], reader).get(url.format(**vars(_private[visibility])))
    assert response.status_code == 404


@pytest.mark.parametrize(("visibility", "reader"), SEEING)
def test_who_sees_it_sees_all_of_it(private_worlds, app, visibility, reader):
    world, secret = _private[visibility], secret_of(visibility)
    client = client_of(app, world, reader)
    challenge_page = client.get(f"/challenges/{world.slug}").get_data(as_text=True)
    assert f"Proposta {secret}" in challenge_page
    assert ("Riservata ai partecipanti invitati" if visibility == "invited" else "Interna") in challenge_page
    assert f"Commentatore {secret}" in client.get(f"/solutions/{world.solution_id}").get_data(as_text=True)
    assert client.get(f"/comments/{world.comment_id}").status_code == 302
    assert client.get(f"/meetings/{world.meeting_id}").status_code == 200
    assert client.get(f"/attachments/{world.attachment_id}/bando.pdf").status_code == 200
    assert client.get(f"/challenges/{world.slug}/feed.atom").status_code == 200
    # Per reader, never from the shared cache: the signed-in list and the personal area.
    assert f"Sfida {secret}" in client.get("/challenges").get_data(as_text=True)
    assert f"Sfida {secret}" in client.get("/account/activity").get_data(as_text=True)
    # Open data stays public-only, even for who sees the challenge.
    assert client.get(f"/api/v1/challenges/{world.slug}").status_code == 404
    assert client.get(f"/challenges/{world.slug}/embed").status_code == 404


@pytest.mark.parametrize("visibility", ["invited", "internal"])
def test_its_page_shows_its_own_numbers(private_worlds, app, visibility):
    """Public aggregates leave it out, but its own counters count what its readers see there."""
    world = _private[visibility]
    with app.app_context():
        challenge = db.session.scalar(select(Challenge).where(Challenge.slug == world.slug))
        solution = db.session.get(Solution, world.solution_id)
        assert (challenge.solution_count, challenge.comment_count) == (1, 1)
        assert (solution.votes_up, solution.comment_count) == (2, 1)
        assert (challenge.administration.solution_count, challenge.administration.comment_count) == (0, 0)
        assert solution.author.vote_balance == 0


@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("status", ["draft", "open", "closed"])
def test_the_rule_in_python_and_in_sql_agree_for_every_role(app, visibility, status):
    with app.app_context():
        owner = make_administration()
        challenge = make_challenge(owner, visibility=visibility, status=status)
        people = {
            "anonymous": AnonymousUserMixin(),
            "citizen": make_user(),
            "suspended": make_participant(challenge, make_suspended_user()),
            "participant": make_participant(challenge),
            "invited_only": make_participant(challenge, accepted_at=None, user_id=None),
            "other_staff": make_user(role="staff"),
            "owner_staff": make_user(role="staff", administration=owner),
            "moderator": make_user(role="moderator"),
            "admin": make_user(role="admin"),
        }
        for role, person in people.items():
            in_python = can_view_challenge(person, challenge)
            in_sql = challenge.id in db.session.scalars(visible_challenges(person).with_only_columns(Challenge.id))
            reached = (
                person.is_authenticated
                and db.session.scalar(select(User.id).where(User.id == person.id, people_who_see(challenge)))
                is not None
            )
            assert in_python == in_sql, role
            assert reached == (in_python and person.is_authenticated), role
        expected = {
            "public": status != "draft",
            "invited": False,
            "internal": False,
        }[visibility]
        assert can_view_challenge(people["citizen"], challenge) == expected
        assert can_view_challenge(people["participant"], challenge) == (status != "draft" and visibility != "internal")
        assert can_view_challenge(people["owner_staff"], challenge)
        assert can_view_challenge(people["moderator"], challenge) == (status != "draft" and visibility != "internal")


@pytest.mark.parametrize("visibility", ["invited", "internal"])
def test_public_profiles_show_no_private_contribution(private_worlds, app, visibility):
    world, secret = _private[visibility], secret_of(visibility)
    for person_id in world.contributors:
        page = app.test_client().get(f"/users/{person_id}").get_data(as_text=True)
        assert f"Proposta {secret}" not in page and f"Commento {secret}" not in page
        assert ("Autrice" in page) or ("Commentatore" in page)  # the profile itself is public
