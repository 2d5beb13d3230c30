"""`seed-demo`: realistic Italian demo data."""

from __future__ import annotations

import time

import click
from flask.cli import with_appcontext

from ..demo.service import DEMO_PASSWORD, DemoNotEmpty, seed_demo


@click.command("seed-demo")
@click.option(
    "--scale",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Multiplies accounts, solutions, comments and votes.",
)
@with_appcontext
def seed_demo_command(scale: int):
    """Load demo administrations, labs, challenges, solutions, comments and votes (only into an empty database)."""
    started = time.perf_counter()
    try:
        summary = seed_demo(scale)
    except DemoNotEmpty:
        click.echo("The database already has content: demo data not loaded, nothing changed.")
        return
    for table, count in summary.counts.items():
        click.echo(f"{table:>20}: {count}")
    click.echo(f"Loaded in {time.perf_counter() - started:.1f} s. Demo accounts (password '{DEMO_PASSWORD}'):")
    for email, role in summary.accounts:
        click.echo(f"  {email} ({role})")
