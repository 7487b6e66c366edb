"""Precision and recall on a small generated labelled corpus (bench/scan/make_corpus.py)."""
import importlib.util
import os

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH = os.path.join(HERE, "..", "..", "bench", "scan")


def _load(name):
    spec = importlib.util.spec_from_file_location("scan_bench_" + name, os.path.join(BENCH, name + ".py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def table():
    import sys
    sys.path.insert(0, BENCH)
    try:
        corpus = _load("make_corpus")
        evaluate = _load("evaluate")
        rows = list(corpus.generate(per_entity=400, seed=3))
        assert len({r[3] for r in rows if r[3].startswith("near:")}) >= 20      # every kind of near-miss
        return evaluate.evaluate(rows)[0]
    finally:
        sys.path.remove(BENCH)


@pytest.mark.parametrize("entity", ["resident_id", "bank_card", "credit_code"])
def test_checksum_types_precision_recall(table, entity):
    t = table[entity]
    assert t["tp"] >= 400
    assert t["precision"] >= 0.99 and t["recall"] >= 0.99, t


@pytest.mark.parametrize("entity", ["mobile_phone", "email", "passport"])
def test_other_types(table, entity):
    assert table[entity]["precision"] >= 0.95 and table[entity]["recall"] >= 0.95


def test_corpus_is_deterministic():
    corpus = _load("make_corpus")
    a = list(corpus.generate(per_entity=20, seed=5))
    b = list(corpus.generate(per_entity=20, seed=5))
    assert a == b and a != list(corpus.generate(per_entity=20, seed=6))
