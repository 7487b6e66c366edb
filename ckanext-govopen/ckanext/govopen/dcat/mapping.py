"""What the standard's DCAT crosswalks say about one dataset dict. CKAN-free.

The value maps (open type -> access rights, update frequency -> EU frequency
and ISO 8601, theme -> EU data theme, language, file format, licence) are
data in ``standards/crosswalks/dcat_ap_3.yaml`` and ``dcat_us_1_1.yaml``;
the forward lookups are the standard's own (``ckanext.govopen.standard.dcat``),
this module adds the reverse lookups the RDF parser needs and reads the
per-field details (languages, prefixes) from the crosswalk, so both exports
(RDF and data.json) and the standard say the same thing.

The one rule every export shares: a dataset whose ``open_type`` is not
``unconditional`` never shows where its files are. An unknown or missing
open type counts as not open (fail closed).
"""
import json
import re

from ckanext.govopen.standard import codes as std_codes
from ckanext.govopen.standard import dcat as std_dcat
from ckanext.govopen.standard import elements as std_elements
from ckanext.govopen.standard import loader
from ckanext.govopen.standard import rules as std_rules
from ckanext.govopen.verdict import read as verdict

AP = "dcat_ap_3"
US = "dcat_us_1_1"

#: The only open type whose files may be linked from a public export.
OPEN = "unconditional"
#: What an unknown or missing open type is exported as.
CLOSED = "none"

MEDIA_TYPE_RE = re.compile(r"^[-\w]+/[-\w]+(\.[-\w]+)*([+][-\w]+)?$")
ISO_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}")


# --- reading a dataset dict ---------------------------------------------------

def text(value):
    """A stripped string, or "" for None/empty."""
    if value is None:
        return ""
    return str(value).strip()


def as_list(value):
    """A list from a list, a JSON list string, a single value or None."""
    if value is None or value == "":
        return []
    if isinstance(value, (list, tuple)):
        return [v for v in value if v not in (None, "")]
    if isinstance(value, str):
        s = value.strip()
        if s.startswith("["):
            try:
                parsed = json.loads(s)
            except ValueError:
                parsed = None
            if isinstance(parsed, list):
                return [v for v in parsed if v not in (None, "")]
        return [s] if s else []
    return [value]


def tag_names(d):
    """Tag names from ``tags`` (CKAN dicts or strings) or ``tag_string``."""
    names = []
    for t in d.get("tags") or []:
        name = text(t.get("name") if isinstance(t, dict) else t)
        if name and name not in names:
            names.append(name)
    if not names and d.get("tag_string"):
        for name in str(d["tag_string"]).split(","):
            name = name.strip()
            if name and name not in names:
                names.append(name)
    return names


def data_elements(d):
    """``data_elements`` as a list of dicts (it may arrive as a JSON string)."""
    value, problems = std_elements.parse(d.get("data_elements"))
    return [] if problems else [e for e in value if isinstance(e, dict)]


def themes(d):
    """Theme codes of a dataset (the field is one code; lists are tolerated)."""
    return [c for c in (text(v) for v in as_list(d.get("theme"))) if loader.is_member("theme", c)]


def languages(d):
    """Language codes of the data; the vocabulary's default when none is given."""
    codes = [text(v) for v in as_list(d.get("language"))]
    codes = [c for c in codes if loader.is_member("language", c)]
    if not codes and loader.default("language"):
        codes = [loader.default("language")]
    return codes


def organization(d):
    return d.get("organization") or {}


def iso_date(value):
    """``YYYY-MM-DD`` from an ISO date or datetime string, else ""."""
    value = text(value)
    return value[:10] if ISO_DATE_RE.match(value) else ""


# --- the publication rule -------------------------------------------------------

def open_type(d):
    """The dataset's effective open type (its verdict); an unknown one counts as not open."""
    code = verdict.open_type(d)
    return code if loader.is_member("open_type", code) else CLOSED


def is_open(d):
    """May the export link to this dataset's files?"""
    return open_type(d) == OPEN


# --- DCAT-AP 3 value maps ---------------------------------------------------------

def ap_crosswalk():
    return loader.crosswalk(AP)


def _ap_map(name):
    return ap_crosswalk()["maps"][name]


def _map_codes(m):
    if "values" in m:
        return list(m["values"])
    return loader.codes(m["from_vocabulary"]["vocabulary"])


#: The standard's forward lookups, by value map of the DCAT-AP crosswalk.
_FORWARD = {
    "access_rights": std_dcat.access_rights_uri,
    "frequency": std_dcat.frequency_uri,
    "theme": std_dcat.theme_uris,
    "language": std_dcat.language_uri,
    "file_type": std_dcat.file_type_uri,
    "license": std_dcat.license_uri,
}


def ap_uris(map_name, code):
    """The EU URIs the crosswalk maps ``code`` to (a list; empty when none)."""
    code = text(code)
    if not code:
        return []
    return [u for u in as_list(_FORWARD[map_name](code)) if u]


def ap_uri(map_name, code):
    uris = ap_uris(map_name, code)
    return uris[0] if uris else None


def ap_notation(map_name, uri):
    """The authority code at the end of an EU URI (``MONTHLY``)."""
    base = _ap_map(map_name).get("base") or ""
    return uri[len(base):] if base and uri.startswith(base) else uri


def ap_codes(map_name, uri):
    """Every standard code the crosswalk maps onto ``uri`` (reverse lookup)."""
    uri = text(uri)
    m = _ap_map(map_name)
    return [c for c in _map_codes(m) if uri in ap_uris(map_name, c)]


def ap_code(map_name, uri):
    """The standard code for ``uri`` when exactly one maps onto it, else None."""
    codes = ap_codes(map_name, uri)
    return codes[0] if len(codes) == 1 else None


def ap_scheme(map_name):
    """The EU concept scheme (authority table) of a value map, or None."""
    base = _ap_map(map_name).get("base")
    return base.rstrip("/") if base else None


def ap_map_vocabulary(map_name):
    """The standard vocabulary whose codes a value map maps, e.g. ``update_frequency``."""
    m = _ap_map(map_name)
    if "from_vocabulary" in m:
        return m["from_vocabulary"]["vocabulary"]
    for field, spec in ap_crosswalk()["dataset"].items():
        if spec.get("map") == map_name:
            return field
    return None


def ap_field(field, on="dataset"):
    """The crosswalk's entry for a field (property, lang, ...)."""
    return ap_crosswalk().get(on, {}).get(field) or {}


def ap_lang(field, on="dataset", default="zh"):
    return ap_field(field, on).get("lang") or default


# --- DCAT-US 1.1 value maps ---------------------------------------------------------

def us_crosswalk():
    return loader.crosswalk(US)


def us_value(map_name, code):
    """The DCAT-US value of ``code`` in a value map, or None (unmapped / null)."""
    code = text(code)
    if map_name == "access_level":
        return std_dcat.access_level(code) if code else None
    if map_name == "accrual_periodicity":
        return std_dcat.accrual_periodicity(code) if code else None
    m = us_crosswalk()["maps"][map_name]
    if isinstance(m, dict) and "from_vocabulary" in m:
        src = m["from_vocabulary"]
        e = loader.entry(src["vocabulary"], code)
        return e.get(src["key"]) if e else None
    return m.get(code)


def us_conforms_to():
    return us_crosswalk()["target"]["conformsTo"]


# --- labels, regions, licences ---------------------------------------------------------

def label(vocabulary, code, lang):
    """The standard's label of a code; None when the code is unknown."""
    e = loader.entry(vocabulary, code)
    if not e:
        return None
    return e.get(lang) or None


def labels(vocabulary, code):
    """``{"zh": ..., "en": ...}`` for a code (only the languages it has)."""
    e = loader.entry(vocabulary, code) or {}
    return {lang: e[lang] for lang in ("zh", "en") if e.get(lang)}


def region(code):
    """The GB/T 2260 entry of a division code, or None."""
    return std_codes.division(text(code))


def spatial_identifier(code):
    """The division's identifier as the crosswalk writes it (``GB/T 2260:110000``)."""
    prefix = ap_field("spatial_code").get("identifier_prefix") or ""
    return prefix + text(code)


def spatial_code_from_identifier(identifier):
    prefix = ap_field("spatial_code").get("identifier_prefix") or ""
    identifier = text(identifier)
    if prefix and identifier.startswith(prefix):
        return identifier[len(prefix):].strip()
    return None


def license_id(d):
    """The dataset's licence code; the standard's default licence when it names none."""
    return text(d.get("license_id")) or std_rules.default_license()


def license_url(d):
    """The licence document URL of a dataset: the standard's, else CKAN's ``license_url``."""
    code = license_id(d)
    uri = ap_uri("license", code)
    if not uri and not loader.is_member("licenses", code):
        uri = text(d.get("license_url")) or None
    return uri


def email(value):
    """A usable e-mail address (without ``mailto:``), or ""."""
    value = text(value)
    if value.startswith("mailto:"):
        value = value[len("mailto:"):]
    return value if std_rules.is_email(value) else ""


def license_code(uri):
    """The licence code whose document URL is ``uri`` (trailing slash ignored)."""
    want = text(uri).rstrip("/")
    if not want:
        return None
    for code in loader.codes("licenses"):
        url = text((loader.entry("licenses", code) or {}).get("url")).rstrip("/")
        if url and url == want:
            return code
    return None


# --- resources ---------------------------------------------------------------------------

def format_entry(fmt):
    """The ``file_format`` vocabulary entry for a format word or media type, or None."""
    fmt = text(fmt)
    if not fmt:
        return None
    key = fmt.lower().lstrip(".")
    for code, e in loader.entries("file_format").items():
        if key in (code.lower(), text(e.get("media_type")).lower(),
                   text(e.get("eu")).lower(), text(e.get("en")).lower()):
            return dict(e, code=code)
    return None


def format_code(resource):
    e = format_entry(resource.get("format")) or format_entry(resource.get("mimetype"))
    return e["code"] if e else (text(resource.get("format")) or None)


def media_type(resource):
    """The resource's IANA media type (``text/csv``): its own, else its format's."""
    mt = text(resource.get("mimetype")).lower()
    if mt and MEDIA_TYPE_RE.match(mt):
        return mt
    e = format_entry(resource.get("format"))
    mt = text(e.get("media_type")) if e else ""
    return mt or None


def is_file(resource):
    """Is the resource URL a file to download (not an API or a web page)?

    The crosswalk gives ``dcat:downloadURL`` only to uploaded files and direct
    file links; a link counts as a file when its format is a known file format
    with a media type other than a web page.
    """
    if text(resource.get("url_type")) == "upload":
        return True
    e = format_entry(resource.get("format")) or format_entry(resource.get("mimetype"))
    mt = text(e.get("media_type")) if e else ""
    return bool(mt) and mt != "text/html"


def resources(d):
    """Resources that are part of the public record (active ones)."""
    return [r for r in d.get("resources") or []
            if isinstance(r, dict) and r.get("state", "active") == "active"]


# --- labels of EU authority concepts ------------------------------------------------------

def _eu_labels():
    import os
    import yaml
    global _EU_LABELS
    if _EU_LABELS is None:
        with open(os.path.join(os.path.dirname(__file__), "eu_labels.yaml"), encoding="utf-8") as f:
            _EU_LABELS = yaml.safe_load(f) or {}
    return _EU_LABELS


_EU_LABELS = None


def eu_table(map_name):
    """The authority table name of a value map (``data-theme``), or None."""
    scheme = ap_scheme(map_name)
    return scheme.rsplit("/", 1)[-1] if scheme else None


def eu_scheme_labels(map_name):
    return dict((_eu_labels().get(eu_table(map_name)) or {}).get("scheme") or {})


def eu_concept_labels(map_name, uri):
    """Labels for an EU concept the crosswalk maps to: ``{lang: label}``.

    Tables that map one-to-one from a standard vocabulary take that
    vocabulary's labels (they name the same concept); many-to-one tables
    (data-theme) take the EU's own labels from ``eu_labels.yaml``.
    """
    notation = ap_notation(map_name, uri)
    table = (_eu_labels().get(eu_table(map_name)) or {}).get("concepts") or {}
    if notation in table:
        return dict(table[notation])
    codes = ap_codes(map_name, uri)
    vocabulary = ap_map_vocabulary(map_name)
    if len(codes) == 1 and vocabulary:
        found = labels(vocabulary, codes[0])
        if found:
            return found
    return {"en": notation}
