"""Command line: `flask --app wsgi users|administrations|seed-demo|recount ...`."""

from flask import Flask

from .accounts import administrations, users
from .counters import recount_command
from .demo import seed_demo_command
from .outbox import outbox


def register(app: Flask) -> None:
    """Attach every command group to the app."""
    app.cli.add_command(users)
    app.cli.add_command(administrations)
    app.cli.add_command(recount_command)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(outbox)
