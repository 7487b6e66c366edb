"""What a file is from its bytes (``scan.sniff``) and the text of documents
(``scan.documents``): real PDF, Word and ODF files built here, an encrypted
PDF, a corrupt archive, an unknown binary."""
import gzip
import io
import zipfile

import pytest

from ckanext.govopen.scan import ScanOptions, scan_rows
from ckanext.govopen.scan.documents import Unreadable, rows
from ckanext.govopen.scan.sniff import sniff
from ckanext.govopen.standard.codes import resident_id_check_char

ID = "11010519491231002" + resident_id_check_char("11010519491231002")
CSV = ("姓名,身份证号码\n张三,%s\n" % ID).encode("utf-8")


def pdf_with_text(lines, encrypt=None):
    """A one-page PDF whose text layer holds ``lines`` (ASCII)."""
    content = "BT /F1 12 Tf 72 720 Td " + " ".join("(%s) Tj 0 -14 Td" % line for line in lines) + " ET"
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               "/Resources << /Font << /F1 5 0 R >> >> >>",
               "<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
               "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = b"%PDF-1.4\n", []
    for number, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += ("%d 0 obj\n%s\nendobj\n" % (number, obj)).encode("latin-1")
    xref = len(out)
    out += ("xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)).encode()
    out += b"".join(("%010d 00000 n \n" % o).encode() for o in offsets)
    out += ("trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)).encode()
    if encrypt:
        from pypdf import PdfReader, PdfWriter
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(out)))
        writer.encrypt(user_password=encrypt, algorithm="RC4-128")
        buf = io.BytesIO()
        writer.write(buf)
        out = buf.getvalue()
    return out


def docx_with(paragraphs, table=()):
    import docx
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        t = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                t.cell(r, c).text = value
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def odf_with(paragraphs, mime="application/vnd.oasis.opendocument.text"):
    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"')
    body = "".join("<text:p>%s</text:p>" % p for p in paragraphs)
    xml = '<?xml version="1.0" encoding="UTF-8"?><office:document-content %s><office:body><office:text>%s' \
          '<table:table><table:table-row><table:table-cell><text:p>证件</text:p></table:table-cell>' \
          '<table:table-cell><text:p>%s</text:p></table:table-cell></table:table-row></table:table>' \
          '</office:text></office:body></office:document-content>' % (ns, body, ID)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("mimetype", mime)
        z.writestr("content.xml", xml)
    return buf.getvalue()


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


@pytest.mark.parametrize("name", ["p.pdf", "p.docx", "p.bin", "p.xlsx"])
def test_a_csv_is_a_csv_whatever_its_name_or_declared_format(tmp_path, name):
    assert sniff(write(tmp_path, name, CSV), declared="PDF").kind == "csv"


def test_kinds_from_magic_numbers(tmp_path):
    assert sniff(write(tmp_path, "a.csv", pdf_with_text(["x"])), declared="CSV").kind == "pdf"
    assert sniff(write(tmp_path, "a.csv", docx_with(["x"]))).kind == "docx"
    assert sniff(write(tmp_path, "a.txt", odf_with(["x"]))).kind == "odt"
    assert sniff(write(tmp_path, "a.txt", odf_with(["x"], "application/vnd.oasis.opendocument.spreadsheet"))
                 ).kind == "ods"
    assert sniff(write(tmp_path, "a.csv", gzip.compress(CSV))).kind == "gzip"
    assert sniff(write(tmp_path, "a.csv", b'[{"a": 1}]')).kind == "json"
    assert sniff(write(tmp_path, "a.csv", b"a\tb\n1\t2\n"), declared="TSV").kind == "tsv"
    ole = write(tmp_path, "a.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    assert sniff(ole).kind == "unknown" and "OLE2" in sniff(ole).reason["en"]
    other_zip = io.BytesIO()
    with zipfile.ZipFile(other_zip, "w") as z:
        z.writestr("people.csv", CSV)
    assert sniff(write(tmp_path, "a.zip", other_zip.getvalue())).kind == "unknown"
    assert sniff(write(tmp_path, "a.zip", b"PK\x03\x04broken")).kind == "unknown"
    binary = write(tmp_path, "a.csv", bytes(range(256)) * 4)
    assert sniff(binary, declared="CSV").kind == "unknown"


def found(path, kind):
    report = scan_rows(["text"], rows(path, kind), options=ScanOptions(), name="doc")
    return {f.entity for f in report.findings}


def test_resident_id_in_a_real_pdf_docx_and_odt_is_found(tmp_path):
    pdf = write(tmp_path, "a.pdf", pdf_with_text(["Applicant record", "ID: %s" % ID]))
    assert "resident_id" in found(pdf, "pdf")
    docx = write(tmp_path, "a.docx", docx_with(["申请人情况"], table=[["证件号码", ID]]))
    assert "resident_id" in found(docx, "docx")
    odt = write(tmp_path, "a.odt", odf_with(["申请人"]))
    assert "resident_id" in found(odt, "odt")


def test_clean_documents_have_no_findings(tmp_path):
    assert found(write(tmp_path, "a.pdf", pdf_with_text(["Population 2024", "Total 1234"])), "pdf") == set()
    assert found(write(tmp_path, "a.docx", docx_with(["各区常住人口统计说明"])), "docx") == set()


def test_what_cannot_be_read_says_why(tmp_path):
    cases = [("a.pdf", pdf_with_text(["ID %s" % ID], encrypt="secret"), "pdf", "encrypted"),
             ("b.pdf", b"%PDF-1.4 ...", "pdf", "PDF"),
             ("c.pdf", pdf_with_text([]), "pdf", "text layer"),
             ("d.docx", b"PK\x03\x04" + b"\x00" * 100, "docx", "Word"),
             ("e.odt", b"PK\x03\x04" + b"\x00" * 100, "odt", "ODF")]
    for name, data, kind, word in cases:
        with pytest.raises(Unreadable) as e:
            list(rows(write(tmp_path, name, data), kind))
        assert word in e.value.message["en"] and e.value.message["zh"], name
