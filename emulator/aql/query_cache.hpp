// The two AQL caches arangod 3.12 keeps per database:
//
// * the query results cache (arangod's aql::QueryCache): results of
//   deterministic read-only queries, keyed by query string, bind parameters
//   and the count/fullCount options; used in mode "on" (unless a query says
//   cache: false) or "demand" (when it says cache: true). An entry is dropped
//   as soon as any collection it read was written to, dropped or recreated.
//   Listed by GET /_api/query-cache/entries, emptied by DELETE /_api/query-cache.
// * the query plan cache (3.12.4+, usePlanCache: true): keyed by query string
//   and the collection bind parameters (@@name); an entry is dropped when one
//   of its collections is dropped or recreated or gains or loses an index.
//   The emulator plans every query anew; the cache records what arangod
//   would hold (hits, planCacheKey). Listed by GET /_api/query-plan-cache.
//
// Both are bounded per database (entries, bytes, bytes per entry).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "aql/eval.hpp"
#include "aql/value.hpp"

namespace emu {
class Database;
}

namespace emu::aql {

struct Query;

// What a query's data sources look like now: per collection name, an
// identity (collection id plus a version: writes for the results cache,
// indexes for the plan cache); "" for a missing collection.
using SourceVersions = std::vector<std::pair<std::string, std::string>>;

struct CachedResult {
  std::vector<Value> results;
  QueryStats stats;
  double execution_time = 0;
};

class QueryCaches {
 public:
  static QueryCaches& instance();

  // --- results cache ---
  struct ResultsProperties {
    std::string mode = "off";  // off, on, demand
    std::uint64_t max_results = 128;
    std::uint64_t max_results_size = 268435456;
    std::uint64_t max_entry_size = 16777216;
    bool include_system = false;
  };
  ResultsProperties results_properties();
  // Applies the properties (and trims every database's cache to them).
  void set_results_properties(ResultsProperties const& p);
  // Query::canUseQueryCache for the query's `cache` option (nullopt: not given).
  bool results_cache_applies(std::string const& query, std::optional<bool> cache_option);
  // The key of a query (query string, bind parameters, count, fullCount).
  static std::string results_key(std::string const& query, Value const& bind_vars, bool count,
                                 bool full_count);
  // A still valid entry (its hits counted), nullopt otherwise.
  std::optional<CachedResult> lookup_result(std::string const& database, std::string const& key,
                                            std::vector<std::string>* data_sources,
                                            Database const& db);
  // Stores a finished query's results if it is cacheable.
  void store_result(std::string const& database, std::string const& key, Query const& query,
                    Value const& bind_vars, CachedResult result, double run_time,
                    std::chrono::system_clock::time_point started, Database const& db);
  // GET /_api/query-cache/entries of `database` (a JSON array).
  std::string results_entries_json(std::string const& database, Database const& db);
  void clear_results();
  void clear_results(std::string const& database);  // one database's entries

  // --- plan cache ---
  // Returns the plan cache key ("" when the query is not eligible) and counts
  // a hit or adds the entry.
  std::string use_plan(std::string const& database, Query const& query, Value const& bind_vars,
                       Value const& options, Database const& db);
  // GET /_api/query-plan-cache of `database` (a JSON array).
  std::string plan_entries_json(std::string const& database, Database const& db);
  void clear_plans(std::string const& database);

  // Whether a parsed query may have its results cached (deterministic,
  // read-only, no user functions).
  static bool deterministic(Query const& query);

 private:
  struct ResultEntry {
    std::string key;
    std::uint64_t hash = 0;
    std::string query;
    std::string bind_vars_json;
    CachedResult result;
    std::vector<std::string> data_sources;
    SourceVersions versions;
    std::uint64_t size = 0;
    std::uint64_t hits = 0;
    double run_time = 0;
    std::chrono::system_clock::time_point started;
  };
  struct PlanEntry {
    std::string key;
    std::uint64_t hash = 0;
    std::uint64_t query_hash = 0;
    std::string query;
    std::string bind_vars_json;  // collection bind parameters only
    bool full_count = false;
    std::vector<std::string> data_sources;
    SourceVersions versions;
    std::chrono::system_clock::time_point created;
    std::uint64_t hits = 0;
    std::uint64_t memory = 0;
  };
  // Per database, most recently used first.
  using ResultList = std::list<ResultEntry>;
  using PlanList = std::list<PlanEntry>;

  void trim_results_locked(ResultList& list);

  std::mutex mutex_;
  ResultsProperties props_;
  std::map<std::string, ResultList, std::less<>> results_;
  std::map<std::string, PlanList, std::less<>> plans_;
};

// "2026-01-31T12:00:00Z" (TRI_StringTimeStamp, UTC, whole seconds).
std::string iso_seconds(std::chrono::system_clock::time_point t);

// The data sources' current versions in `db` (see SourceVersions).
SourceVersions source_versions(Database const& db, std::vector<std::string> const& names,
                               bool with_writes);

}  // namespace emu::aql
