"""Source item -> standard fields, driven by the ``fields`` of a config.

Each connector first turns one source item into a plain dict (a data.json
dataset, a CKAN package, the properties of a DCAT dataset node); this module
applies the mapping to it. One entry per standard field::

    theme: {from: [theme, keyword], map: theme, tail: true, default: other}

- ``from``    a key or dotted path (``contactPoint.hasEmail``), or a list of
              them: the first that gives a value (with ``map``: a value that
              maps) wins. Lists in the source are
              walked (``distribution.format`` gives every format).
- ``as``      ``text`` (default), ``list``, ``date``, ``date_end`` (the end of
              an ISO interval ``start/end``), ``email``, ``html``
              (text with the markup removed)
- ``map``     a value map: the target vocabulary's own codes and zh/en labels,
              ``standards/crosswalks/value_maps/<map>.yaml`` and the config's
              ``value_maps`` (the same layering the portal crosswalks use),
              plus licence URLs for ``licenses``. ``tail: true`` looks up the
              last segment of a URI (``.../data-theme/ECON`` -> ``ECON``).
              ``many: true`` keeps every mapped code.
- ``default`` used when the source gives nothing, or nothing that maps
- ``const``   a fixed value

Words that do not map are not errors here (a default applies); they are
listed in ``unmapped`` so the reviewer sees what the source said.
"""
import datetime
import html
import re

from ckanext.govopen.standard import crosswalk, loader, rules

_WS = re.compile(r"\s+")
_TAGS = re.compile(r"<[^>]+>")
_DATE = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?")
_YEAR = re.compile(r"^\s*(\d{4})\s*$")


def key(word):
    return _WS.sub(" ", str(word)).strip().lower()


def _walk(value, parts):
    if not parts:
        yield value
        return
    if isinstance(value, list):
        for item in value:
            yield from _walk(item, parts)
        return
    if isinstance(value, dict):
        if parts[0] in value:
            yield from _walk(value[parts[0]], parts[1:])


def values(item, path):
    """Every non-empty scalar at ``path`` in ``item`` (lists flattened)."""
    out = []
    for v in _walk(item, path.split(".") if path else []):
        for x in (v if isinstance(v, list) else [v]):
            if x is None or isinstance(x, dict):
                continue
            if isinstance(x, str) and not x.strip():
                continue
            out.append(x)
    return out


def first_values(item, paths):
    if isinstance(paths, str):
        paths = [paths]
    for p in paths:
        found = values(item, p)
        if found:
            return p, found
    return None, []


# --- value conversion ------------------------------------------------------------

def to_date(value):
    """An ISO date (YYYY-MM-DD) from the many ways sources write one; None if none."""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value).strip()
    m = _DATE.search(text)
    if m:
        y, mo, d = m.group(1), m.group(2), m.group(3) or "01"
        try:
            return datetime.date(int(y), int(mo), int(d)).isoformat()
        except ValueError:
            return None
    m = _YEAR.match(text)
    if m:
        return "%s-01-01" % m.group(1)
    return None


def to_email(value):
    text = str(value).strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    return text if rules.is_email(text) else None


def strip_html(value):
    text = str(value)
    if "<" in text and ">" in text:
        text = _TAGS.sub(" ", text.replace("</p>", "\n").replace("<br>", "\n").replace("<br/>", "\n"))
    text = html.unescape(text)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "\n".join(line for line in lines if line).strip()


def _tail(value):
    text = str(value).strip().rstrip("/")
    return re.split(r"[/#]", text)[-1] if ("/" in text or "#" in text) else text


def _norm_url(value):
    text = str(value).strip().lower()
    text = re.sub(r"^https?://", "", text)
    return text.rstrip("/").replace("www.", "", 1)


def lookup(cfg, map_name, word, tail=False):
    """The code for ``word`` in value map ``map_name`` (None: unknown or mapped to nothing)."""
    target, table = crosswalk.value_map(cfg, map_name)
    for candidate in ([word, _tail(word)] if tail else [word]):
        k = key(candidate)
        if k in table:
            return table[k], True
    if target == "licenses":
        urls = {_norm_url(e["url"]): code for code, e in loader.entries("licenses").items() if e.get("url")}
        code = urls.get(_norm_url(word))
        if code:
            return code, True
    return None, False


# --- one field, one item ------------------------------------------------------------

def map_field(cfg, field, spec, item, unmapped):
    if "const" in spec:
        return spec["const"]
    kind = spec.get("as", "text")
    if spec.get("map"):
        return _map_codes(cfg, field, spec, item, unmapped)
    path, found = first_values(item, spec.get("from") or [])
    if kind == "list":
        out = []
        for v in found:
            for part in (re.split(spec["split"], str(v)) if spec.get("split") else [v]):
                part = " ".join(str(part).split())
                if part and part not in out:
                    out.append(part)
        return out or spec.get("default")
    for v in found:
        if kind == "date":
            converted = to_date(v)
        elif kind == "date_end":
            converted = to_date(str(v).split("/")[-1]) if "/" in str(v) else None
        elif kind == "email":
            converted = to_email(v)
        elif kind == "html":
            converted = strip_html(v)
        else:
            converted = " ".join(str(v).split()) if not spec.get("keep_lines") else str(v).strip()
        if converted:
            return converted
    return spec.get("default")


def _map_codes(cfg, field, spec, item, unmapped):
    """Codes from the first ``from`` path whose values map (later paths are fallbacks)."""
    paths = spec.get("from") or []
    for path in ([paths] if isinstance(paths, str) else paths):
        codes = []
        for v in values(item, path):
            code, known = lookup(cfg, spec["map"], v, spec.get("tail", False))
            if code is not None and code not in codes:
                codes.append(code)
            elif not known:
                unmapped.append({"field": field, "from": path, "value": str(v)[:200]})
        if codes:
            return codes if spec.get("many") else codes[0]
    return spec.get("default")


def apply(cfg, item):
    """``(dataset fields, unmapped words)`` for one source item."""
    unmapped = []
    out = {}
    for field, spec in (cfg.get("fields") or {}).items():
        if spec is None:
            continue
        value = map_field(cfg, field, spec, item, unmapped)
        if value not in (None, "", []):
            out[field] = value
    return out, unmapped


def format_code(word):
    """The standard's format code for a source format word (``csv``, ``text/csv``, a URI)."""
    if not word:
        return ""
    text = str(word).strip().strip(".").lstrip("*")
    candidates = [text, _tail(text)]
    if "/" in text and not text.startswith("http"):
        candidates.append(text.split("/")[-1].split("+")[-1])     # media type: text/csv
    for c in candidates:
        for code, e in loader.entries("file_format").items():
            if key(c) in (key(code), key(e.get("eu") or ""), key(e.get("media_type") or "")):
                return code
    for code, e in loader.entries("file_format").items():
        if e.get("media_type") and key(text) == key(e["media_type"]):
            return code
    return _tail(text).upper()[:20]
