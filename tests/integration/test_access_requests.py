"""Access requests for conditionally-open datasets: file, decide, list, and what
an approval opens (the dataset's files, for that user, for that dataset only)."""
import pytest

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
from ckan.logic import NotAuthorized, NotFound, ValidationError

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]

@pytest.fixture(autouse=True)
def no_gate_checks(monkeypatch):
    """These tests are about what a public dataset shows, not whether it may be
    public: the gate's content checks (scans, validation of the remote test URLs,
    which cannot be fetched here) are switched off; the open type still comes
    from the classification policy."""
    from ckanext.govopen.gate import core
    monkeypatch.setattr(core, "_checks", [])


FILE = "http://files.example.gov.cn/restricted/beds-rq4t.csv"
OTHER_FILE = "http://files.example.gov.cn/restricted/wards-rq9z.csv"
PURPOSE = "用于医院床位分布研究（学术用途）。"


def ctx(user):
    return {"user": user["name"] if user else "", "ignore_auth": False}


def conditional(make_dataset, url, **kw):
    return make_dataset(open_type="conditional", open_condition="实名申请后提供",
                        legal_basis="《中华人民共和国数据安全法》第二十一条", theme="health",
                        resources=[{"name": "beds", "url": url, "format": "CSV"}], **kw)


@pytest.fixture
def people(department, sysadmin):
    editor, member, applicant, other = (factories.User() for _ in range(4))
    for user, capacity in ((editor, "editor"), (member, "member")):
        helpers.call_action("organization_member_create", id=department["id"],
                            username=user["name"], role=capacity)
    return {"editor": editor, "member": member, "applicant": applicant, "other": other,
            "sysadmin": sysadmin}


def urls(user, dataset_id):
    shown = helpers.call_action("package_show", ctx(user), id=dataset_id)
    return [r["url"] for r in shown["resources"]]


def test_the_department_sees_files_and_the_public_does_not(make_dataset, people):
    d = conditional(make_dataset, FILE)
    assert urls(people["editor"], d["id"]) == [FILE]
    assert urls(people["member"], d["id"]) == [FILE]
    assert urls(people["sysadmin"], d["id"]) == [FILE]
    assert urls(people["applicant"], d["id"]) == [""]
    assert urls(None, d["id"]) == [""]
    shown = helpers.call_action("package_show", ctx(None), id=d["id"])
    assert shown["govopen_files_restricted"] is True
    assert shown["title"] == d["title"]  # the metadata stays public


def test_an_unconditional_dataset_shows_its_files_to_everyone(make_dataset, people):
    d = make_dataset(resources=[{"name": "x", "url": FILE, "format": "CSV"}])
    assert urls(None, d["id"]) == [FILE]
    assert urls(people["applicant"], d["id"]) == [FILE]


def test_request_approve_then_access_for_that_user_and_dataset_only(make_dataset, people):
    d = conditional(make_dataset, FILE)
    other_dataset = conditional(make_dataset, OTHER_FILE)
    req = helpers.call_action("govopen_access_request_create", ctx(people["applicant"]),
                              package_id=d["name"], purpose=PURPOSE)
    assert req["status"] == "pending" and req["package_id"] == d["id"]
    assert req["user"] == people["applicant"]["name"]
    assert urls(people["applicant"], d["id"]) == [""]

    out = helpers.call_action("govopen_access_request_decide", ctx(people["editor"]),
                              id=req["id"], decision="approved", reason="用途符合开放条件。")
    assert out["status"] == "approved" and out["decided_by_name"] == people["editor"]["name"]
    assert [e["action"] for e in out["events"]] == ["filed", "approved"]
    assert out["events"][1]["reason"] == "用途符合开放条件。"
    assert out["events"][1]["actor"] == people["editor"]["name"]

    assert urls(people["applicant"], d["id"]) == [FILE]
    assert urls(people["applicant"], other_dataset["id"]) == [""]
    assert urls(people["other"], d["id"]) == [""]
    found = helpers.call_action("package_search", ctx(people["applicant"]), q="*:*")["results"]
    by_id = {x["id"]: [r["url"] for r in x["resources"]] for x in found}
    assert by_id == {d["id"]: [FILE], other_dataset["id"]: [""]}


def test_a_denial_and_a_withdrawn_approval_close_access(make_dataset, people):
    d = conditional(make_dataset, FILE)
    req = helpers.call_action("govopen_access_request_create", ctx(people["applicant"]),
                              package_id=d["id"], purpose=PURPOSE)
    helpers.call_action("govopen_access_request_decide", ctx(people["sysadmin"]),
                        id=req["id"], decision="approved", reason="同意。")
    assert urls(people["applicant"], d["id"]) == [FILE]
    out = helpers.call_action("govopen_access_request_decide", ctx(people["editor"]),
                              id=req["id"], decision="denied", reason="协议已到期。")
    assert out["status"] == "denied"
    assert [e["action"] for e in out["events"]] == ["filed", "approved", "denied"]
    assert urls(people["applicant"], d["id"]) == [""]


def test_who_may_decide(make_dataset, people, sysadmin):
    d = conditional(make_dataset, FILE)
    req = helpers.call_action("govopen_access_request_create", ctx(people["applicant"]),
                              package_id=d["id"], purpose=PURPOSE)
    for user in (people["member"], people["other"], people["applicant"], None):
        with pytest.raises(NotAuthorized):
            helpers.call_action("govopen_access_request_decide", ctx(user),
                                id=req["id"], decision="approved", reason="自批。")
    # another department's admin neither
    other_admin = factories.User()
    factories.Organization(user=sysadmin, provider_code="11310000002463025G",
                           users=[{"name": other_admin["name"], "capacity": "admin"}])
    with pytest.raises(NotAuthorized):
        helpers.call_action("govopen_access_request_decide", ctx(other_admin),
                            id=req["id"], decision="approved", reason="越权。")
    assert urls(people["applicant"], d["id"]) == [""]


def test_anonymous_users_can_do_nothing(make_dataset, app):
    d = conditional(make_dataset, FILE)
    for action in ("govopen_access_request_create", "govopen_access_request_list",
                   "govopen_access_request_decide"):
        with pytest.raises(NotAuthorized):
            helpers.call_action(action, ctx(None), package_id=d["id"], purpose=PURPOSE, id="x")
        res = app.post("/api/3/action/" + action, json={"package_id": d["id"], "purpose": PURPOSE})
        assert res.status_code == 403, action


@pytest.mark.parametrize("fields, key", [
    ({"purpose": ""}, "purpose"),
    ({"purpose": "太短"}, "purpose"),
    ({"purpose": "x" * 2001}, "purpose"),
])
def test_bad_requests_are_refused_in_both_languages(make_dataset, people, fields, key):
    d = conditional(make_dataset, FILE)
    with pytest.raises(ValidationError) as err:
        helpers.call_action("govopen_access_request_create", ctx(people["applicant"]),
                            package_id=d["id"], **fields)
    [message] = err.value.error_dict[key]
    assert "申请用途" in message and "purpose" in message


def test_requests_for_open_private_or_own_datasets_are_refused(make_dataset, people):
    open_ = make_dataset(resources=[{"name": "x", "url": FILE, "format": "CSV"}])
    with pytest.raises(ValidationError) as err:
        helpers.call_action("govopen_access_request_create", ctx(people["applicant"]),
                            package_id=open_["id"], purpose=PURPOSE)
    assert "needs no request" in err.value.error_dict["package_id"][0]
    private = conditional(make_dataset, FILE, private=True)
    with pytest.raises(NotFound):      # as for a dataset that does not exist (issue 14)
        helpers.call_action("govopen_access_request_create", ctx(people["applicant"]),
                            package_id=private["id"], purpose=PURPOSE)
    d = conditional(make_dataset, OTHER_FILE)
    with pytest.raises(ValidationError) as err:
        helpers.call_action("govopen_access_request_create", ctx(people["member"]),
                            package_id=d["id"], purpose=PURPOSE)
    assert "already have access" in err.value.error_dict["package_id"][0]


def test_a_second_pending_request_is_refused(make_dataset, people):
    d = conditional(make_dataset, FILE)
    helpers.call_action("govopen_access_request_create", ctx(people["applicant"]),
                        package_id=d["id"], purpose=PURPOSE)
    with pytest.raises(ValidationError) as err:
        helpers.call_action("govopen_access_request_create", ctx(people["applicant"]),
                            package_id=d["id"], purpose=PURPOSE)
    assert "请勿重复提交" in err.value.error_dict["package_id"][0]


def test_decisions_need_a_valid_decision_and_a_reason(make_dataset, people):
    d = conditional(make_dataset, FILE)
    req = helpers.call_action("govopen_access_request_create", ctx(people["applicant"]),
                              package_id=d["id"], purpose=PURPOSE)
    with pytest.raises(ValidationError) as err:
        helpers.call_action("govopen_access_request_decide", ctx(people["editor"]),
                            id=req["id"], decision="maybe", reason="?")
    assert "maybe" in err.value.error_dict["decision"][0]
    with pytest.raises(ValidationError) as err:
        helpers.call_action("govopen_access_request_decide", ctx(people["editor"]),
                            id=req["id"], decision="denied", reason="  ")
    assert "决定理由" in err.value.error_dict["reason"][0]
    listed = helpers.call_action("govopen_access_request_list", ctx(people["editor"]))
    assert [(r["id"], r["status"], len(r["events"])) for r in listed] == [(req["id"], "pending", 1)]


def test_list_shows_the_department_its_requests_and_users_their_own(make_dataset, people, sysadmin):
    d = conditional(make_dataset, FILE)
    mine = helpers.call_action("govopen_access_request_create", ctx(people["applicant"]),
                               package_id=d["id"], purpose=PURPOSE)
    theirs = helpers.call_action("govopen_access_request_create", ctx(people["other"]),
                                 package_id=d["id"], purpose=PURPOSE + "二")

    def ids(user, **kw):
        return {r["id"] for r in helpers.call_action("govopen_access_request_list", ctx(user), **kw)}

    assert ids(people["applicant"]) == {mine["id"]}
    assert ids(people["other"]) == {theirs["id"]}
    assert ids(people["editor"]) == {mine["id"], theirs["id"]}
    assert ids(people["sysadmin"], package_id=d["name"]) == {mine["id"], theirs["id"]}
    assert ids(people["editor"], status="approved") == set()
    assert ids(people["member"]) == set()  # members see files, they do not decide
    with pytest.raises(ValidationError):
        ids(people["editor"], status="granted")


def test_an_editor_without_file_access_cannot_erase_urls_by_patching(make_dataset, people,
                                                                      ckan_config, monkeypatch):
    """A collaborator may edit a dataset without being in its department: CKAN's
    patch reads the dataset (for_update) and writes it back whole, so that read
    must keep the URLs the collaborator is not shown."""
    monkeypatch.setitem(ckan_config, "ckan.auth.allow_dataset_collaborators", True)
    d = conditional(make_dataset, FILE)
    helpers.call_action("package_collaborator_create", id=d["id"],
                        user_id=people["other"]["id"], capacity="editor")
    assert urls(people["other"], d["id"]) == [""]
    helpers.call_action("package_patch", ctx(people["other"]), id=d["id"], notes="新的说明。")
    res = d["resources"][0]
    helpers.call_action("resource_patch", ctx(people["other"]), id=res["id"], name="beds 2024")
    shown = helpers.call_action("package_show", ctx(people["sysadmin"]), id=d["id"])
    assert shown["notes"] == "新的说明。"
    assert [(r["name"], r["url"]) for r in shown["resources"]] == [("beds 2024", FILE)]
