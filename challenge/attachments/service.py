"""Attaching files to challenges and solutions, removing them, who sees them, and collecting orphans."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from datetime import timedelta
from typing import IO

from flask import current_app
from flask_babel import gettext as _
from flask_login import AnonymousUserMixin
from sqlalchemy import func, select

from ..core.errors import ServiceError, commit_or_raise
from ..core.extensions import db
from ..core.permissions import can_moderate, refusal_to_change_attachments, refuse_unless_allowed
from ..core.visibility import can_view_challenge
from ..models import Attachment, Challenge, Solution, User, utcnow
from ..moderation.decisions import log_action, require_statement, tell_author
from ..solutions.service import can_view_solution
from ..text.characters import is_single_line
from . import filetypes, images
from .storage import sha256_of, storage

Item = Challenge | Solution


class AttachmentError(ServiceError):
    """An upload or a removal was refused."""


@dataclass(frozen=True)
class Upload:
    """What the form sent: the file (a stream at its start), its name, and the describing fields."""

    stream: IO[bytes]
    filename: str
    title: str = ""
    alt: str = ""
    is_decorative: bool = False
    role: str = "document"  # challenges only; a solution's role is read from the file


def item_of(attachment: Attachment) -> Item:
    """The challenge or solution the file belongs to."""
    if attachment.challenge_id is not None:
        return db.session.get_one(Challenge, attachment.challenge_id)
    return db.session.get_one(Solution, attachment.solution_id)


def _owned_by(item: Item):
    column = Attachment.challenge_id if isinstance(item, Challenge) else Attachment.solution_id
    return column == item.id


def attachments_of(item: Item) -> list[Attachment]:
    """The item's files in their order."""
    return list(
        db.session.scalars(select(Attachment).where(_owned_by(item)).order_by(Attachment.position, Attachment.id))
    )


def attachments_by_item(challenge_ids: list[int], solution_ids: list[int]) -> dict[tuple[str, int], list[Attachment]]:
    """The files of many challenges and solutions in one query, keyed ("challenge" or "solution", id)."""
    found: dict[tuple[str, int], list[Attachment]] = {}
    if not challenge_ids and not solution_ids:
        return found
    rows = db.session.scalars(
        select(Attachment)
        .where(Attachment.challenge_id.in_(challenge_ids) | Attachment.solution_id.in_(solution_ids))
        .order_by(Attachment.position, Attachment.id)
    )
    for row in rows:
        key = ("challenge", row.challenge_id) if row.challenge_id is not None else ("solution", row.solution_id)
        found.setdefault(key, []).append(row)  # type: ignore[arg-type]
    return found


def card_images(items: list[Challenge] | list[Solution]) -> dict[int, Attachment]:
    """The picture each card of a list shows, by item id, in one query: a challenge's cover, else its first
    image; a solution's first image. Items without an image are left out."""
    if not items:
        return {}
    column = Attachment.challenge_id if isinstance(items[0], Challenge) else Attachment.solution_id
    rows = db.session.scalars(
        select(Attachment)
        .where(column.in_([item.id for item in items]), Attachment.role.in_(("image", "cover")))
        .order_by(Attachment.role != "cover", Attachment.position, Attachment.id)
    )
    found: dict[int, Attachment] = {}
    for row in rows:
        found.setdefault(row.challenge_id or row.solution_id, row)  # type: ignore[arg-type]
    return found


def can_view(user: User, attachment: Attachment) -> bool:
    """Whoever may see the item sees its files; nobody else learns they exist."""
    item = item_of(attachment)
    if isinstance(item, Challenge):
        return can_view_challenge(user, item)
    return can_view_solution(user, item)


def is_public(attachment: Attachment) -> bool:
    """Visible to a visitor, so shared caches may keep it."""
    return can_view(AnonymousUserMixin(), attachment)


def _size_of(stream: IO[bytes]) -> int:
    stream.seek(0, io.SEEK_END)
    size = stream.tell()
    stream.seek(0)
    return size


def _check_upload(item: Item, upload: Upload, kind: filetypes.FileType, size: int) -> str:
    """The role the file takes; the first rule it breaks raised next to its field."""
    if size > current_app.config["ATTACHMENT_MAX_BYTES"]:
        raise AttachmentError(
            _("Il file è troppo grande: al massimo %(mb)d MB.", mb=current_app.config["ATTACHMENT_MAX_BYTES"] // 2**20),
            field="file",
        )
    if size == 0:
        raise AttachmentError(_("Il file è vuoto."), field="file")
    filetypes.check_name(upload.filename, kind)
    role = ("image" if kind.is_image else "document") if isinstance(item, Solution) else upload.role
    if role in ("image", "cover") and not kind.is_image:
        raise AttachmentError(_("Hai scelto un'immagine, ma il file è un documento."), field="file")
    if role == "document" and kind.is_image:
        raise AttachmentError(_("Il file è un'immagine: scegli «Immagine» o «Copertina» come tipo."), field="role")
    if kind.is_image and not upload.is_decorative and not upload.alt.strip():
        raise AttachmentError(
            _("Descrivi l'immagine per chi non la vede, oppure indica che è solo decorativa."), field="alt"
        )
    existing = db.session.scalars(select(Attachment.role).where(_owned_by(item))).all()
    if len(existing) >= current_app.config["ATTACHMENTS_PER_ITEM"]:
        raise AttachmentError(
            _("Si possono allegare al massimo %(count)d file.", count=current_app.config["ATTACHMENTS_PER_ITEM"]),
            field="file",
        )
    if role == "cover" and "cover" in existing:
        raise AttachmentError(_("La sfida ha già una copertina: rimuovila prima di caricarne un'altra."), field="role")
    return role


def _store(data: bytes) -> tuple[str, int]:
    """Store bytes under their SHA-256; their key and length."""
    key = hashlib.sha256(data).hexdigest()
    storage().put(key, io.BytesIO(data))
    return key, len(data)


def add_attachment(user: User, item: Item, upload: Upload) -> Attachment:
    """Check the file, store it (images only as clean renditions), then record it: a failed commit
    leaves at most an object no row points at, which `attachments gc` removes."""
    refuse_unless_allowed(refusal_to_change_attachments(user, item))
    size = _size_of(upload.stream)
    kind = filetypes.detect(upload.stream, size)
    role = _check_upload(item, upload, kind, size)
    content_hash = sha256_of(upload.stream)
    row = Attachment(
        role=role,
        title=(upload.title.strip() or _default_title(upload.filename))[:200],
        alt="" if upload.is_decorative else upload.alt.strip()[:500],
        is_decorative=upload.is_decorative and kind.is_image,
        media_type=kind.media_type,
        byte_count=size,
        content_hash=content_hash,
        original_filename=upload.filename[:255],
        uploaded_by_id=user.id,
        renditions=[],
    )
    if kind.is_image:
        (row.width, row.height), made = images.renditions(
            upload.stream, kind, current_app.config["ATTACHMENT_MAX_PIXELS"]
        )
        for rendition in made:
            key, length = _store(rendition.data)
            row.renditions.append(
                {
                    "width": rendition.width,
                    "height": rendition.height,
                    "format": rendition.format,
                    "key": key,
                    "bytes": length,
                }
            )
    else:
        storage().put(content_hash, upload.stream)
    if isinstance(item, Challenge):
        row.challenge_id = item.id
    else:
        row.solution_id = item.id
    row.position = (db.session.scalar(select(func.max(Attachment.position)).where(_owned_by(item))) or 0) + 1
    db.session.add(row)
    commit_or_raise(AttachmentError(_("Il file non è stato salvato: riprova."), field="file"))
    return row


def _default_title(filename: str) -> str:
    stem = filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1].rsplit(".", 1)[0].strip()
    return stem if stem and is_single_line(stem) else _("Allegato")


def refusal_to_remove(user: User, attachment: Attachment) -> ServiceError | None:
    """Why the user may not remove the file (whoever may change the item's files, and moderators for
    a solution's files), or None."""
    item = item_of(attachment)
    refusal = refusal_to_change_attachments(user, item)
    if refusal is None or (isinstance(item, Solution) and can_moderate(user)):
        return None
    return refusal


def removes_as_moderator(user: User, attachment: Attachment) -> bool:
    """A moderator removing a solution's file they may not edit: a decision with its reasons."""
    item = item_of(attachment)
    return isinstance(item, Solution) and can_moderate(user) and refusal_to_change_attachments(user, item) is not None


def remove_attachment(user: User, attachment: Attachment, reason_code: str = "", reason: str = "") -> Item:
    """Remove the file: by who may edit the item, or by a moderator with a statement of reasons that is
    logged and sent to the author; the stored bytes go once no other row points at them."""
    refuse_unless_allowed(refusal_to_remove(user, attachment))
    item = item_of(attachment)
    if removes_as_moderator(user, attachment):
        reason_code, reason = require_statement(reason_code, reason)
        solution = db.session.get_one(Solution, attachment.solution_id)
        reason = f"«{attachment.title}»: {reason}"
        tell_author(solution, log_action(user, "remove_file", reason, solution, reason_code=reason_code))
    removed = _stored_objects([attachment])
    db.session.delete(attachment)
    commit_or_raise(AttachmentError(_("L'allegato non è stato rimosso: riprova.")))
    delete_unused_objects(removed)
    return item


StoredObjects = list[tuple[str, list[str]]]  # (content hash, storage keys) of removed rows


def _stored_objects(rows: list[Attachment]) -> StoredObjects:
    return [(row.content_hash, row.storage_keys) for row in rows]


def delete_unused_objects(removed: StoredObjects) -> None:
    """Delete the stored objects of rows already removed and committed. The same upload always gives
    the same objects: they stay while another row has those bytes."""
    hashes = {content_hash for content_hash, _keys in removed}
    still_used = set(db.session.scalars(select(Attachment.content_hash).where(Attachment.content_hash.in_(hashes))))
    for content_hash, keys in removed:
        if content_hash not in still_used:
            for key in keys:
                storage().delete(key)


def forget_uploads_of(user: User) -> StoredObjects:
    """Remove from the session the files the person added to solutions, for their account's erasure; a
    challenge's files are its administration's publication and stay. The caller commits, then passes
    the result to delete_unused_objects."""
    rows = list(
        db.session.scalars(
            select(Attachment).where(Attachment.uploaded_by_id == user.id, Attachment.solution_id.is_not(None))
        )
    )
    removed = _stored_objects(rows)
    for row in rows:
        db.session.delete(row)
    return removed


def served_bytes(attachment: Attachment) -> bytes | None:
    """What the file's own address sends (a document, an image's largest rendition), or None when the
    store has lost it."""
    key = attachment.largest["key"] if attachment.is_image else attachment.content_hash
    try:
        stream = storage().open(key)
    except KeyError:
        return None
    with stream:
        return stream.read()


def uploads_of(user: User) -> list[Attachment]:
    """The files the person uploaded, in the order they did."""
    return list(
        db.session.scalars(select(Attachment).where(Attachment.uploaded_by_id == user.id).order_by(Attachment.id))
    )


def referenced_keys() -> set[str]:
    """Every stored key some row points at."""
    rows = db.session.execute(select(Attachment.role, Attachment.content_hash, Attachment.renditions))
    keys: set[str] = set()
    for role, content_hash, renditions in rows:
        if role == "document":
            keys.add(content_hash)
        else:
            keys.update(rendition["key"] for rendition in renditions)
    return keys


def collect_garbage(older_than: timedelta) -> list[str]:
    """Remove stored objects no row points at, written more than `older_than` ago (an upload whose row
    is about to commit is younger); the keys removed."""
    used = referenced_keys()
    limit = utcnow() - older_than
    store = storage()
    orphans = [key for key, written_at in store.listing() if key not in used and written_at <= limit]
    for key in orphans:
        store.delete(key)
    return orphans
