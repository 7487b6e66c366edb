"""Checks of the tests' local HTTP server (tests/local_server.py) itself."""
import requests

from tests.local_server import LocalServer


def test_local_server_serves_routes_and_404():
    with LocalServer() as srv:
        url = srv.add_bytes("/a", b"hello", "text/plain")
        assert requests.get(url, timeout=5).content == b"hello"
        assert requests.get(srv.url("/missing"), timeout=5).status_code == 404
        assert srv.hits == ["/a", "/missing"]


def test_local_server_sends_headers_and_redirects():
    with LocalServer() as srv:
        srv.add("/h", lambda query: (200, {"Content-Type": "text/csv", "X-Q": query.get("q", "")}, b"a,b\n"))
        target = srv.add_bytes("/to", b"there", "text/plain")
        srv.redirect("/from", target)
        got = requests.get(srv.url("/h?q=1"), timeout=5)
        assert (got.headers["Content-Type"], got.headers["X-Q"], got.content) == ("text/csv", "1", b"a,b\n")
        hop = requests.get(srv.url("/from"), timeout=5, allow_redirects=False)
        assert (hop.status_code, hop.headers["Location"]) == (302, target)
        assert srv.hits == ["/h?q=1", "/from"]
