"""Each test gets its own empty store: a folder under the test's temporary path."""

from __future__ import annotations

import pytest

from challenge.attachments.storage import LocalStorage


@pytest.fixture
def store(app, tmp_path):
    previous = app.extensions.get("attachment_storage")
    app.extensions["attachment_storage"] = LocalStorage(tmp_path / "files")
    yield app.extensions["attachment_storage"]
    app.extensions["attachment_storage"] = previous
