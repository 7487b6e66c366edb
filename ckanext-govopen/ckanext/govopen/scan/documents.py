"""Text of documents that are not tables, as rows for the same scanner.

- PDF: ``pypdf``, page by page; an encrypted PDF that does not open with the
  empty password, or one without any text layer (a scanned image), cannot be
  read.
- Word ``.docx``: ``python-docx``, paragraphs and table rows in document order.
- ODF ``.odt`` / ``.ods``: ``content.xml`` streamed with the standard library's
  XML parser (expat), paragraphs and table rows.

``rows(path, kind)`` yields lists of cell texts (one per paragraph or line,
one per table row) and raises :class:`Unreadable` ({zh, en}) for anything it
cannot read: the caller holds such a file for a reviewer. No CKAN imports.
"""
from __future__ import annotations

import zipfile
from xml.etree import ElementTree

ODF_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
ODF_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
#: Characters of text read from one document (beyond: the scan says it was cut).
MAX_CHARS = 200 * 1024 * 1024


class Unreadable(Exception):
    def __init__(self, zh: str, en: str):
        super().__init__(en)
        self.message = {"zh": zh, "en": en}


def _pdf_rows(path):
    try:
        from pypdf import PdfReader
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise Unreadable("PDF 已加密，无法读取其文本", "the PDF is encrypted; its text cannot be read")
        pages = reader.pages
        total = len(pages)
    except Unreadable:
        raise
    except Exception as e:  # noqa: BLE001 - pypdf raises many kinds for a broken file
        raise Unreadable(f"PDF 无法打开（{type(e).__name__}）",
                         f"the PDF cannot be opened ({type(e).__name__})") from None
    chars = 0
    for number in range(total):
        try:
            text = pages[number].extract_text() or ""
        except Exception as e:  # noqa: BLE001
            raise Unreadable(f"PDF 第 {number + 1} 页无法读取（{type(e).__name__}）",
                             f"page {number + 1} of the PDF cannot be read ({type(e).__name__})") from None
        chars += len(text.strip())
        for line in text.splitlines():
            if line.strip():
                yield [line]
    if total and not chars:
        raise Unreadable("PDF 没有文字层（可能是扫描图像），无法检查其中的个人信息",
                         "the PDF has no text layer (a scanned image?); it cannot be checked "
                         "for personal information")


def _docx_rows(path):
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph
        document = docx.Document(path)
    except Exception as e:  # noqa: BLE001
        raise Unreadable(f"Word 文档无法打开（{type(e).__name__}）",
                         f"the Word document cannot be opened ({type(e).__name__})") from None
    body = document.element.body
    for block in body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = Paragraph(block, document).text
            if text.strip():
                yield [text]
        elif tag == "tbl":
            for row in Table(block, document).rows:
                yield [cell.text for cell in row.cells]


def _odf_rows(path):
    try:
        archive = zipfile.ZipFile(path)
        stream = archive.open("content.xml")
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError) as e:
        raise Unreadable(f"ODF 文档无法打开（{type(e).__name__}）",
                         f"the ODF document cannot be opened ({type(e).__name__})") from None
    row, depth = None, 0
    try:
        for event, el in ElementTree.iterparse(stream, events=("start", "end")):
            tag = el.tag
            if event == "start":
                if tag == f"{{{ODF_TABLE}}}table-row":
                    row, depth = [], depth + 1
                continue
            if tag == f"{{{ODF_TABLE}}}table-cell" and row is not None:
                row.append(" ".join(t for t in el.itertext() if t.strip()))
                el.clear()
            elif tag == f"{{{ODF_TABLE}}}table-row":
                depth -= 1
                if any(c.strip() for c in row or ()):
                    yield row
                row = None
                el.clear()
            elif tag in (f"{{{ODF_TEXT}}}p", f"{{{ODF_TEXT}}}h") and row is None:
                text = "".join(el.itertext())
                if text.strip():
                    yield [text]
                el.clear()
    except ElementTree.ParseError as e:
        raise Unreadable(f"ODF 文档内容无法解析（{e}）", f"the ODF document's content does not parse ({e})") from None
    finally:
        stream.close()
        archive.close()


READERS = {"pdf": _pdf_rows, "docx": _docx_rows, "odt": _odf_rows, "ods": _odf_rows}


def rows(path, kind):
    """Rows of text of the document at ``path`` (``kind`` from ``sniff``)."""
    reader = READERS.get(kind)
    if reader is None:
        raise Unreadable(f"不支持读取“{kind}”文档", f"documents of kind '{kind}' cannot be read")
    chars = 0
    for row in reader(path):
        chars += sum(len(c or "") for c in row)
        if chars > MAX_CHARS:
            raise Unreadable("文档文字超过可检查的上限", "the document holds more text than can be checked")
        yield row
