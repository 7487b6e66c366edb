"""Every write action, called through the Action API by callers who may not
write: the anonymous visitor, a logged-in outsider and an editor of another
department. None may get a 200, and none a 500.

Before (each found by this walk, each failing it):
- ``harvest_abort_failed_jobs`` checked nobody: an anonymous POST aborted jobs;
- ckanext-harvest's sysadmin-only auth functions raised an AttributeError for
  the anonymous caller (``harvest_sources_reindex``, ``harvest_jobs_run``...);
- CKAN's member actions, ``user_invite``, ``task_status_update_many`` and
  ckanext-harvest's source actions read a missing parameter before checking
  anything: KeyError / AssertionError, HTTP 500;
- ckanext-harvest's mail helpers (``send_mail``...) and an exception class
  (``InactiveSource``) were API actions that crashed when called;
- which names were actions or auth functions depended on the order CKAN
  built its registries (ckanext-harvest shares one dict between them).
"""
import pytest

import ckan.authz as authz
import ckan.logic as logic
import ckan.plugins as plugins
import ckan.plugins.toolkit as tk
import ckan.tests.factories as factories
from ckan.tests import helpers

from tests.integration.api_auth import as_user
from tests.integration.conftest import PROVIDER_CODES
from tests.integration.leak_walk_registry import POST_READS

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]

#: what a caller who may not write gets instead: bad request, refused, not found, invalid
REFUSALS = {400, 403, 404, 409}

#: writes any logged-in user makes on their own account (following what they may see,
#: marking their own dashboard read): a 200 for them is right
OWN_ACCOUNT = {"follow_dataset", "follow_group", "follow_user", "unfollow_dataset", "unfollow_group",
               "unfollow_user", "dashboard_mark_activities_old"}


def write_actions():
    tk.get_action("package_show")
    return sorted(name for name, fn in logic._actions.items()
                  if not getattr(fn, "side_effect_free", False) and name not in POST_READS)


@pytest.fixture
def callers(sysadmin, department, make_dataset):
    other = factories.Organization(user=sysadmin, provider_code=next(PROVIDER_CODES))
    editor_b, outsider = factories.User(), factories.User()
    helpers.call_action("organization_member_create", id=other["id"], username=editor_b["name"], role="editor")
    private = make_dataset(private=True)
    return {"anonymous": None, "outsider": outsider, "editor_b": editor_b, "department": department,
            "dataset": private}


def test_harvest_keeps_actions_and_auth_functions_apart():
    harvest = plugins.get_plugin("harvest")
    auth = harvest.get_auth_functions()          # in the order that mixed them before
    actions = harvest.get_actions()
    assert auth is not actions
    assert "harvest_sources_clear" not in actions and "auth_allow_anonymous_access" not in actions
    assert "harvest_log_list" not in auth and "harvest_source_patch" not in auth
    assert actions["harvest_source_show"].__module__ == "ckanext.harvest.logic.action.get"
    assert auth["harvest_source_show"].__module__ == "ckanext.harvest.logic.auth.get"
    # CKAN's own registries, rebuilt auth first: the same
    logic.clear_actions_cache()
    authz.clear_auth_functions_cache()
    assert "harvest_log_list" in authz.auth_functions_list()         # govopen's, sysadmin only
    tk.get_action("package_show")
    assert "harvest_sources_clear" not in logic._actions
    assert "auth_allow_anonymous_access" not in logic._actions


def test_no_write_action_answers_200_or_500_to_callers_who_may_not_write(app, callers):
    names = write_actions()
    assert len(names) > 100 and "harvest_abort_failed_jobs" in names and "package_patch" in names
    bodies = ({}, {"id": callers["department"]["id"]}, {"id": callers["dataset"]["id"]})
    wrong = []
    for who in ("anonymous", "outsider", "editor_b"):
        headers = as_user(callers[who])
        for name in names:
            if who != "anonymous" and name in OWN_ACCOUNT:
                continue
            for body in bodies:
                resp = app.post("/api/3/action/" + name, json=body, **headers)
                if resp.status_code not in REFUSALS:
                    wrong.append("%s %s %s -> %s %s" % (who, name, body, resp.status_code, resp.body[:160]))
    assert wrong == [], "%d answers were neither a refusal nor an error the caller can fix:\n%s" % (
        len(wrong), "\n".join(wrong))


def test_the_refusals_say_what_is_missing_in_both_languages(app):
    body = app.post("/api/3/action/group_member_create", json={"username": "x"}, status=409).json
    assert "缺少必填参数" in str(body["error"]) and "is required" in str(body["error"])
    body = app.post("/api/3/action/organization_member_delete", json={"id": "no-such-org", "username": "x"},
                    status=404).json
    assert "未找到" in body["error"]["message"] and "not found" in body["error"]["message"]
