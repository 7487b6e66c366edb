"""Download and Data API call counts per dataset (issue 15, ``uses/``), through
the real HTTP surfaces: every file download, dump and ``datastore_search`` of a
public, unconditionally open dataset is counted (in Redis, by any web process;
flushed into PostgreSQL), shown on the dataset page (zh/en), ranked on the home
page and the dashboard, and sorted on in search (UI and API); and nothing of a
restricted dataset is counted or shown, to anonymous callers or outsiders.
"""
import os
import re
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
import sqlalchemy as sa

import ckan.model as model
import ckan.tests.helpers as helpers
from ckan.lib.redis import connect_to_redis

from ckanext.govopen.uses import count, flush
from ckanext.govopen.uses.model import uses
from tests.integration.api_auth import as_user, ctx
from tests.integration.test_datastore import (  # noqa: F401  (fixtures)
    conditional_table, only_validation, people, publish_table,
)
from tests.integration.test_web_sessions import site_ini
from tests.web_server import GunicornServer

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]

STATE = os.environ.get("GOVOPEN_STATE") or os.path.join(
    os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), ".govopen")


@pytest.fixture(autouse=True)
def no_pending():
    """Every test starts without counts left in Redis by another."""
    redis = connect_to_redis()
    for key in redis.scan_iter(match=count.pending_key() + "*"):
        redis.delete(key)
    yield


def stored(package_id):
    model.Session.expire_all()
    row = model.Session.execute(sa.select(uses.c.downloads, uses.c.api_calls)
                                .where(uses.c.package_id == package_id)).first()
    model.Session.commit()
    return tuple(row) if row else None


def uses_shown(body):
    """(downloads, api calls) the dataset page shows, or None."""
    m = re.search(r'class="govopen-uses[^"]*" data-downloads="(\d+)" data-api-calls="(\d+)"', body)
    return (int(m.group(1)), int(m.group(2))) if m else None


def use_everything(app, ds, res, user=None):
    """Two file downloads, three dumps, three Data API calls; and calls that fail, not counted."""
    who = as_user(user)
    app.get(f"/dataset/{ds['name']}/resource/{res['id']}/download/population.csv", status=200, **who)
    app.get(f"/dataset/{ds['id']}/resource/{res['id']}/download", status=200, **who)
    for fmt in ("csv", "json", "xlsx"):
        app.get(f"/datastore/dump/{res['id']}?format={fmt}", status=200, **who)
    app.post("/api/3/action/datastore_search", json={"resource_id": res["id"], "limit": 1}, status=200, **who)
    app.get("/api/3/action/datastore_search", query_string={"resource_id": res["id"]}, status=200, **who)
    app.post("/api/action/datastore_search", json={"resource_id": res["id"], "q": "东城"}, status=200, **who)
    # refused calls are not uses
    app.post("/api/3/action/datastore_search", json={"resource_id": res["id"], "sort": "nope"},
             status=409, **who)
    app.get(f"/datastore/dump/{res['id']}?format=nope", status=400, **who)


def test_downloads_dumps_and_api_calls_are_counted_shown_and_flushed(app, sysadmin, department):
    ds, res = publish_table(sysadmin, department)
    other, _ = publish_table(sysadmin, department)
    assert uses_shown(app.get(f"/dataset/{ds['name']}").body) == (0, 0)
    use_everything(app, ds, res)
    # before any flush: the page adds what is still in Redis
    zh = app.get(f"/dataset/{ds['name']}").body
    assert uses_shown(zh) == (5, 3)
    assert "5 次下载" in zh and "3 次接口调用" in zh
    en = app.get(f"/en/dataset/{ds['name']}").body
    assert uses_shown(en) == (5, 3) and "5 downloads" in en and "3 API calls" in en
    assert stored(ds["id"]) is None                      # no database write per request
    assert flush.flush() == [ds["id"]]
    assert stored(ds["id"]) == (5, 3) and stored(other["id"]) is None
    assert not connect_to_redis().exists(count.pending_key())
    assert uses_shown(app.get(f"/dataset/{ds['name']}").body) == (5, 3)
    # more calls add to what is stored
    app.get(f"/datastore/dump/{res['id']}", status=200)
    flush.flush()
    assert stored(ds["id"]) == (6, 3)


def test_the_most_used_ranking_and_search_sort(app, sysadmin, department, ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "govopen.uses.flush_interval", 0)     # flushed below, by the job
    little, little_res = publish_table(sysadmin, department)
    much, much_res = publish_table(sysadmin, department)
    unused, _ = publish_table(sysadmin, department)
    app.get(f"/datastore/dump/{little_res['id']}", status=200)
    for _ in range(3):
        app.post("/api/3/action/datastore_search", json={"resource_id": much_res["id"]}, status=200)
    # stored, but the search documents follow only with the job
    flush.flush()
    used = {"fq": "govopen_uses:[1 TO *]"}
    assert app.get("/api/3/action/package_search", query_string=used).json["result"]["count"] == 0
    assert flush.reindex_changed() == sorted([little["id"], much["id"]])
    assert flush.reindex_changed() == []                   # nothing moved since
    api = app.get("/api/3/action/package_search", query_string={"sort": "govopen_uses desc, name asc"}).json
    names = [d["name"] for d in api["result"]["results"]]
    assert names == [much["name"], little["name"], unused["name"]]
    found = app.get("/api/3/action/package_search", query_string={"fq": "govopen_uses:[2 TO *]"}).json
    assert [d["name"] for d in found["result"]["results"]] == [much["name"]]
    # the search page offers the sort and uses it
    page = app.get("/dataset/", query_string={"sort": "govopen_uses desc, metadata_modified desc"}).body
    assert 'value="govopen_uses desc, metadata_modified desc"' in page and "使用最多" in page
    assert page.index(f"/dataset/{much['name']}") < page.index(f"/dataset/{little['name']}") \
        < page.index(f"/dataset/{unused['name']}")
    # the rankings: home page and dashboard, most first, only used datasets
    for path in ("/", "/dashboard/open-data"):
        body = app.get(path).body
        ranking = re.search(r'<ol class="govopen-most-used"[^>]*>(.*?)</ol>', body, re.S).group(1)
        assert re.findall(r'data-dataset="([^"]+)"', ranking) == [much["name"], little["name"]]
        assert "3 次接口调用" in ranking and "1 次下载" in ranking
    assert "3 API calls" in app.get("/en/").body


def test_counts_are_right_with_several_web_processes(request, sysadmin, department):
    ds, res = publish_table(sysadmin, department)
    model.Session.commit()
    ini = site_ini(os.path.abspath(request.config.getoption("ckan_ini")))
    log = os.path.join(STATE, "logs", "test-uses.log")
    servers = [GunicornServer(ini, workers=1, log=log) for _ in range(2)]   # two processes, by URL
    try:
        for server in servers:
            server.start()

        def call(i):
            base = servers[i % 2].url
            if i % 3 == 0:
                r = requests.post(base + "/api/3/action/datastore_search",
                                  json={"resource_id": res["id"], "limit": 1}, timeout=60)
            else:
                r = requests.get(base + f"/datastore/dump/{res['id']}", timeout=60)
            return r.status_code

        with ThreadPoolExecutor(8) as pool:
            statuses = list(pool.map(call, range(30)))
    finally:
        for server in servers:
            server.stop()
    assert statuses == [200] * 30
    flush.flush()
    assert stored(ds["id"]) == (20, 10)


def test_nothing_of_a_restricted_dataset_is_counted_or_shown(app, sysadmin, department, people):
    cond, cond_res = conditional_table(sysadmin, department)
    hidden, hidden_res = publish_table(sysadmin, department)
    helpers.call_action("package_patch", ctx(sysadmin), id=hidden["id"], private=True)
    was_open, was_open_res = publish_table(sysadmin, department)
    open_, open_res = publish_table(sysadmin, department)
    # the department and sysadmins may use the restricted ones; none of it counts
    for ds, res in ((cond, cond_res), (hidden, hidden_res)):
        use_everything(app, ds, res, user=sysadmin)
    use_everything(app, was_open, was_open_res)
    app.get(f"/datastore/dump/{open_res['id']}", status=200)
    flush.flush()
    flush.reindex_changed()
    assert stored(was_open["id"]) == (5, 3) and stored(open_["id"]) == (1, 0)
    assert stored(cond["id"]) is None and stored(hidden["id"]) is None
    # an open dataset that becomes conditionally open keeps no counts, in the table or the index
    helpers.call_action("package_patch", ctx(sysadmin), id=was_open["id"], open_type="conditional",
                        open_condition="实名申请后提供", legal_basis="《中华人民共和国数据安全法》第二十一条")
    assert stored(was_open["id"]) is None
    # counted while restricted (by the department), then flushed: dropped
    use_everything(app, was_open, was_open_res, user=sysadmin)
    flush.flush()
    assert stored(was_open["id"]) is None
    restricted = (cond, was_open)
    for user in (None, people["outsider"], people["other_editor"]):
        who = as_user(user)
        for ds in restricted:
            body = app.get(f"/dataset/{ds['name']}", status=200, **who).body
            assert uses_shown(body) is None and "govopen-uses" not in body
        for path in ("/", "/en/", "/dashboard/open-data"):
            body = app.get(path, **who).body
            ranking = re.search(r'<ol class="govopen-most-used"[^>]*>(.*?)</ol>', body, re.S).group(1)
            assert re.findall(r'data-dataset="([^"]+)"', ranking) == [open_["name"]]
        found = app.get("/api/3/action/package_search", query_string={
            "fq": "govopen_uses:[1 TO *]", "include_private": "true"}, **who).json["result"]
        assert [d["name"] for d in found["results"]] == [open_["name"]]
    # even a sysadmin's search finds no count in the index for them
    found = app.get("/api/3/action/package_search", query_string={
        "fq": "govopen_uses:[1 TO *]", "include_private": "true"}, **as_user(sysadmin)).json["result"]
    assert [d["name"] for d in found["results"]] == [open_["name"]]


def test_a_ranking_read_flushes_at_most_once_per_interval(app, sysadmin, department):
    ds, res = publish_table(sysadmin, department)
    app.get(f"/datastore/dump/{res['id']}", status=200)
    body = app.get("/").body                              # due: flushed on read
    assert stored(ds["id"]) == (1, 0) and f'data-dataset="{ds["name"]}"' in body
    app.get(f"/datastore/dump/{res['id']}", status=200)
    app.get("/dashboard/open-data")                       # not due again within the interval
    assert stored(ds["id"]) == (1, 0)
    assert uses_shown(app.get(f"/dataset/{ds['name']}").body) == (2, 0)   # the page adds the pending one
