#!/usr/bin/env python3
"""Conformance tests of arango-emulator for collections, documents, indexes
and import (python3 standard library only).

    test_conformance_docs.py PATH/TO/arango-emulator

Replays every ArangoDB 3.12.10 transcript in
data/transcripts-documents-collections-indexes.jsonl against an emulator
started with --no-auth. For each record the set-up of its example (example_code
and unlogged_requests_before: collections, documents, indexes) is rebuilt, the
recorded keys/ids/revisions are mapped to the ones the emulator generated, the
request is replayed and status, headers (Etag, Location, X-Arango-Error-Codes,
Content-Type/Length) and the body's keys (in order) and value types are
compared recursively; deterministic values are compared too. Then targeted
checks cover what the transcripts do not show.
"""
import os
import re
import sys
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import emutest  # noqa: E402  (shared infrastructure)
from emutest import (  # noqa: E402
    Example, check_headers, compare_json, drop_collections, load_jsonl, mkcoll, send, split_url,
    started)

TRANSCRIPTS = os.path.join(HERE, "data", "transcripts-documents-collections-indexes.jsonl")
# Records that cannot be replayed as recorded, with the reason. They are still
# checked (see check_cluster_only).
CLUSTER_ONLY = {
    # Recorded on a coordinator; a single server answers 501 / 1471
    # (TRI_ERROR_CLUSTER_ONLY_ON_COORDINATOR) after looking up the collection.
    "3.12/RestGetResponsibleShardExample#0": (501, 1471),
    # Recorded on a coordinator; a single server (3.8 and later) answers 501 / 9
    # (generateError(Result(TRI_ERROR_NOT_IMPLEMENTED, "shards API is only available in a
    # cluster")) when not in a cluster).
    "3.12/RestGetShardsWithDetails#0": (501, 9),
}

# Leaf values that differ per run (ids, keys, revisions, timings ...). Types
# are still compared.
VOLATILE_KEYS = {"_id", "_key", "_rev", "_oldRev", "id", "globallyUniqueId", "objectId",
                 "revision", "checksum", "lastValue", "executionTime", "documentsSize", "size",
                 "_from", "_to"}


def volatile(path, value):
    if path and path[-1] in VOLATILE_KEYS:
        return True
    if path and path[-1] == "name" and isinstance(value, str) and value.startswith("idx_"):
        return True
    return False


def identifiers(path):
    """An index's "identifiers" object: keyed by index ids, compared by its values in order."""
    return bool(path) and path[-1] == "identifiers"


def compare(c, expected, actual, path=()):
    compare_json(c, expected, actual, path, volatile=volatile, by_values=identifiers)


def replay(c, emu, rec, example):
    # requests sent before this one whose responses were not recorded (the
    # list is cumulative over the example: send only the ones not sent yet)
    pending = rec["unlogged_requests_before"][example.unlogged_sent:]
    example.unlogged_sent = len(rec["unlogged_requests_before"])
    for u in pending:
        p, q = split_url(u["url"])
        r = send(emu, u["method"], example.map_path(p), q, u.get("request_body"))
        c.true(r.status < 400, f"unlogged request {u['method']} {u['url']}: {r.status}")
    path = example.map_path(rec["path"])
    headers = example.map_headers(rec["request_headers"])
    r = send(emu, rec["method"], path, rec["query"], rec["request_body"], headers,
             rec["request_body_kind"])
    c.eq(r.status, rec["status"], f"status (body {r.text[:300]})")
    check_headers(c, rec, r, example, path)
    if rec["response_body_kind"] == "json":
        compare(c, rec["response_body"], r.json())
    else:
        c.eq(r.body, b"", "empty body")


def check_cluster_only(c, emu, rec, example):
    status, errnum = CLUSTER_ONLY[rec["id"]]
    path = example.map_path(rec["path"])
    r = send(emu, rec["method"], path, rec["query"], rec["request_body"], rec["request_headers"])
    c.eq((r.status, r.json()["errorNum"]), (status, errnum), "single-server answer")
    c.eq(list(r.json()), ["code", "error", "errorMessage", "errorNum"], "error envelope")


# ---------------------------------------------------------------------------
# Targeted checks
# ---------------------------------------------------------------------------

def post(emu, coll, doc, query=""):
    return emu.request("POST", f"/_api/document/{coll}" + (f"?{query}" if query else ""), doc)


def check_key_generators(c, emu):
    r = emu.request("GET", "/_api/key-generators")
    c.eq(r.json(), {"keyGenerators": ["upgrade", "padded", "uuid", "autoincrement", "traditional"]},
         "key generators")
    mkcoll(emu, "kgTrad")
    keys = [post(emu, "kgTrad", {}).json()["_key"] for _ in range(3)]
    c.true(all(k.isdigit() for k in keys), f"traditional keys numeric: {keys}")
    c.true(int(keys[0]) < int(keys[1]) < int(keys[2]), "traditional keys increase")
    post(emu, "kgTrad", {"_key": "99999999999"})
    c.true(int(post(emu, "kgTrad", {}).json()["_key"]) > 99999999999, "numeric user keys tracked")
    mkcoll(emu, "kgAuto", keyOptions={"type": "autoincrement", "increment": 5, "offset": 3})
    keys = [post(emu, "kgAuto", {}).json()["_key"] for _ in range(3)]
    c.eq(keys, ["3", "8", "13"], "autoincrement with increment 5 / offset 3")
    r = post(emu, "kgAuto", {"_key": "abc"})
    c.eq((r.status, r.json()["errorNum"]), (400, 1221), "autoincrement rejects non-numeric keys")
    mkcoll(emu, "kgPad", keyOptions={"type": "padded"})
    keys = [post(emu, "kgPad", {}).json()["_key"] for _ in range(3)]
    c.true(all(re.fullmatch(r"[0-9a-f]{16}", k) for k in keys), f"padded keys: {keys}")
    c.eq(keys, sorted(keys), "padded keys increase lexicographically")
    mkcoll(emu, "kgUuid", keyOptions={"type": "uuid"})
    k = post(emu, "kgUuid", {}).json()["_key"]
    c.true(re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", k), f"uuid: {k}")
    r = emu.request("GET", "/_api/collection/kgUuid/properties")
    c.eq(r.json()["keyOptions"], {"allowUserKeys": True, "type": "uuid"}, "uuid keyOptions")
    mkcoll(emu, "kgNoUser", keyOptions={"allowUserKeys": False})
    r = post(emu, "kgNoUser", {"_key": "x"})
    c.eq((r.status, r.json()["errorNum"]), (400, 1222), "allowUserKeys false: 1222")
    for bad in ({"keyOptions": {"type": "bogus"}},
                {"keyOptions": {"type": "autoincrement", "increment": 0}},
                {"keyOptions": {"type": "autoincrement", "offset": -1}}):
        r = emu.request("POST", "/_api/collection", dict(name="kgBad", **bad))
        c.eq((r.status, r.json()["errorNum"]), (400, 1232), f"invalid key options {bad}")


def check_keys_and_revisions(c, emu):
    mkcoll(emu, "keys")
    for bad in ("", "a/b", "a b", "x" * 255, "ä"):
        r = post(emu, "keys", {"_key": bad})
        c.eq((r.status, r.json()["errorNum"]), (400, 1221), f"illegal key {bad[:10]!r}")
    ok = "aZ0_-:.@()+,=;$!*'%"
    r = post(emu, "keys", {"_key": ok})
    c.eq(r.status, 202, "all legal key characters")
    c.eq(r.header("Location"), "/_db/_system/_api/document/keys/" + urllib.parse.quote(ok, safe=""),
         "Location with URL-encoded key")
    r = post(emu, "keys", {"_key": "x" * 254})
    c.eq(r.status, 202, "254-byte key")
    r = post(emu, "keys", {"_key": ok})
    c.eq((r.status, r.json()["errorNum"]), (409, 1210), "duplicate key")
    c.true("in index primary of type primary over '_key'" in r.json()["errorMessage"], "message")
    revs = [post(emu, "keys", {}).json()["_rev"] for _ in range(20)]
    c.true(all(re.fullmatch(r"_[-_A-Za-z0-9]{10}", x) for x in revs), f"rev format {revs[0]}")
    alphabet = "-_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

    def dec(s):
        v = 0
        for ch in s:
            v = v * 64 + alphabet.index(ch)
        return v
    vals = [dec(x) for x in revs]
    c.eq(vals, sorted(set(vals)), "revisions strictly increase")
    c.true(abs((vals[-1] >> 20) / 1000 - time.time()) < 60, "revision is a hybrid logical clock")
    r = emu.request("POST", "/_api/document/keys", "42")
    c.eq((r.status, r.json()["errorNum"]), (400, 1227), "number as body: 1227")
    r = emu.request("POST", "/_api/document/keys", "{bad")
    c.eq((r.status, r.json()["errorNum"]), (400, 600), "corrupted JSON: 600")
    r = emu.request("GET", "/_api/document/nope/1")
    c.eq((r.status, r.json()["errorMessage"]), (404, "collection or view not found: nope"), "1203")


def check_single_document_api(c, emu):
    mkcoll(emu, "sd")
    d = post(emu, "sd", {"_key": "a", "x": 1}).json()
    r = emu.request("GET", "/_api/document/sd/a")
    c.eq((r.status, r.header("Etag")), (200, f'"{d["_rev"]}"'), "GET with Etag")
    conn = emu.connection()
    conn.request("HEAD", "/_api/document/sd/a")
    h = conn.getresponse()
    h.read()
    conn.close()
    c.eq((h.status, int(h.getheader("Content-Length"))), (200, len(r.body)), "HEAD")
    r = emu.request("GET", "/_api/document/sd/a", headers={"If-None-Match": f'"{d["_rev"]}"'})
    c.eq((r.status, r.body, r.header("Etag")), (304, b"", f'"{d["_rev"]}"'), "If-None-Match 304")
    r = emu.request("GET", "/_api/document/sd/a", headers={"If-Match": '"_xxxxxxxxxx"'})
    c.eq(r.status, 412, "If-Match mismatch on GET")
    c.eq(list(r.json()), ["error", "code", "errorNum", "errorMessage", "_id", "_key", "_rev"], "412 body")
    r = emu.request("PUT", "/_api/document/sd/a", {"y": 2}, headers={"If-Match": '"_xxxxxxxxxx"'})
    c.eq((r.status, r.header("Etag")), (412, f'"{d["_rev"]}"'), "PUT If-Match mismatch")
    # ignoreRevs=false with a stale _rev in the body: 409
    r = emu.request("PUT", "/_api/document/sd/a?ignoreRevs=false", {"_rev": "_xxxxxxxxxx", "y": 2})
    c.eq((r.status, r.json()["errorNum"]), (409, 1200), "ignoreRevs=false stale _rev: 409")
    r = emu.request("PUT", "/_api/document/sd/a", {"_rev": "_xxxxxxxxxx", "y": 2})
    c.eq(r.status, 202, "default ignoreRevs=true ignores _rev")
    r = emu.request("PATCH", "/_api/document/sd/a?returnOld=true&returnNew=true", {"z": 3})
    b = r.json()
    c.eq(list(b), ["_id", "_key", "_rev", "_oldRev", "old", "new"], "returnOld/returnNew keys")
    c.eq((b["old"]["y"], b["new"]["z"]), (2, 3), "old/new contents")
    r = emu.request("PATCH", "/_api/document/sd/a?silent=true", {"z": 4})
    c.eq((r.status, r.text, r.header("Etag")), (202, "{}", None), "silent single")
    r = emu.request("DELETE", "/_api/document/sd/a?returnOld=true&waitForSync=true")
    c.eq((r.status, list(r.json())), (200, ["_id", "_key", "_rev", "old"]), "DELETE synced 200")
    r = emu.request("DELETE", "/_api/document/sd/a")
    c.eq((r.status, r.json()["errorNum"]), (404, 1202), "DELETE missing")
    mkcoll(emu, "sdSync", waitForSync=True)
    c.eq(post(emu, "sdSync", {}).status, 201, "collection waitForSync -> 201")
    r = emu.request("POST", "/_api/document/sdSync", [{"_key": 1}])
    c.eq(r.status, 202, "all items failed -> 202 even with waitForSync")


def check_overwrite_modes(c, emu):
    mkcoll(emu, "ow")
    post(emu, "ow", {"_key": "k", "a": 1, "o": {"x": 1}})
    r = post(emu, "ow", {"_key": "k", "b": 2}, "overwriteMode=ignore")
    c.eq((r.status, list(r.json())), (202, ["_id", "_key", "_rev"]), "ignore")
    c.eq(emu.request("GET", "/_api/document/ow/k").json()["a"], 1, "ignore leaves the document")
    r = post(emu, "ow", {"_key": "k", "b": 2}, "overwriteMode=conflict")
    c.eq((r.status, r.json()["errorNum"]), (409, 1210), "conflict")
    r = post(emu, "ow", {"_key": "k", "o": {"y": 2}, "a": None}, "overwriteMode=update&keepNull=false&returnNew=true")
    c.eq(r.json()["new"]["o"], {"x": 1, "y": 2}, "update merges objects")
    c.true("a" not in r.json()["new"] and "_oldRev" in r.json(), "keepNull=false removes, _oldRev")
    r = post(emu, "ow", {"_key": "k", "o": {"z": 3}}, "overwriteMode=update&mergeObjects=false&returnNew=true")
    c.eq(r.json()["new"]["o"], {"z": 3}, "mergeObjects=false replaces objects")
    r = post(emu, "ow", {"_key": "k", "c": 3}, "overwrite=true&returnNew=true&returnOld=true")
    c.eq((sorted(k for k in r.json()["new"] if not k.startswith("_")), "old" in r.json()),
         (["c"], True), "overwrite=true replaces")
    r = post(emu, "ow", {"_key": "k", "d": 4}, "overwriteMode=replace")
    c.eq(r.status, 202, "replace")


def check_version_attribute(c, emu):
    mkcoll(emu, "ver")
    post(emu, "ver", {"_key": "v", "version": 5, "val": "a"})
    post(emu, "ver", {"_key": "v", "version": 3, "val": "old"}, "overwriteMode=replace&versionAttribute=version")
    c.eq(emu.request("GET", "/_api/document/ver/v").json()["val"], "a", "lower version ignored")
    post(emu, "ver", {"_key": "v", "version": 5, "val": "same"}, "overwriteMode=update&versionAttribute=version")
    c.eq(emu.request("GET", "/_api/document/ver/v").json()["val"], "a", "equal version ignored")
    post(emu, "ver", {"_key": "v", "version": 6.7, "val": "new"}, "overwriteMode=update&versionAttribute=version")
    c.eq(emu.request("GET", "/_api/document/ver/v").json()["val"], "new", "higher version applied")
    emu.request("PUT", "/_api/document/ver/v?versionAttribute=version", {"version": 6, "val": "x"})
    c.eq(emu.request("GET", "/_api/document/ver/v").json()["val"], "new", "replace: floor(6.7)=6 ignored")
    emu.request("PATCH", "/_api/document/ver/v?versionAttribute=version", {"val": "noversion"})
    c.eq(emu.request("GET", "/_api/document/ver/v").json()["val"], "noversion", "no version: applied")


def check_multi_documents(c, emu):
    mkcoll(emu, "md")
    r = emu.request("POST", "/_api/document/md", [{"_key": "a"}, 5, {"_key": "a"}, {"_key": "b"}])
    c.eq(r.status, 202, "status")
    c.eq(r.header("X-Arango-Error-Codes"), '{"1210":1,"1227":1}', "error codes header")
    b = r.json()
    c.eq([("error" in x) for x in b], [False, True, True, False], "mixed results")
    c.eq(list(b[1]), ["error", "errorNum", "errorMessage"], "item error has no code")
    r = emu.request("POST", "/_api/document/md?silent=true", [{"_key": "c"}, {"_key": "a"}])
    c.eq([x["errorNum"] for x in r.json()], [1210], "silent: only errors")
    r = emu.request("PATCH", "/_api/document/md", [{"_key": "a", "v": 1}, {"_key": "zz", "v": 1}, {"v": 2}])
    c.eq(r.header("X-Arango-Error-Codes"), '{"1202":1,"1205":1}', "patch errors")
    # ModifyProcessor::processValue reads "_key" only: an "_id" is no selector (1205), a "_key"
    # that is no non-empty string is 1221, and an "_id" beside a "_key" changes nothing
    for method in ("PUT", "PATCH"):
        r = emu.request(method, "/_api/document/md",
                        [{"_id": "md/a", "v": 3}, {"_key": 5}, {"_key": ""}, {"_key": "a", "_id": "md/b", "w": method}])
        c.eq(r.header("X-Arango-Error-Codes"), '{"1205":1,"1221":2}', f"{method}: selector errors")
        c.eq(r.json()[3]["_key"], "a", f"{method}: the _key chose the document")
    got = emu.request("GET", "/_api/document/md/a").json()
    c.eq((got["w"], "v" in got), ("PATCH", False), "the replace and update went to 'a' only")
    c.eq("w" in emu.request("GET", "/_api/document/md/b").json(), False, "'b' untouched")
    r = emu.request("DELETE", "/_api/document/md?ignoreRevs=false", [{"_key": "a", "_rev": "_xxxxxxxxxx"}])
    c.eq(r.header("X-Arango-Error-Codes"), '{"1200":1}', "remove rev conflict")
    r = emu.request("PUT", "/_api/document/md?onlyget=true&ignoreRevs=false",
                    ["a", {"_key": "b", "_rev": "_xxxxxxxxxx"}, "nope"])
    c.eq((r.status, r.header("X-Arango-Error-Codes")), (200, '{"1200":1,"1202":1}'), "onlyget")
    r = emu.request("DELETE", "/_api/document/md", ["a", "md/b"])
    c.eq([x["_key"] for x in r.json()], ["a", "b"], "remove by key and id")


def check_unique_and_sparse(c, emu):
    mkcoll(emu, "uq")
    r = emu.request("POST", "/_api/index?collection=uq", {"type": "persistent", "fields": ["e"],
                                                          "unique": True, "sparse": True, "name": "byE"})
    c.eq(r.status, 201, "create unique sparse")
    c.eq(post(emu, "uq", {"_key": "1", "e": "x"}).status, 202, "first")
    r = post(emu, "uq", {"_key": "2", "e": "x"})
    c.eq((r.status, r.json()["errorNum"], r.json()["errorMessage"]),
         (409, 1210, "unique constraint violated - in index byE of type persistent over 'e'; "
                     "conflicting key: 1"), "1210 with message")
    c.eq(post(emu, "uq", {"_key": "3"}).status, 202, "sparse: missing attribute ok")
    c.eq(post(emu, "uq", {"_key": "4", "e": None}).status, 202, "sparse: null ok twice")
    c.eq(post(emu, "uq", {"_key": "5", "e": None}).status, 202, "sparse: null ok twice (2)")
    r = emu.request("PATCH", "/_api/document/uq/3", {"e": "x"})
    c.eq(r.status, 409, "update into a conflict")
    c.eq(emu.request("PATCH", "/_api/document/uq/1", {"e": "y"}).status, 202, "move value")
    c.eq(post(emu, "uq", {"_key": "6", "e": "x"}).status, 202, "freed value reusable")
    r = emu.request("POST", "/_api/index?collection=uq", {"type": "persistent", "fields": ["e"],
                                                          "unique": True, "sparse": True})
    c.eq((r.status, r.json()["isNewlyCreated"], r.json()["name"]), (200, False, "byE"), "identical index: 200")
    r = emu.request("POST", "/_api/index?collection=uq", {"type": "persistent", "fields": ["f"], "name": "byE"})
    c.eq(r.status, 409, "duplicate index name")
    mkcoll(emu, "uq2")
    post(emu, "uq2", {"a": 1})
    post(emu, "uq2", {"a": 1})
    r = emu.request("POST", "/_api/index?collection=uq2", {"type": "persistent", "fields": ["a"], "unique": True})
    c.eq((r.status, r.json()["errorNum"]), (409, 1210), "unique index over duplicates fails")
    r = emu.request("GET", "/_api/index?collection=uq2")
    c.eq(len(r.json()["indexes"]), 1, "failed index not kept")
    r = emu.request("POST", "/_api/index?collection=uq2", {"type": "hash", "fields": ["b"]})
    c.eq(r.json()["type"], "persistent", "hash is an alias of persistent")
    iid = r.json()["id"]
    r = emu.request("DELETE", f"/_api/index/{iid}")
    c.eq(r.json(), {"id": iid, "error": False, "code": 200}, "drop index")
    r = emu.request("DELETE", f"/_api/index/{iid}")
    c.eq((r.status, r.json()["errorNum"]), (404, 1212), "drop unknown index")
    r = emu.request("DELETE", "/_api/index/uq2/0")
    c.eq((r.status, r.json()["errorNum"]), (404, 1212), "primary index cannot be dropped")
    r = emu.request("GET", "/_api/index?collection=nope")
    c.eq((r.status, r.json()["errorNum"]), (404, 1203), "unknown collection")


def check_index_types(c, emu):
    mkcoll(emu, "ix")
    for body, typ in (({"type": "geo", "fields": ["loc"], "geoJson": True}, "geo"),
                      ({"type": "fulltext", "fields": ["t"], "minLength": 3}, "fulltext"),
                      ({"type": "ttl", "fields": ["ts"], "expireAfter": 10}, "ttl"),
                      ({"type": "mdi", "fields": ["x", "y"], "fieldValueTypes": "double"}, "mdi"),
                      ({"type": "inverted", "fields": ["a"]}, "inverted")):
        r = emu.request("POST", "/_api/index?collection=ix", body)
        c.eq((r.status, r.json()["type"]), (201, typ), f"create {typ}")
        keys = [k for k in r.json() if k not in ("code", "error")]
        c.eq(keys, sorted(keys), f"{typ}: attributes sorted")
    r = emu.request("POST", "/_api/index?collection=ix", {"type": "mdi", "fields": ["x"]})
    c.eq(r.status, 400, "mdi without fieldValueTypes")
    # 3.12.9+: a vector index is created without training data and trained once nLists documents
    # have a vector (before 3.12.9 the creation failed)
    r = emu.request("POST", "/_api/index?collection=ix",
                    {"type": "vector", "fields": ["v"], "params": {"metric": "cosine", "dimension": 2, "nLists": 2}})
    c.eq((r.status, r.json().get("trainingState")), (201, "unusable"), "vector index without training data")
    for i in range(3):
        post(emu, "ix", {"v": [i, 1.0]})
    r = emu.request("POST", "/_api/index?collection=ix",
                    {"type": "vector", "fields": ["v"], "params": {"metric": "cosine", "dimension": 2, "nLists": 2}})
    c.eq((r.status, r.json()["params"]["dimension"], r.json().get("trainingState")), (200, 2, "ready"),
         "vector index")
    mkcoll(emu, "ixe", type=3)
    r = emu.request("GET", "/_api/index?collection=ixe")
    c.eq([x["type"] for x in r.json()["indexes"]], ["primary", "edge"], "edge collection indexes")
    eid = r.json()["indexes"][1]["id"]
    c.eq(emu.request("DELETE", f"/_api/index/{eid}").status, 403, "edge index cannot be dropped")
    r = emu.request("GET", "/_api/index?collection=ixe&withStats=true")
    c.true(all("figures" in x for x in r.json()["indexes"]), "withStats adds figures")


def check_ttl_expiry(c, emu):
    mkcoll(emu, "ttl")
    r = emu.request("POST", "/_api/index?collection=ttl", {"type": "ttl", "fields": ["at"], "expireAfter": 1})
    c.eq(r.status, 201, "ttl index")
    now = time.time()
    post(emu, "ttl", {"_key": "old", "at": now - 10})
    post(emu, "ttl", {"_key": "iso", "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now - 10))})
    post(emu, "ttl", {"_key": "future", "at": now + 3600})
    post(emu, "ttl", {"_key": "none"})
    deadline = time.time() + 8
    keys = None
    while time.time() < deadline:
        r = emu.request("PUT", "/_api/document/ttl?onlyget=true", ["old", "iso", "future", "none"])
        keys = [x.get("_key") for x in r.json()]
        if keys == [None, None, "future", "none"]:
            break
        time.sleep(0.2)
    c.eq(keys, [None, None, "future", "none"], "expired documents removed by the sweep")


def check_edges(c, emu):
    mkcoll(emu, "ev")
    mkcoll(emu, "ee", type=3)
    r = post(emu, "ee", {"x": 1})
    c.eq((r.status, r.json()["errorNum"]), (400, 1233), "edge without _from/_to")
    r = post(emu, "ee", {"_from": "ev/1", "_to": "bad"})
    c.eq((r.status, r.json()["errorNum"]), (400, 1233), "invalid _to")
    post(emu, "ee", {"_key": "e1", "_from": "ev/1", "_to": "ev/2"})
    post(emu, "ee", {"_key": "e2", "_from": "ev/2", "_to": "ev/1"})
    post(emu, "ee", {"_key": "e3", "_from": "ev/1", "_to": "ev/1"})
    r = emu.request("PUT", "/_api/document/ee/e1", {"y": 1})
    c.eq(r.status, 400, "replace without _from/_to")
    r = emu.request("PATCH", "/_api/document/ee/e1", {"_to": "ev/3"})
    c.eq(r.status, 202, "update _to")
    r = emu.request("PATCH", "/_api/document/ee/e1", {"_to": 5})
    c.eq((r.status, r.json()["errorNum"]), (400, 1233), "update with invalid _to")
    r = emu.request("GET", "/_api/edges/ee?vertex=ev/1")
    c.eq(sorted(x["_key"] for x in r.json()["edges"]), ["e1", "e2", "e3"], "direction any")
    r = emu.request("GET", "/_api/edges/ee?vertex=ev/3&direction=in")
    c.eq([x["_key"] for x in r.json()["edges"]], ["e1"], "in edges after update")
    c.eq(list(r.json()), ["edges", "error", "code", "stats"], "edges envelope")
    r = emu.request("GET", "/_api/edges/ev?vertex=ev/1")
    c.eq(r.status, 400, "edges of a document collection")


def check_schema(c, emu):
    schema = {"rule": {"type": "object", "properties": {
        "name": {"type": "string", "minLength": 2, "maxLength": 5},
        "age": {"type": "integer", "minimum": 0, "maximum": 150},
        "kind": {"enum": ["a", "b"]},
        "tags": {"type": "array", "items": {"type": "string"}}},
        "required": ["name"], "additionalProperties": False},
        "level": "moderate", "message": "doc does not match"}
    mkcoll(emu, "sch", schema=schema)
    r = emu.request("GET", "/_api/collection/sch/properties")
    c.eq(r.json()["schema"]["level"], "moderate", "schema reported")
    c.eq(post(emu, "sch", {"_key": "ok", "name": "abc", "age": 3, "kind": "a", "tags": ["x"]}).status,
         202, "valid document")
    for bad in ({"name": "a"}, {"name": "abcdef"}, {"age": 1}, {"name": "ab", "age": -1},
                {"name": "ab", "age": 1.5}, {"name": "ab", "kind": "c"}, {"name": "ab", "tags": [1]},
                {"name": "ab", "extra": 1}):
        r = post(emu, "sch", bad)
        c.eq((r.status, r.json()["errorNum"], r.json()["errorMessage"]),
             (400, 1620, "doc does not match"), f"invalid {bad}")
    r = emu.request("PATCH", "/_api/document/sch/ok", {"age": 200})
    c.eq(r.status, 400, "moderate: update of a valid document is validated")
    r = emu.request("PUT", "/_api/collection/sch/properties", {"schema": {"rule": {"type": "object"}, "level": "none"}})
    c.eq(r.status, 200, "change schema")
    c.eq(post(emu, "sch", {"x": 1}).status, 202, "level none")
    r = emu.request("PUT", "/_api/collection/sch/properties", {"schema": {"level": "strict"}})
    c.eq((r.status, r.json()["errorNum"]), (400, 1621), "schema without rule")


def check_collection_api(c, emu):
    mkcoll(emu, "capi")
    r = emu.request("POST", "/_api/collection", {"name": "capi"})
    c.eq((r.status, r.json()["errorNum"]), (409, 1207), "duplicate collection")
    for bad in ("", "1abc", "a/b", "_sys"):
        r = emu.request("POST", "/_api/collection", {"name": bad})
        c.eq((r.status, r.json()["errorNum"]), (400, 1208), f"illegal name {bad!r}")
    r = emu.request("POST", "/_api/collection", {"name": "Ünïcödé coll"})
    c.eq(r.status, 200, "extended name")
    for i in range(5):
        post(emu, "capi", {"i": i})
    r = emu.request("GET", "/_api/collection/capi/count")
    c.eq((r.json()["count"], r.header("Location")), (5, "/_db/_system/_api/collection/capi/count"), "count")
    s1 = emu.request("GET", "/_api/collection/capi/checksum").json()["checksum"]
    s1d = emu.request("GET", "/_api/collection/capi/checksum?withData=true").json()["checksum"]
    c.eq(emu.request("GET", "/_api/collection/capi/checksum").json()["checksum"], s1, "checksum deterministic")
    post(emu, "capi", {"i": 99})
    c.true(emu.request("GET", "/_api/collection/capi/checksum").json()["checksum"] != s1, "checksum changes")
    k = post(emu, "capi", {"i": 100}).json()["_key"]
    s2d = emu.request("GET", "/_api/collection/capi/checksum?withData=true").json()["checksum"]
    emu.request("PATCH", f"/_api/document/capi/{k}", {"i": 101})
    c.true(emu.request("GET", "/_api/collection/capi/checksum?withData=true").json()["checksum"] not in (s1d, s2d),
           "withData checksum follows data")
    r = emu.request("PUT", "/_api/collection/capi/truncate?waitForSync=true&compact=false")
    c.eq(r.status, 200, "truncate")
    c.eq(emu.request("GET", "/_api/collection/capi/count").json()["count"], 0, "empty after truncate")
    r = emu.request("PUT", "/_api/collection/capi/properties", {"waitForSync": True, "cacheEnabled": True})
    c.eq((r.json()["waitForSync"], r.json()["cacheEnabled"]), (True, True), "properties update")
    cid = r.json()["id"]
    r = emu.request("PUT", "/_api/collection/capi/rename", {"name": "capi2"})
    c.eq((r.status, r.json()["name"]), (200, "capi2"), "rename")
    c.eq(emu.request("GET", "/_api/collection/capi").status, 404, "old name gone")
    c.eq(emu.request("GET", f"/_api/collection/{cid}").json()["name"], "capi2", "lookup by id")
    d = post(emu, "capi2", {"_key": "r"}).json()
    c.eq(d["_id"], "capi2/r", "_id uses the new name")
    r = emu.request("PUT", "/_api/collection/capi2/rename", {"name": "Ünïcödé coll"})
    c.eq(r.status, 409, "rename onto an existing name")
    for sub in ("load", "unload", "compact", "loadIndexesIntoMemory", "recalculateCount"):
        r = emu.request("PUT", f"/_api/collection/capi2/{sub}")
        c.eq(r.status, 200, f"PUT {sub}")
    r = emu.request("PUT", "/_api/collection/capi2/bogus")
    c.eq(r.status, 404, "unknown action")
    r = emu.request("GET", "/_api/collection/capi2/revision")
    c.true(r.json()["revision"].isdigit(), "revision")
    r = emu.request("DELETE", "/_api/collection/_users")
    c.eq(r.status, 403, "system collection needs isSystem=true")
    r = emu.request("DELETE", "/_api/collection/capi2")
    c.eq(r.json(), {"error": False, "code": 200, "id": cid}, "drop")
    r = emu.request("DELETE", "/_api/collection/capi2")
    c.eq((r.status, r.json()["errorNum"]), (404, 1203), "drop unknown")
    uname = urllib.parse.quote("Ünïcödé coll", safe="")
    r = emu.request("PUT", f"/_api/collection/{uname}/responsibleShard", {"_key": "x"})
    c.eq((r.status, r.json()["errorNum"]), (501, 1471), "responsibleShard on a single server")
    r = emu.request("GET", f"/_api/collection/{uname}/shards")
    c.eq((r.status, r.json()["errorNum"]), (501, 9), "shards on a single server (3.8+)")


def check_import(c, emu):
    mkcoll(emu, "imp")
    body = '{"_key":"a","v":1}\n\n{"_key":"b","v":2}\n[1]\n{"_key":"a","v":3}\n{bad\n'
    r = emu.request("POST", "/_api/import?collection=imp&type=documents&details=true", body)
    b = r.json()
    c.eq((r.status, b["created"], b["errors"], b["empty"]), (201, 2, 3, 1), f"documents: {b}")
    c.true(any("at position 4: invalid JSON type (expecting object), offending document: [1]" == d
               for d in b["details"]), f"type error detail {b['details']}")
    r = emu.request("POST", "/_api/import?collection=imp&type=documents&onDuplicate=update", '{"_key":"a","w":1}')
    c.eq((r.json()["updated"], emu.request("GET", "/_api/document/imp/a").json().get("v")), (1, 1), "update")
    r = emu.request("POST", "/_api/import?collection=imp&type=array&onDuplicate=replace", [{"_key": "a", "z": 1}])
    c.eq((r.json()["updated"], emu.request("GET", "/_api/document/imp/a").json().get("v")), (1, None), "replace")
    r = emu.request("POST", "/_api/import?collection=imp&type=list&onDuplicate=ignore", [{"_key": "a"}])
    c.eq(r.json()["ignored"], 1, "ignore")
    r = emu.request("POST", "/_api/import?collection=imp&type=auto&complete=true",
                    [{"_key": "n1"}, {"_key": "a"}])
    c.eq((r.status, r.json()["errorNum"]), (409, 1210), "complete: abort")
    c.eq(emu.request("GET", "/_api/document/imp/n1").status, 404, "complete: nothing imported")
    r = emu.request("POST", "/_api/import?collection=imp",
                    '["_key","v","w"]\n["c1",1,null]\n\n["c2",2]\n["c3",3,4]\n')
    b = r.json()
    c.eq((b["created"], b["errors"], b["empty"]), (2, 1, 1), f"csv-like: {b}")
    c.true("w" not in emu.request("GET", "/_api/document/imp/c1").json(), "null values are left out")
    r = emu.request("POST", "/_api/import?collection=imp&ignoreMissing=true", '["_key","v"]\n["c4"]\n')
    c.eq(r.json()["created"], 1, "ignoreMissing")
    r = emu.request("POST", "/_api/import?collection=imp&overwrite=true&type=list", [{"x": 1}])
    c.eq(emu.request("GET", "/_api/collection/imp/count").json()["count"], 1, "overwrite truncates")
    mkcoll(emu, "impe", type=3)
    r = emu.request("POST", "/_api/import?collection=impe&type=list&fromPrefix=v&toPrefix=w&details=true",
                    [{"_from": "1", "_to": "2"}, {"_from": "x/1", "_to": 3}, {"_from": "a"}])
    b = r.json()
    c.eq((b["created"], b["errors"]), (2, 1), f"edge import {b}")
    r = emu.request("GET", "/_api/edges/impe?vertex=v/1&direction=out")
    c.eq(r.json()["edges"][0]["_to"], "w/2", "prefixes applied")
    r = emu.request("POST", "/_api/import", "[]")
    c.eq((r.status, r.json()["errorNum"]), (400, 1204), "missing collection parameter")


def check_computed_values(c, emu):
    mkcoll(emu, "cv", computedValues=[
        {"name": "full", "expression": "RETURN CONCAT(@doc.first, ' ', @doc.last)", "overwrite": True},
        {"name": "const", "expression": "RETURN 42", "computeOn": ["insert"], "overwrite": False}])
    r = emu.request("GET", "/_api/collection/cv/properties")
    c.eq([x["name"] for x in r.json()["computedValues"]], ["full", "const"], "computed values reported")
    d = post(emu, "cv", {"first": "Ada", "last": "L", "const": 1}, "returnNew=true").json()["new"]
    c.eq((d["full"], d["const"]), ("Ada L", 1), "computed on insert (overwrite false keeps)")
    d = emu.request("PATCH", f"/_api/document/cv/{d['_key']}?returnNew=true", {"last": "B"}).json()["new"]
    c.eq(d["full"], "Ada B", "computed on update")


def check_bulk_performance(c, emu):
    mkcoll(emu, "bulk")
    t0 = time.monotonic()
    conn = emu.connection(timeout=60)
    for b in range(100):
        docs = [{"i": b * 1000 + i, "s": "x"} for i in range(1000)]
        r = emu.request("POST", "/_api/document/bulk", docs, conn=conn)
        if r.status != 202:
            raise AssertionError(f"batch {b}: {r.status}")
    conn.close()
    elapsed = time.monotonic() - t0
    c.eq(emu.request("GET", "/_api/collection/bulk/count").json()["count"], 100000, "count")
    c.true(elapsed < 60, f"100,000 documents in batches of 1,000 took {elapsed:.1f}s")
    print(f"  bulk insert: {elapsed:.2f}s")


# ---------------------------------------------------------------------------

def run(c, exe):
    records = load_jsonl(TRANSCRIPTS)
    replayed = 0
    with started(c, exe, "--no-auth", "--ttl-interval", "200") as emu:
        example = None
        for rec in records:
            if example is None or rec["example"] != current:
                current = rec["example"]
                example = Example(emu, rec)
                drop_collections(emu)
                c.run(f"set-up {rec['example']}", example.run_setup)
            if rec["id"] in CLUSTER_ONLY:
                c.run(f"single-server answer for cluster record {rec['id']}",
                      check_cluster_only, emu, rec, example)
            else:
                c.run(f"replay {rec['id']} {rec['method']} {rec['path']}", replay, emu, rec, example)
            replayed += 1
        print(f"replayed {replayed} of {len(records)} transcript records "
              f"({len(CLUSTER_ONLY)} cluster records checked against the single-server answer)")
        if replayed != len(records):
            c.failures.append("not every transcript record was replayed")
        c.run("key generators", check_key_generators, emu)
        c.run("keys and revisions", check_keys_and_revisions, emu)
        c.run("single-document API", check_single_document_api, emu)
        c.run("overwriteMode", check_overwrite_modes, emu)
        c.run("versionAttribute", check_version_attribute, emu)
        c.run("multi-document API", check_multi_documents, emu)
        c.run("unique / sparse indexes", check_unique_and_sparse, emu)
        c.run("index types", check_index_types, emu)
        c.run("ttl expiry", check_ttl_expiry, emu)
        c.run("edges", check_edges, emu)
        c.run("schema validation", check_schema, emu)
        c.run("collection API", check_collection_api, emu)
        c.run("import", check_import, emu)
        c.run("computed values", check_computed_values, emu)
        c.run("bulk insert 100,000 documents", check_bulk_performance, emu)
    return c.report()


if __name__ == "__main__":
    sys.exit(emutest.suite_main(__doc__, run))
