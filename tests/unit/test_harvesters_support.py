"""A local HTTP server for the harvester tests, and checks of the server itself.

``LocalServer`` binds 127.0.0.1 on an ephemeral port and answers from a route
table: ``path -> handler(query) -> (status, content type, body bytes)``. A
handler may sleep (timeouts) or answer 500 (faults). Real files are served by
path from ../shared/realdata, never copied.
"""
import gzip
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import requests


class LocalServer:
    def __init__(self):
        self.routes = {}
        self.hits = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                url = urlparse(self.path)
                server.hits.append(self.path)
                route = server.routes.get(url.path)
                if route is None:
                    status, ctype, body = 404, "text/plain", b"not found"
                else:
                    status, ctype, body = route({k: v[-1] for k, v in parse_qs(url.query).items()})
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", ctype)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.block_on_close = False
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self):
        return "http://127.0.0.1:%d" % self.httpd.server_address[1]

    def url(self, path):
        return self.base + path

    def add(self, path, handler):
        self.routes[path] = handler
        return self.url(path)

    def add_file(self, path, filename, ctype="application/octet-stream", transform=None):
        def handler(query):
            opener = gzip.open if filename.endswith(".gz") else open
            with opener(filename, "rb") as f:
                body = f.read()
            return 200, ctype, transform(body) if transform else body
        return self.add(path, handler)

    def add_bytes(self, path, body, ctype="application/octet-stream", status=200):
        return self.add(path, lambda query: (status, ctype, body))

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def slow(seconds, body=b"{}", ctype="application/json"):
    def handler(query):
        time.sleep(seconds)
        return 200, ctype, body
    return handler


def closed_port():
    """A local port nothing listens on (bound, then released)."""
    import socket
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


# --- the server itself ---------------------------------------------------------------

def test_local_server_serves_routes_and_404():
    with LocalServer() as srv:
        url = srv.add_bytes("/a", b"hello", "text/plain")
        assert requests.get(url, timeout=5).content == b"hello"
        assert requests.get(srv.url("/missing"), timeout=5).status_code == 404
        assert srv.hits == ["/a", "/missing"]
