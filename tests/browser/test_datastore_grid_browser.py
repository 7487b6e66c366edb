"""The Data API's grid as a visitor uses it (issue 15): on a loaded table's
resource page, CKAN's DataTables grid filters (a Chinese word typed into its
search box) and pages, at 1280 and 375 px."""
import io

import pytest
from werkzeug.datastructures import FileStorage

import ckan.plugins.toolkit as tk
import ckan.tests.helpers as helpers

from ckanext.govopen.gate import core
from ckanext.govopen.gate.checks import validation as validation_check
from tests.browser.conftest import BROWSER_TEST
from tests.integration.api_auth import ctx
from tests.integration.conftest import standard_fields

pytestmark = BROWSER_TEST

ELEMENTS = [{"name": "编号", "title": "No.", "type": "integer", "description": ""},
            {"name": "站点", "title": "Stop", "type": "string", "description": ""}]
NAMES = ["朝阳门", "西直门", "东直门", "建国门", "复兴门"]
DATA = ("编号,站点\n" + "".join(f"{i},{NAMES[i % 5]}{i}号\n" for i in range(1, 26))).encode("utf-8")


@pytest.fixture
def table(sysadmin, department, monkeypatch, ckan_config):
    monkeypatch.setattr(core, "_checks", [("validation", validation_check.check)])
    monkeypatch.setitem(ckan_config, "govopen.jobs.inline", "true")
    ds = helpers.call_action("package_create", ctx(sysadmin), name="bus-stops", title="公交站点",
                             notes="n", owner_org=department["id"], private=True,
                             data_elements=ELEMENTS, **standard_fields())
    res = helpers.call_action("resource_create", ctx(sysadmin), package_id=ds["id"], name="站点表",
                              format="CSV", url="stops.csv",
                              upload=FileStorage(io.BytesIO(DATA), filename="stops.csv",
                                                 content_type="text/csv"))
    helpers.call_action("package_patch", ctx(sysadmin), id=ds["id"], private=False)
    (view,) = tk.get_action("resource_view_list")({"ignore_auth": True}, {"id": res["id"]})
    return ds, res, view


def rows(frame):
    return frame.locator("#dtprv tbody tr").evaluate_all(
        "trs => trs.map(tr => Array.from(tr.querySelectorAll('td')).map(td => td.textContent.trim()))")


@pytest.mark.parametrize("width", [1280, 375])
def test_the_grid_filters_and_pages(table, browser_page, screenshot, width):
    ds, res, view = table
    page = browser_page(width)
    page.goto(f"/dataset/{ds['name']}/resource/{res['id']}")
    assert page.locator(f"iframe[src*='/view/{view['id']}']").count() == 1
    grid = page.frame_locator(f"iframe[src*='/view/{view['id']}']")
    grid.locator("#dtprv tbody tr td").first.wait_for()
    screenshot(page, "resource-page")
    # the grid's own page (the iframe's), as "Fullscreen" opens it
    page.goto(f"/dataset/{ds['name']}/resource/{res['id']}/view/{view['id']}")
    page.locator("#dtprv tbody tr td").first.wait_for()
    first = rows(page)                  # CKAN's first page length: 20
    assert len(first) == 20 and any("朝阳门" in " ".join(r) for r in first)
    # paging: the next page shows the next rows
    page.locator(".dt-paging-button.next, .paginate_button.next").first.click()
    page.wait_for_function("() => !document.querySelector('#dtprv tbody').textContent.includes('西直门1号')")
    second = rows(page)
    assert len(second) == 5 and not set(map(tuple, second)) & set(map(tuple, first))
    # filter: a Chinese word typed into the search box
    box = page.locator("input[type=search]").first
    box.fill("西直")
    box.press("Enter")
    page.wait_for_function("() => Array.from(document.querySelectorAll('#dtprv tbody tr'))"
                           ".every(tr => tr.textContent.includes('西直门'))")
    found = rows(page)
    assert len(found) == 5 and all("西直门" in " ".join(r) for r in found)
    screenshot(page, "grid-filtered")
