"""Harvest jobs inside CKAN: a data.json served by a local HTTP server, through
package_create/package_update and THE publication gate. Counts, a second run
that writes nothing, withdrawal, dry run, HTTP 500 (whole document and midway
through a paged CKAN API), the CLI's --json report, and the queue stages."""
import contextlib
import json

import pytest

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.govopen.harvest import job, sources
from ckanext.govopen.harvest import model as hmodel
from ckanext.govopen.access import location_store
from ckanext.govopen.harvest.importer import site_context

from tests.unit.test_harvesters_ckan_api import FakeCKAN, package
from tests.local_server import LocalServer

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]


def entry(ident, **kw):
    d = {"identifier": ident, "title": "Dataset %s" % ident, "description": "About %s" % ident,
         "modified": "2024-01-02", "issued": "2023-05-01", "keyword": ["health", "survey"],
         "accessLevel": "public", "accrualPeriodicity": "R/P1M",
         "distribution": [{"downloadURL": "https://example.org/%s.csv" % ident, "format": "csv",
                           "title": "%s.csv" % ident}]}
    d.update(kw)
    return d


class Catalog:
    """A data.json whose datasets (and failures) the test changes between runs."""

    def __init__(self, n):
        self.datasets = [entry("ds-%02d" % i) for i in range(n)]
        self.status = 200

    def __call__(self, query):
        if self.status != 200:
            return self.status, "text/html", b"<h1>Internal Server Error</h1>"
        body = {"conformsTo": "https://project-open-data.cio.gov/v1.1/schema", "dataset": self.datasets}
        return 200, "application/json", json.dumps(body).encode("utf-8")


@pytest.fixture
def server(ckan_config, monkeypatch):
    with LocalServer() as srv:
        # a department's server: reached because the sysadmin allow-lists it
        monkeypatch.setitem(ckan_config, "govopen.outbound.allow", "127.0.0.1:%d" % srv.httpd.server_address[1])
        yield srv


def make_source(tmp_path, department, url, kind="datajson", name="test-datajson", **extra):
    cfg = {"name": name, "type": kind, "url": url, "department": department["name"],
           "resource_code_prefix": "T", "http": {"timeout": 5, "retries": 0, "backoff": 0, "page_size": 10}}
    cfg.update(extra)
    path = tmp_path / ("%s.yaml" % name)
    path.write_text(json.dumps(cfg), encoding="utf-8")
    return sources.from_file(site_context(), str(path)), str(path)


def harvested(source):
    return hmodel.records_of(model.Session, source["id"])


def show(dataset_id):
    return tk.get_action("package_show")(site_context(), {"id": dataset_id})


def test_harvest_counts_second_run_withdrawal(tmp_path, department, server):
    catalog = Catalog(6)
    catalog.datasets.append({"title": "no identifier"})                    # errored
    url = server.add("/data.json", catalog)
    source, _ = make_source(tmp_path, department, url)

    first = job.run(source)
    c = first.as_dict()
    assert (c["created"], c["updated"], c["unchanged"], c["withdrawn"], c["errored"]) == (6, 0, 0, 0, 1)
    # conservative default classification: every record is blocked by the classification gate
    assert c["blocked"] == 6 and c["blocked_by_gate"]["classification"] == 6
    assert c["errors"][0]["code"] == "record_no_identifier" and c["errors"][0]["zh"] and c["errors"][0]["en"]
    rows = harvested(source)
    assert sorted(rows) == ["ds-%02d" % i for i in range(6)]
    ds = show(rows["ds-00"]["dataset_id"])
    assert ds["private"] is True and ds["owner_org"] == department["id"]
    assert ds["title"] == "Dataset ds-00" and location_store.real_url(ds["resources"][0]) == "https://example.org/ds-00.csv"
    assert "classification" in {b["gate"] for b in json.loads(rows["ds-00"]["blockers"])}
    modified = {rid: show(r["dataset_id"])["metadata_modified"] for rid, r in rows.items()}
    from ckanext.activity.model import Activity
    activities = model.Session.query(Activity).count()

    second = job.run(source).as_dict()
    assert (second["created"], second["updated"], second["unchanged"], second["withdrawn"]) == (0, 0, 6, 0)
    assert {rid: show(r["dataset_id"])["metadata_modified"] for rid, r in harvested(source).items()} == modified
    assert model.Session.query(Activity).count() == activities          # no write at all

    # one record changed, one gone from the source
    catalog.datasets[1] = entry("ds-01", title="Dataset ds-01 renamed")
    gone = catalog.datasets.pop(2)["identifier"]
    third = job.run(source).as_dict()
    assert (third["created"], third["updated"], third["unchanged"], third["withdrawn"]) == (0, 1, 4, 1)
    rows = harvested(source)
    assert show(rows["ds-01"]["dataset_id"])["title"] == "Dataset ds-01 renamed"
    assert rows[gone]["withdrawn"] is True
    withdrawn = show(rows[gone]["dataset_id"])
    assert withdrawn["state"] == "active" and withdrawn["private"] is True       # kept, not deleted
    assert withdrawn.get("harvest_withdrawn") is True

    # it comes back: restored, not duplicated
    catalog.datasets.append(entry(gone))
    fourth = job.run(source).as_dict()
    assert fourth["updated"] == 1 and fourth["created"] == 0
    assert harvested(source)[gone]["withdrawn"] is False
    assert harvested(source)[gone]["dataset_id"] == rows[gone]["dataset_id"]


def test_dry_run_writes_nothing(tmp_path, department, server):
    url = server.add("/data.json", Catalog(3))
    source, _ = make_source(tmp_path, department, url)
    packages_before = model.Session.query(model.Package).filter_by(type="dataset").count()
    report = job.run(source, dry_run=True).as_dict()
    assert report["created"] == 3 and report["blocked_by_gate"]["classification"] == 3
    assert model.Session.query(model.Package).filter_by(type="dataset").count() == packages_before
    assert harvested(source) == {}
    assert hmodel.last_report(model.Session, source["id"]) is None


def test_public_when_policy_and_every_gate_allow(tmp_path, department, server):
    catalog = Catalog(1)
    catalog.datasets[0]["distribution"] = []          # metadata only: no content to scan or validate
    url = server.add("/data.json", catalog)
    source, _ = make_source(tmp_path, department, url, private=False, trust_source_classification=True,
                            classification={"open_type": "unconditional", "share_type": "unconditional"})
    report = job.run(source).as_dict()
    assert report["created"] == 1 and report["blocked"] == 0, report
    assert show(harvested(source)["ds-00"]["dataset_id"])["private"] is False


def test_source_down_keeps_datasets_and_next_run_picks_up(tmp_path, department, server):
    catalog = Catalog(4)
    url = server.add("/data.json", catalog)
    source, _ = make_source(tmp_path, department, url)
    assert job.run(source).as_dict()["created"] == 4

    catalog.status = 500
    catalog.datasets = catalog.datasets[:1]
    failed = job.run(source)
    assert failed.failed and not failed.complete
    assert failed.as_dict()["withdrawn"] == 0                   # incomplete listing: nothing withdrawn
    assert any(e["code"] == "source_http_error" for e in failed.errors)
    assert all(not r["withdrawn"] for r in harvested(source).values())

    catalog.status = 200
    again = job.run(source).as_dict()
    assert again["withdrawn"] == 3 and again["unchanged"] == 1 and not again["failed"]


def test_http_500_midway_then_the_next_run_finishes(tmp_path, department, server):
    fake = FakeCKAN([package(i) for i in range(25)], fail_from=20)
    server.add("/api/3/action/package_search", fake)
    source, _ = make_source(tmp_path, department, server.base, kind="ckan_api", name="test-ckan")
    first = job.run(source)
    assert first.failed and first.as_dict()["created"] == 20
    assert len(harvested(source)) == 20

    fake.fail_from = None
    second = job.run(source).as_dict()
    # the first run was incomplete, so it left no `since`: this run reads everything
    assert (second["created"], second["unchanged"], second["errored"]) == (5, 20, 0)
    assert len(harvested(source)) == 25
    names = {show(r["dataset_id"])["name"] for r in harvested(source).values()}
    assert len(names) == 25


def test_incremental_ckan_api_run_withdraws_what_the_source_deleted(tmp_path, department, server):
    """An incremental run reads only changes, then the source's id listing: a dataset
    deleted at the source is withdrawn, unchanged ones are not touched; a listing that
    fails withdraws nothing and keeps `since` where it was."""
    pkgs = [package(i, modified="2024-01-%02dT10:00:00.000000" % (i + 1)) for i in range(8)]
    fake = FakeCKAN(pkgs)
    server.add("/api/3/action/package_search", fake)
    source, _ = make_source(tmp_path, department, server.base, kind="ckan_api", name="test-ckan")
    assert job.run(source).as_dict()["created"] == 8
    since = hmodel.state_of(model.Session, source["id"])["since"]
    modified = {rid: show(r["dataset_id"])["metadata_modified"] for rid, r in harvested(source).items()}

    fake.packages = [p for p in pkgs if p["id"] not in ("id-002", "id-005")]       # deleted there
    fake.packages[-1] = package(7, modified="2024-02-01T10:00:00.000000", title="Package 7 renamed")
    second = job.run(source).as_dict()
    assert fake.calls[-2]["fq"].startswith("metadata_modified:[")                     # it was incremental
    assert (second["read"], second["updated"], second["withdrawn"]) == (1, 1, 2), second
    rows = harvested(source)
    assert {rid for rid, r in rows.items() if r["withdrawn"]} == {"id-002", "id-005"}
    assert show(rows["id-002"]["dataset_id"])["private"] is True
    for rid in ("id-000", "id-001", "id-003", "id-004", "id-006"):
        assert show(rows[rid]["dataset_id"])["metadata_modified"] == modified[rid]
    since = hmodel.state_of(model.Session, source["id"])["since"]
    assert since.startswith("2024-02-01")

    fake.packages = fake.packages[:2]                  # four more deleted, and the listing fails
    fake.fail_listing = True
    third = job.run(source)
    assert third.failed and third.as_dict()["withdrawn"] == 0
    assert {rid for rid, r in harvested(source).items() if r["withdrawn"]} == {"id-002", "id-005"}
    assert hmodel.state_of(model.Session, source["id"])["since"] == since


def test_interrupted_job_reruns_without_duplicates(tmp_path, department, server):
    url = server.add("/data.json", Catalog(5))
    source, _ = make_source(tmp_path, department, url)
    from ckanext.govopen.harvest import importer as importer_mod

    calls = {"n": 0}
    original = importer_mod.Importer._write

    def crash_after_two(self, kind, pkg, rec):
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt("killed")
        return original(self, kind, pkg, rec)

    importer_mod.Importer._write = crash_after_two
    try:
        with pytest.raises(KeyboardInterrupt):
            job.run(source, import_workers=1)          # interrupted in the job's own process
    finally:
        importer_mod.Importer._write = original
    model.Session.rollback()
    assert len(harvested(source)) == 2
    rerun = job.run(source).as_dict()
    assert (rerun["created"], rerun["unchanged"]) == (3, 2)
    count = model.Session.query(model.Package).filter(model.Package.name.like("test-datajson-%")).count()
    assert count == 5


@contextlib.contextmanager
def misbehaving_on(record_id, misbehave):
    """The importer calls ``misbehave()`` as it starts writing ``record_id`` (in
    whichever process writes it: an import worker or the job's own)."""
    from ckanext.govopen.harvest import importer as importer_mod

    original = importer_mod.Importer._write

    def write(self, kind, pkg, rec):
        if rec.source_id == record_id:
            misbehave()
        return original(self, kind, pkg, rec)

    importer_mod.Importer._write = write
    try:
        yield
    finally:
        importer_mod.Importer._write = original


def test_a_worker_killed_midway_loses_no_data_and_the_rerun_finishes(tmp_path, department, server):
    """Two import workers; the one writing ds-03 is killed (os._exit) as it writes it.
    Its unanswered records are reported errored, nothing is half-written, the
    other worker's records are stored, and the next run creates the rest once."""
    import os

    url = server.add("/data.json", Catalog(8))
    source, _ = make_source(tmp_path, department, url)
    with misbehaving_on("ds-03", lambda: os._exit(9)):
        first = job.run(source, import_workers=2).as_dict()
    lost = [e for e in first["errors"] if e["code"] == "import_worker_died"]
    assert "ds-03" in {e["record_id"] for e in lost}
    assert all(e["zh"] and "exit code 9" in e["en"] for e in lost)
    assert first["created"] + first["errored"] == 8 and first["created"] >= 1
    stored = harvested(source)
    assert len(stored) == first["created"] and "ds-03" not in stored
    from ckan.lib import search
    search.commit()
    for row in stored.values():                                  # whole datasets, with their hash rows
        assert show(row["dataset_id"])["resources"][0]["url"].endswith(".csv")
        # in search too, though the killed worker never sent its batch (the job indexed them)
        assert not row["pending_index"]
        assert search.query_for(model.Package).run(
            {"q": "id:%s" % row["dataset_id"], "fq": "+capacity:(public OR private)"},
            permission_labels=None)["count"] == 1

    rerun = job.run(source, import_workers=2).as_dict()
    assert (rerun["created"], rerun["unchanged"], rerun["errored"]) == (8 - first["created"], first["created"], 0)
    count = model.Session.query(model.Package).filter(model.Package.name.like("test-datajson-%")).count()
    assert count == 8


@pytest.mark.ckan_config("govopen.harvest.record_timeout", "3")
def test_a_hung_worker_is_stopped_and_the_rerun_finishes(tmp_path, department, server):
    """The worker writing ds-02 hangs (as on a lock never released): after
    ``record_timeout`` it is stopped, its records are reported in zh/en, the
    other worker's are stored, the job ends; the next run writes the rest once."""
    import time as _time

    url = server.add("/data.json", Catalog(8))
    source, _ = make_source(tmp_path, department, url)
    started = _time.monotonic()
    with misbehaving_on("ds-02", lambda: _time.sleep(3600)):
        first = job.run(source, import_workers=2)
    assert _time.monotonic() - started < 60
    report = first.as_dict()
    stopped = [e for e in report["errors"] if e["code"] == "import_worker_stopped"]
    assert "ds-02" in {e["record_id"] for e in stopped}
    assert all("3 秒无响应" in e["zh"] and "answered nothing for 3 seconds" in e["en"] for e in stopped)
    assert report["created"] + report["errored"] == 8 and report["created"] >= 1
    stored = harvested(source)
    assert len(stored) == report["created"] and "ds-02" not in stored

    rerun = job.run(source, import_workers=2).as_dict()
    assert (rerun["created"], rerun["unchanged"], rerun["errored"]) == (8 - report["created"], report["created"], 0)


def test_workers_and_one_process_write_the_same_datasets(tmp_path, department, server):
    """The same catalog through two workers and through one process: same outcomes,
    same stored fields, one "new package" activity each, all in the search index."""
    from ckan.lib import search
    from ckanext.activity.model import Activity

    catalog = Catalog(6)
    results = {}
    for n, name in ((2, "test-datajson-two"), (1, "test-datajson-one")):
        url = server.add("/%s.json" % name, catalog)
        source, _ = make_source(tmp_path, department, url, name=name)
        results[n] = (source, job.run(source, import_workers=n).as_dict())
    assert results[2][1]["created"] == results[1][1]["created"] == 6
    assert results[2][1]["blocked_by_gate"] == results[1][1]["blocked_by_gate"]
    search.commit()

    def fields(source):
        out = {}
        for record_id, row in harvested(source).items():
            d = show(row["dataset_id"])
            out[record_id] = {k: d.get(k) for k in ("title", "notes", "private", "tags", "open_type", "theme")}
            out[record_id]["tags"] = sorted(t["name"] for t in d["tags"])
            # (package_activity_list hides the site user's activities: read the table)
            activities = model.Session.query(Activity).filter(Activity.object_id == d["id"]).all()
            assert [a.activity_type for a in activities] == ["new package"]
            assert activities[0].data["package"]["title"] == d["title"]
            assert activities[0].permission_labels
            hits = search.query_for(model.Package).run(
                {"q": "id:%s" % d["id"], "fq": "+capacity:(public OR private)"}, permission_labels=None)
            assert hits["count"] == 1
        return out

    assert fields(results[2][0]) == fields(results[1][0])


def test_cli_json_last_line_and_exit_status(cli, tmp_path, department, server):
    from ckan.cli.cli import ckan as ckan_cli

    catalog = Catalog(2)
    url = server.add("/data.json", catalog)
    _, path = make_source(tmp_path, department, url)
    result = cli.invoke(ckan_cli, ["govopen", "harvest", "run", path, "--json"])
    assert result.exit_code == 0, result.output
    last = json.loads(result.stdout.strip().splitlines()[-1])
    for key in ("created", "updated", "unchanged", "withdrawn", "blocked", "errored"):
        assert isinstance(last[key], int)
    # links to CSV files: not scanned nor validated yet, so privacy and validation hold them too
    assert last["created"] == 2 and last["blocked"] == 2
    assert last["blocked_by_gate"] == {"classification": 2, "privacy": 2, "validation": 2}

    catalog.status = 500
    result = cli.invoke(ckan_cli, ["govopen", "harvest", "run", "test-datajson", "--json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout.strip().splitlines()[-1])["errored"] == 0


def test_queue_stages_gather_fetch_import(tmp_path, department, server):
    from ckanext.harvest import queue
    from ckanext.harvest.model import HarvestGatherError, HarvestJob, HarvestObject

    catalog = Catalog(3)
    url = server.add("/data.json", catalog)
    source, _ = make_source(tmp_path, department, url)
    harvester = queue.get_harvester("govopen_datajson")
    assert harvester is not None

    def run_queue_job():
        job_dict = tk.get_action("harvest_job_create")(site_context(), {"source_id": source["id"], "run": False})
        harvest_job = HarvestJob.get(job_dict["id"])
        harvest_job.status = "Running"
        harvest_job.save()
        ids = queue.gather_stage(harvester, harvest_job)
        gather_errors = [e.message for e in model.Session.query(HarvestGatherError).filter_by(
            harvest_job_id=harvest_job.id)]
        assert ids is not None, gather_errors
        for obj_id in ids:
            queue.fetch_and_import_stages(harvester, HarvestObject.get(obj_id))
        tk.get_action("harvest_jobs_run")(site_context(), {"source_id": source["id"]})
        from ckanext.govopen.harvest import report
        return ids, report.from_db(model.Session, harvest_job.id).as_dict()

    ids, rep = run_queue_job()
    assert len(ids) == 3 and rep["created"] == 3 and rep["blocked_by_gate"]["classification"] == 3
    objs = model.Session.query(HarvestObject).filter(HarvestObject.current == True).all()  # noqa: E712
    assert len(objs) == 3 and all(o.package_id for o in objs)

    catalog.datasets.pop()
    ids, rep = run_queue_job()
    assert len(ids) == 1 and rep["unchanged"] == 2 and rep["withdrawn"] == 1
