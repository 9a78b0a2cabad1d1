#include <arango/arango.hpp>

#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

using namespace arango;
using namespace arango::literals;

TEST_CASE("Json parses, views and dumps compactly", "[json]") {
  Json j = Json::parse(R"({"a": 1, "b": [true, null, "x"], "c": {"d": 2.5}, "u": 18446744073709551615})");
  CHECK(j.is_object());
  CHECK(j.size() == 4);
  CHECK(j["a"].as_int64() == 1);
  CHECK(j["b"].size() == 3);
  CHECK(j["b"][0].as_bool());
  CHECK(j["b"][1].is_null());
  CHECK(j["b"][1].exists());
  CHECK(j["b"][2].as_string() == "x");
  CHECK(j["c"]["d"].as_double() == 2.5);
  CHECK(j["u"].as_uint64() == 18446744073709551615ull);
  CHECK_THROWS_AS(j["u"].as_int64(), DeserializationError);
  CHECK_FALSE(j["missing"].exists());
  CHECK(j["missing"]["deeper"][3].is_null());
  CHECK(j["a"].string_or("fallback") == "fallback");
  CHECK(j.dump() == R"({"a":1,"b":[true,null,"x"],"c":{"d":2.5},"u":18446744073709551615})");
}

TEST_CASE("Json reports malformed text with its offset", "[json]") {
  try {
    (void)Json::parse(R"({"a": 1,)");
    FAIL("no exception");
  } catch (const DeserializationError& e) {
    CHECK(std::string(e.what()).find("offset") != std::string::npos);
    CHECK(e.source() == ErrorSource::client);
  }
  CHECK_THROWS_AS(Json::parse(""), DeserializationError);
  CHECK_THROWS_AS(Json::parse("[1] 2"), DeserializationError);
}

TEST_CASE("Json copies share the document; get() outlives its parent", "[json]") {
  Json inner;
  {
    Json outer = R"({"result": {"name": "x", "list": [1, 2, 3]}})"_json;
    inner = outer.get("result");
  }
  CHECK(inner["name"].as_string() == "x");
  Json list = inner.get("list");
  int sum = 0;
  for (JsonView v : list.elements()) sum += static_cast<int>(v.as_int64());
  CHECK(sum == 6);
  Json deep = Json::copy(inner["list"]);
  CHECK(deep == inner["list"]);
}

TEST_CASE("Json::object and Json::array build values from C++ literals", "[json]") {
  Json doc = Json::object({{"_key", "Neal"},
                           {"age", 3},
                           {"ratio", 0.5},
                           {"ok", true},
                           {"none", nullptr},
                           {"quote", "say \"hi\"\n"},
                           {"tags", Json::array({"a", 1, false})}});
  CHECK(doc["_key"].as_string() == "Neal");
  CHECK(doc["age"].as_int64() == 3);
  CHECK(doc["ratio"].as_double() == 0.5);
  CHECK(doc["ok"].as_bool());
  CHECK(doc["none"].is_null());
  CHECK(doc["quote"].as_string() == "say \"hi\"\n");
  CHECK(doc["tags"][1].as_int64() == 1);
  CHECK_THROWS_AS(Json::array({std::numeric_limits<double>::infinity()}), SerializationError);
}

TEST_CASE("equality ignores member order and integer/double spelling", "[json]") {
  CHECK(Json::parse(R"({"a":1,"b":[1,2]})") == Json::parse(R"({"b":[1,2],"a":1.0})"));
  CHECK_FALSE(Json::parse(R"({"a":1})") == Json::parse(R"({"a":2})"));
  CHECK_FALSE(Json::parse(R"([1,2])") == Json::parse(R"([2,1])"));
}

TEST_CASE("members() iterates in document order", "[json]") {
  Json j = R"({"z":1,"a":2,"m":3})"_json;
  std::vector<std::string> keys;
  for (auto [k, v] : j.members()) keys.emplace_back(k);
  CHECK(keys == std::vector<std::string>{"z", "a", "m"});
}

TEST_CASE("JsonBuilder writes SAX events and refuses misuse", "[json]") {
  JsonBuilder b;
  b.begin_object();
  b.key("n");
  b.int64(-5);
  b.key("s");
  b.string("é\t");
  b.key("raw");
  b.raw(R"({"x":[1]})");
  b.end_object();
  REQUIRE(b.complete());
  CHECK(b.finish().str() == "{\"n\":-5,\"s\":\"é\\t\",\"raw\":{\"x\":[1]}}");

  JsonBuilder bad;
  bad.begin_object();
  CHECK_THROWS_AS(bad.int64(1), SerializationError);  // a value where a key belongs
  JsonBuilder incomplete;
  incomplete.begin_array();
  CHECK_THROWS_AS(incomplete.finish(), SerializationError);
  JsonBuilder nan;
  CHECK_THROWS_AS(nan.number(std::nan("")), SerializationError);

  // Strings with nothing to escape are copied whole; the others go through the escaper, keys
  // included. Either way the text parses back to the same strings.
  const std::string plain = "value-123 with UTF-8 \xc3\xa9 and / slash";
  const std::string tricky = std::string("q\"b\\s\x01\x1f", 7) + std::string(1, '\0') + "end";
  JsonBuilder mixed;
  mixed.begin_array();
  for (const std::string& str : {plain, tricky, std::string()}) {
    mixed.begin_object();
    mixed.key(str);
    mixed.string(str);
    mixed.end_object();
  }
  mixed.end_array();
  const std::string text = mixed.finish().str();
  CHECK(text.find("\"value-123 with UTF-8 \xc3\xa9 and / slash\"") != std::string::npos);
  CHECK(text.find(R"(q\"b\\s\u0001\u001F\u0000end)") != std::string::npos);
  Json back = Json::parse(text);
  REQUIRE(back.size() == 3);
  CHECK(back[0][plain].as_string() == plain);
  CHECK(back[1][tricky].as_string() == tricky);
  CHECK(back[2][""].as_string().empty());

  // Raw JSON is inserted as is, after the separator its position needs; a NUL in it is refused.
  JsonBuilder raw;
  raw.begin_array();
  raw.raw("1");
  raw.raw(R"({"a":[2]})");
  raw.end_array();
  CHECK(raw.finish().str() == R"([1,{"a":[2]}])");
  JsonBuilder nul;
  nul.begin_array();
  CHECK_THROWS_AS(nul.raw(std::string_view("1\0", 2)), SerializationError);
}

TEST_CASE("JsonBuilder and Json::dump escape a byte that needs it wherever it falls in a string", "[json]") {
  // Strings are checked for bytes to escape 16 at a time, then one by one: every length up to
  // past two blocks, with the byte at every position, covers both paths and their seams.
  // RapidJSON's own SSE2 scan (in release builds) let 0x1A-0x1F through unescaped.
  struct Probe {
    char byte;
    const char* escaped;  // its escape; nullptr: copied as it is
  };
  const Probe probes[] = {{'"', "\\\""},  {'\\', "\\\\"}, {'\0', "\\u0000"}, {'\x01', "\\u0001"},
                          {'\x1a', "\\u001A"}, {'\x1f', "\\u001F"}, {' ', nullptr},      {'\x7f', nullptr},
                          {'\x80', nullptr},  {'\xff', nullptr}};
  int checked = 0;
  for (std::size_t length = 1; length <= 40; ++length) {
    for (std::size_t at = 0; at < length; ++at) {
      for (const Probe& probe : probes) {
        std::string value(length, 'a');
        value[at] = probe.byte;
        JsonBuilder b;
        b.string(value);
        const std::string text = b.finish().str();
        std::string expected = "\"" + value.substr(0, at);
        expected += probe.escaped ? std::string(probe.escaped) : std::string(1, probe.byte);
        expected += value.substr(at + 1) + "\"";
        CHECK(text == expected);
        // Json::dump writes the parsed string back the same way. A lone byte of 0x80 and above
        // is no UTF-8: refused unless validation is off.
        if (static_cast<unsigned char>(probe.byte) >= 0x80) {
          CHECK_THROWS_AS(Json::parse(expected), DeserializationError);
          set_json_utf8_validation(false);
          CHECK(Json::parse(expected).dump() == expected);
          set_json_utf8_validation(true);
        } else {
          CHECK(Json::parse(expected).dump() == expected);
        }
        ++checked;
      }
    }
  }
  CHECK(checked == 820 * 10);
}

// ---- a user type with its own serializer and SAX deserializer ------------------------------

namespace school {
struct Student {
  std::string name;
  std::int64_t age = 0;
  std::vector<std::string> courses;
};

void to_json(JsonWriter& w, const Student& s) {
  w.begin_object();
  w.key("name");
  w.string(s.name);
  w.key("age");
  w.int64(s.age);
  w.key("courses");
  w.begin_array();
  for (const auto& c : s.courses) w.string(c);
  w.end_array();
  w.end_object();
}

/// Fills a Student from SAX events: no DOM.
struct StudentHandler : JsonHandler {
  Student& out;
  std::string key;
  int depth = 0;
  explicit StudentHandler(Student& s) : out(s) {}
  bool on_start_object() override { return ++depth == 1; }
  bool on_end_object(std::size_t) override { --depth; return true; }
  bool on_key(std::string_view k) override { key = k; return true; }
  bool on_string(std::string_view v) override {
    if (key == "name") out.name = v;
    else if (key == "courses") out.courses.emplace_back(v);
    return true;
  }
  bool on_int64(std::int64_t v) override {
    if (key == "age") out.age = v;
    return true;
  }
  bool on_uint64(std::uint64_t v) override { return on_int64(static_cast<std::int64_t>(v)); }
};

struct Grade {
  std::string subject;
  double score = 0;
};
void from_json(JsonView v, Grade& g) {
  g.subject = std::string(v["subject"].as_string());
  g.score = v["score"].as_double();
}
}  // namespace school

template <>
struct arango::Deserializer<school::Student> {
  static school::StudentHandler handler(school::Student& s) { return school::StudentHandler(s); }
};

TEST_CASE("a user type round-trips through JsonInput and decode_json", "[json][serde]") {
  static_assert(JsonSerializable<school::Student>);
  static_assert(SaxDeserializable<school::Student>);
  static_assert(DomDeserializable<school::Grade>);
  school::Student s{"Lily", 21, {"math", "art"}};
  JsonInput input(s);
  CHECK(input.text() == R"({"name":"Lily","age":21,"courses":["math","art"]})");
  school::Student back = decode_json<school::Student>(input.text());
  CHECK(back.name == "Lily");
  CHECK(back.age == 21);
  CHECK(back.courses == std::vector<std::string>{"math", "art"});

  auto g = decode_json<school::Grade>(R"({"subject":"math","score":9.5})");
  CHECK(g.subject == "math");
  CHECK(g.score == 9.5);
  CHECK_THROWS_AS(decode_json<school::Grade>(R"({"subject":1})"), DeserializationError);
  // A handler that refuses (a nested object where Student expects none) stops the parse.
  CHECK_THROWS_AS(decode_json<school::Student>(R"({"name":{"x":1}})"), DeserializationError);
  CHECK_THROWS_AS(decode_json<school::Student>(R"({"name":"x")"), DeserializationError);
}
