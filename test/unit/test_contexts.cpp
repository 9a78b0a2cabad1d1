// The transaction and async execution contexts through a mock transport: which headers each
// context adds, what it delivers, the transaction and job calls' request shapes, and how job
// results are decoded by the original call's decoder.
#include <arango/arango.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "../support/mock_http.hpp"

using namespace arango;

namespace {

using Fixture = testenv::MockDatabase;

std::string header(const HttpRequest& r, std::string_view name) {
  return std::string(r.headers.find(name).value_or("<none>"));
}

}  // namespace

TEST_CASE_METHOD(Fixture, "begin_transaction sends every option and gives a TransactionDatabase", "[transaction]") {
  mock->answer(201, R"({"code":201,"error":false,"result":{"id":"123","status":"running"}})");
  TransactionDatabase trx = db.begin_transaction({.read = {"r1", "r2"},
                                                  .write = {"w"},
                                                  .exclusive = {"x"},
                                                  .wait_for_sync = true,
                                                  .allow_implicit = false,
                                                  .lock_timeout = 5,
                                                  .max_transaction_size = 1024,
                                                  .allow_dirty_read = true,
                                                  .skip_fast_lock_round = true})
                                .get();
  CHECK(trx.transaction_id() == "123");
  CHECK(trx.context() == "transaction");
  CHECK(trx.name() == "shop");
  CHECK(last().method == Method::POST);
  CHECK(last().url == url("/_api/transaction/begin"));
  CHECK(header(last(), "x-arango-allow-dirty-read") == "true");
  CHECK(Json::parse(last().body) ==
        Json::parse(R"({"collections":{"read":["r1","r2"],"write":["w"],"exclusive":["x"]},"waitForSync":true,)"
                    R"("allowImplicit":false,"lockTimeout":5,"maxTransactionSize":1024,"skipFastLockRound":true})"));

  // Without options: an empty collections object and nothing else.
  mock->answer(201, R"({"code":201,"error":false,"result":{"id":"124","status":"running"}})");
  CHECK(db.begin_transaction().get().transaction_id() == "124");
  CHECK(Json::parse(last().body) == Json::parse(R"({"collections":{}})"));
  CHECK(!last().headers.contains("x-arango-allow-dirty-read"));

  mock->answer(404, R"({"code":404,"error":true,"errorNum":1203,"errorMessage":"collection or view not found: nope"})");
  try {
    db.begin_transaction({.read = {"nope"}}).get();
    FAIL("begin_transaction of an unknown collection must fail");
  } catch (const TransactionInitError& e) {
    CHECK(e.error_code() == 1203);
    CHECK(e.http_code() == 404);
  }
}

TEST_CASE_METHOD(Fixture, "calls through a TransactionDatabase carry x-arango-trx-id, its own calls do not",
                 "[transaction]") {
  TransactionDatabase trx = db.fetch_transaction("77");
  CHECK(mock->requests.empty());  // fetch_transaction sends nothing
  CHECK(trx.transaction_id() == "77");

  mock->answer(202, R"({"_id":"c/1","_key":"1","_rev":"r"})");
  CHECK(trx.collection("c").insert(Json::parse(R"({"_key":"1"})")).get().id == "c/1");
  CHECK(header(last(), "x-arango-trx-id") == "77");

  // A cursor made inside the transaction fetches its next batch inside it.
  mock->answer(201, R"({"result":[1],"hasMore":true,"id":"9","error":false,"code":201})");
  auto cursor = trx.aql().execute("FOR x IN 1..2 RETURN x").get();
  CHECK(header(last(), "x-arango-trx-id") == "77");
  mock->answer(200, R"({"result":[2],"hasMore":false,"id":"9","error":false,"code":200})");
  CHECK(cursor.next().get()->as_int64() == 1);
  CHECK(cursor.next().get()->as_int64() == 2);
  CHECK(last().url == url("/_api/cursor/9"));
  CHECK(header(last(), "x-arango-trx-id") == "77");

  mock->answer(200, R"({"code":200,"error":false,"result":{"id":"77","status":"running"}})");
  CHECK(trx.transaction_status().get() == "running");
  CHECK(last().method == Method::GET);
  CHECK(last().url == url("/_api/transaction/77"));
  CHECK(!last().headers.contains("x-arango-trx-id"));

  mock->answer(200, R"({"code":200,"error":false,"result":{"id":"77","status":"committed"}})");
  trx.commit_transaction().get();
  CHECK(last().method == Method::PUT);
  CHECK(last().url == url("/_api/transaction/77"));
  CHECK(!last().headers.contains("x-arango-trx-id"));

  mock->answer(200, R"({"code":200,"error":false,"result":{"id":"77","status":"aborted"}})");
  trx.abort_transaction().get();
  CHECK(last().method == Method::DELETE);
  CHECK(last().url == url("/_api/transaction/77"));

  const char* missing = R"({"code":404,"error":true,"errorNum":1655,"errorMessage":"transaction '77' not found"})";
  mock->answer(404, missing);
  CHECK_THROWS_AS(trx.transaction_status().get(), TransactionStatusError);
  mock->answer(404, missing);
  CHECK_THROWS_AS(trx.commit_transaction().get(), TransactionCommitError);
  mock->answer(404, missing);
  try {
    trx.abort_transaction().get();
    FAIL("abort of an unknown transaction must fail");
  } catch (const TransactionAbortError& e) {
    CHECK(e.error_code() == 1655);
  }
}

TEST_CASE_METHOD(Fixture, "list_transactions and execute_transaction", "[transaction]") {
  mock->answer(200, R"({"transactions":[{"id":"1","state":"running"},{"id":"2","state":"running"}]})");
  auto list = db.list_transactions().get();
  REQUIRE(list.size() == 2);
  CHECK(list[1].id == "2");
  CHECK(list[1].state == "running");
  CHECK(last().url == url("/_api/transaction"));

  // JavaScript transactions are gone in ArangoDB 4.0: the first one asks for the version
  mock->answer(200, R"({"server":"arango","version":"3.12.4","license":"community"})");
  mock->answer(200, R"({"code":200,"error":false,"result":42})");
  Json result = db.execute_transaction("function (p) { return p.x; }",
                                       {.params = Json::parse(R"({"x":42})"), .write = {"c"}, .lock_timeout = 2})
                    .get();
  CHECK(result.as_int64() == 42);
  CHECK(last().method == Method::POST);
  CHECK(Json::parse(last().body) == Json::parse(R"({"collections":{"write":["c"]},"action":"function (p) { return p.x; }",)"
                                                R"("params":{"x":42},"lockTimeout":2})"));

  mock->answer(501, R"({"code":501,"error":true,"errorNum":9,"errorMessage":"JavaScript operations are disabled"})");
  try {
    db.execute_transaction("function () {}").get();
    FAIL("execute_transaction must fail");
  } catch (const TransactionExecuteError& e) {
    CHECK(e.http_code() == 501);
    CHECK(e.error_code() == 9);
  }
}

TEST_CASE_METHOD(Fixture, "async calls deliver AsyncJobs whose result is decoded as the call", "[async]") {
  AsyncDatabase async_db = db.begin_async_execution();
  CHECK(mock->requests.empty());
  CHECK(async_db.context() == "async");
  CHECK(async_db.return_result());
  auto col = async_db.collection("students");
  CHECK(col.context() == "async");
  CHECK(async_db.aql().context() == "async");

  mock->answer(202, "", Headers{{"x-arango-async-id", "5001"}});
  auto job = col.insert(Json::parse(R"({"_key":"Neal"})")).get();
  REQUIRE(job.has_value());
  CHECK(job->id() == "5001");
  CHECK(header(last(), "x-arango-async") == "store");
  CHECK(last().url == url("/_api/document/students"));

  mock->answer(204, "");
  CHECK(job->status().get() == "pending");
  CHECK(last().method == Method::GET);
  CHECK(last().url == url("/_api/job/5001"));
  CHECK(!last().headers.contains("x-arango-async"));

  mock->answer(204, "");
  try {
    job->result().get();
    FAIL("result() of a pending job must fail");
  } catch (const AsyncJobResultError& e) {
    CHECK(std::string(e.message()).find("job 5001 not done") != std::string::npos);
  }

  mock->answer(200, "");
  CHECK(job->status().get() == "done");

  // The stored response of the insert, as PUT /_api/job/{id} returns it.
  mock->answer(202, R"({"_id":"students/Neal","_key":"Neal","_rev":"_r1"})", Headers{{"x-arango-async-id", "5001"}});
  DocumentMeta<Json> meta = job->result().get();
  CHECK(meta.id == "students/Neal");
  CHECK(meta.rev == "_r1");
  CHECK(last().method == Method::PUT);
  CHECK(last().url == url("/_api/job/5001"));

  // Once fetched the server forgets the job.
  const char* gone = R"({"code":404,"error":true,"errorMessage":"not found","errorNum":404})";
  mock->answer(404, gone);
  try {
    job->status().get();
    FAIL("status() of a forgotten job must fail");
  } catch (const AsyncJobStatusError& e) {
    std::string message = e.message();
    CHECK(message.size() >= 19);
    CHECK(message.substr(message.size() - 18) == "job 5001 not found");
  }
  mock->answer(404, gone);
  CHECK_THROWS_AS(job->result().get(), AsyncJobResultError);

  // A stored error response is decoded by the call's own decoder: the call's error type.
  mock->answer(202, "", Headers{{"x-arango-async-id", "5002"}});
  auto bad = col.insert(Json::parse(R"({"_key":"Neal"})")).get();
  mock->answer(409, R"({"code":409,"error":true,"errorNum":1210,"errorMessage":"unique constraint violated"})",
               Headers{{"x-arango-async-id", "5002"}});
  try {
    bad->result().get();
    FAIL("the stored 409 must raise the insert's error");
  } catch (const DocumentInsertError& e) {
    CHECK(e.error_code() == 1210);
    CHECK(e.http_code() == 409);
  }
}

TEST_CASE_METHOD(Fixture, "async job cancel, clear, errors at submission and fire-and-forget", "[async]") {
  AsyncDatabase async_db = db.begin_async_execution(true);
  mock->answer(202, "", Headers{{"x-arango-async-id", "7"}});
  auto job = async_db.version().get();
  REQUIRE(job);

  mock->answer(200, R"({"result":true})");
  CHECK(job->cancel().get());
  CHECK(last().method == Method::PUT);
  CHECK(last().url == url("/_api/job/7/cancel"));

  const char* gone = R"({"code":404,"error":true,"errorMessage":"not found","errorNum":404})";
  mock->answer(404, gone);
  CHECK_FALSE(job->cancel(/*ignore_missing=*/true).get());
  mock->answer(404, gone);
  try {
    job->cancel().get();
    FAIL("cancel of an unknown job must fail");
  } catch (const AsyncJobCancelError& e) {
    std::string message = e.message();
    CHECK(message.substr(message.size() - 15) == "job 7 not found");
  }

  mock->answer(200, R"({"result":true})");
  CHECK(job->clear().get());
  CHECK(last().method == Method::DELETE);
  CHECK(last().url == url("/_api/job/7"));
  mock->answer(404, gone);
  CHECK_FALSE(job->clear(true).get());
  mock->answer(404, gone);
  CHECK_THROWS_AS(job->clear().get(), AsyncJobClearError);
  mock->answer(500, R"({"code":500,"error":true,"errorMessage":"boom","errorNum":4})");
  CHECK_THROWS_AS(job->clear(true).get(), AsyncJobClearError);  // only "not found" is ignored

  // The server refuses the job, or accepts it without an id.
  mock->answer(401, R"({"code":401,"error":true,"errorMessage":"not authorized","errorNum":11})");
  CHECK_THROWS_AS(async_db.version().get(), AsyncExecuteError);
  mock->answer(202, "");
  CHECK_THROWS_AS(async_db.version().get(), AsyncExecuteError);

  // Results not kept: x-arango-async: true, and nothing to track.
  AsyncDatabase fire_and_forget = db.begin_async_execution(false);
  CHECK_FALSE(fire_and_forget.return_result());
  mock->answer(202, "");
  CHECK_FALSE(fire_and_forget.collection("c").insert(Json::parse("{}")).get().has_value());
  CHECK(header(last(), "x-arango-async") == "true");
}

TEST_CASE_METHOD(Fixture, "an async query's cursor reads further batches with plain requests", "[async][cursor]") {
  AsyncDatabase async_db = db.begin_async_execution();
  mock->answer(202, "", Headers{{"x-arango-async-id", "11"}});
  auto job = async_db.aql().execute("FOR i IN 1..2 RETURN i", {.batch_size = 1}).get();
  CHECK(header(last(), "x-arango-async") == "store");
  CHECK(Json::parse(last().body)["batchSize"].as_int64() == 1);

  mock->answer(201, R"({"result":[1],"hasMore":true,"id":"33","error":false,"code":201})",
               Headers{{"x-arango-async-id", "11"}});
  Cursor<Json, DefaultApiExecutor> cursor = job->result().get();
  CHECK(cursor.next().get()->as_int64() == 1);
  mock->answer(200, R"({"result":[2],"hasMore":false,"id":"33","error":false,"code":200})");
  CHECK(cursor.next().get()->as_int64() == 2);
  CHECK(last().url == url("/_api/cursor/33"));
  CHECK(!last().headers.contains("x-arango-async"));

  // A failed query: the stored 400 raises the query's own error.
  mock->answer(202, "", Headers{{"x-arango-async-id", "12"}});
  auto bad = async_db.aql().execute("INVALID QUERY").get();
  mock->answer(400,
               R"({"code":400,"error":true,"errorNum":1501,)"
               R"("errorMessage":"syntax error, unexpected identifier near 'INVALID QUERY' at position 1:1"})",
               Headers{{"x-arango-async-id", "12"}});
  try {
    bad->result().get();
    FAIL("the stored parse error must raise AQLQueryExecuteError");
  } catch (const AQLQueryExecuteError& e) {
    CHECK(e.http_code() == 400);
    CHECK(e.error_code() == 1501);
    CHECK(std::string(e.message()).find("syntax error") != std::string::npos);
  }
}

TEST_CASE_METHOD(Fixture, "wait polls at growing intervals and honours its timeout", "[async]") {
  AsyncDatabase async_db = db.begin_async_execution();
  mock->answer(202, "", Headers{{"x-arango-async-id", "9"}});
  auto job = async_db.version().get();

  mock->answer(204, "");
  mock->answer(204, "");
  mock->answer(204, "");
  mock->answer(200, "");
  CHECK(job->wait(std::nullopt, std::chrono::milliseconds(25)).get());
  CHECK(mock->delays == std::vector<std::chrono::milliseconds>{std::chrono::milliseconds(10),
                                                                std::chrono::milliseconds(20),
                                                                std::chrono::milliseconds(25)});

  // A timeout already passed: false after the first pending answer, no timer.
  mock->delays.clear();
  mock->answer(204, "");
  CHECK_FALSE(job->wait(std::chrono::milliseconds(0)).get());
  CHECK(mock->delays.empty());

  // A status error ends the wait with that error.
  mock->answer(404, R"({"code":404,"error":true,"errorMessage":"not found","errorNum":404})");
  CHECK_THROWS_AS(job->wait().get(), AsyncJobStatusError);
}

TEST_CASE_METHOD(Fixture, "async_jobs and clear_async_jobs", "[async]") {
  mock->answer(200, R"(["3","2"])");
  CHECK(db.async_jobs("done", 100).get() == std::vector<std::string>{"3", "2"});
  CHECK(last().url == url("/_api/job/done?count=100"));
  mock->answer(200, "[]");
  CHECK(db.async_jobs("pending").get().empty());
  CHECK(last().url == url("/_api/job/pending"));
  mock->answer(400, R"({"code":400,"error":true,"errorMessage":"invalid type","errorNum":10})");
  CHECK_THROWS_AS(db.async_jobs("nope").get(), AsyncJobListError);

  mock->answer(200, R"({"result":true})");
  db.clear_async_jobs().get();
  CHECK(last().method == Method::DELETE);
  CHECK(last().url == url("/_api/job/all"));
  mock->answer(200, R"({"result":true})");
  db.clear_async_jobs(1785857304.2834742).get();
  CHECK(last().url == url("/_api/job/expired?stamp=1785857304.2834742"));
  mock->answer(500, R"({"code":500,"error":true,"errorMessage":"boom","errorNum":4})");
  CHECK_THROWS_AS(db.clear_async_jobs().get(), AsyncJobClearError);
}
