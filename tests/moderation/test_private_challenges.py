"""Moderators see the content of the challenges they may see: an internal challenge's is for admins alone."""

from __future__ import annotations

import pytest

from challenge.core.extensions import db
from challenge.models import User
from tests.factories import login, make_challenge, make_comment, make_solution, make_user


@pytest.mark.parametrize(("visibility", "moderator_sees"), [("invited", True), ("internal", False)])
def test_the_queue_shows_a_private_challenges_items_to_who_sees_it(app, visibility, moderator_sees):
    with app.app_context():
        challenge = make_challenge(visibility=visibility)
        make_solution(challenge, title="Proposta in attesa riservata", status="pending")
        flagged = make_solution(challenge, title="Proposta segnalata riservata", open_flag_count=1)
        make_comment(
            flagged, body="Commento in attesa", body_html="<p>Commento in attesa riservato</p>", status="pending"
        )
        accounts = {role: make_user(role=role).id for role in ("moderator", "admin")}
    for role, sees in (("moderator", moderator_sees), ("admin", True)):
        client = app.test_client()
        with app.app_context():
            login(client, db.session.get(User, accounts[role]))
        page = client.get("/moderation").get_data(as_text=True)
        assert ("Proposta in attesa riservata" in page) == sees, role
        assert ("Proposta segnalata riservata" in page) == sees, role
