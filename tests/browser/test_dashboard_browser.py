"""The open-data dashboard as a visitor sees it in a browser: the figures on
the overview and on a department's page equal the API's (and the API's equal
the database's, tests/integration/test_dashboard.py); the pages fit a 375 px
phone screen; a private dataset's name never shows to the anonymous visitor.
"""
import ckan.tests.helpers as helpers

from tests.browser.conftest import BROWSER_TEST, no_horizontal_overflow
# the same fixture catalog as the integration test (two departments, every kind of dataset)
from tests.integration.test_dashboard import (  # noqa: F401  (fixtures)
    SPEC, catalog, expected, inline_jobs, sql_counts,
)

pytestmark = BROWSER_TEST


def percent(value):
    return "—" if value is None else f"{value * 100:.1f}%"


def shown(page, scope):
    """``{figure: text}`` of every ``data-figure`` element inside ``scope``."""
    return page.locator(f"{scope} [data-figure]").evaluate_all(
        "els => Object.fromEntries(els.map(e => [e.dataset.figure, e.textContent.trim()]))")


def api(**data_dict):
    return helpers.call_action("govopen_open_data_figures", {"user": "", "ignore_auth": False}, **data_dict)


def test_overview_shows_the_api_figures_at_375px(catalog, browser_page, screenshot):
    want = api()
    page = browser_page(375)
    page.goto("/dashboard/open-data")
    every = shown(page, "#govopen-figures-all")
    assert every["catalogued"] == str(want["all"]["catalogued"])
    assert every["open"] == str(want["all"]["open"])
    assert every["open_rate"] == percent(want["all"]["open_rate"])
    assert every["table_pass_rate"] == percent(want["all"]["table_pass_rate"])
    assert every["overdue"] == str(want["all"]["overdue"])
    assert every["quality_average"] == str(want["all"]["quality_average"])
    assert every["held"] == str(want["all"]["held"])
    # the ranking: same order, same figures
    rows = page.locator("#govopen-ranking tbody tr")
    assert rows.count() == len(want["departments"])
    for i, department in enumerate(want["departments"]):
        assert rows.nth(i).get_attribute("data-organization") == department["organization"]["name"]
        cells = shown(page, f"#govopen-ranking tbody tr:nth-child({i + 1})")
        assert cells["rank"] == str(department["rank"])
        assert cells["open_rate"] == percent(department["open_rate"])
        assert cells["catalogued"] == str(department["catalogued"])
        for gate in want["gates"]:
            assert cells[f"held_{gate}"] == str(department["held_by_gate"][gate])
    # charts scale into the screen, and the page does not scroll sideways
    for box in page.locator("svg.govopen-chart").evaluate_all(
            "els => els.map(e => e.getBoundingClientRect().right)"):
        assert box <= 375
    no_horizontal_overflow(page)
    screenshot(page, "dashboard-overview")


def test_department_page_shows_the_api_figures_and_no_private_names(catalog, browser_page, screenshot):
    org = catalog["orgs"]["dept-a"]
    want = api(id=org["name"])
    page = browser_page(375)
    page.goto(f"/organization/{org['name']}/open-data")
    got = shown(page, "#govopen-figures")
    for key in ("catalogued", "open", "conditional", "tables", "overdue", "scheduled", "held", "ready"):
        assert got[key] == str(want[key]), key
    for key in ("open_rate", "table_pass_rate"):
        assert got[key] == percent(want[key]), key
    assert got["quality_average"] == str(want["quality_average"])
    # ... and what the database says, computed without the dashboard's code
    truth = expected(SPEC["dept-a"], catalog["datasets"])
    for key in ("catalogued", "open", "conditional", "tables", "overdue", "scheduled", "held", "ready"):
        assert got[key] == str(truth[key]), key
    assert got["open_rate"] == percent(truth["open_rate"])
    assert got["quality_average"] == str(truth["quality_average"])
    counts = sql_counts(org["id"])
    assert (got["catalogued"], got["open"]) == (str(counts["catalogued"]), str(counts["open"]))
    text = page.content()
    for name in (s["name"] for specs in SPEC.values() for s in specs if not s["public"]):
        assert name not in text
    assert page.locator("#govopen-overdue-items [data-dataset]").evaluate_all(
        "els => els.map(e => e.dataset.dataset)") == [i["name"] for i in want["items"]["overdue"]]
    no_horizontal_overflow(page)
    screenshot(page, "dashboard-department")
