// What the client accepts from a server's bytes (issue 23): JSON beyond its grammar (depth,
// UTF-8, duplicate keys) and the envelopes it decodes (cursor, error, write results).
#include <arango/arango.hpp>
#include <arango/detail/ops_collection.hpp>
#include <arango/detail/ops_cursor.hpp>

#include <catch2/catch.hpp>

#include <deque>
#include <memory>
#include <string>

#include "../support/student.hpp"

using namespace arango;
using testenv::Student;

namespace {

/// The DeserializationError message of parsing `text` as a DOM; empty when it parses.
std::string dom_error(std::string text) {
  try {
    (void)Json::parse(std::move(text));
    return {};
  } catch (const DeserializationError& e) {
    return e.what();
  }
}

/// The same through the SAX path a typed decoder takes (in place and from a const string).
struct CountingHandler : JsonHandler {
  std::size_t strings = 0;
  bool on_string(std::string_view) override { return ++strings > 0; }
};
std::string sax_error(const std::string& text, bool in_place) {
  CountingHandler h;
  try {
    if (in_place) {
      std::string copy = text;
      detail::parse_sax_in_place(copy, h);
    } else {
      detail::parse_sax(text, h);
    }
    return {};
  } catch (const DeserializationError& e) {
    return e.what();
  }
}

/// Every reader agrees: the same message (empty: accepted) from the DOM and both SAX paths.
std::string every_reader(const std::string& text) {
  INFO("text: " << text.substr(0, 80));
  std::string dom = dom_error(text);
  CHECK(sax_error(text, true) == dom);
  CHECK(sax_error(text, false) == dom);
  return dom;
}

std::string nested(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

std::string cursor_error(std::string body, bool dom) {
  detail::CursorMeta meta;
  try {
    if (dom) {
      std::deque<Json> out;
      detail::decode_cursor_body<Json>(std::move(body), meta, out);
    } else {
      std::deque<Student> out;
      detail::decode_cursor_body<Student>(std::move(body), meta, out);
    }
    return {};
  } catch (const DeserializationError& e) {
    return e.what();
  }
}

}  // namespace

TEST_CASE("JSON nesting is bounded: 512 levels parse, deeper is a DeserializationError", "[json][hardening]") {
  CHECK(every_reader(nested(512)).empty());
  CHECK(every_reader(nested(513)).find("nested deeper than 512 levels") != std::string::npos);
  // A million levels: refused at level 513, long before the recursive reader runs out of stack.
  CHECK(every_reader(std::string(1'000'000, '[')).find("nested deeper") != std::string::npos);
  std::string objects;
  for (int i = 0; i < 600; ++i) objects += R"({"a":)";
  objects += "1" + std::string(600, '}');
  CHECK(every_reader(objects).find("nested deeper") != std::string::npos);
  // An error body from a hostile server is read by the same rules: no envelope, no crash.
  Response r;
  r.status_code = 500;
  r.raw_body = R"({"error":true,"errorNum":1,"x":)" + std::string(200'000, '[');
  detail::classify_response(r);
  CHECK(r.error_code == 0);
}

TEST_CASE("a key given twice in one object is refused by every reader", "[json][hardening]") {
  CHECK(every_reader(R"({"a":1,"a":2})").find(R"(the key "a" appears twice)") != std::string::npos);
  CHECK(every_reader(R"({"x":{"k":1,"j":2,"k":3}})").find(R"("k" appears twice)") != std::string::npos);
  // The same key in different objects, or in an object and its parent, is fine.
  CHECK(every_reader(R"([{"a":1},{"a":2},{"a":{"a":{"a":3}},"b":{"a":4}}])").empty());
  // A large object is checked once at its end (sorted), not key by key: the duplicate is found
  // wherever it is, and 40,000 distinct keys parse.
  std::string big = "{";
  for (int i = 0; i < 40'000; ++i) big += "\"k" + std::to_string(i) + "\":" + std::to_string(i) + ",";
  CHECK(every_reader(big + R"("end":0})").empty());
  CHECK(every_reader(big + R"("k39999":0})").find(R"("k39999" appears twice)") != std::string::npos);
  CHECK(every_reader(big + R"("k0":0})").find(R"("k0" appears twice)") != std::string::npos);
  // Keys that differ only after an escape are different keys; equal once decoded, the same.
  CHECK(every_reader(R"({"a\u0062":1,"ab\u0063":2})").empty());
  CHECK(every_reader(R"({"a\u0062":1,"ab":2})").find(R"("ab" appears twice)") != std::string::npos);
}

TEST_CASE("strings and keys must be UTF-8, escapes included, unless validation is off", "[json][hardening]") {
  for (std::string bad : {std::string("[\"\xff\"]"), std::string("[\"\xc0\xaf\"]"),  // a stray byte, an overlong '/'
                          std::string("[\"\xed\xa0\x80\"]"),                          // a surrogate, encoded
                          std::string("[\"\xf4\x90\x80\x80\"]"),                      // past U+10FFFF
                          std::string("[\"ab\xe2\x82\"]"),                            // cut short
                          std::string("{\"k\xfe\":1}"),                               // in a key
                          std::string(R"(["\udc00"])"), std::string(R"({"\udfff":1})")}) {  // lone low surrogates
    CHECK(every_reader(bad).find("not valid UTF-8") != std::string::npos);
  }
  CHECK(every_reader(R"(["\ud800"])").find("surrogate") != std::string::npos);  // RapidJSON's own check
  // Valid text of every length of sequence, raw and escaped, and long ASCII runs around it.
  std::string ok = "[\"" + std::string(37, 'a') + "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80" + std::string(9, 'z') +
                   "\",\"\\u00e9\\ud83d\\ude00\"]";
  CHECK(every_reader(ok).empty());
  CHECK(Json::parse(ok)[1].as_string() == "\xc3\xa9\xf0\x9f\x98\x80");

  REQUIRE(json_utf8_validation());
  set_json_utf8_validation(false);
  CHECK(every_reader("[\"\xff\"]").empty());
  CHECK(Json::parse("[\"\xff\"]")[0].as_string() == "\xff");
  set_json_utf8_validation(true);
  CHECK_FALSE(every_reader("[\"\xff\"]").empty());
}

TEST_CASE("a cursor body with a wrong or missing envelope member is a DeserializationError naming it",
          "[cursor][hardening]") {
  for (bool dom : {false, true}) {
    INFO((dom ? "DOM path" : "SAX path"));
    auto err = [&](std::string body) { return cursor_error(std::move(body), dom); };
    CHECK(err(R"({"result":[],"hasMore":false})").empty());
    CHECK(err(R"({"result":[],"hasMore":true,"id":"5","nextBatchId":2,"count":0})").empty());
    CHECK(err(R"({"result":{},"hasMore":false})") == R"(malformed cursor body: "result" is not an array)");
    CHECK(err(R"({"result":"x","hasMore":false})") == R"(malformed cursor body: "result" is not an array)");
    CHECK(err(R"({"hasMore":false})") == R"(malformed cursor body: no "result")");
    CHECK(err(R"({"result":[]})") == R"(malformed cursor body: no "hasMore")");
    CHECK(err(R"({"result":[],"hasMore":"yes"})") == R"(malformed cursor body: "hasMore" is not a boolean)");
    CHECK(err(R"({"result":[],"hasMore":1})") == R"(malformed cursor body: "hasMore" is not a boolean)");
    CHECK(err(R"({"result":[],"hasMore":true})") ==
          R"(malformed cursor body: "hasMore" is true but there is no cursor "id")");
    CHECK(err(R"({"result":[],"hasMore":true,"id":7})") == R"(malformed cursor body: "id" is not a string)");
    CHECK(err(R"({"result":[],"hasMore":false,"count":-1})") ==
          R"(malformed cursor body: "count" is not a non-negative integer)");
    CHECK(err(R"({"result":[],"hasMore":false,"count":1.5})") ==
          R"(malformed cursor body: "count" is not a non-negative integer)");
    CHECK(err(R"({"result":[],"hasMore":false,"cached":null})") == R"(malformed cursor body: "cached" is not a boolean)");
    CHECK(err(R"({"result":[],"hasMore":false,"extra":[]})") == R"(malformed cursor body: "extra" is not an object)");
    CHECK(err(R"({"result":[],"hasMore":false,"nextBatchId":true})") ==
          R"(malformed cursor body: "nextBatchId" is not a string)");
    CHECK(err(R"([1,2])") == "malformed cursor body: the body is not a JSON object");
    CHECK(err(R"(42)") == "malformed cursor body: the body is not a JSON object");
    // Members the library does not read may be anything.
    CHECK(err(R"({"result":[],"hasMore":false,"error":false,"code":201,"plan":[1],"x":null})").empty());
  }
  detail::CursorMeta meta;
  std::deque<Json> out;
  detail::decode_cursor_body<Json>(R"({"result":[1],"hasMore":true,"id":"9","nextBatchId":3})", meta, out);
  CHECK(meta.next_batch_id == "3");  // a number where 3.12 writes a string: read as its digits
}

TEST_CASE("a fetch of the next batch must move the cursor on", "[cursor][hardening]") {
  detail::CursorMeta before;
  before.id = "c1";
  before.has_more = true;
  before.next_batch_id = "2";
  before.count = 4;
  detail::CursorMeta after = before;
  after.next_batch_id = "3";
  CHECK_NOTHROW(detail::check_next_batch(before, after, 4));
  // The same batch again: a server that repeats itself would be followed forever.
  CHECK_THROWS_WITH(detail::check_next_batch(before, before, 2),
                    Catch::Contains(R"(answered with the same "nextBatchId")"));
  // The last batch may carry its id; the end of the cursor has none.
  detail::CursorMeta last;
  last.has_more = false;
  CHECK_NOTHROW(detail::check_next_batch(before, last, 4));
  detail::CursorMeta other = after;
  other.id = "c2";
  CHECK_THROWS_WITH(detail::check_next_batch(before, other, 3), Catch::Contains("answered by cursor c2"));
  CHECK_THROWS_WITH(detail::check_next_batch(before, after, 5), Catch::Contains(R"(whose "count" is 4)"));
}

TEST_CASE("an error envelope of the wrong shape is not trusted", "[errors][hardening]") {
  auto classified = [](std::string body) {
    Response r;
    r.status_code = 409;
    r.raw_body = std::move(body);
    detail::classify_response(r);
    return r;
  };
  CHECK(classified(R"({"error":true,"errorNum":1210,"errorMessage":"unique"})").error_code == 1210);
  // A number where the text goes, text where the number goes, a fraction, out of range, a
  // duplicate member: the call reports its HTTP status instead.
  for (std::string body : {std::string(R"({"error":true,"errorNum":1210,"errorMessage":5})"), std::string(R"({"error":true,"errorNum":"1210"})"),
                           std::string(R"({"error":true,"errorNum":12.5})"), std::string(R"({"error":true,"errorNum":99999999999})"),
                           std::string(R"({"error":"true","errorNum":1210})"), std::string(R"({"error":true,"errorNum":1,"errorNum":2})"),
                           std::string("{\"error\":true,\"errorNum\":1,\"errorMessage\":\"\xff\"}")}) {
    INFO(body);
    Response r = classified(body);
    CHECK(r.error_code == 0);
    CHECK(r.error_message.empty());
  }
}

TEST_CASE("write results: wrong members are DeserializationErrors on every path", "[documents][hardening]") {
  auto single = [](std::string body) -> std::string {
    Response r;
    r.raw_body = std::move(body);
    try {
      (void)detail::write_meta(r);
      return {};
    } catch (const DeserializationError& e) {
      return e.what();
    }
  };
  CHECK(single(R"({"_id":"c/1","_key":"1","_rev":"r"})").empty());
  CHECK(single(R"({})").empty());  // a silent write
  CHECK(single(R"({"_id":"c/1"})") == R"(document write result: "_key" is missing)");
  CHECK(single(R"({"_id":"c/1","_key":1,"_rev":"r"})") == R"(document write result: "_key" is not a string)");
  CHECK(single(R"({"_id":"c/1","_key":"1","_rev":"r","_oldRev":false})") ==
        R"(document write result: "_oldRev" is not a string)");
  CHECK(single(R"({"_id":"c/1","_key":"1","_rev":"r","new":[1]})") == R"(document write result: "new" is not an object)");
  CHECK(single(R"([1])") == "document write result: not a JSON object");

  // Multi-document results: the scanner and the DOM path agree, element by element.
  auto bulk = [](std::string body) -> std::string {
    Response r;
    r.raw_body = std::move(body);
    try {
      (void)detail::to_bulk_meta<Json>(r, 2);
      return {};
    } catch (const DeserializationError& e) {
      return e.what();
    }
  };
  CHECK(bulk(R"([{"_id":"c/1","_key":"1","_rev":"r"},{"error":true,"errorNum":1210,"errorMessage":"u"}])").empty());
  CHECK(bulk(R"([{"_id":"c/1","_key":"1","_rev":"r"}, 5])") == "multi-document result, element 1: not a JSON object");
  CHECK(bulk(R"([{"error":true,"errorMessage":"u"}])") ==
        R"(multi-document result, element 0: "errorNum" is missing or not an integer)");
  CHECK(bulk(R"([{"error":true,"errorNum":1.5,"errorMessage":"u"}])") ==
        R"(multi-document result, element 0: "errorNum" is missing or not an integer)");
  CHECK(bulk(R"([{"error":true,"errorNum":1210}])") == R"(multi-document result, element 0: "errorMessage" is missing)");
  CHECK(bulk(R"([{"error":"yes","_id":"c/1","_key":"1","_rev":"r"}])") ==
        R"(multi-document result, element 0: "error" is not a boolean)");
  CHECK(bulk(R"([{"_id":"c/1","_key":"1"}])") == R"(document write result: "_rev" is missing)");
  CHECK(bulk(R"([{"_id":"c/1","_key":"1","_rev":7}])") == R"(document write result: "_rev" is not a string)");
}

