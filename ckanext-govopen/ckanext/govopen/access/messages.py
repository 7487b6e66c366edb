"""The texts of conditional access, declared once (``ckanext.govopen.messages``; the
Chinese is in the zh_Hans_CN catalog)."""
from __future__ import annotations

from ckanext.govopen.messages import N_, declare

MESSAGES = {
    "file_not_found": declare("access.file_not_found", N_("There is no such file.")),
    "download_refused": declare("access.download_refused", N_(
        "This dataset is conditionally open: downloading needs an approved access request.")),
    "files_restricted": declare("access.files_restricted", N_(
        "This dataset is conditionally open: resource addresses are given to approved applicants "
        "only.")),
    "not_conditional": declare("access.not_conditional", N_(
        "Dataset '{dataset}' needs no request: only conditionally open datasets take access "
        "requests.")),
    "already_has_access": declare("access.already_has_access", N_(
        "You already have access to the resources of dataset '{dataset}'.")),
    "duplicate_request": declare("access.duplicate_request", N_(
        "You already have a {status} request ({id}) for dataset '{dataset}'.")),
    "purpose_required": declare("access.purpose_required", N_(
        "Please state the purpose of the request (purpose): {min} to {max} characters.")),
    "reason_required": declare("access.reason_required", N_(
        "Please give the reason for the decision (reason), at most {max} characters.")),
    "bad_decision": declare("access.bad_decision", N_(
        "The decision must be 'approved' or 'denied', got '{value}'.")),
    "same_decision": declare("access.same_decision", N_("Request {id} is already {status}.")),
    "bad_status": declare("access.bad_status", N_(
        "The status must be one of pending, approved, denied; got '{value}'.")),
    "request_not_found": declare("access.request_not_found", N_("Access request {id} not found.")),
    "login_required": declare("access.login_required", N_("Please log in to request access.")),
    "request_at_source": declare("access.request_at_source", N_(
        "Dataset '{dataset}' comes from another catalog ({catalog}): its department there, "
        "{department}, decides access. Please request access at {url}.")),
    "not_department": declare("access.not_department", N_(
        "Only the dataset's department (editors, admins) or a sysadmin may decide access "
        "requests.")),
}

#: an access request's status in words (``STATUS[status]()``: a message value)
STATUS = {
    "pending": declare("access.status_pending", N_("access request|pending")),
    "approved": declare("access.status_approved", N_("access request|approved")),
    "denied": declare("access.status_denied", N_("access request|denied")),
}


def message(msg_id, **params) -> dict:
    """The message ``msg_id`` with its parameters (code + params, JSON); words
    come from ``ckanext.govopen.messages`` (``render`` in the reader's language,
    ``joined`` for API errors whose reader's language is unknown)."""
    return MESSAGES[msg_id](**params)
