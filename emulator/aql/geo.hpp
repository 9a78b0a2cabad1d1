// AQL's geo and fulltext functions (arangod's GeoFunctions.cpp, lib/Geo and
// the replace-function-with-index optimizer rule): the GeoJSON constructors,
// DISTANCE, GEO_DISTANCE, GEO_AREA, GEO_EQUALS, GEO_CONTAINS, GEO_INTERSECTS,
// GEO_IN_RANGE, IS_IN_POLYGON, and the index functions NEAR, WITHIN,
// WITHIN_RECTANGLE and FULLTEXT, which need a geo / fulltext index on their
// collection.
//
// Geometry is spherical as S2 treats it: points are unit vectors, edges are
// great-circle arcs, a loop's interior is on its left (counter-clockwise), a
// polygon's loops nest (shell, hole, island ...). Distances use the radius
// arangod uses (6371 km); GEO_DISTANCE with "wgs84" and GEO_AREA with "wgs84"
// use Vincenty's inverse formula and the authalic sphere in place of Karney's
// geodesics (see the emulator README for the limits).
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "aql/functions.hpp"

namespace emu::aql {

// The function table entries of the geo and fulltext functions.
std::vector<FunctionDef> const& geo_functions();

// A GeoJSON value as arangod's geo::json::parseRegion reads it (the AQL functions' parser), for
// the geo analyzers' S2 terms (search/s2terms.cpp): unit vectors (S2Point's x, y, z, as
// S2LatLng::ToPoint makes them) of its point(s), line(s), or its polygon's loops, each loop
// oriented with its region on the left (later loops inverted unless the shell holds them,
// unless `legacy`), ready for S2Polygon::InitNested. A Polygon and a MultiPolygon are both
// GeoParts::Polygon.
struct GeoParts {
  using Point = std::array<double, 3>;
  enum class Kind { Point, Polyline, Polygon, MultiPoint, MultiPolyline } kind = Kind::Point;
  std::vector<Point> points;               // Point (one), MultiPoint
  std::vector<std::vector<Point>> lines;   // Polyline (one), MultiPolyline
  std::vector<std::vector<Point>> loops;   // Polygon
};
struct GeoPartsError {
  int code;  // 10 an invalid value, 9 a GeometryCollection, 32 past the emulator's bounds
  std::string message;
};
std::optional<GeoPartsError> parse_geo_parts(Value const& v, bool legacy, GeoParts& out);

}  // namespace emu::aql
