"""Detector protocol and the shared tokenizer.

Two kinds of detectors, each a small class with an ``entity`` name:

- *token* detectors (resident ID, mobile, bank card, credit code, passport)
  look at the digit/letter tokens that :func:`tokens` cuts out of a cell. A
  token is a maximal run of ASCII letters and digits (9-19 long), or digit
  groups joined by single spaces/hyphens (``138 1234 5678``,
  ``6222-0212-3456-7890``, ``+86 138-1234-5678``). A detector says which
  compact lengths it wants (``lengths``) and checks a candidate with
  ``check(compact, groups)``: the regex shape first, the checksum second.
- *text* detectors (e-mail) run their own regex over the cell, behind a cheap
  substring gate (``gate``).

Letters/digits glued to a token on either side make it no token: the
``12345678901234567890`` in an order number never yields an 18-digit
candidate inside it. Chinese characters do not glue (``身份证110105…号``).
"""
import re

# A: compact run; B: digit groups joined by one space or hyphen (at least one separator).
TOKEN_RE = re.compile(
    r"(?<![0-9A-Za-z])(?:"
    r"(?P<sep>\+?[0-9]{1,6}(?:[ \-][0-9]{1,11}){1,6}[Xx]?)"
    r"|(?P<compact>[0-9A-Za-z]{9,19})"
    r")(?![0-9A-Za-z])")
_GROUP_RE = re.compile(r"[0-9]+[Xx]?")

# Full-width digits, letters, @ . - + and the ideographic space, to ASCII (1:1, positions kept).
FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
FULLWIDTH[0x3000] = 0x20


class Match:
    """One value found in a text: entity, span, the masked value. The raw value is not kept."""

    __slots__ = ("entity", "start", "end", "masked")

    def __init__(self, entity, start, end, masked):
        self.entity, self.start, self.end, self.masked = entity, start, end, masked

    def __repr__(self):
        return "Match(%r, %d, %d, %r)" % (self.entity, self.start, self.end, self.masked)

    def as_dict(self):
        return {"entity": self.entity, "start": self.start, "end": self.end, "masked": self.masked}


class Detector:
    """Base class. Subclasses set the class attributes and ``check`` or ``finditer``."""

    entity = None
    label = {"zh": "", "en": ""}
    #: Confidence of one valid value without any other evidence (0..1).
    confidence = 0.9
    #: Lower runs first; a token taken by one detector is not offered to later ones.
    priority = 50
    kind = "token"
    #: Compact lengths this token detector wants.
    lengths = frozenset()
    #: Text detectors: a substring that must be in the cell before the regex runs.
    gate = None

    def check(self, compact, groups):
        """Token detectors: the normalised value if ``compact`` is one, else None.

        ``groups`` is the tuple of digit-group lengths for separated tokens, or
        None for a compact token.
        """
        raise NotImplementedError

    def finditer(self, text):
        """Text detectors: yield ``(start, end, value)``."""
        raise NotImplementedError

    def mask(self, value):
        raise NotImplementedError

    def find(self, text):
        """This detector alone over ``text``: a list of :class:`Match`."""
        return find_entities(text, [self])

    def __repr__(self):
        return "<%s %s>" % (type(self).__name__, self.entity)


def split_groups(text, start, end):
    """The digit groups of a separated token as ``[(start, end, digits)]``."""
    return [(g.start(), g.end(), g.group()) for g in _GROUP_RE.finditer(text, start, end)]


class Dispatcher:
    """Runs a set of detectors over texts; built once per scan."""

    def __init__(self, detectors):
        self.detectors = sorted(detectors, key=lambda d: d.priority)
        self.token = [d for d in self.detectors if d.kind == "token"]
        self.text = [d for d in self.detectors if d.kind == "text"]
        by_len = {}
        for d in self.token:
            for n in d.lengths:
                by_len.setdefault(n, []).append(d)
        self.by_len = by_len
        self.max_len = max(by_len) if by_len else 0

    def _try(self, compact, groups):
        for d in self.by_len.get(len(compact), ()):
            v = d.check(compact, groups)
            if v is not None:
                return d, v
        return None

    def scan(self, text):
        """``[(detector, start, end, value)]`` for the values in ``text`` (ASCII-folded already).

        Returns a list (empty tuple when nothing is found): the hot path of
        the scanner, so no generator and no work for cells without tokens.
        """
        by_len = self.by_len
        if text.isdigit() and text.isascii():        # fast path: a bare number
            if len(text) in by_len:
                hit = self._try(text, None)
                if hit:
                    return [(hit[0], 0, len(text), hit[1])]
            return ()
        hits = None
        for m in TOKEN_RE.finditer(text):
            tok = m.group()
            if m.lastgroup == "compact":
                if len(tok) in by_len:
                    hit = self._try(tok, None)
                    if hit:
                        if hits is None:
                            hits = []
                        hits.append((hit[0], m.start(), m.end(), hit[1]))
                continue
            # separated digit groups: dates, year lists and short numbers go no further
            if len(tok) - tok.count(" ") - tok.count("-") - tok.count("+") < 9:
                continue
            groups = split_groups(text, m.start(), m.end())
            n = len(groups)
            i = 0
            while i < n:
                found = False
                for j in range(min(n, i + 6), i, -1):
                    compact = "".join([g[2] for g in groups[i:j]])
                    if len(compact) not in by_len:
                        continue
                    hit = self._try(compact, tuple([len(g[2]) for g in groups[i:j]]) if j - i > 1 else None)
                    if hit:
                        if hits is None:
                            hits = []
                        hits.append((hit[0], groups[i][0], groups[j - 1][1], hit[1]))
                        i = j
                        found = True
                        break
                if not found:
                    i += 1
        for d in self.text:
            if d.gate is None or d.gate in text:
                for s, e, v in d.finditer(text):
                    if hits is None:
                        hits = []
                    hits.append((d, s, e, v))
        return hits or ()


def find_entities(text, detectors):
    """All values the given detectors find in one text, as :class:`Match` objects
    (masked). The package's ``find_entities`` defaults to every detector."""
    disp = Dispatcher(detectors)
    if not text.isascii():
        text = text.translate(FULLWIDTH)
    return [Match(d.entity, s, e, d.mask(v)) for d, s, e, v in disp.scan(text)]
