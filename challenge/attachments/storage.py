"""Where attachment bytes live: one small interface, a folder of files or an S3-compatible bucket.

Objects are named by the SHA-256 of their bytes, so the same bytes are stored once, a stored
object never changes, and writing one twice is harmless. FLASK_STORAGE_URL chooses the backend:
unset or `file://` (the instance folder's `attachments/`), `file:///a/folder`, or
`s3://BUCKET/PREFIX` with FLASK_S3_ENDPOINT_URL, FLASK_S3_ACCESS_KEY and FLASK_S3_SECRET_KEY.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Protocol
from urllib.parse import urlsplit

from flask import current_app

CHUNK = 1024 * 1024


def sha256_of(stream: IO[bytes]) -> str:
    """The SHA-256 of a file's bytes, read in chunks from its start; the file is left at its start."""
    digest = hashlib.sha256()
    stream.seek(0)
    for chunk in iter(lambda: stream.read(CHUNK), b""):
        digest.update(chunk)
    stream.seek(0)
    return digest.hexdigest()


class Storage(Protocol):
    """What the attachments need of a store."""

    def put(self, key: str, stream: IO[bytes]) -> None:
        """Store the bytes under `key` (their SHA-256), whole or not at all."""

    def open(self, key: str) -> IO[bytes]:
        """The stored bytes, to be read and closed by the caller; KeyError when there are none."""

    def delete(self, key: str) -> None:
        """Remove the object; nothing happens when it is not there."""

    def listing(self) -> Iterator[tuple[str, datetime]]:
        """Every stored key with the time (UTC, naive) it was written."""


class LocalStorage:
    """Files under a folder, two levels deep (ab/abcdef...), written to a temporary name and renamed."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @staticmethod
    def relative_path(key: str) -> str:
        """Where the object lies under the folder (nginx's internal location maps the same)."""
        return f"{key[:2]}/{key}"

    def _path(self, key: str) -> Path:
        return self.root / self.relative_path(key)

    def put(self, key: str, stream: IO[bytes]) -> None:
        path = self._path(key)
        if path.exists():
            return
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
        try:
            with os.fdopen(handle, "wb") as out:
                stream.seek(0)
                for chunk in iter(lambda: stream.read(CHUNK), b""):
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, path)  # atomic: readers see the whole file or none
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def open(self, key: str) -> IO[bytes]:
        try:
            return self._path(key).open("rb")
        except FileNotFoundError:
            raise KeyError(key) from None

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def listing(self) -> Iterator[tuple[str, datetime]]:
        if not self.root.is_dir():
            return
        for path in self.root.glob("??/*"):
            if not path.name.startswith("."):
                yield path.name, datetime.fromtimestamp(path.stat().st_mtime, UTC).replace(tzinfo=None)


class S3Storage:
    """Objects in a bucket of any S3-compatible store, under a prefix."""

    def __init__(self, bucket: str, prefix: str, client) -> None:
        self.bucket = bucket
        self.prefix = f"{prefix.strip('/')}/" if prefix.strip("/") else ""
        self.client = client

    def put(self, key: str, stream: IO[bytes]) -> None:
        stream.seek(0)
        # A PUT is atomic in S3: the object appears whole once the store has every byte.
        self.client.put_object(Bucket=self.bucket, Key=self.prefix + key, Body=stream)

    def open(self, key: str) -> IO[bytes]:
        try:
            return self.client.get_object(Bucket=self.bucket, Key=self.prefix + key)["Body"]
        except self.client.exceptions.NoSuchKey:
            raise KeyError(key) from None

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self.prefix + key)

    def listing(self) -> Iterator[tuple[str, datetime]]:
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=self.prefix)
        for page in pages:
            for item in page.get("Contents", []):
                modified = item["LastModified"].astimezone(UTC).replace(tzinfo=None)
                yield item["Key"].removeprefix(self.prefix), modified


def storage_from(url: str, config, instance_path: str) -> Storage:
    """The store a FLASK_STORAGE_URL names."""
    parts = urlsplit(url or "file://")
    if parts.scheme == "file":
        return LocalStorage(Path(parts.path) if parts.path else Path(instance_path) / "attachments")
    if parts.scheme == "s3":
        import boto3  # only deployments with a bucket need it loaded

        client = boto3.client(
            "s3",
            endpoint_url=config.get("S3_ENDPOINT_URL") or None,
            aws_access_key_id=config.get("S3_ACCESS_KEY") or None,
            aws_secret_access_key=config.get("S3_SECRET_KEY") or None,
            region_name=config.get("S3_REGION") or "us-east-1",
        )
        return S3Storage(parts.netloc, parts.path, client)
    raise ValueError(f"FLASK_STORAGE_URL: unknown scheme {parts.scheme!r} (file:// or s3://)")


def storage() -> Storage:
    """The application's store, built once per application."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    store = app.extensions.get("attachment_storage")
    if store is None:
        store = storage_from(app.config["STORAGE_URL"], app.config, app.instance_path)
        app.extensions["attachment_storage"] = store
    return store
