// Stream transactions (TransactionDatabase) and JavaScript transactions against the server named
// by ARANGO_URL (the emulator by default): isolation, commit, abort, expiry, status, listing,
// locks, and cursors iterated inside a transaction.
#include <arango/arango.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
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
  StandardCollection<Json> log = make_collection("log");

  bool listed(const std::string& id) const {
    auto list = db.list_transactions().get();
    return std::any_of(list.begin(), list.end(), [&](const TransactionInfo& t) { return t.id == id && t.state == "running"; });
  }
};

/// The server's stream transaction idle timeout: ARANGO_TRX_IDLE_TIMEOUT, or arangod's default.
std::chrono::milliseconds idle_timeout() {
  const char* v = std::getenv("ARANGO_TRX_IDLE_TIMEOUT");
  double seconds = v && *v ? std::atof(v) : 60.0;
  return std::chrono::milliseconds(static_cast<std::int64_t>(seconds * 1000));
}

}  // namespace

TEST_CASE_METHOD(Fixture, "writes inside a transaction are invisible outside until commit", "[transaction]") {
  students.insert(Student{"old", "Old", 70}).get();
  TransactionDatabase trx = db.begin_transaction({.read = {log.name()}, .write = {students.name()}}).get();
  CHECK(trx.context() == "transaction");
  CHECK(trx.transaction_status().get() == "running");
  CHECK(listed(trx.transaction_id()));

  auto inside = trx.collection<Student>(students.name());
  CHECK(inside.insert(Student{"ann", "Ann", 20}).get().key == "ann");
  inside.update(Student{"old", "Older", 71}).get();
  inside.insert_many(std::vector<Student>{{"b1", "B", 1}, {"b2", "B", 2}}).get();

  // Inside: its own writes.
  CHECK(inside.get("ann").get()->name == "Ann");
  CHECK(inside.get("old").get()->age == 71);
  CHECK(inside.count().get() == 4);
  // Outside: the committed state only.
  CHECK_FALSE(students.get("ann").get().has_value());
  CHECK(students.get("old").get()->age == 70);
  CHECK(students.count().get() == 1);
  auto outside_aql = db.aql().execute("RETURN LENGTH(FOR s IN @@c RETURN 1)", {.bind_vars = Json::object({{"@c", students.name()}})}).get();
  CHECK(outside_aql.next().get()->as_int64() == 1);
  // AQL inside sees and makes transaction writes.
  auto inside_aql = trx.aql().execute("INSERT {_key: 'aql'} INTO @@c RETURN NEW._key",
                                      {.bind_vars = Json::object({{"@c", students.name()}})}).get();
  CHECK(inside_aql.next().get()->as_string() == "aql");
  CHECK(inside.count().get() == 5);
  CHECK_FALSE(students.has("aql").get());

  trx.commit_transaction().get();
  CHECK(trx.transaction_status().get() == "committed");
  CHECK_FALSE(listed(trx.transaction_id()));
  CHECK(students.count().get() == 5);
  CHECK(students.get("ann").get()->name == "Ann");
  CHECK(students.get("old").get()->age == 71);
  CHECK(students.has("aql").get());

  // A finished transaction takes no more work.
  auto late = expect_error<DocumentInsertError>([&] { inside.insert(Student{"late", "Late", 1}).get(); });
  CHECK(late.error_code() == errno_::TRANSACTION_NOT_FOUND);
  CHECK(late.http_code() == 404);
  auto abort_after_commit = expect_error<TransactionAbortError>([&] { trx.abort_transaction().get(); });
  CHECK(abort_after_commit.error_code() == errno_::TRANSACTION_DISALLOWED_OPERATION);
}

TEST_CASE_METHOD(Fixture, "abort discards every write", "[transaction]") {
  TransactionDatabase trx = db.begin_transaction({.write = {students.name(), log.name()}}).get();
  trx.collection<Student>(students.name()).insert(Student{"gone", "Gone", 1}).get();
  trx.collection(log.name()).insert(Json::parse(R"({"_key":"entry"})")).get();
  trx.collection(log.name()).delete_("entry").get();
  trx.abort_transaction().get();
  CHECK(trx.transaction_status().get() == "aborted");
  CHECK(students.count().get() == 0);
  CHECK(log.count().get() == 0);
  auto used = expect_error<DocumentGetError>([&] { trx.collection(log.name()).get("x").get(); });
  CHECK(used.error_code() == errno_::TRANSACTION_ABORTED);
  auto commit_after_abort = expect_error<TransactionCommitError>([&] { trx.commit_transaction().get(); });
  CHECK(commit_after_abort.error_code() == errno_::TRANSACTION_DISALLOWED_OPERATION);
}

TEST_CASE_METHOD(Fixture, "a cursor iterated inside a transaction reads the transaction's data", "[transaction][cursor]") {
  for (const auto& r : students.insert_many(std::vector<Student>{{"c1", "C", 1}, {"c2", "C", 2}}).get()) REQUIRE(r.ok());
  TransactionDatabase trx = db.begin_transaction({.write = {students.name()}}).get();
  auto inside = trx.collection<Student>(students.name());
  for (int i = 3; i <= 7; ++i) inside.insert(Student{"c" + std::to_string(i), "C", i}).get();
  inside.delete_("c1").get();

  auto cursor = trx.aql()
                    .execute<Student>("FOR s IN @@c SORT s.age RETURN s",
                                      {.count = true, .batch_size = 2, .bind_vars = Json::object({{"@c", students.name()}})})
                    .get();
  CHECK(cursor.count() == 6);
  CHECK(cursor.has_more());
  std::vector<std::int64_t> ages;
  while (auto s = cursor.next().get()) ages.push_back(s->age);
  CHECK(ages == std::vector<std::int64_t>{2, 3, 4, 5, 6, 7});

  // The same query outside sees the committed two.
  auto plain = db.aql().execute("FOR s IN @@c SORT s.age RETURN s.age", {.bind_vars = Json::object({{"@c", students.name()}})}).get();
  std::vector<std::int64_t> committed;
  while (auto a = plain.next().get()) committed.push_back(a->as_int64());
  CHECK(committed == std::vector<std::int64_t>{1, 2});
  trx.abort_transaction().get();
}

TEST_CASE_METHOD(Fixture, "writing a collection not declared for writing fails", "[transaction]") {
  TransactionDatabase trx = db.begin_transaction({.read = {students.name()}, .write = {log.name()}}).get();
  auto error = expect_error<DocumentInsertError>(
      [&] { trx.collection<Student>(students.name()).insert(Student{"x", "X", 1}).get(); });
  CHECK(error.error_code() == errno_::TRANSACTION_UNREGISTERED_COLLECTION);
  CHECK(error.http_code() == 400);
  // Reading it is fine, and the declared one takes writes.
  CHECK(trx.collection<Student>(students.name()).count().get() == 0);
  trx.collection(log.name()).insert(Json::parse("{}")).get();
  trx.commit_transaction().get();
  CHECK(log.count().get() == 1);
  CHECK(students.count().get() == 0);
}

TEST_CASE_METHOD(Fixture, "unknown transactions and bad input", "[transaction]") {
  TransactionDatabase ghost = db.fetch_transaction("987654321");
  CHECK(ghost.transaction_id() == "987654321");
  auto status = expect_error<TransactionStatusError>([&] { ghost.transaction_status().get(); });
  CHECK(status.error_code() == errno_::TRANSACTION_NOT_FOUND);
  CHECK(status.http_code() == 404);
  auto insert = expect_error<DocumentInsertError>([&] { ghost.collection(log.name()).insert(Json::parse("{}")).get(); });
  CHECK(insert.error_code() == errno_::TRANSACTION_NOT_FOUND);
  auto commit = expect_error<TransactionCommitError>([&] { db.fetch_transaction("987654322").commit_transaction().get(); });
  CHECK(commit.error_code() == errno_::TRANSACTION_NOT_FOUND);

  auto missing = expect_error<TransactionInitError>([&] { db.begin_transaction({.read = {"no_such_collection"}}).get(); });
  CHECK(missing.error_code() == errno_::DATA_SOURCE_NOT_FOUND);
  CHECK(missing.http_code() == 404);

  auto denied = expect_error<TransactionInitError>([&] { bad_credentials().begin_transaction({.read = {log.name()}}).get(); });
  CHECK(denied.http_code() == 401);
  auto no_db = expect_error<TransactionInitError>([&] { unknown_database().begin_transaction().get(); });
  CHECK(no_db.error_code() == errno_::DATABASE_NOT_FOUND);
}

TEST_CASE_METHOD(Fixture, "an exclusive lock makes a second transaction wait, then time out", "[transaction]") {
  TransactionDatabase holder = db.begin_transaction({.exclusive = {students.name()}}).get();
  auto started = std::chrono::steady_clock::now();
  auto error = expect_error<TransactionInitError>(
      [&] { db.begin_transaction({.write = {students.name()}, .lock_timeout = 1}).get(); });
  auto waited = std::chrono::steady_clock::now() - started;
  CHECK(error.error_code() == errno_::LOCK_TIMEOUT);
  CHECK(waited >= 900ms);
  CHECK(waited < 30s);
  holder.commit_transaction().get();
  // Once released, the same begin succeeds.
  auto next = db.begin_transaction({.write = {students.name()}, .lock_timeout = 1}).get();
  next.abort_transaction().get();
}

TEST_CASE_METHOD(Fixture, "an idle transaction expires and is aborted", "[transaction][slow]") {
  TransactionDatabase trx = db.begin_transaction({.write = {log.name()}}).get();
  trx.collection(log.name()).insert(Json::parse(R"({"_key":"idle"})")).get();
  std::this_thread::sleep_for(idle_timeout() + 1500ms);
  CHECK(testenv::eventually([&] { return trx.transaction_status().get() == "aborted"; }, 30s));
  CHECK_FALSE(log.has("idle").get());
  expect_error<TransactionCommitError>([&] { trx.commit_transaction().get(); });
}

TEST_CASE_METHOD(Fixture, "A JavaScript transaction that throws midway writes nothing", "[transaction]") {
  // Two collections written, then a throw: the server aborts the whole transaction.
  auto e = expect_error<TransactionExecuteError>([&] {
    (void)db.execute_transaction(
                "function (params) {\n"
                "  var db = require('@arangodb').db;\n"
                "  db._collection(params.a).save({_key: 'one'});\n"
                "  db._collection(params.b).save({_key: 'two'});\n"
                "  if (db._collection(params.b).count() !== 1) return 'not visible inside';\n"
                "  throw 'midway';\n"
                "}",
                {.params = Json::object({{"a", students.name()}, {"b", log.name()}}),
                 .write = {students.name(), log.name()}})
        .get();
  });
  CHECK(e.http_code() == 500);
  CHECK(e.error_code() == errno_::TRANSACTION_INTERNAL);
  CHECK(e.error_message() == "midway");
  CHECK(students.count().get() == 0);
  CHECK(log.count().get() == 0);
  CHECK_FALSE(log.has("two").get());
}

TEST_CASE_METHOD(Fixture, "A JavaScript transaction queries and writes with its params", "[transaction]") {
  log.insert(Json::parse(R"({"_key":"a","v":1})")).get();
  log.insert(Json::parse(R"({"_key":"b","v":2})")).get();
  Json result = db.execute_transaction(
                      "function (params) {\n"
                      "  var db = require('@arangodb').db;\n"
                      "  db[params.coll].save({_key: 'c', v: params.v});\n"
                      "  return db._query('FOR d IN @@c SORT d.v RETURN d.v', {'@c': params.coll}).toArray();\n"
                      "}",
                      {.params = Json::object({{"coll", log.name()}, {"v", 3}}), .write = {log.name()}})
                    .get();
  CHECK(result.dump() == "[1,2,3]");
  CHECK(log.count().get() == 3);
}

TEST_CASE_METHOD(Fixture, "A JavaScript transaction that loops forever fails, the server keeps serving",
                 "[transaction]") {
  // Only the emulator stops a runaway script (--javascript.script-timeout); arangod would not.
  if (!testenv::is_emulator(sys)) SUCCEED("a real server runs the loop until it is killed");
  if (!testenv::is_emulator(sys)) return;
  auto started = std::chrono::steady_clock::now();
  auto e = expect_error<TransactionExecuteError>([&] {
    (void)db.execute_transaction("function () { require('@arangodb').db._collection('" + log.name() +
                                     "').save({}); while (true) {} }",
                                 {.write = {log.name()}})
        .get();
  });
  CHECK(e.http_code() == 410);
  CHECK(e.error_code() == errno_::REQUEST_CANCELED);
  CHECK(std::chrono::steady_clock::now() - started < 60s);
  CHECK(log.count().get() == 0);
  CHECK(db.execute_transaction("function () { return 'still serving'; }").get().as_string() == "still serving");
}

TEST_CASE_METHOD(Fixture, "JavaScript transactions send the real request", "[transaction]") {
  try {
    Json result = db.execute_transaction("function (params) { return params.a + 1; }",
                                         {.params = Json::object({{"a", 41}}), .read = {log.name()}})
                      .get();
    // A server that runs JavaScript answers the function's result.
    CHECK(result.as_int64() == 42);
  } catch (const TransactionExecuteError& e) {
    // A server without JavaScript (the emulator, or arangod --javascript.enabled false).
    CHECK(e.http_code() == 501);
    CHECK(e.error_code() == errno_::NOT_IMPLEMENTED);
  }
}
