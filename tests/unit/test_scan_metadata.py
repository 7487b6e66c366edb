"""Personal data in a dataset's metadata: which fields are scanned, what counts, what is kept."""
import json

import pytest

from ckanext.govopen.gate.checks.metadata_privacy import schema_rules
from ckanext.govopen.scan.metadata import PERSONAL, redact, scan_metadata
from ckanext.govopen.standard.codes import resident_id_check_char

ID = "11010519491231002" + resident_id_check_char("11010519491231002")
MOBILE = "13812345678"
CARD = "6222021234567890128"          # UnionPay range, Luhn-valid


def scan(dataset, **kw):
    rules = schema_rules()
    kw.setdefault("key", "test-secret")
    return scan_metadata(dataset, rules["closed"], rules["resource_closed"], rules["contact"], **kw)


def test_the_schema_decides_which_fields_are_closed_and_which_are_contacts():
    rules = schema_rules()
    assert {"theme", "open_type", "personal_info", "issued", "spatial_code", "license_id"} <= rules["closed"]
    assert not {"title", "notes", "title_en", "notes_en", "contact_name", "data_elements", "version",
                "open_condition", "legal_basis", "url"} & rules["closed"]
    assert rules["contact"] == {"contact_name", "contact_email"}


@pytest.mark.parametrize("dataset, field", [
    ({"notes": f"身份证 {ID}"}, "notes"),
    ({"title": ID}, "title"),
    ({"open_condition": f"联系 {MOBILE}"}, "open_condition"),
    ({"tags": [{"name": "a"}, {"name": MOBILE}]}, "tags[1].name"),
    ({"tags": ["a", MOBILE]}, "tags[1].name"),
    ({"tag_string": f"a, {MOBILE}"}, "tags[1].name"),
    ({"data_elements": json.dumps([{"name": "x", "description": f"卡号 {CARD}"}])}, "data_elements[0].description"),
    ({"data_elements": [{"name": ID}]}, "data_elements[0].name"),
    ({"extras": [{"key": "经办人", "value": ID}]}, "extras[经办人]"),
    ({"extras": [{"key": ID, "value": "x"}]}, "extras[0].key"),
    ({"extras": [{"key": "json", "value": json.dumps({"who": {"id": ID}})}]}, "extras[json].who.id"),
    ({"some_field_added_later": f"护照 E12345678"}, "some_field_added_later"),
    ({"resources": [{"name": f"名单{ID}"}]}, "resources[0].name"),
    ({"resources": [{"description": MOBILE}]}, "resources[0].description"),
    ({"resources": [{"url": f"http://example.org/{ID}.csv"}]}, "resources[0].url"),
    ({"resources": [{"anything": [1, {"deep": MOBILE}]}]}, "resources[0].anything[1].deep"),
    ({"notes": "[" + CARD + "]"}, "notes[0]"),                    # JSON text holding a number
    ({"name": f"list-{ID}"}, "name"),
])
def test_every_free_text_value_is_scanned(dataset, field):
    found = scan(dataset)
    assert [f.field for f in found] == [field]
    assert found[0].entity in PERSONAL


def test_closed_fields_and_ckan_bookkeeping_are_not_scanned():
    dataset = {"theme": ID, "issued": ID, "id": ID, "owner_org": ID, "metadata_created": ID,
               "resources": [{"id": ID, "package_id": ID, "hash": ID}], "tags": [{"id": ID, "name": "ok"}]}
    assert scan(dataset) == []


def test_e_mails_and_credit_codes_are_not_personal_and_contacts_may_be_mobiles():
    dataset = {"notes": "联系 data@example.gov.cn，代码 11110000000022576T", "contact_email": "zhang.san@example.com",
               "contact_name": f"数据处 {MOBILE}"}
    assert scan(dataset) == []
    # an ID number is personal in a contact field too; a mobile is not a contact elsewhere
    assert [f.field for f in scan({"contact_name": ID})] == ["contact_name"]
    assert [f.field for f in scan({"notes": MOBILE, "resources": [{"contact_name": MOBILE}]})] == \
        ["notes", "resources[0].contact_name"]
    # a site may count more kinds
    assert [f.entity for f in scan({"notes": "a@example.org"}, personal={"email"})] == ["email"]


def test_full_width_digits_are_found():
    wide = ID.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
    assert [f.entity for f in scan({"notes": f"证件：{wide}"})] == ["resident_id"]


def test_findings_keep_no_raw_value_and_the_same_value_is_one_finding():
    found = scan({"notes": f"{ID} 又 {ID}", "extras": [{"key": "notes", "value": f"{ID} 又 {ID}"}],
                  "tags": [{"name": ID}], "tag_string": ID})
    assert [(f.name, f.masked) for f in found] == [("notes", ID[:6] + "********" + ID[14:]),
                                                   ("tags.name", ID[:6] + "********" + ID[14:])]
    assert ID not in json.dumps([f.as_dict() for f in found])


def test_digests_are_keyed_and_name_the_value():
    a, b = scan({"notes": ID}, key="k1"), scan({"notes": ID}, key="k2")
    assert a[0].digest and a[0].digest != b[0].digest
    assert scan({"notes": "x " + ID}, key="k1")[0].digest == a[0].digest       # the value, not the text
    other = "31010419800101123" + resident_id_check_char("31010419800101123")
    assert scan({"notes": other}, key="k1")[0].digest != a[0].digest
    assert scan({"notes": ID}, key=None)[0].digest == ""


def test_redact_masks_every_personal_value_and_nothing_else():
    assert redact(f"extras[{ID}] {MOBILE} a@b.cn") == \
        f"extras[{ID[:6]}********{ID[14:]}] 138****5678 a@b.cn"
    assert redact(None) == ""
