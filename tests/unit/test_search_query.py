"""Stop-word-only query words are dropped before Solr (search_query), reading config/search."""
from ckanext.govopen import search_query


def test_the_repository_list_is_read():
    words = search_query.stopwords()
    assert {"关于", "和", "以及"} <= words
    assert "数据" not in words and "的" not in words     # content words; 的 is a particle (Solr side)


def test_only_whole_stop_words_go():
    words = frozenset({"关于", "和"})
    assert search_query.without_stopwords("关于 幼儿园", words) == "幼儿园"
    assert search_query.without_stopwords("公交 和 地铁", words) == "公交 地铁"
    assert search_query.without_stopwords("关于幼儿园", words) == "关于幼儿园"      # glued: Solr's job
    assert search_query.without_stopwords("和平 公园", words) == "和平 公园"


def test_queries_it_leaves_alone():
    words = frozenset({"关于", "和"})
    assert search_query.without_stopwords("关于", words) == "关于"                  # nothing else left
    assert search_query.without_stopwords("title:关于 和", words) == "title:关于 和"  # field syntax
    assert search_query.without_stopwords('"关于 公交"', words) == '"关于 公交"'      # a phrase
    assert search_query.before_search({"q": None}) == {"q": None}
    assert search_query.before_search({"q": "关于 公交"})["q"] == "公交"
