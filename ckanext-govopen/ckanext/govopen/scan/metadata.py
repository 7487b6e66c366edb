"""Personal information in a dataset's metadata: the same detectors as the file scan.

Metadata is public as soon as a dataset is listed (a conditionally open
dataset too), so every free-text value of a dataset and of its resources is
scanned: titles, abstracts, tags, data element names and descriptions,
contact fields, every extra (key and value), resource names, descriptions,
URLs and resource extras. Which values are free text is decided by
exclusion, not by a list of fields: every string is scanned except those of
fields whose values come from a closed list (``closed``: vocabulary and
choice fields, dates, booleans, as the standard's schema declares them) and
CKAN's own bookkeeping (:data:`SYSTEM`). A field added to the schema, or an
extra nobody declared, is scanned without anyone remembering to list it.
A string holding a JSON list or object (``data_elements``, JSON extras) is
scanned item by item, so findings name ``data_elements[2].description``.

Only values that identify a person count (:data:`PERSONAL`): resident ID
numbers, mobile phone numbers, bank cards and passport numbers. E-mail
addresses and unified social credit codes do not: in metadata they are a
department's published contact or an organisation's public code (the real
catalogs in ``../shared/realdata`` hold 5,000+ contact e-mails, named staff
and a department's 163.com mailbox among them, and no value of the other
kinds). In fields declared as a department's contact (``contact``), mobile
numbers do not count either: that is the office contact the department
chose to publish; an ID number there still counts.

Nothing here keeps a raw value: a finding carries the masked value and,
when a ``key`` is given, a keyed digest of the value (HMAC-SHA256), so a
reviewer's approval can name exactly that value without storing it.
"""
import hashlib
import hmac
import json
import re
from dataclasses import asdict, dataclass

from .detectors import Dispatcher, default_detectors
from .detectors.base import FULLWIDTH

#: Detector entities that identify a person when they appear in metadata.
PERSONAL = frozenset(["resident_id", "mobile_phone", "bank_card", "passport"])
#: Entities that are a department's published contact in its declared contact fields.
CONTACT = frozenset(["mobile_phone", "email"])

#: CKAN bookkeeping keys, per level: ids, states, timestamps, derived copies. Not user text.
SYSTEM = {
    "dataset": frozenset("id owner_org organization groups state type private metadata_created metadata_modified "
                         "creator_user_id revision_id num_tags num_resources tracking_summary license_title "
                         "license_url isopen relationships_as_object relationships_as_subject".split()),
    "resource": frozenset("id package_id position created last_modified metadata_modified state hash size "
                          "mimetype mimetype_inner cache_url cache_last_updated datastore_active url_type "
                          "tracking_summary upload".split()),
    "tag": frozenset("id vocabulary_id state display_name".split()),
}
#: Tokens the detectors need at least (the shortest is a 9-character passport number).
_MIN_CHARS = 9
_JSON_START = ("[", "{")


@dataclass
class MetadataFinding:
    """One personal value found in a field: where, what kind, masked, and a keyed digest."""
    field: str            # the path as written: notes, tags[1].name, resources[0].description
    name: str             # the field without positions: notes, tags.name, resources.description
    entity: str
    label_zh: str
    label_en: str
    masked: str
    digest: str = ""
    resource_index: int = None

    def as_dict(self):
        return asdict(self)


_dispatcher = None


def _disp():
    global _dispatcher
    if _dispatcher is None:
        _dispatcher = Dispatcher(default_detectors())
    return _dispatcher


def _digest(key, entity, value):
    if key is None:
        return ""
    return hmac.new(key if isinstance(key, bytes) else str(key).encode("utf-8"),
                    ("%s\0%s" % (entity, value)).encode("utf-8"), hashlib.sha256).hexdigest()[:32]


def _strings(value, path):
    """``(path, text)`` for every string under ``value``; JSON text is walked as JSON."""
    if isinstance(value, str):
        stripped = value.lstrip()
        if stripped[:1] in _JSON_START:
            try:
                parsed = json.loads(stripped)
            except ValueError:
                parsed = None
            if isinstance(parsed, (list, dict)):
                yield from _strings(parsed, path)
                return
        yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, "%s.%s" % (path, k))
    elif isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            yield from _strings(v, "%s[%d]" % (path, i))
    elif isinstance(value, int) and not isinstance(value, bool):
        yield path, str(value)            # an identifier sent as a JSON number


def _fields(dataset, closed, resource_closed):
    """``(path, text, resource_index, top field)`` of every free-text value of the dataset."""
    for key, value in dataset.items():
        if key in SYSTEM["dataset"] or key in closed:
            continue
        if key == "resources" and isinstance(value, list):
            for i, res in enumerate(value):
                if not isinstance(res, dict):
                    continue
                for rkey, rvalue in res.items():
                    if rkey in SYSTEM["resource"] or rkey in resource_closed:
                        continue
                    for path, text in _strings(rvalue, "resources[%d].%s" % (i, rkey)):
                        yield path, text, i, rkey
        elif key == "tags" and isinstance(value, list):
            for i, tag in enumerate(value):
                items = tag.items() if isinstance(tag, dict) else [("name", tag)]
                for tkey, tvalue in items:
                    if tkey not in SYSTEM["tag"]:
                        for path, text in _strings(tvalue, "tags[%d].%s" % (i, tkey)):
                            yield path, text, None, "tags"
        elif key == "tag_string" and isinstance(value, str):
            # the form's input of ``tags``: the same values, named as tags
            for i, tag in enumerate(t.strip() for t in value.split(",")):
                yield "tags[%d].name" % i, tag, None, "tags"
        elif key == "extras" and isinstance(value, list):
            for i, extra in enumerate(value):
                if not isinstance(extra, dict):
                    continue
                ekey = str(extra.get("key") or "")
                if ekey in closed or ekey in SYSTEM["dataset"]:
                    continue
                yield "extras[%d].key" % i, ekey, None, "extras"
                # a standard field stored as an extra is that field; any other extra is named by its key
                name = ekey if ekey in dataset or ekey in closed else "extras[%s]" % ekey
                for path, text in _strings(extra.get("value"), name):
                    yield path, text, None, ekey
        else:
            for path, text in _strings(value, key):
                yield path, text, None, key


def _generic(path):
    return re.sub(r"\[\d+\]", "", path) if not path.startswith("extras[") else path


def scan_metadata(dataset, closed=(), resource_closed=(), contact=(), key=None, personal=PERSONAL):
    """The personal values in the free text of ``dataset`` (a CKAN package dict with resources).

    ``closed`` / ``resource_closed``: dataset / resource field names whose values come from a
    closed list and are not scanned; ``contact``: dataset fields that publish the department's
    contact (e-mail and mobile numbers there do not count); ``key``: the secret of the keyed
    digests (None: no digests). One finding per field and value (a value repeated in the same
    field, or stored both as a field and as its extra, is one finding).
    """
    from .detectors import DETECTORS

    disp = _disp()
    closed, resource_closed, contact = set(closed), set(resource_closed), set(contact)
    out, seen = [], set()
    for path, text, res_index, top in _fields(dataset, closed, resource_closed):
        if not text or len(text) < _MIN_CHARS:
            continue
        if not text.isascii():
            text = text.translate(FULLWIDTH)
        for det, _start, _end, value in disp.scan(text):
            entity = det.entity
            if entity not in personal or (top in contact and res_index is None and entity in CONTACT):
                continue
            name = _generic(path)
            ident = (name, entity, value)
            if ident in seen:
                continue
            seen.add(ident)
            label = DETECTORS[entity].label
            out.append(MetadataFinding(path, name, entity, label["zh"], label["en"], det.mask(value),
                                       _digest(key, entity, value), res_index))
    return out


def redact(text, personal=PERSONAL):
    """``text`` with every personal value replaced by its masked form (for messages naming
    a field, an extra's key or a resource by what a user typed)."""
    text = "" if text is None else str(text)
    folded = text.translate(FULLWIDTH) if not text.isascii() else text
    hits = [h for h in _disp().scan(folded) if h[0].entity in personal]
    for det, start, end, value in sorted(hits, key=lambda h: h[1], reverse=True):
        text = text[:start] + det.mask(value) + text[end:]
    return text
