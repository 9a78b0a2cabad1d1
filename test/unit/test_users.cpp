// Users, permissions, access tokens and the server-security calls through a mock transport:
// the requests they send (method, path, parameters, body) and how they decode answers and
// errors.
#include <arango/arango.hpp>

#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>
#include <vector>

#include "../support/mock_http.hpp"

using namespace arango;

namespace {

using Fixture = testenv::MockDatabase;

constexpr const char* kAlice = R"({"user":"alice","active":true,"extra":{"team":"blue"},"code":200,"error":false})";

}  // namespace

TEST_CASE_METHOD(Fixture, "user reads: has_user, user, users", "[users]") {
  mock->answer(200, kAlice);
  CHECK(db.has_user("alice").get());
  CHECK(last().method == Method::GET);
  CHECK(last().url == url("/_api/user/alice"));

  mock->answer(404, R"({"code":404,"error":true,"errorMessage":"user not found","errorNum":1703})");
  CHECK_FALSE(db.has_user("bob").get());

  mock->answer(403, R"({"code":403,"error":true,"errorMessage":"forbidden","errorNum":403})");
  CHECK_THROWS_AS(db.has_user("carol").get(), UserListError);

  // names are percent-encoded path segments
  mock->answer(200, kAlice);
  UserInfo u = db.user("a/b c").get();
  CHECK(last().url == url("/_api/user/a%2Fb%20c"));
  CHECK(u.user == "alice");
  CHECK(u.active);
  REQUIRE(u.extra);
  CHECK(*u.extra == Json::parse(R"({"team":"blue"})"));
  CHECK_FALSE(u.password);

  mock->answer(404, R"({"code":404,"error":true,"errorMessage":"user not found","errorNum":1703})");
  try {
    db.user("nobody").get();
    FAIL("user() of an unknown user must fail");
  } catch (const UserGetError& e) {
    CHECK(e.error_code() == 1703);
    CHECK(e.http_code() == 404);
  }

  mock->answer(200, R"({"error":false,"code":200,"result":[{"user":"tester","active":false,"extra":{}},)"
                    R"({"user":"root","active":true,"extra":{}}]})");
  std::vector<UserInfo> all = db.users().get();
  CHECK(last().url == url("/_api/user"));
  REQUIRE(all.size() == 2);
  CHECK(all[0].user == "tester");
  CHECK_FALSE(all[0].active);
  CHECK(all[1].user == "root");
  CHECK(all[1].active);
}

TEST_CASE_METHOD(Fixture, "user writes send user, passwd (when set), active and extra", "[users]") {
  mock->answer(201, R"({"user":"dave","active":false,"extra":{"k":1},"code":201,"error":false})");
  UserInfo created = db.create_user(UserInfo{"dave", std::string("pw"), false, Json::object({{"k", 1}})}).get();
  CHECK(last().method == Method::POST);
  CHECK(last().url == url("/_api/user"));
  CHECK(Json::parse(last().body) == Json::parse(R"({"user":"dave","passwd":"pw","active":false,"extra":{"k":1}})"));
  CHECK(created.user == "dave");
  CHECK_FALSE(created.active);

  mock->answer(200, R"({"user":"dave","active":true,"extra":{},"code":200,"error":false})");
  db.replace_user(UserInfo{"dave", std::string("new"), true, std::nullopt}).get();
  CHECK(last().method == Method::PUT);
  CHECK(last().url == url("/_api/user/dave"));
  CHECK(Json::parse(last().body) == Json::parse(R"({"user":"dave","passwd":"new","active":true})"));

  mock->answer(200, R"({"user":"dave","active":true,"extra":{"a":1,"b":2},"code":200,"error":false})");
  UserInfo updated = db.update_user(UserInfo{"dave", std::nullopt, true, Json::object({{"b", 2}})}).get();
  CHECK(last().method == Method::PATCH);
  CHECK(last().url == url("/_api/user/dave"));
  CHECK(Json::parse(last().body) == Json::parse(R"({"user":"dave","active":true,"extra":{"b":2}})"));
  CHECK(*updated.extra == Json::parse(R"({"a":1,"b":2})"));

  // an empty username is refused before anything is sent
  std::size_t sent = mock->requests.size();
  CHECK_THROWS_AS(db.create_user(UserInfo{}), std::invalid_argument);
  CHECK_THROWS_AS(db.replace_user(UserInfo{}), std::invalid_argument);
  CHECK_THROWS_AS(db.update_user(UserInfo{}), std::invalid_argument);
  CHECK(mock->requests.size() == sent);

  mock->answer(409, R"({"code":409,"error":true,"errorMessage":"duplicate user","errorNum":1702})");
  try {
    db.create_user(UserInfo{"dave"}).get();
    FAIL("a duplicate user must fail");
  } catch (const UserCreateError& e) {
    CHECK(e.error_code() == 1702);
  }
  mock->answer(404, R"({"code":404,"error":true,"errorMessage":"user not found","errorNum":1703})");
  CHECK_THROWS_AS(db.replace_user(UserInfo{"ghost"}).get(), UserReplaceError);
  mock->answer(404, R"({"code":404,"error":true,"errorMessage":"user not found","errorNum":1703})");
  CHECK_THROWS_AS(db.update_user(UserInfo{"ghost"}).get(), UserUpdateError);
}

TEST_CASE_METHOD(Fixture, "delete_user: true, false with ignore_missing, UserDeleteError", "[users]") {
  mock->answer(202, R"({"error":false,"code":202})");
  CHECK(db.delete_user("dave").get());
  CHECK(last().method == Method::DELETE);
  CHECK(last().url == url("/_api/user/dave"));

  mock->answer(404, R"({"code":404,"error":true,"errorMessage":"user not found","errorNum":1703})");
  CHECK_FALSE(db.delete_user("dave", {.ignore_missing = true}).get());

  mock->answer(404, R"({"code":404,"error":true,"errorMessage":"user not found","errorNum":1703})");
  CHECK_THROWS_AS(db.delete_user("dave").get(), UserDeleteError);

  // ignore_missing covers 404 only
  mock->answer(403, R"({"code":403,"error":true,"errorMessage":"forbidden","errorNum":11})");
  CHECK_THROWS_AS(db.delete_user("root", {.ignore_missing = true}).get(), UserDeleteError);
}

TEST_CASE_METHOD(Fixture, "permissions, permission, update_permission, reset_permission", "[users]") {
  mock->answer(200, R"({"error":false,"code":200,"result":{"_system":{"permission":"rw","collections":{"*":"undefined"}},)"
                    R"("*":{"permission":"none"}}})");
  Json all = db.permissions("alice").get();
  CHECK(last().url == url("/_api/user/alice/database?full=true"));
  CHECK(all["_system"]["permission"].as_string() == "rw");
  CHECK(all["*"]["permission"].as_string() == "none");

  mock->answer(200, R"({"error":false,"code":200,"result":{"_system":"rw"}})");
  CHECK(db.permissions("alice", false).get() == Json::parse(R"({"_system":"rw"})"));
  CHECK(last().url == url("/_api/user/alice/database?full=false"));

  mock->answer(200, R"({"error":false,"code":200,"result":"ro"})");
  CHECK(db.permission("alice", "shop").get() == "ro");
  CHECK(last().url == url("/_api/user/alice/database/shop"));
  mock->answer(200, R"({"error":false,"code":200,"result":"none"})");
  CHECK(db.permission("alice", "shop", "orders").get() == "none");
  CHECK(last().url == url("/_api/user/alice/database/shop/orders"));
  mock->answer(403, R"({"code":403,"error":true,"errorMessage":"forbidden","errorNum":403})");
  CHECK_THROWS_AS(db.permission("bob", "shop").get(), PermissionGetError);
  mock->answer(404, R"({"code":404,"error":true,"errorMessage":"user not found","errorNum":1703})");
  CHECK_THROWS_AS(db.permissions("ghost").get(), PermissionListError);

  mock->answer(200, R"({"shop":"rw","code":200,"error":false})");
  CHECK(db.update_permission("alice", "rw", "shop").get());
  CHECK(last().method == Method::PUT);
  CHECK(last().url == url("/_api/user/alice/database/shop"));
  CHECK(Json::parse(last().body) == Json::parse(R"({"grant":"rw"})"));

  mock->answer(200, R"({"shop/orders":"ro","code":200,"error":false})");
  CHECK(db.update_permission("alice", "ro", "shop", {.collection = "orders"}).get());
  CHECK(last().url == url("/_api/user/alice/database/shop/orders"));

  mock->answer(403, R"({"code":403,"error":true,"errorMessage":"forbidden","errorNum":11})");
  CHECK_THROWS_AS(db.update_permission("alice", "rw", "shop").get(), PermissionUpdateError);
  mock->answer(403, R"({"code":403,"error":true,"errorMessage":"forbidden","errorNum":11})");
  CHECK_FALSE(db.update_permission("alice", "rw", "shop", {.ignore_failure = true}).get());

  mock->answer(202, R"({"error":false,"code":202})");
  CHECK(db.reset_permission("alice", "shop", {.collection = "orders"}).get());
  CHECK(last().method == Method::DELETE);
  CHECK(last().url == url("/_api/user/alice/database/shop/orders"));
  CHECK(last().body.empty());
  mock->answer(404, R"({"code":404,"error":true,"errorMessage":"user not found","errorNum":1703})");
  CHECK_THROWS_AS(db.reset_permission("ghost", "shop").get(), PermissionResetError);
  mock->answer(404, R"({"code":404,"error":true,"errorMessage":"user not found","errorNum":1703})");
  CHECK_FALSE(db.reset_permission("ghost", "shop", {.ignore_failure = true}).get());
}

TEST_CASE_METHOD(Fixture, "access tokens: create, list, delete", "[users][tokens]") {
  mock->answer(200, R"({"id":1,"name":"Token for Service A","valid_until":1814400000,"created_at":1785857267,)"
                    R"("fingerprint":"v1...56227d","active":true,"token":"v1.7b22","extra":"kept in raw"})");
  AccessToken t = db.create_access_token("root", "Token for Service A", 1814400000).get();
  CHECK(last().method == Method::POST);
  CHECK(last().url == url("/_api/token/root"));
  CHECK(Json::parse(last().body) == Json::parse(R"({"name":"Token for Service A","valid_until":1814400000})"));
  CHECK(t.id == 1);
  CHECK(t.name == "Token for Service A");
  CHECK(t.valid_until == 1814400000);
  CHECK(t.created_at == 1785857267);
  CHECK(t.fingerprint == "v1...56227d");
  CHECK(t.active);
  REQUIRE(t.token);
  CHECK(*t.token == "v1.7b22");
  CHECK(t.raw["extra"].as_string() == "kept in raw");

  mock->answer(409, R"({"code":409,"error":true,"errorMessage":"duplicate name","errorNum":1207})");
  try {
    db.create_access_token("root", "Token for Service A", 1814400000).get();
    FAIL("a duplicate token name must fail");
  } catch (const AccessTokenCreateError& e) {
    CHECK(e.http_code() == 409);
  }

  mock->answer(200, R"({"tokens":[{"id":1,"name":"a","valid_until":10,"created_at":5,"fingerprint":"v1...aaaaaa",)"
                    R"("active":false},{"id":2,"name":"b","valid_until":20,"created_at":6,"fingerprint":"v1...bbbbbb",)"
                    R"("active":true}]})");
  std::vector<AccessToken> tokens = db.list_access_tokens("us er").get();
  CHECK(last().method == Method::GET);
  CHECK(last().url == url("/_api/token/us%20er"));
  REQUIRE(tokens.size() == 2);
  CHECK(tokens[0].id == 1);
  CHECK_FALSE(tokens[0].active);
  CHECK_FALSE(tokens[0].token);
  CHECK(tokens[1].name == "b");
  CHECK(tokens[1].active);

  mock->answer(403, R"({"code":403,"error":true,"errorMessage":"forbidden","errorNum":403})");
  CHECK_THROWS_AS(db.list_access_tokens("root").get(), AccessTokenListError);

  mock->answer(200, "");
  db.delete_access_token("root", 7).get();
  CHECK(last().method == Method::DELETE);
  CHECK(last().url == url("/_api/token/root/7"));
  mock->answer(404, R"({"code":404,"error":true,"errorMessage":"user not found","errorNum":1703})");
  CHECK_THROWS_AS(db.delete_access_token("ghost", 7).get(), AccessTokenDeleteError);
}

TEST_CASE_METHOD(Fixture, "server security: jwt secrets, tls, encryption", "[users][security]") {
  constexpr const char* kJwt =
      R"({"error":false,"code":200,"result":{"active":{"sha256":"c6c1"},"passive":[{"sha256":"6d2f"}]}})";
  mock->answer(200, kJwt);
  Json secrets = db.jwt_secrets().get();
  CHECK(last().method == Method::GET);
  CHECK(last().url == url("/_admin/server/jwt"));
  // the seed's format_body: the envelope goes, "result" stays
  CHECK(secrets == Json::parse(R"({"result":{"active":{"sha256":"c6c1"},"passive":[{"sha256":"6d2f"}]}})"));

  mock->answer(200, kJwt);
  Json reloaded = db.reload_jwt_secrets().get();
  CHECK(last().method == Method::POST);
  CHECK(last().url == "http://h:1/_admin/server/jwt");  // without the database prefix, as the seed
  CHECK(reloaded["result"]["active"]["sha256"].as_string() == "c6c1");
  mock->answer(404, R"({"code":404,"error":true,"errorMessage":"not found","errorNum":404})");
  CHECK_THROWS_AS(db.jwt_secrets().get(), JWTSecretListError);
  mock->answer(403, R"({"code":403,"error":true,"errorMessage":"forbidden","errorNum":11})");
  CHECK_THROWS_AS(db.reload_jwt_secrets().get(), JWTSecretReloadError);

  mock->answer(200, R"({"error":false,"code":200,"result":{"keyfile":{"sha256":"ab","certificates":["c"]},"clientCA":{}}})");
  Json tls = db.tls().get();
  CHECK(last().method == Method::GET);
  CHECK(last().url == url("/_admin/server/tls"));
  CHECK(tls["keyfile"]["sha256"].as_string() == "ab");
  CHECK(tls["clientCA"].is_object());
  mock->answer(200, R"({"error":false,"code":200,"result":{}})");
  CHECK(db.reload_tls().get() == Json::parse("{}"));
  CHECK(last().method == Method::POST);
  CHECK(last().url == url("/_admin/server/tls"));
  mock->answer(403, R"({"code":403,"error":true,"errorMessage":"only superusers may reload TLS data","errorNum":11})");
  CHECK_THROWS_AS(db.reload_tls().get(), ServerTLSReloadError);
  mock->answer(500, R"({"code":500,"error":true,"errorMessage":"internal error","errorNum":4})");
  CHECK_THROWS_AS(db.tls().get(), ServerTLSError);

  mock->answer(200, R"({"error":false,"code":200,"result":{"encryption-keys":[{"sha256":"ee"}]}})");
  CHECK(db.encryption().get()["encryption-keys"][0]["sha256"].as_string() == "ee");
  CHECK(last().method == Method::POST);
  CHECK(last().url == url("/_admin/server/encryption"));
  mock->answer(404, R"({"code":404,"error":true,"errorMessage":"not found","errorNum":404})");
  try {
    db.encryption().get();
    FAIL("encryption() on a server without encryption at rest must fail");
  } catch (const ServerEncryptionError& e) {
    CHECK(e.http_code() == 404);
  }
}

TEST_CASE_METHOD(Fixture, "user calls in the async context deliver jobs", "[users][async]") {
  AsyncDatabase adb = db.begin_async_execution();
  mock->answer(202, "", Headers{{"x-arango-async-id", "55"}});
  auto job = adb.has_user("alice").get();
  REQUIRE(job);
  CHECK(job->id() == "55");
  CHECK(std::string(last().headers.find("x-arango-async").value_or("")) == "store");
  CHECK(last().url == url("/_api/user/alice"));
}
