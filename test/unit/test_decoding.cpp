// What the client accepts from a server's bytes (issue 23): JSON beyond its grammar (depth,
// UTF-8, duplicate keys) and the envelopes it decodes (cursor, error, write results).
#include <arango/arango.hpp>
#include <arango/detail/ops_collection.hpp>
#include <arango/detail/ops_cursor.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <cstring>
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

namespace {
/// What the SAX path makes of one number: its event and value, as text ("i:-5", "u:7", "d:0.5").
struct NumberHandler : JsonHandler {
  std::string seen;
  bool on_int64(std::int64_t v) override { seen = "i:" + std::to_string(v); return true; }
  bool on_uint64(std::uint64_t v) override { seen = "u:" + std::to_string(v); return true; }
  bool on_double(double v) override {
    char buf[40];
    std::snprintf(buf, sizeof buf, "d:%.17g", v);
    seen = buf;
    return true;
  }
};
std::string sax_number(const std::string& text, bool in_place) {
  NumberHandler h;
  std::string copy = text;
  if (in_place) {
    detail::parse_sax_in_place(copy, h);
  } else {
    detail::parse_sax(text, h);
  }
  return h.seen;
}
/// The same through the DOM, which must agree with both SAX paths.
std::string number_of(const std::string& text) {
  INFO("number: " << text);
  Json j = Json::parse(text);
  std::string dom;
  char buf[40];
  if (j.is_integer() && text[0] == '-') {
    dom = "i:" + std::to_string(j.as_int64());
  } else if (j.is_integer()) {
    dom = "u:" + std::to_string(j.as_uint64());
  } else {
    std::snprintf(buf, sizeof buf, "d:%.17g", j.as_double());
    dom = buf;
  }
  CHECK(sax_number(text, true) == dom);
  CHECK(sax_number(text, false) == dom);
  return dom;
}
}  // namespace

TEST_CASE("numbers read as the correctly rounded value, integers as integers, on every path", "[json][hardening]") {
  // Integers keep the integer events up to the 64-bit ranges, as RapidJSON's own reader gives them.
  CHECK(number_of("0") == "u:0");
  CHECK(number_of("-0") == "i:0");
  CHECK(number_of("4294967295") == "u:4294967295");
  CHECK(number_of("4294967296") == "u:4294967296");
  CHECK(number_of("-2147483648") == "i:-2147483648");
  CHECK(number_of("18446744073709551615") == "u:18446744073709551615");
  CHECK(number_of("-9223372036854775808") == "i:-9223372036854775808");
  CHECK(number_of("18446744073709551616") == "d:1.8446744073709552e+19");
  CHECK(number_of("-9223372036854775809") == "d:-9.2233720368547758e+18");
  // Inputs RapidJSON 1.1.0's full-precision reader misread (test/fuzz/README.md's findings).
  CHECK(number_of("0e300") == "d:0");
  CHECK(number_of("-0.0E-5") == "d:-0");
  CHECK(number_of("0e-300") == "d:0");
  CHECK(number_of("184467440737095516155") == "d:1.8446744073709552e+20");
  CHECK(number_of("18446744073709551615503") == "d:1.8446744073709552e+22");
  CHECK(number_of("1000000000000000000000000000000000000000000000000000000000000000e244") ==
        number_of("1e307"));
  CHECK(number_of("1e307") == "d:9.9999999999999999e+306");  // the double nearest 1e307
  CHECK(number_of("1e-324") == "d:0");    // below half the smallest subnormal: zero, as strtod
  CHECK(number_of("-1e-400") == "d:-0");
  CHECK(number_of("2.4703282292062328e-324") == "d:4.9406564584124654e-324");
  CHECK(number_of("1.7976931348623157e308") == "d:1.7976931348623157e+308");
  CHECK(number_of("0.1") == "d:0.10000000000000001");
  CHECK(number_of("1.5e3") == "d:1500");
  CHECK(number_of("-12.5E-1") == "d:-1.25");
  // Every double printed with 17 digits reads back as itself.
  std::uint64_t bits = 0x9E3779B97F4A7C15ull;
  for (int i = 0; i < 2000; ++i) {
    bits ^= bits << 13, bits ^= bits >> 7, bits ^= bits << 17;
    double d;
    std::memcpy(&d, &bits, sizeof d);
    if (!std::isfinite(d)) continue;
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", d);
    std::string text = buf;
    if (text.find_first_of(".e") == std::string::npos) text += ".0";  // keep it a double
    INFO(text);
    CHECK(Json::parse("[" + text + "]")[0].as_double() == d);
  }
  // Beyond a double's range: RapidJSON's "number too big" on every path, however it is written.
  for (std::string big : {"1e400", "10e308", "1.7976931348623159e308", "-2e308", "0.0000000001e320"}) {
    CHECK(every_reader("[" + big + "]").find("too big") != std::string::npos);
  }
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

