// /_api/analyzer: arangod's RestAnalyzerHandler over the registry of
// search/analyzers.hpp (list, get, create, remove).
#include <string>
#include <vector>

#include "handlers.hpp"
#include "json.hpp"
#include "names.hpp"
#include "permissions.hpp"
#include "router.hpp"
#include "search/analyzers.hpp"
#include "store.hpp"

namespace emu {
namespace {

constexpr std::string_view kBodyForm =
    "expecting body to be of the form { name: <string>, type: <string>[, properties: "
    "<object|string>[, features: <string-array>]] }";
constexpr std::string_view kBodyFormObject =
    "expecting body to be of the form { name: <string>, type: <string>[, properties: "
    "<object>[, features: <string-array>]] }";

HttpResponse bad(std::string message) {
  return error_response(400, err::kBadParameter, message);
}

// IResearchAnalyzerFeature::canUse: the database and its _analyzers collection.
bool can_use(RequestContext const& ctx, AuthLevel level) {
  auto access = AccessContext::of(ctx);
  return access.can_use_database(level) && access.can_use_collection("_analyzers", level);
}

std::pair<std::optional<std::string_view>, std::string_view> split(std::string_view name) {
  auto pos = name.find("::");
  if (pos == std::string_view::npos) return {std::nullopt, name};
  return {name.substr(0, pos), name.substr(pos + 2)};
}

// analyzerReachableFromDb for changes: no prefix, "::" or the current database.
bool reachable_for_change(std::optional<std::string_view> prefix, std::string const& db) {
  return !prefix || prefix->empty() || *prefix == db;
}

HttpResponse list(RequestContext& ctx) {
  JsonWriter w;
  w.begin_object().kv("error", false).kv("code", 200).key("result").begin_array();
  bool const visible = can_use(ctx, AuthLevel::RO);
  for (auto const& def : search::list_analyzers(*ctx.db)) {
    if (!def.builtin() && !visible) continue;
    w.raw(search::definition_json(def));
  }
  w.end_array().end_object();
  return json_response(200, w.str());
}

HttpResponse get_one(RequestContext& ctx) {
  std::string const full = search::normalize_name(ctx.database, ctx.param("name"));
  auto [prefix, rest] = split(full);
  if (prefix && !prefix->empty() && *prefix != ctx.database && *prefix != "_system") {
    std::string m = "Analyzer '" + full + "' is not accessible. Only analyzers from current "
                    "database ('" + ctx.database + "')";
    if (ctx.database != "_system") m += " or system database";
    m += " are available";
    return error_response(403, err::kForbidden, m);
  }
  if (prefix && !can_use(ctx, AuthLevel::RO)) {
    return error_response(403, err::kForbidden,
                          "insufficient rights while getting analyzer: " + full);
  }
  auto def = search::find_analyzer(*ctx.db, full);
  if (!def) {
    return error_response(404, err::kArangoDocumentNotFound, "unable to find analyzer: " + full);
  }
  JsonWriter w;
  w.begin_object().kv("error", false).kv("code", 200).key("features").begin_array();
  for (auto const& f : def->features) w.string(f);
  w.end_array()
      .key("properties")
      .raw(def->properties)
      .kv("type", def->type)
      .kv("name", def->name)
      .end_object();
  return json_response(200, w.str());
}

HttpResponse create(RequestContext& ctx) {
  auto parse = parse_body(ctx);
  if (!parse.ok && !parse.empty) return corrupted_json_response(parse);
  if (parse.empty) return error_response(400, err::kHttpCorruptedJson, "");
  auto const& body = *parse.doc;
  if (body.IsObject() && body.MemberCount() == 0) {
    return error_response(400, err::kHttpCorruptedJson, "");
  }
  if (!body.IsObject()) return bad(std::string(kBodyForm));
  auto const* name = member(body, "name");
  if (name == nullptr || !name->IsString()) {
    return bad("invalid 'name', " + std::string(kBodyForm));
  }
  auto [prefix, short_name] = split(std::string_view(name->GetString(), name->GetStringLength()));
  if (!reachable_for_change(prefix, ctx.database)) {
    return error_response(403, err::kForbidden,
                          "Database in analyzer name does not match current database");
  }
  if (!is_allowed_database_name(short_name, false)) {
    return bad("invalid characters in analyzer name '" + std::string(short_name) + "'");
  }
  auto const* type = member(body, "type");
  if (type == nullptr || !type->IsString()) {
    return bad("invalid 'type', " + std::string(kBodyForm));
  }
  rapidjson::Value const* properties = member(body, "properties");
  JsonParseResult from_string;
  if (properties != nullptr && properties->IsString()) {
    from_string = parse_json(std::string_view(properties->GetString(), properties->GetStringLength()));
    if (!from_string.ok()) {
      return error_response(400, err::kHttpCorruptedJson, "VPackError error: " + from_string.error);
    }
    properties = from_string.doc.get();
  }
  if (properties != nullptr && !properties->IsObject()) {
    return bad("invalid 'properties', " + std::string(kBodyFormObject));
  }
  std::vector<std::string> features;
  if (auto const* f = member(body, "features"); f != nullptr) {
    if (!f->IsArray()) return bad("invalid 'features', " + std::string(kBodyFormObject));
    for (auto const& v : f->GetArray()) {
      if (!v.IsString()) return bad("invalid value in 'features', " + std::string(kBodyFormObject));
      features.emplace_back(v.GetString(), v.GetStringLength());
    }
  }
  if (!can_use(ctx, AuthLevel::RW)) {
    return error_response(403, err::kForbidden,
                          "insufficient rights while creating analyzer: " + to_json(body));
  }
  auto out = search::create_analyzer(*ctx.db, short_name,
                                     std::string_view(type->GetString(), type->GetStringLength()),
                                     properties, features);
  if (!out.ok()) return error_response(out.error, out.message);
  return json_response(out.created ? 201 : 200, search::definition_json(out.def));
}

HttpResponse remove(RequestContext& ctx) {
  auto [prefix, short_name] = split(ctx.param("name"));
  if (!is_allowed_database_name(short_name, false)) {
    return bad("Invalid characters in analyzer name '" + std::string(short_name) + "'.");
  }
  if (!reachable_for_change(prefix, ctx.database)) {
    return error_response(403, err::kForbidden,
                          "Database in analyzer name does not match current database");
  }
  std::string const full = search::normalize_name(ctx.database, short_name);
  if (!can_use(ctx, AuthLevel::RW)) {
    return error_response(403, err::kForbidden,
                          "insufficient rights while removing analyzer: " + full);
  }
  auto out = search::remove_analyzer(*ctx.db, short_name, ctx.query_flag("force"));
  if (!out.ok()) return error_response(out.error, out.message);
  JsonWriter w;
  w.begin_object().kv("error", false).kv("code", 200).kv("name", full).end_object();
  return json_response(200, w.str());
}

HttpResponse bad_path(std::string_view what) {
  return bad("expecting " + std::string(what));
}

}  // namespace

void register_analyzer_handlers(Router& api) {
  api.get("/_api/analyzer", list);
  api.get("/_api/analyzer/:name", get_one);
  api.post("/_api/analyzer", create);
  api.del("/_api/analyzer/:name", remove);
  api.get("/_api/analyzer/:name/*rest",
          [](RequestContext&) { return bad_path("GET /_api/analyzer[/<analyzer-name>]"); });
  api.post("/_api/analyzer/*rest", [](RequestContext&) { return bad_path("POST /_api/analyzer"); });
  api.del("/_api/analyzer", [](RequestContext&) {
    return bad_path("DELETE /_api/analyzer/<analyzer-name>[?force=true]");
  });
  api.del("/_api/analyzer/:name/*rest", [](RequestContext&) {
    return bad_path("DELETE /_api/analyzer/<analyzer-name>[?force=true]");
  });
}

}  // namespace emu
