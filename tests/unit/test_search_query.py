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
    assert search_query.before_search({"q": "关于 公交"})["q"].startswith("(公交 OR ")      # 关于 is gone


def test_a_question_is_sent_with_its_own_mm_and_a_caller_s_mm_wins():
    params = search_query.query_params({"q": "能不能查到机场的航班"})
    assert params["q"].startswith("(机场 OR ") and ") OR (航班 OR " in params["q"] and params["mm"] == "2<-1 5<80%"
    assert params["qf"] == search_query.RELEVANCE["qf"]
    assert search_query.query_params({"q": "机场 航班"})["mm"] == search_query.RELEVANCE["mm"]
    # a caller that sets mm itself gets CKAN's query, not the rewriting
    assert search_query.query_params({"q": "能不能查到机场的航班", "mm": "100%"})["mm"] == "100%"
