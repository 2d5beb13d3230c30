"""The sites that may frame an administration's embed pages: checked and normalised, set in the admin console."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from challenge.administrations.service import AdministrationError, check_embed_origins
from challenge.core.extensions import db
from challenge.models import Administration
from tests.factories import login, make_administration, make_user

FORM = {"name": "Comune di Ferrara", "kind": "municipality", "region": "08"}


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("https://www.comune.fe.it", "https://www.comune.fe.it"),
        ("  HTTPS://WWW.Comune.FE.it/  ", "https://www.comune.fe.it"),
        ("https://rete.esempio.it:8443", "https://rete.esempio.it:8443"),
        ("https://www.comune.fe.it:443", "https://www.comune.fe.it"),
        ("https://comune.città.it", "https://comune.xn--citt-3na.it"),
        (
            "https://a.esempio.it\n\nhttps://b.esempio.it\nhttps://A.esempio.it/",
            "https://a.esempio.it\nhttps://b.esempio.it",
        ),
        ("", ""),
    ],
)
def test_origins_are_normalised_one_a_line_without_repeats(typed, stored):
    assert check_embed_origins(typed) == stored


@pytest.mark.parametrize(
    "line",
    [
        "http://www.comune.fe.it",
        "https://www.comune.fe.it/sfide",
        "https://*.comune.fe.it",
        "*",
        "https://www.comune.fe.it?x=1",
        "https://www.comune.fe.it#sfide",
        "https://utente@www.comune.fe.it",
        "https://localhost",
        "https://192.168.1.10",
        "https://www.comune.fe.it:99999",
        "www.comune.fe.it",
        "'self'",
        "https://www.comune.fe.it https://altro.it",
    ],
)
def test_anything_but_an_https_origin_is_refused_naming_its_line(line):
    with pytest.raises(AdministrationError) as refused:
        check_embed_origins(f"https://www.comune.esempio.it\n{line}")
    assert refused.value.field == "embed_origins"
    assert "Riga 2" in str(refused.value)


def admin_client(app):
    client = app.test_client()
    with app.app_context():
        login(client, make_user(role="admin"))
        make_administration(name="Comune di Ferrara", slug="comune-di-ferrara")
    return client


def stored_origins(app) -> str:
    with app.app_context():
        return db.session.scalar(select(Administration.embed_origins).where(Administration.slug == "comune-di-ferrara"))


def test_the_admin_sets_the_origins_on_the_administration_form(app):
    client = admin_client(app)
    assert 'name="embed_origins"' in client.get("/admin/administrations/comune-di-ferrara/edit").get_data(as_text=True)
    typed = "HTTPS://WWW.Comune.FE.it/\r\nhttps://rete.esempio.it:8443"
    response = client.post("/admin/administrations/comune-di-ferrara/edit", data={**FORM, "embed_origins": typed})
    assert response.status_code == 303
    assert stored_origins(app) == "https://www.comune.fe.it\nhttps://rete.esempio.it:8443"


def test_a_bad_line_is_shown_next_to_the_field_and_changes_nothing(app):
    client = admin_client(app)
    typed = "https://www.comune.fe.it\nhttps://www.comune.fe.it/sfide"
    response = client.post("/admin/administrations/comune-di-ferrara/edit", data={**FORM, "embed_origins": typed})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="embed_origins-error"' in html and "Riga 2" in html
    assert stored_origins(app) == ""
