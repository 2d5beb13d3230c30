"""Content pages: admins write them in Markdown, every saved text is kept, readers see the newest."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from challenge.core.errors import PermissionDenied
from challenge.core.extensions import db
from challenge.models import AuditEntry, ContentPage, ContentPageVersion
from challenge.pages.service import PageDetails, create_page
from tests.conftest import empty_tables
from tests.factories import login, make_user

PAGE = {"title": "Come funziona", "slug": "come-funziona", "body": "## Le sfide\n\nUn **ente** lancia una sfida."}


def admin_client(app):
    client = app.test_client()
    with app.app_context():
        login(client, make_user(role="admin", name="Ada Admin"))
    return client


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_an_admin_publishes_a_page_that_everyone_reads(app):
    client = admin_client(app)
    response = client.post("/admin/pages/new", data=PAGE | {"in_footer": "y"})
    assert response.status_code == 303 and response.headers["Location"].endswith("/admin/pages/come-funziona/edit")
    html = app.test_client().get("/pages/come-funziona").get_data(as_text=True)
    assert "<h1>Come funziona</h1>" in html
    assert "<h2>Le sfide</h2>" in html and "<strong>ente</strong>" in html
    footer = html.split('<footer class="it-footer"')[1]
    assert '<a href="/pages/come-funziona">Come funziona</a>' in footer
    with app.app_context():
        assert (count(ContentPage), count(ContentPageVersion)) == (1, 1)
        entry = db.session.scalars(select(AuditEntry)).one()
        assert (entry.action, entry.target_type, entry.target_label) == ("page_create", "page", "come-funziona")
    assert "Come funziona" in client.get("/admin/pages").get_data(as_text=True)


def test_a_page_out_of_the_footer_is_still_published(app):
    admin_client(app).post("/admin/pages/new", data=PAGE)
    html = app.test_client().get("/pages/come-funziona").get_data(as_text=True)
    assert "<h1>Come funziona</h1>" in html
    assert "/pages/come-funziona" not in html.split('<footer class="it-footer"')[1]


def test_markdown_is_sanitised(app):
    admin_client(app).post(
        "/admin/pages/new", data=PAGE | {"body": "Ciao <script>alert(1)</script> [x](javascript:alert(1))"}
    )
    html = app.test_client().get("/pages/come-funziona").get_data(as_text=True)
    assert "<script>alert" not in html and 'href="javascript' not in html


def test_every_saved_text_is_kept_and_shown_with_its_date(app):
    client = admin_client(app)
    client.post("/admin/pages/new", data=PAGE)
    assert client.post("/admin/pages/come-funziona/edit", data=PAGE | {"body": "Seconda stesura."}).status_code == 303
    assert client.post("/admin/pages/come-funziona/edit", data=PAGE | {"body": "Terza stesura."}).status_code == 303
    # Only the footer flag changes: no new text, so no new version.
    client.post("/admin/pages/come-funziona/edit", data=PAGE | {"body": "Terza stesura.", "in_footer": "y"})
    with app.app_context():
        assert count(ContentPageVersion) == 3
        assert db.session.scalars(select(ContentPage)).one().is_in_footer
    edit = client.get("/admin/pages/come-funziona/edit").get_data(as_text=True)
    versions = re.findall(r"<details class=\"mb-3\" data-version>(.*?)</details>", edit, re.S)
    assert len(versions) == 3
    assert "Terza stesura." in versions[0] and "in vigore" in versions[0] and "Ada Admin" in versions[0]
    assert "<h3>Le sfide</h3>" in versions[2]
    assert all(re.search(r"Salvata il \d+ \w+ \d{4}, \d", version) for version in versions)
    assert "Terza stesura." in app.test_client().get("/pages/come-funziona").get_data(as_text=True)


def test_a_renamed_page_moves_to_its_new_address(app):
    client = admin_client(app)
    client.post("/admin/pages/new", data=PAGE)
    response = client.post("/admin/pages/come-funziona/edit", data=PAGE | {"slug": "come-partecipare"})
    assert response.headers["Location"].endswith("/admin/pages/come-partecipare/edit")
    reader = app.test_client()
    assert reader.get("/pages/come-funziona").status_code == 404
    assert reader.get("/pages/come-partecipare").status_code == 200


def test_unknown_pages_are_not_found(app):
    assert app.test_client().get("/pages/non-esiste").status_code == 404
    assert admin_client(app).get("/admin/pages/non-esiste/edit").status_code == 404


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"slug": "Come-Funziona"}, "slug", "lettere minuscole"),
        ({"slug": "città"}, "slug", "lettere minuscole"),
        ({"slug": "come funziona"}, "slug", "lettere minuscole"),
        ({"slug": "-come"}, "slug", "lettere minuscole"),
        ({"slug": "come--funziona"}, "slug", "lettere minuscole"),
        ({"slug": "privacy"}, "slug", "è riservato"),
        ({"slug": "condizioni-d-uso"}, "slug", "è riservato"),
        ({"slug": "new"}, "slug", "è riservato"),
        ({"slug": "esistente"}, "slug", "C&#39;è già una pagina"),
        ({"slug": ""}, "slug", ""),
        ({"title": "  "}, "title", ""),
        ({"title": "x" * 201}, "title", ""),
        ({"body": ""}, "body", ""),
        ({"body": " \n "}, "body", ""),
    ],
)
def test_bad_input_is_refused_next_to_the_field_and_changes_nothing(app, change, field, message):
    client = admin_client(app)
    client.post("/admin/pages/new", data=PAGE | {"title": "Esistente", "slug": "esistente"})
    with app.app_context():
        before = (count(ContentPage), count(ContentPageVersion), count(AuditEntry))
    for url in ("/admin/pages/new", "/admin/pages/esistente/edit"):
        if field == "slug" and change["slug"] == "esistente" and url.endswith("/edit"):
            continue  # a page keeps its own address
        response = client.post(url, data=PAGE | change)
        html = response.get_data(as_text=True)
        assert response.status_code == 422, url
        error = re.search(rf'<div id="{field}-error" class="field-error">(.*?)</div>', html, re.S)
        assert error and message in error.group(1), (url, html[:300])
    with app.app_context():
        assert (count(ContentPage), count(ContentPageVersion), count(AuditEntry)) == before
        assert db.session.scalars(select(ContentPage)).one().title == "Esistente"


def test_only_admins_write_pages(app):
    with app.app_context():
        with pytest.raises(PermissionDenied):
            create_page(make_user(role="moderator"), PageDetails("Titolo", "titolo", "Testo"))
        assert count(ContentPage) == 0


def footer_of(response) -> str:
    return response.get_data(as_text=True).split('<footer class="it-footer"')[1]


def test_the_footer_follows_saved_pages_with_the_shared_cache_on(app_factory):
    app = app_factory(CACHE_BACKEND="memory")
    with app.app_context():
        empty_tables()
    visitor = app.test_client()
    assert "/pages/come-funziona" not in footer_of(visitor.get("/challenges"))
    admin = admin_client(app)
    admin.post("/admin/pages/new", data=PAGE | {"in_footer": "y"})
    assert '<a href="/pages/come-funziona">Come funziona</a>' in footer_of(visitor.get("/challenges"))
    admin.post("/admin/pages/come-funziona/edit", data=PAGE | {"title": "Come partecipare", "in_footer": "y"})
    assert '<a href="/pages/come-funziona">Come partecipare</a>' in footer_of(visitor.get("/challenges"))
    admin.post("/admin/pages/come-funziona/edit", data=PAGE)
    assert "/pages/come-funziona" not in footer_of(visitor.get("/challenges"))


def test_registration_the_terms_page_and_the_legal_notes_link_the_texts(app):
    links = ('href="/pages/condizioni-d-uso"', 'href="/pages/privacy"')
    visitor = app.test_client()
    for url in ("/auth/register", "/note-legali"):
        main = visitor.get(url).get_data(as_text=True).split('<footer class="it-footer"')[0]
        assert all(link in main for link in links), url
    client = app.test_client()
    with app.app_context():
        login(client, make_user(terms_version="2020-01-01"))
    main = client.get("/account/terms").get_data(as_text=True).split('<footer class="it-footer"')[0]
    assert all(link in main for link in links)
