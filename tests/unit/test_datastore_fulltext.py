"""The Data API's ``_full_text`` of a row (``datastore/fulltext.py``), pinned: the
loader computes it for every row of every load, so it was made faster
(bench/datastore); these are the exact outputs of the implementation before,
order and duplicates included, and the ``q`` side must keep matching them."""
import re

import pytest

from ckanext.govopen.datastore import fulltext
from ckanext.govopen.datastore.fulltext import tokens, tsquery, tsvector

ROWS = [
    (["朝阳区", "Beijing 2024年", "", None], "'朝' '阳' '区' '朝阳' '阳区' 'beijing' '2024' '年'"),
    (["上海市住房和城乡建设管理委员会", "上海市"],
     "'上' '海' '市' '住' '房' '和' '城' '乡' '建' '设' '管' '理' '委' '员' '会' '上海' '海市' "
     "'市住' '住房' '房和' '和城' '城乡' '乡建' '建设' '设管' '管理' '理委' '委员' '员会'"),
    (["1", "2.35", "true"], "'1' '2' '35' 'true'"),
    (["。，！", "  "], None),
    (["Ｆｏｏ BAR", "a_b", "阳区朝阳"], "'bar' 'a' 'b' '阳' '区' '朝' '阳区' '区朝' '朝阳'"),
    ([12, 3.5, "区"], "'12' '3' '5' '区'"),
]


@pytest.mark.parametrize("row,expected", ROWS)
def test_a_row_s_full_text_is_its_cells_tokens_in_order_once_each(row, expected):
    assert tsvector(row) == expected


def test_the_full_text_is_the_union_of_each_cell_s_tokens():
    row = ["高雄市政府", "家庭教育中心介紹 ABC", "100年報案"]
    want = list(dict.fromkeys(t for cell in row for t in tokens(cell)))
    assert tsvector(row) == " ".join(f"'{t}'" for t in want)


def test_a_cell_boundary_never_joins_two_cells_into_one_token():
    # the last character of a cell and the first of the next are no pair
    assert "'区上'" not in tsvector(["朝阳区", "上海"])
    assert "'ab'" not in tsvector(["a", "b"])


def test_a_query_s_tokens_are_in_the_row_that_has_the_word():
    vector = tsvector(["上海市住房和城乡建设管理委员会"])
    for token in tsquery("城乡建设").split(" & "):
        assert f"'{token}'" in vector


# Per-column q's tokens (issue 15): a cell's tokens tagged with its column, asked with the same tags.



def lexemes(vector):
    return set(re.findall(r"'([^']*)'", vector or ""))


def test_a_row_holds_plain_and_column_tagged_tokens():
    vec = lexemes(fulltext.tsvector(["朝阳区", "3452"], ["区", "人口"]))
    tag_d, tag_p = fulltext.column_tag("区"), fulltext.column_tag("人口")
    assert {"朝阳", "阳区", "3452"} <= vec
    assert {tag_d + "朝阳", tag_d + "阳区", tag_d + "朝", tag_p + "3452"} <= vec
    assert tag_p + "朝阳" not in vec and tag_d + "3452" not in vec
    assert lexemes(fulltext.tsvector(["朝阳区"])) == {"朝", "阳", "区", "朝阳", "阳区"}   # without names


def test_tags_are_letters_and_digits_and_differ_by_column():
    assert re.fullmatch(r"k[0-9a-f]{8}x", fulltext.column_tag("统计日期"))
    assert fulltext.column_tag("区") != fulltext.column_tag("区划")


def test_a_column_q_is_asked_with_tagged_tokens():
    tag = fulltext.column_tag("区")
    assert fulltext.column_tsquery({"区": "朝阳区"}) == f"{tag}朝阳 & {tag}阳区"
    assert fulltext.column_tsquery({"区": "城 东", "人口": "34"}) == \
        f"{tag}城 & {tag}东 & {fulltext.column_tag('人口')}34:*"
    assert fulltext.column_tsquery({"区": "!!!"}) is None
    out = fulltext.rewrite({"q": {"区": "朝阳"}, "limit": 5})
    assert out == {"q": f"{tag}朝阳", "plain": False, "language": "simple", "limit": 5}
    # a column q CKAN must refuse itself (not text) is left as it is
    assert fulltext.rewrite({"q": {"区": 1}}) == {"q": {"区": 1}}
    # the text q as before
    assert fulltext.rewrite({"q": "朝阳区"})["q"] == "朝阳 & 阳区"
    assert fulltext.tsquery("sch") == "sch:*"


@pytest.mark.parametrize("row", [
    ["朝阳区", "3452", "", "Beijing School 2024-01-01", "區 İ ß Ⅻ", "上海市住房和城乡建设管理委员会"],
    ["", "", "", "", "", ""],
    ["a", "b", "朝", "朝阳", "x1y2", "!!!"],
])
def test_the_load_s_lexemes_are_the_full_text_s_once_deduplicated(row):
    names = ["区", "人口", "空", "说明", "杂", "单位"]
    fast = fulltext.row_lexemes(row, [fulltext.column_tag(n) for n in names])
    slow = fulltext.tsvector(row, names)
    assert (fast is None) == (slow is None)
    if fast is not None:
        # unquoted (no lexeme needs it), duplicates left to PostgreSQL's tsvector input
        assert "'" not in fast and set(fast.split(" ")) == lexemes(slow)
