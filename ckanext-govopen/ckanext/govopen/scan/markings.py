"""Security markings in titles, descriptions and file names.

A marking found here holds a dataset for review; it does not decide
anything. So the list favours recall, with four deliberate exceptions:

1. **Explicit negations are not markings**: ``非涉密``, ``不涉密``, ``不涉及国家秘密``
   ... state that data is *not* classified (catalogues often say so).
2. **Closed list of benign compounds**: ``内部控制`` (internal control),
   ``内部审计``, ``内部收益率`` (IRR), ``敏感性``/``敏感度`` (sensitivity),
   ``秘密花园`` (The Secret Garden, a title), ``商业秘密合同``/``侵犯商业秘密``
   (trade secrets as a subject), ``不公开为例外`` (the principle "openness is
   the rule, non-disclosure the exception"); a real marking is never written
   that way. Only these exact compounds are skipped: ``秘密 花园`` still counts.
3. **Bare 内部 / 敏感 only as a label**: alone they are everyday words
   (``绿地内部布局``, ``经费内部支出`` in real catalogues), so they count only
   standing apart: at the start or end of the text, between brackets or
   separators (``【内部】``, ``_内部_``, ``内部：``). Their compounds
   ``内部资料``, ``内部文件``, ``内部使用``, ``敏感信息`` ... always count.
4. **English words in running text are mentions**: markings are written in
   capitals or as a label; ``Restricted Use File``, ``Deaths are classified
   using ICD-10``, ``kept confidential``, ``United States Secret Service`` are
   descriptions (the real CDC and DHS catalogs held 86 records for them). A
   single English word in lower or title case counts only standing as a label
   (the whole text, in brackets, after ``Classification:``, ``Confidential -
   ...`` / ``... - Confidential``), and ``secret``/``confidential`` also as a
   file-name part (``report_secret_v2.pdf``) or after ``is``/``are``.
   Phrases (``For Official Use Only``, ``Internal use only``) always count.

Each :class:`Marking` says its ``level`` (top_secret, secret, confidential,
classified, internal, sensitive, not_public, trade_secret, restricted) and
``strength``: ``strong`` for explicit markings (``绝密``, ``机密★``, ``TOP
SECRET``, ``内部资料``, ``不予公开``), ``weak`` for words that are markings in a
marking position but ordinary words elsewhere (``秘密``, ``保密``, bare
``内部``/``敏感``, English words as labels), ``mention`` for an English word in
running text (reported, not held: the policy's ``markings.hold`` lists the
strengths that hold). English matches whole words, case-insensitively
(``UNCLASSIFIED``, ``secretary``, ``secretárias`` do not match). Traditional
forms (``機密``, ``內部``, ``不予公開``) are included. The labelled set in
``tests/data/markings_labelled.yaml`` (real markings and real false positives
of the catalogs in ``../shared/realdata``) is a unit test: every true marking
must still hold.
"""
import functools
import re
from dataclasses import dataclass, asdict

# (term, level, strength)
_ZH = [
    ("绝密", "top_secret", "strong"), ("絕密", "top_secret", "strong"),
    ("机密", "confidential", "strong"), ("機密", "confidential", "strong"),
    ("国家秘密", "classified", "strong"), ("國家秘密", "classified", "strong"),
    ("涉密", "classified", "strong"), ("密级", "classified", "strong"), ("密級", "classified", "strong"),
    ("密件", "classified", "strong"),
    ("工作秘密", "internal", "strong"), ("商业秘密", "trade_secret", "strong"), ("商業秘密", "trade_secret", "strong"),
    ("秘密", "secret", "weak"), ("保密", "classified", "weak"),
    ("内部资料", "internal", "strong"), ("內部資料", "internal", "strong"),
    ("内部文件", "internal", "strong"), ("內部文件", "internal", "strong"),
    ("内部使用", "internal", "strong"), ("內部使用", "internal", "strong"),
    ("内部传阅", "internal", "strong"), ("內部傳閱", "internal", "strong"),
    ("内部参考", "internal", "strong"), ("內部參考", "internal", "strong"),
    ("内部发行", "internal", "strong"), ("內部發行", "internal", "strong"),
    ("内部公开", "internal", "strong"), ("仅限内部", "internal", "strong"), ("僅限內部", "internal", "strong"),
    ("限内部", "internal", "strong"),
    ("不予公开", "not_public", "strong"), ("不予公開", "not_public", "strong"),
    ("不予开放", "not_public", "strong"), ("不予開放", "not_public", "strong"),
    ("不公开", "not_public", "strong"), ("不公開", "not_public", "strong"),
    ("禁止公开", "not_public", "strong"), ("不宜公开", "not_public", "strong"), ("暂不公开", "not_public", "strong"),
    ("不得公开", "not_public", "strong"), ("不对外公开", "not_public", "strong"), ("不對外公開", "not_public", "strong"),
    ("敏感信息", "sensitive", "strong"), ("敏感資訊", "sensitive", "strong"), ("敏感数据", "sensitive", "strong"),
    ("敏感資料", "sensitive", "strong"), ("敏感个人信息", "sensitive", "strong"),
]
# Bare words that count only as a standalone label.
_ZH_LABEL = [("内部", "internal", "weak"), ("內部", "internal", "weak"), ("敏感", "sensitive", "weak")]

_EN = [
    ("top secret", "top_secret"), ("secret", "secret"), ("confidential", "confidential"),
    ("strictly confidential", "confidential"), ("classified", "classified"), ("restricted", "restricted"),
    ("internal use only", "internal"), ("for internal use", "internal"), ("internal only", "internal"),
    ("for official use only", "restricted"), ("fouo", "restricted"), ("not for public release", "not_public"),
    ("not for distribution", "not_public"), ("sensitive", "sensitive"), ("noforn", "restricted"),
]

#: Negations and benign compounds, matched first; their span is not searched again.
EXEMPT = ["非涉密", "不涉密", "无涉密", "未涉密", "不涉及国家秘密", "不涉及國家秘密", "不含国家秘密", "不涉及秘密",
          "无国家秘密", "非密", "解密", "不保密", "内部控制", "內部控制", "内部审计", "內部審計", "内部收益率",
          "內部收益率", "敏感性", "敏感度", "秘密花园", "秘密花園",
          # 商业秘密 as the subject of a text, not a claim about it (商业秘密合同公证指引, a public
          # notarisation guide in the Jiangsu catalog; 侵犯商业秘密罪 is a crime's name)
          "商业秘密合同", "商業秘密合同", "商业秘密保护", "商業秘密保護", "商业秘密纠纷", "商業秘密糾紛",
          "商业秘密侵权", "商業秘密侵權", "侵犯商业秘密", "侵犯商業秘密",
          # the open-government principle "以公开为常态、不公开为例外" (Guiyang catalog)
          "不公开为例外", "不公開為例外"]
EN_EXEMPT = ["unclassified", "declassified", "non-confidential", "not confidential", "not classified"]

_LABEL_BOUND = r"\s_\-\.·:：/\\|,，;；、()（）\[\]【】<>《》〈〉「」『』\"'“”‘’★☆*#"
#: Latin letters, accented ones included: "secretárias" (Portuguese) holds no "secret".
_LATIN = "A-Za-z\u00C0-\u024F"


@dataclass
class Marking:
    term: str          # as written in the text
    level: str
    strength: str      # strong / weak
    start: int
    end: int
    field: str = None

    def as_dict(self):
        return asdict(self)


def _build():
    cjk, latin, meta = [], [], {}     # alternatives by their term's first character
    for i, t in enumerate(sorted(EXEMPT, key=len, reverse=True)):
        cjk.append("(?P<x%d>%s)" % (i, re.escape(t)))
        meta["x%d" % i] = None
    for i, t in enumerate(sorted(EN_EXEMPT, key=len, reverse=True)):
        latin.append("(?P<y%d>%s(?![%s]))" % (i, re.escape(t).replace("\\ ", r"[\s_\-]+"), _LATIN))
        meta["y%d" % i] = None
    zh = sorted(_ZH, key=lambda x: len(x[0]), reverse=True)
    for i, (t, lvl, st) in enumerate(zh):
        cjk.append("(?P<z%d>%s)" % (i, re.escape(t)))
        meta["z%d" % i] = (lvl, st)
    for i, (t, lvl, st) in enumerate(_ZH_LABEL):
        cjk.append("(?P<b%d>(?:(?<=^)|(?<=[%s]))%s(?=$|[%s]))" % (i, _LABEL_BOUND, re.escape(t), _LABEL_BOUND))
        meta["b%d" % i] = (lvl, st)
    for i, (t, lvl) in enumerate(sorted(_EN, key=lambda x: len(x[0]), reverse=True)):
        latin.append("(?P<e%d>%s(?![%s]))" % (i, re.escape(t).replace("\\ ", r"[\s_\-]+"), _LATIN))
        meta["e%d" % i] = (lvl, None)
    # Every alternative consumes its term's first character first, so a match can only
    # start at one of those characters. Saying so up front lets the engine skip every
    # other position with one set test instead of trying ~100 alternatives there
    # (ordinary Chinese text: 15 ms -> 0.02 ms per 800 characters). English terms are
    # whole words, so they are tried only where a word starts (English text: the 1.9
    # million characters of the CDC catalog took 2.8 s, now 0.26 s with the cache below:
    # bench/harvest/markings.py, same digest of matches). A CJK and a Latin term
    # never start at the same character, so splitting them keeps every match the same.
    def first_chars(terms):
        return "".join(sorted({re.escape(t[0]) for t in terms}))

    pattern = "(?=[%s])(?:%s)|(?<![%s])(?=[%s])(?:%s)" % (
        first_chars(EXEMPT + [t[0] for t in _ZH + _ZH_LABEL]), "|".join(cjk), _LATIN,
        first_chars(EN_EXEMPT + [t[0] for t in _EN]), "|".join(latin))
    return re.compile(pattern, re.IGNORECASE | re.MULTILINE), meta


_RE, _META = _build()


def scan_markings(text, field=None):
    """The security markings in ``text`` (a title, a description, a file name), in order."""
    if not text:
        return []
    return [Marking(*found, field) for found in _scan(str(text))]


@functools.lru_cache(maxsize=512)
def _scan(text):
    """``(term, level, strength, start, end)`` per marking. Cached: one write checks
    the same title and description several times (the gate before and during the
    write, the classification policy)."""
    out = []
    for m in _RE.finditer(text):
        meta = _META[m.lastgroup]
        if meta is None:
            continue
        lvl, strength = meta
        term = m.group()
        if strength is None:
            strength = _english_strength(text, term, m.start(), m.end())
        out.append((term, lvl, strength, m.start(), m.end()))
    return tuple(out)


# English markings are written in capitals (CONFIDENTIAL, RESTRICTED) or as a label; in
# running text the same words describe things: "Restricted Use File", "Deaths are classified
# using ICD-10", "kept confidential", "time-sensitive", "United States Secret Service" are
# all real titles and abstracts of public catalogs (65 CDC and 21 DHS records were held for
# them). So a single English word in lower or title case is a *mention* (found, not held)
# unless it stands as a label:
_OPEN, _CLOSE = "([{【〔<《「『\"'“‘", ")]}】〕>》」』\"'”’"
_DASH = "-–—|"
#: Words that are markings in a file name (report_secret_v2.pdf, salaries-confidential.xlsx);
#: "restricted", "classified", "sensitive" there are ordinary words (restricted-hud.html, CDC).
_FILE_WORDS = frozenset(["secret", "confidential"])
_FILE_BOUND = "_-./\\"
#: "This dataset is confidential": a statement that it is, for the words that are not verbs.
_PREDICATE_RE = re.compile(r"(?:^|[^%s])(?:is|are|remains?)\s+(?:strictly\s+|highly\s+)?$" % _LATIN[:6], re.I)


def _english_strength(text, term, start, end):
    """``strong`` in capitals; ``weak`` for phrases and for single words in a label position;
    ``mention`` for a single word in running text."""
    if term.isupper():
        return "strong"
    word = term.lower()
    if not word.isalpha() or word in ("fouo", "noforn"):
        return "weak"                 # phrases (for official use only, internal use only ...)
    before, after = text[:start], text[end:]
    b, a = before.rstrip(), after.lstrip()
    alone_left = not b or b[-1] in _OPEN or b[-1] in "：:"
    alone_right = not a or a[0] in _CLOSE or a[0] in "：:"
    if alone_left and alone_right:
        return "weak"                 # "Confidential", "[Restricted]", "Classification: Secret", "Secret:"
    if (not b and a[:1] in _DASH and after[:1].isspace()) or \
            (not a and b[-1:] in _DASH and before[-1:].isspace()):
        return "weak"                 # "Confidential - staff list", "Staff list – Restricted"
    if word in _FILE_WORDS and (not before or before[-1] in _FILE_BOUND) and \
            (not after or after[0] in _FILE_BOUND) and (before[-1:] in _FILE_BOUND or after[:1] in _FILE_BOUND):
        return "weak"                 # report_secret_v2.pdf, salaries-confidential.xlsx
    if word in _FILE_WORDS and _PREDICATE_RE.search(before):
        return "weak"                 # "this file is confidential"
    return "mention"


def scan_fields(fields):
    """Markings in several texts: ``{"title": ..., "notes": ..., "resources[0].name": ...}``."""
    out = []
    for name, text in fields.items():
        if isinstance(text, (list, tuple)):
            for i, t in enumerate(text):
                out.extend(scan_markings(t, "%s[%d]" % (name, i)))
        else:
            out.extend(scan_markings(text, name))
    return out
