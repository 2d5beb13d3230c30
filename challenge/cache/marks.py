"""Reader marks: what differs from one reader to another is marked in a page and chosen per response.

A template never writes the reader's own state where readers may share it; it writes a mark:

- a value, `<!--reader:csrf-->`, replaced by the reader's (their CSRF field, name, unread badge);
- a choice: every state an item can be in for a reader is rendered once, each between
  `<!--reader:vote:12:up-->` and `<!--/reader-->`; the reader's state is kept, the others are dropped.

So a page or fragment with marks can be kept for every reader, and making it theirs costs a few
substitutions and one statement of facts (`Facts`), never a template. User content never holds a mark:
the Markdown sanitiser removes HTML comments and every other text is escaped.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from markupsafe import Markup

# Splits a page into its text and marks, each mark as its groups: ("", name, None, None) for a value,
# ("", kind, id, state) for the start of a choice, ("/", None, None, None) for its END.
_MARK = re.compile(r"<!--(/?)reader(?::([a-z-]+)(?::(\d+):([a-z-]+))?)?-->")
_ANY = "<!--reader:"
END = Markup("<!--/reader-->")


class Facts(Protocol):
    """One reader's answers to the marks of one page."""

    def state(self, kind: str, item_id: int) -> str: ...

    def value(self, name: str) -> str: ...


def value_mark(name: str) -> Markup:
    """Where the reader's own `name` goes."""
    return Markup(f"<!--reader:{name}-->")


def choice_mark(kind: str, item_id: int, state: str) -> Markup:
    """The start of what a reader in `state` sees of the item (ended by END)."""
    return Markup(f"<!--reader:{kind}:{int(item_id)}:{state}-->")


def has_marks(body: str) -> bool:
    return _ANY in body


@dataclass(frozen=True)
class Marks:
    """What a page asks of its reader: the items each kind of choice is about, and the values it names."""

    choices: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    values: set[str] = field(default_factory=set)


def fill(body: str, answer: Callable[[Marks], Facts]) -> str:
    """The page as its reader sees it: `answer` gives the reader's facts for the page's marks, read in the
    same pass that finds them; then each choice is reduced to the reader's state and each value is theirs."""
    pieces = _MARK.split(body)  # text, then the four groups of a mark and the text after it, and so on
    marks = Marks()
    for at in range(1, len(pieces), 5):
        _slash, name, item_id, _state = pieces[at : at + 4]
        if item_id:
            marks.choices[name].add(int(item_id))
        elif name:
            marks.values.add(name)
    facts = answer(marks)
    out = [pieces[0]]
    values: dict[str, str] = {}
    dropping = False
    for at in range(1, len(pieces), 5):
        slash, name, item_id, state, text = pieces[at : at + 5]
        if slash:
            dropping = False
        elif item_id:
            dropping = facts.state(name, int(item_id)) != state
        elif not dropping:
            if name not in values:
                values[name] = facts.value(name)
            out.append(values[name])
        if not dropping:
            out.append(text)
    return "".join(out)
