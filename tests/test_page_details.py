"""Small things a reader notices: Italian agreement, links where a target is named, fields that show,
no empty card, whole sentences with the right preposition."""

from __future__ import annotations

import re
from pathlib import Path

from challenge.core.extensions import db
from challenge.models import User
from tests.factories import login, make_administration, make_challenge, make_comment, make_solution, make_user

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def signed_in(app, user):
    client = app.test_client()
    login(client, user)
    return client


def test_every_input_in_the_templates_says_its_type():
    """Bootstrap Italia draws text fields by type: an <input> without one had no visible border."""
    untyped = [
        f"{path.relative_to(TEMPLATES)}: {tag}"
        for path in TEMPLATES.rglob("*.html")
        for tag in re.findall(r"<input\b[^>]*>", path.read_text())
        if not re.search(r"\btype=", tag)
    ]
    assert untyped == []


def test_the_moderation_log_agrees_links_its_targets_and_has_no_stray_dot(app):
    with app.app_context():
        solution = make_solution()
        comment = make_comment(solution)
        target = make_user(name="Utente Sospeso")
        solution_id, comment_id, target_id = solution.id, comment.id, target.id
        moderator = signed_in(app, make_user(role="moderator"))
    moderator.post(f"/moderation/solutions/{solution_id}/hide", data={"reason": "r1", "reason_code": "spam"})
    moderator.post(f"/moderation/solutions/{solution_id}/restore", data={"reason": "r2"})
    moderator.post(f"/moderation/comments/{comment_id}/hide", data={"reason": "r3", "reason_code": "spam"})
    moderator.post(
        f"/moderation/users/{target_id}/suspend", data={"confirm": "y", "reason": "r4", "reason_code": "spam"}
    )
    page = moderator.get("/moderation/log").get_data(as_text=True)
    rows = {reason: row for row in page.split("<tr>")[2:] for reason in ("r1", "r2", "r3", "r4") if reason in row}
    action = '<td data-label="Azione">'
    assert f"{action}Nascosta</td>" in rows["r1"] and f"{action}Ripristinata</td>" in rows["r2"]
    assert f"{action}Nascosto</td>" in rows["r3"]
    assert f'href="/solutions/{solution_id}">Soluzione n. {solution_id}</a>' in rows["r1"]
    assert f'href="/comments/{comment_id}">Commento n. {comment_id}</a>' in rows["r3"]
    suspended_cell = rows["r4"].split('<td data-label="Su">')[1].split("</td>")[0]
    assert "Utente Sospeso" in suspended_cell and "·" not in suspended_cell
    assert 'type="text" id="actor"' in page


def test_a_comments_address_leads_to_its_place_on_the_solution_page(app, client):
    with app.app_context():
        comment = make_comment()
        comment_id, solution_id = comment.id, comment.solution_id
    response = client.get(f"/comments/{comment_id}")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/solutions/{solution_id}#comment-{comment_id}"
    assert client.get("/comments/999999").status_code == 404


def test_feminine_filters_say_tutte_and_the_sort_has_no_empty_choice(client):
    page = client.get("/challenges").get_data(as_text=True)

    def first_option(name):
        select = page.split(f'id="filter-{name}"', 1)[1].split("</select>", 1)[0]
        return re.search(r"<option[^>]*>([^<]*)</option>", select).group(1)

    assert first_option("region") == "Tutte" and first_option("administration") == "Tutte"
    assert first_option("status") == "Tutti" and first_option("theme") == "Tutti"
    assert first_option("sort") != "Tutti"


def test_the_filter_panel_is_a_closed_details_before_the_results(client):
    page = client.get("/challenges?region=08").get_data(as_text=True)
    assert '<details class="filters-details card card-bg">' in page  # closed: no "open"
    assert page.index("filters-details") < page.index('id="results-title"')
    assert "1 filtro attivo" in page


def test_prepositions_agree_with_the_administrations_name(app, client):
    with app.app_context():
        ferrara = make_administration(name="Comune di Ferrara", slug="comune-di-ferrara", kind="municipality")
        solution = make_solution(make_challenge(ferrara))
        solution_id = solution.id
    page = client.get(f"/solutions/{solution_id}").get_data(as_text=True)
    assert 'sfida del <a href="/administrations/comune-di-ferrara">Comune di Ferrara</a>' in page
    english = client.get(f"/solutions/{solution_id}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert 'challenge by <a href="/administrations/comune-di-ferrara" lang="it">Comune di Ferrara</a>' in english


def test_a_draft_has_no_empty_card_under_its_statistics(app):
    with app.app_context():
        staff = make_user(role="staff")
        slug = make_challenge(staff.administration, status="draft", opened_at=None).slug
        client = signed_in(app, db.session.get(User, staff.id))
    page = client.get(f"/challenges/{slug}").get_data(as_text=True)
    aside = page.split("<aside", 1)[1].split("</aside>", 1)[0]
    assert "Statistiche" in aside
    assert re.search(r'<div class="card-body">\s*</div>', aside) is None
