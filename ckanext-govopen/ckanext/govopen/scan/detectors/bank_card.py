"""Bank card numbers (ISO/IEC 7812: issuer range + Luhn), UnionPay 62/81 16-19 digits included."""
from .. import checksums, masking
from .base import Detector

_GROUPINGS = {(4, 4, 4, 4), (4, 4, 4, 4, 3), (4, 4, 4, 4, 2), (4, 4, 4, 4, 1), (4, 6, 5),
              (6, 13), (6, 12), (6, 11), (6, 10), (4, 4, 4, 7), (4, 4, 4, 6), (4, 4, 4, 5)}


class BankCard(Detector):
    """15-19 digits in a card issuer's range whose Luhn sum is right.

    A random number passes Luhn one time in ten, so the issuer range check
    (UnionPay 62/81, Visa 4, MasterCard 51-55/2221-2720, JCB 3528-3589, Amex
    34/37, Discover/Diners, ICBC 9558) is what keeps order numbers out.
    Separated forms: the usual 4-4-4-4(-x) and 6-x groupings.
    """

    entity = "bank_card"
    label = {"zh": "银行卡号", "en": "bank card number"}
    confidence = 0.9
    priority = 30
    lengths = frozenset(range(15, 20))

    def check(self, compact, groups):
        if groups is not None and groups not in _GROUPINGS:
            return None
        if not compact.isdigit():
            return None
        return compact if checksums.bank_card_ok(compact) else None

    def mask(self, value):
        return masking.bank_card(value)
