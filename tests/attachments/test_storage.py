"""Both stores keep bytes whole under their hash; S3 is tried against a real S3 HTTP server (moto's)."""

from __future__ import annotations

import io
import socket

import boto3
import pytest
from moto.server import ThreadedMotoServer

from challenge.attachments.storage import LocalStorage, S3Storage, sha256_of, storage_from
from tests.attachments import samples
from tests.attachments.test_uploads import upload
from tests.factories import login, make_administration, make_challenge, make_user


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    """moto's S3 server over HTTP on a free port, for this module."""
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, request):
    name = f"sfide-{request.node.name[:30].lower().replace('_', '-')}"
    client = boto3.client(
        "s3", endpoint_url=s3_endpoint, aws_access_key_id="x", aws_secret_access_key="y", region_name="us-east-1"
    )
    client.create_bucket(Bucket=name)
    return name


def settings(endpoint: str) -> dict:
    return {"S3_ENDPOINT_URL": endpoint, "S3_ACCESS_KEY": "x", "S3_SECRET_KEY": "y", "S3_REGION": "us-east-1"}


@pytest.mark.sqlite_only  # the stores alone do not touch the database
@pytest.mark.parametrize("kind", ["local", "s3"])
def test_a_store_keeps_lists_and_deletes_objects(tmp_path, s3_endpoint, bucket, kind):
    if kind == "local":
        store = storage_from(f"file://{tmp_path}", {}, "/nowhere")
        assert isinstance(store, LocalStorage)
    else:
        store = storage_from(f"s3://{bucket}/sfide/allegati", settings(s3_endpoint), "/nowhere")
        assert isinstance(store, S3Storage)
    data = io.BytesIO(samples.PDF)
    key = sha256_of(data)
    store.put(key, data)
    store.put(key, io.BytesIO(samples.PDF))  # the same bytes again: harmless
    with store.open(key) as stream:
        assert stream.read() == samples.PDF
    assert [listed for listed, _written in store.listing()] == [key]
    store.delete(key)
    assert list(store.listing()) == []
    with pytest.raises(KeyError):
        store.open(key)


@pytest.mark.sqlite_only
def test_the_s3_store_keeps_to_its_prefix(s3_endpoint, bucket):
    client = boto3.client(
        "s3", endpoint_url=s3_endpoint, aws_access_key_id="x", aws_secret_access_key="y", region_name="us-east-1"
    )
    client.put_object(Bucket=bucket, Key="altro/file", Body=b"di un'altra applicazione")
    store = storage_from(f"s3://{bucket}/sfide", settings(s3_endpoint), "/nowhere")
    store.put("a" * 64, io.BytesIO(b"nostro"))
    assert [key for key, _written in store.listing()] == ["a" * 64]
    assert client.get_object(Bucket=bucket, Key=f"sfide/{'a' * 64}")["Body"].read() == b"nostro"


@pytest.mark.sqlite_only
def test_an_unknown_storage_url_is_refused():
    with pytest.raises(ValueError, match="unknown scheme"):
        storage_from("ftp://server/files", {}, "/nowhere")


def test_an_upload_round_trips_through_s3(app, client, s3_endpoint, bucket):
    previous = app.extensions.get("attachment_storage")
    app.extensions["attachment_storage"] = storage_from(f"s3://{bucket}/sfide", settings(s3_endpoint), "/nowhere")
    app.config["ATTACHMENT_ACCEL_PREFIX"] = "/_files"  # nginx cannot reach a bucket: the app sends the bytes
    try:
        with app.app_context():
            owner = make_administration()
            slug = make_challenge(owner).slug
            login(client, make_user(role="staff", administration=owner))
        photo = samples.phone_photo((1200, 900))
        assert (
            upload(
                client, f"/challenges/{slug}/attachments", photo, "foto.jpg", role="image", alt="Il cantiere"
            ).status_code
            == 303
        )
        assert upload(client, f"/challenges/{slug}/attachments", samples.PDF, "bando.pdf").status_code == 303
        page = client.get(f"/challenges/{slug}").get_data(as_text=True)
        document_url = page[page.index("/attachments/", page.index("Documenti")) :].split('"')[0]
        sent = client.get(document_url)
        assert sent.data == samples.PDF and "X-Accel-Redirect" not in sent.headers
        objects = boto3.client(
            "s3", endpoint_url=s3_endpoint, aws_access_key_id="x", aws_secret_access_key="y", region_name="us-east-1"
        ).list_objects_v2(Bucket=bucket)["Contents"]
        assert len(objects) == 1 + 2 * 2  # the PDF, and the photo at 480 and 900 px in JPEG and WebP
    finally:
        app.extensions["attachment_storage"] = previous
        app.config["ATTACHMENT_ACCEL_PREFIX"] = ""
