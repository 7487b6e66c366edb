"""A free-text query as people type it, rewritten for Solr's edismax.

Pure (no CKAN import): ``bench/search/recall.py`` calls it as the plugin does.
The lists are data in ``config/search/`` (README there), re-read when a file
changes, so an edit applies to the next search without reload or reindex.

1. A question is read as one: question words (``question_zh.txt``, and a
   yes-no question's word-不-word: 是不是, 脏不脏) and particles
   (``particles_zh.txt``; not one inside a known word: 网吧) are cut out, and then the words that only
   frame a question (``framing_zh.txt``: 数据, 信息) while another is left,
   also when typed onto a word's end (``我想查医院信息`` searches ``医院``):
   ``有没有公交线路的数据`` searches ``公交线路``.
2. Stop words typed as a word of their own go (``stopwords_zh.txt``, and
   ``stopwords_en.txt``: English words that name no data, the, of, where,
   data; whole words, while another word is left).
3. English words and phrases from the bilingual glossary
   (``glossary_en_zh.txt``) become alternatives: ``bus routes`` searches
   ``("bus routes" OR 公交线路 OR ...)``; a word the glossary holds in no form
   takes the dictionary's Chinese (``dictionary_en_zh_*.txt``, ECDICT:
   mortgage 抵押; ``english_table``), and a word neither holds the Chinese
   words the gloss gives it as a sense (``meant_by``: hydrology 水文). Done here and not with a Solr
   synonym filter because multi-word synonyms need ``sow=false``, which would
   undo the schema's one-word-one-phrase rule for Chinese.
4. Typo tolerance: a word of 3+ Han characters or 5+ Latin letters also
   matches the titles within one edit of it (``near_misses``, against the
   titles' n-grams: the word less a character, and the word with a wildcard for
   a character changed or put in after its first), each at a constant score
   (NEAR_SHORTER, NEAR_CHANGED), so an exact match always scores above a near miss.
5. Homophone typos (a pinyin input method's commonest slip): a word of two Han
   characters that is not a word of the site's vocabulary (the Chinese of
   the glossary and of ``synonyms.txt``) also matches, at the same boost, the
   vocabulary's words that sound the same with one character changed
   (``pinyin_zh.txt``): ``医元`` searches ``(医元 OR 医院^0.1)``; one that no
   vocabulary word sounds like and that is no dictionary word takes the one
   dictionary word that sounds like it, if only one does (印耍: 印刷). Edit
   distance is no use here: one edit of two characters is half the word.
   A word of three or four characters, not a known word (the dictionary
   too), also searches the titles for the known words one sound away
   (文化管 is no word; 公证出: title:公证处^0.1).
6. Abbreviations: a word listed in ``abbreviations_zh.txt`` (generated from
   the titles and CC-CEDICT: 义教 for 义务教育) also matches its full words, and
   a word of 3+ Han characters ending in a place suffix (婚姻登记处, 献血点)
   also matches itself without it, both at boost 0.2 (the word as typed ranks
   first; 0.5 let 质量监督 crowd out 质监's own titles).
7. In a question, a lone Han character (看, 想) goes, also typed onto the start
   of a word (看美术馆), as does a verb, measure word or demonstrative left by
   cutting a word (``QUESTION_CHARS``: 找个安静的地方: 安静), and a word of 4+ characters wholly made of listed
   words (the Chinese of the glossary, abbreviations and synonyms) and not
   itself listed is cut into them (学校招生计划: 学校 招生计划; 粮食价格: 粮食
   价格). A question's clauses are joined by OR and sent with ``QUESTION_MM``:
   both of two, all but one of three to five must match (a question's words
   are not all the data's; a short page is filled with titles any one word
   matches, 11.). An English query of ENGLISH_QUESTION_WORDS+ words that begins
   with a word of ``question_en.txt`` (how do I renew my residence permit) is read
   as a question too, once its stop words are out.
8. An English word of 5+ letters that is no glossary key in any form but
   begins one (telecom: telecommunications) takes that key's words.
9. The titles' own English (``title_gloss``, filled by Solr at index time from
   ``gloss_zh_en_*.txt``, the dictionary): a Chinese word also searches its
   first senses there at GLOSS_BOOST (老师 finds 教师: both teacher); a word
   typed in capitals (FTZ, SMEs) the dictionary's compounds whose sense it
   spells; a British word its American spelling (labour: labor); two English
   words that leave one after the stop words are also searched as typed when
   the dropped one names something (big data). A question's long word is cut
   into the dictionary's words from either end (宠物生病: 宠物 生病); a character
   left over that rarely ends or begins a word is no part of one (身份证丢了: 身份证).

10. By meaning: when the caller hands ``rewrite_params`` a ``nearest``
   function (the plugin: ``search_meaning.similar.nearest``, a sentence model
   and Solr's nearest-vector search), the datasets it finds for the query
   (``meaning_text``: an English query as the Chinese its words were
   translated to, none without) are ORed with the words' query, each id at a
   constant score of ``MEANING_SCORE`` times its cosine, so they rank after
   every dataset the words match (老人托管 finds 养老机构名录; 河里的水干净吗
   河道水质监测数据). An English query is also handed as typed, for an
   English model that reads the titles' English (FDI: 外商直接投资). A
   question's clauses, under its own ``mm``, each take them as one more
   alternative (only the top level has a ``mm``).
11. A question's page filled: when the caller hands ``rewrite_params`` a
   ``relaxed`` function (the plugin: ``search_ui.fill.relaxed``, a second Solr
   request under the same filters as the meaning's), the FILL datasets that
   any one of the question's words matches, best first, are one more
   alternative of each clause at a constant score under the meaning's
   (``fill_clause``): they only fill a page the question's own ``mm`` and its
   meaning leave short (清明节想去给烈士扫墓: 烈士), never reorder it. A run of
   SENTENCE_RUN+ Han characters that is no known word is a question typed
   without a question word (家里老人腿脚不好想借个轮椅), cut like one (7.).
12. The word as typed first: a Chinese word typed as a word (not cut from a
   question) also scores LITERAL_BOOST where a title holds it as typed
   (``_literal``, against the titles' n-grams), so 养老院's own titles rank
   above those its synonyms find (养老服务机构's phrase outscores it).
13. The catalog's own shortenings: a Chinese word of 2-4 characters typed as a
   word also scores SHORTENING_SCORE where it is the first characters of a run of
   a title's words (``_shortening``; ``title_abbr``, made by Solr at index time:
   留服 finds 留学服务中心, 保教费 保育教育费), for the shortenings no list holds.
14. How it sounds: a Chinese word typed as a word (3+ characters, or two that are
   no known word) also scores SOUND_SCORE where a title holds what is read the
   same in toneless pinyin (``_sounds_like``; ``title_pinyin``, made by Solr at
   index time with ICU's Han-Latin): 卫生员 finds 卫生院, 排扣 排口, the titles' own
   words, whatever list holds them or not (5. reaches only the lists' words).
15. Which licence: a query that asks which licence, permit or procedure
   (``licence_question_zh.txt``: 要办什么证, 需要什么手续, 要不要办营业执照) searches,
   for each of its words that is or ends with a word of ``licences_zh.txt``
   (小饭店, 开宾馆), that word's licences too (食品经营许可, 公共场所卫生许可):
   ``licence_terms``; the piece right before the business's in a word the
   reading cuts keeps them (牙科诊所: 牙科 and 诊所 both search 医疗机构执业许可).
   Only then: 饭店 alone is as often a hotel.
16. Either of two: words joined by a slash (医保/社保, HIV/AIDS, 公交/地铁; a
   full-width ／ and spaces around it too) are one clause that either word's own
   rewriting fulfils (``_either``). A slash at a word's end or start (Lucene's
   /regular expression/), or one between words with no letter or Han character
   (2020/2021), leaves the query as typed.
17. What it costs: a question that asks a price (``price_question_zh.txt``: 多少钱,
   什么价, 怎么收费) searches, for each of its words that is or ends with a word of
   ``prices_zh.txt`` (一度电, 自来水, 房子), that word's prices (电价, 水价, 房价) as an
   alternative of each of its clauses (a title of the price answers the question
   whatever other word it lacks): ``price_terms``; read before a long word is cut
   (一度电's 电 is a single character after it) and after (粮食价格: 粮食). Only
   then: 电 alone is no price.
18. Phrases a question's reading cuts apart: a query holding a phrase of
   ``phrases_zh.txt`` (去哪里玩, 用多少电, 换尿布; simplified, as typed, anywhere,
   the longest first and none inside another) searches its terms too (景区,
   用电量, 母婴室), as an alternative of each clause, as 17. does: the reading
   drops 去哪里 and 多少 as question words and 玩, 用, 电 as single characters, so
   no list of words could reach them: ``phrase_terms``.
19. English licences and prices: an English query holding a word of
   ``licence_question_en.txt`` (licence, permit) reads the Chinese of its words
   (dental clinic: 牙科诊所) against ``licences_zh.txt`` as 15. reads a Chinese
   word, and the licences found also answer the licence word's clause (pharmacy
   licence: 药品经营许可); asked as a question, the words of starting one's own
   business go (``STARTING_EN``: open, own). An English question holding a word of
   ``price_question_en.txt`` (how much, cost) reads them against ``prices_zh.txt``
   as 17. does (tap water: 自来水: 水价). A phrase made only of stop words (how much)
   is no name to keep (2.).

Each word stays one clause; CKAN's ``mm`` (all of two, all but one of three
to five, 80 % beyond) decides how many must match, a question's own (7.). A query with field syntax,
quotes or Lucene operators is left as CKAN would send it.
"""
from __future__ import annotations

import array
import bisect
import functools
import itertools
import re
from collections.abc import Mapping
from pathlib import Path

SEARCH_DIR = Path(__file__).resolve().parents[3] / "config" / "search"
#: Only these make a "plain" word we may rewrite: letters, digits, Han, . and -, and &
#: between two letters (R&D, M&A; && is an operator)
_PLAIN = re.compile(r"^(?:[\w\u3400-\u9fff\uf900-\ufaff.\-]|(?<=[A-Za-z])&(?=[A-Za-z]))+$")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"^[A-Za-z]+$")
#: a word the glossary may hold: letters, or letters with digits (pm2.5, covid-19, 5g)
_GLOSSED = re.compile(r"^(?=.*[A-Za-z])[A-Za-z0-9](?:[A-Za-z0-9.\-]|(?<=[A-Za-z])&(?=[A-Za-z]))*$")
_OPERATORS = {"AND", "OR", "NOT", "TO"}
#: what the query syntax reads in a term (escaped in the near misses' terms)
_SYNTAX = re.compile(r'([+\-&|!(){}\[\]^"~*?:\\/.])')
TYPO_FIELD = "title_ngram"
TYPO_BOOST = "0.1"
MAX_GLOSSARY_TERMS = 4
#: the dictionary's words (CC-CEDICT and the standard's vocabularies), kept for the
#: index-side title_gloss field (scripts/build_gloss.py) and read here as a word list
GLOSS_FILES = tuple("gloss_zh_en_%d.txt" % n for n in (1, 2, 3, 4))
#: the glossary's words after its first (the one in most real titles) weigh this
#: much: school is 学校 (94 titles) before 学院; the two words' own compounds
#: (公交路线) and the other way round (供水) weigh fully
LATER_TERM_BOOST = "0.5"


def from_files(*names: str, maxsize: int = 4):
    """``fn(folder)`` computed once per version of ``folder/<names>`` (their
    modification times; a missing file is a version too): the lists in
    config/search/ are edited by hand and read again without a restart, but
    parsed once per version (4,000 glossary lines took 50 ms a search)."""
    def wrap(build):
        @functools.lru_cache(maxsize=maxsize)
        def built(folder: str, versions: tuple):
            return build(Path(folder))

        @functools.wraps(build)
        def get(folder: Path = SEARCH_DIR):
            versions = []
            for name in names:
                try:
                    versions.append((folder / name).stat().st_mtime)
                except OSError:
                    versions.append(None)
            return built(str(folder), tuple(versions))
        return get
    return wrap


def _lines(path: Path) -> tuple:
    try:
        with open(path, encoding="utf-8") as f:
            return tuple(item for item in (line.split("#", 1)[0].strip() for line in f) if item)
    except OSError:
        return ()


_LISTS: dict = {}


def read_list(name: str, folder: Path = SEARCH_DIR) -> tuple:
    """Entries of ``folder/name`` ('#' comments), re-read when it changes; () if missing."""
    if name not in _LISTS:
        _LISTS[name] = from_files(name, maxsize=16)(lambda f, name=name: _lines(f / name))
    return _LISTS[name](folder)


def _glossary_lines(lines: tuple) -> dict:
    out = {}
    for line in lines:
        left, sep, right = line.partition("=>")
        if not sep:
            continue
        terms = tuple(t.strip() for t in right.split(",") if t.strip())
        for key in left.split(","):
            key = " ".join(key.lower().split())
            if key and terms:
                out[key] = terms
    # the dictionary's "a loan", "a job": also under the bare word, where that has none
    for key in [k for k in out if k.startswith(("a ", "an "))]:
        out.setdefault(key.split(" ", 1)[1], out[key])
    return out


@from_files("glossary_en_zh.txt")
def glossary(folder: Path = SEARCH_DIR) -> dict:
    """``glossary_en_zh.txt``: ``english words => 中文, 中文`` per line -> {english: (中文, ...)}
    (parsed once per version of the file: 4,000 lines took 50 ms a search; do not change it)."""
    out = _glossary_lines(read_list("glossary_en_zh.txt", folder))
    # a key in British spelling (the standard's neighbourhood committee: 居委会) also
    # under the American one: a query's words are folded to American, not the other way
    for key in list(out):
        american = " ".join((_american(w) or [w])[0] for w in key.split())
        if american != key:
            out.setdefault(american, out[key])
    return out


#: ECDICT's English -> Chinese for what the glossary has no line for (scripts/build_dictionary.py)
DICTIONARY_FILES = tuple("dictionary_en_zh_%d.txt" % n for n in range(1, 7))


@from_files("glossary_en_zh.txt", *DICTIONARY_FILES)
def english_table(folder: Path = SEARCH_DIR) -> Mapping:
    """What an English query word or phrase searches in Chinese: the glossary, then
    for a key it lacks the dictionary (mortgage: 抵押, wastewater: 废水, which no
    CC-CEDICT definition spells). Only the query's English reads it: the Chinese
    vocabulary of typos and abbreviations stays the glossary's."""
    return _Table(glossary(folder), _Dictionary(folder))


class _Secondary(tuple):
    """The dictionary's Chinese of a key (english_table): ``_entry`` takes it only
    when no form of the word is the glossary's."""


class _Dictionary(Mapping):
    """``dictionary_en_zh_*.txt`` (~190,000 keys) as one text of sorted
    ``key<TAB>terms`` lines and the offsets of their starts: a key is found by
    bisection: 6.1 MB of text and offsets; a process grows ~15 MB building it, ~42
    MB as a dict of tuples (bench/search/dictionary_memory.py)."""

    def __init__(self, folder: Path):
        entries = {}
        for name in DICTIONARY_FILES:     # generated lines: "key => 中文, 中文"
            entries.update(line.split(" => ", 1) for line in _lines(folder / name) if " => " in line)
        for key in [k for k in entries if k.startswith(("a ", "an "))]:
            entries.setdefault(key.split(" ", 1)[1], entries[key])     # as _glossary_lines
        lines = ["%s\t%s" % item for item in sorted(entries.items())]
        self._text = "\n".join(lines) + "\n"
        self._starts = array.array("I", itertools.accumulate((len(line) + 1 for line in lines[:-1]), initial=0)
                                   if lines else ())

    def _key(self, n: int) -> str:
        start = self._starts[n]
        return self._text[start:self._text.index("\t", start)]

    def __getitem__(self, key: str) -> _Secondary:
        n = bisect.bisect_left(range(len(self._starts)), key, key=self._key)
        if n == len(self._starts) or self._key(n) != key:
            raise KeyError(key)
        start = self._starts[n] + len(key) + 1
        return _Secondary(self._text[start:self._text.index("\n", start)].split(", "))

    def __iter__(self):
        return (self._key(n) for n in range(len(self._starts)))

    def __len__(self) -> int:
        return len(self._starts)


class _Table(Mapping):
    """The glossary's keys, then the dictionary's (as ``_Secondary``)."""

    def __init__(self, first: dict, then: Mapping):
        self._first, self._then = first, then

    def __getitem__(self, key: str):
        found = self._first.get(key)
        return found if found is not None else self._then[key]

    def __contains__(self, key) -> bool:
        return key in self._first or key in self._then

    def __iter__(self):
        yield from self._first
        yield from (key for key in self._then if key not in self._first)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def _entry(words: list, table: dict):
    """The key of the typed ``words`` in ``table``: the first of their forms
    (``_forms``) the glossary holds, else the first the dictionary holds (not for
    words typed in capitals, ``_capitals``), else None: drugs is the glossary's
    drug (药品) before the dictionary's drugs (毒品), routes its route before the
    dictionary's rout."""
    forms = [f for f in _forms(" ".join(w.lower() for w in words)) if f in table]
    first = next((f for f in forms if not isinstance(table[f], _Secondary)), None)
    return first or (forms[0] if forms and not _capitals(words) else None)


def _capitals(words) -> bool:
    """A word typed in capitals is an acronym (VAT, ETC, HIV): the dictionary's
    keys are lower case words (vat: a tub), so only the glossary and ``_acronym``
    read it."""
    return any(w[:2].isupper() for w in words)


@from_files("glossary_en_zh.txt")
def longer_keys(folder: Path = SEARCH_DIR) -> dict:
    """{two-word phrase: the terms of the first longer key of the glossary it begins}
    (intellectual property: "intellectual property rights", 知识产权)."""
    out: dict = {}
    for key, terms in sorted(glossary(folder).items(), key=lambda kv: (len(kv[0]), kv[0])):
        words = key.split()
        if len(words) == 3:
            out.setdefault(" ".join(words[:2]), terms)
    return out


#: Chinese's yes-no question, a verb or adjective, 不 or 没, the same again (是不是,
#: 脏不脏, 多不多, 有没有): a question word wherever it is typed
_A_NOT_A = re.compile(r"([\u4e00-\u9fff])[不没]\1")


#: particles that end nouns (网吧, 酒吧, 书吧; 毛呢)
_NOUN_ENDS = frozenset("吧呢")


def strip_question(q: str, folder: Path = SEARCH_DIR) -> tuple:
    """(q without question words and particles, whether it had a question word).

    Every character inside any listed phrase found in ``q`` goes, so two phrases
    that overlap both go (我想查一查二手车: 我想查 and 查一查 leave 二手车; removing
    one and then looking for the other left 一查二手车)."""
    cut = [False] * len(q)
    for phrase in read_list("question_zh.txt", folder):
        start = q.find(phrase)
        while start >= 0:
            cut[start:start + len(phrase)] = [True] * len(phrase)
            start = q.find(phrase, start + 1)
    for m in _A_NOT_A.finditer(q):
        cut[m.start():m.end()] = [True] * (m.end() - m.start())
    asked = any(cut)
    q = "".join(" " if gone else c for c, gone in zip(q, cut))
    particles = read_list("particles_zh.txt", folder)
    for particle in (p for p in particles if len(p) > 1):
        q = q.replace(particle, " ")
    if not any(c in particles for c in q):
        return q, asked               # most queries: the vocabulary is not consulted
    known = segment_words(folder)
    # a particle inside a word stays (网吧, 酒吧, 的士, 了解): the two characters it makes
    # with the one after, or for one that ends nouns (_NOUN_ENDS) with the one before,
    # are a known word; the words others end are a question's own (路坏了: the
    # dictionary's 坏了, "oh no"; 为了, 干吗; 我家的猫: 家的, wife)
    q = "".join(" " if c in particles and (c not in _NOUN_ENDS or q[max(i - 1, 0):i + 1] not in known)
                and q[i:i + 2] not in known else c for i, c in enumerate(q))
    return q, asked


def _forms(key: str) -> tuple:
    """``key`` and its singular / base forms the glossary may hold (routes,
    subsidies, sorting, environmental: environment, agricultural: agriculture)."""
    forms = [key]
    if key.endswith("ies") and len(key) > 4:
        forms.append(key[:-3] + "y")
    if key.endswith("s"):                               # retirees: retiree before retire
        forms.append(key[:-1])
    if key.endswith("es"):
        forms.append(key[:-2])
    if key.endswith("ing") and len(key) > 5:
        forms += [key[:-3], key[:-3] + "e"]
    if key.endswith("al") and len(key) > 7:
        forms += [key[:-2], key[:-2] + "e"]
    if key.endswith("ment") and len(key) > 8:          # procurement: procure
        forms.append(key[:-4])
    if key.endswith("ation") and len(key) > 8:         # vaccination: vaccinate
        forms += [key[:-5] + "ate", key[:-5] + "e"]
    for end, base in NOUN_ENDINGS:                       # registration: register
        if key.endswith(end) and len(key) - len(end) >= 3 and " " not in key:
            forms.append(key[:-len(end)] + base)
    for word in list(forms):                             # licence: license, centre: center
        for uk, us in UK_US:
            if word.endswith(uk) and len(word) - len(uk) >= 2:
                forms.append(word[:-len(uk)] + us)
        american = _UK_OUR.sub(r"\1or", word)           # neighbourhood: neighborhood
        if american != word:
            forms.append(american)
    return tuple(dict.fromkeys(forms))


#: a noun's ending -> its verb's, which the dictionary gives as "to consume"
#: (consumption: consume, production: produce, registration: register)
NOUN_ENDINGS = (("mption", "me"), ("uction", "uce"), ("ution", "ute"), ("ction", "ct"),
                ("ration", "er"), ("sion", "de"), ("sion", "se"))
#: British spellings the dictionary writes the American way
UK_US = (("ence", "ense"), ("tre", "ter"), ("our", "or"), ("ise", "ize"), ("yse", "yze"),
         ("isation", "ization"), ("ogue", "og"))
_UK_OUR = re.compile(r"([bvlm])our")


def _alternatives(typed: str, terms) -> list:
    """``typed`` and its glossary or dictionary ``terms``: the first at full weight,
    the others at LATER_TERM_BOOST."""
    terms = [t for t in terms if _PLAIN.match(t)]
    return [typed] + terms[:1] + ["%s^%s" % (t, LATER_TERM_BOOST) for t in terms[1:]]


def _word_clause(word: str, table: Mapping, meant: dict) -> str:
    """One English word's own clause (its glossary or dictionary terms), as a phrase's
    words read one by one."""
    n, terms, _ = _lookup([word], 0, table, None, meant)
    alts = _alternatives(word, terms if n else ())
    return "(%s)" % " OR ".join(alts) if len(alts) > 1 else word


def _lookup(words: list, i: int, table: dict, longer: dict = None, meant: dict = None) -> tuple:
    """Longest glossary phrase (up to 3 words) starting at words[i]: (length, its
    terms, the terms made of its two words: the other way round and compounds).

    Two English words that make no glossary phrase but each have a Chinese
    word also reach the Chinese compound of the two (``bus routes``: 公交路线;
    Chinese glues words without a space), as one clause with both words."""
    for n in (3, 2, 1):
        chunk = words[i:i + n]
        if len(chunk) < n or not all((_LATIN if n > 1 else _GLOSSED).match(w) for w in chunk):
            continue
        key = " ".join(w.lower() for w in chunk)
        candidate = _entry(chunk, table)
        if candidate:
            own = table[candidate]
            terms = own[:MAX_GLOSSARY_TERMS]
            if n != 2:
                return n, terms, ()
            # the two words the other way round are another thing where the glossary
            # has a line for these two (home care: 居家养老; care home: 养老院): below it
            turned = _reversed(chunk, table)
            if not isinstance(own, _Secondary):
                turned = tuple(_Compound(t) for t in turned)
            return n, terms, turned + _compounds(chunk, table)
        if n == 2 and longer:           # the start of a longer key (intellectual property rights)
            for candidate in _forms(key):
                if candidate in longer:
                    return n, longer[candidate][:MAX_GLOSSARY_TERMS], ()
        if n == 1 and len(key) >= MIN_CLIPPED:
            full = clipped(key, table)
            if full and not (_capitals(chunk) and isinstance(table[full], _Secondary)):
                return 1, table[full][:MAX_GLOSSARY_TERMS], ()
        if n == 1 and meant is not None and not _capitals(chunk):
            # a word no glossary or dictionary key holds: the Chinese words whose
            # sense it is (a phrase goes word by word: retail sales is not 门市)
            found = next((meant[f] for f in _forms(key) if f in meant), ())
            if found:
                return 1, found, ()
    return 0, (), ()


#: a word typed short (telecom, admin, pharma) is at least this long
MIN_CLIPPED = 5


def clipped(word: str, table: dict) -> str | None:
    """The shortest one-word glossary key that ``word``, itself no key, begins
    (telecom: telecommunications, admin: administration): people type a long
    word clipped. None when there is none."""
    keys = _one_word_keys(table)
    i = bisect.bisect_left(keys, word)
    found = []
    while i < len(keys) and keys[i].startswith(word):
        found.append(keys[i])
        i += 1
    found = [k for k in found if k != word]
    return min(found, key=lambda k: (len(k), k)) if found else None


_SORTED: dict = {}


def _one_word_keys(table: dict) -> list:
    """The one-word keys of ``table``, sorted (kept per table: the glossary is
    parsed once per version of its file)."""
    kept = _SORTED.get(id(table))
    if kept is None or kept[0] is not table:
        if len(_SORTED) > 8:
            _SORTED.clear()
        kept = _SORTED[id(table)] = (table, sorted(k for k in table if " " not in k))
    return kept[1]


def _reversed(pair: list, table: dict) -> tuple:
    """The Chinese of the two words the other way round (water supply: the
    dictionary's ``supply water``, 供水): English puts the object first where
    Chinese puts the verb first."""
    candidate = _entry(list(reversed(pair)), table)
    return table[candidate][:2] if candidate else ()


def _compounds(pair: list, table: dict) -> tuple:
    """The Chinese compounds of two English words: the first's first glossary word
    glued to each of the second's first two (route: 班线, 路线; bus routes:
    公交班线, 公交路线), or none."""
    first, second = _entry(pair[:1], table), _entry(pair[1:], table)
    first, second = (table[first][:1] if first else ()), (table[second][:2] if second else ())
    return tuple(_Compound(a + b) for a in first for b in second)


class _Compound(str):
    """A Chinese word searched below a phrase's own (LATER_TERM_BOOST): two English
    words' glossary words glued (``_compounds``), a guess; or the words the other
    way round where the glossary has a line for the phrase as typed (``_lookup``)."""


def _in_phrases(words: list, table: dict, stop: frozenset = frozenset()) -> set:
    """Positions of ``words`` inside a glossary phrase of two or three words: a
    stop word there is part of a name (big data: 大数据; data alone names nothing).
    A phrase of ``stop`` words alone names nothing either (how much: 多少)."""
    kept: set = set()
    for i in range(len(words)):
        for n in (3, 2):
            chunk = words[i:i + n]
            if len(chunk) == n and all(_LATIN.match(w) for w in chunk) and \
                    not all(w.lower() in stop for w in chunk) and \
                    any(f in table for f in _forms(" ".join(w.lower() for w in chunk))):
                kept.update(range(i, i + n))
                break
    return kept


@from_files(*GLOSS_FILES)
def senses(folder: Path = SEARCH_DIR) -> dict:
    """{Chinese word: its English senses} of gloss_zh_en_*.txt (the title_gloss
    field's; read straight from the files, its lines are not kept)."""
    out: dict = {}
    for name in GLOSS_FILES:
        try:
            with open(folder / name, encoding="utf-8") as f:
                for line in f:
                    zh, sep, en = line.partition("=>")
                    if sep and not zh.startswith("#"):
                        out[zh.strip()] = tuple(e.strip() for e in en.split(",") if e.strip())
        except OSError:
            pass
    return out


GLOSS_FIELD = "title_gloss"
#: a Chinese word's English senses, searched in the titles' English (title_gloss),
#: weigh this much: 煤气 (coal gas, gas) finds 燃气 titles below 煤气's own
GLOSS_BOOST = "0.3"
MAX_SENSES = 2


def _translated(word: str, folder: Path) -> list:
    """A Chinese word of 2+ characters as its first MAX_SENSES English senses in
    the titles' English: titles whose words mean the same (义工 and 志愿者 are
    both volunteer; 老师 and 教师 teacher)."""
    if len(word) < 2 or not all(_HAN.match(c) for c in word):
        return []
    out = []
    for sense in senses(folder).get(word, ())[:MAX_SENSES]:
        words = [w for w in sense.lower().split() if _LATIN.match(w)]
        if words:
            text = words[0] if len(words) == 1 else '"%s"' % " ".join(words)
            out.append("%s:%s^%s" % (GLOSS_FIELD, text, GLOSS_BOOST))
    return out


#: Chinese words per English sense (``meant_by``): the shortest first
MAX_MEANT = 2


@from_files(*GLOSS_FILES)
def meant_by(folder: Path = SEARCH_DIR) -> dict:
    """{English words: the Chinese words (2-6 characters) whose first MAX_SENSES
    senses are exactly those words}, shortest first: the gloss read backwards
    (hydrology: 水文). The title_gloss field holds a title word's senses only when
    Solr's segmenter cuts that very word (水文站 is no gloss word, so 浙江省水文站点信息
    has no hydrology); the Chinese word finds it in the title's characters."""
    out: dict = {}
    for zh, english in senses(folder).items():
        if 2 <= len(zh) <= 6 and all(_HAN.match(c) for c in zh):
            for sense in english[:MAX_SENSES]:
                out.setdefault(" ".join(sense.lower().split()), []).append(zh)
    return {k: tuple(sorted(v, key=lambda z: (len(z), z))[:MAX_MEANT]) for k, v in out.items()}


_CAPITALS = re.compile(r"^([A-Z]{3,5})s?$")
#: small words an acronym leaves out (SME: small and medium enterprise)
_ACRONYM_SKIP = frozenset("and of the for in on a an to or with".split())


@from_files(*GLOSS_FILES)
def acronym_table(folder: Path = SEARCH_DIR) -> dict:
    """{initials: Chinese words} from the dictionary's senses of two to five words,
    not names (自由贸易区: free trade zone -> ftz; 中小企业: small and medium enterprise -> sme),
    the words with fewest characters first."""
    out: dict = {}
    for zh, english in senses(folder).items():
        for sense in english if len(zh) >= 3 else ():           # a compound term
            words = [w for w in sense.split() if w not in _ACRONYM_SKIP]
            if 2 <= len(words) <= 5 and all(w.islower() for w in words):   # no names
                out.setdefault("".join(w[0] for w in words), set()).add(zh)
    return {k: tuple(sorted(v, key=lambda z: (len(z), z))) for k, v in out.items()}


def _acronym(word: str, folder: Path) -> list:
    """A word typed in capitals (FTZ, SMEs) that no glossary key holds: the
    Chinese words whose English senses it spells, the first at full weight."""
    m = _CAPITALS.match(word)
    if not m:
        return []
    found = [z for z in acronym_table(folder).get(m.group(1).lower(), ()) if _PLAIN.match(z)][:MAX_GLOSSARY_TERMS]
    return found[:1] + ["%s^%s" % (z, LATER_TERM_BOOST) for z in found[1:]]


def _american(word: str) -> list:
    """The American spelling of a British word (labour: labor, centre: center):
    the title_gloss field holds the dictionary's, American."""
    if not _LATIN.match(word):
        return []
    word = word.lower()
    for uk, us in UK_US:
        if word.endswith(uk) and len(word) - len(uk) >= 2:
            return [word[:-len(uk)] + us]
    american = _UK_OUR.sub(r"\1or", word)         # neighbourhood: neighborhood
    return [american] if american != word else []


def unglued(word: str, framing: list) -> str:
    """``word`` without a framing word typed onto its end (公交线路数据: 公交线路),
    when two or more characters are left."""
    for frame in framing:
        if word.endswith(frame) and len(word) - len(frame) >= 2:
            return word[:-len(frame)]
    return word


@from_files("pinyin_zh.txt")
def sounds(folder: Path = SEARCH_DIR) -> dict:
    """``pinyin_zh.txt`` -> {character: frozenset of its toneless readings}."""
    out: dict = {}
    for line in read_list("pinyin_zh.txt", folder):
        sound, *chars = line.split()
        for ch in chars:
            out.setdefault(ch, set()).add(sound)
    return {ch: frozenset(v) for ch, v in out.items()}


_TWO_HAN = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff]{2}$")


@from_files("glossary_en_zh.txt", "synonyms.txt")
def vocabulary(folder: Path = SEARCH_DIR) -> tuple:
    """The two-character Chinese words of the glossary and the synonyms: what a
    homophone typo is corrected to (re-read when either file changes):
    (the words, {(position changed, the other character): words})."""
    words = {t for terms in glossary(folder).values() for t in terms}
    for line in read_list("synonyms.txt", folder):
        words.update(w.strip() for w in re.split(r"=>|,", line))
    words = frozenset(w for w in words if _TWO_HAN.match(w))
    by_other: dict = {}
    for w in sorted(words):
        for i in (0, 1):
            by_other.setdefault((i, w[1 - i]), []).append(w)
    return words, by_other


MAX_HOMOPHONES = 3


def homophones(word: str, folder: Path = SEARCH_DIR, dictionary: bool = True) -> tuple:
    """Vocabulary words that sound like ``word`` (two Han characters, not itself in
    the vocabulary) with one character changed; at most MAX_HOMOPHONES, the last
    character's changes first (typed last, checked least)."""
    if not _TWO_HAN.match(word):
        return ()
    words, by_other = vocabulary(folder)
    if word in words:
        return ()
    table = sounds(folder)
    found = []
    for i in (1, 0):
        heard = table.get(word[i], frozenset())
        found += [w for w in by_other.get((i, word[1 - i]), ())
                  if w[i] != word[i] and table.get(w[i], frozenset()) & heard]
    known = segment_words(folder) if not found and dictionary else ()
    if known and word not in known:
        # no vocabulary word sounds like it, and it is no word of the dictionary
        # either: the dictionary's word that does, when only one does (印耍: 印刷;
        # 限上 sounds like 献上 and 线上: no correction, it may shorten something)
        found = list(_sounding(word, known, folder))
        found = found if len(found) == 1 else []
    return tuple(found[:MAX_HOMOPHONES])


@from_files("t2s_zh.txt")
def t2s(folder: Path = SEARCH_DIR) -> dict:
    """``t2s_zh.txt``: ``養 养`` per line -> {traditional: simplified} (scripts/build_t2s.py)."""
    return {parts[0]: parts[1] for parts in (line.split() for line in read_list("t2s_zh.txt", folder))
            if len(parts) >= 2}


def simplified(q: str, folder: Path = SEARCH_DIR) -> str:
    """``q`` with its traditional characters simplified (養老院: 养老院), so that what is read
    here (the lists, the near misses of the titles' n-grams, the model) reads it as Solr's
    text fields do after their ICU fold."""
    table = t2s(folder)
    return "".join(table.get(c, c) for c in q)


@from_files("pinyin_zh.txt")
def by_sound(folder: Path = SEARCH_DIR) -> dict:
    """``pinyin_zh.txt`` -> {toneless reading: its characters, in the file's order}
    (kept apart from ``sounds``: its order is the file's, which ``long_homophones``
    relies on when it keeps the first few)."""
    out: dict = {}
    for line in read_list("pinyin_zh.txt", folder):
        sound, *chars = line.split()
        out.setdefault(sound, []).extend(chars)
    return {k: tuple(v) for k, v in out.items()}


def long_homophones(word: str, folder: Path = SEARCH_DIR) -> tuple:
    """Known words (the dictionary and the lists) that sound like ``word`` (three
    or four Han characters, itself not known) with one character changed
    (文化管: 文化馆, 公证出: 公证处); the last character's changes first."""
    if not 3 <= len(word) <= 4 or not all(_HAN.match(c) for c in word):
        return ()
    known = segment_words(folder)
    if word in known:
        return ()
    return _sounding(word, known, folder)


def _sounding(word: str, known, folder: Path) -> tuple:
    """The ``known`` words that sound like ``word`` with one character changed, the
    last character's changes first, at most MAX_HOMOPHONES."""
    table, chars = sounds(folder), by_sound(folder)
    found = []
    for i in range(len(word) - 1, -1, -1):
        for sound in table.get(word[i], ()):
            for ch in chars.get(sound, ()):
                candidate = word[:i] + ch + word[i + 1:]
                if ch != word[i] and candidate in known and candidate not in found:
                    found.append(candidate)
    return tuple(found[:MAX_HOMOPHONES])


ABBREVIATION_BOOST = "0.2"
#: a place or office typed onto a word's end (婚姻登记处, 献血点) that titles leave off
PLACE_SUFFIXES = ("处", "点")


@from_files("abbreviations_zh.txt")
def abbreviations(folder: Path = SEARCH_DIR) -> dict:
    """``abbreviations_zh.txt``: ``国企 => 国有企业`` per line -> {abbreviation: (full words)}
    (generated by scripts/build_abbreviations.py; same format as the glossary)."""
    return _glossary_lines(read_list("abbreviations_zh.txt", folder))


@from_files("glossary_en_zh.txt", "abbreviations_zh.txt", "synonyms.txt", *GLOSS_FILES)
def words_by_first(folder: Path = SEARCH_DIR) -> dict:
    """{character: the known words of 3-8 characters that begin with it}."""
    out: dict = {}
    for w in segment_words(folder):
        if 3 <= len(w) <= 8:
            out.setdefault(w[0], []).append(w)
    return {ch: tuple(sorted(ws, key=lambda w: (len(w), w))) for ch, ws in out.items()}


MAX_EXPANSIONS = 3


def expansions(word: str, folder: Path = SEARCH_DIR) -> tuple:
    """Known words that ``word`` (2-4 Han characters, itself no known word) may
    shorten, as Chinese shortens: its characters in order, the first the word's
    first, each next one right after the last or beginning a two-character
    block or ending the word (税局: 税务局, 律所: 律师事务所, 工伤险: 工伤保险; 固投 finds
    nothing: 固定资产投资 is in no list); those ending in its last character first,
    then the shortest. A character doubled (狗狗, 宝宝: a pet name, not a shortening;
    狗狗 searched 狗咬狗, dog eat dog) shortens nothing."""
    if not 2 <= len(word) <= 4 or not all(_HAN.match(c) for c in word) or word in segment_words(folder):
        return ()
    if any(a == b for a, b in zip(word, word[1:])):
        return ()
    found = []
    for full in words_by_first(folder).get(word[0], ()):
        if len(full) <= len(word):
            continue
        at = 0
        for ch in word[1:]:
            nxt = next((p for p in range(at + 1, len(full)) if full[p] == ch
                        and (p == at + 1 or p % 2 == 0 or p == len(full) - 1)), None)
            if nxt is None:
                break
            at = nxt
        else:
            found.append(full)
    found.sort(key=lambda f: (f[-1] != word[-1], len(f)))
    return tuple(found[:MAX_EXPANSIONS])


def _shortened(word: str, folder: Path) -> list:
    """Alternatives at ABBREVIATION_BOOST: the full words of an abbreviation
    (义教: 义务教育; one the lists do not hold: ``expansions``), a word
    without its place suffix (婚姻登记处: 婚姻登记) and a certificate's full
    name (施工证: 施工许可证, CERTIFICATES; 道路运输证: 道路运输 and 许可, PERMIT)."""
    alts = list(abbreviations(folder).get(word, ())) or \
        (list(expansions(word, folder)) if not homophones(word, folder) else [])   # 医员: a typo of 医院
    if len(_HAN.findall(word)) >= 3 and word.endswith(PLACE_SUFFIXES):
        alts.append(word[:-1])
    permit = len(word) >= 3 and word.endswith("证") and all(_HAN.match(c) for c in word)
    if permit and word not in segment_words(folder):
        alts += [word[:-1] + full for full in CERTIFICATES if word[:-1] + full not in alts]
    # a long one, a title's word or not (道路运输证 is one; 道路运输经营许可证 too), not
    # already the permit's (施工许可证)
    return ["%s^%s" % (a, ABBREVIATION_BOOST) for a in alts if _PLAIN.match(a)] + \
        (["(%s AND %s)^%s" % (word[:-1], PERMIT, ABBREVIATION_BOOST)]
         if permit and len(word) >= 5 and PERMIT not in word else [])


#: the field of the shortenings a title's words allow (solr schema, text_abbr:
#: 留服 for 留学服务, 卫健局 for 卫生健康局) and what a title scores for one that is
#: the typed word: a constant under a word's own match (a title word alone scores 1
#: to 10), over a near miss's (NEAR_CHANGED). Seen sets (2,683 queries): 0.5 moved 2
#: up, 0 down; 1 2 up, 1 down; 3 4 up, 2 down; also for a question's words, none
SHORTENING_FIELD = "title_abbr"
SHORTENING_SCORE = "0.5"


def _as_typed(field: str, word: str, score: str, longest: int, phrase: bool = False) -> str:
    """``field:word^=score`` (``field:"word"`` as a ``phrase``): the titles that
    ``field`` holds ``word`` for, at a constant score, for a word of 2-``longest`` Han
    characters typed as a word; "" for any other word."""
    if 2 <= len(word) <= longest and all(_HAN.match(c) for c in word):
        return "%s:%s^=%s" % (field, '"%s"' % word if phrase else word, score)
    return ""


def _shortening(word: str) -> str:
    """``title_abbr:word^=SHORTENING_SCORE``: the titles whose words ``word`` (2-4
    Han characters) shortens to their first characters, as the catalog's own
    titles have them (保教费: 保育教育费, 留服: 留学服务中心)."""
    return _as_typed(SHORTENING_FIELD, word, SHORTENING_SCORE, 4)


#: the field of how a title sounds (solr schema, text_pinyin: its characters'
#: toneless pinyin, in pairs) and what a title scores for sounding like the typed
#: word: a typo's constant (NEAR_CHANGED's), added to a near miss's. Seen sets with
#: r29/r30 (2,875 queries): 19 up (typo 0.952 -> 0.975), 2 down (限上, 车检: two
#: characters that shorten something sound like others too); also for known words
#: of two characters 21 up, 4 down; three or more characters only, 6 up, 0 down;
#: at 0.1, 17 up, the same 2 down
SOUND_FIELD = "title_pinyin"
SOUND_SCORE = "0.3"


def _sounds_like(word: str, folder: Path = SEARCH_DIR) -> str:
    """``title_pinyin:"word"^=SOUND_SCORE``: the titles holding what sounds like
    ``word``, a pinyin input's slip of one character for another read alike
    (卫生员: 卫生院, 排扣: 排口); for a word of 3-10 Han characters, or of two that is
    no known word (a word of two sounds like too many others: 花会, a flower
    fair, is one)."""
    if len(word) == 2 and word in segment_words(folder):
        return ""
    return _as_typed(SOUND_FIELD, word, SOUND_SCORE, 10, phrase=True)


#: what an X证 that is no known word is short for (施工证: 施工许可证, 卫生证: 卫生许可证;
#: 资格证: 资格证书); 身份证, 驾驶证 are words of their own
CERTIFICATES = ("许可证", "证书")
#: and, from five characters, what a title names it with words between (道路运输证:
#: 道路运输经营许可证, 食品生产证: 食品生产许可): the stem and PERMIT anywhere in it
PERMIT = "许可"


@from_files("licences_zh.txt")
def licences(folder: Path = SEARCH_DIR) -> dict:
    """``licences_zh.txt``: ``饭店, 饭馆 => 食品经营许可, 餐饮服务`` per line -> {word: (licences)}."""
    return _glossary_lines(read_list("licences_zh.txt", folder))


@from_files("prices_zh.txt")
def prices(folder: Path = SEARCH_DIR) -> dict:
    """``prices_zh.txt``: ``电, 用电, 电费 => 电价, 销售电价`` per line -> {word: (prices)}."""
    return _glossary_lines(read_list("prices_zh.txt", folder))


def asks_price(q: str, folder: Path = SEARCH_DIR) -> bool:
    """``q`` (simplified) holds a phrase of ``price_question_zh.txt`` (多少钱)."""
    return _holds_phrase(q, "price_question_zh.txt", folder)


def price_terms(word: str, folder: Path = SEARCH_DIR) -> tuple:
    """The prices of the longest word of ``prices_zh.txt`` that ``word`` is or ends
    with (一度电: 电's; 一吨自来水: 自来水's); () for none."""
    return _ending_with(word, prices(folder))


@from_files("phrases_zh.txt")
def phrases(folder: Path = SEARCH_DIR) -> tuple:
    """``phrases_zh.txt``: ``去哪里玩, 哪里好玩 => 景区, 公园`` per line ->
    ((phrase, terms), ...), the longest phrase first."""
    table = _glossary_lines(read_list("phrases_zh.txt", folder))
    return tuple(sorted(table.items(), key=lambda item: -len(item[0])))


def phrase_terms(q: str, folder: Path = SEARCH_DIR) -> tuple:
    """The terms of every phrase of ``phrases_zh.txt`` that ``q`` (simplified)
    holds, the longest first; a phrase inside one already found adds nothing
    (带孩子去哪里玩: 去哪里玩's, not also 哪里玩's); () for none."""
    q = q.lower()
    taken = [False] * len(q)
    out: list = []
    for phrase, terms in phrases(folder):
        start = q.find(phrase)
        while start >= 0:
            if not any(taken[start:start + len(phrase)]):
                taken[start:start + len(phrase)] = [True] * len(phrase)
                out += terms
            start = q.find(phrase, start + 1)
    return tuple(dict.fromkeys(out))


def asks_licence(q: str, folder: Path = SEARCH_DIR) -> bool:
    """``q`` (simplified) holds a phrase of ``licence_question_zh.txt`` (要办什么证)."""
    return _holds_phrase(q, "licence_question_zh.txt", folder)


def _holds_phrase(q: str, name: str, folder: Path) -> bool:
    """``q`` holds, anywhere, one of the phrases of the list ``name``."""
    return any(phrase in q for phrase in read_list(name, folder))


def _holds_words(words: list, name: str, folder: Path) -> bool:
    """English ``words`` hold, as whole words (any case), one of the phrases of the
    list ``name`` (how much, licence)."""
    said = " %s " % " ".join(w.lower() for w in words)
    return any(" %s " % " ".join(phrase.lower().split()) in said for phrase in read_list(name, folder))


#: the words of starting one's own business in an English licence question (How do I
#: get a licence to open my own dental clinic?: open, own), which go from it as 开 of
#: 开个牙科诊所 goes from a Chinese one (a single character): no title says them
STARTING_EN = frozenset(("open", "opening", "start", "starting", "run", "running", "set", "setting",
                         "up", "own", "new"))


def licence_terms(word: str, folder: Path = SEARCH_DIR) -> tuple:
    """The licences of the longest word of ``licences_zh.txt`` that ``word`` is or
    ends with (小饭店: 饭店's; 开宾馆: 宾馆's; 连锁超市: 超市's); () for none."""
    return _ending_with(word, licences(folder))


def _ending_with(word: str, table: dict) -> tuple:
    """``table``'s terms for the longest key that ``word`` is or ends with; () for none."""
    word = word.lower()
    for start in range(len(word)):
        if word[start:] in table:
            return table[word[start:]]
    return ()


#: verbs of a question typed onto the start of what is asked for (看美术馆, 查公交,
#: 想开个小饭店: not 想开, get over it)
QUESTION_VERBS = ("看", "查", "找", "搜", "想")
#: a question's word this long may be several words typed together (学校招生计划, 电费是)
LONG_WORD = 3


@from_files("glossary_en_zh.txt", "abbreviations_zh.txt", "synonyms.txt", "stopwords_zh.txt", *GLOSS_FILES)
def segment_words(folder: Path = SEARCH_DIR) -> frozenset:
    """Every Chinese word of the glossary, the abbreviations, the synonyms, the
    dictionary (the left sides of gloss_zh_en_*.txt) and the stop words (一个 of
    领养一个孩子 is cut out as a word, then dropped as a stop word)."""
    words = {t for terms in glossary(folder).values() for t in terms}
    words.update(read_list("stopwords_zh.txt", folder))
    words.update(t for terms in abbreviations(folder).values() for t in terms)
    for line in read_list("synonyms.txt", folder):
        words.update(w.strip() for w in re.split(r"=>|,", line))
    words.update(senses(folder))
    return frozenset(w for w in words if len(w) >= 2 and all(_HAN.match(c) for c in w))


def _max_match(word: str, known, backward: bool = False) -> list:
    """``word`` cut into the longest known words from its start (``backward``: from
    its end), a character of its own where none fits."""
    pieces, i, j = [], 0, len(word)
    while i < j:
        for n in range(min(6, j - i), 1, -1):
            piece = word[j - n:j] if backward else word[i:i + n]
            if piece in known:
                break
        else:
            n, piece = 1, word[j - 1] if backward else word[i]
        pieces.append(piece)
        if backward:
            j -= n
        else:
            i += n
    return pieces[::-1] if backward else pieces


#: one character that is a verb or function word of a question, not part of what
#: is asked for (宠物生病了去哪里看: 去; 电费是怎么收的: 是; 小区归哪个居委会管: 归, 管),
#: a measure word (找个安静的地方: 个; 开个小吃店; 这家公司: 家; 那条河) or a demonstrative
#: (这块地: 这), or 上 (上小学), 打 (打疫苗), 开 (开一家小饭馆), 考 (考驾照): cut off a
#: question's word
QUESTION_CHARS = frozenset("是在有被把给让到去来带用要能会想找查看搜办收交买卖吃玩住做拿跟和与及或就都也还又才再很最开考"
                           "个些家条块位件份张归管这那上打")


#: a character that ends at least this share of the known words it is in ends
#: words (房 0.57, 卡 0.33, 率 0.88: 商品房, 社保卡); one that ends fewer is a verb
#: or adverb typed after a word (丢 0.18, 停 0.13, 过 0.27: 身份证丢了, 被处罚过);
#: the same share of words begun for one typed before a word. Seen sets (392
#: sentences): 0.3 and 0.45 both 0.695 -> 0.696 (0.45 also cut 社保卡's 卡)
AFFIX_SHARE = 0.3


def affix_shares(folder: Path = SEARCH_DIR) -> tuple:
    """({character: the share of the known words holding it that end with it},
    {character: ... that begin with it}), of ``segment_words`` (counted once per
    version of its lists: the same frozenset object until a list changes)."""
    return _affix_shares(segment_words(folder))


@functools.lru_cache(maxsize=4)
def _affix_shares(words: frozenset) -> tuple:
    ends, starts, holds = {}, {}, {}
    for w in words:
        ends[w[-1]] = ends.get(w[-1], 0) + 1
        starts[w[0]] = starts.get(w[0], 0) + 1
        for c in set(w):
            holds[c] = holds.get(c, 0) + 1
    return ({c: ends.get(c, 0) / n for c, n in holds.items()},
            {c: starts.get(c, 0) / n for c, n in holds.items()})


def split_long(word: str, folder: Path = SEARCH_DIR) -> list:
    """A question's Han word of LONG_WORD+ characters cut into words: the longest
    known word first from the left; characters no known word covers stay
    together (全市用电量: 全市 用电量), and one such character alone goes back
    onto the word before it if it ends words (商品房: 商品 + 房 = 商品房;
    ``AFFIX_SHARE``), or onto the word after it if it begins them; a question's
    verb or function word (QUESTION_CHARS), and a character that neither ends nor
    begins words (身份证丢: 丢), stays alone for the caller to drop (宠物生病: 宠物
    生病; 电费是: 电费 是). A known word stays whole (派出所)."""
    if len(word) < LONG_WORD or not all(_HAN.match(c) for c in word):
        return [word]
    known = segment_words(folder)
    # the cut that leaves fewest characters no word covers, of those first the ones a
    # question drops (这家公司: 这 家 公司, not 这 家公 司)
    pieces = min(_max_match(word, known), _max_match(word, known, True),
                 key=lambda p: (sum(len(x) == 1 and x not in QUESTION_CHARS for x in p),
                                sum(len(x) == 1 for x in p), len(p)))
    out: list = []
    for piece in pieces:
        single = len(piece) == 1 and piece not in QUESTION_CHARS
        if single and out and out[-1][1] == "run":
            out[-1] = (out[-1][0] + piece, "run")
        else:
            out.append((piece, "run" if single else ("char" if len(piece) == 1 else "word")))
    ends, starts = affix_shares(folder)
    glued: list = []
    for n, (piece, kind) in enumerate(out):
        if kind == "run" and len(piece) == 1:
            if glued and len(glued[-1]) > 1 and ends.get(piece, 0) >= AFFIX_SHARE:
                glued[-1] += piece
                continue
            if n + 1 < len(out) and out[n + 1][1] != "char" and starts.get(piece, 0) >= AFFIX_SHARE:
                out[n + 1] = (piece + out[n + 1][0], out[n + 1][1])
                continue
        glued.append(piece)
    return glued


#: a run of this many Han characters that is no known word and, cut into known
#: words, leaves a verb or function word of a sentence alone (QUESTION_CHARS, a
#: particle) is a sentence typed without a question word (家里老人腿脚不好想借个轮椅:
#: 想): read as a question; words typed together stay one (学校招生计划, 公交线路数据)
SENTENCE_RUN = 6
_SENTENCE_PARTICLES = frozenset("的了吗呢吧么")


def _sentence(q: str, words: list, folder: Path = SEARCH_DIR) -> bool:
    """``q``, typed as ``words`` once its particles are out, is a sentence: its Han
    words, together SENTENCE_RUN+ characters and no known word, leave a verb or
    function word alone when cut into known words (想开个网店要办营业执照), or it
    had a particle (楼道里着火了打哪个电话报警: 了)."""
    han = [w for w in words if all(_HAN.match(c) for c in w)]
    text = "".join(han)
    if len(text) < SENTENCE_RUN:
        return False
    known = segment_words(folder)
    if len(han) == 1 and text in known:
        return False
    return (any(c in _SENTENCE_PARTICLES for c in q)
            or any(p in QUESTION_CHARS or p in _SENTENCE_PARTICLES for p in _max_match(text, known)))


#: an English query of this many words at least that begins with a word of
#: ``question_en.txt`` is read as a question (7.; is there: two words, no question)
ENGLISH_QUESTION_WORDS = 4


def _english_question(words: list, folder: Path = SEARCH_DIR) -> bool:
    """``words`` (as typed) are an English question: they begin with a word of
    ``question_en.txt`` (how do I renew my residence permit, where can I borrow
    books), have no Han character and are ENGLISH_QUESTION_WORDS+."""
    return (len(words) >= ENGLISH_QUESTION_WORDS and not any(_HAN.search(w) for w in words)
            and words[0].lower() in {w.lower() for w in read_list("question_en.txt", folder)})


def _typo(word: str) -> str:
    """The one-edit clause (4.) of a word of 3+ Han characters or 5+ Latin letters:
    ``title_ngram:(...)`` of its ``near_misses``; "" for a shorter word."""
    if len(_HAN.findall(word)) >= 3 or (_LATIN.match(word) and len(word) >= 5):
        return "%s:(%s)" % (TYPO_FIELD, " OR ".join(near_misses(word.lower())))
    return ""


#: what a title scores for holding the word less a character, and for holding it with
#: one character changed or put in: constants, far under any match of a word (a title
#: word alone scores 1 to 10), so an exact match always ranks above a near miss
NEAR_SHORTER = "0.2"
NEAR_CHANGED = "0.3"


def near_misses(word: str) -> list:
    """What finds the titles (their n-grams, TYPO_FIELD) holding ``word`` with one
    edit: ``word`` less one character (a title holding 公交线 or 交线路 holds all
    that 公交线露 is one change, insertion or deletion from, but one in its middle),
    and ``word`` with a wildcard for a character changed or put in after its first
    (公?线露, 公交?露, 公交线?; 公?交线露, ...), each scoring a constant.

    Lucene's one-edit ``word~1`` found these titles, but it walks every term of the
    titles' n-grams within one edit of ``word`` whatever its first character: at
    100,000 datasets, uncached, the whole query took Solr 26.7 ms on average with it,
    2.8 with these terms (looked up) and wildcards (each a walk of the terms that begin
    with its first characters) instead (bench/search/typo_clause.py).

    Every character the query syntax reads is escaped: deleting a character may join
    two of a word's (a&b&c: a&&c, an operator)."""
    def escaped(part):
        return _SYNTAX.sub(r"\\\1", part)
    terms = []
    for i in range(len(word)):
        shorter = "%s^=%s" % (escaped(word[:i] + word[i + 1:]), NEAR_SHORTER)
        if shorter not in terms:
            terms.append(shorter)
    for i in range(1, len(word)):
        terms.append("%s?%s^=%s" % (escaped(word[:i]), escaped(word[i + 1:]), NEAR_CHANGED))
    for i in range(1, len(word)):
        terms.append("%s?%s^=%s" % (escaped(word[:i]), escaped(word[i:]), NEAR_CHANGED))
    return terms


#: what a title scores on top for holding a Chinese word exactly as typed (its
#: n-grams, TYPO_FIELD): a synonym's longer phrase scores more than the typed word
#: (each of its bigrams adds its idf), so 养老院 listed 16 养老服务机构 and 养老机构 titles
#: before 浦东新区养老院信息. Not for a question's words (cut from a sentence, the
#: typed word is less often the data's: on the seen sets 9 sentences up, 8 down).
#: Seen sets (2,459 queries): 10, 15, 25 moved 8, 9, 11 word queries, 25 one down
LITERAL_BOOST = "15"


def _literal(word: str) -> str:
    """``title_ngram:word^=LITERAL_BOOST``: a title holding ``word`` (2-10 Han
    characters, the field's n-grams) as typed."""
    return _as_typed(TYPO_FIELD, word, LITERAL_BOOST, 10)


#: ``mm`` of a question: both of two clauses, all but one of three to five (a
#: question's words are not all the data's: 粮食 价格 of 请问粮食价格是多少 finds 粮食
#: titles; of two, one alone let 手续 of 想开个小饭馆要办什么手续 fill the page before
#: the meaning's finds, and the page is filled with any one word's after them anyway,
#: ``page_fill``); a query typed as words keeps CKAN's (all of two)
QUESTION_MM = "2<-1 5<80%"


def rewrite(q: str, folder: Path = SEARCH_DIR) -> str | None:
    """The edismax query for a free-text ``q``; None when ``q`` is to be left as it is."""
    return (rewrite_params(q, folder) or {}).get("q")


#: a dataset found by meaning alone scores this times its cosine per clause: far
#: below any match of a word, so it is listed after them, nearest first
MEANING_SCORE = 0.001
#: the Chinese an English query is read as by the model, at most this many terms
MEANING_TERMS = 6


def meaning_text(q: str, clauses: list) -> str:
    """What the model reads for ``q``: ``q``, or for a query without a Han character
    the Chinese its words were translated to in ``clauses`` (the model knows little
    English: elderly care reads as 老年 照护 关怀); "" for one that has none (the
    model would read it as noise: asdfgh is as near some titles as real words)."""
    if _HAN.search(q):
        return q
    terms = []
    for term in re.findall(r"[\u3400-\u9fff\uf900-\ufaff]+", " ".join(clauses)):
        if term not in terms:
            terms.append(term)
    return " ".join(terms[:MEANING_TERMS])


def meaning_clause(found: list) -> str:
    """``[(id, cosine)]`` -> ``id:("a"^=0.000612 OR ...)``."""
    return "id:(%s)" % " OR ".join('"%s"^=%.6f' % (re.sub(r'(["\\])', r"\\\1", str(i)), MEANING_SCORE * max(c, 0))
                                   for i, c in found)


#: a question's datasets that any one of its words matches (``relaxed``): the first
#: FILL, each FILL_SCORE times (FILL - its rank) / FILL per clause, under every
#: dataset found by meaning (MEANING_SCORE times a cosine over 0.1)
FILL = 10
FILL_SCORE = MEANING_SCORE * 0.1


def page_fill(ask, taken: list) -> list:
    """The ids a question's page is filled with: ``ask(mm, rows)`` -> [id] of a
    search of the question under that mm, best first; ``taken``: the ids it
    already lists by meaning. Nothing while its words (QUESTION_MM) and meaning
    give FILL or more; else the best any one word matches that neither gives,
    as many as the page lacks. So all of them fit on the first page with what
    was listed before, and nothing listed before leaves it."""
    if len(set(taken)) >= FILL:
        return []                     # the meaning fills it: Solr is not asked
    strict = ask(QUESTION_MM, FILL)
    listed = set(strict) | set(taken)
    if len(strict) >= FILL or len(listed) >= FILL:
        return []
    return [i for i in ask("1", FILL + len(listed)) if i not in listed][:FILL - len(listed)]


def fill_params(q: str, qf: str, mm: str, rows: int) -> dict:
    """The Solr parameters of ``page_fill``'s ``ask`` (without its filters): the
    question's clauses ORed under ``mm``, ids only (search_ui.fill, bench/search/recall.py)."""
    return {"q": q, "defType": "edismax", "qf": qf, "mm": mm, "q.op": "OR", "rows": rows, "fl": "id"}


def fill_clause(ids: list) -> str:
    """``[id]`` (best first) -> ``id:("a"^=0.000100 OR "b"^=0.000090 ...)``."""
    return "id:(%s)" % " OR ".join('"%s"^=%.6f' % (re.sub(r'(["\\])', r"\\\1", str(i)), FILL_SCORE * (FILL - n) / FILL)
                                   for n, i in enumerate(ids[:FILL]))


#: an English possessive (children's, farmers'; ’ too): the lists' keys have none
#: (farmers' markets was left unread: an apostrophe is no word character)
_POSSESSIVE = re.compile(r"(?<=[A-Za-z])['\u2019]s\b|(?<=[A-Za-z]s)['\u2019](?=\s|$)")
#: the punctuation of a sentence, which is no query syntax: Chinese (full-width)
#: anywhere (有没有公交线路的数据？, 明天会不会下雨，稻谷要不要赶紧收), and ASCII ? ! , ;
#: and a full stop at a word's end (Where do I go to extend my student visa?), where
#: Lucene read ? as a wildcard; a full stop inside a word stays (U.S., covid-19.v2)
_PUNCTUATION = re.compile(r"[\u3000-\u3003\u3008-\u3011\u3014-\u301f\uff01\uff08\uff09\uff0c\uff0e"
                          r"\uff1a\uff1b\uff1f\u2018\u2019\u201c\u201d\u2026\u00b7]"
                          r"|(?<=\S)[?!,;]+(?=\s|$)|(?<=[^\s.]{2})\.(?=\s|$)")

#: a slash between two words, spaces around it or not (医保 / 社保), full-width too
_SLASHES = re.compile(r"(?<=\S)\s*[/\uff0f]\s*(?=\S)")
#: a word that is words joined by slashes, each holding a letter or a Han character
_EITHER = re.compile(r"^(?:[^/]*[^\W\d_][^/]*/)+[^/]*[^\W\d_][^/]*$")
#: at most this many words joined by slashes are read as alternatives
MAX_EITHER = 6


def _plain(word: str) -> bool:
    """A word the rewriting reads: plain characters, or plain words joined by slashes."""
    if _EITHER.match(word):
        parts = word.split("/")
        return len(parts) <= MAX_EITHER and all(_plain(p) for p in parts)
    return bool(_PLAIN.match(word)) and word not in _OPERATORS


def _either(word: str, folder: Path) -> str:
    """The clause of words joined by slashes (16.): each word rewritten as a query
    of its own (its synonyms, glossary, typos), any one of them enough; a word its
    own rewriting leaves nothing of (和, 数据: a stop or framing word alone) as typed."""
    parts = []
    # a side a question's framing word was cut from (和/数据 of 我想查和/数据的数据: 和/) is no side
    for part in filter(None, word.split("/")):
        made = rewrite_params(part, folder)
        parts.append("(%s)" % (made["q"] if made and made["q"] else _SYNTAX.sub(r"\\\1", part)))
    return "(%s)" % " OR ".join(parts)


def unhyphened(word: str, table: Mapping) -> list:
    """``word`` as its parts when it is English words joined by hyphens that no
    key of ``table`` holds (high-tech: high tech, a phrase of the dictionary;
    foreign-invested), else ``[word]`` (e-commerce is a key; covid-19 no word)."""
    parts = word.split("-")
    if len(parts) < 2 or not all(_LATIN.match(p) for p in parts) or _entry([word], table):
        return [word]
    return parts


def rewrite_params(q: str, folder: Path = SEARCH_DIR, nearest=None, relaxed=None) -> dict | None:
    """``{"q": the edismax query}`` for a free-text ``q``, with ``"mm": QUESTION_MM``
    when it is a question; None when ``q`` is to be left as it is. ``nearest``:
    (text, english) -> [(dataset id, cosine)], the datasets nearest in meaning
    (10.): ``text`` for the Chinese model (``meaning_text``), ``english`` the
    query when it has no Han character, for the English model ("" otherwise).
    ``relaxed``: (a question's clauses ORed, the ids found by meaning) -> the
    [dataset id] to fill its page with (11., ``page_fill``)."""
    if not q or not q.strip() or any(c in q for c in ':"\\'):
        return None
    q = _SLASHES.sub("/", _PUNCTUATION.sub(" ", _POSSESSIVE.sub("", simplified(q, folder))))
    text, asked = strip_question(q, folder)
    words = text.split()
    if not words or not all(_plain(w) for w in words):
        return None
    asked = asked or _sentence(q, words, folder) or _english_question(words, folder)
    # 19.: an English query that asks for a licence (licence, permit) or, asked as a
    # question, what something costs (how much, cost): what its words' Chinese names
    english_q = not _HAN.search(q)
    licensed = asks_licence(q, folder) or (english_q and _holds_words(words, "licence_question_en.txt", folder))
    held = {}
    priced_en = english_q and asked and _holds_words(words, "price_question_en.txt", folder)
    stop = {w.lower() for w in read_list("stopwords_zh.txt", folder) + read_list("stopwords_en.txt", folder)}
    table, longer = english_table(folder), longer_keys(folder)
    words = [part for w in words for part in unhyphened(w, table)]
    kept = _in_phrases(words, table, stop)
    typed = words
    words = [w for n, w in enumerate(words) if n in kept or w.lower() not in stop] or words
    # Two English words that leave one, a stop word that names something
    # gone (big data, open data; not "the"): the words as typed are also a phrase
    # (title_gloss holds 大数据 as big data)
    named = (" ".join(typed) if len(words) == 1 and len(typed) == 2 and all(_LATIN.match(w) for w in typed)
             and any(w.lower() in table for w in typed if w not in words) else None)
    if licensed and english_q and asked:
        words = [w for w in words if w.lower() not in STARTING_EN] or words
    # 18.: the terms of the phrases the reading below cuts apart (用多少电: 用电量)
    costs = list(phrase_terms(q, folder))
    if asked:
        framing = sorted(read_list("framing_zh.txt", folder), key=len, reverse=True)
        words = [w for w in (unglued(w, framing) for w in words) if w not in framing] or words
        # a single Han character left of a question is a verb or particle of it (看, 查, 想),
        # also typed onto a word's start (看美术馆) or left by cutting a word (电费是: 是)
        words = [w[1:] if w[:1] in QUESTION_VERBS and len(w) >= 3 else w for w in words]
        whole = words
        # 15.: the piece a business's word is cut from keeps its licences (牙科诊所:
        # 牙科 诊所, 牙科 has 诊所's), so a title of them passes both clauses; only
        # the piece right before it (外国人在这里开公司: 这里, which goes, not 外国人)
        held = {before: licence_terms(piece, folder) for w in whole if licensed
                for before, piece in itertools.pairwise(split_long(w, folder))
                if licence_terms(piece, folder) and not licence_terms(before, folder)}
        words = [piece for w in words for piece in split_long(w, folder)]
        # 17.: a price question's goods, in its words before a long one is cut (一度电:
        # 电) and after (粮食价格: 粮食)
        if asks_price(q, folder):
            costs = list(dict.fromkeys(costs + [t for w in whole + words for t in price_terms(w, folder)]))
        # a stop word or framing word cut out of a sentence (这个 of 想查查这个律师有没有被处罚过,
        # 明年 of 孩子明年上小学) goes like one typed as a word of its own
        # (all of them gone: the question was only its phrase's, 用了多少电)
        words = [w for w in words if not (len(w) == 1 and _HAN.match(w)) and w not in stop
                 and w not in framing] or ([] if costs else words)
    clauses, i, meant = [], 0, meant_by(folder)
    # 19.: the licences an English licence query's words name, and its licence words' clauses
    named_licences, licence_clauses = [], []
    while i < len(words):
        if "/" in words[i]:
            clauses.append(_either(words[i], folder))
            i += 1
            continue
        n, terms, made = _lookup(words, i, table, longer, meant)
        # 15.: the licences of the business a licence question names (小饭店: 食品经营许可)
        needs = list(dict.fromkeys(t for w in words[i:i + max(n, 1)] if licensed
                                   for t in licence_terms(w, folder) + held.get(w, ())))
        if n:
            phrase = " ".join(words[i:i + n])
            if english_q and (licensed or priced_en):
                # 19.: the Chinese of English words (dental clinic: 牙科诊所; tap water: 自来水)
                # read against the licences and prices as a Chinese word is
                chinese = [t for t in list(terms) + list(made) if _HAN.search(t)]
                if licensed:
                    if _holds_words(words[i:i + n], "licence_question_en.txt", folder):
                        licence_clauses.append(len(clauses))
                    own = list(dict.fromkeys(t for c in chinese for t in licence_terms(c, folder)))
                    needs += [t for t in own if t not in needs]
                    named_licences += [t for t in own if t not in named_licences]
                if priced_en:
                    costs = list(dict.fromkeys(costs + [t for c in chinese for t in price_terms(c, folder)]))
            # two words' compound (bus routes: 公交路线) below the phrase's own Chinese
            # (high schools: 中学 before 高学校); the two words the other way round
            # (supply water: 供水) weigh as its terms where only the dictionary reads the
            # words as typed, below them where the glossary does (``_lookup``)
            made = ["%s^%s" % (t, LATER_TERM_BOOST) if isinstance(t, _Compound) else t
                    for t in made if _PLAIN.match(t) and t not in terms]
            alts = _alternatives('"%s"' % phrase if n > 1 else phrase, terms) + made
            alts += [t for t in needs if t not in alts]
            if n > 1 and isinstance(table.get(_entry(words[i:i + n], table) or ""), _Secondary):
                # the dictionary's phrase (speed camera: 电子警察) beside the words' own
                # reading, as before it: one sense of a phrase, not the only one
                alts.append("(%s)" % " ".join(_word_clause(w, table, meant) for w in words[i:i + n]))
            clauses.append("(" + " OR ".join(alts) + ")")
            i += n
            continue
        word = words[i]
        shortened = _shortened(word, folder)
        # a word that shortens known words (限上: 限额以上) is no typo of the dictionary's
        alts = [a for a in [_typo(word)] + ["%s^%s" % (h, TYPO_BOOST)
                                            for h in homophones(word, folder, dictionary=not shortened)]
                + ["title:%s^%s" % (h, TYPO_BOOST) for h in long_homophones(word, folder)]
                + shortened + ([] if asked else [_shortening(word), _sounds_like(word, folder)])
                + _acronym(word, folder) + _american(word)
                + _translated(word, folder) if a]
        literal = "" if asked else _literal(word)
        alts = alts + [literal] if literal else alts
        alts += [t for t in needs if t not in alts and t != word]
        clauses.append("(%s)" % " OR ".join([word] + alts) if alts else word)
        i += 1
    for j in licence_clauses:
        # 19.: the business's licence answers the query's licence word (药品经营许可 is the
        # pharmacy licence whether its title says 许可证 or not)
        extra = [t for t in named_licences if t not in clauses[j]]
        clauses[j] = "(%s OR %s)" % (clauses[j], " OR ".join(extra)) if extra else clauses[j]
    read = meaning_text(q, clauses) if nearest is not None else ""
    english = q if nearest is not None and not _HAN.search(q) else ""
    found = nearest(read, english) if read or english else None
    also = meaning_clause(found) if found else None
    if costs:
        # 17., 18.: a title of the price or the phrase's terms passes every clause
        priced = " OR ".join(costs)
        clauses = ["(%s OR %s)" % (clause, priced) for clause in clauses] or ["(%s)" % priced]
    if asked and len(clauses) > 1:
        # explicit ORs: CKAN sends q.op=AND, under which edismax requires every
        # clause whatever mm says; joined by OR, mm decides. The datasets found by
        # meaning are an alternative of each clause, so they pass any mm (a group
        # of their own would need a mm of its own, which only the top level has);
        # so are those any one word matches, below them
        filled = relaxed(" OR ".join(clauses), [i for i, _ in found or ()]) if relaxed is not None else None
        extra = " OR ".join(c for c in (also, fill_clause(filled) if filled else None) if c)
        if extra:
            clauses = ["(%s OR %s)" % (clause, extra) for clause in clauses]
        return {"q": " OR ".join(clauses), "mm": QUESTION_MM}
    words_q = '(%s) OR "%s"' % (" ".join(clauses), named) if named else " ".join(clauses)
    if also:
        # every word required (q.op=AND inside the group), or the datasets found by
        # meaning: not an alternative of each word, or a title matching one word of
        # two (江苏 of 江苏 企业) and found by meaning would outrank those matching both
        return {"q": "(%s) OR %s" % (words_q, also), "mm": "1"}
    return {"q": words_q, "mm": "1"} if named else {"q": words_q}
