// Observability through scripted transports: the CallObserver's events (start, each attempt with
// its retry reason and next host, end with the delivered error's class), the client's figures
// (ClientMetrics) and their Prometheus text, the log messages at their levels, and that neither
// events nor log lines carry a credential.
#include <arango/arango.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "../support/mock_http.hpp"

using namespace arango;
using namespace std::chrono_literals;
using testenv::MockHTTPClient;

namespace {

const char* kDoc = R"({"_id":"c/1","_key":"1","_rev":"_a"})";
const char* kVersion = R"({"server":"arango","version":"3.12.0","license":"community"})";

/// Every event, as text that outlives it (the events' views do not).
class Recorder final : public CallObserver {
 public:
  struct Event {
    std::string kind;  // "start", "attempt", "end"
    std::uint64_t call_id = 0;
    std::string operation, database, method, path, host, error, error_message, next_host, body;
    std::size_t attempt = 0;
    int status = 0;
    int error_num = 0;
    RetryReason retry = RetryReason::none;
    TransferInfo transfer;
    std::optional<double> queue_time;
    std::uint64_t bytes_sent = 0, bytes_received = 0;
  };
  explicit Recorder(bool bodies = false) : bodies_(bodies) {}
  bool wants_bodies() const override { return bodies_; }

  void on_call_start(const CallStart& e) override {
    Event ev = common("start", e);
    ev.bytes_sent = e.request_bytes;
    ev.body = std::string(e.request_body);
    add(std::move(ev));
  }
  void on_attempt_end(const AttemptEnd& e) override {
    Event ev = common("attempt", e);
    ev.attempt = e.attempt;
    ev.host = std::string(e.host);
    ev.status = e.status_code;
    ev.error = std::string(e.error);
    ev.error_message = std::string(e.error_message);
    ev.retry = e.retry;
    ev.next_host = std::string(e.next_host);
    ev.transfer = e.transfer;
    ev.queue_time = e.server_queue_time;
    ev.body = std::string(e.response_body);
    add(std::move(ev));
  }
  void on_call_end(const CallEnd& e) override {
    Event ev = common("end", e);
    ev.attempt = e.attempts;
    ev.host = std::string(e.host);
    ev.status = e.status_code;
    ev.error = std::string(e.error);
    ev.error_num = e.error_num;
    ev.error_message = std::string(e.error_message);
    ev.bytes_sent = e.bytes_sent;
    ev.bytes_received = e.bytes_received;
    add(std::move(ev));
  }

  std::vector<Event> take() {
    std::lock_guard lock(mutex_);
    std::vector<Event> out;
    out.swap(events_);
    return out;
  }

 private:
  static Event common(std::string kind, const CallIdentity& id) {
    Event ev;
    ev.kind = std::move(kind);
    ev.call_id = id.call_id;
    ev.operation = std::string(id.operation);
    ev.database = std::string(id.database);
    ev.method = std::string(to_string(id.method));
    ev.path = std::string(id.path);
    return ev;
  }
  void add(Event ev) {
    std::lock_guard lock(mutex_);
    events_.push_back(std::move(ev));
  }
  bool bodies_;
  std::mutex mutex_;
  std::vector<Event> events_;
};

/// Log lines with their level.
struct LogLines {
  std::mutex mutex;
  std::vector<std::pair<LogLevel, std::string>> lines;
  LogHandler handler() {
    return [this](LogLevel level, std::string_view message) {
      std::lock_guard lock(mutex);
      lines.emplace_back(level, std::string(message));
    };
  }
  std::vector<std::string> at(LogLevel level) {
    std::lock_guard lock(mutex);
    std::vector<std::string> out;
    for (auto& [l, text] : lines) {
      if (l == level) out.push_back(text);
    }
    return out;
  }
  bool any_contains(std::string_view needle) {
    std::lock_guard lock(mutex);
    for (auto& [l, text] : lines) {
      if (text.find(needle) != std::string::npos) return true;
    }
    return false;
  }
};

/// A mock transport that also reports TransferInfo, as DefaultHTTPClient does: the first
/// attempt opens a connection, later ones reuse it.
class MeasuringHTTPClient final : public HTTPClient {
 public:
  testenv::MockHTTPClient inner;
  int calls = 0;
  void send_request(std::shared_ptr<const HttpRequest> request, Completion done) override {
    if (request->transfer) {
      TransferInfo& info = *request->transfer;
      info.filled = true;
      info.sent = true;
      info.bytes_sent = 100 + request->body.size();
      info.bytes_received = 200;
      info.new_connections = calls++ == 0 ? 1 : 0;
      info.timings.connect = 30us;
      info.timings.first_byte = 70us;
      info.timings.total = 90us;
    }
    inner.send_request(std::move(request), std::move(done));
  }
  void close() override {}
  void schedule(std::chrono::milliseconds delay, Completion done) override { inner.schedule(delay, std::move(done)); }
  std::size_t queued_calls() const noexcept override { return 7; }
};

ClientOptions observed(std::shared_ptr<HTTPClient> http, std::shared_ptr<CallObserver> observer,
                       std::vector<std::string> hosts = {"http://h1:1", "http://h2:2", "http://h3:3"}) {
  ClientOptions options{.hosts = std::move(hosts), .host_resolver = std::string("single"), .http_client = std::move(http)};
  options.observer = std::move(observer);
  return options;
}

}  // namespace

TEST_CASE("an observer sees a call's start, each attempt with its retry reason and next host, and its end",
          "[observe]") {
  auto mock = std::make_shared<MockHTTPClient>();
  auto recorder = std::make_shared<Recorder>();
  ArangoClient client(observed(mock, recorder));
  auto db = client.db("shop", {.auth = Auth{"root", "pw"}}).get();

  mock->answers.emplace_back(make_error<HostUnreachableError>("connection refused"));
  Headers queued;
  queued.add("x-arango-queue-time-seconds", "0.125");
  mock->answer(503, R"({"error":true,"errorNum":503,"errorMessage":"unavailable","code":503})", queued);
  mock->answer(202, kDoc);
  CHECK(db.collection("c").insert(Json::object({{"a", 1}})).get().key == "1");

  auto events = recorder->take();
  REQUIRE(events.size() == 5);
  for (const auto& e : events) {
    CHECK(e.call_id == events[0].call_id);
    CHECK(e.operation == "insert");
    CHECK(e.database == "shop");
    CHECK(e.method == "POST");
    CHECK(e.path == "/_db/shop/_api/document/c");
  }
  CHECK(events[0].kind == "start");
  CHECK(events[0].bytes_sent == mock->requests[0].body.size());
  CHECK(events[0].body.empty());  // no bodies unless asked for

  CHECK(events[1].kind == "attempt");
  CHECK(events[1].attempt == 1);
  CHECK(events[1].host == "http://h1:1");
  CHECK(events[1].status == 0);
  CHECK(events[1].error == "HostUnreachableError");
  CHECK(events[1].error_message == "connection refused");
  CHECK(events[1].retry == RetryReason::connection_failed);
  CHECK(events[1].next_host == "http://h2:2");

  CHECK(events[2].attempt == 2);
  CHECK(events[2].host == "http://h2:2");
  CHECK(events[2].status == 503);
  CHECK(events[2].error.empty());
  CHECK(events[2].queue_time == Approx(0.125));
  CHECK(events[2].retry == RetryReason::service_unavailable);
  CHECK(events[2].next_host == "http://h3:3");

  CHECK(events[3].attempt == 3);
  CHECK(events[3].host == "http://h3:3");
  CHECK(events[3].status == 202);
  CHECK(events[3].retry == RetryReason::none);
  CHECK(events[3].next_host.empty());
  CHECK_FALSE(events[3].transfer.filled);  // the mock transport measures nothing

  CHECK(events[4].kind == "end");
  CHECK(events[4].attempt == 3);
  CHECK(events[4].host == "http://h3:3");
  CHECK(events[4].status == 202);
  CHECK(events[4].error.empty());
  CHECK(events[4].error_num == 0);

  // The next call has the next id; its end carries the error the caller receives.
  const std::uint64_t insert_id = events[0].call_id;
  mock->answer(409, R"({"error":true,"errorNum":1210,"errorMessage":"unique constraint violated","code":409})");
  CHECK_THROWS_AS(db.collection("c").insert(Json::parse(R"({"_key":"1"})")).get(), DocumentInsertError);
  events = recorder->take();
  REQUIRE(events.size() == 3);
  CHECK(events[0].call_id == insert_id + 1);
  CHECK(events[2].operation == "insert");
  CHECK(events[2].method == "POST");
  CHECK(events[2].error == "DocumentInsertError");
  CHECK(events[2].error_num == 1210);
  CHECK(events[2].status == 409);
  CHECK_THAT(events[2].error_message, Catch::Contains("unique constraint violated"));

  // A missing document is no error for get() (it delivers nullopt, as the seed's None).
  mock->answer(404, R"({"error":true,"errorNum":1202,"errorMessage":"document not found","code":404})");
  CHECK_FALSE(db.collection("c").get("missing").get().has_value());
  events = recorder->take();
  REQUIRE(events.size() == 3);
  CHECK(events[2].operation == "get");
  CHECK(events[2].path == "/_db/shop/_api/document/c/missing");
  CHECK(events[2].status == 404);
  CHECK(events[2].error.empty());

  // A 404 that the call turns into a value (has() delivers false) is no error.
  mock->answer(404, R"({"error":true,"errorNum":1202,"errorMessage":"document not found","code":404})");
  CHECK_FALSE(db.collection("c").has("missing").get());
  events = recorder->take();
  REQUIRE(events.size() == 3);
  CHECK(events[2].operation == "has");
  CHECK(events[2].method == "HEAD");
  CHECK(events[2].status == 404);
  CHECK(events[2].error.empty());
}

TEST_CASE("the client's figures count calls, failures by class, retries, failovers, bytes and connections",
          "[observe]") {
  auto http = std::make_shared<MeasuringHTTPClient>();
  ArangoClient client(observed(http, nullptr));
  auto db = client.db("shop", {.auth = Auth{"root", "pw"}}).get();
  ClientMetrics before = client.metrics();
  CHECK(before.calls_started == 0);
  CHECK(before.calls_queued == 7);  // from the transport's queued_calls()

  http->inner.answers.emplace_back(make_error<HostUnreachableError>("refused"));
  http->inner.answer(202, kDoc);
  db.collection("c").insert(Json::object({{"a", 1}})).get();
  const char* precondition = R"({"error":true,"errorNum":1200,"errorMessage":"conflict, _rev values do not match","code":412})";
  http->inner.answer(412, precondition);
  CHECK_THROWS_AS(db.collection("c").get("x", {.if_match = "_a"}).get(), DocumentRevisionError);
  http->inner.answer(412, precondition);
  CHECK_THROWS_AS(db.collection("c").get("y", {.if_match = "_a"}).get(), DocumentRevisionError);
  http->inner.answer(200, kVersion);
  db.version().get();

  ClientMetrics m = client.metrics();
  CHECK(m.calls_started == 4);
  CHECK(m.calls_in_flight == 0);
  CHECK(m.calls_succeeded == 2);
  CHECK(m.calls_failed == 2);
  REQUIRE(m.failures.size() == 1);
  CHECK(m.failures.at("DocumentRevisionError") == 2);
  CHECK(m.attempts == 5);
  CHECK(m.retries == 1);
  CHECK(m.failovers == 1);
  CHECK(m.connections_opened == 1);  // the first attempt's
  CHECK(m.connections_reused == 4);
  CHECK(m.bytes_received == 5 * 200);
  std::uint64_t sent = 0;
  for (const HttpRequest& r : http->inner.requests) sent += 100 + r.body.size();
  CHECK(m.bytes_sent == sent);
  REQUIRE(m.latency.count("insert") == 1);
  REQUIRE(m.latency.count("get") == 1);
  REQUIRE(m.latency.count("version") == 1);
  CHECK(m.latency.at("get").count == 2);
  std::uint64_t in_buckets = 0;
  for (auto n : m.latency.at("get").counts) in_buckets += n;
  CHECK(in_buckets == 2);
  CHECK(m.latency.at("get").sum_seconds >= 0.0);
}

TEST_CASE("JWT logins and a 401's new login are counted, observed and logged without the token",
          "[observe][jwt]") {
  auto mock = std::make_shared<MockHTTPClient>();
  auto recorder = std::make_shared<Recorder>(/*bodies=*/true);
  LogLines logs;
  ClientOptions options = observed(mock, recorder, {"http://h:1"});
  options.logger = logs.handler();
  options.log_level = LogLevel::debug;
  ArangoClient client(options);
  const std::string password = "pa55-w0rd-secret";
  auto db = client.db("shop", {.auth_method = "jwt", .auth = Auth{"alice", password}}).get();
  auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  JwtToken first = JwtToken::generate_token("secret", now, 3600);
  JwtToken second = JwtToken::generate_token("secret", now, 7200);
  mock->answer(200, R"({"jwt":")" + first.token() + "\"}");
  mock->answer(401, R"({"error":true,"errorNum":11,"errorMessage":"not authorized","code":401})");
  mock->answer(200, R"({"jwt":")" + second.token() + "\"}");
  mock->answer(200, kDoc);
  db.collection("c").get("1").get();

  ClientMetrics m = client.metrics();
  CHECK(m.jwt_refreshes == 2);
  CHECK(m.jwt_refresh_failures == 0);
  CHECK(m.retries == 1);
  CHECK(m.failovers == 0);  // the 401's retry goes to the same host

  auto events = recorder->take();
  std::vector<Recorder::Event> get_attempts, logins;
  for (auto& e : events) {
    if (e.kind == "attempt" && e.operation == "get") get_attempts.push_back(e);
    if (e.kind == "end" && e.operation == "login") logins.push_back(e);
  }
  REQUIRE(get_attempts.size() == 2);
  CHECK(get_attempts[0].status == 401);
  CHECK(get_attempts[0].retry == RetryReason::unauthorized);
  CHECK(get_attempts[0].next_host == "http://h:1");
  CHECK(get_attempts[1].status == 200);
  REQUIRE(logins.size() == 2);
  CHECK(logins[0].path == "/_open/auth");

  CHECK(logs.at(LogLevel::info).size() >= 2);  // the two logins
  CHECK(logs.any_contains("logged in as user 'alice'"));
  CHECK(logs.any_contains("logging in again"));
  CHECK(logs.any_contains("attempt 1 to http://h:1: 401"));
  // Neither the password nor a token in a log line; and the bodies the observer asked for are
  // the only place they appear (the login's request and answer).
  for (const auto& secret : {password, first.token(), second.token()}) {
    CHECK_FALSE(logs.any_contains(secret));
    for (const auto& e : events) {
      bool login = e.operation == "login";
      CHECK_FALSE(e.error_message.find(secret) != std::string::npos);
      CHECK_FALSE(e.path.find(secret) != std::string::npos);
      if (!login) CHECK_FALSE(e.body.find(secret) != std::string::npos);
    }
  }
}

TEST_CASE("a JWT login that fails on the wire ends with its error: class, message, no status", "[observe][jwt]") {
  // The login is a call no executor decodes: the connection ends it with what came back, after
  // handing that error on to the call that needed the login.
  auto mock = std::make_shared<MockHTTPClient>();
  auto recorder = std::make_shared<Recorder>();
  ArangoClient client(observed(mock, recorder, {"http://h:1"}));
  auto db = client.db("shop", {.auth_method = "jwt", .auth = Auth{"alice", "pw"}}).get();
  mock->answers.emplace_back(make_error<ClientConnectionAbortedError>("connection reset by peer (login)"));
  CHECK_THROWS_AS(db.collection("c").get("1").get(), ArangoError);

  std::vector<Recorder::Event> logins;
  for (auto& e : recorder->take()) {
    if (e.kind == "end" && e.operation == "login") logins.push_back(e);
  }
  REQUIRE(logins.size() == 1);
  CHECK(logins[0].error == "ClientConnectionAbortedError");
  CHECK(logins[0].error_message == "connection reset by peer (login)");
  CHECK(logins[0].status == 0);
  CHECK(logins[0].error_num == 0);
  CHECK(client.metrics().jwt_refresh_failures == 1);
}

TEST_CASE("retries, failovers and slow calls are logged at their levels; a throwing observer changes nothing",
          "[observe]") {
  struct Throwing final : CallObserver {
    void on_call_start(const CallStart&) override { throw std::runtime_error("observer start"); }
    void on_attempt_end(const AttemptEnd&) override { throw std::runtime_error("observer attempt"); }
    void on_call_end(const CallEnd&) override { throw 42; }
  };
  struct Slow final : HTTPClient {
    MockHTTPClient inner;
    void send_request(std::shared_ptr<const HttpRequest> request, Completion done) override {
      std::this_thread::sleep_for(20ms);
      inner.send_request(std::move(request), std::move(done));
    }
    void close() override {}
    void schedule(std::chrono::milliseconds delay, Completion done) override { inner.schedule(delay, std::move(done)); }
  };
  auto slow = std::make_shared<Slow>();
  LogLines logs;
  ClientOptions options = observed(slow, std::make_shared<Throwing>());
  options.logger = logs.handler();
  options.log_level = LogLevel::info;
  options.slow_call_threshold = 30ms;
  ArangoClient client(options);
  auto db = client.db("shop", {.auth = Auth{"root", "pw"}}).get();
  slow->inner.answer(503, R"({"error":true,"errorNum":503,"errorMessage":"unavailable","code":503})");
  slow->inner.answer(200, kVersion);
  CHECK(db.version().get()["version"].as_string() == "3.12.0");  // 2 x 20 ms: slow

  auto warnings = logs.at(LogLevel::warning);
  bool retry = false, slow_call = false;
  for (const auto& w : warnings) {
    retry = retry || (w.find("attempt 1 on http://h1:1: 503") != std::string::npos &&
                      w.find("failover to http://h2:2") != std::string::npos &&
                      w.find("service_unavailable") != std::string::npos);
    slow_call = slow_call || (w.find("slow call") != std::string::npos && w.find("version") != std::string::npos &&
                              w.find("2 attempt(s)") != std::string::npos);
  }
  CHECK(retry);
  CHECK(slow_call);
  CHECK(logs.at(LogLevel::debug).empty());  // below log_level
  auto errors = logs.at(LogLevel::error);
  CHECK(errors.size() == 4);  // start, two attempts, end: each hook's exception
  CHECK(logs.any_contains("a CallObserver hook threw: observer start"));
  CHECK(logs.any_contains("a CallObserver hook threw a non-standard exception"));
  CHECK(client.metrics().slow_calls == 1);

  CHECK_THROWS_AS(ArangoClient(ClientOptions{.hosts = {"http://h:1"}, .http_client = slow,
                                             .slow_call_threshold = -1ms}),
                  std::invalid_argument);
}

TEST_CASE("to_prometheus writes the text exposition format", "[observe]") {
  ClientMetrics m;
  m.calls_in_flight = 3;
  m.calls_queued = 1;
  m.calls_started = 10;
  m.calls_succeeded = 6;
  m.calls_failed = 1;
  m.failures["Document\"Get\\Error\n"] = 1;
  m.retries = 2;
  LatencyHistogram h;
  h.counts[0] = 1;   // <= 0.0005
  h.counts[3] = 2;   // <= 0.005
  h.counts[14] = 1;  // > 10
  h.count = 4;
  h.sum_seconds = 12.5;
  m.latency["insert"] = h;
  std::string text = to_prometheus(m);
  auto has = [&](const std::string& line) {
    INFO(line);
    CHECK(text.find(line + "\n") != std::string::npos);
  };
  has("# HELP arango_client_calls_in_flight Calls started and not ended.");
  has("# TYPE arango_client_calls_in_flight gauge");
  has("arango_client_calls_in_flight 3");
  has("arango_client_calls_queued 1");
  has("# TYPE arango_client_calls_started_total counter");
  has("arango_client_calls_started_total 10");
  has("arango_client_calls_failed_total{error=\"Document\\\"Get\\\\Error\\n\"} 1");
  has("arango_client_retries_total 2");
  has("# TYPE arango_client_call_duration_seconds histogram");
  has("arango_client_call_duration_seconds_bucket{operation=\"insert\",le=\"0.0005\"} 1");
  has("arango_client_call_duration_seconds_bucket{operation=\"insert\",le=\"0.0025\"} 1");
  has("arango_client_call_duration_seconds_bucket{operation=\"insert\",le=\"0.005\"} 3");
  has("arango_client_call_duration_seconds_bucket{operation=\"insert\",le=\"10\"} 3");
  has("arango_client_call_duration_seconds_bucket{operation=\"insert\",le=\"+Inf\"} 4");
  has("arango_client_call_duration_seconds_sum{operation=\"insert\"} 12.5");
  has("arango_client_call_duration_seconds_count{operation=\"insert\"} 4");
  // Every line is a comment or "name[{labels}] value".
  std::size_t start = 0, lines = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    REQUIRE(end != std::string::npos);
    std::string line = text.substr(start, end - start);
    INFO(line);
    CHECK((line.rfind("# HELP arango_client_", 0) == 0 || line.rfind("# TYPE arango_client_", 0) == 0 ||
           (line.rfind("arango_client_", 0) == 0 && line.find(' ') != std::string::npos)));
    start = end + 1;
    ++lines;
  }
  CHECK(lines > 40);

  std::string labelled = to_prometheus(m, "app_db", "client=\"orders\"");
  CHECK(labelled.find("app_db_calls_in_flight{client=\"orders\"} 3\n") != std::string::npos);
  CHECK(labelled.find("app_db_call_duration_seconds_count{client=\"orders\",operation=\"insert\"} 4\n") !=
        std::string::npos);
}
