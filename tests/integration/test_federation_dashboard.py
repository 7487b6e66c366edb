"""Province-wide figures: a province harvests two cities' govopen catalogs (in
process, as tests/integration/test_federation.py does: each city's API answer
as anonymous saw it, played by a local server) and its open-data dashboard
rolls the datasets up by city catalog and by department across cities.

Both cities have a department named ``transport``: at the province they are two
departments, told apart by the city catalog their provenance names. The
figures are counts only (the one verdict decides open and conditional); no
dataset of either city is named on the page, and one the city withdraws stays
counted, private, after the next harvest.
"""
import datetime
import re

import pytest

import ckan.model as model
import ckan.tests.factories as factories
import ckan.tests.helpers as helpers

from ckanext.govopen.harvest import job
from ckanext.govopen.harvest import model as hmodel

from tests.integration.test_federation import (  # noqa: F401  (fixtures)
    CITY_ADMIN, CONDITIONAL, city_dataset, no_content_checks, purge, server,
)
from tests.integration.test_harvest_datajson import make_source, show
from tests.unit.test_harvesters_ckan_api import FakeCKAN

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]

TODAY = datetime.date.today().isoformat()
LONG_AGO = dict(modified="2024-05-01")
RECENT = dict(modified=TODAY)


def city_answer(app, sysadmin, title, specs):
    """A city's catalog with a ``transport`` department: its API's answer to anonymous,
    after which its datasets and department are purged (one test database plays both)."""
    CITY_ADMIN[:] = [sysadmin]
    org = factories.Organization(user=sysadmin, name="transport", title=title,
                                 provider_code="11310000002463025G")
    made = [city_dataset(org, name, **fields) for name, fields in specs]
    res = app.get("/api/3/action/package_search", query_string={"q": "*:*", "rows": 1000})
    assert res.status_code == 200
    answer = res.json["result"]["results"]
    purge(d["id"] for d in made)
    helpers.call_action("organization_purge", id=org["id"])
    return answer


def figures():
    return helpers.call_action("govopen_open_data_figures", {"user": "", "ignore_auth": False})


def truth(source):
    """The figures of one source's datasets, from package_show, without the dashboard's code."""
    shown = [show(r["dataset_id"]) for r in hmodel.records_of(model.Session, source["id"]).values()]
    today = datetime.date.today()
    return {
        "catalogued": len(shown),
        "public": sum(not d["private"] for d in shown),
        "open": sum(not d["private"] and d["govopen_verdict"]["open_type"] == "unconditional" for d in shown),
        "conditional": sum(not d["private"] and d["govopen_verdict"]["open_type"] == "conditional"
                           for d in shown),
        "recent": sum((today - datetime.date.fromisoformat(d.get("modified") or d["issued"])).days <= 30
                      for d in shown),
        "quality_average": round(sum(d["quality_score"] for d in shown) / len(shown), 1),
    }


def row_figures(html, attribute, key):
    """``{figure: text}`` of the table row whose ``attribute`` is ``key``."""
    found = re.search(r'<tr %s="%s">(.*?)</tr>' % (attribute, re.escape(key)), html, re.S)
    assert found, (attribute, key)
    return dict(re.findall(r'data-figure="([a-z_]+)">([^<]*)<', found.group(1)))


@pytest.fixture
def province(app, sysadmin, department, server, make_dataset, tmp_path):
    """Two cities harvested by the province (city A withdrew one dataset since), and one
    dataset published at the province directly; ``{sources, urls}``."""
    a_first = city_answer(app, sysadmin, "A 市交通运输局", [
        ("bus-stops", RECENT), ("bus-lines", LONG_AGO), ("taxi-trips", dict(CONDITIONAL, **RECENT)),
        ("staff-roster", dict(private=True))])
    b_first = city_answer(app, sysadmin, "B 市交通运输局", [
        ("ferry-piers", LONG_AGO), ("parking-permits", dict(CONDITIONAL, **LONG_AGO))])
    make_dataset(title="省级直接发布的数据", **RECENT)          # published at the province directly

    a_api = FakeCKAN(a_first)
    server.add("/a/api/3/action/package_search", a_api)
    server.add("/b/api/3/action/package_search", FakeCKAN(b_first))
    sources = {}
    for key, title in (("a", "A 市公共数据开放平台"), ("b", "B 市公共数据开放平台")):
        sources[key], _ = make_source(tmp_path, department, server.url("/%s/" % key), kind="ckan_api",
                                      name="city-%s" % key, profile="govopen", private=False,
                                      catalog_title=title)
        assert job.run(sources[key]).as_dict()["errored"] == 0
    # city A withdraws bus-stops: the province keeps it, private, and counts it as such
    a_api.packages = [p for p in a_first if p["name"] != "bus-stops"]
    assert job.run(sources["a"]).as_dict()["withdrawn"] == 1
    return {"sources": sources, "urls": (server.url("/a"), server.url("/b"))}


#: Every city dataset's name (none may show on the dashboard).
CITY_NAMES = ("bus-stops", "bus-lines", "taxi-trips", "staff-roster", "ferry-piers", "parking-permits")


def test_the_dashboard_rolls_up_by_city_and_by_department_across_cities(app, province):
    sources = province["sources"]
    fed = figures()["federation"]
    a_url, b_url = province["urls"]
    assert fed["federated"] == 5
    assert [r["catalog"]["key"] for r in fed["catalogs"]] == [a_url, b_url, ""]
    rows = {r["catalog"]["key"]: r for r in fed["catalogs"]}
    want = {a_url: truth(sources["a"]), b_url: truth(sources["b"])}
    assert want[a_url] == {"catalogued": 3, "public": 2, "open": 1, "conditional": 1, "recent": 2,
                           "quality_average": want[a_url]["quality_average"]}
    assert want[b_url] == {"catalogued": 2, "public": 2, "open": 1, "conditional": 1, "recent": 0,
                           "quality_average": want[b_url]["quality_average"]}
    for url in (a_url, b_url):
        assert {k: rows[url][k] for k in want[url]} == want[url], url
    assert rows[a_url]["catalog"]["title"] == "A 市公共数据开放平台"
    assert {k: rows[""][k] for k in ("catalogued", "public", "open", "recent")} == {
        "catalogued": 1, "public": 1, "open": 1, "recent": 1}

    # the same-named department of the two cities: two departments, told apart by their catalog
    departments = fed["departments"]
    assert [d["department"]["name"] for d in departments] == ["transport", "transport"]
    assert [d["department"]["url"] for d in departments] == [a_url + "/organization/transport",
                                                             b_url + "/organization/transport"]
    assert [d["department"]["title"] for d in departments] == ["A 市交通运输局", "B 市交通运输局"]
    assert [d["catalogued"] for d in departments] == [3, 2]
    assert [d["public"] for d in departments] == [2, 2]

    # the page, in both languages: the same figures, and no dataset of a city named
    for prefix, heading in (("", "全省汇总"), ("/en", "Province-wide figures")):
        res = app.get(prefix + "/dashboard/open-data")
        assert res.status_code == 200
        html = res.get_data(as_text=True)
        assert heading in html
        for url in (a_url, b_url):
            cells = row_figures(html, "data-catalog", url)
            assert {k: cells[k] for k in ("catalogued", "public", "open", "conditional", "recent")} == {
                k: str(want[url][k]) for k in ("catalogued", "public", "open", "conditional", "recent")}
            assert cells["quality_average"] == str(want[url]["quality_average"])
        for d in departments:
            cells = row_figures(html, "data-department", d["department"]["key"])
            assert (cells["catalog"], cells["catalogued"]) == (d["department"]["catalog"]["title"],
                                                               str(d["catalogued"]))
        for name in CITY_NAMES:
            assert "城市 %s" % name not in html and name not in html, name


def test_a_catalog_without_city_datasets_shows_no_province_section(app, make_dataset):
    make_dataset()
    fed = figures()["federation"]
    assert (fed["federated"], fed["departments"], len(fed["catalogs"])) == (0, [], 1)
    html = app.get("/en/dashboard/open-data").get_data(as_text=True)
    assert "govopen-by-catalog" not in html and "Province-wide figures" not in html
