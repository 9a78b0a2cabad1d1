// Indexes against the server named by ARANGO_URL (the emulator by default): indexes, get_index,
// add_index (persistent, ttl, geo, inverted, mdi, vector), delete_index, load_indexes, and what
// unique, sparse and ttl indexes do to documents. Real ArangoDB 3.12 single-server behaviour is
// what is asserted (transcripts-3.12.jsonl: RestIndex*; error-http-map.md).
#include <arango/arango.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "../support/collections.hpp"

using namespace arango;
using namespace std::chrono_literals;
using testenv::expect_error;

namespace {

using Fixture = testenv::DatabaseFixture;

const IndexProperties* find_type(const std::vector<IndexProperties>& list, std::string_view type) {
  auto it = std::find_if(list.begin(), list.end(), [&](const IndexProperties& i) { return i.type == type; });
  return it == list.end() ? nullptr : &*it;
}

void check_error(const ArangoServerError& e, int http, int errnum) {
  CHECK(e.http_code() == http);
  CHECK(e.error_code() == errnum);
}

double now_seconds() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

TEST_CASE_METHOD(Fixture, "the primary index, and persistent index add/get/list/delete", "[indexes]") {
  auto col = make_collection("ix");

  std::vector<IndexProperties> fresh = col.indexes().get();
  REQUIRE(fresh.size() == 1);
  const IndexProperties& primary = fresh[0];
  CHECK(primary.type == "primary");
  CHECK(primary.id == col.name() + "/0");
  CHECK(primary.numeric_id == 0);
  CHECK(primary.name == "primary");
  CHECK(primary.unique);
  CHECK_FALSE(primary.sparse);
  CHECK(primary.fields == Json::parse(R"(["_key"])"));
  CHECK(col.get_index("0").get().type == "primary");
  CHECK(col.get_index(col.name() + "/0").get().name == "primary");

  IndexProperties ix = col.add_index("persistent", {"a", "b"},
                                     {.name = "by_ab", .unique = false, .sparse = false, .deduplicate = false,
                                      .estimates = false, .cache_enabled = true, .in_background = true,
                                      .stored_values = Json::parse(R"(["c"])")})
                           .get();
  CHECK(ix.is_newly_created == std::optional<bool>(true));
  CHECK(ix.type == "persistent");
  CHECK(ix.name == "by_ab");
  CHECK(ix.fields == Json::parse(R"(["a","b"])"));
  CHECK(ix.id.rfind(col.name() + "/", 0) == 0);
  CHECK(ix.numeric_id > 0);
  CHECK(ix.id == col.name() + "/" + std::to_string(ix.numeric_id));
  CHECK_FALSE(ix.unique);
  CHECK_FALSE(ix.sparse);
  CHECK(ix.deduplicate == std::optional<bool>(false));
  CHECK(ix.estimates == std::optional<bool>(false));
  CHECK(ix.cache_enabled == std::optional<bool>(true));
  CHECK(ix.stored_values == Json::parse(R"(["c"])"));

  // The identical definition finds the existing index.
  IndexProperties again = col.add_index("persistent", {"a", "b"},
                                        {.name = "by_ab", .deduplicate = false, .estimates = false,
                                         .cache_enabled = true, .stored_values = Json::parse(R"(["c"])")})
                              .get();
  CHECK(again.is_newly_created == std::optional<bool>(false));
  CHECK(again.id == ix.id);
  // The same name on another definition: TRI_ERROR_ARANGO_DUPLICATE_IDENTIFIER
  // ("duplicate value for `id` or `name`").
  auto dup = expect_error<IndexCreateError>([&] { (void)col.add_index("persistent", {"z"}, {.name = "by_ab"}).get(); });
  CHECK(dup.error_code() == errno_::DUPLICATE_IDENTIFIER);
  CHECK(dup.error_message().find("name") != std::string::npos);

  std::vector<IndexProperties> listed = col.indexes().get();
  REQUIRE(listed.size() == 2);
  CHECK(listed[0].type == "primary");
  CHECK(listed[1].id == ix.id);
  CHECK(listed[1].name == "by_ab");
  CHECK_FALSE(listed[1].is_newly_created);
  std::vector<IndexProperties> with_stats = col.indexes({.with_stats = true, .with_hidden = true}).get();
  REQUIRE(with_stats.size() == 2);
  for (const IndexProperties& i : with_stats) CHECK(i.raw["figures"].is_object());

  IndexProperties by_number = col.get_index(std::to_string(ix.numeric_id)).get();
  CHECK(by_number.id == ix.id);
  CHECK(by_number.name == "by_ab");
  CHECK(by_number.fields == ix.fields);
  CHECK(col.get_index(ix.id).get().type == "persistent");

  CHECK(col.load_indexes().get());

  CHECK(col.delete_index(std::to_string(ix.numeric_id)).get());
  check_error(expect_error<IndexGetError>([&] { (void)col.get_index(ix.id).get(); }), 404, errno_::INDEX_NOT_FOUND);
  check_error(expect_error<IndexDeleteError>([&] { (void)col.delete_index(ix.id).get(); }), 404, errno_::INDEX_NOT_FOUND);
  CHECK_FALSE(col.delete_index(ix.id, {.ignore_missing = true}).get());
  CHECK(col.indexes().get().size() == 1);
}

TEST_CASE_METHOD(Fixture, "unique and sparse persistent indexes", "[indexes]") {
  SECTION("a non-sparse unique index counts a missing attribute as null") {
    auto col = make_collection("uniq");
    IndexProperties ix = col.add_index("persistent", {"email"}, {.unique = true}).get();
    CHECK(ix.unique);
    CHECK_FALSE(ix.sparse);
    (void)col.insert(Json::object({{"email", "a@x"}})).get();
    (void)col.insert(Json::object({{"name", "no email"}})).get();
    auto e = expect_error<DocumentInsertError>([&] { (void)col.insert(Json::object({{"name", "also none"}})).get(); });
    check_error(e, 409, errno_::UNIQUE_CONSTRAINT_VIOLATED);
    check_error(expect_error<DocumentInsertError>([&] { (void)col.insert(Json::object({{"email", "a@x"}})).get(); }), 409,
                errno_::UNIQUE_CONSTRAINT_VIOLATED);
    CHECK(col.count().get() == 2);
  }
  SECTION("a sparse unique index skips documents without the attribute") {
    auto col = make_collection("sparse");
    IndexProperties ix = col.add_index("persistent", {"email"}, {.unique = true, .sparse = true}).get();
    CHECK(ix.unique);
    CHECK(ix.sparse);
    (void)col.insert(Json::object({{"email", "a@x"}})).get();
    (void)col.insert(Json::object({{"name", "no email"}})).get();
    (void)col.insert(Json::object({{"name", "also none"}})).get();
    (void)col.insert(Json::object({{"email", nullptr}})).get();
    (void)col.insert(Json::object({{"email", nullptr}})).get();
    check_error(expect_error<DocumentInsertError>([&] { (void)col.insert(Json::object({{"email", "a@x"}})).get(); }), 409,
                errno_::UNIQUE_CONSTRAINT_VIOLATED);
    CHECK(col.count().get() == 5);
    std::vector<IndexProperties> all = col.indexes().get();
    const IndexProperties* listed = find_type(all, "persistent");
    REQUIRE(listed != nullptr);
    CHECK(listed->sparse);
    CHECK(listed->unique);
  }
  SECTION("creating a unique index over duplicates fails") {
    auto col = make_collection("dupdata");
    (void)col.insert_many(Json::parse(R"([{"v":1},{"v":1}])")).get();
    check_error(expect_error<IndexCreateError>([&] { (void)col.add_index("persistent", {"v"}, {.unique = true}).get(); }),
                409, errno_::UNIQUE_CONSTRAINT_VIOLATED);
    CHECK(col.indexes().get().size() == 1);
  }
}

TEST_CASE_METHOD(Fixture, "a ttl index removes expired documents", "[indexes][ttl]") {
  auto col = make_collection("ttl");
  IndexProperties ix = col.add_index("ttl", {"createdAt"}, {.expire_after = 1}).get();
  CHECK(ix.type == "ttl");
  CHECK(ix.expire_after == std::optional<std::int64_t>(1));
  CHECK(ix.sparse);
  CHECK_FALSE(ix.unique);
  CHECK(ix.fields == Json::parse(R"(["createdAt"])"));
  // Only one ttl index per collection.
  CHECK(expect_error<IndexCreateError>([&] { (void)col.add_index("ttl", {"other"}, {.expire_after = 5}).get(); })
            .http_code() == 400);

  double now = now_seconds();
  (void)col.insert(Json::object({{"_key", "old"}, {"createdAt", now - 3600}})).get();
  (void)col.insert(Json::object({{"_key", "future"}, {"createdAt", now + 365.0 * 86400}})).get();
  (void)col.insert(Json::object({{"_key", "none"}, {"other", 1}})).get();
  // The emulator sweeps often; a real server runs its ttl thread every 30 s by default.
  auto limit = testenv::is_emulator(sys) ? std::chrono::milliseconds(15s) : std::chrono::milliseconds(100s);
  CHECK(testenv::eventually([&] { return !col.has("old").get(); }, limit));
  CHECK(col.has("future").get());
  CHECK(col.has("none").get());
  CHECK(col.count().get() == 2);
}

TEST_CASE_METHOD(Fixture, "geo, inverted, mdi and vector indexes", "[indexes]") {
  auto col = make_collection("kinds");

  IndexProperties geo = col.add_index("geo", {"loc"}, {.geo_json = true, .legacy_polygons = false}).get();
  CHECK(geo.type == "geo");
  CHECK(geo.geo_json == std::optional<bool>(true));
  CHECK(geo.legacy_polygons == std::optional<bool>(false));
  CHECK(geo.sparse);
  CHECK(geo.is_newly_created == std::optional<bool>(true));
  IndexProperties geo2 = col.add_index("geo", {"lat", "lng"}).get();
  CHECK(geo2.type == "geo");
  CHECK(geo2.fields == Json::parse(R"(["lat","lng"])"));
  CHECK(geo2.geo_json == std::optional<bool>(false));

  IndexProperties inv = col.add_index("inverted", IndexFields(Json::parse(R"(["title",{"name":"body","analyzer":"text_en"}])")),
                                      {.name = "search", .extra = Json::object({{"includeAllFields", false}})})
                            .get();
  CHECK(inv.type == "inverted");
  CHECK(inv.name == "search");
  REQUIRE(inv.fields.is_array());
  REQUIRE(inv.fields.size() == 2);
  CHECK(inv.fields[0]["name"].as_string() == "title");
  CHECK(inv.fields[1]["name"].as_string() == "body");
  CHECK(inv.fields[1]["analyzer"].as_string() == "text_en");

  IndexProperties mdi =
      col.add_index("mdi", {"x", "y"}, {.extra = Json::object({{"fieldValueTypes", "double"}})}).get();
  CHECK(mdi.type == "mdi");
  CHECK(mdi.fields == Json::parse(R"(["x","y"])"));
  CHECK(mdi.raw["fieldValueTypes"].as_string() == "double");
  IndexProperties prefixed = col.add_index("mdi-prefixed", {"x", "y"},
                                           {.extra = Json::parse(R"({"fieldValueTypes":"double","prefixFields":["year"]})")})
                                 .get();
  CHECK(prefixed.type == "mdi-prefixed");
  CHECK(prefixed.raw["prefixFields"] == Json::parse(R"(["year"])"));
  // mdi needs fieldValueTypes
  CHECK(expect_error<IndexCreateError>([&] { (void)col.add_index("mdi", {"p", "q"}).get(); }).http_code() == 400);

  // A vector index is trained on the documents present (server option --vector-index on 3.12.4+).
  std::string docs = "[";
  for (int i = 0; i < 20; ++i) {
    if (i) docs += ",";
    docs += "{\"emb\":[" + std::to_string(i % 5 + 1) + "," + std::to_string(i % 3 + 1) + ",1," +
            std::to_string(i + 1) + "]}";
  }
  docs += "]";
  (void)col.insert_many(Json::parse(docs)).get();
  IndexProperties vec = col.add_index("vector", {"emb"},
                                      {.params = Json::parse(R"({"metric":"cosine","dimension":4,"nLists":2})")})
                            .get();
  CHECK(vec.type == "vector");
  CHECK(vec.fields == Json::parse(R"(["emb"])"));
  REQUIRE(vec.params.is_object());
  CHECK(vec.params["dimension"].as_int64() == 4);
  CHECK(vec.params["metric"].as_string() == "cosine");
  CHECK(vec.params["nLists"].as_int64() == 2);

  std::vector<IndexProperties> all = col.indexes().get();
  CHECK(all.size() == 7);
  for (const char* type : {"primary", "geo", "inverted", "mdi", "mdi-prefixed", "vector"}) {
    CHECK(find_type(all, type) != nullptr);
  }
  const IndexProperties* listed_vec = find_type(all, "vector");
  REQUIRE(listed_vec != nullptr);
  CHECK(listed_vec->id == vec.id);
  CHECK(listed_vec->params["dimension"].as_int64() == 4);
  CHECK(col.get_index(inv.id).get().name == "search");

  CHECK(col.delete_index(geo.id).get());
  CHECK(col.delete_index(inv.id).get());
  CHECK(col.indexes().get().size() == 5);
}

TEST_CASE_METHOD(Fixture, "index errors", "[indexes][errors]") {
  auto missing = db.collection(testenv::unique_name("noix"));
  auto check1203 = [](const ArangoServerError& e) { check_error(e, 404, errno_::DATA_SOURCE_NOT_FOUND); };
  check1203(expect_error<IndexListError>([&] { (void)missing.indexes().get(); }));
  check1203(expect_error<IndexCreateError>([&] { (void)missing.add_index("persistent", {"a"}).get(); }));
  check1203(expect_error<IndexGetError>([&] { (void)missing.get_index("0").get(); }));
  check1203(expect_error<IndexDeleteError>([&] { (void)missing.delete_index("1").get(); }));
  check1203(expect_error<IndexLoadError>([&] { (void)missing.load_indexes().get(); }));

  auto col = make_collection("ixerr");
  check_error(expect_error<IndexGetError>([&] { (void)col.get_index("987654321").get(); }), 404, errno_::INDEX_NOT_FOUND);
  CHECK(expect_error<IndexCreateError>([&] { (void)col.add_index("no-such-type", {"a"}).get(); }).http_code() == 400);
  CHECK(expect_error<IndexCreateError>([&] { (void)col.add_index("persistent", std::vector<std::string>{}).get(); })
            .http_code() == 400);
  CHECK_THROWS_AS(col.add_index("persistent", {"a"}, {.extra = Json::array({1})}), std::invalid_argument);
  CHECK_THROWS_AS(col.get_index(""), std::invalid_argument);
  CHECK(col.indexes().get().size() == 1);

  auto bad = bad_credentials().collection(col.name());
  auto check401 = [](const ArangoServerError& e) { check_error(e, 401, errno_::FORBIDDEN); };
  check401(expect_error<IndexListError>([&] { (void)bad.indexes().get(); }));
  check401(expect_error<IndexCreateError>([&] { (void)bad.add_index("persistent", {"a"}).get(); }));
  check401(expect_error<IndexGetError>([&] { (void)bad.get_index("0").get(); }));
  check401(expect_error<IndexDeleteError>([&] { (void)bad.delete_index("0").get(); }));
  check401(expect_error<IndexLoadError>([&] { (void)bad.load_indexes().get(); }));

  auto nodb = unknown_database().collection(col.name());
  check_error(expect_error<IndexListError>([&] { (void)nodb.indexes().get(); }), 404, errno_::DATABASE_NOT_FOUND);
  check_error(expect_error<IndexCreateError>([&] { (void)nodb.add_index("persistent", {"a"}).get(); }), 404,
              errno_::DATABASE_NOT_FOUND);
}
