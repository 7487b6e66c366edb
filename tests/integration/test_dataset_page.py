"""The dataset page (issue: public portal): badges with explanations for open
type, security level, personal-information scan, validation and metadata
quality; the preview of a table's first rows kept by the validation pass,
and hidden from those who may not have a conditionally-open dataset's files.

Real CKAN through the ``app`` fixture, jobs in-process, a real GB18030 table
from ../shared/realdata.
"""
import csv
import html
import json
import io
import os
import re

import pytest
from werkzeug.datastructures import FileStorage

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers

from ckanext.govopen.standard import loader
from tests.conftest import REALDATA
from tests.integration.conftest import standard_fields
from tests.integration.api_auth import as_user, ctx, token

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]

PREVIEW_TABLE = 'class="table table-sm table-striped govopen-preview-table"'
MONEY = os.path.join(REALDATA, "china", "messy-tables", "nbs_monthly_money_supply_gb18030.csv")


@pytest.fixture(autouse=True)
def inline_jobs(ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "govopen.jobs.inline", "true")


def published_table(sysadmin, department, name, **fields):
    """A dataset with the real GB18030 table uploaded, validated, scanned, then made public."""
    with open(MONEY, "rb") as f:
        data = f.read()
    ds = helpers.call_action("package_create", ctx(sysadmin), name=name, title="货币供应量",
                             notes="月度货币供应量", owner_org=department["id"], private=True,
                             **standard_fields(theme="economy", **fields))
    res = helpers.call_action("resource_create", ctx(sysadmin), package_id=ds["id"], name="月度数据",
                              format="CSV", url="money.csv",
                              upload=FileStorage(io.BytesIO(data), filename="money.csv", content_type="text/csv"))
    helpers.call_action("package_patch", ctx(sysadmin), id=ds["id"], private=False)
    return ds, res


def first_rows(n):
    """The file's own first data rows: GB18030 text, header on line 3."""
    with open(MONEY, encoding="gb18030", newline="") as f:
        rows = list(csv.reader(f))
    return rows[3:3 + n]


def badges(page):
    """``{kind: (code, summary title, explanation)}`` from the dataset page."""
    found = {}
    for m in re.finditer(r'data-badge-kind="([^"]+)" data-badge-code="([^"]*)">\s*<details>\s*'
                         r'<summary title="([^"]*)">.*?<p class="govopen-badge-explanation">(.*?)</p>',
                         page, re.S):
        found[m.group(1)] = (m.group(2), html.unescape(m.group(3)), html.unescape(m.group(4)).strip())
    return found


def preview_rows(page):
    table = page[page.index(PREVIEW_TABLE):]
    body = table[table.index("<tbody>"):table.index("</tbody>")]
    return [[html.unescape(c) for c in re.findall(r"<td>(.*?)</td>", tr, re.S)]
            for tr in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def test_badges_with_explanations_per_field_value(app, sysadmin, department):
    ds, _ = published_table(sysadmin, department, "money-open")
    page = app.get(f"/dataset/{ds['name']}", headers={"Accept-Language": "en"}).body
    found = badges(page)
    assert set(found) == {"open_type", "security_level", "scan", "validation", "quality"}, found
    lang = "zh"   # the site's default locale
    for kind, vocabulary, code in (("open_type", "open_type", "unconditional"),
                                   ("security_level", "security_level", "general")):
        got_code, title, explanation = found[kind]
        entry = loader.entry(vocabulary, code)
        assert got_code == code
        assert explanation == loader.text(entry["description"], lang)
        assert loader.text(entry["description"], lang) in title     # the hover text too
    assert found["scan"][0] == "clean"
    assert found["validation"][0] == "valid"
    shown = helpers.call_action("package_show", id=ds["id"])
    assert found["quality"][0] == shown["quality"]["rating"]
    assert all(explanation for _, _, explanation in found.values())
    # the explanation is inside a <details>: it opens on tap, no hover needed
    assert page.count('class="govopen-badge-explanation"') == 5


def test_conditional_and_important_datasets_explain_their_values(app, sysadmin, department):
    d = factories.Dataset(user=sysadmin, owner_org=department["id"], private=False,
                          **standard_fields(open_type="conditional", open_condition="实名申请后提供",
                                            legal_basis="《中华人民共和国数据安全法》第二十一条", theme="health"))
    found = badges(app.get(f"/dataset/{d['name']}").body)
    assert found["open_type"][0] == "conditional"
    assert found["open_type"][2] == loader.text(loader.entry("open_type", "conditional")["description"], "zh")
    assert found["scan"][0] == "no_files" and "validation" not in found   # no tables: no validation badge
    # important data is never public; its department sees the badge on the private page
    d = factories.Dataset(user=sysadmin, owner_org=department["id"], private=True,
                          **standard_fields(open_type="none", security_level="important",
                                            legal_basis="《中华人民共和国数据安全法》第二十一条"))
    found = badges(app.get(f"/dataset/{d['name']}", **as_user(sysadmin)).body)
    assert found["security_level"][0] == "important"
    assert found["security_level"][2] == loader.text(loader.entry("security_level", "important")["description"], "zh")
    assert found["open_type"][2] == loader.text(loader.entry("open_type", "none")["description"], "zh")


def test_preview_rows_equal_the_files_first_rows(app, sysadmin, department):
    ds, res = published_table(sysadmin, department, "money-preview")
    report = helpers.call_action("govopen_validation_show", ctx(None), id=res["id"])["report"]
    expected = first_rows(10)
    assert len(expected) == 10
    assert report["preview"] == expected
    page = app.get(f"/dataset/{ds['name']}").body
    assert 'class="govopen-preview-scroll"' in page
    assert preview_rows(page) == expected
    assert "货币和准货币(M2)供应量期末值(亿元)" in page[page.index(PREVIEW_TABLE):]


def test_preview_of_conditional_data_is_hidden_from_those_without_access(app, sysadmin, department):
    ds, res = published_table(sysadmin, department, "money-conditional", open_type="conditional",
                              open_condition="实名申请后提供",
                              legal_basis="《中华人民共和国数据安全法》第二十一条")
    expected = first_rows(3)
    outsider = factories.User()
    for who in (None, outsider):
        page = app.get(f"/dataset/{ds['name']}", **as_user(who)).body
        assert 'class="govopen-previews"' not in page and PREVIEW_TABLE not in page, who
        for row in expected:
            assert row[1] not in page, who
        report = helpers.call_action("govopen_validation_show", ctx(who), id=res["id"])["report"]
        assert "preview" not in report and report.get("content_restricted", True)
    # the department sees it
    page = app.get(f"/dataset/{ds['name']}", **as_user(sysadmin)).body
    assert preview_rows(page)[:3] == expected


def test_data_elements_are_a_table_and_empty_fields_are_not_listed(app, sysadmin, department):
    elements = [{"name": "区", "title": "District", "type": "string", "description": "行政区"},
                {"name": "常住人口(万人)", "title": "Resident population", "type": "number"}]
    ds = factories.Dataset(user=sysadmin, owner_org=department["id"], private=False, name="elements-page",
                           title="各区常住人口", **standard_fields(data_elements=json.dumps(elements, ensure_ascii=False)))
    page = app.get("/dataset/" + ds["name"], extra_environ={"CKAN_LANG": "zh_Hans_CN"}).body
    table = re.search(r'<div class="govopen-data-elements.*?</table>', page, re.S)
    assert table, "the data elements are not shown as a table"
    rows = re.findall(r"<tr>\s*<td>(.*?)</td>\s*<td>(.*?)</td>", table.group(0), re.S)
    assert rows == [("区", "District"), ("常住人口(万人)", "Resident population")]
    visible = re.sub(r"<script.*?</script>", "", page, flags=re.S)      # JSON-LD for machines aside
    assert "\\u" not in visible and "&#34;name&#34;" not in visible    # no raw JSON
    # fields the dataset leaves empty have no row (before: a label over an empty cell)
    labels = re.findall(r'<th scope="row" class="dataset-label">(.*?)</th>', page, re.S)
    assert "摘要（英文）" not in labels and "联系人" not in labels
    assert "信息资源代码" in labels                                       # a filled field still is
