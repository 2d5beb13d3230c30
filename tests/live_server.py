"""Serve a Flask app from a thread on a free loopback port, for clients that need real HTTP."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask
from werkzeug.serving import make_server


@contextmanager
def live_server(app: Flask) -> Iterator[str]:
    """Yield the base URL of `app` served on 127.0.0.1 until the block ends (also its PUBLIC_URL)."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    app.config["PUBLIC_URL"] = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield app.config["PUBLIC_URL"]
    finally:
        server.shutdown()
        thread.join()
