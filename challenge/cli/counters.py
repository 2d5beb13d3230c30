"""`recount`: rebuild every counter from the rows."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from ..core.recount import recount

SHOWN_CORRECTIONS = 50


@click.command("recount")
@with_appcontext
def recount_command():
    """Rebuild every counter and ranking key from the rows, and report differences."""
    corrections = recount()
    for correction in corrections[:SHOWN_CORRECTIONS]:
        click.echo(
            f"{correction.table}#{correction.row_id}.{correction.column}: "
            f"stored {correction.stored}, counted {correction.expected}"
        )
    if len(corrections) > SHOWN_CORRECTIONS:
        click.echo(f"... and {len(corrections) - SHOWN_CORRECTIONS} more.")
    click.echo(f"{len(corrections)} counters corrected." if corrections else "All counters were correct.")
