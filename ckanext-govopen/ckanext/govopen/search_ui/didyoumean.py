""""Did you mean": for a query that found nothing, a corrected query that finds something.

``govopen_did_you_mean(q)`` (template helper, called only when the page has no
results) corrects each typed word that on its own finds nothing:

* from public titles: an anonymous ``package_search`` on ``title_ngram:word~N``
  (one edit for a word of up to 3 characters, two beyond; the typo path of
  the search itself allows one edit and only from 3 Han characters, so the
  misses it leaves are the ones corrected here) returns titles; the piece of
  a title closest to the word (edit distance, then how many titles hold it)
  replaces it;
* for a Latin word also from the English words of the bilingual glossary
  (``config/search/glossary_en_zh.txt``), which reach Chinese-only titles.

The corrected query is offered only when it finds something, asked again as
an ANONYMOUS visitor through CKAN's ``package_search`` (the same hooks as the
page). All searches are anonymous whoever is logged in, so a correction is
made of words of public titles only: a private or hidden dataset's title never
shows through it.
"""
from __future__ import annotations

import re

import ckan.plugins.toolkit as tk
from ckan.lib.search.common import SearchError

from ckanext.govopen import search_text

MAX_QUERY = 50
MAX_WORDS = 4
#: titles looked at for each word
TITLES = 10
_WORD = re.compile(r"^[\w\u3400-\u9fff\uf900-\ufaff\-]+$")
_LATIN = re.compile(r"^[A-Za-z]+$")


def anonymous() -> dict:
    return {"user": "", "ignore_auth": False}


def distance(a: str, b: str) -> int:
    """Levenshtein distance (insert, delete, substitute one character)."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def allowed(word: str) -> int:
    """How many edits a correction of ``word`` may make (0: too short to correct)."""
    if len(word) < 2 or (_LATIN.match(word) and len(word) < 3):
        return 0
    return 1 if len(word) <= (4 if _LATIN.match(word) else 3) else 2


def count(q: str) -> int:
    try:
        found = tk.get_action("package_search")(anonymous(), {
            "q": q, "rows": 0, "include_private": False, "include_drafts": False})
    except (SearchError, tk.ValidationError):
        return 0
    return int(found.get("count") or 0)


def titles(word: str, edits: int) -> list:
    try:
        found = tk.get_action("package_search")(anonymous(), {
            "q": "title_ngram:%s~%d" % (word.lower(), edits), "rows": TITLES, "fl": "title",
            "include_private": False, "include_drafts": False})
    except (SearchError, tk.ValidationError):
        return []
    return [d.get("title") or "" for d in found.get("results") or [] if isinstance(d, dict)]


def closest(word: str, texts: list, edits: int) -> str | None:
    """The piece of ``texts`` (words for Latin, character runs otherwise) nearest ``word``."""
    word_l = word.lower()
    seen = {}
    for text in texts:
        text = (text or "").lower()
        if _LATIN.match(word):
            pieces = set(re.findall(r"[a-z]+", text))
        else:
            pieces = {text[i:i + n] for n in range(max(2, len(word) - edits), len(word) + edits + 1)
                      for i in range(len(text) - n + 1)}
        for piece in pieces:
            if abs(len(piece) - len(word_l)) > edits:
                continue
            d = distance(word_l, piece)
            if 0 < d <= edits:
                best = seen.get(piece)
                seen[piece] = (d, (best[1] if best else 0) - 1, best[2] if best else len(seen))
    if not seen:
        return None
    return min(seen, key=lambda p: seen[p])


def correct(word: str) -> str | None:
    edits = allowed(word)
    if not edits:
        return None
    texts = titles(word, edits)
    if _LATIN.match(word):
        keys = list(search_text.glossary())
        texts = texts + keys + [k + "s" for k in keys]          # the glossary reads plurals too
    return closest(word, texts, edits)


def govopen_did_you_mean(q) -> str | None:
    """A corrected ``q`` that finds something for anyone, or None."""
    if not isinstance(q, str):
        return None
    words = q[:MAX_QUERY].split()
    if not words or len(words) > MAX_WORDS or not all(_WORD.match(w) for w in words):
        return None
    changed = list(words)
    for i, word in enumerate(words):
        if len(words) > 1 and count(word):
            continue
        better = correct(word)
        if better:
            changed[i] = better
    if changed == words:
        return None
    fixed = " ".join(changed)
    return fixed if count(fixed) else None
