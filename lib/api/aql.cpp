// AQL, query management and the query caches (endpoints-core.md §11, S5), and the collection
// calls that run AQL (endpoints-collections.md §2, without the seed's injection hole: every value
// and attribute name travels as a bind parameter).
#include <arango/detail/ops_aql.hpp>
#include <arango/exceptions.hpp>

#include <algorithm>
#include <cctype>
#include <limits>
#include <stdexcept>

#include "decode.hpp"

namespace arango {
inline namespace v1 {
namespace detail {
namespace {

Json strip_envelope(Response& r) { return without_envelope(body_json(r)); }

void write_properties(JsonWriter& b, const QueryProperties& p) {
  b.begin_object();
  put_if(b, "allowDirtyReads", p.allow_dirty_reads);
  put_if(b, "allowRetry", p.allow_retry);
  put_if(b, "failOnWarning", p.fail_on_warning);
  put_if(b, "fillBlockCache", p.fill_block_cache);
  put_if(b, "fullCount", p.full_count);
  put_if(b, "intermediateCommitCount", p.intermediate_commit_count);
  put_if(b, "intermediateCommitSize", p.intermediate_commit_size);
  put_if(b, "maxDNFConditionMembers", p.max_dnf_condition_members);
  put_if(b, "maxNodesPerCallstack", p.max_nodes_per_callstack);
  put_if(b, "maxNumberOfPlans", p.max_number_of_plans);
  put_if(b, "maxRuntime", p.max_runtime);
  put_if(b, "maxTransactionSize", p.max_transaction_size);
  put_if(b, "maxWarningCount", p.max_warning_count);
  put_if(b, "optimizer", p.optimizer);
  put_if(b, "profile", p.profile);
  put_if(b, "satelliteSyncWait", p.satellite_sync_wait);
  put_if(b, "skipInaccessibleCollections", p.skip_inaccessible_collections);
  put_if(b, "spillOverThresholdMemoryUsage", p.spill_over_threshold_memory_usage);
  put_if(b, "spillOverThresholdNumRows", p.spill_over_threshold_num_rows);
  put_if(b, "stream", p.stream);
  put_if(b, "usePlanCache", p.use_plan_cache);
  b.end_object();
}

QueryTrackingConfiguration parse_tracking(Response& r) {
  Json body = strip_envelope(r);
  QueryTrackingConfiguration t;
  t.enabled = body["enabled"].bool_or(false);
  t.track_slow_queries = body["trackSlowQueries"].bool_or(false);
  t.track_bind_vars = body["trackBindVars"].bool_or(false);
  t.max_slow_queries = body["maxSlowQueries"].int64_or(0);
  if (body["slowQueryThreshold"].is_number()) t.slow_query_threshold = body["slowQueryThreshold"].as_double();
  if (body["slowStreamingQueryThreshold"].is_number()) {
    t.slow_streaming_query_threshold = body["slowStreamingQueryThreshold"].as_double();
  }
  t.max_query_string_length = body["maxQueryStringLength"].int64_or(0);
  t.raw = std::move(body);
  return t;
}

QueryCacheProperties parse_cache(Response& r) {
  Json body = strip_envelope(r);
  QueryCacheProperties p;
  p.mode = std::string(body["mode"].string_or(""));
  p.max_results = body["maxResults"].int64_or(0);
  p.max_results_size = body["maxResultsSize"].int64_or(0);
  p.max_entry_size = body["maxEntrySize"].int64_or(0);
  p.include_system = body["includeSystem"].bool_or(false);
  p.raw = std::move(body);
  return p;
}

Params all_param(bool all_queries) { return {{"all", bool_param(all_queries)}}; }

/// "a.b.c" as the array ["a","b","c"]: AQL's bind parameter for an attribute path.
void write_path(JsonWriter& w, std::string_view path) {
  if (path.empty()) throw std::invalid_argument("attribute names must not be empty");
  w.begin_array();
  std::size_t start = 0;
  while (true) {
    std::size_t dot = path.find('.', start);
    std::string_view part = path.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (part.empty()) throw std::invalid_argument("malformed attribute path \"" + std::string(path) + "\"");
    w.string(part);
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  w.end_array();
}

/// The FOR / FILTER part shared by find and the *_match calls; writes the bind variables.
std::string match_prefix(const std::string& collection, const Json& filters, JsonWriter& vars) {
  if (!filters.is_null() && !filters.is_object()) throw std::invalid_argument("filters must be a JSON object");
  vars.key("@collection");
  vars.string(collection);
  std::string query = "FOR doc IN @@collection";
  std::size_t i = 0;
  for (auto [key, value] : filters.members()) {
    std::string n = std::to_string(i++);
    query += (i == 1 ? " FILTER " : " AND ");
    query += "doc.@f" + n + " == @v" + n;
    vars.key("f" + n);
    write_path(vars, key);
    vars.key("v" + n);
    value.write(vars);
  }
  return query;
}

void check_non_negative(const std::optional<std::int64_t>& v, const char* what) {
  if (v && *v < 0) throw std::invalid_argument(std::string(what) + " must not be negative");
}

/// An AQL query whose result is extra.stats.writesExecuted.
template <class E>
Operation<std::int64_t> write_query(std::string query, JsonBuilder& vars) {
  vars.end_object();
  JsonBuilder b;
  b.begin_object();
  b.key("query");
  b.string(query);
  b.key("bindVars");
  b.raw(vars.finish().str());
  b.end_object();
  return {Request{Method::POST, "/_api/cursor", {}, std::move(b.finish()).str()}, [](Response& r) {
            require_success<E>(r);
            return body_json(r)["extra"]["stats"]["writesExecuted"].int64_or(0);
          }};
}

void write_limit(const std::optional<std::int64_t>& limit, JsonWriter& vars, std::string& query) {
  check_non_negative(limit, "limit");
  if (limit) {
    query += " LIMIT @limit";
    vars.key("limit");
    vars.int64(*limit);
  }
}

}  // namespace

namespace ops {

Request execute_request(std::string_view query, const QueryOptions& o) {
  if (o.bind_vars && !o.bind_vars->is_object()) throw std::invalid_argument("bind_vars must be a JSON object");
  JsonBuilder b;
  b.begin_object();
  b.key("query");
  b.string(query);
  put_if(b, "count", o.count);
  put_if(b, "batchSize", o.batch_size);
  put_if(b, "bindVars", o.bind_vars);
  put_if(b, "cache", o.cache);
  put_if(b, "memoryLimit", o.memory_limit);
  put_if(b, "ttl", o.ttl);
  if (o.options) {
    b.key("options");
    write_properties(b, *o.options);
  }
  b.end_object();
  Request request{Method::POST, "/_api/cursor", {}, std::move(b.finish()).str()};
  if (o.allow_dirty_read) request.headers.add("x-arango-allow-dirty-read", bool_param(*o.allow_dirty_read));
  return request;
}

Operation<QueryTrackingConfiguration> tracking() {
  return {Request{Method::GET, "/_api/query/properties"}, [](Response& r) {
            require_success<AQLQueryTrackingGetError>(r);
            return parse_tracking(r);
          }};
}

Operation<QueryTrackingConfiguration> set_tracking(const TrackingOptions& o) {
  JsonBuilder b;
  b.begin_object();
  put_if(b, "enabled", o.enabled);
  put_if(b, "maxSlowQueries", o.max_slow_queries);
  put_if(b, "maxQueryStringLength", o.max_query_string_length);
  put_if(b, "slowQueryThreshold", o.slow_query_threshold);
  put_if(b, "slowStreamingQueryThreshold", o.slow_streaming_query_threshold);
  put_if(b, "trackBindVars", o.track_bind_vars);
  put_if(b, "trackSlowQueries", o.track_slow_queries);
  b.end_object();
  return {Request{Method::PUT, "/_api/query/properties", {}, std::move(b.finish()).str()}, [](Response& r) {
            require_success<AQLQueryTrackingSetError>(r);
            return parse_tracking(r);
          }};
}

Operation<Json> query_history() {
  Request request{Method::GET, "/_admin/server/aql-queries"};
  return {std::move(request), [](Response& r) {
            require_success<AQLQueryHistoryError>(r);
            return body_json(r).get("result");
          }};
}

Operation<Json> queries(bool all_queries) {
  return {Request{Method::GET, "/_api/query/current", all_param(all_queries)}, [](Response& r) {
            require_success<AQLQueryListError>(r);
            return body_json(r);
          }};
}

Operation<Json> slow_queries(bool all_queries) {
  return {Request{Method::GET, "/_api/query/slow", all_param(all_queries)}, [](Response& r) {
            require_success<AQLQueryListError>(r);
            return body_json(r);
          }};
}

Operation<void> clear_slow_queries(bool all_queries) {
  return {Request{Method::DELETE, "/_api/query/slow", all_param(all_queries)},
          [](Response& r) { require_success<AQLQueryClearError>(r); }};
}

Operation<bool> kill_query(std::string_view id, const KillOptions& o) {
  return {Request{Method::DELETE, "/_api/query/" + encode_path_segment(id), all_param(o.all_queries)},
          [ignore_missing = o.ignore_missing](Response& r) {
            if (ignore_missing && r.status_code == 404) return false;
            require_success<AQLQueryKillError>(r);
            return true;
          }};
}

Operation<Json> explain(std::string_view query, const ExplainOptions& o) {
  JsonBuilder b;
  b.begin_object();
  b.key("query");
  b.string(query);
  put_if(b, "bindVars", o.bind_vars);
  if (o.all_plans || o.max_plans || o.optimizer) {
    b.key("options");
    b.begin_object();
    put_if(b, "allPlans", o.all_plans);
    put_if(b, "maxNumberOfPlans", o.max_plans);
    put_if(b, "optimizer", o.optimizer);
    b.end_object();
  }
  b.end_object();
  return {Request{Method::POST, "/_api/explain", {}, std::move(b.finish()).str()}, [](Response& r) {
            require_success<AQLQueryExplainError>(r);
            return strip_envelope(r);
          }};
}

Operation<Json> validate_query(std::string_view query) {
  JsonBuilder b;
  b.begin_object();
  b.key("query");
  b.string(query);
  b.end_object();
  return {Request{Method::POST, "/_api/query", {}, std::move(b.finish()).str()}, [](Response& r) {
            require_success<AQLQueryValidateError>(r);
            return strip_envelope(r);
          }};
}

Operation<Json> query_rules() {
  return {Request{Method::GET, "/_api/query/rules"}, [](Response& r) {
            require_success<AQLQueryRulesGetError>(r);
            return body_json(r);
          }};
}

Operation<Json> functions(const std::optional<std::string>& name_space) {
  Request request{Method::GET, "/_api/aqlfunction"};
  add_string(request.params, "namespace", name_space);
  request.removed_in_major = 4;  // user-defined AQL functions are gone in ArangoDB 4.0
  return {std::move(request), [](Response& r) {
            require_success<AQLFunctionListError>(r);
            Json result = body_json(r).get("result");
            if (!result.is_array()) raise_from<AQLFunctionListError>(r, "no result in the function list");
            return result;
          }};
}

Operation<Json> create_function(std::string_view name, std::string_view code, std::optional<bool> is_deterministic) {
  JsonBuilder b;
  b.begin_object();
  b.key("name");
  b.string(name);
  b.key("code");
  b.string(code);
  b.key("isDeterministic");
  if (is_deterministic) {
    b.boolean(*is_deterministic);
  } else {
    b.null();
  }
  b.end_object();
  return removed_in_v4(Operation<Json>{Request{Method::POST, "/_api/aqlfunction", {}, std::move(b.finish()).str()},
                                       [](Response& r) {
                                         require_success<AQLFunctionCreateError>(r);
                                         return strip_envelope(r);
                                       }});
}

Operation<Json> delete_function(std::string_view name, const DeleteFunctionOptions& o) {
  Request request{Method::DELETE, "/_api/aqlfunction/" + encode_path_segment(name)};
  add_bool(request.params, "group", o.group);
  request.removed_in_major = 4;
  return {std::move(request), [ignore_missing = o.ignore_missing](Response& r) {
            if (ignore_missing && r.status_code == 404) return strip_envelope(r);
            require_success<AQLFunctionDeleteError>(r);
            return strip_envelope(r);
          }};
}

Operation<Json> cache_entries() {
  return {Request{Method::GET, "/_api/query-cache/entries"}, [](Response& r) {
            require_success<AQLCacheEntriesError>(r);
            return body_json(r);
          }};
}

Operation<Json> cache_plan_entries() {
  return {Request{Method::GET, "/_api/query-plan-cache"}, [](Response& r) {
            require_success<AQLCacheEntriesError>(r);
            return body_json(r);
          }};
}

Operation<void> cache_clear() {
  return {Request{Method::DELETE, "/_api/query-cache"}, [](Response& r) { require_success<AQLCacheClearError>(r); }};
}

Operation<void> cache_clear_plan() {
  return {Request{Method::DELETE, "/_api/query-plan-cache"},
          [](Response& r) { require_success<AQLCacheClearError>(r); }};
}

Operation<QueryCacheProperties> cache_properties() {
  return {Request{Method::GET, "/_api/query-cache/properties"}, [](Response& r) {
            require_success<AQLCachePropertiesError>(r);
            return parse_cache(r);
          }};
}

Operation<QueryCacheProperties> cache_configure(const QueryCacheOptions& o) {
  JsonBuilder b;
  b.begin_object();
  put_if(b, "mode", o.mode);
  put_if(b, "maxResults", o.max_results);
  put_if(b, "maxResultsSize", o.max_results_size);
  put_if(b, "maxEntrySize", o.max_entry_size);
  put_if(b, "includeSystem", o.include_system);
  b.end_object();
  return {Request{Method::PUT, "/_api/query-cache/properties", {}, std::move(b.finish()).str()}, [](Response& r) {
            require_success<AQLCacheConfigureError>(r);
            return parse_cache(r);
          }};
}

QueryOptions find_query(const std::string& collection, const Json& filters, const FindOptions& o,
                        std::string& query) {
  check_non_negative(o.skip, "skip");
  check_non_negative(o.limit, "limit");
  JsonBuilder vars;
  vars.begin_object();
  query = match_prefix(collection, filters, vars);
  for (std::size_t i = 0; i < o.sort.size(); ++i) {
    std::string order = o.sort[i].sort_order;
    std::transform(order.begin(), order.end(), order.begin(), [](unsigned char c) { return std::toupper(c); });
    if (order != "ASC" && order != "DESC") {
      throw SortValidationError("sort_order must be ASC or DESC, got \"" + o.sort[i].sort_order + "\"");
    }
    if (o.sort[i].sort_by.empty()) throw SortValidationError("sort_by must not be empty");
    std::string n = std::to_string(i);
    query += (i == 0 ? " SORT " : ", ");
    query += "doc.@s" + n + " " + order;
    vars.key("s" + n);
    write_path(vars, o.sort[i].sort_by);
  }
  if (o.skip || o.limit) {
    query += " LIMIT @skip, @limit";
    vars.key("skip");
    vars.int64(o.skip.value_or(0));
    vars.key("limit");
    vars.int64(o.limit.value_or(std::numeric_limits<std::int64_t>::max()));
  }
  query += " RETURN doc";
  vars.end_object();
  QueryOptions qo;
  qo.count = true;
  qo.bind_vars = Json(vars.finish());
  if (o.allow_dirty_read) qo.allow_dirty_read = true;  // the seed always sends "false"; we send nothing
  return qo;
}

Operation<std::int64_t> update_match(const std::string& collection, const Json& filters, const Json& body,
                                     const UpdateMatchOptions& o) {
  JsonBuilder vars;
  vars.begin_object();
  std::string query = match_prefix(collection, filters, vars);
  write_limit(o.limit, vars, query);
  query += " UPDATE doc WITH @body IN @@collection";
  vars.key("body");
  body.write(vars);
  std::string options;
  auto option = [&](const char* name, const char* var, const std::optional<bool>& v) {
    if (!v) return;
    options += options.empty() ? "" : ", ";
    options += std::string(name) + ": @" + var;
    vars.key(var);
    vars.boolean(*v);
  };
  option("keepNull", "keep_none", o.keep_none);
  option("mergeObjects", "merge", o.merge_objects);
  option("waitForSync", "sync", o.wait_for_sync);
  if (!options.empty()) query += " OPTIONS { " + options + " }";
  return write_query<DocumentUpdateError>(std::move(query), vars);
}

Operation<std::int64_t> replace_match(const std::string& collection, const Json& filters, const Json& body,
                                      const MatchOptions& o) {
  JsonBuilder vars;
  vars.begin_object();
  std::string query = match_prefix(collection, filters, vars);
  write_limit(o.limit, vars, query);
  query += " REPLACE doc WITH @body IN @@collection";
  vars.key("body");
  body.write(vars);
  if (o.wait_for_sync) {
    query += " OPTIONS { waitForSync: @sync }";
    vars.key("sync");
    vars.boolean(*o.wait_for_sync);
  }
  return write_query<DocumentReplaceError>(std::move(query), vars);
}

Operation<std::int64_t> delete_match(const std::string& collection, const Json& filters, const MatchOptions& o) {
  JsonBuilder vars;
  vars.begin_object();
  std::string query = match_prefix(collection, filters, vars);
  write_limit(o.limit, vars, query);
  query += " REMOVE doc IN @@collection";
  if (o.wait_for_sync) {
    query += " OPTIONS { waitForSync: @sync }";
    vars.key("sync");
    vars.boolean(*o.wait_for_sync);
  }
  return write_query<DocumentDeleteError>(std::move(query), vars);
}

}  // namespace ops
}  // namespace detail
}  // namespace v1
}  // namespace arango
