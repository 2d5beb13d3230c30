"""Every author is shown and told: feeds, the moderators' page of a person, responses and moderation notices."""

from __future__ import annotations

from sqlalchemy import select

from challenge.coauthors import service
from challenge.core.extensions import db
from challenge.models import Notification
from challenge.moderation.decisions import hide
from challenge.solutions.responses import respond
from tests.coauthors.helpers import add_coauthor, invite
from tests.factories import login, make_solution, make_user


def test_the_feed_names_the_organisation_and_every_author(app, client):
    with app.app_context():
        marco = make_user(name="Marco Rossi", kind="association", organisation_name="Ferrara in Bici APS")
        solution = make_solution(author=marco, as_organisation=True)
        add_coauthor(app, solution, make_user(name="Anna Bianchi"))
    feed = client.get("/feeds/solutions.atom").get_data(as_text=True)
    assert (
        "<author><name>Ferrara in Bici APS</name></author>"
        "\n    <author><name>Marco Rossi</name></author>"
        "\n    <author><name>Anna Bianchi</name></author>"
    ) in feed


def test_the_moderators_page_of_a_person_lists_what_they_coauthor(app, client):
    with app.app_context():
        solution = make_solution(title="Orti condivisi nei cortili")
        anna = make_user()
        add_coauthor(app, solution, anna)
        login(client, make_user(role="moderator"))
        anna_id = anna.id
    assert "Orti condivisi nei cortili" in client.get(f"/moderation/users/{anna_id}").get_data(as_text=True)


def test_every_author_hears_of_the_response_and_of_moderation(app):
    with app.app_context():
        solution = make_solution()
        anna = make_user()
        add_coauthor(app, solution, anna)
        staff = make_user(role="staff", administration_id=solution.challenge.administration_id)
        respond(staff, solution, "accepted", "Accolta.")
        hide(make_user(role="moderator"), solution, "Dati personali", "personal_data")
        told = db.session.execute(
            select(Notification.kind, Notification.user_id).order_by(Notification.kind, Notification.user_id)
        ).all()
        authors = sorted([solution.author_id, anna.id])
        assert [tuple(row) for row in told] == [("moderation", a) for a in authors] + [("response", a) for a in authors]


def test_a_coauthor_joining_refreshes_the_solution_and_its_challenge_not_everything(app):
    from challenge.cache_scopes import CONTENT, challenge_scope, solution_scope

    from tests.test_cache_invalidation import _bumped_by

    with app.app_context():
        solution = make_solution()
        anna = make_user(email="anna@example.it")
        tokens = []
        invitation_scopes = _bumped_by(lambda: tokens.append(invite(app, solution, solution.author, anna.email)))
        assert invitation_scopes == set()  # pending invitations show on no shared page
        bumped = _bumped_by(lambda: service.accept_invitation(service.find_invitation(tokens[0]), anna))
        assert {solution_scope(solution.id), challenge_scope(solution.challenge.slug), CONTENT} <= bumped
        assert "generation" not in bumped
