// Quickstart: connect, create a database, read the server version, clean up.
// Runs against ARANGO_URL (default http://127.0.0.1:8529) as ARANGO_USER / ARANGO_PASSWORD.
#include <arango/arango.hpp>

#include <cstdlib>
#include <iostream>

static std::string env(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v && *v ? v : fallback;
}

int main() {
  arango::ArangoClient client(env("ARANGO_URL", "http://127.0.0.1:8529"));
  arango::Auth auth{env("ARANGO_USER", "root"), env("ARANGO_PASSWORD", "")};
  arango::StandardDatabase sys = client.db("_system", {.auth = auth, .verify = true}).get();

  arango::Json version = sys.version().get();
  std::cout << "connected to " << version["server"].as_string() << " " << version["version"].as_string() << "\n";

  if (!sys.has_database("quickstart").get()) sys.create_database("quickstart").get();
  arango::StandardDatabase db = client.db("quickstart", {.auth = auth}).get();
  std::cout << "using database " << db.properties().get().name << "\n";

  // The same call with a callback instead of a future.
  std::promise<void> done;
  sys.engine([&](arango::Result<arango::Json> engine) {
    if (engine) std::cout << "storage engine: " << engine.value()["name"].as_string() << "\n";
    done.set_value();
  });
  done.get_future().wait();

  try {
    sys.delete_database("no-such-database").get();
  } catch (const arango::DatabaseDeleteError& e) {
    std::cout << "expected error: " << e.message() << " (errorNum " << e.error_code() << ")\n";
  }
  sys.delete_database("quickstart").get();
  std::cout << "quickstart done\n";
}
