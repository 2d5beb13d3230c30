"""Pages of a solution's discussion: orders with their tie-breaks, bounded replies, thread pages."""

from __future__ import annotations

from datetime import timedelta

import pytest

from challenge.comments.service import discussion_page, thread_page, thread_page_number
from challenge.models import utcnow
from tests.factories import make_comment, make_solution, make_user

START = utcnow() - timedelta(days=1)


def make_thread(solution, author, *votes: tuple[int, int], same_time: bool = False) -> list[int]:
    """Top-level comments with the given (up, down) counts, one minute apart unless `same_time`; their ids."""
    ids = []
    for number, (up, down) in enumerate(votes):
        at = START if same_time else START + timedelta(minutes=number)
        ids.append(make_comment(solution, author, votes_up=up, votes_down=down, created_at=at).id)
    return ids


def ids_of(page) -> list[int]:
    return [comment.id for comment in page.comments]


@pytest.fixture
def solution(app):
    with app.app_context():
        yield make_solution()


def test_oldest_and_newest_orders(app, solution):
    ids = make_thread(solution, make_user(), (0, 0), (0, 0), (0, 0))
    assert ids_of(discussion_page(solution, "oldest", 1, 10, 3)) == ids
    assert ids_of(discussion_page(solution, "newest", 1, 10, 3)) == ids[::-1]


def test_best_is_net_votes_then_more_up_votes_then_earlier(app, solution):
    # net 2 (2-0), net 5 (9-4), net 5 (5-0), net 5 (9-4) later, net -1
    first, second, third, fourth, fifth = make_thread(solution, make_user(), (2, 0), (9, 4), (5, 0), (9, 4), (0, 1))
    assert ids_of(discussion_page(solution, "best", 1, 10, 3)) == [second, fourth, third, first, fifth]


def test_best_ties_at_the_same_time_go_by_id(app, solution):
    ids = make_thread(solution, make_user(), (1, 0), (1, 0), (1, 0), same_time=True)
    assert ids_of(discussion_page(solution, "best", 1, 10, 3)) == ids
    assert ids_of(discussion_page(solution, "newest", 1, 10, 3)) == ids[::-1]


def test_pages_are_bounded_and_say_whether_more_follow(app, solution):
    ids = make_thread(solution, make_user(), *[(0, 0)] * 5)
    first, second, third = (discussion_page(solution, "oldest", page, 2, 3) for page in (1, 2, 3))
    assert (ids_of(first), first.has_next) == (ids[:2], True)
    assert (ids_of(second), second.has_next) == (ids[2:4], True)
    assert (ids_of(third), third.has_next) == (ids[4:], False)
    exact = discussion_page(solution, "oldest", 1, 5, 3)
    assert len(exact.comments) == 5 and not exact.has_next


def test_replies_are_not_top_level_comments_and_are_bounded_per_comment(app, solution):
    author = make_user()
    busy, quiet = make_thread(solution, author, (0, 0), (0, 0))
    busy_replies = [
        make_comment(solution, author, parent_id=busy, created_at=START + timedelta(hours=1, minutes=n)).id
        for n in range(5)
    ]
    quiet_reply = make_comment(solution, author, parent_id=quiet).id
    make_comment(make_solution(), author)  # another solution's comment never shows
    page = discussion_page(solution, "oldest", 1, 10, 3)
    assert ids_of(page) == [busy, quiet]
    assert [reply.id for reply in page.replies[busy]] == busy_replies[:3]
    assert [reply.id for reply in page.replies[quiet]] == [quiet_reply]
    assert page.reply_counts == {busy: 5, quiet: 1}


def test_thread_page_shows_one_comment_and_pages_through_its_replies(app, solution):
    author = make_user()
    (top,) = make_thread(solution, author, (0, 0))
    replies = [
        make_comment(solution, author, parent_id=top, created_at=START + timedelta(hours=1, minutes=n))
        for n in range(5)
    ]
    first, last = thread_page(solution, top, 1, 3), thread_page(solution, top, 2, 3)
    assert (
        ids_of(first) == [top] and [r.id for r in first.replies[top]] == [r.id for r in replies[:3]] and first.has_next
    )
    assert [r.id for r in last.replies[top]] == [r.id for r in replies[3:]] and not last.has_next
    assert [thread_page_number(reply, 3) for reply in replies] == [1, 1, 1, 2, 2]


def test_thread_page_is_none_for_a_reply_or_another_solutions_comment(app, solution):
    author = make_user()
    (top,) = make_thread(solution, author, (0, 0))
    reply = make_comment(solution, author, parent_id=top).id
    elsewhere = make_comment(make_solution(), author).id
    assert thread_page(solution, reply, 1, 3) is None
    assert thread_page(solution, elsewhere, 1, 3) is None
    assert thread_page(solution, 424242, 1, 3) is None
