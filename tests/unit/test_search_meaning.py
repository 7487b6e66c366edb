"""Search by meaning without CKAN: the model (the real one, as ``make up`` fetches
it), Solr's knn answer read back, and the query the datasets found become."""
import math
import os
from pathlib import Path

import pytest
import yaml

from ckanext.govopen import search_text as st
from ckanext.govopen.search_meaning import encoder, knn

REPO = Path(__file__).resolve().parents[2]
MODEL = Path(os.environ.get("GOVOPEN_STATE") or REPO / ".govopen") / "models" / encoder.MODEL
MODEL_EN = MODEL.parent / encoder.MODEL_EN


@pytest.fixture(scope="module")
def model():
    assert encoder.available(str(MODEL)), f"no search model in {MODEL}: `make up` fetches it (scripts/install.sh)"
    return str(MODEL)


@pytest.fixture(scope="module")
def model_en():
    assert encoder.available(str(MODEL_EN)), f"no English search model in {MODEL_EN}: `make up` fetches it"
    return str(MODEL_EN)


def _cos(a, b):
    return sum(x * y for x, y in zip(a, b))


def test_a_text_becomes_a_unit_vector_of_the_declared_size(model):
    vectors = encoder.encode(["养老院", "", "bus routes"], model)
    assert len(vectors) == 3
    for v in vectors:
        assert len(v) == encoder.DIMENSION
        assert math.isclose(math.sqrt(sum(x * x for x in v)), 1.0, rel_tol=1e-4)


def test_nearer_in_meaning_is_nearer_in_the_vectors(model):
    care, home, bus, drains, sewer = encoder.encode(["养老院", "敬老院", "公交线路", "排水管网", "下水道堵了找谁"], model)
    assert _cos(care, home) > _cos(care, bus) + 0.2
    assert _cos(sewer, drains) > _cos(sewer, bus)
    # the same text, the same vector (batched or not)
    assert encoder.encode(["敬老院"], model)[0] == pytest.approx(home, abs=1e-5)


def test_without_the_model_there_is_no_vector_and_no_error(tmp_path):
    assert encoder.encode(["养老院"], str(tmp_path)) is None
    assert encoder.encode(["养老院"], "") is None
    assert not encoder.available(str(tmp_path))


def test_solr_s_knn_score_is_read_back_as_the_cosine_and_cut_at_the_floor():
    docs = [{"id": "a", "score": 0.9}, {"id": "b", "score": 0.76}, {"id": "c", "score": 0.74}, {"score": 0.99}]
    found = knn.nearest_of(docs, floor=0.5)
    assert [i for i, _ in found] == ["a", "b"]          # (1 + cos) / 2: 0.74 is cos 0.48
    assert found[0][1] == pytest.approx(0.8)
    query = knn.knn_query([0.5, -0.25], rows=7)
    assert query == "{!knn f=title_meaning topK=7}[0.500000,-0.250000]"


def test_the_declared_floor_is_the_bench_s():
    declared = yaml.safe_load((REPO / "ckanext-govopen/ckanext/govopen/config_declaration.yml").read_text())
    options = {o["key"]: o for g in declared["groups"] for o in g["options"]}
    assert float(options["govopen.search.meaning_min_similarity"]["default"]) == knn.MIN_SIMILARITY
    assert float(options["govopen.search.meaning_min_similarity_en"]["default"]) == knn.MIN_SIMILARITY_EN


def _nearest(found, asked=None, english=None):
    def nearest(text, typed=""):
        if asked is not None:
            asked.append(text)
        if english is not None:
            english.append(typed)
        return found
    return nearest


def test_datasets_found_by_meaning_are_one_alternative_of_all_the_words():
    plain = st.rewrite_params("江苏 企业")
    got = st.rewrite_params("江苏 企业", nearest=_nearest([("id-1", 0.62), ("id-2", 0.55)]))
    # both words still required together (q.op AND inside the group), or a dataset
    # found by meaning: not an alternative of each word (江苏 alone must not do)
    assert got == {"q": '(%s) OR id:("id-1"^=0.000620 OR "id-2"^=0.000550)' % plain["q"], "mm": "1"}


def test_nothing_found_by_meaning_leaves_the_query_as_it_was():
    for q in ("江苏 企业", "有没有公交线路的数据", "big data", "elderly care"):
        assert st.rewrite_params(q, nearest=_nearest([])) == st.rewrite_params(q)


def _top_level(q):
    """The clauses of ``q`` joined by OR at depth 0."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(q):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth == 0 and q.startswith(" OR ", i):
            out.append(q[start:i])
            start = i + 4
    return out + [q[start:]]


def test_a_question_s_clauses_each_take_the_datasets_found_by_meaning():
    plain = st.rewrite_params("有没有地铁线路的数据")
    got = st.rewrite_params("有没有地铁线路的数据", nearest=_nearest([("x", 0.7)]))
    assert got["mm"] == plain["mm"] == st.QUESTION_MM
    # under mm each clause counts: the id is an alternative of every one
    assert len(_top_level(plain["q"])) == 2
    assert _top_level(got["q"]) == ['(%s OR id:("x"^=0.000700))' % c for c in _top_level(plain["q"])]


def test_an_english_query_is_read_by_the_model_as_the_chinese_it_was_translated_to():
    asked = []
    st.rewrite_params("elderly care", nearest=_nearest([], asked))
    assert asked and all("\u4e00" <= ch <= "\u9fff" or ch == " " for ch in asked[0])
    assert "老年" in asked[0]
    asked.clear()
    st.rewrite_params("下水道堵了找谁", nearest=_nearest([], asked))
    assert asked == ["下水道堵了找谁"]
    # English no list translates: not read by the Chinese model (asdfgh is as near some
    # titles as real words), only handed as typed to the English one, whose floor decides
    asked.clear()
    typed = []
    st.rewrite_params("asdfgh", nearest=_nearest([], asked, typed))
    assert asked == [""] and typed == ["asdfgh"]
    # a query with a Han character is the Chinese model's alone
    typed.clear()
    st.rewrite_params("GDP 江苏", nearest=_nearest([], None, typed))
    assert typed == [""]


def test_a_title_s_english_is_its_words_first_senses():
    from ckanext.govopen.search_meaning import english
    text = english.title_english("外商直接投资企业名录")
    assert "direct investment" in text and not any("\u4e00" <= ch <= "\u9fff" for ch in text)
    # Latin letters and digits kept as typed, one word each
    assert english.title_english("2019年GDP统计").split()[0::2] == ["2019", "GDP"]
    assert english.title_english("") == english.title_english("㐀㐁") == ""
    assert english.english_query("FDI") == english.QUERY_PREFIX + "FDI"
    assert english.english_query("day-care  centres") == english.QUERY_PREFIX + "day-care centres"
    # Chinese is the Chinese model's; a code, file name or number is no English to read
    for q in ("GDP 江苏", "2020", "fu7q.csv", "5G", "res_url:x", ""):
        assert english.english_query(q) == "", q


def test_the_english_model_finds_what_no_dictionary_pairs_and_its_floor_keeps_nonsense_out(model_en):
    from ckanext.govopen.search_meaning import english
    titles = ["外商直接投资企业名录", "宾馆客房入住率统计", "公共图书馆名录"]
    vectors = encoder.encode([english.title_english(t) for t in titles], model_en)
    assert all(len(v) == encoder.DIMENSION_EN for v in vectors)
    fdi, hotel, nonsense = encoder.encode([english.english_query(q) for q in
                                           ("FDI", "hotel occupancy rate", "asdfgh")], model_en)
    assert max(range(3), key=lambda n: _cos(fdi, vectors[n])) == 0
    assert max(range(3), key=lambda n: _cos(hotel, vectors[n])) == 1
    assert _cos(fdi, vectors[0]) >= knn.MIN_SIMILARITY_EN
    assert _cos(hotel, vectors[1]) >= knn.MIN_SIMILARITY_EN
    assert max(_cos(nonsense, v) for v in vectors) < knn.MIN_SIMILARITY_EN


def test_two_models_finds_are_interleaved_each_id_once():
    zh = [("a", 0.8), ("b", 0.7), ("c", 0.6)]
    en = [("x", 0.9), ("a", 0.85)]
    got = knn.interleaved(zh, en, takes=(1, 1))
    assert [i for i, _ in got] == ["a", "x", "b", "c"]
    scores = [c for _, c in got]
    assert scores == sorted(scores, reverse=True) and scores[0] == 0.8 and len(set(scores)) == 4
    # the Chinese model's two to the English one's one, by default
    zh = [("a", 0.8), ("b", 0.7), ("c", 0.6), ("d", 0.55), ("e", 0.52)]
    en = [("x", 0.9), ("y", 0.85), ("b", 0.8)]
    assert [i for i, _ in knn.interleaved(zh, en)] == ["a", "b", "x", "c", "d", "y", "e"]
    # one list alone is kept as it is (a Chinese query's answer is unchanged)
    assert knn.interleaved(zh, []) == zh and knn.interleaved([], en) == en and knn.interleaved([], []) == []


def test_an_id_cannot_break_out_of_its_quotes():
    clause = st.meaning_clause([('a" OR name:*', 0.6), ("b\\", 0.5)])
    assert clause == 'id:("a\\" OR name:*"^=0.000600 OR "b\\\\"^=0.000500)'


@pytest.fixture
def uncached(monkeypatch):
    """similar.nearest without its Redis cache: under `make test` CKAN's Redis is
    reachable, and a second asking (in this test or a run of the suite within the
    cache's hour) would be answered from it, not from the stand-in Solr."""
    from ckanext.govopen.search_meaning import similar
    monkeypatch.setattr(similar.suggest_cache, "lookup", lambda parts: (None, None))
    monkeypatch.setattr(similar.suggest_cache, "store", lambda *a: None)
    encoder.forget_query_vectors()      # the process's kept vectors: each test counts its own
    yield
    encoder.forget_query_vectors()


def test_the_query_side_reads_solr_s_answer_with_the_configured_floor(model, monkeypatch, uncached):
    """similar.nearest end to end but for Solr and CKAN's config (both stand-ins).
    Before 2026-12-05 it called ``tk.asfloat``, which CKAN 2.12's toolkit lacks:
    every free-text package_search with the model in place answered 500."""
    from types import SimpleNamespace

    from ckanext.govopen.search_meaning import similar

    asked = []

    class Solr:
        def search(self, q, **params):
            asked.append((q, params))
            return SimpleNamespace(docs=[{"id": "near", "score": 0.85}, {"id": "far", "score": 0.7}])

    monkeypatch.setattr(similar, "model_folder", lambda: model)
    monkeypatch.setattr(similar, "connection", lambda: Solr())
    monkeypatch.setattr(similar, "anonymous_filters", lambda: ["+capacity:public"])
    # CKAN hands a declared float option as a float (config_declaration.yml: type float)
    monkeypatch.setattr(similar.tk, "config", {"govopen.search.meaning_min_similarity": 0.5})
    seen = []
    encode = encoder.encode
    monkeypatch.setattr(encoder, "encode", lambda texts, folder, **kw: seen.extend(texts) or encode(texts, folder, **kw))
    found = similar.nearest("哪里可以查到公交车路线")
    assert seen == [encoder.QUERY_PREFIX + "哪里可以查到公交车路线"]     # the model card's instruction first
    assert [i for i, _ in found] == ["near"]               # (1 + cos) / 2 = 0.7 is cos 0.4 < 0.5
    assert found[0][1] == pytest.approx(0.7)
    (q, params), = asked
    # the graph search looks for SEARCHED (an approximate search asked for 20 misses some
    # of the 20 nearest); Solr returns the best CANDIDATES
    assert q.startswith("{!knn f=title_meaning topK=%d}[" % knn.SEARCHED) and params["fq"] == ["+capacity:public"]
    assert params["rows"] == knn.CANDIDATES < knn.SEARCHED
    monkeypatch.setattr(similar.tk, "config", {"govopen.search.meaning_min_similarity": "0.75"})
    assert similar.nearest("哪里可以查到公交车路线") == []


def test_a_very_long_query_is_cut_before_the_model(model, monkeypatch, uncached):
    """A query of 200,000 characters: the model reads its first MAX_TEXT (more than
    its MAX_TOKENS tokens), so the answer is that of the cut text, got at the same cost."""
    from types import SimpleNamespace

    from ckanext.govopen.search_meaning import similar

    asked = []
    monkeypatch.setattr(similar, "model_folder", lambda: model)
    monkeypatch.setattr(similar, "anonymous_filters", lambda: [])
    monkeypatch.setattr(similar, "connection", lambda: SimpleNamespace(
        search=lambda q, **p: asked.append(q) or SimpleNamespace(docs=[])))
    monkeypatch.setattr(similar.tk, "config", {"govopen.search.meaning_min_similarity": 0.5})
    seen = []
    encode = encoder.encode
    monkeypatch.setattr(encoder, "encode", lambda texts, folder, **kw: seen.extend(texts) or encode(texts, folder, **kw))
    long = "养老机构名录" * 40000
    assert similar.nearest(long) == []
    # read after the model's retrieval instruction, cut with it
    assert seen == [(encoder.QUERY_PREFIX + long)[:similar.MAX_TEXT]] and len(seen[0]) == 4 * encoder.MAX_TOKENS
    # the same vector as the cut text's: nothing past it was read
    similar.nearest(long[:similar.MAX_TEXT])
    assert asked[0] == asked[1]


def test_a_query_s_vector_is_kept_past_a_write(model, monkeypatch, uncached):
    """A dataset write makes every kept answer old (suggest_cache's generation; here no
    answer is kept at all), so the next asking goes to Solr again; the query's vector is
    its text's and the model's alone, and the model is not asked again for it. Before,
    each asking read the model (5-11 ms of a core)."""
    from types import SimpleNamespace

    from ckanext.govopen.search_meaning import similar

    asked = []
    monkeypatch.setattr(similar, "model_folder", lambda: model)
    monkeypatch.setattr(similar, "anonymous_filters", lambda: [])
    monkeypatch.setattr(similar, "connection", lambda: SimpleNamespace(
        search=lambda q, **p: asked.append(q) or SimpleNamespace(docs=[{"id": "near", "score": 0.9}])))
    monkeypatch.setattr(similar.tk, "config", {"govopen.search.meaning_min_similarity": 0.5})
    seen = []
    encode = encoder.encode
    monkeypatch.setattr(encoder, "encode", lambda texts, folder, **kw: seen.extend(texts) or encode(texts, folder, **kw))
    first = similar.nearest("养老院")
    again = similar.nearest("养老院")
    assert first == again == [("near", pytest.approx(0.8))]
    assert len(asked) == 2 and asked[0] == asked[1]        # Solr asked each time, the same vector
    assert seen == [encoder.QUERY_PREFIX + "养老院"]          # the model once
    similar.nearest("公交线路")
    assert len(seen) == 2                                    # another text is read
