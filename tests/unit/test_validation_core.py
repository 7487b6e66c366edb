"""validate() against Frictionless's own fixtures and real NBS exports.

The error types must be exactly what plain ``frictionless.validate`` finds
(computed here, not written down), except where layout detection is meant to
differ (a comment row above the header), which is tested on its own.
"""
import glob
import io
import os

import frictionless
import pytest

from ckanext.govopen.validation import ERROR, INVALID, VALID, Limits, validate
from tests.conftest import REALDATA

FIXTURES = os.path.join(REALDATA, "frictionless", "fixtures")
MESSY = os.path.join(REALDATA, "china", "messy-tables")
#: Fixtures whose first row is a comment: we skip it as a metadata row,
#: plain Frictionless reads it as the header.
COMMENT_ABOVE_HEADER = {"skip-rows-before-headers.csv"}

TABLES = sorted(
    os.path.relpath(p, FIXTURES)
    for p in glob.glob(os.path.join(FIXTURES, "*.csv")) + glob.glob(os.path.join(FIXTURES, "*.xls*"))
    + glob.glob(os.path.join(FIXTURES, "invalid", "*.csv")))


def plain_validate(path, **options):
    """Plain Frictionless on a fixture (absolute paths need a trusted context)."""
    with frictionless.system.use_context(trusted=True):
        return frictionless.validate(path, **options)


def frictionless_types(path, **options):
    report = plain_validate(path, **options)
    return sorted({e.type for task in report.tasks for e in task.errors} | {e.type for e in report.errors})


def test_fixtures_are_there():
    assert len(TABLES) >= 25


@pytest.mark.parametrize("name", [t for t in TABLES if t not in COMMENT_ABOVE_HEADER])
def test_same_error_types_as_frictionless(name):
    path = os.path.join(FIXTURES, name)
    expected = frictionless_types(path)
    report = validate(path)
    assert sorted(report.error_types) == expected
    assert report.status == (VALID if not expected else INVALID)


@pytest.mark.parametrize("name", sorted(COMMENT_ABOVE_HEADER))
def test_comment_row_above_the_header_is_skipped_unless_configured(name):
    path = os.path.join(FIXTURES, name)
    detected = validate(path)
    assert detected.header_row == 2 and detected.labels == ["id", "name"]
    assert detected.valid and detected.rows == 2
    forced = validate(path, header_row=1)
    assert sorted(forced.error_types) == frictionless_types(path) != []


def test_counts_and_locations_match_frictionless_for_a_messy_file():
    path = os.path.join(FIXTURES, "capital-invalid.csv")
    plain = plain_validate(path).tasks[0].errors
    report = validate(path)
    assert report.error_count == len(plain)
    for kind, group in report.errors.items():
        expected = [getattr(e, "row_number", None) or (getattr(e, "row_numbers", None) or [None])[0]
                    for e in plain if e.type == kind]
        assert group["count"] == len(expected)
        assert [e["row"] for e in group["errors"]] == expected[:len(group["errors"])]


def test_first_n_errors_in_full_and_the_rest_counted(tmp_path):
    path = tmp_path / "many.csv"
    path.write_text("id,amount\n" + "".join(f"{i},not-a-number\n" for i in range(1, 301)))
    schema = {"fields": [{"name": "id", "type": "integer"}, {"name": "amount", "type": "number"}]}
    report = validate(str(path), schema=schema, schema_source="resource", limits=Limits(keep_errors=5))
    group = report.errors["type-error"]
    assert group["count"] == 300 and len(group["errors"]) == 5 and group["omitted"] == 295
    first = group["errors"][0]
    assert (first["row"], first["column"], first["cell"]) == (2, "amount", "not-a-number")
    assert report.schema_source == "resource" and report.rows == 300


def test_sampling_stops_early_and_says_so(tmp_path):
    path = tmp_path / "big.csv"
    path.write_text("id\n" + "".join(f"{i}\n" for i in range(1000)) + "x\n")
    schema = {"fields": [{"name": "id", "type": "integer"}]}
    sampled = validate(str(path), schema=schema, limits=Limits(sample_rows=100))
    assert sampled.sampled and sampled.rows == 100 and sampled.valid
    assert any("sampled" in w for w in sampled.warnings)
    full = validate(str(path), schema=schema)
    assert not full.sampled and full.rows == 1001 and "type-error" in full.errors


def test_too_large_is_an_error_not_a_pass(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("a,b\n1,2\n" * 100)
    report = validate(str(path), limits=Limits(max_bytes=50))
    assert report.status == ERROR and "too-large" in report.errors


def test_streams_are_accepted(tmp_path):
    data = "名称,数量\n甲,1\n乙,2\n".encode("gb18030")
    report = validate(io.BytesIO(data), format="csv")
    assert report.valid and report.encoding == "gb18030" and report.labels == ["名称", "数量"]


def test_inferred_schema_is_stored_and_marked():
    report = validate(os.path.join(FIXTURES, "duplicate-rows.csv"))
    assert report.schema_source == "inferred"
    assert [f["name"] for f in report.schema["fields"]] == ["id", "name", "age"]
    assert any("inferred" in w for w in report.warnings)


def test_data_elements_schema_matches_columns_by_name(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("b,a\nx,1\n", encoding="utf-8")
    from ckanext.govopen.validation.schema import resolve
    schema, source = resolve({}, {"data_elements": [{"name": "a", "type": "integer"},
                                                    {"name": "b", "type": "string"}]})
    assert source == "data_elements"
    assert validate(str(path), schema=schema).valid
    path.write_text("b,a\nx,one\n", encoding="utf-8")
    assert "type-error" in validate(str(path), schema=schema).errors


def test_not_a_table_is_refused():
    with pytest.raises(ValueError):
        validate(os.path.join(FIXTURES, "invalid-schema.json"), format="pdf")


def test_invalid_json_table_is_reported_not_raised():
    report = validate(os.path.join(FIXTURES, "invalid.json"), format="json")
    assert report.status == INVALID and report.error_count >= 1


# --- real NBS exports: GB18030 CSV and XLS with metadata rows and footnotes ---------------

@pytest.mark.parametrize("name, header, first_labels, rows", [
    ("nbs_annual_domestic_tourism_gb18030.csv", 3, ["指标", "2023年"], 9),
    ("nbs_annual_tourism_industry_gb18030.csv", 3, ["指标", "2023年"], 12),
    ("nbs_monthly_money_supply_gb18030.csv", 3, ["时间", "货币和准货币(M2)供应量期末值(亿元)"], 258),
    ("nbs_major_cities_gdp.xls", 4, ["地区", "2019年"], 36),
    ("nbs_provincial_gdp_fenshengniandu.xls", 4, ["地区", "2019年"], 31),
])
def test_nbs_exports_have_intact_chinese_headers_and_the_right_rows(name, header, first_labels, rows):
    report = validate(os.path.join(MESSY, name))
    assert report.header_row == header
    assert report.labels[:2] == first_labels
    assert report.rows == rows
    assert report.valid, report.errors
    if name.endswith(".csv"):
        assert report.encoding == "gb18030"


def test_nbs_footnotes_are_not_data_but_a_real_short_row_is(tmp_path):
    source = os.path.join(MESSY, "nbs_annual_domestic_tourism_gb18030.csv")
    with open(source, "rb") as f:
        lines = f.read().decode("gb18030").splitlines()
    # A truncated data row before the footnote is an error, the footnote is not.
    lines.insert(-1, "国内游客(百万人次),4890")
    path = tmp_path / "t.csv"
    path.write_bytes("\n".join(lines).encode("gb18030"))
    report = validate(str(path))
    assert report.footer_rows == 1 and report.rows == 10
    assert report.errors["missing-cell"]["errors"][0]["row"] == 13


def test_configured_footer_and_header_win(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("标题行\n\nid,name\n1,a\n2,b\n合计 2 行\n", encoding="utf-8")
    plain = validate(str(path), header_row=3)
    assert "missing-cell" in plain.errors          # "合计 2 行" is not a note marker
    configured = validate(str(path), header_row=3, skip_footer=1)
    assert configured.valid and configured.rows == 2 and configured.labels == ["id", "name"]
