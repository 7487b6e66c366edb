"""The officers' pages are finished too (issue 17): a department's data
officer (a sysadmin here, who sees every officer page) reads each page at
1280 and 375 px, in Chinese and in English: no page scrolls sideways, and
none shows a broken image or the untranslated strings of ``test_untranslated`` (English UI
words on a Chinese page; stock zh strings and raw keys on an English one).
A screenshot of every page in both languages and widths is saved.

Pages: dataset edit, a new dataset, harvest sources, a new harvest source, access requests, CKAN's dashboard,
the department's data requests, audit, department page, its members and its
open-data figures, the officer's user page and profile settings.
"""
import pytest

import ckan.tests.factories as factories

from tests.browser.conftest import BROWSER_TEST, PASSWORD, broken_images
from tests.browser.test_mobile import catalog  # noqa: F401  (fixture)
from tests.browser.test_untranslated import (
    RAW_KEY, UNTRANSLATED_ON_EN, UNTRANSLATED_ON_ZH, _visible_text, _words)

pytestmark = BROWSER_TEST

PAGES = {
    "dataset-edit": "/dataset/edit/{dataset}",
    "dataset-new": "/dataset/new",
    "harvest-sources": "/harvest",
    "harvest-source-new": "/harvest/new",
    "access-requests": "/govopen/access-requests",
    "dashboard": "/dashboard/datasets",
    "department-requests": "/dashboard/data-requests",
    # this test's dataset only: the rows other tests of the run wrote (a harvested
    # dataset's generated legal basis stored as "zh / en" text, the harvest's site
    # user by name) are content, not the page's words
    "audit": "/govopen/audit?id={dataset}",
    "department": "/organization/{organization}",
    "department-members": "/organization/members/{organization}",
    "department-figures": "/organization/{organization}/open-data",
    "user": "/user/{user}",
    "user-edit": "/user/edit/{user}",
}

#: words a page's own template puts up that the shared list leaves out (too common
#: as content to look for on every page): ckanext-harvest's facet titles, which it
#: hands CKAN as bare English, not through gettext
OWN_WORDS_ON_ZH = {"harvest-sources": ["Frequency", "Type"]}


def _overflow(page, width):
    scroll = page.evaluate("document.documentElement.scrollWidth")
    return f"{scroll}px wide" if scroll > width else None


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_officer_pages_fit_and_are_translated(lang, catalog, browser_page, login, screenshot):  # noqa: F811
    # a fixed profile text: CKAN's factory writes random English words into "about"
    # ("Share two half find method ..." failed this test on /user/officer-wang: Share
    # is one of the UI words it looks for)
    officer = factories.Sysadmin(password=PASSWORD, name="officer-wang", fullname="王数据",
                                 about="数据开放处处长")
    prefix = "" if lang == "zh" else "/en"
    problems = []
    for width in (1280, 375):
        page = browser_page(width, 800, locale="zh-CN" if lang == "zh" else "en-US")
        login(page, officer)
        for name, path in PAGES.items():
            url = prefix + path.format(dataset=catalog["name"], user=officer["name"],
                                       organization=catalog["organization"]["name"])
            response = page.goto(url)
            assert response.status == 200, f"{url}: HTTP {response.status}"
            page.wait_for_load_state("networkidle")
            screenshot(page, f"{name}-{lang}")
            wide = _overflow(page, width)
            if wide:
                problems.append(f"{url} at {width}px: {wide}")
            broken = broken_images(page)
            if broken:
                problems.append(f"{url} at {width}px: broken images {broken}")
            # both widths: the phone layout shows words of its own (the collapsed menu)
            text = _visible_text(page, lang)
            # licence titles are names ("... Open Database License"), not UI
            # words: the licence choices, and the one CKAN's form names for metadata
            names = page.locator("select[name=license_id] option").all_inner_texts()
            for name_ in names + ["Open Database License"]:
                text = text.replace(name_, "")
            if lang == "zh":
                found = _words(text, UNTRANSLATED_ON_ZH + OWN_WORDS_ON_ZH.get(name, []))
            else:
                found = [s for s in UNTRANSLATED_ON_EN if s in text]
                found += sorted(set(RAW_KEY.findall(text)))
            if found:
                problems.append(f"{url} at {width}px: untranslated {found}")
    assert not problems, "\n".join(problems)
