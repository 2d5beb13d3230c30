"""The control-character rules every form, guard, email subject and feed applies."""

from __future__ import annotations

import pytest

from challenge.text.characters import has_control_characters, is_single_line, one_line, xml_safe

pytestmark = pytest.mark.sqlite_only  # database-independent: the SQLite pass runs it once


@pytest.mark.parametrize("character", [chr(code) for code in [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)]])
def test_every_c0_control_but_tab_cr_lf_is_a_control_character(character):
    assert has_control_characters(f"a{character}b")
    assert not is_single_line(f"a{character}b")
    assert xml_safe(f"a{character}b") == "ab"


@pytest.mark.parametrize(
    "text", ["riga uno\nriga due", "a\r\nb", "col\tonne", "Più città, perché è così: «sì» — ok € 🌍"]
)
def test_tab_line_breaks_and_any_other_text_are_allowed_in_a_text_box(text):
    assert not has_control_characters(text)
    assert xml_safe(text) == text


@pytest.mark.parametrize("text", ["a\nb", "a\rb", "a\tb", "a\x7fb", "a\x85b", "a\u2028b", "a\u2029b", "a\x9fb"])
def test_one_line_means_no_line_break_of_any_kind(text):
    assert not is_single_line(text)
    assert one_line(text) == "a b"


def test_one_line_keeps_ordinary_text_and_joins_the_rest():
    assert is_single_line("Più verde in città: «sì» 🌍")
    assert one_line("  Titolo\r\nBcc: spia@example.it\x0b  fine ") == "Titolo Bcc: spia@example.it fine"


def test_xml_safe_drops_only_what_xml_forbids():
    assert xml_safe("a\ufffeb\uffffc\ud800d") == "abcd"
    assert xml_safe("\x7f\x85\ue000\U0001f30d") == "\x7f\x85\ue000\U0001f30d"
