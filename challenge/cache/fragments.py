"""Shared fragments with reader parts: a cached piece of a page that every reader shares, with a
marker where each item's part for the reader goes when it cannot be a reader mark (marks.py): the
controls of a solution's comments, which depend on whose comment it is and on moderation rights.
The reader parts are rendered per request, in one template, and put in their places."""

from __future__ import annotations

import re

from markupsafe import Markup

_MARKER = "<!--reader-part:{}-->"
_MARKERS = re.compile(r"<!--reader-part:(\d+)-->")


def reader_part_marker(item_id: int) -> Markup:
    """Where the reader part of this item goes (in a shared fragment), or begins (in the reader parts)."""
    return Markup(_MARKER.format(int(item_id)))


def with_reader_parts(shared: str, reader_parts: str) -> Markup:
    """`shared` with each marker replaced by what follows the same marker in `reader_parts`.

    Both are our own templates' output: user content never holds a marker, since the Markdown
    sanitiser removes HTML comments and every other text is escaped.
    """
    pieces = _MARKERS.split(reader_parts)  # text before the first marker, then id, part, id, part...
    parts = dict(zip(pieces[1::2], pieces[2::2], strict=True))
    return Markup(_MARKERS.sub(lambda marker: parts.get(marker.group(1), ""), shared))
