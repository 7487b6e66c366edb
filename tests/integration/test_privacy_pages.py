"""The pages of issue 4: scan results on the resource page, the access request
form and the decision page, the reviewers' audit log. Real CKAN through the
``app`` fixture; users sign in with API tokens (which CKAN exempts from CSRF,
so the forms' CSRF field is checked separately)."""
import re

import pytest

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers

from tests.integration.test_privacy_scan import CLEAN, IDS, WITH_IDS, add_file, private_dataset, publish
from tests.integration.api_auth import as_user, ctx, token

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]

CONDITIONAL_FILE = "http://files.example.gov.cn/restricted/beds-ui7q.csv"
PURPOSE = "用于医院床位分布研究（学术用途）。"


@pytest.fixture(autouse=True)
def inline_jobs(ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "govopen.jobs.inline", "true")


@pytest.fixture
def people(department, sysadmin):
    editor, applicant, outsider, reviewer = (factories.User() for _ in range(4))
    helpers.call_action("organization_member_create", id=department["id"],
                        username=editor["name"], role="editor")
    office = factories.Group(user=sysadmin, name="data-office")
    helpers.call_action("group_member_create", id=office["id"], username=reviewer["name"], role="member")
    return {"editor": editor, "applicant": applicant, "outsider": outsider, "reviewer": reviewer,
            "sysadmin": sysadmin}


def csrf_field(html):
    found = re.search(r'name="_csrf_token"\s+value="([^"]+)"', html)
    return found.group(1) if found else None


# --- scan results on the resource page -------------------------------------------------

def test_the_department_sees_masked_findings_on_the_resource_page(app, people, department):
    ds = private_dataset(people["sysadmin"], department, personal_info="none")
    res = add_file(people["sysadmin"], ds, WITH_IDS)
    url = f"/dataset/{ds['name']}/resource/{res['id']}"
    page = app.get(url, **as_user(people["editor"])).body
    assert 'data-scan-status="done"' in page
    assert "身份证号码" in page and "个人信息扫描" in page
    assert IDS[0][:6] + "*" * 8 + IDS[0][14:] in page
    assert "100.0%" in page  # every row holds an ID
    assert not any(n in page for n in IDS), "raw identifiers must never reach the page"
    # the dataset is private: outsiders do not get the page at all
    app.get(url, status=404, **as_user(people["outsider"]))


def test_pending_and_failed_scans_say_so(app, people, department, ckan_config, monkeypatch):
    ds = private_dataset(people["sysadmin"], department, personal_info="none")
    broken = helpers.call_action("resource_create", ctx(people["sysadmin"]), package_id=ds["id"],
                                 name="断开的链接", format="CSV", url="http://127.0.0.1:9/gone.csv")
    page = app.get(f"/dataset/{ds['name']}/resource/{broken['id']}", **as_user(people["editor"])).body
    assert 'data-scan-status="failed"' in page and "text-danger" in page
    monkeypatch.setitem(ckan_config, "govopen.jobs.inline", "false")
    waiting = add_file(people["sysadmin"], ds, CLEAN, name="later.csv")
    page = app.get(f"/dataset/{ds['name']}/resource/{waiting['id']}", **as_user(people["editor"])).body
    assert 'data-scan-status="pending"' in page and "扫描中" in page


@pytest.mark.ckan_config("govopen.reviewer_group", "data-office")
def test_scan_results_are_hidden_from_the_public_and_outsiders(app, people, department):
    ds = private_dataset(people["sysadmin"], department, personal_info="none")
    res = add_file(people["sysadmin"], ds, CLEAN, name="districts.csv")
    publish(people["sysadmin"], ds)
    url = f"/dataset/{ds['name']}/resource/{res['id']}"
    for who in ("editor", "sysadmin", "reviewer"):
        page = app.get(url, **as_user(people[who])).body
        assert "govopen-scan-result" in page, who
        assert "未发现个人信息" in page, who
    for who in (None, "outsider", "applicant"):
        page = app.get(url, **as_user(people.get(who))).body
        assert "govopen-scan-result" not in page, who
        assert "个人信息扫描" not in page, who


# --- access requests ---------------------------------------------------------------------

@pytest.fixture
def conditional(make_dataset, monkeypatch):
    from ckanext.govopen.gate import core
    monkeypatch.setattr(core, "_checks", [])   # remote test URLs cannot be fetched
    return make_dataset(open_type="conditional", open_condition="实名申请后提供",
                        legal_basis="《中华人民共和国数据安全法》第二十一条", theme="health",
                        resources=[{"name": "beds", "url": CONDITIONAL_FILE, "format": "CSV"}])


def requests_for(user, dataset):
    return helpers.call_action("govopen_access_request_list", ctx(user), package_id=dataset["id"], mine=True)


def test_anonymous_visitors_are_asked_to_log_in_and_cannot_post(app, conditional):
    page = app.get(f"/dataset/{conditional['name']}").body
    assert "登录后申请访问" in page and "govopen-access-form" not in page
    english = app.get(f"/en/dataset/{conditional['name']}").body      # the same page in English
    assert "Log in to request access" in english and "登录后申请访问" not in english
    assert CONDITIONAL_FILE not in page
    # a valid CSRF token (from the login page) so the view itself answers
    token_ = csrf_field(app.get("/user/login").body)
    assert token_
    app.post(f"/dataset/{conditional['name']}/access-request",
             data={"purpose": PURPOSE, "_csrf_token": token_}, status=403)
    app.get("/govopen/access-requests", status=403)
    assert helpers.call_action("govopen_access_request_list", ctx(factories.Sysadmin())) == []


def test_an_unconditional_dataset_has_no_request_form(app, make_dataset, people):
    d = make_dataset()
    page = app.get(f"/dataset/{d['name']}", **as_user(people["applicant"])).body
    assert "govopen-access-request" not in page


def test_request_then_approve_through_the_pages(app, conditional, people):
    name = conditional["name"]
    page = app.get(f"/dataset/{name}", **as_user(people["applicant"])).body
    form = page[page.index("govopen-access-form"):]
    assert csrf_field(form[:form.index("</form>")]), "the form must carry CKAN's CSRF token"

    # too short a purpose: a bilingual error, nothing stored
    shown = app.post(f"/dataset/{name}/access-request", data={"purpose": "看看"},
                     follow_redirects=True, **as_user(people["applicant"])).body
    assert "请填写申请用途" in shown and "Please state the purpose" in shown
    assert requests_for(people["applicant"], conditional) == []

    shown = app.post(f"/dataset/{name}/access-request", data={"purpose": PURPOSE},
                     follow_redirects=True, **as_user(people["applicant"])).body
    assert "Your access request was filed" in shown
    [req] = requests_for(people["applicant"], conditional)
    assert req["status"] == "pending" and req["purpose"] == PURPOSE
    page = app.get(f"/dataset/{name}", **as_user(people["applicant"])).body
    assert "govopen-my-request" in page and "pending" in page and "govopen-access-form" not in page

    # outsiders neither see it nor may decide it
    listing = app.get("/govopen/access-requests", **as_user(people["outsider"])).body
    assert req["id"] not in listing
    app.post(f"/govopen/access-requests/{req['id']}/decide",
             data={"decision": "approved", "reason": "想批"}, status=403, **as_user(people["outsider"]))
    app.post(f"/govopen/access-requests/{req['id']}/decide",
             data={"decision": "approved", "reason": "自己批"}, status=403, **as_user(people["applicant"]))

    # the department: a link on the dataset page, the request on the decision page
    assert "审批访问申请" in app.get(f"/dataset/{name}", **as_user(people["editor"])).body
    listing = app.get("/govopen/access-requests", **as_user(people["editor"])).body
    assert req["id"] in listing and PURPOSE in listing and people["applicant"]["name"] in listing
    assert csrf_field(listing)
    # a decision needs a reason
    shown = app.post(f"/govopen/access-requests/{req['id']}/decide", data={"decision": "approved", "reason": ""},
                     follow_redirects=True, **as_user(people["editor"])).body
    assert "请填写决定理由" in shown and "Please give the reason" in shown
    assert requests_for(people["applicant"], conditional)[0]["status"] == "pending"
    app.post(f"/govopen/access-requests/{req['id']}/decide",
             data={"decision": "approved", "reason": "用途符合开放条件。"}, **as_user(people["editor"]))
    [req] = requests_for(people["applicant"], conditional)
    assert req["status"] == "approved" and req["decided_by_name"] == people["editor"]["name"]

    page = app.get(f"/dataset/{name}", **as_user(people["applicant"])).body
    assert "已批准" in page and "用途符合开放条件。" in page and "govopen-access-form" not in page
    shown = helpers.call_action("package_show", ctx(people["applicant"]), id=conditional["id"])
    assert [r["url"] for r in shown["resources"]] == [CONDITIONAL_FILE]


def test_a_denial_is_shown_with_its_reason_and_a_new_request_may_follow(app, conditional, people):
    name = conditional["name"]
    app.post(f"/dataset/{name}/access-request", data={"purpose": PURPOSE}, **as_user(people["applicant"]))
    [req] = requests_for(people["applicant"], conditional)
    app.post(f"/govopen/access-requests/{req['id']}/decide",
             data={"decision": "denied", "reason": "用途不符合开放条件。"}, **as_user(people["sysadmin"]))
    page = app.get(f"/dataset/{name}", **as_user(people["applicant"])).body
    assert "已拒绝" in page and "用途不符合开放条件。" in page
    assert "govopen-access-form" in page
    shown = helpers.call_action("package_show", ctx(people["applicant"]), id=conditional["id"])
    assert [r["url"] for r in shown["resources"]] == [""]


# --- the audit log ---------------------------------------------------------------------------

@pytest.mark.ckan_config("govopen.reviewer_group", "data-office")
def test_the_audit_log_page_is_for_reviewers_only(app, people, department):
    ds = private_dataset(people["editor"], department, open_type="conditional", open_condition="申请",
                         legal_basis="《条例》")
    helpers.call_action("package_patch", ctx(people["editor"]), id=ds["id"], open_type="none")
    for who in ("sysadmin", "reviewer"):
        page = app.get("/govopen/audit", **as_user(people[who])).body
        assert ds["id"] in page and "classification_change" in page and "created" in page, who
        assert people["editor"]["name"] in page, who
        assert "&#34;open_type&#34;: &#34;none&#34;" in page or '"open_type": "none"' in page, who
    filtered = app.get("/govopen/audit", params={"action": "created"}, **as_user(people["reviewer"])).body
    assert "classification_change" not in filtered.split("<tbody>")[1]
    for who in ("editor", "outsider"):
        app.get("/govopen/audit", status=403, **as_user(people[who]))
    app.get("/govopen/audit", status=403)
