""""Did you mean" (issue 16): a query that finds nothing offers a corrected
query that finds something, in zh and en, next to the data request offer;
made only of public titles' words, whoever asks (anonymous, the private
dataset's own editor); through the real WSGI app and Solr."""
import html
import re
from urllib.parse import quote

import pytest

from ckanext.govopen.gate import core
from ckanext.govopen.search_ui import didyoumean

from tests.integration.api_auth import as_user

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]


def offered(app, q, lang="", headers=None):
    body = app.get("%s/dataset/?q=%s" % (lang, quote(q)), headers=headers or {}).get_data(as_text=True)
    found = re.search(r'<p class="govopen-did-you-mean[^>]*>(.*?)</p>', body, re.S)
    if not found:
        return None, body
    link = re.search(r'href="([^"]*)"[^>]*>([^<]*)</a>', found.group(1))
    return (html.unescape(link.group(1)), html.unescape(link.group(2))), body


@pytest.fixture(autouse=True)
def no_gate_checks(monkeypatch):
    monkeypatch.setattr(core, "_checks", [])


@pytest.fixture
def catalog(make_dataset):
    make_dataset(name="bus-lines", title="南京市公交线路信息")
    make_dataset(name="hospitals", title="桂林市医院名录")
    make_dataset(name="secret", title="机密档案调度方案", private=True)


def test_distance():
    assert didyoumean.distance("公胶", "公交") == 1
    assert didyoumean.distance("rootes", "routes") == 1
    assert didyoumean.distance("abc", "abc") == 0
    assert didyoumean.distance("", "ab") == 2


def test_a_chinese_typo_that_finds_nothing_offers_the_title_word(app, catalog):
    # 叉 (cha) does not sound like 交 (jiao): the search itself finds nothing
    (url, text), body = offered(app, "公叉")
    assert text == "公交" and url == "/dataset/?q=" + quote("公交")
    assert "govopen-no-results" in body                            # the data request stays offered
    assert "bus-lines" in app.get(url).get_data(as_text=True)      # and the correction finds it


def test_an_english_typo_is_corrected_from_the_glossary_in_english(app, catalog):
    (url, text), body = offered(app, "hospitl", "/en")
    assert text == "hospital" and url == "/en/dataset/?q=hospital"
    assert "Did you mean" in body
    assert "hospitals" in app.get(url).get_data(as_text=True)      # reaches the Chinese-only title
    (_, text), body = offered(app, "bus rootes", "/en")
    assert text == "bus routes"                                    # only the word that finds nothing


def test_a_homophone_typo_finds_the_word_meant_without_an_offer(app, catalog):
    """公胶 (gong jiao) sounds like 公交: the search itself also asks for 公交
    (search_text, homophones), so the dataset is found and nothing is offered."""
    offer, body = offered(app, "公胶")
    assert offer is None and "bus-lines" in body and "hospitals" not in body


def test_in_chinese_the_offer_reads_chinese(app, catalog):
    (_, text), body = offered(app, "公叉")
    assert "您是不是要找" in body and "Did you mean" not in body


def test_no_offer_when_results_or_nothing_close(app, catalog):
    assert offered(app, "公交")[0] is None                           # results: nothing to correct
    assert offered(app, "火箭发射场地")[0] is None                   # nothing close to any title
    assert offered(app, 'title:"公胶"')[0] is None                   # field syntax is meant exactly


def test_a_private_title_never_becomes_the_correction(app, catalog, editor):
    # 档按 is one edit from the private title's 档案; no public title holds anything close
    assert offered(app, "档按")[0] is None
    assert offered(app, "档按", headers=as_user(editor)["headers"])[0] is None
