"""Search by meaning (issue 16, search_meaning/): a query finds public datasets
whose titles share none of its words but its meaning, listed after every
dataset its words match; a held dataset's title never comes into it; the
vector never leaves Solr. Through the real WSGI app, Solr's HNSW index and
the real model (as `make up` fetches it). Each test also runs the query with
the model switched off (``govopen.search.meaning_model`` empty: the words
alone, as before this feature) to show what the meaning adds."""
import json
from urllib.parse import quote

import pytest

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
from ckan.common import config

from ckanext.govopen.search_meaning import encoder, knn
from tests.integration.api_auth import as_user
from tests.integration.search_asked import found, other_department_editor

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]

#: real portal titles; none shares a word (or a two-character run) with the queries below
TITLES = {
    "care-homes": "养老机构名录",
    "car-repair": "机动车维修企业名录",
    "river-water": "河道水质监测数据",
    "bus-lines": "南京市公交线路信息",
    "air": "城市空气质量小时数据",
}


@pytest.fixture
def corpus(make_dataset):
    return {name: make_dataset(name=name, title=title, notes="摘要") for name, title in TITLES.items()}




@pytest.fixture
def words_only(monkeypatch):
    """Run a search with the model switched off (the words alone)."""
    def run(app, q, headers=None):
        with monkeypatch.context() as m:
            m.setitem(config, "govopen.search.meaning_model", "")
            return found(app, q, headers)
    return run


def _bigrams(text):
    return {text[i:i + 2] for i in range(len(text) - 1)}


@pytest.mark.parametrize("q, meant", [
    ("老人托管", "care-homes"),          # words no list links to 养老机构
    ("汽修店", "car-repair"),            # an everyday word for 机动车维修企业 (修车厂: a list word since the nineteenth session)
    ("河里的水干净吗", "river-water"),    # a question in everyday words
])
def test_a_query_finds_a_title_of_the_same_meaning_and_none_of_its_words(app, corpus, words_only, q, meant):
    assert not _bigrams(q) & _bigrams(TITLES[meant])
    assert meant not in words_only(app, q)[0]               # the words alone: not found (before)
    names, _ = found(app, q)
    assert meant in names[:3]
    assert "bus-lines" not in names and "air" not in names   # only what is near in meaning


def test_what_the_words_match_comes_first(app, corpus, make_dataset, words_only):
    make_dataset(name="day-care", title="社区老人托管服务点", notes="摘要")
    by_words, _ = words_only(app, "老人托管")
    assert by_words == ["day-care"]
    names, count = found(app, "老人托管")
    assert names[0] == "day-care" and "care-homes" in names[1:]
    assert count == len(names)


def test_nonsense_still_finds_nothing(app, corpus):
    # the data request offer and "did you mean" rely on an empty result
    for q in ("火星人入侵地球", "asdfgh", "哈哈哈"):
        assert found(app, q) == ([], 0), q


def test_a_held_title_never_comes_in_by_meaning(app, corpus, make_dataset, department, editor, words_only):
    """A private dataset whose title is the query's meaning exactly: anonymous,
    a logged-in outsider and an editor of another department never see it; its
    own department's editor finds it by its words, as before, not by meaning."""
    title = "养老服务机构入住人员信息"
    make_dataset(name="held-care-homes", title=title, notes="摘要", private=True)
    # it IS near in meaning (were held titles looked among, it would come in)
    near, query = encoder.encode([title, encoder.query_text("照顾老人的地方")], config["govopen.search.meaning_model"])
    assert sum(a * b for a, b in zip(near, query)) > knn.MIN_SIMILARITY + 0.05
    outsider = factories.User()
    other_editor = other_department_editor()
    for who in (None, outsider, other_editor):
        headers = as_user(who)["headers"] if who else None
        for q in ("照顾老人的地方", "老人托管", "养老服务机构"):
            names, count = found(app, q, headers)
            assert "held-care-homes" not in names, (who and who["name"], q)
            assert "care-homes" in names and count == len(names)
    own = as_user(editor)["headers"]
    assert "held-care-homes" in found(app, "养老服务机构", own)[0]            # its words
    assert "held-care-homes" not in words_only(app, "照顾老人的地方", own)[0]
    names = found(app, "照顾老人的地方", own)[0]
    assert "care-homes" in names and "held-care-homes" not in names          # not its meaning


def test_the_vector_never_leaves_solr(app, corpus):
    assert found(app, "老人托管")[0]
    # asked for by name: refused (the fields a caller may list are named), and not stored
    response = app.get("/api/3/action/package_search?q=%s&fl=id,title_meaning" % quote("老人托管"))
    assert response.status_code == 409
    assert "title_meaning" in json.loads(response.get_data(as_text=True))["error"]["fl"][0]
    shown = json.loads(app.get("/api/3/action/package_show?id=care-homes").get_data(as_text=True))["result"]
    assert "title_meaning" not in shown
    # a caller's own vector query is refused, never an error page
    response = app.get("/api/3/action/package_search?q=" + quote("{!knn f=title_meaning topK=5}[0.1,0.2]"))
    assert response.status_code in (400, 409)


def test_a_new_title_is_found_by_its_new_meaning(app, corpus, sysadmin, words_only):
    assert "air" not in found(app, "老人托管")[0]
    helpers.call_action("package_patch", {"user": sysadmin["name"], "ignore_auth": True},
                        id="air", title="老年人福利院名单")
    assert "air" not in words_only(app, "老人托管")[0]
    assert "air" in found(app, "老人托管")[0]


def test_a_query_asked_again_is_answered_from_the_cache_until_a_dataset_changes(app, corpus, make_dataset,
                                                                               monkeypatch):
    """The nearest titles are an anonymous visitor's answer: kept under the
    suggestion cache's generation, so asking again costs no model run, and a
    dataset written since is found at once (Solr asked anew; the query's vector is
    kept by the process, so not the model)."""
    encoder.forget_query_vectors()
    asked = []
    encode = encoder.encode

    def counting(texts, folder, **kw):
        asked.extend(t for t in texts if t == encoder.query_text("老人托管"))
        return encode(texts, folder, **kw)
    monkeypatch.setattr(encoder, "encode", counting)
    first = found(app, "老人托管")[0]
    assert "care-homes" in first and len(asked) == 1
    assert found(app, "老人托管")[0] == first and len(asked) == 1       # from the cache
    make_dataset(name="welfare-home", title="老年人福利院名单", notes="摘要")
    names = found(app, "老人托管")[0]
    assert len(asked) == 1 and "welfare-home" in names                # Solr asked anew, not the model
