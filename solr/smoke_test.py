#!/usr/bin/env python3
"""Smoke test for the govopen Solr: CKAN-shaped documents, CKAN's exact query.

    python3 solr/smoke_test.py [SOLR_URL]       (default http://127.0.0.1:8983/solr)

Indexes a few datasets shaped like ckan/lib/search/index.py makes them (under
a site_id of their own, so a live index is not disturbed), queries them with
the parameters CKAN's package_search sends (defType=dismax, qf, mm, q.op=AND,
tie, df, fq on site_id/capacity), checks who is found, and deletes them
again. Standard library only. Exit 0 when every check passes; the last line
reads 'N passed, N failed'. With --core ckan_stock it shows what CKAN's stock
schema finds (the Chinese checks are then expected to fail).
"""
import argparse
import hashlib
import json
import sys
import time
import urllib.parse
import urllib.request

SITE_ID = "govopen-smoke-test"

# CKAN 2.12 ckan/lib/search/query.py
CKAN_PARAMS = {
    "defType": "dismax",
    "qf": "name^4 title^4 tags^2 groups^2 text",
    "mm": "2<-1 5<80%",
    "q.op": "AND",
    "tie": "0.1",
    "df": "text",
    "wt": "json",
    "fl": "id name title score",
    "rows": "50",
}

DATASETS = [
    dict(name="bj-transit-flow", title="北京市公共交通客流量统计",
         notes="北京市地面公交和轨道交通的日客流量，按线路汇总。",
         tags=["交通", "客流"], organization="beijing-transport",
         res_name=["2023年客流量"], res_description=["CSV 文件"], res_format=["CSV"]),
    dict(name="monthly-ridership", title="Monthly transit ridership",
         notes="monthly ridership statistics for buses and the metro",
         tags=["transport"], organization="transport-bureau",
         res_name=["ridership.csv"], res_description=["Counts per line"], res_format=["CSV"]),
    dict(name="traffic-accidents", title="道路交通事故统计",
         notes="各区道路交通事故起数与伤亡人数。", tags=["交通", "安全"],
         organization="public-security", res_name=["事故数据"],
         res_description=[""], res_format=["XLSX"]),
    dict(name="medical-institutions", title="医疗机构名录",
         notes="全市医疗卫生机构名称、地址和等级。", tags=["卫生"],
         organization="health-commission", res_name=["机构名录"],
         res_description=[""], res_format=["CSV"]),
]

# (query, must find these names, must not find these names)
CHECKS = [
    ("客流量", ["bj-transit-flow"], ["traffic-accidents", "medical-institutions"]),
    ("公共交通", ["bj-transit-flow"], ["traffic-accidents"]),
    ("北京", ["bj-transit-flow"], ["monthly-ridership", "medical-institutions"]),
    ("交通客流", ["bj-transit-flow"], ["traffic-accidents"]),
    ("医疗", ["medical-institutions"], ["bj-transit-flow"]),
    ("ridership", ["monthly-ridership"], ["bj-transit-flow"]),
    ("statistic", ["monthly-ridership"], []),
    ("交通", ["bj-transit-flow", "traffic-accidents"], ["medical-institutions"]),
    ("北京 客流", ["bj-transit-flow"], ["traffic-accidents"]),
    ("2023年客流", ["bj-transit-flow"], []),
    ("metro buses", ["monthly-ridership"], []),
    ("医", ["medical-institutions"], ["bj-transit-flow"]),  # one character
    ("日客流量，按线路", ["bj-transit-flow"], []),  # run + punctuation + run (qs=1)
    ("交通事故客流", [], ["bj-transit-flow", "traffic-accidents"]),
]


def ckan_doc(i, d):
    doc = dict(d)
    doc["id"] = "00000000-0000-0000-0000-%012d" % i
    doc["site_id"] = SITE_ID
    doc["index_id"] = hashlib.md5((doc["id"] + SITE_ID).encode()).hexdigest()
    doc["entity_type"] = "package"
    doc["dataset_type"] = "dataset"
    doc["state"] = "active"
    doc["capacity"] = "public"
    doc["permission_labels"] = ["public"]
    doc["title_string"] = doc["title"]
    doc["metadata_created"] = doc["metadata_modified"] = "2024-01-01T00:00:00Z"
    doc["data_dict"] = json.dumps(d, ensure_ascii=False)
    doc["validated_data_dict"] = doc["data_dict"]
    doc["groups"] = []
    return doc


def call(url, data=None):
    req = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.load(r)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("solr_url", nargs="?", default="http://127.0.0.1:8983/solr")
    ap.add_argument("--core", default="ckan")
    ap.add_argument("--keep", action="store_true", help="leave the test documents in the index")
    args = ap.parse_args()
    base = "%s/%s" % (args.solr_url.rstrip("/"), args.core)

    t0 = time.time()
    call(base + "/update?commit=true",
         json.dumps([ckan_doc(i, d) for i, d in enumerate(DATASETS)]).encode())
    print("indexed %d datasets in %.2fs" % (len(DATASETS), time.time() - t0))

    passed = failed = 0
    try:
        for q, want, unwanted in CHECKS:
            params = dict(CKAN_PARAMS, q=q)
            params["fq"] = ['+site_id:"%s"' % SITE_ID, "+capacity:public", "+state:active"]
            url = base + "/select?" + urllib.parse.urlencode(params, doseq=True)
            t = time.time()
            res = call(url)
            ms = (time.time() - t) * 1000
            found = [doc["name"] for doc in res["response"]["docs"]]
            ok = all(n in found for n in want) and not any(n in found for n in unwanted)
            passed += ok
            failed += not ok
            print("%s  q=%-12s found %s (%.0f ms)" % ("ok  " if ok else "FAIL", q, found, ms))
            if not ok:
                print("      wanted %s, not %s" % (want, unwanted))
    finally:
        if not args.keep:
            call(base + "/update?commit=true",
                 json.dumps({"delete": {"query": 'site_id:"%s"' % SITE_ID}}).encode())
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
