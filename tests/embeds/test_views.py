"""The embed page: what it shows, that it sets no cookie, and which sites may frame it."""

from __future__ import annotations

import html as html_module
import re

import pytest

from challenge.core.extensions import db
from challenge.models import Administration
from challenge.text import clock
from tests.factories import login, make_administration, make_challenge, make_solution, make_user

PUBLIC = "https://sfide.regione.example"


def embed_of(client, slug: str):
    return client.get(f"/challenges/{slug}/embed")


def test_the_embed_shows_the_administration_the_phase_the_deadline_and_a_link_in_a_new_tab(app, client):
    with app.app_context():
        administration = make_administration(name="Comune di Borgo Alto")
        challenge = make_challenge(administration, title="Meno code allo sportello")
        slug, deadline = challenge.slug, challenge.deadline
    response = embed_of(client, slug)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Comune di Borgo Alto" in html and "Meno code allo sportello" in html
    assert "Aperta" in html and f'datetime="{deadline.isoformat()}"' in html
    link = re.search(
        rf'<a class="btn btn-primary" href="([^"]+/challenges/{slug})" target="_blank" rel="noopener">', html
    )
    assert link is not None
    assert "Partecipa su Sfide PA" in html


def test_the_embed_lists_the_five_best_solutions_in_the_challenge_pages_order(app, client):
    with app.app_context():
        challenge = make_challenge()
        for number, (up, score) in enumerate([(1, 0.1), (9, 0.9), (4, 0.4), (7, 0.7), (2, 0.2), (8, 0.8)]):
            make_solution(challenge, title=f"Proposta {number} con {up} voti", votes_up=up, wilson_score=score)
        slug = challenge.slug
    html = embed_of(client, slug).get_data(as_text=True)
    shown = re.findall(r"Proposta \d con (\d) voti", html)
    assert shown == ["9", "8", "7", "4", "2"]
    assert "9 voti a favore" in html


@pytest.mark.parametrize("status", ["draft"])
def test_a_draft_has_no_embed_even_for_its_staff(app, client, status):
    with app.app_context():
        administration = make_administration()
        slug = make_challenge(administration, status=status).slug
        login(client, make_user(role="staff", administration=administration))
    assert embed_of(client, slug).status_code == 404


def test_an_unknown_challenge_has_no_embed(client):
    response = embed_of(client, "nessuna-sfida")
    assert response.status_code == 404
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_the_embed_has_no_script_no_form_and_sets_no_cookie(app, client):
    with app.app_context():
        slug = make_solution().challenge.slug
    response = embed_of(client, slug)
    html = response.get_data(as_text=True)
    assert "Set-Cookie" not in response.headers
    assert "<script" not in html and "<form" not in html and "csrf_token" not in html
    assert "<header" not in html and "<footer" not in html


def test_the_embed_is_framed_only_by_its_administrations_origins(app, client):
    with app.app_context():
        listed = make_administration(embed_origins="https://www.comune.esempio.it\nhttps://rete.esempio.it:8443")
        unlisted = make_administration()
        framed, refused = make_challenge(listed).slug, make_challenge(unlisted).slug
    headers = embed_of(client, framed).headers
    assert headers["Content-Security-Policy"].endswith(
        "frame-ancestors https://www.comune.esempio.it https://rete.esempio.it:8443"
    )
    assert "X-Frame-Options" not in headers
    headers = embed_of(client, refused).headers
    assert headers["Content-Security-Policy"].endswith("frame-ancestors 'none'")
    assert headers["X-Frame-Options"] == "DENY"
    # Every other page of the listed administration's challenge still refuses frames.
    page = client.get(f"/challenges/{framed}").headers
    assert page["Content-Security-Policy"].endswith("frame-ancestors 'none'") and page["X-Frame-Options"] == "DENY"


def test_a_cached_embed_is_kept_for_anonymous_readers_and_still_answers_the_current_origins(app_factory):
    app = app_factory(CACHE_BACKEND="memory", PUBLIC_URL=PUBLIC)
    with app.app_context():
        administration = make_administration(embed_origins="https://www.comune.esempio.it")
        slug, administration_id = make_challenge(administration).slug, administration.id
    client = app.test_client()
    first = embed_of(client, slug)
    assert first.headers["Cache-Control"] == "public, max-age=5"
    assert f'href="{PUBLIC}/challenges/{slug}"' in first.get_data(as_text=True)
    with app.app_context():
        db.session.get(Administration, administration_id).embed_origins = "https://nuovo.esempio.it"
        db.session.commit()
    again = embed_of(client, slug)
    assert again.headers["Content-Security-Policy"].endswith("frame-ancestors https://nuovo.esempio.it")
    assert "Set-Cookie" not in again.headers


def snippet_of(client, slug: str) -> str | None:
    html = client.get(f"/challenges/{slug}").get_data(as_text=True)
    found = re.search(r'<textarea[^>]*id="embed-code"[^>]*readonly[^>]*>([^<]*)</textarea>', html)
    return html_module.unescape(found.group(1)) if found else None


@pytest.mark.parametrize(
    ("role", "shown"), [(None, False), ("citizen", False), ("other_staff", False), ("staff", True), ("admin", True)]
)
def test_the_embed_code_is_shown_only_to_those_who_manage_the_challenge(app, client, role, shown):
    with app.app_context():
        administration = make_administration(embed_origins="https://www.comune.esempio.it")
        slug = make_challenge(administration).slug
        accounts = {
            "citizen": lambda: make_user(),
            "other_staff": lambda: make_user(role="staff"),
            "staff": lambda: make_user(role="staff", administration=administration),
            "admin": lambda: make_user(role="admin"),
        }
        if role is not None:
            login(client, accounts[role]())
    snippet = snippet_of(client, slug)
    assert (snippet is not None) == shown
    if shown:
        assert snippet.startswith(f'<iframe src="http://localhost/challenges/{slug}/embed" title="Sfida «')
        assert 'width="100%" height="600" loading="lazy"></iframe>' in snippet


def test_a_drafts_page_offers_no_embed_code(app, client):
    with app.app_context():
        administration = make_administration()
        slug = make_challenge(administration, status="draft").slug
        login(client, make_user(role="staff", administration=administration))
    assert snippet_of(client, slug) is None


def test_a_cached_embed_stops_inviting_proposals_when_the_deadline_ends(app_factory, monkeypatch):
    """Nothing is written at midnight after the deadline (Rome time): the kept copy is computed again then."""
    app = app_factory(CACHE_BACKEND="memory", PUBLIC_URL=PUBLIC)
    with app.app_context():
        slug = make_challenge(deadline=clock.today()).slug
    client = app.test_client()
    assert "Partecipa su Sfide PA" in embed_of(client, slug).get_data(as_text=True)
    midnight = clock.midnight_after(clock.today())
    monkeypatch.setattr(clock, "now", lambda: midnight)
    html = embed_of(client, slug).get_data(as_text=True)
    assert "Leggi la sfida su Sfide PA" in html and "Partecipa su Sfide PA" not in html
