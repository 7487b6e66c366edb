"""The reviewers' audit page (issue 17): each entry names its dataset by
title and department (not only its id), the changed fields by the
standard's labels, and the page filters by dataset, department, user,
action and dates, with paging that keeps the filters. A bad date is refused
in zh and en, never a 500. Only reviewers read it (as before)."""
import datetime

import pytest

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers

from tests.integration.api_auth import as_user, ctx
from tests.integration.conftest import PROVIDER_CODES
from tests.integration.test_privacy_pages import people  # noqa: F401  (fixture)
from tests.integration.test_privacy_scan import private_dataset

pytestmark = [pytest.mark.ckan_config("govopen.reviewer_group", "data-office")]


def _rows(body):
    return body.split("<tbody>")[1].split("</tbody>")[0].count("<tr data-action=")


@pytest.fixture
def logged(people, department, sysadmin):  # noqa: F811
    other = factories.Organization(user=sysadmin, title="北京市卫生健康委员会", provider_code=next(PROVIDER_CODES))
    ours = private_dataset(people["editor"], department, name="district-people", title="各区常住人口",
                           open_type="conditional", open_condition="申请", legal_basis="《条例》")
    helpers.call_action("package_patch", ctx(people["editor"]), id=ours["id"], open_type="none")
    theirs = private_dataset(sysadmin, other, name="hospitals", title="医疗机构名录")
    return {"ours": ours, "theirs": theirs, "other": other}


def test_entries_name_the_dataset_and_the_fields(app, people, logged):  # noqa: F811
    body = app.get("/govopen/audit", **as_user(people["reviewer"])).body
    assert "各区常住人口" in body and "医疗机构名录" in body
    assert "北京市卫生健康委员会" in body            # the dataset's department
    # the classification change by the standard's labels: 开放属性 ... 不予开放
    change = [row for row in body.split("<tr ") if 'data-action="classification_change"' in row][0]
    assert "开放属性" in change and "不予开放" in change
    # CKAN's own state field by its words, not the raw key "state" and value "active"
    created = [row for row in body.split("<tr ") if 'data-action="created"' in row][0]
    assert "<dt>状态</dt><dd>有效</dd>" in created and "<dt>state</dt>" not in created
    english = app.get("/en/govopen/audit", **as_user(people["reviewer"])).body
    assert "<dt>State</dt><dd>Active</dd>" in english


def test_filters(app, people, logged, sysadmin):  # noqa: F811
    reviewer = as_user(people["reviewer"])
    everything = _rows(app.get("/govopen/audit", **reviewer).body)
    by_dept = app.get("/govopen/audit", params={"organization": logged["other"]["name"]}, **reviewer).body
    assert "医疗机构名录" in by_dept and "各区常住人口" not in by_dept.split("<tbody>")[1]
    by_user = app.get("/govopen/audit", params={"user": people["editor"]["name"]}, **reviewer).body
    assert "各区常住人口" in by_user and "医疗机构名录" not in by_user.split("<tbody>")[1]
    by_dataset = app.get("/govopen/audit", params={"id": "hospitals"}, **reviewer).body
    assert "医疗机构名录" in by_dataset and "各区常住人口" not in by_dataset.split("<tbody>")[1]
    by_action = app.get("/govopen/audit", params={"action": "classification_change"}, **reviewer).body
    rows = by_action.split("<tbody>")[1].split("</tbody>")[0]
    assert 1 <= _rows(by_action) < everything
    assert rows.count('<tr data-action="classification_change"') == _rows(by_action)
    today = datetime.datetime.utcnow().date()
    assert _rows(app.get("/govopen/audit", params={"since": str(today), "until": str(today)},
                         **reviewer).body) == everything > 1
    tomorrow = today + datetime.timedelta(days=1)
    assert _rows(app.get("/govopen/audit", params={"since": str(tomorrow)}, **reviewer).body) == 0
    assert _rows(app.get("/govopen/audit", params={"until": str(today - datetime.timedelta(days=1))},
                         **reviewer).body) == 0


def test_paging_keeps_the_filters(app, people, logged, monkeypatch):  # noqa: F811
    from ckanext.govopen.classification import views
    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    body = app.get("/govopen/audit", params={"user": people["editor"]["name"]}, **as_user(people["reviewer"])).body
    assert _rows(body) == 1
    assert f"page=2" in body and f"user={people['editor']['name']}" in body


def test_a_bad_filter_is_refused_in_both_languages(app, people, logged):  # noqa: F811
    reviewer = as_user(people["reviewer"])
    zh = app.get("/govopen/audit", params={"since": "2026-13-45"}, status=400, **reviewer).body
    assert "since 应为日期" in zh and "2026-13-45" in zh
    en = app.get("/en/govopen/audit", params={"since": "yesterday"}, status=400, **reviewer).body
    assert "since must be a date as YYYY-MM-DD" in en
    missing = app.get("/govopen/audit", params={"organization": "no-such-dept"}, status=400, **reviewer).body
    assert "找不到部门" in missing


def test_still_reviewers_only(app, people, logged):  # noqa: F811
    for who in ("editor", "outsider"):
        app.get("/govopen/audit", params={"organization": logged["other"]["name"]}, status=403,
                **as_user(people[who]))
    app.get("/govopen/audit", status=403)
