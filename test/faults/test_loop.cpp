// The I/O loop's promises, proven against the emulator's fault injection.
#include <arango/arango.hpp>

#include <catch2/catch.hpp>

#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <future>
#include <stop_token>
#include <thread>
#include <vector>

#include "../support/test_env.hpp"

using namespace arango;
using namespace std::chrono_literals;

namespace {

ClientOptions options_with(HttpClientOptions http) {
  ClientOptions o;
  o.hosts = {testenv::url()};
  o.http = std::move(http);
  return o;
}

double process_cpu_seconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

template <class E, class T>
bool fails_with(Future<T>& f) {
  try {
    f.get();
  } catch (const E&) {
    return true;
  } catch (...) {
    return false;
  }
  return false;
}

struct Emulator {
  ArangoClient control{testenv::url()};
  StandardDatabase sys = control.db("_system", testenv::root()).get();
  Emulator() { testenv::clear_faults(sys); }
  ~Emulator() { testenv::clear_faults(sys); }
};

}  // namespace

TEST_CASE("8 threads submit 50,000 calls in total and every one completes", "[loop][load]") {
  Emulator emu;
  ArangoClient client(testenv::url());
  StandardDatabase db = client.db("_system", testenv::root()).get();
  constexpr int kThreads = 8;
  constexpr int kPerThread = 6250;
  constexpr int kWindow = 64;  // calls in flight per thread
  std::atomic<int> ok{0}, failed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      std::vector<Future<Json>> window;
      auto drain = [&] {
        for (auto& f : window) {
          try {
            if (f.get()["server"].as_string() == "arango") ++ok; else ++failed;
          } catch (...) {
            ++failed;
          }
        }
        window.clear();
      };
      for (int i = 0; i < kPerThread; ++i) {
        window.push_back(db.version());
        if (window.size() == kWindow) drain();
      }
      drain();
    });
  }
  for (auto& th : threads) th.join();
  CHECK(ok.load() == kThreads * kPerThread);
  CHECK(failed.load() == 0);
  auto* http = dynamic_cast<DefaultHTTPClient*>(client.http_client().get());
  REQUIRE(http);
  CHECK(http->pending_calls() == 0);
}

TEST_CASE("keep-alive: sequential calls reuse one connection", "[loop]") {
  Emulator emu;
  ArangoClient client(testenv::url());
  StandardDatabase db = client.db("_system", testenv::root()).get();
  (void)db.version().get();
  auto before = testenv::emulator_stats(emu.sys)["connections_accepted"].as_int64();
  for (int i = 0; i < 200; ++i) (void)db.version().get();
  auto after = testenv::emulator_stats(emu.sys)["connections_accepted"].as_int64();
  // The control client may open one connection of its own for the stats call.
  CHECK(after - before <= 1);
}

TEST_CASE("cancel before the transfer and during it", "[loop][cancel]") {
  Emulator emu;
  ArangoClient client(testenv::url());
  StandardDatabase db = client.db("_system", testenv::root()).get();

  SECTION("a stop requested before the call is made") {
    std::stop_source source;
    source.request_stop();
    auto f = db.with_cancellation(source.get_token()).version();
    CHECK(fails_with<RequestCanceledError>(f));
  }
  SECTION("a stop requested while the server holds the request") {
    auto fault = testenv::inject_fault(emu.sys, R"({"path":"/_api/version","action":"hang"})");
    std::stop_source source;
    auto f = db.with_cancellation(source.get_token()).version();
    // Wait until the server holds the request, then cancel it.
    REQUIRE(testenv::eventually([&] { return testenv::fault_hits(emu.sys, fault) == 1; }));
    CHECK_FALSE(f.ready());
    source.request_stop();
    REQUIRE(f.wait_for(5s) == std::future_status::ready);
    CHECK(fails_with<RequestCanceledError>(f));
    testenv::clear_faults(emu.sys);
    // The client keeps working after a cancellation.
    CHECK(db.version().get()["server"].as_string() == "arango");
  }
  SECTION("cancelling one call leaves the others alone") {
    testenv::inject_fault(emu.sys, R"({"path":"/_api/version","action":"delay","delay_ms":300})");
    std::stop_source source;
    auto cancelled = db.with_cancellation(source.get_token()).version();
    auto kept = db.version();
    source.request_stop();
    CHECK(fails_with<RequestCanceledError>(cancelled));
    CHECK(kept.get()["server"].as_string() == "arango");
  }
}

TEST_CASE("a call past its deadline ends with RequestTimeoutError", "[loop][deadline]") {
  Emulator emu;
  testenv::inject_fault(emu.sys, R"({"path":"/_api/version","action":"delay","delay_ms":3000})");
  ArangoClient client(testenv::url());
  StandardDatabase db = client.db("_system", testenv::root()).get();
  auto f = db.with_timeout(200ms).version();
  REQUIRE(f.wait_for(2500ms) == std::future_status::ready);  // well before the server answers
  CHECK(fails_with<RequestTimeoutError>(f));

  // The client-wide default applies when the handle sets none.
  HttpClientOptions http;
  http.request_timeout = 200ms;
  ArangoClient short_client(options_with(http));
  auto g = short_client.db("_system", testenv::root()).get().version();
  REQUIRE(g.wait_for(2500ms) == std::future_status::ready);
  CHECK(fails_with<RequestTimeoutError>(g));
}

TEST_CASE("destroying a client with 1,000 calls in flight ends them all with ClientShutdownError", "[loop][shutdown]") {
  Emulator emu;
  auto fault = testenv::inject_fault(emu.sys, R"({"path":"/_api/version","action":"hang"})");
  std::vector<Future<Json>> futures;
  std::atomic<int> callbacks_shutdown{0};
  std::chrono::steady_clock::time_point destroyed;
  {
    ArangoClient client(testenv::url());
    StandardDatabase db = client.db("_system", testenv::root()).get();
    for (int i = 0; i < 900; ++i) futures.push_back(db.version());
    for (int i = 0; i < 100; ++i) {
      db.version({}, [&](Result<Json> r) {
        if (!r && dynamic_cast<const ClientShutdownError*>(&r.error())) ++callbacks_shutdown;
      });
    }
    // Let many of them reach the server (64 connections per host at most: the rest queue).
    REQUIRE(testenv::eventually([&] { return testenv::fault_hits(emu.sys, fault) >= 64; }));
    destroyed = std::chrono::steady_clock::now();
  }
  int shutdown = 0;
  for (auto& f : futures) {
    REQUIRE(f.wait_until(destroyed + 1s) == std::future_status::ready);
    if (fails_with<ClientShutdownError>(f)) ++shutdown;
  }
  CHECK(shutdown == 900);
  // Callbacks ran before the destructor returned (the loop thread was joined).
  CHECK(callbacks_shutdown.load() == 100);
  CHECK(std::chrono::steady_clock::now() - destroyed < 1s);
}

TEST_CASE("handles that outlive their client fail new calls with ClientShutdownError", "[loop][shutdown]") {
  auto client = std::make_unique<ArangoClient>(testenv::url());
  StandardDatabase db = client->db("_system", testenv::root()).get();
  client.reset();
  auto f = db.version();
  CHECK(fails_with<ClientShutdownError>(f));
  std::promise<bool> got;
  db.version({}, [&](Result<Json> r) { got.set_value(!r && dynamic_cast<const ClientShutdownError*>(&r.error())); });
  CHECK(got.get_future().get());
}

TEST_CASE("a bounded queue refuses calls past its limit", "[loop][queue]") {
  Emulator emu;
  testenv::inject_fault(emu.sys, R"({"path":"/_api/version","action":"hang"})");
  HttpClientOptions http;
  http.max_pending_calls = 10;
  ArangoClient client(options_with(http));
  StandardDatabase db = client.db("_system", testenv::root()).get();
  std::vector<Future<Json>> held;
  for (int i = 0; i < 10; ++i) held.push_back(db.version());
  auto refused = db.version();
  REQUIRE(refused.wait_for(2s) == std::future_status::ready);
  try {
    refused.get();
    FAIL("no error");
  } catch (const QueueFullError& e) {
    CHECK(std::string(e.what()).find("max_pending_calls") != std::string::npos);
  }
  // Closing the client ends the held calls. (Clearing the fault first would race: the emulator
  // may answer the released requests before close() runs.)
  client.close();
  for (auto& f : held) CHECK(fails_with<ClientShutdownError>(f));
  testenv::clear_faults(emu.sys);
}

TEST_CASE("an exception thrown by a callback reaches the hook and the loop goes on", "[loop][callbacks]") {
  std::promise<std::string> caught;
  HttpClientOptions http;
  http.on_callback_exception = [&](std::exception_ptr e) {
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      caught.set_value(ex.what());
    }
  };
  ArangoClient client(options_with(http));
  StandardDatabase db = client.db("_system", testenv::root()).get();
  db.version({}, [](Result<Json>) { throw std::runtime_error("boom from a callback"); });
  auto what = caught.get_future();
  REQUIRE(what.wait_for(5s) == std::future_status::ready);
  CHECK(what.get() == "boom from a callback");
  CHECK(db.version().get()["server"].as_string() == "arango");

  // Without a hook: logged through the logger and counted, never lost silently.
  std::promise<std::string> logged;
  HttpClientOptions quiet;
  quiet.logger = [&](LogLevel level, std::string_view message) {
    if (level == LogLevel::error) logged.set_value(std::string(message));
  };
  ArangoClient client2(options_with(quiet));
  StandardDatabase db2 = client2.db("_system", testenv::root()).get();
  db2.version({}, [](Result<Json>) { throw std::logic_error("unhooked"); });
  auto message = logged.get_future();
  REQUIRE(message.wait_for(5s) == std::future_status::ready);
  CHECK(message.get().find("unhooked") != std::string::npos);
  CHECK(db2.version().get()["server"].as_string() == "arango");
  auto* http2 = dynamic_cast<DefaultHTTPClient*>(client2.http_client().get());
  REQUIRE(http2);
  CHECK(http2->callback_exceptions() == 1);
}

TEST_CASE("get() on the loop thread fails with DeadlockError instead of hanging", "[loop][deadlock]") {
  ArangoClient client(testenv::url());
  StandardDatabase db = client.db("_system", testenv::root()).get();
  std::promise<std::string> outcome;
  db.version({}, [&](Result<Json>) {
    auto inner = db.version();
    try {
      inner.get();
      outcome.set_value("returned");
    } catch (const DeadlockError& e) {
      outcome.set_value(std::string("deadlock: ") + e.what());
    } catch (...) {
      outcome.set_value("other error");
    }
  });
  auto f = outcome.get_future();
  REQUIRE(f.wait_for(5s) == std::future_status::ready);
  std::string got = f.get();
  CHECK(got.rfind("deadlock: ", 0) == 0);
  // Off the loop thread, the same kind of future works.
  CHECK(db.version().get()["server"].as_string() == "arango");
}

TEST_CASE("a completion executor runs callbacks off the loop thread", "[loop][executor]") {
  std::mutex mu;
  std::vector<std::function<void()>> tasks;
  HttpClientOptions http;
  http.completion_executor = [&](std::function<void()> task) {
    std::lock_guard lock(mu);
    tasks.push_back(std::move(task));
  };
  ArangoClient client(options_with(http));
  StandardDatabase db = client.db("_system", testenv::root()).get();
  std::atomic<bool> ran{false};
  db.version({}, [&](Result<Json> r) { ran = r.has_value(); });
  REQUIRE(testenv::eventually([&] {
    std::lock_guard lock(mu);
    return !tasks.empty();
  }));
  CHECK_FALSE(ran.load());  // queued to the executor, not run on the loop
  std::vector<std::function<void()>> mine;
  {
    std::lock_guard lock(mu);
    mine.swap(tasks);
  }
  for (auto& t : mine) t();  // this thread is the executor
  CHECK(ran.load());
  // A future is fulfilled through the executor too, and get() is fine on this thread.
  auto f = db.version();
  REQUIRE(testenv::eventually([&] {
    std::lock_guard lock(mu);
    return !tasks.empty();
  }));
  {
    std::lock_guard lock(mu);
    mine.swap(tasks);
  }
  for (auto& t : mine) t();
  CHECK(f.get()["server"].as_string() == "arango");
}

TEST_CASE("an idle client uses no CPU", "[loop][idle]") {
  ArangoClient client(testenv::url());
  StandardDatabase db = client.db("_system", testenv::root()).get();
  (void)db.version().get();  // the loop has run and holds a kept-alive connection
  double before = process_cpu_seconds();
  std::this_thread::sleep_for(2s);
  double used = process_cpu_seconds() - before;
  INFO("CPU seconds used while idle for 2 s: " << used);
  CHECK(used < 0.05);
}

TEST_CASE("server faults end the call with a typed error", "[loop][faults]") {
  Emulator emu;
  ArangoClient client(testenv::url());
  StandardDatabase db = client.db("_system", testenv::root()).get();

  SECTION("connection reset without an answer") {
    // A GET may be sent again: the second attempt gets the answer.
    auto fault = testenv::inject_fault(emu.sys, R"({"path":"/_api/version","action":"reset","count":1})");
    CHECK(db.version().get()["server"].as_string() == "arango");
    CHECK(testenv::fault_hits(emu.sys, fault) == -1);  // used up (a count-1 fault is then removed)
    // A POST that may have run is never sent twice: the reset is the call's error.
    fault = testenv::inject_fault(emu.sys, R"({"path":"/_api/cursor","action":"reset","count":1})");
    auto f = db.aql().execute("RETURN 1");
    CHECK(fails_with<ClientConnectionError>(f));
    CHECK(testenv::fault_hits(emu.sys, fault) == -1);  // used up (a count-1 fault is then removed)
  }
  SECTION("connection closed in the middle of the body") {
    auto fault = testenv::inject_fault(emu.sys, R"({"path":"/_api/version","action":"truncate","count":1})");
    CHECK(db.version().get()["server"].as_string() == "arango");
    CHECK(testenv::fault_hits(emu.sys, fault) == -1);  // used up (a count-1 fault is then removed)
    fault = testenv::inject_fault(emu.sys, R"({"path":"/_api/cursor","action":"truncate","count":1})");
    auto f = db.aql().execute("RETURN 1");
    CHECK(fails_with<ClientConnectionError>(f));
    CHECK(testenv::fault_hits(emu.sys, fault) == -1);  // used up (a count-1 fault is then removed)
  }
  SECTION("a reset on every attempt ends with ClientConnectionAbortedError after max_tries") {
    auto fault = testenv::inject_fault(emu.sys, R"({"path":"/_api/version","action":"reset"})");
    try {
      (void)db.version().get();
      FAIL("no error");
    } catch (const ClientConnectionAbortedError& e) {
      CHECK(std::string(e.what()).find("within limit (3)") != std::string::npos);
    }
    CHECK(testenv::fault_hits(emu.sys, fault) == 3);
  }
  SECTION("malformed JSON in a 200 answer") {
    testenv::inject_fault(emu.sys, R"({"path":"/_api/version","action":"garbage","count":1})");
    auto f = db.version();
    CHECK(fails_with<DeserializationError>(f));
  }
  SECTION("503 from an overloaded server") {
    // The server did not run the request: it is sent again, up to max_tries.
    auto fault = testenv::inject_fault(emu.sys, R"({"path":"/_api/version","action":"status503","count":1})");
    CHECK(db.version().get()["server"].as_string() == "arango");
    CHECK(testenv::fault_hits(emu.sys, fault) == -1);  // used up (a count-1 fault is then removed)
    fault = testenv::inject_fault(emu.sys, R"({"path":"/_api/version","action":"status503"})");
    try {
      (void)db.version().get();
      FAIL("no error");
    } catch (const ServerVersionError& e) {
      CHECK(e.http_code() == 503);
    }
    CHECK(testenv::fault_hits(emu.sys, fault) == 3);
  }
  SECTION("nothing listening") {
    ArangoClient nowhere("http://127.0.0.1:1");
    auto f = nowhere.db("_system", testenv::root()).get().version();
    CHECK(fails_with<ClientConnectionAbortedError>(f));
  }
  // After each fault the same client goes on working.
  testenv::clear_faults(emu.sys);
  CHECK(db.version().get()["server"].as_string() == "arango");
}

TEST_CASE("a call refused for its queue time ends with QueueTimeViolatedError, unrun", "[loop][queue-time]") {
  Emulator emu;
  ArangoClient client(testenv::url());
  StandardDatabase db = client.db("_system", testenv::root()).get();
  std::string name = testenv::unique_name("queue_time");
  db.create_collection(name).get();
  // The server reports 2 s of queueing for every request from now on.
  testenv::emulator_control(emu.sys, Method::PUT, "/_emulator/queue-time", R"({"seconds":2})");
  auto limited = db.with_call_options({.max_queue_time = std::chrono::duration<double>(0.5)});
  try {
    (void)limited.collection(name).insert(Json::object({{"_key", "x"}})).get();
    FAIL("the insert must be refused");
  } catch (const QueueTimeViolatedError& e) {
    CHECK(e.http_code() == 412);
    CHECK(e.error_code() == 21004);
  }
  // A limit above the queue time passes, and calls without a limit are not affected.
  auto patient = db.with_call_options({.max_queue_time = std::chrono::duration<double>(5)});
  CHECK(patient.collection(name).count().get() == 0);  // the refused insert did not run
  CHECK(db.collection(name).insert(Json::object({{"_key", "y"}})).get().key == "y");
  testenv::emulator_control(emu.sys, Method::PUT, "/_emulator/queue-time", R"({"seconds":0})");
  CHECK(limited.collection(name).insert(Json::object({{"_key", "x"}})).get().key == "x");
  db.delete_collection(name).get();
}
