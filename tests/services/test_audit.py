"""The audit log is append-only: the session refuses to change or delete a row, one by one or in bulk."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select, update

from challenge.core import audit
from challenge.core.audit_models import AuditLogIsAppendOnly
from challenge.core.extensions import db
from challenge.models import AuditEntry
from tests.factories import make_user


def one_entry() -> AuditEntry:
    entry = audit.record(audit.CLI_ACTOR, "lab_create", "lab", 1, "lab-ferrara", changes={"name": [None, "Lab"]})
    db.session.commit()
    return entry


def test_record_names_the_actor_and_keeps_the_changes(app):
    with app.app_context():
        ada = make_user(name="Ada", role="admin")
        entry = audit.record(
            ada, "role_change", "user", 7, "Bea", reason="  promozione ", changes={"role": ["citizen", "moderator"]}
        )
        db.session.commit()
        stored = db.session.get(AuditEntry, entry.id)
        assert (stored.actor_id, stored.actor_name, stored.reason, stored.changes) == (
            ada.id,
            "Ada",
            "promozione",
            {"role": ["citizen", "moderator"]},
        )
        cli = one_entry()
        assert (cli.actor_id, cli.actor_name) == (None, "cli")


def test_an_unknown_action_is_refused(app):
    with app.app_context(), pytest.raises(ValueError):
        audit.record(audit.CLI_ACTOR, "erase_everything", "lab", 1, "x")


def test_a_row_cannot_be_changed(app):
    with app.app_context():
        entry = one_entry()
        entry.reason = "riscritto"
        with pytest.raises(AuditLogIsAppendOnly):
            db.session.commit()
        db.session.rollback()
        assert db.session.scalar(select(AuditEntry.reason)) == ""


def test_a_row_cannot_be_deleted(app):
    with app.app_context():
        db.session.delete(one_entry())
        with pytest.raises(AuditLogIsAppendOnly):
            db.session.commit()
        db.session.rollback()
        assert db.session.scalar(select(AuditEntry.id)) is not None


@pytest.mark.parametrize(
    "statement", [update(AuditEntry).values(reason="x"), delete(AuditEntry)], ids=["update", "delete"]
)
def test_bulk_statements_on_the_log_are_refused(app, statement):
    with app.app_context():
        one_entry()
        with pytest.raises(AuditLogIsAppendOnly):
            db.session.execute(statement)
        db.session.rollback()
        assert db.session.scalar(select(AuditEntry.reason)) == ""


def test_differences_list_only_changed_fields(app):
    assert audit.differences({"name": "A", "kind": "x"}, {"name": "B", "kind": "x"}) == {"name": ["A", "B"]}
    assert audit.differences({"themes": (3, 1)}, {"themes": [1, 3]}) == {}
