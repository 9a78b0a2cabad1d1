#!/usr/bin/env python3
"""Conformance tests of arango-emulator for geo and fulltext indexes and the AQL geo and
fulltext functions (python3 standard library only).

    test_conformance_geo.py PATH/TO/arango-emulator

Checks, each against arangod 3.12's source for the same path (RestIndexHandler and the index
factories, lib/Geo, arangod/Aql/Functions/GeoFunctions, the replace-function-with-index
optimizer rule, RocksDBFulltextIndex) or a 3.12 recording: the geo and fulltext index
definitions POST /_api/index answers (and the idempotency of creating one twice), their errors,
the GeoJSON constructors, DISTANCE / GEO_DISTANCE / GEO_AREA / GEO_IN_RANGE against the
spherical formulas computed here, containment and intersection of points, lines and polygons
(with holes), IS_IN_POLYGON, NEAR / WITHIN / WITHIN_RECTANGLE over a geo index (1570 without
one), FULLTEXT's query syntax over a fulltext index (1571 without one), the warnings of wrong
arguments, and the bounds on GeoJSON sizes.
"""
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import emutest  # noqa: E402  (shared infrastructure)
from emutest import drop_collections, load_jsonl, mkcoll, started  # noqa: E402

R = 6371000.0  # the sphere arangod's geo functions use (geo::kEarthRadiusInMeters)
TRANSCRIPTS = os.path.join(HERE, "data", "transcripts-documents-collections-indexes.jsonl")


def query(emu, q, bind=None):
    body = {"query": q}
    if bind is not None:
        body["bindVars"] = bind
    r = emu.request("POST", "/_api/cursor", body, timeout=60)
    return r.status, r.json()


def result(c, emu, q, bind=None):
    status, body = query(emu, q, bind)
    c.eq(status, 201, f"{q}: status ({body.get('errorMessage')})")
    return body["result"][0] if len(body["result"]) == 1 else body["result"]


def result_and_warnings(c, emu, q, bind=None):
    status, body = query(emu, q, bind)
    c.eq(status, 201, f"{q}: status ({body.get('errorMessage')})")
    warnings = [(w["code"], w["message"]) for w in body["extra"]["warnings"]]
    return body["result"][0], warnings


def error(emu, q, bind=None):
    status, body = query(emu, q, bind)
    return status, body.get("errorNum"), body.get("errorMessage")


def close(c, actual, expected, what, rel=1e-9):
    c.true(actual is not None and abs(actual - expected) <= rel * max(1.0, abs(expected)),
           f"{what}: expected {expected!r}, got {actual!r}")


def unit(lng, lat):
    la, lo = math.radians(lat), math.radians(lng)
    return (math.cos(la) * math.cos(lo), math.cos(la) * math.sin(lo), math.sin(la))


def central_angle(p, q):
    """Angle between two [lng, lat] points (atan2 of |a x b| and a . b, as S2's Angle)."""
    a, b = unit(*p), unit(*q)
    cx = (a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0])
    return math.atan2(math.sqrt(sum(x * x for x in cx)), sum(x * y for x, y in zip(a, b)))


def haversine(lat1, lon1, lat2, lon2):
    """AQL DISTANCE: the haversine formula on the 6371 km sphere."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    d1, d2 = math.radians(lat2 - lat1), math.radians(lon2 - lon1)
    h = math.sin(d1 / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(d2 / 2) ** 2
    return R * 2 * math.atan2(math.sqrt(h), math.sqrt(1 - h))


def triangle_area(p, q, r):
    """Spherical excess of the triangle of three [lng, lat] points (l'Huilier), in m^2."""
    a, b, c = central_angle(q, r), central_angle(p, r), central_angle(p, q)
    s = (a + b + c) / 2
    t = math.tan(s / 2) * math.tan((s - a) / 2) * math.tan((s - b) / 2) * math.tan((s - c) / 2)
    return 4 * math.atan(math.sqrt(t)) * R * R


def polygon(*rings):
    return {"type": "Polygon", "coordinates": [list(r) + [r[0]] for r in rings]}


# --- indexes -----------------------------------------------------------------------------------

def replay_index_creation(c, emu, coll, example):
    """The recorded POST /_api/index of `example` against a fresh `coll`: the same definition
    (id and name aside) in the same key order. Returns the response."""
    mkcoll(emu, coll)
    rec = next(x for x in load_jsonl(TRANSCRIPTS) if x["id"] == example)
    r = emu.request("POST", f"/_api/index?collection={coll}", rec["request_body"])
    c.eq(r.status, 201, f"{example}: index created")

    def strip(b):
        return {k: v for k, v in b.items() if k not in ("id", "name")}
    c.eq(strip(r.json()), strip(rec["response_body"]), f"{example}: definition as recorded")
    c.eq(list(r.json()), list(rec["response_body"]), f"{example}: key order as recorded")
    return r


def check_geo_index(c, emu):
    """RestIndexCreateGeoLocation#0, then what IndexFactory / RocksDBGeoIndex answer."""
    r = replay_index_creation(c, emu, "geoidx", "3.12/RestIndexCreateGeoLocation#0")
    first = r.json()["id"]
    # RocksDBGeoIndex::matchesDefinition: fields and geoJson decide, legacyPolygons does not
    for body in ({"type": "geo", "fields": ["b"]},
                 {"type": "geo", "fields": ["b"], "legacyPolygons": True},
                 {"type": "geo1", "fields": ["b"]}):
        r = emu.request("POST", "/_api/index?collection=geoidx", body)
        c.eq((r.status, r.json()["id"], r.json()["isNewlyCreated"]), (200, first, False),
             f"same geo index again: {body}")
    r = emu.request("POST", "/_api/index?collection=geoidx",
                    {"type": "geo", "fields": ["b"], "geoJson": True, "legacyPolygons": True})
    c.eq((r.status, r.json()["geoJson"], r.json()["legacyPolygons"]), (201, True, True),
         "geoJson index is another index")
    r = emu.request("POST", "/_api/index?collection=geoidx",
                    {"type": "geo", "fields": ["lat", "lng"], "geoJson": True, "sparse": False,
                     "unique": True})
    b = r.json()
    c.eq((r.status, b["fields"], b["geoJson"], b["sparse"], b["unique"]),
         (201, ["lat", "lng"], False, True, False), "two-field geo index")
    for body, message in (
            ({"type": "geo", "fields": ["a", "b", "c"]}, "invalid number of index attributes"),
            ({"type": "geo", "fields": ["_id"]}, "_id attribute cannot be indexed"),
            ({"type": "geo", "fields": ["x._id"]}, "_id attribute cannot be indexed"),
            ({"type": "geo", "fields": ["a[*]"]}, "cannot use [*] expansion for this type of index"),
            ({"type": "fulltext", "fields": ["a", "b"]}, "invalid number of index attributes"),
            ({"type": "fulltext", "fields": ["t"], "minLength": "3"}, "bad parameter")):
        r = emu.request("POST", "/_api/index?collection=geoidx", body)
        c.eq(emutest.error_of(r), (400, 10, message), f"bad definition {body}")


def check_fulltext_index(c, emu):
    """RestIndexCreateNewFulltext#0, minLength normalization and idempotency."""
    r = replay_index_creation(c, emu, "ftidx", "3.12/RestIndexCreateNewFulltext#0")
    r2 = emu.request("POST", "/_api/index?collection=ftidx",
                     {"type": "fulltext", "fields": ["text"], "minLength": 2})
    c.eq((r2.status, r2.json()["id"]), (200, r.json()["id"]), "same fulltext index again")
    r3 = emu.request("POST", "/_api/index?collection=ftidx",
                     {"type": "fulltext", "fields": ["text"], "minLength": 0})
    c.eq((r3.status, r3.json()["minLength"]), (201, 1), "minLength 0 becomes 1, another index")
    r4 = emu.request("POST", "/_api/index?collection=ftidx",
                     {"type": "fulltext", "fields": ["text"], "minLength": -5})
    c.eq((r4.status, r4.json()["id"]), (200, r3.json()["id"]), "minLength -5 is minLength 1")


# --- functions ---------------------------------------------------------------------------------

def check_distances(c, emu):
    # DISTANCE: the documented Brandenburg Gate - Cologne example, and the formula
    close(c, result(c, emu, "RETURN DISTANCE(52.5163, 13.3777, 50.9322, 6.94)"),
          476918.89688380965, "DISTANCE documented value", 1e-12)
    close(c, result(c, emu, "RETURN DISTANCE(-33.9, 18.4, 40.7, -74.0)"),
          haversine(-33.9, 18.4, 40.7, -74.0), "DISTANCE Cape Town - New York", 1e-12)
    # GEO_DISTANCE of two points: the S2 angle on the same sphere
    for p, q in (([7.0998, 50.734], [6.9528, 50.9364]), ([0, 0], [180, 0]), ([10, 89], [-170, 89])):
        close(c, result(c, emu, "RETURN GEO_DISTANCE(@p, @q)", {"p": p, "q": q}),
              central_angle(p, q) * R, f"GEO_DISTANCE {p} {q}")
    close(c, result(c, emu, "RETURN GEO_DISTANCE(GEO_POINT(7.0998, 50.734), [6.9528, 50.9364])"),
          central_angle([7.0998, 50.734], [6.9528, 50.9364]) * R, "GEO_DISTANCE of a GeoJSON point")
    # centroids: a square symmetric about (0, 0), a line, points
    square = polygon([[-1, -1], [1, -1], [1, 1], [-1, 1]])
    close(c, result(c, emu, "RETURN GEO_DISTANCE(@s, [0, 10])", {"s": square}),
          math.radians(10) * R, "polygon centroid")
    line = {"type": "LineString", "coordinates": [[0, 0], [10, 0]]}
    close(c, result(c, emu, "RETURN GEO_DISTANCE(@l, [5, 3])", {"l": line}),
          math.radians(3) * R, "linestring centroid")
    mp = {"type": "MultiPoint", "coordinates": [[0, 20], [0, -20], [30, 0], [-30, 0]]}
    close(c, result(c, emu, "RETURN GEO_DISTANCE(@m, [0, 7])", {"m": mp}),
          math.radians(7) * R, "multipoint centroid")
    # latitude beyond 90 is clamped, longitude wrapped (S2LatLng::Normalized)
    close(c, result(c, emu, "RETURN GEO_DISTANCE([370, 0], [10, 5])"), math.radians(5) * R,
          "longitude wrapped")
    # GEO_IN_RANGE: bounds and their inclusion
    d = central_angle([0, 0], [0, 1]) * R
    c.eq(result(c, emu, "RETURN [GEO_IN_RANGE([0,0], [0,1], 0, @d), GEO_IN_RANGE([0,0], [0,1], 0, @d,"
                        " true, false), GEO_IN_RANGE([0,0], [0,1], @d, 2e5, false)]", {"d": d}),
         [True, False, False], "GEO_IN_RANGE inclusion")
    # the wgs84 ellipsoid: one degree of latitude at the equator is 110574.4 m (to 0.1 m)
    v = result(c, emu, 'RETURN GEO_DISTANCE([0, 0], [0, 1], "wgs84")')
    c.true(abs(v - 110574.389) < 0.1, f"wgs84 degree of latitude: {v}")
    v, w = result_and_warnings(c, emu, 'RETURN GEO_DISTANCE([0, 0], [0, 1], "mars")')
    close(c, v, math.radians(1) * R, "unknown ellipsoid falls back to the sphere")
    c.eq(w, [(10, "in function 'GEO_DISTANCE()': invalid ellipsoid mars specified, falling back "
                  "to \"sphere\"")], "unknown ellipsoid warning")


def check_area(c, emu):
    octant = polygon([[0, 0], [90, 0], [0, 90]])
    close(c, result(c, emu, "RETURN GEO_AREA(@p, 'sphere')", {"p": octant}),
          4 * math.pi * R * R / 8, "octant area")
    outer = [[0, 0], [10, 0], [0, 10]]
    hole = [[1, 1], [3, 1], [1, 3]]
    with_hole = polygon(outer, hole)
    close(c, result(c, emu, "RETURN GEO_AREA(@p, 'sphere')", {"p": with_hole}),
          triangle_area(*outer) - triangle_area(*hole), "area minus hole", 1e-9)
    # a hole given clockwise (the GeoJSON convention) is the same polygon
    cw = polygon(outer, list(reversed(hole)))
    close(c, result(c, emu, "RETURN GEO_AREA(@p, 'sphere')", {"p": cw}),
          triangle_area(*outer) - triangle_area(*hole), "clockwise hole")
    # without an ellipsoid argument arangod's detEllipsoid warns and uses the sphere
    v, w = result_and_warnings(c, emu, "RETURN GEO_AREA(@p)", {"p": octant})
    close(c, v, 4 * math.pi * R * R / 8, "GEO_AREA without ellipsoid")
    c.eq(w, [(10, "in function 'GEO_AREA()': invalid value for ellipsoid specified, falling "
                  "back to \"sphere\"")], "GEO_AREA without ellipsoid warns")
    c.eq(result(c, emu, "RETURN GEO_AREA(GEO_POINT(1, 2), 'sphere')"), 0, "a point has no area")
    # wgs84: the ellipsoid's surface is 510065621.7 km^2; the octant is an eighth of it
    v = result(c, emu, "RETURN GEO_AREA(@p, 'wgs84')", {"p": octant})
    c.true(abs(v - 510065621.724e6 / 8) / v < 1e-6, f"wgs84 octant: {v}")


def check_containment(c, emu):
    outer = [[0, 0], [10, 0], [10, 10], [0, 10]]
    hole = [[4, 4], [6, 4], [6, 6], [4, 6]]
    poly = polygon(outer, hole)
    cases = [
        ([1, 1], True), ([5, 5], False), ([11, 5], False), ([-1, -1], False), ([9.9, 0.1], True),
        ({"type": "Point", "coordinates": [2, 8]}, True),
        ({"type": "MultiPoint", "coordinates": [[1, 1], [2, 2]]}, True),
        ({"type": "MultiPoint", "coordinates": [[1, 1], [5, 5]]}, False),
        ({"type": "LineString", "coordinates": [[1, 1], [1, 9]]}, True),
        ({"type": "LineString", "coordinates": [[1, 1], [9, 9]]}, False),  # through the hole
        ({"type": "LineString", "coordinates": [[1, 1], [12, 1]]}, False),
        (polygon([[1, 1], [3, 1], [3, 3], [1, 3]]), True),
        (polygon([[3, 3], [7, 3], [7, 7], [3, 7]]), False),  # holds the hole
        (polygon([[8, 8], [12, 8], [12, 12], [8, 12]]), False),
    ]
    got = result(c, emu, "FOR x IN @xs RETURN GEO_CONTAINS(@p, x)",
                 {"p": poly, "xs": [x for x, _ in cases]})
    c.eq(got, [e for _, e in cases], "GEO_CONTAINS")
    inter = [
        ([5, 5], False), ([1, 1], True),
        ({"type": "LineString", "coordinates": [[5, 5], [5, 20]]}, True),
        ({"type": "LineString", "coordinates": [[4.5, 4.5], [5.5, 5.5]]}, False),
        (polygon([[8, 8], [12, 8], [12, 12], [8, 12]]), True),
        (polygon([[20, 20], [30, 20], [30, 30], [20, 30]]), False),
        (polygon([[4.5, 4.5], [5.5, 4.5], [5.5, 5.5], [4.5, 5.5]]), False),
        (polygon([[-10, -10], [20, -10], [20, 20], [-10, 20]]), True),
    ]
    got = result(c, emu, "FOR x IN @xs RETURN GEO_INTERSECTS(@p, x)",
                 {"p": poly, "xs": [x for x, _ in inter]})
    c.eq(got, [e for _, e in inter], "GEO_INTERSECTS")
    lines = result(c, emu, "RETURN [GEO_INTERSECTS(@a, @b), GEO_INTERSECTS(@a, @c)]",
                   {"a": {"type": "LineString", "coordinates": [[0, -1], [0, 1]]},
                    "b": {"type": "LineString", "coordinates": [[-1, 0], [1, 0]]},
                    "c": {"type": "LineString", "coordinates": [[2, -1], [2, 1]]}})
    c.eq(lines, [True, False], "linestrings crossing")
    # a loop given clockwise is the rest of the sphere (non-legacy GeoJSON)
    cw = polygon([[0, 0], [0, 10], [10, 10], [10, 0]])
    c.eq(result(c, emu, "RETURN [GEO_CONTAINS(@p, [5, 5]), GEO_CONTAINS(@p, [50, 50])]", {"p": cw}),
         [False, True], "clockwise shell")
    v, w = result_and_warnings(c, emu, "RETURN GEO_CONTAINS(@l, [0, 0])",
                               {"l": {"type": "LineString", "coordinates": [[0, 0], [1, 1]]}})
    c.eq((v, w), (None, [(1542, "in function 'GEO_CONTAINS()': Only Polygon and MultiPolygon "
                                "types are valid as first argument")]), "GEO_CONTAINS of a line")
    v, w = result_and_warnings(c, emu, "RETURN GEO_INTERSECTS(@l, [0, 0])",
                               {"l": {"type": "LineString", "coordinates": [[0, 0], [1, 1]]}})
    c.eq((v, w), (False, [(9, "in function 'GEO_INTERSECTS()': The case GEO_INTERSECTS(<some "
                               "points>, <some polylines>) is numerically unstable and thus not "
                               "supported.")]), "points against lines")
    c.eq(result(c, emu, "RETURN [GEO_EQUALS(GEO_POINT(1, 2), {type: 'point', coordinates: [1, 2]}),"
                        " GEO_EQUALS(GEO_POINT(1, 2), GEO_POINT(2, 1)), GEO_EQUALS(@p, @p),"
                        " GEO_EQUALS(@p, GEO_POINT(1, 2))]", {"p": poly}),
         [True, False, True, False], "GEO_EQUALS")
    # IS_IN_POLYGON: [lat, lng] pairs, closing optional; [lng, lat] with geoJson true
    ring = [[0, 0], [0, 10], [10, 10], [10, 0]]
    c.eq(result(c, emu, "RETURN [IS_IN_POLYGON(@r, 4, 7), IS_IN_POLYGON(@r, 11, 5),"
                        " IS_IN_POLYGON(@r, [4, 7]), IS_IN_POLYGON(@g, [7, 4], true)]",
                {"r": ring, "g": [[p[1], p[0]] for p in ring]}),
         [True, False, True, True], "IS_IN_POLYGON")
    v, w = result_and_warnings(c, emu, "RETURN IS_IN_POLYGON(1, 4, 7)")
    c.eq((v, w), (None, [(1563, "in function 'IS_IN_POLYGON()': array expected")]),
         "IS_IN_POLYGON of a non-array")


def check_constructors(c, emu):
    c.eq(result(c, emu, "RETURN GEO_POLYGON([[0, 0], [7.5, 2.5], [0, 5], [0, 0]])"),
         {"type": "Polygon", "coordinates": [[[0, 0], [7.5, 2.5], [0, 5], [0, 0]]]},
         "aqlGeoPolygon_1")
    c.eq(result(c, emu, "RETURN GEO_LINESTRING([[1, 2], [3, 4]])"),
         {"type": "LineString", "coordinates": [[1, 2], [3, 4]]}, "GEO_LINESTRING")
    warned = [
        ("RETURN GEO_POINT('a', 1)",
         (1542, "invalid argument type in call to function 'GEO_POINT()'")),
        ("RETURN GEO_MULTIPOINT([[1, 2]])",
         (1542, "in function 'GEO_MULTIPOINT()': a MultiPoint needs at least two positions")),
        ("RETURN GEO_LINESTRING([[1, 2], ['x', 3]])",
         (1542, "in function 'GEO_LINESTRING()': not a numeric value")),
        ("RETURN GEO_LINESTRING(5)", (1563, "in function 'GEO_LINESTRING()': array expected")),
        ("RETURN GEO_MULTIPOLYGON([[[[0, 0], [1, 0], [1, 1], [0, 0]]]])",
         (1542, "in function 'GEO_MULTIPOLYGON()': a MultiPolygon needs at least two Polygons "
                "inside.")),
        ("RETURN GEO_POLYGON([[0, 0], [7.5, 2.5], [0, 5], [1, 1]])",
         (10, "in function 'GEO_POLYGON()': Loop not closed")),
        ("RETURN GEO_POLYGON([[0, 0], [1, 1]])",
         (1542, "in function 'GEO_POLYGON()': a Polygon needs at least three positions")),
        ("RETURN GEO_POLYGON([[0, 0], [10, 10], [10, 0], [0, 10], [0, 0]])",
         (10, "in function 'GEO_POLYGON()': Invalid Loop in Polygon: Edge 0 crosses edge 2")),
        ("RETURN GEO_DISTANCE(null, [0, 0])",
         (10, "in function 'GEO_DISTANCE()': Invalid GeoJSON Geometry Object.")),
        ("RETURN GEO_DISTANCE([1, 2, 3], [0, 0])",
         (10, "in function 'GEO_DISTANCE()': Bad coordinates [1,2,3]")),
        ("RETURN GEO_DISTANCE({type: 'Point'}, [0, 0])",
         (10, "in function 'GEO_DISTANCE()': Coordinates missing.")),
        ("RETURN GEO_DISTANCE({type: 'GeometryCollection', coordinates: []}, [0, 0])",
         (9, "in function 'GEO_DISTANCE()': GeoJSON type GeometryCollection is not supported")),
        ("RETURN GEO_AREA({type: 'Polygon', coordinates: [[[0, 0], [1, 0], [0, 0]]]}, 'sphere')",
         (10, "in function 'GEO_AREA()': Invalid GeoJson Loop, must have at least 4 vertices")),
        ("RETURN DISTANCE(1, 2, 3, '4')",
         (1542, "invalid argument type in call to function 'DISTANCE()'")),
        ("RETURN GEO_IN_RANGE([0, 0], [1, 1], 'a', 5)",
         (10, "in function 'GEO_IN_RANGE()': 3rd argument requires a number")),
    ]
    for q, warning in warned:
        v, w = result_and_warnings(c, emu, q)
        c.eq((v, w), (None, [warning]), q)


# --- index functions ---------------------------------------------------------------------------

PLACES = [
    {"_key": "origin", "lat": 0, "lng": 0},
    {"_key": "north", "lat": 1, "lng": 0},
    {"_key": "east", "lat": 0, "lng": 2},
    {"_key": "far", "lat": 40, "lng": 40},
    {"_key": "nolat", "lng": 5},
    {"_key": "string", "lat": "1", "lng": 1},
]


def check_near_within(c, emu):
    mkcoll(emu, "places")
    c.eq(error(emu, "RETURN NEAR(places, 0, 0)"),
         (404, 1570, "no suitable geo index found for geo restriction on 'places'"), "NEAR without index")
    c.eq(error(emu, "RETURN WITHIN_RECTANGLE('places', 0, 0, 1, 1)"),
         (404, 1570, "no suitable geo index found for geo restriction on 'places'"),
         "WITHIN_RECTANGLE without index")
    c.eq(error(emu, "RETURN NEAR('nowhere', 0, 0)"),
         (404, 1203, "collection or view not found: nowhere"), "NEAR of an unknown collection")
    emu.request("POST", "/_api/document/places", PLACES)
    r = emu.request("POST", "/_api/index?collection=places", {"type": "geo", "fields": ["lat", "lng"]})
    c.eq(r.status, 201, "geo index on lat, lng")
    keys = result(c, emu, "RETURN NEAR(places, 0.1, 0.1)[*]._key")
    c.eq(keys, ["origin", "north", "east", "far"], "NEAR: indexed documents, nearest first")
    got = result(c, emu, "RETURN NEAR(places, 0.9, 0, 2, 'd')")
    c.eq([d["_key"] for d in got], ["north", "origin"], "NEAR limit")
    close(c, got[0]["d"], haversine(1, 0, 0.9, 0), "NEAR distance attribute")
    close(c, got[1]["d"], haversine(0, 0, 0.9, 0), "NEAR distance attribute (2)")
    radius = haversine(0, 0, 0, 2) + 1
    c.eq(sorted(result(c, emu, "RETURN WITHIN(places, 0, 0, @r)[*]._key", {"r": radius})),
         ["east", "north", "origin"], "WITHIN radius")
    c.eq(sorted(result(c, emu, "RETURN WITHIN(places, 0, 0, @r)[*]._key", {"r": radius - 2})),
         ["north", "origin"], "WITHIN excludes beyond the radius")
    c.eq(sorted(result(c, emu, "RETURN WITHIN_RECTANGLE(places, -0.5, -0.5, 1.5, 2.5)[*]._key")),
         ["east", "north", "origin"], "WITHIN_RECTANGLE")
    c.eq(error(emu, "RETURN NEAR(places, 0, 0, 'x')"),
         (400, 1542, "limit parameter has wrong type"), "NEAR limit type")
    c.eq(error(emu, "RETURN WITHIN(places, 0, 0, 'x')"),
         (400, 1542, "radius argument is not a numeric value"), "WITHIN radius type")
    c.eq(error(emu, "RETURN NEAR(places, 0, 0, 1, 5)"),
         (400, 1542, "distance argument is not a string"), "NEAR distance name type")
    # inside a stream transaction the function sees the transaction's writes
    r = emu.request("POST", "/_api/transaction/begin", {"collections": {"write": ["places"]}})
    trx = {"x-arango-trx-id": r.json()["result"]["id"]}
    emu.request("POST", "/_api/document/places", {"_key": "new", "lat": 0.05, "lng": 0},
                headers=trx)
    r = emu.request("POST", "/_api/cursor", {"query": "RETURN NEAR(places, 0.1, 0, 1)[*]._key"},
                    headers=trx)
    c.eq((r.status, r.json()["result"]), (201, [["new"]]), "NEAR in a stream transaction")
    c.eq(result(c, emu, "RETURN NEAR(places, 0.1, 0, 1)[*]._key"), ["origin"],
         "NEAR outside the transaction")
    emu.request("DELETE", "/_api/transaction/" + trx["x-arango-trx-id"])
    # a geoJson index: [lng, lat] pairs and GeoJSON, invalid values skipped
    mkcoll(emu, "shapes")
    emu.request("POST", "/_api/document/shapes", [
        {"_key": "pair", "g": [10, 0]},
        {"_key": "point", "g": {"type": "Point", "coordinates": [0, 10]}},
        {"_key": "poly", "g": polygon([[19, -1], [21, -1], [21, 1], [19, 1]])},
        {"_key": "bad", "g": {"type": "Point", "coordinates": [1, 2, 3]}},
        {"_key": "none"}])
    emu.request("POST", "/_api/index?collection=shapes", {"type": "geo", "fields": ["g"], "geoJson": True})
    got = result(c, emu, "RETURN NEAR(shapes, 0, 0, null, 'd')")
    c.eq([d["_key"] for d in got], ["pair", "point", "poly"], "NEAR over GeoJSON")
    close(c, got[2]["d"], haversine(0, 20, 0, 0), "distance to a polygon's centroid")
    c.eq(result(c, emu, "RETURN WITHIN_RECTANGLE(shapes, -5, -5, 5, 25)[*]._key"), ["pair", "poly"],
         "WITHIN_RECTANGLE over GeoJSON")


TEXTS = [
    {"_key": "a", "text": "The quick brown fox"},
    {"_key": "b", "text": "Quick dogs, QUICK cats"},
    {"_key": "c", "text": "lazy fox jumps"},
    {"_key": "d", "text": ["quickly", {"nested": "fox"}]},
    {"_key": "e", "text": {"x": "brownish ox"}},
    {"_key": "f", "text": 42},
]


def check_fulltext(c, emu):
    mkcoll(emu, "texts")
    emu.request("POST", "/_api/document/texts", TEXTS)
    c.eq(error(emu, "RETURN FULLTEXT(texts, 'text', 'fox')"),
         (404, 1571, "no suitable fulltext index found for fulltext query on 'texts'"),
         "FULLTEXT without index")
    emu.request("POST", "/_api/index?collection=texts", {"type": "fulltext", "fields": ["text"]})
    cases = [
        ("quick", ["a", "b"]),
        ("QUICK", ["a", "b"]),
        ("prefix:quick", ["a", "b", "d"]),
        ("fox", ["a", "c"]),
        ("fox,quick", ["a"]),
        ("fox,+quick", ["a"]),
        ("fox,|dogs", ["a", "b", "c"]),
        ("fox,-lazy", ["a"]),
        ("prefix:brown", ["a", "e"]),
        ("complete:brown", ["a"]),
        ("ox", ["e"]),
        ("dogs cats", ["b"]),
        ("nothing", []),
    ]
    for q, expected in cases:
        c.eq(result(c, emu, "RETURN FULLTEXT(texts, 'text', @q)[*]._key", {"q": q}), expected,
             f"FULLTEXT {q!r}")
    c.eq(result(c, emu, "RETURN FULLTEXT(texts, 'text', 'prefix:quick', 2)[*]._key"), ["a", "b"],
         "FULLTEXT limit")
    # the query is read when the index is opened, while the query runs: arangod's message
    # carries the nodes of its plan, which differ from the emulator's
    for q, num, message in (("''", 10, "bad parameter"), ("'prefix:'", 10, "bad parameter"),
                            ("'a,,-'", 10, "bad parameter"),
                            ("5", 1542, "invalid argument type in call to function 'FULLTEXT()'")):
        status, err, text = error(emu, f"RETURN FULLTEXT(texts, 'text', {q})")
        c.eq((status, err), (400, num), f"fulltext query {q}")
        c.true(text.startswith("AQL: " + message + " [node #") and text.endswith("(while executing)"),
               f"fulltext query {q}: {text}")
    c.eq(error(emu, "RETURN FULLTEXT(texts, 'other', 'fox')"),
         (404, 1571, "no suitable fulltext index found for fulltext query on 'texts'"),
         "FULLTEXT on an attribute without index")
    # minLength 3: two-letter words are not indexed
    mkcoll(emu, "texts3")
    emu.request("POST", "/_api/document/texts3", TEXTS)
    emu.request("POST", "/_api/index?collection=texts3",
                {"type": "fulltext", "fields": ["text"], "minLength": 4})
    c.eq(result(c, emu, "RETURN [FULLTEXT(texts3, 'text', 'fox')[*]._key,"
                        " FULLTEXT(texts3, 'text', 'lazy')[*]._key]"), [[], ["c"]], "minLength")


def check_bounds(c, emu):
    """A GeoJSON value beyond 100000 vertices is refused with a warning (error 32), fast."""
    many = [[i * 1e-4 % 180, (i * 7e-5) % 80] for i in range(100001)]
    v, w = result_and_warnings(c, emu, "RETURN GEO_DISTANCE(@m, [0, 0])",
                               {"m": {"type": "MultiPoint", "coordinates": many}})
    c.eq((v, [code for code, _ in w]), (None, [32]), "too many vertices")
    # a valid 20000-vertex polygon is still tested in reasonable time
    n = 20000
    ring = [[10 * math.cos(2 * math.pi * i / n), 10 * math.sin(2 * math.pi * i / n)] for i in range(n)]
    c.eq(result(c, emu, "RETURN [GEO_CONTAINS(@p, [0, 0]), GEO_CONTAINS(@p, [11, 0])]",
                {"p": polygon(ring)}), [True, False], "20000-vertex polygon")
    # a MultiPolygon of 100 islands of 200 vertices each
    islands = []
    for k in range(100):
        cx = -170 + 3.4 * k
        islands.append([[cx + math.cos(2 * math.pi * i / 200), math.sin(2 * math.pi * i / 200)]
                        for i in range(200)])
    mp = {"type": "MultiPolygon", "coordinates": [[isl + [isl[0]]] for isl in islands]}
    # island 50 is centred on (0, 0), island 51 on (3.4, 0)
    c.eq(result(c, emu, "RETURN [GEO_CONTAINS(@m, [0, 0]), GEO_CONTAINS(@m, [0.5, 0.5]),"
                        " GEO_CONTAINS(@m, [1.7, 0]), GEO_INTERSECTS(@m, [3.4, 0.9]),"
                        " GEO_INTERSECTS(@m, [5, 5])]",
                {"m": mp}), [True, True, False, True, False], "100-island MultiPolygon")


def run(c, exe):
    with started(c, exe, "--no-auth") as emu:
        c.run("geo index definitions", check_geo_index, emu)
        c.run("fulltext index definitions", check_fulltext_index, emu)
        c.run("distances", check_distances, emu)
        c.run("areas", check_area, emu)
        c.run("containment and intersection", check_containment, emu)
        c.run("constructors and warnings", check_constructors, emu)
        c.run("NEAR / WITHIN / WITHIN_RECTANGLE", check_near_within, emu)
        c.run("FULLTEXT", check_fulltext, emu)
        c.run("bounds", check_bounds, emu)
        drop_collections(emu)
    return c.report()


if __name__ == "__main__":
    sys.exit(emutest.suite_main(__doc__, run))
