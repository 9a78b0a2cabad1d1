#!/usr/bin/env python3
"""Conformance tests of arango-emulator for the graph API (gharial), python3
standard library only.

    test_conformance_graphs.py PATH/TO/arango-emulator

Replays every ArangoDB 3.12.10 transcript in data/transcripts-graphs.jsonl
against an emulator started with --no-auth. The set-up each example's
example_code needs is rebuilt through the gharial API itself: the "social"
and "routeplanner" example graphs of @arangodb/graph-examples/example-graph.js
(same collections, keys and attributes), extra vertex collections, and the
clean-up `graph._drop(name, true)` calls. Status, the unquoted gharial Etag
(equal to the body's _rev), the set of special headers, the standard header
block, Content-Length and the body's keys (in order) and value types are
compared recursively; deterministic values are compared too. Then targeted
checks cover what the transcripts do not show (errors, revisions,
waitForSync, cascading deletes, edge-definition and orphan management,
dropCollections, SmartGraph options, the 3.12 graph-collection drop guard).
"""
import os
import re
import sys
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import emutest  # noqa: E402  (shared infrastructure)
from emutest import check_recorded_headers, compare_json, load_jsonl, send, started  # noqa: E402

TRANSCRIPTS = os.path.join(HERE, "data", "transcripts-graphs.jsonl")

# ---------------------------------------------------------------------------
# Example graphs (@arangodb/graph-examples/example-graph.js)
# ---------------------------------------------------------------------------

SOCIAL = {
    "name": "social",
    "edgeDefinitions": [{"collection": "relation", "from": ["female", "male"],
                         "to": ["female", "male"]}],
    "vertices": [("female", {"name": "Alice", "_key": "alice"}),
                 ("male", {"name": "Bob", "_key": "bob"}),
                 ("male", {"name": "Charly", "_key": "charly"}),
                 ("female", {"name": "Diana", "_key": "diana"})],
    "edges": [("relation", "female/alice", "male/bob", {"type": "married", "vertex": "alice"}),
              ("relation", "female/alice", "male/charly", {"type": "friend", "vertex": "alice"}),
              ("relation", "male/charly", "female/diana", {"type": "married", "vertex": "charly"}),
              ("relation", "male/bob", "female/diana", {"type": "friend", "vertex": "bob"})],
}


def city(key, population, capital, lon, lat):
    return {"_key": key, "population": population, "isCapital": capital,
            "geometry": {"type": "Point", "coordinates": [lon, lat]}}


ROUTEPLANNER = {
    "name": "routeplanner",
    "edgeDefinitions": [
        {"collection": "germanHighway", "from": ["germanCity"], "to": ["germanCity"]},
        {"collection": "frenchHighway", "from": ["frenchCity"], "to": ["frenchCity"]},
        {"collection": "internationalHighway", "from": ["frenchCity", "germanCity"],
         "to": ["frenchCity", "germanCity"]}],
    "vertices": [("germanCity", city("Berlin", 3000000, True, 13.3833, 52.5167)),
                 ("germanCity", city("Cologne", 1000000, False, 6.9528, 50.9364)),
                 ("germanCity", city("Hamburg", 1000000, False, 10.0014, 53.5653)),
                 ("frenchCity", city("Lyon", 80000, False, 4.84, 45.76)),
                 ("frenchCity", city("Paris", 4000000, True, 2.3508, 48.8567))],
    "edges": [("germanHighway", "germanCity/Berlin", "germanCity/Cologne", {"distance": 850}),
              ("germanHighway", "germanCity/Berlin", "germanCity/Hamburg", {"distance": 400}),
              ("germanHighway", "germanCity/Hamburg", "germanCity/Cologne", {"distance": 500}),
              ("frenchHighway", "frenchCity/Paris", "frenchCity/Lyon", {"distance": 550}),
              ("internationalHighway", "germanCity/Berlin", "frenchCity/Lyon", {"distance": 1100}),
              ("internationalHighway", "germanCity/Berlin", "frenchCity/Paris", {"distance": 1200}),
              ("internationalHighway", "germanCity/Hamburg", "frenchCity/Paris", {"distance": 900}),
              ("internationalHighway", "germanCity/Hamburg", "frenchCity/Lyon", {"distance": 1300}),
              ("internationalHighway", "germanCity/Cologne", "frenchCity/Lyon", {"distance": 700}),
              ("internationalHighway", "germanCity/Cologne", "frenchCity/Paris", {"distance": 550})],
}

EXAMPLE_GRAPHS = {"social": SOCIAL, "routeplanner": ROUTEPLANNER}


def q(name):
    return urllib.parse.quote(name, safe="")


def load_graph(c, emu, spec):
    drop_graph(emu, spec["name"])
    r = emu.request("POST", "/_api/gharial",
                    {"name": spec["name"], "edgeDefinitions": spec["edgeDefinitions"]})
    c.eq(r.status, 202, f"set-up: create graph {spec['name']}: {r.text}")
    for coll, doc in spec["vertices"]:
        r = emu.request("POST", f"/_api/gharial/{spec['name']}/vertex/{coll}", doc)
        c.eq(r.status, 202, f"set-up: vertex {coll}/{doc['_key']}: {r.text}")
    for coll, frm, to, data in spec["edges"]:
        body = dict(data, _from=frm, _to=to)
        r = emu.request("POST", f"/_api/gharial/{spec['name']}/edge/{coll}", body)
        c.eq(r.status, 202, f"set-up: edge {coll} {frm}->{to}: {r.text}")


def drop_graph(emu, name):
    emu.request("DELETE", f"/_api/gharial/{q(name)}?dropCollections=true")


def clean_database(emu):
    """Drops every graph (with its collections) and every other non-system
    collection (graph collections cannot be dropped while in a graph)."""
    r = emu.request("GET", "/_api/gharial")
    for g in r.json()["graphs"]:
        drop_graph(emu, g["_key"])
    r = emu.request("GET", "/_api/collection?excludeSystem=true")
    for coll in r.json()["result"]:
        emu.request("DELETE", "/_api/collection/" + q(coll["name"]))


# ---------------------------------------------------------------------------
# Transcript replay
# ---------------------------------------------------------------------------

VOLATILE = {"_rev", "_oldRev"}


def volatile(path, value):
    if not path:
        return False
    if path[-1] in VOLATILE:
        return True
    # generated keys (the examples save documents without _key)
    return path[-1] in ("_key", "_id") and isinstance(value, str) and re.search(r"\d{3,}", value)


class Example:
    def __init__(self, emu, rec):
        self.emu = emu
        self.code = rec["example_code"] or ""
        self.any_edge = {}

    def run_setup(self, c):
        code = self.code
        end = code.find("logCurlRequest")
        region = code if end < 0 else code[:end]
        for m in re.finditer(r'graph\._drop\(\s*"([^"]+)"\s*,\s*true\s*\)', region):
            drop_graph(self.emu, m.group(1))
        for m in re.finditer(r'examples\.loadGraph\(\s*"([^"]+)"\s*\)', region):
            load_graph(c, self.emu, EXAMPLE_GRAPHS[m.group(1)])
        for m in re.finditer(r'(\w+)\._addVertexCollection\(\s*"([^"]+)"\s*\)', region):
            r = self.emu.request("POST", "/_api/gharial/social/vertex", {"collection": m.group(2)})
            c.eq(r.status, 202, f"set-up: add vertex collection {m.group(2)}: {r.text}")
        for m in re.finditer(r'db\.(\w+)\.any\(\)', region):
            coll = m.group(1)
            keys = self.keys_of(coll)
            c.true(keys, f"set-up: {coll} has documents")
            self.any_edge[coll] = keys[0]

    def keys_of(self, coll):
        keys = []
        for frm in ("female/alice", "male/bob", "male/charly", "female/diana"):
            r = self.emu.request("GET", f"/_api/edges/{coll}?vertex={frm}&direction=out")
            keys += [e["_key"] for e in r.json().get("edges", [])]
        return keys

    def map_path(self, path):
        m = re.fullmatch(r"(/_api/gharial/[^/]+/edge/([^/]+))/(\d+)", path)
        if m and m.group(2) in self.any_edge:
            return f"{m.group(1)}/{self.any_edge[m.group(2)]}"
        return path


def check_headers(c, rec, r):
    recorded = check_recorded_headers(c, rec, r)
    if "etag" in recorded:
        tag = r.header("Etag")
        c.true(not tag.startswith('"'), f"gharial Etag is not quoted: {tag}")
        body = r.json()
        inner = next((body[k] for k in ("graph", "vertex", "edge") if k in body), None)
        c.eq(tag, inner["_rev"], "Etag equals the _rev of the graph/vertex/edge")


def replay(c, emu, rec, example):
    path = example.map_path(rec["path"])
    r = send(emu, rec["method"], path, rec["query"], rec["request_body"], rec["request_headers"])
    c.eq(r.status, rec["status"], f"status (body {r.text[:300]})")
    check_headers(c, rec, r)
    if rec["response_body_kind"] == "json":
        compare_json(c, rec["response_body"], r.json(), volatile=volatile)
    else:
        c.eq(r.body, b"", "empty body")


# ---------------------------------------------------------------------------
# Targeted checks
# ---------------------------------------------------------------------------

def err(c, r, status, errnum, what, message=None):
    c.eq(r.status, status, f"{what}: status ({r.text})")
    b = r.json()
    c.eq(list(b), ["code", "error", "errorMessage", "errorNum"], f"{what}: error envelope")
    c.eq((b["code"], b["error"], b["errorNum"]), (status, True, errnum), f"{what}: errorNum")
    if message is not None:
        c.eq(b["errorMessage"], message, f"{what}: errorMessage")


def social(c, emu):
    clean_database(emu)
    load_graph(c, emu, SOCIAL)


def check_unknown_graph(c, emu):
    clean_database(emu)
    msg = "graph 'nope' not found"
    for method, path, body in [("GET", "/_api/gharial/nope", None),
                               ("DELETE", "/_api/gharial/nope", None),
                               ("GET", "/_api/gharial/nope/vertex", None),
                               ("POST", "/_api/gharial/nope/edge", {"collection": "e"}),
                               ("POST", "/_api/gharial/nope/vertex/v", {}),
                               ("GET", "/_api/gharial/nope/vertex/v/k", None),
                               ("PATCH", "/_api/gharial/nope/edge/e/k", {}),
                               ("PUT", "/_api/gharial/nope", {})]:
        err(c, emu.request(method, path, body), 404, 1924, f"{method} {path}", msg)


def check_create_graph(c, emu):
    clean_database(emu)
    r = emu.request("POST", "/_api/gharial", {"name": "g1", "edgeDefinitions": [
        {"collection": "e1", "from": ["b", "a", "a"], "to": ["c"]}], "orphanCollections": ["z", "a", "o"]})
    c.eq(r.status, 202, "create")
    g = r.json()["graph"]
    c.eq(list(g), ["_key", "edgeDefinitions", "orphanCollections", "_rev", "_id", "name"], "graph keys")
    c.eq(g["edgeDefinitions"], [{"collection": "e1", "from": ["a", "b"], "to": ["c"]}],
         "from/to sorted and de-duplicated")
    c.eq(g["orphanCollections"], ["o", "z"], "orphans sorted, the ones used in a definition ignored")
    c.eq(r.header("Etag"), g["_rev"], "Etag")
    for name, typ in (("e1", 3), ("a", 2), ("b", 2), ("c", 2), ("o", 2), ("z", 2)):
        cr = emu.request("GET", f"/_api/collection/{name}")
        c.eq((cr.status, cr.json().get("type")), (200, typ), f"collection {name} created with type {typ}")
    c.eq(emu.request("GET", "/_api/collection/e1/properties").json()["waitForSync"], False,
         "created collections do not inherit waitForSync")
    err(c, emu.request("POST", "/_api/gharial", {"name": "g1"}), 409, 1925, "duplicate graph",
        "graph already exists")
    err(c, emu.request("POST", "/_api/gharial", {"edgeDefinitions": []}), 400, 1922, "missing name",
        "missing graph name")
    err(c, emu.request("POST", "/_api/gharial", {"name": 5}), 400, 1922, "name not a string")
    err(c, emu.request("POST", "/_api/gharial", {"name": ""}), 400, 1922, "empty name")
    err(c, emu.request("POST", "/_api/gharial", [1]), 500, 4, "body not an object",
        "VPack error: Expecting type Object")
    err(c, emu.request("POST", "/_api/gharial", "{bad"), 400, 600, "corrupt JSON")
    err(c, emu.request("POST", "/_api/gharial", {"name": "g2", "edgeDefinitions": {}}), 400, 1901,
        "edgeDefinitions not an array", "'edgeDefinitions' are not an array in the graph definition")
    err(c, emu.request("POST", "/_api/gharial", {"name": "g2", "edgeDefinitions": [1]}), 400, 1923,
        "edge definition not an object", "malformed edge definition")
    err(c, emu.request("POST", "/_api/gharial", {"name": "g2", "edgeDefinitions": [
        {"collection": "x", "from": [], "to": ["a"]}]}), 400, 1923, "empty from")
    err(c, emu.request("POST", "/_api/gharial", {"name": "g2", "edgeDefinitions": [
        {"collection": "x", "to": ["a"]}]}), 500, 1941, "missing from",
        "Attribute 'from' missing in edge definition!")
    err(c, emu.request("POST", "/_api/gharial", {"name": "g2", "edgeDefinitions": [
        {"collection": "x", "from": ["a"], "to": "a"}]}), 500, 1941, "to not an array",
        "Edge definition 'to' is not an array!")
    err(c, emu.request("POST", "/_api/gharial", {"name": "g2", "edgeDefinitions": [
        {"collection": "x", "from": ["a"], "to": ["a"]}, {"collection": "x", "from": ["b"], "to": ["b"]}]}),
        400, 1920, "edge collection twice in one graph", "x multi use of edge collection in edge def")
    err(c, emu.request("POST", "/_api/gharial", {"name": "g2", "edgeDefinitions": [
        {"collection": "e1", "from": ["a"], "to": ["a"]}]}), 400, 1921,
        "edge collection used differently by another graph", "e1 edge collection already used in edge def")
    err(c, emu.request("POST", "/_api/gharial", {"name": "g2", "orphanCollections": "o"}), 400, 1901,
        "orphans not an array", "'orphanCollections' are not an array in the graph definition")
    err(c, emu.request("POST", "/_api/gharial", {"name": "g2", "orphanCollections": [1]}), 500, 1943,
        "orphan not a string", "orphan collection is not a string!")
    err(c, emu.request("POST", "/_api/gharial", {"name": "g2", "edgeDefinitions": [
        {"collection": "a", "from": ["x"], "to": ["x"]}]}), 500, 1944,
        "edge collection is a document collection", "Collection: 'a' is not an edge collection")
    err(c, emu.request("POST", "/_api/gharial", {"name": "g2", "edgeDefinitions": [
        {"collection": "e2", "from": ["1bad"], "to": ["x"]}]}), 400, 1208, "illegal collection name")
    c.eq(emu.request("GET", "/_api/collection/e2").status, 404, "nothing created for an illegal name")
    r = emu.request("POST", "/_api/gharial", {"name": "g3", "edgeDefinitions": [
        {"collection": "e1", "from": ["b", "a"], "to": ["c"]}]})
    c.eq(r.status, 202, "same edge definition in another graph is fine")
    err(c, emu.request("POST", "/_api/gharial", {"name": "bad key"}), 400, 1221, "graph name is the _key")
    r = emu.request("GET", "/_api/gharial/g1")
    c.eq((r.status, r.header("Etag")), (200, None), "GET graph: 200, no Etag")
    c.eq(r.json()["graph"], g, "GET graph returns the stored definition")
    r = emu.request("GET", "/_api/document/_graphs/g1")
    c.eq(list(r.json()), ["_key", "_id", "_rev", "edgeDefinitions", "orphanCollections"],
         "stored in _graphs as toPersistence writes it")
    r = emu.request("GET", "/_api/gharial")
    c.eq([x["name"] for x in r.json()["graphs"]], ["g1", "g3"], "list in storage order")
    c.eq(list(r.json()["graphs"][0]), ["_id", "_key", "_rev", "edgeDefinitions", "orphanCollections", "name"],
         "list entries: MERGE(g, {name})")
    r = emu.request("GET", "/_api/gharial/g1/vertex")
    c.eq(r.json(), {"error": False, "code": 200, "collections": ["a", "b", "c", "o", "z"]}, "vertex collections")
    r = emu.request("GET", "/_api/gharial/g1/edge")
    c.eq(r.json(), {"error": False, "code": 200, "collections": ["e1"]}, "edge collections")


def check_smart_graphs(c, emu):
    clean_database(emu)
    r = emu.request("POST", "/_api/gharial", {
        "name": "sg", "edgeDefinitions": [{"collection": "se", "from": ["sv1"], "to": ["sv2"]}],
        "isSmart": True, "options": {"numberOfShards": 3, "smartGraphAttribute": "region",
                                      "isDisjoint": True}})
    c.eq(r.status, 202, f"smart graph on a single server: {r.text}")
    c.eq(list(r.json()["graph"]), [
        "_key", "numberOfShards", "replicationFactor", "minReplicationFactor", "writeConcern", "isSmart",
        "isSatellite", "edgeDefinitions", "orphanCollections", "initial", "smartGraphAttribute",
        "isDisjoint", "_rev", "_id", "name"], "SmartGraph attributes")
    g = r.json()["graph"]
    c.eq((g["numberOfShards"], g["replicationFactor"], g["isSmart"], g["isDisjoint"], g["initial"]),
         (3, 1, True, True, "sv1"), "SmartGraph values")
    r = emu.request("POST", "/_api/gharial", {
        "name": "sat", "edgeDefinitions": [{"collection": "sate", "from": ["satv"], "to": ["satv"]}],
        "options": {"replicationFactor": "satellite"}})
    c.eq(list(r.json()["graph"])[:5], ["_key", "numberOfShards", "replicationFactor", "isSmart", "isSatellite"],
         "SatelliteGraph attributes")
    c.eq(r.json()["graph"]["replicationFactor"], "satellite", "satellite replicationFactor")
    err(c, emu.request("POST", "/_api/gharial", {"name": "x", "isSmart": True,
                                                   "options": {"replicationFactor": "satellite"}}),
        400, 10, "isSmart + satellite", "invalid combination of 'isSmart' and 'satellite' ")
    err(c, emu.request("POST", "/_api/gharial", {"name": "x", "options": {"replicationFactor": 0}}),
        400, 10, "replicationFactor 0", "replicationFactor must be greater than zero")
    r = emu.request("POST", "/_api/gharial", {"name": "plain", "options": {"numberOfShards": 4,
                                                                            "replicationFactor": 2}})
    c.eq(list(r.json()["graph"]), ["_key", "edgeDefinitions", "orphanCollections", "_rev", "_id", "name"],
         "a General Graph does not report cluster options on a single server")


def check_vertices(c, emu):
    social(c, emu)
    r = emu.request("POST", "/_api/gharial/social/vertex/female?returnNew=true", {"_key": "eve", "age": 3})
    c.eq(r.status, 202, "create vertex")
    b = r.json()
    c.eq(list(b), ["error", "code", "vertex", "new"], "create envelope with returnNew")
    c.eq(list(b["vertex"]), ["_id", "_key", "_rev"], "vertex meta")
    c.eq(b["new"], {"_key": "eve", "_id": "female/eve", "_rev": b["vertex"]["_rev"], "age": 3}, "new")
    c.eq(r.header("Etag"), b["vertex"]["_rev"], "unquoted Etag")
    err(c, emu.request("POST", "/_api/gharial/social/vertex/female", {"_key": "eve"}), 409, 1210,
        "duplicate key through gharial")
    err(c, emu.request("POST", "/_api/gharial/social/vertex/female", [{}]), 400, 1227, "array body")
    err(c, emu.request("POST", "/_api/gharial/social/vertex/female"), 400, 1227, "empty body")
    err(c, emu.request("POST", "/_api/gharial/social/vertex/other", {}), 404, 1949,
        "vertex collection not in the graph", "the given collection is not part of the graph")
    err(c, emu.request("GET", "/_api/gharial/social/vertex/relation/x"), 404, 1949,
        "edge collection used as vertex collection")
    err(c, emu.request("GET", "/_api/gharial/social/vertex/female/nobody"), 404, 1202, "unknown vertex",
        "document not found")
    r = emu.request("GET", "/_api/gharial/social/vertex/female/eve")
    c.eq(list(r.json()), ["error", "code", "vertex"], "read envelope")
    rev = r.json()["vertex"]["_rev"]
    c.eq(r.header("Etag"), rev, "read Etag unquoted")
    r = emu.request("GET", "/_api/gharial/social/vertex/female/eve", headers={"If-None-Match": f'"{rev}"'})
    c.eq((r.status, r.body, r.header("Etag")), (304, b"", f'"{rev}"'), "If-None-Match: 304 with quoted Etag")
    r = emu.request("GET", "/_api/gharial/social/vertex/female/eve", headers={"If-Match": f'"{rev}"'})
    c.eq(r.status, 200, "If-Match equal")
    r = emu.request("GET", "/_api/gharial/social/vertex/female/eve", headers={"If-Match": '"_l6zhVxi---"'})
    c.eq(r.status, 412, "If-Match different on read")
    c.eq(r.json(), {"error": True, "code": 412, "errorNum": 1200,
                    "errorMessage": "conflict, _rev values do not match",
                    "_id": "female/eve", "_key": "eve", "_rev": rev}, "412 body")
    c.eq(r.header("Etag"), f'"{rev}"', "412 Etag quoted")
    r = emu.request("GET", "/_api/gharial/social/vertex/female/eve?rev=_l6zhVxi---")
    c.eq(r.status, 412, "rev query parameter")
    r = emu.request("GET", f"/_api/gharial/social/vertex/female/eve?rev={rev}")
    c.eq(r.status, 200, "matching rev query parameter")
    r = emu.request("PATCH", "/_api/gharial/social/vertex/female/eve", {"x": 1},
                    headers={"If-Match": '"_l6zhVxi---"'})
    err_body = r.json()
    c.eq((r.status, err_body["errorNum"], err_body["_rev"], r.header("Etag")), (412, 1200, rev, f'"{rev}"'),
         "PATCH with a stale If-Match: 412")
    r = emu.request("PATCH", "/_api/gharial/social/vertex/female/eve?returnOld=true&returnNew=true&keepNull=false",
                    {"age": None, "n": 1, "_key": "ignored", "_rev": "_l6zhVxi---"},
                    headers={"If-Match": rev})
    b = r.json()
    c.eq(r.status, 202, f"PATCH with a matching If-Match (unquoted): {r.text}")
    c.eq(list(b), ["error", "code", "vertex", "old", "new"], "modify envelope")
    c.eq(list(b["vertex"]), ["_id", "_key", "_oldRev", "_rev"], "modify meta sorted")
    c.eq((b["vertex"]["_oldRev"], b["old"]["age"], "age" in b["new"], b["new"]["n"]), (rev, 3, False, 1),
         "old/new, keepNull=false removes the attribute")
    r = emu.request("PUT", "/_api/gharial/social/vertex/female/eve", {"name": "Eve"})
    c.eq((r.status, list(r.json())), (202, ["error", "code", "vertex"]), "replace")
    c.eq(emu.request("GET", "/_api/gharial/social/vertex/female/eve").json()["vertex"],
         {"_key": "eve", "_id": "female/eve", "_rev": r.json()["vertex"]["_rev"], "name": "Eve"}, "replaced")
    err(c, emu.request("PUT", "/_api/gharial/social/vertex/female/nobody", {}), 404, 1202, "replace unknown")
    err(c, emu.request("PUT", "/_api/gharial/social/vertex/female/eve", [1]), 500, 4,
        "replace with an array body", "VPack error: Expecting type Object")
    err(c, emu.request("PATCH", "/_api/gharial/social/vertex/other/eve", {}), 404, 1949, "update foreign collection")
    r = emu.request("DELETE", "/_api/gharial/social/vertex/female/eve?returnOld=true")
    c.eq((r.status, list(r.json()), r.json()["old"]["name"], r.header("Etag")),
         (202, ["error", "code", "removed", "old"], "Eve", None), "remove with returnOld")
    err(c, emu.request("DELETE", "/_api/gharial/social/vertex/female/eve"), 404, 1202, "remove twice")
    r = emu.request("DELETE", "/_api/gharial/social/vertex/female/diana", headers={"If-Match": "_l6zhVxi---"})
    c.eq((r.status, r.json()["errorNum"]), (412, 1200), "remove with stale If-Match")


def check_edges(c, emu):
    social(c, emu)
    r = emu.request("POST", "/_api/gharial/social/edge/relation", {"_from": "female/alice", "_to": "female/diana"})
    c.eq((r.status, list(r.json()), list(r.json()["edge"])), (202, ["error", "code", "edge"], ["_id", "_key", "_rev"]),
         "create edge")
    key = r.json()["edge"]["_key"]
    err(c, emu.request("POST", "/_api/gharial/social/edge/relation", {"_from": "female/alice"}), 400, 1233,
        "missing _to")
    err(c, emu.request("POST", "/_api/gharial/social/edge/relation", {"_from": "alice", "_to": "male/bob"}),
        400, 1233, "_from without collection")
    err(c, emu.request("POST", "/_api/gharial/social/edge/relation", {"_from": 1, "_to": "male/bob"}),
        400, 1233, "_from not a string")
    err(c, emu.request("POST", "/_api/gharial/social/edge/relation", {"_from": "animals/x", "_to": "male/bob"}),
        404, 1947, "_from collection not in the graph", "referenced _from collection 'animals' is not part of the graph")
    err(c, emu.request("POST", "/_api/gharial/social/edge/relation", {"_from": "male/bob", "_to": "relation/x"}),
        404, 1947, "_to collection not in the graph", "referenced _to collection 'relation' is not part of the graph")
    err(c, emu.request("POST", "/_api/gharial/social/edge/relation", {"_from": "female/nobody", "_to": "male/bob"}),
        404, 1202, "missing _from vertex", "document not found")
    err(c, emu.request("POST", "/_api/gharial/social/edge/relation", {"_from": "male/bob", "_to": "female/"}),
        404, 1202, "empty _to key")
    err(c, emu.request("POST", "/_api/gharial/social/edge/female", {"_from": "male/bob", "_to": "male/bob"}),
        404, 1930, "vertex collection as edge collection", "edge collection not used in graph")
    err(c, emu.request("GET", f"/_api/gharial/social/edge/other/{key}"), 404, 1930, "read from a foreign collection")
    r = emu.request("GET", f"/_api/gharial/social/edge/relation/{key}")
    e = r.json()["edge"]
    c.eq(list(e), ["_key", "_id", "_from", "_to", "_rev"], "edge document")
    c.eq(r.header("Etag"), e["_rev"], "edge Etag")
    r = emu.request("PATCH", f"/_api/gharial/social/edge/relation/{key}?returnNew=true", {"_to": "male/nobody"})
    c.eq((r.status, r.json()["new"]["_to"]), (202, "male/nobody"),
         "PATCH with only _to: collection checked, vertex existence not (arangod)")
    err(c, emu.request("PATCH", f"/_api/gharial/social/edge/relation/{key}", {"_to": "x/y"}), 404, 1947,
        "PATCH _to into a foreign collection")
    err(c, emu.request("PATCH", f"/_api/gharial/social/edge/relation/{key}",
                       {"_from": "female/alice", "_to": "male/nobody"}), 404, 1202, "PATCH both: vertices must exist")
    err(c, emu.request("PUT", f"/_api/gharial/social/edge/relation/{key}", {"x": 1}), 400, 1233,
        "PUT without _from/_to")
    r = emu.request("PUT", f"/_api/gharial/social/edge/relation/{key}?returnOld=true",
                    {"_from": "male/bob", "_to": "male/charly", "w": 2})
    c.eq((r.status, list(r.json()), list(r.json()["edge"])),
         (202, ["error", "code", "edge", "old"], ["_id", "_key", "_oldRev", "_rev"]), "PUT edge")
    r = emu.request("DELETE", f"/_api/gharial/social/edge/relation/{key}")
    c.eq((r.status, r.json()), (202, {"error": False, "code": 202, "removed": True}), "remove edge")
    err(c, emu.request("DELETE", f"/_api/gharial/social/edge/relation/{key}"), 404, 1202, "remove edge twice")


def check_vertex_delete_cascades(c, emu):
    social(c, emu)
    # a second graph whose edge collection also references the `female` vertices
    r = emu.request("POST", "/_api/gharial", {"name": "likes", "edgeDefinitions": [
        {"collection": "likesE", "from": ["female"], "to": ["pets"]}]})
    c.eq(r.status, 202, "second graph")
    emu.request("POST", "/_api/gharial/likes/vertex/pets", {"_key": "rex"})
    emu.request("POST", "/_api/gharial/likes/edge/likesE", {"_from": "female/alice", "_to": "pets/rex"})
    emu.request("POST", "/_api/gharial/likes/edge/likesE", {"_from": "female/diana", "_to": "pets/rex"})

    def edges(coll, vertex):
        return emu.request("GET", f"/_api/edges/{coll}?vertex={vertex}").json()["edges"]

    c.eq(len(edges("relation", "female/alice")), 2, "alice has two relation edges")
    r = emu.request("DELETE", "/_api/gharial/social/vertex/female/alice")
    c.eq(r.status, 202, "delete alice")
    c.eq(edges("relation", "female/alice"), [], "relation edges of alice removed")
    c.eq(edges("likesE", "female/alice"), [], "edges of another graph using `female` removed too")
    c.eq(len(edges("likesE", "female/diana")), 1, "other edges stay")
    c.eq(len(edges("relation", "male/bob")), 1, "bob keeps his edge to diana")
    r = emu.request("DELETE", "/_api/gharial/social/vertex/female/nobody")
    c.eq(r.status, 404, "failed delete removes nothing")
    c.eq(len(edges("likesE", "female/diana")), 1, "nothing cascaded on failure")


def check_stream_transactions(c, emu):
    """Vertex and edge operations run in the stream transaction named by
    x-arango-trx-id (RestGraphHandler::createTransactionContext): their writes
    are seen inside it only, the vertex-removal cascade happens inside it,
    abort undoes everything, undeclared collections are refused (1652) and
    unknown or finished ids are answered as arangod answers them."""
    social(c, emu)
    all_colls = ["female", "male", "relation"]

    def begin(write):
        r = emu.request("POST", "/_api/transaction/begin", {"collections": {"write": write}})
        c.eq(r.status, 201, f"begin {write}: {r.text}")
        return {"x-arango-trx-id": r.json()["result"]["id"]}

    def get(path, h=None):
        return emu.request("GET", path, headers=h)

    def edges_of(vertex):
        r = emu.request("GET", f"/_api/edges/relation?vertex={vertex}")
        return sorted(e["_key"] for e in r.json()["edges"])

    h = begin(all_colls)
    # read-your-writes: a vertex and an edge to it, created and read in the transaction
    r = emu.request("POST", "/_api/gharial/social/vertex/female", {"_key": "eve", "age": 1}, headers=h)
    c.eq(r.status, 202, f"create vertex in trx: {r.text}")
    r = emu.request("POST", "/_api/gharial/social/edge/relation",
                    {"_key": "be", "_from": "male/bob", "_to": "female/eve"}, headers=h)
    c.eq(r.status, 202, f"edge to a vertex the transaction created: {r.text}")
    r = emu.request("POST", "/_api/gharial/social/edge/relation",
                    {"_from": "male/bob", "_to": "female/eve"})
    c.eq((r.status, r.json().get("errorNum")), (404, 1202),
         "outside: the transaction's vertex is unknown to an edge insert")
    r = emu.request("PATCH", "/_api/gharial/social/vertex/female/eve", {"age": 2}, headers=h)
    c.eq(r.status, 202, f"update vertex in trx: {r.text}")
    r = get("/_api/gharial/social/vertex/female/eve", h)
    c.eq((r.status, r.json()["vertex"]["age"]), (200, 2), "trx reads its own update")
    c.eq(r.header("Etag"), r.json()["vertex"]["_rev"], "trx read: bare Etag")
    c.eq(get("/_api/gharial/social/edge/relation/be", h).status, 200, "trx reads its own edge")
    c.eq(get("/_api/gharial/social/vertex/female/eve").status, 404, "vertex invisible outside")
    c.eq(get("/_api/gharial/social/edge/relation/be").status, 404, "edge invisible outside")
    r = emu.request("PUT", "/_api/gharial/social/vertex/male/bob", {"name": "Robert"}, headers=h)
    c.eq(r.status, 202, f"replace vertex in trx: {r.text}")
    c.eq(get("/_api/gharial/social/vertex/male/bob").json()["vertex"]["name"], "Bob",
         "replace invisible outside")
    r = emu.request("PUT", "/_api/transaction/" + h["x-arango-trx-id"])
    c.eq(r.status, 200, f"commit: {r.text}")
    c.eq(get("/_api/gharial/social/vertex/female/eve").json()["vertex"]["age"], 2, "committed vertex")
    c.eq(get("/_api/gharial/social/edge/relation/be").status, 200, "committed edge")
    c.eq(get("/_api/gharial/social/vertex/male/bob").json()["vertex"]["name"], "Robert",
         "committed replace")

    # the cascade inside the transaction, undone by abort
    h = begin(all_colls)
    before = edges_of("female/alice")
    c.eq(len(before), 2, "alice has two edges")
    r = emu.request("DELETE", "/_api/gharial/social/vertex/female/alice", headers=h)
    c.eq(r.status, 202, f"delete vertex in trx: {r.text}")
    c.eq(edges_of("female/alice"), before, "cascade invisible outside")
    c.eq(get("/_api/gharial/social/vertex/female/alice", h).status, 404, "removed in trx")
    c.eq(get("/_api/gharial/social/vertex/female/alice").status, 200, "still there outside")
    for k in before:
        c.eq(get(f"/_api/gharial/social/edge/relation/{k}", h).status, 404, f"edge {k} gone in trx")
    # an edge the transaction inserted goes with the vertex too
    r = emu.request("POST", "/_api/gharial/social/vertex/female", {"_key": "tmp"}, headers=h)
    c.eq(r.status, 202, "vertex tmp")
    r = emu.request("POST", "/_api/gharial/social/edge/relation",
                    {"_key": "tmpE", "_from": "female/tmp", "_to": "male/bob"}, headers=h)
    c.eq(r.status, 202, "edge tmpE")
    r = emu.request("DELETE", "/_api/gharial/social/vertex/female/tmp", headers=h)
    c.eq(r.status, 202, "delete tmp in trx")
    c.eq(get("/_api/gharial/social/edge/relation/tmpE", h).status, 404,
         "the transaction's own edge cascaded")
    # removeEdgeOrVertex runs the edge removal even when the vertex removal
    # failed; the embedded transaction's failure does not undo it
    r = emu.request("POST", "/_api/document/relation",
                    {"_key": "dangling", "_from": "female/ghost", "_to": "male/bob"}, headers=h)
    c.eq(r.status, 202, f"dangling edge: {r.text}")
    err(c, emu.request("DELETE", "/_api/gharial/social/vertex/female/ghost", headers=h), 404, 1202,
        "remove a missing vertex in trx")
    c.eq(get("/_api/gharial/social/edge/relation/dangling", h).status, 404,
         "its edges were removed in the transaction all the same")
    r = emu.request("DELETE", "/_api/transaction/" + h["x-arango-trx-id"])
    c.eq(r.status, 200, f"abort: {r.text}")
    c.eq(get("/_api/gharial/social/vertex/female/alice").status, 200, "abort restores the vertex")
    c.eq(edges_of("female/alice"), before, "abort restores the cascaded edges")
    c.eq(get("/_api/gharial/social/vertex/female/tmp").status, 404, "abort drops inserts")

    # a finished transaction's id, as the document API answers it
    r = get("/_api/gharial/social/vertex/female/alice", h)
    d = get("/_api/document/female/alice", h)
    c.eq((r.status, r.json()["errorNum"], r.json()["errorMessage"]),
         (d.status, d.json()["errorNum"], d.json()["errorMessage"]), "aborted id: as the document API")
    c.eq(r.json()["errorNum"], 1654, "aborted id: 1654")
    r = emu.request("POST", "/_api/gharial/social/vertex/female", {"_key": "x"}, headers=h)
    c.eq(r.json()["errorNum"], 1654, "aborted id: write refused")
    c.eq(get("/_api/gharial/social/vertex/female/x").status, 404, "nothing written with an aborted id")
    # unknown and malformed ids (createTransactionContext quotes the id)
    unknown = {"x-arango-trx-id": "424242"}
    err(c, get("/_api/gharial/social/vertex/female/alice", unknown), 404, 1655, "unknown id read",
        "transaction '424242' not found")
    err(c, emu.request("DELETE", "/_api/gharial/social/vertex/female/alice", headers=unknown), 404,
        1655, "unknown id remove", "transaction '424242' not found")
    c.eq(get("/_api/gharial/social/vertex/female/alice").status, 200, "nothing removed with an unknown id")
    err(c, emu.request("POST", "/_api/gharial/social/vertex", {"collection": "o1"}, headers=unknown),
        404, 1655, "unknown id: orphan change", "transaction '424242' not found")
    err(c, get("/_api/gharial/social/vertex/female/alice", {"x-arango-trx-id": "abc"}), 400, 10,
        "malformed id", "invalid transaction ID")
    err(c, get("/_api/gharial/nograph/vertex/female/alice", unknown), 404, 1924,
        "the graph is looked up before the transaction")

    # collections the operation needs must be declared for writing
    h = begin(["female"])
    err(c, emu.request("DELETE", "/_api/gharial/social/vertex/female/alice", headers=h), 400, 1652,
        "cascade needs the edge collections", "unregistered collection used in transaction: relation [write]")
    err(c, emu.request("POST", "/_api/gharial/social/vertex/male", {"_key": "m"}, headers=h), 400, 1652,
        "undeclared vertex collection", "unregistered collection used in transaction: male [write]")
    r = get("/_api/gharial/social/vertex/male/bob", h)
    c.eq(r.status, 200, "reads need no declaration (allowImplicit)")
    emu.request("DELETE", "/_api/transaction/" + h["x-arango-trx-id"])
    c.eq(get("/_api/gharial/social/vertex/female/alice").status, 200, "alice still there")


def check_wait_for_sync(c, emu):
    clean_database(emu)
    r = emu.request("POST", "/_api/gharial?waitForSync=true", {"name": "ws", "edgeDefinitions": [
        {"collection": "wse", "from": ["wsv"], "to": ["wsv"]}]})
    c.eq((r.status, r.json()["code"]), (201, 201), "create graph with waitForSync")
    r = emu.request("POST", "/_api/gharial/ws/vertex/wsv?waitForSync=true", {"_key": "a"})
    c.eq((r.status, r.json()["code"]), (201, 201), "create vertex with waitForSync")
    emu.request("POST", "/_api/gharial/ws/vertex/wsv", {"_key": "b"})
    r = emu.request("PATCH", "/_api/gharial/ws/vertex/wsv/a?waitForSync=true", {"x": 1})
    c.eq((r.status, r.json()["code"]), (200, 200), "update vertex with waitForSync")
    r = emu.request("PUT", "/_api/gharial/ws/vertex/wsv/a?waitForSync=true", {"x": 2})
    c.eq(r.status, 200, "replace vertex with waitForSync")
    r = emu.request("POST", "/_api/gharial/ws/edge/wse?waitForSync=true", {"_from": "wsv/a", "_to": "wsv/b"})
    c.eq(r.status, 201, "create edge with waitForSync")
    ekey = r.json()["edge"]["_key"]
    r = emu.request("PATCH", f"/_api/gharial/ws/edge/wse/{ekey}?waitForSync=true", {"y": 1})
    c.eq(r.status, 200, "update edge with waitForSync")
    r = emu.request("DELETE", f"/_api/gharial/ws/edge/wse/{ekey}?waitForSync=true")
    c.eq((r.status, r.json()["code"]), (200, 200), "remove edge with waitForSync")
    r = emu.request("DELETE", "/_api/gharial/ws/vertex/wsv/b?waitForSync=true")
    c.eq(r.status, 200, "remove vertex with waitForSync")
    r = emu.request("POST", "/_api/gharial/ws/edge?waitForSync=true", {"collection": "wse2", "from": ["wsv"],
                                                                         "to": ["wsv"]})
    c.eq(r.status, 202, "add edge definition: 202 even with waitForSync")
    r = emu.request("PUT", "/_api/gharial/ws/edge/wse2?waitForSync=true", {"collection": "wse2", "from": ["wsv"],
                                                                             "to": ["wsv", "x"]})
    c.eq(r.status, 202, "replace edge definition: 202 even with waitForSync")
    r = emu.request("POST", "/_api/gharial/ws/vertex?waitForSync=true", {"collection": "wso"})
    c.eq(r.status, 202, "add vertex collection: 202 even with waitForSync")
    emu.request("PUT", "/_api/collection/wsv/properties", {"waitForSync": True})
    r = emu.request("POST", "/_api/gharial/ws/vertex/wsv", {"_key": "c"})
    c.eq(r.status, 201, "collection waitForSync: 201")
    r = emu.request("DELETE", "/_api/gharial/ws/vertex/wsv/c")
    c.eq(r.status, 200, "collection waitForSync: remove 200")
    r = emu.request("DELETE", "/_api/gharial/ws?waitForSync=true")
    c.eq((r.status, r.json()), (202, {"error": False, "code": 202, "removed": True}),
         "drop graph: 202 even with waitForSync")


def check_edge_definitions(c, emu):
    social(c, emu)
    r = emu.request("POST", "/_api/gharial/social/vertex", {"collection": "pets"})
    c.eq(r.json()["graph"]["orphanCollections"], ["pets"], "orphan added")
    r = emu.request("POST", "/_api/gharial/social/edge", {"collection": "owns", "from": ["female", "male"],
                                                           "to": ["pets"]})
    c.eq(r.status, 202, f"add edge definition: {r.text}")
    g = r.json()["graph"]
    c.eq(r.header("Etag"), g["_rev"], "Etag of the new graph revision")
    c.eq([d["collection"] for d in g["edgeDefinitions"]], ["owns", "relation"], "definitions sorted")
    c.eq(g["orphanCollections"], [], "the orphan became a vertex collection")
    c.eq(emu.request("GET", "/_api/collection/owns").json()["type"], 3, "edge collection created")
    err(c, emu.request("POST", "/_api/gharial/social/edge", {"collection": "owns", "from": ["male"],
                                                              "to": ["male"]}), 400, 1920, "definition twice")
    err(c, emu.request("POST", "/_api/gharial/social/edge", {"collection": "x"}), 500, 1941,
        "definition without from", "Attribute 'from' missing in edge definition!")
    err(c, emu.request("POST", "/_api/gharial/social/edge", [1]), 500, 4, "array body",
        "VPack error: Expecting type Object")
    r = emu.request("POST", "/_api/gharial", {"name": "other", "edgeDefinitions": [
        {"collection": "owns", "from": ["female", "male"], "to": ["pets"]}]})
    c.eq(r.status, 202, "second graph with the same definition")
    err(c, emu.request("POST", "/_api/gharial/other/edge", {"collection": "relation", "from": ["male"],
                                                             "to": ["male"]}), 400, 1921,
        "conflicting definition", "relation edge collection already used in edge def")
    # replace: changes the definition in every graph that uses `owns`
    r = emu.request("PUT", "/_api/gharial/social/edge/owns", {"collection": "owns", "from": ["male"],
                                                               "to": ["pets", "toys"]})
    c.eq(r.status, 202, f"replace edge definition: {r.text}")
    c.eq(r.json()["graph"]["edgeDefinitions"][0], {"collection": "owns", "from": ["male"], "to": ["pets", "toys"]},
         "replaced")
    c.eq(emu.request("GET", "/_api/collection/toys").json()["type"], 2, "new vertex collection created")
    other = emu.request("GET", "/_api/gharial/other").json()["graph"]
    c.eq(other["edgeDefinitions"][0]["to"], ["pets", "toys"], "the other graph follows")
    c.eq(other["orphanCollections"], ["female"], "female became an orphan in the other graph")
    err(c, emu.request("PUT", "/_api/gharial/social/edge/nope", {"collection": "nope", "from": ["a"], "to": ["a"]}),
        404, 1930, "replace unknown definition", "edge collection not used in graph")
    err(c, emu.request("PUT", "/_api/gharial/social/edge/owns", {"collection": "owns", "from": [], "to": ["a"]}),
        400, 1923, "replace with a malformed definition")
    # remove
    r = emu.request("DELETE", "/_api/gharial/social/edge/owns?dropCollections=true")
    c.eq(r.status, 202, "remove edge definition")
    g = r.json()["graph"]
    c.eq([d["collection"] for d in g["edgeDefinitions"]], ["relation"], "definition removed")
    c.eq(g["orphanCollections"], ["pets", "toys"], "unused vertex collections became orphans")
    c.eq(emu.request("GET", "/_api/collection/owns").status, 200,
         "dropCollections keeps an edge collection another graph uses")
    err(c, emu.request("DELETE", "/_api/gharial/social/edge/owns"), 404, 1930, "remove twice")
    r = emu.request("DELETE", "/_api/gharial/other/edge/owns?dropCollections=true")
    c.eq(emu.request("GET", "/_api/collection/owns").status, 404, "dropCollections drops an unused edge collection")
    c.eq(emu.request("GET", "/_api/collection/pets").status, 200, "vertex collections are not dropped")


def check_vertex_collections(c, emu):
    social(c, emu)
    err(c, emu.request("POST", "/_api/gharial/social/vertex", {"collection": "male"}), 400, 1929,
        "vertex collection used in a definition", "male collection already used in edge def")
    r = emu.request("POST", "/_api/gharial/social/vertex", {"collection": "pets"})
    c.eq(r.status, 202, "add orphan")
    err(c, emu.request("POST", "/_api/gharial/social/vertex", {"collection": "pets"}), 400, 1938,
        "orphan twice", "collection used in orphans")
    err(c, emu.request("POST", "/_api/gharial/social/vertex?createCollection=false", {"collection": "none"}),
        404, 1926, "createCollection=false", "none vertex collection does not exist or is not part of the graph")
    err(c, emu.request("POST", "/_api/gharial/social/vertex", {"x": 1}), 500, 4, "no collection attribute",
        "VPack error: Expecting type String")
    emu.request("POST", "/_api/collection", {"name": "anEdgeColl", "type": 3})
    err(c, emu.request("POST", "/_api/gharial/social/vertex", {"collection": "anEdgeColl"}), 400, 1927,
        "edge collection as orphan", "collection not a vertex collection")
    err(c, emu.request("DELETE", "/_api/gharial/social/vertex/male"), 400, 1928,
        "remove a non-orphan", "collection is not in list of orphan collections")
    r = emu.request("POST", "/_api/gharial", {"name": "g2", "orphanCollections": ["pets"]})
    r = emu.request("DELETE", "/_api/gharial/social/vertex/pets?dropCollection=true")
    c.eq((r.status, r.json()["graph"]["orphanCollections"]), (202, []), "remove orphan")
    c.eq(emu.request("GET", "/_api/collection/pets").status, 200, "still used by g2: not dropped")
    r = emu.request("DELETE", "/_api/gharial/g2/vertex/pets?dropCollection=true")
    c.eq(emu.request("GET", "/_api/collection/pets").status, 404, "dropCollection drops an unused orphan")
    r = emu.request("GET", "/_api/gharial/social/vertex")
    c.eq(r.json()["collections"], ["female", "male"], "vertex collections")


def check_drop_graph(c, emu):
    clean_database(emu)
    emu.request("POST", "/_api/gharial", {"name": "a", "edgeDefinitions": [
        {"collection": "ae", "from": ["shared"], "to": ["onlyA"]}], "orphanCollections": ["orphA"]})
    emu.request("POST", "/_api/gharial", {"name": "b", "edgeDefinitions": [
        {"collection": "be", "from": ["shared"], "to": ["shared"]}]})
    r = emu.request("DELETE", "/_api/gharial/a?dropCollections=true")
    c.eq((r.status, r.json(), r.header("Etag")), (202, {"error": False, "code": 202, "removed": True}, None),
         "drop graph")
    for name, status in (("ae", 404), ("onlyA", 404), ("orphA", 404), ("shared", 200), ("be", 200)):
        c.eq(emu.request("GET", f"/_api/collection/{name}").status, status, f"collection {name} after the drop")
    c.eq(emu.request("GET", "/_api/document/_graphs/a").status, 404, "_graphs document removed")
    r = emu.request("DELETE", "/_api/gharial/b")
    c.eq(r.status, 202, "drop without dropCollections")
    c.eq(emu.request("GET", "/_api/collection/be").status, 200, "collections kept")


def check_collection_guards(c, emu):
    social(c, emu)
    for name, what in (("female", "a vertex"), ("relation", "an edge")):
        err(c, emu.request("DELETE", f"/_api/collection/{name}"), 500, 1942, f"drop {what} collection",
            f"must not drop collection while part of graph: collection '{name}' is {what} collection "
            "inside graph 'social'")
    emu.request("POST", "/_api/gharial/social/vertex", {"collection": "pets"})
    err(c, emu.request("DELETE", "/_api/collection/pets"), 500, 1942, "drop an orphan collection",
        "must not drop collection while part of graph: collection 'pets' is an orphan collection "
        "inside graph 'social'")
    r = emu.request("PUT", "/_api/collection/male/rename", {"name": "men"})
    c.eq(r.status, 200, "rename a graph collection")
    g = emu.request("GET", "/_api/gharial/social").json()["graph"]
    c.eq(g["edgeDefinitions"][0], {"collection": "relation", "from": ["female", "men"], "to": ["female", "men"]},
         "rename updates the graph definition")
    r = emu.request("GET", "/_api/gharial/social/vertex/men/bob")
    c.eq(r.status, 200, "vertices reachable under the new name")


def check_routing(c, emu):
    social(c, emu)
    err(c, emu.request("PUT", "/_api/gharial"), 405, 405, "PUT /_api/gharial", "method not supported")
    err(c, emu.request("POST", "/_api/gharial/social"), 405, 405, "POST graph")
    err(c, emu.request("PATCH", "/_api/gharial/social/vertex/female"), 405, 405, "PATCH vertex collection")
    err(c, emu.request("GET", "/_api/gharial/social/things"), 404, 404, "unknown type", "not found")
    err(c, emu.request("GET", "/_api/gharial/social/vertex/female/alice/x"), 404, 404, "too many segments")
    r = emu.request("GET", "/_api/gharial/social/vertex/female/" + q("with space"))
    c.eq(r.status, 404, "percent-decoded key")
    r = emu.request("HEAD", "/_api/gharial/social")
    c.eq((r.status, r.body), (405, b""), "HEAD")


# ---------------------------------------------------------------------------

def run(c, exe):
    records = load_jsonl(TRANSCRIPTS)
    replayed = 0
    with started(c, exe, "--no-auth") as emu:
        example = None
        current = None
        for rec in records:
            if example is None or rec["example"] != current:
                current = rec["example"]
                clean_database(emu)
                example = Example(emu, rec)
                c.run(f"set-up {rec['example']}", example.run_setup)
            c.run(f"replay {rec['id']} {rec['method']} {rec['path']}", replay, emu, rec, example)
            replayed += 1
        print(f"replayed {replayed} of {len(records)} transcript records")
        if replayed != len(records) or replayed == 0:
            c.failures.append("not every transcript record was replayed")
        c.run("unknown graph (1924)", check_unknown_graph, emu)
        c.run("create graph, validation, listing", check_create_graph, emu)
        c.run("SmartGraph / SatelliteGraph options", check_smart_graphs, emu)
        c.run("vertex CRUD, revisions", check_vertices, emu)
        c.run("edge CRUD, _from/_to validation", check_edges, emu)
        c.run("vertex delete cascades edges", check_vertex_delete_cascades, emu)
        c.run("vertex/edge operations in a stream transaction", check_stream_transactions, emu)
        c.run("waitForSync statuses", check_wait_for_sync, emu)
        c.run("edge definitions", check_edge_definitions, emu)
        c.run("vertex (orphan) collections", check_vertex_collections, emu)
        c.run("drop graph with dropCollections", check_drop_graph, emu)
        c.run("collection drop / rename of graph collections", check_collection_guards, emu)
        c.run("routing, 405, 404", check_routing, emu)
    return c.report()


if __name__ == "__main__":
    sys.exit(emutest.suite_main(__doc__, run))
