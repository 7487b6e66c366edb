"""A question's page filled (issue 16, search_ui/fill.py, search_text 11.): when
a question's words (all but one of them must match) and its meaning list fewer
than ten datasets, the public datasets any one of its words matches fill the
rest, after them; nothing listed before leaves the first page, and a held
dataset never comes in by it. Through the real WSGI app and Solr, the meaning
switched off (its own tests are test_search_meaning.py) so that what the fill
adds is seen alone; each query is also run with the fill off, as before."""
from urllib.parse import quote

import pysolr
import pytest

import ckan.tests.factories as factories
from ckan.common import config

from ckanext.govopen.search_ui import fill
from tests.integration.api_auth import as_user
from tests.integration.search_asked import found, other_department_editor

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]

QUESTION = "清明节想去给烈士扫墓"      # 清明节 烈士 扫墓: two of three must match


@pytest.fixture(autouse=True)
def words_only(monkeypatch):
    monkeypatch.setitem(config, "govopen.search.meaning_model", "")


@pytest.fixture
def corpus(make_dataset):
    made = {"martyrs": "烈士纪念设施名录",              # one word of the question
            "festival": "清明节烈士扫墓活动安排",        # all three
            "buses": "南京市公交线路信息"}               # none
    for name, title in made.items():
        make_dataset(name=name, title=title, notes="摘要")
    return made




def unfilled(app, q, monkeypatch, headers=None):
    with monkeypatch.context() as m:
        m.setattr(fill, "relaxed", lambda q, taken, qf: [])
        return found(app, q, headers)


def test_a_question_s_short_page_is_filled_after_what_its_words_find(app, corpus, monkeypatch):
    assert unfilled(app, QUESTION, monkeypatch) == (["festival"], 1)          # before: one title
    names, count = found(app, QUESTION)
    assert names == ["festival", "martyrs"] and count == 2                    # then the one-word match
    assert "buses" not in names


def test_a_full_page_is_not_filled(app, corpus, make_dataset, monkeypatch):
    for n in range(10):
        make_dataset(name="festival-%d" % n, title="清明节烈士扫墓活动安排%d" % n, notes="摘要")
    before = unfilled(app, QUESTION, monkeypatch)
    assert found(app, QUESTION) == before and "martyrs" not in before[0]


def test_a_plain_query_is_not_filled(app, corpus):
    # two words typed as words: both must match, as before
    assert found(app, "烈士 公交") == ([], 0)


def test_a_held_dataset_never_comes_in_by_the_fill(app, corpus, make_dataset, department, editor, monkeypatch):
    """A private dataset matching one word of the question: anonymous, a logged-in
    outsider and an editor of another department never see it; its own
    department's editor sees it by its words, as any search shows it to them."""
    make_dataset(name="held-martyrs", title="烈士褒扬对象信息", notes="摘要", private=True)
    outsider = factories.User()
    other_editor = other_department_editor()
    for who in (None, outsider, other_editor, editor):
        headers = as_user(who)["headers"] if who else None
        names, count = found(app, QUESTION, headers)
        assert "held-martyrs" not in names and names[:2] == ["festival", "martyrs"], who and who["name"]
        assert count == len(names)
    assert "held-martyrs" in found(app, "烈士褒扬", as_user(editor)["headers"])[0]


def test_a_failing_fill_leaves_the_question_s_own_answer(app, corpus, monkeypatch):
    def broken(q, qf, mm, rows):
        raise pysolr.SolrError("Solr is gone")
    monkeypatch.setattr(fill, "_ask", broken)
    assert found(app, QUESTION) == (["festival"], 1)
    response = app.get("/dataset/?q=" + quote(QUESTION))
    assert response.status_code == 200


def test_the_fill_is_kept_until_a_dataset_changes(app, corpus, make_dataset, monkeypatch):
    asked = []
    ask = fill._ask

    def counting(q, qf, mm, rows):
        asked.append(mm)
        return ask(q, qf, mm, rows)
    monkeypatch.setattr(fill, "_ask", counting)
    assert found(app, QUESTION)[0] == ["festival", "martyrs"] and len(asked) == 2
    assert found(app, QUESTION)[0] == ["festival", "martyrs"] and len(asked) == 2     # from the cache
    make_dataset(name="cemetery", title="烈士陵园开放时间", notes="摘要")
    names = found(app, QUESTION)[0]
    assert len(asked) == 4 and names[0] == "festival" and set(names[1:]) == {"martyrs", "cemetery"}


def test_the_search_page_marks_the_filled_title_s_word_and_does_not_call_it_meaning(app, corpus):
    """The page's highlighting asked the question's own mm (two of three words): the
    filled title held one, so it was unmarked and labelled "Related in meaning",
    whose text says none of the words is in it."""
    html = app.get("/dataset/?q=" + quote(QUESTION)).get_data(as_text=True)
    assert "烈士纪念设施名录" in html
    item = html[html.rindex('class="dataset-item', 0, html.index("烈士纪念设施名录")):]
    item = item[:item.find('class="dataset-item', 20) if 'class="dataset-item' in item[20:] else len(item)]
    assert "<mark>烈士</mark>" in item
    assert 'data-fact="meaning"' not in item


def test_an_english_question_is_read_as_one(app, make_dataset, monkeypatch):
    """Every English word was required: a question's words (renew, residence
    permit, foreign, student) are not all a title's, so the words matched nothing
    (the English model found it alone). Read as a question (its words ORed under
    its mm, its page filled), the words find the residence permit's titles."""
    monkeypatch.setitem(config, "govopen.search.meaning_model_en", "")
    make_dataset(name="permits", title="居住证受理网点", notes="摘要")
    make_dataset(name="buses", title="南京市公交线路信息", notes="摘要")
    names, count = found(app, "how do I renew my residence permit as a foreign student")
    assert names == ["permits"] and count == 1
