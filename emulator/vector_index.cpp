// Vector indexes: definition, document checks, training state (see vector_index.hpp).
#include "vector_index.hpp"

#include <cmath>
#include <set>

#include "errors.hpp"
#include "json.hpp"
#include "store.hpp"

namespace emu {
namespace {

using Value = rapidjson::Value;

std::string_view str(Value const& v) { return {v.GetString(), v.GetStringLength()}; }

IndexParse bad_parameter(std::string message) {
  IndexParse p;
  p.status = 400;
  p.error = 10;
  p.message = std::move(message);
  return p;
}

// An integral number (velocypack's deserialization into an integer accepts a
// double only when it holds an integer).
std::optional<std::int64_t> integer(Value const& v) {
  if (v.IsInt64()) return v.GetInt64();
  if (v.IsUint64()) return static_cast<std::int64_t>(std::min<std::uint64_t>(v.GetUint64(), INT64_MAX));
  if (v.IsDouble()) {
    double d = v.GetDouble();
    if (std::isfinite(d) && std::floor(d) == d && std::fabs(d) < 9.0e18) return static_cast<std::int64_t>(d);
  }
  return std::nullopt;
}

// One integer attribute of params: required (no fallback) or with its
// fallback; `min` is its invariant.
std::optional<IndexParse> params_integer(Value const& params, char const* name, std::int64_t min,
                                         std::optional<std::int64_t> fallback, char const* too_small,
                                         std::int64_t& out) {
  auto const* v = member(params, name);
  if (v == nullptr || v->IsNull()) {
    if (!fallback) return bad_parameter(std::string("params.") + name + ": required attribute is missing");
    out = *fallback;
    return std::nullopt;
  }
  auto n = integer(*v);
  if (!n) return bad_parameter(std::string("params.") + name + ": expecting an integer number");
  if (*n < min) return bad_parameter(std::string("params.") + name + ": " + too_small);
  out = *n;
  return std::nullopt;
}

constexpr std::size_t kMaxStoredValues = 32;  // arangod's bound on a vector index's storedValues

// One unsigned integer attribute of an nLists scaling specification (or of one
// of its tiers), at least 1.
std::optional<IndexParse> scaling_integer(Value const& obj, std::string const& path, char const* name,
                                          std::optional<std::uint64_t> fallback, std::uint64_t& out) {
  auto const* v = member(obj, name);
  if (v == nullptr || v->IsNull()) {
    if (!fallback) return bad_parameter(path + "." + name + ": required attribute is missing");
    out = *fallback;
    return std::nullopt;
  }
  auto n = integer(*v);
  if (!n || *n < 0) return bad_parameter(path + "." + name + ": expecting an unsigned integer number");
  if (*n < 1) return bad_parameter(path + "." + name + ": " + name + " must be 1 or greater!");
  out = static_cast<std::uint64_t>(*n);
  return std::nullopt;
}

// params.nLists (3.12.10): a number (fixed, at least 1), an object (scaling:
// strategy "autoSqrt", multiplier and minNLists required, tiers optional with
// autofaiss's defaults), or absent (the default scaling specification).
std::optional<IndexParse> n_lists_of(Value const& params, VectorParams& vp) {
  static std::vector<std::pair<std::uint64_t, std::uint64_t>> const default_tiers = {
      {1000000, 16384}, {10000000, 65536}, {300000000, 131072}};
  auto const* v = member(params, "nLists");
  vp.n_lists = 0;
  vp.multiplier = 4;
  vp.min_n_lists = 2;
  vp.tiers = default_tiers;
  if (v == nullptr || v->IsNull()) return std::nullopt;
  if (!v->IsObject()) {
    auto n = integer(*v);
    if (!n) return bad_parameter("params.nLists: expecting an integer number or an object");
    if (*n < 1) return bad_parameter("params.nLists: nLists must be 1 or greater!");
    vp.n_lists = static_cast<std::uint64_t>(*n);
    return std::nullopt;
  }
  for (auto const& m : v->GetObject()) {
    auto k = str(m.name);
    if (k != "strategy" && k != "multiplier" && k != "minNLists" && k != "tiers") {
      return bad_parameter("params.nLists: found unexpected attribute '" + std::string(k) + "'");
    }
  }
  auto const* strategy = member(*v, "strategy");
  if (strategy == nullptr || strategy->IsNull()) {
    return bad_parameter("params.nLists.strategy: required attribute is missing");
  }
  if (!strategy->IsString() || str(*strategy) != "autoSqrt") {
    return bad_parameter("params.nLists.strategy: unknown enumeration value, expecting one of 'autoSqrt'");
  }
  if (auto e = scaling_integer(*v, "params.nLists", "multiplier", std::nullopt, vp.multiplier)) return e;
  if (auto e = scaling_integer(*v, "params.nLists", "minNLists", std::nullopt, vp.min_n_lists)) return e;
  auto const* tiers = member(*v, "tiers");
  if (tiers == nullptr || tiers->IsNull()) return std::nullopt;
  if (!tiers->IsArray()) return bad_parameter("params.nLists.tiers: expecting an array");
  if (tiers->Size() > 1000) return bad_parameter("params.nLists.tiers: too many tiers");
  vp.tiers.clear();
  std::size_t i = 0;
  for (auto const& t : tiers->GetArray()) {
    std::string const path = "params.nLists.tiers[" + std::to_string(i++) + "]";
    if (!t.IsObject()) return bad_parameter(path + ": expecting an object");
    std::uint64_t threshold = 0, fixed = 0;
    if (auto e = scaling_integer(t, path, "threshold", std::nullopt, threshold)) return e;
    if (auto e = scaling_integer(t, path, "fixedValue", std::nullopt, fixed)) return e;
    vp.tiers.emplace_back(threshold, fixed);
  }
  return std::nullopt;
}

// NListsScalingSpec::compute: the fixed value of the tier with the highest
// threshold <= N, else max(minNLists, multiplier * sqrt(N)).
std::uint64_t resolve_n_lists(VectorParams const& vp, std::uint64_t n) {
  if (vp.n_lists > 0) return vp.n_lists;
  std::optional<std::pair<std::uint64_t, std::uint64_t>> best;
  for (auto const& t : vp.tiers) {
    if (t.first <= n && (!best || t.first > best->first)) best = t;
  }
  if (best) return best->second;
  return std::max<std::uint64_t>(
      vp.min_n_lists,
      static_cast<std::uint64_t>(static_cast<double>(vp.multiplier) * std::sqrt(static_cast<double>(n))));
}

}  // namespace

std::optional<IndexParse> vector_index_options(Value const& body, Index& idx) {
  if (idx.fields.size() != 1) return bad_parameter("vector index must have exactly one field");
  if (idx.unique) return bad_parameter("vector index cannot be unique");
  auto const* params = member(body, "params");
  if (params == nullptr || !params->IsObject()) {
    return bad_parameter("vector index requires 'params' to be an object");
  }
  // UserVectorIndexDefinition (3.12.10): its attributes and no others.
  static std::set<std::string_view> const known = {
      "dimension",     "metric", "nLists", "trainingIterations", "defaultNProbe",
      "factory",       "numberOfDocsPerCentroid"};
  for (auto const& m : params->GetObject()) {
    if (known.count(str(m.name)) == 0) {
      return bad_parameter("params: found unexpected attribute '" + std::string(str(m.name)) + "'");
    }
  }
  VectorParams vp;
  std::int64_t dimension = 0, iterations = 0, n_probe = 1, per_centroid = 100;
  if (auto e = params_integer(*params, "dimension", 1, std::nullopt, "Dimension must be greater than 0!",
                              dimension)) {
    return e;
  }
  auto const* metric = member(*params, "metric");
  if (metric == nullptr || metric->IsNull()) return bad_parameter("params.metric: required attribute is missing");
  if (!metric->IsString() ||
      (str(*metric) != "cosine" && str(*metric) != "l2" && str(*metric) != "innerProduct")) {
    return bad_parameter("params.metric: unknown enumeration value, expecting one of 'l2', 'cosine', "
                         "'innerProduct'");
  }
  // nLists: a fixed number, or a scaling specification (the default when absent)
  if (auto e = n_lists_of(*params, vp)) return e;
  if (auto e = params_integer(*params, "trainingIterations", 0, 25, "must not be negative", iterations)) {
    return e;
  }
  if (auto e = params_integer(*params, "defaultNProbe", 1, 1, "defaultNProbe must be 1 or greater!", n_probe)) {
    return e;
  }
  if (auto e = params_integer(*params, "numberOfDocsPerCentroid", 1, 100,
                              "numberOfDocsPerCentroid must be 1 or greater!", per_centroid)) {
    return e;
  }
  auto const* factory = member(*params, "factory");
  if (factory != nullptr && !factory->IsNull() && !factory->IsString()) {
    return bad_parameter("params.factory: expecting a string");
  }
  // A Faiss factory string must describe an inverted file index.
  if (factory != nullptr && factory->IsString() && str(*factory).substr(0, 3) != "IVF") {
    return bad_parameter("params.factory: the base index must be an inverted file (IVF)");
  }
  vp.metric = std::string(str(*metric));
  vp.dimension = static_cast<std::uint64_t>(dimension);
  vp.default_n_probe = n_probe;

  // Reported in UserVectorIndexDefinition's order, with the defaults filled in.
  JsonWriter w;
  w.begin_object().kv("dimension", dimension).kv("metric", vp.metric).key("nLists");
  if (vp.n_lists > 0) {
    w.uint64(vp.n_lists);
  } else {
    w.begin_object()
        .kv("strategy", "autoSqrt")
        .kv("multiplier", vp.multiplier)
        .kv("minNLists", vp.min_n_lists)
        .key("tiers")
        .begin_array();
    for (auto const& [threshold, fixed] : vp.tiers) {
      w.begin_object().kv("threshold", threshold).kv("fixedValue", fixed).end_object();
    }
    w.end_array().end_object();
  }
  if (factory != nullptr && factory->IsString()) w.kv("factory", str(*factory));
  w.kv("trainingIterations", iterations)
      .kv("defaultNProbe", n_probe)
      .kv("numberOfDocsPerCentroid", per_centroid)
      .end_object();
  idx.extra["params"] = w.str();
  if (auto const* stored = member(body, "storedValues"); stored != nullptr && stored->IsArray()) {
    if (stored->Size() > kMaxStoredValues) {
      return bad_parameter("storedValues must not contain more than " + std::to_string(kMaxStoredValues) +
                           " attributes");
    }
    for (auto const& s : stored->GetArray()) {
      if (!s.IsString() || s.GetStringLength() == 0) {
        return bad_parameter("storedValues must be an array of attribute paths");
      }
    }
    idx.extra["storedValues"] = to_json(*stored);
  }
  idx.vector = vp;
  return std::nullopt;
}

VectorOf vector_of(Index const& idx, Document const& d, std::vector<float>* out, int& error,
                   std::string& message) {
  auto const& vp = *idx.vector;
  Value const* v = &d.body;
  std::string_view path = idx.fields[0];
  while (v != nullptr) {
    auto dot = path.find('.');
    v = v->IsObject() ? member(*v, path.substr(0, dot)) : nullptr;
    if (dot == std::string_view::npos) break;
    path.remove_prefix(dot + 1);
  }
  if (v == nullptr) {
    if (idx.sparse) return VectorOf::Skip;
    error = 10;
    message = "vector field not present in document " +
              std::string(d.key());
    return VectorOf::Error;
  }
  error = 17;
  if (!v->IsArray()) {
    message = "array expected for vector attribute for document " +
              std::string(d.key());
    return VectorOf::Error;
  }
  if (v->Size() != vp.dimension) {
    message = "provided vector is not of matching dimension for document " +
              std::string(d.key()) +
              ", index dimension: " + std::to_string(vp.dimension) +
              ", document dimension: " + std::to_string(v->Size());
    return VectorOf::Error;
  }
  if (out != nullptr) out->clear();
  for (auto const& x : v->GetArray()) {
    if (!x.IsNumber()) {
      message = "vector contains data not representable as double for document " +
              std::string(d.key());
      return VectorOf::Error;
    }
    if (out != nullptr) out->push_back(static_cast<float>(x.GetDouble()));
  }
  error = 0;
  return VectorOf::Vector;
}

bool vector_check(CollectionData const& data, Document const& d, OpResult& res) {
  for (auto const& idx : data.indexes) {
    if (!idx->vector) continue;
    int error = 0;
    std::string message;
    if (vector_of(*idx, d, nullptr, error, message) == VectorOf::Error) {
      res.error = error;
      res.message = std::move(message);
      return false;
    }
  }
  return true;
}

// Trains the index when it has enough vectors (once; later documents are
// added to the trained index). Fixed nLists: once there are nLists vectors.
// Scaling: from minNLists vectors on, once the number it resolves to for the
// vectors present is no more than them (Faiss's k-means needs at least as
// many points as centroids).
void maybe_train(Index& idx) {
  auto& vp = *idx.vector;
  if (idx.trained) return;
  std::uint64_t const want = resolve_n_lists(vp, idx.vector_docs);
  bool const enough = vp.n_lists > 0 || idx.vector_docs >= vp.min_n_lists;
  if (enough && idx.vector_docs >= want) {
    idx.trained = true;
    vp.resolved_n_lists = want;
  }
}

void vector_index_add(Index& idx, Document const& d) {
  int error = 0;
  std::string message;
  if (vector_of(idx, d, nullptr, error, message) != VectorOf::Vector) return;
  ++idx.vector_docs;
  maybe_train(idx);
}

void vector_index_remove(Index& idx, Document const& d) {
  int error = 0;
  std::string message;
  if (vector_of(idx, d, nullptr, error, message) == VectorOf::Vector && idx.vector_docs > 0) {
    --idx.vector_docs;
  }
}

void vector_index_reset(Index& idx) {
  idx.vector_docs = 0;
  idx.trained = false;
  if (idx.vector) idx.vector->resolved_n_lists = 0;
}

IndexParse vector_index_fill(Collection const& c, Index& idx) {
  IndexParse r;
  vector_index_reset(idx);
  for (auto const& [rev, live] : c.data.by_rev) {
    int error = 0;
    std::string message;
    auto const of = vector_of(idx, *live.doc, nullptr, error, message);
    if (of == VectorOf::Error) {
      vector_index_reset(idx);
      r.error = error;
      r.status = http_status_for_error(error);
      r.message = std::move(message);
      return r;
    }
    if (of == VectorOf::Vector) ++idx.vector_docs;
  }
  // created over the documents present: trained on all of them at once
  maybe_train(idx);
  return r;
}

void vector_index_state(Index const& idx, std::map<std::string, std::string>& attributes) {
  attributes["trainingState"] = idx.trained ? "\"ready\"" : "\"unusable\"";
  if (idx.trained) {
    attributes["resolvedNLists"] = std::to_string(idx.vector->resolved_n_lists);
  } else {
    attributes["errorMessage"] = "\"not enough training data for vector index\"";
  }
}

}  // namespace emu
