"""The one publication gate, wired into every write path of CKAN.

A check is injected for these tests (``gate.core._checks``) so that what is
tested is the wiring: every path that could make a dataset public asks the
gate, a refusal is a ValidationError on ``private``, and nothing is written.
The real checks (classification, privacy, validation) have their own tests.
"""
import pytest

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
from ckan.logic import NotFound, ValidationError

from ckanext.govopen.gate import Blocker, core
from tests.integration.conftest import standard_fields

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]

HOLD = {"zh": "测试检查：标题含“待审”的数据集不能公开。",
        "en": "Test check: a dataset titled with 'HOLD' cannot be public."}


def hold_check(dataset):
    """Blocks datasets whose title says HOLD, and any resource named 'unchecked'."""
    if "HOLD" in (dataset.get("title") or ""):
        yield Blocker("test", "hold", HOLD)
    for res in dataset.get("resources") or []:
        if res.get("name") == "unchecked":
            yield Blocker("test", "unchecked", {"zh": "资源未检查。", "en": "Resource not checked."},
                          resource_id=res.get("id"))


@pytest.fixture(autouse=True)
def test_check(monkeypatch):
    monkeypatch.setattr(core, "_checks", [("test", hold_check)])


def ctx(user):
    return {"user": user["name"], "ignore_auth": False}


def test_public_create_of_a_blocked_dataset_is_refused_and_nothing_is_stored(sysadmin, department):
    with pytest.raises(ValidationError) as err:
        helpers.call_action("package_create", ctx(sysadmin), name="held", title="HOLD me", notes="n",
                            owner_org=department["id"], private=False, **standard_fields())
    assert any("HOLD" in m or "待审" in m for m in err.value.error_dict["private"])
    with pytest.raises(Exception):
        helpers.call_action("package_show", id="held")


def test_private_create_is_allowed_and_publishing_it_is_refused(sysadmin, department):
    ds = helpers.call_action("package_create", ctx(sysadmin), name="held", title="HOLD me", notes="n",
                             owner_org=department["id"], private=True, **standard_fields())
    assert ds["private"] is True
    with pytest.raises(ValidationError) as err:
        helpers.call_action("package_patch", ctx(sysadmin), id=ds["id"], private=False)
    assert err.value.error_dict["private"]
    assert helpers.call_action("package_show", id=ds["id"])["private"] is True


def test_bulk_make_public_is_refused_for_a_blocked_dataset(sysadmin, department):
    ds = helpers.call_action("package_create", ctx(sysadmin), name="held", title="HOLD me", notes="n",
                             owner_org=department["id"], private=True, **standard_fields())
    with pytest.raises(ValidationError):
        helpers.call_action("bulk_update_public", ctx(sysadmin),
                            datasets=[ds["id"]], org_id=department["id"])
    assert helpers.call_action("package_show", id=ds["id"])["private"] is True


def test_fixing_the_cause_lets_the_dataset_be_published(sysadmin, department):
    ds = helpers.call_action("package_create", ctx(sysadmin), name="held", title="HOLD me", notes="n",
                             owner_org=department["id"], private=True, **standard_fields())
    out = helpers.call_action("package_patch", ctx(sysadmin), id=ds["id"],
                              title="Released", private=False)
    assert out["private"] is False


def test_adding_a_blocked_resource_to_a_public_dataset_is_refused(sysadmin, department):
    ds = helpers.call_action("package_create", ctx(sysadmin), name="open-one", title="Open", notes="n",
                             owner_org=department["id"], private=False, **standard_fields())
    with pytest.raises(ValidationError):
        helpers.call_action("resource_create", ctx(sysadmin), package_id=ds["id"],
                            name="unchecked", url="http://example.org/x.csv")
    shown = helpers.call_action("package_show", id=ds["id"])
    assert shown["resources"] == [] and shown["private"] is False
    # The same resource may go into a private dataset (to be checked there).
    private = helpers.call_action("package_create", ctx(sysadmin), name="closed", title="Closed", notes="n",
                                  owner_org=department["id"], private=True, **standard_fields())
    helpers.call_action("resource_create", ctx(sysadmin), package_id=private["id"],
                        name="unchecked", url="http://example.org/x.csv")


def test_a_check_that_crashes_blocks_publication(sysadmin, department, monkeypatch):
    def broken(dataset):
        raise RuntimeError("boom")
    monkeypatch.setattr(core, "_checks", [("broken", broken)])
    with pytest.raises(ValidationError) as err:
        helpers.call_action("package_create", ctx(sysadmin), name="x", title="x", notes="n",
                            owner_org=department["id"], private=False, **standard_fields())
    assert "broken" in " ".join(err.value.error_dict["private"])


def test_blockers_action_tells_the_department_and_nobody_else(sysadmin, department):
    ds = helpers.call_action("package_create", ctx(sysadmin), name="held", title="HOLD me", notes="n",
                             owner_org=department["id"], private=True, **standard_fields())
    out = helpers.call_action("govopen_publication_blockers", ctx(sysadmin), id=ds["id"])
    assert out["may_be_public"] is False
    assert [b["code"] for b in out["blockers"]] == ["hold"]
    assert out["blockers"][0]["messages"] == HOLD
    outsider = factories.User()
    # the same NotFound as for a dataset that does not exist (issue 14)
    with pytest.raises(NotFound):
        helpers.call_action("govopen_publication_blockers", ctx(outsider), id=ds["id"])
    with pytest.raises(NotFound):
        helpers.call_action("govopen_publication_blockers", {"user": "", "ignore_auth": False},
                            id=ds["id"])


def test_publishing_by_patch_sees_the_stored_resources(sysadmin, department):
    """package_patch validates no unchanged resource; the gate must still see them."""
    ds = helpers.call_action("package_create", ctx(sysadmin), name="closed", title="Closed", notes="n",
                             owner_org=department["id"], private=True, **standard_fields())
    helpers.call_action("resource_create", ctx(sysadmin), package_id=ds["id"],
                        name="unchecked", url="http://example.org/x.csv")
    with pytest.raises(ValidationError) as err:
        helpers.call_action("package_patch", ctx(sysadmin), id=ds["id"], private=False)
    assert "资源未检查。" in err.value.error_dict["private"] or \
        "Resource not checked." in err.value.error_dict["private"]
    assert helpers.call_action("package_show", id=ds["id"])["private"] is True


def test_a_removed_resource_no_longer_blocks(sysadmin, department):
    """The resources the caller passes are the ones that stay: dropping the
    blocked one and publishing in the same package_update succeeds."""
    ds = helpers.call_action("package_create", ctx(sysadmin), name="closed", title="Closed", notes="n",
                             owner_org=department["id"], private=True, **standard_fields())
    keep = helpers.call_action("resource_create", ctx(sysadmin), package_id=ds["id"],
                               name="checked", url="http://example.org/ok.csv")
    helpers.call_action("resource_create", ctx(sysadmin), package_id=ds["id"],
                        name="unchecked", url="http://example.org/x.csv")
    shown = helpers.call_action("package_show", id=ds["id"])
    shown["resources"] = [r for r in shown["resources"] if r["id"] == keep["id"]]
    out = helpers.call_action("package_update", ctx(sysadmin), **dict(shown, private=False))
    assert out["private"] is False
    assert [r["id"] for r in out["resources"]] == [keep["id"]]
