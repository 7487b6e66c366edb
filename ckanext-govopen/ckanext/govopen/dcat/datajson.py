"""DCAT-US 1.1 / Project Open Data v1.1 ``data.json`` from dataset dicts. CKAN-free.

Field by field this follows ``standards/crosswalks/dcat_us_1_1.yaml`` (the
non-federal profile: ``bureauCode`` and ``programCode`` are US federal agency
codes from OMB Circular A-11 and the Federal Program Inventory, which a
Chinese government department does not have, so they are left out rather than
invented; GSA's non-federal v1.1 schema drops them from ``required``).
A deployment that does have such codes passes them as ``federal_codes``
(config ``govopen.datajson.bureau_code`` / ``program_code``); every dataset
then carries them and the document is valid against the strict POD v1.1
schema too.

Only datasets whose ``open_type`` is ``unconditional`` get download URLs; the
others are listed with ``accessLevel`` "restricted public" / "non-public",
a ``rights`` statement, and distributions that point at the dataset's page
on this site (where conditional access is requested), never at the file.
"""
from . import mapping as m

CONTEXT = "https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld"
DESCRIBED_BY = "https://project-open-data.cio.gov/v1.1/schema/catalog.json"
RIGHTS_MAX = 255


def catalog(datasets, site_url, contact_email=None, federal_codes=None):
    """The whole ``data.json`` document for an iterable of dataset dicts.

    ``contact_email`` is the catalog's own address, used for a dataset whose
    record and department both have none (POD v1.1 requires ``hasEmail``).
    ``federal_codes``: ``{"bureauCode": [...], "programCode": [...]}`` or None.
    """
    site_url = (site_url or "").rstrip("/")
    out = {
        "@context": CONTEXT,
        "@type": "dcat:Catalog",
        "conformsTo": m.us_conforms_to(),
        "describedBy": DESCRIBED_BY,
        "dataset": [dict(dataset(d, site_url, contact_email), **(federal_codes or {}))
                    for d in datasets],
    }
    if site_url:
        out["@id"] = site_url + "/data.json"
    return out


def dataset_page(d, site_url):
    """The dataset's page on this site, or None without a site URL."""
    if not site_url:
        return None
    return "%s/dataset/%s" % (site_url.rstrip("/"), d.get("name") or d.get("id"))


def dataset(d, site_url=None, contact_email=None):
    """One POD v1.1 dataset object for a dataset dict in the national standard."""
    org = m.organization(d)
    page = dataset_page(d, site_url)
    level = m.us_value("access_level", m.open_type(d))

    out = {
        "@type": "dcat:Dataset",
        "title": m.text(d.get("title")) or m.text(d.get("title_en")) or m.text(d.get("name")),
        "description": (m.text(d.get("notes")) or m.text(d.get("notes_en"))
                        or m.text(d.get("title")) or m.text(d.get("name"))),
        "keyword": _keywords(d),
        "modified": _modified(d),
        "publisher": {"@type": "org:Organization",
                      "name": m.text(org.get("title")) or m.text(org.get("name")) or _site_name(site_url)},
        "contactPoint": _contact(d, org, contact_email),
        "identifier": m.text(d.get("resource_code")) or page or m.text(d.get("id")) or m.text(d.get("name")),
        "accessLevel": level,
    }

    if level != "public":
        rights = _rights(d)
        if rights:
            out["rights"] = rights

    license_url = m.license_url(d)
    if license_url:
        out["license"] = license_url

    spatial = _spatial(d.get("spatial_code"))
    if spatial:
        out["spatial"] = spatial

    start, end = m.iso_date(d.get("temporal_start")), m.iso_date(d.get("temporal_end"))
    if start and end:
        out["temporal"] = "%s/%s" % (start, end)

    issued = m.iso_date(d.get("issued"))
    if issued:
        out["issued"] = issued

    periodicity = m.us_value("accrual_periodicity", d.get("update_frequency"))
    if periodicity:
        out["accrualPeriodicity"] = periodicity

    langs = [m.us_value("language", c) for c in m.languages(d)]
    langs = [x for x in langs if x]
    if langs:
        out["language"] = langs

    themes = [m.label("theme", c, "en") for c in m.themes(d)]
    themes = [t for t in themes if t]
    if themes:
        out["theme"] = themes

    landing = m.text(d.get("url"))
    if landing and not m.is_open(d) and landing in {m.text(r.get("url")) for r in m.resources(d)}:
        landing = ""  # a restricted file is never linked, not even as the source page
    landing = landing or page
    if landing:
        out["landingPage"] = landing

    distributions = [_distribution(r, d, page) for r in m.resources(d)]
    distributions = [x for x in distributions if x]
    if distributions:
        out["distribution"] = distributions
    return out


def _site_name(site_url):
    return site_url or "govopen"


def _keywords(d):
    words = m.tag_names(d)
    if not words:
        # POD requires at least one keyword: the crosswalk falls back to the
        # English theme label (then the Chinese one, then the code).
        for code in m.themes(d) or m.as_list(d.get("theme")):
            word = m.label("theme", code, "en") or m.label("theme", code, "zh") or m.text(code)
            if word:
                words.append(word)
    return words or ["government"]


def _modified(d):
    for key in ("modified", "issued", "metadata_modified", "metadata_created"):
        value = m.iso_date(d.get(key))
        if value:
            return value
    return None


def _contact(d, org, fallback_email=None):
    out = {"@type": "vcard:Contact",
           "fn": m.text(d.get("contact_name")) or m.text(org.get("title")) or m.text(org.get("name"))
           or "govopen"}
    email = (m.email(d.get("contact_email")) or m.email(org.get("contact_email"))
             or m.email(fallback_email))
    if email:
        out["hasEmail"] = "mailto:" + email
    return out


def _rights(d):
    parts = [m.text(d.get("open_condition")), m.text(d.get("legal_basis"))]
    text = "; ".join(p for p in parts if p)
    if not text:
        # "restricted public" / "non-public" should say why (POD): name the open type.
        text = m.label("open_type", m.open_type(d), "en") or ""
    if len(text) > RIGHTS_MAX:
        text = text[:RIGHTS_MAX - 1] + "…"
    return text or None


def _spatial(code):
    code = m.text(code)
    if not code:
        return None
    entry = m.region(code)
    name = (entry or {}).get("en")
    return "%s (GB/T 2260 %s)" % (name, code) if name else "GB/T 2260 %s" % code


def _distribution(r, d, page):
    out = {"@type": "dcat:Distribution"}
    title = m.text(r.get("name")) or m.text(r.get("name_en"))
    if title:
        out["title"] = title
    description = m.text(r.get("description"))
    if description:
        out["description"] = description
    fmt = m.text(r.get("format"))
    if fmt:
        out["format"] = fmt
    url = m.text(r.get("url"))
    media_type = m.media_type(r)

    if m.is_open(d):
        if url and m.is_file(r) and media_type:
            out["downloadURL"] = url
            out["mediaType"] = media_type
        elif url:
            out["accessURL"] = url
            if media_type:
                out["mediaType"] = media_type
    else:
        # Never the file: the dataset page tells how to request access.
        if page:
            out["accessURL"] = page
    if len(out) == 1:
        return None
    return out
