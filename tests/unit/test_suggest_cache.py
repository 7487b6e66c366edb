"""The suggestion cache's rule (search_ui/suggest_cache.py): an entry is read only
under the generation it was computed under; a session that wrote a search document
or changed a dataset, resource or department bumps the generation when its
transaction ends. Redis is a dict here; the integration tests use the real one."""
import pytest

from ckan import model

from ckanext.govopen.search_ui import suggest_cache


class FakeRedis:
    def __init__(self):
        self.data = {}

    def mget(self, keys):
        return [self.data.get(k) for k in keys]

    def set(self, key, value, ex=None):
        assert ex == suggest_cache.TTL
        self.data[key] = value if isinstance(value, bytes) else str(value).encode()

    def incr(self, key):
        self.data[key] = str(int(self.data.get(key, b"0")) + 1).encode()


class Broken:
    def __getattr__(self, name):
        raise ConnectionError("redis down")


@pytest.fixture
def redis(monkeypatch):
    fake = FakeRedis()
    monkeypatch.setattr(suggest_cache, "connect_to_redis", lambda: fake)
    monkeypatch.setattr(suggest_cache, "_prefix", lambda: "t:")
    monkeypatch.setattr(suggest_cache, "_core", lambda: "http://127.0.0.1:8983/solr/ckan")
    return fake


PARTS = ["zh", "/dataset/_", 'title_ngram:"公交"', "公交"]
ANSWER = [{"kind": "dataset", "label": "公交线路", "url": "/dataset/bus"}]


def test_an_answer_is_computed_once_per_generation(redis):
    calls = []

    def compute():
        calls.append(1)
        return ANSWER
    assert suggest_cache.cached(PARTS, compute) == ANSWER
    assert suggest_cache.cached(PARTS, compute) == ANSWER
    assert len(calls) == 1
    assert suggest_cache.cached(["en"] + PARTS[1:], compute) == ANSWER     # another key
    assert len(calls) == 2
    suggest_cache.bump()
    assert suggest_cache.cached(PARTS, compute) == ANSWER
    assert len(calls) == 3


def test_an_answer_is_the_solr_core_s_it_was_asked_of(redis, monkeypatch):
    """Two sites on one Redis and one site_id that search other cores (the search
    benchmark's stock and project sites) each compute their own answer."""
    calls = []

    def compute():
        calls.append(1)
        return ANSWER
    suggest_cache.cached(PARTS, compute)
    monkeypatch.setattr(suggest_cache, "_core", lambda: "http://127.0.0.1:8983/solr/ckan_stock")
    suggest_cache.cached(PARTS, compute)
    suggest_cache.cached(PARTS, compute)
    assert len(calls) == 2


def test_an_answer_is_stored_under_the_generation_read_before_it_was_computed(redis):
    """A write that lands while the answer is computed bumps after it: the entry,
    possibly of the old index, is never read."""
    def compute_while_the_index_changes():
        suggest_cache.bump()
        return ANSWER
    suggest_cache.cached(PARTS, compute_while_the_index_changes)
    generation, found = suggest_cache.lookup(PARTS)
    assert generation == "1" and found is None


def test_a_broken_redis_only_costs_the_cache(monkeypatch):
    monkeypatch.setattr(suggest_cache, "connect_to_redis", lambda: Broken())
    assert suggest_cache.cached(PARTS, lambda: ANSWER) == ANSWER
    suggest_cache.bump()                                       # logged, not raised


class Session:
    def __init__(self, *changed):
        self.info, self.new, self.dirty, self.deleted = {}, set(), set(changed), set()


def test_a_transaction_that_changed_what_answers_read_bumps_when_it_ends(redis):
    for cls, bumps in ((model.Package, True), (model.Resource, True), (model.Group, True),
                       (model.User, False)):
        obj = cls.__new__(cls)                  # only its class is looked at
        session = Session(obj)
        before = redis.data.get("t:generation")
        suggest_cache._flushed(session, None, None)
        suggest_cache._ended(session)
        assert (redis.data.get("t:generation") != before) is bumps, obj
        assert not session.info                              # once per transaction


def test_a_search_document_written_marks_the_session(redis, monkeypatch):
    session = Session()
    monkeypatch.setattr(model, "Session", lambda: session)
    assert suggest_cache.touched({"id": "x"}) == {}              # adds no field to the document
    suggest_cache._ended(session)
    assert redis.data["t:generation"] == b"1"
