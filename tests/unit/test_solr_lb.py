"""scripts/solr_lb.py, the balancer in front of the SolrCloud nodes (issue 18):
each request goes to the nodes in turn; a node that is gone (connection
refused) or answers 503 is skipped and the same request, body and all, goes to
the next one; with every node gone the client gets a 503 that says so.
Stub nodes on free 127.0.0.1 ports stand in for Solr here; tests/cloud kills real ones."""
import importlib.util
import json
import os
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.conftest import REPO

_spec = importlib.util.spec_from_file_location("solr_lb", os.path.join(REPO, "scripts", "solr_lb.py"))
solr_lb = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(solr_lb)


class Stub(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        self.server.seen.append((self.command, self.path, body))
        status = self.server.status
        data = json.dumps({"node": self.server.name, "path": self.path, "body": body}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = _answer


def _serve(server):
    t = threading.Thread(target=server.serve_forever, daemon=True)
    t.start()
    return server


@pytest.fixture
def cluster():
    nodes = []
    for name in ("n1", "n2"):
        s = ThreadingHTTPServer(("127.0.0.1", 0), Stub)
        s.name, s.status, s.seen = name, 200, []
        nodes.append(_serve(s))
    lb = _serve(solr_lb.Server(("127.0.0.1", 0),
                               ["http://127.0.0.1:%d" % s.server_address[1] for s in nodes]))
    yield "http://127.0.0.1:%d" % lb.server_address[1], nodes
    lb.shutdown()
    lb.server_close()
    for s in nodes:
        if s.socket.fileno() != -1:
            s.shutdown()
            s.server_close()


def _get(url, data=None):
    req = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"} if data else {})
    with urllib.request.urlopen(req, timeout=30) as r:
        return r.status, json.loads(r.read())


def _kill(node):
    node.shutdown()
    node.server_close()   # the port now refuses connections, as a killed Solr's does


def test_requests_go_to_every_node_in_turn(cluster):
    url, nodes = cluster
    answered = {_get(url + "/solr/ckan/select?q=*:*")[1]["node"] for _ in range(4)}
    assert answered == {"n1", "n2"}
    assert all(path == "/solr/ckan/select?q=*:*" for n in nodes for _, path, _ in n.seen)


@pytest.mark.parametrize("gone", [0, 1])
def test_a_node_gone_costs_no_request_and_writes_reach_the_other(cluster, gone):
    url, nodes = cluster
    _kill(nodes[gone])
    alive = nodes[1 - gone]
    for i in range(6):
        status, answer = _get(url + "/solr/ckan/select?q=%d" % i)
        assert status == 200 and answer["node"] == alive.name
    doc = json.dumps([{"id": "x1", "name": "a"}])
    status, answer = _get(url + "/solr/ckan/update?commit=true", data=doc.encode())
    assert status == 200 and answer["node"] == alive.name and answer["body"] == doc
    assert ("POST", "/solr/ckan/update?commit=true", doc) in alive.seen


def test_a_node_answering_503_is_skipped(cluster):
    url, nodes = cluster
    nodes[0].status = 503
    for _ in range(4):
        assert _get(url + "/solr/ckan/select?q=*:*")[1]["node"] == "n2"


def test_every_node_gone_is_a_clear_503(cluster):
    url, nodes = cluster
    for n in nodes:
        _kill(n)
    with pytest.raises(urllib.error.HTTPError) as e:
        _get(url + "/solr/ckan/select?q=*:*")
    assert e.value.code == 503
    assert b"no Solr node answered" in e.value.read()
