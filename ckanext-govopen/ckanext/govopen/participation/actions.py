"""The participation actions and their auth functions, by name (``logic/actions.py``
and ``logic/auth.py`` take them with one line each)."""
from __future__ import annotations

from . import data_requests, feedback, ratings

_ACTIONS = {
    "govopen_rating_create": (ratings.rating_create, ratings.rating_create_auth),
    "govopen_rating_show": (ratings.rating_show, ratings.rating_show_auth),
    "govopen_feedback_create": (feedback.feedback_create, feedback.feedback_create_auth),
    "govopen_feedback_list": (feedback.feedback_list, feedback.feedback_list_auth),
    "govopen_feedback_moderate": (feedback.feedback_moderate, feedback.feedback_moderate_auth),
    "govopen_data_request_create": (data_requests.data_request_create, data_requests.data_request_create_auth),
    "govopen_data_request_show": (data_requests.data_request_show, data_requests.data_request_show_auth),
    "govopen_data_request_list": (data_requests.data_request_list, data_requests.data_request_list_auth),
    "govopen_data_request_answer": (data_requests.data_request_answer, data_requests.data_request_answer_auth),
}


def actions() -> dict:
    return {name: pair[0] for name, pair in _ACTIONS.items()}


def auth_functions() -> dict:
    return {name: pair[1] for name, pair in _ACTIONS.items()}
