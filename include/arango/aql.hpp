// AQL API (the seed's arangoasync.aql): AQL and AQLQueryCache.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <arango/async.hpp>
#include <arango/cursor.hpp>
#include <arango/detail/ops_aql.hpp>
#include <arango/executor.hpp>
#include <arango/export.hpp>
#include <arango/types.hpp>

namespace arango {
inline namespace v1 ARANGO_API {

/// The AQL query results cache and the query plan cache (the seed's AQLQueryCache).
template <class Executor = DefaultApiExecutor>
class AQLQueryCache : public CallSettings<AQLQueryCache<Executor>> {
  friend class CallSettings<AQLQueryCache<Executor>>;

 public:
  /// A handle on the executor's database (nothing is sent; AQL::cache makes one).
  explicit AQLQueryCache(Executor executor) : executor_(std::move(executor)) {}
  /// The database name.
  const std::string& name() const { return executor_.db_name(); }

  /// Results cache entries: Json (an array). AQLCacheEntriesError.
  template <class Token = UseFuture>
  auto entries(Token&& token = {}) const {
    return executor_.run(detail::ops::cache_entries(), std::forward<Token>(token), "entries");
  }
  /// Plan cache entries: Json (an array). AQLCacheEntriesError.
  template <class Token = UseFuture>
  auto plan_entries(Token&& token = {}) const {
    return executor_.run(detail::ops::cache_plan_entries(), std::forward<Token>(token), "plan_entries");
  }
  /// Empties the results cache: void. AQLCacheClearError.
  template <class Token = UseFuture>
  auto clear(Token&& token = {}) const {
    return executor_.run(detail::ops::cache_clear(), std::forward<Token>(token), "clear");
  }
  /// Empties the plan cache: void. AQLCacheClearError.
  template <class Token = UseFuture>
  auto clear_plan(Token&& token = {}) const {
    return executor_.run(detail::ops::cache_clear_plan(), std::forward<Token>(token), "clear_plan");
  }
  /// QueryCacheProperties. AQLCachePropertiesError.
  template <class Token = UseFuture>
  auto properties(Token&& token = {}) const {
    return executor_.run(detail::ops::cache_properties(), std::forward<Token>(token), "properties");
  }
  /// Changes the given properties: QueryCacheProperties. AQLCacheConfigureError.
  template <class Token = UseFuture>
  auto configure(const QueryCacheOptions& options, Token&& token = {}) const {
    return executor_.run(detail::ops::cache_configure(options), std::forward<Token>(token), "configure");
  }

 private:
  Executor executor_;
};

/// Queries and their management (the seed's AQL, reached as db.aql()).
template <class Executor = DefaultApiExecutor>
class AQL : public CallSettings<AQL<Executor>> {
  friend class CallSettings<AQL<Executor>>;

 public:
  /// A handle on the executor's database (nothing is sent; BasicDatabase::aql makes one).
  explicit AQL(Executor executor) : executor_(std::move(executor)) {}

  /// The database name.
  const std::string& name() const { return executor_.db_name(); }
  /// "default", "transaction" or "async".
  std::string_view context() const noexcept { return executor_.context(); }
  /// The query caches, on the same context.
  AQLQueryCache<Executor> cache() const { return AQLQueryCache<Executor>(executor_); }

  /// Runs a query: Cursor<T> over its results (T = Json by default; any deserializable type).
  /// AQLQueryExecuteError (1501 parse error, 1203 unknown collection, 1551/1552 bind
  /// parameters ...).
  template <class T = Json, class Token = UseFuture>
  auto execute(std::string_view query, const QueryOptions& options = {}, Token&& token = {}) const {
    return executor_.run(detail::cursor_operation<T, AQLQueryExecuteError>(
                             executor_, detail::ops::execute_request(query, options)),
                         std::forward<Token>(token), "execute");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// execute() with options left at the default: the token follows.
  template <class T = Json, detail::TokenSkipping<const QueryOptions&> Token>
  auto execute(std::string_view query, Token&& token) const {
    return this->template execute<T>(query, {}, std::forward<Token>(token));
  }
  //}
  /// QueryTrackingConfiguration. AQLQueryTrackingGetError.
  template <class Token = UseFuture>
  auto tracking(Token&& token = {}) const {
    return executor_.run(detail::ops::tracking(), std::forward<Token>(token), "tracking");
  }
  /// Changes the given tracking settings: QueryTrackingConfiguration. AQLQueryTrackingSetError.
  template <class Token = UseFuture>
  auto set_tracking(const TrackingOptions& options, Token&& token = {}) const {
    return executor_.run(detail::ops::set_tracking(options), std::forward<Token>(token), "set_tracking");
  }
  /// The server's recent query history (admin): Json. AQLQueryHistoryError.
  template <class Token = UseFuture>
  auto history(Token&& token = {}) const {
    return executor_.run(detail::ops::query_history(), std::forward<Token>(token), "history");
  }
  /// Running queries: Json (an array). AQLQueryListError.
  template <class Token = UseFuture>
  auto queries(bool all_queries = false, Token&& token = {}) const {
    return executor_.run(detail::ops::queries(all_queries), std::forward<Token>(token), "queries");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// queries() with all_queries left at the default: the token follows.
  template <detail::TokenSkipping<bool> Token>
  auto queries(Token&& token) const {
    return this->queries(false, std::forward<Token>(token));
  }
  //}
  /// Slow queries: Json (an array). AQLQueryListError.
  template <class Token = UseFuture>
  auto slow_queries(bool all_queries = false, Token&& token = {}) const {
    return executor_.run(detail::ops::slow_queries(all_queries), std::forward<Token>(token), "slow_queries");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// slow_queries() with all_queries left at the default: the token follows.
  template <detail::TokenSkipping<bool> Token>
  auto slow_queries(Token&& token) const {
    return this->slow_queries(false, std::forward<Token>(token));
  }
  //}
  /// Forgets the slow queries: void. AQLQueryClearError.
  template <class Token = UseFuture>
  auto clear_slow_queries(bool all_queries = false, Token&& token = {}) const {
    return executor_.run(detail::ops::clear_slow_queries(all_queries), std::forward<Token>(token), "clear_slow_queries");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// clear_slow_queries() with all_queries left at the default: the token follows.
  template <detail::TokenSkipping<bool> Token>
  auto clear_slow_queries(Token&& token) const {
    return this->clear_slow_queries(false, std::forward<Token>(token));
  }
  //}
  /// Kills a running query: true, or false when it is not running and ignore_missing.
  /// AQLQueryKillError.
  template <class Token = UseFuture>
  auto kill(std::string_view query_id, const KillOptions& options = {}, Token&& token = {}) const {
    return executor_.run(detail::ops::kill_query(query_id, options), std::forward<Token>(token), "kill");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// kill() with options left at the default: the token follows.
  template <detail::TokenSkipping<const KillOptions&> Token>
  auto kill(std::string_view query_id, Token&& token) const {
    return this->kill(query_id, {}, std::forward<Token>(token));
  }
  //}
  /// The execution plan(s): Json with "plan", or "plans" with all_plans. AQLQueryExplainError.
  template <class Token = UseFuture>
  auto explain(std::string_view query, const ExplainOptions& options = {}, Token&& token = {}) const {
    return executor_.run(detail::ops::explain(query, options), std::forward<Token>(token), "explain");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// explain() with options left at the default: the token follows.
  template <detail::TokenSkipping<const ExplainOptions&> Token>
  auto explain(std::string_view query, Token&& token) const {
    return this->explain(query, {}, std::forward<Token>(token));
  }
  //}
  /// Parses a query without running it: Json with collections, bindVars and ast.
  /// AQLQueryValidateError.
  template <class Token = UseFuture>
  auto validate(std::string_view query, Token&& token = {}) const {
    return executor_.run(detail::ops::validate_query(query), std::forward<Token>(token), "validate");
  }
  /// The optimizer rules: Json (an array). AQLQueryRulesGetError.
  template <class Token = UseFuture>
  auto query_rules(Token&& token = {}) const {
    return executor_.run(detail::ops::query_rules(), std::forward<Token>(token), "query_rules");
  }
  /// User functions (of a namespace): Json (an array). AQLFunctionListError.
  template <class Token = UseFuture>
  auto functions(std::optional<std::string> name_space = {}, Token&& token = {}) const {
    return executor_.run(detail::ops::functions(name_space), std::forward<Token>(token), "functions");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// functions() with name_space left at the default: the token follows.
  template <detail::TokenSkipping<std::optional<std::string>> Token>
  auto functions(Token&& token) const {
    return this->functions({}, std::forward<Token>(token));
  }
  //}
  /// Registers a user function: Json with isNewlyCreated. AQLFunctionCreateError.
  template <class Token = UseFuture>
  auto create_function(std::string_view name, std::string_view code, std::optional<bool> is_deterministic = {},
                       Token&& token = {}) const {
    return executor_.run(detail::ops::create_function(name, code, is_deterministic), std::forward<Token>(token), "create_function");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// create_function() with is_deterministic left at the default: the token follows.
  template <detail::TokenSkipping<std::optional<bool>> Token>
  auto create_function(std::string_view name, std::string_view code, Token&& token) const {
    return this->create_function(name, code, {}, std::forward<Token>(token));
  }
  //}
  /// Deletes a user function (or a namespace with group): Json with deletedCount.
  /// AQLFunctionDeleteError.
  template <class Token = UseFuture>
  auto delete_function(std::string_view name, const DeleteFunctionOptions& options = {}, Token&& token = {}) const {
    return executor_.run(detail::ops::delete_function(name, options), std::forward<Token>(token), "delete_function");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// delete_function() with options left at the default: the token follows.
  template <detail::TokenSkipping<const DeleteFunctionOptions&> Token>
  auto delete_function(std::string_view name, Token&& token) const {
    return this->delete_function(name, {}, std::forward<Token>(token));
  }
  //}

 private:
  Executor executor_;
};

}  // namespace v1
}  // namespace arango
