// The client's transport against the emulator behind nghttpx (arango-emulator-run --h2): TLS peer
// and host-name verification, HTTP/2 over h2c (prior knowledge) and over TLS (ALPN) for every
// kind of call, multiplexing many calls on one connection, the fallbacks and errors when a
// server has no HTTP/2, and compression end to end (the emulator decodes request bodies and,
// started with --compress-response-threshold 1, compresses responses as arangod does).
//
// Needs, besides ARANGO_URL/USER/PASSWORD: ARANGO_H2C_URL, ARANGO_H2_TLS_URL,
// ARANGO_H2_TLS_WRONG_HOST_URL (the TLS frontend under a name its certificate lacks),
// ARANGO_H2_CA_FILE and ARANGO_H2_WRONG_CA_FILE. Against a real ArangoDB (which speaks h2c and,
// with TLS, ALPN h2 itself) set them to the server's own endpoints.
#include <arango/arango.hpp>

#include <catch2/catch.hpp>

#include <cstdlib>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "../support/collections.hpp"
#include "../support/test_env.hpp"
#include "../support/transport_env.hpp"

using namespace arango;
using testenv::Endpoint;
using testenv::expect_error;
using testenv::h2c_options;
using testenv::need;
using testenv::tls_options;

namespace {

void check_error(const ArangoServerError& e, int http, int errnum) {
  CHECK(e.http_code() == http);
  CHECK(e.error_code() == errnum);
}

/// Fires `n` concurrent GET /_api/version calls and waits for all of them.
void concurrent_versions(const StandardDatabase& sys, int n) {
  std::vector<Future<Json>> calls;
  calls.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) calls.push_back(sys.version());
  for (auto& call : calls) CHECK(call.get()["server"].as_string() == "arango");
}

/// Slows every GET /_api/version down while it lives, so concurrent calls really overlap
/// (through the emulator's control API, reached directly, not through nghttpx).
struct SlowVersion {
  ArangoClient client{testenv::logged(testenv::url())};
  StandardDatabase sys = client.db("_system", testenv::root()).get();

  explicit SlowVersion(int delay_ms) {
    testenv::inject_fault(sys, R"({"path":"/_api/version","method":"GET","action":"delay","delay_ms":)" +
                                   std::to_string(delay_ms) + "}");
  }
  ~SlowVersion() { testenv::clear_faults(sys); }
};

/// Forwards to a DefaultHTTPClient and keeps a copy of every request as it goes to the wire.
class Recorder final : public HTTPClient {
 public:
  explicit Recorder(HttpClientOptions options) : inner_(std::make_shared<DefaultHTTPClient>(std::move(options))) {}
  void send_request(std::shared_ptr<const HttpRequest> request, Completion done) override {
    {
      std::lock_guard lock(mutex_);
      sent_.push_back(*request);
    }
    inner_->send_request(std::move(request), std::move(done));
  }
  void close() override { inner_->close(); }
  std::shared_ptr<const detail::IoThread> io_thread() const override { return inner_->io_thread(); }
  void schedule(std::chrono::milliseconds delay, Completion done) override { inner_->schedule(delay, std::move(done)); }

  HttpRequest last() const {
    std::lock_guard lock(mutex_);
    return sent_.back();
  }
  std::vector<HttpRequest> sent() const {
    std::lock_guard lock(mutex_);
    return sent_;
  }

 private:
  std::shared_ptr<DefaultHTTPClient> inner_;
  mutable std::mutex mutex_;
  std::vector<HttpRequest> sent_;
};

}  // namespace

TEST_CASE("TLS: the peer and its host name are verified by default", "[tls]") {
  const std::string url = need("ARANGO_H2_TLS_URL");
  const std::string wrong_host_url = need("ARANGO_H2_TLS_WRONG_HOST_URL");
  const std::string ca = need("ARANGO_H2_CA_FILE");
  const std::string wrong_ca = need("ARANGO_H2_WRONG_CA_FILE");
  REQUIRE(url != wrong_host_url);

  for (HttpVersion version : {HttpVersion::http1_1, HttpVersion::http2_tls}) {
    INFO("http_version " << static_cast<int>(version));
    const std::size_t h2 = version == HttpVersion::http2_tls ? 1 : 0;
    {
      HttpClientOptions defaults;
      CHECK(defaults.verify_peer);
      CHECK(defaults.verify_host);
      Endpoint ok(url, tls_options(version, ca));
      CHECK(ok.sys().version().get()["server"].as_string() == "arango");
      CHECK(ok.http->responses_received() == 1);
      CHECK(ok.http->http2_responses() == h2);
    }
    // No CA file (the system's store, which does not know the test CA), the wrong CA,
    // verification off.
    testenv::check_untrusted_certificates(url, version, wrong_ca);
    {
      Endpoint unreadable(url, tls_options(version, "/nonexistent/arango-async-ca.pem"));
      (void)expect_error<ClientTLSError>([&] { (void)unreadable.sys().version().get(); });
    }
    {
      // Verification off: any certificate, any name.
      HttpClientOptions off = tls_options(version, wrong_ca);
      off.verify_peer = false;
      off.verify_host = false;
      Endpoint unverified_name(wrong_host_url, off);
      CHECK(unverified_name.sys().version().get()["server"].as_string() == "arango");
    }
    {
      // The right CA and a host name the certificate lacks: only the name check fails ...
      Endpoint wrong_name(wrong_host_url, tls_options(version, ca));
      auto e = expect_error<ClientTLSError>([&] { (void)wrong_name.sys().version().get(); });
      CHECK_THAT(e.what(), Catch::Contains(wrong_host_url));
      // ... as turning just that check off shows.
      HttpClientOptions no_host_check = tls_options(version, ca);
      no_host_check.verify_host = false;
      Endpoint lenient(wrong_host_url, no_host_check);
      CHECK(lenient.sys().version().get()["server"].as_string() == "arango");
      CHECK(lenient.http->http2_responses() == h2);
    }
  }
}

TEST_CASE("HTTP/2 over h2c and over TLS serves every kind of call", "[http2]") {
  struct Case {
    const char* name;
    std::string url;
    HttpClientOptions options;
  };
  std::vector<Case> cases{{"h2c", need("ARANGO_H2C_URL"), h2c_options()},
                          {"tls", need("ARANGO_H2_TLS_URL"),
                           tls_options(HttpVersion::http2_tls, need("ARANGO_H2_CA_FILE"))}};
  for (const Case& c : cases) {
    INFO(c.name);
    Endpoint ep(c.url, c.options);
    StandardDatabase sys = ep.sys();

    // The raw response: HTTP/2, and it really came through the proxy.
    Response raw = sys.request(Request(Method::GET, "/_api/version")).get();
    CHECK(raw.status_code == 200);
    CHECK(raw.http_version == "2");
    CHECK_THAT(std::string(raw.headers.find("via").value_or("")), Catch::Contains("nghttpx"));

    std::string db_name = testenv::unique_name("h2db");
    REQUIRE(sys.create_database(db_name).get());
    {
      StandardDatabase db = ep.db(db_name);
      auto col = db.create_collection("docs").get();
      check_error(expect_error<CollectionCreateError>([&] { (void)db.create_collection("docs").get(); }), 409,
                  errno_::DUPLICATE_NAME);

      // Documents: every verb, HEAD included (has), and their errors.
      DocumentMeta<Json> ins = col.insert(Json::object({{"_key", "a"}, {"v", 1}})).get();
      CHECK(ins.id == "docs/a");
      check_error(expect_error<DocumentInsertError>([&] { (void)col.insert(Json::object({{"_key", "a"}})).get(); }),
                  409, errno_::UNIQUE_CONSTRAINT_VIOLATED);
      CHECK(col.has("a").get());
      CHECK_FALSE(col.has("b").get());
      CHECK((*col.get("a").get())["v"].as_int64() == 1);
      CHECK_FALSE(col.get("b").get());
      (void)col.update(Json::object({{"_key", "a"}, {"w", 2}})).get();
      (void)col.replace(Json::object({{"_key", "a"}, {"v", 3}})).get();
      Json doc = *col.get("a").get();
      CHECK(doc["v"].as_int64() == 3);
      CHECK_FALSE(doc.contains("w"));
      check_error(expect_error<DocumentUpdateError>([&] { (void)col.update(Json::object({{"_key", "b"}})).get(); }),
                  404, errno_::DOCUMENT_NOT_FOUND);
      CHECK(col.delete_("a").get());
      check_error(expect_error<DocumentDeleteError>([&] { (void)col.delete_("a").get(); }), 404,
                  errno_::DOCUMENT_NOT_FOUND);

      // A body large enough for several DATA frames (HTTP/2's default frame size is 16 KiB).
      std::string big(100'000, 'x');
      (void)col.insert(Json::object({{"_key", "big"}, {"s", big}})).get();
      CHECK((*col.get("big").get())["s"].as_string() == big);

      // An AQL cursor read in several batches (POST then PUT /_api/cursor/<id>), and query errors.
      std::string docs = "[";
      for (int i = 0; i < 25; ++i) docs += (i ? ",{\"i\":" : "{\"i\":") + std::to_string(i) + "}";
      (void)col.insert_many(Json::parse(docs + "]")).get();
      auto cursor = db.aql()
                        .execute("FOR d IN docs FILTER HAS(d, 'i') SORT d.i RETURN d.i",
                                 {.count = true, .batch_size = 4})
                        .get();
      CHECK(cursor.count() == 25);
      std::int64_t expected = 0;
      while (auto i = cursor.next().get()) CHECK(i->as_int64() == expected++);
      CHECK(expected == 25);
      check_error(expect_error<AQLQueryExecuteError>([&] { (void)db.aql().execute("FOR i IN 1..3 RETURN i i").get(); }),
                  400, errno_::QUERY_PARSE);

      // Errors raised before a handler runs: credentials and an unknown database.
      StandardDatabase bad = ep.client->db(db_name, testenv::with_auth(testenv::user(), "wrong")).get();
      check_error(expect_error<DocumentGetError>([&] { (void)bad.collection("docs").get("big").get(); }), 401,
                  errno_::FORBIDDEN);
      StandardDatabase nodb = ep.db(testenv::unique_name("nodb"));
      check_error(expect_error<DocumentGetError>([&] { (void)nodb.collection("docs").get("big").get(); }), 404,
                  errno_::DATABASE_NOT_FOUND);
    }
    CHECK(sys.delete_database(db_name).get());

    // Every response came over HTTP/2, on the one connection the calls above shared.
    CHECK(ep.http->responses_received() > 20);
    CHECK(ep.http->http2_responses() == ep.http->responses_received());
    CHECK(ep.http->connections_opened() == 1);
  }
}

TEST_CASE("100 concurrent calls share one HTTP/2 connection; HTTP/1.1 needs many", "[http2][multiplex]") {
  const std::string h2c = need("ARANGO_H2C_URL");
  const std::string tls = need("ARANGO_H2_TLS_URL");
  const std::string ca = need("ARANGO_H2_CA_FILE");
  SlowVersion slow(200);  // every call is still in flight when the last one starts

  for (auto [url, options] : {std::pair{h2c, h2c_options()}, std::pair{tls, tls_options(HttpVersion::http2_tls, ca)}}) {
    INFO(url);
    Endpoint ep(url, options);
    concurrent_versions(ep.sys(), 100);
    CHECK(ep.http->http2_responses() == 100);
    CHECK(ep.http->connections_opened() == 1);
  }
  {
    // The same calls over HTTP/1.1 (nghttpx's cleartext frontend takes both) open many
    // connections: the count above could have failed.
    Endpoint ep(h2c, HttpClientOptions{});
    concurrent_versions(ep.sys(), 100);
    CHECK(ep.http->responses_received() == 100);
    CHECK(ep.http->http2_responses() == 0);
    CHECK(ep.http->connections_opened() > 1);
  }
  {
    // A lower stream limit spreads the calls over several HTTP/2 connections.
    HttpClientOptions few = h2c_options();
    few.max_concurrent_streams = 10;
    Endpoint ep(h2c, few);
    concurrent_versions(ep.sys(), 100);
    CHECK(ep.http->http2_responses() == 100);
    CHECK(ep.http->connections_opened() > 1);
  }
}

TEST_CASE("without HTTP/2 on the server: http2_tls falls back, prior knowledge fails", "[http2]") {
  // The emulator itself speaks only HTTP/1.1.
  {
    HttpClientOptions o;
    o.http_version = HttpVersion::http2_tls;  // on a cleartext URL: HTTP/1.1
    Endpoint ep(testenv::url(), o);
    CHECK(ep.sys().version().get()["server"].as_string() == "arango");
    Response raw = ep.sys().request(Request(Method::GET, "/_api/version")).get();
    CHECK(raw.http_version == "1.1");
    CHECK(ep.http->responses_received() == 2);
    CHECK(ep.http->http2_responses() == 0);
  }
  {
    Endpoint ep(testenv::url(), h2c_options());
    ErrorPtr error;
    try {
      (void)ep.sys().version().get();
    } catch (const ClientConnectionError& e) {
      error = e.clone();
    }
    REQUIRE(error);
    CHECK(dynamic_cast<const ClientTLSError*>(error.get()) == nullptr);
    CHECK(ep.http->responses_received() == 0);
  }
}

TEST_CASE("compression end to end: bodies deflated above the threshold, responses decoded", "[compression]") {
  struct Case {
    const char* name;
    std::string url;
    HttpClientOptions options;
  };
  std::vector<Case> cases{{"HTTP/1.1", testenv::url(), HttpClientOptions{}},
                          {"h2c", need("ARANGO_H2C_URL"), h2c_options()},
                          {"h2 over TLS", need("ARANGO_H2_TLS_URL"),
                           tls_options(HttpVersion::http2_tls, need("ARANGO_H2_CA_FILE"))}};
  const std::string big(4000, 'b');  // compresses well, far above the threshold
  for (const Case& c : cases) {
    for (AcceptEncoding accept : {AcceptEncoding::DEFLATE, AcceptEncoding::GZIP, AcceptEncoding::IDENTITY}) {
      INFO(c.name << ", accept " << to_string(accept));
      auto recorder = std::make_shared<Recorder>(c.options);
      auto cm = std::make_shared<DefaultCompressionManager>(256, 6, accept);
      ArangoClient client(testenv::logged(ClientOptions{.hosts = {c.url}, .http_client = recorder, .compression = cm}));
      StandardDatabase sys = client.db("_system", testenv::root()).get();
      testenv::CollectionGuard guard(sys);
      auto col = sys.create_collection(guard.track(testenv::unique_name("zip"))).get();

      // Above the threshold: deflated on the wire, and the server read it.
      (void)col.insert(Json::object({{"_key", "big"}, {"s", big}})).get();
      HttpRequest sent = recorder->last();
      CHECK(sent.headers.find("content-encoding") == "deflate");
      CHECK(sent.headers.contains("authorization"));
      CHECK(sent.body.size() < 200);
      CHECK(Json::parse(inflate(sent.body))["s"].as_string() == big);
      CHECK(sent.headers.find("accept-encoding") == to_string(accept));

      // Below it: as it is.
      (void)col.insert(Json::object({{"_key", "small"}})).get();
      sent = recorder->last();
      CHECK_FALSE(sent.headers.contains("content-encoding"));
      CHECK(Json::parse(sent.body)["_key"].as_string() == "small");

      // The response: compressed by the server as asked (the header stays), decoded by the client.
      Response raw = sys.request(Request(Method::GET, "/_api/document/" + col.name() + "/big")).get();
      REQUIRE(raw.status_code == 200);
      if (accept == AcceptEncoding::IDENTITY) {
        CHECK_FALSE(raw.headers.contains("content-encoding"));
      } else {
        CHECK(raw.headers.find("content-encoding") == to_string(accept));
      }
      CHECK(Json::parse(raw.raw_body)["s"].as_string() == big);
      CHECK((*col.get("big").get())["s"].as_string() == big);
      // Only requests with credentials were compressed.
      for (const HttpRequest& r : recorder->sent()) {
        if (r.headers.contains("content-encoding")) CHECK(r.headers.contains("authorization"));
      }
    }
  }
}

TEST_CASE("compression: the JWT login carries no credentials and goes uncompressed", "[compression][jwt]") {
  struct Case {
    const char* name;
    std::string url;
    HttpClientOptions options;
  };
  std::vector<Case> cases{{"HTTP/1.1", testenv::url(), HttpClientOptions{}},
                          {"h2c", need("ARANGO_H2C_URL"), h2c_options()}};
  for (const Case& c : cases) {
    INFO(c.name);
    auto recorder = std::make_shared<Recorder>(c.options);
    // Every body of a byte or more is compressed: the login's too, if the rule were broken (the
    // server would then refuse it: 400 / 10 for an unauthenticated request with Content-Encoding).
    auto cm = std::make_shared<DefaultCompressionManager>(1, 6, AcceptEncoding::DEFLATE);
    ArangoClient client(testenv::logged(ClientOptions{.hosts = {c.url}, .http_client = recorder, .compression = cm}));
    StandardDatabase sys =
        client.db("_system", DbOptions{.auth_method = "jwt", .auth = Auth{testenv::user(), testenv::password()}}).get();
    testenv::CollectionGuard guard(sys);
    auto col = sys.create_collection(guard.track(testenv::unique_name("jwtzip"))).get();
    (void)col.insert(Json::object({{"_key", "k"}, {"v", 1}})).get();
    CHECK((*col.get("k").get())["v"].as_int64() == 1);

    int logins = 0;
    int compressed = 0;
    for (const HttpRequest& r : recorder->sent()) {
      if (r.url.find("/_open/auth") != std::string::npos) {
        ++logins;
        CHECK_FALSE(r.headers.contains("content-encoding"));
        CHECK_FALSE(r.headers.contains("authorization"));
        CHECK(Json::parse(r.body)["username"].as_string() == testenv::user());
      } else if (!r.body.empty()) {
        ++compressed;
        CHECK(r.headers.find("content-encoding") == "deflate");
        CHECK_THAT(std::string(r.headers.find("authorization").value_or("")), Catch::StartsWith("bearer "));
      }
    }
    CHECK(logins == 1);
    CHECK(compressed >= 2);  // the collection and the document
  }
}
