"""The authors' page and the invitation link, as the people using them see them."""

from __future__ import annotations

import re

from sqlalchemy import select

from challenge.core.extensions import db
from challenge.models import CoauthorInvitation, Solution, User
from tests.coauthors.helpers import add_coauthor, invite
from tests.factories import PASSWORD, login, make_solution, make_user


def test_an_author_invites_and_sees_the_invitation_pending(app, client):
    with app.app_context():
        solution = make_solution()
        login(client, solution.author)
        solution_id = solution.id
    response = client.post(f"/solutions/{solution_id}/coauthors", data={"email": "anna@example.it"})
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Invito inviato" in page and "anna@example.it" in page
    detail = client.get(f"/solutions/{solution_id}").get_data(as_text=True)
    assert "Invito in attesa di risposta: anna@example.it." in detail


def test_a_bad_address_is_shown_next_to_the_field_and_invites_nobody(app, client):
    with app.app_context():
        solution = make_solution()
        login(client, solution.author)
        solution_id = solution.id
    response = client.post(f"/solutions/{solution_id}/coauthors", data={"email": "non un indirizzo"})
    assert response.status_code == 422 and 'id="email-error"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(CoauthorInvitation)) is None


def test_a_coauthor_resends_and_cancels_invitations(app, client):
    with app.app_context():
        solution = make_solution()
        anna = make_user()
        add_coauthor(app, solution, anna)
        token = invite(app, solution, solution.author, "carla@example.it")
        invitation_id = db.session.scalar(select(CoauthorInvitation.id).where(CoauthorInvitation.answer.is_(None)))
        login(client, anna)
        solution_id = solution.id
    base = f"/solutions/{solution_id}/coauthors/invitations/{invitation_id}"
    assert client.post(f"{base}/resend").status_code == 303
    assert client.get(f"/coauthorships/{token}").status_code == 410  # the earlier link is retired
    assert client.post(f"{base}/cancel").status_code == 303
    with app.app_context():
        assert db.session.get(CoauthorInvitation, invitation_id) is None


def test_the_invited_person_signs_in_and_accepts(app, client):
    with app.app_context():
        solution = make_solution(title="Biciclette in comodato")
        anna = make_user(email="anna@example.it")
        token = invite(app, solution, solution.author, "anna@example.it")
        solution_id, anna_id = solution.id, anna.id
    page = client.get(f"/coauthorships/{token}").get_data(as_text=True)
    assert "Esiste già un account con questo indirizzo" in page
    with app.app_context():
        login(client, db.session.get(User, anna_id))
    assert "Accetta e diventa coautore" in client.get(f"/coauthorships/{token}").get_data(as_text=True)
    response = client.post(f"/coauthorships/{token}", data={"answer": "accept"})
    assert response.headers["Location"] == f"/solutions/{solution_id}"
    assert client.get(f"/coauthorships/{token}").status_code == 410  # single use
    detail = client.get(f"/solutions/{solution_id}").get_data(as_text=True)
    assert re.search(r"Proposta da <a href=\"/users/\d+\">[^<]+</a> e <a href=\"/users/\d+\">[^<]+</a>", detail)
    assert f"/solutions/{solution_id}/edit" in detail


def test_another_signed_in_account_is_refused_clearly(app, client):
    with app.app_context():
        solution = make_solution()
        token = invite(app, solution, solution.author, "anna@example.it")
        login(client, make_user(email="bruno@example.it"))
    response = client.post(f"/coauthorships/{token}", data={"answer": "accept"})
    assert response.status_code == 403
    assert "questo invito è per anna@example.it" in response.get_data(as_text=True)


def test_a_new_person_creates_the_account_and_accepts(app, client):
    with app.app_context():
        solution = make_solution()
        token = invite(app, solution, solution.author, "nora@example.it")
        solution_id = solution.id
    form = {"name": "Nora Nuova", "password": PASSWORD, "confirm": PASSWORD, "accept_terms": "y", "answer": "accept"}
    response = client.post(f"/coauthorships/{token}", data=form)
    assert response.status_code == 303
    with app.app_context():
        nora = db.session.scalar(select(User).where(User.email == "nora@example.it"))
        assert db.session.get(Solution, solution_id).author_ids[1] == nora.id and nora.is_verified


def test_removing_asks_first_and_refuses_the_last_author(app, client):
    with app.app_context():
        solution = make_solution()
        anna = make_user(name="Anna Bianchi")
        add_coauthor(app, solution, anna)
        login(client, solution.author)
        solution_id, anna_id, author_id = solution.id, anna.id, solution.author_id
    url = f"/solutions/{solution_id}/coauthors/{anna_id}/remove"
    first = client.post(url)
    assert "Togliere Anna Bianchi dagli autori?" in first.get_data(as_text=True)
    assert client.post(url, data={"confirm": "y"}).status_code == 303
    last = client.post(f"/solutions/{solution_id}/coauthors/{author_id}/remove", data={"confirm": "y"})
    assert last.status_code == 303
    assert "ha sempre almeno un autore" in client.get(last.headers["Location"]).get_data(as_text=True)


def test_an_organisation_is_offered_on_the_form_and_leads_the_byline(app, client):
    with app.app_context():
        marco = make_user(name="Marco Rossi", kind="association", organisation_name="Ferrara in Bici APS")
        solution = make_solution(author=marco)
        login(client, marco)
        slug, solution_id, marco_id = solution.challenge.slug, solution.id, marco.id
    form = client.get(f"/challenges/{slug}/solutions/new").get_data(as_text=True)
    assert "Presenta la soluzione come proposta di Ferrara in Bici APS" in form
    data = {"title": "Una proposta tutta nuova", "body": "Una proposta con abbastanza testo per essere accettata."}
    client.post(f"/solutions/{solution_id}/edit", data=data | {"organisation": "y"})
    detail = client.get(f"/solutions/{solution_id}").get_data(as_text=True)
    assert '<span class="speaker">Ferrara in Bici APS</span>' in detail
    api = client.get(f"/api/v1/solutions/{solution_id}").get_json()
    assert api["organisation"] == "Ferrara in Bici APS"
    assert api["authors"] == [{"id": marco_id, "name": "Marco Rossi", "organisation": "Ferrara in Bici APS"}]


def test_a_person_is_not_offered_the_organisation(app, client):
    with app.app_context():
        solution = make_solution()
        login(client, solution.author)
        slug = solution.challenge.slug
    assert "come proposta di" not in client.get(f"/challenges/{slug}/solutions/new").get_data(as_text=True)


def test_coauthored_solutions_are_in_the_profile_and_the_activity(app, client):
    with app.app_context():
        solution = make_solution(title="Orti condivisi nei cortili")
        anna = make_user()
        add_coauthor(app, solution, anna)
        login(client, anna)
        anna_id = anna.id
    assert "Orti condivisi nei cortili" in client.get(f"/users/{anna_id}").get_data(as_text=True)
    assert "Orti condivisi nei cortili" in client.get("/account/activity").get_data(as_text=True)
