// /_api/explain, /_api/query (parse, properties, current, slow, kill, rules),
// /_api/aqlfunction, /_api/query-cache and /_api/query-plan-cache.
#include <algorithm>
#include <chrono>
#include <ctime>

#include "aql/datasource.hpp"
#include "aql/error.hpp"
#include "aql/parser.hpp"
#include "aql/plan.hpp"
#include "aql/query_cache.hpp"
#include "aql/service.hpp"
#include "handlers.hpp"
#include "js/engine.hpp"
#include "handlers_common.hpp"
#include "router.hpp"
#include "store.hpp"

namespace emu {

using aql::Value;

namespace {

char const* const kRules =
#include "aql/rules_data.inc"
    ;

int query_status(int code) {
  switch (code) {
    case 1203: case 1582: case 1591: case 1600: return 404;
    default: return 400;
  }
}

struct Body {
  bool ok = false;
  HttpResponse error;
  Value value;
};

Body read_body(RequestContext& ctx) {
  Body b;
  auto parse = parse_body(ctx);
  if (parse.empty) {
    b.value = Value::empty_object();
    b.ok = true;
    return b;
  }
  if (!parse.ok) {
    b.error = corrupted_json_response(parse);
    return b;
  }
  b.value = Value::from_json(*parse.doc);
  b.ok = true;
  return b;
}

HttpResponse explain(RequestContext& ctx) {
  auto b = read_body(ctx);
  if (!b.ok) return b.error;
  Value q = b.value.attr("query");
  if (!q.is_string() || q.str().empty()) return error_response(400, 1502, "query is empty");
  Value bind = b.value.attr("bindVars");
  if (bind.is_null()) bind = Value::empty_object();
  Value options = b.value.attr("options");
  bool all_plans = options.attr("allPlans").to_bool();
  auto source = aql::make_docstore_source(ctx.db);
  aql::ParseOptions po;
  po.bind_vars = bind;
  po.source = source.get();
  std::unique_ptr<aql::Query> query;
  auto t0 = std::chrono::steady_clock::now();
  try {
    query = aql::parse_query(q.str(), po);
  } catch (aql::QueryError const& e) {
    return error_response(query_status(e.code()), e.code(), e.message());
  }
  // warnings of constant expressions (e.g. division by zero)
  // (maxWarningCount caps the list; failOnWarning turns the first warning
  // into the explain's error, as arangod's warnings registry does)
  std::vector<aql::Warning> warnings;
  std::size_t max_warnings = 10;
  if (auto const* v = options.get("maxWarningCount"); v && v->is_number()) {
    max_warnings = static_cast<std::size_t>(std::max(0.0, v->num()));
  }
  bool fail_on_warning = options.attr("failOnWarning").to_bool();
  if (!query->modification) {
    aql::ExecOptions eo;
    eo.database = ctx.database;
    eo.max_runtime = 1;
    eo.max_warning_count = std::max<std::size_t>(max_warnings, 1);
    aql::Evaluator ev(*query, *source, eo);
    try {
      ev.run();
    } catch (...) {
    }
    warnings = ev.warnings();
  }
  // the parser's warnings (number out of range) come first
  std::vector<aql::Warning> parsed;
  for (auto const& [code, message] : query->parse_warnings) parsed.push_back({code, message});
  warnings.insert(warnings.begin(), parsed.begin(), parsed.end());
  if (fail_on_warning && !warnings.empty()) {
    return error_response(query_status(warnings.front().code), warnings.front().code,
                          warnings.front().message);
  }
  if (warnings.size() > max_warnings) warnings.resize(max_warnings);
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  JsonWriter w;
  w.begin_object();
  if (all_plans) {
    w.key("plans").begin_array();
    aql::write_plan(w, *query, source.get());
    w.end_array();
  } else {
    w.key("plan");
    aql::write_plan(w, *query, source.get());
    w.kv("cacheable", warnings.empty() && !query->modification);
  }
  w.key("warnings").begin_array();
  for (auto const& x : warnings) w.begin_object().kv("code", x.code).kv("message", x.message).end_object();
  w.end_array();
  w.key("stats").begin_object()
      .kv("rulesExecuted", 59)
      .kv("rulesSkipped", 0)
      .kv("plansCreated", 1)
      .key("rules").begin_object().end_object()
      .kv("peakMemoryUsage", 0)
      .kv("executionTime", elapsed)
      .end_object();
  w.kv("error", false).kv("code", 200);
  w.end_object();
  return json_response(200, w);
}

HttpResponse parse_only(RequestContext& ctx) {
  auto b = read_body(ctx);
  if (!b.ok) return b.error;
  Value q = b.value.attr("query");
  if (!q.is_string() || q.str().empty()) return error_response(400, 1502, "query is empty");
  auto source = aql::make_docstore_source(ctx.db);
  aql::ParseOptions po;
  po.check_bind_vars = false;
  po.source = source.get();
  po.resolve_collections = false;
  std::unique_ptr<aql::Query> query;
  try {
    query = aql::parse_query(q.str(), po);
  } catch (aql::QueryError const& e) {
    return error_response(query_status(e.code()), e.code(), e.message());
  }
  JsonWriter w;
  w.begin_object().kv("error", false).kv("code", 200).kv("parsed", true);
  w.key("collections").begin_array();
  std::vector<std::string> colls = query->collections;
  for (auto const& c : query->write_collections) {
    if (std::find(colls.begin(), colls.end(), c) == colls.end()) colls.push_back(c);
  }
  for (auto const& c : colls) w.string(c);
  w.end_array();
  w.key("bindVars").begin_array();
  for (auto const& n : query->bind_names) w.string(n);
  w.end_array();
  w.key("ast");
  aql::write_ast(w, *query);
  w.key("warnings").begin_array();
  for (auto const& [code, message] : query->parse_warnings) {
    w.begin_object().kv("code", code).kv("message", message).end_object();
  }
  w.end_array();
  w.end_object();
  return json_response(200, w);
}

void write_properties(JsonWriter& w, aql::QueryTrackingProperties const& p) {
  w.begin_object()
      .kv("enabled", p.enabled)
      .kv("trackSlowQueries", p.track_slow_queries)
      .kv("trackBindVars", p.track_bind_vars)
      .kv("maxSlowQueries", p.max_slow_queries)
      .kv("slowQueryThreshold", p.slow_query_threshold)
      .kv("slowStreamingQueryThreshold", p.slow_streaming_query_threshold)
      .kv("maxQueryStringLength", p.max_query_string_length)
      .end_object();
}

HttpResponse get_properties(RequestContext&) {
  JsonWriter w;
  write_properties(w, aql::AqlService::instance().properties());
  return json_response(200, w);
}

HttpResponse put_properties(RequestContext& ctx) {
  auto b = read_body(ctx);
  if (!b.ok) return b.error;
  if (!b.value.is_object()) {
    // RestQueryHandler::replaceProperties
    return error_response(400, 400, "expecting a JSON object as body");
  }
  auto p = aql::AqlService::instance().properties();
  auto const& v = b.value;
  if (auto const* x = v.get("enabled"); x && x->is_bool()) p.enabled = x->as_bool();
  if (auto const* x = v.get("trackSlowQueries"); x && x->is_bool()) p.track_slow_queries = x->as_bool();
  if (auto const* x = v.get("trackBindVars"); x && x->is_bool()) p.track_bind_vars = x->as_bool();
  if (auto const* x = v.get("maxSlowQueries"); x && x->is_number()) p.max_slow_queries = static_cast<std::uint64_t>(x->num());
  if (auto const* x = v.get("slowQueryThreshold"); x && x->is_number()) p.slow_query_threshold = x->num();
  if (auto const* x = v.get("slowStreamingQueryThreshold"); x && x->is_number()) p.slow_streaming_query_threshold = x->num();
  if (auto const* x = v.get("maxQueryStringLength"); x && x->is_number()) p.max_query_string_length = static_cast<std::uint64_t>(x->num());
  aql::AqlService::instance().set_properties(p);
  JsonWriter w;
  write_properties(w, p);
  return json_response(200, w);
}

void write_query_list(JsonWriter& w, std::vector<std::shared_ptr<aql::RunningQuery>> const& list,
                      std::string const& database, bool running) {
  auto props = aql::AqlService::instance().properties();
  w.begin_array();
  auto now = std::chrono::steady_clock::now();
  for (auto const& q : list) {
    double rt = running ? std::chrono::duration<double>(now - q->started_steady).count() : q->run_time;
    std::string text = q->query.substr(0, props.max_query_string_length);
    w.begin_object()
        .kv("id", std::to_string(q->id))
        .kv("database", database)
        .kv("user", q->user)
        .kv("query", text);
    w.key("bindVars").raw(props.track_bind_vars ? q->bind_vars.json() : std::string("{}"));
    w.kv("started", aql::iso_seconds(q->started))
        .kv("runTime", rt)
        .kv("peakMemoryUsage", 0)
        .kv("state", running ? std::string(q->killed ? "killed" : "executing") : q->state)
        .kv("stream", q->stream);
    // a finished (slow) query's result code (QueryEntryCopy::toVelocyPack)
    if (!running) w.kv("exitCode", q->exit_code);
    w.end_object();
  }
  w.end_array();
}

HttpResponse current(RequestContext& ctx) {
  JsonWriter w;
  write_query_list(w, aql::AqlService::instance().current(ctx.database), ctx.database, true);
  return json_response(200, w);
}

HttpResponse slow(RequestContext& ctx) {
  JsonWriter w;
  write_query_list(w, aql::AqlService::instance().slow(ctx.database), ctx.database, false);
  return json_response(200, w);
}

HttpResponse clear_slow(RequestContext& ctx) {
  aql::AqlService::instance().clear_slow(ctx.database);
  JsonWriter w;
  w.begin_object().kv("error", false).kv("code", 200).end_object();
  return json_response(200, w);
}

// RestQueryHandler::killQuery: QueryList::kill's error for an unknown id.
HttpResponse kill(RequestContext& ctx) {
  constexpr std::string_view kNotFound = "query ID not found in query list";
  std::uint64_t id = 0;
  try {
    id = std::stoull(ctx.param("id"));
  } catch (...) {
    return error_response(404, 1591, kNotFound);
  }
  int rc = aql::AqlService::instance().kill(ctx.database, id);
  if (rc != 0) return error_response(404, 1591, kNotFound);
  JsonWriter w;
  w.begin_object().kv("error", false).kv("code", 200).end_object();
  return json_response(200, w);
}

HttpResponse rules(RequestContext&) { return json_response(200, std::string(kRules)); }

// --- user functions ---

bool valid_function_name(std::string const& name) {
  // namespace::name with [A-Za-z0-9_] parts, at least one "::"
  if (name.find("::") == std::string::npos) return false;
  std::size_t i = 0;
  while (i < name.size()) {
    std::size_t j = name.find("::", i);
    std::string part = name.substr(i, j == std::string::npos ? std::string::npos : j - i);
    if (part.empty()) return false;
    for (char c : part) {
      if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
    }
    if (j == std::string::npos) break;
    i = j + 2;
  }
  return true;
}

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

HttpResponse create_function(RequestContext& ctx) {
  // RestAqlUserFunctionsHandler: a body that does not parse (its 400 / 600 is overwritten),
  // an empty one or one that is not an object is a type error.
  auto parsed = parse_body(ctx);
  if (!parsed.ok || parsed.empty || !parsed.doc->IsObject()) {
    return error_response(400, err::kTypeError, "expecting JSON object body");
  }
  Value const body = Value::from_json(*parsed.doc);
  Value name = body.attr("name");
  Value code = body.attr("code");
  // registerUserFunction (a server with JavaScript)
  if (!name.is_string()) {
    return error_response(400, 1580, "function name has to be provided as a string");
  }
  if (name.str().empty()) {
    return error_response(400, 1580, "function name has to be provided and must not be empty");
  }
  if (!valid_function_name(name.str())) {
    return error_response(400, 1580, "error creating AQL user function: '" + name.str() +
                                         "' is not a valid name");
  }
  if (!code.is_string() || code.str().empty()) {
    return error_response(400, 1581, "expecting string with function definition");
  }
  // V8 compiles "(function() { var callback = <code>;\n return callback; })()" and wants a
  // function (errors.tsv text otherwise). Without JavaScript the emulator only looks for the
  // keyword.
  if (js::available()) {
    js::Scope scope;
    scope.database = ctx.database;
    scope.allow_requests = false;
    js::Result r = js::run("compile", code.str(), "", name.str(), scope);
    if (r.kind == js::Result::Kind::Failed) return error_response(r.error_num, r.message);
    if (!r.ok()) return error_response(400, 1581);
  } else if (code.str().find("function") == std::string::npos) {
    return error_response(400, 1581);
  }
  auto& svc = aql::AqlService::instance();
  bool created;
  {
    std::lock_guard lock(svc.functions_mutex);
    auto& fns = svc.functions[ctx.database];
    auto key = upper(name.str());
    created = fns.find(key) == fns.end();
    fns[key] = aql::UserFunction{name.str(), code.str(), body.attr("isDeterministic").to_bool()};
  }
  int status = created ? 201 : 200;
  JsonWriter w;
  w.begin_object().kv("error", false).kv("code", status).kv("isNewlyCreated", created).end_object();
  return json_response(status, w);
}

HttpResponse list_functions(RequestContext& ctx, std::string prefix) {
  if (prefix.empty()) {
    // ?prefix=, then ?namespace= (compatibility mode)
    if (auto const* p = ctx.query_value("prefix"); p != nullptr && !p->empty()) {
      prefix = *p;
    } else if (auto const* ns = ctx.query_value("namespace")) {
      prefix = *ns;
    }
  }
  auto& svc = aql::AqlService::instance();
  JsonWriter w;
  w.begin_object().kv("error", false).kv("code", 200).key("result").begin_array();
  {
    std::lock_guard lock(svc.functions_mutex);
    auto it = svc.functions.find(ctx.database);
    if (it != svc.functions.end()) {
      std::string up = upper(prefix);
      for (auto const& [key, fn] : it->second) {
        if (!up.empty() && key.rfind(up + "::", 0) != 0 && key != up) continue;
        w.begin_object().kv("name", fn.name).kv("code", fn.code).kv("isDeterministic", fn.deterministic).end_object();
      }
    }
  }
  w.end_array().end_object();
  return json_response(200, w);
}

HttpResponse delete_function(RequestContext& ctx) {
  std::string name = ctx.param("name");
  bool group = ctx.query_flag("group");
  auto& svc = aql::AqlService::instance();
  std::size_t deleted = 0;
  {
    std::lock_guard lock(svc.functions_mutex);
    auto& fns = svc.functions[ctx.database];
    std::string up = upper(name);
    if (group) {
      for (auto it = fns.begin(); it != fns.end();) {
        if (it->first.rfind(up + "::", 0) == 0 || it->first == up) {
          it = fns.erase(it);
          ++deleted;
        } else {
          ++it;
        }
      }
    } else {
      deleted = fns.erase(up);
    }
  }
  if (deleted == 0 && !group) {
    return error_response(404, 1582, "no AQL user function with name '" + name + "' found");
  }
  JsonWriter w;
  w.begin_object().kv("error", false).kv("code", 200).kv("deletedCount", static_cast<std::uint64_t>(deleted)).end_object();
  return json_response(200, w);
}

// --- query results cache / plan cache ---

HttpResponse ok_envelope(RequestContext&) {
  JsonWriter w;
  w.begin_object().kv("error", false).kv("code", 200).end_object();
  return json_response(200, w);
}

void write_cache_properties(JsonWriter& w, aql::QueryCaches::ResultsProperties const& p) {
  w.begin_object()
      .kv("mode", p.mode)
      .kv("maxResults", p.max_results)
      .kv("maxResultsSize", p.max_results_size)
      .kv("maxEntrySize", p.max_entry_size)
      .kv("includeSystem", p.include_system)
      .end_object();
}

HttpResponse get_cache_properties(RequestContext&) {
  JsonWriter w;
  write_cache_properties(w, aql::QueryCaches::instance().results_properties());
  return json_response(200, w);
}

HttpResponse put_cache_properties(RequestContext& ctx) {
  auto b = read_body(ctx);
  if (!b.ok) return b.error;
  if (!b.value.is_object()) {
    // RestQueryCacheHandler::replaceProperties
    return error_response(400, 400, "expecting a JSON-Object body");
  }
  auto& caches = aql::QueryCaches::instance();
  auto p = caches.results_properties();
  auto const& v = b.value;
  // QueryCache::modeString: anything but "on" and "demand" is "off"
  if (auto const* x = v.get("mode"); x && x->is_string()) {
    p.mode = x->str() == "on" || x->str() == "demand" ? x->str() : "off";
  }
  if (auto const* x = v.get("maxResults"); x && x->is_number()) p.max_results = static_cast<std::uint64_t>(x->num());
  if (auto const* x = v.get("maxResultsSize"); x && x->is_number()) p.max_results_size = static_cast<std::uint64_t>(x->num());
  if (auto const* x = v.get("maxEntrySize"); x && x->is_number()) p.max_entry_size = static_cast<std::uint64_t>(x->num());
  if (auto const* x = v.get("includeSystem"); x && x->is_bool()) p.include_system = x->as_bool();
  caches.set_results_properties(p);
  JsonWriter w;
  write_cache_properties(w, p);
  return json_response(200, w);
}

HttpResponse cache_entries(RequestContext& ctx) {
  return json_response(200, aql::QueryCaches::instance().results_entries_json(ctx.database, *ctx.db));
}

HttpResponse clear_cache(RequestContext& ctx) {
  aql::QueryCaches::instance().clear_results();
  return ok_envelope(ctx);
}

HttpResponse plan_entries(RequestContext& ctx) {
  return json_response(200, aql::QueryCaches::instance().plan_entries_json(ctx.database, *ctx.db));
}

HttpResponse clear_plans(RequestContext& ctx) {
  aql::QueryCaches::instance().clear_plans(ctx.database);
  return ok_envelope(ctx);
}


}  // namespace

void register_query_handlers(Router& api) {
  api.post("/_api/explain", explain);
  api.post("/_api/query", parse_only);
  api.get("/_api/query/properties", get_properties);
  api.put("/_api/query/properties", put_properties);
  api.get("/_api/query/current", current);
  api.get("/_api/query/slow", slow);
  api.del("/_api/query/slow", clear_slow);
  api.get("/_api/query/rules", rules);
  api.del("/_api/query/:id", kill);
  api.post("/_api/aqlfunction", create_function);
  api.get("/_api/aqlfunction", [](RequestContext& ctx) { return list_functions(ctx, {}); });
  api.get("/_api/aqlfunction/:name", [](RequestContext& ctx) { return list_functions(ctx, ctx.param("name")); });
  api.del("/_api/aqlfunction/:name", delete_function);
  // RestAqlUserFunctionsHandler: DELETE needs exactly one suffix
  auto superfluous = [](RequestContext&) {
    return error_response(400, err::kHttpSuperfluousSuffices,
                          "superfluous suffix, expecting _api/aqlfunction/<functionname or prefix>");
  };
  api.del("/_api/aqlfunction", superfluous);
  // GET with more than one suffix: only ?prefix= names the namespace then
  api.get("/_api/aqlfunction/:name/*rest", [](RequestContext& ctx) {
    auto const* prefix = ctx.query_value("prefix");
    if (prefix == nullptr || prefix->empty()) {
      return error_response(400, err::kHttpSuperfluousSuffices,
                            "superfluous suffix, expecting _api/aqlfunction/[<functionname or "
                            "prefix>|?prefix=<functionname or prefix>]");
    }
    return list_functions(ctx, *prefix);
  });
  api.del("/_api/aqlfunction/:name/*rest", superfluous);
  api.get("/_api/query-cache/properties", get_cache_properties);
  api.put("/_api/query-cache/properties", put_cache_properties);
  api.get("/_api/query-cache/entries", cache_entries);
  api.del("/_api/query-cache", clear_cache);
  api.get("/_api/query-plan-cache", plan_entries);
  api.del("/_api/query-plan-cache", clear_plans);
}

}  // namespace emu
