"""AgID's validator, spid-sp-test, against the running app: metadata, authentication request, responses.

The app is served on a free loopback port with SPID on; spid-sp-test's own IdP (its metadata from
`spid_sp_test --idp-metadata`) is one of the app's IdPs, so that its response suite signs with a
key the app trusts. Everything runs offline.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.conftest import empty_tables
from tests.live_server import live_server
from tests.spid.conftest import spid_settings

VALIDATOR = str(Path(sys.executable).parent / "spid_sp_test")
VALIDATOR_IDP = "https://localhost:8443"

# The validator reaches the app served from a thread: its data is committed.
pytestmark = [
    pytest.mark.sqlite_only,
    pytest.mark.committed,
    pytest.mark.skipif(not Path(VALIDATOR).exists(), reason="spid-sp-test is a dev dependency"),
]


@pytest.fixture
def served(app_factory, spid_files, tmp_path):
    idps = tmp_path / "idps"
    shutil.copytree(spid_files["idps"], idps)
    metadata = subprocess.run([VALIDATOR, "--idp-metadata"], check=True, capture_output=True, text=True).stdout
    (idps / "spid-sp-test.xml").write_text(metadata)
    app = app_factory(**spid_settings(spid_files, SPID_IDP_METADATA_DIR=str(idps)))
    with app.app_context():
        empty_tables()
    with live_server(app) as url:
        yield url


def run_validator(tmp_path: Path, *arguments: str) -> tuple[int, list[dict]]:
    """spid-sp-test's exit status and every check of its JSON report."""
    report = tmp_path / "report.json"
    result = subprocess.run(
        [VALIDATOR, *arguments, "-rf", "json", "-o", str(report)],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=tmp_path,
    )
    assert report.exists(), result.stdout + result.stderr
    return result.returncode, list(_checks(json.loads(report.read_text())))


def _checks(node):
    if isinstance(node, dict):
        if "result" in node and "test" in node:
            yield node
        for value in node.values():
            yield from _checks(value)
    elif isinstance(node, list):
        for value in node:
            yield from _checks(value)


def failed(checks: list[dict]) -> list[str]:
    return [f"{check.get('method')}: {check['test']}" for check in checks if check["result"] != "success"]


def login_url(served: str) -> str:
    return f"{served}/auth/spid/login?idp={quote(VALIDATOR_IDP, safe='')}"


def test_metadata_and_authn_request_pass_spid_sp_test(served, tmp_path):
    status, checks = run_validator(
        tmp_path, "--metadata-url", f"{served}/auth/spid/metadata", "--authn-url", login_url(served), "--extra"
    )
    assert failed(checks) == []
    methods = {check["method"].split(".")[-1] for check in checks}
    assert {"test_xmldsig", "test_Contacts_PubPriv", "test_RequestedAuthnContext", "test_Signature"} <= methods
    assert len(checks) > 100
    assert status == 0


def test_spid_sp_test_response_suite(served, tmp_path):
    status, checks = run_validator(
        tmp_path, "--metadata-url", f"{served}/auth/spid/metadata", "--authn-url", login_url(served), "-tr"
    )
    assert failed(checks) == []
    responses = [check for check in checks if check.get("method", "").startswith("SpidSpResponseCheck")]
    Path("/tmp/spid_response_checks.json").write_text(json.dumps(checks, indent=1))
    assert len(responses) >= 100  # every case of its suite ran
    assert status == 0
