"""`labs` and `invitations` command groups: what the admin console does, from a shell (actor cli)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from ..account.invitations import create_invitation
from ..administrations.directory import find_lab
from ..core.extensions import db
from ..labs.service import LabDetails, PartnerDetails, add_partner, create_lab
from ..models import CLI_ACTOR, INVITATION_ROLES, Theme
from ..web.urls import public_url_for
from .accounts import administration_or_fail, refusals_fail

labs = AppGroup("labs", help="Manage territorial labs.")
invitations = AppGroup("invitations", help="Invite staff and moderators.")


@labs.command("create")
@click.argument("name")
@click.option("--territory", required=True, help="e.g. Città metropolitana di Bologna.")
@click.option("--coordinator", required=True, help="Slug of the coordinating administration.")
@click.option("--theme", "themes", multiple=True, type=int, help="Axis 1, 2 or 3; repeat for several (default: all).")
@click.option("--description", default="", help="A short description.")
def create_lab_command(name, territory, coordinator, themes, description):
    """Create a lab and print its slug on the last line."""
    theme_ids = tuple(themes) or tuple(db.session.scalars(db.select(Theme.id).order_by(Theme.id)))
    with refusals_fail():
        lab = create_lab(CLI_ACTOR, LabDetails(name, territory, coordinator, theme_ids, description))
    click.echo(f"Created lab {lab.name}.")
    click.echo(lab.slug)


@labs.command("add-partner")
@click.argument("lab_slug")
@click.argument("name")
@click.option("--kind", required=True, help="university, ceas, clust_er, ... or the Italian name (Università).")
@click.option("--website", default="", help="https://...")
def add_partner_command(lab_slug, name, kind, website):
    """Add a partner to a lab."""
    lab = find_lab(lab_slug)
    if lab is None:
        raise click.ClickException(f"No lab with slug '{lab_slug}'.")
    with refusals_fail():
        partner = add_partner(CLI_ACTOR, lab, PartnerDetails(name, kind, website))
    click.echo(f"Added {partner.name} ({partner.kind}) to {lab.slug}.")


@invitations.command("create")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice(INVITATION_ROLES))
@click.option("--administration", "administration_slug", help="Slug, required for staff.")
def create_invitation_command(email, role, administration_slug):
    """Invite someone; prints the single-use link (valid 7 days) on the last line."""
    administration = administration_or_fail(administration_slug)
    with current_app.test_request_context():  # url_for outside a request
        with refusals_fail():
            sent = create_invitation(
                CLI_ACTOR, email, role, administration, lambda token: public_url_for("invitations.accept", token=token)
            )
        link = public_url_for("invitations.accept", token=sent.token)
    click.echo(
        f"Invited {sent.invitation.email} as {role}"
        + (" (email queued)." if sent.emailed else " (email not configured).")
    )
    click.echo(link)
