"""The PII scan inside CKAN: jobs on upload, stored results, the privacy gate check, takedown.

Real CKAN, PostgreSQL, Solr; jobs run in-process (``govopen.jobs.inline``).
"""
import io
import json

import pytest
from werkzeug.datastructures import FileStorage

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
from ckan.logic import NotAuthorized, NotFound, ValidationError

from ckanext.govopen.standard.codes import resident_id_check_char
from tests.integration.conftest import standard_fields
from tests.local_server import LocalServer

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]


@pytest.fixture(autouse=True)
def inline_jobs(ckan_config, monkeypatch):
    """Content jobs run in the request that changed the resource."""
    monkeypatch.setitem(ckan_config, "govopen.jobs.inline", "true")


def resident_id(first17):
    return first17 + resident_id_check_char(first17)


IDS = [resident_id(f) for f in ("11010519491231002", "31010419800101123", "44030619951212345")]
WITH_IDS = "姓名,身份证号码,区\n" + "".join(f"居民{i},{n},朝阳区\n" for i, n in enumerate(IDS))
CLEAN = "区,常住人口(万人)\n东城区,70.4\n西城区,110.0\n朝阳区,344.2\n"


def ctx(user):
    return {"user": user["name"], "ignore_auth": False}


def upload(text, name="people.csv"):
    return FileStorage(io.BytesIO(text.encode("utf-8")), filename=name, content_type="text/csv")


def private_dataset(user, org, **fields):
    return helpers.call_action("package_create", ctx(user), name=fields.pop("name", None) or "ds-%s" % id(fields),
                               title=fields.pop("title", "各区人口"), notes="说明。", owner_org=org["id"],
                               private=True, **standard_fields(**fields))


def add_file(user, dataset, text, name="people.csv"):
    return helpers.call_action("resource_create", ctx(user), package_id=dataset["id"], name="人口表",
                               format="CSV", url=name, upload=upload(text, name))


def publish(user, dataset):
    return helpers.call_action("package_patch", ctx(user), id=dataset["id"], private=False)


def test_resident_ids_are_found_stored_masked_and_block_publication(sysadmin, department):
    ds = private_dataset(sysadmin, department, personal_info="none")
    res = add_file(sysadmin, ds, WITH_IDS)
    shown = helpers.call_action("govopen_scan_show", ctx(sysadmin), id=res["id"])
    assert shown["status"] == "done"
    result = shown["result"]
    assert result["has_pii"] is True and "resident_id" in result["entities"]
    stored = json.dumps(shown, ensure_ascii=False)
    assert not any(n in stored for n in IDS), "raw identifiers must never be stored"
    finding = next(f for f in result["findings"]["findings"] if f["entity"] == "resident_id")
    assert finding["count"] == 3 and finding["column"] == "身份证号码"
    assert finding["examples"][0] == IDS[0][:6] + "*" * 8 + IDS[0][14:]

    with pytest.raises(ValidationError) as err:
        publish(sysadmin, ds)
    text = " ".join(err.value.error_dict["private"])
    assert "人口表" in text and "身份证" in text and "3" in text
    assert IDS[0][:6] + "********" in text and IDS[0] not in text
    assert helpers.call_action("package_show", id=ds["id"])["private"] is True

    # the fixed file: scanned again, and then the dataset may be public
    helpers.call_action("resource_update", ctx(sysadmin), id=res["id"], package_id=ds["id"], name="人口表",
                        format="CSV", url="population.csv", upload=upload(CLEAN, "population.csv"))
    assert helpers.call_action("govopen_scan_show", ctx(sysadmin), id=res["id"])["result"]["has_pii"] is False
    assert publish(sysadmin, ds)["private"] is False


def test_a_reviewer_may_approve_the_findings_of_exactly_that_content(sysadmin, department):
    editor = factories.User()
    helpers.call_action("organization_member_create", id=department["id"], username=editor["name"],
                        role="editor")
    ds = private_dataset(editor, department)
    res = add_file(editor, ds, WITH_IDS)
    with pytest.raises(NotAuthorized):
        helpers.call_action("govopen_review_approve", ctx(editor), id=ds["id"], kind="pii_exception",
                            resource_id=res["id"], reason="我说没问题")
    with pytest.raises(ValidationError) as err:
        helpers.call_action("govopen_review_approve", ctx(sysadmin), id=ds["id"], kind="pii_exception",
                            resource_id=res["id"], reason="")
    assert "reason" in err.value.error_dict
    helpers.call_action("govopen_review_approve", ctx(sysadmin), id=ds["id"], kind="pii_exception",
                        resource_id=res["id"], reason="测试用虚构号码，经核实不属于真实个人")
    assert publish(editor, ds)["private"] is False


def test_content_added_to_a_public_dataset_must_be_scanned_first(sysadmin, department):
    ds = private_dataset(sysadmin, department)
    add_file(sysadmin, ds, CLEAN, "a.csv")
    publish(sysadmin, ds)
    with pytest.raises(ValidationError) as err:
        add_file(sysadmin, ds, CLEAN, "b.csv")
    assert any("尚未完成个人信息扫描" in m or "not been scanned" in m for m in err.value.error_dict["private"])
    assert len(helpers.call_action("package_show", id=ds["id"])["resources"]) == 1


def test_scan_results_are_for_the_department_only(sysadmin, department):
    ds = private_dataset(sysadmin, department)
    res = add_file(sysadmin, ds, CLEAN)
    # a private dataset's resource: the same NotFound as a missing one (no existence oracle)
    with pytest.raises(NotFound):
        helpers.call_action("govopen_scan_show", ctx(factories.User()), id=res["id"])
    with pytest.raises(NotFound):
        helpers.call_action("govopen_scan_show", {"user": "", "ignore_auth": False}, id=res["id"])
    # a public dataset's resource: seen, but its scan is the department's
    public = private_dataset(sysadmin, department, name="scan-public")
    public_res = add_file(sysadmin, public, CLEAN)
    publish(sysadmin, public)
    with pytest.raises(NotAuthorized):
        helpers.call_action("govopen_scan_show", ctx(factories.User()), id=public_res["id"])


@pytest.fixture
def file_server(ckan_config, monkeypatch):
    with LocalServer() as server:
        # a department's file server: reached because the sysadmin allow-lists it
        monkeypatch.setitem(ckan_config, "govopen.outbound.allow", f"127.0.0.1:{server.httpd.server_port}")
        yield server


def test_linked_files_are_downloaded_and_a_public_dataset_goes_private_when_pii_appears(
        sysadmin, department, file_server):
    base = file_server.base
    file_server.add_bytes("/open.csv", CLEAN.encode("utf-8"), "text/csv")
    ds = private_dataset(sysadmin, department)
    res = helpers.call_action("resource_create", ctx(sysadmin), package_id=ds["id"], name="链接表",
                              format="CSV", url=base + "/open.csv")
    assert helpers.call_action("govopen_scan_show", ctx(sysadmin), id=res["id"])["status"] == "done"
    publish(sysadmin, ds)

    # the department's server now serves personal data under the same link
    file_server.add_bytes("/open.csv", WITH_IDS.encode("utf-8"), "text/csv")
    out = helpers.call_action("govopen_scan", ctx(sysadmin), id=ds["id"])
    assert out["scanned"] == [{"resource_id": res["id"], "status": "done"}]
    assert helpers.call_action("package_show", id=ds["id"])["private"] is True
    log = helpers.call_action("govopen_audit_list", ctx(sysadmin), id=ds["id"], action="withdrawn")
    assert len(log) == 1 and "resident_id" in log[0]["reason"] and log[0]["after"]["private"] is True


def test_an_unreachable_link_fails_the_scan_and_holds_publication(sysadmin, department, file_server):
    base = file_server.base
    ds = private_dataset(sysadmin, department)
    res = helpers.call_action("resource_create", ctx(sysadmin), package_id=ds["id"], name="失效链接",
                              format="CSV", url=base + "/missing.csv")
    shown = helpers.call_action("govopen_scan_show", ctx(sysadmin), id=res["id"])
    assert shown["status"] == "failed" and "404" in shown["result"]["error"]["en"]
    with pytest.raises(ValidationError) as err:
        publish(sysadmin, ds)
    assert any("失效链接" in m and "404" in m for m in err.value.error_dict["private"])


def test_files_the_scanner_cannot_read_are_held_for_a_reviewer(sysadmin, department):
    ds = private_dataset(sysadmin, department)
    res = helpers.call_action("resource_create", ctx(sysadmin), package_id=ds["id"], name="说明文档",
                              format="PDF", url="guide.pdf",
                              upload=FileStorage(io.BytesIO(b"%PDF-1.4 ..."), filename="guide.pdf",
                                                 content_type="application/pdf"))
    shown = helpers.call_action("govopen_scan_show", ctx(sysadmin), id=res["id"])
    assert shown["status"] == "held" and "PDF" in shown["result"]["error"]["en"]
    with pytest.raises(ValidationError) as err:
        publish(sysadmin, ds)
    assert any("说明文档" in m and "审核人" in m for m in err.value.error_dict["private"])
    # a reviewer who looked at the file approves exactly that content
    helpers.call_action("govopen_review_approve", ctx(sysadmin), id=ds["id"], kind="pii_exception",
                        resource_id=res["id"], reason="人工查看：说明文档，无个人信息")
    assert publish(sysadmin, ds)["private"] is False


def test_the_same_content_is_not_scanned_twice(sysadmin, department):
    from ckanext.govopen.privacy import jobs
    ds = private_dataset(sysadmin, department)
    res = add_file(sysadmin, ds, WITH_IDS)
    first = helpers.call_action("govopen_scan_show", ctx(sysadmin), id=res["id"])["result"]
    again = jobs.scan_resource(res["id"])
    assert again["id"] == first["id"] and again["created"] == first["created"]
    assert again["checked"] >= first["checked"]
    forced = jobs.scan_resource(res["id"], force=True)
    assert forced["id"] == first["id"] and forced["checked"] > first["checked"]


def anonymized_table(rows_per_group):
    lines = ["年龄段,性别,区,就诊次数"]
    for (age, sex, n) in rows_per_group:
        lines += [f"{age},{sex},朝阳区,{i}" for i in range(n)]
    return "\n".join(lines) + "\n"


def test_anonymized_data_is_open_only_when_k_anonymous_over_its_quasi_identifiers(sysadmin, department):
    ds = private_dataset(sysadmin, department, personal_info="anonymized",
                         quasi_identifiers=["年龄段", "性别"])
    res = add_file(sysadmin, ds, anonymized_table([("30-39", "女", 2), ("40-49", "男", 6)]), "visits.csv")
    kanon = helpers.call_action("govopen_scan_show", ctx(sysadmin), id=res["id"])["result"]["kanon"]
    assert kanon["satisfied"] is False and kanon["min_class_size"] == 2 and kanon["offending_classes"] == 1
    with pytest.raises(ValidationError) as err:
        publish(sysadmin, ds)
    assert any("k-匿名" in m or "k-anonymity" in m for m in err.value.error_dict["private"])

    helpers.call_action("resource_update", ctx(sysadmin), id=res["id"], package_id=ds["id"], name="人口表",
                        format="CSV", url="visits2.csv",
                        upload=upload(anonymized_table([("30-39", "女", 5), ("40-49", "男", 6)]), "visits2.csv"))
    assert publish(sysadmin, ds)["private"] is False


def test_bulk_make_public_is_refused_for_a_dataset_with_personal_information(sysadmin, department):
    ds = private_dataset(sysadmin, department)
    add_file(sysadmin, ds, WITH_IDS)
    with pytest.raises(ValidationError):
        helpers.call_action("bulk_update_public", ctx(sysadmin), datasets=[ds["id"]], org_id=department["id"])
    assert helpers.call_action("package_show", id=ds["id"])["private"] is True


def test_cli_scans_named_datasets_with_a_summary(cli, sysadmin, department):
    from ckan.cli.cli import ckan as ckan_cli
    ds = private_dataset(sysadmin, department, name="cli-scan")
    add_file(sysadmin, ds, WITH_IDS)
    result = cli.invoke(ckan_cli, ["govopen", "scan", "cli-scan", "--force"])
    assert result.exit_code == 0, result.output
    assert "1 resources: 1 scanned" in result.output and "1 with personal information" in result.output
    result = cli.invoke(ckan_cli, ["govopen", "scan", "no-such-dataset"])
    assert result.exit_code != 0 and "no-such-dataset" in result.output
    result = cli.invoke(ckan_cli, ["govopen", "scan"])
    assert result.exit_code != 0 and "--all" in result.output


def test_scan_show_over_http_is_for_the_department_only(app, sysadmin, department):
    ds = private_dataset(sysadmin, department)
    res = add_file(sysadmin, ds, CLEAN)
    app.get("/api/3/action/govopen_scan_show", params={"id": res["id"]}, status=404)
    token = helpers.call_action("api_token_create", context={"user": sysadmin["name"]}, user=sysadmin["name"],
                                name="t")["token"]
    out = app.get("/api/3/action/govopen_scan_show", params={"id": res["id"]},
                  headers={"Authorization": token}, status=200).json["result"]
    assert out["status"] == "done" and out["result"]["has_pii"] is False
