"""The DCAT-AP 3 RDF profile ``govopen_dcat_ap_3``, without a running CKAN.

SHACL: the official DCAT-AP shapes in /work/shared/realdata/dcat-ap (3.0.1
split files: shapes, recommended, range, controlled vocabularies, deprecated
URIs; and the 3.0.0 combined file; the 3.0.1 combined file does not load in
pyshacl, see SOURCES.md), inference "none": the graph carries its own
rdf:type, skos:inScheme and labels, as the shapes require. Zero violations are
required; warnings (recommended properties, non-EU concepts such as the GB/T
2260 location or a Chinese department as publisher) are printed.
"""
import collections
import copy
import json
import os

import pytest
from pyshacl import validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, SKOS

from ckanext.dcat.processors import RDFParser, RDFSerializer
from ckanext.dcat.profiles import DCAT, DCT, FOAF, VCARD
from ckanext.govopen.dcat import mapping, profile as govopen_profile
from ckanext.govopen.dcat.profile import GovopenDCATAP3Profile
from ckanext.govopen.standard import loader
from tests.conftest import REALDATA
from tests.unit.test_dcat_datajson import demo_datasets, full_dataset, restricted, sparse_dataset

pytestmark = pytest.mark.usefixtures("no_stored_findings")

SITE = "https://data.example.gov.cn"
SHACL_301 = os.path.join(REALDATA, "dcat-ap", "shacl-3.0.1", "split")
SHACL_301_FILES = ["shapes.ttl", "shapes_recommended.ttl", "range.ttl",
                   "mdr-vocabularies.shape.ttl", "deprecateduris.ttl"]
SHACL_300 = os.path.join(REALDATA, "dcat-ap", "shacl-3.0.0", "dcat-ap-SHACL.ttl")
EU = "http://publications.europa.eu/resource/authority/"


@pytest.fixture(autouse=True)
def site_config():
    from ckantoolkit import config
    keys = {"ckan.site_url": SITE, "ckan.site_title": "政府数据开放平台 govopen",
            "ckan.site_description": "One catalog, checked before it is public.",
            "ckan.locales_offered": "zh_Hans_CN en", "ckan.locale_default": "zh_Hans_CN"}
    saved = {k: config.get(k) for k in keys}
    config.update(keys)
    yield
    for k, v in saved.items():
        if v is None:
            config.pop(k, None)
        else:
            config[k] = v


# --- helpers ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def shapes():
    g301 = Graph()
    for name in SHACL_301_FILES:
        g301.parse(os.path.join(SHACL_301, name), format="turtle")
    return {"3.0.1": g301, "3.0.0": Graph().parse(SHACL_300, format="turtle")}


def shacl(data, shapes_graph, inference="none"):
    """(violations, warnings) as lists of readable lines (top-level results only)."""
    conforms, report, _ = validate(data, shacl_graph=shapes_graph, inference=inference,
                                   allow_warnings=True)
    node = next(report.subjects(RDF.type, SH.ValidationReport))
    out = collections.defaultdict(list)
    for r in report.objects(node, SH.result):
        severity = str(report.value(r, SH.resultSeverity)).rsplit("#", 1)[-1]
        out[severity].append("%s %s %s: %s" % (
            severity, report.value(r, SH.focusNode), report.value(r, SH.resultPath),
            report.value(r, SH.resultMessage)))
    return out["Violation"], out["Warning"] + out["Info"]


def serializer():
    s = RDFSerializer(profiles=["euro_dcat_ap_3"])
    s._profiles = [GovopenDCATAP3Profile]  # what `govopen_dcat_ap_3` loads
    return s


def parser():
    p = RDFParser(profiles=["euro_dcat_ap_3"])
    p._profiles = [GovopenDCATAP3Profile]
    return p


def dataset_graph(d):
    s = serializer()
    ref = s.graph_from_dataset(d)
    return s.g, ref


def catalog_graph(datasets):
    s = serializer()
    out = s.serialize_catalog({}, datasets, _format="turtle")
    return Graph().parse(data=out, format="turtle")


def round_trip(d, fmt="turtle"):
    data = serializer().serialize_dataset(d, _format=fmt)
    p = parser()
    p.parse(data, _format=fmt)
    [parsed] = list(p.datasets())
    return parsed


def all_datasets():
    return demo_datasets() + [full_dataset(), restricted("conditional"), restricted("none"),
                              sparse_dataset()]


def check(version, graph, shapes, what, inference="none"):
    violations, warnings = shacl(graph, shapes[version], inference)
    print("DCAT-AP %s SHACL (inference %s), %s: %d violations, %d warnings"
          % (version, inference, what, len(violations), len(warnings)))
    for line in violations + warnings:
        print("  " + line)
    assert violations == [], "\n".join(violations)


# --- SHACL -------------------------------------------------------------------------------

@pytest.mark.parametrize("version", ["3.0.1", "3.0.0"])
def test_harness_reports_a_violation(shapes, version):
    g, ref = dataset_graph(full_dataset())
    g.remove((ref, DCT.title, None))
    violations, _ = shacl(g, shapes[version])
    assert any("title" in v for v in violations)


@pytest.mark.parametrize("version", ["3.0.1", "3.0.0"])
@pytest.mark.parametrize("open_type", ["unconditional", "conditional", "none"])
def test_full_dataset_conforms_to_dcat_ap_3(shapes, version, open_type):
    d = full_dataset() if open_type == "unconditional" else restricted(open_type)
    g, _ = dataset_graph(d)
    check(version, g, shapes, "full dataset (%s)" % open_type)


@pytest.mark.parametrize("inference", ["none", "rdfs"])
@pytest.mark.parametrize("version", ["3.0.1", "3.0.0"])
def test_catalog_conforms_to_dcat_ap_3(shapes, version, inference):
    g = catalog_graph(all_datasets())
    assert len(list(g.subjects(RDF.type, DCAT.Dataset))) == len(all_datasets())
    check(version, g, shapes, "catalog of %d datasets" % len(all_datasets()), inference)


def test_sparse_dataset_conforms(shapes):
    g, _ = dataset_graph(sparse_dataset())
    check("3.0.1", g, shapes, "sparse dataset")


# --- what the graph says ----------------------------------------------------------------

def test_dataset_properties():
    d = full_dataset()
    g, ref = dataset_graph(d)
    titles = set(g.objects(ref, DCT.title))
    assert Literal("上海市医疗机构床位数", lang="zh") in titles
    assert Literal("Hospital beds in Shanghai", lang="en") in titles
    assert Literal("Approved hospital beds by district.", lang="en") in set(g.objects(ref, DCT.description))
    assert g.value(ref, DCT.identifier) == Literal("401003-000099")
    assert set(g.objects(ref, DCAT.keyword)) == {Literal("医院", lang="zh"), Literal("床位", lang="zh")}
    assert g.value(ref, DCT.issued) == Literal("2024-02-01", datatype=URIRef(
        "http://www.w3.org/2001/XMLSchema#date"))
    assert str(g.value(ref, DCT.modified)) == "2024-05-01"
    assert g.value(ref, DCT.accrualPeriodicity) == URIRef(EU + "frequency/QUARTERLY")
    assert g.value(ref, DCT.accessRights) == URIRef(EU + "access-right/PUBLIC")
    assert g.value(ref, DCT.language) == URIRef(EU + "language/ZHO")
    assert URIRef(EU + "data-theme/HEAL") in set(g.objects(ref, DCAT.theme))

    period = g.value(ref, DCT.temporal)
    assert (period, RDF.type, DCT.PeriodOfTime) in g
    assert str(g.value(period, DCAT.startDate)) == "2023-01-01"
    assert str(g.value(period, DCAT.endDate)) == "2023-12-31"

    contact = g.value(ref, DCAT.contactPoint)
    assert (contact, RDF.type, VCARD.Kind) in g
    assert g.value(contact, VCARD.hasEmail) == URIRef("mailto:beds@wsjkw.sh.example.cn")
    assert str(g.value(contact, VCARD.fn)) == "信息中心"

    publisher = g.value(ref, DCT.publisher)
    assert (publisher, RDF.type, FOAF.Agent) in g
    assert str(g.value(publisher, DCT.identifier)) == "11310000002463025G"
    assert Literal("上海市卫生健康委员会", lang="zh") in set(g.objects(publisher, FOAF.name))

    location = g.value(ref, DCT.spatial)
    assert str(location) == SITE + "/standard/gb2260/310000"
    assert (location, RDF.type, DCT.Location) in g
    assert str(g.value(location, DCT.identifier)) == "GB/T 2260:310000"
    assert Literal("上海市", lang="zh") in set(g.objects(location, SKOS.prefLabel))


def test_open_distributions():
    g, ref = dataset_graph(full_dataset())
    dists = {str(g.value(x, DCT.title)): x for x in g.objects(ref, DCAT.distribution)}
    csv = dists["床位数 2023"]
    assert str(g.value(csv, DCAT.downloadURL)).endswith("/download/beds.csv")
    assert g.value(csv, DCT["format"]) == URIRef(EU + "file-type/CSV")
    assert g.value(csv, DCAT.mediaType) == URIRef(
        "http://www.iana.org/assignments/media-types/text/csv")
    assert g.value(csv, DCT.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    api = dists["床位查询接口"]
    assert str(g.value(api, DCAT.accessURL)) == "https://api.wsjkw.sh.example.cn/beds"
    assert g.value(api, DCAT.downloadURL) is None


@pytest.mark.parametrize("open_type", ["conditional", "none"])
@pytest.mark.parametrize("fmt", ["turtle", "xml", "json-ld"])
def test_restricted_dataset_has_no_download_urls(open_type, fmt):
    d = restricted(open_type)
    g, ref = dataset_graph(d)
    assert g.value(ref, DCT.accessRights) == URIRef(
        mapping.ap_uri("access_rights", open_type))
    assert list(g.triples((None, DCAT.downloadURL, None))) == []
    dists = list(g.objects(ref, DCAT.distribution))
    assert len(dists) == 3
    for dist in dists:
        assert [str(u) for u in g.objects(dist, DCAT.accessURL)] == [SITE + "/dataset/" + d["name"]]
        rights = g.value(dist, DCT.rights)
        assert "实名注册并签署数据使用协议后申请" in str(g.value(rights, URIRef(
            "http://www.w3.org/2000/01/rdf-schema#label")))
    text = serializer().serialize_dataset(copy.deepcopy(d), _format=fmt)
    for r in d["resources"]:
        assert r["url"] not in text


@pytest.mark.parametrize("open_type", [None, "", "public"])
def test_unknown_open_type_fails_closed(open_type):
    g, ref = dataset_graph(full_dataset(open_type=open_type))
    assert g.value(ref, DCT.accessRights) == URIRef(EU + "access-right/NON_PUBLIC")
    assert list(g.triples((None, DCAT.downloadURL, None))) == []


@pytest.mark.parametrize("frequency", loader.codes("update_frequency"))
def test_frequency_uri_comes_from_the_crosswalk(frequency):
    g, ref = dataset_graph(full_dataset(update_frequency=frequency))
    cw = loader.crosswalk("dcat_ap_3")["maps"]["frequency"]
    assert g.value(ref, DCT.accrualPeriodicity) == URIRef(cw["base"] + cw["values"][frequency])


@pytest.mark.parametrize("theme", loader.codes("theme"))
def test_theme_uris_come_from_the_crosswalk(theme):
    g, ref = dataset_graph(full_dataset(theme=theme))
    themes = {str(t) for t in g.objects(ref, DCAT.theme)}
    eu = set(mapping.ap_uris("theme", theme))
    assert eu == {t for t in themes if t.startswith(EU)}
    assert SITE + "/standard/theme/" + theme in themes
    for t in themes:  # every theme is a labelled concept of a scheme
        assert (URIRef(t), RDF.type, SKOS.Concept) in g
        assert g.value(URIRef(t), SKOS.prefLabel) is not None
        assert g.value(URIRef(t), SKOS.inScheme) is not None


def test_licence_without_public_url_is_described_on_this_site():
    g, ref = dataset_graph(full_dataset(license_id="cn-gov-open-data"))
    lic = {g.value(dist, DCT.license) for dist in g.objects(ref, DCAT.distribution)}
    assert lic == {URIRef(SITE + "/standard/licenses/cn-gov-open-data")}
    [lic] = lic
    assert (lic, RDF.type, DCT.LicenseDocument) in g
    assert str(g.value(lic, DCT.identifier)) == "cn-gov-open-data"


def test_catalog_properties():
    g = catalog_graph([full_dataset()])
    [cat] = list(g.subjects(RDF.type, DCAT.Catalog))
    assert str(g.value(cat, DCT.title)) == "政府数据开放平台 govopen"
    assert {str(x) for x in g.objects(cat, DCT.language)} == {EU + "language/ZHO", EU + "language/ENG"}
    assert g.value(g.value(cat, DCT.publisher), FOAF.name) is not None
    assert URIRef(EU + "data-theme") in set(g.objects(cat, DCAT.themeTaxonomy))
    assert len(list(g.objects(cat, DCAT.dataset))) == 1


# --- parsing back -------------------------------------------------------------------------

CORE = ["title", "title_en", "notes", "notes_en", "resource_code", "theme", "open_type",
        "update_frequency", "issued", "modified", "spatial_code", "temporal_start",
        "temporal_end", "contact_name", "contact_email", "language", "license_id"]


@pytest.mark.parametrize("fmt", ["turtle", "xml", "json-ld"])
def test_round_trip_keeps_the_core_fields(fmt):
    d = full_dataset()
    parsed = round_trip(d, fmt)
    for key in CORE:
        assert parsed.get(key) == d[key], key
    assert sorted(t["name"] for t in parsed["tags"]) == sorted(t["name"] for t in d["tags"])
    got = {r["name"]: r for r in parsed["resources"]}
    for r in d["resources"]:
        assert got[r["name"]]["url"] == r["url"]
    assert got["床位数 2023"]["format"] == "CSV"
    assert got["床位数 2023 (Excel)"]["format"] == "XLSX"
    assert got["床位数 2023"]["mimetype"] == "text/csv"
    # nothing the standard does not have is left behind as an extra
    assert {e["key"] for e in parsed["extras"]} <= {"uri"}


@pytest.mark.parametrize("d", all_datasets(), ids=lambda d: d["name"])
def test_round_trip_of_every_test_dataset(d):
    parsed = round_trip(copy.deepcopy(d))
    for key in ("title", "notes", "resource_code", "theme", "open_type", "update_frequency",
                "issued", "spatial_code"):
        assert parsed.get(key) == d.get(key), key
    if d.get("modified"):
        assert parsed["modified"] == d["modified"]
    assert sorted(r["name"] for r in parsed["resources"]) == sorted(r["name"] for r in d["resources"])


@pytest.mark.parametrize("theme", loader.codes("theme"))
def test_round_trip_keeps_themes_that_share_an_eu_theme(theme):
    assert round_trip(full_dataset(theme=theme))["theme"] == theme


def test_eu_theme_alone_is_read_when_unambiguous():
    g, ref = dataset_graph(full_dataset(theme="transport"))
    g.remove((ref, DCAT.theme, URIRef(SITE + "/standard/theme/transport")))
    p = GovopenDCATAP3Profile(g)
    assert p.parse_dataset({}, ref)["theme"] == "transport"


def test_restricted_round_trip_keeps_open_type_and_no_file_url():
    d = restricted("conditional")
    parsed = round_trip(d)
    assert parsed["open_type"] == "conditional"
    assert {r["url"] for r in parsed["resources"]} == {SITE + "/dataset/" + d["name"]}


def test_concept_uris_live_under_the_catalog():
    assert govopen_profile.concept_uri("gb2260", "110000") == SITE + "/standard/gb2260/110000"


def test_record_timestamps_are_not_the_datasets_dates():
    d = sparse_dataset()
    d["metadata_modified"] = "2030-01-01T00:00:00"
    g, ref = dataset_graph(d)
    assert g.value(ref, DCT.modified) is None
    assert str(g.value(ref, DCT.issued)) == "2023-06-30"


def test_landing_page_is_the_source_page_else_the_page_here():
    g, ref = dataset_graph(full_dataset(url="https://wsjkw.sh.example.cn/beds"))
    assert str(g.value(ref, DCAT.landingPage)) == "https://wsjkw.sh.example.cn/beds"
    g, ref = dataset_graph(full_dataset())
    assert str(g.value(ref, DCAT.landingPage)) == SITE + "/dataset/sh-hospital-beds"


def test_invalid_contact_email_falls_back_to_the_department_or_is_left_out():
    d = full_dataset(contact_email="not an e-mail")
    g, ref = dataset_graph(d)
    contact = g.value(ref, DCAT.contactPoint)
    assert g.value(contact, VCARD.hasEmail) == URIRef("mailto:open@wsjkw.sh.example.cn")
    assert str(g.value(contact, VCARD.fn)) == "信息中心"
    d["organization"] = dict(d["organization"], contact_email="")
    g, ref = dataset_graph(d)
    assert g.value(g.value(ref, DCAT.contactPoint), VCARD.hasEmail) is None


def test_restricted_source_page_that_is_a_file_is_not_exported():
    d = restricted("conditional")
    d["url"] = d["resources"][0]["url"]
    text = serializer().serialize_dataset(d, _format="turtle")
    for r in d["resources"]:
        assert r["url"] not in text


@pytest.mark.parametrize("path, fmt", [
    ("real-portals-de/brandenburg-catalog-original-input.ttl", "turtle"),
    ("real-portals-de/bremen-catalog-original-input.rdf", "xml"),   # has dirty dates
    ("ckanext-dcat-fixtures/dcat/dataset_gob_es.ttl", "turtle"),
])
def test_foreign_dcat_ap_parses_into_valid_codes_or_nothing(path, fmt):
    with open(os.path.join(REALDATA, "dcat-ap", path), "rb") as f:
        data = f.read()
    p = parser()
    p.parse(data, _format=fmt)
    datasets = list(p.datasets())
    assert datasets
    for d in datasets:
        assert d["title"]
        for field, vocabulary in (("theme", "theme"), ("open_type", "open_type"),
                                  ("update_frequency", "update_frequency"),
                                  ("language", "language"), ("license_id", "licenses")):
            assert d.get(field) in (None, "") or loader.is_member(vocabulary, d[field]), (field, d[field])
        for key in ("issued", "modified"):
            assert d.get(key) is None or len(d[key]) >= 4
