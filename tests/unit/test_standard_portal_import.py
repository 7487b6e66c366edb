"""The importer's pure helpers: how rejection reasons are counted, how datasets are named."""
from ckanext.govopen import portal_import
from ckanext.govopen.standard import crosswalk


def test_record_specific_values_are_blanked_but_vocabulary_words_kept():
    a = portal_import.reason_key("modified", "更新日期（2020-01-01）不能早于发布日期（2021-03-04）。")
    b = portal_import.reason_key("modified", "更新日期（2019-05-06）不能早于发布日期（2019-07-08）。")
    assert a == b == "modified: 更新日期（…）不能早于发布日期（…）。"
    taken = portal_import.reason_key("resource_code", "信息资源代码“SH07-000000123”已被使用")
    assert taken == "resource_code: 信息资源代码“…”已被使用"
    kept = portal_import.reason_key("legal_basis", "开放属性不是“无条件开放”时，必须填写依据。")
    assert "“无条件开放”" in kept


def test_dataset_names_follow_the_resource_code():
    assert portal_import.dataset_name("GL03-087114314") == "gl03-087114314"


def test_mapped_records_become_private_package_dicts_with_tag_dicts():
    m = crosswalk.MappedRecord(1, {}, {"title": "t", "resource_code": "GL03-000000001", "tags": ["交通"]}, [])
    ds = portal_import.package_dict(m, "org-id")
    assert ds["private"] is True and ds["owner_org"] == "org-id"
    assert ds["name"] == "gl03-000000001" and ds["tags"] == [{"name": "交通"}]
    assert m.record["tags"] == ["交通"]            # the mapped record itself is left alone


def test_repeated_records_count_as_one_reason():
    from ckanext.govopen.standard.messages import Message
    problems = [("resource_code", Message("duplicate_record", field="resource_code", first=n, value="SH01-%09d" % n))
                for n in (12, 2443)]
    reasons = portal_import._mapping_reasons(problems, "en")
    assert len(set(reasons)) == 1 and "…" in reasons[0]
