"""`users` and `administrations` command groups."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import click
from flask.cli import AppGroup

from ..account.service import create_user, find_by_email, set_role
from ..administrations.service import AdministrationDetails, create_administration, edit_some, find_administration
from ..core.errors import ServiceError
from ..models import CLI_ACTOR, ROLES

users = AppGroup("users", help="Manage accounts.")
administrations = AppGroup("administrations", help="Manage administrations.")


def administration_or_fail(slug: str | None):
    """The administration with this slug (None for no slug); a clear error when there is none."""
    if slug is None:
        return None
    administration = find_administration(slug)
    if administration is None:
        raise click.ClickException(f"No administration with slug '{slug}'.")
    return administration


@contextmanager
def refusals_fail() -> Iterator[None]:
    """A service's refusal ends the command with its message and a non-zero exit status."""
    try:
        yield
    except ServiceError as error:
        raise click.ClickException(error.message) from None


@users.command("create")
@click.argument("email")
@click.option("--name", required=True, help="Display name.")
@click.option("--password", required=True, help="At least 10 characters, not common.")
@click.option("--role", type=click.Choice(ROLES), default="citizen", show_default=True)
@click.option("--administration", "administration_slug", help="Slug, required for staff.")
def create_user_command(email, name, password, role, administration_slug):
    """Create an account and print its numeric id on the last line."""
    administration = administration_or_fail(administration_slug)
    with refusals_fail():
        user = create_user(
            email, name, password, role=role, administration=administration, created_by=CLI_ACTOR, is_verified=True
        )
    click.echo(f"Created {role} account {user.email}.")
    click.echo(user.id)


@users.command("set-role")
@click.argument("email")
@click.argument("role", type=click.Choice(ROLES))
@click.option("--administration", "administration_slug", help="Slug, required for staff.")
@click.option("--reason", default="", help="Why, for the audit log.")
def set_role_command(email, role, administration_slug, reason):
    """Change an account's role."""
    user = find_by_email(email)
    if user is None:
        raise click.ClickException(f"No account with email '{email}'.")
    administration = administration_or_fail(administration_slug)
    with refusals_fail():
        set_role(CLI_ACTOR, user, role, administration, reason)
    suffix = f" of {administration.slug}" if role == "staff" else ""
    click.echo(f"{user.email} is now {role}{suffix}.")


@administrations.command("create")
@click.argument("name")
@click.option("--kind", required=True, help="region, municipality, ... or the Italian name (Comune).")
@click.option("--region", required=True, help="ISTAT region code (08) or name.")
def create_administration_command(name, kind, region):
    """Create an administration; its slug is the slugified name."""
    with refusals_fail():
        administration = create_administration(CLI_ACTOR, AdministrationDetails(name=name, kind=kind, region=region))
    click.echo(f"Created administration {administration.name}.")
    click.echo(administration.slug)


@administrations.command("edit")
@click.argument("slug")
@click.option("--name", help="New name (the slug stays).")
@click.option("--kind", help="region, municipality, ... or the Italian name.")
@click.option("--region", help="ISTAT region code or name.")
@click.option("--ipa-code", "ipa_code", help="Code in the IPA index, e.g. c_a944.")
@click.option("--website", help="https://...")
@click.option("--email", help="Public contact address.")
@click.option("--description", help="Markdown.")
def edit_administration_command(slug, **options):
    """Change the given fields of an administration; logged with actor cli."""
    administration = administration_or_fail(slug)
    fields = {name: value for name, value in options.items() if value is not None}
    if not fields:
        raise click.UsageError("Give at least one option to change.")
    with refusals_fail():
        edit_some(CLI_ACTOR, administration, **fields)
    click.echo(f"Updated administration {administration.slug}.")
