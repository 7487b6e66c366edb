"""The reviewers' audit page at 1280 and 375 px (issue 17): no horizontal
overflow of the page (the table scrolls in its own box), the dataset named
by its title, columns wide enough to read (before: 24,000 px tall for 100
rows with 30 px columns); screenshots saved."""
import ckan.tests.factories as factories
import ckan.tests.helpers as helpers

from tests.browser.conftest import BROWSER_TEST, PASSWORD, no_horizontal_overflow

pytestmark = BROWSER_TEST


def test_audit_page_reads_at_both_widths(make_dataset, browser_page, login, screenshot):
    admin = factories.Sysadmin(password=PASSWORD)
    dataset = make_dataset(name="district-people", title="各区常住人口统计（按街道乡镇划分）", private=True)
    helpers.call_action("package_patch", {"user": admin["name"], "ignore_auth": False},
                        id=dataset["id"], update_frequency="annual")
    for width in (1280, 375):
        page = browser_page(width, 800)
        login(page, admin)
        assert page.goto("/govopen/audit").status == 200
        page.wait_for_load_state("networkidle")
        no_horizontal_overflow(page)
        screenshot(page, "audit")
        rows = page.locator("table.govopen-audit tbody tr[data-action]")
        assert rows.count() >= 1
        assert "各区常住人口统计" in page.locator("table.govopen-audit").inner_text()
        for cell in ("td.govopen-audit-when", "td.govopen-audit-dataset"):
            box = rows.first.locator(cell).bounding_box()
            assert box["width"] >= 120, f"{width}px: {cell} is {box['width']:.0f}px wide"
        # The filters are there and filter.
        page.fill("#audit-user", "nobody-did-this")
        with page.expect_navigation():
            page.click(".govopen-audit-filters button[type=submit]")
        assert rows.count() == 0 and "user=nobody-did-this" in page.url
