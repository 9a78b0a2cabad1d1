// docs/threading-callbacks-coroutines.md quotes the regions of this file. It runs against a fresh
// emulator (whose "hang" fault keeps calls in flight) and exits non-zero when anything is not as
// the guide says.
#include <arango/arango.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <coroutine>
#include <cstdlib>
#include <deque>
#include <exception>
#include <functional>
#include <future>
#include <iostream>
#include <mutex>
#include <stdexcept>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "example.hpp"

namespace {

/// Makes the emulator never answer the next `count` requests to `path`.
void hang(const arango::StandardDatabase& db, const std::string& path, int count) {
  arango::Request r(arango::Method::POST, "/_emulator/faults", {},
                    R"({"path":")" + path + R"(","action":"hang","count":)" + std::to_string(count) + "}");
  r.prefix_needed = false;
  if (!db.request(r).get().is_success) throw std::runtime_error("fault not injected");
}

/// Removes every fault still registered (one whose requests never arrived).
void clear_faults(const arango::StandardDatabase& db) {
  arango::Request r(arango::Method::DELETE, "/_emulator/faults");
  r.prefix_needed = false;
  (void)db.request(r).get();
}

}  // namespace

//! [coroutine]
arango::Task<std::int64_t> count_books(arango::StandardDatabase db) {
  arango::StandardCollection<> books = co_await db.create_collection("books", arango::use_awaitable);
  co_await books.insert(arango::Json::object({{"title", "Dune"}, {"tags", arango::Json::array({"sf"})}}),
                        arango::use_awaitable);
  std::int64_t count = co_await books.count(arango::use_awaitable);  // resumes on the I/O thread
  try {
    co_await db.create_collection("books", arango::use_awaitable);
  } catch (const arango::CollectionCreateError& e) {  // errors are thrown at the co_await
    std::cout << "again: " << e.error_code() << "\n";  // 1207, duplicate name
  }
  co_await db.delete_collection("books", arango::use_awaitable);
  co_return count;
}
//! [coroutine]

//! [executor]
// A one-thread executor for completions: callbacks run here, not on the I/O thread, so they
// may block on other work (a mutex, a file), though not on a call of a client whose
// completions this same thread must run.
class Worker {
 public:
  Worker() : thread_([this](std::stop_token stop) { run(stop); }) {}
  ~Worker() {
    thread_.request_stop();
    ready_.notify_one();
  }
  void post(std::function<void()> job) {
    {
      std::lock_guard lock(mutex_);
      jobs_.push_back(std::move(job));
    }
    ready_.notify_one();
  }
  std::thread::id id() const { return thread_.get_id(); }

 private:
  void run(std::stop_token stop) {
    std::unique_lock lock(mutex_);
    while (true) {
      ready_.wait(lock, [&] { return stop.stop_requested() || !jobs_.empty(); });
      if (jobs_.empty()) return;
      auto job = std::move(jobs_.front());
      jobs_.pop_front();
      lock.unlock();
      job();
      lock.lock();
    }
  }
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> jobs_;
  std::jthread thread_;  // last: started after the members it uses
};
//! [executor]

int main() {
  using namespace std::chrono_literals;
  const std::string url = env("ARANGO_URL", "http://127.0.0.1:8529");
  const arango::Auth auth{env("ARANGO_USER", "root"), env("ARANGO_PASSWORD", "")};
  arango::ArangoClient client(url);
  arango::StandardDatabase db = client.db("_system", {.auth = auth}).get();

  //! [future]
  // A future: the call runs while this thread goes on; get() waits and returns or throws.
  arango::Future<arango::Json> version = db.version();
  arango::Future<arango::Json> engine = db.engine();  // both calls are in flight at once
  std::cout << version.get()["version"].as_string() << " " << engine.get()["name"].as_string() << "\n";
  //! [future]

  {
    //! [callback]
    // A callback: runs once, on the client's I/O thread, never inside the call that starts it.
    std::promise<std::string> name;
    std::thread::id caller = std::this_thread::get_id(), ran_on;
    db.engine([&](arango::Result<arango::Json> r) {
      ran_on = std::this_thread::get_id();
      name.set_value(r ? std::string(r.value()["name"].as_string()) : r.error().what());
    });
    std::cout << name.get_future().get() << (ran_on != caller ? " (on the I/O thread)" : "") << "\n";
    //! [callback]
    expect(ran_on != caller, "a callback runs on another thread than the caller's");
  }

  {
    //! [deadlock]
    // Blocking on a future of the same client inside a callback would wait for the thread that
    // is running it: get() refuses with DeadlockError instead of hanging.
    std::promise<std::string> outcome;
    db.engine([&](arango::Result<arango::Json>) {
      try {
        (void)db.version().get();
        outcome.set_value("blocked and returned");
      } catch (const arango::DeadlockError& e) {
        outcome.set_value(std::string("refused: ") + e.what());
      }
    });
    std::cout << outcome.get_future().get() << "\n";
    //! [deadlock]
    std::promise<bool> refused;
    db.engine([&](arango::Result<arango::Json>) {
      try {
        (void)db.version().get();
        refused.set_value(false);
      } catch (const arango::DeadlockError&) {
        refused.set_value(true);
      }
    });
    expect(refused.get_future().get(), "get() inside a callback raises DeadlockError");
  }

  {
    //! [chain]
    // What a callback may do instead: start the next call, with another callback.
    std::promise<std::string> done;
    db.version({}, [&](arango::Result<arango::Json> v) {
      if (!v) return done.set_value(v.error().what());
      std::string version(v.value()["version"].as_string());
      db.engine([&done, version](arango::Result<arango::Json> e) {
        done.set_value(e ? version + " on " + std::string(e.value()["name"].as_string()) : e.error().what());
      });
    });
    std::string chained = done.get_future().get();
    std::cout << chained << "\n";  // "3.12.10 on rocksdb"
    //! [chain]
    expect(chained.find(" on ") != std::string::npos, "a call started from a callback completes");
  }

  {
    //! [co-await]
    // sync_wait starts the (lazy) task, waits for its end, and returns its value or rethrows
    // what it threw. From another arango::Task: std::int64_t count = co_await count_books(db);
    std::int64_t count = arango::sync_wait(count_books(db));
    //! [co-await]
    expect(count == 1, "the coroutine inserted one book and counted it");
  }

  {
    //! [completion-executor]
    Worker worker;
    arango::ArangoClient pooled(arango::ClientOptions{
        .hosts = {url},
        .http = {.completion_executor = [&worker](std::function<void()> job) { worker.post(std::move(job)); }}});
    arango::StandardDatabase pdb = pooled.db("_system", {.auth = auth}).get();
    std::promise<std::string> seen;
    pdb.engine([&](arango::Result<arango::Json> r) {
      // On the worker: blocking calls of other libraries are fine here ...
      std::this_thread::sleep_for(10ms);
      seen.set_value(r ? std::string(r.value()["name"].as_string()) : r.error().what());
      // ... but not pdb.version().get(): its completion would queue behind this job on the
      // one worker thread, and nothing detects that deadlock.
    });
    std::cout << seen.get_future().get() << "\n";
    //! [completion-executor]
    std::promise<std::thread::id> where;
    pdb.engine([&](arango::Result<arango::Json>) { where.set_value(std::this_thread::get_id()); });
    expect(where.get_future().get() == worker.id(), "callbacks run on the completion executor");
  }

  {
    hang(db, "/_api/version", 1);
    //! [cancel]
    std::stop_source stop;
    auto call = db.with_cancellation(stop.get_token()).version();  // never answered (fault)
    std::this_thread::sleep_for(100ms);
    stop.request_stop();  // ends the call now, queued or on the wire
    try {
      (void)call.get();
    } catch (const arango::RequestCanceledError& e) {
      std::cout << "canceled: " << e.what() << "\n";
    }
    //! [cancel]
    hang(db, "/_api/version", 1);
    std::stop_source stop2;
    auto call2 = db.with_cancellation(stop2.get_token()).version();
    std::this_thread::sleep_for(50ms);
    stop2.request_stop();
    bool canceled = false;
    try {
      (void)call2.get();
    } catch (const arango::RequestCanceledError&) {
      canceled = true;
    }
    expect(canceled, "a stopped call ends with RequestCanceledError");
    clear_faults(db);
    expect(db.version().get()["server"].as_string() == "arango", "the handle is still usable");
  }

  {
    //! [callback-exception]
    std::promise<std::string> reported;
    arango::ArangoClient strict(arango::ClientOptions{
        .hosts = {url},
        .http = {.on_callback_exception = [&](std::exception_ptr e) {
          try {
            std::rethrow_exception(e);
          } catch (const std::exception& x) {
            reported.set_value(x.what());
          }
        }}});
    strict.db("_system", {.auth = auth}).get().engine([](arango::Result<arango::Json>) {
      throw std::runtime_error("a bug in a callback");  // the client goes on
    });
    std::cout << "reported: " << reported.get_future().get() << "\n";
    //! [callback-exception]
  }

  {
    //! [shutdown]
    auto doomed = std::make_unique<arango::ArangoClient>(url);
    arango::StandardDatabase ddb = doomed->db("_system", {.auth = auth}).get();
    hang(ddb, "/_api/version", 1);
    auto pending = ddb.version();  // in flight, never answered
    std::this_thread::sleep_for(100ms);
    doomed.reset();  // ends every pending call with ClientShutdownError, joins the I/O thread
    //! [shutdown]
    clear_faults(db);
    expect(pending.ready(), "the pending call is complete once the client is gone");
    //! [shutdown-after]
    try {
      (void)pending.get();  // does not wait: the call has ended
    } catch (const arango::ClientShutdownError& e) {
      std::cout << "ended: " << e.what() << "\n";
    }
    try {
      (void)ddb.version().get();  // handles outlive the client, but fail the same way
    } catch (const arango::ClientShutdownError&) {
      std::cout << "the handle is closed too\n";
    }
    //! [shutdown-after]
    bool raised = false;
    try {
      (void)ddb.version().get();
    } catch (const arango::ClientShutdownError&) {
      raised = true;
    }
    expect(raised, "a handle of a destroyed client raises ClientShutdownError");
  }

  {
    //! [queue-full]
    arango::ArangoClient bounded(arango::ClientOptions{.hosts = {url}, .http = {.max_pending_calls = 2}});
    arango::StandardDatabase bdb = bounded.db("_system", {.auth = auth}).get();
    //! [queue-full]
    hang(bdb, "/_api/version", 2);
    auto quick = bdb.with_timeout(5s);  // so that this program cannot hang
    auto a = quick.version();
    auto b = quick.version();
    bool full = false;
    try {
      (void)quick.version().get();
    } catch (const arango::QueueFullError&) {
      full = true;
    }
    expect(full, "a call over max_pending_calls fails with QueueFullError");
    clear_faults(db);  // in case a call had not reached the server yet
    bounded.close();
    expect(a.ready() && b.ready(), "close() completes the hanging calls");
  }

  {
    // One client, many threads.
    std::vector<std::thread> threads;
    std::atomic<int> ok{0};
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&] {
        for (int i = 0; i < 10; ++i) ok += db.version().get()["server"].as_string() == "arango";
      });
    }
    for (auto& t : threads) t.join();
    expect(ok == 40, "one client serves several threads");
  }

  if (failures == 0) std::cout << "threading, callbacks and coroutines: all as documented\n";
  return failures == 0 ? 0 : 1;
}
