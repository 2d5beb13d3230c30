"""Reading the addresses the staff paste or upload."""

from __future__ import annotations

import pytest

from challenge.participants.addresses import AddressFileError, Entry, describe_invalid, from_csv, invalid, pasted


def texts(entries: list[Entry]) -> list[str]:
    return [entry.text for entry in entries]


def test_pasted_lines_skip_blanks_and_keep_their_numbers():
    assert pasted(" anna@example.it \n\n bruno@example.it\n") == [
        Entry(1, "anna@example.it"),
        Entry(3, "bruno@example.it"),
    ]


def test_a_file_of_one_column_is_read_whole():
    assert texts(from_csv(b"anna@example.it\r\nbruno@example.it\r\n")) == ["anna@example.it", "bruno@example.it"]


def test_the_column_named_email_is_used_and_its_header_skipped():
    data = b"Nome;E-mail;Ente\nAnna;anna@example.it;Comune\nBruno;bruno@example.it;ASL\n"
    assert from_csv(data) == [Entry(2, "anna@example.it"), Entry(3, "bruno@example.it")]


def test_excel_files_with_a_byte_order_mark_or_in_windows_1252_are_read():
    assert texts(from_csv("\ufeffemail,nome\nanna@example.it,Anna\n".encode())) == ["anna@example.it"]
    assert texts(from_csv("email;nome\nluca@example.it;Niccolò\n".encode("cp1252"))) == ["luca@example.it"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "non contiene indirizzi"),
        (b"email\n", "non contiene indirizzi"),
        (b"PK\x03\x04\x00\x00binary", "non si legge come CSV"),
    ],
)
def test_a_file_without_addresses_is_refused_with_a_reason(app, data, message):
    with app.test_request_context(), pytest.raises(AddressFileError) as refused:
        from_csv(data)
    assert message in str(refused.value)


def test_invalid_lines_are_named_and_counted(app):
    entries = [Entry(number, f"nobody-{number}@") for number in range(1, 13)]
    assert invalid([Entry(1, "anna@example.it"), *entries]) == entries
    with app.test_request_context():
        message = describe_invalid(entries)
    assert "riga 1 «nobody-1@»" in message and "riga 10" in message and "riga 11" not in message
    assert "e altre 2" in message and "nessuno è stato invitato" in message
