"""Nothing restricted reaches a public surface.

Seeds one dataset of every classification combination, then walks every door
an outsider can knock on (the Action API, the HTML pages, the DCAT and
data.json exports, feeds, activity streams, autocomplete, downloads) first as
the anonymous visitor, then as a logged-in user who belongs to no department
and holds one approved access request. Every response body is searched for
the restricted tokens: the names, titles and ids of the private, draft,
deleted, not-open and PII-bearing datasets (and their resources), the file
URLs of the conditionally-open datasets, and the contents of an uploaded file.

A failure lists each (surface, token) found, so a new leak names its door.
"""
import json
from urllib.parse import quote

import pytest

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers

from tests.integration.conftest import standard_fields

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]


@pytest.fixture(autouse=True)
def no_gate_checks(monkeypatch):
    """These tests are about what a public dataset shows, not whether it may be
    public: the gate's content checks (scans, validation of the remote test URLs,
    which cannot be fetched here) are switched off; the open type still comes
    from the classification policy."""
    from ckanext.govopen.gate import core
    monkeypatch.setattr(core, "_checks", [])


@pytest.fixture(autouse=True)
def inline_jobs(ckan_config, monkeypatch):
    """Content jobs (scans) run inside the write, so uploads are checked at once."""
    monkeypatch.setitem(ckan_config, "govopen.jobs.inline", "true")

OPEN_URL = "http://files.example.gov.cn/open/ridership-opn4w.csv"
COND_URL = "http://files.example.gov.cn/restricted/patients-fu7q.csv"
COND_EXTRA_URL = "http://files.example.gov.cn/restricted/mirror-fx2m.csv"
COND_VIEW_URL = "http://files.example.gov.cn/restricted/chart-fv5k.png"
UPLOAD_CONTENT = "district,patients\nupl8zcontent,1\n"
GRANTED_URL = "http://files.example.gov.cn/restricted/granted-grt3h.csv"

#: name -> (title, resource url) of datasets nobody outside the department may see at all.
HIDDEN = {
    "leak-private-pvt9k": ("Private roster pvt9k", "http://files.example.gov.cn/x/pvt9kfile.csv"),
    "leak-draft-drf4m": ("Draft notes drf4m", "http://files.example.gov.cn/x/drf4mfile.csv"),
    "leak-deleted-dlt6p": ("Deleted table dlt6p", "http://files.example.gov.cn/x/dlt6pfile.csv"),
    "leak-notopen-nop2x": ("Not open ledger nop2x", "http://files.example.gov.cn/x/nop2xfile.csv"),
    "leak-pii-pii8r": ("Resident list pii8r", "http://files.example.gov.cn/x/pii8rfile.csv"),
}


def _dataset(sysadmin, department, name, title, url, **fields):
    fields.setdefault("private", False)
    return factories.Dataset(
        user=sysadmin, name=name, title=title, notes="Notes of %s." % title,
        owner_org=department["id"], tags=[{"name": "leaktag"}],
        resources=[{"name": "file of " + title, "url": url, "format": "CSV"}],
        **standard_fields(**fields))


@pytest.fixture
def seeded(sysadmin, department, create_with_upload):
    admin = {"user": sysadmin["name"]}
    group = factories.Group(user=sysadmin, name="leak-group")
    conditional = dict(open_type="conditional", open_condition="实名申请后提供",
                       legal_basis="《中华人民共和国数据安全法》第二十一条", theme="health")
    open_ = _dataset(sysadmin, department, "leak-open-opn4w", "Ridership opn4w", OPEN_URL,
                     groups=[{"id": group["id"]}])
    cond = _dataset(sysadmin, department, "leak-conditional-cnd7q", "Patients cnd7q", COND_URL,
                    groups=[{"id": group["id"]}], **conditional)
    cond = helpers.call_action("resource_create", dict(admin), package_id=cond["id"], name="mirror",
                               url=COND_EXTRA_URL, download_url=COND_EXTRA_URL, format="CSV")
    uploaded = create_with_upload(UPLOAD_CONTENT, "cases.csv", context=dict(admin), package_id=cond["package_id"],
                                  name="uploaded cases", format="CSV")
    cond = helpers.call_action("package_show", id=cond["package_id"])
    first = cond["resources"][0]
    helpers.call_action("resource_view_create", dict(admin), resource_id=first["id"], title="chart",
                        view_type="image_view", image_url=COND_VIEW_URL)
    granted = _dataset(sysadmin, department, "leak-granted-grt3h", "Clinics grt3h", GRANTED_URL,
                       **conditional)

    hidden = {}
    for name, (title, url) in HIDDEN.items():
        kind = name.split("-")[1]
        extra = {}
        if kind == "private":
            extra = dict(private=True, groups=[{"id": group["id"]}])
        elif kind == "draft":
            extra = dict(state="draft", private=True)
        elif kind == "notopen":
            extra = dict(private=True, open_type="none",
                         open_condition="", legal_basis="《中华人民共和国个人信息保护法》")
        elif kind == "pii":
            extra = dict(private=True, personal_info="personal", open_type="none",
                         legal_basis="《中华人民共和国个人信息保护法》")
        hidden[name] = _dataset(sysadmin, department, name, title, url, **extra)
    helpers.call_action("package_delete", dict(admin), id=hidden["leak-deleted-dlt6p"]["id"])
    hidden["leak-deleted-dlt6p"] = helpers.call_action("package_show", id="leak-deleted-dlt6p")
    return {"group": group, "open": open_, "cond": cond, "uploaded": uploaded,
            "granted": granted, "hidden": hidden}


def restricted_tokens(seeded, except_granted=False):
    """Every string an outsider must never receive, with where it comes from."""
    tokens = {}
    for d in seeded["hidden"].values():
        what = "hidden dataset %s" % d["name"]
        tokens[d["id"]] = what
        tokens[d["name"]] = what
        tokens[d["title"]] = what
        tokens[d["name"].rsplit("-", 1)[1]] = what  # the marker, also inside URLs
        for r in d["resources"]:
            tokens[r["id"]] = what + " (resource id)"
    for url in (COND_URL, COND_EXTRA_URL, COND_VIEW_URL):
        tokens[url.rsplit("-", 1)[1].split(".")[0]] = "conditional file URL " + url
    tokens["upl8zcontent"] = "uploaded file contents"
    tokens["cases.csv"] = "uploaded file name (download URL)"
    if not except_granted:
        tokens["grt3h.csv"] = "conditional file URL " + GRANTED_URL
    return tokens


OK, REFUSED, ANY = {200}, {403, 404}, None


def surfaces(seeded, department):
    """(label, path) of every GET an outsider can make, API and HTML."""
    cond, open_, group = seeded["cond"], seeded["open"], seeded["group"]
    granted = seeded["granted"]
    org = department["name"]
    res = cond["resources"][0]
    up = seeded["uploaded"]
    hidden = list(seeded["hidden"].values())
    views = helpers.call_action("resource_view_list", id=res["id"])
    activities = helpers.call_action("package_activity_list", id=cond["id"])

    def api(action, _ok=OK, **params):
        q = "&".join("%s=%s" % (k, quote(v if isinstance(v, str) else json.dumps(v)))
                     for k, v in params.items())
        return ("api " + action + (" " + q if q else ""), "/api/3/action/%s?%s" % (action, q), _ok)

    def post(action, _ok=OK, **body):
        return ("api POST %s %s" % (action, json.dumps(body, ensure_ascii=False)),
                "/api/3/action/" + action, _ok, body)

    out = [
        # search in every form
        api("package_search", q="*:*", rows=1000),
        api("package_search", q="*:*", include_private="true", include_drafts="true",
            include_deleted="true", rows=1000),
        api("package_search", q="*:*", use_default_schema="true", rows=1000),
        api("package_search", fq="owner_org:%s" % department["id"], include_private="true"),
        api("package_search", q="res_url:*"),
        api("package_search", q="urls:restricted"),
        api("package_search", q="text:fu7q OR text:pvt9k OR text:fv5k"),
        post("package_search", q="*:*", rows=1000,
             **{"facet.field": ["text", "name", "title", "res_name", "groups", "organization", "tags"],
                "facet.limit": -1, "facet.mincount": 1}),
        # fields that hold locations or stored dataset dicts: refused (409), not stripped
        post("package_search", {409}, q="*:*", rows=1000,
             **{"facet.field": ["res_url", "urls", "url", "res_extras_download_url"],
                "facet.limit": -1, "facet.mincount": 1}),
        post("package_search", q="*:*", include_private=True, include_drafts=True, rows=1000,
             fl=["id", "name", "title", "notes", "res_name"]),
        post("package_search", {409}, q="*:*", include_private=True, include_drafts=True, rows=1000,
             fl=["id", "name", "title", "url", "res_url", "res_extras_download_url",
                 "data_dict", "validated_data_dict"]),
        post("package_search", {409}, q="*:*", include_private=True, rows=1000, fl=["res_url"]),
        post("package_search", {409}, q="*:*", include_private=True, rows=1000, fl=["validated_data_dict"]),
        post("package_search", {409}, q="*:*", rows=1000, fl=["name,vdd:validated_data_dict"]),
        post("package_search", {409}, q="*:*", rows=1000, fl=["dd:data_dict", "[json]"]),
        api("current_package_list_with_resources"),
        api("package_list"),
        api("resource_search", query="url:files.example.gov.cn"),
        api("resource_search", query="name:file"),
        api("resource_search", query="url:fu7q"),
        # single records
        api("package_show", id=open_["id"]),
        api("package_show", id=cond["id"]),
        api("package_show", id=cond["name"], use_default_schema="true"),
        api("resource_show", id=res["id"]),
        api("resource_show", id=up["id"]),
        api("resource_view_list", id=res["id"]),
        api("organization_show", id=org, include_datasets="true"),
        api("organization_list", all_fields="true", include_dataset_count="true"),
        api("group_show", id=group["name"], include_datasets="true"),
        api("group_list", all_fields="true", include_dataset_count="true"),
        api("group_package_show", _ok=ANY, id=group["name"]),
        api("tag_show", id="leaktag", include_datasets="true"),
        api("tag_list"),
        api("member_list", id=org),
        api("member_list", id=group["name"]),
        # activity streams
        api("package_activity_list", id=cond["id"]),
        api("package_activity_list", _ok=ANY, id=cond["id"], include_data="true"),
        api("organization_activity_list", id=org),
        api("organization_activity_list", _ok=ANY, id=org, include_hidden_activity="true"),
        api("group_activity_list", id=group["name"]),
        api("recently_changed_packages_activity_list"),
        api("dashboard_activity_list", _ok=ANY),
        # autocomplete
        api("package_autocomplete", q="leak"),
        api("package_autocomplete", q="Private"),
        api("format_autocomplete", q="cs"),
        api("tag_autocomplete", q="leak"),
        # DCAT actions
        post("dcat_dataset_show", id=cond["id"], format="ttl"),
        post("dcat_dataset_show", id=cond["id"], format="ttl", profiles=["euro_dcat_ap_3"]),
        post("dcat_dataset_show", id=cond["id"], format="jsonld", profiles=["euro_dcat_ap_2"]),
        post("dcat_dataset_show", id=cond["id"], format="xml", profiles=["schemaorg"]),
        post("dcat_dataset_show", id=cond["id"], format="ttl", profiles=["dcat_us_3"]),
        api("dcat_catalog_show", format="ttl"),
        post("dcat_catalog_show", format="ttl", profiles=["euro_dcat_ap_3"]),
        post("dcat_catalog_search", format="jsonld", q="*:*", profiles=["euro_dcat_ap_2"]),
        # API help
        api("help_show", name="package_search"),
        ("api index", "/api/3"),
        ("util dataset autocomplete", "/api/2/util/dataset/autocomplete?incomplete=leak"),
        ("util tag autocomplete", "/api/2/util/tag/autocomplete?incomplete=leak"),
        ("util format autocomplete", "/api/2/util/resource/format_autocomplete?incomplete=cs"),
        ("util organization autocomplete", "/api/2/util/organization/autocomplete?q=" + org[:4]),
        # exports
        ("data.json", "/data.json"),
        ("dcat.json", "/dcat.json", ANY),
        ("sitemap", "/sitemap.xml", ANY),
        ("robots", "/robots.txt", ANY),
    ]
    for fmt in ("ttl", "rdf", "jsonld", "xml"):
        out.append(("catalog " + fmt, "/catalog.%s" % fmt))
        for profile in ("", "euro_dcat_ap_3", "euro_dcat_ap_2", "euro_dcat_ap", "schemaorg"):
            q = "?profiles=" + profile if profile else ""
            out.append(("dataset %s %s" % (fmt, profile), "/dataset/%s.%s%s" % (cond["id"], fmt, q)))
            if profile:
                out.append(("catalog %s %s" % (fmt, profile), "/catalog.%s%s" % (fmt, q)))
    out += [
        # feeds
        ("feed dataset", "/feeds/dataset.atom"),
        ("feed custom", "/feeds/custom.atom?q=leak"),
        ("feed custom private", "/feeds/custom.atom?q=pvt9k&include_private=true"),
        ("feed organization", "/feeds/organization/%s.atom" % org),
        ("feed group", "/feeds/group/%s.atom" % group["name"]),
        ("feed tag", "/feeds/tag/leaktag.atom"),
        # HTML pages
        ("home", "/"),
        ("dataset list", "/dataset/"),
        ("dataset search", "/dataset/?q=leak"),
        ("dataset search private", "/dataset/?q=pvt9k&include_private=True"),
        ("dataset page open", "/dataset/" + open_["name"]),
        ("dataset page conditional", "/dataset/" + cond["name"]),
        ("dataset page conditional by id", "/dataset/" + cond["id"], {200, 302}),
        ("resource page", "/dataset/%s/resource/%s" % (cond["name"], res["id"])),
        ("resource page upload", "/dataset/%s/resource/%s" % (cond["name"], up["id"])),
        ("resource views", "/dataset/%s/resource/%s/views" % (cond["name"], res["id"]), ANY),
        ("dataset groups", "/dataset/groups/" + cond["name"]),
        ("dataset activity", "/dataset/activity/" + cond["name"]),
        ("organization list", "/organization/"),
        ("organization page", "/organization/" + org),
        ("organization search", "/organization/%s?q=leak" % org),
        ("organization about", "/organization/about/" + org),
        ("organization activity", "/organization/activity/" + org),
        ("group list", "/group/"),
        ("group page", "/group/" + group["name"]),
        ("group activity", "/group/activity/" + group["name"]),
        ("dashboard", "/dashboard/", ANY),
        ("dashboard datasets", "/dashboard/datasets", ANY),
        ("user list", "/user/", ANY),
        ("api docs", "/api/3/action/help_show?name=package_show"),
        ("granted dataset page", "/dataset/" + granted["name"]),
    ]
    for v in views:
        out.append(("resource view %s" % v["view_type"],
                    "/dataset/%s/resource/%s/view/%s" % (cond["name"], res["id"], v["id"])))
        out.append(api("resource_view_show", id=v["id"]))
    for a in activities[:3]:
        out.append(("activity changes %s" % a["activity_type"], "/dataset/changes/" + a["id"], ANY))
        out.append(api("activity_show", _ok=ANY, id=a["id"], include_data="true"))
        out.append(api("activity_data_show", _ok=ANY, id=a["id"]))
        out.append(api("activity_diff", _ok=ANY, id=a["id"], object_type="package"))
    # the restricted datasets asked for directly, by name and id
    for d in hidden:
        for key in (d["id"], d["name"]):
            out.append(api("package_show", _ok=REFUSED, id=key))
            out.append(("dataset page " + key, "/dataset/" + key, REFUSED))
            out.append(("dataset ttl " + key, "/dataset/%s.ttl" % key, REFUSED))
            out.append(("dataset activity " + key, "/dataset/activity/" + key, REFUSED))
            out.append(api("package_activity_list", _ok=REFUSED, id=key))
        for r in d["resources"]:
            out.append(api("resource_show", _ok=REFUSED, id=r["id"]))
            out.append(("hidden resource page", "/dataset/%s/resource/%s" % (d["id"], r["id"]),
                        REFUSED))
            out.append(("hidden resource download",
                        "/dataset/%s/resource/%s/download" % (d["id"], r["id"]), REFUSED))
    return out


def downloads(seeded):
    cond, up = seeded["cond"], seeded["uploaded"]
    rid = up["id"]
    out = [("download upload", "/dataset/%s/resource/%s/download/cases.csv" % (cond["id"], rid)),
           ("download upload no name", "/dataset/%s/resource/%s/download" % (cond["id"], rid)),
           ("download upload legacy", "/dataset/%s/resource/%s/download/cases.csv" % (cond["name"], rid)),
           ("public storage", "/file/public-download/resources/%s/%s/%s" % (rid[:3], rid[3:6], rid[6:]))]
    for r in cond["resources"]:
        out.append(("download link", "/dataset/%s/resource/%s/download" % (cond["id"], r["id"])))
    return out


def walk(app, paths, tokens, headers=None):
    """GET every path; every (label, path, status, token, what) where a token was
    in the body (a token the request itself carried is an echo, not a leak), and
    every surface that did not answer as expected (a 400 hides nothing: it means
    the door was not really tried)."""
    found = []
    for label, path, *rest in paths:
        expect = rest[0] if rest else OK
        if len(rest) > 1:
            res = app.post(path, json=rest[1], headers=headers or {}, follow_redirects=False)
        else:
            res = app.get(path, headers=headers or {}, follow_redirects=False)
        if expect is not ANY and res.status_code not in expect:
            found.append((label, path, res.status_code, "-", "unexpected status, wanted %s: %s"
                          % (sorted(expect), res.get_data(as_text=True)[:300])))
        body = res.get_data(as_text=True)
        location = res.headers.get("Location", "")
        for token, what in tokens.items():
            if token in path:
                continue
            if token in body or token in location or json.dumps(token)[1:-1] in body:
                found.append((label, path, res.status_code, token, what))
    return found


def _assert_no_leak(found):
    assert found == [], "restricted content reached the outsider:\n" + "\n".join(
        "  %s  %s  [%s]  %r -> %s" % f for f in found)


def test_anonymous_sees_nothing_restricted_anywhere(app, seeded, department):
    paths = surfaces(seeded, department)
    assert len(paths) > 150
    _assert_no_leak(walk(app, paths, restricted_tokens(seeded)))
    # the open dataset really is there (the walk is not blind)
    body = app.get("/api/3/action/package_show?id=" + seeded["open"]["id"]).get_data(as_text=True)
    assert OPEN_URL in body
    assert "Patients cnd7q" in app.get("/dataset/").get_data(as_text=True)


def test_anonymous_downloads_of_conditional_files_are_refused(app, seeded):
    for label, path in downloads(seeded):
        res = app.get(path, follow_redirects=False)
        assert res.status_code in (403, 404), (label, path, res.status_code)
        assert "upl8zcontent" not in res.get_data(as_text=True)
        assert COND_URL not in res.headers.get("Location", "")


def test_search_probes_cannot_find_hidden_urls(app, seeded):
    for q in ('res_url:"%s"' % COND_URL, "res_url:*fu7q*", "urls:fu7q", "fu7q.csv",
              "res_extras_download_url:*fx2m*", "text:fx2m"):
        res = app.get("/api/3/action/package_search?q=" + quote(q))
        assert res.status_code == 200, (q, res.get_data(as_text=True)[:500])
        assert res.json["result"]["count"] == 0, q
    res = app.get("/api/3/action/resource_search?query=" + quote("url:fu7q")).json["result"]
    assert res["count"] == 0


def test_logged_in_outsider_sees_no_more_than_anonymous_but_their_grant(app, seeded, department,
                                                                        sysadmin):
    outsider = factories.User(name="leak-outsider")
    token = factories.APIToken(user=outsider["name"])["token"]
    headers = {"Authorization": token}
    granted = seeded["granted"]
    req = helpers.call_action("govopen_access_request_create",
                              {"user": outsider["name"], "ignore_auth": False},
                              package_id=granted["id"], purpose="研究门诊分布，用于学术论文。")
    helpers.call_action("govopen_access_request_decide",
                        {"user": sysadmin["name"], "ignore_auth": False},
                        id=req["id"], decision="approved", reason="符合开放条件。")

    paths = surfaces(seeded, department) + [
        ("api own requests", "/api/3/action/govopen_access_request_list"),
        ("api granted show", "/api/3/action/package_show?id=" + granted["id"]),
    ]
    _assert_no_leak(walk(app, paths, restricted_tokens(seeded, except_granted=True), headers))
    for label, path in downloads(seeded):
        res = app.get(path, headers=headers, follow_redirects=False)
        assert res.status_code in (403, 404), (label, path, res.status_code)

    # ...and the grant works: the approved dataset's file URL, for this user only
    shown = app.get("/api/3/action/package_show?id=" + granted["id"], headers=headers).json
    assert [r["url"] for r in shown["result"]["resources"]] == [GRANTED_URL]
    res = app.get("/dataset/%s/resource/%s/download" % (granted["id"], granted["resources"][0]["id"]),
                  headers=headers, follow_redirects=False)
    assert res.status_code == 302 and res.headers["Location"] == GRANTED_URL
    anonymous = app.get("/api/3/action/package_show?id=" + granted["id"]).json
    assert GRANTED_URL not in json.dumps(anonymous)
