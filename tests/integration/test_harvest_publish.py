"""A source that wants its records public: each dataset is written private, its
linked files are fetched, scanned and validated when the source says
`scan_links`, and the dataset is published by the job after those checks,
through the same gate. Without `scan_links` the linked files are never
checked, so the dataset stays private with the reason on record."""
import pytest

import ckan.model as model

from ckanext.govopen.harvest import job
from ckanext.govopen.harvest import model as hmodel
from ckanext.govopen.harvest import publish
from ckanext.govopen.messages import render

from tests.integration.test_harvest_datajson import Catalog, entry, harvested, make_source, show
from tests.local_server import LocalServer

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]

OPEN = {"private": False, "classification": {"open_type": "unconditional", "share_type": "unconditional"},
        "defaults": {"spatial_code": "110000", "theme": "health"}}
CLEAN = "district,clinics\nDongcheng,12\nXicheng,15\n".encode("utf-8")
PEOPLE = "name,id_number\n王建国,110105197705048384\n李秀英,110105197202015118\n".encode("utf-8")


@pytest.fixture
def server(ckan_config, monkeypatch):
    with LocalServer() as srv:
        # a department's server: reached because the sysadmin allow-lists it
        monkeypatch.setitem(ckan_config, "govopen.outbound.allow", "127.0.0.1:%d" % srv.httpd.server_address[1])
        yield srv


def catalog_with_files(server, files):
    catalog = Catalog(0)
    for ident, body in files.items():
        url = server.add_bytes("/files/%s.csv" % ident, body, "text/csv")
        catalog.datasets.append(entry(ident, distribution=[{"downloadURL": url, "format": "CSV",
                                                             "mediaType": "text/csv", "title": "%s.csv" % ident}]))
    return server.add("/data.json", catalog)


def gates(row):
    return sorted({b["gate"] for b in hmodel.loads(row["blockers"]) or []})


@pytest.mark.ckan_config("govopen.jobs.inline", "true")
def test_checked_links_are_published_and_personal_data_is_held(tmp_path, department, server):
    url = catalog_with_files(server, {"clinics": CLEAN, "patients": PEOPLE})
    source, _ = make_source(tmp_path, department, url, scan_links=True, **OPEN)
    report = job.run(source).as_dict()
    assert (report["created"], report["errored"]) == (2, 0), report["errors"]
    rows = harvested(source)
    clinics, patients = show(rows["clinics"]["dataset_id"]), show(rows["patients"]["dataset_id"])
    assert clinics["private"] is False and gates(rows["clinics"]) == []
    assert patients["private"] is True and gates(rows["patients"]) == ["privacy"]
    reasons = hmodel.loads(rows["patients"]["blockers"])
    assert any("居民身份证" in render(r, "zh") or "ID" in render(r, "en") for r in reasons), reasons

    # the officer removes the personal data at the source: the next run updates the file,
    # and the checks that follow publish the dataset
    server.add_bytes("/files/patients.csv", CLEAN, "text/csv")
    again = job.run(source).as_dict()
    assert (again["updated"], again["unchanged"]) == (0, 2)     # same metadata: the link is not re-read
    resource_id = patients["resources"][0]["id"]
    from ckanext.govopen import events
    events.resource_changed(resource_id)                         # what a re-check of the link does
    assert show(patients["id"])["private"] is False
    assert gates(harvested(source)["patients"]) == []


@pytest.mark.ckan_config("govopen.jobs.inline", "true")
def test_unchecked_links_keep_the_dataset_private(tmp_path, department, server):
    url = catalog_with_files(server, {"clinics": CLEAN})
    source, _ = make_source(tmp_path, department, url, **OPEN)
    assert job.run(source).as_dict()["created"] == 1
    row = harvested(source)["clinics"]
    dataset = show(row["dataset_id"])
    assert dataset["private"] is True
    assert gates(row) == ["privacy", "validation"]
    assert not any("/files/clinics.csv" in hit for hit in server.hits)    # never fetched
    # the publish job leaves it alone: the checks it waits for never ran
    assert publish.publish_when_clear(dataset["resources"][0]["id"]).startswith("held")
    assert show(dataset["id"])["private"] is True


@pytest.mark.ckan_config("govopen.jobs.inline", "true")
def test_a_source_that_does_not_want_publication_is_never_published(tmp_path, department, server):
    url = catalog_with_files(server, {"clinics": CLEAN})
    source, _ = make_source(tmp_path, department, url, scan_links=True,
                            **dict(OPEN, private=True))
    assert job.run(source).as_dict()["created"] == 1
    row = harvested(source)["clinics"]
    assert row["publish"] is False
    dataset = show(row["dataset_id"])
    assert dataset["private"] is True
    assert publish.publish_when_clear(dataset["resources"][0]["id"]) == "not wanted public"
    assert model.Session.query(model.Package).filter_by(id=dataset["id"]).one().private is True
