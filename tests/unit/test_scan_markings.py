"""Security markings in titles, descriptions and file names."""
import pytest

from ckanext.govopen.scan import scan_fields, scan_markings


def levels(text):
    return [(m.level, m.strength) for m in scan_markings(text)]


@pytest.mark.parametrize("text,level,strength", [
    ("绝密★20年 作战地图", "top_secret", "strong"),
    ("机密级人员名单", "confidential", "strong"),
    ("本资料涉密，请勿外传", "classified", "strong"),
    ("密级：秘密", "classified", "strong"),
    ("秘密★5年", "secret", "weak"),
    ("内部资料 注意保存", "internal", "strong"),
    ("该数据不予公开", "not_public", "strong"),
    ("含敏感个人信息", "sensitive", "strong"),
    ("【内部】2023年会议纪要", "internal", "weak"),
    ("2023_内部_名单.xlsx", "internal", "weak"),
    ("敏感", "sensitive", "weak"),
    ("機密文件", "confidential", "strong"),
    ("內部資料", "internal", "strong"),
    ("TOP SECRET – project plan", "top_secret", "strong"),
    ("CONFIDENTIAL", "confidential", "strong"),
    ("Internal Use Only", "internal", "weak"),
    ("report_secret_v2.pdf", "secret", "weak"),
    ("RESTRICTED distribution", "restricted", "strong"),
])
def test_markings_found(text, level, strength):
    assert levels(text)[0] == (level, strength)


@pytest.mark.parametrize("text", [
    "秘密花园（小说）借阅统计",        # a title, exempt by the documented list
    "绿地内部布局",                   # real catalogue titles: 内部 as an ordinary word
    "经费内部支出",
    "设备内部编号",
    "本数据集不涉密",                 # negations state the opposite
    "非涉密数据",
    "不涉及国家秘密",
    "企业内部控制评价",
    "敏感性分析结果",
    "The secretary's report", "UNCLASSIFIED", "declassified cables",
    "2023年城市公园游客统计",
])
def test_not_markings(text):
    assert scan_markings(text) == []


def test_top_secret_is_one_marking_with_positions():
    ms = scan_markings("x TOP SECRET y")
    assert len(ms) == 1 and (ms[0].start, ms[0].end, ms[0].term) == (2, 12, "TOP SECRET")


def test_fields():
    ms = scan_fields({"title": "人口普查（内部资料）", "notes": "无", "resources": ["a.csv", "绝密-名单.xlsx"]})
    assert [(m.field, m.level) for m in ms] == [("title", "internal"), ("resources[1]", "top_secret")]
    assert ms[0].as_dict()["term"] == "内部资料"


def test_english_terms_only_at_word_starts_and_next_to_chinese():
    """English terms are tried only where a word starts (the speed-up), which must
    not lose a term right after a Chinese character, digit or separator."""
    assert [m.term for m in scan_markings("机密CONFIDENTIAL 2023secret_x topsecret")] == \
        ["机密", "CONFIDENTIAL", "secret"]
    assert [m.term for m in scan_markings("绝密SECRET")] == ["绝密", "SECRET"]
    assert scan_markings("NOTCONFIDENTIAL unrestricted") == []
