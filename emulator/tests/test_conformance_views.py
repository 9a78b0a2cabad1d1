#!/usr/bin/env python3
"""Conformance tests of arango-emulator for the view API (/_api/view), python3 standard
library only.

    test_conformance_views.py PATH/TO/arango-emulator

Replays the ArangoDB 3.12 view transcripts in data/transcripts-views.jsonl against an
emulator started with --no-auth, rebuilding each example's set-up (collections, inverted
indexes, views) from its example_code. Status, the special headers and the standard header
block, and the body's keys (in order), types and values are compared; ids and
globallyUniqueIds only by type. Examples whose set-up needs an inverted index are reported as
SKIP when the emulator has no inverted indexes. Then targeted checks cover what the
transcripts do not show: the errors (1203, 1207, 1208, bad links, bad properties, bad
bodies and suffixes), PUT replacing and PATCH merging, immutable properties, rename, the
shared view/collection namespace, links following collection renames and drops, views per
database, and the bounds on link nesting.
"""
import json
import os
import sys
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import emutest  # noqa: E402  (shared infrastructure)
from emutest import check_recorded_headers, compare_json, error_of, load_jsonl, mkcoll, started  # noqa: E402

TRANSCRIPTS = os.path.join(HERE, "data", "transcripts-views.jsonl")

DEFAULT_POLICY = {"type": "tier", "segmentsBytesMax": 8589934592, "maxSkewThreshold": 0.4,
                  "minDeletionRatio": 0.5}


def volatile(path, _value):
    return bool(path) and path[-1] in ("id", "globallyUniqueId")


def q(name):
    return urllib.parse.quote(name, safe="")


def drop_all(emu):
    r = emu.request("GET", "/_api/view")
    for v in r.json()["result"]:
        emu.request("DELETE", "/_api/view/" + q(v["name"]))
    emutest.drop_collections(emu)


def create_view(emu, name, vtype, **props):
    body = {"name": name, "type": vtype}
    body.update(props)
    r = emu.request("POST", "/_api/view", body)
    assert r.status == 201, r.text
    return r.json()


class NeedsInverted(Exception):
    pass


def inverted(emu, coll, name, fields):
    r = emu.request("POST", "/_api/index?collection=" + q(coll),
                    {"type": "inverted", "name": name, "fields": fields})
    if r.status not in (200, 201):
        raise NeedsInverted(f"no inverted index in this emulator: {r.status} {r.text[:120]}")


# The set-up of each example (its example_code before the logged request); returns the path
# to send (the recorded one with the recorded view id replaced by the new one).
def setup(emu, example, rec):
    path = rec["path"]
    if example == "RestViewGetAllViews":
        create_view(emu, "demoView", "arangosearch")
        create_view(emu, "productsView", "search-alias")
        create_view(emu, "reviewsView", "arangosearch")
    elif example in ("RestViewGetViewPropertiesIdentifierSearchAlias",
                     "RestViewGetViewPropertiesNameSearchAlias"):
        mkcoll(emu, "books")
        inverted(emu, "books", "inv-idx", [{"name": "title", "analyzer": "text_en"}])
        v = create_view(emu, "productsView", "search-alias",
                        indexes=[{"collection": "books", "index": "inv-idx"}])
        path = path.replace("75199", v["id"])
    elif example == "RestViewGetViewPropertiesNameArangoSearch":
        mkcoll(emu, "books")
        create_view(emu, "productsView", "arangosearch",
                    links={"books": {"fields": {"title": {"analyzers": ["text_en"]}}}})
    elif example == "RestViewPatchPropertiesArangoSearch":
        mkcoll(emu, "users")
        mkcoll(emu, "products")
        create_view(emu, "productsView", "arangosearch", cleanupIntervalStep=666,
                    commitIntervalMsec=666, consolidationIntervalMsec=666,
                    links={"users": {"includeAllFields": True},
                           "products": {"fields": {"description": {"analyzers": ["text_en"]}}}})
    elif example == "RestViewPatchPropertiesSearchAlias":
        mkcoll(emu, "books")
        inverted(emu, "books", "inv_title", ["title"])
        inverted(emu, "books", "inv_descr", ["description"])
        create_view(emu, "productsView", "search-alias",
                    indexes=[{"collection": "books", "index": "inv_title"}])
    elif example == "RestViewPostViewSearchAlias":
        mkcoll(emu, "books")
        inverted(emu, "books", "inv-idx", [{"name": "title", "analyzer": "text_en"}])
    elif example == "RestViewPutRename":
        create_view(emu, "productsView", "arangosearch")
    else:
        raise AssertionError(f"no set-up for {example}")
    return path


def replay(c, emu, rec, skipped):
    example = rec["example"].rsplit("_", 1)[0]
    drop_all(emu)
    try:
        path = setup(emu, example, rec)
    except NeedsInverted as exc:
        skipped.append(f"{rec['id']}: {exc}")
        print(f"SKIP {rec['id']}: {exc}")
        return
    body = None if rec["request_body"] is None else json.dumps(rec["request_body"])
    r = emu.request(rec["method"], path, body)
    c.eq(r.status, rec["status"], "status")
    check_recorded_headers(c, rec, r)
    compare_json(c, rec["response_body"], r.json(), volatile=volatile)


# ---------------------------------------------------------------------------
# Targeted checks
# ---------------------------------------------------------------------------

def check_errors_of_create(c, emu):
    drop_all(emu)
    mkcoll(emu, "coll")
    c.eq(error_of(emu.request("POST", "/_api/view", "[1]"))[:3],
         (400, 10, "request body is not an object"), "array body")
    c.eq(error_of(emu.request("POST", "/_api/view", "{}"))[:2], (400, 600), "empty object")
    c.eq(error_of(emu.request("POST", "/_api/view", "{nope"))[:2], (400, 600), "unparsable body")
    c.eq(error_of(emu.request("POST", "/_api/view", {"type": "arangosearch"}))[:2], (400, 10),
         "name missing")
    c.eq(error_of(emu.request("POST", "/_api/view", {"name": "v"}))[:2], (400, 10), "type missing")
    c.eq(error_of(emu.request("POST", "/_api/view", {"name": "v", "type": "bogus"}))[:2], (400, 10),
         "unknown type")
    c.eq(error_of(emu.request("POST", "/_api/view", {"name": "1bad/name", "type": "arangosearch"}))[:2],
         (400, 1208), "illegal name")
    c.eq(error_of(emu.request("POST", "/_api/view/x", {"name": "v", "type": "arangosearch"})),
         (400, 10, "expecting POST /_api/view"), "suffix on POST")
    # the namespace is shared with collections, both ways
    c.eq(error_of(emu.request("POST", "/_api/view", {"name": "coll", "type": "arangosearch"}))[:2],
         (409, 1207), "view named like a collection")
    create_view(emu, "v1", "arangosearch")
    c.eq(error_of(emu.request("POST", "/_api/view", {"name": "v1", "type": "search-alias"}))[:2],
         (409, 1207), "duplicate view")
    c.eq(error_of(emu.request("POST", "/_api/collection", {"name": "v1"}))[:2], (409, 1207),
         "collection named like a view")
    c.eq(error_of(emu.request("PUT", "/_api/collection/coll/rename", {"name": "v1"}))[:2], (409, 1207),
         "collection renamed to a view's name")
    # links: unknown collection (404/1203), bad values, unknown analyzer (400/10); nothing created
    r = emu.request("POST", "/_api/view", {"name": "v2", "type": "arangosearch", "links": {"nope": {}}})
    c.eq(error_of(r), (404, 1203, "while validating arangosearch link definition, error: "
                                  "collection 'nope' not found"), "link to an unknown collection")
    r = emu.request("POST", "/_api/view", {"name": "v2", "type": "arangosearch",
                                           "links": {"coll": {"includeAllFields": "yes"}}})
    c.eq(error_of(r), (400, 10, "while validating arangosearch link definition, error: invalid link "
                                "definition for collection 'coll' error in attribute: includeAllFields"),
         "bad includeAllFields")
    r = emu.request("POST", "/_api/view", {"name": "v2", "type": "arangosearch",
                                           "links": {"coll": {"fields": {"a": {"analyzers": ["nope"]}}}}})
    c.eq(error_of(r)[:2], (400, 10), "unknown analyzer")
    c.true("fields.a.analyzers.nope" in error_of(r)[2], f"field path in {error_of(r)[2]}")
    r = emu.request("POST", "/_api/view", {"name": "v2", "type": "arangosearch",
                                           "links": {"coll": {"storeValues": "all"}}})
    c.eq(error_of(r)[:2], (400, 10), "bad storeValues")
    # view properties
    r = emu.request("POST", "/_api/view", {"name": "v2", "type": "arangosearch", "cleanupIntervalStep": "x"})
    c.eq(error_of(r)[:2], (400, 10), "bad cleanupIntervalStep")
    c.true(error_of(r)[2].startswith("failed to initialize arangosearch View from definition, error in "
                                     "attribute 'cleanupIntervalStep': "), error_of(r)[2])
    r = emu.request("POST", "/_api/view", {"name": "v2", "type": "arangosearch",
                                           "consolidationPolicy": {"type": "nope"}})
    c.true("'consolidationPolicy.type'" in error_of(r)[2], error_of(r)[2])
    r = emu.request("POST", "/_api/view", {"name": "v2", "type": "arangosearch",
                                           "primarySort": [{"field": "a", "direction": "up"}]})
    c.true("'primarySort[0].direction'" in error_of(r)[2], error_of(r)[2])
    r = emu.request("POST", "/_api/view", {"name": "v2", "type": "arangosearch", "commitIntervalMsec": -1})
    c.eq(error_of(r)[:2], (400, 10), "negative commitIntervalMsec")
    c.eq(emu.request("GET", "/_api/view/v2").status, 404, "no view after failed creations")
    # search-alias over a missing collection / index
    r = emu.request("POST", "/_api/view", {"name": "v3", "type": "search-alias",
                                           "indexes": [{"collection": "nope", "index": "i"}]})
    c.eq(error_of(r)[:2], (404, 1203), "search-alias: unknown collection")
    r = emu.request("POST", "/_api/view", {"name": "v3", "type": "search-alias",
                                           "indexes": [{"collection": "coll", "index": "i"}]})
    c.eq(error_of(r)[:2], (404, 1212), "search-alias: unknown index")


def check_unknown_view(c, emu):
    drop_all(emu)
    expected = (404, 1203, "collection or view not found")
    c.eq(error_of(emu.request("GET", "/_api/view/nope")), expected, "GET")
    c.eq(error_of(emu.request("GET", "/_api/view/nope/properties")), expected, "GET properties")
    c.eq(error_of(emu.request("PUT", "/_api/view/nope/properties", {})), expected, "PUT")
    c.eq(error_of(emu.request("PATCH", "/_api/view/nope/properties", {})), expected, "PATCH")
    c.eq(error_of(emu.request("PUT", "/_api/view/nope/rename", {"name": "x"})), expected, "rename")
    c.eq(error_of(emu.request("DELETE", "/_api/view/nope")), expected, "DELETE")
    create_view(emu, "v", "arangosearch")
    c.eq(error_of(emu.request("GET", "/_api/view/v/links"))[:2], (400, 10), "GET unknown suffix")
    c.eq(error_of(emu.request("PUT", "/_api/view/v/links", {}))[:2], (400, 10), "PUT unknown suffix")
    c.eq(error_of(emu.request("DELETE", "/_api/view/v/x"))[:2], (400, 10), "DELETE with a suffix")
    c.eq(error_of(emu.request("PUT", "/_api/view/v/rename", {"name": 1})),
         (400, 10, 'expecting "name" parameter to be a string'), "rename without a name")


def check_defaults_and_normalisation(c, emu):
    drop_all(emu)
    mkcoll(emu, "c")
    v = create_view(emu, "v", "arangosearch",
                    primarySort=[{"field": "a", "direction": "DESC"}, {"field": "b", "asc": True}],
                    storedValues=["x", ["y", "z"], {"fields": ["w"], "compression": "none"}, "x"],
                    links={"c": {"analyzers": ["identity", "text_en", "identity"],
                                 "fields": {"a": {"fields": {"b": {"trackListPositions": True}}},
                                            "t": {"analyzers": ["identity"]}}}})
    c.eq(list(v.keys()), ["globallyUniqueId", "id", "name", "type", "cleanupIntervalStep",
                          "commitIntervalMsec", "consolidationIntervalMsec", "consolidationPolicy",
                          "optimizeTopK", "primarySort", "primarySortCompression", "storedValues",
                          "writebufferActive", "writebufferIdle", "writebufferSizeMax", "links"],
         "keys of the create answer")
    c.true(v["globallyUniqueId"].endswith("/" + v["id"]), "globallyUniqueId ends with the id")
    c.eq(v["primarySort"], [{"field": "a", "asc": False}, {"field": "b", "asc": True}], "primarySort")
    c.eq(v["storedValues"], [{"fields": ["x"], "compression": "lz4"},
                             {"fields": ["y", "z"], "compression": "lz4"},
                             {"fields": ["w"], "compression": "none"}], "storedValues")
    c.eq(v["consolidationPolicy"], DEFAULT_POLICY, "consolidationPolicy")
    c.eq((v["cleanupIntervalStep"], v["commitIntervalMsec"], v["consolidationIntervalMsec"]),
         (2, 1000, 5000), "intervals")
    c.eq(v["links"], {"c": {"analyzers": ["identity", "text_en"],
                            "fields": {"a": {"fields": {"b": {"trackListPositions": True}}},
                                       "t": {"analyzers": ["identity"]}},
                            "includeAllFields": False, "storeValues": "none",
                            "trackListPositions": False}}, "links")
    info = emu.request("GET", "/_api/view/v").json()
    c.eq(info, {"error": False, "code": 200, "globallyUniqueId": v["globallyUniqueId"], "id": v["id"],
                "name": "v", "type": "arangosearch"}, "GET /_api/view/v")
    by_id = emu.request("GET", "/_api/view/" + v["id"] + "/properties").json()
    c.eq(by_id["name"], "v", "lookup by id")
    r = emu.request("POST", "/_api/view", {"name": "b2", "type": "arangosearch",
                                           "consolidationPolicy": {"type": "bytes_accum", "threshold": 0.1}})
    c.eq(r.json()["consolidationPolicy"], {"type": "bytes_accum", "threshold": 0.1}, "bytes_accum")


def check_put_and_patch(c, emu):
    drop_all(emu)
    mkcoll(emu, "a")
    mkcoll(emu, "b")
    create_view(emu, "v", "arangosearch", cleanupIntervalStep=7, commitIntervalMsec=77,
                primarySortCompression="none", links={"a": {}, "b": {"includeAllFields": True}})
    # PATCH: given properties only; links merged per collection; immutable ones ignored
    r = emu.request("PATCH", "/_api/view/v/properties",
                    {"commitIntervalMsec": 500, "primarySortCompression": "lz4", "writebufferIdle": 1,
                     "links": {"a": {"storeValues": "id"}}})
    c.eq(r.status, 200, "PATCH status")
    p = r.json()
    c.eq((p["cleanupIntervalStep"], p["commitIntervalMsec"]), (7, 500), "PATCH keeps what is not given")
    c.eq((p["primarySortCompression"], p["writebufferIdle"]), ("none", 64), "immutable kept on PATCH")
    c.eq(sorted(p["links"]), ["a", "b"], "PATCH keeps other links")
    c.eq(p["links"]["a"]["storeValues"], "id", "PATCH replaces a's link")
    c.eq(p["links"]["b"]["includeAllFields"], True, "b untouched")
    # PUT: the mutable properties not given go back to their defaults, links not given go
    r = emu.request("PUT", "/_api/view/v/properties", {"links": {"b": {}}})
    p = r.json()
    c.eq((p["cleanupIntervalStep"], p["commitIntervalMsec"]), (2, 1000), "PUT resets to defaults")
    c.eq(p["primarySortCompression"], "none", "immutable kept on PUT")
    c.eq(p["links"], {"b": {"analyzers": ["identity"], "fields": {}, "includeAllFields": False,
                            "storeValues": "none", "trackListPositions": False}}, "PUT replaces links")
    r = emu.request("PUT", "/_api/view/v/properties", {})
    c.eq(r.json()["links"], {}, "PUT without links drops them all")
    # a failing update changes nothing
    r = emu.request("PATCH", "/_api/view/v/properties", {"cleanupIntervalStep": 9, "links": {"zz": {}}})
    c.eq(error_of(r)[:2], (404, 1203), "PATCH with an unknown link collection")
    r = emu.request("PATCH", "/_api/view/v/properties", {"consolidationIntervalMsec": "x"})
    c.true(error_of(r)[2].startswith("failed to update arangosearch view 'v' from definition, error in "
                                     "attribute 'consolidationIntervalMsec': "), error_of(r)[2])
    c.eq(emu.request("GET", "/_api/view/v/properties").json()["cleanupIntervalStep"], 2,
         "nothing applied by failed updates")
    # link removal with null
    emu.request("PATCH", "/_api/view/v/properties", {"links": {"a": {}, "b": {}}})
    p = emu.request("PATCH", "/_api/view/v/properties", {"links": {"a": None}}).json()
    c.eq(list(p["links"]), ["b"], "null removes a link")
    # GET properties: arangod's key order after error and code
    g = emu.request("GET", "/_api/view/v/properties").json()
    c.eq(list(g.keys())[:4], ["error", "code", "writebufferSizeMax", "writebufferIdle"], "GET key order")


def check_rename_and_collections(c, emu):
    drop_all(emu)
    mkcoll(emu, "c1")
    mkcoll(emu, "c2")
    create_view(emu, "v", "arangosearch", links={"c1": {}, "c2": {}})
    r = emu.request("PUT", "/_api/view/v/rename", {"name": "w"})
    c.eq(r.status, 200, "rename status")
    c.eq(r.json()["name"], "w", "renamed")
    c.eq(emu.request("GET", "/_api/view/v").status, 404, "old name gone")
    c.eq(error_of(emu.request("PUT", "/_api/view/w/rename", {"name": "c1"}))[:2], (409, 1207),
         "rename onto a collection")
    c.eq(error_of(emu.request("PUT", "/_api/view/w/rename", {"name": "_bad"}))[:2], (400, 1208),
         "rename to an illegal name")
    c.eq(emu.request("PUT", "/_api/view/w/rename", {"name": "w"}).status, 200, "rename to itself")
    # links follow the collection's rename and leave with its drop
    emu.request("PUT", "/_api/collection/c1/rename", {"name": "c1new"})
    links = emu.request("GET", "/_api/view/w/properties").json()["links"]
    c.eq(sorted(links), ["c1new", "c2"], "link follows a collection rename")
    emu.request("DELETE", "/_api/collection/c2")
    links = emu.request("GET", "/_api/view/w/properties").json()["links"]
    c.eq(list(links), ["c1new"], "collection drop removes its link")
    mkcoll(emu, "c2")
    links = emu.request("GET", "/_api/view/w/properties").json()["links"]
    c.eq(list(links), ["c1new"], "a new collection of the old name is not linked")
    # delete
    r = emu.request("DELETE", "/_api/view/w")
    c.eq((r.status, r.json()), (200, {"error": False, "code": 200, "result": True}), "DELETE")
    c.eq(emu.request("POST", "/_api/collection", {"name": "w"}).status, 200,
         "the name is free after the drop")


def check_list_and_databases(c, emu):
    drop_all(emu)
    for name in ("beta", "Alpha", "gamma"):
        create_view(emu, name, "arangosearch")
    r = emu.request("GET", "/_api/view")
    body = r.json()
    c.eq((body["error"], body["code"]), (False, 200), "list envelope")
    c.eq([v["name"] for v in body["result"]], ["Alpha", "beta", "gamma"], "sorted case-insensitively")
    c.eq(list(body["result"][0].keys()), ["globallyUniqueId", "id", "name", "type"], "summary keys")
    emu.request("POST", "/_api/database", {"name": "viewsdb"})
    c.eq(emu.request("GET", "/_db/viewsdb/_api/view").json()["result"], [], "views are per database")
    c.eq(emu.request("GET", "/_db/viewsdb/_api/view/beta").status, 404, "other database's view")
    r = emu.request("POST", "/_db/viewsdb/_api/view", {"name": "beta", "type": "arangosearch"})
    c.eq(r.status, 201, "same name in another database")
    emu.request("DELETE", "/_api/database/viewsdb")


def check_bounds(c, emu):
    drop_all(emu)
    mkcoll(emu, "c")
    fields = {}
    for _ in range(40):
        fields = {"f": {"fields": fields}}
    r = emu.request("POST", "/_api/view", {"name": "deep", "type": "arangosearch",
                                           "links": {"c": {"fields": fields}}})
    c.eq(error_of(r)[:2], (400, 10), "fields nested 40 deep")
    fields = {}
    for _ in range(10):
        fields = {"f": {"fields": fields}}
    r = emu.request("POST", "/_api/view", {"name": "deep", "type": "arangosearch",
                                           "links": {"c": {"fields": fields}}})
    c.eq(r.status, 201, "fields nested 10 deep")
    big = {"name": "many", "type": "arangosearch", "links": {f"c{i}": {} for i in range(5000)}}
    c.eq(error_of(emu.request("POST", "/_api/view", big))[:2], (400, 10), "5000 links")


def check_aql_over_view(c, emu):
    drop_all(emu)
    mkcoll(emu, "a")
    mkcoll(emu, "b")
    mkcoll(emu, "unlinked")
    emu.request("POST", "/_api/document/a", [{"_key": "a1", "n": 1}, {"_key": "a2", "n": 2}])
    emu.request("POST", "/_api/document/b", {"_key": "b1", "n": 3})
    emu.request("POST", "/_api/document/unlinked", {"_key": "u1", "n": 4})
    create_view(emu, "v", "arangosearch", links={"a": {}, "b": {"includeAllFields": True}})
    # a new link shows the existing documents after its first commit (commitIntervalMsec), as
    # on a real 3.12; a waitForSync SEARCH commits it now
    r = emu.request("POST", "/_api/cursor", {"query": "FOR d IN v SEARCH true OPTIONS {waitForSync: true} RETURN 1"})
    c.eq(r.status, 201, "waitForSync SEARCH")
    r = emu.request("POST", "/_api/cursor", {"query": "FOR d IN v SORT d._id RETURN d._id"})
    c.eq(r.status, 201, "query status")
    c.eq(r.json()["result"], ["a/a1", "a/a2", "b/b1"], "FOR over a view reads its linked collections")
    r = emu.request("POST", "/_api/cursor", {"query": "FOR d IN @@v FILTER d.n > 1 RETURN d.n",
                                             "bindVars": {"@v": "v"}})
    c.eq(sorted(r.json()["result"]), [2, 3], "bound view with FILTER")
    emu.request("PATCH", "/_api/view/v/properties", {"links": {"a": None}})
    r = emu.request("POST", "/_api/cursor", {"query": "FOR d IN v RETURN d._key"})
    c.eq(r.json()["result"], ["b1"], "an unlinked collection leaves the view's results")
    r = emu.request("POST", "/_api/cursor", {"query": "FOR d IN nope RETURN d"})
    c.eq(error_of(r)[:2], (404, 1203), "unknown data source")


def check_analyzers_in_links(c, emu):
    drop_all(emu)
    mkcoll(emu, "c")
    r = emu.request("POST", "/_api/analyzer", {"name": "viewsAnalyzer", "type": "identity"})
    c.true(r.status in (200, 201), f"analyzer created: {r.status} {r.text[:200]}")
    v = create_view(emu, "v", "arangosearch",
                    links={"c": {"analyzers": ["_system::viewsAnalyzer", "text_en"]}})
    c.eq(v["links"]["c"]["analyzers"], ["viewsAnalyzer", "text_en"], "analyzer names as a link reports them")
    # DELETE without force while a view links it: 409 / 1200; with force: gone
    r = emu.request("DELETE", "/_api/analyzer/viewsAnalyzer?force=false")
    c.eq(error_of(r)[:2], (409, 1200), "analyzer in use")
    emu.request("PATCH", "/_api/view/v/properties", {"links": {"c": None}})
    r = emu.request("DELETE", "/_api/analyzer/viewsAnalyzer?force=false")
    c.eq(r.status, 200, "analyzer free once unlinked")
    r = emu.request("POST", "/_api/view", {"name": "w", "type": "arangosearch",
                                           "links": {"c": {"analyzers": ["viewsAnalyzer"]}}})
    c.eq(error_of(r)[:2], (400, 10), "a removed analyzer cannot be linked")


def run(c, exe):
    records = load_jsonl(TRANSCRIPTS)
    skipped = []
    with started(c, exe, "--no-auth") as emu:
        for rec in records:
            c.run(rec["id"], replay, emu, rec, skipped)
        c.run("errors of create", check_errors_of_create, emu)
        c.run("unknown view and bad suffixes", check_unknown_view, emu)
        c.run("defaults and normalisation", check_defaults_and_normalisation, emu)
        c.run("PUT replaces, PATCH merges", check_put_and_patch, emu)
        c.run("rename, collection rename and drop", check_rename_and_collections, emu)
        c.run("list and databases", check_list_and_databases, emu)
        c.run("bounds", check_bounds, emu)
        c.run("AQL FOR over a view", check_aql_over_view, emu)
        c.run("analyzers in links", check_analyzers_in_links, emu)
    c.passed -= len(skipped)  # a skipped replay passed nothing
    return c.report(f"{c.passed} passed, {len(c.failures)} failed, {len(skipped)} skipped")


if __name__ == "__main__":
    sys.exit(emutest.suite_main(__doc__, run))
