"""The Frictionless validation gate inside CKAN, with real uploads and jobs.

Only the validation check is active here (``core._checks``): the other checks
(privacy, classification) have their own tests, and a failure of theirs must
not be mistaken for one of ours. Jobs run in-process (``govopen.jobs.inline``).
"""
import io
import os

import pytest
from werkzeug.datastructures import FileStorage

import ckan.model as model
import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
from ckan.logic import NotFound, ValidationError

from ckanext.govopen.gate import core
from ckanext.govopen.gate.checks import validation as validation_check
from ckanext.govopen.validation import model as vmodel
from tests.conftest import REALDATA
from tests.integration.conftest import standard_fields

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]

ELEMENTS = [{"name": "区", "title": "District", "type": "string", "description": ""},
            {"name": "人口", "title": "Population", "type": "integer", "description": ""}]
GOOD = "区,人口\n东城区,704\n西城区,1104\n".encode("utf-8")
BAD = "区,人口\n东城区,704\n西城区,很多\n朝阳区\n".encode("utf-8")


@pytest.fixture(autouse=True)
def only_validation(monkeypatch, ckan_config):
    monkeypatch.setattr(core, "_checks", [("validation", validation_check.check)])
    monkeypatch.setitem(ckan_config, "govopen.jobs.inline", "true")


def ctx(user):
    return {"user": user["name"], "ignore_auth": False}


def upload(data, name="population.csv", kind="text/csv"):
    return FileStorage(io.BytesIO(data), filename=name, content_type=kind)


def private_dataset(sysadmin, department, name="districts", **extra):
    return helpers.call_action("package_create", ctx(sysadmin), name=name, title="各区人口", notes="n",
                               owner_org=department["id"], private=True, data_elements=ELEMENTS,
                               **standard_fields(**extra))


def reports_of(resource_id):
    rows = model.Session.execute(vmodel.reports.select().where(
        vmodel.reports.c.resource_id == resource_id)).mappings().all()
    return list(rows)


def test_failing_upload_is_stored_invalid_kept_and_blocks_every_publish_path(sysadmin, department):
    ds = private_dataset(sysadmin, department)
    res = helpers.call_action("resource_create", ctx(sysadmin), package_id=ds["id"], name="各区人口表",
                              format="CSV", url="population.csv", upload=upload(BAD))
    shown = helpers.call_action("govopen_validation_show", ctx(sysadmin), id=res["id"])
    assert shown["state"] == "invalid" and shown["current"] is True
    report = shown["report"]
    assert report["schema_source"] == "data_elements"
    assert report["errors"]["type-error"]["errors"][0]["row"] == 3
    assert report["errors"]["type-error"]["errors"][0]["column"] == "人口"
    assert "missing-cell" in report["errors"]
    # The invalid file is kept.
    from ckan.lib import uploader
    path = uploader.get_resource_uploader(res).get_path(res["id"])
    with open(path, "rb") as f:
        assert f.read() == BAD

    for attempt in (
        lambda: helpers.call_action("package_patch", ctx(sysadmin), id=ds["id"], private=False),
        lambda: helpers.call_action("bulk_update_public", ctx(sysadmin), datasets=[ds["id"]],
                                    org_id=department["id"]),
        lambda: helpers.call_action("package_update", ctx(sysadmin), **dict(
            helpers.call_action("package_show", id=ds["id"]), private=False)),
    ):
        with pytest.raises(ValidationError) as err:
            attempt()
        message = " ".join(err.value.error_dict["private"])
        assert "各区人口表" in message
        assert helpers.call_action("package_show", id=ds["id"])["private"] is True

    blockers = helpers.call_action("govopen_publication_blockers", ctx(sysadmin), id=ds["id"])
    assert [b["code"] for b in blockers["blockers"]] == ["validation_failed"]
    assert blockers["blockers"][0]["resource_id"] == res["id"]


def test_fixing_the_file_lets_the_dataset_be_published(sysadmin, department):
    ds = private_dataset(sysadmin, department)
    res = helpers.call_action("resource_create", ctx(sysadmin), package_id=ds["id"], name="各区人口表",
                              format="CSV", url="population.csv", upload=upload(BAD))
    helpers.call_action("resource_update", ctx(sysadmin), id=res["id"], package_id=ds["id"],
                        name="各区人口表", format="CSV", url="population.csv", upload=upload(GOOD))
    assert helpers.call_action("govopen_validation_show", ctx(sysadmin), id=res["id"])["state"] == "valid"
    out = helpers.call_action("package_patch", ctx(sysadmin), id=ds["id"], private=False)
    assert out["private"] is False
    shown = helpers.call_action("package_show", id=ds["id"])
    assert shown["resources"][0]["validation_status"] == "valid"
    found = helpers.call_action("package_search", fq="validation_status:valid", include_private=True)
    assert [d["id"] for d in found["results"]] == [ds["id"]]


def test_unchanged_content_is_not_validated_again(sysadmin, department):
    ds = private_dataset(sysadmin, department)
    res = helpers.call_action("resource_create", ctx(sysadmin), package_id=ds["id"], name="t",
                              format="CSV", url="population.csv", upload=upload(GOOD))
    assert len(reports_of(res["id"])) == 1
    helpers.call_action("resource_update", ctx(sysadmin), id=res["id"], package_id=ds["id"], name="t",
                        format="CSV", url="population.csv", upload=upload(GOOD))
    rows = reports_of(res["id"])
    assert len(rows) == 1                         # same hash, same schema: no new report
    assert rows[0]["marker"] == vmodel.marker(helpers.call_action("resource_show", id=res["id"]))
    # ... and the dataset may be published on the kept report.
    helpers.call_action("package_patch", ctx(sysadmin), id=ds["id"], private=False)
    # A schema change makes the same file a new case.
    helpers.call_action("package_patch", ctx(sysadmin), id=ds["id"], private=True)
    helpers.call_action("package_patch", ctx(sysadmin), id=ds["id"],
                        data_elements=[dict(ELEMENTS[0], name="区县"), ELEMENTS[1]])
    blockers = helpers.call_action("govopen_publication_blockers", ctx(sysadmin), id=ds["id"])
    assert [b["code"] for b in blockers["blockers"]] == ["validation_pending"]
    helpers.call_action("govopen_validate", ctx(sysadmin), package_id=ds["id"])
    assert len(reports_of(res["id"])) == 2
    shown = helpers.call_action("govopen_validation_show", ctx(sysadmin), id=res["id"])
    assert shown["state"] == "invalid"
    assert {"incorrect-label", "missing-label", "extra-label"} & set(shown["report"]["errors"])


def test_adding_a_table_to_a_public_dataset_is_refused_until_validated(sysadmin, department):
    ds = private_dataset(sysadmin, department)
    helpers.call_action("package_patch", ctx(sysadmin), id=ds["id"], private=False)   # no tables yet
    with pytest.raises(ValidationError) as err:
        helpers.call_action("resource_create", ctx(sysadmin), package_id=ds["id"], name="新表",
                            format="CSV", url="population.csv", upload=upload(GOOD))
    assert "新表" in " ".join(err.value.error_dict["private"])
    assert helpers.call_action("package_show", id=ds["id"])["resources"] == []
    # Not a table: not the validation gate's business.
    helpers.call_action("resource_create", ctx(sysadmin), package_id=ds["id"], name="说明",
                        format="PDF", url="http://example.org/readme.pdf")


def test_creating_a_public_dataset_with_a_table_is_refused(sysadmin, department):
    with pytest.raises(ValidationError) as err:
        helpers.call_action("package_create", ctx(sysadmin), name="at-once", title="t", notes="n",
                            owner_org=department["id"], private=False, data_elements=ELEMENTS,
                            resources=[{"name": "一步到位", "format": "CSV",
                                        "url": "http://example.org/population.csv"}],
                            **standard_fields())
    assert "一步到位" in " ".join(err.value.error_dict["private"])
    with pytest.raises(Exception):
        helpers.call_action("package_show", id="at-once")


def test_gb18030_nbs_export_parses_with_chinese_headers(sysadmin, department):
    path = os.path.join(REALDATA, "china", "messy-tables", "nbs_monthly_money_supply_gb18030.csv")
    with open(path, "rb") as f:
        data = f.read()
    ds = helpers.call_action("package_create", ctx(sysadmin), name="money", title="货币供应量", notes="n",
                             owner_org=department["id"], private=True, **standard_fields())
    res = helpers.call_action("resource_create", ctx(sysadmin), package_id=ds["id"], name="月度数据",
                              format="CSV", url="money.csv", upload=upload(data, "money.csv"))
    report = helpers.call_action("govopen_validation_show", ctx(sysadmin), id=res["id"])["report"]
    assert report["encoding"] == "gb18030" and report["header_row"] == 3
    assert report["labels"][:2] == ["时间", "货币和准货币(M2)供应量期末值(亿元)"]
    assert report["rows"] == 258 and report["status"] == "valid"
    assert report["schema_source"] == "inferred"


def test_report_and_datapackage_follow_dataset_visibility(app, sysadmin, department):
    ds = private_dataset(sysadmin, department)
    res = helpers.call_action("resource_create", ctx(sysadmin), package_id=ds["id"], name="t",
                              format="CSV", url="population.csv", upload=upload(GOOD))
    anonymous = {"user": "", "ignore_auth": False}
    outsider = factories.User()
    for who in (anonymous, ctx(outsider)):
        # a private dataset answers as a missing one would (no existence oracle)
        with pytest.raises(NotFound):
            helpers.call_action("govopen_validation_show", who, id=res["id"])
        with pytest.raises(NotFound):
            helpers.call_action("govopen_datapackage", who, id=ds["id"])
        with pytest.raises(NotFound):
            helpers.call_action("govopen_validate", who, id=res["id"])
    assert app.get(f"/dataset/{ds['name']}/datapackage.json").status_code == 404
    helpers.call_action("package_patch", ctx(sysadmin), id=ds["id"], private=False)
    package = helpers.call_action("govopen_datapackage", anonymous, id=ds["id"])
    table = package["resources"][0]
    assert table["profile"] == "tabular-data-resource"
    assert [f["name"] for f in table["schema"]["fields"]] == ["区", "人口"]
    assert table["govopen:validation"]["status"] == "valid"
    page = app.get(f"/dataset/{ds['name']}/datapackage.json")
    assert page.status_code == 200 and page.json["resources"][0]["schema"] == table["schema"]
    assert helpers.call_action("govopen_validation_show", anonymous, id=res["id"])["state"] == "valid"


def test_resource_page_shows_the_report_and_the_badge(app, sysadmin, department):
    ds = private_dataset(sysadmin, department)
    res = helpers.call_action("resource_create", ctx(sysadmin), package_id=ds["id"], name="各区人口表",
                              format="CSV", url="population.csv", upload=upload(BAD))
    headers = {"Authorization": factories.APIToken(user=sysadmin["name"])["token"]}
    page = app.get(f"/dataset/{ds['name']}/resource/{res['id']}", headers=headers)
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert "数据校验" in body and "govopen-validation-invalid" in body
    assert "数据类型错误" in body and "人口" in body
    listing = app.get(f"/dataset/{ds['name']}", headers=headers).get_data(as_text=True)
    assert "govopen-validation-invalid" in listing
