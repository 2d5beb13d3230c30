"""The Nu Html Checker (the W3C validator's engine) finds no error on any page type."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.factories import login
from tests.pages import PAGES, account, build_site

VNU = Path(__file__).resolve().parent.parent / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def render_pages(app, folder: Path) -> list[Path]:
    """Every page of PAGES as its reader gets it, saved as <name>.html."""
    with app.test_request_context():
        site = build_site()
        clients = {None: app.test_client()}
        for role in {case.role for case in PAGES if case.role}:
            clients[role] = app.test_client()
            login(clients[role], account(site, role))
    files = []
    for case in PAGES:
        response = clients[case.role].get(case.url(site))
        assert response.status_code == case.status, case.name
        path = folder / f"{case.name}.html"
        path.write_bytes(response.data)
        files.append(path)
    return files


@pytest.mark.skipif(shutil.which("java") is None or not VNU.exists(), reason="needs Java and node_modules/vnu-jar (make setup)")
def test_every_page_type_is_valid_html(app, tmp_path):
    files = render_pages(app, tmp_path)
    checked = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True, text=True, timeout=120,
    )
    messages = json.loads(checked.stderr)["messages"]
    report = "\n".join(
        f"{Path(m.get('url', '')).name}:{m.get('lastLine', '?')}: {m['message']}  «{m.get('extract', '').strip()}»" for m in messages
    )
    assert messages == [], f"the Nu Html Checker found errors:\n{report}"
    assert checked.returncode == 0
