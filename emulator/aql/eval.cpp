#include "aql/eval.hpp"
#include "aql/search.hpp"
#include "aql/traversal.hpp"
#include "aql/vector.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <thread>

#include <unistd.h>
#include <unordered_set>

#include "aql/error.hpp"
#include "aql/functions.hpp"
#include "aql/service.hpp"
#include "errors.hpp"
#include "js/engine.hpp"
#include "json.hpp"
#include "store.hpp"

namespace emu::aql {

namespace {
// An error of a CalculationNode whatever its code (1500..1599 are assumed to
// come from one anyway): the node list of the message starts with it.
struct CalculationError : QueryError {
  using QueryError::QueryError;
};
}  // namespace

std::string format_error(int code, std::initializer_list<std::string> args) {
  std::string tmpl(emu::error_message(code));
  std::string out;
  auto it = args.begin();
  for (std::size_t i = 0; i < tmpl.size(); ++i) {
    if (tmpl[i] == '%' && i + 1 < tmpl.size() && (tmpl[i + 1] == 's' || tmpl[i + 1] == 'd')) {
      if (it != args.end()) {
        out += *it;
        ++it;
      }
      ++i;
      continue;
    }
    out += tmpl[i];
  }
  return out;
}

std::string node_type_name(Stmt const& s) {
  switch (s.kind) {
    case StmtKind::For:
      if (s.graph) return graph_node_type(*s.graph);
      if (s.search) return "EnumerateViewNode";
      return s.collection.empty() ? "EnumerateListNode" : "EnumerateCollectionNode";
    case StmtKind::Let:
      return s.expr && s.expr->type == NodeType::Subquery ? "SubqueryNode" : "CalculationNode";
    case StmtKind::Filter: return "FilterNode";
    case StmtKind::Sort: return "SortNode";
    case StmtKind::Limit: return "LimitNode";
    case StmtKind::Collect: return "CollectNode";
    case StmtKind::Window: return "WindowNode";
    case StmtKind::Return: return "ReturnNode";
    case StmtKind::Insert: return "InsertNode";
    case StmtKind::Update: return "UpdateNode";
    case StmtKind::Replace: return "ReplaceNode";
    case StmtKind::Remove: return "RemoveNode";
    case StmtKind::Upsert: return "UpsertNode";
  }
  return "CalculationNode";
}

Evaluator::Evaluator(Query const& q, DataSource& source, ExecOptions options)
    : q_(q), source_(source), opts_(std::move(options)), started_(std::chrono::steady_clock::now()) {}

std::int64_t Evaluator::now_ms() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void Evaluator::warn(int code, std::string message) {
  if (opts_.fail_on_warning) {
    throw QueryError(code, message);
  }
  if (warnings_.size() < opts_.max_warning_count) {
    warnings_.push_back({code, std::move(message)});
  }
}

void Evaluator::warn(int code) { warn(code, std::string(emu::error_message(code))); }

bool Evaluator::stop_requested() const noexcept {
  if (opts_.killed != nullptr && opts_.killed->load(std::memory_order_relaxed)) return true;
  return opts_.max_runtime > 0 &&
         std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count() >
             opts_.max_runtime;
}

void Evaluator::check_killed() {
  if (stop_requested()) throw QueryError(1500, "query killed");
}

void Evaluator::sleep_for(double seconds) {
  // the client's number of seconds, as whole microseconds (SLEEP(1e300) waits for its
  // deadline or a kill, as any long sleep: the conversion saturates, a plain cast was undefined)
  auto until = std::chrono::steady_clock::now() +
               std::chrono::microseconds(saturating_int64(std::min(seconds, 1e9) * 1e6));
  while (true) {
    check_killed();
    auto now = std::chrono::steady_clock::now();
    if (now >= until) break;
    auto step = std::min<std::chrono::steady_clock::duration>(until - now,
                                                              std::chrono::milliseconds(10));
    std::this_thread::sleep_for(step);
  }
}

NodeProfile& Evaluator::prof(int id, std::string const& type) {
  for (auto& p : profile_) {
    if (p.id == id) return p;
  }
  profile_.push_back({id, type, 0, 0, 0, 0});
  return profile_.back();
}

Evaluator::~Evaluator() {
  main_run_.reset();  // its stages give back what they hold
  release(memory_);
}

// ---------------------------------------------------------------------------
// Memory accounting (memoryLimit)
// ---------------------------------------------------------------------------

std::uint64_t vpack_size(Value const& v) noexcept { return v.vpack_bytes(); }

namespace {

// A row held by a blocking step: arangod's AqlValue per register (16 bytes),
// plus the values that do not fit into one.
std::uint64_t row_cost(std::vector<Value> const& row, bool with_values) {
  std::uint64_t n = 16 * row.size();
  if (with_values) {
    for (auto const& v : row) {
      if (v.is_string() || v.is_array() || v.is_object()) n += vpack_size(v);
    }
  }
  return n;
}

}  // namespace

namespace {

std::atomic<std::uint64_t> g_query_memory{0};

// Adds `bytes` to the running queries' total unless that passes `limit` (0: none).
bool global_increase(std::uint64_t bytes, std::uint64_t limit) noexcept {
  if (limit == 0) {
    g_query_memory.fetch_add(bytes, std::memory_order_relaxed);
    return true;
  }
  std::uint64_t cur = g_query_memory.load(std::memory_order_relaxed);
  do {
    if (cur + bytes > limit) return false;
  } while (!g_query_memory.compare_exchange_weak(cur, cur + bytes, std::memory_order_relaxed));
  return true;
}

}  // namespace

// arangod's default is most of the RAM (90% from 8 GiB on): it counts what its queries hold
// in velocypack. The emulator's values take several times their velocypack size, so the same
// count reaches the RAM sooner: a quarter of it leaves room for the rest of the process (four
// queries at the per-query default, a sixteenth each, fit).
std::uint64_t default_global_query_memory_limit() noexcept {
  long pages = sysconf(_SC_PHYS_PAGES);
  long page = sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || page <= 0) return 4ULL << 30;
  return static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page) / 4;
}

std::atomic<std::uint64_t>& global_query_memory_limit() noexcept {
  static std::atomic<std::uint64_t> limit{default_global_query_memory_limit()};
  return limit;
}

std::uint64_t global_query_memory_usage() noexcept {
  return g_query_memory.load(std::memory_order_relaxed);
}

// As arangod's ResourceMonitor: the query's own limit first, then the global one; a failed
// increase changes neither.
void Evaluator::account(std::uint64_t bytes, Block const& b, std::size_t index) {
  memory_ += bytes;
  char const* failed = nullptr;
  if (opts_.memory_limit > 0 && memory_ > opts_.memory_limit) {
    failed = "query would use more memory than allowed";
  } else if (!global_increase(bytes, global_query_memory_limit().load(std::memory_order_relaxed))) {
    failed = "global memory limit exceeded";
  }
  if (failed != nullptr) {
    memory_ -= bytes;
    QueryError e(32, failed);
    annotate(e, b, index, false);
    throw e;
  }
}

void Evaluator::check_room(std::uint64_t bytes) const {
  std::uint64_t const global = global_query_memory_limit().load(std::memory_order_relaxed);
  if (opts_.memory_limit > 0 && bytes > opts_.memory_limit - std::min(memory_, opts_.memory_limit)) {
    throw QueryError(32, "query would use more memory than allowed");
  }
  std::uint64_t const used = g_query_memory.load(std::memory_order_relaxed);
  if (global > 0 && bytes > global - std::min(used, global)) {
    throw QueryError(32, "global memory limit exceeded");
  }
}

std::uint64_t Evaluator::room() const noexcept {
  std::uint64_t room = std::numeric_limits<std::uint64_t>::max();
  if (opts_.memory_limit > 0) room = opts_.memory_limit - std::min(memory_, opts_.memory_limit);
  std::uint64_t const global = global_query_memory_limit().load(std::memory_order_relaxed);
  if (global > 0) {
    std::uint64_t const used = g_query_memory.load(std::memory_order_relaxed);
    room = std::min(room, global - std::min(used, global));
  }
  return room;
}

Value Evaluator::made(Value v) const {
  if (std::uint64_t const bytes = v.vpack_bytes(); bytes > room()) check_room(bytes);
  return v;
}

void ResultBudget::refresh() {
  room_ = ev_.room();
  if (used_ > room_) ev_.check_room(used_);  // throws, with the message of the limit passed
  room_ = std::max(room_, used_);            // (another query gave memory back meanwhile)
}

void StringResult::append_code_point(std::uint32_t cp) {
  budget_.add(4);
  utf8_append(out_, cp);
}

void ArrayResult::append_copies(Value const& v, std::uint64_t n) {
  std::uint64_t const each = sizeof(Value) + (v.is_string() ? v.str().size() : 0);
  budget_.add(n > UINT64_MAX / each ? UINT64_MAX : n * each);
  out_.insert(out_.end(), static_cast<std::size_t>(n), v);
}

std::int64_t saturating_int64(double d) noexcept {
  if (std::isnan(d)) return 0;
  return static_cast<std::int64_t>(std::clamp(d, -9.2e18, 9.2e18));
}

std::int64_t saturating_add(std::int64_t a, std::int64_t b) noexcept {
  std::int64_t r;
  if (!__builtin_add_overflow(a, b, &r)) return r;
  return b > 0 ? std::numeric_limits<std::int64_t>::max() : std::numeric_limits<std::int64_t>::min();
}

void Evaluator::release(std::uint64_t bytes) noexcept {
  bytes = std::min(bytes, memory_);
  memory_ -= bytes;
  g_query_memory.fetch_sub(bytes, std::memory_order_relaxed);
}

// An error passing out of statement `index`: the node list of its message
// starts at that statement (the first stage it passes annotates it, once: the
// stages after it see it annotated, whatever text the message holds).
void Evaluator::on_stage_error(QueryError& e, Block const& b, std::size_t index) {
  if (e.annotated() || e.code() == 1500 || has_phase_suffix(e.message())) return;
  Stmt const& s = b.stmts[index];
  bool in_calc = s.kind != StmtKind::Insert && s.kind != StmtKind::Update &&
                 s.kind != StmtKind::Replace && s.kind != StmtKind::Remove &&
                 s.kind != StmtKind::Upsert;
  if (!in_calc &&
      ((e.code() >= 1500 && e.code() < 1600) || dynamic_cast<CalculationError*>(&e) != nullptr)) {
    in_calc = true;
  }
  annotate(e, b, index, in_calc);
}

// ---------------------------------------------------------------------------
// The pipeline: one stage per statement
// ---------------------------------------------------------------------------

class Evaluator::Stage : public RowSource {
 public:
  Stage(Evaluator& ev, Block const& b, std::size_t index, std::unique_ptr<RowSource> input,
        int prof)
      : ev_(ev), b_(b), index_(index), input_(std::move(input)), prof_(prof) {}

  bool next(Env& row) final {
    try {
      if (!produce(row)) return false;
      if (prof_ >= 0) ev_.profile_[static_cast<std::size_t>(prof_)].items += 1;
      return true;
    } catch (QueryError& e) {
      ev_.on_stage_error(e, b_, index_);
      throw;
    }
  }

 protected:
  virtual bool produce(Env& row) = 0;
  Stmt const& stmt() const { return b_.stmts[index_]; }

  Evaluator& ev_;
  Block const& b_;
  std::size_t index_;
  std::unique_ptr<RowSource> input_;
  int prof_;
};

namespace {

using Env = std::vector<Value>;

// The block's start row, once.
class StartRows : public RowSource {
 public:
  explicit StartRows(Env const& start) : row_(start) {}
  bool next(Env& row) override {
    if (done_) return false;
    done_ = true;
    row = std::move(row_);
    return true;
  }

 private:
  Env row_;
  bool done_ = false;
};

// FOR sources. Each sets the FOR's variable(s) in a copy of the input row.
class ArrayRows : public RowSource {
 public:
  ArrayRows(Value items, Env const& input, std::size_t var)
      : items_(std::move(items)), input_(input), var_(var) {}
  bool next(Env& row) override {
    auto const& a = items_.arr();
    if (pos_ >= a.size()) return false;
    row = input_;
    row[var_] = a[pos_++];
    return true;
  }

 private:
  Value items_;
  Env input_;
  std::size_t var_;
  std::size_t pos_ = 0;
};

// FOR [a, b] IN array-of-arrays
class DestructureRows : public RowSource {
 public:
  DestructureRows(Value items, Env const& input, std::vector<int> const& vars)
      : items_(std::move(items)), input_(input), vars_(vars) {}
  bool next(Env& row) override {
    auto const& a = items_.arr();
    if (pos_ >= a.size()) return false;
    Value const& item = a[pos_++];
    row = input_;
    for (std::size_t k = 0; k < vars_.size(); ++k) {
      row[static_cast<std::size_t>(vars_[k])] =
          item.is_array() && k < item.arr().size() ? item.arr()[k] : Value();
    }
    return true;
  }

 private:
  Value items_;
  Env input_;
  std::vector<int> vars_;
  std::size_t pos_ = 0;
};

// FOR k, v IN object
class ObjectRows : public RowSource {
 public:
  ObjectRows(Value obj, Env const& input, std::size_t key_var, std::size_t value_var)
      : obj_(std::move(obj)), input_(input), key_var_(key_var), value_var_(value_var) {}
  bool next(Env& row) override {
    auto const& o = obj_.obj();
    if (pos_ >= o.size()) return false;
    row = input_;
    row[key_var_] = Value::string(o[pos_].first);
    row[value_var_] = o[pos_].second;
    ++pos_;
    return true;
  }

 private:
  Value obj_;
  Env input_;
  std::size_t key_var_, value_var_;
  std::size_t pos_ = 0;
};

// FOR i IN a..b: the integers, one at a time (never an array of them).
class RangeRows : public RowSource {
 public:
  RangeRows(std::int64_t from, std::int64_t to, Env const& input, std::size_t var)
      : cur_(from), to_(to), up_(from <= to), input_(input), var_(var) {}
  bool next(Env& row) override {
    if (done_) return false;
    row = input_;
    row[var_] = Value::integer(cur_);
    if (cur_ == to_) {
      done_ = true;
    } else {
      cur_ += up_ ? 1 : -1;
    }
    return true;
  }

 private:
  std::int64_t cur_, to_;
  bool up_;
  bool done_ = false;
  Env input_;
  std::size_t var_;
};

// FOR d IN collection: the documents as the scan converts them.
class ScanRows : public RowSource {
 public:
  ScanRows(std::unique_ptr<DataSource::Scan> scan, Env const& input, std::size_t var,
           std::uint64_t& scanned)
      : scan_(std::move(scan)), input_(input), var_(var), scanned_(scanned) {}
  bool next(Env& row) override {
    Value doc;
    if (!scan_->next(doc)) return false;
    ++scanned_;
    row = input_;
    row[var_] = std::move(doc);
    return true;
  }

 private:
  std::unique_ptr<DataSource::Scan> scan_;
  Env input_;
  std::size_t var_;
  std::uint64_t& scanned_;
};

}  // namespace

std::unique_ptr<RowSource> Evaluator::for_rows(Stmt const& s, Env const& input) {
  auto var0 = static_cast<std::size_t>(s.vars[0]);
  if (s.search) return search_rows(*this, s, input);
  if (!s.collection.empty()) {
    return std::make_unique<ScanRows>(source_.open_scan(s.collection), input, var0,
                                      stats_.scanned_full);
  }
  Env env = input;
  if (s.expr->type == NodeType::Range && !s.destructure_array && s.vars.size() == 1) {
    Value a = eval(*s.expr->kids[0], env);
    Value b = eval(*s.expr->kids[1], env);
    return std::make_unique<RangeRows>(saturating_int64(a.to_number()),
                                       saturating_int64(b.to_number()), input, var0);
  }
  Value src = iterable(s, env);
  if (s.destructure_array) {
    if (!src.is_array()) src = Value::empty_array();
    return std::make_unique<DestructureRows>(std::move(src), input, s.vars);
  }
  if (src.is_object() && s.vars.size() == 2) {
    return std::make_unique<ObjectRows>(std::move(src), input, var0,
                                        static_cast<std::size_t>(s.vars[1]));
  }
  if (!src.is_array()) {
    // EnumerateListExecutor's throwArrayExpectedException (null included), with
    // AqlValue::getTypeString's names
    char const* type = src.is_null()     ? "null"
                       : src.is_bool()   ? "bool"
                       : src.is_number() ? "number"
                       : src.is_string() ? "string"
                       : src.is_object() ? "object"
                                         : "none";
    throw QueryError(1563, std::string("collection or array expected as operand to FOR loop; "
                                       "you provided a value of type '") + type + "'");
  }
  return std::make_unique<ArrayRows>(std::move(src), input, var0);
}

class ForStage : public Evaluator::Stage {
 public:
  using Stage::Stage;

 protected:
  bool produce(Env& row) override {
    while (true) {
      if (items_ && items_->next(row)) {
        if ((++ev_.tick_ & 1023) == 0) ev_.check_killed();
        return true;
      }
      items_.reset();
      Env in;
      if (!input_->next(in)) return false;
      ev_.check_killed();
      if (stmt().graph) {
        // traversals and path searches (traversal.cpp), per input row
        std::vector<Env> in_rows{std::move(in)}, out;
        graph_for(ev_, b_, index_, in_rows, out);
        items_ = std::make_unique<EnvRows>(std::move(out));
      } else {
        // a FOR over a collection inside another loop opens a fresh lazy scan for each input
        // row: it reads what its consumers ask for (a LIMIT stops it), never a copy
        items_ = ev_.for_rows(stmt(), in);
      }
    }
  }

 private:
  std::unique_ptr<RowSource> items_;
};

// The value a LET holds for the current row counts against the query's memory limits
// until the next row replaces it (arangod accounts it in the LET's output register), so
// a chain of LETs cannot hold more than the limit between them.
class LetStage : public Evaluator::Stage {
 public:
  using Stage::Stage;
  ~LetStage() override { ev_.release(held_); }

 protected:
  bool produce(Env& row) override {
    if (!input_->next(row)) return false;
    // the last row's value goes before this row's is made
    auto const var = static_cast<std::size_t>(stmt().var);
    row[var] = Value();
    ev_.release(held_);
    held_ = 0;
    Value v = ev_.eval(*stmt().expr, row);
    std::uint64_t const bytes = vpack_size(v);
    ev_.account(bytes, b_, index_);
    held_ = bytes;
    row[var] = std::move(v);
    return true;
  }

 private:
  std::uint64_t held_ = 0;
};

class FilterStage : public Evaluator::Stage {
 public:
  using Stage::Stage;

 protected:
  bool produce(Env& row) override {
    while (input_->next(row)) {
      if (ev_.eval(*stmt().expr, row).to_bool()) return true;
      ++ev_.stats_.filtered;
      if (prof_ >= 0) ev_.profile_[static_cast<std::size_t>(prof_)].filtered += 1;
    }
    return false;
  }
};

// LIMIT offset, count: stops asking its input once it has passed `count` rows on
// (with fullCount it counts the rest of its input, as arangod does).
class LimitStage : public Evaluator::Stage {
 public:
  LimitStage(Evaluator& ev, Block const& b, std::size_t index, std::unique_ptr<RowSource> input,
             int prof, Env const& start, bool full_count)
      : Stage(ev, b, index, std::move(input), prof), start_(start), full_count_(full_count) {}

 protected:
  bool produce(Env& row) override {
    if (finished_) return false;
    bool pending = false;
    if (!started_) {
      started_ = true;
      pending = input_->next(row);  // the input runs first, as it did before the limit
      Env e = start_;
      offset_ = to_limit(ev_.eval(*stmt().offset, e), 0, "offset");
      count_ = to_limit(ev_.eval(*stmt().count, e), 128 * 1024 * 1024, "count");
      if (!pending) return finish();
    }
    while (emitted_ < count_) {
      if (!pending && !input_->next(row)) return finish();
      pending = false;
      if (++seen_ <= offset_) continue;
      ++emitted_;
      return true;
    }
    return finish();
  }

 private:
  // ExecutionPlan::fromNodeLimit: a null offset is 0, a null count is arangod's "unbounded"
  // count (128 Mi); anything else must be a number >= 0.
  static std::uint64_t to_limit(Value const& v, std::uint64_t if_null, char const* what) {
    if (v.is_null()) return if_null;
    if (!v.is_number() || v.num() < 0) {
      throw QueryError(1504, std::string("LIMIT ") + what + " value is not a number or out of range");
    }
    return v.num() >= 1.8e19 ? std::numeric_limits<std::uint64_t>::max()
                             : static_cast<std::uint64_t>(v.num());
  }
  bool finish() {
    finished_ = true;
    if (full_count_) {
      Env r;
      while (input_->next(r)) ++seen_;
      ev_.stats_.full_count = static_cast<std::int64_t>(seen_);
    }
    return false;
  }

  Env start_;
  bool full_count_;
  bool started_ = false;
  bool finished_ = false;
  std::uint64_t offset_ = 0, count_ = 0, seen_ = 0, emitted_ = 0;
};

// SORT, COLLECT, WINDOW and the writes: all rows of the input first (counted
// against memoryLimit), then the step over them, then its rows one at a time.
class BufferStage : public Evaluator::Stage {
 public:
  BufferStage(Evaluator& ev, Block const& b, std::size_t index, std::unique_ptr<RowSource> input,
              int prof, Env const& start)
      : Stage(ev, b, index, std::move(input), prof), start_(start) {}
  ~BufferStage() override { ev_.release(held_); }

 protected:
  bool produce(Env& row) override {
    if (!filled_) fill();
    if (pos_ >= rows_.size()) {
      Evaluator::Rows().swap(rows_);
      ev_.release(held_);
      held_ = 0;
      return false;
    }
    row = std::move(rows_[pos_++]);
    return true;
  }

 private:
  void fill() {
    filled_ = true;
    Stmt const& s = stmt();
    // COLLECT keeps groups, not its input's values
    bool with_values = s.kind != StmtKind::Collect;
    std::size_t blame = index_ > 0 ? index_ - 1 : index_;
    Env r;
    while (input_->next(r)) {
      std::uint64_t c = row_cost(r, with_values);
      ev_.account(c, b_, blame);
      held_ += c;
      rows_.push_back(std::move(r));
      r = Env();
    }
    auto t0 = std::chrono::steady_clock::now();
    switch (s.kind) {
      case StmtKind::Sort: ev_.exec_sort(s, rows_, start_); break;
      case StmtKind::Collect: ev_.exec_collect(s, rows_, start_); break;
      case StmtKind::Window: ev_.exec_window(s, rows_); break;
      default: ev_.exec_write(s, rows_); break;
    }
    if (prof_ >= 0) {
      ev_.profile_[static_cast<std::size_t>(prof_)].runtime +=
          std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    }
  }

  Env start_;
  bool filled_ = false;
  Evaluator::Rows rows_;
  std::size_t pos_ = 0;
  std::uint64_t held_ = 0;
};

// One run of a block: its statements as stages, and its RETURN.
class Evaluator::BlockRun {
 public:
  BlockRun(Evaluator& ev, Block const& b, Env const& start, bool top) : ev_(ev), b_(b), top_(top) {
    std::unique_ptr<RowSource> src = std::make_unique<StartRows>(start);
    std::size_t last_limit = b.stmts.size();
    if (top && ev.opts_.full_count) {
      for (std::size_t i = 0; i < b.stmts.size(); ++i) {
        if (b.stmts[i].kind == StmtKind::Limit) last_limit = i;
      }
    }
    std::set<std::size_t> replaced;  // statements a vector search answers (aql/vector.hpp)
    for (std::size_t i = 0; i < b.stmts.size(); ++i) {
      Stmt const& s = b.stmts[i];
      if (replaced.count(i) != 0) continue;
      int prof = -1;
      if (top) {
        auto& p = ev.prof(s.node_id, node_type_name(s));
        p.calls += 1;
        prof = static_cast<int>(&p - ev.profile_.data());
      }
      switch (s.kind) {
        case StmtKind::Return:
          ret_ = &s;
          ret_index_ = i;
          ret_prof_ = prof;
          break;
        case StmtKind::For:
          if (auto vs = match_vector_search(b, i, ev.source_)) {
            replaced.insert(vs->replaced.begin(), vs->replaced.end());
            src = vector_search_rows(ev, b, i, std::move(*vs), std::move(src), start);
          } else {
            src = std::make_unique<ForStage>(ev, b, i, std::move(src), prof);
          }
          break;
        case StmtKind::Let:
          src = std::make_unique<LetStage>(ev, b, i, std::move(src), prof);
          break;
        case StmtKind::Filter:
          src = std::make_unique<FilterStage>(ev, b, i, std::move(src), prof);
          break;
        case StmtKind::Limit:
          src = std::make_unique<LimitStage>(ev, b, i, std::move(src), prof, start,
                                             i == last_limit);
          break;
        default:
          src = std::make_unique<BufferStage>(ev, b, i, std::move(src), prof, start);
          break;
      }
      if (ret_ != nullptr) break;
    }
    rows_ = std::move(src);
  }

  std::size_t return_index() const noexcept {
    return ret_ != nullptr ? ret_index_ : b_.stmts.size() - 1;
  }

  // The next RETURN value; false at the end (a block without RETURN runs its
  // rows through for their writes).
  bool next(Value& out) {
    if (done_) return false;
    Env row;
    while (rows_->next(row)) {
      if (ret_ == nullptr) continue;
      if (ret_prof_ >= 0) ev_.profile_[static_cast<std::size_t>(ret_prof_)].items += 1;
      if ((++ev_.tick_ & 1023) == 0) ev_.check_killed();
      Value v;
      try {
        v = ev_.eval(*ret_->expr, row);
      } catch (QueryError& e) {
        ev_.on_stage_error(e, b_, ret_index_);
        throw;
      }
      if (ret_->distinct && !seen_.insert(v).second) continue;
      ++count_;
      out = std::move(v);
      return true;
    }
    done_ = true;
    rows_.reset();
    if (top_ && ev_.opts_.full_count && ev_.stats_.full_count < 0) {
      ev_.stats_.full_count = static_cast<std::int64_t>(count_);
    }
    return false;
  }

 private:
  Evaluator& ev_;
  Block const& b_;
  bool top_;
  std::unique_ptr<RowSource> rows_;
  Stmt const* ret_ = nullptr;
  std::size_t ret_index_ = 0;
  int ret_prof_ = -1;
  std::unordered_set<Value, ValueHash, ValueEq> seen_;
  std::uint64_t count_ = 0;
  bool done_ = false;
};

std::vector<Value> Evaluator::run_block(Block const& b, Env const& start, bool top) {
  BlockRun run(*this, b, start, top);
  std::vector<Value> results;
  std::uint64_t held = 0;
  Value v;
  while (run.next(v)) {
    std::uint64_t c = vpack_size(v);
    account(c, b, run.return_index());
    held += c;
    results.push_back(std::move(v));
  }
  // a subquery's result is counted where it is held next (a blocking step's rows)
  if (!top) release(held);
  return results;
}

std::vector<Value> Evaluator::run() {
  Env start(q_.vars.size());
  return run_block(q_.main, start, true);
}

bool Evaluator::next_result(Value& out, bool held) {
  if (!main_run_) main_run_ = std::make_unique<BlockRun>(*this, q_.main, Env(q_.vars.size()), true);
  if (!main_run_->next(out)) return false;
  if (held) account(vpack_size(out), q_.main, main_run_->return_index());
  return true;
}

// Appends " [node #id: Type]" for the failing node and every node after it in
// the block (an exception passes through all of them), as arangod does.
void Evaluator::annotate(QueryError& e, Block const& b, std::size_t index, bool in_calc) {
  if (e.code() == 1500) return;
  e.set_annotated();
  std::string m = e.message();
  auto add = [&](int id, std::string const& type) {
    m += " [node #" + std::to_string(id) + ": " + type + "]";
  };
  Stmt const& s = b.stmts[index];
  if (in_calc && !s.calc_ids.empty()) {
    add(s.calc_ids.front(), "CalculationNode");
    for (std::size_t i = 1; i < s.calc_ids.size(); ++i) {
      add(s.calc_ids[i], (s.kind == StmtKind::Return && s.distinct && i + 1 == s.calc_ids.size())
                             ? "CollectNode"
                             : "CalculationNode");
    }
  }
  auto main_node = [&](Stmt const& st) {
    if (st.node_id == 0) return;
    std::string t = node_type_name(st);
    add(st.node_id, t);
    if (t == "SortNode") add(st.node_id, t);
  };
  main_node(s);
  for (std::size_t i = index + 1; i < b.stmts.size(); ++i) {
    Stmt const& n = b.stmts[i];
    for (std::size_t k = 0; k < n.calc_ids.size(); ++k) {
      add(n.calc_ids[k], (n.kind == StmtKind::Return && n.distinct && k + 1 == n.calc_ids.size())
                             ? "CollectNode"
                             : "CalculationNode");
    }
    main_node(n);
  }
  e.set_message(m);
}



Value Evaluator::iterable(Stmt const& s, Env& env) {
  Value v = eval(*s.expr, env);
  return v;
}


// A stable sort on the evaluated keys; the directions are evaluated once, in the block's start
// environment.
void Evaluator::exec_sort(Stmt const& s, Rows& rows, Env const& start) {
  struct Item {
    std::vector<Value> keys;
    std::size_t idx;
  };
  std::vector<Item> items;
  items.reserve(rows.size());
  std::vector<bool> asc;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    Item it;
    it.idx = i;
    for (auto const& k : s.sort) it.keys.push_back(eval(*k.expr, rows[i]));
    items.push_back(std::move(it));
  }
  for (auto const& k : s.sort) {
    Env e = start;
    asc.push_back(eval(*k.ascending, e).to_bool());
  }
  std::stable_sort(items.begin(), items.end(), [&](Item const& a, Item const& b2) {
    for (std::size_t k = 0; k < a.keys.size(); ++k) {
      int c = compare(a.keys[k], b2.keys[k]);
      if (c != 0) return asc[k] ? c < 0 : c > 0;
    }
    return false;
  });
  Rows out;
  out.reserve(rows.size());
  for (auto const& it : items) out.push_back(std::move(rows[it.idx]));
  rows = std::move(out);
}


// ---------------------------------------------------------------------------
// COLLECT
// ---------------------------------------------------------------------------

void Evaluator::exec_collect(Stmt const& s, Rows& rows, Env const& start) {
  struct Group {
    std::vector<Value> key;
    std::vector<std::size_t> members;
  };
  auto key_less = [](std::vector<Value> const& a, std::vector<Value> const& b) {
    for (std::size_t i = 0; i < a.size(); ++i) {
      int c = compare(a[i], b[i]);
      if (c != 0) return c < 0;
    }
    return false;
  };
  std::map<std::vector<Value>, Group, decltype(key_less)> groups(key_less);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if ((++tick_ & 1023) == 0) check_killed();
    std::vector<Value> key;
    key.reserve(s.groups.size());
    for (auto const& g : s.groups) key.push_back(eval(*g.second, rows[i]));
    auto it = groups.find(key);
    if (it == groups.end()) {
      it = groups.emplace(key, Group{key, {}}).first;
    }
    it->second.members.push_back(i);
  }
  bool global = s.groups.empty();
  Rows out;
  auto build = [&](Group const& g) {
    Env e = g.members.empty() ? start : rows[g.members.front()];
    for (std::size_t k = 0; k < s.groups.size(); ++k) {
      e[static_cast<std::size_t>(s.groups[k].first)] = g.key[k];
    }
    for (auto const& a : s.aggregates) {
      std::vector<Value> vals;
      vals.reserve(g.members.size());
      for (auto m : g.members) {
        if (a.args.empty()) {
          vals.emplace_back(Value::integer(1));
        } else {
          vals.push_back(eval(*a.args[0], rows[m]));
        }
      }
      e[static_cast<std::size_t>(a.var)] = aggregate_values(*this, a.func, vals);
    }
    if (s.into_var >= 0) {
      Array into;
      into.reserve(g.members.size());
      for (auto m : g.members) {
        if (s.into_expr) {
          into.push_back(eval(*s.into_expr, rows[m]));
        } else {
          Object o;
          auto const& vars = s.has_keep ? s.keep_vars : s.into_visible;
          for (int v : vars) {
            o.emplace_back(q_.vars[static_cast<std::size_t>(v)].name,
                           rows[m][static_cast<std::size_t>(v)]);
          }
          into.push_back(Value::object(std::move(o)));
        }
      }
      e[static_cast<std::size_t>(s.into_var)] = Value::array(std::move(into));
    }
    if (s.count_var >= 0) {
      e[static_cast<std::size_t>(s.count_var)] =
          Value::integer(static_cast<std::int64_t>(g.members.size()));
    }
    out.push_back(std::move(e));
  };
  if (global && groups.empty()) {
    build(Group{});
  } else {
    for (auto const& g : groups) build(g.second);
  }
  rows = std::move(out);
}

// ---------------------------------------------------------------------------
// WINDOW
// ---------------------------------------------------------------------------

namespace {

// ISO 8601 duration -> milliseconds (months/years approximated by calendar
// arithmetic in the caller); returns false when invalid.
struct Duration {
  double years = 0, months = 0, weeks = 0, days = 0, hours = 0, minutes = 0, seconds = 0;
};

bool parse_duration(std::string const& s, Duration& d) {
  if (s.size() < 2 || s[0] != 'P') return false;
  bool time = false;
  std::size_t i = 1;
  bool any = false;
  while (i < s.size()) {
    if (s[i] == 'T') {
      time = true;
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < s.size() && (std::isdigit(static_cast<unsigned char>(s[j])) || s[j] == '.' || s[j] == ',')) ++j;
    if (j == i || j >= s.size()) return false;
    std::string num = s.substr(i, j - i);
    std::replace(num.begin(), num.end(), ',', '.');
    double v = std::atof(num.c_str());
    char u = s[j];
    if (!time) {
      if (u == 'Y') d.years = v;
      else if (u == 'M') d.months = v;
      else if (u == 'W') d.weeks = v;
      else if (u == 'D') d.days = v;
      else return false;
    } else {
      if (u == 'H') d.hours = v;
      else if (u == 'M') d.minutes = v;
      else if (u == 'S') d.seconds = v;
      else return false;
    }
    any = true;
    i = j + 1;
  }
  return any;
}

double duration_ms(Duration const& d) {
  return ((((d.years * 365.2425 + d.months * 30.436875 + d.weeks * 7 + d.days) * 24 + d.hours) * 60 +
           d.minutes) * 60 + d.seconds) * 1000;
}

}  // namespace

void Evaluator::exec_window(Stmt const& s, Rows& rows) {
  Env tmp(q_.vars.size());
  Value spec = eval(*s.window_spec, tmp);
  auto bound = [&](char const* name, bool& unbounded, double& amount, bool& is_duration,
                   Duration& dur) {
    unbounded = false;
    amount = 0;
    is_duration = false;
    auto const* v = spec.get(name);
    if (v == nullptr || v->is_null()) return;
    if (v->is_string()) {
      if (v->str() == "unbounded") {
        unbounded = true;
        return;
      }
      if (parse_duration(v->str(), dur)) {
        is_duration = true;
        amount = duration_ms(dur);
        return;
      }
      double d = 0;
      bool ok = false;
      d = v->to_number(&ok);
      if (!ok) {
        throw QueryError(10, "WINDOW bound '" + std::string(name) + "' is invalid");
      }
      amount = d;
      return;
    }
    amount = v->to_number();
  };
  bool p_unb, f_unb, p_dur, f_dur;
  double p_amt, f_amt;
  Duration p_d, f_d;
  bound("preceding", p_unb, p_amt, p_dur, p_d);
  bound("following", f_unb, f_amt, f_dur, f_d);
  std::size_t n = rows.size();
  std::vector<std::pair<std::size_t, std::size_t>> windows(n);
  if (!s.window_range) {
    // row counts from the client's numbers (NaN 0, beyond any row count saturated)
    auto p = static_cast<std::size_t>(std::clamp<std::int64_t>(saturating_int64(p_amt), 0, 1000000000000000000));
    auto f = static_cast<std::size_t>(std::clamp<std::int64_t>(saturating_int64(f_amt), 0, 1000000000000000000));
    for (std::size_t i = 0; i < n; ++i) {
      std::size_t lo = p_unb ? 0 : (i >= p ? i - p : 0);
      std::size_t hi = f_unb ? n - 1 : std::min(n - 1, i + f);
      windows[i] = {lo, hi};
    }
  } else {
    std::vector<double> vals(n);
    for (std::size_t i = 0; i < n; ++i) vals[i] = eval(*s.window_range, rows[i]).to_number();
    // range-based windows work on rows sorted by the range value
    std::vector<std::size_t> order(n);
    for (std::size_t i = 0; i < n; ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return vals[x] < vals[y]; });
    Rows sorted;
    std::vector<double> svals;
    for (auto i : order) {
      sorted.push_back(std::move(rows[i]));
      svals.push_back(vals[i]);
    }
    rows = std::move(sorted);
    vals = std::move(svals);
    for (std::size_t i = 0; i < n; ++i) {
      double lo_v = p_unb ? -INFINITY : vals[i] - p_amt;
      double hi_v = f_unb ? INFINITY : vals[i] + f_amt;
      std::size_t lo = n, hi = 0;
      for (std::size_t j = 0; j < n; ++j) {
        if (vals[j] >= lo_v && vals[j] <= hi_v) {
          lo = std::min(lo, j);
          hi = std::max(hi, j);
        }
      }
      windows[i] = {lo, hi};
    }
  }
  // argument values per row
  std::vector<std::vector<Value>> argvals(s.aggregates.size(), std::vector<Value>(n));
  for (std::size_t a = 0; a < s.aggregates.size(); ++a) {
    for (std::size_t i = 0; i < n; ++i) {
      argvals[a][i] = s.aggregates[a].args.empty() ? Value::integer(1)
                                                   : eval(*s.aggregates[a].args[0], rows[i]);
    }
  }
  std::vector<std::vector<Value>> results(s.aggregates.size(), std::vector<Value>(n));
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t a = 0; a < s.aggregates.size(); ++a) {
      std::vector<Value> vals;
      if (windows[i].first <= windows[i].second && windows[i].first < n) {
        for (std::size_t j = windows[i].first; j <= windows[i].second; ++j) {
          vals.push_back(argvals[a][j]);
        }
      }
      results[a][i] = aggregate_values(*this, s.aggregates[a].func, vals);
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t a = 0; a < s.aggregates.size(); ++a) {
      rows[i][static_cast<std::size_t>(s.aggregates[a].var)] = results[a][i];
    }
  }
}

// ---------------------------------------------------------------------------
// Data modification
// ---------------------------------------------------------------------------

namespace {

std::string key_of(Value const& v, bool& ok) {
  ok = true;
  if (v.is_string()) {
    auto const& s = v.str();
    auto slash = s.find('/');
    return slash == std::string::npos ? s : s.substr(slash + 1);
  }
  if (v.is_object()) {
    auto const* k = v.get("_key");
    if (k != nullptr && k->is_string()) return k->str();
    auto const* id = v.get("_id");
    if (id != nullptr && id->is_string()) {
      auto slash = id->str().find('/');
      if (slash != std::string::npos) return id->str().substr(slash + 1);
    }
    ok = false;
    return {};
  }
  ok = false;
  return {};
}

}  // namespace

// OPTIONS { ... } of a data-modification statement, evaluated once.
WriteOptions Evaluator::write_options(Stmt const& s, bool& ignore_errors) {
  WriteOptions wo;
  wo.ignore_revs = true;
  ignore_errors = false;
  if (s.options) {
    Env tmp(q_.vars.size());
    Value o = eval(*s.options, tmp);
    auto flag = [&](char const* name, bool dflt) {
      auto const* v = o.get(name);
      return v ? v->to_bool() : dflt;
    };
    ignore_errors = flag("ignoreErrors", false);
    wo.wait_for_sync = flag("waitForSync", false);
    wo.keep_null = flag("keepNull", true);
    wo.merge_objects = flag("mergeObjects", true);
    wo.ignore_revs = flag("ignoreRevs", true);
    if (flag("overwrite", false)) wo.overwrite_mode = OverwriteMode::Replace;
    if (auto const* m = o.get("overwriteMode"); m && m->is_string()) {
      auto const& ms = m->str();
      if (ms == "ignore") wo.overwrite_mode = OverwriteMode::Ignore;
      else if (ms == "replace") wo.overwrite_mode = OverwriteMode::Replace;
      else if (ms == "update") wo.overwrite_mode = OverwriteMode::Update;
      else if (ms == "conflict") wo.overwrite_mode = OverwriteMode::Conflict;
    }
    if (auto const* va = o.get("versionAttribute"); va && va->is_string()) {
      wo.version_attribute = va->str();
    }
  }
  wo.return_new = true;
  wo.return_old = true;
  return wo;
}

// The steps of exec_write: one document written for one row; errors are in the result.

WriteResult Evaluator::write_insert(Stmt const& s, Env& r, WriteOptions const& wo) {
  WriteResult res;
  Value doc = eval(*s.doc_expr, r);
  if (!doc.is_object()) {
    res.error = 1227;
  } else {
    res = source_.insert(s.collection, doc, wo);
  }
  return res;
}

// UPDATE/REPLACE doc [IN ...] or key WITH doc; with ignoreRevs false, the _rev of the key
// document (else of doc) must match.
WriteResult Evaluator::write_update_replace(Stmt const& s, Env& r, WriteOptions const& wo) {
  WriteResult res;
  Value doc = eval(*s.doc_expr, r);
  Value keyv = s.key_expr ? eval(*s.key_expr, r) : doc;
  bool ok = true;
  std::string key = key_of(keyv, ok);
  if (!doc.is_object()) {
    res.error = 1227;
  } else if (!ok) {
    res.error = keyv.is_object() || keyv.is_null() ? 1226 : 1227;
    if (!s.key_expr && doc.is_object()) res.error = 1226;
  } else {
    WriteOptions w2 = wo;
    if (!wo.ignore_revs) {
      auto const* rev = keyv.is_object() ? keyv.get("_rev") : nullptr;
      if (rev == nullptr) rev = doc.get("_rev");
      if (rev != nullptr && rev->is_string()) w2.if_match = rev->str();
    }
    res = s.kind == StmtKind::Update ? source_.update(s.collection, key, doc, w2)
                                     : source_.replace(s.collection, key, doc, w2);
  }
  ++stats_.document_lookups;
  return res;
}

WriteResult Evaluator::write_remove(Stmt const& s, Env& r, WriteOptions const& wo) {
  WriteResult res;
  Value keyv = eval(*s.key_expr, r);
  bool ok = true;
  std::string key = key_of(keyv, ok);
  if (!ok) {
    res.error = keyv.is_object() ? 1226 : 1227;
  } else {
    std::optional<std::string> rev;
    if (!wo.ignore_revs && keyv.is_object()) {
      if (auto const* rv = keyv.get("_rev"); rv && rv->is_string()) rev = rv->str();
    }
    res = source_.remove(s.collection, key, rev, wo);
  }
  return res;
}

// UPSERT search INSERT doc UPDATE/REPLACE doc: the first document matching every attribute of
// search is updated (with OLD bound to it), else doc is inserted (OLD null).
WriteResult Evaluator::write_upsert(Stmt const& s, Env& r, WriteOptions const& wo) {
  WriteResult res;
  Value search = eval(*s.search_expr, r);
  if (!search.is_object()) {
    res.error = 1227;
    return res;
  }
  std::optional<Value> found;
  source_.scan(s.collection, [&](Value const& d) {
    for (auto const& m : search.obj()) {
      auto const* v = d.get(m.first);
      if (!equals(v ? *v : Value(), m.second)) return true;
    }
    found = d;
    return false;
  });
  ++stats_.document_lookups;
  if (found) {
    Env e = r;
    e[static_cast<std::size_t>(s.old_var)] = *found;
    Value upd = eval(*s.update_expr, e);
    if (!upd.is_object()) {
      res.error = 1227;
    } else {
      bool ok = true;
      std::string key = key_of(*found, ok);
      res = s.upsert_replace ? source_.replace(s.collection, key, upd, wo)
                             : source_.update(s.collection, key, upd, wo);
    }
  } else {
    Env e = r;
    e[static_cast<std::size_t>(s.old_var)] = Value();
    Value ins = eval(*s.doc_expr, e);
    if (!ins.is_object()) {
      res.error = 1227;
    } else {
      res = source_.insert(s.collection, ins, wo);
    }
  }
  return res;
}

void Evaluator::exec_write(Stmt const& s, Rows& rows) {
  bool ignore_errors = false;
  WriteOptions const wo = write_options(s, ignore_errors);
  Rows out;
  out.reserve(rows.size());
  for (auto& r : rows) {
    check_killed();
    WriteResult res;
    switch (s.kind) {
      case StmtKind::Insert:
        res = write_insert(s, r, wo);
        break;
      case StmtKind::Update:
      case StmtKind::Replace:
        res = write_update_replace(s, r, wo);
        break;
      case StmtKind::Remove:
        res = write_remove(s, r, wo);
        break;
      case StmtKind::Upsert:
        res = write_upsert(s, r, wo);
        break;
      default:
        break;
    }
    if (res.error != 0) {
      if (ignore_errors) {
        ++stats_.writes_ignored;
        continue;
      }
      std::string msg = res.message.empty() ? std::string(emu::error_message(res.error)) : res.message;
      throw QueryError(res.error, msg);
    }
    if (res.ignored) {
      ++stats_.writes_ignored;
    } else {
      ++stats_.writes_executed;
    }
    if (s.old_var >= 0) r[static_cast<std::size_t>(s.old_var)] = res.old;
    if (s.new_var >= 0) r[static_cast<std::size_t>(s.new_var)] = res.doc;
    if (s.kind == StmtKind::Remove && s.old_var >= 0) r[static_cast<std::size_t>(s.old_var)] = res.doc.is_null() ? res.old : res.doc;
    out.push_back(std::move(r));
  }
  rows = std::move(out);
}

// ---------------------------------------------------------------------------
// Expressions
// ---------------------------------------------------------------------------

namespace {

Value arith(Op op, Value const& a, Value const& b, Evaluator& ev) {
  double x = a.to_number(), y = b.to_number();
  bool ints = a.is_int() && b.is_int();
  switch (op) {
    case Op::Add:
      if (ints) {
        std::int64_t r;
        if (!__builtin_add_overflow(a.int_value(), b.int_value(), &r)) return Value::integer(r);
      }
      return Value::number(x + y);
    case Op::Sub:
      if (ints) {
        std::int64_t r;
        if (!__builtin_sub_overflow(a.int_value(), b.int_value(), &r)) return Value::integer(r);
      }
      return Value::number(x - y);
    case Op::Mul:
      if (ints) {
        std::int64_t r;
        if (!__builtin_mul_overflow(a.int_value(), b.int_value(), &r)) return Value::integer(r);
      }
      return Value::number(x * y);
    case Op::Div:
      if (y == 0) {
        ev.warn(1562);
        return Value();
      }
      return Value::number(x / y);
    case Op::Mod:
      if (y == 0) {
        ev.warn(1562);
        return Value();
      }
      if (ints && b.int_value() != -1) return Value::integer(a.int_value() % b.int_value());
      return Value::number(std::fmod(x, y));
    default:
      return Value();
  }
}

bool in_array(Value const& needle, Value const& haystack) {
  if (!haystack.is_array()) return false;
  for (auto const& e : haystack.arr()) {
    if (equals(needle, e)) return true;
  }
  return false;
}

bool cmp_op(Op op, Value const& a, Value const& b) {
  switch (op) {
    case Op::Eq: return equals(a, b);
    case Op::Ne: return !equals(a, b);
    case Op::Lt: return compare(a, b) < 0;
    case Op::Le: return compare(a, b) <= 0;
    case Op::Gt: return compare(a, b) > 0;
    case Op::Ge: return compare(a, b) >= 0;
    case Op::In: return in_array(a, b);
    case Op::NotIn: return !in_array(a, b);
    default: return false;
  }
}

}  // namespace

Value Evaluator::eval_binary(Node const& n, Env& env) {
  Value a = eval(*n.kids[0], env);
  Value b = eval(*n.kids[1], env);
  switch (n.op) {
    case Op::Add: case Op::Sub: case Op::Mul: case Op::Div: case Op::Mod:
      return arith(n.op, a, b, *this);
    default:
      return Value::boolean(cmp_op(n.op, a, b));
  }
}

Value Evaluator::eval_array_cmp(Node const& n, Env& env) {
  Value left = eval(*n.kids[0], env);
  Value right = eval(*n.kids[1], env);
  if (!left.is_array()) return Value::boolean(false);
  auto const& arr = left.arr();
  std::int64_t at_least = 0;
  if (n.quantifier == Quantifier::AtLeast) {
    at_least = static_cast<std::int64_t>(eval(*n.kids[2], env).to_number());
  }
  if (arr.empty()) {
    switch (n.quantifier) {
      case Quantifier::Any: return Value::boolean(false);
      case Quantifier::AtLeast: return Value::boolean(at_least == 0);
      default: return Value::boolean(true);
    }
  }
  std::int64_t matches = 0;
  for (auto const& e : arr) {
    bool m = cmp_op(n.op, e, right);
    if (m) ++matches;
    switch (n.quantifier) {
      case Quantifier::All:
        if (!m) return Value::boolean(false);
        break;
      case Quantifier::Any:
        if (m) return Value::boolean(true);
        break;
      case Quantifier::NoneOf:
        if (m) return Value::boolean(false);
        break;
      default:
        break;
    }
  }
  switch (n.quantifier) {
    case Quantifier::All: return Value::boolean(true);
    case Quantifier::Any: return Value::boolean(false);
    case Quantifier::NoneOf: return Value::boolean(true);
    case Quantifier::AtLeast: return Value::boolean(matches >= at_least);
    default: return Value::boolean(false);
  }
}

Value Evaluator::eval_expand(Node const& n, Env& env) {
  Value input = eval(*n.input, env);
  if (!input.is_array()) {
    if (n.boolean) return Value::boolean(false);
    return Value::array({});
  }
  Array items;
  if (n.levels > 1) {
    std::function<void(Value const&, int)> flatten = [&](Value const& v, int level) {
      for (auto const& e : v.arr()) {
        if (e.is_array() && level > 0) {
          flatten(e, level - 1);
        } else {
          items.push_back(e);
        }
      }
    };
    flatten(input, n.levels - 1);
  } else {
    items = input.arr();
  }
  auto slot = static_cast<std::size_t>(n.iter_var);
  Value saved = env[slot];
  if (n.boolean) {
    std::int64_t matches = 0;
    std::int64_t total = static_cast<std::int64_t>(items.size());
    for (auto const& it : items) {
      env[slot] = it;
      if (!n.filter || eval(*n.filter, env).to_bool()) ++matches;
    }
    env[slot] = saved;
    switch (n.quantifier) {
      case Quantifier::All: return Value::boolean(matches == total);
      case Quantifier::NoneOf: return Value::boolean(matches == 0);
      case Quantifier::AtLeast: {
        std::int64_t lo = static_cast<std::int64_t>(eval(*n.quantifier_min, env).to_number());
        if (!n.quantifier_max) return Value::boolean(matches >= lo);
        std::int64_t hi = static_cast<std::int64_t>(eval(*n.quantifier_max, env).to_number());
        if (hi < 0) return Value::boolean(matches == lo);
        return Value::boolean(matches >= lo && matches <= hi);
      }
      default: return Value::boolean(matches > 0);
    }
  }
  std::int64_t offset = 0, count = INT64_MAX;
  if (n.limit_offset) offset = static_cast<std::int64_t>(eval(*n.limit_offset, env).to_number());
  if (n.limit_count) count = static_cast<std::int64_t>(eval(*n.limit_count, env).to_number());
  Array out;
  std::int64_t passed = 0;
  for (auto const& it : items) {
    env[slot] = it;
    if (n.filter && !eval(*n.filter, env).to_bool()) continue;
    ++passed;
    if (passed <= offset) continue;
    if (static_cast<std::int64_t>(out.size()) >= count) break;
    out.push_back(n.ret ? eval(*n.ret, env) : it);
  }
  env[slot] = saved;
  return Value::array(std::move(out));
}

Value Evaluator::call_function(std::string const& name, std::vector<Value>& args) {
  auto const* def = find_function(name);
  if (def == nullptr) throw QueryError(1540, format_error(1540, {name}));
  return def->impl(*this, def->name, args);
}

// A user-defined function (FCALL_USER of arangod's aql.js): its code runs in the JavaScript
// worker (js/engine.hpp) with the evaluated arguments; what it returns passes FIX_VALUE.
Value Evaluator::eval_user_call(Node const& n, Env& env) {
  // User functions run in V8 (registered or not: the lookup in _aqlfunctions is JavaScript
  // too). On a server without JavaScript the CalculationNode fails to enter a V8 executor
  // (Query::enterV8Executor).
  if (!js::available()) throw CalculationError(4, "V8 engine is disabled");
  auto db = source_.database();
  std::string const database = db != nullptr ? db->name : std::string("_system");
  UserFunction fn;
  {
    auto& svc = AqlService::instance();
    std::lock_guard lock(svc.functions_mutex);
    auto it = svc.functions.find(database);
    if (it == svc.functions.end() || it->second.find(n.name) == it->second.end()) {
      throw QueryError(1582, format_error(1582, {n.name}));
    }
    fn = it->second.at(n.name);
  }
  Array args;
  args.reserve(n.kids.size());
  for (auto const& k : n.kids) args.push_back(eval(*k, env));
  std::string args_json = Value::array(std::move(args)).json();
  js::Scope scope;
  scope.database = database;
  scope.db = db;
  scope.allow_requests = false;
  js::Result r = js::run("function", fn.code, args_json, n.name, scope);
  if (!r.ok()) throw QueryError(r.error_num, r.message);
  auto parsed = parse_json(r.result_json.empty() ? std::string_view("null") : r.result_json);
  if (!parsed.ok()) throw QueryError(1583, format_error(1583, {"invalid result"}));
  return made(Value::from_json(*parsed.doc));
}

Value Evaluator::eval_call(Node const& n, Env& env) {
  if (n.var >= 0) return env[static_cast<std::size_t>(n.var)];  // a SEARCH FOR's scorer
  auto const* def = find_function(n.name);
  if (def == nullptr) throw QueryError(1540, format_error(1540, {n.name}));
  std::vector<Value> args;
  args.reserve(n.kids.size());
  for (std::size_t i = 0; i < n.kids.size(); ++i) {
    Node const& k = *n.kids[i];
    if (k.type == NodeType::Collection) {
      if ((n.name == "LENGTH" || n.name == "COUNT") && i == 0) {
        return Value::integer(static_cast<std::int64_t>(source_.count(k.name)));
      }
      Array docs;
      source_.scan(k.name, [&](Value const& d) {
        docs.push_back(d);
        return true;
      });
      args.push_back(Value::array(std::move(docs)));
      continue;
    }
    args.push_back(eval(k, env));
  }
  return made(def->impl(*this, def->name, args));
}

namespace {

// base[idx]: arrays by (possibly negative, possibly numeric-string) position, objects by name.
Value index_into(Value const& base, Value const& idx) {
  if (base.is_array()) {
    std::int64_t i = 0;
    if (idx.is_number()) {
      i = saturating_int64(idx.num());
    } else if (idx.is_string()) {
      bool ok = false;
      double d = idx.to_number(&ok);
      if (!ok || idx.str().empty()) return Value();
      i = saturating_int64(d);
    } else {
      return Value();
    }
    auto const& a = base.arr();
    auto sz = static_cast<std::int64_t>(a.size());
    if (i < 0) i += sz;
    if (i < 0 || i >= sz) return Value();
    return a[static_cast<std::size_t>(i)];
  }
  if (base.is_object()) {
    if (idx.is_string()) return base.attr(idx.str());
    if (idx.is_number()) return base.attr(idx.to_string());
    return Value();
  }
  return Value();
}

Value apply_unary(Op op, Value const& v) {
  switch (op) {
    case Op::Not:
      return Value::boolean(!v.to_bool());
    case Op::Minus:
      if (v.is_int() && v.int_value() != INT64_MIN) return Value::integer(-v.int_value());
      return Value::number(-v.to_number());
    case Op::Plus:
      if (v.is_int()) return v;
      return Value::number(v.to_number());
    default:
      return Value();
  }
}

// a..b: the integers from a to b (descending when b < a).
Value range_array(Value const& a, Value const& b) {
  auto from = static_cast<std::int64_t>(a.to_number());
  auto to = static_cast<std::int64_t>(b.to_number());
  std::uint64_t size = (from <= to ? static_cast<std::uint64_t>(to) - static_cast<std::uint64_t>(from)
                                    : static_cast<std::uint64_t>(from) - static_cast<std::uint64_t>(to)) +
                       1;
  // arangod's Range::MaterializationLimit (FOR i IN a..b never materialises)
  if (size > kRangeMaterializationLimit) {
    throw QueryError(1504, "range is too big to be materialized");
  }
  Array out;
  out.reserve(static_cast<std::size_t>(size));
  if (from <= to) {
    for (std::int64_t i = from; i <= to; ++i) out.push_back(Value::integer(i));
  } else {
    for (std::int64_t i = from; i >= to; --i) out.push_back(Value::integer(i));
  }
  return Value::array(std::move(out));
}

}  // namespace

// An object literal; a later duplicate key replaces the earlier value in place.
Value Evaluator::eval_object(Node const& n, Env& env) {
  Object o;
  o.reserve(n.kids.size());
  for (std::size_t i = 0; i < n.kids.size(); ++i) {
    std::string key;
    if (i < n.key_exprs.size() && n.key_exprs[i]) {
      key = eval(*n.key_exprs[i], env).to_string();
    } else {
      key = n.keys[i];
    }
    Value v = eval(*n.kids[i], env);
    bool replaced = false;
    for (auto& m : o) {
      if (m.first == key) {
        m.second = v;
        replaced = true;
        break;
      }
    }
    if (!replaced) o.emplace_back(std::move(key), std::move(v));
  }
  return made(Value::object(std::move(o)));
}

Value Evaluator::eval(Node const& n, Env& env) {
  switch (n.type) {
    case NodeType::Value:
      return n.value;
    case NodeType::Var:
      return env[static_cast<std::size_t>(n.var)];
    case NodeType::Array: {
      Array a;
      a.reserve(n.kids.size());
      for (auto const& k : n.kids) a.push_back(eval(*k, env));
      return made(Value::array(std::move(a)));
    }
    case NodeType::Object:
      return eval_object(n, env);
    case NodeType::Collection:
      throw QueryError(1568, format_error(1568, {n.name}));
    case NodeType::Attr: {
      Value base = eval(*n.kids[0], env);
      auto const* v = base.get(n.name);
      return v ? *v : Value();
    }
    case NodeType::Index: {
      Value base = eval(*n.kids[0], env);
      Value idx = eval(*n.kids[1], env);
      return index_into(base, idx);
    }
    case NodeType::Expand:
      return eval_expand(n, env);
    case NodeType::Passthru:
      return eval(*n.kids[0], env);
    case NodeType::Unary:
      return apply_unary(n.op, eval(*n.kids[0], env));
    case NodeType::Binary:
      return eval_binary(n, env);
    case NodeType::And: {
      Value l = eval(*n.kids[0], env);
      if (!l.to_bool()) return l;
      return eval(*n.kids[1], env);
    }
    case NodeType::Or: {
      Value l = eval(*n.kids[0], env);
      if (l.to_bool()) return l;
      return eval(*n.kids[1], env);
    }
    case NodeType::Ternary: {
      Value c = eval(*n.kids[0], env);
      if (n.kids.size() == 2) {
        return c.to_bool() ? c : eval(*n.kids[1], env);
      }
      return c.to_bool() ? eval(*n.kids[1], env) : eval(*n.kids[2], env);
    }
    case NodeType::Range: {
      Value a = eval(*n.kids[0], env);
      Value b = eval(*n.kids[1], env);
      return range_array(a, b);
    }
    case NodeType::Call:
      return eval_call(n, env);
    case NodeType::UserCall:
      return eval_user_call(n, env);
    case NodeType::Subquery: {
      Env copy = env;
      auto res = run_block(*n.block, copy, false);
      return Value::array(std::move(res));
    }
    case NodeType::ArrayCmp:
      return eval_array_cmp(n, env);
  }
  return Value();
}

}  // namespace emu::aql
