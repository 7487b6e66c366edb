"""The dataset page's badges: open type, security level, personal-information
scan, validation status and metadata quality, each with a short explanation.

Each badge is ``{"kind", "code", "title", "label", "explanation", "tone"}``:
``title`` names what the badge is about, ``label`` its value, ``explanation``
what that value means for the reader (shown on hover and on tap). Vocabulary
explanations come from the standard's YAML; the others are ``_()`` strings.
"""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.govopen.access import grants
from ckanext.govopen.common import current_lang, lang_key
from ckanext.govopen.dataset_page.quality import govopen_quality_view
from ckanext.govopen.privacy import status as privacy_status
from ckanext.govopen.standard import loader
from ckanext.govopen.verdict import read as verdict

TONES = {"unconditional": "success", "conditional": "warning", "none": "secondary",
         "general": "info", "important": "warning", "core": "danger",
         "clean": "success", "reviewed": "info", "found": "danger", "pending": "secondary",
         "failed": "danger", "no_files": "secondary",
         "valid": "success", "invalid": "danger", "error": "danger", "settings_invalid": "danger",
         "excellent": "success", "good": "success", "sufficient": "warning", "bad": "danger"}


def _vocabulary_badge(kind, vocabulary, code, lang) -> dict | None:
    entry = loader.entry(vocabulary, code)
    if entry is None:
        return None
    explanation = loader.text(entry.get("description") or {}, lang) or ""
    return {"kind": kind, "code": code, "title": loader.vocabulary_label(vocabulary, lang),
            "label": loader.label(vocabulary, code, lang), "explanation": explanation,
            "tone": TONES.get(code, "secondary")}


def _open_type_badge(pkg, lang) -> dict | None:
    """The open type the public really gets (the verdict); when the policy capped
    the declared one, the explanation says by which rule."""
    found = verdict.verdict(pkg)
    badge = _vocabulary_badge("open_type", "open_type", found["open_type"], lang)
    if badge is None or found["open_type"] == found.get("declared"):
        return badge
    key = lang_key(lang)
    reasons = [c["reason"].get(key) for c in found.get("caps") or []
               if c.get("cap") == found["open_type"] and c.get("reason")]
    declared = loader.label("open_type", found.get("declared"), lang)
    note = (f"申报为“{declared}”；分类分级策略：" if key == "zh" else f"Declared '{declared}'; policy: ")
    badge["explanation"] = " ".join(filter(None, [badge["explanation"], note + "；".join(reasons)]))
    return badge


def _scan_texts():
    return {
        "clean": (tk._("No personal information found"),
                  tk._("Every file was scanned for personal information (ID, phone and bank card "
                       "numbers, e-mail addresses ...) before publication; none was found.")),
        "reviewed": (tk._("Checked for personal information"),
                     tk._("The files were scanned for personal information before publication and "
                          "cleared for publication under this dataset's classification.")),
        "found": (tk._("Personal information found"),
                  tk._("The scan found personal information in at least one file; see each "
                       "file's scan result. Publication is blocked unless a reviewer approved it.")),
        "pending": (tk._("Scan pending"),
                    tk._("At least one file has not been scanned for personal information yet.")),
        "failed": (tk._("Scan failed"),
                   tk._("At least one file could not be scanned for personal information; "
                        "it cannot be published until it is.")),
        "no_files": (tk._("No files to scan"),
                     tk._("This dataset has no files that could be scanned for personal information.")),
    }


def scan_code(pkg, may_see_findings: bool) -> str:
    """One word for the dataset's scans, as the reader may know it: a reader
    without access to the files never learns whether anything was found."""
    # the stored dataset, file locations included: what was scanned is
    # recognised by them, and a restricted dataset is shown without them
    stored = tk.get_action("package_show")({"ignore_auth": True}, {"id": pkg["id"]})
    results = privacy_status.resources_with_results(stored)
    if not results:
        return "no_files"
    states = [(r or {}).get("status") for _, r in results]
    if any(s is None for s in states):
        return "pending"
    if "failed" in states:
        return "failed"
    if any(r.get("has_pii") for _, r in results):
        return "found" if may_see_findings else "reviewed"
    return "clean"


def _scan_badge(pkg, context) -> dict:
    code = scan_code(pkg, grants.may_decide(context, pkg))
    label, explanation = _scan_texts()[code]
    return {"kind": "scan", "code": code, "title": tk._("Personal information scan"),
            "label": label, "explanation": explanation, "tone": TONES[code]}


def dataset_validation_status(pkg) -> str:
    """The worst ``validation_status`` package_show gave the tables (``none``: no tables)."""
    states = [r.get("validation_status") for r in pkg.get("resources") or [] if r.get("validation_status")]
    if not states:
        return "none"
    for worst in ("invalid", "error", "settings_invalid", "pending"):
        if worst in states:
            return worst
    return "valid"


def _validation_badge(pkg) -> dict | None:
    code = dataset_validation_status(pkg)
    texts = {
        "valid": (tk._("Valid"), tk._("Every table passed Frictionless validation: the columns, "
                                      "types and values match its schema.")),
        "invalid": (tk._("Invalid"), tk._("At least one table has errors (wrong types, missing "
                                          "cells ...); see its validation report.")),
        "error": (tk._("Not validated"), tk._("At least one table could not be read for validation "
                                              "(too large, unreachable or not a table).")),
        "settings_invalid": (tk._("Settings invalid"), tk._("A table's schema or header settings "
                                                            "cannot be used; the department must fix them.")),
        "pending": (tk._("Validating"), tk._("At least one table is still waiting to be validated.")),
    }
    if code not in texts:      # "none": no tables, nothing to say
        return None
    label, explanation = texts[code]
    return {"kind": "validation", "code": code, "title": tk._("Data validation"), "label": label,
            "explanation": explanation, "tone": TONES.get(code, "secondary")}


def _quality_badge(pkg, lang) -> dict | None:
    q = govopen_quality_view(pkg, lang)
    if not q:
        return None
    missing = [m for d in q["dimensions"] for m in d["missing"]]
    explanation = tk._("Metadata quality score from 0 to 100: how completely and correctly the "
                       "dataset is described under the national metadata standard.")
    if missing:
        explanation += " " + tk._("Would raise it:") + " " + "; ".join(missing[:5])
    return {"kind": "quality", "code": q["rating"], "title": q["title"],
            "label": "%s / 100 · %s" % (q["score"], q["rating_label"]), "explanation": explanation,
            "tone": TONES.get(q["rating"], "secondary")}


def govopen_dataset_badges(pkg, context=None):
    """The badges of a shown dataset (a list; badges without a value are left out)."""
    if not pkg:
        return []
    lang = current_lang()
    if context is None:
        user = tk.current_user if tk.current_user and tk.current_user.is_authenticated else None
        context = {"user": user.name if user else "", "auth_user_obj": user}
    found = [_open_type_badge(pkg, lang),
             _vocabulary_badge("security_level", "security_level", pkg.get("security_level"), lang),
             _scan_badge(pkg, context),
             _validation_badge(pkg),
             _quality_badge(pkg, lang)]
    return [b for b in found if b]
