"""The developers' page: every curl and ckanapi example on /api-docs runs
against the server under test and gets what it promises, and
/api-docs/openapi.json is a valid OpenAPI 3 document listing every govopen
action."""
import json
import os
import shlex
import subprocess
import sys
import urllib.request

import pytest
from bs4 import BeautifulSoup
from rdflib import Graph

import ckan.tests.helpers as helpers

from tests.browser.conftest import BROWSER_TEST, no_horizontal_overflow

pytestmark = BROWSER_TEST

BIN = os.path.dirname(sys.executable)


@pytest.fixture
def catalog(make_dataset):
    return make_dataset(name="bus-routes", title="北京市公交线路数据", title_en="Beijing bus routes",
                        notes="全市公共交通线路与站点。")


def fetch(url):
    with urllib.request.urlopen(url, timeout=30) as r:
        return r.status, r.headers.get("Content-Type", ""), r.read()


def page_examples(live_url):
    status, _, body = fetch(live_url + "/api-docs")
    assert status == 200
    soup = BeautifulSoup(body, "html.parser")
    return soup, [(c["data-example"], c.get("data-path", ""), c.get_text())
                  for c in soup.select("code[data-example]")]


def run(command, **env):
    """Run an example exactly as printed, in bash, with the venv's ckanapi on PATH."""
    done = subprocess.run(["bash", "-c", command], capture_output=True, timeout=60,
                          env={**os.environ, "PATH": BIN + os.pathsep + os.environ["PATH"], **env})
    assert done.returncode == 0, f"{command}\n-> exit {done.returncode}: {done.stderr.decode()[-500:]}"
    return done.stdout


def check_output(kind, path, out, dataset):
    """What each example must give back."""
    if path.endswith(".ttl"):
        graph = Graph().parse(data=out.decode("utf-8"), format="turtle")
        assert len(graph) > 0
        assert dataset["title"] in {str(o) for o in graph.objects()}
        return
    data = json.loads(out)
    result = data["result"] if kind == "curl" and "result" in data else data
    if kind == "curl" and path.startswith("/api/"):
        assert data["success"] is True
    if path == "/data.json":
        assert dataset["title"] in [d["title"] for d in data["dataset"]]
    elif path.endswith("/package_search"):
        assert dataset["name"] in [d["name"] for d in result["results"]]
    elif path.endswith("/package_show"):
        assert result["name"] == dataset["name"]
    elif path.endswith("/organization_list"):
        assert dataset["organization"]["name"] in [o["name"] for o in result]
    elif path.endswith("/govopen_publication_blockers"):
        assert "may_be_public" in result


def test_every_example_works(catalog, live_url, sysadmin):
    soup, found = page_examples(live_url)
    assert soup.select_one("#govopen-site-url").get_text() == live_url
    kinds = {(kind, path) for kind, path, _ in found}
    for needed in ("/api/3/action/package_search", "/api/3/action/package_show",
                   "/catalog.ttl", f"/dataset/{catalog['name']}.ttl", "/data.json"):
        assert ("curl", needed) in kinds, f"no curl example for {needed}"
    assert ("ckanapi", "/api/3/action/package_search") in kinds
    token = helpers.call_action("api_token_create", {"user": sysadmin["name"]},
                                user=sysadmin["name"], name="api-docs-test")["token"]
    ran = 0
    for kind, path, command in found:
        assert live_url in command, f"example does not name the site: {command}"
        out = run(command, CKAN_API_TOKEN=token)
        check_output(kind, path, out, catalog)
        ran += 1
    print(f"{ran} examples ran")
    assert ran >= 10


def test_token_example_is_refused_without_a_token(catalog, live_url):
    _, found = page_examples(live_url)
    command = next(c for k, p, c in found if k == "curl" and "Authorization" in c)
    out = run(command, CKAN_API_TOKEN="")
    assert json.loads(out)["success"] is False


def test_openapi_lists_every_action_and_validates(live_url):
    from openapi_spec_validator import validate
    from ckanext.govopen import feature, plugin

    status, ctype, body = fetch(live_url + "/api-docs/openapi.json")
    assert status == 200 and ctype.startswith("application/json")
    doc = json.loads(body)
    validate(doc)
    listed = {path.rsplit("/", 1)[-1] for path in doc["paths"]}
    assert listed == set(feature.actions(plugin.FEATURES))
    assert doc["servers"] == [{"url": live_url}]
    for path, item in doc["paths"].items():
        assert item["post"]["x-govopen-auth"], f"{path} says nothing about who may call it"
    blockers = doc["paths"]["/api/3/action/govopen_publication_blockers"]["post"]
    assert blockers["requestBody"]["content"]["application/json"]["schema"]["required"] == ["id"]
    assert blockers["security"] == [{"ApiToken": []}]


def test_api_page_names_no_private_dataset(catalog, make_dataset, live_url):
    secret = make_dataset(name="secret-plans", title="内部计划", private=True)
    _, found = page_examples(live_url)
    assert all(secret["name"] not in command for _, _, command in found)


def test_api_page_in_the_browser(catalog, browser_page, screenshot):
    for width in (1280, 375):
        page = browser_page(width)
        page.goto("/api-docs")
        assert page.locator("h1").first.is_visible()
        no_horizontal_overflow(page)
        screenshot(page, "api-docs")
        # each action's name reads on one line, also on a phone (the table's rows
        # become one card per action there, not four columns a few letters wide)
        name = page.locator("#action-package_search code").first
        box = name.bounding_box()
        line = page.evaluate("(e) => parseFloat(getComputedStyle(e).lineHeight) || 20",
                             name.element_handle())
        assert box["height"] < 1.8 * line, f"{width} px: package_search wraps ({box})"
