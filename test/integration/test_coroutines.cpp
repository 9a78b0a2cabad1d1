// arango::Task against the server named by ARANGO_URL (the emulator by default): a chain of
// Tasks, errors as their own types, cancellation of a call in flight through the Task's stop
// token (alone and joined with with_cancellation; a cursor's fetch, a job's wait, db(verify)),
// and sync_wait's DeadlockError on the I/O thread.
#include <arango/arango.hpp>

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <future>
#include <stop_token>
#include <string>
#include <thread>

#include "../support/collections.hpp"

using namespace arango;
using namespace std::chrono_literals;

namespace {

Task<DocumentMeta<Json>> store(StandardCollection<Json> col, std::string key, int v) {
  co_return co_await col.insert(Json::parse(R"({"_key":")" + key + R"(","v":)" + std::to_string(v) + "}"), {},
                                use_awaitable);
}

struct ChainOut {
  std::int64_t sum = 0;
  std::uint64_t count = 0;
  bool resumed_elsewhere = false;
};

Task<ChainOut> chain(StandardCollection<Json> col) {
  const auto caller = std::this_thread::get_id();
  ChainOut out;
  DocumentMeta<Json> a = co_await store(col, "a", 40);
  out.resumed_elsewhere = std::this_thread::get_id() != caller;
  (void)co_await store(col, "b", 2);
  CHECK(a.key == "a");
  for (const char* key : {"a", "b"}) {
    std::optional<Json> doc = co_await col.get(key, {}, use_awaitable);
    if (doc) out.sum += (*doc)["v"].as_int64();
  }
  out.count = co_await col.count(use_awaitable);
  co_return out;
}

/// Awaits a query that sleeps `seconds` on the server; true when it was cancelled, and then goes
/// on with a call that has a fresh (never stopped) token.
Task<std::pair<bool, Json>> sleep_then_version(StandardDatabase db, double seconds) {
  bool cancelled = false;
  try {
    (void)co_await db.aql().execute("RETURN SLEEP(" + std::to_string(seconds) + ")", {}, use_awaitable);
  } catch (const RequestCanceledError&) {
    cancelled = true;
  }
  auto version = [](StandardDatabase d) -> Task<Json> { co_return co_await d.version({}, use_awaitable); };
  Json v = co_await version(db).with_stop_token({});
  co_return std::pair<bool, Json>{cancelled, std::move(v)};
}

}  // namespace

TEST_CASE_METHOD(testenv::DatabaseFixture, "a chain of Tasks against the server", "[task]") {
  auto col = make_collection("task");
  ChainOut out = sync_wait(chain(col));
  CHECK(out.sum == 42);
  CHECK(out.count == 2);
  CHECK(out.resumed_elsewhere);  // calls complete on the I/O thread
  // A server error leaves the chain as its own type.
  CHECK_THROWS_AS(sync_wait(store(col, "a", 1)), DocumentInsertError);
  CHECK(col.count().get() == 2);
}

TEST_CASE_METHOD(testenv::DatabaseFixture, "a stop on the Task's token cancels the call in flight", "[task][cancel]") {
  std::stop_source source;
  std::thread stopper([&] {
    std::this_thread::sleep_for(300ms);
    source.request_stop();
  });
  auto t0 = std::chrono::steady_clock::now();
  auto [cancelled, version] = sync_wait(sleep_then_version(db, 5), source.get_token());
  auto took = std::chrono::steady_clock::now() - t0;
  stopper.join();
  CHECK(cancelled);
  CHECK(took < 4s);  // not the query's 5 s
  CHECK(version["version"].is_string());  // the coroutine went on
}

TEST_CASE_METHOD(testenv::DatabaseFixture, "a Task's token and with_cancellation's both cancel", "[task][cancel]") {
  auto col = make_collection("joined");
  std::stop_source handle_source;
  std::stop_source task_source;
  StandardDatabase cancellable = db.with_cancellation(handle_source.get_token());
  // The Task's stop, with the handle's token set too.
  std::thread stop_task([&] {
    std::this_thread::sleep_for(300ms);
    task_source.request_stop();
  });
  auto [by_task, v1] = sync_wait(sleep_then_version(cancellable, 5), task_source.get_token());
  stop_task.join();
  CHECK(by_task);
  CHECK(v1["server"].is_string());
  // The handle's stop, with a Task token that is never stopped.
  std::stop_source never;
  std::thread stop_handle([&] {
    std::this_thread::sleep_for(300ms);
    handle_source.request_stop();
  });
  auto sleeper = [](StandardDatabase d) -> Task<bool> {
    try {
      (void)co_await d.aql().execute("RETURN SLEEP(5)", {}, use_awaitable);
    } catch (const RequestCanceledError&) {
      co_return true;
    }
    co_return false;
  };
  CHECK(sync_wait(sleeper(cancellable), never.get_token()));
  stop_handle.join();
  // A stop requested before the call: nothing is sent.
  std::stop_source early;
  early.request_stop();
  CHECK_THROWS_AS(sync_wait(store(col, "x", 1), early.get_token()), RequestCanceledError);
  CHECK(col.count().get() == 0);
}

TEST_CASE_METHOD(testenv::DatabaseFixture, "a Task's stop reaches a cursor's fetch, a job's wait and db(verify)",
                 "[task][cancel]") {
  auto stop_soon = [](std::stop_source& source) {
    return std::thread([&source] {
      std::this_thread::sleep_for(300ms);
      source.request_stop();
    });
  };
  // Each fault holds one request for 5 s in the server.
  auto hold = [this](const std::string& path) {
    testenv::inject_fault(db, R"({"path":")" + path + R"(","action":"delay","delay_ms":5000,"count":1})");
  };

  // Cursor::next(): the first document is buffered, the second needs a fetch the server holds.
  auto cursor = db.aql().execute("FOR i IN 1..3 RETURN i", {.batch_size = 1}).get();
  REQUIRE(cursor.id());
  hold("/_api/cursor/" + *cursor.id());
  auto drain = [](decltype(cursor)& c) -> Task<int> {
    int read = 0;
    try {
      while (co_await c.next(use_awaitable)) ++read;
    } catch (const RequestCanceledError&) {
      co_return -read;
    }
    co_return read;
  };
  std::stop_source cursor_stop;
  std::thread t1 = stop_soon(cursor_stop);
  auto t0 = std::chrono::steady_clock::now();
  CHECK(sync_wait(drain(cursor), cursor_stop.get_token()) == -1);  // one read, then cancelled
  CHECK(std::chrono::steady_clock::now() - t0 < 4s);
  t1.join();

  // AsyncJob::wait(): the job's status poll is held.
  AsyncDatabase jobs = db.begin_async_execution();
  auto job = jobs.aql().execute("RETURN 1").get().value();
  hold("/_api/job/" + job.id());
  auto wait_for = [](decltype(job) j) -> Task<bool> {
    try {
      co_return co_await j.wait(use_awaitable);
    } catch (const RequestCanceledError&) {
      co_return false;
    }
  };
  std::stop_source job_stop;
  std::thread t2 = stop_soon(job_stop);
  t0 = std::chrono::steady_clock::now();
  CHECK_FALSE(sync_wait(wait_for(job), job_stop.get_token()));
  CHECK(std::chrono::steady_clock::now() - t0 < 4s);
  t2.join();
  CHECK(job.wait().get());  // not cancelled without the Task's token: the job is done

  // ArangoClient::db(..., verify = true): its test request is held.
  // (this test's emulator serves this test alone: the next GET /_api/collection is the test
  // request of db() below)
  testenv::inject_fault(db, R"({"path":"/_api/collection","method":"GET","action":"delay","delay_ms":5000,"count":1})");
  DbOptions verify = testenv::root();
  verify.verify = true;
  auto open = [](const ArangoClient& c, std::string name, DbOptions o) -> Task<bool> {
    try {
      (void)co_await c.db(name, o, use_awaitable);
    } catch (const RequestCanceledError&) {
      co_return false;
    }
    co_return true;
  };
  std::stop_source db_stop;
  std::thread t3 = stop_soon(db_stop);
  t0 = std::chrono::steady_clock::now();
  CHECK_FALSE(sync_wait(open(client, db_name, verify), db_stop.get_token()));
  CHECK(std::chrono::steady_clock::now() - t0 < 4s);
  t3.join();
  testenv::clear_faults(db);
  CHECK(sync_wait(open(client, db_name, verify)));
}

TEST_CASE_METHOD(testenv::DatabaseFixture, "sync_wait refuses to block the I/O thread on a call", "[task]") {
  std::promise<std::string> outcome;
  auto version = [](StandardDatabase d) -> Task<Json> { co_return co_await d.version({}, use_awaitable); };
  db.version({}, [&](Result<Json>) {
    try {
      (void)sync_wait(version(db));
      outcome.set_value("returned");
    } catch (const DeadlockError&) {
      outcome.set_value("deadlock");
    } catch (...) {
      outcome.set_value("other");
    }
  });
  CHECK(outcome.get_future().get() == "deadlock");
  // From a thread of its own it works.
  CHECK(sync_wait(version(db))["version"].is_string());
}
