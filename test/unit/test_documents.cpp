// Collection, document, index and graph calls through a mock transport: the requests they send
// (paths, parameters, headers, bodies), the identifier rules, and how results are decoded.
#include <arango/arango.hpp>

#include <catch2/catch.hpp>

#include <future>
#include <optional>
#include <variant>
#include <string>
#include <vector>

#include "../support/mock_http.hpp"
#include "../support/student.hpp"

using namespace arango;
using testenv::MockHTTPClient;

using testenv::Student;

namespace {

// A user type decoded through from_json (a DOM).
struct Tag {
  std::string label;
};
void from_json(JsonView v, Tag& t) { t.label = std::string(v["label"].as_string()); }

using Fixture = testenv::MockDatabase;

}  // namespace

TEST_CASE("document identifiers follow the seed's rules", "[documents]") {
  using detail::collection_of;
  using detail::document_id;
  CHECK(document_id("students", "1") == "students/1");
  CHECK(document_id("students", "students/1") == "students/1");
  CHECK(document_id("students", Json::object({{"_key", "k"}})) == "students/k");
  CHECK(document_id("students", Json::object({{"_id", "students/x"}, {"_key", "y"}})) == "students/x");
  CHECK_THROWS_AS(document_id("students", "teachers/1"), DocumentParseError);
  CHECK_THROWS_AS(document_id("students", "studentsX/1"), DocumentParseError);
  CHECK_THROWS_AS(document_id("students", "students/"), DocumentParseError);
  CHECK_THROWS_AS(document_id("students", "/1"), DocumentParseError);
  CHECK_THROWS_AS(document_id("students", ""), DocumentParseError);
  CHECK_THROWS_AS(document_id("students", Json::object({{"name", "n"}})), DocumentParseError);
  CHECK_THROWS_AS(document_id("students", Json::array({1, 2})), DocumentParseError);
  CHECK(document_id("students", "teachers/1", false) == "teachers/1");
  CHECK(document_id("students", Student{"s1", "Ann", 3}) == "students/s1");

  CHECK(collection_of("students/1") == "students");
  CHECK(collection_of("plainkey") == "plainkey");  // the seed's rule: no '/' names the collection
  CHECK(collection_of(Json::object({{"_id", "a/b"}})) == "a");
  CHECK_THROWS_AS(collection_of(Json::object({{"_key", "b"}})), DocumentParseError);
  try {
    (void)document_id("students", "teachers/1");
  } catch (const DocumentParseError& e) {
    CHECK(std::string(e.what()).find("teachers/1") != std::string::npos);
  }

  CHECK(detail::ensure_key_from_id("c", R"({"_id":"c/k1","a":1})") == R"({"_key":"k1","_id":"c/k1","a":1})");
  CHECK(detail::ensure_key_from_id("c", R"({"a":1})") == R"({"a":1})");
  CHECK_THROWS_AS(detail::ensure_key_from_id("c", R"({"_id":"d/k1"})"), DocumentParseError);
  CHECK(detail::document_path("my coll/ké y") == "/_api/document/my%20coll/k%C3%A9%20y");
}

TEST_CASE_METHOD(Fixture, "OverwriteMode is sent as the seed's overwriteMode strings", "[documents]") {
  auto students = db.collection("s");
  const std::pair<OverwriteMode, const char*> modes[] = {{OverwriteMode::ignore, "ignore"},
                                                         {OverwriteMode::replace, "replace"},
                                                         {OverwriteMode::update, "update"},
                                                         {OverwriteMode::conflict, "conflict"}};
  for (const auto& [mode, text] : modes) {
    mock->answer(202, R"({"_id":"s/a","_key":"a","_rev":"_r1"})");
    (void)students.insert(Json::object({{"_key", "a"}}), {.overwrite_mode = mode}).get();
    CHECK(last().url == url(std::string("/_api/document/s?overwriteMode=") + text));
    mock->answer(202, R"([{"_id":"s/a","_key":"a","_rev":"_r1"}])");
    (void)students.insert_many(std::vector<Json>{Json::object({{"_key", "a"}})}, {.overwrite_mode = mode}).get();
    CHECK(last().url == url(std::string("/_api/document/s?overwriteMode=") + text));
  }
  mock->answer(202, R"({"_id":"s/a","_key":"a","_rev":"_r1"})");
  (void)students.insert(Json::object({{"_key", "a"}})).get();
  CHECK(last().url == url("/_api/document/s"));
}

TEST_CASE_METHOD(Fixture, "single-document calls send the seed's requests", "[documents]") {
  auto students = db.collection("stu dents");

  mock->answer(202, R"({"_id":"stu dents/a","_key":"a","_rev":"_r1","new":{"_key":"a","x":1}})");
  DocumentMeta<Json> meta = students.insert(Json::object({{"_key", "a"}, {"x", 1}}),
                                            {.wait_for_sync = false, .return_new = true, .overwrite_mode = OverwriteMode::update,
                                             .keep_null = false, .version_attribute = "v"})
                                .get();
  CHECK(last().method == Method::POST);
  CHECK(last().url == url("/_api/document/stu%20dents?waitForSync=false&returnNew=true&overwriteMode=update"
                          "&keepNull=false&versionAttribute=v"));
  CHECK(last().body == R"({"_key":"a","x":1})");
  CHECK(meta.id == "stu dents/a");
  CHECK(meta.key == "a");
  CHECK(meta.rev == "_r1");
  REQUIRE(meta.new_doc);
  CHECK((*meta.new_doc)["x"].as_int64() == 1);
  CHECK_FALSE(meta.old_doc);

  mock->answer(200, R"({"_key":"a","_id":"stu dents/a","_rev":"_r1","x":1})");
  std::optional<Json> doc = students.get("a", {.allow_dirty_read = true, .if_none_match = "_r0"}).get();
  REQUIRE(doc);
  CHECK((*doc)["x"].as_int64() == 1);
  CHECK(last().method == Method::GET);
  CHECK(last().url == url("/_api/document/stu%20dents/a"));
  CHECK(last().headers.find("x-arango-allow-dirty-read") == "true");
  CHECK(last().headers.find("If-None-Match") == "_r0");

  mock->answer(404, R"({"code":404,"error":true,"errorMessage":"document not found","errorNum":1202})");
  CHECK_FALSE(students.get("stu dents/missing").get());

  mock->answer(404, R"({"code":404,"error":true,"errorMessage":"collection or view not found: x","errorNum":1203})");
  std::promise<int> code;
  students.get("missing", {}, [&code](Result<std::optional<Json>> r) {
    const auto* err = r ? nullptr : dynamic_cast<const DocumentGetError*>(&r.error());
    code.set_value(err ? err->error_code() : -1);
  });
  CHECK(code.get_future().get() == 1203);

  mock->answer(412, R"({"error":true,"code":412,"errorNum":1200,"errorMessage":"conflict, _rev values do not match",
                       "_id":"stu dents/a","_key":"a","_rev":"_r2"})");
  CHECK_THROWS_AS(students.update(Json::object({{"_key", "a"}, {"y", 2}}), {.if_match = "_r1"}).get(),
                  DocumentRevisionError);
  CHECK(last().method == Method::PATCH);
  CHECK(last().url == url("/_api/document/stu%20dents/a"));
  CHECK(last().headers.find("If-Match") == "_r1");

  mock->answer(409, R"({"code":409,"error":true,"errorMessage":"conflict","errorNum":1200})");
  CHECK_THROWS_AS(students.replace(Json::object({{"_id", "stu dents/a"}}), {.ignore_revs = false}).get(),
                  DocumentReplaceError);
  CHECK(last().method == Method::PUT);
  CHECK(last().url == url("/_api/document/stu%20dents/a?ignoreRevs=false"));

  mock->answer(200, R"({"_id":"stu dents/a","_key":"a","_rev":"_r3","old":{"_key":"a"}})");
  auto deleted = students.delete_("a", {.return_old = true, .if_match = "_r2"}).get();
  REQUIRE(deleted);
  CHECK(deleted->old_doc);
  CHECK(last().method == Method::DELETE);
  CHECK(last().url == url("/_api/document/stu%20dents/a?returnOld=true"));
  CHECK(last().body.empty());

  mock->answer(404, R"({"code":404,"error":true,"errorMessage":"document not found","errorNum":1202})");
  CHECK_FALSE(students.delete_("a", {.ignore_missing = true}).get());
  mock->answer(404, R"({"code":404,"error":true,"errorMessage":"document not found","errorNum":1202})");
  CHECK_THROWS_AS(students.delete_("a").get(), DocumentDeleteError);

  mock->answer(200, "");
  CHECK(students.has("a").get());
  CHECK(last().method == Method::HEAD);
  mock->answer(404, "");
  CHECK_FALSE(students.has("a").get());
  mock->answer(412, "");
  CHECK_THROWS_AS(students.has("a", {.if_match = "x"}).get(), DocumentRevisionError);
  mock->answer(304, "");
  CHECK_THROWS_AS(students.has("a", {.if_none_match = "x"}).get(), DocumentGetError);

  // Silent writes deliver empty metadata.
  mock->answer(202, "{}");
  DocumentMeta<Json> silent = students.insert(Json::object({{"a", 1}}), {.silent = true}).get();
  CHECK(silent.id.empty());
  CHECK(silent.rev.empty());

  // Malformed ids fail before anything is sent.
  std::size_t sent = mock->requests.size();
  CHECK_THROWS_AS(students.get("teachers/1").get(), DocumentParseError);
  CHECK_THROWS_AS(students.insert(Json::object({{"_id", "teachers/1"}})).get(), DocumentParseError);
  CHECK_THROWS_AS(students.update(Json::object({{"x", 1}})).get(), DocumentParseError);
  CHECK(mock->requests.size() == sent);
}

TEST_CASE_METHOD(Fixture, "multi-document calls report every input, errors included", "[documents]") {
  auto c = db.collection("c");
  mock->answer(202,
               R"([{"error":true,"errorNum":1221,"errorMessage":"illegal document key"},)"
               R"({"_id":"c/abc","_key":"abc","_rev":"_r"}])",
               Headers{{"X-Arango-Error-Codes", R"({"1221":1})"}});
  auto results = c.insert_many(std::vector<Json>{Json::object({{"_key", 111}}), Json::object({{"_key", "abc"}})},
                               {.return_new = false})
                     .get();
  CHECK(last().body == R"([{"_key":111},{"_key":"abc"}])");
  CHECK(last().url == url("/_api/document/c?returnNew=false"));
  REQUIRE(results.size() == 2);
  CHECK_FALSE(results[0].ok());
  CHECK(results[0].error() == DocumentError{1221, "illegal document key"});
  CHECK_THROWS_AS(results[0].value(), std::logic_error);
  REQUIRE(results[1].ok());
  CHECK(results[1]->key == "abc");

  mock->answer(200, R"([{"_key":"a","_id":"c/a","_rev":"1","v":1},)"
                    R"({"error":true,"errorNum":1202,"errorMessage":"document not found"}])");
  auto got = c.get_many(std::vector<std::string>{"a", "c/b"}, {.allow_dirty_read = false, .ignore_revs = true}).get();
  CHECK(last().method == Method::PUT);
  CHECK(last().url == url("/_api/document/c?onlyget=true&ignoreRevs=true"));
  CHECK(last().body == R"(["a","c/b"])");
  CHECK(last().headers.find("x-arango-allow-dirty-read") == "false");
  REQUIRE(got.size() == 2);
  CHECK((*got[0])["v"].as_int64() == 1);
  CHECK(got[1].error().error_code == 1202);

  mock->answer(200, "[]");
  CHECK(c.delete_many({"a", "b"}, {.silent = true}).get().empty());
  CHECK(last().method == Method::DELETE);
  CHECK(last().body == R"(["a","b"])");

  mock->answer(202, "[]");
  (void)c.update_many(Json::parse(R"([{"_key":"a","x":null}])"), {.keep_null = false, .merge_objects = true}).get();
  CHECK(last().method == Method::PATCH);
  CHECK(last().url == url("/_api/document/c?keepNull=false&mergeObjects=true"));
  mock->answer(202, "[]");
  (void)c.replace_many(Json::parse(R"([{"_key":"a"}])"), {.ignore_revs = false}).get();
  CHECK(last().method == Method::PUT);
  CHECK(last().url == url("/_api/document/c?ignoreRevs=false"));

  mock->answer(404, R"({"code":404,"error":true,"errorMessage":"collection or view not found: c","errorNum":1203})");
  CHECK_THROWS_AS(c.insert_many(std::vector<Json>{Json::object({})}).get(), DocumentInsertError);
  // a JSON object is a list of that one document ({doc} means what {doc1, doc2} does); any
  // other value that is not an array is refused
  CHECK(DocumentList(Json::object({{"a", 1}})).text() == R"([{"a":1}])");
  CHECK(DocumentList(Json::object({{"a", 1}})).size() == 1);
  const Json one = Json::object({{"b", 2}});
  CHECK(DocumentList{one}.text() == R"([{"b":2}])");
  CHECK_THROWS_AS(DocumentList(Json::parse("5")), std::invalid_argument);
  CHECK_THROWS_AS(DocumentList(Json::parse(R"("k")")), std::invalid_argument);
}

TEST_CASE_METHOD(Fixture, "get_many reads a long list in batches, one after another, joined in order",
                 "[documents]") {
  auto c = db.collection("c");
  // Five inputs of every form (keys with a comma, a quote and a bracket in them, an id, a body
  // with nested arrays): batches of two split between elements only.
  Json list = Json::parse(R"(["a,b", "q\"]", {"_key":"k","tags":[1,[2,3]],"s":"x,]"}, "c/d", "e"])");
  std::size_t before = mock->requests.size();
  mock->answer(200, R"([{"_key":"a,b","_id":"c/a,b","_rev":"1"},{"_key":"q\"]","_id":"c/q\"]","_rev":"2"}])");
  mock->answer(200, R"([{"error":true,"errorNum":1202,"errorMessage":"document not found"},)"
                    R"({"_key":"d","_id":"c/d","_rev":"4"}])");
  mock->answer(200, R"([{"_key":"e","_id":"c/e","_rev":"5"}])");
  auto got = c.get_many(list, {.ignore_revs = true, .batch_size = 2}).get();
  REQUIRE(mock->requests.size() == before + 3);
  CHECK(mock->requests[before].body == R"(["a,b","q\"]"])");
  CHECK(mock->requests[before + 1].body == R"([{"_key":"k","tags":[1,[2,3]],"s":"x,]"},"c/d"])");
  CHECK(mock->requests[before + 2].body == R"(["e"])");
  for (std::size_t i = before; i < before + 3; ++i) {
    CHECK(mock->requests[i].url == url("/_api/document/c?onlyget=true&ignoreRevs=true"));
  }
  REQUIRE(got.size() == 5);
  CHECK((*got[0])["_key"].as_string() == "a,b");
  CHECK((*got[1])["_key"].as_string() == "q\"]");
  CHECK(got[2].error().error_code == 1202);
  CHECK((*got[3])["_key"].as_string() == "d");
  CHECK((*got[4])["_key"].as_string() == "e");

  // The default batch is 1,000 documents: 2,500 keys are three requests; batch_size 0 is one.
  std::vector<std::string> keys;
  for (int i = 0; i < 2500; ++i) keys.push_back("k" + std::to_string(i));
  auto answer_for = [&](int from, int to) {
    std::string body = "[";
    for (int i = from; i < to; ++i) {
      body += (i > from ? "," : "") + std::string(R"({"_key":"k)") + std::to_string(i) + R"(","_rev":"r","_id":"c/k)" +
              std::to_string(i) + R"("})";
    }
    mock->answer(200, body + "]");
  };
  before = mock->requests.size();
  answer_for(0, 1000), answer_for(1000, 2000), answer_for(2000, 2500);
  auto all = c.get_many(keys).get();
  CHECK(mock->requests.size() == before + 3);
  REQUIRE(all.size() == 2500);
  bool in_order = true;
  for (int i = 0; i < 2500; ++i) in_order = in_order && (*all[i])["_key"].as_string() == keys[i];
  CHECK(in_order);
  answer_for(0, 2500);
  CHECK(c.get_many(keys, {.batch_size = 0}).get().size() == 2500);
  CHECK(mock->requests.size() == before + 4);
  CHECK(Json::parse(mock->requests.back().body).size() == 2500);

  // A batch that fails ends the call with its error; the later batches are not sent.
  before = mock->requests.size();
  mock->answer(200, R"([{"_key":"a","_id":"c/a","_rev":"1"}])");
  mock->answer(404, R"({"code":404,"error":true,"errorNum":1203,"errorMessage":"collection or view not found"})");
  mock->answer(200, R"([{"_key":"c","_id":"c/c","_rev":"1"}])");
  try {
    (void)c.get_many(std::vector<std::string>{"a", "b", "c"}, {.batch_size = 1}).get();
    FAIL("the second batch's error must end the call");
  } catch (const DocumentGetError& e) {
    CHECK(e.error_code() == 1203);
  }
  CHECK(mock->requests.size() == before + 2);
  mock->answers.clear();

  // Inside a stream transaction every batch carries the transaction; as an async job the list
  // is one request (a job is one request).
  mock->answer(201, R"({"code":201,"error":false,"result":{"id":"77","status":"running"}})");
  TransactionDatabase trx = db.begin_transaction().get();
  before = mock->requests.size();
  mock->answer(200, R"([{"_key":"a","_id":"c/a","_rev":"1"}])");
  mock->answer(200, R"([{"_key":"b","_id":"c/b","_rev":"1"}])");
  CHECK(trx.collection("c").get_many(std::vector<std::string>{"a", "b"}, {.batch_size = 1}).get().size() == 2);
  REQUIRE(mock->requests.size() == before + 2);
  CHECK(mock->requests[before].headers.find("x-arango-trx-id") == "77");
  CHECK(mock->requests[before + 1].headers.find("x-arango-trx-id") == "77");
  before = mock->requests.size();
  mock->answer(202, "", Headers{{"x-arango-async-id", "9"}});
  auto job = db.begin_async_execution().collection("c").get_many(std::vector<std::string>{"a", "b"},
                                                                  {.batch_size = 1}).get();
  CHECK(job.has_value());
  REQUIRE(mock->requests.size() == before + 1);
  CHECK(mock->requests.back().body == R"(["a","b"])");
}

TEST_CASE_METHOD(Fixture, "multi-document write results decode the same with and without new/old", "[documents]") {
  auto c = db.collection("c");
  const std::vector<Json> two{Json::object({{"_key", "a"}}), Json::object({{"_key", "b"}})};
  // Without "new"/"old" the result is read by a SAX pass; nested members and the order of
  // "error" among the other members do not matter.
  mock->answer(202, R"([{"_id":"c/a","_key":"a","_rev":"_r1","_oldRev":"_r0","extra":{"x":[1,2]}},)"
                    R"({"errorMessage":"unique constraint violated","errorNum":1210,"error":true}])");
  auto fast = c.replace_many(two).get();
  REQUIRE(fast.size() == 2);
  REQUIRE(fast[0].ok());
  CHECK(fast[0]->id == "c/a");
  CHECK(fast[0]->key == "a");
  CHECK(fast[0]->rev == "_r1");
  CHECK(fast[0]->old_rev == "_r0");
  CHECK_FALSE(fast[0]->new_doc.has_value());
  CHECK(fast[1].error() == DocumentError{1210, "unique constraint violated"});

  // With "new" the same fields come from the DOM, and the document is decoded.
  mock->answer(202, R"([{"_id":"c/a","_key":"a","_rev":"_r1","new":{"_key":"a","v":7}},)"
                    R"({"error":true,"errorNum":1210,"errorMessage":"unique constraint violated"}])");
  auto full = c.insert_many(two, {.return_new = true}).get();
  REQUIRE(full.size() == 2);
  REQUIRE(full[0].ok());
  CHECK(full[0]->id == "c/a");
  CHECK(full[0]->rev == "_r1");
  REQUIRE(full[0]->new_doc.has_value());
  CHECK((*full[0]->new_doc)["v"].as_int64() == 7);
  CHECK(full[1].error() == DocumentError{1210, "unique constraint violated"});

  // Escapes are decoded (the SAX pass parses a copy in place); whitespace is allowed anywhere.
  mock->answer(202, " [ {\"_id\" : \"c\\/a\\u00e9\", \"_key\":\"a\\\"b\",\"_rev\":\"_r\\n\"} ]\n");
  auto escaped = c.insert_many(std::vector<Json>{Json::object({})}).get();
  REQUIRE(escaped.size() == 1);
  REQUIRE(escaped[0].ok());
  CHECK(escaped[0]->id == "c/a\u00e9");
  CHECK(escaped[0]->key == "a\"b");
  CHECK(escaped[0]->rev == "_r\n");

  // An element that is not an object is refused, naming it (a server sends an object for each
  // document); an empty array (silent) gives no elements.
  mock->answer(202, R"([{"_id":"c/a","_key":"a","_rev":"_r1"},7])");
  CHECK_THROWS_WITH(c.insert_many(two).get(), "multi-document result, element 1: not a JSON object");
  mock->answer(202, "[]");
  CHECK(c.insert_many(two, {.silent = true}).get().empty());

  // Bodies that are not a JSON array are refused, as before, and so is anything after the array.
  for (const char* body : {R"({"_id":"c/a"})", R"([{"_id":"c/a"})", "7", "", R"([{"_id":"c/a"}] x)"}) {
    INFO(body);
    mock->answer(202, body);
    CHECK_THROWS_AS(c.insert_many(two).get(), DeserializationError);
  }
}

namespace {

using Metas = std::vector<BulkItem<DocumentMeta<Json>>>;

/// A multi-document write result read by `read` from a response holding `body`, or the
/// DeserializationError's message.
template <class Read>
std::variant<Metas, std::string> reading(const std::string& body, Read read) {
  Response r;
  r.raw_body = body;
  try {
    return read(r);
  } catch (const DeserializationError& e) {
    return std::string(e.what());
  }
}

/// Both readers gave the same elements, or both refused the body.
void same_reading(const std::string& body) {
  INFO("body: " << body);
  // As to_bulk_meta reads it (compact reader first, then the SAX scanner, then the DOM), and
  // through the DOM alone.
  auto fast = reading(body, [](Response& r) { return detail::to_bulk_meta<Json>(r, 4); });
  auto dom = reading(body, [](Response& r) { return detail::bulk_meta_from_dom<Json>(r); });
  REQUIRE(fast.index() == dom.index());
  if (fast.index() == 1) return;
  const Metas& a = std::get<0>(fast);
  const Metas& b = std::get<0>(dom);
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    INFO("element " << i);
    REQUIRE(a[i].ok() == b[i].ok());
    if (!a[i].ok()) {
      CHECK(a[i].error() == b[i].error());
      continue;
    }
    CHECK(a[i]->id == b[i]->id);
    CHECK(a[i]->key == b[i]->key);
    CHECK(a[i]->rev == b[i]->rev);
    CHECK(a[i]->old_rev == b[i]->old_rev);
    CHECK(a[i]->new_doc.has_value() == b[i]->new_doc.has_value());
  }
}

}  // namespace

TEST_CASE("multi-document write results read the same through every path, whatever the body", "[documents]") {
  // ArangoDB's own compact form, which the reader without a parser handles; then the same body
  // mutated at every byte, cut at every byte and spaced at every byte, so that each way out of
  // that form is taken and must end where the DOM ends (the same elements, or a refusal).
  const std::string compact =
      R"([{"_id":"c/1","_key":"1","_rev":"_hA-"},{"_key":"k\u00e9","_id":"c/k\u00e9","_rev":"_r","_oldRev":"_q"},)"
      R"({"_id":"c/2","other":"x","_key":"2","_rev":"_s"},{}])";
  const std::string utf8 = "[{\"_id\":\"c/\xc3\xa9\",\"_key\":\"\xc3\xa9\",\"_rev\":\"_a\"}]";
  const std::string with_error =
      R"([{"_id":"c/1","_key":"1","_rev":"_a"},{"error":true,"errorNum":1210,"errorMessage":"unique"}])";

  SECTION("the compact form and its neighbours") {
    for (const std::string& body : {compact, utf8, with_error, std::string("[]"), std::string("[{}]"),
                                    std::string(R"([{"_id":"","_key":"","_rev":""}])"),
                                    std::string(R"([{"_id":"c/1","new":{"a":1}}])"),
                                    std::string(R"([{"_id":"c/1","new":"s"}])"), std::string(R"([{"_id":5}])"),
                                    std::string(R"([{"_id":"c/1"},])"), std::string(R"([{"_id":"c/1",}])"),
                                    std::string(R"([{"_id""c/1"}])"), std::string(R"([{"_id":"c/1"}]])"),
                                    std::string(R"([{"_id":"c/1"}{"_id":"c/2"}])"), std::string("[\"a\"]"),
                                    std::string(R"([{"_id":"a\/b"}])"), std::string("[{\"_id\":\"a\tb\"}]")}) {
      same_reading(body);
    }
    // A NUL inside a string is refused, not read as the end of the text.
    same_reading(std::string("[{\"_id\":\"a\0b\"}]", 15));
  }

  SECTION("every one-byte change of the compact form") {
    for (const std::string* base : {&compact, &utf8}) {
      for (std::size_t i = 0; i < base->size(); ++i) {
        for (char c : {' ', '"', '\\', '\0', '\n', '\x1f', ',', ':', '{', '}', '[', ']', 'x', '1', '\xff'}) {
          std::string body = *base;
          if (body[i] == c) continue;
          body[i] = c;
          same_reading(body);
        }
      }
    }
  }

  SECTION("every prefix, and a space at every position") {
    for (std::size_t i = 0; i <= compact.size(); ++i) {
      same_reading(compact.substr(0, i));
      same_reading(compact.substr(0, i) + " " + compact.substr(i));
    }
  }
}

namespace {

using SingleMeta = std::variant<detail::MetaParts, std::string>;

/// A single-document write result as the typed decoders read it (write_meta: the compact form
/// without a parser, anything else through the DOM) and through the DOM alone, or the
/// DeserializationError's message.
SingleMeta single_reading(const std::string& body, bool dom_only) {
  Response r;
  r.raw_body = body;
  try {
    return dom_only ? detail::meta_parts(detail::body_or_empty(r)) : detail::write_meta(r);
  } catch (const DeserializationError& e) {
    return std::string(e.what());
  }
}

void same_single_reading(const std::string& body) {
  INFO("body: " << body);
  SingleMeta fast = single_reading(body, false);
  SingleMeta dom = single_reading(body, true);
  REQUIRE(fast.index() == dom.index());
  if (fast.index() == 1) {
    CHECK(std::get<1>(fast) == std::get<1>(dom));
    return;
  }
  const detail::MetaParts& a = std::get<0>(fast);
  const detail::MetaParts& b = std::get<0>(dom);
  CHECK(a.id == b.id);
  CHECK(a.key == b.key);
  CHECK(a.rev == b.rev);
  CHECK(a.old_rev == b.old_rev);
  CHECK(a.new_doc.has_value() == b.new_doc.has_value());
  CHECK(a.old_doc.has_value() == b.old_doc.has_value());
}

}  // namespace

TEST_CASE("single-document write results read the same through every path, whatever the body", "[documents]") {
  const std::string compact = R"({"_id":"c/1","_key":"1","_rev":"_hA-","_oldRev":"_g"})";
  SECTION("the compact form and its neighbours") {
    for (const std::string& body :
         {compact, std::string(R"({"_id":"c/1","_key":"1","_rev":"_a"})"), std::string("{}"), std::string(),
          std::string(R"({"_id":"c/1","_id":"c/2"})"), std::string(R"({"_key":"a","other":"x","_key":"b"})"),
          std::string(R"({"_id":"c/1","new":{"a":1}})"), std::string(R"({"_id":"c/1","old":"s"})"),
          std::string(R"({"_id":5})"), std::string(R"({"_id":"c/1",})"), std::string(R"({"_id":"c/1"} )"),
          std::string(R"({"_id":"c/1"}})"), std::string(R"({"_key":"k\u00e9"})"), std::string("[]"),
          std::string("\"s\""), std::string("{\"_id\":\"a\tb\"}")}) {
      same_single_reading(body);
    }
    same_single_reading(std::string("{\"_id\":\"a\0b\"}", 13));
    // The compact form is read, not refused.
    auto parts = std::get<0>(single_reading(compact, false));
    CHECK(parts.id == "c/1");
    CHECK(parts.old_rev == std::optional<std::string>("_g"));
  }
  SECTION("every one-byte change, every prefix, a space at every position") {
    for (std::size_t i = 0; i < compact.size(); ++i) {
      for (char c : {' ', '"', '\\', '\0', '\n', ',', ':', '{', '}', '[', 'x', '\xff'}) {
        std::string body = compact;
        if (body[i] == c) continue;
        body[i] = c;
        same_single_reading(body);
      }
    }
    for (std::size_t i = 0; i <= compact.size(); ++i) {
      same_single_reading(compact.substr(0, i));
      same_single_reading(compact.substr(0, i) + " " + compact.substr(i));
    }
  }
}

TEST_CASE_METHOD(Fixture, "user types round-trip through to_json and the SAX deserializer", "[documents]") {
  auto students = db.collection<Student>("students");
  mock->answer(201, R"({"_id":"students/s1","_key":"s1","_rev":"_r","new":{"_key":"s1","name":"Ann","age":20}})");
  DocumentMeta<Student> meta = students.insert(Student{"s1", "Ann", 20}, {.return_new = true}).get();
  CHECK(last().body == R"({"_key":"s1","name":"Ann","age":20})");
  REQUIRE(meta.new_doc);
  CHECK(meta.new_doc->name == "Ann");
  CHECK(meta.new_doc->age == 20);

  mock->answer(200, R"({"_key":"s1","_id":"students/s1","_rev":"_r","name":"Ann","age":21})");
  std::optional<Student> s = students.get("s1").get();
  REQUIRE(s);
  CHECK(s->key == "s1");
  CHECK(s->age == 21);

  // A handler that refuses the input fails the call with DeserializationError.
  mock->answer(200, R"({"_key":"s1","nested":{"a":1}})");
  CHECK_THROWS_AS(students.get("s1").get(), DeserializationError);

  mock->answer(200, R"([{"_key":"s1","name":"Ann","age":1},{"_key":"s2","name":"Bob","age":2}])");
  auto many = students.get_many(std::vector<Student>{{"s1", "", 0}, {"s2", "", 0}}).get();
  REQUIRE(many.size() == 2);
  CHECK(many[1]->name == "Bob");

  auto tags = db.collection<Tag>("tags");
  mock->answer(200, R"({"_key":"t","label":"red"})");
  CHECK(tags.get("t").get()->label == "red");

  // The database-level helpers take the collection from the id.
  mock->answer(200, R"({"_key":"t","label":"blue"})");
  CHECK(db.document<Tag>("tags/t").get()->label == "blue");
  CHECK(last().url == url("/_api/document/tags/t"));
}

TEST_CASE_METHOD(Fixture, "collection and index calls", "[collections]") {
  mock->answer(200, R"({"error":false,"code":200,"name":"c","id":"1","type":3,"isSystem":false,
      "keyOptions":{"type":"autoincrement","allowUserKeys":false,"increment":5,"offset":1,"lastValue":0},"status":3})");
  auto created = db.create_collection("c", {.col_type = CollectionType::EDGE,
                                             .wait_for_sync = true,
                                             .key_options = KeyOptions{.allow_user_keys = false,
                                                                       .generator_type = "autoincrement",
                                                                       .increment = 5,
                                                                       .offset = 1},
                                             .schema = Json::parse(R"({"rule":{"type":"object"}})"),
                                             .wait_for_sync_replication = true})
                     .get();
  CHECK(created.name() == "c");
  CHECK(last().url == url("/_api/collection?waitForSyncReplication=true"));
  CHECK(last().body == R"({"name":"c","type":3,"waitForSync":true,"isSystem":false,)"
                       R"("keyOptions":{"allowUserKeys":false,"type":"autoincrement","increment":5,"offset":1},)"
                       R"("schema":{"rule":{"type":"object"}}})");

  CHECK_THROWS_AS(db.create_collection("x", {.key_options = KeyOptions{.generator_type = "nope"}}),
                  std::invalid_argument);
  CHECK_THROWS_AS(db.create_collection("x", {.key_options = KeyOptions{.increment = 2}}), std::invalid_argument);
  CHECK_THROWS_AS(db.create_collection("x", {.schema = Json::object({})}), std::invalid_argument);

  mock->answer(200, R"({"error":false,"code":200,"name":"c","id":"1","type":3,"isSystem":false,"waitForSync":true,
      "keyOptions":{"type":"autoincrement","allowUserKeys":false,"increment":5,"offset":1,"lastValue":7},"status":3,
      "statusString":"loaded","writeConcern":1,"cacheEnabled":false,"schema":null})");
  CollectionProperties p = created.properties().get();
  CHECK(p.type == CollectionType::EDGE);
  CHECK(p.wait_for_sync);
  REQUIRE(p.key_options);
  CHECK(p.key_options->generator_type == "autoincrement");  // the seed's KeyOptions bug is not copied
  CHECK_FALSE(p.key_options->allow_user_keys);
  CHECK(p.key_options->last_value == 7);
  CHECK(p.status == CollectionStatus::LOADED);
  CHECK(p.schema.is_null());

  mock->answer(200, R"({"error":false,"code":200,"count":42})");
  CHECK(created.count().get() == 42);
  CHECK(last().url == url("/_api/collection/c/count"));

  mock->answer(200, R"({"error":false,"code":200,"checksum":"123","revision":"r"})");
  CHECK(created.checksum({.with_rev = true, .with_data = false}).get() == "123");
  CHECK(last().url == url("/_api/collection/c/checksum?withRevisions=true&withData=false"));

  mock->answer(200, R"({"error":false,"code":200})");
  created.truncate({.wait_for_sync = true, .compact = false}).get();
  CHECK(last().url == url("/_api/collection/c/truncate?waitForSync=true&compact=false"));

  mock->answer(200, R"({"error":false,"code":200,"name":"d"})");
  created.rename("d").get();
  CHECK(last().body == R"({"name":"d"})");
  CHECK(created.name() == "c");

  mock->answer(201, R"({"id":"c/77","type":"persistent","name":"idx_1","fields":["a","b.c"],"unique":true,
      "sparse":true,"isNewlyCreated":true,"selectivityEstimate":1,"code":201,"error":false})");
  IndexProperties ix = created
                           .add_index("persistent", {"a", "b.c"},
                                      {.name = "idx_1", .unique = true, .sparse = true,
                                       .extra = Json::object({{"storedValues", Json::array({"x"})}})})
                           .get();
  CHECK(last().url == url("/_api/index?collection=c"));
  CHECK(last().body == R"({"type":"persistent","fields":["a","b.c"],"name":"idx_1","unique":true,)"
                       R"("sparse":true,"storedValues":["x"]})");
  CHECK(ix.numeric_id == 77);
  CHECK(ix.unique);
  CHECK(ix.is_newly_created == true);

  mock->answer(404, R"({"code":404,"error":true,"errorMessage":"index not found","errorNum":1212})");
  CHECK_FALSE(created.delete_index("77", {.ignore_missing = true}).get());
  CHECK(last().url == url("/_api/index/c/77"));
  mock->answer(404, R"({"code":404,"error":true,"errorMessage":"index not found","errorNum":1212})");
  CHECK_THROWS_AS(created.get_index("other/5").get(), IndexGetError);
  CHECK(last().url == url("/_api/index/other/5"));

  mock->answer(200, R"({"error":false,"code":200,"result":[{"id":"5","name":"_graphs","status":3,"type":2,
      "isSystem":true,"globallyUniqueId":"_graphs"}]})");
  auto list = db.collections(true).get();
  CHECK(last().url == url("/_api/collection?excludeSystem=true"));
  REQUIRE(list.size() == 1);
  CHECK(list[0].is_system);
  CHECK(list[0].type == CollectionType::DOCUMENT);

  mock->answer(404, R"({"code":404,"error":true,"errorMessage":"collection or view not found","errorNum":1203})");
  CHECK_FALSE(db.delete_collection("gone", {.ignore_missing = true}).get());
  mock->answer(404, R"({"code":404,"error":true,"errorMessage":"collection or view not found","errorNum":1203})");
  CHECK_THROWS_AS(db.delete_collection("gone").get(), CollectionDeleteError);

  mock->answer(201, R"({"error":false,"created":2,"errors":0,"empty":0,"updated":0,"ignored":0,"details":[]})");
  ImportResult imp = created.import_bulk(std::string("{\"a\":1}\n{\"a\":2}\n"), {.doc_type = "documents"}).get();
  CHECK(imp.created == 2);
  CHECK(last().url == url("/_api/import?collection=c&type=documents&complete=true&details=true"));
}

TEST_CASE_METHOD(Fixture, "typed index options and the index properties of every kind", "[indexes]") {
  auto col = db.collection("c");
  mock->answer(201, R"({"id":"c/9","type":"vector","name":"v","fields":["emb"],"unique":false,"sparse":true,
      "params":{"dimension":3,"metric":"cosine","nLists":2,"trainingIterations":25,"defaultNProbe":1},
      "trainingState":"unusable","errorMessage":"not enough training data for vector index",
      "isNewlyCreated":true,"code":201,"error":false})");
  IndexProperties vec =
      col.add_index("vector", {"emb"},
                    {.sparse = true,
                     .vector_params = VectorIndexParams{.metric = "cosine", .dimension = 3, .n_lists = 2,
                                                        .factory = "IVF2,Flat"},
                     .parallelism = 1})
          .get();
  CHECK(last().body == R"({"type":"vector","fields":["emb"],"sparse":true,)"
                       R"("params":{"metric":"cosine","dimension":3,"nLists":2,"factory":"IVF2,Flat"},"parallelism":1})");
  REQUIRE(vec.vector_params.has_value());
  CHECK(vec.vector_params->n_lists == 2);
  CHECK(vec.vector_params->training_iterations == 25);
  CHECK_FALSE(vec.vector_params->factory.has_value());
  CHECK(vec.training_state == "unusable");
  CHECK(vec.error_message == "not enough training data for vector index");

  mock->answer(201, R"({"id":"c/10","type":"inverted","name":"i","fields":[{"name":"t","analyzer":"text_en"}],
      "analyzer":"identity","features":["frequency","norm"],"includeAllFields":false,"searchField":true,
      "trackListPositions":false,"primarySort":{"fields":[{"field":"t","asc":false}],"compression":"lz4"},
      "storedValues":[],"optimizeTopK":[],"cleanupIntervalStep":2,"commitIntervalMsec":1000,
      "consolidationIntervalMsec":5000,"consolidationPolicy":{"type":"tier"},"writebufferActive":0,
      "writebufferIdle":64,"writebufferSizeMax":33554432,"version":1,"unique":false,"sparse":true,
      "isNewlyCreated":true,"code":201,"error":false})");
  IndexProperties inv =
      col.add_index("inverted", std::vector<InvertedIndexField>{{.name = "t", .analyzer = "text_en"}},
                    {.search_field = true,
                     .primary_sort = IndexPrimarySort{.fields = {{.field = "t", .ascending = false}}},
                     .consolidation_interval_msec = 5000,
                     .writebuffer_size_max = 33554432})
          .get();
  CHECK(last().body == R"({"type":"inverted","fields":[{"name":"t","analyzer":"text_en"}],"searchField":true,)"
                       R"("primarySort":{"fields":[{"field":"t","direction":"desc"}]},)"
                       R"("consolidationIntervalMsec":5000,"writebufferSizeMax":33554432})");
  CHECK(inv.analyzer == "identity");
  CHECK(inv.features == std::vector<std::string>{"frequency", "norm"});
  CHECK(inv.search_field == true);
  CHECK(inv.writebuffer_idle == 64);
  CHECK(inv.writebuffer_size_max == 33554432);
  CHECK(inv.consolidation_policy["type"].as_string() == "tier");
  CHECK(inv.optimize_top_k == std::vector<std::string>{});
  CHECK(inv.version == 1);
  CHECK_FALSE(inv.vector_params.has_value());

  mock->answer(201, R"({"id":"c/11","type":"mdi-prefixed","name":"m","fields":["x","y"],"unique":false,
      "sparse":false,"fieldValueTypes":"double","prefixFields":["p"],"estimates":true,"code":201,"error":false})");
  IndexProperties mdi = col.add_index("mdi-prefixed", {"x", "y"},
                                      {.field_value_types = "double", .prefix_fields = std::vector<std::string>{"p"}})
                            .get();
  CHECK(last().body == R"({"type":"mdi-prefixed","fields":["x","y"],"fieldValueTypes":"double","prefixFields":["p"]})");
  CHECK(mdi.field_value_types == "double");
  CHECK(mdi.prefix_fields == std::vector<std::string>{"p"});

  mock->answer(201, R"({"id":"c/12","type":"geo","name":"g","fields":["l"],"geoJson":true,"bestIndexedLevel":17,
      "worstIndexedLevel":4,"maxNumCoverCells":8,"legacyPolygons":false,"unique":false,"sparse":true,
      "code":201,"error":false})");
  IndexProperties geo = col.add_index("geo", {"l"}, {.geo_json = true}).get();
  CHECK(geo.best_indexed_level == 17);
  CHECK(geo.worst_indexed_level == 4);
  CHECK(geo.max_num_cover_cells == 8);

  mock->answer(201, R"({"id":"c/13","type":"fulltext","name":"f","fields":["t"],"minLength":3,"unique":false,
      "sparse":true,"code":201,"error":false})");
  IndexProperties ft = col.add_index("fulltext", {"t"}, {.min_length = 3}).get();
  CHECK(last().body == R"({"type":"fulltext","fields":["t"],"minLength":3})");
  CHECK(ft.min_length == 3);

  // extra still wins over a typed option of the same name
  mock->answer(201, R"({"id":"c/14","type":"fulltext","name":"f2","fields":["t"],"minLength":5,"code":201,"error":false})");
  (void)col.add_index("fulltext", {"t"}, {.min_length = 3, .extra = Json::object({{"minLength", 5}})}).get();
  CHECK(last().body == R"({"type":"fulltext","fields":["t"],"minLength":5})");
  CHECK_THROWS_AS(col.add_index("vector", {"e"}, {.params = Json::object({}), .vector_params = VectorIndexParams{}}),
                  std::invalid_argument);
}

TEST_CASE_METHOD(Fixture, "vertex and edge collections go through gharial", "[graphs]") {
  auto g = db.graph("school");
  auto teaches = g.edge_collection("teaches");
  mock->answer(202, R"({"error":false,"code":202,"edge":{"_id":"teaches/1","_key":"1","_rev":"_r"},
      "new":{"_key":"1","_from":"t/a","_to":"s/b","w":1}})");
  DocumentMeta<Json> e = teaches.link("t/a", Json::object({{"_id", "s/b"}}), Json::object({{"w", 1}}),
                                      {.return_new = true})
                             .get();
  CHECK(last().url == url("/_api/gharial/school/edge/teaches?returnNew=true"));
  CHECK(last().body == R"({"_from":"t/a","_to":"s/b","w":1})");
  CHECK(e.id == "teaches/1");
  REQUIRE(e.new_doc);
  CHECK((*e.new_doc)["w"].as_int64() == 1);

  mock->answer(200, R"({"error":false,"code":200,"edges":[],"stats":{"scannedIndex":0,"filtered":0}})");
  Json edges = teaches.edges("t/a", {.direction = "out"}).get();
  CHECK(last().url == url("/_api/edges/teaches?vertex=t%2Fa&direction=out"));
  CHECK_FALSE(edges.contains("code"));
  CHECK(edges["edges"].is_array());
  CHECK_THROWS_AS(teaches.edges("a").get(), DocumentParseError);

  auto students = g.vertex_collection<Student>("students");
  mock->answer(200, R"({"error":false,"code":200,"vertex":{"_key":"s1","name":"Ann","age":3}})");
  CHECK(students.get("s1", {.rev = "_r"}).get()->name == "Ann");
  CHECK(last().url == url("/_api/gharial/school/vertex/students/s1?rev=_r"));

  mock->answer(202, R"({"error":false,"code":202,"removed":true,"old":{"_key":"s1","name":"Ann","age":3}})");
  auto removed = students.delete_("students/s1", {.return_old = true}).get();
  REQUIRE(removed);
  CHECK(removed->id == "students/s1");
  CHECK(removed->old_doc->age == 3);
  mock->answer(404, R"({"code":404,"error":true,"errorMessage":"document not found","errorNum":1202})");
  CHECK_FALSE(students.delete_("s1", {.ignore_missing = true}).get());

  mock->answer(202, R"({"error":false,"code":202,"vertex":{"_id":"students/s1","_key":"s1","_rev":"_b","_oldRev":"_a"}})");
  auto upd = students.update(Json::object({{"_key", "s1"}, {"age", 4}}), {.keep_null = false}).get();
  CHECK(upd.old_rev == "_a");
  CHECK(last().method == Method::PATCH);
  CHECK(last().url == url("/_api/gharial/school/vertex/students/s1?keepNull=false"));
}
