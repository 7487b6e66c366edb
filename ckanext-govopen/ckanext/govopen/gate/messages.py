"""What the publication checks say, declared once (``ckanext.govopen.messages``).

A blocker's message is stored with the harvest records and read later, so it
is a code plus parameters, put into words in the reader's language when shown.
Parameters that come in both languages from elsewhere (a policy's reason, a
scan error, a summary of findings) are ``{"zh", "en"}`` pairs.
"""
from __future__ import annotations

from ckanext.govopen.messages import N_, declare

CHECK_FAILED = declare("gate.check_failed", N_(
    "The publication check '{name}' failed; the dataset cannot be made public until it runs. "
    "Please contact the platform administrators."))
UNKNOWN_REASON = declare("gate.unknown_reason", N_("unknown reason"))

CLASSIFICATION_CAP = declare("gate.classification_cap", N_(
    "The classification does not allow publication: {reason}"))
DECLARED_NOT_OPEN = declare("gate.declared_not_open", N_(
    "The open type is 'not open', so the dataset cannot be public; to open it, change the "
    "open type (lowering it needs a reviewer's approval)."))

SECURITY_MARKING = declare("gate.security_marking", N_(
    "Security markings were found ({where}); a reviewer must confirm the dataset may be "
    "public before it is published."))

SCAN_PENDING = declare("gate.scan_pending", N_(
    "Resource '{name}' has not been scanned for personal information yet; the dataset "
    "cannot be public until the scan has finished (upload or change files while the "
    "dataset is private)."))
SCAN_FAILED = declare("gate.scan_failed", N_(
    "The personal-information scan of resource '{name}' failed: {error}; fix it and scan again."))
SCAN_HELD = declare("gate.scan_held", N_(
    "The content of resource '{name}' cannot be read ({error}); it is held for a reviewer, and "
    "the dataset cannot be public until a reviewer approves that content."))
PII_FOUND = declare("gate.pii_found", N_(
    "Personal information found in resource '{name}': {found}. This contradicts the "
    "dataset's declaration; remove or mask it (or correct the declaration) and have a "
    "reviewer approve before publishing."))

METADATA_PII_FOUND = declare("gate.metadata_pii_found", N_(
    "The metadata holds personal information, so the dataset cannot be public: {where} "
    "holds {what}. Metadata is shown to everyone with the dataset; remove it, or if it is "
    "a false positive (a reference number, not a person's), have a reviewer approve it "
    "(govopen_review_approve, kind=metadata_pii) before publishing."))

VALIDATION_SETTINGS_INVALID = declare("gate.validation_settings_invalid", N_(
    "The validation settings of resource '{name}' are invalid: {error}"))
VALIDATION_PENDING = declare("gate.validation_pending", N_(
    "Resource '{name}' has no validation report for its current content yet; upload or "
    "change files while the dataset is private and publish once it passes."))
VALIDATION_FAILED = declare("gate.validation_failed", N_(
    "Resource '{name}' failed validation with {count} errors: {summary}. Fix the file and "
    "upload it again."))
VALIDATION_ERROR = declare("gate.validation_error", N_(
    "Resource '{name}' could not be validated: {reason}"))
