"""The one place where user text becomes HTML: Markdown rendered, then sanitised by nh3."""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "a",
    "code",
    "pre",
    "blockquote",
    "h3",
    "h4",
    "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow ugc noopener"

# Raw HTML in the source is shown as text, never interpreted; headings are demoted below
# the page's own h1/h2 so the document outline stays valid.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_HEADING_SHIFT = {"h1": "h3", "h2": "h3", "h3": "h4", "h4": "h4", "h5": "h4", "h6": "h4"}
# An admin's content page or legal text is the page's whole content: its ## headings are its sections.
_DOCUMENT_HEADINGS = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h4", "h5": "h4", "h6": "h4"}


def _demote_headings(renderer, tokens, idx, options, env):
    token = tokens[idx]
    token.tag = env.get("headings", _HEADING_SHIFT)[token.tag]
    return renderer.renderToken(tokens, idx, options, env)


_markdown.add_render_rule("heading_open", _demote_headings)
_markdown.add_render_rule("heading_close", _demote_headings)


def render_markdown(source: str, *, document: bool = False) -> str:
    """Safe HTML for a Markdown text written by a user; a `document` (a content page) keeps h2 sections."""
    html = _markdown.render(source or "", {"headings": _DOCUMENT_HEADINGS} if document else {})
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS | {"h2"} if document else ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    ).strip()
