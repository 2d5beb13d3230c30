"""The audit log speaks the interface's language: field names, roles, kinds and names, never codes or slugs."""

from __future__ import annotations

import html as html_module
import re

import pytest

from challenge.admin.log_labels import changes_of, names_for
from challenge.administrations.service import is_website
from challenge.models import AuditEntry
from tests.admin.test_views import LAB_FORM, admin_client
from tests.factories import make_administration, make_challenge, make_user


def cells(html: str) -> str:
    """The log table's text, tags dropped."""
    table = html.split("<tbody>")[1].split("</tbody>")[0]
    return html_module.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", table)))


def test_a_role_change_reads_in_words_with_the_administration_by_name(app):
    client = admin_client(app)
    with app.app_context():
        make_administration(name="Comune di Cesena", slug="comune-di-cesena")
        person = make_user(name="Nadia Neri")
        person_id = person.id
    client.post(
        f"/admin/users/{person_id}/role",
        data={"role": "staff", "administration": "comune-di-cesena", "reason": "Nuova assunzione"},
    )
    log = cells(client.get("/admin/log").get_data(as_text=True))
    assert "Ruolo : Cittadino o organizzazione → Personale di un'amministrazione" in log
    assert "Amministrazione : — → Comune di Cesena" in log
    assert "citizen" not in log and "comune-di-cesena" not in log
    history = cells(client.get(f"/admin/users/{person_id}").get_data(as_text=True))
    assert "Amministrazione : — → Comune di Cesena" in history
    client.post("/lang", data={"lang": "en"})
    english = cells(client.get("/admin/log").get_data(as_text=True))
    assert "Role : Citizen or organization → Administration staff" in english


def test_lab_and_partner_entries_name_the_coordinator_kinds_and_themes(app):
    client = admin_client(app)
    with app.app_context():
        make_administration(name="Comune di Ferrara", slug="comune-di-ferrara", kind="municipality")
    client.post("/admin/labs/new", data={**LAB_FORM, "coordinator": "comune-di-ferrara"})
    client.post("/admin/labs/laboratorio-di-ferrara/partners", data={"name": "CEAS Ferrara", "kind": "ceas"})
    client.post(
        "/admin/labs/laboratorio-di-ferrara/partners",
        data={"name": "Università di Ferrara", "kind": "university", "website": "https://www.unife.it"},
    )
    log = cells(client.get("/admin/log").get_data(as_text=True))
    assert "Amministrazione coordinatrice : — → Comune di Ferrara" in log
    assert "Assi tematici : — → Economia circolare" in log
    assert "Tipo : — → Università" in log and "university" not in log
    assert "Laboratorio · Laboratorio di Ferrara" in log


def test_the_target_filter_takes_a_kind_in_the_interface_language_or_a_name(app):
    client = admin_client(app)
    with app.app_context():
        make_administration(name="Comune di Ferrara", slug="comune-di-ferrara")
    client.post("/admin/labs/new", data={**LAB_FORM, "coordinator": "comune-di-ferrara"})
    client.post(
        "/admin/administrations/comune-di-ferrara/edit",
        data={"name": "Comune di Ferrara", "kind": "municipality", "region": "08", "ipa_code": "c_d548"},
    )
    page = client.get("/admin/log").get_data(as_text=True)
    assert "amministrazione, laboratorio, account" in page and "administration, lab, user" not in page
    labs_only = cells(client.get("/admin/log?target=Laboratorio").get_data(as_text=True))
    assert "Laboratorio creato" in labs_only and "Amministrazione modificata" not in labs_only
    by_name = cells(client.get("/admin/log?target=Comune di Ferrara").get_data(as_text=True))
    assert "Amministrazione modificata" in by_name and "Codice IPA : — → c_d548" in by_name


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("https://www.comune.fe.it", True),
        ("http://comune.fe.it:8080/servizi?pagina=1#orari", True),
        ("https://comune.fe.it/una pagina", False),
        ("https://localhost", False),
        ("javascript:alert(1)", False),
        ("https://-comune.fe.it", False),
        ("https://comune.fe.123", False),
    ],
)
def test_a_website_is_an_http_address_of_a_named_host(value, valid):
    assert is_website(value) is valid


def test_a_jurors_invitation_names_the_jury_and_the_challenge(app):
    with app.test_request_context():
        challenge = make_challenge(title="Orti nei cortili")
        entry = AuditEntry(
            action="invitation_create",
            target_type="invitation",
            changes={"role": [None, "juror"], "challenge": [None, challenge.slug]},
        )
        shown = [(change.field, change.before, change.after) for change in changes_of(entry, names_for([entry]))]
    assert shown == [("Ruolo", "—", "Giuria di una sfida"), ("Sfida", "—", "Orti nei cortili")]
