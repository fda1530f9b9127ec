"""Bytes to text: refuse binary files, find the encoding, never fail on invalid bytes."""
from __future__ import annotations

import codecs
import logging
import re

log = logging.getLogger(__name__)

# Leading bytes of common non-text files, so that they are refused with a name users know.
MAGIC = (
    (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"), (b"PK\x03\x04", "a ZIP archive (or docx/xlsx/epub)"),
(b"BZh", "a bzip2 archive"), (b"\xfd7zXZ", "an xz archive"),
    (b"7z\xbc\xaf", "a 7z archive"), (b"\x7fELF", "an executable"), (b"SQLite format 3", "a SQLite database"),
    (b"II*\x00", "a TIFF image"), (b"MM\x00*", "a TIFF image"), (b"RIFF", "a RIFF media file"),
    (b"\x00\x00\x01\x00", "an icon"), (b"OggS", "an Ogg media file"), (b"ID3", "an MP3 file"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
)
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
# Single-byte codecs charset-normalizer proposes for Western text; cp1252 is what such
# files almost always are, and it decodes the curly quotes the others turn into letters.
WESTERN = {"cp1252", "windows-1252", "cp1250", "windows-1250", "latin_1", "iso8859_1", "iso8859_15",
           "iso8859_2", "cp1254", "iso8859_9", "mac_roman", "mac_latin2", "cp850", "cp437"}
UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
HIGH_BYTE = re.compile(rb"[\x80-\xff]")
DECLARED = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?([A-Za-z][A-Za-z0-9_.:-]*)""", re.I)


def binary_kind(head: bytes) -> str | None:
    """What kind of binary file `head` starts, or None when it looks like text."""
    for magic, kind in MAGIC:
        if head.startswith(magic):
            return kind
    if b"\x00" in head and not _utf16_or_32(head):
        return "a binary file (it holds NUL bytes)"
    return None


def _utf16_or_32(head: bytes) -> bool:
    """True for text in UTF-16/32: a BOM, or NULs in every other byte of ASCII-range text."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    sample = head[:4096]
    if len(sample) < 4:
        return False
    evens, odds = sample[0::2], sample[1::2]
    zero_evens, zero_odds = evens.count(0) / len(evens), odds.count(0) / len(odds)
    return (zero_evens > 0.9 and zero_odds < 0.1) or (zero_odds > 0.9 and zero_evens < 0.1)


def detect_encoding(data: bytes) -> str:
    """The codec to read `data` with (see `decode`)."""
    return _detect(data)[0]


def _detect(data: bytes) -> tuple[str, str | None]:
    """(codec, text): the text too when telling the codec decoded it (valid UTF-8, the usual case)."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            return codec, None
    if _utf16_or_32(data):
        return ("utf-16-le" if data[1:2] == b"\x00" else "utf-16-be"), None
    try:
        return "utf-8", data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if declared := _declared_charset(data):
        return declared, None
    # Mostly UTF-8 with a few stray bytes: keep UTF-8 and replace the strays.
    in_sequences = sum(map(len, UTF8_MULTIBYTE.findall(data)))
    if in_sequences and in_sequences >= len(HIGH_BYTE.findall(data)) - in_sequences:
        return "utf-8", None
    return _guess_single_byte(data), None


def _declared_charset(data: bytes) -> str | None:
    """The charset a markup file declares (<meta charset>, XML encoding), if Python knows it."""
    if not data.lstrip()[:1] == b"<":
        return None
    match = DECLARED.search(data[:4096])
    if not match:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return None
    # as browsers do (WHATWG Encoding): pages labelled latin-1 or ASCII are read as cp1252
    return "cp1252" if name in ("iso8859-1", "latin-1", "ascii") else name


def _guess_single_byte(data: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    guess = best.encoding if best is not None else "cp1252"
    if guess.lower() in WESTERN:
        try:
            data.decode("cp1252")
            return "cp1252"
        except UnicodeDecodeError:
            return "latin-1"
    return guess


def decode(data: bytes) -> tuple[str, str]:
    """(text, codec) for the bytes of a text file; invalid bytes become U+FFFD, never an error."""
    codec, text = _detect(data)
    return (data.decode(codec, errors="replace") if text is None else text), codec
