// docs/async-execution.md quotes the regions of this file (and of samples/async_execution.cpp,
// the seed's example); it runs against a fresh emulator in CI (ARANGO_URL, ARANGO_USER and
// ARANGO_PASSWORD are set by arango-emulator-run, whose emulator runs one async job at a time)
// and exits non-zero when anything is not as the guide says.
#include <arango/arango.hpp>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <thread>
#include <future>

#include "example.hpp"

int main() {
  arango::ArangoClient client(env("ARANGO_URL", "http://127.0.0.1:8529"));
  arango::Auth auth{env("ARANGO_USER", "root"), env("ARANGO_PASSWORD", "")};
  arango::StandardDatabase sys = client.db("_system", {.auth = auth}).get();
  if (sys.has_database("docs_async").get()) sys.delete_database("docs_async").get();
  sys.create_database("docs_async").get();
  arango::StandardDatabase db = client.db("docs_async", {.auth = auth}).get();
  db.create_collection("events").get();

  //! [wait]
  arango::AsyncDatabase async_db = db.begin_async_execution();  // no request
  std::optional<arango::AsyncJob<arango::Cursor<arango::Json>>> slow =
      async_db.aql().execute("RETURN SLEEP(0.5)").get();  // queued: delivered at once
  try {
    slow->result().get();  // still pending
  } catch (const arango::AsyncJobResultError& e) {
    std::cout << e.message() << "\n";  // ... job <id> not done ...
  }
  bool done = slow->wait(std::chrono::seconds(10)).get();  // polls status(); false on timeout
  arango::Cursor<arango::Json> cursor = slow->result().get();  // the same T as the direct call
  //! [wait]
  expect(done, "wait() delivers true once the job is done");
  expect(cursor.next().get().has_value(), "the job's cursor yields the query's result");
  try {
    slow->result().get();
    expect(false, "a result can be fetched once");
  } catch (const arango::AsyncJobResultError& e) {
    expect(e.message().find("not found") != std::string::npos, "the second result() says not found");
  }

  //! [fire-and-forget]
  arango::AsyncDatabase fire = db.begin_async_execution(/*return_result=*/false);
  std::optional<arango::AsyncJob<arango::DocumentMeta<>>> none =
      fire.collection("events").insert(arango::Json::parse(R"({"_key": "e1"})")).get();  // std::nullopt
  //! [fire-and-forget]
  expect(!none.has_value(), "without return_result a call delivers nullopt");
  for (int i = 0; i < 500 && !db.collection("events").has("e1").get(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  expect(db.collection("events").has("e1").get(), "the fire-and-forget insert still runs");

  //! [cancel]
  auto busy = async_db.aql().execute("RETURN SLEEP(1)").get();  // occupies the emulator's one worker
  auto queued = async_db.collection("events").insert(arango::Json::parse(R"({"_key": "e2"})")).get();
  bool cancelled = queued->cancel().get();  // true: it had not started
  queued->wait().get();                      // a cancelled job ends as "done" ...
  try {
    queued->result().get();                  // ... and its result is the call's error
  } catch (const arango::DocumentInsertError& e) {
    std::cout << e.http_code() << " " << e.error_code() << "\n";  // 410 21: canceled request
  }
  //! [cancel]
  expect(cancelled, "a queued job can be cancelled");
  try {
    queued->result().get();
    expect(false, "the result of a cancelled job is fetched once");
  } catch (const arango::AsyncJobResultError&) {
  }
  {
    auto again = async_db.aql().execute("RETURN SLEEP(1)").get();
    auto victim = async_db.collection("events").insert(arango::Json::parse(R"({"_key": "e3"})")).get();
    expect(victim->cancel().get(), "a second queued job can be cancelled");
    expect(victim->wait(std::chrono::seconds(10)).get(), "a cancelled job ends as done");
    try {
      victim->result().get();
      expect(false, "a cancelled job's result is an error");
    } catch (const arango::DocumentInsertError& e) {
      expect(e.http_code() == 410 && e.error_code() == 21, "a cancelled job's result is 410 / 21");
    }
    again->wait().get();
    again->clear(true).get();
  }
  busy->wait().get();
  busy->clear(true).get();
  expect(!db.collection("events").has("e2").get(), "a cancelled insert never runs");

  //! [callback]
  std::promise<std::string> id;
  async_db.version({}, [&id](arango::Result<std::optional<arango::AsyncJob<arango::Json>>> r) {
    id.set_value(r ? r.value()->id() : std::string("failed"));
  });
  std::string job_id = id.get_future().get();
  //! [callback]
  expect(!job_id.empty() && job_id != "failed", "a callback receives the job");

  sys.delete_database("docs_async").get();
  if (failures == 0) std::cout << "async execution: all as documented\n";
  return failures == 0 ? 0 : 1;
}
