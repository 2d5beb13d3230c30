"""The admin console: administrations, labs and partners, people and roles, invitations, the audit log."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from challenge.core import audit
from challenge.core.extensions import db
from challenge.models import Administration, AuditEntry, Invitation, Lab, OutboxEmail, Partner, User, utcnow
from tests.conftest import empty_tables
from tests.factories import login, make_administration, make_user

ADMINISTRATION_FORM = {
    "name": "Comune di Ferrara",
    "kind": "municipality",
    "region": "08",
    "ipa_code": "c_d548",
    "website": "https://www.comune.fe.it",
    "email": "urp@comune.fe.it",
    "description": "Il **Comune** di Ferrara.",
}


def admin_client(app):
    client = app.test_client()
    with app.app_context():
        admin = make_user(role="admin", name="Ada Admin")
        login(client, admin)
    return client


def entries(app) -> list[AuditEntry]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)))


def test_admin_creates_an_administration_with_every_detail_and_it_is_logged(app):
    client = admin_client(app)
    response = client.post("/admin/administrations/new", data=ADMINISTRATION_FORM)
    assert response.status_code == 303
    with app.app_context():
        administration = db.session.scalar(select(Administration))
        assert (administration.slug, administration.ipa_code, administration.email) == (
            "comune-di-ferrara",
            "c_d548",
            "urp@comune.fe.it",
        )
        assert administration.description_html == "<p>Il <strong>Comune</strong> di Ferrara.</p>"
    [entry] = entries(app)
    assert (entry.actor_name, entry.action, entry.target_label) == (
        "Ada Admin",
        "administration_create",
        "comune-di-ferrara",
    )
    assert entry.changes["ipa_code"] == [None, "c_d548"]
    page = client.get("/administrations/comune-di-ferrara").get_data(as_text=True)
    assert "<strong>Comune</strong>" in page and "urp@comune.fe.it" in page


def test_description_markdown_is_sanitised(app):
    client = admin_client(app)
    client.post(
        "/admin/administrations/new",
        data={**ADMINISTRATION_FORM, "description": "<script>alert(1)</script>[x](javascript:alert(1))"},
    )
    with app.app_context():
        html = db.session.scalar(select(Administration.description_html))
    assert "<script" not in html and 'href="javascript' not in html


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "Questo campo è obbligatorio."),
        ("website", "www.senza-schema", "Inserisci un indirizzo web completo"),
        ("ipa_code", "c a944!", "Il codice IPA ha solo lettere"),
        ("email", "non-una-email", "Inserisci un indirizzo email valido"),
        ("kind", "castello", "kind-error"),
    ],
)
def test_bad_administration_input_is_shown_next_to_the_field_and_changes_nothing(app, field, value, message):
    client = admin_client(app)
    response = client.post("/admin/administrations/new", data={**ADMINISTRATION_FORM, field: value})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'id="{field}-error"' in page and message in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Administration)) == 0
    assert entries(app) == []


def test_duplicate_slug_is_refused_on_the_name_field(app):
    client = admin_client(app)
    with app.app_context():
        make_administration(name="Comune di Ferrara", slug="comune-di-ferrara")
    response = client.post("/admin/administrations/new", data=ADMINISTRATION_FORM)
    assert response.status_code == 422
    assert 'id="name-error"' in response.get_data(as_text=True)


def test_rename_keeps_the_slug_and_logs_before_and_after(app):
    client = admin_client(app)
    with app.app_context():
        make_administration(name="Comune di Ferrara", slug="comune-di-ferrara")
    response = client.post(
        "/admin/administrations/comune-di-ferrara/edit", data={**ADMINISTRATION_FORM, "name": "Città di Ferrara"}
    )
    assert response.status_code == 303
    with app.app_context():
        administration = db.session.scalar(select(Administration))
        assert (administration.name, administration.slug) == ("Città di Ferrara", "comune-di-ferrara")
    [entry] = entries(app)
    assert entry.action == "administration_edit"
    assert entry.changes["name"] == ["Comune di Ferrara", "Città di Ferrara"]
    assert "Città di Ferrara" in client.get("/administrations/comune-di-ferrara").get_data(as_text=True)


def test_an_edit_that_changes_nothing_writes_no_log_line(app):
    client = admin_client(app)
    client.post("/admin/administrations/new", data=ADMINISTRATION_FORM)
    client.post("/admin/administrations/comune-di-ferrara/edit", data=ADMINISTRATION_FORM)
    assert [entry.action for entry in entries(app)] == ["administration_create"]


def test_editing_an_unknown_administration_is_404(app):
    assert admin_client(app).get("/admin/administrations/nessuna/edit").status_code == 404


LAB_FORM = {
    "name": "Laboratorio di Ferrara",
    "territory": "Provincia di Ferrara",
    "themes": ["1", "3"],
    "description": "Rete locale.",
}


def make_coordinator(app) -> str:
    with app.app_context():
        return make_administration(name="Comune di Ferrara", slug="comune-di-ferrara", region_code="08").slug


def test_admin_creates_a_lab_then_adds_edits_and_removes_a_partner(app):
    client = admin_client(app)
    coordinator = make_coordinator(app)
    response = client.post("/admin/labs/new", data={**LAB_FORM, "coordinator": coordinator})
    assert response.status_code == 303 and response.headers["Location"].endswith(
        "/admin/labs/laboratorio-di-ferrara/edit"
    )
    response = client.post(
        "/admin/labs/laboratorio-di-ferrara/partners",
        data={"name": "Università di Ferrara", "kind": "university", "website": "https://www.unife.it"},
    )
    assert response.status_code == 303
    with app.app_context():
        lab = db.session.scalar(select(Lab))
        assert (lab.coordinator.slug, lab.region_code, [t.id for t in lab.themes]) == (coordinator, "08", [1, 3])
        partner_id = db.session.scalar(select(Partner.id))
    assert (
        client.post(
            f"/admin/labs/laboratorio-di-ferrara/partners/{partner_id}/edit",
            data={"name": "UniFe", "kind": "research_centre", "website": ""},
        ).status_code
        == 303
    )
    with app.app_context():
        assert db.session.get(Partner, partner_id).name == "UniFe"
    assert client.post(f"/admin/labs/laboratorio-di-ferrara/partners/{partner_id}/delete").status_code == 200
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Partner)) == 1  # asked, not yet removed
    removed = client.post(f"/admin/labs/laboratorio-di-ferrara/partners/{partner_id}/delete", data={"confirm": "y"})
    assert removed.status_code == 303
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Partner)) == 0
    log = entries(app)
    assert [entry.action for entry in log] == ["lab_create", "partner_add", "partner_edit", "partner_remove"]
    assert log[2].changes["name"] == ["Università di Ferrara", "UniFe"]
    assert log[3].changes["name"] == ["UniFe", None]


def test_lab_edit_keeps_the_slug(app):
    client = admin_client(app)
    coordinator = make_coordinator(app)
    client.post("/admin/labs/new", data={**LAB_FORM, "coordinator": coordinator})
    client.post(
        "/admin/labs/laboratorio-di-ferrara/edit",
        data={**LAB_FORM, "coordinator": coordinator, "name": "Lab Ferrara", "themes": ["2"]},
    )
    with app.app_context():
        lab = db.session.scalar(select(Lab))
        assert (lab.name, lab.slug, [t.id for t in lab.themes]) == ("Lab Ferrara", "laboratorio-di-ferrara", [2])
    assert entries(app)[-1].changes["theme_ids"] == [[1, 3], [2]]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"themes": []}, "themes"),
        ({"territory": ""}, "territory"),
        ({"coordinator": "nessuna"}, "coordinator"),
        ({"themes": ["9"]}, "themes"),
    ],
)
def test_bad_lab_input_is_422_next_to_the_field(app, data, field):
    client = admin_client(app)
    coordinator = make_coordinator(app)
    response = client.post("/admin/labs/new", data={**LAB_FORM, "coordinator": coordinator, **data})
    assert response.status_code == 422
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Lab)) == 0


def test_bad_partner_input_is_422_on_the_lab_page_and_adds_nothing(app):
    client = admin_client(app)
    coordinator = make_coordinator(app)
    client.post("/admin/labs/new", data={**LAB_FORM, "coordinator": coordinator})
    response = client.post(
        "/admin/labs/laboratorio-di-ferrara/partners", data={"name": "X", "kind": "university", "website": "ftp://x"}
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="partner-website-error"' in page
    assert (
        'id="name" maxlength="200" name="name" required type="text" value="Laboratorio di Ferrara"' in page
    )  # the lab's own values
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Partner)) == 0


def test_a_partner_of_another_lab_is_404(app):
    client = admin_client(app)
    coordinator = make_coordinator(app)
    client.post("/admin/labs/new", data={**LAB_FORM, "coordinator": coordinator})
    client.post("/admin/labs/new", data={**LAB_FORM, "name": "Altro laboratorio", "coordinator": coordinator})
    client.post("/admin/labs/altro-laboratorio/partners", data={"name": "CEAS", "kind": "ceas"})
    with app.app_context():
        partner_id = db.session.scalar(select(Partner.id))
    assert client.post(f"/admin/labs/laboratorio-di-ferrara/partners/{partner_id}/delete").status_code == 404


def test_people_directory_searches_filters_and_paginates(app):
    client = admin_client(app)
    with app.app_context():
        for number in range(25):
            make_user(name=f"Cittadino {number:02d}")
        make_user(name="Giulia Staff", role="staff")
    first = client.get("/admin/users?q=cittadino").get_data(as_text=True)
    assert "Cittadino 00" in first and "Cittadino 24" not in first and "page=2" in first
    assert "Cittadino 24" in client.get("/admin/users?q=cittadino&page=2").get_data(as_text=True)
    staff = client.get("/admin/users?role=staff").get_data(as_text=True)
    assert "Giulia Staff" in staff and "Cittadino 00" not in staff


def test_suspended_filter_lists_only_suspended_accounts(app):
    client = admin_client(app)
    with app.app_context():
        make_user(name="Sospesa Sara", suspended_at=utcnow())
        make_user(name="Attivo Aldo")
        make_user(name="Cancellato Carlo", email=None, deleted_at=utcnow())
    deleted = client.get("/admin/users?status=deleted").get_data(as_text=True)
    assert "Utente cancellato" in deleted and "Attivo Aldo" not in deleted and "Sospesa Sara" not in deleted
    assert "Utente cancellato" not in client.get("/admin/users?status=active").get_data(as_text=True)
    page = client.get("/admin/users?status=suspended").get_data(as_text=True)
    assert "Sospesa Sara" in page and "Attivo Aldo" not in page
    page = client.get("/admin/users?status=active").get_data(as_text=True)
    assert "Sospesa Sara" not in page and "Attivo Aldo" in page


def test_role_change_with_reason_is_logged_before_and_after(app):
    client = admin_client(app)
    with app.app_context():
        user_id = make_user(name="Giulia").id
        slug = make_administration(slug="comune-di-ferrara").slug
    response = client.post(
        f"/admin/users/{user_id}/role", data={"role": "staff", "administration": slug, "reason": "Referente URP"}
    )
    assert response.status_code == 303
    with app.app_context():
        user = db.session.get(User, user_id)
        assert (user.role, user.administration.slug) == ("staff", slug)
    [entry] = entries(app)
    assert (entry.action, entry.reason) == ("role_change", "Referente URP")
    assert entry.changes == {"role": ["citizen", "staff"], "administration": [None, slug]}


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"role": "staff", "administration": "", "reason": "x"}, "administration"),
        ({"role": "moderator", "reason": ""}, "reason"),
        ({"role": "re", "reason": "x"}, "role"),
    ],
)
def test_bad_role_change_is_422_and_changes_nothing(app, data, field):
    client = admin_client(app)
    with app.app_context():
        user_id = make_user().id
    response = client.post(f"/admin/users/{user_id}/role", data=data)
    assert response.status_code == 422
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, user_id).role == "citizen"
    assert entries(app) == []


def test_the_last_admin_cannot_remove_their_own_role(app):
    client = app.test_client()
    with app.app_context():
        admin = make_user(role="admin")
        login(client, admin)
        admin_id = admin.id
    response = client.post(f"/admin/users/{admin_id}/role", data={"role": "citizen", "reason": "basta"})
    assert response.status_code == 422
    assert "ultimo amministratore" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, admin_id).role == "admin"
        make_user(role="admin")
    assert client.post(f"/admin/users/{admin_id}/role", data={"role": "citizen", "reason": "lascio"}).status_code == 303


def test_invitation_is_emailed_through_the_outbox_and_logged(app_factory):
    app = app_factory(MAIL_SERVER="127.0.0.1", PUBLIC_URL="https://sfide.example")
    with app.app_context():
        empty_tables()
        slug = make_administration(slug="comune-di-ferrara", name="Comune di Ferrara").slug
    client = admin_client(app)
    response = client.post(
        "/admin/invitations", data={"email": "Nuova@Comune.fe.it", "role": "staff", "administration": slug}
    )
    assert response.status_code == 303
    with app.app_context():
        message = db.session.scalar(select(OutboxEmail))
        assert message.recipient == "nuova@comune.fe.it"
        assert "Comune di Ferrara" in message.subject
        assert "https://sfide.example/invitations/" in message.body
    [entry] = entries(app)
    assert (entry.action, entry.target_label) == ("invitation_create", f"#{entry.target_id}"), "no address in the log"
    assert "nuova@comune.fe.it" in client.get("/admin/invitations").get_data(as_text=True)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"email": "x", "role": "moderator"}, "email"),
        ({"email": "a@b.it", "role": "staff", "administration": ""}, "administration"),
        ({"email": "a@b.it", "role": "admin"}, "role"),
    ],
)
def test_bad_invitation_is_422_and_records_nothing(app, data, field):
    client = admin_client(app)
    response = client.post("/admin/invitations", data=data)
    assert response.status_code == 422
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Invitation)) == 0


def test_log_filters_by_actor_action_and_target(app):
    with app.app_context():
        ada = make_user(role="admin", name="Ada", email="ada.lovelace@example.it")
        ada_email = ada.email
        audit.record(ada, "lab_create", "lab", 1, "lab-ferrara")
        audit.record(audit.CLI_ACTOR, "administration_create", "administration", 2, "comune-di-parma")
        db.session.commit()
    client = admin_client(app)
    assert "lab-ferrara" in client.get("/admin/log").get_data(as_text=True)
    by_cli = client.get("/admin/log?actor=cli").get_data(as_text=True)
    assert "comune-di-parma" in by_cli and "lab-ferrara" not in by_cli
    by_ada = client.get("/admin/log?actor=Ada").get_data(as_text=True)
    assert "lab-ferrara" in by_ada and "comune-di-parma" not in by_ada
    by_email = client.get(f"/admin/log?actor={ada_email}").get_data(as_text=True)
    assert "lab-ferrara" in by_email and "comune-di-parma" not in by_email
    by_action = client.get("/admin/log?action=administration_create").get_data(as_text=True)
    assert "comune-di-parma" in by_action and "lab-ferrara" not in by_action
    by_target = client.get("/admin/log?target=parma").get_data(as_text=True)
    assert "comune-di-parma" in by_target and "lab-ferrara" not in by_target
    by_kind = client.get("/admin/log?target=lab").get_data(as_text=True)
    assert "lab-ferrara" in by_kind and "comune-di-parma" not in by_kind


def test_console_pages_render_with_empty_states(app):
    client = admin_client(app)
    for url, text in [
        ("/admin", "Nessuna attività registrata finora."),
        ("/admin/administrations", "Nessuna amministrazione: crea la prima."),
        ("/admin/labs", "Nessun laboratorio: crea il primo."),
        ("/admin/invitations", "Nessun invito in attesa."),
        ("/admin/log?actor=nessuno", "Nessuna attività corrisponde ai filtri."),
        ("/admin/labs/new", "creane una"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert text in response.get_data(as_text=True), url


def test_header_links_to_the_console_only_for_admins(app):
    admin = admin_client(app)
    assert 'href="/admin"' in admin.get("/").get_data(as_text=True)
    citizen = app.test_client()
    with app.app_context():
        login(citizen, make_user(role="moderator"))
    page = citizen.get("/").get_data(as_text=True)
    assert 'href="/admin"' not in page and 'href="/moderation"' in page


@pytest.mark.parametrize("url", ["/administrations", "/labs/lab-ferrara"])
def test_console_changes_reach_the_cached_public_pages(app_factory, url):
    app = app_factory(CACHE_BACKEND="memory")
    with app.app_context():
        empty_tables()
        coordinator = make_administration(name="Comune di Ferrara", slug="comune-di-ferrara")
        db.session.add(
            Lab(
                name="Lab Ferrara",
                slug="lab-ferrara",
                territory="Ferrara",
                region_code="08",
                coordinator_id=coordinator.id,
            )
        )
        db.session.commit()
    visitor = app.test_client()
    assert "Comune di Ferrara" in visitor.get(url).get_data(as_text=True)  # now cached
    admin_client(app).post(
        "/admin/administrations/comune-di-ferrara/edit", data={**ADMINISTRATION_FORM, "name": "Città di Ferrara"}
    )
    assert "Città di Ferrara" in visitor.get(url).get_data(as_text=True)


def test_a_suspended_admin_does_not_count_as_the_one_left(app):
    client = app.test_client()
    with app.app_context():
        admin = make_user(role="admin")
        make_user(role="admin", suspended_at=utcnow(), suspension_reason="Sospeso")
        make_user(role="admin", deleted_at=utcnow(), email=None, name="")
        login(client, admin)
        admin_id = admin.id
    response = client.post(f"/admin/users/{admin_id}/role", data={"role": "citizen", "reason": "lascio"})
    assert response.status_code == 422
    assert "ultimo amministratore" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, admin_id).role == "admin"
