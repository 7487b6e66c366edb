"""What the personal-information scan job stores as a result's error, declared once
(``ckanext.govopen.messages``): a code and parameters, read in the reader's language
(``model`` gives readers ``{"zh", "en"}`` rendered when the row is read)."""
from __future__ import annotations

from ckanext.govopen.messages import N_, declare

TOO_LARGE = declare("privacy.too_large", N_("the file has {size} bytes, over the scan limit of {limit}"))
ENCODING_UNKNOWN = declare("privacy.encoding_unknown", N_(
    "the text encoding cannot be recognised; the content cannot be read"))
UNREADABLE = declare("privacy.unreadable", N_("a file that cannot be read"))
INCOMPLETE = declare("privacy.incomplete", N_("the scan did not complete"))
#: why a file cannot be read (``content_job``: the reason a scan holds it for a reviewer)
CORRUPT_GZIP = declare("privacy.corrupt_gzip", N_("a corrupt gzip file"))
NESTED_GZIP = declare("privacy.nested_gzip", N_("gzip inside gzip"))

#: a resource's scan status in words (``STATUS[status]()``)
STATUS = {
    "pending": declare("privacy.status_pending", N_("scan|pending")),
    "done": declare("privacy.status_done", N_("scan|done")),
    "failed": declare("privacy.status_failed", N_("scan|failed")),
    "not_applicable": declare("privacy.status_not_applicable", N_("not applicable (not a table)")),
    "held": declare("privacy.status_held", N_("cannot be read: held for a reviewer")),
}

#: why the content pipeline could not read a resource's content (``content.ContentError``)
UPLOAD_MISSING = declare("privacy.upload_missing", N_(
    "the uploaded file is not in the storage (not saved yet, or deleted)"))
LINK_HTTP = declare("privacy.link_http", N_("the link answered HTTP {status}"))
LINK_TOO_LARGE = declare("privacy.link_too_large", N_(
    "the linked file exceeds the {purpose} limit of {limit} bytes"))
LINK_FAILED = declare("privacy.link_failed", N_("the link could not be downloaded: {error}"))
FILE_TOO_LARGE = declare("privacy.file_too_large", N_(
    "the file has {size} bytes, over the {purpose} limit of {limit}"))
NO_CONTENT = declare("privacy.no_content", N_("the resource has neither a file nor a link"))
UNPACKED_TOO_LARGE = declare("privacy.unpacked_too_large", N_(
    "the uncompressed content exceeds the limit of {limit} bytes"))
#: what the content was read for, a parameter of the limits above
PURPOSES = {
    "scan": declare("privacy.purpose_scan", N_("limit of a|scan")),
    "validation": declare("privacy.purpose_validation", N_("limit of a|validation")),
    "content": declare("privacy.purpose_content", N_("limit of a|content check")),
}
