"""The metadata quality score of a shown dataset, labelled for the dataset page
(the template helper ``govopen_quality_view`` and the quality badge)."""
from ckanext.govopen.common import current_lang
from ckanext.govopen.standard import loader


def govopen_quality_view(pkg_dict, lang=None):
    """The quality score of a shown dataset, labelled for the dataset page.

    ``{"score", "rating", "rating_label", "dimensions": [{"label", "score", "missing": [label]}]}``
    or None when the dataset carries no score.
    """
    found = (pkg_dict or {}).get("quality")
    if not isinstance(found, dict) or pkg_dict.get("quality_score") is None:
        return None
    if lang is None:
        lang = current_lang()
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
