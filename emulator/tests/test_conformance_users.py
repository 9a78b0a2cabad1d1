#!/usr/bin/env python3
"""Conformance tests of arango-emulator for users, permissions, access tokens
and the server-security endpoints (python3 standard library only).

    test_conformance_users.py PATH/TO/arango-emulator

Replays every ArangoDB 3.12.10 transcript of /_api/user and /_api/token
(data/transcripts-users.jsonl) against an emulator started with --no-auth (as
the docs server ran), after recreating what each example's arangosh code set
up (users, grants, collections); status, headers in wire order, body keys in
order and deterministic values are compared. Then targeted checks cover what
the transcripts do not show: who may manage whom, user and grant errors,
arangod's level resolution (wildcards, the _system fallback, special system
collections), collection permissions as every API enforces them (documents,
import, truncate, AQL, edges, indexes, collection methods, stream
transactions), access tokens as passwords (Basic and /_open/auth, deletion,
expiry), JWT lifetimes (--session-timeout) and the jwt_logins counter, the
JWT secret endpoints with keyfile rotation, TLS data and encryption.
"""
import json
import os
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import emutest  # noqa: E402  (shared infrastructure)
from emutest import (  # noqa: E402
    JSON_CT, Emulator, check_header_block, b64url_decode, basic, compare_json, dbpath, error_of,
    make_jwt, load_jsonl, started)

TRANSCRIPTS = os.path.join(HERE, "data", "transcripts-users.jsonl")
TEXT_CT = "text/plain; charset=utf-8"
ROOT_PASSWORD = "rootpw"
JWT_SECRET = "users-test-secret"
ROOT = basic("root", ROOT_PASSWORD)


def superuser():
    now = int(time.time())
    return "bearer " + make_jwt({"iat": now, "exp": now + 3600, "iss": "arangodb", "server_id": "t"},
                                JWT_SECRET)



def ok(c, r, status, what):
    c.eq(r.status, status, f"{what} ({r.text[:300]})")
    return r


# ---------------------------------------------------------------------------
# Transcript replay
# ---------------------------------------------------------------------------

def decode_token(token):
    """The JSON inside an access token ("v1." + hex)."""
    return json.loads(bytes.fromhex(token[3:]).decode())


class Replay:
    """Recreates each example's state with plain API calls, then sends the recorded request."""

    def __init__(self, emu):
        self.emu = emu

    def call(self, method, path, body=None):
        r = self.emu.request(method, path, body)
        if r.status >= 300:
            raise AssertionError(f"setup {method} {path}: {r.status} {r.text[:200]}")
        return r

    def save_user(self, name, active=True):
        self.call("POST", "/_api/user", {"user": name, "passwd": "secret", "active": active})

    def setup(self, rec):
        code = rec["example_code"]
        ex = rec["example"]
        if ex == "RestFetchAllUser_single":
            # the recording server had these two besides root
            self.save_user("tester", active=False)
            self.save_user("admin")
        for name in ("userToDelete@myapp", "anotherAdmin@secapp", "admin@myapp"):
            if f'"{name}"' in code and ex != "RestFetchAllUser_single":
                self.save_user(name)
        if 'grantDatabase(theUser, "_system", "rw")' in code:
            self.call("PUT", "/_api/user/anotherAdmin%40secapp/database/_system", {"grant": "rw"})
        if ex == "RestFetchUserDatabaseListFull_single":
            for coll in ("animals", "mycollection", "demo", "ignore"):
                self.call("POST", "/_api/collection", {"name": coll})
        if 'db._create("reports")' in code:
            self.call("POST", "/_api/collection", {"name": "reports"})
            self.call("PUT", "/_api/user/admin%40myapp/database/_system/reports", {"grant": "rw"})

    def cleanup(self, rec):
        for name in ("userToDelete@myapp", "anotherAdmin@secapp", "admin@myapp", "tester", "admin"):
            self.emu.request("DELETE", "/_api/user/" + name.replace("@", "%40"))
        for coll in ("animals", "mycollection", "demo", "ignore", "reports"):
            self.emu.request("DELETE", "/_api/collection/" + coll)

    def run(self, c, rec):
        self.setup(rec)
        try:
            if rec["example"] == "RestAccessTokenDelete_single":
                listed = self.call("GET", "/_api/token/root").json()["tokens"]
                c.eq(len(listed), 1, "the example's one token (made by the create example)")
            body = rec["request_body"]
            if body is None and rec["method"] in ("POST", "PUT"):
                body = ""
            path = rec["path"]
            if rec["query_params"]:
                path += "?" + "&".join(f"{k}={v}" for k, v in rec["query_params"].items())
            r = self.emu.request(rec["method"], path, body, headers=rec["request_headers"])
            c.eq(r.status, rec["status"], f"status ({r.text[:300]})")
            recorded = rec["response_headers"]
            c.eq({k.lower() for k in r.names()}, {k.lower() for k in recorded}, "set of header names")
            check_header_block(c, r, JSON_CT if recorded.get("content-type") == "application/json" else TEXT_CT)
            if rec["response_body_kind"] == "empty":
                c.eq(r.body, b"", "empty body")
                if rec["example"] == "RestAccessTokenDelete_single":
                    c.eq(self.call("GET", "/_api/token/root").json()["tokens"], [], "token gone")
                return
            actual = r.json()
            expected = rec["response_body"]
            if rec["example"] == "RestAccessTokenCreate_single":
                compare_json(c, expected, actual, volatile=lambda p, v: p in {("created_at",), ("fingerprint",),
                                                                               ("token",)})
                inner = decode_token(actual["token"])
                c.eq(list(inner), ["e", "c", "u", "r"], "token payload keys")
                c.eq((inner["e"], inner["c"], inner["u"]),
                     (expected["valid_until"], actual["created_at"], "root"), "token payload")
                c.eq(actual["fingerprint"], "v1..." + actual["token"][-6:], "fingerprint")
                c.true(abs(actual["created_at"] - time.time()) < 60, "created_at is now")
            elif rec["example"] == "RestFetchAllUser_single":
                # the recording lists the _users documents in storage order
                c.eq(sorted(actual["result"], key=lambda u: u["user"]),
                     sorted(expected["result"], key=lambda u: u["user"]), "users")
                compare_json(c, {k: v for k, v in expected.items() if k != "result"},
                             {k: v for k, v in actual.items() if k != "result"})
                for u in actual["result"]:
                    c.eq(list(u), ["user", "active", "extra"], "user keys")
            elif rec["example"] == "RestFetchUserDatabaseListFull_single":
                # arangod enumerates collections in hash order; "*" comes last
                c.eq(actual, expected, "full permission listing (as a value)")
                c.eq(list(actual["result"]), ["_system", "*"], "databases, then *")
                c.eq(list(actual["result"]["_system"]["collections"])[-1], "*", "* after the collections")
            else:
                compare_json(c, expected, actual)
        finally:
            self.cleanup(rec)


def replay_all(c, exe, records):
    order = sorted(records, key=lambda r: (r["example"] != "RestAccessTokenCreate_single", r["id"]))
    with started(c, exe, "--no-auth") as emu:
        replay = Replay(emu)
        for rec in order:
            c.run(f"replay {rec['id']} {rec['method']} {rec['path']}", replay.run, rec)
    print(f"replayed {len(order)} of {len(records)} transcript records")


# ---------------------------------------------------------------------------
# Targeted checks (authentication on)
# ---------------------------------------------------------------------------

class Ctx:
    """An emulator with authentication and helpers to make users."""

    def __init__(self, emu):
        self.emu = emu
        self.n = 0

    def req(self, method, path, body=None, auth=ROOT, headers=None):
        return self.emu.request(method, path, body, auth=auth, headers=headers)

    def user(self, prefix="u", password=None):
        self.n += 1
        name = f"{prefix}{self.n}"
        r = self.req("POST", "/_api/user", {"user": name, "passwd": password or f"pw-{name}"})
        if r.status != 201:
            raise AssertionError(f"create user: {r.status} {r.text}")
        return name, basic(name, password or f"pw-{name}")

    def grant(self, user, level, db, coll=None):
        path = f"/_api/user/{user}/database/{db}" + (f"/{coll}" if coll else "")
        r = self.req("PUT", path, {"grant": level})
        if r.status != 200:
            raise AssertionError(f"grant: {r.status} {r.text}")

    def database(self, name, *collections):
        if self.req("POST", "/_api/database", {"name": name}).status != 201:
            raise AssertionError("create database")
        for coll in collections:
            if self.req("POST", dbpath(name, "/_api/collection"), {"name": coll}).status != 200:
                raise AssertionError("create collection")


def check_user_api_rights(c, x):
    alice, a = x.user("alice")
    bob, _ = x.user("bob")
    x.grant(alice, "ro", "_system")
    forbidden_get = (403, 403, "forbidden")
    forbidden = (403, 11, "forbidden")
    c.eq(error_of(x.req("GET", "/_api/user", auth=a)), forbidden_get, "list users")
    c.eq(error_of(x.req("GET", f"/_api/user/{bob}", auth=a)), forbidden_get, "read another user")
    c.eq(error_of(x.req("GET", f"/_api/user/{bob}/database", auth=a)), forbidden_get, "another's permissions")
    c.eq(error_of(x.req("POST", "/_api/user", {"user": "zed"}, auth=a)), forbidden, "create")
    c.eq(error_of(x.req("PUT", f"/_api/user/{bob}", {}, auth=a)), forbidden, "replace another")
    c.eq(error_of(x.req("PATCH", f"/_api/user/{bob}", {}, auth=a)), forbidden, "update another")
    c.eq(error_of(x.req("DELETE", f"/_api/user/{bob}", auth=a)), forbidden, "delete")
    c.eq(error_of(x.req("PUT", f"/_api/user/{alice}/database/_system", {"grant": "rw"}, auth=a)), forbidden,
         "grant (even to oneself)")
    c.eq(error_of(x.req("DELETE", f"/_api/user/{alice}/database/_system", auth=a)), forbidden, "revoke")
    # oneself
    ok(c, x.req("GET", f"/_api/user/{alice}", auth=a), 200, "read oneself")
    c.eq(x.req("GET", f"/_api/user/{alice}/database/_system", auth=a).json()["result"], "ro", "own level")
    r = ok(c, x.req("PATCH", f"/_api/user/{alice}", {"extra": {"k": 1}}, auth=a), 200, "update oneself")
    c.eq(r.json()["extra"], {"k": 1}, "extra")
    # a user without access to the database still reaches its own user entry
    carol, cc = x.user("carol")
    ok(c, x.req("GET", f"/_api/user/{carol}", auth=cc), 200, "own entry without database access")
    c.eq(x.req("GET", "/_api/version", auth=cc).status, 401, "but nothing else")
    # the superuser JWT may do everything
    ok(c, x.req("GET", "/_api/user", auth=superuser()), 200, "superuser lists users")


def check_user_errors(c, x):
    c.eq(error_of(x.req("POST", "/_api/user", {"passwd": "x"})), (400, 1700, "invalid user name"), "no name")
    name, _ = x.user("dup")
    c.eq(error_of(x.req("POST", "/_api/user", {"user": name})), (409, 1702, "duplicate user"), "duplicate")
    c.eq(error_of(x.req("GET", "/_api/user/ghost")), (404, 1703, "user not found"), "unknown user")
    c.eq(error_of(x.req("PUT", "/_api/user/ghost", {})), (404, 1703, "user not found"), "replace unknown")
    c.eq(error_of(x.req("PATCH", "/_api/user/ghost", {})), (404, 1703, "user not found"), "update unknown")
    c.eq(error_of(x.req("DELETE", "/_api/user/ghost")), (404, 1703, "user not found"), "delete unknown")
    c.eq(error_of(x.req("DELETE", "/_api/user/root")), (403, 11, "forbidden"), "root stays")
    c.eq(error_of(x.req("GET", "/_api/user/ghost/database")), (404, 1703, "user not found"), "levels of unknown")
    c.eq(x.req("GET", "/_api/user/ghost/database/_system").json()["result"], "none", "level of unknown user")
    c.eq(error_of(x.req("PUT", f"/_api/user/{name}", "{bad")), (400, 10, "bad parameter"), "bad JSON")
    c.eq(error_of(x.req("GET", f"/_api/user/{name}/config/x/y")), (400, 10, "bad parameter"), "unknown sub path")
    # create: defaults and extra
    r = ok(c, x.req("POST", "/_api/user", {"user": "full1", "passwd": "p", "active": False,
                                         "extra": {"a": 1}}), 201, "create")
    c.eq(r.json(), {"user": "full1", "active": False, "extra": {"a": 1}, "code": 201, "error": False}, "body")
    c.eq(list(r.json()), ["user", "active", "extra", "code", "error"], "key order")
    # update merges extra, replace resets everything (grants too)
    x.grant("full1", "rw", "_system")
    r = x.req("PATCH", "/_api/user/full1", {"extra": {"b": 2}, "active": True})
    c.eq(r.json()["extra"], {"a": 1, "b": 2}, "update merges extra")
    c.eq(x.req("GET", "/_api/version", auth=basic("full1", "p")).status, 200, "password kept by update")
    r = x.req("PUT", "/_api/user/full1", {"passwd": "q"})
    c.eq((r.json()["active"], r.json()["extra"]), (True, {}), "replace: defaults")
    c.eq(x.req("GET", "/_api/user/full1/database/_system").json()["result"], "none", "replace drops grants")
    c.eq(x.req("GET", "/_api/user/full1", auth=basic("full1", "q")).status, 200, "new password")
    # POST /_api/user/<u>: password check
    c.eq(x.req("POST", "/_api/user/full1", {"passwd": "q"}).json(), {"error": False, "code": 200, "result": True},
         "password check")
    c.eq(error_of(x.req("POST", "/_api/user/full1", {"passwd": "x"})), (404, 1703, "user not found"),
         "wrong password")
    # inactive users cannot log in
    x.req("PATCH", "/_api/user/full1", {"active": False})
    c.eq(x.req("GET", "/_api/user/full1", auth=basic("full1", "q")).status, 401, "inactive")
    ok(c, x.req("DELETE", "/_api/user/full1"), 202, "delete")


def check_grant_errors(c, x):
    name, _ = x.user("g")
    x.database("gdb", "c1")
    c.eq(error_of(x.req("PUT", f"/_api/user/{name}/database/gdb", {"grant": "all"})),
         (400, 10, "Cannot set rights for empty db name"), "unknown level")
    c.eq(error_of(x.req("PUT", f"/_api/user/{name}/database/gdb", {"level": "rw"})),
         (400, 10, "bad parameter"), "no grant attribute")
    c.eq(error_of(x.req("PUT", f"/_api/user/{name}/database/gdb/_graphs", {"grant": "rw"})),
         (400, 10, "Cannot set rights for system collections"), "system collection")
    c.eq(error_of(x.req("PUT", f"/_api/user/{name}/database/nodb/c1", {"grant": "rw"})),
         (404, 1228, "database not found"), "collection grant in an unknown database")
    c.eq(error_of(x.req("PUT", f"/_api/user/{name}/database/gdb/nope", {"grant": "rw"})),
         (404, 1203, "collection or view not found"), "unknown collection")
    c.eq(error_of(x.req("DELETE", f"/_api/user/{name}/database/gdb/nope")),
         (404, 1203, "collection or view not found"), "revoke on an unknown collection")
    c.eq(error_of(x.req("PUT", "/_api/user/ghost/database/gdb", {"grant": "rw"})),
         (404, 1703, "user not found"), "unknown user")
    c.eq(error_of(x.req("PUT", "/_api/user/root/database/_system", {"grant": "ro"})),
         (403, 11, "Cannot lower access level of 'root' to _system"), "root's _system")
    c.eq(error_of(x.req("DELETE", "/_api/user/root/database/_system")),
         (403, 11, "Cannot remove access level of 'root' to _system"), "revoke root's _system")
    # a database grant on a database that does not exist (yet) is fine
    r = ok(c, x.req("PUT", f"/_api/user/{name}/database/later", {"grant": "ro"}), 200, "grant on a future db")
    c.eq(r.json(), {"later": "ro", "code": 200, "error": False}, "body")
    r = ok(c, x.req("PUT", f"/_api/user/{name}/database/gdb/c1", {"grant": "none"}), 200, "collection grant")
    c.eq(r.json(), {"gdb/c1": "none", "code": 200, "error": False}, "collection grant body")
    r = ok(c, x.req("DELETE", f"/_api/user/{name}/database/gdb/c1"), 202, "revoke")
    c.eq(r.json(), {"error": False, "code": 202}, "revoke body")


def check_levels(c, x):
    x.database("ldb", "a", "b")
    name, _ = x.user("lv")
    level = lambda db, coll=None: x.req(  # noqa: E731
        "GET", f"/_api/user/{name}/database/{db}" + (f"/{coll}" if coll else "")).json()["result"]
    c.eq((level("ldb"), level("ldb", "a")), ("none", "none"), "nothing granted")
    x.grant(name, "ro", "ldb")
    c.eq((level("ldb"), level("ldb", "a")), ("ro", "ro"), "collections follow the database level")
    x.grant(name, "none", "ldb", "a")
    c.eq((level("ldb", "a"), level("ldb", "b")), ("none", "ro"), "a collection's own grant wins")
    x.grant(name, "rw", "ldb", "*")
    c.eq((level("ldb", "a"), level("ldb", "b")), ("none", "rw"), "the database's * collection grant")
    c.eq(level("_system"), "none", "no other database")
    x.grant(name, "ro", "*")
    c.eq((level("_system"), level("_system", "_graphs"), level("ldb")), ("ro", "ro", "ro"),
         "the * database for the others")
    x.grant(name, "rw", "*", "*")
    c.eq((level("_system", "_graphs"), level("_system", "x"), level("ldb", "a")), ("ro", "rw", "none"),
         "*/*: the best default, but not over an explicit grant or for system collections")
    # rw on _system is rw wherever nothing is configured
    other, _ = x.user("sys")
    x.grant(other, "rw", "_system")
    c.eq(x.req("GET", f"/_api/user/{other}/database/ldb").json()["result"], "rw", "_system fallback")
    # special system collections
    c.eq([x.req("GET", f"/_api/user/{other}/database/_system/{s}").json()["result"]
          for s in ("_users", "_queues", "_frontend", "_graphs")], ["none", "ro", "rw", "rw"], "system collections")
    # listings: without full the databases with access, with full the configured levels
    r = x.req("GET", f"/_api/user/{name}/database").json()["result"]
    every = x.req("GET", "/_api/database").json()["result"]
    c.eq(r, {db: "ro" for db in every}, "every database, through *")
    x.grant(name, "none", "ldb")
    c.eq(x.req("GET", f"/_api/user/{name}/database").json()["result"], {db: "ro" for db in every if db != "ldb"},
         "databases without access are not listed")
    full = x.req("GET", f"/_api/user/{name}/database?full=true").json()["result"]
    c.eq(full["ldb"]["permission"], "none", "configured ldb level")
    c.eq({k: v for k, v in full["ldb"]["collections"].items() if not k.startswith("_")},
         {"a": "none", "b": "undefined", "*": "rw"}, "configured collections")
    c.true(all(v == "undefined" for k, v in full["ldb"]["collections"].items() if k.startswith("_")),
           "system collections listed as undefined")
    c.eq(full["_system"]["permission"], "undefined", "nothing configured on _system")
    c.eq(full["*"], {"permission": "ro"}, "the * database")
    c.eq(list(full)[-1], "*", "* last")


def check_enforcement(c, x):
    x.database("edb", "docs", "edges_c")
    x.req("POST", dbpath("edb", "/_api/collection"), {"name": "e", "type": 3})
    x.req("POST", dbpath("edb", "/_api/document/docs"), {"_key": "k", "v": 1})
    name, a = x.user("en")
    p = lambda rest: dbpath("edb", rest)  # noqa: E731
    # no access: 401 before any handler
    r = x.req("GET", p("/_api/collection"), auth=a)
    c.eq(error_of(r), (401, 11, "not authorized to execute this request"), "no database access")
    x.grant(name, "ro", "edb")
    read_only = (403, 1004, "read only: docs [write]")
    c.eq(x.req("GET", p("/_api/document/docs/k"), auth=a).json()["v"], 1, "ro reads")
    c.eq(error_of(x.req("POST", p("/_api/document/docs"), {}, auth=a)), read_only, "insert")
    c.eq(error_of(x.req("PATCH", p("/_api/document/docs/k"), {"v": 2}, auth=a)), read_only, "update")
    c.eq(error_of(x.req("DELETE", p("/_api/document/docs/k"), auth=a)), read_only, "remove")
    c.eq(error_of(x.req("POST", p("/_api/import?collection=docs&type=list"), [{}], auth=a)), read_only, "import")
    c.eq(error_of(x.req("PUT", p("/_api/collection/docs/truncate"), {}, auth=a)),
         (403, 1004, "read only: docs [exclusive]"), "truncate")
    c.eq(error_of(x.req("POST", p("/_api/cursor"), {"query": "INSERT {} INTO docs"}, auth=a)), read_only,
         "AQL write")
    r = ok(c, x.req("POST", p("/_api/cursor"), {"query": "FOR d IN docs RETURN d.v"}, auth=a), 201, "AQL read")
    c.eq(r.json()["result"], [1], "AQL result")
    c.eq(error_of(x.req("PUT", p("/_api/collection/docs/properties"), {"waitForSync": True}, auth=a)),
         (403, 11, "forbidden"), "properties")
    c.eq(error_of(x.req("PUT", p("/_api/collection/docs/rename"), {"name": "x"}, auth=a)),
         (403, 11, "forbidden"), "rename")
    c.eq(error_of(x.req("DELETE", p("/_api/collection/docs"), auth=a)),
         (403, 11, "Insufficient rights to drop collection docs"), "drop")
    c.eq(error_of(x.req("POST", p("/_api/collection"), {"name": "new"}, auth=a)),
         (403, 11, "cannot create collection in edb: forbidden"), "create collection")
    c.eq(error_of(x.req("POST", p("/_api/index?collection=docs"), {"type": "persistent", "fields": ["v"]},
                        auth=a)), (403, 11, "forbidden"), "create index")
    ok(c, x.req("GET", p("/_api/index?collection=docs"), auth=a), 200, "list indexes")
    c.eq(error_of(x.req("POST", p("/_api/transaction/begin"), {"collections": {"write": ["docs"]}}, auth=a)),
         read_only, "stream transaction declaring a write")
    ok(c, x.req("GET", p("/_api/collection/docs/count"), auth=a), 200, "count")
    x.req("POST", p("/_api/gharial"), {"name": "g", "edgeDefinitions": [
        {"collection": "ge", "from": ["gv"], "to": ["gv"]}]})
    x.req("POST", p("/_api/gharial/g/vertex/gv"), {"_key": "v1"})
    ok(c, x.req("GET", p("/_api/gharial/g/vertex/gv/v1"), auth=a), 200, "graph vertex read")
    c.eq(error_of(x.req("POST", p("/_api/gharial/g/vertex/gv"), {}, auth=a)),
         (403, 1004, "read only: gv [write]"), "graph vertex insert")
    c.eq(error_of(x.req("DELETE", p("/_api/gharial/g/vertex/gv/v1"), auth=a)),
         (403, 1004, "read only: gv [write]"), "graph vertex remove")

    # collection none: reads are refused too, and the collection disappears from the list
    x.grant(name, "none", "edb", "docs")
    forbidden_read = (403, 11, "forbidden: docs [read]")
    c.eq(error_of(x.req("GET", p("/_api/document/docs/k"), auth=a)), forbidden_read, "read")
    c.eq(error_of(x.req("POST", p("/_api/cursor"), {"query": "FOR d IN docs RETURN d"}, auth=a)), forbidden_read,
         "AQL read")
    c.eq(error_of(x.req("GET", p("/_api/collection/docs"), auth=a)),
         (403, 11, "No access to collection 'docs'"), "collection info")
    c.eq(error_of(x.req("GET", p("/_api/collection/docs/properties"), auth=a)),
         (403, 11, "No access to collection 'docs'"), "collection properties")
    c.eq(error_of(x.req("GET", p("/_api/index?collection=docs"), auth=a)), (403, 11, "forbidden"), "indexes")
    names = [col["name"] for col in x.req("GET", p("/_api/collection"), auth=a).json()["result"]]
    c.true("docs" not in names and "edges_c" in names, f"listed: {names}")
    c.eq(error_of(x.req("POST", p("/_api/transaction/begin"), {"collections": {"read": "docs"}}, auth=a)),
         forbidden_read, "stream transaction declaring a read")
    x.grant(name, "none", "edb", "e")
    c.eq(error_of(x.req("GET", p("/_api/edges/e?vertex=docs/k"), auth=a)), (403, 11, "forbidden: e [read]"),
         "edges")

    # rw on the database, rw collection: everything works; the creator owns new collections
    x.grant(name, "rw", "edb")
    x.grant(name, "rw", "edb", "docs")
    ok(c, x.req("POST", p("/_api/document/docs"), {}, auth=a), 202, "insert")
    ok(c, x.req("POST", p("/_api/collection"), {"name": "mine"}, auth=a), 200, "create collection")
    full = x.req("GET", f"/_api/user/{name}/database?full=true").json()["result"]
    c.eq(full["edb"]["collections"]["mine"], "rw", "the creator gets rw on its collection")
    ok(c, x.req("DELETE", p("/_api/collection/mine"), auth=a), 200, "drop")
    full = x.req("GET", f"/_api/user/{name}/database?full=true").json()["result"]
    c.true("mine" not in full["edb"]["collections"], "grants go with the collection")
    # a stream transaction and AQL in it
    r = ok(c, x.req("POST", p("/_api/transaction/begin"), {"collections": {"write": ["docs"]}}, auth=a), 201,
           "begin")
    tid = r.json()["result"]["id"]
    ok(c, x.req("POST", p("/_api/document/docs"), {}, auth=a, headers={"x-arango-trx-id": tid}), 202,
       "insert in the transaction")
    ok(c, x.req("PUT", p(f"/_api/transaction/{tid}"), auth=a), 200, "commit")


def check_tokens(c, x):
    name, a = x.user("tk")
    x.grant(name, "ro", "_system")
    other, o = x.user("tko")
    now = int(time.time())
    r = ok(c, x.req("POST", f"/_api/token/{name}", {"name": "one", "valid_until": now + 3600}, auth=a), 200,
           "create own token")
    t = r.json()
    c.eq(list(t), ["id", "name", "valid_until", "created_at", "fingerprint", "active", "token"], "keys")
    c.eq((t["id"], t["name"], t["valid_until"], t["active"]), (1, "one", now + 3600, True), "values")
    token = t["token"]
    c.eq(decode_token(token)["u"], name, "token names its user")
    listed = x.req("GET", f"/_api/token/{name}", auth=a).json()
    c.eq(list(listed), ["tokens"], "list shape")
    c.eq(listed["tokens"], [{k: v for k, v in t.items() if k != "token"}], "listed without the token")
    c.eq(error_of(x.req("POST", f"/_api/token/{name}", {"name": "one", "valid_until": now + 60}, auth=a))[:2],
         (409, 1207), "duplicate name")
    c.eq(error_of(x.req("POST", f"/_api/token/{name}", {"valid_until": now + 60}, auth=a))[:2], (400, 10),
         "no name")
    c.eq(error_of(x.req("POST", f"/_api/token/{name}", [1], auth=a)), (400, 10, "bad parameter"), "array body")
    c.eq(error_of(x.req("POST", "/_api/token/ghost", {"name": "x", "valid_until": now + 60})),
         (404, 1703, "user not found"), "unknown user")
    c.eq(error_of(x.req("GET", f"/_api/token/{other}", auth=a)), (403, 403, "forbidden"), "another user's list")
    c.eq(error_of(x.req("POST", f"/_api/token/{other}", {"name": "x"}, auth=a)), (403, 403, "forbidden"),
         "another user's token")
    c.eq(error_of(x.req("DELETE", f"/_api/token/{name}")), (400, 400, "path parameter 'id' is missing"),
         "no id")
    ok(c, x.req("GET", f"/_api/token/{other}"), 200, "the admin lists anyone's")
    # a password for Basic authentication: empty username or the owner's
    c.eq(x.req("GET", f"/_api/user/{name}", auth=basic("", token)).status, 200, "Basic with an empty name")
    c.eq(x.req("GET", f"/_api/user/{name}", auth=basic(name, token)).status, 200, "Basic with the owner")
    c.eq(x.req("GET", f"/_api/user/{name}", auth=basic(other, token)).status, 401, "another user's name")
    c.eq(x.req("GET", "/_api/version", auth=basic("", token[:-2] + "00")).status, 401, "altered token")
    # and for /_open/auth
    r = ok(c, x.req("POST", "/_open/auth", {"password": token}, auth=None), 200, "login with a token")
    payload = json.loads(b64url_decode(r.json()["jwt"].split(".")[1]))
    c.eq(payload["preferred_username"], name, "JWT for the token's user")
    ok(c, x.req("POST", "/_open/auth", {"username": name, "password": token}, auth=None), 200, "with the owner")
    c.eq(error_of(x.req("POST", "/_open/auth", {"username": other, "password": token}, auth=None)),
         (401, 401, "Wrong credentials"), "with another name")
    c.eq(error_of(x.req("POST", "/_open/auth", {"username": 1, "password": token}, auth=None)),
         (400, 400, "invalid JSON"), "username not a string")
    # deleted: gone
    ok(c, x.req("DELETE", f"/_api/token/{name}/{t['id']}", auth=a), 200, "delete own token")
    c.eq(x.req("GET", f"/_api/user/{name}", auth=basic("", token)).status, 401, "deleted token")
    c.eq(error_of(x.req("DELETE", f"/_api/token/{name}/{t['id']}", auth=a))[:2], (404, 404), "delete again")
    # expired: refused, listed as inactive
    r = x.req("POST", f"/_api/token/{name}", {"name": "short", "valid_until": int(time.time()) + 1}, auth=a)
    short = r.json()
    c.eq(x.req("GET", "/_api/version", auth=basic("", short["token"])).status, 200, "fresh token")
    time.sleep(2.2)
    c.eq(x.req("GET", "/_api/version", auth=basic("", short["token"])).status, 401, "expired token")
    c.eq(x.req("GET", f"/_api/token/{name}", auth=a).json()["tokens"][0]["active"], False, "listed inactive")
    # ids go on per user; replacing the user drops its tokens
    r = x.req("POST", f"/_api/token/{name}", {"name": "three", "valid_until": int(time.time()) + 60}, auth=a)
    c.eq(r.json()["id"], 3, "the next id")
    x.req("PUT", f"/_api/user/{name}", {"passwd": "x"})
    c.eq(x.req("GET", f"/_api/token/{name}").json()["tokens"], [], "replace drops the tokens")


def check_jwt_lifetime(c, exe):
    emu = Emulator(exe, "--root-password", ROOT_PASSWORD, "--jwt-secret", JWT_SECRET, "--session-timeout", "1")
    try:
        x = Ctx(emu)
        name, _ = x.user("j")
        c.eq(emu.stats()["jwt_logins"], 0, "no logins yet")
        r = ok(c, x.req("POST", "/_open/auth", {"username": name, "password": f"pw-{name}"}, auth=None), 200,
               "login")
        jwt = r.json()["jwt"]
        c.eq(list(r.json()), ["jwt"], "body")
        payload = json.loads(b64url_decode(jwt.split(".")[1]))
        c.eq(payload["exp"] - payload["iat"], 1, "lifetime from --session-timeout")
        c.eq(payload["iss"], "arangodb", "issuer")
        c.eq(emu.stats()["jwt_logins"], 1, "one login counted")
        x.req("POST", "/_open/auth", {"username": name, "password": "wrong"}, auth=None)
        c.eq(emu.stats()["jwt_logins"], 1, "failed logins not counted")
        c.eq(x.req("GET", f"/_api/user/{name}", auth="bearer " + jwt).status, 200, "fresh JWT")
        time.sleep(2.2)
        c.eq(error_of(x.req("GET", f"/_api/user/{name}", auth="bearer " + jwt)),
             (401, 11, "not authorized to execute this request"), "expired JWT")
        # a user JWT of a deleted or inactive user is refused
        for change in ("deactivate", "delete"):
            jwt = x.req("POST", "/_open/auth", {"username": name, "password": f"pw-{name}"}, auth=None).json()["jwt"]
            if change == "deactivate":
                x.req("PATCH", f"/_api/user/{name}", {"active": False})
            else:
                x.req("DELETE", f"/_api/user/{name}")
            c.eq(x.req("GET", "/_api/version", auth="bearer " + jwt).status, 401, f"JWT after {change}")
            if change == "deactivate":
                x.req("PATCH", f"/_api/user/{name}", {"active": True})
    finally:
        c.stop(emu)


def check_jwt_secrets(c, exe):
    with tempfile.TemporaryDirectory() as tmp:
        keyfile = os.path.join(tmp, "secret")
        with open(keyfile, "w", encoding="utf-8") as f:
            f.write("  first-secret \n")
        emu = Emulator(exe, "--root-password", ROOT_PASSWORD, "--jwt-secret-keyfile", keyfile)
        try:
            x = Ctx(emu)
            sha = lambda s: __import__("hashlib").sha256(s.encode()).hexdigest()  # noqa: E731
            su = lambda secret: "bearer " + make_jwt(  # noqa: E731
                {"iat": int(time.time()), "exp": int(time.time()) + 60, "iss": "arangodb", "server_id": "t"}, secret)
            r = ok(c, x.req("GET", "/_admin/server/jwt"), 200, "GET")
            c.eq(r.json(), {"error": False, "code": 200,
                            "result": {"active": {"sha256": sha("first-secret")}, "passive": []}},
                 "the trimmed file content is the secret")
            name, a = x.user("jw")
            x.grant(name, "ro", "_system")
            ok(c, x.req("GET", "/_admin/server/jwt", auth=a), 200, "any authenticated user may read it")
            c.eq(error_of(x.req("POST", "/_admin/server/jwt")), (403, 11, "forbidden"), "reload by root (Basic)")
            old = su("first-secret")
            ok(c, x.req("GET", "/_api/version", auth=old), 200, "superuser JWT")
            with open(keyfile, "w", encoding="utf-8") as f:
                f.write("second-secret")
            c.eq(x.req("GET", "/_api/version", auth=old).status, 200, "no change before the reload")
            r = ok(c, x.req("POST", "/_admin/server/jwt", auth=old), 200, "reload")
            c.eq(r.json()["result"]["active"]["sha256"], sha("second-secret"), "new secret")
            c.eq(x.req("GET", "/_api/version", auth=old).status, 401, "old tokens fail")
            ok(c, x.req("GET", "/_api/version", auth=su("second-secret")), 200, "new tokens work")
            login = x.req("POST", "/_open/auth", {"username": "root", "password": ROOT_PASSWORD}, auth=None)
            jwt = login.json()["jwt"]
            ok(c, x.req("GET", "/_api/version", auth="bearer " + jwt), 200, "login JWT signed with the new secret")
            os.remove(keyfile)
            r = x.req("POST", "/_admin/server/jwt", auth=su("second-secret"))
            c.eq((r.status, r.json()["errorNum"]), (500, 22), "unreadable key file")
            ok(c, x.req("GET", "/_api/version", auth=su("second-secret")), 200, "secret kept")
        finally:
            c.stop(emu)
        # without a key file the reload has nothing to read
        emu = Emulator(exe, "--root-password", ROOT_PASSWORD, "--jwt-secret", JWT_SECRET)
        try:
            c.eq(error_of(emu.request("POST", "/_admin/server/jwt", auth=superuser())),
                 (400, 10, "no JWT secret file was specified"), "no key file")
        finally:
            c.stop(emu)
        # a missing key file stops the start
        import subprocess
        p = subprocess.run([exe, "--port", "0", "--jwt-secret-keyfile", os.path.join(tmp, "missing")],
                           capture_output=True, text=True, timeout=10)
        c.eq(p.returncode, 1, "exit code for an unreadable key file")
        c.true("jwt-secret file" in p.stderr, f"message: {p.stderr!r}")
        for bad in (["--session-timeout", "0"], ["--session-timeout", "x"], ["--jwt-secret-keyfile", ""]):
            p = subprocess.run([exe, "--port", "0", *bad], capture_output=True, text=True, timeout=10)
            c.eq(p.returncode, 2, f"exit code for {bad}")


def check_tls_encryption(c, x):
    r = ok(c, x.req("GET", "/_admin/server/tls"), 200, "GET tls")
    c.eq(r.json(), {"error": False, "code": 200, "result": {}}, "no TLS configured")
    c.eq(error_of(x.req("POST", "/_admin/server/tls")), (403, 11, "only superusers may reload TLS data"),
         "reload by root (Basic)")
    r = ok(c, x.req("POST", "/_admin/server/tls", auth=superuser()), 200, "reload by the superuser")
    c.eq(r.json()["result"], {}, "still no TLS")
    for method in ("GET", "POST"):
        c.eq(error_of(x.req(method, "/_admin/server/encryption", auth=superuser())), (404, 404, "not found"),
             f"{method} encryption")


def run(c, exe):
    records = load_jsonl(TRANSCRIPTS)
    c.run("transcript data", lambda cc: cc.eq(len(records), 11, "records of /_api/user and /_api/token"))
    replay_all(c, exe, records)

    with started(c, exe, "--root-password", ROOT_PASSWORD, "--jwt-secret", JWT_SECRET) as emu:
        x = Ctx(emu)
        c.run("who may manage whom", check_user_api_rights, x)
        c.run("user errors, update, replace, password check", check_user_errors, x)
        c.run("grant errors and answers", check_grant_errors, x)
        c.run("level resolution", check_levels, x)
        c.run("collection permissions in every API", check_enforcement, x)
        c.run("access tokens", check_tokens, x)
        c.run("TLS and encryption", check_tls_encryption, x)
    c.run("JWT lifetime and jwt_logins", check_jwt_lifetime, exe)
    c.run("JWT secrets and rotation", check_jwt_secrets, exe)
    return c.report()


if __name__ == "__main__":
    sys.exit(emutest.suite_main(__doc__, run))
