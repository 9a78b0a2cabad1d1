// The forms a new user reaches for first (issue 25, "Calling conventions"), each compiled and
// run against the mock transport: chainable option setters beside designated initializers,
// calls without the options slot, braced lists inside co_await on GCC 12, and a struct's JSON
// form from a field list.
#include <arango/arango.hpp>

#include <catch2/catch.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "../support/mock_http.hpp"

using namespace arango;
using Fixture = testenv::MockDatabase;

namespace {

struct Address {
  std::string city;
  int zip = 0;
};
struct Person {
  std::string key;
  std::string name;
  std::uint8_t age = 0;
  std::vector<Address> addresses;
  std::optional<std::string> nick;
  std::optional<std::vector<double>> scores;
  Json extra;
  bool active = false;
};

/// A type read by a from_json of its own, as a field of a JsonFields type.
struct Celsius {
  double degrees = 0;
};
void from_json(JsonView v, Celsius& c) { c.degrees = v["c"].as_double(); }
void to_json(JsonWriter& w, const Celsius& c) {
  w.begin_object();
  w.key("c");
  w.number(c.degrees);
  w.end_object();
}
struct Reading {
  std::string station;
  Celsius temperature;
  std::vector<std::vector<int>> grid;
  std::vector<std::optional<int>> gaps;
};

}  // namespace

template <>
struct arango::JsonFields<Address> {
  static constexpr auto fields = arango::fields(field("city", &Address::city), field("zip", &Address::zip));
};
template <>
struct arango::JsonFields<Person> {
  static constexpr auto fields =
      arango::fields(field("_key", &Person::key), field("name", &Person::name), field("age", &Person::age),
                     field("addresses", &Person::addresses), field("nick", &Person::nick),
                     field("scores", &Person::scores), field("extra", &Person::extra), field("active", &Person::active));
};
template <>
struct arango::JsonFields<Reading> {
  static constexpr auto fields = arango::fields(field("station", &Reading::station),
                                                field("temperature", &Reading::temperature), field("grid", &Reading::grid),
                                                field("gaps", &Reading::gaps));
};

// --- what the overloads take as a token, and what they leave to the full form ---
namespace {
bool queries_called = false;
auto plain_callback = [](Result<Json>) {};
void function_callback(Result<Json>) {}
}  // namespace
static_assert(detail::TokenSkipping<UseFuture, const GetOptions&>);
static_assert(detail::TokenSkipping<const UseAwaitable&, const GetOptions&>);
static_assert(detail::TokenSkipping<decltype(plain_callback)&, const GetOptions&>);
static_assert(detail::TokenSkipping<decltype(&function_callback), bool>);
// a captureless lambda converts to bool, through its function pointer: still a callback
static_assert(detail::TokenSkipping<decltype(plain_callback), bool>);
static_assert(!detail::TokenSkipping<GetOptions, const GetOptions&>);
static_assert(!detail::TokenSkipping<GetOptions&, const GetOptions&>);
static_assert(!detail::TokenSkipping<bool, bool>);
static_assert(!detail::TokenSkipping<int, std::optional<std::int64_t>>);
static_assert(!detail::TokenSkipping<std::string, std::optional<std::string>>);
static_assert(!detail::TokenSkipping<const char (&)[3], std::optional<std::string>>);
static_assert(!detail::TokenSkipping<Json, const std::optional<JsonInput>&>);

TEST_CASE_METHOD(Fixture, "options chain with_ setters as well as take designated initializers", "[forms]") {
  auto c = db.collection("c");
  // the declaration order does not matter to a chain
  mock->answer(202, R"({"_id":"c/k","_key":"k","_rev":"1"})");
  (void)c.update(Json::object({{"_key", "k"}}), UpdateOptions{}.with_return_old().with_return_new().with_keep_null(false))
      .get();
  CHECK(last().url == url("/_api/document/c/k?returnNew=true&returnOld=true&keepNull=false"));
  // designated initializers in declaration order still compile and mean the same
  mock->answer(202, R"({"_id":"c/k","_key":"k","_rev":"1"})");
  (void)c.update(Json::object({{"_key", "k"}}), {.return_new = true, .return_old = true, .keep_null = false}).get();
  CHECK(last().url == url("/_api/document/c/k?returnNew=true&returnOld=true&keepNull=false"));

  // a setter returns a copy: the original is left as it was
  const InsertOptions base{.silent = true};
  const InsertOptions more = base.with_overwrite_mode(OverwriteMode::replace).with_version_attribute("v");
  CHECK(!base.overwrite_mode);
  CHECK(!base.version_attribute);
  CHECK(more.silent == true);
  CHECK(more.overwrite_mode == OverwriteMode::replace);
  CHECK(more.version_attribute == "v");
  CHECK(InsertOptions{}.with_wait_for_sync(false).wait_for_sync == false);

  // the client's own options chain too
  ClientOptions options = ClientOptions{}.with_hosts({"http://h:1"}).with_http_client(mock).with_log_level(LogLevel::debug);
  CHECK(options.hosts == std::vector<std::string>{"http://h:1"});
  CHECK(options.log_level == LogLevel::debug);
  CHECK(QueryOptions{}.with_batch_size(10).with_bind_vars(Json::object({{"x", 1}})).batch_size == 10);
}

TEST_CASE_METHOD(Fixture, "a completion token can follow the required arguments", "[forms]") {
  auto c = db.collection("c");
  std::optional<Result<std::optional<Json>>> got;
  mock->answer(200, R"({"_id":"c/k","_key":"k","_rev":"1","a":1})");
  c.get("k", [&](Result<std::optional<Json>> r) { got = std::move(r); });
  REQUIRE(got);
  REQUIRE(got->has_value());
  CHECK((***got)["a"].as_int64() == 1);
  CHECK(last().url == url("/_api/document/c/k"));

  std::optional<std::int64_t> count;
  mock->answer(200, R"({"count":7})");
  c.count([&](Result<std::int64_t> r) { count = r.value(); });
  CHECK(count == 7);

  std::optional<std::string> version;
  mock->answer(200, R"({"server":"arango","version":"3.12.4","license":"community"})");
  db.version([&](Result<Json> r) { version = std::string(r.value()["version"].as_string()); });
  CHECK(version == "3.12.4");
  CHECK(last().url == url("/_api/version?details=false"));

  // a captureless lambda is a callback here, not all_queries = true through its conversion to bool
  queries_called = false;
  mock->answer(200, "[]");
  db.aql().queries([](Result<Json> r) { queries_called = r.has_value(); });
  CHECK(queries_called);
  CHECK(last().url == url("/_api/query/current?all=false"));
  mock->answer(200, "[]");
  (void)db.aql().queries(true).get();
  CHECK(last().url == url("/_api/query/current?all=true"));

  // a future by name, and the full form, unchanged
  mock->answer(202, R"({"_id":"c/n","_key":"n","_rev":"1"})");
  CHECK(c.insert(Json::object({{"_key", "n"}}), use_future).get().key == "n");
  mock->answer(202, R"({"_id":"c/n","_key":"n","_rev":"1"})");
  CHECK(c.insert(Json::object({{"_key", "n"}}), {.silent = false}, use_future).get().key == "n");
  mock->answer(200, R"({"_id":"c/k","_key":"k","_rev":"1"})");
  CHECK(c.get("k", {.if_match = "1"}).get().has_value());
  CHECK(last().headers.find("If-Match") == "1");
}

namespace {
Task<std::vector<std::string>> braced_lists_in_co_await(StandardCollection<> c, StandardCollection<Person> people) {
  std::vector<std::string> got;
  // braced lists inside the co_await expression: GCC 12 refuses any std::initializer_list there
  DocumentMeta<Json> a = co_await c.insert(Json::object({{"_key", "a"}, {"tags", Json::array({1, "x", nullptr})}}), {},
                                           use_awaitable);
  got.push_back(a.key);
  // no options slot; or options from a chain (GCC 12 destroys an aggregate temporary made inside
  // a co_await expression twice, so a designated initializer with a string set is not safe here)
  DocumentMeta<Json> b =
      co_await c.insert(Json::object({{"_key", "b"}}), InsertOptions{}.with_version_attribute("v"), use_awaitable);
  got.push_back(b.key);
  auto many = co_await c.insert_many({Json::object({{"_key", "c"}}), Json::object({{"_key", "d"}})}, use_awaitable);
  got.push_back(std::to_string(many.size()));
  auto one = co_await c.insert_many({Json::object({{"_key", "e"}})}, use_awaitable);
  got.push_back(std::to_string(one.size()));
  IndexProperties index = co_await c.add_index("persistent", {"name", "age"}, use_awaitable);
  got.push_back(index.id);
  std::optional<Person> person = co_await people.get("p", use_awaitable);
  got.push_back(person ? person->name : "none");
  co_return got;
}
}  // namespace

TEST_CASE_METHOD(Fixture, "braced lists compile inside co_await, and mean what they do outside it", "[forms]") {
  mock->answer(202, R"({"_id":"c/a","_key":"a","_rev":"1"})");
  mock->answer(202, R"({"_id":"c/b","_key":"b","_rev":"1"})");
  mock->answer(202, R"([{"_id":"c/c","_key":"c","_rev":"1"},{"_id":"c/d","_key":"d","_rev":"1"}])");
  mock->answer(202, R"([{"_id":"c/e","_key":"e","_rev":"1"}])");
  mock->answer(201, R"({"id":"c/9","type":"persistent","fields":["name","age"],"isNewlyCreated":true})");
  mock->answer(200, R"({"_id":"people/p","_key":"p","_rev":"1","name":"Pat","age":30})");
  const std::size_t before = mock->requests.size();
  auto got = sync_wait(braced_lists_in_co_await(db.collection("c"), db.collection<Person>("people")));
  CHECK(got == std::vector<std::string>{"a", "b", "2", "1", "c/9", "Pat"});
  REQUIRE(mock->requests.size() == before + 6);
  CHECK(mock->requests[before].body == R"({"_key":"a","tags":[1,"x",null]})");
  CHECK(mock->requests[before + 1].url == url("/_api/document/c?versionAttribute=v"));
  CHECK(mock->requests[before + 2].body == R"([{"_key":"c"},{"_key":"d"}])");
  CHECK(mock->requests[before + 3].body == R"([{"_key":"e"}])");
  CHECK(mock->requests[before + 4].body == R"({"type":"persistent","fields":["name","age"]})");

  // the same lists outside a coroutine
  CHECK(Json::object({}).dump() == "{}");
  CHECK(Json::array({}).dump() == "[]");
  CHECK(Json::object({{"a", 1}}).dump() == R"({"a":1})");
  CHECK(Json::array({"k"}).dump() == R"(["k"])");
  CHECK(DocumentList{"k1", "k2"}.text() == R"(["k1","k2"])");
  CHECK(DocumentList{"k1"}.text() == R"(["k1"])");
  CHECK(IndexFields{"a"}.text() == R"(["a"])");
  CHECK(IndexFields{}.text() == "[]");
  // more than the 32 a braced list takes: a vector
  std::vector<JsonLiteral> many;
  for (int i = 0; i < 100; ++i) many.emplace_back(i);
  CHECK(Json::array(many).size() == 100);
  CHECK_THROWS_AS(Json::object({{"a", 1}, {"a", 2}}), DeserializationError);
}

TEST_CASE("a JsonFields list reads and writes nested structs, vectors and optionals", "[forms][fields]") {
  const std::string text =
      R"({"_key":"p1","unknown":{"deep":[1,{"x":[]}]},"name":"Ann","age":30,)"
      R"("addresses":[{"city":"Oslo","zip":150},{"zip":5003,"city":"Bergen","floor":2}],)"
      R"("nick":null,"scores":[1,2.5],"extra":{"any":["json",true]},"active":true})";
  Person p = decode_json<Person>(text);
  CHECK(p.key == "p1");
  CHECK(p.name == "Ann");
  CHECK(p.age == 30);
  REQUIRE(p.addresses.size() == 2);
  CHECK(p.addresses[1].city == "Bergen");
  CHECK(p.addresses[1].zip == 5003);
  CHECK(!p.nick);
  CHECK(p.scores == std::vector<double>{1, 2.5});
  CHECK(p.extra.dump() == R"({"any":["json",true]})");
  CHECK(p.active);

  // written back: list order, the empty optional left out
  CHECK(JsonInput(p).text() ==
        R"({"_key":"p1","name":"Ann","age":30,"addresses":[{"city":"Oslo","zip":150},{"city":"Bergen","zip":5003}],)"
        R"("scores":[1.0,2.5],"extra":{"any":["json",true]},"active":true})");
  p.nick = "A";
  CHECK(decode_json<Person>(JsonInput(p).text()).nick == "A");

  // a member the document lacks keeps the struct's own value
  Person q = decode_json<Person>(R"({"name":"Bo"})");
  CHECK(q.name == "Bo");
  CHECK(q.age == 0);
  CHECK(q.addresses.empty());

  // a field read by its own from_json, and vectors of vectors
  Reading r = decode_json<Reading>(R"({"station":"s","temperature":{"c":21.5},"grid":[[1,2],[],[3]]})");
  CHECK(r.temperature.degrees == 21.5);
  CHECK(r.grid == std::vector<std::vector<int>>{{1, 2}, {}, {3}});
  CHECK(JsonInput(r).text() == R"({"station":"s","temperature":{"c":21.5},"grid":[[1,2],[],[3]],"gaps":[]})");

  // an optional inside a vector: null reads as nullopt, and an empty one is written as null
  Reading g = decode_json<Reading>(R"({"gaps":[1,null,3]})");
  REQUIRE(g.gaps.size() == 3);
  CHECK(g.gaps[0] == 1);
  CHECK(!g.gaps[1]);
  CHECK(g.gaps[2] == 3);
  CHECK(JsonInput(g).text() == R"({"station":"","temperature":{"c":0.0},"grid":[],"gaps":[1,null,3]})");
}

TEST_CASE("a JsonFields reader names the path of a value it refuses", "[forms][fields]") {
  auto error_of = [](const std::string& text) -> std::string {
    try {
      (void)decode_json<Person>(text);
    } catch (const DeserializationError& e) {
      return e.what();
    }
    return "no error";
  };
  CHECK_THAT(error_of(R"({"addresses":[{"zip":1},{"zip":"x"}]})"),
             Catch::Contains("addresses[1].zip: expected an integer, got a string"));
  CHECK_THAT(error_of(R"({"age":300})"), Catch::Contains("age: expected an integer, got an integer out of its range"));
  CHECK_THAT(error_of(R"({"age":-1})"), Catch::Contains("age: expected an integer, got an integer out of its range"));
  CHECK_THAT(error_of(R"({"name":null})"), Catch::Contains("name: expected a string, got null"));
  CHECK_THAT(error_of(R"({"addresses":{}})"), Catch::Contains("addresses: expected an array, got an object"));
  CHECK_THAT(error_of(R"({"scores":[1,"2"]})"), Catch::Contains("scores[1]: expected a number, got a string"));
  CHECK_THAT(error_of(R"({"active":1})"), Catch::Contains("active: expected a boolean, got an integer"));
  CHECK_THAT(error_of(R"([])"), Catch::Contains("expected an object, got an array"));
  CHECK_THAT(error_of(R"({"name":"a","name":"b"})"), Catch::Contains("appears twice"));
}
