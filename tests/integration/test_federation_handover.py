"""A dataset that reaches the province by two paths is one dataset, and the
first path wins (tests/integration/test_federation.py). When that path lets
it go (the department withdraws it, or its harvest source is deleted), the
other path takes it over on its next harvest instead of the dataset staying
withdrawn; and the first path, if the dataset comes back to it, leaves it to
the path that holds it (no two sources writing one dataset in turn).
"""
import pytest

import ckan.model as model
import ckan.tests.helpers as helpers

from ckanext.govopen.harvest import job
from ckanext.govopen.harvest import model as hmodel
from ckanext.govopen.harvest.importer import site_context

from tests.integration.test_federation import (  # noqa: F401  (fixtures)
    City, by_code, no_content_checks, purge, server,
)
from tests.integration.test_harvest_datajson import make_source, show
from tests.unit.test_harvesters_ckan_api import FakeCKAN

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]


@pytest.fixture
def two_paths(app, sysadmin, department, server, tmp_path):
    """metro-stations, published to the province by its department directly (first)
    and through city A's catalog (second): ``{dept, city, dept_api, two, dataset}``."""
    city = City(app, sysadmin)
    shown = {p["name"]: p for p in city.anonymous()}
    purge(d["id"] for d in city.ds.values())
    helpers.call_action("organization_purge", id=city.org["id"])
    two = shown["metro-stations"]
    dept_api = FakeCKAN([two])
    server.add("/dept/api/3/action/package_search", dept_api)
    dept, _ = make_source(tmp_path, department, server.url("/dept/"), kind="ckan_api", name="dept-direct",
                          trust_source_classification=True)
    assert job.run(dept).as_dict()["created"] == 1
    server.add("/api/3/action/package_search", FakeCKAN(list(shown.values())))
    city_source, _ = make_source(tmp_path, department, server.url("/"), kind="ckan_api", name="city-a",
                                 profile="govopen", private=False)
    rep = job.run(city_source).as_dict()
    assert (rep["created"], rep["unchanged"], rep["errored"]) == (3, 1, 0), rep
    [found] = by_code(two["resource_code"])
    assert "govopen_provenance" not in show(found["id"])       # the department's path won
    return {"dept": dept, "city": city_source, "dept_api": dept_api, "two": two, "dataset": found["id"]}


def held_by(source, dataset_id):
    return [r for r in hmodel.records_of(model.Session, source["id"]).values() if r["dataset_id"] == dataset_id]


def assert_taken_over_by_the_city(paths, server):
    [found] = by_code(paths["two"]["resource_code"])
    assert found["id"] == paths["dataset"]                       # the same dataset, not a new one
    now = show(paths["dataset"])
    assert now["private"] is False and now["harvest_withdrawn"] is False
    assert now["govopen_provenance"]["dataset_url"] == server.url("/dataset/metro-stations")
    [row] = held_by(paths["city"], paths["dataset"])
    assert row["withdrawn"] is False
    anonymous = helpers.call_action("package_show", {"user": "", "ignore_auth": False}, id=paths["dataset"])
    assert anonymous["resource_code"] == paths["two"]["resource_code"]


def test_when_the_first_path_withdraws_the_dataset_the_other_path_takes_it_over(two_paths, server):
    paths = two_paths
    paths["dept_api"].packages = []                             # the department withdraws it
    assert job.run(paths["dept"]).as_dict()["withdrawn"] == 1
    gone = show(paths["dataset"])
    assert gone["private"] is True and gone["harvest_withdrawn"] is True
    rep = job.run(paths["city"]).as_dict()
    assert (rep["updated"], rep["errored"]) == (1, 0), rep
    assert_taken_over_by_the_city(paths, server)
    # the city's path holds it now: its next run leaves it unchanged
    rep = job.run(paths["city"]).as_dict()
    assert (rep["updated"], rep["created"], rep["errored"]) == (0, 0, 0), rep

    # the department publishes it again: the city's path keeps it, nothing is written twice
    paths["dept_api"].packages = [paths["two"]]
    rep = job.run(paths["dept"]).as_dict()
    assert (rep["updated"], rep["created"], rep["errored"]) == (0, 0, 0), rep
    assert_taken_over_by_the_city(paths, server)
    assert [r["withdrawn"] for r in held_by(paths["dept"], paths["dataset"])] == [True]


def test_when_the_first_paths_source_is_deleted_the_other_path_takes_it_over(two_paths, server):
    paths = two_paths
    helpers.call_action("harvest_source_delete", site_context(), id=paths["dept"]["id"])
    rep = job.run(paths["city"]).as_dict()
    assert (rep["updated"], rep["errored"]) == (1, 0), rep
    assert_taken_over_by_the_city(paths, server)


def test_while_the_first_path_holds_it_the_other_path_changes_nothing(two_paths):
    paths = two_paths
    before = show(paths["dataset"])
    for _ in range(2):
        rep = job.run(paths["city"]).as_dict()
        assert (rep["updated"], rep["created"], rep["errored"]) == (0, 0, 0), rep
    after = show(paths["dataset"])
    assert after["metadata_modified"] == before["metadata_modified"]
    assert "govopen_provenance" not in after and after["harvest_withdrawn"] is False
    # the city's record stands by (withdrawn, no content), ready to take over
    assert [(r["withdrawn"], r["content_hash"]) for r in held_by(paths["city"], paths["dataset"])] == [(True, "")]
    [dept] = held_by(paths["dept"], paths["dataset"])
    assert dept["withdrawn"] is False
