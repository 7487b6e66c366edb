"""A conditionally open dataset harvested from a city: requests for access go
to the owning city's department, in the city's catalog. The province's page
links there (the department and the original dataset) and offers no form of
its own; a request filed at the province anyway (its API, as a logged-in
outsider) is refused with a zh/en message naming where to ask, and nothing is
stored: the province's department must not decide on the city's data.
"""
import pytest
import sqlalchemy as sa

import ckan.model as model
import ckan.tests.factories as factories
import ckan.tests.helpers as helpers

from ckanext.govopen.access import model as access_model
from ckanext.govopen.harvest import job

from tests.integration.api_auth import as_user
from tests.integration.test_federation import (  # noqa: F401  (fixtures)
    City, by_code, no_content_checks, purge, server,
)
from tests.integration.test_harvest_datajson import make_source
from tests.unit.test_harvesters_ckan_api import FakeCKAN

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]

PURPOSE = "交通规划研究需要出租车行程数据"


@pytest.fixture
def conditional(app, sysadmin, department, server, tmp_path):
    """taxi-trips (conditionally open at city A) as the province holds it after a harvest."""
    city = City(app, sysadmin)
    shown = {p["name"]: p for p in city.anonymous()}
    purge(d["id"] for d in city.ds.values())
    helpers.call_action("organization_purge", id=city.org["id"])
    server.add("/api/3/action/package_search", FakeCKAN(list(shown.values())))
    source, _ = make_source(tmp_path, department, server.url("/"), kind="ckan_api", name="city-a",
                            profile="govopen", private=False, catalog_title="A 市公共数据开放平台")
    assert job.run(source).as_dict()["errored"] == 0
    [found] = by_code(shown["taxi-trips"]["resource_code"])
    assert found["open_type"] == "conditional" and found["private"] is False
    return found


def requests_stored(dataset):
    """Access requests stored for ``dataset`` (the table outlives other tests' cleaning)."""
    table = access_model.access_request
    return model.Session.execute(sa.select(sa.func.count()).select_from(table).where(
        table.c.package_id.in_([dataset["id"], dataset["name"]]))).scalar()


def test_the_province_page_sends_access_requests_to_the_citys_department(app, conditional, server):
    outsider = factories.User()
    for who in (None, outsider):
        html = app.get("/dataset/%s" % conditional["name"], **as_user(who)).get_data(as_text=True)
        assert 'class="govopen-access-department" href="%s"' % server.url("/organization/city-a-transport") in html
        assert 'class="govopen-access-original" href="%s"' % server.url("/dataset/taxi-trips") in html
        assert "A 市交通运输局" in html
        assert "govopen-access-form" not in html                     # no request form of the province's


def test_a_request_filed_at_the_province_is_refused_and_points_to_the_city(app, conditional, server):
    outsider = factories.User()
    res = app.post("/api/3/action/govopen_access_request_create", json={
        "package_id": conditional["name"], "purpose": PURPOSE}, **as_user(outsider))
    assert res.status_code == 409, res.get_data(as_text=True)
    error = res.json["error"]["package_id"][0]
    assert server.url("/dataset/taxi-trips") in error
    assert "A 市交通运输局" in error and "A 市公共数据开放平台" in error
    assert "申请访问" in error and "Please request access at" in error
    assert requests_stored(conditional) == 0
