// docs/client-and-databases.md quotes the regions of this file; it runs against a fresh emulator in
// CI (ARANGO_URL, ARANGO_USER and ARANGO_PASSWORD are set by arango-emulator-run) and exits non-zero
// when anything is not as the guide says.
#include <arango/arango.hpp>

#include <algorithm>
#include <chrono>
#include <coroutine>
#include <cstdlib>
#include <exception>
#include <future>
#include <iostream>
#include <stop_token>
#include <string>
#include <vector>

#include "example.hpp"

namespace {

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

//! [task]
arango::Task<std::string> print_version(arango::StandardDatabase db) {
  arango::Json v = co_await db.version({}, arango::use_awaitable);  // resumes on the I/O thread
  std::cout << "coroutine: " << v["version"].as_string() << "\n";
  co_return std::string(v["version"].as_string());
}
//! [task]

}  // namespace

int main() {
  const std::string url = env("ARANGO_URL", "http://127.0.0.1:8529");
  const std::string user = env("ARANGO_USER", "root");
  const std::string password = env("ARANGO_PASSWORD", "");

  {
    //! [options]
    arango::ArangoClient client(arango::ClientOptions{
        .hosts = {url},                  // several coordinators: several URLs
        .host_resolver = "roundrobin",   // "default", "single", "roundrobin" or your own
        .http = {.request_timeout = std::chrono::seconds(30),
                 .connect_timeout = std::chrono::seconds(5)}});
    //! [options]
    expect(client.hosts() == std::vector<std::string>{url}, "hosts() are the URLs given");
  }

  //! [client]
  arango::ArangoClient client(url);  // one I/O thread; share the client between threads
  arango::Auth auth{user, password};
  arango::StandardDatabase sys = client.db("_system", {.auth = auth, .verify = true}).get();
  std::cout << "arango-async " << arango::ArangoClient::version() << "\n";
  //! [client]
  expect(sys.name() == "_system", "name() is the database name");
  expect(sys.context() == "default", "a StandardDatabase's context is \"default\"");

  //! [verify]
  try {
    client.db("_system", {.auth = arango::Auth{user, password + "-wrong"}, .verify = true}).get();
  } catch (const arango::ServerConnectionError& e) {
    std::cout << e.http_code() << " " << e.message() << "\n";  // 401 Authentication failed. ...
  }
  //! [verify]
  try {
    client.db("_system", {.auth = arango::Auth{user, password + "-wrong"}, .verify = true}).get();
    expect(false, "a wrong password with verify fails");
  } catch (const arango::ServerConnectionError& e) {
    expect(e.http_code() == 401, "a wrong password answers 401");
    expect(e.message().find("Authentication failed.") != std::string::npos, "the message says Authentication failed.");
  }
  // Without verify the handle is made without a request; the first call fails instead.
  {
    arango::StandardDatabase unchecked = client.db("_system", {.auth = arango::Auth{user, password + "-wrong"}}).get();
    try {
      unchecked.version().get();
      expect(false, "without verify, the first call fails with a wrong password");
    } catch (const arango::ServerVersionError& e) {
      expect(e.http_code() == 401, "without verify, the first call answers 401");
    }
  }

  //! [manage]
  const arango::CreateDatabaseOptions options{.users = {arango::UserInfo{.user = "shop_admin", .password = "s3cret"}}};
  if (!sys.has_database("shop").get()) sys.create_database("shop", options).get();
  std::vector<std::string> names = sys.databases().get();  // from _system only

  arango::StandardDatabase shop = client.db("shop", {.auth = auth}).get();
  arango::DatabaseProperties props = shop.properties().get();
  std::cout << props.name << " is_system=" << props.is_system << "\n";
  //! [manage]
  expect(contains(names, "shop"), "databases() lists the new database");
  expect(props.name == "shop" && !props.is_system, "properties() describes the database");
  {
    arango::StandardDatabase as_admin = client.db("shop", {.auth = arango::Auth{"shop_admin", "s3cret"}, .verify = true}).get();
    expect(contains(as_admin.databases_accessible_to_user().get(), "shop"),
           "the user created with the database may use it");
  }

  //! [errors]
  try {
    shop.create_database("nested").get();  // only _system manages databases
  } catch (const arango::DatabaseCreateError& e) {
    std::cout << e.http_code() << " " << e.error_code() << " " << e.error_message() << "\n";
  }
  bool deleted = sys.delete_database("no_such_db", {.ignore_missing = true}).get();  // false
  //! [errors]
  expect(!deleted, "delete_database with ignore_missing delivers false for a missing database");
  try {
    shop.create_database("nested").get();
    expect(false, "create_database outside _system fails");
  } catch (const arango::DatabaseCreateError& e) {
    expect(e.error_code() == 1230, "create_database outside _system is errorNum 1230");
  }
  try {
    sys.delete_database("no_such_db").get();
    expect(false, "delete_database of a missing database fails");
  } catch (const arango::DatabaseDeleteError& e) {
    expect(e.http_code() == 404 && e.error_code() == 1228, "a missing database is 404 / 1228");
  }

  //! [server]
  arango::Json version = sys.version({.details = true}).get();  // server, version, license, details
  arango::Json engine = sys.engine().get();                    // {"name": "rocksdb", ...}
  std::chrono::system_clock::time_point now = sys.time().get();
  arango::ServerStatusInformation status = sys.status().get();
  //! [server]
  expect(version["version"].is_string() && version["details"].is_object(), "version({.details=true}) has details");
  expect(engine["name"].is_string(), "engine() names the engine");
  expect(std::chrono::abs(now - std::chrono::system_clock::now()) < std::chrono::minutes(5),
         "time() is the server's clock");
  expect(!status.version.empty(), "status() carries the version");

  //! [callback]
  std::promise<std::string> got;
  sys.version({}, [&got](arango::Result<arango::Json> r) {  // runs once, on the I/O thread
    if (r) got.set_value(std::string(r.value()["version"].as_string()));
    else got.set_value(std::string("failed: ") + r.error().message());
  });
  std::cout << "callback: " << got.get_future().get() << "\n";
  //! [callback]

  //! [coroutine]
  std::string from_task = arango::sync_wait(print_version(sys));  // runs it, waits, rethrows
  //! [coroutine]
  expect(from_task == version["version"].as_string(), "the task returns what the coroutine read");

  //! [timeout]
  auto quick = sys.with_timeout(std::chrono::milliseconds(200));  // a copy; sys is unchanged
  try {
    quick.aql().execute("RETURN SLEEP(2)").get();
  } catch (const arango::RequestTimeoutError& e) {
    std::cout << "timed out: " << e.message() << "\n";
  }
  //! [timeout]
  {
    auto start = std::chrono::steady_clock::now();
    try {
      quick.aql().execute("RETURN SLEEP(2)").get();
      expect(false, "with_timeout ends a slow call");
    } catch (const arango::RequestTimeoutError&) {
      expect(std::chrono::steady_clock::now() - start < std::chrono::milliseconds(1500),
             "the timeout ends the call before the server answers");
    }
    expect(sys.aql().execute("RETURN 1").get().next().get().has_value(), "the original handle has no deadline");
  }

  //! [cancel]
  std::stop_source stop;
  auto cancellable = sys.with_cancellation(stop.get_token());
  arango::Future<arango::Cursor<arango::Json>> slow = cancellable.aql().execute("RETURN SLEEP(2)");
  stop.request_stop();  // ends the call, queued or on the wire
  try {
    slow.get();
  } catch (const arango::RequestCanceledError& e) {
    std::cout << "canceled: " << e.message() << "\n";
  }
  //! [cancel]
  try {
    cancellable.version().get();
    expect(false, "a call through a stopped token fails");
  } catch (const arango::RequestCanceledError&) {
  }

  //! [request]
  arango::Request request(arango::Method::GET, "/_api/collection");
  arango::Response response = shop.request(request).get();  // sent to /_db/shop/_api/collection
  std::cout << response.status_code << "\n";                 // any status: never throws for it
  //! [request]
  expect(response.status_code == 200, "request() delivers the raw response");

  sys.delete_database("shop").get();
  sys.delete_user("shop_admin", {.ignore_missing = true}).get();

  //! [close]
  client.close();  // pending calls end with ClientShutdownError, so do later ones
  try {
    sys.version().get();
  } catch (const arango::ClientShutdownError& e) {
    std::cout << "closed: " << e.message() << "\n";
  }
  //! [close]
  try {
    sys.version().get();
    expect(false, "a call after close() fails");
  } catch (const arango::ClientShutdownError&) {
  }

  if (failures == 0) std::cout << "client and databases: all as documented\n";
  return failures == 0 ? 0 : 1;
}
