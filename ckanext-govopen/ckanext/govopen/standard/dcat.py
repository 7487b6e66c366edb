"""Standard codes -> DCAT-AP 3.0 URIs and DCAT-US 1.1 values.

The exporters (the lead's rdflib profile, the data.json endpoint) must say
the same thing for the same code; the tables are in
``standards/crosswalks/dcat_ap_3.yaml`` and ``dcat_us_1_1.yaml`` and these
functions only look them up. ``to_dcat_us`` builds a whole data.json dataset.
"""
from . import codes, loader, rules


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


def media_type(fmt):
    e = format_entry(fmt)
    return e.get("media_type") if e else None


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


def _publisher_name(dataset, organization_title=None):
    if organization_title:
        return organization_title
    org = dataset.get("organization")
    if isinstance(org, dict):
        return org.get("title") or org.get("name")
    return dataset.get("owner_org")


def to_dcat_us(dataset, organization_title=None):
    """A DCAT-US 1.1 (data.json, non-federal) dataset object for a standard record.

    Keys with no value are left out, as POD expects. ``organization_title``
    overrides the publisher name (for records holding only an org id).
    """
    get = lambda f: rules.get(dataset, f)  # noqa: E731
    theme = get("theme")
    theme_en = loader.label("theme", theme, "en") if theme and loader.is_member("theme", theme) else None
    out = {
        "@type": "dcat:Dataset",
        "title": get("title"),
        "description": get("notes"),
        "keyword": tag_names(dataset) or ([theme_en] if theme_en else []),
        "modified": rules.parse_date(get("modified") or get("issued")),
        "publisher": {"@type": "org:Organization", "name": _publisher_name(dataset, organization_title)},
        "contactPoint": None,
        "identifier": get("resource_code"),
        "accessLevel": access_level(get("open_type")),
    }
    if out["modified"]:
        out["modified"] = out["modified"].isoformat()
    contact = {"@type": "vcard:Contact", "fn": get("contact_name") or out["publisher"]["name"]}
    if rules.is_email(get("contact_email") or ""):
        contact["hasEmail"] = "mailto:" + get("contact_email").strip()
    out["contactPoint"] = contact
    if out["accessLevel"] and out["accessLevel"] != "public":
        rights = "; ".join(str(x) for x in (get("open_condition"), get("legal_basis")) if x)
        if rights:
            out["rights"] = rights[:255]
    lic = license_uri(get("license_id"))
    if lic:
        out["license"] = lic
    sp = get("spatial_code")
    if sp and codes.is_division(sp):
        out["spatial"] = "%s (GB/T 2260 %s)" % (codes.division_name(sp, "en"), sp)
    start, end = rules.parse_date(get("temporal_start")), rules.parse_date(get("temporal_end"))
    if start and end:
        out["temporal"] = "%s/%s" % (start.isoformat(), end.isoformat())
    issued = rules.parse_date(get("issued"))
    if issued:
        out["issued"] = issued.isoformat()
    ap = accrual_periodicity(get("update_frequency"))
    if ap:
        out["accrualPeriodicity"] = ap
    lang = get("language") or loader.default("language")
    bcp = _lookup("dcat_us_1_1", "language", lang)
    if bcp:
        out["language"] = [bcp]
    if theme_en:
        out["theme"] = [theme_en]
    if get("url"):
        out["landingPage"] = get("url")
    dists = []
    for r in dataset.get("resources") or []:
        d = {"@type": "dcat:Distribution"}
        fmt = r.get("format") or ""
        url = r.get("url")
        mt = r.get("mimetype") or media_type(fmt)
        if url and is_file_format(fmt) and mt:
            d["downloadURL"] = url
            d["mediaType"] = mt
        elif url:
            d["accessURL"] = url
        if fmt:
            d["format"] = fmt
        if r.get("name"):
            d["title"] = r["name"]
        if r.get("description"):
            d["description"] = r["description"]
        dists.append(d)
    if dists:
        out["distribution"] = dists
    return {k: v for k, v in out.items() if v not in (None, "", [])}
