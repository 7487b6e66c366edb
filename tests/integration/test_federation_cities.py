"""A province and a city, each its own govopen on this machine: the province
is the test stack, the city another state directory and other ports, started
by the project's own script (``scripts/govopen up``, sharing the tests'
virtualenv through ``GOVOPEN_VENV``) and stopped by its PID files
(``scripts/govopen down``) at the end.

The city holds public, conditional, private, not-open, draft and withdrawn
datasets, with real files its own worker scans and validates before it
publishes them; the province reads the city's API as anonymous (the only
thing it reads) and gets exactly the public and conditional ones, every
standard field equal, the conditional one with no file location anywhere in
what the province shows; after the city withdraws one and restricts another,
the province follows on its next run.
"""
import os
import re
import subprocess
import time

import pytest
import requests

import ckan.model as model

from govopen_harvesters import federation
from ckanext.govopen.harvest import job
from ckanext.govopen.harvest import model as hmodel

from tests.conftest import REPO
from tests.integration.conftest import standard_fields
from tests.integration.test_federation import province_surfaces
from tests.integration.test_harvest_datajson import make_source, show
from tests.local_server import LocalServer

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]

STATE = os.environ.get("GOVOPEN_STATE", os.path.join(REPO, ".govopen"))
#: The city's ports: the province's plus 100 (the file server's: the province's web port plus 150).
OFFSET = 100
CSV = "站点编号,站点名称\n1,人民广场\n2,火车站\n".encode("utf-8")


def _port(name, default):
    return int(os.environ.get(name, default)) + OFFSET


class City:
    """A govopen catalog in its own state directory, driven through its Action API."""

    def __init__(self, name, files_port):
        self.name = name
        self.env = dict(os.environ, GOVOPEN_STATE=os.path.join(STATE, "cities", name),
                        GOVOPEN_VENV=os.path.join(STATE, "venv"),
                        GOVOPEN_CKAN_PORT=str(_port("GOVOPEN_CKAN_PORT", 5000)),
                        GOVOPEN_SOLR_PORT=str(_port("GOVOPEN_SOLR_PORT", 8983)),
                        GOVOPEN_PG_PORT=str(_port("GOVOPEN_PG_PORT", 5432)),
                        GOVOPEN_REDIS_PORT=str(_port("GOVOPEN_REDIS_PORT", 6379)),
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
    """The city's file server (a fixed port: the city's ini allow-lists it)."""
    with LocalServer(_port("GOVOPEN_CKAN_PORT", 5000) + 50) as srv:
        yield srv


@pytest.fixture(scope="module")
def city(files):
    c = City("city-a", files.httpd.server_address[1])
    started = time.monotonic()
    try:
        c.up()
        print("\ncity-a started by scripts/govopen up in %.0f s" % (time.monotonic() - started))
        yield c
    finally:
        c.script("down")


def city_dataset(city, org, name, files, private=True, **fields):
    path = "/files/%s-f1le.csv" % name
    files.add(path, lambda q: (200, "text/csv; charset=utf-8", CSV))
    data = dict(standard_fields(**fields), name=name, title="城市 %s" % name, notes="城市目录里的 %s。" % name,
                owner_org=org["id"], private=True, contact_name="交通局数据科",
                contact_email="data@jtj.city-a.gov.cn", legal_basis=fields.get("legal_basis", "《政府信息公开条例》"),
                data_elements=[{"name": "站点编号", "title": "站点编号", "type": "integer"},
                               {"name": "站点名称", "title": "站点名称", "type": "string"}],
                )
    city.act("package_create", **data)
    # resource_create: the city's worker scans and validates the file (its content jobs)
    city.act("resource_create", package_id=name, name="%s.csv" % name, url=files.url(path), format="CSV")
    if not private:
        city.publish(name)
    return files.url(path)


def test_a_province_harvests_a_city_instance_and_follows_it(app, department, city, files, ckan_config,
                                                            monkeypatch, tmp_path):
    from ckanext.govopen.gate import core
    # the province's own content checks would fetch the city's files again: off here
    # (test_federation covers the gate on arrival); the classification check stays
    monkeypatch.setattr(core, "_checks", [c for c in core.all_checks() if c[0] == "classification"])
    monkeypatch.setitem(ckan_config, "govopen.outbound.allow", "127.0.0.1:%s" % city.env["GOVOPEN_CKAN_PORT"])
    city.empty()
    org = city.act("organization_create", name="city-a-transport", title="A 市交通运输局",
                   provider_code="11310000002463025G")
    urls = {
        "bus-stops": city_dataset(city, org, "bus-stops", files, private=False),
        "bus-lines": city_dataset(city, org, "bus-lines", files, private=False),
        "taxi-trips": city_dataset(city, org, "taxi-trips", files, private=False, open_type="conditional",
                                   open_condition="实名申请后提供", legal_basis="《数据安全法》第二十一条"),
        "staff-roster": city_dataset(city, org, "staff-roster", files),
        "case-files": city_dataset(city, org, "case-files", files, open_type="none"),
        "old-routes": city_dataset(city, org, "old-routes", files, private=False),
    }
    city.act("package_patch", id="old-routes", private=True)          # withdrawn at the city
    city.act("package_create", **dict(standard_fields(), name="draft-plan", title="草稿", notes="草稿。",
                                      owner_org=org["id"], private=False, state="draft"))
    shown = {n: city.call("package_show", anonymous=True, id=n)["result"]
             for n in ("bus-stops", "bus-lines", "taxi-trips")}

    city.settled({"bus-stops", "bus-lines", "taxi-trips"})
    source, _ = make_source(tmp_path, department, city.url + "/", kind="ckan_api", name="city-a",
                            profile="govopen", private=False)
    rep = job.run(source).as_dict()
    assert (rep["created"], rep["errored"], rep["complete"]) == (3, 0, True), rep
    got = {show(r["dataset_id"])["resource_code"]: show(r["dataset_id"])
           for r in hmodel.records_of(model.Session, source["id"]).values()}
    assert set(got) == {p["resource_code"] for p in shown.values()}
    for name, city_pkg in shown.items():
        mine = got[city_pkg["resource_code"]]
        for field in federation.standard_fields():
            assert mine.get(field) == city_pkg.get(field), (name, field)
        assert mine["govopen_provenance"]["dataset_url"] == "%s/dataset/%s" % (city.url, name)
    taxi = got[shown["taxi-trips"]["resource_code"]]
    assert taxi["open_type"] == "conditional" and [r["url"] for r in taxi["resources"]] == [""]
    assert got[shown["bus-stops"]["resource_code"]]["resources"][0]["url"] == urls["bus-stops"]
    everything = province_surfaces(app, [d["name"] for d in got.values()])
    assert urls["taxi-trips"] not in everything
    assert not re.search(re.escape(city.url) + r"/dataset/[^\s\"<]+/file/", everything)   # nor the city's route
    for key in ("staff-roster", "case-files", "old-routes"):
        assert urls[key] not in everything

    # the city withdraws bus-stops and restricts bus-lines
    city.act("package_patch", id="bus-stops", private=True)
    city.act("package_patch", id="bus-lines", open_type="conditional", open_condition="实名申请后提供",
             legal_basis="《数据安全法》第二十一条")
    city.settled({"bus-lines", "taxi-trips"})
    rep = job.run(source).as_dict()
    assert (rep["withdrawn"], rep["errored"]) == (1, 0), rep
    stops = show(got[shown["bus-stops"]["resource_code"]]["id"])
    assert stops["private"] is True and stops["harvest_withdrawn"] is True
    lines = show(got[shown["bus-lines"]["resource_code"]]["id"])
    assert lines["open_type"] == "conditional" and [r["url"] for r in lines["resources"]] == [""]
    everything = province_surfaces(app, [d["name"] for d in got.values()])
    assert urls["bus-lines"] not in everything and urls["taxi-trips"] not in everything
