#!/usr/bin/env python3
"""CPU and wall time per suggestion request in-process (600 hits, 120 misses), for the code on
sys.path: `$CKAN_VENV/bin/python bench/search/suggest_cpu.py INI`; with `PYTHONPATH=<other
revision>/ckanext-govopen` for another revision's code (compare in alternating runs). Bumps the
answer cache's generation before each miss."""
import io, json, sys, time, urllib.parse
from ckan.cli import load_config
from ckan.config.middleware import make_app
app = make_app(load_config(sys.argv[1]))
from ckanext.govopen.search_ui import suggest_cache, suggest
print("code:", suggest.__file__, file=sys.stderr)
def call(q):
    env = {"REQUEST_METHOD": "GET", "PATH_INFO": "/api/govopen/suggest", "QUERY_STRING": "q=" + urllib.parse.quote(q),
           "SERVER_NAME": "x", "SERVER_PORT": "80", "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(b""), "HTTP_HOST": "x"}
    return b"".join(app(env, lambda s, h: None))
words = ["公交", "医院", "学校", "统计", "企业", "道路", "桂林", "环境", "旅游", "公园", "交通", "药品"]
for w in words: call(w)
out = {}
for label, n, miss in (("hit", 600, False), ("miss", 120, True)):
    c0, t0 = time.process_time(), time.perf_counter()
    for i in range(n):
        if miss: suggest_cache.bump()
        call(words[i % len(words)])
    out[label] = {"cpu_ms": round((time.process_time() - c0) / n * 1000, 2), "wall_ms": round((time.perf_counter() - t0) / n * 1000, 2)}
print(json.dumps(out))
