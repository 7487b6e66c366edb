"""E-mail addresses."""
import re

from .. import masking
from .base import Detector

EMAIL_RE = re.compile(
    r"(?<![A-Za-z0-9._%+\-])"
    r"([A-Za-z0-9](?:[A-Za-z0-9._%+\-]{0,62}[A-Za-z0-9_%+\-])?"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+([A-Za-z]{2,24}))"
    r"(?![A-Za-z0-9\-])")
# "icon@2x.png" is a file-naming convention, not an address.
FILE_SUFFIXES = frozenset("png jpg jpeg gif svg webp bmp tif tiff pdf doc docx xls xlsx csv zip".split())


class Email(Detector):
    """``local@domain.tld``: a real top-level label (letters, 2-24), no ``..``, no file suffix as TLD."""

    entity = "email"
    label = {"zh": "电子邮箱", "en": "e-mail address"}
    confidence = 0.95
    priority = 50
    kind = "text"
    gate = "@"

    def finditer(self, text):
        for m in EMAIL_RE.finditer(text):
            v = m.group(1)
            if ".." in v or m.group(2).lower() in FILE_SUFFIXES:
                continue
            yield m.start(1), m.end(1), v

    def mask(self, value):
        return masking.email(value)
