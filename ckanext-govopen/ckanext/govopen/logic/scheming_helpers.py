"""Template helpers that feed the standard's vocabularies to ckanext-scheming.

``govopen_choices`` is the ``choices_helper`` of every coded field in
``standards/schemas/*.yaml``: it reads the field's ``vocabulary`` key and
returns choices whose labels are language dicts, so scheming shows them in
the user's language. ``all_helpers()`` is what ``ITemplateHelpers`` returns.
"""
from ckanext.govopen.standard import loader


def govopen_choices(field):
    """Scheming choices ``[{"value", "label": {en, zh_Hans, zh_Hans_CN}}]`` for the field's vocabulary."""
    return loader.choices(field["vocabulary"])


def govopen_vocab_label(vocabulary, code, lang=None):
    """The label of a code in the current (or given) language, for display templates."""
    if lang is None:
        try:
            from ckan.plugins import toolkit as tk
            lang = tk.h.lang()
        except Exception:
            lang = "en"
    return loader.label(vocabulary, code, lang)


def govopen_field_label(field_name, lang=None, schema="dataset"):
    if lang is None:
        try:
            from ckan.plugins import toolkit as tk
            lang = tk.h.lang()
        except Exception:
            lang = "en"
    return loader.field_label(field_name, lang, schema)


def govopen_quality_view(pkg_dict, lang=None):
    """The quality score of a shown dataset, labelled for the dataset page.

    ``{"score", "rating", "rating_label", "dimensions": [{"label", "score", "missing": [label]}]}``
    or None when the dataset carries no score.
    """
    found = (pkg_dict or {}).get("quality")
    if not isinstance(found, dict) or pkg_dict.get("quality_score") is None:
        return None
    if lang is None:
        try:
            from ckan.plugins import toolkit as tk
            lang = tk.h.lang()
        except Exception:
            lang = "en"
    cfg = loader.quality()
    bands = {b["code"]: b for b in cfg["ratings"]}
    dims = []
    for code, spec in cfg["dimensions"].items():
        got = (found.get("dimensions") or {}).get(code) or {}
        missing = [loader.text(spec["indicators"][name]["label"], lang)
                   for name, ind in (got.get("indicators") or {}).items()
                   if not ind.get("passed") and name in spec["indicators"]]
        dims.append({"code": code, "label": loader.text(spec["label"], lang),
                     "score": got.get("score", 0), "missing": missing})
    band = bands.get(found.get("rating")) or {}
    return {"title": loader.text(cfg.get("label") or {"en": "Metadata quality"}, lang),
            "score": pkg_dict["quality_score"], "rating": found.get("rating"),
            "rating_label": loader.text(band, lang) if band else found.get("rating"),
            "dimensions": dims}


def govopen_text(message):
    """One side of a ``{"zh": ..., "en": ...}`` message: the reader's language."""
    from ckanext.govopen.facets import current_lang
    if not isinstance(message, dict):
        return message or ""
    return message.get(current_lang()) or message.get("en") or message.get("zh") or ""


def all_helpers():
    """name -> helper, for ``ITemplateHelpers.get_helpers``."""
    return {
        "govopen_choices": govopen_choices,
        "govopen_text": govopen_text,
        "govopen_vocab_label": govopen_vocab_label,
        "govopen_field_label": govopen_field_label,
        "govopen_quality_view": govopen_quality_view,
        "govopen_validation_report": _validation_report,
        "govopen_scan_view": _scan_view,
        "govopen_access_view": _access_view,
        "govopen_harvest_job_report": _harvest_job_report,
        **_participation_helpers(),
    }


def _validation_report(resource_id):
    from ckanext.govopen.validation.helpers import govopen_validation_report
    return govopen_validation_report(resource_id)


def _scan_view(resource_id):
    from ckanext.govopen.privacy.helpers import govopen_scan_view
    return govopen_scan_view(resource_id)


def _harvest_job_report(job_id):
    from ckanext.govopen.harvest.job_report import govopen_harvest_job_report
    return govopen_harvest_job_report(job_id)


def _access_view(pkg_dict):
    from ckanext.govopen.access.views import govopen_access_view
    return govopen_access_view(pkg_dict)


def _participation_helpers():
    from ckanext.govopen.participation.helpers import all_helpers as participation_helpers
    return participation_helpers()
