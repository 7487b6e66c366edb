"""The outbound guard (``govopen_harvesters.outbound``) against local servers only:
address classes, the allow-list, pinning to the checked address, redirects,
size and time caps, and one message for every refused or failed connection."""
import http.server
import threading
import time

import pytest

from govopen_harvesters import fetch, outbound
from govopen_harvesters.outbound import Guard, OutboundError

from tests.local_server import closed_port


class _Handler(http.server.BaseHTTPRequestHandler):
    routes = {}
    seen = []

    def do_GET(self):  # noqa: N802
        self.seen.append((self.path, self.headers.get("Host")))
        route = self.routes.get(self.path.split("?")[0])
        if route is None:
            self.send_error(404)
            return
        route(self)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    _Handler.routes, _Handler.seen = {}, []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    httpd.base = "http://127.0.0.1:%d" % httpd.server_port
    httpd.allow = ["127.0.0.1:%d" % httpd.server_port]
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def body(data, length=True):
    def handle(h):
        h.send_response(200)
        if length:
            h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        h.wfile.write(data)
    return handle


def redirect(location):
    def handle(h):
        h.send_response(302)
        h.send_header("Location", location)
        h.send_header("Content-Length", "0")
        h.end_headers()
    return handle


def refused(guard, url):
    with pytest.raises(OutboundError) as e:
        with guard.open(url) as resp:
            resp.read()
    return e.value


# --- addresses -------------------------------------------------------------------------

@pytest.mark.parametrize("address", [
    "127.0.0.1", "127.8.9.10", "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.1.1",
    "169.254.169.254", "100.64.0.1", "100.127.255.254", "0.0.0.0", "224.0.0.1", "239.1.2.3",
    "240.0.0.1", "255.255.255.255", "192.0.2.10", "::1", "::", "fe80::1", "fc00::1", "fd00:ec2::254",
    "ff02::1", "::ffff:127.0.0.1", "::ffff:10.1.2.3", "::ffff:169.254.169.254", "64:ff9b::7f00:1",
])
def test_internal_addresses(address):
    assert outbound.is_internal(address)
    assert not outbound.allowed(address, 80, ())


@pytest.mark.parametrize("address", ["8.8.8.8", "93.184.216.34", "2001:4860:4860::8888", "::ffff:8.8.8.8"])
def test_public_addresses(address):
    assert not outbound.is_internal(address)
    assert outbound.allowed(address, 443, ())


def test_allow_list_entries_networks_and_ports():
    allow = outbound.parse_allow("10.20.0.0/16 127.0.0.1:18080, [fd00::1]:8443")
    assert outbound.allowed("10.20.3.4", 5432, allow) and not outbound.allowed("10.21.0.1", 80, allow)
    assert outbound.allowed("127.0.0.1", 18080, allow) and not outbound.allowed("127.0.0.1", 8983, allow)
    assert outbound.allowed("::ffff:127.0.0.1", 18080, allow)           # mapped: the same address
    assert outbound.allowed("fd00::1", 8443, allow) and not outbound.allowed("fd00::1", 22, allow)
    # cloud metadata stays refused even inside an allow-listed network
    assert not outbound.allowed("169.254.169.254", 80, outbound.parse_allow("169.254.0.0/16"))
    for bad in ("10.20.0.0/33", "127.0.0.1:0", "127.0.0.1:99999", "files.example", "[::1]x"):
        with pytest.raises(OutboundError) as e:
            outbound.parse_allow([bad])
        assert e.value.code == "bad_allow" and bad in e.value.message["en"] and bad in e.value.message["zh"]


# --- what is fetched -------------------------------------------------------------------

def test_only_http_and_https():
    for url in ("file:///etc/passwd", "ftp://127.0.0.1/x", "gopher://127.0.0.1:70/", "/etc/passwd"):
        e = refused(Guard(allow=["0.0.0.0/0", "::/0"]), url)
        assert e.code in ("scheme", "bad_url")


def test_internal_addresses_are_refused_before_any_connection(server):
    _Handler.routes["/x"] = body(b"secret")
    e = refused(Guard(), server.base + "/x")
    assert e.code == "unreachable" and _Handler.seen == []


def test_open_port_closed_port_and_refusal_give_the_same_message(server):
    _Handler.routes["/x"] = body(b"secret")
    open_url, closed_url = server.base + "/x", "http://127.0.0.1:%d/x" % closed_port()
    messages = {
        "open, not allowed": refused(Guard(), open_url).message,
        "closed, not allowed": refused(Guard(), closed_url).message,
        "closed, allowed": refused(Guard(allow=["127.0.0.0/8"]), closed_url).message,
        "name that does not resolve": refused(Guard(), "http://no-such-host.invalid/x").message,
    }
    assert len({(m["zh"], m["en"]) for m in messages.values()}) == 1, messages
    assert _Handler.seen == []


def test_every_resolved_address_is_checked(server):
    _Handler.routes["/x"] = body(b"ok")
    guard = Guard(allow=server.allow, resolver=lambda host, port: ["93.184.216.34", "10.0.0.7"])
    assert refused(guard, "http://files.dept.example:%d/x" % server.server_port).code == "unreachable"


def test_the_checked_address_is_the_one_connected_and_the_name_is_kept(server):
    """No second lookup (no DNS rebinding): the name resolves once, the connection goes
    to that address, and the Host header still names the host."""
    _Handler.routes["/x"] = body(b"department data")
    answers = iter([["127.0.0.1"], ["10.0.0.9"]])          # a second lookup would be refused
    guard = Guard(allow=server.allow, resolver=lambda host, port: next(answers))
    with guard.open("http://files.dept.example:%d/x" % server.server_port) as resp:
        assert resp.status == 200 and resp.read() == b"department data"
    assert _Handler.seen == [("/x", "files.dept.example:%d" % server.server_port)]


def test_allow_listed_server_is_reached(server):
    _Handler.routes["/x"] = body(b"a,b\n1,2\n")
    with Guard(allow=server.allow).open(server.base + "/x", params={"q": "1"}) as resp:
        assert resp.status == 200 and resp.read() == b"a,b\n1,2\n"
    assert _Handler.seen[0][0] == "/x?q=1"


def test_redirect_to_an_address_that_is_not_allowed_is_refused(server):
    _Handler.routes["/x"] = body(b"ok")
    _Handler.routes["/to-solr"] = redirect("http://127.0.0.1:%d/solr/ckan/select?q=*:*&wt=csv" % closed_port())
    _Handler.routes["/to-metadata"] = redirect("http://169.254.169.254/latest/meta-data/")
    _Handler.routes["/to-v6"] = redirect("http://[::1]:%d/x" % server.server_port)
    guard = Guard(allow=server.allow)
    for path in ("/to-solr", "/to-metadata", "/to-v6"):
        assert refused(guard, server.base + path).code == "unreachable"
    _Handler.routes["/here"] = redirect("/x")
    with guard.open(server.base + "/here") as resp:
        assert resp.read() == b"ok" and resp.url == server.base + "/x"


def test_redirects_are_capped(server):
    _Handler.routes["/loop"] = redirect("/loop")
    e = refused(Guard(allow=server.allow, max_redirects=3), server.base + "/loop")
    assert e.code == "redirects" and "3" in e.message["en"] and "3" in e.message["zh"]
    assert len(_Handler.seen) == 4


def test_size_cap_declared_and_streamed(server):
    _Handler.routes["/big"] = body(b"x" * 5000)
    _Handler.routes["/big-stream"] = body(b"x" * 5000, length=False)
    for path in ("/big", "/big-stream"):
        e = refused(Guard(allow=server.allow, max_bytes=1000), server.base + path)
        assert e.code == "too_large" and "1000" in e.message["en"]


def test_time_cap_is_for_the_whole_fetch_not_each_read(server):
    done = []

    def drip(h):
        h.send_response(200)
        h.send_header("Content-Length", "60")
        h.end_headers()
        try:
            for _ in range(60):          # one byte every 0.1 s: no single read waits long
                h.wfile.write(b"x")
                h.wfile.flush()
                time.sleep(0.1)
            done.append(True)
        except OSError:
            pass

    _Handler.routes["/drip"] = drip
    e = refused(Guard(allow=server.allow, timeout=1, read_timeout=5), server.base + "/drip")
    assert e.code == "timeout" and not done


def test_harvest_fetch_answers_one_message_for_refused_and_closed(server):
    _Handler.routes["/data.json"] = body(b"[]")
    faults = []
    for url, allow in ((server.base + "/data.json", []),
                       ("http://127.0.0.1:%d/data.json" % closed_port(), ["127.0.0.0/8"])):
        with pytest.raises(fetch.SourceFault) as e:
            fetch.get(url, {"timeout": 5, "allow": allow})
        faults.append(e.value.error)
    assert {f.code for f in faults} == {"source_unreachable"}
    assert faults[0].params == faults[1].params
    with pytest.raises(fetch.SourceFault) as e:
        fetch.get(server.base + "/data.json", {"allow": ["no-network"]})
    assert "no-network" in e.value.error.message["en"]


def _tls_server(tmp_path, name):
    """An https server on 127.0.0.1 with a certificate for ``name`` (self-signed: its own CA)."""
    import ssl
    import subprocess
    key, cert = str(tmp_path / "key.pem"), str(tmp_path / "cert.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                    "-days", "1", "-subj", "/CN=%s" % name, "-addext", "subjectAltName=DNS:%s" % name],
                   check=True, capture_output=True)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, cert


def test_https_goes_to_the_checked_address_with_the_name_for_sni_and_the_certificate(tmp_path):
    _Handler.routes, _Handler.seen = {"/x": body(b"tls ok")}, []
    httpd, cert = _tls_server(tmp_path, "files.dept.example")
    port = httpd.server_port
    try:
        guard = Guard(allow=["127.0.0.1:%d" % port], ca_certs=cert, resolver=lambda host, p: ["127.0.0.1"])
        with guard.open("https://files.dept.example:%d/x" % port) as resp:
            assert resp.read() == b"tls ok"
        assert _Handler.seen == [("/x", "files.dept.example:%d" % port)]
        # a certificate for another name, or one no trusted CA signed, is refused
        assert refused(guard, "https://other.dept.example:%d/x" % port).code == "unreachable"
        untrusted = Guard(allow=["127.0.0.1:%d" % port], resolver=lambda host, p: ["127.0.0.1"])
        assert refused(untrusted, "https://files.dept.example:%d/x" % port).code == "unreachable"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.mark.parametrize("context", ["CTX", ["CTX"], {"@import": "CTX"}])
def test_a_jsonld_catalog_cannot_make_rdflib_fetch_its_context(server, context):
    """rdflib fetches a remote ``@context`` itself, past the guard: the DCAT
    connector refuses a document with one it has no local copy of."""
    import json

    from govopen_harvesters import config, pipeline

    ctx_url = server.base + "/internal-context"
    _Handler.routes["/internal-context"] = body(b'{"@context": {"title": "http://purl.org/dc/terms/title"}}')
    bound = json.loads(json.dumps(context).replace("CTX", ctx_url))
    doc = {"@context": bound, "@id": "http://example.org/catalog", "title": "c"}
    _Handler.routes["/catalog.jsonld"] = body(json.dumps(doc).encode())
    cfg = config.load({"name": "ld", "type": "dcat_rdf", "url": server.base + "/catalog.jsonld",
                       "department": "d", "format": "json-ld", "http": {"timeout": 5, "retries": 0}})
    items = list(pipeline.harvest(cfg, allow=server.allow))
    assert [(e.code, e.fatal) for e in items] == [("source_malformed", True)]
    assert "@context" in items[0].message["en"] and "@context" in items[0].message["zh"]
    assert [path for path, _ in _Handler.seen] == ["/catalog.jsonld"]
