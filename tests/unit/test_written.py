"""The facts a harvest job passes to the show that follows a create reach the
show's hooks (CKAN's ``fresh_context`` keeps only ``context_cache``), and only
for the dataset just created."""
from ckan.logic import fresh_context

from ckanext.govopen import written


def test_the_facts_survive_the_fresh_context_of_the_show():
    context = written.just_created_context({"user": "site", "ignore_auth": True}, "d-1",
                                           harvest_withdrawn=False)
    shown = fresh_context(context, ignore_auth=True, use_cache=False, validate=False)
    assert written.just_created(shown, {"id": "d-1"}) == {"harvest_withdrawn": False}


def test_no_facts_for_another_dataset_or_an_ordinary_show():
    context = written.just_created_context({}, "d-1")
    assert written.just_created(context, {"id": "d-1"}) == {}
    assert written.just_created(context, {"id": "d-2"}) is None
    assert written.just_created({}, {"id": "d-1"}) is None
    assert written.just_created(context, {}) is None


def test_the_callers_context_is_not_changed():
    context = {"user": "site", "context_cache": {"other": 1}}
    out = written.just_created_context(context, "d-1")
    assert context == {"user": "site", "context_cache": {"other": 1}}
    assert out["context_cache"]["other"] == 1
