"""The search page (issue 16): why a result matched (highlighted terms in
title and description, escaped: a hostile title stays text), and each
result's department, update date, open type, formats and quality; through
the real WSGI app and the real Solr `ckan` core, anonymous."""
import re
from urllib.parse import quote

import pytest

from ckanext.govopen.gate import core

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]


def page(app, q, lang=""):
    return app.get("%s/dataset/?q=%s" % (lang, quote(q))).get_data(as_text=True)


def items(body):
    """The result items of a search page (each up to the next one, or the list's end)."""
    listed = body.split('<ul class="dataset-list', 1)[-1].split('<section', 1)[0] if "dataset-item" in body else ""
    return listed.split('<li class="dataset-item">')[1:]


@pytest.fixture(autouse=True)
def no_gate_checks(monkeypatch):
    """Datasets with linked files go public at once (the gate is tested elsewhere)."""
    monkeypatch.setattr(core, "_checks", [])


@pytest.fixture
def bus(make_dataset):
    return make_dataset(name="bus-lines", title="南京市公交线路信息",
                        notes="南京市公交线路的走向、站点和首末班时间。",
                        resources=[{"name": "线路", "url": "http://example.com/a.csv", "format": "CSV"},
                                   {"name": "线路", "url": "http://example.com/a.json", "format": "JSON"}])


def test_matched_terms_are_marked_in_title_and_description(app, bus):
    body = page(app, "公交线路")
    assert '<a href="/dataset/bus-lines"' in body
    assert "南京市<mark>公交线路</mark>信息" in body
    assert "南京市<mark>公交线路</mark>的走向" in body


def test_traditional_characters_mark_the_simplified_title(app, bus):
    assert "南京市<mark>公交線路</mark>" not in page(app, "公交線路")      # marks the stored text
    assert "<mark>公交线路</mark>" in page(app, "公交線路")


def test_an_english_query_marks_the_chinese_words_it_reached(app, bus):
    # "bus routes" reaches 公交线路 through the glossary (config/search/glossary_en_zh.txt)
    assert "南京市<mark>公交线路</mark>信息" in page(app, "bus routes", "/en")


def test_a_hostile_title_stays_text(app, make_dataset):
    make_dataset(name="hostile", title='公交线路<script>alert("x")</script><img src=x onerror=alert(1)>',
                 notes='公交线路 <b onmouseover="alert(2)">粗</b> \x02<script>alert(3)</script>\x03')
    body = page(app, "公交线路")
    found = items(body)
    assert len(found) == 1
    assert "<script>alert" not in found[0] and "<img src=x" not in found[0] and "<b onmouseover" not in found[0]
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in found[0] or "&lt;script&gt;alert(&quot;x&quot;)" in found[0]
    assert "<mark>公交线路</mark>" in found[0]
    assert found[0].count("<mark>") == found[0].count("</mark>")


def test_each_result_shows_department_update_open_type_formats_and_quality(app, bus, department):
    found = items(page(app, "公交线路"))
    assert len(found) == 1
    facts = dict(re.findall(r'data-fact="(\w+)"[^>]*>(.*?)</li>', found[0], re.S))
    assert department["title"] in facts["department"]
    assert re.search(r"\d{4}", facts["modified"])
    assert facts["open_type"].strip() == "无条件开放"
    assert facts["formats"].strip() == "CSV · JSON"
    assert re.search(r"\d+/100", facts.get("quality", "")), found[0]
    en = dict(re.findall(r'data-fact="(\w+)"[^>]*>(.*?)</li>', items(page(app, "公交线路", "/en"))[0], re.S))
    assert en["open_type"].strip() != "无条件开放" and "Quality" in en["quality"]


def test_without_a_query_nothing_is_marked_and_the_facts_stay(app, bus):
    body = app.get("/dataset/").get_data(as_text=True)
    assert "<mark>" not in body
    assert 'data-fact="open_type"' in body


def test_the_sort_menu_offers_quality(app, bus):
    body = page(app, "公交")
    assert 'value="quality_score desc, metadata_modified desc"' in body
