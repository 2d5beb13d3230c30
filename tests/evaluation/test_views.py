"""Evaluation pages: set-up, juror invitations, scoring, results, awards, published results, follow-through."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from challenge.extensions import db
from challenge.models import (
    Award,
    Challenge,
    EvaluationCriterion,
    EvaluationNote,
    EvaluationScore,
    Evaluator,
    Follow,
    Invitation,
    Milestone,
    Notification,
    OfficialResponse,
    OutboxEmail,
    Solution,
)
from tests.factories import login, make_administration, make_challenge, make_solution, make_user


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def setup_world(app, status="open"):
    with app.app_context():
        owner = make_administration()
        staff = make_user(role="staff", administration=owner)
        colleague = make_user(role="staff", administration=owner)
        challenge = make_challenge(owner, status=status)
        first = make_solution(challenge, title="Prima proposta per lo sportello")
        second = make_solution(challenge, title="Seconda proposta per lo sportello")
        return {
            "staff": staff,
            "colleague": colleague,
            "colleague_email": colleague.email,
            "colleague_id": colleague.id,
            "slug": challenge.slug,
            "challenge_id": challenge.id,
            "solutions": [first.id, second.id],
        }


def test_staff_set_up_criteria_weight_and_evaluators(app):
    world = setup_world(app)
    client = app.test_client()
    with app.app_context():
        login(client, world["staff"])
    slug = world["slug"]
    assert client.get(f"/challenges/{slug}/evaluation").status_code == 200
    response = client.post(f"/challenges/{slug}/evaluation", data={"popular_weight": "20"})
    assert response.status_code == 303
    with app.app_context():
        assert db.session.get(Challenge, world["challenge_id"]).popular_weight == 20
        names = db.session.scalars(select(EvaluationCriterion.name).order_by(EvaluationCriterion.id)).all()
        assert names == ["Impatto", "Fattibilità", "Costi", "Innovazione", "Sostenibilità"]
    response = client.post(
        f"/challenges/{slug}/criteria", data={"name": "Replicabilità", "description": "Altrove?", "weight": "3"}
    )
    assert response.status_code == 303
    assert client.post(f"/challenges/{slug}/evaluation", data={"popular_weight": "60"}).status_code == 422
    assert client.post(f"/challenges/{slug}/criteria", data={"name": "", "weight": "3"}).status_code == 422
    with app.app_context():
        assert db.session.get(Challenge, world["challenge_id"]).popular_weight == 20
        assert count(EvaluationCriterion) == 6
        criterion_id = db.session.scalar(select(EvaluationCriterion.id).where(EvaluationCriterion.name == "Costi"))
    assert client.post(f"/challenges/{slug}/criteria/{criterion_id}/delete").status_code == 303
    response = client.post(f"/challenges/{slug}/evaluators", data={"email": world["colleague_email"]})
    assert response.status_code == 303
    response = client.post(f"/challenges/{slug}/evaluators", data={"email": "giurata@partner.example"})
    assert response.status_code == 303
    again = client.post(f"/challenges/{slug}/evaluators", data={"email": "GIURATA@partner.example"})
    assert again.status_code == 422
    assert "valuta già" in again.get_data(as_text=True)
    with app.app_context():
        assert count(EvaluationCriterion) == 5
        assert count(Evaluator) == 2
        assert count(Evaluator, Evaluator.user_id == world["colleague_id"]) == 1
        invitation = db.session.scalar(select(Invitation))
        assert (invitation.role, invitation.challenge_id, invitation.email) == (
            "juror",
            world["challenge_id"],
            "giurata@partner.example",
        )
        mail = db.session.scalar(select(OutboxEmail).where(OutboxEmail.recipient == "giurata@partner.example"))
        assert "/invitations/" in mail.body


def juror_link(app) -> str:
    with app.app_context():
        body = db.session.scalar(select(OutboxEmail.body).order_by(OutboxEmail.id.desc()))
    return re.search(r"(/invitations/[\w-]+)", body).group(1)


def test_an_invited_juror_creates_an_account_and_sees_only_their_challenge(app):
    world = setup_world(app)
    client = app.test_client()
    with app.app_context():
        login(client, world["staff"])
        other_slug = make_challenge(status="evaluation").slug
    client.post(f"/challenges/{world['slug']}/evaluators", data={"email": "giurata@partner.example"})
    juror = app.test_client()
    response = juror.post(juror_link(app), data={"name": "Giurata Esterna", "password": "una-password-lunga-9", "confirm": "una-password-lunga-9", "accept_terms": "y"})
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    with app.app_context():
        evaluator = db.session.scalar(select(Evaluator))
        assert evaluator.user is not None and evaluator.user.role == "citizen"
    page = juror.get("/evaluations").get_data(as_text=True)
    assert world["slug"] in page
    assert other_slug not in page
