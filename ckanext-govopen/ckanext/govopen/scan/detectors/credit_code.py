"""Unified social credit codes (GB 32100-2015) of organisations and sole traders."""
from .. import checksums, masking
from .base import Detector


class CreditCode(Detector):
    """Authority/type pair, region prefix and the GB 32100 check character.

    Only the 18-character compact form; upper case as printed on licences.
    Codes of sole traders (``92…``) identify a person.
    """

    entity = "credit_code"
    label = {"zh": "统一社会信用代码", "en": "unified social credit code"}
    confidence = 0.98
    priority = 20
    lengths = frozenset([18])

    def check(self, compact, groups):
        if groups is not None:
            return None
        if not checksums.credit_code_ok(compact):
            return None
        # An all-digit value in a UnionPay/Discover range that passes Luhn is far
        # more likely a card (62...) than a code of type 61/62/69/81 (religious
        # venues, trade unions...): leave it to the bank card detector.
        if compact[:2] in ("62", "81", "60", "64", "65") and compact.isdigit() and checksums.bank_card_ok(compact):
            return None
        return compact

    def mask(self, value):
        return masking.credit_code(value)
