"""What the classification guard and the reviewer actions say, declared once
(``ckanext.govopen.messages``; the Chinese is in the zh_Hans_CN catalog), put
into words in the reader's language when the error is raised."""
from __future__ import annotations

from ckanext.govopen.messages import N_, declare

NOT_A_NUMBER = declare("classification.not_a_number", N_("limit and offset must be integers"))
REASON_REQUIRED = declare("classification.reason_required", N_("an approval needs a reason"))
NO_MARKINGS = declare("classification.no_markings", N_("the dataset has no security markings to approve"))
NO_METADATA_PII = declare("classification.no_metadata_pii", N_(
    "no personal information was found in the dataset's metadata; nothing to approve"))
NOT_LOWERABLE = declare("classification.not_lowerable", N_(
    "'{field}' is not a classification field that can be lowered"))
NOT_LOWER = declare("classification.not_lower", N_(
    "'{to}' is not lower than the current '{current}'; nothing to approve"))
BAD_KIND = declare("classification.bad_kind", N_(
    "kind must be pii_exception, markings, metadata_pii or downgrade"))
NOT_IN_DATASET = declare("classification.not_in_dataset", N_("the resource is not part of this dataset"))
NO_FINISHED_SCAN = declare("classification.no_finished_scan", N_(
    "the resource's current content has no finished scan to approve"))
DOWNGRADE_NEEDS_APPROVAL = declare("classification.downgrade_needs_approval", N_(
    "Lowering '{field}' ({before} -> {after}) needs a reviewer's approval; ask a reviewer to approve "
    "this change (govopen_review_approve) or keep the stored value."))
NO_DEPARTMENT = declare("classification.no_department", N_("No department “{name}”"))
NOT_A_DAY = declare("classification.not_a_day", N_(
    "{field} must be a date as YYYY-MM-DD (e.g. 2026-12-04), got “{value}”"))
