"""DCAT-AP 3 (/catalog.ttl, /dataset/<id>.ttl) and DCAT-US (/data.json) inside CKAN.

Needs the wiring in plugin.py/setup.py: the ``govopen_dcat_ap_3`` RDF profile
entry point and the ``datajson`` blueprint (IBlueprint).
"""
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

import ckan.tests.factories as factories
from ckanext.dcat.profiles import DCAT, DCT

from ckanext.govopen.dcat import mapping
from tests.unit.test_dcat_datajson import NON_FEDERAL, POD, describe, errors
from tests.unit.test_dcat_profile import SHACL_301, SHACL_301_FILES, shacl

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]


@pytest.fixture(autouse=True)
def govopen_profile(ckan_config, monkeypatch):
    """The DCAT endpoints speak the govopen profile (as config/ckan-base.ini should say)."""
    monkeypatch.setitem(ckan_config, "ckanext.dcat.rdf.profiles", "govopen_dcat_ap_3")

@pytest.fixture(autouse=True)
def metadata_checks_only(monkeypatch):
    """The publication gate without its content checks (PII scan, Frictionless
    validation): they need the files, which these example URLs do not serve,
    and they have their own tests. What is tested here is what a dataset the
    gate let through looks like in DCAT; the metadata checks still apply."""
    from ckanext.govopen.gate import core
    kept = [(name, check) for name, check in core.all_checks() if name not in ("privacy", "validation")]
    monkeypatch.setattr(core, "_checks", kept)


OPEN_FILE = "http://files.example.gov.cn/open/ridership.csv"
SECRET_FILE = "http://files.example.gov.cn/restricted/patients.csv"
PRIVATE_FILE = "http://files.example.gov.cn/internal/private-list.csv"


@pytest.fixture
def catalog(make_dataset):
    """An open dataset, a conditionally open one, a private one and a draft."""
    open_ = make_dataset(
        title="北京市公共交通客流量统计", title_en="Beijing public transport ridership",
        notes="按月统计的客流量。", notes_en="Monthly ridership.", license_id="cc-by",
        tags=[{"name": "公共交通"}], contact_name="数据开放科",
        contact_email="opendata@jtw.beijing.example.cn",
        resources=[{"name": "客流量 2024", "url": OPEN_FILE, "format": "CSV"}])
    conditional = make_dataset(
        title="住院病人统计", notes="各医院住院病人数。", license_id="cc-by", theme="health",
        open_type="conditional", open_condition="实名注册并签署数据使用协议后申请",
        legal_basis="《中华人民共和国数据安全法》第二十一条",
        resources=[{"name": "住院病人 2024", "url": SECRET_FILE, "format": "CSV"}])
    private = make_dataset(title="内部名单", notes="内部。", license_id="cc-by", private=True,
                           resources=[{"name": "x", "url": PRIVATE_FILE,
                                       "format": "CSV"}])
    draft = make_dataset(title="草稿", notes="草稿。", license_id="cc-by", state="draft")
    return {"open": open_, "conditional": conditional, "private": private, "draft": draft}


def turtle(app, url, **kw):
    res = app.get(url, **kw)
    assert res.status_code == 200, res.body
    assert res.headers["Content-Type"].startswith("text/turtle")
    return res, Graph().parse(data=res.get_data(as_text=True), format="turtle")


# --- DCAT-AP 3 ------------------------------------------------------------------------

def test_catalog_ttl_uses_the_govopen_profile_and_validates(app, catalog):
    res, g = turtle(app, "/catalog.ttl")
    identifiers = {str(o) for s in g.subjects(RDF.type, DCAT.Dataset)
                   for o in g.objects(s, DCT.identifier)}
    assert identifiers == {catalog["open"]["resource_code"], catalog["conditional"]["resource_code"]}

    shapes = Graph()
    for name in SHACL_301_FILES:
        shapes.parse("%s/%s" % (SHACL_301, name), format="turtle")
    violations, warnings = shacl(g, shapes)
    print("/catalog.ttl against DCAT-AP 3.0.1: %d violations, %d warnings"
          % (len(violations), len(warnings)))
    assert violations == [], "\n".join(violations)

    body = res.get_data(as_text=True)
    assert OPEN_FILE in body
    assert SECRET_FILE not in body
    assert PRIVATE_FILE not in body


def test_dataset_ttl_of_an_open_dataset(app, catalog, department):
    d = catalog["open"]
    _, g = turtle(app, "/dataset/%s.ttl" % d["id"])
    [ref] = list(g.subjects(RDF.type, DCAT.Dataset))
    assert str(g.value(ref, DCT.identifier)) == d["resource_code"]
    assert g.value(ref, DCT.accessRights) == URIRef(mapping.ap_uri("access_rights", "unconditional"))
    assert set(mapping.ap_uris("theme", d["theme"])) <= {str(t) for t in g.objects(ref, DCAT.theme)}
    [dist] = list(g.objects(ref, DCAT.distribution))
    assert str(g.value(dist, DCAT.downloadURL)) == OPEN_FILE
    publisher = g.value(ref, DCT.publisher)
    assert str(g.value(publisher, DCT.identifier)) == department["provider_code"]


def test_dataset_ttl_of_a_conditional_dataset_has_no_file_url(app, catalog):
    d = catalog["conditional"]
    res, g = turtle(app, "/dataset/%s.ttl" % d["id"])
    [ref] = list(g.subjects(RDF.type, DCAT.Dataset))
    assert g.value(ref, DCT.accessRights) == URIRef(mapping.ap_uri("access_rights", "conditional"))
    assert list(g.triples((None, DCAT.downloadURL, None))) == []
    [dist] = list(g.objects(ref, DCAT.distribution))
    assert str(g.value(dist, DCAT.accessURL)).endswith("/dataset/" + d["name"])
    assert SECRET_FILE not in res.get_data(as_text=True)


def test_private_dataset_ttl_is_not_shown_to_anonymous(app, catalog):
    res = app.get("/dataset/%s.ttl" % catalog["private"]["id"])
    assert res.status_code in (403, 404)


def test_rdf_round_trip_through_ckanext_dcat(catalog):
    from ckanext.dcat.processors import RDFParser, RDFSerializer
    from ckan.tests import helpers
    d = helpers.call_action("package_show", id=catalog["open"]["id"])
    data = RDFSerializer().serialize_dataset(d, _format="turtle")
    parser = RDFParser()
    parser.parse(data, _format="turtle")
    [parsed] = list(parser.datasets())
    for key in ("title", "notes", "resource_code", "theme", "open_type", "update_frequency",
                "issued", "spatial_code"):
        assert parsed.get(key) == d.get(key), key
    assert [r["url"] for r in parsed["resources"]] == [OPEN_FILE]
    assert parsed["resources"][0]["format"] == "CSV"


def test_another_profile_cannot_reveal_a_restricted_file(app, catalog):
    """ckanext-dcat lets a client pick another profile (?profiles=, or the
    dcat_dataset_show action) whose serializers print resource URLs; package_show
    and package_search give no URLs of conditional datasets to the public
    (ckanext.govopen.access), so no profile has one to print."""
    d = catalog["conditional"]
    for url in ("/dataset/%s.ttl?profiles=euro_dcat_ap_3" % d["id"],
                "/dataset/%s.rdf?profiles=euro_dcat_ap_2" % d["id"],
                "/catalog.ttl?profiles=euro_dcat_ap_3"):
        res = app.get(url)
        assert res.status_code == 200, url
        assert SECRET_FILE not in res.get_data(as_text=True), url
    # dcat_dataset_show is not side-effect free in ckanext-dcat: POST only
    for profile in ("euro_dcat_ap_3", "euro_dcat_ap_2", "schemaorg"):
        res = app.post("/api/3/action/dcat_dataset_show",
                       json={"id": d["id"], "format": "ttl", "profiles": [profile]})
        assert res.status_code == 200, profile
        assert "住院病人" in res.json["result"]
        assert SECRET_FILE not in res.get_data(as_text=True), profile


# --- DCAT-US 1.1 -------------------------------------------------------------------------

@pytest.mark.ckan_config("govopen.datajson.bureau_code", "015:11")
@pytest.mark.ckan_config("govopen.datajson.program_code", "015:001 015:002")
@pytest.mark.ckan_config("govopen.dcat.contact_email", "opendata@example.gov.cn")
def test_data_json_with_configured_federal_codes_is_valid_against_strict_pod_1_1(app, catalog):
    """Strict POD v1.1 wants US federal codes and an e-mail on every record:
    a deployment that has them configures them (the catalog's contact address
    stands in for records without one)."""
    doc = app.get("/data.json").json
    found = errors(POD, "catalog.json", doc)
    assert found == [], describe(found)
    assert len(doc["dataset"]) == 2
    for ds in doc["dataset"]:
        assert ds["bureauCode"] == ["015:11"]
        assert ds["programCode"] == ["015:001", "015:002"]


def test_data_json_is_valid_and_lists_public_datasets_only(app, catalog):
    res = app.get("/data.json")
    assert res.status_code == 200
    assert res.headers["Content-Type"].startswith("application/json")
    doc = res.json
    found = errors(NON_FEDERAL, "catalog.json", doc)
    assert found == [], describe(found)

    by_id = {x["identifier"]: x for x in doc["dataset"]}
    assert set(by_id) == {catalog["open"]["resource_code"], catalog["conditional"]["resource_code"]}

    open_ = by_id[catalog["open"]["resource_code"]]
    assert open_["accessLevel"] == "public"
    assert open_["distribution"][0]["downloadURL"] == OPEN_FILE
    assert open_["distribution"][0]["mediaType"] == "text/csv"

    conditional = by_id[catalog["conditional"]["resource_code"]]
    assert conditional["accessLevel"] == "restricted public"
    assert all("downloadURL" not in x for x in conditional["distribution"])
    body = res.get_data(as_text=True)
    assert SECRET_FILE not in body
    assert PRIVATE_FILE not in body


def test_data_json_for_a_logged_in_sysadmin_still_excludes_private(app, catalog, sysadmin):
    token = factories.APIToken(user=sysadmin["name"])["token"]
    doc = app.get("/data.json", headers={"Authorization": token}).json
    ids = {x["identifier"] for x in doc["dataset"]}
    assert catalog["private"]["resource_code"] not in ids
    assert catalog["draft"]["resource_code"] not in ids


def test_data_json_pages_through_every_dataset(app, make_dataset, monkeypatch):
    monkeypatch.setattr("ckanext.govopen.dcat.blueprint.ROWS", 2)
    made = {make_dataset(title="数据集 %d" % n, notes="说明。", license_id="cc-by")["resource_code"]
            for n in range(5)}
    doc = app.get("/data.json").json
    listed = [x["identifier"] for x in doc["dataset"]]
    assert sorted(listed) == sorted(made)


def test_empty_catalog(app):
    doc = app.get("/data.json").json
    assert doc["dataset"] == []
    assert doc["conformsTo"] == "https://project-open-data.cio.gov/v1.1/schema"
