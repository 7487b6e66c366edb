"""The Data API on the resource page (issue 15): the grid (CKAN's
``datatables_view`` on the DataStore, made when a table is loaded), the dump
links and formats (CSV, CSV for Excel, JSON, XLSX), the API tab's examples run
over real HTTP, and the load state for the department; and what outsiders get
of each of them for a conditionally-open and a not-open table.
"""
import io
import json
import os
import re
import subprocess
import sys
import threading
from html import unescape

import openpyxl
import pytest
from werkzeug.serving import make_server

import ckan.model as model
import ckan.plugins.toolkit as tk
import ckan.tests.helpers as helpers

from ckanext.govopen.datastore import grid
from tests.integration.api_auth import as_user, ctx
from tests.integration.test_datastore import (  # noqa: F401  (fixtures)
    GOOD, HEADER, ROWS, conditional_table, only_validation, people, publish_table, search, upload,
)

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]

GRID_FORM = {"draw": "1", "start": "0", "length": "10", "order[0][column]": "0",
             "order[0][dir]": "asc", "columns[0][data]": "_id", "columns[0][name]": "_id",
             "columns[0][searchable]": "true", "columns[0][orderable]": "true",
             "columns[0][search][value]": "", "search[value]": ""}


def grid_form(**changes):
    form = dict(GRID_FORM)
    for i, name in enumerate(["区", "人口"], start=1):
        form.update({f"columns[{i}][data]": name, f"columns[{i}][name]": name,
                     f"columns[{i}][searchable]": "true", f"columns[{i}][orderable]": "true",
                     f"columns[{i}][search][value]": ""})
    form.update(changes)
    return form


def views_of(rid):
    return tk.get_action("resource_view_list")({"ignore_auth": True}, {"id": rid})


def page_of(app, ds, rid, user=None):
    return app.get(f"/dataset/{ds['name']}/resource/{rid}", status=200, **as_user(user)).body


def examples_in(body):
    return {lang: unescape(code) for lang, code in re.findall(
        r'<pre class="govopen-api-example" data-lang="(\w+)"><code>(.*?)</code></pre>', body, re.S)}


# --- the grid -------------------------------------------------------------------------

def test_a_loaded_table_gets_a_grid_that_filters_sorts_and_pages(app, sysadmin, department):
    ds, res = publish_table(sysadmin, department)
    rid = res["id"]
    views = views_of(rid)
    assert [v["view_type"] for v in views] == ["datatables_view"]         # one grid, made once
    view = views[0]
    assert grid.ensure(rid) is False and len(views_of(rid)) == 1
    body = page_of(app, ds, rid)
    assert f"/view/{view['id']}" in body                                 # the page embeds the grid
    frame = app.get(f"/dataset/{ds['name']}/resource/{rid}/view/{view['id']}", status=200).body
    assert f"/datatables/ajax/{view['id']}" in frame
    # paging: two rows from the third, of four
    paged = json.loads(app.post(f"/datatables/ajax/{view['id']}",
                                data=grid_form(start="2", length="2")).body)
    assert paged["recordsTotal"] == 4 and [r["区"] for r in paged["data"]] == ["朝阳区", "延庆区"]
    # sort by population, descending
    by_pop = json.loads(app.post(f"/datatables/ajax/{view['id']}", data=grid_form(**{
        "order[0][column]": "2", "order[0][dir]": "desc"})).body)
    assert [r["区"] for r in by_pop["data"]] == ["朝阳区", "西城区", "东城区", "延庆区"]
    # filter: the search box (a Chinese word: test_datastore_search.py)
    found = json.loads(app.post(f"/datatables/ajax/{view['id']}",
                                data=grid_form(**{"search[value]": "1104"})).body)
    assert found["recordsFiltered"] == 1 and [r["区"] for r in found["data"]] == ["西城区"]


def test_a_table_that_leaves_the_datastore_loses_its_grid(app, sysadmin, department):
    ds, res = publish_table(sysadmin, department)
    rid = res["id"]
    assert len(views_of(rid)) == 1
    helpers.call_action("package_patch", ctx(sysadmin), id=ds["id"], open_type="none",
                        legal_basis="《中华人民共和国数据安全法》第二十一条")
    model.Session.expire_all()
    assert views_of(rid) == []


# --- dumps ----------------------------------------------------------------------------

def test_the_page_links_every_dump_format_and_each_returns_the_file_s_rows(app, sysadmin, department):
    ds, res = publish_table(sysadmin, department)
    rid = res["id"]
    body = page_of(app, ds, rid)
    links = dict(re.findall(r'data-format="(\w+)" href="([^"]+)"', body))
    assert set(links) == {"csv", "json", "xlsx"}
    assert len(re.findall(rf'data-format="\w+" href="[^"]*/datastore/dump/{rid}\?', body)) == 4
    assert f"/datastore/dump/{rid}?format=csv&amp;bom=true" in body
    path = lambda url: unescape(url).split("://", 1)[-1].split("/", 1)[1]   # noqa: E731
    as_json = json.loads(app.get("/" + path(links["json"]), status=200).body)
    assert [r[1] for r in as_json["records"]] == [r[0] for r in ROWS]
    resp = app.get("/" + path(links["xlsx"]), status=200)
    assert resp.headers["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(resp.data)).active
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    assert cells[0] == ["_id", "区", "人口", "面积", "统计日期", "通地铁"]
    assert [r[1] for r in cells[1:]] == [r[0] for r in ROWS]
    assert [r[2] for r in cells[1:]] == [704, 1104, 3452, 345]           # numbers, not text
    assert cells[3][4].date().isoformat() == "2024-01-03" and cells[1][5] is True
    # a filtered selection, as CKAN's dump takes it
    only = app.get(f"/datastore/dump/{rid}", query_string={
        "format": "xlsx", "filters": json.dumps({"区": "西城区"}), "fields": "区,人口"}, status=200)
    cells = [[c.value for c in row] for row in openpyxl.load_workbook(io.BytesIO(only.data)).active.iter_rows()]
    assert cells == [["区", "人口"], ["西城区", 1104]]


def test_xlsx_text_is_never_a_formula_and_bad_parameters_are_a_400(app, sysadmin, department):
    data = (HEADER + '"=HYPERLINK(""http://example.org"",""x"")",1,1,2024-01-01,true\n').encode("utf-8")
    ds, res = publish_table(sysadmin, department, data=data)
    rid = res["id"]
    resp = app.get(f"/datastore/dump/{rid}?format=xlsx", status=200)
    cell = openpyxl.load_workbook(io.BytesIO(resp.data)).active["B2"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")
    bad = app.get(f"/datastore/dump/{rid}?format=xlsx&limit=many", status=400)
    assert "limit" in bad.body and "=HYPERLINK" not in bad.body
    bad_zh = app.get(f"/datastore/dump/{rid}?format=xlsx&limit=many", status=400,
                     headers={"Accept-Language": "zh-CN"}, extra_environ={"CKAN_LANG": "zh_Hans_CN"})
    assert "limit" in bad_zh.body


# --- the API tab ----------------------------------------------------------------------

@pytest.fixture
def live(app):
    """The app under test over real HTTP on 127.0.0.1 (a thread of this process)."""
    server = make_server("127.0.0.1", 0, app.flask_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_the_api_tab_s_curl_and_python_examples_return_the_rows_over_http(app, sysadmin, department, live):
    ds, res = publish_table(sysadmin, department)
    rid = res["id"]
    examples = examples_in(page_of(app, ds, rid))
    assert set(examples) == {"curl", "ckanapi", "python", "javascript"}
    site = tk.config["ckan.site_url"].rstrip("/")
    for code in examples.values():
        assert rid in code and site in code
    curl = examples["curl"].replace(site, live)
    out = subprocess.run(["bash", "-c", curl], capture_output=True, text=True, timeout=60)
    result = json.loads(out.stdout)["result"]
    assert [r["区"] for r in result["records"]] == [r[0] for r in ROWS] and result["total"] == 4
    python = examples["python"].replace(site, live).replace('"limit": 100', '"limit": 3')   # two pages
    out = subprocess.run([sys.executable, "-c", python], capture_output=True, text=True, timeout=60,
                         env=dict(os.environ, PYTHONIOENCODING="utf-8"))
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("4 [") and "东城区" in out.stdout
    assert "new URLSearchParams" in examples["javascript"] and "ckanapi action datastore_search" in examples["ckanapi"]


# --- the load state, for the department -------------------------------------------------

def test_the_load_error_shows_on_the_page_for_the_department_only(app, sysadmin, department, people):
    long_name = "这是一个非常非常非常非常非常非常长的列名称呀"
    elements = [{"name": "区", "title": "", "type": "string", "description": ""},
                {"name": long_name, "title": "", "type": "integer", "description": ""}]
    ds, res = publish_table(sysadmin, department, data=f"区,{long_name}\n东城区,1\n".encode("utf-8"),
                            elements=elements)
    rid = res["id"]
    body = page_of(app, ds, rid, people["editor"])
    assert 'class="govopen-datastore-status" data-status="error"' in body
    assert "<code>datastore.long_column</code>" in body and long_name in body
    for user in (None, people["outsider"], people["other_editor"]):
        body = page_of(app, ds, rid, user)
        assert "govopen-datastore-status" not in body and "datastore.long_column" not in body
    loaded_ds, loaded = publish_table(sysadmin, department)
    body = page_of(app, loaded_ds, loaded["id"], people["editor"])
    assert 'data-status="loaded"' in body


# --- attackers: a conditional table and a not-open one ------------------------------------

def test_outsiders_get_no_grid_no_dumps_no_api_tab_of_a_conditional_table(app, sysadmin, department, people):
    ds, res = conditional_table(sysadmin, department)
    rid = res["id"]
    (view,) = views_of(rid)
    for user in (None, people["outsider"], people["other_editor"], people["applicant"]):
        # the page itself is the department's and approved requesters' (a regression guard)
        page = app.get(f"/dataset/{ds['name']}/resource/{rid}", **as_user(user))
        assert page.status_code in (200, 403), page.status_code
        body = page.body
        assert f"/view/{view['id']}" not in body and "govopen-datastore-status" not in body
        assert "/datastore/dump/" not in body and "govopen-api-example" not in body
        assert page.status_code == 403 or "govopen-datastore-refused" in body
        for fmt in ("xlsx", "json", "csv"):
            resp = app.get(f"/datastore/dump/{rid}?format={fmt}", status=404, **as_user(user))
            assert "朝阳区" not in resp.body
        frame = app.get(f"/dataset/{ds['name']}/resource/{rid}/view/{view['id']}", **as_user(user))
        assert "朝阳区" not in frame.body
        grid_resp = app.post(f"/datatables/ajax/{view['id']}", data=grid_form(), **as_user(user))
        assert grid_resp.status_code in (403, 404) and "\\u671d\\u9633" not in grid_resp.body
    body = page_of(app, ds, rid, people["editor"])
    assert f"/view/{view['id']}" in body and "govopen-api-example" in body
    xlsx = app.get(f"/datastore/dump/{rid}?format=xlsx", status=200, **as_user(people["editor"]))
    assert len(list(openpyxl.load_workbook(io.BytesIO(xlsx.data)).active.iter_rows())) == 5


def test_outsiders_get_nothing_of_a_not_open_table(app, sysadmin, department, people):
    ds, res = publish_table(sysadmin, department, public=False)
    rid = res["id"]
    for user in (None, people["outsider"], people["other_editor"]):
        app.get(f"/dataset/{ds['name']}/resource/{rid}", status=404, **as_user(user))
        for fmt in ("xlsx", "json"):
            resp = app.get(f"/datastore/dump/{rid}?format={fmt}", status=404, **as_user(user))
            assert "朝阳区" not in resp.body
    missing = app.get("/datastore/dump/00000000-0000-0000-0000-000000000000?format=xlsx", status=404)
    assert missing.body == app.get(f"/datastore/dump/{rid}?format=xlsx", status=404).body
    assert app.get(f"/datastore/dump/{rid}?format=xlsx", status=200,
                   **as_user(people["editor"])).headers["Content-Type"].startswith("application/vnd")
