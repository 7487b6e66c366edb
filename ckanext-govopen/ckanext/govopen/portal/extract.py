"""Descriptions shortened for lists and meta tags, also in Chinese.

CKAN's ``markdown_extract`` shortens with ``textwrap.shorten``, which cuts at
spaces: a Chinese description has none, so one longer than the limit (190
characters; 180 in search results) became ``...`` alone: on the resource page
("数据集说明: ..."), in department and search lists, in the page's
``<meta name="description">``. Chained onto CKAN's helper: when its answer lost
the text, the plain text is cut at the limit instead, after the last sentence
or clause mark (。！？；，、 or a space) in the last fifth, else at the limit.
"""
from __future__ import annotations

from typing import Callable

import ckan.plugins.toolkit as tk

#: where a cut reads well: the end of a sentence or a clause, or a space
BREAKS = "。！？；，、,.;!? \n"
ELLIPSIS = "…"


def shorten(plain: str, limit: int) -> str:
    """``plain`` cut to at most ``limit`` characters (with the ellipsis)."""
    if len(plain) <= limit:
        return plain
    cut = plain[:max(limit - 1, 1)]
    at = max(cut.rfind(b) for b in BREAKS)
    if at >= len(cut) * 4 // 5:
        cut = cut[:at + 1]
    return cut.rstrip() + ELLIPSIS


@tk.chained_helper
def markdown_extract(next_helper: Callable, text: str, extract_length: int = 190):
    short = next_helper(text, extract_length=extract_length)
    if not extract_length or not text:
        return short
    kept = str(short).removesuffix("...").strip()
    plain = str(next_helper(text, extract_length=0))
    # CKAN's answer kept at least half of what fits: a cut at a space, as it means
    if len(kept) >= min(len(plain), extract_length) // 2:
        return short
    return shorten(plain.strip(), extract_length)
