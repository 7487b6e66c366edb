"""SolrCloud failover (issue 18): with the `ckan` collection on N >= 2 nodes
(one shard per node, two replicas of each), a node killed by its PID (SIGKILL,
no clean shutdown) during a stream of searches and writes loses no write;
once the cluster has noticed (the node has left live_nodes) every search is
complete; the node, started again, rejoins and its replicas catch up with the
writes it missed.

The site's solr_url names the load balancer in front of every node
(scripts/solr_lb.py), never one node: the node killed is node 1 (the first the
balancer tries), then another one (preferably one that leads a shard: then a
leader election happens). Run by `make test-cloud`.
"""
import threading
import time

import pytest
import requests

import ckan.model as model
import ckan.tests.helpers as helpers
from ckan.plugins import toolkit

from tests.cloud import cluster

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]

BEFORE, DURING = 4, 12


class SearchStream(threading.Thread):
    """Searches the alias CKAN uses, as fast as it answers, until stopped:
    every answer as (started, finished, numFound or the error)."""

    def __init__(self, alias, fq):
        super().__init__(daemon=True)
        self.alias = alias
        self.fq = fq
        self.answers = []
        self.stop = threading.Event()

    def run(self):
        while not self.stop.is_set():
            started = time.time()
            try:
                r = requests.get(cluster.solr() + "/" + self.alias + "/select", timeout=30,
                                 params={"q": "*:*", "fq": self.fq, "rows": 0, "wt": "json"})
                r.raise_for_status()
                found = r.json()["response"]["numFound"]
            except (requests.RequestException, ValueError, KeyError) as e:
                found = e
            self.answers.append((started, time.time(), found))


def write(make_dataset, name, acked):
    """package_create through CKAN, retried while the cluster fails over; the
    time it was acknowledged (a retry that finds the name taken: the first try
    was stored)."""
    errors = []
    for _ in range(60):
        try:
            make_dataset(name=name, title="failover " + name)
        except toolkit.ValidationError as e:
            if "name" not in e.error_dict:
                raise
        except Exception as e:  # the index refused the write: it was rolled back, try again
            model.Session.rollback()
            errors.append(repr(e))
            time.sleep(0.5)
            continue
        acked.append((name, time.time()))
        return errors
    raise AssertionError("write %s never succeeded: %s" % (name, errors[-3:]))


def test_the_site_reaches_solr_through_the_balancer_not_one_node():
    base = cluster.solr()
    nodes = {"http://127.0.0.1:%d/solr" % (cluster.PORT + k - 1) for k in range(1, cluster.NODES + 1)}
    assert base not in nodes, base
    assert cluster.collections("CLUSTERSTATUS")["cluster"]["live_nodes"]


@pytest.mark.parametrize("which", ["node 1", "another leader"])
def test_a_node_killed_during_searches_and_writes_loses_nothing_and_catches_up(which, make_dataset, sysadmin):
    site_id = toolkit.config.get("ckan.site_id")
    fq = "+site_id:%s +dataset_type:dataset" % site_id
    alias = cluster.alias_of(toolkit.config.get("solr_url"))
    collection = cluster.alias_target(alias)
    assert collection, "the alias %s names a collection" % alias
    cluster.wait_until(lambda: cluster.all_active(collection, cluster.NODES), "every replica active")
    shards = {shard for shard, *_ in cluster.replicas(collection)}
    assert len(shards) == cluster.NODES
    assert len(cluster.replicas(collection)) == 2 * cluster.NODES
    leaders = {node for _, _, node, _, leader, _ in cluster.replicas(collection) if leader}
    if which == "node 1":
        victim = 1
    else:
        victim = next((k for k in range(2, cluster.NODES + 1) if cluster.node_key(k) in leaders), cluster.NODES)

    acked = []
    for i in range(BEFORE):
        write(make_dataset, "failover-before-%d" % i, acked)
    stream = SearchStream(alias, fq)
    stream.start()
    argv = cluster.kill_node(victim)
    killed_at = time.time()
    retried = []
    for i in range(DURING):
        retried += write(make_dataset, "failover-during-%d" % i, acked)
    cluster.wait_until(lambda: cluster.node_key(victim) not in cluster.cluster()["live_nodes"],
                       "node %d left live_nodes" % victim)
    failed_over = time.time()
    cluster.wait_until(lambda: sum(1 for s, _, _ in stream.answers if s >= failed_over) >= 5,
                       "five searches after the failover")
    stream.stop.set()
    stream.join(60)

    # no write lost: every acknowledged write is found, through CKAN
    result = helpers.call_action("package_search", context={"user": sysadmin["name"]}, q="*:*",
                                 include_private=True, rows=1000, fl="name")
    names = {d["name"] for d in result["results"]}
    assert result["count"] == len(acked) == BEFORE + DURING
    assert names == {name for name, _ in acked}
    # every search after the failover is complete: no error, and it finds at
    # least every write acknowledged before it started
    after = [(s, f, n) for s, f, n in stream.answers if s >= failed_over]
    assert after, "the stream searched after the failover"
    for started, _, found in after:
        assert not isinstance(found, Exception), found
        assert found >= sum(1 for _, t in acked if t <= started), (started, found)
    print("\nkilled node %d; %d searches during the failover (%d errors), %d after it; %d write retries"
          % (victim, sum(1 for s, _, _ in stream.answers if killed_at <= s < failed_over),
             sum(1 for s, _, n in stream.answers if killed_at <= s < failed_over and isinstance(n, Exception)),
             len(after), len(retried)))

    # the node rejoins and catches up: its own replicas hold every write
    cluster.start_node(victim, argv)
    cluster.wait_until(lambda: cluster.all_active(collection, cluster.NODES),
                       "node %d rejoined with every replica active" % victim)
    on_victim = [(core, base) for _, core, node, _, _, base in cluster.replicas(collection)
                 if node == cluster.node_key(victim)]
    assert on_victim, "the node holds replicas again"
    leaders = [(core, base) for _, core, _, _, leader, base in cluster.replicas(collection) if leader]
    by_shard = {}
    for shard, core, node, _, leader, base in cluster.replicas(collection):
        by_shard.setdefault(shard, []).append(cluster.core_count(base, core, fq))
    for shard, counts in by_shard.items():
        assert len(set(counts)) == 1, (shard, counts)   # every replica of a shard: the same documents
    assert sum(counts[0] for counts in by_shard.values()) == len(acked)
    assert sum(cluster.core_count(base, core, fq) for core, base in leaders) == len(acked)
