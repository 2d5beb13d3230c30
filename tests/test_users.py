"""Public profiles at /users/<id>, and names that link to them."""

from __future__ import annotations

from challenge.models import utcnow
from tests.factories import make_challenge, make_comment, make_solution, make_user


def test_profile_shows_name_kind_since_votes_and_visible_contributions(app, client):
    with app.app_context():
        author = make_user(
            name="Quartiere Attivo", kind="association", organisation_name="Quartiere Attivo APS", vote_balance=7
        )
        shown = make_solution(author=author, title="Una proposta pubblicata")
        make_solution(author=author, title="Una proposta nascosta", status="hidden")
        make_solution(make_challenge(status="draft"), author=author, title="Una proposta su una bozza")
        make_comment(shown, author=author)
        make_comment(shown, author=author, status="hidden", body="nascosto")
        user_id, shown_id = author.id, shown.id
    response = client.get(f"/users/{user_id}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Quartiere Attivo APS" in page and "Associazione" in page
    assert "Una proposta pubblicata" in page
    assert "Una proposta nascosta" not in page and "Una proposta su una bozza" not in page
    assert page.count(f"/solutions/{shown_id}#comment-") == 1
    assert "<dd>7</dd>" in page


def test_hidden_and_deleted_profiles_are_404(app, client):
    with app.app_context():
        hidden = make_user(profile_public=False).id
        deleted = make_user(deleted_at=utcnow()).id
    assert client.get(f"/users/{hidden}").status_code == 404
    assert client.get(f"/users/{deleted}").status_code == 404
    assert client.get("/users/999999").status_code == 404


def test_names_in_lists_link_to_the_profile_unless_hidden(app, client):
    with app.app_context():
        public = make_user(name="Anna Pubblica")
        private = make_user(name="Bruno Riservato", profile_public=False)
        solution = make_solution(author=public)
        make_solution(solution.challenge, author=private)
        make_comment(solution, author=private)
        slug, solution_id, public_id, private_id = solution.challenge.slug, solution.id, public.id, private.id
    for path in (f"/challenges/{slug}", f"/solutions/{solution_id}"):
        page = client.get(path).get_data(as_text=True)
        assert f'<a href="/users/{public_id}">Anna Pubblica</a>' in page, path
        assert "Bruno Riservato" in page
        assert f"/users/{private_id}" not in page


def test_deleted_authors_are_not_linked(app, client):
    with app.app_context():
        gone = make_user(deleted_at=utcnow(), kind="business", organisation_name="Ditta")
        solution_id, gone_id = make_solution(author=gone).id, gone.id
    page = client.get(f"/solutions/{solution_id}").get_data(as_text=True)
    assert f"/users/{gone_id}" not in page
    assert "Utente cancellato" in page and "org-badge" not in page


def test_leaderboards_link_names_and_show_badges(app, client):
    with app.app_context():
        public = make_user(name="Cooperativa Riuso", kind="business", organisation_name="Riuso", vote_balance=5)
        private = make_user(name="Bruno Riservato", profile_public=False, vote_balance=3)
        make_solution(author=public)
        public_id, private_id = public.id, private.id
    page = client.get("/leaderboards?period=all").get_data(as_text=True)
    assert (
        f'<span class="speaker">Riuso</span> <span class="badge org-badge">Impresa</span> · '
        f'<a href="/users/{public_id}">Cooperativa Riuso</a>'
    ) in page
    assert "Bruno Riservato" in page and f"/users/{private_id}" not in page
