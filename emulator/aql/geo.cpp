#include "aql/geo.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "aql/error.hpp"
#include "aql/eval.hpp"
#include "aql/text_analyzer.hpp"
#include "docstore.hpp"

namespace emu::aql {

namespace {

using V = Value;

// ---------------------------------------------------------------------------
// Bounds. arangod has none of its own here; they keep one call's work bounded.
// ---------------------------------------------------------------------------

// Vertices of one GeoJSON value (all its loops / lines / points).
constexpr std::size_t kMaxGeoVertices = 100000;
// Edge pairs one containment / intersection / validation test may compare (after the
// bounding-box sweep has dropped the pairs that cannot meet).
constexpr std::uint64_t kMaxEdgePairs = 50'000'000;

// ---------------------------------------------------------------------------
// Spherical geometry on unit vectors
// ---------------------------------------------------------------------------

struct Vec {
  double x = 0, y = 0, z = 0;
};
Vec operator+(Vec a, Vec b) { return {a.x + b.x, a.y + b.y, a.z + b.z}; }
Vec operator-(Vec a, Vec b) { return {a.x - b.x, a.y - b.y, a.z - b.z}; }
Vec operator*(double k, Vec a) { return {k * a.x, k * a.y, k * a.z}; }
bool operator==(Vec a, Vec b) { return a.x == b.x && a.y == b.y && a.z == b.z; }
double dot(Vec a, Vec b) { return a.x * b.x + a.y * b.y + a.z * b.z; }
Vec cross(Vec a, Vec b) {
  return {a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x};
}
double norm(Vec a) { return std::sqrt(dot(a, a)); }
// Unit length; the zero vector stays zero (as S2Point::Normalize).
Vec normalize(Vec a) {
  double n = norm(a);
  return n == 0 ? a : (1.0 / n) * a;
}
double angle(Vec a, Vec b) { return std::atan2(norm(cross(a, b)), dot(a, b)); }
int sign(Vec a, Vec b, Vec c) {
  double d = dot(cross(a, b), c);
  return d > 0 ? 1 : (d < 0 ? -1 : 0);
}

constexpr double kPi = 3.14159265358979323846;
constexpr double kEarthRadius = 6371000.0;  // geo::kEarthRadiusInMeters

// S2LatLng::FromDegrees(lat, lng).Normalized(): latitude clamped, longitude wrapped.
struct LatLng {
  double lat = 0, lng = 0;  // radians
  bool operator==(LatLng const& o) const { return lat == o.lat && lng == o.lng; }
};
LatLng lat_lng(double lat_deg, double lng_deg) {
  double lat = lat_deg * (kPi / 180.0), lng = lng_deg * (kPi / 180.0);
  lat = std::clamp(lat, -kPi / 2, kPi / 2);
  lng = std::remainder(lng, 2 * kPi);
  return {lat, lng};
}
Vec to_point(LatLng ll) {
  double c = std::cos(ll.lat);
  return {c * std::cos(ll.lng), c * std::sin(ll.lng), std::sin(ll.lat)};
}
LatLng to_lat_lng(Vec p) {
  return {std::atan2(p.z, std::sqrt(p.x * p.x + p.y * p.y)), std::atan2(p.y, p.x)};
}
double degrees(double rad) { return rad * (180.0 / kPi); }

// Does p lie on the minor arc a-b?
bool on_arc(Vec p, Vec a, Vec b) {
  if (p == a || p == b) return true;
  Vec n = cross(a, b);
  double nn = norm(n);
  if (nn == 0) return false;
  if (std::fabs(dot(n, p)) > 1e-15 * nn) return false;
  return std::fabs(angle(a, p) + angle(p, b) - angle(a, b)) < 1e-12;
}

// S2::CrossingSign: 1 when the arcs a-b and c-d cross at a point interior to both, 0 when
// they touch (a shared vertex, a vertex on the other arc), -1 otherwise.
int crossing(Vec a, Vec b, Vec c, Vec d) {
  if (a == c || a == d || b == c || b == d) return 0;
  int acb = -sign(a, b, c), bda = sign(a, b, d);
  int cbd = -sign(c, d, b), dac = sign(c, d, a);
  if (acb == 0 || bda == 0 || cbd == 0 || dac == 0) {
    return on_arc(c, a, b) || on_arc(d, a, b) || on_arc(a, c, d) || on_arc(b, c, d) ? 0 : -1;
  }
  return acb == bda && acb == cbd && acb == dac ? 1 : -1;
}

// An arc with the box its points lie in (the arc bulges out of its chord by 1 - cos(θ/2)).
struct Edge {
  Vec a, b;
  double lo[3], hi[3];
  int loop = 0, index = 0;
};
Edge make_edge(Vec a, Vec b, int loop, int index) {
  Edge e{a, b, {}, {}, loop, index};
  double bulge = 1 - std::cos(angle(a, b) / 2) + 1e-12;
  double av[3] = {a.x, a.y, a.z}, bv[3] = {b.x, b.y, b.z};
  for (int k = 0; k < 3; ++k) {
    e.lo[k] = std::min(av[k], bv[k]) - bulge;
    e.hi[k] = std::max(av[k], bv[k]) + bulge;
  }
  return e;
}
bool boxes_meet(Edge const& e, Edge const& f) {
  for (int k = 0; k < 3; ++k) {
    if (e.hi[k] < f.lo[k] || f.hi[k] < e.lo[k]) return false;
  }
  return true;
}

// Counts compared edge pairs against kMaxEdgePairs (error 32 beyond).
struct Work {
  std::uint64_t pairs = 0;
  void add(std::uint64_t n = 1) {
    pairs += n;
    if (pairs > kMaxEdgePairs) {
      throw QueryError(32, "resource limit exceeded: geo operation compares more than " +
                               std::to_string(kMaxEdgePairs) + " edge pairs");
    }
  }
};

// Calls fn(e, f) for the pairs of edges (e from `a`, f from `b`; with `self`, the pairs of `a`)
// whose boxes meet, until fn returns true; returns whether one did.
template <typename Fn>
bool sweep(std::vector<Edge> const& a, std::vector<Edge> const& b, bool self, Work& work, Fn&& fn) {
  struct Item {
    Edge const* e;
    int side;
  };
  std::vector<Item> items;
  items.reserve(a.size() + (self ? 0 : b.size()));
  for (auto const& e : a) items.push_back({&e, 0});
  if (!self) {
    for (auto const& e : b) items.push_back({&e, 1});
  }
  // sweep along the axis the edges spread most over
  int ax = 0;
  double best = -1;
  for (int k = 0; k < 3; ++k) {
    double lo = 2, hi = -2;
    for (auto const& it : items) {
      lo = std::min(lo, it.e->lo[k]);
      hi = std::max(hi, it.e->hi[k]);
    }
    if (hi - lo > best) {
      best = hi - lo;
      ax = k;
    }
  }
  std::sort(items.begin(), items.end(),
            [ax](Item const& x, Item const& y) { return x.e->lo[ax] < y.e->lo[ax]; });
  std::vector<Edge const*> active[2];
  for (auto const& it : items) {
    int other = self ? 0 : 1 - it.side;
    auto& list = active[other];
    std::size_t keep = 0;
    for (std::size_t i = 0; i < list.size(); ++i) {
      if (list[i]->hi[ax] >= it.e->lo[ax]) list[keep++] = list[i];
    }
    list.resize(keep);
    for (auto const* o : list) {
      if (!boxes_meet(*it.e, *o)) continue;
      work.add();
      bool stop = it.side == 0 ? fn(*it.e, *o) : fn(*o, *it.e);
      if (stop) return true;
    }
    active[self ? 0 : it.side].push_back(it.e);
  }
  return false;
}

// A loop: vertices without the closing one; its region is on the left of its edges.
struct Loop {
  std::vector<Vec> v;
  std::vector<LatLng> ll;
  int depth = 0;  // how many other loops of the polygon contain it (odd: a hole)
  std::vector<Edge> edges(int loop_index) const {
    std::vector<Edge> out;
    out.reserve(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) {
      out.push_back(make_edge(v[i], v[(i + 1) % v.size()], loop_index, static_cast<int>(i)));
    }
    return out;
  }
  void invert() {
    std::reverse(v.begin(), v.end());
    std::reverse(ll.begin(), ll.end());
  }
};

// Area of the loop's region (steradians), as S2Loop::GetArea: the signed triangles of a fan.
double loop_area(Loop const& l) {
  double sum = 0;
  for (std::size_t i = 1; i + 1 < l.v.size(); ++i) {
    Vec a = l.v[0], b = l.v[i], c = l.v[i + 1];
    sum += 2 * std::atan2(dot(cross(a, b), c), 1 + dot(a, b) + dot(b, c) + dot(c, a));
  }
  if (sum < 0) sum += 4 * kPi;
  return sum;
}

// Centroid of the loop's region times its area (S2Loop::GetCentroid): half the sum over the
// edges of their length times their unit normal.
Vec loop_centroid(Loop const& l) {
  Vec sum;
  for (std::size_t i = 0; i < l.v.size(); ++i) {
    Vec a = l.v[i], b = l.v[(i + 1) % l.v.size()];
    sum = sum + angle(a, b) * normalize(cross(a, b));
  }
  return 0.5 * sum;
}

// A point just inside the loop beside vertex i: off the vertex along the bisector of the
// interior angle (interior on the left of the outgoing edge).
Vec inside_point(Loop const& l, std::size_t i) {
  std::size_t n = l.v.size();
  Vec p = l.v[i], prev = l.v[(i + n - 1) % n], next = l.v[(i + 1) % n];
  auto tangent = [&](Vec w) { return normalize(w - dot(w, p) * p); };
  Vec tn = tangent(next), tp = tangent(prev);
  double theta = std::atan2(dot(cross(tn, tp), p), dot(tn, tp));
  if (theta <= 0) theta += 2 * kPi;
  Vec d = std::cos(theta / 2) * tn + std::sin(theta / 2) * cross(p, tn);
  return normalize(p + 1e-9 * d);
}

// Crossings of the arc from -> to (split when nearly antipodal) with the loop's edges; false
// when a crossing is degenerate (the arc touches a vertex).
bool count_crossings(Loop const& l, Vec from, Vec to, int& count) {
  if (angle(from, to) > 3.0) {
    Vec mid = normalize(cross(from, std::fabs(from.x) < 0.9 ? Vec{1, 0, 0} : Vec{0, 1, 0}));
    return count_crossings(l, from, mid, count) && count_crossings(l, mid, to, count);
  }
  for (std::size_t i = 0; i < l.v.size(); ++i) {
    int c = crossing(from, to, l.v[i], l.v[(i + 1) % l.v.size()]);
    if (c == 0) return false;
    if (c > 0) ++count;
  }
  return true;
}

// Does the loop's region contain p? Points on the boundary count as inside (S2 decides them
// by its semi-open model; see the README).
bool loop_contains(Loop const& l, Vec p) {
  std::size_t n = l.v.size();
  if (n < 3) return false;
  for (std::size_t i = 0; i < n; ++i) {
    if (on_arc(p, l.v[i], l.v[(i + 1) % n])) return true;
  }
  for (std::size_t i = 0; i < n; ++i) {
    Vec ref = inside_point(l, i);
    int count = 0;
    if (count_crossings(l, ref, p, count)) return count % 2 == 0;
  }
  return false;
}

bool is_vertex_of(Loop const& l, Vec p) {
  return std::find(l.v.begin(), l.v.end(), p) != l.v.end();
}

// S2Loop::Contains(loop): no boundary crossing, b's vertices in a, and b does not hold a vertex
// of a (which would make a and b cover the sphere between them).
bool loop_contains_loop(Loop const& a, Loop const& b, Work& work) {
  auto ea = a.edges(0), eb = b.edges(1);
  if (sweep(ea, eb, false, work, [](Edge const& e, Edge const& f) {
        return crossing(e.a, e.b, f.a, f.b) > 0;
      })) {
    return false;
  }
  // without crossings one vertex of each decides (a loop's boundary is connected)
  work.add(a.v.size() + b.v.size());
  for (Vec p : b.v) {
    if (is_vertex_of(a, p)) continue;
    if (!loop_contains(a, p)) return false;
    break;
  }
  for (Vec p : a.v) {
    if (is_vertex_of(b, p)) continue;
    if (loop_contains(b, p)) return false;
    break;
  }
  return true;
}

// ---------------------------------------------------------------------------
// Shapes (ShapeContainer)
// ---------------------------------------------------------------------------

enum class Kind { Point, Polyline, Polygon, MultiPoint, MultiPolyline };

struct Shape {
  Kind kind = Kind::Point;
  std::vector<Vec> points;              // Point (one), MultiPoint
  std::vector<std::vector<Vec>> lines;  // Polyline (one), MultiPolyline
  std::vector<Loop> loops;              // Polygon, MultiPolygon
  bool is_area() const { return kind == Kind::Polygon; }
};

struct GeoError {
  int code;
  std::string message;
};
using Parsed = std::optional<GeoError>;

GeoError bad(std::string message) { return {10, std::move(message)}; }

struct Budget {
  std::size_t vertices = 0;
  Parsed take(std::size_t n) {
    vertices += n;
    if (vertices > kMaxGeoVertices) {
      return GeoError{32, "resource limit exceeded: a GeoJSON value may have at most " +
                              std::to_string(kMaxGeoVertices) + " vertices"};
    }
    return std::nullopt;
  }
};

// [a, b] of exactly two numbers (geo::json parseImpl): GeoJSON order is [lng, lat].
bool pair_of(Value const& v, bool geojson, LatLng& out) {
  if (!v.is_array() || v.arr().size() != 2) return false;
  auto const& a = v.arr();
  if (!a[0].is_number() || !a[1].is_number()) return false;
  out = geojson ? lat_lng(a[1].num(), a[0].num()) : lat_lng(a[0].num(), a[1].num());
  return true;
}

Parsed parse_vertices(Value const& arr, bool geojson, std::vector<LatLng>& out, Budget& budget) {
  out.clear();
  if (auto e = budget.take(arr.arr().size())) return e;
  for (auto const& p : arr.arr()) {
    if (!p.is_array()) return bad("Bad coordinates, should be array " + p.json());
    LatLng ll;
    if (!pair_of(p, geojson, ll)) return bad("Bad coordinates values " + p.json());
    out.push_back(ll);
  }
  return std::nullopt;
}

Parsed parse_points(Value const& arr, std::vector<LatLng>& out, Budget& budget) {
  if (auto e = parse_vertices(arr, true, out, budget)) return e;
  if (out.empty()) return bad("Invalid MultiPoint, it must contains at least one point.");
  return std::nullopt;
}

void remove_adjacent_duplicates(std::vector<LatLng>& v) {
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

std::vector<Vec> to_points(std::vector<LatLng> const& lls) {
  std::vector<Vec> out;
  out.reserve(lls.size());
  for (auto const& ll : lls) out.push_back(to_point(ll));
  return out;
}

// S2Polyline::FindValidationError (adjacent vertices antipodal).
Parsed validate_polyline(std::vector<Vec> const& v) {
  for (std::size_t i = 0; i + 1 < v.size(); ++i) {
    if (v[i] == -1.0 * v[i + 1]) {
      return bad("Invalid Polyline: Vertices " + std::to_string(i) + " and " +
                 std::to_string(i + 1) + " are antipodal");
    }
  }
  return std::nullopt;
}

Parsed parse_line(Value const& arr, std::vector<Vec>& out, Budget& budget) {
  std::vector<LatLng> lls;
  if (auto e = parse_vertices(arr, true, lls, budget)) return e;
  remove_adjacent_duplicates(lls);
  if (lls.size() < 2) {
    return bad("Invalid LineString, adjacent vertices must not be identical or antipodal.");
  }
  out = to_points(lls);
  return validate_polyline(out);
}

// S2Loop::FindValidationError: enough vertices, no antipodal neighbours, no self-intersection.
std::optional<std::string> loop_error(Loop const& l, Work& work) {
  std::size_t n = l.v.size();
  if (n < 3) return "Non-empty, non-full loops must have at least 3 vertices";
  for (std::size_t i = 0; i < n; ++i) {
    if (l.v[i] == -1.0 * l.v[(i + 1) % n]) {
      return "Vertices " + std::to_string(i) + " and " + std::to_string((i + 1) % n) +
             " are antipodal";
    }
  }
  auto edges = l.edges(0);
  std::optional<std::string> err;
  sweep(edges, edges, true, work, [&](Edge const& e, Edge const& f) {
    int i = std::min(e.index, f.index), j = std::max(e.index, f.index);
    if (j == i + 1 || (i == 0 && static_cast<std::size_t>(j) == n - 1)) return false;
    int c = crossing(e.a, e.b, f.a, f.b);
    if (c > 0) {
      err = "Edge " + std::to_string(i) + " crosses edge " + std::to_string(j);
    } else if (c == 0 && (e.a == f.a || e.a == f.b || e.b == f.a || e.b == f.b)) {
      err = "Edge " + std::to_string(i) + " has duplicate vertex with edge " + std::to_string(j);
    }
    return err.has_value();
  });
  return err;
}

Loop make_loop(std::vector<LatLng> lls) {
  Loop l;
  l.ll = std::move(lls);
  l.v = to_points(l.ll);
  return l;
}

// One loop of a (Multi)Polygon (geo::json parseLoopImpl); `first` is the index of the
// polygon's shell in `loops`, or -1.
Parsed parse_loop(Value const& ring, bool legacy, std::vector<Loop>& loops, int& first,
                  Budget& budget, Work& work) {
  if (!ring.is_array()) return bad("Missing coordinates.");
  std::vector<LatLng> lls;
  if (auto e = parse_points(ring, lls, budget)) return e;
  if (lls.size() < 4) return bad("Invalid GeoJson Loop, must have at least 4 vertices");
  remove_adjacent_duplicates(lls);
  if (!(lls.front() == lls.back())) return bad("Loop not closed");
  if (lls.size() > 1) lls.pop_back();
  Loop l = make_loop(std::move(lls));
  if (auto e = loop_error(l, work)) return bad("Invalid Loop in Polygon: " + *e);
  if (legacy && loop_area(l) > 2 * kPi) l.invert();  // S2Loop::Normalize
  loops.push_back(std::move(l));
  if (first < 0) {
    first = static_cast<int>(loops.size()) - 1;
    return std::nullopt;
  }
  Loop& shell = loops[static_cast<std::size_t>(first)];
  Loop& last = loops.back();
  if (!legacy) {
    if (loop_contains_loop(shell, last, work)) return std::nullopt;
    last.invert();
  }
  if (!loop_contains_loop(shell, last, work)) {
    return bad("Subsequent loop is not a hole in a polygon.");
  }
  return std::nullopt;
}

// S2Polygon::InitNested and FindValidationError: loops may not cross; each loop's depth is
// the number of loops containing it.
Parsed finish_polygon(std::vector<Loop>& loops, char const* prefix, Work& work) {
  for (std::size_t i = 0; i < loops.size(); ++i) {
    for (std::size_t j = i + 1; j < loops.size(); ++j) {
      auto ei = loops[i].edges(static_cast<int>(i)), ej = loops[j].edges(static_cast<int>(j));
      std::optional<std::string> err;
      sweep(ei, ej, false, work, [&](Edge const& e, Edge const& f) {
        if (crossing(e.a, e.b, f.a, f.b) > 0) {
          err = "Loop " + std::to_string(e.loop) + " edge " + std::to_string(e.index) +
                " crosses loop " + std::to_string(f.loop) + " edge " + std::to_string(f.index);
        }
        return err.has_value();
      });
      if (err) return bad(prefix + *err);
    }
  }
  for (std::size_t i = 0; i < loops.size(); ++i) {
    loops[i].depth = 0;
    for (std::size_t j = 0; j < loops.size(); ++j) {
      if (i != j && loop_contains_loop(loops[j], loops[i], work)) ++loops[i].depth;
    }
  }
  return std::nullopt;
}

enum class GeoType { Unknown, Point, LineString, Polygon, MultiPoint, MultiLineString,
                     MultiPolygon, GeometryCollection };

GeoType geo_type(Value const& v) {
  if (!v.is_object()) return GeoType::Unknown;
  auto const* t = v.get("type");
  if (t == nullptr || !t->is_string()) return GeoType::Unknown;
  std::string s = t->str();
  for (auto& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (s == "point") return GeoType::Point;
  if (s == "linestring") return GeoType::LineString;
  if (s == "polygon") return GeoType::Polygon;
  if (s == "multipoint") return GeoType::MultiPoint;
  if (s == "multilinestring") return GeoType::MultiLineString;
  if (s == "multipolygon") return GeoType::MultiPolygon;
  if (s == "geometrycollection") return GeoType::GeometryCollection;
  return GeoType::Unknown;
}

// geo::json::parseRegion.
Parsed parse_region(Value const& v, Shape& s, bool legacy, Work& work) {
  GeoType t = geo_type(v);
  if (t == GeoType::Unknown) return bad("Invalid GeoJSON Geometry Object.");
  auto const* coords = v.get("coordinates");
  if (coords == nullptr || !coords->is_array()) return bad("Coordinates missing.");
  Budget budget;
  switch (t) {
    case GeoType::Point: {
      LatLng ll;
      if (!pair_of(*coords, true, ll)) return bad("Bad coordinates " + coords->json());
      s.kind = Kind::Point;
      s.points = {to_point(ll)};
      return std::nullopt;
    }
    case GeoType::LineString: {
      s.kind = Kind::Polyline;
      s.lines.resize(1);
      return parse_line(*coords, s.lines[0], budget);
    }
    case GeoType::MultiPoint: {
      std::vector<LatLng> lls;
      if (auto e = parse_points(*coords, lls, budget)) return e;
      s.kind = Kind::MultiPoint;
      s.points = to_points(lls);
      return std::nullopt;
    }
    case GeoType::MultiLineString: {
      if (coords->arr().empty()) {
        return bad("Invalid MultiLinestring, it must contains at least one Linestring.");
      }
      s.kind = Kind::MultiPolyline;
      for (auto const& line : coords->arr()) {
        if (!line.is_array()) return bad("Missing coordinates.");
        s.lines.emplace_back();
        if (auto e = parse_line(line, s.lines.back(), budget)) return e;
      }
      return std::nullopt;
    }
    case GeoType::Polygon: {
      if (coords->arr().empty()) return bad("Invalid GeoJSON Geometry Object.");
      s.kind = Kind::Polygon;
      int first = -1;
      for (auto const& ring : coords->arr()) {
        if (auto e = parse_loop(ring, legacy, s.loops, first, budget, work)) return e;
      }
      return finish_polygon(s.loops, "Invalid Polygon: ", work);
    }
    case GeoType::MultiPolygon: {
      if (coords->arr().empty()) return bad("MultiPolygon should contains at least one Polygon.");
      s.kind = Kind::Polygon;
      for (auto const& poly : coords->arr()) {
        if (!poly.is_array()) {
          return bad("Polygon should contains at least one coordinates array.");
        }
        if (poly.arr().empty()) return bad("Polygon should contains at least one Loop.");
        int first = -1;
        for (auto const& ring : poly.arr()) {
          if (auto e = parse_loop(ring, legacy, s.loops, first, budget, work)) return e;
        }
      }
      return finish_polygon(s.loops, "Invalid Loop in MultiPolygon: ", work);
    }
    default:
      return GeoError{9, "GeoJSON type GeometryCollection is not supported"};
  }
}

// geo::json::parseCoordinates: a coordinate pair.
Parsed parse_coordinates(Value const& v, Shape& s, bool geojson) {
  if (!v.is_array()) return bad("Invalid coordinate pair.");
  LatLng ll;
  if (!pair_of(v, geojson, ll)) return bad("Bad coordinates " + v.json());
  s.kind = Kind::Point;
  s.points = {to_point(ll)};
  return std::nullopt;
}

// An AQL argument as a shape: an array is a [lng, lat] pair, anything else GeoJSON.
Parsed parse_shape(Value const& v, Shape& s, Work& work) {
  return v.is_array() ? parse_coordinates(v, s, true) : parse_region(v, s, false, work);
}

// The S2 edge centroid of a polyline times its length (S2::GetCentroid of a polyline).
Vec polyline_centroid(std::vector<Vec> const& v) {
  Vec sum;
  for (std::size_t i = 0; i + 1 < v.size(); ++i) {
    Vec vsum = v[i] + v[i + 1], vdiff = v[i] - v[i + 1];
    double cos2 = dot(vsum, vsum), sin2 = dot(vdiff, vdiff);
    if (cos2 > 0) sum = sum + std::sqrt(sin2 / cos2) * vsum;
  }
  return sum;
}

// ShapeContainer::centroid.
Vec centroid(Shape const& s) {
  Vec sum;
  switch (s.kind) {
    case Kind::Point:
      return s.points[0];
    case Kind::MultiPoint:
      for (Vec p : s.points) sum = sum + p;
      break;
    case Kind::Polyline:
    case Kind::MultiPolyline:
      for (auto const& line : s.lines) sum = sum + polyline_centroid(line);
      break;
    case Kind::Polygon:
      for (auto const& l : s.loops) sum = sum + (l.depth % 2 == 0 ? 1.0 : -1.0) * loop_centroid(l);
      break;
  }
  return normalize(sum);
}

bool polygon_contains(Shape const& s, Vec p) {
  int inside = 0;
  for (auto const& l : s.loops) {
    if (loop_contains(l, p)) ++inside;
  }
  return inside % 2 == 1;
}

// polygon_contains counted as comparisons against the polygon's edges.
bool polygon_contains(Shape const& s, Vec p, Work& work) {
  std::uint64_t n = 0;
  for (auto const& l : s.loops) n += l.v.size();
  work.add(n);
  return polygon_contains(s, p);
}

std::vector<Edge> polygon_edges(Shape const& s) {
  std::vector<Edge> out;
  for (std::size_t i = 0; i < s.loops.size(); ++i) {
    auto e = s.loops[i].edges(static_cast<int>(i));
    out.insert(out.end(), e.begin(), e.end());
  }
  return out;
}

std::vector<Edge> line_edges(std::vector<Vec> const& v) {
  std::vector<Edge> out;
  for (std::size_t i = 0; i + 1 < v.size(); ++i) {
    out.push_back(make_edge(v[i], v[i + 1], 0, static_cast<int>(i)));
  }
  return out;
}

// Do the edge sets meet (proper crossings only with `proper`)?
bool edges_cross(std::vector<Edge> const& a, std::vector<Edge> const& b, bool proper, Work& work) {
  return sweep(a, b, false, work, [&](Edge const& e, Edge const& f) {
    int c = crossing(e.a, e.b, f.a, f.b);
    return proper ? c > 0 : c >= 0;
  });
}

bool polygon_contains_line(Shape const& poly, std::vector<Vec> const& line, Work& work) {
  for (Vec p : line) {
    if (!polygon_contains(poly, p, work)) return false;
  }
  return !edges_cross(polygon_edges(poly), line_edges(line), true, work);
}

bool polygon_intersects_line(Shape const& poly, std::vector<Vec> const& line, Work& work) {
  for (Vec p : line) {
    if (polygon_contains(poly, p, work)) return true;
  }
  return edges_cross(polygon_edges(poly), line_edges(line), false, work);
}

// S2Polygon::Contains(S2Polygon): no crossing boundaries, b's vertices in a, and no vertex of
// a strictly inside b (a hole of a inside b, or a inside b).
bool polygon_contains_polygon(Shape const& a, Shape const& b, Work& work) {
  if (edges_cross(polygon_edges(a), polygon_edges(b), true, work)) return false;
  for (auto const& l : b.loops) {
    for (Vec p : l.v) {
      if (!polygon_contains(a, p, work)) return false;
    }
  }
  for (auto const& l : a.loops) {
    for (Vec p : l.v) {
      bool on_b = false;
      for (auto const& lb : b.loops) on_b = on_b || is_vertex_of(lb, p);
      if (!on_b && polygon_contains(b, p, work)) return false;
    }
  }
  return true;
}

bool polygons_intersect(Shape const& a, Shape const& b, Work& work) {
  if (edges_cross(polygon_edges(a), polygon_edges(b), false, work)) return true;
  for (auto const& l : b.loops) {
    for (Vec p : l.v) {
      if (polygon_contains(a, p, work)) return true;
    }
  }
  for (auto const& l : a.loops) {
    for (Vec p : l.v) {
      if (polygon_contains(b, p, work)) return true;
    }
  }
  return false;
}

bool lines_approx_equal(std::vector<Vec> const& a, std::vector<Vec> const& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (angle(a[i], b[i]) > 1e-6) return false;
  }
  return true;
}

bool has_point(std::vector<Vec> const& pts, Vec p) {
  return std::find(pts.begin(), pts.end(), p) != pts.end();
}

// ShapeContainer::contains(other) by type pair.
bool shape_contains(Shape const& a, Shape const& b, Work& work) {
  auto contains_point = [&](Vec p) {
    switch (a.kind) {
      case Kind::Point:
      case Kind::MultiPoint:
        return has_point(a.points, p);
      case Kind::Polygon:
        return polygon_contains(a, p, work);
      default:
        return false;
    }
  };
  auto contains_line = [&](std::vector<Vec> const& line) {
    switch (a.kind) {
      case Kind::Polyline:
      case Kind::MultiPolyline:
        return std::any_of(a.lines.begin(), a.lines.end(),
                           [&](auto const& l) { return lines_approx_equal(l, line); });
      case Kind::Polygon:
        return polygon_contains_line(a, line, work);
      default:
        return false;
    }
  };
  switch (b.kind) {
    case Kind::Point:
    case Kind::MultiPoint:
      if (a.kind == Kind::Polyline || a.kind == Kind::MultiPolyline) return false;
      return std::all_of(b.points.begin(), b.points.end(), contains_point);
    case Kind::Polyline:
    case Kind::MultiPolyline:
      if (a.kind == Kind::Point || a.kind == Kind::MultiPoint) return false;
      return std::all_of(b.lines.begin(), b.lines.end(), contains_line);
    case Kind::Polygon:
      return a.kind == Kind::Polygon && polygon_contains_polygon(a, b, work);
  }
  return false;
}

struct NotImplemented {};

// ShapeContainer::intersects (symmetric). Points against lines throw NotImplemented.
bool shape_intersects(Shape const& a, Shape const& b, Work& work) {
  bool a_pts = a.kind == Kind::Point || a.kind == Kind::MultiPoint;
  bool b_pts = b.kind == Kind::Point || b.kind == Kind::MultiPoint;
  bool a_lines = a.kind == Kind::Polyline || a.kind == Kind::MultiPolyline;
  bool b_lines = b.kind == Kind::Polyline || b.kind == Kind::MultiPolyline;
  if ((a_pts && b_lines) || (a_lines && b_pts)) throw NotImplemented{};
  if (a_pts && b_pts) {
    return std::any_of(a.points.begin(), a.points.end(),
                       [&](Vec p) { return has_point(b.points, p); });
  }
  if (a_pts || b_pts) {
    Shape const& pts = a_pts ? a : b;
    Shape const& poly = a_pts ? b : a;
    return std::any_of(pts.points.begin(), pts.points.end(),
                       [&](Vec p) { return polygon_contains(poly, p, work); });
  }
  if (a_lines && b_lines) {
    for (auto const& la : a.lines) {
      for (auto const& lb : b.lines) {
        if (edges_cross(line_edges(la), line_edges(lb), false, work)) return true;
      }
    }
    return false;
  }
  if (a_lines || b_lines) {
    Shape const& lines = a_lines ? a : b;
    Shape const& poly = a_lines ? b : a;
    return std::any_of(lines.lines.begin(), lines.lines.end(),
                       [&](auto const& l) { return polygon_intersects_line(poly, l, work); });
  }
  return polygons_intersect(a, b, work);
}

// ShapeContainer::equals: same type and the same vertices.
bool shape_equals(Shape const& a, Shape const& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case Kind::Point:
    case Kind::MultiPoint:
      return a.points == b.points;
    case Kind::Polyline:
      return a.lines == b.lines;
    case Kind::MultiPolyline:
      if (a.lines.size() != b.lines.size()) return false;
      for (std::size_t i = 0; i < a.lines.size(); ++i) {
        if (!lines_approx_equal(a.lines[i], b.lines[i])) return false;
      }
      return true;
    case Kind::Polygon:
      if (a.loops.size() != b.loops.size()) return false;
      for (std::size_t i = 0; i < a.loops.size(); ++i) {
        if (a.loops[i].v != b.loops[i].v) return false;
      }
      return true;
  }
  return false;
}

// ---------------------------------------------------------------------------
// Ellipsoids
// ---------------------------------------------------------------------------

struct Ellipsoid {
  double radius;      // equator radius (m)
  double flattening;
};
constexpr Ellipsoid kSphere{6371000.0, 0.0};
constexpr Ellipsoid kWgs84{6378137.0, 1.0 / 298.257223563};

// Geodesic distance between two points (utils::geodesicDistance). On the sphere the great
// circle; on an ellipsoid Vincenty's inverse formula (Karney's in arangod; they agree to well
// under a millimetre where Vincenty converges, and nearly antipodal points fall back to the
// sphere of the mean radius).
double geodesic_distance(LatLng p1, LatLng p2, Ellipsoid const& e) {
  if (e.flattening == 0) return e.radius * angle(to_point(p1), to_point(p2));
  double a = e.radius, f = e.flattening, b = (1 - f) * a;
  double L = p2.lng - p1.lng;
  double U1 = std::atan((1 - f) * std::tan(p1.lat)), U2 = std::atan((1 - f) * std::tan(p2.lat));
  double sinU1 = std::sin(U1), cosU1 = std::cos(U1), sinU2 = std::sin(U2), cosU2 = std::cos(U2);
  double lambda = L, sinSigma = 0, cosSigma = 0, sigma = 0, cos2Alpha = 0, cos2SigmaM = 0;
  for (int iter = 0; iter < 200; ++iter) {
    double sinL = std::sin(lambda), cosL = std::cos(lambda);
    double t1 = cosU2 * sinL, t2 = cosU1 * sinU2 - sinU1 * cosU2 * cosL;
    sinSigma = std::sqrt(t1 * t1 + t2 * t2);
    if (sinSigma == 0) return 0;
    cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosL;
    sigma = std::atan2(sinSigma, cosSigma);
    double sinAlpha = cosU1 * cosU2 * sinL / sinSigma;
    cos2Alpha = 1 - sinAlpha * sinAlpha;
    cos2SigmaM = cos2Alpha != 0 ? cosSigma - 2 * sinU1 * sinU2 / cos2Alpha : 0;
    double C = f / 16 * cos2Alpha * (4 + f * (4 - 3 * cos2Alpha));
    double prev = lambda;
    double tail = cos2SigmaM + C * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM);
    lambda = L + (1 - C) * f * sinAlpha * (sigma + C * sinSigma * tail);
    if (std::fabs(lambda - prev) < 1e-12) {
      double u2 = cos2Alpha * (a * a - b * b) / (b * b);
      double A = 1 + u2 / 16384 * (4096 + u2 * (-768 + u2 * (320 - 175 * u2)));
      double B = u2 / 1024 * (256 + u2 * (-128 + u2 * (74 - 47 * u2)));
      double dSigma = B * sinSigma *
                      (cos2SigmaM + B / 4 * (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM) -
                                             B / 6 * cos2SigmaM * (-3 + 4 * sinSigma * sinSigma) *
                                                 (-3 + 4 * cos2SigmaM * cos2SigmaM)));
      return b * A * (sigma - dSigma);
    }
  }
  double mean = (2 * a + b) / 3;
  return mean * angle(to_point(p1), to_point(p2));
}

// Area of a region on an ellipsoid: the loops' vertices moved to authalic latitudes on the
// sphere of the same surface (Karney's geodesic polygons in arangod).
double ellipsoid_area(Shape const& s, Ellipsoid const& e) {
  double a = e.radius, f = e.flattening;
  double e2 = f * (2 - f), ecc = std::sqrt(e2);
  auto q = [&](double sinphi) {
    return (1 - e2) * (sinphi / (1 - e2 * sinphi * sinphi) -
                       1 / (2 * ecc) * std::log((1 - ecc * sinphi) / (1 + ecc * sinphi)));
  };
  double qp = q(1.0);
  double rq2 = a * a * qp / 2;
  double total = 0;
  for (auto const& l : s.loops) {
    Loop m;
    for (auto const& ll : l.ll) {
      double beta = std::asin(std::clamp(q(std::sin(ll.lat)) / qp, -1.0, 1.0));
      m.ll.push_back({beta, ll.lng});
    }
    m.v = to_points(m.ll);
    total += (l.depth % 2 == 0 ? 1.0 : -1.0) * loop_area(m);
  }
  return total * rq2;
}

// ---------------------------------------------------------------------------
// Function helpers
// ---------------------------------------------------------------------------

Value const& arg(Args const& a, std::size_t i) {
  static Value const null;
  return i < a.size() ? a[i] : null;
}

// functions::registerWarning(ctx, name, Result): "in function 'NAME()': message".
void warn_result(Evaluator& ev, std::string_view name, int code, std::string const& message) {
  ev.warn(code, "in function '" + std::string(name) + "()': " + message);
}
// registerWarning(ctx, name, code) for the argument mismatch codes (errors.tsv text).
void warn_mismatch(Evaluator& ev, std::string_view name) {
  ev.warn(1542, format_error(1542, {std::string(name)}));
}
// registerWarning(ctx, name, code) for other codes: the code's errors.tsv text.
void warn_code(Evaluator& ev, std::string_view name, int code) {
  warn_result(ev, name, code, format_error(code));
}

V null_with(Evaluator& ev, std::string_view name, GeoError const& e) {
  warn_result(ev, name, e.code, e.message);
  return V();
}

V number_or_null(double d) { return std::isfinite(d) ? V::number(d) : V(); }

// detEllipsoid: "sphere" / "wgs84"; anything else warns and falls back to the sphere.
Ellipsoid const& ellipsoid_arg(Evaluator& ev, Value const& v, std::string_view name) {
  if (v.is_string()) {
    if (v.str() == "wgs84") return kWgs84;
    if (v.str() == "sphere") return kSphere;
    warn_result(ev, name, 10,
                "invalid ellipsoid " + v.str() + " specified, falling back to \"sphere\"");
  } else {
    warn_result(ev, name, 10, "invalid value for ellipsoid specified, falling back to \"sphere\"");
  }
  return kSphere;
}

// ---------------------------------------------------------------------------
// DISTANCE, GEO_DISTANCE, GEO_IN_RANGE, GEO_AREA
// ---------------------------------------------------------------------------

// functions::Distance: the haversine formula on a sphere of 6371 km.
double haversine(double lat1, double lon1, double lat2, double lon2) {
  auto rad = [](double d) { return d * (std::acos(-1.0) / 180.0); };
  double p1 = rad(lat1), p2 = rad(lat2), d1 = rad(lat2 - lat1), d2 = rad(lon2 - lon1);
  double h = std::sin(d1 / 2) * std::sin(d1 / 2) +
             std::cos(p1) * std::cos(p2) * std::sin(d2 / 2) * std::sin(d2 / 2);
  return kEarthRadius * 2 * std::atan2(std::sqrt(h), std::sqrt(1 - h));
}

V f_distance(Evaluator& ev, std::string_view name, Args& a) {
  for (std::size_t i = 0; i < 4; ++i) {
    if (!arg(a, i).is_number()) {
      warn_mismatch(ev, name);
      return V();
    }
  }
  return number_or_null(haversine(a[0].num(), a[1].num(), a[2].num(), a[3].num()));
}

// The distance between the centroids of two shapes (ShapeContainer::distanceFromCentroid).
double centroid_distance(Shape const& s1, Shape const& s2, Ellipsoid const* e) {
  Vec c1 = centroid(s1), c2 = centroid(s2);
  if (e == nullptr) return angle(c1, c2) * kEarthRadius;
  return geodesic_distance(to_lat_lng(c1), to_lat_lng(c2), *e);
}

V f_geo_distance(Evaluator& ev, std::string_view name, Args& a) {
  Shape s1, s2;
  Work work;
  if (auto e = parse_shape(arg(a, 0), s1, work)) return null_with(ev, name, *e);
  if (auto e = parse_shape(arg(a, 1), s2, work)) return null_with(ev, name, *e);
  Ellipsoid const* ell = a.size() > 2 ? &ellipsoid_arg(ev, a[2], name) : nullptr;
  return number_or_null(centroid_distance(s1, s2, ell));
}

V f_geo_in_range(Evaluator& ev, std::string_view name, Args& a) {
  Shape s1, s2;
  Work work;
  if (auto e = parse_shape(arg(a, 0), s1, work)) return null_with(ev, name, *e);
  if (auto e = parse_shape(arg(a, 1), s2, work)) return null_with(ev, name, *e);
  if (!arg(a, 2).is_number()) return null_with(ev, name, bad("3rd argument requires a number"));
  if (!arg(a, 3).is_number()) return null_with(ev, name, bad("4th argument requires a number"));
  bool include_lower = true, include_upper = true;
  Ellipsoid const* ell = nullptr;
  if (a.size() > 4) {
    if (!a[4].is_bool()) return null_with(ev, name, bad("5th argument requires a bool"));
    include_lower = a[4].as_bool();
    if (a.size() > 5) {
      if (!a[5].is_bool()) return null_with(ev, name, bad("6th argument requires a bool"));
      include_upper = a[5].as_bool();
    }
    if (a.size() > 6) {
      ell = &ellipsoid_arg(ev, a[6], name);
      if (ell->flattening == 0) ell = nullptr;
    }
  }
  double lo = a[2].num(), hi = a[3].num();
  double d = centroid_distance(s1, s2, ell);
  return V::boolean((include_lower ? d >= lo : d > lo) && (include_upper ? d <= hi : d < hi));
}

V f_geo_area(Evaluator& ev, std::string_view name, Args& a) {
  Shape s;
  Work work;
  if (auto e = parse_region(arg(a, 0), s, false, work)) return null_with(ev, name, *e);
  Ellipsoid const& ell = ellipsoid_arg(ev, arg(a, 1), name);
  if (!s.is_area()) return V::number(0);
  if (ell.flattening != 0) return number_or_null(ellipsoid_area(s, ell));
  double area = 0;
  for (auto const& l : s.loops) area += (l.depth % 2 == 0 ? 1.0 : -1.0) * loop_area(l);
  return number_or_null(area * kEarthRadius * kEarthRadius);
}

// ---------------------------------------------------------------------------
// GEO_CONTAINS, GEO_INTERSECTS, GEO_EQUALS, IS_IN_POLYGON
// ---------------------------------------------------------------------------

V contains_or_intersects(Evaluator& ev, std::string_view name, Args& a, bool contains) {
  Value const& p1 = arg(a, 0);
  if (!p1.is_object()) return null_with(ev, name, GeoError{1542, "Expecting GeoJSON object"});
  Shape outer, inner;
  Work work;
  if (auto e = parse_region(p1, outer, false, work)) return null_with(ev, name, *e);
  if (contains && !outer.is_area()) {
    return null_with(ev, name, GeoError{1542, "Only Polygon and MultiPolygon types are valid as "
                                              "first argument"});
  }
  if (auto e = parse_shape(arg(a, 1), inner, work)) return null_with(ev, name, *e);
  try {
    return V::boolean(contains ? shape_contains(outer, inner, work)
                               : shape_intersects(outer, inner, work));
  } catch (NotImplemented const&) {
    warn_result(ev, name, 9,
                "The case GEO_INTERSECTS(<some points>, <some polylines>) is numerically "
                "unstable and thus not supported.");
    return V::boolean(false);
  }
}

V f_geo_contains(Evaluator& ev, std::string_view name, Args& a) {
  return contains_or_intersects(ev, name, a, true);
}
V f_geo_intersects(Evaluator& ev, std::string_view name, Args& a) {
  return contains_or_intersects(ev, name, a, false);
}

V f_geo_equals(Evaluator& ev, std::string_view name, Args& a) {
  if (!arg(a, 0).is_object() || !arg(a, 1).is_object()) {
    return null_with(ev, name, GeoError{1542, "Expecting GeoJSON object"});
  }
  Shape s1, s2;
  Work work;
  auto e1 = parse_region(a[0], s1, false, work);
  auto e2 = parse_region(a[1], s2, false, work);
  if (e1) return null_with(ev, name, *e1);
  if (e2) return null_with(ev, name, *e2);
  return V::boolean(shape_equals(s1, s2));
}

// geo::json::parseLoop: a ring of [lat, lng] (or [lng, lat]) pairs; closing optional; the
// loop is normalized (its smaller side is inside).
Parsed parse_plain_loop(Value const& coords, bool geojson, Loop& out, Work& work) {
  if (!coords.is_array()) return bad("Coordinates missing.");
  std::vector<LatLng> lls;
  Budget budget;
  if (auto e = parse_vertices(coords, geojson, lls, budget)) return e;
  remove_adjacent_duplicates(lls);
  if (lls.empty()) return bad("Loop should be 3 different vertices or be empty or full.");
  if (lls.size() > 1 && lls.front() == lls.back()) lls.pop_back();
  out = make_loop(std::move(lls));
  if (auto e = loop_error(out, work)) return bad("Invalid loop: " + *e);
  if (loop_area(out) > 2 * kPi) out.invert();
  return std::nullopt;
}

V f_is_in_polygon(Evaluator& ev, std::string_view name, Args& a) {
  Value const& coords = arg(a, 0);
  Value const& p2 = arg(a, 1);
  Value const& p3 = arg(a, 2);
  if (!coords.is_array()) {
    warn_code(ev, name, 1563);
    return V();
  }
  double lat = 0, lng = 0;
  bool geojson = false;
  if (p2.is_array()) {
    if (p2.arr().size() < 2) {
      warn_mismatch(ev, name);
      return V();
    }
    geojson = p3.is_bool() && p3.as_bool();
    Value const& la = geojson ? p2.arr()[1] : p2.arr()[0];
    Value const& lo = geojson ? p2.arr()[0] : p2.arr()[1];
    if (!la.is_number() || !lo.is_number()) {
      warn_mismatch(ev, name);
      return V();
    }
    lat = la.num();
    lng = lo.num();
  } else if (p2.is_number() && p3.is_number()) {
    lat = p2.num();
    lng = p3.num();
  } else {
    warn_mismatch(ev, name);
    return V();
  }
  Loop loop;
  Work work;
  if (auto e = parse_plain_loop(coords, geojson, loop, work)) return null_with(ev, name, *e);
  return V::boolean(loop_contains(loop, to_point(lat_lng(lat, lng))));
}

// ---------------------------------------------------------------------------
// GeoJSON constructors
// ---------------------------------------------------------------------------

V geo_object(char const* type, Value coords) {
  return V::object({{"type", V::string(type)}, {"coordinates", std::move(coords)}});
}

V f_geo_point(Evaluator& ev, std::string_view name, Args& a) {
  if (!arg(a, 0).is_number() || !arg(a, 1).is_number()) {
    warn_mismatch(ev, name);
    return V();
  }
  return geo_object("Point", V::array({V::number(a[0].num()), V::number(a[1].num())}));
}

// An array of positions, each an array of numbers (GeoMultiPoint / GeoLinestring).
std::optional<Value> positions(Evaluator& ev, std::string_view name, Value const& arr) {
  Array out;
  for (auto const& p : arr.arr()) {
    if (!p.is_array()) {
      warn_result(ev, name, 1542, "not an array containing positions");
      return std::nullopt;
    }
    Array nums;
    for (auto const& c : p.arr()) {
      if (!c.is_number()) {
        warn_result(ev, name, 1542, "not a numeric value");
        return std::nullopt;
      }
      nums.push_back(V::number(c.num()));
    }
    out.push_back(V::array(std::move(nums)));
  }
  return V::array(std::move(out));
}

V points_ctor(Evaluator& ev, std::string_view name, Args& a, char const* type, char const* few) {
  Value const& arr = arg(a, 0);
  if (!arr.is_array()) {
    warn_code(ev, name, 1563);
    return V();
  }
  if (arr.arr().size() < 2) {
    warn_result(ev, name, 1542, few);
    return V();
  }
  auto coords = positions(ev, name, arr);
  return coords ? geo_object(type, std::move(*coords)) : V();
}

V f_geo_multipoint(Evaluator& ev, std::string_view name, Args& a) {
  return points_ctor(ev, name, a, "MultiPoint", "a MultiPoint needs at least two positions");
}
V f_geo_linestring(Evaluator& ev, std::string_view name, Args& a) {
  return points_ctor(ev, name, a, "LineString", "a LineString needs at least two positions");
}

V f_geo_multilinestring(Evaluator& ev, std::string_view name, Args& a) {
  Value const& arr = arg(a, 0);
  if (!arr.is_array()) {
    warn_code(ev, name, 1563);
    return V();
  }
  if (arr.arr().empty()) {
    warn_result(ev, name, 1542, "a MultiLineString needs at least one array of linestrings");
    return V();
  }
  Array lines;
  for (auto const& line : arr.arr()) {
    if (!line.is_array()) {
      warn_result(ev, name, 1542, "not an array containing positions");
      return V();
    }
    if (line.arr().size() < 2) {
      warn_result(ev, name, 1542, "not an array containing linestrings");
      return V();
    }
    auto coords = positions(ev, name, line);
    if (!coords) return V();
    lines.push_back(std::move(*coords));
  }
  return geo_object("MultiLineString", V::array(std::move(lines)));
}

// A position given to GEO_POLYGON: numbers, or pairs of numbers (arangod's parseGeoPolygon
// keeps both); nullopt after a warning.
std::optional<Value> polygon_position(Evaluator& ev, std::string_view name, Value const& pos,
                                      char const* not_number) {
  Array out;
  for (auto const& c : pos.arr()) {
    if (c.is_number()) {
      out.push_back(V::number(c.num()));
    } else if (c.is_array() && c.arr().size() == 2) {
      if (!c.arr()[0].is_number() || !c.arr()[1].is_number()) {
        warn_result(ev, name, 1542, "coordinate is not a number");
        return std::nullopt;
      }
      out.push_back(V::array({V::number(c.arr()[0].num()), V::number(c.arr()[1].num())}));
    } else {
      warn_result(ev, name, 1542, not_number);
      return std::nullopt;
    }
  }
  return V::array(std::move(out));
}

// parseGeoPolygon: a ring (array of positions) or an array of rings, as coordinates.
std::optional<Value> polygon_coords(Evaluator& ev, std::string_view name, Value const& polygon) {
  bool unnested = false;
  for (auto const& v : polygon.arr()) {
    if (v.is_array() && v.arr().size() == 2) unnested = true;
  }
  Array rings;
  for (auto const& v : polygon.arr()) {
    if (v.is_array() && v.arr().size() > 2) {
      Array ring;
      for (auto const& c : v.arr()) {
        if (c.is_number()) {
          ring.push_back(V::number(c.num()));
        } else if (c.is_array()) {
          if (c.arr().size() < 2) {
            warn_result(ev, name, 1542, "a Position needs at least two numeric values");
            return std::nullopt;
          }
          auto p = polygon_position(ev, name, c, "not an array describing a position");
          if (!p) return std::nullopt;
          ring.push_back(std::move(*p));
        } else {
          warn_result(ev, name, 1542, "not an array containing positions");
          return std::nullopt;
        }
      }
      rings.push_back(V::array(std::move(ring)));
    } else if (v.is_array() && v.arr().size() == 2) {
      if (polygon.arr().size() <= 2) {
        warn_result(ev, name, 1542, "a Polygon needs at least three positions");
        return std::nullopt;
      }
      auto p = polygon_position(ev, name, v, "not a numeric value");
      if (!p) return std::nullopt;
      rings.push_back(std::move(*p));
    } else {
      warn_result(ev, name, 1542, "not an array containing positions");
      return std::nullopt;
    }
  }
  if (unnested) return V::array({V::array(std::move(rings))});
  return V::array(std::move(rings));
}

V f_geo_polygon(Evaluator& ev, std::string_view name, Args& a) {
  Value const& arr = arg(a, 0);
  if (!arr.is_array()) {
    warn_code(ev, name, 1563);
    return V();
  }
  auto coords = polygon_coords(ev, name, arr);
  if (!coords) return V();
  V out = geo_object("Polygon", *coords);
  // the result is checked as a polygon (geo::json::parsePolygon)
  Shape s;
  Work work;
  if (coords->arr().empty()) {
    return null_with(ev, name, bad("Polygon should contains at least one loop."));
  }
  if (auto e = parse_region(out, s, false, work)) return null_with(ev, name, *e);
  return out;
}

V f_geo_multipolygon(Evaluator& ev, std::string_view name, Args& a) {
  Value const& arr = arg(a, 0);
  if (!arr.is_array()) {
    warn_code(ev, name, 1563);
    return V();
  }
  char const* few = "a MultiPolygon needs at least two Polygons inside.";
  if (arr.arr().size() < 2) {
    warn_result(ev, name, 1542, few);
    return V();
  }
  Array polygons;
  for (auto const& polygon : arr.arr()) {
    if (!polygon.is_array()) {
      warn_result(ev, name, 1542, few);
      return V();
    }
    Array rings;
    for (auto const& ring : polygon.arr()) {
      if (!ring.is_array()) {
        warn_result(ev, name, 1542, "not an array containing positions");
        return V();
      }
      auto c = polygon_coords(ev, name, ring);
      if (!c) return V();
      for (auto const& r : c->arr()) rings.push_back(r);
    }
    polygons.push_back(V::array(std::move(rings)));
  }
  V out = geo_object("MultiPolygon", V::array(std::move(polygons)));
  Shape s;
  Work work;
  if (auto e = parse_region(out, s, false, work)) return null_with(ev, name, *e);
  return out;
}

// ---------------------------------------------------------------------------
// The index functions: NEAR, WITHIN, WITHIN_RECTANGLE, FULLTEXT
// ---------------------------------------------------------------------------

// The collection named by the first argument (1203 when there is none).
std::string collection_named(DataSource& ds, Value const& v) {
  std::string name = v.is_string() ? v.str() : std::string();
  auto info = ds.collection(name);
  if (!info) throw QueryError(1203, "collection or view not found: " + name);
  return info->name;
}
std::string collection_arg(Evaluator& ev, Value const& v) {
  return collection_named(ev.source(), v);
}

Value path_value(Value const& doc, std::string const& path) {
  Value cur = doc;
  std::size_t start = 0;
  while (true) {
    auto dot_pos = path.find('.', start);
    cur = cur.attr(path.substr(start, dot_pos == std::string::npos ? std::string::npos
                                                                   : dot_pos - start));
    if (dot_pos == std::string::npos) return cur;
    start = dot_pos + 1;
  }
}

// The geo index a NEAR / WITHIN / WITHIN_RECTANGLE uses: the collection's first one (1570).
std::shared_ptr<Index const> find_geo_index(DataSource& ds, std::string const& collection) {
  for (auto const& idx : ds.indexes(collection)) {
    if (idx->type == "geo") return idx;
  }
  throw QueryError(1570, format_error(1570, {collection}));
}
std::shared_ptr<Index const> geo_index(Evaluator& ev, std::string const& collection) {
  return find_geo_index(ev.source(), collection);
}

// The fulltext index on `attribute` a FULLTEXT uses (1571).
std::shared_ptr<Index const> find_fulltext_index(DataSource& ds, std::string const& collection,
                                                 std::string const& attribute) {
  for (auto const& i : ds.indexes(collection)) {
    if (i->type == "fulltext" && !i->fields.empty() && i->fields[0] == attribute) return i;
  }
  throw QueryError(1571, format_error(1571, {collection}));
}

// --- the checks of the replace-function-with-index rule, when the query is planned ---

using Literals = std::vector<Value const*>;

Value const* literal(Literals const& a, std::size_t i) { return i < a.size() ? a[i] : nullptr; }

// createSubqueryWithLimit: the limit is an integer or null value.
void check_limit(Literals const& a, std::size_t i) {
  if (i >= a.size()) return;
  Value const* v = a[i];
  if (v == nullptr || !(v->is_int() || v->is_null())) {
    throw QueryError(1542, "limit parameter has wrong type");
  }
}

void plan_near_or_within(DataSource& ds, Literals const& a, bool is_near) {
  Value const* coll = literal(a, 0);
  if (coll == nullptr || !coll->is_string()) return;
  find_geo_index(ds, collection_named(ds, *coll));
  if (!is_near) {
    Value const* radius = literal(a, 3);
    if (radius == nullptr || !radius->is_number()) {
      throw QueryError(1542, "radius argument is not a numeric value");
    }
  }
  if (a.size() > 4 && (a[4] == nullptr || !a[4]->is_string())) {
    throw QueryError(1542, "distance argument is not a string");
  }
  if (is_near) check_limit(a, 3);
}
void plan_near(DataSource& ds, Literals const& a) { plan_near_or_within(ds, a, true); }
void plan_within(DataSource& ds, Literals const& a) { plan_near_or_within(ds, a, false); }

void plan_within_rectangle(DataSource& ds, Literals const& a) {
  Value const* coll = literal(a, 0);
  if (coll == nullptr || !coll->is_string()) throw QueryError(1208, format_error(1208));
  find_geo_index(ds, collection_named(ds, *coll));
}

void plan_fulltext(DataSource& ds, Literals const& a) {
  Value const* coll = literal(a, 0);
  if (coll == nullptr || !coll->is_string()) return;
  Value const* attr = literal(a, 1);
  find_fulltext_index(ds, collection_named(ds, *coll),
                      attr != nullptr && attr->is_string() ? attr->str() : std::string());
  check_limit(a, 3);
}

bool index_flag(Index const& idx, char const* key) {
  auto it = idx.extra.find(key);
  return it != idx.extra.end() && it->second == "true";
}

// The shape the geo index holds for a document (geo_index::Index::shape); nullopt when the
// index skips the document (sparse: a missing or invalid value).
std::optional<Shape> indexed_shape(Index const& idx, Value const& doc, Work& work) {
  Shape s;
  if (idx.fields.size() == 2) {
    Value lat = path_value(doc, idx.fields[0]), lng = path_value(doc, idx.fields[1]);
    if (!lat.is_number() || !lng.is_number()) return std::nullopt;
    s.points = {to_point(lat_lng(lat.num(), lng.num()))};
    return s;
  }
  Value loc = path_value(doc, idx.fields[0]);
  bool geojson = index_flag(idx, "geoJson");
  Parsed err = geojson && !loc.is_array()
                   ? parse_region(loc, s, index_flag(idx, "legacyPolygons"), work)
                   : parse_coordinates(loc, s, geojson);
  if (err) return std::nullopt;
  return s;
}

// A LIMIT argument of the replaced subquery: an integer or null ("limit parameter has wrong
// type" otherwise). Negative counts become huge, as arangod's size_t.
std::optional<std::size_t> limit_arg(Value const& v, std::optional<std::size_t> dflt) {
  if (v.is_null()) return dflt;
  if (!v.is_int()) throw QueryError(1542, "limit parameter has wrong type");
  return static_cast<std::size_t>(v.int_value());
}

V with_distance(Evaluator& ev, Value const& doc, Value const* distance_name, Value dist) {
  if (distance_name == nullptr) return doc;
  Args merge{doc, V::object({{distance_name->str(), std::move(dist)}})};
  return ev.call_function("MERGE", merge);
}

// NEAR(coll, lat, lng [, limit [, distanceName]]) and WITHIN(coll, lat, lng, radius
// [, distanceName]): the documents the geo index holds, by distance (NEAR: nearest first,
// LIMIT 100 by default) or within the radius, each MERGEd with its distance when asked.
V near_or_within(Evaluator& ev, Args& a, bool is_near) {
  std::string coll = collection_arg(ev, arg(a, 0));
  auto idx = geo_index(ev, coll);
  double radius = 0;
  if (!is_near) {
    if (!arg(a, 3).is_number()) {
      throw QueryError(1542, "radius argument is not a numeric value");
    }
    radius = a[3].num();
  }
  Value const* distance_name = nullptr;
  if (a.size() > 4) {
    if (!a[4].is_string()) throw QueryError(1542, "distance argument is not a string");
    distance_name = &a[4];
  }
  std::optional<std::size_t> limit;
  if (is_near) limit = limit_arg(arg(a, 3), 100);
  Value const& lat = arg(a, 1);
  Value const& lng = arg(a, 2);
  bool origin_ok = lat.is_number() && lng.is_number();
  struct Hit {
    Value doc;
    Value dist;
  };
  std::vector<Hit> hits;
  Work work;
  auto scan = ev.source().open_scan(coll);
  Value doc;
  while (scan->next(doc)) {
    ev.check_killed();
    if (!origin_ok) {
      // no index can serve a non-numeric origin: DISTANCE is null for every document
      warn_mismatch(ev, "DISTANCE");
      hits.push_back({doc, V()});
      continue;
    }
    auto shape = indexed_shape(*idx, doc, work);
    if (!shape) continue;
    LatLng c = to_lat_lng(centroid(*shape));
    double d = haversine(degrees(c.lat), degrees(c.lng), lat.num(), lng.num());
    if (!is_near && !(d <= radius)) continue;
    hits.push_back({doc, number_or_null(d)});
  }
  if (is_near) {
    std::stable_sort(hits.begin(), hits.end(),
                     [](Hit const& x, Hit const& y) { return compare(x.dist, y.dist) < 0; });
  }
  Array out;
  for (auto& h : hits) {
    if (limit && out.size() >= *limit) break;
    out.push_back(with_distance(ev, h.doc, distance_name, std::move(h.dist)));
  }
  return V::array(std::move(out));
}

V f_near(Evaluator& ev, std::string_view, Args& a) { return near_or_within(ev, a, true); }
V f_within(Evaluator& ev, std::string_view, Args& a) { return near_or_within(ev, a, false); }

// WITHIN_RECTANGLE(coll, lat1, lng1, lat2, lng2): FILTER GEO_CONTAINS(<the loop (lat1, lng1),
// (lat1, lng2), (lat2, lng2), (lat2, lng1)>, <the indexed value>) over the collection.
V f_within_rectangle(Evaluator& ev, std::string_view, Args& a) {
  if (!arg(a, 0).is_string()) throw QueryError(1208, format_error(1208));
  std::string coll = collection_arg(ev, a[0]);
  auto idx = geo_index(ev, coll);
  auto corner = [&](std::size_t lat, std::size_t lng) {
    return V::array({arg(a, lng), arg(a, lat)});
  };
  V ring = V::array({corner(1, 2), corner(1, 4), corner(3, 4), corner(3, 2), corner(1, 2)});
  Shape rect;
  Work work;
  if (auto e = parse_region(geo_object("Polygon", V::array({ring})), rect, false, work)) {
    throw QueryError(e->code, e->message);
  }
  Array out;
  auto scan = ev.source().open_scan(coll);
  Value doc;
  while (scan->next(doc)) {
    ev.check_killed();
    auto shape = indexed_shape(*idx, doc, work);
    if (shape && shape_contains(rect, *shape, work)) out.push_back(doc);
  }
  return V::array(std::move(out));
}

// The fulltext query syntax (RocksDBFulltextIndex::parseQueryString).
struct FulltextToken {
  enum Op { And, Or, Exclude } op = And;
  bool prefix = false;
  std::string word;
};
constexpr std::size_t kFulltextMaxWords = 32;      // TRI_FULLTEXT_SEARCH_MAX_WORDS
constexpr std::size_t kFulltextMaxWordLength = 40;  // TRI_FULLTEXT_MAX_WORD_LENGTH

std::string lower(Evaluator& ev, std::string s) {
  Args args{V::string(std::move(s))};
  return ev.call_function("LOWER", args).str();
}

std::string prefix_chars(std::string_view s, std::size_t n) {
  std::string out;
  std::size_t count = 0;
  for (auto cp : utf8_decode(s)) {
    if (count++ == n) break;
    utf8_append(out, cp);
  }
  return out;
}

bool fulltext_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\b' || c == ',';
}

std::optional<std::vector<FulltextToken>> parse_fulltext_query(Evaluator& ev, std::string_view q) {
  std::vector<FulltextToken> out;
  std::size_t i = 0;
  while (i < q.size()) {
    if (fulltext_space(q[i])) {
      ++i;
      continue;
    }
    FulltextToken t;
    if (q[i] == '+') {
      ++i;
    } else if (q[i] == '|') {
      t.op = FulltextToken::Or;
      ++i;
    } else if (q[i] == '-') {
      t.op = FulltextToken::Exclude;
      ++i;
    }
    std::size_t start = i, split = std::string_view::npos;
    while (i < q.size() && !fulltext_space(q[i])) {
      if (split == std::string_view::npos && q[i] == ':') split = i + 1;
      ++i;
    }
    std::size_t end = i;
    if (end == start || split == start || split == end) return std::nullopt;
    if (split != std::string_view::npos) {
      std::string cmd = lower(ev, std::string(q.substr(start, split - start)));
      if (cmd == "prefix:") t.prefix = true;
      start = split;
    }
    t.word = prefix_chars(lower(ev, std::string(q.substr(start, end - start))),
                          kFulltextMaxWordLength);
    out.push_back(std::move(t));
    if (out.size() >= kFulltextMaxWords) break;
  }
  if (out.empty()) return std::nullopt;
  out[0].op = FulltextToken::Or;
  return out;
}

// The words the fulltext index holds for a value (a string, or the strings directly in an
// array or object), lower case, at least `min_length` and at most 40 characters long.
void fulltext_words(Evaluator& ev, Value const& v, std::size_t min_length, int level,
                    std::vector<std::string>& out) {
  if (v.is_string()) {
    for (auto const& w : segment_words(lower(ev, v.str()))) {
      if (utf8_length(w) >= min_length) out.push_back(prefix_chars(w, kFulltextMaxWordLength));
    }
  } else if (level == 0 && v.is_array()) {
    for (auto const& e : v.arr()) fulltext_words(ev, e, min_length, 1, out);
  } else if (level == 0 && v.is_object()) {
    for (auto const& [k, e] : v.obj()) fulltext_words(ev, e, min_length, 1, out);
  }
}

bool token_matches(FulltextToken const& t, std::vector<std::string> const& words) {
  return std::any_of(words.begin(), words.end(), [&](std::string const& w) {
    return t.prefix ? w.compare(0, t.word.size(), t.word) == 0 : w == t.word;
  });
}

// FULLTEXT(coll, attribute, query [, limit]): the documents of the collection's fulltext index
// on `attribute` that match the query, in storage order.
V f_fulltext(Evaluator& ev, std::string_view name, Args& a) {
  std::string coll = collection_arg(ev, arg(a, 0));
  std::string attribute = arg(a, 1).is_string() ? arg(a, 1).str() : std::string();
  auto idx = find_fulltext_index(ev.source(), coll, attribute);
  auto limit = limit_arg(arg(a, 3), std::nullopt);
  if (!arg(a, 2).is_string()) throw QueryError(1542, format_error(1542, {std::string(name)}));
  auto tokens = parse_fulltext_query(ev, a[2].str());
  if (!tokens) throw QueryError(10, format_error(10));
  std::size_t min_length = 2;
  if (auto it = idx->extra.find("minLength"); it != idx->extra.end()) {
    min_length = static_cast<std::size_t>(std::max(1, std::atoi(it->second.c_str())));
  }
  // every document's words, then the tokens applied left to right over the result set
  std::vector<std::pair<Value, std::vector<std::string>>> docs;
  auto scan = ev.source().open_scan(coll);
  Value doc;
  while (scan->next(doc)) {
    ev.check_killed();
    std::vector<std::string> words;
    fulltext_words(ev, path_value(doc, attribute), min_length, 0, words);
    if (!words.empty()) docs.emplace_back(doc, std::move(words));
  }
  std::vector<bool> in(docs.size(), false);
  for (auto const& t : *tokens) {
    for (std::size_t i = 0; i < docs.size(); ++i) {
      bool m = token_matches(t, docs[i].second);
      if (t.op == FulltextToken::Or) in[i] = in[i] || m;
      else if (t.op == FulltextToken::And) in[i] = in[i] && m;
      else if (m) in[i] = false;
    }
  }
  Array out;
  for (std::size_t i = 0; i < docs.size(); ++i) {
    if (limit && out.size() >= *limit) break;
    if (in[i]) out.push_back(std::move(docs[i].first));
  }
  return V::array(std::move(out));
}

}  // namespace

std::optional<GeoPartsError> parse_geo_parts(Value const& v, bool legacy, GeoParts& out) {
  Shape s;
  Parsed err;
  try {
    Work work;
    err = parse_region(v, s, legacy, work);
  } catch (QueryError const& e) {
    return GeoPartsError{e.code(), e.message()};
  }
  if (err) return GeoPartsError{err->code, err->message};
  auto point = [](Vec p) { return GeoParts::Point{p.x, p.y, p.z}; };
  auto points = [&](std::vector<Vec> const& vs) {
    std::vector<GeoParts::Point> o;
    o.reserve(vs.size());
    for (Vec p : vs) o.push_back(point(p));
    return o;
  };
  out = GeoParts{};
  switch (s.kind) {
    case Kind::Point: out.kind = GeoParts::Kind::Point; break;
    case Kind::MultiPoint: out.kind = GeoParts::Kind::MultiPoint; break;
    case Kind::Polyline: out.kind = GeoParts::Kind::Polyline; break;
    case Kind::MultiPolyline: out.kind = GeoParts::Kind::MultiPolyline; break;
    case Kind::Polygon: out.kind = GeoParts::Kind::Polygon; break;
  }
  out.points = points(s.points);
  for (auto const& line : s.lines) out.lines.push_back(points(line));
  for (auto const& loop : s.loops) out.loops.push_back(points(loop.v));
  return std::nullopt;
}

std::vector<FunctionDef> const& geo_functions() {
  // NEAR, WITHIN, WITHIN_RECTANGLE and FULLTEXT take their collection by name (argument 0)
  // and read it: they are not cached (the results cache would not see their collection when
  // it is named by a string); their plan checks raise the optimizer's errors.
  static std::vector<FunctionDef> const table = {
      {"DISTANCE", 4, 4, f_distance},
      {"GEO_DISTANCE", 2, 3, f_geo_distance},
      {"GEO_IN_RANGE", 4, 7, f_geo_in_range},
      {"GEO_AREA", 1, 2, f_geo_area},
      {"GEO_CONTAINS", 2, 2, f_geo_contains},
      {"GEO_INTERSECTS", 2, 2, f_geo_intersects},
      {"GEO_EQUALS", 2, 2, f_geo_equals},
      {"IS_IN_POLYGON", 2, 3, f_is_in_polygon},
      {"GEO_POINT", 2, 2, f_geo_point},
      {"GEO_MULTIPOINT", 1, 1, f_geo_multipoint},
      {"GEO_POLYGON", 1, 1, f_geo_polygon},
      {"GEO_MULTIPOLYGON", 1, 1, f_geo_multipolygon},
      {"GEO_LINESTRING", 1, 1, f_geo_linestring},
      {"GEO_MULTILINESTRING", 1, 1, f_geo_multilinestring},
      {"NEAR", 3, 5, f_near, 1, false, false, plan_near},
      {"WITHIN", 4, 5, f_within, 1, false, false, plan_within},
      {"WITHIN_RECTANGLE", 5, 5, f_within_rectangle, 1, false, false, plan_within_rectangle},
      {"FULLTEXT", 3, 4, f_fulltext, 1, false, false, plan_fulltext},
  };
  return table;
}

}  // namespace emu::aql
