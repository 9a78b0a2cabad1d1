// Request building and response decoding through a mock transport: no network.
#include <arango/arango.hpp>

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <deque>
#include <future>
#include <mutex>

#include "../support/mock_http.hpp"

using namespace arango;
using testenv::MockHTTPClient;

namespace {

struct Fixture {
  std::shared_ptr<MockHTTPClient> mock = std::make_shared<MockHTTPClient>();
  ArangoClient client{ClientOptions{.hosts = {"http://db.example:8529/"}, .http_client = mock}};
  StandardDatabase db(const std::string& name = "_system") {
    return client.db(name, {.auth = Auth{"root", "pä:ss"}}).get();
  }
};

}  // namespace

TEST_CASE_METHOD(Fixture, "requests carry the database prefix, credentials and driver header", "[http]") {
  mock->answer(200, R"({"server":"arango","version":"3.12.10","license":"community"})");
  Json v = db().version({.details = true}).get();
  CHECK(v["version"].as_string() == "3.12.10");
  REQUIRE(mock->requests.size() == 1);
  const HttpRequest& rq = mock->requests[0];
  CHECK(rq.method == Method::GET);
  CHECK(rq.url == "http://db.example:8529/_db/_system/_api/version?details=true");
  CHECK(rq.headers.find("Authorization") == "Basic cm9vdDpww6Q6c3M=");  // base64("root:pä:ss")
  CHECK(rq.headers.find("x-arango-driver").value_or("").rfind("arango-async/", 0) == 0);
  CHECK_FALSE(rq.headers.contains("content-type"));  // no body, no content type
  CHECK(rq.body.empty());
}

TEST_CASE_METHOD(Fixture, "names are percent-encoded as single path segments", "[http]") {
  mock->answer(200, R"({"error":false,"code":200,"result":true})");
  CHECK(db("Ünïcode db/x?").delete_database("a/b c%", {}).get());
  CHECK(mock->requests.at(0).url ==
        "http://db.example:8529/_db/%C3%9Cn%C3%AFcode%20db%2Fx%3F/_api/database/a%2Fb%20c%25");
  CHECK(encode_path_segment("az-AZ_09.~") == "az-AZ_09.~");
}

TEST_CASE_METHOD(Fixture, "create_database sends the seed's body", "[http]") {
  mock->answer(201, R"({"error":false,"code":201,"result":true})");
  CreateDatabaseOptions o;
  o.users.push_back(UserInfo{"alice", std::string("pw"), false, Json::object({{"k", 1}})});
  o.users.push_back(UserInfo{"bob", std::nullopt, true, std::nullopt});
  o.replication_factor = ReplicationFactor(std::string("satellite"));
  o.sharding = "single";
  CHECK(db().create_database("shop", o).get());
  const HttpRequest& rq = mock->requests.at(0);
  CHECK(rq.method == Method::POST);
  CHECK(rq.url == "http://db.example:8529/_db/_system/_api/database");
  CHECK(rq.headers.find("content-type") == "application/json");
  CHECK(Json::parse(rq.body) == Json::parse(R"({"name":"shop","options":{"replicationFactor":"satellite","sharding":"single"},
      "users":[{"username":"alice","passwd":"pw","active":false,"extra":{"k":1}},{"username":"bob","active":true}]})"));

  mock->answer(201, R"({"error":false,"code":201,"result":true})");
  CHECK(db().create_database("plain").get());
  CHECK(mock->requests.at(1).body == R"({"name":"plain"})");
}

TEST_CASE_METHOD(Fixture, "decoders map statuses to the seed's results and errors", "[http]") {
  mock->answer(404, R"({"code":404,"error":true,"errorMessage":"database not found","errorNum":1228})");
  CHECK_FALSE(db().delete_database("gone", {.ignore_missing = true}).get());

  mock->answer(404, R"({"code":404,"error":true,"errorMessage":"database not found","errorNum":1228})");
  try {
    (void)db().delete_database("gone").get();
    FAIL("no error");
  } catch (const DatabaseDeleteError& e) {
    CHECK(e.error_code() == 1228);
    CHECK(e.url() == "http://db.example:8529/_db/_system/_api/database/gone");
  }

  mock->answer(200, R"({"error":false,"code":200,"result":["_system","shop"]})");
  CHECK(db().has_database("shop").get());
  mock->answer(200, R"({"error":false,"code":200,"result":["_system"]})");
  CHECK_FALSE(db().has_database("shop").get());

  mock->answer(403, R"({"code":403,"error":true,"errorMessage":"forbidden","errorNum":1230})");
  try {
    (void)db("shop").databases().get();
    FAIL("no error");
  } catch (const DatabaseListError& e) {
    CHECK(e.message() ==
          "[HTTP 403][ERR 1230] This request can only be executed in the _system database. (forbidden)");
  }

  mock->answer(200, R"({"error":false,"code":200,"time":1700000000.25})");
  auto t = db().time().get();
  CHECK(std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count() == 1700000000250);

  mock->answer(200, R"({"error":false,"code":200,"result":{"name":"shop","id":"123","isSystem":false,
      "path":"/p","sharding":"","replicationFactor":1,"writeConcern":1}})");
  DatabaseProperties p = db("shop").properties().get();
  CHECK(p.name == "shop");
  CHECK(p.id == "123");
  CHECK(p.path == "/p");
  CHECK(std::get<std::int64_t>(*p.replication_factor) == 1);
  CHECK(p.write_concern == 1);
}

TEST_CASE_METHOD(Fixture, "malformed success bodies give DeserializationError, transport errors pass through", "[http]") {
  mock->answer(200, "{not json");
  CHECK_THROWS_AS(db().version().get(), DeserializationError);
  mock->answer(200, R"({"error":false,"code":200,"result":"not a list"})");
  CHECK_THROWS_AS(db().databases().get(), DeserializationError);
  mock->answers.emplace_back(make_error<ClientConnectionError>("reset by peer"));
  CHECK_THROWS_AS(db().engine().get(), ClientConnectionError);
}

TEST_CASE_METHOD(Fixture, "verify pings /_api/collection and maps failures", "[http]") {
  mock->answer(401, R"({"error":true,"errorNum":11,"errorMessage":"not authorized to execute this request","code":401})");
  try {
    (void)client.db("_system", {.auth = Auth{"root", "x"}, .verify = true}).get();
    FAIL("no error");
  } catch (const ServerConnectionError& e) {
    CHECK(e.message() == "[HTTP 401][ERR 11] Authentication failed. (not authorized to execute this request)");
  }
  CHECK(mock->requests.back().url == "http://db.example:8529/_db/_system/_api/collection");
  mock->answer(500, "");
  CHECK_THROWS_WITH(client.db("_system", {.auth = Auth{"root", "x"}, .verify = true}).get(),
                    Catch::Contains("Bad server response."));
  mock->answer(200, R"({"error":false,"code":200,"result":[]})");
  CHECK(client.db("_system", {.auth = Auth{"root", "x"}, .verify = true}).get().name() == "_system");
}

TEST_CASE("compression: large authenticated bodies are deflated", "[http][compression]") {
  auto mock = std::make_shared<MockHTTPClient>();
  auto cm = std::make_shared<DefaultCompressionManager>(64, 6, AcceptEncoding::GZIP);
  ArangoClient client(ClientOptions{.hosts = {"http://h:1"}, .http_client = mock, .compression = cm});
  StandardDatabase db = client.db("_system", {.auth = Auth{"root", ""}}).get();
  mock->answer(201, R"({"result":true})");
  std::string long_name(200, 'a');
  (void)db.create_database(long_name).get();
  const HttpRequest& big = mock->requests.at(0);
  CHECK(big.headers.find("content-encoding") == "deflate");
  CHECK(big.headers.find("accept-encoding") == "gzip");
  CHECK(inflate(big.body) == R"({"name":")" + long_name + R"("})");

  mock->answer(201, R"({"result":true})");
  (void)db.create_database("short").get();
  CHECK_FALSE(mock->requests.at(1).headers.contains("content-encoding"));
  CHECK(mock->requests.at(1).body == R"({"name":"short"})");

  DefaultCompressionManager off(-1);
  CHECK_FALSE(off.needs_compression(std::string(10000, 'x')));
  CHECK_THROWS_AS(DefaultCompressionManager(0, 42), std::invalid_argument);
  std::string data(5000, 'z');
  CHECK(inflate(deflate(data, 9)) == data);
  CHECK(deflate(data).size() < 100);
  CHECK_THROWS_AS(inflate("not deflate"), DeserializationError);
}

TEST_CASE("option structs take designated initializers that leave fields out", "[options]") {
  // Compiled with -Wextra -Werror: a member without a default would warn here.
  HttpClientOptions http{.max_pending_calls = 10, .verify_peer = false};
  ClientOptions client{.hosts = {"http://h:1"}, .http = http};
  DbOptions db{.auth = Auth{.username = "u"}};
  CreateDatabaseOptions create{.write_concern = 2};
  CallOptions call{.timeout = std::chrono::milliseconds(5)};
  CHECK(client.http.max_pending_calls == 10);
  CHECK_FALSE(client.http.verify_peer);
  CHECK(client.http.ca_file.empty());
  CHECK_FALSE(client.http.completion_executor);
  CHECK(db.auth->username == "u");
  CHECK(db.auth_method == "basic");
  CHECK(create.write_concern == 2);
  CHECK(create.users.empty());
  CHECK(call.timeout == std::chrono::milliseconds(5));
}

TEST_CASE("host resolvers follow the seed's rules", "[resolver]") {
  auto rr = get_resolver("roundrobin", 3);
  CHECK(rr->max_tries() == 9);
  CHECK(rr->get_host_index() == 0);
  CHECK(rr->get_host_index() == 1);
  CHECK(rr->get_host_index() == 2);
  CHECK(rr->get_host_index() == 0);
  auto single = get_resolver("default", 2, 5);
  CHECK(single->max_tries() == 5);
  CHECK(single->get_host_index() == 0);
  CHECK(single->get_host_index() == 0);
  single->change_host();
  CHECK(single->get_host_index() == 1);
  single->change_host();
  CHECK(single->get_host_index() == 0);
  CHECK_THROWS_AS(get_resolver("single", 3, 2), std::invalid_argument);
  CHECK_THROWS_AS(get_resolver("fastest", 1), std::invalid_argument);

  auto mock = std::make_shared<MockHTTPClient>();
  ArangoClient client(ClientOptions{.hosts = {"http://a:1", "http://b:2"}, .host_resolver = std::string("roundrobin"),
                                    .http_client = mock});
  StandardDatabase db = client.db("_system", {.auth = Auth{"root", ""}}).get();
  for (int i = 0; i < 4; ++i) {
    mock->answer(200, "{}");
    (void)db.engine().get();
  }
  CHECK(mock->requests.at(0).url.rfind("http://a:1/", 0) == 0);
  CHECK(mock->requests.at(1).url.rfind("http://b:2/", 0) == 0);
  CHECK(mock->requests.at(2).url.rfind("http://a:1/", 0) == 0);
  CHECK(mock->requests.at(3).url.rfind("http://b:2/", 0) == 0);
}

TEST_CASE("the libcurl loop's timers fire after their delay and fail on close", "[http][timer]") {
  using namespace std::chrono;
  DefaultHTTPClient http;
  std::promise<steady_clock::time_point> fired;
  auto start = steady_clock::now();
  http.schedule(milliseconds(40), [&](Result<Response> r) {
    REQUIRE(r.has_value());
    fired.set_value(steady_clock::now());
  });
  // A later timer scheduled first still fires second.
  std::promise<int> order;
  std::atomic<int> count{0};
  http.schedule(milliseconds(80), [&](Result<Response>) { order.set_value(++count); });
  http.schedule(milliseconds(5), [&](Result<Response>) { ++count; });
  auto when = fired.get_future().get();
  CHECK(when - start >= milliseconds(40));
  CHECK(order.get_future().get() == 2);  // the 5 ms timer ran before the 80 ms one

  // A timer still waiting when the client closes ends with ClientShutdownError, at once.
  std::promise<ErrorPtr> shut;
  http.schedule(hours(1), [&](Result<Response> r) { shut.set_value(r ? nullptr : r.error_ptr()); });
  auto closing = steady_clock::now();
  http.close();
  ErrorPtr error = shut.get_future().get();
  REQUIRE(error);
  CHECK(dynamic_cast<const ClientShutdownError*>(error.get()) != nullptr);
  CHECK(steady_clock::now() - closing < seconds(5));

  // After close: ClientShutdownError too.
  bool late = false;
  http.schedule(milliseconds(1), [&](Result<Response> r) { late = !r.has_value(); });
  CHECK(late);
}

TEST_CASE("an HTTPClient without timers fails schedule() with UnsupportedTimerError", "[http][timer]") {
  struct NoTimers final : HTTPClient {
    void send_request(std::shared_ptr<const HttpRequest>, Completion) override {}
    void close() override {}
  } http;
  ErrorPtr error;
  http.schedule(std::chrono::milliseconds(1), [&](Result<Response> r) { error = r.error_ptr(); });
  REQUIRE(error);
  CHECK(dynamic_cast<const UnsupportedTimerError*>(error.get()) != nullptr);
}

TEST_CASE("Headers keep fields in order as NUL-terminated wire lines in one buffer", "[http][headers]") {
  Headers h{{"Content-Type", "application/json"}, {"x-a", "1"}};
  h.add("X-A", "2");
  h.add("empty", "");
  CHECK(h.size() == 4);
  CHECK(h.find("content-type") == "application/json");
  CHECK(h.find("x-a") == "1");
  CHECK(h.find_all("X-a") == std::vector<std::string_view>{"1", "2"});
  CHECK(h.find("empty") == "");
  CHECK_FALSE(h.find("missing").has_value());

  std::vector<std::string> lines;
  for (auto it = h.begin(); it != h.end(); ++it) {
    lines.emplace_back(it.line());  // stops at the NUL
    CHECK(it.value().data()[it.value().size()] == '\0');
  }
  CHECK(lines == std::vector<std::string>{"Content-Type: application/json", "x-a: 1", "X-A: 2", "empty: "});

  // set() replaces every field of the name by one, at the end; the others keep their order.
  h.set("x-A", "3");
  std::vector<std::pair<std::string, std::string>> fields;
  for (const auto& [name, value] : h) fields.emplace_back(name, value);
  CHECK(fields == std::vector<std::pair<std::string, std::string>>{
                      {"Content-Type", "application/json"}, {"empty", ""}, {"x-A", "3"}});
  h.erase("CONTENT-TYPE");
  CHECK(h.size() == 2);
  CHECK(std::string(h.begin().line()) == "empty: ");
  h.erase("nothing");
  CHECK(h.size() == 2);

  // A field made of views into the same Headers.
  h.add(*h.find("x-a"), *h.find("x-a"));
  CHECK(h.find("3") == "3");
  h.set("x-a", *h.find("x-a"));
  CHECK(h.find("x-a") == "3");
  CHECK(h.size() == 3);

  // After reserve(), adding fields within it does not move the buffer.
  Headers r;
  r.reserve(3, 64);
  r.add("a", "1");
  const char* first = r.begin().line();
  r.add("bb", std::string(20, 'x'));
  r.add("authorization", "Basic cm9vdDo=");
  CHECK(r.begin().line() == first);
  r.clear();
  CHECK(r.empty());
  CHECK(r.begin() == r.end());
}
