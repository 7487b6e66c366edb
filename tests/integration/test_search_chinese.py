"""Dataset search in Chinese and English, against the real Solr `ckan` core.

What the public portal promises: a term inside a Chinese title is found, the
best match comes first, function words and synonyms from config/search/ act
on queries, English titles are searched, every facet is there with readable
labels, and the sort options work.
"""
import pytest

import ckan.tests.helpers as helpers

from ckanext.govopen import facets
from ckanext.govopen.standard import loader

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]

TITLES = {
    "bus-ridership": ("北京市公共交通客流量统计", "Beijing public transport ridership", "310000"),
    "bus-lines": ("南京市公交线路信息", None, "320000"),
    "kindergarten": ("黄浦区公办幼儿园招生地段信息", "Huangpu kindergarten admission areas", "310000"),
    "hospital": ("白云区二级医院信息", None, "520100"),
    "clinic-notes": ("卫生机构明细", None, "520100"),
    "air": ("城市空气质量小时数据", "Hourly urban air quality", "320000"),
}


@pytest.fixture
def corpus(make_dataset):
    made = {}
    for name, (title, title_en, region) in TITLES.items():
        extra = {"title_en": title_en} if title_en else {}
        notes = "包含医院名称、地址。" if name == "clinic-notes" else "摘要：" + title
        made[name] = make_dataset(name=name, title=title, notes=notes, spatial_code=region, **extra)
    return made


def search(**params):
    params.setdefault("rows", 20)
    return helpers.call_action("package_search", {}, **params)


def names(result):
    return [d["name"] for d in result["results"]]


# what the WORDS find, exactly: the model switched off (it adds titles near in
# meaning after these, 客流量: 城市空气质量小时数据; test_search_meaning.py tests that part)
@pytest.mark.ckan_config("govopen.search.meaning_model", "")
def test_chinese_and_english_queries(corpus):
    """One corpus, the query behaviours (one set-up: each costs seconds)."""
    # A term inside a Chinese title is found; a non-contiguous one is not.
    assert names(search(q="客流量")) == ["bus-ridership"]
    assert names(search(q="幼儿园")) == ["kindergarten"]
    assert names(search(q="交通事故")) == []
    # Best match first: 医院 is in one title and only in another dataset's description.
    assert names(search(q="医院"))[:2] == ["hospital", "clinic-notes"]
    # Stop words (config/search/stopwords_zh.txt) and particles (particles_zh.txt).
    assert names(search(q="关于 幼儿园")) == ["kindergarten"]
    assert names(search(q="幼儿园的招生")) == ["kindergarten"]
    assert search(q="的")["count"] == 0                             # only a particle: no error
    # Synonyms (synonyms.txt: 公交, 公共交通, 公交车), both ways.
    assert set(names(search(q="公交"))) == {"bus-lines", "bus-ridership"}
    assert set(names(search(q="公共交通"))) == {"bus-lines", "bus-ridership"}
    assert names(search(q="空气质量")) == ["air"]
    # English queries search title_en.
    assert names(search(q="kindergarten")) == ["kindergarten"]
    assert names(search(q="ridership")) == ["bus-ridership"]
    assert names(search(q="air quality")) == ["air"]


def test_every_facet_is_there_with_labels(corpus):
    fields = ["organization", "res_format", "spatial_code", "theme", "effective_open_type",
              "update_frequency", "validation_status"]
    result = search(q="*:*", **{"facet.field": fields})
    found = result["search_facets"]
    assert set(fields) <= set(found)
    regions = {i["name"]: i["display_name"] for i in found["spatial_code"]["items"]}
    assert regions == {code: loader.label("gb2260", code, "zh") for code in ("310000", "320000", "520100")}
    assert regions["310000"] == "上海市"
    themes = {i["name"]: i["display_name"] for i in found["theme"]["items"]}
    assert themes == {"transport": loader.label("theme", "transport", "zh")}
    titles_zh, titles_en = facets.facet_titles("zh"), facets.facet_titles("en")
    assert titles_zh["organization"] == "部门" and titles_en["organization"] == "Departments"
    assert titles_zh["spatial_code"] != titles_en["spatial_code"]
    assert set(fields) <= set(titles_zh)


def test_sorts_and_the_page_offering_them(app, corpus, sysadmin):
    by_name = names(search(q="*:*", sort="title_string asc"))
    assert by_name == [n for _, n in sorted((t[0], n) for n, t in TITLES.items())]
    assert names(search(q="*:*", sort="title_string desc")) == by_name[::-1]
    helpers.call_action("package_patch", {"user": sysadmin["name"]}, id="hospital", notes="更新")
    assert names(search(q="*:*", sort="metadata_modified desc"))[0] == "hospital"
    assert names(search(q="医院", sort="score desc, metadata_modified desc"))[0] == "hospital"

    # the search page offers them (package/snippets/search_results.html)
    body = app.get("/dataset/?q=公交").get_data(as_text=True)
    for value in ("score desc, metadata_modified desc", "metadata_modified desc",
                  "title_string asc", "quality_score desc, metadata_modified desc"):
        assert 'value="%s"' % value in body
    assert "南京市公交线路信息" in body
