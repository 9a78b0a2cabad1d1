// Async execution (AsyncDatabase, AsyncJob) against the server named by ARANGO_URL (the emulator
// by default): each job state and error, and an async call from every API class family.
#include <arango/arango.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
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
  AsyncDatabase async_db = db.begin_async_execution();

  /// Waits for the job and fetches its result.
  template <class Job>
  static auto finish(const Job& job) {
    REQUIRE(job.has_value());
    REQUIRE(job->wait(30s, 50ms).get());
    return job->result().get();
  }
};

bool contains(const std::vector<std::string>& ids, const std::string& id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

bool says(const std::string& message, const std::string& part) { return message.find(part) != std::string::npos; }

}  // namespace

TEST_CASE_METHOD(Fixture, "a job is pending while it runs, then done; its result is fetched once", "[async]") {
  auto slow = async_db.aql().execute("RETURN SLEEP(1.5) || 7").get();
  REQUIRE(slow);
  CHECK(slow->status().get() == "pending");
  CHECK(contains(db.async_jobs("pending").get(), slow->id()));
  CHECK_FALSE(contains(db.async_jobs("done").get(), slow->id()));
  // Its result is not there yet.
  auto not_done = expect_error<AsyncJobResultError>([&] { slow->result().get(); });
  CHECK(says(not_done.message(), "job " + slow->id() + " not done"));
  // wait() with a short timeout gives up.
  CHECK_FALSE(slow->wait(100ms, 20ms).get());

  CHECK(slow->wait(30s, 50ms).get());
  CHECK(slow->status().get() == "done");
  CHECK(contains(db.async_jobs("done").get(), slow->id()));
  CHECK_FALSE(contains(db.async_jobs("pending").get(), slow->id()));

  auto cursor = slow->result().get();
  CHECK(cursor.next().get()->as_int64() == 7);

  // Fetched once: the server forgot it.
  auto gone = expect_error<AsyncJobStatusError>([&] { slow->status().get(); });
  CHECK(says(gone.message(), "job " + slow->id() + " not found"));
  auto again = expect_error<AsyncJobResultError>([&] { slow->result().get(); });
  CHECK(says(again.message(), "job " + slow->id() + " not found"));
  CHECK_FALSE(slow->clear(/*ignore_missing=*/true).get());
  CHECK_FALSE(slow->cancel(/*ignore_missing=*/true).get());
  expect_error<AsyncJobClearError>([&] { slow->clear().get(); });
  expect_error<AsyncJobCancelError>([&] { slow->cancel().get(); });
}

TEST_CASE_METHOD(Fixture, "a failed call's job throws the call's own error from result()", "[async]") {
  auto students = make_collection<Student>("students");
  auto async_students = async_db.collection<Student>(students.name());

  auto parse_error = async_db.aql().execute("RETURN x x").get();
  auto error = expect_error<AQLQueryExecuteError>([&] { finish(parse_error); });
  CHECK(error.http_code() == 400);
  CHECK(error.error_code() == errno_::QUERY_PARSE);
  CHECK(std::string(error.message()).find("syntax error") != std::string::npos);

  CHECK(finish(async_students.insert(Student{"ann", "Ann", 20}).get()).id == students.name() + "/ann");
  auto duplicate = expect_error<DocumentInsertError>([&] { finish(async_students.insert(Student{"ann", "Ann", 20}).get()); });
  CHECK(duplicate.error_code() == errno_::UNIQUE_CONSTRAINT_VIOLATED);
  CHECK(duplicate.http_code() == 409);

  auto missing = expect_error<CollectionPropertiesError>(
      [&] { finish(async_db.collection("no_such_collection").properties().get()); });
  CHECK(missing.error_code() == errno_::DATA_SOURCE_NOT_FOUND);

  // get() of a missing document is nullopt in the default context, and so in a job.
  CHECK_FALSE(finish(async_students.get("nobody").get()).has_value());
}

TEST_CASE_METHOD(Fixture, "cancel and clear", "[async]") {
  // Cancel a running query: the server accepts the cancellation and the query ends early.
  auto slow = async_db.aql().execute("RETURN SLEEP(20)").get();
  REQUIRE(slow);
  REQUIRE(testenv::eventually([&] { return !db.aql().queries().get().empty(); }, 10s));
  auto started = std::chrono::steady_clock::now();
  CHECK(slow->cancel().get());
  CHECK(slow->wait(15s, 50ms).get());
  CHECK(std::chrono::steady_clock::now() - started < 15s);
  (void)slow->clear(true).get();

  // clear() drops a finished job's result.
  auto version = async_db.version().get();
  REQUIRE(version->wait(30s, 20ms).get());
  CHECK(version->clear().get());
  expect_error<AsyncJobStatusError>([&] { version->status().get(); });

  // clear_async_jobs(threshold) drops jobs finished before it, clear_async_jobs() all of them.
  auto old_job = async_db.version().get();
  REQUIRE(old_job->wait(30s, 20ms).get());
  std::this_thread::sleep_for(50ms);
  double stamp = std::chrono::duration<double>(db.time().get().time_since_epoch()).count();
  auto new_job = async_db.version().get();
  REQUIRE(new_job->wait(30s, 20ms).get());
  db.clear_async_jobs(stamp).get();
  auto done = db.async_jobs("done").get();
  CHECK_FALSE(contains(done, old_job->id()));
  CHECK(contains(done, new_job->id()));
  db.clear_async_jobs().get();
  CHECK_FALSE(contains(db.async_jobs("done").get(), new_job->id()));

  // async_jobs with a count lists at most that many.
  for (int i = 0; i < 3; ++i) REQUIRE(async_db.version().get()->wait(30s, 20ms).get());
  CHECK(db.async_jobs("done", 2).get().size() == 2);
  CHECK(db.async_jobs("done").get().size() >= 3);
  expect_error<AsyncJobListError>([&] { db.async_jobs("nonsense").get(); });
  db.clear_async_jobs().get();
}

TEST_CASE_METHOD(Fixture, "without return_result the call runs and nothing is kept", "[async]") {
  auto students = make_collection<Student>("students");
  AsyncDatabase fire_and_forget = db.begin_async_execution(false);
  auto job = fire_and_forget.collection<Student>(students.name()).insert(Student{"bob", "Bob", 30}).get();
  CHECK_FALSE(job.has_value());
  REQUIRE(testenv::eventually([&] { return students.has("bob").get(); }, 10s));
  CHECK(students.get("bob").get()->age == 30);
}

TEST_CASE_METHOD(Fixture, "a job that cannot be queued fails with AsyncExecuteError", "[async]") {
  auto denied = expect_error<AsyncExecuteError>([&] { bad_credentials().begin_async_execution().version().get(); });
  CHECK(denied.http_code() == 401);
  auto unknown = expect_error<AsyncExecuteError>([&] { unknown_database().begin_async_execution().version().get(); });
  CHECK(unknown.error_code() == errno_::DATABASE_NOT_FOUND);
}

TEST_CASE_METHOD(Fixture, "every API class family runs as an async job", "[async]") {
  // Database
  CHECK(finish(async_db.version().get())["server"].as_string() == "arango");
  CHECK(finish(async_db.properties().get()).name == db_name);
  auto made = finish(async_db.create_collection<Student>(testenv::unique_name("jobs")).get());
  guard.track(made.name());
  CHECK(made.context() == "async");  // a handle made by a job keeps the job's context
  CHECK(finish(async_db.has_collection(made.name()).get()));

  // StandardCollection
  auto meta = finish(made.insert(Student{"cy", "Cy", 40}).get());
  CHECK(meta.key == "cy");
  CHECK(finish(made.get("cy").get())->age == 40);
  CHECK(finish(made.count().get()) == 1);
  auto many = finish(made.insert_many(std::vector<Student>{{"d1", "D", 1}, {"d2", "D", 2}}).get());
  CHECK(many.size() == 2);
  CHECK(finish(made.properties().get()).name == made.name());

  // AQL and its cursor, and the query cache
  auto cursor = finish(async_db.aql().execute<Student>("FOR s IN @@c SORT s.age RETURN s",
                                                        {.batch_size = 1, .bind_vars = Json::object({{"@c", made.name()}})})
                           .get());
  std::vector<std::int64_t> ages;
  while (auto s = cursor.next().get()) ages.push_back(s->age);  // later batches: plain requests
  CHECK(ages == std::vector<std::int64_t>{1, 2, 40});
  CHECK(finish(async_db.aql().validate("FOR s IN c RETURN s").get())["bindVars"].is_array());
  CHECK(finish(async_db.aql().explain("RETURN 1").get())["plan"]["nodes"].is_array());
  CHECK_FALSE(finish(async_db.aql().cache().properties().get()).mode.empty());

  // Graph, VertexCollection, EdgeCollection
  std::string vertices = testenv::unique_name("v");
  std::string edges = testenv::unique_name("e");
  guard.track(vertices);
  guard.track(edges);
  auto graph = finish(async_db
                          .create_graph(testenv::unique_name("g"),
                                        {.edge_definitions = {{.edge_collection = edges,
                                                               .from_vertex_collections = {vertices},
                                                               .to_vertex_collections = {vertices}}}})
                          .get());
  CHECK(finish(graph.properties().get()).name == graph.name());
  auto a = finish(graph.vertex_collection(vertices).insert(Json::parse(R"({"_key":"a"})")).get());
  auto b = finish(graph.vertex_collection(vertices).insert(Json::parse(R"({"_key":"b"})")).get());
  auto link = finish(graph.edge_collection(edges).link(a.id, b.id).get());
  CHECK(link.id.rfind(edges + "/", 0) == 0);
  CHECK(finish(graph.edge_collection(edges).edges(a.id).get())["edges"].size() == 1);
  CHECK(finish(async_db.delete_graph(graph.name(), {.drop_collections = true}).get()));

  // Transactions listing through a job
  CHECK(finish(async_db.list_transactions().get()).empty());
}
