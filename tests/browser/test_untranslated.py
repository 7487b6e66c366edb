"""Every public page is finished in both languages (issue 17): the browser
reads each page's visible text (``document.body.innerText``) in the Chinese
UI and in the English UI and fails on strings from the untranslated lists:

* zh pages: English UI words CKAN or govopen print when a msgid has no
  Chinese translation (``UNTRANSLATED_ON_ZH``);
* en pages: raw keys (``snake_case`` field names, msgids of messages) and
  the Chinese-only strings of the stock zh theme and of our templates
  (``UNTRANSLATED_ON_EN``), and any Chinese left once the test's own content
  (titles, names, table cells it created in Chinese) is taken out.

Pages: home, search, dataset, resource, department list, page and figures,
groups, about, data requests and the request form, showcase gallery, dashboard,
developers' page, login, registration, 404. Each page is read at 1280 and at
375 px, where it must also not scroll sideways (``no_horizontal_overflow``);
screenshots of each at both widths are saved.
"""
import re

import pytest

from tests.browser.conftest import BROWSER_TEST, no_horizontal_overflow
from tests.browser.test_mobile import catalog  # noqa: F401  (fixture)

pytestmark = BROWSER_TEST

PAGES = {
    "home": "/",
    "search": "/dataset/?q=公交",
    "dataset": "/dataset/{dataset}",
    "resource": "/dataset/{dataset}/resource/{resource}",
    "departments": "/organization/",
    "department": "/organization/{organization}",
    "department-figures": "/organization/{organization}/open-data",
    "groups": "/group/",
    "about": "/about",
    "data-requests": "/data-request",
    "data-request-new": "/data-request/new",
    "showcase": "/showcase",
    "dashboard": "/dashboard/open-data",
    "api-docs": "/api-docs",
    "login": "/user/login",
    "register": "/user/register",
    "404": "/dataset/no-such-dataset",
}

#: English UI strings that mean a missing Chinese translation (whole words).
UNTRANSLATED_ON_ZH = [
    "Data Dictionary", "Powered by", "Explore", "Download", "Search", "Dataset",
    "Datasets", "Organization", "Organizations", "Groups", "About", "Followers",
    "License", "Log in", "Login", "Register", "Additional Info", "Field", "Value",
    "Source", "Format", "Resources", "Activity Stream", "Share", "Last Active", "Data last updated",
    "Metadata last updated", "Created", "Dataset description", "Language",
    "Skip to main content", "There are no views", "Not found", "Page Not Found",
    "Home", "Popular tags", "Welcome", "Showing", "No datasets", "Order by",
    "Relevance", "Name Ascending", "Last Modified", "Username", "Password",
    "Remember me", "Forgot your password", "Need an Account", "Members",
    "Developers", "Data requests", "Open-data dashboard", "Tags", "Formats",
    "Licenses", "Filter Results", "Read more", "Preview", "Rating", "Feedback",
    "Submit", "Department", "Departments", "Sort by", "Go to resource",
]

#: CKAN's own odd Chinese for its strings, which i18n/stock.py corrects
#: (登陆 for log in, 域/价值 for field/value, 追随/追从者 for follow/followers).
ODD_ON_ZH = ["登陆", "域/价值", "域 / 价值", "追随", "追从者"]

#: Strings that must not reach an English page: stock zh theme strings and
#: our own zh-only labels (as they were seen on /en/ pages).
UNTRANSLATED_ON_EN = [
    "数据集", "机构", "群组", "关于", "登录", "登陆", "下载", "浏览", "预览",
    "开放属性", "数据分级", "个人信息", "元数据质量", "数据校验", "其他信息",
    "字段", "值", "授权", "分享", "评分", "意见反馈", "首页", "搜索", "开发者",
    "数据开放统计", "数据需求", "暂无", "域/价值", "运行中", "追随者",
]

#: a raw key: a lower-case word with an underscore (open_type, title_en,
#: data_elements, govopen_text ...) in the visible text
RAW_KEY = re.compile(r"(?<![\w/.:-])[a-z]+(?:_[a-z0-9]+)+(?![\w/.-])")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

#: Chinese the reader may see on an English page: the toggle and the
#: language selector name Chinese in Chinese.
ALLOWED_CHINESE = ["中文 (简体, 中国)", "中文"]


def _visible_text(page, lang):
    """The page's visible text, without code (``code``, ``pre``: API action names,
    commands) and without what the page marks as another language (``lang``: the
    developers' page shows the actions' English summaries, generated from the code,
    as ``lang="en"`` on both pages)."""
    return page.evaluate(
        """(lang) => {
            const skip = Array.from(document.body.querySelectorAll('code, pre, [lang]')).filter(
                e => e.tagName === 'CODE' || e.tagName === 'PRE'
                     || !(e.getAttribute('lang') || '').toLowerCase().startsWith(lang));
            const saved = skip.map(e => [e, e.style.display]);
            skip.forEach(e => { e.style.display = 'none'; });
            const text = document.body.innerText;
            saved.forEach(([e, display]) => { e.style.display = display; });
            return text;
        }""", lang)


def _content_strings(catalog):
    """What this test created in Chinese (titles, names, table cells): content,
    not UI; it may stay Chinese on an English page."""
    from tests.browser.test_mobile import WIDE_CSV
    cells = set()
    for line in WIDE_CSV.decode("utf-8").splitlines():
        cells.update(line.split(","))
    # Not the title: the dataset has a title_en, which English pages show.
    strings = {catalog["notes"], "全市公共交通线路与站点。", "线路表", "公共交通",
               "公交"}  # the search page's query
    strings |= cells
    strings |= _typed_by_people()
    return sorted((s for s in strings if s), key=len, reverse=True)


def _typed_by_people():
    """What people typed into the site (data requests and feedback, possibly
    written by other tests in the same run): content in its own language."""
    import ckan.model as model
    from ckanext.govopen.participation.model import data_request, feedback
    typed = set()
    from ckanext.govopen.showcase.model import showcase
    for table, columns in ((data_request, ("title", "description", "answer")),
                           (showcase, ("title", "description", "reason")),
                           (feedback, [c.name for c in feedback.c if c.type.__class__.__name__ == "UnicodeText"])):
        for row in model.Session.execute(table.select()).mappings():
            typed.update(str(row[c]) for c in columns if row.get(c))
    return typed


def _words(text, words):
    found = []
    for word in words:
        if re.search(r"(?<![A-Za-z])" + re.escape(word) + r"(?![A-Za-z])", text):
            found.append(word)
    return found


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_untranslated_strings(lang, catalog, browser_page, screenshot):  # noqa: F811
    prefix = "" if lang == "zh" else "/en"
    content = _content_strings(catalog)
    problems = []
    for width in (1280, 375):
        page = browser_page(width, 900, locale="zh-CN" if lang == "zh" else "en-US")
        for name, path in PAGES.items():
            url = prefix + path.format(dataset=catalog["name"], resource=catalog["resource_id"],
                                       organization=catalog["organization"]["name"])
            response = page.goto(url)
            expected = 404 if name == "404" else 200
            assert response.status == expected, f"{url}: HTTP {response.status}"
            page.wait_for_load_state("networkidle")
            screenshot(page, f"{name}-{lang}")
            try:
                no_horizontal_overflow(page)
            except AssertionError as e:
                problems.append(f"{url} at {width} px scrolls sideways: {e}")
            found = _untranslated(_visible_text(page, lang), lang, content)
            if found:
                problems.append(f"{url} at {width} px: {found}")
    assert not problems, "unfinished pages:\n" + "\n".join(problems)


def _untranslated(text, lang, content):
    """The strings of ``text`` (a page's visible text) that should not be on a ``lang`` page."""
    if lang == "zh":
        found = _words(text, UNTRANSLATED_ON_ZH)
        rest = text
        for s in content:
            rest = rest.replace(s, "")
        return found + [s for s in ODD_ON_ZH if s in rest]
    rest = text
    for s in content + ALLOWED_CHINESE:
        rest = rest.replace(s, "")
    found = [s for s in UNTRANSLATED_ON_EN if s in rest]
    found += sorted(set(RAW_KEY.findall(text)))
    lines = sorted({line.strip() for line in rest.splitlines() if CJK.search(line)})
    return found + [f"Chinese: {line[:60]}" for line in lines]
