"""Standard codes -> DCAT-AP 3.0 URIs and DCAT-US 1.1 values.

The exporters (the lead's rdflib profile, the data.json endpoint) must say
the same thing for the same code; the tables are in
``standards/crosswalks/dcat_ap_3.yaml`` and ``dcat_us_1_1.yaml`` and these
functions only look them up. The data.json documents themselves are built by
``ckanext.govopen.dcat.datajson`` (the ``/data.json`` endpoint).
"""
from . import loader, rules


def _table(crosswalk, map_name):
    """code -> target value for a map; ``from_vocabulary`` maps read a key of each entry."""
    spec = loader.crosswalk(crosswalk)["maps"][map_name]
    if "values" in spec:
        table = dict(spec["values"])
    elif "from_vocabulary" in spec:
        src = spec["from_vocabulary"]
        table = {code: e.get(src["key"]) for code, e in loader.entries(src["vocabulary"]).items()}
    else:  # a plain code -> value table (the DCAT-US maps)
        table = dict(spec)
    base = spec.get("base")
    if base:
        def uri(v):
            if v is None:
                return None
            if isinstance(v, list):
                return [base + x for x in v]
            return base + v
        table = {k: uri(v) for k, v in table.items()}
    return table


def _lookup(crosswalk, map_name, code):
    if code is None:
        return None
    return _table(crosswalk, map_name).get(str(code))


# --- DCAT-AP 3 ---------------------------------------------------------------------

def access_rights_uri(open_type):
    """EU access-right URI (PUBLIC / RESTRICTED / NON_PUBLIC) for an open type."""
    return _lookup("dcat_ap_3", "access_rights", open_type)


def frequency_uri(update_frequency):
    """EU frequency URI for an update frequency."""
    return _lookup("dcat_ap_3", "frequency", update_frequency)


def theme_uris(theme):
    """EU data-theme URIs for a theme (a list; empty for ``other``)."""
    v = _lookup("dcat_ap_3", "theme", theme)
    return list(v) if isinstance(v, list) else ([v] if v else [])


def language_uri(language):
    return _lookup("dcat_ap_3", "language", language)


def file_type_uri(fmt):
    """EU file-type URI for a format (case-insensitive), None when the EU list has none."""
    if not fmt:
        return None
    table = _table("dcat_ap_3", "file_type")
    for code, uri in table.items():
        if code.lower() == str(fmt).lower():
            return uri
    return None


def license_uri(license_id):
    return _lookup("dcat_ap_3", "license", license_id or rules.default_license())


# --- DCAT-US 1.1 ---------------------------------------------------------------------

def access_level(open_type):
    """POD ``accessLevel``: public / restricted public / non-public."""
    return _lookup("dcat_us_1_1", "access_level", open_type)


def accrual_periodicity(update_frequency):
    """POD ``accrualPeriodicity``: an ISO 8601 ``R/P…`` duration, ``irregular``, or None."""
    return _lookup("dcat_us_1_1", "accrual_periodicity", update_frequency)


def format_entry(fmt):
    if not fmt:
        return None
    for code, e in loader.entries("file_format").items():
        if code.lower() == str(fmt).lower():
            return e
    return None


def is_file_format(fmt):
    """A downloadable file (not an API, a database or an unknown format)."""
    return bool(fmt) and str(fmt).upper() not in ("API", "DB")


def tag_names(dataset):
    tags = dataset.get("tags") or []
    if isinstance(tags, str):
        tags = [t.strip() for t in tags.split(",")]
    out = []
    for t in tags:
        name = t.get("name") if isinstance(t, dict) else t
        if name and name not in out:
            out.append(name)
    return out
