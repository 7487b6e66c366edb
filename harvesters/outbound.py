"""The one outbound guard: every server-side fetch goes through ``Guard.open``.

No CKAN imports, so the connectors (``govopen_harvesters``) and the CKAN
extension (content jobs, harvest jobs) use the same module.

What it promises:

- http and https only.
- The host is resolved once per hop and EVERY address it resolves to is
  checked before anything connects: loopback, private, link-local, CGNAT
  (100.64.0.0/10), multicast, reserved, unspecified and the cloud metadata
  addresses are refused, also when written as IPv4-mapped IPv6 or NAT64.
  A sysadmin reaches a department's own networks through ``allow``
  (CIDR networks, optionally with a port: ``10.20.0.0/16``,
  ``127.0.0.1:18080``, ``[fd00::1]:8443``). Metadata addresses stay refused
  even then.
- The connection goes to the address that was checked (no second DNS lookup,
  so no DNS-rebinding window); the Host header and the TLS SNI and
  certificate check keep the name.
- Redirects are followed here, one hop at a time, each hop checked the same
  way, at most ``max_redirects``.
- A size cap (``max_bytes``, on the bytes after content decoding) and a time
  cap (``timeout``: wall time of the whole fetch, all hops and the body; a
  timer cuts a server that drips bytes).
- A refused address, a failed name lookup and a connection that fails before
  any HTTP answer all give one and the same message, whatever the host or
  port: the answer is no port-scan oracle.
"""
from __future__ import annotations

import ipaddress
import socket
import threading
import time
from dataclasses import dataclass, field
from typing import Callable, Iterable, Optional, Tuple
from urllib.parse import urlencode, urljoin, urlsplit

import urllib3
from urllib3.connection import HTTPConnection, HTTPSConnection

USER_AGENT = "govopen/0.1 (+https://github.com/govopen)"
CHUNK = 64 * 1024
REDIRECTS = (301, 302, 303, 307, 308)

CGNAT = ipaddress.ip_network("100.64.0.0/10")
NAT64 = ipaddress.ip_network("64:ff9b::/96")
#: Cloud instance metadata: refused even when a sysadmin allow-lists their network.
METADATA = (ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254"),
            ipaddress.ip_address("169.254.170.2"))

#: Messages (zh, en). UNREACHABLE is the same text for every refused or
#: failed connection, whatever the address and port.
MESSAGES = {
    "unreachable": ("连接被拒绝：该地址不允许由服务器访问，或未接受连接",
                    "connection refused: the address is not allowed for server-side fetches "
                    "or did not accept the connection"),
    "scheme": ("只能访问 http 或 https 链接（收到“{scheme}”）",
               "only http and https links can be fetched (got '{scheme}')"),
    "bad_url": ("链接格式无效", "the link is not a valid URL"),
    "too_large": ("内容超过上限 {limit} 字节", "the content exceeds the limit of {limit} bytes"),
    "timeout": ("在 {seconds} 秒内未读完，已放弃", "not read within {seconds} seconds; gave up"),
    "redirects": ("重定向超过 {limit} 次", "more than {limit} redirects"),
    "bad_allow": ("出站允许列表中的“{entry}”无效（应为 CIDR 网段，可带端口，如 10.20.0.0/16 或 "
                  "127.0.0.1:18080）",
                  "'{entry}' in the outbound allow-list is not valid (a CIDR network with an "
                  "optional port, e.g. 10.20.0.0/16 or 127.0.0.1:18080)"),
}


class OutboundError(Exception):
    """A fetch the guard refused or that failed; ``code`` and ``message`` ({zh, en})."""

    def __init__(self, code: str, **params):
        zh, en = MESSAGES[code]
        self.code = code
        self.params = params
        self.message = {"zh": zh.format(**params), "en": en.format(**params)}
        super().__init__(self.message["en"])


def _unreachable():
    return OutboundError("unreachable")


# --- addresses -------------------------------------------------------------------------

def _embedded_v4(ip):
    """The IPv4 address inside an IPv4-mapped or NAT64 IPv6 address, else ``ip``."""
    if ip.version == 6:
        if ip.ipv4_mapped is not None:
            return ip.ipv4_mapped
        if ip in NAT64:
            return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip


def is_internal(address) -> bool:
    """True for any address a fetch may not reach unless allow-listed."""
    ip = _embedded_v4(ipaddress.ip_address(address))
    return (ip.is_loopback or ip.is_private or ip.is_link_local or ip.is_multicast
            or ip.is_reserved or ip.is_unspecified or not ip.is_global
            or (ip.version == 4 and ip in CGNAT) or ip in METADATA)


def parse_allow(entries) -> Tuple[Tuple[object, Optional[int]], ...]:
    """``((network, port or None), ...)`` of allow-list entries (a string is split on
    whitespace and commas); raises OutboundError ``bad_allow`` for a bad entry."""
    if isinstance(entries, str):
        entries = entries.replace(",", " ").split()
    out = []
    for raw in entries or ():
        entry, port = str(raw).strip(), None
        if not entry:
            continue
        try:
            if entry.startswith("["):
                host, _, rest = entry[1:].partition("]")
                if rest:
                    if not rest.startswith(":"):
                        raise ValueError(entry)
                    port = int(rest[1:])
                entry = host
            elif entry.count(":") == 1:
                entry, port_text = entry.split(":")
                port = int(port_text)
            if port is not None and not 0 < port < 65536:
                raise ValueError(port)
            out.append((ipaddress.ip_network(entry, strict=False), port))
        except ValueError:
            raise OutboundError("bad_allow", entry=str(raw)) from None
    return tuple(out)


def allowed(address, port: int, allow) -> bool:
    """May a fetch connect to ``address``:``port``?"""
    ip = _embedded_v4(ipaddress.ip_address(address))
    if ip in METADATA:
        return False
    if not is_internal(ip):
        return True
    return any(ip.version == net.version and ip in net and (p is None or p == port) for net, p in allow)


# --- responses -------------------------------------------------------------------------

class Response:
    """An open answer: ``status``, ``headers``, ``url`` (after redirects); read with
    ``iter_content`` or ``read``; close it (or use ``with``)."""

    def __init__(self, raw, url, guard, deadline, timer):
        self._raw = raw
        self.status = raw.status
        self.headers = raw.headers
        self.url = url
        self._guard = guard
        self._deadline = deadline
        self._timer = timer
        self.bytes_read = 0

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        self._timer.cancel()
        try:
            self._raw.release_conn()
            self._raw.close()
        except Exception:  # noqa: BLE001 - closing a cut connection
            pass

    def iter_content(self, chunk_size: int = CHUNK):
        limit = self._guard.max_bytes
        declared = self.headers.get("Content-Length")
        if limit and declared and declared.isdigit() and int(declared) > limit:
            raise OutboundError("too_large", limit=limit)
        try:
            for chunk in self._raw.stream(chunk_size, decode_content=True):
                self._check_time()
                self.bytes_read += len(chunk)
                if limit and self.bytes_read > limit:
                    raise OutboundError("too_large", limit=limit)
                yield chunk
        except OutboundError:
            raise
        except (socket.timeout, TimeoutError, urllib3.exceptions.ReadTimeoutError):
            self._check_time()
            raise OutboundError("timeout", seconds=self._guard.read_timeout or self._guard.timeout) from None
        except Exception:  # noqa: BLE001 - cut by the timer, reset, truncated
            self._check_time()
            raise OutboundError("unreachable") from None
        self._check_time()

    def read(self) -> bytes:
        return b"".join(self.iter_content())

    def _check_time(self):
        if time.monotonic() >= self._deadline:
            raise OutboundError("timeout", seconds=self._guard.timeout)


# --- the guard -------------------------------------------------------------------------

def _resolve(host, port):
    return [info[4][0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)]


@dataclass
class Guard:
    """How server-side fetches may go out. ``allow``: the sysadmin's allow-list
    (entries or already parsed); ``timeout``: total seconds; ``max_bytes``: 0 for none."""

    allow: Iterable = ()
    max_bytes: int = 256 * 1024 * 1024
    timeout: float = 600.0
    connect_timeout: float = 10.0
    #: seconds one socket read may wait (None: up to the total time left)
    read_timeout: Optional[float] = None
    max_redirects: int = 5
    user_agent: str = USER_AGENT
    resolver: Callable = field(default=_resolve, repr=False)
    #: CA bundle for https (None: certifi's, else the system's)
    ca_certs: Optional[str] = None

    def __post_init__(self):
        parsed = tuple(self.allow or ())
        if parsed and not (isinstance(parsed[0], tuple) and len(parsed[0]) == 2
                           and hasattr(parsed[0][0], "version")):
            parsed = parse_allow(parsed)
        self.allow = parsed

    def open(self, url: str, headers: Optional[dict] = None, params: Optional[dict] = None) -> Response:
        """GET ``url`` (with ``params``), following redirects; raises OutboundError."""
        if params:
            url = url + ("&" if "?" in url else "?") + urlencode(params)
        deadline = time.monotonic() + self.timeout
        for _hop in range(self.max_redirects + 1):
            resp = self._one(url, headers or {}, deadline)
            if resp.status in REDIRECTS and resp.headers.get("Location"):
                location = resp.headers["Location"]
                resp.close()
                url = urljoin(url, location)
                continue
            return resp
        raise OutboundError("redirects", limit=self.max_redirects)

    def _target(self, url):
        try:
            parts = urlsplit(url)
            scheme = parts.scheme.lower()
            host, port = parts.hostname, parts.port
        except ValueError:
            raise OutboundError("bad_url") from None
        if scheme not in ("http", "https"):
            raise OutboundError("scheme", scheme=scheme or "-")
        if not host:
            raise OutboundError("bad_url")
        port = port or (443 if scheme == "https" else 80)
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        return scheme, host, port, path, parts.netloc.rpartition("@")[2]

    def check(self, url: str):
        """``(scheme, host, port, path, netloc, address)``: the checked address to
        connect to; raises OutboundError when any resolved address is refused."""
        scheme, host, port, path, netloc = self._target(url)
        try:
            addresses = self.resolver(host, port)
        except (OSError, UnicodeError):
            raise _unreachable() from None
        if not addresses or not all(allowed(a, port, self.allow) for a in addresses):
            raise _unreachable()
        return scheme, host, port, path, netloc, addresses[0]

    def _one(self, url, headers, deadline):
        scheme, host, port, path, netloc, address = self.check(url)
        left = deadline - time.monotonic()
        if left <= 0:
            raise OutboundError("timeout", seconds=self.timeout)
        read = min(self.read_timeout, left) if self.read_timeout else left
        timeout = min(self.connect_timeout, left)
        if scheme == "https":
            conn = HTTPSConnection(address, port, timeout=timeout, server_hostname=host,
                                   assert_hostname=host, cert_reqs="CERT_REQUIRED",
                                   ca_certs=self.ca_certs or _ca_certs())
        else:
            conn = HTTPConnection(address, port, timeout=timeout)
        sent = {"Host": netloc, "User-Agent": self.user_agent, "Accept-Encoding": "gzip, deflate",
                "Connection": "close"}
        sent.update(headers)
        try:
            conn.connect()
        except Exception:  # noqa: BLE001 - refused, reset, timed out, TLS: one answer
            conn.close()
            raise _unreachable() from None
        timer = threading.Timer(max(0.0, deadline - time.monotonic()), _cut, [conn.sock])
        timer.daemon = True
        timer.start()
        conn.timeout = read           # getresponse sets it on the socket
        try:
            conn.request("GET", path, headers=sent, preload_content=False, decode_content=True)
            raw = conn.getresponse()
        except Exception as e:  # noqa: BLE001
            timer.cancel()
            conn.close()
            if time.monotonic() >= deadline:
                raise OutboundError("timeout", seconds=self.timeout) from None
            if isinstance(e, (socket.timeout, TimeoutError, urllib3.exceptions.ReadTimeoutError)):
                raise OutboundError("timeout", seconds=self.read_timeout or self.timeout) from None
            raise _unreachable() from None
        return Response(raw, url, self, deadline, timer)


def _cut(sock):
    """The time cap: shut the socket so a blocked read returns."""
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


def _ca_certs():
    try:
        import certifi
        return certifi.where()
    except ImportError:  # pragma: no cover - the system store then
        return None
