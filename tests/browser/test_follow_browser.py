"""Follow a dataset and its department from their pages (issue 17: "follow a
dataset or department and get notified of updates"), as a logged-in reader
would, in zh at 1280 and 375 px: the theme shows CKAN's follow button, a click
follows (htmx, with the CSRF token), the button turns into "unfollow", and the
follow is stored (the activity e-mails of test_follow_notifications read it).
Anonymous readers get no button. No horizontal overflow; screenshots saved."""
import pytest

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers

from tests.browser.conftest import BROWSER_TEST, PASSWORD, no_horizontal_overflow

pytestmark = BROWSER_TEST


def _follows(user, kind, object_id):
    return helpers.call_action(f"am_following_{kind}", {"user": user["name"], "ignore_auth": False},
                               id=object_id)


def _follow_on(page, path, screenshot, name):
    page.goto(path)
    button = page.locator('a[hx-post*="/follow/"]').first
    button.wait_for()
    assert "关注" in button.inner_text()
    button.scroll_into_view_if_needed()
    no_horizontal_overflow(page)
    screenshot(page, f"{name}-before")
    button.click()
    unfollow = page.locator('a[hx-post*="/unfollow/"]').first
    unfollow.wait_for()
    assert "取消关注" in unfollow.inner_text()
    screenshot(page, f"{name}-after")


@pytest.mark.parametrize("width", [1280, 375])
def test_a_reader_follows_a_dataset_and_its_department(width, browser_page, screenshot, login,
                                                       make_dataset, department):
    bus = make_dataset(title="公交站点", name=f"bus-stops-follow-{width}")
    reader = factories.User(name=f"follower-{width}", password=PASSWORD)

    anonymous = browser_page(width, 800)
    anonymous.goto(f"/dataset/{bus['name']}")
    anonymous.locator("h1").first.wait_for()
    assert anonymous.locator('a[hx-post*="/follow/"]').count() == 0

    page = browser_page(width, 800)
    login(page, reader)
    assert not _follows(reader, "dataset", bus["id"])
    _follow_on(page, f"/dataset/{bus['name']}", screenshot, "follow-dataset")
    assert _follows(reader, "dataset", bus["id"])

    assert not _follows(reader, "group", department["id"])
    _follow_on(page, f"/organization/{department['name']}", screenshot, "follow-department")
    assert _follows(reader, "group", department["id"])
