// Observability against a server: what DefaultHTTPClient measures of each attempt (libcurl's
// timers, bytes, new and reused connections), the server's queue time, calls waiting for a
// connection, the figures in Prometheus text, and the log of a working client.
#include <arango/arango.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "../support/collections.hpp"
#include "../support/test_env.hpp"

using namespace arango;
using namespace std::chrono_literals;

namespace {

struct Attempt {
  std::string operation;
  std::string host;
  int status = 0;
  TransferInfo transfer;
  std::optional<double> queue_time;
};

class Attempts final : public CallObserver {
 public:
  void on_attempt_end(const AttemptEnd& e) override {
    std::lock_guard lock(mutex_);
    attempts_.push_back({std::string(e.operation), std::string(e.host), e.status_code, e.transfer, e.server_queue_time});
  }
  std::vector<Attempt> of(std::string_view operation) {
    std::lock_guard lock(mutex_);
    std::vector<Attempt> out;
    for (const auto& a : attempts_) {
      if (a.operation == operation) out.push_back(a);
    }
    return out;
  }

 private:
  std::mutex mutex_;
  std::vector<Attempt> attempts_;
};

struct Lines {
  std::mutex mutex;
  std::vector<std::string> lines;
  bool contains(std::string_view needle) {
    std::lock_guard lock(mutex);
    for (const auto& l : lines) {
      if (l.find(needle) != std::string::npos) return true;
    }
    return false;
  }
};

/// A client whose attempts `attempts` records (and whose log goes to the test log as well).
ClientOptions observed(std::shared_ptr<Attempts> attempts) {
  ClientOptions options = testenv::logged(testenv::url());
  options.observer = std::move(attempts);
  return options;
}

}  // namespace

TEST_CASE("each attempt carries libcurl's timers, its bytes, and whether it opened or reused a connection",
          "[observe]") {
  auto attempts = std::make_shared<Attempts>();
  ArangoClient client(observed(attempts));
  StandardDatabase sys = client.db("_system", testenv::root()).get();
  Json first = sys.version().get();
  sys.version().get();
  auto seen = attempts->of("version");
  REQUIRE(seen.size() == 2);
  const TransferInfo& opened = seen[0].transfer;
  const TransferInfo& reused = seen[1].transfer;
  CHECK(seen[0].status == 200);
  CHECK(seen[0].host == testenv::url());
  REQUIRE(opened.filled);
  CHECK(opened.sent);
  CHECK(opened.new_connections == 1);
  CHECK(opened.timings.connect > 0us);
  CHECK(opened.timings.connect <= opened.timings.first_byte);
  CHECK(opened.timings.first_byte <= opened.timings.total);
  CHECK(opened.bytes_sent > 0);
  CHECK(opened.bytes_received > first.dump().size());  // the body and the header block
  REQUIRE(reused.filled);
  CHECK(reused.sent);
  CHECK(reused.new_connections == 0);
  CHECK(reused.timings.connect == 0us);  // no connect on a kept connection
  CHECK(reused.timings.total > 0us);
  // ArangoDB reports every request's time in its queue (the emulator too).
  REQUIRE(seen[1].queue_time.has_value());
  CHECK(*seen[1].queue_time >= 0.0);

  ClientMetrics m = client.metrics();
  CHECK(m.connections_opened >= 1);
  CHECK(m.connections_reused >= 1);
  CHECK(m.bytes_sent >= opened.bytes_sent + reused.bytes_sent);
  CHECK(m.bytes_received >= opened.bytes_received + reused.bytes_received);
  CHECK(m.calls_in_flight == 0);
  REQUIRE(m.latency.count("version") == 1);
  CHECK(m.latency.at("version").count == 2);
}

TEST_CASE("the server's queue time reaches the observer", "[observe]") {
  auto attempts = std::make_shared<Attempts>();
  ArangoClient client(observed(attempts));
  StandardDatabase sys = client.db("_system", testenv::root()).get();
  if (testenv::is_emulator(sys)) {
    testenv::emulator_control(sys, Method::PUT, "/_emulator/queue-time", R"({"seconds":0.25})");
    sys.engine().get();
    testenv::emulator_control(sys, Method::PUT, "/_emulator/queue-time", R"({"seconds":0})");
    auto seen = attempts->of("engine");
    REQUIRE(seen.size() == 1);
    REQUIRE(seen[0].queue_time.has_value());
    CHECK(*seen[0].queue_time == Approx(0.25));
  } else {
    sys.engine().get();
    auto seen = attempts->of("engine");
    REQUIRE(seen.size() == 1);
    REQUIRE(seen[0].queue_time.has_value());  // --http.return-queue-time-header, on by default
    CHECK(*seen[0].queue_time >= 0.0);
  }
}

TEST_CASE("calls past max_host_connections wait in the client: calls_queued and each attempt's queued time",
          "[observe]") {
  testenv::DatabaseFixture f;
  auto col = f.make_collection("observe_queue");
  REQUIRE(col.insert(Json::parse(R"({"_key":"k"})")).get().key == "k");
  auto attempts = std::make_shared<Attempts>();
  ClientOptions options = observed(attempts);
  options.http.max_host_connections = 1;
  ArangoClient client(options);
  StandardDatabase db = client.db(f.db_name, testenv::root()).get();
  bool emulator = testenv::is_emulator(f.sys);
  if (emulator) {
    testenv::inject_fault(f.sys, R"({"path":"/_api/document/)" + col.name() + R"(","action":"delay","delay_ms":40})");
  }
  constexpr int kCalls = 8;
  auto target = db.collection(col.name());
  std::vector<decltype(target.get("k"))> calls;
  for (int i = 0; i < kCalls; ++i) calls.push_back(target.get("k"));
  std::uint64_t queued_now = client.metrics().calls_queued;
  for (auto& c : calls) CHECK(c.get().has_value());
  if (emulator) testenv::clear_faults(f.sys);

  auto seen = attempts->of("get");
  REQUIRE(seen.size() == kCalls);
  std::chrono::microseconds longest{0};
  for (const auto& a : seen) {
    CHECK(a.transfer.filled);
    CHECK(a.transfer.new_connections <= 1);
    longest = std::max(longest, a.transfer.timings.queued);
  }
  CHECK(client.metrics().calls_queued == 0);
  CHECK(client.metrics().connections_opened == 1);  // one connection served all of them, in turn
  if (emulator) {
    // One at a time, 40 ms each: the last waited for the seven before it.
    CHECK(queued_now >= 1);
    CHECK(longest >= 6 * 40ms);
  }
}

TEST_CASE("a working client's figures in Prometheus text", "[observe]") {
  testenv::DatabaseFixture f;
  auto col = f.make_collection("observe_prom");
  ArangoClient client(testenv::logged(testenv::url()));
  StandardDatabase db = client.db(f.db_name, testenv::root()).get();
  auto c = db.collection(col.name());
  for (const char* key : {"a", "b", "c"}) c.insert(Json::object({{"_key", key}})).get();
  CHECK_THROWS_AS(c.insert(Json::object({{"_key", "a"}})).get(), DocumentInsertError);  // 1210, 409
  std::string text = to_prometheus(client.metrics(), "arango_client", "app=\"test\"");
  INFO(text);
  CHECK(text.find("arango_client_call_duration_seconds_count{app=\"test\",operation=\"insert\"} 4\n") !=
        std::string::npos);
  CHECK(text.find("arango_client_calls_failed_total{app=\"test\",error=\"DocumentInsertError\"} 1\n") !=
        std::string::npos);
  CHECK(text.find("arango_client_calls_succeeded_total{app=\"test\"} 3\n") != std::string::npos);
  CHECK(text.find("arango_client_calls_in_flight{app=\"test\"} 0\n") != std::string::npos);
}

TEST_CASE("the debug log of basic and JWT clients: each attempt's host, status and connection, logins, no credential",
          "[observe][jwt]") {
  auto lines = std::make_shared<Lines>();
  auto capture = [lines](LogLevel, std::string_view message) {
    std::lock_guard lock(lines->mutex);
    lines->lines.emplace_back(message);
  };
  ClientOptions options = testenv::logged(testenv::url());
  options.logger = capture;
  options.log_level = LogLevel::debug;
  ArangoClient client(options);
  StandardDatabase basic = client.db("_system", testenv::root()).get();
  basic.version().get();
  basic.version().get();
  StandardDatabase jwt = client.db("_system", {.auth_method = "jwt", .auth = Auth{testenv::user(), testenv::password()}}).get();
  jwt.engine().get();
  CHECK(client.metrics().jwt_refreshes == 1);

  CHECK(lines->contains("(version) attempt 1 to " + testenv::url() + ": 200"));
  CHECK(lines->contains("new connection"));
  CHECK(lines->contains("reused connection"));
  CHECK(lines->contains("JWT: logged in as user '" + testenv::user() + "'"));
  CHECK(lines->contains("(engine) attempt 1 to " + testenv::url() + ": 200"));
  std::lock_guard lock(lines->mutex);
  REQUIRE(lines->lines.size() >= 5);
  for (const auto& line : lines->lines) {
    INFO(line);
    if (!testenv::password().empty()) CHECK(line.find(testenv::password()) == std::string::npos);
    CHECK(line.find("eyJ") == std::string::npos);  // no JWT
    CHECK(line.find("Basic ") == std::string::npos);
    CHECK(line.find("bearer ") == std::string::npos);
  }
}
