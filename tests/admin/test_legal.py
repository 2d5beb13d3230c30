"""Publishing the terms of use and privacy notice from the console: the newest version is in force."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from challenge.admin.legal import publish_version
from challenge.core import audit, legal
from challenge.core.errors import PermissionDenied
from challenge.core.extensions import db
from challenge.models import AuditEntry, Comment, LegalVersion, SolutionVote, User
from tests.factories import login, make_solution, make_user

TERMS = {"document": "terms", "version": "2027-01-15", "summary": "I contenuti restano sotto licenza CC BY 4.0."}


def admin_client(app):
    client = app.test_client()
    with app.app_context():
        login(client, make_user(role="admin", name="Ada Admin"))
    return client


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_published_version_is_accepted_before_the_next_vote_or_comment(app):
    admin = admin_client(app)
    citizen = app.test_client()
    with app.app_context():
        solution_id = make_solution().id
        person = make_user(name="Carla Cittadina")
        login(citizen, person)
        person_id = person.id
    assert admin.post("/admin/legal", data=TERMS).status_code == 303
    vote = citizen.post(f"/solutions/{solution_id}/vote", data={"value": "1"})
    comment = citizen.post(f"/solutions/{solution_id}/comments", data={"body": "Un commento"})
    assert (vote.status_code, comment.status_code) == (403, 403)
    assert "accetta le condizioni d" in comment.get_data(as_text=True)
    page = citizen.get("/account/terms").get_data(as_text=True)
    assert "2027-01-15" in page and "I contenuti restano sotto licenza CC BY 4.0." in page
    with app.app_context():
        assert (count(SolutionVote), count(Comment)) == (0, 0)
    assert citizen.post("/account/terms", data={"accept_terms": "y"}).status_code == 303
    with app.app_context():
        accepted = db.session.get(User, person_id)
        assert (accepted.terms_version, accepted.privacy_version) == ("2027-01-15", app.config["PRIVACY_VERSION"])
    assert citizen.post(f"/solutions/{solution_id}/vote", data={"value": "1"}).status_code in (302, 303)
    with app.app_context():
        assert count(SolutionVote) == 1


def test_the_newest_publication_of_each_document_is_in_force(app):
    with app.app_context():
        assert legal.versions_in_force() == (app.config["TERMS_VERSION"], app.config["PRIVACY_VERSION"])
        publish_version(audit.CLI_ACTOR, "privacy", "v2", "Nuovi tempi di conservazione.")
        publish_version(audit.CLI_ACTOR, "privacy", "v3", "Nuovo responsabile del trattamento.")
        assert legal.versions_in_force() == (app.config["TERMS_VERSION"], "v3")
        assert db.session.scalar(select(LegalVersion.published_by_id).where(LegalVersion.version == "v3")) is None


def test_publishing_is_logged_and_listed_with_who_and_what_changed(app):
    client = admin_client(app)
    client.post("/admin/legal", data=TERMS)
    with app.app_context():
        [entry] = db.session.scalars(select(AuditEntry)).all()
        assert (entry.actor_name, entry.action, entry.target_type, entry.target_label) == (
            "Ada Admin",
            "legal_publish",
            "terms",
            "2027-01-15",
        )
        assert entry.changes == {"version": [app.config["TERMS_VERSION"], "2027-01-15"]}
        assert entry.reason == TERMS["summary"]
    page = client.get("/admin/legal").get_data(as_text=True)
    assert "2027-01-15" in page and TERMS["summary"] in page and "Ada Admin" in page
    assert "Nuova versione pubblicata" in client.get("/admin/log?action=legal_publish").get_data(as_text=True)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"version": ""}, "version"),
        ({"version": "x" * 33}, "version"),
        ({"version": "2027-01-15\n2027-02-01"}, "version"),
        ({"version": "2026-12-01"}, "version"),  # the setting in force (TestConfig)
        ({"summary": ""}, "summary"),
        ({"summary": "   "}, "summary"),
        ({"document": "cookie"}, "document"),
    ],
)
def test_invalid_publications_change_nothing(app, change, field):
    client = admin_client(app)
    with app.app_context():
        assert app.config["TERMS_VERSION"] == "2026-12-01"
    response = client.post("/admin/legal", data=TERMS | change)
    assert response.status_code == 422
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    with app.app_context():
        assert (count(LegalVersion), count(AuditEntry)) == (0, 0)
        assert legal.versions_in_force() == (app.config["TERMS_VERSION"], app.config["PRIVACY_VERSION"])


def test_the_version_in_force_and_old_labels_cannot_be_published_again(app):
    client = admin_client(app)
    assert client.post("/admin/legal", data=TERMS).status_code == 303
    assert client.post("/admin/legal", data=TERMS).status_code == 422
    assert client.post("/admin/legal", data=TERMS | {"version": "2027-02-01"}).status_code == 303
    assert client.post("/admin/legal", data=TERMS).status_code == 422
    with app.app_context():
        assert count(LegalVersion) == 2


def test_only_admins_publish(app):
    with app.app_context(), pytest.raises(PermissionDenied):
        publish_version(make_user(role="moderator"), "terms", "v2", "Qualcosa")
