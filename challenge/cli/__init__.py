"""Command line: `flask --app wsgi users|administrations|labs|invitations|seed-demo|recount|attachments ...`."""

from flask import Flask

from .accounts import administrations, users
from .attachments import attachments
from .backoffice import invitations, labs
from .counters import recount_command
from .demo import seed_demo_command
from .outbox import outbox
from .spid import spid


def register(app: Flask) -> None:
    """Attach every command group to the app."""
    app.cli.add_command(users)
    app.cli.add_command(administrations)
    app.cli.add_command(recount_command)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(outbox)
    app.cli.add_command(labs)
    app.cli.add_command(invitations)
    app.cli.add_command(spid)
    app.cli.add_command(attachments)
