"""Fill YOUR stack with D departments and N datasets in minutes (issue 17's dashboard bench).

    source $GOVOPEN_STATE/env
    $CKAN_VENV/bin/python bench/dashboard/fill_bulk.py --departments 100 -n 100000
    $CKAN_VENV/bin/python bench/dashboard/fill_bulk.py --clean        # remove them again

The Action API writes 5-9 datasets a second here (the verdict, the content jobs,
the index): far too slow for 100,000. So:

1. the departments (``bench-dept-NNN``) and a few extra template datasets
   (conditional, not open, private and meant to be opened, daily and long
   overdue: so every figure has something to count) are made through the
   Action API, so every stored field, verdict and index field is CKAN's own;
2. every active dataset not made here is a template (the demo's and those);
   each copy (``bench-dash-NNNNNN``) is a template's rows with new ids, name,
   title and department: ``package`` (extras are its jsonb column),
   ``resource``, ``member``, ``package_tag``, and govopen's per-dataset rows
   the dashboard reads (``govopen_verdict``, ``govopen_validation_report``,
   ``govopen_scan_result``, ``govopen_resource_location``), written with COPY;
3. the search documents are the template's indexed document with the same
   changes (ids, name, title, organization, permission labels, and inside
   ``validated_data_dict`` / ``data_dict``), posted to Solr's update handler in
   batches of 1000 (as ``bench/search/latency.py load`` does), one commit at the end.

``metadata_modified`` of a copy is its template's in the database and in the
index alike, so the index reader (``ckanext.govopen.records``) uses the
indexed dict as it would for a dataset CKAN wrote. Only 127.0.0.1.
"""
import argparse
import copy
import hashlib
import io
import json
import os
import random
import time
import urllib.parse
import urllib.request
import uuid

import psycopg2
import requests

PREFIX = "bench-dash-"
ORG_PREFIX = "bench-dept-"
# Titles: real-sounding department names, numbered past the list
DEPARTMENTS = ["统计局", "交通运输局", "住房和城乡建设局", "卫生健康委员会", "教育局", "民政局", "财政局",
               "生态环境局", "自然资源局", "农业农村局", "商务局", "文化和旅游局", "应急管理局", "市场监督管理局",
               "公安局", "人力资源和社会保障局", "水务局", "城市管理局", "体育局", "科学技术局"]
DISTRICTS = ["浦东新区", "黄浦区", "静安区", "徐汇区", "南明区", "云岩区", "花溪区", "白云区", "观山湖区"]

EXTRA_TEMPLATES = [
    # name suffix, title, open_type, share_type, private, theme, update_frequency, issued
    ("cond", "企业信用评价结果（有条件开放）", "conditional", "conditional", False, "economy", "quarterly", "2025-10-01"),
    ("none", "内部办公通讯录（不开放）", "none", "none", True, "government", "irregular", "2024-01-01"),
    ("held", "待开放的道路养护计划", "unconditional", "unconditional", True, "transport", "annual", "2025-06-01"),
    ("late", "每日空气质量监测（逾期）", "unconditional", "unconditional", False, "environment", "daily", "2023-03-01"),
]


CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code(i):
    """A GB 32100 credit code with a right check character (as standard/codes.py)."""
    first17 = "1111000000" + "%07d" % (9900000 + i)
    total = sum(CREDIT_ALPHABET.index(c) * w for c, w in zip(first17, CREDIT_WEIGHTS))
    return first17 + CREDIT_ALPHABET[(31 - total % 31) % 31]


def standard_fields(i, open_type, share_type, theme, frequency, issued):
    conditions = {}
    if open_type != "unconditional":
        conditions["legal_basis"] = "《政府信息公开条例》第十五条。 / Regulations on Open Government Information, art. 15."
    if open_type == "conditional":
        conditions["open_condition"] = "签订数据使用协议。 / A data use agreement."
    if share_type == "conditional":
        conditions["share_condition"] = "仅限政务用途。 / Government use only."
    return {**conditions, "resource_code": f"399009-{i:06d}", "theme": theme, "share_type": share_type,
            "open_type": open_type, "security_level": "general", "personal_info": "none",
            "update_frequency": frequency, "issued": issued, "spatial_code": "110000",
            "license_id": "cc-by"}


def api(session, url, action, **data):
    r = session.post(f"{url}/api/3/action/{action}", json=data, timeout=120)
    body = r.json()
    if not body.get("success"):
        raise SystemExit(f"{action}: {body.get('error')}")
    return body["result"]


def connect(ini):
    for line in open(ini, encoding="utf-8"):
        if line.strip().startswith("sqlalchemy.url"):
            return psycopg2.connect(line.split("=", 1)[1].strip())
    raise SystemExit("no sqlalchemy.url in " + ini)


def rows_of(cur, table, column, values):
    cur.execute(f'SELECT * FROM "{table}" WHERE {column} = ANY(%s)', (list(values),))
    names = [d[0] for d in cur.description]
    return names, [dict(zip(names, row)) for row in cur.fetchall()]


def text_value(value):
    """A value in COPY's text format."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, (dict, list)):
        value = json.dumps(value, ensure_ascii=False)
    value = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return (value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r"))


class Copier:
    """Rows per table, COPYed in one go each."""

    def __init__(self):
        self.tables = {}

    def add(self, table, names, row):
        columns, buffer = self.tables.setdefault(table, (names, io.StringIO()))
        buffer.write("\t".join(text_value(row[c]) for c in columns) + "\n")

    def flush(self, cur):
        for table, (columns, buffer) in self.tables.items():
            buffer.seek(0)
            cols = ", ".join(f'"{c}"' for c in columns)
            cur.copy_expert(f'COPY "{table}" ({cols}) FROM STDIN', buffer)
        self.tables = {}


def solr_post(solr, docs, commit=False):
    body = json.dumps(docs, ensure_ascii=False).encode("utf-8")
    url = f"{solr}/ckan/update?" + ("commit=true" if commit else "commitWithin=120000")
    req = urllib.request.Request(url, body, {"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=900) as resp:
        resp.read()


def templates_and_orgs(s, url, n_departments):
    orgs = []
    existing = set(api(s, url, "organization_list", limit=1000))
    for i in range(n_departments):
        name = f"{ORG_PREFIX}{i:03d}"
        title = f"{DISTRICTS[i % len(DISTRICTS)]}{DEPARTMENTS[i % len(DEPARTMENTS)]}"
        if i >= len(DISTRICTS) * len(DEPARTMENTS):
            title += f" {i}"
        if name not in existing:
            api(s, url, "organization_create", name=name, title=title, provider_code=credit_code(i))
        orgs.append(api(s, url, "organization_show", id=name, include_datasets=False,
                        include_users=False, include_extras=False))
    for i, (suffix, title, open_type, share_type, private, theme, freq, issued) in enumerate(EXTRA_TEMPLATES):
        name = f"bench-template-{suffix}"
        try:
            api(s, url, "package_show", id=name)
        except SystemExit:
            api(s, url, "package_create", name=name, title=title, notes=title, owner_org=orgs[0]["name"],
                private=private, **standard_fields(i, open_type, share_type, theme, freq, issued))
    return orgs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=100000)
    ap.add_argument("--departments", type=int, default=100)
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--batch", type=int, default=5000)
    ap.add_argument("--clean", action="store_true")
    args = ap.parse_args()
    url, token = os.environ["CKAN_URL"], os.environ["CKAN_API_TOKEN"]
    solr = "http://127.0.0.1:%s/solr" % os.environ.get("GOVOPEN_SOLR_PORT", "8983")
    state = os.environ.get("GOVOPEN_STATE") or os.path.dirname(os.environ["CKAN_INI"])
    conn = connect(os.path.join(state, "ckan.ini"))
    cur = conn.cursor()
    if args.clean:
        clean(cur, solr)
        conn.commit()
        return
    s = requests.Session()
    s.headers["Authorization"] = token
    started = time.time()
    orgs = templates_and_orgs(s, url, args.departments)
    print(f"{len(orgs)} departments, extra templates made ({time.time() - started:.0f} s)", flush=True)

    cur.execute("SELECT id FROM package WHERE state = 'active' AND type = 'dataset' "
                "AND name NOT LIKE %s ORDER BY name", (PREFIX + "%",))
    template_ids = [r[0] for r in cur.fetchall()]
    cur.execute("SELECT count(*) FROM package WHERE name LIKE %s", (PREFIX + "%",))
    if cur.fetchone()[0]:
        raise SystemExit(f"{PREFIX}* datasets exist already: --clean first")
    pkg_cols, pkgs = rows_of(cur, "package", "id", template_ids)
    res_cols, resources = rows_of(cur, "resource", "package_id", template_ids)
    res_ids = [r["id"] for r in resources]
    mem_cols, members = rows_of(cur, "member", "table_id", template_ids)
    members = [m for m in members if m["table_name"] == "package"]
    tag_cols, tags = rows_of(cur, "package_tag", "package_id", template_ids)
    ver_cols, verdicts = rows_of(cur, "govopen_verdict", "package_id", template_ids)
    val_cols, reports = rows_of(cur, "govopen_validation_report", "resource_id", res_ids)
    scan_cols, scans = rows_of(cur, "govopen_scan_result", "resource_id", res_ids)
    loc_cols, locations = rows_of(cur, "govopen_resource_location", "package_id", template_ids)
    val_cols = [c for c in val_cols if c != "id"]
    scan_cols = [c for c in scan_cols if c != "id"]
    by_pkg = lambda items, key: {t: [r for r in items if r[key] == t] for t in template_ids}  # noqa: E731
    res_of, mem_of, tag_of = by_pkg(resources, "package_id"), by_pkg(members, "table_id"), by_pkg(tags, "package_id")
    ver_of, loc_of = by_pkg(verdicts, "package_id"), by_pkg(locations, "package_id")
    rep_of = {r: [x for x in reports if x["resource_id"] == r] for r in res_ids}
    scan_of = {r: [x for x in scans if x["resource_id"] == r] for r in res_ids}
    pkg_of = {p["id"]: p for p in pkgs}
    docs = {}
    q = "id:(%s)" % " OR ".join('"%s"' % t for t in template_ids)
    found = json.load(urllib.request.urlopen(
        f"{solr}/ckan/select?" + urllib.parse.urlencode({"q": q, "rows": 1000, "fl": "*", "wt": "json"})))
    for doc in found["response"]["docs"]:
        docs[doc["id"]] = {k: v for k, v in doc.items()
                           if k not in ("_version_", "indexed_ts", "score", "title_ngram", "name_ngram")}
    template_ids = [t for t in template_ids if t in docs]
    print(f"{len(template_ids)} templates ({len(resources)} resources, {len(reports)} validation reports, "
          f"{len(verdicts)} verdicts)", flush=True)
    site_id = next(iter(docs.values()))["site_id"]
    parsed = {t: (json.loads(docs[t].get("validated_data_dict") or "{}"),
                  json.loads(docs[t].get("data_dict") or "{}")) for t in template_ids}

    rng = random.Random(args.seed)
    copier, batch = Copier(), []
    for i in range(args.n):
        t = template_ids[rng.randrange(len(template_ids))]
        org = orgs[rng.randrange(len(orgs))]
        new_id, name = str(uuid.UUID(int=rng.getrandbits(128))), f"{PREFIX}{i:06d}"
        p = pkg_of[t]
        title = f"{DISTRICTS[i % len(DISTRICTS)]}{p['title']} {i}"
        copier.add("package", pkg_cols, dict(p, id=new_id, name=name, title=title, owner_org=org["id"]))
        res_map = {}
        for r in res_of[t]:
            rid = str(uuid.UUID(int=rng.getrandbits(128)))
            res_map[r["id"]] = rid
            copier.add("resource", res_cols, dict(r, id=rid, package_id=new_id))
            for x in rep_of[r["id"]]:
                copier.add("govopen_validation_report", val_cols, dict(x, resource_id=rid))
            for x in scan_of[r["id"]]:
                copier.add("govopen_scan_result", scan_cols, dict(x, resource_id=rid))
        for m in mem_of[t]:
            copier.add("member", mem_cols, dict(m, id=str(uuid.uuid4()), table_id=new_id, group_id=org["id"]))
        for x in tag_of[t]:
            copier.add("package_tag", tag_cols, dict(x, id=str(uuid.uuid4()), package_id=new_id))
        for x in ver_of[t]:
            copier.add("govopen_verdict", ver_cols, dict(x, package_id=new_id))
        for x in loc_of[t]:
            copier.add("govopen_resource_location", loc_cols,
                       dict(x, package_id=new_id, resource_id=res_map.get(x["resource_id"], x["resource_id"])))
        batch.append(document(docs[t], parsed[t], new_id, name, title, org, res_map, p["private"], site_id))
        if len(batch) == args.batch or i == args.n - 1:
            copier.flush(cur)
            conn.commit()
            solr_post(solr, batch)
            batch = []
            print(f"  {i + 1} / {args.n}  ({time.time() - started:.0f} s)", flush=True)
    solr_post(solr, [], commit=True)
    print(f"filled {args.n} datasets in {len(orgs)} departments in {time.time() - started:.0f} s")
    counts = api(s, url, "package_search", rows=0, include_private=True)["count"]
    public = requests.get(f"{url}/api/3/action/package_search", params={"rows": 0}).json()["result"]["count"]
    print(f"package_search: {counts} datasets (sysadmin, private included), {public} public (anonymous)")


def document(doc, parsed, new_id, name, title, org, res_map, private, site_id):
    doc = dict(doc, id=new_id, name=name, title=title, title_string=title, owner_org=org["id"],
               organization=org["name"],
               permission_labels=["member-%s" % org["id"]] if private else ["public"],
               index_id=hashlib.md5((new_id + site_id).encode()).hexdigest())
    org_dict = {k: org.get(k) for k in ("id", "name", "title", "type", "description", "image_url",
                                        "created", "is_organization", "approval_status", "state")}
    for key, data in (("validated_data_dict", parsed[0]), ("data_dict", parsed[1])):
        if not data:
            continue
        data = copy.deepcopy(data)
        data.update(id=new_id, name=name, title=title, owner_org=org["id"], organization=org_dict)
        for r in data.get("resources") or []:
            r["id"] = res_map.get(r.get("id"), r.get("id"))
            r["package_id"] = new_id
        doc[key] = json.dumps(data, ensure_ascii=False)
    return doc


def clean(cur, solr):
    like = PREFIX + "%"
    cur.execute("CREATE TEMP TABLE bench_ids AS SELECT id FROM package WHERE name LIKE %s", (like,))
    cur.execute("CREATE TEMP TABLE bench_res AS SELECT id FROM resource WHERE package_id IN (SELECT id FROM bench_ids)")
    for sql in ("DELETE FROM govopen_validation_report WHERE resource_id IN (SELECT id FROM bench_res)",
                "DELETE FROM govopen_scan_result WHERE resource_id IN (SELECT id FROM bench_res)",
                "DELETE FROM govopen_resource_location WHERE package_id IN (SELECT id FROM bench_ids)",
                "DELETE FROM govopen_verdict WHERE package_id IN (SELECT id FROM bench_ids)",
                "DELETE FROM package_tag WHERE package_id IN (SELECT id FROM bench_ids)",
                "DELETE FROM member WHERE table_id IN (SELECT id FROM bench_ids)",
                "DELETE FROM resource WHERE package_id IN (SELECT id FROM bench_ids)",
                "DELETE FROM package WHERE id IN (SELECT id FROM bench_ids)"):
        cur.execute(sql)
        print(f"{cur.rowcount:>8}  {sql.split(' WHERE')[0]}")
    solr_post(solr, {"delete": {"query": "name:%s*" % PREFIX}}, commit=True)
    print("index: bench-dash-* deleted")


if __name__ == "__main__":
    main()
