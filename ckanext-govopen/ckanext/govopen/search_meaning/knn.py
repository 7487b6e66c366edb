"""Solr's side of search by meaning, without CKAN (bench/search/recall.py uses it too)."""
from __future__ import annotations

#: the Solr field (schema.xml: knn_vector_512, cosine, not stored)
FIELD = "title_meaning"
#: how many of the nearest titles a query may add
CANDIDATES = 20
#: how many nearest the HNSW search looks for (Solr's topK; the best CANDIDATES are
#: kept): of the exact 20 nearest of 88 queries on the real titles (brute force over
#: the same vectors), an approximate graph search asked for 20 missed 6.7%, for 50
#: 2.1%, for 100 0.6%
SEARCHED = 100
#: govopen.search.meaning_min_similarity's default: below it, nonsense finds titles too
#: (火星人入侵地球's nearest real portal titles are 0.44, relevant titles mostly 0.53+)
MIN_SIMILARITY = 0.5


def knn_query(vector: list, rows: int = SEARCHED) -> str:
    return "{!knn f=%s topK=%d}[%s]" % (FIELD, rows, ",".join("%.6f" % x for x in vector))


def nearest_of(docs: list, floor: float = MIN_SIMILARITY) -> list:
    """Solr's knn answer -> [(id, cosine)] at least ``floor`` near (Lucene's cosine score is (1 + cos) / 2)."""
    pairs = [(doc["id"], 2 * float(doc["score"]) - 1) for doc in docs if doc.get("id")]
    return [(i, c) for i, c in pairs if c >= floor]
