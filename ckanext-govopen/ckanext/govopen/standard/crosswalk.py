"""Chinese portal listings -> records in the national standard.

Each portal names its fields differently (数据集名称 / 标题 / 资源名称 ...) and
words its codes differently (依申请开放, 每半月, 默认主题 ...). The mapping for
one portal is a YAML file, ``standards/crosswalks/portals/<portal>.yaml``;
this module only interprets it (see the comment at the top of
``shanghai.yaml`` for the keys), so adding a portal is adding a file.

A mapped record uses the standard's field names plus ``resources`` (one per
listed format); ``owner_org`` holds the department's name as the source gives
it (the harvest glue resolves it to a CKAN organization). Problems found while
mapping (a word with no equivalent, a duplicate) and the standard's own checks
are reported per record, so a harvest can say what was blocked and why.

The DCAT value mappers used by the exporters live in ``dcat``.
"""
import ast
import collections
import hashlib
import json
import re

from . import codes, loader, rules
from .messages import Message

#: CKAN's tag rules (length 2-100, word characters, space, - _ .).
_TAG_BAD = re.compile(r"[^\w \-.]", re.UNICODE)


class MappedRecord:
    """The outcome for one source record."""

    __slots__ = ("index", "source", "record", "mapping_problems", "problems")

    def __init__(self, index, source, record, mapping_problems):
        self.index = index
        self.source = source
        self.record = record
        self.mapping_problems = mapping_problems     # [(field, Message)] from the crosswalk
        self.problems = list(mapping_problems)       # + the standard's checks (see validate)

    @property
    def ok(self):
        return not self.problems

    def validate(self, exists=None):
        self.problems = list(self.mapping_problems) + rules.flatten(
            rules.validate_dataset(self.record, exists=exists))
        return self

    def reasons(self):
        """Short, countable reasons: ``field: message-id`` (unmapped values keep the word)."""
        out = []
        for field, m in self.problems:
            if m.id == "unmapped_value":
                out.append("%s: unmapped %r" % (field, m.params.get("value")))
            else:
                out.append("%s: %s" % (field, m.id))
        return out

    def __repr__(self):
        return "MappedRecord(%d, ok=%s, %r)" % (self.index, self.ok, self.record.get("title"))


# --- configuration -------------------------------------------------------------

def portal(name):
    cfg = loader.crosswalk(name)
    if "fields" not in cfg:
        raise KeyError("%s is not a portal crosswalk" % name)
    return cfg


def portal_names():
    return loader.portal_names()


_map_cache = {}


def value_map(cfg, name):
    """``(target vocabulary, {lowercased word: code or None})`` for map ``name``.

    Layers, later ones win: the target vocabulary's own codes and zh/en
    labels, the shared ``crosswalks/value_maps/<name>.yaml``, the portal's
    ``value_maps``.
    """
    key = (id(cfg), name, loader.generation())
    hit = _map_cache.get(key)
    if hit is not None and hit[0] is cfg:
        return hit[1]
    result = _build_value_map(cfg, name)
    _map_cache[key] = (cfg, result)
    return result


def _build_value_map(cfg, name):
    own = (cfg.get("value_maps") or {}).get(name) or {}
    shared = loader.shared_value_map(name) or {}
    target = own.get("target") or shared.get("target") or name
    table = {}
    try:
        for code, e in loader.entries(target).items():
            for word in (code, e.get("zh"), e.get("en")):
                if word:
                    table[_key(word)] = code
    except KeyError:
        raise KeyError("value map %r targets unknown vocabulary %r" % (name, target))
    for layer in (shared.get("values") or {}, own.get("values") or {}):
        for word, code in layer.items():
            table[_key(word)] = code
    return target, table


def _key(word):
    return re.sub(r"\s+", " ", str(word)).strip().lower()


# --- one record ------------------------------------------------------------------

def _placeholders(cfg):
    return {_key(p) for p in cfg.get("placeholders", [""])} | {""}


def _raw(raw, keys, cfg):
    """First non-placeholder value among the source ``keys``, as stripped text."""
    if isinstance(keys, str):
        keys = [keys]
    empty = _placeholders(cfg)
    for k in keys:
        v = raw.get(k)
        if v is None:
            continue
        if isinstance(v, (list, tuple)):
            v = ",".join(str(x) for x in v)
        v = str(v).strip()
        if _key(v) not in empty:
            return k, v
    return (keys[0] if keys else None), None


def _parts(value, spec, cfg):
    if spec.get("strip_pattern"):
        value = re.sub(spec["strip_pattern"], "", value).strip()
    if spec.get("split"):
        parts = [p.strip() for p in re.split(spec["split"], value)]
    else:
        parts = [value]
    empty = _placeholders(cfg)
    seen, out = set(), []
    for p in parts:
        if _key(p) not in empty and p not in seen:
            seen.add(p)
            out.append(p)
    return out


def _mapped(field, source_key, parts, map_name, cfg, problems):
    """Codes for the words in ``parts``; unknown words become problems."""
    _, table = value_map(cfg, map_name)
    out = []
    for p in parts:
        if _key(p) in table:
            code = table[_key(p)]
            if code is not None:
                out.append(code)
        else:
            problems.append((field, Message("unmapped_value", field=field, source=source_key, value=p)))
    return out


def _field(field, spec, raw, cfg, problems):
    if "const" in spec:
        return spec["const"]
    if "sources" in spec:
        weak = set(spec.get("weak") or [])
        strong_found, weak_found = None, None
        for src in spec["sources"]:
            key, value = _raw(raw, src["from"], cfg)
            if value is None:
                continue
            codes_ = _mapped(field, key, _parts(value, src, cfg), src["map"], cfg, problems) \
                if src.get("map") else _parts(value, src, cfg)
            for c in codes_:
                if c in weak:
                    weak_found = weak_found or c
                else:
                    strong_found = strong_found or c
            if strong_found:
                break
        if strong_found:
            # a later source settled it: earlier unknown words are not fatal
            problems[:] = [p for p in problems if p[0] != field]
        return strong_found or weak_found
    if "infer_from" in spec:
        _, value = _raw(raw, spec["infer_from"], cfg)
        return codes.infer_division(value, spec.get("within")) or spec.get("default")
    key, value = _raw(raw, spec["from"], cfg)
    if value is None:
        return None
    if spec.get("keep_if") == "email":
        return value if rules.is_email(value) else None
    parts = _parts(value, spec, cfg)
    if spec.get("map"):
        parts = _mapped(field, key, parts, spec["map"], cfg, problems)
    if spec.get("split") and not spec.get("map"):
        return parts                                   # a list field (tags)
    return parts[0] if parts else None


def clean_tags(tags):
    """Tags CKAN will accept: 2-100 characters of letters, digits, space, - _ ."""
    out = []
    for t in tags or []:
        t = re.sub(r"\s+", " ", _TAG_BAD.sub(" ", t)).strip()
        if 2 <= len(t) <= 100 and t not in out:
            out.append(t)
    return out


def _formats(value):
    """The listing's format list: a list, a stringified Python list, or one word."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value if str(v).strip()]
    value = str(value).strip()
    if value.startswith("[") and value.endswith("]"):
        try:
            parsed = ast.literal_eval(value)
            if isinstance(parsed, (list, tuple)):
                return [str(v).strip() for v in parsed if str(v).strip()]
        except (ValueError, SyntaxError):
            pass
        value = value[1:-1]
    return [p.strip(" '\"") for p in re.split(r"[,，;；]", value) if p.strip(" '\"")]


def _resources(raw, cfg, record):
    spec = cfg.get("resources") or {}
    if not spec:
        return []
    url_spec = spec.get("url") or {}
    url = url_spec.get("const") if "const" in url_spec else (
        _raw(raw, url_spec["from"], cfg)[1] if url_spec.get("from") else None)
    _, table = value_map(cfg, spec["map"]) if spec.get("map") else (None, {})
    formats = []
    for word in _formats(raw.get(spec.get("formats_from"))):
        fmt = table.get(_key(word), word.upper()) if table else word.upper()
        fmt = fmt or ""
        if fmt not in formats:
            formats.append(fmt)
    out = []
    for fmt in formats:
        out.append({
            "name": "%s (%s)" % (record.get("title") or "", fmt) if fmt else (record.get("title") or ""),
            "format": fmt,
            "url": url or "",
            "description": "在来源门户获取 / Available from the source portal",
        })
    return out


def resource_code(cfg, raw, theme):
    """``<prefix><theme number>-<sequence>``: stable across harvests of the same record."""
    number = (loader.entry("theme", theme) or {}).get("number", "00") if theme else "00"
    digits = loader.resource_code_rule().get("generated", {}).get("sequence_digits", 9)
    seq = None
    s = cfg.get("sequence")
    if s:
        _, v = _raw(raw, s["from"], cfg)
        m = re.search(s["regex"], v or "")
        if m and len(m.group(1)) <= digits:
            seq = int(m.group(1))
    if seq is None:
        seq = _hash_sequence(identity(cfg, raw), digits)
    return "%s%s-%0*d" % (cfg.get("resource_code_prefix", ""), number, digits, seq)


def identity(cfg, raw):
    return "\x1f".join(str(raw.get(k, "")).strip() for k in cfg.get("identity") or sorted(raw))


def _hash_sequence(text, digits, salt=""):
    h = hashlib.sha256((salt + text).encode("utf-8")).hexdigest()
    return int(h, 16) % (10 ** digits)


def map_record(cfg, raw, index=0):
    """Map one raw listing record with portal crosswalk ``cfg`` (a dict or a portal name)."""
    if isinstance(cfg, str):
        cfg = portal(cfg)
    problems = []
    record = {}
    deferred = {}
    for field, spec in cfg["fields"].items():
        if "when" in spec:
            deferred[field] = spec
            continue
        value = _field(field, spec, raw, cfg, problems)
        if value not in (None, "", []):
            record[field] = value
    for field, spec in deferred.items():
        if all(record.get(f) == v for f, v in spec["when"].items()):
            value = _field(field, spec, raw, cfg, problems)
            if value not in (None, "", []):
                record[field] = value
    for field, value in (cfg.get("defaults") or {}).items():
        record.setdefault(field, value)
    if "tags" in record:
        record["tags"] = clean_tags(record["tags"] if isinstance(record["tags"], list) else [record["tags"]])
    record["resource_code"] = resource_code(cfg, raw, record.get("theme"))
    record["resources"] = _resources(raw, cfg, record)
    return MappedRecord(index, raw, record, problems)


# --- a whole listing ----------------------------------------------------------------

def read_listing(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    if isinstance(data, dict):
        data = next((v for v in data.values() if isinstance(v, list)), [])
    return data


def map_listing(cfg, raws, exists=None):
    """Map and check every record of a listing.

    Records with the same identity as an earlier one are duplicates (reported,
    not mapped twice); two different records whose hashed codes collide get a
    re-salted sequence so both keep a unique code within the batch.
    """
    if isinstance(cfg, str):
        cfg = portal(cfg)
    seen_identity = {}
    code_owner = {}
    out = []
    for i, raw in enumerate(raws, start=1):
        m = map_record(cfg, raw, i)
        ident = identity(cfg, raw)
        if ident in seen_identity:
            # a repeat is skipped, not checked again: its only problem is being a repeat
            m.mapping_problems = [("resource_code", Message(
                "duplicate_record", field="resource_code", first=seen_identity[ident],
                value=m.record["resource_code"]))]
            m.problems = list(m.mapping_problems)
            out.append(m)
            continue
        seen_identity[ident] = i
        digits = loader.resource_code_rule().get("generated", {}).get("sequence_digits", 9)
        salt = 0
        while m.record["resource_code"] in code_owner:
            salt += 1
            prefix = m.record["resource_code"].split("-")[0]
            m.record["resource_code"] = "%s-%0*d" % (prefix, digits, _hash_sequence(ident, digits, str(salt)))
        code_owner[m.record["resource_code"]] = i
        out.append(m.validate(exists))
    return out


def summarize(results, top=5):
    """Counts for a report: read, mapped (valid), rejected, duplicates, top reasons."""
    reasons = collections.Counter()
    for m in results:
        # count each reason once per record
        reasons.update(set(m.reasons()))
    duplicates = sum(1 for m in results if any(p.id == "duplicate_record" for _, p in m.problems))
    return {
        "read": len(results),
        "mapped": sum(1 for m in results if m.ok),
        "rejected": sum(1 for m in results if not m.ok),
        "duplicates": duplicates,
        "top_reasons": reasons.most_common(top),
    }
