"""Header-row and footer detection on statistical exports."""
import pytest

from ckanext.govopen.validation import layout


def test_metadata_rows_above_the_header():
    sample = [["数据库：年度数据", "", ""], ["时间：最近10年"], ["指标", "2023年", "2022年"], ["a", 1, 2]]
    assert layout.header_row(sample) == 3


def test_plain_tables_start_at_row_one():
    assert layout.header_row([["id", "name"], ["1", "a"]]) == 1
    # A single-column table has nothing that looks like a header below: keep row 1.
    assert layout.header_row([["value"], ["01"], ["002"]]) == 1


def test_configured_header_row_wins():
    assert layout.header_row([["id", "name"]], configured=4) == 4


def test_footnotes_with_continuation_and_source():
    tail = [["北京市", 1, 2], ["注：1.本表按当年价格计算。", "", ""],
            ["\u3000\u3000\u30002.2018年数据为修订后数据。", "", ""], ["数据来源：国家统计局", "", ""]]
    assert layout.footer_length(tail) == 3


def test_blank_rows_just_above_a_note_belong_to_the_footer():
    tail = [["a", 1], ["", ""], ["Source: NBS", ""]]
    assert layout.footer_length(tail) == 2


def test_short_data_rows_are_not_a_footer():
    assert layout.footer_length([["a", 1], ["b", ""], ["c", None]]) == 0
    assert layout.footer_length([["a", 1], ["", ""]]) == 0      # a blank row stays an error


def test_configured_footer_and_bad_values():
    assert layout.footer_length([["a"], ["b"], ["c"]], configured=2) == 2
    assert layout.parse_count("3", "skip_footer") == 3
    assert layout.parse_count("", "header_row") is None
    with pytest.raises(ValueError):
        layout.parse_count("two", "header_row")
    with pytest.raises(ValueError):
        layout.parse_count("0", "header_row")
