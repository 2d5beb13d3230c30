"""`outbox send` and `outbox work`: deliver queued email."""

from __future__ import annotations

import contextlib
import signal
import threading

import click
from flask.cli import AppGroup

from ..notifications.service import send_outbox
from ..notifications.worker import compose_due, run_worker

outbox = AppGroup("outbox", help="Email notifications written to the outbox.")


@outbox.command("send")
@click.option("--limit", default=100, show_default=True, help="Messages to try in this run.")
def send_command(limit: int):
    """Compose the digests and meeting reminders that are due, then try every due message once; failed ones are
    retried later."""
    composed = compose_due()
    sent, failed = send_outbox(limit)
    click.echo(f"{composed} digests and reminders composed, {sent} sent, {failed} failed.")


@outbox.command("work")
@click.option("--interval", default=2.0, show_default=True, help="Seconds between looks at an empty outbox.")
def work_command(interval: float):
    """Compose digests and reminders and deliver queued email until stopped (SIGTERM or Ctrl-C); several workers may run at once on PostgreSQL."""
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    click.echo(f"Delivering queued email every {interval:g} s when idle; stop with SIGTERM or Ctrl-C.")
    with contextlib.suppress(KeyboardInterrupt):
        run_worker(stop, interval)
    click.echo("Stopped.")
