// The analyzer registry: built-ins, per-database user analyzers, name
// resolution, definitions normalised as arangod reports them, and the
// create / remove rules of IResearchAnalyzerFeature. The tokenizers are in
// tokenizers.cpp.
#include "search/analyzers.hpp"

#include <algorithm>
#include <map>
#include <mutex>
#include <shared_mutex>

#include "error_table.hpp"
#include "json.hpp"
#include "names.hpp"
#include "search/normalize.hpp"
#include "store.hpp"

namespace emu::search {

class AnalyzerRegistry {
 public:
  std::mutex mutex;
  std::map<std::string, AnalyzerDef, std::less<>> defs;  // by name without "<db>::"
};

std::shared_ptr<AnalyzerRegistry> new_registry() { return std::make_shared<AnalyzerRegistry>(); }

namespace {

constexpr std::string_view kSystem = "_system";

// The order in which 3.12 lists its static analyzers (its hash map's order).
constexpr std::string_view kBuiltinOrder[] = {"text_es", "text_nl", "identity", "text_de",
                                              "text_no", "text_pt", "text_ru", "text_en",
                                              "text_it", "text_fi", "text_sv", "text_zh",
                                              "text_fr"};

std::optional<AnalyzerDef> builtin(std::string_view name) {
  if (std::find(std::begin(kBuiltinOrder), std::end(kBuiltinOrder), name) ==
      std::end(kBuiltinOrder)) {
    return std::nullopt;
  }
  AnalyzerDef d;
  d.name = std::string(name);
  if (name == "identity") {
    d.type = "identity";
    d.properties = "{}";
    d.features = {"frequency", "norm"};
    return d;
  }
  auto locale = name.substr(5);
  d.type = "text";
  JsonWriter w;
  w.begin_object()
      .kv("locale", locale)
      .kv("case", "lower")
      .key("stopwords")
      .begin_array()
      .end_array()
      .kv("accent", false)
      .kv("stemming", locale != "zh")
      .end_object();
  d.properties = w.str();
  d.features = {"frequency", "position", "norm"};
  return d;
}

std::mutex g_use_check_mutex;
UseCheck g_use_check;

bool in_use(Database const& db, std::string_view full_name) {
  UseCheck check;
  {
    std::lock_guard lock(g_use_check_mutex);
    check = g_use_check;
  }
  return check && check(db, full_name);
}

// splitAnalyzerName: (prefix, name); prefix nullopt when there is no "::".
std::pair<std::optional<std::string_view>, std::string_view> split(std::string_view name) {
  auto pos = name.find("::");
  if (pos == std::string_view::npos) return {std::nullopt, name};
  return {name.substr(0, pos), name.substr(pos + 2)};
}

std::optional<AnalyzerDef> find_in(Database const& db, std::string_view short_name) {
  if (!db.analyzers) return std::nullopt;
  std::lock_guard lock(db.analyzers->mutex);
  auto it = db.analyzers->defs.find(short_name);
  if (it == db.analyzers->defs.end()) return std::nullopt;
  return it->second;
}

// Features in arangod's order (Features::visit), or an error.
Outcome check_features(std::vector<std::string> const& given, std::vector<std::string>& out) {
  bool freq = false, pos = false, offs = false, norm = false;
  for (auto const& f : given) {
    if (f == "frequency") freq = true;
    else if (f == "position") pos = true;
    else if (f == "offset") offs = true;
    else if (f == "norm") norm = true;
    else {
      return {err::kBadParameter,
              "unknown value in 'features', expecting body to be of the form { name: <string>, "
              "type: <string>[, properties: <object>[, features: <string-array>]] }"};
    }
  }
  if (offs && !pos) {
    return {err::kBadParameter,
            "missing feature 'position' required when 'offset' feature is specified"};
  }
  if (pos && !freq) {
    return {err::kBadParameter,
            "missing feature 'frequency' required when 'position' feature is specified"};
  }
  out.clear();
  if (freq) out.emplace_back("frequency");
  if (pos) out.emplace_back("position");
  if (offs) out.emplace_back("offset");
  if (norm) out.emplace_back("norm");
  return {};
}

}  // namespace

std::string definition_json(AnalyzerDef const& d) {
  JsonWriter w;
  w.begin_object().kv("name", d.name).kv("type", d.type).key("properties").raw(d.properties);
  w.key("features").begin_array();
  for (auto const& f : d.features) w.string(f);
  w.end_array().end_object();
  return w.str();
}

std::string normalize_name(std::string_view database, std::string_view name) {
  if (builtin(name)) return std::string(name);
  auto [prefix, rest] = split(name);
  if (!prefix) return std::string(database) + "::" + std::string(rest);
  if (prefix->empty()) return std::string(kSystem) + "::" + std::string(rest);
  return std::string(name);
}

std::string short_name(std::string_view database, std::string_view full_name) {
  auto [prefix, rest] = split(full_name);
  if (!prefix) return std::string(full_name);
  if (*prefix == database) return std::string(rest);
  if (*prefix == kSystem) return "::" + std::string(rest);
  return std::string(full_name);
}

std::optional<AnalyzerDef> find_analyzer(Database const& db, std::string_view name) {
  std::string full = normalize_name(db.name, name);
  if (auto b = builtin(full)) return b;
  auto [prefix, rest] = split(full);
  if (!prefix) return std::nullopt;
  if (*prefix == db.name) return find_in(db, rest);
  if (*prefix == kSystem) {
    if (db.name == kSystem) return find_in(db, rest);
    if (auto sys = db.system_database.lock()) return find_in(*sys, rest);
  }
  return std::nullopt;
}

std::vector<AnalyzerDef> list_analyzers(Database const& db) {
  std::vector<AnalyzerDef> out;
  for (auto name : kBuiltinOrder) out.push_back(*builtin(name));
  auto add = [&](Database const& d) {
    if (!d.analyzers) return;
    std::lock_guard lock(d.analyzers->mutex);
    for (auto const& [n, def] : d.analyzers->defs) out.push_back(def);
  };
  add(db);
  if (db.name != kSystem) {
    if (auto sys = db.system_database.lock()) add(*sys);
  }
  return out;
}

void set_use_check(UseCheck check) {
  std::lock_guard lock(g_use_check_mutex);
  g_use_check = std::move(check);
}

CreateOutcome create_analyzer(Database& db, std::string_view name, std::string_view type,
                              rapidjson::Value const* properties,
                              std::vector<std::string> const& features) {
  CreateOutcome out;
  std::string const full = normalize_name(db.name, name);
  if (!type_exists(type)) {
    out.error = err::kNotImplemented;
    out.message = "Not implemented analyzer type '" + std::string(type) + "'.";
    return out;
  }
  std::vector<std::string> feats;
  if (auto r = check_features(features, feats); !r.ok()) {
    static_cast<Outcome&>(out) = r;
    return out;
  }
  std::string const given = properties != nullptr ? to_json(*properties) : std::string();
  if (given.size() > kMaxPropertiesSize) {
    out.error = err::kBadParameter;
    out.message = "analyzer properties size of '" + std::to_string(given.size()) +
                  "' exceeds the maximum allowed limit of '" +
                  std::to_string(kMaxPropertiesSize) + "'";
    return out;
  }
  auto normalized = normalize_properties(type, properties, 0);
  if (!normalized) {
    out.error = err::kBadParameter;
    out.message = "Failure initializing an arangosearch analyzer instance for name '" + full +
                  "' type '" + std::string(type) + "'." +
                  (properties == nullptr ? std::string(" Init without properties")
                                         : " Properties '" + given + "'") +
                  " was rejected by analyzer. Please check documentation for corresponding "
                  "analyzer type.";
    return out;
  }
  AnalyzerDef def{full, std::string(type), std::move(*normalized), std::move(feats)};

  auto collision = [&](AnalyzerDef const& existing) {
    std::string text = "Name collision detected while registering an arangosearch analyzer.\n";
    text += "Current definition is:\n{\n  name:'" + full + "'\n  type: '" + std::string(type) +
            "'\n";
    if (properties != nullptr) text += "  properties:'" + given + "'\n";
    text += "  features: [\n";
    bool first = true;
    for (auto const& f : def.features) {
      if (!first) text += ",";
      first = false;
      text += "    '" + f + "'\n";
    }
    text += "  ]\n}\nPrevious definition was:\n" + definition_json(existing);
    out.error = err::kBadParameter;
    out.message = std::move(text);
  };
  auto same = [&](AnalyzerDef const& e) {
    return e.type == def.type && e.features == def.features && e.properties == def.properties;
  };

  if (auto b = builtin(full)) {
    if (!same(*b)) {
      collision(*b);
      return out;
    }
    out.def = *b;
    return out;
  }
  auto [prefix, rest] = split(full);
  std::lock_guard lock(db.analyzers->mutex);
  auto& defs = db.analyzers->defs;
  if (auto it = defs.find(rest); it != defs.end()) {
    if (!same(it->second)) {
      collision(it->second);
      return out;
    }
    out.def = it->second;
    return out;
  }
  if (defs.size() >= kMaxAnalyzersPerDatabase) {
    out.error = err::kResourceLimit;
    out.message = "too many analyzers in database '" + db.name + "' (the emulator keeps at most " +
                  std::to_string(kMaxAnalyzersPerDatabase) + ")";
    return out;
  }
  out.def = def;
  out.created = true;
  defs.emplace(std::string(rest), std::move(def));
  return out;
}

Outcome remove_analyzer(Database& db, std::string_view name, bool force) {
  std::string const full = normalize_name(db.name, name);
  auto [prefix, rest] = split(full);
  if (!prefix) return {err::kForbidden, "built-in analyzers cannot be removed"};
  auto not_found = [&]() -> Outcome {
    return {err::kArangoDocumentNotFound,
            "failure to find analyzer while removing arangosearch analyzer '" + full + "'"};
  };
  if (!find_in(db, rest)) return not_found();
  // the views' check runs without the registry's lock (it may look analyzers up)
  if (!force && in_use(db, full)) {
    return {err::kArangoConflict,
            "analyzer in-use while removing arangosearch analyzer '" + full + "'"};
  }
  std::lock_guard lock(db.analyzers->mutex);
  auto it = db.analyzers->defs.find(rest);
  if (it == db.analyzers->defs.end()) return not_found();
  db.analyzers->defs.erase(it);
  return {};
}

}  // namespace emu::search
