"""Migrations: upgrade from empty, downgrade to base, upgrade again; models match the schema."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import func, inspect, select

from challenge.core.extensions import db
from challenge.core.model_helpers import tracked_by_models
from challenge.models import Sdg, Theme


@pytest.mark.committed  # the schema changes on connections of its own
def test_downgrade_to_base_and_upgrade_again(app):
    with app.app_context():
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade()
        assert "solutions" in inspect(db.engine).get_table_names()
        assert db.session.scalar(select(func.count()).select_from(Sdg)) == 17
        assert db.session.scalar(select(func.count()).select_from(Theme)) == 3


def test_models_match_the_migrated_schema(app):
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "include_name": tracked_by_models})
        assert compare_metadata(context, db.metadata) == []
