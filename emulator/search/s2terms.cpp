#include "search/s2terms.hpp"

#include <s2/s1angle.h>
#include <s2/s2cap.h>
#include <s2/s2cell.h>
#include <s2/s2latlng.h>
#include <s2/s2latlng_rect.h>
#include <s2/s2latlng_rect_bounder.h>
#include <s2/s2loop.h>
#include <s2/s2metrics.h>
#include <s2/s2polygon.h>
#include <s2/s2polyline.h>
#include <s2/s2region.h>
#include <s2/s2region_term_indexer.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iterator>
#include <memory>

#include "aql/geo.hpp"
#include "error_table.hpp"
#include "json.hpp"

namespace emu::search {

namespace {

using J = rapidjson::Value;
using aql::GeoParts;
using aql::Value;

// Cells one covering may need (estimated before S2RegionCoverer runs: its min_level forces
// every cell of that level the shape meets, whatever maxCells says). arangod has no bound.
constexpr double kMaxCoveringCells = 200000;

// --- regions arangod defines itself (lib/Geo/S2) ----------------------------------------

// S2MultiPointRegion: bounds from its points, no cell contained, a cell meets it when it holds
// one of the points.
class MultiPointRegion final : public S2Region {
 public:
  explicit MultiPointRegion(std::vector<S2Point> points) : points_(std::move(points)) {}
  S2Region* Clone() const override { return new MultiPointRegion(points_); }
  S2Cap GetCapBound() const override { return GetRectBound().GetCapBound(); }
  S2LatLngRect GetRectBound() const override {
    S2LatLngRectBounder bounder;
    for (auto const& p : points_) bounder.AddPoint(p);
    return bounder.GetBound();
  }
  bool Contains(S2Cell const&) const override { return false; }
  bool MayIntersect(S2Cell const& cell) const override {
    return std::any_of(points_.begin(), points_.end(), [&](S2Point const& p) { return cell.Contains(p); });
  }
  bool Contains(S2Point const& p) const override {
    return std::find(points_.begin(), points_.end(), p) != points_.end();
  }
  // The mean of the points' latitudes and longitudes (not unit length).
  S2Point centroid() const {
    S2LatLng c = S2LatLng::FromDegrees(0.0, 0.0);
    double const inv = 1.0 / static_cast<double>(points_.size());
    for (auto const& p : points_) c = c + inv * S2LatLng(p);
    return c.ToPoint();
  }

 private:
  std::vector<S2Point> points_;
};

// S2MultiPolylineRegion: bounds from the lines' vertices only (as arangod's), no cell
// contained, a cell meets it when it may meet one of the lines.
class MultiPolylineRegion final : public S2Region {
 public:
  explicit MultiPolylineRegion(std::vector<std::unique_ptr<S2Polyline>> lines) : lines_(std::move(lines)) {}
  S2Region* Clone() const override {
    std::vector<std::unique_ptr<S2Polyline>> copy;
    for (auto const& l : lines_) copy.emplace_back(l->Clone());
    return new MultiPolylineRegion(std::move(copy));
  }
  S2Cap GetCapBound() const override { return GetRectBound().GetCapBound(); }
  S2LatLngRect GetRectBound() const override {
    S2LatLngRectBounder bounder;
    for (auto const& l : lines_) {
      for (int i = 0; i < l->num_vertices(); ++i) bounder.AddPoint(l->vertex(i));
    }
    return bounder.GetBound();
  }
  bool Contains(S2Cell const&) const override { return false; }
  bool MayIntersect(S2Cell const& cell) const override {
    return std::any_of(lines_.begin(), lines_.end(), [&](auto const& l) { return l->MayIntersect(cell); });
  }
  bool Contains(S2Point const&) const override { return false; }
  S2Point centroid() const {
    S2Point sum;
    for (auto const& l : lines_) sum += l->GetCentroid();
    return sum;
  }

 private:
  std::vector<std::unique_ptr<S2Polyline>> lines_;
};

// --- analyzer properties ------------------------------------------------------------------

struct GeoConfig {
  std::string type;          // the analyzer type
  std::string shape = "shape";  // geojson / geo_s2: shape, centroid, point
  std::string format;        // geo_s2: latLngDouble, latLngInt, s2Point
  bool legacy = false;       // geojson: loops normalised (S2Loop::Normalize), not inverted
  std::vector<std::string> latitude, longitude;  // geopoint's paths
  int max_cells = 20, min_level = 4, max_level = 23;
};

std::vector<std::string> string_list(J const& obj, char const* key) {
  std::vector<std::string> out;
  auto const* v = member(obj, key);
  if (v == nullptr || !v->IsArray()) return out;
  for (auto const& e : v->GetArray()) {
    if (e.IsString()) out.emplace_back(e.GetString(), e.GetStringLength());
  }
  return out;
}

GeoConfig config_of(AnalyzerDef const& analyzer) {
  GeoConfig c;
  c.type = analyzer.type;
  auto parsed = parse_json(analyzer.properties);
  if (!parsed.ok() || !parsed.doc->IsObject()) {
    throw AnalyzerError(err::kInternal, "stored analyzer properties are not valid JSON");
  }
  J const& p = *parsed.doc;
  if (auto const* t = member(p, "type"); t != nullptr && t->IsString()) c.shape = t->GetString();
  if (auto const* f = member(p, "format"); f != nullptr && f->IsString()) c.format = f->GetString();
  if (auto const* l = member(p, "legacy"); l != nullptr && l->IsBool()) c.legacy = l->GetBool();
  c.latitude = string_list(p, "latitude");
  c.longitude = string_list(p, "longitude");
  if (auto const* o = member(p, "options"); o != nullptr && o->IsObject()) {
    auto get = [&](char const* key, int& out) {
      if (auto const* v = member(*o, key); v != nullptr && v->IsInt()) out = v->GetInt();
    };
    get("maxCells", c.max_cells);
    get("minLevel", c.min_level);
    get("maxLevel", c.max_level);
  }
  c.min_level = std::clamp(c.min_level, 0, S2CellId::kMaxLevel);
  c.max_level = std::clamp(c.max_level, c.min_level, S2CellId::kMaxLevel);
  // maxCells 0 (which arangod accepts) never ends S2RegionCoverer's normalisation: taken as 1
  c.max_cells = std::max(c.max_cells, 1);
  return c;
}

// S2Options (IResearch/Geo.h): level_mod 1, not optimised for space.
S2RegionTermIndexer::Options indexer_options(GeoConfig const& c, bool points_only) {
  S2RegionTermIndexer::Options o;
  o.set_max_cells(c.max_cells);
  o.set_min_level(c.min_level);
  o.set_max_level(c.max_level);
  o.set_index_contains_points_only(points_only);
  return o;
}

// --- values --------------------------------------------------------------------------------

Value point_value(S2LatLng const& ll) {
  return Value::object({{"type", Value::string("Point")},
                        {"coordinates", Value::array({Value::number(ll.lng().degrees()),
                                                      Value::number(ll.lat().degrees())})}});
}

std::optional<double> number_at(Value const& obj, std::vector<std::string> const& path) {
  Value const* v = &obj;
  for (auto const& k : path) {
    if (!v->is_object()) return std::nullopt;
    v = v->get(k);
    if (v == nullptr) return std::nullopt;
  }
  if (!v->is_number()) return std::nullopt;
  return v->num();
}

// geo_s2's latLngInt keeps each coordinate as a 32-bit fixed-point number (degrees * 1e7).
S2Point to_lat_lng_int(S2Point const& p) {
  S2LatLng const ll(p);
  return S2LatLng(S1Angle::E7(ll.lat().e7()), S1Angle::E7(ll.lng().e7())).ToPoint();
}

S2Point s2_point(GeoParts::Point const& p, bool lat_lng_int) {
  S2Point const out(p[0], p[1], p[2]);
  return lat_lng_int ? to_lat_lng_int(out) : out;
}

std::vector<S2Point> s2_points(std::vector<GeoParts::Point> const& ps, bool lat_lng_int) {
  std::vector<S2Point> out;
  out.reserve(ps.size());
  for (auto const& p : ps) out.push_back(s2_point(p, lat_lng_int));
  return out;
}

double length_of(std::vector<S2Point> const& v, bool closed) {
  double len = 0;
  for (std::size_t i = 0; i + 1 < v.size(); ++i) len += S1Angle(v[i], v[i + 1]).radians();
  if (closed && v.size() > 1) len += S1Angle(v.back(), v.front()).radians();
  return len;
}

// A shape built for the term indexer, with its centroid (ShapeContainer::centroid) and
// whether it holds it, and a measure of its size for the covering bound.
struct Built {
  std::unique_ptr<S2Region> region;
  S2Point centroid;
  bool holds_centroid = false;
  bool is_point = false;
  double area = 0, length = 0, vertices = 0;
};

Built build(GeoParts const& parts, bool lat_lng_int) {
  Built b;
  // the S2 points of a line or loop, counted into the size measures
  auto vertices_of = [&](std::vector<GeoParts::Point> const& ps, bool closed) {
    auto pts = s2_points(ps, lat_lng_int);
    b.length += length_of(pts, closed);
    b.vertices += static_cast<double>(pts.size());
    return pts;
  };
  switch (parts.kind) {
    case GeoParts::Kind::Point:
      b.is_point = true;
      b.centroid = s2_point(parts.points.at(0), lat_lng_int);
      b.holds_centroid = true;
      b.vertices = 1;
      return b;
    case GeoParts::Kind::MultiPoint: {
      auto region = std::make_unique<MultiPointRegion>(s2_points(parts.points, lat_lng_int));
      b.centroid = region->centroid().Normalize();
      b.holds_centroid = region->Contains(b.centroid);
      b.vertices = static_cast<double>(parts.points.size());
      b.region = std::move(region);
      return b;
    }
    case GeoParts::Kind::Polyline: {
      auto line = std::make_unique<S2Polyline>(vertices_of(parts.lines.at(0), false), S2Debug::DISABLE);
      b.centroid = line->GetCentroid().Normalize();
      b.region = std::move(line);  // S2Polyline holds no point
      return b;
    }
    case GeoParts::Kind::MultiPolyline: {
      std::vector<std::unique_ptr<S2Polyline>> lines;
      for (auto const& l : parts.lines) {
        lines.push_back(std::make_unique<S2Polyline>(vertices_of(l, false), S2Debug::DISABLE));
      }
      auto region = std::make_unique<MultiPolylineRegion>(std::move(lines));
      b.centroid = region->centroid().Normalize();
      b.region = std::move(region);
      return b;
    }
    case GeoParts::Kind::Polygon: {
      std::vector<std::unique_ptr<S2Loop>> loops;
      for (auto const& l : parts.loops) {
        loops.push_back(std::make_unique<S2Loop>(vertices_of(l, true), S2Debug::DISABLE));
      }
      auto polygon = std::make_unique<S2Polygon>();
      polygon->set_s2debug_override(S2Debug::DISABLE);
      polygon->InitNested(std::move(loops));
      b.area = polygon->GetArea();
      b.centroid = polygon->GetCentroid().Normalize();
      b.holds_centroid = polygon->Contains(b.centroid);
      b.region = std::move(polygon);
      return b;
    }
  }
  return b;
}

// Cells a covering of the shape may hold at `level`: its area and a band along its edges.
double cells_at(Built const& b, int level) {
  return b.area / S2Cell::AverageArea(level) + 2 * b.length / S2::kMinWidth.GetValue(level) +
         4 * b.vertices;
}

void check_covering(Built const& b, GeoConfig const& c) {
  double const forced = cells_at(b, c.min_level);
  double const refined = std::min(static_cast<double>(c.max_cells), cells_at(b, c.max_level));
  double const estimate = std::max(forced, refined);
  if (estimate > kMaxCoveringCells) {
    throw AnalyzerError(err::kResourceLimit,
                        "resource limit exceeded: the S2 covering of this shape at levels " +
                            std::to_string(c.min_level) + ".." + std::to_string(c.max_level) +
                            " would hold more than " +
                            std::to_string(static_cast<long long>(kMaxCoveringCells)) + " cells");
  }
}

std::optional<GeoTerms> point_terms(GeoConfig const& c, S2LatLng const& ll, bool with_terms) {
  GeoTerms out;
  if (with_terms) {
    out.terms = S2RegionTermIndexer(indexer_options(c, true)).GetIndexTerms(ll.ToPoint(), "");
  }
  out.stored = point_value(ll);
  return out;
}

// GeoPointAnalyzer::reset: [lat, lng] (no paths) or the numbers at the paths, normalised.
std::optional<GeoTerms> geopoint(GeoConfig const& c, Value const& input, bool with_terms) {
  std::optional<double> lat, lng;
  if (c.latitude.empty() || c.longitude.empty()) {
    if (!input.is_array() || input.arr().size() != 2) return std::nullopt;
    auto const& a = input.arr();
    if (a[0].is_number() && a[1].is_number()) lat = a[0].num(), lng = a[1].num();
  } else {
    lat = number_at(input, c.latitude);
    lng = number_at(input, c.longitude);
  }
  if (!lat || !lng) return std::nullopt;
  return point_terms(c, S2LatLng::FromDegrees(*lat, *lng).Normalized(), with_terms);
}

}  // namespace

bool is_geo_analyzer(std::string_view type) {
  return type == "geojson" || type == "geopoint" || type == "geo_s2";
}

std::optional<GeoTerms> geo_terms(AnalyzerDef const& analyzer, Value const& input, bool with_terms) {
  GeoConfig const c = config_of(analyzer);
  if (c.type == "geopoint") return geopoint(c, input, with_terms);
  // GeoJsonAnalyzerBase::resetImpl: a [lng, lat] pair or GeoJSON; type point takes points only
  GeoParts parts;
  Value stored = input;
  if (input.is_array()) {
    if (input.arr().size() != 2 || !input.arr()[0].is_number() || !input.arr()[1].is_number()) {
      return std::nullopt;
    }
    auto const ll = S2LatLng::FromDegrees(input.arr()[1].num(), input.arr()[0].num()).Normalized();
    S2Point const p = ll.ToPoint();
    parts.points = {{p.x(), p.y(), p.z()}};
    // as a GeoJSON Point of the same numbers: the AQL geo functions take GeoJSON first
    stored = Value::object({{"type", Value::string("Point")}, {"coordinates", input}});
  } else if (auto e = aql::parse_geo_parts(input, c.legacy, parts)) {
    if (e->code == err::kResourceLimit) throw AnalyzerError(e->code, e->message);
    return std::nullopt;
  }
  if (c.shape == "point" && parts.kind != GeoParts::Kind::Point) return std::nullopt;
  GeoTerms out;
  out.stored = std::move(stored);
  if (!with_terms && c.shape != "centroid") return out;
  bool const lat_lng_int = c.type == "geo_s2" && c.format == "latLngInt";
  Built const b = build(parts, lat_lng_int);
  if (c.shape != "shape" || b.is_point) {
    if (c.shape == "centroid") out.stored = point_value(S2LatLng(b.centroid));
    if (with_terms) {
      out.terms = S2RegionTermIndexer(indexer_options(c, c.shape != "shape")).GetIndexTerms(b.centroid, "");
    }
    return out;
  }
  check_covering(b, c);
  S2RegionTermIndexer indexer(indexer_options(c, false));
  out.terms = indexer.GetIndexTerms(*b.region, "");
  if (!b.holds_centroid) {
    auto more = indexer.GetIndexTerms(b.centroid, "");
    std::move(more.begin(), more.end(), std::back_inserter(out.terms));
  }
  return out;
}

}  // namespace emu::search
