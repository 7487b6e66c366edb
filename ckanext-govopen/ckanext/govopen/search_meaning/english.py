"""A title's English, for the English model (``knn.FIELD_EN``): each Chinese word
of the title, longest first from its start, as its first English sense in
``config/search/gloss_zh_en_*.txt`` (the dictionary the title_gloss field is
made of); Latin letters and digits as they are; a character no word of the
gloss begins is left out. 外商直接投资企业名录 reads "foreign businessman direct
investment enterprise directory", which an English query (FDI, foreign
investment) is near in meaning, though no dictionary pairs the query's words
with the title's.

The English model reads English only (bge-small-en-v1.5); the Chinese model
(bge-small-zh-v1.5) reads the title itself. Pure: no CKAN (the index hook and
bench/search/recall.py call it)."""
from __future__ import annotations

import re
from pathlib import Path

from ckanext.govopen import search_text
from ckanext.govopen.search_meaning import encoder

#: what bge-small-en-v1.5's model card puts before a short query (encoder.py)
QUERY_PREFIX = encoder.QUERY_PREFIX_EN
#: the longest Chinese word of the gloss looked for at one place
LONGEST = 8
_LATIN_OR_DIGIT = re.compile(r"[A-Za-z0-9]+")
_WORD = re.compile(r"^[A-Za-z]+(?:['\-][A-Za-z]+)*$")


@search_text.from_files(*search_text.GLOSS_FILES, maxsize=2)
def first_senses(folder: Path = search_text.SEARCH_DIR) -> dict:
    """{Chinese word: its first English sense} of the gloss lists."""
    return {zh: english[0] for zh, english in search_text.senses(folder).items() if english}


def title_english(title: str, folder: Path = search_text.SEARCH_DIR) -> str:
    """``title`` as English words (see the module's docstring); "" when none."""
    table, out, i = first_senses(folder), [], 0
    title = title or ""
    while i < len(title):
        latin = _LATIN_OR_DIGIT.match(title, i)
        if latin:
            out.append(latin.group())
            i = latin.end()
            continue
        for n in range(min(LONGEST, len(title) - i), 0, -1):
            sense = table.get(title[i:i + n])
            if sense:
                out.append(sense)
                break
        else:
            n = 1
        i += n
    return " ".join(out)


def english_query(q: str) -> str:
    """What the English model reads for a query: a query of English words (each
    Latin letters, with an inner hyphen or apostrophe: bus routes, FDI, day-care)
    with the model's query prefix; "" for any other: one with a Han character is
    the Chinese model's, and a code, file name or number (fu7q.csv, 5G, 2020) is
    no prose the model could read the meaning of (it would only be near
    something: csv is near every table)."""
    words = (q or "").split()
    if not words or not all(_WORD.match(w) for w in words):
        return ""
    return QUERY_PREFIX + " ".join(words)
