"""Bytes to text for pages of unknown origin.

News pages arrive in UTF-8 most of the time, but older Arabic sites still serve Windows-1256 and
European ones Latin-1, often without saying so. We trust a byte-order mark, then strict UTF-8,
then a declared charset, and only then guess. charset-normalizer's own first guess is unreliable
on short Latin texts (it happily picks Baltic or Central-European code pages for French), so its
verdict is checked against the code pages that actually dominate legacy news sites.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer
from charset_normalizer.md import mess_ratio

from ..errors import InputError

#: The legacy code pages most common on news sites (Western, Arabic, Cyrillic), tried in this
#: order when the guessed encoding reads no better than they do.
COMMON_LEGACY_ENCODINGS = ("cp1252", "cp1256", "cp1251")

#: How much worse (charset-normalizer "chaos") a common code page may read than the guess and
#: still be preferred; ties are frequent on short texts.
_MESS_TOLERANCE = 0.02
_MESS_SAMPLE_CHARS = 65536  # measuring a whole 8 MB page adds nothing but time

#: Share of C0 control characters (other than tab, newlines, form feed) above which bytes are
#: taken for a binary file even without NUL bytes.
_MAX_CONTROL_SHARE = 0.05

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]{2,40})""", re.IGNORECASE
)


class BinaryContent(InputError):
    """The bytes are not text (an image, an archive, a PDF ...)."""

    def __init__(self) -> None:
        super().__init__("binary file, not text")


def bom_encoding(data: bytes) -> str | None:
    """The encoding a byte-order mark announces, if the data starts with one."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def valid_unicode(text: str) -> str:
    """`text` with each lone UTF-16 surrogate replaced by U+FFFD. JSON ("\\ud800") and markup
    ("&#xD800;") can spell half of a UTF-16 pair: a string no encoding and no database stores,
    which would fail the whole file it came in rather than one article."""
    return _LONE_SURROGATE.sub("\ufffd", text)


def looks_binary(sample: bytes) -> bool:
    """NUL bytes or many control characters: no text page has them (UTF-16/32 carry a BOM)."""
    if not sample or bom_encoding(sample) in {"utf-16", "utf-32"}:
        return False
    if b"\x00" in sample:
        return True
    return len(_CONTROL.findall(sample)) > _MAX_CONTROL_SHARE * len(sample)


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML or XML document declares in its first few kilobytes, if valid."""
    head = data[:4096]
    found = _META_CHARSET.search(head) or re.search(
        rb"""<\?xml[^>]{0,100}encoding=["']([A-Za-z0-9_.-]+)""", head
    )
    if not found:
        return None
    return _known_codec(found.group(1).decode("ascii", "ignore"))


def decode(data: bytes, declared: str | None = None) -> str:
    """Decode bytes as well as can be done; raises `BinaryContent` for non-text bytes.

    `declared` is a charset the transport or the document announced (HTTP header, meta tag); it
    is used only when the bytes are not valid UTF-8, because servers often lie about it.
    """
    encoding = bom_encoding(data)
    if encoding:
        return data.decode(encoding, errors="replace")
    if looks_binary(data[:65536]):
        raise BinaryContent()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    lines = [(line, _is_utf8(line)) for line in data.splitlines(keepends=True)]
    if any(is_utf8 and not line.isascii() for line, is_utf8 in lines):
        # Stitched from parts (a UTF-8 template around a Windows-1256 body, a feed of mixed
        # sources): the UTF-8 lines stay UTF-8, the others share the code page that reads them.
        codec = _legacy_codec(b"".join(line for line, is_utf8 in lines if not is_utf8), declared)
        return "".join(
            line.decode("utf-8") if is_utf8 else line.decode(codec, errors="replace")
            for line, is_utf8 in lines
        )
    return data.decode(_legacy_codec(data, declared), errors="replace")  # a guess can miss a rare byte


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _legacy_codec(data: bytes, declared: str | None) -> str:
    """The code page of bytes that are not UTF-8: the declared one if it reads them, else a guess."""
    codec = _known_codec(declared) if declared else None
    if codec and codec not in {"utf-8", "ascii"}:
        try:
            data.decode(codec)
            return codec
        except UnicodeDecodeError:
            pass
    return _guess(data)


def _guess(data: bytes) -> str:
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise BinaryContent()
    for encoding in COMMON_LEGACY_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if mess_ratio(text[:_MESS_SAMPLE_CHARS], 1.0) <= best.chaos + _MESS_TOLERANCE:
            return encoding
    return best.encoding


def _known_codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip()).name
    except LookupError:
        return None
