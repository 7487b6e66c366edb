"""Another CKAN: the real Brazilian package_search dump (800 datasets) served
as a CKAN Action API by a small local server, paged, incremental, and its
faults (down, timeout, HTTP 500 midway, API error, bad records)."""
import gzip
import json
import os
import re

from govopen_harvesters import ckan_api, config, pipeline
from govopen_harvesters.record import HarvestError, Listing, Record
from govopen_harvesters.report import summarize

from tests.conftest import REALDATA
from tests.local_server import LocalServer, closed_port
from tests.unit.harvest_roots import load_local

DUMP = os.path.join(REALDATA, "ckan-api", "brazil-dados-gov-br", "package_search_rows800.json.gz")


def load_dump():
    with gzip.open(DUMP, "rt", encoding="utf-8") as f:
        return json.load(f)["result"]["results"]


class FakeCKAN:
    """package_search over a list of packages: q=*:*, rows, start, sort, fq on metadata_modified."""

    def __init__(self, packages, fail_from=None):
        self.packages = packages
        self.fail_from = fail_from
        self.fail_listing = False
        self.calls = []

    def __call__(self, query):
        self.calls.append(query)
        start, rows = int(query.get("start", 0)), int(query.get("rows", 10))
        failing = self.fail_from is not None and start >= self.fail_from
        if failing or (self.fail_listing and query.get("fl")):
            return 500, "text/html", b"<h1>Internal Server Error</h1>"
        found = sorted(self.packages, key=lambda p: (p.get("metadata_modified", ""), p.get("id", "")))
        m = re.search(r"metadata_modified:\[(\S+) TO \*\]", query.get("fq", ""))
        if m:
            since = m.group(1).rstrip("Z")
            found = [p for p in found if p["metadata_modified"][:19] >= since[:19]]
        page = found[start:start + rows]
        if query.get("fl"):                                   # CKAN returns only those fields
            fields = query["fl"].split(",")
            page = [{k: p[k] for k in fields if k in p} for p in page]
        body = {"success": True, "result": {"count": len(found), "results": page}}
        return 200, "application/json", json.dumps(body).encode("utf-8")


#: The local test servers, allow-listed as a sysadmin would a department network.
LOCAL = ["127.0.0.1/32"]


def cfg(url, **kw):
    base = {"name": "test-ckan", "type": "ckan_api", "url": url, "department": "dept",
            "resource_code_prefix": "BR", "http": {"timeout": 5, "retries": 0, "backoff": 0, "page_size": 100}}
    base.update(kw)
    loaded = config.load(base)
    loaded["http"].setdefault("allow", LOCAL)   # the operator's allow-list: the test servers
    return loaded


def records(items):
    return [i for i in items if isinstance(i, Record)]


def errors(items):
    return [i for i in items if isinstance(i, HarvestError)]


def package(i, modified="2024-01-01T00:00:00.000000", **kw):
    p = {"id": "id-%03d" % i, "name": "pkg-%d" % i, "title": "Package %d" % i, "notes": "Notes %d" % i,
         "metadata_created": "2023-01-01T00:00:00", "metadata_modified": modified,
         "license_id": "cc-by", "tags": [{"name": "t%d" % i}],
         "resources": [{"name": "r", "url": "https://example.org/%d.csv" % i, "format": "CSV"}]}
    p.update(kw)
    return p


def test_brazil_dump_paged_through_the_action_api():
    packages = load_dump()
    fake = FakeCKAN(packages)
    with LocalServer() as srv:
        srv.add("/api/3/action/package_search", fake)
        summary, items = summarize(cfg(srv.base))
    print("\n" + summary.text())
    assert summary.complete and summary.read == len(packages) == 800
    assert len(fake.calls) == 8                       # 800 / 100 rows per page
    assert [int(c["start"]) for c in fake.calls] == list(range(0, 800, 100))
    assert all(c["sort"] == "metadata_modified asc, id asc" for c in fake.calls)
    got = records(items)
    assert {r.source_id for r in got} == {p["id"] for p in packages}
    assert all(r.source_modified for r in got)
    by_id = {p["id"]: p for p in packages}
    r = got[0]
    src = by_id[r.source_id]
    assert r.dataset["title"] == src["title"]
    assert len(r.resources) == len(src["resources"])
    assert r.dataset["owner_org"] == "dept" and r.source["department"] == src["organization"]["name"]
    # licence ids and opendefinition URLs map to the standard's licences
    licences = {x.dataset["license_id"] for x in got}
    assert {"odc-odbl", "cc-by"} <= licences


def test_dump_file_mode_reads_the_same_records():
    c = load_local({"name": "b", "type": "ckan_api", "path": DUMP, "department": "dept",
                    "resource_code_prefix": "BR"})
    assert len(records(pipeline.harvest(c))) == 800


def test_incremental_since_asks_only_for_changes():
    pkgs = [package(i, modified="2024-01-%02dT10:00:00.123456" % (i + 1)) for i in range(10)]
    fake = FakeCKAN(pkgs)
    with LocalServer() as srv:
        srv.add("/api/3/action/package_search", fake)
        all_items = records(pipeline.harvest(cfg(srv.base)))
        newest = max(r.source_modified for r in all_items)
        assert newest == "2024-01-10T10:00:00.123456"
        changed = records(pipeline.harvest(cfg(srv.base), state={"since": "2024-01-08T10:00:00.123456"}))
    assert fake.calls[-2]["fq"] == "metadata_modified:[2024-01-08T10:00:00Z TO *]"
    assert [r.source_id for r in changed] == ["id-007", "id-008", "id-009"]


def test_incremental_read_lists_every_id_the_source_still_has():
    """After the changed records, one Listing of all ids (unchanged ones too, same fq);
    a full read needs none (it saw everything)."""
    pkgs = [package(i, modified="2024-01-%02dT10:00:00" % (i + 1)) for i in range(1205)
            if i not in (3, 4)]                                # deleted at the source
    fake = FakeCKAN(pkgs)
    with LocalServer() as srv:
        srv.add("/api/3/action/package_search", fake)
        full = list(pipeline.harvest(cfg(srv.base)))
        assert not [i for i in full if isinstance(i, Listing)]
        items = list(pipeline.harvest(cfg(srv.base), state={"since": "2024-01-09T10:00:00"}))
    (listing,) = [i for i in items if isinstance(i, Listing)]
    assert items[-1] is listing and not errors(items)
    assert len(listing.ids) == 1203 and "id-000" in listing.ids and "id-003" not in listing.ids
    listing_calls = [c for c in fake.calls if c.get("fl") == "id,name"]
    assert [c["start"] for c in listing_calls] == ["0", "1000"] and "fq" not in listing_calls[0]


def test_a_listing_that_fails_midway_is_a_fatal_error_not_a_short_listing():
    pkgs = [package(i, modified="2024-01-01T10:00:00") for i in range(1500)]
    fake = FakeCKAN(pkgs, fail_from=1000)
    with LocalServer() as srv:
        srv.add("/api/3/action/package_search", fake)
        items = list(pipeline.harvest(cfg(srv.base, http={"timeout": 5, "retries": 0, "backoff": 0,
                                                          "page_size": 2000}),
                                      state={"since": "2024-01-01T00:00:00"}))
    assert not [i for i in items if isinstance(i, Listing)]
    (e,) = errors(items)
    assert e.fatal and "start=1000&fl=id,name" in e.where and e.message["zh"] and e.message["en"]


def test_http_500_midway_keeps_the_pages_read():
    fake = FakeCKAN([package(i) for i in range(250)], fail_from=200)
    with LocalServer() as srv:
        srv.add("/api/3/action/package_search", fake)
        items = list(pipeline.harvest(cfg(srv.base)))
    assert len(records(items)) == 200
    (e,) = errors(items)
    assert e.fatal and e.code == "source_http_error" and "start=200" in e.where
    assert "500" in e.message["en"] and "此前读取的记录保留" in e.message["zh"]


def test_source_down():
    items = list(pipeline.harvest(cfg("http://127.0.0.1:%d" % closed_port())))
    assert [(e.code, e.fatal) for e in items] == [("source_unreachable", True)]
    assert "/api/3/action/package_search" in items[0].where


def test_timeout():
    from tests.local_server import slow
    with LocalServer() as srv:
        srv.add("/api/3/action/package_search", slow(3))
        items = list(pipeline.harvest(cfg(srv.base, http={"timeout": 0.5, "retries": 0})))
    assert [e.code for e in items] == ["source_timeout"]


def test_api_failure_answer():
    with LocalServer() as srv:
        srv.add_bytes("/api/3/action/package_search",
                      json.dumps({"success": False, "error": {"message": "Search error"}}).encode(),
                      "application/json")
        items = list(pipeline.harvest(cfg(srv.base)))
    assert [e.code for e in items] == ["source_api_error"]
    assert "Search error" in items[0].message["en"]


def test_malformed_and_duplicate_packages():
    pkgs = [package(1), "junk", {"title": "no id"}, package(2), package(1, title="again")]

    def handler(query):
        body = {"success": True, "result": {"count": len(pkgs), "results": pkgs}}
        return 200, "application/json", json.dumps(body).encode()
    with LocalServer() as srv:
        srv.add("/api/3/action/package_search", handler)
        items = list(pipeline.harvest(cfg(srv.base, http={"page_size": 1000, "retries": 0})))
    assert [r.source_id for r in records(items)] == ["id-001", "id-002"]
    assert [e.code for e in errors(items)] == ["record_not_object", "record_no_identifier", "record_duplicate"]


def test_enormous_notes_and_bad_bytes_in_a_page():
    pkgs = [package(1), package(2, notes="y" * 500_000), package(3, title="MARK"), package(4)]
    body = json.dumps({"success": True, "result": {"count": 4, "results": pkgs}}).encode()
    body = body.replace(b"MARK", b"\xc3\x28bad")
    with LocalServer() as srv:
        srv.add_bytes("/api/3/action/package_search", body, "application/json")
        items = list(pipeline.harvest(cfg(srv.base)))
    assert [r.source_id for r in records(items)] == ["id-001", "id-004"]
    assert [e.code for e in errors(items)] == ["source_bad_encoding", "record_field_too_large", "record_bad_encoding"]


def test_solr_date():
    assert ckan_api.solr_date("2023-01-30T11:15:06.596410") == "2023-01-30T11:15:06Z"
    assert ckan_api.solr_date("2023-01-30") == "2023-01-30T00:00:00Z"
    assert ckan_api.solr_date("yesterday") is None
