"""The English catalog: complete, faithful to the Italian placeholders, in step with the code, and used."""

from __future__ import annotations

import re
from fnmatch import fnmatch
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from tests.factories import make_challenge, make_solution

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "challenge" / "translations" / "en" / "LC_MESSAGES" / "messages.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}")
# The same options as `make translations-extract`: -k _l --ignore-dirs '.* node_modules'.
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None}
IGNORED_DIRS = (".*", "node_modules")
TRANSLATES = re.compile(r"\b(_|_l|gettext|ngettext)\(")

with CATALOG.open("rb") as po_file:
    EN = read_po(po_file)
MESSAGES = [message for message in EN if message.id]


def forms(message) -> list[tuple[str, str]]:
    """(Italian source, English translation) for each form of a message, plural forms included."""
    if isinstance(message.id, str):
        return [(message.id, message.string)]
    singular, plural = message.id
    return [(singular if index == 0 else plural, text) for index, text in enumerate(message.string)]


def walked(dirpath: str) -> bool:
    """Babel skips `_macros/` by default; like the Makefile, skip only dot folders and node_modules."""
    return not any(fnmatch(Path(dirpath).name, pattern) for pattern in IGNORED_DIRS)


@pytest.fixture(scope="module")
def extracted() -> tuple[set[str], set[str]]:
    """The msgids found in the code and templates, and the files they came from."""
    with (ROOT / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    messages, files = set(), set()
    for filename, _lineno, message, _comments, _context in extract_from_dir(
        ROOT, method_map, options_map, keywords=KEYWORDS, directory_filter=walked
    ):
        messages.add(message if isinstance(message, str) else message[0])
        files.add(filename)
    return messages, files


def test_catalog_has_hundreds_of_messages():
    assert len(MESSAGES) > 400


def test_every_message_and_plural_form_is_translated():
    untranslated = [message.id for message in MESSAGES if not all(text.strip() for _, text in forms(message))]
    assert untranslated == []
    plurals = [message for message in MESSAGES if message.pluralizable]
    assert plurals and all(len(message.string) == EN.num_plurals == 2 for message in plurals)


def test_no_entry_is_fuzzy():
    assert [message.id for message in MESSAGES if message.fuzzy] == []


def test_translations_keep_the_placeholders_of_their_source():
    mismatched = [
        (source, text)
        for message in MESSAGES
        for source, text in forms(message)
        if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(text))
    ]
    assert mismatched == []


def test_babel_format_checks_pass():
    assert [(message.id, errors) for message, errors in EN.check()] == []


def test_catalog_holds_every_string_of_the_sources(extracted):
    catalog_ids = {message.id if isinstance(message.id, str) else message.id[0] for message in MESSAGES}
    missing = extracted[0] - catalog_ids
    assert missing == set(), "run `make translations-extract` and translate the new strings"


def test_extraction_reaches_every_file_that_translates(extracted):
    translating = {
        path.relative_to(ROOT).as_posix()
        for pattern in ("challenge/**/*.py", "templates/**/*.html", "templates/**/*.xml")
        for path in ROOT.glob(pattern)
        if TRANSLATES.search(path.read_text(encoding="utf-8"))
    }
    assert "templates/_macros/ui.html" in translating
    assert translating - extracted[1] == set()


def test_domain_terms_are_translated_as_agreed():
    agreed = {
        "Numero di soluzioni": "Number of solutions",
        "Opinione più recente": "Most recent opinion",
        "Opinione meglio votata": "Best-voted opinion",
        "Amministrazione più propositiva da sempre": "Most proactive administration of all time",
        "Risposta ufficiale": "Official response",
        "Laboratorio territoriale": "Territorial lab",
        "Sfide": "Challenges",
        "Amministrazione": "Administration",
    }
    assert {source: EN[source].string for source in agreed} == agreed


class VisibleText(HTMLParser):
    """The text nodes and the labels a person or a screen reader meets on a page."""

    LABEL_ATTRIBUTES = {"aria-label", "placeholder", "title", "alt"}

    def __init__(self):
        super().__init__()
        self.texts: set[str] = set()
        self._hidden_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden_depth += 1
        self.texts.update(value.strip() for name, value in attrs if name in self.LABEL_ATTRIBUTES and value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._hidden_depth -= 1

    def handle_data(self, data):
        if not self._hidden_depth and data.strip():
            self.texts.add(" ".join(data.split()))


def visible_texts(html: str) -> set[str]:
    parser = VisibleText()
    parser.feed(html)
    return parser.texts


# Italian strings that differ from their English translation: none may show on an English page.
ITALIAN_ONLY = {
    source for message in MESSAGES for source, text in forms(message) if source != text and "%(" not in source
}
GIVEAWAYS = ("Accedi", "Registrati", "Classifiche", "Laboratori", "Vai al contenuto principale", "Menu utente")
PUBLIC_PAGES = [
    "/",
    "/challenges",
    "/auth/login",
    "/auth/register",
    "/leaderboards",
    "/administrations",
    "/labs",
    "/search?q=sportello",
    "/open-data",
    "/accessibilita",
    "/note-legali",
]


@pytest.fixture
def english_client(client):
    client.post("/lang", data={"lang": "en"})
    return client


@pytest.fixture
def some_content(app):
    with app.app_context():
        solution = make_solution(challenge=make_challenge())
        return solution.challenge.slug, solution.id


def test_english_navigation_and_account_links(english_client):
    for path in ("/", "/challenges", "/auth/login", "/auth/register"):
        html = english_client.get(path).get_data(as_text=True)
        texts = visible_texts(html)
        assert '<html lang="en">' in html
        assert {"Sign in", "Register", "Challenges", "Leaderboards", "Skip to main content"} <= texts
        assert [word for word in GIVEAWAYS if word in texts] == []


def test_login_and_register_forms_speak_english(english_client):
    login = visible_texts(english_client.get("/auth/login").get_data(as_text=True))
    assert {"Email", "Password", "Sign in to propose solutions, comment and vote."} <= login
    register = visible_texts(english_client.get("/auth/register").get_data(as_text=True))
    assert {"Create an account", "Display name", "Confirm password", "Already have an account?"} <= register


def test_home_statistics_box_is_in_english(english_client, some_content):
    texts = visible_texts(english_client.get("/").get_data(as_text=True))
    assert {
        "Number of solutions",
        "Most recent opinion",
        "Best-voted opinion",
        "Most proactive administration of all time",
    } <= texts


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_english_pages_show_no_untranslated_interface_text(english_client, some_content, path):
    response = english_client.get(path)
    assert response.status_code == 200
    assert visible_texts(response.get_data(as_text=True)) & ITALIAN_ONLY == set()


def test_english_challenge_and_solution_pages(english_client, some_content):
    slug, solution_id = some_content
    for path in (f"/challenges/{slug}", f"/solutions/{solution_id}"):
        response = english_client.get(path)
        assert response.status_code == 200
        assert visible_texts(response.get_data(as_text=True)) & ITALIAN_ONLY == set()


def test_percent_signs_survive_template_formatting(client):
    assert "intervallo di Wilson al 95% sulla" in client.get("/leaderboards").get_data(as_text=True)
    client.post("/lang", data={"lang": "en"})
    assert "the 95% Wilson interval" in client.get("/leaderboards").get_data(as_text=True)


def test_italian_stays_the_default(client):
    texts = visible_texts(client.get("/").get_data(as_text=True))
    assert {"Accedi", "Sfide", "Numero di soluzioni"} <= texts


def test_templates_follow_a_forced_language_inside_a_request(app):
    """Templates look their catalogue up per language: a forced language (an email in the
    recipient's language) is followed inside the request, and the request's own after it."""
    from flask import render_template_string
    from flask_babel import force_locale

    source = '{{ _("Sfide") }}'
    with app.test_request_context("/", headers={"Accept-Language": "it"}):
        assert render_template_string(source) == "Sfide"
        with force_locale("en"):
            assert render_template_string(source) == "Challenges"
        assert render_template_string(source) == "Sfide"
