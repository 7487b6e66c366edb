"""Another govopen (a city's catalog) read by this one (the province's): the
``govopen`` profile of the ``govopen_ckan`` source type.

A govopen catalog is a CKAN Action API whose datasets already are in the
national standard, so the CKAN connector's paging, incremental reads and id
listing apply unchanged (``ckan_api``); what this profile changes is fixed,
not left to a config:

- **every field of the standard is copied as the city holds it** (the
  schema's own field list, ``standards/schemas/dataset.yaml``: resource code,
  classification, open type and conditions, legal basis, security level,
  personal-information declaration, data elements ...), never through a
  mapping that could drop one; the classification is the city's
  (``trust_source_classification``), made stricter where the city's verdict is;
- **only what the city opens crosses**: the search asks for effectively open
  or conditional datasets only (the city's verdict, ``effective_open_type``),
  and each record is checked again here (active, public, not withdrawn, both
  its declared open type and its verdict open or conditional); the listing of
  ids after an incremental read uses the same filter, so a dataset the city
  withdraws, restricts to not open or makes private is withdrawn here;
- **a conditionally open dataset arrives without file locations**: its
  resources keep name, format and description, never a URL (the city's API
  holds only its guarded route, which is not copied either);
- **provenance** (``source["federation"]``): the city catalog, the city's
  department, the original dataset link, and the city's own verdict,
  validation statuses and quality, shown on the dataset page.

The province reads the city's API as anonymous (the connector sends no
credentials), runs its own gate on arrival (the importer's
``package_create``/``package_update``), and matches a dataset that reaches it
by two paths by its resource code (``ckanext.govopen.harvest.importer``).
"""
from ckanext.govopen.standard import loader

from .record import HarvestError, Resource, make_record

PROFILE = "govopen"
PROFILES = (PROFILE,)
#: What crosses: the verdict's open types a city may hand on.
CROSSING = ("unconditional", "conditional")
#: The Solr field of the city's verdict (``ckanext.govopen.verdict.hooks.INDEX_FIELD``).
VERDICT_INDEX_FIELD = "effective_open_type"
#: Schema fields not copied: the URL name and the department are the province's.
NOT_COPIED = ("name", "owner_org", "tag_string")
#: The city's opening condition when only its verdict (not its declaration) restricts.
VERDICT_CONDITION = ("数据来源城市目录的开放判定为有条件开放，详见原始数据集。"
                     " / Conditionally open by the source catalog's verdict; see the original dataset.")


def crossing_fq(fq=None):
    """The search filter of a govopen source: the city's effectively open or conditional datasets."""
    own = "%s:(%s)" % (VERDICT_INDEX_FIELD, " OR ".join(CROSSING))
    if fq and own in fq:
        return fq
    return "(%s) AND %s" % (fq, own) if fq else own


def standard_fields():
    """The dataset fields of the national standard, as the schema lists them."""
    return [f["field_name"] for f in loader.schema_fields("dataset")
            if f.get("field_name") not in NOT_COPIED]


def verdict_open_type(pkg):
    verdict = pkg.get("govopen_verdict")
    return verdict.get("open_type") if isinstance(verdict, dict) else None


def crosses(pkg):
    """``None`` when this city dataset may cross, else why not (a short English word)."""
    if pkg.get("private") is not False:
        return "private"
    if (pkg.get("state") or "active") != "active":
        return "state %s" % pkg.get("state")
    if pkg.get("harvest_withdrawn"):
        return "withdrawn"
    if pkg.get("open_type") not in CROSSING:
        return "open type %s" % pkg.get("open_type")
    if verdict_open_type(pkg) not in CROSSING:
        return "verdict %s" % verdict_open_type(pkg)
    return None


def catalog_base(cfg):
    base = str(cfg.get("url") or "").rstrip("/")
    for tail in ("/package_search", "/api/3/action"):
        if base.endswith(tail):
            base = base[:-len(tail)]
    return base


def dataset_fields(pkg):
    """The standard's fields as the city holds them; the verdict's stricter open type wins."""
    ds = {}
    for field in standard_fields():
        value = pkg.get(field)
        if value not in (None, "", []):
            ds[field] = value
    tags = [t.get("name") for t in pkg.get("tags") or [] if isinstance(t, dict) and t.get("name")]
    if tags:
        ds["tags"] = tags
    if verdict_open_type(pkg) == "conditional" and ds.get("open_type") != "conditional":
        ds["open_type"] = "conditional"
        ds.setdefault("open_condition", VERDICT_CONDITION)
        ds.setdefault("legal_basis", VERDICT_CONDITION)
    return ds


def resources(pkg, conditional):
    out = []
    for res in pkg.get("resources") or []:
        if not isinstance(res, dict):
            continue
        url = "" if conditional else str(res.get("url") or "")
        name = res.get("name") or (url.rsplit("/", 1)[-1] if url else "") or "resource"
        out.append(Resource(name=" ".join(str(name).split())[:500], url=url,
                            format=str(res.get("format") or "").upper()[:20],
                            description=str(res.get("description") or "")))
    return out


def provenance(cfg, pkg):
    """Where the dataset comes from and what the city found, for the dataset page."""
    base = catalog_base(cfg)
    org = pkg.get("organization") if isinstance(pkg.get("organization"), dict) else {}
    verdict = pkg.get("govopen_verdict") if isinstance(pkg.get("govopen_verdict"), dict) else {}
    return {
        "catalog": cfg.get("catalog_title") or cfg.get("display") or cfg["name"],
        "catalog_url": base,
        "department": org.get("name"),
        "department_title": org.get("title"),
        "department_url": "%s/organization/%s" % (base, org["name"]) if org.get("name") else None,
        "dataset_url": "%s/dataset/%s" % (base, pkg.get("name") or pkg.get("id")),
        "dataset_id": pkg.get("id"),
        "verdict": {k: verdict.get(k) for k in ("open_type", "reasons") if k in verdict},
        "validation": {str(r.get("name") or i): r.get("validation_status")
                       for i, r in enumerate(pkg.get("resources") or [])
                       if isinstance(r, dict) and r.get("validation_status")},
        "quality_score": pkg.get("quality_score"),
        "quality": pkg.get("quality"),
    }


def record(cfg, pkg, where):
    """One city dataset -> a record (nothing when it may not cross)."""
    ident = pkg.get("id") or pkg.get("name")
    if crosses(pkg) is not None:
        return
    try:
        dataset = dataset_fields(pkg)
        conditional = dataset.get("open_type") != "unconditional"
        found = resources(pkg, conditional)
        source = {"where": where, "unmapped": [], "name": pkg.get("name"),
                  "federation": provenance(cfg, pkg)}
    except Exception as e:  # a shape this profile did not foresee: this record only
        yield HarvestError("record_mapping_failed", where, record_id=ident,
                           params={"error": "%s: %s" % (type(e).__name__, e)})
        return
    yield make_record(ident, dataset, resources=found, source=source,
                      source_modified=pkg.get("metadata_modified"))
