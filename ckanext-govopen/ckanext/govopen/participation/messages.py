"""The texts of participation errors, declared once (``ckanext.govopen.messages``; the
Chinese is in the zh_Hans_CN catalog; API callers get both)."""
from __future__ import annotations

from ckanext.govopen.messages import N_, declare, render

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

FIELD_LABELS = {
    "text": {"zh": "意见内容", "en": "Feedback"},
    "author_name": {"zh": "署名", "en": "Name"},
    "title": {"zh": "标题", "en": "Title"},
    "description": {"zh": "需求说明", "en": "Description"},
    "contact": {"zh": "联系方式", "en": "Contact"},
    "reply": {"zh": "答复", "en": "Reply"},
    "answer": {"zh": "答复", "en": "Answer"},
}


def text(msg_id, lang=None, **params) -> str:
    return render(MESSAGES[msg_id](**params), lang)


def both(msg_id, **params) -> str:
    """zh and en together, for API errors whose reader's language is unknown."""
    return "%s / %s" % (text(msg_id, "zh", **params), text(msg_id, "en", **params))
