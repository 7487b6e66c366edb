"""A province and two cities, each its own govopen on this machine: the
province is the test stack, each city another state directory and other
ports (the province's plus 100 and plus 200), started in parallel by the
project's own script (``scripts/govopen up``, sharing the tests' virtualenv
through ``GOVOPEN_VENV``) and stopped by its PID files (``scripts/govopen
down``) at the end.

Each city holds public, conditional, private, not-open, draft and withdrawn
datasets, with real files its own worker scans and validates before it
publishes them; the province reads each city's API as anonymous (the only
thing it reads) and gets exactly the public and conditional ones, every
standard field equal to what the city's API shows, the conditional ones with
no file location anywhere the province shows anyone (anonymous, or logged in
without a role in the department), and where each came from on its page.
A dataset both cities hold under one resource code is one dataset at the
province: the path that brought it first keeps it (``Importer.same_dataset``),
the other path's record is left as it is. After the cities withdraw and
restrict, the province follows on its next run.
"""
import os
import re
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers

from govopen_harvesters import federation
from ckanext.govopen.harvest import job

from tests.conftest import REPO
from tests.integration.api_auth import as_user
from tests.integration.conftest import standard_fields
from tests.integration.test_federation import province_surfaces
from tests.integration.test_harvest_datajson import make_source, show
from tests.local_server import LocalServer

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]

STATE = os.environ.get("GOVOPEN_STATE", os.path.join(REPO, ".govopen"))
#: The cities' ports: the province's plus 100 (city-a) and plus 200 (city-b); their
#: file server's: the province's web port plus 150.
OFFSETS = {"city-a": 100, "city-b": 200}
CSV = "站点编号,站点名称\n1,人民广场\n2,火车站\n".encode("utf-8")


def _port(name, default, offset):
    return int(os.environ.get(name, default)) + offset


class City:
    """A govopen catalog in its own state directory, driven through its Action API."""

    def __init__(self, name, files_port):
        self.name = name
        off = OFFSETS[name]
        self.env = dict(os.environ, GOVOPEN_STATE=os.path.join(STATE, "cities", name),
                        GOVOPEN_VENV=os.path.join(STATE, "venv"),
                        GOVOPEN_CKAN_PORT=str(_port("GOVOPEN_CKAN_PORT", 5000, off)),
                        GOVOPEN_SOLR_PORT=str(_port("GOVOPEN_SOLR_PORT", 8983, off)),
                        GOVOPEN_PG_PORT=str(_port("GOVOPEN_PG_PORT", 5432, off)),
                        GOVOPEN_REDIS_PORT=str(_port("GOVOPEN_REDIS_PORT", 6379, off)),
                        GOVOPEN_SOLR_HEAP="256m", GOVOPEN_NO_DEMO="1", GOVOPEN_NO_HARVEST="1",
                        GOVOPEN_OUTBOUND_ALLOW="127.0.0.1:%d" % files_port)
        self.url = "http://127.0.0.1:%s" % self.env["GOVOPEN_CKAN_PORT"]
        self.token = None

    def script(self, command):
        done = subprocess.run([os.path.join(REPO, "scripts", "govopen"), command], env=self.env,
                              capture_output=True, text=True, timeout=1200)
        assert done.returncode == 0, (command, done.stdout[-2000:], done.stderr[-2000:])

    def up(self):
        self.script("up")
        with open(os.path.join(self.env["GOVOPEN_STATE"], "credentials"), encoding="utf-8") as f:
            creds = dict(line.strip().split("=", 1) for line in f if "=" in line)
        self.token = creds["CKAN_API_TOKEN"]

    def call(self, action, anonymous=False, **data):
        headers = {} if anonymous else {"Authorization": self.token}
        res = requests.post("%s/api/3/action/%s" % (self.url, action), json=data, headers=headers, timeout=60)
        body = res.json()
        return body

    def act(self, action, **data):
        body = self.call(action, **data)
        assert body["success"], (action, body.get("error"))
        return body["result"]

    def empty(self):
        """A city with nothing from an earlier run (its state directory is kept for speed)."""
        for name in self.act("package_list") + [p["name"] for p in self.act(
                "package_search", q="*:*", include_private=True, include_drafts=True, rows=1000)["results"]]:
            self.call("dataset_purge", id=name)
        for org in self.act("organization_list"):
            self.call("organization_purge", id=org)

    def settled(self, names, limit=120):
        """Once the city's search (as anonymous, what crosses) lists exactly ``names``
        (its worker finishes the content jobs of what it just published)."""
        start = time.monotonic()
        while True:
            found = {p["name"] for p in self.call("package_search", anonymous=True, q="*:*", rows=100,
                                                  fq=federation.crossing_fq())["result"]["results"]}
            if found == names:
                return
            assert time.monotonic() - start < limit, found
            time.sleep(2)

    def publish(self, name, limit=300):
        """Public once the city's own worker has scanned and validated the files."""
        start = time.monotonic()
        while True:
            body = self.call("package_patch", id=name, private=False)
            if body["success"]:
                return body["result"]
            assert time.monotonic() - start < limit, body.get("error")
            time.sleep(2)


@pytest.fixture(scope="module")
def files():
    """The cities' file server (a fixed port: each city's ini allow-lists it)."""
    with LocalServer(_port("GOVOPEN_CKAN_PORT", 5000, 150)) as srv:
        yield srv


@pytest.fixture(scope="module")
def cities(files):
    """city-a and city-b, started (and stopped) in parallel."""
    both = [City(name, files.httpd.server_address[1]) for name in OFFSETS]
    started = time.monotonic()
    try:
        with ThreadPoolExecutor(len(both)) as pool:
            list(pool.map(City.up, both))
        print("\ncity-a and city-b started in parallel by scripts/govopen up in %.0f s"
              % (time.monotonic() - started))
        yield {c.name: c for c in both}
    finally:
        with ThreadPoolExecutor(len(both)) as pool:
            list(pool.map(lambda c: c.script("down"), both))


def city_dataset(city, org, name, files, private=True, **fields):
    path = "/files/%s/%s-f1le.csv" % (city.name, name)
    files.add(path, lambda q: (200, "text/csv; charset=utf-8", CSV))
    data = dict(standard_fields(**fields), name=name, title="城市 %s" % name, notes="城市目录里的 %s。" % name,
                owner_org=org["id"], private=True, contact_name="交通局数据科",
                contact_email="data@jtj.%s.gov.cn" % city.name,
                legal_basis=fields.get("legal_basis", "《政府信息公开条例》"),
                data_elements=[{"name": "站点编号", "title": "站点编号", "type": "integer"},
                               {"name": "站点名称", "title": "站点名称", "type": "string"}],
                )
    city.act("package_create", **data)
    # resource_create: the city's worker scans and validates the file (its content jobs)
    city.act("resource_create", package_id=name, name="%s.csv" % name, url=files.url(path), format="CSV")
    if not private:
        city.publish(name)
    return files.url(path)


CONDITIONAL = dict(open_type="conditional", open_condition="实名申请后提供", legal_basis="《数据安全法》第二十一条")


def fill(city, org, files, public, conditional, shared_code):
    """A city's catalog: ``public`` and ``conditional`` (names) published, the dataset of
    ``shared_code`` public too; one private, one not open, one withdrawn, one draft."""
    urls = {n: city_dataset(city, org, n, files, private=False) for n in public}
    urls.update({n: city_dataset(city, org, n, files, private=False, **CONDITIONAL) for n in conditional})
    urls["metro-stations"] = city_dataset(city, org, "metro-stations", files, private=False,
                                          resource_code=shared_code)
    urls["staff-roster"] = city_dataset(city, org, "staff-roster", files)
    urls["case-files"] = city_dataset(city, org, "case-files", files, open_type="none")
    urls["old-routes"] = city_dataset(city, org, "old-routes", files, private=False)
    city.act("package_patch", id="old-routes", private=True)          # withdrawn at the city
    city.act("package_create", **dict(standard_fields(), name="draft-plan", title="草稿", notes="草稿。",
                                      owner_org=org["id"], private=False, state="draft"))
    return urls


def surfaces(app, names, outsider):
    """What the province shows anonymous and a logged-in user of no department."""
    seen = [province_surfaces(app, names)]
    auth = as_user(outsider)
    seen.append(app.get("/api/3/action/package_search", query_string={"q": "*:*", "rows": 1000},
                        **auth).get_data(as_text=True))
    for name in names:
        seen.append(app.get("/api/3/action/package_show", query_string={"id": name}, **auth).get_data(as_text=True))
        seen.append(app.get("/dataset/%s" % name, **auth).get_data(as_text=True))
    return "\n".join(seen)


def province_datasets():
    """Every dataset of the province, as its site user sees them."""
    site = helpers.call_action("get_site_user")["name"]
    return helpers.call_action("package_search", {"user": site}, q="*:*", include_private=True,
                               include_drafts=True, rows=1000)["results"]


def test_a_province_harvests_two_city_instances_and_follows_them(app, department, cities, files, ckan_config,
                                                                 monkeypatch, tmp_path):
    from ckanext.govopen.gate import core
    # the province's own content checks would fetch the cities' files again: off here
    # (test_federation covers the gate on arrival); the classification check stays
    monkeypatch.setattr(core, "_checks", [c for c in core.all_checks() if c[0] == "classification"])
    a, b = cities["city-a"], cities["city-b"]
    monkeypatch.setitem(ckan_config, "govopen.outbound.allow", " ".join(
        "127.0.0.1:%s" % c.env["GOVOPEN_CKAN_PORT"] for c in (a, b)))
    shared = standard_fields()["resource_code"]
    orgs = {}
    for city, title, code in ((a, "A 市交通运输局", "11310000002463025G"), (b, "B 市交通运输局", "111100000000209170")):
        city.empty()
        orgs[city.name] = city.act("organization_create", name="%s-transport" % city.name, title=title,
                                   provider_code=code)
    with ThreadPoolExecutor(2) as pool:    # each city's worker checks its files meanwhile
        fa = pool.submit(fill, a, orgs["city-a"], files, ["bus-stops", "bus-lines"], ["taxi-trips"], shared)
        fb = pool.submit(fill, b, orgs["city-b"], files, ["parking-lots"], ["ev-chargers"], shared)
        urls = {"city-a": fa.result(), "city-b": fb.result()}
    crossing = {"city-a": {"bus-stops", "bus-lines", "taxi-trips", "metro-stations"},
                "city-b": {"parking-lots", "ev-chargers", "metro-stations"}}
    shown = {}
    for city in (a, b):
        city.settled(crossing[city.name])
        shown[city.name] = {n: city.call("package_show", anonymous=True, id=n)["result"]
                            for n in crossing[city.name]}
    assert shown["city-a"]["metro-stations"]["resource_code"] == shown["city-b"]["metro-stations"]["resource_code"]

    sources = {c.name: make_source(tmp_path, department, c.url + "/", kind="ckan_api", name=c.name,
                                   profile="govopen", private=False,
                                   catalog_title="%s 公共数据开放平台" % c.name)[0] for c in (a, b)}
    rep_a = job.run(sources["city-a"]).as_dict()
    assert (rep_a["created"], rep_a["errored"], rep_a["complete"]) == (4, 0, True), rep_a
    rep_b = job.run(sources["city-b"]).as_dict()
    # metro-stations came first through city-a: city-b's record of it is left as it is
    assert (rep_b["created"], rep_b["unchanged"], rep_b["errored"]) == (2, 1, 0), rep_b

    got = {}
    for p in province_datasets():
        got.setdefault(p["resource_code"], []).append(show(p["id"]))
    want = {p["resource_code"]: (name, p) for cname in ("city-b", "city-a")     # city-a's wins the shared code
            for name, p in shown[cname].items()}
    # exactly the public and conditional ones, each once
    assert set(got) == set(want) and all(len(v) == 1 for v in got.values()), {k: len(v) for k, v in got.items()}
    got = {k: v[0] for k, v in got.items()}
    for code, (name, city_pkg) in want.items():
        mine = got[code]
        for field in federation.standard_fields():
            assert mine.get(field) == city_pkg.get(field), (name, field)
        assert mine["govopen_verdict"]["open_type"] == city_pkg["govopen_verdict"]["open_type"], name
        prov = mine["govopen_provenance"]
        city = a if code in {p["resource_code"] for p in shown["city-a"].values()} else b
        assert prov["dataset_url"] == "%s/dataset/%s" % (city.url, name), (name, prov)
        assert prov["department"] == "%s-transport" % city.name
        page = app.get("/dataset/%s" % mine["name"]).get_data(as_text=True)
        assert prov["dataset_url"] in page and orgs[city.name]["title"] in page, name
    assert got[shared]["govopen_provenance"]["dataset_url"] == "%s/dataset/metro-stations" % a.url
    for city, cond in ((a, "taxi-trips"), (b, "ev-chargers")):
        mine = got[shown[city.name][cond]["resource_code"]]
        assert mine["open_type"] == "conditional" and [r["url"] for r in mine["resources"]] == [""]
    assert got[shown["city-a"]["bus-stops"]["resource_code"]]["resources"][0]["url"] == urls["city-a"]["bus-stops"]

    outsider = factories.User()
    names = [d["name"] for d in got.values()]
    everything = surfaces(app, names, outsider)
    never = [urls["city-a"]["taxi-trips"], urls["city-b"]["ev-chargers"]] + [
        urls[c][k] for c in urls for k in ("staff-roster", "case-files", "old-routes")]
    for url in never:
        assert url not in everything, url
    for city in (a, b):          # nor the city's own download route
        assert not re.search(re.escape(city.url) + r"/dataset/[^\s\"<]+/file/", everything)

    # city-a withdraws bus-stops and restricts bus-lines; city-b withdraws ev-chargers
    a.act("package_patch", id="bus-stops", private=True)
    a.act("package_patch", id="bus-lines", **CONDITIONAL)
    b.act("package_patch", id="ev-chargers", private=True)
    a.settled({"bus-lines", "taxi-trips", "metro-stations"})
    b.settled({"parking-lots", "metro-stations"})
    rep_a = job.run(sources["city-a"]).as_dict()
    assert (rep_a["withdrawn"], rep_a["errored"]) == (1, 0), rep_a
    rep_b = job.run(sources["city-b"]).as_dict()
    assert (rep_b["withdrawn"], rep_b["errored"]) == (1, 0), rep_b
    for city, name in ((a, "bus-stops"), (b, "ev-chargers")):
        gone = show(got[shown[city.name][name]["resource_code"]]["id"])
        assert gone["private"] is True and gone["harvest_withdrawn"] is True, name
    lines = show(got[shown["city-a"]["bus-lines"]["resource_code"]]["id"])
    assert lines["open_type"] == "conditional" and lines["govopen_verdict"]["open_type"] == "conditional"
    assert [r["url"] for r in lines["resources"]] == [""]
    public_now = {p["resource_code"] for p in app.get("/api/3/action/package_search", query_string={
        "q": "*:*", "rows": 1000}).json["result"]["results"]}
    assert public_now == {shown[c][n]["resource_code"] for c, n in (
        ("city-a", "bus-lines"), ("city-a", "taxi-trips"), ("city-a", "metro-stations"), ("city-b", "parking-lots"))}
    everything = surfaces(app, names, outsider)
    for url in never + [urls["city-a"]["bus-lines"]]:
        assert url not in everything, url
