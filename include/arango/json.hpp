// JSON values and the serializer / deserializer interfaces. RapidJSON does the work inside the
// library; none of it is visible here.
//
//  JsonText    already-serialized JSON (owning); sent as is.
//  JsonView    a non-owning view of a parsed value; valid while the Json it came from lives.
//  Json        a parsed value that owns its document; immutable, copies share it.
//  JsonBuilder a JsonWriter that produces JsonText.
//  JsonWriter  SAX-style output interface: what `to_json(JsonWriter&, const T&)` writes into.
//  JsonHandler SAX-style input interface: what a Deserializer<T> hands events to.
//
// A user type T takes part wherever a document does when it provides
//   void to_json(arango::JsonWriter&, const T&)            (found by ADL) to be sent, and either
//   arango::Deserializer<T> with `static H handler(T&)`    (H derives from JsonHandler: no DOM)
//   or void from_json(arango::JsonView, T&)                (found by ADL: through a DOM)
// to be received.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <arango/export.hpp>

namespace arango {
inline namespace v1 ARANGO_API {

/// The type of a JSON value, as JsonView::type reports it (an absent value reads as null).
enum class JsonType { null, boolean, number, string, array, object };

/// SAX-style output: a serializer writes a value as a sequence of these calls.
class JsonWriter {
 public:
  virtual ~JsonWriter() = default;
  virtual void begin_object() = 0;  ///< Starts an object: then key / value pairs, then end_object().
  virtual void end_object() = 0;  ///< Ends the innermost open object.
  virtual void begin_array() = 0;  ///< Starts an array: then its elements, then end_array().
  virtual void end_array() = 0;  ///< Ends the innermost open array.
  /// The name of the next member of the open object (the value follows).
  virtual void key(std::string_view name) = 0;
  virtual void null() = 0;  ///< Writes null.
  virtual void boolean(bool value) = 0;  ///< Writes true or false.
  virtual void int64(std::int64_t value) = 0;  ///< Writes a signed integer.
  virtual void uint64(std::uint64_t value) = 0;  ///< Writes an unsigned integer (for values above INT64_MAX).
  /// Throws SerializationError for NaN and infinities (JSON has no spelling for them).
  virtual void number(double value) = 0;
  virtual void string(std::string_view value) = 0;  ///< Writes a string (any bytes; escaped as JSON needs).
  /// Inserts already-serialized JSON as one value.
  virtual void raw(std::string_view json) = 0;
};

/// SAX-style input: a deserializer receives a value as a sequence of these events. Each returns
/// false to stop parsing (the call then fails with DeserializationError). The defaults accept
/// and ignore the event.
class JsonHandler {
 public:
  virtual ~JsonHandler() = default;
  /// null. Returning false stops parsing.
  virtual bool on_null() { return true; }
  /// true or false.
  virtual bool on_bool(bool) { return true; }
  /// A number read as a signed integer (an integer within the int64 range).
  virtual bool on_int64(std::int64_t) { return true; }
  /// A number read as an unsigned integer (an integer above INT64_MAX, within the uint64 range).
  virtual bool on_uint64(std::uint64_t) { return true; }
  /// Any other number (with a fraction or an exponent, or beyond the integer ranges).
  virtual bool on_double(double) { return true; }
  /// A string value (unescaped; the view is valid during the call only).
  virtual bool on_string(std::string_view) { return true; }
  /// The start of an object: key / value events follow, then on_end_object.
  virtual bool on_start_object() { return true; }
  /// The name of the next member (valid during the call only).
  virtual bool on_key(std::string_view) { return true; }
  /// The end of an object, with its number of members.
  virtual bool on_end_object(std::size_t /*members*/) { return true; }
  /// The start of an array: its elements follow, then on_end_array.
  virtual bool on_start_array() { return true; }
  /// The end of an array, with its number of elements.
  virtual bool on_end_array(std::size_t /*elements*/) { return true; }
};

/// Every JSON text the library parses (server responses, Json::parse, decode_json) is held to
/// more than the grammar, and breaking a rule is a DeserializationError saying which:
///  - nesting at most 512 levels deep (a real server sends under 200);
///  - a key at most once per object (the library refuses a duplicate rather than choose one);
///  - strings and keys UTF-8, escapes included (a lone surrogate such as `\udc00` is refused),
///    unless turned off with set_json_utf8_validation(false), which saves a pass over each
///    string's bytes and lets invalid ones through as they came. The switch is process-wide;
///  - numbers within a double's range (beyond DBL_MAX: "number too big"). A number reads as
///    the correctly rounded double, an integer within the int64 / uint64 ranges as an integer,
///    and one below the smallest subnormal as zero.
void set_json_utf8_validation(bool on) noexcept;
/// Whether UTF-8 validation is on (see set_json_utf8_validation); on by default.
bool json_utf8_validation() noexcept;

/// Serialized JSON text, owned. Not validated on construction.
class JsonText {
 public:
  /// The text "null".
  JsonText() : text_("null") {}
  /// Takes `text` as serialized JSON; it is not checked here (the server or a parse will).
  explicit JsonText(std::string text) : text_(std::move(text)) {}
  /// The JSON text.
  const std::string& str() const& noexcept { return text_; }
  /// The JSON text, moved out.
  std::string&& str() && noexcept { return std::move(text_); }
  /// Equal when the texts are byte for byte equal (not a JSON comparison).
  friend bool operator==(const JsonText&, const JsonText&) = default;

 private:
  std::string text_;
};

namespace detail {
struct JsonNode;  // an opaque RapidJSON value
}

class Json;

/// A non-owning view of a parsed JSON value. A default-constructed view, or the result of
/// looking up a missing member or index, is "absent": `exists()` is false and it reads as null.
class JsonView {
 public:
  JsonView() noexcept = default;

  /// Whether there is a value (false for a default-constructed view or a missing member or index).
  bool exists() const noexcept { return node_ != nullptr; }
  /// exists().
  explicit operator bool() const noexcept { return exists(); }
  JsonType type() const noexcept;  ///< The value's type; JsonType::null when absent.
  bool is_null() const noexcept;  ///< null or absent
  bool is_bool() const noexcept;  ///< true or false
  bool is_number() const noexcept;  ///< any number, integer or not
  bool is_integer() const noexcept;  ///< a number held as a (u)int64 without fraction
  bool is_string() const noexcept;  ///< a string
  bool is_array() const noexcept;  ///< an array
  bool is_object() const noexcept;  ///< an object

  /// Member of an object; absent when missing or when this is not an object.
  JsonView operator[](std::string_view key) const noexcept;
  /// Element of an array; absent when out of range or when this is not an array.
  JsonView operator[](std::size_t index) const noexcept;
  /// Element of an array (an int index, for v[0]); absent when out of range or when this is not an
  /// array.
  JsonView operator[](int index) const noexcept { return (*this)[static_cast<std::size_t>(index)]; }
  /// Whether this is an object with a member `key`.
  bool contains(std::string_view key) const noexcept { return (*this)[key].exists(); }
  /// Elements of an array or members of an object; 0 otherwise.
  std::size_t size() const noexcept;
  /// size() == 0 (also true for scalars and absent values).
  bool empty() const noexcept { return size() == 0; }

  /// Typed reads; each throws DeserializationError when the value has another type.
  std::string_view as_string() const;
  bool as_bool() const;  ///< The boolean; DeserializationError otherwise.
  /// The integer as int64 (also a double without fraction within the int64 range);
  /// DeserializationError otherwise.
  std::int64_t as_int64() const;
  /// The number as uint64 (a non-negative integer); DeserializationError otherwise.
  std::uint64_t as_uint64() const;
  double as_double() const;  ///< Any number as a double; DeserializationError otherwise.

  /// Typed reads with a fallback for absent or differently typed values.
  std::string_view string_or(std::string_view fallback) const noexcept;
  /// The integer, or `fallback` when absent or not an integer.
  std::int64_t int64_or(std::int64_t fallback) const noexcept;
  bool bool_or(bool fallback) const noexcept;  ///< The boolean, or `fallback` when absent or not a boolean.

  /// Member `i` of an object as (name, value).
  std::pair<std::string_view, JsonView> member(std::size_t i) const noexcept;

  /// Compact serialization.
  std::string dump() const;
  /// Replays this value into a writer.
  void write(JsonWriter& writer) const;

  /// Deep equality (object members compared regardless of order; 1 == 1.0).
  friend ARANGO_API bool operator==(JsonView a, JsonView b) noexcept;  // a friend takes no namespace visibility

  class ArrayIterator;
  class MemberIterator;
  struct ArrayRange;
  struct MemberRange;
  /// Range over the elements of an array (empty for non-arrays).
  ArrayRange elements() const noexcept;
  /// Range over (name, value) members of an object (empty for non-objects).
  MemberRange members() const noexcept;

  /// The library's opaque handle of the value (for the library's own code; null when absent).
  const detail::JsonNode* node() const noexcept { return node_; }
  /// Wraps a node of the library's document (for the library's own code).
  explicit JsonView(const detail::JsonNode* node) noexcept : node_(node) {}

 private:
  const detail::JsonNode* node_ = nullptr;
};

/// A forward iterator over the elements of an array (see JsonView::elements).
class JsonView::ArrayIterator {
 public:
  using iterator_category = std::forward_iterator_tag;  ///< forward iterator
  using value_type = JsonView;  ///< each element is read as a JsonView
  using difference_type = std::ptrdiff_t;  ///< signed distance
  using pointer = void;  ///< no pointer: elements are delivered by value
  using reference = JsonView;  ///< a JsonView, by value
  ArrayIterator() = default;
  /// Positioned at element `i` of `parent`.
  ArrayIterator(JsonView parent, std::size_t i) : parent_(parent), i_(i) {}
  /// The current element.
  JsonView operator*() const noexcept { return parent_[i_]; }
  /// Steps to the next element.
  ArrayIterator& operator++() noexcept { ++i_; return *this; }
  /// Steps to the next element, returning the position before.
  ArrayIterator operator++(int) noexcept { auto c = *this; ++i_; return c; }
  friend bool operator==(const ArrayIterator& a, const ArrayIterator& b) noexcept { return a.i_ == b.i_; }

 private:
  JsonView parent_;
  std::size_t i_ = 0;
};

/// A forward iterator over the members of an object (see JsonView::members).
class JsonView::MemberIterator {
 public:
  using iterator_category = std::forward_iterator_tag;  ///< forward iterator
  using value_type = std::pair<std::string_view, JsonView>;  ///< (name, value)
  using difference_type = std::ptrdiff_t;  ///< signed distance
  using pointer = void;  ///< no pointer: members are delivered by value
  using reference = value_type;  ///< (name, value), by value
  MemberIterator() = default;
  /// Positioned at member `i` of `parent`.
  MemberIterator(JsonView parent, std::size_t i) : parent_(parent), i_(i) {}
  /// The current member as (name, value).
  value_type operator*() const noexcept { return parent_.member(i_); }
  /// Steps to the next member.
  MemberIterator& operator++() noexcept { ++i_; return *this; }
  /// Steps to the next member, returning the position before.
  MemberIterator operator++(int) noexcept { auto c = *this; ++i_; return c; }
  friend bool operator==(const MemberIterator& a, const MemberIterator& b) noexcept { return a.i_ == b.i_; }

 private:
  JsonView parent_;
  std::size_t i_ = 0;
};

/// The elements of an array, for a range-for loop (JsonView::elements).
struct JsonView::ArrayRange {
  JsonView parent;  ///< the array viewed
  /// The first element.
  ArrayIterator begin() const noexcept { return {parent, 0}; }
  /// Past the last element (the start when `parent` is not an array).
  ArrayIterator end() const noexcept { return {parent, parent.is_array() ? parent.size() : 0}; }
};
/// The members of an object, for a range-for loop (JsonView::members).
struct JsonView::MemberRange {
  JsonView parent;  ///< the object viewed
  /// The first member.
  MemberIterator begin() const noexcept { return {parent, 0}; }
  /// Past the last member (the start when `parent` is not an object).
  MemberIterator end() const noexcept { return {parent, parent.is_object() ? parent.size() : 0}; }
};
inline JsonView::ArrayRange JsonView::elements() const noexcept { return {*this}; }
inline JsonView::MemberRange JsonView::members() const noexcept { return {*this}; }

/// One JSON value written in C++ code, for Json::object / Json::array:
///   Json::object({{"_key", "Neal"}, {"age", 3}, {"tags", Json::array({"a", "b"})}})
class JsonLiteral {
 public:
  /// null
  JsonLiteral(std::nullptr_t) : text_("null") {}
  /// true or false
  JsonLiteral(bool v) : text_(v ? "true" : "false") {}
  /// Any integer type except bool and char.
  template <class I>
    requires(std::is_integral_v<I> && !std::is_same_v<I, bool> && !std::is_same_v<I, char>)
  JsonLiteral(I v) : text_(std::to_string(v)) {}
  JsonLiteral(double v);  ///< A double; throws SerializationError for NaN or infinity.
  /// A float, as a double.
  JsonLiteral(float v) : JsonLiteral(static_cast<double>(v)) {}
  /// A string (not a JSON text: it is quoted and escaped).
  JsonLiteral(const char* v) : JsonLiteral(std::string_view(v)) {}
  /// A string (not a JSON text: it is quoted and escaped).
  JsonLiteral(const std::string& v) : JsonLiteral(std::string_view(v)) {}
  JsonLiteral(std::string_view v);  ///< A string (not a JSON text: it is quoted and escaped).
  /// A copy of a parsed value.
  JsonLiteral(JsonView v) : text_(v.dump()) {}
  /// Already-serialized JSON, inserted as is.
  JsonLiteral(const JsonText& v) : text_(v.str()) {}
  /// The value's JSON text.
  const std::string& text() const noexcept { return text_; }

 private:
  std::string text_;
};

namespace detail {
template <class E, std::size_t>
using Repeat = E;

/// A list written in braces, {a, b, c}, taken without std::initializer_list. GCC 11 and 12
/// cannot compile a std::initializer_list inside a co_await expression (they stop with "array
/// used as initializer"), so a parameter that callers write as a braced list
/// inside `co_await` is one of these: a constructor for each count from 0 to the size of `Seq`
/// (each level adds one, inheriting the shorter ones), elements moved into `items`.
template <class E, class Seq>
struct BracedList;
template <class E>
struct BracedList<E, std::index_sequence<>> {
  std::vector<E> items;  ///< the elements, in order
  BracedList() = default;
  /// The elements of a vector (for a list built at run time). A template, so that a braced list
  /// never converts to the vector instead: {"a", "b"} would name its iterator range.
  template <class V>
    requires std::is_same_v<V, std::vector<E>>
  BracedList(V elements) : items(std::move(elements)) {}
};
template <class E, std::size_t I0, std::size_t... I>
struct BracedList<E, std::index_sequence<I0, I...>> : BracedList<E, std::index_sequence<I...>> {
  using Shorter = BracedList<E, std::index_sequence<I...>>;
  using Shorter::Shorter;
  BracedList() = default;
  /// 1 + sizeof...(I) elements.
  BracedList(E first, Repeat<E, I>... rest) {
    this->items.reserve(1 + sizeof...(I));
    this->items.push_back(std::move(first));
    (this->items.push_back(std::move(rest)), ...);
  }
};
}  // namespace detail

/// One member of Json::object: a name and a value. A class with a constructor rather than an
/// aggregate: GCC 12 destroys an aggregate temporary made inside a co_await expression twice.
struct JsonMember {
  /// {"name", value}
  JsonMember(std::string_view member_name, JsonLiteral member_value)
      : name(member_name), value(std::move(member_value)) {}
  std::string_view name;  ///< the member's name
  JsonLiteral value;      ///< its value
};
/// The members of Json::object, written in braces: {{"a", 1}, {"b", "x"}} (up to 32; a
/// std::vector<JsonMember> for more). Not a std::initializer_list, so that it compiles inside a
/// co_await expression on GCC 12.
using JsonMembers = detail::BracedList<JsonMember, std::make_index_sequence<32>>;
/// The elements of Json::array, written in braces: {1, "a", nullptr} (up to 32; a
/// std::vector<JsonLiteral> for more).
using JsonElements = detail::BracedList<JsonLiteral, std::make_index_sequence<32>>;

/// A parsed JSON value that owns its document. Copies are cheap and share the document;
/// const use from several threads is safe. Everything a JsonView reads, a Json reads.
class Json : public JsonView {
 public:
  /// null
  Json();
  /// Parses; throws DeserializationError (with the offset) when `text` is not JSON.
  static Json parse(std::string text);
  /// Parses a view of the text (copied first).
  static Json parse(std::string_view text) { return parse(std::string(text)); }
  /// Parses a NUL-terminated text.
  static Json parse(const char* text) { return parse(std::string(text)); }
  /// Parses serialized JSON; throws DeserializationError when it is not JSON.
  explicit Json(JsonText text) : Json(parse(std::move(text).str())) {}
  /// A deep copy of a view (for keeping part of a document that is about to go away).
  static Json copy(JsonView view);

  /// An object from (name, value) pairs, in order: Json::object({{"a", 1}, {"b", "x"}}). Keys must
  /// be distinct (DeserializationError otherwise).
  static Json object(JsonMembers members);
  /// An array of the given values, in order: Json::array({1, "a", nullptr}).
  static Json array(JsonElements elements);

  /// Member or element that shares this document (stays valid with the returned Json).
  Json get(std::string_view key) const;
  /// Element `index` of an array sharing this document; null (absent) when out of range or not an
  /// array.
  Json get(std::size_t index) const;

  /// This value as a plain view (valid while this Json or a copy of it lives).
  JsonView view() const noexcept { return *this; }

 private:
  Json(std::shared_ptr<const void> owner, const detail::JsonNode* node) noexcept
      : JsonView(node), owner_(std::move(owner)) {}
  std::shared_ptr<const void> owner_;
};

namespace literals {
/// R"({"a":1})"_json
inline Json operator""_json(const char* text, std::size_t n) { return Json::parse(std::string(text, n)); }
}  // namespace literals

/// A JsonWriter that produces compact JSON text.
class JsonBuilder final : public JsonWriter {
 public:
  JsonBuilder();  ///< An empty builder: write exactly one value, then finish().
  ~JsonBuilder() override;  ///< Frees the builder's buffer.
  JsonBuilder(JsonBuilder&&) noexcept;  ///< Moves the builder and its text.
  JsonBuilder& operator=(JsonBuilder&&) noexcept;  ///< Moves the builder and its text.

  void begin_object() override;
  void end_object() override;
  void begin_array() override;
  void end_array() override;
  void key(std::string_view name) override;
  void null() override;
  void boolean(bool value) override;
  void int64(std::int64_t value) override;
  void uint64(std::uint64_t value) override;
  void number(double value) override;
  void string(std::string_view value) override;
  void raw(std::string_view json) override;

  /// True once one complete value has been written.
  bool complete() const noexcept;
  /// The text written so far; throws SerializationError unless complete().
  JsonText finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Specialize with `static H handler(T& out)`, H deriving from JsonHandler, to decode T from
/// SAX events with no DOM in between.
template <class T>
struct Deserializer;

template <class T>
concept JsonSerializable = requires(JsonWriter& w, const T& v) { to_json(w, v); };

template <class T>
concept SaxDeserializable = requires(T& out) {
  { Deserializer<T>::handler(out) };
  requires std::is_base_of_v<JsonHandler, std::remove_cvref_t<decltype(Deserializer<T>::handler(out))>>;
};

template <class T>
concept DomDeserializable = requires(JsonView v, T& out) { from_json(v, out); };

namespace detail {
/// Parses `text`, handing each event to `handler`. Throws DeserializationError.
ARANGO_INTERNAL void parse_sax(std::string_view text, JsonHandler& handler);
/// The same for a std::string (faster: its terminating NUL lets the reader copy strings in blocks).
ARANGO_INTERNAL void parse_sax(const std::string& text, JsonHandler& handler);
/// The same, decoding strings in place: `text` is left overwritten.
void parse_sax_in_place(std::string& text, JsonHandler& handler);
}  // namespace detail

/// A document or body on its way to the server: serialized on the calling thread, so nothing
/// the caller owns is referenced after the call returns.
class JsonInput {
 public:
  /// Serializes a view.
  JsonInput(JsonView value) : text_(value.dump()) {}
  /// Serializes a Json.
  JsonInput(const Json& value) : text_(value.dump()) {}
  /// Takes already-serialized JSON as is (not validated).
  JsonInput(JsonText text) : text_(std::move(text).str()) {}
  /// Serializes a user type with its to_json(JsonWriter&, const T&).
  template <class T>
    requires(JsonSerializable<T> && !std::is_convertible_v<const T&, JsonView>)
  JsonInput(const T& value) {
    JsonBuilder builder;
    to_json(builder, value);
    text_ = std::move(builder.finish()).str();
  }
  /// The serialized text.
  const std::string& text() const& noexcept { return text_; }
  /// The serialized text, moved out.
  std::string&& text() && noexcept { return std::move(text_); }

 private:
  std::string text_;
};

/// Decodes `text` into T: Json keeps the DOM; a SaxDeserializable T is filled from SAX events;
/// a DomDeserializable T goes through a DOM. Throws DeserializationError.
template <class T>
T decode_json(std::string text) {
  if constexpr (std::is_same_v<T, Json>) {
    return Json::parse(std::move(text));
  } else if constexpr (SaxDeserializable<T>) {
    T out{};
    auto handler = Deserializer<T>::handler(out);
    detail::parse_sax_in_place(text, handler);
    return out;
  } else if constexpr (DomDeserializable<T>) {
    T out{};
    Json doc = Json::parse(std::move(text));
    from_json(doc.view(), out);
    return out;
  } else {
    static_assert(DomDeserializable<T>,
                  "T needs arango::Deserializer<T> or from_json(arango::JsonView, T&)");
  }
}

}  // namespace v1
}  // namespace arango
