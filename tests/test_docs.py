"""The repository documents itself: docs/contract.md names every route and command, and neither the
README nor docs/ sends readers outside the repository."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.sqlite_only  # database-independent: the SQLite pass runs it once

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\]\(([^)\s]+)\)")
# Flask's own commands and the rate limiter's: documented by them, not by us.
FOREIGN_COMMANDS = {"db", "routes", "run", "shell", "limiter"}


def placeholders_blanked(path: str) -> str:
    """`/solutions/<int:solution_id>/vote` and `/solutions/<id>/vote` compare equal."""
    return re.sub(r"<[^>]*>", "<>", path)


def documented_paths() -> set[str]:
    text = (ROOT / "docs" / "contract.md").read_text(encoding="utf-8")
    return {placeholders_blanked(path) for path in re.findall(r"`(/[^`\s]*)`", text)}


def test_docs_exist_and_the_readme_points_there():
    for name in ("README.md", "product.md", "contract.md", "settings.md", "open-data.md"):
        assert (ROOT / "docs" / name).is_file(), name
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "](docs/README.md)" in readme and "](docs/contract.md)" in readme


@pytest.mark.parametrize("document", DOCUMENTS, ids=[str(d.relative_to(ROOT)) for d in DOCUMENTS])
def test_no_document_points_outside_the_repository(document):
    text = document.read_text(encoding="utf-8")
    assert "shared/PRODUCT.md" not in text and "/work/" not in text
    for target in LINK.findall(text):
        if re.match(r"[a-z]+:", target) or target.startswith("#"):
            continue  # a web address or an anchor in the same page
        resolved = (document.parent / target.split("#")[0]).resolve()
        assert resolved.is_relative_to(ROOT), f"{target} leaves the repository"
        assert resolved.exists(), f"{target} does not exist"


def test_every_route_is_in_the_contract(app):
    documented = documented_paths()
    missing = sorted(
        rule.rule
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
        and placeholders_blanked(rule.rule) not in documented
        # `/challenges/<slug>/<any(follow, unfollow):choice>` is written with its choices spelled out.
        and placeholders_blanked(re.sub(r"<any\(([^)]*)\):\w+>", lambda m: "<>", rule.rule)) not in documented
    )
    assert missing == [], f"routes missing from docs/contract.md: {missing}"


def test_every_command_is_in_the_contract(app):
    text = (ROOT / "docs" / "contract.md").read_text(encoding="utf-8")
    commands = set(app.cli.commands)
    assert {"users", "seed-demo", "recount", "outbox"} <= commands
    for name in sorted(commands - FOREIGN_COMMANDS):
        command = app.cli.commands[name]
        subcommands = getattr(command, "commands", None)
        if subcommands:
            for sub in subcommands:
                assert re.search(rf"`{re.escape(name)} {re.escape(sub)}\b", text), f"{name} {sub}"
        else:
            assert re.search(rf"`{re.escape(name)}\b", text), name
