"""The Makefile: production gets the package without the development tools."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [pytest.mark.sqlite_only, pytest.mark.skipif(shutil.which("make") is None, reason="needs make")]


def planned_commands(target: str) -> list[str]:
    """What `make TARGET` would run from scratch (`-n -B`: printed, never executed)."""
    result = subprocess.run(["make", "-n", "-B", target], cwd=ROOT, capture_output=True, text=True, check=True)
    return result.stdout.splitlines()


def pip_installs(target: str) -> list[str]:
    return [line for line in planned_commands(target) if "pip install" in line and "--upgrade pip" not in line]


def test_serve_installs_the_package_without_dev_extras():
    commands = planned_commands("serve")
    assert pip_installs("serve") == [".venv/bin/pip install --quiet -e ."]
    assert not [line for line in commands if "[dev]" in line or "pytest" in line]
    assert commands[-1].endswith("gunicorn --config gunicorn.conf.py wsgi:app")
    assert any(line.endswith("flask --app wsgi db upgrade") for line in commands)


@pytest.mark.parametrize("target", ["run", "test"])
def test_run_and_test_keep_the_dev_extras(target):
    assert pip_installs(target) == [
        ".venv/bin/pip install --quiet -e '.[dev]'",
        # AgID's validator, whose pin of packaging pip would refuse (Makefile, SPID_VALIDATOR)
        ".venv/bin/pip install --quiet --no-deps spid-sp-test==1.2.18 spid-compliant-certificates==0.5.5",
    ]


@pytest.mark.parametrize("target", ["setup", "setup-prod"])
def test_setup_upgrades_pip_and_setuptools_before_installing(target):
    commands = planned_commands(target)
    upgrade = commands.index(".venv/bin/pip install --quiet --upgrade pip 'setuptools>=78.1.1'")
    first_install = next(i for i, line in enumerate(commands) if "pip install --quiet -e" in line)
    assert upgrade < first_install


def test_test_fast_runs_the_database_tests_on_sqlite_only():
    runs = [line for line in planned_commands("test-fast") if "pytest" in line]
    assert runs == ['TEST_DATABASE_URL= .venv/bin/pytest -q -p no:cacheprovider -m "not sqlite_only" ']


def test_test_runs_lint_both_passes_and_lighthouse():
    commands = "\n".join(planned_commands("test"))
    assert "test-sqlite test-postgres" in commands and "test-lighthouse" in commands
