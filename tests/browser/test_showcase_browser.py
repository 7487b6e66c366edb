"""The showcase end to end in the browser (issue 17): a registered visitor on a
phone submits a work (with an uploaded image) that uses a dataset; the
department's editor approves it on a desktop in English; the work then shows
on the dataset's page, in the gallery and on its own page, in Chinese and in
English, at 375 and 1280 px: no sideways scrolling, no untranslated strings.
Screenshots of every page are saved (``screenshot``)."""
import re

import pytest

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers

from tests.browser.conftest import BROWSER_TEST, PASSWORD, no_horizontal_overflow
from tests.browser.test_untranslated import CJK, RAW_KEY, UNTRANSLATED_ON_EN, UNTRANSLATED_ON_ZH, _words
from tests.integration.test_showcase import empty_showcase_tables, no_gate_checks, png  # noqa: F401 (autouse)

pytestmark = BROWSER_TEST

TITLE = "公交到站预测"
DESCRIPTION = "用公交站点数据预测到站时间的手机应用，\n每 30 秒更新一次。"


@pytest.fixture
def dataset(make_dataset):
    return make_dataset(name="bus-stops", title="公交站点", title_en="Bus stops", notes="全市公交站点。")


@pytest.fixture
def users(department):
    submitter = factories.User(password=PASSWORD, fullname="李四")
    editor = factories.User(password=PASSWORD, fullname="Editor Wang")
    helpers.call_action("organization_member_create", id=department["id"], username=editor["name"], role="editor")
    return {"submitter": submitter, "editor": editor}


def _submit(page, selector):
    with page.expect_navigation():
        page.locator(selector).click()
    page.wait_for_load_state("load")


def _untranslated(page, lang, content):
    text = page.evaluate("document.body.innerText")
    if lang == "zh":
        return _words(text, UNTRANSLATED_ON_ZH)
    rest = text
    for s in sorted(content, key=len, reverse=True):
        rest = rest.replace(s, "")
    found = [s for s in UNTRANSLATED_ON_EN if s in rest] + sorted(set(RAW_KEY.findall(text)))
    return found + [f"Chinese: {line.strip()[:60]}" for line in rest.splitlines() if CJK.search(line)]


def test_submit_approve_shown_on_the_dataset(dataset, users, department, browser_page, login, screenshot):
    content = [TITLE, *DESCRIPTION.split("\n"), "李四", "全市公交站点。", "中文 (简体, 中国)", "中文", department["title"]]
    problems = []

    def check(page, lang, name):
        page.wait_for_load_state("load")
        no_horizontal_overflow(page)
        screenshot(page, f"{name}-{lang}")
        found = _untranslated(page, lang, content)
        if found:
            problems.append(f"{page.url}: {found}")

    # the visitor, on a phone, from the dataset page's "submit" link
    phone = browser_page(375, 800)
    login(phone, users["submitter"])
    phone.goto(f"/dataset/{dataset['name']}")
    _submit(phone, "#govopen-showcases a[href*='/showcase/new']")
    assert phone.locator("#showcase-datasets").input_value() == dataset["name"]
    check(phone, "zh", "form")
    phone.fill("#showcase-title", TITLE)
    phone.select_option("#showcase-kind", "app")
    phone.fill("#showcase-description", DESCRIPTION)
    phone.fill("#showcase-link", "https://example.cn/bus-app")
    phone.set_input_files("#showcase-image", files=[{"name": "cover.png", "mimeType": "image/png",
                                                     "buffer": png(320, 180)}])
    _submit(phone, ".govopen-showcase-form button[type=submit]")
    assert phone.locator(".govopen-showcase-item").get_attribute("data-showcase-status") == "pending"
    item_url = phone.url
    check(phone, "zh", "submitted")

    # not public yet: an anonymous visitor gets 404 and the dataset page shows no work
    anonymous = browser_page(1280, 900)
    assert anonymous.goto(item_url).status == 404
    anonymous.goto(f"/dataset/{dataset['name']}")
    assert anonymous.locator("#govopen-showcases").get_attribute("data-showcase-count") == "0"

    # the editor, on a desktop, in English: the review queue, then approve
    desk = browser_page(1280, 900, locale="en-US")
    login(desk, users["editor"])
    desk.goto("/en/showcase/mine")
    check(desk, "en", "review-queue")
    _submit(desk, "[data-showcase-list=review] .govopen-showcase-card h3 a")
    check(desk, "en", "review")
    desk.fill("#govopen-showcase-reason", "Uses the data well")
    _submit(desk, ".govopen-showcase-decide button[value=approved]")
    assert desk.locator(".govopen-showcase-item").get_attribute("data-showcase-status") == "approved"

    # shown on the dataset page, the gallery and the item page, in both languages and widths
    for lang, width in (("zh", 375), ("en", 1280), ("zh", 1280), ("en", 375)):
        prefix = "" if lang == "zh" else "/en"
        page = browser_page(width, 900, locale="zh-CN" if lang == "zh" else "en-US")
        page.goto(f"{prefix}/dataset/{dataset['name']}")
        used = page.locator("#govopen-showcases")
        assert used.get_attribute("data-showcase-count") == "1"
        assert used.locator(".govopen-showcase-card h3").inner_text() == TITLE
        # the picture may be lazy and below the fold (375 px): brought into view and waited
        # for (a CI run on a busy machine read it before it had loaded: complete was false)
        picture = used.locator(".govopen-showcase-card img")
        picture.scroll_into_view_if_needed()
        page.wait_for_function("i => i.complete && i.naturalWidth > 0", arg=picture.element_handle())
        assert picture.evaluate("i => i.complete && i.naturalWidth") == 320
        used.scroll_into_view_if_needed()
        check(page, lang, "dataset")
        page.goto(f"{prefix}/showcase")
        assert page.locator(".govopen-showcase-card").count() == 1
        check(page, lang, "gallery")
        _submit(page, ".govopen-showcase-card h3 a")
        assert page.locator(".govopen-showcase-datasets a").inner_text() == ("公交站点" if lang == "zh" else "Bus stops")
        assert page.locator(".govopen-showcase-text").inner_text() == DESCRIPTION
        check(page, lang, "item")

    # the submitter sees the decision
    phone.goto(item_url)
    assert re.search("已通过", phone.locator("[data-showcase-status-words]").inner_text())
    check(phone, "zh", "decided")
    assert not problems, "untranslated strings:\n" + "\n".join(problems)
