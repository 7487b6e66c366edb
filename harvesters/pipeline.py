"""Run a connector over a source config and finish every record the same way.

Connectors only read and map; the steps every record needs whatever its
source are here, once: the config's defaults and the conservative
classification, the owning department, a stable resource code, tag clean-up,
the size limit per field, duplicate identifiers, the standard's checks and
the content hash. ``harvest(config)`` yields ``Record`` and ``HarvestError``
items in source order and never raises for a bad record or a failing source.
"""
import hashlib

from ckanext.govopen.standard import crosswalk, loader, rules

from . import config as config_mod
from . import registry
from .record import HarvestError, Listing

CLASSIFICATION_FIELDS = ("open_type", "open_condition", "share_type", "share_condition",
                         "security_level", "personal_info", "commercial_secret",
                         "classified", "legal_basis")


def harvest(cfg, state=None, allow=None):
    """Records and errors for one source. ``state`` carries what the last run
    left (``since``: the newest ``source_modified`` seen, for incremental reads).
    ``allow``: the outbound allow-list (``outbound.parse_allow`` entries) of the
    caller; when given it replaces whatever the config says (the CKAN side
    always passes the sysadmin's, so a department's config never widens it)."""
    if not isinstance(cfg, dict) or "classification" not in cfg:
        cfg = config_mod.load(cfg)
    if allow is not None:
        cfg = dict(cfg, http=dict(cfg.get("http") or {}, allow=list(allow)))
    finisher = Finisher(cfg)
    source = cfg.get("display") or cfg["name"]          # never a server path or a password
    items = registry.get(cfg["type"]).read(cfg, state or {})
    while True:
        try:
            item = next(items)
        except StopIteration:
            return
        except Exception as e:  # a connector bug must not look like an empty source
            yield HarvestError("connector_failed", source, fatal=True,
                               params={"error": "%s: %s" % (type(e).__name__, str(e)[:300])})
            return
        if isinstance(item, (HarvestError, Listing)):
            yield item
            continue
        try:
            yield finisher.finish(item)
        except Exception as e:  # this record only
            yield HarvestError("record_mapping_failed", "%s (%s)" % (source, item.source_id),
                               record_id=item.source_id,
                               params={"error": "%s: %s" % (type(e).__name__, str(e)[:300])})


class Finisher:
    """Per-run state (identifiers and codes seen) for finishing records."""

    def __init__(self, cfg):
        self.cfg = cfg
        self.seen = {}            # source_id -> index of its first record
        self.codes = {}           # resource_code -> source_id
        self.count = 0
        self.digits = loader.resource_code_rule().get("generated", {}).get("sequence_digits", 9)

    def finish(self, record):
        self.count += 1
        record.index = record.index or self.count
        cfg = self.cfg
        where = "%s #%d (%s)" % (cfg["name"], record.index, record.source_id)
        if record.source_id in self.seen:
            return HarvestError("record_duplicate", where, record_id=record.source_id,
                                params={"first": self.seen[record.source_id]})
        self.seen[record.source_id] = record.index

        ds = record.dataset
        for k, v in (cfg.get("defaults") or {}).items():
            if ds.get(k) in (None, "", []):
                ds[k] = v
        self._classify(record)
        self._department(record)
        if isinstance(ds.get("tags"), list):
            ds["tags"] = crosswalk.clean_tags(ds["tags"])
        self._resource_code(record)
        record.private = bool(cfg.get("private", True))

        too_big = oversized(record, int(cfg["limits"]["max_field_chars"]))
        if too_big:
            field, size = too_big
            return HarvestError("record_field_too_large", where, record_id=record.source_id,
                                params={"field": field, "size": size,
                                        "limit": cfg["limits"]["max_field_chars"]})
        record.problems = problems_of(ds) + record.problems
        return record.finalize()

    def _classify(self, record):
        ds, cls = record.dataset, self.cfg["classification"]
        declared = {k: ds[k] for k in CLASSIFICATION_FIELDS if ds.get(k) not in (None, "")}
        if declared:
            record.source["declared_classification"] = declared
        if self.cfg.get("trust_source_classification"):
            for k, v in cls.items():
                if ds.get(k) in (None, ""):
                    ds[k] = v
            if ds.get("open_type") == "unconditional" and "legal_basis" not in declared:
                ds.pop("legal_basis", None)
        else:
            for k in CLASSIFICATION_FIELDS:
                ds.pop(k, None)
            ds.update(cls)

    def _department(self, record):
        ds, dept = record.dataset, self.cfg.get("department")
        if dept:
            if ds.get("owner_org") and ds["owner_org"] != dept:
                record.source["department"] = ds["owner_org"]
            ds["owner_org"] = dept

    def _resource_code(self, record):
        ds = record.dataset
        code = ds.get("resource_code")
        if not code or rules.check_resource_code(code):
            if code:
                record.source["resource_code"] = code
            number = (loader.entry("theme", ds.get("theme")) or {}).get("number", "00")
            code = self._generated(number, record.source_id, "")
        salt = 0
        while code in self.codes and self.codes[code] != record.source_id:
            salt += 1
            number = code.split("-")[0][len(self.cfg["resource_code_prefix"]):]
            code = self._generated(number, record.source_id, str(salt))
        self.codes[code] = record.source_id
        ds["resource_code"] = code

    def _generated(self, number, source_id, salt):
        h = hashlib.sha256((salt + self.cfg["name"] + "\x1f" + source_id).encode("utf-8")).hexdigest()
        return "%s%s-%0*d" % (self.cfg["resource_code_prefix"], number, self.digits,
                              int(h, 16) % (10 ** self.digits))


def oversized(record, limit):
    """``(field, size)`` of the first text longer than ``limit`` characters, else None."""
    for field, value in record.dataset.items():
        size = _size(value)
        if size > limit:
            return field, size
    for i, r in enumerate(record.resources, start=1):
        for attr in ("name", "url", "description", "format"):
            size = len(getattr(r, attr) or "")
            if size > limit:
                return "resources[%d].%s" % (i, attr), size
    return None


def _size(value):
    if isinstance(value, str):
        return len(value)
    if isinstance(value, (list, tuple)):
        return max((_size(v) for v in value), default=0)
    if isinstance(value, dict):
        return max((_size(v) for v in value.values()), default=0)
    return 0


def problems_of(dataset):
    """The standard's checks on a mapped dataset: ``[{field, id, zh, en}]``."""
    out = []
    for field, msg in rules.flatten(rules.validate_dataset(dataset)):
        d = msg.as_dict()
        out.append({"field": field, "id": d["id"], "zh": d["zh"], "en": d["en"]})
    return out
