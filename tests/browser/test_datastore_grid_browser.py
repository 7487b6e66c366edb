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


#: the grid's controls, which must not lie over one another (CKAN's stylesheet pulls
#: the search box and the pager up with negative margins: at 375 px they covered
#: the "showing 1 to 20" line and the table's last row)
CONTROLS = {"search": "#dtprv_filter, .dt-search", "info": "#dtprv_info, .dt-info",
            "pager": "#dtprv_paginate, .dt-paging",
            # the table's scrolling box (the rows beyond it are scrolled, not covered)
            "table": "div.dataTables_scrollBody, div.dt-scroll-body, table#dtprv"}


def no_overlap(page):
    """What each control shows (its content's box: a block line is as wide as the
    page, its text is not) lies clear of the others'."""
    boxes = {}
    for name, selector in CONTROLS.items():
        boxes[name] = page.evaluate(
            """(sel) => { const e = document.querySelector(sel);
                          if (!e || !e.offsetParent) return null;
                          let b = e.getBoundingClientRect();
                          if (e.tagName !== 'DIV' || !/scroll/i.test(e.className)) {
                              const r = document.createRange(); r.selectNodeContents(e);
                              b = r.getBoundingClientRect(); }
                          return {x: b.x, y: b.y, width: b.width, height: b.height}; }""", selector)
    boxes = {k: v for k, v in boxes.items() if v and v["width"] and v["height"]}
    assert {"search", "info", "table"} <= set(boxes), boxes
    names = sorted(boxes)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            p, q = boxes[a], boxes[b]
            apart = (p["x"] + p["width"] <= q["x"] + 1 or q["x"] + q["width"] <= p["x"] + 1
                     or p["y"] + p["height"] <= q["y"] + 1 or q["y"] + q["height"] <= p["y"] + 1)
            assert apart, f"the grid's {a} lies over its {b} at {page.viewport_size['width']} px: {p} {q}"


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
    screenshot(page, "grid")
    no_overlap(page)
    # no colon after the search box or the page-length menu (CKAN's label::after)
    after = page.evaluate("() => Array.from(document.querySelectorAll('#dtprv_wrapper label, .dt-container label'))"
                          ".map(l => getComputedStyle(l, '::after').content)")
    assert after and all(c in ("none", "normal", '""') for c in after), after
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
