"""`outbox send`: deliver queued email notifications."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from ..services.notifications import send_outbox

outbox = AppGroup("outbox", help="Email notifications written to the outbox.")


@outbox.command("send")
@click.option("--limit", default=100, show_default=True, help="Messages to try in this run.")
def send_command(limit: int):
    """Try every due message once; failed ones are retried later with growing delays."""
    sent, failed = send_outbox(limit)
    click.echo(f"{sent} sent, {failed} failed.")
