"""One job run, two drivers: the same source run through ckanext-harvest's queue
stages (gather, fetch, import) and through ``ckan govopen harvest run`` (the
foreground worker pool) gives the same report, the same withdrawals and the
same saved state, run after run: a first run with an errored record, a run
with one record changed and one gone, a run that fails (nothing withdrawn,
the state kept); and for an incremental CKAN API source, withdrawals only
when the source listed all its ids."""
import json

import pytest

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.govopen.harvest import job, report
from ckanext.govopen.harvest import model as hmodel
from ckanext.govopen.harvest.importer import site_context

from tests.integration.test_harvest_datajson import Catalog, entry, make_source, show
from tests.unit.test_harvesters_ckan_api import FakeCKAN, package
from tests.local_server import LocalServer

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]


@pytest.fixture
def server(ckan_config, monkeypatch):
    with LocalServer() as srv:
        monkeypatch.setitem(ckan_config, "govopen.outbound.allow", "127.0.0.1:%d" % srv.httpd.server_address[1])
        yield srv


def queue_run(source):
    """One job through the queue stages, as the gather and fetch consumers run it."""
    from ckanext.harvest import queue
    from ckanext.harvest.model import HarvestJob, HarvestObject

    harvester = queue.get_harvester(source["source_type"])
    job_dict = tk.get_action("harvest_job_create")(site_context(), {"source_id": source["id"], "run": False})
    harvest_job = HarvestJob.get(job_dict["id"])
    harvest_job.status = "Running"
    harvest_job.save()
    ids = queue.gather_stage(harvester, harvest_job)
    assert ids is not None
    for obj_id in ids:
        queue.fetch_and_import_stages(harvester, HarvestObject.get(obj_id))
    tk.get_action("harvest_jobs_run")(site_context(), {"source_id": source["id"]})
    return harvest_job.id, report.from_db(model.Session, harvest_job.id).as_dict()


def foreground_run(source, workers):
    rep = job.run(source, import_workers=workers).as_dict()
    return rep["job_id"], rep


def outcome_of(rep):
    """A report without what names its own source or job."""
    keep = {k: rep[k] for k in ("created", "updated", "unchanged", "withdrawn", "blocked", "errored",
                                "blocked_by_gate", "read", "complete", "failed")}
    keep["top_reasons"] = sorted(tuple(r) for r in rep["top_reasons"])
    keep["errors"] = sorted((e.get("record_id") or "", e.get("code")) for e in rep["errors"])
    return keep


def catalog_of(source):
    """Per source record: withdrawn or not, the dataset's title and privacy."""
    out = {}
    for record_id, row in hmodel.records_of(model.Session, source["id"]).items():
        d = show(row["dataset_id"])
        out[record_id] = (row["withdrawn"], d["title"], d["private"], d.get("harvest_withdrawn"))
    return out


def state_of(source):
    return hmodel.state_of(model.Session, source["id"])


class Twins:
    """The same source twice: ``queue`` run through the queue stages, ``fg`` in the foreground."""

    def __init__(self, queue_source, fg_source, workers):
        self.queue, self.fg, self.workers = queue_source, fg_source, workers

    def run(self):
        """Both; asserts they agree and returns the foreground report."""
        state_before = {"queue": state_of(self.queue), "fg": state_of(self.fg)}
        queue_job, queued = queue_run(self.queue)
        fg_job, fg = foreground_run(self.fg, self.workers)
        assert outcome_of(queued) == outcome_of(fg)
        assert outcome_of(report.from_db(model.Session, fg_job).as_dict()) == outcome_of(fg)
        assert catalog_of(self.queue) == catalog_of(self.fg)
        for name, source, job_id in (("queue", self.queue, queue_job), ("fg", self.fg, fg_job)):
            state = state_of(source)
            if fg["complete"]:
                assert state["last_job_id"] == job_id
            else:                               # a failed run keeps the state it found
                assert state == state_before[name]
        assert state_of(self.queue).get("since") == state_of(self.fg).get("since")
        # both jobs end, as their page and API say (a queued job said "running" for ever before)
        for job_id in (queue_job, fg_job):
            row = hmodel.report_row(model.Session, job_id)
            assert row["status"] == ("finished" if fg["complete"] else "failed"), row["status"]
            assert row["finished"] is not None
        return fg


@pytest.mark.parametrize("workers", [1, 2])
def test_queue_and_foreground_runs_of_a_data_json_agree(tmp_path, department, server, workers):
    catalogs = [Catalog(5), Catalog(5)]
    for c in catalogs:
        c.datasets.append({"title": "no identifier"})                  # a record that errors
        c.datasets[4] = entry("ds-04", description="")                 # refused by the standard
    sources = [make_source(tmp_path, department, server.add("/%s/data.json" % name, c),
                           name="one-run-%s" % name)[0]
               for name, c in zip(("queue", "fg"), catalogs)]
    twins = Twins(*sources, workers)

    first = twins.run()
    assert (first["created"], first["errored"], first["withdrawn"], first["read"]) == (4, 2, 0, 6)

    again = twins.run()
    assert (again["created"], again["updated"], again["unchanged"], again["errored"]) == (0, 0, 4, 2)

    for c in catalogs:                                                  # one changed, one gone
        c.datasets[1] = entry("ds-01", title="Dataset ds-01 renamed")
        c.datasets.pop(2)
    third = twins.run()
    assert (third["updated"], third["unchanged"], third["withdrawn"]) == (1, 2, 1)
    assert catalog_of(sources[1])["ds-02"][0] is True

    for c in catalogs:                                                  # the source fails: nothing withdrawn
        c.status = 500
        c.datasets = c.datasets[:1]
    failed = twins.run()
    assert failed["failed"] and failed["withdrawn"] == 0
    assert [code for _rid, code in outcome_of(failed)["errors"]] == ["source_http_error"]
    assert {rid for rid, row in catalog_of(sources[0]).items() if row[0]} == {"ds-02"}


def test_queue_and_foreground_runs_of_an_incremental_ckan_api_agree(tmp_path, department, server):
    pkgs = [package(i, modified="2024-01-%02dT10:00:00.000000" % (i + 1)) for i in range(6)]
    fakes = [FakeCKAN(list(pkgs)), FakeCKAN(list(pkgs))]
    sources = []
    for name, fake in zip(("queue", "fg"), fakes):
        server.add("/%s/api/3/action/package_search" % name, fake)
        sources.append(make_source(tmp_path, department, server.url("/" + name), kind="ckan_api",
                                   name="one-run-ckan-%s" % name)[0])
    twins = Twins(*sources, 2)
    assert twins.run()["created"] == 6

    for fake in fakes:                 # deleted there, one changed: read incrementally, then listed
        fake.packages = [p for p in pkgs if p["id"] not in ("id-001", "id-004")]
        fake.packages[-1] = package(5, modified="2024-02-01T10:00:00.000000", title="Package 5 renamed")
    second = twins.run()
    assert all(f.calls[-2]["fq"].startswith("metadata_modified:[") for f in fakes)
    assert (second["read"], second["updated"], second["withdrawn"]) == (1, 1, 2), second
    assert state_of(sources[0])["since"].startswith("2024-02-01")

    for fake in fakes:                 # more deleted, and the listing fails: nothing withdrawn
        fake.packages = fake.packages[:2]
        fake.fail_listing = True
    third = twins.run()
    assert third["failed"] and third["withdrawn"] == 0
    assert {rid for rid, row in catalog_of(sources[1]).items() if row[0]} == {"id-001", "id-004"}
    assert json.dumps(state_of(sources[0])["since"]) == json.dumps(state_of(sources[1])["since"])
