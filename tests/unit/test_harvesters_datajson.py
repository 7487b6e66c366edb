"""data.json (DCAT-US 1.1): the five real agency catalogs over a local HTTP
server, and every fault: source down, timeout, HTTP 500, a malformed
document, malformed and duplicate records, an enormous field, bad bytes."""
import json
import os
import re

import pytest

from govopen_harvesters import config, pipeline
from govopen_harvesters.record import HarvestError, Record
from govopen_harvesters.report import summarize

from tests.conftest import REALDATA
from tests.local_server import LocalServer, closed_port, slow
from tests.unit.harvest_roots import load_local

AGENCIES = os.path.join(REALDATA, "dcat-us", "agency-data-json")
NAMES = ["consumerfinance", "fcc", "gsa", "dhs", "cdc"]


@pytest.fixture(scope="module")
def server():
    with LocalServer() as srv:
        for name in NAMES:
            srv.add_file("/%s/data.json" % name, os.path.join(AGENCIES, "%s.data.json" % name),
                         "application/json")
        yield srv


#: The local test servers, allow-listed as a sysadmin would a department network.
LOCAL = ["127.0.0.1/32"]


def cfg(url, **kw):
    base = {"name": "test-datajson", "type": "datajson", "url": url, "department": "dept",
            "resource_code_prefix": "T", "http": {"timeout": 5, "retries": 0, "backoff": 0}}
    base.update(kw)
    loaded = config.load(base)
    loaded["http"].setdefault("allow", LOCAL)   # the operator's allow-list: the test servers
    return loaded


def records(items):
    return [i for i in items if isinstance(i, Record)]


def errors(items):
    return [i for i in items if isinstance(i, HarvestError)]


def dataset(ident, **kw):
    d = {"identifier": ident, "title": "Dataset %s" % ident, "description": "About %s" % ident,
         "modified": "2024-01-02", "keyword": ["a"], "accessLevel": "public",
         "distribution": [{"downloadURL": "https://example.org/%s.csv" % ident, "format": "csv"}]}
    d.update(kw)
    return d


def catalog(*datasets):
    return json.dumps({"conformsTo": "https://project-open-data.cio.gov/v1.1/schema",
                       "dataset": list(datasets)}).encode("utf-8")


# --- the real catalogs ---------------------------------------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_real_agency_catalog_over_http(server, name):
    with open(os.path.join(AGENCIES, "%s.data.json" % name), encoding="utf-8") as f:
        expected = len(json.load(f)["dataset"])
    summary, items = summarize(cfg(server.url("/%s/data.json" % name), name=name, department=name))
    print("\n" + summary.text())
    assert summary.complete
    assert summary.read == expected
    assert summary.mapped + summary.errored == expected
    assert summary.mapped >= 0.95 * expected
    code = re.compile(r"^T\d\d-\d{9}$")
    for r in records(items):
        ds = r.dataset
        # conservative classification whatever the source says, the source's word kept
        assert ds["open_type"] == "none" and r.private is True and ds["legal_basis"]
        assert ds["owner_org"] == name
        assert code.match(ds["resource_code"])
        assert r.content_hash and len(r.content_hash) == 64
    codes = [r.dataset["resource_code"] for r in records(items)]
    assert len(codes) == len(set(codes))


def test_second_run_gives_the_same_hashes(server):
    c = cfg(server.url("/gsa/data.json"))
    first = {r.source_id: r.content_hash for r in records(pipeline.harvest(c))}
    second = {r.source_id: r.content_hash for r in records(pipeline.harvest(c))}
    assert first == second and len(first) > 300


def test_source_classification_is_kept_for_the_reviewer(server):
    items = records(pipeline.harvest(cfg(server.url("/gsa/data.json"))))
    declared = [r.source.get("declared_classification", {}).get("open_type") for r in items]
    assert "unconditional" in declared          # gsa publishes accessLevel public
    assert all(r.dataset["open_type"] == "none" for r in items)


def test_trusting_the_source_keeps_its_open_type():
    with LocalServer() as srv:
        url = srv.add_bytes("/d.json", catalog(dataset("x1")), "application/json")
        r = records(pipeline.harvest(cfg(url, trust_source_classification=True)))[0]
    assert r.dataset["open_type"] == "unconditional"
    assert "legal_basis" not in r.dataset
    assert r.valid, r.problems


def test_changed_content_changes_the_hash():
    with LocalServer() as srv:
        a = srv.add_bytes("/a.json", catalog(dataset("x1")), "application/json")
        b = srv.add_bytes("/b.json", catalog(dataset("x1", description="About x1, revised")), "application/json")
        ha = records(pipeline.harvest(cfg(a)))[0].content_hash
        hb = records(pipeline.harvest(cfg(b)))[0].content_hash
        ha2 = records(pipeline.harvest(cfg(a)))[0].content_hash
    assert ha != hb and ha == ha2


# --- faults ------------------------------------------------------------------------------

def test_source_down_is_one_clear_fatal_error():
    url = "http://127.0.0.1:%d/data.json" % closed_port()
    items = list(pipeline.harvest(cfg(url)))
    assert len(items) == 1
    e = items[0]
    assert e.fatal and e.code == "source_unreachable" and e.where == url
    assert url in e.message["en"] and "refused" in e.message["en"]
    assert url in e.message["zh"] and "无法连接" in e.message["zh"]


def test_timeout():
    with LocalServer() as srv:
        url = srv.add("/slow.json", slow(3, catalog(dataset("x"))))
        items = list(pipeline.harvest(cfg(url, http={"timeout": 0.5, "retries": 0})))
    assert [(e.code, e.fatal) for e in items] == [("source_timeout", True)]
    assert "0.5" in items[0].message["en"] and url in items[0].message["zh"]


def test_http_500_is_retried_then_reported():
    with LocalServer() as srv:
        url = srv.add_bytes("/d.json", b"oops", "text/plain", status=500)
        items = list(pipeline.harvest(cfg(url, http={"timeout": 5, "retries": 2, "backoff": 0})))
        assert len(srv.hits) == 3
    assert [e.code for e in items] == ["source_http_error"]
    assert "500" in items[0].message["en"] and "HTTP 500" in items[0].message["zh"]


def test_malformed_document_names_line_and_column():
    body = catalog(dataset("a"))[:-30]
    with LocalServer() as srv:
        url = srv.add_bytes("/d.json", body, "application/json")
        items = list(pipeline.harvest(cfg(url)))
    assert [e.code for e in items] == ["source_malformed"]
    assert re.search(r"line \d+ column \d+", items[0].message["en"])


def test_malformed_records_are_errors_the_rest_is_read():
    body = catalog(dataset("a"), "not a dataset", {"title": "no identifier"}, dataset("b"))
    with LocalServer() as srv:
        url = srv.add_bytes("/d.json", body, "application/json")
        items = list(pipeline.harvest(cfg(url)))
    assert [r.source_id for r in records(items)] == ["a", "b"]
    errs = errors(items)
    assert [e.code for e in errs] == ["record_not_object", "record_no_identifier"]
    assert "dataset[1]" in errs[0].where and "dataset[2]" in errs[1].where
    assert "no identifier" in errs[1].message["en"] and "没有标识符" in errs[1].message["zh"]
    assert not any(e.fatal for e in errs)


def test_duplicate_identifiers():
    body = catalog(dataset("a"), dataset("b"), dataset("a", title="Again"))
    with LocalServer() as srv:
        url = srv.add_bytes("/d.json", body, "application/json")
        items = list(pipeline.harvest(cfg(url)))
    assert [r.source_id for r in records(items)] == ["a", "b"]
    (dup,) = errors(items)
    assert dup.code == "record_duplicate" and dup.record_id == "a"
    assert dup.params["first"] == 1 and "#3" in dup.where


def test_enormous_field_skips_that_record():
    body = catalog(dataset("a"), dataset("huge", description="x" * 2_000_000), dataset("c"))
    with LocalServer() as srv:
        url = srv.add_bytes("/d.json", body, "application/json")
        items = list(pipeline.harvest(cfg(url)))
    assert [r.source_id for r in records(items)] == ["a", "c"]
    (e,) = errors(items)
    assert e.code == "record_field_too_large" and e.params["field"] == "notes"
    assert "2000000" in e.message["en"] and "huge" in e.where


def test_response_over_the_size_limit_stops_the_run():
    body = catalog(*[dataset(str(i)) for i in range(200)])
    with LocalServer() as srv:
        url = srv.add_bytes("/d.json", body, "application/json")
        items = list(pipeline.harvest(cfg(url, http={"max_bytes": 10_000, "retries": 0})))
    assert [e.code for e in items] == ["source_too_large"]


def test_invalid_encoding_skips_only_the_affected_record():
    body = catalog(dataset("a"), dataset("bad", title="BADTITLE"), dataset("c"))
    body = body.replace(b"BADTITLE", b"caf\xe9 \xff")
    with LocalServer() as srv:
        url = srv.add_bytes("/d.json", body, "application/json")
        items = list(pipeline.harvest(cfg(url)))
    assert [r.source_id for r in records(items)] == ["a", "c"]
    codes = [e.code for e in errors(items)]
    assert codes == ["source_bad_encoding", "record_bad_encoding"]
    enc = errors(items)[0]
    assert enc.params["line"] == 1 and enc.params["offset"] > 0 and not enc.fatal
    assert errors(items)[1].record_id == "bad"


def test_local_path_and_missing_file(tmp_path):
    p = tmp_path / "data.json"
    p.write_bytes(catalog(dataset("a")))
    c = load_local({"name": "f", "type": "datajson", "path": str(p)})
    assert [r.source_id for r in records(pipeline.harvest(c))] == ["a"]
    c = load_local({"name": "f", "type": "datajson", "path": str(tmp_path / "nope.json")})
    assert [e.code for e in pipeline.harvest(c)] == ["source_not_found"]


def test_a_missing_local_file_is_named_by_its_share_not_the_servers_path(tmp_path):
    """The job report goes to the department: before, its error named the server's own
    path (``/srv/.../data.json``); now the place the source names (``share://t/...``)."""
    folder = tmp_path / "srv-secret-dir"
    folder.mkdir()
    loaded = load_local({"name": "dj", "type": "datajson"}, path=folder / "data.json")
    items = list(pipeline.harvest(loaded))
    assert len(items) == 1 and items[0].fatal and items[0].code == "source_not_found"
    shown = json.dumps([items[0].where, items[0].message], ensure_ascii=False)
    assert items[0].where == "share://t/data.json"
    assert "srv-secret-dir" not in shown and str(tmp_path) not in shown
