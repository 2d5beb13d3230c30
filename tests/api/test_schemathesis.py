"""Schemathesis generates requests for every operation of the OpenAPI document and checks
a live server's answers against it: status codes, content types, headers and schemas."""

from __future__ import annotations

import json
import urllib.request

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from challenge.core.extensions import db
from challenge.opendata.api.openapi import openapi_document
from tests.api.test_openapi import populate
from tests.conftest import empty_tables, make_app
from tests.live_server import live_server

pytestmark = pytest.mark.sqlite_only  # database-independent: the SQLite pass runs it once

PLACEHOLDER_SERVER = "http://api.invalid/api/v1"
schema = schemathesis.openapi.from_dict(openapi_document(PLACEHOLDER_SERVER))


@pytest.fixture(scope="module")
def api_url(migrated_database):
    """The base URL of the API on a live server over a small populated database."""
    app = make_app(migrated_database)
    with app.app_context():
        empty_tables()
        populate()
    with live_server(app) as base_url:
        yield f"{base_url}/api/v1"
    with app.app_context():
        empty_tables()
        db.engine.dispose()


def test_the_server_publishes_the_checked_document(api_url):
    with urllib.request.urlopen(f"{api_url}/openapi.json") as response:
        served = json.load(response)
    assert served == openapi_document(api_url)


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_honours_the_document(case, api_url):
    case.call_and_validate(base_url=api_url)
