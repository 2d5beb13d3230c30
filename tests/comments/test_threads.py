"""The solution page shows a bounded page of its discussion, with compact per-reader controls."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from challenge.core.extensions import db
from challenge.models import Comment, Solution, User, utcnow
from challenge.votes.service import vote_on_comment
from tests.factories import login, make_challenge, make_comment, make_solution, make_user

START = utcnow() - timedelta(days=1)


@pytest.fixture
def small_pages(app_factory):
    """Pages of 3 top-level comments with 2 replies each, so a few rows fill several pages."""
    from tests.conftest import empty_tables

    app = app_factory(COMMENTS_PAGE_SIZE=3, COMMENT_REPLIES_SHOWN=2)
    with app.app_context():
        empty_tables()
    return app


def discussion(app, count: int, replies_to_first: int = 0) -> tuple[int, list[int], list[int]]:
    """A solution with `count` top-level comments a minute apart, the first with replies; (solution, tops, replies)."""
    with app.app_context():
        solution = make_solution()
        author = make_user(name="Autrice Commenti")
        tops = [
            make_comment(
                solution, author, body=f"top {n}", body_html=f"<p>top {n}</p>", created_at=START + timedelta(minutes=n)
            ).id
            for n in range(count)
        ]
        replies = [
            make_comment(
                solution,
                author,
                parent_id=tops[0],
                body=f"reply {n}",
                body_html=f"<p>reply {n}</p>",
                created_at=START + timedelta(hours=1, minutes=n),
            ).id
            for n in range(replies_to_first)
        ]
        return solution.id, tops, replies


def signed_in(app):
    """A client signed in as a new citizen."""
    client = app.test_client()
    with app.app_context():
        login(client, make_user())
    return client


def shown(html: str) -> list[int]:
    return [int(number) for number in re.findall(r'<article id="comment-(\d+)"', html)]


def test_first_page_and_a_plain_link_to_the_rest_that_keeps_the_place(small_pages):
    solution_id, tops, _ = discussion(small_pages, 7)
    client = small_pages.test_client()
    first = client.get(f"/solutions/{solution_id}").get_data(as_text=True)
    assert shown(first) == tops[:3]
    assert f'href="/solutions/{solution_id}?comments=oldest&amp;page=2#comments"' in first
    assert "Mostra altri commenti" in first and "Commenti precedenti" not in first
    second = client.get(f"/solutions/{solution_id}?comments=oldest&page=2").get_data(as_text=True)
    assert shown(second) == tops[3:6]
    assert f'href="/solutions/{solution_id}?comments=oldest#comments"' in second  # back to page 1
    last = client.get(f"/solutions/{solution_id}?comments=oldest&page=3").get_data(as_text=True)
    assert shown(last) == tops[6:] and "Mostra altri commenti" not in last
    beyond = client.get(f"/solutions/{solution_id}?comments=oldest&page=9").get_data(as_text=True)
    assert shown(beyond) == [] and "Non ci sono altri commenti." in beyond and "Commenti precedenti" in beyond


def test_sort_links_work_without_javascript(small_pages):
    solution_id, tops, _ = discussion(small_pages, 4)
    with small_pages.app_context():
        voter = make_user()
        vote_on_comment(voter, db.session.get(Comment, tops[2]), 1)
    client = small_pages.test_client()
    html = client.get(f"/solutions/{solution_id}").get_data(as_text=True)
    for order in ("oldest", "newest", "best"):
        assert f'href="/solutions/{solution_id}?comments={order}#comments"' in html
    assert shown(client.get(f"/solutions/{solution_id}?comments=newest").get_data(as_text=True)) == tops[::-1][:3]
    assert shown(client.get(f"/solutions/{solution_id}?comments=best").get_data(as_text=True)) == [
        tops[2],
        tops[0],
        tops[1],
    ]
    assert shown(client.get(f"/solutions/{solution_id}?comments=nonsense").get_data(as_text=True)) == tops[:3]


def test_replies_are_bounded_with_a_link_to_the_whole_thread(small_pages):
    solution_id, tops, replies = discussion(small_pages, 1, replies_to_first=5)
    client = small_pages.test_client()
    html = client.get(f"/solutions/{solution_id}").get_data(as_text=True)
    assert shown(html) == [tops[0], *replies[:2]]
    assert f'href="/solutions/{solution_id}?thread={tops[0]}#comment-{tops[0]}">Mostra tutte le 5 risposte' in html
    thread = client.get(f"/solutions/{solution_id}?thread={tops[0]}").get_data(as_text=True)
    assert shown(thread) == [tops[0], *replies[:3]] and "Torna a tutti i commenti" in thread
    assert f'href="/solutions/{solution_id}?thread={tops[0]}&amp;page=2#comments"' in thread
    assert shown(client.get(f"/solutions/{solution_id}?thread={tops[0]}&page=2").get_data(as_text=True)) == [
        tops[0],
        *replies[3:],
    ]


@pytest.mark.parametrize(("thread", "status"), [("reply", 404), ("424242", 404), ("99999999999", 400), ("0", 400)])
def test_a_thread_that_is_not_a_top_level_comment_here_is_404_and_no_row_id_is_400(small_pages, thread, status):
    solution_id, _, replies = discussion(small_pages, 1, replies_to_first=1)
    value = str(replies[0]) if thread == "reply" else thread
    assert small_pages.test_client().get(f"/solutions/{solution_id}?thread={value}").status_code == status


def controls(html: str, comment_id: int) -> str:
    """The markup of one comment."""
    return html.split(f'<article id="comment-{comment_id}"', 1)[1].split("</article>", 1)[0]


def test_one_small_form_per_comment_with_its_actions_in_a_menu(app, client):
    with app.app_context():
        solution = make_solution()
        reader = make_user()
        own = make_comment(solution, reader).id
        other = make_comment(solution).id
        solution_id = solution.id
        login(client, reader)
    html = client.get(f"/solutions/{solution_id}").get_data(as_text=True)
    mine, theirs = controls(html, own), controls(html, other)
    assert mine.count("<form") == 1 and theirs.count("<form") == 1
    assert "Elimina" in mine and "Segnala" not in mine and "data-vote=" not in mine  # no votes on one's own comment
    assert "Elimina" not in theirs and "Segnala" in theirs and theirs.count("data-vote=") == 2
    assert "Nascondi" not in html and "<textarea" not in mine + theirs  # no moderator controls, no reply form yet
    assert html.count('name="body"') == 1  # the one comment form


def test_visitor_sees_counts_and_no_forms_in_the_thread(app, client):
    with app.app_context():
        solution_id = make_solution().id
        comment_id = make_comment(db.session.get(Solution, solution_id), votes_up=2).id
    part = controls(client.get(f"/solutions/{solution_id}").get_data(as_text=True), comment_id)
    assert "<form" not in part and "<span data-votes-up>2</span>" in part


def test_moderator_gets_hide_and_sees_hidden_text_with_restore(app, client):
    with app.app_context():
        solution = make_solution()
        published = make_comment(solution).id
        hidden = make_comment(solution, status="hidden", body_html="<p>Testo nascosto</p>").id
        solution_id = solution.id
        login(client, make_user(role="moderator"))
    html = client.get(f"/solutions/{solution_id}").get_data(as_text=True)
    assert f"?hide={published}" in controls(html, published)
    form = client.get(f"/solutions/{solution_id}?hide={published}").get_data(as_text=True)
    assert f'action="/moderation/comments/{published}/hide"' in controls(form, published)
    assert 'name="reason_code"' in controls(form, published)
    assert f'formaction="/moderation/comments/{hidden}/restore"' in controls(html, hidden)
    assert "Testo nascosto" in controls(html, hidden)
    assert "Testo nascosto" not in app.test_client().get(f"/solutions/{solution_id}").get_data(as_text=True)


def test_the_reply_link_opens_one_reply_form_under_that_comment(small_pages):
    solution_id, tops, replies = discussion(small_pages, 2, replies_to_first=1)
    client = signed_in(small_pages)
    html = client.get(f"/solutions/{solution_id}").get_data(as_text=True)
    link = f'href="/solutions/{solution_id}?reply_to={tops[1]}&amp;comments=oldest#reply-form"'
    assert link in controls(html, tops[1])
    assert "reply_to=" not in controls(html, replies[0])  # a reply to a reply would join the same thread
    opened = client.get(f"/solutions/{solution_id}?reply_to={tops[1]}&comments=oldest").get_data(as_text=True)
    assert opened.count('id="reply-form"') == 1
    assert f'name="parent_id" value="{tops[1]}"' in controls(opened, tops[1])


def test_the_flag_link_opens_one_flag_form_under_that_comment(app, client):
    with app.app_context():
        solution = make_solution()
        comment_id = make_comment(solution).id
        solution_id = solution.id
        login(client, make_user())
    html = client.get(f"/solutions/{solution_id}?flag={comment_id}").get_data(as_text=True)
    assert html.count('id="flag-form"') == 1
    assert f'action="/comments/{comment_id}/flag"' in controls(html, comment_id)


def test_a_vote_without_javascript_comes_back_to_the_same_comment_page_and_anchor(small_pages):
    solution_id, tops, _ = discussion(small_pages, 5)
    client = signed_in(small_pages)
    html = client.get(f"/solutions/{solution_id}?comments=newest&page=2").get_data(as_text=True)
    back = re.search(r'name="next" value="([^"]+)"', controls(html, tops[1])).group(1).replace("&amp;", "&")
    assert back == f"/solutions/{solution_id}?comments=newest&page=2#comment-{tops[1]}"
    response = client.post(f"/comments/{tops[1]}/vote", data={"value": "1", "next": back})
    assert response.status_code == 303 and response.headers["Location"] == back
    again = client.get(back.split("#")[0]).get_data(as_text=True)
    assert 'aria-pressed="true"' in controls(again, tops[1])


def test_delete_comes_back_to_the_same_page_and_never_leaves_the_site(app, client):
    with app.app_context():
        author = make_user()
        solution = make_solution()
        first, second = make_comment(solution, author).id, make_comment(solution, author).id
        solution_id = solution.id
        login(client, author)
    back = f"/solutions/{solution_id}?comments=best#comment-{first}"
    asked = client.post(f"/comments/{first}/delete", data={"next": back}).get_data(as_text=True)
    assert f'name="next" value="{back}"' in asked and f'href="{back}"' in asked  # kept, and the way back
    assert client.post(f"/comments/{first}/delete", data={"next": back, "confirm": "y"}).headers["Location"] == back
    elsewhere = client.post(f"/comments/{second}/delete", data={"next": "https://example.org/", "confirm": "y"})
    assert elsewhere.headers["Location"] == f"/solutions/{solution_id}#comment-{second}"


def test_no_votes_replies_or_deletion_once_the_challenge_is_closed(app, client):
    with app.app_context():
        reader = make_user()
        solution = make_solution(make_challenge(status="closed"))
        own, other = make_comment(solution, reader).id, make_comment(solution).id
        solution_id = solution.id
        login(client, reader)
    html = client.get(f"/solutions/{solution_id}").get_data(as_text=True)
    assert "<form" not in controls(html, own)
    theirs = controls(html, other)
    assert "data-vote=" not in theirs and "reply_to=" not in theirs and "Segnala" in theirs


def test_a_new_comment_is_shown_first_among_the_newest(app, client):
    with app.app_context():
        solution_id = make_solution().id
        login(client, make_user())
    location = client.post(f"/solutions/{solution_id}/comments", data={"body": "Nuovo"}).headers["Location"]
    with app.app_context():
        new_id = db.session.query(Comment.id).scalar()
    assert location == f"/solutions/{solution_id}?comments=newest#comment-{new_id}"


def test_a_new_reply_goes_to_the_page_of_its_thread_that_shows_it(small_pages):
    solution_id, tops, _ = discussion(small_pages, 1, replies_to_first=3)
    client = signed_in(small_pages)
    location = client.post(
        f"/solutions/{solution_id}/comments", data={"body": "Quarta", "parent_id": str(tops[0])}
    ).headers["Location"]
    with small_pages.app_context():
        new_id = db.session.query(Comment.id).order_by(Comment.id.desc()).limit(1).scalar()
    assert location == f"/solutions/{solution_id}?thread={tops[0]}&page=2#comment-{new_id}"
    assert new_id in shown(client.get(location.split("#")[0]).get_data(as_text=True))


def test_signed_in_readers_share_the_cached_thread_and_each_gets_their_own_controls(app_factory, monkeypatch):
    import flask

    from tests.conftest import empty_tables

    app = app_factory(CACHE_BACKEND="memory")
    with app.app_context():
        empty_tables()
    solution_id, tops, _ = discussion(app, 2)
    with app.app_context():
        own_comment = db.session.get(Comment, tops[0])
        other = make_user(name="Altra Lettrice")
        other_id = other.id
        author_client, other_client = app.test_client(), app.test_client()
        login(author_client, own_comment.author)
        login(other_client, other)
    renders = []
    monkeypatch.setattr(
        "challenge.solutions.page.render_template",
        lambda name, **context: renders.append(name) or flask.render_template(name, **context),
    )
    delete_own = f'formaction="/comments/{tops[0]}/delete"'
    as_author = author_client.get(f"/solutions/{solution_id}").get_data(as_text=True)
    as_other = other_client.get(f"/solutions/{solution_id}").get_data(as_text=True)
    assert renders.count("solutions/_thread.html") == 1  # computed for the first reader, shared with the second
    assert delete_own in as_author and delete_own not in as_other
    assert "reader-part" not in as_author + as_other  # every marker took its reader part
    assert shown(as_author) == shown(as_other) == tops

    with app.app_context():
        vote_on_comment(
            db.session.get(User, other_id), db.session.get(Comment, tops[0]), 1
        )  # changes the counts the thread shows
    author_client.get(f"/solutions/{solution_id}")
    assert renders.count("solutions/_thread.html") == 2


def _controls_of(page: str, comment_id: int) -> str:
    """The reader's form on one comment (its votes, own-content and moderator actions)."""
    start = page.index(f'action="/comments/{comment_id}/vote"')
    return page[start : page.index("</form>", start)]


@pytest.mark.parametrize("role", ["citizen", "moderator"])
def test_each_comment_carries_its_own_controls_for_this_reader(app, role):
    """The reader parts are rendered per comment: the own comment's delete, the vote on the voted one,
    the moderator's restore on the hidden one, and none of them on a neighbour."""
    solution_id, tops, _ = discussion(app, 4, replies_to_first=2)
    client = app.test_client()
    with app.app_context():
        reader = make_user(role=role)
        reader_id = reader.id
        login(client, reader)
        own_id = make_comment(db.session.get(Solution, solution_id), reader, body="mio", body_html="<p>mio</p>").id
        db.session.get(Comment, tops[1]).status = "hidden"
        db.session.commit()
        vote_on_comment(db.session.get(User, reader_id), db.session.get(Comment, tops[2]), -1)
    for query in ("", f"?reply_to={tops[0]}", f"?flag={tops[3]}"):
        page = client.get(f"/solutions/{solution_id}{query}").get_data(as_text=True)
        own, voted, neighbour = _controls_of(page, own_id), _controls_of(page, tops[2]), _controls_of(page, tops[3])
        assert f'formaction="/comments/{own_id}/delete"' in own
        assert f"/comments/{own_id}/" not in voted + neighbour and f"/comments/{tops[3]}/" not in own
        assert 'aria-pressed="true"' in voted and 'aria-pressed="true"' not in own + neighbour
        restore = f'formaction="/moderation/comments/{tops[1]}/restore"'
        assert (restore in page) == (role == "moderator")
        assert "reader-part" not in page
