"""Personal-information and security scan of resources and metadata; no CKAN imports.

- :func:`scan_file` / :func:`scan_rows`: per-column personal-information
  findings (resident ID, mobile, bank card, credit code, e-mail, passport,
  plus header hints for names, addresses, phones, accounts) as a
  JSON-serialisable :class:`ScanReport` with masked examples only.
- :func:`find_entities`: the same detectors over one text.
- :func:`k_anonymity` / :func:`k_anonymity_file`: smallest equivalence class
  over quasi-identifier columns.
- :func:`scan_markings` / :func:`scan_fields`: security markings (涉密, 机密,
  内部资料, CONFIDENTIAL ...) in titles, descriptions and file names.

See ``README.md`` in this folder for the design decisions and limits.
"""
from .detectors import DETECTORS, Detector, Match, default_detectors, find_entities
from .kanon import KAnonymityResult, k_anonymity, k_anonymity_file
from .markings import Marking, scan_fields, scan_markings
from .messages import ScanMessage
from .report import Finding, ScanReport, TableSummary
from .scanner import ScanOptions, TableScanner, scan_file, scan_rows

__all__ = ["scan_file", "scan_rows", "ScanOptions", "ScanReport", "Finding", "TableSummary", "TableScanner",
           "find_entities", "Detector", "Match", "DETECTORS", "default_detectors",
           "k_anonymity", "k_anonymity_file", "KAnonymityResult",
           "scan_markings", "scan_fields", "Marking", "ScanMessage"]
