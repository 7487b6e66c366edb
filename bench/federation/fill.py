"""Fill a govopen city with real, published datasets, in one CKAN process (bench only).

    $GOVOPEN_VENV/bin/python bench/federation/fill.py --ini CITY/ckan.ini --city fed-a \
        --provider-code 11110000000022576T --n 10000 [--prefix 100000]

Why: through the Action API over HTTP a city filled at about 1.2 datasets/s
on this shared machine (bench/federation/RESULTS.md), so 2 x 10,000 did not fit.

What it does: this process loads the city's ini, forks ``--procs`` writers, and each calls the same
``package_create`` action a department's API call reaches (``tk.get_action``,
as the site user, auth checked), in one process instead of one HTTP request
each: the city's validators (``govopen_input_guard``, the standard's schema),
the publication gate, the stored verdict (``govopen_verdict``), the relocation of
a conditional dataset's file locations and the search document are exactly what
the API leaves. Every dataset carries every field of the national standard
(resource code, classification, open type and its conditions, legal basis,
security level, personal-information declaration, data elements, contact, update
frequency, issued, spatial code, licence). The mix, by number: 7 in 10 open
without conditions, 2 in 10 conditionally open (with ``open_condition`` and its
legal basis), 1 in 10 not open (``open_type: none``, private: never crosses).

What differs from the API, and nothing else:
- no HTTP (no gunicorn, no JSON round trip);
- Solr: ``ckan.search.solr_commit`` is off in THIS process only (set in its
  config after loading, not in any ini, not reachable over HTTP), and one Solr
  commit is made at the end of each batch of ``--batch`` datasets, instead of a
  commit per dataset. The documents sent are the same.
- the datasets have no resources, as in the API fill this replaces: no file is
  fetched and no content check (PII scan, validation) runs, because there is
  nothing to check (the gate's content checks pass trivially for a dataset
  without resources; they are not bypassed). The province's harvest path is
  not touched by anything here: it reads the city's API anonymously, as before.
A city that already holds a name is not filled again for it.
"""
import argparse
import json
import os
import sys
import time


def dataset(city, org_id, i, prefix):
    kind = ("conditional" if i % 10 in (1, 5) else "not-open" if i % 10 == 9 else "public")
    data = {
        "name": "%s-ds-%05d" % (city, i), "title": "%s 统计数据 %05d" % (city, i),
        "notes": "%s 第 %d 个数据集：按月发布的统计指标。" % (city, i),
        "owner_org": org_id, "private": kind == "not-open", "resource_code": "301002-%06d" % (prefix + i),
        "theme": "transport", "share_type": "unconditional", "open_type": "unconditional",
        "security_level": "general", "personal_info": "none", "update_frequency": "monthly",
        "issued": "2024-04-01", "spatial_code": "110000", "license_id": "cc-by",
        "contact_name": "统计科", "contact_email": "data@%s.example.gov.cn" % city,
        "legal_basis": "《政府信息公开条例》", "tag_string": "统计,月度",
        "data_elements": [{"name": "month", "title": "月份", "type": "string", "description": "统计月份"},
                          {"name": "value", "title": "指标值", "type": "number"}],
    }
    if kind == "conditional":
        data.update(open_type="conditional", open_condition="实名申请后提供",
                    legal_basis="《中华人民共和国数据安全法》第二十一条")
    elif kind == "not-open":
        data.update(open_type="none", share_type="none")
    return kind, data


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ini", required=True, help="the city's ini")
    ap.add_argument("--city", required=True)
    ap.add_argument("--provider-code", required=True)
    ap.add_argument("--n", type=int, required=True)
    ap.add_argument("--prefix", type=int, default=100000, help="resource codes 301002-(prefix+i)")
    ap.add_argument("--batch", type=int, default=500, help="datasets per Solr commit")
    ap.add_argument("--procs", type=int, default=6, help="processes writing at once (forked after loading)")
    args = ap.parse_args()

    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    app = make_app(load_config(args.ini))
    import ckan.model as model
    import ckan.plugins.toolkit as tk
    from ckan.lib import search

    with app._wsgi_app.test_request_context():
        tk.config["ckan.search.solr_commit"] = False    # this process only: one commit a batch
        user = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
        org = "%s-stats" % args.city
        try:
            org_id = tk.get_action("organization_show")({"user": user}, {"id": org})["id"]
        except tk.ObjectNotFound:
            org_id = tk.get_action("organization_create")({"user": user}, {
                "name": org, "title": "%s 统计局" % args.city, "provider_code": args.provider_code})["id"]
        have = {n for (n,) in model.Session.query(model.Package.name)
                .filter(model.Package.name.like("%s-ds-%%" % args.city))}
        model.Session.remove()
        model.meta.engine.dispose()                     # nothing of it crosses a fork
        todo = [i for i in range(args.n) if "%s-ds-%05d" % (args.city, i) not in have]
        t = time.monotonic()
        children = []
        for k in range(max(1, args.procs)):
            pid = os.fork() if args.procs > 1 else 0
            if pid == 0:
                try:
                    code = _create(args, user, org_id, todo[k::max(1, args.procs)], t)
                except BaseException:       # noqa: BLE001 - said, and the parent fails
                    import traceback
                    traceback.print_exc()
                    code = 1
                if args.procs <= 1:
                    if code:
                        raise SystemExit(code)
                    break
                os._exit(code)
            children.append(pid)
        failed = [pid for pid in children if os.waitpid(pid, 0)[1]]
        if failed:
            raise SystemExit("%d of %d fill processes failed" % (len(failed), len(children)))
        search.commit()
        seconds = time.monotonic() - t
        kinds = {}
        for i in todo:
            kind = dataset(args.city, org_id, i, args.prefix)[0]
            kinds[kind] = kinds.get(kind, 0) + 1
        print(json.dumps({"city": args.city, "created": len(todo), "kinds": kinds, "seconds": round(seconds, 1),
                          "datasets_per_second": round(len(todo) / seconds, 1) if todo else None,
                          "processes": max(1, args.procs), "already": len(have)}))


def _create(args, user, org_id, todo, t):
    """Create this process's share of the datasets; 0 when every one was created as asked."""
    import ckan.plugins.toolkit as tk
    from ckan.lib import search

    for k, i in enumerate(todo, 1):
        kind, data = dataset(args.city, org_id, i, args.prefix)
        got = tk.get_action("package_create")({"user": user}, data)
        want = "none" if kind == "not-open" else data["open_type"]
        if got["govopen_verdict"]["open_type"] != want or got["private"] != (kind == "not-open"):
            print("%s: verdict %s, private %s" % (data["name"], got["govopen_verdict"], got["private"]),
                  file=sys.stderr)
            return 1
        if k % args.batch == 0 or k == len(todo):
            search.commit()
            print(json.dumps({"city": args.city, "pid": os.getpid(), "done": k, "of": len(todo),
                              "seconds": round(time.monotonic() - t, 1)}), file=sys.stderr, flush=True)
    return 0


if __name__ == "__main__":
    main()
