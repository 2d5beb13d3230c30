"""After erasure no row anywhere holds the person's address, and the audit log holds neither it nor the name."""

from __future__ import annotations

from sqlalchemy import JSON, String, Text, cast, func, select

from challenge.account import data_rights, invitations
from challenge.account import service as accounts
from challenge.core.extensions import db
from challenge.evaluation.setup import add_evaluator
from challenge.models import AuditEntry, User
from tests.factories import PASSWORD, make_administration, make_challenge, make_user

ADDRESS = "tina.tutto@example.it"
NAME = "Tina Tutto"


def rows_mentioning(text: str) -> list[str]:
    """`table.column` for every text or JSON column of every table that holds `text`."""
    found = []
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if not isinstance(column.type, (String, Text, JSON)):
                continue
            holds = cast(column, Text).ilike(f"%{text}%")
            if db.session.scalar(select(func.count()).select_from(table).where(holds)):
                found.append(f"{table.name}.{column.key}")
    return found


def test_erasure_leaves_the_address_in_no_column_of_any_table(app):
    with app.test_request_context():
        admin = make_user(role="admin", name="Ada Admin")
        staff = make_user(role="staff", administration=make_administration())
        challenge = make_challenge(staff.administration)
        # A jury seat and an invitation sent to the address before the person signed up with it.
        add_evaluator(staff, challenge, ADDRESS, lambda token: f"/invitations/{token}")
        invitations.create_invitation(admin, ADDRESS, "moderator", None, lambda token: f"/invitations/{token}")
        person = make_user(email=ADDRESS, name=NAME)
        # Someone else asked to move their account to the address (the owner was told, nothing changed).
        accounts.request_email_change(make_user(), ADDRESS, PASSWORD)
        accounts.set_role(admin, person, "moderator", reason="Aiuta a moderare")
        assert rows_mentioning(ADDRESS), "the scan finds the address before erasure"
        data_rights.delete_account(person, PASSWORD)
        assert rows_mentioning(ADDRESS) == []
        labels = db.session.scalars(select(AuditEntry.target_label)).all()
        assert labels and not [label for label in labels if NAME in label or ADDRESS in label]
        assert db.session.get(User, person.id).deleted_at is not None
