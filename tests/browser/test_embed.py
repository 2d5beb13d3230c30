"""The embed page in a real frame: a tiny host page on a second local origin frames it when the
administration lists that origin, and Chromium refuses the frame when it does not; at 320 px the
framed page needs no horizontal scrolling.

Only https origins may be entered in the admin console, while this test's host page is served over
plain http on another port of 127.0.0.1 (another origin). The test writes the administration's
`embed_origins` straight into the database: the header the page answers is built from whatever the
column holds, so the browser check needs no test-only setting, and the https-only rule is tested where
it lives (tests/admin/test_embed_origins.py).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect

from challenge.core.extensions import db
from challenge.models import Administration
from tests.factories import make_administration, make_challenge, make_solution

TITLE = "Meno code allo sportello anagrafe"


@pytest.fixture
def host_site() -> Iterator[dict]:
    """A second origin (another port of 127.0.0.1) answering every path with `pages["html"]`."""
    pages = {"html": ""}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = pages["html"].encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    pages["url"] = f"http://127.0.0.1:{server.server_port}"
    yield pages
    server.shutdown()
    thread.join()


def embedded_challenge(server, origins: str) -> str:
    with server.app.app_context():
        administration = make_administration(name="Comune di Borgo Alto")
        challenge = make_challenge(administration, title=TITLE)
        make_solution(challenge, title="Prenotazione online con promemoria", votes_up=3, wilson_score=0.5)
        db.session.get(Administration, administration.id).embed_origins = origins
        db.session.commit()
        slug = challenge.slug
        db.session.remove()
    return f"{server.url}/challenges/{slug}/embed"


def host_page(embed_url: str) -> str:
    return (
        '<!doctype html><html lang="it"><head><meta charset="utf-8"><title>Sito del Comune</title></head>'
        f'<body><h1>Sito del Comune</h1><iframe src="{embed_url}" title="La sfida" width="320" height="600">'
        "</iframe></body></html>"
    )


def test_an_allowed_origin_frames_the_embed_readable_at_320_px(new_context, server, host_site):
    host_site["html"] = host_page(embedded_challenge(server, host_site["url"]))
    page = new_context().new_page()
    page.goto(host_site["url"])
    frame = page.frame_locator("iframe")
    expect(frame.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
    expect(frame.get_by_text("Comune di Borgo Alto")).to_be_visible()
    link = frame.get_by_role("link", name="Partecipa su Sfide PA")
    expect(link).to_have_attribute("target", "_blank")
    expect(link).to_have_attribute("rel", "noopener")
    embedded = page.frames[1]
    assert embedded.evaluate("document.documentElement.scrollWidth") <= 320


def test_another_origin_is_refused(new_context, server, host_site, page_problems):
    host_site["html"] = host_page(embedded_challenge(server, "http://127.0.0.1:1"))
    page = new_context().new_page()
    page.goto(host_site["url"])
    page.wait_for_load_state("load")
    expect(page.get_by_role("heading", name="Sito del Comune")).to_be_visible()
    refused = page.frames[1]
    assert refused.url.startswith("chrome-error://")  # Chromium's own error page instead of the embed
    assert TITLE not in refused.content()
    refusals = [message for message in page_problems.messages if "frame-ancestors" in message]
    assert refusals, page_problems.messages
    page_problems.messages[:] = [message for message in page_problems.messages if message not in refusals]
