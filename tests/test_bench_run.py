"""The benchmark's reference app, pages and verdicts (the measuring itself needs gunicorn and wrk)."""

from __future__ import annotations

from bench import run
from bench.hello import app as hello_app
from bench.load import Plan


def figures(rate: float, ratio: float, p99: float = 10.0, **extra) -> dict:
    return {
        "requests_per_second": rate,
        "p50_ms": 5.0,
        "p99_ms": p99,
        "requests": 100,
        "failed": 0,
        "hello_ratio": ratio,
        **extra,
    }


def one_size(**rows: dict) -> dict:
    base = {
        run.HELLO: figures(5000, 1.0),
        run.APP_CEILING: figures(100, 0.02),  # the app's own ceiling is reported, never judged
        run.VOTE_PAGE: figures(600, 0.12, recount_corrections=0),
    }
    return {"10000": {**base, **rows}}


def test_the_reference_is_a_bare_flask_app():
    response = hello_app.test_client().get("/")
    assert response.status_code == 200 and response.get_data(as_text=True) == "ok"
    assert [rule.rule for rule in hello_app.url_map.iter_rules() if rule.endpoint != "static"] == ["/"]


def test_pages_include_signed_in_reads_of_the_most_commented_solution():
    plan = Plan(popular_slug="rifiuti-1")
    pages = run.pages(plan, 42)
    assert pages[run.SIGNED_IN + run.MOST_COMMENTED] == ("/solutions/42", True)
    assert pages[run.MOST_COMMENTED] == ("/solutions/42", False)
    assert pages[run.SIGNED_IN + "/"] == ("/", True)
    assert pages[run.SIGNED_IN + "popular challenge"] == ("/challenges/rifiuti-1", True)


def test_verdicts_apply_each_target_to_its_kind_of_page():
    assert (
        run.verdicts(
            one_size(
                **{
                    "/": figures(2600, 0.52),
                    "/ + votes": figures(2100, 0.42, p99=40.0, background_votes_per_second=19.0, background_failed=0),
                    run.SIGNED_IN + "/": figures(600, 0.12),
                    run.SIGNED_IN + "/ + votes": figures(
                        550, 0.11, p99=140.0, background_votes_per_second=20.0, background_failed=0
                    ),
                }
            ),
            {},
        )
        == []
    )
    missed = run.verdicts(
        one_size(
            **{
                "/": figures(2300, 0.46),
                "/ + votes": figures(2100, 0.42, p99=55.0, background_votes_per_second=19.0, background_failed=3),
                run.SIGNED_IN + "/": figures(400, 0.08),
                run.SIGNED_IN + "/ + votes": figures(
                    550, 0.11, p99=160.0, background_votes_per_second=20.0, background_failed=0
                ),
                run.VOTE_PAGE: figures(450, 0.09, recount_corrections=0),
            }
        ),
        {},
    )
    assert missed == [
        "10000: / at 0.46 of the hello-world (target 0.5)",
        "10000: / + votes p99 55.0 ms (target < 50)",
        "10000: / + votes had 0 failed requests, 3 failed votes",
        "10000: signed in: / at 0.08 of the hello-world (target 0.1)",
        "10000: signed in: / + votes p99 160.0 ms (target < 150)",
        "10000: votes 450/s, 0 failed, recount fixed 0 (target >= 500/s, exact)",
    ]


def test_table_shows_ratios_to_the_hello_world_and_the_background_votes():
    results = one_size(
        **{
            run.MOST_COMMENTED + run.WHILE_VOTING: figures(
                2100, 0.42, background_votes_per_second=19.4, background_failed=0, comments=532
            ),
        }
    )
    lines = run.table(results, {}).splitlines()
    assert "÷ hello" in lines[0] and "votes/s" in lines[0]
    assert "| solution with the most comments + votes (532) | 2100 | 5.0 | 10.0 | 0.42 | 19 (0 failed) |" in lines
