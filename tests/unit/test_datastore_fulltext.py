"""Per-column q's tokens (issue 15, ``datastore/fulltext.py``): a cell's tokens
tagged with its column, asked with the same tags; the text q unchanged."""
import re

from ckanext.govopen.datastore import fulltext


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
