// docs/errors.md quotes the regions of this file. It runs against a fresh emulator (and uses its
// fault injection for an answer that is not JSON) and exits non-zero when anything is not as the
// guide says.
#include <arango/arango.hpp>

#include <cstdlib>
#include <future>
#include <iostream>
#include <string>
#include <vector>

#include "example.hpp"

int main() {
  const std::string url = env("ARANGO_URL", "http://127.0.0.1:8529");
  const arango::Auth auth{env("ARANGO_USER", "root"), env("ARANGO_PASSWORD", "")};
  arango::ArangoClient client(url);
  arango::StandardDatabase sys = client.db("_system", {.auth = auth}).get();

  //! [server-error]
  try {
    sys.delete_database("no_such_db").get();
  } catch (const arango::DatabaseDeleteError& e) {  // the seed's class for this call
    std::cout << e.class_name() << ": " << e.message() << "\n"
              << "  http_code     " << e.http_code() << "\n"       // 404
              << "  error_code    " << e.error_code() << "\n"      // 1228 (errorNum)
              << "  error_message " << e.error_message() << "\n"   // "database not found"
              << "  request       " << e.http_method() << " " << e.url() << "\n";
    if (e.error_code() == arango::errno_::DATABASE_NOT_FOUND)
      std::cout << "  " << arango::errno_name(e.error_code()) << "\n";  // "DATABASE_NOT_FOUND"
  }
  //! [server-error]
  {
    bool ok = false;
    try {
      sys.delete_database("no_such_db").get();
    } catch (const arango::DatabaseDeleteError& e) {
      ok = e.http_code() == 404 && e.error_code() == 1228 && e.error_message() == "database not found" &&
           std::string(e.class_name()) == "DatabaseDeleteError" && e.http_method() == "DELETE" &&
           e.url().find("/_api/database/no_such_db") != std::string::npos &&
           e.message() == "[HTTP 404][ERR 1228] database not found" && e.source() == arango::ErrorSource::server;
    }
    expect(ok, "a missing database: DatabaseDeleteError 404 / 1228 'database not found'");
    expect(arango::errno_name(1228) == "DATABASE_NOT_FOUND", "errno_name names error numbers");
    expect(!arango::errno_message(1202).empty(), "errno_message gives ArangoDB's generic text");
  }

  //! [by-kind]
  auto books = sys.collection("no_such_collection");
  try {
    (void)books.insert(arango::Json::object({{"title", "Dune"}})).get();
  } catch (const arango::ArangoServerError& e) {  // every error the server answered
    std::cout << "server said " << e.http_code() << "/" << e.error_code() << "\n";
  } catch (const arango::ClientConnectionError& e) {  // no answer: host down, reset, TLS ...
    std::cout << "no answer: " << e.what() << "\n";
  } catch (const arango::ArangoClientError& e) {  // any other client-side failure
    std::cout << "client: " << e.class_name() << " " << e.what() << "\n";
  }
  //! [by-kind]
  {
    bool ok = false;
    try {
      (void)books.insert(arango::Json::object({{"title", "Dune"}})).get();
    } catch (const arango::DocumentInsertError& e) {
      ok = e.http_code() == 404 && e.error_code() == arango::errno_::DATA_SOURCE_NOT_FOUND;
    }
    expect(ok, "an insert into a missing collection is DocumentInsertError 404 / 1203");
  }

  //! [client-error]
  try {
    (void)sys.collection("books").get("authors/tolkien").get();  // an id of another collection
  } catch (const arango::DocumentParseError& e) {  // found before anything was sent
    std::cout << e.class_name() << ": " << e.what() << " (" << (e.source() == arango::ErrorSource::client) << ")\n";
  }
  //! [client-error]
  {
    bool ok = false;
    try {
      (void)sys.collection("books").get("authors/tolkien").get();
    } catch (const arango::DocumentParseError& e) {
      ok = e.source() == arango::ErrorSource::client;
    }
    expect(ok, "an id of another collection is DocumentParseError, a client error");
  }

  //! [too-large]
  // At most 100 bytes of response for calls on this handle: a bigger answer ends the call at once.
  arango::StandardDatabase small = sys.with_call_options({.max_response_size = 100});
  try {
    (void)small.version({.details = true}).get();
  } catch (const arango::ResponseTooLargeError& e) {
    std::cout << e.what() << "\n";
  }
  //! [too-large]
  {
    bool ok = false;
    try {
      (void)small.version({.details = true}).get();
    } catch (const arango::ResponseTooLargeError&) {
      ok = true;
    }
    expect(ok, "a response over max_response_size is ResponseTooLargeError");
  }

  {
    // The emulator answers 200 with a body that is not JSON.
    arango::Request fault(arango::Method::POST, "/_emulator/faults", {},
                          R"({"path":"/_api/version","action":"garbage","count":1})");
    fault.prefix_needed = false;
    expect(sys.request(fault).get().is_success, "fault injected");
    //! [deserialization]
    try {
      (void)sys.version().get();  // the server's answer was not JSON
    } catch (const arango::DeserializationError& e) {
      std::cout << "unreadable answer: " << e.what() << "\n";
    }
    //! [deserialization]
    fault.data = R"({"path":"/_api/version","action":"garbage","count":1})";
    (void)sys.request(fault).get();
    bool ok = false;
    try {
      (void)sys.version().get();
    } catch (const arango::DeserializationError&) {
      ok = true;
    }
    expect(ok, "a 200 whose body is not JSON is DeserializationError");
  }

  //! [cause]
  arango::ArangoClient nowhere("http://127.0.0.1:1");
  try {
    (void)nowhere.db("_system", {.auth = auth, .verify = true}).get();
  } catch (const arango::ServerConnectionError& e) {  // "Failed to connect."
    if (e.cause()) std::cout << "because: " << e.cause()->class_name() << ": " << e.cause()->what() << "\n";
  }
  //! [cause]
  {
    bool ok = false;
    try {
      (void)nowhere.db("_system", {.auth = auth, .verify = true}).get();
    } catch (const arango::ServerConnectionError& e) {
      ok = e.message().find("Failed to connect.") != std::string::npos && e.cause() &&
           dynamic_cast<const arango::ClientConnectionError*>(e.cause().get()) != nullptr;
    }
    expect(ok, "verify with no answer: ServerConnectionError 'Failed to connect.' with the connection error as cause");
  }

  //! [result]
  // In a callback the error comes as a Result: test it, read it, or rethrow it as its own type.
  std::promise<std::string> seen;
  sys.delete_database("no_such_db", {}, [&seen](arango::Result<bool> r) {
    if (r) {
      seen.set_value("deleted");
    } else {
      const arango::ArangoError& e = r.error();
      auto* server = dynamic_cast<const arango::ArangoServerError*>(&e);
      seen.set_value(std::string(e.class_name()) + " " + std::to_string(server ? server->error_code() : 0));
      // r.value() would throw DatabaseDeleteError; r.error_ptr() keeps it for later.
    }
  });
  std::string outcome = seen.get_future().get();
  std::cout << outcome << "\n";  // "DatabaseDeleteError 1228"
  //! [result]
  expect(outcome == "DatabaseDeleteError 1228", "a callback receives the error in its Result");

  //! [bulk]
  arango::StandardCollection<> notes = sys.create_collection("notes").get();
  auto items = notes.insert_many(arango::Json::parse(R"([{"_key": "a"}, {"_key": "a"}])")).get();
  for (const auto& item : items) {
    if (item.ok()) std::cout << "stored " << item.value().key << "\n";
    else std::cout << "refused: " << item.error().error_code << " " << item.error().error_message << "\n";
  }
  //! [bulk]
  expect(items.size() == 2 && items[0].ok() && !items[1].ok() &&
             items[1].error().error_code == arango::errno_::UNIQUE_CONSTRAINT_VIOLATED,
         "insert_many reports the duplicate in place (1210) and raises nothing");
  sys.delete_collection("notes").get();

  if (failures == 0) std::cout << "errors: all as documented\n";
  return failures == 0 ? 0 : 1;
}
