"""The layout's rules, read from the code with `ast`: a feature stands on the shared floor and on other
features' use cases, never on another feature's blueprint or forms; use cases import no cycle and build no URL
(services return data: ids and objects; URLs are built by views and templates)."""

from __future__ import annotations

import ast
from pathlib import Path

import challenge
from challenge.comments.service import add_comment
from challenge.core.extensions import db
from challenge.models import Notification
from challenge.moderation.decisions import hide
from challenge.solutions.responses import respond
from tests.factories import make_challenge, make_solution, make_user

CHALLENGE = Path(challenge.__file__).parent
# What every feature stands on, and the command line that stands above them all.
FLOOR = {"core", "web", "text", "models", "cache"}
ABOVE = {"cli"}
URL_BUILDERS = {"url_for", "public_url", "public_url_for"}


def module_name(path: Path) -> str:
    parts = path.relative_to(CHALLENGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(CHALLENGE.rglob("*.py"))}


def feature_of(module: str) -> str | None:
    parts = module.split(".")
    return None if len(parts) < 3 or parts[1] in FLOOR | ABOVE else parts[1]


def kind_of(module: str) -> str:
    """ "views" (a blueprint), "forms", "page" (a page several blueprints render) or "use case"."""
    last = module.rsplit(".", 1)[-1]
    for kind in ("views", "forms", "page"):
        if last == kind or last.endswith(f"_{kind}"):
            return kind
    # Emails and API documents are rendered output, like pages: they may put absolute links in.
    return "output" if last in {"mail", "serializers"} else "use case"


def use_cases() -> list[str]:
    return [m for m in MODULES if m.startswith("challenge.core.") or (feature_of(m) and kind_of(m) == "use case")]


def imports_of(module: str, top_level_only: bool = False) -> set[str]:
    """The challenge modules a module imports; `from package import module` counts the module."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    tree = ast.parse(path.read_text("utf-8"))
    found: set[str] = set()
    for node in tree.body if top_level_only else ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            target = ".".join([*base, *([node.module] if node.module else [])])
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)
    return found & MODULES.keys()


def import_cycles(graph: dict[str, set[str]]) -> list[str]:
    cycles = []
    for start in sorted(graph):
        trails, seen = [[start]], {start}
        while trails:
            trail = trails.pop()
            for following in sorted(graph[trail[-1]]):
                if following == start:
                    cycles.append(" -> ".join([*trail, start]))
                elif following not in seen:
                    seen.add(following)
                    trails.append([*trail, following])
    return cycles


def test_no_feature_imports_another_features_views_or_forms():
    """A page that several blueprints render may show other features' forms; nothing imports their views."""
    crossings = [
        f"{module} imports {imported}"
        for module in MODULES
        if module != "challenge"  # the app factory registers every blueprint
        for imported in imports_of(module)
        if feature_of(imported) not in (None, feature_of(module))
        and (kind_of(imported) == "views" or (kind_of(imported) == "forms" and kind_of(module) != "page"))
    ]
    assert crossings == []


def test_no_import_cycle_between_use_cases():
    cases = set(use_cases())
    assert import_cycles({module: imports_of(module, top_level_only=True) & cases for module in cases}) == []


def test_the_cycle_check_finds_a_cycle():
    assert import_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [
        "a -> b -> c -> a",
        "b -> c -> a -> b",
        "c -> a -> b -> c",
    ]


def names_used(module: str) -> set[str]:
    tree = ast.parse(MODULES[module].read_text("utf-8"))
    return (
        {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
        | {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
        | {
            alias.asname or alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom)
            for alias in node.names
        }
    )


def test_no_use_case_builds_urls():
    builders = {module: sorted(names_used(module) & URL_BUILDERS) for module in use_cases()}
    assert {module: names for module, names in builders.items() if names} == {}


def test_services_that_notify_work_without_a_request(app):
    """A command or a worker has no request: notifying must not need one."""
    with app.app_context():
        staff = make_user(role="staff")
        solution = make_solution(make_challenge(staff.administration))
        comment = add_comment(make_user(), solution, "Bella idea.")
        respond(staff, solution, "under_review", "La valutiamo.")
        hide(make_user(role="moderator"), comment, "Fuori tema", "off_topic")
        about = set(db.session.execute(db.select(Notification.kind, Notification.solution_id, Notification.comment_id)))
        expected = {
            ("comment", solution.id, comment.id),
            ("response", solution.id, None),
            ("moderation", solution.id, comment.id),
        }
    assert about == expected
