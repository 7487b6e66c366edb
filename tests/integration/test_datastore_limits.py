"""Row caps and rate limits for anonymous callers of the Data API (issue 15,
``datastore/limits.py``), through the real HTTP surfaces: the Action API
(GET and POST), the grid's ajax, the dump routes. Counters live in Redis
(shared by every worker); each test calls from its own client address so
tests never share a counter."""
import random
import json

import pytest

from ckanext.govopen.datastore import limits
from tests.integration.api_auth import as_user
from tests.integration.test_datastore import (  # noqa: F401  (fixtures)
    only_validation, people, publish_table,
)
from tests.integration.test_datastore_page import grid_form, views_of

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]



@pytest.fixture
def client():
    """A fresh client address (REMOTE_ADDR) per test, so its counters start at 0."""
    return {"environ_base": {"REMOTE_ADDR": "10.{}.{}.{}".format(*(random.randint(1, 250) for _ in range(3)))}}


@pytest.fixture
def tight(ckan_config, monkeypatch):
    for key, value in {"anon_queries_per_minute": 3, "anon_downloads_per_minute": 2,
                       "anon_max_rows": 2, "anon_dump_max_rows": 0}.items():
        monkeypatch.setitem(ckan_config, f"govopen.datastore.{key}", value)


def api(app, client, rid, user=None, status=200, method="post", **params):
    params = {"resource_id": rid, **params}
    kwargs = dict(client, status=status, **as_user(user))
    if method == "get":
        return app.get("/api/3/action/datastore_search", query_string=params, **kwargs)
    return app.post("/api/3/action/datastore_search", json=params, **kwargs)


def test_anonymous_queries_beyond_the_limit_get_429_with_when_to_retry(app, sysadmin, department, tight, client):
    ds, res = publish_table(sysadmin, department)
    rid = res["id"]
    api(app, client, rid, limit=1)
    api(app, client, rid, method="get", limit=1)          # GET and POST share one counter
    api(app, client, rid, limit=1)
    resp = api(app, client, rid, status=429, limit=1)
    err = resp.json["error"]
    assert resp.json["success"] is False and err["limit"] == 3
    assert 1 <= err["retry_after"] <= 60 and resp.headers["Retry-After"] == str(err["retry_after"])
    assert "每分钟最多查询 3 次" in err["zh"] and f"{err['retry_after']} 秒后重试" in err["zh"]
    assert "3 a minute" in err["en"] and f"Retry in {err['retry_after']} seconds" in err["en"]
    assert "records" not in json.dumps(resp.json)
    # the grid's ajax counts as a query too
    (view,) = views_of(rid)
    grid = app.post(f"/datatables/ajax/{view['id']}", data=grid_form(), status=429, **client)
    assert "Retry-After" in grid.headers
    # another client is not limited by this one's calls
    other = {"environ_base": {"REMOTE_ADDR": "10.16.0.1"}}
    assert api(app, other, rid, limit=1).json["result"]["records"]


def test_logged_in_callers_are_not_limited(app, sysadmin, department, tight, client, people):
    ds, res = publish_table(sysadmin, department)
    for user in (people["outsider"], people["editor"], sysadmin):
        for _ in range(5):
            out = api(app, client, res["id"], user=user, limit=4).json["result"]
            assert len(out["records"]) == 4                # beyond the anonymous row cap too
        for _ in range(4):
            app.get(f"/datastore/dump/{res['id']}", status=200, **client, **as_user(user))


def test_an_anonymous_call_asking_more_rows_than_the_cap_gets_400_saying_the_cap(
        app, sysadmin, department, tight, client):
    ds, res = publish_table(sysadmin, department)
    for method in ("get", "post"):
        resp = api(app, client, res["id"], status=400, method=method, limit=3)
        err = resp.json["error"]
        assert err["limit"] == 2 and "最多获取 2 行" in err["zh"] and "at most 2 rows" in err["en"]
        assert "limit=3" in err["en"]
    # without a limit, CKAN's default 100 is cut to the cap
    out = api(app, client, res["id"]).json["result"]
    assert len(out["records"]) == 2 and out["limit"] == 2 and out["total"] == 4


def test_anonymous_downloads_beyond_the_limit_get_429(app, sysadmin, department, tight, client):
    ds, res = publish_table(sysadmin, department)
    rid = res["id"]
    app.get(f"/datastore/dump/{rid}", status=200, **client)
    app.get(f"/datastore/dump/{rid}?format=xlsx", status=200, **client)
    resp = app.get(f"/datastore/dump/{rid}?format=json", status=429, **client)
    assert "每分钟最多下载 2 次" in resp.body and "download 2 a minute" in resp.body
    assert 1 <= int(resp.headers["Retry-After"]) <= 60
    (view,) = views_of(rid)
    app.post(f"/datatables/filtered-download/{view['id']}",
             data={"params": json.dumps({}), "format": "csv"}, status=429, **client)


def test_the_anonymous_dump_row_cap(app, sysadmin, department, tight, client, ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "govopen.datastore.anon_downloads_per_minute", 0)
    monkeypatch.setitem(ckan_config, "govopen.datastore.anon_dump_max_rows", 2)
    ds, res = publish_table(sysadmin, department)
    rid = res["id"]
    resp = app.get(f"/datastore/dump/{rid}", status=400, **client)
    assert "本次下载共 4 行" in resp.body and "at most 2 rows" in resp.body
    app.get(f"/datastore/dump/{rid}?format=xlsx", status=400, **client)
    small = app.get(f"/datastore/dump/{rid}?limit=2", status=200, **client)
    assert len(small.body.strip().splitlines()) == 3
    filtered = app.get(f"/datastore/dump/{rid}", query_string={"filters": json.dumps({"通地铁": True})},
                       status=200, **client)
    assert [line.split(",")[1] for line in filtered.body.strip().splitlines()[1:]] == ["东城区", "西城区"]


def test_the_limits_are_declared_options_with_defaults():
    assert limits._option("govopen.datastore.anon_max_rows", -1) == 1000   # the declared default, read
    from ckan.plugins.toolkit import config
    assert config.get("govopen.datastore.anon_max_rows") == 1000
    assert config.get("govopen.datastore.anon_dump_max_rows") == 0
