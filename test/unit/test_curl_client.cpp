// DefaultHTTPClient (libcurl) against a loopback HTTP/1.1 server: the HTTP version of each
// response and the counters, the error types of HTTP/2 and TLS failures, decoding of compressed
// responses and compressed request bodies as they go on the wire. HTTP/2 itself is tested
// through nghttpx in test/integration/test_transport.cpp.
#include <arango/arango.hpp>

#include <catch2/catch.hpp>

#include <zlib.h>

#include <algorithm>
#include <condition_variable>
#include <future>
#include <memory>
#include <mutex>
#include <stop_token>
#include <string>
#include <vector>

#include "../support/loopback_server.hpp"

using namespace arango;
using testenv::http_response;
using testenv::LoopbackServer;
using testenv::RawRequest;

namespace {

Result<Response> call(HTTPClient& http, Method method, std::string url) {
  std::promise<Result<Response>> done;
  auto request = std::make_shared<HttpRequest>();
  request->method = method;
  request->url = std::move(url);
  http.send_request(std::move(request), [&](Result<Response> r) { done.set_value(std::move(r)); });
  return done.get_future().get();
}

std::string gzip(std::string_view data) {
  z_stream zs{};
  REQUIRE(deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out(deflateBound(&zs, static_cast<uLong>(data.size())), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  REQUIRE(::deflate(&zs, Z_FINISH) == Z_STREAM_END);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

template <class E>
bool is(const ErrorPtr& error) {
  return dynamic_cast<const E*>(error.get()) != nullptr;
}

constexpr std::string_view kVersionBody = R"({"server":"arango","version":"3.12.10","license":"community"})";

}  // namespace

TEST_CASE("DefaultHTTPClient gives each response's HTTP version and counts them", "[curl]") {
  LoopbackServer server([](const RawRequest&) { return http_response(200, "{}"); });
  // http2_tls on a cleartext URL is HTTP/1.1 (ALPN needs TLS): the counters show it.
  for (HttpVersion version : {HttpVersion::http1_1, HttpVersion::http2_tls}) {
    DefaultHTTPClient http({.http_version = version});
    CHECK(http.responses_received() == 0);
    for (int i = 0; i < 2; ++i) {
      Result<Response> r = call(http, Method::GET, server.url() + "/x");
      REQUIRE(r.has_value());
      CHECK(r->status_code == 200);
      CHECK(r->http_version == "1.1");
    }
    CHECK(http.responses_received() == 2);
    CHECK(http.http2_responses() == 0);
  }
  // A transport failure is no response.
  DefaultHTTPClient http;
  std::string closed_port_url;
  {
    LoopbackServer gone([](const RawRequest&) { return std::string(); });
    closed_port_url = gone.url();
  }
  Result<Response> r = call(http, Method::GET, closed_port_url + "/x");
  REQUIRE_FALSE(r.has_value());
  CHECK(is<ClientConnectionError>(r.error_ptr()));
  CHECK(http.responses_received() == 0);
}

TEST_CASE("HTTP/2 prior knowledge to a server without HTTP/2 is a ClientConnectionError", "[curl][http2]") {
  LoopbackServer server([](const RawRequest& rq) {
    // The HTTP/2 connection preface is "PRI * HTTP/2.0": an HTTP/1.1-only server gives up.
    return rq.head.rfind("PRI ", 0) == 0 ? std::string() : http_response(200, "{}");
  });
  DefaultHTTPClient http({.http_version = HttpVersion::http2_prior_knowledge});
  Result<Response> r = call(http, Method::GET, server.url() + "/x");
  REQUIRE_FALSE(r.has_value());
  CHECK(is<ClientConnectionError>(r.error_ptr()));
  CHECK_FALSE(is<ClientTLSError>(r.error_ptr()));
  REQUIRE_FALSE(server.requests().empty());
  CHECK(server.requests().front().head.rfind("PRI * HTTP/2.0", 0) == 0);
  CHECK(http.responses_received() == 0);
}

TEST_CASE("TLS failures are ClientTLSError, a ClientConnectionError", "[curl][tls]") {
  // The server answers a TLS ClientHello with plain HTTP: the handshake fails.
  LoopbackServer server([](const RawRequest&) { return http_response(400, "not TLS"); });
  DefaultHTTPClient http;
  Result<Response> r = call(http, Method::GET, server.https_url() + "/x");
  REQUIRE_FALSE(r.has_value());
  CHECK(is<ClientTLSError>(r.error_ptr()));
  CHECK(is<ClientConnectionError>(r.error_ptr()));

  // A CA file that cannot be read.
  DefaultHTTPClient missing_ca({.ca_file = "/nonexistent/arango-async-ca.pem"});
  r = call(missing_ca, Method::GET, server.https_url() + "/x");
  REQUIRE_FALSE(r.has_value());
  CHECK(is<ClientTLSError>(r.error_ptr()));
  CHECK_THAT(r.error().what(), Catch::Contains("https://127.0.0.1:"));
  CHECK_THAT(r.error().what(), Catch::Contains("arango-async-ca.pem"));  // curl names the file

  // The same server over cleartext answers: the failures above came from TLS.
  r = call(http, Method::GET, server.url() + "/x");
  REQUIRE(r.has_value());
  CHECK(r->status_code == 400);
}

TEST_CASE("compressed responses are decoded as Accept-Encoding asked", "[curl][compression]") {
  LoopbackServer server([](const RawRequest& rq) {
    std::string accept = rq.header("accept-encoding");
    if (accept == "gzip") return http_response(200, gzip(kVersionBody), "Content-Encoding: gzip\r\n");
    if (accept == "deflate") return http_response(200, deflate(kVersionBody), "Content-Encoding: deflate\r\n");
    return http_response(200, kVersionBody);
  });
  struct Case {
    std::optional<AcceptEncoding> accept;
    const char* header;
  };
  for (Case c : {Case{AcceptEncoding::GZIP, "gzip"}, Case{AcceptEncoding::DEFLATE, "deflate"},
                 Case{AcceptEncoding::IDENTITY, "identity"}, Case{std::nullopt, ""}}) {
    auto cm = std::make_shared<DefaultCompressionManager>(1024, 6, c.accept);
    ArangoClient client(ClientOptions{.hosts = {server.url()}, .compression = cm});
    StandardDatabase db = client.db("_system", {.auth = Auth{"root", ""}}).get();
    Json v = db.version().get();
    CHECK(v["version"].as_string() == "3.12.10");
    CHECK(server.requests().back().header("accept-encoding") == c.header);
  }
  // The encoded bytes really differ from the body (the decoding above was needed).
  CHECK(gzip(kVersionBody) != kVersionBody);
  CHECK(deflate(kVersionBody) != kVersionBody);
}

TEST_CASE("request bodies at or above the threshold go deflated on the wire", "[curl][compression]") {
  LoopbackServer server([](const RawRequest&) { return http_response(201, R"({"error":false,"code":201,"result":true})"); });
  auto cm = std::make_shared<DefaultCompressionManager>(100, 9, std::nullopt);
  ArangoClient client(ClientOptions{.hosts = {server.url()}, .compression = cm});
  StandardDatabase db = client.db("_system", {.auth = Auth{"root", ""}}).get();

  std::string long_name(300, 'n');
  CHECK(db.create_database(long_name).get());
  RawRequest big = server.requests().back();
  std::string json = R"({"name":")" + long_name + R"("})";
  CHECK(big.header("content-encoding") == "deflate");
  CHECK(big.header("content-length") == std::to_string(big.body.size()));
  CHECK(big.body.size() < json.size());
  CHECK(inflate(big.body) == json);

  CHECK(db.create_database("short").get());
  RawRequest small = server.requests().back();
  CHECK(small.header("content-encoding").empty());
  CHECK(small.body == R"({"name":"short"})");
}

TEST_CASE("a reused easy handle sends each request as it was built", "[curl]") {
  // One call at a time: each reuses the handle of the last (kept, not reset, after a clean
  // call), so every change of method, body and Accept-Encoding is one the handle must undo.
  LoopbackServer server([](const RawRequest& rq) {
    return http_response(200, rq.head.rfind("HEAD ", 0) == 0 ? "" : "{}");  // HEAD: no body follows
  });
  DefaultHTTPClient http;
  struct Step {
    Method method;
    std::string body;
    const char* accept_encoding;  // nullptr: none
  };
  const std::vector<Step> steps = {
      {Method::POST, "{\"a\":1}", nullptr}, {Method::GET, "", nullptr},
      {Method::PUT, "{\"b\":2}", "gzip"},   {Method::PUT, "{\"c\":3}", nullptr},
      {Method::DELETE, "", nullptr},          {Method::HEAD, "", "deflate"},
      {Method::GET, "", nullptr},             {Method::DELETE, "[1]", nullptr},
      {Method::DELETE, "", nullptr},          {Method::PATCH, "{}", nullptr},
      {Method::OPTIONS, "", nullptr},         {Method::POST, "", nullptr},
      {Method::HEAD, "", nullptr},            {Method::POST, "{\"d\":4}", nullptr},
      {Method::GET, "", nullptr}};
  std::size_t seen = 0;
  for (const Step& step : steps) {
    auto request = std::make_shared<HttpRequest>();
    request->method = step.method;
    request->url = server.url() + "/step";
    request->body = step.body;
    if (step.accept_encoding) request->headers.add("accept-encoding", step.accept_encoding);
    std::promise<Result<Response>> done;
    http.send_request(std::move(request), [&](Result<Response> r) { done.set_value(std::move(r)); });
    Result<Response> r = done.get_future().get();
    REQUIRE(r.has_value());
    CHECK(r->status_code == 200);
    REQUIRE(server.requests().size() == ++seen);
    const RawRequest got = server.requests().back();
    INFO(got.head);
    CHECK(got.head.rfind(std::string(to_string(step.method)) + " /step HTTP/1.1\r\n", 0) == 0);
    CHECK(got.body == step.body);
    CHECK(got.header("content-length") == (step.body.empty() && step.method != Method::POST ? "" : std::to_string(step.body.size())));
    CHECK(got.header("accept-encoding") == (step.accept_encoding ? step.accept_encoding : ""));
  }
}

namespace {

/// A server whose handler holds every request until open() (or the server's end), counting the
/// requests it holds at once and recording their paths in the order they arrived.
struct GatedServer {
  std::mutex mutex;
  std::condition_variable cv;
  bool opened = false;
  int inside = 0;
  int most_inside = 0;
  std::vector<std::string> paths;
  LoopbackServer server{[this](const RawRequest& rq) {
    std::unique_lock lock(mutex);
    std::string line = rq.head.substr(0, rq.head.find("\r\n"));
    paths.push_back(line.substr(line.find(' ') + 1, line.rfind(' ') - line.find(' ') - 1));
    most_inside = std::max(most_inside, ++inside);
    cv.notify_all();
    cv.wait(lock, [this] { return opened; });
    --inside;
    return http_response(200, "{}");
  }};
  ~GatedServer() { open(); }
  void open() {
    std::lock_guard lock(mutex);
    opened = true;
    cv.notify_all();
  }
  bool wait_inside(int n) {
    std::unique_lock lock(mutex);
    return cv.wait_for(lock, std::chrono::seconds(10), [&] { return inside >= n; });
  }
};

std::shared_ptr<HttpRequest> get(const std::string& url) {
  auto request = std::make_shared<HttpRequest>();
  request->url = url;
  return request;
}

}  // namespace

TEST_CASE("calls past max_host_connections wait in the client: in order, cancellable, with their deadline",
          "[curl][queue]") {
  // One connection, so that the order the server sees is the order the client started them in.
  GatedServer gated;
  HttpClientOptions options;
  options.max_host_connections = 1;
  DefaultHTTPClient http(options);
  const std::string base = gated.server.url();

  constexpr int kCalls = 12;
  std::vector<std::promise<Result<Response>>> done(kCalls);
  std::vector<std::future<Result<Response>>> results;
  for (auto& d : done) results.push_back(d.get_future());
  std::stop_source cancel_5;
  for (int i = 0; i < kCalls; ++i) {
    auto request = get(base + "/c" + std::to_string(i));
    if (i == 5) request->options.cancel = cancel_5.get_token();
    if (i == 6) request->options.timeout = std::chrono::milliseconds(300);
    http.send_request(std::move(request), [&done, i](Result<Response> r) { done[i].set_value(std::move(r)); });
  }
  REQUIRE(gated.wait_inside(1));
  CHECK(http.pending_calls() == kCalls);

  // While the connection is held: call 5 is cancelled and call 6 passes its deadline, each
  // ended at once, without waiting for a connection.
  cancel_5.request_stop();
  REQUIRE(results[5].wait_for(std::chrono::seconds(5)) == std::future_status::ready);
  Result<Response> cancelled = results[5].get();
  REQUIRE_FALSE(cancelled.has_value());
  CHECK(is<RequestCanceledError>(cancelled.error_ptr()));
  REQUIRE(results[6].wait_for(std::chrono::seconds(5)) == std::future_status::ready);
  Result<Response> late = results[6].get();
  REQUIRE_FALSE(late.has_value());
  CHECK(is<RequestTimeoutError>(late.error_ptr()));
  CHECK_THAT(late.error().message(), Catch::Contains("waited for a connection"));
  CHECK(results[7].wait_for(std::chrono::milliseconds(0)) == std::future_status::timeout);

  gated.open();
  for (int i = 0; i < kCalls; ++i) {
    if (i == 5 || i == 6) continue;
    Result<Response> r = results[i].get();
    REQUIRE(r.has_value());
    CHECK(r->status_code == 200);
  }
  std::lock_guard lock(gated.mutex);
  CHECK(gated.most_inside == 1);
  // In the order they were made, without 5 and 6.
  CHECK(gated.paths ==
        std::vector<std::string>{"/c0", "/c1", "/c2", "/c3", "/c4", "/c7", "/c8", "/c9", "/c10", "/c11"});
  CHECK(http.pending_calls() == 0);
}

TEST_CASE("closing the client ends the calls waiting for a connection with ClientShutdownError", "[curl][queue]") {
  GatedServer gated;
  HttpClientOptions options;
  options.max_host_connections = 1;
  auto http = std::make_unique<DefaultHTTPClient>(options);
  constexpr int kCalls = 5;
  std::vector<std::promise<Result<Response>>> done(kCalls);
  std::vector<std::future<Result<Response>>> results;
  for (auto& d : done) results.push_back(d.get_future());
  for (int i = 0; i < kCalls; ++i) {
    http->send_request(get(gated.server.url() + "/s" + std::to_string(i)),
                       [&done, i](Result<Response> r) { done[i].set_value(std::move(r)); });
  }
  REQUIRE(gated.wait_inside(1));
  http->close();
  for (int i = 0; i < kCalls; ++i) {
    REQUIRE(results[i].wait_for(std::chrono::seconds(5)) == std::future_status::ready);
    Result<Response> r = results[i].get();
    REQUIRE_FALSE(r.has_value());
    INFO(i << ": " << r.error().message());
    CHECK(is<ClientShutdownError>(r.error_ptr()));
    if (i > 0) CHECK_THAT(r.error().message(), Catch::Contains("waiting for a connection"));
  }
  CHECK(http->pending_calls() == 0);
  gated.open();
}
