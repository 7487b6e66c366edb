"""Classification decides publication; downgrades need a reviewer; everything is audited.

Real CKAN and PostgreSQL, through the Action API as a department would use it.
"""
import pytest

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
from ckan.logic import NotAuthorized, ValidationError

from tests.integration.conftest import standard_fields

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]


@pytest.fixture(autouse=True)
def inline_jobs(ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "govopen.jobs.inline", "true")


def ctx(user):
    return {"user": user["name"], "ignore_auth": False}


def create(user, org, private=True, **fields):
    return helpers.call_action("package_create", ctx(user), name=fields.pop("name", "ds"), title=fields.pop("title", "公交线路"),
                               notes="说明。", owner_org=org["id"], private=private, **standard_fields(**fields))


@pytest.mark.parametrize("fields, fragment", [
    ({"security_level": "important"}, "重要数据"),
    ({"security_level": "core"}, "核心数据"),
    ({"commercial_secret": True}, "商业秘密"),
    ({"personal_info": "personal"}, "个人信息"),
    ({"personal_info": "sensitive"}, "个人信息"),
    ({"personal_info": "anonymized"}, "k-匿名"),
    ({"open_type": "none", "legal_basis": "《条例》"}, "不予开放"),
])
def test_restricted_classifications_cannot_be_public(sysadmin, department, fields, fragment):
    with pytest.raises(ValidationError) as err:
        create(sysadmin, department, private=False, **fields)
    assert any(fragment in m for m in err.value.error_dict["private"]), err.value.error_dict
    with pytest.raises(Exception):
        helpers.call_action("package_show", id="ds")
    # kept private, the same dataset is fine; publishing it later is refused the same way
    ds = create(sysadmin, department, **fields)
    with pytest.raises(ValidationError):
        helpers.call_action("package_patch", ctx(sysadmin), id=ds["id"], private=False)
    assert helpers.call_action("package_show", id=ds["id"])["private"] is True


def test_conditional_and_deidentified_datasets_may_list_their_metadata(sysadmin, department):
    ds = create(sysadmin, department, private=False, personal_info="deidentified", open_type="conditional",
                open_condition="实名申请", legal_basis="《个人信息保护法》")
    assert ds["private"] is False
    out = helpers.call_action("govopen_publication_blockers", ctx(sysadmin), id=ds["id"])
    assert out["may_be_public"] is True


def test_security_markings_hold_publication_until_a_reviewer_approves(sysadmin, department, editor):
    ds = create(editor, department, title="企业名单（内部资料）")
    with pytest.raises(ValidationError) as err:
        helpers.call_action("package_patch", ctx(editor), id=ds["id"], private=False)
    assert any("内部资料" in m for m in err.value.error_dict["private"])
    with pytest.raises(NotAuthorized):
        helpers.call_action("govopen_review_approve", ctx(editor), id=ds["id"], kind="markings", reason="ok")
    helpers.call_action("govopen_review_approve", ctx(sysadmin), id=ds["id"], kind="markings",
                        reason="“内部资料”是企业自己的栏目名，非密级标识")
    assert helpers.call_action("package_patch", ctx(editor), id=ds["id"], private=False)["private"] is False
    # a new marking is not covered by the old approval
    with pytest.raises(ValidationError) as err:
        helpers.call_action("package_patch", ctx(editor), id=ds["id"], notes="机密★ 附件")
    assert any("机密" in m for m in err.value.error_dict["private"])


def test_a_department_editor_cannot_downgrade_without_a_reviewer(sysadmin, department, editor):
    ds = create(editor, department, security_level="important")
    with pytest.raises(ValidationError) as err:
        helpers.call_action("package_patch", ctx(editor), id=ds["id"], security_level="general")
    assert "security_level" in err.value.error_dict
    assert helpers.call_action("package_show", id=ds["id"])["security_level"] == "important"
    # raising it is always allowed
    helpers.call_action("package_patch", ctx(editor), id=ds["id"], security_level="core")
    # a reviewer approves lowering core -> general, then the editor may do exactly that
    with pytest.raises(NotAuthorized):
        helpers.call_action("govopen_review_approve", ctx(editor), id=ds["id"], kind="downgrade",
                            field="security_level", to="general", reason="x")
    helpers.call_action("govopen_review_approve", ctx(sysadmin), id=ds["id"], kind="downgrade",
                        field="security_level", to="general", reason="经评估为一般数据")
    out = helpers.call_action("package_patch", ctx(editor), id=ds["id"], security_level="general")
    assert out["security_level"] == "general"


def test_reviewer_group_members_are_reviewers(sysadmin, department, editor, ckan_config, monkeypatch):
    office = factories.Group(user=sysadmin, name="data-office")
    reviewer = factories.User()
    helpers.call_action("group_member_create", id=office["id"], username=reviewer["name"], role="member")
    ds = create(editor, department, open_type="none", legal_basis="《条例》")
    with pytest.raises(NotAuthorized):
        helpers.call_action("govopen_audit_list", ctx(reviewer), id=ds["id"])
    monkeypatch.setitem(ckan_config, "govopen.reviewer_group", "data-office")
    assert helpers.call_action("govopen_audit_list", ctx(reviewer), id=ds["id"])
    with pytest.raises(NotAuthorized):
        helpers.call_action("govopen_audit_list", ctx(editor), id=ds["id"])
    with pytest.raises(NotAuthorized):
        helpers.call_action("govopen_audit_list", {"user": "", "ignore_auth": False})


def test_every_classification_change_and_publication_is_audited(sysadmin, department, editor):
    ds = create(editor, department, open_type="conditional", open_condition="申请", legal_basis="《条例》")
    helpers.call_action("package_patch", ctx(editor), id=ds["id"], open_type="none")
    helpers.call_action("package_patch", ctx(editor), id=ds["id"], notes="只改了摘要")   # not audited
    helpers.call_action("govopen_review_approve", ctx(sysadmin), id=ds["id"], kind="downgrade",
                        field="open_type", to="unconditional", reason="已完成开放评估")
    helpers.call_action("package_patch", ctx(editor), id=ds["id"], open_type="unconditional", private=False)
    with pytest.raises(ValidationError):
        helpers.call_action("package_patch", ctx(editor), id=ds["id"], security_level="important")
    helpers.call_action("package_patch", ctx(sysadmin), id=ds["id"], private=True)

    log = helpers.call_action("govopen_audit_list", ctx(sysadmin), id=ds["id"])
    actions = [(e["action"], e["actor"]) for e in reversed(log)]
    assert actions == [
        ("created", editor["name"]),
        ("classification_change", editor["name"]),
        ("approval", sysadmin["name"]),
        ("classification_change", editor["name"]),
        ("published", editor["name"]),
        ("publication_refused", editor["name"]),
        ("withdrawn", sysadmin["name"]),
    ]
    by_action = {e["action"]: e for e in log}
    change = [e for e in log if e["action"] == "classification_change"][0]   # newest first
    assert change["before"] == {"open_type": "none"} and change["after"] == {"open_type": "unconditional"}
    assert "已完成开放评估" in change["reason"] and sysadmin["name"] in change["reason"]
    assert "重要数据" in by_action["publication_refused"]["reason"]
    assert by_action["created"]["after"]["open_type"] == "conditional"
    assert all(e["created"] for e in log)


def test_the_audit_log_is_append_only(sysadmin, department):
    import ckan.model as model
    import sqlalchemy as sa
    create(sysadmin, department)
    with pytest.raises(sa.exc.DBAPIError, match="append-only"):
        model.Session.execute(sa.text("UPDATE govopen_audit_log SET reason = 'x'"))
    model.Session.rollback()
    with pytest.raises(sa.exc.DBAPIError, match="append-only"):
        model.Session.execute(sa.text("DELETE FROM govopen_audit_log"))
    model.Session.rollback()


def test_anonymous_api_calls_are_refused_not_errors(app, sysadmin, department):
    ds = create(sysadmin, department)
    app.get("/api/3/action/govopen_audit_list", status=403)
    app.get("/api/3/action/govopen_audit_list", params={"id": ds["id"]}, status=403)
    app.post("/api/3/action/govopen_review_approve", json={"id": ds["id"], "kind": "markings", "reason": "x"},
             status=403)
