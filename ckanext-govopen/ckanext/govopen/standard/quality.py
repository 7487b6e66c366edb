"""The metadata quality score (0-100), after the EU Metadata Quality Assessment.

Departments are compared on it (dashboard), so it must be explainable and
stable: every indicator is a yes/no test on the metadata alone (no network, no
clock), the points come from ``standards/quality.yaml``, and the result lists
every indicator so a data officer sees what to add. Each test only asks
"is this there and valid", so adding a field or a distribution never lowers
the score.
"""
from . import dcat, elements, loader, rules


def _resources(ds):
    return [r for r in (ds.get("resources") or []) if isinstance(r, dict)]


def _any_resource(ds, test):
    return any(test(r) for r in _resources(ds))


def _fmt(r):
    return (r.get("format") or "").strip()


def _fmt_entry(r):
    return dcat.format_entry(_fmt(r))


def _present(ds, field):
    return not rules.is_empty(rules.get(ds, field))


def _valid(ds, field):
    """Present and free of problems under the field's own checks."""
    if not _present(ds, field):
        return False
    f = loader.schema_field(field)
    if f is None:               # not a field of the standard: nothing to check it against
        return True
    one = {field: rules.get(ds, field)}
    if f.get("not_before"):
        one[f["not_before"]] = rules.get(ds, f["not_before"])
    return not rules.field_problems(one, f)


def tag_names(ds):
    return dcat.tag_names(ds) or [t for t in str(ds.get("tag_string") or "").split(",") if t.strip()]


INDICATORS = {
    # findability
    "keywords": lambda ds: bool(tag_names(ds)),
    "theme": lambda ds: _valid(ds, "theme"),
    "spatial": lambda ds: _valid(ds, "spatial_code"),
    "temporal": lambda ds: rules.parse_date(rules.get(ds, "temporal_start")) is not None
    or rules.parse_date(rules.get(ds, "temporal_end")) is not None,
    # accessibility
    "access_url": lambda ds: _any_resource(ds, lambda r: bool(r.get("url"))),
    "download_url": lambda ds: _any_resource(ds, lambda r: bool(r.get("url")) and dcat.is_file_format(_fmt(r))),
    # interoperability
    "format": lambda ds: _any_resource(ds, lambda r: bool(_fmt(r))),
    "media_type": lambda ds: _any_resource(ds, lambda r: bool(r.get("mimetype") or (_fmt_entry(r) or {}).get("media_type"))),
    "format_vocabulary": lambda ds: _any_resource(ds, lambda r: _fmt_entry(r) is not None),
    "non_proprietary": lambda ds: _any_resource(ds, lambda r: bool((_fmt_entry(r) or {}).get("non_proprietary"))),
    "machine_readable": lambda ds: _any_resource(ds, lambda r: bool((_fmt_entry(r) or {}).get("machine_readable"))),
    "standard_compliance": lambda ds: not rules.validate_dataset(ds),
    "data_elements": lambda ds: _present(ds, "data_elements") and not elements.check(rules.get(ds, "data_elements")),
    # reusability
    "access_rights": lambda ds: _present(ds, "open_type"),
    "access_rights_vocabulary": lambda ds: _valid(ds, "open_type"),
    "license": lambda ds: _present(ds, "license_id"),
    "license_vocabulary": lambda ds: _valid(ds, "license_id"),
    "contact_point": lambda ds: _present(ds, "contact_name") or _valid(ds, "contact_email"),
    "publisher": lambda ds: _present(ds, "owner_org"),
    "classification": lambda ds: _valid(ds, "security_level") and _valid(ds, "personal_info"),
    # contextuality
    "rights": lambda ds: rules.get(ds, "open_type") == "unconditional"
    or _present(ds, "legal_basis") or _present(ds, "open_condition"),
    "byte_size": lambda ds: _any_resource(ds, lambda r: str(r.get("size") or "").isdigit() and int(r["size"]) > 0),
    "issued": lambda ds: _valid(ds, "issued"),
    "modified": lambda ds: _valid(ds, "modified"),
    "update_frequency": lambda ds: _valid(ds, "update_frequency"),
    "english_title": lambda ds: _present(ds, "title_en"),
}


def rating(score):
    """The rating band (excellent / good / sufficient / bad) for a score."""
    for band in loader.quality()["ratings"]:
        if score >= band["min"]:
            return band["code"]
    return loader.quality()["ratings"][-1]["code"]


def score(dataset):
    """``{"score", "rating", "earned", "max", "dimensions": {dim: {...}}}`` for a dataset.

    Each dimension lists ``earned``, ``max``, ``score`` (0-100 within the
    dimension) and ``indicators: {name: {"passed", "points"}}``.
    """
    cfg = loader.quality()
    dims = {}
    earned_total = max_total = 0
    for dim, spec in cfg["dimensions"].items():
        inds = {}
        earned = maximum = 0
        for name, ind in spec["indicators"].items():
            test = INDICATORS.get(name)
            if test is None:
                raise KeyError("quality.yaml names indicator %r, which quality.py does not implement" % name)
            passed = bool(test(dataset))
            points = int(ind["points"])
            maximum += points
            earned += points if passed else 0
            inds[name] = {"passed": passed, "points": points}
        dims[dim] = {"earned": earned, "max": maximum,
                     "score": round(100.0 * earned / maximum, 1) if maximum else 0.0,
                     "indicators": inds}
        earned_total += earned
        max_total += maximum
    total = round(100.0 * earned_total / max_total, 1) if max_total else 0.0
    return {"score": total, "rating": rating(total), "earned": earned_total,
            "max": max_total, "dimensions": dims}
