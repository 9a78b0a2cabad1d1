// The client soak benchmark (issue 23): --inflight calls kept in flight for --seconds through the
// public API only, a mix of document reads and writes, AQL cursors read over several batches,
// stream transactions (committed and aborted) and async jobs, while the emulator's fault
// injection (/_emulator/faults) breaks some of them: delays, resets, truncated and garbage
// answers, 503s and requests that never get an answer. Every call must end with a value or a
// typed arango error within its deadline; the program counts both per kind of call and error
// class, and watches the client's resident memory: after --warmup-seconds and at the end.
//
// Each of the --inflight chains makes one call at a time: the completion callback of a call
// makes the chain's next call (as the README advises and arango-bench's "chain" mode does), so
// exactly --inflight calls are in flight. A chain's operation is one call (get, insert, replace,
// update, delete) or a few in a row (a cursor read to its end, a transaction, an async job
// waited for and fetched), picked at random by weight (--mix). Reads, replaces and updates go to
// the --docs documents the collection is filled with; deletes take documents the run inserted,
// and an insert becomes a delete while 2,048 of those are left, so that neither the collection
// nor this program's list of keys grows with the length of the run. The main thread injects and
// clears faults, clears job results nobody fetched once a minute, and prints progress.
//
// Bugs, which make the exit code non-zero: a call that throws something other than an arango
// error, a completion called twice or inside the call that started it, a call still without a
// completion long after its deadline (a hang), an exception escaping a callback, a wrong result
// (a read of an existing document that comes back empty or names another document), and calls
// still pending when the run is over. Prints a progress line every --report-seconds, a summary,
// and one line "SOAK_JSON {...}" for test/bench/soak.py.
#include "bench_common.hpp"

#include <arango/arango.hpp>

#include <malloc.h>

#include <algorithm>
#include <array>
#include <cinttypes>
#include <ctime>
#include <deque>
#include <fstream>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
using arango::Json;
using arango::Result;

// ---------------------------------------------------------------------------------------------
// Command line

struct Options {
  std::string url = "http://127.0.0.1:8529";
  std::string control_url;  ///< where /_emulator/faults is; empty: --url
  std::string user = "root";
  std::string password;
  std::string database = "soak";
  long inflight = 256;
  double seconds = 1800;
  double warmup_seconds = 60;
  double report_seconds = 60;
  double fault_every = 20;    ///< seconds between fault injections; 0: no faults
  double fault_seconds = 5;   ///< how long an injected fault stays before it is cleared
  long timeout_ms = 10000;    ///< every call's deadline
  long docs = 10000;          ///< documents the collection is filled with (never deleted)
  std::uint64_t seed = 0;     ///< 0: from the clock
  bool keep_database = false;
  std::string mix;            ///< "get=30,insert=12,...": weights of the operations (others keep theirs)
};

[[noreturn]] void usage() {
  std::fprintf(stderr,
               "usage: arango-soak [--url URL] [--control-url URL] [--user U] [--password P] [--database DB]\n"
               "         [--inflight N] [--seconds S] [--warmup-seconds S] [--report-seconds S]\n"
               "         [--fault-every S (0: no faults)] [--fault-seconds S] [--timeout-ms MS] [--docs N]\n"
               "         [--seed N] [--keep-database] [--mix OP=WEIGHT,...]\n"
               "operations (default weights): get=30 insert=12 replace=8 update=8 delete=12 cursor=10\n"
               "         transaction=10 async-job=10\n"
               "ARANGO_URL, ARANGO_CONTROL_URL, ARANGO_USER and ARANGO_PASSWORD are the defaults of --url,\n"
               "--control-url, --user and --password.\n");
  std::exit(2);
}

Options parse_options(int argc, char** argv) {
  Options o;
  if (const char* v = std::getenv("ARANGO_URL"); v && *v) o.url = v;
  if (const char* v = std::getenv("ARANGO_CONTROL_URL"); v && *v) o.control_url = v;
  if (const char* v = std::getenv("ARANGO_USER"); v && *v) o.user = v;
  if (const char* v = std::getenv("ARANGO_PASSWORD")) o.password = v;
  for (int i = 1; i < argc; ++i) {
    std::string_view k = argv[i];
    if (k == "--help" || k == "-h") usage();
    if (k == "--keep-database") {
      o.keep_database = true;
      continue;
    }
    if (i + 1 >= argc) usage();
    std::string v = argv[++i];
    try {
      if (k == "--url") o.url = v;
      else if (k == "--control-url") o.control_url = v;
      else if (k == "--user") o.user = v;
      else if (k == "--password") o.password = v;
      else if (k == "--database") o.database = v;
      else if (k == "--inflight") o.inflight = std::stol(v);
      else if (k == "--seconds") o.seconds = std::stod(v);
      else if (k == "--warmup-seconds") o.warmup_seconds = std::stod(v);
      else if (k == "--report-seconds") o.report_seconds = std::stod(v);
      else if (k == "--fault-every") o.fault_every = std::stod(v);
      else if (k == "--fault-seconds") o.fault_seconds = std::stod(v);
      else if (k == "--timeout-ms") o.timeout_ms = std::stol(v);
      else if (k == "--docs") o.docs = std::stol(v);
      else if (k == "--seed") o.seed = std::stoull(v);
      else if (k == "--mix") o.mix = v;
      else usage();
    } catch (const std::logic_error&) {
      usage();
    }
  }
  if (o.inflight <= 0 || o.seconds <= 0 || o.warmup_seconds < 0 || o.report_seconds <= 0 || o.fault_every < 0 ||
      o.fault_seconds <= 0 || o.timeout_ms <= 0 || o.docs < 100) {
    usage();
  }
  if (o.control_url.empty()) o.control_url = o.url;
  if (o.seed == 0) o.seed = std::uint64_t(Clock::now().time_since_epoch().count());
  return o;
}

// ---------------------------------------------------------------------------------------------
// Memory of this process

struct Memory {
  long rss_kb = 0;      ///< VmRSS
  long hwm_kb = 0;      ///< VmHWM: the peak RSS
  long heap_kb = 0;     ///< malloc'd and not freed (mallinfo2: uordblks + hblkhd)
  long arena_kb = 0;    ///< obtained from the system by malloc (arena + mmapped)

  static Memory now() {
    Memory m;
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
      if (line.rfind("VmRSS:", 0) == 0) m.rss_kb = std::stol(line.substr(6));
      if (line.rfind("VmHWM:", 0) == 0) m.hwm_kb = std::stol(line.substr(6));
    }
    struct mallinfo2 mi = mallinfo2();
    m.heap_kb = long((mi.uordblks + mi.hblkhd) / 1024);
    m.arena_kb = long((mi.arena + mi.hblkhd) / 1024);
    return m;
  }
};

// ---------------------------------------------------------------------------------------------
// What is counted

enum Kind : int {
  kGet,
  kInsert,
  kReplace,
  kUpdate,
  kDelete,
  kCursorOpen,
  kCursorFetch,
  kTrxBegin,
  kTrxInsert,
  kTrxUpdate,
  kTrxCommit,
  kTrxAbort,
  kJobSubmit,
  kJobWait,
  kJobResult,
  kMaintenance,  ///< the controller's clear_async_jobs (not one of the --inflight calls)
  kKinds
};

constexpr std::array<const char*, kKinds> kKindNames{
    "get",        "insert",     "replace",    "update",     "delete",     "cursor.open",
    "cursor.fetch", "trx.begin", "trx.insert", "trx.update", "trx.commit", "trx.abort",
    "job.submit", "job.wait",   "job.result", "maintenance"};

/// The chains' operations (what a chain picks next), with their weights in the mix.
enum Op : int { kOpGet, kOpInsert, kOpReplace, kOpUpdate, kOpDelete, kOpCursor, kOpTrx, kOpJob, kOps };
constexpr std::array<const char*, kOps> kOpNames{"get", "insert", "replace", "update", "delete", "cursor",
                                                 "transaction", "async-job"};
constexpr std::array<int, kOps> kOpWeights{30, 12, 8, 8, 12, 10, 10, 10};
/// Documents this run inserted and has not deleted yet (the delete operation's keys): at most
/// this many; an insert picked while there are as many is a delete instead, so that the
/// collection (and the key list) stays the same size over a run of any length.
constexpr std::size_t kMaxInserted = 2048;

std::array<int, kOps> parse_mix(const std::string& mix) {
  std::array<int, kOps> w = kOpWeights;
  std::size_t at = 0;
  while (at < mix.size()) {
    std::size_t comma = mix.find(',', at);
    std::string item = mix.substr(at, comma == std::string::npos ? std::string::npos : comma - at);
    at = comma == std::string::npos ? mix.size() : comma + 1;
    std::size_t eq = item.find('=');
    if (eq == std::string::npos) usage();
    std::string name = item.substr(0, eq);
    int i = 0;
    while (i < kOps && name != kOpNames[std::size_t(i)]) ++i;
    if (i == kOps) usage();
    try {
      w[std::size_t(i)] = std::stoi(item.substr(eq + 1));
    } catch (const std::logic_error&) {
      usage();
    }
    if (w[std::size_t(i)] < 0) usage();
  }
  int total = 0;
  for (int x : w) total += x;
  if (total <= 0) usage();
  return w;
}

struct KindStats {
  std::atomic<std::uint64_t> calls{0};
  std::atomic<std::uint64_t> ok{0};
  std::atomic<std::int64_t> max_ms{0};
  std::mutex mutex;
  std::map<std::string, std::uint64_t> failed;  ///< error class name -> count
};

/// A small, fast generator per chain (xorshift64*).
struct Rng {
  std::uint64_t s;
  explicit Rng(std::uint64_t seed) : s(seed ? seed : 0x9E3779B97F4A7C15ull) {}
  std::uint64_t next() {
    s ^= s >> 12;
    s ^= s << 25;
    s ^= s >> 27;
    return s * 2685821657736338717ull;
  }
  long below(long n) { return long(next() % std::uint64_t(n)); }
};

/// One of the --inflight chains: at most one call in flight at a time.
struct Chain {
  explicit Chain(std::size_t i, std::uint64_t seed) : index(i), rng(seed) {}
  std::size_t index;
  Rng rng;
  std::uint64_t last_seq = 0;                 ///< sequence number of the chain's latest call
  std::atomic<std::uint64_t> pending{0};      ///< the call in flight (its seq), 0 when none
  std::atomic<std::int64_t> started_ns{0};    ///< when it started
  std::atomic<int> kind{-1};
  std::atomic<bool> hang_reported{false};
  std::atomic<bool> finished{false};
};

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch()).count();
}

template <class F>
struct future_value;
template <class T>
struct future_value<arango::Future<T>> {
  using type = T;
};

thread_local bool t_initiating = false;  ///< this thread is inside a call's initiation

// ---------------------------------------------------------------------------------------------

class Soak {
 public:
  explicit Soak(Options o)
      : opt_(std::move(o)), weights_(parse_mix(opt_.mix)), client_(client_options(opt_)), control_(control_options(opt_)) {
    for (int w : weights_) weights_total_ += w;
  }

  int run();

 private:
  static arango::ClientOptions client_options(const Options& o) {
    arango::ClientOptions c;
    c.hosts = {o.url};
    c.http.request_timeout = std::chrono::milliseconds(o.timeout_ms);
    return c;
  }
  static arango::ClientOptions control_options(const Options& o) {
    arango::ClientOptions c;
    c.hosts = {o.control_url};
    c.http.request_timeout = std::chrono::milliseconds(10000);
    return c;
  }

  // --- bookkeeping ---

  void bug(const std::string& what) {
    bugs_.fetch_add(1);
    std::lock_guard lock(bug_mutex_);
    // Each distinct description is kept (and printed three times at most), up to 100 of them.
    auto it = bug_counts_.find(what);
    if (it == bug_counts_.end() && bug_counts_.size() >= 100) it = bug_counts_.try_emplace("(more)").first;
    if (it == bug_counts_.end()) it = bug_counts_.emplace(what, 0).first;
    if (++it->second <= 3) std::fprintf(stderr, "arango-soak: BUG: %s\n", what.c_str());
  }

  void record_failure(Kind kind, const arango::ArangoError& e) {
    KindStats& s = stats_[kind];
    std::string name = e.class_name();
    std::lock_guard lock(s.mutex);
    ++s.failed[name];
    std::lock_guard elock(example_mutex_);
    if (!examples_.contains(name)) examples_[name] = std::string(kKindNames[kind]) + ": " + e.message();
  }

  /// Starts one tracked call of chain `c`: `start(callback)` initiates it; `then(result)` runs
  /// once it completes (ok or failed), and must continue the chain.
  template <class T, class Start, class Then>
  void call(Chain& c, Kind kind, Start start, Then then) {
    const std::uint64_t seq = ++c.last_seq;
    const std::int64_t started = now_ns();
    c.kind.store(kind);
    c.started_ns.store(started);
    c.hang_reported.store(false);
    c.pending.store(seq);
    inflight_.fetch_add(1);
    stats_[kind].calls.fetch_add(1, std::memory_order_relaxed);
    arango::Callback<T> done = [this, &c, kind, seq, started, then = std::move(then)](Result<T> r) mutable {
      if (t_initiating) bug(std::string(kKindNames[kind]) + ": completion ran inside the initiating call");
      const bool outer = t_initiating;
      t_initiating = false;  // what the continuation starts is a call of its own
      std::uint64_t expected = seq;
      if (!c.pending.compare_exchange_strong(expected, 0)) {
        bug(std::string(kKindNames[kind]) + ": completion called twice");
        return;
      }
      const std::int64_t ms = (now_ns() - started) / 1000000;
      KindStats& s = stats_[kind];
      std::int64_t prev = s.max_ms.load(std::memory_order_relaxed);
      while (ms > prev && !s.max_ms.compare_exchange_weak(prev, ms)) {
      }
      if (r) {
        s.ok.fetch_add(1, std::memory_order_relaxed);
      } else {
        record_failure(kind, r.error());
      }
      inflight_.fetch_sub(1);
      try {
        then(std::move(r));
      } catch (const std::exception& e) {
        bug(std::string(kKindNames[kind]) + ": the continuation threw: " + e.what());
        finish(c);
      }
      t_initiating = outer;
    };
    const bool outer = t_initiating;
    try {
      t_initiating = true;
      start(done);
      t_initiating = outer;
    } catch (const arango::ArangoError& e) {
      // A typed error raised by the initiation itself: the call's result.
      t_initiating = outer;
      done(Result<T>(e.clone()));
    } catch (const std::exception& e) {
      t_initiating = outer;
      bug(std::string(kKindNames[kind]) + ": the call threw a non-arango exception: " + e.what());
      std::uint64_t expected = seq;
      if (c.pending.compare_exchange_strong(expected, 0)) inflight_.fetch_sub(1);
      finish(c);
    }
  }

  /// The chain's next operation, unless the run is over.
  void next(Chain& c) {
    if (stop_.load()) return finish(c);
    Op op = pick(c);
    if (op == kOpInsert && inserted_count() >= kMaxInserted) op = kOpDelete;
    op_counts_[op].fetch_add(1, std::memory_order_relaxed);
    switch (op) {
      case kOpGet: return op_get(c);
      case kOpInsert: return op_insert(c);
      case kOpReplace: return op_replace(c);
      case kOpUpdate: return op_update(c);
      case kOpDelete: return op_delete(c);
      case kOpCursor: return op_cursor(c);
      case kOpTrx: return op_transaction(c);
      case kOpJob: return op_job(c);
      case kOps: break;
    }
  }

  void finish(Chain& c) {
    if (c.finished.exchange(true)) return;
    if (chains_left_.fetch_sub(1) == 1) {
      std::lock_guard lock(done_mutex_);
      all_done_ = true;
      done_cv_.notify_all();
    }
  }

  Op pick(Chain& c) const {
    long r = c.rng.below(weights_total_);
    for (int i = 0; i < kOps; ++i) {
      if (r < weights_[std::size_t(i)]) return Op(i);
      r -= weights_[std::size_t(i)];
    }
    return kOpGet;
  }

  long base_index(Chain& c) const { return c.rng.below(opt_.docs); }
  static std::string key_of(long i) {
    std::string key(1, 'k');  // not "k" + std::to_string(i): GCC 12's -O3 -Wrestrict false positive
    key += std::to_string(i);
    return key;
  }
  /// A number no other write uses: the documents a run inserts (above the base documents).
  long unique() { return 1000000000L + long(unique_.fetch_add(1)); }

  void wrong(Kind kind, const std::string& what) {
    wrong_results_.fetch_add(1);
    bug(std::string(kKindNames[kind]) + ": wrong result: " + what);
  }

  void push_inserted(std::string key) {
    std::lock_guard lock(keys_mutex_);
    inserted_.push_back(std::move(key));
    if (inserted_.size() > 2 * kMaxInserted) inserted_.pop_front();  // left in the collection
  }
  std::size_t inserted_count() {
    std::lock_guard lock(keys_mutex_);
    return inserted_.size();
  }
  std::optional<std::string> pop_inserted() {
    std::lock_guard lock(keys_mutex_);
    if (inserted_.empty()) return std::nullopt;
    std::string k = std::move(inserted_.front());
    inserted_.pop_front();
    return k;
  }

  /// Whether a document read back is base document `i`.
  static bool is_base_doc(arango::JsonView d, long i) {
    return d.is_object() && d["_key"].is_string() && d["_key"].as_string() == key_of(i) && d["n"].is_integer() &&
           d["n"].as_int64() == i;
  }

  // --- the operations ---

  void op_get(Chain& c) {
    long i = base_index(c);
    call<std::optional<Json>>(c, kGet, [this, i](auto done) { col_->get(key_of(i), {}, std::move(done)); },
                              [this, &c, i](Result<std::optional<Json>> r) {
                                if (r && (!*r || !is_base_doc((*r)->view(), i))) {
                                  wrong(kGet, "base document " + key_of(i) + (*r ? " read as " + (*r)->dump() : " missing"));
                                }
                                next(c);
                              });
  }

  void op_insert(Chain& c) {
    long n = unique();
    std::string key = key_of(n);
    call<arango::DocumentMeta<Json>>(
        c, kInsert,
        [this, n](auto done) { col_->insert(arango::JsonText(bench::small_doc(n)), {}, std::move(done)); },
        [this, &c, key](Result<arango::DocumentMeta<Json>> r) {
          if (r) {
            if (r->key != key) wrong(kInsert, "inserted " + key + ", got key " + r->key);
            push_inserted(key);
          }
          next(c);
        });
  }

  void op_replace(Chain& c) {
    long i = base_index(c);
    call<arango::DocumentMeta<Json>>(
        c, kReplace,
        [this, i](auto done) { col_->replace(arango::JsonText(bench::small_doc(i)), {}, std::move(done)); },
        [this, &c, i](Result<arango::DocumentMeta<Json>> r) {
          if (r && r->key != key_of(i)) wrong(kReplace, "replaced " + key_of(i) + ", got key " + r->key);
          next(c);
        });
  }

  void op_update(Chain& c) {
    long i = base_index(c);
    std::string body = "{\"_key\":\"" + key_of(i) + "\",\"u\":" + std::to_string(c.rng.below(1000000)) + "}";
    call<arango::DocumentMeta<Json>>(
        c, kUpdate,
        [this, body](auto done) { col_->update(arango::JsonText(body), {}, std::move(done)); },
        [this, &c, i](Result<arango::DocumentMeta<Json>> r) {
          if (r && r->key != key_of(i)) wrong(kUpdate, "updated " + key_of(i) + ", got key " + r->key);
          next(c);
        });
  }

  void op_delete(Chain& c) {
    // A document this run inserted, or (none left) one that never existed: ignore_missing.
    std::optional<std::string> key = pop_inserted();
    const bool existing = key.has_value();
    if (!key) key = "missing-" + std::to_string(unique());
    call<std::optional<arango::DocumentMeta<Json>>>(
        c, kDelete,
        [this, k = *key](auto done) { col_->delete_(k, {.ignore_missing = true}, std::move(done)); },
        [this, &c, k = *key, existing](Result<std::optional<arango::DocumentMeta<Json>>> r) {
          if (r && existing && !*r) wrong(kDelete, "inserted document " + k + " was missing");
          if (r && !existing && *r) wrong(kDelete, "deleted " + k + ", which never existed");
          next(c);
        });
  }

  /// 40 base documents by key, in batches of 10: a cursor the client reads in four requests.
  void op_cursor(Chain& c) {
    long lo = c.rng.below(opt_.docs - 40);
    arango::QueryOptions options{
        .count = true,
        .batch_size = 10,
        .bind_vars = Json::parse("{\"@c\":\"" + collection_ + "\",\"lo\":" + std::to_string(lo) +
                                 ",\"hi\":" + std::to_string(lo + 39) + "}")};
    call<arango::Cursor<Json>>(
        c, kCursorOpen,
        [this, options = std::move(options)](auto done) {
          db_->aql().execute("FOR i IN @lo..@hi RETURN DOCUMENT(@@c, CONCAT('k', i))", options, std::move(done));
        },
        [this, &c, lo](Result<arango::Cursor<Json>> r) {
          if (!r) return next(c);
          auto cursor = std::make_shared<arango::Cursor<Json>>(std::move(r).value());
          read_cursor(c, std::move(cursor), lo, 0);
        });
  }

  void read_cursor(Chain& c, std::shared_ptr<arango::Cursor<Json>> cursor, long lo, long read) {
    while (!cursor->empty()) {
      Json d = cursor->pop();
      if (!is_base_doc(d.view(), lo + read)) {
        wrong(kCursorFetch, "document " + std::to_string(read) + " of the cursor from " + key_of(lo) + " is " + d.dump());
      }
      ++read;
    }
    if (!cursor->has_more()) {
      if (read != 40 || cursor->count() != 40) {
        wrong(kCursorFetch, "cursor read " + std::to_string(read) + " documents, count " +
                                std::to_string(cursor->count()) + ", not 40");
      }
      return next(c);
    }
    call<std::size_t>(
        c, kCursorFetch, [cursor](auto done) { cursor->fetch(std::nullopt, std::move(done)); },
        [this, &c, cursor, lo, read](Result<std::size_t> r) {
          if (!r) return next(c);  // the cursor's destructor closes it on the server
          read_cursor(c, cursor, lo, read);
        });
  }

  /// begin; insert a new document; half of the time update it too; commit (4 in 5) or abort.
  /// A failed write aborts; a failed commit is followed by an abort (which may fail in turn).
  void op_transaction(Chain& c) {
    arango::BeginTransactionOptions options{.write = {collection_}};
    call<arango::TransactionDatabase>(
        c, kTrxBegin, [this, options](auto done) { db_->begin_transaction(options, std::move(done)); },
        [this, &c](Result<arango::TransactionDatabase> r) {
          if (!r) return next(c);
          auto trx = std::make_shared<arango::TransactionDatabase>(std::move(r).value());
          long n = unique();
          call<arango::DocumentMeta<Json>>(
              c, kTrxInsert,
              [trx, this, n](auto done) {
                trx->collection(collection_).insert(arango::JsonText(bench::small_doc(n)), {}, std::move(done));
              },
              [this, &c, trx, n](Result<arango::DocumentMeta<Json>> r) {
                if (!r) return abort_transaction(c, trx);
                if (r->key != key_of(n)) wrong(kTrxInsert, "inserted " + key_of(n) + ", got key " + r->key);
                if (c.rng.below(2) == 0) return end_transaction(c, trx, n);
                std::string body = "{\"_key\":\"" + key_of(n) + "\",\"u\":1}";
                call<arango::DocumentMeta<Json>>(
                    c, kTrxUpdate,
                    [trx, this, body](auto done) {
                      trx->collection(collection_).update(arango::JsonText(body), {}, std::move(done));
                    },
                    [this, &c, trx, n](Result<arango::DocumentMeta<Json>> r) {
                      if (!r) return abort_transaction(c, trx);
                      end_transaction(c, trx, n);
                    });
              });
        });
  }

  void end_transaction(Chain& c, std::shared_ptr<arango::TransactionDatabase> trx, long n) {
    if (c.rng.below(5) == 0) return abort_transaction(c, trx);
    call<void>(
        c, kTrxCommit, [trx](auto done) { trx->commit_transaction(std::move(done)); },
        [this, &c, trx, n](Result<void> r) {
          if (!r) return abort_transaction(c, trx);
          push_inserted(key_of(n));
          next(c);
        });
  }

  void abort_transaction(Chain& c, std::shared_ptr<arango::TransactionDatabase> trx) {
    call<void>(
        c, kTrxAbort, [trx](auto done) { trx->abort_transaction(std::move(done)); },
        [this, &c](Result<void>) { next(c); });
  }

  /// An async job: half of them a document read, half an AQL query; waited for (polling its
  /// status, at most --timeout-ms) and its result fetched.
  void op_job(Chain& c) {
    if (c.rng.below(2) == 0) {
      long i = base_index(c);
      using Job = std::optional<arango::AsyncJob<std::optional<Json>>>;
      call<Job>(
          c, kJobSubmit, [this, i](auto done) { async_col_->get(key_of(i), {}, std::move(done)); },
          [this, &c, i](Result<Job> r) {
            if (!r) return next(c);
            if (!*r) {
              wrong(kJobSubmit, "no job from an AsyncDatabase that keeps results");
              return next(c);
            }
            wait_job(c, **r, [this, i](const std::optional<Json>& doc) {
              if (!doc || !is_base_doc(doc->view(), i)) {
                wrong(kJobResult, "job read of " + key_of(i) + ": " + (doc ? doc->dump() : std::string("missing")));
              }
            });
          });
      return;
    }
    long x = c.rng.below(1000000);
    using Query = decltype(std::declval<arango::AsyncDatabase&>().aql().execute(""));
    using Job = typename future_value<Query>::type;
    call<Job>(
        c, kJobSubmit,
        [this, x](auto done) {
          async_db_->aql().execute("RETURN @x", {.bind_vars = Json::parse("{\"x\":" + std::to_string(x) + "}")},
                                   std::move(done));
        },
        [this, &c, x](Result<Job> r) {
          if (!r) return next(c);
          if (!*r) {
            wrong(kJobSubmit, "no job from an AsyncDatabase that keeps results");
            return next(c);
          }
          wait_job(c, **r, [this, x](auto& cursor) {
            std::optional<Json> v;
            if (!cursor.empty()) v = cursor.pop();
            if (!v || !v->view().is_integer() || v->view().as_int64() != x || !cursor.empty() || cursor.has_more()) {
              wrong(kJobResult, "job RETURN " + std::to_string(x) + " gave " + (v ? v->dump() : std::string("nothing")));
            }
          });
        });
  }

  template <class T, class Check>
  void wait_job(Chain& c, arango::AsyncJob<T> job, Check check) {
    const auto limit = std::chrono::milliseconds(opt_.timeout_ms);
    call<bool>(
        c, kJobWait, [job, limit](auto done) { job.wait(limit, std::chrono::milliseconds(100), std::move(done)); },
        [this, &c, job, check](Result<bool> r) mutable {
          if (!r) return next(c);
          if (!*r) {
            jobs_not_done_.fetch_add(1);  // still pending after --timeout-ms: left to the server
            return next(c);
          }
          call<T>(
              c, kJobResult, [job](auto done) { job.result(std::move(done)); },
              [this, &c, check](Result<T> r) mutable {
                if (r) check(*r);
                next(c);
              });
        });
  }

  // --- faults (the emulator's control API, on a client of its own) ---

  Json control(arango::Method method, const std::string& path, std::string body = {}) {
    arango::Request r(method, path, {}, std::move(body));
    r.prefix_needed = false;
    arango::Response resp = control_db_->request(std::move(r)).get();
    if (resp.status_code != 200) {
      throw std::runtime_error(path + " answered " + std::to_string(resp.status_code) + ": " + resp.raw_body);
    }
    return Json::parse(std::move(resp.raw_body));
  }

  struct FaultRecord {
    std::string kind;
    std::string path;
    long count = 0;
    long delay_ms = 0;
    long hits = 0;
    double at = 0;  ///< seconds into the run
  };

  void inject_fault(Rng& rng, double at) {
    static const std::array<const char*, 6> kinds{"delay", "reset", "truncate", "garbage", "status503", "hang"};
    static const std::array<const char*, 5> paths{"/_api/document", "/_api/cursor", "/_api/transaction",
                                                  "/_api/job", "/_api/"};
    FaultRecord f;
    f.kind = kinds[faults_.size() % kinds.size()];  // each kind in turn
    f.path = paths[std::size_t(rng.below(long(paths.size())))];
    f.at = at;
    std::string body = "{\"path\":\"" + f.path + "\",\"action\":\"" + f.kind + "\"";
    if (f.kind == "delay") {
      f.delay_ms = 200 + rng.below(2800);
      f.count = 100 + rng.below(400);
      body += ",\"delay_ms\":" + std::to_string(f.delay_ms);
    } else if (f.kind == "hang") {
      f.count = 1 + rng.below(8);  // each holds a connection until the call's deadline
    } else {
      f.count = 5 + rng.below(60);
    }
    body += ",\"count\":" + std::to_string(f.count) + "}";
    control(arango::Method::POST, "/_emulator/faults", body);
    faults_.push_back(f);
  }

  void clear_faults() {
    Json list = control(arango::Method::GET, "/_emulator/faults");
    long remaining_hits = 0;
    for (arango::JsonView f : list["faults"].elements()) remaining_hits += long(f["hits"].as_int64());
    control(arango::Method::DELETE, "/_emulator/faults");
    if (!faults_.empty()) {
      // A fault used up is gone from the list: it took all its count.
      FaultRecord& f = faults_.back();
      f.hits = list["faults"].empty() ? f.count : remaining_hits;
    }
  }

  /// Drops the stored results of jobs nobody fetched (a failed wait or result call) from the
  /// server: those finished more than two minutes ago.
  void clear_old_jobs() {
    auto& s = stats_[kMaintenance];
    s.calls.fetch_add(1);
    double threshold = double(std::time(nullptr)) - 120;
    try {
      control_soak_db_->clear_async_jobs(threshold).get();
      s.ok.fetch_add(1);
    } catch (const arango::ArangoError& e) {
      record_failure(kMaintenance, e);
    }
  }

  // --- reporting ---

  std::uint64_t total_calls() const {
    std::uint64_t n = 0;
    for (int k = 0; k < kMaintenance; ++k) n += stats_[k].calls.load();
    return n;
  }
  std::uint64_t total_failed() {
    std::uint64_t n = 0;
    for (int k = 0; k < kMaintenance; ++k) {
      std::lock_guard lock(stats_[k].mutex);
      for (const auto& [name, count] : stats_[k].failed) n += count;
    }
    return n;
  }

  void watch_hangs() {
    const std::int64_t limit_ns = (2 * opt_.timeout_ms + 15000) * 1000000LL;
    const std::int64_t now = now_ns();
    for (auto& c : chains_) {
      if (c->pending.load() == 0) continue;
      std::int64_t started = c->started_ns.load();
      if (started != 0 && now - started > limit_ns && !c->hang_reported.exchange(true)) {
        hangs_.fetch_add(1);
        int kind = c->kind.load();
        bug(std::string(kind >= 0 ? kKindNames[std::size_t(kind)] : "?") + ": no completion after " +
            std::to_string((now - started) / 1000000000) + " s (deadline " + std::to_string(opt_.timeout_ms) + " ms)");
      }
    }
  }

  /// A progress line: calls and this process's CPU since the last one, memory now.
  void progress(double t, std::uint64_t& last_calls, double& last_t, bench::Sample& last_cpu) {
    Memory m = Memory::now();
    bench::Sample cpu = bench::Sample::now();
    std::uint64_t calls = total_calls();
    double used = (cpu.user - last_cpu.user) + (cpu.sys - last_cpu.sys);
    double rate = t > last_t ? double(calls - last_calls) / (t - last_t) : 0;
    double us_per_call = calls > last_calls ? used * 1e6 / double(calls - last_calls) : 0;
    double cpu_pct = t > last_t ? 100 * used / (t - last_t) : 0;
    last_calls = calls;
    last_t = t;
    last_cpu = cpu;
    rss_samples_.push_back({t, m.rss_kb, m.heap_kb, m.arena_kb, calls});
    std::printf("[soak] t=%5.0fs calls=%" PRIu64 " (%.0f/s, CPU %.0f%%, %.0f us/call) inflight=%ld rss=%ld kB "
                "heap=%ld kB (of %ld kB malloc holds) failed=%" PRIu64 " bugs=%" PRIu64 " faults=%zu\n",
                t, calls, rate, cpu_pct, us_per_call, long(inflight_.load()), m.rss_kb, m.heap_kb, m.arena_kb,
                total_failed(), std::uint64_t(bugs_.load()), faults_.size());
    std::fflush(stdout);
  }

  void summary(double seconds, const Memory& warm, const Memory& end, const Memory& drained, const Memory& trimmed,
               const bench::Sample& begin, const bench::Sample& finish, std::uint64_t calls_after_warm,
               long leftover, bool faults_on, const std::string& fault_note);

  // --- state ---

  Options opt_;
  std::array<int, kOps> weights_;
  long weights_total_ = 0;
  std::string collection_ = "soak";
  std::array<KindStats, kKinds> stats_{};
  std::array<std::atomic<std::uint64_t>, kOps> op_counts_{};
  std::atomic<std::uint64_t> unique_{0};
  std::atomic<long> inflight_{0};
  std::atomic<bool> stop_{false};
  std::atomic<long> chains_left_{0};
  std::atomic<std::uint64_t> bugs_{0};
  std::atomic<std::uint64_t> hangs_{0};
  std::atomic<std::uint64_t> wrong_results_{0};
  std::atomic<std::uint64_t> jobs_not_done_{0};
  std::atomic<std::uint64_t> callback_exceptions_{0};
  std::mutex bug_mutex_;
  std::map<std::string, std::uint64_t> bug_counts_;
  std::mutex example_mutex_;
  std::map<std::string, std::string> examples_;
  std::mutex keys_mutex_;
  std::deque<std::string> inserted_;
  std::mutex done_mutex_;
  std::condition_variable done_cv_;
  bool all_done_ = false;
  std::vector<FaultRecord> faults_;
  struct RssSample {
    double t;
    long rss_kb;
    long heap_kb;
    long arena_kb;
    std::uint64_t calls;  ///< calls made so far
  };
  std::vector<RssSample> rss_samples_;
  std::vector<std::unique_ptr<Chain>> chains_;
  // The clients last: destroyed first, while everything their callbacks touch still exists.
  arango::ArangoClient client_;
  arango::ArangoClient control_;
  std::optional<arango::StandardDatabase> db_;
  std::optional<arango::StandardCollection<Json>> col_;
  std::optional<arango::AsyncDatabase> async_db_;
  std::optional<decltype(std::declval<arango::AsyncDatabase&>().collection(""))> async_col_;
  std::optional<arango::StandardDatabase> control_db_;
  std::optional<arango::StandardDatabase> control_soak_db_;
};

int Soak::run() {
  const arango::Auth auth{opt_.user, opt_.password};
  // Set-up, with futures: database, collection, --docs documents.
  arango::StandardDatabase sys = client_.db("_system", {.auth = auth}).get();
  if (sys.has_database(opt_.database).get()) sys.delete_database(opt_.database).get();
  sys.create_database(opt_.database).get();
  db_ = client_.db(opt_.database, {.auth = auth}).get();
  db_->create_collection(collection_).get();
  db_->aql()
      .execute(bench::fill_query(opt_.docs), {.bind_vars = Json::parse("{\"@c\":\"" + collection_ + "\"}")})
      .get();
  col_ = db_->collection(collection_);
  async_db_ = db_->begin_async_execution(true);
  async_col_ = async_db_->collection(collection_);

  control_db_ = control_.db("_system", {.auth = auth}).get();
  control_soak_db_ = control_.db(opt_.database, {.auth = auth}).get();
  bool faults_on = opt_.fault_every > 0;
  std::string fault_note;
  if (faults_on) {
    // Only the emulator has the fault-injection API.
    Json v = control_db_->version({.details = true}).get();
    if (!v["details"]["emulator"].is_string()) {
      faults_on = false;
      fault_note = "the server is not arango-emulator: no faults injected";
    } else {
      control(arango::Method::DELETE, "/_emulator/faults");
    }
  }
  char faults_text[96] = "off";
  if (faults_on) std::snprintf(faults_text, sizeof faults_text, "every %g s for %g s", opt_.fault_every, opt_.fault_seconds);
  std::printf("[soak] %s: database %s, %ld documents, %ld calls in flight for %.0f s, deadline %ld ms, faults %s, "
              "seed %" PRIu64 "\n",
              opt_.url.c_str(), opt_.database.c_str(), opt_.docs, opt_.inflight, opt_.seconds, opt_.timeout_ms,
              faults_text, opt_.seed);
  std::fflush(stdout);

  for (long i = 0; i < opt_.inflight; ++i) {
    chains_.push_back(std::make_unique<Chain>(std::size_t(i), opt_.seed * 1000003ull + std::uint64_t(i) + 1));
  }
  chains_left_.store(opt_.inflight);

  const auto t0 = Clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - t0).count(); };
  for (auto& c : chains_) next(*c);

  Rng rng(opt_.seed ^ 0xFA17ull);
  std::optional<Memory> warm;
  bench::Sample warm_sample = bench::Sample::now();
  std::uint64_t warm_calls = 0;
  double next_report = opt_.report_seconds;
  double next_fault = opt_.fault_every;
  double clear_at = -1;
  double next_job_clear = 60;
  std::uint64_t last_calls = 0;
  double last_t = 0;
  bench::Sample last_cpu = bench::Sample::now();
  bool control_failed = false;
  for (;;) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const double t = elapsed();
    if (t >= opt_.seconds) break;
    watch_hangs();
    try {
      if (faults_on && !control_failed) {
        if (clear_at >= 0 && t >= clear_at) {
          clear_faults();
          clear_at = -1;
        }
        if (clear_at < 0 && t >= next_fault && t + opt_.fault_seconds < opt_.seconds) {
          inject_fault(rng, t);
          clear_at = t + opt_.fault_seconds;
          next_fault += opt_.fault_every;
        }
      }
    } catch (const std::exception& e) {
      std::fprintf(stderr, "arango-soak: the fault control API failed: %s\n", e.what());
      control_failed = true;
    }
    // Between faults only: this call blocks the loop, and a fault would hold it up to its deadline.
    if (t >= next_job_clear && clear_at < 0) {
      clear_old_jobs();
      next_job_clear = t + 60;
    }
    if (!warm && t >= opt_.warmup_seconds) {
      warm = Memory::now();
      warm_sample = bench::Sample::now();
      warm_calls = total_calls();
      std::printf("[soak] warm-up over at %.0f s: rss=%ld kB heap=%ld kB\n", t, warm->rss_kb, warm->heap_kb);
      std::fflush(stdout);
    }
    if (t >= next_report) {
      progress(t, last_calls, last_t, last_cpu);
      next_report += opt_.report_seconds;
    }
  }
  // The end of the load: memory with every chain still busy, as at the warm-up mark.
  const double load_seconds = elapsed();
  Memory end = Memory::now();
  bench::Sample finish = bench::Sample::now();
  if (!warm) warm = end;  // a run shorter than its warm-up
  stop_.store(true);
  if (faults_on && !control_failed) {
    try {
      if (clear_at >= 0) clear_faults();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "arango-soak: the fault control API failed: %s\n", e.what());
      control_failed = true;
    }
  }
  progress(load_seconds, last_calls, last_t, last_cpu);

  // Every chain ends its operation; each call ends within its deadline (a job's wait: one more
  // poll), so this wait is bounded. What is left after it is a bug.
  const auto drain_limit = std::chrono::milliseconds(3 * opt_.timeout_ms + 20000);
  const auto drain_start = Clock::now();
  for (;;) {
    {
      std::unique_lock lock(done_mutex_);
      if (done_cv_.wait_for(lock, std::chrono::seconds(1), [&] { return all_done_; })) break;
    }
    watch_hangs();
    if (Clock::now() - drain_start > drain_limit) break;
  }
  const long leftover_calls = inflight_.load();
  const long leftover_chains = chains_left_.load();
  if (leftover_calls != 0 || leftover_chains != 0) {
    std::fprintf(stderr, "arango-soak: BUG: %ld calls (%ld chains) still pending %.0f s after the end\n",
                 leftover_calls, leftover_chains, std::chrono::duration<double>(Clock::now() - drain_start).count());
  }
  Memory drained = Memory::now();
  // How much of that is free memory malloc holds (a diagnosis: what a malloc_trim(0) gives back).
  malloc_trim(0);
  Memory trimmed = Memory::now();
  if (auto http = std::dynamic_pointer_cast<arango::DefaultHTTPClient>(client_.http_client())) {
    callback_exceptions_.fetch_add(http->callback_exceptions());
  }
  if (!opt_.keep_database && leftover_calls == 0) {
    try {
      sys.delete_database(opt_.database).get();
    } catch (const arango::ArangoError& e) {
      std::fprintf(stderr, "arango-soak: could not drop database %s: %s\n", opt_.database.c_str(), e.what());
    }
  }
  if (control_failed) fault_note = "the fault control API failed during the run";
  summary(load_seconds, *warm, end, drained, trimmed, warm_sample, finish, total_calls() - warm_calls, leftover_calls,
          faults_on, fault_note);
  const bool ok = bugs_.load() == 0 && callback_exceptions_.load() == 0 && leftover_calls == 0 &&
                  leftover_chains == 0 && !control_failed;
  return ok ? 0 : 1;
}

void json_string(std::string& out, std::string_view s) {
  arango::JsonBuilder b;
  b.string(s);
  out += std::move(b.finish()).str();
}

void Soak::summary(double seconds, const Memory& warm, const Memory& end, const Memory& drained,
                   const Memory& trimmed, const bench::Sample& begin, const bench::Sample& finish, std::uint64_t calls_after_warm,
                   long leftover, bool faults_on, const std::string& fault_note) {
  const std::uint64_t calls = total_calls();
  const double change = warm.rss_kb > 0 ? 100.0 * double(end.rss_kb - warm.rss_kb) / double(warm.rss_kb) : 0;
  const double cpu = (finish.user - begin.user) + (finish.sys - begin.sys);
  const double cpu_us_per_call = calls_after_warm > 0 ? cpu * 1e6 / double(calls_after_warm) : 0;

  std::printf("\n== arango-soak summary ==\n");
  std::printf("duration %.0f s, %ld calls in flight, %" PRIu64 " calls (%.0f/s), deadline %ld ms\n", seconds,
              opt_.inflight, calls, seconds > 0 ? double(calls) / seconds : 0, opt_.timeout_ms);
  std::printf("operations:");
  for (int o = 0; o < kOps; ++o) std::printf(" %s %" PRIu64, kOpNames[o], std::uint64_t(op_counts_[o].load()));
  std::printf("\n\n%-13s %10s %10s %8s  %s\n", "call", "calls", "ok", "max ms", "failed (by error class)");
  std::map<std::string, std::uint64_t> by_class;
  for (int k = 0; k < kKinds; ++k) {
    KindStats& s = stats_[k];
    std::lock_guard lock(s.mutex);
    std::string failed;
    for (const auto& [name, n] : s.failed) {
      failed += (failed.empty() ? "" : ", ") + name + " " + std::to_string(n);
      by_class[name] += n;
    }
    std::printf("%-13s %10" PRIu64 " %10" PRIu64 " %8" PRId64 "  %s\n", kKindNames[k], std::uint64_t(s.calls.load()),
                std::uint64_t(s.ok.load()), std::int64_t(s.max_ms.load()), failed.empty() ? "-" : failed.c_str());
  }
  std::printf("\nfailures by class:");
  for (const auto& [name, n] : by_class) std::printf(" %s %" PRIu64, name.c_str(), n);
  std::printf("\n");
  {
    std::lock_guard lock(example_mutex_);
    for (const auto& [name, text] : examples_) std::printf("  e.g. %s: %s\n", name.c_str(), text.c_str());
  }
  std::map<std::string, long> injected, hits;
  for (const auto& f : faults_) {
    ++injected[f.kind];
    hits[f.kind] += f.hits;
  }
  std::printf("faults: %s", faults_on ? "" : "off");
  for (const auto& [kind, n] : injected) std::printf(" %s %ld (%ld requests hit)", kind.c_str(), n, hits[kind]);
  if (!fault_note.empty()) std::printf(" (%s)", fault_note.c_str());
  std::printf("\njobs still pending after their wait: %" PRIu64 "\n", std::uint64_t(jobs_not_done_.load()));
  std::printf("RSS: %ld kB after the warm-up, %ld kB at the end (%+.2f%%), %ld kB once the calls drained, peak %ld kB\n",
              warm.rss_kb, end.rss_kb, change, drained.rss_kb, end.hwm_kb);
  std::printf("RSS after malloc_trim(0): %ld kB\n", trimmed.rss_kb);
  std::printf("heap in use: %ld kB after the warm-up, %ld kB at the end, %ld kB drained; malloc holds %ld kB after "
              "the warm-up, %ld kB at the end\n",
              warm.heap_kb, end.heap_kb, drained.heap_kb, warm.arena_kb, end.arena_kb);
  std::printf("CPU after the warm-up: %.1f s (user %.1f, system %.1f), %.1f µs per call\n", cpu,
              finish.user - begin.user, finish.sys - begin.sys, cpu_us_per_call);
  std::printf("bugs: %" PRIu64 " (hangs %" PRIu64 ", wrong results %" PRIu64 ", callback exceptions %" PRIu64
              "), calls left pending: %ld\n",
              std::uint64_t(bugs_.load()), std::uint64_t(hangs_.load()), std::uint64_t(wrong_results_.load()),
              std::uint64_t(callback_exceptions_.load()), leftover);
  {
    std::lock_guard lock(bug_mutex_);
    for (const auto& [what, n] : bug_counts_) std::printf("  BUG x%" PRIu64 ": %s\n", n, what.c_str());
  }

  // The machine-readable line.
  std::string j = "{";
  auto num = [&](const char* key, double v) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "\"%s\":%.10g,", key, v);
    j += buf;
  };
  num("seconds", seconds);
  num("inflight", double(opt_.inflight));
  num("timeout_ms", double(opt_.timeout_ms));
  num("docs", double(opt_.docs));
  num("warmup_seconds", opt_.warmup_seconds);
  num("fault_every", faults_on ? opt_.fault_every : 0);
  num("fault_seconds", opt_.fault_seconds);
  num("calls", double(calls));
  num("calls_per_sec", seconds > 0 ? double(calls) / seconds : 0);
  num("rss_warmup_kb", double(warm.rss_kb));
  num("rss_end_kb", double(end.rss_kb));
  num("rss_change_pct", change);
  num("rss_drained_kb", double(drained.rss_kb));
  num("rss_peak_kb", double(end.hwm_kb));
  num("heap_warmup_kb", double(warm.heap_kb));
  num("heap_end_kb", double(end.heap_kb));
  num("heap_drained_kb", double(drained.heap_kb));
  num("malloc_warmup_kb", double(warm.arena_kb));
  num("malloc_end_kb", double(end.arena_kb));
  num("rss_trimmed_kb", double(trimmed.rss_kb));
  num("cpu_s_after_warmup", cpu);
  num("cpu_us_per_call", cpu_us_per_call);
  num("bugs", double(bugs_.load()));
  num("hangs", double(hangs_.load()));
  num("wrong_results", double(wrong_results_.load()));
  num("callback_exceptions", double(callback_exceptions_.load()));
  num("leftover_calls", double(leftover));
  num("jobs_not_done", double(jobs_not_done_.load()));
  j += "\"fault_note\":";
  json_string(j, fault_note);
  j += ",\"ops\":{";
  for (int o = 0; o < kOps; ++o) {
    j += (o ? "," : "");
    json_string(j, kOpNames[o]);
    j += ':';
    j += std::to_string(op_counts_[o].load());
  }
  j += "},\"kinds\":{";
  for (int k = 0; k < kKinds; ++k) {
    KindStats& s = stats_[k];
    std::lock_guard lock(s.mutex);
    j += (k ? "," : "");
    json_string(j, kKindNames[k]);
    j += ":{\"calls\":" + std::to_string(s.calls.load()) + ",\"ok\":" + std::to_string(s.ok.load()) +
         ",\"max_ms\":" + std::to_string(s.max_ms.load()) + ",\"failed\":{";
    bool first = true;
    for (const auto& [name, n] : s.failed) {
      j += first ? "" : ",";
      first = false;
      json_string(j, name);
      j += ':';
      j += std::to_string(n);
    }
    j += "}}";
  }
  j += "},\"failed_by_class\":{";
  bool first = true;
  for (const auto& [name, n] : by_class) {
    j += first ? "" : ",";
    first = false;
    json_string(j, name);
    j += ':';
    j += std::to_string(n);
  }
  j += "},\"faults\":[";
  first = true;
  for (const auto& f : faults_) {
    j += first ? "" : ",";
    first = false;
    j += "{\"kind\":";
    json_string(j, f.kind);
    j += ",\"path\":";
    json_string(j, f.path);
    char buf[128];
    std::snprintf(buf, sizeof buf, ",\"count\":%ld,\"delay_ms\":%ld,\"hits\":%ld,\"at\":%.1f}", f.count, f.delay_ms,
                  f.hits, f.at);
    j += buf;
  }
  j += "],\"rss_samples\":[";
  first = true;
  for (const auto& s : rss_samples_) {
    j += first ? "" : ",";
    first = false;
    char buf[96];
    std::snprintf(buf, sizeof buf, "[%.1f,%ld,%ld,%ld,%" PRIu64 "]", s.t, s.rss_kb, s.heap_kb, s.arena_kb, s.calls);
    j += buf;
  }
  j += "],\"bug_list\":{";
  {
    std::lock_guard lock(bug_mutex_);
    first = true;
    for (const auto& [what, n] : bug_counts_) {
      j += first ? "" : ",";
      first = false;
      json_string(j, what);
      j += ':';
      j += std::to_string(n);
    }
  }
  j += "}}";
  std::printf("SOAK_JSON %s\n", j.c_str());
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  Options options = parse_options(argc, argv);
  try {
    Soak soak(std::move(options));
    return soak.run();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "arango-soak: %s\n", e.what());
    return 1;
  }
}
