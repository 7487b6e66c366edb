"""Faults during a harvest job inside CKAN, one test each: a timeout, a
malformed record, duplicate identifiers, an enormous field, bytes that are
not UTF-8, and a file share whose table is not in its declared encoding.

Each time: the job ends with a clear error (code, where, the source record's
id, zh and en), the datasets harvested earlier stay exactly as they were
(same metadata, not withdrawn, no duplicates), and the next run, with the
source repaired, picks up and finishes the work."""
import json

import pytest

import ckan.model as model

from ckanext.govopen.harvest import job, jobrun

from tests.integration.test_harvest_datajson import Catalog, entry, harvested, make_source, show
from tests.local_server import LocalServer, slow

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]


@pytest.fixture
def server(ckan_config, monkeypatch):
    with LocalServer() as srv:
        # a department's server: reached because the sysadmin allow-lists it
        monkeypatch.setitem(ckan_config, "govopen.outbound.allow", "127.0.0.1:%d" % srv.httpd.server_address[1])
        yield srv


class RawCatalog(Catalog):
    """A data.json whose body the test may replace by raw bytes."""

    def __init__(self, n):
        super().__init__(n)
        self.raw = None

    def __call__(self, query):
        if self.raw is not None:
            return 200, "application/json", self.raw
        return super().__call__(query)


def snapshot(source):
    """What the catalog holds for the source: record id -> (dataset id, metadata_modified, private)."""
    out = {}
    for rid, row in harvested(source).items():
        pkg = show(row["dataset_id"])
        out[rid] = (pkg["id"], pkg["metadata_modified"], pkg["private"], row["withdrawn"])
    return out


def assert_clear(error, code, record_id=None):
    assert error["code"] == code, error
    assert error["zh"] and error["en"] and error["zh"] != error["en"]
    if record_id is not None:
        assert error["record_id"] == record_id, error


def harvested_count(prefix="test-datajson-"):
    return model.Session.query(model.Package).filter(model.Package.name.like(prefix + "%")).count()


def first_run(tmp_path, department, server, n=3, **cfg):
    catalog = RawCatalog(n)
    url = server.add("/data.json", catalog)
    source, _ = make_source(tmp_path, department, url, **cfg)
    first = job.run(source).as_dict()
    assert (first["created"], first["errored"]) == (n, 0), first["errors"]
    return catalog, source, snapshot(source)


def repaired_run_finishes(source, before, catalog, created=0):
    again = job.run(source).as_dict()
    assert not again["failed"] and again["errored"] == 0, again["errors"]
    assert again["created"] == created and again["unchanged"] == len(before)
    for rid, (dataset_id, modified, private, withdrawn) in before.items():
        assert snapshot(source)[rid] == (dataset_id, modified, private, withdrawn)
    assert harvested_count() == len(before) + created


def test_timeout_fails_the_job_and_keeps_every_dataset(tmp_path, department, server):
    catalog, source, before = first_run(tmp_path, department, server, http={"timeout": 1, "retries": 0,
                                                                            "backoff": 0})
    server.add("/data.json", slow(3))
    failed = job.run(source)
    assert failed.failed and not failed.complete
    (error,) = failed.errors
    assert_clear(error, "source_timeout")
    assert "data.json" in error["where"]
    assert failed.as_dict()["withdrawn"] == 0                    # incomplete: nothing withdrawn
    assert snapshot(source) == before

    server.add("/data.json", catalog)
    repaired_run_finishes(source, before, catalog)


def test_malformed_record_is_an_error_for_that_record_only(tmp_path, department, server):
    catalog, source, before = first_run(tmp_path, department, server)
    catalog.datasets = catalog.datasets + ["not an object", {"title": "no identifier"}, entry("ds-new")]
    run = job.run(source).as_dict()
    assert (run["created"], run["unchanged"], run["errored"]) == (1, 3, 2)
    codes = sorted(e["code"] for e in run["errors"])
    assert codes == ["record_no_identifier", "record_not_object"]
    for e in run["errors"]:
        assert_clear(e, e["code"])
        assert "dataset[" in e["where"]                          # which entry of the document
    assert {rid: v for rid, v in snapshot(source).items() if rid in before} == before

    catalog.datasets = [d for d in catalog.datasets if isinstance(d, dict) and "identifier" in d]
    repaired_run_finishes(source, dict(before, **{"ds-new": snapshot(source)["ds-new"]}), catalog)


def test_duplicate_identifier_keeps_the_first_and_reports_the_second(tmp_path, department, server):
    catalog, source, before = first_run(tmp_path, department, server)
    twin = entry("ds-01", title="A different dataset claiming the same identifier")
    catalog.datasets = catalog.datasets + [twin]
    run = job.run(source).as_dict()
    assert (run["created"], run["updated"], run["unchanged"], run["errored"]) == (0, 0, 3, 1)
    (error,) = run["errors"]
    assert_clear(error, "record_duplicate", "ds-01")
    assert show(before["ds-01"][0])["title"] == "Dataset ds-01"    # the first one stays
    assert snapshot(source) == before

    catalog.datasets = catalog.datasets[:3]
    repaired_run_finishes(source, before, catalog)


def test_enormous_field_leaves_the_stored_dataset_as_it_was(tmp_path, department, server):
    catalog, source, before = first_run(tmp_path, department, server, limits={"max_field_chars": 5000})
    catalog.datasets[1] = entry("ds-01", description="x" * 200_000)
    run = job.run(source).as_dict()
    assert (run["updated"], run["unchanged"], run["errored"], run["withdrawn"]) == (0, 2, 1, 0)
    (error,) = run["errors"]
    assert_clear(error, "record_field_too_large", "ds-01")
    assert "notes" in error["en"] or "description" in error["en"]
    assert show(before["ds-01"][0])["notes"] == "About ds-01"
    assert snapshot(source) == before

    catalog.datasets[1] = entry("ds-01")
    repaired_run_finishes(source, before, catalog)


def test_invalid_utf8_in_one_record_skips_only_that_record(tmp_path, department, server):
    catalog, source, before = first_run(tmp_path, department, server)
    body = json.dumps({"dataset": catalog.datasets + [entry("ds-bad", title="BADTITLE")]}).encode("utf-8")
    catalog.raw = body.replace(b"BADTITLE", b"Caf\xe9 \xff\xfe")   # Latin-1 bytes in a UTF-8 document
    run = job.run(source).as_dict()
    assert (run["created"], run["unchanged"], run["errored"]) == (0, 3, 1), run["errors"]
    bad = [e for e in run["errors"] if e["code"] == "record_bad_encoding"]
    assert len(bad) == 1
    assert_clear(bad[0], "record_bad_encoding", "ds-bad")
    assert "UTF-8" in bad[0]["en"]
    assert snapshot(source) == before

    catalog.raw = None
    catalog.datasets = catalog.datasets + [entry("ds-bad")]
    repaired_run_finishes(source, dict(before, **{}), catalog, created=1)


def test_file_share_table_in_the_wrong_encoding(tmp_path, department, ckan_config, monkeypatch):
    share = tmp_path / "share"
    share.mkdir()
    (share / "ok.csv").write_text("区,人口\n黄浦区,662030\n", encoding="utf-8")
    (share / "gbk.csv").write_bytes("区,人口\n徐汇区,1113078\n".encode("gb18030"))
    (share / "manifest.yaml").write_text(json.dumps({"datasets": [
        {"identifier": "ok", "title": "区县人口", "notes": "常住人口", "issued": "2024-02-01", "files": ["ok.csv"]},
        {"identifier": "gbk", "title": "区县人口（GBK）", "notes": "常住人口", "issued": "2024-02-01",
         "files": ["gbk.csv"]}]}, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setitem(ckan_config, "govopen.harvest.file_roots", "share=%s" % share)
    source, _ = make_source(tmp_path, department, None, kind="files", name="test-share", root="share", path=".",
                            manifest="manifest.yaml")
    run = job.run(source).as_dict()
    assert (run["created"], run["errored"]) == (1, 1), run["errors"]
    (error,) = run["errors"]
    assert_clear(error, "file_bad_encoding", "gbk")
    assert "gbk.csv" in error["en"] and "gbk.csv" in error["zh"]
    before = snapshot(source)
    assert list(before) == ["ok"]

    # the officer declares the file's encoding; the next run picks it up, the other stays
    manifest = json.loads((share / "manifest.yaml").read_text(encoding="utf-8"))
    manifest["datasets"][1]["encoding"] = "gb18030"
    (share / "manifest.yaml").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    again = job.run(source).as_dict()
    assert (again["created"], again["unchanged"], again["errored"]) == (1, 1, 0), again["errors"]
    assert snapshot(source)["ok"] == before["ok"]


def test_one_job_per_source_at_a_time(tmp_path, department, server):
    from ckanext.govopen.harvest.sources import SourceError

    catalog, source, before = first_run(tmp_path, department, server)
    with jobrun.source_lock(source["id"]) as got:           # another job holds the source
        assert got
        with pytest.raises(SourceError) as refused:
            job.run(source)
        assert source["name"] in refused.value.message["en"] and source["name"] in refused.value.message["zh"]
        assert "running" in refused.value.message["en"]
    assert snapshot(source) == before
    repaired_run_finishes(source, before, catalog)        # free again: the next job runs
