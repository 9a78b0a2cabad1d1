// AQL, cursors and the AQL-backed collection calls through a mock transport: request shapes,
// batch decoding (SAX into user types), batch fetching, re-reading, closing.
#include <arango/arango.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "../support/mock_http.hpp"
#include "../support/student.hpp"

using namespace arango;
using testenv::MockHTTPClient;
using testenv::Student;

namespace {

using Fixture = testenv::MockDatabase;

}  // namespace

TEST_CASE("cursor bodies are read in one SAX pass", "[cursor]") {
  detail::CursorMeta meta;
  std::deque<Student> out;
  std::string body =
      R"({"result":[{"_key":"a","name":"A","age":1},{"_key":"b","name":"B","age":2}],"hasMore":true,)"
      R"("id":"77","count":5,"extra":{"warnings":[],"stats":{"writesExecuted":0,"nested":[1,{"x":2}]}},)"
      R"("nextBatchId":"2","cached":false,"error":false,"code":201})";
  CHECK(detail::decode_cursor_body<Student>(std::move(body), meta, out) == 2);
  REQUIRE(out.size() == 2);
  CHECK(out[1] == Student{"b", "B", 2});
  CHECK(meta.id == "77");
  CHECK(meta.has_more);
  CHECK(meta.count == 5);
  CHECK(meta.next_batch_id == "2");
  CHECK(meta.extra["stats"]["nested"][1]["x"].as_int64() == 2);

  // Scalars and arrays as results, and the DOM path for Json.
  std::deque<Json> js;
  CHECK(detail::decode_cursor_body<Json>(R"({"result":[1,[2,3],null,{"a":{}}],"hasMore":false})", meta, js) == 4);
  CHECK(js[1][1].as_int64() == 3);
  CHECK(js[2].is_null());
  CHECK_FALSE(meta.id);
  CHECK_FALSE(meta.has_more);

  std::deque<Student> bad;
  std::string nested = R"({"result":[{"_key":"a","deep":{"x":1}}],"hasMore":false})";
  CHECK_THROWS_AS(detail::decode_cursor_body<Student>(std::move(nested), meta, bad), DeserializationError);
}

TEST_CASE_METHOD(Fixture, "execute sends the query options and iterates batches", "[aql][cursor]") {
  mock->answer(201, R"({"result":[{"_key":"a","name":"A","age":1}],"hasMore":true,"id":"c1","count":3,)"
                    R"("nextBatchId":"2","extra":{"warnings":[],"stats":{"writesExecuted":0}},"cached":false,)"
                    R"("error":false,"code":201})");
  auto cursor = db.aql()
                    .execute<Student>("FOR s IN @@c RETURN s",
                                      {.count = true,
                                       .batch_size = 1,
                                       .bind_vars = Json::object({{"@c", "students"}}),
                                       .ttl = 30.0,
                                       .allow_dirty_read = true,
                                       .options = QueryProperties{.allow_retry = true, .full_count = true,
                                                                  .max_runtime = 2.5, .profile = 2, .stream = false}})
                    .get();
  CHECK(last().url == url("/_api/cursor"));
  CHECK(last().body == R"({"query":"FOR s IN @@c RETURN s","count":true,"batchSize":1,"bindVars":{"@c":"students"},)"
                       R"("ttl":30.0,"options":{"allowRetry":true,"fullCount":true,"maxRuntime":2.5,"profile":2,)"
                       R"("stream":false}})");
  CHECK(last().headers.find("x-arango-allow-dirty-read") == "true");
  CHECK(cursor.count() == 3);
  CHECK(cursor.id() == "c1");
  CHECK(cursor.buffered() == 1);
  CHECK(cursor.statistics()["writesExecuted"].as_int64() == 0);

  std::size_t sent = mock->requests.size();
  CHECK(cursor.next().get()->name == "A");  // buffered: no request
  CHECK(mock->requests.size() == sent);

  mock->answer(200, R"({"result":[{"_key":"b","name":"B","age":2}],"hasMore":true,"id":"c1","nextBatchId":"3",)"
                    R"("error":false,"code":200})");
  CHECK(cursor.next().get()->name == "B");
  CHECK(last().method == Method::POST);
  CHECK(last().url == url("/_api/cursor/c1"));
  CHECK(cursor.next_batch_id() == "3");

  // Re-read batch 2 (allowRetry): appended to the buffer.
  mock->answer(200, R"({"result":[{"_key":"b","name":"B","age":2}],"hasMore":true,"id":"c1","nextBatchId":"3"})");
  CHECK(cursor.fetch(std::string("2")).get() == 1);
  CHECK(last().url == url("/_api/cursor/c1/2"));
  CHECK(cursor.pop().key == "b");
  CHECK_THROWS_AS(cursor.pop(), CursorEmptyError);

  mock->answer(200, R"({"result":[{"_key":"c","name":"C","age":3}],"hasMore":false})");
  CHECK(cursor.next().get()->key == "c");
  CHECK_FALSE(cursor.next().get());  // the end, no request
  CHECK_FALSE(cursor.has_more());

  mock->answer(404, R"({"code":404,"error":true,"errorMessage":"cursor not found","errorNum":1600})");
  CHECK_FALSE(cursor.close(true).get());
  CHECK(last().method == Method::DELETE);
  CHECK(last().url == url("/_api/cursor/c1"));
}

TEST_CASE_METHOD(Fixture, "a cursor the server still holds is closed when dropped", "[cursor]") {
  mock->answer(201, R"({"result":[1],"hasMore":true,"id":"9","error":false,"code":201})");
  mock->answer(202, R"({"id":"9","error":false,"code":202})");
  {
    auto cursor = db.aql().execute("FOR i IN 1..10 RETURN i", {.batch_size = 1}).get();
    CHECK_THROWS_AS(cursor.count(), CursorCountError);
    auto moved = std::move(cursor);  // only the last handle closes it
    CHECK(mock->requests.size() == 1);
  }
  REQUIRE(mock->requests.size() == 2);
  CHECK(last().method == Method::DELETE);
  CHECK(last().url == url("/_api/cursor/9"));

  // A single-batch result has no server cursor: nothing to close, no request.
  mock->answer(201, R"({"result":[1],"hasMore":false,"error":false,"code":201})");
  {
    auto cursor = db.aql().execute("RETURN 1").get();
    CHECK_FALSE(cursor.close().get());
    CHECK_THROWS_AS(cursor.fetch(), CursorStateError);
  }
  CHECK(mock->requests.size() == 3);

  mock->answer(400, R"({"code":400,"error":true,"errorMessage":"syntax error, unexpected identifier near 'x' )"
                    R"(at position 1:8","errorNum":1501})");
  try {
    (void)db.aql().execute("RETURN x x").get();
    FAIL("expected AQLQueryExecuteError");
  } catch (const AQLQueryExecuteError& e) {
    CHECK(e.http_code() == 400);
    CHECK(e.error_code() == 1501);
    CHECK(e.error_message().find("syntax error") != std::string::npos);
  }
}

TEST_CASE_METHOD(Fixture, "find and the *_match calls send values as bind parameters", "[aql][collections]") {
  auto c = db.collection("c");
  mock->answer(201, R"({"result":[],"hasMore":false,"count":0,"error":false,"code":201})");
  auto cursor = c.find(Json::parse(R"({"name":"x\" || true || \"","a.b":1})"),
                       {.skip = 2, .limit = 3, .sort = {{"age", "desc"}, {"a.b", "ASC"}}})
                    .get();
  CHECK(cursor.count() == 0);
  Json body = Json::parse(last().body);
  CHECK(body["query"].as_string() ==
        "FOR doc IN @@collection FILTER doc.@f0 == @v0 AND doc.@f1 == @v1 SORT doc.@s0 DESC, doc.@s1 ASC "
        "LIMIT @skip, @limit RETURN doc");
  CHECK(body["bindVars"] == Json::parse(R"({"@collection":"c","f0":["name"],"v0":"x\" || true || \"",)"
                                        R"("f1":["a","b"],"v1":1,"s0":["age"],"s1":["a","b"],"skip":2,"limit":3})"));
  CHECK(body["count"].as_bool());
  CHECK_FALSE(last().headers.contains("x-arango-allow-dirty-read"));

  CHECK_THROWS_AS(c.find(Json::object({}), {.sort = {{"age", "sideways"}}}), SortValidationError);
  CHECK_THROWS_AS(c.find(Json::array({1})), std::invalid_argument);
  CHECK_THROWS_AS(c.find(Json::object({}), {.limit = -1}), std::invalid_argument);

  mock->answer(201, R"({"result":[],"hasMore":false,"extra":{"stats":{"writesExecuted":4}},"error":false,"code":201})");
  CHECK(c.update_match(Json::object({{"k", 1}}), Json::object({{"x", 2}}),
                       {.limit = 5, .keep_none = false, .merge_objects = true})
            .get() == 4);
  body = Json::parse(last().body);
  CHECK(body["query"].as_string() ==
        "FOR doc IN @@collection FILTER doc.@f0 == @v0 LIMIT @limit UPDATE doc WITH @body IN @@collection "
        "OPTIONS { keepNull: @keep_none, mergeObjects: @merge }");
  CHECK(body["bindVars"]["body"]["x"].as_int64() == 2);

  mock->answer(201, R"({"result":[],"hasMore":false,"extra":{"stats":{"writesExecuted":1}},"error":false,"code":201})");
  CHECK(c.replace_match(Json::object({}), Json::object({{"y", 1}}), {.wait_for_sync = true}).get() == 1);
  CHECK(Json::parse(last().body)["query"].as_string() ==
        "FOR doc IN @@collection REPLACE doc WITH @body IN @@collection OPTIONS { waitForSync: @sync }");

  mock->answer(201, R"({"result":[],"hasMore":false,"extra":{"stats":{"writesExecuted":2}},"error":false,"code":201})");
  CHECK(c.delete_match(Json::object({{"k", nullptr}})).get() == 2);
  CHECK(Json::parse(last().body)["query"].as_string() ==
        "FOR doc IN @@collection FILTER doc.@f0 == @v0 REMOVE doc IN @@collection");

  mock->answer(404, R"({"code":404,"error":true,"errorMessage":"collection or view not found: c","errorNum":1203})");
  CHECK_THROWS_AS(c.delete_match(Json::object({})).get(), DocumentDeleteError);
}

TEST_CASE_METHOD(Fixture, "query management and cache calls", "[aql]") {
  auto aql = db.aql();
  mock->answer(200, R"({"enabled":true,"trackSlowQueries":true,"trackBindVars":false,"maxSlowQueries":64,)"
                    R"("slowQueryThreshold":10,"slowStreamingQueryThreshold":10,"maxQueryStringLength":4096})");
  QueryTrackingConfiguration t = aql.set_tracking({.enabled = true, .slow_query_threshold = 10.0}).get();
  CHECK(last().method == Method::PUT);
  CHECK(last().body == R"({"enabled":true,"slowQueryThreshold":10.0})");
  CHECK(t.max_slow_queries == 64);
  CHECK(t.slow_streaming_query_threshold == 10.0);

  mock->answer(404, R"({"code":404,"error":true,"errorMessage":"cannot kill query '5'","errorNum":1591})");
  CHECK_FALSE(aql.kill("5", {.ignore_missing = true}).get());
  CHECK(last().url == url("/_api/query/5?all=false"));

  mock->answer(200, R"({"plan":{"nodes":[]},"cacheable":true,"warnings":[],"error":false,"code":200})");
  Json plan = aql.explain("RETURN 1", {.bind_vars = Json::object({}), .all_plans = false, .max_plans = 2}).get();
  CHECK(last().body == R"({"query":"RETURN 1","bindVars":{},"options":{"allPlans":false,"maxNumberOfPlans":2}})");
  CHECK_FALSE(plan.contains("code"));
  CHECK(plan["plan"]["nodes"].is_array());

  // user AQL functions are gone in ArangoDB 4.0: the first such call asks for the version
  mock->answer(200, R"({"server":"arango","version":"3.12.4","license":"community"})");
  mock->answer(201, R"({"isNewlyCreated":true,"error":false,"code":201})");
  CHECK(aql.create_function("my::f", "function () { return 1; }").get()["isNewlyCreated"].as_bool());
  CHECK(last().body == R"({"name":"my::f","code":"function () { return 1; }","isDeterministic":null})");

  mock->answer(200, R"({"mode":"demand","maxResults":128,"maxResultsSize":1,"maxEntrySize":2,"includeSystem":true})");
  QueryCacheProperties p = aql.cache().configure({.mode = "demand", .max_results = 128}).get();
  CHECK(last().url == url("/_api/query-cache/properties"));
  CHECK(last().body == R"({"mode":"demand","maxResults":128})");
  CHECK(p.mode == "demand");
  CHECK(p.include_system);
}
