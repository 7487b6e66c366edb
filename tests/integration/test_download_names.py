"""A downloaded file keeps its Chinese name, says its charset, and has a CSV
variant that Excel on Chinese Windows opens (web/downloads.py).

Before: 公交站点.csv was served as ``inline; filename=.csv`` and ``text/csv``
without a charset (CKAN's munged upload name drops every Chinese character).
"""
import hashlib
import io
import urllib.parse

import pytest
from werkzeug.datastructures import FileStorage

import ckan.tests.helpers as helpers

from ckanext.govopen.web import downloads
from tests.integration.conftest import standard_fields

TABLE = "站点编号,站点名称,所属区\nS001,天安门东,东城区\nS002,王府井,东城区\n"


@pytest.fixture(autouse=True)
def inline_jobs(ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "govopen.jobs.inline", "true")


def ctx(user):
    return {"user": user["name"], "ignore_auth": False}


def public_file(sysadmin, department, data: bytes, filename: str, title: str, fmt="CSV"):
    # a name of hex letters: abs(hash(...)) gave 19 random digits, now and then a Luhn-valid
    # card number, which the privacy gate (rightly) refused to publish
    ds = helpers.call_action("package_create", ctx(sysadmin), name="dl-%s" % hashlib.md5(
                                 (filename + "|" + title).encode("utf-8")).hexdigest()[:10],
                             title="公交站点", notes="说明。", owner_org=department["id"], private=True,
                             **standard_fields())
    res = helpers.call_action("resource_create", ctx(sysadmin), package_id=ds["id"], name=title, format=fmt,
                              url=filename, upload=FileStorage(io.BytesIO(data), filename=filename,
                                                               content_type="text/csv"))
    helpers.call_action("package_patch", ctx(sysadmin), id=ds["id"], private=False)
    return helpers.call_action("resource_show", {"user": ""}, id=res["id"])


def path_of(url):
    return urllib.parse.urlsplit(url).path


def test_a_chinese_file_name_is_kept_with_its_charset(app, sysadmin, department):
    res = public_file(sysadmin, department, TABLE.encode("utf-8"), "公交站点.csv", "公交站点.csv")
    got = app.get(path_of(res["url"]))                       # anonymous, as the public downloads
    assert got.status_code == 200
    disposition = got.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''" + urllib.parse.quote("公交站点.csv") in disposition
    assert 'filename="download.csv"' in disposition            # ASCII fallback, never ".csv"
    assert got.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert got.data == TABLE.encode("utf-8")


def test_the_excel_variant_is_utf8_with_a_byte_order_mark(app, sysadmin, department):
    res = public_file(sysadmin, department, TABLE.encode("utf-8"), "stations.csv", "公交站点")
    got = app.get(path_of(res["url"]), query_string={"excel": "1"})
    assert got.status_code == 200
    assert got.data == b"\xef\xbb\xbf" + TABLE.encode("utf-8")
    assert int(got.headers["Content-Length"]) == len(got.data)
    assert "filename*=UTF-8''" + urllib.parse.quote("公交站点 (Excel).csv") in got.headers["Content-Disposition"]
    plain = app.get(path_of(res["url"]))
    assert plain.data == TABLE.encode("utf-8")                 # the file itself unchanged


def test_a_gbk_file_says_so_and_is_served_as_it_is(app, sysadmin, department):
    data = TABLE.encode("gbk")
    res = public_file(sysadmin, department, data, "stations-gbk.csv", "公交站点（GBK）")
    got = app.get(path_of(res["url"]), query_string={"excel": "1"})
    assert got.status_code == 200
    assert got.headers["Content-Type"] == "text/csv; charset=gb18030"
    assert got.data == data                                    # Excel on Chinese Windows reads GBK as it is


def test_a_restricted_file_is_still_refused_before_any_name_is_given(app, sysadmin, department):
    ds = helpers.call_action("package_create", ctx(sysadmin), name="dl-private", title="内部站点",
                             notes="说明。", owner_org=department["id"], private=True, **standard_fields())
    res = helpers.call_action("resource_create", ctx(sysadmin), package_id=ds["id"], name="内部站点.csv",
                              format="CSV", url="inner.csv",
                              upload=FileStorage(io.BytesIO(TABLE.encode()), filename="inner.csv"))
    url = "/dataset/%s/resource/%s/download/inner.csv" % (ds["id"], res["id"])
    for query in ({}, {"excel": "1"}):
        got = app.get(url, query_string=query)
        assert got.status_code in (403, 404)
        assert "Content-Disposition" not in got.headers and TABLE.encode() not in got.data


@pytest.mark.parametrize("title,url,fmt,expected", [
    ("公交站点.csv", "http://x/download/.csv", "CSV", "公交站点.csv"),
    ("公交站点", "http://x/download/.csv", "CSV", "公交站点.csv"),
    ("公交站点", "http://x/download/stations.CSV", "", "公交站点.csv"),
    ("", "http://x/download/stations.csv", "CSV", "stations.csv"),
    ("", "http://x/download/.csv", "CSV", "download.csv"),
    ('a/b:c*"d"', "http://x/download/f.json", "JSON", "a b c d.json"),
    ("报表", "http://x/download/noext", "XLSX", "报表.xlsx"),
])
def test_download_name(title, url, fmt, expected):
    assert downloads.download_name(title, url, fmt) == expected


def test_charset_sniffing_allows_a_character_cut_at_the_end():
    assert downloads.sniff_charset("公交站点".encode("utf-8")[:-1]) == "utf-8"
    assert downloads.sniff_charset("公交站点".encode("gbk")) == "gb18030"
