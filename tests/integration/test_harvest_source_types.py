"""Harvest source types inside CKAN come from the connectors' own declarations.

The shipped six are ckanext-harvest harvesters under their stored names
(``ckan.plugins`` in test.ini is the derived line ``make test`` wrote). A new
source type written as a test fixture, its connector and its mapping and
nothing else (``tests/unit/new_source_type.py``), becomes a CKAN plugin
through the entry point setup.py would derive for it, is listed by
``harvesters_info_show`` and ``ckan govopen harvest types``, is checked by
its origin when a source is saved, and harvests through the foreground job
and the queue stages like the others."""
import json

import pytest
from click.testing import CliRunner

import ckan.model as model
import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckanext.harvest import queue
from ckanext.harvest.interfaces import IHarvester
from ckanext.harvest.model import HarvestJob, HarvestObject

from ckanext.govopen.harvest import cli as harvest_cli
from ckanext.govopen.harvest import harvesters, job, report
from ckanext.govopen.harvest import model as hmodel
from ckanext.govopen.harvest.importer import site_context
from govopen_harvesters import registry

from tests.unit import new_source_type as new
from tests.local_server import LocalServer

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]

SIX = ["govopen_ckan", "govopen_dcat", "govopen_datajson", "govopen_sql", "govopen_files",
       "govopen_portal_listing"]


def infos():
    return {i["name"]: i for i in tk.get_action("harvesters_info_show")(site_context(), {})}


def test_the_shipped_source_types_are_harvesters_under_their_stored_names():
    plugins = tk.config["ckan.plugins"]
    plugins = plugins.split() if isinstance(plugins, str) else list(plugins)
    at = plugins.index("harvest") + 1
    assert plugins[at:at + 6] == SIX                     # the line scripts/govopen derived
    found = infos()
    assert [n for n in found if n.startswith("govopen_")] == SIX
    assert found["govopen_ckan"]["title"] == "govopen: CKAN 接口 / CKAN API"
    assert found["govopen_datajson"]["title"] == "govopen: data.json (DCAT-US)"
    assert found["govopen_sql"]["description"] == ("PostgreSQL、MySQL 或 SQLite 数据库中的表和视图。 / "
                                                   "Tables and views of a PostgreSQL, MySQL or SQLite database.")
    for name in SIX:
        plugin = p.get_plugin(name)
        assert isinstance(plugin, harvesters.plugin_class(name)) and IHarvester.provided_by(plugin)
        assert plugin.connector == registry.by_name(name).kind
    assert len({type(p.get_plugin(n)) for n in SIX}) == 6     # one singleton each


@pytest.fixture
def new_type(tmp_path, ckan_config, monkeypatch):
    """The fixture source type, installed the way pip installs setup.py's entry points."""
    folder = tmp_path / "connectors"
    new.write(folder)
    site = tmp_path / "site"
    dist = site / "govopen_fixture_feed-0.0.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: govopen-fixture-feed\nVersion: 0.0\n")
    entry = ["%s = %s:%s" % (name, harvesters.__name__, name) for name in registry.declared_names(str(folder))]
    (dist / "entry_points.txt").write_text("[ckan.plugins]\n" + "\n".join(entry) + "\n")
    monkeypatch.syspath_prepend(str(site))
    with new.on_path(folder), LocalServer() as srv:
        monkeypatch.setitem(ckan_config, "govopen.outbound.allow", "127.0.0.1:%d" % srv.httpd.server_address[1])
        p.load(new.NAME)
        try:
            yield srv
        finally:
            if p.plugin_loaded(new.NAME):
                p.unload(new.NAME)


def test_a_new_source_type_is_a_harvester_and_harvests(new_type, department):
    assert new.NAME not in SIX
    # the plugin list
    found = infos()
    assert found[new.NAME]["title"] == "govopen: 测试订阅源 / Fixture feed"
    assert queue.get_harvester(new.NAME).connector == new.KIND
    # the docs (`ckan govopen harvest types`, in this process: the ckan command would
    # load the plugins of test.ini again), with the plugin loaded
    result = CliRunner().invoke(harvest_cli.types_command, ["--json"])
    assert result.exit_code == 0, result.output
    rows = {r["name"]: r for r in json.loads(result.stdout)}
    assert list(rows) == SIX + [new.NAME] and all(r["loaded"] for r in rows.values())
    assert rows[new.NAME]["kind"] == new.KIND and rows[new.NAME]["origin"].startswith("网址")
    result = CliRunner().invoke(harvest_cli.types_command, ["--lang", "en"])
    assert "| `govopen_fixture_feed` | `fixture_feed` | Fixture feed | A JSON list of items. |" in result.stdout

    # saved: its origin's check holds (no server files), as for every type
    data = {"name": "feed", "title": "Feed", "source_type": new.NAME, "frequency": "MANUAL",
            "owner_org": department["id"], "config": ""}
    with pytest.raises(tk.ValidationError) as e:
        tk.get_action("harvest_source_create")(site_context(), dict(data, url="file:///etc/passwd"))
    assert "not an http(s) URL" in str(e.value.error_dict)
    items = new.feed(3)
    url = new_type.add("/feed.json", lambda q: (200, "application/json", json.dumps(items).encode()))
    source = tk.get_action("harvest_source_create")(site_context(), dict(data, url=url))
    assert source["source_type"] == new.NAME

    # the foreground job: connector, its mapping, the pipeline, the importer and the gate
    rep = job.run(source, import_workers=1).as_dict()
    assert rep["created"] == 3 and rep["errored"] == 0, rep
    rows = hmodel.records_of(model.Session, source["id"])
    by_title = {d["title"]: d for d in (tk.get_action("package_show")(site_context(), {"id": r["dataset_id"]})
                                        for r in rows.values())}
    assert set(by_title) == {"Feed item 0", "Feed item 1", "Feed item 2"}
    assert by_title["Feed item 0"]["theme"] == "transport" and by_title["Feed item 0"]["private"] is True

    # the queue stages, through the generated plugin: one item changed, one gone
    items[0]["about"] = "Changed"
    items.pop()
    harvester = queue.get_harvester(new.NAME)
    job_dict = tk.get_action("harvest_job_create")(site_context(), {"source_id": source["id"], "run": False})
    harvest_job = HarvestJob.get(job_dict["id"])
    harvest_job.status = "Running"
    harvest_job.save()
    ids = queue.gather_stage(harvester, harvest_job)
    assert ids is not None and len(ids) == 2
    for obj_id in ids:
        queue.fetch_and_import_stages(harvester, HarvestObject.get(obj_id))
    queued = report.from_db(model.Session, harvest_job.id).as_dict()
    assert queued["updated"] == 1 and queued["unchanged"] == 1 and queued["withdrawn"] == 1, queued


def test_a_stored_source_of_a_type_no_connector_declares_is_refused_in_zh_and_en(new_type, department):
    """A stored source whose connector is gone is a clear zh/en error naming the known types."""
    from ckanext.govopen.harvest import sources

    source = {"name": "orphan", "source_type": "govopen_gone", "url": "https://example.org/",
              "config": "", "owner_org": department["id"]}
    with pytest.raises(sources.SourceError) as e:
        sources.effective(source)
    assert "govopen_gone" in e.value.message["en"] and new.NAME in e.value.message["en"]
    assert "不是 govopen 类型" in e.value.message["zh"] and new.NAME in e.value.message["zh"]
