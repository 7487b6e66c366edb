"""DCAT-US 1.1 ``data.json`` (Project Open Data) catalogs.

One document holds the whole catalog, so a fault while reading it is fatal
for the run; a bad entry in its ``dataset`` list (not an object, no
identifier, bytes that were not UTF-8) is an error for that entry only.
"""
from . import fetch, mapping, origins
from .record import HarvestError, Resource, make_record
from .registry import SourceType

SOURCE_TYPE = SourceType(
    name="govopen_datajson", order=30, origin=origins.WEB_OR_SHARE,
    title={"zh": "data.json (DCAT-US)", "en": "data.json (DCAT-US)"},
    description={"zh": "DCAT-US 1.1 data.json 目录。",
                 "en": "A DCAT-US 1.1 data.json catalog."})


def read(cfg, state):
    got = yield from fetch.json_source(cfg)
    if got is None:
        return
    doc, where, lossy = got
    datasets = doc.get("dataset") if isinstance(doc, dict) else doc
    if not isinstance(datasets, list):
        yield HarvestError("source_malformed", where, fatal=True,
                           params={"error": "no `dataset` list / 没有 dataset 列表"})
        return
    for i, raw in enumerate(datasets):
        yield from _one(cfg, raw, i, where, lossy=lossy)


def _one(cfg, raw, i, where, lossy=False):
    item_where = "%s dataset[%d]" % (where, i)
    if not isinstance(raw, dict):
        yield HarvestError("record_not_object", item_where)
        return
    ident = raw.get("identifier")
    if not isinstance(ident, (str, int)) or not str(ident).strip():
        title = raw.get("title") if isinstance(raw.get("title"), str) else ""
        yield HarvestError("record_no_identifier", "%s %s" % (item_where, title[:80]),
                           params={"field": "identifier"})
        return
    ident = str(ident).strip()
    if lossy and fetch.has_bad_chars(raw):
        yield HarvestError("record_bad_encoding", "%s (%s)" % (item_where, ident), record_id=ident,
                           params={"encoding": "UTF-8"})
        return
    try:
        dataset, unmapped = mapping.apply(cfg, raw)
        resources = [_resource(d) for d in raw.get("distribution") or [] if isinstance(d, dict)]
    except Exception as e:  # a shape the mapping did not foresee: this record only
        yield HarvestError("record_mapping_failed", "%s (%s)" % (item_where, ident), record_id=ident,
                           params={"error": "%s: %s" % (type(e).__name__, e)})
        return
    yield make_record(ident, dataset, resources=resources,
                      source={"where": item_where, "unmapped": unmapped},
                      source_modified=mapping.to_date(raw["modified"]) if raw.get("modified") else None)


def _resource(dist):
    url = dist.get("downloadURL") or dist.get("accessURL") or ""
    fmt = mapping.format_code(dist.get("format") or dist.get("mediaType") or "")
    name = dist.get("title") or dist.get("description") or url.rsplit("/", 1)[-1] or fmt
    return Resource(name=" ".join(str(name).split())[:500], url=str(url), format=fmt,
                    description=str(dist.get("description") or ""))
