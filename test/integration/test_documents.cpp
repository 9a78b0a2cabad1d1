// Documents against the server named by ARANGO_URL (the emulator by default): single and
// multi-document calls of StandardCollection and the database's document calls, their options,
// the errors users meet, bulk import, user types, and the callback and co_await forms.
// Real ArangoDB 3.12 single-server behaviour is what is asserted (see
// /work/shared/reference/endpoints-collections.md §1-§4, error-http-map.md, transcripts-3.12.jsonl).
#include <arango/arango.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <coroutine>
#include <future>
#include <string>
#include <vector>

#include "../support/task.hpp"
#include "../support/collections.hpp"

using namespace arango;
using namespace std::chrono_literals;
using testenv::expect_error;
using testenv::Student;

namespace {

using Fixture = testenv::DatabaseFixture;

void check_error(const ArangoServerError& e, int http, int errnum) {
  CHECK(e.http_code() == http);
  CHECK(e.error_code() == errnum);
}

}  // namespace

TEST_CASE_METHOD(Fixture, "single documents: insert, get, has, update, replace, delete_", "[documents]") {
  auto col = make_collection("docs");
  const std::string& name = col.name();

  DocumentMeta<Json> ins = col.insert(Json::parse(R"({"_key":"a","v":1,"nested":{"x":1}})"), {.wait_for_sync = true}).get();
  CHECK(ins.id == name + "/a");
  CHECK(ins.key == "a");
  CHECK_FALSE(ins.rev.empty());
  CHECK_FALSE(ins.old_rev);
  CHECK_FALSE(ins.new_doc);
  CHECK_FALSE(ins.old_doc);

  // A key, an id and a body name the same document.
  for (DocumentRef ref : {DocumentRef("a"), DocumentRef(name + "/a"), DocumentRef(Json::object({{"_key", "a"}})),
                          DocumentRef(Json::object({{"_id", name + "/a"}}))}) {
    std::optional<Json> doc = col.get(ref).get();
    REQUIRE(doc);
    CHECK((*doc)["_key"].as_string() == "a");
    CHECK((*doc)["_id"].as_string() == name + "/a");
    CHECK((*doc)["_rev"].as_string() == ins.rev);
    CHECK((*doc)["v"].as_int64() == 1);
    CHECK(col.has(ref).get());
  }
  CHECK_FALSE(col.get("nope").get());
  CHECK_FALSE(col.has("nope").get());
  CHECK_FALSE(col.has(name + "/nope").get());

  // An "_id" without "_key" gives the key.
  DocumentMeta<Json> by_id = col.insert(Json::object({{"_id", name + "/b"}, {"v", 2}})).get();
  CHECK(by_id.key == "b");
  CHECK(col.get("b").get().value()["v"].as_int64() == 2);
  // No key: the server makes one.
  DocumentMeta<Json> generated = col.insert(Json::object({{"v", 3}})).get();
  CHECK_FALSE(generated.key.empty());
  CHECK(generated.id == name + "/" + generated.key);

  DocumentMeta<Json> upd = col.update(Json::object({{"_key", "a"}, {"w", 2}}), {.wait_for_sync = true}).get();
  CHECK(upd.key == "a");
  CHECK(upd.old_rev == std::optional<std::string>(ins.rev));
  CHECK(upd.rev != ins.rev);
  Json after_update = col.get("a").get().value();
  CHECK(after_update["v"].as_int64() == 1);
  CHECK(after_update["w"].as_int64() == 2);
  CHECK(after_update["nested"]["x"].as_int64() == 1);

  DocumentMeta<Json> rep = col.replace(Json::object({{"_id", name + "/a"}, {"z", 3}})).get();
  CHECK(rep.old_rev == std::optional<std::string>(upd.rev));
  CHECK(rep.rev != upd.rev);
  Json after_replace = col.get("a").get().value();
  CHECK(after_replace["z"].as_int64() == 3);
  CHECK_FALSE(after_replace.contains("v"));
  CHECK_FALSE(after_replace.contains("w"));
  CHECK(after_replace["_rev"].as_string() == rep.rev);

  std::optional<DocumentMeta<Json>> del = col.delete_("a", {.wait_for_sync = true}).get();
  REQUIRE(del);
  CHECK(del->id == name + "/a");
  CHECK(del->rev == rep.rev);
  CHECK_FALSE(col.get("a").get());
  CHECK_FALSE(col.has("a").get());
  check_error(expect_error<DocumentDeleteError>([&] { (void)col.delete_("a").get(); }), 404, errno_::DOCUMENT_NOT_FOUND);
  CHECK_FALSE(col.delete_("a", {.ignore_missing = true}).get());
  CHECK(col.count().get() == 2);
}

TEST_CASE_METHOD(Fixture, "return_new, return_old and silent", "[documents][options]") {
  auto col = make_collection("ret");

  DocumentMeta<Json> ins = col.insert(Json::object({{"_key", "a"}, {"v", 1}}), {.return_new = true}).get();
  REQUIRE(ins.new_doc);
  CHECK((*ins.new_doc)["v"].as_int64() == 1);
  CHECK((*ins.new_doc)["_rev"].as_string() == ins.rev);
  CHECK_FALSE(ins.old_doc);

  DocumentMeta<Json> upd = col.update(Json::object({{"_key", "a"}, {"v", 2}}), {.return_new = true, .return_old = true}).get();
  REQUIRE(upd.new_doc);
  REQUIRE(upd.old_doc);
  CHECK((*upd.old_doc)["v"].as_int64() == 1);
  CHECK((*upd.new_doc)["v"].as_int64() == 2);
  DocumentMeta<Json> upd_plain = col.update(Json::object({{"_key", "a"}, {"q", 1}})).get();
  CHECK_FALSE(upd_plain.new_doc);
  CHECK_FALSE(upd_plain.old_doc);

  DocumentMeta<Json> rep = col.replace(Json::object({{"_key", "a"}, {"r", 1}}), {.return_new = true, .return_old = true}).get();
  REQUIRE(rep.old_doc);
  REQUIRE(rep.new_doc);
  CHECK((*rep.old_doc)["v"].as_int64() == 2);
  CHECK((*rep.new_doc)["r"].as_int64() == 1);
  CHECK_FALSE(rep.new_doc->contains("v"));

  std::optional<DocumentMeta<Json>> del = col.delete_("a", {.return_old = true}).get();
  REQUIRE(del);
  REQUIRE(del->old_doc);
  CHECK((*del->old_doc)["r"].as_int64() == 1);

  SECTION("silent writes deliver empty metadata and still write") {
    DocumentMeta<Json> s = col.insert(Json::object({{"_key", "s"}, {"v", 1}}), {.silent = true}).get();
    CHECK(s.key.empty());
    CHECK(s.rev.empty());
    CHECK(col.get("s").get().value()["v"].as_int64() == 1);
    DocumentMeta<Json> su = col.update(Json::object({{"_key", "s"}, {"v", 2}}), {.silent = true}).get();
    CHECK(su.key.empty());
    CHECK_FALSE(su.old_rev);
    CHECK(col.get("s").get().value()["v"].as_int64() == 2);
    DocumentMeta<Json> sr = col.replace(Json::object({{"_key", "s"}, {"w", 3}}), {.silent = true}).get();
    CHECK(sr.key.empty());
    CHECK(col.get("s").get().value()["w"].as_int64() == 3);
    std::optional<DocumentMeta<Json>> sd = col.delete_("s", {.silent = true}).get();
    REQUIRE(sd);
    CHECK(sd->key.empty());
    CHECK_FALSE(col.has("s").get());
  }
}

TEST_CASE_METHOD(Fixture, "insert with overwrite modes", "[documents][options]") {
  auto col = make_collection("ovw");
  DocumentMeta<Json> first = col.insert(Json::parse(R"({"_key":"k","a":1,"n":{"x":1,"y":2}})")).get();

  SECTION("default and conflict: 1210 / 409") {
    check_error(expect_error<DocumentInsertError>([&] { (void)col.insert(Json::object({{"_key", "k"}})).get(); }), 409,
                errno_::UNIQUE_CONSTRAINT_VIOLATED);
    check_error(expect_error<DocumentInsertError>(
                    [&] { (void)col.insert(Json::object({{"_key", "k"}}), {.overwrite_mode = OverwriteMode::conflict}).get(); }),
                409, errno_::UNIQUE_CONSTRAINT_VIOLATED);
    CHECK(col.get("k").get().value()["a"].as_int64() == 1);
    // conflict mode still inserts new keys
    CHECK(col.insert(Json::object({{"_key", "k2"}}), {.overwrite_mode = OverwriteMode::conflict}).get().key == "k2");
  }
  SECTION("ignore: nothing is written, the existing revision is reported") {
    DocumentMeta<Json> m =
        col.insert(Json::object({{"_key", "k"}, {"a", 9}}), {.return_new = true, .overwrite_mode = OverwriteMode::ignore}).get();
    CHECK(m.key == "k");
    CHECK(m.rev == first.rev);
    CHECK_FALSE(m.old_rev);
    CHECK_FALSE(m.new_doc);
    CHECK(col.get("k").get().value()["a"].as_int64() == 1);
    // a new key is inserted
    CHECK(col.insert(Json::object({{"_key", "k3"}}), {.overwrite_mode = OverwriteMode::ignore}).get().key == "k3");
    CHECK(col.has("k3").get());
  }
  SECTION("replace") {
    DocumentMeta<Json> m = col.insert(Json::object({{"_key", "k"}, {"b", 2}}),
                                      {.return_new = true, .return_old = true, .overwrite_mode = OverwriteMode::replace})
                               .get();
    CHECK(m.old_rev == std::optional<std::string>(first.rev));
    REQUIRE(m.old_doc);
    CHECK((*m.old_doc)["a"].as_int64() == 1);
    REQUIRE(m.new_doc);
    CHECK((*m.new_doc)["b"].as_int64() == 2);
    Json doc = col.get("k").get().value();
    CHECK_FALSE(doc.contains("a"));
    CHECK(doc["b"].as_int64() == 2);
  }
  SECTION("overwrite=true replaces") {
    DocumentMeta<Json> m = col.insert(Json::object({{"_key", "k"}, {"c", 3}}), {.overwrite = true}).get();
    CHECK(m.old_rev == std::optional<std::string>(first.rev));
    Json doc = col.get("k").get().value();
    CHECK_FALSE(doc.contains("a"));
    CHECK(doc["c"].as_int64() == 3);
  }
  SECTION("update merges; keep_null and merge_objects act") {
    (void)col.insert(Json::parse(R"({"_key":"k","b":2,"n":{"z":3}})"), {.overwrite_mode = OverwriteMode::update}).get();
    Json merged = col.get("k").get().value();
    CHECK(merged["a"].as_int64() == 1);
    CHECK(merged["b"].as_int64() == 2);
    CHECK(merged["n"]["x"].as_int64() == 1);
    CHECK(merged["n"]["z"].as_int64() == 3);

    (void)col.insert(Json::parse(R"({"_key":"k","a":null,"n":{"only":true}})"),
                     {.overwrite_mode = OverwriteMode::update, .keep_null = false, .merge_objects = false})
        .get();
    Json replaced_parts = col.get("k").get().value();
    CHECK_FALSE(replaced_parts.contains("a"));
    CHECK(replaced_parts["b"].as_int64() == 2);
    CHECK(replaced_parts["n"] == Json::parse(R"({"only":true})"));
  }
}

TEST_CASE_METHOD(Fixture, "update: keep_null and merge_objects", "[documents][options]") {
  auto col = make_collection("merge");
  (void)col.insert(Json::parse(R"({"_key":"d","a":1,"b":2,"n":{"x":1,"y":2}})")).get();

  (void)col.update(Json::parse(R"({"_key":"d","a":null,"n":{"z":3}})")).get();
  Json kept = col.get("d").get().value();
  REQUIRE(kept.contains("a"));
  CHECK(kept["a"].is_null());
  CHECK(kept["n"] == Json::parse(R"({"x":1,"y":2,"z":3})"));

  (void)col.update(Json::parse(R"({"_key":"d","a":null,"b":null,"n":{"w":4}})"),
                   {.keep_null = false, .merge_objects = false})
      .get();
  Json dropped = col.get("d").get().value();
  CHECK_FALSE(dropped.contains("a"));
  CHECK_FALSE(dropped.contains("b"));
  CHECK(dropped["n"] == Json::parse(R"({"w":4})"));

  // the same options through update_many
  (void)col.insert(Json::parse(R"({"_key":"e","a":1,"n":{"x":1}})")).get();
  auto items = col.update_many(Json::parse(R"([{"_key":"d","n":{"v":5}},{"_key":"e","a":null,"n":{"y":2}}])"),
                               {.keep_null = false, .merge_objects = true})
                   .get();
  REQUIRE(items.size() == 2);
  CHECK(items[0].ok());
  CHECK(items[1].ok());
  CHECK(col.get("d").get().value()["n"] == Json::parse(R"({"w":4,"v":5})"));
  Json e = col.get("e").get().value();
  CHECK_FALSE(e.contains("a"));
  CHECK(e["n"] == Json::parse(R"({"x":1,"y":2})"));
}

TEST_CASE_METHOD(Fixture, "version_attribute: a write with a lower version is ignored", "[documents][options]") {
  auto col = make_collection("ver");
  (void)col.insert(Json::parse(R"({"_key":"v","ver":5,"val":"five"})")).get();

  (void)col.update(Json::parse(R"({"_key":"v","ver":3,"val":"three"})"), {.version_attribute = "ver"}).get();
  CHECK(col.get("v").get().value()["val"].as_string() == "five");
  (void)col.update(Json::parse(R"({"_key":"v","ver":7,"val":"seven"})"), {.version_attribute = "ver"}).get();
  CHECK(col.get("v").get().value()["val"].as_string() == "seven");

  (void)col.replace(Json::parse(R"({"_key":"v","ver":6,"val":"six"})"), {.version_attribute = "ver"}).get();
  CHECK(col.get("v").get().value()["val"].as_string() == "seven");
  (void)col.replace(Json::parse(R"({"_key":"v","ver":8,"val":"eight"})"), {.version_attribute = "ver"}).get();
  CHECK(col.get("v").get().value()["val"].as_string() == "eight");

  (void)col.insert(Json::parse(R"({"_key":"v","ver":1,"val":"one"})"),
                   {.overwrite_mode = OverwriteMode::replace, .version_attribute = "ver"})
      .get();
  CHECK(col.get("v").get().value()["val"].as_string() == "eight");
  (void)col.insert(Json::parse(R"({"_key":"v","ver":9,"val":"nine"})"),
                   {.overwrite_mode = OverwriteMode::update, .version_attribute = "ver"})
      .get();
  CHECK(col.get("v").get().value()["val"].as_string() == "nine");

  auto items = col.replace_many(Json::parse(R"([{"_key":"v","ver":2,"val":"two"}])"), {.version_attribute = "ver"}).get();
  REQUIRE(items.size() == 1);
  CHECK(col.get("v").get().value()["val"].as_string() == "nine");
  (void)col.update_many(Json::parse(R"([{"_key":"v","ver":10,"val":"ten"}])"), {.version_attribute = "ver"}).get();
  CHECK(col.get("v").get().value()["val"].as_string() == "ten");
}

TEST_CASE_METHOD(Fixture, "revision conflicts: 412 with If-Match, 409 with a stale _rev", "[documents][errors]") {
  auto col = make_collection("rev");
  DocumentMeta<Json> m = col.insert(Json::object({{"_key", "d"}, {"v", 1}})).get();
  DocumentMeta<Json> now = col.update(Json::object({{"_key", "d"}, {"v", 2}})).get();
  const std::string stale = m.rev;

  SECTION("reads") {
    CHECK(col.get("d", {.if_match = now.rev}).get().value()["v"].as_int64() == 2);
    auto e = expect_error<DocumentRevisionError>([&] { (void)col.get("d", {.if_match = stale}).get(); });
    check_error(e, 412, errno_::CONFLICT);
    CHECK(col.get("d", {.if_none_match = stale}).get().value()["v"].as_int64() == 2);
    auto nm = expect_error<DocumentGetError>([&] { (void)col.get("d", {.if_none_match = now.rev}).get(); });
    CHECK(nm.http_code() == 304);

    CHECK(col.has("d", {.if_match = now.rev}).get());
    auto h = expect_error<DocumentRevisionError>([&] { (void)col.has("d", {.if_match = stale}).get(); });
    CHECK(h.http_code() == 412);
    auto hn = expect_error<DocumentGetError>([&] { (void)col.has("d", {.if_none_match = now.rev}).get(); });
    CHECK(hn.http_code() == 304);
    CHECK(col.has("d", {.if_none_match = stale}).get());
    CHECK(col.get("d", {.allow_dirty_read = true}).get().value()["v"].as_int64() == 2);
  }
  SECTION("writes with If-Match") {
    check_error(expect_error<DocumentRevisionError>(
                    [&] { (void)col.update(Json::object({{"_key", "d"}, {"v", 3}}), {.if_match = stale}).get(); }),
                412, errno_::CONFLICT);
    check_error(expect_error<DocumentRevisionError>(
                    [&] { (void)col.replace(Json::object({{"_key", "d"}, {"v", 3}}), {.if_match = stale}).get(); }),
                412, errno_::CONFLICT);
    check_error(expect_error<DocumentRevisionError>([&] { (void)col.delete_("d", {.if_match = stale}).get(); }), 412,
                errno_::CONFLICT);
    CHECK(col.get("d").get().value()["v"].as_int64() == 2);

    CHECK(col.update(Json::object({{"_key", "d"}, {"v", 3}}), {.if_match = now.rev}).get().old_rev == now.rev);
    std::string cur = col.get("d").get().value()["_rev"].as_string().data();
    DocumentMeta<Json> r = col.replace(Json::object({{"_key", "d"}, {"v", 4}}), {.if_match = cur}).get();
    CHECK(col.delete_("d", {.if_match = r.rev}).get().has_value());
    CHECK_FALSE(col.has("d").get());
  }
  SECTION("a stale _rev in the body with ignore_revs=false") {
    Json stale_body = Json::object({{"_key", "d"}, {"_rev", stale}, {"v", 5}});
    auto u = expect_error<DocumentUpdateError>([&] { (void)col.update(stale_body, {.ignore_revs = false}).get(); });
    check_error(u, 409, errno_::CONFLICT);
    auto r = expect_error<DocumentReplaceError>([&] { (void)col.replace(stale_body, {.ignore_revs = false}).get(); });
    check_error(r, 409, errno_::CONFLICT);
    CHECK(col.get("d").get().value()["v"].as_int64() == 2);
    // ignored by default
    CHECK(col.update(stale_body).get().key == "d");
    CHECK(col.get("d").get().value()["v"].as_int64() == 5);
  }
  SECTION("multi-document calls report the conflict per item") {
    std::string cur = col.get("d").get().value()["_rev"].as_string().data();
    (void)col.insert(Json::object({{"_key", "e"}})).get();
    Json docs = Json::parse("[{\"_key\":\"d\",\"_rev\":\"" + stale + "\",\"v\":9},{\"_key\":\"e\",\"v\":9}]");

    auto got = col.get_many(Json::parse("[{\"_key\":\"d\",\"_rev\":\"" + stale + "\"},\"e\"]"), {.ignore_revs = false}).get();
    REQUIRE(got.size() == 2);
    REQUIRE_FALSE(got[0].ok());
    CHECK(got[0].error().error_code == errno_::CONFLICT);
    CHECK(got[1].ok());

    auto upd = col.update_many(docs, {.ignore_revs = false}).get();
    REQUIRE(upd.size() == 2);
    REQUIRE_FALSE(upd[0].ok());
    CHECK(upd[0].error().error_code == errno_::CONFLICT);
    CHECK(upd[1].ok());
    auto rep = col.replace_many(docs, {.ignore_revs = false}).get();
    REQUIRE(rep.size() == 2);
    REQUIRE_FALSE(rep[0].ok());
    CHECK(rep[0].error().error_code == errno_::CONFLICT);
    CHECK(rep[1].ok());
    auto del = col.delete_many(Json::parse("[{\"_key\":\"d\",\"_rev\":\"" + stale + "\"}]"), {.ignore_revs = false}).get();
    REQUIRE(del.size() == 1);
    REQUIRE_FALSE(del[0].ok());
    CHECK(del[0].error().error_code == errno_::CONFLICT);
    CHECK(col.get("d").get().value()["_rev"].as_string() == cur);
  }
}

TEST_CASE_METHOD(Fixture, "unique constraints: duplicate _key and a unique persistent index", "[documents][errors]") {
  auto col = make_collection("uniq");
  IndexProperties ix = col.add_index("persistent", {"email"}, {.unique = true}).get();
  CHECK(ix.unique);
  (void)col.insert(Json::object({{"_key", "a"}, {"email", "a@x"}})).get();
  (void)col.insert(Json::object({{"_key", "b"}, {"email", "b@x"}})).get();

  check_error(expect_error<DocumentInsertError>([&] { (void)col.insert(Json::object({{"_key", "a"}})).get(); }), 409,
              errno_::UNIQUE_CONSTRAINT_VIOLATED);
  check_error(expect_error<DocumentInsertError>([&] { (void)col.insert(Json::object({{"email", "a@x"}})).get(); }), 409,
              errno_::UNIQUE_CONSTRAINT_VIOLATED);
  check_error(expect_error<DocumentUpdateError>(
                  [&] { (void)col.update(Json::object({{"_key", "b"}, {"email", "a@x"}})).get(); }),
              409, errno_::UNIQUE_CONSTRAINT_VIOLATED);
  check_error(expect_error<DocumentReplaceError>(
                  [&] { (void)col.replace(Json::object({{"_key", "b"}, {"email", "a@x"}})).get(); }),
              409, errno_::UNIQUE_CONSTRAINT_VIOLATED);
  CHECK(col.get("b").get().value()["email"].as_string() == "b@x");
  CHECK(col.count().get() == 2);

  auto items = col.insert_many(Json::parse(R"([{"email":"c@x"},{"email":"a@x"},{"_key":"b"},{"email":"d@x"}])")).get();
  REQUIRE(items.size() == 4);
  CHECK(items[0].ok());
  REQUIRE_FALSE(items[1].ok());
  CHECK(items[1].error().error_code == errno_::UNIQUE_CONSTRAINT_VIOLATED);
  CHECK_FALSE(items[1].error().error_message.empty());
  REQUIRE_FALSE(items[2].ok());
  CHECK(items[2].error().error_code == errno_::UNIQUE_CONSTRAINT_VIOLATED);
  CHECK(items[3].ok());
  CHECK(col.count().get() == 4);
}

TEST_CASE_METHOD(Fixture, "multi-document calls: one result per input, in input order", "[documents][multi]") {
  auto col = make_collection("multi");
  const std::string& name = col.name();

  auto ins = col.insert_many(Json::parse(R"([{"_key":"a","v":1},{"_key":"a","v":2},{"_key":"b","v":3},{"_key":111}])"),
                             {.return_new = true})
                 .get();
  REQUIRE(ins.size() == 4);
  REQUIRE(ins[0].ok());
  CHECK(ins[0]->key == "a");
  CHECK(ins[0]->id == name + "/a");
  REQUIRE(ins[0]->new_doc);
  CHECK((*ins[0]->new_doc)["v"].as_int64() == 1);
  REQUIRE_FALSE(ins[1].ok());
  CHECK(ins[1].error().error_code == errno_::UNIQUE_CONSTRAINT_VIOLATED);
  CHECK_THROWS_AS(ins[1].value(), std::logic_error);
  REQUIRE(ins[2].ok());
  CHECK(ins[2]->key == "b");
  REQUIRE_FALSE(ins[3].ok());
  CHECK(ins[3].error().error_code == errno_::DOCUMENT_KEY_BAD);
  CHECK(col.count().get() == 2);

  // keys, ids and bodies; a missing one is reported where it was asked for
  auto got = col.get_many(Json::parse("[\"b\",\"missing\",\"" + name + "/a\",{\"_key\":\"b\"}]")).get();
  REQUIRE(got.size() == 4);
  REQUIRE(got[0].ok());
  CHECK((*got[0])["v"].as_int64() == 3);
  REQUIRE_FALSE(got[1].ok());
  CHECK(got[1].error().error_code == errno_::DOCUMENT_NOT_FOUND);
  REQUIRE(got[2].ok());
  CHECK((*got[2])["v"].as_int64() == 1);
  REQUIRE(got[3].ok());
  CHECK((*got[3])["_key"].as_string() == "b");
  CHECK(col.get_many(Json::array({})).get().empty());
  CHECK(col.get_many(std::vector<std::string>{"a"}, {.allow_dirty_read = true}).get().size() == 1);
  // In batches (here of two): the same answers, in the order asked.
  auto batched = col.get_many(Json::parse("[\"b\",\"missing\",\"" + name + "/a\",{\"_key\":\"b\"}]"),
                              {.batch_size = 2})
                     .get();
  REQUIRE(batched.size() == 4);
  for (std::size_t i = 0; i < 4; ++i) {
    CHECK(batched[i].ok() == got[i].ok());
    if (batched[i].ok()) CHECK(batched[i]->dump() == got[i]->dump());
  }
  CHECK(batched[1].error().error_code == errno_::DOCUMENT_NOT_FOUND);

  auto upd = col.update_many(Json::parse(R"([{"_key":"missing","v":0},{"_key":"a","w":1}])"),
                             {.return_new = true, .return_old = true})
                 .get();
  REQUIRE(upd.size() == 2);
  REQUIRE_FALSE(upd[0].ok());
  CHECK(upd[0].error().error_code == errno_::DOCUMENT_NOT_FOUND);
  REQUIRE(upd[1].ok());
  REQUIRE(upd[1]->old_doc);
  REQUIRE(upd[1]->new_doc);
  CHECK_FALSE(upd[1]->old_doc->contains("w"));
  CHECK((*upd[1]->new_doc)["w"].as_int64() == 1);
  CHECK((*upd[1]->new_doc)["v"].as_int64() == 1);
  CHECK(upd[1]->old_rev.has_value());

  auto rep = col.replace_many(Json::parse("[{\"_key\":\"b\",\"r\":1},{\"_id\":\"" + name + "/a\",\"r\":2},{\"_key\":\"zz\"}]"),
                              {.return_new = true, .return_old = true})
                 .get();
  REQUIRE(rep.size() == 3);
  REQUIRE(rep[0].ok());
  CHECK((*rep[0]->old_doc)["v"].as_int64() == 3);
  CHECK((*rep[0]->new_doc)["r"].as_int64() == 1);
  CHECK_FALSE(rep[0]->new_doc->contains("v"));
  REQUIRE(rep[1].ok());
  CHECK(rep[1]->key == "a");
  REQUIRE_FALSE(rep[2].ok());
  CHECK(rep[2].error().error_code == errno_::DOCUMENT_NOT_FOUND);
  CHECK_FALSE(col.get("a").get().value().contains("w"));
  // the server reads "_key" only; an "_id" alone is made into the "_key" before sending
  auto by_id = col.update_many(Json::parse("[{\"_id\":\"" + name + "/b\",\"u\":7}]"), {.return_new = true}).get();
  REQUIRE(by_id.size() == 1);
  REQUIRE(by_id[0].ok());
  CHECK(by_id[0]->key == "b");
  CHECK((*by_id[0]->new_doc)["u"].as_int64() == 7);
  CHECK_THROWS_AS(col.update_many(Json::parse(R"([{"_id":"elsewhere/b","u":1}])")).get(), DocumentParseError);

  auto del = col.delete_many(Json::parse(R"(["a","missing",{"_key":"b"}])"), {.return_old = true}).get();
  REQUIRE(del.size() == 3);
  REQUIRE(del[0].ok());
  CHECK(del[0]->key == "a");
  REQUIRE(del[0]->old_doc);
  CHECK((*del[0]->old_doc)["r"].as_int64() == 2);
  REQUIRE_FALSE(del[1].ok());
  CHECK(del[1].error().error_code == errno_::DOCUMENT_NOT_FOUND);
  REQUIRE(del[2].ok());
  CHECK(del[2]->key == "b");
  CHECK(col.count().get() == 0);

  SECTION("silent: nothing back when all succeed, only the errors otherwise") {
    auto quiet = col.insert_many(Json::parse(R"([{"_key":"s1"},{"_key":"s2"}])"), {.silent = true}).get();
    CHECK(quiet.empty());
    CHECK(col.count().get() == 2);
    auto errors = col.insert_many(Json::parse(R"([{"_key":"s3"},{"_key":"s1"},{"_key":"s4"}])"), {.silent = true}).get();
    REQUIRE(errors.size() == 1);
    REQUIRE_FALSE(errors[0].ok());
    CHECK(errors[0].error().error_code == errno_::UNIQUE_CONSTRAINT_VIOLATED);
    CHECK(col.count().get() == 4);
    CHECK(col.update_many(Json::parse(R"([{"_key":"s1","x":1}])"), {.silent = true}).get().empty());
    CHECK(col.replace_many(Json::parse(R"([{"_key":"s1","y":1}])"), {.silent = true}).get().empty());
    CHECK(col.delete_many(Json::parse(R"(["s1","s2"])"), {.silent = true}).get().empty());
    CHECK(col.count().get() == 2);
  }
  SECTION("wait_for_sync and overwrite options apply to every item") {
    (void)col.insert_many(Json::parse(R"([{"_key":"o","a":1}])"), {.wait_for_sync = true}).get();
    auto ow = col.insert_many(Json::parse(R"([{"_key":"o","b":2},{"_key":"p"}])"),
                              {.wait_for_sync = true, .return_old = true, .overwrite_mode = OverwriteMode::replace})
                  .get();
    REQUIRE(ow.size() == 2);
    REQUIRE(ow[0].ok());
    REQUIRE(ow[0]->old_doc);
    CHECK((*ow[0]->old_doc)["a"].as_int64() == 1);
    CHECK(ow[1].ok());
    CHECK_FALSE(col.get("o").get().value().contains("a"));
    auto ig = col.insert_many(Json::parse(R"([{"_key":"o","c":3}])"), {.overwrite_mode = OverwriteMode::ignore}).get();
    REQUIRE(ig.size() == 1);
    CHECK(ig[0].ok());
    CHECK_FALSE(col.get("o").get().value().contains("c"));
    auto dm = col.delete_many(Json::parse(R"(["o","p"])"), {.wait_for_sync = true}).get();
    REQUIRE(dm.size() == 2);
    CHECK(dm[0].ok());
    CHECK(dm[1].ok());
  }
}

TEST_CASE_METHOD(Fixture, "malformed ids are refused before any I/O", "[documents][errors]") {
  // Nothing listens on port 1: an attempted request would fail with a connection error.
  ArangoClient offline{testenv::logged("http://127.0.0.1:1")};
  StandardDatabase odb = offline.db("nowhere", testenv::root()).get();
  auto col = odb.collection("students");

  auto e = expect_error<DocumentParseError>([&] { (void)col.get("teachers/1").get(); });
  CHECK(e.message().find("teachers/1") != std::string::npos);
  CHECK(e.source() == ErrorSource::client);
  CHECK_THROWS_AS(col.get("students/").get(), DocumentParseError);
  CHECK_THROWS_AS(col.get("/1").get(), DocumentParseError);
  CHECK_THROWS_AS(col.get("").get(), DocumentParseError);
  CHECK_THROWS_AS(col.get(Json::object({{"name", "n"}})).get(), DocumentParseError);
  CHECK_THROWS_AS(col.has("teachers/1").get(), DocumentParseError);
  CHECK_THROWS_AS(col.delete_("teachers/1").get(), DocumentParseError);
  CHECK_THROWS_AS(col.insert(Json::object({{"_id", "teachers/1"}})).get(), DocumentParseError);
  CHECK_THROWS_AS(col.update(Json::object({{"v", 1}})).get(), DocumentParseError);
  CHECK_THROWS_AS(col.update(Json::object({{"_id", "teachers/1"}})).get(), DocumentParseError);
  CHECK_THROWS_AS(col.replace(Json::object({{"_key", ""}})).get(), DocumentParseError);
  CHECK_THROWS_AS(odb.document(Json::object({{"_key", "k"}})).get(), DocumentParseError);
  CHECK_THROWS_AS(odb.has_document(Json::object({{"_id", "/k"}})).get(), DocumentParseError);
  CHECK_THROWS_AS(odb.update_document(Json::object({{"_key", "k"}})).get(), DocumentParseError);
  CHECK_THROWS_AS(odb.replace_document(Json::object({{"v", 1}})).get(), DocumentParseError);
  CHECK_THROWS_AS(odb.delete_document(Json::object({{"_key", "k"}})).get(), DocumentParseError);
  CHECK_THROWS_AS(odb.insert_document("students", Json::object({{"_id", "teachers/1"}})).get(), DocumentParseError);
  // the same call with a valid id does go to the network (and fails there)
  auto io = expect_error<ArangoClientError>([&] { (void)col.get("students/1").get(); });
  CHECK(std::string(io.class_name()) != "DocumentParseError");
}

TEST_CASE_METHOD(Fixture, "unknown collections and unknown documents", "[documents][errors]") {
  auto missing = db.collection(testenv::unique_name("nocol"));
  auto check1203 = [](const ArangoServerError& e) { check_error(e, 404, errno_::DATA_SOURCE_NOT_FOUND); };
  check1203(expect_error<DocumentGetError>([&] { (void)missing.get("k").get(); }));
  CHECK_FALSE(missing.has("k").get());  // any 404, as in the seed
  check1203(expect_error<DocumentInsertError>([&] { (void)missing.insert(Json::object({{"a", 1}})).get(); }));
  check1203(expect_error<DocumentUpdateError>([&] { (void)missing.update(Json::object({{"_key", "k"}})).get(); }));
  check1203(expect_error<DocumentReplaceError>([&] { (void)missing.replace(Json::object({{"_key", "k"}})).get(); }));
  check1203(expect_error<DocumentDeleteError>([&] { (void)missing.delete_("k", {.ignore_missing = true}).get(); }));
  check1203(expect_error<DocumentGetError>([&] { (void)missing.get_many(Json::parse(R"(["k"])")).get(); }));
  check1203(expect_error<DocumentInsertError>([&] { (void)missing.insert_many(Json::parse(R"([{}])")).get(); }));
  check1203(expect_error<DocumentUpdateError>([&] { (void)missing.update_many(Json::parse(R"([{"_key":"k"}])")).get(); }));
  check1203(expect_error<DocumentReplaceError>([&] { (void)missing.replace_many(Json::parse(R"([{"_key":"k"}])")).get(); }));
  check1203(expect_error<DocumentDeleteError>([&] { (void)missing.delete_many(Json::parse(R"(["k"])")).get(); }));
  check1203(expect_error<DocumentGetError>([&] { (void)db.document(missing.name() + "/k").get(); }));

  auto col = make_collection("nodoc");
  auto check1202 = [](const ArangoServerError& e) { check_error(e, 404, errno_::DOCUMENT_NOT_FOUND); };
  CHECK_FALSE(col.get("k").get());
  check1202(expect_error<DocumentUpdateError>([&] { (void)col.update(Json::object({{"_key", "k"}, {"a", 1}})).get(); }));
  check1202(expect_error<DocumentReplaceError>([&] { (void)col.replace(Json::object({{"_key", "k"}, {"a", 1}})).get(); }));
  check1202(expect_error<DocumentDeleteError>([&] { (void)col.delete_("k").get(); }));
  CHECK(col.count().get() == 0);
}

TEST_CASE_METHOD(Fixture, "document calls with a wrong password or an unknown database", "[documents][auth]") {
  auto col = make_collection("authdoc");
  (void)col.insert(Json::object({{"_key", "k"}})).get();
  auto bad = bad_credentials().collection(col.name());
  auto check401 = [](const ArangoServerError& e) { check_error(e, 401, errno_::FORBIDDEN); };
  check401(expect_error<DocumentGetError>([&] { (void)bad.get("k").get(); }));
  CHECK(expect_error<DocumentGetError>([&] { (void)bad.has("k").get(); }).http_code() == 401);
  check401(expect_error<DocumentInsertError>([&] { (void)bad.insert(Json::object({{"a", 1}})).get(); }));
  check401(expect_error<DocumentUpdateError>([&] { (void)bad.update(Json::object({{"_key", "k"}})).get(); }));
  check401(expect_error<DocumentReplaceError>([&] { (void)bad.replace(Json::object({{"_key", "k"}})).get(); }));
  check401(expect_error<DocumentDeleteError>([&] { (void)bad.delete_("k").get(); }));
  check401(expect_error<DocumentGetError>([&] { (void)bad.get_many(Json::parse(R"(["k"])")).get(); }));
  check401(expect_error<DocumentInsertError>([&] { (void)bad.insert_many(Json::parse(R"([{}])")).get(); }));
  check401(expect_error<DocumentUpdateError>([&] { (void)bad.update_many(Json::parse(R"([{"_key":"k"}])")).get(); }));
  check401(expect_error<DocumentReplaceError>([&] { (void)bad.replace_many(Json::parse(R"([{"_key":"k"}])")).get(); }));
  check401(expect_error<DocumentDeleteError>([&] { (void)bad.delete_many(Json::parse(R"(["k"])")).get(); }));
  check401(expect_error<DocumentInsertError>([&] { (void)bad.import_bulk(Json::parse(R"([{}])")).get(); }));
  CHECK(col.count().get() == 1);

  auto nodb = unknown_database().collection(col.name());
  auto check1228 = [](const ArangoServerError& e) { check_error(e, 404, errno_::DATABASE_NOT_FOUND); };
  check1228(expect_error<DocumentGetError>([&] { (void)nodb.get("k").get(); }));
  check1228(expect_error<DocumentInsertError>([&] { (void)nodb.insert(Json::object({{"a", 1}})).get(); }));
  check1228(expect_error<DocumentDeleteError>([&] { (void)nodb.delete_many(Json::parse(R"(["k"])")).get(); }));
}

TEST_CASE_METHOD(Fixture, "database-level document calls", "[documents][database]") {
  auto col = make_collection("dbdoc");
  const std::string id = col.name() + "/d1";

  DocumentMeta<Json> ins = db.insert_document(col.name(), Json::object({{"_key", "d1"}, {"v", 1}}), {.return_new = true}).get();
  CHECK(ins.id == id);
  REQUIRE(ins.new_doc);
  CHECK((*ins.new_doc)["v"].as_int64() == 1);
  CHECK(db.has_document(id).get());
  CHECK_FALSE(db.has_document(col.name() + "/nope").get());
  CHECK(db.has_document(Json::object({{"_id", id}})).get());
  CHECK(db.document(id).get().value()["v"].as_int64() == 1);
  CHECK_FALSE(db.document(col.name() + "/nope").get());

  DocumentMeta<Json> upd = db.update_document(Json::object({{"_id", id}, {"w", 2}}), {.return_old = true}).get();
  CHECK(upd.old_rev == std::optional<std::string>(ins.rev));
  REQUIRE(upd.old_doc);
  CHECK_FALSE(upd.old_doc->contains("w"));
  Json doc = db.document(id).get().value();
  CHECK(doc["v"].as_int64() == 1);
  CHECK(doc["w"].as_int64() == 2);

  DocumentMeta<Json> rep = db.replace_document(Json::object({{"_id", id}, {"z", 3}}), {.return_new = true}).get();
  REQUIRE(rep.new_doc);
  CHECK_FALSE(rep.new_doc->contains("v"));
  CHECK(db.document(id, {.if_match = rep.rev}).get().value()["z"].as_int64() == 3);
  check_error(expect_error<DocumentRevisionError>([&] { (void)db.document(id, {.if_match = ins.rev}).get(); }), 412,
              errno_::CONFLICT);

  check_error(expect_error<DocumentRevisionError>([&] { (void)db.delete_document(id, {.if_match = ins.rev}).get(); }), 412,
              errno_::CONFLICT);
  std::optional<DocumentMeta<Json>> del = db.delete_document(Json::object({{"_id", id}}), {.return_old = true}).get();
  REQUIRE(del);
  REQUIRE(del->old_doc);
  CHECK((*del->old_doc)["z"].as_int64() == 3);
  CHECK_FALSE(db.has_document(id).get());
  CHECK_FALSE(db.delete_document(id, {.ignore_missing = true}).get());
  check_error(expect_error<DocumentDeleteError>([&] { (void)db.delete_document(id).get(); }), 404,
              errno_::DOCUMENT_NOT_FOUND);
  check_error(expect_error<DocumentUpdateError>([&] { (void)db.update_document(Json::object({{"_id", id}})).get(); }), 404,
              errno_::DOCUMENT_NOT_FOUND);
  check_error(expect_error<DocumentInsertError>(
                  [&] { (void)db.insert_document(testenv::unique_name("nocol"), Json::object({{"a", 1}})).get(); }),
              404, errno_::DATA_SOURCE_NOT_FOUND);
}

TEST_CASE_METHOD(Fixture, "a user type round-trips through to_json and a SAX Deserializer", "[documents][serde]") {
  auto students = make_collection<Student>("students");

  DocumentMeta<Student> m = students.insert(Student{"s1", "Ann", 21}, {.return_new = true}).get();
  CHECK(m.key == "s1");
  REQUIRE(m.new_doc);
  CHECK(*m.new_doc == Student{"s1", "Ann", 21});

  std::optional<Student> got = students.get("s1").get();
  REQUIRE(got);
  CHECK(*got == Student{"s1", "Ann", 21});
  CHECK(students.get(Student{"s1", "", 0}).get().value().name == "Ann");  // a body names it by _key
  CHECK_FALSE(students.get("none").get());

  auto many = students.insert_many(std::vector<Student>{{"s2", "Bob", 30}, {"s1", "Dup", 1}, {"s3", "Cy", 40}},
                                   {.return_new = true})
                  .get();
  REQUIRE(many.size() == 3);
  REQUIRE(many[0].ok());
  CHECK(many[0]->new_doc.value() == Student{"s2", "Bob", 30});
  CHECK_FALSE(many[1].ok());
  REQUIRE(many[2].ok());
  CHECK(many[2]->new_doc.value().age == 40);

  auto list = students.get_many(std::vector<std::string>{"s3", "missing", "s1"}).get();
  REQUIRE(list.size() == 3);
  REQUIRE(list[0].ok());
  CHECK(*list[0] == Student{"s3", "Cy", 40});
  REQUIRE_FALSE(list[1].ok());
  CHECK(list[1].error().error_code == errno_::DOCUMENT_NOT_FOUND);
  REQUIRE(list[2].ok());
  CHECK(list[2]->name == "Ann");

  DocumentMeta<Student> upd = students.update(Student{"s1", "Ann", 22}, {.return_new = true, .return_old = true}).get();
  CHECK(upd.old_doc.value().age == 21);
  CHECK(upd.new_doc.value().age == 22);
  std::optional<DocumentMeta<Student>> del = students.delete_(Student{"s2", "", 0}, {.return_old = true}).get();
  REQUIRE(del);
  CHECK(del->old_doc.value() == Student{"s2", "Bob", 30});

  // The same collection read as Json shows what to_json wrote.
  Json raw = db.collection(students.name()).get("s1").get().value();
  CHECK(raw["name"].as_string() == "Ann");
  CHECK(raw["age"].as_int64() == 22);
}

TEST_CASE_METHOD(Fixture, "import_bulk", "[documents][import]") {
  auto col = make_collection("imp");

  SECTION("JSON lines, an array, and the header-line format") {
    ImportResult lines = col.import_bulk(std::string("{\"_key\":\"a\",\"v\":1}\n{\"_key\":\"b\",\"v\":2}\n\n{\"v\":3}\n"),
                                         {.doc_type = "documents"})
                             .get();
    CHECK(lines.created == 3);
    CHECK(lines.errors == 0);
    CHECK(lines.empty == 1);
    CHECK(lines.updated == 0);
    CHECK(lines.ignored == 0);
    CHECK(lines.details.empty());
    CHECK(lines.raw["created"].as_int64() == 3);
    CHECK(col.get("b").get().value()["v"].as_int64() == 2);

    ImportResult array = col.import_bulk(Json::parse(R"([{"_key":"c","v":4},{"_key":"d","v":5}])")).get();
    CHECK(array.created == 2);
    CHECK(col.get("d").get().value()["v"].as_int64() == 5);
    ImportResult raw_array = col.import_bulk(std::string(R"([{"_key":"e"}])"), {.doc_type = "list"}).get();
    CHECK(raw_array.created == 1);
    ImportResult autodetect = col.import_bulk(std::string("{\"_key\":\"f\"}\n"), {.doc_type = "auto"}).get();
    CHECK(autodetect.created == 1);

    ImportResult header = col.import_bulk(std::string("[\"_key\",\"v\",\"s\"]\n[\"h1\",10,\"x\"]\n[\"h2\",20,\"y\"]\n")).get();
    CHECK(header.created == 2);
    Json h2 = col.get("h2").get().value();
    CHECK(h2["v"].as_int64() == 20);
    CHECK(h2["s"].as_string() == "y");
    CHECK(col.count().get() == 9);

    ImportResult users = col.import_bulk(std::vector<Student>{{"st1", "Ann", 1}, {"st2", "Bob", 2}}).get();
    CHECK(users.created == 2);
    CHECK(col.get("st2").get().value()["name"].as_string() == "Bob");
  }
  SECTION("on_duplicate, complete and details") {
    (void)col.insert(Json::parse(R"({"_key":"a","v":1,"keep":true})")).get();
    std::string dup = R"([{"_key":"a","v":2},{"_key":"n1"}])";

    auto failed = expect_error<DocumentInsertError>([&] { (void)col.import_bulk(dup, {.doc_type = "array"}).get(); });
    check_error(failed, 409, errno_::UNIQUE_CONSTRAINT_VIOLATED);
    CHECK(col.count().get() == 1);  // complete=true: all or nothing
    CHECK_FALSE(col.has("n1").get());

    ImportResult err = col.import_bulk(dup, {.doc_type = "array", .complete = false, .on_duplicate = "error"}).get();
    CHECK(err.created == 1);
    CHECK(err.errors == 1);
    REQUIRE(err.details.size() == 1);
    CHECK(err.details[0].find("unique constraint violated") != std::string::npos);
    CHECK(col.get("a").get().value()["v"].as_int64() == 1);

    ImportResult quiet = col.import_bulk(std::string(R"([{"_key":"a"},{"_key":"n1"}])"),
                                         {.doc_type = "array", .complete = false, .details = false})
                             .get();
    CHECK(quiet.errors == 2);
    CHECK(quiet.details.empty());
    CHECK_FALSE(quiet.raw.contains("details"));

    ImportResult ign = col.import_bulk(std::string(R"([{"_key":"a","v":3}])"), {.doc_type = "array", .on_duplicate = "ignore"}).get();
    CHECK(ign.ignored == 1);
    CHECK(ign.created == 0);
    CHECK(col.get("a").get().value()["v"].as_int64() == 1);

    ImportResult upd = col.import_bulk(std::string(R"([{"_key":"a","v":4}])"), {.doc_type = "array", .on_duplicate = "update"}).get();
    CHECK(upd.updated == 1);
    Json a = col.get("a").get().value();
    CHECK(a["v"].as_int64() == 4);
    CHECK(a["keep"].as_bool());

    ImportResult rep = col.import_bulk(std::string(R"([{"_key":"a","v":5}])"), {.doc_type = "array", .on_duplicate = "replace"}).get();
    CHECK(rep.updated == 1);
    Json ra = col.get("a").get().value();
    CHECK(ra["v"].as_int64() == 5);
    CHECK_FALSE(ra.contains("keep"));

    ImportResult over = col.import_bulk(std::string(R"([{"_key":"fresh"}])"), {.doc_type = "array", .overwrite = true}).get();
    CHECK(over.created == 1);
    CHECK(col.count().get() == 1);  // overwrite empties the collection first
    CHECK(col.has("fresh").get());
  }
  SECTION("edges with from_prefix and to_prefix") {
    auto edges = make_collection("impedges", {.col_type = CollectionType::EDGE});
    ImportResult r = edges.import_bulk(std::string(R"([{"_key":"e1","_from":"a","_to":"b"}])"),
                                       {.doc_type = "array", .from_prefix = "verts", .to_prefix = "others"})
                         .get();
    CHECK(r.created == 1);
    Json e1 = edges.get("e1").get().value();
    CHECK(e1["_from"].as_string() == "verts/a");
    CHECK(e1["_to"].as_string() == "others/b");
    ImportResult bad = edges.import_bulk(Json::parse(R"([{"name":"no ends"}])"), {.complete = false}).get();
    CHECK(bad.errors == 1);
    REQUIRE(bad.details.size() == 1);
    CHECK(bad.details[0].find("_from") != std::string::npos);
  }
  SECTION("errors") {
    auto unknown = db.collection(testenv::unique_name("noimp"));
    check_error(expect_error<DocumentInsertError>(
                    [&] { (void)unknown.import_bulk(std::string("{\"a\":1}\n"), {.doc_type = "documents"}).get(); }),
                404, errno_::DATA_SOURCE_NOT_FOUND);
    check_error(expect_error<DocumentInsertError>([&] { (void)col.import_bulk(std::string("{}"), {.doc_type = "list"}).get(); }),
                400, errno_::HTTP_BAD_PARAMETER);
  }
}

TEST_CASE_METHOD(Fixture, "document calls by callback", "[documents][async]") {
  auto col = make_collection("cbdoc");
  std::promise<Result<DocumentMeta<Json>>> inserted;
  col.insert(Json::object({{"_key", "k"}, {"v", 1}}), {.return_new = true},
             [&](Result<DocumentMeta<Json>> r) { inserted.set_value(std::move(r)); });
  Result<DocumentMeta<Json>> r = inserted.get_future().get();
  REQUIRE(r.has_value());
  CHECK(r.value().key == "k");
  CHECK(r.value().new_doc.value()["v"].as_int64() == 1);

  std::promise<Result<std::vector<BulkItem<Json>>>> listed;
  col.get_many(Json::parse(R"(["k","x"])"), {}, [&](Result<std::vector<BulkItem<Json>>> res) { listed.set_value(std::move(res)); });
  auto items = listed.get_future().get();
  REQUIRE(items.has_value());
  REQUIRE(items.value().size() == 2);
  CHECK(items.value()[0].ok());
  CHECK_FALSE(items.value()[1].ok());

  std::promise<Result<DocumentMeta<Json>>> dup;
  col.insert(Json::object({{"_key", "k"}}), {}, [&](Result<DocumentMeta<Json>> res) { dup.set_value(std::move(res)); });
  Result<DocumentMeta<Json>> d = dup.get_future().get();
  REQUIRE_FALSE(d.has_value());
  CHECK(std::string(d.error().class_name()) == "DocumentInsertError");
  CHECK(dynamic_cast<const ArangoServerError&>(d.error()).error_code() == errno_::UNIQUE_CONSTRAINT_VIOLATED);
}

namespace {
using testenv::Task;

struct Awaited {
  std::string key;
  std::int64_t v = 0;
  bool present_after_delete = true;
  int duplicate_error = 0;
  std::size_t many = 0;
};

// (Json::parse rather than Json::object: GCC 12 rejects initializer lists inside coroutines.)
Task awaiting(StandardCollection<Json> col, Awaited& out) {
  DocumentMeta<Json> m = co_await col.insert(Json::parse(R"({"_key":"aw","v":7})"), {}, use_awaitable);
  out.key = m.key;
  std::optional<Json> doc = co_await col.get("aw", {}, use_awaitable);
  out.v = doc ? (*doc)["v"].as_int64() : -1;
  try {
    co_await col.insert(Json::parse(R"({"_key":"aw"})"), {}, use_awaitable);
  } catch (const DocumentInsertError& e) {
    out.duplicate_error = e.error_code();
  }
  auto items = co_await col.insert_many(Json::parse(R"([{"_key":"m1"},{"_key":"m2"}])"), {}, use_awaitable);
  out.many = items.size();
  (void)co_await col.delete_("aw", {}, use_awaitable);
  out.present_after_delete = co_await col.has("aw", {}, use_awaitable);
}
}  // namespace

TEST_CASE_METHOD(Fixture, "document calls with co_await", "[documents][async]") {
  auto col = make_collection("awdoc");
  Awaited out;
  Task t = awaiting(col, out);
  REQUIRE(t.finished.wait_for(20s) == std::future_status::ready);
  t.finished.get();
  CHECK(out.key == "aw");
  CHECK(out.v == 7);
  CHECK(out.duplicate_error == errno_::UNIQUE_CONSTRAINT_VIOLATED);
  CHECK(out.many == 2);
  CHECK_FALSE(out.present_after_delete);
  CHECK(col.count().get() == 2);
}
