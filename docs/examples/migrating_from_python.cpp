// docs/migrating-from-python.md quotes the regions of this file; it runs against a fresh emulator
// in CI (ARANGO_URL, ARANGO_USER and ARANGO_PASSWORD are set by arango-emulator-run) and exits
// non-zero when anything is not as the guide says.
#include <arango/arango.hpp>

#include <coroutine>
#include <cstdlib>
#include <exception>
#include <future>
#include <iostream>
#include <string>
#include <vector>

#include "example.hpp"

namespace {

//! [coroutine]
arango::Task<std::vector<std::string>> student_names(arango::StandardDatabase db) {
  std::vector<std::string> names;
  auto cursor = co_await db.aql().execute("FOR s IN students SORT s._key RETURN s.name", {}, arango::use_awaitable);
  while (std::optional<arango::Json> name = co_await cursor.next(arango::use_awaitable)) {
    names.emplace_back(name->as_string());
  }
  co_return names;
}
//! [coroutine]

}  // namespace

int main() {
  const std::string url = env("ARANGO_URL", "http://127.0.0.1:8529");
  const std::string password = env("ARANGO_PASSWORD", "");
  {
    arango::ArangoClient setup(url);
    arango::StandardDatabase sys = setup.db("_system", {.auth = arango::Auth{"root", password}}).get();
    if (sys.has_database("test").get()) sys.delete_database("test").get();
  }

  //! [connect]
  arango::ArangoClient client(url);                       // ArangoClient(hosts=url)
  arango::Auth auth{"root", password};                    // Auth(username="root", password=...)
  arango::StandardDatabase sys = client.db("_system", {.auth = auth}).get();  // await client.db(...)
  if (!sys.has_database("test").get()) sys.create_database("test").get();
  arango::StandardDatabase db = client.db("test", {.auth = auth}).get();
  //! [connect]

  //! [documents]
  arango::StandardCollection<> students = db.create_collection("students").get();
  arango::DocumentMeta<> meta =
      students.insert(arango::Json::object({{"_key", "ann"}, {"name", "Ann"}}), {.return_new = true}).get();
  students.insert(arango::Json::object({{"_key", "bob"}, {"name", "Bob"}})).get();
  std::optional<arango::Json> ann = students.get("ann").get();  // None → std::nullopt
  students.delete_("bob", {.ignore_missing = true}).get();       // delete → delete_
  //! [documents]
  expect(meta.key == "ann" && meta.new_doc.has_value(), "insert with return_new");
  expect(ann && (*ann)["name"].as_string() == "Ann", "get");

  //! [get-many]
  auto items = students.get_many(std::vector<std::string>{"ann", "bob"}).get();
  for (const arango::BulkItem<arango::Json>& item : items) {
    if (item.ok()) std::cout << (*item)["name"].as_string() << "\n";
    else std::cout << "missing: " << item.error().error_code << "\n";  // bob: 1202
  }
  //! [get-many]
  expect(items.size() == 2 && items[0].ok() && !items[1].ok() && items[1].error().error_code == 1202,
         "get_many keeps the missing document in place");

  //! [errors]
  try {
    students.insert(arango::Json::object({{"_key", "ann"}})).get();
  } catch (const arango::DocumentInsertError& e) {  // except DocumentInsertError as e:
    std::cout << e.http_code() << " " << e.error_code() << " " << e.error_message() << "\n";
  } catch (const arango::ArangoError& e) {          // except ArangoError: any other of the library's
    std::cout << e.class_name() << ": " << e.message() << "\n";
  }
  //! [errors]
  try {
    students.insert(arango::Json::object({{"_key", "ann"}})).get();
    expect(false, "a duplicate key fails");
  } catch (const arango::ArangoServerError& e) {
    expect(std::string(e.class_name()) == "DocumentInsertError" && e.error_code() == 1210,
           "the error class is the seed's, with its name");
  }

  //! [aql]
  arango::Cursor<arango::Json> cursor = db.aql().execute("FOR s IN students RETURN s.name", {.batch_size = 10}).get();
  while (std::optional<arango::Json> name = cursor.next().get()) std::cout << name->as_string() << "\n";
  //! [aql]

  std::vector<std::string> names = arango::sync_wait(student_names(db));
  expect(names == std::vector<std::string>{"Ann"}, "the coroutine reads the cursor");

  //! [context]
  arango::AsyncDatabase async_db = db.begin_async_execution();  // begin_async_execution(return_result=True)
  auto job = async_db.collection("students").count().get();    // AsyncJob, or nullopt without results
  job->wait().get();
  std::int64_t count = job->result().get();                     // await job.result()
  //! [context]
  expect(count == 1, "the job's result is the call's result");

  sys.delete_database("test").get();
  if (failures == 0) std::cout << "migrating from python: all as documented\n";
  return failures == 0 ? 0 : 1;
}
