// What the collection, document and index integration tests share: a fixture with a fresh
// database, a guard that drops the collections a test created, a user type that round-trips
// through to_json + a SAX Deserializer, and expect_error.
#pragma once

#include <arango/arango.hpp>

#include <catch2/catch.hpp>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <typeinfo>
#include <vector>

#include "student.hpp"
#include "test_env.hpp"

namespace testenv {

/// Runs `f`, which must throw E; returns the caught error (FAIL otherwise).
template <class E, class F>
E expect_error(F&& f) {
  try {
    f();
  } catch (const E& e) {
    return e;
  } catch (const std::exception& other) {
    FAIL("expected " << typeid(E).name() << ", got " << typeid(other).name() << ": " << other.what());
  }
  FAIL("expected " << typeid(E).name() << ", nothing was thrown");
  throw std::logic_error("unreachable");
}

/// Drops the collections it was told about when it goes out of scope (ignoring missing ones).
class CollectionGuard {
 public:
  explicit CollectionGuard(arango::StandardDatabase db) : db_(std::move(db)) {}
  CollectionGuard(const CollectionGuard&) = delete;
  CollectionGuard& operator=(const CollectionGuard&) = delete;
  ~CollectionGuard() {
    for (const auto& [name, is_system] : names_) {
      try {
        arango::DeleteCollectionOptions o{.ignore_missing = true};
        if (is_system) o.is_system = true;
        (void)db_.delete_collection(name, o).get();
      } catch (...) {
      }
    }
  }
  /// Remembers `name` for dropping; returns it.
  const std::string& track(const std::string& name, bool is_system = false) {
    names_.emplace_back(name, is_system);
    return name;
  }

 private:
  arango::StandardDatabase db_;
  std::vector<std::pair<std::string, bool>> names_;
};

/// A fresh database per test case (dropped at the end), reached as root; `sys` is _system.
struct DatabaseFixture {
  arango::ArangoClient client{logged(url())};
  arango::StandardDatabase sys = client.db("_system", root()).get();
  std::string db_name = create_db(sys);
  arango::StandardDatabase db = client.db(db_name, root()).get();
  CollectionGuard guard{db};

  ~DatabaseFixture() {
    try {
      (void)sys.delete_database(db_name, {.ignore_missing = true}).get();
    } catch (...) {
    }
  }

  /// Creates a collection with a unique name (dropped at the end of the test).
  template <class T = arango::Json>
  arango::StandardCollection<T> make_collection(const std::string& prefix = "col",
                                                const arango::CreateCollectionOptions& options = {}) {
    std::string name = unique_name(prefix);
    guard.track(name, options.is_system);
    return db.create_collection<T>(name, options).get();
  }

  /// A handle on the same database with a wrong password.
  arango::StandardDatabase bad_credentials() const { return client.db(db_name, with_auth(user(), "wrong-password")).get(); }
  /// A handle on a database that does not exist.
  arango::StandardDatabase unknown_database() const { return client.db(unique_name("nodb"), root()).get(); }

 private:
  static std::string create_db(const arango::StandardDatabase& sys) {
    std::string name = unique_name("coltest");
    (void)sys.create_database(name).get();
    return name;
  }
};

}  // namespace testenv
