"""Reports about a file must not leak the file.

A conditionally-open dataset is public, its files are not: a failing
validation report holds cell values (Frictionless messages quote the cell), a
Data Package names the file and its hash, a scan holds (masked) findings.
For the anonymous visitor and a logged-in outsider every such surface must
say no more than the metadata does; the department and an approved requester
still get the full report (so the redaction is not simply "show nothing").
"""
import io
import json

import pytest
from werkzeug.datastructures import FileStorage

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
from ckan.logic import NotAuthorized

from ckanext.govopen.gate import core
from tests.integration.conftest import standard_fields
from tests.integration.api_auth import ctx, token

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]

CELL = "secretcellq8z"          # a cell value that fails the integer type
ROW_CELL = "hiddenrowk4w"       # a cell of a row with a missing cell
FILENAME = "patients-rpt5v.csv"
BAD = f"区,人口\n东城区,704\n西城区,{CELL}\n{ROW_CELL}\n".encode("utf-8")
ELEMENTS = [{"name": "区", "title": "District", "type": "string", "description": ""},
            {"name": "人口", "title": "Population", "type": "integer", "description": ""}]


@pytest.fixture(autouse=True)
def no_gate_checks(monkeypatch, ckan_config):
    """A failing table cannot be published through the gate; these tests are
    about what a public dataset shows, so the gate's checks are off. Jobs
    (validation, scan) run inside the write."""
    monkeypatch.setattr(core, "_checks", [])
    monkeypatch.setitem(ckan_config, "govopen.jobs.inline", "true")


@pytest.fixture
def conditional(sysadmin, department):
    ds = helpers.call_action(
        "package_create", ctx(sysadmin), name="reports-conditional", title="Patients", notes="n",
        owner_org=department["id"], private=True, data_elements=ELEMENTS,
        **standard_fields(open_type="conditional", open_condition="实名申请后提供",
                          legal_basis="《中华人民共和国数据安全法》第二十一条", theme="health"))
    res = helpers.call_action("resource_create", ctx(sysadmin), package_id=ds["id"], name="table",
                              format="CSV", url=FILENAME,
                              upload=FileStorage(io.BytesIO(BAD), filename=FILENAME, content_type="text/csv"))
    helpers.call_action("package_patch", ctx(sysadmin), id=ds["id"], private=False)
    shown = helpers.call_action("govopen_validation_show", ctx(sysadmin), id=res["id"])
    assert shown["state"] == "invalid" and CELL in json.dumps(shown, ensure_ascii=False), \
        "the seed must produce a report that quotes the cell"
    assert helpers.call_action("govopen_scan_show", ctx(sysadmin), id=res["id"])["status"] == "done"
    return {"dataset": ds, "resource": res}


def _secrets(conditional):
    return (CELL, ROW_CELL, FILENAME)


def _outsiders():
    return [None, factories.User()]


def _as(user):
    return {"user": user["name"], "ignore_auth": False} if user else {"user": "", "ignore_auth": False}


def test_validation_report_keeps_cells_from_those_without_access(conditional):
    rid = conditional["resource"]["id"]
    for user in _outsiders():
        shown = helpers.call_action("govopen_validation_show", _as(user), id=rid)
        text = json.dumps(shown, ensure_ascii=False)
        for secret in _secrets(conditional):
            assert secret not in text, (user and user["name"], secret)
        assert "sha256" not in text
        # what may be said: the state and how many errors of which kind
        assert shown["state"] == "invalid"
        assert shown["report"]["error_count"] >= 2
        assert shown["report"]["errors"]["type-error"]["count"] == 1
        assert shown["report"]["errors"]["type-error"]["errors"] == []
        assert shown["content_restricted"] is True


def test_department_and_approved_requester_get_the_full_report(conditional, department, sysadmin):
    rid = conditional["resource"]["id"]
    editor, applicant = factories.User(), factories.User()
    helpers.call_action("organization_member_create", id=department["id"], username=editor["name"],
                        role="editor")
    req = helpers.call_action("govopen_access_request_create", ctx(applicant),
                              package_id=conditional["dataset"]["id"], purpose="用于学术研究的统计分析工作。")
    helpers.call_action("govopen_access_request_decide", ctx(sysadmin), id=req["id"],
                        decision="approved", reason="ok")
    for user in (editor, applicant, sysadmin):
        shown = helpers.call_action("govopen_validation_show", ctx(user), id=rid)
        assert CELL in json.dumps(shown, ensure_ascii=False), user["name"]
        assert not shown.get("content_restricted")


def test_datapackage_names_no_file_and_no_hash(app, conditional):
    ds = conditional["dataset"]
    for user in _outsiders():
        package = helpers.call_action("govopen_datapackage", _as(user), id=ds["id"])
        bodies = [json.dumps(package, ensure_ascii=False)]
        headers = {"Authorization": token(user)} if user else {}
        page = app.get(f"/dataset/{ds['name']}/datapackage.json", headers=headers)
        assert page.status_code == 200
        bodies.append(page.get_data(as_text=True))
        for body in bodies:
            for secret in _secrets(conditional):
                assert secret not in body, (user and user["name"], secret)
            assert "sha256:" not in body
            assert "/download/" not in body
        table = package["resources"][0]
        assert "path" not in table and "hash" not in table
        assert [f["name"] for f in table["schema"]["fields"]] == ["区", "人口"]


def test_scan_result_is_refused(conditional):
    rid = conditional["resource"]["id"]
    for user in _outsiders():
        with pytest.raises(NotAuthorized):
            helpers.call_action("govopen_scan_show", _as(user), id=rid)


def test_resource_and_dataset_pages_show_no_cells(app, conditional):
    ds, res = conditional["dataset"], conditional["resource"]
    for user in _outsiders():
        headers = {"Authorization": token(user)} if user else {}
        for url in (f"/dataset/{ds['name']}/resource/{res['id']}", f"/dataset/{ds['name']}"):
            page = app.get(url, headers=headers)
            assert page.status_code == 200, url
            body = page.get_data(as_text=True)
            for secret in _secrets(conditional):
                assert secret not in body, (url, user and user["name"], secret)
            assert "/download/" not in body, url
        page = app.get(f"/dataset/{ds['name']}/resource/{res['id']}", headers=headers).get_data(as_text=True)
        assert "govopen-validation-invalid" in page  # the badge and counts stay
        assert "数据类型错误" in page
