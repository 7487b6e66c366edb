"""A dataset's English title and description (the standard's ``title_en``
and ``notes_en``) for English readers, wherever CKAN's templates name a
dataset: its page, the breadcrumb, the sidebar, search results (before: the
Chinese title on English pages even where ``title_en`` exists). Chained onto
CKAN's ``dataset_display_name`` and ``get_translated``; a Chinese reader, and
a dataset without the English field, get CKAN's answer.
"""
from __future__ import annotations

from typing import Any, Callable

import ckan.plugins.toolkit as tk

from ckanext.govopen.common import current_lang

#: CKAN field -> the standard's English field
ENGLISH = {"title": "title_en", "notes": "notes_en"}


def english(data_dict: Any, field: str) -> str:
    """The English value of ``field`` for an English reader, else ``""``."""
    if not isinstance(data_dict, dict) or field not in ENGLISH or current_lang() != "en":
        return ""
    value = data_dict.get(ENGLISH[field])
    return value.strip() if isinstance(value, str) else ""


@tk.chained_helper
def get_translated(next_helper: Callable, data_dict: dict, field: str):
    return english(data_dict, field) or next_helper(data_dict, field)


@tk.chained_helper
def dataset_display_name(next_helper: Callable, package_or_package_dict):
    return english(package_or_package_dict, "title") or next_helper(package_or_package_dict)
