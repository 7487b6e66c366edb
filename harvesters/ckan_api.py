"""Another CKAN, through its Action API ``package_search``, page by page.

Pages are read oldest change first (``sort=metadata_modified asc, id asc``):
a dataset edited while we page moves to the end instead of shifting an
unread one into a page already read. ``state["since"]`` (the newest
``metadata_modified`` of the last complete run) restricts the search to what
changed since (``fq=metadata_modified:[since TO *]``); records carry their
``metadata_modified`` as ``source_modified`` so the caller can keep it. After
an incremental read, the ids of every dataset the source still has are
listed (``fl=id,name``, 1,000 a page) and yielded as one ``Listing``, so a
dataset deleted at the source is withdrawn here too.

With ``profile: govopen`` the source is another govopen catalog: every
field of the standard is copied, and only what that catalog opens crosses
(``federation``).

With ``path`` instead of ``url`` the connector reads a saved
``package_search`` response (``.json`` or ``.json.gz``), as departments that
cannot open their CKAN to us ship it.
"""
import re

from . import federation, fetch, mapping, origins
from .fetch import SourceFault
from .record import HarvestError, Listing, Resource, make_record
from .registry import SourceType

SOURCE_TYPE = SourceType(
    name="govopen_ckan", order=10, origin=origins.WEB_OR_SHARE,
    title={"zh": "CKAN 接口", "en": "CKAN API"},
    description={"zh": "另一个 CKAN，通过其 Action API 读取（增量）。",
                 "en": "Another CKAN, through its Action API (incremental)."})


def read(cfg, state):
    if cfg.get("url"):
        yield from _paged(cfg, state)
    else:
        yield from _dump(cfg)


def search_url(cfg):
    base = cfg["url"].rstrip("/")
    if base.endswith("/package_search"):
        return base
    return base + "/api/3/action/package_search"


def solr_date(value):
    """``2023-01-30T11:15:06.596410`` -> ``2023-01-30T11:15:06Z`` (what Solr range queries take)."""
    m = re.match(r"(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}:\d{2}))?", str(value))
    if not m:
        return None
    return "%sT%sZ" % (m.group(1), m.group(2) or "00:00:00")


def _paged(cfg, state):
    url = search_url(cfg)
    rows = int(cfg["http"]["page_size"])
    limit = cfg.get("max_records")
    fq = [cfg["fq"]] if cfg.get("fq") else []
    since = solr_date(state.get("since")) if state.get("since") else None
    if since:
        fq.append("metadata_modified:[%s TO *]" % since)
    start, seen = 0, 0
    while True:
        params = {"q": cfg.get("q") or "*:*", "rows": rows, "start": start,
                  "sort": "metadata_modified asc, id asc"}
        if fq:
            params["fq"] = " AND ".join(fq)
        where = "%s?start=%d&rows=%d" % (url, start, rows)
        result = yield from _search(url, cfg, params, where)
        if result is None:
            return
        packages = result.get("results") or []
        for i, pkg in enumerate(packages):
            yield from _one(cfg, pkg, "%s results[%d]" % (where, i), result.get("lossy"))
            seen += 1
            if limit and seen >= int(limit):
                return
        start += len(packages)
        count = result.get("count")
        if not packages or (isinstance(count, int) and start >= count):
            break
    if since:
        yield from _listing(cfg, url)


LISTING_PAGE = 1000


def record_id(pkg):
    return pkg.get("id") or pkg.get("name")


def _listing(cfg, url):
    """One ``Listing`` of every id the source has (same ``fq``), or the fatal error."""
    fq = cfg.get("fq")
    ids, start = set(), 0
    while True:
        params = {"q": cfg.get("q") or "*:*", "rows": LISTING_PAGE, "start": start, "fl": "id,name",
                  "sort": "id asc"}
        if fq:
            params["fq"] = fq
        result = yield from _search(url, cfg, params, "%s?fl=id,name&start=%d" % (url, start))
        if result is None:
            return
        packages = [p for p in result["results"] if isinstance(p, dict) and record_id(p)]
        ids.update(str(record_id(p)) for p in packages)
        start += len(result["results"])
        count = result.get("count")
        if not result["results"] or (isinstance(count, int) and start >= count):
            yield Listing(frozenset(ids), url)
            return


def _search(url, cfg, params, where):
    """One ``package_search`` call's ``result``, or None after yielding the fatal error."""
    try:
        body, _ctype = fetch.get(url, cfg["http"], params=params, accept="application/json")
    except SourceFault as fault:
        yield fault.error
        return None
    return (yield from _result(body, where))


def _result(body, where):
    """The ``result`` of an Action API answer, or None after yielding the fatal error."""
    text, encoding_error = fetch.decode(body, where)
    if encoding_error:
        yield encoding_error
    try:
        doc = fetch.parse_json(text, where)
    except SourceFault as fault:
        yield fault.error
        return None
    if not isinstance(doc, dict) or not doc.get("success", False) or not isinstance(doc.get("result"), dict):
        error = doc.get("error") if isinstance(doc, dict) else None
        yield HarvestError("source_api_error", where, fatal=True,
                           params={"error": str(error or "no `result` object / 没有 result 对象")[:300]})
        return None
    result = doc["result"]
    if not isinstance(result.get("results"), list):
        yield HarvestError("source_api_error", where, fatal=True,
                           params={"error": "`result.results` is not a list / result.results 不是列表"})
        return None
    result["lossy"] = encoding_error is not None
    return result


def _dump(cfg):
    try:
        body, _ctype, where = fetch.read_source(cfg)
    except SourceFault as fault:
        yield fault.error
        return
    result = yield from _result(body, where)
    if result is None:
        return
    for i, pkg in enumerate(result["results"]):
        yield from _one(cfg, pkg, "%s results[%d]" % (where, i), result.get("lossy"))


def flatten(pkg):
    """The package with its extras also as ``extras_<key>`` (for mapping paths)."""
    item = dict(pkg)
    for extra in pkg.get("extras") or []:
        if isinstance(extra, dict) and extra.get("key"):
            item["extras_%s" % extra["key"]] = extra.get("value")
    return item


def _one(cfg, pkg, where, lossy=False):
    if not isinstance(pkg, dict):
        yield HarvestError("record_not_object", where)
        return
    ident = record_id(pkg)
    if not isinstance(ident, str) or not ident.strip():
        yield HarvestError("record_no_identifier", where, params={"field": "id"})
        return
    where = "%s (%s)" % (where, pkg.get("name") or ident)
    if lossy and fetch.has_bad_chars(pkg):
        yield HarvestError("record_bad_encoding", where, record_id=ident, params={"encoding": "UTF-8"})
        return
    if cfg.get("profile") == federation.PROFILE:
        yield from federation.record(cfg, pkg, where)
        return
    try:
        dataset, unmapped = mapping.apply(cfg, flatten(pkg))
        resources = [_resource(r) for r in pkg.get("resources") or [] if isinstance(r, dict)]
    except Exception as e:  # a shape the mapping did not foresee: this record only
        yield HarvestError("record_mapping_failed", where, record_id=ident,
                           params={"error": "%s: %s" % (type(e).__name__, e)})
        return
    source = {"where": where, "unmapped": unmapped, "name": pkg.get("name")}
    yield make_record(ident, dataset, resources=resources, source=source,
                      source_modified=pkg.get("metadata_modified"))


def _resource(res):
    url = str(res.get("url") or "")
    name = res.get("name") or url.rsplit("/", 1)[-1] or "resource"
    return Resource(name=" ".join(str(name).split())[:500], url=url,
                    format=mapping.format_code(res.get("format") or res.get("mimetype") or ""),
                    description=str(res.get("description") or ""))
