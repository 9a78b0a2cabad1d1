// Server administration and tasks through a mock transport: the requests they send and how
// they decode answers; and the ArangoDB 4.x version gate (one GET /_api/version per
// connection, calls 4.0 removed fail before sending).
#include <arango/arango.hpp>

#include <catch2/catch.hpp>

#include <string>

#include "../support/collections.hpp"
#include "../support/mock_http.hpp"

using namespace arango;

namespace {

using Fixture = testenv::MockDatabase;

constexpr const char* kTask =
    R"({"id":"t1","name":"nightly","created":1785857308.75,"type":"periodic","period":2,"offset":0,)"
    R"("command":"(function (params) { x } )(params);","database":"shop"})";

std::string header(const HttpRequest& r, std::string_view name) {
  auto v = r.headers.find(name);
  return v ? std::string(*v) : std::string();
}

}  // namespace

TEST_CASE_METHOD(Fixture, "tasks: list, get, create with and without an id, delete", "[admin][tasks]") {
  mock->answer(200, R"({"version":"3.12.4"})");  // the version gate asks once
  mock->answer(200, std::string("[") + kTask + "]");
  std::vector<TaskInfo> all = db.tasks().get();
  REQUIRE(mock->requests.size() == 2);
  CHECK(mock->requests[0].url == url("/_api/version"));
  CHECK(last().url == url("/_api/tasks"));
  REQUIRE(all.size() == 1);
  CHECK(all[0].id == "t1");
  CHECK(all[0].type == "periodic");
  CHECK(all[0].period == 2.0);
  CHECK(all[0].created == Approx(1785857308.75));
  CHECK(all[0].raw["database"].as_string() == "shop");

  mock->answer(200, kTask);
  CHECK(db.task("t/1").get().name == "nightly");
  CHECK(last().url == url("/_api/tasks/t%2F1"));

  mock->answer(200, kTask);
  (void)db.create_task("x", {.name = "nightly", .params = Json::parse(R"({"a":1})"), .period = 2}).get();
  CHECK(last().method == Method::POST);
  CHECK(last().url == url("/_api/tasks"));
  CHECK(Json::parse(last().body) == Json::parse(R"({"command":"x","name":"nightly","params":{"a":1},"period":2})"));

  mock->answer(200, kTask);
  (void)db.create_task("x", {.task_id = "t1", .offset = 1.5}).get();
  CHECK(last().method == Method::PUT);
  CHECK(last().url == url("/_api/tasks/t1"));
  CHECK(Json::parse(last().body) == Json::parse(R"({"command":"x","offset":1.5})"));

  mock->answer(200, R"({"error":false,"code":200})");
  CHECK(db.delete_task("t1").get());
  CHECK(last().method == Method::DELETE);
  mock->answer(404, R"({"code":404,"error":true,"errorMessage":"task not found","errorNum":1852})");
  CHECK_FALSE(db.delete_task("t1", true).get());
  mock->answer(404, R"({"code":404,"error":true,"errorMessage":"task not found","errorNum":1852})");
  auto e = testenv::expect_error<TaskDeleteError>([&] { (void)db.delete_task("t1").get(); });
  CHECK(e.error_code() == 1852);
  // the version was asked once only
  std::size_t version_requests = 0;
  for (const auto& r : mock->requests) version_requests += r.url == url("/_api/version");
  CHECK(version_requests == 1);
}

TEST_CASE_METHOD(Fixture, "server mode, availability, license, shutdown, compact", "[admin]") {
  mock->answer(200, R"({"error":false,"code":200,"mode":"readonly"})");
  CHECK(db.mode().get() == "readonly");
  CHECK(last().url == url("/_admin/server/mode"));

  mock->answer(200, R"({"error":false,"code":200,"mode":"default"})");
  CHECK(db.set_mode("default").get() == "default");
  CHECK(last().method == Method::PUT);
  CHECK(Json::parse(last().body) == Json::parse(R"({"mode":"default"})"));

  mock->answer(200, R"({"error":false,"code":200,"mode":"default"})");
  CHECK(db.check_availability().get() == "default");
  CHECK(last().url == url("/_admin/server/availability"));

  mock->answer(501, R"({"code":501,"error":true,"errorMessage":"not implemented","errorNum":9})");
  CHECK_THROWS_AS(db.set_license("\"key\"").get(), ServerLicenseSetError);
  CHECK(last().url == url("/_admin/license?force=false"));
  CHECK(last().body == "\"key\"");

  mock->answer(200, R"("OK")");
  db.shutdown(true).get();
  CHECK(last().method == Method::DELETE);
  CHECK(last().url == url("/_admin/shutdown?soft=true"));

  mock->answer(200, R"({"softShutdownOngoing":true,"AQLcursors":2,"transactions":1,"pendingJobs":0,)"
                    R"("doneJobs":3,"pregelConductors":0,"lowPrioOngoingRequests":0,"lowPrioQueuedRequests":0,)"
                    R"("allClear":false})");
  ShutdownProgress p = db.shutdown_progress().get();
  CHECK(p.soft_shutdown_ongoing);
  CHECK(p.aql_cursors == 2);
  CHECK(p.done_jobs == 3);
  CHECK_FALSE(p.all_clear);

  mock->answer(200, "{}");
  (void)db.compact({.change_level = true}).get();
  CHECK(last().method == Method::PUT);
  CHECK(Json::parse(last().body) == Json::parse(R"({"changeLevel":true})"));
}

TEST_CASE_METHOD(Fixture, "metrics, logs and API calls", "[admin][logs]") {
  mock->answer(200, "# TYPE x counter\nx 1\n");
  CHECK(db.metrics().get() == "# TYPE x counter\nx 1\n");
  CHECK(last().url == url("/_admin/metrics"));

  mock->answer(200, R"({"total":3,"messages":[{"id":7,"topic":"general","level":"INFO","date":"d","message":"m"}]})");
  LogEntries log = db.read_log_entries({.upto = "info", .size = 1, .search = "m"}).get();
  CHECK(log.total == 3);
  REQUIRE(log.messages.size() == 1);
  CHECK(log.messages[0].id == 7);
  CHECK(log.messages[0].level == "INFO");
  // the server's log: no /_db prefix
  CHECK(last().url == "http://h:1/_admin/log/entries?upto=info&size=1&search=m");

  mock->answer(200, R"({"general":"DEBUG"})");
  Json levels = db.set_log_levels(Json::parse(R"({"general":"debug"})"), {.with_appenders = false}).get();
  CHECK(levels["general"].as_string() == "DEBUG");
  CHECK(last().url == "http://h:1/_admin/log/level?withAppenders=false");

  mock->answer(200, R"({"database":true,"url":false})");
  auto settings = db.set_log_settings({{"database", true}, {"url", false}}).get();
  CHECK(settings.at("database"));
  CHECK_FALSE(settings.at("url"));
  CHECK(Json::parse(last().body) == Json::parse(R"({"database":true,"url":false})"));

  mock->answer(200, R"({"error":false,"code":200,"result":{"calls":[{"timeStamp":"t","requestType":"GET",)"
                    R"("path":"/_api/version","database":"myDB"}]}})");
  auto calls = db.api_calls().get();
  REQUIRE(calls.size() == 1);
  CHECK(calls[0].path == "/_api/version");
  CHECK(calls[0].database == "myDB");
  CHECK(calls[0].request_type == "GET");
}

TEST_CASE_METHOD(Fixture, "version gate: calls ArangoDB 4.0 removed fail before sending", "[admin][version]") {
  mock->answer(200, R"({"server":"arango","version":"4.0.0","license":"community"})");
  auto e = testenv::expect_error<UnsupportedServerAPIError>([&] { (void)db.tasks().get(); });
  CHECK(std::string(e.what()).find("not supported by ArangoDB 4.x") != std::string::npos);
  REQUIRE(mock->requests.size() == 1);  // the version only
  CHECK(mock->requests[0].url == url("/_api/version"));

  // the version is cached: later gated calls send nothing at all
  CHECK_THROWS_AS(db.echo().get(), UnsupportedServerAPIError);
  CHECK_THROWS_AS(db.execute_transaction("function () {}").get(), UnsupportedServerAPIError);
  CHECK_THROWS_AS(db.aql().functions().get(), UnsupportedServerAPIError);
  CHECK_THROWS_AS(db.begin_async_execution().tasks().get(), UnsupportedServerAPIError);
  CHECK(mock->requests.size() == 1);

  // calls 4.0 keeps go out as usual
  mock->answer(200, R"({"error":false,"code":200,"mode":"default"})");
  CHECK(db.mode().get() == "default");
  CHECK(mock->requests.size() == 2);
}

TEST_CASE_METHOD(Fixture, "version gate: an unknown version lets the server answer", "[admin][version]") {
  mock->answer(500, R"({"error":true,"code":500,"errorNum":4,"errorMessage":"internal"})");
  mock->answer(200, "[]");
  CHECK(db.tasks().get().empty());
  CHECK(last().url == url("/_api/tasks"));
  // not cached: the next gated call asks again
  mock->answer(200, R"({"version":"3.12.4"})");
  mock->answer(200, R"({"error":false,"code":200})");
  CHECK(db.delete_task("a").get());
  REQUIRE(mock->requests.size() == 4);
  CHECK(mock->requests[2].url == url("/_api/version"));
  CHECK(header(mock->requests[3], "x-arango-driver").rfind("arango-async/", 0) == 0);
}
