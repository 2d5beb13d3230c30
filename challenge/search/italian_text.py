"""Italian words as the search index sees them: unaccented, lower case, Snowball-stemmed.

PostgreSQL does this itself with the `search_italian` configuration (migration 0014:
`unaccent`, then the `italian` Snowball stemmer with its stop words); SQLite's FTS5 cannot
stem, so its index stores the text already passed through `index_text`, the same steps in
Python with PyStemmer (the same Snowball algorithm). Queries go through the same steps.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

import Stemmer

# PostgreSQL's tsearch_data/italian.stop (Snowball's list), checked, as there, against the
# word without accents: "perché" and "più" are therefore indexed, as PostgreSQL indexes them.
_STOP_LIST = """
ad al allo ai agli all agl alla alle con col coi da dal dallo dai dagli dall dagl dalla dalle di del
dello dei degli dell degl della delle in nel nello nei negli nell negl nella nelle su sul sullo sui
sugli sull sugl sulla sulle per tra contro io tu lui lei noi voi loro mio mia miei mie tuo tua tuoi
tue suo sua suoi sue nostro nostra nostri nostre vostro vostra vostri vostre mi ti ci vi lo la li le
gli ne il un uno una ma ed se perché anche come dov dove che chi cui non più quale quanto quanti
quanta quante quello quelli quella quelle questo questi questa queste si tutto tutti a c e i l o ho
hai ha abbiamo avete hanno abbia abbiate abbiano avrò avrai avrà avremo avrete avranno avrei avresti
avrebbe avremmo avreste avrebbero avevo avevi aveva avevamo avevate avevano ebbi avesti ebbe avemmo
aveste ebbero avessi avesse avessimo avessero avendo avuto avuta avuti avute sono sei è siamo siete
sia siate siano sarò sarai sarà saremo sarete saranno sarei saresti sarebbe saremmo sareste
sarebbero ero eri era eravamo eravate erano fui fosti fu fummo foste furono fossi fosse fossimo
fossero essendo faccio fai facciamo fanno faccia facciate facciano farò farai farà faremo farete
faranno farei faresti farebbe faremmo fareste farebbero facevo facevi faceva facevamo facevate
facevano feci facesti fece facemmo faceste fecero facessi facesse facessimo facessero facendo sto
stai sta stiamo stanno stia stiate stiano starò starai starà staremo starete staranno starei
staresti starebbe staremmo stareste starebbero stavo stavi stava stavamo stavate stavano stetti
stesti stette stemmo steste stettero stessi stesse stessimo stessero stando
"""
STOP_WORDS = frozenset(_STOP_LIST.split())
# Letters and digits; PostgreSQL's parser also splits at "_", "'" and "-".
WORD = re.compile(r"[^\W_]+")
_local = threading.local()  # a Stemmer object is not safe to share between threads


def unaccented(word: str) -> str:
    """Lower case without diacritics: "Città" -> "citta"."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@lru_cache(maxsize=65_536)
def stem(word: str) -> str:
    """The Snowball stem of an unaccented lower-case word: "scuole" -> "scuol"."""
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = Stemmer.Stemmer("italian")
    return stemmer.stemWord(word)


def words(text: str) -> Iterator[re.Match[str]]:
    """Every word of a text, with its position."""
    return WORD.finditer(text)


def index_term(word: str) -> str | None:
    """What the index stores for one word of a text, or None for a stop word."""
    plain = unaccented(word)
    return None if plain in STOP_WORDS else stem(plain)


def index_text(text: str | None) -> str:
    """A text as SQLite's index stores it: the stems of its words, stop words left out."""
    if not text:
        return ""
    terms = (index_term(match.group()) for match in words(text))
    return " ".join(term for term in terms if term)
