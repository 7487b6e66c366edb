"""scripts/build_gloss.py: a CC-CEDICT sense as the words title_gloss indexes (pure)."""
from pathlib import Path

import pytest

from tests.unit.conftest import load_script

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def gloss():
    return load_script("build_gloss")


def test_a_sense_loses_notes_leading_to_and_small_words(gloss):
    assert gloss.clean("bed (in hospital, hotel, train etc)") == "bed"
    assert gloss.clean("to drain sewage") == "drain sewage"
    assert gloss.clean("state-owned business") == "state owned business"
    assert gloss.clean("St Matthew the evangelist") == "St Matthew the evangelist"   # a name keeps capitals


def test_references_and_long_senses_are_no_sense(gloss):
    for sense in ("variant of 床[chuang2]", "surname Zhang", "see 公交[gong1 jiao1]", "CL:個|个[ge4]",
                  "abbr. for 自由貿易區|自由贸易区", "less common variant of 瑪竇",
                  "a very long sense of more than four words"):
        assert gloss.clean(sense) is None, sense


def test_the_committed_parts_are_what_the_schema_names_and_under_zookeeper_s_limit(gloss):
    schema = (ROOT / "solr" / "configset" / "ckan" / "conf" / "schema.xml").read_text(encoding="utf-8")
    parts = sorted((ROOT / "config" / "search").glob("gloss_zh_en_*.txt"))
    assert [p.name for p in parts] == ["gloss_zh_en_%d.txt" % n for n in range(1, gloss.PARTS + 1)]
    assert 'synonyms="%s"' % ",".join(p.name for p in parts) in schema
    for part in parts:
        assert part.stat().st_size < gloss.MAX_BYTES
    lines = [line for line in parts[0].read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    assert all(" => " in line for line in lines)
