"""data.json (DCAT-US 1.1 / Project Open Data v1.1) from standard dataset dicts.

Validated with jsonschema against the real POD v1.1 schema files in
/work/shared/realdata/dcat-us (local $ref resolution, no network):

- GSA's non-federal v1.1 variant (what the data.gov dashboard uses for
  non-federal publishers): zero errors;
- the strict POD v1.1 schema: zero errors except ``bureauCode`` and
  ``programCode``, which are US federal agency codes (OMB A-11 / Federal
  Program Inventory) that a Chinese department does not have.
"""
import copy
import json
import os
import re

import jsonschema
import pytest
import rfc3986
import yaml
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from ckanext.govopen.dcat import datajson, mapping
from ckanext.govopen.standard import loader
from tests.conftest import REALDATA, REPO

pytestmark = pytest.mark.usefixtures("no_stored_findings")

POD = os.path.join(REALDATA, "dcat-us", "pod-v1.1", "schema")
NON_FEDERAL = os.path.join(REALDATA, "dcat-us", "gsa-dashboard-schema", "non-federal-v1.1")
FEDERAL_ONLY = {"bureauCode", "programCode"}
SITE = "https://data.example.gov.cn"
CATALOG_EMAIL = "opendata@data.example.gov.cn"


# --- validation harness --------------------------------------------------------

def _load(folder):
    schemas = {}
    for name in os.listdir(folder):
        if name.endswith(".json"):
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                schemas[name] = json.load(f)
    return schemas


def _registry(schemas):
    return Registry().with_resources(
        (s["id"].rstrip("#"), Resource.from_contents(s, default_specification=DRAFT4))
        for s in schemas.values())


FORMATS = jsonschema.FormatChecker()


@FORMATS.checks("uri")
def _is_uri(value):
    return not isinstance(value, str) or rfc3986.uri_reference(value).is_valid(require_scheme=True)


def validator(folder, schema_name):
    schemas = _load(folder)
    return jsonschema.Draft4Validator(
        schemas[schema_name], registry=_registry(schemas), format_checker=FORMATS)


def errors(folder, schema_name, doc):
    return sorted(validator(folder, schema_name).iter_errors(doc), key=lambda e: list(e.path))


def describe(errs):
    return "\n".join("%s: %s" % ("/".join(map(str, e.absolute_path)), e.message) for e in errs)


# --- dataset dicts in the national standard ---------------------------------------

def demo_datasets():
    """The demo datasets (config/demo) as package_show would return them."""
    with open(os.path.join(REPO, "config", "demo", "datasets.yaml"), encoding="utf-8") as f:
        raw = yaml.safe_load(f)
    with open(os.path.join(REPO, "config", "demo", "organizations.yaml"), encoding="utf-8") as f:
        orgs = {o["name"]: o for o in yaml.safe_load(f)}
    out = []
    for n, d in enumerate(raw):
        d = copy.deepcopy(d)
        org = orgs[d["owner_org"]]
        d["id"] = "00000000-0000-4000-8000-%012d" % n
        d["organization"] = {"id": "org-" + org["name"], "name": org["name"], "title": org["title"],
                             "provider_code": org["provider_code"]}
        for i, r in enumerate(d.get("resources", [])):
            path = r.pop("file", "file-%d.csv" % i)
            r.update(id="res-%d-%d" % (n, i), package_id=d["id"], url_type="upload",
                     url="%s/dataset/%s/resource/res-%d-%d/download/%s"
                     % (SITE, d["id"], n, i, os.path.basename(path)))
        out.append(d)
    return out


def full_dataset(**overrides):
    d = {
        "id": "11111111-2222-4333-8444-555555555555",
        "name": "sh-hospital-beds",
        "title": "上海市医疗机构床位数",
        "title_en": "Hospital beds in Shanghai",
        "notes": "上海市各区医疗机构核定床位数。",
        "notes_en": "Approved hospital beds by district.",
        "organization": {"id": "org-sh-health", "name": "sh-health", "title": "上海市卫生健康委员会",
                         "provider_code": "11310000002463025G",
                         "contact_email": "open@wsjkw.sh.example.cn"},
        "resource_code": "401003-000099",
        "theme": "health",
        "tags": [{"name": "医院"}, {"name": "床位"}],
        "data_elements": json.dumps([{"name": "区", "title": "District", "type": "string",
                                      "description": ""}], ensure_ascii=False),
        "share_type": "unconditional",
        "open_type": "unconditional",
        "security_level": "general",
        "personal_info": "none",
        "commercial_secret": False,
        "classified": False,
        "update_frequency": "quarterly",
        "issued": "2024-02-01",
        "modified": "2024-05-01",
        "spatial_code": "310000",
        "temporal_start": "2023-01-01",
        "temporal_end": "2023-12-31",
        "contact_name": "信息中心",
        "contact_email": "beds@wsjkw.sh.example.cn",
        "license_id": "cc-by",
        "language": "zh",
        "metadata_created": "2024-02-01T08:00:00.000000",
        "metadata_modified": "2024-05-01T08:00:00.000000",
        "resources": [
            {"id": "r-csv", "name": "床位数 2023", "format": "CSV", "url_type": "upload",
             "url": SITE + "/dataset/sh-hospital-beds/resource/r-csv/download/beds.csv",
             "description": "按区汇总"},
            {"id": "r-api", "name": "床位查询接口", "format": "API",
             "url": "https://api.wsjkw.sh.example.cn/beds"},
            {"id": "r-xlsx", "name": "床位数 2023 (Excel)", "format": "xlsx",
             "url": "https://files.wsjkw.sh.example.cn/beds-2023.xlsx"},
        ],
    }
    d.update(overrides)
    return d


def restricted(open_type):
    return full_dataset(
        id="11111111-2222-4333-8444-%012d" % len(open_type),
        name="sh-patients-" + open_type, resource_code="401003-0001%02d" % len(open_type),
        open_type=open_type, open_condition="实名注册并签署数据使用协议后申请",
        legal_basis="《中华人民共和国数据安全法》第二十一条")


def sparse_dataset():
    """Only what the standard requires: no tags, no modified, no contact e-mail."""
    return {
        "id": "99999999-2222-4333-8444-555555555555", "name": "sparse",
        "title": "建设工程施工许可", "notes": "施工许可证发放信息。",
        "organization": {"id": "org-x", "name": "x", "title": "某市住房和城乡建设局"},
        "resource_code": "301002-000999", "theme": "urban_housing", "tags": [],
        "share_type": "conditional", "open_type": "unconditional", "security_level": "general",
        "personal_info": "none", "update_frequency": "never", "issued": "2023-06-30",
        "spatial_code": "520100", "license_id": "cn-gov-open-data", "resources": [],
    }


def all_datasets():
    return (demo_datasets() + [full_dataset(), restricted("conditional"), restricted("none"),
                               sparse_dataset()])


# --- the schema -------------------------------------------------------------------------

def test_harness_accepts_the_official_pod_sample_catalog():
    with open(os.path.join(REALDATA, "dcat-us", "pod-v1.1", "examples", "catalog-sample.json"),
              encoding="utf-8") as f:
        sample = json.load(f)
    assert errors(POD, "catalog.json", sample) == []


def test_harness_catches_a_broken_dataset():
    doc = datajson.catalog([full_dataset()], SITE)
    doc["dataset"][0]["accessLevel"] = "open"
    del doc["dataset"][0]["title"]
    found = errors(NON_FEDERAL, "catalog.json", doc)
    assert len(found) == 2, describe(found)


@pytest.mark.parametrize("contact_email", [None, CATALOG_EMAIL])
def test_catalog_has_zero_errors_against_the_non_federal_pod_v1_1_schema(contact_email):
    doc = datajson.catalog(all_datasets(), SITE, contact_email)
    found = errors(NON_FEDERAL, "catalog.json", doc)
    print("non-federal POD v1.1: %d datasets, %d errors" % (len(doc["dataset"]), len(found)))
    assert found == [], describe(found)


@pytest.mark.parametrize("d", all_datasets(), ids=lambda d: d["name"])
def test_dataset_meets_strict_pod_v1_1_except_federal_codes(d):
    # The strict schema also requires contactPoint.hasEmail: the catalog's
    # address stands in when neither the record nor its department has one.
    doc = datajson.dataset(d, SITE, CATALOG_EMAIL)
    found = errors(POD, "dataset.json", doc)
    other = [e for e in found if not (e.validator == "required"
                                      and e.message.split("'")[1] in FEDERAL_ONLY)]
    assert other == [], describe(other)
    # the federal-only codes are the only thing the strict schema misses
    assert {e.message.split("'")[1] for e in found} == FEDERAL_ONLY
    assert not FEDERAL_ONLY & set(doc)


def test_pod_schema_describes_the_omitted_codes_as_federal():
    with open(os.path.join(POD, "dataset.json"), encoding="utf-8") as f:
        props = json.load(f)["properties"]
    for key in FEDERAL_ONLY:
        assert props[key]["description"].startswith("Federal agencies")


def test_catalog_header():
    doc = datajson.catalog([], SITE + "/")
    assert doc["conformsTo"] == "https://project-open-data.cio.gov/v1.1/schema"
    assert doc["@id"] == SITE + "/data.json"
    assert doc["dataset"] == []


# --- field by field ---------------------------------------------------------------

def test_fields_follow_the_crosswalk():
    out = datajson.dataset(full_dataset(), SITE)
    assert out["identifier"] == "401003-000099"
    assert out["title"] == "上海市医疗机构床位数"
    assert out["keyword"] == ["医院", "床位"]
    assert out["modified"] == "2024-05-01"
    assert out["issued"] == "2024-02-01"
    assert out["publisher"] == {"@type": "org:Organization", "name": "上海市卫生健康委员会"}
    assert out["contactPoint"] == {"@type": "vcard:Contact", "fn": "信息中心",
                                   "hasEmail": "mailto:beds@wsjkw.sh.example.cn"}
    assert out["accessLevel"] == "public"
    assert out["accrualPeriodicity"] == "R/P3M"
    assert out["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert out["spatial"] == "Shanghai Municipality (GB/T 2260 310000)"
    assert out["temporal"] == "2023-01-01/2023-12-31"
    assert out["language"] == ["zh-CN"]
    assert out["theme"] == ["Health"]
    assert out["landingPage"] == SITE + "/dataset/sh-hospital-beds"
    assert "bureauCode" not in out and "programCode" not in out
    assert "rights" not in out


@pytest.mark.parametrize("open_type", loader.codes("open_type"))
def test_access_level_comes_from_the_crosswalk(open_type):
    out = datajson.dataset(full_dataset(open_type=open_type, open_condition="x", legal_basis="y"))
    assert out["accessLevel"] == loader.crosswalk("dcat_us_1_1")["maps"]["access_level"][open_type]


@pytest.mark.parametrize("open_type", [None, "", "open", "public"])
def test_unknown_open_type_is_exported_as_non_public(open_type):
    out = datajson.dataset(full_dataset(open_type=open_type), SITE)
    assert out["accessLevel"] == "non-public"
    assert all("downloadURL" not in x for x in out.get("distribution", []))


@pytest.mark.parametrize("frequency", loader.codes("update_frequency"))
def test_accrual_periodicity_is_iso_8601_or_left_out(frequency):
    out = datajson.dataset(full_dataset(update_frequency=frequency))
    value = loader.crosswalk("dcat_us_1_1")["maps"]["accrual_periodicity"][frequency]
    if value is None:
        assert "accrualPeriodicity" not in out
    else:
        assert out["accrualPeriodicity"] == value
        assert value == "irregular" or re.match(r"^R/P(T?\d+[YMWDHS])+$", value)


def test_fallbacks_for_required_fields():
    out = datajson.dataset(sparse_dataset())
    # keyword: English theme label; modified: issued; contact: the department
    assert out["keyword"] == [loader.label("theme", "urban_housing", "en")]
    assert out["modified"] == "2023-06-30"
    assert out["contactPoint"]["fn"] == "某市住房和城乡建设局"
    assert "hasEmail" not in out["contactPoint"]
    assert datajson.dataset(sparse_dataset(), SITE, CATALOG_EMAIL)["contactPoint"]["hasEmail"] \
        == "mailto:" + CATALOG_EMAIL
    assert "accrualPeriodicity" not in out  # never: no POD equivalent
    assert "license" not in out             # the platform licence has no public URL
    assert "distribution" not in out


def test_contact_email_falls_back_to_the_department():
    d = full_dataset(contact_email="")
    assert datajson.dataset(d)["contactPoint"]["hasEmail"] == "mailto:open@wsjkw.sh.example.cn"


def test_open_dataset_distributions():
    dist = {x["title"]: x for x in datajson.dataset(full_dataset(), SITE)["distribution"]}
    csv = dist["床位数 2023"]
    assert csv["downloadURL"].endswith("/download/beds.csv")
    assert csv["mediaType"] == "text/csv"
    assert csv["format"] == "CSV"
    api = dist["床位查询接口"]
    assert api["accessURL"] == "https://api.wsjkw.sh.example.cn/beds"
    assert "downloadURL" not in api
    xlsx = dist["床位数 2023 (Excel)"]
    assert xlsx["downloadURL"] == "https://files.wsjkw.sh.example.cn/beds-2023.xlsx"
    assert xlsx["mediaType"] == mapping.format_entry("XLSX")["media_type"]


@pytest.mark.parametrize("open_type", ["conditional", "none"])
def test_restricted_datasets_have_no_download_urls(open_type):
    d = restricted(open_type)
    out = datajson.dataset(d, SITE)
    assert out["accessLevel"] == {"conditional": "restricted public", "none": "non-public"}[open_type]
    assert out["rights"].startswith("实名注册并签署数据使用协议后申请")
    assert len(out["rights"]) <= 255
    assert len(out["distribution"]) == 3
    for x in out["distribution"]:
        assert "downloadURL" not in x
        assert x["accessURL"] == SITE + "/dataset/" + d["name"]
    dumped = json.dumps(out, ensure_ascii=False)
    for r in d["resources"]:
        assert r["url"] not in dumped


def test_restricted_without_site_url_has_no_urls_at_all():
    out = datajson.dataset(restricted("conditional"))
    dumped = json.dumps(out)
    assert "http" not in json.dumps(out.get("distribution"))
    assert "beds.csv" not in dumped


def test_long_rights_are_cut_to_255_characters():
    d = restricted("conditional")
    d["open_condition"] = "须" * 400
    assert len(datajson.dataset(d)["rights"]) == 255


def test_data_elements_as_a_json_string_are_accepted():
    d = full_dataset()
    assert isinstance(d["data_elements"], str)
    assert mapping.data_elements(d)[0]["name"] == "区"
    datajson.dataset(d)  # does not fail


def test_deleted_resources_are_not_listed():
    d = full_dataset()
    d["resources"][0]["state"] = "deleted"
    titles = [x["title"] for x in datajson.dataset(d)["distribution"]]
    assert "床位数 2023" not in titles


def test_invalid_contact_email_falls_back_or_is_left_out():
    d = full_dataset(contact_email="not an e-mail")
    assert datajson.dataset(d)["contactPoint"]["hasEmail"] == "mailto:open@wsjkw.sh.example.cn"
    d["organization"] = dict(d["organization"], contact_email="")
    assert "hasEmail" not in datajson.dataset(d)["contactPoint"]


def test_restricted_source_page_that_is_a_file_is_not_listed():
    d = restricted("none")
    d["url"] = d["resources"][0]["url"]
    out = datajson.dataset(d, SITE)
    assert out["landingPage"] == SITE + "/dataset/" + d["name"]
    assert d["resources"][0]["url"] not in json.dumps(out)
