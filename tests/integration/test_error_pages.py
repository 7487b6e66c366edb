"""The 404 page offers ways back: a search of the catalog, the home page, the
dataset list and a data request (issue 17; before: the bare error text)."""
import re

import pytest

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]


@pytest.mark.parametrize("prefix,words", [("", ["搜索数据目录", "首页"]),
                                          ("/en", ["Search the catalog", "Home"])])
def test_a_missing_dataset_page_offers_ways_back(app, prefix, words):
    got = app.get(prefix + "/dataset/no-such-dataset-x1")
    assert got.status_code == 404
    ways = re.search(r'<div class="module-content govopen-error-ways">.*?</ul>', got.body, re.S)
    assert ways, "the 404 page has no way back"
    text = ways.group(0)
    assert re.search(r'<form[^>]*action="%s/dataset/"' % prefix, text) and 'name="q"' in text
    assert 'href="%s/data-request/new"' % prefix in text and 'href="%s/dataset/"' % prefix in text
    for word in words:
        assert word in text, word
