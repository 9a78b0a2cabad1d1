// ArangoSearch analyzer calls through a mock transport: the requests they send (method, path,
// parameters, body) and how they decode answers and errors.
#include <arango/arango.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "../support/mock_http.hpp"

using namespace arango;

namespace {

using Fixture = testenv::MockDatabase;

constexpr const char* kDelim =
    R"({"name":"_system::csv","type":"delimiter","properties":{"delimiter":","},"features":["frequency"]})";

}  // namespace

TEST_CASE_METHOD(Fixture, "analyzer reads: analyzers, analyzer", "[analyzers]") {
  mock->answer(200, std::string(R"({"error":false,"code":200,"result":[)") + kDelim +
                        R"(,{"name":"identity","type":"identity","properties":{},"features":["frequency","norm"]}]})");
  std::vector<AnalyzerInfo> all = db.analyzers().get();
  CHECK(last().method == Method::GET);
  CHECK(last().url == url("/_api/analyzer"));
  REQUIRE(all.size() == 2);
  CHECK(all[0].name == "_system::csv");
  CHECK(all[0].type == "delimiter");
  CHECK(all[0].properties == Json::parse(R"({"delimiter":","})"));
  CHECK(all[0].features == std::vector<std::string>{"frequency"});
  CHECK(all[1].features == std::vector<std::string>{"frequency", "norm"});

  // GET one: the envelope's error/code are not part of the info; "::" is percent-encoded
  mock->answer(200, R"({"error":false,"code":200,"features":[],"properties":{"locale":"en"},"type":"stem",)"
                    R"("name":"_system::st"})");
  AnalyzerInfo one = db.analyzer("::st").get();
  CHECK(last().url == url("/_api/analyzer/%3A%3Ast"));
  CHECK(one.name == "_system::st");
  CHECK(one.type == "stem");
  CHECK(one.features.empty());

  mock->answer(404, R"({"code":404,"error":true,"errorMessage":"unable to find analyzer: _system::x","errorNum":1202})");
  try {
    (void)db.analyzer("x").get();
    FAIL("analyzer() of an unknown analyzer must fail");
  } catch (const AnalyzerGetError& e) {
    CHECK(e.error_code() == 1202);
    CHECK(e.http_code() == 404);
  }
  mock->answer(403, R"({"code":403,"error":true,"errorMessage":"forbidden","errorNum":11})");
  CHECK_THROWS_AS(db.analyzers().get(), AnalyzerListError);
}

TEST_CASE_METHOD(Fixture, "create_analyzer sends only what is given", "[analyzers]") {
  mock->answer(201, kDelim);
  AnalyzerInfo a = db.create_analyzer("csv", "delimiter", Json::parse(R"({"delimiter":","})"),
                                      std::vector<std::string>{"frequency"})
                       .get();
  CHECK(last().method == Method::POST);
  CHECK(last().url == url("/_api/analyzer"));
  CHECK(Json::parse(last().body) ==
        Json::parse(R"({"name":"csv","type":"delimiter","properties":{"delimiter":","},"features":["frequency"]})"));
  CHECK(a.name == "_system::csv");

  mock->answer(201, R"({"name":"_system::id","type":"identity","properties":{},"features":[]})");
  (void)db.create_analyzer("id", "identity").get();
  CHECK(Json::parse(last().body) == Json::parse(R"({"name":"id","type":"identity"})"));

  mock->answer(400, R"({"code":400,"error":true,"errorMessage":"Name collision detected","errorNum":10})");
  CHECK_THROWS_AS(db.create_analyzer("id", "text").get(), AnalyzerCreateError);
}

TEST_CASE_METHOD(Fixture, "delete_analyzer: force and ignore_missing", "[analyzers]") {
  mock->answer(200, R"({"error":false,"code":200,"name":"_system::csv"})");
  CHECK(db.delete_analyzer("csv").get());
  CHECK(last().method == Method::DELETE);
  CHECK(last().url == url("/_api/analyzer/csv"));

  mock->answer(200, R"({"error":false,"code":200,"name":"_system::csv"})");
  CHECK(db.delete_analyzer("csv", {.force = true}).get());
  CHECK(last().url == url("/_api/analyzer/csv?force=true"));

  mock->answer(404, R"({"code":404,"error":true,"errorMessage":"failure to find analyzer","errorNum":1202})");
  CHECK_FALSE(db.delete_analyzer("csv", {.ignore_missing = true}).get());
  mock->answer(404, R"({"code":404,"error":true,"errorMessage":"failure to find analyzer","errorNum":1202})");
  CHECK_THROWS_AS(db.delete_analyzer("csv").get(), AnalyzerDeleteError);
  mock->answer(409, R"({"code":409,"error":true,"errorMessage":"analyzer in-use","errorNum":1200})");
  try {
    (void)db.delete_analyzer("csv", {.ignore_missing = true}).get();
    FAIL("an analyzer in use is not 'missing'");
  } catch (const AnalyzerDeleteError& e) {
    CHECK(e.error_code() == 1200);
  }
}
