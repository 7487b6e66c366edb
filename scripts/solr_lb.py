"""The Solr load balancer of the local SolrCloud (issue 18; started and stopped
by scripts/solrcloud.sh, its PID in $GOVOPEN_STATE/run/solr-lb.pid).

CKAN's ``solr_url`` names this process, never one Solr node: every request is
passed to the next node in turn; a node that refuses the connection, drops it
or answers 503 while another may answer is skipped and the same request is
sent to the next node, so losing any node (node 1 too) costs no request that
another node can serve. Solr's requests are safe to repeat: searches read,
and CKAN's index writes replace a document by its id or delete by id/query.
A node that failed is left out for a few seconds, then tried again (it may
have been started again and rejoined). Standard library only.

    python3 scripts/solr_lb.py --listen 127.0.0.1:8991 http://127.0.0.1:8983 http://127.0.0.1:8984
"""
import argparse
import http.client
import itertools
import socketserver
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import urlsplit

#: how long a node that failed is left out before it is tried again
RETRY_AFTER = 2.0
#: per request to a node: connect, then the answer (a long rebuild's commit may take a while)
CONNECT_TIMEOUT, ANSWER_TIMEOUT = 2.0, 600.0
HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization",
              "te", "trailers", "transfer-encoding", "upgrade", "content-length"}


class Nodes:
    """The nodes in turn, leaving out for RETRY_AFTER seconds those that failed."""

    def __init__(self, urls):
        self.nodes = [urlsplit(u) for u in urls]
        self.failed_at = [0.0] * len(self.nodes)
        self.turn = itertools.count()
        self.lock = threading.Lock()

    def order(self):
        """Every node once, starting with the next in turn; those that failed lately last."""
        start = next(self.turn) % len(self.nodes)
        ring = list(range(start, len(self.nodes))) + list(range(start))
        now = time.monotonic()
        return sorted(ring, key=lambda i: now - self.failed_at[i] < RETRY_AFTER)

    def failed(self, i):
        with self.lock:
            self.failed_at[i] = time.monotonic()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "govopen-solr-lb"

    def log_message(self, fmt, *args):  # one line per failed attempt only (see _forward)
        pass

    def _connection(self, i):
        pool = self.server.local.__dict__.setdefault("pool", {})
        conn = pool.get(i)
        if conn is None:
            node = self.server.nodes.nodes[i]
            conn = http.client.HTTPConnection(node.hostname, node.port, timeout=CONNECT_TIMEOUT)
            pool[i] = conn
        return conn

    def _drop(self, i):
        conn = self.server.local.__dict__.get("pool", {}).pop(i, None)
        if conn is not None:
            conn.close()

    def _forward(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP | {"host"}}
        order = self.server.nodes.order()
        last_error = None
        for n, i in enumerate(order):
            for attempt in (1, 2):   # a kept-alive connection the node closed: once more, anew
                conn = self._connection(i)
                try:
                    if conn.sock is None:
                        conn.connect()
                    conn.sock.settimeout(ANSWER_TIMEOUT)
                    conn.request(self.command, self.path, body=body, headers=headers)
                    resp = conn.getresponse()
                    data = resp.read()
                except (OSError, http.client.HTTPException) as e:
                    self._drop(i)
                    last_error = e
                    if attempt == 1 and not isinstance(e, ConnectionRefusedError):
                        continue
                    self.server.nodes.failed(i)
                    sys.stderr.write("solr-lb: %s %s on %s failed (%r), next node\n"
                                     % (self.command, self.path[:120], self.server.nodes.nodes[i].netloc, e))
                    break
                if resp.status == 503 and n + 1 < len(order):
                    # no replica reachable from that node (yet): another may answer
                    self.server.nodes.failed(i)
                    last_error = "503 from %s" % self.server.nodes.nodes[i].netloc
                    break
                self.send_response(resp.status, resp.reason)
                for k, v in resp.getheaders():
                    if k.lower() not in HOP_BY_HOP:
                        self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)
                return
        msg = ("no Solr node answered: %s" % (last_error,)).encode()
        self.send_response(503)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(msg)))
        self.end_headers()
        self.wfile.write(msg)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _forward


class Server(socketserver.ThreadingMixIn, HTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, urls):
        super().__init__(address, Handler)
        self.nodes = Nodes(urls)
        self.local = threading.local()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--listen", required=True, help="host:port")
    parser.add_argument("nodes", nargs="+", help="each node's base URL (http://host:port)")
    args = parser.parse_args(argv)
    host, _, port = args.listen.rpartition(":")
    server = Server((host, int(port)), args.nodes)
    sys.stderr.write("solr-lb on %s -> %s\n" % (args.listen, " ".join(args.nodes)))
    sys.stderr.flush()
    server.serve_forever()


if __name__ == "__main__":
    main()
