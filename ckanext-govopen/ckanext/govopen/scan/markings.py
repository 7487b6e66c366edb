"""Security markings in titles, descriptions and file names.

A marking found here holds a dataset for review; it does not decide
anything. So the list favours recall, with three deliberate exceptions:

1. **Explicit negations are not markings**: ``非涉密``, ``不涉密``, ``不涉及国家秘密``
   ... state that data is *not* classified (catalogues often say so).
2. **Closed list of benign compounds**: ``内部控制`` (internal control),
   ``内部审计``, ``内部收益率`` (IRR), ``敏感性``/``敏感度`` (sensitivity),
   ``秘密花园`` (The Secret Garden, a title); a real marking is never written
   that way. Only these exact compounds are skipped: ``秘密 花园`` still counts.
3. **Bare 内部 / 敏感 only as a label**: alone they are everyday words
   (``绿地内部布局``, ``经费内部支出`` in real catalogues), so they count only
   standing apart: at the start or end of the text, between brackets or
   separators (``【内部】``, ``_内部_``, ``内部：``). Their compounds
   ``内部资料``, ``内部文件``, ``内部使用``, ``敏感信息`` ... always count.

Each :class:`Marking` says its ``level`` (top_secret, secret, confidential,
classified, internal, sensitive, not_public, trade_secret, restricted) and
``strength``: ``strong`` for explicit markings (``绝密``, ``机密★``, ``TOP
SECRET``, ``内部资料``, ``不予公开``), ``weak`` for words that are markings in a
marking position but ordinary words elsewhere (``秘密``, ``保密``, bare
``内部``/``敏感``, English words in lower case). English matches whole words,
case-insensitively (``UNCLASSIFIED``, ``secretary`` do not match).
Traditional forms (``機密``, ``內部``, ``不予公開``) are included.
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
          "內部收益率", "敏感性", "敏感度", "秘密花园", "秘密花園"]
EN_EXEMPT = ["unclassified", "declassified", "non-confidential", "not confidential", "not classified"]

_LABEL_BOUND = r"\s_\-\.·:：/\\|,，;；、()（）\[\]【】<>《》〈〉「」『』\"'“”‘’★☆*#"


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
        latin.append("(?P<y%d>%s(?![A-Za-z]))" % (i, re.escape(t).replace("\\ ", r"[\s_\-]+")))
        meta["y%d" % i] = None
    zh = sorted(_ZH, key=lambda x: len(x[0]), reverse=True)
    for i, (t, lvl, st) in enumerate(zh):
        cjk.append("(?P<z%d>%s)" % (i, re.escape(t)))
        meta["z%d" % i] = (lvl, st)
    for i, (t, lvl, st) in enumerate(_ZH_LABEL):
        cjk.append("(?P<b%d>(?:(?<=^)|(?<=[%s]))%s(?=$|[%s]))" % (i, _LABEL_BOUND, re.escape(t), _LABEL_BOUND))
        meta["b%d" % i] = (lvl, st)
    for i, (t, lvl) in enumerate(sorted(_EN, key=lambda x: len(x[0]), reverse=True)):
        latin.append("(?P<e%d>%s(?![A-Za-z]))" % (i, re.escape(t).replace("\\ ", r"[\s_\-]+")))
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

    pattern = "(?=[%s])(?:%s)|(?<![A-Za-z])(?=[%s])(?:%s)" % (
        first_chars(EXEMPT + [t[0] for t in _ZH + _ZH_LABEL]), "|".join(cjk),
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
        if strength is None:      # English: upper case is a marking, other case a mention
            strength = "strong" if term.isupper() else "weak"
        out.append((term, lvl, strength, m.start(), m.end()))
    return tuple(out)


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
