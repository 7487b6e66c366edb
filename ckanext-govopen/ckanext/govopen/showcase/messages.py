"""The texts of the showcase, declared once (``ckanext.govopen.messages``; the
Chinese is in the zh_Hans_CN catalog; API callers get both, ``messages.joined``)."""
from __future__ import annotations

from ckanext.govopen.messages import N_, declare

MESSAGES = {
    "length": declare("showcase.length", N_(
        "'{field}' must be {min} to {max} characters long (it has {got}).")),
    "bad_link": declare("showcase.bad_link", N_(
        "'{field}' must be a full http:// or https:// address (got '{value}').")),
    "bad_kind": declare("showcase.bad_kind", N_(
        "The type must be one of {allowed}; got '{value}'.")),
    "no_datasets": declare("showcase.no_datasets", N_(
        "Name at least one dataset the work uses (at most {max}).")),
    "too_many_datasets": declare("showcase.too_many_datasets", N_(
        "At most {max} datasets may be named; got {got}.")),
    "unknown_dataset": declare("showcase.unknown_dataset", N_(
        "Dataset '{value}' was not found (datasets used).")),
    "bad_image": declare("showcase.bad_image", N_(
        "The image must be a PNG, JPEG, GIF or WebP file (image).")),
    "image_too_large": declare("showcase.image_too_large", N_(
        "The image is larger than {max} bytes (image).")),
    "image_fetch_failed": declare("showcase.image_fetch_failed", N_(
        "The image could not be fetched from its link: {detail}")),
    "two_images": declare("showcase.two_images", N_(
        "Give either an uploaded image or an image link, not both (image).")),
    "bad_status": declare("showcase.bad_status", N_(
        "The decision must be 'approved' or 'rejected', got '{value}'.")),
    "reason_required": declare("showcase.reason_required", N_(
        "A rejection needs a reason the submitter can read (reason).")),
    "too_many_pending": declare("showcase.too_many_pending", N_(
        "You already have {max} showcase items waiting for review; please wait for a decision.")),
    "not_a_number": declare("showcase.not_a_number", N_(
        "limit and offset must be whole numbers, got '{value}'.")),
    "not_found": declare("showcase.not_found", N_("Showcase item not found.")),
    "not_reviewer": declare("showcase.not_reviewer", N_(
        "Only an editor or admin of a department whose dataset the item uses, or a sysadmin, may decide.")),
    "login_required": declare("showcase.login_required", N_("Please log in to submit a showcase item.")),
}

#: a form field's name in words, a parameter of ``length`` and ``bad_link``
FIELD_LABELS = {
    "title": declare("showcase.field_title", N_("showcase field|Title")),
    "description": declare("showcase.field_description", N_("showcase field|Description")),
    "link": declare("showcase.field_link", N_("showcase field|Link")),
    "image_url": declare("showcase.field_image_url", N_("showcase field|Image link")),
    "reason": declare("showcase.field_reason", N_("showcase field|Reason")),
}

#: the kinds of work, in words
KIND_LABELS = {
    "app": declare("showcase.kind_app", N_("showcase kind|App")),
    "analysis": declare("showcase.kind_analysis", N_("showcase kind|Analysis")),
    "visualisation": declare("showcase.kind_visualisation", N_("showcase kind|Visualisation")),
    "news": declare("showcase.kind_news", N_("showcase kind|News story")),
}

STATUS_LABELS = {
    "pending": declare("showcase.status_pending", N_("showcase status|Waiting for review")),
    "approved": declare("showcase.status_approved", N_("showcase status|Approved")),
    "rejected": declare("showcase.status_rejected", N_("showcase status|Rejected")),
}


def message(msg_id, **params) -> dict:
    """The message ``msg_id`` with its parameters (code + params, JSON)."""
    return MESSAGES[msg_id](**params)
