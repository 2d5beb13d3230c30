"""Publishing the terms of use and privacy notice from the console: the newest version is in force."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from challenge.admin.legal import publish_version
from challenge.core import audit, legal
from challenge.core.errors import PermissionDenied
from challenge.core.extensions import db
from challenge.models import AuditEntry, Comment, LegalVersion, SolutionVote, User
from tests.factories import login, make_solution, make_user

TERMS = {
    "document": "terms",
    "version": "2027-01-15",
    "summary": "I contenuti restano sotto licenza CC BY 4.0.",
    "body": "## Licenza\n\nI contributi sono pubblicati con licenza **CC BY 4.0**.",
}


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
        publish_version(audit.CLI_ACTOR, "privacy", "v2", "Nuovi tempi di conservazione.", "Testo v2.")
        publish_version(audit.CLI_ACTOR, "privacy", "v3", "Nuovo responsabile del trattamento.", "Testo v3.")
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
        ({"body": ""}, "body"),
        ({"body": " \n "}, "body"),
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
        publish_version(make_user(role="moderator"), "terms", "v2", "Qualcosa", "Un testo")


def test_publishing_a_version_publishes_its_text_and_keeps_the_earlier_ones_readable(app):
    client = admin_client(app)
    starting = client.get("/pages/condizioni-d-uso").get_data(as_text=True)
    assert "Licenza dei contributi" in starting and "data-earlier" not in starting
    assert client.post("/admin/legal", data=TERMS).status_code == 303
    second = TERMS | {"version": "2027-03-01", "summary": "Nuove regole.", "body": "## Regole\n\nNuove regole."}
    assert client.post("/admin/legal", data=second).status_code == 303
    page = client.get("/pages/condizioni-d-uso").get_data(as_text=True)
    in_force = page[: page.index('id="earlier-title"')]
    assert "Versione in vigore: 2027-03-01." in in_force and "<h2>Regole</h2>" in in_force
    assert "Licenza dei contributi" not in page  # the starting text was never a publication
    [earlier] = re.findall(r"<details class=\"mb-3\" data-earlier>(.*?)</details>", page, re.S)
    assert "Versione 2027-01-15" in earlier and "<strong>CC BY 4.0</strong>" in earlier
    assert "<h3>Licenza</h3>" in earlier  # one level below the heading of the earlier versions


def test_a_version_published_before_texts_were_kept_says_so(app):
    with app.app_context():
        db.session.add(LegalVersion(document="privacy", version="vecchia", summary="Prima versione."))
        db.session.commit()
    page = app.test_client().get("/pages/privacy").get_data(as_text=True)
    assert "Versione in vigore: vecchia." in page and "non è stato conservato" in page


def test_the_form_starts_from_the_text_in_force_of_the_document_chosen(app):
    client = admin_client(app)
    terms = client.get("/admin/legal").get_data(as_text=True)
    privacy = client.get("/admin/legal?document=privacy").get_data(as_text=True)
    assert "## Licenza dei contributi" in terms and "## Cookie" not in terms
    assert "## Cookie" in privacy and '<option selected value="privacy">' in privacy
