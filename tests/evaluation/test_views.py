"""Evaluation pages: set-up, juror invitations, scoring, results, awards, published results, follow-through."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from challenge.core.extensions import db
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
    User,
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
        assert count(EvaluationCriterion) == 0  # saving the weight creates no criterion
    assert "Usa i criteri predefiniti" in client.get(f"/challenges/{slug}/evaluation").get_data(as_text=True)
    response = client.post(
        f"/challenges/{slug}/criteria", data={"name": "Fattibilità", "description": "Si può fare?", "weight": "3"}
    )
    assert response.status_code == 303
    assert client.post(f"/challenges/{slug}/evaluation", data={"popular_weight": "60"}).status_code == 422
    assert client.post(f"/challenges/{slug}/criteria", data={"name": "", "weight": "3"}).status_code == 422
    assert client.post(f"/challenges/{slug}/criteria/defaults").status_code == 403  # one criterion exists already
    page = client.get(f"/challenges/{slug}/evaluation").get_data(as_text=True)
    assert "Usa i criteri predefiniti" not in page
    with app.app_context():
        assert db.session.get(Challenge, world["challenge_id"]).popular_weight == 20
        assert db.session.scalars(select(EvaluationCriterion.name)).all() == ["Fattibilità"]
        criterion_id = db.session.scalar(select(EvaluationCriterion.id))
    assert client.post(f"/challenges/{slug}/criteria/{criterion_id}/delete", data={"confirm": "y"}).status_code == 303
    assert client.post(f"/challenges/{slug}/criteria/defaults").status_code == 303
    assert client.post(f"/challenges/{slug}/criteria/defaults").status_code == 403  # never a second set
    with app.app_context():
        names = db.session.scalars(select(EvaluationCriterion.name).order_by(EvaluationCriterion.id)).all()
        assert names == ["Impatto", "Fattibilità", "Costi", "Innovazione", "Sostenibilità"]
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


def test_defaults_are_chosen_by_who_sets_up_and_given_on_entering_evaluation_only_to_a_challenge_without(app):
    from challenge.challenges.service import change_status

    world = setup_world(app)
    slug = world["slug"]
    outsider = app.test_client()
    with app.app_context():
        login(outsider, make_user(role="staff"))  # staff of another administration
        owner = db.session.get(Challenge, world["challenge_id"]).administration
        own_criteria = make_challenge(owner, status="open")
        none_yet = make_challenge(owner, status="open")
        ids = {"own": own_criteria.id, "none": none_yet.id, "staff": db.session.merge(world["staff"]).id}
        own_slug = own_criteria.slug
    assert outsider.post(f"/challenges/{slug}/criteria/defaults").status_code == 403
    staff = app.test_client()
    with app.app_context():
        login(staff, world["staff"])
    staff.post(f"/challenges/{own_slug}/evaluation", data={"popular_weight": "20"})
    staff.post(f"/challenges/{own_slug}/criteria", data={"name": "Fattibilità", "weight": "2"})
    staff.post(f"/challenges/{own_slug}/evaluators", data={"email": world["colleague_email"]})
    with app.app_context():
        manager = db.session.get(User, ids["staff"])
        for challenge_id in (ids["own"], ids["none"]):
            change_status(manager, db.session.get(Challenge, challenge_id), "evaluation")
        db.session.get(Challenge, world["challenge_id"]).status = "evaluation"  # without criteria, as old data may be
        db.session.commit()
        names = {
            challenge_id: db.session.scalars(
                select(EvaluationCriterion.name).where(EvaluationCriterion.challenge_id == challenge_id)
            ).all()
            for challenge_id in (ids["own"], ids["none"])
        }
        assert names[ids["own"]] == ["Fattibilità"]  # the staff's own, never the defaults besides
        assert len(names[ids["none"]]) == 5
    assert staff.post(f"/challenges/{slug}/criteria/defaults").status_code == 403  # too late once evaluating


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
    response = juror.post(
        juror_link(app),
        data={
            "name": "Giurata Esterna",
            "password": "una-password-lunga-9",
            "confirm": "una-password-lunga-9",
            "accept_terms": "y",
        },
    )
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    with app.app_context():
        evaluator = db.session.scalar(select(Evaluator))
        assert evaluator.user is not None and evaluator.user.role == "citizen"
    page = juror.get("/evaluations").get_data(as_text=True)
    assert world["slug"] in page
    assert other_slug not in page


def evaluation_world(app):
    """A challenge under evaluation with the default criteria and two evaluators (staff and a citizen juror)."""
    world = setup_world(app, status="evaluation")
    with app.app_context():
        challenge = db.session.get(Challenge, world["challenge_id"])
        from challenge.evaluation.setup import ensure_default_criteria

        ensure_default_criteria(challenge)
        juror = make_user(name="Giurata Esterna")
        outsider = make_user()
        for user in (world["colleague"], juror):
            db.session.add(Evaluator(challenge_id=challenge.id, email=user.email, user_id=user.id))
        db.session.commit()
        world["criteria"] = db.session.scalars(select(EvaluationCriterion.id).order_by(EvaluationCriterion.id)).all()
        world["juror"] = juror
        world["outsider"] = outsider
    return world


def scores_form(criteria, value, note="") -> dict:
    return {**{f"score_{criterion}": str(value) for criterion in criteria}, "note": note}


def signed_in(app, user):
    client = app.test_client()
    with app.app_context():
        login(client, user)
    return client


def test_an_evaluator_scores_and_changes_the_scores_until_close(app):
    world = evaluation_world(app)
    juror = signed_in(app, world["juror"])
    first, second = world["solutions"]
    page = juror.get(f"/solutions/{first}/evaluation")
    assert page.status_code == 200
    assert "Fattibilità" in page.get_data(as_text=True)
    response = juror.post(f"/solutions/{first}/evaluation", data=scores_form(world["criteria"], 4, "Buona idea"))
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/solutions/{second}/evaluation")  # the next one to score
    inbox = juror.get("/evaluations").get_data(as_text=True)
    assert "1 / 2" in inbox
    juror.post(f"/solutions/{first}/evaluation", data=scores_form(world["criteria"], 2, "Ci ho ripensato"))
    with app.app_context():
        values = db.session.scalars(select(EvaluationScore.value).where(EvaluationScore.solution_id == first)).all()
        assert values == [2] * 5  # changed in place: still one row per criterion
        assert db.session.scalar(select(EvaluationNote.body)) == "Ci ho ripensato"
    missing = scores_form(world["criteria"][:-1], 3)
    response = juror.post(f"/solutions/{second}/evaluation", data=missing)
    assert response.status_code == 422
    bad = {**scores_form(world["criteria"], 3), f"score_{world['criteria'][0]}": "9"}
    assert juror.post(f"/solutions/{second}/evaluation", data=bad).status_code == 422
    with app.app_context():
        assert count(EvaluationScore, EvaluationScore.solution_id == second) == 0
        db.session.get(Challenge, world["challenge_id"]).status = "closed"
        db.session.commit()
    closed = juror.post(f"/solutions/{first}/evaluation", data=scores_form(world["criteria"], 5))
    assert closed.status_code == 403
    with app.app_context():
        assert db.session.scalars(select(EvaluationScore.value)).all() == [2] * 5


def test_scores_and_notes_stay_private(app):
    world = evaluation_world(app)
    juror = signed_in(app, world["juror"])
    first = world["solutions"][0]
    juror.post(f"/solutions/{first}/evaluation", data=scores_form(world["criteria"], 4, "Nota riservata 123"))
    staff = signed_in(app, world["staff"])
    results = staff.get(f"/challenges/{world['slug']}/results").get_data(as_text=True)
    assert "Nota riservata 123" in results
    for client in (app.test_client(), signed_in(app, world["outsider"]), juror):
        for path in (f"/solutions/{first}", f"/challenges/{world['slug']}", f"/api/v1/solutions/{first}"):
            assert "Nota riservata 123" not in client.get(path).get_data(as_text=True)
    assert juror.get(f"/challenges/{world['slug']}/results").status_code == 403
    assert signed_in(app, world["outsider"]).get(f"/solutions/{first}/evaluation").status_code == 403


def test_a_jurors_form_never_shows_another_jurors_note_and_their_save_leaves_it(app):
    world = evaluation_world(app)
    first = world["solutions"][0]
    juror_a = signed_in(app, world["juror"])
    with app.app_context():
        juror_a_id = db.session.merge(world["juror"]).id
    juror_a.post(f"/solutions/{first}/evaluation", data=scores_form(world["criteria"], 4, "Nota di A 4711"))
    juror_b = signed_in(app, world["colleague"])
    form = juror_b.get(f"/solutions/{first}/evaluation")
    assert form.status_code == 200 and "Nota di A 4711" not in form.get_data(as_text=True)
    saved = juror_b.post(f"/solutions/{first}/evaluation", data=scores_form(world["criteria"], 2, "Nota di B"))
    assert saved.status_code == 303
    with app.app_context():
        notes = db.session.execute(
            select(Evaluator.user_id, EvaluationNote.body).join(Evaluator, Evaluator.id == EvaluationNote.evaluator_id)
        ).all()
        assert sorted(notes) == sorted([(juror_a_id, "Nota di A 4711"), (world["colleague_id"], "Nota di B")])


def test_a_juror_of_a_draft_challenge_sees_it_only_once_evaluation_opens(app):
    world = setup_world(app, status="draft")
    with app.app_context():
        juror = make_user(name="Giurato Anticipato")
        challenge = db.session.get(Challenge, world["challenge_id"])
        title = challenge.title
        db.session.add(Evaluator(challenge_id=challenge.id, email=juror.email, user_id=juror.id))
        db.session.commit()
    client = signed_in(app, juror)
    before = client.get("/evaluations")
    assert before.status_code == 200 and title not in before.get_data(as_text=True)
    with app.app_context():
        db.session.get(Challenge, world["challenge_id"]).status = "evaluation"
        db.session.commit()
    assert title in client.get("/evaluations").get_data(as_text=True)


def test_results_rank_by_weighted_score_and_staff_choose_winners_published_at_close(app):
    world = evaluation_world(app)
    first, second = world["solutions"]
    with app.app_context():
        follower = make_user()
        db.session.add(Follow(user_id=follower.id, challenge_id=world["challenge_id"]))
        db.session.commit()
        follower_id = follower.id
    for evaluator, (a, b) in ((world["juror"], (2, 5)), (world["colleague"], (3, 4))):
        client = signed_in(app, evaluator)
        client.post(f"/solutions/{first}/evaluation", data=scores_form(world["criteria"], a))
        client.post(f"/solutions/{second}/evaluation", data=scores_form(world["criteria"], b))
    staff = signed_in(app, world["staff"])
    page = staff.get(f"/challenges/{world['slug']}/results").get_data(as_text=True)
    # second: mean 4.5 on every criterion -> (4.5 - 1) / 4 = 87.5 points; first: 2.5 -> 37.5; no votes yet
    assert page.index("Seconda proposta") < page.index("Prima proposta")
    assert '<td class="text-end fw-bold">87,5</td>' in page and '<td class="text-end fw-bold">37,5</td>' in page
    assert '<td class="text-end">4,5</td>' in page and '<td class="text-end">0%</td>' in page
    english = staff.get(f"/challenges/{world['slug']}/results", headers={"Accept-Language": "en"}).get_data(
        as_text=True
    )
    assert '<td class="text-end fw-bold">87.5</td>' in english and '<td class="text-end">4.5</td>' in english
    response = staff.post(
        f"/challenges/{world['slug']}/awards",
        data={"solution_id": str(second), "place": "1", "motivation": "La più completa e realizzabile."},
    )
    assert response.status_code == 303
    taken = staff.post(
        f"/challenges/{world['slug']}/awards",
        data={"solution_id": str(first), "place": "1", "motivation": "Anche questa."},
    )
    assert taken.status_code == 422
    staff.post(
        f"/challenges/{world['slug']}/awards",
        data={"solution_id": str(first), "place": "mention", "motivation": "Un'idea da sviluppare."},
    )
    visitor = app.test_client()
    assert "La più completa" not in visitor.get(f"/challenges/{world['slug']}").get_data(as_text=True)
    assert (
        staff.post(f"/challenges/{world['slug']}/status", data={"status": "closed", "confirm": "y"}).status_code == 303
    )
    page = visitor.get(f"/challenges/{world['slug']}").get_data(as_text=True)
    assert 'id="esito"' in page
    assert "La più completa e realizzabile." in page and "Un&#39;idea da sviluppare." in page
    assert "Vincitrice: primo posto" in page
    assert "Impatto" in page and "2 persone hanno valutato" in page
    assert "Vincitrice: primo posto" in visitor.get(f"/solutions/{second}").get_data(as_text=True)
    assert "Vincitrice: primo posto" in visitor.get("/").get_data(as_text=True)
    api = visitor.get(f"/api/v1/challenges/{world['slug']}").get_json()
    assert api["results"]["awards"][0]["solution_id"] == second
    assert api["results"]["evaluator_count"] == 2
    assert visitor.get(f"/api/v1/solutions/{second}").get_json()["award"]["place"] == "1"
    feed = visitor.get(f"/challenges/{world['slug']}/feed.atom").get_data(as_text=True)
    assert "Esito: " in feed and 'term="award-1"' in feed and "La più completa e realizzabile." in feed
    export = staff.get(f"/challenges/{world['slug']}/export.csv").get_data(as_text=True)
    assert "Premio;Motivazione del premio" in export and "Primo posto;La più completa" in export
    public_csv = visitor.get("/export/solutions.csv").get_data(as_text=True).splitlines()
    assert public_csv[0].endswith(";award")  # the header comes first (docs/open-data.md)
    assert any(line.startswith(f"{second};") and line.endswith(";1") for line in public_csv)
    with app.app_context():
        kinds = {(n.user_id, n.kind) for n in db.session.scalars(select(Notification))}
        assert (follower_id, "results") in kinds
        assert sum(1 for _user, kind in kinds if kind == "award") == 2
        assert db.session.get(Solution, second).award_place == "1"
    # After close the awards and scores are frozen.
    with app.app_context():
        award_id = db.session.scalar(select(Award.id).where(Award.solution_id == second))
    assert staff.post(f"/challenges/{world['slug']}/awards/{award_id}/delete").status_code == 403
    with app.app_context():
        assert count(Award) == 2


def closed_with_winner(app):
    world = evaluation_world(app)
    second = world["solutions"][1]
    with app.app_context():
        db.session.add(Award(challenge_id=world["challenge_id"], solution_id=second, place="1", motivation="Ottima"))
        challenge = db.session.get(Challenge, world["challenge_id"])
        challenge.status = "closed"
        db.session.get(Solution, second).award_place = "1"
        follower = make_user()
        db.session.add(Follow(user_id=follower.id, challenge_id=challenge.id))
        db.session.commit()
        world["follower_id"] = follower.id
    return world


MILESTONE = {"title": "Gara d'appalto", "date": "2027-03-01", "status": "planned", "progress": "0", "body": "Bando"}


def test_milestones_of_a_winner_make_it_implemented_when_all_are_done(app):
    world = closed_with_winner(app)
    first, second = world["solutions"]
    staff = signed_in(app, world["staff"])
    assert staff.post(f"/solutions/{first}/milestones", data=MILESTONE).status_code == 403  # no award, no response
    assert staff.post(f"/solutions/{second}/milestones", data={**MILESTONE, "progress": "120"}).status_code == 422
    assert staff.post(f"/solutions/{second}/milestones", data=MILESTONE).status_code == 303
    staff.post(f"/solutions/{second}/milestones", data={**MILESTONE, "title": "Avvio", "date": "2027-06-01"})
    page = app.test_client().get(f"/solutions/{second}").get_data(as_text=True)
    assert 'id="timeline"' in page and "Gara d&#39;appalto" in page and "Prevista" in page
    with app.app_context():
        ids = db.session.scalars(select(Milestone.id).order_by(Milestone.id)).all()
        assert count(Notification, Notification.kind == "milestone", Notification.user_id == world["follower_id"]) == 2
    staff.post(f"/milestones/{ids[0]}/edit", data={**MILESTONE, "status": "done", "progress": "100"})
    with app.app_context():
        assert count(OfficialResponse) == 0
    staff.post(f"/milestones/{ids[1]}/edit", data={**MILESTONE, "title": "Avvio", "status": "done", "progress": "100"})
    with app.app_context():
        assert db.session.scalar(select(OfficialResponse.outcome)) == "implemented"
        assert db.session.get(Milestone, ids[1]).completed_at is not None
    assert staff.post(f"/milestones/{ids[0]}/delete", data={"confirm": "y"}).status_code == 303
    with app.app_context():
        assert count(Milestone) == 1


def test_an_accepted_solution_gets_milestones_too(app):
    world = setup_world(app, status="evaluation")
    first = world["solutions"][0]
    staff = signed_in(app, world["staff"])
    staff.post(f"/solutions/{first}/response", data={"outcome": "accepted", "body": "La realizzeremo."})
    assert staff.post(f"/solutions/{first}/milestones", data=MILESTONE).status_code == 303
