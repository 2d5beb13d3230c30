"""With FLASK_ATTACHMENT_ACCEL_PREFIX the app answers with X-Accel-Redirect and no body; nginx sends the bytes."""

from __future__ import annotations

import io

import pytest

from challenge.attachments.service import Upload, add_attachment
from tests.attachments import samples
from tests.factories import make_administration, make_challenge, make_user


@pytest.fixture
def accelerated(app):
    app.config["ATTACHMENT_ACCEL_PREFIX"] = "/_files/"
    yield app
    app.config["ATTACHMENT_ACCEL_PREFIX"] = ""


def files(app) -> tuple[int, str, int, str, str]:
    with app.app_context():
        owner = make_administration()
        staff = make_user(role="staff", administration=owner)
        challenge = make_challenge(owner)
        document = add_attachment(staff, challenge, Upload(io.BytesIO(samples.PDF), "b.pdf", title="Bando"))
        picture = add_attachment(
            staff, challenge, Upload(io.BytesIO(samples.image()), "f.png", alt="Foto", role="image")
        )
        return document.id, document.content_hash, picture.id, picture.rendition(480, "webp")["key"], picture.version


def test_the_app_names_the_stored_file_for_nginx_and_sends_only_the_headers(accelerated, client, store):
    document_id, content_hash, picture_id, webp_key, version = files(accelerated)
    response = client.get(f"/attachments/{document_id}/bando.pdf")
    assert response.status_code == 200 and response.data == b""
    assert response.headers["X-Accel-Redirect"] == f"/_files/{content_hash[:2]}/{content_hash}"
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"] == "attachment; filename=bando.pdf"
    assert response.headers["Cache-Control"] == "private, no-cache"
    image = client.get(f"/attachments/{picture_id}/480.webp?v={version}")
    assert image.data == b"" and image.headers["X-Accel-Redirect"] == f"/_files/{webp_key[:2]}/{webp_key}"
    assert image.headers["Content-Type"] == "image/webp" and image.headers["Content-Disposition"].startswith("inline")
    assert image.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert (
        client.get(f"/attachments/{picture_id}/480.webp", headers={"If-None-Match": f'"{webp_key}"'}).status_code == 304
    )


def test_without_the_setting_the_app_sends_the_bytes(app, client, store):
    document_id, *_ = files(app)
    plain = client.get(f"/attachments/{document_id}/bando.pdf")
    assert plain.data == samples.PDF and "X-Accel-Redirect" not in plain.headers
