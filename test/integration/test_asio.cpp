// <arango/asio.hpp> against the server named by ARANGO_URL (the emulator by default): Asio's
// completion tokens on the calls, with completions on the handler's executor. Built twice: with
// Boost.Asio, and with standalone Asio (ASIO_STANDALONE) when it is installed.
#include <arango/arango.hpp>
#include <arango/asio.hpp>

#ifdef ASIO_STANDALONE
#include <asio.hpp>
#if __has_include(<asio/deferred.hpp>)
#define HAVE_DEFERRED 1
namespace deferred_ns = ::asio;
#elif __has_include(<asio/experimental/deferred.hpp>)
#include <asio/experimental/deferred.hpp>
#define HAVE_DEFERRED 1
namespace deferred_ns = ::asio::experimental;
#endif
namespace net = ::asio;
#if __has_include(<asio/bind_cancellation_slot.hpp>)
#define HAVE_CANCELLATION 1
#endif
#else
#include <boost/asio.hpp>
#if __has_include(<boost/asio/deferred.hpp>)
#define HAVE_DEFERRED 1
namespace deferred_ns = ::boost::asio;
#elif __has_include(<boost/asio/experimental/deferred.hpp>)
#include <boost/asio/experimental/deferred.hpp>
#define HAVE_DEFERRED 1
namespace deferred_ns = ::boost::asio::experimental;
#endif
namespace net = ::boost::asio;
#if __has_include(<boost/asio/bind_cancellation_slot.hpp>)
#define HAVE_CANCELLATION 1
#endif
#endif

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <exception>
#include <future>
#include <optional>
#include <string>
#include <thread>

#include "../support/collections.hpp"

using namespace arango;

namespace {

struct Seen {
  std::thread::id after_insert{};
  std::thread::id after_get{};
  std::int64_t v = 0;
  bool duplicate_as_its_type = false;
  bool present_after_delete = true;
};

net::awaitable<void> use_col(StandardCollection<Json> col, Seen& seen) {
  DocumentMeta<Json> m = co_await col.insert(Json::parse(R"({"_key":"k","v":7})"), {}, net::use_awaitable);
  seen.after_insert = std::this_thread::get_id();
  CHECK(m.key == "k");
  std::optional<Json> doc = co_await col.get("k", {}, net::use_awaitable);
  seen.after_get = std::this_thread::get_id();
  if (doc) seen.v = (*doc)["v"].as_int64();
  try {
    (void)co_await col.insert(Json::parse(R"({"_key":"k"})"), {}, net::use_awaitable);
  } catch (const DocumentInsertError& e) {
    seen.duplicate_as_its_type = e.http_code() == 409;
  }
  co_await col.truncate({}, net::use_awaitable);  // a call delivering void
  seen.present_after_delete = co_await col.has("k", {}, net::use_awaitable);
}

}  // namespace

TEST_CASE_METHOD(testenv::DatabaseFixture, "co_await with asio::use_awaitable resumes on the io_context's thread",
                 "[asio]") {
  auto col = make_collection("asio");
  net::io_context io;
  Seen seen;
  std::exception_ptr failed;
  net::co_spawn(io, use_col(col, seen), [&](std::exception_ptr e) { failed = e; });
  std::thread runner([&] { io.run(); });  // returns only once the coroutine is done
  const auto runner_id = runner.get_id();
  runner.join();
  REQUIRE_FALSE(failed);
  CHECK(seen.after_insert == runner_id);
  CHECK(seen.after_get == runner_id);
  CHECK(seen.v == 7);
  CHECK(seen.duplicate_as_its_type);
  CHECK_FALSE(seen.present_after_delete);
}

TEST_CASE_METHOD(testenv::DatabaseFixture, "asio::use_future and plain handlers", "[asio]") {
  auto col = make_collection("asio");
  std::future<DocumentMeta<Json>> f = col.insert(Json::parse(R"({"_key":"f"})"), {}, net::use_future);
  CHECK(f.get().key == "f");
  std::future<std::optional<Json>> missing = col.get("none", {}, net::use_future);
  CHECK_FALSE(missing.get().has_value());
  // Errors as their own types through the future.
  std::future<DocumentMeta<Json>> dup = col.insert(Json::parse(R"({"_key":"f"})"), {}, net::use_future);
  CHECK_THROWS_AS(dup.get(), DocumentInsertError);

  // A plain handler with an executor of its own: called on the io_context's thread.
  net::io_context io;
  std::thread::id called_on{};
  std::exception_ptr error;
  bool has = false;
  col.has("f", {}, net::bind_executor(io, [&](std::exception_ptr e, bool h) {
            called_on = std::this_thread::get_id();
            error = e;
            has = h;
          }));
  std::thread runner([&] { io.run(); });
  const auto runner_id = runner.get_id();
  runner.join();
  CHECK(called_on == runner_id);
  CHECK_FALSE(error);
  CHECK(has);

  // A handle type (no default constructor) comes as std::optional, and an error as its type.
  DbOptions verified = testenv::root();
  verified.verify = true;
  std::future<std::optional<StandardDatabase>> handle = client.db(db_name, verified, net::use_future);
  std::optional<StandardDatabase> opened = handle.get();
  REQUIRE(opened);
  CHECK(opened->name() == db_name);
  DbOptions wrong = testenv::with_auth(testenv::user(), "wrong-password");
  wrong.verify = true;
  const std::type_info* expected = nullptr;
  try {
    (void)client.db(db_name, wrong).get();
  } catch (const ArangoError& e) {
    expected = &typeid(e);
  }
  REQUIRE(expected);
  std::future<std::optional<StandardDatabase>> refused = client.db(db_name, wrong, net::use_future);
  try {
    (void)refused.get();
    FAIL("the wrong password was accepted");
  } catch (const ArangoError& e) {
    CHECK(typeid(e) == *expected);
  }
}

#ifdef HAVE_DEFERRED
TEST_CASE_METHOD(testenv::DatabaseFixture, "asio::deferred: nothing is sent until the operation is started",
                 "[asio]") {
  auto col = make_collection("asio");
  auto op = col.insert(Json::parse(R"({"_key":"d"})"), {}, deferred_ns::deferred);
  CHECK(col.count().get() == 0);
  std::future<DocumentMeta<Json>> started = std::move(op)(net::use_future);
  CHECK(started.get().key == "d");
  CHECK(col.count().get() == 1);
  std::future<std::int64_t> n = col.count(deferred_ns::deferred)(net::use_future);
  CHECK(n.get() == 1);
}
#endif

#ifdef HAVE_CANCELLATION
TEST_CASE_METHOD(testenv::DatabaseFixture, "a cancellation slot bound to the handler cancels the call",
                 "[asio][cancel]") {
  using namespace std::chrono_literals;
  net::cancellation_signal signal;
  auto t0 = std::chrono::steady_clock::now();
  auto sleeping = db.aql().execute("RETURN SLEEP(5)", {}, net::bind_cancellation_slot(signal.slot(), net::use_future));
  std::this_thread::sleep_for(300ms);
  signal.emit(net::cancellation_type::terminal);
  CHECK_THROWS_AS(sleeping.get(), RequestCanceledError);
  CHECK(std::chrono::steady_clock::now() - t0 < 4s);  // not the query's 5 s
  // A slot that is never emitted changes nothing.
  net::cancellation_signal quiet;
  CHECK(db.version({}, net::bind_cancellation_slot(quiet.slot(), net::use_future)).get()["version"].is_string());
}
#endif
