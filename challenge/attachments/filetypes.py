"""What a file is, read from its bytes, never from its name or the browser's word.

`filetype` recognises the signatures; zip containers are opened to read what they declare
(OpenDocument's `mimetype` member, OOXML's main part in `[Content_Types].xml`), text must be
valid UTF-8 without NUL and not markup, and images are left to Pillow (challenge/attachments/images.py).
"""

from __future__ import annotations

import csv
import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO

import filetype
from flask_babel import lazy_gettext as _l

from ..core.errors import ServiceError

HEAD = 8192


@dataclass(frozen=True)
class FileType:
    media_type: str
    extensions: tuple[str, ...]  # the first is the one a download is named with
    is_image: bool = False


OPENDOCUMENT = {
    "application/vnd.oasis.opendocument.text": FileType("application/vnd.oasis.opendocument.text", ("odt",)),
    "application/vnd.oasis.opendocument.spreadsheet": FileType(
        "application/vnd.oasis.opendocument.spreadsheet", ("ods",)
    ),
    "application/vnd.oasis.opendocument.presentation": FileType(
        "application/vnd.oasis.opendocument.presentation", ("odp",)
    ),
}
_OOXML = "application/vnd.openxmlformats-officedocument"
# The content type of the main part, as [Content_Types].xml declares it, of each accepted OOXML kind;
# macro-enabled files (.docm, .xlsm, .pptm) declare other ones and are refused.
OOXML = {
    f"{_OOXML}.wordprocessingml.document.main+xml": FileType(f"{_OOXML}.wordprocessingml.document", ("docx",)),
    f"{_OOXML}.spreadsheetml.sheet.main+xml": FileType(f"{_OOXML}.spreadsheetml.sheet", ("xlsx",)),
    f"{_OOXML}.presentationml.presentation.main+xml": FileType(f"{_OOXML}.presentationml.presentation", ("pptx",)),
}
PDF = FileType("application/pdf", ("pdf",))
# A one-column CSV reads as plain text, and a table may come in a .txt file.
CSV = FileType("text/csv", ("csv", "txt"))
TEXT = FileType("text/plain", ("txt", "text", "md", "csv"))
IMAGES = {
    "image/png": FileType("image/png", ("png",), True),
    "image/jpeg": FileType("image/jpeg", ("jpg", "jpeg", "jpe"), True),
    "image/webp": FileType("image/webp", ("webp",), True),
    "image/heic": FileType("image/heic", ("heic", "heif"), True),
    "image/avif": FileType("image/avif", ("avif",), True),
}
# The extension a download of each type is named with.
EXTENSIONS = {
    kind.media_type: kind.extensions[0]
    for kind in (PDF, CSV, TEXT, *OPENDOCUMENT.values(), *OOXML.values(), *IMAGES.values())
}
CONTAINERS = {"application/zip", *(kind.media_type for kind in (*OPENDOCUMENT.values(), *OOXML.values()))}

REFUSED = _l(
    "Questo tipo di file non è ammesso. Puoi caricare documenti PDF, ODT, ODS, ODP, DOCX, XLSX, PPTX, CSV"
    " o TXT e immagini PNG, JPEG, WebP, HEIC o AVIF."
)
MARKUP = _l("I file HTML, SVG e XML non sono ammessi: caricane una versione in PDF o come immagine PNG o JPEG.")


def refused(message) -> ServiceError:
    return ServiceError(str(message), field="file")


def _zip_type(stream: IO[bytes]) -> FileType:
    """An OpenDocument or OOXML file by what its container declares; any other archive is refused."""
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                declared = archive.read("mimetype").decode("ascii", "replace").strip()
                if declared in OPENDOCUMENT:
                    return OPENDOCUMENT[declared]
            elif "[Content_Types].xml" in names:
                types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
                for main, kind in OOXML.items():
                    if f'ContentType="{main}"' in types:
                        return kind
    except (zipfile.BadZipFile, OSError, ValueError):
        pass
    raise refused(_l("Gli archivi (ZIP e simili) non sono ammessi: carica i documenti uno per uno."))


def _text_type(stream: IO[bytes], size: int) -> FileType:
    """CSV or plain text: valid UTF-8 without NUL, and not markup a browser would run."""
    stream.seek(0)
    try:
        text = stream.read(size).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise refused(REFUSED) from None
    if "\x00" in text or not text.strip():
        raise refused(REFUSED)
    start = text.lstrip()[:200].lower()
    if start.startswith("<") or "<svg" in start or "<html" in start or "<script" in start:
        raise refused(MARKUP)
    return CSV if _is_table(text[:HEAD]) else TEXT


def _is_table(sample: str) -> bool:
    """Several lines with the same number (two or more) of comma-, semicolon- or tab-separated columns."""
    lines = [line for line in sample.splitlines()[:5] if line.strip()]
    if len(lines) < 2:
        return False
    try:
        dialect = csv.Sniffer().sniff("\n".join(lines), delimiters=",;\t")
    except csv.Error:
        return False
    widths = {len(row) for row in csv.reader(lines, dialect)}
    return len(widths) == 1 and widths.pop() > 1


def detect(stream: IO[bytes], size: int) -> FileType:
    """The type of the uploaded bytes among those accepted; a ServiceError on the file field otherwise."""
    stream.seek(0)
    head = stream.read(HEAD)
    stream.seek(0)
    kind = filetype.guess(head)
    if kind is None:
        return _text_type(stream, size)
    if kind.mime == "application/pdf" and head.startswith(b"%PDF-"):
        return PDF
    if kind.mime in CONTAINERS:
        return _zip_type(stream)
    if kind.mime in IMAGES:
        return IMAGES[kind.mime]
    if kind.mime == "image/heif":
        return IMAGES["image/heic"]
    raise refused(REFUSED)


def check_name(filename: str, kind: FileType) -> None:
    """Refuse a file whose name's extension says another type than its content (a .pdf that is a program)."""
    extension = PurePath(filename).suffix.lower().lstrip(".")
    if extension and extension not in kind.extensions:
        raise refused(
            _l(
                "Il nome del file termina in .%(extension)s ma il contenuto è di un altro tipo (%(kind)s):"
                " controlla di aver scelto il file giusto.",
                extension=extension,
                kind=kind.extensions[0].upper(),
            )
        )
