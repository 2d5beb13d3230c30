"""The back-office commands (`labs`, `invitations`, `administrations edit`), each logged with actor cli."""

from __future__ import annotations

from sqlalchemy import select

from challenge.core.extensions import db
from challenge.models import Administration, AuditEntry, Invitation, Lab, User
from tests.factories import make_administration, make_user


def invoke(runner, *args):
    return runner.invoke(args=list(args))


def log(app) -> list[tuple[str, str, str | None]]:
    with app.app_context():
        return [
            (e.actor_name, e.action, e.actor_id) for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))
        ]


def test_labs_create_and_add_partner(app, runner):
    with app.app_context():
        make_administration(name="Comune di Ferrara", slug="comune-di-ferrara", region_code="08")
    created = invoke(
        runner,
        "labs",
        "create",
        "Laboratorio di Ferrara",
        "--territory",
        "Provincia di Ferrara",
        "--coordinator",
        "comune-di-ferrara",
    )
    assert created.exit_code == 0, created.output
    assert created.output.strip().splitlines()[-1] == "laboratorio-di-ferrara"
    added = invoke(
        runner, "labs", "add-partner", "laboratorio-di-ferrara", "Università di Ferrara", "--kind", "Università"
    )
    assert added.exit_code == 0, added.output
    with app.app_context():
        lab = db.session.scalar(select(Lab))
        assert [t.id for t in lab.themes] == [1, 2, 3]
        assert [(p.name, p.kind) for p in lab.partners] == [("Università di Ferrara", "university")]
    assert log(app) == [("cli", "lab_create", None), ("cli", "partner_add", None)]


def test_labs_commands_refuse_unknown_coordinator_lab_and_kind(app, runner):
    assert invoke(runner, "labs", "create", "Lab", "--territory", "T", "--coordinator", "nessuna").exit_code != 0
    assert invoke(runner, "labs", "add-partner", "nessuno", "X", "--kind", "ceas").exit_code != 0
    with app.app_context():
        slug = make_administration().slug
    invoke(runner, "labs", "create", "Lab", "--territory", "T", "--coordinator", slug)
    wrong = invoke(runner, "labs", "add-partner", "lab", "X", "--kind", "castello")
    assert wrong.exit_code != 0 and "castello" in wrong.output
    assert [action for _, action, _ in log(app)] == ["lab_create"]


def test_administrations_edit_changes_only_the_given_fields_and_keeps_the_slug(app, runner):
    with app.app_context():
        make_administration(name="Comune di Ferrara", slug="comune-di-ferrara")
    result = invoke(
        runner, "administrations", "edit", "comune-di-ferrara", "--name", "Città di Ferrara", "--ipa-code", "c_d548"
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        administration = db.session.scalar(select(Administration))
        assert (administration.name, administration.slug, administration.ipa_code, administration.kind) == (
            "Città di Ferrara",
            "comune-di-ferrara",
            "c_d548",
            "municipality",
        )
        entry = db.session.scalar(select(AuditEntry))
        assert entry.changes == {"name": ["Comune di Ferrara", "Città di Ferrara"], "ipa_code": ["", "c_d548"]}
        assert entry.actor_name == "cli"


def test_administrations_edit_refuses_bad_input(app, runner):
    with app.app_context():
        make_administration(slug="comune-di-ferrara")
    assert invoke(runner, "administrations", "edit", "comune-di-ferrara", "--ipa-code", "non valido!").exit_code != 0
    assert invoke(runner, "administrations", "edit", "comune-di-ferrara").exit_code != 0
    assert invoke(runner, "administrations", "edit", "nessuna", "--name", "X").exit_code != 0
    assert log(app) == []


def test_invitations_create_prints_the_link(app, runner):
    with app.app_context():
        make_administration(slug="comune-di-ferrara")
    result = invoke(
        runner,
        "invitations",
        "create",
        "nuova@comune.fe.it",
        "--role",
        "staff",
        "--administration",
        "comune-di-ferrara",
    )
    assert result.exit_code == 0, result.output
    assert "/invitations/" in result.output.strip().splitlines()[-1]
    with app.app_context():
        assert db.session.scalar(select(Invitation.email)) == "nuova@comune.fe.it"
    assert log(app) == [("cli", "invitation_create", None)]
    assert invoke(runner, "invitations", "create", "x@y.it", "--role", "staff").exit_code != 0


def test_existing_commands_are_logged_too(app, runner):
    assert (
        invoke(runner, "administrations", "create", "Comune di Parma", "--kind", "comune", "--region", "08").exit_code
        == 0
    )
    assert (
        invoke(
            runner, "users", "create", "ada@example.it", "--name", "Ada", "--password", "Cavallo-Batteria-42"
        ).exit_code
        == 0
    )
    assert (
        invoke(runner, "users", "set-role", "ada@example.it", "admin", "--reason", "prima amministratrice").exit_code
        == 0
    )
    assert [action for _, action, _ in log(app)] == ["administration_create", "user_create", "role_change"]
    with app.app_context():
        assert (
            db.session.scalar(select(AuditEntry.reason).where(AuditEntry.action == "role_change"))
            == "prima amministratrice"
        )


def test_set_role_refuses_to_demote_the_last_admin(app, runner):
    with app.app_context():
        make_user(email="ada@example.it", role="admin")
    result = invoke(runner, "users", "set-role", "ada@example.it", "citizen")
    assert result.exit_code != 0 and "ultimo amministratore" in result.output
    with app.app_context():
        assert db.session.scalar(select(User.role)) == "admin"
