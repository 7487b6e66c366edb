"""The examples on the API page, as data: the page shows them and the tests
run them (tests/browser/test_api_docs.py), so none can silently rot.

Each example names the site's real URL and, where one is needed, a real
public dataset of the catalog.
"""
from __future__ import annotations

import json
import shlex
from dataclasses import dataclass


def N_(msgid):
    """Marks an English msgid for extraction; the template translates it."""
    return msgid


@dataclass(frozen=True)
class Example:
    key: str
    title: str          # English msgid; the template translates it
    curl: str
    ckanapi: str = ""
    path: str = ""      # what the curl command fetches (for the tests)
    content_type: str = "application/json"


def examples(site_url, dataset_name, query="公交"):
    """The read-only examples: every one works anonymously."""
    site = site_url.rstrip("/")
    q = shlex.quote(site)
    dataset = dataset_name or "DATASET-NAME"
    return [
        Example(
            "package_search", N_("Search datasets (Chinese or English words)"),
            curl=(f"curl -sG {shlex.quote(site + '/api/3/action/package_search')}"
                  f" --data-urlencode {shlex.quote('q=' + query)} --data-urlencode 'rows=5'"),
            ckanapi=f"ckanapi action package_search q={shlex.quote(query)} rows=5 -r {q}",
            path="/api/3/action/package_search"),
        Example(
            "package_search_facets", N_("Filter by open type and sort by metadata quality"),
            curl=(f"curl -sG {shlex.quote(site + '/api/3/action/package_search')}"
                  " --data-urlencode 'fq=open_type:unconditional'"
                  " --data-urlencode 'sort=quality_score desc' --data-urlencode 'rows=5'"),
            ckanapi=(f"ckanapi action package_search fq=open_type:unconditional"
                     f" 'sort=quality_score desc' rows=5 -r {q}"),
            path="/api/3/action/package_search"),
        Example(
            "package_show", N_("One dataset with all metadata, quality score and validation status"),
            curl=f"curl -s {shlex.quote(site + '/api/3/action/package_show?id=' + dataset)}",
            ckanapi=f"ckanapi action package_show id={shlex.quote(dataset)} -r {q}",
            path="/api/3/action/package_show"),
        Example(
            "organization_list", N_("The departments"),
            curl=f"curl -s {shlex.quote(site + '/api/3/action/organization_list?all_fields=true')}",
            ckanapi=f"ckanapi action organization_list all_fields=true -r {q}",
            path="/api/3/action/organization_list"),
        Example(
            "catalog_ttl", N_("The whole catalog as DCAT-AP 3 (Turtle)"),
            curl=f"curl -s {shlex.quote(site + '/catalog.ttl')}",
            path="/catalog.ttl", content_type="text/turtle"),
        Example(
            "dataset_ttl", N_("One dataset as DCAT-AP 3 (Turtle; .rdf, .jsonld and .xml work too)"),
            curl=f"curl -s {shlex.quote(site + '/dataset/' + dataset + '.ttl')}",
            path=f"/dataset/{dataset}.ttl", content_type="text/turtle"),
        Example(
            "data_json", N_("The catalog as DCAT-US 1.1 (Project Open Data data.json)"),
            curl=f"curl -s {shlex.quote(site + '/data.json')}",
            path="/data.json"),
    ]


def token_example(site_url, dataset_name):
    """How to call an action that needs a login: the API token in a header."""
    site = site_url.rstrip("/")
    dataset = dataset_name or "DATASET-NAME"
    return Example(
        "with_token", N_("With an API token: what blocks publication of your department's dataset"),
        curl=(f"curl -s -H \"Authorization: $CKAN_API_TOKEN\" -H 'Content-Type: application/json'"
              f" -d {shlex.quote(json.dumps({'id': dataset}))}"
              f" {shlex.quote(site + '/api/3/action/govopen_publication_blockers')}"),
        ckanapi=(f"ckanapi action govopen_publication_blockers id={shlex.quote(dataset)}"
                 f" -r {shlex.quote(site)} -a \"$CKAN_API_TOKEN\""),
        path="/api/3/action/govopen_publication_blockers")
