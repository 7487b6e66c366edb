"""The classification policy (config/policy.yaml) on dataset dicts, without CKAN."""
import pytest

from ckanext.govopen.classification import policy

BASE = {"open_type": "unconditional", "share_type": "unconditional", "security_level": "general",
        "personal_info": "none", "commercial_secret": False, "classified": False}


def ds(**changes):
    return dict(BASE, **changes)


def caps(dataset, findings=None):
    return [c.id for c in policy.evaluate(dataset, findings).caps]


def test_a_plain_open_dataset_stays_unconditional():
    assert policy.evaluate(ds()).effective == "unconditional"
    assert caps(ds()) == []


@pytest.mark.parametrize("changes, expected, cap", [
    ({"security_level": "important"}, "none", "security_level"),
    ({"security_level": "core"}, "none", "security_level"),
    ({"commercial_secret": True}, "none", "commercial_secret"),
    ({"commercial_secret": "True"}, "none", "commercial_secret"),   # as CKAN stores it in extras
    ({"commercial_secret": "是"}, "none", "commercial_secret"),
    ({"personal_info": "personal"}, "none", "personal_info"),
    ({"personal_info": "sensitive"}, "none", "personal_info"),
    ({"personal_info": "deidentified"}, "conditional", "deidentified"),
    ({"classified": True}, "none", "classified"),
])
def test_each_default_cap(changes, expected, cap):
    evaluation = policy.evaluate(ds(**changes))
    assert evaluation.effective == expected
    assert cap in [c.id for c in evaluation.caps]
    applied = next(c for c in evaluation.caps if c.id == cap)
    assert applied.reason["zh"] and applied.reason["en"]


def test_the_most_restrictive_wins_and_declared_none_stays_none():
    assert policy.evaluate(ds(open_type="conditional", personal_info="deidentified")).effective == "conditional"
    assert policy.evaluate(ds(open_type="none")).effective == "none"
    assert policy.evaluate(ds(personal_info="deidentified", security_level="core")).effective == "none"
    # A cap never makes data *more* open than declared.
    assert policy.evaluate(ds(open_type="none", personal_info="deidentified")).effective == "none"


def test_unknown_or_missing_open_type_fails_closed():
    assert policy.evaluate(ds(open_type="whatever")).effective == "none"
    assert policy.evaluate({}).effective == "none"


def test_reasons_name_the_value_with_its_label():
    reason = next(c for c in policy.evaluate(ds(security_level="important")).caps).reason
    assert "重要数据" in reason["zh"]
    assert "Important data" in reason["en"]


def kanon(satisfied=True, qis=("年龄段", "性别"), k=5, rid="r1"):
    return {"resource_id": rid, "status": "done", "has_pii": False, "entities": [], "approved": False,
            "kanon": {"satisfied": satisfied, "k": k, "quasi_identifiers": list(qis),
                      "min_class_size": 7 if satisfied else 1, "offending_classes": 0 if satisfied else 3}}


def test_anonymized_needs_a_passing_k_anonymity_check_over_the_declared_columns():
    anon = ds(personal_info="anonymized", quasi_identifiers=["年龄段", "性别"])
    assert policy.evaluate(anon, [kanon()]).effective == "unconditional"
    # not known (no findings given), failed, on other columns, or a weaker k: not open
    assert policy.evaluate(anon).effective == "none"
    assert policy.evaluate(anon, [kanon(satisfied=False)]).effective == "none"
    assert policy.evaluate(anon, [kanon(qis=("年龄段",))]).effective == "none"
    assert policy.evaluate(anon, [kanon(k=2)]).effective == "none"
    # every scanned table must pass; not scannable files do not count
    assert policy.evaluate(anon, [kanon(), kanon(satisfied=False, rid="r2")]).effective == "none"
    assert policy.evaluate(anon, [kanon(), {"resource_id": "pdf", "status": "not_applicable"}]).effective \
        == "unconditional"
    failing = next(c for c in policy.evaluate(anon, [kanon(satisfied=False)]).caps)
    assert failing.id == "anonymized_not_k_anonymous"
    assert failing.details["failing"][0]["offending_classes"] == 3
    assert "k=5" in failing.reason["en"]


def test_anonymized_without_declared_quasi_identifiers_is_not_open():
    assert policy.evaluate(ds(personal_info="anonymized"), [kanon()]).effective == "none"


def test_quasi_identifiers_accept_a_list_json_or_comma_text():
    assert policy.quasi_identifiers({"quasi_identifiers": '["年龄段", "性别"]'}) == ["年龄段", "性别"]
    assert policy.quasi_identifiers({"quasi_identifiers": "年龄段，性别, 区县"}) == ["年龄段", "性别", "区县"]
    assert policy.quasi_identifiers({}) == []


def pii(approved=False):
    return {"resource_id": "r1", "status": "done", "has_pii": True, "entities": ["resident_id"],
            "approved": approved, "kanon": None}


def test_found_personal_information_holds_a_dataset_declaring_none_until_approved():
    assert policy.evaluate(ds(), [pii()]).effective == "none"
    assert caps(ds(), [pii()]) == ["pii_found"]
    assert policy.evaluate(ds(), [pii(approved=True)]).effective == "unconditional"
    # de-identified data with real identifiers in it contradicts its declaration too
    assert policy.evaluate(ds(personal_info="deidentified"), [pii()]).effective == "none"


def test_downgrades_follow_the_policy_order():
    before = {"open_type": "none", "security_level": "important", "personal_info": "personal",
              "commercial_secret": "True", "share_type": "conditional"}
    after = {"open_type": "conditional", "security_level": "important", "personal_info": "anonymized",
             "commercial_secret": False, "share_type": "none"}
    found = {f for f, _, _ in policy.downgrades(before, after)}
    assert found == {"open_type", "personal_info", "commercial_secret"}
    # raising restrictions is never a downgrade
    assert policy.downgrades(after, before) == [("share_type", "none", "conditional")]


def test_audited_changes_ignore_spelling_differences():
    assert policy.audited_changes({"commercial_secret": "False", "quasi_identifiers": '["a"]'},
                                  {"commercial_secret": False, "quasi_identifiers": ["a"]}) == {}
    assert policy.audited_changes({"open_type": "none"}, {"open_type": "conditional"}) == \
        {"open_type": ["none", "conditional"]}


@pytest.mark.parametrize("declared, contradicts", [
    ("none", True), ("deidentified", True), ("anonymized", True), ("personal", False), ("sensitive", False)])
def test_which_declarations_found_personal_information_contradicts(declared, contradicts):
    assert policy.found_pii_contradicts(ds(personal_info=declared)) is contradicts
