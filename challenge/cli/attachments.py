"""`attachments gc`: remove stored files that no attachment points at."""

from __future__ import annotations

from datetime import timedelta

import click
from flask.cli import AppGroup

from ..attachments.service import collect_garbage

attachments = AppGroup("attachments", help="Files of challenges and solutions.")


@attachments.command("gc")
@click.option(
    "--older-than",
    default=60,
    show_default=True,
    type=click.IntRange(min=0),
    help="Minutes a file must have been stored: an upload whose row is about to commit is younger.",
)
def gc_command(older_than: int):
    """Remove stored files no attachment points at (left by failed uploads and removals)."""
    removed = collect_garbage(timedelta(minutes=older_than))
    click.echo(f"{len(removed)} orphaned files removed.")
