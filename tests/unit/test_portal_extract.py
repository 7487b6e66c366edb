"""Descriptions shortened for lists also in Chinese (portal/extract.py): CKAN's
markdown_extract cuts at spaces, so a long Chinese description became '...'."""
from ckan.lib.helpers import markdown_extract as ckan_extract

from ckanext.govopen.portal.extract import ELLIPSIS, markdown_extract, shorten

NOTES = "全市公共交通线路与站点。" * 20            # 240 characters, no space


def extract(text, length=190):
    return markdown_extract(ckan_extract, text, extract_length=length)


def test_ckan_alone_loses_a_long_chinese_description():
    # what the page showed before: the reason for the helper
    assert ckan_extract(NOTES, extract_length=180) == "..."


def test_a_long_chinese_description_is_cut_at_a_sentence_end():
    out = extract(NOTES, 180)
    assert out.startswith("全市公共交通线路与站点。全市")
    assert out.endswith("。" + ELLIPSIS)
    assert len(out) <= 180


def test_short_text_and_english_are_ckans():
    assert extract("全市公交站点。", 180) == "全市公交站点。"
    english = "Bus stops and routes of the whole city, " * 10
    assert extract(english, 100) == ckan_extract(english, extract_length=100)
    assert extract("", 180) == ""
    assert extract(NOTES, 0) == ckan_extract(NOTES, extract_length=0)


def test_markdown_is_plain_text_in_the_cut():
    out = extract("**北京市**" + "公共交通线路与站点基础信息" * 30, 50)
    assert "*" not in out and out.startswith("北京市公共交通") and len(out) <= 50


def test_shorten_without_a_break_cuts_at_the_limit():
    assert shorten("一" * 100, 10) == "一" * 9 + ELLIPSIS
    assert shorten("一二三", 10) == "一二三"
