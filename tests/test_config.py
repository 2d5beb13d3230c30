"""Configuration from the environment, as PRODUCT.md describes it."""

from __future__ import annotations

import sqlite3
import stat

from challenge import create_app


def test_defaults_to_sqlite_in_the_instance_folder_and_keeps_a_generated_secret(tmp_path, monkeypatch):
    monkeypatch.setenv("SFIDE_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = create_app()
    assert first.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'sfide.db'}"
    key_file = tmp_path / "secret_key"
    assert len(first.config["SECRET_KEY"]) >= 32
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert create_app().config["SECRET_KEY"] == first.config["SECRET_KEY"]


def test_the_default_sqlite_file_and_its_folder_are_private(tmp_path, monkeypatch):
    instance = tmp_path / "instance"
    monkeypatch.setenv("SFIDE_INSTANCE_PATH", str(instance))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    create_app()
    database = instance / "sfide.db"
    with sqlite3.connect(database) as connection:  # SQLite writes into the file it was given
        connection.execute("CREATE TABLE t (x)")
    assert stat.S_IMODE(instance.stat().st_mode) == 0o700
    assert stat.S_IMODE(database.stat().st_mode) == 0o600


def test_environment_variables_win(tmp_path, monkeypatch):
    monkeypatch.setenv("SFIDE_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", "postgres://u@db.example/sfide")
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/3")
    monkeypatch.setenv("FLASK_RATELIMIT_ENABLED", "false")
    monkeypatch.setenv("FLASK_PAGE_SIZE", "50")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db.example/sfide"
    assert app.config["SECRET_KEY"] == "from-the-environment"
    assert app.config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/3"
    assert app.config["RATELIMIT_ENABLED"] is False
    assert app.config["PAGE_SIZE"] == 50
    assert not (tmp_path / "secret_key").exists()
