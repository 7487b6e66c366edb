"""The demo harvest sources `make up` runs (config/demo/harvest/): a SQLite
department database, a file share and a data.json. What their sources want
public is published once every check has passed; what a check holds stays
private with the gate's reasons on record; a second run writes nothing."""
import os

import pytest
import yaml

import ckan.model as model
import ckan.plugins.toolkit as tk
import ckan.tests.factories as factories

from ckanext.govopen import demo_harvest
from ckanext.govopen.harvest import model as hmodel
from ckanext.govopen.harvest.importer import site_context

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]

DEMO = os.path.join(os.path.dirname(__file__), "..", "..", "config", "demo")


@pytest.fixture
def demo_departments(sysadmin):
    with open(os.path.join(DEMO, "organizations.yaml"), encoding="utf-8") as f:
        for org in yaml.safe_load(f):
            factories.Organization(user=sysadmin, **org)


def datasets_of(source_name):
    """``{record id: package dict}`` of one source's datasets, read from the database."""
    source = tk.get_action("harvest_source_show")(site_context(), {"id": source_name})
    rows = hmodel.records_of(model.Session, source["id"])
    return {rid: tk.get_action("package_show")(site_context(), {"id": row["dataset_id"]})
            for rid, row in rows.items()}, rows


def gates_on_record(row):
    return sorted({b["gate"] for b in hmodel.loads(row["blockers"]) or []})


@pytest.mark.ckan_config("govopen.jobs.inline", "true")
def test_demo_sources_publish_what_passes_and_hold_the_rest(demo_departments, tmp_path, monkeypatch, ckan_config):
    monkeypatch.setenv("GOVOPEN_STATE", str(tmp_path))
    monkeypatch.setitem(ckan_config, "govopen.harvest.file_roots", "demo=%s demo-db=%s" % (
        os.path.join(DEMO, "harvest"), tmp_path / "demo"))
    reports = {r["source"]: r for r in demo_harvest.run_sources(DEMO, echo=lambda *_: None)}
    assert set(reports) == {"demo-housing-db", "demo-transport-share", "demo-stats-datajson"}
    for report in reports.values():
        assert report["errored"] == 0 and report["complete"], report["errors"]
    assert os.path.isfile(tmp_path / "demo" / "housing.db")

    housing, rows = datasets_of("demo-housing-db")
    assert len(housing) == 2
    for rid, pkg in housing.items():
        assert pkg["private"] is False, (rid, gates_on_record(rows[rid]))
        assert pkg["organization"]["name"] == "sh-housing"
        assert gates_on_record(rows[rid]) == []          # the reasons of import time are cleared

    share, rows = datasets_of("demo-transport-share")
    by_title = {pkg["title"]: (pkg, rows[rid]) for rid, pkg in share.items()}
    stops, _ = by_title["北京市公交站点"]
    assert stops["private"] is False
    taxi, taxi_row = by_title["出租车服务投诉月报"]
    assert taxi["private"] is True and gates_on_record(taxi_row) == ["validation"]
    school, school_row = by_title["驾校学员结业名单"]
    assert school["private"] is True and "privacy" in gates_on_record(school_row)

    stats, rows = datasets_of("demo-stats-datajson")
    public = sorted(rid for rid, pkg in stats.items() if not pkg["private"])
    assert public == ["tjj-cpi-monthly", "tjj-gdp-quarterly"]        # catalog records, no files
    assert gates_on_record(rows["tjj-population-census-7"]) == ["privacy"]     # a linked PDF, not scanned
    assert gates_on_record(rows["tjj-income-expenditure"]) == ["privacy", "validation"]   # a linked CSV

    # anonymous search sees exactly the published ones
    found = tk.get_action("package_search")({"user": ""}, {"q": "*:*", "rows": 100})
    names = {p["name"] for p in found["results"]}
    published = {p["name"] for src in (housing, share, stats) for p in src.values() if not p["private"]}
    assert names == published and len(published) == 5

    before = {p["id"]: p["metadata_modified"] for src in (housing, share, stats) for p in src.values()}
    again = {r["source"]: r for r in demo_harvest.run_sources(DEMO, echo=lambda *_: None)}
    for name, report in again.items():
        assert (report["created"], report["updated"], report["errored"]) == (0, 0, 0), (name, report)
        assert report["unchanged"] == reports[name]["created"]
    for dataset_id, modified in before.items():
        assert tk.get_action("package_show")(site_context(), {"id": dataset_id})["metadata_modified"] == modified
