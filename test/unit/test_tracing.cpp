// W3C trace context and spans through scripted transports: each attempt sends a traceparent of
// the caller's trace whose parent is the attempt's own span; make_span_observer turns a call into
// a call span and a child span per attempt with OpenTelemetry's attribute names.
#include <arango/arango.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <mutex>
#include <string>
#include <variant>
#include <vector>

#include "../support/mock_http.hpp"

using namespace arango;
using testenv::MockHTTPClient;

namespace {

constexpr const char* kTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
constexpr const char* kParent = "00f067aa0ba902b7";
const std::string kContext = std::string("00-") + kTrace + "-" + kParent + "-01";
const char* kVersion = R"({"server":"arango","version":"3.12.0","license":"community"})";
const char* kDoc = R"({"_id":"orders/1","_key":"1","_rev":"_a"})";

std::string header(const HttpRequest& r, std::string_view name) {
  return std::string(r.headers.find(name).value_or("<none>"));
}

bool hex(std::string_view s, std::size_t digits) {
  return s.size() == digits && s.find_first_not_of("0123456789abcdef") == std::string_view::npos &&
         s.find_first_not_of('0') != std::string_view::npos;
}

class Collect final : public SpanExporter {
 public:
  void export_span(Span span) override {
    std::lock_guard lock(mutex_);
    spans_.push_back(std::move(span));
  }
  std::vector<Span> take() {
    std::lock_guard lock(mutex_);
    std::vector<Span> out;
    out.swap(spans_);
    return out;
  }

 private:
  std::mutex mutex_;
  std::vector<Span> spans_;
};

std::string text(const Span& span, std::string_view key) {
  auto* v = span.attribute(key);
  return v && std::holds_alternative<std::string>(*v) ? std::get<std::string>(*v) : "<none>";
}
std::int64_t number(const Span& span, std::string_view key) {
  auto* v = span.attribute(key);
  return v && std::holds_alternative<std::int64_t>(*v) ? std::get<std::int64_t>(*v) : -1;
}

ClientOptions three_hosts(std::shared_ptr<HTTPClient> http) {
  return ClientOptions{.hosts = {"http://h1:1", "http://h2:2", "http://h3:3"},
                       .host_resolver = std::string("single"),
                       .http_client = std::move(http)};
}

}  // namespace

TEST_CASE("a call's trace context goes with each attempt, as the parent of the attempt's own span", "[tracing]") {
  auto mock = std::make_shared<MockHTTPClient>();
  std::vector<std::string> warnings;
  ClientOptions options = three_hosts(mock);
  options.logger = [&warnings](LogLevel level, std::string_view message) {
    if (level == LogLevel::warning) warnings.emplace_back(message);
  };
  ArangoClient client(options);
  auto db = client.db("shop", {.auth = Auth{"root", "pw"}}).get();

  mock->answers.emplace_back(make_error<HostUnreachableError>("connection refused"));
  mock->answer(200, kVersion);
  db.with_trace_context(kContext, "vendor=opaque").version().get();
  REQUIRE(mock->requests.size() == 2);
  std::string first = header(mock->requests[0], "traceparent");
  std::string second = header(mock->requests[1], "traceparent");
  for (const std::string& tp : {first, second}) {
    INFO(tp);
    REQUIRE(tp.size() == 55);
    CHECK(tp.substr(0, 36) == std::string("00-") + kTrace + "-");
    CHECK(hex(tp.substr(36, 16), 16));
    CHECK(tp.substr(36, 16) != kParent);
    CHECK(tp.substr(52) == "-01");
  }
  CHECK(first.substr(36, 16) != second.substr(36, 16));  // each attempt is a span of its own
  CHECK(header(mock->requests[0], "tracestate") == "vendor=opaque");
  CHECK(header(mock->requests[1], "tracestate") == "vendor=opaque");

  // Without a context nothing is sent; an invalid one is not sent and is logged.
  mock->answer(200, kVersion);
  db.version().get();
  CHECK(header(mock->requests.back(), "traceparent") == "<none>");
  for (const char* bad : {"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0",      // short
                          "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",     // version
                          "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",     // upper case
                          "00-00000000000000000000000000000000-00f067aa0ba902b7-01",     // zero trace
                          "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01"}) {  // zero parent
    mock->answer(200, kVersion);
    db.with_trace_context(bad).version().get();
    CHECK(header(mock->requests.back(), "traceparent") == "<none>");
  }
  std::vector<std::string> refused;  // (the first call's retry is a warning too)
  for (const auto& w : warnings) {
    if (w.find("traceparent") != std::string::npos) refused.push_back(w);
  }
  REQUIRE(refused.size() == 5);
  CHECK_THAT(refused[0], Catch::Contains("is not a W3C version-00 traceparent"));
}

TEST_CASE("make_span_observer: a call span and a child per attempt, named and attributed as OpenTelemetry asks",
          "[tracing]") {
  auto mock = std::make_shared<MockHTTPClient>();
  auto spans = std::make_shared<Collect>();
  ClientOptions options = three_hosts(mock);
  options.observer = make_span_observer(spans);
  ArangoClient client(options);
  auto db = client.db("shop", {.auth = Auth{"root", "pw"}}).get();
  auto traced = db.with_trace_context(kContext);

  mock->answer(503, R"({"error":true,"errorNum":503,"errorMessage":"unavailable","code":503})");
  mock->answer(202, kDoc);
  traced.collection("orders").insert(Json::object({{"a", 1}})).get();
  auto got = spans->take();
  REQUIRE(got.size() == 3);  // the attempts end before the call
  const Span& a1 = got[0];
  const Span& a2 = got[1];
  const Span& call = got[2];

  CHECK(call.trace_id == kTrace);
  CHECK(call.parent_span_id == kParent);
  CHECK(hex(call.span_id, 16));
  CHECK(call.name == "insert orders");
  CHECK(text(call, "db.system.name") == "arangodb");
  CHECK(text(call, "db.namespace") == "shop");
  CHECK(text(call, "db.operation.name") == "insert");
  CHECK(text(call, "db.collection.name") == "orders");
  CHECK(text(call, "server.address") == "h2");
  CHECK(number(call, "server.port") == 2);
  CHECK(number(call, "arango.attempts") == 2);
  CHECK(call.attribute("error.type") == nullptr);
  CHECK_FALSE(call.error);
  CHECK(call.start_time <= a1.start_time);
  CHECK(a2.end_time <= call.end_time + std::chrono::milliseconds(1));

  for (const Span* a : {&a1, &a2}) {
    CHECK(a->trace_id == kTrace);
    CHECK(a->parent_span_id == call.span_id);
    CHECK(a->name == "POST");
    CHECK(text(*a, "http.request.method") == "POST");
    CHECK(a->start_time <= a->end_time);
  }
  // The span ids the server was told are the attempts' own.
  CHECK(header(mock->requests[0], "traceparent").substr(36, 16) == a1.span_id);
  CHECK(header(mock->requests[1], "traceparent").substr(36, 16) == a2.span_id);
  CHECK(text(a1, "url.full") == "http://h1:1/_db/shop/_api/document/orders");
  CHECK(text(a1, "server.address") == "h1");
  CHECK(number(a1, "http.response.status_code") == 503);
  CHECK(text(a1, "error.type") == "503");
  CHECK(a1.error);
  CHECK(text(a1, "arango.retry_reason") == "service_unavailable");
  CHECK(a1.attribute("http.request.resend_count") == nullptr);
  CHECK(number(a2, "http.response.status_code") == 202);
  CHECK(number(a2, "http.request.resend_count") == 1);
  CHECK_FALSE(a2.error);

  // A failed call: its error's class and the errorNum.
  mock->answer(409, R"({"error":true,"errorNum":1210,"errorMessage":"unique constraint violated","code":409})");
  CHECK_THROWS_AS(traced.collection("orders").insert(Json::parse(R"({"_key":"1"})")).get(), DocumentInsertError);
  got = spans->take();
  REQUIRE(got.size() == 2);
  CHECK(got[1].error);
  CHECK(text(got[1], "error.type") == "DocumentInsertError");
  CHECK(text(got[1], "db.response.status_code") == "1210");
  CHECK_THAT(got[1].status_message, Catch::Contains("unique constraint violated"));

  // No context: the root of a new trace, one per call.
  mock->answer(200, kVersion);
  db.version().get();
  mock->answer(200, kVersion);
  db.version().get();
  got = spans->take();
  REQUIRE(got.size() == 4);
  CHECK(got[1].name == "version shop");  // no collection: the database
  CHECK(got[1].parent_span_id.empty());
  CHECK(hex(got[1].trace_id, 32));
  CHECK(got[1].trace_id != got[3].trace_id);
  CHECK(header(mock->requests.back(), "traceparent") == "<none>");  // nothing to propagate

  // Not sampled: the context goes on, no span is made.
  mock->answer(200, kVersion);
  db.with_trace_context(std::string("00-") + kTrace + "-" + kParent + "-00").version().get();
  CHECK(spans->take().empty());
  CHECK(header(mock->requests.back(), "traceparent").substr(52) == "-00");
}

TEST_CASE("span attributes: server.address and server.port of https, IPv6 and default ports", "[tracing]") {
  auto mock = std::make_shared<MockHTTPClient>();
  auto spans = std::make_shared<Collect>();
  ArangoClient client(ClientOptions{.hosts = {"https://[::1]:8530", "https://db.example", "http://db.example"},
                                    .host_resolver = std::string("roundrobin"),
                                    .http_client = mock,
                                    .observer = make_span_observer(spans)});
  auto db = client.db("_system", {.auth = Auth{"root", "pw"}}).get();
  std::vector<std::pair<std::string, std::int64_t>> servers;
  for (int i = 0; i < 3; ++i) {
    mock->answer(200, kVersion);
    db.version().get();
  }
  for (const Span& s : spans->take()) {
    if (s.name == "GET") servers.emplace_back(text(s, "server.address"), number(s, "server.port"));
  }
  std::sort(servers.begin(), servers.end());
  CHECK(servers == std::vector<std::pair<std::string, std::int64_t>>{{"::1", 8530}, {"db.example", 80}, {"db.example", 443}});
  CHECK_THROWS_AS(make_span_observer(nullptr), std::invalid_argument);
}
