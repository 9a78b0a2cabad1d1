// docs/views-and-search.md quotes the regions of this file; it runs against a fresh emulator in CI
// (ARANGO_URL, ARANGO_USER and ARANGO_PASSWORD are set by arango-emulator-run) and exits non-zero
// when anything is not as the guide says.
#include <arango/arango.hpp>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "example.hpp"

namespace {

std::vector<std::string> strings(arango::Cursor<arango::Json> cursor) {
  std::vector<std::string> out;
  while (std::optional<arango::Json> item = cursor.next().get()) out.emplace_back(item->as_string());
  return out;
}

}  // namespace

int main() {
  arango::ArangoClient client(env("ARANGO_URL", "http://127.0.0.1:8529"));
  arango::Auth auth{env("ARANGO_USER", "root"), env("ARANGO_PASSWORD", "")};
  arango::StandardDatabase sys = client.db("_system", {.auth = auth}).get();
  if (sys.has_database("docs_search").get()) sys.delete_database("docs_search").get();
  sys.create_database("docs_search").get();
  arango::StandardDatabase db = client.db("docs_search", {.auth = auth}).get();
  auto recipes = db.create_collection("recipes").get();
  recipes.insert_many(arango::Json::parse(R"([
    {"_key": "r1", "title": "Tomato Soup", "text": "Simmer the tomatoes with onions"},
    {"_key": "r2", "title": "Onion Tart", "text": "Caramelised onions on pastry"},
    {"_key": "r3", "title": "Green Salad", "text": "Lettuce, cucumber and herbs"}])")).get();

  //! [analyzer]
  arango::AnalyzerInfo lower =
      db.create_analyzer("lowercase", "norm", arango::Json::parse(R"({"locale": "en", "case": "lower"})"),
                         std::vector<std::string>{"frequency", "norm"})
          .get();
  std::cout << lower.name << " " << lower.type << "\n";  // docs_search::lowercase norm
  std::vector<arango::AnalyzerInfo> all = db.analyzers().get();  // built-ins, this database's, _system's
  std::vector<std::string> tokens =
      strings(db.aql().execute("FOR t IN TOKENS('Tomato SOUP', 'lowercase') RETURN t").get());  // "tomato soup"
  //! [analyzer]
  expect(lower.name == "docs_search::lowercase" && lower.type == "norm", "create_analyzer names it <db>::<name>");
  expect(std::any_of(all.begin(), all.end(), [](const arango::AnalyzerInfo& a) { return a.name == "text_en"; }),
         "analyzers() lists the built-ins");
  expect(tokens == std::vector<std::string>{"tomato soup"}, "the norm analyzer lower-cases the whole input");

  //! [view]
  arango::ViewInfo view =
      db.create_view("recipes_view", "arangosearch",
                     arango::Json::parse(R"({"links": {"recipes": {"fields": {"text": {"analyzers": ["text_en"]},
                                                                               "title": {"analyzers": ["lowercase"]}}}}})"))
          .get();
  std::cout << view.name << " " << view.type << "\n";  // recipes_view arangosearch
  //! [view]
  expect(view.name == "recipes_view" && view.type == "arangosearch", "create_view delivers the ViewInfo");
  expect(view.properties["links"]["recipes"].is_object(), "the ViewInfo carries the properties");

  //! [search]
  std::vector<std::string> found = strings(
      db.aql()
          .execute("FOR r IN recipes_view SEARCH ANALYZER(r.text IN TOKENS(@words, 'text_en'), 'text_en') "
                   "OPTIONS {waitForSync: true} SORT BM25(r) DESC, r._key RETURN r._key",
                   {.bind_vars = arango::Json::object({{"words", "onion"}})})
          .get());  // r1 and r2: "onions" stems to "onion"
  //! [search]
  std::sort(found.begin(), found.end());
  expect(found == std::vector<std::string>{"r1", "r2"}, "the search finds both onion recipes");

  //! [manage]
  db.update_view("recipes_view", arango::Json::parse(R"({"commitIntervalMsec": 500})")).get();  // PATCH: merge
  arango::ViewInfo read = db.view("recipes_view").get();                                        // with properties
  std::vector<arango::ViewInfo> views = db.views().get();                                       // summaries
  db.rename_view("recipes_view", "cookbook").get();
  //! [manage]
  expect(read.properties["commitIntervalMsec"].as_int64() == 500, "update_view changes a property");
  expect(views.size() == 1 && views[0].name == "recipes_view", "views() lists the view");
  expect(db.view_info("cookbook").get().name == "cookbook", "rename_view renames it");

  //! [alias]
  recipes.add_index("inverted", {"title"}, {.name = "title_idx", .analyzer = "lowercase"}).get();
  db.create_view("titles", "search-alias",
                 arango::Json::parse(R"({"indexes": [{"collection": "recipes", "index": "title_idx"}]})"))
      .get();
  std::vector<std::string> tart = strings(
      db.aql()
          .execute("FOR r IN titles SEARCH r.title == 'onion tart' OPTIONS {waitForSync: true} RETURN r._key")
          .get());  // ["r2"]: the index lower-cased "Onion Tart"
  //! [alias]
  expect(tart == std::vector<std::string>{"r2"}, "a search-alias view searches through the inverted index");

  //! [errors]
  try {
    db.view("no_such_view").get();
  } catch (const arango::ViewGetError& e) {
    std::cout << e.http_code() << " " << e.error_code() << "\n";  // 404 1203
  }
  try {
    db.delete_analyzer("lowercase").get();  // still used by the cookbook view and title_idx
  } catch (const arango::AnalyzerDeleteError& e) {
    std::cout << e.http_code() << " " << e.error_code() << "\n";  // 409 1200
  }
  //! [errors]
  try {
    db.view("no_such_view").get();
    expect(false, "an unknown view fails");
  } catch (const arango::ViewGetError& e) {
    expect(e.http_code() == 404 && e.error_code() == 1203, "an unknown view is 404 / 1203");
  }
  try {
    db.create_view("titles", "search-alias").get();
    expect(false, "a duplicate view name fails");
  } catch (const arango::ViewCreateError& e) {
    expect(e.error_code() == 1207, "a duplicate view name is 1207");
  }
  try {
    db.delete_analyzer("lowercase").get();
    expect(false, "deleting an analyzer in use fails");
  } catch (const arango::AnalyzerDeleteError& e) {
    expect(e.http_code() == 409 && e.error_code() == 1200, "an analyzer in use is 409 / 1200");
  }
  try {
    db.analyzer("no_such_analyzer").get();
    expect(false, "an unknown analyzer fails");
  } catch (const arango::AnalyzerGetError& e) {
    expect(e.http_code() == 404, "an unknown analyzer is 404");
  }

  //! [delete]
  db.delete_view("cookbook").get();
  db.delete_view("titles").get();
  recipes.delete_index("title_idx").get();
  bool removed = db.delete_analyzer("lowercase").get();                             // true: no longer used
  bool missing = db.delete_view("cookbook", /*ignore_missing=*/true).get();           // false
  //! [delete]
  expect(removed && !missing, "delete_analyzer once unused; delete_view with ignore_missing");

  sys.delete_database("docs_search").get();
  if (failures == 0) std::cout << "views and search: all as documented\n";
  return failures == 0 ? 0 : 1;
}
