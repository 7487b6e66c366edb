"""The local SolrCloud of `make test-cloud` as the tests see it: its nodes'
PID files, the cluster state from the Collections API, a node killed by its
PID and started again with the very command line it had (so that `make down`
still stops it: its PID file names the new process)."""
import os
import signal
import subprocess
import time

import requests

from ckan.plugins import toolkit

from tests.conftest import REPO

STATE = os.environ.get("GOVOPEN_STATE") or os.path.join(REPO, ".govopen")
RUN = os.path.join(STATE, "run")
LOGS = os.path.join(STATE, "logs")
PORT = int(os.environ.get("GOVOPEN_SOLR_PORT", "8983"))
NODES = int(os.environ.get("GOVOPEN_SOLR_NODES", "1") or 1)
#: how long a node may take to start, or the cluster to settle (a failure after that)
DEADLINE = 180


def solr():
    """Where the site reaches Solr: the base of its ``solr_url`` (the load
    balancer in front of every node, so it answers while any node is down)."""
    return toolkit.config.get("solr_url").rstrip("/").rpartition("/")[0]


def node_name(k):
    return "solr" if k == 1 else "solr-%d" % k


def node_key(k):
    return "127.0.0.1:%d_solr" % (PORT + k - 1)


def pid_of(k):
    with open(os.path.join(RUN, node_name(k) + ".pid")) as f:
        return int(f.read().strip())


def collections(action, **params):
    params.update(action=action, wt="json")
    r = requests.get(solr() + "/admin/collections", params=params, timeout=60)
    r.raise_for_status()
    return r.json()


def alias_of(solr_url):
    """The alias a site's ``solr_url`` names (its last part)."""
    return solr_url.rstrip("/").rpartition("/")[2]


def alias_target(alias):
    return collections("LISTALIASES").get("aliases", {}).get(alias)


def cluster():
    return collections("CLUSTERSTATUS")["cluster"]


def replicas(collection):
    """[(shard, core, node_name, state, is_leader, base_url)] of ``collection``."""
    out = []
    for shard, info in cluster()["collections"][collection]["shards"].items():
        for replica in info["replicas"].values():
            out.append((shard, replica["core"], replica["node_name"], replica["state"],
                        replica.get("leader") == "true", replica["base_url"]))
    return out


def core_count(base_url, core, fq):
    """Documents one core holds (no distribution: exactly that replica)."""
    r = requests.get("%s/%s/select" % (base_url, core), timeout=60,
                     params={"q": "*:*", "fq": fq, "rows": 0, "distrib": "false", "wt": "json"})
    r.raise_for_status()
    return r.json()["response"]["numFound"]


def kill_node(k):
    """SIGKILL node ``k``'s process group (no clean shutdown); the command line it ran."""
    pid = pid_of(k)
    with open("/proc/%d/cmdline" % pid, "rb") as f:
        argv = [a.decode() for a in f.read().split(b"\0") if a]
    os.killpg(pid, signal.SIGKILL)
    for _ in range(400):
        if not os.path.exists("/proc/%d" % pid):
            break
        time.sleep(0.05)
    return argv


def start_node(k, argv):
    """Start node ``k`` again with ``argv``, detached, its PID in its PID file."""
    with open(os.path.join(LOGS, node_name(k) + ".log"), "ab") as log:
        proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True, cwd=REPO)
    with open(os.path.join(RUN, node_name(k) + ".pid"), "w") as f:
        f.write(str(proc.pid))
    return proc


def wait_until(predicate, what):
    end = time.time() + DEADLINE
    while time.time() < end:
        try:
            if predicate():
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise AssertionError("not within %ds: %s" % (DEADLINE, what))


def all_active(collection, nodes):
    live = set(cluster()["live_nodes"])
    return (all(node_key(k) in live for k in range(1, nodes + 1))
            and all(state == "active" for _, _, _, state, _, _ in replicas(collection)))
