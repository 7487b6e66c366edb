"""The machine's floor for the suggestion bench: a WSGI app that answers every
request at once with a fixed, empty suggestion answer. Served the same way as
the site under test (``gunicorn --workers 2 --chdir bench/search floor_app:application``)
and measured in the same alternating rounds (``latency.py run --only-suggest
--floor URL``), it shows how much of a round trip is the machine, the server
and the client rather than the suggestion code."""

BODY = b'{"q":"","suggestions":[]}'


def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(BODY))),
                              ("Server-Timing", "app;dur=0.0")])
    return [BODY]
