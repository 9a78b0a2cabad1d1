#!/usr/bin/env python3
"""Conformance tests of arango-emulator for the cursor, query and AQL
function APIs (python3 standard library only).

    test_conformance_cursor.py PATH/TO/arango-emulator

Replays every ArangoDB 3.12.10 transcript of area 'cursor/AQL'
(data/transcripts-cursor-aql.jsonl) against an emulator started with
--no-auth: the set-up of each example (collections, documents, indexes) is
rebuilt from its example_code, recorded cursor ids are mapped to the ones the
emulator returns, and status, the body's keys (in order) and value types are
compared; error numbers and messages and deterministic values are compared
exactly. Plans, ASTs and profiles are compared at the top level only. Then
targeted checks cover batching, retry, ttl expiry, kill and concurrency.
"""
import json
import os
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import emutest  # noqa: E402  (shared infrastructure)
from emutest import Example, compare_json, drop_collections, load_jsonl, started  # noqa: E402

TRANSCRIPTS = os.path.join(HERE, "data", "transcripts-cursor-aql.jsonl")

# leaves whose values differ per run (types are still compared)
VOLATILE = {"_key", "_id", "_rev", "id", "executionTime", "runtime", "fetching", "hash", "queryHash",
            "created", "started", "runTime", "memoryUsage", "peakMemoryUsage", "nextBatchId",
            "estimatedCost", "estimatedNrItems", "size", "hits", "results"}
# subtrees compared by top-level keys only (optimizer output, timing)
SHALLOW = {"plan", "plans", "ast", "profile", "nodes", "stats", "warnings"}
# Listings of the query caches: the queries their examples ran (example_code) are run
# first, so the listing holds what 3.12's held (key order, bindVars, dataSources, hits).
CACHE_LISTINGS = {
    "3.12/HttpListQueryPlanCache#0": (None, [
        ({"query": "FOR doc IN @@coll FILTER doc.attr == @val RETURN doc",
          "bindVars": {"@coll": "coll", "val": "foo"}, "options": {"usePlanCache": True}}, 3),
        ({"query": "RETURN 42", "options": {"usePlanCache": True}}, 1)]),
    "3.12/HttpListQueryResultsCache#0": ({"mode": "demand"}, [
        ({"query": "FOR doc IN @@coll FILTER doc.attr == @val RETURN doc",
          "bindVars": {"@coll": "coll", "val": "foo"}, "options": {"cache": True, "fullCount": True}}, 3),
        ({"query": "RETURN 42", "options": {"cache": True}}, 1)]),
}
# hits and results of the cache listings are compared exactly
CACHE_EXACT = {"hits", "results", "fullCount"}


def shallow(path, value):
    """Plans, profiles, statistics...: an object's keys are compared, an array not at all
    ("stats" objects are compared fully, their values excepted: see volatile)."""
    key = path[-1] if path else None
    return key in SHALLOW and not (isinstance(value, dict) and key == "stats")


def volatile(path, value):
    key = path[-1] if path else None
    return key in VOLATILE or (len(path) >= 2 and path[-2] == "stats")


def volatile_cache_listing(path, value):
    key = path[-1] if path else None
    return key not in CACHE_EXACT and volatile(path, value)


def compare(c, expected, actual, path=()):
    compare_json(c, expected, actual, path, volatile=volatile, shallow=shallow)


class Replay:
    def __init__(self, emu):
        self.emu = emu
        self.cursor_ids = {}

    def run(self, c, rec, example):
        path = rec["path"]
        for old, new in self.cursor_ids.items():
            path = path.replace(f"/_api/cursor/{old}", f"/_api/cursor/{new}")
        body = rec["request_body"]
        if rec["request_body_kind"] is None and rec["method"] in ("POST", "PUT"):
            body = ""
        if rec["id"] in CACHE_LISTINGS:
            properties, queries = CACHE_LISTINGS[rec["id"]]
            if properties is not None:
                self.emu.request("PUT", "/_api/query-cache/properties", properties)
            for query, times in queries:
                for _ in range(times):
                    q = self.emu.request("POST", "/_api/cursor", query)
                    c.eq(q.status, 201, f"example query {query['query']}: {q.text[:200]}")
        r = self.emu.request(rec["method"], path, body, timeout=30)
        c.eq(r.status, rec["status"], f"status ({r.text[:300]})")
        actual = r.json()
        expected = rec["response_body"]
        if isinstance(expected, dict) and "id" in expected and isinstance(actual, dict) and "id" in actual:
            self.cursor_ids[expected["id"]] = actual["id"]
        if rec["id"] in CACHE_LISTINGS:
            compare_json(c, expected, actual, (), volatile=volatile_cache_listing, shallow=shallow)
            self.emu.request("PUT", "/_api/query-cache/properties", {"mode": "off"})
            return
        if rec["id"].startswith("3.12/inline:"):
            # documentation snippet (pre-3.x key order, made-up values)
            for k in ("result", "hasMore", "error", "code"):
                c.true(k in actual, f"key {k} present")
            c.eq(len(actual["result"]), len(expected["result"]), "result length")
            return
        compare(c, expected, actual)


def setup_inline(emu):
    drop_collections(emu)
    emu.request("POST", "/_api/collection", {"name": "users"})
    emu.request("POST", "/_api/document/users", [{"name": f"user{i}"} for i in range(1, 6)])


def cursor(emu, body, db="_system"):
    r = emu.request("POST", f"/_db/{db}/_api/cursor", body, timeout=30)
    return r.status, r.json()


def check_batches(c, emu):
    status, b = cursor(emu, {"query": "FOR i IN 1..7 RETURN i", "batchSize": 3, "count": True})
    c.eq(status, 201, "create")
    c.eq(b["result"], [1, 2, 3], "first batch")
    c.eq(b["hasMore"], True, "hasMore")
    c.eq(b["count"], 7, "count")
    c.eq(b["nextBatchId"], "2", "nextBatchId")
    cid = b["id"]
    r = emu.request("POST", f"/_api/cursor/{cid}")
    c.eq(r.status, 200, "next batch")
    c.eq(r.json()["result"], [4, 5, 6], "second batch")
    r = emu.request("PUT", f"/_api/cursor/{cid}")
    c.eq(r.json()["result"], [7], "last batch (PUT)")
    c.eq(r.json()["hasMore"], False, "hasMore false")
    c.eq(list(r.json().keys()), ["result", "hasMore", "count", "extra", "cached", "error", "code"], "last batch keys")
    r = emu.request("POST", f"/_api/cursor/{cid}")
    c.eq((r.status, r.json()["errorNum"]), (404, 1600), "exhausted cursor is gone")


def check_open_at_shutdown(c, emu):
    r = emu.request("POST", "/_api/collection", {"name": "shutdown_open"})
    c.eq(r.status, 200, "collection")
    r = emu.request("POST", "/_api/document/shutdown_open", [{"a": i} for i in range(5)])
    c.eq(r.status, 202, "documents")
    for stream in (True, False):
        status, b = cursor(emu, {"query": "FOR d IN shutdown_open RETURN d.a", "batchSize": 1,
                                 "options": {"stream": stream}})
        c.eq((status, len(b["result"]), b["hasMore"]), (201, 1, True), f"open cursor, stream {stream}")


def check_retry(c, emu):
    status, b = cursor(emu, {"query": "FOR i IN 1..5 RETURN i", "batchSize": 2, "options": {"allowRetry": True}})
    cid = b["id"]
    r1 = emu.request("POST", f"/_api/cursor/{cid}").json()
    c.eq(r1["result"], [3, 4], "batch 2")
    again = emu.request("POST", f"/_api/cursor/{cid}/2").json()
    c.eq(again["result"], [3, 4], "batch 2 again")
    last = emu.request("POST", f"/_api/cursor/{cid}").json()
    c.eq(last["result"], [5], "batch 3")
    again = emu.request("POST", f"/_api/cursor/{cid}/3")
    c.eq((again.status, again.json()["result"]), (200, [5]), "last batch again (allowRetry)")
    r = emu.request("DELETE", f"/_api/cursor/{cid}")
    c.eq(r.status, 202, "delete")
    c.eq(r.json(), {"id": cid, "error": False, "code": 202}, "delete body")


def check_ttl(c, emu):
    status, b = cursor(emu, {"query": "FOR i IN 1..5 RETURN i", "batchSize": 1, "ttl": 1})
    time.sleep(1.6)
    r = emu.request("POST", f"/_api/cursor/{b['id']}")
    c.eq((r.status, r.json()["errorNum"]), (404, 1600), "expired cursor")


def check_full_count_and_profile(c, emu):
    status, b = cursor(emu, {"query": "FOR i IN 1..10 LIMIT 3 RETURN i", "options": {"fullCount": True}})
    c.eq(b["extra"]["stats"]["fullCount"], 10, "fullCount")
    status, b = cursor(emu, {"query": "RETURN 1", "options": {"profile": 2}})
    c.eq(list(b["extra"].keys()), ["warnings", "stats", "plan", "profile"], "profile extra keys")
    c.true("nodes" in b["extra"]["stats"], "profile nodes")


def check_kill_and_concurrency(c, emu):
    result = {}

    def slow():
        result["r"] = cursor(emu, {"query": "RETURN SLEEP(20)"})

    t = threading.Thread(target=slow)
    start = time.time()
    t.start()
    # other requests are served while the query sleeps
    qid = None
    for _ in range(100):
        r = emu.request("GET", "/_api/query/current")
        running = [q for q in r.json() if q["query"] == "RETURN SLEEP(20)"]
        if running:
            qid = running[0]["id"]
            c.eq(running[0]["state"], "executing", "state")
            break
        time.sleep(0.05)
    c.true(qid is not None, "query listed in /_api/query/current")
    t0 = time.time()
    s2, b2 = cursor(emu, {"query": "RETURN 2"})
    c.true(time.time() - t0 < 2, "second query not blocked by the sleeping one")
    c.eq(b2["result"], [2], "second query result")
    r = emu.request("DELETE", f"/_api/query/{qid}")
    c.eq(r.status, 200, "kill")
    t.join(10)
    c.true(time.time() - start < 10, "killed query ended early")
    status, body = result["r"]
    c.eq((status, body["errorNum"], body["errorMessage"]), (410, 1500, "query killed"), "killed query error")
    r = emu.request("DELETE", "/_api/query/999999999")
    c.eq((r.status, r.json()["errorNum"]), (404, 1591), "kill unknown query")


def check_slow_and_properties(c, emu):
    r = emu.request("PUT", "/_api/query/properties", {"slowQueryThreshold": 0.05})
    c.eq(r.json()["slowQueryThreshold"], 0.05, "threshold set")
    cursor(emu, {"query": "RETURN SLEEP(0.1)"})
    slow = emu.request("GET", "/_api/query/slow").json()
    c.true(any(q["query"] == "RETURN SLEEP(0.1)" for q in slow), "slow query listed")
    c.eq(emu.request("DELETE", "/_api/query/slow").status, 200, "clear slow")
    c.eq(emu.request("GET", "/_api/query/slow").json(), [], "slow list empty")
    emu.request("PUT", "/_api/query/properties", {"slowQueryThreshold": 10})
    props = emu.request("GET", "/_api/query/properties").json()
    c.eq(list(props.keys()), ["enabled", "trackSlowQueries", "trackBindVars", "maxSlowQueries",
                              "slowQueryThreshold", "slowStreamingQueryThreshold", "maxQueryStringLength"],
         "properties keys")


def check_user_functions(c, emu):
    body = {"name": "my::double", "code": "function (x) { return x * 2; }"}
    r = emu.request("POST", "/_api/aqlfunction", body)
    c.eq((r.status, r.json()["isNewlyCreated"]), (201, True), "create")
    r = emu.request("POST", "/_api/aqlfunction", body)
    c.eq((r.status, r.json()["isNewlyCreated"]), (200, False), "replace")
    r = emu.request("GET", "/_api/aqlfunction?namespace=my")
    c.eq([f["name"] for f in r.json()["result"]], ["my::double"], "list")
    # a registered function runs (JavaScript); an unknown one fails with 1582
    s, b = cursor(emu, {"query": "RETURN MY::DOUBLE(2)"})
    c.eq((s, b.get("result")), (201, [4]), "registered user function runs")
    s, b = cursor(emu, {"query": "RETURN OTHER::FN(2)"})
    c.eq((s, b["errorNum"]), (404, 1582), "unknown user function")
    r = emu.request("DELETE", "/_api/aqlfunction/my::double")
    c.eq((r.status, r.json()["deletedCount"]), (200, 1), "delete")
    r = emu.request("POST", "/_api/aqlfunction", {"name": "nonamespace", "code": "function(){}"})
    c.eq((r.status, r.json()["errorNum"]), (400, 1580), "invalid name")


def check_parse_and_explain(c, emu):
    r = emu.request("POST", "/_api/query", {"query": "FOR u IN users FILTER u.a == @v RETURN u"})
    b = r.json()
    c.eq((r.status, b["collections"], b["bindVars"]), (200, ["users"], ["v"]), "parse result")
    r = emu.request("POST", "/_api/query", {"query": "FOR u IN"})
    c.eq((r.status, r.json()["errorNum"]), (400, 1501), "parse error")
    r = emu.request("POST", "/_api/explain", {"query": "RETURN 1"})
    c.eq(list(r.json().keys()), ["plan", "cacheable", "warnings", "stats", "error", "code"], "explain keys")


def run(c, exe):
    records = load_jsonl(TRANSCRIPTS)
    replayed = 0
    with started(c, exe, "--no-auth") as emu:
        replay = Replay(emu)
        current = None
        example = None
        for rec in records:
            name = rec["example"] or rec["id"].split("#")[0]
            if name != current:
                current = name
                if rec["id"].startswith("3.12/inline:"):
                    if example != "inline":
                        c.run("set-up inline", lambda cc: setup_inline(emu))
                        example = "inline"
                else:
                    drop_collections(emu)
                    ex = Example(emu, rec)
                    c.run(f"set-up {name}", ex.run_setup)
                    example = ex
            c.run(f"replay {rec['id']} {rec['method']} {rec['path']}", replay.run, rec, example)
            replayed += 1
        print(f"replayed {replayed} of {len(records)} transcript records")
        drop_collections(emu)
        c.run("batches", check_batches, emu)
        c.run("allowRetry", check_retry, emu)
        c.run("ttl expiry", check_ttl, emu)
        c.run("fullCount / profile", check_full_count_and_profile, emu)
        c.run("kill a sleeping query; concurrency", check_kill_and_concurrency, emu)
        c.run("slow queries / properties", check_slow_and_properties, emu)
        c.run("user functions", check_user_functions, emu)
        c.run("parse / explain", check_parse_and_explain, emu)
    # Stopped with cursors still open (a streaming one over a collection, a batched one):
    # `started` counts a non-zero exit code as a failure (it was 134, a double free, when the
    # cursor registry outlived the query service at exit).
    with started(c, exe, "--no-auth") as emu:
        c.run("cursors open at shutdown", check_open_at_shutdown, emu)
    return c.report()


if __name__ == "__main__":
    sys.exit(emutest.suite_main(__doc__, run))
