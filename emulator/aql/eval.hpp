// AQL interpreter: runs a parsed Query against a DataSource.
//
// Execution is materialising: every statement turns the list of rows
// (variable environments) it receives into the list it passes on, which
// keeps the semantics of FOR / FILTER / SORT / LIMIT / COLLECT / WINDOW and
// the data-modification statements straightforward. Subqueries run once per
// row with that row's variables. A kill flag and the deadline (maxRuntime) are
// checked between rows and inside SLEEP.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "aql/ast.hpp"
#include "aql/datasource.hpp"
#include "aql/error.hpp"
#include "aql/value.hpp"

namespace emu::aql {

struct Warning {
  int code;
  std::string message;
};

struct QueryStats {
  std::uint64_t writes_executed = 0;
  std::uint64_t writes_ignored = 0;
  std::uint64_t document_lookups = 0;
  std::uint64_t seeks = 0;
  std::uint64_t scanned_full = 0;
  std::uint64_t scanned_index = 0;
  std::uint64_t filtered = 0;
  std::int64_t full_count = -1;  // set when fullCount was requested
};

struct ExecOptions {
  bool full_count = false;
  std::size_t max_warning_count = 10;
  bool fail_on_warning = false;
  std::uint64_t memory_limit = 0;  // bytes, 0 = unlimited
  double max_runtime = 0;          // seconds, 0 = unlimited
  std::string database = "_system";
  std::string user;
  std::atomic<bool> const* killed = nullptr;
};

// Per-node runtime counters (profile).
struct NodeProfile {
  int id = 0;
  std::string type;
  std::uint64_t calls = 0;
  std::uint64_t items = 0;
  std::uint64_t filtered = 0;
  double runtime = 0;
};

class Evaluator {
 public:
  Evaluator(Query const& q, DataSource& source, ExecOptions options);

  // Runs the query; returns the result rows. Throws QueryError.
  std::vector<Value> run();

  // --- for functions ---
  void warn(int code, std::string message);
  void warn(int code);  // errors.tsv text
  void check_killed();
  void sleep_for(double seconds);
  DataSource& source() noexcept { return source_; }
  ExecOptions const& options() const noexcept { return opts_; }
  QueryStats& stats() noexcept { return stats_; }
  std::vector<Warning> const& warnings() const noexcept { return warnings_; }
  // Calls a built-in function by (upper-case) name (APPLY / CALL).
  Value call_function(std::string const& name, std::vector<Value>& args);
  std::int64_t now_ms() const;

  using Env = std::vector<Value>;
  Value eval(Node const& n, Env& env);

  std::vector<NodeProfile> const& profile() const noexcept { return profile_; }

 private:
  using Rows = std::vector<Env>;
  std::vector<Value> run_block(Block const& b, Env const& start, bool top);
  void exec_stmt(Block const& b, std::size_t index, Stmt const& s, Rows& rows, Env const& start,
                 std::vector<Value>* results, bool top);
  // the steps of exec_stmt, one per statement kind
  void exec_for(Block const& b, std::size_t index, Stmt const& s, Rows& rows);
  void for_collection(Block const& b, std::size_t index, Stmt const& s, Rows& rows, Rows& out);
  void for_expression(Block const& b, std::size_t index, Stmt const& s, Rows& rows, Rows& out);
  void exec_let(Stmt const& s, Rows& rows);
  void exec_filter(Stmt const& s, Rows& rows);
  void exec_sort(Stmt const& s, Rows& rows, Env const& start);
  void exec_limit(Stmt const& s, Rows& rows, Env const& start);
  void exec_return(Stmt const& s, Rows& rows, std::vector<Value>& results);
  void exec_collect(Stmt const& s, Rows& rows, Env const& start);
  void exec_window(Stmt const& s, Rows& rows);
  void exec_write(Stmt const& s, Rows& rows);
  // the steps of exec_write
  WriteOptions write_options(Stmt const& s, bool& ignore_errors);
  WriteResult write_insert(Stmt const& s, Env& r, WriteOptions const& wo);
  WriteResult write_update_replace(Stmt const& s, Env& r, WriteOptions const& wo);
  WriteResult write_remove(Stmt const& s, Env& r, WriteOptions const& wo);
  WriteResult write_upsert(Stmt const& s, Env& r, WriteOptions const& wo);
  Value eval_object(Node const& n, Env& env);
  Value eval_expand(Node const& n, Env& env);
  Value eval_call(Node const& n, Env& env);
  Value eval_binary(Node const& n, Env& env);
  Value eval_array_cmp(Node const& n, Env& env);
  Value iterable(Stmt const& s, Env& env);
  void annotate(QueryError& e, Block const& b, std::size_t index, bool in_calc);
  void check_memory(Block const& b, std::size_t index, Rows const& rows);
  NodeProfile& prof(int id, std::string const& type);

  Query const& q_;
  DataSource& source_;
  ExecOptions opts_;
  QueryStats stats_;
  std::vector<Warning> warnings_;
  std::chrono::steady_clock::time_point started_;
  std::uint64_t tick_ = 0;
  std::vector<NodeProfile> profile_;
};

// Plan node type names ("EnumerateCollectionNode", ...).
std::string node_type_name(Stmt const& s);

}  // namespace emu::aql
