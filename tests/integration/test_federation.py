"""A province harvests a city's govopen catalog (``profile: govopen`` of the
``ckan_api`` source type, ``govopen_harvesters.federation``).

The city is this same catalog, read the only way the province may read it:
its Action API as an anonymous visitor, through the real WSGI app. Its
answer is kept, the city's datasets are purged (a catalog holds a resource
code once), and a local server plays the city's API from that answer while
the province harvests it. So what the province receives is exactly what a
city's govopen gives anyone; what crosses, with which fields, and what never
does is decided by the province's side, which is what these tests hold.
"""
import json

import pytest

import ckan.model as model
import ckan.tests.factories as factories
import ckan.tests.helpers as helpers

from govopen_harvesters import federation
from ckanext.govopen.harvest import job
from ckanext.govopen.harvest import model as hmodel

from tests.integration.api_auth import ctx
from tests.integration.conftest import standard_fields
from tests.integration.test_harvest_datajson import make_source, show
from tests.unit.test_harvesters_ckan_api import FakeCKAN
from tests.local_server import LocalServer

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]

FILES = "https://files.city-a.example.gov.cn/"
ELEMENTS = [{"name": "stop_id", "title": "站点编号", "type": "string", "description": "站点的唯一编号"},
            {"name": "stop_name", "title": "站点名称", "type": "string"}]
CONDITIONAL = dict(open_type="conditional", open_condition="实名申请后提供",
                   legal_basis="《中华人民共和国数据安全法》第二十一条")


@pytest.fixture(autouse=True)
def no_content_checks(monkeypatch):
    """The city's file URLs cannot be fetched here: the gate's content checks are off
    (the classification check and the verdict still decide)."""
    from ckanext.govopen.gate import core
    monkeypatch.setattr(core, "_checks", [c for c in core.all_checks() if c[0] == "classification"])


def city_dataset(org, name, private=False, state="active", url_tag=None, **fields):
    url_tag = url_tag or name
    data = dict(standard_fields(**fields), name=name, title="城市 %s" % name, notes="城市目录里的 %s。" % name,
                owner_org=org["id"], private=private, data_elements=ELEMENTS,
                contact_name="交通局数据科", contact_email="data@jtj.city-a.gov.cn",
                legal_basis=fields.get("legal_basis", "《政府信息公开条例》"),
                resources=[{"name": "%s.csv" % name, "url": FILES + "%s-f1le.csv" % url_tag, "format": "CSV"}])
    if state != "active":
        data["state"] = state
    return helpers.call_action("package_create", ctx(CITY_ADMIN[0]), **data)


CITY_ADMIN = []


class City:
    """The city's catalog: its datasets, and its API's answers as anonymous saw them."""

    def __init__(self, app, sysadmin):
        CITY_ADMIN[:] = [sysadmin]
        self.app = app
        self.org = factories.Organization(user=sysadmin, name="city-a-transport", title="A 市交通运输局",
                                          provider_code="11310000002463025G")
        self.ds = {
            "public": city_dataset(self.org, "bus-stops"),
            "public2": city_dataset(self.org, "bus-lines"),
            "two-path": city_dataset(self.org, "metro-stations"),
            "conditional": city_dataset(self.org, "taxi-trips", **CONDITIONAL),
            "private": city_dataset(self.org, "staff-roster", private=True),
            "not-open": city_dataset(self.org, "case-files", private=True, open_type="none"),
            "draft": city_dataset(self.org, "draft-plan", state="draft"),
        }
        self.withdrawn = city_dataset(self.org, "old-routes")
        # withdrawn at the city: its harvest made it private and marked it
        helpers.call_action("package_patch", ctx(sysadmin), id=self.withdrawn["id"], private=True)
        self.ds["withdrawn"] = self.withdrawn

    def anonymous(self):
        """Every dataset the city's API gives an anonymous visitor, as package_search answers."""
        res = self.app.get("/api/3/action/package_search", query_string={"q": "*:*", "rows": 1000})
        assert res.status_code == 200
        return res.json["result"]["results"]

    def resource_urls(self, key):
        """The file locations of a city dataset (as its sysadmin sees them)."""
        d = helpers.call_action("package_show", ctx(CITY_ADMIN[0]), id=self.ds[key]["id"])
        return [r["url"] for r in d["resources"]] + [FILES + "%s-f1le.csv" % d["name"]]


def purge(ids):
    for i in ids:
        helpers.call_action("dataset_purge", id=i)


@pytest.fixture
def server(ckan_config, monkeypatch):
    with LocalServer() as srv:
        monkeypatch.setitem(ckan_config, "govopen.outbound.allow", "127.0.0.1:%d" % srv.httpd.server_address[1])
        yield srv


def by_code(code):
    found = helpers.call_action("package_search", q="resource_code:\"%s\"" % code, include_private=True,
                                include_drafts=True)
    return found["results"]


def province_surfaces(app, names):
    """Everything the province shows anyone: its API, pages and exports."""
    out = [app.get("/api/3/action/package_search", query_string={"q": "*:*", "rows": 1000}).get_data(as_text=True),
           app.get("/catalog.ttl").get_data(as_text=True),
           app.get("/data.json").get_data(as_text=True)]
    for name in names:
        out.append(app.get("/api/3/action/package_show", query_string={"id": name}).get_data(as_text=True))
        out.append(app.get("/dataset/%s" % name).get_data(as_text=True))
    return "\n".join(out)


def test_a_province_gets_what_the_city_opens_with_every_field_and_follows_it(app, sysadmin, department,
                                                                           server, tmp_path):
    city = City(app, sysadmin)
    first = city.anonymous()
    # the city's API itself: private, draft and withdrawn never in it
    assert {p["name"] for p in first} == {"bus-stops", "bus-lines", "metro-stations", "taxi-trips"}
    cond_urls = city.resource_urls("conditional")
    city_shown = {p["name"]: p for p in first}

    # then the city restricts one and withdraws another; its API answers anew
    helpers.call_action("package_patch", ctx(sysadmin), id=city.ds["public2"]["id"], **CONDITIONAL)
    helpers.call_action("package_patch", ctx(sysadmin), id=city.ds["public"]["id"], private=True)
    second = city.anonymous()
    restricted_urls = city.resource_urls("public2")
    purge(d["id"] for d in city.ds.values())
    helpers.call_action("organization_purge", id=city.org["id"])

    # the province: the city's answers behind a local server
    api = FakeCKAN(first)
    server.add("/api/3/action/package_search", api)
    source, _ = make_source(tmp_path, department, server.url("/"), kind="ckan_api", name="city-a",
                            profile="govopen", private=False, catalog_title="A 市公共数据开放平台")
    rep = job.run(source).as_dict()
    assert (rep["created"], rep["errored"]) == (3 + 1, 0), rep
    assert all("effective_open_type:(unconditional OR conditional)" in c.get("fq", "") for c in api.calls)

    records = hmodel.records_of(model.Session, source["id"])
    got = {show(r["dataset_id"])["resource_code"]: show(r["dataset_id"]) for r in records.values()}
    crossed = {n: city_shown[n] for n in ("bus-stops", "bus-lines", "metro-stations", "taxi-trips")}
    # exactly the public and conditional ones, found by their resource code
    assert set(got) == {p["resource_code"] for p in crossed.values()}
    for name, city_pkg in crossed.items():
        mine = got[city_pkg["resource_code"]]
        for field in federation.standard_fields():
            assert mine.get(field) == city_pkg.get(field), (name, field)
        assert mine["govopen_verdict"]["open_type"] == city_pkg["govopen_verdict"]["open_type"]
        assert mine["owner_org"] == department["id"]
        prov = mine["govopen_provenance"]
        assert prov["department"] == "city-a-transport"
        assert prov["dataset_url"] == server.url("/dataset/%s" % name)
        assert prov["catalog"] == "A 市公共数据开放平台"
    assert got[crossed["taxi-trips"]["resource_code"]]["open_type"] == "conditional"
    assert [r["url"] for r in got[crossed["taxi-trips"]["resource_code"]]["resources"]] == [""]
    assert got[crossed["bus-stops"]["resource_code"]]["resources"][0]["url"] == FILES + "bus-stops-f1le.csv"
    assert got[crossed["bus-stops"]["resource_code"]]["private"] is False
    names = [d["name"] for d in got.values()]
    page = app.get("/dataset/%s" % got[crossed["taxi-trips"]["resource_code"]]["name"]).get_data(as_text=True)
    assert server.url("/dataset/taxi-trips") in page and "A 市交通运输局" in page
    shown = province_surfaces(app, names)
    # the city's API gave no location for its conditional dataset; the province has none either
    assert [r["url"] for r in city_shown["taxi-trips"]["resources"]] == [""]
    assert cond_urls and all(cond_urls)
    for url in cond_urls:
        assert url not in shown

    # the city withdrew bus-stops and restricted bus-lines: the province follows
    api.packages = second
    rep = job.run(source).as_dict()
    assert rep["withdrawn"] == 1 and rep["errored"] == 0, rep
    gone = got[crossed["bus-stops"]["resource_code"]]
    now = show(gone["id"])
    assert now["private"] is True and now["harvest_withdrawn"] is True
    lines = show(got[crossed["bus-lines"]["resource_code"]]["id"])
    assert lines["open_type"] == "conditional" and lines["govopen_verdict"]["open_type"] == "conditional"
    assert [r["url"] for r in lines["resources"]] == [""]
    shown = province_surfaces(app, names)
    for url in restricted_urls + cond_urls:
        assert url not in shown


def test_a_dataset_reaching_the_province_by_two_paths_is_one(app, sysadmin, department, server, tmp_path):
    city = City(app, sysadmin)
    shown = {p["name"]: p for p in city.anonymous()}
    purge(d["id"] for d in city.ds.values())
    helpers.call_action("organization_purge", id=city.org["id"])
    two = shown["metro-stations"]

    # the department publishes it to the province directly (its own CKAN API, classification trusted)
    direct = FakeCKAN([two])
    server.add("/dept/api/3/action/package_search", direct)
    dept_source, _ = make_source(tmp_path, department, server.url("/dept/"), kind="ckan_api", name="dept-direct",
                                 trust_source_classification=True)
    rep = job.run(dept_source).as_dict()
    assert rep["created"] == 1, rep

    server.add("/api/3/action/package_search", FakeCKAN(list(shown.values())))
    source, _ = make_source(tmp_path, department, server.url("/"), kind="ckan_api", name="city-a",
                            profile="govopen", private=False)
    rep = job.run(source).as_dict()
    assert rep["errored"] == 0, rep
    assert len(by_code(two["resource_code"])) == 1
    assert (rep["created"], rep["unchanged"]) == (3, 1), rep
