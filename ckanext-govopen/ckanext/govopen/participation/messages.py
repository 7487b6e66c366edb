"""The texts of participation errors, declared once (``ckanext.govopen.messages``; the
Chinese is in the zh_Hans_CN catalog; API callers get both, ``messages.joined``)."""
from __future__ import annotations

from ckanext.govopen.messages import N_, declare

MESSAGES = {
    "length": declare("participation.length", N_(
        "'{field}' must be {min} to {max} characters long (it has {got}).")),
    "score": declare("participation.score", N_(
        "The score must be a whole number from 1 to 5, got '{value}'.")),
    "not_public": declare("participation.not_public", N_(
        "Dataset '{dataset}' is not public; it takes no ratings or feedback.")),
    "too_many": declare("participation.too_many", N_(
        "Too many submissions: at most {max} an hour; please try again later.")),
    "bad_state": declare("participation.bad_state", N_(
        "The state must be 'published' or 'hidden', got '{value}'.")),
    "bad_status": declare("participation.bad_status", N_(
        "The status must be one of {allowed}; got '{value}'.")),
    "not_a_number": declare("participation.not_a_number", N_(
        "limit and offset must be whole numbers, got '{value}'.")),
    "not_found": declare("participation.not_found", N_("{what} {id} not found.")),
    "no_such_department": declare("participation.no_such_department", N_(
        "Department '{value}' (org_id) not found.")),
    "no_such_dataset": declare("participation.no_such_dataset", N_(
        "The linked dataset '{value}' (package_id) was not found.")),
    "not_department": declare("participation.not_department", N_(
        "Only the department's editors and admins or a sysadmin may do this.")),
    "login_required": declare("participation.login_required", N_("Please log in first.")),
}

#: a form field's name in words, a parameter of ``length`` (a message value)
FIELD_LABELS = {
    "text": declare("participation.field_text", N_("feedback field|Feedback")),
    "author_name": declare("participation.field_author_name", N_("participation field|Name")),
    "title": declare("participation.field_title", N_("Title")),
    "description": declare("participation.field_description", N_("data request field|Description")),
    "contact": declare("participation.field_contact", N_("Contact")),
    "reply": declare("participation.field_reply", N_("Reply")),
    "answer": declare("participation.field_answer", N_("Answer")),
}
#: what was not found, a parameter of ``not_found``
DATA_REQUEST = declare("participation.data_request", N_("Data request"))
FEEDBACK = declare("participation.feedback", N_("feedback item|Feedback"))


def message(msg_id, **params) -> dict:
    """The message ``msg_id`` with its parameters (code + params, JSON); words
    come from ``ckanext.govopen.messages`` (``render`` in the reader's language,
    ``joined`` for API errors whose reader's language is unknown)."""
    return MESSAGES[msg_id](**params)
