// The library's side of the benchmarks: each workload through arango-async's public API, as a
// user would write it (typed documents with a serializer and a SAX deserializer, futures for
// sequential calls; --mode chain, the default, makes each next call from the completion callback
// of the last, --mode blocking from a thread that waits for each). Prints one JSON line
// (bench_common.hpp) per run; curl_baseline.cpp does the same HTTP work with bare libcurl.
// Set-up (database, collection, documents) is not measured.
#include "bench_common.hpp"

#include <arango/arango.hpp>

#include <semaphore>
#include <thread>
#include <vector>

namespace {

constexpr const char* kProgram = "arango-async";

struct SmallDoc {
  std::string key;
  std::int64_t n = 0;
  std::string s;
  bool b = false;
};

void to_json(arango::JsonWriter& w, const SmallDoc& d) {
  w.begin_object();
  if (!d.key.empty()) {
    w.key("_key");
    w.string(d.key);
  }
  w.key("n");
  w.int64(d.n);
  w.key("s");
  w.string(d.s);
  w.key("b");
  w.boolean(d.b);
  w.end_object();
}

SmallDoc make_doc(long i, bool with_key) {
  return SmallDoc{with_key ? "k" + std::to_string(i) : std::string(), i, "value-" + std::to_string(i), i % 2 == 0};
}

/// Fills a SmallDoc from the parser's events; "_id" and "_rev" are skipped.
class SmallDocHandler final : public arango::JsonHandler {
 public:
  explicit SmallDocHandler(SmallDoc& d) : d_(d) {}
  bool on_start_object() override { return ++depth_ == 1; }
  bool on_end_object(std::size_t) override { return --depth_ == 0; }
  bool on_key(std::string_view k) override {
    field_ = k == "_key" ? Field::key : k == "n" ? Field::n : k == "s" ? Field::s : k == "b" ? Field::b : Field::other;
    return true;
  }
  bool on_string(std::string_view v) override {
    if (field_ == Field::key) d_.key = v;
    if (field_ == Field::s) d_.s = v;
    return true;
  }
  bool on_int64(std::int64_t v) override {
    if (field_ == Field::n) d_.n = v;
    return true;
  }
  bool on_uint64(std::uint64_t v) override { return on_int64(static_cast<std::int64_t>(v)); }
  bool on_bool(bool v) override {
    if (field_ == Field::b) d_.b = v;
    return true;
  }

 private:
  enum class Field { key, n, s, b, other };
  SmallDoc& d_;
  Field field_ = Field::other;
  int depth_ = 0;
};

}  // namespace

template <>
struct arango::Deserializer<SmallDoc> {
  static SmallDocHandler handler(SmallDoc& d) { return SmallDocHandler(d); }
};

namespace {

/// Passes every call to the default transport and counts the response body bytes (the cursor
/// workload's MB/s).
class CountingHTTPClient final : public arango::HTTPClient {
 public:
  explicit CountingHTTPClient(std::shared_ptr<arango::HTTPClient> inner) : inner_(std::move(inner)) {}
  void send_request(std::shared_ptr<const arango::HttpRequest> request, Completion done) override {
    inner_->send_request(std::move(request), [this, done = std::move(done)](arango::Result<arango::Response> r) {
      if (r) bytes_.fetch_add(r->raw_body.size(), std::memory_order_relaxed);
      done(std::move(r));
    });
  }
  void close() override { inner_->close(); }
  std::shared_ptr<const arango::detail::IoThread> io_thread() const override { return inner_->io_thread(); }
  void schedule(std::chrono::milliseconds delay, Completion done) override { inner_->schedule(delay, std::move(done)); }
  std::uint64_t bytes() const { return bytes_.load(); }

 private:
  std::shared_ptr<arango::HTTPClient> inner_;
  std::atomic<std::uint64_t> bytes_{0};
};

struct Bench {
  bench::Args args;
  std::shared_ptr<CountingHTTPClient> counter;
  arango::ArangoClient client;
  arango::Auth auth;

  static arango::ClientOptions client_options(const bench::Args& a, std::shared_ptr<CountingHTTPClient>& counter) {
    arango::ClientOptions o;
    o.hosts = {a.url};
    if (a.workload == "cursor") {
      counter = std::make_shared<CountingHTTPClient>(std::make_shared<arango::DefaultHTTPClient>());
      o.http_client = counter;
    }
    return o;
  }

  explicit Bench(bench::Args a)
      : args(std::move(a)), client(client_options(args, counter)), auth{args.user, args.password} {}

  arango::StandardDatabase setup(const std::string& collection) {
    arango::StandardDatabase sys = client.db("_system", {.auth = auth}).get();
    if (!sys.has_database(args.database).get()) sys.create_database(args.database).get();
    arango::StandardDatabase db = client.db(args.database, {.auth = auth}).get();
    if (args.workload == "cursor" && db.has_collection(collection).get() &&
        db.collection(collection).count().get() == args.docs) {
      return db;
    }
    if (db.has_collection(collection).get()) db.delete_collection(collection).get();
    db.create_collection(collection).get();
    if (args.workload == "cursor") {
      db.aql().execute(bench::fill_query(args.docs), {.bind_vars = arango::Json::parse("{\"@c\":\"" + collection + "\"}")})
          .get();
    }
    if (args.workload == "get-concurrent" || args.workload == "get-queued") {
      auto col = db.collection<SmallDoc>(collection);
      for (long i = 0; i < args.ops; i += 1000) {
        std::vector<SmallDoc> docs;
        for (long j = i; j < std::min(args.ops, i + 1000); ++j) docs.push_back(make_doc(j, true));
        col.insert_many(docs, {.silent = true}).get();
      }
    }
    return db;
  }

  template <class F>
  static void measure(const bench::Report& report, F&& body) {
    bench::Sample begin = bench::Sample::now();
    bench::instructions_start();
    body();
    bench::instructions_stop();
    bench::Sample end = bench::Sample::now();
    report.print(begin, end);
  }

  /// Runs `call(i, done)` for i in [0, ops) from args.threads threads, keeping
  /// args.concurrency calls in flight in all; `done(ok)` must be called once per call.
  /// --mode chain (default): each thread starts its share of the window, and each completion
  ///   starts that thread's next call (from the completion callback, as callback-style code
  ///   does); the thread waits once, for its last call.
  /// --mode blocking: each thread blocks on a semaphore of its share of the window and makes
  ///   every call itself (a thread switch per call: the completion wakes the thread).
  template <class Call>
  void concurrent(bench::Report& report, Call call) {
    std::atomic<long> errors{0};
    std::vector<std::thread> threads;
    const long n = args.threads;
    for (long t = 0; t < n; ++t) {
      long window = std::max(args.concurrency / n + (t < args.concurrency % n ? 1 : 0), 1L);
      threads.emplace_back([&, t, window] {
        if (args.mode == "blocking") {
          std::counting_semaphore<> slots(window);
          for (long i = t; i < args.ops; i += n) {
            slots.acquire();
            call(i, [&](bool ok) {
              if (!ok) errors.fetch_add(1, std::memory_order_relaxed);
              slots.release();
            });
          }
          for (long k = 0; k < window; ++k) slots.acquire();  // the last ones
          return;
        }
        // chain: calls t, t+n, t+2n ... of this thread, `window` chains at a time.
        std::atomic<long> next{t};
        std::atomic<long> left{t < args.ops ? (args.ops - t + n - 1) / n : 0};  // calls t, t+n ... < ops
        std::binary_semaphore finished(0);
        std::function<void()> start_next = [&] {
          long i = next.fetch_add(n);
          if (i >= args.ops) return;
          call(i, [&](bool ok) {
            if (!ok) errors.fetch_add(1, std::memory_order_relaxed);
            if (left.fetch_sub(1) == 1) {
              finished.release();
              return;
            }
            start_next();
          });
        };
        if (left.load() == 0) return;
        for (long k = 0; k < window; ++k) start_next();
        finished.acquire();
      });
    }
    for (auto& th : threads) th.join();
    report.errors = errors.load();
    report.extra["blocking"] = args.mode == "blocking" ? 1 : 0;
  }

  bench::Report run() {
    const std::string collection = bench::collection_for("library", args);
    arango::StandardDatabase db = setup(collection);
    bench::Report report{kProgram, args.workload};
    report.ops = args.ops;
    const std::string& w = args.workload;
    if (w == "version") {
      measure(report, [&] {
        for (long i = 0; i < args.ops; ++i) {
          if (db.version().get()["version"].as_string().empty()) ++report.errors;
        }
      });
    } else if (w == "insert-concurrent") {
      auto col = db.collection<SmallDoc>(collection);
      report.concurrency = args.concurrency;
      report.documents = args.ops;
      measure(report, [&] {
        concurrent(report, [&](long i, auto done) {
          col.insert(make_doc(i, false), {}, [done](arango::Result<arango::DocumentMeta<SmallDoc>> r) {
            done(r.has_value() && !r->key.empty());
          });
        });
      });
    } else if (w == "get-concurrent") {
      auto col = db.collection<SmallDoc>(collection);
      report.concurrency = args.concurrency;
      report.documents = args.ops;
      measure(report, [&] {
        concurrent(report, [&](long i, auto done) {
          col.get("k" + std::to_string(i), {}, [done, i](arango::Result<std::optional<SmallDoc>> r) {
            done(r.has_value() && r->has_value() && (*r)->n == i);
          });
        });
      });
    } else if (w == "get-queued") {
      // args.concurrency calls made at once from this thread (no call waits for another's
      // completion), then waited for together; then the next as many, until args.ops. The
      // client holds the calls the wire has no room for: the rows with thousands queued show
      // what a deep backlog costs per call.
      auto col = db.collection<SmallDoc>(collection);
      report.concurrency = args.concurrency;
      report.documents = args.ops;
      measure(report, [&] {
        std::atomic<long> errors{0};
        for (long first = 0; first < args.ops; first += args.concurrency) {
          const long last = std::min(args.ops, first + args.concurrency);
          std::atomic<long> left{last - first};
          std::binary_semaphore finished(0);
          for (long i = first; i < last; ++i) {
            col.get("k" + std::to_string(i), {}, [&, i](arango::Result<std::optional<SmallDoc>> r) {
              if (!(r.has_value() && r->has_value() && (*r)->n == i)) errors.fetch_add(1, std::memory_order_relaxed);
              if (left.fetch_sub(1) == 1) finished.release();
            });
          }
          finished.acquire();
        }
        report.errors = errors.load();
      });
    } else if (w == "insert-many") {
      auto col = db.collection<SmallDoc>(collection);
      report.documents = args.docs;
      report.ops = (args.docs + args.batch - 1) / args.batch;
      // The documents exist before the clock starts, as the baseline's request bodies do; their
      // serialization is measured.
      std::vector<std::vector<SmallDoc>> batches;
      for (long i = 0; i < args.docs; i += args.batch) {
        auto& docs = batches.emplace_back();
        docs.reserve(std::size_t(args.batch));
        for (long j = i; j < std::min(args.docs, i + args.batch); ++j) docs.push_back(make_doc(j, false));
      }
      std::size_t checked = 0;  // batches whose results came back and were checked
      auto check = [&](const std::vector<SmallDoc>& docs, const auto& results) {
        ++checked;
        for (const auto& item : results) {
          if (!item.ok()) ++report.errors;
        }
        if (long(results.size()) != long(docs.size())) ++report.errors;
      };
      measure(report, [&] {
        if (args.mode == "blocking") {
          for (const auto& docs : batches) check(docs, col.insert_many(docs).get());
        } else {
          // chain: each completion checks its results and sends the next batch (one in flight).
          using Results = std::vector<arango::BulkItem<arango::DocumentMeta<SmallDoc>>>;
          std::binary_semaphore finished(0);
          std::function<void(std::size_t)> send = [&](std::size_t b) {
            if (b == batches.size()) {
              finished.release();
              return;
            }
            col.insert_many(batches[b], {}, [&, b](arango::Result<Results> r) {
              if (r) {
                check(batches[b], *r);
              } else {
                ++report.errors;
              }
              send(b + 1);
            });
          };
          send(0);
          finished.acquire();
        }
        // Inside the measured body, which prints the report when it returns.
        if (checked != batches.size()) ++report.errors;
        report.extra["blocking"] = args.mode == "blocking" ? 1 : 0;
      });
    } else if (w == "cursor") {
      report.ops = args.docs;
      measure(report, [&] {
        arango::QueryOptions options{.batch_size = args.batch,
                                     .bind_vars = arango::Json::parse("{\"@c\":\"" + collection + "\"}")};
        auto cursor = db.aql().execute<SmallDoc>("FOR d IN @@c RETURN d", options).get();
        long read = 0;
        std::int64_t sum = 0;
        for (;;) {
          while (!cursor.empty()) {
            sum += cursor.pop().n;
            ++read;
          }
          if (!cursor.has_more()) break;
          cursor.fetch().get();
        }
        report.documents = read;
        if (read != args.docs) ++report.errors;
        // Every n in 0..docs-1 came once.
        if (sum != std::int64_t(args.docs) * (args.docs - 1) / 2) ++report.errors;
        report.bytes = counter->bytes();
      });
    } else if (w == "async-job") {
      auto async_col = db.begin_async_execution(true).collection<SmallDoc>(collection);
      report.documents = args.ops;
      long polls = 0;
      measure(report, [&] {
        for (long i = 0; i < args.ops; ++i) {
          auto job = async_col.insert(make_doc(i, false)).get();
          for (;;) {
            ++polls;
            try {
              if (job->result().get().key.empty()) ++report.errors;
              break;
            } catch (const arango::AsyncJobResultError& e) {
              if (e.http_code() != 204) {
                ++report.errors;
                break;
              }
            }
          }
        }
      });
      report.extra["polls_per_job"] = double(polls) / double(args.ops);
    } else if (w == "idle") {
      // One call opens the connection; then the client sits idle with it open.
      db.version().get();
      rusage before{};
      getrusage(RUSAGE_SELF, &before);
      bench::Sample begin = bench::Sample::now();
      std::this_thread::sleep_for(std::chrono::duration<double>(args.idle_seconds));
      bench::Sample end = bench::Sample::now();
      rusage after{};
      getrusage(RUSAGE_SELF, &after);
      report.ops = 0;
      report.extra["context_switches"] =
          double((after.ru_nvcsw - before.ru_nvcsw) + (after.ru_nivcsw - before.ru_nivcsw));
      report.print(begin, end);
    } else {
      throw std::invalid_argument("unknown workload " + w);
    }
    return report;
  }
};

}  // namespace

int main(int argc, char** argv) {
  bench::Args args = bench::parse_args(argc, argv, "arango-bench");
  try {
    Bench b(args);
    bench::Report r = b.run();
    return r.errors == 0 ? 0 : 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "arango-bench: %s\n", e.what());
    return 1;
  }
}
