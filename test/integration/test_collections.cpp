// Collections against the server named by ARANGO_URL (the emulator by default): the database's
// collection calls and every collection-level method of Collection, with the errors users meet.
// Real ArangoDB 3.12 single-server behaviour is what is asserted (see
// /work/shared/reference/endpoints-collections.md, error-http-map.md, transcripts-3.12.jsonl).
#include <arango/arango.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <future>
#include <string>
#include <vector>

#include "../support/collections.hpp"

using namespace arango;
using testenv::expect_error;

namespace {

using Fixture = testenv::DatabaseFixture;

const CollectionInfo* find_info(const std::vector<CollectionInfo>& list, const std::string& name) {
  auto it = std::find_if(list.begin(), list.end(), [&](const CollectionInfo& c) { return c.name == name; });
  return it == list.end() ? nullptr : &*it;
}

bool all_digits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

TEST_CASE_METHOD(Fixture, "create_collection with defaults; list, has and delete", "[collections]") {
  std::string name = guard.track(testenv::unique_name("plain"));
  StandardCollection<> col = db.create_collection(name).get();
  CHECK(col.name() == name);
  CHECK(col.db_name() == db_name);
  CHECK(col.context() == "default");

  CHECK(db.has_collection(name).get());
  CHECK_FALSE(db.has_collection(testenv::unique_name("absent")).get());

  std::vector<CollectionInfo> all = db.collections().get();
  const CollectionInfo* info = find_info(all, name);
  REQUIRE(info != nullptr);
  CHECK(info->type == CollectionType::DOCUMENT);
  CHECK_FALSE(info->is_system);
  CHECK_FALSE(info->id.empty());
  CHECK_FALSE(info->globally_unique_id.empty());
  CHECK(info->raw["name"].as_string() == name);
  // A fresh 3.12 database holds system collections (_graphs, _analyzers, ...).
  CHECK(std::any_of(all.begin(), all.end(), [](const CollectionInfo& c) { return c.is_system; }));
  const CollectionInfo* graphs = find_info(all, "_graphs");
  REQUIRE(graphs != nullptr);
  CHECK(graphs->is_system);

  std::vector<CollectionInfo> user_only = db.collections(true).get();
  CHECK(find_info(user_only, name) != nullptr);
  CHECK(std::none_of(user_only.begin(), user_only.end(), [](const CollectionInfo& c) { return c.is_system; }));
  CHECK(user_only.size() < all.size());

  CollectionProperties p = col.properties().get();
  CHECK(p.name == name);
  CHECK(p.id == info->id);
  CHECK(p.type == CollectionType::DOCUMENT);
  CHECK_FALSE(p.is_system);
  CHECK_FALSE(p.wait_for_sync);
  CHECK_FALSE(p.cache_enabled);
  CHECK(p.schema.is_null());
  CHECK(p.computed_values.is_null());
  REQUIRE(p.key_options);
  CHECK(p.key_options->generator_type == "traditional");
  CHECK(p.key_options->allow_user_keys);
  CHECK(p.write_concern == std::optional<std::int64_t>(1));
  CHECK(p.raw["name"].as_string() == name);
  CHECK_FALSE(p.raw.contains("error"));  // the envelope is not part of the properties
  CHECK_FALSE(p.raw.contains("code"));
  CHECK(col.count().get() == 0);

  CHECK(db.delete_collection(name).get());
  CHECK_FALSE(db.has_collection(name).get());
  std::vector<CollectionInfo> after = db.collections().get();
  CHECK(find_info(after, name) == nullptr);

  auto e = expect_error<CollectionDeleteError>([&] { (void)db.delete_collection(name).get(); });
  CHECK(e.http_code() == 404);
  CHECK(e.error_code() == errno_::DATA_SOURCE_NOT_FOUND);
  CHECK(e.http_method() == "DELETE");
  CHECK_FALSE(db.delete_collection(name, {.ignore_missing = true}).get());
}

TEST_CASE_METHOD(Fixture, "create_collection options show up in properties()", "[collections]") {
  SECTION("document options") {
    CreateCollectionOptions o;
    o.col_type = CollectionType::DOCUMENT;
    o.wait_for_sync = true;
    o.cache_enabled = true;
    o.key_options = KeyOptions{.allow_user_keys = false, .generator_type = "autoincrement", .increment = 5, .offset = 10};
    o.schema = Json::parse(
        R"({"rule":{"type":"object","properties":{"age":{"type":"number"}},"required":["age"]},)"
        R"("level":"moderate","message":"age is required"})");
    o.computed_values = Json::parse(
        R"([{"name":"origin","expression":"RETURN 'computed'","overwrite":true,"computeOn":["insert"]}])");
    // Cluster settings a single server accepts (and keeps to itself).
    o.write_concern = 1;
    o.number_of_shards = 1;
    o.replication_factor = ReplicationFactor(std::int64_t{1});
    o.shard_keys = std::vector<std::string>{"_key"};
    o.wait_for_sync_replication = true;
    o.enforce_replication_factor = false;
    auto col = make_collection("opts", o);

    CollectionProperties p = col.properties().get();
    CHECK(p.type == CollectionType::DOCUMENT);
    CHECK(p.wait_for_sync);
    CHECK(p.cache_enabled);
    CHECK(p.write_concern == std::optional<std::int64_t>(1));
    REQUIRE(p.key_options);
    CHECK(p.key_options->generator_type == "autoincrement");
    CHECK_FALSE(p.key_options->allow_user_keys);
    CHECK(p.key_options->increment == std::optional<std::int64_t>(5));
    CHECK(p.key_options->offset == std::optional<std::int64_t>(10));
    REQUIRE(p.schema.is_object());
    CHECK(p.schema["level"].as_string() == "moderate");
    CHECK(p.schema["message"].as_string() == "age is required");
    CHECK(p.schema["rule"]["required"][0].as_string() == "age");
    REQUIRE(p.computed_values.is_array());
    REQUIRE(p.computed_values.size() == 1);
    CHECK(p.computed_values[0]["name"].as_string() == "origin");
    CHECK(p.computed_values[0]["expression"].as_string() == "RETURN 'computed'");

    // The options act: the schema refuses a document without "age" (1620 / 400), the computed
    // value is filled in on insert, and the key generator counts from the offset in increments.
    DocumentMeta<Json> m = col.insert(Json::object({{"age", 3}}), {.return_new = true}).get();
    CHECK(m.key == "10");
    REQUIRE(m.new_doc);
    CHECK((*m.new_doc)["origin"].as_string() == "computed");
    CHECK(col.insert(Json::object({{"age", 4}})).get().key == "15");
    auto bad = expect_error<DocumentInsertError>([&] { (void)col.insert(Json::object({{"name", "x"}})).get(); });
    CHECK(bad.http_code() == 400);
    CHECK(bad.error_code() == errno_::VALIDATION_FAILED);
    auto user_key = expect_error<DocumentInsertError>(
        [&] { (void)col.insert(Json::object({{"_key", "mine"}, {"age", 1}})).get(); });
    CHECK(user_key.http_code() == 400);
    CHECK(user_key.error_code() == errno_::DOCUMENT_KEY_UNEXPECTED);
  }
  SECTION("edge type") {
    auto col = make_collection("edges", {.col_type = CollectionType::EDGE});
    CollectionProperties p = col.properties().get();
    CHECK(p.type == CollectionType::EDGE);
    std::vector<CollectionInfo> all = db.collections().get();
    const CollectionInfo* info = find_info(all, col.name());
    REQUIRE(info != nullptr);
    CHECK(info->type == CollectionType::EDGE);
  }
  SECTION("a system collection needs is_system to be dropped") {
    std::string name = "_" + testenv::unique_name("sys");
    guard.track(name, true);
    auto col = db.create_collection(name, {.is_system = true}).get();
    CollectionProperties p = col.properties().get();
    CHECK(p.is_system);
    CHECK(p.name == name);
    auto e = expect_error<CollectionDeleteError>([&] { (void)db.delete_collection(name).get(); });
    CHECK(e.http_code() == 403);
    CHECK(db.has_collection(name).get());
    CHECK(db.delete_collection(name, {.is_system = true}).get());
    CHECK_FALSE(db.has_collection(name).get());
  }
}

TEST_CASE_METHOD(Fixture, "create_collection errors", "[collections][errors]") {
  auto col = make_collection("dup");

  auto dup = expect_error<CollectionCreateError>([&] { (void)db.create_collection(col.name()).get(); });
  CHECK(dup.http_code() == 409);
  CHECK(dup.error_code() == errno_::DUPLICATE_NAME);
  CHECK(dup.http_method() == "POST");
  CHECK(dup.message().find("[HTTP 409][ERR 1207]") == 0);

  for (const std::string& bad : {std::string("has/slash"), std::string(257, 'n')}) {
    auto e = expect_error<CollectionCreateError>([&] { (void)db.create_collection(bad).get(); });
    CHECK(e.http_code() == 400);
    CHECK(e.error_code() == errno_::ILLEGAL_NAME);
    CHECK_FALSE(db.has_collection(testenv::unique_name("x")).get());
  }

  // Argument errors are thrown before anything is sent.
  CHECK_THROWS_AS(db.create_collection("k1", {.key_options = KeyOptions{.generator_type = "random"}}),
                  std::invalid_argument);
  CHECK_THROWS_AS(db.create_collection("k2", {.key_options = KeyOptions{.generator_type = "padded", .increment = 2}}),
                  std::invalid_argument);
  CHECK_THROWS_AS(db.create_collection("k3", {.schema = Json::object({})}), std::invalid_argument);
  CHECK_FALSE(db.has_collection("k1").get());
  CHECK_FALSE(db.has_collection("k3").get());
}

TEST_CASE_METHOD(Fixture, "key generators", "[collections][keys]") {
  std::vector<std::string> generators = db.key_generators().get();
  for (const char* g : {"traditional", "autoincrement", "padded", "uuid"}) {
    CHECK(std::find(generators.begin(), generators.end(), g) != generators.end());
  }

  SECTION("traditional: increasing numeric strings; user keys allowed") {
    auto col = make_collection("trad", {.key_options = KeyOptions{.generator_type = "traditional"}});
    std::string k1 = col.insert(Json::object({{"a", 1}})).get().key;
    std::string k2 = col.insert(Json::object({{"a", 2}})).get().key;
    CHECK(all_digits(k1));
    CHECK(all_digits(k2));
    CHECK(std::stoull(k2) > std::stoull(k1));
    CHECK(col.insert(Json::object({{"_key", "chosen"}})).get().key == "chosen");
    CollectionProperties p = col.properties().get();
    REQUIRE(p.key_options);
    CHECK(p.key_options->generator_type == "traditional");
  }
  SECTION("autoincrement with increment and offset") {
    auto col = make_collection(
        "auto", {.key_options = KeyOptions{.generator_type = "autoincrement", .increment = 3, .offset = 7}});
    CHECK(col.insert(Json::object({{"a", 1}})).get().key == "7");
    CHECK(col.insert(Json::object({{"a", 2}})).get().key == "10");
    CHECK(col.insert(Json::object({{"a", 3}})).get().key == "13");
    CollectionProperties p = col.properties().get();
    REQUIRE(p.key_options);
    CHECK(p.key_options->increment == std::optional<std::int64_t>(3));
    CHECK(p.key_options->offset == std::optional<std::int64_t>(7));
    CHECK(p.key_options->last_value == std::optional<std::int64_t>(13));
  }
  SECTION("padded: fixed-width keys in lexicographic order") {
    auto col = make_collection("padded", {.key_options = KeyOptions{.generator_type = "padded"}});
    std::string k1 = col.insert(Json::object({{"a", 1}})).get().key;
    std::string k2 = col.insert(Json::object({{"a", 2}})).get().key;
    CHECK(k1.size() == 16);
    CHECK(k2.size() == 16);
    CHECK(k1 < k2);
    CHECK(col.properties().get().key_options->generator_type == "padded");
  }
  SECTION("uuid") {
    auto col = make_collection("uuid", {.key_options = KeyOptions{.generator_type = "uuid"}});
    std::string k1 = col.insert(Json::object({{"a", 1}})).get().key;
    std::string k2 = col.insert(Json::object({{"a", 2}})).get().key;
    REQUIRE(k1.size() == 36);
    CHECK(k1[8] == '-');
    CHECK(k1[13] == '-');
    CHECK(k1[18] == '-');
    CHECK(k1[23] == '-');
    CHECK(k1 != k2);
    CHECK(col.properties().get().key_options->generator_type == "uuid");
  }
  SECTION("allow_user_keys=false refuses a _key (1222 / 400), single and multi") {
    auto col = make_collection("nouser", {.key_options = KeyOptions{.allow_user_keys = false}});
    auto e = expect_error<DocumentInsertError>([&] { (void)col.insert(Json::object({{"_key", "mine"}})).get(); });
    CHECK(e.http_code() == 400);
    CHECK(e.error_code() == errno_::DOCUMENT_KEY_UNEXPECTED);
    auto items = col.insert_many(Json::parse(R"([{"_key":"mine"},{"a":1}])")).get();
    REQUIRE(items.size() == 2);
    REQUIRE_FALSE(items[0].ok());
    CHECK(items[0].error().error_code == errno_::DOCUMENT_KEY_UNEXPECTED);
    REQUIRE(items[1].ok());
    CHECK(all_digits(items[1]->key));
    CHECK(col.count().get() == 1);
    CHECK_FALSE(col.properties().get().key_options->allow_user_keys);
  }
}

TEST_CASE_METHOD(Fixture, "edge collections need _from and _to (1233 / 400)", "[collections][edges]") {
  auto vertices = make_collection("v");
  auto edges = make_collection("e", {.col_type = CollectionType::EDGE});
  (void)vertices.insert(Json::object({{"_key", "a"}})).get();
  (void)vertices.insert(Json::object({{"_key", "b"}})).get();

  std::string from = vertices.name() + "/a";
  std::string to = vertices.name() + "/b";
  DocumentMeta<Json> m = edges.insert(Json::object({{"_from", from}, {"_to", to}, {"w", 1}}), {.return_new = true}).get();
  REQUIRE(m.new_doc);
  CHECK((*m.new_doc)["_from"].as_string() == from);
  CHECK((*m.new_doc)["_to"].as_string() == to);

  auto missing_to = expect_error<DocumentInsertError>([&] { (void)edges.insert(Json::object({{"_from", from}})).get(); });
  CHECK(missing_to.http_code() == 400);
  CHECK(missing_to.error_code() == errno_::INVALID_EDGE_ATTRIBUTE);
  auto bad_handle = expect_error<DocumentInsertError>(
      [&] { (void)edges.insert(Json::object({{"_from", "nocollection"}, {"_to", to}})).get(); });
  CHECK(bad_handle.http_code() == 400);
  CHECK(bad_handle.error_code() == errno_::INVALID_EDGE_ATTRIBUTE);

  auto items = edges.insert_many(Json::parse("[{\"_from\":\"" + from + "\",\"_to\":\"" + to + "\"},{\"x\":1}]")).get();
  REQUIRE(items.size() == 2);
  CHECK(items[0].ok());
  REQUIRE_FALSE(items[1].ok());
  CHECK(items[1].error().error_code == errno_::INVALID_EDGE_ATTRIBUTE);

  // Replacing an edge needs them too.
  auto rep = expect_error<DocumentReplaceError>(
      [&] { (void)edges.replace(Json::object({{"_key", m.key}, {"w", 2}})).get(); });
  CHECK(rep.http_code() == 400);
  CHECK(rep.error_code() == errno_::INVALID_EDGE_ATTRIBUTE);
  CHECK(edges.count().get() == 2);
}

TEST_CASE_METHOD(Fixture, "configure changes properties", "[collections]") {
  auto col = make_collection("conf");
  CollectionProperties before = col.properties().get();
  CHECK_FALSE(before.wait_for_sync);

  Json schema = Json::parse(
      R"({"rule":{"type":"object","properties":{"n":{"type":"integer"}},"required":["n"]},"level":"strict","message":"n!"})");
  Json computed = Json::parse(R"([{"name":"kind","expression":"RETURN 'k'","overwrite":true,"computeOn":["insert"]}])");
  CollectionProperties after =
      col.configure({.cache_enabled = true, .computed_values = computed, .schema = schema, .wait_for_sync = true}).get();
  CHECK(after.name == col.name());
  CHECK(after.wait_for_sync);
  CHECK(after.cache_enabled);
  CHECK(after.schema["level"].as_string() == "strict");
  REQUIRE(after.computed_values.is_array());
  CHECK(after.computed_values[0]["name"].as_string() == "kind");

  CollectionProperties read = col.properties().get();
  CHECK(read.wait_for_sync);
  CHECK(read.cache_enabled);
  CHECK(read.schema["message"].as_string() == "n!");
  CHECK(read.computed_values[0]["expression"].as_string() == "RETURN 'k'");

  auto e = expect_error<DocumentInsertError>([&] { (void)col.insert(Json::object({{"n", "text"}})).get(); });
  CHECK(e.error_code() == errno_::VALIDATION_FAILED);
  DocumentMeta<Json> ok = col.insert(Json::object({{"n", 1}}), {.return_new = true}).get();
  REQUIRE(ok.new_doc);
  CHECK((*ok.new_doc)["kind"].as_string() == "k");

  // Only what is given changes.
  CollectionProperties again = col.configure({.wait_for_sync = false}).get();
  CHECK_FALSE(again.wait_for_sync);
  CHECK(again.cache_enabled);
  CHECK(again.schema["level"].as_string() == "strict");

  CHECK_THROWS_AS(col.configure({.schema = Json::object({})}), std::invalid_argument);
}

TEST_CASE_METHOD(Fixture, "rename", "[collections]") {
  auto col = make_collection("old");
  (void)col.insert(Json::object({{"_key", "k"}})).get();
  std::string new_name = guard.track(testenv::unique_name("renamed"));
  col.rename(new_name).get();
  CHECK(col.name() != new_name);  // the handle keeps its name
  CHECK(db.has_collection(new_name).get());
  CHECK_FALSE(db.has_collection(col.name()).get());
  auto renamed = db.collection(new_name);
  CHECK(renamed.properties().get().name == new_name);
  CHECK(renamed.count().get() == 1);
  CHECK(renamed.has("k").get());

  auto gone = expect_error<CollectionRenameError>([&] { col.rename(testenv::unique_name("again")).get(); });
  CHECK(gone.http_code() == 404);
  CHECK(gone.error_code() == errno_::DATA_SOURCE_NOT_FOUND);

  auto other = make_collection("taken");
  auto dup = expect_error<CollectionRenameError>([&] { renamed.rename(other.name()).get(); });
  CHECK(dup.http_code() == 409);
  CHECK(dup.error_code() == errno_::DUPLICATE_NAME);

  auto illegal = expect_error<CollectionRenameError>([&] { renamed.rename("bad/name").get(); });
  CHECK(illegal.http_code() == 400);
  CHECK(illegal.error_code() == errno_::ILLEGAL_NAME);
}

TEST_CASE_METHOD(Fixture, "count, truncate, compact, statistics, recalculate_count", "[collections]") {
  auto col = make_collection("stats");
  (void)col.insert_many(Json::parse(R"([{"_key":"a","v":1},{"_key":"b","v":2},{"_key":"c","v":3}])")).get();
  CHECK(col.count().get() == 3);

  CollectionStatistics s = col.statistics().get();
  CHECK(s.count == 3);
  REQUIRE(s.figures.is_object());
  CHECK(s.figures["indexes"]["count"].as_int64() >= 1);
  CHECK(s.properties.name == col.name());
  CHECK(s.properties.type == CollectionType::DOCUMENT);

  CollectionInfo info = col.compact().get();
  CHECK(info.name == col.name());
  CHECK(info.id == s.properties.id);
  CHECK(info.type == CollectionType::DOCUMENT);
  CHECK(col.count().get() == 3);

  col.recalculate_count().get();
  CHECK(col.count().get() == 3);

  col.truncate({.wait_for_sync = true, .compact = false}).get();
  CHECK(col.count().get() == 0);
  CHECK(col.statistics().get().count == 0);
  CHECK_FALSE(col.has("a").get());
  (void)col.insert(Json::object({{"_key", "a"}})).get();
  col.truncate().get();
  CHECK(col.count().get() == 0);
}

TEST_CASE_METHOD(Fixture, "revision and checksum follow the data", "[collections]") {
  auto col = make_collection("sum");
  std::string r0 = col.revision().get();
  std::string c0 = col.checksum().get();
  CHECK(c0 == "0");

  (void)col.insert(Json::object({{"_key", "a"}, {"v", 1}})).get();
  std::string r1 = col.revision().get();
  CHECK(r1 != r0);
  std::string keys1 = col.checksum().get();
  std::string data1 = col.checksum({.with_data = true}).get();
  std::string revs1 = col.checksum({.with_rev = true}).get();
  CHECK(keys1 != c0);
  CHECK(col.checksum().get() == keys1);  // stable while nothing changes

  (void)col.replace(Json::object({{"_key", "a"}, {"v", 2}})).get();
  CHECK(col.revision().get() != r1);
  CHECK(col.checksum().get() == keys1);                    // only _key by default
  CHECK(col.checksum({.with_data = true}).get() != data1);  // the data changed
  CHECK(col.checksum({.with_rev = true}).get() != revs1);   // and so did _rev

  (void)col.insert(Json::object({{"_key", "b"}})).get();
  CHECK(col.checksum().get() != keys1);
}

TEST_CASE_METHOD(Fixture, "cluster-only calls fail on a single server", "[collections]") {
  auto col = make_collection("single");
  (void)col.insert(Json::object({{"_key", "a"}})).get();
  // RestCollectionHandler: responsibleShard answers TRI_ERROR_CLUSTER_ONLY_ON_COORDINATOR (501)
  // off a coordinator; shards answers TRI_ERROR_NOT_IMPLEMENTED (501, "shards API is only
  // available in a cluster") off a cluster (3.8 and later).
  auto rs = expect_error<CollectionResponsibleShardError>(
      [&] { (void)col.responsible_shard(Json::object({{"_key", "a"}})).get(); });
  CHECK(rs.http_code() == 501);
  CHECK(rs.error_code() == errno_::CLUSTER_ONLY_ON_COORDINATOR);
  auto sh = expect_error<CollectionShardsError>([&] { (void)col.shards().get(); });
  CHECK(sh.http_code() == 501);
  CHECK(sh.error_code() == errno_::NOT_IMPLEMENTED);
  auto shd = expect_error<CollectionShardsError>([&] { (void)col.shards({.details = true}).get(); });
  CHECK(shd.http_code() == 501);
  CHECK(shd.error_code() == errno_::NOT_IMPLEMENTED);
}

TEST_CASE_METHOD(Fixture, "an unknown collection: 1203 / 404 from every call", "[collections][errors]") {
  auto col = db.collection(testenv::unique_name("missing"));
  auto check = [](const ArangoServerError& e) {
    CHECK(e.http_code() == 404);
    CHECK(e.error_code() == errno_::DATA_SOURCE_NOT_FOUND);
  };
  check(expect_error<CollectionPropertiesError>([&] { (void)col.properties().get(); }));
  check(expect_error<CollectionConfigureError>([&] { (void)col.configure({.wait_for_sync = true}).get(); }));
  check(expect_error<CollectionRenameError>([&] { col.rename(testenv::unique_name("n")).get(); }));
  check(expect_error<CollectionCompactError>([&] { (void)col.compact().get(); }));
  check(expect_error<CollectionTruncateError>([&] { col.truncate().get(); }));
  check(expect_error<DocumentCountError>([&] { (void)col.count().get(); }));
  check(expect_error<CollectionStatisticsError>([&] { (void)col.statistics().get(); }));
  check(expect_error<CollectionRevisionError>([&] { (void)col.revision().get(); }));
  check(expect_error<CollectionChecksumError>([&] { (void)col.checksum().get(); }));
  check(expect_error<CollectionRecalculateCountError>([&] { col.recalculate_count().get(); }));
  check(expect_error<IndexListError>([&] { (void)col.indexes().get(); }));
  check(expect_error<IndexLoadError>([&] { (void)col.load_indexes().get(); }));
}

TEST_CASE_METHOD(Fixture, "wrong password and unknown database", "[collections][auth]") {
  auto col = make_collection("auth");
  StandardDatabase bad = bad_credentials();
  auto check401 = [](const ArangoServerError& e) {
    CHECK(e.http_code() == 401);
    CHECK(e.error_code() == errno_::FORBIDDEN);
  };
  check401(expect_error<CollectionListError>([&] { (void)bad.collections().get(); }));
  check401(expect_error<CollectionListError>([&] { (void)bad.has_collection(col.name()).get(); }));
  check401(expect_error<CollectionCreateError>([&] { (void)bad.create_collection(testenv::unique_name("x")).get(); }));
  check401(expect_error<CollectionDeleteError>([&] { (void)bad.delete_collection(col.name()).get(); }));
  check401(expect_error<CollectionKeyGeneratorsError>([&] { (void)bad.key_generators().get(); }));
  auto bad_col = bad.collection(col.name());
  check401(expect_error<CollectionPropertiesError>([&] { (void)bad_col.properties().get(); }));
  check401(expect_error<DocumentCountError>([&] { (void)bad_col.count().get(); }));
  check401(expect_error<CollectionTruncateError>([&] { bad_col.truncate().get(); }));
  check401(expect_error<CollectionChecksumError>([&] { (void)bad_col.checksum().get(); }));
  CHECK(db.has_collection(col.name()).get());

  StandardDatabase nodb = unknown_database();
  auto e = expect_error<CollectionListError>([&] { (void)nodb.collections().get(); });
  CHECK(e.http_code() == 404);
  CHECK(e.error_code() == errno_::DATABASE_NOT_FOUND);
  auto c = expect_error<CollectionCreateError>([&] { (void)nodb.create_collection("x").get(); });
  CHECK(c.http_code() == 404);
  CHECK(c.error_code() == errno_::DATABASE_NOT_FOUND);
  auto p = expect_error<CollectionPropertiesError>([&] { (void)nodb.collection("x").properties().get(); });
  CHECK(p.error_code() == errno_::DATABASE_NOT_FOUND);
  // "No such database" is an error, not "no such collection".
  auto h = expect_error<CollectionListError>([&] { (void)nodb.has_collection("x").get(); });
  CHECK(h.error_code() == errno_::DATABASE_NOT_FOUND);
  auto d = expect_error<CollectionDeleteError>([&] { (void)nodb.delete_collection("x", {.ignore_missing = true}).get(); });
  CHECK(d.error_code() == errno_::DATABASE_NOT_FOUND);
}

TEST_CASE_METHOD(Fixture, "collection calls by callback", "[collections][async]") {
  auto col = make_collection("cb");
  std::promise<Result<std::int64_t>> counted;
  col.count([&](Result<std::int64_t> r) { counted.set_value(std::move(r)); });
  Result<std::int64_t> r = counted.get_future().get();
  REQUIRE(r.has_value());
  CHECK(r.value() == 0);

  std::promise<Result<CollectionProperties>> missing;
  db.collection(testenv::unique_name("none")).properties([&](Result<CollectionProperties> res) {
    missing.set_value(std::move(res));
  });
  Result<CollectionProperties> m = missing.get_future().get();
  REQUIRE_FALSE(m.has_value());
  CHECK(std::string(m.error().class_name()) == "CollectionPropertiesError");
  CHECK(dynamic_cast<const ArangoServerError&>(m.error()).error_code() == errno_::DATA_SOURCE_NOT_FOUND);
}
