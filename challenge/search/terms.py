"""A query's words as search terms, and a hit's text with the words that match them marked.

The marking is done in Python on the original text, escaped first, so it reads the same on both databases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup, escape

from .italian_text import index_term, unaccented, words

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
SNIPPET_WORDS = 30


@dataclass(frozen=True)
class Term:
    """One word of a query: the stem it matches, whether it also matches as a prefix, and whether
    it was typed with an accent (then only its own form matches)."""

    word: str  # unaccented, lower case
    stem: str
    is_prefix: bool
    is_accented: bool = False

    def matches(self, form: str, indexed: str) -> bool:
        """Whether a text's word (unaccented, lower case) and its stem answer this term."""
        if self.is_accented:
            return form == self.word
        return indexed == self.stem or (self.is_prefix and indexed.startswith(self.stem))


def terms(query: str) -> list[Term]:
    """The words of a query as index terms, without operators, quotes, markup or stop words."""
    found: dict[tuple[str, str], Term] = {}
    for match in words(query[:MAX_QUERY_LENGTH]):
        word = unaccented(match.group())
        term = index_term(word)
        if not term:
            continue
        is_accented = word != match.group().lower()
        # Words with one stem are one term, but an accented word stands for its own form only.
        found.setdefault((term, word if is_accented else ""), Term(word, term, term == word, is_accented))
    return list(found.values())[:MAX_TERMS]


def _matched_words(text: str, query: list[Term]) -> list[tuple[int, int, bool]]:
    """(start, end, matched) of every word of a text."""
    spans = []
    for match in words(text):
        term = index_term(match.group())
        form = unaccented(match.group())
        spans.append((match.start(), match.end(), term is not None and any(t.matches(form, term) for t in query)))
    return spans


def _marked(text: str, spans: list[tuple[int, int, bool]], start: int, end: int) -> str:
    """text[start:end], escaped, with the matched words in <mark>."""
    out, cursor = [], start
    for word_start, word_end, matched in spans:
        if word_start < start or word_end > end or not matched:
            continue
        out += [str(escape(text[cursor:word_start])), "<mark>", str(escape(text[word_start:word_end])), "</mark>"]
        cursor = word_end
    out.append(str(escape(text[cursor:end])))
    return "".join(out)


def highlight(text: str, query: list[Term]) -> Markup:
    """The whole text, escaped, with the words that match the query marked."""
    return Markup(_marked(text, _matched_words(text, query), 0, len(text)))


def snippet(text: str, query: list[Term], size: int = SNIPPET_WORDS) -> Markup:
    """About `size` words of a text around its first match, escaped, matches marked."""
    text = _plain(text)
    spans = _matched_words(text, query)
    if not spans:
        return Markup("")
    first = next((number for number, span in enumerate(spans) if span[2]), 0)
    begin = max(0, min(first - size // 4, len(spans) - size))
    window = spans[begin : begin + size]
    start, end = (0 if begin == 0 else window[0][0]), (len(text) if begin + size >= len(spans) else window[-1][1])
    body = _marked(text, window, start, end)
    return Markup(("…" if start > 0 else "") + body + ("…" if end < len(text) else ""))


def _plain(markdown: str) -> str:
    """Markdown as readable text for a snippet: links keep their words, markup characters go."""
    text = re.sub(r"\]\([^)]*\)", "]", markdown)
    text = re.sub(r"[*_#>`\[\]~|]+", " ", text)
    return " ".join(text.split())
