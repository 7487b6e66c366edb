"""Chinese full-text search in the Data API (``datastore_search``'s ``q``).

PostgreSQL's text search (CKAN's ``_full_text``, ``to_tsvector``) does not
segment Chinese: a run of Chinese characters is ONE lexeme, so ``q=朝阳``
never finds the cell ``朝阳区``. Here both sides are cut the same way, CKAN-free:

- a row's ``_full_text`` is written by the load (``stream``) as a tsvector of
  its cells' tokens: every Chinese character and every pair of neighbours
  (``朝阳区`` -> 朝 阳 区 朝阳 阳区), and latin words and numbers lowercased.
  CKAN's trigger keeps a ``_full_text`` given (it fills only an empty one);
- a text ``q`` is cut into the same tokens and asked as ``to_tsquery('simple',
  ...)`` with every token required (``朝阳`` -> 朝阳; ``朝阳区`` -> 朝阳 & 阳区);
  the last latin word also matches as a prefix (``sch`` finds ``school``).

A column ``q`` (``q={"区": "朝阳"}``): CKAN asks it as PostgreSQL text search on
the column, which finds only a whole cell in Chinese (and narrows by
``_full_text`` with the whole word, which finds nothing here). So the load also
writes every token of a cell tagged with its column (``column_tag``: ``k`` + 8 hex
of the column name's SHA-1 + ``x``, then the token: one lexeme for the parser)
and a column ``q`` is asked as a text ``q`` of tagged tokens: the rows whose
cell in that column holds every token of the words (as a text ``q`` does for
the whole row). Tables loaded before this have no tagged tokens: a reload
(``ckan govopen datastore reload``) adds them.

The DataTables grid replaces every non-ASCII character of its search box by
``_`` before it calls ``datastore_search``; ``remember_grid_search`` keeps the
box's text for the request and ``rewrite`` asks that instead.
"""
from __future__ import annotations

import hashlib
import re
from typing import Optional

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[{CJK}]+|[0-9a-z]+")
_CJK = re.compile(rf"[{CJK}]")
#: the grid's mangling of its search box (ckanext/datatablesview/blueprint.py)
_GRID = re.compile(r"[^0-9a-zA-Z\-]+")
GRID_KEY = "govopen_grid_search"


def _runs(text: str):
    return _TOKEN.findall((text or "").lower())


def tokens(text: str) -> list:
    """Index tokens of a cell: Chinese characters and their pairs, latin words, numbers."""
    out = []
    for run in _runs(text):
        if _CJK.match(run):
            out.extend(run)
            out.extend(run[i:i + 2] for i in range(len(run) - 1))
        else:
            out.append(run)
    return out


def column_tag(name: str) -> str:
    """The prefix of a column's tagged tokens (letters and digits: one lexeme with the token)."""
    return "k" + hashlib.sha1(str(name).encode("utf-8")).hexdigest()[:8] + "x"


def tsvector(values, names=None) -> Optional[str]:
    """The ``_full_text`` of a row (tsvector input syntax), or None for a row without text;
    with the columns' ``names``, each cell's tokens tagged with its column too.
    The untagged tokens are the same, in the same order, as ``tokens`` of each cell in
    turn, found in one pass over the row's cells joined by a newline (no token spans it):
    this runs for every row of every load, and was two thirds of the loader's Python
    time (bench/datastore)."""
    out = []
    for run in _TOKEN.findall("\n".join([v if isinstance(v, str) else str(v) for v in values if v]).lower()):
        if run[0] > "z":               # a run of Chinese characters (the pattern's other branch is [0-9a-z]+)
            out.extend(run)
            if len(run) > 1:
                out.extend(map(str.__add__, run[:-1], run[1:]))
        else:
            out.append(run)
    if names is not None:
        for name, v in zip(names, values):
            if v:
                tag = column_tag(name)
                out.extend(tag + t for t in tokens(str(v)))
    if not out:
        return None
    return "'" + "' '".join(dict.fromkeys(out)) + "'"


def row_lexemes(values, tags) -> Optional[str]:
    """The load's ``_full_text`` of a row: the lexemes of ``tsvector(values, names)``
    (``tags``: ``column_tag`` of each name, made once per load), unquoted and not
    deduplicated, as PostgreSQL's tsvector input takes them (it sorts the lexemes and
    keeps each once: the stored value is the same). Tokens are letters, digits and
    Chinese characters only, so no lexeme needs quoting. Python's share of a load is
    mostly this, per row: no per-token string work beyond the pairs (bench/datastore)."""
    parts = []
    for tag, v in zip(tags, values):
        if not v:
            continue
        toks = []
        for run in _TOKEN.findall(v.lower()):
            if run[0] > "z":           # a run of Chinese characters
                toks += run
                if len(run) > 1:
                    toks += map(str.__add__, run[:-1], run[1:])
            else:
                toks.append(run)
        if toks:
            parts.append(" ".join(toks))
            parts.append(tag + (" " + tag).join(toks))
    return " ".join(parts) or None


def tsquery(q: str, tag: str = "") -> Optional[str]:
    """A text ``q`` as a ``to_tsquery('simple', ...)`` of the same tokens (all required);
    ``tag``: the tokens of one column (``column_tag``)."""
    parts = _query_parts(q, tag)
    return " & ".join(dict.fromkeys(parts)) or None


def _query_parts(q: str, tag: str = "") -> list:
    parts = []
    runs = _runs(q)
    for i, run in enumerate(runs):
        if _CJK.match(run):
            parts.extend(run if len(run) == 1 else (run[j:j + 2] for j in range(len(run) - 1)))
        elif i == len(runs) - 1:
            parts.append(run + ":*")
        else:
            parts.append(run)
    # tokens are letters and digits only: no quoting needed (CKAN's dump refuses quotes in q)
    return [tag + p for p in parts]


def column_tsquery(q: dict) -> Optional[str]:
    """A column ``q`` (``{column: words}``, words text) as one ``to_tsquery`` of tagged tokens."""
    parts = [p for column, words in q.items() for p in _query_parts(words, column_tag(column))]
    return " & ".join(dict.fromkeys(parts)) or None


def rewrite(data_dict: dict, grid_text: Optional[str] = None) -> dict:
    """``datastore_search``'s parameters with a text ``q`` asked as ``tsquery`` does."""
    q = data_dict.get("q")
    if isinstance(q, dict) and q and all(isinstance(k, str) and isinstance(v, str) for k, v in q.items()):
        query = column_tsquery(q)
        return data_dict if query is None else dict(data_dict, q=query, plain=False, language="simple")
    if not isinstance(q, str) or not q.strip():
        return data_dict
    if grid_text and q == _GRID.sub("_", grid_text) + ":*":
        q = grid_text
    query = tsquery(q)
    if query is None:
        return data_dict
    return dict(data_dict, q=query, plain=False, language="simple")
