"""Stored reports follow the reader's language (ckanext/govopen/messages.py).

A harvest job runs in the background, where the site speaks Chinese; what it
stores (the errors of its report, the gate's reasons kept with each record) is
a code and parameters, put into words when someone reads it: in Chinese on the
default pages, in English under /en/. Rows stored before the message system
(both languages as data) still read. Through the real HTTP surfaces.
"""
import json

import pytest
import sqlalchemy as sa

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.tests import helpers

from ckanext.govopen.harvest import job
from ckanext.govopen.harvest import model as hmodel
from ckanext.govopen.messages import render

from tests.integration.api_auth import as_user
from tests.integration.conftest import standard_fields
from tests.integration.test_harvest_datajson import Catalog, entry, make_source, server  # noqa: F401

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]

OLD = {"code": "record_rejected", "where": "title", "zh": "旧记录 old-1 被拒绝（标题）", "en": "Old record old-1 was rejected (title)"}


@pytest.fixture
def finished(tmp_path, department, server):
    """A job run outside any request (site language zh_Hans_CN), with one invalid record."""
    assert tk.config.get("ckan.locale_default") == "zh_Hans_CN"
    catalog = Catalog(2)
    catalog.datasets.append(entry("ds-bad", description=""))            # the standard requires an abstract
    url = server.add("/data.json", catalog)
    source, _ = make_source(tmp_path, department, url)
    rep = job.run(source)
    # a row written before the message system kept both languages as data
    hmodel.add_outcome(model.Session, rep.job_id, "errored", "old-1", messages=[OLD])
    model.Session.commit()
    return source, rep.job_id


def _stored_messages(job_id, record_id):
    (row,) = model.Session.execute(sa.select(hmodel.outcome.c.messages).where(
        (hmodel.outcome.c.job_id == job_id) & (hmodel.outcome.c.record_id == record_id))).all()
    return json.loads(row[0])


def _govopen_report(page):
    """The govopen report of the job page (ckanext-harvest's own list below it keeps
    one text per error in its table: "en / zh")."""
    start = page.index('id="govopen-harvest-report"')
    return page[start:page.index("</section>", start)]


def test_a_job_report_stored_in_chinese_reads_in_the_reader_s_language(app, sysadmin, finished):
    source, job_id = finished
    (stored,) = _stored_messages(job_id, "ds-bad")
    assert "zh" not in stored and "en" not in stored                      # no words stored: code + params
    assert stored["message"]["code"] == "harvest.record_invalid"
    assert stored["message"]["params"]["record"] == "ds-bad"

    api = "/api/3/action/govopen_harvest_job_report?id=%s" % job_id
    zh = {e["record_id"]: e for e in app.get(api, **as_user(sysadmin)).json["result"]["errors"]}
    en = {e["record_id"]: e for e in app.get("/en" + api, **as_user(sysadmin)).json["result"]["errors"]}
    assert zh["ds-bad"]["message"].startswith("记录 ds-bad 不符合国家标准")
    assert en["ds-bad"]["message"].startswith("Record ds-bad does not meet the national standard")
    assert zh["ds-bad"]["code"] == en["ds-bad"]["code"] == "record_invalid"
    # both fields are there for programs, rendered now
    assert en["ds-bad"]["zh"] == zh["ds-bad"]["message"] and zh["ds-bad"]["en"] == en["ds-bad"]["message"]
    # the old form reads too
    assert zh["old-1"]["message"] == OLD["zh"] and en["old-1"]["message"] == OLD["en"]

    page = "/harvest/%s/job/%s" % (source["name"], job_id)
    chinese = _govopen_report(app.get(page, **as_user(sysadmin)).body)
    english = _govopen_report(app.get("/en" + page, **as_user(sysadmin)).body)
    assert zh["ds-bad"]["message"] in chinese and en["ds-bad"]["message"] not in chinese
    assert en["ds-bad"]["message"] in english and zh["ds-bad"]["message"] not in english
    assert OLD["zh"] in chinese and OLD["en"] in english and OLD["zh"] not in english


def test_the_gate_s_reasons_kept_with_a_record_are_codes_that_read_in_both_languages(finished):
    source, job_id = finished
    rows = hmodel.records_of(model.Session, source["id"])
    kept = [json.loads(r["blockers"]) for r in rows.values() if r["blockers"] and r["blockers"] != "[]"]
    assert kept, "the fixture's records are held by the classification gate"
    for reasons in kept:
        for reason in reasons:
            assert set(reason) == {"gate", "code", "message"}
            assert reason["message"]["code"].startswith("gate.")
            zh, en = render(reason, "zh"), render(reason, "en")
            assert zh and en and zh != en and reason["message"]["code"] not in (zh, en)


def test_a_gate_blocker_reads_in_the_language_of_the_request(app, sysadmin, department):
    ds = helpers.call_action("package_create", {"user": sysadmin["name"]}, name="held-words", title="公交线路",
                             notes="说明。", owner_org=department["id"], private=True,
                             **standard_fields(open_type="none", legal_basis="《条例》"))
    api = "/api/3/action/govopen_publication_blockers"
    zh = app.post(api, json={"id": ds["id"]}, **as_user(sysadmin)).json["result"]["blockers"]
    en = app.post(api, json={"id": ds["id"]}, extra_environ={"CKAN_LANG": "en"},
                  **as_user(sysadmin)).json["result"]["blockers"]
    assert [b["code"] for b in zh] == [b["code"] for b in en] == ["declared_not_open"]
    assert zh[0]["message"] == ("开放属性为“不予开放”，数据集不能公开；如确需开放，请修改开放属性"
                                "（降级须经审核人批准）。")
    assert en[0]["message"].startswith("The open type is 'not open', so the dataset cannot be public")
    assert zh[0]["messages"] == en[0]["messages"] == {"zh": zh[0]["message"], "en": en[0]["message"]}
