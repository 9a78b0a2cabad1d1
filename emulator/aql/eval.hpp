// AQL interpreter: runs a parsed Query against a DataSource.
//
// Execution is a pull pipeline of rows (variable environments): every
// statement of a block is a stage that asks the stage before it for rows.
// FOR, LET, FILTER and LIMIT pass rows on one at a time, so a LIMIT stops the
// reading of a collection and a cursor's first batch costs the batch, not the
// collection. SORT, COLLECT, WINDOW and the data-modification statements are
// blocking: they take every row of their input first (writes keep arangod's
// read-before-write order that way), then pass the results on. The rows of a
// FOR come from one place, Evaluator::for_rows (collection scan, range, array,
// object): a new kind of FOR source (graph traversal) plugs in there.
// Subqueries run once per row with that row's variables. A kill flag and the
// deadline (maxRuntime) are checked between rows and inside SLEEP; rows held
// by blocking stages and results count against memoryLimit (error 32).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <iterator>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
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

// A stream of rows: next() fills `row` and returns true, or returns false when
// there are no more.
class RowSource {
 public:
  virtual ~RowSource() = default;
  virtual bool next(std::vector<Value>& row) = 0;
};

// Rows made up front (a graph FOR's rows for one input row, a SEARCH's matches).
class EnvRows : public RowSource {
 public:
  explicit EnvRows(std::vector<std::vector<Value>> rows) : rows_(std::move(rows)) {}
  bool next(std::vector<Value>& row) override {
    if (pos_ >= rows_.size()) return false;
    row = std::move(rows_[pos_++]);
    return true;
  }

 private:
  std::vector<std::vector<Value>> rows_;
  std::size_t pos_ = 0;
};

// The most values a range (a..b, RANGE()) may be turned into an array of
// (arangod's Range::MaterializationLimit): error 1504 beyond it.
inline constexpr std::uint64_t kRangeMaterializationLimit = 10ULL * 1000ULL * 1000ULL;

// Approximate size of a value as arangod stores it (velocypack), which is what
// its memoryLimit counts.
std::uint64_t vpack_size(Value const& v) noexcept;

// --query.global-memory-limit (arangod's GlobalResourceMonitor): the memory all running
// queries have accounted together may not pass it; a query whose accounting would pass it
// fails with error 32 "global memory limit exceeded". 0: no limit.
std::atomic<std::uint64_t>& global_query_memory_limit() noexcept;
// What the running queries hold accounted now (bytes).
std::uint64_t global_query_memory_usage() noexcept;
// The default: a quarter of the RAM (see eval.cpp).
std::uint64_t default_global_query_memory_limit() noexcept;

class Evaluator {
 public:
  Evaluator(Query const& q, DataSource& source, ExecOptions options);

  ~Evaluator();
  Evaluator(Evaluator const&) = delete;
  Evaluator& operator=(Evaluator const&) = delete;

  // Runs the query; returns the result rows. Throws QueryError.
  std::vector<Value> run();
  // Pulls the results one at a time: false when done. `held`: the caller keeps
  // every result (they count against memoryLimit); a streaming cursor, which
  // keeps one batch, passes false.
  bool next_result(Value& out, bool held);

  // Memory accounting (memoryLimit): adds `bytes`, throwing error 32 annotated
  // at statement `index` of `b` when the limit is passed; release() gives back.
  void account(std::uint64_t bytes, Block const& b, std::size_t index);
  void release(std::uint64_t bytes) noexcept;

  // --- for functions ---
  void warn(int code, std::string message);
  void warn(int code);  // errors.tsv text
  void check_killed();
  // Whether check_killed() would throw now (a kill or maxRuntime passed), without throwing: for
  // callbacks from code that must not be unwound by an exception (ICU's regex matcher).
  bool stop_requested() const noexcept;
  // Before a function builds a value whose size a client chose (REPLACE_NTH's padding): throws
  // error 32 as account() would if `bytes` more were held now, before any of it is made.
  void check_room(std::uint64_t bytes) const;
  // How many bytes more fit under the query's memory limit and the global one now
  // (UINT64_MAX when neither is set): check_room(b) throws exactly when b > room().
  std::uint64_t room() const noexcept;
  // A value a function call or an array / object literal made, passed through: as arangod
  // accounts such a value in its output register, its velocypack size (Value::vpack_bytes,
  // O(1) however often its members are shared) must fit beside what the query holds, else
  // error 32, before anything walks it (an array of 1000 references to an array of 1000
  // references ... is a product of sizes that serialising or comparing would go through).
  Value made(Value v) const;
  void sleep_for(double seconds);
  DataSource& source() noexcept { return source_; }
  Query const& query() const noexcept { return q_; }
  ExecOptions const& options() const noexcept { return opts_; }
  QueryStats& stats() noexcept { return stats_; }
  std::vector<Warning> const& warnings() const noexcept { return warnings_; }
  // Calls a built-in function by (upper-case) name (APPLY / CALL).
  Value call_function(std::string const& name, std::vector<Value>& args);
  std::int64_t now_ms() const;

  using Env = std::vector<Value>;
  Value eval(Node const& n, Env& env);

  std::vector<NodeProfile> const& profile() const noexcept { return profile_; }

  // What the SEARCH FORs of this query have read (aql/search.cpp), by statement.
  std::map<Stmt const*, std::shared_ptr<void>> search_cache;

 private:
  using Rows = std::vector<Env>;
  class Stage;
  class BlockRun;
  friend class BlockRun;
  friend class ForStage;
  friend class LetStage;
  friend class FilterStage;
  friend class LimitStage;
  friend class BufferStage;
  std::vector<Value> run_block(Block const& b, Env const& start, bool top);
  // The rows of FOR statement `s` for one input row: each next() sets the
  // FOR's variable(s) in a copy of `input`. The one place a FOR source is made.
  std::unique_ptr<RowSource> for_rows(Stmt const& s, Env const& input);
  void on_stage_error(QueryError& e, Block const& b, std::size_t index);
  // the blocking steps, each over all rows of its input
  void exec_sort(Stmt const& s, Rows& rows, Env const& start);
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
  Value eval_user_call(Node const& n, Env& env);
  Value eval_binary(Node const& n, Env& env);
  Value eval_array_cmp(Node const& n, Env& env);
  Value iterable(Stmt const& s, Env& env);
  void annotate(QueryError& e, Block const& b, std::size_t index, bool in_calc);
  NodeProfile& prof(int id, std::string const& type);

  Query const& q_;
  DataSource& source_;
  ExecOptions opts_;
  QueryStats stats_;
  std::vector<Warning> warnings_;
  std::chrono::steady_clock::time_point started_;
  std::uint64_t tick_ = 0;
  std::vector<NodeProfile> profile_;
  std::uint64_t memory_ = 0;            // bytes counted against memoryLimit
  std::unique_ptr<BlockRun> main_run_;  // next_result()'s pipeline
};

// The integer a client's number stands for where a function needs one (a count, a position,
// a length, a limit, milliseconds): the value truncated toward zero, NaN as 0, and beyond the
// int64 range saturated (as std::clamp to +-9.2e18; a plain cast of such a double is
// undefined behaviour). Every double -> integer conversion of a client-supplied number goes
// through it.
std::int64_t saturating_int64(double d) noexcept;
// a + b saturated at the int64 range (offsets and amounts added to a client's timestamp).
std::int64_t saturating_add(std::int64_t a, std::int64_t b) noexcept;

// The size a function result (string or array) reaches as it grows, checked against the
// query's memory limits (Evaluator::room(), error 32 as account() answers) before each growth is
// made: a result whose size is a product of the client's inputs (SUBSTITUTE of every character
// by a long string, REGEX_REPLACE, CONCAT_SEPARATOR's separator, padding, ranges) fails with 32
// instead of taking the process down. arangod has no separate bound there: its query's memory
// accounting fails with 32 once such a value is held; for results that fit, nothing changes.
class ResultBudget {
 public:
  explicit ResultBudget(Evaluator& ev) noexcept : ev_(ev), room_(ev.room()) {}
  // `bytes` more are about to be added to the result: throws QueryError 32 when the result
  // would no longer fit. Every 65536 additions a kill or maxRuntime is checked too (error
  // 1500): a result of many small pieces takes long before it reaches the limits.
  void add(std::uint64_t bytes) {
    used_ = bytes > UINT64_MAX - used_ ? UINT64_MAX : used_ + bytes;
    if (used_ > room_) refresh();
    if ((++adds_ & 0xFFFF) == 0) ev_.check_killed();
  }
  std::uint64_t used() const noexcept { return used_; }

 private:
  void refresh();  // the room again (other queries may have given memory back), else 32
  Evaluator& ev_;
  std::uint64_t room_;
  std::uint64_t used_ = 0;
  std::uint32_t adds_ = 0;
};

// A string result built under a ResultBudget: each append is checked before it is made.
class StringResult {
 public:
  explicit StringResult(Evaluator& ev) : budget_(ev) {}
  void append(std::string_view s) {
    budget_.add(s.size());
    out_.append(s);
  }
  void push_back(char c) {
    budget_.add(1);
    out_.push_back(c);
  }
  void append_code_point(std::uint32_t cp);
  std::size_t size() const noexcept { return out_.size(); }
  std::string take() noexcept { return std::move(out_); }
  Value value() { return Value::string(std::move(out_)); }

 private:
  ResultBudget budget_;
  std::string out_;
};

// An array result built under a ResultBudget: an element costs its slot (sizeof(Value)) and,
// for a string, its bytes (conservative for a string shared with the input).
class ArrayResult {
 public:
  explicit ArrayResult(Evaluator& ev) : budget_(ev) {}
  void push_back(Value v) {
    budget_.add(sizeof(Value) + (v.is_string() ? v.str().size() : 0));
    out_.push_back(std::move(v));
  }
  // `n` copies of `v` (padding), checked before any is made.
  void append_copies(Value const& v, std::uint64_t n);
  std::size_t size() const noexcept { return out_.size(); }
  Array& items() noexcept { return out_; }
  Value value() { return Value::array(std::move(out_)); }

 private:
  ResultBudget budget_;
  Array out_;
};

// Plan node type names ("EnumerateCollectionNode", ...).
std::string node_type_name(Stmt const& s);

}  // namespace emu::aql
