"""`make bench`: load PostgreSQL at two sizes, serve it with gunicorn, drive each page with wrk.

For each size the database is recreated and loaded by bench.load, gunicorn starts with
gunicorn.conf.py (2 sync workers, production config, Redis, rate limits off) on a free port,
and wrk measures every page at 16 connections, BENCH_ROUNDS rounds of BENCH_DURATION seconds, beside a ceiling
route of the same app that does no work. Results go to bench/results/<time>.json.
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
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import redis

from .load import Plan, load

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
SERVER = os.environ.get("BENCH_SERVER", "postgresql+psycopg://postgres@127.0.0.1:5432")
DATABASE = os.environ.get("BENCH_DATABASE", "bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12")
SIZES = [int(size) for size in os.environ.get("BENCH_SIZES", "1000,100000").split(",")]
DURATION = int(os.environ.get("BENCH_DURATION", "5"))
# Other programs share these cores: every page is measured in each round, round after round,
# and its best round is kept, so a burst of outside work does not land on one page only.
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
WARMUP = 2
CONNECTIONS, THREADS = 16, 2
VOTE_PAGE = "vote posts (signed in)"

TARGET_CEILING_SHARE = 0.5
TARGET_P99_MS = 50.0
TARGET_GROWTH = 0.2
TARGET_VOTES_PER_SECOND = 300


def pages(plan: Plan) -> dict[str, str]:
    """Label -> path of every anonymous read, the ceiling first."""
    return {
        "ceiling": "/bench/ceiling",
        "/": "/",
        "/challenges": "/challenges",
        "popular challenge, best": f"/challenges/{plan.popular_slug}?sort=best",
        "popular challenge, hot": f"/challenges/{plan.popular_slug}?sort=hot",
        "solution, 200 comments": f"/solutions/{plan.chosen_solution_id}",
        "/leaderboards": "/leaderboards",
        "/api/v1/stats": "/api/v1/stats",
        "/feeds/solutions.atom": "/feeds/solutions.atom",
    }


# --- tools and processes ---


def ensure_wrk() -> str:
    """wrk from Debian, installed on first use."""
    if not shutil.which("wrk"):
        subprocess.run(["apt-get", "install", "-y", "wrk"], check=False, env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    if not shutil.which("wrk"):
        subprocess.run(["apt-get", "update"], check=True)
        subprocess.run(["apt-get", "install", "-y", "wrk"], check=True, env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
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


def start_gunicorn(environment: dict[str, str], log: Path) -> subprocess.Popen:
    command = [str(ROOT / ".venv" / "bin" / "gunicorn"), "--config", "gunicorn.conf.py", "--no-control-socket", "wsgi:app"]
    server = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=log.open("w"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{environment['PORT']}/healthz"
    for _ in range(100):
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit(f"gunicorn did not answer at {url}; see {log}")


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    server.wait(timeout=30)


# --- signed-in voters ---


def voter_script(database_url: str, plan: Plan, path: Path) -> None:
    """A wrk Lua script: each account flips its vote on one solution between 1 and 0."""
    from flask import session
    from flask_wtf.csrf import generate_csrf

    from challenge import create_app
    from challenge.extensions import db
    from challenge.models import User
    from challenge.services import auth_sessions

    os.environ["DATABASE_URL"] = database_url
    app = create_app("prod")
    with app.app_context():
        tokens = [auth_sessions.start(db.session.get(User, user_id), "wrk") for user_id in plan.voter_ids]
        with app.test_request_context():
            csrf_token = generate_csrf()
            flask_session = app.session_interface.get_signing_serializer(app).dumps(dict(session))
        db.engine.dispose()
    accounts = ",\n".join(
        f'{{"{token}", {plan.vote_targets[number % len(plan.vote_targets)]}}}' for number, token in enumerate(tokens)
    )
    path.write_text(
        LUA_TEMPLATE.replace("ACCOUNTS", accounts)
        .replace("SESSION_COOKIE", f"{app.config['SESSION_COOKIE_NAME']}={flask_session}")
        .replace("AUTH_COOKIE", app.config["AUTH_COOKIE_NAME"])
        .replace("CSRF_TOKEN", csrf_token)
        .replace("THREADS", str(THREADS))
    )


LUA_TEMPLATE = """
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
    ["Cookie"] = "SESSION_COOKIE; AUTH_COOKIE=" .. account[1],
    ["X-CSRFToken"] = "CSRF_TOKEN",
    ["Accept"] = "application/json",
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }, "value=" .. value)
end
"""


def recount_corrections(database_url: str) -> int:
    """How many counters the recount service had to fix (0 means every vote was counted exactly)."""
    from challenge import create_app
    from challenge.extensions import db
    from challenge.services.recount import recount

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


def run_wrk(binary: str, url: str, duration: int, script: Path | None = None) -> str:
    command = [binary, f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{duration}s", "--timeout", "10s", "--latency", url]
    if script:
        command[1:1] = ["-s", str(script)]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    drain(url)
    return output


def drain(url: str) -> None:
    """Wait until the requests wrk left queued are served, so the next page does not pay for them.

    The listen queue is served in order: once a new request to the ceiling is answered,
    everything queued before it has been handled.
    """
    origin = "/".join(url.split("/")[:3])
    with urllib.request.urlopen(f"{origin}/bench/ceiling", timeout=120) as response:
        response.read()


def wrk(binary: str, url: str, duration: int, script: Path | None = None) -> dict:
    """Run wrk once; requests per second, p50 and p99 in ms, and failed requests."""
    output = run_wrk(binary, url, duration, script)
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


def measure_size(binary: str, solutions: int, log: Path) -> dict:
    """Load, serve and measure one size; returns label -> figures."""
    print(f"\n=== {solutions:,} solutions ===", flush=True)
    database_url = recreate_database()
    plan = load(database_url, solutions, check=False)  # the recount after the vote run checks everything
    script = RESULTS / f"votes-{solutions}.lua.tmp"
    voter_script(database_url, plan, script)
    port = free_port()
    server = start_gunicorn(server_environment(database_url, port), log)
    urls = {label: f"http://127.0.0.1:{port}{path}" for label, path in pages(plan).items()}
    figures: dict[str, dict] = {}
    try:
        for url in urls.values():
            run_wrk(binary, url, WARMUP)  # the first requests of each worker compile templates
        for round_number in range(ROUNDS):
            for label, url in urls.items():
                keep_best(figures, label, wrk(binary, url, DURATION))
            keep_best(figures, VOTE_PAGE, wrk(binary, f"http://127.0.0.1:{port}", DURATION, script))
            print(f"  round {round_number + 1}: " + ", ".join(f"{label} {v['requests_per_second']:.0f}/s" for label, v in figures.items()), flush=True)
    finally:
        stop(server)
    figures[VOTE_PAGE]["recount_corrections"] = recount_corrections(database_url)
    ceiling = figures["ceiling"]["requests_per_second"]
    for values in figures.values():
        values["ceiling_ratio"] = round(values["requests_per_second"] / ceiling, 3)
    return figures


def keep_best(figures: dict[str, dict], label: str, result: dict) -> None:
    if label not in figures or result["requests_per_second"] > figures[label]["requests_per_second"]:
        figures[label] = result


# --- reporting ---


def growth(results: dict) -> dict[str, float]:
    """Per page: share of the ceiling at the largest size over the smallest (1.0 = no slower).

    Each size is divided by its own ceiling because the outside load on these shared cores
    changes between the two runs; raw requests per second are in the JSON beside it.
    """
    small, large = results[str(min(SIZES))], results[str(max(SIZES))]
    return {
        label: round(large[label]["ceiling_ratio"] / small[label]["ceiling_ratio"], 3) if small[label]["ceiling_ratio"] else 0.0
        for label in small
    }


def verdicts(results: dict, ratios: dict[str, float]) -> list[str]:
    """One line per target that was missed; empty when every target is met."""
    missed = []
    for size, figures in results.items():
        for label, values in figures.items():
            if label in ("ceiling", VOTE_PAGE):
                continue
            if values["ceiling_ratio"] < TARGET_CEILING_SHARE:
                missed.append(f"{size}: {label} at {values['ceiling_ratio']:.2f} of the ceiling (target {TARGET_CEILING_SHARE})")
            if values["p99_ms"] >= TARGET_P99_MS:
                missed.append(f"{size}: {label} p99 {values['p99_ms']:.1f} ms (target < {TARGET_P99_MS:.0f})")
            if values["failed"]:
                missed.append(f"{size}: {label} had {values['failed']} failed requests")
        votes = figures[VOTE_PAGE]
        if votes["requests_per_second"] < TARGET_VOTES_PER_SECOND or votes["failed"] or votes["recount_corrections"]:
            missed.append(f"{size}: votes {votes['requests_per_second']:.0f}/s, {votes['failed']} failed, "
                          f"recount fixed {votes['recount_corrections']} (target >= {TARGET_VOTES_PER_SECOND}/s, exact)")
    if len(results) > 1:
        for label, ratio in ratios.items():
            if label != "ceiling" and ratio < 1 - TARGET_GROWTH:
                missed.append(f"{label}: the large run does {ratio:.2f} of the small run (target >= {1 - TARGET_GROWTH:.2f})")
    return missed


def table(results: dict, ratios: dict[str, float]) -> str:
    """A Markdown table: one row per page, columns per size, and the growth ratio."""
    sizes = list(results)
    header = "| page | " + " | ".join(f"{int(s):,} sol.: req/s | p50 ms | p99 ms | × ceiling" for s in sizes)
    header += " | large/small (÷ ceiling) |" if len(sizes) > 1 else " |"
    lines = [header, "|" + " --- |" * (1 + 4 * len(sizes) + (len(sizes) > 1))]
    for label in results[sizes[0]]:
        cells = []
        for size in sizes:
            v = results[size][label]
            cells.append(f"{v['requests_per_second']:.0f} | {v['p50_ms']:.1f} | {v['p99_ms']:.1f} | {v['ceiling_ratio']:.2f}")
        row = f"| {label} | " + " | ".join(cells)
        lines.append(row + (f" | {ratios[label]:.2f} |" if len(sizes) > 1 else " |"))
    return "\n".join(lines)


def main() -> int:
    binary = ensure_wrk()
    RESULTS.mkdir(exist_ok=True)
    os.environ["SECRET_KEY"] = secrets.token_hex(32)  # gunicorn and the voter cookies share it
    started, load_before = time.perf_counter(), os.getloadavg()
    results = {str(size): measure_size(binary, size, RESULTS / f"gunicorn-{size}.log.tmp") for size in SIZES}
    ratios = growth(results) if len(results) > 1 else {}
    missed = verdicts(results, ratios)
    print("\n" + table(results, ratios))
    print("\nTargets: " + ("all met" if not missed else "missed:\n  " + "\n  ".join(missed)))
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    document = {
        "when": stamp, "commit": commit, "cpus": os.cpu_count(), "duration_s": DURATION, "rounds": ROUNDS,
        "wrk": f"-t{THREADS} -c{CONNECTIONS} --latency", "workers": 2, "results": results,
        "large_over_small": ratios, "missed": missed, "elapsed_s": round(time.perf_counter() - started),
        # Other work on the same cores slows the ceiling and the pages alike; the ratios still compare.
        "load_average_before": load_before, "load_average_after": os.getloadavg(),
    }
    path = RESULTS / f"{stamp}.json"
    path.write_text(json.dumps(document, indent=2) + "\n")
    print(f"\nSaved {path.relative_to(ROOT)} in {document['elapsed_s']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
