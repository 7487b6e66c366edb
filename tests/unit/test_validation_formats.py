"""Which resources are tables, and how a failed report reads in a blocker."""
import pytest

from ckanext.govopen.gate.checks.validation import _summary
from ckanext.govopen.validation.formats import resource_format, tabular_format
from ckanext.govopen.validation.report import Tally


@pytest.mark.parametrize("fmt, name, expected", [
    ("CSV", None, "csv"), ("tsv", None, "tsv"), (".XLSX", None, "xlsx"), ("xls", None, "xls"),
    ("JSON", None, "json"), (None, "http://x.gov.cn/a/data.CSV?download=1", "csv"),
    ("", "table.tsv", "tsv"), ("PDF", "looks-like.csv", None), (None, "readme.txt", None),
])
def test_tabular_format(fmt, name, expected):
    assert tabular_format(fmt, name) == expected


def test_resource_format_uses_url_when_no_format():
    assert resource_format({"url": "http://x/y/population.xls"}) == "xls"
    assert resource_format({"format": "HTML", "url": "http://x/y.csv"}) is None


class FakeError:
    def __init__(self, kind, title, row, column):
        self.type, self.title, self.row_number, self.field_name = kind, title, row, column
        self.message, self.note, self.field_number = f"{title} at {row}", "", 1


def test_blocker_summary_names_type_count_row_and_column():
    tally = Tally(keep=2)
    for row in (3, 5, 9):
        tally.add(FakeError("type-error", "Type Error", row, "人口"))
    report = {"errors": tally.grouped()}
    assert report["errors"]["type-error"]["omitted"] == 1
    assert _summary(report, "zh") == "数据类型错误 3 处，首处：第 3 行，列“人口”"
    assert _summary(report, "en") == "Type Error: 3, first at row 3, column '人口'"
