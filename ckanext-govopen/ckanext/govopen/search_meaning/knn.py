"""Solr's side of search by meaning, without CKAN (bench/search/recall.py uses it too)."""
from __future__ import annotations

#: the Solr field (schema.xml: knn_vector_512, cosine, not stored): the title by
#: the Chinese model
FIELD = "title_meaning"
#: the title's English (english.title_english) by the English model (knn_vector_384)
FIELD_EN = "title_meaning_en"
#: how many of the nearest titles a query may add
CANDIDATES = 20
#: how many nearest the HNSW search looks for (Solr's topK; the best CANDIDATES are
#: kept): of the exact 20 nearest of 88 queries on the real titles (brute force over
#: the same vectors), an approximate graph search asked for 20 missed 6.7%, for 50
#: 2.1%, for 100 0.6%
SEARCHED = 100
#: govopen.search.meaning_min_similarity's default: below it, nonsense finds titles too.
#: A query is read after encoder.QUERY_PREFIX, which lowers every cosine by about 0.05:
#: 火星人入侵地球's nearest real portal titles are 0.41 (0.44 without it), 哈哈哈's 0.43
#: (0.50), 养老院's 0.65 (0.74); the floor was 0.5 without the prefix
MIN_SIMILARITY = 0.45
#: govopen.search.meaning_min_similarity_en's default, the English model's floor: its
#: cosines run higher (English queries of bench/search's sets against the real titles'
#: English: relevant in the ten nearest 0.65 at the 10th percentile, median 0.71;
#: asdfgh, lorem ipsum, banana spaceship 0.55-0.61 for their nearest)
MIN_SIMILARITY_EN = 0.65


def knn_query(vector: list, rows: int = SEARCHED, field: str = FIELD) -> str:
    return "{!knn f=%s topK=%d}[%s]" % (field, rows, ",".join("%.6f" % x for x in vector))


def nearest_of(docs: list, floor: float = MIN_SIMILARITY) -> list:
    """Solr's knn answer -> [(id, cosine)] at least ``floor`` near (Lucene's cosine score is (1 + cos) / 2)."""
    pairs = [(doc["id"], 2 * float(doc["score"]) - 1) for doc in docs if doc.get("id")]
    return [(i, c) for i, c in pairs if c >= floor]


#: how many of each model's finds a round of ``interleaved`` takes: the Chinese
#: model's (the title itself, the query's translation) two, the English model's
#: (the title's word-by-word English) one. Of the nearest ten alone, for the 204
#: English queries of bench/search's sets: recall 0.65 by the Chinese model, 0.55
#: by the English one (RESULTS.md, twelfth session)
TAKES = (2, 1)


def interleaved(*found: list, takes: tuple = TAKES) -> list:
    """Lists of [(id, cosine)] by different models, nearest first -> one list:
    a round takes the next ``takes[n]`` of the n-th list, and so on (an id in two
    is listed once, where it comes first). Two models' cosines are not on one
    scale, so the scores fall evenly from the first's cosine in that order; one
    list alone is kept as it is."""
    if sum(1 for f in found if f) <= 1:
        return next((list(f) for f in found if f), [])
    out, seen, at = [], set(), [0] * len(found)
    while any(at[n] < len(f) for n, f in enumerate(found)):
        for n, f in enumerate(found):
            for pair in f[at[n]:at[n] + takes[n]]:
                if pair[0] not in seen:
                    seen.add(pair[0])
                    out.append(pair)
            at[n] += takes[n]
    top = out[0][1]
    return [(i, top * (len(out) - n) / len(out)) for n, (i, _) in enumerate(out)]
