"""Italian articulated prepositions before an administration's name: "sfida del Comune di Ferrara",
"coordinato dalla Regione Emilia-Romagna", "dell'Università di Bologna", "di Roma Capitale".

The article comes from the name's first word (its gender and number, and the sound it starts with);
a name that starts with an acronym takes the gender of the administration's kind; a proper name
("Roma Capitale", "Bologna") takes none. Other languages carry their own preposition in the
sentence's translation, so `with_preposition` adds one only to Italian pages.
"""

from __future__ import annotations

import re

from flask_babel import get_locale
from markupsafe import Markup, escape

# (gender, number) of the nouns administrations' names start with.
NOUNS: dict[str, tuple[str, str]] = {
    **dict.fromkeys(
        (
            "comune",
            "ministero",
            "consorzio",
            "istituto",
            "ente",
            "dipartimento",
            "municipio",
            "parco",
            "centro",
            "servizio",
            "ufficio",
            "politecnico",
            "consiglio",
            "gruppo",
            "segretariato",
            "commissario",
            "garante",
            "tribunale",
            "corpo",
            "sistema",
            "polo",
            "distretto",
            "laboratorio",
        ),
        ("m", "s"),
    ),
    **dict.fromkeys(
        (
            "regione",
            "provincia",
            "città",
            "unione",
            "agenzia",
            "azienda",
            "università",
            "camera",
            "autorità",
            "presidenza",
            "comunità",
            "fondazione",
            "prefettura",
            "soprintendenza",
            "direzione",
            "società",
            "scuola",
            "biblioteca",
            "rete",
            "associazione",
            "federazione",
            "area",
            "asl",
            "ausl",
            "usl",
        ),
        ("f", "s"),
    ),
    **dict.fromkeys(("comuni", "ministeri", "consorzi", "enti", "istituti"), ("m", "p")),
    **dict.fromkeys(("unioni", "regioni", "province", "aziende"), ("f", "p")),
}

# The gender of each administration kind, for names that start with an acronym ("ASL Roma 1").
KIND_GENDERS = {
    "region": "f",
    "province": "f",
    "metropolitan_city": "f",
    "municipality": "m",
    "union_of_municipalities": "f",
    "ministry": "m",
    "agency": "f",
    "health_authority": "f",
    "university": "f",
}

# Preposition + article: il, lo, l', la, i, gli, le.
ARTICULATED = {
    "di": ("del", "dello", "dell'", "della", "dei", "degli", "delle"),
    "da": ("dal", "dallo", "dall'", "dalla", "dai", "dagli", "dalle"),
    "a": ("al", "allo", "all'", "alla", "ai", "agli", "alle"),
    "in": ("nel", "nello", "nell'", "nella", "nei", "negli", "nelle"),
    "su": ("sul", "sullo", "sull'", "sulla", "sui", "sugli", "sulle"),
}
ARTICLES = ("il", "lo", "l'", "la", "i", "gli", "le")

_VOWEL = re.compile(r"^[aeiouhàèéìòù]", re.IGNORECASE)
# Masculine words that take "lo"/"gli": s + consonant, z, gn, ps, pn, x, y, i + vowel.
_LO = re.compile(r"^(s[^aeiouàèéìòù]|z|gn|ps|pn|x|y|i[aeiou])", re.IGNORECASE)
_ACRONYM = re.compile(r"^[A-Z]{2,}\b")
# Letters whose Italian names start with a vowel sound: "l'ASL", "dell'INPS", "dell'SNA" (esse).
_ACRONYM_VOWEL_LETTERS = set("AEIOUFHLMNRSX")


def _article(gender: str, number: str, next_word: str, acronym: bool = False) -> str:
    starts_with_vowel = next_word[:1] in _ACRONYM_VOWEL_LETTERS if acronym else bool(_VOWEL.match(next_word))
    if number == "p":
        if gender == "f":
            return "le"
        return "gli" if starts_with_vowel or _LO.match(next_word) else "i"
    if starts_with_vowel:
        return "l'"
    if gender == "f":
        return "la"
    return "lo" if not acronym and _LO.match(next_word) else "il"


def article_for(name: str, kind: str | None = None) -> str | None:
    """The definite article before the name ("il", "l'", "la", ...), or None for a proper name."""
    words = name.split()
    if not words:
        return None
    first = words[0]
    noun = NOUNS.get(first.lower())
    if noun:
        return _article(*noun, first)
    if _ACRONYM.match(first) and kind in KIND_GENDERS:
        return _article(KIND_GENDERS[kind], "s", first, acronym=True)
    return None


def articulated_preposition(preposition: str, name: str, kind: str | None = None) -> str:
    """ "di" before "Comune di Ferrara" is "del"; before "Roma Capitale" it stays "di"."""
    article = article_for(name, kind)
    if article is None:
        return preposition
    return ARTICULATED[preposition][ARTICLES.index(article)]


def joined(preposition: str, name: str, kind: str | None = None) -> str:
    """The preposition and the name as Italian writes them: "del Comune di Ferrara", "dell'Unione ..."."""
    word = articulated_preposition(preposition, name, kind)
    return word + name if word.endswith("'") else f"{word} {name}"


def _italian_page() -> bool:
    return str(get_locale() or "it") == "it"


def with_preposition_text(preposition: str, administration) -> str:
    """Plain-text `with_preposition` for emails and flashed messages: "del Comune di Cesena" on Italian
    pages, the name alone in other languages."""
    if not _italian_page():
        return administration.name
    return joined(preposition, administration.name, getattr(administration, "kind", None))


def with_preposition(preposition: str, administration, text=None) -> Markup:
    """`text` (the administration's name, or a link to it) after the Italian articulated preposition;
    in other languages `text` alone, as their sentence carries its own preposition."""
    shown = escape(administration.name if text is None else text)
    if not _italian_page():
        return Markup(shown)
    word = articulated_preposition(preposition, administration.name, getattr(administration, "kind", None))
    return Markup(word + ("" if word.endswith("'") else " ")) + shown  # word comes from the table above
