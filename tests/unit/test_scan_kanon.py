"""k-anonymity over quasi-identifier columns, checked against answers computed here."""
import collections
import csv
import random

import pytest

from ckanext.govopen.scan import k_anonymity, k_anonymity_file

HEADER = ["年龄段", "性别", "区县", "诊断"]
ROWS = [
    ["20-29", "男", "朝阳区", "A"], ["20-29", "男", "朝阳区", "B"], ["20-29", "男", "朝阳区", "C"],
    ["30-39", "女", "海淀区", "A"], ["30-39", "女", "海淀区", "B"],
    ["40-49", "男", "西城区", "C"],
]


def expected(rows, idx, k):
    c = collections.Counter(tuple(str(r[i]).strip() for i in idx) for r in rows)
    small = [n for n in c.values() if n < k]
    return min(c.values()), len(c), len(small), sum(small)


def test_known_small_table():
    r = k_anonymity(ROWS, ["年龄段", "性别", "区县"], k=2, header=HEADER)
    assert (r.rows, r.classes, r.min_class_size, r.offending_classes, r.offending_rows) == (6, 3, 1, 1, 1)
    assert not r.satisfied and r.complete
    r = k_anonymity(ROWS, ["性别"], k=2, header=HEADER)
    assert (r.min_class_size, r.offending_classes, r.satisfied) == (2, 0, True)
    r = k_anonymity(ROWS, ["性别"], header=HEADER)            # default k = 5
    assert r.k == 5 and (r.min_class_size, r.offending_classes, r.offending_rows) == (2, 2, 6)   # 男 4, 女 2


def test_dict_rows_and_value_normalisation():
    rows = [{"age": 30, "zip": "100020 "}, {"age": "30", "zip": "100020"}, {"age": 30.0, "zip": "100020"}]
    r = k_anonymity(rows, ["age", "zip"], k=3)
    assert (r.classes, r.min_class_size, r.satisfied) == (1, 3, True)
    r = k_anonymity([{"age": None}, {"age": ""}], ["age"], k=2)
    assert r.classes == 1                                       # empty is one value


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("k", [2, 5, 10])
def test_random_tables_match_independent_count(seed, k):
    rnd = random.Random(seed)
    rows = [[rnd.choice("ABCDE"), rnd.randint(1, 6), rnd.choice(["x", "y"]), rnd.random()] for _ in range(400)]
    r = k_anonymity(iter(rows), ["a", "b", "c"], k=k, header=["a", "b", "c", "d"])
    assert (r.min_class_size, r.classes, r.offending_classes, r.offending_rows) == expected(rows, (0, 1, 2), k)
    assert r.satisfied == (r.min_class_size >= k)


def test_missing_columns_and_class_cap():
    r = k_anonymity(ROWS, ["年龄段", "身份证"], header=HEADER)
    assert not r.complete and r.messages[0]["id"] == "kanon.missing_columns"
    assert "身份证" in r.messages[0]["zh"] and "身份证" in r.messages[0]["en"]
    r = k_anonymity([[i] for i in range(100)], ["n"], k=2, header=["n"], max_classes=10)
    assert not r.complete and not r.satisfied and r.classes == 10
    assert r.messages[0]["id"] == "kanon.too_many_classes" and r.messages[0]["params"]["row"] == 11


def test_result_has_no_values():
    r = k_anonymity(ROWS, ["区县"], k=2, header=HEADER)
    assert "朝阳区" not in str(r.to_dict()) and "西城区" not in str(r.to_dict())


def test_from_file(tmp_path):
    p = tmp_path / "t.csv"
    with open(p, "w", encoding="gb18030", newline="") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        w.writerows(ROWS)
    r = k_anonymity_file(str(p), ["年龄段", "性别", "区县"], k=2)
    assert (r.rows, r.min_class_size, r.offending_rows) == (6, 1, 1)
