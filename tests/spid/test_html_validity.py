"""The Nu Html Checker on the SPID/CIE page types (the site-wide check runs with SPID off)."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from tests.factories import login, make_user
from tests.spid.conftest import ACS_URL, SP_ENTITY_ID, post_response, start_login
from tests.test_html_validity import VNU

pytestmark = pytest.mark.sqlite_only  # database-independent: the SQLite pass runs it once


@pytest.mark.skipif(shutil.which("java") is None or not VNU.exists(), reason="needs Java and node_modules/vnu-jar")
def test_spid_pages_are_valid_html(spid_app_factory, idp, tmp_path):
    app = spid_app_factory(WTF_CSRF_ENABLED=True, PASSWORD_REGISTRATION=False)
    visitor = app.test_client()
    pages = {
        "login": visitor.get("/auth/login"),
        "error": visitor.get("/auth/spid/login?idp=https://nobody.example"),
        "register-closed": visitor.get("/auth/register"),
    }
    with app.app_context():
        make_user(email="mario.rossi@example.org")
        linked = make_user(spid_fiscal_hash="9" * 64, spid_provider="spid")
        member = app.test_client()
        login(member, linked)
    pages["account-linked"] = member.get("/account")
    linking = app.test_client()
    request = start_login(linking, idp)
    assert post_response(linking, idp.response(request.id, ACS_URL, SP_ENTITY_ID)).status_code == 303
    pages["link"] = linking.get("/auth/spid/link")
    files = []
    for name, response in pages.items():
        assert response.status_code in (200, 404), name
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.data)
        files.append(str(path))
    checked = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=120,
    )
    messages = json.loads(checked.stderr)["messages"]
    assert messages == [], "\n".join(f"{m.get('url', '')}: {m['message']}" for m in messages)
