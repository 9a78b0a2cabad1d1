// View calls through a mock transport: the requests they send (paths, bodies), how the answers
// are decoded into ViewInfo, and which error class each failure raises.
#include <arango/arango.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "../support/mock_http.hpp"

using namespace arango;

namespace {

using Fixture = testenv::MockDatabase;

const char* const kProps = R"({"globallyUniqueId":"h1/7","id":"7","name":"v w","type":"arangosearch",
  "cleanupIntervalStep":2,"links":{"c":{"analyzers":["identity"]}}})";
const char* const kNotFound =
    R"({"code":404,"error":true,"errorMessage":"collection or view not found","errorNum":1203})";

}  // namespace

TEST_CASE_METHOD(Fixture, "views: requests and decoding", "[views]") {
  mock->answer(200, R"({"error":false,"code":200,"result":[{"globallyUniqueId":"h1/7","id":"7",
    "name":"a","type":"arangosearch"},{"globallyUniqueId":"h1/8","id":"8","name":"b","type":"search-alias"}]})");
  std::vector<ViewInfo> list = db.views().get();
  CHECK(last().method == Method::GET);
  CHECK(last().url == url("/_api/view"));
  REQUIRE(list.size() == 2);
  CHECK(list[1].id == "8");
  CHECK(list[1].name == "b");
  CHECK(list[1].type == "search-alias");
  CHECK(list[1].globally_unique_id == "h1/8");

  mock->answer(200, std::string(R"({"error":false,"code":200,)") + (kProps + 1));
  ViewInfo v = db.view("v w").get();
  CHECK(last().url == url("/_api/view/v%20w/properties"));
  CHECK(v.name == "v w");
  CHECK(v.properties["links"]["c"]["analyzers"][0].as_string() == "identity");
  CHECK_FALSE(v.properties.contains("error"));
  CHECK_FALSE(v.properties.contains("code"));

  mock->answer(200, R"({"error":false,"code":200,"globallyUniqueId":"h1/7","id":"7","name":"v w","type":"arangosearch"})");
  ViewInfo info = db.view_info("v w").get();
  CHECK(last().url == url("/_api/view/v%20w"));
  CHECK(info.id == "7");

  mock->answer(201, kProps);
  ViewInfo created = db.create_view("v w", "arangosearch", Json::parse(R"({"links":{"c":{}},"name":"x"})")).get();
  CHECK(last().method == Method::POST);
  CHECK(last().url == url("/_api/view"));
  CHECK(last().body == R"({"name":"v w","type":"arangosearch","links":{"c":{}}})");
  CHECK(created.properties["cleanupIntervalStep"].as_int64() == 2);
  mock->answer(201, kProps);
  (void)db.create_view("v w", "search-alias").get();
  CHECK(last().body == R"({"name":"v w","type":"search-alias"})");

  mock->answer(200, kProps);
  (void)db.replace_view("v w", Json::parse(R"({"cleanupIntervalStep":3})")).get();
  CHECK(last().method == Method::PUT);
  CHECK(last().url == url("/_api/view/v%20w/properties"));
  CHECK(last().body == R"({"cleanupIntervalStep":3})");
  mock->answer(200, kProps);
  (void)db.update_view("v w", Json::parse(R"({"links":{"c":null}})")).get();
  CHECK(last().method == Method::PATCH);
  CHECK(last().body == R"({"links":{"c":null}})");

  mock->answer(200, kProps);
  db.rename_view("v w", "n").get();
  CHECK(last().method == Method::PUT);
  CHECK(last().url == url("/_api/view/v%20w/rename"));
  CHECK(last().body == R"({"name":"n"})");

  mock->answer(200, R"({"error":false,"code":200,"result":true})");
  CHECK(db.delete_view("v w").get());
  CHECK(last().method == Method::DELETE);
  CHECK(last().url == url("/_api/view/v%20w"));
  mock->answer(404, kNotFound);
  CHECK_FALSE(db.delete_view("v w", true).get());
}

TEST_CASE_METHOD(Fixture, "views: error classes", "[views]") {
  mock->answer(404, kNotFound);
  CHECK_THROWS_AS(db.views().get(), ViewListError);
  mock->answer(404, kNotFound);
  CHECK_THROWS_AS(db.view("v").get(), ViewGetError);
  mock->answer(404, kNotFound);
  CHECK_THROWS_AS(db.view_info("v").get(), ViewGetError);
  mock->answer(409, R"({"code":409,"error":true,"errorMessage":"duplicate name","errorNum":1207})");
  CHECK_THROWS_AS(db.create_view("v", "arangosearch").get(), ViewCreateError);
  mock->answer(404, kNotFound);
  CHECK_THROWS_AS(db.replace_view("v", Json::parse("{}")).get(), ViewReplaceError);
  mock->answer(404, kNotFound);
  CHECK_THROWS_AS(db.update_view("v", Json::parse("{}")).get(), ViewUpdateError);
  mock->answer(404, kNotFound);
  CHECK_THROWS_AS(db.rename_view("v", "w").get(), ViewRenameError);
  mock->answer(404, kNotFound);
  CHECK_THROWS_AS(db.delete_view("v").get(), ViewDeleteError);
  // a properties argument that is not an object is refused before anything is sent
  CHECK_THROWS_AS(db.create_view("v", "arangosearch", Json::parse("[1]")).get(), std::invalid_argument);
}
