"""Check digits and code lists of Chinese identifiers.

Used by the metadata rules (a department's credit code, a division code) and,
later, by the personal-information scanner (resident ID numbers, bank cards,
credit codes found in table cells): each check is a pure function on a string.
"""
import re

from . import loader

# --- GB 32100-2015 unified social credit code (统一社会信用代码) ------------------
# 18 characters: registration authority (1), entity type (1), division code (6),
# organization code (9, GB 11714), check character (1). The alphabet has 31
# characters (no I, O, S, V, Z); weights are 3^i mod 31.
CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
CREDIT_RE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$")


def credit_check_char(first17):
    """The GB 32100 check character for the first 17 characters."""
    if len(first17) != 17 or any(c not in CREDIT_ALPHABET for c in first17):
        raise ValueError("need 17 characters from the GB 32100 alphabet")
    total = sum(CREDIT_ALPHABET.index(c) * w for c, w in zip(first17, CREDIT_WEIGHTS))
    return CREDIT_ALPHABET[(31 - total % 31) % 31]


def credit_code_well_formed(code):
    return bool(code) and bool(CREDIT_RE.match(code))


def is_credit_code(code):
    """True for a well-formed code whose check character is right."""
    return credit_code_well_formed(code) and credit_check_char(code[:17]) == code[17]


# --- GB 11643-1999 citizen identity number (公民身份号码) ------------------------
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
ID_RE = re.compile(r"^[1-9][0-9]{5}(18|19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx]$")


def resident_id_check_char(first17):
    """ISO 7064 MOD 11-2 check character of an 18-digit resident ID."""
    if len(first17) != 17 or not first17.isdigit():
        raise ValueError("need 17 digits")
    return ID_CHECK[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS)) % 11]


def is_resident_id(number, check_date=True):
    """True for an 18-character resident ID with a right check character.

    With ``check_date`` the birth date must also exist (no 19990231), which
    keeps the false-positive rate of a PII scan low.
    """
    if not number or len(number) != 18 or not ID_RE.match(number):
        return False
    if resident_id_check_char(number[:17]) != number[17].upper():
        return False
    if check_date:
        import datetime
        try:
            datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
        except ValueError:
            return False
    return True


# --- Luhn (bank card numbers, ISO/IEC 7812) ------------------------------------

def luhn_valid(number):
    """True when ``number`` (digits, 12-19 long) passes the Luhn check."""
    digits = re.sub(r"[\s-]", "", str(number or ""))
    if not digits.isdigit() or not 12 <= len(digits) <= 19:
        return False
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c)
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


# --- GB/T 2260 administrative divisions (行政区划代码) ----------------------------

def division(code):
    """The entry for a GB/T 2260 code listed in ``standards/codes/gb2260.yaml``, or None."""
    return loader.entry("gb2260", str(code).strip()) if code else None


def is_division(code):
    return division(code) is not None


def division_name(code, lang="zh"):
    d = division(code)
    return (d.get(loader.lang_key(lang)) if d else None) or None


def division_parent(code):
    d = division(code)
    return d.get("parent") if d else None


def within(code, region):
    """True if division ``code`` lies in ``region`` (or is it)."""
    c = code
    while c:
        if c == region:
            return True
        c = division_parent(c)
    return False


_SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州",
             "自治县", "新区", "省", "市", "区", "县", "盟", "旗")


def _short(name):
    for s in _SUFFIXES:
        if name.endswith(s) and len(name) - len(s) >= 2:
            return name[: -len(s)]
    return name


def infer_division(text, region=None):
    """The most specific listed division whose name occurs in ``text``.

    Looks only inside ``region`` when given (so that 白云区 in a Guiyang
    listing is Guiyang's, not Guangzhou's) and returns None if nothing matches.
    Full names beat short names (清镇市 before 清镇), deeper levels beat
    shallower ones, longer names beat shorter ones.
    """
    if not text:
        return None
    best, best_key = None, None
    for code, name, short, depth in _candidates(region):
        if name in text:
            key = (depth, 1, len(name))
        elif short != name and short in text:
            key = (depth, 0, len(short))
        else:
            continue
        if best_key is None or key > best_key:
            best, best_key = code, key
    return best


_candidate_cache = {}


def _candidates(region):
    """(code, name, short name, depth) of the divisions inside ``region`` (cached per code list)."""
    key = (region, loader.generation())
    rows = _candidate_cache.get(key)
    if rows is None:
        depth = {"province": 0, "prefecture": 1, "county": 2}
        rows = [(code, e["zh"], _short(e["zh"]), depth.get(e.get("level"), 0))
                for code, e in loader.entries("gb2260").items() if not region or within(code, region)]
        _candidate_cache[key] = rows
    return rows
