"""Personal data in metadata never reaches the public (issue 14, class 3).

A department editor (or a careless data officer) puts a resident ID number
or a mobile number into a dataset's metadata: the abstract, the title, a
tag, a data element, the contact, an extra, a resource's name or
description. Metadata is public whenever the dataset is, so every write
that would leave such a dataset public is refused with a zh/en reason that
names the field and shows the value masked, and nothing is stored. Real
CKAN, PostgreSQL and Solr; the Action API in-process and over HTTP with
API tokens; anonymous reads over HTTP.
"""
import io
import json

import pytest
from werkzeug.datastructures import FileStorage

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
from ckan.logic import NotAuthorized, NotFound, ValidationError

from ckanext.govopen.messages import render
from ckanext.govopen.standard.codes import resident_id_check_char
from tests.integration.api_auth import as_user, ctx
from tests.integration.conftest import PROVIDER_CODES, standard_fields

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]

ID = "11010519491231002" + resident_id_check_char("11010519491231002")
ID_MASKED = ID[:6] + "*" * 8 + ID[14:]
MOBILE = "13912345678"
MOBILE_MASKED = "139****5678"
CLEAN = "区,常住人口(万人)\n东城区,70.4\n西城区,110.0\n"


@pytest.fixture(autouse=True)
def inline_jobs(ckan_config, monkeypatch):
    """Content checks run in the request that changed the resource."""
    monkeypatch.setitem(ckan_config, "govopen.jobs.inline", "true")


def create(user, org, private=False, name="ds", **fields):
    base = {"title": "公交线路", "notes": "说明。"}
    base.update({k: fields.pop(k) for k in list(fields) if k in ("title", "notes")})
    return helpers.call_action("package_create", ctx(user), name=name, owner_org=org["id"], private=private,
                               **base, **standard_fields(**fields))


def upload(text, name="table.csv"):
    return FileStorage(io.BytesIO(text.encode("utf-8")), filename=name, content_type="text/csv")


def public_with_a_checked_table(user, org, name="open-table"):
    """A public dataset whose one resource (a clean CSV) has passed the scan and validation."""
    ds = create(user, org, private=True, name=name)
    res = helpers.call_action("resource_create", ctx(user), package_id=ds["id"], name="人口表", format="CSV",
                              url="table.csv", upload=upload(CLEAN))
    helpers.call_action("package_patch", ctx(user), id=ds["id"], private=False)
    return helpers.call_action("package_show", id=ds["id"]), res


def refusal(err) -> str:
    text = " ".join(err.value.error_dict.get("private") or [])
    assert ID not in text and MOBILE not in text, "a refusal must never show the value"
    return text


ELEMENTS = json.dumps([{"name": "姓名", "type": "string", "description": f"例如 {ID}"}], ensure_ascii=False)


@pytest.mark.parametrize("fields, field", [
    ({"notes": f"申请人身份证号 {ID}，补贴已发放。"}, "notes"),
    ({"title": f"补贴发放名单 {ID}"}, "title"),
    ({"title_en": f"Subsidy list {ID}"}, "title_en"),
    ({"tags": [{"name": "补贴"}, {"name": ID}]}, "tags[1].name"),
    ({"tag_string": f"补贴,{ID}"}, "tags[1].name"),
    ({"data_elements": ELEMENTS}, "data_elements[0].description"),
    ({"contact_name": f"张三 {ID}"}, "contact_name"),
    ({"extras": [{"key": "经办人", "value": f"王五 {ID}"}]}, "extras[经办人]"),
    ({"version": ID}, "version"),
])
def test_an_editor_cannot_publish_an_id_number_in_any_metadata_field(editor, department, fields, field):
    with pytest.raises(ValidationError) as err:
        create(editor, department, **fields)
    text = refusal(err)
    assert field in text and ID_MASKED in text and ("居民身份证号码" in text or "resident ID number" in text)
    with pytest.raises(NotFound):
        helpers.call_action("package_show", id="ds")       # nothing was stored


@pytest.mark.parametrize("resource, field", [
    ({"name": f"名单 {ID}"}, "name"),
    ({"description": f"经办人身份证 {ID}"}, "description"),
    ({"name_en": f"List {ID}"}, "name_en"),
    ({"note": f"extra {MOBILE}"}, "note"),              # a resource extra nobody declared
])
def test_an_editor_cannot_put_an_id_number_into_a_public_resource(app, editor, department, resource, field):
    ds, res = public_with_a_checked_table(editor, department)
    response = app.post("/api/3/action/resource_patch", json=dict(resource, id=res["id"]),
                        status=409, **as_user(editor))
    body = json.dumps(response.json, ensure_ascii=False)
    assert ID not in body and MOBILE not in body
    assert field in body and ("第 1 个资源" in body or "resource 1" in body) and ("人口表" in body or field == "name")
    shown = helpers.call_action("package_show", id=ds["id"])
    assert shown["resources"][0]["name"] == "人口表" and not shown["resources"][0].get("description")
    assert shown["private"] is False
    page = app.get(f"/dataset/{ds['name']}").body
    assert ID not in page and MOBILE not in page


def test_the_refusal_is_in_chinese_and_english_and_names_the_field(editor, department):
    ds = create(editor, department, private=True, notes=f"联系人手机 {MOBILE}")
    out = helpers.call_action("govopen_publication_blockers", ctx(editor), id=ds["id"])
    found = [b for b in out["blockers"] if b["gate"] == "metadata_privacy"]
    assert len(found) == 1 and out["may_be_public"] is False
    zh, en = found[0]["messages"]["zh"], found[0]["messages"]["en"]
    assert "字段“摘要”（notes）" in zh and f"手机号码（{MOBILE_MASKED}）" in zh
    assert "field 'Abstract' (notes)" in en and f"mobile phone number ({MOBILE_MASKED})" in en
    assert MOBILE not in json.dumps(out, ensure_ascii=False)


def test_making_a_private_dataset_with_personal_metadata_public_is_refused(sysadmin, editor, department):
    ds = create(editor, department, private=True, notes=f"经办人 {ID}")
    assert helpers.call_action("package_show", id=ds["id"])["notes"].endswith(ID)   # the department sees it
    with pytest.raises(ValidationError) as err:
        helpers.call_action("package_patch", ctx(editor), id=ds["id"], private=False)
    assert "notes" in refusal(err)
    with pytest.raises(ValidationError):
        helpers.call_action("bulk_update_public", ctx(sysadmin), datasets=[ds["id"]], org_id=department["id"])
    assert helpers.call_action("package_show", id=ds["id"])["private"] is True


def test_a_patch_adding_a_phone_number_to_a_public_dataset_is_refused_and_never_shown(app, sysadmin, editor,
                                                                                       department):
    ds = create(editor, department, notes="公交线路及站点。")
    response = app.post("/api/3/action/package_patch",
                        json={"id": ds["id"], "notes": f"公交线路及站点。调度员手机：{MOBILE}"},
                        status=409, **as_user(editor))
    assert MOBILE not in response.body and "notes" in response.body
    shown = helpers.call_action("package_show", id=ds["id"])
    assert shown["notes"] == "公交线路及站点。" and shown["private"] is False
    assert shown["metadata_modified"] == ds["metadata_modified"]
    for url in (f"/dataset/{ds['name']}", f"/api/3/action/package_show?id={ds['name']}",
                f"/api/3/action/package_search?q={MOBILE}", "/api/3/action/package_search?q=调度员"):
        body = app.get(url).body
        assert MOBILE not in body, url
    assert app.get(f"/api/3/action/package_search?q={MOBILE}").json["result"]["count"] == 0
    # the refusal is on record for reviewers, masked
    refused = helpers.call_action("govopen_audit_list", ctx(sysadmin), id=ds["id"], action="publication_refused")
    assert refused and MOBILE_MASKED in refused[0]["reason"]
    assert MOBILE not in json.dumps(refused, ensure_ascii=False)


def test_a_conditionally_open_dataset_lists_its_metadata_so_it_is_checked_too(editor, department):
    with pytest.raises(ValidationError) as err:
        create(editor, department, open_type="conditional", open_condition="实名申请", legal_basis="《条例》",
               personal_info="deidentified", notes=f"样例记录：{ID}")
    assert "notes" in refusal(err)


def test_an_outsider_editor_cannot_publish_through_another_departments_dataset(app, department):
    other = factories.Organization(user=factories.Sysadmin(), provider_code=next(PROVIDER_CODES))
    outsider = factories.User()
    helpers.call_action("organization_member_create", id=other["id"], username=outsider["name"], role="editor")
    owner = factories.User()
    helpers.call_action("organization_member_create", id=department["id"], username=owner["name"], role="editor")
    ds = create(owner, department, private=True, notes=f"经办人 {ID}")
    app.post("/api/3/action/package_patch", json={"id": ds["id"], "private": False}, status=403,
             **as_user(outsider))
    app.post("/api/3/action/package_patch", json={"id": ds["id"], "private": False}, status=409,
             **as_user(owner))
    assert helpers.call_action("package_show", id=ds["id"])["private"] is True
    assert ID not in app.get(f"/api/3/action/package_search?q={ID}").body


def test_department_contacts_e_mails_and_organisation_codes_are_not_personal(editor, department):
    ds = create(editor, department, contact_name=f"数据管理处 {MOBILE}", contact_email="data@example.gov.cn",
                notes="数据由数据管理处维护（data@example.gov.cn），提供单位统一社会信用代码 11110000000022576T。")
    assert ds["private"] is False
    # a mobile number is only the department's contact in its declared contact fields
    with pytest.raises(ValidationError) as err:
        helpers.call_action("package_patch", ctx(editor), id=ds["id"], notes=f"值班手机 {MOBILE}")
    assert "notes" in refusal(err)
    # and an ID number is personal there too
    with pytest.raises(ValidationError) as err:
        helpers.call_action("package_patch", ctx(editor), id=ds["id"], contact_name=f"张三 {ID}")
    assert "contact_name" in refusal(err)


def test_a_reviewer_may_approve_a_false_positive_of_exactly_those_values(sysadmin, editor, department):
    code = "E12345678"                      # a part number shaped like a passport number
    ds = create(editor, department, private=True, notes=f"设备型号 {code}")
    with pytest.raises(ValidationError) as err:
        helpers.call_action("package_patch", ctx(editor), id=ds["id"], private=False)
    assert "E1*****78" in refusal(err) and code not in " ".join(err.value.error_dict["private"])
    with pytest.raises(NotAuthorized):
        helpers.call_action("govopen_review_approve", ctx(editor), id=ds["id"], kind="metadata_pii", reason="ok")
    approval = helpers.call_action("govopen_review_approve", ctx(sysadmin), id=ds["id"], kind="metadata_pii",
                                   reason="设备型号，不是护照号码")
    assert code not in json.dumps(approval)          # the approval names the value by a keyed digest only
    assert helpers.call_action("package_patch", ctx(editor), id=ds["id"], private=False)["private"] is False
    # other text may change; a new personal value is not covered by the approval
    helpers.call_action("package_patch", ctx(editor), id=ds["id"], title="设备清单")
    with pytest.raises(ValidationError) as err:
        helpers.call_action("package_patch", ctx(editor), id=ds["id"], notes=f"设备型号 {code}，经办人 {ID}")
    assert ID_MASKED in refusal(err)
    assert helpers.call_action("package_show", id=ds["id"])["notes"] == f"设备型号 {code}"


@pytest.mark.ckan_config("govopen.jobs.inline", "true")
def test_a_harvested_record_with_personal_metadata_stays_private(tmp_path, app, department, ckan_config,
                                                                monkeypatch):
    """A department's own catalog lists a record with a phone number in its description: the
    source wants its records public, the record is written private and the reason is masked."""
    from ckanext.govopen.harvest import job
    from ckanext.govopen.harvest import model as hmodel
    from tests.integration.test_harvest_datajson import Catalog, entry, harvested, make_source, show
    from tests.local_server import LocalServer

    with LocalServer() as server:
        monkeypatch.setitem(ckan_config, "govopen.outbound.allow", "127.0.0.1:%d" % server.httpd.server_address[1])
        catalog = Catalog(0)
        for ident, description in (("clinics", "Clinics per district."),
                                   ("hotline", f"Duty officer mobile: {MOBILE}.")):
            url = server.add_bytes(f"/files/{ident}.csv", CLEAN.encode("utf-8"), "text/csv")
            catalog.datasets.append(entry(ident, description=description, distribution=[
                {"downloadURL": url, "format": "CSV", "mediaType": "text/csv", "title": f"{ident}.csv"}]))
        source, _ = make_source(tmp_path, department, server.add("/data.json", catalog), scan_links=True,
                                private=False, defaults={"spatial_code": "110000", "theme": "health"},
                                classification={"open_type": "unconditional", "share_type": "unconditional"})
        report = job.run(source).as_dict()
    assert (report["created"], report["errored"]) == (2, 0), report["errors"]
    rows = harvested(source)
    assert show(rows["clinics"]["dataset_id"])["private"] is False
    assert show(rows["hotline"]["dataset_id"])["private"] is True
    reasons = hmodel.loads(rows["hotline"]["blockers"])
    assert {r["gate"] for r in reasons} == {"metadata_privacy"}
    assert MOBILE_MASKED in render(reasons[0], "zh") and MOBILE not in json.dumps(reasons, ensure_ascii=False)
    assert MOBILE not in app.get(f"/api/3/action/package_search?q={MOBILE}").body


def test_a_resource_view_of_a_public_dataset_may_not_show_personal_data(app, editor, department):
    """A view's title and description are shown on the public resource page: they are metadata too."""
    ds, res = public_with_a_checked_table(editor, department)
    response = app.post("/api/3/action/resource_view_create",
                        json={"resource_id": res["id"], "view_type": "image_view", "title": "图表",
                              "description": f"经办人手机 {MOBILE}", "image_url": "http://example.org/a.png"},
                        status=409, **as_user(editor))
    assert MOBILE not in response.body and "views" in response.body
    assert not any(v["title"] == "图表" for v in helpers.call_action("resource_view_list", id=res["id"]))
    view = helpers.call_action("resource_view_create", ctx(editor), resource_id=res["id"], view_type="image_view",
                               title="图表", image_url="http://example.org/a.png")
    with pytest.raises(ValidationError) as err:
        helpers.call_action("resource_view_update", ctx(editor), id=view["id"], resource_id=res["id"],
                            view_type="image_view", title=f"名单 {ID}", image_url="http://example.org/a.png")
    assert ID_MASKED in " ".join(sum(err.value.error_dict.values(), []))
    assert helpers.call_action("resource_view_show", id=view["id"])["title"] == "图表"


def test_views_with_personal_data_keep_a_private_dataset_private(editor, department):
    ds = create(editor, department, private=True, name="closed-table")
    res = helpers.call_action("resource_create", ctx(editor), package_id=ds["id"], name="人口表", format="CSV",
                              url="table.csv", upload=upload(CLEAN))
    helpers.call_action("resource_view_create", ctx(editor), resource_id=res["id"], view_type="image_view",
                        title="图表", description=f"联系 {MOBILE}", image_url="http://example.org/a.png")
    with pytest.raises(ValidationError) as err:
        helpers.call_action("package_patch", ctx(editor), id=ds["id"], private=False)
    assert "views[" in refusal(err) and MOBILE_MASKED in refusal(err)
    assert helpers.call_action("package_show", id=ds["id"])["private"] is True
