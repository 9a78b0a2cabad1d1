// docs/getting-started.md quotes the regions of this file; it runs against a fresh emulator in CI
// (ARANGO_URL, ARANGO_USER and ARANGO_PASSWORD are set by arango-emulator-run) and exits non-zero
// when anything is not as the guide says.
#include <arango/arango.hpp>

#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "example.hpp"

int main() {
  const std::string url = env("ARANGO_URL", "http://127.0.0.1:8529");
  const std::string password = env("ARANGO_PASSWORD", "");

  //! [connect]
  arango::ArangoClient client(url);  // e.g. "http://127.0.0.1:8529"
  arango::Auth auth{"root", password};
  // verify = true asks the server for its version first: a wrong password or an unreachable
  // host fails here instead of on the first real call.
  arango::StandardDatabase sys = client.db("_system", {.auth = auth, .verify = true}).get();
  //! [connect]

  //! [database]
  if (!sys.has_database("library").get()) sys.create_database("library").get();
  arango::StandardDatabase db = client.db("library", {.auth = auth}).get();
  //! [database]

  //! [documents]
  arango::StandardCollection books = db.create_collection("books").get();
  books.insert(arango::Json::parse(R"({"_key": "dune", "title": "Dune", "year": 1965})")).get();
  arango::Json dune = books.get("dune").get().value();
  std::cout << dune["title"].as_string() << " (" << dune["year"].as_int64() << ")\n";
  //! [documents]
  expect(dune["title"].as_string() == "Dune", "get returns the inserted document");
  expect(dune["year"].as_int64() == 1965, "numbers read back as numbers");

  //! [aql]
  auto cursor = db.aql().execute("FOR b IN books FILTER b.year < @year SORT b.title RETURN b.title",
                                 {.bind_vars = arango::Json::parse(R"({"year": 2000})")}).get();
  std::vector<std::string> titles;
  while (auto title = cursor.next().get()) titles.emplace_back(title->as_string());
  //! [aql]
  expect(titles == std::vector<std::string>{"Dune"}, "the query returns the one title before 2000");

  sys.delete_database("library").get();
  if (failures == 0) std::cout << "getting started: all as documented\n";
  return failures == 0 ? 0 : 1;
}
