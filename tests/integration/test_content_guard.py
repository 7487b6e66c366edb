"""Server-side request forgery and content that is not a table, tried as an
attacker through the real stack (issue 14, classes 2 and 4).

- An editor of a department links a resource to the stack's own Solr and to a
  closed local port: the web request fetches nothing (the content job is
  queued even with ``govopen.jobs.inline``), the job refuses both with the same
  message, nothing of Solr's answer is stored, and the gate keeps the dataset
  private.
- A redirect from an allow-listed department server to an internal address is
  refused; an allow-listed server is reached, once per content change for
  both checks.
- A CSV of ID numbers uploaded as ``p.pdf`` / ``.docx`` / ``.bin`` (or declared
  PDF) is scanned as the CSV it is; real PDF and Word files are read; an
  unknown binary is held for a reviewer.
"""
import io
import json

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import FileStorage

import ckan.model as model
import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
from ckan.logic import ValidationError

from ckanext.govopen import content_job, events
from tests.integration.api_auth import as_user, ctx
from tests.integration.conftest import PROVIDER_CODES, standard_fields
from tests.local_server import LocalServer, closed_port
from tests.unit.test_scan_documents import CSV, ID, docx_with, pdf_with_text

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]

SECRET = "secret-beds-of-another-department"


@pytest.fixture
def inline_jobs(ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "govopen.jobs.inline", "true")


@pytest.fixture
def secret(sysadmin):
    """Another department's private dataset: what an attacker would read from Solr."""
    other = factories.Organization(user=sysadmin, provider_code=next(PROVIDER_CODES))
    return helpers.call_action("package_create", ctx(sysadmin), name=SECRET, title="内部床位统计",
                               notes="不公开。", owner_org=other["id"], private=True, **standard_fields())


@pytest.fixture
def queue(monkeypatch):
    """Jobs the web app hands to the background queue (run later by ``work``)."""
    queued = []

    def enqueue(fn, args=None, kwargs=None, **_):
        queued.append((fn, list(args or []), dict(kwargs or {})))
    monkeypatch.setattr(events.tk, "enqueue_job", enqueue)
    return queued


def work(queued):
    """The worker: run what was queued, in order."""
    while queued:
        fn, args, kwargs = queued.pop(0)
        fn(*args, **kwargs)


@pytest.fixture
def dept_server(ckan_config, monkeypatch):
    """A department's file server, allow-listed by the sysadmin (its port only)."""
    with LocalServer() as server:
        monkeypatch.setitem(ckan_config, "govopen.outbound.allow", "127.0.0.1:%d" % server.httpd.server_port)
        yield server


def solr_select(ckan_config):
    return ckan_config["solr_url"].rstrip("/") + "/select?q=*:*&wt=csv&fl=name,title,notes&rows=1000"


def api(app, user, action, **data):
    return app.post("/api/3/action/" + action, json=data, **as_user(user))


def stored(resource_ids):
    """Every stored scan result and validation report of the resources, as text."""
    rows = []
    for table in ("govopen_scan_result", "govopen_validation_report"):
        q = sa.text(f"SELECT * FROM {table} WHERE resource_id = ANY(:ids)")
        rows += [dict(r) for r in model.Session.execute(q, {"ids": list(resource_ids)}).mappings()]
    return json.dumps(rows, ensure_ascii=False, default=str)


def private_dataset(user, org, name):
    return helpers.call_action("package_create", ctx(user), name=name, title="各区人口", notes="说明。",
                               owner_org=org["id"], private=True, **standard_fields())


def publish(user, dataset):
    return helpers.call_action("package_patch", ctx(user), id=dataset["id"], private=False)


# --- server-side request forgery ---------------------------------------------------------

def test_editor_links_to_the_stacks_solr_and_a_closed_port_get_one_answer(
        app, ckan_config, editor, department, secret, queue, inline_jobs):
    ds = api(app, editor, "package_create", name="links", title="链接", notes="n", owner_org=department["id"],
             private=True, **standard_fields()).json["result"]
    solr = api(app, editor, "resource_create", package_id=ds["id"], name="solr", format="CSV",
               url=solr_select(ckan_config)).json["result"]
    closed = api(app, editor, "resource_create", package_id=ds["id"], name="closed", format="CSV",
                 url="http://127.0.0.1:%d/x.csv" % closed_port()).json["result"]

    # the web requests fetched nothing: the content job of each link was queued
    assert [args for fn, args, _ in queue if fn is content_job.check_resource] == [[solr["id"]], [closed["id"]]]
    shown = api(app, editor, "govopen_scan_show", id=solr["id"]).json["result"]
    assert shown["status"] == "pending"

    work(queue)
    a = api(app, editor, "govopen_scan_show", id=solr["id"]).json["result"]
    b = api(app, editor, "govopen_scan_show", id=closed["id"]).json["result"]
    assert a["status"] == b["status"] == "failed"
    assert a["result"]["error"] == b["result"]["error"], "an open and a closed port must not be told apart"
    assert "refused" in a["result"]["error"]["en"] and "拒绝" in a["result"]["error"]["zh"]
    va = api(app, editor, "govopen_validation_show", id=solr["id"]).json["result"]
    vb = api(app, editor, "govopen_validation_show", id=closed["id"]).json["result"]
    assert va["state"] == vb["state"] == "error"
    assert va["report"]["message"] == vb["report"]["message"] == a["result"]["error"]
    assert SECRET not in stored([solr["id"], closed["id"]])
    page = app.get("/dataset/links", **as_user(editor)).body
    assert SECRET not in page

    # the gate keeps the dataset private
    answer = api(app, editor, "package_patch", id=ds["id"], private=False, status=409).json
    assert answer["success"] is False
    assert helpers.call_action("package_show", id=ds["id"])["private"] is True


def test_govopen_validate_and_scan_over_http_only_queue(app, editor, department, dept_server, queue, inline_jobs):
    dept_server.add_bytes("/t.csv", "区,人口\n东城区,70\n".encode("utf-8"))
    ds = private_dataset(editor, department, "on-demand")
    with_job = helpers.call_action("resource_create", ctx(editor), package_id=ds["id"], name="t", format="CSV",
                                   url=dept_server.base + "/t.csv")
    before = len(dept_server.hits)
    out = api(app, editor, "govopen_validate", id=with_job["id"], force=True).json["result"]
    assert out == [{"resource_id": with_job["id"], "status": "queued"}]
    out = api(app, editor, "govopen_scan", id=with_job["id"], force=True).json["result"]
    assert out["queued"] == [with_job["id"]] and out["scanned"] == []
    assert len(dept_server.hits) == before, "the web request fetched the link"
    work(queue)
    assert len(dept_server.hits) == before + 2


def test_redirect_from_an_allow_listed_server_to_an_internal_address_is_refused(
        ckan_config, sysadmin, department, secret, dept_server, inline_jobs):
    dept_server.redirect("/data.csv", solr_select(ckan_config))
    ds = private_dataset(sysadmin, department, "redirected")
    res = helpers.call_action("resource_create", ctx(sysadmin), package_id=ds["id"], name="跳转", format="CSV",
                              url=dept_server.base + "/data.csv")
    shown = helpers.call_action("govopen_scan_show", ctx(sysadmin), id=res["id"])
    assert shown["status"] == "failed" and "refused" in shown["result"]["error"]["en"]
    assert dept_server.hits == ["/data.csv"]                 # one fetch for both checks, the hop refused
    assert SECRET not in stored([res["id"]])
    with pytest.raises(ValidationError):
        publish(sysadmin, ds)


def test_an_allow_listed_server_is_read_once_per_content_change(sysadmin, department, dept_server, inline_jobs):
    dept_server.add_bytes("/ok.csv", "区,常住人口\n东城区,70.4\n西城区,110.0\n".encode("utf-8"))
    ds = private_dataset(sysadmin, department, "once")
    res = helpers.call_action("resource_create", ctx(sysadmin), package_id=ds["id"], name="人口", format="CSV",
                              url=dept_server.base + "/ok.csv")
    assert dept_server.hits == ["/ok.csv"]
    assert helpers.call_action("govopen_scan_show", ctx(sysadmin), id=res["id"])["status"] == "done"
    assert helpers.call_action("govopen_validation_show", ctx(sysadmin), id=res["id"])["state"] == "valid"
    helpers.call_action("resource_patch", ctx(sysadmin), id=res["id"], description="更新")
    assert dept_server.hits == ["/ok.csv", "/ok.csv"]
    assert publish(sysadmin, ds)["private"] is False


def test_a_source_config_cannot_allow_itself_an_internal_address(tmp_path, department, inline_jobs, ckan_config):
    from ckanext.govopen.harvest import job
    from tests.integration.test_harvest_datajson import make_source

    url = ckan_config["solr_url"].rstrip("/") + "/select?q=*:*&wt=json"
    source, _ = make_source(tmp_path, department, url, http={"timeout": 5, "retries": 0,
                                                             "allow": ["127.0.0.0/8"]})
    report = job.run(source)
    assert report.failed and [e["code"] for e in report.errors] == ["source_unreachable"]


# --- files that are not tables -----------------------------------------------------------

def upload(user, dataset, data, filename, fmt):
    return helpers.call_action("resource_create", ctx(user), package_id=dataset["id"], name="附件",
                               format=fmt, url=filename,
                               upload=FileStorage(io.BytesIO(data), filename=filename))


@pytest.mark.parametrize("filename,fmt", [("p.pdf", "PDF"), ("p.docx", "DOCX"), ("p.bin", ""),
                                          ("people.csv", "PDF")])
def test_a_csv_of_id_numbers_is_scanned_as_what_its_bytes_are(sysadmin, department, filename, fmt, inline_jobs):
    ds = private_dataset(sysadmin, department, "disguised")
    res = upload(sysadmin, ds, CSV, filename, fmt)
    shown = helpers.call_action("govopen_scan_show", ctx(sysadmin), id=res["id"])
    assert shown["status"] == "done" and "resident_id" in shown["result"]["entities"]
    assert ID not in json.dumps(shown, ensure_ascii=False)
    with pytest.raises(ValidationError) as err:
        publish(sysadmin, ds)
    assert any("身份证" in m for m in err.value.error_dict["private"])


@pytest.mark.parametrize("filename,data", [
    ("applicants.pdf", pdf_with_text(["Applicant record", "ID: %s" % ID])),
    ("applicants.docx", docx_with(["申请人情况"], table=[["证件号码", ID]])),
])
def test_personal_data_in_real_pdf_and_word_files_is_found(sysadmin, department, filename, data, inline_jobs):
    ds = private_dataset(sysadmin, department, "documents")
    res = upload(sysadmin, ds, data, filename, filename.rsplit(".", 1)[1].upper())
    shown = helpers.call_action("govopen_scan_show", ctx(sysadmin), id=res["id"])
    assert shown["status"] == "done" and "resident_id" in shown["result"]["entities"]
    with pytest.raises(ValidationError):
        publish(sysadmin, ds)
    assert helpers.call_action("package_show", id=ds["id"])["private"] is True


def test_an_unreadable_binary_is_held_and_blocks_publication(sysadmin, department, inline_jobs):
    ds = private_dataset(sysadmin, department, "binary")
    res = upload(sysadmin, ds, bytes(range(256)) * 16, "data.bin", "")
    shown = helpers.call_action("govopen_scan_show", ctx(sysadmin), id=res["id"])
    assert shown["status"] == "held" and shown["result"]["error"]["zh"] and shown["result"]["error"]["en"]
    with pytest.raises(ValidationError) as err:
        publish(sysadmin, ds)
    assert any("附件" in m and "审核人" in m for m in err.value.error_dict["private"])


def test_actions_called_outside_the_web_app_still_run_inline(app, sysadmin, department, dept_server, inline_jobs):
    """A test, the CLI or a job calls actions directly, even inside a bare request
    context: that is not the web app, and ``govopen.jobs.inline`` still holds."""
    dept_server.add_bytes("/t.csv", "区,人口\n东城区,70\n".encode("utf-8"))
    ds = private_dataset(sysadmin, department, "bare-context")
    with app.flask_app.test_request_context():
        assert not events.web_request() and events.inline()
        res = helpers.call_action("resource_create", ctx(sysadmin), package_id=ds["id"], name="t", format="CSV",
                                  url=dept_server.base + "/t.csv")
    assert dept_server.hits == ["/t.csv"]
    assert helpers.call_action("govopen_scan_show", ctx(sysadmin), id=res["id"])["status"] == "done"
