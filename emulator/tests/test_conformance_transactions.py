#!/usr/bin/env python3
"""Conformance tests of arango-emulator for stream transactions and the
JavaScript transaction endpoint (python3 standard library only).

    test_conformance_transactions.py PATH/TO/arango-emulator

Replays every ArangoDB 3.12.10 transcript of area 'transactions'
(data/transcripts-transactions.jsonl) against an emulator started with
--no-auth: the set-up of each example (the 'products' collection, the
transaction db._createTransaction() begins) is rebuilt, recorded transaction
ids are mapped to the ones the emulator returns, and status, headers, the
body's keys (in order) and value types are compared; deterministic values are
compared exactly.

The two JavaScript transaction records (POST /_api/transaction with an
'action') run their scripts (js/engine.hpp) and are compared like the others;
the answer of an arangod started with --javascript.enabled false
(RestTransactionHandler::executeJSTransaction: 501, errorNum 9 "JavaScript
operations are disabled") is checked on a second emulator started so.
test_javascript.py checks the scripts' environment and bounds.

Then targeted checks cover isolation (documents, AQL, collection count),
commit, abort, key and unique index locks, unique conflicts at commit,
collection access (1652), unknown and finished ids, leases, idle expiry
(a second emulator with a small --trx-idle-timeout), collection lock
timeouts, the transaction list and cursors in a transaction.
"""
import json
import os
import sys
import threading
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import emutest  # noqa: E402  (shared infrastructure)
from emutest import (  # noqa: E402
    Emulator, check_headers, compare_json, drop_collections, error_of, load_jsonl, mkcoll, started)

TRANSCRIPTS = os.path.join(HERE, "data", "transcripts-transactions.jsonl")

# The answer of a server started with --javascript.enabled false.
JS_DISABLED = {"code": 501, "error": True, "errorMessage": "JavaScript operations are disabled",
               "errorNum": 9}


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------

def trx_header(tid):
    return {"x-arango-trx-id": str(tid)}


def begin(emu, collections, db="_system", **options):
    body = {"collections": collections}
    body.update(options)
    return emu.request("POST", f"/_db/{db}/_api/transaction/begin", body, timeout=30)


def begin_id(c, emu, collections, **options):
    r = begin(emu, collections, **options)
    c.eq(r.status, 201, f"begin {collections}: {r.text}")
    return r.json()["result"]["id"]


def commit(emu, tid):
    return emu.request("PUT", f"/_api/transaction/{tid}", timeout=30)


def abort(emu, tid):
    return emu.request("DELETE", f"/_api/transaction/{tid}", timeout=30)


def status_of(emu, tid):
    r = emu.request("GET", f"/_api/transaction/{tid}")
    return r.json()["result"]["status"] if r.status == 200 else r.status


def abort_all(emu):
    for t in emu.request("GET", "/_api/transaction").json()["transactions"]:
        abort(emu, t["id"])


def doc_get(emu, coll, key, tid=None):
    return emu.request("GET", f"/_api/document/{coll}/{urllib.parse.quote(key)}",
                       headers=trx_header(tid) if tid else None)


def doc_post(emu, coll, doc, tid=None, query=""):
    return emu.request("POST", f"/_api/document/{coll}" + (f"?{query}" if query else ""), doc,
                       headers=trx_header(tid) if tid else None, timeout=30)


def count(emu, coll, tid=None):
    r = emu.request("GET", f"/_api/collection/{coll}/count", headers=trx_header(tid) if tid else None)
    assert r.status == 200, r.text
    return r.json()["count"]


def aql(emu, query, tid=None, bind=None, **extra):
    body = {"query": query, "bindVars": bind or {}}
    body.update(extra)
    r = emu.request("POST", "/_api/cursor", body, headers=trx_header(tid) if tid else None, timeout=30)
    return r


def aql_result(c, emu, query, tid=None, **kw):
    r = aql(emu, query, tid, **kw)
    c.eq(r.status, 201, f"query {query}: {r.text}")
    return r.json()["result"]


class Example:
    """State of one example: the products collection and its transaction."""

    def __init__(self, emu, rec):
        self.emu = emu
        self.code = rec["example_code"] or ""
        self.trx = None

    def run_setup(self, c):
        abort_all(self.emu)
        drop_collections(self.emu)
        if "db._create(" in self.code:
            opts = {"waitForSync": True} if "waitForSync: true" in self.code else {}
            mkcoll(self.emu, "products", **opts)
            if "products.save(" in self.code:
                r = doc_post(self.emu, "products", {"a": 1})
                c.true(r.status in (201, 202), f"set-up save: {r.text}")
        if "db._createTransaction(" in self.code:
            self.trx = begin_id(c, self.emu, {"read": "products"})

    def teardown(self):
        if self.trx is not None:
            abort(self.emu, self.trx)
        abort_all(self.emu)
        drop_collections(self.emu)


def replay(c, emu, rec, example):
    path = rec["path"]
    recorded_id = None
    if path.startswith("/_api/transaction/") and path.rsplit("/", 1)[1].isdigit():
        recorded_id = path.rsplit("/", 1)[1]
        c.true(example.trx is not None, "the example began a transaction")
        path = f"/_api/transaction/{example.trx}"
    body = rec["request_body"]
    if rec["request_body_kind"] is None and rec["method"] in ("POST", "PUT"):
        body = ""
    if isinstance(body, dict) and "action" in body:
        # the set-up parser takes the action's db.products.save({}) for a set-up statement:
        # the recording ran it once, inside the transaction
        for names in body.get("collections", {}).values():
            for name in [names] if isinstance(names, str) else names:
                emu.request("PUT", f"/_api/collection/{name}/truncate")
    r = emu.request(rec["method"], path, body, headers=rec["request_headers"])
    c.eq(r.status, rec["status"], f"status (body {r.text[:300]})")
    check_headers(c, rec, r, example, path)
    actual = r.json()
    # transaction ids: mapped and checked by the caller
    compare_json(c, rec["response_body"], actual, volatile=lambda path, value: path[-1:] == ("id",))
    if recorded_id is not None:
        c.eq(actual["result"]["id"], example.trx, "result id is the transaction's id")
    if rec["id"] == "3.12/RestTransactionsGet#0":
        c.eq(actual["transactions"][0]["id"], example.trx, "listed id")
    if rec["id"] == "3.12/RestTransactionBeginSingle#0":
        tid = actual["result"]["id"]
        c.true(tid.isdigit() and int(tid) > 0, f"numeric id: {tid}")
        c.eq(status_of(emu, tid), "running", "begun transaction is running")
        example.trx = tid


# ---------------------------------------------------------------------------
# Targeted checks
# ---------------------------------------------------------------------------

def check_begin_validation(c, emu):
    mkcoll(emu, "tv")
    for body, msg in [({}, "missing 'collections'"),
                      ({"collections": "tv"}, "missing 'collections'"),
                      ({"collections": {"write": 12}}, "invalid 'collections' attribute"),
                      ({"collections": {"read": ["tv", 1]}}, "invalid 'collections' attribute"),
                      ({"collections": {"read": ["tv", ""]}}, "invalid 'collections' attribute"),
                      ({"collections": {"read": "tv"}, "lockTimeout": -1},
                       "<lockTimeout> needs to be positive")]:
        r = emu.request("POST", "/_api/transaction/begin", body)
        c.eq(error_of(r), (400, 10, msg), f"begin {body}")
    r = emu.request("POST", "/_api/transaction/begin", "")
    c.eq(error_of(r), (400, 10, "missing 'collections'"), "begin without body")
    r = emu.request("POST", "/_api/transaction/begin", "{nope")
    c.eq(r.status, 400, "unparsable body")
    c.eq(r.json()["errorNum"], 600, "unparsable body errorNum")
    r = emu.request("POST", "/_api/transaction/begin", {"collections": {"read": "tv"}},
                    headers={"x-arango-trx-id": "12"})
    c.eq(error_of(r), (400, 10, "unexpected transaction ID received in begin transaction request"),
         "begin with a transaction id header")
    r = emu.request("POST", "/_api/transaction/begin", {"collections": {"write": ["tv", "nope"]}})
    c.eq(error_of(r), (404, 1203, "collection or view not found: nope"), "unknown collection")
    c.eq(emu.request("GET", "/_api/transaction").json(), {"transactions": []},
         "a failed begin leaves no transaction")
    r = emu.request("POST", "/_api/transaction/something", {})
    c.eq(error_of(r), (400, 10, "bad parameter"), "POST /_api/transaction/<x>")
    r = emu.request("PATCH", "/_api/transaction/1", {})
    c.eq(r.status, 405, "PATCH")
    # the same collection twice: the strongest access wins
    tid = begin_id(c, emu, {"read": "tv", "write": ["tv"]}, allowImplicit=False, waitForSync=True,
                   maxTransactionSize=1000000, skipFastLockRound=True)
    c.eq(doc_post(emu, "tv", {"_key": "x"}, tid).status, 202, "write allowed (declared read and write)")
    c.eq(abort(emu, tid).status, 200, "abort")


def check_status_commit_abort_errors(c, emu):
    mkcoll(emu, "tsc")
    r = emu.request("GET", "/_api/transaction/abc")
    c.eq(error_of(r), (400, 10, "Illegal transaction ID"), "GET illegal id")
    r = emu.request("GET", "/_api/transaction/1/2")
    c.eq(error_of(r), (400, 10, "expecting GET /_api/transaction/<transaction-ID>"), "GET two suffixes")
    r = emu.request("GET", "/_api/transaction/987654321")
    c.eq(error_of(r), (404, 1655, "transaction not found"), "GET unknown id")
    c.eq(list(r.json().keys()), ["code", "error", "errorMessage", "errorNum"], "error envelope")
    r = emu.request("PUT", "/_api/transaction/abc")
    c.eq(error_of(r), (400, 10, "bad transaction ID"), "PUT illegal id")
    r = emu.request("DELETE", "/_api/transaction/abc")
    c.eq(error_of(r), (400, 10, "bad transaction ID"), "DELETE illegal id")
    r = commit(emu, 987654322)
    c.eq(error_of(r), (404, 1655, "transaction 987654322 not found on commit operation"),
         "commit unknown id")
    # arangod remembers an id it did not know as aborted (Manager::updateTransaction)
    c.eq(status_of(emu, 987654322), "aborted", "unknown id is aborted afterwards")
    r = abort(emu, 987654323)
    c.eq(error_of(r), (404, 1655, "transaction 987654323 not found on abort operation"),
         "abort unknown id")
    tid = begin_id(c, emu, {"write": "tsc"})
    r = commit(emu, tid)
    c.eq((r.status, r.json()), (200, {"code": 200, "error": False,
                                      "result": {"id": tid, "status": "committed"}}), "commit")
    c.eq(status_of(emu, tid), "committed", "status committed")
    c.eq(commit(emu, tid).status, 200, "committing again is fine")
    r = abort(emu, tid)
    c.eq(error_of(r), (400, 1653, "transaction was already committed"), "abort a committed one")
    tid = begin_id(c, emu, {"write": "tsc"})
    r = abort(emu, tid)
    c.eq((r.status, r.json()), (200, {"code": 200, "error": False,
                                      "result": {"id": tid, "status": "aborted"}}), "abort")
    c.eq(abort(emu, tid).status, 200, "aborting again is fine")
    r = commit(emu, tid)
    c.eq(error_of(r), (400, 1653, "transaction was already aborted"), "commit an aborted one")
    # another database does not see it
    emu.request("POST", "/_api/database", {"name": "trxOther"})
    tid = begin_id(c, emu, {"write": "tsc"})
    r = emu.request("GET", f"/_db/trxOther/_api/transaction/{tid}")
    c.eq(error_of(r)[:2], (404, 1655), "status from another database")
    c.eq(emu.request("GET", "/_db/trxOther/_api/transaction").json(), {"transactions": []},
         "list of another database")
    r = emu.request("PUT", f"/_db/trxOther/_api/transaction/{tid}")
    c.eq(error_of(r), (404, 1655, f"transaction {tid} inaccessible on commit operation"),
         "commit from another database")
    c.eq(abort(emu, tid).status, 200, "abort in its database")
    emu.request("DELETE", "/_api/database/trxOther")


def check_javascript_transaction(c, emu):
    mkcoll(emu, "tjs")
    for body in [{"collections": {"write": "tjs"}, "action": "function () { return 1; }"},
                 {"action": "function () {}"}, [], ""]:
        r = emu.request("POST", "/_api/transaction", body)
        c.eq((r.status, r.json()), (501, JS_DISABLED), f"JavaScript transaction {body!r}")
    c.eq(count(emu, "tjs"), 0, "nothing written")


def check_isolation_documents(c, emu):
    mkcoll(emu, "iso")
    doc_post(emu, "iso", [{"_key": "old1", "v": 1}, {"_key": "old2", "v": 2}])
    tid = begin_id(c, emu, {"write": "iso"})
    r = doc_post(emu, "iso", {"_key": "new1", "v": 10}, tid)
    c.eq(r.status, 202, f"insert in trx: {r.text}")
    c.eq(doc_get(emu, "iso", "new1").status, 404, "insert invisible outside")
    r = doc_get(emu, "iso", "new1", tid)
    c.eq((r.status, r.json()["v"]), (200, 10), "insert visible inside")
    c.eq(r.header("Etag"), f'"{r.json()["_rev"]}"', "Etag inside")
    r = emu.request("PATCH", "/_api/document/iso/old1", {"v": 100}, headers=trx_header(tid))
    c.eq(r.status, 202, f"update in trx: {r.text}")
    c.eq(r.json()["_oldRev"] != r.json()["_rev"], True, "new revision")
    c.eq(doc_get(emu, "iso", "old1").json()["v"], 1, "update invisible outside")
    c.eq(doc_get(emu, "iso", "old1", tid).json()["v"], 100, "update visible inside")
    r = emu.request("DELETE", "/_api/document/iso/old2", headers=trx_header(tid))
    c.eq(r.status, 202, "remove in trx")
    c.eq(doc_get(emu, "iso", "old2").status, 200, "remove invisible outside")
    c.eq(doc_get(emu, "iso", "old2", tid).status, 404, "remove visible inside")
    r = emu.request("PUT", "/_api/document/iso/old2", {"v": 5}, headers=trx_header(tid))
    c.eq(error_of(r)[:2], (404, 1202), "replace a document removed in the trx")
    # multi-document operations and the bulk read
    r = doc_post(emu, "iso", [{"_key": "m1"}, {"_key": "m2"}, {"_key": "old1"}], tid)
    c.eq(r.status, 202, "multi insert")
    c.eq([("error" in x) for x in r.json()], [False, False, True], "per-item results")
    c.eq(r.header("X-Arango-Error-Codes"), '{"1210":1}', "duplicate of an overlay-updated key")
    r = emu.request("PUT", "/_api/document/iso?onlyget=true", ["m1", "old2", "old1"], headers=trx_header(tid))
    c.eq([x.get("_key", x.get("errorNum")) for x in r.json()], ["m1", 1202, "old1"], "bulk read inside")
    r = emu.request("PUT", "/_api/document/iso?onlyget=true", ["m1", "old2"])
    c.eq([x.get("_key", x.get("errorNum")) for x in r.json()], [1202, "old2"], "bulk read outside")
    # counts
    c.eq(count(emu, "iso", tid), 4, "count inside (old1, new1, m1, m2)")
    c.eq(count(emu, "iso"), 2, "count outside")
    # AQL inside and outside
    c.eq(sorted(aql_result(c, emu, "FOR d IN iso RETURN d._key", tid)), ["m1", "m2", "new1", "old1"],
         "AQL inside")
    c.eq(sorted(aql_result(c, emu, "FOR d IN iso RETURN d._key")), ["old1", "old2"], "AQL outside")
    c.eq(aql_result(c, emu, "RETURN LENGTH(iso)", tid), [4], "LENGTH inside")
    c.eq(aql_result(c, emu, "RETURN DOCUMENT('iso/new1').v", tid), [10], "DOCUMENT() inside")
    c.eq(aql_result(c, emu, "RETURN DOCUMENT('iso/new1')"), [None], "DOCUMENT() outside")
    r = commit(emu, tid)
    c.eq(r.status, 200, f"commit: {r.text}")
    c.eq(sorted(aql_result(c, emu, "FOR d IN iso RETURN [d._key, d.v]")),
         [["m1", None], ["m2", None], ["new1", 10], ["old1", 100]], "all visible after commit")
    c.eq(count(emu, "iso"), 4, "count after commit")
    r = doc_get(emu, "iso", "new1", tid)
    c.eq(error_of(r), (404, 1655, f"transaction {tid} not found"), "committed id on a document read")


def check_abort_discards(c, emu):
    mkcoll(emu, "abd")
    doc_post(emu, "abd", {"_key": "a", "v": 1})
    tid = begin_id(c, emu, {"write": "abd"})
    doc_post(emu, "abd", {"_key": "b"}, tid)
    emu.request("PATCH", "/_api/document/abd/a", {"v": 2}, headers=trx_header(tid))
    aql_result(c, emu, "INSERT {_key: 'c'} INTO abd", tid)
    c.eq(count(emu, "abd", tid), 3, "count inside before abort")
    c.eq(abort(emu, tid).status, 200, "abort")
    c.eq(aql_result(c, emu, "FOR d IN abd RETURN [d._key, d.v]"), [["a", 1]], "nothing applied")
    r = doc_post(emu, "abd", {"_key": "b"}, tid)
    c.eq(error_of(r), (410, 1654, f"transaction {tid} has already been aborted"), "aborted id on a write")
    # keys and locks are free again
    c.eq(doc_post(emu, "abd", {"_key": "b"}).status, 202, "key free after abort")
    c.eq(emu.request("PATCH", "/_api/document/abd/a", {"v": 3}).status, 202, "lock released")


def check_key_locks(c, emu):
    mkcoll(emu, "klk")
    doc_post(emu, "klk", {"_key": "k", "v": 0})
    t1 = begin_id(c, emu, {"write": "klk"})
    t2 = begin_id(c, emu, {"write": "klk"})
    c.eq(emu.request("PATCH", "/_api/document/klk/k", {"v": 1}, headers=trx_header(t1)).status, 202,
         "t1 updates k")
    lock_msg = ("Timeout waiting to lock key - in index primary of type primary over '_key'; "
                "conflicting key: k")
    r = emu.request("PATCH", "/_api/document/klk/k", {"v": 2}, headers=trx_header(t2))
    c.eq(error_of(r), (409, 1200, lock_msg), "t2 cannot write k")
    c.eq([r.json()[x] for x in ("_key", "_id")], ["k", "klk/k"], "conflict names the document")
    r = emu.request("PATCH", "/_api/document/klk/k", {"v": 3})
    c.eq(error_of(r), (409, 1200, lock_msg), "writes outside cannot write k")
    r = emu.request("DELETE", "/_api/document/klk", ["k"])
    c.eq(r.json()[0]["errorMessage"], lock_msg, "multi remove item error")
    r = aql(emu, "UPDATE 'k' WITH {v: 4} IN klk")
    c.eq(r.json()["errorNum"], 1200, "AQL outside cannot write k")
    c.eq(doc_get(emu, "klk", "k").json()["v"], 0, "reads outside are not blocked")
    c.eq(doc_get(emu, "klk", "k", t2).json()["v"], 0, "t2 reads the committed version")
    # inserting a key another transaction inserted
    doc_post(emu, "klk", {"_key": "fresh"}, t1)
    r = doc_post(emu, "klk", {"_key": "fresh"}, t2)
    c.eq(error_of(r)[:2], (409, 1200), "t2 cannot insert a key t1 inserted")
    c.eq(r.json()["_rev"], "", "no stored revision")
    c.eq(doc_post(emu, "klk", {"_key": "other"}, t2).status, 202, "t2 writes other keys")
    c.eq(commit(emu, t1).status, 200, "t1 commits")
    c.eq(emu.request("PATCH", "/_api/document/klk/k", {"v": 5}).status, 202, "k free after commit")
    c.eq(commit(emu, t2).status, 200, "t2 commits")
    c.eq(sorted(aql_result(c, emu, "FOR d IN klk RETURN d._key")), ["fresh", "k", "other"], "final keys")


def check_unique_indexes(c, emu):
    mkcoll(emu, "unq")
    r = emu.request("POST", "/_api/index?collection=unq", {"type": "persistent", "fields": ["u"],
                                                           "unique": True, "name": "byU"})
    c.eq(r.status, 201, "unique index")
    doc_post(emu, "unq", {"_key": "base", "u": 0})
    t1 = begin_id(c, emu, {"write": "unq"})
    t2 = begin_id(c, emu, {"write": "unq"})
    r = doc_post(emu, "unq", {"_key": "x", "u": 0}, t1)
    c.eq(error_of(r)[:2], (409, 1210), "committed value conflicts inside the trx")
    c.eq(doc_post(emu, "unq", {"_key": "a", "u": 1}, t1).status, 202, "t1 inserts u=1")
    r = doc_post(emu, "unq", {"_key": "b", "u": 1}, t1)
    c.eq(error_of(r)[:2], (409, 1210), "u=1 twice in the same trx")
    r = doc_post(emu, "unq", {"_key": "c", "u": 1}, t2)
    c.eq(error_of(r), (409, 1200, "Timeout waiting to lock key - in index byU of type persistent over "
                                  "'u'; document key: c; indexed values: [1]"), "t2: u=1 is locked")
    r = doc_post(emu, "unq", {"_key": "d", "u": 1})
    c.eq(error_of(r)[:2], (409, 1200), "outside: u=1 is locked")
    # t1 frees u=0 by removing base: the value becomes usable inside t1 only
    c.eq(emu.request("DELETE", "/_api/document/unq/base", headers=trx_header(t1)).status, 202, "t1 removes base")
    c.eq(doc_post(emu, "unq", {"_key": "e", "u": 0}, t1).status, 202, "t1 reuses u=0")
    c.eq(commit(emu, t1).status, 200, "t1 commits")
    c.eq(abort(emu, t2).status, 200, "t2 aborts")
    c.eq(sorted(aql_result(c, emu, "FOR d IN unq RETURN [d._key, d.u]")), [["a", 1], ["e", 0]], "after t1")


def check_unique_conflict_at_commit(c, emu):
    mkcoll(emu, "ucc")
    t1 = begin_id(c, emu, {"write": "ucc"})
    t2 = begin_id(c, emu, {"write": "ucc"})
    doc_post(emu, "ucc", {"_key": "a", "u": 7}, t1)
    doc_post(emu, "ucc", {"_key": "b", "u": 7}, t2)
    doc_post(emu, "ucc", {"_key": "b2", "u": 8}, t2)
    aql_result(c, emu, "UPDATE 'z' WITH {} IN ucc OPTIONS {ignoreErrors: true}", t2)
    # a unique index created while both run (no index entry was locked)
    r = emu.request("POST", "/_api/index?collection=ucc", {"type": "persistent", "fields": ["u"],
                                                           "unique": True, "name": "byU"})
    c.eq(r.status, 201, "unique index created")
    c.eq(commit(emu, t1).status, 200, "t1 commits")
    r = commit(emu, t2)
    c.eq(error_of(r), (409, 1210, "unique constraint violated - in index byU of type persistent "
                                  "over 'u'; conflicting key: a"), "t2's commit is rejected")
    c.eq(status_of(emu, t2), "aborted", "t2 is aborted")
    c.eq(sorted(aql_result(c, emu, "FOR d IN ucc RETURN d._key")), ["a"], "none of t2's writes applied")
    c.eq(doc_post(emu, "ucc", {"_key": "b2", "u": 8}).status, 202, "t2's locks are released")


def check_collection_access(c, emu):
    mkcoll(emu, "acW")
    mkcoll(emu, "acR")
    mkcoll(emu, "acU")
    doc_post(emu, "acU", {"_key": "u1"})
    tid = begin_id(c, emu, {"write": "acW", "read": "acR"})
    r = doc_post(emu, "acR", {}, tid)
    c.eq(error_of(r), (400, 1652, "unregistered collection used in transaction: acR [write]"),
         "insert into a read collection")
    r = emu.request("DELETE", "/_api/document/acR/x", headers=trx_header(tid))
    c.eq(error_of(r)[:2], (400, 1652), "remove in a read collection")
    r = doc_post(emu, "acU", {}, tid)
    c.eq(error_of(r), (400, 1652, "unregistered collection used in transaction: acU [write]"),
         "insert into an undeclared collection")
    r = emu.request("POST", "/_api/import?collection=acR&type=list", [{}], headers=trx_header(tid))
    c.eq(error_of(r)[:2], (400, 1652), "import into a read collection")
    r = emu.request("PUT", "/_api/collection/acR/truncate", headers=trx_header(tid))
    c.eq(error_of(r), (400, 1652, "unregistered collection used in transaction: acR [exclusive]"),
         "truncate a read collection")
    r = aql(emu, "INSERT {} INTO acR", tid)
    c.eq(error_of(r)[:2], (400, 1652), "AQL insert into a read collection")
    c.true("unregistered collection used in transaction: acR [write]" in r.json()["errorMessage"],
           r.json()["errorMessage"])
    c.eq(doc_get(emu, "acU", "u1", tid).status, 200, "implicit read of an undeclared collection")
    c.eq(aql_result(c, emu, "FOR d IN acU RETURN d._key", tid), ["u1"], "implicit AQL read")
    c.eq(abort(emu, tid).status, 200, "abort")
    tid = begin_id(c, emu, {"write": "acW"}, allowImplicit=False)
    r = doc_get(emu, "acU", "u1", tid)
    c.eq(error_of(r), (400, 1652, "unregistered collection used in transaction: acU [read]"),
         "allowImplicit false: undeclared read")
    r = aql(emu, "FOR d IN acU RETURN d", tid)
    c.eq(r.json()["errorNum"], 1652, "allowImplicit false: AQL read")
    r = emu.request("GET", "/_api/collection/acU/count", headers=trx_header(tid))
    c.eq(error_of(r)[:2], (400, 1652), "allowImplicit false: count")
    c.eq(abort(emu, tid).status, 200, "abort")
    # read-only transaction
    tid = begin_id(c, emu, {"read": ["acW", "acR"]})
    c.eq(error_of(doc_post(emu, "acW", {}, tid))[:2], (400, 1652), "read-only transaction cannot write")
    c.eq(commit(emu, tid).status, 200, "commit read-only")


def check_unknown_ids(c, emu):
    mkcoll(emu, "unk")
    r = doc_post(emu, "unk", {}, 424242)
    c.eq(error_of(r), (404, 1655, "transaction 424242 not found"), "document write, unknown id")
    r = doc_get(emu, "unk", "x", 424242)
    c.eq(error_of(r), (404, 1655, "transaction 424242 not found"), "document read, unknown id")
    r = emu.request("GET", "/_api/collection/unk/count", headers=trx_header(424242))
    c.eq(error_of(r), (404, 1655, "transaction 424242 not found"), "count, unknown id")
    r = emu.request("POST", "/_api/import?collection=unk&type=list", [{}], headers=trx_header(424242))
    c.eq(error_of(r), (404, 1655, "transaction 424242 not found"), "import, unknown id")
    r = aql(emu, "RETURN 1", 424242)
    c.eq(error_of(r), (404, 1655, "transaction '424242' not found"), "cursor, unknown id")
    for bad in ("abc", "0", "x1"):
        r = doc_post(emu, "unk", {}, bad)
        c.eq(error_of(r), (400, 10, "invalid transaction ID"), f"invalid header {bad!r}")
    r = doc_post(emu, "unk", {}, "12 aql")
    c.eq(error_of(r), (400, 1653, "cannot start an AQL transaction here"), "' aql' suffix")
    r = doc_post(emu, "unk", {}, "12 begin")
    c.eq(error_of(r), (400, 1653, "cannot start a managed transaction here"), "' begin' suffix")
    c.eq(count(emu, "unk"), 0, "nothing written")
    # a collection lookup failure comes after the transaction lookup
    r = doc_post(emu, "nosuchcoll", {}, 424242)
    c.eq(error_of(r)[:2], (404, 1655), "unknown id before unknown collection")
    tid = begin_id(c, emu, {"write": "unk"})
    r = doc_post(emu, "nosuchcoll", {}, tid)
    c.eq(error_of(r), (404, 1203, "collection or view not found: nosuchcoll"), "unknown collection")
    abort(emu, tid)


def check_commit_atomic_multi_collection(c, emu):
    mkcoll(emu, "mcA")
    mkcoll(emu, "mcB", type=3)
    mkcoll(emu, "mcC")
    doc_post(emu, "mcC", {"_key": "keep", "v": 1})
    tid = begin_id(c, emu, {"write": ["mcA", "mcB"], "exclusive": "mcC"})
    doc_post(emu, "mcA", [{"_key": f"a{i}"} for i in range(50)], tid)
    r = doc_post(emu, "mcB", {"_from": "mcA/a1", "_to": "mcA/a2"}, tid)
    c.eq(r.status, 202, f"edge insert: {r.text}")
    r = emu.request("PUT", "/_api/collection/mcC/truncate", headers=trx_header(tid))
    c.eq(r.status, 200, f"truncate in trx: {r.text}")
    c.eq(count(emu, "mcC", tid), 0, "truncated inside")
    c.eq(count(emu, "mcC"), 1, "not truncated outside")
    r = emu.request("POST", "/_api/import?collection=mcC&type=documents",
                    '{"_key":"i1"}\n{"_key":"i2"}\n', headers=trx_header(tid))
    c.eq((r.status, r.json()["created"]), (201, 2), f"import in trx: {r.text}")
    c.eq((count(emu, "mcA"), count(emu, "mcB"), count(emu, "mcC")), (0, 0, 1), "nothing visible yet")
    c.eq(commit(emu, tid).status, 200, "commit")
    c.eq((count(emu, "mcA"), count(emu, "mcB"), count(emu, "mcC")), (50, 1, 2), "all visible")
    c.eq(sorted(aql_result(c, emu, "FOR d IN mcC RETURN d._key")), ["i1", "i2"], "truncate + import applied")
    r = emu.request("GET", "/_api/edges/mcB?vertex=mcA/a1&direction=out")
    c.eq(len(r.json()["edges"]), 1, "edge index updated by the commit")


def check_list(c, emu):
    mkcoll(emu, "lst")
    abort_all(emu)
    t1 = begin_id(c, emu, {"read": "lst"})
    t2 = begin_id(c, emu, {"write": "lst"})
    t3 = begin_id(c, emu, {"write": "lst"})
    commit(emu, t3)
    r = emu.request("GET", "/_api/transaction")
    c.eq(r.status, 200, "list")
    c.eq(sorted(r.json()["transactions"], key=lambda t: int(t["id"])),
         [{"id": t1, "state": "running"}, {"id": t2, "state": "running"}], "running ones listed")
    r = emu.request("DELETE", "/_api/transaction/write")
    c.eq(r.status, 200, "abort all write transactions")
    c.eq((status_of(emu, t1), status_of(emu, t2)), ("running", "aborted"), "only the writer aborted")
    abort(emu, t1)
    c.eq(emu.request("GET", "/_api/transaction").json(), {"transactions": []}, "empty list")


def check_cursor_in_transaction(c, emu):
    mkcoll(emu, "cur")
    tid = begin_id(c, emu, {"write": "cur"})
    r = aql(emu, "FOR i IN 1..5 INSERT {_key: CONCAT('k', i), i} INTO cur RETURN NEW.i", tid, batchSize=2)
    b = r.json()
    c.eq((r.status, b["result"], b["hasMore"]), (201, [1, 2], True), "first batch")
    c.eq(b["extra"]["stats"]["writesExecuted"], 5, "writes executed")
    r = aql(emu, "FOR d IN cur SORT d.i RETURN d.i", tid, batchSize=2)
    b2 = r.json()
    c.eq(b2["result"], [1, 2], "read cursor in the trx")
    c.eq(aql_result(c, emu, "FOR d IN cur RETURN d"), [], "invisible outside")
    nxt = emu.request("POST", f"/_api/cursor/{b2['id']}", headers=trx_header(tid))
    c.eq(nxt.json()["result"], [3, 4], "next batch in the trx")
    c.eq(commit(emu, tid).status, 200, "commit")
    nxt = emu.request("POST", f"/_api/cursor/{b2['id']}")
    c.eq((nxt.status, nxt.json()["result"]), (200, [5]), "last batch after the commit")
    nxt = emu.request("PUT", f"/_api/cursor/{b['id']}")
    c.eq(nxt.json()["result"], [3, 4], "the writing cursor keeps its results")
    c.eq(count(emu, "cur"), 5, "visible after commit")
    # UPSERT / REPLACE / REMOVE in a transaction
    tid = begin_id(c, emu, {"write": "cur"})
    aql_result(c, emu, "UPSERT {_key: 'k1'} INSERT {} UPDATE {up: true} IN cur", tid)
    aql_result(c, emu, "UPSERT {_key: 'k9'} INSERT {_key: 'k9', i: 9} UPDATE {} IN cur", tid)
    aql_result(c, emu, "REPLACE 'k2' WITH {r: 1} IN cur", tid)
    aql_result(c, emu, "REMOVE 'k3' IN cur", tid)
    inside = aql_result(c, emu, "FOR d IN cur SORT d._key RETURN [d._key, d.i, d.up, d.r]", tid)
    c.eq(inside, [["k1", 1, True, None], ["k2", None, None, 1], ["k4", 4, None, None],
                  ["k5", 5, None, None], ["k9", 9, None, None]], "AQL writes inside")
    c.eq(len(aql_result(c, emu, "FOR d IN cur RETURN d")), 5, "outside unchanged")
    c.eq(abort(emu, tid).status, 200, "abort")
    c.eq(sorted(aql_result(c, emu, "FOR d IN cur RETURN d.i")), [1, 2, 3, 4, 5], "abort discards AQL writes")


def check_stream_cursor_in_transaction(c, emu):
    # a `stream: true` query in a stream transaction reads lazily and keeps the transaction's
    # lease while its cursor is open (arangod's QueryStreamCursor holds the leased context):
    # its batches come without x-arango-trx-id, and a commit meanwhile fails with 28
    mkcoll(emu, "scur")
    emu.request("POST", "/_api/document/scur", [{"_key": f"k{i}", "v": i} for i in range(6)])
    tid = begin_id(c, emu, {"write": "scur"})
    aql_result(c, emu, "INSERT {_key: 'n1', v: 6} INTO scur", tid)
    r = aql(emu, "FOR d IN scur RETURN d.v", tid, batchSize=2, options={"stream": True})
    b = r.json()
    c.eq((r.status, len(b["result"]), b["hasMore"]), (201, 2, True), "first batch")
    c.true("count" not in b and "extra" not in b, "a streaming cursor's first batch has no extra")
    running = emu.request("GET", "/_api/query/current").json()
    c.true(any(q["query"] == "FOR d IN scur RETURN d.v" and q["stream"] for q in running),
           "the query runs while its cursor is open")
    seen = list(b["result"])
    nxt = emu.request("POST", f"/_api/cursor/{b['id']}")
    c.eq((nxt.status, len(nxt.json()["result"])), (200, 2), "next batch without x-arango-trx-id")
    seen += nxt.json()["result"]
    t0 = time.time()
    r = commit(emu, tid)
    c.eq(error_of(r)[1:], (28, f"updating transaction status on commit failed. transaction {tid} is in use"),
         "commit while the cursor holds the lease")
    c.true(time.time() - t0 > 2.5, "the commit waited for the lease")
    while True:
        nxt = emu.request("PUT", f"/_api/cursor/{b['id']}")
        c.eq(nxt.status, 200, f"batch: {nxt.text}")
        seen += nxt.json()["result"]
        if not nxt.json()["hasMore"]:
            break
    c.eq(sorted(seen), list(range(7)), "every document of the transaction's view, its own insert too")
    t0 = time.time()
    c.eq(commit(emu, tid).status, 200, "commit once the cursor is exhausted")
    c.true(time.time() - t0 < 2, "without waiting")
    c.eq(count(emu, "scur"), 7, "committed")
    # deleting the cursor gives the lease back
    tid = begin_id(c, emu, {"write": "scur"})
    b = aql(emu, "FOR d IN scur RETURN d.v", tid, batchSize=2, options={"stream": True}).json()
    c.true(b["hasMore"], "an open streaming cursor")
    c.eq(emu.request("DELETE", f"/_api/cursor/{b['id']}").status, 202, "delete the cursor")
    c.eq(doc_post(emu, "scur", {"_key": "after-delete"}, tid).status, 202, "the transaction is free again")
    # so does its expiry (ttl), found by the periodic sweep without any cursor call
    b = aql(emu, "FOR d IN scur RETURN d.v", tid, batchSize=2, ttl=1, options={"stream": True}).json()
    c.true(b["hasMore"], "an open streaming cursor with ttl 1")
    time.sleep(2.6)
    t0 = time.time()
    c.eq(abort(emu, tid).status, 200, "abort after the cursor expired")
    c.true(time.time() - t0 < 2, "without waiting for the lease")
    c.eq(emu.request("PUT", f"/_api/cursor/{b['id']}").status, 404, "the expired cursor is gone")
    c.eq(count(emu, "scur"), 7, "the aborted insert is gone")


def check_scan_in_transaction(c, emu):
    # FOR over a collection in a transaction reads lazily, a batch at a time: the committed
    # documents it has not written, in storage (revision) order, merged with its own writes
    # (an updated document moves to the end, as its new revision does), across batch borders
    mkcoll(emu, "scn")
    r = emu.request("POST", "/_api/document/scn", [{"_key": f"k{i:04d}", "v": i} for i in range(2500)])
    c.true(r.status in (201, 202), "2500 documents")
    tid = begin_id(c, emu, {"write": "scn"})
    for q in ["UPDATE 'k0010' WITH {u: 1} IN scn", "UPDATE 'k1500' WITH {u: 1} IN scn", "REMOVE 'k0020' IN scn",
              "INSERT {_key: 'n1'} INTO scn", "INSERT {_key: 'n2'} INTO scn", "UPDATE 'n1' WITH {u: 2} IN scn",
              "FOR i IN 2490..2499 REMOVE CONCAT('k', i) IN scn"]:
        aql_result(c, emu, q, tid)
    expected = ([f"k{i:04d}" for i in range(2490) if i not in (10, 20, 1500)] + ["k0010", "k1500", "n2", "n1"])
    keys = aql_result(c, emu, "FOR d IN scn RETURN d._key", tid, batchSize=10000)
    c.eq(keys, expected, "the transaction's view in storage order")
    c.eq(aql_result(c, emu, "FOR d IN scn LIMIT 2485, 4 RETURN d._key", tid), expected[2485:2489],
         "LIMIT across the merge")
    c.eq(aql_result(c, emu, "FOR a IN 1..2 FOR d IN scn FILTER d.u != null RETURN [a, d._key]", tid),
         [[1, "k0010"], [1, "k1500"], [1, "n1"], [2, "k0010"], [2, "k1500"], [2, "n1"]],
         "nested in a loop: the transaction's view at every row")
    c.eq(len(aql_result(c, emu, "FOR d IN scn RETURN 1", batchSize=10000)), 2500, "outside unchanged")
    c.eq(abort(emu, tid).status, 200, "abort")


def check_lease(c, emu):
    mkcoll(emu, "lea")
    tid = begin_id(c, emu, {"write": "lea"})
    out = {}

    def slow():
        out["r"] = aql(emu, "RETURN SLEEP(1.2)", tid)

    th = threading.Thread(target=slow)
    th.start()
    time.sleep(0.3)
    t0 = time.time()
    r = doc_post(emu, "lea", {"_key": "after"}, tid)
    waited = time.time() - t0
    th.join(10)
    c.eq(out["r"].status, 201, "slow query in the trx")
    c.eq(r.status, 202, "write after the query")
    c.true(waited > 0.5, f"the write waited for the query's lease ({waited:.2f} s)")
    r = commit(emu, tid)
    c.eq(r.status, 200, "commit")


def check_lock_timeouts(c, emu):
    mkcoll(emu, "lkx")
    doc_post(emu, "lkx", {"_key": "d0"})
    tx = begin_id(c, emu, {"exclusive": "lkx"})
    t0 = time.time()
    r = begin(emu, {"write": "lkx"}, lockTimeout=0.3)
    took = time.time() - t0
    c.eq(error_of(r), (500, 18, "timed out after 0.300000 s waiting for write-lock on collection "
                                "_system/lkx on single"), "write begin times out")
    c.true(0.25 < took < 3, f"waited about lockTimeout ({took:.2f} s)")
    r = begin(emu, {"exclusive": "lkx"}, lockTimeout=0.05)
    c.eq(error_of(r), (500, 18, "lock timeout"), "short timeouts report the bare message")
    tr = begin_id(c, emu, {"read": "lkx"})
    c.eq(doc_get(emu, "lkx", "d0", tr).status, 200, "readers do not wait")
    c.eq(doc_get(emu, "lkx", "d0").status, 200, "reads outside do not wait")
    abort(emu, tr)
    # a write without transaction waits for the exclusive transaction
    res = {}

    def writer():
        res["r"] = doc_post(emu, "lkx", {"_key": "outside"})
        res["t"] = time.time()

    th = threading.Thread(target=writer)
    th.start()
    time.sleep(0.5)
    c.true("r" not in res, "the write outside waits")
    c.eq(doc_post(emu, "lkx", {"_key": "inside"}, tx).status, 202, "the exclusive trx writes")
    t_commit = time.time()
    c.eq(commit(emu, tx).status, 200, "commit releases the lock")
    th.join(10)
    c.eq(res["r"].status, 202, f"the write outside went through: {res['r'].text}")
    c.true(res["t"] >= t_commit - 0.05, "after the commit")
    c.eq(sorted(aql_result(c, emu, "FOR d IN lkx RETURN d._key")), ["d0", "inside", "outside"], "all written")
    # a lock waiter gets the lock when the holder ends
    tw = begin_id(c, emu, {"write": "lkx"})
    res.clear()

    def exclusive_begin():
        res["r"] = begin(emu, {"exclusive": "lkx"}, lockTimeout=5)

    th = threading.Thread(target=exclusive_begin)
    th.start()
    time.sleep(0.3)
    c.true("r" not in res, "exclusive begin waits for the writer")
    r = begin(emu, {"exclusive": "lkx"}, lockTimeout=0.2)
    c.eq(error_of(r), (500, 18, "timed out after 0.200000 s waiting for exclusive-lock on collection "
                                "_system/lkx on single"), "exclusive begin times out")
    abort(emu, tw)
    th.join(10)
    c.eq(res["r"].status, 201, "exclusive begin succeeds after the writer ended")
    abort(emu, res["r"].json()["result"]["id"])
    # two writers share the collection
    w1 = begin_id(c, emu, {"write": "lkx"}, lockTimeout=0.5)
    w2 = begin_id(c, emu, {"write": "lkx"}, lockTimeout=0.5)
    abort(emu, w1)
    abort(emu, w2)
    # truncate without transaction needs the collection exclusively
    w1 = begin_id(c, emu, {"write": "lkx"})
    res.clear()
    th = threading.Thread(target=lambda: res.update(r=emu.request("PUT", "/_api/collection/lkx/truncate",
                                                                   timeout=30)))
    th.start()
    time.sleep(0.3)
    c.true("r" not in res, "truncate waits for the write transaction")
    commit(emu, w1)
    th.join(10)
    c.eq(res["r"].status, 200, "truncate after the commit")
    c.eq(count(emu, "lkx"), 0, "truncated")


def check_concurrent_commits(c, emu):
    mkcoll(emu, "cc")
    errors = []
    seen = []
    stop = threading.Event()

    def writer(n):
        try:
            tid = begin_id(c, emu, {"write": "cc"})
            r = doc_post(emu, "cc", [{"w": n, "i": i} for i in range(20)], tid)
            if r.status != 202:
                errors.append(r.text)
            r = commit(emu, tid)
            if r.status != 200:
                errors.append(r.text)
        except Exception as exc:  # noqa: BLE001
            errors.append(repr(exc))

    def reader():
        while not stop.is_set():
            seen.append(count(emu, "cc"))

    readers = [threading.Thread(target=reader) for _ in range(2)]
    for t in readers:
        t.start()
    writers = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for t in writers:
        t.start()
    for t in writers:
        t.join(30)
    stop.set()
    for t in readers:
        t.join(30)
    c.eq(errors, [], "all transactions committed")
    c.eq(count(emu, "cc"), 160, "all documents")
    c.true(all(n % 20 == 0 for n in seen), f"commits are atomic for readers: {sorted(set(seen))}")


def check_idle_expiry(c, exe):
    emu = Emulator(exe, "--no-auth", "--trx-idle-timeout", "0.6")
    try:
        mkcoll(emu, "idl")
        tid = begin_id(c, emu, {"exclusive": "idl"})
        doc_post(emu, "idl", {"_key": "lost"}, tid)
        # activity keeps a transaction alive
        alive = begin_id(c, emu, {"read": "idl"})
        for _ in range(5):
            time.sleep(0.3)
            c.eq(doc_get(emu, "idl", "x", alive).status, 404, "read in the live trx")
        c.eq(status_of(emu, alive), "running", "used transaction still running")
        c.eq(status_of(emu, tid), "aborted", "idle transaction aborted")
        c.eq([t["id"] for t in emu.request("GET", "/_api/transaction").json()["transactions"]], [alive],
             "expired one not listed")
        r = doc_post(emu, "idl", {}, tid)
        c.eq(error_of(r), (410, 1654, f"transaction {tid} has already been aborted"), "use after expiry")
        r = commit(emu, tid)
        c.eq(error_of(r), (400, 1653, "transaction was already expired"), "commit after expiry")
        c.eq(abort(emu, tid).status, 200, "abort after expiry")
        c.eq(count(emu, "idl"), 0, "its writes are gone")
        # the expired exclusive transaction released its lock
        t0 = time.time()
        w = begin(emu, {"write": "idl"}, lockTimeout=0.2)
        c.eq(w.status, 201, "lock free again")
        c.true(time.time() - t0 < 1, "no wait")
        # a waiter frees the collection when the exclusive holder expires
        abort(emu, w.json()["result"]["id"])
        ex = begin_id(c, emu, {"exclusive": "idl"})
        t0 = time.time()
        r = begin(emu, {"write": "idl"}, lockTimeout=5)
        took = time.time() - t0
        c.eq(r.status, 201, "waiter got the lock of the expired holder")
        c.true(0.3 < took < 3, f"after the idle timeout ({took:.2f} s)")
        c.eq(status_of(emu, ex), "aborted", "holder expired")
    finally:
        c.stop(emu)


def check_option_validation(c, exe):
    import subprocess
    for bad in ("0", "-1", "abc", ""):
        p = subprocess.run([exe, "--trx-idle-timeout", bad], capture_output=True, text=True, timeout=10)
        c.eq(p.returncode, 2, f"--trx-idle-timeout {bad!r} rejected")
    p = subprocess.run([exe, "--help"], capture_output=True, text=True, timeout=10)
    c.true("--trx-idle-timeout SECONDS" in p.stdout, "documented in --help")


def run(c, exe):
    records = load_jsonl(TRANSCRIPTS)
    with started(c, exe, "--no-auth") as emu:
        c.run("transcript count", lambda cc: cc.eq(len(records), 8, "records of area transactions"))
        for rec in records:
            ex = Example(emu, rec)
            c.run(f"set-up {rec['example']}", ex.run_setup)
            c.run(f"replay {rec['id']} {rec['method']} {rec['path']}", replay, emu, rec, ex)
            ex.teardown()
        c.run("begin: validation", check_begin_validation, emu)
        c.run("status / commit / abort errors", check_status_commit_abort_errors, emu)
        c.run("isolation: documents, count, AQL; commit", check_isolation_documents, emu)
        c.run("abort discards", check_abort_discards, emu)
        c.run("key locks", check_key_locks, emu)
        c.run("unique index entries", check_unique_indexes, emu)
        c.run("unique conflict at commit", check_unique_conflict_at_commit, emu)
        c.run("collection access (1652)", check_collection_access, emu)
        c.run("unknown and invalid ids", check_unknown_ids, emu)
        c.run("atomic commit over collections (edges, truncate, import)",
              check_commit_atomic_multi_collection, emu)
        c.run("list / abort write transactions", check_list, emu)
        c.run("cursors in a transaction", check_cursor_in_transaction, emu)
        c.run("collection scans in a transaction", check_scan_in_transaction, emu)
        c.run("streaming cursors in a transaction", check_stream_cursor_in_transaction, emu)
        c.run("lease: one request at a time", check_lease, emu)
        c.run("collection lock timeouts", check_lock_timeouts, emu)
        c.run("concurrent transactions: atomic commits", check_concurrent_commits, emu)
    with started(c, exe, "--no-auth", "--javascript.enabled", "false") as emu:
        c.run("JavaScript transactions with --javascript.enabled false: 501",
              check_javascript_transaction, emu)
    c.run("idle expiry (--trx-idle-timeout)", check_idle_expiry, exe)
    c.run("--trx-idle-timeout validation", check_option_validation, exe)
    return c.report()


if __name__ == "__main__":
    sys.exit(emutest.suite_main(__doc__, run))
