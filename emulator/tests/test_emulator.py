#!/usr/bin/env python3
"""Conformance tests for arango-emulator (python3 standard library only).

    test_emulator.py PATH/TO/arango-emulator

Replays the ArangoDB 3.12.10 transcripts in data/transcripts-databases-admin.jsonl
against an emulator started with --no-auth (the docs server ran without
authentication) and compares status, header names, body keys/key order, JSON
value types and the deterministic values. Then checks the conventions that no
transcript shows: 401 envelope + Www-Authenticate, unknown database 404/401,
405, 400/600, OPTIONS, JWT login, database API errors, extended database
names, fault injection, keep-alive, the test wrapper and SIGTERM handling.
"""
import base64
import hashlib
import hmac
import http.client
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.parse

import emutest
from emutest import (
    JSON_CT, LAUNCHER, Emulator, b64url_decode, basic, check_compact, check_standard_headers,
    compare_shape, dbpath, load_jsonl, make_jwt)

HERE = os.path.dirname(os.path.abspath(__file__))
TRANSCRIPTS = os.path.join(HERE, "data", "transcripts-databases-admin.jsonl")

ROOT_PASSWORD = "rootpw"
JWT_SECRET = "emulator-test-secret"

UNAUTHORIZED_BODY = ('{"error":true,"errorNum":11,"errorMessage":'
                     '"not authorized to execute this request","code":401}')


# ---------------------------------------------------------------------------
# Transcript replay
# ---------------------------------------------------------------------------

# Keys a single server does not send although the (cluster) recording has them.
CLUSTER_ONLY = {
    "3.12/RestAdminStatus#0": {
        ("coordinator",), ("agency",),
        ("serverInfo", "persistedId"), ("serverInfo", "rebootId"),
        ("serverInfo", "address"), ("serverInfo", "serverId"), ("serverInfo", "state"),
    },
}
# Values that differ by build/run (the types must still match).
VOLATILE = {
    "3.12/RestAdminStatus#0": {("license",), ("pid",), ("host",), ("hostname",),
                               ("serverInfo", "role")},
    "3.12/RestVersion#0": {("license",)},
    "3.12/job_delete_02#1": {("time",)},
}
# What the emulator must send for those values.
EXPECTED_VALUES = {
    "3.12/RestAdminStatus#0": {("license",): "community", ("serverInfo", "role"): "SINGLE"},
    "3.12/RestVersion#0": {("license",): "community"},
}


def setup_for_record(c, emu, rec):
    """Recreates the server state the example code set up before the request."""
    code = rec.get("example_code") or ""
    variables = dict(re.findall(r'var\s+(\w+)\s*=\s*"([^"]*)"', code))
    for m in re.finditer(r'db\._createDatabase\(\s*(?:"([^"]*)"|(\w+))\s*\)', code):
        name = m.group(1) if m.group(1) is not None else variables[m.group(2)]
        r = emu.request("POST", "/_api/database", {"name": name})
        c.eq(r.status, 201, f"setup: create database {name}")


def replay(c, emu, rec):
    setup_for_record(c, emu, rec)
    path = rec["path"] + (("?" + rec["query"]) if rec.get("query") else "")
    body = rec["request_body"]
    r = emu.request(rec["method"], path, body=body, headers=rec["request_headers"])
    c.eq(r.status, rec["status"], "status")

    recorded_names = {k.lower() for k in rec["response_headers"]}
    c.eq({k.lower() for k in r.names()}, recorded_names, "set of header names")
    recorded_ct = rec["response_headers"].get("content-type")
    if recorded_ct == "application/json":
        c.eq(r.header("Content-Type"), JSON_CT, "Content-Type")
    c.eq(int(r.header("Content-Length")), len(r.body), "Content-Length")
    check_standard_headers(c, r)

    if rec["response_body_kind"] == "json":
        check_compact(c, r)
        actual = r.json()
        skip = CLUSTER_ONLY.get(rec["id"], set()) if rec["deployment"] == "cluster" else set()
        volatile = VOLATILE.get(rec["id"], set())
        compare_shape(c, rec["response_body"], actual, (), skip, volatile)
        for keypath, value in EXPECTED_VALUES.get(rec["id"], {}).items():
            v = actual
            for k in keypath:
                v = v[k]
            c.eq(v, value, f"value at {'/'.join(keypath)}")
        # For fully deterministic bodies the recorded Content-Length matches too.
        if not volatile and not skip:
            c.eq(r.header("Content-Length"), rec["response_headers"]["content-length"],
                 "Content-Length equals the recorded one")


def load_transcripts():
    return load_jsonl(TRANSCRIPTS)


# ---------------------------------------------------------------------------
# Checks against the no-auth emulator
# ---------------------------------------------------------------------------

def check_transcript_count(c, records):
    ids = {r["id"] for r in records}
    for needed in ("3.12/RestDatabaseDrop#0", "3.12/RestDatabaseGetUser#0", "3.12/RestVersion#0",
                   "3.12/RestEngine#0", "3.12/RestAdminStatus#0", "3.12/job_delete_02#1"):
        c.true(needed in ids, f"transcript {needed} present in the data file")


def check_drop_really_dropped(c, emu):
    r = emu.request("GET", "/_api/database")
    c.eq(r.status, 200, "status")
    c.true("example" not in r.json()["result"], "database 'example' is gone after the replay")


def check_no_route(c, emu):
    # arangod's JavaScript routing (actions.js routeRequest) answers every path no C++ handler
    # serves: the URL after /_db/<name>, query string included, in JSON.stringify's key order
    r = emu.request("GET", "/_db/_system/_api/does-not-exist?x=1")
    c.eq(r.status, 404, "status")
    c.eq(r.text, '{"error":true,"code":404,"errorNum":404,'
                 '"errorMessage":"unknown path \'/_api/does-not-exist?x=1\'"}', "body")
    check_standard_headers(c, r)


def check_405(c, emu):
    r = emu.request("PUT", "/_api/database")
    c.eq(r.status, 405, "status")
    c.eq(r.text, '{"code":405,"error":true,"errorMessage":"method not supported","errorNum":405}',
         "body")
    r = emu.request("PATCH", "/_admin/time")
    c.eq(r.status, 405, "status for PATCH /_admin/time")


def check_options(c, emu):
    r = emu.request("OPTIONS", "/_api/version")
    c.eq(r.status, 200, "status")
    c.eq(r.body, b"", "empty body")
    c.eq(r.header("Allow"), "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT", "Allow")
    c.eq(r.names()[0], "Allow", "handler header first")


def check_head(c, emu):
    g = emu.request("GET", "/_api/version")
    conn = emu.connection()
    conn.request("HEAD", "/_api/version")
    r = conn.getresponse()
    data = r.read()
    conn.close()
    c.eq(r.status, 200, "status")
    c.eq(data, b"", "no body")
    c.eq(int(r.getheader("Content-Length")), len(g.body), "Content-Length of the GET body")


def check_no_auth_needs_no_credentials(c, emu):
    r = emu.request("GET", "/_api/database/current")
    c.eq(r.status, 200, "status")
    c.eq(r.text, '{"error":false,"code":200,"result":{"id":"1","name":"_system",'
                 '"isSystem":true,"path":"none"}}', "body")
    r = emu.request("POST", "/_open/auth", {"username": "root", "password": ""})
    c.eq(r.status, 404, "/_open/auth without authentication")
    r = emu.request("GET", "/_db/nope/_api/version")
    c.eq(r.status, 404, "unknown database without authentication")
    c.eq(r.text, '{"error":true,"errorNum":1228,"errorMessage":"database not found","code":404}',
         "body")


def check_time(c, emu):
    before = time.time()
    r = emu.request("GET", "/_admin/time")
    after = time.time()
    body = r.json()
    c.eq(list(body), ["error", "code", "time"], "keys")
    c.true(isinstance(body["time"], float), "time is a float")
    c.true(before - 1 <= body["time"] <= after + 1, "time is now")


def check_version_details(c, emu):
    for q in ("details=true", "details=1"):
        r = emu.request("GET", "/_api/version?" + q)
        body = r.json()
        c.eq(list(body), ["server", "license", "version", "details", "apiVersions",
                          "deprecatedApiVersions", "requestedApiVersion"], f"keys ({q})")
        d = body["details"]
        c.true(d["emulator"].startswith("arango-emulator "), "details.emulator")
        c.eq(d["server-version"], "3.12.10", "details.server-version")
        c.true(all(isinstance(v, str) for v in d.values()), "all details are strings")
        keys = [k for k in d if k not in ("mode", "role")]
        c.eq(keys, sorted(keys), "details keys sorted like arangod's std::map")
    r = emu.request("GET", "/_api/version?details=false")
    c.true("details" not in r.json(), "no details for details=false")


def check_availability(c, emu):
    r = emu.request("GET", "/_admin/server/availability")
    c.eq(r.status, 200, "status")
    c.eq(r.text, '{"error":false,"code":200,"mode":"default"}', "body")


def check_collections(c, emu):
    r = emu.request("GET", "/_api/collection")
    c.eq(r.status, 200, "status")
    body = r.json()
    c.eq(list(body), ["error", "code", "result"], "envelope keys")
    names = [x["name"] for x in body["result"]]
    c.eq(names, ["_analyzers", "_appbundles", "_apps", "_aqlfunctions", "_frontend", "_graphs",
                 "_jobs", "_queues", "_statistics", "_statistics15", "_statisticsRaw", "_users"],
         "system collections of _system")
    for x in body["result"]:
        c.eq(list(x), ["id", "name", "status", "type", "isSystem", "globallyUniqueId"], "entry keys")
        c.true(isinstance(x["id"], str) and x["id"].isdigit(), "id is a numeric string")
        c.eq((x["status"], x["type"], x["isSystem"], x["globallyUniqueId"]),
             (3, 2, True, x["name"]), "entry values")
    r = emu.request("GET", "/_api/collection?excludeSystem=true")
    c.eq(r.text, '{"error":false,"code":200,"result":[]}', "excludeSystem=true")
    r = emu.request("POST", "/_api/database", {"name": "colldb"})
    c.eq(r.status, 201, "create colldb")
    r = emu.request("GET", "/_db/colldb/_api/collection")
    c.eq(len(r.json()["result"]), 8, "fresh database has 8 system collections")


def check_database_api(c, emu):
    r = emu.request("POST", "/_api/database", {"name": "testdb"})
    c.eq((r.status, r.text), (201, '{"error":false,"code":201,"result":true}'), "create")
    check_standard_headers(c, r)
    r = emu.request("POST", "/_api/database", {"name": "testdb"})
    c.eq((r.status, r.text), (409, '{"code":409,"error":true,"errorMessage":'
                                   '"duplicate database name \'testdb\'","errorNum":1207}'),
         "duplicate")
    r = emu.request("GET", "/_api/database")
    c.eq(r.json()["result"], sorted(r.json()["result"]), "list is sorted")
    c.true("testdb" in r.json()["result"] and "_system" in r.json()["result"], "list content")
    r = emu.request("GET", "/_db/testdb/_api/database/current")
    res = r.json()["result"]
    c.eq(list(res), ["id", "name", "isSystem", "path"], "current keys")
    c.eq((res["name"], res["isSystem"], res["path"]), ("testdb", False, "none"), "current values")
    c.true(res["id"].isdigit() and res["id"] != "1", "id is a numeric string")

    use_system = ('{"code":403,"error":true,"errorMessage":'
                  '"operation only allowed in system database","errorNum":1230}')
    for method, path, body in (("GET", "/_db/testdb/_api/database", None),
                               ("POST", "/_db/testdb/_api/database", {"name": "x1"}),
                               ("DELETE", "/_db/testdb/_api/database/testdb", None)):
        r = emu.request(method, path, body)
        c.eq((r.status, r.text), (403, use_system), f"{method} {path}")

    r = emu.request("DELETE", "/_api/database/_system")
    c.eq((r.status, r.text), (403, '{"code":403,"error":true,"errorMessage":"forbidden",'
                                   '"errorNum":11}'), "drop _system")
    r = emu.request("DELETE", "/_api/database/nosuchdb")
    c.eq((r.status, r.text), (404, '{"code":404,"error":true,"errorMessage":'
                                   '"database not found","errorNum":1228}'), "drop unknown")

    bad_param = '{"code":400,"error":true,"errorMessage":"bad parameter","errorNum":400}'
    r = emu.request("POST", "/_api/database", "{not json")
    c.eq((r.status, r.text), (400, bad_param), "unparsable body")
    r = emu.request("POST", "/_api/database/extra", {"name": "x2"})
    c.eq((r.status, r.text), (400, bad_param), "POST with suffix")
    r = emu.request("DELETE", "/_api/database")
    c.eq((r.status, r.text), (400, bad_param), "DELETE without name")
    r = emu.request("GET", "/_api/database/a/b")
    c.eq((r.status, r.text), (400, bad_param), "GET with two suffixes")
    r = emu.request("GET", "/_api/database/whatever")
    c.eq((r.status, r.text), (400, '{"code":400,"error":true,"errorMessage":"bad parameter",'
                                   '"errorNum":10}'), "GET unknown suffix")
    r = emu.request("POST", "/_api/database", {"nam": "x"})
    c.eq((r.status, r.json()["errorNum"]), (400, 1229), "missing name")
    r = emu.request("POST", "/_api/database", {"name": "x3", "users": {"a": 1}})
    c.eq((r.status, r.json()["errorNum"], r.json()["errorMessage"]),
         (400, 400, "invalid users slice"), "users not an array")
    r = emu.request("POST", "/_api/database", {"name": "x4", "options": 5})
    c.eq((r.status, r.json()["errorNum"], r.json()["errorMessage"]),
         (400, 400, "invalid options slice"), "options not an object")
    r = emu.request("POST", "/_api/database", {"name": "x5", "users": [{"passwd": "p"}]})
    c.eq((r.status, r.json()["errorNum"]), (400, 400), "user without name")
    r = emu.request("POST", "/_api/database", [])
    c.eq((r.status, r.json()["errorNum"]), (500, 4), "body not an object")
    r = emu.request("DELETE", "/_api/database/testdb")
    c.eq((r.status, r.text), (200, '{"error":false,"code":200,"result":true}'), "drop")
    r = emu.request("GET", "/_db/testdb/_api/version")
    c.eq(r.status, 404, "dropped database is gone")


def check_database_names(c, emu):
    invalid = ["", "_foo", "1abc", ".abc", " abc", "abc ", "a/b", "a:b", "a\tb", "a\nb",
               "x" * 129, "\u00e9" * 64 + "a"]
    for name in invalid:
        r = emu.request("POST", "/_api/database", {"name": name})
        c.eq((r.status, r.text), (400, '{"code":400,"error":true,"errorMessage":'
                                       '"database name invalid","errorNum":1229}'),
             f"invalid name {name!r}")
    valid = ["caf\u00e9 au lait", "Espa\u00f1a", "\U0001F600", "\u72ac", "@abc123",
             "abc? <> 123!", "a%b", "-dash", "x" * 128, "\u00e9" * 64, "a+b"]
    for name in valid:
        r = emu.request("POST", "/_api/database", {"name": name})
        c.eq(r.status, 201, f"create {name!r}")
        r = emu.request("GET", dbpath(name, "/_api/database/current"))
        c.eq(r.status, 200, f"use {name!r} through the URL")
        c.eq(r.json()["result"]["name"], name, f"name of {name!r}")
    listed = emu.request("GET", "/_api/database").json()["result"]
    for name in valid:
        c.true(name in listed, f"{name!r} listed")
    r = emu.request("POST", "/_api/database", {"name": "n\u0303o"})
    c.eq((r.status, r.json()["errorNum"], r.json()["errorMessage"]),
         (400, 1208, "database name is not properly UTF-8 NFC-normalized"), "non-NFC name")
    r = emu.request("GET", dbpath("n\u0303o", "/_api/version"))
    c.eq((r.status, r.json()["errorNum"]), (400, 1208), "non-NFC name in the URL")
    for name in valid:
        r = emu.request("DELETE", "/_api/database/" + urllib.parse.quote(name, safe=""))
        c.eq(r.status, 200, f"drop {name!r}")


def check_bad_json_600(c, emu):
    # /_open/auth (auth emulator) is the place where parseVPackBody's 600 stays.
    r = emu.request("POST", "/_open/auth", "{\"username\": ")
    c.eq(r.status, 400, "status")
    body = r.json()
    c.eq(list(body), ["code", "error", "errorMessage", "errorNum"], "key order")
    c.eq((body["code"], body["error"], body["errorNum"]), (400, True, 600), "values")
    c.true(body["errorMessage"].startswith("VPackError error: "), "message prefix")


def check_keep_alive(c, emu):
    before = emu.stats()
    conn = emu.connection()
    for i in range(300):
        r = emu.request("GET", "/_api/version", conn=conn)
        c.eq(r.status, 200, f"request {i}")
        c.eq(r.header("Connection"), "Keep-Alive", "Connection")
    conn.close()
    after = emu.stats()
    # one connection for the 300 requests plus one per stats call
    c.eq(after["connections_accepted"] - before["connections_accepted"], 2, "connections used")
    c.eq(after["requests"] - before["requests"], 301, "requests counted")
    data = emu.raw(b"GET /_api/version HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    c.true(b"\r\nConnection: Close\r\n" in data, "Connection: Close on request")
    data = emu.raw(b"GET /_api/version HTTP/1.0\r\n\r\n")
    c.true(data.startswith(b"HTTP/1.1 200 OK\r\n") and b"\r\nConnection: Close\r\n" in data,
           "HTTP/1.0 gets Close")
    # Expect: 100-continue is honoured
    s = socket.create_connection((emu.host, emu.port), timeout=5)
    body = b'{"name":"continue_db"}'
    s.sendall(b"POST /_api/database HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
              b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n")
    interim = s.recv(4096)
    c.eq(interim, b"HTTP/1.1 100 Continue\r\n\r\n", "interim response")
    s.sendall(body)
    final = s.recv(65536)
    s.close()
    c.true(final.startswith(b"HTTP/1.1 201 Created\r\n"), "final response after 100-continue")


# ---------------------------------------------------------------------------
# Checks against the emulator with authentication
# ---------------------------------------------------------------------------

def check_401(c, emu):
    r = emu.request("GET", "/_api/version")
    c.eq((r.status, r.text), (401, UNAUTHORIZED_BODY), "no credentials")
    check_standard_headers(c, r, www_authenticate=True)
    r = emu.request("GET", "/_api/version", auth=basic("root", "wrong"))
    c.eq((r.status, r.text), (401, UNAUTHORIZED_BODY), "wrong password")
    r = emu.request("GET", "/_api/version", auth=basic("nobody", "x"))
    c.eq(r.status, 401, "unknown user")
    r = emu.request("GET", "/_api/version", auth="Digest foo=bar")
    c.eq(r.status, 401, "unknown scheme")
    r = emu.request("GET", "/_api/version", headers={"x-omit-www-authenticate": "1"})
    c.eq(r.status, 401, "status with x-omit-www-authenticate")
    c.eq(r.header_all("Www-Authenticate"), [], "no Www-Authenticate when omitted")
    check_standard_headers(c, r)
    for scheme in ("Basic", "basic", "BASIC"):
        token = base64.b64encode(f"root:{ROOT_PASSWORD}".encode()).decode()
        r = emu.request("GET", "/_api/version", auth=f"{scheme} {token}")
        c.eq(r.status, 200, f"scheme {scheme}")


def check_unauthenticated_paths(c, emu):
    r = emu.request("GET", "/_admin/server/availability")
    c.eq(r.status, 200, "availability without credentials")
    r = emu.request("OPTIONS", "/_api/database")
    c.eq((r.status, r.body), (200, b""), "OPTIONS without credentials")
    r = emu.request("GET", "/_emulator/stats")
    c.eq(r.status, 200, "control API without credentials")
    r = emu.request("GET", "/_api/database/current")
    c.eq(r.status, 401, "protected path")


def check_unknown_database_auth(c, emu):
    root = basic("root", ROOT_PASSWORD)
    r = emu.request("GET", "/_db/nosuchdb/_api/version", auth=root)
    c.eq((r.status, r.text), (404, '{"error":true,"errorNum":1228,'
                                   '"errorMessage":"database not found","code":404}'),
         "authenticated: 404 1228")
    check_standard_headers(c, r)
    r = emu.request("GET", "/_db/nosuchdb/_api/version")
    c.eq((r.status, r.text), (401, UNAUTHORIZED_BODY), "unauthenticated: 401 11")
    check_standard_headers(c, r, www_authenticate=True)


def check_database_users(c, emu):
    root = basic("root", ROOT_PASSWORD)
    r = emu.request("POST", "/_api/database",
                    {"name": "userdb", "users": [{"username": "alice", "passwd": "secret",
                                                  "active": True, "extra": {"k": 1}}]},
                    auth=root)
    c.eq(r.status, 201, "create with users")
    alice = basic("alice", "secret")
    r = emu.request("GET", "/_db/userdb/_api/database/current", auth=alice)
    c.eq(r.status, 200, "alice can use userdb")
    r = emu.request("GET", "/_db/userdb/_api/database/user", auth=alice)
    c.eq(r.json()["result"], ["userdb"], "databases of alice")
    r = emu.request("GET", "/_api/version", auth=alice)
    c.eq(r.status, 401, "alice has no access to _system")
    r = emu.request("GET", "/_db/otherdb/_api/version", auth=alice)
    c.eq(r.status, 401, "unknown database for a user without access: 401")
    r = emu.request("GET", "/_db/userdb/_api/version", auth=basic("alice", "wrong"))
    c.eq(r.status, 401, "alice with a wrong password")
    r = emu.request("GET", "/_api/database/user", auth=root)
    c.eq(r.json()["result"], ["_system", "userdb"], "databases of root")
    r = emu.request("DELETE", "/_api/database/userdb", auth=root)
    c.eq(r.status, 200, "drop userdb")
    r = emu.request("GET", "/_db/userdb/_api/version", auth=alice)
    c.eq(r.status, 401, "after the drop alice cannot guess the name")


def check_jwt(c, emu):
    r = emu.request("POST", "/_open/auth", {"username": "root", "password": ROOT_PASSWORD})
    c.eq(r.status, 200, "login")
    body = r.json()
    c.eq(list(body), ["jwt"], "body keys")
    check_standard_headers(c, r)
    token = body["jwt"]
    header_b64, payload_b64, sig_b64 = token.split(".")
    payload = json.loads(b64url_decode(payload_b64))
    c.eq(sorted(payload), ["exp", "iat", "iss", "preferred_username"], "payload keys")
    c.eq((payload["preferred_username"], payload["iss"]), ("root", "arangodb"), "payload values")
    c.eq(payload["exp"] - payload["iat"], 3600, "lifetime")
    expected_sig = hmac.new(JWT_SECRET.encode(), f"{header_b64}.{payload_b64}".encode(),
                            hashlib.sha256).digest()
    c.eq(b64url_decode(sig_b64), expected_sig, "signed with the configured secret")
    for scheme in ("Bearer", "bearer"):
        r = emu.request("GET", "/_api/database/current", auth=f"{scheme} {token}")
        c.eq(r.status, 200, f"scheme {scheme}")
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    r = emu.request("GET", "/_api/version", auth=f"bearer {tampered}")
    c.eq((r.status, r.text), (401, UNAUTHORIZED_BODY), "tampered token")
    now = int(time.time())
    expired = make_jwt({"preferred_username": "root", "iss": "arangodb", "iat": now - 7200,
                        "exp": now - 3600}, JWT_SECRET)
    r = emu.request("GET", "/_api/version", auth=f"bearer {expired}")
    c.eq(r.status, 401, "expired token")
    wrong_key = make_jwt({"preferred_username": "root", "iss": "arangodb"}, "other-secret")
    r = emu.request("GET", "/_api/version", auth=f"bearer {wrong_key}")
    c.eq(r.status, 401, "token signed with another secret")
    superuser = make_jwt({"iss": "arangodb", "server_id": "test"}, JWT_SECRET)
    r = emu.request("GET", "/_db/nosuchdb/_api/version", auth=f"bearer {superuser}")
    c.eq(r.status, 404, "superuser token: unknown database is 404")
    r = emu.request("POST", "/_api/database", {"name": "jwtdb"}, auth=f"bearer {superuser}")
    c.eq(r.status, 201, "superuser token can create databases")
    r = emu.request("POST", "/_open/auth", {"username": "root", "password": "bad"})
    c.eq((r.status, r.text), (401, '{"code":401,"error":true,"errorMessage":"Wrong credentials",'
                                   '"errorNum":401}'), "wrong credentials")
    check_standard_headers(c, r, www_authenticate=True)
    r = emu.request("POST", "/_open/auth", {"username": "root"})
    c.eq((r.status, r.json()["errorNum"], r.json()["errorMessage"]),
         (400, 400, "invalid JSON"), "missing password")
    r = emu.request("GET", "/_open/auth")
    c.eq((r.status, r.json()["errorNum"]), (405, 405), "GET /_open/auth")


# ---------------------------------------------------------------------------
# Fault injection
# ---------------------------------------------------------------------------

def add_fault(c, emu, spec):
    r = emu.request("POST", "/_emulator/faults", spec)
    c.eq(r.status, 200, f"add fault {spec}")
    c.true(isinstance(r.json()["id"], int), "fault id")
    return r.json()["id"]


def clear_faults(c, emu):
    r = emu.request("DELETE", "/_emulator/faults")
    c.eq(r.status, 200, "clear faults")
    return r.json()["cleared"]


def check_fault_api(c, emu):
    clear_faults(c, emu)
    for bad in ({"action": "reset"}, {"path": "/x", "action": "explode"},
                {"path": "/x", "action": "delay"}, {"path": "/x", "action": "reset", "count": 0}):
        r = emu.request("POST", "/_emulator/faults", bad)
        c.eq(r.status, 400, f"invalid fault spec {bad}")
    a = add_fault(c, emu, {"path": "/_api/nothing", "action": "reset"})
    b = add_fault(c, emu, {"path": "/_api/nothing2", "action": "hang"})
    c.true(b > a, "ids increase")
    r = emu.request("DELETE", "/_emulator/faults")
    c.eq(r.text, '{"cleared":2}', "cleared count")
    c.eq(clear_faults(c, emu), 0, "nothing left")


def check_fault_delay(c, emu):
    clear_faults(c, emu)
    add_fault(c, emu, {"path": "/_api/version", "action": "delay", "delay_ms": 800, "count": 4})
    results = {}

    def slow(i):
        t0 = time.monotonic()
        r = emu.request("GET", "/_api/version")
        results[i] = (r.status, time.monotonic() - t0)

    threads = [threading.Thread(target=slow, args=(i,)) for i in range(4)]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    time.sleep(0.2)
    fast_t0 = time.monotonic()
    r = emu.request("GET", "/_admin/time")
    fast = time.monotonic() - fast_t0
    c.eq(r.status, 200, "other request while delayed ones are pending")
    c.true(fast < 0.55, f"other connections are not blocked (took {fast:.3f}s)")
    for t in threads:
        t.join(10)
    total = time.monotonic() - t0
    for i in range(4):
        status, elapsed = results[i]
        c.eq(status, 200, "delayed request answered normally")
        c.true(elapsed >= 0.75, f"delayed by delay_ms (took {elapsed:.3f}s)")
    c.true(total < 1.6, f"four delays of 0.8s ran concurrently on 2 threads ({total:.3f}s)")
    t1 = time.monotonic()
    r = emu.request("GET", "/_api/version")
    c.true(time.monotonic() - t1 < 0.4, "count exhausted: no more delay")


def check_fault_reset(c, emu):
    clear_faults(c, emu)
    add_fault(c, emu, {"path": "/_api/version", "action": "reset", "count": 1})
    s = socket.create_connection((emu.host, emu.port), timeout=5)
    s.sendall(b"GET /_api/version HTTP/1.1\r\nHost: x\r\n\r\n")
    try:
        data = s.recv(4096)
        raise AssertionError(f"expected a connection reset, got {data!r}")
    except ConnectionResetError:
        pass
    finally:
        s.close()
    r = emu.request("GET", "/_api/version")
    c.eq(r.status, 200, "normal after count 1")


def check_fault_truncate(c, emu):
    clear_faults(c, emu)
    full = emu.request("GET", "/_api/version")
    add_fault(c, emu, {"path": "/_api/version", "action": "truncate", "count": 1})
    data = emu.raw(b"GET /_api/version HTTP/1.1\r\nHost: x\r\n\r\n")
    head, _, body = data.partition(b"\r\n\r\n")
    c.true(head.startswith(b"HTTP/1.1 200 OK"), "status line sent")
    m = re.search(rb"\r\nContent-Length: (\d+)", head)
    c.eq(int(m.group(1)), len(full.body), "real Content-Length")
    c.eq(body, full.body[: len(full.body) // 2], "half of the body, then close")
    conn = emu.connection()
    add_fault(c, emu, {"path": "/_api/version", "action": "truncate", "count": 1})
    conn.request("GET", "/_api/version")
    resp = conn.getresponse()
    try:
        resp.read()
        raise AssertionError("expected IncompleteRead")
    except http.client.IncompleteRead:
        pass
    conn.close()


def check_fault_garbage_503(c, emu):
    clear_faults(c, emu)
    add_fault(c, emu, {"path": "/_api/version", "action": "garbage", "count": 2})
    for i in range(2):
        r = emu.request("GET", "/_api/version")
        c.eq(r.status, 200, "garbage status")
        c.eq(r.header("Content-Type"), JSON_CT, "garbage content type")
        try:
            json.loads(r.body)
            raise AssertionError("garbage body parsed as JSON")
        except ValueError:
            pass
    c.eq(emu.request("GET", "/_api/version").status, 200, "third request normal")
    c.true(emu.request("GET", "/_api/version").json()["server"] == "arango", "valid JSON again")
    add_fault(c, emu, {"path": "/_api/", "action": "status503"})
    r = emu.request("GET", "/_db/_system/_api/engine")
    c.eq((r.status, r.text), (503, '{"error":true,"errorNum":503,'
                                   '"errorMessage":"service unavailable","code":503}'),
         "status503 (path prefix, after /_db/<name>)")
    r = emu.request("GET", "/_admin/time")
    c.eq(r.status, 200, "other paths unaffected")
    clear_faults(c, emu)
    add_fault(c, emu, {"path": "/_admin/time", "method": "POST", "action": "status503"})
    c.eq(emu.request("GET", "/_admin/time").status, 200, "method filter: GET unaffected")
    c.eq(emu.request("POST", "/_admin/time").status, 503, "method filter: POST affected")
    clear_faults(c, emu)


def check_fault_hang(c, emu):
    clear_faults(c, emu)
    add_fault(c, emu, {"path": "/_api/version", "action": "hang", "count": 1})
    # Poll the counters over one keep-alive connection, so that no other
    # connection of ours is being opened or closed while we count.
    ctl = emu.connection()

    def open_connections():
        return emu.request("GET", "/_emulator/stats", conn=ctl).json()["connections_open"]

    def wait_for(n):
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and open_connections() != n:
            time.sleep(0.05)
        return open_connections()

    c.eq(wait_for(1), 1, "only the control connection is open")
    s = socket.create_connection((emu.host, emu.port), timeout=0.7)
    s.sendall(b"GET /_api/version HTTP/1.1\r\nHost: x\r\n\r\n")
    try:
        data = s.recv(4096)
        raise AssertionError(f"expected no answer, got {data!r}")
    except socket.timeout:
        pass
    c.eq(open_connections(), 2, "hung connection is open")
    r = emu.request("GET", "/_api/version", conn=ctl)
    c.eq(r.status, 200, "server still answers others")
    s.close()
    c.eq(wait_for(1), 1, "closed by the client -> released")
    ctl.close()
    # leave one hanging connection for the SIGTERM check
    add_fault(c, emu, {"path": "/_api/version", "action": "hang", "count": 1})
    global HANGING_SOCKET  # noqa: PLW0603
    HANGING_SOCKET = socket.create_connection((emu.host, emu.port), timeout=5)
    HANGING_SOCKET.sendall(b"GET /_api/version HTTP/1.1\r\nHost: x\r\n\r\n")


HANGING_SOCKET = None


def check_stats(c, emu):
    s1 = emu.stats()
    c.eq(list(s1), ["connections_accepted", "connections_open", "requests", "jwt_logins"], "keys in order")
    emu.request("GET", "/_api/version")
    s2 = emu.stats()
    c.eq(s2["connections_accepted"] - s1["connections_accepted"], 2, "accepted counter")
    c.eq(s2["requests"] - s1["requests"], 2, "request counter")
    c.true(s2["connections_open"] >= 1, "open counter")


# ---------------------------------------------------------------------------
# Wrapper and shutdown
# ---------------------------------------------------------------------------

def check_wrapper(c, exe):
    script = ("import os, sys, urllib.request, base64\n"
              "u = os.environ['ARANGO_URL']\n"
              "req = urllib.request.Request(u + '/_api/version')\n"
              "tok = base64.b64encode((os.environ['ARANGO_USER'] + ':' + "
              "os.environ['ARANGO_PASSWORD']).encode()).decode()\n"
              "req.add_header('Authorization', 'Basic ' + tok)\n"
              "body = urllib.request.urlopen(req).read()\n"
              "print('OK', os.environ.get('ARANGO_JWT_SECRET'), body.decode()[:18])\n"
              "sys.exit(7)\n")
    env = {k: v for k, v in os.environ.items() if k not in ("ARANGO_URL",)}
    p = subprocess.run([sys.executable, LAUNCHER, "--emulator", exe, "--root-password", "pw",
                        "--jwt-secret", "sek", "--", sys.executable, "-c", script],
                       env=env, capture_output=True, text=True, timeout=60)
    c.eq(p.returncode, 7, f"exit code of the command (stderr: {p.stderr!r})")
    c.eq(p.stdout, 'OK sek {"server":"arango"\n', "command output forwarded")
    env["ARANGO_URL"] = "http://example.invalid:1"
    p = subprocess.run([sys.executable, LAUNCHER, "--emulator", "/nonexistent/arango-emulator",
                        "--", sys.executable, "-c",
                        "import os; print(os.environ['ARANGO_URL'])"],
                       env=env, capture_output=True, text=True, timeout=60)
    c.eq((p.returncode, p.stdout), (0, "http://example.invalid:1\n"),
         "ARANGO_URL set: command runs unchanged, no emulator")


def check_sigterm(c, emu):
    code = emu.stop()
    c.eq(code, 0, "exit code on SIGTERM")


def check_cli(c, exe):
    p = subprocess.run([exe, "--bogus"], capture_output=True, text=True, timeout=10)
    c.eq(p.stdout, "", "nothing on stdout for bad options")
    c.true(p.returncode != 0 and "--bogus" in p.stderr, "error on stderr, non-zero exit")
    blocker = socket.socket()
    blocker.bind(("127.0.0.1", 0))
    blocker.listen(1)
    port = blocker.getsockname()[1]
    p = subprocess.run([exe, "--port", str(port)], capture_output=True, text=True, timeout=10)
    blocker.close()
    c.eq(p.stdout, "", "nothing on stdout when the port is taken")
    c.true(p.returncode != 0 and p.stderr, "bind error reported")


# ---------------------------------------------------------------------------

def run(c, exe):
    records = load_transcripts()
    open_emu = Emulator(exe, "--no-auth")
    auth_emu = Emulator(exe, "--root-password", ROOT_PASSWORD, "--jwt-secret", JWT_SECRET)
    fault_emu = Emulator(exe, "--no-auth")
    try:
        c.run("transcripts present", check_transcript_count, records)
        for rec in records:
            c.run(f"replay {rec['id']} {rec['method']} {rec['path']}", replay, open_emu, rec)
        c.run("replayed drop really dropped", check_drop_really_dropped, open_emu)
        c.run("no route: 404 unknown path", check_no_route, open_emu)
        c.run("405 method not supported", check_405, open_emu)
        c.run("OPTIONS", check_options, open_emu)
        c.run("HEAD", check_head, open_emu)
        c.run("--no-auth", check_no_auth_needs_no_credentials, open_emu)
        c.run("/_admin/time", check_time, open_emu)
        c.run("/_api/version?details", check_version_details, open_emu)
        c.run("/_admin/server/availability", check_availability, open_emu)
        c.run("/_api/collection", check_collections, open_emu)
        c.run("/_api/database", check_database_api, open_emu)
        c.run("extended database names", check_database_names, open_emu)
        c.run("keep-alive / Connection / 100-continue", check_keep_alive, open_emu)
        c.run("401 envelope and Www-Authenticate", check_401, auth_emu)
        c.run("unauthenticated paths", check_unauthenticated_paths, auth_emu)
        c.run("unknown database: 404 vs 401", check_unknown_database_auth, auth_emu)
        c.run("users created with a database", check_database_users, auth_emu)
        c.run("400/600 on unparsable JSON", check_bad_json_600, auth_emu)
        c.run("JWT", check_jwt, auth_emu)
        c.run("control API: stats", check_stats, auth_emu)
        c.run("control API: faults", check_fault_api, fault_emu)
        c.run("fault delay", check_fault_delay, fault_emu)
        c.run("fault reset", check_fault_reset, fault_emu)
        c.run("fault truncate", check_fault_truncate, fault_emu)
        c.run("fault garbage / status503 / method filter", check_fault_garbage_503, fault_emu)
        c.run("fault hang", check_fault_hang, fault_emu)
        c.run("with_emulator.py", check_wrapper, exe)
        c.run("command line errors", check_cli, exe)
        c.run("SIGTERM (no-auth emulator)", check_sigterm, open_emu)
        c.run("SIGTERM (auth emulator)", check_sigterm, auth_emu)
        c.run("SIGTERM with a hanging connection", check_sigterm, fault_emu)
    finally:
        for e in (open_emu, auth_emu, fault_emu):
            if e.proc.poll() is None:
                e.proc.kill()
                e.proc.wait()
        if HANGING_SOCKET is not None:
            HANGING_SOCKET.close()
    return c.report()


if __name__ == "__main__":
    sys.exit(emutest.suite_main(__doc__, run))
