"""scan_file / scan_rows over every format, encodings, real messy tables, report hygiene."""
import csv
import json
import os

import openpyxl
import pytest

from ckanext.govopen.scan import ScanOptions, scan_file, scan_rows

from .test_scan_detectors import luhn_complete, rid

REALDATA = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "..",
                        "shared", "realdata", "china")
MESSY = os.path.join(REALDATA, "messy-tables")
TAIWAN = os.path.join(REALDATA, "taiwan-catalogs")

ID1 = "11010519491231002X"
ID2 = rid("44030419900307123")
MOB = "13812345678"
CARD = luhn_complete("622202123456789")
HEADER = ["序号", "姓名", "身份证号码", "联系电话", "家庭住址", "银行卡号", "金额"]
ROWS = [
    ["1", "张三", ID1, MOB, "北京市朝阳区建国路88号", CARD, "100.50"],
    ["2", "李四", ID2, "139-1234-5678", "上海市浦东新区世纪大道1号", "", "20"],
    ["3", "王五", "", "", "", "", "0"],
    ["4", "赵六", "110105194912310021", "12812345678", "", "6222021234567891", "5"],   # near-misses
]
RAW_VALUES = [ID1, ID2, MOB, CARD, "13912345678", "张三", "李四", "北京市朝阳区建国路88号"]


def by_col(report):
    return {(f.column, f.entity): f for f in report.findings}


def check_table_report(r):
    f = by_col(r)
    rid_f = f[("身份证号码", "resident_id")]
    assert (rid_f.count, rid_f.rows) == (2, 2)
    assert rid_f.share == 0.5 and rid_f.share_nonempty == pytest.approx(2 / 3)
    assert rid_f.sources == ["value", "header"] and rid_f.level == "high"
    assert set(rid_f.examples) == {"110105********002X", ID2[:6] + "********" + ID2[-4:]}
    assert f[("联系电话", "mobile_phone")].count == 2
    assert f[("银行卡号", "bank_card")].count == 1
    assert f[("姓名", "person_name")].sources == ["header"]
    assert f[("家庭住址", "address")].count == 2
    assert not any(c in ("序号", "金额") for c, _ in f)
    assert r.has_pii
    assert_no_raw(r)


def assert_no_raw(report):
    text = report.to_json()
    json.loads(text)
    for v in RAW_VALUES:
        assert v not in text, "raw value leaked into the report"


def test_scan_rows_lists():
    r = scan_rows(HEADER, ROWS)
    assert r.rows == 4 and r.complete
    check_table_report(r)


def test_scan_rows_detects_header_and_dicts():
    r = scan_rows(None, [["人员登记表"], [], HEADER] + ROWS)
    assert r.tables[0].header_row == 2
    f = by_col(r)
    assert f[("身份证号码", "resident_id")].count == 2
    r2 = scan_rows(None, [dict(zip(HEADER, row)) for row in ROWS])
    check_table_report(r2)


def test_headerless_table():
    r = scan_rows(None, ROWS)
    assert r.messages[0]["id"] == "scan.headerless"
    assert {f.entity for f in r.findings} >= {"resident_id", "mobile_phone", "bank_card"}


def write_csv(path, encoding, delimiter=",", bom=False):
    with open(path, "w", encoding=encoding, newline="") as f:
        if bom:
            f.write("\ufeff")
        w = csv.writer(f, delimiter=delimiter)
        w.writerow(HEADER)
        w.writerows(ROWS)


@pytest.mark.parametrize("encoding,bom,expected", [
    ("utf-8", False, "utf-8"), ("utf-8", True, "utf-8-sig"), ("gb18030", False, "gb18030"),
    ("gbk", False, "gb18030"), ("utf-16", False, "utf-16")])
def test_csv_encodings(tmp_path, encoding, bom, expected):
    p = tmp_path / "people.csv"
    write_csv(p, encoding, bom=bom)
    r = scan_file(str(p))
    assert r.format == "csv" and r.encoding == expected and r.complete
    check_table_report(r)
    assert r.tables[0].columns[0] == "序号"


def test_big5_csv(tmp_path):
    p = tmp_path / "people_big5.csv"
    with open(p, "w", encoding="cp950", newline="") as f:
        f.write("序號,姓名,身分證號碼,聯絡電話,通訊地址\r\n")
        f.write("1,陳大文,%s,%s,臺北市信義區市府路1號\r\n" % (ID1, MOB))
        f.write("2,林小明,,0912-345-678,高雄市苓雅區四維三路2號\r\n")
    r = scan_file(str(p))
    assert r.encoding == "cp950" and r.tables[0].columns[2] == "身分證號碼"
    f = by_col(r)
    assert f[("身分證號碼", "resident_id")].count == 1
    assert f[("聯絡電話", "mobile_phone")].count == 1      # 0912... is a Taiwan number: header-only would be phone
    assert f[("姓名", "person_name")].count == 2 and f[("通訊地址", "address")].count == 2
    assert "陳大文" not in r.to_json() and ID1 not in r.to_json()


def test_tsv_and_semicolons(tmp_path):
    p = tmp_path / "people.tsv"
    write_csv(p, "utf-8", delimiter="\t")
    r = scan_file(str(p))
    assert r.delimiter == "\t"
    check_table_report(r)
    p2 = tmp_path / "people.txt"
    write_csv(p2, "gb18030", delimiter=";")
    r2 = scan_file(str(p2), format="CSV")
    assert r2.delimiter == ";"
    check_table_report(r2)


def test_long_ascii_preamble_before_chinese(tmp_path):
    p = tmp_path / "late.csv"
    with open(p, "w", encoding="gb18030", newline="") as f:
        f.write("id,note\n")
        for i in range(20000):
            f.write("%d,plain ascii row\n" % i)
        f.write("20001,联系人张三 %s\n" % MOB)
    r = scan_file(str(p))
    assert r.encoding == "gb18030" and not r.messages
    assert by_col(r)[("note", "mobile_phone")].count == 1


def test_unknown_encoding_and_decode_errors(tmp_path):
    p = tmp_path / "bad.csv"
    p.write_bytes(b"a,b\n" + b"\x81\x20\xff\xfe\x80\x7f" * 10 + b"\n")
    r = scan_file(str(p))
    assert not r.complete
    m = r.messages[0]
    assert m["id"] == "scan.unknown_encoding" and "bad.csv" in m["en"] and "bad.csv" in m["zh"]
    assert m["params"]["offset"] >= 4
    p2 = tmp_path / "mostly.csv"
    good = ("姓名,手机\n张三,%s\n" % MOB).encode("utf-8")
    p2.write_bytes(good + b"\xff\xfe,x\n")
    r2 = scan_file(str(p2), options=ScanOptions(encoding="utf-8"))
    assert [m["id"] for m in r2.messages] == ["scan.decode_errors"]
    assert r2.messages[0]["params"] == {"path": "mostly.csv", "encoding": "utf-8", "count": 2, "offset": len(good)}
    assert by_col(r2)[("手机", "mobile_phone")].count == 1


def test_missing_and_unsupported(tmp_path):
    r = scan_file(str(tmp_path / "nope.csv"))
    assert r.messages[0]["id"] == "scan.file_not_found" and not r.complete
    p = tmp_path / "x.pdf"
    p.write_bytes(b"%PDF-1.4")
    r = scan_file(str(p), format="PDF")
    assert r.messages[0]["id"] == "scan.unsupported_format" and r.messages[0]["zh"]
    p = tmp_path / "broken.xlsx"
    p.write_bytes(b"PK\x03\x04 not really a zip")
    r = scan_file(str(p))
    assert r.messages[0]["id"] == "scan.bad_workbook" and not r.complete


def test_xlsx(tmp_path):
    p = tmp_path / "people.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "名单"
    ws.append(["人员名单（内部）"])
    ws.append(HEADER)
    for row in ROWS:
        ws.append(row)
    ws2 = wb.create_sheet("电话")
    ws2.append(["手机"])
    ws2.append([13812345678])            # a number cell, as Excel stores it
    ws2.append([13912345678.0])
    wb.save(p)
    progress = []
    r = scan_file(str(p), format="XLS", options=ScanOptions(progress=lambda n, t: progress.append((n, t))))
    assert r.format == "xlsx" and [t.name for t in r.tables] == ["名单", "电话"]
    assert r.tables[0].header_row == 1
    f = by_col(r)
    assert f[("身份证号码", "resident_id")].count == 2
    assert f[("手机", "mobile_phone")].count == 2 and f[("手机", "mobile_phone")].table == "电话"
    assert progress and progress[-1][0] == progress[-1][1] == os.path.getsize(p)
    assert_no_raw(r)


def test_json_records_and_lines(tmp_path):
    recs = [dict(zip(HEADER, row)) for row in ROWS]
    p = tmp_path / "people.json"
    p.write_text(json.dumps({"success": True, "result": {"records": recs}}, ensure_ascii=False), encoding="utf-8")
    r = scan_file(str(p))
    assert r.format == "json" and r.tables[0].name == "result.records"
    check_table_report(r)
    p2 = tmp_path / "people.jsonl"
    p2.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in recs), encoding="utf-8")
    check_table_report(scan_file(str(p2)))
    p3 = tmp_path / "nested.json"
    p3.write_text(json.dumps([{"person": {"name": "张三", "contact": {"mobile": MOB}}, "ids": [ID1]}]))
    f = by_col(scan_file(str(p3)))
    assert f[("person.contact.mobile", "mobile_phone")].count == 1
    assert f[("ids[]", "resident_id")].count == 1
    p4 = tmp_path / "broken.json"
    p4.write_text('[{"手机": "%s"}, {"手机": ' % MOB)
    r4 = scan_file(str(p4))
    assert not r4.complete and r4.messages[0]["id"] == "scan.invalid_json"


def test_row_limit(tmp_path):
    r = scan_rows(HEADER, ROWS * 10, ScanOptions(max_rows=5))
    assert r.rows == 5 and not r.complete and r.messages[-1]["id"] == "scan.row_limit"
    r = scan_rows(None, [HEADER] + ROWS * 10, ScanOptions(max_rows=5))       # header detection buffers rows
    assert r.rows == 4 and not r.complete


def test_progress_in_csv(tmp_path):
    p = tmp_path / "big.csv"
    with open(p, "w", encoding="utf-8") as f:
        f.write(",".join(HEADER) + "\n")
        for i in range(30000):
            f.write(",".join(ROWS[i % 4]) + "\n")
    seen = []
    r = scan_file(str(p), options=ScanOptions(progress=lambda n, t: seen.append((n, t)), progress_interval=100_000))
    size = os.path.getsize(p)
    assert len(seen) > 5 and seen[-1] == (size, size)
    assert all(a[0] <= b[0] for a, b in zip(seen, seen[1:]))
    assert by_col(r)[("身份证号码", "resident_id")].count == 15000


def test_examples_are_bounded():
    rows = [["%s" % rid("11010519800101%03d" % i)] for i in range(500)]
    r = scan_rows(["证件号码"], rows, ScanOptions(max_examples=2))
    f = r.findings[0]
    assert f.count == 500 and len(f.examples) == 2


def test_premasked_values_do_not_count():
    r = scan_rows(["身份证号", "手机"], [["110105********002X", "138****5678"]] * 3)
    assert r.findings == []


def test_public_contact_headers_are_low():
    r = scan_rows(["单位名称", "办公电话", "单位地址"], [["某某局", "010-12345678", "北京市西城区1号"]])
    assert {f.entity: f.level for f in r.findings} == {"phone": "low", "address": "low"}
    assert not r.has_pii


# --- real messy tables ---------------------------------------------------------


@pytest.mark.parametrize("name", sorted(os.listdir(MESSY)) if os.path.isdir(MESSY) else [])
def test_real_messy_tables_read_cleanly(name):
    r = scan_file(os.path.join(MESSY, name))
    assert r.complete and not r.errors, r.messages
    assert r.rows > 5 and r.findings == []
    if name.endswith(".csv"):
        assert r.encoding == "gb18030"
        assert r.tables[0].header_row == 2 and r.tables[0].columns[0] in ("指标", "时间")
    else:
        assert r.format == "xls" and r.tables[0].header_row == 3 and r.tables[0].columns[0] == "地区"


def test_real_big5_catalog():
    r = scan_file(os.path.join(TAIWAN, "taipei_catalog_raw_big5.csv"))
    assert r.encoding == "cp950" and r.complete and r.rows == 1127
    assert r.tables[0].columns[1] == "資料名稱"
    f = by_col(r)
    email = f[("資料集提供機關聯絡人電子郵件", "email")]
    assert email.count > 1000 and email.level == "high"
    assert all("***@" in e for e in email.examples)
    # agency contact names are a public-role header hint: reported, low
    assert f[("資料集提供機關聯絡人", "person_name")].level == "low"


def test_cli(tmp_path, capsys):
    from ckanext.govopen.scan.__main__ import main
    p = tmp_path / "people.csv"
    write_csv(p, "gb18030")
    assert main([str(p)]) == 1
    out = capsys.readouterr().out
    assert json.loads(out)["has_pii"] and ID1 not in out
    assert main(["--kanon", "姓名", "--k", "1", str(p)]) == 0
    assert main([str(tmp_path / "missing.csv")]) == 2


def test_header_only_skips_placeholders_and_cells_with_values():
    r = scan_rows(["联系方式", "邮箱"], [["a.b@example.gov.cn", "暂无"], ["c@example.gov.cn", "-"]])
    assert [(f.column, f.entity, f.sources) for f in r.findings] == [("联系方式", "email", ["value"])]
