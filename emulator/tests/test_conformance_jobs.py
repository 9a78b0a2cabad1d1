#!/usr/bin/env python3
"""Conformance tests of arango-emulator for async jobs: requests sent with
x-arango-async and the /_api/job API (python3 standard library only).

    test_conformance_jobs.py PATH/TO/arango-emulator

Replays every ArangoDB 3.12.10 transcript of area 'jobs' plus the records of
the same examples (data/transcripts-jobs.jsonl) against an emulator started
with --no-auth, in the order they were recorded (the examples share the
server's job list: one example's pending job shows up in the next one's
list). Job ids in paths, headers and id lists are mapped to the ones the
emulator returned; status, header names, the body's keys (in order), value
types and deterministic values are compared. Then targeted checks cover what
the transcripts do not show: pending vs done, fetch-once, stored errors,
cancelling queued / running / done jobs, deletion, lists with count,
x-arango-async: true, the database and headers a job runs with, immediate
401s, per-user job visibility and shutdown with a sleeping job.
"""
import json
import os
import sys
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import emutest  # noqa: E402  (shared infrastructure)
from emutest import (  # noqa: E402
    JSON_CT, Emulator, check_header_block, basic, compare_json, error_of, make_jwt, load_jsonl, started)

TRANSCRIPTS = os.path.join(HERE, "data", "transcripts-jobs.jsonl")
TEXT_CT = "text/plain; charset=utf-8"
ROOT_PASSWORD = "rootpw"
JWT_SECRET = "jobs-test-secret"

# The examples in the order they were recorded (ascending job ids 74091 ...
# 74109). DELETE /_api/job/all in job_delete_01 empties the list; the jobs of
# job_getStatusById_01/_02 are still listed by job_getByType_01/_02/_03.
ORDER = [
    "job_fetch_result_01_single", "job_fetch_result_03_single", "job_fetch_result_04_single",
    "job_delete_01_single", "job_delete_02_single", "job_delete_03_single",
    "job_delete_04_single", "job_getStatusById_01_single", "job_getStatusById_02_single",
    "job_getByType_01_single", "job_getByType_02_single", "job_getByType_03_single",
]

# The recordings keep a job pending with a JavaScript transaction
# (POST /_api/transaction, action "require('internal').sleep(15.0)"). The
# emulator cannot run JavaScript, so those records send an AQL query that
# sleeps as long instead: a POST /_api/cursor job that is just as pending.
JS_SLEEP_JOB = {"path": "/_api/cursor", "body": {"query": "RETURN SLEEP(15)"}}

# Leaves whose recorded values differ by build or run (types still compared).
VOLATILE = {
    "3.12/job_fetch_result_03#1": {("license",)},  # enterprise build recorded
    "3.12/job_delete_02#1": {("time",)},
}



class Replay:
    def __init__(self, emu):
        self.emu = emu
        self.ids = {}      # recorded job id -> emulator job id
        self.time = None   # /_admin/time of the current example

    def map_id(self, text):
        return self.ids.get(text, text)

    def run(self, c, rec):
        path = rec["path"]
        body = rec["request_body"]
        query = dict(rec["query_params"] or {})
        if path == "/_api/transaction" and "sleep(" in json.dumps(body):
            path, body = JS_SLEEP_JOB["path"], JS_SLEEP_JOB["body"]
        parts = path.split("/")
        if len(parts) > 3 and parts[1:3] == ["_api", "job"]:
            parts[3] = self.map_id(parts[3])
            path = "/".join(parts)
        if "stamp" in query:
            # the recorded stamp is the recorded /_admin/time: use ours
            c.true(self.time is not None, "example read /_admin/time before")
            query["stamp"] = repr(self.time)
        if query:
            path += "?" + urllib.parse.urlencode(query)
        if body is None and rec["method"] in ("POST", "PUT"):
            body = ""
        r = self.emu.request(rec["method"], path, body, headers=rec["request_headers"], timeout=30)
        c.eq(r.status, rec["status"], f"status ({r.text[:300]})")

        recorded = rec["response_headers"]
        c.eq({k.lower() for k in r.names()}, {k.lower() for k in recorded}, "set of header names")
        ct = JSON_CT if recorded.get("content-type") == "application/json" else TEXT_CT
        check_header_block(c, r, ct)
        if "x-arango-async-id" in recorded:
            got = r.header("X-Arango-Async-Id")
            c.true(got.isdigit(), f"numeric job id {got!r}")
            if rec["status"] == 202:
                old = recorded["x-arango-async-id"]
                if self.ids:
                    c.true(int(got) > max(int(v) for v in self.ids.values()),
                           "job ids increase")
                self.ids[old] = got
            else:
                c.eq(got, self.map_id(recorded["x-arango-async-id"]), "x-arango-async-id")
            c.eq(r.names()[0], "X-Arango-Async-Id", "job id is a handler header")

        if rec["response_body_kind"] == "empty":
            c.eq(r.body, b"", "empty body")
            return
        actual = r.json()
        expected = rec["response_body"]
        if rec["path"].startswith("/_api/job/") and isinstance(expected, list):
            expected = [self.map_id(x) for x in expected]
        volatile = VOLATILE.get(rec["id"], set())
        compare_json(c, expected, actual, volatile=lambda path, value: path in volatile)
        if rec["path"] == "/_admin/time":
            self.time = actual["time"]


def replay_all(c, exe, records):
    by_example = {}
    for rec in records:
        by_example.setdefault(rec["example"], []).append(rec)
    c.eq(sorted(by_example), sorted(ORDER), "examples in the data file")
    # arangod runs jobs on its scheduler's many threads: the sleeping job of
    # one example does not hold up the jobs of the next ones.
    emu = Emulator(exe, "--no-auth", "--async-workers", "4")
    replayed = 0
    try:
        replay = Replay(emu)
        for name in ORDER:
            replay.time = None
            for rec in by_example.get(name, []):
                c.run(f"replay {rec['id']} {rec['method']} {rec['path']}", replay.run, rec)
                replayed += 1
                if rec["status"] == 202 and rec["method"] == "PUT":
                    # the recordings read the lists after the version job ended
                    wait_done(emu, replay.ids.get(rec["response_headers"]["x-arango-async-id"]))
    finally:
        # two 15 s sleeping jobs are still running: shutdown must not wait
        t0 = time.time()
        c.stop(emu)
        c.run("shutdown with running sleep jobs is quick",
              lambda cc: cc.true(time.time() - t0 < 10, f"took {time.time() - t0:.1f}s"))
    print(f"replayed {replayed} of {len(records)} transcript records")
    if replayed != len(records):
        c.failures.append("not every transcript record was replayed")


# ---------------------------------------------------------------------------
# Helpers for the targeted checks
# ---------------------------------------------------------------------------

def submit(emu, method, path, body=None, mode="store", auth=None, headers=None):
    hdrs = {"x-arango-async": mode}
    hdrs.update(headers or {})
    r = emu.request(method, path, body, headers=hdrs, auth=auth)
    if r.status != 202:
        raise AssertionError(f"{method} {path}: expected 202, got {r.status} {r.text[:200]}")
    if r.body != b"":
        raise AssertionError("202 with a body")
    return r.header("X-Arango-Async-Id")


def job_status(emu, job, auth=None, db="_system"):
    return emu.request("GET", f"/_db/{db}/_api/job/{job}", auth=auth).status


def wait_done(emu, job, timeout=10, auth=None, db="_system"):
    if job is None:
        return
    deadline = time.time() + timeout
    while time.time() < deadline:
        s = job_status(emu, job, auth, db)
        if s != 204:
            return s
        time.sleep(0.02)
    raise AssertionError(f"job {job} still pending after {timeout}s")


def wait_running(emu, query, timeout=5):
    deadline = time.time() + timeout
    while time.time() < deadline:
        r = emu.request("GET", "/_api/query/current")
        if any(q["query"] == query for q in r.json()):
            return
        time.sleep(0.02)
    raise AssertionError(f"query {query!r} never ran")


def fetch(emu, job, auth=None, db="_system"):
    return emu.request("PUT", f"/_db/{db}/_api/job/{job}", auth=auth)


NOT_FOUND = (404, 404, "not found")
BAD_PARAMETER = (400, 400, "bad parameter")


def cancel_not_found(job):
    return (404, 404, f"could not find job ({job}) in AsyncJobManager during cancel operation")


def reset(emu):
    emu.request("DELETE", "/_api/job/all")
    for coll in emu.request("GET", "/_api/collection?excludeSystem=true").json()["result"]:
        emu.request("DELETE", "/_api/collection/" + urllib.parse.quote(coll["name"], safe=""))


# ---------------------------------------------------------------------------
# Targeted checks (emulator with the default single job worker, --no-auth)
# ---------------------------------------------------------------------------

def check_accepted_response(c, emu):
    for method, path in (("GET", "/_api/version"), ("POST", "/_api/cursor"),
                         ("GET", "/_admin/time"), ("GET", "/_db/_system/_api/collection")):
        body = {"query": "RETURN 1"} if method == "POST" else None
        r = emu.request(method, path, body, headers={"x-arango-async": "store"})
        c.eq(r.status, 202, f"{method} {path}")
        c.eq(r.body, b"", "empty body")
        c.eq(r.names()[0], "X-Arango-Async-Id", "job id first")
        check_header_block(c, r, TEXT_CT)
    a = submit(emu, "GET", "/_api/version")
    b = submit(emu, "GET", "/_api/version")
    c.true(int(b) > int(a), "ids increase")
    # other values of the header: a normal synchronous request
    for value in ("false", "STORE", "yes", ""):
        r = emu.request("GET", "/_api/version", headers={"x-arango-async": value})
        c.eq((r.status, r.header("X-Arango-Async-Id")), (200, None), f"x-arango-async: {value!r}")
    # no handler in the emulator: answered at once, as without the header
    r = emu.request("GET", "/_api/no-such-api", headers={"x-arango-async": "store"})
    c.eq((r.status, r.json()["errorMessage"], r.header("X-Arango-Async-Id")),
         (404, "unknown path '/_api/no-such-api'", None), "no handler")
    # unknown database: answered before a job is created
    r = emu.request("GET", "/_db/nosuchdb/_api/version", headers={"x-arango-async": "store"})
    c.eq((r.status, r.json()["errorNum"], r.header("X-Arango-Async-Id")), (404, 1228, None),
         "unknown database")
    reset(emu)


def check_pending_then_done(c, emu):
    reset(emu)
    slow = submit(emu, "POST", "/_api/cursor", {"query": "RETURN SLEEP(1.5)"})
    quick = submit(emu, "GET", "/_api/version")
    wait_running(emu, "RETURN SLEEP(1.5)")
    r = emu.request("GET", f"/_api/job/{slow}")
    c.eq((r.status, r.body), (204, b""), "running job: 204, empty")
    check_header_block(c, r, TEXT_CT)
    c.eq(job_status(emu, quick), 204, "job queued behind it (one worker): 204")
    r = fetch(emu, slow)
    c.eq((r.status, r.body, r.header("X-Arango-Async-Id")), (204, b"", None),
         "fetching a pending job: 204 without the id header")
    c.eq(emu.request("GET", "/_api/job/pending").json(), [quick, slow], "pending, newest first")
    c.eq(emu.request("GET", "/_api/job/done").json(), [], "nothing done yet")
    c.eq(wait_done(emu, slow), 200, "slow job done")
    c.eq(wait_done(emu, quick), 200, "queued job done after it")
    r = emu.request("GET", f"/_api/job/{slow}")
    c.eq((r.status, r.body), (200, b""), "done: 200, empty")
    check_header_block(c, r, TEXT_CT)
    c.eq(emu.request("GET", "/_api/job/pending").json(), [], "pending empty")
    c.eq(emu.request("GET", "/_api/job/done").json(), [quick, slow], "done, newest first")
    r = fetch(emu, slow)
    c.eq(r.status, 201, "stored status of the cursor request")
    c.eq(r.json()["result"], [None], "stored body")
    c.eq(r.header("X-Arango-Async-Id"), slow, "x-arango-async-id on the result")
    check_header_block(c, r, JSON_CT)
    reset(emu)


def check_fetch_once(c, emu):
    job = submit(emu, "PUT", "/_api/version")
    wait_done(emu, job)
    sync = emu.request("PUT", "/_api/version")
    r = fetch(emu, job)
    c.eq((r.status, r.body), (200, sync.body), "stored response equals the synchronous one")
    c.eq(r.names()[0], "X-Arango-Async-Id", "job id header first")
    r = fetch(emu, job)
    c.eq(error_of(r), NOT_FOUND, "second fetch")
    c.eq(r.text, '{"code":404,"error":true,"errorMessage":"not found","errorNum":404}', "404 body")
    c.eq(r.header("X-Arango-Async-Id"), None, "no id header on 404")
    c.eq(error_of(emu.request("GET", f"/_api/job/{job}")), NOT_FOUND, "status after fetch")
    c.eq(error_of(emu.request("DELETE", f"/_api/job/{job}")), NOT_FOUND, "delete after fetch")
    c.eq(error_of(emu.request("PUT", f"/_api/job/{job}/cancel")), cancel_not_found(job),
         "cancel after fetch")
    for bad in ("99999999999", "abc", "12abc", "0"):
        c.eq(error_of(emu.request("PUT", f"/_api/job/{bad}")), NOT_FOUND, f"PUT {bad}")
        c.eq(error_of(emu.request("DELETE", f"/_api/job/{bad}")), NOT_FOUND, f"DELETE {bad}")
    c.eq(error_of(emu.request("GET", "/_api/job/99999999999")), NOT_FOUND, "GET unknown id")
    # non-numeric ids read as 0 in the cancel message (StringUtils::uint64)
    c.eq(error_of(emu.request("PUT", "/_api/job/abc/cancel")), cancel_not_found(0),
         "cancel non-numeric")


def check_stored_errors(c, emu):
    reset(emu)
    job = submit(emu, "POST", "/_api/cursor", {"query": "FOR x IN"})
    wait_done(emu, job)
    c.eq(job_status(emu, job), 200, "a failed job is done")
    r = fetch(emu, job)
    b = r.json()
    c.eq((r.status, b["errorNum"], b["code"], b["error"]), (400, 1501, 400, True),
         "stored AQL parse error")
    c.eq(list(b), ["code", "error", "errorMessage", "errorNum"], "handler error key order")
    c.true("syntax error" in b["errorMessage"], "syntax error message")
    c.eq(r.header("X-Arango-Async-Id"), job, "id header on an error result")
    job = submit(emu, "GET", "/_api/document/nosuchcoll/x")
    wait_done(emu, job)
    sync = emu.request("GET", "/_api/document/nosuchcoll/x")
    r = fetch(emu, job)
    c.eq((r.status, r.body), (sync.status, sync.body), "stored 404 equals the synchronous one")
    # a 405 from the router is a handler answer too: stored
    job = submit(emu, "PATCH", "/_admin/time")
    wait_done(emu, job)
    c.eq(error_of(fetch(emu, job))[:2], (405, 405), "stored 405")


def check_cancel_queued(c, emu):
    reset(emu)
    emu.request("POST", "/_api/collection", {"name": "jobs"})
    slow = submit(emu, "POST", "/_api/cursor", {"query": "RETURN SLEEP(1.5)"})
    insert = submit(emu, "POST", "/_api/document/jobs", {"_key": "never"})
    other = submit(emu, "POST", "/_api/document/jobs", {"_key": "later"})
    wait_running(emu, "RETURN SLEEP(1.5)")
    r = emu.request("PUT", f"/_api/job/{insert}/cancel")
    c.eq((r.status, r.text), (200, '{"result":true}'), "cancel a queued job")
    check_header_block(c, r, JSON_CT)
    # RestHandler::cancel only flags the handler: it leaves the queue when
    # its turn comes and answers "canceled request" instead of running
    c.eq(job_status(emu, insert), 204, "cancelled job still queued")
    c.eq(emu.request("PUT", f"/_api/job/{insert}/cancel").status, 200, "cancel again")
    c.eq(wait_done(emu, slow), 200, "slow job done")
    c.eq(wait_done(emu, insert), 200, "cancelled job done")
    c.eq(wait_done(emu, other), 200, "the next job ran")
    r = fetch(emu, insert)
    c.eq(error_of(r), (410, 21, "canceled request"), "result of the cancelled job")
    c.eq(r.header("X-Arango-Async-Id"), insert, "id header")
    r = emu.request("GET", "/_api/document/jobs/never")
    c.eq(r.status, 404, "the cancelled insert never happened")
    r = emu.request("GET", "/_api/document/jobs/later")
    c.eq(r.status, 200, "the job queued after it ran")
    c.eq(fetch(emu, other).status, 202, "its stored result")
    reset(emu)


def check_cancel_running(c, emu):
    reset(emu)
    job = submit(emu, "POST", "/_api/cursor", {"query": "RETURN SLEEP(20)"})
    wait_running(emu, "RETURN SLEEP(20)")
    t0 = time.time()
    r = emu.request("PUT", f"/_api/job/{job}/cancel")
    c.eq((r.status, r.text), (200, '{"result":true}'), "cancel a running query job")
    wait_done(emu, job, timeout=15)
    c.true(time.time() - t0 < 10, "the query was killed (it would sleep 20 s)")
    # RestCursorHandler: a query killed by cancel reports TRI_ERROR_REQUEST_CANCELED
    c.eq(error_of(fetch(emu, job)), (410, 21, "canceled request"), "result")
    current = emu.request("GET", "/_api/query/current").json()
    c.eq([q for q in current if q["query"] == "RETURN SLEEP(20)"], [], "no longer running")
    # a query killed through /_api/query (not cancelled) keeps its own error
    job = submit(emu, "POST", "/_api/cursor", {"query": "RETURN SLEEP(21)"})
    wait_running(emu, "RETURN SLEEP(21)")
    qid = [q["id"] for q in emu.request("GET", "/_api/query/current").json()
           if q["query"] == "RETURN SLEEP(21)"][0]
    c.eq(emu.request("DELETE", f"/_api/query/{qid}").status, 200, "kill the query")
    wait_done(emu, job)
    c.eq(error_of(fetch(emu, job)), (410, 1500, "query killed"), "killed, not cancelled")


def check_cancel_done(c, emu):
    reset(emu)
    job = submit(emu, "GET", "/_api/version")
    wait_done(emu, job)
    # AsyncJobManager::cancelJob finds the finished job: 200, nothing changes
    r = emu.request("PUT", f"/_api/job/{job}/cancel")
    c.eq((r.status, r.text), (200, '{"result":true}'), "cancel a done job that was not fetched")
    c.eq(job_status(emu, job), 200, "still done")
    c.eq(fetch(emu, job).status, 200, "its result is unchanged")
    c.eq(error_of(emu.request("PUT", f"/_api/job/{job}/cancel")), cancel_not_found(job),
         "cancel a fetched job")
    c.eq(error_of(emu.request("PUT", "/_api/job/99999999999/cancel")),
         cancel_not_found(99999999999), "cancel an unknown job")
    c.eq(error_of(emu.request("PUT", f"/_api/job/{job}/stop")), BAD_PARAMETER, "unknown method")
    c.eq(error_of(emu.request("PUT", f"/_api/job/{job}/cancel/x")), BAD_PARAMETER, "3 suffixes")


def check_delete(c, emu):
    reset(emu)
    a = submit(emu, "GET", "/_api/version")
    wait_done(emu, a)
    r = emu.request("DELETE", f"/_api/job/{a}")
    c.eq((r.status, r.text), (200, '{"result":true}'), "delete by id")
    check_header_block(c, r, JSON_CT)
    c.eq(error_of(emu.request("GET", f"/_api/job/{a}")), NOT_FOUND, "deleted job is gone")
    c.eq(error_of(emu.request("DELETE", f"/_api/job/{a}")), NOT_FOUND, "delete twice")

    # a pending job can be deleted; it still runs, its result is dropped
    emu.request("POST", "/_api/collection", {"name": "jobs"})
    slow = submit(emu, "POST", "/_api/cursor", {"query": "RETURN SLEEP(0.8)"})
    ins = submit(emu, "POST", "/_api/document/jobs", {"_key": "deleted-but-ran"})
    c.eq(emu.request("DELETE", f"/_api/job/{ins}").status, 200, "delete a queued job")
    wait_done(emu, slow)
    deadline = time.time() + 5
    while emu.request("GET", "/_api/document/jobs/deleted-but-ran").status != 200:
        c.true(time.time() < deadline, "deleted queued job still runs")
        time.sleep(0.02)
    c.eq(error_of(emu.request("GET", f"/_api/job/{ins}")), NOT_FOUND, "but is not stored")

    jobs = [submit(emu, "GET", "/_api/version") for _ in range(3)]
    wait_done(emu, jobs[-1])
    r = emu.request("DELETE", "/_api/job/all")
    c.eq((r.status, r.text), (200, '{"result":true}'), "delete all")
    c.eq(emu.request("GET", "/_api/job/done").json(), [], "no done jobs left")
    c.eq(emu.request("DELETE", "/_api/job/all").status, 200, "delete all when empty")

    old = submit(emu, "GET", "/_api/version")
    wait_done(emu, old)
    time.sleep(0.05)
    stamp = time.time()
    time.sleep(0.05)
    new = submit(emu, "GET", "/_api/version")
    wait_done(emu, new)
    r = emu.request("DELETE", f"/_api/job/expired?stamp={stamp!r}")
    c.eq((r.status, r.text), (200, '{"result":true}'), "delete expired")
    c.eq(emu.request("GET", "/_api/job/done").json(), [new], "only the newer job is left")
    r = emu.request("DELETE", "/_api/job/expired")
    c.eq(error_of(r), BAD_PARAMETER, "expired without stamp")
    c.eq(list(r.json()), ["code", "error", "errorMessage", "errorNum"], "handler error")
    c.eq(emu.request("DELETE", "/_api/job/expired?stamp=1").status, 200, "an old stamp")
    c.eq(emu.request("GET", "/_api/job/done").json(), [new], "nothing removed by it")
    c.eq(error_of(emu.request("DELETE", "/_api/job")), BAD_PARAMETER, "DELETE without id")
    c.eq(error_of(emu.request("DELETE", "/_api/job/1/2")), BAD_PARAMETER, "DELETE 2 suffixes")
    reset(emu)


def check_lists(c, emu):
    reset(emu)
    jobs = [submit(emu, "GET", "/_api/version") for _ in range(4)]
    wait_done(emu, jobs[-1])
    done = emu.request("GET", "/_api/job/done")
    c.eq(done.json(), list(reversed(jobs)), "done list: id strings, newest first")
    check_header_block(c, done, JSON_CT)
    c.eq(emu.request("GET", "/_api/job/done?count=2").json(), jobs[:1:-1], "count=2")
    c.eq(emu.request("GET", "/_api/job/done?count=100").json(), list(reversed(jobs)), "count=100")
    # AsyncJobManager::byStatus checks the limit after adding an id
    c.eq(len(emu.request("GET", "/_api/job/done?count=0").json()), 1, "count=0")
    c.eq(emu.request("GET", "/_api/job/pending?count=3").json(), [], "no pending jobs")
    for bad in ("/_api/job/other", "/_api/job/Done", "/_api/job", "/_api/job/done/x"):
        c.eq(error_of(emu.request("GET", bad)), BAD_PARAMETER, f"GET {bad}")
    r = emu.request("POST", "/_api/job/done")
    c.eq(error_of(r), (405, 405, "method not supported"), "POST")
    c.eq(emu.request("HEAD", f"/_api/job/{jobs[0]}").status, 405, "HEAD is not GET here")
    c.eq(error_of(emu.request("PUT", "/_api/job")), BAD_PARAMETER, "PUT without id")
    reset(emu)


def check_fire_and_forget(c, emu):
    reset(emu)
    emu.request("POST", "/_api/collection", {"name": "jobs"})
    r = emu.request("POST", "/_api/document/jobs", {"_key": "ff"}, headers={"x-arango-async": "true"})
    c.eq((r.status, r.body, r.header("X-Arango-Async-Id")), (202, b"", None),
         "x-arango-async: true")
    check_header_block(c, r, TEXT_CT)
    deadline = time.time() + 5
    while emu.request("GET", "/_api/document/jobs/ff").status != 200:
        c.true(time.time() < deadline, "the request ran")
        time.sleep(0.02)
    c.eq(emu.request("GET", "/_api/job/done").json(), [], "nothing stored")
    c.eq(emu.request("GET", "/_api/job/pending").json(), [], "nothing pending")
    reset(emu)


def check_job_context(c, emu):
    reset(emu)
    r = emu.request("POST", "/_api/database", {"name": "jobdb"})
    c.eq(r.status, 201, "create database")
    emu.request("POST", "/_db/jobdb/_api/collection", {"name": "c"})
    job = submit(emu, "POST", "/_db/jobdb/_api/document/c?returnNew=true", {"_key": "k", "v": 1})
    wait_done(emu, job)
    # jobs belong to the server: any database prefix finds them
    c.eq(job_status(emu, job, db="jobdb"), 200, "status through /_db/jobdb")
    r = fetch(emu, job, db="_system")
    c.eq(r.status, 202, "insert result")
    c.eq(r.json()["new"]["v"], 1, "query parameter reached the handler")
    c.eq(r.header("Location"), "/_db/jobdb/_api/document/c/k", "handler headers are stored")
    c.eq(r.names()[:2], ["Etag", "Location"], "handler headers, then the job id")
    c.eq(r.header("X-Arango-Async-Id"), job, "job id")
    c.eq(emu.request("GET", "/_db/jobdb/_api/document/c/k").status, 200, "ran in jobdb")
    c.eq(emu.request("GET", "/_api/document/c/k").status, 404, "not in _system")
    # request headers reach the handler as they were: a job can write in a
    # stream transaction (x-arango-trx-id)
    r = emu.request("POST", "/_db/jobdb/_api/transaction/begin", {"collections": {"write": ["c"]}})
    c.eq(r.status, 201, "begin a stream transaction")
    trx = r.json()["result"]["id"]
    job = submit(emu, "POST", "/_db/jobdb/_api/document/c", {"_key": "in-trx"},
                 headers={"x-arango-trx-id": trx})
    wait_done(emu, job)
    c.eq(fetch(emu, job).status, 202, "insert inside the transaction")
    c.eq(emu.request("GET", "/_db/jobdb/_api/document/c/in-trx").status, 404,
         "not visible before the commit")
    c.eq(emu.request("PUT", f"/_db/jobdb/_api/transaction/{trx}").status, 200, "commit")
    c.eq(emu.request("GET", "/_db/jobdb/_api/document/c/in-trx").status, 200, "visible after it")
    hdrs = {"x-arango-trx-id": "123456789"}
    sync = emu.request("GET", "/_db/jobdb/_api/document/c/k", headers=hdrs)
    job = submit(emu, "GET", "/_db/jobdb/_api/document/c/k", headers=hdrs)
    wait_done(emu, job)
    r = fetch(emu, job)
    c.eq((r.status, r.body), (sync.status, sync.body), "unknown transaction: as synchronously")
    # HEAD: the stored response has no body
    job = submit(emu, "HEAD", "/_db/jobdb/_api/document/c/k")
    wait_done(emu, job)
    r = fetch(emu, job)
    c.eq((r.status, r.body), (200, b""), "HEAD job result")
    emu.request("DELETE", "/_api/database/jobdb")
    reset(emu)


def check_options(c, exe):
    import subprocess
    for bad in ("0", "x", "65"):
        p = subprocess.run([exe, "--async-workers", bad], capture_output=True, text=True, timeout=10)
        c.eq(p.returncode, 2, f"--async-workers {bad}")
    p = subprocess.run([exe, "--help"], capture_output=True, text=True, timeout=10)
    c.true("--async-workers N" in p.stdout, "usage documents --async-workers")


def check_parallel_workers(c, exe):
    emu = Emulator(exe, "--no-auth", "--async-workers", "3")
    try:
        t0 = time.time()
        jobs = [submit(emu, "POST", "/_api/cursor", {"query": f"RETURN SLEEP({2 + i / 100})"})
                for i in range(3)]
        for j in jobs:
            wait_done(emu, j)
        # one after the other would take more than 6 s
        c.true(time.time() - t0 < 5, f"3 workers ran 3 two-second jobs in parallel "
                                     f"({time.time() - t0:.1f}s)")
    finally:
        c.stop(emu)


# ---------------------------------------------------------------------------
# With authentication
# ---------------------------------------------------------------------------

def check_auth(c, exe):
    emu = Emulator(exe, "--root-password", ROOT_PASSWORD, "--jwt-secret", JWT_SECRET)
    root = basic("root", ROOT_PASSWORD)
    superuser = "bearer " + make_jwt({"iss": "arangodb", "server_id": "test"}, JWT_SECRET)
    try:
        # bad credentials: 401 at once, nothing queued
        r = emu.request("GET", "/_api/version", headers={"x-arango-async": "store"},
                        auth=basic("root", "wrong"))
        c.eq((r.status, r.json()["errorNum"], r.header("X-Arango-Async-Id")), (401, 11, None),
             "bad password: immediate 401")
        c.eq(r.header_all("Www-Authenticate") != [], True, "Www-Authenticate on the 401")
        r = emu.request("GET", "/_api/version", headers={"x-arango-async": "store"})
        c.eq((r.status, r.header("X-Arango-Async-Id")), (401, None), "no credentials: 401")
        c.eq(emu.request("GET", "/_api/job/pending", auth=root).json(), [], "nothing queued")
        c.eq(emu.request("GET", "/_api/job/done", auth=root).json(), [], "nothing stored")

        r = emu.request("POST", "/_api/database", {"name": "alicedb", "users": [
            {"username": "alice", "passwd": "apw"}]}, auth=root)
        c.eq(r.status, 201, "database with user alice")
        alice = basic("alice", "apw")
        mine = submit(emu, "GET", "/_api/version", auth=root)
        hers = submit(emu, "GET", "/_db/alicedb/_api/version", auth=alice)
        wait_done(emu, mine, auth=root)
        wait_done(emu, hers, auth=alice, db="alicedb")
        # AsyncJobManager: a user sees only the jobs of the same user name
        c.eq(error_of(emu.request("GET", f"/_api/job/{hers}", auth=root)), NOT_FOUND,
             "root does not see alice's job")
        c.eq(error_of(emu.request("GET", f"/_db/alicedb/_api/job/{mine}", auth=alice)), NOT_FOUND,
             "alice does not see root's job")
        c.eq(emu.request("GET", "/_api/job/done", auth=root).json(), [mine], "root's list")
        c.eq(emu.request("GET", "/_db/alicedb/_api/job/done", auth=alice).json(), [hers],
             "alice's list")
        c.eq(error_of(emu.request("PUT", f"/_db/alicedb/_api/job/{mine}/cancel", auth=alice)),
             cancel_not_found(mine), "alice cannot cancel root's job")
        c.eq(emu.request("DELETE", "/_db/alicedb/_api/job/all", auth=alice).status, 200,
             "alice deletes all")
        c.eq(job_status(emu, mine, auth=root), 200, "root's job survives")
        c.eq(error_of(emu.request("GET", f"/_db/alicedb/_api/job/{hers}", auth=alice)),
             NOT_FOUND, "alice's job is gone")
        hers = submit(emu, "GET", "/_db/alicedb/_api/version", auth=alice)
        wait_done(emu, hers, auth=alice, db="alicedb")
        # a superuser token sees every job
        c.eq(emu.request("GET", "/_api/job/done", auth=superuser).json(), [hers, mine],
             "superuser sees all jobs")
        c.eq(job_status(emu, hers, auth=superuser), 200, "superuser: alice's job")
        # the job ran as alice, in alicedb
        r = fetch(emu, hers, auth=alice, db="alicedb")
        c.eq(r.status, 200, "alice fetches her job")
        # a user without access to the database gets 401 at once
        r = emu.request("GET", "/_api/version", headers={"x-arango-async": "store"}, auth=alice)
        c.eq((r.status, r.header("X-Arango-Async-Id")), (401, None), "alice on _system: 401")
    finally:
        c.stop(emu)


def check_shutdown(c, exe):
    emu = Emulator(exe, "--no-auth")
    submit(emu, "POST", "/_api/cursor", {"query": "RETURN SLEEP(30)"})
    queued = submit(emu, "POST", "/_api/cursor", {"query": "RETURN SLEEP(31)"})
    wait_running(emu, "RETURN SLEEP(30)")
    c.eq(job_status(emu, queued), 204, "second job queued")
    t0 = time.time()
    code = emu.stop()
    c.eq(code, 0, "exit code")
    c.true(time.time() - t0 < 10, f"SIGTERM with a sleeping job took {time.time() - t0:.1f}s")


def run(c, exe):
    records = load_jsonl(TRANSCRIPTS)
    c.run("transcript data", lambda cc: cc.eq(
        sum(1 for r in records if r["area"] == "jobs"), 24, "records of area jobs"))
    replay_all(c, exe, records)

    with started(c, exe, "--no-auth") as emu:
        c.run("202 Accepted", check_accepted_response, emu)
        c.run("pending vs done", check_pending_then_done, emu)
        c.run("result fetched once", check_fetch_once, emu)
        c.run("stored error responses", check_stored_errors, emu)
        c.run("cancel a queued job", check_cancel_queued, emu)
        c.run("cancel a running query", check_cancel_running, emu)
        c.run("cancel a done job", check_cancel_done, emu)
        c.run("delete by id / all / expired", check_delete, emu)
        c.run("pending / done lists", check_lists, emu)
        c.run("x-arango-async: true", check_fire_and_forget, emu)
        c.run("database, parameters and headers of a job", check_job_context, emu)
    c.run("--async-workers option", check_options, exe)
    c.run("parallel job workers", check_parallel_workers, exe)
    c.run("authentication and per-user jobs", check_auth, exe)
    c.run("shutdown with a sleeping job", check_shutdown, exe)
    return c.report()


if __name__ == "__main__":
    sys.exit(emutest.suite_main(__doc__, run))
