// Server administration and tasks against the server named by ARANGO_URL (the emulator by
// default, started by arango-emulator-run with --jwt-secret admin-jwt-secret): tasks, server
// mode with read-only enforced, license, options, support info, echo, compact, routing
// reload, execute, metrics, logs, API calls, shutdown (on an emulator of its own), plus
// Cursor::batch and the async job errors.
#include <arango/arango.hpp>
#include <arango/testing/emulator.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>

#include "../support/collections.hpp"
#include "../support/test_env.hpp"

using namespace arango;
using namespace std::chrono_literals;

namespace {

using testenv::expect_error;

constexpr const char* kJwtSecret = "admin-jwt-secret";  // test/integration/meson.build

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool contains(std::string_view s, std::string_view part) { return s.find(part) != std::string_view::npos; }

/// The value of an unlabelled-but-role metric line `name{role="SINGLE"} <value>`; -1 if absent.
double metric(const std::string& text, const std::string& name) {
  std::string const key = "\n" + name + "{";
  auto at = text.find(key);
  if (at == std::string::npos) return -1;
  auto space = text.find("} ", at);
  return std::stod(text.substr(space + 2, text.find('\n', space) - space - 2));
}

struct Fixture : testenv::DatabaseFixture {
  /// _system as the superuser (a JWT signed with the server's secret).
  StandardDatabase superuser() {
    return client.db("_system", DbOptions{.auth_method = "superuser", .token = JwtToken::generate_token(kJwtSecret)})
        .get();
  }
};

/// Puts the server back into default mode, whatever the test did.
struct DefaultModeAgain {
  const StandardDatabase& sys;
  ~DefaultModeAgain() {
    try {
      (void)sys.set_mode("default").get();
    } catch (...) {
    }
  }
};

}  // namespace

TEST_CASE_METHOD(Fixture, "tasks: create, read, list, delete", "[admin][tasks]") {
  std::string const id = testenv::unique_name("task");
  TaskInfo t = db.create_task("(function (params) { return params.x; })(params)",
                              {.task_id = id, .name = "every minute", .params = Json::parse(R"({"x":1})"),
                               .period = 60})
                   .get();
  CHECK(t.id == id);
  CHECK(t.name == "every minute");
  CHECK(t.type == "periodic");
  CHECK(t.period == 60.0);
  CHECK(t.database == db_name);
  CHECK(contains(t.command, "return params.x"));

  CHECK(db.task(id).get().name == "every minute");
  bool listed = false;
  for (const TaskInfo& x : db.tasks().get()) listed = listed || x.id == id;
  CHECK(listed);

  auto dup = expect_error<TaskCreateError>([&] { (void)db.create_task("1", {.task_id = id, .period = 60}).get(); });
  CHECK(dup.http_code() == 409);

  CHECK(db.delete_task(id).get());
  auto gone = expect_error<TaskGetError>([&] { (void)db.task(id).get(); });
  CHECK(gone.error_code() == 1852);
  auto missing = expect_error<TaskDeleteError>([&] { (void)db.delete_task(id).get(); });
  CHECK(missing.error_code() == 1852);
  CHECK_FALSE(db.delete_task(id, /*ignore_missing=*/true).get());

  // a server-generated id (POST)
  TaskInfo once = db.create_task("1", {.offset = 600}).get();
  CHECK_FALSE(once.id.empty());
  CHECK(once.type == "timed");
  CHECK(db.delete_task(once.id).get());
}

TEST_CASE_METHOD(Fixture, "read-only mode refuses writes and allows reads until set back", "[admin][mode]") {
  auto students = make_collection("students");
  (void)students.insert(Json::parse(R"({"_key":"a","n":1})")).get();
  CHECK(sys.mode().get() == "default");
  CHECK(sys.check_availability().get() == "default");

  DefaultModeAgain restore{sys};
  CHECK(sys.set_mode("readonly").get() == "readonly");
  CHECK(sys.mode().get() == "readonly");
  CHECK(sys.check_availability().get() == "readonly");

  auto insert = expect_error<DocumentInsertError>([&] { (void)students.insert(Json::parse(R"({"n":2})")).get(); });
  CHECK(insert.http_code() == 403);
  CHECK(insert.error_code() == 1004);
  auto remove = expect_error<DocumentDeleteError>([&] { (void)students.delete_("a").get(); });
  CHECK(remove.error_code() == 1004);
  auto aql = expect_error<AQLQueryExecuteError>(
      [&] { (void)db.aql().execute("INSERT {n: 3} INTO " + students.name()).get(); });
  CHECK(aql.error_code() == 1004);
  auto create = expect_error<CollectionCreateError>([&] { (void)db.create_collection(testenv::unique_name("ro")).get(); });
  CHECK(create.http_code() == 403);
  CHECK(create.error_code() == 11);

  // reads still work
  CHECK(students.count().get() == 1);
  CHECK(students.get("a").get().has_value());
  auto cursor = db.aql().execute("FOR s IN " + students.name() + " RETURN s.n").get();
  CHECK(cursor.next().get()->as_int64() == 1);

  CHECK(sys.set_mode("default").get() == "default");
  (void)students.insert(Json::parse(R"({"n":2})")).get();
  CHECK(students.count().get() == 2);

  auto bad = expect_error<ServerModeSetError>([&] { (void)sys.set_mode("sleepy").get(); });
  CHECK(bad.http_code() == 400);
}

TEST_CASE_METHOD(Fixture, "license, options, support info", "[admin]") {
  Json license = sys.license().get();
  CHECK(license["diskUsage"]["status"].as_string() == "good");
  CHECK(license["diskUsage"]["bytesLimit"].as_int64() > 0);
  auto set = expect_error<ServerLicenseSetError>([&] { sys.set_license("\"not-a-license\"").get(); });
  CHECK(set.http_code() == 501);

  // --server.options-api jwt: a user (even root) is refused, the superuser reads them
  auto refused = expect_error<ServerCurrentOptionsGetError>([&] { (void)sys.options().get(); });
  CHECK(refused.http_code() == 403);
  expect_error<ServerAvailableOptionsGetError>([&] { (void)sys.options_available().get(); });
  if (testenv::is_emulator(sys)) {
    StandardDatabase su = superuser();
    Json options = su.options().get();
    CHECK(options["server.authentication"].as_bool());
    CHECK(options["server.endpoint"].is_array());
    Json described = su.options_available().get();
    CHECK(described["server.authentication"]["type"].as_string() == "boolean");
    CHECK_FALSE(described["log.level"]["description"].as_string().empty());
  }

  Json info = sys.support_info().get();
  CHECK(info["deployment"]["type"].as_string() == "single");
  CHECK(info["host"]["role"].as_string() == "SINGLE");
  CHECK(info["host"]["readOnly"].as_bool() == false);
  auto elsewhere = expect_error<DatabaseSupportInfoError>([&] { (void)db.support_info().get(); });
  CHECK(elsewhere.http_code() == 403);
}

TEST_CASE_METHOD(Fixture, "echo, compact, reload_routing, execute", "[admin]") {
  Json echoed = db.echo(Json::parse(R"({"hello":"world"})")).get();
  CHECK(echoed["requestType"].as_string() == "POST");
  CHECK(echoed["database"].as_string() == db_name);
  CHECK(echoed["user"].as_string() == testenv::user());
  CHECK(Json::parse(std::string(echoed["requestBody"].as_string())) == Json::parse(R"({"hello":"world"})"));
  CHECK(db.echo().get()["requestBody"].as_string() == "{}");

  CHECK(sys.compact({.change_level = false}).get().is_object());

  sys.reload_routing().get();
  LogEntries reload = sys.read_log_entries({.search = "reloading routing"}).get();
  CHECK(reload.total >= 1);

  // JavaScript is off (as --javascript.allow-admin-execute false): the route is unknown
  auto js = expect_error<ServerExecuteError>([&] { (void)sys.execute("return 1 + 1;").get(); });
  CHECK(js.http_code() == 404);
}

TEST_CASE_METHOD(Fixture, "metrics count requests, queries and transactions", "[admin][metrics]") {
  std::string before = sys.metrics().get();
  CHECK(contains(before, "# TYPE arangodb_http_request_statistics_total_requests_total counter"));
  CHECK(contains(before, "arangodb_client_connection_statistics_client_connections{role=\"SINGLE\"}"));
  double const requests = metric(before, "arangodb_http_request_statistics_total_requests_total");
  double const queries = metric(before, "arangodb_aql_all_query_total");
  double const started = metric(before, "arangodb_transactions_started_total");
  double const gets = metric(before, "arangodb_http_request_statistics_http_get_requests_total");
  REQUIRE(requests > 0);

  auto students = make_collection("students");
  (void)students.insert(Json::parse(R"({"n":1})")).get();
  (void)db.aql().execute("RETURN 1").get();
  auto trx = db.begin_transaction({.write = std::vector<std::string>{students.name()}}).get();
  trx.commit_transaction().get();

  std::string after = sys.metrics().get();
  CHECK(metric(after, "arangodb_http_request_statistics_total_requests_total") >= requests + 5);
  CHECK(metric(after, "arangodb_http_request_statistics_http_get_requests_total") >= gets + 1);
  CHECK(metric(after, "arangodb_aql_all_query_total") >= queries + 1);
  CHECK(metric(after, "arangodb_transactions_started_total") >= started + 1);
  CHECK(metric(after, "rocksdb_estimate_num_keys") >= 1);
}

TEST_CASE_METHOD(Fixture, "log entries, levels and settings", "[admin][logs]") {
  // creating a collection is logged (topic general, INFO)
  auto logged = make_collection("logged");
  LogEntries entries = sys.read_log_entries({.upto = "info", .search = logged.name()}).get();
  REQUIRE(entries.total >= 1);
  REQUIRE_FALSE(entries.messages.empty());
  CHECK(contains(entries.messages[0].message, logged.name()));
  CHECK(entries.messages[0].level == "INFO");
  CHECK_FALSE(entries.messages[0].topic.empty());
  CHECK(sys.read_log_entries({.level = "error", .search = logged.name()}).get().total == 0);
  auto bad = expect_error<ServerReadLogError>([&] { (void)sys.read_log_entries({.upto = "loud"}).get(); });
  CHECK(bad.http_code() == 400);

  Json levels = sys.log_levels().get();
  CHECK(levels["general"].as_string() == "INFO");
  Json set = sys.set_log_levels(Json::parse(R"({"general":"debug"})")).get();
  CHECK(set["general"].as_string() == "DEBUG");
  Json with_appenders = sys.log_levels({.with_appenders = true}).get();
  CHECK(with_appenders["global"]["general"].as_string() == "DEBUG");
  CHECK(with_appenders["appenders"].is_object());
  Json reset = sys.reset_log_levels().get();
  CHECK(reset["general"].as_string() == "INFO");

  auto on = sys.set_log_settings({{"database", true}}).get();
  CHECK(on.count("database") == 1);
  CHECK(sys.log_settings().get().count("database") == 1);
  auto off = sys.set_log_settings({{"database", false}}).get();
  CHECK(off.count("database") == 0);
}

TEST_CASE_METHOD(Fixture, "api_calls lists the recent calls, newest first", "[admin]") {
  (void)db.version().get();
  std::vector<ApiCall> calls = sys.api_calls().get();
  REQUIRE(calls.size() >= 2);
  CHECK(calls[0].path == "/_admin/server/api-calls");
  CHECK(calls[0].request_type == "GET");
  bool seen = false;
  for (const ApiCall& c : calls) seen = seen || (c.path == "/_api/version" && c.database == db_name);
  CHECK(seen);
  CHECK(ends_with(calls[0].time_stamp, "Z"));
}

TEST_CASE_METHOD(Fixture, "Cursor::batch is the current batch", "[admin][cursor]") {
  auto cursor = db.aql().execute("FOR i IN 1..5 RETURN i", {.batch_size = 2}).get();
  auto batch = cursor.batch();
  REQUIRE(batch.size() == 2);
  CHECK(batch[0].as_int64() == 1);
  CHECK(batch[1].as_int64() == 2);
  CHECK(cursor.pop().as_int64() == 1);
  REQUIRE(cursor.batch().size() == 1);
  CHECK(cursor.batch()[0].as_int64() == 2);
}

TEST_CASE_METHOD(Fixture, "async job cancel and clear errors end with 'job <id> not found'", "[admin][async]") {
  auto async_db = db.begin_async_execution();
  auto job = async_db.aql().execute("RETURN 100000").get();
  REQUIRE(job);
  REQUIRE(job->wait(30s, 20ms).get());
  auto cursor = job->result().get();
  CHECK(cursor.next().get()->as_int64() == 100000);
  auto cancel = expect_error<AsyncJobCancelError>([&] { (void)job->cancel().get(); });
  CHECK(ends_with(cancel.message(), "job " + job->id() + " not found"));
  auto clear = expect_error<AsyncJobClearError>([&] { (void)job->clear().get(); });
  CHECK(ends_with(clear.message(), "job " + job->id() + " not found"));
}

TEST_CASE_METHOD(Fixture, "admin calls through the async and transaction contexts", "[admin][contexts]") {
  auto async_db = sys.begin_async_execution();
  auto mode = async_db.mode().get();
  REQUIRE(mode);
  REQUIRE(mode->wait(30s, 20ms).get());
  CHECK(mode->result().get() == "default");

  auto students = make_collection("students");
  auto trx = db.begin_transaction({.read = std::vector<std::string>{students.name()}}).get();
  CHECK(trx.check_availability().get() == "default");
  trx.abort_transaction().get();
}

TEST_CASE("shutdown answers, reports progress, and the server stops", "[admin][shutdown]") {
  if (std::getenv("ARANGO_EMULATOR") == nullptr) {
    WARN("not run: needs ARANGO_EMULATOR to start an emulator of its own");
    return;
  }
  arango::testing::Emulator own(arango::testing::EmulatorOptions{.root_password = "pw"});
  ArangoClient client{testenv::logged(own.url())};
  StandardDatabase sys = client.db("_system", {.auth = Auth{own.username(), own.password()}}).get();
  ShutdownProgress idle = sys.shutdown_progress().get();
  CHECK_FALSE(idle.soft_shutdown_ongoing);
  CHECK(idle.all_clear);
  sys.shutdown(/*soft=*/true).get();
  // the process ends by itself shortly after answering
  bool stopped = false;
  for (int i = 0; i < 100 && !stopped; ++i) {
    std::this_thread::sleep_for(50ms);
    try {
      (void)sys.with_timeout(1s).version().get();
    } catch (const ClientConnectionError&) {
      stopped = true;
    } catch (const RequestTimeoutError&) {
      // still going down: ask again
    }
  }
  CHECK(stopped);
  CHECK(own.stop() == 0);
}
