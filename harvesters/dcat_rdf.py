"""DCAT-AP 2 / 3 catalogs in Turtle, RDF/XML or JSON-LD, with hydra paging.

The document is parsed with rdflib; every ``dcat:Dataset`` node becomes a
plain dict of its properties (``title``, ``theme`` URIs, ``publisher_name``,
``distributions`` ...) that the mapping (``mappings/dcat_rdf.yaml``) turns
into the standard. DCAT-AP 2 and 3 use the same properties for everything
mapped here; text in several languages is picked by the config's
``languages`` preference.

Paged catalogs (``hydra:PagedCollection`` / ``hydra:PartialCollectionView``)
are followed through ``hydra:nextPage`` / ``hydra:next``, but only on the host
the config names: a next-page link elsewhere ends the run with an error.
JSON-LD contexts are never fetched from where a document says: a remote
``@context`` is replaced by a local file named in the config's ``contexts``.
"""
import contextlib
import json
import logging
from urllib.parse import urljoin, urlparse

import rdflib
from rdflib import RDF, BNode, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, Namespace

from . import fetch, mapping, origins
from .fetch import SourceFault
from .record import HarvestError, Resource, make_record
from .registry import SourceType

SOURCE_TYPE = SourceType(
    name="govopen_dcat", order=20, origin=origins.WEB_OR_SHARE,
    title={"zh": "DCAT RDF", "en": "DCAT RDF"},
    description={"zh": "DCAT-AP 2/3 目录，Turtle、RDF/XML 或 JSON-LD 格式。",
                 "en": "A DCAT-AP 2/3 catalog in Turtle, RDF/XML or JSON-LD."})

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
SCHEMA = Namespace("http://schema.org/")

FORMATS = {"turtle": "turtle", "ttl": "turtle", "xml": "xml", "rdf": "xml", "rdfxml": "xml",
           "json-ld": "json-ld", "jsonld": "json-ld", "n3": "n3", "nt": "nt"}


def read(cfg, state):
    url = cfg.get("url")
    seen_pages = set()
    max_pages = int(cfg.get("max_pages", 1000))
    while True:
        seen_pages.add(url)
        try:
            body, ctype, where = fetch.read_source(
                cfg, url=url, accept="text/turtle, application/rdf+xml;q=0.9, application/ld+json;q=0.8")
        except SourceFault as fault:
            yield fault.error
            return
        graph = yield from _parse(cfg, body, ctype, where)
        if graph is None:
            return
        yield from _datasets(cfg, graph, where)
        nxt = next_page(graph)
        if not nxt or not url:
            return
        nxt = urljoin(url, nxt)
        if nxt in seen_pages or len(seen_pages) >= max_pages:
            return
        if urlparse(nxt).netloc != urlparse(cfg["url"]).netloc:
            yield HarvestError("page_not_followed", where, fatal=True, params={"next": nxt})
            return
        url = nxt


def guess_format(cfg, ctype, where, body):
    if cfg.get("format"):
        return FORMATS.get(str(cfg["format"]).lower(), cfg["format"])
    ctype = (ctype or "").split(";")[0].strip().lower()
    by_type = {"text/turtle": "turtle", "application/x-turtle": "turtle",
               "application/rdf+xml": "xml", "application/ld+json": "json-ld",
               "application/n-triples": "nt"}
    if ctype in by_type:
        return by_type[ctype]
    ext = where.split("?")[0].rsplit(".", 1)[-1].lower()
    if ext in FORMATS:
        return FORMATS[ext]
    head = body[:200].lstrip()
    if head.startswith(b"<"):
        return "xml"
    if head.startswith((b"{", b"[")):
        return "json-ld"
    return "turtle"


def _parse(cfg, body, ctype, where):
    fmt = guess_format(cfg, ctype, where, body)
    graph = rdflib.Graph()
    data = body
    lossy = False
    if fmt != "xml":
        data, encoding_error = fetch.decode(body, where)
        if encoding_error:
            lossy = True
            yield encoding_error
        if fmt == "json-ld":
            data, remote = _local_contexts(cfg, data)
            if remote:
                yield HarvestError("source_malformed", where, fatal=True, params={"error": (
                    "JSON-LD @context %s is not fetched from where the document says; name a local copy "
                    "in the config's `contexts` / JSON-LD 的 @context %s 不会按文档所写地址下载，"
                    "请在配置 contexts 中指定本地副本" % (remote[0][:200], remote[0][:200]))})
                return None
    try:
        with _quiet("rdflib.term"):
            graph.parse(data=data, format=fmt, publicID=where if "://" in where else None)
    except Exception as e:  # rdflib raises many kinds; all mean "does not parse"
        yield HarvestError("source_malformed", where, fatal=True,
                           params={"error": "%s (%s): %s" % (fmt, type(e).__name__, str(e)[:300])})
        return None
    graph.lossy = lossy
    return graph


@contextlib.contextmanager
def _quiet(name):
    """rdflib logs a traceback for every malformed typed literal (real catalogs
    have them, e.g. ``"2021-01-28 GMT 01:51:03"^^xsd:dateTime``); the mapping
    reads the lexical form anyway, so those warnings are noise here."""
    logger = logging.getLogger(name)
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _local_contexts(cfg, text):
    """``(text, remote)``: the JSON-LD with every ``@context`` the config names
    replaced by its local file, and the contexts still left to fetch (URLs,
    ``@import``). rdflib would fetch those itself, past the outbound guard, so
    a document with any is refused."""
    contexts = cfg.get("contexts") or {}
    try:
        doc = json.loads(text)
    except ValueError:
        return text, []  # rdflib reports the parse error with its position
    remote = []

    def swap(ctx):
        if isinstance(ctx, str):
            if ctx in contexts:
                with open(contexts[ctx], encoding="utf-8") as f:
                    return json.load(f).get("@context")
            remote.append(ctx)
        elif isinstance(ctx, list):
            return [swap(c) for c in ctx]
        elif isinstance(ctx, dict) and "@import" in ctx:
            remote.append(str(ctx["@import"]))
        return ctx

    def walk(node):
        if isinstance(node, dict):
            if "@context" in node:
                node["@context"] = swap(node["@context"])
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)
    walk(doc)
    return json.dumps(doc, ensure_ascii=False), remote


def next_page(graph):
    for pred in (HYDRA.nextPage, HYDRA.next):
        for o in graph.objects(None, pred):
            return str(o)
    return None


# --- one dataset node ---------------------------------------------------------------

def _datasets(cfg, graph, where):
    langs = [str(x).lower() for x in cfg.get("languages") or ["zh", "en"]]
    for node in sorted(set(graph.subjects(RDF.type, DCAT.Dataset)), key=str):
        item = describe(graph, node, langs)
        ident = item.get("identifier") or item.get("uri")
        item_where = "%s <%s>" % (where, item.get("uri") or ident or "blank node")
        if not ident:
            yield HarvestError("record_no_identifier", item_where,
                               params={"field": "dct:identifier / URI"})
            continue
        if getattr(graph, "lossy", False) and fetch.has_bad_chars(item):
            yield HarvestError("record_bad_encoding", item_where, record_id=ident,
                               params={"encoding": "UTF-8"})
            continue
        try:
            dataset, unmapped = mapping.apply(cfg, item)
            resources = [_resource(d) for d in item.get("distributions") or []]
        except Exception as e:  # this record only
            yield HarvestError("record_mapping_failed", item_where, record_id=ident,
                               params={"error": "%s: %s" % (type(e).__name__, e)})
            continue
        if item.get("title_en") and dataset.get("title") != item["title_en"]:
            dataset.setdefault("title_en", item["title_en"])
        yield make_record(ident, dataset, resources=resources,
                          source={"where": item_where, "unmapped": unmapped},
                          source_modified=item.get("modified"))


def _text(graph, node, pred, langs):
    """One literal of ``pred``: the preferred language first, then no language, then any."""
    lits = [o for o in graph.objects(node, pred) if isinstance(o, Literal)]
    if not lits:
        return None
    for lang in langs:
        for lit in lits:
            if (lit.language or "").lower().split("-")[0] == lang:
                return str(lit)
    for lit in lits:
        if not lit.language:
            return str(lit)
    return str(sorted(lits, key=lambda x: (x.language or "", str(x)))[0])


def _texts(graph, node, pred):
    return sorted({str(o) for o in graph.objects(node, pred) if isinstance(o, Literal)})


def _refs(graph, node, pred):
    """URIs (or literal codes) of ``pred``; blank nodes are skipped."""
    return sorted({str(o) for o in graph.objects(node, pred) if not isinstance(o, BNode)})


def _one(graph, node, pred):
    for o in graph.objects(node, pred):
        return o
    return None


def describe(graph, node, langs):
    """The properties of a dataset node as a plain dict (what the mapping reads)."""
    g = graph
    item = {
        "uri": str(node) if isinstance(node, URIRef) else None,
        "identifier": _text(g, node, DCTERMS.identifier, langs),
        "title": _text(g, node, DCTERMS.title, langs),
        "title_en": _text(g, node, DCTERMS.title, ["en"]),
        "description": _text(g, node, DCTERMS.description, langs),
        "keyword": _texts(g, node, DCAT.keyword),
        "theme": _refs(g, node, DCAT.theme),
        "issued": _text(g, node, DCTERMS.issued, langs),
        "modified": _text(g, node, DCTERMS.modified, langs),
        "accrualPeriodicity": _refs(g, node, DCTERMS.accrualPeriodicity),
        "accessRights": _refs(g, node, DCTERMS.accessRights),
        "license": _refs(g, node, DCTERMS.license),
        "landingPage": _refs(g, node, DCAT.landingPage),
        "language": _refs(g, node, DCTERMS.language),
    }
    pub = _one(g, node, DCTERMS.publisher)
    if pub is not None:
        item["publisher_name"] = _text(g, pub, FOAF.name, langs) or (
            str(pub) if isinstance(pub, URIRef) else None)
    cp = _one(g, node, DCAT.contactPoint)
    if cp is not None:
        item["contact_name"] = _text(g, cp, VCARD.fn, langs) or _text(g, cp, VCARD["organization-name"], langs)
        email = _one(g, cp, VCARD.hasEmail)
        item["contact_email"] = str(email) if email is not None else None
    tmp = _one(g, node, DCTERMS.temporal)
    if tmp is not None:
        item["temporal_start"] = _text(g, tmp, DCAT.startDate, langs) or _text(g, tmp, SCHEMA.startDate, langs)
        item["temporal_end"] = _text(g, tmp, DCAT.endDate, langs) or _text(g, tmp, SCHEMA.endDate, langs)
    dists = []
    for d in sorted(set(g.objects(node, DCAT.distribution)), key=str):
        dists.append({
            "title": _text(g, d, DCTERMS.title, langs),
            "description": _text(g, d, DCTERMS.description, langs),
            "url": (_refs(g, d, DCAT.downloadURL) or _refs(g, d, DCAT.accessURL) or [None])[0],
            "format": (_refs(g, d, DCTERMS.format) or _refs(g, d, DCAT.mediaType) or [None])[0],
            "license": (_refs(g, d, DCTERMS.license) or [None])[0],
        })
    item["distributions"] = dists
    item["distribution_license"] = [d["license"] for d in dists if d["license"]]
    return {k: v for k, v in item.items() if v not in (None, "", [])}


def _resource(dist):
    url = dist.get("url") or ""
    fmt = mapping.format_code(dist.get("format") or "")
    name = dist.get("title") or url.rstrip("/").rsplit("/", 1)[-1] or fmt or "resource"
    return Resource(name=" ".join(str(name).split())[:500], url=url, format=fmt,
                    description=mapping.strip_html(dist.get("description") or ""))
