"""Mainland resident identity numbers (GB 11643-1999, 18 characters)."""
from .. import checksums, masking
from .base import Detector


class ResidentId(Detector):
    """Province prefix + real birth date + MOD 11-2 check character (X allowed).

    Separated forms accepted: 6-8-4 (``110105 19491231 002X``). The 15-digit
    first-generation numbers carry no check digit and are not detected.
    """

    entity = "resident_id"
    label = {"zh": "居民身份证号码", "en": "resident ID number"}
    confidence = 0.99
    priority = 10
    lengths = frozenset([18])

    def check(self, compact, groups):
        if groups is not None and groups != (6, 8, 4):
            return None
        if not compact[:17].isdigit():
            return None
        return compact.upper() if checksums.resident_id_ok(compact.upper()) else None

    def mask(self, value):
        return masking.resident_id(value)
