#!/usr/bin/env python3
"""Conformance tests of arango-emulator for endpoints other drivers' test suites call (python3
standard library only).

    test_conformance_endpoints.py PATH/TO/arango-emulator

Each check follows arangod 3.12's source for the same path (named in the check):
DELETE /_api/document/<collection> with the body shapes RestDocumentHandler::removeDocument
takes (transaction::Methods::removeLocal), POST /_api/edges/<collection>
(RestEdgesHandler::readEdgesForMultipleVertices), GET /_api/index/selectivity
(RestIndexHandler::getSelectivityEstimates) and /_admin/log, /_admin/log/entries,
/_admin/log/level, /_admin/log/structured (RestAdminLogHandler, LogBufferFeature).
"""
import os
import re
import sys
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import emutest  # noqa: E402  (shared infrastructure)
from emutest import Emulator, basic, drop_collections, mkcoll, started  # noqa: E402
from emutest import error_of as triple  # noqa: E402


# --- DELETE /_api/document/<collection> with a body ---------------------------------------------

def check_delete_body_shapes(c, emu):
    mkcoll(emu, "dshape")
    mkcoll(emu, "dother")
    ins = lambda k: emu.request("POST", "/_api/document/dshape", {"_key": k, "v": k}).json()  # noqa: E731
    a = ins("a")
    # one selector object: a single-document remove (status, identity, Etag, Location)
    r = emu.request("DELETE", "/_api/document/dshape", {"_key": "a"})
    c.eq(r.status, 202, "single object: 202")
    c.eq(r.json(), {"_id": "dshape/a", "_key": "a", "_rev": a["_rev"]}, "single object: identity")
    c.eq(r.header("Etag"), f'"{a["_rev"]}"', "single object: Etag")
    c.eq(emu.request("GET", "/_api/document/dshape/a").status, 404, "single object: removed")
    # returnOld and waitForSync as for a key in the URL
    ins("b")
    r = emu.request("DELETE", "/_api/document/dshape?returnOld=true&waitForSync=true", {"_key": "b"})
    c.eq((r.status, r.json()["old"]["v"]), (200, "b"), "single object: returnOld, waitForSync")
    ins("s")
    r = emu.request("DELETE", "/_api/document/dshape?silent=true", {"_key": "s"})
    c.eq((r.status, r.json()), (202, {}), "single object: silent")
    # errors of a single remove are the request's errors
    c.eq(triple(emu.request("DELETE", "/_api/document/dshape", {"_key": "nope"})),
         (404, 1202, "document not found"), "single object: unknown key")
    # removeLocal reads "_key" only: "_id" alone (even of this collection) is no key
    ins("c")
    c.eq(triple(emu.request("DELETE", "/_api/document/dshape", {"_id": "dshape/c"})),
         (400, 1205, "illegal document identifier"), "single object: _id without _key")
    c.eq(triple(emu.request("DELETE", "/_api/document/dshape", {"_key": 12})),
         (400, 1205, "illegal document identifier"), "single object: non-string _key")
    # "_rev" is checked with ignoreRevs=false only; a body revision conflict is 409
    c_doc = emu.request("GET", "/_api/document/dshape/c").json()
    r = emu.request("DELETE", "/_api/document/dshape?ignoreRevs=false", {"_key": "c", "_rev": "_aaaaaaaaaa"})
    c.eq(triple(r), (409, 1200, "conflict, _rev values do not match"), "single object: _rev conflict")
    c.eq((r.json()["_key"], r.json()["_rev"]), ("c", c_doc["_rev"]), "conflict names the document")
    r = emu.request("DELETE", "/_api/document/dshape", {"_key": "c", "_rev": "_aaaaaaaaaa"})
    c.eq(r.status, 202, "single object: _rev ignored by default")
    # neither an array nor an object: refused before the collection is looked up
    for body in ('"a"', "12", "null"):
        c.eq(triple(emu.request("DELETE", "/_api/document/dshape", body)),
             (400, 400, "Request body not parseable"), f"body {body}")
    c.eq(triple(emu.request("DELETE", "/_api/document/nosuchcoll", "7")),
         (400, 400, "Request body not parseable"), "scalar body, unknown collection")
    c.eq(triple(emu.request("DELETE", "/_api/document/nosuchcoll", {"_key": "x"})),
         (404, 1203, "collection or view not found: nosuchcoll"), "object body, unknown collection")
    # arrays: strings lose what precedes a '/', objects need "_key"
    for k in ("d", "e", "f"):
        ins(k)
    r = emu.request("DELETE", "/_api/document/dshape",
                    ["dother/d", {"_id": "dshape/e"}, {"_key": "f"}, 5])
    items = r.json()
    c.eq(r.status, 202, "array: 202")
    c.eq(items[0].get("_key"), "d", "array: a string id of another collection names the key")
    c.eq((items[1].get("errorNum"), items[1].get("errorMessage")),
         (1205, "illegal document identifier"), "array: _id without _key")
    c.eq(items[2].get("_key"), "f", "array: object with _key")
    c.eq(items[3].get("errorNum"), 1227, "array: a number")
    c.eq(r.header("X-Arango-Error-Codes"), '{"1205":1,"1227":1}', "array: error codes")
    c.eq(emu.request("GET", "/_api/document/dshape/e").status, 200, "array: e kept")
    # the bulk read (documentLocal, extractKeyPart) reads selectors the same way
    r = emu.request("PUT", "/_api/document/dshape?onlyget=true", [{"_id": "dshape/e"}, "x/e"])
    c.eq([(i.get("errorNum"), i.get("_key")) for i in r.json()], [(1205, None), (None, "e")],
         "bulk read selectors")


# --- POST /_api/edges/<collection> ----------------------------------------------------------------

EDGES_USAGE = "expected POST /_api/edges/<collection-identifier>?direction=<direction>"


def check_edges_post(c, emu):
    mkcoll(emu, "ev")
    mkcoll(emu, "ee", type=3)
    for k in ("a", "b", "c"):
        emu.request("POST", "/_api/document/ev", {"_key": k})
    for k, f, t in (("e1", "a", "b"), ("e2", "b", "c"), ("e3", "c", "a")):
        emu.request("POST", "/_api/document/ee", {"_key": k, "_from": f"ev/{f}", "_to": f"ev/{t}"})

    def keys(direction, body):
        q = f"?direction={direction}" if direction is not None else ""
        r = emu.request("POST", f"/_api/edges/ee{q}", body)
        c.eq(r.status, 200, f"{direction} {body}: status")
        c.eq(list(r.json()), ["edges", "error", "code"], "no stats in the multi-vertex answer")
        return [e["_key"] for e in r.json()["edges"]]

    c.eq(keys("out", ["ev/a", "ev/b"]), ["e1", "e2"], "out of a and b")
    c.eq(keys("in", ["ev/a"]), ["e3"], "into a")
    c.eq(keys("inbound", ["ev/a", "ev/b"]), ["e3", "e1"], "inbound alias")
    # any: each vertex's outbound then inbound edges, every edge once
    c.eq(keys(None, ["ev/a", "ev/b"]), ["e1", "e3", "e2"], "any, edges once")
    c.eq(keys("any", []), [], "no vertices")
    c.eq(keys("out", ["ev/zzz", "nonsense"]), [], "unknown vertices")
    full = emu.request("POST", "/_api/edges/ee?direction=out", ["ev/a"]).json()["edges"][0]
    c.eq((full["_from"], full["_to"], full["_id"]), ("ev/a", "ev/b", "ee/e1"), "whole edge documents")
    # errors, in the handler's order: body, collection, direction, elements
    c.eq(triple(emu.request("POST", "/_api/edges/ee", "{broken")), (400, 400, EDGES_USAGE), "bad JSON")
    c.eq(triple(emu.request("POST", "/_api/edges/ee", {"a": 1})),
         (400, 400, "Expected an array of vertex _id's in body parameter"), "object body")
    c.eq(triple(emu.request("POST", "/_api/edges/ee")),
         (400, 400, "Expected an array of vertex _id's in body parameter"), "no body")
    c.eq(triple(emu.request("POST", "/_api/edges/nosuch", {"a": 1})),
         (400, 400, "Expected an array of vertex _id's in body parameter"), "body before collection")
    c.eq(triple(emu.request("POST", "/_api/edges/nosuch", ["ev/a"])),
         (404, 1203, "collection or view not found"), "unknown collection")
    c.eq(triple(emu.request("POST", "/_api/edges/ev", ["ev/a"])),
         (400, 1218, "collection type invalid"), "document collection")
    c.eq(triple(emu.request("POST", "/_api/edges/ee?direction=up", ["ev/a"])),
         (400, 400, "<direction> must by any, in, or out, not: up"), "bad direction")
    c.eq(triple(emu.request("POST", "/_api/edges/ee", ["ev/a", 1])),
         (500, 4, "VPack error: Expecting type String"), "non-string vertex")
    for path in ("/_api/edges", "/_api/edges/ee/x"):
        c.eq(triple(emu.request("POST", path, ["ev/a"])), (400, 400, EDGES_USAGE), f"POST {path}")
    # GET keeps its own shape
    r = emu.request("GET", "/_api/edges/ee?vertex=ev/a&direction=out")
    c.eq(("stats" in r.json(), [e["_key"] for e in r.json()["edges"]]), (True, ["e1"]), "GET unchanged")


# --- GET /_api/index/selectivity ------------------------------------------------------------------

def check_selectivity(c, emu):
    mkcoll(emu, "sel")
    mkcoll(emu, "seledge", type=3)
    p = emu.request("POST", "/_api/index?collection=sel", {"type": "persistent", "fields": ["a"]}).json()
    emu.request("POST", "/_api/index?collection=sel",
                {"type": "persistent", "fields": ["b"], "estimates": False})
    u = emu.request("POST", "/_api/index?collection=sel",
                    {"type": "persistent", "fields": ["c"], "unique": True, "estimates": False}).json()
    emu.request("POST", "/_api/index?collection=sel", {"type": "geo", "fields": ["g"]})
    r = emu.request("GET", "/_api/index/selectivity?collection=sel")
    c.eq(r.status, 200, "status")
    body = r.json()
    c.eq(list(body), ["error", "code", "indexes"], "keys")
    # primary, the persistent index with estimates, the unique one; not the one without
    # estimates, not geo
    c.eq(sorted(body["indexes"]), sorted(["sel/0", p["id"], u["id"]]), "indexes with an estimate")
    c.true(all(isinstance(v, (int, float)) and 0 < v <= 1 for v in body["indexes"].values()),
           f"estimates in (0, 1]: {body['indexes']}")
    # the edge index is two physical indexes (_from 1, _to 2)
    r = emu.request("GET", "/_api/index/selectivity?collection=seledge")
    c.eq(sorted(r.json()["indexes"]), ["seledge/0", "seledge/1", "seledge/2"], "edge collection")
    c.eq(triple(emu.request("GET", "/_api/index/selectivity")),
         (404, 1203, "collection or view not found"), "no collection")
    c.eq(triple(emu.request("GET", "/_api/index/selectivity?collection=nosuch")),
         (404, 1203, "collection or view not found: nosuch"), "unknown collection")
    c.eq(triple(emu.request("GET", "/_api/index/other?collection=sel")),
         (400, 400, "bad parameter"), "other single suffix")


# --- /_admin/log ---------------------------------------------------------------------------------

DATE_RE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
SUFFIX_GET = ("superfluous suffix, expecting /_admin/log/<suffix>, where suffix can be either "
              "'entries', 'level' or 'structured'")


def entries(emu, query=""):
    r = emu.request("GET", "/_admin/log/entries" + query)
    assert r.status == 200, r.text
    return r.json()


def check_log_entries(c, emu):
    # the startup message, as arangod logs it
    e = entries(emu, "?search=ready%20for%20business")
    c.eq(e["total"], 1, "startup message")
    m = e["messages"][0]
    c.eq(list(m), ["id", "topic", "level", "date", "message"], "message keys")
    c.eq((m["topic"], m["level"]), ("general", "INFO"), "startup topic and level")
    c.true(DATE_RE.match(m["date"]), f"date {m['date']}")
    c.true(m["message"].startswith("ArangoDB (version 3.12"), m["message"])
    # database and collection events
    emu.request("POST", "/_api/database", {"name": "logdb1"})
    emu.request("DELETE", "/_api/database/logdb1")
    texts = [x["message"] for x in entries(emu, "?search=LOGDB1")["messages"]]
    c.eq(len(texts), 2, f"created and dropped, search ignores case: {texts}")
    mkcoll(emu, "logcoll")
    c.eq([x["message"] for x in entries(emu, "?search=logcoll")["messages"]],
         ["created collection 'logcoll' in database '_system'"], "collection created")
    # a request answered with 500 logs an error
    mkcoll(emu, "logedge", type=3)
    emu.request("POST", "/_api/edges/logedge", [1])
    errs = entries(emu, "?level=error")
    c.true(errs["total"] >= 1 and all(x["level"] == "ERROR" for x in errs["messages"]),
           f"level=error: {errs}")
    c.true(any("/_api/edges/logedge" in x["message"] for x in errs["messages"]), "500 logged")
    # upto (default info) includes errors; level is that level only
    c.eq(entries(emu, "?level=warning")["total"], 0, "no warnings")
    c.true(entries(emu, "?upto=error")["total"] == errs["total"], "upto=error")
    c.true(entries(emu, "?upto=1")["total"] == errs["total"], "upto as a digit (1 = error)")
    # paging: offset, size, sort, start
    all_ = entries(emu)
    ids = [x["id"] for x in all_["messages"]]
    c.eq(ids, sorted(ids), "oldest first")
    page = entries(emu, "?offset=1&size=2")
    c.eq((page["total"], [x["id"] for x in page["messages"]]), (all_["total"], ids[1:3]), "offset, size")
    c.eq([x["id"] for x in entries(emu, "?sort=desc&size=3")["messages"]], ids[::-1][:3], "desc")
    c.eq([x["id"] for x in entries(emu, f"?start={ids[2]}")["messages"]], ids[2:], "start")
    c.eq(entries(emu, "?offset=99999")["messages"], [], "offset past the end")
    c.eq(triple(emu.request("GET", "/_admin/log/entries?upto=bogus")),
         (400, 400, "unknown 'upto' log level: 'bogus'"), "bad upto")
    c.eq(triple(emu.request("GET", "/_admin/log?level=LOUD&upto=info")),
         (400, 400, "unknown 'level' log level: 'loud'"), "bad level (level wins over upto)")


def check_log_legacy(c, emu):
    r = emu.request("GET", "/_admin/log")
    c.eq(r.status, 200, "status")
    b = r.json()
    c.eq(list(b), ["totalAmount", "lid", "topic", "level", "timestamp", "text"], "keys")
    n = len(b["lid"])
    c.eq(n, b["totalAmount"], "all entries")
    c.true(n > 0 and all(len(b[k]) == n for k in ("topic", "level", "timestamp", "text")),
           "parallel arrays")
    c.true(set(b["level"]) <= {1, 2, 3} and 3 in b["level"],
           f"numeric levels (1 error, 2 warning, 3 info): {set(b['level'])}")
    c.true(all(isinstance(t, int) for t in b["timestamp"]), "whole seconds")
    p = emu.request("GET", "/_admin/log?offset=1&size=1").json()
    c.eq((p["totalAmount"], p["lid"]), (n, b["lid"][1:2]), "offset, size")
    p = emu.request("GET", "/_admin/log?offset=-5&size=1").json()
    c.eq(p["lid"], b["lid"][:1], "negative offset counts as 0")
    p = emu.request("GET", "/_admin/log?offset=" + str(n)).json()
    c.eq((p["totalAmount"], p["lid"], p["text"]), (n, [], []), "offset at the end")


def check_log_clear_and_bound(c, emu):
    r = emu.request("DELETE", "/_admin/log/entries")
    c.eq((r.status, r.json()), (200, {"error": False, "code": 200, "result": {}}), "clear")
    c.eq(entries(emu)["total"], 0, "cleared")
    mkcoll(emu, "logafter")
    e = entries(emu)
    c.eq([x["id"] for x in e["messages"]], [0], "ids restart at 0")
    c.eq(emu.request("DELETE", "/_admin/log").status, 200, "DELETE /_admin/log clears too")
    # the ring keeps the last 2,048 entries
    for i in range(1100):
        emu.request("POST", "/_api/collection", {"name": f"lg{i}"})
        emu.request("DELETE", f"/_api/collection/lg{i}")
    e = entries(emu)
    ids = [x["id"] for x in e["messages"]]
    c.eq(e["total"], 2048, "bounded")
    c.eq(ids, list(range(2200 - 2048, 2200)), "the newest, in order")
    c.eq(e["messages"][-1]["message"], "dropped collection 'lg1099' in database '_system'", "last")
    # messages are cut at 255 bytes, never inside a UTF-8 sequence: byte 255 of
    # "created collection '<120 bytes>' in database 'x<59 x 2 bytes>'" is inside an é
    db, coll = "x" + "\u00e9" * 59, "\u00e9" * 60
    qdb = urllib.parse.quote(db, safe="")
    c.eq(emu.request("POST", "/_api/database", {"name": db}).status, 201, "extended database name")
    c.eq(emu.request("POST", f"/_db/{qdb}/_api/collection", {"name": coll}).status, 200,
         "extended collection name")
    m = entries(emu, "?size=1&sort=desc")["messages"][0]["message"]
    c.eq((len(m.encode("utf-8")), m[:20]), (254, "created collection '"), "cut before the é")
    emu.request("DELETE", f"/_api/database/{qdb}")


TOPICS_3_12 = [
    "agency", "agencycomm", "agencystore", "aql", "arangosearch", "authentication",
    "authorization", "backup", "cache", "cluster", "communication", "config", "crash",
    "deprecation", "development", "dump", "engines", "flush", "general", "graphs", "heartbeat",
    "httpclient", "libiresearch", "license", "maintenance", "memory", "queries", "rep-state",
    "rep-wal", "replication", "replication2", "requests", "restore", "rocksdb", "ssl", "startup",
    "supervision", "syscall", "threads", "trx", "ttl", "v8", "validation", "views"]


def check_log_levels(c, emu):
    r = emu.request("GET", "/_admin/log/level")
    c.eq(r.status, 200, "status")
    lv = r.json()
    c.eq(list(lv), TOPICS_3_12, "lib/Logger/Topics.h topics, sorted")
    c.eq((lv["general"], lv["agencystore"], lv["requests"], lv["views"], lv["authorization"]),
         ("INFO", "WARNING", "FATAL", "FATAL", "DEFAULT"), "defaults")
    r = emu.request("PUT", "/_admin/log/level", {"aql": "debug", "queries": "Trace"})
    lv = r.json()
    c.eq((r.status, lv["aql"], lv["queries"], lv["ttl"]), (200, "DEBUG", "TRACE", "WARNING"), "PUT object")
    # 3.12 deserializes the object first (LogLevels' inspection): a bad level or topic is 400
    # and changes nothing (texts as arangod's own tests/js/client/admin/log test them)
    for body, message in [
            ({"all": "error", "general": "invalidLevel"},
             "Failed to update log levels: Unknown enum value INVALIDLEVEL at path ['general']"),
            ({"all": "error", "invalidTopic": "error"}, "Failed to update log levels: Unknown log topic invalidTopic")]:
        c.eq(triple(emu.request("PUT", "/_admin/log/level", body)), (400, 400, message), f"PUT {body}")
        c.eq(emu.request("GET", "/_admin/log/level").json(), lv, "nothing changed")
    c.eq(triple(emu.request("PUT", "/_admin/log/level", {"ttl": 5}))[:2], (400, 400), "a level that is no string")
    lv = emu.request("PUT", "/_admin/log/level", {"all": "info", "syscall": "trace"}).json()
    c.eq({t: v for t, v in lv.items() if v != "INFO"}, {"syscall": "TRACE"}, "all first, then the topics")
    lv = emu.request("PUT", "/_admin/log/level", '"warning"').json()
    c.eq(lv["general"], "WARNING", "PUT a string: the general level")
    lv = emu.request("PUT", "/_admin/log/level", '"all=error"').json()
    c.eq(set(lv.values()), {"ERROR"}, "all=error")
    # a general level above INFO keeps INFO messages out of the buffer
    before = entries(emu)["total"]
    mkcoll(emu, "quiet")
    c.eq(entries(emu)["total"], before, "INFO not kept at level ERROR")
    r = emu.request("DELETE", "/_admin/log/level")
    c.eq((r.status, r.json()["general"], r.json()["aql"], r.json()["authorization"]),
         (200, "INFO", "INFO", "DEFAULT"), "DELETE resets")
    c.eq(triple(emu.request("PUT", "/_admin/log/level", "{x"))[:2], (400, 600), "bad JSON")


def check_log_levels_with_appenders(c, emu):
    # withAppenders=true: the global levels and those of each appender (the emulator has
    # arangod's stdout appender "-"); a global level is each appender's too, and the global
    # level of a topic is the most verbose of its own and its appenders'
    emu.request("DELETE", "/_admin/log/level")
    plain = emu.request("GET", "/_admin/log/level").json()
    r = emu.request("GET", "/_admin/log/level?withAppenders=true")
    b = r.json()
    c.eq((r.status, list(b), list(b["appenders"])), (200, ["global", "appenders"], ["-"]), "shape")
    c.eq((b["global"], b["appenders"]["-"]), (plain, plain), "the defaults, for the appender too")
    body = {"global": {"all": "error"}, "appenders": {"invalidAppender": {"all": "debug"}}}
    c.eq(triple(emu.request("PUT", "/_admin/log/level?withAppenders=true", body)),
         (400, 400, "Failed to update log levels: Unknown appender invalidAppender"), "unknown appender")
    c.eq(emu.request("GET", "/_admin/log/level?withAppenders=true").json(), b, "nothing changed")
    r = emu.request("PUT", "/_admin/log/level?withAppenders=true", {"appenders": {"-": {"queries": "trace"}}})
    c.eq((r.json()["appenders"]["-"]["queries"], r.json()["global"]["queries"]), ("TRACE", "TRACE"),
         "a more verbose appender level raises the global one")
    r = emu.request("PUT", "/_admin/log/level?withAppenders=true",
                    {"global": {"queries": "debug"}, "appenders": {"-": {"queries": "trace"}}})
    c.eq((r.json()["appenders"]["-"]["queries"], r.json()["global"]["queries"]), ("TRACE", "TRACE"), "both")
    r = emu.request("PUT", "/_admin/log/level?withAppenders=true", {"appenders": {"-": {"queries": "error"}}})
    c.eq((r.json()["appenders"]["-"]["queries"], r.json()["global"]["queries"]), ("ERROR", "DEBUG"),
         "a less verbose appender level leaves the global one as set")
    c.eq(emu.request("GET", "/_admin/log/level").json()["queries"], "DEBUG", "the plain form: the global level")
    r = emu.request("PUT", "/_admin/log/level?withAppenders=true", {"global": {"aql": "warning"}})
    c.eq((r.json()["appenders"]["-"]["aql"], r.json()["global"]["aql"]), ("WARNING", "WARNING"),
         "a global level sets the appender's")
    c.eq(triple(emu.request("PUT", "/_admin/log/level?withAppenders=true", {"levels": {}}))[:2], (400, 400),
         "an unknown attribute")
    r = emu.request("DELETE", "/_admin/log/level?withAppenders=true")
    c.eq((r.json()["global"], r.json()["appenders"]["-"]), (plain, plain), "DELETE resets the appender too")


def check_log_structured(c, emu):
    c.eq(emu.request("GET", "/_admin/log/structured").json(), {}, "none by default")
    r = emu.request("PUT", "/_admin/log/structured", {"database": True, "url": True, "bogus": True,
                                                      "username": "yes"})
    c.eq((r.status, r.json()), (200, {"database": True, "url": True}), "allow list, booleans only")
    r = emu.request("PUT", "/_admin/log/structured", {"url": False})
    c.eq(r.json(), {"database": True}, "switched off")
    c.eq(emu.request("GET", "/_admin/log/structured").json(), {"database": True}, "kept")


def check_log_routing(c, emu):
    c.eq(triple(emu.request("GET", "/_admin/log/bogus")), (400, 601, SUFFIX_GET), "GET suffix")
    c.eq(triple(emu.request("GET", "/_admin/log/level/x")), (400, 601, SUFFIX_GET), "two suffixes")
    c.eq(triple(emu.request("PUT", "/_admin/log", {})),
         (400, 601, "provide a suffix, expecting /_admin/log/<suffix>, where suffix can be either "
                    "'level' or 'structured'"), "PUT without suffix")
    c.eq(triple(emu.request("PUT", "/_admin/log/entries", {})),
         (400, 601, "superfluous suffix, expecting /_admin/log/<suffix>, where suffix can be "
                    "either 'level' or 'structured'"), "PUT entries")
    c.eq(triple(emu.request("DELETE", "/_admin/log/structured")),
         (400, 601, "superfluous suffix, expecting /_admin/log/<suffix>, where suffix can be "
                    "either omitted or 'level'"), "DELETE structured")
    c.eq(triple(emu.request("POST", "/_admin/log", {})), (405, 405, "method not supported"), "POST")
    c.eq(emu.request("GET", "/_db/_system/_admin/log/level").status, 200, "with a database prefix")


def check_log_permissions(c, exe):
    root = basic("root", "pw")
    emu = Emulator(exe, "--root-password", "pw")
    try:
        r = emu.request("POST", "/_api/user", {"user": "logu", "passwd": "x"}, auth=root)
        c.eq(r.status, 201, "user created")
        # no access to _system at all is refused before the handler (401)
        c.eq(emu.request("GET", "/_admin/log", auth=basic("logu", "x")).status, 401, "no access")
        # read-only on _system is no admin (ExecContext::isAdminUser)
        emu.request("PUT", "/_api/user/logu/database/_system", {"grant": "ro"}, auth=root)
        for path in ("/_admin/log", "/_admin/log/entries", "/_admin/log/level"):
            c.eq(triple(emu.request("GET", path, auth=basic("logu", "x"))),
                 (403, 403, "you need admin rights for log operations"), f"non-admin {path}")
        c.eq(emu.request("GET", "/_admin/log/level", auth=root).status, 200, "root")
        emu.request("PUT", "/_api/user/logu/database/_system", {"grant": "rw"}, auth=root)
        c.eq(emu.request("GET", "/_admin/log/entries", auth=basic("logu", "x")).status, 200,
             "rw on _system is admin")
    finally:
        c.stop(emu)


def run(c, exe):
    with started(c, exe, "--no-auth") as emu:
        c.run("DELETE /_api/document body shapes", check_delete_body_shapes, emu)
        c.run("POST /_api/edges", check_edges_post, emu)
        c.run("GET /_api/index/selectivity", check_selectivity, emu)
        c.run("/_admin/log/entries", check_log_entries, emu)
        c.run("/_admin/log (legacy format)", check_log_legacy, emu)
        c.run("/_admin/log/level", check_log_levels, emu)
        c.run("/_admin/log/level?withAppenders=true", check_log_levels_with_appenders, emu)
        c.run("/_admin/log/structured", check_log_structured, emu)
        c.run("/_admin/log routing", check_log_routing, emu)
        c.run("/_admin/log clear, bound", check_log_clear_and_bound, emu)
        drop_collections(emu)
    c.run("/_admin/log permissions", check_log_permissions, exe)
    return c.report()


if __name__ == "__main__":
    sys.exit(emutest.suite_main(__doc__, run))
