"""Profile pages in-process with pyinstrument, against a loaded database.

    .venv/bin/python -m bench.profile --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench /solutions/9 /

Each path is requested a few times to warm up, then timed and profiled with the test
client, under the production configuration with the request log silenced.
"""

from __future__ import annotations

import argparse
import logging
import os
import time


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument(
        "--database-url", default=os.environ.get("DATABASE_URL"), required="DATABASE_URL" not in os.environ
    )
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args(argv)
    os.environ.update(DATABASE_URL=args.database_url, FLASK_RATELIMIT_ENABLED="false")
    from pyinstrument import Profiler

    from challenge import create_app

    app = create_app("prod")
    logging.getLogger("sfide.request").disabled = True
    client = app.test_client()
    for path in args.paths:
        for _ in range(3):
            client.get(path)
        profiler = Profiler()
        started = time.perf_counter()
        with profiler:
            for _ in range(args.requests):
                status = client.get(path).status_code
        print(f"{path}: {status}, {(time.perf_counter() - started) / args.requests * 1000:.1f} ms per request")
        print(profiler.output_text(color=False))


if __name__ == "__main__":
    main()
