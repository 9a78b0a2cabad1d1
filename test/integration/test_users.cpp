// Users, permissions, access tokens and the server-security calls against the server named by
// ARANGO_URL (the emulator by default), as a user of the library sees them: who may do what,
// what an access token is good for, and when JWTs stop working.
//
// Environment (exported by arango-emulator-run for the `users` area): ARANGO_JWT_SECRET (to sign
// superuser JWTs), ARANGO_SESSION_TIMEOUT (lifetime of login JWTs) and
// ARANGO_JWT_SECRET_KEYFILE (the server's secret file, rewritten to rotate the secret).
#include <arango/arango.hpp>

#include <catch2/catch.hpp>
#include <openssl/evp.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "../support/collections.hpp"
#include "../support/test_env.hpp"

using namespace arango;
using namespace std::chrono_literals;
using testenv::expect_error;

namespace {

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

/// A handle on _system acting as the superuser: a token signed with the server's JWT secret.
StandardDatabase superuser_db(ArangoClient& client, const std::string& secret) {
  return client.db("_system", DbOptions{.auth_method = "superuser", .token = JwtToken::generate_token(secret)}).get();
}

/// SHA-256 of `data` in lower-case hex (what /_admin/server/jwt reports of a secret).
std::string sha256_hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(data.data(), data.size(), digest, &size, EVP_sha256(), nullptr);
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < size; ++i) {
    out += digits[digest[i] >> 4];
    out += digits[digest[i] & 15];
  }
  return out;
}

std::string jwt_secret() { return testenv::env_or("ARANGO_JWT_SECRET", ""); }

/// A raw request with an explicit Authorization header (or none): the status and errorNum.
Response raw(const StandardDatabase& db, Method method, const std::string& path, std::string body = {},
             std::optional<std::string> authorization = std::nullopt, bool prefix = true) {
  Request r(method, path, {}, std::move(body));
  r.prefix_needed = prefix;
  if (authorization) r.headers.set("authorization", *authorization);
  return db.request(std::move(r)).get();
}

struct Fixture {
  ArangoClient client{testenv::logged(testenv::url())};
  StandardDatabase sys = client.db("_system", testenv::root()).get();
  std::vector<std::string> users_to_drop;
  std::vector<std::string> dbs_to_drop;

  ~Fixture() {
    for (const auto& u : users_to_drop) {
      try {
        (void)sys.delete_user(u, {.ignore_missing = true}).get();
      } catch (...) {
      }
    }
    for (const auto& d : dbs_to_drop) {
      try {
        (void)sys.delete_database(d, {.ignore_missing = true}).get();
      } catch (...) {
      }
    }
  }

  /// A fresh user with password "pw-<name>" (deleted afterwards).
  std::string new_user(const std::string& prefix = "user") {
    std::string name = testenv::unique_name(prefix);
    sys.create_user(UserInfo{name, "pw-" + name}).get();
    users_to_drop.push_back(name);
    return name;
  }
  /// A fresh database (deleted afterwards).
  std::string new_database() {
    std::string name = testenv::unique_name("usersdb");
    sys.create_database(name).get();
    dbs_to_drop.push_back(name);
    return name;
  }
  StandardDatabase as(const std::string& user, const std::string& db = "_system") {
    return client.db(db, testenv::with_auth(user, "pw-" + user)).get();
  }
};

}  // namespace

TEST_CASE_METHOD(Fixture, "create, read, update, replace and delete users", "[users]") {
  std::string name = testenv::unique_name("crud");
  users_to_drop.push_back(name);
  UserInfo created = sys.create_user(UserInfo{name, std::string("s3cret"), true, Json::object({{"team", "blue"}})}).get();
  CHECK(created.user == name);
  CHECK(created.active);
  CHECK(*created.extra == Json::parse(R"({"team":"blue"})"));

  CHECK(sys.has_user(name).get());
  CHECK_FALSE(sys.has_user(name + "-not").get());
  UserInfo read = sys.user(name).get();
  CHECK(read.user == name);
  CHECK_FALSE(read.password);
  std::vector<UserInfo> all = sys.users().get();
  CHECK(std::any_of(all.begin(), all.end(), [&](const UserInfo& u) { return u.user == name; }));
  CHECK(std::any_of(all.begin(), all.end(), [&](const UserInfo& u) { return u.user == "root"; }));

  auto dup = expect_error<UserCreateError>([&] { (void)sys.create_user(UserInfo{name, std::string("x")}).get(); });
  CHECK(dup.http_code() == 409);
  CHECK(dup.error_code() == errno_::USER_DUPLICATE);

  // update merges extra and keeps the password unless one is given
  UserInfo updated = sys.update_user(UserInfo{name, std::nullopt, true, Json::object({{"level", 2}})}).get();
  CHECK(*updated.extra == Json::parse(R"({"team":"blue","level":2})"));
  CHECK(client.db("_system", testenv::with_auth(name, "s3cret")).get().user(name).get().user == name);

  // replace sets everything anew: extra goes, the new password counts, inactive users cannot log in
  UserInfo replaced = sys.replace_user(UserInfo{name, std::string("n3w"), false, std::nullopt}).get();
  CHECK_FALSE(replaced.active);
  CHECK(replaced.extra->empty());
  StandardDatabase inactive = client.db("_system", testenv::with_auth(name, "n3w")).get();
  CHECK(expect_error<UserGetError>([&] { (void)inactive.user(name).get(); }).http_code() == 401);
  sys.update_user(UserInfo{name, std::nullopt, true, std::nullopt}).get();
  CHECK(client.db("_system", testenv::with_auth(name, "n3w")).get().user(name).get().active);

  CHECK(sys.delete_user(name).get());
  CHECK_FALSE(sys.has_user(name).get());
  CHECK_FALSE(sys.delete_user(name, {.ignore_missing = true}).get());
  auto gone = expect_error<UserDeleteError>([&] { (void)sys.delete_user(name).get(); });
  CHECK(gone.http_code() == 404);
  CHECK(gone.error_code() == errno_::USER_NOT_FOUND);
  CHECK(expect_error<UserGetError>([&] { (void)sys.user(name).get(); }).error_code() == errno_::USER_NOT_FOUND);
  CHECK(expect_error<UserReplaceError>([&] { (void)sys.replace_user(UserInfo{name}).get(); }).http_code() == 404);
  CHECK(expect_error<UserUpdateError>([&] { (void)sys.update_user(UserInfo{name}).get(); }).http_code() == 404);

  // root cannot go
  auto root = expect_error<UserDeleteError>([&] { (void)sys.delete_user("root").get(); });
  CHECK(root.http_code() == 403);
  CHECK(root.error_code() == errno_::FORBIDDEN);
}

TEST_CASE_METHOD(Fixture, "database grants: ro reads, rw writes, none is 401", "[users][permissions]") {
  std::string dbname = new_database();
  StandardDatabase db = client.db(dbname, testenv::root()).get();
  db.create_collection("things").get();
  db.collection("things").insert(Json::parse(R"({"_key":"a","n":1})")).get();
  std::string user = new_user();

  // no grant: the database is out of reach (401 / 11, as for an unknown database)
  StandardDatabase mine = as(user, dbname);
  auto none = expect_error<CollectionListError>([&] { (void)mine.collections().get(); });
  CHECK(none.http_code() == 401);
  CHECK(none.error_code() == errno_::FORBIDDEN);
  CHECK(sys.permission(user, dbname).get() == "none");

  // ro on the database: reads work, writes do not
  CHECK(sys.update_permission(user, "ro", dbname).get());
  CHECK(sys.permission(user, dbname).get() == "ro");
  CHECK(sys.permission(user, dbname, "things").get() == "ro");
  auto things = mine.collection("things");
  CHECK((*things.get("a").get())["n"].as_int64() == 1);
  auto insert = expect_error<DocumentInsertError>([&] { (void)things.insert(Json::parse(R"({"n":2})")).get(); });
  CHECK(insert.http_code() == 403);
  CHECK(insert.error_code() == errno_::READ_ONLY);  // TransactionState::checkCollectionPermission
  auto aql = expect_error<AQLQueryExecuteError>(
      [&] { (void)mine.aql().execute("INSERT {n: 3} INTO things").get(); });
  CHECK(aql.http_code() == 403);
  // creating collections needs rw on the database
  auto create = expect_error<CollectionCreateError>([&] { (void)mine.create_collection("more").get(); });
  CHECK(create.http_code() == 403);
  CHECK(create.error_code() == errno_::FORBIDDEN);

  // rw: writes, collection creation (the creator gets rw on it) and drops work
  CHECK(sys.update_permission(user, "rw", dbname).get());
  CHECK(things.insert(Json::parse(R"({"_key":"b"})")).get().key == "b");
  mine.create_collection("mine").get();
  CHECK(sys.permissions(user).get()[dbname]["collections"]["mine"].as_string() == "rw");
  CHECK(mine.delete_collection("mine").get());
  CHECK_FALSE(sys.permissions(user).get()[dbname]["collections"].contains("mine"));

  // reset: back to no access
  CHECK(sys.reset_permission(user, dbname).get());
  CHECK(sys.permission(user, dbname).get() == "none");
  CHECK(expect_error<CollectionListError>([&] { (void)mine.collections().get(); }).http_code() == 401);
}

TEST_CASE_METHOD(Fixture, "collection grants override database grants", "[users][permissions]") {
  std::string dbname = new_database();
  StandardDatabase db = client.db(dbname, testenv::root()).get();
  db.create_collection("open").get();
  db.create_collection("locked").get();
  db.create_collection("secret").get();
  db.collection("secret").insert(Json::parse(R"({"_key":"s"})")).get();
  std::string user = new_user();
  StandardDatabase mine = as(user, dbname);

  CHECK(sys.update_permission(user, "rw", dbname).get());
  CHECK(sys.update_permission(user, "ro", dbname, {.collection = "locked"}).get());
  CHECK(sys.update_permission(user, "none", dbname, {.collection = "secret"}).get());
  CHECK(sys.permission(user, dbname, "open").get() == "rw");
  CHECK(sys.permission(user, dbname, "locked").get() == "ro");
  CHECK(sys.permission(user, dbname, "secret").get() == "none");

  CHECK_FALSE(mine.collection("open").insert(Json::parse("{}")).get().key.empty());
  CHECK(expect_error<DocumentInsertError>([&] { (void)mine.collection("locked").insert(Json::parse("{}")).get(); })
            .error_code() == errno_::READ_ONLY);
  auto read = expect_error<DocumentGetError>([&] { (void)mine.collection("secret").get("s").get(); });
  CHECK(read.http_code() == 403);
  CHECK(read.error_code() == errno_::FORBIDDEN);
  // a collection the user may not read is not listed
  std::vector<CollectionInfo> listed = mine.collections().get();
  CHECK(std::none_of(listed.begin(), listed.end(), [](const CollectionInfo& c) { return c.name == "secret"; }));
  CHECK(std::any_of(listed.begin(), listed.end(), [](const CollectionInfo& c) { return c.name == "locked"; }));

  // the other way round: ro on the database, rw on one collection
  CHECK(sys.update_permission(user, "ro", dbname).get());
  CHECK(sys.update_permission(user, "rw", dbname, {.collection = "locked"}).get());
  CHECK_FALSE(mine.collection("locked").insert(Json::parse("{}")).get().key.empty());
  CHECK(expect_error<DocumentInsertError>([&] { (void)mine.collection("open").insert(Json::parse("{}")).get(); })
            .http_code() == 403);

  // the full listing shows what is configured; resetting a collection grant falls back
  Json full = sys.permissions(user).get();
  CHECK(full[dbname]["permission"].as_string() == "ro");
  CHECK(full[dbname]["collections"]["locked"].as_string() == "rw");
  CHECK(full[dbname]["collections"]["open"].as_string() == "undefined");
  CHECK(full["*"]["permission"].is_string());
  Json brief = sys.permissions(user, false).get();
  CHECK(brief[dbname].as_string() == "ro");
  CHECK(sys.reset_permission(user, dbname, {.collection = "secret"}).get());
  CHECK(sys.permission(user, dbname, "secret").get() == "ro");

  // grants on unknown targets
  auto missing_coll =
      expect_error<PermissionUpdateError>([&] { (void)sys.update_permission(user, "rw", dbname, {.collection = "nope"}).get(); });
  CHECK(missing_coll.http_code() == 404);
  CHECK(missing_coll.error_code() == errno_::DATA_SOURCE_NOT_FOUND);
  CHECK_FALSE(sys.update_permission(user, "rw", dbname, {.collection = "nope", .ignore_failure = true}).get());
  auto bad_level = expect_error<PermissionUpdateError>([&] { (void)sys.update_permission(user, "all", dbname).get(); });
  CHECK(bad_level.http_code() == 400);
}

TEST_CASE_METHOD(Fixture, "non-admins manage only themselves", "[users][permissions]") {
  std::string alice = new_user("alice");
  std::string bob = new_user("bob");
  CHECK(sys.update_permission(alice, "ro", "_system").get());
  StandardDatabase a = as(alice);

  // herself: yes
  CHECK(a.user(alice).get().user == alice);
  CHECK(a.permission(alice, "_system").get() == "ro");
  CHECK(a.update_user(UserInfo{alice, "pw-" + alice, true, Json::object({{"x", 1}})}).get().user == alice);
  // others and the user list: no
  CHECK(expect_error<UserListError>([&] { (void)a.users().get(); }).http_code() == 403);
  CHECK(expect_error<UserGetError>([&] { (void)a.user(bob).get(); }).http_code() == 403);
  auto create = expect_error<UserCreateError>([&] { (void)a.create_user(UserInfo{alice + "x"}).get(); });
  CHECK(create.http_code() == 403);
  CHECK(create.error_code() == errno_::FORBIDDEN);
  CHECK(expect_error<UserReplaceError>([&] { (void)a.replace_user(UserInfo{bob}).get(); }).http_code() == 403);
  CHECK(expect_error<UserDeleteError>([&] { (void)a.delete_user(bob).get(); }).http_code() == 403);
  CHECK(expect_error<PermissionUpdateError>([&] { (void)a.update_permission(alice, "rw", "_system").get(); })
            .http_code() == 403);
  CHECK(expect_error<PermissionResetError>([&] { (void)a.reset_permission(bob, "_system").get(); }).http_code() == 403);
  CHECK(expect_error<PermissionListError>([&] { (void)a.permissions(bob).get(); }).http_code() == 403);
  CHECK(expect_error<AccessTokenCreateError>([&] { (void)a.create_access_token(bob, "t", unix_now() + 60).get(); })
            .http_code() == 403);
  CHECK(expect_error<AccessTokenListError>([&] { (void)a.list_access_tokens(bob).get(); }).http_code() == 403);
  // with rw on _system she is an admin
  CHECK(sys.update_permission(alice, "rw", "_system").get());
  CHECK(a.user(bob).get().user == bob);
}

TEST_CASE_METHOD(Fixture, "access tokens work as passwords until deleted or expired", "[users][tokens]") {
  std::string user = new_user("tok");
  CHECK(sys.update_permission(user, "ro", "_system").get());
  StandardDatabase me = as(user);

  AccessToken t = me.create_access_token(user, "ci", unix_now() + 3600).get();
  REQUIRE(t.token);
  CHECK(t.token->rfind("v1.", 0) == 0);
  CHECK(t.name == "ci");
  CHECK(t.active);
  CHECK(t.fingerprint.rfind("v1...", 0) == 0);
  CHECK(t.fingerprint.substr(5) == t.token->substr(t.token->size() - 6));

  // the token is a password: with an empty username or the owner's, not another user's
  CHECK(client.db("_system", {.auth = Auth{"", *t.token}}).get().user(user).get().user == user);
  CHECK(client.db("_system", {.auth = Auth{user, *t.token}}).get().user(user).get().user == user);
  StandardDatabase wrong = client.db("_system", {.auth = Auth{"root", *t.token}}).get();
  CHECK(expect_error<UserGetError>([&] { (void)wrong.user(user).get(); }).http_code() == 401);
  // ... and it logs in for a JWT, with or without the username
  for (const std::string& body : {R"({"password":")" + *t.token + R"("})",
                                  R"({"username":")" + user + R"(","password":")" + *t.token + R"("})"}) {
    Response login = raw(sys, Method::POST, "/_open/auth", body, std::string{}, false);
    CHECK(login.status_code == 200);
    CHECK(Json::parse(login.raw_body)["jwt"].is_string());
  }
  CHECK(raw(sys, Method::POST, "/_open/auth", R"({"username":"root","password":")" + *t.token + R"("})",
            std::string{}, false)
            .status_code == 401);

  // listed without the token itself; a duplicate name is refused
  std::vector<AccessToken> listed = sys.list_access_tokens(user).get();
  REQUIRE(listed.size() == 1);
  CHECK(listed[0].id == t.id);
  CHECK(listed[0].name == "ci");
  CHECK_FALSE(listed[0].token);
  auto dup = expect_error<AccessTokenCreateError>([&] { (void)me.create_access_token(user, "ci", unix_now() + 60).get(); });
  CHECK(dup.http_code() == 409);

  // deleted: stops working
  me.delete_access_token(user, t.id).get();
  CHECK(sys.list_access_tokens(user).get().empty());
  StandardDatabase revoked = client.db("_system", {.auth = Auth{"", *t.token}}).get();
  CHECK(expect_error<UserGetError>([&] { (void)revoked.user(user).get(); }).http_code() == 401);

  // expired: stops working too
  AccessToken brief = sys.create_access_token(user, "brief", unix_now() + 2).get();
  StandardDatabase short_lived = client.db("_system", {.auth = Auth{"", *brief.token}}).get();
  CHECK(short_lived.user(user).get().user == user);
  std::this_thread::sleep_for(3500ms);
  CHECK(expect_error<UserGetError>([&] { (void)short_lived.user(user).get(); }).http_code() == 401);
  std::vector<AccessToken> after = sys.list_access_tokens(user).get();
  REQUIRE(after.size() == 1);
  CHECK_FALSE(after[0].active);

  // tokens of unknown users
  std::string ghost = testenv::unique_name("ghost");
  CHECK(expect_error<AccessTokenListError>([&] { (void)sys.list_access_tokens(ghost).get(); }).error_code() ==
        errno_::USER_NOT_FOUND);
  CHECK(expect_error<AccessTokenDeleteError>([&] { sys.delete_access_token(ghost, 1).get(); }).http_code() == 404);
}

TEST_CASE_METHOD(Fixture, "login JWTs expire after the session timeout", "[users][jwt]") {
  std::string user = new_user("jwt");
  CHECK(sys.update_permission(user, "ro", "_system").get());
  bool const emulator = testenv::is_emulator(sys);
  std::int64_t logins_before = emulator ? testenv::emulator_stats(sys)["jwt_logins"].as_int64() : 0;
  Response login = raw(sys, Method::POST, "/_open/auth",
                       R"({"username":")" + user + R"(","password":"pw-)" + user + R"("})", std::string{}, false);
  REQUIRE(login.status_code == 200);
  std::string jwt = std::string(Json::parse(login.raw_body)["jwt"].as_string());
  if (emulator) CHECK(testenv::emulator_stats(sys)["jwt_logins"].as_int64() == logins_before + 1);
  CHECK(raw(sys, Method::GET, "/_api/user/" + user, {}, "bearer " + jwt).status_code == 200);
  // wrong credentials: 401 / 401 and no login counted
  Response bad = raw(sys, Method::POST, "/_open/auth", R"({"username":")" + user + R"(","password":"no"})",
                     std::string{}, false);
  CHECK(bad.status_code == 401);
  CHECK(bad.error_code == 401);
  if (emulator) CHECK(testenv::emulator_stats(sys)["jwt_logins"].as_int64() == logins_before + 1);

  std::string timeout = testenv::env_or("ARANGO_SESSION_TIMEOUT", "");
  REQUIRE_FALSE(timeout.empty());  // arango-emulator-run --session-timeout; set it for a real server too
  std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<int>(std::stod(timeout) * 1000) + 1500));
  Response expired = raw(sys, Method::GET, "/_api/user/" + user, {}, "bearer " + jwt);
  CHECK(expired.status_code == 401);
  CHECK(expired.error_code == errno_::FORBIDDEN);
}

TEST_CASE_METHOD(Fixture, "JWT secrets: reading, superuser reload and rotation", "[users][jwt]") {
  std::string secret = jwt_secret();
  REQUIRE_FALSE(secret.empty());  // arango-emulator-run --jwt-secret (ARANGO_JWT_SECRET)
  Json info = sys.jwt_secrets().get();
  CHECK(info["result"]["active"]["sha256"].as_string() == sha256_hex(secret));
  CHECK(info["result"]["passive"].is_array());

  // reloading is for the superuser only
  auto refused = expect_error<JWTSecretReloadError>([&] { (void)sys.reload_jwt_secrets().get(); });
  CHECK(refused.http_code() == 403);

  StandardDatabase super = superuser_db(client, secret);
  Json same = super.reload_jwt_secrets().get();
  CHECK(same["result"]["active"]["sha256"].as_string() == sha256_hex(secret));

  // rotate: rewrite the key file, reload; tokens signed with the old secret stop working
  std::string keyfile = testenv::env_or("ARANGO_JWT_SECRET_KEYFILE", "");
  REQUIRE_FALSE(keyfile.empty());  // arango-emulator-run --jwt-secret-keyfile
  std::string rotated = secret + "-rotated";
  {
    std::ofstream(keyfile) << rotated << "\n";
  }
  Json after = super.reload_jwt_secrets().get();
  CHECK(after["result"]["active"]["sha256"].as_string() == sha256_hex(rotated));
  auto old = expect_error<ServerVersionError>([&] { (void)super.version().get(); });
  CHECK(old.http_code() == 401);
  StandardDatabase super2 = superuser_db(client, rotated);
  CHECK(super2.version().get()["server"].as_string() == "arango");
  // put the original secret back for the other tests
  {
    std::ofstream(keyfile) << secret << "\n";
  }
  CHECK(super2.reload_jwt_secrets().get()["result"]["active"]["sha256"].as_string() ==
        sha256_hex(secret));
  CHECK(super.version().get()["server"].as_string() == "arango");
}

TEST_CASE_METHOD(Fixture, "TLS data and encryption", "[users][security]") {
  Json tls = sys.tls().get();
  CHECK(tls.is_object());
  if (testenv::url().rfind("http://", 0) == 0) CHECK(tls.empty());  // no TLS: nothing to report
  auto refused = expect_error<ServerTLSReloadError>([&] { (void)sys.reload_tls().get(); });
  CHECK(refused.http_code() == 403);
  CHECK(refused.error_code() == errno_::FORBIDDEN);

  StandardDatabase super = superuser_db(client, jwt_secret());
  CHECK(super.reload_tls().get() == tls);

  // no encryption at rest here
  CHECK(expect_error<ServerEncryptionError>([&] { (void)super.encryption().get(); }).http_code() == 404);
}
