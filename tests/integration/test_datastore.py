"""The Data API (数据接口) through the real stack: a table published through the
gate is loaded into CKAN's DataStore by the content pipeline, typed from its
信息项, and read over HTTP with ``datastore_search`` and ``/datastore/dump``.

Jobs run in-process (``govopen.jobs.inline``); the gate runs only its
validation check (the other checks have their own tests).
"""
import io
import json
import threading

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import FileStorage

import ckan.model as model
import ckan.plugins.toolkit as tk
import ckan.tests.factories as factories
import ckan.tests.helpers as helpers

from ckanext.govopen.datastore import store
from ckanext.govopen.gate import core
from ckanext.govopen.gate.checks import validation as validation_check
from tests.integration.api_auth import as_user, ctx
from tests.integration.conftest import PROVIDER_CODES, standard_fields

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]

ELEMENTS = [{"name": "区", "title": "District", "type": "string", "description": "行政区"},
            {"name": "人口", "title": "Population", "type": "integer", "description": ""},
            {"name": "面积", "title": "Area", "type": "number", "description": ""},
            {"name": "统计日期", "title": "Date", "type": "date", "description": ""},
            {"name": "通地铁", "title": "Metro", "type": "boolean", "description": ""}]
ROWS = [("东城区", 704, "41.84", "2024-01-01", "true"),
        ("西城区", 1104, "50.70", "2024-01-02", "true"),
        ("朝阳区", 3452, "470.8", "2024-01-03", "false"),
        ("延庆区", 345, "1994.88", "2024-01-04", "false")]
_names = iter(range(1, 10 ** 6))
HEADER = "区,人口,面积,统计日期,通地铁\n"
GOOD = (HEADER + "".join(",".join(map(str, r)) + "\n" for r in ROWS)).encode("utf-8")


@pytest.fixture(autouse=True)
def only_validation(monkeypatch, ckan_config):
    monkeypatch.setattr(core, "_checks", [("validation", validation_check.check)])
    monkeypatch.setitem(ckan_config, "govopen.jobs.inline", "true")


def upload(data, name="population.csv"):
    return FileStorage(io.BytesIO(data), filename=name, content_type="text/csv")


def publish_table(sysadmin, department, data=GOOD, elements=ELEMENTS, public=True, **extra):
    """A dataset with one uploaded table, published through the gate."""
    ds = helpers.call_action("package_create", ctx(sysadmin), name=f"table-{next(_names)}",
                             title="各区人口", notes="n",
                             owner_org=department["id"], private=True, data_elements=elements,
                             **standard_fields(**extra))
    res = helpers.call_action("resource_create", ctx(sysadmin), package_id=ds["id"], name="各区人口表",
                              format="CSV", url="population.csv", upload=upload(data))
    if public:
        helpers.call_action("package_patch", ctx(sysadmin), id=ds["id"], private=False)
    return ds, res


def search(app, rid, user=None, status=200, **params):
    params = {"resource_id": rid, **params}
    resp = app.post("/api/3/action/datastore_search", json=params, status=status, **as_user(user))
    return resp.json


def active(rid):
    model.Session.expire_all()
    return bool((model.Resource.get(rid).extras or {}).get("datastore_active"))


# --- a clean table --------------------------------------------------------------------

def test_a_published_table_is_queryable_with_its_types_and_exact_rows(app, sysadmin, department):
    ds, res = publish_table(sysadmin, department)
    rid = res["id"]
    assert active(rid) and store.table_exists(rid)
    out = search(app, rid)["result"]
    types = {f["id"]: f["type"] for f in out["fields"]}
    assert types == {"_id": "int", "区": "text", "人口": "int8", "面积": "numeric",
                     "统计日期": "date", "通地铁": "bool"}
    assert out["total"] == 4
    recs = out["records"]
    assert [r["区"] for r in recs] == [r[0] for r in ROWS]
    assert [r["人口"] for r in recs] == [704, 1104, 3452, 345]            # integers, not text
    assert all(isinstance(r["人口"], int) for r in recs)
    assert [r["统计日期"][:10] for r in recs] == ["2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04"]
    assert [r["通地铁"] for r in recs] == [True, True, False, False]
    assert [float(r["面积"]) for r in recs] == [41.84, 50.70, 470.8, 1994.88]
    # the column info comes from the 信息项
    labels = {f["id"]: f.get("info", {}).get("label") for f in out["fields"] if f["id"] != "_id"}
    assert labels["人口"] == "Population"

    # filters, sort, limit/offset, q, fields: exactly the file's rows
    only = search(app, rid, filters={"区": "西城区"})["result"]
    assert only["total"] == 1 and only["records"][0]["人口"] == 1104
    by_pop = search(app, rid, sort="人口 desc", limit=2, offset=1)["result"]
    assert [r["区"] for r in by_pop["records"]] == ["西城区", "东城区"]
    assert by_pop["total"] == 4
    flagged = search(app, rid, filters={"通地铁": True}, fields=["区"])["result"]
    assert [r["区"] for r in flagged["records"]] == ["东城区", "西城区"]
    assert set(flagged["records"][0]) == {"区"}
    dated = search(app, rid, filters={"统计日期": "2024-01-03"})["result"]
    assert [r["区"] for r in dated["records"]] == ["朝阳区"]
    found = search(app, rid, q="朝阳区")["result"]
    assert [r["区"] for r in found["records"]] == ["朝阳区"]

    # the whole table as CSV, and with a BOM for Excel on Chinese Windows
    dump = app.get(f"/datastore/dump/{rid}", status=200)
    lines = dump.body.strip().splitlines()
    assert lines[0] == "_id,区,人口,面积,统计日期,通地铁"
    assert [line.split(",")[1] for line in lines[1:]] == [r[0] for r in ROWS]
    bom = app.get(f"/datastore/dump/{rid}?bom=true", status=200)
    assert bom.data.startswith("\ufeff".encode("utf-8"))

    status = helpers.call_action("govopen_datastore_status", ctx(sysadmin), id=rid)
    assert status["status"] == "loaded" and status["rows"] == 4 and status["datastore_active"] is True


def test_datastore_search_sql_is_refused_over_http(app, sysadmin, department):
    ds, res = publish_table(sysadmin, department)
    for user in (None, sysadmin):
        resp = app.get("/api/3/action/datastore_search_sql",
                       query_string={"sql": f'SELECT * FROM "{res["id"]}"'}, status=400, **as_user(user))
        # CKAN's answer for an action that is not there
        assert resp.json == "Bad request: Action name not known: datastore_search_sql"


def test_a_gbk_file_is_loaded_with_its_chinese_text(app, sysadmin, department):
    ds, res = publish_table(sysadmin, department, data=GOOD.decode("utf-8").encode("gbk"))
    recs = search(app, res["id"])["result"]["records"]
    assert [r["区"] for r in recs] == [r[0] for r in ROWS]
    assert [r["人口"] for r in recs] == [704, 1104, 3452, 345]


# --- who may read -------------------------------------------------------------------

@pytest.fixture
def people(department, sysadmin):
    editor, applicant, outsider = (factories.User() for _ in range(3))
    helpers.call_action("organization_member_create", id=department["id"],
                        username=editor["name"], role="editor")
    other_department = factories.Organization(user=sysadmin, provider_code=next(PROVIDER_CODES))
    other_editor = factories.User()
    helpers.call_action("organization_member_create", id=other_department["id"],
                        username=other_editor["name"], role="editor")
    return {"editor": editor, "applicant": applicant, "outsider": outsider,
            "other_editor": other_editor, "sysadmin": sysadmin}


def conditional_table(sysadmin, department):
    return publish_table(sysadmin, department, open_type="conditional", open_condition="实名申请后提供",
                         legal_basis="《中华人民共和国数据安全法》第二十一条")


def test_a_conditional_table_answers_rows_only_to_department_sysadmin_and_approved_requester(
        app, sysadmin, department, people):
    ds, res = conditional_table(sysadmin, department)
    rid = res["id"]
    assert active(rid)                 # loaded: the department and approved requesters read it
    for user in (None, people["outsider"], people["other_editor"], people["applicant"]):
        body = search(app, rid, user=user, status=403)
        assert body["success"] is False
        assert "依申请开放" in body["error"]["message"] and "conditionally open" in body["error"]["message"]
        app.post("/api/3/action/datastore_info", json={"id": rid}, status=403, **as_user(user))
        app.get(f"/datastore/dump/{rid}", status=404, **as_user(user))
        app.get(f"/datastore/api_info/{rid}", status=404, **as_user(user))
    for user in (people["editor"], sysadmin):
        assert search(app, rid, user=user)["result"]["total"] == 4
    req = helpers.call_action("govopen_access_request_create", ctx(people["applicant"]),
                              package_id=ds["id"], purpose="用于人口分布研究（学术用途）。")
    helpers.call_action("govopen_access_request_decide", ctx(people["editor"]),
                        id=req["id"], decision="approved", reason="用途符合开放条件。")
    assert [r["人口"] for r in search(app, rid, user=people["applicant"])["result"]["records"]] \
        == [704, 1104, 3452, 345]
    dump = app.get(f"/datastore/dump/{rid}", status=200, **as_user(people["applicant"]))
    assert "朝阳区" in dump.body
    # the approval is for this requester only
    search(app, rid, user=people["outsider"], status=403)


def test_a_private_dataset_s_table_is_not_found_for_the_public(app, sysadmin, department, people):
    ds, res = publish_table(sysadmin, department, public=False)
    rid = res["id"]
    assert active(rid)                 # loaded for its department's preview
    for user in (None, people["outsider"], people["other_editor"]):
        body = search(app, rid, user=user, status=404)
        assert body["success"] is False
        app.post("/api/3/action/datastore_info", json={"id": rid}, status=404, **as_user(user))
        app.get(f"/datastore/dump/{rid}", status=404, **as_user(user))
    # the same answer as for an id that does not exist
    missing = search(app, "00000000-0000-0000-0000-000000000000", status=404)
    assert missing["error"]["message"] == search(app, rid, status=404)["error"]["message"]
    assert search(app, rid, user=people["editor"])["result"]["total"] == 4


def test_nobody_but_a_sysadmin_writes_to_the_datastore(app, sysadmin, department, people):
    ds, res = publish_table(sysadmin, department)
    rid = res["id"]
    attempts = [
        ("datastore_create", {"resource_id": rid, "records": [{"区": "假区", "人口": 1}], "force": True}),
        ("datastore_create", {"resource": {"package_id": ds["id"], "name": "x"},
                              "fields": [{"id": "a", "type": "text"}]}),
        ("datastore_upsert", {"resource_id": rid, "records": [{"区": "假区"}], "method": "insert", "force": True}),
        ("datastore_delete", {"resource_id": rid, "force": True}),
        ("datastore_records_delete", {"resource_id": rid, "filters": {"区": "东城区"}, "force": True}),
        ("datastore_run_triggers", {"resource_id": rid}),
        ("datastore_function_create", {"name": "f", "rettype": "trigger", "definition": "BEGIN END;"}),
        ("datastore_function_delete", {"name": "f"}),
    ]
    for user in (None, people["outsider"], people["editor"], people["other_editor"]):
        for action, body in attempts:
            resp = app.post(f"/api/3/action/{action}", json=body, **as_user(user))
            assert resp.status_code in (403, 404), (action, user and user["name"], resp.status_code)
    assert search(app, rid)["result"]["total"] == 4
    assert [r["区"] for r in search(app, rid)["result"]["records"]] == [r[0] for r in ROWS]


# --- out of the DataStore, and reloads ------------------------------------------------

def test_a_table_whose_dataset_becomes_not_open_leaves_the_datastore(app, sysadmin, department):
    ds, res = publish_table(sysadmin, department)
    rid = res["id"]
    assert store.table_exists(rid) and active(rid)
    helpers.call_action("package_patch", ctx(sysadmin), id=ds["id"], open_type="none",
                        legal_basis="《中华人民共和国数据安全法》第二十一条")
    assert helpers.call_action("package_show", id=ds["id"])["govopen_verdict"]["open_type"] == "none"
    assert not store.table_exists(rid)
    assert not active(rid)
    search(app, rid, user=sysadmin, status=404)
    assert helpers.call_action("govopen_datastore_status", ctx(sysadmin), id=rid)["status"] == "dropped"


def test_a_table_that_fails_validation_is_taken_out(app, sysadmin, department):
    # the gate takes file changes only while a dataset is private
    ds, res = publish_table(sysadmin, department, public=False)
    rid = res["id"]
    assert store.table_exists(rid)
    bad = (HEADER + "东城区,很多,1,2024-01-01,true\n").encode("utf-8")
    helpers.call_action("resource_patch", ctx(sysadmin), id=rid, upload=upload(bad))
    assert not store.table_exists(rid) and not active(rid)
    search(app, rid, user=sysadmin, status=404)


def test_a_changed_file_is_reloaded_and_readers_see_only_old_or_new_rows(app, sysadmin, department):
    elements = [{"name": "编号", "title": "", "type": "integer", "description": ""},
                {"name": "版本", "title": "", "type": "string", "description": ""}]

    def table(version, n):
        return ("编号,版本\n" + "".join(f"{i},{version}\n" for i in range(n))).encode("utf-8")

    old_n, new_n = 1500, 2000
    # the gate takes file changes only while a dataset is private: its department reads
    ds, res = publish_table(sysadmin, department, data=table("旧", old_n), elements=elements, public=False)
    rid = res["id"]
    seen, errors, stop = [], [], threading.Event()
    flask_app = app.flask_app

    def reader():
        with flask_app.app_context():
            while not stop.is_set():
                try:
                    out = tk.get_action("datastore_search")(
                        {"user": sysadmin["name"], "ignore_auth": False},
                        {"resource_id": rid, "fields": ["版本"], "limit": 5000})
                    seen.append((len(out["records"]), frozenset(r["版本"] for r in out["records"])))
                except Exception as e:  # noqa: BLE001 - any failure is a window the test must catch
                    errors.append(repr(e))
                finally:
                    model.Session.remove()

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        helpers.call_action("resource_patch", ctx(sysadmin), id=rid, upload=upload(table("新", new_n)))
    finally:
        stop.set()
        thread.join()
    assert not errors, errors[:3]
    assert seen, "the reader read nothing"
    assert set(seen) <= {(old_n, frozenset({"旧"})), (new_n, frozenset({"新"}))}, set(seen) - {
        (old_n, frozenset({"旧"})), (new_n, frozenset({"新"}))}
    out = search(app, rid, user=sysadmin, limit=5000)["result"]
    assert out["total"] == new_n and {r["版本"] for r in out["records"]} == {"新"}
    assert [r["编号"] for r in out["records"]] == list(range(new_n))
    # no half-made table left behind
    assert store.existing([rid]) == {rid} and not store.table_exists("_load_" + rid)


# --- bad input ------------------------------------------------------------------------

def test_a_table_that_cannot_be_loaded_gets_a_zh_en_error_for_its_department(app, sysadmin, department, people):
    long_name = "这是一个非常非常非常非常非常非常长的列名称呀"      # 22 characters, 66 bytes in UTF-8
    assert len(long_name.encode("utf-8")) == 66
    elements = [{"name": "区", "title": "", "type": "string", "description": ""},
                {"name": long_name, "title": "", "type": "integer", "description": ""}]
    ds, res = publish_table(sysadmin, department, data=f"区,{long_name}\n东城区,1\n".encode("utf-8"),
                            elements=elements)
    rid = res["id"]
    assert not store.table_exists(rid) and not active(rid)
    status = helpers.call_action("govopen_datastore_status", ctx(people["editor"]), id=rid)
    assert status["status"] == "error"
    assert long_name in status["error"]["zh"] and "过长" in status["error"]["zh"]
    assert "too long" in status["error"]["en"]
    # the error is the department's: others are refused (the public dataset is visible)
    for user in (people["outsider"], people["other_editor"]):
        resp = app.get("/api/3/action/govopen_datastore_status", query_string={"id": rid},
                       status=403, **as_user(user))
        assert resp.json["success"] is False
    app.get("/api/3/action/govopen_datastore_status", query_string={"id": rid}, status=403)
    search(app, rid, status=404)


def test_malformed_csv_is_not_loaded_and_never_a_500(app, sysadmin, department, people):
    bad = (HEADER + '东城区,704,"41.84,2024-01-01\n西城区\n').encode("utf-8")
    ds = helpers.call_action("package_create", ctx(sysadmin), name="malformed", title="t", notes="n",
                             owner_org=department["id"], private=True, data_elements=ELEMENTS,
                             **standard_fields())
    res = helpers.call_action("resource_create", ctx(sysadmin), package_id=ds["id"], name="t",
                              format="CSV", url="t.csv", upload=upload(bad))
    rid = res["id"]
    assert not store.table_exists(rid) and not active(rid)
    assert helpers.call_action("govopen_validation_show", ctx(sysadmin), id=rid)["state"] != "valid"
    for user in (None, people["editor"], sysadmin):
        search(app, rid, user=user, status=404)
    app.get(f"/datastore/dump/{rid}", status=404, **as_user(sysadmin))


# --- the command line -----------------------------------------------------------------

def test_cli_loads_reloads_and_purges(cli, app, sysadmin, department):
    from ckan.cli.cli import ckan as ckan_cli

    ds, res = publish_table(sysadmin, department)
    rid = res["id"]
    store.drop(rid, ds["id"])                       # lost, e.g. a restored DataStore database
    result = cli.invoke(ckan_cli, ["govopen", "datastore", "load", ds["name"]])
    assert result.exit_code == 0, result.output
    assert "1 resources: 1 loaded" in result.output
    assert search(app, rid)["result"]["total"] == 4
    result = cli.invoke(ckan_cli, ["govopen", "datastore", "reload", ds["name"]])
    assert result.exit_code == 0 and "1 loaded" in result.output, result.output
    assert search(app, rid)["result"]["total"] == 4
    result = cli.invoke(ckan_cli, ["govopen", "datastore", "load"])
    assert result.exit_code != 0 and "--all" in result.output

    helpers.call_action("package_delete", ctx(sysadmin), id=ds["id"])
    assert store.table_exists(rid)
    result = cli.invoke(ckan_cli, ["govopen", "datastore", "purge"])
    assert result.exit_code == 0, result.output
    assert not store.table_exists(rid)


def test_the_grid_of_a_conditional_table_gives_no_rows_to_outsiders(app, sysadmin, department, people):
    ds, res = conditional_table(sysadmin, department)
    view = helpers.call_action("resource_view_create", ctx(sysadmin), resource_id=res["id"],
                               view_type="datatables_view", title="grid")
    form = {"draw": "1", "search[value]": "", "start": "0", "length": "10", "order[0][column]": "0",
            "order[0][dir]": "asc", "columns[0][data]": "_id", "columns[0][name]": "_id",
            "columns[0][searchable]": "true", "columns[0][orderable]": "true",
            "columns[0][search][value]": ""}
    for user in (None, people["outsider"], people["other_editor"]):
        resp = app.post(f"/datatables/ajax/{view['id']}", data=form, **as_user(user))
        assert resp.status_code in (403, 404), resp.status_code
        assert "朝阳区" not in resp.body and "\\u671d\\u9633" not in resp.body     # plain or JSON-escaped
    resp = app.post(f"/datatables/ajax/{view['id']}", data=form, **as_user(people["editor"]))
    grid = json.loads(resp.body)          # served as text/html
    assert resp.status_code == 200 and grid["recordsTotal"] == 4
    assert "\\u671d\\u9633" in resp.body and [r["区"] for r in grid["data"]][2] == "朝阳区"


def test_a_forked_process_opens_its_own_datastore_connections():
    """The harvest's import workers are forked: a child that used the parent's pooled
    DataStore connection mixed both processes' replies (found by bench/harvest:
    "error with status PGRES_TUPLES_OK and no message from the libpq")."""
    import multiprocessing
    assert store.existing(["no-such-resource"]) == set()        # the parent's pool holds a connection
    engine = store._engine()
    assert engine.pool.checkedin() >= 1
    ctx_ = multiprocessing.get_context("fork")
    reader, writer = ctx_.Pipe(duplex=False)

    def child():
        inherited = engine.pool.checkedin()
        found = store.existing(["no-such-resource"])
        writer.send((inherited, sorted(found)))

    p = ctx_.Process(target=child)
    p.start()
    p.join(60)
    assert p.exitcode == 0
    inherited, found = reader.recv()
    assert inherited == 0, "the child inherited the parent's pooled DataStore connections"
    assert found == []
    assert store.existing(["no-such-resource"]) == set()        # the parent's connection still works
