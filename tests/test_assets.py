"""Static files named by content, precompressed and cached for a year; HTML compressed; the page head."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import brotli
import pytest
from flask import Flask, render_template_string, url_for

from challenge.web import assets

pytestmark = pytest.mark.sqlite_only  # database-independent: the SQLite pass runs it once

ROOT = Path(__file__).resolve().parent.parent
CSS = 'body{background:url("../img/dot.svg")}@font-face{src:url("../vendor/bootstrap-italia/fonts/T/t.woff2") format("woff2")}'


@pytest.fixture
def static(tmp_path) -> Path:
    """A static folder with what PUBLISHED picks up: an image, a font, a built stylesheet and script."""
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "dot.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg">' + "<g/>" * 200 + "</svg>")
    (tmp_path / "vendor" / "bootstrap-italia" / "fonts" / "T").mkdir(parents=True)
    (tmp_path / "vendor" / "bootstrap-italia" / "fonts" / "T" / "t.woff2").write_bytes(b"wOF2" + bytes(range(256)))
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "site.css").write_text(CSS * 20)
    (tmp_path / "build" / "site.js").write_text("console.log('a');" * 50)
    (tmp_path / "build" / "sprites.svg").write_text("<svg/>")
    return tmp_path


def test_build_names_files_by_content_and_points_the_stylesheet_at_the_copies(static):
    manifest = assets.build(static)
    assert set(manifest) == {
        "img/dot.svg",
        "vendor/bootstrap-italia/fonts/T/t.woff2",
        "build/site.css",
        "build/site.js",
        "build/sprites.svg",
    }
    assert re.fullmatch(r"img/dot\.[0-9a-f]{12}\.svg", manifest["img/dot.svg"])
    dist = static / "dist"
    css = (dist / manifest["build/site.css"]).read_text()
    font = Path(manifest["vendor/bootstrap-italia/fonts/T/t.woff2"]).name
    image = Path(manifest["img/dot.svg"]).name
    assert f'url("../vendor/bootstrap-italia/fonts/T/{font}")' in css and f'url("../img/{image}")' in css
    # The name carries the hash of the rewritten stylesheet: a new font gives a new stylesheet name.
    assert manifest["build/site.css"] == assets.hashed_name("build/site.css", css.encode())
    assert json.loads((dist / "manifest.json").read_text()) == manifest


def test_build_precompresses_text_files_and_leaves_fonts_alone(static):
    manifest = assets.build(static)
    stylesheet = static / "dist" / manifest["build/site.css"]
    assert gzip.decompress(Path(f"{stylesheet}.gz").read_bytes()) == stylesheet.read_bytes()
    assert brotli.decompress(Path(f"{stylesheet}.br").read_bytes()) == stylesheet.read_bytes()
    font = static / "dist" / manifest["vendor/bootstrap-italia/fonts/T/t.woff2"]
    assert not Path(f"{font}.gz").exists() and not Path(f"{font}.br").exists()


def test_a_rebuild_drops_the_files_of_the_previous_build(static):
    first = assets.build(static)
    (static / "build" / "site.js").write_text("console.log('b');" * 50)
    second = assets.build(static)
    assert first["build/site.js"] != second["build/site.js"]
    assert not (static / "dist" / first["build/site.js"]).exists()


@pytest.fixture
def served(static) -> Flask:
    """A bare app with the assets set up over the test static folder."""
    manifest = assets.build(static)
    app = Flask(__name__, static_folder=str(static), static_url_path="/static")
    app.config["SERVER_NAME"] = "localhost"
    assets.init_app(app)
    app.config["MANIFEST"] = manifest
    return app


def test_static_urls_carry_the_hash_and_unknown_files_keep_their_name(served):
    manifest = served.config["MANIFEST"]
    with served.app_context():
        assert url_for("static", filename="build/site.css") == f"http://localhost/static/{manifest['build/site.css']}"
        assert url_for("static", filename="img/other.png") == "http://localhost/static/img/other.png"
        assert render_template_string("{{ asset('img/dot.svg') }}").endswith(manifest["img/dot.svg"])


def test_hashed_files_are_served_precompressed_and_immutable(served):
    manifest = served.config["MANIFEST"]
    client = served.test_client()
    response = client.get(f"/static/{manifest['build/site.css']}", headers={"Accept-Encoding": "gzip, br"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "br"
    max_age, public, immutable = response.headers["Cache-Control"].split(", ")
    assert int(max_age.removeprefix("max-age=")) >= 365 * 24 * 3600 and (public, immutable) == ("public", "immutable")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Accept-Encoding" in response.headers["Vary"]
    assert brotli.decompress(response.data).startswith(b"body{")
    plain = client.get(f"/static/{manifest['build/site.css']}")
    assert "Content-Encoding" not in plain.headers and plain.data.startswith(b"body{")


def test_without_a_build_static_files_come_from_flask_with_their_own_names(tmp_path):
    (tmp_path / "a.txt").write_text("hello")
    app = Flask(__name__, static_folder=str(tmp_path), static_url_path="/static")
    assets.init_app(app)
    with app.test_request_context():
        assert url_for("static", filename="a.txt") == "/static/a.txt"
    response = app.test_client().get("/static/a.txt")
    assert response.data == b"hello" and "immutable" not in response.headers.get("Cache-Control", "")
    response.close()


def test_html_is_compressed_for_browsers_that_accept_it(client):
    compressed = client.get("/auth/login", headers={"Accept-Encoding": "br, gzip"})
    assert compressed.headers["Content-Encoding"] == "br"
    assert "Accept-Encoding" in compressed.headers["Vary"]
    assert b"<!doctype html>" in brotli.decompress(compressed.data)
    assert "default-src 'self'" in compressed.headers["Content-Security-Policy"]
    gzipped = client.get("/auth/login", headers={"Accept-Encoding": "gzip"})
    assert gzipped.headers["Content-Encoding"] == "gzip" and b"<!doctype html>" in gzip.decompress(gzipped.data)
    assert "Content-Encoding" not in client.get("/auth/login").headers


def test_the_page_loads_the_built_files_deferred_and_preloads_the_main_fonts(client):
    html = client.get("/auth/login").get_data(as_text=True)
    head = html.split("</head>")[0]
    manifest = client.application.extensions["assets_manifest"]
    css = manifest.get("build/site.css", "build/site.css")
    js = manifest.get("build/site.js", "build/site.js")
    assert f'<link rel="stylesheet" href="/static/{css}">' in head
    assert f'<script src="/static/{js}" defer></script>' in head
    assert "bootstrap-italia.bundle" not in html and "bootstrap-italia.min.css" not in html
    preloads = re.findall(r'<link rel="preload" href="([^"]+)" as="font" type="font/woff2" crossorigin>', head)
    assert [Path(href).name.split(".")[0] for href in preloads] == [
        "titillium-web-v10-latin-ext_latin-regular",
        "titillium-web-v10-latin-ext_latin-600",
        "titillium-web-v10-latin-ext_latin-700",
        "lora-v20-latin-ext_latin-regular",
    ]
    # Every script is external and deferred, but has-js.js: it marks <html> before the first paint, so the
    # header is drawn once, with its collapsed navigation (tests/main/test_public_pages.py).
    blocking = [tag for tag in re.findall(r"<script[^>]*>", html) if "defer" not in tag]
    assert len(blocking) == 1 and "has-js" in blocking[0]


def test_every_image_in_the_templates_reserves_its_size():
    """No layout shift: an <img> without width and height moves the page when it arrives."""
    images = [
        (path.relative_to(ROOT), tag)
        for path in (ROOT / "templates").rglob("*.html")
        for tag in re.findall(r"<img\b[^>]*>", path.read_text())
    ]
    assert images
    assert [(path, tag) for path, tag in images if not ("width=" in tag and "height=" in tag)] == []


def test_the_fallback_fonts_carry_the_metrics_that_keep_the_text_in_place():
    fonts = (ROOT / "assets" / "fonts.css").read_text()
    faces = re.findall(r"@font-face \{([^}]*)\}", fonts)
    web = [face for face in faces if "woff2" in face]
    fallback = [face for face in faces if "local(" in face]
    assert web and all("font-display: swap" in face for face in web)
    assert len(fallback) == 3
    assert all(all(key in face for key in ("size-adjust", "ascent-override", "descent-override")) for face in fallback)
    scss = (ROOT / "assets" / "site.scss").read_text()
    assert "'Titillium Web', 'Titillium Web fallback'" in scss


def test_a_compressed_shared_page_is_still_revalidated_with_its_etag(app_factory):
    client = app_factory(CACHE_BACKEND="memory").test_client()
    first = client.get("/leaderboards", headers={"Accept-Encoding": "br"})
    assert first.headers["Content-Encoding"] == "br" and first.headers["ETag"].endswith(':br"')
    again = client.get("/leaderboards", headers={"Accept-Encoding": "br", "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
