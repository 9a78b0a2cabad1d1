// fuzz-client-cursor: a cursor batch (POST /_api/cursor, POST /_api/cursor/<id>) read by the
// SAX router (parse_cursor_body) into Json elements and into a typed struct (Student, the
// typed-cursor path: no DOM), and by the DOM path (decode_cursor_body<Json>). Oracles: the SAX
// router and the DOM path accept the same bodies; for a body they both read whose envelope is
// well formed (each envelope field of its type): the SAX envelope equals cursor_meta over the DOM, the
// elements the SAX router hands out equal the DOM's "result", and the typed path decodes the
// same Students as the DOM's elements replayed into the same Deserializer, or fails where one
// of them fails. The same for a nested JsonFields type (<arango/fields.hpp>: vectors of structs,
// optionals, a Json member, narrow integers), whose every decoded value also survives a round
// trip through its to_json.
#include "fuzz_common.hpp"

#include <arango/detail/ops_cursor.hpp>

#include <cstdint>
#include <deque>
#include <optional>
#include <vector>
#include <set>
#include <string>

#include "../support/student.hpp"

using namespace clientfuzz;
using testenv::Student;

namespace fieldsfuzz {
struct Point {
  std::int16_t x = 0;
  std::optional<double> y;
  bool operator==(const Point&) const = default;
};
struct Shape {
  std::string name;
  std::vector<Point> points;
  std::optional<std::vector<std::uint8_t>> tags;
  Json extra;
  bool closed = false;
  bool operator==(const Shape& o) const {
    return name == o.name && points == o.points && tags == o.tags && extra.dump() == o.extra.dump() && closed == o.closed;
  }
};
}  // namespace fieldsfuzz

template <>
struct arango::JsonFields<fieldsfuzz::Point> {
  static constexpr auto fields = arango::fields(field("x", &fieldsfuzz::Point::x), field("y", &fieldsfuzz::Point::y));
};
template <>
struct arango::JsonFields<fieldsfuzz::Shape> {
  static constexpr auto fields =
      arango::fields(field("name", &fieldsfuzz::Shape::name), field("points", &fieldsfuzz::Shape::points),
                     field("tags", &fieldsfuzz::Shape::tags), field("extra", &fieldsfuzz::Shape::extra),
                     field("closed", &fieldsfuzz::Shape::closed));
};

namespace {
using fieldsfuzz::Shape;

/// True when the oracle applies: the envelope is what a server sends, in shape.
bool well_formed(const Json& doc) {
  if (!doc.is_object()) return false;
  std::set<std::string_view> keys;
  for (auto [key, value] : doc.members()) {
    if (!keys.insert(key).second) return false;
    if (key == "result" && !value.is_array()) return false;
    if ((key == "id" || key == "nextBatchId") && !value.is_string()) return false;
    if ((key == "hasMore" || key == "cached") && !value.is_bool()) return false;
    if (key == "extra" && !value.is_object() && !value.is_array()) return false;
    if (key == "count") {
      if (!value.is_integer()) return false;
      try {
        value.as_int64();
      } catch (const DeserializationError&) {
        return false;
      }
    }
  }
  return true;
}

void same_meta(const detail::CursorMeta& a, const detail::CursorMeta& b) {
  check(a.id == b.id && a.has_more == b.has_more && a.count == b.count && a.cached == b.cached &&
            a.next_batch_id == b.next_batch_id,
        "cursor envelope: SAX and DOM differ");
  check(a.extra.exists() == b.extra.exists() && a.extra.dump() == b.extra.dump(), "cursor extra: SAX and DOM differ");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Answer a = read_answer(data, size);
  Response base = make_response(a);

  // SAX into Json elements.
  std::optional<detail::CursorMeta> sax_meta;
  std::optional<Json> sax_elements;
  typed_or_success([&] {
    std::string body = a.body;
    detail::CursorMeta meta;
    auto collector = detail::json_capture();  // the batch's elements, as one array
    collector->on_start_array();
    detail::parse_cursor_body(body, meta, *collector);
    collector->on_end_array(0);
    sax_elements = detail::captured_json(*collector);
    sax_meta = std::move(meta);
  });
  // The typed path (SAX straight into Student).
  std::optional<std::deque<Student>> typed;
  typed_or_success([&] {
    detail::CursorMeta meta;
    std::deque<Student> out;
    std::size_t n = detail::decode_cursor_body<Student>(std::string(a.body), meta, out);
    check(n == out.size(), "decode_cursor_body's count");
    typed = std::move(out);
  });
  // The JsonFields path (SAX straight into Shape).
  std::optional<std::deque<Shape>> shapes;
  typed_or_success([&] {
    detail::CursorMeta meta;
    std::deque<Shape> out;
    detail::decode_cursor_body<Shape>(std::string(a.body), meta, out);
    shapes = std::move(out);
  });
  if (shapes) {
    for (const Shape& s : *shapes) {  // what JsonFields writes, it reads back the same
      Shape again = decode_json<Shape>(JsonInput(s).text());
      check(again == s, "JsonFields: a decoded value does not survive to_json and back");
    }
  }
  // The DOM path.
  std::optional<detail::CursorMeta> dom_meta;
  std::optional<std::deque<Json>> dom_elements;
  typed_or_success([&] {
    detail::CursorMeta meta;
    std::deque<Json> out;
    detail::decode_cursor_body<Json>(std::string(a.body), meta, out);
    dom_meta = std::move(meta);
    dom_elements = std::move(out);
  });

  std::optional<Json> doc;
  typed_or_success([&] { doc = Json::parse(a.body); });
  // The SAX router and the DOM path validate the same envelope: both read a body or neither.
  check(sax_meta.has_value() == dom_meta.has_value(), "SAX and DOM disagree on whether a cursor body reads");
  if (doc && well_formed(*doc) && sax_meta && dom_meta) {
    same_meta(*sax_meta, *dom_meta);
    check(sax_elements->size() == dom_elements->size(), "SAX and DOM: another number of elements");
    for (std::size_t i = 0; i < dom_elements->size(); ++i) {
      check((*sax_elements)[i].dump() == (*dom_elements)[i].dump(), "SAX and DOM: an element differs");
    }
    // Each DOM element replayed into Student's Deserializer: the typed path fails where any fails.
    std::deque<Student> replayed;
    bool all = true;
    for (const Json& e : *dom_elements) {
      if (!typed_or_success([&] { replayed.push_back(detail::from_view<Student>(e)); })) all = false;
    }
    check(typed.has_value() == all, "typed cursor: SAX and replayed DOM disagree on failure");
    if (typed) check(*typed == replayed, "typed cursor: SAX and replayed DOM give other Students");
    std::deque<Shape> replayed_shapes;
    bool all_shapes = true;
    for (const Json& e : *dom_elements) {
      if (!typed_or_success([&] { replayed_shapes.push_back(detail::from_view<Shape>(e)); })) all_shapes = false;
    }
    check(shapes.has_value() == all_shapes, "JsonFields cursor: SAX and replayed DOM disagree on failure");
    if (shapes) check(*shapes == replayed_shapes, "JsonFields cursor: SAX and replayed DOM give other values");
  }

  // The operation that opens a cursor, as a query call decodes it.
  switch (a.selector % 2) {
    case 0: {
      auto op = detail::ops::open_cursor<Student, AQLQueryExecuteError>(Request{Method::POST, "/_api/cursor"});
      Response r = base;
      typed_or_success([&] { decode(op, r); });
      break;
    }
    case 1: {
      auto op = detail::ops::open_cursor<Json, CursorNextError>(Request{Method::POST, "/_api/cursor/1"});
      Response r = base;
      typed_or_success([&] { decode(op, r); });
      break;
    }
  }
  return 0;
}
