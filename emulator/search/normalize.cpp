// The analyzers' property parsers and normalisers, after the iresearch token
// streams' parse_vpack_options / make_vpack_config (and arangod's own
// GeoAnalyzer, AqlAnalyzer and wildcard analyzer): which properties a type
// accepts, its defaults and the key order it reports them in.
#include "search/normalize.hpp"

#include <cmath>
#include <cstdint>

#include "json.hpp"
#include "search/analyzers.hpp"

namespace emu::search {

namespace {

using J = rapidjson::Value;

constexpr std::string_view kTypes[] = {
    "identity", "delimiter", "multi_delimiter", "stem",     "norm",      "ngram",
    "text",     "aql",       "pipeline",        "stopwords", "collation", "segmentation",
    "geojson",  "geopoint",  "geo_s2",          "wildcard",  "minhash",   "classification",
    "nearest_neighbors"};

J const* get(J const* obj, std::string_view key) {
  if (obj == nullptr || !obj->IsObject()) return nullptr;
  return member(*obj, key);
}

// An optional string member: absent -> `def`; present and not a string -> fail.
bool opt_string(J const* obj, std::string_view key, std::string& out) {
  auto const* v = get(obj, key);
  if (v == nullptr) return true;
  if (!v->IsString()) return false;
  out.assign(v->GetString(), v->GetStringLength());
  return true;
}

bool opt_bool(J const* obj, std::string_view key, bool& out) {
  auto const* v = get(obj, key);
  if (v == nullptr) return true;
  if (!v->IsBool()) return false;
  out = v->GetBool();
  return true;
}

// A number read as an unsigned integer (velocypack getNumber<uint64_t>: a
// negative or non-integral value fails).
bool opt_uint(J const* obj, std::string_view key, std::uint64_t& out, bool required) {
  auto const* v = get(obj, key);
  if (v == nullptr) return !required;
  if (v->IsUint64()) {
    out = v->GetUint64();
    return true;
  }
  if (v->IsDouble()) {
    double d = v->GetDouble();
    if (d < 0 || d != std::floor(d) || d > 1.8e19) return false;
    out = static_cast<std::uint64_t>(d);
    return true;
  }
  return false;
}

bool opt_int(J const* obj, std::string_view key, std::int64_t& out) {
  auto const* v = get(obj, key);
  if (v == nullptr) return true;
  if (v->IsInt64()) {
    out = v->GetInt64();
    return true;
  }
  if (v->IsDouble()) {
    double d = v->GetDouble();
    if (d != std::floor(d) || std::fabs(d) > 9.0e18) return false;
    out = static_cast<std::int64_t>(d);
    return true;
  }
  return false;
}

bool string_array(J const* v, std::vector<std::string>& out) {
  if (v == nullptr || !v->IsArray()) return false;
  for (auto const& e : v->GetArray()) {
    if (!e.IsString()) return false;
    out.emplace_back(e.GetString(), e.GetStringLength());
  }
  return true;
}

void write_strings(JsonWriter& w, std::vector<std::string> const& v) {
  w.begin_array();
  for (auto const& s : v) w.string(s);
  w.end_array();
}

bool one_of(std::string const& v, std::initializer_list<std::string_view> allowed) {
  for (auto a : allowed) {
    if (v == a) return true;
  }
  return false;
}

// A locale as iresearch reports it: the language (and country) without the
// encoding or variant ("en_US.UTF-8" -> "en_US").
bool locale_of(J const* obj, std::string& out) {
  auto const* v = get(obj, "locale");
  if (v == nullptr || !v->IsString()) return false;
  out.assign(v->GetString(), v->GetStringLength());
  out = out.substr(0, out.find_first_of(".@"));
  return !out.empty();
}

// GeoOptions (GeoAnalyzer.cpp): maxCells 20, minLevel 4, maxLevel 23; levels
// at most 30, minLevel <= maxLevel.
bool geo_options(J const* obj, JsonWriter& w) {
  std::int64_t max_cells = 20, min_level = 4, max_level = 23;
  auto const* o = get(obj, "options");
  if (o != nullptr) {
    if (!o->IsObject()) return false;
    if (!opt_int(o, "maxCells", max_cells) || !opt_int(o, "minLevel", min_level) ||
        !opt_int(o, "maxLevel", max_level)) {
      return false;
    }
  }
  if (min_level < 0 || max_cells < 0 || max_level < 0) return false;
  if (max_level > 30 || min_level > 30 || min_level > max_level) return false;
  if (max_cells > INT32_MAX) return false;
  w.key("options")
      .begin_object()
      .kv("maxCells", max_cells)
      .kv("minLevel", min_level)
      .kv("maxLevel", max_level)
      .end_object();
  return true;
}

// {"type": ..., "properties": {...}} of a nested analyzer (pipeline member,
// wildcard's and minhash's analyzer), written normalised.
bool nested(J const& def, JsonWriter& w, int depth) {
  if (!def.IsObject()) return false;
  auto const* t = member(def, "type");
  if (t == nullptr || !t->IsString()) return false;
  std::string_view type(t->GetString(), t->GetStringLength());
  if (!type_exists(type)) return false;
  auto props = normalize_properties(type, member(def, "properties"), depth + 1);
  if (!props) return false;
  w.begin_object().kv("type", type).key("properties").raw(*props).end_object();
  return true;
}

std::optional<std::string> normalize_impl(std::string_view type, J const* p, int depth) {
  JsonWriter w;
  w.begin_object();
  if (type == "identity") {
    // properties are ignored
  } else if (type == "delimiter") {
    std::string d;
    auto const* v = get(p, "delimiter");
    if (v == nullptr || !v->IsString()) return std::nullopt;
    d.assign(v->GetString(), v->GetStringLength());
    w.kv("delimiter", d);
  } else if (type == "multi_delimiter") {
    std::vector<std::string> ds;
    if (!string_array(get(p, "delimiters"), ds)) return std::nullopt;
    w.key("delimiters");
    write_strings(w, ds);
  } else if (type == "stem" || type == "collation") {
    std::string locale;
    if (!locale_of(p, locale)) return std::nullopt;
    w.kv("locale", locale);
  } else if (type == "norm") {
    std::string locale, letter_case = "none";
    bool accent = true;
    if (!locale_of(p, locale) || !opt_string(p, "case", letter_case) ||
        !one_of(letter_case, {"lower", "upper", "none"}) || !opt_bool(p, "accent", accent)) {
      return std::nullopt;
    }
    w.kv("locale", locale).kv("case", letter_case).kv("accent", accent);
  } else if (type == "ngram") {
    std::uint64_t min = 0, max = 0;
    if (!opt_uint(p, "min", min, true) || !opt_uint(p, "max", max, true)) return std::nullopt;
    auto const* po = get(p, "preserveOriginal");
    if (po == nullptr || !po->IsBool()) return std::nullopt;
    std::string start, end, stream = "binary";
    if (!opt_string(p, "startMarker", start) || !opt_string(p, "endMarker", end) ||
        !opt_string(p, "streamType", stream) || !one_of(stream, {"binary", "utf8"})) {
      return std::nullopt;
    }
    min = std::max<std::uint64_t>(min, 1);
    max = std::max(max, min);
    w.kv("min", min).kv("max", max).kv("preserveOriginal", po->GetBool()).kv("streamType", stream);
    if (!start.empty()) w.kv("startMarker", start);
    if (!end.empty()) w.kv("endMarker", end);
  } else if (type == "text") {
    std::string locale, letter_case = "lower", stopwords_path;
    bool accent = false, stemming = true;
    std::vector<std::string> stopwords;
    if (!locale_of(p, locale) || !opt_string(p, "case", letter_case) ||
        !one_of(letter_case, {"lower", "upper", "none"}) || !opt_bool(p, "accent", accent) ||
        !opt_bool(p, "stemming", stemming) || !opt_string(p, "stopwordsPath", stopwords_path)) {
      return std::nullopt;
    }
    if (auto const* sw = get(p, "stopwords"); sw != nullptr && !string_array(sw, stopwords)) {
      return std::nullopt;
    }
    w.kv("locale", locale).kv("case", letter_case).key("stopwords");
    write_strings(w, stopwords);
    if (get(p, "stopwordsPath") != nullptr) w.kv("stopwordsPath", stopwords_path);
    w.kv("accent", accent).kv("stemming", stemming);
    if (auto const* en = get(p, "edgeNgram"); en != nullptr) {
      if (!en->IsObject()) return std::nullopt;
      std::uint64_t min = 0, max = 0;
      bool preserve = false;
      if (!opt_uint(en, "min", min, false) || !opt_uint(en, "max", max, false) ||
          !opt_bool(en, "preserveOriginal", preserve)) {
        return std::nullopt;
      }
      bool has_min = get(en, "min") != nullptr, has_max = get(en, "max") != nullptr;
      if (has_min && has_max && min > max) return std::nullopt;
      w.key("edgeNgram").begin_object();
      if (has_min) w.kv("min", min);
      if (has_max) w.kv("max", max);
      w.kv("preserveOriginal", preserve).end_object();
    }
  } else if (type == "aql") {
    std::string query;
    auto const* q = get(p, "queryString");
    if (q == nullptr || !q->IsString() || q->GetStringLength() == 0) return std::nullopt;
    query.assign(q->GetString(), q->GetStringLength());
    if (!aql_query_allowed(query)) return std::nullopt;
    bool collapse = false, keep_null = true;
    std::uint64_t batch = 10, memory = 1048576;
    std::string return_type = "string";
    if (!opt_bool(p, "collapsePositions", collapse) || !opt_bool(p, "keepNull", keep_null) ||
        !opt_uint(p, "batchSize", batch, false) || !opt_uint(p, "memoryLimit", memory, false) ||
        !opt_string(p, "returnType", return_type) ||
        !one_of(return_type, {"string", "number", "bool"})) {
      return std::nullopt;
    }
    if (batch == 0 || batch > 1000 || memory == 0 || memory > 33554432) return std::nullopt;
    w.kv("queryString", query)
        .kv("collapsePositions", collapse)
        .kv("keepNull", keep_null)
        .kv("batchSize", batch)
        .kv("memoryLimit", memory)
        .kv("returnType", return_type);
  } else if (type == "pipeline") {
    auto const* pl = get(p, "pipeline");
    if (pl == nullptr || !pl->IsArray() || pl->Empty()) return std::nullopt;
    w.key("pipeline").begin_array();
    for (auto const& e : pl->GetArray()) {
      if (!nested(e, w, depth)) return std::nullopt;
    }
    w.end_array();
  } else if (type == "stopwords") {
    std::vector<std::string> words;
    bool hex = false;
    if (!string_array(get(p, "stopwords"), words) || !opt_bool(p, "hex", hex)) {
      return std::nullopt;
    }
    if (hex) {
      for (auto const& s : words) {
        if (s.size() % 2 != 0 || s.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos) {
          return std::nullopt;
        }
      }
    }
    w.key("stopwords");
    write_strings(w, words);
    w.kv("hex", hex);
  } else if (type == "segmentation") {
    std::string letter_case = "lower", brk = "alpha";
    if (p != nullptr && !p->IsObject()) return std::nullopt;
    if (!opt_string(p, "case", letter_case) || !one_of(letter_case, {"lower", "upper", "none"}) ||
        !opt_string(p, "break", brk) || !one_of(brk, {"all", "alpha", "graphic"})) {
      return std::nullopt;
    }
    w.kv("case", letter_case).kv("break", brk);
  } else if (type == "geojson") {
    std::string shape = "shape";
    bool legacy = false;
    if (p != nullptr && !p->IsObject()) return std::nullopt;
    if (!opt_string(p, "type", shape) || !one_of(shape, {"shape", "centroid", "point"}) ||
        !opt_bool(p, "legacy", legacy)) {
      return std::nullopt;
    }
    w.kv("type", shape);
    if (!geo_options(p, w)) return std::nullopt;
    w.kv("legacy", legacy);
  } else if (type == "geopoint") {
    std::vector<std::string> lat, lng;
    if (p != nullptr && !p->IsObject()) return std::nullopt;
    if (auto const* v = get(p, "latitude"); v != nullptr && !string_array(v, lat)) return std::nullopt;
    if (auto const* v = get(p, "longitude"); v != nullptr && !string_array(v, lng)) return std::nullopt;
    if (lat.empty() != lng.empty()) return std::nullopt;
    w.key("latitude");
    write_strings(w, lat);
    w.key("longitude");
    write_strings(w, lng);
    if (!geo_options(p, w)) return std::nullopt;
  } else if (type == "geo_s2") {
    std::string format = "latLngDouble", shape = "shape";
    if (p != nullptr && !p->IsObject()) return std::nullopt;
    if (!opt_string(p, "format", format) ||
        !one_of(format, {"latLngDouble", "latLngInt", "s2Point"}) ||
        !opt_string(p, "type", shape) || !one_of(shape, {"shape", "centroid", "point"})) {
      return std::nullopt;
    }
    w.kv("type", shape);
    if (!geo_options(p, w)) return std::nullopt;
    w.kv("format", format);
  } else if (type == "wildcard") {
    std::uint64_t n = 3;
    if (p == nullptr || !p->IsObject()) return std::nullopt;
    if (!opt_uint(p, "ngramSize", n, true) || n < 2) return std::nullopt;
    w.kv("ngramSize", n);
    // iresearch's NormalizeAnalyzer: no analyzer, {} or the identity analyzer
    // (string_token_stream) is left out; another one is written normalised
    auto const* a = get(p, "analyzer");
    bool const identity = a == nullptr || a->IsNull() || (a->IsObject() && a->MemberCount() == 0) ||
                          (a->IsObject() && member(*a, "type") != nullptr &&
                           member(*a, "type")->IsString() &&
                           std::string_view(member(*a, "type")->GetString()) == "identity");
    if (!identity) {
      w.key("analyzer");
      if (!nested(*a, w, depth)) return std::nullopt;
    }
  } else if (type == "minhash") {
    // MinHashTokenStream: numHashes (at least 1) first, then the analyzer
    // normalised, {} when none is given
    std::uint64_t n = 0;
    if (p == nullptr || !p->IsObject()) return std::nullopt;
    if (!opt_uint(p, "numHashes", n, true) || n == 0) return std::nullopt;
    w.kv("numHashes", n).key("analyzer");
    auto const* a = get(p, "analyzer");
    if (a == nullptr || a->IsNull()) {
      w.begin_object().end_object();
    } else if (!nested(*a, w, depth)) {
      return std::nullopt;
    }
  } else {
    // classification, nearest_neighbors: a fastText model file the emulator
    // has none of (arangod fails to load the model_location)
    return std::nullopt;
  }
  w.end_object();
  return w.str();
}

}  // namespace

bool type_exists(std::string_view type) {
  for (auto t : kTypes) {
    if (t == type) return true;
  }
  return false;
}

std::optional<std::string> normalize_properties(std::string_view type, J const* properties,
                                                int depth) {
  if (depth > kMaxPipelineDepth) return std::nullopt;
  if (properties != nullptr && properties->IsNull()) properties = nullptr;
  return normalize_impl(type, properties, depth);
}

}  // namespace emu::search
