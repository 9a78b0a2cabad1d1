// The S2 cell terms of the geo analyzers (arangod's GeoAnalyzer.cpp: geojson, geopoint, and
// geo_s2), computed with Google's S2 library as arangod computes them:
// S2RegionTermIndexer::GetIndexTerms with the analyzer's maxCells / minLevel / maxLevel, its
// index holding points only for geopoint and for geojson / geo_s2 of type centroid or point.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aql/value.hpp"
#include "search/analyzers.hpp"

namespace emu::search {

bool is_geo_analyzer(std::string_view type);

// What a geo analyzer makes of one value (GeoJsonAnalyzerBase / GeoPointAnalyzer::reset and
// store): its terms, and what arangod keeps in the field's column for the geo filters' exact
// check, as GeoJSON (the shape; its centroid as a Point for type centroid; a geopoint's
// Point).
struct GeoTerms {
  std::vector<std::string> terms;
  aql::Value stored;
};

// nullopt when the analyzer cannot take the value (arangod's reset fails: not GeoJSON, an
// invalid geometry, not a point for type point, a geopoint without numbers at its paths).
// Without `with_terms` only `stored` is made (no covering is computed). Throws AnalyzerError
// past the emulator's bounds (vertices, covering cells).
std::optional<GeoTerms> geo_terms(AnalyzerDef const& analyzer, aql::Value const& input,
                                  bool with_terms = true);

}  // namespace emu::search
