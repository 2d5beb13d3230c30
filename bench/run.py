"""`make bench`: load PostgreSQL at two sizes, serve it with gunicorn, drive each page with wrk.

For each size the database is recreated and loaded by bench.load, gunicorn starts with
gunicorn.conf.py (2 sync workers, production config, Redis, rate limits off) on a free port,
beside a bare Flask hello-world (bench/hello.py) on the same settings, the reference every
figure is divided by. wrk measures every page at 16 connections, anonymous and signed in,
once with nobody voting and once while bench.voters posts about 20 votes per second,
BENCH_ROUNDS rounds of BENCH_DURATION seconds; then the vote posts themselves.
Results go to bench/results/<time>.json.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import redis

from .load import Plan, load
from .voters import BackgroundVoters, Voter

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
SERVER = os.environ.get("BENCH_SERVER", "postgresql+psycopg://postgres@127.0.0.1:5432")
DATABASE = os.environ.get("BENCH_DATABASE", "bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12")
SIZES = [int(size) for size in os.environ.get("BENCH_SIZES", "10000,100000").split(",")]
DURATION = int(os.environ.get("BENCH_DURATION", "5"))
# Other programs share these cores: every page is measured in each round, round after round,
# and its best round is kept, so a burst of outside work does not land on one page only.
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "2"))
WARMUP = 2
CONNECTIONS, THREADS = 16, 2
HELLO = "hello-world (bare Flask)"
APP_CEILING = "app ceiling (/bench/ceiling)"
VOTE_PAGE = "vote posts (signed in)"
SIGNED_IN = "signed in: "
MOST_COMMENTED = "solution with the most comments"
WHILE_VOTING = " + votes"
# The background voters' posts per second (bench.voters).
BACKGROUND_RATE = 20

TARGET_ANONYMOUS_SHARE, TARGET_ANONYMOUS_SHARE_VOTING = 0.5, 0.4
TARGET_SIGNED_IN_SHARE = 0.1
TARGET_P99_MS = {"anonymous": 50.0, "signed in": 150.0}
TARGET_GROWTH = 0.2
TARGET_VOTES_PER_SECOND = 500


def most_commented_solution(database_url: str) -> tuple[int, int]:
    """(id, comment count) of the published solution with the most comments, whatever that number is."""
    with psycopg.connect(database_url.replace("+psycopg", "")) as connection:
        return connection.execute(
            "SELECT id, comment_count FROM solutions WHERE status = 'published' ORDER BY comment_count DESC, id LIMIT 1"
        ).fetchone()


def pages(plan: Plan, solution_id: int) -> dict[str, tuple[str, bool]]:
    """Label -> (path, signed in) of every read, the app's own ceiling route first."""
    return {
        APP_CEILING: ("/bench/ceiling", False),
        "/": ("/", False),
        "/challenges": ("/challenges", False),
        "popular challenge, best": (f"/challenges/{plan.popular_slug}?sort=best", False),
        "popular challenge, hot": (f"/challenges/{plan.popular_slug}?sort=hot", False),
        MOST_COMMENTED: (f"/solutions/{solution_id}", False),
        "/leaderboards": ("/leaderboards", False),
        "/api/v1/stats": ("/api/v1/stats", False),
        "/feeds/solutions.atom": ("/feeds/solutions.atom", False),
        SIGNED_IN + "/": ("/", True),
        SIGNED_IN + "popular challenge": (f"/challenges/{plan.popular_slug}", True),
        SIGNED_IN + MOST_COMMENTED: (f"/solutions/{solution_id}", True),
    }


# --- tools and processes ---


def ensure_wrk() -> str:
    """wrk from Debian, installed on first use."""
    if not shutil.which("wrk"):
        subprocess.run(
            ["apt-get", "install", "-y", "wrk"], check=False, env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        )
    if not shutil.which("wrk"):
        subprocess.run(["apt-get", "update"], check=True)
        subprocess.run(
            ["apt-get", "install", "-y", "wrk"], check=True, env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        )
    return shutil.which("wrk")


def recreate_database() -> str:
    """Drop and create the benchmark database; returns its SQLAlchemy URL."""
    with psycopg.connect(SERVER.replace("+psycopg", "") + "/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{DATABASE}"')
    redis.Redis.from_url(REDIS_URL).flushdb()  # nothing cached from the previous size
    return f"{SERVER}/{DATABASE}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_environment(database_url: str, port: int) -> dict[str, str]:
    """Production settings, with rate limits off and the ceiling route on."""
    return {
        **os.environ,
        "SFIDE_CONFIG": "prod",
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": "2",
        "LOG_LEVEL": "warning",
        "FLASK_RATELIMIT_ENABLED": "false",
        "FLASK_BENCH_CEILING": "true",
    }


def start_gunicorn(
    environment: dict[str, str], log: Path, app: str = "wsgi:app", folder: Path = ROOT
) -> subprocess.Popen:
    """gunicorn with our gunicorn.conf.py, serving `app` from `folder`, once it answers."""
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "--config",
        str(ROOT / "gunicorn.conf.py"),
        "--no-control-socket",
        "--chdir",
        str(folder),
        app,
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=log.open("w"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{environment['PORT']}/{'healthz' if app == 'wsgi:app' else ''}"
    for _ in range(100):
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit(f"gunicorn did not answer at {url}; see {log}")


def start_hello(log: Path) -> tuple[subprocess.Popen, str]:
    """The bare Flask app on the same gunicorn settings; returns the server and its origin."""
    port = free_port()
    environment = {**os.environ, "HOST": "127.0.0.1", "PORT": str(port), "WEB_CONCURRENCY": "2", "LOG_LEVEL": "warning"}
    return start_gunicorn(environment, log, "hello:app", ROOT / "bench"), f"http://127.0.0.1:{port}"


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    server.wait(timeout=30)


# --- signed-in accounts ---

BACKGROUND_VOTERS = 40  # of the plan's voters; the others post the measured votes
READERS = 50


@dataclass
class Accounts:
    """Signed-in accounts for the load: wrk Lua scripts, and the background voters' accounts."""

    scripts: dict[str, Path]
    background: list[Voter]
    cookie: str
    csrf_token: str

    def background_voters(self, origin: str) -> BackgroundVoters:
        return BackgroundVoters(origin, self.background, self.cookie, self.csrf_token, rate=BACKGROUND_RATE)


def signed_in_accounts(database_url: str, plan: Plan, prefix: Path) -> Accounts:
    """The plan's voters signed in, their server-side sessions created directly.

    "votes" (wrk): every account flips its vote on one solution between 1 and 0 (every post is
    a real change); the background voters do the same with the last BACKGROUND_VOTERS accounts;
    "reader" (wrk): GET the URL as one of READERS signed-in accounts in turn.
    """
    from flask import session
    from flask_wtf.csrf import generate_csrf

    from challenge import create_app
    from challenge.account import sessions as auth_sessions
    from challenge.core.extensions import db
    from challenge.models import User

    os.environ["DATABASE_URL"] = database_url
    app = create_app("prod")
    with app.app_context():
        tokens = [auth_sessions.start(db.session.get(User, user_id), "wrk") for user_id in plan.voter_ids]
        with app.test_request_context():
            csrf_token = generate_csrf()
            flask_session = app.session_interface.get_signing_serializer(app).dumps(dict(session))
        db.engine.dispose()
    cookie = f"{app.config['SESSION_COOKIE_NAME']}={flask_session}; {app.config['AUTH_COOKIE_NAME']}="
    targets = [plan.vote_targets[number % len(plan.vote_targets)] for number in range(len(tokens))]
    measured = [f'{{"{token}", {target}}}' for token, target in zip(tokens, targets, strict=True)]
    scripts = {"votes": prefix.with_name(f"{prefix.name}-votes.lua.tmp")}
    scripts["votes"].write_text(
        VOTER_TEMPLATE.replace("ACCOUNTS", ",\n".join(measured[:-BACKGROUND_VOTERS]))
        .replace("COOKIE", cookie)
        .replace("CSRF_TOKEN", csrf_token)
        .replace("THREADS", str(THREADS))
    )
    scripts["reader"] = prefix.with_name(f"{prefix.name}-reader.lua.tmp")
    scripts["reader"].write_text(
        READER_TEMPLATE.replace("TOKENS", ",\n".join(f'"{token}"' for token in tokens[:READERS])).replace(
            "COOKIE", cookie
        )
    )
    background = [
        Voter(token, target)
        for token, target in zip(tokens[-BACKGROUND_VOTERS:], targets[-BACKGROUND_VOTERS:], strict=True)
    ]
    return Accounts(scripts, background, cookie, csrf_token)


VOTER_TEMPLATE = """
local accounts = {
ACCOUNTS
}
local counter = 0
function setup(thread)
  thread:set("offset", counter)
  counter = counter + 1
end
function init(args)
  mine, last, next_account = {}, {}, 1
  for i = offset + 1, #accounts, THREADS do table.insert(mine, accounts[i]) end
end
function request()
  local account = mine[next_account]
  next_account = next_account % #mine + 1
  local value = (last[account[1]] == 1) and 0 or 1
  last[account[1]] = value
  return wrk.format("POST", "/solutions/" .. account[2] .. "/vote", {
    ["Cookie"] = "COOKIE" .. account[1],
    ["X-CSRFToken"] = "CSRF_TOKEN",
    ["Accept"] = "application/json",
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }, "value=" .. value)
end
"""

READER_TEMPLATE = """
local tokens = {
TOKENS
}
local next_token = 1
function request()
  local token = tokens[next_token]
  next_token = next_token % #tokens + 1
  return wrk.format("GET", nil, {["Cookie"] = "COOKIE" .. token})
end
"""


def recount_corrections(database_url: str) -> int:
    """How many counters the recount service had to fix (0 means every vote was counted exactly)."""
    from challenge import create_app
    from challenge.core.extensions import db
    from challenge.core.recount import recount

    os.environ["DATABASE_URL"] = database_url
    app = create_app("prod")
    with app.app_context():
        corrections = len(recount())
        db.engine.dispose()
    return corrections


# --- measuring ---


def _milliseconds(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk_command(
    binary: str,
    url: str,
    duration: int,
    script: Path | None = None,
    threads: int = THREADS,
    connections: int = CONNECTIONS,
) -> list[str]:
    command = [binary, f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "--latency", url]
    if script:
        command[1:1] = ["-s", str(script)]
    return command


def drain(url: str) -> None:
    """Wait until the requests wrk left queued are served, so the next page does not pay for them.

    The listen queue is served in order: once a new request to the server's cheapest
    route is answered, everything queued before it has been handled.
    """
    origin = "/".join(url.split("/")[:3])
    cheapest = "/" if origin == HELLO_ORIGIN.get("url") else "/bench/ceiling"
    with urllib.request.urlopen(f"{origin}{cheapest}", timeout=120) as response:
        response.read()


HELLO_ORIGIN: dict[str, str] = {}  # the hello-world server's origin, set once it runs


def figures_of(output: str) -> dict:
    """Requests per second, p50 and p99 in ms, and failed requests, from wrk's report."""
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", output, re.MULTILINE))
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    failed = sum(map(int, socket_errors.groups() if socket_errors else ())) + int(non_2xx.group(1) if non_2xx else 0)
    return {
        "requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": _milliseconds(latency["50"]),
        "p99_ms": _milliseconds(latency["99"]),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "failed": failed,
    }


def wrk(
    binary: str, url: str, duration: int, script: Path | None = None, voters: BackgroundVoters | None = None
) -> dict:
    """Run wrk once (with `voters` posting meanwhile); its figures, and the voters'."""
    if voters:
        voters.start()
    output = subprocess.run(
        wrk_command(binary, url, duration, script), capture_output=True, text=True, check=True
    ).stdout
    result = figures_of(output)
    if voters:
        result["background_votes_per_second"], result["background_failed"] = voters.stop()
    drain(url)
    return result


def measure_size(binary: str, solutions: int, log: Path) -> dict:
    """Load, serve and measure one size; returns label -> figures."""
    print(f"\n=== {solutions:,} solutions ===", flush=True)
    database_url = recreate_database()
    plan = load(database_url, solutions, check=False)  # the recount after the vote run checks everything
    accounts = signed_in_accounts(database_url, plan, RESULTS / f"bench-{solutions}")
    scripts = accounts.scripts
    solution_id, comments = most_commented_solution(database_url)
    reads = pages(plan, solution_id)
    hello, HELLO_ORIGIN["url"] = start_hello(log.with_name(f"hello-{solutions}.log.tmp"))
    port = free_port()
    server = start_gunicorn(server_environment(database_url, port), log)
    origin = f"http://127.0.0.1:{port}"
    figures: dict[str, dict] = {}
    try:
        for path, signed_in in reads.values():
            # The first requests of each worker compile templates and fill the cache.
            subprocess.run(
                wrk_command(binary, origin + path, WARMUP, scripts["reader"] if signed_in else None),
                capture_output=True,
            )
            drain(origin)
        for round_number in range(ROUNDS):
            keep_best(figures, HELLO, wrk(binary, HELLO_ORIGIN["url"] + "/", DURATION))
            for voting, suffix in ((False, ""), (True, WHILE_VOTING)):
                for label, (path, signed_in) in reads.items():
                    voters = accounts.background_voters(origin) if voting else None
                    result = wrk(binary, origin + path, DURATION, scripts["reader"] if signed_in else None, voters)
                    keep_best(figures, label + suffix, result)
            keep_best(figures, VOTE_PAGE, wrk(binary, origin, DURATION, scripts["votes"]))
            print(
                f"  round {round_number + 1}: "
                + ", ".join(f"{label} {v['requests_per_second']:.0f}/s" for label, v in figures.items()),
                flush=True,
            )
    finally:
        stop(server)
        stop(hello)
    figures[VOTE_PAGE]["recount_corrections"] = recount_corrections(database_url)
    for label in figures:
        if MOST_COMMENTED in label:
            figures[label]["comments"] = comments
    reference = figures[HELLO]["requests_per_second"]
    for values in figures.values():
        values["hello_ratio"] = round(values["requests_per_second"] / reference, 3)
    return figures


def keep_best(figures: dict[str, dict], label: str, result: dict) -> None:
    if label not in figures or result["requests_per_second"] > figures[label]["requests_per_second"]:
        figures[label] = result


# --- reporting ---


def growth(results: dict) -> dict[str, float]:
    """Per row: share of the hello-world at the largest size over the smallest (1.0 = no slower).

    Each size is divided by its own hello-world because the outside load on these shared
    cores changes between the two runs; raw requests per second are in the JSON beside it.
    """
    small, large = results[str(min(SIZES))], results[str(max(SIZES))]
    return {
        label: round(large[label]["hello_ratio"] / small[label]["hello_ratio"], 3)
        if small[label]["hello_ratio"]
        else 0.0
        for label in small
    }


def verdicts(results: dict, ratios: dict[str, float]) -> list[str]:
    """One line per target that was missed; empty when every target is met."""
    missed = []
    for size, figures in results.items():
        for label, values in figures.items():
            if label in (HELLO, VOTE_PAGE) or label.startswith(APP_CEILING):
                continue
            kind = "signed in" if label.startswith(SIGNED_IN) else "anonymous"
            voting = label.endswith(WHILE_VOTING)
            share = (
                TARGET_SIGNED_IN_SHARE
                if kind == "signed in"
                else TARGET_ANONYMOUS_SHARE_VOTING
                if voting
                else TARGET_ANONYMOUS_SHARE
            )
            if values["hello_ratio"] < share:
                missed.append(f"{size}: {label} at {values['hello_ratio']:.2f} of the hello-world (target {share})")
            if voting and values["p99_ms"] >= TARGET_P99_MS[kind]:
                missed.append(f"{size}: {label} p99 {values['p99_ms']:.1f} ms (target < {TARGET_P99_MS[kind]:.0f})")
            if values["failed"] or values.get("background_failed"):
                missed.append(
                    f"{size}: {label} had {values['failed']} failed requests, {values.get('background_failed', 0)} failed votes"
                )
        votes = figures[VOTE_PAGE]
        if votes["requests_per_second"] < TARGET_VOTES_PER_SECOND or votes["failed"] or votes["recount_corrections"]:
            missed.append(
                f"{size}: votes {votes['requests_per_second']:.0f}/s, {votes['failed']} failed, "
                f"recount fixed {votes['recount_corrections']} (target >= {TARGET_VOTES_PER_SECOND}/s, exact)"
            )
    if len(results) > 1:
        for label, ratio in ratios.items():
            if label != HELLO and ratio < 1 - TARGET_GROWTH:
                missed.append(
                    f"{label}: the large run does {ratio:.2f} of the small run (target >= {1 - TARGET_GROWTH:.2f})"
                )
    return missed


def table(results: dict, ratios: dict[str, float]) -> str:
    """A Markdown table: one row per measurement, columns per size, and the growth ratio.

    `÷ hello` is requests per second over the hello-world's in the same run; `votes/s` is
    the rate (and failures) of the background voters during that measurement.
    """
    sizes = list(results)
    header = "| page | " + " | ".join(f"{int(s):,} sol.: req/s | p50 ms | p99 ms | ÷ hello | votes/s" for s in sizes)
    header += " | large/small (÷ hello) |" if len(sizes) > 1 else " |"
    lines = [header, "|" + " --- |" * (1 + 5 * len(sizes) + (len(sizes) > 1))]
    for label in results[sizes[0]]:
        cells = []
        for size in sizes:
            v = results[size][label]
            voters = (
                f"{v['background_votes_per_second']:.0f} ({v['background_failed']} failed)"
                if "background_failed" in v
                else ""
            )
            cells.append(
                f"{v['requests_per_second']:.0f} | {v['p50_ms']:.1f} | {v['p99_ms']:.1f} | {v['hello_ratio']:.2f} | {voters}"
            )
        comments = (
            " / ".join(f"{results[size][label]['comments']:,}" for size in sizes)
            if "comments" in results[sizes[0]][label]
            else ""
        )
        row = f"| {label}{f' ({comments})' if comments else ''} | " + " | ".join(cells)
        lines.append(row + (f" | {ratios[label]:.2f} |" if len(sizes) > 1 else " |"))
    return "\n".join(lines)


def main() -> int:
    binary = ensure_wrk()
    RESULTS.mkdir(exist_ok=True)
    os.environ["SECRET_KEY"] = secrets.token_hex(32)  # gunicorn and the voter cookies share it
    started, load_before = time.perf_counter(), os.getloadavg()
    results = {str(size): measure_size(binary, size, RESULTS / f"gunicorn-{size}.log.tmp") for size in SIZES}
    for path in RESULTS.glob("*.lua.tmp"):
        path.unlink()
    ratios = growth(results) if len(results) > 1 else {}
    missed = verdicts(results, ratios)
    print("\n" + table(results, ratios))
    print("\nTargets: " + ("all met" if not missed else "missed:\n  " + "\n  ".join(missed)))
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    document = {
        "when": stamp,
        "commit": commit,
        "cpus": os.cpu_count(),
        "duration_s": DURATION,
        "rounds": ROUNDS,
        "wrk": f"-t{THREADS} -c{CONNECTIONS} --latency",
        "workers": 2,
        "results": results,
        "background_voters": f"bench.voters: {BACKGROUND_RATE} posts per second, each a whole request",
        "large_over_small": ratios,
        "missed": missed,
        "elapsed_s": round(time.perf_counter() - started),
        # Other work on the same cores slows the ceiling and the pages alike; the ratios still compare.
        "load_average_before": load_before,
        "load_average_after": os.getloadavg(),
    }
    path = RESULTS / f"{stamp}.json"
    path.write_text(json.dumps(document, indent=2) + "\n")
    print(f"\nSaved {path.relative_to(ROOT)} in {document['elapsed_s']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
