"""SolrCloud's Collections API, as much of it as a rebuild-and-swap needs.

``Cloud.from_solr_url("http://127.0.0.1:8983/solr/ckan")``: the node's base URL
and the alias (the last part of CKAN's ``solr_url``). Every call raises
``CloudError`` with Solr's own message when Solr refuses.
"""
from __future__ import annotations

import re
import time

import requests

TIMEOUT = 600


class CloudError(Exception):
    pass


class Cloud:
    def __init__(self, base: str, alias: str):
        self.base = base.rstrip("/")
        self.alias = alias

    @classmethod
    def from_solr_url(cls, solr_url: str) -> "Cloud":
        base, _, alias = solr_url.rstrip("/").rpartition("/")
        return cls(base, alias)

    def call(self, action: str, **params) -> dict:
        params.update(action=action, wt="json")
        try:
            r = requests.get(self.base + "/admin/collections", params=params, timeout=TIMEOUT)
            body = r.json()
        except (requests.RequestException, ValueError) as e:
            raise CloudError("%s: %s" % (action, e)) from e
        if r.status_code != 200 or body.get("error") or body.get("failure"):
            raise CloudError("%s: %s" % (action, (body.get("error") or {}).get("msg")
                                         or body.get("failure") or r.status_code))
        return body

    def aliases(self) -> dict:
        return self.call("LISTALIASES").get("aliases", {})

    def target(self) -> str | None:
        """The collection the alias names (None: no such alias, e.g. standalone Solr)."""
        try:
            return self.aliases().get(self.alias)
        except CloudError:
            return None

    def collections(self) -> list:
        return self.call("LIST").get("collections", [])

    def shape(self, collection: str) -> tuple:
        """(shards, replication factor, configset) of ``collection``."""
        state = self.call("CLUSTERSTATUS", collection=collection)["cluster"]["collections"][collection]
        replicas = max(len(shard["replicas"]) for shard in state["shards"].values())
        return len(state["shards"]), replicas, state["configName"]

    def next_name(self) -> str:
        """``<alias>_<n+1>``, n the highest of this alias's generations."""
        pattern = re.compile(r"^%s_(\d+)$" % re.escape(self.alias))
        numbers = [int(m.group(1)) for m in map(pattern.match, self.collections()) if m]
        return "%s_%d" % (self.alias, max(numbers, default=0) + 1)

    def generations(self) -> list:
        """This alias's collections, oldest first."""
        pattern = re.compile(r"^%s_(\d+)$" % re.escape(self.alias))
        return sorted((c for c in self.collections() if pattern.match(c)),
                      key=lambda c: int(pattern.match(c).group(1)))

    def healthy(self, collection: str) -> bool:
        """Every replica of ``collection`` active on a live node."""
        state = self.call("CLUSTERSTATUS", collection=collection)["cluster"]
        live = set(state["live_nodes"])
        return all(r["state"] == "active" and r["node_name"] in live
                   for shard in state["collections"][collection]["shards"].values()
                   for r in shard["replicas"].values())

    def create(self, name: str, shards: int, replicas: int, configset: str) -> None:
        self.call("CREATE", name=name, numShards=shards, replicationFactor=replicas,
                  **{"collection.configName": configset, "waitForFinalState": "true"})

    def wait_healthy(self, collection: str, seconds: int = 300) -> bool:
        end = time.monotonic() + seconds
        while not self.healthy(collection):
            if time.monotonic() > end:
                return False
            time.sleep(1)
        return True

    def swap(self, collection: str) -> None:
        """Point the alias at ``collection`` (one atomic change in ZooKeeper)."""
        self.call("CREATEALIAS", name=self.alias, collections=collection)

    def delete(self, collection: str) -> None:
        self.call("DELETE", name=collection)

    def url(self, collection: str) -> str:
        return "%s/%s" % (self.base, collection)

    def count(self, collection: str, fq: str) -> int:
        r = requests.get(self.url(collection) + "/select", timeout=TIMEOUT,
                         params={"q": "*:*", "fq": fq, "rows": 0, "wt": "json"})
        r.raise_for_status()
        return r.json()["response"]["numFound"]
