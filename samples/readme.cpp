// The example of README.md (scripts/check_docs.py keeps the README's copy equal to this region).
//! [readme]
#include <arango/arango.hpp>
#include <iostream>

int main() {
  arango::ArangoClient client("http://127.0.0.1:8529");
  arango::StandardDatabase sys = client.db("_system", {.auth = arango::Auth{"root", "passwd"}}).get();

  std::cout << sys.version().get()["version"].as_string() << "\n";       // blocking: a future
  if (!sys.has_database("shop").get()) sys.create_database("shop").get();

  sys.engine([](arango::Result<arango::Json> r) {                          // a callback, on the I/O thread
    if (r) std::cout << r.value()["name"].as_string() << "\n";
  });

  try {
    sys.delete_database("nope").get();
  } catch (const arango::DatabaseDeleteError& e) {                         // the seed's exception types
    std::cout << e.http_code() << " " << e.error_code() << " " << e.error_message() << "\n";
  }
  auto quick = sys.with_timeout(std::chrono::milliseconds(200));           // per-call deadline
  quick.status().get();
}
//! [readme]
