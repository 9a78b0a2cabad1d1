// auth_method "jwt" and "superuser" against a server (arango-emulator-run --jwt-secret S
// --session-timeout 3 --jwt-secret-keyfile F): one login for many calls, a token that expires
// mid-run refreshed once for 100 waiting calls, a rotated secret answered by one login for 100
// refused calls, access tokens as login passwords, superuser tokens from the secret (file).
// The login counts come from the emulator's /_emulator/stats; against a real server those
// checks are left out and the rest runs.
#include <arango/arango.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "../support/test_env.hpp"

using namespace arango;
using namespace std::chrono_literals;

namespace {

struct Fixture {
  ArangoClient client{testenv::logged(testenv::url())};
  StandardDatabase sys = client.db("_system", testenv::root()).get();
  bool emulator = testenv::is_emulator(sys);

  /// Successful /_open/auth logins so far (the emulator counts them); -1 on a real server.
  std::int64_t logins() const {
    return emulator ? testenv::emulator_stats(sys)["jwt_logins"].as_int64() : -1;
  }
  DbOptions jwt(std::string user = testenv::user(), std::string password = testenv::password()) const {
    return DbOptions{.auth_method = "jwt", .auth = Auth{std::move(user), std::move(password)}};
  }
  static double session_timeout() { return std::atof(testenv::env_or("ARANGO_SESSION_TIMEOUT", "3600").c_str()); }
  static std::string keyfile() { return testenv::env_or("ARANGO_JWT_SECRET_KEYFILE", ""); }
};

template <class F>
void all_succeed(std::vector<F>& calls) {
  for (auto& f : calls) {
    REQUIRE(f.wait_for(30s) == std::future_status::ready);
    CHECK(f.get()["server"].as_string() == "arango");
  }
}

}  // namespace

TEST_CASE_METHOD(Fixture, "jwt: one login serves many calls; wrong credentials are JWTRefreshError", "[auth][jwt]") {
  auto before = logins();
  auto db = client.db("_system", jwt()).get();
  for (int i = 0; i < 5; ++i) CHECK(db.version().get()["server"].as_string() == "arango");
  std::string name = testenv::unique_name("jwt_col");
  db.create_collection(name).get();
  CHECK(db.collection(name).insert(Json::object({{"_key", "a"}})).get().key == "a");
  db.delete_collection(name).get();
  if (emulator) CHECK(logins() == before + 1);

  auto wrong = client.db("_system", jwt(testenv::user(), "not-the-password")).get();
  try {
    (void)wrong.version().get();
    FAIL("a login with a wrong password must fail");
  } catch (const JWTRefreshError& e) {
    CHECK(std::string(e.what()).find("401") != std::string::npos);
  }
  DbOptions verified = jwt(testenv::user(), "not-the-password");
  verified.verify = true;
  CHECK_THROWS_AS(client.db("_system", verified).get(), JWTRefreshError);
  verified = jwt();
  verified.verify = true;
  CHECK(client.db("_system", verified).get().version().get()["server"].as_string() == "arango");
}

TEST_CASE_METHOD(Fixture, "jwt: a token that expires mid-run is refreshed once for 100 waiting calls", "[auth][jwt]") {
  double lifetime = session_timeout();
  REQUIRE(lifetime <= 10);  // arango-emulator-run --session-timeout; a real server needs it short too
  auto db = client.db("_system", jwt()).get();
  CHECK(db.version().get()["server"].as_string() == "arango");  // logs in
  auto after_first = logins();
  // JWT times are whole seconds: wait until the token has certainly expired.
  std::this_thread::sleep_for(std::chrono::duration<double>(lifetime + 1.1));
  std::vector<std::future<Json>> calls;
  for (int i = 0; i < 100; ++i) calls.push_back(db.version());
  all_succeed(calls);
  if (emulator) CHECK(logins() == after_first + 1);
  // The fresh token serves the next calls without another login.
  for (int i = 0; i < 10; ++i) CHECK(db.version().get()["server"].as_string() == "arango");
  if (emulator) CHECK(logins() == after_first + 1);
}

TEST_CASE_METHOD(Fixture, "jwt: an access token is a login password", "[auth][jwt][tokens]") {
  auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch());
  AccessToken token =
      sys.create_access_token(testenv::user(), testenv::unique_name("login"), now.count() + 3600).get();
  REQUIRE(token.token);
  auto db = client.db("_system", jwt("", *token.token)).get();
  CHECK(db.version().get()["server"].as_string() == "arango");
  sys.delete_access_token(testenv::user(), token.id).get();
  // A new login with the deleted token fails.
  auto again = client.db("_system", jwt("", *token.token)).get();
  CHECK_THROWS_AS(again.version().get(), JWTRefreshError);
}

TEST_CASE_METHOD(Fixture, "superuser: a token signed with the server's secret; never refreshed", "[auth][superuser]") {
  REQUIRE_FALSE(keyfile().empty());
  JwtToken su = JwtToken::generate_token_from_file(keyfile());
  auto db = client.db("_system", DbOptions{.auth_method = "superuser", .token = su}).get();
  CHECK(db.version().get()["server"].as_string() == "arango");
  std::string name = testenv::unique_name("su_col");
  db.create_collection(name).get();
  CHECK(db.has_collection(name).get());
  db.delete_collection(name).get();

  auto forged = client.db("_system", DbOptions{.auth_method = "superuser",
                                               .token = JwtToken::generate_token("not-the-secret")})
                    .get();
  auto before = logins();
  try {
    (void)forged.version().get();
    FAIL("a token signed with another secret must be refused");
  } catch (const ServerVersionError& e) {
    CHECK(e.http_code() == 401);
  }
  if (emulator) CHECK(logins() == before);  // superuser tokens never log in
}

TEST_CASE_METHOD(Fixture, "jwt: after the server's secret changes, 100 refused calls cause one login", "[auth][jwt]") {
  REQUIRE_FALSE(keyfile().empty());
  auto db = client.db("_system", jwt()).get();
  CHECK(db.version().get()["server"].as_string() == "arango");
  // Reloading the secret takes a superuser: a token signed with the current secret.
  auto superuser = client.db("_system", DbOptions{.auth_method = "superuser",
                                                  .token = JwtToken::generate_token_from_file(keyfile())})
                       .get();
  auto before = logins();
  {
    std::ofstream out(keyfile(), std::ios::trunc);
    out << testenv::unique_name("rotated-secret") << "\n";
  }
  superuser.reload_jwt_secrets().get();
  std::vector<std::future<Json>> calls;
  for (int i = 0; i < 100; ++i) calls.push_back(db.version());
  all_succeed(calls);
  if (emulator) CHECK(logins() == before + 1);

  // The superuser token signed with the old secret is refused now; one from the file works.
  try {
    (void)superuser.version().get();
    FAIL("a token signed with the old secret must be refused");
  } catch (const ServerVersionError& e) {
    CHECK(e.http_code() == 401);
  }
  auto fresh = client.db("_system", DbOptions{.auth_method = "superuser",
                                              .token = JwtToken::generate_token_from_file(keyfile())})
                   .get();
  CHECK(fresh.version().get()["server"].as_string() == "arango");
}
