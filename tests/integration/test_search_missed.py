"""Searches that found nothing (issue 16): the search page counts what a visitor
typed that found no dataset, per week in Redis, and how many searches there
were and how many found nothing, for the lists' keepers
(``ckan govopen search-missed`` and ``/govopen/search-missed``, a sysadmin's
only: anonymous, an outsider and a department's editor get 403); only the
page's own search with no filter, once a request; never a telephone number;
never an error page for it. Through the real WSGI app, Solr and Redis."""
import uuid
from urllib.parse import quote

import pytest
from click.testing import CliRunner

import ckan.tests.factories as factories

from ckanext.govopen.gate import core
from ckanext.govopen.search_ui import missed

from tests.integration.api_auth import as_user

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]


@pytest.fixture(autouse=True)
def no_gate_checks(monkeypatch):
    monkeypatch.setattr(core, "_checks", [])


def junk() -> str:
    """A word no title holds, new each run (Redis keeps the week's counts across runs)."""
    return "zqv" + "".join(c for c in uuid.uuid4().hex if c.isalpha())[:8]


def counted(text) -> int:
    return dict(missed.commonest(weeks=1, top=missed.MAX_KEPT)).get(text, 0)


def test_a_search_that_finds_nothing_is_counted_once_a_visit(app, make_dataset):
    make_dataset(name="bus-lines", title="南京市公交线路信息")
    word = junk()
    searches, nothing = missed.tally(weeks=1)
    for lang in ("", "/en", ""):
        assert app.get("%s/dataset/?q=%s" % (lang, quote(word))).status_code == 200
    # three visits, three counts: the page's "did you mean" asks package_search
    # again in the same request, and that is not counted
    assert counted(word) == 3
    assert missed.tally(weeks=1) == (searches + 3, nothing + 3)
    # what found something is not kept, but counted among the week's searches
    assert "bus-lines" in app.get("/dataset/?q=" + quote("公交线路")).get_data(as_text=True)
    assert counted("公交线路") == 0
    assert missed.tally(weeks=1) == (searches + 4, nothing + 3)
    # a filter that empties the page is not the words' fault; the API is a developer's;
    # the next page is the same search; browsing with nothing typed is no search
    assert app.get("/dataset/?q=%s&res_format=CSV" % quote(word)).status_code == 200
    assert app.get("/api/3/action/package_search?q=" + quote(word)).json["result"]["count"] == 0
    assert app.get("/dataset/?q=%s&page=2" % quote("公交线路")).status_code == 200
    assert app.get("/dataset/").status_code == 200
    assert counted(word) == 3
    assert missed.tally(weeks=1) == (searches + 4, nothing + 3)


def test_what_is_kept_is_never_a_telephone_number_and_the_command_lists_it(app):
    word = junk()
    typed = "%s 13812345678" % word
    assert app.get("/dataset/?q=" + quote(typed)).status_code == 200
    assert counted(word + " #") == 1
    kept = [t for t, _ in missed.commonest(weeks=1, top=missed.MAX_KEPT)]
    assert not any("13812345678" in t for t in kept)
    result = CliRunner().invoke(missed.command, ["--weeks", "1", "--top", str(missed.MAX_KEPT)])
    assert result.exit_code == 0, result.output
    assert any(line.split() == ["1", word, "#"] for line in result.output.splitlines()), result.output
    searches, nothing = missed.tally(weeks=1)
    assert result.output.splitlines()[0].startswith("%d searches, %d found nothing (%s)"
                                                    % (searches, nothing, missed.share(searches, nothing)))


def test_without_redis_the_search_page_still_answers(app, monkeypatch):
    def down():
        raise ConnectionError("redis is down")
    monkeypatch.setattr(missed, "_redis", down)
    body = app.get("/dataset/?q=" + quote(junk()))
    assert body.status_code == 200 and "govopen-no-results" in body.get_data(as_text=True)
    result = CliRunner().invoke(missed.command, [])
    assert result.exit_code == 1 and "Redis" in result.output and "无法读取" in result.output


def test_only_a_sysadmin_sees_the_page_and_it_lists_what_found_nothing(app, sysadmin, editor):
    word = junk()
    assert app.get("/dataset/?q=" + quote(word)).status_code == 200
    outsider = factories.User()
    for who in (None, outsider, editor):              # anonymous, a logged-in outsider, a department's editor
        answer = app.get("/govopen/search-missed", **as_user(who))
        assert answer.status_code == 403, who
        assert word not in answer.get_data(as_text=True)
    for lang, heading in (("", "无结果的搜索"), ("/en", "Searches that found nothing")):
        body = app.get(lang + "/govopen/search-missed?weeks=1", **as_user(sysadmin))
        assert body.status_code == 200
        text = body.get_data(as_text=True)
        assert heading in text and word in text
        searches, nothing = missed.tally(weeks=1)
        assert searches >= nothing >= 1
        shown = ("这段时间共 {} 次搜索，其中 {} 次无结果（{}）。" if not lang
                 else "Searches in this period: {}; found nothing: {} ({}).")
        assert shown.format(searches, nothing, missed.share(searches, nothing)) in text
        assert 'href="%s/dataset/?q=%s"' % (lang, word) in text          # one click to try it again
    # the sysadmin trying it again from the page is not counted
    assert app.get("/dataset/?q=" + quote(word), **as_user(sysadmin)).status_code == 200
    assert counted(word) == 1
    for bad in ("7", "abc", ""):
        assert app.get("/govopen/search-missed?weeks=" + bad, **as_user(sysadmin)).status_code == 400


def test_the_page_says_so_when_redis_cannot_be_read(app, sysadmin, monkeypatch):
    def down():
        raise ConnectionError("redis is down")
    monkeypatch.setattr(missed, "_redis", down)
    body = app.get("/en/govopen/search-missed", **as_user(sysadmin))
    assert body.status_code == 200 and "cannot be read now" in body.get_data(as_text=True)


def test_a_search_that_found_something_is_counted_without_the_detectors(app, make_dataset, monkeypatch):
    """Every search of the box is counted, so what is only needed to keep a query
    (the privacy scanner's detectors) runs only for one that found nothing."""
    make_dataset(name="bus-lines-2", title="苏州市公交线路信息")
    searches, nothing = missed.tally(weeks=1)

    def not_here(*args, **kwargs):
        raise AssertionError("the detectors ran for a search that found something")
    monkeypatch.setattr(missed.detectors, "find_entities", not_here)
    assert "bus-lines-2" in app.get("/dataset/?q=" + quote("公交线路")).get_data(as_text=True)
    assert missed.tally(weeks=1) == (searches + 1, nothing)
