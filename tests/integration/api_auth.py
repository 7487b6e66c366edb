"""Acting as a user in integration tests: an action context, or the
Authorization header of a fresh API token for the Flask test client."""
from ckan.tests import helpers


def ctx(user):
    """An action context for ``user`` (None: anonymous), with auth checked."""
    return {"user": user["name"] if user else "", "ignore_auth": False}


def token(user):
    return helpers.call_action("api_token_create", {"user": user["name"], "ignore_auth": True},
                               user=user["name"], name="test")["token"]


def as_user(user):
    """``app.get(url, **as_user(user))``; None: anonymous."""
    return {"headers": {"Authorization": token(user)}} if user else {}
