"""What moderators and authors are told: sentences that say what happened, about the item concerned."""

from __future__ import annotations

from sqlalchemy import select

from challenge.core.extensions import db
from challenge.models import Notification
from challenge.text.characters import excerpt
from tests.factories import login, make_comment, make_solution, make_user


def signed_in(app, user):
    client = app.test_client()
    login(client, user)
    return client


def test_hiding_a_solution_tells_the_moderator_what_happened(app):
    with app.app_context():
        solution_id = make_solution().id
        moderator = signed_in(app, make_user(role="moderator"))
    page = moderator.post(
        f"/moderation/solutions/{solution_id}/hide",
        data={"reason": "pubblicità", "reason_code": "spam"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "La soluzione è stata nascosta: il pubblico non la vede più" in page
    assert "Fatto:" not in page
    restored = moderator.post(
        f"/moderation/solutions/{solution_id}/restore", data={"reason": "ok"}, follow_redirects=True
    )
    assert "La soluzione è di nuovo visibile a tutti." in restored.get_data(as_text=True)


def test_a_hidden_comment_is_named_by_its_own_words_not_by_the_solutions_title(app):
    with app.app_context():
        author = make_user()
        solution = make_solution(title="Navetta per il mercato del sabato")
        comment = make_comment(solution, author=author, body="Chi propone questa navetta non sa di cosa parla.")
        comment_id, author_id = comment.id, author.id
        moderator = signed_in(app, make_user(role="moderator"))
        author_client = signed_in(app, author)
    page = moderator.post(
        f"/moderation/comments/{comment_id}/hide",
        data={"reason": "insulti", "reason_code": "offensive"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Il commento è stato nascosto" in page
    with app.app_context():
        notice = db.session.scalar(select(Notification).where(Notification.user_id == author_id))
        assert notice.title == "Chi propone questa navetta non sa di cosa parla."
    notices = author_client.get("/notifications").get_data(as_text=True)
    assert "«Chi propone questa navetta non sa di cosa parla.»" in notices
    assert "Navetta per il mercato" not in notices


def test_an_excerpt_keeps_short_text_and_cuts_long_text_between_words():
    assert excerpt("Breve\ncommento.") == "Breve commento."
    cut = excerpt("parola " * 30, size=40)
    assert cut.endswith("…") and len(cut) <= 40 and "parol…" not in cut
