"""scripts/build_abbreviations.py: the abbreviations CC-CEDICT declares (pure)."""
from pathlib import Path

from tests.unit.conftest import load_script

ROOT = Path(__file__).resolve().parents[2]


def _script():
    return load_script("build_abbreviations")


def test_declared_abbreviations_and_not_taiwan_s():
    b = _script()
    line = "新農合 新农合 [Xin1 Nong2 He2] /New Rural Cooperative Medical Scheme/abbr. for 新型農村合作醫療|新型农村合作医疗/\n"
    assert list(b.declared_in(line)) == [("新农合", "新型农村合作医疗")]
    line = "違建 违建 [wei2 jian4] /abbr. for 違章建築|违章建筑, illegal construction/\n"
    assert list(b.declared_in(line)) == [("违建", "违章建筑")]
    line = "國企 国企 [guo2 qi3] /state enterprise/(Tw) abbr. for 國際企業管理|国际企业管理, international business/\n"
    assert list(b.declared_in(line)) == []
    assert list(b.declared_in("# comment\n")) == []


def test_the_committed_list_holds_them():
    text = (ROOT / "config" / "search" / "abbreviations_zh.txt").read_text(encoding="utf-8")
    assert "\n新农合 => 新型农村合作医疗\n" in text and "国际企业管理" not in text
