"""Export of one's data, and account deletion that keeps counts consistent."""

from __future__ import annotations

from sqlalchemy import func, select

from challenge.extensions import db
from challenge.models import AuthSession, Solution, User
from challenge.services.recount import recount
from challenge.services.voting import vote_on_solution
from tests.factories import PASSWORD, login, make_comment, make_solution, make_user


def test_export_contains_all_of_the_persons_data(app, client):
    with app.app_context():
        user = make_user(email="esporta@example.it", name="Elena Esporta", kind="association", organisation_name="Elena APS")
        solution = make_solution(author=user, title="La mia proposta")
        make_comment(solution, author=user, body="Il mio commento")
        vote_on_solution(user, make_solution(), 1)
        login(client, user)
    response = client.get("/account/export")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    data = response.get_json()
    assert data["profile"]["email"] == "esporta@example.it"
    assert (data["profile"]["kind"], data["profile"]["organisation_name"]) == ("association", "Elena APS")
    assert data["profile"]["terms"]["version"] == app.config["TERMS_VERSION"]
    assert [s["title"] for s in data["solutions"]] == ["La mia proposta"]
    assert data["comments"][0]["body"] == "Il mio commento"
    assert data["votes"]["solutions"][0]["value"] == 1
    assert set(data) >= {"follows", "notifications", "sessions", "flags"}


def test_delete_needs_the_password_and_then_erases_identity_but_keeps_content(app, client):
    with app.app_context():
        user = make_user(email="via@example.it", name="Vittorio Via", pending_email="nuova@example.it", organisation_name="Ditta Via")
        solution = make_solution(author=user, title="Resta anche dopo")
        vote_on_solution(make_user(), solution, 1)
        user_id, solution_id = user.id, solution.id
        login(client, user)
    wrong = client.post("/account/delete", data={"password": "sbagliata-123"})
    assert wrong.status_code == 422 and "non è corretta" in wrong.get_data(as_text=True)
    assert client.post("/account/delete", data={"password": PASSWORD}).status_code == 303
    with app.app_context():
        user = db.session.get(User, user_id)
        assert (user.email, user.name, user.pending_email, user.organisation_name) == (None, "", None, None)
        assert user.deleted_at is not None
        assert db.session.scalar(select(func.count()).select_from(AuthSession).where(AuthSession.user_id == user_id)) == 0
        assert db.session.get(Solution, solution_id).votes_up == 1
        assert recount() == []
    page = app.test_client().get(f"/solutions/{solution_id}").get_data(as_text=True)
    assert "Utente cancellato" in page and "Vittorio Via" not in page
    assert client.get("/account").status_code == 302
    relogin = app.test_client().post("/auth/login", data={"email": "via@example.it", "password": PASSWORD})
    assert relogin.status_code == 422
