"""Profile pages in-process with pyinstrument, against a loaded database.

    .venv/bin/python -m bench.profile --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench /solutions/9 /
    .venv/bin/python -m bench.profile --signed-in --vote 2 /challenges/some-slug

Each path is requested a few times to warm up, then timed and profiled with the test
client, under the production configuration with the request log silenced, anonymously or
(`--signed-in`) as a citizen with a server-side session, as the benchmark's readers are.
The SQL statements of one request are counted and listed. `--vote ID` profiles vote posts
on that solution, flipping between 1 and 0 so that each is a real change.
"""

from __future__ import annotations

import argparse
import logging
import os
import time
from collections import Counter


def _sign_in(app, client) -> str:
    """A citizen with no votes of their own is signed in; returns the CSRF token for posts."""
    from flask import session
    from flask_wtf.csrf import generate_csrf
    from sqlalchemy import select

    from challenge.account import sessions as auth_sessions
    from challenge.core.extensions import db
    from challenge.models import User

    with app.app_context():
        user = db.session.scalars(select(User).where(User.role == "citizen").order_by(User.id.desc())).first()
        client.set_cookie(app.config["AUTH_COOKIE_NAME"], auth_sessions.start(user, "profile"))
    with client.session_transaction() as flask_session, app.test_request_context():
        token = generate_csrf()
        flask_session.update(session)
    return token


def _statements(app, request) -> Counter:
    from sqlalchemy import event

    from challenge.core.extensions import db

    found: Counter = Counter()

    def count(conn, cursor, statement, parameters, context, executemany):
        found[" ".join(statement.split()[:8])[:100]] += 1

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    request()
    event.remove(engine, "before_cursor_execute", count)
    return found


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*")
    parser.add_argument(
        "--database-url", default=os.environ.get("DATABASE_URL"), required="DATABASE_URL" not in os.environ
    )
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--signed-in", action="store_true")
    parser.add_argument("--vote", type=int, help="a solution id to post votes on (implies --signed-in)")
    args = parser.parse_args(argv)
    os.environ.update(DATABASE_URL=args.database_url, FLASK_RATELIMIT_ENABLED="false")
    from pyinstrument import Profiler

    from challenge import create_app

    app = create_app("prod")
    logging.getLogger("sfide.request").disabled = True
    client = app.test_client()
    csrf = _sign_in(app, client) if args.signed_in or args.vote else ""
    values = iter([1, 0] * (args.requests + 10))
    headers = {"X-CSRFToken": csrf, "Accept": "application/json"}

    def vote():
        return client.post(f"/solutions/{args.vote}/vote", data={"value": next(values)}, headers=headers)

    requests = {path: (lambda path=path: client.get(path)) for path in args.paths}
    if args.vote:
        requests[f"vote on /solutions/{args.vote}"] = vote
    for label, request in requests.items():
        for _ in range(3):
            request()
        statements = _statements(app, request)
        profiler = Profiler()
        started = time.perf_counter()
        with profiler:
            for _ in range(args.requests):
                status = request().status_code
        print(f"{label}: {status}, {(time.perf_counter() - started) / args.requests * 1000:.1f} ms per request")
        print(f"{sum(statements.values())} statements:")
        for statement, times in statements.most_common():
            print(f"  {times} x {statement}")
        print(profiler.output_text(color=False))


if __name__ == "__main__":
    main()
