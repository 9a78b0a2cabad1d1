// Database-level API against the server named by ARANGO_URL (the emulator by default).
#include <arango/arango.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <coroutine>
#include <future>

#include "../support/collections.hpp"
#include "../support/task.hpp"
#include "../support/test_env.hpp"

using namespace arango;
using namespace std::chrono_literals;

namespace {

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

using testenv::expect_error;

struct Fixture {
  ArangoClient client{testenv::logged(testenv::url())};
  StandardDatabase sys = client.db("_system", testenv::root()).get();
};

}  // namespace

TEST_CASE_METHOD(Fixture, "version, engine, time and status", "[database]") {
  Json v = sys.version().get();
  CHECK(v["server"].as_string() == "arango");
  CHECK(v["version"].as_string().substr(0, 5) == "3.12.");
  CHECK(v["license"].is_string());
  CHECK_FALSE(v.contains("details"));
  Json d = sys.version({.details = true}).get();
  CHECK(d["details"].is_object());

  Json e = sys.engine().get();
  CHECK(e["name"].as_string() == "rocksdb");
  CHECK(e["supports"]["indexes"].is_array());

  auto server_now = sys.time().get();
  auto skew = std::chrono::abs(std::chrono::system_clock::now() - server_now);
  CHECK(skew < 5min);

  ServerStatusInformation s = sys.status().get();
  CHECK(s.server == "arango");
  CHECK(s.version.substr(0, 5) == "3.12.");
  CHECK(s.pid > 0);
  CHECK(s.server_info.is_object());
  CHECK(s.raw["version"].as_string() == s.version);
}

TEST_CASE_METHOD(Fixture, "_system properties and database lists", "[database]") {
  DatabaseProperties p = sys.properties().get();
  CHECK(p.name == "_system");
  CHECK(p.is_system);
  CHECK_FALSE(p.id.empty());
  CHECK(p.raw["name"].as_string() == "_system");
  CHECK(contains(sys.databases().get(), "_system"));
  CHECK(contains(sys.databases_accessible_to_user().get(), "_system"));
  CHECK(sys.has_database("_system").get());
  CHECK_FALSE(sys.has_database(testenv::unique_name("absent")).get());
  CHECK(sys.name() == "_system");
  CHECK(sys.context() == "default");
}

TEST_CASE_METHOD(Fixture, "create, use and delete a database", "[database]") {
  std::string name = testenv::unique_name("db");
  CHECK(sys.create_database(name).get());
  CHECK(sys.has_database(name).get());
  CHECK(contains(sys.databases().get(), name));

  StandardDatabase db = client.db(name, testenv::root()).get();
  DatabaseProperties p = db.properties().get();
  CHECK(p.name == name);
  CHECK_FALSE(p.is_system);

  SECTION("a duplicate name fails with 1207 / 409") {
    auto e = expect_error<DatabaseCreateError>([&] { (void)sys.create_database(name).get(); });
    CHECK(e.http_code() == 409);
    CHECK(e.error_code() == errno_::DUPLICATE_NAME);
    CHECK(e.http_method() == "POST");
    CHECK(e.url().find("/_db/_system/_api/database") != std::string::npos);
    CHECK(e.message().find("[HTTP 409][ERR 1207]") == 0);
  }
  SECTION("listing from a database other than _system fails with the seed's message") {
    auto e = expect_error<DatabaseListError>([&] { (void)db.databases().get(); });
    CHECK(e.http_code() == 403);
    CHECK(e.message().find("_system database") != std::string::npos);
    auto c = expect_error<DatabaseCreateError>([&] { (void)db.create_database(name + "x").get(); });
    CHECK(c.http_code() == 403);
  }

  CHECK(sys.delete_database(name).get());
  CHECK_FALSE(sys.has_database(name).get());
  auto e = expect_error<DatabaseDeleteError>([&] { (void)sys.delete_database(name).get(); });
  CHECK(e.http_code() == 404);
  CHECK(e.error_code() == errno_::DATABASE_NOT_FOUND);
  CHECK_FALSE(sys.delete_database(name, {.ignore_missing = true}).get());

  // The handle of a deleted database now meets "database not found".
  auto gone = expect_error<DatabasePropertiesError>([&] { (void)db.properties().get(); });
  CHECK(gone.http_code() == 404);
  CHECK(gone.error_code() == errno_::DATABASE_NOT_FOUND);
}

TEST_CASE_METHOD(Fixture, "create_database with users and options", "[database]") {
  std::string name = testenv::unique_name("withusers");
  std::string user = testenv::unique_name("alice");
  CreateDatabaseOptions options;
  options.users.push_back(UserInfo{user, std::string("secret"), true, Json::object({{"team", "blue"}})});
  options.replication_factor = ReplicationFactor(std::int64_t{1});
  options.write_concern = 1;
  CHECK(sys.create_database(name, options).get());

  StandardDatabase as_user = client.db(name, testenv::with_auth(user, "secret")).get();
  CHECK(as_user.properties().get().name == name);
  CHECK(contains(as_user.databases_accessible_to_user().get(), name));

  StandardDatabase wrong = client.db(name, testenv::with_auth(user, "wrong")).get();
  auto e = expect_error<DatabasePropertiesError>([&] { (void)wrong.properties().get(); });
  CHECK(e.http_code() == 401);
  CHECK(e.error_code() == errno_::FORBIDDEN);
  CHECK(sys.delete_database(name).get());
}

TEST_CASE_METHOD(Fixture, "extended database names are percent-encoded in paths", "[database]") {
  std::string name = "Ünïcode db " + testenv::unique_name("x");
  CHECK(sys.create_database(name).get());
  StandardDatabase db = client.db(name, testenv::root()).get();
  CHECK(db.properties().get().name == name);
  CHECK(db.version().get()["server"].as_string() == "arango");
  CHECK(sys.delete_database(name).get());
}

TEST_CASE_METHOD(Fixture, "invalid database names are refused with 1229 / 400", "[database]") {
  for (std::string bad : {std::string("_underscore"), std::string("1digit"), std::string("has/slash"),
                          std::string(" leading")}) {
    auto e = expect_error<DatabaseCreateError>([&] { (void)sys.create_database(bad).get(); });
    CHECK(e.http_code() == 400);
    CHECK(e.error_code() == errno_::DATABASE_NAME_INVALID);
  }
}

TEST_CASE_METHOD(Fixture, "authentication failures and unknown databases", "[database][auth]") {
  StandardDatabase bad = client.db("_system", testenv::with_auth(testenv::user(), "not-the-password")).get();
  auto e = expect_error<ServerVersionError>([&] { (void)bad.version().get(); });
  CHECK(e.http_code() == 401);
  CHECK(e.error_code() == errno_::FORBIDDEN);
  CHECK(e.http_headers().find_all("www-authenticate").size() == 2);

  auto v = expect_error<ServerConnectionError>(
      [&] { (void)client.db("_system", {.auth = Auth{testenv::user(), "nope"}, .verify = true}).get(); });
  CHECK(v.http_code() == 401);
  CHECK(v.message().find("Authentication failed.") != std::string::npos);

  StandardDatabase ok = client.db("_system", {.auth = Auth{testenv::user(), testenv::password()}, .verify = true}).get();
  CHECK(ok.name() == "_system");

  std::string missing = testenv::unique_name("nosuchdb");
  StandardDatabase unknown = client.db(missing, testenv::root()).get();
  auto u = expect_error<ServerVersionError>([&] { (void)unknown.version().get(); });
  CHECK(u.http_code() == 404);
  CHECK(u.error_code() == errno_::DATABASE_NOT_FOUND);
  auto uv = expect_error<ServerConnectionError>(
      [&] { (void)client.db(missing, {.auth = Auth{testenv::user(), testenv::password()}, .verify = true}).get(); });
  CHECK(uv.message().find("Bad server response.") != std::string::npos);

  // An unauthenticated caller may not learn whether a database exists: 401, not 404.
  StandardDatabase anon_unknown = client.db(missing, testenv::with_auth(testenv::user(), "wrong")).get();
  auto a = expect_error<ServerVersionError>([&] { (void)anon_unknown.version().get(); });
  CHECK(a.http_code() == 401);
}

TEST_CASE_METHOD(Fixture, "argument errors are thrown by db() itself", "[database]") {
  CHECK_THROWS_AS(client.db("_system"), std::invalid_argument);  // basic auth needs credentials
  CHECK_THROWS_AS(client.db("_system", {.auth_method = "kerberos", .auth = Auth{"a", "b"}}), std::invalid_argument);
  CHECK_THROWS_AS(client.db("", testenv::root()), std::invalid_argument);
  CHECK_THROWS_AS(ArangoClient(ClientOptions{.hosts = {"ftp://x"}}), std::invalid_argument);
  CHECK_THROWS_AS(ArangoClient(ClientOptions{.hosts = {"http://a:1"}, .host_resolver = std::string("random")}),
                  std::invalid_argument);
}

TEST_CASE_METHOD(Fixture, "callback and raw request forms", "[database][async]") {
  std::promise<Result<Json>> got;
  auto caller = std::this_thread::get_id();
  std::thread::id callback_thread;
  sys.version({}, [&](Result<Json> r) {
    callback_thread = std::this_thread::get_id();
    got.set_value(std::move(r));
  });
  Result<Json> r = got.get_future().get();
  REQUIRE(r.has_value());
  CHECK(r.value()["server"].as_string() == "arango");
  CHECK(callback_thread != caller);

  std::promise<Result<bool>> missing;
  sys.delete_database(testenv::unique_name("nothere"), {}, [&](Result<bool> res) { missing.set_value(std::move(res)); });
  Result<bool> m = missing.get_future().get();
  REQUIRE_FALSE(m.has_value());
  CHECK(std::string(m.error().class_name()) == "DatabaseDeleteError");
  const auto& server_error = dynamic_cast<const ArangoServerError&>(m.error());
  CHECK(server_error.error_code() == errno_::DATABASE_NOT_FOUND);
  CHECK_THROWS_AS(m.value(), DatabaseDeleteError);

  Response raw = sys.request(Request(Method::GET, "/_api/database/current")).get();
  CHECK(raw.status_code == 200);
  CHECK(raw.is_success);
  CHECK(Json::parse(raw.raw_body)["result"]["name"].as_string() == "_system");
  CHECK(raw.headers.find("content-type").value_or("").find("application/json") == 0);
  // Any status is delivered as a Response, not thrown: a path no handler serves is a 404.
  Response notfound = sys.request(Request(Method::GET, "/_api/no-such-route")).get();
  CHECK(notfound.status_code == 404);
  CHECK_FALSE(notfound.is_success);
}

namespace {
using testenv::Task;

Task awaiting(const StandardDatabase& sys, std::string& server, int& error_code) {
  Json v = co_await sys.version({}, use_awaitable);
  server = std::string(v["server"].as_string());
  try {
    co_await sys.delete_database(testenv::unique_name("gone"), {}, use_awaitable);
  } catch (const DatabaseDeleteError& e) {
    error_code = e.error_code();
  }
}
}  // namespace

TEST_CASE_METHOD(Fixture, "co_await delivers values and throws errors", "[database][async]") {
  std::string server;
  int error_code = 0;
  Task t = awaiting(sys, server, error_code);
  REQUIRE(t.finished.wait_for(10s) == std::future_status::ready);
  t.finished.get();
  CHECK(server == "arango");
  CHECK(error_code == errno_::DATABASE_NOT_FOUND);
}
