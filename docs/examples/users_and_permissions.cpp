// docs/users-and-permissions.md quotes the regions of this file; it runs against a fresh emulator
// in CI (ARANGO_URL, ARANGO_USER and ARANGO_PASSWORD are set by arango-emulator-run) and exits
// non-zero when anything is not as the guide says.
#include <arango/arango.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "example.hpp"

int main() {
  arango::ArangoClient client(env("ARANGO_URL", "http://127.0.0.1:8529"));
  arango::Auth auth{env("ARANGO_USER", "root"), env("ARANGO_PASSWORD", "")};
  arango::StandardDatabase sys = client.db("_system", {.auth = auth}).get();
  if (sys.has_database("docs_users").get()) sys.delete_database("docs_users").get();
  sys.create_database("docs_users").get();
  client.db("docs_users", {.auth = auth}).get().create_collection("orders").get();
  client.db("docs_users", {.auth = auth}).get().create_collection("salaries").get();
  sys.delete_user("carol", {.ignore_missing = true}).get();

  //! [create]
  arango::UserInfo carol = sys.create_user({.user = "carol",
                                            .password = "first-pw",
                                            .extra = arango::Json::parse(R"({"team": "sales"})")})
                               .get();  // no access to any database yet
  bool exists = sys.has_user("carol").get();
  std::vector<arango::UserInfo> users = sys.users().get();
  //! [create]
  expect(carol.user == "carol" && carol.active && !carol.password, "create_user delivers the user, no password");
  expect(exists, "has_user finds the user");
  expect(std::any_of(users.begin(), users.end(), [](const arango::UserInfo& u) { return u.user == "carol"; }),
         "users() lists the user");

  //! [no-access]
  arango::StandardDatabase as_carol = client.db("docs_users", {.auth = arango::Auth{"carol", "first-pw"}}).get();
  try {
    as_carol.collection("orders").count().get();
  } catch (const arango::DocumentCountError& e) {
    std::cout << e.http_code() << "\n";  // 401: no access to the database yet
  }
  //! [no-access]
  try {
    as_carol.collection("orders").count().get();
    expect(false, "a user without permissions is refused");
  } catch (const arango::DocumentCountError& e) {
    expect(e.http_code() == 401, "a user without access to the database is refused with 401");
  }

  //! [grant]
  sys.update_permission("carol", "rw", "docs_users").get();                            // the database
  sys.update_permission("carol", "none", "docs_users", {.collection = "salaries"}).get();  // one collection
  std::string level = sys.permission("carol", "docs_users").get();                      // "rw"
  std::string salaries = sys.permission("carol", "docs_users", "salaries").get();       // "none"
  arango::Json full = sys.permissions("carol").get();  // {"docs_users": {"permission": "rw", "collections": ...}}
  //! [grant]
  expect(level == "rw" && salaries == "none", "permission() reports the levels granted");
  expect(full["docs_users"]["permission"].as_string() == "rw", "permissions() has the database's level");
  expect(as_carol.collection("orders").count().get() == 0, "rw lets the user read");
  try {
    as_carol.collection("salaries").count().get();
    expect(false, "none on a collection refuses it");
  } catch (const arango::DocumentCountError& e) {
    std::cout << "salaries: " << e.http_code() << " " << e.error_code() << "\n";
    expect(e.http_code() == 403, "a collection with none is 403");
  }

  //! [reset]
  sys.reset_permission("carol", "docs_users", {.collection = "salaries"}).get();  // the database's level applies
  std::string now = sys.permission("carol", "docs_users", "salaries").get();        // "rw"
  //! [reset]
  expect(now == "rw", "after reset_permission the database level applies to the collection");

  //! [update]
  sys.update_user({.user = "carol", .password = "second-pw"}).get();  // only what is set changes
  arango::StandardDatabase again =
      client.db("docs_users", {.auth = arango::Auth{"carol", "second-pw"}, .verify = true}).get();
  sys.replace_user({.user = "carol", .password = "third-pw", .active = false}).get();
  arango::UserInfo read = sys.user("carol").get();  // active = false
  //! [update]
  expect(again.name() == "docs_users", "the new password works");
  expect(!read.active, "replace_user deactivated the user");

  //! [token]
  sys.replace_user({.user = "carol", .password = "third-pw"}).get();  // active again
  sys.update_permission("carol", "ro", "docs_users").get();
  auto in_a_day = std::chrono::duration_cast<std::chrono::seconds>(
                      (std::chrono::system_clock::now() + std::chrono::hours(24)).time_since_epoch())
                      .count();
  arango::AccessToken token = sys.create_access_token("carol", "reporting", in_a_day).get();
  // The token is a password: Basic authentication with it (the server shows it only once).
  arango::StandardDatabase reporting =
      client.db("docs_users", {.auth = arango::Auth{"", *token.token}, .verify = true}).get();
  std::int64_t orders = reporting.collection("orders").count().get();               // read as carol
  std::vector<arango::AccessToken> tokens = sys.list_access_tokens("carol").get();  // without the token strings
  sys.delete_access_token("carol", token.id).get();  // revoked: `reporting` now gets 401
  //! [token]
  expect(token.token.has_value() && token.name == "reporting", "create_access_token delivers the token once");
  expect(orders == 0, "the token authenticates as carol");
  try {
    reporting.collection("orders").count().get();
    expect(false, "a revoked token no longer authenticates");
  } catch (const arango::DocumentCountError& e) {
    expect(e.http_code() == 401, "a revoked token gets 401");
  }
  expect(tokens.size() == 1 && !tokens[0].token, "list_access_tokens lists it without the token");
  expect(sys.list_access_tokens("carol").get().empty(), "delete_access_token revokes it");

  //! [errors]
  try {
    sys.create_user({.user = "carol", .password = "x"}).get();
  } catch (const arango::UserCreateError& e) {
    std::cout << e.http_code() << " " << e.error_code() << "\n";  // 409 1702: duplicate user
  }
  try {
    sys.user("nobody").get();
  } catch (const arango::UserGetError& e) {
    std::cout << e.http_code() << " " << e.error_code() << "\n";  // 404 1703: user not found
  }
  bool deleted = sys.delete_user("carol").get();                              // true
  bool again_deleted = sys.delete_user("carol", {.ignore_missing = true}).get();  // false
  //! [errors]
  expect(deleted && !again_deleted, "delete_user: true, then false with ignore_missing");
  try {
    sys.create_user({.user = "root", .password = "x"}).get();
    expect(false, "a duplicate user fails");
  } catch (const arango::UserCreateError& e) {
    expect(e.http_code() == 409 && e.error_code() == 1702, "a duplicate user is 409 / 1702");
  }
  try {
    sys.user("nobody").get();
    expect(false, "an unknown user fails");
  } catch (const arango::UserGetError& e) {
    expect(e.http_code() == 404 && e.error_code() == 1703, "an unknown user is 404 / 1703");
  }

  sys.delete_database("docs_users").get();
  if (failures == 0) std::cout << "users and permissions: all as documented\n";
  return failures == 0 ? 0 : 1;
}
