"""A long Chinese description is shortened, not lost (portal/extract.py).

CKAN's markdown_extract cuts at spaces; Chinese has none, so a description
longer than the limit showed as "..." alone in the department's list, the
catalog's list and the page's og:description. Through the real pages, as an
anonymous reader. Failed before the chained helper: no "全市公共交通线路与站点。全市"
in any of the three.
"""
import html
import re

import pytest

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]

NOTES = "全市公共交通线路与站点。" * 20          # 240 characters, longer than every list's limit
START = "全市公共交通线路与站点。全市"


def listed_notes(body):
    """The text of each dataset item's description in a list page."""
    return [html.unescape(re.sub(r"<[^>]+>", "", m)).strip()
            for m in re.findall(r'<li class="dataset-item[^"]*">(.*?)</li>', body, re.S)]


def test_lists_and_meta_keep_the_start_of_a_long_chinese_description(app, make_dataset, department):
    dataset = make_dataset(name="bus-lines", title="公交线路", notes=NOTES)
    for url in (f"/organization/{department['name']}", "/dataset/"):
        body = app.get(url).body
        items = [t for t in listed_notes(body) if "公交线路" in t]
        assert items and START in items[0], f"{url}: {items[:1]}"
        assert NOTES not in body or url == "/dataset/", f"{url}: not shortened"
    page = app.get(f"/dataset/{dataset['name']}").body
    meta = re.search(r'<meta property="og:description" content="([^"]*)"', page)
    assert meta and html.unescape(meta.group(1)).startswith(START), meta and meta.group(1)[:40]
