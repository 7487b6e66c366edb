"""Identifier checks used by the scanner's detectors.

The check digits themselves (GB 11643 MOD 11-2, GB 32100, Luhn) come from
``ckanext.govopen.standard.codes`` so that metadata rules and the scanner
agree; this module only adds what a scan of *cell contents* needs on top:
region prefixes, plausible birth dates, card issuer ranges and mobile number
segments, which keep near-misses (order numbers, serials) out.
"""
import datetime

from ..standard import codes

#: Province-level GB/T 2260 codes (first two digits of a resident ID number),
#: plus 71 (Taiwan), 81/82 (Hong Kong, Macao residence permits) and 83
#: (residence permits of Taiwan residents).
PROVINCES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 "
    "50 51 52 53 54 61 62 63 64 65 71 81 82 83".split())

# Registration-authority + organisation-type pairs of GB 32100 (first two chars).
CREDIT_TYPES = frozenset(
    "11 12 13 19 21 29 31 32 33 34 35 39 41 49 51 52 53 59 61 62 69 71 72 79 "
    "81 89 91 92 93 A1 A9 N1 N2 N3 N9 Y1".split())

#: Mainland mobile number segments (first three digits) allocated by MIIT,
#: including data-only / IoT-free personal segments; 154 and 12x are not.
MOBILE_PREFIXES = frozenset(
    ["13%d" % d for d in range(10)]
    + ["145", "146", "147", "148", "149"]
    + ["15%d" % d for d in (0, 1, 2, 3, 5, 6, 7, 8, 9)]
    + ["162", "165", "166", "167"]
    + ["17%d" % d for d in range(9)]
    + ["18%d" % d for d in range(10)]
    + ["19%d" % d for d in (0, 1, 2, 3, 5, 6, 7, 8, 9)])

_TODAY = datetime.date.today


def resident_id_ok(value):
    """GB 11643 number: province prefix, real birth date (not in the future), check digit.

    Also accepts the 2023 foreign permanent-residence ID (9 + province code).
    """
    if len(value) != 18:
        return False
    prov = value[1:3] if value[0] == "9" else value[:2]
    if prov not in PROVINCES:
        return False
    if not codes.is_resident_id(value, check_date=True):
        return False
    birth = datetime.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    return datetime.date(1890, 1, 1) <= birth <= _TODAY()


def credit_code_ok(value):
    """GB 32100 code with a known authority/type pair and a right check character."""
    if len(value) != 18 or value[:2] not in CREDIT_TYPES:
        return False
    region = value[2:4]
    if region not in PROVINCES and region != "10":
        return False
    return codes.is_credit_code(value)


def card_issuer_ok(digits):
    """Plausible issuer (IIN) range for the length: UnionPay 62/81, Visa, MasterCard, JCB, Amex, Discover, Diners, ICBC 9558."""
    n = len(digits)
    p2 = digits[:2]
    if p2 == "62" or p2 == "81":
        return 16 <= n <= 19
    if digits[0] == "4":
        return n in (16, 19)
    if "51" <= p2 <= "55":
        return n == 16
    if "2221" <= digits[:4] <= "2720":
        return n == 16
    if p2 in ("34", "37"):
        return n == 15
    if "3528" <= digits[:4] <= "3589" or p2 in ("60", "64", "65", "30", "36", "38", "39"):
        return 16 <= n <= 19
    if digits[:4] == "9558":
        return n == 19
    return False


def bank_card_ok(digits):
    return 15 <= len(digits) <= 19 and card_issuer_ok(digits) and codes.luhn_valid(digits)


def mobile_ok(digits):
    return len(digits) == 11 and digits[:3] in MOBILE_PREFIXES
