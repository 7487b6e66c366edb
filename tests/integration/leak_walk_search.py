"""Send the walk's requests and search every answer for restricted tokens.

A response is searched as sent and decoded: JSON escapes (``\\u6237``, ``\\/``),
HTML entities, URL encoding (``%2F`` and ``+``), case-insensitively, in the
body and in every header (``Location``, ``Content-Disposition`` ...).

Echoes: a token the request itself carries (in its path, query or JSON body,
URL-decoded, case-insensitive) is not searched in that request's answer: a
"not found: <id>" or a search box repeating ``q`` tells the caller nothing it
did not send. Every restricted object has tokens a request for it does not
carry (asked for by id, its name, title and resource ids are still searched;
asked for by name, its id and title; searched by marker, its full file URL,
title, id and name), so an answer that does show the object is still caught.
"""
from __future__ import annotations

import html
import json
import re
import sys
from dataclasses import dataclass, field
from urllib.parse import unquote, unquote_plus, urlencode

_SURROGATES = re.compile(r"\\u(d[89ab][0-9a-f]{2})\\u(d[c-f][0-9a-f]{2})", re.I)
_UNICODE = re.compile(r"\\u([0-9a-f]{4})", re.I)
#: A page's CSRF token (meta tag, hidden input): 87 random characters, fresh on
#: every page, that once matched a 4-character marker by chance. Never data.
_CSRF = re.compile(r'name="_csrf_token" (?:content|value)="[^"]*"')


def _json_unescape(text):
    text = _SURROGATES.sub(lambda m: chr(0x10000 + ((int(m.group(1), 16) - 0xD800) << 10)
                                          + (int(m.group(2), 16) - 0xDC00)), text)
    text = _UNICODE.sub(lambda m: chr(int(m.group(1), 16)), text)
    return text.replace("\\/", "/").replace('\\"', '"')


def readable_forms(text: str) -> list:
    """The text as sent and as a reader would decode it (lower-case), without CSRF tokens."""
    low = _CSRF.sub("", text).lower()
    decoded = html.unescape(_json_unescape(low))
    return [low, decoded, unquote(decoded), unquote_plus(decoded), html.unescape(unquote(decoded))]


@dataclass(frozen=True)
class Request:
    surface: str            # "action:<name>" or "route:<rule>"
    path: str               # with query string
    body: object = None     # JSON body: a POST

    @property
    def label(self):
        if self.body is None:
            return "GET " + self.path
        return "POST %s %s" % (self.path, json.dumps(self.body, ensure_ascii=False, sort_keys=True))

    def carried(self) -> str:
        """What the request says, decoded, lower-case (for echoes)."""
        text = unquote_plus(self.path)
        if self.body is not None:
            text += " " + json.dumps(self.body, ensure_ascii=False)
        return text.lower()


def api_get(action, **params) -> Request:
    def text(v):
        return v if isinstance(v, str) else json.dumps(v)
    query = urlencode({k: text(v) for k, v in params.items()})
    return Request("action:" + action, "/api/3/action/%s%s" % (action, "?" + query if query else ""))


def api_post(action, **body) -> Request:
    return Request("action:" + action, "/api/3/action/" + action, body)


@dataclass
class Finding:
    caller: str
    surface: str
    request: str
    status: int
    token: str
    what: str

    def line(self):
        return "  [%s] %s  %s  -> %s  %r (%s)" % (self.caller, self.surface, self.request, self.status,
                                                   self.token, self.what)


@dataclass
class Walk:
    """What one walk did and found."""
    leaks: list = field(default_factory=list)
    errors: list = field(default_factory=list)       # 5xx answers
    requests: int = 0
    surfaces: set = field(default_factory=set)
    statuses: dict = field(default_factory=dict)     # (caller, request label) -> status
    timings: dict = field(default_factory=dict)      # caller -> seconds since the walk started

    def summary(self):
        actions = {s for s in self.surfaces if s.startswith("action:")}
        routes = {s for s in self.surfaces if s.startswith("route:")}
        return actions, routes


def search(text: str, tokens: dict, carried: str = "") -> list:
    """``[(token, what)]`` for every token in ``text`` (in any readable form)
    that the request (``carried``) did not itself contain."""
    forms = readable_forms(text)
    out = []
    for token, what in tokens.items():
        t = token.lower()
        if t in carried:
            continue
        if any(t in f for f in forms):
            out.append((token, what))
    return out


def send(app, request: Request, headers: dict):
    if request.body is None:
        return app.get(request.path, headers=headers, follow_redirects=False)
    return app.post(request.path, json=request.body, headers=headers, follow_redirects=False)


def _rollback():
    import ckan.model as model
    try:
        model.Session.rollback()
    except Exception:  # noqa: BLE001
        pass
    model.Session.remove()


def walk(app, caller: str, headers: dict, requests, tokens: dict, result: Walk = None) -> Walk:
    """Send every request as ``caller``; record each leaked token and each 5xx."""
    result = result or Walk()
    requests = list(requests)
    for n, req in enumerate(requests, 1):
        if n % 250 == 0:    # progress, seen with pytest -s
            print("leak walk: %s %d/%d" % (caller, n, len(requests)), file=sys.stderr, flush=True)
        result.requests += 1
        try:
            res = send(app, req, headers)
        except Exception as e:  # noqa: BLE001 - the test client re-raises what the app did not handle: a 500
            result.surfaces.add(req.surface)
            result.errors.append(Finding(caller, req.surface, req.label, 500, "-", "unhandled %s: %s"
                                         % (type(e).__name__, " ".join(str(e).split())[:160])))
            _rollback()
            continue
        result.surfaces.add(req.surface)
        result.statuses[(caller, req.label)] = res.status_code
        body = res.get_data().decode("utf-8", "replace")
        if res.status_code >= 500:
            result.errors.append(Finding(caller, req.surface, req.label, res.status_code, "-",
                                         " ".join(body.split())[:200]))
        text = body + "\n" + "\n".join("%s: %s" % (k, v) for k, v in res.headers.items())
        for token, what in search(text, tokens, req.carried()):
            result.leaks.append(Finding(caller, req.surface, req.label, res.status_code, token, what))
    return result
