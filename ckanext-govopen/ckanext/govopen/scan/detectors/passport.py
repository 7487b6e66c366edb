"""Chinese passport numbers (lower confidence: no check digit, shape only)."""
import re

from .. import masking
from .base import Detector

# Ordinary: G + 8 digits (until 2012), E + 8 digits, E + letter (not I/O) + 7 digits;
# diplomatic / service / public-affairs e-passports: DE / SE / PE + 7 digits.
PASSPORT_RE = re.compile(r"^(?:[EG][0-9]{8}|E[A-HJ-NP-Z][0-9]{7}|[DSP]E[0-9]{7})$")


class Passport(Detector):
    """Shape only, so low confidence unless the column header says passport (护照)."""

    entity = "passport"
    label = {"zh": "护照号码", "en": "passport number"}
    confidence = 0.5
    priority = 60
    lengths = frozenset([9])

    def check(self, compact, groups):
        if groups is not None:
            return None
        return compact if PASSPORT_RE.match(compact) else None

    def mask(self, value):
        return masking.passport(value)
