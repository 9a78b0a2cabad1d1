#!/usr/bin/env python3
"""Conformance tests of arango-emulator for the server behaviour other drivers' test suites
rely on (python3 standard library only).

    test_conformance_fidelity.py PATH/TO/arango-emulator

Replays the ArangoDB 3.12.10 transcripts of /_api/tasks (data/transcripts-tasks.jsonl), then
checks, each against arangod's source for the same path (named in the check) or a 3.12
recording: the task registry (ids, periodic and timed tasks, offset expiry, errors), the cursor
batch protocol (nextBatchId without allowRetry), LIMIT with a null count, the AQL results cache
and plan cache, the running and slow query listings, explain's warning options, fire-and-forget
requests (x-arango-async: true), versionAttribute and _oldRev, index type aliases, the keys of
/_api/version?details=true, a table of error texts, and how numbers in bodies are read.
"""
import json
import os
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import emutest  # noqa: E402  (shared infrastructure)
from emutest import compare_json, drop_collections, load_jsonl, mkcoll, started  # noqa: E402

TASK_TRANSCRIPTS = os.path.join(HERE, "data", "transcripts-tasks.jsonl")


def error_triple(r):
    b = r.json()
    return r.status, b.get("errorNum"), b.get("errorMessage")


def cursor(emu, body, db="_system", headers=None):
    r = emu.request("POST", f"/_db/{db}/_api/cursor", body, headers=headers, timeout=30)
    return r.status, r.json()


# --- /_api/tasks -------------------------------------------------------------------------------

def replay_tasks(c, emu):
    """The recorded examples, with the set-up their arangosh code ran."""
    for rec in load_jsonl(TASK_TRANSCRIPTS):
        if rec["id"] == "3.12/RestTasksListOne#0":
            r = emu.request("POST", "/_api/tasks",
                            {"id": "testTask", "command": "console.log('Hello from task!');",
                             "offset": 10000})
            c.eq(r.status, 200, "set-up POST /_api/tasks")
        r = emu.request(rec["method"], rec["path"], rec["request_body"])
        c.eq(r.status, rec["status"], f"{rec['id']} status")
        compare_json(c, rec["response_body"], r.json(), (rec["id"],),
                     volatile=lambda path, _v: path[-1] == "created")
        c.eq(list(r.json()) if isinstance(r.json(), dict) else None,
             list(rec["response_body"]) if isinstance(rec["response_body"], dict) else None,
             f"{rec['id']} key order")
    for tid in ("testTask", "sampleTask"):
        emu.request("DELETE", f"/_api/tasks/{tid}")


def check_task_registry(c, emu):
    # Task::toVelocyPack; POST without id: a generated numeric id (TRI_NewServerSpecificTick)
    r = emu.request("POST", "/_api/tasks", {"name": "p", "command": "return 1", "period": 0.5,
                                           "params": {"a": 1}})
    c.eq(r.status, 200, "create periodic")
    t = r.json()
    c.true(t["id"].isdigit(), f"generated id {t['id']}")
    c.eq(list(t), ["id", "name", "created", "type", "period", "offset", "command", "database"],
         "periodic task keys")
    c.eq((t["type"], t["period"], t["offset"]), ("periodic", 0.5, 0), "periodic fields")
    c.eq(t["command"], "(function (params) { return 1 } )(params);", "command as wrapped")
    pid = t["id"]
    # Task::start queues with an offset of at least 1 microsecond: later listings show it
    c.eq(emu.request("GET", f"/_api/tasks/{pid}").json()["offset"], 1e-06, "started offset")
    # a one-shot task with an offset unregisters itself once it ran
    r = emu.request("PUT", "/_api/tasks/once", {"command": "x", "offset": 0.4})
    c.eq((r.status, r.json()["type"], r.json()["offset"]), (200, "timed", 0.4), "timed task")
    c.eq(list(r.json()), ["id", "name", "created", "type", "offset", "command", "database"],
         "timed task keys")
    c.eq(r.json()["name"], "user-defined task", "default name")
    ids = [x["id"] for x in emu.request("GET", "/_api/tasks").json()]
    c.true("once" in ids and pid in ids, f"both listed: {ids}")
    time.sleep(0.6)
    ids = [x["id"] for x in emu.request("GET", "/_api/tasks").json()]
    c.true("once" not in ids and pid in ids, f"timed task gone, periodic stays: {ids}")
    c.eq(error_triple(emu.request("GET", "/_api/tasks/once")), (404, 1852, "task not found"),
         "ran task not found")
    # the body's id is used by POST; ids are unique server-wide
    r = emu.request("POST", "/_api/tasks", {"id": "mine", "command": "x", "offset": 30})
    c.eq(r.json()["id"], "mine", "POST with id")
    c.eq(error_triple(emu.request("PUT", "/_api/tasks/mine", {"command": "x"})),
         (409, 1851, "duplicate task id"), "duplicate id")
    # RestTasksHandler::registerTask validation
    c.eq(error_triple(emu.request("POST", "/_api/tasks", {"command": "x", "period": 0})),
         (400, 10, "task period must be specified and positive"), "period 0")
    c.eq(error_triple(emu.request("POST", "/_api/tasks", {"command": "x", "period": -1})),
         (400, 10, "task period must be specified and positive"), "negative period")
    c.eq(error_triple(emu.request("POST", "/_api/tasks", {"name": "x"})),
         (400, 10, "command must be specified"), "no command")
    c.eq(error_triple(emu.request("POST", "/_api/tasks", {"command": 1})),
         (400, 10, "command must be specified"), "command not a string")
    c.eq(error_triple(emu.request("POST", "/_api/tasks", [1])),
         (500, 4, "caught velocypack error in RestTasksHandler: Expecting type Object"),
         "array body")
    c.eq(error_triple(emu.request("POST", "/_api/tasks", "{")) [:2], (400, 600), "broken JSON")
    c.eq(error_triple(emu.request("GET", "/_api/tasks/a/b")),
         (400, 601, "superfluous parameter, expecting /_api/tasks[/<id>]"), "GET two suffixes")
    c.eq(error_triple(emu.request("DELETE", "/_api/tasks")),
         (400, 601, "bad parameter, expecting /_api/tasks/<id>"), "DELETE without id")
    c.eq(error_triple(emu.request("PUT", "/_api/tasks", {"command": "x"})),
         (400, 10, "expected PUT /_api/tasks/<task-id>"), "PUT without id")
    # deletion (generateOk)
    r = emu.request("DELETE", "/_api/tasks/mine")
    c.eq((r.status, r.json()), (200, {"error": False, "code": 200}), "delete")
    c.eq(error_triple(emu.request("DELETE", "/_api/tasks/mine")),
         (404, 1852, "task not found"), "delete twice")
    # one registry for the server; a database's tasks go with it
    emu.request("POST", "/_api/database", {"name": "taskdb"})
    r = emu.request("PUT", "/_db/taskdb/_api/tasks/indb", {"command": "x", "period": 5})
    c.eq(r.json()["database"], "taskdb", "task database")
    ids = [x["id"] for x in emu.request("GET", "/_api/tasks").json()]
    c.true("indb" in ids, "listed from _system too")
    emu.request("DELETE", "/_api/database/taskdb")
    ids = [x["id"] for x in emu.request("GET", "/_api/tasks").json()]
    c.true("indb" not in ids, f"gone with its database: {ids}")
    emu.request("DELETE", f"/_api/tasks/{pid}")
    c.eq(emu.request("GET", "/_api/tasks").json(), [], "all deleted")


def check_task_permissions(c, exe):
    """::authorized in Tasks.cpp: a user sees and deletes only their own tasks; registering
    needs RW on the database."""
    with started(c, exe, "--root-password", "pw", "--jwt-secret", "tasks-secret") as emu:
        root = emutest.basic("root", "pw")
        superuser = "bearer " + emutest.make_jwt({"iss": "arangodb", "server_id": "t"},
                                                 "tasks-secret")
        for user, level in (("alice", "rw"), ("bob", "rw"), ("carol", "ro")):
            emu.request("POST", "/_api/user", {"user": user, "passwd": "x"}, auth=root)
            emu.request("PUT", f"/_api/user/{user}/database/_system", {"grant": level}, auth=root)
        r = emu.request("PUT", "/_api/tasks/a1", {"command": "x", "period": 5}, auth=emutest.basic("alice", "x"))
        c.eq(r.status, 200, "alice creates")
        c.eq([t["id"] for t in emu.request("GET", "/_api/tasks", auth=emutest.basic("bob", "x")).json()], [],
             "bob sees none")
        c.eq(emu.request("GET", "/_api/tasks/a1", auth=emutest.basic("bob", "x")).status, 404, "bob: not found")
        c.eq(emu.request("DELETE", "/_api/tasks/a1", auth=emutest.basic("bob", "x")).status, 404,
             "bob cannot delete")
        # root is a user like any other here; only the superuser (a server JWT) sees all
        c.eq([t["id"] for t in emu.request("GET", "/_api/tasks", auth=root).json()], [],
             "root sees only root's")
        c.eq([t["id"] for t in emu.request("GET", "/_api/tasks", auth=superuser).json()], ["a1"],
             "superuser sees all")
        c.eq(error_triple(emu.request("PUT", "/_api/tasks/c1", {"command": "x"},
                                      auth=emutest.basic("carol", "x"))),
             (403, 11, "registering a task needs db RW permissions"), "read-only user")
        c.eq(emu.request("DELETE", "/_api/tasks/a1", auth=emutest.basic("alice", "x")).status, 200,
             "alice deletes")


# --- cursors ---------------------------------------------------------------------------------

def check_cursor_batches(c, emu):
    """RestCursorHandler::showLatestBatch / lookupCursor and Cursor::isNextBatchId."""
    status, b = cursor(emu, {"query": "FOR i IN 1..5 RETURN i", "batchSize": 2})
    c.eq((status, b["nextBatchId"]), (201, "2"), "nextBatchId without allowRetry")
    cid = b["id"]
    r = emu.request("POST", f"/_api/cursor/{cid}/1")
    c.eq(error_triple(r), (400, 400, "expecting allowRetry option to be true"), "re-read batch 1")
    r = emu.request("POST", f"/_api/cursor/{cid}/2")
    c.eq((r.status, r.json()["result"], r.json()["nextBatchId"]), (200, [3, 4], "3"),
         "next batch by nextBatchId")
    c.eq(error_triple(emu.request("POST", f"/_api/cursor/{cid}/2")),
         (400, 400, "expecting allowRetry option to be true"), "re-read batch 2")
    c.eq(error_triple(emu.request("POST", f"/_api/cursor/{cid}/9")),
         (404, 1600, "batch id not found"), "unknown batch id")
    c.eq(error_triple(emu.request("POST", f"/_api/cursor/{cid}/x")),
         (404, 1600, "batch id not found"), "unparsable batch id reads as 0")
    r = emu.request("POST", f"/_api/cursor/{cid}/3")
    c.eq((r.status, r.json()["result"], r.json()["hasMore"], "nextBatchId" in r.json()),
         (200, [5], False, False), "last batch")
    c.eq(error_triple(emu.request("POST", f"/_api/cursor/{cid}/4")),
         (404, 1600, "cursor not found"), "exhausted cursor is gone")
    # mixing the plain next-batch call with batch ids
    status, b = cursor(emu, {"query": "FOR i IN 1..6 RETURN i", "batchSize": 2})
    cid = b["id"]
    c.eq(emu.request("POST", f"/_api/cursor/{cid}").json()["nextBatchId"], "3", "plain next")
    c.eq(emu.request("POST", f"/_api/cursor/{cid}/3").json()["result"], [5, 6], "then by id")
    # allowRetry: the batch last sent, again, exactly as sent (the first keeps code 201)
    status, b = cursor(emu, {"query": "FOR i IN 1..3 RETURN i", "batchSize": 2,
                             "options": {"allowRetry": True}})
    again = emu.request("POST", f"/_api/cursor/{b['id']}/1")
    c.eq((again.status, again.json()), (200, b), "first batch again")
    c.eq(error_triple(emu.request("POST", "/_api/cursor/123123/1")),
         (404, 1600, "cursor not found"), "unknown cursor with batch id")
    emu.request("DELETE", f"/_api/cursor/{b['id']}")


def check_limit_null(c, emu):
    """ExecutionPlan::fromNodeLimit: null offset 0, null count unbounded."""
    for query, expected in (("FOR i IN 1..5 LIMIT 2, null RETURN i", [3, 4, 5]),
                            ("FOR i IN 1..5 LIMIT 0, null RETURN i", [1, 2, 3, 4, 5]),
                            ("FOR i IN 1..5 LIMIT null, 2 RETURN i", [1, 2]),
                            ("FOR i IN 1..5 LIMIT @o, @c RETURN i", [2, 3, 4, 5])):
        status, b = cursor(emu, {"query": query, "bindVars": {"o": 1, "c": None}}
                           if "@" in query else {"query": query})
        c.eq((status, b.get("result")), (201, expected), query)
    mkcoll(emu, "lim")
    emu.request("POST", "/_api/document/lim", [{"v": i} for i in range(7)])
    status, b = cursor(emu, {"query": "FOR d IN lim SORT d.v LIMIT 5, null RETURN d.v"})
    c.eq(b.get("result"), [5, 6], "collection LIMIT 5, null")
    status, b = cursor(emu, {"query": "FOR i IN 1..5 LIMIT -1, null RETURN i"})
    c.eq((status, b.get("errorNum")), (400, 1504), "negative offset")
    c.true("LIMIT offset value is not a number or out of range" in b.get("errorMessage", ""),
           f"offset message: {b.get('errorMessage')}")
    status, b = cursor(emu, {"query": "FOR i IN 1..5 LIMIT 1, 'x' RETURN i"})
    c.true(status == 400 and "LIMIT count value is not a number or out of range"
           in b.get("errorMessage", ""), f"count message: {b}")


# --- AQL caches --------------------------------------------------------------------------------

def set_cache(emu, **props):
    r = emu.request("PUT", "/_api/query-cache/properties", props)
    assert r.status == 200, r.text
    return r.json()


def cache_entries(emu, db="_system"):
    return emu.request("GET", f"/_db/{db}/_api/query-cache/entries").json()


def check_results_cache(c, emu):
    mkcoll(emu, "rc")
    emu.request("POST", "/_api/document/rc", [{"v": 1}, {"v": 2}])
    q = {"query": "FOR d IN rc SORT d.v RETURN d.v", "cache": True}
    # mode off: nothing is cached
    set_cache(emu, mode="off")
    cursor(emu, q)
    c.eq(cache_entries(emu), [], "off: no entries")
    # demand: only with cache: true (body or options)
    set_cache(emu, mode="demand")
    status, b = cursor(emu, {"query": q["query"]})
    c.eq(cache_entries(emu), [], "demand: not without cache:true")
    status, b = cursor(emu, q)
    c.eq((b["result"], b["cached"]), ([1, 2], False), "first run computes")
    status, b = cursor(emu, q)
    c.eq((b["result"], b["cached"]), ([1, 2], True), "second run from the cache")
    entries = cache_entries(emu)
    c.eq(len(entries), 1, "one entry")
    e = entries[0]
    c.eq(list(e), ["hash", "query", "bindVars", "size", "results", "hits", "runTime", "started",
                   "dataSources"], "entry keys (3.12 recording)")
    c.eq((e["query"], e["results"], e["hits"], e["dataSources"]), (q["query"], 2, 1, ["rc"]),
         "entry values")
    # count and fullCount are part of the key; so are bind parameters
    cursor(emu, dict(q, count=True))
    cursor(emu, {"query": "FOR d IN rc FILTER d.v == @v RETURN d.v", "bindVars": {"v": 1},
                 "options": {"cache": True}})
    cursor(emu, {"query": "FOR d IN rc FILTER d.v == @v RETURN d.v", "bindVars": {"v": 2},
                 "options": {"cache": True}})
    c.eq(len(cache_entries(emu)), 4, "distinct keys")
    # a write to a collection read invalidates
    emu.request("POST", "/_api/document/rc", {"v": 3})
    c.eq(cache_entries(emu), [], "write invalidates")
    status, b = cursor(emu, q)
    c.eq((b["result"], b["cached"]), ([1, 2, 3], False), "recomputed after the write")
    # not cacheable: non-deterministic functions, writes, warnings, short queries
    for query in ("RETURN RAND()", "FOR d IN rc UPDATE d WITH {w: 1} IN rc", "RETURN 1 / 0"):
        cursor(emu, {"query": query, "cache": True})
        c.true(all(x["query"] != query for x in cache_entries(emu)), f"not cached: {query}")
    # on: everything unless cache: false
    set_cache(emu, mode="on")
    emu.request("DELETE", "/_api/query-cache")
    cursor(emu, {"query": "RETURN 42 + 0"})
    cursor(emu, {"query": "RETURN 43 + 0", "options": {"cache": False}})
    c.eq([x["query"] for x in cache_entries(emu)], ["RETURN 42 + 0"], "on: cache:false excluded")
    # system collections only with includeSystem
    cursor(emu, {"query": "FOR u IN _users RETURN 1"})
    c.true(all(x["query"] != "FOR u IN _users RETURN 1" for x in cache_entries(emu)),
           "system collection not cached")
    # maxResults bounds the entries per database (least recently used go first)
    set_cache(emu, mode="on", maxResults=2)
    for i in range(5):
        cursor(emu, {"query": f"RETURN {i} + 100"})
    c.eq([x["query"] for x in cache_entries(emu)], ["RETURN 4 + 100", "RETURN 3 + 100"],
         "maxResults")
    # per database
    emu.request("POST", "/_api/database", {"name": "cachedb"})
    cursor(emu, {"query": "RETURN 7 + 100"}, db="cachedb")
    c.eq([x["query"] for x in cache_entries(emu, "cachedb")], ["RETURN 7 + 100"], "per database")
    emu.request("DELETE", "/_api/database/cachedb")
    r = emu.request("DELETE", "/_api/query-cache")
    c.eq((r.status, r.json()), (200, {"error": False, "code": 200}), "clear")
    c.eq(cache_entries(emu), [], "cleared")
    # QueryCache::modeString: an unknown mode is "off"
    set_cache(emu, mode="on")
    c.eq(set_cache(emu, mode="sometimes")["mode"], "off", "unknown mode is off")
    set_cache(emu, mode="off", maxResults=128)


def check_plan_cache(c, emu):
    mkcoll(emu, "pc")
    q = {"query": "FOR d IN @@c FILTER d.v == @v RETURN d", "bindVars": {"@c": "pc", "v": 1},
         "options": {"usePlanCache": True}}
    status, b = cursor(emu, q)
    c.true(status == 201 and "planCacheKey" not in b, "first run plans")
    status, b = cursor(emu, dict(q, bindVars={"@c": "pc", "v": 2}))
    c.true("planCacheKey" in b, "second run uses the cached plan (other value bind parameter)")
    entries = emu.request("GET", "/_api/query-plan-cache").json()
    c.eq(len(entries), 1, "one plan")
    e = entries[0]
    c.eq(list(e), ["hash", "query", "queryHash", "bindVars", "fullCount", "dataSources",
                   "created", "hits", "memoryUsage"], "entry keys (3.12 recording)")
    c.eq((e["hash"], e["bindVars"], e["dataSources"], e["hits"], e["fullCount"]),
         (b["planCacheKey"], {"@c": "pc"}, ["pc"], 1, False), "entry values")
    c.true(isinstance(e["queryHash"], int), "queryHash is a number")
    # not eligible: without the option, allPlans, UPSERT
    cursor(emu, {"query": "RETURN 1 + 1"})
    cursor(emu, {"query": "UPSERT {a: 1} INSERT {a: 1} UPDATE {} IN pc",
                 "options": {"usePlanCache": True}})
    c.eq(len(emu.request("GET", "/_api/query-plan-cache").json()), 1, "not eligible: not added")
    # an index added to a collection invalidates its plans
    emu.request("POST", "/_api/index?collection=pc", {"type": "persistent", "fields": ["v"]})
    c.eq(emu.request("GET", "/_api/query-plan-cache").json(), [], "index invalidates")
    cursor(emu, q)
    r = emu.request("DELETE", "/_api/query-plan-cache")
    c.eq((r.status, r.json()), (200, {"error": False, "code": 200}), "clear")
    c.eq(emu.request("GET", "/_api/query-plan-cache").json(), [], "cleared")


# --- query listings, explain -----------------------------------------------------------------

def check_query_listings(c, emu):
    """QueryEntryCopy::toVelocyPack: the fields of running and slow queries."""
    done = threading.Event()

    def sleeper():
        cursor(emu, {"query": "RETURN SLEEP(1.0)", "bindVars": {}})
        done.set()

    t = threading.Thread(target=sleeper)
    t.start()
    current = []
    for _ in range(50):
        current = emu.request("GET", "/_api/query/current").json()
        if current:
            break
        time.sleep(0.02)
    c.eq(len(current), 1, "one running query")
    if current:
        q = current[0]
        c.eq(list(q), ["id", "database", "user", "query", "bindVars", "started", "runTime",
                       "peakMemoryUsage", "state", "stream"], "running query keys")
        c.eq((q["database"], q["query"], q["state"], q["stream"]),
             ("_system", "RETURN SLEEP(1.0)", "executing", False), "running query values")
    t.join()
    emu.request("PUT", "/_api/query/properties", {"slowQueryThreshold": 0})
    emu.request("DELETE", "/_api/query/slow")
    cursor(emu, {"query": "RETURN @x", "bindVars": {"x": 1}})
    cursor(emu, {"query": "RETURN FAIL('boom')"})
    slow = emu.request("GET", "/_api/query/slow").json()
    c.eq([s["query"] for s in slow], ["RETURN @x", "RETURN FAIL('boom')"], "slow queries")
    if len(slow) == 2:
        c.eq(list(slow[0]), ["id", "database", "user", "query", "bindVars", "started", "runTime",
                             "peakMemoryUsage", "state", "stream", "exitCode"], "slow query keys")
        c.eq((slow[0]["bindVars"], slow[0]["state"], slow[0]["exitCode"]), ({"x": 1}, "finished", 0),
             "successful slow query")
        c.eq(slow[1]["exitCode"], 1569, "failed query's exit code")
    emu.request("PUT", "/_api/query/properties", {"slowQueryThreshold": 10})
    emu.request("DELETE", "/_api/query/slow")


def check_explain_warnings(c, emu):
    r = emu.request("POST", "/_api/explain", {"query": "RETURN [1 / 0, 2 / 0, 3 / 0]",
                                              "options": {"maxWarningCount": 2}})
    c.eq((r.status, len(r.json()["warnings"])), (200, 2), "maxWarningCount 2")
    r = emu.request("POST", "/_api/explain", {"query": "RETURN [1 / 0, 2 / 0, 3 / 0]"})
    c.eq(len(r.json()["warnings"]), 3, "default keeps all three")
    r = emu.request("POST", "/_api/explain", {"query": "RETURN 1 / 0",
                                              "options": {"failOnWarning": True}})
    c.eq(error_triple(r), (400, 1562, "division by zero"), "failOnWarning")
    r = emu.request("POST", "/_api/explain", {"query": "RETURN 1 / 1",
                                              "options": {"failOnWarning": True}})
    c.eq(r.status, 200, "failOnWarning without warnings")


# --- fire and forget, documents, indexes, version ----------------------------------------------

def check_async_fire_and_forget(c, emu):
    mkcoll(emu, "ff")
    r = emu.request("POST", "/_api/document/ff", {"_key": "k1"}, headers={"x-arango-async": "true"})
    c.eq((r.status, r.body, r.header("x-arango-async-id")), (202, b"", None),
         "202, empty, no job id")
    for _ in range(50):
        if emu.request("GET", "/_api/document/ff/k1").status == 200:
            break
        time.sleep(0.02)
    c.eq(emu.request("GET", "/_api/document/ff/k1").status, 200, "the request ran")
    c.eq(emu.request("GET", "/_api/job/done").json(), [], "no job kept")
    c.eq(emu.request("GET", "/_api/job/pending").json(), [], "no job pending")


def check_version_attribute(c, emu):
    mkcoll(emu, "va")
    emu.request("POST", "/_api/document/va", [{"_key": "a", "v": 5}, {"_key": "b", "v": 5}])

    def stored(key):
        return emu.request("GET", f"/_api/document/va/{key}").json()["v"]

    # update/replace (single): only a higher version is written
    r = emu.request("PATCH", "/_api/document/va/a?versionAttribute=v", {"v": 4})
    c.true(r.status in (201, 202) and stored("a") == 5, "lower version ignored (update)")
    r = emu.request("PATCH", "/_api/document/va/a?versionAttribute=v", {"v": 6})
    c.true(r.status in (201, 202) and "_oldRev" in r.json() and stored("a") == 6,
           "higher version written (update)")
    r = emu.request("PUT", "/_api/document/va/a?versionAttribute=v", {"v": 6})
    c.true(stored("a") == 6 and r.status in (201, 202), "equal version ignored (replace)")
    # multi-document: each item on its own; written ones carry _oldRev
    r = emu.request("PUT", "/_api/document/va?versionAttribute=v",
                    [{"_key": "a", "v": 1}, {"_key": "b", "v": 9}])
    body = r.json()
    c.true(r.status in (201, 202) and len(body) == 2, f"multi replace: {r.text[:200]}")
    c.eq((stored("a"), stored("b")), (6, 9), "multi replace applied per item")
    c.true("_oldRev" not in body[0] and "_oldRev" in body[1], f"_oldRev on written items: {body}")
    r = emu.request("POST", "/_api/document/va?overwriteMode=update&versionAttribute=v",
                    [{"_key": "a", "v": 7}, {"_key": "b", "v": 2}, {"_key": "c", "v": 1}])
    body = r.json()
    c.eq((stored("a"), stored("b"), stored("c")), (7, 9, 1), "insert with overwrite + versions")
    c.true("_oldRev" in body[0] and "_oldRev" not in body[2], f"insert _oldRev: {body}")
    # multi-document revision conflicts: errors as arangod writes them
    r = emu.request("PATCH", "/_api/document/va?ignoreRevs=false",
                    [{"_key": "a", "_rev": "nope", "w": 1}, {"_key": "b", "w": 1}])
    body = r.json()
    c.eq(body[0], {"error": True, "errorNum": 1200,
                   "errorMessage": "conflict, _rev values do not match"}, "multi conflict item")
    c.true("_oldRev" in body[1], "the other item was written")
    c.eq(r.header("x-arango-error-codes"), '{"1200":1}', "error codes header")


def check_index_types(c, emu):
    mkcoll(emu, "ix")
    # the engine lists "zkd" as an alias of "mdi" (RestEngine#0): zkd is created as mdi
    r = emu.request("POST", "/_api/index?collection=ix",
                    {"type": "zkd", "fields": ["x", "y"], "fieldValueTypes": "double"})
    c.eq((r.status, r.json().get("type")), (201, "mdi"), "zkd created as mdi")
    for alias in ("hash", "skiplist"):
        r = emu.request("POST", "/_api/index?collection=ix", {"type": alias, "fields": [alias]})
        c.eq((r.status, r.json().get("type")), (201, "persistent"), f"{alias} created as persistent")
    types = sorted(i["type"] for i in emu.request("GET", "/_api/index?collection=ix").json()["indexes"])
    c.eq(types, ["mdi", "persistent", "persistent", "primary"], "listed types")


# Version::getVPack of a 3.12 Linux x86-64 build (arangod --version of 3.12.7, enterprise-only
# keys left out), plus RestVersionHandler's mode and role.
VERSION_DETAILS_3_12 = [
    "architecture", "arm", "asan", "assertions", "avx", "avx2", "boost-version", "build-date",
    "build-id", "build-repository", "compiler", "coverage", "cplusplus", "curl-version", "debug",
    "endianness", "failure-tests", "faiss", "fd-client-event-handler", "fd-setsize",
    "full-version-string", "icu-version", "ipo", "iresearch-version", "jemalloc", "libunwind",
    "license", "maintainer-mode", "memory-profiler", "ndebug", "openmp",
    "openssl-version-compile-time", "openssl-version-run-time", "optimization-flags", "pic", "pie",
    "platform", "reactor-type", "replication2-enabled", "rocksdb-version", "server-version",
    "sizeof int", "sizeof long", "sizeof void*", "sse42", "tsan", "unaligned-access", "v8-version",
    "vpack-version", "zlib-version", "mode", "role"]


def check_version_details(c, emu):
    d = emu.request("GET", "/_api/version?details=true").json()["details"]
    missing = [k for k in VERSION_DETAILS_3_12 if k not in d]
    c.eq(missing, [], "3.12 details keys present")
    extra = [k for k in d if k not in VERSION_DETAILS_3_12]
    c.eq(extra, ["emulator"], "only 'emulator' added")
    keys = [k for k in d if k not in ("mode", "role")]
    c.eq(keys, sorted(keys), "getVPack keys sorted (std::map)")


# --- error texts -------------------------------------------------------------------------------

# (what, method, path, body, status, errorNum, errorMessage): each as arangod writes it for the
# same path (transcripts-3.12.jsonl ids or arangod source named).
ERROR_TABLE = [
    ("unknown cursor (RestCursorInvalidCursorIdentifier#0)", "PUT", "/_api/cursor/123123", None,
     404, 1600, "cursor not found"),
    ("unknown cursor, POST (RestCursorPostInvalidCursorIdentifier#0)", "POST",
     "/_api/cursor/123123", None, 404, 1600, "cursor not found"),
    ("unknown cursor, DELETE (deleteQueryCursor)", "DELETE", "/_api/cursor/123123", None,
     404, 1600, "cursor not found"),
    ("cursor suffix (RestCursorHandler)", "PUT", "/_api/cursor", None,
     400, 400, "expecting POST /_api/cursor/<cursor-id>"),
    ("empty query (transcript)", "POST", "/_api/cursor", {"query": ""}, 400, 1502, "query is empty"),
    ("query not a string (registerQueryOrCursor)", "POST", "/_api/cursor", {"query": 1},
     400, 1502, "query is empty"),
    ("empty object (createQueryCursor)", "POST", "/_api/cursor", {}, 400, 600, "invalid JSON object"),
    ("bindVars not an object (registerQueryOrCursor)", "POST", "/_api/cursor",
     {"query": "RETURN 1", "bindVars": [1]}, 400, 17, "expecting object for <bindVars>"),
    ("batchSize 0 (buildOptions)", "POST", "/_api/cursor", {"query": "RETURN 1", "batchSize": 0},
     400, 17, "expecting non-zero value for <batchSize>"),
    ("unknown task (RestTasksListNonExisting#0)", "GET", "/_api/tasks/non-existing-task", None,
     404, 1852, "task not found"),
    ("unknown task, DELETE (RestTasksDeleteFail#0)", "DELETE", "/_api/tasks/NoTaskWithThatName",
     None, 404, 1852, "task not found"),
    ("unknown collection (RestDocumentHandler)", "POST", "/_api/document/nosuchcoll", {},
     404, 1203, "collection or view not found: nosuchcoll"),
    ("unknown document (transcript)", "GET", "/_api/document/errtab/nokey", None,
     404, 1202, "document not found"),
    ("illegal key (transcript)", "POST", "/_api/document/errtab", {"_key": "a/b"},
     400, 1221, "illegal document key"),
    ("unknown query id (QueryList::kill)", "DELETE", "/_api/query/999999999", None,
     404, 1591, "query ID not found in query list"),
    # key generators (KeyGenerator::globalCheck / validate; 3.12's generateTransactionError
    # passes the default texts through, with GeneralResponse::responseCode's status)
    ("empty key (globalCheck)", "POST", "/_api/document/errtab", {"_key": ""},
     400, 1221, "illegal document key"),
    ("key over 254 bytes (globalCheck)", "POST", "/_api/document/errtab", {"_key": "k" * 255},
     400, 1221, "illegal document key"),
    ("non-string key (insertLocal)", "POST", "/_api/document/errtab", {"_key": 7},
     400, 1221, "illegal document key"),
    ("traditional refuses user keys", "POST", "/_api/document/kgtrad", {"_key": "x"},
     400, 1222, "unexpected document key"),
    ("autoincrement refuses user keys", "POST", "/_api/document/kgautono", {"_key": "1"},
     400, 1222, "unexpected document key"),
    ("padded refuses user keys", "POST", "/_api/document/kgpad", {"_key": "x"},
     400, 1222, "unexpected document key"),
    ("uuid refuses user keys", "POST", "/_api/document/kguuid", {"_key": "x"},
     400, 1222, "unexpected document key"),
    ("autoincrement: a non-numeric key (AutoIncrementKeyGenerator::validate)", "POST",
     "/_api/document/kgauto", {"_key": "abc"}, 400, 1221, "illegal document key"),
    ("autoincrement out of keys (generate wraps around)", "POST", "/_api/document/kgout", {},
     500, 1225, "out of keys"),
    ("invalid key generator type (KeyGenerator factory)", "POST", "/_api/collection",
     {"name": "kgbad", "keyOptions": {"type": "nosuch"}}, 400, 1232, "invalid key generator type"),
    # AQL: a literal out of range is a warning (below); with failOnWarning the query's error
    ("1e999 with failOnWarning (tokens.ll registerWarning)", "POST", "/_api/cursor",
     {"query": "RETURN 1e999", "options": {"failOnWarning": True}}, 400, 1504, "number out of range"),
]

# (what, query, result, warnings): AQL results and warnings as arangod produces them.
AQL_WARNING_TABLE = [
    # tokens.ll: TRI_DoubleString fails -> registerWarning(1504, "number out of range"), null
    ("number literal out of range", "RETURN 1e999", [None], [[1504, "number out of range"]]),
    ("integer literal out of range", "RETURN 1" + "0" * 400, [None],
     [[1504, "number out of range"]]),
    # functions::Document: getDocumentByIdentifier ignores DATA_SOURCE_NOT_FOUND (no warning)
    ("DOCUMENT(id) of an unknown collection", "RETURN DOCUMENT('nosuchcoll/k')", [None], []),
    ("DOCUMENT(name, key) of an unknown collection", "RETURN DOCUMENT('nosuchcoll', 'k')",
     [None], []),
    ("DOCUMENT(name, keys) of an unknown collection", "RETURN DOCUMENT('nosuchcoll', ['a', 'b'])",
     [[]], []),
    ("DOCUMENT(ids) of an unknown collection", "RETURN DOCUMENT(['nosuchcoll/a'])", [[]], []),
    ("DOCUMENT(non-string, key): type warning", "RETURN DOCUMENT(1, 'k')", [None],
     [[1542, "invalid argument type in call to function 'DOCUMENT()'"]]),
]


def check_error_table(c, emu):
    mkcoll(emu, "errtab")
    for name, opts in (("kgtrad", {"type": "traditional", "allowUserKeys": False}),
                       ("kgautono", {"type": "autoincrement", "allowUserKeys": False}),
                       ("kgpad", {"type": "padded", "allowUserKeys": False}),
                       ("kguuid", {"type": "uuid", "allowUserKeys": False}),
                       ("kgauto", {"type": "autoincrement"}),
                       ("kgout", {"type": "autoincrement", "offset": 18446744073709549568,
                                  "increment": 65535})):
        mkcoll(emu, name, keyOptions=opts)
    # the last key an autoincrement generator can give; the next one wraps around
    r = emu.request("POST", "/_api/document/kgout", {})
    c.eq((r.status, r.json().get("_key")), (202, "18446744073709549568"), "kgout first key")
    for what, method, path, body, status, num, message in ERROR_TABLE:
        c.eq(error_triple(emu.request(method, path, body)), (status, num, message), what)
    # If-Match conflict (RestDocumentHandlerDeleteDocumentIfMatchOther#0)
    d1 = emu.request("POST", "/_api/document/errtab", {"a": 1}).json()
    d2 = emu.request("POST", "/_api/document/errtab", {"a": 2}).json()
    r = emu.request("DELETE", f"/_api/document/{d1['_id']}", headers={"If-Match": f'"{d2["_rev"]}"'})
    c.eq(error_triple(r), (412, 1200, "conflict, _rev values do not match"), "If-Match conflict")
    for what, query, result, warnings in AQL_WARNING_TABLE:
        status, body = cursor(emu, {"query": query})
        c.eq((status, body.get("result")), (201, result), f"{what}: result")
        c.eq([[w["code"], w["message"]] for w in body["extra"]["warnings"]], warnings,
             f"{what}: warnings")
    r = emu.request("POST", "/_api/explain", {"query": "RETURN 1e999"})
    c.eq(r.json().get("warnings"), [{"code": 1504, "message": "number out of range"}],
         "explain lists the parser's warning")


# --- numbers in request bodies ------------------------------------------------------------------

def velocypack_integer(digits):
    """velocypack's ParsedNumber::addDigit: an integer while it fits in uint64, then a double
    built digit by digit (not the correctly rounded value)."""
    value, real, integer = 0, 0.0, True
    for ch in digits:
        d = int(ch)
        if integer:
            if value < 1844674407370955161 or (value == 1844674407370955161 and d <= 5):
                value = value * 10 + d
                continue
            real, integer = float(value), False
        real = real * 10.0 + d
    return value if integer else real


def check_numbers(c, emu):
    """Numbers of a request body (and of JSON_PARSE's argument) read as velocypack's Parser reads
    them (arangod: velocypack/src/Parser.cpp, parseNumber): decimal and exponent forms by atof,
    correctly rounded; integers within uint64 exact, longer ones digit by digit; a form whose
    approximation (digits times pow(10, exponent)) is not finite is 400 / 600 "Number out of
    range", 0e400 and 0.1e309 included; one below the smallest subnormal reads as 0."""
    import random
    mkcoll(emu, "nums")
    rng = random.Random(20261206)
    decimals = ["0.1234567890123456789", "1.7976931348623157e308", "2.2250738585072011e-308",
                "4.9e-324", "1e-400", "-1e-400", "0.30000000000000004", "1E5", "-2.5e-3",
                "9007199254740993.0", "123456789012345678901234567890.5"]
    decimals += ["%.17g" % rng.uniform(-1e6, 1e6) for _ in range(60)]
    decimals += ["%.17ge%d" % (rng.random(), rng.randint(-300, 300)) for _ in range(60)]
    decimals += ["0." + "".join(rng.choice("0123456789") for _ in range(rng.randint(18, 40)))
                 for _ in range(40)]
    integers = ["0", "-0", "42", "-9223372036854775808", "-9223372036854775809", "18446744073709551615",
                "18446744073709551616", "123456789012345678901234567890", "-98765432109876543210987"]
    out_of_range = ["1e400", "-1e400", "0e400", "0.1e309", "10e308", "1e99999999999999999999"]
    body = "[" + ",".join('{"v": %s}' % t for t in decimals + integers) + "]"
    r = emu.request("POST", "/_api/document/nums?returnNew=true", body)
    c.eq(r.status, 202, "numbers inserted")
    got = [item.get("new", {}).get("v") for item in r.json()]
    want = [float(t) for t in decimals]
    for t in integers:
        v = velocypack_integer(t.lstrip("-"))
        if t.startswith("-") and isinstance(v, int) and v > 2 ** 63:
            v = float(v)  # beyond int64: a double
        want.append(-v if t.startswith("-") else v)
    bad = [(t, g, w) for t, g, w in zip(decimals + integers, got, want) if g != w or type(g) != type(w)]
    c.eq(bad[:5], [], f"{len(bad)} of {len(want)} numbers stored as velocypack reads them")
    r = emu.request("POST", "/_api/cursor",
                    {"query": "FOR t IN @texts RETURN JSON_PARSE(t)", "bindVars": {"texts": decimals}})
    c.eq(r.status, 201, "JSON_PARSE of numbers")
    parsed = r.json().get("result") or []
    c.eq([(t, p) for t, p in zip(decimals, parsed) if p != float(t)][:5], [],
         "JSON_PARSE reads numbers as a request body is read")
    for t in out_of_range:
        r = emu.request("POST", "/_api/document/nums", '{"v": %s}' % t)
        c.eq(error_triple(r), (400, 600, "VPackError error: Number out of range"), f"{t} refused")
    r = emu.request("POST", "/_api/cursor",
                    {"query": "RETURN JSON_PARSE(@t)", "bindVars": {"t": "0e400"}})
    c.eq((r.status, r.json().get("result")), (201, [None]), "JSON_PARSE of a number out of range: null")


def run(c, exe):
    with started(c, exe, "--no-auth") as emu:
        c.run("tasks: recorded examples", replay_tasks, emu)
        c.run("tasks: registry", check_task_registry, emu)
        c.run("cursor: batch ids", check_cursor_batches, emu)
        c.run("LIMIT offset, null", check_limit_null, emu)
        c.run("query results cache", check_results_cache, emu)
        c.run("query plan cache", check_plan_cache, emu)
        c.run("running / slow query listings", check_query_listings, emu)
        c.run("explain warnings", check_explain_warnings, emu)
        c.run("x-arango-async: true", check_async_fire_and_forget, emu)
        c.run("versionAttribute / _oldRev", check_version_attribute, emu)
        c.run("index type aliases", check_index_types, emu)
        c.run("version details", check_version_details, emu)
        c.run("error texts", check_error_table, emu)
        c.run("numbers in bodies", check_numbers, emu)
        drop_collections(emu)
    c.run("tasks: permissions", check_task_permissions, exe)
    return c.report()


if __name__ == "__main__":
    sys.exit(emutest.suite_main(__doc__, run))
