"""The repository documents itself: docs/contract.md names every route and command, docs/settings.md
every setting, docs/README.md every page of docs/; links and anchors between the documents resolve,
every `challenge/...` path they name exists, and none sends readers outside the repository."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from challenge.config import CONFIGS

pytestmark = pytest.mark.sqlite_only  # database-independent: the SQLite pass runs it once

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\]\(([^)\s]+)\)")
# The README's former sections, each a page of docs/ now.
MOVED_FROM_README = (
    "rankings.md",
    "search.md",
    "evaluation.md",
    "moderation.md",
    "spid.md",
    "security.md",
    "deploy.md",
    "cache.md",
    "benchmarks.md",
    "development.md",
)
# Settings of challenge/config.py that are not docs/settings.md's business, with the reason.
SETTINGS_EXEMPT = {
    "TESTING": "Flask's, set by TestConfig only",
    "DEBUG": "Flask's; off in every configuration",
    "WTF_CSRF_ENABLED": "set by TestConfig only; CSRF is always on in the site",
    "SQLALCHEMY_RECORD_QUERIES": "for the query-count tests only",
    "COMPRESS_ALGORITHM": "Flask-Compress's options: an internal constant",
    "COMPRESS_MIMETYPES": "Flask-Compress's options: an internal constant",
    "COMPRESS_STREAMS": "Flask-Compress's options: an internal constant",
    "RATELIMIT_HEADERS_ENABLED": "Flask-Limiter's: the Retry-After and X-RateLimit headers, always on",
    "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": "Flask-Limiter's Redis-down behaviour, described in docs/cache.md",
    "RATELIMIT_SWALLOW_ERRORS": "Flask-Limiter's: a limiter failure never turns into a 500",
    "RATELIMIT_STORAGE_OPTIONS": "Flask-Limiter's Redis timeouts, described in docs/cache.md",
}
# Flask's own commands and the rate limiter's: documented by them, not by us.
FOREIGN_COMMANDS = {"db", "routes", "run", "shell", "limiter"}


def placeholders_blanked(path: str) -> str:
    """`/solutions/<int:solution_id>/vote` and `/solutions/<id>/vote` compare equal."""
    return re.sub(r"<[^>]*>", "<>", path)


def documented_paths() -> set[str]:
    text = (ROOT / "docs" / "contract.md").read_text(encoding="utf-8")
    return {placeholders_blanked(path) for path in re.findall(r"`(/[^`\s]*)`", text)}


def test_docs_exist_and_the_readme_points_there():
    for name in ("README.md", "product.md", "contract.md", "settings.md", "open-data.md", *MOVED_FROM_README):
        assert (ROOT / "docs" / name).is_file(), name
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "](docs/README.md)" in readme and "](docs/contract.md)" in readme


def test_the_readme_is_short_and_starts_with_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) < 250
    first_block = readme.split("```")[1]
    assert "make run" in first_block and "make test" in first_block


def test_every_page_of_docs_is_in_its_index():
    index = (ROOT / "docs" / "README.md").read_text(encoding="utf-8")
    linked = {target.split("#")[0] for target in LINK.findall(index)}
    missing = sorted(
        page.name for page in (ROOT / "docs").glob("*.md") if page.name != "README.md" and page.name not in linked
    )
    assert missing == [], f"pages missing from docs/README.md: {missing}"


def outside_code(text: str) -> str:
    """The text without fenced code blocks, whose `#` lines are comments, not headings."""
    return re.sub(r"^```.*?^```", "", text, flags=re.M | re.S)


def anchors(document: Path) -> set[str]:
    """GitHub's anchors for the headings of a Markdown document: lower case, punctuation dropped,
    spaces as hyphens, `-1`, `-2`... after a repeated one."""
    seen: dict[str, int] = {}
    found = set()
    for heading in re.findall(r"^#{1,6} +(.+?) *#*$", outside_code(document.read_text(encoding="utf-8")), re.M):
        slug = re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        found.add(slug if count == 0 else f"{slug}-{count}")
    return found


@pytest.mark.parametrize("document", DOCUMENTS, ids=[str(d.relative_to(ROOT)) for d in DOCUMENTS])
def test_every_link_and_anchor_between_the_documents_resolves(document):
    for target in LINK.findall(outside_code(document.read_text(encoding="utf-8"))):
        if re.match(r"[a-z]+:", target):
            continue  # a web address
        path, _, anchor = target.partition("#")
        resolved = (document.parent / path).resolve() if path else document
        assert resolved.exists(), f"{target} does not exist"
        if anchor:
            assert resolved.suffix == ".md", f"{target}: an anchor in a file that is not a document"
            assert anchor in anchors(resolved), f"{target}: no heading makes the anchor #{anchor}"


@pytest.mark.parametrize("document", DOCUMENTS, ids=[str(d.relative_to(ROOT)) for d in DOCUMENTS])
def test_every_path_of_the_package_that_a_document_names_exists(document):
    text = document.read_text(encoding="utf-8")
    for path in re.findall(r"challenge/[\w./*<>-]*[\w*>]", text):
        if "<" in path:
            continue  # a pattern: `challenge/<feature>/service.py`
        assert list(ROOT.glob(path)), f"{path} does not exist"
    for module in re.findall(r"\bchallenge(?:\.\w+)+", text):
        base = ROOT / module.replace(".", "/")
        assert base.with_suffix(".py").is_file() or (base / "__init__.py").is_file(), f"{module} does not exist"


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


def config_attributes() -> set[str]:
    return {name for config in CONFIGS.values() for name in dir(config) if name.isupper()}


def test_every_setting_is_in_the_settings_page():
    """A setting of `challenge/config.py` is in docs/settings.md as `NAME` or `FLASK_NAME`."""
    text = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`(?:FLASK_)?([A-Z][A-Z0-9_]*)`", text))
    missing = sorted(config_attributes() - documented - SETTINGS_EXEMPT.keys())
    assert missing == [], f"settings missing from docs/settings.md: {missing}"
    assert not SETTINGS_EXEMPT.keys() & documented, "a documented setting need not be exempt"


def test_every_setting_the_code_reads_is_in_the_settings_page():
    """`config["X"]` and `config.get("X")` anywhere in the package: X is a setting of Config or documented."""
    text = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`(?:FLASK_)?([A-Z][A-Z0-9_]*)`", text))
    read = {
        name
        for source in (ROOT / "challenge").rglob("*.py")
        for name in re.findall(r"config(?:\.get\(|\[)\s*\"([A-Z][A-Z0-9_]*)\"", source.read_text(encoding="utf-8"))
    }
    missing = sorted(read - documented - SETTINGS_EXEMPT.keys())
    assert missing == [], f"settings the code reads, missing from docs/settings.md: {missing}"
