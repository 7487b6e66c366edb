"""Personal-information detectors, one module each.

``default_detectors()`` gives fresh instances of all of them; a scan can take
any subset (``ScanOptions(detectors=["resident_id", "email"])``) or extra
instances of a :class:`~.base.Detector` subclass.
"""
from .bank_card import BankCard
from . import base
from .base import Detector, Dispatcher, Match
from .credit_code import CreditCode
from .email import Email
from .mobile import Mobile
from .passport import Passport
from .resident_id import ResidentId

DETECTORS = {c.entity: c for c in (ResidentId, CreditCode, BankCard, Mobile, Email, Passport)}


def default_detectors():
    return [c() for c in DETECTORS.values()]


def find_entities(text, detectors=None):
    """All values found in one text, as :class:`Match` objects (masked), by
    ``detectors`` (default: every detector)."""
    return base.find_entities(text, detectors if detectors is not None else default_detectors())


def resolve(spec):
    """Detector instances from None (all), names and/or instances."""
    if spec is None:
        return default_detectors()
    out = []
    for d in spec:
        if isinstance(d, Detector):
            out.append(d)
        elif d in DETECTORS:
            out.append(DETECTORS[d]())
        else:
            raise ValueError("unknown detector %r (known: %s)" % (d, ", ".join(DETECTORS)))
    return out


__all__ = ["Detector", "Dispatcher", "Match", "find_entities", "default_detectors", "resolve", "DETECTORS",
           "ResidentId", "CreditCode", "BankCard", "Mobile", "Email", "Passport"]
