"""`users` and `administrations` command groups."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from ..models import ROLES
from ..services.accounts import AccountError, create_user, find_by_email, set_role
from ..services.administrations import AdministrationError, create_administration, find_administration
from ..services.common import ServiceError

users = AppGroup("users", help="Manage accounts.")
administrations = AppGroup("administrations", help="Manage administrations.")


def _administration_or_fail(slug: str | None):
    if slug is None:
        return None
    administration = find_administration(slug)
    if administration is None:
        raise click.ClickException(f"No administration with slug '{slug}'.")
    return administration


def _fail(error: ServiceError) -> None:
    raise click.ClickException(error.message)


@users.command("create")
@click.argument("email")
@click.option("--name", required=True, help="Display name.")
@click.option("--password", required=True, help="At least 10 characters, not common.")
@click.option("--role", type=click.Choice(ROLES), default="citizen", show_default=True)
@click.option("--administration", "administration_slug", help="Slug, required for staff.")
def create_user_command(email, name, password, role, administration_slug):
    """Create an account and print its numeric id on the last line."""
    administration = _administration_or_fail(administration_slug)
    try:
        user = create_user(email, name, password, role=role, administration=administration, is_verified=True)
    except AccountError as error:
        _fail(error)
    click.echo(f"Created {role} account {user.email}.")
    click.echo(user.id)


@users.command("set-role")
@click.argument("email")
@click.argument("role", type=click.Choice(ROLES))
@click.option("--administration", "administration_slug", help="Slug, required for staff.")
def set_role_command(email, role, administration_slug):
    """Change an account's role."""
    user = find_by_email(email)
    if user is None:
        raise click.ClickException(f"No account with email '{email}'.")
    administration = _administration_or_fail(administration_slug)
    try:
        set_role(user, role, administration)
    except AccountError as error:
        _fail(error)
    suffix = f" of {administration.slug}" if role == "staff" else ""
    click.echo(f"{user.email} is now {role}{suffix}.")


@administrations.command("create")
@click.argument("name")
@click.option("--kind", required=True, help="region, municipality, ... or the Italian name (Comune).")
@click.option("--region", required=True, help="ISTAT region code (08) or name.")
def create_administration_command(name, kind, region):
    """Create an administration; its slug is the slugified name."""
    try:
        administration = create_administration(name, kind, region)
    except AdministrationError as error:
        _fail(error)
    click.echo(f"Created administration {administration.name}.")
    click.echo(administration.slug)
