"""The policy file: a deployment's own copy, clear errors for a broken one, markings."""
import pytest
import yaml

from ckanext.govopen.classification import policy


def write(tmp_path, data, name="policy.yaml"):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def default():
    with open(policy.DEFAULT_PATH, encoding="utf-8") as f:
        return yaml.safe_load(f)


def test_the_default_file_loads_and_names_only_known_tests():
    loaded = policy.load(policy.DEFAULT_PATH)
    assert {rule["id"] for rule in loaded["caps"]} >= {
        "security_level", "commercial_secret", "personal_info", "deidentified",
        "anonymized_not_k_anonymous", "pii_found"}


def test_a_deployment_file_overrides_the_default(tmp_path, monkeypatch):
    data = default()
    data["kanon"]["k"] = 10
    # this deployment also keeps "important" data conditionally open instead of closed
    for rule in data["caps"]:
        if rule["id"] == "security_level":
            rule["when"] = {"security_level": ["core"]}
    data["caps"].append({"id": "important", "when": {"security_level": ["important"]}, "cap": "conditional",
                         "reason": {"zh": "重要数据有条件开放", "en": "important data is conditional"}})
    path = write(tmp_path, data)
    monkeypatch.setenv("GOVOPEN_POLICY_FILE", str(path))
    assert policy.configured_path() == path
    dataset = {"open_type": "unconditional", "security_level": "important", "personal_info": "none"}
    assert policy.evaluate(dataset).effective == "conditional"
    anon = {"open_type": "unconditional", "security_level": "general", "personal_info": "anonymized",
            "quasi_identifiers": ["a"]}
    passing_k5 = [{"status": "done", "kanon": {"satisfied": True, "k": 5, "quasi_identifiers": ["a"]}}]
    assert policy.evaluate(anon, passing_k5).effective == "none"   # k=5 is not enough here


@pytest.mark.parametrize("broken, fragment", [
    ({"caps": "no"}, "needs a 'caps' list"),
    ({"caps": [{"id": "x", "cap": "sometimes", "reason": {"zh": "a", "en": "b"}}]}, "'cap' must be one of"),
    ({"caps": [{"id": "x", "cap": "none", "test": "guess", "reason": {"zh": "a", "en": "b"}}]}, "unknown test 'guess'"),
    ({"caps": [{"id": "x", "cap": "none", "reason": {"en": "b"}}]}, "needs zh and en"),
])
def test_a_broken_policy_says_which_file_and_rule(tmp_path, broken, fragment):
    path = write(tmp_path, broken)
    with pytest.raises(policy.PolicyError) as err:
        policy.load(path)
    assert str(path) in str(err.value) and fragment in str(err.value)


def test_a_missing_policy_file_is_a_clear_error(tmp_path):
    with pytest.raises(policy.PolicyError, match="cannot read it"):
        policy.load(tmp_path / "nope.yaml")


def test_markings_in_titles_notes_resource_names_and_file_names():
    dataset = {"title": "企业名单（内部资料）", "notes": "不涉密，可公开。",
               "resources": [{"name": "名单", "url": "http://files.example.cn/CONFIDENTIAL-list.csv"},
                             {"name": "机密附件", "url": ""}]}
    found = policy.markings_to_review(dataset)
    assert [(m["field"], m["term"]) for m in found] == [
        ("title", "内部资料"), ("resources[0].url", "CONFIDENTIAL"), ("resources[1].name", "机密")]


def test_negations_and_benign_words_are_not_markings():
    dataset = {"title": "内部控制评价结果", "notes": "本数据不涉及国家秘密。", "resources": [{"name": "非涉密数据"}]}
    assert policy.markings_to_review(dataset) == []


def test_weak_markings_can_be_let_through_by_a_deployment(tmp_path, monkeypatch):
    data = default()
    data["markings"]["hold"] = ["strong"]
    monkeypatch.setenv("GOVOPEN_POLICY_FILE", str(write(tmp_path, data)))
    assert policy.markings_to_review({"title": "保密制度汇编"}) == []        # weak
    assert [m["term"] for m in policy.markings_to_review({"title": "绝密文件目录"})] == ["绝密"]
