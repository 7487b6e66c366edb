"""A restricted dataset's file locations are absent from everything CKAN stores.

Before ``access.locations``, a conditionally-open dataset's link URL sat in
CKAN's resource row, and so in the search index's stored dicts and in the
activity stream, and was stripped at each exit: anonymous
``package_search?fl=name,vdd:validated_data_dict`` returned it through a field
alias no exit recognised. Now the row holds the site's guarded route; the
real location is only in govopen's own table, and the route decides access
with the one rule. ``test_search_field_aliases_cannot_reach_a_location`` and
``test_no_stored_copy_holds_the_location`` failed on the code before it.
"""
import json

import pytest
import sqlalchemy as sa

import ckan.model as model
import ckan.plugins.toolkit as tk
import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
from ckan.lib import search

from tests.integration.api_auth import as_user, ctx
from tests.integration.conftest import standard_fields

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]

REAL = "http://files.example.gov.cn/restricted/patients-l0c8q.csv"
MIRROR = "http://files.example.gov.cn/restricted/mirror-m1rr9.csv"
OPEN = "http://files.example.gov.cn/open/stops-0pen5.csv"
CONDITIONAL = dict(open_type="conditional", open_condition="实名申请后提供",
                   legal_basis="《中华人民共和国数据安全法》第二十一条", theme="health")


@pytest.fixture(autouse=True)
def no_content_checks(monkeypatch):
    """The remote test URLs cannot be fetched here: the gate's content checks are
    off; the open type still comes from the verdict."""
    from ckanext.govopen.gate import core
    monkeypatch.setattr(core, "_checks", [c for c in core.all_checks() if c[0] == "classification"])


@pytest.fixture
def people(sysadmin, department):
    editor = factories.User(name="loc-editor")
    helpers.call_action("organization_member_create", ctx(sysadmin), id=department["id"],
                        username=editor["name"], role="editor")
    other_org = factories.Organization(user=sysadmin, provider_code="11110000000022576T", name="other-dept")
    other_editor = factories.User(name="loc-other-editor")
    helpers.call_action("organization_member_create", ctx(sysadmin), id=other_org["id"],
                        username=other_editor["name"], role="editor")
    return {"editor": editor, "outsider": factories.User(name="loc-outsider"),
            "other_editor": other_editor, "requester": factories.User(name="loc-requester"),
            "sysadmin": sysadmin}


@pytest.fixture
def conditional(people, department):
    editor = people["editor"]
    ds = helpers.call_action(
        "package_create", ctx(editor), name="loc-cond", title="门诊就诊统计", notes="说明。",
        owner_org=department["id"], private=False,
        resources=[{"name": "就诊表", "url": REAL, "format": "CSV", "download_url": MIRROR}],
        **standard_fields(**CONDITIONAL))
    req = helpers.call_action("govopen_access_request_create", ctx(people["requester"]),
                              package_id=ds["id"], purpose="研究门诊分布，用于学术论文。")
    helpers.call_action("govopen_access_request_decide", ctx(editor), id=req["id"], decision="approved",
                        reason="符合开放条件。")
    return helpers.call_action("package_show", id=ds["id"])


def resource_row(resource_id):
    return model.Session.execute(sa.text("select url, extras from resource where id = :id"),
                                 {"id": resource_id}).first()


def test_no_stored_copy_holds_the_location(conditional):
    res = conditional["resources"][0]
    url, extras = resource_row(res["id"])
    assert "/file/" in url and "l0c8q" not in url and "files.example" not in url
    assert "m1rr9" not in (extras or "")
    indexed = search.query_for(model.Package).run(
        {"q": "id:" + conditional["id"], "fl": "id,validated_data_dict,data_dict"}, permission_labels=None)
    assert indexed["count"] == 1
    assert "l0c8q" not in json.dumps(indexed["results"]) and "m1rr9" not in json.dumps(indexed["results"])
    activity = [r[0] for r in model.Session.execute(
        sa.text("select data from activity where object_id = :id"), {"id": conditional["id"]})]
    assert activity and not any("l0c8q" in a or "m1rr9" in a for a in map(str, activity))


def test_search_field_aliases_cannot_reach_a_location(app, conditional, people):
    for fl in ("name,vdd:validated_data_dict", "name,dd:data_dict", "name,validated_data_dict",
               "name,res_url,urls", "*"):
        for user in (None, people["outsider"], people["other_editor"]):
            resp = app.get("/api/3/action/package_search", query_string={"q": "*:*", "fl": fl},
                           **as_user(user))
            body = resp.get_data(as_text=True)
            assert resp.status_code in (200, 400, 409), (fl, resp.status_code)
            assert "l0c8q" not in body and "m1rr9" not in body, (fl, user)


def test_the_route_decides_with_the_one_rule(app, conditional, people):
    res = conditional["resources"][0]
    route = res["url"]
    path = route.split("://", 1)[-1].split("/", 1)[1]
    for user in (None, people["outsider"], people["other_editor"]):
        resp = app.get("/" + path, follow_redirects=False, **as_user(user))
        assert resp.status_code == 403, (user, resp.status_code, path, resp.get_data(as_text=True)[-600:])
        assert "l0c8q" not in resp.get_data(as_text=True)
    for user in (people["requester"], people["editor"], people["sysadmin"]):
        resp = app.get("/" + path, follow_redirects=False, **as_user(user))
        assert resp.status_code == 302 and resp.headers["Location"] == REAL, user
    # a wrong tag or another resource's id is not a way in
    assert app.get("/" + path[:-4] + "0000", **as_user(people["editor"])).status_code == 404


def test_those_with_access_see_the_real_locations_and_edits_keep_them(app, conditional, people):
    editor = people["editor"]
    res = conditional["resources"][0]
    shown = app.get(f"/api/3/action/package_show?id={conditional['id']}", **as_user(editor)).json["result"]
    assert shown["resources"][0]["url"] == REAL and shown["resources"][0]["download_url"] == MIRROR
    granted = app.get(f"/api/3/action/resource_show?id={res['id']}", **as_user(people["requester"])).json
    assert granted["result"]["url"] == REAL
    anonymous = app.get(f"/api/3/action/resource_show?id={res['id']}").json["result"]
    assert "l0c8q" not in json.dumps(anonymous) and "m1rr9" not in json.dumps(anonymous)

    # a read-modify-write (CKAN's resource_patch) keeps the location without ever writing it back
    route_before = resource_row(res["id"])[0]
    helpers.call_action("resource_patch", ctx(editor), id=res["id"], name="就诊表（2024）")
    assert resource_row(res["id"])[0] == route_before
    assert helpers.call_action("resource_show", ctx(editor), id=res["id"])["url"] == REAL

    # a new location: stored apart again, and the route's tag changes with it
    moved = "http://files.example.gov.cn/restricted/patients-2025-n3wl0.csv"
    helpers.call_action("resource_patch", ctx(editor), id=res["id"], url=moved)
    route_after = resource_row(res["id"])[0]
    assert route_after != route_before and "n3wl0" not in route_after
    assert helpers.call_action("resource_show", ctx(editor), id=res["id"])["url"] == moved


def test_an_unconditionally_open_link_stays_where_it_is(app, people, department):
    ds = helpers.call_action("package_create", ctx(people["editor"]), name="loc-open", title="公交站点",
                             notes="说明。", owner_org=department["id"], private=False,
                             resources=[{"name": "站点", "url": OPEN, "format": "CSV"}],
                             **standard_fields())
    assert resource_row(ds["resources"][0]["id"])[0] == OPEN
    assert app.get(f"/api/3/action/package_show?id={ds['id']}").json["result"]["resources"][0]["url"] == OPEN


def test_a_dataset_restricted_later_loses_its_locations_from_the_rows(app, people, department, sysadmin):
    ds = helpers.call_action("package_create", ctx(sysadmin), name="loc-later", title="就诊统计",
                             notes="说明。", owner_org=department["id"], private=False,
                             resources=[{"name": "表", "url": REAL, "format": "CSV"}], **standard_fields())
    assert resource_row(ds["resources"][0]["id"])[0] == REAL
    helpers.call_action("package_patch", ctx(sysadmin), id=ds["id"], **CONDITIONAL)
    assert "l0c8q" not in resource_row(ds["resources"][0]["id"])[0]
    body = app.get(f"/api/3/action/package_show?id={ds['id']}").get_data(as_text=True)
    assert "l0c8q" not in body


# --- uploads' names and the activity stream's older copies -----------------------------------------

UPLOAD_NAME = "居民就诊名单-u9l0d.csv"


def _upload_resource(user, package_id):
    import io
    from werkzeug.datastructures import FileStorage
    upload = FileStorage(io.BytesIO("区,人数\n东城,12\n".encode("utf-8")), filename=UPLOAD_NAME,
                         content_type="text/csv")
    return helpers.call_action("resource_create", ctx(user), package_id=package_id, name="名单",
                               format="CSV", url=UPLOAD_NAME, upload=upload)


def test_an_uploads_name_is_absent_and_its_file_still_downloads(app, conditional, people):
    """Before, CKAN's row of a conditionally-open dataset's upload held its file name, and
    so did the index's stored dicts and the activity copies; only the exits stripped it."""
    res = _upload_resource(people["editor"], conditional["id"])
    url, _ = resource_row(res["id"])
    assert "u9l0d" not in url and url.endswith(".csv")
    indexed = search.query_for(model.Package).run(
        {"q": "id:" + conditional["id"], "fl": "id,validated_data_dict,data_dict"}, permission_labels=None)
    assert "u9l0d" not in json.dumps(indexed["results"], ensure_ascii=False)
    activity = [str(r[0]) for r in model.Session.execute(
        sa.text("select data from activity where object_id = :id"), {"id": conditional["id"]})]
    assert activity and not any("u9l0d" in a for a in activity)
    for user in (None, people["outsider"], people["other_editor"]):
        body = app.get(f"/api/3/action/package_show?id={conditional['id']}", **as_user(user)).get_data(as_text=True)
        assert "u9l0d" not in body, user
        page = app.get(f"/dataset/{conditional['id']}/resource/{res['id']}", **as_user(user))
        assert "u9l0d" not in page.get_data(as_text=True), user
    # those with access get the name back, and the file under it
    for user in (people["editor"], people["requester"]):
        shown = app.get(f"/api/3/action/resource_show?id={res['id']}", **as_user(user)).json["result"]
        # (CKAN's munge_filename keeps only the ASCII of the name: "-u9l0d.csv")
        assert shown["url"].endswith("u9l0d.csv") and "/download/" in shown["url"], shown["url"]
        got = app.get("/" + shown["url"].split("://", 1)[-1].split("/", 1)[1], **as_user(user))
        assert got.status_code == 200 and "东城" in got.get_data(as_text=True)
    # an edit that does not touch the file keeps the name where it is
    helpers.call_action("resource_patch", ctx(people["editor"]), id=res["id"], name="名单（2024）")
    assert resource_row(res["id"])[0] == url
    assert helpers.call_action("resource_show", ctx(people["editor"]), id=res["id"])["url"].endswith("u9l0d.csv")


def test_older_activity_copies_lose_their_locations_when_the_dataset_is_restricted(app, people, department,
                                                                                 sysadmin):
    """Open first: the activity stream keeps copies with the real link and upload name.
    Restricted later: those copies are rewritten too (before, history pages and
    activity_show read them as they were)."""
    ds = helpers.call_action("package_create", ctx(sysadmin), name="loc-hist", title="就诊统计",
                             notes="说明。", owner_org=department["id"], private=False,
                             resources=[{"name": "表", "url": REAL, "format": "CSV"}], **standard_fields())
    up = _upload_resource(sysadmin, ds["id"])
    activity_sql = sa.text("select id, data from activity where object_id = :id")
    before = [str(r[1]) for r in model.Session.execute(activity_sql, {"id": ds["id"]})]
    assert any("l0c8q" in a for a in before) and any("u9l0d" in a for a in before)   # open: kept as is
    helpers.call_action("package_patch", ctx(sysadmin), id=ds["id"], **CONDITIONAL)
    after = list(model.Session.execute(activity_sql, {"id": ds["id"]}))
    assert len(after) > len(before) and not any("l0c8q" in str(r[1]) or "u9l0d" in str(r[1]) for r in after)
    for activity_id, _ in after:
        for user in (None, people["outsider"]):
            page = app.get(f"/dataset/{ds['id']}/resources/{up['id']}/history/{activity_id}", **as_user(user))
            assert page.status_code in (200, 404) and "u9l0d" not in page.get_data(as_text=True)
            assert "l0c8q" not in page.get_data(as_text=True)


def test_a_history_page_of_an_activity_that_is_not_a_datasets_is_404(app, people, department, conditional):
    org_activity = model.Session.execute(sa.text(
        "select id from activity where object_id = :id"), {"id": department["id"]}).first()
    assert org_activity is not None
    res = conditional["resources"][0]
    for user in (None, people["outsider"]):
        resp = app.get(f"/dataset/{conditional['id']}/resources/{res['id']}/history/{org_activity[0]}",
                       **as_user(user))
        assert resp.status_code == 404, resp.status_code


VIEW_IMAGE = "http://files.example.gov.cn/restricted/chart-v1ew7.png"


def test_a_views_own_location_is_kept_apart_too(app, conditional, people):
    """An image view's ``image_url`` on a conditionally-open dataset: before, it sat in the
    view's row (resource_view.config) and only the view actions' exits blanked it."""
    res = conditional["resources"][0]
    view = helpers.call_action("resource_view_create", ctx(people["editor"]), resource_id=res["id"],
                               view_type="image_view", title="图表", image_url=VIEW_IMAGE)
    config = model.Session.execute(sa.text("select config from resource_view where id = :id"),
                                   {"id": view["id"]}).scalar()
    assert "v1ew7" not in str(config) and "/file/" in str(config)
    for user in (None, people["outsider"], people["other_editor"]):
        listed = app.get(f"/api/3/action/resource_view_list?id={res['id']}", **as_user(user))
        assert "v1ew7" not in listed.get_data(as_text=True), user
    shown = app.get(f"/api/3/action/resource_view_show?id={view['id']}", **as_user(people["requester"])).json
    assert shown["result"]["image_url"] == VIEW_IMAGE
    route = json.loads(config)["image_url"] if isinstance(config, str) else config["image_url"]
    path = "/" + route.split("://", 1)[-1].split("/", 1)[1]
    assert app.get(path, follow_redirects=False, **as_user(people["outsider"])).status_code == 403
    resp = app.get(path, follow_redirects=False, **as_user(people["requester"]))
    assert resp.status_code == 302 and resp.headers["Location"] == VIEW_IMAGE
    # editing the view's title keeps the location apart and reachable
    with pytest.raises(tk.ValidationError):            # CKAN's auth reads it: a 409 now, was a 500
        helpers.call_action("resource_view_update", ctx(people["editor"]), id=view["id"], title="x")
    helpers.call_action("resource_view_update", ctx(people["editor"]), id=view["id"], title="图表（新）",
                        resource_id=res["id"], view_type="image_view", image_url=VIEW_IMAGE)
    config = model.Session.execute(sa.text("select config from resource_view where id = :id"),
                                   {"id": view["id"]}).scalar()
    assert "v1ew7" not in str(config)
