"""The benchmark's background voters post whole requests, each one changing its account's vote."""

from __future__ import annotations

import itertools
import threading

from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from bench.voters import BackgroundVoters, Voter


def _recording_server(status: int):
    posts: list[tuple[str, str, str, str]] = []
    enough = threading.Event()

    @Request.application
    def app(request: Request) -> Response:
        posts.append(
            (request.path, request.headers["Cookie"], request.headers["X-CSRFToken"], request.get_data(as_text=True))
        )
        if len(posts) >= 6:
            enough.set()
        return Response("{}", status=status, mimetype="application/json")

    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, posts, enough


def test_each_post_flips_its_accounts_vote_and_is_counted():
    server, posts, enough = _recording_server(200)
    voters = [Voter("token-a", 7), Voter("token-b", 9)]
    background = BackgroundVoters(f"http://127.0.0.1:{server.port}", voters, "session=s; auth=", "csrf", rate=200)
    background.start()
    enough.wait(10)
    rate, failed = background.stop()
    server.shutdown()
    assert failed == 0 and rate > 0 and background.posted == len(posts) >= 6
    for token, solution_id in (("token-a", 7), ("token-b", 9)):
        mine = [body for path, cookie, csrf, body in posts if cookie == f"session=s; auth={token}"]
        assert {path for path, cookie, *_ in posts if cookie.endswith(token)} == {f"/solutions/{solution_id}/vote"}
        assert mine[0] == "value=1" and all(one != next_one for one, next_one in itertools.pairwise(mine))
    assert {csrf for _, _, csrf, _ in posts} == {"csrf"}


def test_refused_posts_are_failures():
    server, posts, enough = _recording_server(403)
    background = BackgroundVoters(f"http://127.0.0.1:{server.port}", [Voter("t", 1)], "c=", "x", rate=200, threads=1)
    background.start()
    enough.wait(10)
    rate, failed = background.stop()
    server.shutdown()
    assert failed == background.posted == len(posts) and rate == 0
