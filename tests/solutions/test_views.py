"""Proposing, reading, editing and withdrawing solutions."""

from __future__ import annotations

from sqlalchemy import func, select

from challenge.core.extensions import db
from challenge.models import Challenge, Solution, SolutionRevision
from tests.factories import in_days, login, make_challenge, make_solution, make_suspended_user, make_user

GOOD = {
    "title": "Prenotazioni online per l'anagrafe",
    "body": "Un calendario online con fasce orarie da 15 minuti e promemoria via SMS.",
}


def solution_count(app) -> tuple[int, int]:
    with app.app_context():
        return db.session.scalar(select(func.count(Solution.id))), db.session.scalar(select(Challenge.solution_count))


def test_propose_redirects_to_the_new_solution(app, client):
    with app.app_context():
        slug = make_challenge().slug
        login(client, make_user())
    assert client.get(f"/challenges/{slug}/solutions/new").status_code == 200
    response = client.post(
        f"/challenges/{slug}/solutions/new", data={**GOOD, "body": GOOD["body"] + " <script>alert(1)</script>"}
    )
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/solutions/")
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Prenotazioni online" in html
    assert "<script>alert(1)</script>" not in html
    assert solution_count(app) == (1, 1)


def test_visitor_is_sent_to_login(app, client):
    with app.app_context():
        slug = make_challenge().slug
    response = client.post(f"/challenges/{slug}/solutions/new", data=GOOD)
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]
    assert solution_count(app) == (0, 0)


def test_bad_input_is_shown_next_to_the_field(app, client):
    with app.app_context():
        slug = make_challenge().slug
        login(client, make_user())
    response = client.post(f"/challenges/{slug}/solutions/new", data={"title": "", "body": "breve"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "obbligatorio" in html and "tra 30 e 20.000" in html
    assert solution_count(app) == (0, 0)


def test_solutions_only_while_open_and_before_the_deadline(app):
    with app.app_context():
        cases = {
            "draft": make_challenge(status="draft").slug,
            "evaluation": make_challenge(status="evaluation").slug,
            "closed": make_challenge(status="closed").slug,
            "expired": make_challenge(deadline=in_days(-1)).slug,
            "last-day": make_challenge(deadline=in_days(0)).slug,
        }
        client = app.test_client()
        login(client, make_user())
    expected = {"draft": 404, "evaluation": 403, "closed": 403, "expired": 403, "last-day": 303}
    for name, slug in cases.items():
        assert client.post(f"/challenges/{slug}/solutions/new", data=GOOD).status_code == expected[name], name
    with app.app_context():
        assert db.session.scalar(select(func.count(Solution.id))) == 1


def test_suspended_account_cannot_propose(app, client):
    with app.app_context():
        slug = make_challenge().slug
        login(client, make_suspended_user())
    assert client.post(f"/challenges/{slug}/solutions/new", data=GOOD).status_code == 403
    assert solution_count(app) == (0, 0)


def test_author_edit_keeps_a_revision(app, client):
    with app.app_context():
        author = make_user()
        solution_id = make_solution(author=author, title="Titolo originale della proposta").id
        login(client, author)
    assert client.get(f"/solutions/{solution_id}/edit").status_code == 200
    response = client.post(f"/solutions/{solution_id}/edit", data=GOOD)
    assert response.status_code == 303
    with app.app_context():
        solution = db.session.get(Solution, solution_id)
        assert solution.title == GOOD["title"]
        revision = db.session.scalar(select(SolutionRevision))
        assert revision.title == "Titolo originale della proposta"
    assert "1 versione precedente" in client.get(f"/solutions/{solution_id}").get_data(as_text=True)


def test_only_the_author_edits_or_withdraws(app, client):
    with app.app_context():
        solution_id = make_solution().id
        login(client, make_user())
    assert client.post(f"/solutions/{solution_id}/edit", data=GOOD).status_code == 403
    assert client.post(f"/solutions/{solution_id}/withdraw").status_code == 403
    assert client.post(f"/solutions/{solution_id}/withdraw", data={"confirm": "y"}).status_code == 403
    with app.app_context():
        assert db.session.get(Solution, solution_id).status == "published"


def test_withdrawal_removes_from_lists_and_counts(app, client):
    with app.app_context():
        author = make_user()
        solution = make_solution(author=author, title="Proposta da ritirare")
        solution_id, slug = solution.id, solution.challenge.slug
        login(client, author)
    asked = client.post(f"/solutions/{solution_id}/withdraw")
    assert asked.status_code == 200 and "Ritirare la soluzione?" in asked.get_data(as_text=True)
    assert solution_count(app) == (1, 1)  # the first post only asks
    assert client.post(f"/solutions/{solution_id}/withdraw", data={"confirm": "y"}).status_code == 303
    assert solution_count(app) == (1, 0)
    assert "Proposta da ritirare" not in client.get(f"/challenges/{slug}").get_data(as_text=True)
    page = client.get(f"/solutions/{solution_id}").get_data(as_text=True)
    assert "ha ritirato questa soluzione" in page
    assert client.post(f"/solutions/{solution_id}/withdraw").status_code == 403
    assert client.post(f"/solutions/{solution_id}/withdraw", data={"confirm": "y"}).status_code == 403
    assert solution_count(app) == (1, 0)


def test_solutions_on_drafts_and_hidden_ones_are_404(app, client):
    with app.app_context():
        draft_solution = make_solution(make_challenge(status="draft")).id
        hidden = make_solution(status="hidden").id
    assert client.get(f"/solutions/{draft_solution}").status_code == 404
    assert client.get(f"/solutions/{hidden}").status_code == 404
    assert client.get("/solutions/999999").status_code == 404


def test_challenge_solution_sorts(app, client):
    from datetime import timedelta

    from challenge.models import utcnow

    with app.app_context():
        challenge = make_challenge()
        make_solution(challenge, title="Vecchia ma discussa", created_at=utcnow() - timedelta(days=3), comment_count=5)
        make_solution(challenge, title="Nuova senza commenti")
        slug = challenge.slug

    def listed(sort):
        html = client.get(f"/challenges/{slug}?sort={sort}").get_data(as_text=True)
        return html[html.index('id="solutions-title"') :]

    latest, discussed = listed("latest"), listed("discussed")
    assert latest.index("Nuova senza commenti") < latest.index("Vecchia ma discussa")
    assert discussed.index("Vecchia ma discussa") < discussed.index("Nuova senza commenti")
