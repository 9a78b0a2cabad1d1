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

}  // namespace

std::optional<IndexParse> vector_index_options(Value const& body, Index& idx) {
  if (idx.fields.size() != 1) return bad_parameter("vector index must have exactly one field");
  if (idx.unique) return bad_parameter("vector index cannot be unique");
  auto const* params = member(body, "params");
  if (params == nullptr || !params->IsObject()) {
    return bad_parameter("vector index requires 'params' to be an object");
  }
  // UserVectorIndexDefinition: its attributes and no others.
  static std::set<std::string_view> const known = {"dimension",          "metric",        "nLists",
                                                   "trainingIterations", "defaultNProbe", "factory"};
  for (auto const& m : params->GetObject()) {
    if (known.count(str(m.name)) == 0) {
      return bad_parameter("params: found unexpected attribute '" + std::string(str(m.name)) + "'");
    }
  }
  VectorParams vp;
  std::int64_t dimension = 0, n_lists = 0, iterations = 0, n_probe = 1;
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
  if (auto e = params_integer(*params, "nLists", 1, std::nullopt, "nLists must be 1 or greater!", n_lists)) {
    return e;
  }
  if (auto e = params_integer(*params, "trainingIterations", 0, 25, "must not be negative", iterations)) {
    return e;
  }
  if (auto e = params_integer(*params, "defaultNProbe", 1, 1, "defaultNProbe must be 1 or greater!", n_probe)) {
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
  vp.n_lists = static_cast<std::uint64_t>(n_lists);
  vp.default_n_probe = n_probe;

  // Reported in UserVectorIndexDefinition's order, with the defaults filled in.
  JsonWriter w;
  w.begin_object().kv("dimension", dimension).kv("metric", vp.metric).kv("nLists", n_lists);
  if (factory != nullptr && factory->IsString()) w.kv("factory", str(*factory));
  w.kv("trainingIterations", iterations).kv("defaultNProbe", n_probe).end_object();
  idx.extra["params"] = w.str();
  if (auto const* stored = member(body, "storedValues"); stored != nullptr && stored->IsArray()) {
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

void vector_index_add(Index& idx, Document const& d) {
  int error = 0;
  std::string message;
  if (vector_of(idx, d, nullptr, error, message) != VectorOf::Vector) return;
  ++idx.vector_docs;
  // trained once, on the documents present; later documents are added to it
  if (!idx.trained && idx.vector_docs >= idx.vector->n_lists) idx.trained = true;
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
}

IndexParse vector_index_fill(Collection const& c, Index& idx) {
  IndexParse r;
  vector_index_reset(idx);
  for (auto const& [rev, live] : c.data.by_rev) {
    int error = 0;
    std::string message;
    if (vector_of(idx, *live.doc, nullptr, error, message) == VectorOf::Error) {
      vector_index_reset(idx);
      r.error = error;
      r.status = http_status_for_error(error);
      r.message = std::move(message);
      return r;
    }
    vector_index_add(idx, *live.doc);
  }
  return r;
}

void vector_index_state(Index const& idx, std::map<std::string, std::string>& attributes) {
  attributes["trainingState"] = idx.trained ? "\"ready\"" : "\"unusable\"";
  if (idx.trained) {
    attributes["resolvedNLists"] = std::to_string(idx.vector->n_lists);
  } else {
    attributes["errorMessage"] = "\"not enough training data for vector index\"";
  }
}

}  // namespace emu
