"""Comments, one level of replies, and deletion that keeps the thread."""

from __future__ import annotations

from sqlalchemy import select

from challenge.core.extensions import db
from challenge.models import Comment, Solution
from tests.factories import login, make_challenge, make_comment, make_solution, make_suspended_user, make_user


def comment_count(app, solution_id) -> int:
    with app.app_context():
        return db.session.get(Solution, solution_id).comment_count


def test_comment_and_reply(app, client):
    with app.app_context():
        solution_id = make_solution().id
        login(client, make_user())
    response = client.post(f"/solutions/{solution_id}/comments", data={"body": "Ottima idea, **davvero**."})
    assert response.status_code == 303
    assert "#comment-" in response.headers["Location"]
    with app.app_context():
        parent_id = db.session.scalar(select(Comment.id))
    assert (
        client.post(
            f"/solutions/{solution_id}/comments", data={"body": "Concordo!", "parent_id": str(parent_id)}
        ).status_code
        == 303
    )
    with app.app_context():
        reply = db.session.scalar(select(Comment).where(Comment.parent_id.is_not(None)))
        assert reply.parent_id == parent_id
    assert comment_count(app, solution_id) == 2
    html = client.get(f"/solutions/{solution_id}").get_data(as_text=True)
    assert "<strong>davvero</strong>" in html and 'class="replies' in html


def test_reply_to_a_reply_joins_the_thread(app, client):
    with app.app_context():
        solution = make_solution()
        top = make_comment(solution)
        reply = make_comment(solution, parent_id=top.id)
        solution_id, top_id, reply_id = solution.id, top.id, reply.id
        login(client, make_user())
    client.post(f"/solutions/{solution_id}/comments", data={"body": "Anche io", "parent_id": str(reply_id)})
    with app.app_context():
        newest = db.session.scalar(select(Comment).order_by(Comment.id.desc()))
        assert newest.parent_id == top_id


def test_empty_comment_and_foreign_parent_are_refused(app, client):
    with app.app_context():
        solution_id = make_solution().id
        foreign = make_comment().id
        login(client, make_user())
    empty = client.post(f"/solutions/{solution_id}/comments", data={"body": "   "})
    assert empty.status_code == 422
    assert "obbligatorio" in empty.get_data(as_text=True)
    foreign_parent = client.post(f"/solutions/{solution_id}/comments", data={"body": "ciao", "parent_id": str(foreign)})
    assert foreign_parent.status_code == 422
    assert comment_count(app, solution_id) == 0


def test_comments_only_while_open_or_in_evaluation(app):
    with app.app_context():
        evaluation = make_solution(make_challenge(status="evaluation")).id
        closed = make_solution(make_challenge(status="closed")).id
        withdrawn = make_solution(status="withdrawn").id
        client = app.test_client()
        login(client, make_user())
    assert client.post(f"/solutions/{evaluation}/comments", data={"body": "ok"}).status_code == 303
    assert client.post(f"/solutions/{closed}/comments", data={"body": "ok"}).status_code == 403
    assert client.post(f"/solutions/{withdrawn}/comments", data={"body": "ok"}).status_code == 403
    assert comment_count(app, closed) == 0


def test_suspended_account_cannot_comment(app, client):
    with app.app_context():
        solution_id = make_solution().id
        login(client, make_suspended_user())
    assert client.post(f"/solutions/{solution_id}/comments", data={"body": "ok"}).status_code == 403
    assert comment_count(app, solution_id) == 0


def test_author_deletes_text_but_thread_stays(app, client):
    with app.app_context():
        author = make_user()
        solution = make_solution()
        top = make_comment(solution, author=author, body="Testo da cancellare")
        make_comment(solution, parent_id=top.id, body="Risposta che resta", body_html="<p>Risposta che resta</p>")
        solution_id, top_id = solution.id, top.id
        login(client, author)
    asked = client.post(f"/comments/{top_id}/delete")
    assert asked.status_code == 200 and "Eliminare il commento?" in asked.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Comment, top_id).status == "published"  # the first post only asks
    assert client.post(f"/comments/{top_id}/delete", data={"confirm": "y"}).status_code == 303
    with app.app_context():
        comment = db.session.get(Comment, top_id)
        assert (comment.status, comment.body, comment.body_html) == ("deleted", "", "")
    assert comment_count(app, solution_id) == 1
    html = client.get(f"/solutions/{solution_id}").get_data(as_text=True)
    assert "Commento eliminato dall&#39;autore." in html or "Commento eliminato dall'autore." in html
    assert "Risposta che resta" in html
    assert client.post(f"/comments/{top_id}/delete").status_code == 403
    assert comment_count(app, solution_id) == 1


def test_only_the_author_deletes(app, client):
    with app.app_context():
        comment_id = make_comment().id
        login(client, make_user())
    assert client.post(f"/comments/{comment_id}/delete").status_code == 403
    assert client.post(f"/comments/{comment_id}/delete", data={"confirm": "y"}).status_code == 403
    assert client.post("/comments/999999/delete").status_code == 404
    with app.app_context():
        assert db.session.get(Comment, comment_id).status == "published"
