#!/usr/bin/env python3
"""Engine tests of arango-emulator's AQL SEARCH over views (python3 standard library only).

    test_search.py PATH/TO/arango-emulator

Checks, each against arangod 3.12's IResearch behaviour (IResearchFilterFactory.cpp,
iresearch's bm25.cpp / tfidf.cpp):
- every SEARCH construct on an arangosearch view (comparisons, IN, ranges, AND/OR/NOT, ANALYZER,
  BOOST, EXISTS with its types, IN_RANGE, MIN_MATCH, PHRASE with offsets and object parts,
  STARTS_WITH with minMatchCount, TOKENS with IN / ANY / ALL, LEVENSHTEIN_MATCH, NGRAM_MATCH,
  LIKE, nested attributes and arrays), the documents each one finds being worked out here;
- the geo filters (GEO_DISTANCE comparisons, GEO_IN_RANGE, GEO_CONTAINS, GEO_INTERSECTS) on
  geojson / geopoint analyzer fields, distances checked with the haversine formula here;
- a search-alias view over an inverted index (the field's analyzer applies without ANALYZER());
- BM25 and TFIDF: the scores computed here with IResearch's formulas (idf, norms, k, b, boost,
  phrase idf sums), never read back from the emulator first;
- multi-term filters as iresearch's multiterm_query scores them: STARTS_WITH / LIKE / string
  ranges score only their most frequent terms (scored_terms_limit: 128, STARTS_WITH's argument,
  1024 for ranges; ties to the later term), LEVENSHTEIN_MATCH matches its maxTerms most similar
  terms, each boosted by its similarity, with one shared idf and the best term per document,
  NGRAM_MATCH scores its similarity times BM25 over the summed n-gram idf (its threshold a
  float); numbers, booleans and null (indexed without frequencies) score 0;
- OPTIONS (collections, waitForSync, bad values), errors (SEARCH over a collection 1203, over
  an array 4, unknown analyzer 10, scorers outside SEARCH 9, bad arguments 10), bounds;
- FOR over a view inside a stream transaction;
- a large standalone truncate (32768 documents or more) empties the links at once, a small one
  waits for the commit like other removals; a link commit clears its own database's AQL results
  cache, not another's;
- when writes become visible (IResearchDataStore's commits): a view's existing documents, an
  insert, an update and a removal only after the link's next commit (every commitIntervalMsec,
  none when 0, at once with OPTIONS {waitForSync: true}), a changed interval taking effect,
  a stream transaction's own writes never, and the same for an inverted index under a
  search-alias view. As against a real server, a check that needs the current data asks for
  waitForSync (a view's links commit their first snapshot one interval after they are made).
"""
import math
import os
import struct
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import emutest  # noqa: E402  (shared infrastructure)
from emutest import drop_collections, mkcoll, started  # noqa: E402

DOCS = [
    {"_key": "a", "text": "the quick brown fox", "n": 1, "tags": ["x", "y"], "b": True},
    {"_key": "b", "text": "quick quick dog", "n": 2, "tags": ["y"], "nul": None},
    {"_key": "c", "text": "brown dog and brown cat", "n": 3, "obj": {"s": "alpha"}},
    {"_key": "d", "text": "lazy cat", "n": 10, "name": "Foxy"},
    {"_key": "e", "other": "no text"},
]
# the text_en tokens of each text (lower case, English stems: "lazy" -> "lazi")
TOKENS = {
    "a": ["the", "quick", "brown", "fox"],
    "b": ["quick", "quick", "dog"],
    "c": ["brown", "dog", "and", "brown", "cat"],
    "d": ["lazi", "cat"],
}


def query(emu, q, bind=None, headers=None):
    body = {"query": q}
    if bind is not None:
        body["bindVars"] = bind
    r = emu.request("POST", "/_api/cursor", body, headers=headers, timeout=30)
    return r.status, r.json()


def keys(emu, search, bind=None, view="sv"):
    status, b = query(emu, f"FOR d IN {view} SEARCH {search} SORT d._key RETURN d._key", bind)
    if status != 201:
        raise AssertionError(f"{search}: {status} {b}")
    return b["result"]


def sync(c, emu, view):
    """What a test against a real server does before it reads what it just wrote: a SEARCH
    with waitForSync commits the view's links."""
    status, b = query(emu, f"FOR d IN {view} SEARCH d._key == 'none' OPTIONS {{waitForSync: true}} RETURN 1")
    c.eq((status, b.get("result")), (201, []), f"waitForSync on {view}")


def error(emu, q, bind=None):
    status, b = query(emu, q, bind)
    return status, b.get("errorNum"), b.get("errorMessage", "")


def close(a, b):
    return abs(a - b) <= 1e-5 * max(1.0, abs(b))


# --- IResearch's scorers, as bm25.cpp / tfidf.cpp compute them --------------------------------

def field_stats():
    docs_with_field = len(TOKENS)
    total = sum(len(t) for t in TOKENS.values())
    return docs_with_field, total


def df(term):
    return sum(1 for t in TOKENS.values() if term in t)


def bm25_idf(term):
    n, _ = field_stats()
    return math.log1p((n - df(term) + 0.5) / (df(term) + 0.5))


def bm25(key, terms, k=1.2, b=0.75, boost=1.0, phrase_tf=None):
    """terms: the query terms; each scores on its own, a phrase (phrase_tf given) sums the idf."""
    n, total = field_stats()
    dl = len(TOKENS[key])
    c1 = k if b == 0 else k * (1 - b) + k * b * dl / (total / n)
    if phrase_tf is not None:
        idf = sum(bm25_idf(t) for t in terms)
        return boost * (k + 1) * idf * phrase_tf / (c1 + phrase_tf)
    s = 0.0
    for t in terms:
        tf = TOKENS[key].count(t)
        if tf:
            s += boost * (k + 1) * bm25_idf(t) * tf / (c1 + tf)
    return s


def tfidf(key, terms, normalize=False):
    n, _ = field_stats()
    s = 0.0
    for t in terms:
        tf = TOKENS[key].count(t)
        if tf:
            v = (1 + math.log((n + 1) / (df(t) + 1))) * math.sqrt(tf)
            if normalize:
                v /= math.sqrt(len(TOKENS[key]))
            s += v
    return s


# --- setup --------------------------------------------------------------------------------------

def setup(c, emu):
    mkcoll(emu, "sdocs")
    mkcoll(emu, "sdocs2")
    r = emu.request("POST", "/_api/analyzer", {"name": "bigram", "type": "ngram",
                                                "properties": {"min": 2, "max": 2, "preserveOriginal": False},
                                                "features": ["frequency", "position", "norm"]})
    c.true(r.status in (200, 201), f"bigram analyzer: {r.status}")
    r = emu.request("POST", "/_api/document/sdocs", DOCS)
    c.eq(r.status, 202, "insert")
    emu.request("POST", "/_api/document/sdocs2", [{"_key": "z", "n": 2, "text": "quick fox"}])
    link = {"includeAllFields": True, "analyzers": ["identity"],
            "fields": {"text": {"analyzers": ["text_en", "identity"]},
                       "name": {"analyzers": ["identity", "bigram"]}}}
    r = emu.request("POST", "/_api/view", {"name": "sv", "type": "arangosearch",
                                            "links": {"sdocs": link, "sdocs2": link}})
    c.eq(r.status, 201, "create view")
    sync(c, emu, "sv")


def check_comparisons(c, emu):
    sv = "sv OPTIONS {collections: ['sdocs']}"  # noqa: F841 (documentation of the form below)
    only = "OPTIONS {collections: ['sdocs']}"
    c.eq(keys(emu, f"d.n == 2 {only}"), ["b"], "==")
    c.eq(keys(emu, f"d.n > 1 AND d.n <= 3 {only}"), ["b", "c"], "> AND <=")
    c.eq(keys(emu, f"d.n >= 3 {only}"), ["c", "d"], ">=")
    c.eq(keys(emu, f"d.n < 2 {only}"), ["a"], "<")
    c.eq(keys(emu, f"d.n IN 2..10 {only}"), ["b", "c", "d"], "IN range")
    c.eq(keys(emu, f"d.n IN [1, 10] {only}"), ["a", "d"], "IN array")
    c.eq(keys(emu, f"d.n != 1 {only}"), ["b", "c", "d", "e"], "!= matches documents without the field")
    c.eq(keys(emu, f"d.n NOT IN [1, 2] {only}"), ["c", "d", "e"], "NOT IN")
    c.eq(keys(emu, f"NOT (d.n == 1 OR d.n == 2) {only}"), ["c", "d", "e"], "NOT OR")
    c.eq(keys(emu, f"2 == d.n {only}"), ["b"], "value on the left")
    c.eq(keys(emu, f"d.n > '0' {only}"), [], "a string range does not match numbers")
    c.eq(keys(emu, f"d.tags == 'y' {only}"), ["a", "b"], "array elements")
    c.eq(keys(emu, f"d.obj.s == 'alpha' {only}"), ["c"], "nested attribute")
    c.eq(keys(emu, f"d['obj']['s'] == 'alpha' {only}"), ["c"], "nested attribute by []")
    c.eq(keys(emu, f"d.b == true {only}"), ["a"], "bool")
    c.eq(keys(emu, f"d.nul == null {only}"), ["b"], "null")
    c.eq(keys(emu, f"d.text == 'lazy cat' {only}"), ["d"], "identity: the whole string")
    c.eq(keys(emu, f"d.text == 'dog' {only}"), [], "identity: no token")
    c.eq(keys(emu, f"ANALYZER(d.text == 'dog', 'text_en') {only}"), ["b", "c"], "ANALYZER text_en")
    c.eq(keys(emu, "d.n == 2"), ["b", "z"], "both linked collections")
    c.eq(keys(emu, "d.n == 2 OPTIONS {collections: ['sdocs2']}"), ["z"], "OPTIONS collections")
    c.eq(keys(emu, f"d.n == @v {only}", {"v": 3}), ["c"], "bind parameter")
    c.eq(keys(emu, f"true {only}"), ["a", "b", "c", "d", "e"], "constant true")
    c.eq(keys(emu, f"1 == 2 {only}"), [], "constant false")
    c.eq(keys(emu, f"IN_RANGE(d.n, 2, 10, true, false) {only}"), ["b", "c"], "IN_RANGE numbers")
    c.eq(keys(emu, f"ANALYZER(IN_RANGE(d.text, 'c', 'e', true, true), 'text_en') {only}"), ["b", "c", "d"],
         "IN_RANGE strings (cat, dog)")
    # a value outer to the FOR
    status, b = query(emu, "FOR x IN [1, 3] FOR d IN sv SEARCH d.n == x OPTIONS {collections: ['sdocs']} "
                           "RETURN d._key")
    c.eq(b.get("result"), ["a", "c"], "outer variable")


def check_functions(c, emu):
    only = "OPTIONS {collections: ['sdocs']}"
    c.eq(keys(emu, f"ANALYZER(d.text IN TOKENS('Brown Cats', 'text_en'), 'text_en') {only}"),
         ["a", "c", "d"], "IN TOKENS")
    c.eq(keys(emu, f"ANALYZER(TOKENS('fox dog', 'text_en') ANY == d.text, 'text_en') {only}"),
         ["a", "b", "c"], "TOKENS ANY ==")
    c.eq(keys(emu, f"ANALYZER(TOKENS('brown dog', 'text_en') ALL == d.text, 'text_en') {only}"),
         ["c"], "TOKENS ALL ==")
    c.eq(keys(emu, f"ANALYZER(TOKENS('brown dog', 'text_en') NONE == d.text, 'text_en') {only}"),
         ["d", "e"], "TOKENS NONE ==")
    c.eq(keys(emu, f"ANALYZER(['brown', 'dog', 'fox'] AT LEAST (2) == d.text, 'text_en') {only}"),
         ["a", "c"], "AT LEAST")
    c.eq(keys(emu, f"ANALYZER(PHRASE(d.text, 'brown fox'), 'text_en') {only}"), ["a"], "PHRASE")
    c.eq(keys(emu, f"PHRASE(d.text, 'Brown Fox', 'text_en') {only}"), ["a"], "PHRASE analyzer argument")
    c.eq(keys(emu, f"PHRASE(d.text, 'fox brown', 'text_en') {only}"), [], "PHRASE order")
    c.eq(keys(emu, f"PHRASE(d.text, 'quick', 1, 'fox', 'text_en') {only}"), ["a"], "PHRASE offset")
    c.eq(keys(emu, f"PHRASE(d.text, 'quick', 0, 'fox', 'text_en') {only}"), [], "PHRASE offset 0")
    c.eq(keys(emu, f"PHRASE(d.text, ['brown', {{STARTS_WITH: 'ca'}}], 'text_en') {only}"), ["c"],
         "PHRASE array with STARTS_WITH")
    c.eq(keys(emu, f"PHRASE(d.text, {{TERMS: ['dog', 'fox']}}, 'text_en') {only}"), ["a", "b", "c"],
         "PHRASE TERMS")
    c.eq(keys(emu, f"PHRASE(d.text, [{{TERM: 'quick'}}, {{WILDCARD: 'd_g'}}], 'text_en') {only}"), ["b"],
         "PHRASE TERM + WILDCARD")
    c.eq(keys(emu, f"PHRASE(d.text, [{{LEVENSHTEIN_MATCH: ['brwn', 1]}}, 'fox'], 'text_en') {only}"), ["a"],
         "PHRASE LEVENSHTEIN_MATCH")
    c.eq(keys(emu, f"ANALYZER(STARTS_WITH(d.text, 'qu'), 'text_en') {only}"), ["a", "b"], "STARTS_WITH")
    c.eq(keys(emu, f"ANALYZER(STARTS_WITH(d.text, ['qu', 'br'], 2), 'text_en') {only}"), ["a"],
         "STARTS_WITH minMatchCount")
    c.eq(keys(emu, f"STARTS_WITH(d.name, 'Fo') {only}"), ["d"], "STARTS_WITH identity")
    c.eq(keys(emu, f"EXISTS(d.nul) {only}"), ["b"], "EXISTS")
    c.eq(keys(emu, f"EXISTS(d.b, 'bool') {only}"), ["a"], "EXISTS bool")
    c.eq(keys(emu, f"EXISTS(d.n, 'numeric') {only}"), ["a", "b", "c", "d"], "EXISTS numeric")
    c.eq(keys(emu, f"EXISTS(d.n, 'string') {only}"), [], "EXISTS string (numbers)")
    c.eq(keys(emu, f"EXISTS(d.text, 'analyzer', 'text_en') {only}"), ["a", "b", "c", "d"],
         "EXISTS analyzer")
    c.eq(keys(emu, f"EXISTS(d.other, 'analyzer', 'text_en') {only}"), [], "EXISTS analyzer not linked")
    c.eq(keys(emu, f"EXISTS(d.other) {only}"), ["e"], "EXISTS any type")
    c.eq(keys(emu, f"EXISTS(d.text, 'type') {only}"), [], "EXISTS 'type': non-string values only")
    c.eq(keys(emu, f"EXISTS(d.n, 'type') {only}"), ["a", "b", "c", "d"], "EXISTS 'type' numbers")
    c.eq(keys(emu, f"PHRASE(d.text, [{{TERM: ['brown']}}, {{IN_RANGE: ['c', 'e', true, false]}}], 'text_en') "
                   f"{only}"), ["c"], "PHRASE IN_RANGE part")
    c.eq(keys(emu, f"LIKE(d.name, 'F%') {only}"), ["d"], "LIKE")
    c.eq(keys(emu, f"LIKE(d.name, 'f%') {only}"), [], "LIKE is case-sensitive")
    c.eq(keys(emu, f"LEVENSHTEIN_MATCH(d.name, 'Fxy', 1) {only}"), ["d"], "LEVENSHTEIN_MATCH")
    c.eq(keys(emu, f"LEVENSHTEIN_MATCH(d.name, 'Fxoy', 1, false) {only}"), [], "no transpositions: 2 edits")
    c.eq(keys(emu, f"LEVENSHTEIN_MATCH(d.name, 'Fxoy', 1, true) {only}"), ["d"], "transposition: 1 edit")
    c.eq(keys(emu, f"LEVENSHTEIN_MATCH(d.name, 'xy', 0, true, 64, 'Fo') {only}"), ["d"], "prefix")
    # bigrams of "Foxy": Fo ox xy; of "Fox": Fo ox -> 2 of 2 found; "Fax": Fa ax -> 0 of 2
    c.eq(keys(emu, f"NGRAM_MATCH(d.name, 'Fox', 0.7, 'bigram') {only}"), ["d"], "NGRAM_MATCH")
    c.eq(keys(emu, f"NGRAM_MATCH(d.name, 'Fax', 0.5, 'bigram') {only}"), [], "NGRAM_MATCH below threshold")
    # "Foxes": Fo ox xe es -> 2 of 4 = 0.5
    c.eq(keys(emu, f"NGRAM_MATCH(d.name, 'Foxes', 0.5, 'bigram') {only}"), ["d"], "NGRAM_MATCH threshold 0.5")
    c.eq(keys(emu, f"NGRAM_MATCH(d.name, 'Foxes', 0.6, 'bigram') {only}"), [], "NGRAM_MATCH threshold 0.6")
    c.eq(keys(emu, f"ANALYZER(NGRAM_MATCH(d.name, 'Fox'), 'bigram') {only}"), ["d"], "NGRAM_MATCH context analyzer")
    c.eq(keys(emu, f"MIN_MATCH(d.n == 1, d.tags == 'x', d.b == true, d.n == 2, 3) {only}"), ["a"], "MIN_MATCH 3")
    c.eq(keys(emu, f"MIN_MATCH(d.n == 1, d.n == 2, d.n == 3, 1) {only}"), ["a", "b", "c"], "MIN_MATCH 1")
    c.eq(keys(emu, f"BOOST(d.n == 2, 2.5) {only}"), ["b"], "BOOST keeps the match")
    # outside SEARCH
    status, b = query(emu, "RETURN [MIN_MATCH(true, false, true, 2), BOOST(5, 2), ANALYZER('x', 'identity'), "
                           "LEVENSHTEIN_MATCH('foo', 'fxo', 1)]")
    c.eq(b.get("result"), [[True, 5, "x", True]], "functions outside SEARCH")


def check_scores(c, emu):
    only = "OPTIONS {collections: ['sdocs']}"

    def scores(search, scorer="BM25(d)"):
        status, b = query(emu, f"FOR d IN sv SEARCH {search} {only} LET s = {scorer} SORT s DESC, d._key "
                               "RETURN [d._key, s]")
        if status != 201:
            raise AssertionError(f"{search}: {status} {b}")
        return b["result"]

    def expect(got, want, what):
        c.eq([g[0] for g in got], [w[0] for w in sorted(want, key=lambda x: (-x[1], x[0]))], what + ": order")
        for k, s in want:
            g = dict(got)[k]
            c.true(close(g, s), f"{what}: {k}: expected {s}, got {g}")

    brown = "ANALYZER(d.text == 'brown', 'text_en')"
    expect(scores(brown), [("a", bm25("a", ["brown"])), ("c", bm25("c", ["brown"]))], "BM25 one term")
    expect(scores(brown, "BM25(d, 1.5, 0)"),
           [("a", bm25("a", ["brown"], 1.5, 0)), ("c", bm25("c", ["brown"], 1.5, 0))], "BM15")
    expect(scores(brown, "BM25(d, 2, 1)"),
           [("a", bm25("a", ["brown"], 2, 1)), ("c", bm25("c", ["brown"], 2, 1))], "BM25 k=2 b=1")
    expect(scores(brown, "TFIDF(d)"), [("a", tfidf("a", ["brown"])), ("c", tfidf("c", ["brown"]))], "TFIDF")
    expect(scores(brown, "TFIDF(d, true)"),
           [("a", tfidf("a", ["brown"], True)), ("c", tfidf("c", ["brown"], True))], "TFIDF normalized")
    expect(scores("BOOST(" + brown + ", 2)"),
           [("a", bm25("a", ["brown"], boost=2)), ("c", bm25("c", ["brown"], boost=2))], "BM25 boosted")
    either = "ANALYZER(d.text == 'quick' OR d.text == 'dog', 'text_en')"
    expect(scores(either), [(k, bm25(k, ["quick", "dog"])) for k in ("a", "b", "c")], "BM25 two terms")
    expect(scores(either, "TFIDF(d)"), [(k, tfidf(k, ["quick", "dog"])) for k in ("a", "b", "c")],
           "TFIDF two terms")
    expect(scores("PHRASE(d.text, 'brown dog', 'text_en')"),
           [("c", bm25("c", ["brown", "dog"], phrase_tf=1))], "BM25 phrase")
    # a filter without term frequencies scores 0
    got = scores("d.n == 2")
    c.eq(got, [["b", 0]], "numeric term scores 0")
    # scores in RETURN and the SORT BM25(d) DESC form
    status, b = query(emu, f"FOR d IN sv SEARCH {brown} {only} SORT BM25(d) DESC RETURN d._key")
    want = sorted(["a", "c"], key=lambda k: -bm25(k, ["brown"]))
    c.eq(b.get("result"), want, "SORT BM25(d) DESC")
    status, b = query(emu, f"FOR d IN sv SEARCH {brown} {only} SORT d._key RETURN [BM25(d), TFIDF(d)]")
    c.true(all(close(x[0], bm25(k, ["brown"])) and close(x[1], tfidf(k, ["brown"]))
               for x, k in zip(b["result"], ["a", "c"])), f"two scorers in RETURN: {b}")


# --- multi-term filters (iresearch's multiterm_query, levenshtein / ngram similarity) -----------

MDOCS = {
    "m1": {"w": ["apple", "apple", "banana"], "g": "Foxy"},
    "m2": {"w": ["apricot", "apple"], "g": "Fox"},
    "m3": {"w": ["apex"], "g": "Boxy"},
    "m4": {"w": ["avocado", "apricot"], "g": "Foxes"},
    "m5": {"w": ["banana"], "g": "abcd"},
    "m6": {"w": ["apex", "apple"], "g": "xyz"},
}


def bigrams(s):
    return [s[i:i + 2] for i in range(len(s) - 1)]


class Field:
    """A field's tokens per document (identity: each value one token) and IResearch's scorers
    over it (norms on: |doc| is the document's token count)."""

    def __init__(self, tokens):
        self.tokens = tokens
        self.n = len(tokens)
        self.avg = sum(len(t) for t in tokens.values()) / self.n

    def df(self, term):
        return sum(1 for t in self.tokens.values() if term in t)

    def terms(self):
        return sorted({t for toks in self.tokens.values() for t in toks})

    def bm25_idf(self, df):
        return math.log1p((self.n - df + 0.5) / (df + 0.5))

    def bm25(self, key, idf, tf, boost=1.0, factor=1.0, k=1.2, b=0.75):
        c1 = k * (1 - b) + k * b * len(self.tokens[key]) / self.avg
        return factor * boost * (k + 1) * idf * tf / (c1 + tf)

    def tfidf(self, idfs_df, tf, boost=1.0):
        idf = 1 + math.log((self.n + 1) / (idfs_df + 1))
        return boost * idf * math.sqrt(tf)


W = Field({k: v["w"] for k, v in MDOCS.items()})
G = Field({k: bigrams(v["g"]) for k, v in MDOCS.items()})


def sampled(field, accepted, limit):
    """limited_sample_collector: the `limit` accepted terms with the most documents, a tie going
    to the term later in dictionary order."""
    ranked = sorted(((field.df(t), i, t) for i, t in enumerate(accepted)), reverse=True)
    return {t for _, _, t in ranked[:limit]}


def sum_scores(field, accepted, scored, scorer="bm25"):
    """The documents holding an accepted term, each scoring the sum of its scored terms."""
    out = {}
    for key, toks in field.tokens.items():
        if not any(t in accepted for t in toks):
            continue
        s = 0.0
        for t in sorted(set(toks) & scored):
            if scorer == "bm25":
                s += field.bm25(key, field.bm25_idf(field.df(t)), toks.count(t))
            else:
                s += field.tfidf(field.df(t), toks.count(t))
        out[key] = s
    return out


def osa(a, b):
    """Levenshtein distance with adjacent transpositions (optimal string alignment)."""
    d = [[max(i, j) if min(i, j) == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


def levenshtein_scores(field, target, distance, max_terms, scorer="bm25"):
    """by_edit_distance: the max_terms terms most similar to the target (a tie to the later
    term) match, boosted by their similarity, with one idf from their summed document counts;
    a document scores its best term."""
    sims = {}
    for t in field.terms():
        dist = osa(t, target)
        if dist <= distance:
            sims[t] = 1 - dist / min(len(t), len(target))
    picked = sorted(sims, key=lambda t: (sims[t], t), reverse=True)[:max_terms or None]
    shared = sum(field.df(t) for t in picked)
    out = {}
    for key, toks in field.tokens.items():
        held = [t for t in picked if t in toks]
        if held:
            if scorer == "bm25":
                out[key] = max(field.bm25(key, field.bm25_idf(shared), toks.count(t), sims[t]) for t in held)
            else:
                out[key] = max(field.tfidf(shared, toks.count(t), sims[t]) for t in held)
    return out


def lcs(a, b):
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0] * (len(b) + 1)
        for j, y in enumerate(b, 1):
            cur[j] = prev[j - 1] + 1 if x == y else max(prev[j], cur[j - 1])
        prev = cur
    return prev[-1]


def f32(x):
    return struct.unpack("f", struct.pack("f", x))[0]


def ngram_scores(field, target, threshold):
    """by_ngram_similarity: the longest in-order sequence of the target's n-grams reaches
    ceil(n * threshold) (threshold a float); the score is similarity x BM25 with the idf summed
    over all n-grams and frequency 1."""
    q = bigrams(target)
    need = max(1, math.ceil(len(q) * f32(threshold)))
    idf = sum(field.bm25_idf(field.df(t)) for t in q)
    out = {}
    for key, toks in field.tokens.items():
        longest = lcs(q, toks)
        if longest >= need:
            out[key] = field.bm25(key, idf, 1, factor=longest / len(q))
    return out


def check_multiterm_scores(c, emu):
    mkcoll(emu, "mdocs")
    r = emu.request("POST", "/_api/document/mdocs", [dict(v, _key=k) for k, v in MDOCS.items()])
    c.eq(r.status, 202, "insert")
    link = {"fields": {"w": {"analyzers": ["identity"]}, "g": {"analyzers": ["bigram"]}}}
    r = emu.request("POST", "/_api/view", {"name": "mv", "type": "arangosearch", "links": {"mdocs": link}})
    c.eq(r.status, 201, "create view")
    sync(c, emu, "mv")

    def expect(search, want, what, scorer="BM25(d)"):
        status, b = query(emu, f"FOR d IN mv SEARCH {search} SORT d._key RETURN [d._key, {scorer}]")
        if status != 201:
            c.true(False, f"{what}: {status} {b}")
            return
        got = dict(b["result"])
        c.eq(sorted(got), sorted(want), f"{what}: documents")
        for k, s in want.items():
            if k in got:
                c.true(close(got[k], s), f"{what}: {k}: expected {s}, got {got[k]}")

    ap = [t for t in W.terms() if t.startswith("ap")]  # apex, apple, apricot
    expect("STARTS_WITH(d.w, 'ap')", sum_scores(W, ap, sampled(W, ap, 128)), "STARTS_WITH: every term scores")
    expect("STARTS_WITH(d.w, 'ap')", sum_scores(W, ap, sampled(W, ap, 128), "tfidf"), "STARTS_WITH TFIDF",
           "TFIDF(d)")
    # scoring limit 1: only apple (3 documents) scores; m3 and m4 match with 0
    c.eq(sampled(W, ap, 1), {"apple"}, "the most frequent prefix term")
    expect("STARTS_WITH(d.w, 'ap', 1)", sum_scores(W, ap, sampled(W, ap, 1)), "STARTS_WITH scoring limit 1")
    # limit 2 over a*: apple (3), then apex and apricot (2 each): the later term, apricot
    a = [t for t in W.terms() if t.startswith("a")]
    c.eq(sampled(W, a, 2), {"apple", "apricot"}, "a tie goes to the later term")
    expect("STARTS_WITH(d.w, 'a', 2)", sum_scores(W, a, sampled(W, a, 2)), "STARTS_WITH scoring limit 2")
    expect("STARTS_WITH(d.w, 'ap', 0)", {k: 0.0 for k in sum_scores(W, ap, set())}, "scoring limit 0")
    # several prefixes: an Or of by_prefix filters (min match 1, limit 2 each), scores summed
    ba = [t for t in W.terms() if t.startswith("ba")]
    both = sum_scores(W, ap, sampled(W, ap, 2))
    for k, s in sum_scores(W, ba, sampled(W, ba, 2)).items():
        both[k] = both.get(k, 0.0) + s
    expect("STARTS_WITH(d.w, ['ap', 'ba'], 1, 2)", both, "STARTS_WITH prefixes, minMatchCount, limit")
    like = [t for t in W.terms() if t.startswith("a") and "o" in t]  # a%o%
    expect("LIKE(d.w, 'a%o%')", sum_scores(W, like, set(like)), "LIKE")
    rng = [t for t in W.terms() if "apple" < t <= "avocado"]
    expect("IN_RANGE(d.w, 'apple', 'avocado', false, true)", sum_scores(W, rng, set(rng)), "IN_RANGE strings")
    expect("d.w > 'apricot'", sum_scores(W, ["avocado", "banana"], {"avocado", "banana"}), "> string")
    # LEVENSHTEIN_MATCH: appel -> apple (1 transposition, similarity 0.8), apex (2 edits, 0.5)
    expect("LEVENSHTEIN_MATCH(d.w, 'appel', 2)", levenshtein_scores(W, "appel", 2, 64),
           "LEVENSHTEIN_MATCH: similarity boost, shared idf, best term")
    expect("LEVENSHTEIN_MATCH(d.w, 'appel', 2)", levenshtein_scores(W, "appel", 2, 64, "tfidf"),
           "LEVENSHTEIN_MATCH TFIDF", "TFIDF(d)")
    c.eq(sorted(levenshtein_scores(W, "appel", 2, 1)), ["m1", "m2", "m6"], "maxTerms 1: apple only")
    expect("LEVENSHTEIN_MATCH(d.w, 'appel', 2, true, 1)", levenshtein_scores(W, "appel", 2, 1),
           "LEVENSHTEIN_MATCH maxTerms 1: only the best term matches")
    expect("LEVENSHTEIN_MATCH(d.w, 'appel', 2, true, 0)", levenshtein_scores(W, "appel", 2, 0),
           "LEVENSHTEIN_MATCH maxTerms 0: every term")
    # NGRAM_MATCH over bigrams: Foxy -> Fo ox xy
    expect("NGRAM_MATCH(d.g, 'Foxy', 0.5, 'bigram')", ngram_scores(G, "Foxy", 0.5), "NGRAM_MATCH BM25")
    expect("NGRAM_MATCH(d.g, 'Foxy', 'bigram')", ngram_scores(G, "Foxy", 0.7), "NGRAM_MATCH default threshold")
    # 10 bigrams, 3 of them in m5: 0.3 as a float is 0.30000001, so 4 are needed; 0.29 needs 3
    expect("NGRAM_MATCH(d.g, 'abcdefghijk', 0.3, 'bigram')", {}, "NGRAM_MATCH threshold as a float")
    expect("NGRAM_MATCH(d.g, 'abcdefghijk', 0.29, 'bigram')", ngram_scores(G, "abcdefghijk", 0.29),
           "NGRAM_MATCH threshold 0.29")
    # numbers, booleans and null are indexed without frequencies: 0 whatever the filter
    only = "OPTIONS {collections: ['sdocs']}"
    for search, want in (("d.n > 1", ["b", "c", "d"]), ("d.b == true", ["a"]), ("d.nul == null", ["b"]),
                         ("d.n IN 1..2", ["a", "b"])):
        status, b = query(emu, f"FOR d IN sv SEARCH {search} {only} SORT d._key RETURN [d._key, BM25(d), TFIDF(d)]")
        c.eq(b.get("result"), [[k, 0, 0] for k in want], f"{search} scores 0")
    emu.request("DELETE", "/_api/view/mv")


def check_truncate(c, emu):
    """A standalone truncate of 32768 documents or more deletes ranges and resets the links at
    once (RocksDBCollection::truncateWithRangeDelete, IResearchDataStore::afterTruncate); a
    smaller one removes document by document, seen at the next commit."""
    for name, count in (("tbig", 32768), ("tsmall", 10)):
        mkcoll(emu, name)
        r = emu.request("POST", f"/_api/document/{name}?silent=true", [{"n": i % 4} for i in range(count)],
                        timeout=60)
        c.eq(r.status, 202, f"{name}: insert {count}")
        r = emu.request("POST", "/_api/view", {"name": f"v_{name}", "type": "arangosearch",
                                                "commitIntervalMsec": HOUR, "links": {name: {"includeAllFields": True}}})
        c.eq(r.status, 201, f"{name}: view")

    def hits(name, wfs=False):
        opts = " OPTIONS {waitForSync: true}" if wfs else ""
        status, b = query(emu, f"FOR d IN v_{name} SEARCH d.n == 1{opts} COLLECT WITH COUNT INTO k RETURN k")
        return b.get("result")

    c.eq(hits("tbig", True), [8192], "large: committed")
    c.eq(hits("tsmall", True), [3], "small: committed")
    for name in ("tbig", "tsmall"):
        r = emu.request("PUT", f"/_api/collection/{name}/truncate")
        c.eq(r.status, 200, f"{name}: truncate")
    c.eq(hits("tbig"), [0], "a large truncate empties the link at once")
    c.eq(hits("tsmall"), [3], "a small truncate waits for the commit")
    c.eq(hits("tsmall", True), [0], "and shows after it")
    emu.request("POST", "/_api/document/tbig", {"n": 1})
    c.eq(hits("tbig"), [0], "a write after the truncate waits for the commit")
    c.eq(hits("tbig", True), [1], "and shows after it")
    for name in ("tbig", "tsmall"):
        emu.request("DELETE", f"/_api/view/v_{name}")


def check_alias(c, emu):
    r = emu.request("POST", "/_api/index?collection=sdocs", {
        "type": "inverted", "name": "inv", "fields": [{"name": "text", "analyzer": "text_en"}, "n", "tags"]})
    c.true(r.status in (200, 201), f"inverted index: {r.status} {r.json()}")
    r = emu.request("POST", "/_api/view", {"name": "av", "type": "search-alias",
                                            "indexes": [{"collection": "sdocs", "index": "inv"}]})
    c.eq(r.status, 201, "search-alias view")
    sync(c, emu, "av")
    c.eq(keys(emu, "d.text == 'dog'", view="av"), ["b", "c"], "field analyzer applies")
    c.eq(keys(emu, "d.n IN [1, 2]", view="av"), ["a", "b"], "numbers")
    c.eq(keys(emu, "PHRASE(d.text, 'brown fox')", view="av"), ["a"], "PHRASE with the field's analyzer")
    c.eq(keys(emu, "d.obj.s == 'alpha'", view="av"), [], "a field the index does not have")
    status, b = query(emu, "FOR d IN av SEARCH d.text == 'brown' SORT BM25(d) DESC RETURN [d._key, BM25(d)]")
    c.eq([x[0] for x in b["result"]], sorted(["a", "c"], key=lambda k: -bm25(k, ["brown"])), "alias BM25 order")
    c.true(all(close(s, bm25(k, ["brown"])) for k, s in b["result"]), f"alias BM25: {b['result']}")


PLACES = [
    {"_key": "p1", "location": {"type": "Point", "coordinates": [6.93, 50.94]}, "pt": [50.94, 6.93]},
    {"_key": "p2", "location": {"type": "Point", "coordinates": [13.40, 52.52]}, "pt": [52.52, 13.40]},
    {"_key": "p3", "location": {"type": "Point", "coordinates": [2.35, 48.86]}, "pt": [48.86, 2.35]},
]


def haversine(a, b):
    """Meters between two [lng, lat] points on arangod's sphere (radius 6371 km)."""
    lng1, lat1, lng2, lat2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lng2 - lng1) / 2) ** 2
    return 2 * 6371000 * math.asin(math.sqrt(h))


def check_geo(c, emu):
    mkcoll(emu, "places")
    emu.request("POST", "/_api/document/places", PLACES)
    for name, typ in (("geo_json", "geojson"), ("geo_pt", "geopoint")):
        r = emu.request("POST", "/_api/analyzer", {"name": name, "type": typ, "properties": {}, "features": []})
        c.true(r.status in (200, 201), f"{name}: {r.status} {r.json()}")
    r = emu.request("POST", "/_api/view", {"name": "gv", "type": "arangosearch", "links": {"places": {
        "fields": {"location": {"analyzers": ["geo_json"]}, "pt": {"analyzers": ["geo_pt"]}}}}})
    c.eq(r.status, 201, "geo view")
    sync(c, emu, "gv")
    q = [6.96, 50.94]
    dist = {p["_key"]: haversine(p["location"]["coordinates"], q) for p in PLACES}
    c.eq(keys(emu, "ANALYZER(GEO_DISTANCE(d.location, @q) < 10000, 'geo_json')", {"q": q}, view="gv"),
         sorted(k for k, v in dist.items() if v < 10000), "GEO_DISTANCE <")
    c.eq(keys(emu, "ANALYZER(GEO_DISTANCE(@q, d.location) >= 10000, 'geo_json')", {"q": q}, view="gv"),
         sorted(k for k, v in dist.items() if v >= 10000), "GEO_DISTANCE >= (shape first)")
    c.eq(keys(emu, "ANALYZER(GEO_IN_RANGE(d.location, @q, 0, 450000), 'geo_json')", {"q": q}, view="gv"),
         sorted(k for k, v in dist.items() if v <= 450000), "GEO_IN_RANGE")
    germany = {"type": "Polygon", "coordinates": [[[5, 47], [16, 47], [16, 55], [5, 55], [5, 47]]]}
    c.eq(keys(emu, "ANALYZER(GEO_CONTAINS(@p, d.location), 'geo_json')", {"p": germany}, view="gv"),
         ["p1", "p2"], "GEO_CONTAINS(shape, field)")
    c.eq(keys(emu, "ANALYZER(GEO_INTERSECTS(d.location, @p), 'geo_json')", {"p": germany}, view="gv"),
         ["p1", "p2"], "GEO_INTERSECTS")
    c.eq(keys(emu, "ANALYZER(GEO_DISTANCE(d.pt, [13.40, 52.52]) < 1000, 'geo_pt')", view="gv"), ["p2"],
         "geopoint [lat, lng]")


def check_geo_shapes(c, emu):
    """SEARCH's geo filters over a field of polygons, lines and points (a geojson analyzer of type
    shape) find exactly the documents the AQL geo functions find by scanning the collection; a
    centroid analyzer's field matches by the shape's centroid; a value the analyzer cannot take
    is not indexed."""
    mkcoll(emu, "shapes")
    def square(lng, lat, size):
        return {"type": "Polygon", "coordinates": [[[lng, lat], [lng + size, lat], [lng + size, lat + size],
                                                     [lng, lat + size], [lng, lat]]]}
    docs = [
        {"_key": "big", "g": square(0, 0, 10)},
        {"_key": "small", "g": square(2, 2, 1)},
        {"_key": "far", "g": square(40, 40, 2)},
        {"_key": "holed", "g": {"type": "Polygon", "coordinates": [
            [[20, 0], [30, 0], [30, 10], [20, 10], [20, 0]], [[24, 4], [24, 6], [26, 6], [26, 4], [24, 4]]]}},
        {"_key": "multi", "g": {"type": "MultiPolygon", "coordinates": [
            square(-10, -10, 2)["coordinates"], square(8, 8, 4)["coordinates"]]}},
        {"_key": "line", "g": {"type": "LineString", "coordinates": [[-5, 5], [5, 5]]}},
        {"_key": "lines", "g": {"type": "MultiLineString", "coordinates": [[[21, 1], [22, 2]], [[50, 50], [51, 50]]]}},
        {"_key": "pt", "g": {"type": "Point", "coordinates": [25, 5]}},
        {"_key": "pts", "g": {"type": "MultiPoint", "coordinates": [[3, 3], [45, 45]]}},
        {"_key": "pair", "g": [2.5, 2.5]},
        {"_key": "bad", "g": {"type": "Polygon", "coordinates": [[[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]]]}},
    ]
    emu.request("POST", "/_api/document/shapes", docs)
    for name, props in (("geo_shape", {}), ("geo_centroid", {"type": "centroid"})):
        r = emu.request("POST", "/_api/analyzer", {"name": name, "type": "geojson", "properties": props,
                                                   "features": []})
        c.true(r.status in (200, 201), f"{name}: {r.status} {r.json()}")
    r = emu.request("POST", "/_api/view", {"name": "shapev", "type": "arangosearch", "links": {"shapes": {
        "fields": {"g": {"analyzers": ["geo_shape"]}, "c": {"analyzers": ["geo_centroid"]}}}}})
    c.eq(r.status, 201, "shapes view")
    sync(c, emu, "shapev")

    def scan(filt, bind):
        status, b = query(emu, f"FOR d IN shapes FILTER {filt} SORT d._key RETURN d._key", bind)
        if status != 201:
            raise AssertionError(f"{filt}: {status} {b}")
        return b["result"]

    queries = {
        "a square inside big": square(1, 1, 3),
        "a square over big's edge": square(9, 9, 3),
        "big's hole": square(24.5, 4.5, 1),
        "a far square": square(60, 60, 1),
        "a point in small": {"type": "Point", "coordinates": [2.5, 2.5]},
    }
    for what, q in queries.items():
        for fn, search, filt in (
                ("GEO_INTERSECTS", "GEO_INTERSECTS(d.g, @q)", "GEO_INTERSECTS(d.g, @q)"),
                ("GEO_CONTAINS(q, field)", "GEO_CONTAINS(@q, d.g)", "GEO_CONTAINS(@q, d.g)"),
                ("GEO_CONTAINS(field, q)", "GEO_CONTAINS(d.g, @q)", "GEO_CONTAINS(d.g, @q)")):
            # the AQL functions take GeoJSON for their first argument: the [lng, lat] pair as a Point
            filt = filt.replace("d.g", "(IS_ARRAY(d.g) ? GEO_POINT(d.g[0], d.g[1]) : d.g)")
            want = [k for k in scan(filt, {"q": q}) if k != "bad"]
            c.eq(keys(emu, f"ANALYZER({search}, 'geo_shape')", {"q": q}, view="shapev"), want,
                 f"{fn} with {what}")
    c.true(len(keys(emu, "ANALYZER(GEO_INTERSECTS(d.g, @q), 'geo_shape')", {"q": square(-20, -20, 80)},
                    view="shapev")) == len(docs) - 1, "an invalid polygon is not indexed")
    # centroid: a square's centroid is its middle; a square that holds big's corner but not its middle
    emu.request("PATCH", "/_api/document/shapes/big", {"c": square(0, 0, 10)})
    emu.request("PATCH", "/_api/document/shapes/small", {"c": square(2, 2, 1)})
    sync(c, emu, "shapev")
    c.eq(keys(emu, "ANALYZER(GEO_INTERSECTS(d.c, @q), 'geo_centroid')", {"q": square(1, 1, 3)}, view="shapev"),
         ["small"], "centroid: only the shape whose middle lies in the query")
    c.eq(keys(emu, "ANALYZER(GEO_INTERSECTS(d.c, @q), 'geo_centroid')", {"q": square(4, 4, 2)}, view="shapev"),
         ["big"], "centroid: big's middle")


def check_errors(c, emu):
    status, num, msg = error(emu, "FOR d IN sdocs SEARCH d.n == 1 RETURN d")
    c.eq((status, num), (404, 1203), f"SEARCH over a collection: {msg}")
    status, num, msg = error(emu, "FOR d IN [1, 2] SEARCH d == 1 RETURN d")
    c.eq(num, 4, f"SEARCH over an array: {msg}")
    status, num, msg = error(emu, "FOR d IN sv SEARCH ANALYZER(d.text == 'x', 'nope') RETURN d")
    c.eq((status, num), (400, 10), f"unknown analyzer: {msg}")
    status, num, msg = error(emu, "FOR d IN sdocs RETURN BM25(d)")
    c.eq(num, 9, f"BM25 outside a view: {msg}")
    status, num, msg = error(emu, "FOR d IN sdocs FILTER PHRASE(d.text, 'x') RETURN d")
    c.eq(num, 9, f"PHRASE outside SEARCH: {msg}")
    status, num, msg = error(emu, "FOR d IN sv SEARCH LEVENSHTEIN_MATCH(d.name, 'x', 5) RETURN d")
    c.eq((status, num), (400, 10), f"distance out of range: {msg}")
    status, num, msg = error(emu, "FOR d IN sv SEARCH d.n == [1] RETURN d")
    c.eq(num, 10, f"array value: {msg}")
    status, num, msg = error(emu, "FOR d IN sv SEARCH PHRASE(d.text, 5) RETURN d")
    c.eq(num, 10, f"PHRASE bad part: {msg}")
    status, num, msg = error(emu, "FOR d IN sv SEARCH d.n + 1 == 2 RETURN d")
    c.eq(num, 9, f"noncompliant expression: {msg}")
    status, num, msg = error(emu, "FOR d IN sv SEARCH d.n == 1 OPTIONS {conditionOptimization: 'x'} RETURN d")
    c.eq(num, 10, f"bad option: {msg}")
    status, num, msg = error(emu, "FOR d IN sv SEARCH d.n == 1 OPTIONS {collections: ['nope']} RETURN d")
    c.eq(num, 1203, f"unknown collection in OPTIONS: {msg}")
    status, num, msg = error(emu, "FOR d IN sv SEARCH EXISTS(d.n, 'blah') RETURN d")
    c.eq(num, 10, f"EXISTS bad type: {msg}")
    # bounds: a PHRASE of more tokens than allowed is a typed error, not a slow query
    words = " ".join(["w"] * 5000)
    status, num, msg = error(emu, "FOR d IN sv SEARCH PHRASE(d.text, @p, 'text_en') RETURN d", {"p": words})
    c.eq(num, 10, f"phrase bound: {msg}")
    # a long LEVENSHTEIN_MATCH target is matched in a band (length * distance), not a full table
    c.eq(keys(emu, "LEVENSHTEIN_MATCH(d.name, @t, 2)", {"t": "F" * 200000}), [], "long Levenshtein target")
    c.eq(keys(emu, "LEVENSHTEIN_MATCH(d.name, @t, 2)", {"t": "Foxy" + "y" * 2}), ["d"], "distance 2")


def check_visibility(c, emu):
    emu.request("POST", "/_api/document/sdocs", {"_key": "f", "n": 42})
    c.eq(keys(emu, "d.n == 42 OPTIONS {waitForSync: true}"), ["f"], "visible with waitForSync")
    c.eq(keys(emu, "d.n == 42"), ["f"], "stays visible (committed)")
    emu.request("DELETE", "/_api/document/sdocs/f")
    c.eq(keys(emu, "d.n == 42 OPTIONS {waitForSync: true}"), [], "removed")


HOUR = 3600 * 1000  # a commit interval no test outlives


def poll(emu, search, view, want, seconds=10.0):
    """The keys SEARCH finds, asked again (no waitForSync) until they are `want` or `seconds`
    have passed."""
    deadline = time.monotonic() + seconds
    got = keys(emu, search, view=view)
    while got != want and time.monotonic() < deadline:
        time.sleep(0.05)
        got = keys(emu, search, view=view)
    return got


def write_cycle(c, emu, coll, view, what):
    """Insert, update and remove a document of `coll` under `view`, whose commit interval is
    an hour: each change shows only after a waitForSync commit."""
    wfs = " OPTIONS {waitForSync: true}"
    emu.request("POST", f"/_api/document/{coll}", {"_key": "y", "n": 2})
    c.eq(keys(emu, "d.n == 2", view=view), [], f"{what}: an insert is not visible before a commit")
    c.eq(keys(emu, "d.n == 2" + wfs, view=view), ["y"], f"{what}: an insert is visible with waitForSync")
    emu.request("PATCH", f"/_api/document/{coll}/y", {"n": 3})
    c.eq((keys(emu, "d.n == 2", view=view), keys(emu, "d.n == 3", view=view)), (["y"], []),
         f"{what}: an update is not visible before a commit")
    c.eq((keys(emu, "d.n == 2" + wfs, view=view), keys(emu, "d.n == 3", view=view)), ([], ["y"]),
         f"{what}: an update is visible with waitForSync")
    emu.request("DELETE", f"/_api/document/{coll}/y")
    c.eq(keys(emu, "d.n == 3", view=view), ["y"], f"{what}: a removal is not visible before a commit")
    c.eq(keys(emu, "d.n == 3" + wfs, view=view), [], f"{what}: a removal is visible with waitForSync")


def check_commit_interval(c, emu):
    mkcoll(emu, "ci")
    emu.request("POST", "/_api/document/ci", {"_key": "x", "n": 1})
    r = emu.request("POST", "/_api/view", {"name": "cv", "type": "arangosearch", "commitIntervalMsec": HOUR,
                                            "links": {"ci": {"includeAllFields": True}}})
    c.eq(r.status, 201, "view with a long commit interval")
    c.eq(keys(emu, "d.n == 1", view="cv"), [], "a new link shows the existing documents only after a commit")
    c.eq(keys(emu, "d.n == 1 OPTIONS {waitForSync: true}", view="cv"), ["x"], "existing documents, waitForSync")
    write_cycle(c, emu, "ci", "cv", "arangosearch")

    # a shorter interval set by PATCH takes effect: the insert shows without waitForSync
    r = emu.request("PATCH", "/_api/view/cv/properties", {"commitIntervalMsec": 100})
    c.eq((r.status, r.json().get("commitIntervalMsec")), (200, 100), "PATCH commitIntervalMsec")
    emu.request("POST", "/_api/document/ci", {"_key": "z", "n": 5})
    c.eq(poll(emu, "d.n == 5", "cv", ["z"]), ["z"], "visible after the commit interval")

    # 0: no automatic commits at all (the TTL/commit sweep runs every second: 1.5 s covers one)
    r = emu.request("PATCH", "/_api/view/cv/properties", {"commitIntervalMsec": 0})
    c.eq(r.status, 200, "PATCH commitIntervalMsec 0")
    emu.request("POST", "/_api/document/ci", {"_key": "w", "n": 6})
    time.sleep(1.5)
    c.eq(keys(emu, "d.n == 6", view="cv"), [], "commitIntervalMsec 0: no automatic commit")
    # FOR over the view without SEARCH reads the same committed snapshot
    status, b = query(emu, "FOR d IN cv FILTER d.n == 6 RETURN d._key")
    c.eq((status, b.get("result")), (201, []), "FOR over a view without SEARCH: uncommitted insert not read")
    c.eq(keys(emu, "d.n == 6 OPTIONS {waitForSync: true}", view="cv"), ["w"], "commitIntervalMsec 0: waitForSync")
    status, b = query(emu, "FOR d IN cv FILTER d.n == 6 RETURN d._key")
    c.eq((status, b.get("result")), (201, ["w"]), "FOR over a view without SEARCH: read after the commit")

    # a stream transaction's SEARCH does not see its own writes, even with waitForSync
    r = emu.request("POST", "/_api/transaction/begin", {"collections": {"write": ["ci"]}})
    c.eq(r.status, 201, "begin")
    h = {"x-arango-trx-id": r.json()["result"]["id"]}
    r = emu.request("POST", "/_api/document/ci", {"_key": "t", "n": 7}, headers=h)
    c.eq(r.status, 202, "insert in the transaction")
    status, b = query(emu, "FOR d IN cv SEARCH d.n == 7 OPTIONS {waitForSync: true} RETURN d._key", headers=h)
    c.eq((status, b.get("result")), (201, []), "SEARCH in a transaction does not see its own insert")
    r = emu.request("PUT", f"/_api/transaction/{h['x-arango-trx-id']}")
    c.eq(r.status, 200, "commit the transaction")
    c.eq(keys(emu, "d.n == 7", view="cv"), [], "a committed transaction waits for the link's commit")
    c.eq(keys(emu, "d.n == 7 OPTIONS {waitForSync: true}", view="cv"), ["t"], "and shows after it")

    # search-alias: the inverted index's own commitIntervalMsec
    mkcoll(emu, "ci2")
    emu.request("POST", "/_api/document/ci2", {"_key": "x", "n": 1})
    for name, interval in (("slow", HOUR), ("fast", 100)):
        r = emu.request("POST", "/_api/index?collection=ci2", {"type": "inverted", "name": name, "fields": ["n"],
                                                               "commitIntervalMsec": interval})
        c.true(r.status in (200, 201), f"inverted index {name}: {r.status} {r.json()}")
        r = emu.request("POST", "/_api/view", {"name": f"av_{name}", "type": "search-alias",
                                                "indexes": [{"collection": "ci2", "index": name}]})
        c.eq(r.status, 201, f"search-alias view over {name}")
    c.eq(keys(emu, "d.n == 1", view="av_slow"), [], "inverted index: existing documents wait for a commit")
    c.eq(keys(emu, "d.n == 1 OPTIONS {waitForSync: true}", view="av_slow"), ["x"],
         "inverted index: existing documents, waitForSync")
    write_cycle(c, emu, "ci2", "av_slow", "search-alias")
    emu.request("POST", "/_api/document/ci2", {"_key": "z", "n": 5})
    c.eq(poll(emu, "d.n == 5", "av_fast", ["z"]), ["z"], "inverted index: visible after its commit interval")
    c.eq(keys(emu, "d.n == 5", view="av_slow"), [], "the other index has not committed it")
    for v in ("cv", "av_slow", "av_fast"):
        emu.request("DELETE", f"/_api/view/{v}")


def check_cache_scope(c, emu):
    """A link commit invalidates the AQL results cache of its own database only
    (IResearchDataStore: invalidateQueryCache(vocbase))."""
    for name in ("qca", "qcb"):
        r = emu.request("POST", "/_api/database", {"name": name})
        c.eq(r.status, 201, f"database {name}")
        emu.request("POST", f"/_db/{name}/_api/collection", {"name": "k"})
    emu.request("POST", "/_db/qca/_api/document/k", {"_key": "a"})
    r = emu.request("POST", "/_db/qcb/_api/view", {"name": "kv", "type": "arangosearch", "commitIntervalMsec": HOUR,
                                                    "links": {"k": {"includeAllFields": True}}})
    c.eq(r.status, 201, "view in qcb")
    r = emu.request("PUT", "/_api/query-cache/properties", {"mode": "on"})
    c.eq(r.status, 200, "results cache on")
    q = {"query": "FOR d IN k RETURN d._key"}
    first = emu.request("POST", "/_db/qca/_api/cursor", q).json()
    second = emu.request("POST", "/_db/qca/_api/cursor", q).json()
    c.eq((first.get("cached"), second.get("cached"), second.get("result")), (False, True, ["a"]), "cached in qca")
    emu.request("POST", "/_db/qcb/_api/document/k", {"_key": "b"})
    r = emu.request("POST", "/_db/qcb/_api/cursor",
                    {"query": "FOR d IN kv SEARCH true OPTIONS {waitForSync: true} RETURN d._key"})
    c.eq(r.json().get("result"), ["b"], "a link commit in qcb")
    third = emu.request("POST", "/_db/qca/_api/cursor", q).json()
    c.eq((third.get("cached"), third.get("result")), (True, ["a"]), "qca's cache entry survives qcb's commit")
    emu.request("PUT", "/_api/query-cache/properties", {"mode": "off"})
    for name in ("qca", "qcb"):
        emu.request("DELETE", f"/_api/database/{name}")


def check_transaction(c, emu):
    r = emu.request("POST", "/_api/transaction/begin", {"collections": {"write": ["sdocs"]}})
    c.eq(r.status, 201, "begin")
    tid = r.json()["result"]["id"]
    h = {"x-arango-trx-id": tid}
    status, b = query(emu, "FOR d IN sv SEARCH d.n == 2 OPTIONS {collections: ['sdocs']} RETURN d._key",
                      headers=h)
    c.eq((status, b.get("result")), (201, ["b"]), f"SEARCH in a stream transaction: {b}")
    status, b = query(emu, "FOR d IN sv FILTER d.n == 3 RETURN d._key", headers=h)
    c.eq((status, b.get("result")), (201, ["c"]), f"FOR over a view in a stream transaction: {b}")
    emu.request("DELETE", f"/_api/transaction/{tid}")


def run(c, exe):
    with started(c, exe, "--no-auth") as emu:
        c.run("setup", setup, emu)
        c.run("comparisons", check_comparisons, emu)
        c.run("functions", check_functions, emu)
        c.run("scores", check_scores, emu)
        c.run("multi-term scores", check_multiterm_scores, emu)
        c.run("search-alias", check_alias, emu)
        c.run("geo", check_geo, emu)
        c.run("geo shapes", check_geo_shapes, emu)
        c.run("errors", check_errors, emu)
        c.run("visibility", check_visibility, emu)
        c.run("commit interval", check_commit_interval, emu)
        c.run("stream transaction", check_transaction, emu)
        c.run("truncate", check_truncate, emu)
        c.run("results cache scope", check_cache_scope, emu)
        emu.request("DELETE", "/_api/view/sv")
        emu.request("DELETE", "/_api/view/av")
        emu.request("DELETE", "/_api/view/gv")
        drop_collections(emu)
    return c.report()


if __name__ == "__main__":
    sys.exit(emutest.suite_main(__doc__, run))
