// Request builders + decoders of AQL, query management, the query caches, and the
// collection calls that run AQL (find, *_match). Defined in lib/api/aql.cpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <arango/detail/operation.hpp>
#include <arango/export.hpp>
#include <arango/json.hpp>
#include <arango/types.hpp>

namespace arango {
inline namespace v1 ARANGO_API {
namespace detail::ops {

/// POST /_api/cursor (the decoder, which builds the cursor, is the caller's).
Request execute_request(std::string_view query, const QueryOptions& options);

Operation<QueryTrackingConfiguration> tracking();
Operation<QueryTrackingConfiguration> set_tracking(const TrackingOptions& options);
Operation<Json> query_history();
Operation<Json> queries(bool all_queries);
Operation<Json> slow_queries(bool all_queries);
Operation<void> clear_slow_queries(bool all_queries);
Operation<bool> kill_query(std::string_view id, const KillOptions& options);
Operation<Json> explain(std::string_view query, const ExplainOptions& options);
Operation<Json> validate_query(std::string_view query);
Operation<Json> query_rules();
Operation<Json> functions(const std::optional<std::string>& name_space);
Operation<Json> create_function(std::string_view name, std::string_view code, std::optional<bool> is_deterministic);
Operation<Json> delete_function(std::string_view name, const DeleteFunctionOptions& options);

Operation<Json> cache_entries();
Operation<Json> cache_plan_entries();
Operation<void> cache_clear();
Operation<void> cache_clear_plan();
Operation<QueryCacheProperties> cache_properties();
Operation<QueryCacheProperties> cache_configure(const QueryCacheOptions& options);

/// Collection::find: the query with every value and attribute name as a bind parameter, and the
/// sort applied before skip/limit. SortValidationError for a bad sort order,
/// std::invalid_argument for a filter that is not an object or a negative skip/limit.
QueryOptions find_query(const std::string& collection, const Json& filters, const FindOptions& options,
                        std::string& query_out);
/// The *_match calls: the request; their decoders deliver extra.stats.writesExecuted.
Operation<std::int64_t> update_match(const std::string& collection, const Json& filters, const Json& body,
                                     const UpdateMatchOptions& options);
Operation<std::int64_t> replace_match(const std::string& collection, const Json& filters, const Json& body,
                                      const MatchOptions& options);
Operation<std::int64_t> delete_match(const std::string& collection, const Json& filters, const MatchOptions& options);

}  // namespace detail::ops
}  // namespace v1
}  // namespace arango
