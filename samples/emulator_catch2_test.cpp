// A user's own Catch2 test against an in-memory ArangoDB: arango::testing::Emulator starts
// arango-emulator on a free loopback port (like a container), hands back its URL and root
// credentials, and stops it when the fixture goes out of scope. Build it with
//   pkg-config --cflags --libs arango-async arango-emulator-testing
// and link Catch2's main. The emulator binary is found through $ARANGO_EMULATOR, where it was
// installed, or PATH.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include <arango/arango.hpp>
#include <arango/testing/emulator.hpp>

#include <string>

namespace {

//! [fixture]
// One fresh server per test case: nothing one test writes is seen by the next.
struct ServerFixture {
  arango::testing::Emulator emulator{arango::testing::EmulatorOptions{.root_password = "secret"}};
  arango::ArangoClient client{emulator.url()};
  arango::StandardDatabase sys =
      client.db("_system", {.auth = arango::Auth{emulator.username(), emulator.password()}}).get();
};

}  // namespace

TEST_CASE_METHOD(ServerFixture, "the emulator answers like ArangoDB 3.12", "[sample]") {
  arango::Json version = sys.version().get();
  CHECK(version["server"].as_string() == "arango");
  CHECK(version["version"].as_string().rfind("3.12.", 0) == 0);
}
//! [fixture]

TEST_CASE_METHOD(ServerFixture, "documents round-trip through a fresh database", "[sample]") {
  REQUIRE(sys.create_database("shop").get());
  arango::StandardDatabase shop =
      client.db("shop", {.auth = arango::Auth{emulator.username(), emulator.password()}}).get();
  shop.create_collection("orders").get();
  auto orders = shop.collection("orders");
  orders.insert(arango::Json::object({{"_key", "o1"}, {"total", 42}})).get();
  auto order = orders.get("o1").get();
  REQUIRE(order);
  CHECK(order.value()["total"].as_int64() == 42);
}

TEST_CASE("each emulator is a server of its own", "[sample]") {
  arango::testing::Emulator a;
  arango::testing::Emulator b;
  CHECK(a.url() != b.url());
  arango::ArangoClient client_a{a.url()};
  auto sys_a = client_a.db("_system", {.auth = arango::Auth{a.username(), a.password()}}).get();
  REQUIRE(sys_a.create_database("only_in_a").get());
  arango::ArangoClient client_b{b.url()};
  auto sys_b = client_b.db("_system", {.auth = arango::Auth{b.username(), b.password()}}).get();
  CHECK_FALSE(sys_b.has_database("only_in_a").get());
}
