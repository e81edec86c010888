"""Bytes to text: BOMs, UTF-8, declared and guessed legacy encodings, and binary refused."""

from __future__ import annotations

import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitreps.ingest.decode import BinaryContent, declared_charset, decode, looks_binary

ARABIC = "وأبلغ مصدر أمني وكالة شفق نيوز، أن الإنفجار تم عبر عبوة ناسفة استهدف الرتل على طريق السماوة الدولي السريع."
FRENCH = (
    "Un engin explosif a visé jeudi un convoi de camions transportant du matériel logistique près de Bagdad."
)
GERMAN = (
    "Ein Konvoi wurde südlich von Bagdad angegriffen. Die Behörden äußerten sich zunächst nicht, hieß es."
)
ENGLISH_CP1252 = "An explosion hit a convoy near Nasiriyah – “no casualties” were reported, police said."


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (ARABIC, "utf-8"),
        (ARABIC, "utf-8-sig"),
        (ARABIC, "utf-16"),
        (ARABIC, "cp1256"),
        (FRENCH, "latin-1"),
        (GERMAN, "latin-1"),
        (ENGLISH_CP1252, "cp1252"),
        ("Café owners in Zürich said the convoy was hit.", "latin-1"),
    ],
)
def test_text_decodes_back_to_itself(text: str, encoding: str) -> None:
    assert decode(text.encode(encoding)) == text


def test_a_declared_charset_is_used_when_the_bytes_are_not_utf8() -> None:
    page = f'<html><head><meta charset="windows-1256"></head><body><p>{ARABIC}</p></body></html>'
    data = page.encode("cp1256")
    assert declared_charset(data) == "cp1256"
    assert decode(data, declared_charset(data)) == page


def test_a_wrong_declared_charset_does_not_spoil_utf8() -> None:
    assert decode(ARABIC.encode("utf-8"), "iso-8859-1") == ARABIC


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10,
        b"%PDF-1.7\n\x00\x01\x02\x03 binary stream",
        bytes(range(1, 9)) * 100,
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00",
    ],
)
def test_binary_data_is_refused(data: bytes) -> None:
    assert looks_binary(data)
    with pytest.raises(BinaryContent, match="binary file, not text"):
        decode(data)


def test_random_bytes_are_refused_or_decoded_but_never_crash() -> None:
    for seed in range(20):
        data = os.urandom(2000 + seed)
        try:
            assert isinstance(decode(data), str)
        except BinaryContent:
            pass


@given(st.text(alphabet=st.characters(exclude_categories=("Cc", "Cs"))))
def test_any_utf8_text_decodes_to_itself(text: str) -> None:
    # A leading U+FEFF is a byte-order mark, not text: decode strips it by design.
    expected = text.removeprefix("\ufeff")
    assert decode(text.encode("utf-8")) == expected
