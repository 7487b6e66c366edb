"""Dumps with a Chinese ``q`` and a per-column ``q`` (issue 15, ``datastore/dump.py``):
exactly the matching rows in every format; a bad parameter is a 400 with zh/en
words, never a 500."""
import io
import json

import pytest
from openpyxl import load_workbook

from tests.integration.test_datastore import (  # noqa: F401  (fixtures)
    only_validation, publish_table, search,
)

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]

@pytest.fixture(autouse=True)
def no_rate_limit(ckan_config, monkeypatch):
    """Many anonymous dumps a minute here; the limits have their own tests."""
    for key in ("anon_downloads_per_minute", "anon_queries_per_minute"):
        monkeypatch.setitem(ckan_config, f"govopen.datastore.{key}", 0)


HEADER = ["_id", "区", "人口", "面积", "统计日期", "通地铁"]


def dumped(app, rid, fmt, status=200, **params):
    """The dump's header and first column of data ("区"), whatever the format."""
    resp = app.get(f"/datastore/dump/{rid}", query_string=dict(params, format=fmt), status=status)
    if fmt == "csv":
        lines = resp.body.strip().splitlines()
        return lines[0].split(","), [line.split(",")[1] for line in lines[1:]]
    if fmt == "json":
        body = json.loads(resp.body)
        return [f["id"] for f in body["fields"]], [r[1] for r in body["records"]]
    sheet = load_workbook(io.BytesIO(resp.data), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    return list(rows[0]), [r[1] for r in rows[1:]]


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_a_dump_with_a_chinese_q_has_exactly_the_matching_rows(app, sysadmin, department, fmt):
    ds, res = publish_table(sysadmin, department)
    rid = res["id"]
    assert dumped(app, rid, fmt, q="朝阳") == (HEADER, ["朝阳区"])           # no "rank" column
    assert dumped(app, rid, fmt, q="城区") == (HEADER, ["东城区", "西城区"])
    assert dumped(app, rid, fmt, q="海淀") == (HEADER, [])
    # with a filter and a sort too
    assert dumped(app, rid, fmt, q="城区", sort="人口 desc") == (HEADER, ["西城区", "东城区"])
    assert dumped(app, rid, fmt, q="区", filters=json.dumps({"通地铁": False})) == (HEADER, ["朝阳区", "延庆区"])


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_a_dump_with_a_per_column_q_has_exactly_the_matching_rows(app, sysadmin, department, fmt):
    ds, res = publish_table(sysadmin, department)
    rid = res["id"]
    cases = [({"区": "朝阳"}, ["朝阳区"]), ({"区": "城区"}, ["东城区", "西城区"]),
             ({"区": "朝阳区"}, ["朝阳区"]),                 # the whole cell
             ({"区": "阳区"}, ["朝阳区"]),                   # inside the cell, not only its start
             ({"人口": "34"}, ["朝阳区", "延庆区"]),          # 3452, 345
             ({"人口": "3452"}, ["朝阳区"]),
             ({"区": "城", "通地铁": "true"}, ["东城区", "西城区"]),
             ({"区": "城 东"}, ["东城区"]),                  # every word
             ({"区": "2024"}, []),                           # in the row, not in this column
             ({"区": "海淀"}, [])]
    for q, want in cases:
        assert dumped(app, rid, fmt, q=json.dumps(q, ensure_ascii=False)) == (HEADER, want), q


def test_datastore_search_with_a_per_column_chinese_q(app, sysadmin, department):
    ds, res = publish_table(sysadmin, department)
    out = search(app, res["id"], q={"区": "朝阳"})["result"]
    assert [r["区"] for r in out["records"]] == ["朝阳区"] and out["total"] == 1
    out = search(app, res["id"], q={"区": "城区"}, fields=["区"])["result"]
    assert out["records"] == [{"区": "东城区"}, {"区": "西城区"}] and out["total"] == 2
    assert search(app, res["id"], q={"面积": "城区"})["result"]["total"] == 0


HOSTILE = [
    {"q": json.dumps({"无此列": "x"}, ensure_ascii=False)},
    {"q": json.dumps({"区": 1})},
    {"q": json.dumps({"_full_text": "x"})},
    {"q": json.dumps({'区" = \'\' OR 1=1 --': "x"})},
    {"filters": "{bad json"},
    {"filters": json.dumps({"无此列": "x"}, ensure_ascii=False)},
    {"sort": "人口; DROP TABLE x"},
    {"sort": "无此列"},
    {"fields": "无此列"},
    {"fields": '区" FROM pg_user --'},
    {"limit": "-1"},
    {"limit": "abc"},
    {"offset": "-5"},
    {"format": "exe"},
]


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_hostile_dump_parameters_are_400_with_zh_and_en_never_500(app, sysadmin, department, fmt):
    ds, res = publish_table(sysadmin, department)
    for params in HOSTILE:
        params = dict({"format": fmt}, **params)
        resp = app.get(f"/datastore/dump/{res['id']}", query_string=params, status=400)
        assert "下载参数无效" in resp.body and "parameters are not valid" in resp.body, params
        if "q" in params:
            assert "本数据表中没有" in resp.body or "必须是文本" in resp.body, params
        assert "东城区" not in resp.body
    # a SQL fragment in a text q is only words to find
    for q in ("'; DROP TABLE x; --", "朝阳' OR '1'='1", "a:* | b & !c"):
        app.get(f"/datastore/dump/{res['id']}", query_string={"format": fmt, "q": q}, status=200)
    assert search(app, res["id"])["result"]["total"] == 4


def test_a_dump_of_a_missing_table_is_404_in_both_languages(app):
    resp = app.get("/datastore/dump/no-such-table", query_string={"q": "朝阳"}, status=404)
    assert "数据接口中没有这个数据表" in resp.body and "DataStore resource not found" in resp.body
