"""scripts/build_glossary.py: CC-CEDICT's acronyms in brackets (pure)."""
import pytest

from tests.unit.conftest import load_script


@pytest.fixture(scope="module")
def build():
    return load_script("build_glossary")


def test_an_acronym_must_spell_the_words_before_it(build):
    assert build.spells("artificial intelligence", "AI")
    assert build.spells("small and medium enterprise", "SME")
    assert build.spells("Renminbi", "RMB")                    # one word: its letters in order
    assert not build.spells("oven", "PRC")                     # a note on where, not an acronym
    assert not build.spells("gross domestic product", "GNP")


def test_a_sense_ending_in_its_acronym_is_also_under_the_acronym(build, monkeypatch):
    entries = [("人工智能", "[ren2 gong1 zhi4 neng2] /artificial intelligence (AI)/"),
               ("烤炉", "[kao3 lu2] /oven (PRC)/"),
               ("人民币", "[Ren2 min2 bi4] /Renminbi (RMB)/")]
    monkeypatch.setattr(build, "cedict_entries", lambda word=None: iter(entries))
    pairs = {(en, zh) for en, zh, _ in build.cedict_pairs()}
    assert ("ai", "人工智能") in pairs and ("rmb", "人民币") in pairs
    assert ("artificial intelligence", "人工智能") in pairs            # the words stay keys too
    assert not any(en == "prc" for en, _ in pairs)
