"""PostgreSQL's share of a govopen load, by what ``_full_text`` holds: the CPU of
ONE backend (``/proc/<pid>/stat`` of ``pg_backend_pid()``, so other load on the
server is not counted) COPYing the same rows prepared once as files, with
``_full_text`` as the loader sends it and variants; and the loader's Python to
make each. The table (a plain one, written to the WAL as a load's) is never committed.

    python pg_side.py FILE INI        (FILE: make_table.py's CSV; INI: govopen's)
"""
from __future__ import annotations

import csv
import json
import os
import re
import sys
import time

import psycopg2
from ckan.cli import load_config

from ckanext.govopen.datastore.fulltext import column_tag, row_lexemes
from ckanext.govopen.datastore.stream import CopyStream, column_list

TICK = os.sysconf("SC_CLK_TCK")
TAG = re.compile(r"k[0-9a-f]{8}x")
VARIANTS = {
    "none (typed columns only)": lambda lex: "",
    "untagged tokens only": lambda lex: " ".join(t for t in lex.split(" ") if not TAG.match(t)),
    "as the loader sends it": lambda lex: lex,
    "deduplicated in Python": lambda lex: " ".join(dict.fromkeys(lex.split(" "))),
    "deduplicated and sorted in Python": lambda lex: " ".join(sorted(set(lex.split(" ")))),
}


def backend_cpu(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def main(path: str, ini: str) -> None:
    with open(path + ".schema.json", encoding="utf-8") as f:
        schema = json.load(f)
    url = load_config(ini)["ckan.datastore.write_url"]
    cols = CopyStream(path, "utf-8", "csv", schema, 1, 0).columns
    names = column_list(cols)
    ddl = ", ".join(["_id serial PRIMARY KEY", "_full_text tsvector"] + ['"%s" %s' % (c.name, c.type) for c in cols])
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        tags = [column_tag(n) for n in next(reader)]
        rows = list(reader)
    for label, shape in VARIANTS.items():
        out = path + ".pgside.copy"
        t = time.process_time()
        with open(out, "w", encoding="utf-8") as f:
            writer = csv.writer(f, lineterminator="\n")
            for row in rows:
                lex = row_lexemes(row, tags)
                f.write((shape(lex) if lex else "") + ",")
                writer.writerow(row)
        python = time.process_time() - t
        conn = psycopg2.connect(url)
        try:
            cur = conn.cursor()
            cur.execute("SELECT pg_backend_pid()")
            pid = cur.fetchone()[0]
            cur.execute(f"CREATE TABLE pg_side_{pid} ({ddl})")     # not TEMP: WAL as a load
            c0 = backend_cpu(pid)
            with open(out, encoding="utf-8") as f:
                cur.copy_expert(f'COPY pg_side_{pid} ("_full_text", {names}) FROM STDIN '
                                f'WITH (FORMAT csv, FORCE_NULL ("_full_text", {names}))', f, size=65536)
            pg = backend_cpu(pid) - c0
        finally:
            conn.rollback()
            conn.close()
            os.unlink(out)
        print(json.dumps({"full_text": label, "backend_cpu": round(pg, 2), "python_cpu": round(python, 2),
                          "rows": len(rows)}, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
