"""Which text encoding a government CSV is in.

Departments export UTF-8 (often with a BOM from Excel), GB18030/GBK from
older Chinese systems and Big5 from Traditional Chinese ones. Guessing wrong
turns every Chinese header into mojibake, so the rules are: a BOM wins;
bytes that decode as UTF-8 are UTF-8; otherwise the detector's guess, widened
to the superset codec (GB2312/GBK -> GB18030, Big5 -> CP950/Big5-HKSCS) so a
rare character outside the narrower table is not an "encoding error".
"""
from __future__ import annotations

import codecs
from typing import BinaryIO

#: Bytes read from the start; enough for chardet, small enough to stay flat.
HEAD_BYTES = 64 * 1024
#: When the head is pure ASCII, how far to look for the first non-ASCII text.
SCAN_LIMIT = 16 * 1024 * 1024

_GB = {"gb2312", "gbk", "gb18030", "hz", "euc-cn", "cp936"}
_BIG5 = {"big5", "big5hkscs", "cp950"}


def _decodes(data: bytes, encoding: str) -> bool:
    """True when ``data`` decodes, allowing a character cut at the end."""
    try:
        codecs.getincrementaldecoder(encoding)(errors="strict").decode(data, final=False)
        return True
    except (UnicodeDecodeError, LookupError):
        return False


def _normal(name: str) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return name.lower()


def _window(stream: BinaryIO) -> bytes:
    """The bytes worth guessing from: the head, or, when the head is all
    ASCII, the stretch around the first non-ASCII byte further in."""
    head = stream.read(HEAD_BYTES)
    if not head.isascii():
        return head
    seen = len(head)
    while seen < SCAN_LIMIT:
        chunk = stream.read(HEAD_BYTES)
        if not chunk:
            return head
        seen += len(chunk)
        if not chunk.isascii():
            start = next(i for i, b in enumerate(chunk) if b > 0x7F)
            line = chunk.rfind(b"\n", 0, start) + 1
            return chunk[line:] + stream.read(HEAD_BYTES)
    return head


def detect(stream: BinaryIO) -> str:
    """The Python codec name to read ``stream`` with (position restored)."""
    start = stream.tell()
    try:
        head = stream.read(4)
        stream.seek(start)
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        window = _window(stream)
    finally:
        stream.seek(start)
    return detect_bytes(window)


def detect_bytes(window: bytes) -> str:
    """The codec for text whose sample is ``window`` (no BOM handling)."""
    if _decodes(window, "utf-8"):
        return "utf-8"
    import chardet

    guess = chardet.detect(window)
    name = _normal(guess.get("encoding") or "")
    if name in _GB or (not name and _decodes(window, "gb18030")):
        return "gb18030"
    if name in _BIG5:
        for candidate in ("cp950", "big5hkscs"):
            if _decodes(window, candidate):
                return candidate
        return "big5hkscs"
    if name and name != "ascii":
        return name  # when it does not decode either, the report says where
    # No guess: GB18030 if that decodes (the common case here); else UTF-8,
    # so the report points at the bytes that are not text.
    return "gb18030" if _decodes(window, "gb18030") else "utf-8"
