"""What a file is, from its bytes (magic numbers), never from its name or declared format.

``sniff(path, declared=None) -> Kind``: ``kind`` is one of

- tables: ``csv``, ``tsv``, ``json``, ``jsonl`` (text), ``xlsx``, ``xls``, ``ods``
- documents: ``pdf``, ``docx``, ``odt``
- ``gzip`` (read through: the kind of what is inside is sniffed as well)
- ``unknown``: bytes none of the readers can read (other archives, images,
  Word 97 ``.doc``, PowerPoint, executables ...): the caller holds them for a
  reviewer.

The declared format only chooses between text tables (TSV vs CSV, JSON
lines); it never turns bytes into another kind. No CKAN imports.
"""
from __future__ import annotations

import codecs
import zipfile
from dataclasses import dataclass
from typing import Optional

HEAD = 64 * 1024
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
TABLES = ("csv", "tsv", "json", "jsonl", "xlsx", "xls", "ods")
DOCUMENTS = ("pdf", "docx", "odt")
ODF = {"application/vnd.oasis.opendocument.text": "odt",
       "application/vnd.oasis.opendocument.spreadsheet": "ods"}
_TEXT_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


@dataclass(frozen=True)
class Kind:
    kind: str
    #: why a file is ``unknown`` (zh, en), for the reviewer
    reason: Optional[dict] = None

    @property
    def table(self) -> bool:
        return self.kind in TABLES

    @property
    def document(self) -> bool:
        return self.kind in DOCUMENTS


def _unknown(zh, en):
    return Kind("unknown", {"zh": zh, "en": en})


def _zip_kind(path) -> Kind:
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            if "mimetype" in names:
                mime = z.read("mimetype")[:100].decode("ascii", "replace").strip()
                if mime in ODF:
                    return Kind(ODF[mime])
            if "word/document.xml" in names:
                return Kind("docx")
            if "xl/workbook.xml" in names:
                return Kind("xlsx")
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, RuntimeError):
        return _unknown("ZIP 压缩包已损坏或无法打开", "a ZIP archive that is corrupt or cannot be opened")
    return _unknown("ZIP 压缩包（不是 Word、Excel 或 ODF 文档），无法逐项读取",
                    "a ZIP archive that is not a Word, Excel or ODF document; its members are not read")


def _ole_kind(path) -> Kind:
    try:
        import xlrd
        book = xlrd.open_workbook(path, on_demand=True, logfile=_Null())
        book.release_resources()
        return Kind("xls")
    except Exception:  # noqa: BLE001 - not a workbook: Word 97, PowerPoint, encrypted ...
        return _unknown("OLE2 复合文档（如 Word 97 .doc 或加密的 Excel），无法读取其文本",
                        "an OLE2 compound file (e.g. a Word 97 .doc or an encrypted workbook) "
                        "whose text cannot be read")


class _Null:
    def write(self, s):
        pass

    def flush(self):
        pass


def looks_like_text(head: bytes) -> bool:
    """No NUL bytes (UTF-16 with a BOM aside) and few control characters."""
    if head.startswith(_TEXT_BOMS[1:]):
        return True
    if b"\x00" in head:
        return False
    controls = sum(1 for b in head if b < 9 or 13 < b < 32 and b != 27)
    return controls <= len(head) // 100


def _text_kind(head: bytes, declared: Optional[str]) -> Kind:
    label = (declared or "").strip().lower().lstrip(".")
    if label in ("jsonl", "ndjson"):
        return Kind("jsonl")
    if label in ("tsv", "tab", "text/tab-separated-values"):
        return Kind("tsv")
    stripped = head.lstrip(codecs.BOM_UTF8).lstrip()
    if stripped[:1] in (b"[", b"{"):
        return Kind("json")
    return Kind("csv")


def sniff(path, declared: Optional[str] = None) -> Kind:
    """The kind of the file at ``path`` from its first bytes."""
    with open(path, "rb") as f:
        head = f.read(HEAD)
    if b"%PDF-" in head[:1024]:
        return Kind("pdf")
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_kind(path)
    if head.startswith(OLE2):
        return _ole_kind(path)
    if head.startswith(b"\x1f\x8b"):
        return Kind("gzip")
    if looks_like_text(head):
        return _text_kind(head, declared)
    return _unknown("无法识别的二进制文件", "a binary file of a kind that cannot be read")
