#!/usr/bin/env python3
"""The emulator's AQL guards and execution model (python3 standard library only).

    test_resources.py PATH/TO/arango-emulator

memoryLimit (per query, --query.memory-limit, --query.global-memory-limit over all running
queries) with arangod's error 32 and messages; the
caps of REPEAT (16 MB, warning 32), RANDOM_TOKEN (0..65536, error 1542) and range
materialisation (10M values, error 1504); lazy evaluation: FOR over a huge range with LIMIT,
a LIMIT that stops reading a collection (scannedFull; in a stream transaction and nested in
another loop too: the peak RSS stays below a copy of the collection), a `stream: true` cursor that is still
running while it is open and reads what it has not yet read when asked for its next batch,
and reads the collection as it was when it started (writes made meanwhile are not seen).
Expected figures are arangod's (its aql-memory-limit test suite and sources).
"""
import os
import time
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import emutest  # noqa: E402
from emutest import asan_without_quarantine, started  # noqa: E402


def cursor(emu, body):
    r = emu.request("POST", "/_api/cursor", body, timeout=60)
    return r.status, r.json()


def check_memory_limit(c, emu):
    # arangod's tests: 10,000 small integers fit into 100 KB + 4 KB, 10,000 strings do not
    # fit into 10 KB; a SORT's rows count too
    status, b = cursor(emu, {"query": "FOR i IN 1..10000 RETURN i", "memoryLimit": 100 * 1000 + 4096})
    c.eq((status, len(b["result"]) + (1000 if b["hasMore"] else 0)), (201, 2000), "ints within the limit")
    for query, limit in [("FOR i IN 1..10000 RETURN CONCAT('foobarbaz', i)", 10000),
                         ("FOR i IN 1..100000 SORT CONCAT('foobarbaz', i) RETURN CONCAT('foobarbaz', i)", 200000)]:
        status, b = cursor(emu, {"query": query, "memoryLimit": limit})
        c.eq((status, b["errorNum"]), (500, 32), f"{query} with memoryLimit {limit}")
        c.true(b["errorMessage"].startswith("AQL: query would use more memory than allowed [node #"),
               b["errorMessage"])
        c.true(b["errorMessage"].endswith("(while executing)"), b["errorMessage"])
    # the recorded 3.12 message of a SORT over a range
    status, b = cursor(emu, {"query": "FOR i IN 1..100000 SORT i RETURN i", "memoryLimit": 100000})
    c.eq(b["errorMessage"], "AQL: query would use more memory than allowed [node #3: EnumerateListNode] "
         "[node #4: SortNode] [node #4: SortNode] [node #5: ReturnNode] (while executing)", "SORT message")
    # the values LETs hold for the current row count together: three values of about 100 kB
    # each fit under 350 kB, not under 250 kB (each alone fits); in a loop each row's values
    # replace the last row's, so 20 rows of them fit as well
    chain = ("LET a = REPEAT('x', 100000) LET b = CONCAT(a, 'y') LET c = CONCAT(b, 'z') "
             "RETURN LENGTH(c)")
    status, b = cursor(emu, {"query": chain, "memoryLimit": 350000})
    c.eq((status, b.get("result")), (201, [100002]), "a chain of LETs within the limit")
    status, b = cursor(emu, {"query": chain, "memoryLimit": 250000})
    c.eq((status, b.get("errorNum")), (500, 32), "a chain of LETs beyond it")
    status, b = cursor(emu, {"query": "FOR i IN 1..20 " + chain.replace("RETURN", "FILTER i > 0 RETURN"),
                             "memoryLimit": 350000})
    c.eq((status, len(b.get("result", []))), (201, 20), "LET values are given back row by row")
    # the same query in options
    status, b = cursor(emu, {"query": "FOR i IN 1..10000 RETURN CONCAT('x', i)", "options": {"memoryLimit": 1000}})
    c.eq((status, b.get("errorNum")), (500, 32), "options.memoryLimit")


def check_default_memory_limit(c, exe):
    with started(c, exe, "--no-auth", "--query.memory-limit", "50000") as emu:
        status, b = cursor(emu, {"query": "FOR i IN 1..10000 RETURN CONCAT('foobarbaz', i)"})
        c.eq((status, b.get("errorNum")), (500, 32), "the server's default limit")
        status, b = cursor(emu, {"query": "FOR i IN 1..10000 RETURN CONCAT('foobarbaz', i)",
                                 "memoryLimit": 10 * 1000 * 1000, "batchSize": 10000})
        c.eq((status, len(b["result"])), (201, 10000), "a query's own limit wins")


def check_global_memory_limit(c, exe):
    # --query.global-memory-limit bounds what all running queries hold together: a streaming
    # cursor keeps its SORT's rows (800 kB accounted: 16 bytes a row) while it is open, so a second such
    # query fails with error 32 although its own memoryLimit (the default) would let it run
    sort = "FOR i IN 1..50000 SORT CONCAT('foobarbaz', i) RETURN i"
    with started(c, exe, "--no-auth", "--query.global-memory-limit", "1200000") as emu:
        status, first = cursor(emu, {"query": sort, "batchSize": 1, "options": {"stream": True}})
        c.eq((status, first["hasMore"]), (201, True), "the first query runs and stays open")
        status, b = cursor(emu, {"query": sort, "batchSize": 1, "options": {"stream": True}})
        c.eq((status, b.get("errorNum")), (500, 32), "a second one passes the global limit")
        c.true(b.get("errorMessage", "").startswith("AQL: global memory limit exceeded [node #"),
               b.get("errorMessage"))
        # a query's own limit is checked first, with its own message
        status, b = cursor(emu, {"query": sort, "memoryLimit": 100000})
        c.true(b.get("errorMessage", "").startswith("AQL: query would use more memory than allowed"),
               b.get("errorMessage"))
        # a small query still runs beside the open cursor
        status, b = cursor(emu, {"query": "FOR i IN 1..100 RETURN i"})
        c.eq((status, len(b["result"])), (201, 100), "a small query fits beside it")
        # closing the cursor gives its memory back
        r = emu.request("DELETE", f"/_api/cursor/{first['id']}")
        c.eq(r.status, 202, "cursor deleted")
        for _ in range(2):  # twice: each run gives back what it held
            status, b = cursor(emu, {"query": sort, "batchSize": 100000})
            c.eq((status, len(b.get("result", []))), (201, 50000), "the large query runs again once the first is gone")


def check_function_caps(c, emu):
    status, b = cursor(emu, {"query": "RETURN REPEAT('x', 1e8)"})
    c.eq((status, b["result"]), (201, [None]), "REPEAT beyond 16 MB is null")
    c.eq(b["extra"]["warnings"], [{"code": 32, "message": "in function 'REPEAT()': Output string of AQL "
                                   "REPEAT function was limited to 16MB."}], "REPEAT warning")
    status, b = cursor(emu, {"query": "RETURN LENGTH(REPEAT('ab', 1000, ','))"})
    c.eq(b["result"], [2999], "REPEAT within the cap")
    status, b = cursor(emu, {"query": "RETURN RANDOM_TOKEN(1e8)"})
    c.eq((status, b["errorNum"]), (400, 1542), "RANDOM_TOKEN(1e8)")
    c.true("invalid argument type in call to function 'RANDOM_TOKEN()'" in b["errorMessage"], b["errorMessage"])
    status, b = cursor(emu, {"query": "RETURN LENGTH(RANDOM_TOKEN(65536))"})
    c.eq(b["result"], [65536], "RANDOM_TOKEN(65536)")
    for q in ["RETURN LENGTH(1..20000000)", "RETURN RANGE(1, 20000000, 1)"]:
        status, b = cursor(emu, {"query": q})
        c.eq((status, b["errorNum"]), (400, 1504), q)
        c.true(b["errorMessage"].startswith("AQL: range is too big to be materialized"), b["errorMessage"])
    # REPLACE_NTH pads up to the offset the client gives: checked against the memory limits
    # before the padding is made (found by fuzz-aql: an offset of 3.3e18 ran out of memory)
    for offset in ("3333333333333333338", "1e300"):
        status, b = cursor(emu, {"query": f"RETURN REPLACE_NTH(['a', 'b'], {offset}, 'z', 'y')"})
        c.eq((status, b.get("errorNum")), (500, 32), f"REPLACE_NTH offset {offset}")
    status, b = cursor(emu, {"query": "RETURN REPLACE_NTH(['a'], 1000, 'z', 'y')", "memoryLimit": 1000})
    c.eq((status, b.get("errorNum")), (500, 32), "REPLACE_NTH padding past memoryLimit")
    status, b = cursor(emu, {"query": "RETURN REPLACE_NTH(['a'], 3, 'z', 'y')"})
    c.eq(b.get("result"), [["a", "y", "y", "z"]], "REPLACE_NTH pads")


def check_lazy(c, emu):
    # a FOR over a range is never materialised (1504 if it were), a LIMIT stops it
    status, b = cursor(emu, {"query": "FOR i IN 1..99999999 LIMIT 2, 3 RETURN i"})
    c.eq((status, b["result"]), (201, [3, 4, 5]), "LIMIT over 1..99999999")
    status, b = cursor(emu, {"query": "FOR i IN 1..99999999 FILTER i % 1000000 == 0 LIMIT 2 RETURN i"})
    c.eq(b["result"], [1000000, 2000000], "FILTER + LIMIT over a huge range")
    status, b = cursor(emu, {"query": "FOR i IN 1..99999999 FILTER i < 0 RETURN i",
                             "options": {"maxRuntime": 0.5}})
    c.eq((status, b["errorNum"]), (410, 1500), "maxRuntime stops a long scan")
    emu.request("POST", "/_api/collection", {"name": "lazy"})
    emu.request("POST", "/_api/document/lazy", [{"_key": f"k{i:04d}", "v": i} for i in range(3000)])
    status, b = cursor(emu, {"query": "FOR d IN lazy LIMIT 5 RETURN d.v"})
    c.eq(len(b["result"]), 5, "LIMIT 5")
    c.eq(b["extra"]["stats"]["scannedFull"], 5, "a LIMIT stops the collection scan")
    status, b = cursor(emu, {"query": "FOR d IN lazy LIMIT 5 RETURN d.v", "options": {"fullCount": True}})
    c.eq((b["extra"]["stats"]["fullCount"], b["extra"]["stats"]["scannedFull"]), (3000, 3000),
         "fullCount reads the rest")
    # nested loops: the inner collection once per outer row
    status, b = cursor(emu, {"query": "FOR a IN 1..3 FOR d IN lazy FILTER d.v < 2 RETURN [a, d.v]"})
    c.eq(b["result"], [[1, 0], [1, 1], [2, 0], [2, 1], [3, 0], [3, 1]], "nested FOR over a collection")
    # the inner FOR reads, at every outer row, what its consumers ask for (a fresh lazy scan),
    # not a copy of the collection: a=1 reads all 3000 (none passes), a=2 one, then LIMIT stops
    status, b = cursor(emu, {"query": "FOR a IN 1..3 FOR d IN lazy FILTER a > 1 LIMIT 1 RETURN [a, d.v]"})
    c.eq((b["result"], b["extra"]["stats"]["scannedFull"]), ([[2, 0]], 3001), "inner scan stopped by LIMIT")
    status, b = cursor(emu, {"query": "FOR x IN lazy FOR y IN lazy FILTER x.v == 2 AND y.v == 7 LIMIT 1 "
                                      "RETURN [x.v, y.v]"})
    c.eq((b["result"], b["extra"]["stats"]["scannedFull"]), ([[2, 7]], 3 + 3000 + 3000 + 8),
         "collection in collection: what was read")
    emu.request("DELETE", "/_api/collection/lazy")


def check_stream(c, emu):
    emu.request("POST", "/_api/collection", {"name": "streamed"})
    emu.request("POST", "/_api/document/streamed", [{"v": i} for i in range(10)])
    status, b = cursor(emu, {"query": "FOR d IN streamed SORT d.v RETURN d.v", "batchSize": 4,
                             "options": {"stream": True}})
    c.eq((status, b["result"], b["hasMore"]), (201, [0, 1, 2, 3], True), "first batch")
    c.true("count" not in b and "extra" not in b, "a streaming cursor's first batch has no count/extra")
    running = emu.request("GET", "/_api/query/current").json()
    c.true(any(q["query"].startswith("FOR d IN streamed") and q["stream"] for q in running),
           "the streaming query is running while its cursor is open")
    r = emu.request("POST", f"/_api/cursor/{b['id']}").json()
    c.eq((r["result"], r["hasMore"]), ([4, 5, 6, 7], True), "second batch")
    r = emu.request("POST", f"/_api/cursor/{b['id']}").json()
    c.eq((r["result"], r["hasMore"]), ([8, 9], False), "last batch")
    c.true("extra" in r and r["extra"]["stats"]["scannedFull"] == 10, "extra with the last batch")
    running = emu.request("GET", "/_api/query/current").json()
    c.true(not any(q["query"].startswith("FOR d IN streamed") for q in running), "done once read to the end")
    # the next batch is read when asked for: a later batch can fail at run time
    status, b = cursor(emu, {"query": "FOR i IN 1..5 RETURN i == 4 ? FAIL('boom') : i", "batchSize": 2,
                             "options": {"stream": True}})
    c.eq((status, b["result"]), (201, [1, 2]), "streaming: the first batch before the failure")
    r = emu.request("POST", f"/_api/cursor/{b['id']}")
    c.eq((r.status, r.json()["errorNum"]), (400, 1569), "streaming: the failure with the batch that reaches it")
    emu.request("DELETE", "/_api/collection/streamed")


def check_snapshot(c, emu):
    # a collection scan reads the collection as it was when it started (arangod reads through
    # a RocksDB snapshot), although it reads lazily, a batch at a time: a streaming cursor
    # does not see writes made while it is open, and still reads the versions they removed
    emu.request("POST", "/_api/collection", {"name": "snap"})
    emu.request("POST", "/_api/document/snap", [{"_key": f"k{i}", "v": i} for i in range(3000)])
    status, b = cursor(emu, {"query": "FOR d IN snap RETURN d.v", "batchSize": 100,
                             "options": {"stream": True}})
    seen = list(b["result"])
    c.eq((status, seen), (201, list(range(100))), "first batch")
    # remove what it has not read yet, replace one, add new documents
    r = emu.request("DELETE", "/_api/document/snap", [f"k{i}" for i in range(2000, 3000)])
    c.true(r.status in (200, 202) and not any("error" in x for x in r.json()), "removed 1000")
    r = emu.request("PUT", "/_api/document/snap/k1500", {"v": -1})
    c.true(r.status in (201, 202), "replaced one")
    r = emu.request("POST", "/_api/document/snap", [{"v": 10000 + i} for i in range(500)])
    c.true(r.status in (201, 202), "inserted 500")
    r = emu.request("PUT", "/_api/collection/snap/truncate")
    c.eq(r.status, 200, "truncated")
    emu.request("POST", "/_api/document/snap", [{"_key": "after", "v": -2}])
    while b.get("hasMore"):
        b = emu.request("POST", f"/_api/cursor/{b['id']}").json()
        seen += b["result"]
    c.eq(seen, list(range(3000)), "the cursor read the collection as it was when it started")
    status, b = cursor(emu, {"query": "FOR d IN snap RETURN d.v"})
    c.eq(b["result"], [-2], "a new query sees the writes")
    # a scan inside a loop, and one over a collection written by the same query
    status, b = cursor(emu, {"query": "FOR i IN 1..2 FOR d IN snap INSERT {v: d.v - i} INTO snap RETURN NEW.v"})
    c.eq(b.get("result"), [-3, -4], "a query does not read what it writes")
    emu.request("DELETE", "/_api/collection/snap")


def hwm_kb(emu):
    with open(f"/proc/{emu.proc.pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise AssertionError("no VmHWM")


def check_lazy_memory(c, exe):
    # What a query holds while it reads a collection lazily: a FOR over a collection with a
    # LIMIT inside a stream transaction, and one nested in another loop, convert a batch of
    # documents, never the collection (30,000 documents of 1 kB: about 35 MB as values). The
    # emulator's peak resident memory (VmHWM) may not rise by a fraction of that.
    with asan_without_quarantine(exe), started(c, exe, "--no-auth") as emu:
        emu.request("POST", "/_api/collection", {"name": "big"})
        pad = "x" * 1000
        for start in range(0, 30000, 250):
            r = emu.request("POST", "/_api/document/big?silent=true",
                            [{"_key": f"k{i:05d}", "v": i, "pad": pad} for i in range(start, start + 250)])
            assert r.status in (201, 202), r.text
        tid = emu.request("POST", "/_api/transaction/begin",
                          {"collections": {"write": ["big"]}}).json()["result"]["id"]
        trx = {"x-arango-trx-id": tid}
        r = emu.request("POST", "/_api/document/big", {"_key": "mine", "v": -1, "pad": pad}, headers=trx)
        c.eq(r.status, 202, "a write in the transaction")
        queries = [
            ("FOR d IN big FILTER d.v < 0 OR d.v == 7 LIMIT 2 RETURN d._key", trx, ["k00007", "mine"],
             "in a transaction, its write included"),
            ("FOR d IN big LIMIT 3 RETURN d.v", trx, [0, 1, 2], "LIMIT in a transaction"),
            ("FOR a IN 1..3 FOR d IN big FILTER a > 1 LIMIT 1 RETURN [a, d.v]", None, [[2, 0]],
             "nested in another loop"),
            ("FOR a IN 1..3 FOR d IN big FILTER a > 1 LIMIT 1 RETURN [a, d.v]", trx, [[2, 0]],
             "nested in another loop, in a transaction"),
        ]
        for query, headers, expected, what in queries:
            before = hwm_kb(emu)
            r = emu.request("POST", "/_api/cursor", {"query": query}, headers=headers, timeout=60)
            grown = hwm_kb(emu) - before
            c.eq((r.status, r.json().get("result")), (201, expected), what)
            c.true(grown < 8 * 1024, f"{what}: peak RSS grew by {grown} kB")
        emu.request("DELETE", f"/_api/transaction/{tid}")


# Queries whose result grows by a product of their inputs' sizes (or, for SPLIT and FLATTEN, by
# far more than the input's memory): each would build gigabytes. As arangod, whose query memory
# accounting fails such a value with error 32, they fail with 32 once the result passes the
# query's memoryLimit or the global limit, before it is made.
PRODUCTS = [
    ("SUBSTITUTE", "RETURN LENGTH(SUBSTITUTE(REPEAT('a', 1e5), 'a', REPEAT('b', 1e5)))"),
    ("SUBSTITUTE with a mapping", "RETURN LENGTH(SUBSTITUTE(REPEAT('a', 1e5), {a: REPEAT('b', 1e5)}))"),
    ("REGEX_REPLACE", "RETURN LENGTH(REGEX_REPLACE(REPEAT('a', 1e5), 'a', REPEAT('b', 1e5)))"),
    ("REGEX_REPLACE with $0 repeated", "RETURN LENGTH(REGEX_REPLACE(REPEAT('a', 1e4), 'a+', REPEAT('$0', 1e5)))"),
    ("REGEX_REPLACE with a group repeated",
     "RETURN LENGTH(REGEX_REPLACE(CONCAT('x', REPEAT('a', 1e5)), '(x)(a+)', REPEAT('$2', 1e3)))"),
    ("CONCAT_SEPARATOR", "RETURN LENGTH(CONCAT_SEPARATOR(REPEAT('b', 1e5), 1..100000))"),
    ("REPEAT's separator", "RETURN LENGTH(REPEAT('a', 1e7, REPEAT('b', 1e4)))"),
    ("REPEAT of nothing with a separator", "RETURN LENGTH(REPEAT('', 1e18, 'x'))"),
    ("SPLIT by the empty string", "RETURN LENGTH(SPLIT(REPEAT('a', 16000000), ''))"),
    ("REGEX_SPLIT", "RETURN LENGTH(REGEX_SPLIT(REPEAT('a,', 8000000), ','))"),
    ("RANGE", "RETURN LENGTH(RANGE(1, 9000000))"),
    ("FLATTEN of shared arrays",
     "LET x = RANGE(1, 1000) LET y = REPLACE_NTH([], 999, x, x) "
     "RETURN LENGTH(FLATTEN(REPLACE_NTH([], 999, y, y), 2))"),
    ("REPLACE_NTH", "RETURN LENGTH(REPLACE_NTH(['a'], 1e9, 'z', 'y'))"),
    # values shared into a product of copies: an array of 1000 references to an array of 1000 ...
    # is small in memory but not written out (or in arangod, where each copy is real): its size
    # is known when it is made, before anything serialises, compares or walks it
    ("shared arrays, serialised",
     "LET a = RANGE(1, 1000) LET b = REPLACE_NTH([], 999, a, a) LET c = REPLACE_NTH([], 999, b, b) "
     "LET d = REPLACE_NTH([], 999, c, c) RETURN LENGTH(TO_STRING(d))"),
    ("shared arrays, returned",
     "LET a = RANGE(1, 1000) LET b = REPLACE_NTH([], 999, a, a) LET c = REPLACE_NTH([], 999, b, b) RETURN c"),
    ("array literals of shared arrays",
     "LET a0 = RANGE(1, 1000) " + " ".join(
         f"LET a{i} = [{', '.join([f'a{i - 1}'] * 10)}]" for i in range(1, 9)) + " RETURN a8 == a8"),
    ("object literals of shared objects",
     "LET o0 = {v: REPEAT('x', 1000)} " + " ".join(
         f"LET o{i} = {{{', '.join(f'k{j}: o{i - 1}' for j in range(10))}}}" for i in range(1, 9))
     + " RETURN JSON_STRINGIFY(o8)"),
]


def check_products_memory_limit(c, exe):
    with started(c, exe, "--no-auth") as emu:
        for what, query in PRODUCTS:
            before = hwm_kb(emu)
            status, b = cursor(emu, {"query": query, "memoryLimit": 1000000})
            grown = hwm_kb(emu) - before
            c.eq((status, b.get("errorNum")), (500, 32), f"{what} with memoryLimit 1 MB")
            c.true(b.get("errorMessage", "").startswith("AQL: query would use more memory than allowed"),
                   f"{what}: {b.get('errorMessage')}")
            c.true(grown < 32 * 1024, f"{what}: peak RSS grew by {grown} kB")
        # what fits is made as before
        status, b = cursor(emu, {"query": "RETURN [SUBSTITUTE('abcab', 'a', 'xy'), "
                                          "REGEX_REPLACE('abcab', 'a(b)', '<$0|$1>'), "
                                          "CONCAT_SEPARATOR('--', 1..3), REPEAT('a', 3, '-'), "
                                          "SPLIT('abc', ''), LENGTH(FLATTEN(REPLACE_NTH([], 2, [1, 2], [1, 2]))), "
                                          "RANGE(1, 3), REPEAT('', 5, '')]", "memoryLimit": 1000000})
        c.eq((status, b.get("result")),
             (201, [["xybcxyb", "<ab|b>c<ab|b>", "1--2--3", "a-a-a", ["a", "b", "c"], 6, [1, 2, 3], ""]]),
             "results within the limit")


def check_products_global_limit(c, exe):
    # no per-query limit, a global one of 64 MB: each fails there, RSS stays far below the
    # gigabytes the value would take
    with started(c, exe, "--no-auth", "--query.memory-limit", "0",
                 "--query.global-memory-limit", "64000000") as emu:
        for what, query in PRODUCTS:
            before = hwm_kb(emu)
            status, b = cursor(emu, {"query": query})
            grown = hwm_kb(emu) - before
            c.eq((status, b.get("errorNum")), (500, 32), f"{what} under the global limit")
            c.true(b.get("errorMessage", "").startswith("AQL: global memory limit exceeded"),
                   f"{what}: {b.get('errorMessage')}")
            c.true(grown < 256 * 1024, f"{what}: peak RSS grew by {grown} kB")


def check_quadratic_time(c, emu):
    # the string similarity functions take the product of the lengths in time (not in memory):
    # maxRuntime stops them
    for query in ["RETURN LEVENSHTEIN_DISTANCE(REPEAT('a', 1e5), REPEAT('b', 1e5))",
                  "RETURN NGRAM_SIMILARITY(REPEAT('a', 2e4), REPEAT('a', 2e4), 1e4)",
                  "RETURN NGRAM_POSITIONAL_SIMILARITY(REPEAT('ab', 1e4), REPEAT('ba', 1e4), 1e4)"]:
        before = hwm_kb(emu)
        status, b = cursor(emu, {"query": query, "options": {"maxRuntime": 0.5}})
        grown = hwm_kb(emu) - before
        c.eq((status, b.get("errorNum")), (410, 1500), query)
        c.true(grown < 32 * 1024, f"{query}: peak RSS grew by {grown} kB")
    # a regex that never matches tries every start position, each attempt up to the subject's
    # length (found by fuzz-aql), and a catastrophic one backtracks exponentially within one
    # attempt: ICU's callbacks poll maxRuntime between start positions and backtracking steps
    # (time only: ASan's quarantine keeps freed memory, so no RSS check)
    for query in ["RETURN LENGTH(REGEX_REPLACE(REPEAT('a', 3e4), 'a+ F', 'x'))",
                  "RETURN REGEX_TEST(REPEAT('a', 3e4), 'a+ F')",
                  "RETURN REGEX_SPLIT(CONCAT(REPEAT('a', 40), 'c'), '(a|a)*b')",
                  "RETURN REGEX_TEST(CONCAT(REPEAT('a', 40), 'c'), '(a|a)*b')",
                  "RETURN REGEX_MATCHES(CONCAT(REPEAT('a', 40), 'c'), '(a*)*b')"]:
        started_at = time.monotonic()
        status, b = cursor(emu, {"query": query, "options": {"maxRuntime": 0.5}})
        c.eq((status, b.get("errorNum")), (410, 1500), query)
        c.true(time.monotonic() - started_at < 30, f"{query}: stopped at maxRuntime")
    # a result made of many small pieces takes long before it reaches the memory limits: the
    # builder polls maxRuntime too (a gigabyte of single-character separators)
    before = hwm_kb(emu)
    status, b = cursor(emu, {"query": "RETURN LENGTH(REPEAT('', 1e18, 'x'))", "options": {"maxRuntime": 0.2}})
    c.eq((status, b.get("errorNum")), (410, 1500), "REPEAT('', 1e18, 'x') until maxRuntime")
    c.true(hwm_kb(emu) - before < 1024 * 1024, "REPEAT('', 1e18, 'x'): peak RSS")
    # the 3.12 documentation's examples (aql-examples-3.12.jsonl), with the table kept two rows at a time
    pairs = [("quick fox", "quick foxx", 2), ("quick fox", "quick foxx", 3), ("quick fox", "quirky fox", 2),
             ("quick fox", "quirky fox", 3)]
    for fn, expected in [("NGRAM_SIMILARITY", [0.8888888955116272, 0.875, 0.5555555820465088, 0.375]),
                         ("NGRAM_POSITIONAL_SIMILARITY",
                          [0.8888888955116272, 0.875, 0.7222222089767456, 0.6666666865348816])]:
        calls = ", ".join(f"{fn}('{x}', '{y}', {n})" for x, y, n in pairs)
        status, b = cursor(emu, {"query": f"RETURN [{calls}]"})
        c.eq(b.get("result"), [expected], fn)
    status, b = cursor(emu, {"query": "RETURN NGRAM_SIMILARITY('ab', 'ab', 0)"})
    c.eq((b.get("result"), [w["code"] for w in b["extra"]["warnings"]]), ([None], [10]), "n-gram size 0")


# A client's number where a function needs an integer. NaN and +-inf cannot be AQL values (an
# expression that makes one is null, with a warning), so they reach a function as null, which
# counts as 0 (AqlValue::toInt64) or as "not given". -1e300 is arangod's INT64_MIN (its cast of
# a double below the range on x86); 1e300 makes arangod's toInt64 throw NumberOutOfRange, which
# the emulator does not copy: it saturates, as far from 0 as the int64 range allows.
NULLS = {"nan": "(0 / 0)", "inf": "(1e308 * 10)", "-inf": "(-1e308 * 10)"}
HUGE = dict(NULLS, **{"1e300": "1e300", "-1e300": "-1e300"})
CASTS = [
    # (query with {n}, result for a null argument, for 1e300, for -1e300)
    ("SUBSTITUTE('aaa', 'a', 'b', {n})", "aaa", "bbb", "baa"),  # a limit of 0: the input as it is
    ("SUBSTRING('hello', {n})", "hello", "", "hello"),
    ("SPLIT('a,b,c', ',', {n})", None, ["a", "b", "c"], None),  # limit: a number, negative: null
    ("LEFT('hello', {n})", "", "hello", ""),
    ("RIGHT('hello', {n})", "", "hello", ""),
    ("FIND_FIRST('hello', 'l', {n})", 2, -1, -1),
    ("FIND_LAST('hello', 'l', 0, {n})", 3, 3, -1),  # a null end: the string's end
    ("REPEAT('ab', {n})", "", None, None),
    ("SLICE([1, 2, 3], 1, {n})", [2, 3], [2, 3], []),  # a null length: to the end
    ("SLICE([1, 2, 3], {n}, 1e300)", [1, 2, 3], [], [1, 2, 3]),
    ("NTH([1, 2, 3], {n})", 1, None, None),
    ("REMOVE_NTH([1, 2, 3], {n})", [2, 3], [1, 2, 3], [1, 2, 3]),
    ("REPLACE_NTH([1, 2, 3], {n}, 0)", [0, 2, 3], None, [0, 2, 3]),  # None: error 32, checked below
    ("TO_CHAR({n})", None, "", None),  # not a number or negative: null
    ("BIT_AND([{n}, 3])", 3, None, None),
    ("BIT_OR([{n}, 4])", 4, None, None),
    ("DATE_ISO8601({n})", None, None, None),
    ("DATE_ROUND(0, {n}, 'f')", None, "1970-01-01T00:00:00.000Z", None),
    ("RANGE({n}, {n})", [0], [1e300], [-1e300]),
]
LARGE_ONLY = [
    # (query with {n}, result for 1e300, for -1e300): dates beyond the years 0..9999 are invalid
    ("DATE_ADD(0, {n}, 'day')", None, None),
    ("DATE_ADD(0, {n}, 'year')", None, None),
    ("DATE_ADD(0, {n}, 'ms')", None, None),
    ("DATE_TIMESTAMP({n}, 1, 1)", None, None),
    ("DATE_TIMESTAMP(2000, {n}, 1)", None, None),
    ("DATE_TIMESTAMP(2000, 1, 1, 0, 0, 0, {n})", None, None),
    ("NGRAM_SIMILARITY('ab', 'ab', {n})", 0, None),
    ("SUBSTRING('hello', 1, {n})", "ello", ""),
]


def check_clamped_casts(c, emu):
    for template, null_result, large, small in CASTS:
        for case, literal in HUGE.items():
            want = {"1e300": large, "-1e300": small}.get(case, null_result)
            query = "RETURN " + template.format(n=literal)
            status, b = cursor(emu, {"query": query})
            if template.startswith("REPLACE_NTH") and case == "1e300":
                c.eq((status, b.get("errorNum")), (500, 32), query)
                continue
            c.eq((status, b.get("result")), (201, [want]), f"{query} ({case})")
    for template, large, small in LARGE_ONLY:
        for literal, want in (("1e300", large), ("-1e300", small)):
            query = "RETURN " + template.format(n=literal)
            status, b = cursor(emu, {"query": query})
            c.eq((status, b.get("result")), (201, [want]), query)
    status, b = cursor(emu, {"query": "RETURN [DATE_ROUND(0, 0.5, 'f'), SLEEP(-1e300), "
                                      "SUBSTITUTE('aaa', 'a', 'b', -5), SUBSTITUTE('aaa', 'a', 'b', -1)]"})
    c.eq((status, b.get("result")), (201, [[None, None, "baa", "bbb"]]),
         "DATE_ROUND below a millisecond, negative SLEEP, SUBSTITUTE's negative limits")
    status, b = cursor(emu, {"query": "RETURN SLEEP(1e300)", "options": {"maxRuntime": 0.3}})
    c.eq((status, b.get("errorNum")), (410, 1500), "SLEEP(1e300) until maxRuntime")


def run(c, exe):
    with started(c, exe, "--no-auth") as emu:
        c.run("memoryLimit", check_memory_limit, emu)
        c.run("REPEAT / RANDOM_TOKEN / ranges", check_function_caps, emu)
        c.run("lazy evaluation", check_lazy, emu)
        c.run("streaming cursors", check_stream, emu)
        c.run("scan snapshots", check_snapshot, emu)
        c.run("quadratic-time functions", check_quadratic_time, emu)
        c.run("integer arguments", check_clamped_casts, emu)
    c.run("--query.memory-limit", check_default_memory_limit, exe)
    c.run("--query.global-memory-limit", check_global_memory_limit, exe)
    c.run("lazy scans hold a batch", check_lazy_memory, exe)
    c.run("products of input sizes: memoryLimit", check_products_memory_limit, exe)
    c.run("products of input sizes: global limit", check_products_global_limit, exe)
    return c.report()


if __name__ == "__main__":
    sys.exit(emutest.suite_main(__doc__, run))
