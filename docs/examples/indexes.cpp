// docs/indexes.md quotes the regions of this file; it runs against a fresh emulator in CI
// (ARANGO_URL, ARANGO_USER and ARANGO_PASSWORD are set by arango-emulator-run) and exits non-zero
// when anything is not as the guide says.
#include <arango/arango.hpp>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "example.hpp"

int main() {
  arango::ArangoClient client(env("ARANGO_URL", "http://127.0.0.1:8529"));
  arango::Auth auth{env("ARANGO_USER", "root"), env("ARANGO_PASSWORD", "")};
  arango::StandardDatabase sys = client.db("_system", {.auth = auth}).get();
  if (sys.has_database("docs_indexes").get()) sys.delete_database("docs_indexes").get();
  sys.create_database("docs_indexes").get();
  arango::StandardDatabase db = client.db("docs_indexes", {.auth = auth}).get();
  arango::StandardCollection<> users = db.create_collection("users").get();

  //! [persistent]
  arango::IndexProperties email = users.add_index("persistent", {"email"},
                                                  {.name = "by_email", .unique = true, .sparse = true}).get();
  std::cout << email.id << " " << email.name << " new=" << email.is_newly_created.value_or(false) << "\n";

  // The same definition again finds the existing index.
  arango::IndexProperties again = users.add_index("persistent", {"email"},
                                                  {.name = "by_email", .unique = true, .sparse = true}).get();
  //! [persistent]
  expect(email.type == "persistent" && email.unique && email.sparse, "add_index reports type, unique and sparse");
  expect(email.is_newly_created == true, "the first add_index creates the index");
  expect(again.id == email.id && again.is_newly_created == false, "an identical add_index finds the same index");

  //! [unique]
  users.insert(arango::Json::parse(R"({"_key": "ann", "email": "ann@example.com"})")).get();
  try {
    users.insert(arango::Json::parse(R"({"_key": "bob", "email": "ann@example.com"})")).get();
  } catch (const arango::DocumentInsertError& e) {
    std::cout << e.error_code() << "\n";  // 1210: unique constraint violated
  }
  users.insert(arango::Json::parse(R"({"_key": "carl"})")).get();  // sparse: no email, no entry
  //! [unique]
  try {
    users.insert(arango::Json::parse(R"({"_key": "bob", "email": "ann@example.com"})")).get();
    expect(false, "a unique index refuses a duplicate");
  } catch (const arango::DocumentInsertError& e) {
    expect(e.error_code() == 1210, "a unique index refuses a duplicate with 1210");
  }
  expect(users.has("carl").get(), "a sparse index lets documents without the attribute in");

  //! [kinds]
  arango::IndexProperties ttl = users.add_index("ttl", {"expires_at"}, {.expire_after = 3600}).get();
  arango::IndexProperties geo = users.add_index("geo", {"location"}, {.geo_json = true}).get();
  arango::IndexProperties extra =
      users.add_index("persistent", {"last_login", "country"},
                      {.stored_values = arango::Json::parse(R"(["name"])"),
                       .extra = arango::Json::parse(R"({"estimates": false})")}).get();
  //! [kinds]
  expect(ttl.type == "ttl" && ttl.expire_after == 3600, "a ttl index reports expire_after");
  expect(geo.type == "geo" && geo.geo_json == true, "a geo index reports geo_json");
  expect(extra.fields.size() == 2 && extra.stored_values.size() == 1, "persistent index with stored values");

  //! [inverted]
  arango::IndexProperties search = users.add_index(
      "inverted",
      std::vector<arango::InvertedIndexField>{{.name = "name", .analyzer = "text_en"}, {.name = "country"}},
      {.name = "users_search",
       .primary_sort = arango::IndexPrimarySort{.fields = {{.field = "name", .ascending = true}}},
       .commit_interval_msec = 500}).get();
  //! [inverted]
  expect(search.type == "inverted" && search.name == "users_search", "an inverted index is created");
  expect(search.commit_interval_msec == 500, "inverted index options are reported back");

  //! [list]
  std::vector<arango::IndexProperties> all = users.indexes().get();  // the primary index first
  for (const arango::IndexProperties& index : all) std::cout << index.type << " " << index.name << "\n";
  arango::IndexProperties one = users.get_index(email.id).get();      // "users/123" or "123"
  //! [list]
  expect(all.size() == 6 && all[0].type == "primary", "indexes() lists the primary index and the five added");
  expect(one.name == "by_email", "get_index by id");
  expect(users.get_index(std::to_string(email.numeric_id)).get().id == email.id, "get_index by number");

  //! [delete]
  bool dropped = users.delete_index(ttl.id).get();                              // true
  bool missing = users.delete_index(ttl.id, {.ignore_missing = true}).get();    // false
  try {
    users.get_index(ttl.id).get();
  } catch (const arango::IndexGetError& e) {
    std::cout << e.http_code() << " " << e.error_code() << "\n";  // 404 1212
  }
  //! [delete]
  expect(dropped && !missing, "delete_index: true, then false with ignore_missing");
  try {
    users.get_index(ttl.id).get();
    expect(false, "a dropped index is gone");
  } catch (const arango::IndexGetError& e) {
    expect(e.http_code() == 404 && e.error_code() == 1212, "an unknown index is 404 / 1212");
  }
  try {
    users.add_index("no-such-type", {"x"}).get();
    expect(false, "an unknown index type fails");
  } catch (const arango::IndexCreateError& e) {
    expect(e.http_code() == 400, "an unknown index type is 400");
  }

  sys.delete_database("docs_indexes").get();
  if (failures == 0) std::cout << "indexes: all as documented\n";
  return failures == 0 ? 0 : 1;
}
