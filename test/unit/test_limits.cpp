// What the client accepts from a server on the wire (issue 23): the size of a response and of
// its header block, a response cut short, and what a failed db(verify=true) raises.
#include <arango/arango.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <future>
#include <memory>
#include <string>

#include "../support/loopback_server.hpp"

using namespace arango;
using testenv::http_response;
using testenv::LoopbackServer;
using testenv::RawRequest;

namespace {

Result<Response> call(HTTPClient& http, std::string url, CallOptions options = {}) {
  std::promise<Result<Response>> done;
  auto request = std::make_shared<HttpRequest>();
  request->url = std::move(url);
  request->options = std::move(options);
  http.send_request(std::move(request), [&](Result<Response> r) { done.set_value(std::move(r)); });
  return done.get_future().get();
}

template <class E>
bool is(const ErrorPtr& error) {
  return dynamic_cast<const E*>(error.get()) != nullptr;
}

}  // namespace

TEST_CASE("a body over max_response_size ends the call as it arrives, with ResponseTooLargeError",
          "[curl][hardening]") {
  const std::string mib(1 << 20, 'x');
  LoopbackServer server([&](const RawRequest& rq) -> std::string {
    if (rq.head.find(" /announced ") != std::string::npos) {
      return "HTTP/1.1 200 OK\r\nContent-Length: 10000000000\r\n\r\n" + mib;  // and then nothing
    }
    if (rq.head.find(" /endless ") != std::string::npos) {
      // Chunks that never end: without the limit the call would wait for its deadline.
      std::string out = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
      for (int i = 0; i < 3; ++i) out += "100000\r\n" + mib + "\r\n";
      return out;
    }
    return http_response(200, mib + mib);
  });
  DefaultHTTPClient http(HttpClientOptions{.request_timeout = std::chrono::seconds(60), .max_response_size = 1 << 20});
  const auto started = std::chrono::steady_clock::now();
  Result<Response> announced = call(http, server.url() + "/announced");
  REQUIRE_FALSE(announced);
  CHECK(is<ResponseTooLargeError>(announced.error_ptr()));
  CHECK_THAT(announced.error().message(), Catch::Contains("announced a body of 10000000000 bytes"));
  Result<Response> endless = call(http, server.url() + "/endless");
  REQUIRE_FALSE(endless);
  CHECK(is<ResponseTooLargeError>(endless.error_ptr()));
  CHECK_THAT(endless.error().message(), Catch::Contains("passed max_response_size (1048576 bytes)"));
  // Both ended on the limit, not on the 60-second deadline.
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(30));

  // The call's own limit overrides the client's: 0 lifts it, a smaller one applies.
  Result<Response> whole = call(http, server.url() + "/two", CallOptions{.max_response_size = 0});
  REQUIRE(whole);
  CHECK(whole->raw_body.size() == 2u << 20);
  Result<Response> small = call(http, server.url() + "/two", CallOptions{.max_response_size = 1000});
  REQUIRE_FALSE(small);
  CHECK(is<ResponseTooLargeError>(small.error_ptr()));
}

TEST_CASE("a response cut inside its header block is a connection failure, not an empty 200",
          "[curl][hardening]") {
  LoopbackServer server([](const RawRequest& rq) -> std::string {
    if (rq.head.find(" /cut ") != std::string::npos) return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n";
    return http_response(200, "{}");
  });
  server.close_after_reply = true;
  DefaultHTTPClient http;
  Result<Response> cut = call(http, server.url() + "/cut");
  REQUIRE_FALSE(cut);
  CHECK(is<ClientConnectionError>(cut.error_ptr()));
  CHECK_THAT(cut.error().message(), Catch::Contains("inside the response's header block"));
  Result<Response> whole = call(http, server.url() + "/whole");
  REQUIRE(whole);
  CHECK(whole->raw_body == "{}");
}

TEST_CASE("a header line over libcurl's limit is ResponseTooLargeError, sent once", "[curl][hardening]") {
  LoopbackServer server([](const RawRequest&) {
    return "HTTP/1.1 200 OK\r\nX-Big: " + std::string(1 << 20, 'h') + "\r\nContent-Length: 2\r\n\r\n{}";
  });
  ArangoClient client(ClientOptions{.hosts = {server.url(), server.url()}});
  StandardDatabase db = client.db("_system", {.auth = Auth{"root", ""}}).get();
  try {
    (void)db.version().get();
    FAIL("no error");
  } catch (const ResponseTooLargeError& e) {
    CHECK_THAT(e.message(), Catch::Contains("response header too large"));
  }
  CHECK(server.requests().size() == 1);  // the server's answer: not retried, not failed over
}

TEST_CASE("db(verify=true) with no server to answer raises ServerConnectionError with the cause",
          "[client][hardening]") {
  int port = 0;
  {
    LoopbackServer gone([](const RawRequest&) { return std::string(); });
    port = std::stoi(gone.url().substr(gone.url().rfind(':') + 1));
  }  // closed: nothing listens on the port now
  ArangoClient client(ClientOptions{.hosts = {"http://127.0.0.1:" + std::to_string(port)}});
  try {
    (void)client.db("_system", {.auth = Auth{"root", ""}, .verify = true}).get();
    FAIL("no error");
  } catch (const ServerConnectionError& e) {
    CHECK_THAT(e.message(), Catch::Contains("Failed to connect."));
    REQUIRE(e.cause());
    CHECK(dynamic_cast<const ClientConnectionError*>(e.cause().get()) != nullptr);
    CHECK_THAT(e.message(), Catch::Contains(e.cause()->message()));
  }
}
