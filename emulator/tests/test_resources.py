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


def run(c, exe):
    with started(c, exe, "--no-auth") as emu:
        c.run("memoryLimit", check_memory_limit, emu)
        c.run("REPEAT / RANDOM_TOKEN / ranges", check_function_caps, emu)
        c.run("lazy evaluation", check_lazy, emu)
        c.run("streaming cursors", check_stream, emu)
        c.run("scan snapshots", check_snapshot, emu)
    c.run("--query.memory-limit", check_default_memory_limit, exe)
    c.run("--query.global-memory-limit", check_global_memory_limit, exe)
    c.run("lazy scans hold a batch", check_lazy_memory, exe)
    return c.report()


if __name__ == "__main__":
    sys.exit(emutest.suite_main(__doc__, run))
