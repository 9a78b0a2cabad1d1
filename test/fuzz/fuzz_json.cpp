// fuzz-client-json: bytes as a JSON document through Json::parse, the parser of every server
// answer. Oracles: parse(dump(v)) == v (deep equality), dump is a fixed point
// (dump(parse(dump(v))) == dump(v)), replaying v into a JsonBuilder writes dump(v), Json::copy
// keeps it equal, and the SAX parser (parse_sax, parse_sax_in_place) accepts exactly what the
// DOM parser accepts, and delivers the same value (the same dump). operator== is RapidJSON's,
// which looks each member of one object up by name in the other: with a key given twice it is
// not reflexive ({"a":1,"a":2} != itself), so such documents are compared by their dumps only.
#include "fuzz_common.hpp"

#include <set>

using namespace clientfuzz;

namespace {

/// Walks every value and reads it through every accessor (typed reads throw typed errors only).
void walk(JsonView v, int depth) {
  if (depth > 64) return;
  (void)v.type();
  (void)v.string_or("");
  (void)v.int64_or(0);
  (void)v.bool_or(false);
  typed_or_success([&] { (void)v.as_int64(); });
  typed_or_success([&] { (void)v.as_uint64(); });
  typed_or_success([&] { (void)v.as_double(); });
  typed_or_success([&] { (void)v.as_string(); });
  typed_or_success([&] { (void)v.as_bool(); });
  if (v.is_array()) {
    for (JsonView e : v.elements()) walk(e, depth + 1);
    check(!v[v.size()].exists(), "element past the end exists");
  }
  if (v.is_object()) {
    for (auto [k, e] : v.members()) {
      check(v.contains(k), "a member's key does not find a member");
      walk(e, depth + 1);
    }
  }
}

bool duplicate_keys(JsonView v) {
  if (v.is_array()) {
    for (JsonView e : v.elements()) {
      if (duplicate_keys(e)) return true;
    }
  }
  if (v.is_object()) {
    std::set<std::string_view> keys;
    for (auto [k, e] : v.members()) {
      if (!keys.insert(k).second || duplicate_keys(e)) return true;
    }
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  std::optional<Json> v;
  typed_or_success([&] { v = Json::parse(text); });

  std::optional<Json> by_sax;
  typed_or_success([&] {
    auto r = detail::json_capture();  // rebuilds the value from its SAX events
    detail::parse_sax(std::string_view(text), *r);
    by_sax = detail::captured_json(*r);
  });
  std::optional<Json> by_sax_in_place;
  typed_or_success([&] {
    auto r = detail::json_capture();
    std::string copy = text;
    detail::parse_sax_in_place(copy, *r);
    by_sax_in_place = detail::captured_json(*r);
  });
  check(v.has_value() == by_sax.has_value(), "parse and parse_sax disagree on validity");
  check(v.has_value() == by_sax_in_place.has_value(), "parse and parse_sax_in_place disagree on validity");
  if (!v) return 0;
  std::string d1 = v->dump();
  check(by_sax->dump() == d1 && by_sax_in_place->dump() == d1, "parse and parse_sax give different values");
  const bool comparable = !duplicate_keys(*v);
  if (comparable) check(*v == *by_sax && *v == *by_sax_in_place, "parse and parse_sax: operator== says they differ");

  Json again = Json::parse(d1);
  check(again.dump() == d1, "dump is not a fixed point", d1);
  if (comparable) check(again == *v, "parse(dump(v)) != v", d1);
  JsonBuilder b;
  v->write(b);
  check(b.finish().str() == d1, "write() differs from dump()");
  Json copy = Json::copy(*v);
  check(copy.dump() == d1 && (!comparable || copy == *v), "Json::copy differs");
  walk(*v, 0);
  return 0;
}
