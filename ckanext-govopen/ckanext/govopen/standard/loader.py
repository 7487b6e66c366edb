"""Find the ``standards/`` folder and read its YAML, once.

The standard is data, not code: every vocabulary, code list, schema and
crosswalk is a YAML file under ``standards/``. This module is the only place
that knows where that folder is:

1. ``$GOVOPEN_STANDARDS_DIR`` when set (tests, a site's own copy);
2. else the installed ``govopen_standards`` data package (a namespace package,
   so its location comes from ``__path__``, not ``__file__``);
3. else the source checkout next to this package.

Files are parsed once and cached; call ``clear_cache()`` after changing the
env variable or editing a file (tests do).
"""
import functools
import os
from pathlib import Path

import yaml

ENV = "GOVOPEN_STANDARDS_DIR"

#: Keys under which scheming looks up a label in CKAN 2.12 (``h.lang()`` is
#: ``zh_Hans_CN`` for Simplified Chinese); the standard's YAML uses zh / en.
SCHEMING_LANGS = {"en": "en", "zh_Hans": "zh", "zh_Hans_CN": "zh"}


def lang_key(locale):
    """The standard's language key (``zh`` or ``en``) for a CKAN locale."""
    return "zh" if str(locale or "").lower().startswith("zh") else "en"


def standards_dir():
    """The folder holding the standard's YAML."""
    env = os.environ.get(ENV)
    if env:
        return Path(env).resolve()
    return _installed_dir()


@functools.lru_cache(maxsize=None)
def _installed_dir():
    try:
        import govopen_standards
        for entry in getattr(govopen_standards, "__path__", []):
            if (Path(entry) / "schemas").is_dir():
                return Path(entry).resolve()
    except ImportError:
        pass
    # ckanext-govopen/ckanext/govopen/standard/loader.py -> repo/standards
    checkout = Path(__file__).resolve().parents[4] / "standards"
    if checkout.is_dir():
        return checkout
    raise RuntimeError(
        "govopen standards not found: install the govopen distribution or set %s" % ENV)


def path(relpath):
    """Absolute path of a file under the standards folder."""
    return standards_dir() / relpath


@functools.lru_cache(maxsize=None)
def _read(abspath):
    with open(abspath, encoding="utf-8") as f:
        return yaml.safe_load(f)


#: (standards folder setting, relpath) -> absolute path of a file found there. Every
#: rule and quality check loads the schema or a vocabulary, so without this each
#: call built a Path and stat()ed the file again (~100 times per quality score).
_found = {}


def load(relpath):
    """Parsed YAML of ``standards/<relpath>`` (cached; do not mutate)."""
    key = (os.environ.get(ENV), relpath)
    found = _found.get(key)
    if found is None:
        p = path(relpath)
        if not p.is_file():
            raise FileNotFoundError("no such standards file: %s" % p)
        found = _found[key] = str(p)
    return _read(found)


_generation = [0]


def generation():
    """Changes whenever the cache is cleared: derived caches elsewhere key on it."""
    return _generation[0]


def clear_cache():
    _generation[0] += 1
    _read.cache_clear()
    _installed_dir.cache_clear()
    _vocab_index.cache_clear()
    _found.clear()
    _names.clear()


def exists(relpath):
    return path(relpath).is_file()


def list_names(folder):
    """Names (without .yaml) of the YAML files in a standards sub-folder."""
    d = path(folder)
    return sorted(p.stem for p in d.glob("*.yaml")) if d.is_dir() else []


# --- vocabularies and code lists -------------------------------------------

def vocabulary(name):
    """A vocabulary (``vocabularies/<name>.yaml``) or code list (``codes/<name>.yaml``)."""
    for folder in ("vocabularies", "codes"):
        rel = "%s/%s.yaml" % (folder, name)
        if (os.environ.get(ENV), rel) in _found or exists(rel):
            return load(rel)
    raise KeyError("unknown vocabulary: %s" % name)


#: standards folder setting -> vocabulary_names(); listing two folders per call
#: was the cost of every policy reason and facet label (see clear_cache).
_names = {}


def vocabulary_names():
    key = os.environ.get(ENV)
    if key not in _names:
        _names[key] = list_names("vocabularies") + [
            n for n in list_names("codes") if "values" in load("codes/%s.yaml" % n)]
    return list(_names[key])


@functools.lru_cache(maxsize=None)
def _vocab_index(name):
    return {str(v["code"]): v for v in vocabulary(name)["values"]}


def entries(name):
    """code -> entry dict for a vocabulary, in file order (cached: see clear_cache)."""
    return _vocab_index(name)


def codes(name):
    return list(entries(name))


def entry(name, code):
    """The entry of ``code`` in vocabulary ``name``, or None."""
    if code is None:
        return None
    return entries(name).get(str(code))


def is_member(name, code):
    return entry(name, code) is not None


def default(name):
    """The vocabulary's declared default code, if any."""
    return vocabulary(name).get("default")


def label(name, code, lang="zh"):
    """Label of ``code`` in vocabulary ``name`` in ``lang`` (zh/en); the code if unknown."""
    e = entry(name, code)
    if e is None:
        return str(code)
    return e.get(lang_key(lang)) or e.get("en") or str(code)


def vocabulary_label(name, lang="zh"):
    lab = vocabulary(name).get("label") or {}
    return lab.get(lang_key(lang)) or lab.get("en") or name


def choices(name, lang=None):
    """Scheming-style choices ``[{"value", "label"}]`` for a vocabulary.

    With ``lang`` the label is a string in that language; without it, a dict
    keyed by the scheming languages (``en``, ``zh_Hans``, ``zh_Hans_CN``) so
    that ``scheming_language_text`` picks the user's language at render time.
    """
    out = []
    for code, e in entries(name).items():
        if lang is None:
            lab = {k: e.get(v) or e.get("en") or code for k, v in SCHEMING_LANGS.items()}
        else:
            lab = e.get(lang_key(lang)) or e.get("en") or code
        out.append({"value": code, "label": lab})
    return out


# --- schemas ----------------------------------------------------------------

def schema(name="dataset"):
    """The scheming schema ``schemas/<name>.yaml`` as a dict."""
    return load("schemas/%s.yaml" % name)


def schema_fields(name="dataset"):
    """All field definitions of a schema (dataset fields, or org/group fields)."""
    s = schema(name)
    return s.get("dataset_fields") or s.get("fields") or []


def schema_field(field_name, name="dataset"):
    for f in schema_fields(name):
        if f["field_name"] == field_name:
            return f
    return None


def text(value, lang):
    """Pick ``lang`` from a scheming label dict (en / zh_Hans / zh_Hans_CN) or a zh/en dict."""
    if not isinstance(value, dict):
        return value
    if lang_key(lang) == "zh":
        keys = ("zh_Hans_CN", "zh_Hans", "zh", "en")
    else:
        keys = ("en", "zh_Hans_CN", "zh_Hans", "zh")
    for k in keys:
        if value.get(k):
            return value[k]
    return next(iter(value.values()), "")


def field_label(field_name, lang="zh", schema_name="dataset"):
    """A field's label in ``lang``; the field name when the schema has no label."""
    for name in (schema_name, "dataset", "organization"):
        f = schema_field(field_name, name) if exists("schemas/%s.yaml" % name) else None
        if f and f.get("label"):
            return text(f["label"], lang)
    return field_name


# --- crosswalks, messages, quality -------------------------------------------

def crosswalk(name):
    """``crosswalks/<name>.yaml`` or, for a portal, ``crosswalks/portals/<name>.yaml``."""
    for rel in ("crosswalks/%s.yaml" % name, "crosswalks/portals/%s.yaml" % name):
        if exists(rel):
            return load(rel)
    raise KeyError("unknown crosswalk: %s" % name)


def portal_names():
    return list_names("crosswalks/portals")


def shared_value_map(name):
    rel = "crosswalks/value_maps/%s.yaml" % name
    return load(rel) if exists(rel) else None


def shared_value_map_names():
    return list_names("crosswalks/value_maps")


def messages():
    return load("messages.yaml")["messages"]


def quality():
    return load("quality.yaml")


def resource_code_rule():
    return load("codes/resource_code.yaml")


def install_license_register():
    """Make CKAN's licence register the standard's licence list (CKAN only
    reads ``licenses_group_url`` from a URL or file; this avoids a copy)."""
    from ckan import model
    from ckan.model.license import LicenseRegister

    register = LicenseRegister.__new__(LicenseRegister)
    register._create_license_list(ckan_licenses())
    model.Package._license_register = register


def ckan_licenses():
    """The licence list in the JSON shape CKAN reads from ``licenses_group_url``."""
    out = []
    for code, e in entries("licenses").items():
        out.append({
            "id": code,
            "title": e.get("zh") or e.get("en"),
            "title_en": e.get("en"),
            "url": e.get("url") or "",
            "od_conformance": "approved" if e.get("open") else "not reviewed",
            "osd_conformance": "not reviewed",
            "status": "active",
            "is_okd_compliant": bool(e.get("open")),
            "is_generic": e.get("url") is None,
        })
    return out
