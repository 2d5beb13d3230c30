"""Upload, list, remove and serve the files of challenges and solutions."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.exceptions import RequestEntityTooLarge

from ..core.extensions import db
from ..core.permissions import refusal_to_change_attachments, refuse_unless_allowed
from ..models import ATTACHMENT_ROLES, Attachment, Challenge, Solution
from ..web.helpers import (
    ask_first,
    confirmed,
    found_or_404,
    not_found_unless,
    submit,
    visible_challenge_or_404,
    visible_solution_or_404,
)
from . import service
from .filetypes import EXTENSIONS
from .forms import AttachmentForm, RemovalForm
from .models import RENDITION_TYPES
from .storage import LocalStorage, storage

bp = Blueprint("attachments", __name__)

UPLOAD_ENDPOINTS = {"attachments.challenge_files", "attachments.solution_files"}
FORM_OVERHEAD = 64 * 1024  # the other fields and the multipart boundaries around the file
YEAR = 365 * 24 * 60 * 60


@bp.url_value_preprocessor
def allow_uploads(endpoint: str | None, values: dict | None) -> None:
    """The upload routes take bodies up to FLASK_ATTACHMENT_MAX_BYTES; every other route keeps
    MAX_CONTENT_LENGTH. URL preprocessors run before the before_request hooks, CSRF's among them,
    which read the body; werkzeug spools a file part over 500 KB to a temporary file."""
    if endpoint in UPLOAD_ENDPOINTS:
        request.max_content_length = current_app.config["ATTACHMENT_MAX_BYTES"] + FORM_OVERHEAD


def item_url(item: Challenge | Solution) -> str:
    """The page of the challenge or solution."""
    if isinstance(item, Challenge):
        return url_for("challenges.detail", slug=item.slug)
    return url_for("solutions.detail", solution_id=item.id)


def manage_url(item: Challenge | Solution) -> str:
    """The page where the item's files are listed and added."""
    if isinstance(item, Challenge):
        return url_for(".challenge_files", slug=item.slug)
    return url_for(".solution_files", solution_id=item.id)


@bp.app_template_global("attachment_file_url")
def file_url(attachment: Attachment) -> str:
    """The file's address, with its hash: the address changes whenever the bytes could."""
    return url_for(
        "attachments.file", attachment_id=attachment.id, filename=attachment.download_name, v=attachment.version
    )


@bp.app_template_global("attachment_rendition_url")
def rendition_url(attachment: Attachment, rendition: dict) -> str:
    """One width and format of an image, with the hash of the upload."""
    return url_for(
        "attachments.rendition",
        attachment_id=attachment.id,
        width=rendition["width"],
        fmt=rendition["format"],
        v=attachment.version,
    )


# Lists call it once before their cards: one query for the pictures of the whole page.
bp.add_app_template_global(service.card_images, "card_images")


@bp.app_template_global("describe_attachment")
def describe(attachment: Attachment) -> str:
    """The kind and size of what a file's link sends, e.g. "PDF, 1,2 MB"."""
    size = attachment.served_bytes
    shown = f"{format_decimal(round(size / 2**20, 1))} MB" if size >= 2**20 else f"{max(1, round(size / 1024))} KB"
    return f"{EXTENSIONS.get(attachment.served_media_type, '').upper()}, {shown}"


@bp.route("/challenges/<slug>/attachments", methods=["GET", "POST"])
@login_required
def challenge_files(slug: str):
    """The challenge's files, and the form its staff add one with."""
    return _manage(_item_of_upload({"slug": slug}))


@bp.route("/solutions/<int:solution_id>/attachments", methods=["GET", "POST"])
@login_required
def solution_files(solution_id: int):
    """The solution's files, and the form its author adds one with while they may edit it."""
    return _manage(_item_of_upload({"solution_id": solution_id}))


def _item_of_upload(values: dict) -> Challenge | Solution:
    if "slug" in values:
        return visible_challenge_or_404(values["slug"])
    return visible_solution_or_404(values["solution_id"])


def _form_for(item: Challenge | Solution, **options) -> AttachmentForm:
    form = AttachmentForm(**options)
    if isinstance(item, Solution):
        del form.role  # the file's content decides
    return form


def _manage(item: Challenge | Solution):
    refuse_unless_allowed(refusal_to_change_attachments(current_user, item))
    form = _form_for(item)

    def add() -> Attachment:
        upload = form.file.data
        return service.add_attachment(
            current_user,
            item,
            service.Upload(
                stream=upload.stream,
                filename=upload.filename or "",
                title=form.title.data or "",
                alt=form.alt.data or "",
                is_decorative=bool(form.decorative.data),
                role=form.role.data if "role" in form else "document",
            ),
        )

    if submit(form, add, _("Allegato aggiunto.")) is not None:
        return redirect(manage_url(item), 303)
    return _manage_page(item, form, 422 if form.errors else 200)


def _manage_page(item: Challenge | Solution, form: AttachmentForm, status: int):
    return render_template(
        "attachments/manage.html",
        form=form,
        item=item,
        is_challenge=isinstance(item, Challenge),
        attachments=service.attachments_of(item),
        back=item_url(item),
        action=manage_url(item),
        max_mb=current_app.config["ATTACHMENT_MAX_BYTES"] // 2**20,
        per_item=current_app.config["ATTACHMENTS_PER_ITEM"],
        attachment_roles=ATTACHMENT_ROLES,
    ), status


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error: RequestEntityTooLarge):
    """A body over the upload limit cannot be read at all: the form comes back empty, the reason next to its file field."""
    if request.endpoint not in UPLOAD_ENDPOINTS or not current_user.is_authenticated:
        return error
    item = _item_of_upload(request.view_args or {})
    refuse_unless_allowed(refusal_to_change_attachments(current_user, item))
    form = _form_for(item, formdata=None)
    limit = current_app.config["ATTACHMENT_MAX_BYTES"] // 2**20
    form.file.errors = [_("Il file è troppo grande: al massimo %(mb)d MB.", mb=limit)]
    return _manage_page(item, form, 413)


def _visible_or_404(attachment_id: int) -> Attachment:
    attachment = found_or_404(db.session.get(Attachment, attachment_id))
    not_found_unless(service.can_view(current_user, attachment))
    return attachment


@bp.post("/attachments/<int:attachment_id>/delete")
@login_required
def delete(attachment_id: int):
    """Remove a file, after a confirmation; a moderator states the reasons, as for hiding."""
    attachment = _visible_or_404(attachment_id)
    item = service.item_of(attachment)
    if not service.removes_as_moderator(current_user, attachment):
        asked = ask_first(
            lambda: refuse_unless_allowed(service.refusal_to_remove(current_user, attachment)),
            title=_("Rimuovere l'allegato?"),
            text=_("«%(title)s» non sarà più visibile né scaricabile.", title=attachment.title),
            button=_("Sì, rimuovi l'allegato"),
            back=manage_url(item),
        )
        if asked is not None:
            return asked
        service.remove_attachment(current_user, attachment)
        flash(_("Allegato rimosso."), "success")
        return redirect(item_url(item), 303)
    form = RemovalForm()
    reasons = (form.reason_code.data or "", form.reason.data or "")
    if confirmed():
        removed = submit(
            form, lambda: service.remove_attachment(current_user, attachment, *reasons), _("Allegato rimosso.")
        )
        if removed is not None:
            return redirect(item_url(item), 303)
    status = 422 if form.errors else 200
    return render_template("attachments/remove.html", form=form, attachment=attachment, back=item_url(item)), status


@bp.get("/attachments/<int:attachment_id>/<int:width>.<any(webp, jpeg, png):fmt>")
def rendition(attachment_id: int, width: int, fmt: str):
    """One width of an image in WebP or in its own format."""
    attachment = _visible_or_404(attachment_id)
    found = found_or_404(attachment.rendition(width, fmt) if attachment.is_image else None)
    return _send(attachment, found["key"], RENDITION_TYPES[fmt], found["bytes"], f"{width}.{fmt}")


@bp.get("/attachments/<int:attachment_id>/<filename>")
def file(attachment_id: int, filename: str):
    """The file: a document to download, or an image at its largest width in its own format.

    The name in the address is only for people: a download is named by the file's title, so that a
    link with another name (`.html`) cannot make the browser save the bytes as something else."""
    attachment = _visible_or_404(attachment_id)
    name = attachment.download_name
    if attachment.is_image:
        largest = attachment.largest
        return _send(attachment, largest["key"], RENDITION_TYPES[largest["format"]], largest["bytes"], name)
    return _send(attachment, attachment.content_hash, attachment.media_type, attachment.byte_count, name)


def _send(attachment: Attachment, key: str, media_type: str, length: int, name: str) -> Response:
    """The stored bytes with the headers that keep a browser from running them; with
    FLASK_ATTACHMENT_ACCEL_PREFIX and local storage, only the headers, and nginx sends the bytes."""
    prefix, store = current_app.config["ATTACHMENT_ACCEL_PREFIX"], storage()
    if prefix and isinstance(store, LocalStorage):
        response = Response(mimetype=media_type)
        response.headers["X-Accel-Redirect"] = f"{prefix.rstrip('/')}/{LocalStorage.relative_path(key)}"
        response.headers.set("Content-Disposition", "inline" if attachment.is_image else "attachment", filename=name)
    else:
        try:
            stream = store.open(key)
        except KeyError:
            abort(404)
        response = send_file(
            stream,
            mimetype=media_type,
            as_attachment=not attachment.is_image,
            download_name=name,
            conditional=False,
            etag=False,
            max_age=None,
        )
        response.content_length = length
    response.set_etag(key)
    response.headers["X-Content-Type-Options"] = "nosniff"
    if not attachment.is_image:
        response.headers["Content-Security-Policy"] = "sandbox"
    # The address carries the hash of the bytes: a public image under it never changes.
    if attachment.is_image and request.args.get("v") == attachment.version and service.is_public(attachment):
        response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    else:
        response.headers["Cache-Control"] = "private, no-cache"
    return response.make_conditional(request)  # type: ignore[return-value]
