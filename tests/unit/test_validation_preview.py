"""The preview the validation pass keeps: the first N data rows as read
(header and footer rows excluded), long cells cut, and never in a report
given to someone without the file."""
import csv
import io
import os

from ckanext.govopen.validation import Limits, validate
from ckanext.govopen.validation.report import PREVIEW_CELL_MAX, without_content
from tests.conftest import REALDATA

MONEY = os.path.join(REALDATA, "china", "messy-tables", "nbs_monthly_money_supply_gb18030.csv")


def test_preview_is_the_first_data_rows_of_a_real_export():
    report = validate(MONEY, format="csv").as_dict()
    with open(MONEY, encoding="gb18030", newline="") as f:
        rows = list(csv.reader(f))
    assert report["header_row"] == 3
    assert report["preview"] == rows[3:13]
    assert report["labels"] == rows[2][:len(report["labels"])]


def test_preview_length_follows_the_limit_and_excludes_footer_rows():
    data = "a,b\n1,x\n2,y\n3,z\n".encode()
    assert validate(io.BytesIO(data), format="csv", limits=Limits(preview_rows=2)).preview == [["1", "x"], ["2", "y"]]
    assert validate(io.BytesIO(data), format="csv", limits=Limits(preview_rows=0)).preview == []
    with_footer = "a,b\n1,x\n2,y\n合计,3\n".encode()
    report = validate(io.BytesIO(with_footer), format="csv", skip_footer=1)
    assert report.preview == [["1", "x"], ["2", "y"]]


def test_long_cells_are_cut_and_the_preview_is_content():
    data = ("a,b\n" + "长" * 500 + ",1\n").encode()
    report = validate(io.BytesIO(data), format="csv").as_dict()
    cell = report["preview"][0][0]
    assert len(cell) == PREVIEW_CELL_MAX + 1 and cell.endswith("…")
    assert "preview" not in without_content(report)
