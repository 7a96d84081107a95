"""Bytes of a text file → text, trying UTF-8, then Windows-1252, then Latin-1, and saying which.

Old minutes were saved by many word processors: a Windows one writes cp1252 (curly quotes,
the pound sign, en dashes), older ones Latin-1. UTF-16 is recognised by its byte-order mark.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

# Bytes that no text file holds: a file with many of them is not text (an image, an archive).
_CONTROL = frozenset(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D}
_MAX_CONTROL_SHARE = 0.01


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str | None  # None: not text
    encoding: str | None  # "utf-8", "utf-16", "cp1252", "latin-1"
    problem: str | None = None


def decode_text(data: bytes) -> Decoded:
    """The text of `data` and the encoding that read it, or why it is not text."""
    for bom in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        if data.startswith(bom):
            try:
                return Decoded(_lines(data.decode("utf-16")), "utf-16")
            except UnicodeDecodeError:
                return Decoded(None, None, "it starts like UTF-16 text but is not")
    if not is_text(data):
        return Decoded(None, None, "it is not a text file (it holds binary data)")
    try:
        return Decoded(_lines(data.decode("utf-8-sig")), "utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return Decoded(_lines(data.decode("cp1252")), "cp1252")
    except UnicodeDecodeError:  # 0x81, 0x8d, 0x8f, 0x90, 0x9d are not cp1252
        return Decoded(_lines(data.decode("latin-1")), "latin-1")


def is_text(data: bytes) -> bool:
    """No NUL byte and hardly any other control character in the first 64 KiB."""
    head = data[:65536]
    if b"\x00" in head:
        return False
    controls = sum(1 for byte in head if byte in _CONTROL)
    return controls <= _MAX_CONTROL_SHARE * max(1, len(head))


def _lines(text: str) -> str:
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
