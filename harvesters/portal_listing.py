"""The JSON listings of the Chinese portals, through the standard's crosswalks.

The mapping itself is ``ckanext.govopen.standard.crosswalk`` with the portal's
``standards/crosswalks/portals/<portal>.yaml`` (the config names it with
``portal:``); this module only reads the listing, keeps the records whose
bytes were valid, turns the crosswalk's verdicts into records and errors,
and reports repeats of the same record as duplicates.
"""
from ckanext.govopen.standard import crosswalk

from . import fetch, origins
from .record import HarvestError, Resource, make_record
from .registry import SourceType

SOURCE_TYPE = SourceType(
    name="govopen_portal_listing", order=60, origin=origins.WEB_OR_SHARE,
    title={"zh": "门户目录", "en": "Portal listing"},
    description={"zh": "国内开放数据门户的 JSON 目录。",
                 "en": "A Chinese open-data portal's JSON listing."})


def read(cfg, state):
    try:
        portal = crosswalk.portal(cfg.get("portal") or "")
    except KeyError:
        yield HarvestError("source_malformed", cfg["name"], fatal=True, params={
            "error": "unknown portal crosswalk %r; one of %s / 未知的门户映射" % (
                cfg.get("portal"), ", ".join(crosswalk.portal_names()))})
        return
    got = yield from fetch.json_source(cfg)
    if got is None:
        return
    doc, where, lossy = got
    raws = doc if isinstance(doc, list) else next((v for v in doc.values() if isinstance(v, list)), None) \
        if isinstance(doc, dict) else None
    if raws is None:
        yield HarvestError("source_malformed", where, fatal=True,
                           params={"error": "no list of records / 没有记录列表"})
        return
    usable, positions = [], []
    for i, raw in enumerate(raws):
        item_where = "%s [%d]" % (where, i)
        if not isinstance(raw, dict):
            yield HarvestError("record_not_object", item_where)
        elif lossy and fetch.has_bad_chars(raw):
            yield HarvestError("record_bad_encoding", item_where, params={"encoding": "UTF-8"})
        else:
            usable.append(raw)
            positions.append(i)
    for pos, mapped in zip(positions, crosswalk.map_listing(portal, usable)):
        yield _record(portal, mapped, "%s [%d]" % (where, pos))


def _record(portal, mapped, where):
    ident = " | ".join(crosswalk.identity(portal, mapped.source).split("\x1f"))
    dup = [m for _, m in mapped.mapping_problems if m.id == "duplicate_record"]
    if dup:
        return HarvestError("record_duplicate", "%s (%s)" % (where, ident), record_id=ident,
                            params={"first": dup[0].params.get("first")})
    dataset = {k: v for k, v in mapped.record.items() if k != "resources"}
    resources = [Resource(name=r["name"], url=r.get("url") or "", format=r.get("format") or "",
                          description=r.get("description") or "")
                 for r in mapped.record.get("resources") or []]
    problems = []
    for field, m in mapped.mapping_problems:
        d = m.as_dict()
        problems.append({"field": field, "id": d["id"], "zh": d["zh"], "en": d["en"]})
    record = make_record(ident, dataset, resources=resources, problems=problems,
                         source={"where": where, "portal": portal["name"]},
                         source_modified=dataset.get("modified"))
    record.index = mapped.index
    return record
