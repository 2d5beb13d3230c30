"""Italian articulated prepositions before administrations' names, and the one date format."""

from __future__ import annotations

from datetime import date, datetime
from types import SimpleNamespace

import pytest
from flask import render_template_string

from challenge.text.clock import end_of_day, rome_time
from challenge.text.italian import article_for, articulated_preposition, joined, with_preposition


@pytest.mark.parametrize(
    ("name", "kind", "expected"),
    [
        ("Comune di Ferrara", "municipality", "del Comune di Ferrara"),
        ("Comune di Parma", None, "del Comune di Parma"),
        ("Regione Emilia-Romagna", "region", "della Regione Emilia-Romagna"),
        ("Provincia di Lecce", "province", "della Provincia di Lecce"),
        ("Città metropolitana di Bologna", "metropolitan_city", "della Città metropolitana di Bologna"),
        (
            "Unione dei Comuni della Bassa Romagna",
            "union_of_municipalities",
            "dell'Unione dei Comuni della Bassa Romagna",
        ),
        ("Università di Bologna", "university", "dell'Università di Bologna"),
        ("Agenzia per l'Italia digitale", "agency", "dell'Agenzia per l'Italia digitale"),
        ("Azienda USL di Modena", "health_authority", "dell'Azienda USL di Modena"),
        ("Ministero dell'Interno", "ministry", "del Ministero dell'Interno"),
        ("Istituto nazionale di statistica", "agency", "dell'Istituto nazionale di statistica"),
        ("Segretariato generale", "other", "del Segretariato generale"),
        ("Zona franca", None, "di Zona franca"),
        ("Comuni della Val d'Enza", None, "dei Comuni della Val d'Enza"),
        ("Enti locali associati", None, "degli Enti locali associati"),
        ("Unioni montane", None, "delle Unioni montane"),
        ("comune di Cento", "municipality", "del comune di Cento"),  # the case of the name is kept
        ("Roma Capitale", "municipality", "di Roma Capitale"),  # a proper name takes no article
        ("Bologna", None, "di Bologna"),
        ("ASL Roma 1", "health_authority", "dell'ASL Roma 1"),  # an acronym: the kind's gender
        ("ARPAE Emilia-Romagna", "agency", "dell'ARPAE Emilia-Romagna"),
        ("ACI", "other", "di ACI"),  # a kind with no gender: no guess
        ("INPS", "agency", "dell'INPS"),
        ("CUP Romagna", None, "di CUP Romagna"),  # an acronym and no kind: no guess
        ("ASL Roma 1", None, "dell'ASL Roma 1"),  # ASL is a known noun
        ("", None, "di "),
    ],
)
def test_di_with_the_article(name, kind, expected):
    assert joined("di", name, kind) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Comune di Parma", "dal"),
        ("Regione Emilia-Romagna", "dalla"),
        ("Unione Reno Galliera", "dall'"),
        ("Comuni del Frignano", "dai"),
        ("Roma Capitale", "da"),
    ],
)
def test_da_with_the_article(name, expected):
    assert articulated_preposition("da", name) == expected


def test_lo_and_gli_before_s_plus_consonant_and_z():
    assert article_for("Istituto") == "l'"
    assert articulated_preposition("di", "Sistema bibliotecario") == "del"  # s + vowel: il
    assert articulated_preposition("di", "Consorzio") == "del"
    assert joined("a", "Comune di Ferrara") == "al Comune di Ferrara"
    assert joined("in", "Regione Toscana") == "nella Regione Toscana"
    assert joined("su", "Comuni") == "sui Comuni"


def test_with_preposition_only_adds_it_on_italian_pages(app):
    ferrara = SimpleNamespace(name="Comune di Ferrara", kind="municipality")
    link = '<a href="/administrations/comune-di-ferrara">Comune di Ferrara</a>'
    with app.test_request_context(headers={"Accept-Language": "it"}):
        assert with_preposition("di", ferrara) == "del Comune di Ferrara"
        assert with_preposition("di", SimpleNamespace(name="Unione <X>", kind=None)) == "dell'Unione &lt;X&gt;"
        page = render_template_string(
            "{{ _('sfida %(of_administration)s', of_administration=with_preposition('di', a, link|safe)) }}",
            a=ferrara,
            link=link,
        )
        assert page == f"sfida del {link}"
    with app.test_request_context(headers={"Accept-Language": "en"}):
        page = render_template_string(
            "{{ _('sfida %(of_administration)s', of_administration=with_preposition('di', a, link|safe)) }}",
            a=ferrara,
            link=link,
        )
        assert page == f"challenge by {link}"


def test_one_date_format_whatever_a_template_asks_for(app):
    moment = datetime(2026, 12, 1, 9, 30)  # UTC: 10:30 in Rome
    day = date(2026, 3, 5)
    with app.test_request_context(headers={"Accept-Language": "it"}):
        forms = render_template_string(
            "{{ m | datetime }}|{{ m | datetime('short') }}|{{ m | datetime('medium') }}|"
            "{{ d | date }}|{{ d | date('short') }}|{{ d | date('long') }}",
            m=moment,
            d=day,
        ).split("|")
        assert forms[:3] == ["1 dic 2026, 10:30"] * 3
        assert forms[3:] == ["5 mar 2026"] * 3
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert render_template_string("{{ m | datetime('short') }}", m=moment) == "Dec 1, 2026, 10:30\u202fAM"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("it", ["70,0", "4,5", "1.234,6", "3", "0%", "13%"]), ("en", ["70.0", "4.5", "1,234.6", "3", "0%", "13%"])],
)
def test_measures_and_shares_are_written_as_the_readers_language_writes_them(app, language, expected):
    with app.test_request_context(headers={"Accept-Language": language}):
        shown = render_template_string(
            "{{ 70 | decimal }}|{{ 4.5 | decimal }}|{{ 1234.56 | decimal }}|{{ 3.14 | decimal(0) }}|"
            "{{ 0 | percent }}|{{ 0.126 | percent }}"
        )
    assert shown.split("|") == expected


def test_a_day_picked_in_a_form_ends_at_midnight_in_rome():
    assert end_of_day(date(2026, 12, 31)) == datetime(2026, 12, 31, 22, 59, 59, 999999)  # CET, UTC+1
    assert end_of_day(date(2026, 7, 31)) == datetime(2026, 7, 31, 21, 59, 59, 999999)  # CEST, UTC+2
    assert end_of_day(date(2026, 3, 29)) == datetime(2026, 3, 29, 21, 59, 59, 999999)  # the day clocks go forward
    assert rome_time(datetime(2026, 12, 5, 6, 9, 55)) == datetime(2026, 12, 5, 7, 9, 55)
