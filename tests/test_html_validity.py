"""The Nu Html Checker (the W3C validator's engine) finds no error on any page type, as each role sees it."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select

from challenge.core.extensions import db
from challenge.models import Attachment
from tests.factories import login
from tests.pages import PAGES, ROLES, account, build_site, readers

pytestmark = pytest.mark.sqlite_only  # database-independent: the SQLite pass runs it once

VNU = Path(__file__).resolve().parent.parent / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def render_pages(app, folder: Path) -> list[Path]:
    """Every page of PAGES as each of its readers gets it, saved as <name>--<role>.html."""
    with app.app_context():
        site = build_site()
        clients = {None: app.test_client()}
        for role in {*ROLES[1:], *(reader for case in PAGES for reader in readers(case) if reader)}:
            clients[role] = app.test_client()
            login(clients[role], account(site, role))
    files = []
    for case in PAGES:
        for role in readers(case):
            response = clients[role].get(case.url(site))
            assert response.status_code == (404 if case.name == "not-found" else case.status), (case.name, role)
            path = folder / f"{case.name}--{role or 'visitor'}.html"
            path.write_bytes(response.data)
            files.append(path)
    with app.app_context():
        document = db.session.scalar(
            select(Attachment.id).where(Attachment.solution_id == site.solution, Attachment.role == "document")
        )
    # The confirmation step, which only a post shows: (name, role, a page with the form's token, action, data).
    for name, role, page, action, data in [
        ("confirm-status", "staff", f"/challenges/{site.open_challenge}", "status", {"status": "evaluation"}),
        ("confirm-withdraw", "author", f"/solutions/{site.solution}", "withdraw", {}),
        ("confirm-remove-file", "author", f"/solutions/{site.solution}", f"/attachments/{document}/delete", {}),
        ("confirm-remove-file", "moderator", f"/solutions/{site.solution}", f"/attachments/{document}/delete", {}),
    ]:
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', clients[role].get(page).text).group(1)
        target = action if action.startswith("/") else f"{page}/{action}"
        response = clients[role].post(target, data={**data, "csrf_token": token})
        assert response.status_code == 200, name
        path = folder / f"{name}--{role}.html"
        path.write_bytes(response.data)
        files.append(path)
    return files


@pytest.mark.skipif(
    shutil.which("java") is None or not VNU.exists(), reason="needs Java and node_modules/vnu-jar (make setup)"
)
def test_every_page_type_is_valid_html(csrf_app, tmp_path):
    """With CSRF on, as in production, so that every form carries its hidden token field."""
    files = render_pages(csrf_app, tmp_path)
    checked = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    messages = json.loads(checked.stderr)["messages"]
    report = "\n".join(
        f"{Path(m.get('url', '')).name}:{m.get('lastLine', '?')}: {m['message']}  «{m.get('extract', '').strip()}»"
        for m in messages
    )
    assert messages == [], f"the Nu Html Checker found errors:\n{report}"
    assert checked.returncode == 0
