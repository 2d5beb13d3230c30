"""Due process, round two (issue 26): nobody decides about their own content, ranks are respected,
pre-moderation is earned by published contributions only, and the moderation log cannot be rewritten."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from challenge.account import data_rights
from challenge.comments.service import add_comment
from challenge.core.errors import PermissionDenied
from challenge.core.extensions import db
from challenge.models import Appeal, ModerationAction, Solution, SolutionRevision, User
from challenge.moderation import decisions as moderation
from challenge.search.service import SearchFilters, search, similar_solutions
from challenge.solutions.service import edit_solution, propose_solution
from tests.conftest import empty_tables
from tests.factories import PASSWORD, login, make_challenge, make_solution, make_user

HIDE = {"reason_code": "spam", "reason": "Link pubblicitari ripetuti in tutto il testo."}


def signed_in(app, user):
    client = app.test_client()
    login(client, user)
    return client


# 1. The appellant and the item's author never decide the appeal


def test_a_moderator_cannot_decide_the_appeal_against_a_decision_on_their_own_solution(app):
    with app.app_context():
        author = make_user(role="moderator")
        solution_id = make_solution(author=author, title="Proposta di un moderatore").id
        decider = make_user(role="admin")
        moderation.hide(decider, db.session.get(Solution, solution_id), HIDE["reason"], HIDE["reason_code"])
        author_client = signed_in(app, author)
    assert author_client.post(f"/solutions/{solution_id}/appeal", data={"body": "Era lecita."}).status_code == 303
    with app.app_context():
        appeal_id = db.session.scalar(select(Appeal.id))
    queue = author_client.get("/moderation/appeals").get_data(as_text=True)
    assert "Il ricorso riguarda te" in queue and "Accogli il ricorso" not in queue
    refused = author_client.post(
        f"/moderation/appeals/{appeal_id}/overturn", data={"confirm": "y", "reply": "Mi do ragione."}
    )
    assert refused.status_code == 403
    assert "Il ricorso riguarda te" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Appeal, appeal_id).status == "open"
        assert db.session.get(Solution, solution_id).status == "hidden"


# 2. Restoring follows the rule of accounts: not one's own, and not an admin's decision


def _hidden_solution(author_role: str, decider_role: str) -> tuple[int, object]:
    author = make_user(role=author_role)
    solution = make_solution(author=author, title="Proposta nascosta")
    moderation.hide(make_user(role=decider_role), solution, HIDE["reason"], HIDE["reason_code"])
    return solution.id, author


def test_a_moderator_cannot_restore_their_own_hidden_solution(app):
    with app.app_context():
        solution_id, author = _hidden_solution("moderator", "moderator")
        with pytest.raises(PermissionDenied):
            moderation.restore(author, db.session.get(Solution, solution_id), "Era lecita.")
        db.session.rollback()
        assert db.session.get(Solution, solution_id).status == "hidden"


def test_only_an_admin_undoes_an_admins_hide(app):
    with app.app_context():
        solution_id, _author = _hidden_solution("citizen", "admin")
        client = signed_in(app, make_user(role="moderator"))
    refused = client.post(f"/moderation/solutions/{solution_id}/restore", data={"reason": "Non sono d'accordo."})
    assert refused.status_code == 403
    assert "solo un amministratore può ripristinarlo" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Solution, solution_id).status == "hidden"
        moderation.restore(make_user(role="admin"), db.session.get(Solution, solution_id), "Rivista.")
        assert db.session.get(Solution, solution_id).status == "published"


def test_a_moderator_restores_what_another_moderator_hid(app):
    with app.app_context():
        solution_id, _author = _hidden_solution("citizen", "moderator")
        moderation.restore(make_user(role="moderator"), db.session.get(Solution, solution_id), "Rivista.")
        assert db.session.get(Solution, solution_id).status == "published"


# 3. The first contributions are earned by publishing, not by posting


def test_pending_and_rejected_contributions_do_not_end_premoderation(app_factory):
    app = app_factory(PREMODERATE_FIRST_CONTRIBUTIONS=2)
    with app.test_request_context():
        empty_tables()
        challenge = make_challenge()
        solution = make_solution(challenge)
        author, moderator = make_user(), make_user(role="moderator")
        junk = [add_comment(author, solution, f"Spam numero {n} da ignorare.") for n in range(3)]
        assert [item.status for item in junk] == ["pending"] * 3
        moderation.reject(moderator, junk[0], "Pubblicità.", "spam")
        assert add_comment(author, solution, "Ancora in attesa, nonostante tutto.").status == "pending"
        moderation.approve(moderator, junk[1])
        moderation.approve(moderator, junk[2])
        later = propose_solution(author, challenge, "Ora libera", "Due contributi pubblicati bastano.")
        assert later.status == "published"


# 5. The moderation log is append-only in the database itself


@pytest.mark.parametrize(
    "statement",
    ["UPDATE moderation_actions SET reason = 'riscritto'", "DELETE FROM moderation_actions"],
    ids=["update", "delete"],
)
def test_the_database_refuses_to_change_or_delete_a_moderation_log_row(app, statement):
    with app.app_context():
        _hidden_solution("citizen", "moderator")
        with pytest.raises(DBAPIError, match="never changed or deleted"):
            db.session.execute(text(statement))
        db.session.rollback()
        assert db.session.scalars(select(ModerationAction.reason)).all() == [HIDE["reason"]]


def test_erasing_an_account_keeps_its_moderation_log_rows(app):
    with app.app_context():
        _solution_id, author = _hidden_solution("citizen", "moderator")
        data_rights.delete_account(author, PASSWORD)
        row = db.session.scalar(select(ModerationAction))
        assert (row.target_user_id, row.reason) == (author.id, HIDE["reason"])
        assert db.session.get(User, author.id).email is None


# 4. On a pre-moderated challenge an edit waits, while the approved text stays public


def _edited_while_premoderated(app) -> tuple[int, object, object]:
    """A published solution on a pre-moderated challenge, edited by its author through the form."""
    with app.test_request_context():
        challenge = make_challenge(premoderation="solutions")
        author = make_user()
        solution_id = make_solution(challenge, author, title="Versione approvata", body="Testo approvato.").id
        author_client = signed_in(app, author)
        moderator = signed_in(app, make_user(role="moderator"))
    edit = {"title": "Versione modificata", "body": "Testo modificato dopo l'approvazione, tutto nuovo."}
    response = author_client.post(f"/solutions/{solution_id}/edit", data=edit, follow_redirects=True)
    assert "Modifica inviata ai moderatori" in response.get_data(as_text=True)
    return solution_id, author_client, moderator


def test_an_edit_under_premoderation_waits_in_the_queue_while_the_approved_text_stays_public(app):
    solution_id, author_client, moderator = _edited_while_premoderated(app)
    public = app.test_client().get(f"/solutions/{solution_id}").get_data(as_text=True)
    assert "Versione approvata" in public and "Testo modificato" not in public and "in attesa" not in public
    assert "Una modifica di questa soluzione è in attesa" in author_client.get(f"/solutions/{solution_id}").get_data(
        as_text=True
    )
    queue = moderator.get("/moderation").get_data(as_text=True)
    assert "Modifica di una soluzione pubblicata" in queue and "Testo modificato dopo l&#39;approvazione" in queue
    assert moderator.post(f"/moderation/solutions/{solution_id}/approve_edit", data={}).status_code == 303
    public = app.test_client().get(f"/solutions/{solution_id}").get_data(as_text=True)
    assert "Versione modificata" in public and "Testo modificato dopo" in public
    with app.app_context():
        solution = db.session.get(Solution, solution_id)
        assert (solution.pending_body, solution.status) == (None, "published")
        assert db.session.scalars(select(SolutionRevision.title)).all() == ["Versione approvata"]
        assert db.session.scalars(select(ModerationAction.action)).all() == ["approve_edit"]
    assert "Modifica di una soluzione pubblicata" not in moderator.get("/moderation").get_data(as_text=True)


def test_rejecting_an_edit_keeps_the_approved_text_and_needs_a_reason(app):
    solution_id, _author_client, moderator = _edited_while_premoderated(app)
    url = f"/moderation/solutions/{solution_id}/reject_edit"
    assert moderator.post(url, data={"reason": "Senza categoria"}).status_code == 400
    assert moderator.post(url, data={"reason_code": "spam", "reason": "Aggiunge pubblicità."}).status_code == 303
    with app.app_context():
        solution = db.session.get(Solution, solution_id)
        assert (solution.title, solution.body, solution.pending_body) == (
            "Versione approvata",
            "Testo approvato.",
            None,
        )
        assert db.session.scalars(select(ModerationAction.action)).all() == ["reject_edit"]
    public = app.test_client().get(f"/solutions/{solution_id}").get_data(as_text=True)
    assert "Versione approvata" in public and "Testo modificato" not in public


def test_an_edit_without_premoderation_is_published_at_once(app):
    with app.app_context():
        author = make_user()
        solution = make_solution(author=author, title="Versione approvata")
        edit_solution(author, solution, "Versione nuova", "Testo nuovo subito pubblico.")
        assert (solution.title, solution.pending_body) == ("Versione nuova", None)


# A pending solution is found by no search and no similar-solution hint


def test_a_pending_solution_is_absent_from_search_and_from_the_similar_solution_hint(app):
    with app.test_request_context():
        challenge = make_challenge(premoderation="solutions")
        published = make_solution(challenge, title="Rastrelliere pubbliche per biciclette")
        pending = propose_solution(
            make_user(), challenge, "Rastrelliere nascoste", "Rastrelliere ovunque, ma in attesa."
        )
        assert pending.status == "pending"
        slug, pending_id, published_id = challenge.slug, pending.id, published.id
        hits, total = search(SearchFilters(q="rastrelliere", kind="solution"), 1, 10)
        assert ([hit.solution_id for hit in hits], total) == ([published_id], 1)
        assert [hit.solution_id for hit in similar_solutions(slug, "Rastrelliere")] == [published_id]
    page = app.test_client().get("/search?q=rastrelliere").get_data(as_text=True)
    assert f"/solutions/{published_id}" in page and f"/solutions/{pending_id}" not in page
    hint = app.test_client().get(f"/challenges/{slug}/solutions/similar?title=Rastrelliere").get_data(as_text=True)
    assert f"/solutions/{published_id}" in hint and f"/solutions/{pending_id}" not in hint
