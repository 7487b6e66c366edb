"""How long the dashboard takes as a catalog grows (issue: open-data dashboard).

Creates N private datasets (standard fields, no files) in one department of
a running catalog through the Action API, then times the figures of that
department and of all departments (API) and the two pages, three runs each.
Run against YOUR stack only (it writes datasets):

    source $GOVOPEN_STATE/env
    $CKAN_VENV/bin/python bench/dashboard/figures_bench.py --org bj-stats -n 200

``-n 0`` times again without adding datasets. Results: bench/RESULTS.md.
"""
import argparse
import os
import statistics
import time
import uuid

import requests


def standard_fields(i):
    return {"resource_code": f"399001-{i:06d}", "theme": "transport", "share_type": "unconditional",
            "open_type": "unconditional", "security_level": "general", "personal_info": "none",
            "update_frequency": "monthly", "issued": "2024-04-01", "spatial_code": "110000",
            "license_id": "cc-by"}


def timed(fn, runs=3):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--org", required=True)
    parser.add_argument("-n", type=int, default=100)
    args = parser.parse_args()
    url, token = os.environ["CKAN_URL"], os.environ["CKAN_API_TOKEN"]
    s = requests.Session()
    s.headers["Authorization"] = token
    tag = uuid.uuid4().hex[:6]
    start = time.perf_counter()
    for i in range(args.n):
        r = s.post(f"{url}/api/3/action/package_create", json={
            "name": f"bench-dash-{tag}-{i}", "title": f"基准数据集 {i}", "notes": "bench",
            "owner_org": args.org, "private": True, **standard_fields(i)})
        r.raise_for_status()
    print(f"created {args.n} datasets in {time.perf_counter() - start:.1f} s")
    one = s.get(f"{url}/api/3/action/govopen_open_data_figures", params={"id": args.org}).json()["result"]
    every = s.get(f"{url}/api/3/action/govopen_open_data_figures").json()["result"]
    print(f"department catalogued={one['catalogued']}, all catalogued={every['all']['catalogued']}")
    for label, path, params in (
            ("API, one department", "/api/3/action/govopen_open_data_figures", {"id": args.org}),
            ("API, all departments", "/api/3/action/govopen_open_data_figures", {}),
            ("page, one department", f"/organization/{args.org}/open-data", {}),
            ("page, overview", "/dashboard/open-data", {})):
        seconds = timed(lambda: s.get(url + path, params=params).raise_for_status())
        print(f"{label}: {seconds:.2f} s (median of 3)")


if __name__ == "__main__":
    main()
