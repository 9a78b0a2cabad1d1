#!/usr/bin/env python3
"""Conformance tests of arango-emulator for index kinds and vector search (python3 standard
library only).

    test_conformance_vector.py PATH/TO/arango-emulator

Checks, each against arangod 3.12's source for the same behaviour (named in the check) or a 3.12
recording:
- inverted indexes: the recorded RestIndexCreateNewInverted response, every option echoed back;
- mdi / mdi-prefixed / zkd: unique, sparse, storedValues, prefixFields, the alias;
- vector indexes: the params as UserVectorIndexDefinition checks and reports them, the document
  checks of readDocumentVectorData (insert fails, a sparse index skips a missing attribute), the
  training state of 3.12.9+ (unusable with errorMessage until nLists documents have a vector,
  then ready with resolvedNLists; truncate forgets the training);
- APPROX_NEAR_L2 / _COSINE / _INNER_PRODUCT: the nearest neighbours, which this test computes by
  brute force, for SORT ... LIMIT [offset,] k with a LET, a FILTER and in a subquery, and the
  errors of useVectorIndexRule / VectorFunctions.cpp (1554) and EnumerateNearVector (1542).
"""
import math
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import emutest  # noqa: E402  (shared infrastructure)
from emutest import drop_collections, load_jsonl, mkcoll, started  # noqa: E402

TRANSCRIPTS = os.path.join(HERE, "data", "transcripts-documents-collections-indexes.jsonl")


def index(emu, coll, body):
    r = emu.request("POST", f"/_api/index?collection={coll}", body)
    return r.status, r.json()


def query(emu, q, bind=None):
    body = {"query": q}
    if bind is not None:
        body["bindVars"] = bind
    r = emu.request("POST", "/_api/cursor", body, timeout=30)
    return r.status, r.json()


def f32(x):
    return struct.unpack("f", struct.pack("f", x))[0]


# --- brute force, as Faiss computes (float components) -----------------------------------------

def l2(a, b):
    return math.sqrt(sum((f32(x) - f32(y)) ** 2 for x, y in zip(a, b)))


def inner(a, b):
    return sum(f32(x) * f32(y) for x, y in zip(a, b))


def cosine(a, b):
    na = math.sqrt(sum(f32(x) ** 2 for x in a))
    nb = math.sqrt(sum(f32(y) ** 2 for y in b))
    return inner(a, b) / (na * nb) if na and nb else 0.0


def nearest(docs, metric, q, k, offset=0, keep=lambda d: True):
    fn = {"l2": l2, "cosine": cosine, "innerProduct": inner}[metric]
    scored = [(fn(d["v"], q), d["_key"]) for d in docs if keep(d)]
    scored.sort(key=lambda s: s[0], reverse=metric != "l2")
    return scored[offset:offset + k]


def close(a, b):
    return abs(a - b) <= 1e-5 * max(1.0, abs(b))


# --- inverted, mdi -----------------------------------------------------------------------------

def check_inverted(c, emu):
    recorded = [t for t in load_jsonl(TRANSCRIPTS) if t["id"] == "3.12/RestIndexCreateNewInverted#0"]
    c.eq(len(recorded), 1, "recorded example present")
    rec = recorded[0]
    mkcoll(emu, "products")
    status, body = index(emu, "products", rec["request_body"])
    c.eq(status, rec["status"], "recorded: status")
    for k, v in rec["response_body"].items():
        if k not in ("id", "name"):
            c.eq(body.get(k), v, f"recorded: {k}")
    c.eq(sorted(body), sorted(rec["response_body"]), "recorded: attribute names")
    # every option as given (IResearchInvertedIndexMeta)
    opts = {"type": "inverted", "name": "inv_all", "fields": [{"name": "t", "analyzer": "text_en",
                                                               "features": ["frequency", "norm", "position"]}],
            "includeAllFields": True, "trackListPositions": True, "searchField": True,
            "primarySort": {"fields": [{"field": "t", "direction": "desc"}], "compression": "none"},
            "storedValues": [{"fields": ["a", "b"], "compression": "none"}],
            "consolidationIntervalMsec": 2000, "commitIntervalMsec": 500, "cleanupIntervalStep": 3,
            "writebufferIdle": 32, "writebufferActive": 2, "writebufferSizeMax": 1024,
            "optimizeTopK": ["BM25(@doc) DESC"], "analyzer": "text_en", "features": ["frequency"]}
    status, body = index(emu, "products", opts)
    c.eq(status, 201, "inverted with options: created")
    for k in ("includeAllFields", "trackListPositions", "searchField", "consolidationIntervalMsec",
              "commitIntervalMsec", "cleanupIntervalStep", "writebufferIdle", "writebufferActive",
              "writebufferSizeMax", "optimizeTopK", "analyzer", "features", "storedValues"):
        c.eq(body.get(k), opts[k], f"inverted option {k}")
    c.eq(body.get("primarySort"), {"fields": [{"field": "t", "asc": False}], "compression": "none"},
         "primarySort as IResearchInvertedIndexSort reports it")
    status, body2 = index(emu, "products", {"type": "inverted", "fields": ["s"], "storedValues": ["a", ["b", "c"]]})
    c.eq(body2.get("storedValues"), [{"fields": ["a"], "compression": "lz4"},
                                     {"fields": ["b", "c"], "compression": "lz4"}], "storedValues normalised")
    c.eq(body["fields"], [{"features": ["frequency", "norm", "position"], "analyzer": "text_en", "name": "t"}],
         "inverted field with analyzer")
    # listed among the collection's indexes (search-alias views read them there)
    r = emu.request("GET", "/_api/index?collection=products")
    c.eq(sorted(i["name"] for i in r.json()["indexes"] if i["type"] == "inverted")[-1], "inv_all",
         "inverted indexes listed")


def check_mdi(c, emu):
    mkcoll(emu, "intervals")
    status, body = index(emu, "intervals", {"type": "zkd", "fields": ["x", "y"], "fieldValueTypes": "double"})
    c.eq((status, body.get("type")), (201, "mdi"), "zkd is reported as mdi")
    status, body = index(emu, "intervals", {"type": "mdi", "fields": ["p", "q"], "fieldValueTypes": "double",
                                            "unique": True, "sparse": True, "storedValues": ["z"]})
    c.eq((status, body.get("unique"), body.get("sparse"), body.get("storedValues")),
         (201, True, True, ["z"]), "unique sparse mdi with storedValues")
    status, body = index(emu, "intervals", {"type": "mdi-prefixed", "fields": ["from", "to"],
                                            "fieldValueTypes": "double", "prefixFields": ["year"]})
    c.eq((status, body.get("prefixFields"), body.get("estimates")), (201, ["year"], True), "mdi-prefixed")
    status, body = index(emu, "intervals", {"type": "mdi", "fields": ["x"], "fieldValueTypes": "int"})
    c.eq((status, body.get("errorNum")), (400, 10), "mdi fieldValueTypes must be double")


# --- vector indexes ----------------------------------------------------------------------------

VECTOR_ERRORS = [
    ("params missing", {"type": "vector", "fields": ["v"]}),
    ("two fields", {"type": "vector", "fields": ["v", "w"], "params": {"metric": "l2", "dimension": 2, "nLists": 1}}),
    ("unknown metric", {"type": "vector", "fields": ["v"], "params": {"metric": "l1", "dimension": 2, "nLists": 1}}),
    ("dimension 0", {"type": "vector", "fields": ["v"], "params": {"metric": "l2", "dimension": 0, "nLists": 1}}),
    ("dimension not a number", {"type": "vector", "fields": ["v"],
                                "params": {"metric": "l2", "dimension": "2", "nLists": 1}}),
    ("nLists 0", {"type": "vector", "fields": ["v"], "params": {"metric": "l2", "dimension": 2, "nLists": 0}}),
    ("defaultNProbe 0", {"type": "vector", "fields": ["v"],
                         "params": {"metric": "l2", "dimension": 2, "nLists": 1, "defaultNProbe": 0}}),
    ("unknown params attribute", {"type": "vector", "fields": ["v"],
                                  "params": {"metric": "l2", "dimension": 2, "nLists": 1, "foo": 1}}),
    ("unique", {"type": "vector", "fields": ["v"], "unique": True,
                "params": {"metric": "l2", "dimension": 2, "nLists": 1}}),
    ("numberOfDocsPerCentroid 0", {"type": "vector", "fields": ["v"],
                                   "params": {"metric": "l2", "dimension": 2, "numberOfDocsPerCentroid": 0}}),
    ("nLists object without strategy", {"type": "vector", "fields": ["v"], "params": {
        "metric": "l2", "dimension": 2, "nLists": {"multiplier": 4, "minNLists": 2}}}),
    ("nLists unknown strategy", {"type": "vector", "fields": ["v"], "params": {
        "metric": "l2", "dimension": 2, "nLists": {"strategy": "log", "multiplier": 4, "minNLists": 2}}}),
    ("nLists without minNLists", {"type": "vector", "fields": ["v"], "params": {
        "metric": "l2", "dimension": 2, "nLists": {"strategy": "autoSqrt", "multiplier": 4}}}),
    ("nLists multiplier 0", {"type": "vector", "fields": ["v"], "params": {
        "metric": "l2", "dimension": 2, "nLists": {"strategy": "autoSqrt", "multiplier": 0, "minNLists": 2}}}),
    ("nLists tier threshold 0", {"type": "vector", "fields": ["v"], "params": {
        "metric": "l2", "dimension": 2, "nLists": {"strategy": "autoSqrt", "multiplier": 4, "minNLists": 2,
                                                    "tiers": [{"threshold": 0, "fixedValue": 3}]}}}),
    ("nLists a string", {"type": "vector", "fields": ["v"], "params": {"metric": "l2", "dimension": 2,
                                                                       "nLists": "auto"}}),
    ("33 storedValues", {"type": "vector", "fields": ["v"], "storedValues": [f"s{i}" for i in range(33)],
                         "params": {"metric": "l2", "dimension": 2, "nLists": 1}}),
]

# UserVectorIndexDefinition's invariant texts (arangod 3.12.10), found in the error message
VECTOR_ERROR_TEXTS = [
    ("dimension 0", "Dimension must be greater than 0!"),
    ("nLists 0", "nLists must be 1 or greater!"),
    ("defaultNProbe 0", "defaultNProbe must be 1 or greater!"),
    ("numberOfDocsPerCentroid 0", "numberOfDocsPerCentroid must be 1 or greater!"),
    ("nLists multiplier 0", "multiplier must be 1 or greater!"),
    ("nLists tier threshold 0", "threshold must be 1 or greater!"),
]


def autosqrt(n, multiplier=4, min_n_lists=2, tiers=((1000000, 16384), (10000000, 65536), (300000000, 131072))):
    """NListsScalingSpec::compute: the tier with the highest threshold <= n, else
    max(minNLists, floor(multiplier * sqrt(n)))."""
    applying = [t for t in tiers if t[0] <= n]
    if applying:
        return max(applying)[1]
    return max(min_n_lists, int(multiplier * math.sqrt(n)))


def check_vector_scaling(c, emu):
    """3.12.10: nLists may be omitted (autofaiss's scaling specification) or given as an object;
    the index trains once the number it resolves to fits the vectors, and reports resolvedNLists."""
    mkcoll(emu, "vscale")
    errors = {what: index(emu, "vscale", body)[1] for what, body in VECTOR_ERRORS}
    for what, text in VECTOR_ERROR_TEXTS:
        c.true(text in errors[what].get("errorMessage", ""), f"{what}: {errors[what]}")
    status, b = index(emu, "vscale", {"type": "vector", "fields": ["v"], "name": "auto",
                                      "params": {"metric": "l2", "dimension": 2}})
    c.eq(status, 201, "nLists omitted")
    c.eq(b["params"]["nLists"], {"strategy": "autoSqrt", "multiplier": 4, "minNLists": 2, "tiers": [
        {"threshold": 1000000, "fixedValue": 16384}, {"threshold": 10000000, "fixedValue": 65536},
        {"threshold": 300000000, "fixedValue": 131072}]}, "the default scaling specification")
    c.eq(list(b["params"]), ["dimension", "metric", "nLists", "trainingIterations", "defaultNProbe",
                             "numberOfDocsPerCentroid"], "params order")
    # training needs as many vectors as centroids: the first n with autosqrt(n) <= n
    first = next(n for n in range(1, 100) if autosqrt(n) <= n)
    for i in range(first - 1):
        emu.request("POST", "/_api/document/vscale", {"v": [i, 1]})
    c.eq(emu.request("GET", "/_api/index/vscale/auto").json().get("trainingState"), "unusable",
         f"{first - 1} vectors: not trained")
    emu.request("POST", "/_api/document/vscale", {"v": [0, 0]})
    r = emu.request("GET", "/_api/index/vscale/auto").json()
    c.eq((r.get("trainingState"), r.get("resolvedNLists")), ("ready", autosqrt(first)),
         f"{first} vectors: trained with the resolved nLists")
    # an explicit specification, created over the documents present (tier applies)
    spec = {"strategy": "autoSqrt", "multiplier": 1, "minNLists": 3, "tiers": [{"threshold": 10, "fixedValue": 5}]}
    status, b = index(emu, "vscale", {"type": "vector", "fields": ["v"], "name": "spec",
                                      "params": {"metric": "l2", "dimension": 2, "nLists": spec,
                                                 "numberOfDocsPerCentroid": 7, "factory": "IVF{},Flat"}})
    c.eq((status, b["params"]["nLists"], b["params"]["numberOfDocsPerCentroid"], b["params"]["factory"]),
         (201, spec, 7, "IVF{},Flat"), "scaling specification kept as given")
    c.eq((b.get("trainingState"), b.get("resolvedNLists")),
         ("ready", autosqrt(first, 1, 3, ((10, 5),))), "created on the documents present: trained")


def check_vector_index(c, emu):
    mkcoll(emu, "vec")
    for what, body in VECTOR_ERRORS:
        status, b = index(emu, "vec", body)
        c.eq((status, b.get("errorNum")), (400, 10), f"vector definition: {what}")
    # 3.12.9+: created on an empty collection, not trained
    status, b = index(emu, "vec", {"type": "vector", "fields": ["v"], "name": "vl2",
                                   "params": {"metric": "l2", "dimension": 3, "nLists": 2}})
    c.eq(status, 201, "created on an empty collection")
    c.eq(b.get("params"), {"dimension": 3, "metric": "l2", "nLists": 2, "trainingIterations": 25,
                           "defaultNProbe": 1, "numberOfDocsPerCentroid": 100}, "params with their defaults")
    c.eq((b.get("trainingState"), b.get("errorMessage")),
         ("unusable", "not enough training data for vector index"), "not trained")
    c.true("resolvedNLists" not in b, "no resolvedNLists before training")
    # documents the index cannot take (readDocumentVectorData)
    for what, doc, num in (("missing attribute", {"w": 1}, 10), ("not an array", {"v": "x"}, 17),
                           ("wrong dimension", {"v": [1, 2]}, 17), ("not numbers", {"v": [1, "a", 3]}, 17)):
        r = emu.request("POST", "/_api/document/vec", doc)
        c.eq((r.status, r.json().get("errorNum")), (400, num), f"insert refused: {what}")
    c.eq(emu.request("GET", "/_api/collection/vec/count").json()["count"], 0, "nothing inserted")
    emu.request("POST", "/_api/document/vec", {"v": [1, 0, 0]})
    r = emu.request("GET", "/_api/index/vec/vl2")
    c.eq(r.json().get("trainingState"), "unusable", "one document: still unusable")
    emu.request("POST", "/_api/document/vec", {"v": [0, 1, 0]})
    r = emu.request("GET", "/_api/index/vec/vl2").json()
    c.eq((r.get("trainingState"), r.get("resolvedNLists"), "errorMessage" in r), ("ready", 2, False),
         "nLists documents: trained")
    # the identical definition finds the index
    status, b = index(emu, "vec", {"type": "vector", "fields": ["v"], "name": "vl2",
                                   "params": {"metric": "l2", "dimension": 3, "nLists": 2}})
    c.eq((status, b.get("isNewlyCreated"), b.get("trainingState")), (200, False, "ready"), "existing index")
    emu.request("PUT", "/_api/collection/vec/truncate")
    r = emu.request("GET", "/_api/index/vec/vl2").json()
    c.eq(r.get("trainingState"), "unusable", "truncate forgets the training")
    # a sparse index skips documents without the attribute, but not wrong values
    mkcoll(emu, "vsparse")
    emu.request("POST", "/_api/document/vsparse", {"v": [1, 2]})
    emu.request("POST", "/_api/document/vsparse", {"w": 1})
    status, b = index(emu, "vsparse", {"type": "vector", "fields": ["v"], "sparse": True,
                                       "params": {"metric": "cosine", "dimension": 2, "nLists": 2}})
    c.eq((status, b.get("sparse"), b.get("trainingState")), (201, True, "unusable"),
         "sparse: the document without a vector does not count")
    r = emu.request("POST", "/_api/document/vsparse", {"x": 1})
    c.eq(r.status, 202, "sparse: a document without the attribute is taken")
    r = emu.request("POST", "/_api/document/vsparse", {"v": [1]})
    c.eq(r.json().get("errorNum"), 17, "sparse: a wrong vector is still refused")
    # creating the index over a document it cannot take fails
    mkcoll(emu, "vbad")
    emu.request("POST", "/_api/document/vbad", {"v": [1, 2, 3]})
    status, b = index(emu, "vbad", {"type": "vector", "fields": ["v"],
                                    "params": {"metric": "l2", "dimension": 2, "nLists": 1}})
    c.eq((status, b.get("errorNum")), (400, 17), "index over a wrong vector")
    c.eq(len(emu.request("GET", "/_api/index?collection=vbad").json()["indexes"]), 1, "no index left behind")


# --- vector search -----------------------------------------------------------------------------

def vectors(n):
    out = []
    for i in range(n):
        out.append([math.sin(i * 0.7) * 3, math.cos(i * 1.3) * 2, ((i * 37) % 11) / 5.0 - 1, (i % 4) * 0.25])
    return out


def make_search_collection(emu, name, metric, n=40):
    mkcoll(emu, name)
    docs = [{"_key": f"k{i}", "v": v, "n": i} for i, v in enumerate(vectors(n))]
    r = emu.request("POST", f"/_api/document/{name}", docs)
    assert r.status in (201, 202), r.text
    status, b = index(emu, name, {"type": "vector", "fields": ["v"], "params": {"metric": metric, "dimension": 4,
                                                                                 "nLists": 4}})
    assert status == 201 and b["trainingState"] == "ready", b
    return docs


def check_search(c, emu):
    q = [0.5, -1.0, 0.25, 0.5]
    for metric, fn, direction in (("l2", "APPROX_NEAR_L2", "ASC"), ("cosine", "APPROX_NEAR_COSINE", "DESC"),
                                  ("innerProduct", "APPROX_NEAR_INNER_PRODUCT", "DESC")):
        name = "vs_" + metric.lower()
        docs = make_search_collection(emu, name, metric)
        expected = nearest(docs, metric, q, 5)
        status, b = query(emu, f"FOR d IN {name} LET s = {fn}(d.v, @q) SORT s {direction} LIMIT 5 "
                               "RETURN {k: d._key, s}", {"q": q})
        c.eq(status, 201, f"{metric}: query")
        got = b.get("result", [])
        c.eq([g["k"] for g in got], [k for _, k in expected], f"{metric}: the 5 nearest, in order")
        c.true(all(close(g["s"], e) for g, (e, _) in zip(got, expected)), f"{metric}: distances {got}")
        # the function directly in SORT, the query point first, with nProbe
        status, b = query(emu, f"FOR d IN {name} SORT {fn}(@q, d.v, {{nProbe: 4}}) {direction} LIMIT 2, 3 "
                               "RETURN d._key", {"q": q})
        c.eq(b.get("result"), [k for _, k in nearest(docs, metric, q, 3, offset=2)], f"{metric}: LIMIT 2, 3")
        # FILTER evaluated during the search: the nearest among the filtered
        status, b = query(emu, f"FOR d IN {name} FILTER d.n % 2 == 0 SORT {fn}(d.v, @q) {direction} LIMIT 4 "
                               "RETURN d._key", {"q": q})
        c.eq(b.get("result"), [k for _, k in nearest(docs, metric, q, 4, keep=lambda d: d["n"] % 2 == 0)],
             f"{metric}: FILTER pushed into the search")
        # wrong direction: the rule does not apply, the function fails
        wrong = "DESC" if direction == "ASC" else "ASC"
        status, b = query(emu, f"FOR d IN {name} SORT {fn}(d.v, @q) {wrong} LIMIT 3 RETURN d", {"q": q})
        c.eq(b.get("errorNum"), 1554, f"{metric}: SORT {wrong} is not a vector search")
    docs = [{"_key": f"k{i}", "v": v, "n": i} for i, v in enumerate(vectors(40))]
    # per outer document in a subquery (the query point from the outer loop)
    status, b = query(emu, "FOR o IN vs_l2 FILTER o.n < 3 SORT o.n LET nn = (FOR d IN vs_l2 "
                           "SORT APPROX_NEAR_L2(d.v, o.v) LIMIT 3 RETURN d._key) RETURN nn")
    c.eq(b.get("result"), [[k for _, k in nearest(docs, "l2", docs[i]["v"], 3)] for i in range(3)],
         "subquery per outer document")
    for what, q_text, bind, num in (
            ("no LIMIT", "FOR d IN vs_l2 SORT APPROX_NEAR_L2(d.v, @q) RETURN d", {"q": q}, 1554),
            ("metric of another index", "FOR d IN vs_l2 SORT APPROX_NEAR_COSINE(d.v, @q) DESC LIMIT 2 RETURN d",
             {"q": q}, 1554),
            ("attribute not indexed", "FOR d IN vs_l2 SORT APPROX_NEAR_L2(d.w, @q) LIMIT 2 RETURN d", {"q": q}, 1554),
            ("second sort attribute", "FOR d IN vs_l2 SORT APPROX_NEAR_L2(d.v, @q), d.n LIMIT 2 RETURN d",
             {"q": q}, 1554),
            ("outside a loop", "RETURN APPROX_NEAR_L2([1,2,3,4], @q)", {"q": q}, 1554),
            ("query of the wrong dimension", "FOR d IN vs_l2 SORT APPROX_NEAR_L2(d.v, @q) LIMIT 2 RETURN d",
             {"q": [1, 2, 3]}, 1542),
            ("query not an array", "FOR d IN vs_l2 SORT APPROX_NEAR_L2(d.v, @q) LIMIT 2 RETURN d", {"q": "x"}, 1542),
            ("bad search parameters", "FOR d IN vs_l2 SORT APPROX_NEAR_L2(d.v, @q, {nProbe: 'x'}) LIMIT 2 RETURN d",
             {"q": q}, 1501),
            ("too few arguments", "FOR d IN vs_l2 SORT APPROX_NEAR_L2(d.v) LIMIT 2 RETURN d", None, 1541)):
        status, b = query(emu, q_text, bind)
        c.eq(b.get("errorNum"), num, f"error: {what}")
    # an index that is not trained is not used
    mkcoll(emu, "vs_untrained")
    emu.request("POST", "/_api/document/vs_untrained", {"v": [1, 2, 3, 4]})
    index(emu, "vs_untrained", {"type": "vector", "fields": ["v"], "params": {"metric": "l2", "dimension": 4,
                                                                               "nLists": 5}})
    status, b = query(emu, "FOR d IN vs_untrained SORT APPROX_NEAR_L2(d.v, @q) LIMIT 1 RETURN d", {"q": q})
    c.eq(b.get("errorNum"), 1554, "untrained index")
    # explain shows the EnumerateNearVectorNode and the rule
    r = emu.request("POST", "/_api/explain", {"query": "FOR d IN vs_l2 SORT APPROX_NEAR_L2(d.v, @q) LIMIT 3 RETURN d",
                                               "bindVars": {"q": q}})
    plan = r.json().get("plan", {})
    types = [n["type"] for n in plan.get("nodes", [])]
    c.true("EnumerateNearVectorNode" in types and "SortNode" not in types, f"explain: {types}")
    c.eq(plan.get("rules"), ["use-vector-index"], "explain: rules")
    # the rule is listed
    r = emu.request("GET", "/_api/query/rules")
    c.true(any(x["name"] == "use-vector-index" for x in r.json()), "use-vector-index listed")


def run(c, exe):
    with started(c, exe, "--no-auth") as emu:
        c.run("inverted indexes", check_inverted, emu)
        c.run("mdi indexes", check_mdi, emu)
        c.run("vector indexes", check_vector_index, emu)
        c.run("vector index nLists scaling (3.12.10)", check_vector_scaling, emu)
        c.run("vector search", check_search, emu)
        drop_collections(emu)
    return c.report()


if __name__ == "__main__":
    sys.exit(emutest.suite_main(__doc__, run))
