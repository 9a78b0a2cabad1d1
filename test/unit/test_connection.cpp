// The connection layer through scripted transports: where each attempt goes, which failures
// are sent again (and which never are), the waits between rounds, host affinity of cursors,
// transactions and jobs, JWT login / refresh / 401 retry with one login for many waiting
// calls, superuser tokens, the queue-time header and its error type.
#include <arango/arango.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "../support/mock_http.hpp"

using namespace arango;
using namespace std::chrono_literals;
using testenv::MockHTTPClient;

namespace {

std::string header(const HttpRequest& r, std::string_view name) {
  return std::string(r.headers.find(name).value_or("<none>"));
}

std::string host_of(const HttpRequest& r) { return r.url.substr(0, r.url.find('/', 7)); }

const char* kDoc = R"({"_id":"c/1","_key":"1","_rev":"_a"})";

/// Holds every request until the test answers it (for calls that wait on each other).
class HeldHTTPClient final : public HTTPClient {
 public:
  struct Held {
    HttpRequest request;
    Completion done;
  };
  std::mutex mutex;
  std::vector<Held> held;
  std::size_t sent = 0;

  void send_request(std::shared_ptr<const HttpRequest> request, Completion done) override {
    std::lock_guard lock(mutex);
    ++sent;
    held.push_back({*request, std::move(done)});
  }
  void close() override {
    for (Held& h : take()) h.done(make_error<ClientShutdownError>("closed"));
  }
  void schedule(std::chrono::milliseconds, Completion done) override { done(Response{}); }

  std::vector<Held> take() {
    std::lock_guard lock(mutex);
    std::vector<Held> out;
    out.swap(held);
    return out;
  }
  static void answer(Held& h, int status, std::string body) {
    Response r;
    r.status_code = status;
    r.raw_body = std::move(body);
    r.method = h.request.method;
    r.url = h.request.url;
    h.done(std::move(r));
  }
};

std::string login_body(const JwtToken& token) { return R"({"jwt":")" + token.token() + "\"}"; }

/// A user token as /_open/auth gives one (signature unknown to the client, which does not check it).
JwtToken user_token(std::int64_t lifetime = 3600, std::int64_t age = 0) {
  auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  return JwtToken::generate_token("secret", now - age, lifetime);
}

ClientOptions three_hosts(std::shared_ptr<HTTPClient> http, std::string resolver = "single") {
  return ClientOptions{.hosts = {"http://h1:1", "http://h2:2", "http://h3:3"},
                       .host_resolver = std::move(resolver),
                       .http_client = std::move(http)};
}

}  // namespace

TEST_CASE("a request that never left is sent to the next host, and the resolver stays there", "[connection]") {
  auto mock = std::make_shared<MockHTTPClient>();
  ArangoClient client(three_hosts(mock));
  auto db = client.db("shop", {.auth = Auth{"root", ""}}).get();
  mock->answers.emplace_back(make_error<HostUnreachableError>("connection refused"));
  mock->answer(202, kDoc);
  auto meta = db.collection("c").insert(Json::object({{"a", 1}})).get();
  CHECK(meta.key == "1");
  REQUIRE(mock->requests.size() == 2);
  CHECK(host_of(mock->requests[0]) == "http://h1:1");
  CHECK(host_of(mock->requests[1]) == "http://h2:2");
  CHECK(mock->requests[0].body == mock->requests[1].body);
  CHECK(mock->requests[1].url == "http://h2:2/_db/shop/_api/document/c");
  CHECK(mock->delays.empty());  // moving to an untried host waits nothing
  // The single resolver fails over stickily.
  mock->answer(200, R"({"server":"arango","version":"3.12.0","license":"community"})");
  db.version().get();
  CHECK(host_of(mock->requests.back()) == "http://h2:2");
}

TEST_CASE("a non-idempotent request that may have reached a server is never sent again", "[connection]") {
  auto mock = std::make_shared<MockHTTPClient>();
  ArangoClient client(three_hosts(mock));
  auto db = client.db("shop", {.auth = Auth{"root", ""}}).get();
  mock->answers.emplace_back(make_error<ClientConnectionError>("connection reset by peer"));
  try {
    db.collection("c").insert(Json::object({{"a", 1}})).get();
    FAIL("the insert must fail");
  } catch (const ClientConnectionAbortedError&) {
    FAIL("an insert that may have been applied must not be retried");
  } catch (const ClientConnectionError& e) {
    CHECK(std::string(e.what()).find("connection reset by peer") != std::string::npos);
  }
  CHECK(mock->requests.size() == 1);

  // The same failure on a GET is retried on the next host.
  mock->answers.emplace_back(make_error<ClientConnectionError>("connection reset by peer"));
  mock->answer(200, R"({"_key":"1","_id":"c/1","_rev":"_a"})");
  CHECK((*db.collection("c").get("1").get())["_key"].as_string() == "1");
  REQUIRE(mock->requests.size() == 3);
  CHECK(host_of(mock->requests[1]) != host_of(mock->requests[2]));
}

TEST_CASE("TLS failures, timeouts and cancellations are final", "[connection]") {
  auto mock = std::make_shared<MockHTTPClient>();
  ArangoClient client(three_hosts(mock));
  auto db = client.db("shop", {.auth = Auth{"root", ""}}).get();
  mock->answers.emplace_back(make_error<ClientTLSError>("certificate verify failed"));
  CHECK_THROWS_AS(db.version().get(), ClientTLSError);
  mock->answers.emplace_back(make_error<RequestTimeoutError>("deadline"));
  CHECK_THROWS_AS(db.version().get(), RequestTimeoutError);
  mock->answers.emplace_back(make_error<RequestCanceledError>("stop"));
  CHECK_THROWS_AS(db.version().get(), RequestCanceledError);
  CHECK(mock->requests.size() == 3);
}

TEST_CASE("a 503 is sent to the next host; the last one is the call's error", "[connection]") {
  auto mock = std::make_shared<MockHTTPClient>();
  ArangoClient client(three_hosts(mock));
  auto db = client.db("shop", {.auth = Auth{"root", ""}}).get();
  const char* unavailable = R"({"error":true,"errorNum":503,"errorMessage":"service unavailable","code":503})";
  mock->answer(503, unavailable);
  mock->answer(202, kDoc);
  CHECK(db.collection("c").insert(Json::object({{"a", 1}})).get().key == "1");
  CHECK(mock->requests.size() == 2);

  for (int i = 0; i < 9; ++i) mock->answer(503, unavailable);
  try {
    db.collection("c").insert(Json::object({{"a", 1}})).get();
    FAIL("nine 503s must fail the call");
  } catch (const DocumentInsertError& e) {
    CHECK(e.http_code() == 503);
  }
  CHECK(mock->requests.size() == 11);  // 3 hosts x 3 tries
  // Rounds after the first wait, growing: 6 waits, 3 of 10-20 ms then 3 of 20-40 ms.
  REQUIRE(mock->delays.size() == 6);
  for (int i = 0; i < 3; ++i) {
    CHECK(mock->delays[i] >= 10ms);
    CHECK(mock->delays[i] <= 20ms);
    CHECK(mock->delays[i + 3] >= 20ms);
    CHECK(mock->delays[i + 3] <= 40ms);
  }

  ClientOptions no503 = three_hosts(mock);
  no503.retry.retry_on_503 = false;
  ArangoClient strict(no503);
  auto db2 = strict.db("shop", {.auth = Auth{"root", ""}}).get();
  mock->answer(503, unavailable);
  CHECK_THROWS_AS(db2.version().get(), ServerVersionError);
  CHECK(mock->requests.size() == 12);
}

TEST_CASE("max_tries failures end with ClientConnectionAbortedError", "[connection]") {
  auto mock = std::make_shared<MockHTTPClient>();
  ArangoClient client(ClientOptions{.hosts = {"http://h:1"}, .http_client = mock,
                                    .retry = {.initial_backoff = 100ms, .max_backoff = 150ms}});
  auto db = client.db("shop", {.auth = Auth{"root", ""}}).get();
  for (int i = 0; i < 3; ++i) mock->answers.emplace_back(make_error<HostUnreachableError>("connection refused"));
  try {
    db.version().get();
    FAIL("an unreachable host must fail the call");
  } catch (const ClientConnectionAbortedError& e) {
    CHECK(std::string(e.what()).find("Can't connect to host(s) within limit (3)") != std::string::npos);
    CHECK(std::string(e.what()).find("connection refused") != std::string::npos);
  }
  CHECK(mock->requests.size() == 3);
  REQUIRE(mock->delays.size() == 2);
  CHECK(mock->delays[0] >= 50ms);
  CHECK(mock->delays[0] <= 100ms);
  CHECK(mock->delays[1] >= 75ms);  // 200 ms capped at 150, with jitter
  CHECK(mock->delays[1] <= 150ms);
  CHECK_THROWS_AS(ArangoClient(ClientOptions{.hosts = {"http://h:1"}, .http_client = mock,
                                             .retry = {.initial_backoff = 2s, .max_backoff = 1s}}),
                  std::invalid_argument);
}

TEST_CASE("cursors, transactions and async jobs stay on the coordinator that made them", "[connection]") {
  auto mock = std::make_shared<MockHTTPClient>();
  ArangoClient client(three_hosts(mock, "roundrobin"));
  auto db = client.db("shop", {.auth = Auth{"root", ""}}).get();

  mock->answer(201, R"({"result":[1],"hasMore":true,"id":"77","count":2,"error":false,"code":201})");
  auto cursor = db.aql().execute("FOR x IN 1..2 RETURN x", {.batch_size = 1}).get();
  std::string cursor_host = host_of(mock->requests.back());
  for (int i = 0; i < 3; ++i) {  // move the round robin on
    mock->answer(200, R"({"server":"arango","version":"3.12.0","license":"community"})");
    db.version().get();
  }
  mock->answer(200, R"({"result":[2],"hasMore":false,"id":"77","count":2,"error":false,"code":200})");
  CHECK(cursor.fetch().get() == 1);
  CHECK(host_of(mock->requests.back()) == cursor_host);
  CHECK(mock->requests.back().url.find("/_api/cursor/77") != std::string::npos);

  mock->answer(201, R"({"code":201,"error":false,"result":{"id":"9","status":"running"}})");
  auto trx = db.begin_transaction().get();
  std::string trx_host = host_of(mock->requests.back());
  for (int i = 0; i < 4; ++i) {
    mock->answer(202, kDoc);
    trx.collection("c").insert(Json::object({{"i", i}})).get();
    CHECK(host_of(mock->requests.back()) == trx_host);
    CHECK(header(mock->requests.back(), "x-arango-trx-id") == "9");
  }
  mock->answer(200, R"({"code":200,"error":false,"result":{"id":"9","status":"committed"}})");
  trx.commit_transaction().get();
  CHECK(host_of(mock->requests.back()) == trx_host);
  // A pinned call does not fail over: its coordinator is the only one that knows it.
  mock->answers.emplace_back(make_error<HostUnreachableError>("connection refused"));
  CHECK_THROWS_AS(trx.transaction_status().get(), HostUnreachableError);
  CHECK(host_of(mock->requests.back()) == trx_host);

  mock->answer(202, "", Headers{{"x-arango-async-id", "5"}});
  auto job = db.begin_async_execution().version().get();
  std::string job_host = host_of(mock->requests.back());
  for (int i = 0; i < 2; ++i) {
    mock->answer(204, "");
    CHECK(job->status().get() == "pending");
    CHECK(host_of(mock->requests.back()) == job_host);
  }
}

TEST_CASE("jwt: one login, bearer header, the login is neither prefixed nor authorized nor compressed",
          "[connection][jwt]") {
  auto mock = std::make_shared<MockHTTPClient>();
  ArangoClient client(ClientOptions{.hosts = {"http://h:1"},
                                    .http_client = mock,
                                    .compression = std::make_shared<DefaultCompressionManager>(0)});
  auto db = client.db("shop", {.auth_method = "jwt", .auth = Auth{"ro\"ot", "pw"}}).get();
  CHECK(mock->requests.empty());  // no login before the first call
  JwtToken token = user_token();
  mock->answer(200, login_body(token));
  mock->answer(200, R"({"server":"arango","version":"3.12.0","license":"community"})");
  db.version().get();
  REQUIRE(mock->requests.size() == 2);
  const HttpRequest& login = mock->requests[0];
  CHECK(login.method == Method::POST);
  CHECK(login.url == "http://h:1/_open/auth");
  CHECK(!login.headers.contains("authorization"));
  CHECK(!login.headers.contains("content-encoding"));
  CHECK(Json::parse(login.body) == Json::parse(R"({"username":"ro\"ot","password":"pw"})"));
  CHECK(header(mock->requests[1], "authorization") == "bearer " + token.token());
  mock->answer(200, R"({"server":"arango","version":"3.12.0","license":"community"})");
  db.version().get();
  CHECK(mock->requests.size() == 3);  // the token is kept
}

TEST_CASE("jwt: a 401 logs in again and sends the call once more to the same path", "[connection][jwt]") {
  auto mock = std::make_shared<MockHTTPClient>();
  ArangoClient client(ClientOptions{.hosts = {"http://h:1"}, .http_client = mock});
  auto db = client.db("shop", {.auth_method = "jwt", .auth = Auth{"root", "pw"}}).get();
  JwtToken first = user_token(), second = user_token(7200);
  const char* unauthorized = R"({"error":true,"errorNum":11,"errorMessage":"not authorized to execute this request","code":401})";
  mock->answer(200, login_body(first));
  mock->answer(401, unauthorized);
  mock->answer(200, login_body(second));
  mock->answer(200, kDoc);
  db.collection("c").get("1").get();
  REQUIRE(mock->requests.size() == 4);
  CHECK(mock->requests[1].url == "http://h:1/_db/shop/_api/document/c/1");
  CHECK(mock->requests[3].url == mock->requests[1].url);  // no second /_db prefix
  CHECK(header(mock->requests[1], "authorization") == "bearer " + first.token());
  CHECK(header(mock->requests[3], "authorization") == "bearer " + second.token());

  // Only once: a second 401 is the call's answer.
  JwtToken third = user_token(9000);
  mock->answer(401, unauthorized);
  mock->answer(200, login_body(third));
  mock->answer(401, unauthorized);
  try {
    db.collection("c").get("1").get();
    FAIL("the second 401 must fail the call");
  } catch (const DocumentGetError& e) {
    CHECK(e.http_code() == 401);
    CHECK(e.error_code() == 11);
  }
  CHECK(mock->requests.size() == 7);

  // A failed login is the call's JWTRefreshError.
  mock->answer(401, unauthorized);
  mock->answer(401, R"({"error":true,"errorNum":401,"errorMessage":"Wrong credentials","code":401})");
  try {
    db.version().get();
    FAIL("a refused login must fail the call");
  } catch (const JWTRefreshError& e) {
    CHECK(std::string(e.what()).find("401") != std::string::npos);
    CHECK(std::string(e.what()).find("Wrong credentials") != std::string::npos);
  }
}

TEST_CASE("jwt: every failure of the login (ops::login) is JWTRefreshError with its reason", "[connection][jwt]") {
  auto mock = std::make_shared<MockHTTPClient>();
  ArangoClient client(ClientOptions{.hosts = {"http://h:1"}, .http_client = mock});
  auto db = client.db("shop", {.auth_method = "jwt", .auth = Auth{"root", "pw"}}).get();
  auto reason = [&] {
    try {
      db.version().get();
    } catch (const JWTRefreshError& e) {
      return std::string(e.what());
    }
    return std::string("no JWTRefreshError");
  };
  const std::string prefix = "Failed to refresh the JWT token: ";
  mock->answer(200, R"({"token":"x"})");
  CHECK(reason() == prefix + "the response has no \"jwt\"");
  mock->answer(200, R"({"jwt":17})");
  CHECK(reason() == prefix + "the response has no \"jwt\"");
  mock->answer(200, "not json");
  std::string malformed = reason();
  CHECK(malformed.rfind(prefix, 0) == 0);
  CHECK(malformed.size() > prefix.size());
  mock->answer(500, R"({"error":true,"errorNum":4,"errorMessage":"boom","code":500})");
  std::string refused = reason();
  CHECK(refused.rfind(prefix + "500 ", 0) == 0);
  CHECK(refused.find("(boom)") != std::string::npos);
  CHECK(reason() == prefix + "no answer scripted");  // the transport's error
  REQUIRE(mock->requests.size() == 5);                // logins only: no call went without a token
  for (const HttpRequest& r : mock->requests) CHECK(r.url == "http://h:1/_open/auth");
}

TEST_CASE("jwt: 100 calls waiting for a token cause one login; 100 401s cause one more", "[connection][jwt]") {
  auto held = std::make_shared<HeldHTTPClient>();
  ArangoClient client(ClientOptions{.hosts = {"http://h:1"}, .http_client = held});
  auto db = client.db("shop", {.auth_method = "jwt", .auth = Auth{"root", "pw"}}).get();
  std::vector<std::future<std::optional<Json>>> calls;
  for (int i = 0; i < 100; ++i) calls.push_back(db.collection("c").get(std::to_string(i)));
  auto first = held->take();
  REQUIRE(first.size() == 1);
  CHECK(first[0].request.url == "http://h:1/_open/auth");
  JwtToken token1 = user_token(), token2 = user_token(7200);
  HeldHTTPClient::answer(first[0], 200, login_body(token1));

  auto sent = held->take();
  REQUIRE(sent.size() == 100);
  for (auto& h : sent) CHECK(header(h.request, "authorization") == "bearer " + token1.token());
  for (auto& h : sent) {
    HeldHTTPClient::answer(h, 401, R"({"error":true,"errorNum":11,"errorMessage":"not authorized","code":401})");
  }
  auto relogin = held->take();
  REQUIRE(relogin.size() == 1);  // one login for the 100 refused calls
  CHECK(relogin[0].request.url == "http://h:1/_open/auth");
  HeldHTTPClient::answer(relogin[0], 200, login_body(token2));
  auto resent = held->take();
  REQUIRE(resent.size() == 100);
  for (auto& h : resent) {
    CHECK(header(h.request, "authorization") == "bearer " + token2.token());
    std::string key = h.request.url.substr(h.request.url.rfind('/') + 1);
    HeldHTTPClient::answer(h, 200, R"({"_key":")" + key + R"(","_id":"c/)" + key + R"(","_rev":"_a"})");
  }
  for (int i = 0; i < 100; ++i) CHECK((*calls[i].get())["_key"].as_string() == std::to_string(i));
  CHECK(held->sent == 202);
}

TEST_CASE("jwt: a token close to expiry is refreshed in the background while calls go on", "[connection][jwt]") {
  auto held = std::make_shared<HeldHTTPClient>();
  ArangoClient client(ClientOptions{.hosts = {"http://h:1"}, .http_client = held});
  // An hour-long token with 30 s left: inside the 60 s leeway.
  JwtToken old_token = user_token(3600, 3570);
  auto db = client.db("shop", {.auth_method = "jwt", .auth = Auth{"root", "pw"}, .token = old_token}).get();
  auto v1 = db.version();
  auto v2 = db.version();
  auto first = held->take();
  REQUIRE(first.size() == 3);  // one login, and both calls at once with the old token
  CHECK(first[0].request.url == "http://h:1/_open/auth");
  CHECK(header(first[1].request, "authorization") == "bearer " + old_token.token());
  CHECK(header(first[2].request, "authorization") == "bearer " + old_token.token());
  JwtToken fresh = user_token();
  HeldHTTPClient::answer(first[0], 200, login_body(fresh));
  for (int i = 1; i < 3; ++i) {
    HeldHTTPClient::answer(first[i], 200, R"({"server":"arango","version":"3.12.0","license":"community"})");
  }
  CHECK(v1.get()["version"].as_string() == "3.12.0");
  CHECK(v2.get()["version"].as_string() == "3.12.0");
  auto v3 = db.version();
  auto next = held->take();
  REQUIRE(next.size() == 1);
  CHECK(header(next[0].request, "authorization") == "bearer " + fresh.token());
  HeldHTTPClient::answer(next[0], 200, R"({"server":"arango","version":"3.12.0","license":"community"})");
  CHECK(v3.get()["version"].as_string() == "3.12.0");
}

TEST_CASE("jwt: closing the client ends calls waiting for a login with ClientShutdownError", "[connection][jwt]") {
  auto held = std::make_shared<HeldHTTPClient>();
  ArangoClient client(ClientOptions{.hosts = {"http://h:1"}, .http_client = held});
  auto db = client.db("shop", {.auth_method = "jwt", .auth = Auth{"root", "pw"}}).get();
  auto a = db.version();
  auto b = db.version();
  CHECK(held->sent == 1);
  client.close();
  CHECK_THROWS_AS(a.get(), ClientShutdownError);
  CHECK_THROWS_AS(b.get(), ClientShutdownError);
}

TEST_CASE("JwtToken reads claims, refuses expired and malformed tokens, signs superuser tokens", "[jwt]") {
  JwtToken t = JwtToken::generate_token("s3cret", std::nullopt, 120, "arangodb", "me");
  CHECK(t.expiry() - t.issued_at() == 120);
  CHECK(!t.needs_refresh());
  CHECK(t.needs_refresh(121s));
  CHECK(t.username().empty());
  CHECK(t.token().find('.') != std::string::npos);
  CHECK_THROWS_AS(JwtToken("not a token"), std::invalid_argument);
  CHECK_THROWS_AS(user_token(10, 20), std::invalid_argument);  // expired 10 s ago
  // Signed with HS256 over the secret: a different secret gives a different signature.
  auto sig = [](const std::string& tok) { return tok.substr(tok.rfind('.') + 1); };
  JwtToken a = JwtToken::generate_token("one", 1000000000, 4000000000LL);
  JwtToken b = JwtToken::generate_token("two", 1000000000, 4000000000LL);
  CHECK(sig(a.token()) != sig(b.token()));
  CHECK(a.token().substr(0, a.token().rfind('.')) == b.token().substr(0, b.token().rfind('.')));
  CHECK_THROWS_AS(JwtToken::generate_token_from_file("/nonexistent/secret"), std::invalid_argument);
}

namespace {
std::string base64url(std::string_view in) {
  static const char* t = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::uint32_t bits = 0;
  int n = 0;
  for (unsigned char c : in) {
    bits = bits << 8 | c;
    n += 8;
    while (n >= 6) out += t[(bits >> (n -= 6)) & 63];
  }
  if (n > 0) out += t[(bits << (6 - n)) & 63];
  return out;
}
/// An unsigned token with `claims` as its payload.
std::string token_with(std::string_view claims) {
  return base64url(R"({"alg":"HS256","typ":"JWT"})") + "." + base64url(claims) + ".c2ln";
}
}  // namespace

TEST_CASE("JwtToken: a time claim outside int64 is a malformed token, not undefined behaviour (fuzz-client-jwt)",
          "[jwt]") {
  // nlohmann's integer read of 1e300 was a float-to-int cast out of range (UBSan).
  for (const char* claims : {R"({"exp":1e300})", R"({"exp":-1e300})", R"({"exp":4102444800,"iat":1e19})",
                             R"({"exp":9.3e18})"}) {
    INFO(claims);
    CHECK_THROWS_AS(JwtToken(token_with(claims)), std::invalid_argument);
  }
  // In range, a fraction is cut off as before; an integer reads as it is.
  CHECK(JwtToken(token_with(R"({"exp":4102444800.75,"iat":12.5})")).expiry() == 4102444800);
  CHECK(JwtToken(token_with(R"({"exp":4102444800.75,"iat":12.5})")).issued_at() == 12);
  CHECK(JwtToken(token_with(R"({"exp":4102444801})")).expiry() == 4102444801);
}

TEST_CASE("JwtToken: a token with a byte outside ASCII is malformed, not an abort (fuzz-client-jwt)", "[jwt]") {
  // cpp-jwt's base64 decoder took such a byte as a negative table index (assert, or a read
  // before its table).
  std::string good = token_with(R"({"exp":4102444800})");
  CHECK(JwtToken(good).expiry() == 4102444800);
  for (std::size_t at : {std::size_t(0), std::size_t(3), good.find('.') + 1, good.size() - 1}) {
    std::string bad = good;
    bad[at] = '\xff';
    INFO(at);
    CHECK_THROWS_AS(JwtToken(bad), std::invalid_argument);
  }
  CHECK_THROWS_AS(JwtToken("eyi\xff\xff\xff.e30.c2ln"), std::invalid_argument);
}

TEST_CASE("superuser and jwt-with-token need a token; a superuser token is sent as is and never refreshed",
          "[connection][jwt]") {
  auto mock = std::make_shared<MockHTTPClient>();
  ArangoClient client(ClientOptions{.hosts = {"http://h:1"}, .http_client = mock});
  CHECK_THROWS_AS(client.db("shop", {.auth_method = "superuser"}), std::invalid_argument);
  CHECK_THROWS_AS(client.db("shop", {.auth_method = "jwt"}), std::invalid_argument);
  CHECK_THROWS_AS(client.db("shop", {.auth_method = "kerberos", .auth = Auth{"a", "b"}}), std::invalid_argument);
  JwtToken su = JwtToken::generate_token("secret");
  auto db = client.db("shop", {.auth_method = "superuser", .token = su}).get();
  mock->answer(401, R"({"error":true,"errorNum":11,"errorMessage":"not authorized","code":401})");
  CHECK_THROWS_AS(db.version().get(), ServerVersionError);
  REQUIRE(mock->requests.size() == 1);
  CHECK(header(mock->requests[0], "authorization") == "bearer " + su.token());

  // jwt with a token and no credentials: used as is; a 401 is the call's answer.
  auto db2 = client.db("shop", {.auth_method = "jwt", .token = su}).get();
  mock->answer(401, R"({"error":true,"errorNum":11,"errorMessage":"not authorized","code":401})");
  CHECK_THROWS_AS(db2.version().get(), ServerVersionError);
  CHECK(mock->requests.size() == 2);
}

TEST_CASE("max_queue_time sends x-arango-queue-time-seconds; 412/21004 is QueueTimeViolatedError", "[connection]") {
  testenv::MockDatabase f;
  auto limited = f.db.with_call_options({.max_queue_time = std::chrono::duration<double>(1.5)});
  f.mock->answer(412, R"({"error":true,"errorNum":21004,"errorMessage":"queue time violated","code":412})");
  try {
    limited.collection("c").insert(Json::object({{"a", 1}})).get();
    FAIL("the rejected call must fail");
  } catch (const QueueTimeViolatedError& e) {
    CHECK(e.http_code() == 412);
    CHECK(e.error_code() == 21004);
  }
  CHECK(header(f.last(), "x-arango-queue-time-seconds") == "1.500000");
  // A 412 that is a revision conflict stays the call's own error.
  f.mock->answer(412, R"({"error":true,"errorNum":1200,"errorMessage":"conflict, _rev values do not match","code":412})");
  CHECK_THROWS_AS(limited.collection("c").replace(Json::object({{"_key", "1"}, {"_rev", "x"}})).get(),
                  DocumentRevisionError);
  f.mock->answer(200, R"({"server":"arango","version":"3.12.0","license":"community"})");
  f.db.version().get();
  CHECK(!f.last().headers.contains("x-arango-queue-time-seconds"));
}

namespace {
/// Sends every request to the test, which answers it later; `keep` decides whether the
/// transport holds on to each request after answering (as a recorder would).
class SharingHTTPClient final : public HTTPClient {
 public:
  bool keep = false;
  std::vector<std::shared_ptr<const HttpRequest>> kept;
  std::vector<const HttpRequest*> seen;
  std::vector<HttpRequest> copies;  ///< each request as it was when sent
  std::deque<int> statuses;

  void send_request(std::shared_ptr<const HttpRequest> request, Completion done) override {
    seen.push_back(request.get());
    copies.push_back(*request);
    if (keep) kept.push_back(request);
    Response r;
    r.status_code = statuses.front();
    statuses.pop_front();
    r.raw_body = r.status_code == 503 ? "" : kDoc;
    request.reset();  // let go of it before the completion, as DefaultHTTPClient does
    done(std::move(r));
  }
  void close() override {}
  void schedule(std::chrono::milliseconds, Completion done) override { done(Response{}); }
};
}  // namespace

TEST_CASE("every attempt of a call sends one shared request; one still held is never changed", "[connection]") {
  auto http = std::make_shared<SharingHTTPClient>();
  ArangoClient client(three_hosts(http));
  auto db = client.db("shop", {.auth = Auth{"root", ""}}).get();

  SECTION("the transport let go of it: the retry changes it in place") {
    http->statuses = {503, 202};
    CHECK(db.collection("c").insert(Json::object({{"a", 1}})).get().key == "1");
    REQUIRE(http->seen.size() == 2);
#if defined(__SANITIZE_THREAD__)
    CHECK(http->seen[0] != http->seen[1]);  // under ThreadSanitizer a retry always copies (Connection::writable)
#else
    CHECK(http->seen[0] == http->seen[1]);
#endif
  }
  SECTION("the transport holds it: the retry sends a copy and the first stays as it was") {
    http->keep = true;
    http->statuses = {503, 202};
    CHECK(db.collection("c").insert(Json::object({{"a", 1}})).get().key == "1");
    REQUIRE(http->kept.size() == 2);
    CHECK(http->kept[0].get() != http->kept[1].get());
    CHECK(http->kept[0]->url == http->copies[0].url);
    CHECK(http->kept[0]->url.rfind("http://h1:1/", 0) == 0);
    CHECK(http->kept[0]->headers.find("authorization") == http->copies[0].headers.find("authorization"));
  }
  // Either way the second attempt goes to the next host with the same headers and body.
  REQUIRE(http->copies.size() == 2);
  CHECK(http->copies[1].url == "http://h2:2/_db/shop/_api/document/c");
  CHECK(http->copies[0].body == http->copies[1].body);
  CHECK(http->copies[0].headers.size() == http->copies[1].headers.size());
  CHECK(http->copies[1].headers.find("authorization") == http->copies[0].headers.find("authorization"));
  CHECK(http->copies[1].headers.find_all("authorization").size() == 1);
}
