"""DCAT-AP RDF: the four real German catalogs (Turtle, RDF/XML) over a local
HTTP server, JSON-LD with its context kept local, hydra paging and its
faults (HTTP 500 on page 2, a next page on another host), documents that do
not parse, bad bytes."""
import os
import re

import pytest

from govopen_harvesters import config, pipeline
from govopen_harvesters.record import HarvestError, Record
from govopen_harvesters.report import summarize

from tests.conftest import REALDATA
from tests.local_server import LocalServer, closed_port

DE = os.path.join(REALDATA, "dcat-ap", "real-portals-de")
EXAMPLES = os.path.join(REALDATA, "dcat-ap", "examples-3.0.1")
CATALOGS = {
    "brandenburg": ("brandenburg-catalog-original-input.ttl", "text/turtle"),
    "bremen": ("bremen-catalog-original-input.rdf", "application/rdf+xml"),
    "destatis": ("destatis-catalog-original-input.rdf", "application/rdf+xml"),
    "rostock": ("rostock-catalog-original-input.rdf", "application/rdf+xml"),
}


#: The local test servers, allow-listed as a sysadmin would a department network.
LOCAL = ["127.0.0.1/32"]


def cfg(url, **kw):
    base = {"name": "test-dcat", "type": "dcat_rdf", "url": url, "department": "dept",
            "resource_code_prefix": "DE", "languages": ["de", "en"],
            "http": {"timeout": 5, "retries": 0, "backoff": 0}}
    base.update(kw)
    loaded = config.load(base)
    loaded["http"].setdefault("allow", LOCAL)   # the operator's allow-list: the test servers
    return loaded


def records(items):
    return [i for i in items if isinstance(i, Record)]


def errors(items):
    return [i for i in items if isinstance(i, HarvestError)]


def count_datasets(path, fmt):
    import rdflib
    from rdflib.namespace import DCAT, RDF
    g = rdflib.Graph()
    g.parse(path, format=fmt)
    return len(set(g.subjects(RDF.type, DCAT.Dataset)))


@pytest.mark.parametrize("name", sorted(CATALOGS))
def test_real_german_catalog_over_http(name):
    filename, ctype = CATALOGS[name]
    path = os.path.join(DE, filename)
    with LocalServer() as srv:
        # the server names the file by content type only (no extension in the URL)
        url = srv.add_file("/%s/catalog" % name, path, ctype)
        summary, items = summarize(cfg(url, name=name))
    print("\n" + summary.text())
    expected = count_datasets(path, "turtle" if filename.endswith(".ttl") else "xml")
    got = records(items)
    assert summary.read == expected and len(got) == expected
    if name == "rostock":
        # a real paged catalog: its next page is on the portal's own host, not ours
        assert [e.code for e in summary.fatal] == ["page_not_followed"]
        assert "opendata-hro.de" in summary.fatal[0].message["en"]
    else:
        assert summary.complete
    for r in got:
        assert r.dataset["title"] and r.dataset["owner_org"] == "dept"
        assert r.dataset["open_type"] == "none" and r.private
        assert re.match(r"^DE\d\d-\d{9}$", r.dataset["resource_code"])


def test_german_themes_and_frequencies_map_to_the_standard():
    with LocalServer() as srv:
        url = srv.add_file("/bremen", os.path.join(DE, CATALOGS["bremen"][0]), "application/rdf+xml")
        got = records(pipeline.harvest(cfg(url)))
    themes = {r.dataset["theme"] for r in got}
    freqs = {r.dataset["update_frequency"] for r in got}
    assert "public_safety" in themes              # data-theme/JUST
    assert {"daily", "annual"} <= freqs           # frequency/DAILY, ANNUAL
    # Bremen's descriptions are HTML; the standard's notes are text
    assert not any("<p>" in r.dataset["notes"] for r in got)
    # the malformed xsd:dateTime "2021-01-28 GMT 01:51:03..." still yields its date
    assert all(re.match(r"^\d{4}-\d{2}-\d{2}$", r.dataset.get("modified", "2000-01-01")) for r in got)


def test_jsonld_with_a_local_context():
    remote = "https://semiceu.github.io/uri.semic.eu-generated/DCAT-AP/releases/3.0.0/html/examples/context.jsonld"
    with LocalServer() as srv:
        url = srv.add_file("/bee.jsonld", os.path.join(EXAMPLES, "example-bee-population.jsonld"),
                           "application/ld+json")
        items = list(pipeline.harvest(cfg(url, contexts={remote: os.path.join(EXAMPLES, "context.jsonld")},
                                          languages=["en"])))
    (r,) = records(items)
    assert r.dataset["title"] == "Bee population"
    assert r.dataset["notes"] == "A dataset about bee population in Greece"


def test_invalid_turtle_as_shipped_is_a_clear_error():
    # SEMIC ships this example with prefixed names containing "/" (invalid Turtle)
    path = os.path.join(EXAMPLES, "example-bee-population-dataset-series-api.ttl")
    with LocalServer() as srv:
        url = srv.add_file("/series.ttl", path, "text/turtle")
        items = list(pipeline.harvest(cfg(url)))
    assert [(e.code, e.fatal) for e in items] == [("source_malformed", True)]
    assert "turtle" in items[0].message["en"] and url in items[0].message["zh"]


# --- paging and faults ------------------------------------------------------------------

def page(n, total_pages, base, datasets=2, next_link=None):
    nxt = next_link or ("%s?page=%d" % (base, n + 1) if n < total_pages else None)
    lines = ["@prefix dcat: <http://www.w3.org/ns/dcat#> .",
             "@prefix dct: <http://purl.org/dc/terms/> .",
             "@prefix hydra: <http://www.w3.org/ns/hydra/core#> ."]
    for i in range(datasets):
        ident = "p%d-d%d" % (n, i)
        lines.append('<https://example.org/ds/%s> a dcat:Dataset ; dct:identifier "%s" ; '
                     'dct:title "Title %s"@en ; dct:description "About %s"@en ; dct:issued "2024-01-01" ; '
                     'dcat:theme <http://publications.europa.eu/resource/authority/data-theme/HEAL> .'
                     % (ident, ident, ident, ident))
    view = '<%s?page=%d> a hydra:PartialCollectionView' % (base, n)
    if nxt:
        view += ' ; hydra:next <%s>' % nxt
    lines.append(view + " .")
    return "\n".join(lines).encode("utf-8")


def paged_handler(base, total_pages, fail_page=None, next_link=None):
    def handler(query):
        n = int(query.get("page", 1))
        if n == fail_page:
            return 500, "text/plain", b"server error"
        return 200, "text/turtle", page(n, total_pages, base, next_link=next_link if n == 1 else None)
    return handler


def test_hydra_pages_are_followed():
    with LocalServer() as srv:
        base = srv.url("/catalog.ttl")
        srv.add("/catalog.ttl", paged_handler(base, 3))
        items = list(pipeline.harvest(cfg(base)))
    assert not errors(items)
    assert sorted(r.source_id for r in records(items)) == sorted(
        "p%d-d%d" % (n, i) for n in (1, 2, 3) for i in range(2))
    assert all(r.dataset["theme"] == "health" for r in records(items))


def test_http_500_on_page_two_keeps_page_one():
    with LocalServer() as srv:
        base = srv.url("/catalog.ttl")
        srv.add("/catalog.ttl", paged_handler(base, 3, fail_page=2))
        items = list(pipeline.harvest(cfg(base)))
    assert sorted(r.source_id for r in records(items)) == ["p1-d0", "p1-d1"]
    (e,) = errors(items)
    assert e.fatal and e.code == "source_http_error" and "page=2" in e.where


def test_next_page_on_another_host_is_not_followed():
    with LocalServer() as srv:
        base = srv.url("/catalog.ttl")
        srv.add("/catalog.ttl", paged_handler(base, 3, next_link="http://169.254.169.254/latest/meta-data"))
        items = list(pipeline.harvest(cfg(base)))
        assert len(srv.hits) == 1
    assert len(records(items)) == 2
    assert [e.code for e in errors(items)] == ["page_not_followed"]


def test_source_down():
    url = "http://127.0.0.1:%d/catalog.ttl" % closed_port()
    assert [e.code for e in pipeline.harvest(cfg(url))] == ["source_unreachable"]


def test_bad_bytes_in_turtle_skip_that_dataset_only():
    body = page(1, 1, "http://x/c").replace(b'"Title p1-d1"', b'"Title \xff p1-d1"')
    with LocalServer() as srv:
        url = srv.add_bytes("/c.ttl", body, "text/turtle")
        items = list(pipeline.harvest(cfg(url)))
    assert [r.source_id for r in records(items)] == ["p1-d0"]
    assert [e.code for e in errors(items)] == ["source_bad_encoding", "record_bad_encoding"]


def test_blank_node_dataset_without_identifier():
    body = (b'@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .\n'
            b'[] a dcat:Dataset ; dct:title "anonymous" .\n'
            b'<https://example.org/ok> a dcat:Dataset ; dct:title "ok" ; dct:description "d" .\n')
    with LocalServer() as srv:
        url = srv.add_bytes("/c.ttl", body, "text/turtle")
        items = list(pipeline.harvest(cfg(url)))
    assert [r.source_id for r in records(items)] == ["https://example.org/ok"]
    assert [e.code for e in errors(items)] == ["record_no_identifier"]
