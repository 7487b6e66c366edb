"""scripts/build_dictionary.py: ECDICT's English -> Chinese as search_text reads it (pure)."""
from pathlib import Path

import pytest

from ckanext.govopen import search_text as st
from tests.unit.conftest import load_script

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def build():
    return load_script("build_dictionary")


def test_a_translation_becomes_dictionary_words_in_its_order(build):
    words = {"兽医", "抵押", "借款", "动产", "担保"}
    assert build.terms_of("a. 兽医的\\nn. 兽医", words) == ["兽医"]
    # a description is no word (以...作担保); notes and the internet-sourced line go
    assert build.terms_of("n. 抵押（法律）, 约束性义务, 抵押借款\\nvt. 抵押, 以...作担保", words) == ["抵押"]
    assert build.terms_of("[网络] 动产\\n[经] 担保", words) == ["担保"]
    # two characters are a word, in CC-CEDICT or not (land price: 地价); three are not
    assert build.terms_of("[法] 地价", words) == ["地价"]
    assert build.terms_of("vt. 使清洁", words) == []


def test_a_term_of_two_words_only_where_no_one_word_is_given(build):
    """retiree (退休人员, 退休者), deregistration (撤销登记): no one CC-CEDICT word, so
    nothing was kept and retirees searched retire's 隐居; a term of two such words
    is a term, a longer string is a description."""
    words = {"退休", "人员", "逾期", "债款", "延迟"}
    assert build.terms_of("n. 退休人员, 退休者\\n[法] 退休者, 退职者", words) == ["退休人员"]
    assert build.two_words("退休人员", words) and not build.two_words("领取退休金者", words)
    # a one-word translation goes first, and alone (the pair is no fallback then)
    assert build.terms_of("n. 逾期债款\\n[经] 延迟", words) == ["延迟"]
    # a form of another word (ECDICT's exchange 0:) leaves a pair-only entry to its lemma
    assert build.inflected({"exchange": "0:expand/1:i/i:expanding"})
    assert not build.inflected({"exchange": "s:retirees"})


def test_a_phrase_of_words_in_use_is_in_use(build):
    """ECDICT marks few phrases (social organization, retail sales: its law and
    economics lines have no exam tag or corpus rank): their words are in use."""
    used = {"social", "organization", "retail", "sales"}
    assert build.phrase_of("social organization", used) and build.phrase_of("retail sales", used)
    assert not build.phrase_of("legatum optionis", used)         # rare or Latin words
    assert not build.phrase_of("organization", used)             # a word needs its own mark


def test_only_words_in_use_and_not_the_commonest(build):
    row = {"tag": "", "collins": "", "oxford": "", "bnc": "0", "frq": "0"}
    assert not build.in_use(row)
    assert build.in_use(dict(row, bnc="21109"))
    assert build.in_use(dict(row, tag="cet6 ky"))
    assert not build.in_use(dict(row, tag="zk gk cet4", collins="5"))     # big, run: one sense of many


def test_the_committed_parts_are_what_search_text_reads_and_under_zookeeper_s_limit(build):
    parts = sorted((ROOT / "config" / "search").glob("dictionary_en_zh_*.txt"))
    assert tuple(p.name for p in parts) == st.DICTIONARY_FILES
    assert len(parts) == build.PARTS
    words, known = build.cedict_words(), build.glossary_keys()
    keys = 0
    for part in parts:
        assert part.stat().st_size < build.MAX_BYTES
        assert "MIT" in part.read_text(encoding="utf-8")[:600]          # the licence travels with the data
        for line in part.read_text(encoding="utf-8").splitlines():
            if line.startswith("#"):
                continue
            key, terms = line.split(" => ")
            keys += 1
            assert build._KEY.match(key) and key not in known, line
            assert all(t in words or build.two_words(t, words) or len(t) <= build.SHORT
                       for t in terms.split(", ")), line
    assert keys > 20000
    table = st.english_table()
    assert table["retiree"] == ("退休人员",) and table["social organization"] == ("社会组织",)
    assert table["land price"] == ("地价",) and isinstance(table["land price"], st._Secondary)
    assert table["mortgage"] == ("抵押",) and "big" not in {k for k in table if isinstance(table[k], st._Secondary)}


def test_search_text_s_compact_dictionary_answers_as_the_parsed_lines():
    """english_table holds the ~150,000 keys as one text and offsets (_Dictionary),
    not a dict of tuples: every key of the committed parts gives the same terms."""
    parsed = {}
    for name in st.DICTIONARY_FILES:
        parsed.update(st._glossary_lines(st._lines(st.SEARCH_DIR / name)))
    compact = st._Dictionary(st.SEARCH_DIR)
    assert len(compact) == len(parsed) and list(compact) == sorted(parsed)
    assert all(compact[key] == terms for key, terms in parsed.items())
    for missing in ("", "zzzz", "aaaa", "mortgag", "mortgages"):
        assert missing not in compact
    table = st.english_table()
    assert table["hospital"] == st.glossary()["hospital"]             # the glossary's first
    assert isinstance(table["mortgage"], st._Secondary) and "mortgage" in table and "zzzz" not in table
