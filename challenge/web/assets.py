"""Static files named by their content, precompressed, served by WhiteNoise with a far-future cache.

`python -m challenge.web.assets` (run by `make setup` after assets/build.mjs) copies the files of
PUBLISHED into static/dist/ as `name.<hash>.ext`, rewrites the url(...) of stylesheets to the
copies, writes static/dist/manifest.json (original name -> hashed name) and adds a gzip and a
brotli copy of every file worth compressing (whitenoise.compress).

At run time `url_for('static', filename=...)` and the `asset()` template helper answer the hashed
name when the manifest has one, and WhiteNoise, in front of the app, serves static/dist/ with
`Cache-Control: max-age=315360000, public, immutable` (WhiteNoise's ten years), the precompressed copy the browser accepts and no
request reaching Flask. A name missing from the manifest falls back to Flask's static route.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import sys
from pathlib import Path, PurePosixPath

from flask import Flask, current_app, url_for
from whitenoise import WhiteNoise
from whitenoise.compress import Compressor

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "static"
DIST_NAME = "dist"
MANIFEST_NAME = "manifest.json"
# What the pages load, as globs under static/ (stylesheets last: they name the others).
PUBLISHED = [
    "img/*",
    "js/*.js",
    "vendor/bootstrap-italia/fonts/*/*.woff2",
    "vendor/spid/*.svg",
    "vendor/spid/idp-logos/*.svg",
    "build/site.js",
    "build/sprites.svg",
    "build/site.css",
]
CSS_URL = re.compile(r"""url\((["']?)(?!data:|https?:|/)([^"')?#]+)([^"')]*)\1\)""")


def hashed_name(name: str, content: bytes) -> str:
    path = PurePosixPath(name)
    digest = hashlib.sha256(content).hexdigest()[:12]
    return str(path.with_name(f"{path.stem}.{digest}{path.suffix}"))


def _rewrite_css(name: str, text: str, manifest: dict[str, str]) -> str:
    """Point every relative url(...) of the stylesheet `name` at the hashed copy of its target."""
    folder = PurePosixPath(name).parent

    def replace(match: re.Match[str]) -> str:
        quote, target, rest = match.groups()
        resolved = _normalise(folder / target)
        if resolved not in manifest:
            return match.group(0)
        new = str(PurePosixPath(target).with_name(PurePosixPath(manifest[resolved]).name))
        return f"url({quote}{new}{rest}{quote})"

    return CSS_URL.sub(replace, text)


def _normalise(path: PurePosixPath) -> str:
    parts: list[str] = []
    for part in path.parts:
        if part == "..":
            if parts:
                parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)


def build(static: Path = STATIC) -> dict[str, str]:
    """Fill static/dist/ with hashed, precompressed copies and its manifest; return the manifest."""
    dist = static / DIST_NAME
    shutil.rmtree(dist, ignore_errors=True)
    dist.mkdir(parents=True)
    manifest: dict[str, str] = {}
    for pattern in PUBLISHED:
        for source in sorted(static.glob(pattern)):
            if not source.is_file():
                continue
            name = source.relative_to(static).as_posix()
            content = source.read_bytes()
            if source.suffix == ".css":
                content = _rewrite_css(name, content.decode(), manifest).encode()
            manifest[name] = hashed_name(name, content)
            target = dist / manifest[name]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
    compressor = Compressor(quiet=True)
    for path in sorted(dist.rglob("*")):
        if path.is_file() and compressor.should_compress(path.name):
            compressor.compress(str(path))
    (dist / MANIFEST_NAME).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    return manifest


def load_manifest(static: Path) -> dict[str, str]:
    path = static / DIST_NAME / MANIFEST_NAME
    return json.loads(path.read_text()) if path.is_file() else {}


def asset(filename: str) -> str:
    """Template helper: the URL of a static file, under its hashed name when there is one."""
    return url_for("static", filename=filename)


def _hashed_static(endpoint: str, values: dict) -> None:
    if endpoint == "static" and "filename" in values:
        manifest = current_app.extensions["assets_manifest"]
        values["filename"] = manifest.get(values["filename"], values["filename"])


def _static_headers(headers, path: str, url: str) -> None:
    headers["X-Content-Type-Options"] = "nosniff"


def init_app(app: Flask) -> None:
    """Hashed names for url_for('static'), `asset()` in templates, WhiteNoise in front of the app."""
    static = Path(app.static_folder or STATIC)
    manifest = load_manifest(static)
    app.extensions["assets_manifest"] = manifest
    app.url_defaults(_hashed_static)
    app.jinja_env.globals["asset"] = asset
    if manifest:
        # Flask's documented way to add WSGI middleware, though its types declare wsgi_app a method.
        app.wsgi_app = WhiteNoise(  # type: ignore[method-assign]
            app.wsgi_app,
            root=str(static / DIST_NAME),
            prefix=(app.static_url_path or "/static").strip("/") + "/",
            immutable_file_test=lambda path, url: not url.endswith("/" + MANIFEST_NAME),
            add_headers_function=_static_headers,
        )


if __name__ == "__main__":
    names = build(Path(sys.argv[1]) if len(sys.argv) > 1 else STATIC)
    print(f"static/dist: {len(names)} files named by content, with .gz and .br copies")
