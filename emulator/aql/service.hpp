// Process-wide AQL state shared by the cursor and query handlers: running
// queries (for /_api/query/current and kill), slow queries, query tracking
// properties, cursors and user functions (the query caches: query_cache.hpp).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "aql/eval.hpp"
#include "aql/value.hpp"

namespace emu {
class Database;
}

namespace emu::aql {

struct RunningQuery {
  std::uint64_t id = 0;
  std::string database;
  std::string user;
  std::string query;
  Value bind_vars;
  std::chrono::system_clock::time_point started;
  std::chrono::steady_clock::time_point started_steady;
  std::atomic<bool> killed{false};
  bool stream = false;
  double run_time = 0;  // for finished (slow) queries
  std::string state = "executing";
  int exit_code = 0;    // errorNum the query ended with (0: success)
};

struct QueryTrackingProperties {
  bool enabled = true;
  bool track_slow_queries = true;
  bool track_bind_vars = true;
  std::uint64_t max_slow_queries = 64;
  double slow_query_threshold = 10;
  double slow_streaming_query_threshold = 10;
  std::uint64_t max_query_string_length = 4096;
};

struct UserFunction {
  std::string name;  // as registered (case preserved)
  std::string code;
  bool deterministic = false;
};

struct QueryRequest {
  std::string query;
  Value bind_vars = Value::empty_object();
  Value options = Value::empty_object();
  std::shared_ptr<Database> db;
  std::string database;
  std::string user;
  std::uint64_t memory_limit = 0;
  // The query's `cache` flag (body or options; nullopt: not given) and
  // `count`: both pick whether and where the results cache answers.
  std::optional<bool> cache;
  bool count = false;
  // What the query reads and writes (a stream transaction's view); nullptr:
  // the committed collections of `db`.
  DataSource* source = nullptr;
  // Asked once per collection the query uses before it runs (as arangod
  // adds them to the query's transaction): the errorNum and message that
  // refuse it, or 0 when allowed. Empty: everything allowed.
  std::function<std::pair<int, std::string>(std::string const& collection, bool write)> authorize;
};

struct QueryOutcome {
  std::vector<Value> results;
  QueryStats stats;
  std::vector<Warning> warnings;
  double execution_time = 0;
  std::vector<NodeProfile> profile;
  std::unique_ptr<Query> ast;  // the parsed query (for profile plans); null when cached
  bool cached = false;         // served from the query results cache
  std::string plan_cache_key;  // a cached plan was used (usePlanCache)
};

// A query that has started: its results are pulled as they are asked for
// (a streaming cursor keeps one between batches). While it lives the query is
// listed as running; it owns everything the pipeline reads.
class QueryExecution {
 public:
  ~QueryExecution();
  // Appends up to `n` results to `out`; false once there are no more.
  // `held`: the caller keeps all results (they count against memoryLimit).
  // Throws QueryError (the message as arangod writes it for execution errors).
  bool fetch(std::size_t n, std::vector<Value>& out, bool held);
  // The outcome so far (stats, warnings, profile; results empty).
  QueryOutcome outcome() const;
  bool modification() const noexcept;
  // Tells the calling thread's query observer that the query is done with
  // now (a streaming cursor keeps the query past the request that started it).
  void detach_observer();

 private:
  friend class AqlService;
  QueryExecution() = default;
  struct State;
  std::unique_ptr<State> s_;
};

// Sees the queries run() starts and finishes on the calling thread. An async
// job installs one around its dispatch so that cancelling the job can kill
// the queries it runs (arangod: RestCursorHandler::cancel kills the query).
class QueryObserver {
 public:
  virtual ~QueryObserver() = default;
  virtual void query_started(std::shared_ptr<RunningQuery> const& q) = 0;
  virtual void query_finished(std::shared_ptr<RunningQuery> const& q) = 0;
};
// The calling thread's observer slot (nullptr: none).
QueryObserver*& current_query_observer() noexcept;

class AqlService {
 public:
  AqlService();
  static AqlService& instance();

  // Parses and runs a query (registered as running while it executes).
  // Throws QueryError.
  QueryOutcome run(QueryRequest const& req);
  // Parses and starts a query whose results are then pulled with fetch().
  // `req.source`, when set, must outlive the execution. Throws QueryError.
  std::unique_ptr<QueryExecution> start(QueryRequest const& req);

  // Per-query memory limit for queries that set none (--query.memory-limit);
  // 0: unlimited.
  std::atomic<std::uint64_t> default_memory_limit{0};

  // --- running / slow queries ---
  std::vector<std::shared_ptr<RunningQuery>> current(std::string const& db);
  std::vector<std::shared_ptr<RunningQuery>> slow(std::string const& db);
  void clear_slow(std::string const& db);
  // 0 = killed, 1591 = not found
  int kill(std::string const& db, std::uint64_t id);
  QueryTrackingProperties properties();
  void set_properties(QueryTrackingProperties const& p);
  void kill_all();

  // --- user functions (per database) ---
  std::mutex functions_mutex;
  std::map<std::string, std::map<std::string, UserFunction>> functions;  // db -> UPPER name -> fn

  std::uint64_t next_id();

 private:
  std::mutex mutex_;
  std::map<std::uint64_t, std::shared_ptr<RunningQuery>> running_;
  std::map<std::string, std::vector<std::shared_ptr<RunningQuery>>> slow_;
  QueryTrackingProperties props_;
  friend class QueryExecution;
  // Unregisters a query that ended (kept as a slow query when it was one).
  void finish(RunningQuery& q, QueryTrackingProperties const& props);
};

// Writes the "stats" object of a cursor's extra.
class JsonWriterFwd;

}  // namespace emu::aql
