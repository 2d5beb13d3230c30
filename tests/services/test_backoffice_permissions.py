"""The back-office services refuse anyone but an admin or the command line, whoever calls them."""

from __future__ import annotations

import pytest

from challenge.account.invitations import create_invitation
from challenge.account.service import set_role
from challenge.administrations.service import AdministrationDetails, create_administration, edit_some
from challenge.core.errors import PermissionDenied
from challenge.labs.service import LabDetails, PartnerDetails, add_partner, create_lab
from challenge.models import CLI_ACTOR
from tests.factories import make_administration, make_suspended_user, make_user


def calls(administration, target):
    return {
        "create administration": lambda actor: create_administration(
            actor, AdministrationDetails("Comune X", "comune", "08")
        ),
        "edit administration": lambda actor: edit_some(actor, administration, name="Nuovo nome"),
        "create lab": lambda actor: create_lab(actor, LabDetails("Lab X", "Territorio", administration.slug, (1,))),
        "set role": lambda actor: set_role(actor, target, "moderator", None, "motivo"),
        "invite": lambda actor: create_invitation(
            actor, "x@example.it", "moderator", None, lambda token: f"/invitations/{token}"
        ),
    }


@pytest.mark.parametrize("name", ["create administration", "edit administration", "create lab", "set role", "invite"])
@pytest.mark.parametrize("who", ["citizen", "moderator", "staff", "suspended admin"])
def test_only_admins_and_the_command_line_may(app, name, who):
    with app.app_context():
        administration, target = make_administration(), make_user()
        actor = make_suspended_user(role="admin") if who == "suspended admin" else make_user(role=who)
        with pytest.raises(PermissionDenied):
            calls(administration, target)[name](actor)
        calls(administration, target)[name](CLI_ACTOR)  # the command line may


def test_partners_too(app):
    with app.app_context():
        administration = make_administration()
        lab = create_lab(CLI_ACTOR, LabDetails("Lab X", "Territorio", administration.slug, (1,)))
        with pytest.raises(PermissionDenied):
            add_partner(make_user(role="moderator"), lab, PartnerDetails("CEAS", "ceas"))
