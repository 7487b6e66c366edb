"""The dataset search page: validation status (and the standard's coded fields)
as facets with readable zh/en labels and counts, and a validation badge on
each result that has tables.

Only the validation check is active (``core._checks``) so that the valid
dataset can be published here; the other checks have their own tests. Jobs
run in-process (``govopen.jobs.inline``).
"""
import html
import io
import json
import re
import urllib.parse
import urllib.request
from collections import OrderedDict
from pathlib import Path

import pytest
from werkzeug.datastructures import FileStorage

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
from ckan.plugins import toolkit

from ckanext.govopen import facets
from ckanext.govopen.gate import core
from ckanext.govopen.gate.checks import validation as validation_check
from ckanext.govopen.standard import loader
from tests.integration.conftest import standard_fields

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]

ELEMENTS = [{"name": "区", "title": "District", "type": "string", "description": ""},
            {"name": "人口", "title": "Population", "type": "integer", "description": ""}]
GOOD = "区,人口\n东城区,704\n西城区,1104\n".encode("utf-8")
BAD = "区,人口\n东城区,704\n西城区,很多\n".encode("utf-8")


@pytest.fixture(autouse=True)
def only_validation(monkeypatch, ckan_config):
    monkeypatch.setattr(core, "_checks", [("validation", validation_check.check)])
    monkeypatch.setitem(ckan_config, "govopen.jobs.inline", "true")


@pytest.fixture
def catalog(sysadmin, department):
    """One dataset per state: a valid table (published), an invalid table, no table."""
    ctx = {"user": sysadmin["name"], "ignore_auth": False}
    made = {}
    for name, data, theme in (("good-table", GOOD, "transport"), ("bad-table", BAD, "health"),
                              ("no-table", None, "health")):
        ds = helpers.call_action("package_create", ctx, name=name, title=name, notes="n",
                                 owner_org=department["id"], private=True, data_elements=ELEMENTS,
                                 **standard_fields(theme=theme))
        if data is not None:
            helpers.call_action("resource_create", ctx, package_id=ds["id"], name="表", format="CSV",
                                url="t.csv", upload=FileStorage(io.BytesIO(data), filename="t.csv",
                                                                content_type="text/csv"))
        made[name] = ds
    helpers.call_action("package_patch", ctx, id=made["good-table"]["id"], private=False)
    return made


def facet_counts(body, field):
    """``{label: count}`` of one facet section of the search page (found by its links' parameter)."""
    found = {}
    for href, label, count in re.findall(
            r'<a[^>]*href="([^"]*)"[^>]*>\s*<span class="item-label">([^<]*)</span>\s*'
            r'<span class="hidden separator"> - </span>\s*<span class="item-count badge">(\d+)</span>',
            body):
        if (field + "=") in html.unescape(href):
            found[html.unescape(label).strip()] = int(count)
    return found


def result_items(body):
    """``{dataset name: its <li> markup}`` of the search results."""
    out = {}
    for item in re.split(r'<li class="dataset-item', body)[1:]:
        name = re.search(r'href="/(?:[a-z_A-Z]+/)?dataset/([^"/]+)"', item)
        if name:
            out[name.group(1)] = item.split("</li>")[0]
    return out


def search_page(app, user, path="/dataset/"):
    headers = {"Authorization": factories.APIToken(user=user["name"])["token"]}
    page = app.get(path, headers=headers)
    assert page.status_code == 200
    return page.get_data(as_text=True)


def test_validation_facet_has_readable_labels_and_counts(app, sysadmin, catalog):
    body = search_page(app, sysadmin)
    assert "数据校验" in body
    assert facet_counts(body, "validation_status") == {"校验通过": 1, "校验未通过": 1, "无数据表": 1}
    # CKAN's own facets are still there, and the standard's coded fields are facets too.
    assert facet_counts(body, "organization")
    assert facet_counts(body, "theme") == {loader.label("theme", "transport", "zh"): 1,
                                           loader.label("theme", "health", "zh"): 2}
    assert facet_counts(body, "effective_open_type") == {loader.label("open_type", "unconditional", "zh"): 3}
    assert sum(facet_counts(body, "update_frequency").values()) == 3

    english = search_page(app, sysadmin, "/en/dataset/")
    assert re.search(r'fa-filter"></i>\s*Validation\s*</h2>', english)
    assert facet_counts(english, "validation_status") == {"Valid": 1, "Invalid": 1, "No tables": 1}


def test_facet_narrows_the_results(app, sysadmin, catalog):
    body = search_page(app, sysadmin, "/dataset/?validation_status=invalid")
    assert set(result_items(body)) == {"bad-table"}


def test_results_carry_a_validation_badge(app, sysadmin, catalog):
    items = result_items(search_page(app, sysadmin))
    assert set(items) == {"good-table", "bad-table", "no-table"}
    assert "govopen-validation-valid" in items["good-table"]
    assert "govopen-validation-invalid" in items["bad-table"]
    assert "govopen-validation" not in items["no-table"]            # no tables: no badge
    # the badge's words are the facet's, in the reader's language (it said "通过 / 校验通过")
    assert ">校验通过</span>" in items["good-table"] and ">校验未通过</span>" in items["bad-table"]
    english = result_items(search_page(app, sysadmin, "/en/dataset/"))
    assert ">Valid</span>" in english["good-table"] and ">Invalid</span>" in english["bad-table"]


def test_anonymous_search_shows_only_public_datasets_in_facets(app, catalog):
    body = app.get("/dataset/").get_data(as_text=True)
    assert facet_counts(body, "validation_status") == {"校验通过": 1}
    assert set(result_items(body)) == {"good-table"}


def test_the_pages_short_facets_are_counted_value_by_value(ckan_config):
    """The running core counts every facet of the search page whose values are a
    short list (departments, formats, licences, the standard's coded fields) value
    by value (Solr's enum method: at 100,000 datasets a browse request's facets
    cost 2-3 ms of Solr instead of 12, bench/search/RESULTS.md), and tags, free
    text, as Solr does by default. The stock core, the benchmarks' stock CKAN, is
    left with Solr's defaults. Failed before the twentieth session's solrconfig.xml:
    the core's /select had no facet method."""
    solr = ckan_config["solr_url"].rstrip("/")
    answer = json.load(urllib.request.urlopen(solr + "/config/requestHandler?componentName=/select&wt=json"))
    defaults = answer["config"]["requestHandler"]["/select"]["defaults"]
    page = facets.dataset_facets(OrderedDict((f, f) for f in toolkit.config.get("search.facets")), "dataset")
    assert "tags" in page and len(page) >= 10
    for field in page:
        assert defaults.get("f.%s.facet.method" % field) == (None if field == "tags" else "enum"), field
    stock = Path(__file__).resolve().parents[2] / "solr" / "configset" / "ckan-stock" / "conf" / "solrconfig.xml"
    assert "facet.method" not in stock.read_text(encoding="utf-8")


def test_facet_counts_are_those_of_solrs_default_method(ckan_config, catalog):
    """The same counts as Solr's default method (fc) gives for the same request.
    Only the test site's documents: the stack's own site (``make up`` loads the demo
    datasets) shares the core under another site_id."""
    solr = ckan_config["solr_url"].rstrip("/")
    fields = ["organization", "res_format", "theme", "effective_open_type", "validation_status", "update_frequency"]

    def counts(force_fc):
        params = [("q", "*:*"), ("fq", 'site_id:"%s"' % ckan_config["ckan.site_id"]), ("rows", "0"),
                  ("wt", "json"), ("facet", "true"), ("facet.mincount", "1")]
        params += [("facet.field", f) for f in fields]
        if force_fc:
            params += [("f.%s.facet.method" % f, "fc") for f in fields]
        url = solr + "/select?" + urllib.parse.urlencode(params)
        return json.load(urllib.request.urlopen(url))["facet_counts"]["facet_fields"]

    enum = counts(False)
    assert enum == counts(True)
    assert dict(zip(enum["theme"][::2], enum["theme"][1::2])) == {"transport": 1, "health": 2}
