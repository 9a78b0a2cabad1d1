#!/usr/bin/env python3
"""Conformance tests of arango-emulator for the administration endpoints (python3 standard
library only).

    test_conformance_admin.py PATH/TO/arango-emulator

Replays the ArangoDB 3.12.10 transcripts of data/transcripts-admin.jsonl (compact, license,
metrics, support info, API calls): status, content type, the body's keys in order (values
that describe the machine are not compared), the metric names and types of what the
emulator does. Then targeted checks: read-only mode enforced on every write (1004, or 11 for
databases and collections) while reads work, and back; who may set the mode; the options API
for the superuser only; echo; the log API's entries from the emulator's own events; the API
call recording; metrics counting requests, queries and transactions; shutdown (graceful: the
answer, then the process exits 0).
"""
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import emutest  # noqa: E402
from emutest import Emulator, basic, compare_json, error_of, load_jsonl, make_jwt, started  # noqa: E402

TRANSCRIPTS = os.path.join(HERE, "data", "transcripts-admin.jsonl")
ROOT_PASSWORD = "rootpw"
JWT_SECRET = "admin-test-secret"
ROOT = basic("root", ROOT_PASSWORD)

# The metrics the emulator exposes, with the types 3.12 gives them.
METRICS = {
    "arangodb_aql_all_query_total": "counter",
    "arangodb_aql_current_query": "gauge",
    "arangodb_aql_total_query_time_msec_total": "counter",
    "arangodb_client_connection_statistics_client_connections": "gauge",
    "arangodb_http_request_statistics_async_requests_total": "counter",
    "arangodb_http_request_statistics_http_delete_requests_total": "counter",
    "arangodb_http_request_statistics_http_get_requests_total": "counter",
    "arangodb_http_request_statistics_http_post_requests_total": "counter",
    "arangodb_http_request_statistics_total_requests_total": "counter",
    "arangodb_http_request_statistics_superuser_requests_total": "counter",
    "arangodb_http_request_statistics_user_requests_total": "counter",
    "arangodb_process_statistics_resident_set_size": "gauge",
    "arangodb_server_statistics_server_uptime_total": "counter",
    "arangodb_transactions_aborted_total": "counter",
    "arangodb_transactions_committed_total": "counter",
    "arangodb_transactions_started_total": "counter",
    "rocksdb_estimate_num_keys": "gauge",
}


def superuser():
    now = int(time.time())
    return "bearer " + make_jwt({"iat": now, "exp": now + 3600, "iss": "arangodb", "server_id": "t"},
                                JWT_SECRET)


def metric_types(text):
    return {line.split()[2]: line.split()[3] for line in text.splitlines() if line.startswith("# TYPE ")}


def metric_value(text, name):
    for line in text.splitlines():
        if line.startswith(name + "{"):
            return float(line.rsplit(" ", 1)[1])
    return None


# Values that describe the recording machine, its load or its edition.
def volatile(path, _value):
    return path[:1] in (("host",), ("date",), ("diskUsage",)) or path[:2] == ("result", "calls")


def replay(c, emu):
    records = load_jsonl(TRANSCRIPTS)
    c.eq(len(records), 5, "records")
    for rec in records:
        r = emu.request(rec["method"], rec["path"], auth=ROOT)
        what = rec["id"]
        c.eq(r.status, rec["status"], f"{what}: status")
        recorded_ct = rec["response_headers"].get("content-type")
        if recorded_ct == "text/plain":
            c.eq(r.header("content-type"), "text/plain", f"{what}: content type")
            recorded = metric_types(rec["response_body"])
            ours = metric_types(r.text)
            for name, kind in METRICS.items():
                c.eq(recorded.get(name), kind, f"{what}: 3.12 has {name}")
                c.eq(ours.get(name), kind, f"{what}: {name}")
            continue
        body = r.json()
        expected = rec["response_body"]
        if rec["path"].endswith("support-info"):
            # the emulator reports fewer machine statistics: compare the deployment and the
            # keys it does report
            c.eq(body["deployment"], expected["deployment"], f"{what}: deployment")
            c.eq(list(body.keys()), list(expected.keys()), f"{what}: keys")
            for k in body["host"]:
                c.true(k in expected["host"], f"{what}: host key {k} is one 3.12 reports")
            continue
        if rec["path"].endswith("api-calls"):
            c.eq(list(body.keys()), list(expected.keys()), f"{what}: keys")
            c.eq(list(body["result"]["calls"][0].keys()), list(expected["result"]["calls"][0].keys()),
                 f"{what}: call keys")
            c.eq(body["result"]["calls"][0]["path"], "/_admin/server/api-calls", f"{what}: newest first")
            continue
        compare_json(c, expected, body, volatile=volatile)


def check_read_only(c, emu):
    emu.request("POST", "/_api/collection", {"name": "ro"}, auth=ROOT)
    c.eq(emu.request("POST", "/_api/document/ro", {"_key": "a"}, auth=ROOT).status, 202, "insert before")
    # a user without admin rights may not change the mode
    emu.request("POST", "/_api/user", {"user": "plain", "passwd": "p"}, auth=ROOT)
    # read access to _system: not an admin (that takes RW there)
    emu.request("PUT", "/_api/user/plain/database/_system", {"grant": "ro"}, auth=ROOT)
    r = emu.request("PUT", "/_admin/server/mode", {"mode": "readonly"}, auth=basic("plain", "p"))
    c.eq(error_of(r), (403, 11, "forbidden"), "mode change without admin rights")
    r = emu.request("PUT", "/_admin/server/mode", {"mode": "nonsense"}, auth=ROOT)
    c.eq(error_of(r), (400, 400, "mode invalid"), "unknown mode")
    r = emu.request("PUT", "/_admin/server/mode", {"mode": 1}, auth=ROOT)
    c.eq(error_of(r), (400, 400, "mode must be a string"), "mode not a string")
    r = emu.request("PUT", "/_admin/server/mode", {}, auth=ROOT)
    c.eq(error_of(r), (400, 400, "mode must be a string"), "mode missing")

    r = emu.request("PUT", "/_admin/server/mode", {"mode": "readonly"}, auth=ROOT)
    c.eq((r.status, r.json()["mode"]), (200, "readonly"), "set readonly")
    c.eq(emu.request("GET", "/_admin/server/availability").json()["mode"], "readonly", "availability")
    status = emu.request("GET", "/_admin/status", auth=ROOT).json()["serverInfo"]
    c.eq((status["readOnly"], status["writeOpsEnabled"]), (True, False), "status")
    writes = [
        ("POST", "/_api/document/ro", {"x": 1}, 1004),
        ("PATCH", "/_api/document/ro/a", {"x": 1}, 1004),
        ("DELETE", "/_api/document/ro/a", None, 1004),
        ("PUT", "/_api/collection/ro/truncate", None, 1004),
        ("POST", "/_api/index?collection=ro", {"type": "persistent", "fields": ["x"]}, 1004),
        ("POST", "/_api/import?collection=ro&type=list", [{"x": 1}], 1004),
        ("POST", "/_api/cursor", {"query": "INSERT {} INTO ro"}, 1004),
        ("POST", "/_api/collection", {"name": "ro2"}, 11),
        ("DELETE", "/_api/collection/ro", None, 11),
        ("POST", "/_api/database", {"name": "rodb"}, 11),
    ]
    for method, path, body, num in writes:
        r = emu.request(method, path, body, auth=ROOT)
        c.eq(error_of(r)[:2], (403, num), f"{method} {path}")
    # reads go on
    c.eq(emu.request("GET", "/_api/document/ro/a", auth=ROOT).status, 200, "read a document")
    r = emu.request("POST", "/_api/cursor", {"query": "FOR d IN ro RETURN d._key"}, auth=ROOT)
    c.eq((r.status, r.json()["result"]), (201, ["a"]), "read query")
    r = emu.request("PUT", "/_api/document/ro?onlyget=true", ["a"], auth=ROOT)
    c.eq(r.status, 200, "onlyget")
    # the superuser JWT writes anyway
    c.eq(emu.request("POST", "/_api/document/ro", {"_key": "su"}, auth=superuser()).status, 202,
         "superuser write")

    r = emu.request("PUT", "/_admin/server/mode", {"mode": "default"}, auth=ROOT)
    c.eq(r.json()["mode"], "default", "back to default")
    c.eq(emu.request("POST", "/_api/document/ro", {"x": 2}, auth=ROOT).status, 202, "insert after")
    c.eq(emu.request("GET", "/_api/collection/ro/count", auth=ROOT).json()["count"], 3, "count")


def check_options(c, emu):
    c.eq(emu.request("GET", "/_admin/options", auth=ROOT).status, 403, "options as root")
    c.eq(emu.request("GET", "/_admin/options-description", auth=ROOT).status, 403, "descriptions as root")
    opts = emu.request("GET", "/_admin/options", auth=superuser()).json()
    c.eq(opts["server.authentication"], True, "server.authentication")
    c.true(opts["server.endpoint"][0].startswith("tcp://"), "server.endpoint")
    desc = emu.request("GET", "/_admin/options-description", auth=superuser()).json()
    c.eq(set(desc), set(opts), "every option described")
    c.eq(desc["log.level"]["section"], "log", "section")


def check_echo_license_compact(c, emu):
    r = emu.request("POST", "/_db/_system/_admin/echo/x?a=1", {"b": 2}, auth=ROOT)
    body = r.json()
    c.eq((r.status, body["requestType"], body["user"], body["parameters"], body["suffix"]),
         (200, "POST", "root", {"a": "1"}, ["x"]), "echo")
    c.eq(body["requestBody"], '{"b": 2}', "echo body")
    c.true("authorization" not in body["headers"], "echo hides the credentials")
    r = emu.request("PUT", "/_admin/license", '"key"', auth=ROOT)
    c.eq(error_of(r)[:2], (501, 9), "set a license on the community edition")
    c.eq(error_of(emu.request("PUT", "/_admin/compact", {}, auth=basic("plain", "p"))),
         (403, 11, "compaction is only allowed for superusers"), "compact without admin rights")
    r = emu.request("GET", "/_db/_system/_admin/support-info", auth=basic("plain", "p"))
    c.eq(r.status, 403, "support info without admin rights")


def check_logs(c, emu):
    emu.request("POST", "/_api/collection", {"name": "logged_one"}, auth=ROOT)
    r = emu.request("GET", "/_admin/log/entries?search=logged_one", auth=ROOT).json()
    c.true(r["total"] >= 1, "the collection's creation is logged")
    c.eq((r["messages"][0]["topic"], r["messages"][0]["level"]), ("general", "INFO"), "topic, level")
    emu.request("PUT", "/_admin/server/mode", {"mode": "readonly"}, auth=ROOT)
    emu.request("PUT", "/_admin/server/mode", {"mode": "default"}, auth=ROOT)
    r = emu.request("GET", "/_admin/log/entries?search=server%20mode", auth=ROOT).json()
    c.true(r["total"] >= 2, "mode changes are logged")


def check_api_calls_and_metrics(c, emu):
    c.eq(emu.request("GET", "/_admin/server/api-calls", auth=basic("plain", "p")).status, 403,
         "api calls without admin rights")
    before = emu.request("GET", "/_admin/metrics/v2", auth=ROOT).text
    emu.request("GET", "/_db/_system/_api/version", auth=ROOT)
    emu.request("POST", "/_api/cursor", {"query": "RETURN 1"}, auth=ROOT)
    trx = emu.request("POST", "/_api/transaction/begin", {"collections": {}}, auth=ROOT).json()
    emu.request("DELETE", "/_api/transaction/" + trx["result"]["id"], auth=ROOT)
    after = emu.request("GET", "/_admin/metrics", auth=ROOT).text
    for name, at_least in [("arangodb_http_request_statistics_total_requests_total", 5),
                           ("arangodb_http_request_statistics_http_get_requests_total", 2),
                           ("arangodb_aql_all_query_total", 1),
                           ("arangodb_transactions_started_total", 1),
                           ("arangodb_transactions_aborted_total", 1)]:
        c.true(metric_value(after, name) >= metric_value(before, name) + at_least, name)
    c.eq(emu.request("GET", "/_admin/metrics", auth=basic("plain", "p")).status, 403,
         "metrics without admin rights")
    calls = emu.request("GET", "/_admin/server/api-calls", auth=ROOT).json()["result"]["calls"]
    c.eq(calls[0]["path"], "/_admin/server/api-calls", "newest first")
    c.true(any(x["path"] == "/_api/version" and x["database"] == "_system" for x in calls), "version")


def check_shutdown(c, exe):
    emu = Emulator(exe, "--root-password", ROOT_PASSWORD)
    try:
        r = emu.request("GET", "/_admin/shutdown", auth=ROOT).json()
        c.eq((r["softShutdownOngoing"], r["allClear"]), (False, True), "progress before")
        r = emu.request("DELETE", "/_admin/shutdown?soft=true", auth=ROOT)
        c.eq((r.status, r.json()), (200, "OK"), "shutdown answer")
        c.eq(emu.proc.wait(10), 0, "the emulator exits by itself, with 0")
    finally:
        if emu.proc.poll() is None:
            emu.stop()


def run(c, exe):
    with started(c, exe, "--root-password", ROOT_PASSWORD, "--jwt-secret", JWT_SECRET) as emu:
        c.run("admin: recorded examples", replay, emu)
        c.run("read-only mode", check_read_only, emu)
        c.run("options API", check_options, emu)
        c.run("echo, license, compact, support info", check_echo_license_compact, emu)
        c.run("log entries", check_logs, emu)
        c.run("API calls and metrics", check_api_calls_and_metrics, emu)
    c.run("shutdown", check_shutdown, exe)
    return c.report()


if __name__ == "__main__":
    sys.exit(emutest.suite_main(__doc__, run))
