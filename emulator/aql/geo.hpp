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

#include <vector>

#include "aql/functions.hpp"

namespace emu::aql {

// The function table entries of the geo and fulltext functions.
std::vector<FunctionDef> const& geo_functions();

}  // namespace emu::aql
