#!/usr/bin/env python3
"""Conformance tests of arango-emulator for ArangoSearch analyzers: /_api/analyzer and the
tokens of TOKENS() (python3 standard library only).

    test_conformance_analyzers.py PATH/TO/arango-emulator

Replays the ArangoDB 3.12 analyzer transcripts (data/transcripts-analyzers.jsonl, with the
requests each recorded example sent before it), then checks what they do not show: the
normalised properties of every type (defaults, key order, ngram clamping), idempotent
creation (201 then 200), the errors arangod gives (name collision, unknown type, rejected
properties, feature rules, names, built-ins, missing analyzers), per-database visibility with
_system's shared, and the tokens of each tokenizer family with expectations worked out by hand
from the analyzers' rules.
"""
import base64
import json
import math
import os
import struct
import sys
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import emutest  # noqa: E402  (shared infrastructure)
from emutest import compare_json, error_of, load_jsonl, send, split_url, started  # noqa: E402

TRANSCRIPTS = os.path.join(HERE, "data", "transcripts-analyzers.jsonl")


def q(name):
    return urllib.parse.quote(name, safe="")


def create(emu, name, typ, props=None, features=None, db=None):
    body = {"name": name, "type": typ}
    if props is not None:
        body["properties"] = props
    if features is not None:
        body["features"] = features
    path = "/_api/analyzer" if db is None else emutest.dbpath(db, "/_api/analyzer")
    return emu.request("POST", path, body)


def tokens(emu, value, analyzer, db=None):
    path = "/_api/cursor" if db is None else emutest.dbpath(db, "/_api/cursor")
    r = emu.request("POST", path, {"query": "RETURN TOKENS(@v, @a)", "bindVars": {"v": value, "a": analyzer}})
    if r.status != 201:
        raise AssertionError(f"TOKENS({value!r}, {analyzer!r}): {r.status} {r.text}")
    return r.json()["result"][0]


def replay(c, exe, records):
    for rec in records:
        def one(cc, rec=rec):
            with started(cc, exe, "--no-auth") as emu:
                # the example's setup: the analyzer its code saves, then the unlogged requests
                if "analyzers.save(" in (rec.get("example_code") or ""):
                    create(emu, "testAnalyzer", "identity")
                for pre in rec.get("unlogged_requests_before") or []:
                    path, query = split_url(pre["url"])
                    r = send(emu, pre["method"], path, query, pre["request_body"])
                    if pre["method"] == "DELETE" and path.startswith("/_api/analyzer/"):
                        # the recorded 409: force=false while the view links it
                        cc.eq(error_of(r)[:2], (409, 1200), "removal refused while in use")
                    elif path == "/_api/view":
                        cc.eq(r.status, 201, "the setup's view is created")
                r = send(emu, rec["method"], rec["path"], rec.get("query"), rec["request_body"])
                cc.eq(r.status, rec["status"], rec["id"] + " status")
                compare_json(cc, rec["response_body"], r.json())
                # arangod's key order, byte for byte
                cc.eq(list(r.json().keys()), list(rec["response_body"].keys()), rec["id"] + " key order")
                if rec["path"] == "/_api/analyzer":
                    cc.eq(r.json()["result"], rec["response_body"]["result"], "built-ins in 3.12's order")
        c.run("transcript " + rec["id"], one)


def check_normalised(c, emu):
    cases = [
        ("identity", {"anything": 1}, {}),
        ("delimiter", {"delimiter": ","}, {"delimiter": ","}),
        ("multi_delimiter", {"delimiters": [",", ";"]}, {"delimiters": [",", ";"]}),
        ("stem", {"locale": "en.UTF-8"}, {"locale": "en"}),
        ("norm", {"locale": "de"}, {"locale": "de", "case": "none", "accent": True}),
        ("norm", {"accent": False, "case": "lower", "locale": "fr"}, {"locale": "fr", "case": "lower", "accent": False}),
        ("ngram", {"max": 3, "min": 2, "preserveOriginal": True},
         {"min": 2, "max": 3, "preserveOriginal": True, "streamType": "binary"}),
        ("ngram", {"min": 0, "max": 0, "preserveOriginal": False, "startMarker": "", "endMarker": "$"},
         {"min": 1, "max": 1, "preserveOriginal": False, "streamType": "binary", "endMarker": "$"}),
        ("text", {"locale": "en"},
         {"locale": "en", "case": "lower", "stopwords": [], "accent": False, "stemming": True}),
        ("text", {"locale": "ru", "case": "none", "stemming": False, "edgeNgram": {"min": 2}},
         {"locale": "ru", "case": "none", "stopwords": [], "accent": False, "stemming": False,
          "edgeNgram": {"min": 2, "preserveOriginal": False}}),
        ("stopwords", {"stopwords": ["a"]}, {"stopwords": ["a"], "hex": False}),
        ("segmentation", {}, {"case": "lower", "break": "alpha"}),
        ("collation", {"locale": "sv"}, {"locale": "sv"}),
        ("aql", {"queryString": "RETURN @param"},
         {"queryString": "RETURN @param", "collapsePositions": False, "keepNull": True, "batchSize": 10,
          "memoryLimit": 1048576, "returnType": "string"}),
        ("pipeline", {"pipeline": [{"type": "norm", "properties": {"locale": "en"}}]},
         {"pipeline": [{"type": "norm", "properties": {"locale": "en", "case": "none", "accent": True}}]}),
        ("geojson", {}, {"type": "shape", "options": {"maxCells": 20, "minLevel": 4, "maxLevel": 23}, "legacy": False}),
        ("geopoint", {"options": {"maxCells": 8}},
         {"latitude": [], "longitude": [], "options": {"maxCells": 8, "minLevel": 4, "maxLevel": 23}}),
    ]
    for i, (typ, props, expected) in enumerate(cases):
        name = f"norm{i}"
        r = create(emu, name, typ, props)
        c.eq(r.status, 201, f"{typ} {props} status ({r.text})")
        body = r.json()
        c.eq(list(body.keys()), ["name", "type", "properties", "features"], "bare definition keys")
        c.eq(json.dumps(body["properties"]), json.dumps(expected), f"{typ} properties (key order too)")
        # the stored definition is what GET reports
        g = emu.request("GET", "/_api/analyzer/" + name).json()
        c.eq(g["properties"], expected, f"{typ} properties read back")


def check_idempotent(c, emu):
    r1 = create(emu, "same", "delimiter", {"delimiter": "-"}, ["frequency"])
    c.eq(r1.status, 201, "first creation")
    r2 = create(emu, "same", "delimiter", {"delimiter": "-"}, ["frequency"])
    c.eq(r2.status, 200, "identical creation")
    c.eq(r2.json(), r1.json(), "identical creation returns the stored definition")
    r3 = create(emu, "same", "delimiter", {"delimiter": "+"}, ["frequency"])
    status, num, msg = error_of(r3)
    c.eq((status, num), (400, 10), "another definition")
    c.true(msg.startswith("Name collision detected while registering an arangosearch analyzer.\n"), msg)
    c.true("Previous definition was:\n" + json.dumps(r1.json(), separators=(",", ":")) in msg, msg)
    # a built-in's exact definition is accepted (200), another is a collision
    c.eq(create(emu, "identity", "identity", {}, ["frequency", "norm"]).status, 200, "built-in identity again")
    c.eq(error_of(create(emu, "text_en", "identity"))[:2], (400, 10), "redefining a built-in")


def check_errors(c, emu):
    def err(r):
        return error_of(r)[:2]
    c.eq(err(create(emu, "x", "no_such_type")), (501, 9), "unknown type")
    c.eq(error_of(create(emu, "x", "no_such_type"))[2], "Not implemented analyzer type 'no_such_type'.", "message")
    r = create(emu, "x", "ngram", {"min": 2})
    c.eq(err(r), (400, 10), "ngram without max")
    c.eq(error_of(r)[2], "Failure initializing an arangosearch analyzer instance for name '_system::x' type "
         "'ngram'. Properties '{\"min\":2}' was rejected by analyzer. Please check documentation for "
         "corresponding analyzer type.", "rejected properties message")
    c.eq(error_of(create(emu, "x", "text"))[2].split(".")[1], " Init without properties was rejected by analyzer",
         "no properties")
    c.eq(err(create(emu, "x", "norm", {"locale": "en", "case": "title"})), (400, 10), "bad case")
    c.eq(err(create(emu, "x", "geojson", {"options": {"minLevel": 10, "maxLevel": 5}})), (400, 10), "geo levels")
    c.eq(err(create(emu, "x", "pipeline", {"pipeline": []})), (400, 10), "empty pipeline")
    c.eq(err(create(emu, "x", "stopwords", {"stopwords": ["zz"], "hex": True})), (400, 10), "bad hex")
    c.eq(err(create(emu, "x", "identity", None, ["offset", "frequency"])), (400, 10), "offset without position")
    c.eq(err(create(emu, "x", "identity", None, ["nope"])), (400, 10), "unknown feature")
    c.eq(err(create(emu, "x", "identity", None, "frequency")), (400, 10), "features not an array")
    c.eq(err(create(emu, "x", "identity", "not json")), (400, 600), "properties string that is not JSON")
    c.eq(create(emu, "fromstring", "delimiter", '{"delimiter":";"}').json()["properties"], {"delimiter": ";"},
         "properties given as a JSON string")
    c.eq(err(create(emu, "x", "identity", [1])), (400, 10), "properties not an object")
    c.eq(err(create(emu, "bad/name", "identity")), (400, 10), "invalid name")
    c.eq(err(create(emu, "other::x", "identity")), (403, 11), "another database's prefix")
    c.eq(err(emu.request("POST", "/_api/analyzer", {})), (400, 600), "empty object")
    c.eq(err(emu.request("POST", "/_api/analyzer", {"type": "identity"})), (400, 10), "no name")
    c.eq(err(emu.request("POST", "/_api/analyzer", [1])), (400, 10), "not an object")
    c.eq(err(emu.request("GET", "/_api/analyzer/missing")), (404, 1202), "GET unknown")
    c.eq(error_of(emu.request("GET", "/_api/analyzer/missing"))[2], "unable to find analyzer: _system::missing", "")
    c.eq(err(emu.request("DELETE", "/_api/analyzer/missing")), (404, 1202), "DELETE unknown")
    c.eq(err(emu.request("DELETE", "/_api/analyzer/text_de")), (403, 11), "DELETE built-in")
    c.eq(err(emu.request("DELETE", "/_api/analyzer/a/b")), (400, 10), "DELETE with two suffixes")
    # a bound on what a client can make the server hold
    big = {"delimiter": "x" * (1024 * 1024 + 10)}
    c.eq(err(create(emu, "huge", "delimiter", big)), (400, 10), "properties over 1 MiB")


def check_databases(c, emu):
    c.eq(emu.request("POST", "/_api/database", {"name": "adb"}).status, 201, "database created")
    c.eq(create(emu, "shared", "identity").status, 201, "_system analyzer")
    r = create(emu, "own", "identity", db="adb")
    c.eq(r.json()["name"], "adb::own", "full name in its database")
    listed = [a["name"] for a in emu.request("GET", emutest.dbpath("adb", "/_api/analyzer")).json()["result"]]
    c.true("adb::own" in listed and "_system::shared" in listed, f"listed from adb: {listed}")
    c.true(listed.index("adb::own") < listed.index("_system::shared"), "own before _system's")
    sys_listed = [a["name"] for a in emu.request("GET", "/_api/analyzer").json()["result"]]
    c.true("adb::own" not in sys_listed, "not listed in _system")
    g = emu.request("GET", emutest.dbpath("adb", "/_api/analyzer/" + q("::shared")))
    c.eq(g.json()["name"], "_system::shared", "::name from another database")
    c.eq(error_of(emu.request("GET", emutest.dbpath("adb", "/_api/analyzer/shared")))[:2], (404, 1202),
         "a bare name is the database's own")
    status, num, msg = error_of(emu.request("GET", "/_api/analyzer/" + q("adb::own")))
    c.eq((status, num), (403, 11), "another database's analyzer")
    c.eq(msg, "Analyzer 'adb::own' is not accessible. Only analyzers from current database ('_system') are "
         "available", "message")
    c.eq(error_of(emu.request("DELETE", "/_api/analyzer/" + q("adb::own")))[:2], (403, 11),
         "DELETE from another database")
    c.eq(tokens(emu, "v", "own", db="adb"), ["v"], "TOKENS with the database's analyzer")
    d = emu.request("DELETE", emutest.dbpath("adb", "/_api/analyzer/own"))
    c.eq(d.json(), {"error": False, "code": 200, "name": "adb::own"}, "DELETE answer")
    # a dropped and re-created database starts without analyzers
    create(emu, "again", "identity", db="adb")
    emu.request("DELETE", "/_api/database/adb")
    emu.request("POST", "/_api/database", {"name": "adb"})
    c.eq(error_of(emu.request("GET", emutest.dbpath("adb", "/_api/analyzer/again")))[:2], (404, 1202),
         "analyzers go with their database")


def check_tokens(c, emu):
    def make(name, typ, props):
        r = create(emu, name, typ, props)
        c.true(r.status in (200, 201), f"{name}: {r.text}")

    make("tri", "ngram", {"min": 3, "max": 3, "preserveOriginal": True, "startMarker": "^", "endMarker": "$",
                          "streamType": "utf8"})
    c.eq(tokens(emu, "foobar", "tri"), ["^foo", "^foobar", "foobar$", "oob", "oba", "bar$"], "ngram markers")
    make("bi", "ngram", {"min": 1, "max": 2, "preserveOriginal": True})
    # "ab": a, ab (the whole input, emitted as the original), b
    c.eq(tokens(emu, "ab", "bi"), ["a", "ab", "b"], "ngram covering the input")
    make("u8", "ngram", {"min": 2, "max": 2, "preserveOriginal": False, "streamType": "utf8"})
    c.eq(tokens(emu, "äöü", "u8"), ["äö", "öü"], "utf8 symbols")
    make("comma", "delimiter", {"delimiter": ","})
    c.eq(tokens(emu, 'a,"b,c",d', "comma"), ["a", "b,c", "d"], "quoted field")
    make("multi", "multi_delimiter", {"delimiters": [",", ";", "||"]})
    c.eq(tokens(emu, "differently,delimited;words||one|token", "multi"),
         ["differently", "delimited", "words", "one|token"], "multi_delimiter")
    c.eq(tokens(emu, ",,a;;", "multi"), ["a"], "empty tokens dropped")
    make("upper", "norm", {"locale": "en", "case": "upper", "accent": False})
    c.eq(tokens(emu, "Crème Brûlée", "upper"), ["CREME BRULEE"], "norm upper without accents")
    make("keep", "norm", {"locale": "en"})
    c.eq(tokens(emu, "Crème", "keep"), ["Crème"], "norm defaults keep the value")
    make("stem", "stem", {"locale": "en"})
    c.eq(tokens(emu, "running", "stem"), ["run"], "stem")
    make("stop", "stopwords", {"stopwords": ["and", "the"]})
    c.eq([tokens(emu, "and", "stop"), tokens(emu, "fox", "stop")], [[], ["fox"]], "stopwords")
    make("txt", "text", {"locale": "en", "stemming": False, "case": "upper", "accent": True,
                         "stopwords": ["THE"]})
    c.eq(tokens(emu, "The Café", "txt"), ["CAFÉ"], "text upper, accents kept, stopword after case")
    make("edge", "text", {"locale": "en", "stemming": False, "edgeNgram": {"min": 2, "max": 3,
                                                                          "preserveOriginal": True}})
    c.eq(tokens(emu, "The fox", "edge"), ["th", "the", "fo", "fox"], "edge n-grams")
    make("seg", "segmentation", {"break": "graphic", "case": "none"})
    c.eq(tokens(emu, "Hi, you!", "seg"), ["Hi", ",", "you", "!"], "segmentation graphic")
    make("segalpha", "segmentation", {})
    c.eq(tokens(emu, "Hi, You!", "segalpha"), ["hi", "you"], "segmentation alpha lower")
    make("pipe", "pipeline", {"pipeline": [
        {"type": "delimiter", "properties": {"delimiter": " "}},
        {"type": "stopwords", "properties": {"stopwords": ["b"]}},
        {"type": "ngram", "properties": {"min": 2, "max": 2, "preserveOriginal": False}}]})
    c.eq(tokens(emu, "abc b de", "pipe"), ["ab", "bc", "de"], "pipeline")
    c.eq(tokens(emu, ["x y", ["z"]], "comma"), [["x y"], [["z"]]], "arrays keep their shape")
    r = emu.request("POST", "/_api/cursor", {"query": "RETURN TOKENS('x', 'nope')"})
    c.eq(error_of(r)[:2], (400, 10), "unknown analyzer in TOKENS")
    # bounded output: an ngram analyzer over a long input stops with a typed error
    make("wide", "ngram", {"min": 1, "max": 1000, "preserveOriginal": False})
    r = emu.request("POST", "/_api/cursor", {"query": "RETURN LENGTH(TOKENS(CONCAT_SEPARATOR('', (FOR i IN 1..20000 "
                                                      "RETURN 'abcdefghij')), 'wide'))"})
    c.eq(error_of(r)[1], 32, "token output bound")


def raw_tokens(emu, value, analyzer):
    """TOKENS() whose tokens are bytes (wildcard frames, ICU sort keys): the result decoded
    byte for byte (surrogateescape keeps what is not UTF-8)."""
    r = emu.request("POST", "/_api/cursor", {"query": "RETURN TOKENS(@v, @a)", "bindVars": {"v": value, "a": analyzer}})
    if r.status != 201:
        raise AssertionError(f"TOKENS({value!r}, {analyzer!r}): {r.status} {r.body!r}")
    toks = json.loads(r.body.decode("utf-8", "surrogateescape"))["result"][0]
    return [t.encode("utf-8", "surrogateescape") for t in toks]


def numeric_terms(x):
    """iresearch's numeric_token_stream over a double (numeric_utils): precision step 16, so
    shifts 0, 16, 32, 48; each term is 0xA0 + shift, then the big-endian sortable bits (the
    IEEE bits, negatives with all but the sign flipped, then the sign bit flipped) with the low
    `shift` bits dropped, 1 + (63 - shift) // 8 bytes."""
    bits = struct.unpack(">q", struct.pack(">d", float(x)))[0]
    if bits < 0:
        bits ^= 0x7FFFFFFFFFFFFFFF
    u = (bits & 0xFFFFFFFFFFFFFFFF) ^ (1 << 63)
    out = []
    for shift in (0, 16, 32, 48):
        v = u & ~((1 << shift) - 1) & 0xFFFFFFFFFFFFFFFF
        size = 1 + (63 - shift) // 8
        out.append(base64.b64encode(bytes([0xA0 + shift]) + v.to_bytes(8, "big")[:size]).decode())
    return out


M64 = 0xFFFFFFFFFFFFFFFF
K0, K1, K2 = 0xc3a5c85c97cb3127, 0xb492b66fbe98f273, 0x9ae16a3b2f90404f


def _rot(v, s):
    return v if s == 0 else ((v >> s) | (v << (64 - s))) & M64


def _len16(u, v, mul=0x9ddfea08eb382d69):
    a = ((u ^ v) * mul) & M64
    a ^= a >> 47
    b = ((v ^ a) * mul) & M64
    b ^= b >> 47
    return (b * mul) & M64


def cityhash64(s):
    """CityHash64 of up to 32 bytes (Google's published algorithm, which iresearch's minhash
    analyzer hashes its terms with)."""
    n = len(s)
    f64 = lambda i: int.from_bytes(s[i:i + 8], "little")  # noqa: E731
    f32 = lambda i: int.from_bytes(s[i:i + 4], "little")  # noqa: E731
    if n > 32:
        raise ValueError("the test's CityHash64 covers up to 32 bytes")
    if n > 16:
        mul = K2 + n * 2
        a, b = (f64(0) * K1) & M64, f64(8)
        c, d = (f64(n - 8) * mul) & M64, (f64(n - 16) * K2) & M64
        return _len16((_rot((a + b) & M64, 43) + _rot(c, 30) + d) & M64,
                      (a + _rot((b + K2) & M64, 18) + c) & M64, mul)
    if n >= 8:
        mul = K2 + n * 2
        a, b = (f64(0) + K2) & M64, f64(n - 8)
        return _len16((_rot(b, 37) * mul + a) & M64, ((_rot(a, 25) + b) * mul) & M64, mul)
    if n >= 4:
        mul = K2 + n * 2
        return _len16((n + (f32(0) << 3)) & M64, f32(n - 4), mul)
    if n > 0:
        y = (s[0] + (s[n >> 1] << 8)) & 0xFFFFFFFF
        z = (n + (s[n - 1] << 2)) & 0xFFFFFFFF
        v = ((y * K2) ^ (z * K0)) & M64
        return ((v ^ (v >> 47)) * K2) & M64
    return K2


def minhash_token(h):
    return base64.b64encode(h.to_bytes(8, "little")).decode().rstrip("=")


S2_POS_TO_IJ = ((0, 1, 3, 2), (0, 2, 3, 1), (3, 2, 0, 1), (3, 1, 0, 2))
S2_POS_TO_ORIENTATION = (1, 0, 0, 3)


def unit(lat, lng):
    """S2LatLng::FromDegrees(lat, lng).ToPoint()."""
    phi, theta = math.radians(lat), math.radians(lng)
    return (math.cos(theta) * math.cos(phi), math.sin(theta) * math.cos(phi), math.sin(phi))


def s2_terms(lat, lng, min_level, max_level):
    """The tokens of a point's cells at the levels (hex without trailing zeros)."""
    leaf = s2_leaf(unit(lat, lng))
    return [s2_token(s2_parent(leaf, level)) for level in range(min_level, max_level + 1)]


def s2_parent(cell, level):
    lsb = 1 << (2 * (30 - level))
    return (cell & ~(lsb - 1) & ~lsb) | lsb


def s2_token(cell):
    return f"{cell:016x}".rstrip("0")


def s2_cell(token):
    return int(token.ljust(16, "0"), 16)


def s2_level(cell):
    return 30 - ((cell & -cell).bit_length() - 1) // 2


def s2_holds(cell, leaf):
    lsb = cell & -cell
    return cell - (lsb - 1) <= leaf <= cell + (lsb - 1)


def s2_leaf(p):
    """S2CellId of a unit vector (face, quadratic (s, t), 30-bit (i, j), then the Hilbert
    position one bit pair at a time)."""
    a = [abs(x) for x in p]
    face = (0 if a[0] > a[2] else 2) if a[0] > a[1] else (1 if a[1] > a[2] else 2)
    if p[face] < 0:
        face += 3
    x, y, z = p
    u, v = [lambda: (y / x, z / x), lambda: (-x / y, z / y), lambda: (-x / z, -y / z),
            lambda: (z / x, y / x), lambda: (z / y, -x / y), lambda: (-y / z, -x / z)][face]()
    st = [0.5 * math.sqrt(1 + 3 * w) if w >= 0 else 1 - 0.5 * math.sqrt(1 - 3 * w) for w in (u, v)]
    i, j = [max(0, min((1 << 30) - 1, round((1 << 30) * w - 0.5))) for w in st]
    orientation, pos = face & 1, 0
    for k in range(29, -1, -1):
        ij = (((i >> k) & 1) << 1) | ((j >> k) & 1)
        step = S2_POS_TO_IJ[orientation].index(ij)
        pos = (pos << 2) | step
        orientation ^= S2_POS_TO_ORIENTATION[step]
    return (face << 61) | (pos << 1) | 1


def check_more_types(c, emu):
    def make(name, typ, props):
        r = create(emu, name, typ, props)
        c.true(r.status in (200, 201), f"{name}: {r.text}")

    def err(r):
        return error_of(r)[:2]

    # aql: the query runs with @param bound to the input; its values are the tokens
    make("aqlupper", "aql", {"queryString": "RETURN UPPER(@param)"})
    c.eq(tokens(emu, "abc", "aqlupper"), ["ABC"], "aql RETURN UPPER(@param)")
    make("split", "aql", {"queryString": "FOR w IN SPLIT(@param, '-') RETURN w"})
    c.eq(tokens(emu, "a-b-c", "split"), ["a", "b", "c"], "aql yielding several values")
    make("nulls", "aql", {"queryString": "FOR x IN [1, null, 2] RETURN x ? @param : null", "keepNull": False})
    c.eq(tokens(emu, "v", "nulls"), ["v", "v"], "keepNull false drops null values")
    make("nullskept", "aql", {"queryString": "FOR x IN [1, null] RETURN x ? @param : null"})
    # a non-string value becomes TO_STRING of it: null -> ""
    c.eq(tokens(emu, "v", "nullskept"), ["v", ""], "keepNull true keeps null as its string")
    make("nums", "aql", {"queryString": "FOR i IN 1..2 RETURN LENGTH(@param) * i", "returnType": "number"})
    c.eq(tokens(emu, "abc", "nums"), [numeric_terms(3), numeric_terms(6)], "returnType number")
    make("bools", "aql", {"queryString": "RETURN @param == 'yes'", "returnType": "bool"})
    c.eq([tokens(emu, "yes", "bools"), tokens(emu, "no", "bools")], [[["/w=="]], [["AA=="]]],
         "returnType bool: one byte, 0xFF or 0x00")
    make("failing", "aql", {"queryString": "RETURN FAIL(@param)"})
    c.eq(tokens(emu, "v", "failing"), [], "a query that fails at run time yields no tokens")
    # StandaloneCalculation::validateQuery refuses data access, DML, other bind parameters,
    # V8 functions and functions not usable in analyzers: the generic 400 / 10 at create
    for i, query in enumerate(["FOR d IN coll RETURN d", "RETURN @other", "RETURN DOCUMENT(@param)",
                               "INSERT {a: @param} INTO coll", "RETURN MYFN::X(@param)",
                               "FOR x IN [1] COLLECT y = x RETURN y", "RETURN TOKENS(@param)",
                               "RETURN CALL('UPPER', @param)", "RETURN (", ""]):
        r = create(emu, f"refused{i}", "aql", {"queryString": query})
        c.eq(err(r), (400, 10), f"aql query refused: {query!r}")
        c.true(error_of(r)[2].startswith("Failure initializing an arangosearch analyzer instance for name "
                                         f"'_system::refused{i}' type 'aql'."), error_of(r)[2])
    # bounded: a query producing more than memoryLimit ends its tokens; one that runs too long
    # is a typed error (arangod has no time bound; the emulator's is 10 s)
    make("many", "aql", {"queryString": "FOR i IN 1..100000 RETURN CONCAT(@param, i)", "memoryLimit": 1000})
    got = tokens(emu, "x", "many")
    c.true(0 < len(got) < 1000 and got[:3] == ["x1", "x2", "x3"], f"memoryLimit bounds the values: {len(got)}")
    make("slow", "aql", {"queryString": "FOR i IN 1..100000000000 FILTER i < 0 RETURN @param"})
    r = emu.request("POST", "/_api/cursor", {"query": "RETURN TOKENS('x', 'slow')"})
    c.eq(error_of(r)[1], 32, "a query running past the time bound")
    for props in [{"queryString": "RETURN @param", "batchSize": 0},
                  {"queryString": "RETURN @param", "batchSize": 1001},
                  {"queryString": "RETURN @param", "memoryLimit": 33554433},
                  {"queryString": "RETURN @param", "returnType": "object"}]:
        c.eq(err(create(emu, "badaql", "aql", props)), (400, 10), f"aql properties {props}")
    c.eq(create(emu, "bigbatch", "aql", {"queryString": "RETURN @param", "batchSize": 1000,
                                         "memoryLimit": 33554432}).status, 201, "the maxima are allowed")

    # TOKENS() of numbers, booleans and null, whatever the analyzer
    c.eq(tokens(emu, 1, "identity"), numeric_terms(1.0), "a number's numeric terms")
    c.eq(tokens(emu, -2.5, "text_en"), numeric_terms(-2.5), "a negative number, text analyzer")
    c.eq(tokens(emu, [True, False, None], "identity"), [["/w=="], ["AA=="], [""]], "booleans and null")
    c.eq(err(emu.request("POST", "/_api/cursor", {"query": "RETURN TOKENS({a: 1}, 'identity')"})), (400, 10),
         "an object for a string analyzer")

    # wildcard: each term framed by 0xFF, its n-grams, then the last gram's suffixes
    make("wild", "wildcard", {"ngramSize": 3})

    def wildcard_expected(term, n):
        frame = [b"\xff"] + [ch.encode() for ch in term] + [b"\xff"]
        if len(frame) >= n:
            grams = [b"".join(frame[i:i + n]) for i in range(len(frame) - n + 1)]
            last = len(frame) - n
        else:
            grams, last = [b"".join(frame)], 0
        return grams + [b"".join(frame[i:]) for i in range(last + 1, len(frame))]
    c.eq(raw_tokens(emu, "abcd", "wild"), wildcard_expected("abcd", 3), "wildcard n-grams")
    c.eq(raw_tokens(emu, "a", "wild"), wildcard_expected("a", 3), "wildcard of a short term")
    make("wild2", "wildcard", {"ngramSize": 2, "analyzer": {"type": "delimiter", "properties": {"delimiter": " "}}})
    c.eq(raw_tokens(emu, "ab cd", "wild2"), wildcard_expected("ab", 2) + wildcard_expected("cd", 2),
         "wildcard over its analyzer's terms")
    c.eq(err(create(emu, "wildbad", "wildcard", {"ngramSize": 1})), (400, 10), "ngramSize below 2")
    # NormalizeAnalyzer leaves out no analyzer, {} and identity; writes another one normalised
    for i, analyzer in enumerate([None, {}, {"type": "identity", "properties": {}}]):
        props = {"ngramSize": 4} if analyzer is None else {"ngramSize": 4, "analyzer": analyzer}
        c.eq(create(emu, f"wildn{i}", "wildcard", props).json()["properties"], {"ngramSize": 4},
             f"wildcard with analyzer {analyzer}")
    c.eq(create(emu, "wildn3", "wildcard", {"ngramSize": 4, "analyzer": {"type": "norm", "properties": {
        "locale": "en"}}}).json()["properties"], {"ngramSize": 4, "analyzer": {"type": "norm", "properties": {
            "locale": "en", "case": "none", "accent": True}}}, "wildcard's analyzer normalised")

    # minhash: the numHashes smallest CityHash64 values of the terms
    make("mh", "minhash", {"numHashes": 3, "analyzer": {"type": "delimiter", "properties": {"delimiter": " "}}})
    words = ["quick", "brown", "fox", "jumps", "over"]
    hashes = sorted({cityhash64(w.encode()) for w in words})[:3]
    got = tokens(emu, " ".join(words), "mh")
    c.eq(sorted(got), sorted(minhash_token(h) for h in hashes), "minhash signature")
    make("mh1", "minhash", {"numHashes": 4})
    c.eq(tokens(emu, "", "mh1"), [minhash_token(cityhash64(b""))], "minhash of the whole input")
    c.eq(create(emu, "mh1", "minhash", {"numHashes": 4}).json()["properties"], {"numHashes": 4, "analyzer": {}},
         "minhash without analyzer normalised")
    c.eq(list(create(emu, "mh", "minhash", {"numHashes": 3, "analyzer": {
        "type": "delimiter", "properties": {"delimiter": " "}}}).json()["properties"]), ["numHashes", "analyzer"],
        "minhash key order")
    c.eq(err(create(emu, "mhbad", "minhash", {"numHashes": 0})), (400, 10), "numHashes 0")

    # collation: ICU sort keys order strings as the locale's collation does
    make("sv", "collation", {"locale": "sv"})
    make("de", "collation", {"locale": "de"})
    words = ["zebra", "äpple", "apa", "öga", "Apa"]
    # Swedish sorts å, ä, ö after z; German sorts ä with a and ö with o
    sv_order = sorted(words, key=lambda w: raw_tokens(emu, w, "sv")[0])
    de_order = sorted(words, key=lambda w: raw_tokens(emu, w, "de")[0])
    c.eq(sv_order, ["apa", "Apa", "zebra", "äpple", "öga"], "Swedish collation order")
    c.eq(de_order, ["apa", "Apa", "äpple", "öga", "zebra"], "German collation order")
    c.true(all(b"\x00" not in raw_tokens(emu, w, "sv")[0] for w in words), "sort keys lose their final zero")

    # geo analyzers take objects: a point gives the tokens of its S2 cells from minLevel to
    # maxLevel (S2RegionTermIndexer::GetIndexTerms), worked out here bit by bit along the
    # Hilbert curve; an object the analyzer cannot read is 500 / 4 as arangod's reset fails
    make("gp", "geopoint", {"latitude": ["pos", "lat"], "longitude": ["pos", "lng"],
                            "options": {"minLevel": 0, "maxLevel": 30}})
    make("gj", "geojson", {})
    faces = {(0, 0): "1", (0, 90): "3", (90, 0): "5", (0, 180): "7", (0, -90): "9", (-90, 0): "b"}
    for (lat, lng), face in faces.items():
        got = tokens(emu, {"pos": {"lat": lat, "lng": lng}}, "gp")
        c.eq((got[0], len(got)), (face, 31), f"geopoint ({lat}, {lng}): its cube face first, then 30 levels")
    for lat, lng in ((40.7128, -74.006), (52.52, 13.405), (-33.8688, 151.2093), (0.0001, -179.9999)):
        want = s2_terms(lat, lng, 0, 30)
        c.eq(tokens(emu, {"pos": {"lat": lat, "lng": lng}}, "gp"), want, f"geopoint ({lat}, {lng})")
        c.eq(tokens(emu, {"type": "Point", "coordinates": [lng, lat]}, "gj"), want[4:24],
             f"geojson Point ({lat}, {lng}): levels 4..23 by default")
    c.true(tokens(emu, {"pos": {"lat": 40.7128, "lng": -74.006}}, "gp")[7].startswith("89c2"),
           "New York lies in cell 89c2...")
    # GeoPointAnalyzer::parsePoint normalises (S2LatLng::Normalized): latitude clamped to 90,
    # longitude wrapped
    c.eq(tokens(emu, {"pos": {"lat": 91, "lng": 190}}, "gp"), s2_terms(90, -170, 0, 30),
         "geopoint (91, 190) is (90, -170)")
    for what, value, name in (("no latitude", {"pos": {"lng": 1}}, "gp"), ("a string latitude", {"pos": {
            "lat": "1", "lng": 0}}, "gp"), ("not GeoJSON", {"type": "Nope"}, "gj"),
            ("Point without coordinates", {"type": "Point"}, "gj")):
        r = emu.request("POST", "/_api/cursor", {"query": "RETURN TOKENS(@v, @a)", "bindVars": {"v": value, "a": name}})
        c.eq(err(r), (500, 4), f"geo input {what}")
    r = emu.request("POST", "/_api/cursor", {"query": "RETURN TOKENS({type: 'Nope'}, 'gj')"})
    c.eq(err(r), (500, 4), "an object that is not GeoJSON")
    c.eq(error_of(r)[2].split(" [node")[0], "AQL: failure to reset arangosearch analyzer: '_system::gj' while "
         "computing result for function 'TOKENS'", "message")
    r = emu.request("POST", "/_api/cursor", {"query": "RETURN TOKENS('x', 'gj')"})
    c.eq(err(r), (400, 10), "a string for a geo analyzer")

    # classification / nearest_neighbors need a fastText model the server has not got
    for typ in ("classification", "nearest_neighbors"):
        c.eq(err(create(emu, "ft", typ, {"model_location": "/nonexistent/model.bin"})), (400, 10),
             f"{typ} without its model")


def index_terms(covering, min_level, max_level):
    """S2RegionTermIndexer::GetIndexTerms of a covering (not optimised for space, level_mod 1):
    a covering term ($ and the token) for each cell above max_level, the cell itself as an
    ancestor term, then its ancestors down to min_level until the previous cell shares them."""
    out, prev = [], None
    for cell in covering:
        level = s2_level(cell)
        if level < max_level:
            out.append("$" + s2_token(cell))
        out.append(s2_token(cell))
        for lv in range(level - 1, min_level - 1, -1):
            anc = s2_parent(cell, lv)
            if prev is not None and s2_level(prev) > lv and s2_parent(prev, lv) == anc:
                break
            out.append(s2_token(anc))
        prev = cell
    return out


def normalize(p):
    n = math.sqrt(sum(x * x for x in p))
    return tuple(x / n for x in p)


def lat_lng(p):
    return math.degrees(math.atan2(p[2], math.hypot(p[0], p[1]))), math.degrees(math.atan2(p[1], p[0]))


def polyline_centroid(points):
    """S2::GetCentroid of a polyline: each edge's (a + b) scaled by tan(half its angle)."""
    total = [0.0, 0.0, 0.0]
    for a, b in zip(points, points[1:]):
        vsum = [x + y for x, y in zip(a, b)]
        vdiff = [x - y for x, y in zip(a, b)]
        cos2, sin2 = sum(x * x for x in vsum), sum(x * x for x in vdiff)
        total = [t + math.sqrt(sin2 / cos2) * x for t, x in zip(total, vsum)]
    return normalize(total)


def check_geo_coverings(c, emu):
    """TOKENS() of geometries other than points: the terms of their S2 covering (checked for
    the indexer's term rules, the covering's levels and size, and that it covers the shape),
    followed by the centroid's point terms when the shape does not hold its centroid."""
    def make(name, typ, props):
        r = create(emu, name, typ, props)
        c.true(r.status in (200, 201), f"{name}: {r.text}")

    def covering_of(terms, what, min_level=4, max_level=23, centroid_terms=0):
        body = terms[:len(terms) - centroid_terms]
        cells = []
        for t in body:
            if t.startswith("$"):
                cells.append(s2_cell(t[1:]))
            elif s2_level(s2_cell(t)) == max_level and s2_cell(t) not in cells:
                cells.append(s2_cell(t))
        cells.sort()
        c.true(all(min_level <= s2_level(x) <= max_level for x in cells), f"{what}: covering levels")
        c.true(all(not s2_holds(a, b) and not s2_holds(b, a) for a, b in zip(cells, cells[1:])),
               f"{what}: covering cells are disjoint")
        c.eq(body, index_terms(cells, min_level, max_level), f"{what}: index terms of the covering")
        return cells

    def covered(cells, lat, lng):
        leaf = s2_leaf(unit(lat, lng))
        return any(s2_holds(x, leaf) for x in cells)

    make("gjs", "geojson", {})
    make("gjs6", "geojson", {"options": {"maxCells": 6, "minLevel": 6, "maxLevel": 12}})
    make("gjc", "geojson", {"type": "centroid"})
    make("gjp", "geojson", {"type": "point"})
    make("s2d", "geo_s2", {})
    make("s2c", "geo_s2", {"type": "centroid", "format": "latLngInt"})

    square = {"type": "Polygon", "coordinates": [[[6, 50], [7, 50], [7, 51], [6, 51], [6, 50]]]}
    got = tokens(emu, square, "gjs")
    cells = covering_of(got, "polygon")
    c.true(0 < len(cells) <= 20, f"polygon: at most maxCells 20 cells ({len(cells)})")
    c.true(all(covered(cells, lat, lng) for lat, lng in ((50, 6), (50, 7), (51, 7), (51, 6), (50.5, 6.5),
                                                          (50.01, 6.99))), "polygon: its corners and inside covered")
    c.true(not any(covered(cells, lat, lng) for lat, lng in ((48, 6.5), (50.5, 9), (53, 6))),
           "polygon: points far outside not covered")
    got6 = tokens(emu, square, "gjs6")
    cells6 = covering_of(got6, "polygon, levels 6..12", 6, 12)
    c.true(0 < len(cells6) <= 6, f"polygon: at most maxCells 6 cells ({len(cells6)})")
    c.true(covered(cells6, 50.5, 6.5), "polygon, levels 6..12: inside covered")
    # a shell given clockwise is the rest of the sphere; with legacy it is normalised to the
    # smaller region (S2Loop::Normalize)
    make("gjl", "geojson", {"legacy": True})
    cw = {"type": "Polygon", "coordinates": [square["coordinates"][0][::-1]]}
    rest = covering_of(tokens(emu, cw, "gjs"), "clockwise square")
    c.eq(len(rest), 6 * 4 ** 4, "clockwise square: the rest of the sphere meets every level-4 cell")
    c.eq(tokens(emu, cw, "gjl"), tokens(emu, square, "gjs"), "legacy: the clockwise square is the square")
    # a hole given clockwise is taken as a hole; its middle is the polygon's centroid, which the
    # polygon does not hold: the centroid's 20 point terms (a chain of cells, levels 4..23, the
    # last inside the hole) follow the covering
    hole = [[4, 4], [4, 6], [6, 6], [6, 4], [4, 4]]
    holed = {"type": "Polygon", "coordinates": [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]], hole]}
    got = tokens(emu, holed, "gjs")
    cells = covering_of(got, "polygon with a hole", centroid_terms=20)
    c.true(all(covered(cells, lat, lng) for lat, lng in ((0, 0), (10, 10), (3, 3))), "polygon with a hole covered")
    chain = [s2_cell(t) for t in got[-20:]]
    c.eq([s2_level(x) for x in chain], list(range(4, 24)), "polygon with a hole: centroid terms' levels")
    c.true(all(s2_parent(chain[-1], s2_level(x)) == x for x in chain), "polygon with a hole: centroid cells nest")
    hole_cells = covering_of(tokens(emu, {"type": "Polygon", "coordinates": [hole[::-1]]}, "gjs"), "the hole")
    c.true(any(s2_holds(x, chain[-1]) for x in hole_cells), "polygon with a hole: its centroid lies in the hole")

    # a LineString holds no point: its centroid's 20 point terms follow the covering
    line = [[37.6159, 55.7047], [37.6149, 55.7046], [37.6149, 55.7042], [37.6156, 55.7036]]
    got = tokens(emu, {"type": "LineString", "coordinates": line}, "gjs")
    cells = covering_of(got, "linestring", centroid_terms=20)
    c.true(all(covered(cells, lat, lng) for lng, lat in line), "linestring: its vertices covered")
    clat, clng = lat_lng(polyline_centroid([unit(lat, lng) for lng, lat in line]))
    c.eq(got[-20:], s2_terms(clat, clng, 4, 23), "linestring: its centroid's terms last")
    # MultiPoint: each point covered; the centroid (the mean latitude and longitude) is none of them
    pts = [[10, 10], [20, 30], [-5, 12]]
    got = tokens(emu, {"type": "MultiPoint", "coordinates": pts}, "gjs")
    cells = covering_of(got, "multipoint", centroid_terms=20)
    c.true(all(covered(cells, lat, lng) for lng, lat in pts), "multipoint: its points covered")
    mlat, mlng = sum(p[1] for p in pts) / 3, sum(p[0] for p in pts) / 3
    c.eq(got[-20:], s2_terms(mlat, mlng, 4, 23), "multipoint: its centroid's terms last")
    c.eq(tokens(emu, {"type": "MultiPoint", "coordinates": pts}, "gjc"), s2_terms(mlat, mlng, 4, 23),
         "type centroid: the centroid's terms only")
    lines = {"type": "MultiLineString", "coordinates": [[[0, 0], [1, 1]], [[5, 5], [5, 6]]]}
    cells = covering_of(tokens(emu, lines, "gjs"), "multilinestring", centroid_terms=20)
    c.true(all(covered(cells, lat, lng) for lat, lng in ((0, 0), (1, 1), (0.5, 0.5), (5, 5), (5.5, 5))),
           "multilinestring: its lines covered")
    c.true(not covered(cells, 3, 3), "multilinestring: between the lines not covered")

    # geo_s2 computes geojson's terms; its format is how it stores the shape (latLngInt:
    # 32-bit fixed point, degrees * 1e7)
    c.eq(tokens(emu, square, "s2d"), tokens(emu, square, "gjs"), "geo_s2: a polygon's terms as geojson's")
    c.eq(tokens(emu, {"type": "Point", "coordinates": [6.95, 50.94]}, "s2d"), s2_terms(50.94, 6.95, 4, 23),
         "geo_s2: a point's terms")
    c.eq(tokens(emu, {"type": "MultiPoint", "coordinates": [[1.25, 2.5], [3.75, 4.5]]}, "s2c"),
         s2_terms(3.5, 2.5, 4, 23), "geo_s2 centroid")

    def err(value, name):
        r = emu.request("POST", "/_api/cursor", {"query": "RETURN TOKENS(@v, @a)", "bindVars": {"v": value, "a": name}})
        return error_of(r)[:2]

    # reset fails (500 / 4) on what arangod's GeoJSON parser refuses, and type point takes points only
    for what, value in (("a self-crossing loop", {"type": "Polygon", "coordinates": [
            [[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]]]}), ("an unclosed loop", {"type": "Polygon", "coordinates": [
                [[0, 0], [1, 0], [1, 1], [0, 1]]]}), ("a loop of 3 vertices", {"type": "Polygon", "coordinates": [
                    [[0, 0], [1, 0], [0, 0]]]}), ("a one-point LineString", {"type": "LineString", "coordinates": [
                        [0, 0]]}), ("a GeometryCollection", {"type": "GeometryCollection", "geometries": []})):
        c.eq(err(value, "gjs"), (500, 4), f"geojson: {what}")
    c.eq(err(square, "gjp"), (500, 4), "type point: a polygon")
    c.eq(tokens(emu, {"type": "Point", "coordinates": [6.95, 50.94]}, "gjp"), s2_terms(50.94, 6.95, 4, 23),
         "type point: a point")
    # a covering the emulator would not compute in bounded work is error 32 (arangod has no bound)
    make("gjfine", "geojson", {"options": {"minLevel": 30, "maxLevel": 30}})
    c.eq(err(square, "gjfine")[1], 32, "a 1-degree square at level 30: error 32")
    c.eq(len(tokens(emu, {"type": "Polygon", "coordinates": [[[6, 50], [6.000001, 50], [6.000001, 50.000001],
                                                             [6, 50.000001], [6, 50]]]}, "gjfine")) > 0, True,
         "a 10 cm square at level 30 is covered")


def run(c, exe):
    records = load_jsonl(TRANSCRIPTS)
    c.run("transcript data", lambda cc: cc.eq(len(records), 3, "analyzer records"))
    replay(c, exe, records)
    with started(c, exe, "--no-auth") as emu:
        c.run("normalised properties", check_normalised, emu)
        c.run("idempotent creation and collisions", check_idempotent, emu)
        c.run("errors", check_errors, emu)
        c.run("databases", check_databases, emu)
        c.run("tokens", check_tokens, emu)
        c.run("aql, wildcard, minhash, collation, geo tokens", check_more_types, emu)
        c.run("geo coverings", check_geo_coverings, emu)
    return c.report()


if __name__ == "__main__":
    sys.exit(emutest.suite_main(__doc__, run))
