"""Mainland mobile phone numbers: 11 digits in an allocated 1[3-9]x segment, optional +86/0086/86."""
from .. import checksums, masking
from .base import Detector

_GROUPINGS = {(3, 4, 4), (3, 8), (7, 4), (4, 4, 3)}


class Mobile(Detector):
    """No checksum: shape and segment only (13x, 145-149, 15x but 154, 16[2567], 17[0-8], 18x, 19x but 194).

    Accepts ``13812345678``, ``138 1234 5678``, ``138-1234-5678``,
    ``+8613812345678``, ``+86 138 1234 5678``, ``0086-13812345678``.
    """

    entity = "mobile_phone"
    label = {"zh": "手机号码", "en": "mobile phone number"}
    confidence = 0.85
    priority = 40
    lengths = frozenset([11, 13, 15])

    def check(self, compact, groups):
        if not compact.isdigit():
            return None
        n = len(compact)
        if n == 13:
            if not compact.startswith("86"):
                return None
            if groups is not None:
                if groups[0] != 2:
                    return None
                groups = groups[1:] or None
            compact = compact[2:]
        elif n == 15:
            if not compact.startswith("0086"):
                return None
            if groups is not None:
                if groups[0] != 4:
                    return None
                groups = groups[1:] or None
            compact = compact[4:]
        if groups is not None and len(groups) > 1 and groups not in _GROUPINGS:
            return None
        return compact if checksums.mobile_ok(compact) else None

    def mask(self, value):
        return masking.mobile(value)
