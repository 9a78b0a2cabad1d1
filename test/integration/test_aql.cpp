// AQL, cursors, query management and the AQL-backed collection calls, against the server named
// by ARANGO_URL (the emulator by default).
#include <arango/arango.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "../support/collections.hpp"

using namespace arango;
using namespace std::chrono_literals;
using testenv::expect_error;
using testenv::Student;

namespace {

struct Fixture : testenv::DatabaseFixture {
  StandardCollection<Student> students = make_collection<Student>("students");

  void fill(int n) {
    std::vector<Student> docs;
    for (int i = 0; i < n; ++i) docs.push_back(Student{"s" + std::to_string(i), i % 2 ? "odd" : "even", i});
    for (const auto& r : students.insert_many(docs).get()) REQUIRE(r.ok());
  }
};

}  // namespace

TEST_CASE_METHOD(Fixture, "execute: batches, count, typed documents", "[aql][cursor]") {
  fill(25);
  auto cursor = db.aql()
                    .execute<Student>("FOR s IN @@c SORT s.age RETURN s",
                                      {.count = true, .batch_size = 10, .bind_vars = Json::object({{"@c", students.name()}})})
                    .get();
  CHECK(cursor.count() == 25);
  CHECK(cursor.has_more());
  CHECK(cursor.id().has_value());
  CHECK(cursor.buffered() == 10);
  std::vector<std::int64_t> ages;
  while (auto s = cursor.next().get()) {
    ages.push_back(s->age);
    CHECK(cursor.buffered() <= 10);  // never more than one batch held
  }
  REQUIRE(ages.size() == 25);
  for (std::size_t i = 0; i < ages.size(); ++i) CHECK(ages[i] == static_cast<std::int64_t>(i));
  CHECK_FALSE(cursor.has_more());
  // Exhausted cursors are gone on the server: closing finds nothing.
  CHECK_FALSE(cursor.close(true).get());

  // A small result comes in one batch, without a server-side cursor.
  auto one = db.aql().execute("RETURN [1, 2]").get();
  CHECK_FALSE(one.id().has_value());
  CHECK((*one.next().get())[1].as_int64() == 2);
  CHECK_FALSE(one.next().get());
  CHECK_FALSE(one.close().get());
}

TEST_CASE_METHOD(Fixture, "query errors", "[aql][errors]") {
  auto parse = expect_error<AQLQueryExecuteError>([&] { (void)db.aql().execute("FOR i IN 1..3 RETURN i i").get(); });
  CHECK(parse.http_code() == 400);
  CHECK(parse.error_code() == errno_::QUERY_PARSE);
  CHECK(parse.error_message().find("syntax error") != std::string::npos);

  auto unknown = expect_error<AQLQueryExecuteError>([&] { (void)db.aql().execute("FOR d IN no_such_coll RETURN d").get(); });
  CHECK(unknown.http_code() == 404);
  CHECK(unknown.error_code() == errno_::DATA_SOURCE_NOT_FOUND);

  auto missing = expect_error<AQLQueryExecuteError>([&] { (void)db.aql().execute("RETURN @x").get(); });
  CHECK(missing.http_code() == 400);
  CHECK(missing.error_code() == errno_::QUERY_BIND_PARAMETER_MISSING);

  auto unused = expect_error<AQLQueryExecuteError>(
      [&] { (void)db.aql().execute("RETURN 1", {.bind_vars = Json::object({{"y", 1}})}).get(); });
  CHECK(unused.http_code() == 400);
  CHECK(unused.error_code() == errno_::QUERY_BIND_PARAMETER_UNDECLARED);

  auto fn = expect_error<AQLQueryExecuteError>([&] { (void)db.aql().execute("RETURN NO_SUCH_FUNCTION(1)").get(); });
  CHECK(fn.error_code() == errno_::QUERY_FUNCTION_NAME_UNKNOWN);

  // Runtime warnings come back in extra.warnings.
  auto warned = db.aql().execute("RETURN 1 / 0").get();
  Json warnings = warned.warnings();
  REQUIRE(warnings.size() >= 1);
  CHECK(warnings[0]["code"].as_int64() == errno_::QUERY_DIVISION_BY_ZERO);
}

TEST_CASE_METHOD(Fixture, "allowRetry re-reads a batch; ttl expires idle cursors", "[aql][cursor]") {
  fill(6);
  auto cursor = db.aql()
                    .execute<Student>("FOR s IN @@c SORT s.age RETURN s",
                                      {.batch_size = 2,
                                       .bind_vars = Json::object({{"@c", students.name()}}),
                                       .options = QueryProperties{.allow_retry = true}})
                    .get();
  REQUIRE(cursor.next_batch_id() == "2");
  CHECK(cursor.pop().age == 0);
  CHECK(cursor.pop().age == 1);
  CHECK(cursor.fetch().get() == 2);  // batch 2
  CHECK(cursor.pop().age == 2);
  CHECK(cursor.pop().age == 3);
  CHECK(cursor.fetch(std::string("2")).get() == 2);  // batch 2 again
  CHECK(cursor.pop().age == 2);
  CHECK(cursor.pop().age == 3);
  CHECK(cursor.next().get()->age == 4);
  CHECK(cursor.close().get() == true);
  auto gone = expect_error<CursorNextError>([&] { (void)cursor.fetch().get(); });
  CHECK(gone.http_code() == 404);
  CHECK(gone.error_code() == errno_::CURSOR_NOT_FOUND);

  // An idle cursor outlives its ttl only until the server's next cleanup: poll once a second
  // (each poll of a live cursor reads one of its 999 remaining batches).
  auto idle = db.aql().execute("FOR i IN 1..1000 RETURN i", {.batch_size = 1, .ttl = 1.0}).get();
  REQUIRE(idle.has_more());
  bool expired = false;
  for (int i = 0; i < 60 && !expired; ++i) {
    std::this_thread::sleep_for(1500ms);
    try {
      (void)idle.fetch().get();
    } catch (const CursorNextError& e) {
      expired = e.error_code() == errno_::CURSOR_NOT_FOUND;
      break;
    }
  }
  CHECK(expired);
}

TEST_CASE_METHOD(Fixture, "a dropped cursor is closed on the server", "[aql][cursor]") {
  fill(5);
  std::string id;
  {
    auto cursor = db.aql()
                      .execute("FOR s IN @@c RETURN s", {.batch_size = 1, .bind_vars = Json::object({{"@c", students.name()}})})
                      .get();
    REQUIRE(cursor.id());
    id = *cursor.id();
  }
  // The DELETE is sent in the background: the cursor disappears shortly after.
  bool closed = testenv::eventually(
      [&] {
        Request r(Method::POST, "/_api/cursor/" + id);
        return db.request(std::move(r)).get().status_code == 404;
      },
      10s);
  CHECK(closed);
}

TEST_CASE_METHOD(Fixture, "running queries are listed and can be killed", "[aql][kill]") {
  auto aql = db.aql();
  (void)aql.set_tracking({.enabled = true, .slow_query_threshold = 0.5, .track_slow_queries = true}).get();
  auto slow = aql.execute("RETURN SLEEP(30)");
  std::string id;
  bool listed = testenv::eventually(
      [&] {
        Json running = aql.queries().get();
        for (JsonView q : running.elements()) {
          if (q["query"].string_or("") == "RETURN SLEEP(30)") {
            id = std::string(q["id"].as_string());
            return true;
          }
        }
        return false;
      },
      10s);
  REQUIRE(listed);
  CHECK(aql.kill(id).get());
  REQUIRE(slow.wait_for(10s) == std::future_status::ready);
  auto killed = expect_error<AQLQueryExecuteError>([&] { (void)slow.get(); });
  CHECK(killed.error_code() == errno_::QUERY_KILLED);
  CHECK_FALSE(aql.kill(id, {.ignore_missing = true}).get());
  CHECK_THROWS_AS(aql.kill(id).get(), AQLQueryKillError);

  // A query over the slow threshold shows up in the slow log until cleared.
  (void)aql.execute("RETURN SLEEP(0.6)").get();
  CHECK(aql.slow_queries().get().size() >= 1);
  aql.clear_slow_queries().get();
  CHECK(aql.slow_queries().get().size() == 0);
  QueryTrackingConfiguration t = aql.tracking().get();
  CHECK(t.enabled);
  CHECK(t.slow_query_threshold == Approx(0.5));
}

TEST_CASE_METHOD(Fixture, "User functions run from AQL", "[aql]") {
  auto aql = db.aql();
  aql.create_function("testjs::add", "function (a, b) { return a + b; }").get();
  aql.create_function("testjs::boom", "function () { throw new Error('boom'); }").get();
  auto cursor = aql.execute("RETURN (FOR i IN 1..3 RETURN TESTJS::ADD(i, @x))",
                            {.bind_vars = Json::object({{"x", 10}})})
                    .get();
  CHECK(cursor.pop().dump() == "[11,12,13]");
  auto e = expect_error<AQLQueryExecuteError>([&] { (void)aql.execute("RETURN TESTJS::BOOM()").get(); });
  CHECK(e.error_code() == errno_::QUERY_FUNCTION_RUNTIME_ERROR);
  CHECK(e.error_message().find("boom") != std::string::npos);
  auto bad = expect_error<AQLFunctionCreateError>([&] { (void)aql.create_function("testjs::bad", "function (").get(); });
  CHECK(bad.error_code() == errno_::QUERY_FUNCTION_INVALID_CODE);
  aql.delete_function("testjs", {.group = true}).get();
}

TEST_CASE_METHOD(Fixture, "explain, validate, rules, functions and the caches", "[aql]") {
  auto aql = db.aql();
  Json plan = aql.explain("FOR s IN @@c FILTER s.age > 1 RETURN s",
                          {.bind_vars = Json::object({{"@c", students.name()}})})
                  .get();
  CHECK(plan["plan"]["nodes"].size() > 0);
  CHECK_FALSE(plan.contains("error"));
  Json all = aql.explain("RETURN 1", {.all_plans = true}).get();
  CHECK(all["plans"].is_array());

  Json parsed = aql.validate("FOR s IN @@c RETURN s.name").get();
  CHECK(parsed["bindVars"][0].as_string() == "@c");
  CHECK(parsed["ast"].is_array());
  auto bad = expect_error<AQLQueryValidateError>([&] { (void)aql.validate("FOR").get(); });
  CHECK(bad.error_code() == errno_::QUERY_PARSE);

  CHECK(aql.query_rules().get().size() > 10);

  Json created = aql.create_function("test::double", "function (x) { return x * 2; }", true).get();
  CHECK(created["isNewlyCreated"].as_bool());
  Json listed = aql.functions("test").get();
  REQUIRE(listed.size() == 1);
  CHECK(listed[0]["name"].as_string() == "test::double");
  CHECK(aql.delete_function("test::double").get()["deletedCount"].as_int64() == 1);
  CHECK(aql.functions("test").get().size() == 0);
  Json missing = aql.delete_function("test::double", {.ignore_missing = true}).get();
  CHECK_FALSE(missing.contains("deletedCount"));
  CHECK_THROWS_AS(aql.delete_function("test::double").get(), AQLFunctionDeleteError);

  auto cache = aql.cache();
  QueryCacheProperties p = cache.configure({.mode = "demand", .max_results = 100}).get();
  CHECK(p.mode == "demand");
  CHECK(p.max_results == 100);
  CHECK(cache.properties().get().mode == "demand");
  CHECK(cache.entries().get().is_array());
  CHECK(cache.plan_entries().get().is_array());
  cache.clear().get();
  cache.clear_plan().get();
  (void)cache.configure({.mode = "off"}).get();
}

TEST_CASE_METHOD(Fixture, "find, update_match, replace_match, delete_match", "[aql][collections]") {
  fill(10);
  // The sort applies before skip and limit.
  auto page = students.find(Json::object({{"name", "even"}}), {.skip = 1, .limit = 2, .sort = {{"age", "DESC"}}}).get();
  CHECK(page.count() == 2);
  CHECK(page.next().get()->age == 6);
  CHECK(page.next().get()->age == 4);
  CHECK_FALSE(page.next().get());

  // Values are bind parameters: a value that looks like AQL is just a value.
  auto none = students.find(Json::object({{"name", "x\" || true || \""}})).get();
  CHECK(none.count() == 0);
  CHECK(students.find().get().count() == 10);

  // Nested attribute paths.
  (void)db.collection(students.name()).insert(Json::parse(R"({"_key":"n","name":"nested","age":99,"a":{"b":5}})")).get();
  auto nested = db.collection(students.name()).find(Json::object({{"a.b", 5}})).get();
  REQUIRE(nested.count() == 1);
  CHECK((*nested.next().get())["_key"].as_string() == "n");

  CHECK(students.update_match(Json::object({{"name", "odd"}}), Json::object({{"age", 100}}), {.limit = 3}).get() == 3);
  CHECK(students.find(Json::object({{"age", 100}})).get().count() == 3);
  CHECK(students.replace_match(Json::object({{"age", 100}}), Json::object({{"name", "replaced"}, {"age", 0}})).get() == 3);
  CHECK(students.find(Json::object({{"name", "replaced"}})).get().count() == 3);
  CHECK(students.delete_match(Json::object({{"name", "replaced"}})).get() == 3);
  CHECK(students.count().get() == 8);

  CHECK_THROWS_AS(students.find(Json::object({}), {.sort = {{"age", "UP"}}}), SortValidationError);
  auto gone = db.collection("no_such_collection");
  auto e = expect_error<DocumentGetError>([&] { (void)gone.find().get(); });
  CHECK(e.error_code() == errno_::DATA_SOURCE_NOT_FOUND);
}
