"""The one local HTTP server of the tests (a department's file server, a
harvest source, a portal): 127.0.0.1, an ephemeral port.

``LocalServer`` answers from a route table keyed by path (the query string is
passed to the handler): ``path -> handler(query) -> (status, headers, body
bytes)``, where ``headers`` is a content type or a dict of headers. A handler
may sleep (timeouts), answer 500 (faults) or redirect. Real files are served by
path from ../shared/realdata, never copied. ``hits`` lists every requested path
(with its query), in order.
"""
import gzip
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse


class LocalServer:
    def __init__(self, port=0):
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
                headers = ctype if isinstance(ctype, dict) else {"Content-Type": ctype}
                try:
                    self.send_response(status)
                    for key, value in headers.items():
                        self.send_header(key, value)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
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

    def redirect(self, path, location, status=302):
        return self.add(path, lambda query: (status, {"Location": location}, b""))

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
