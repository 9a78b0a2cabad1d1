// Documents on their way in and out: how a call names a document (DocumentRef), how it passes
// several (DocumentList), and what writes deliver (DocumentMeta, BulkItem).
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <ranges>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include <arango/export.hpp>
#include <arango/json.hpp>

namespace arango {
inline namespace v1 ARANGO_API {

/// A document named the seed's ways: a key ("students/1" is an id, "1" a key), or a body holding
/// "_id" or "_key" (a Json, or any type with to_json). Ids are checked against the collection
/// they are used with; a mismatch or a body without either field fails with DocumentParseError
/// before anything is sent.
class DocumentRef {
 public:
  /// A key ("1") or an id ("students/1").
  DocumentRef(std::string_view key_or_id) : handle_(key_or_id) {}
  /// A key ("1") or an id ("students/1").
  DocumentRef(const char* key_or_id) : handle_(key_or_id) {}
  /// A key ("1") or an id ("students/1").
  DocumentRef(const std::string& key_or_id) : handle_(key_or_id) {}
  /// A body holding "_id" or "_key" (serialized now; its other fields are sent where the call sends
  /// a body).
  DocumentRef(JsonView body) : body_(true), handle_(body.dump()) {}
  /// A body holding "_id" or "_key" (serialized now).
  DocumentRef(const Json& body) : DocumentRef(body.view()) {}
  /// A body of a user type with to_json, holding "_id" or "_key" (serialized now).
  template <class T>
    requires(JsonSerializable<T> && !std::is_convertible_v<const T&, JsonView> &&
             !std::is_convertible_v<const T&, std::string_view>)
  DocumentRef(const T& body) : body_(true), handle_(JsonInput(body).text()) {}

  /// A reference by an already-serialized body (a JSON object holding "_id" or "_key").
  static DocumentRef from_body_text(std::string json_object) {
    DocumentRef ref{std::string_view{}};
    ref.body_ = true;
    ref.handle_ = std::move(json_object);
    return ref;
  }

  /// True when this names a document by its body (then text() is the serialized body).
  bool is_body() const noexcept { return body_; }
  /// The key or id as given, or the serialized body.
  const std::string& text() const noexcept { return handle_; }

 private:
  bool body_ = false;
  std::string handle_;
};

/// Several documents for one multi-document call, serialized into one JSON array on the calling
/// thread. Built from any range whose elements are documents (Json, or types with to_json) or
/// keys/ids (strings), from a Json array, or from JsonText that already holds an array.
class DocumentList {
 public:
  /// The elements of a JSON array (serialized now); a JSON object is a list of that one document
  /// (so that {doc} means the same as {doc1, doc2} with one element). Throws
  /// std::invalid_argument for any other value.
  DocumentList(JsonView array);
  /// The elements of a JSON array (serialized now).
  DocumentList(const Json& array) : DocumentList(array.view()) {}
  /// Already-serialized JSON array text, sent as is.
  explicit DocumentList(JsonText array, std::size_t count) : text_(std::move(array).str()), count_(count) {}
  /// The elements of a range: documents (Json, JsonText, types with to_json) or keys / ids
  /// (strings), serialized now, in order.
  template <std::ranges::input_range R>
    requires(!std::is_convertible_v<const R&, JsonView> && !std::is_convertible_v<const R&, std::string_view>)
  DocumentList(const R& items) {
    JsonBuilder b;
    b.begin_array();
    for (const auto& item : items) {
      append(b, item);
      ++count_;
    }
    b.end_array();
    text_ = std::move(b.finish()).str();
  }
  /// The given elements (as the range constructor), written in braces: {"k1", "k2"} or {doc1,
  /// doc2}. Not a std::initializer_list, so that it compiles inside a co_await expression on GCC 12.
  template <class... E>
    requires(sizeof...(E) >= 2 || (sizeof...(E) == 1 && !(std::is_same_v<E, DocumentList> && ...)))
  DocumentList(const E&... items) {
    JsonBuilder b;
    b.begin_array();
    (append(b, items), ...);
    b.end_array();
    text_ = std::move(b.finish()).str();
    count_ = sizeof...(E);
  }

  /// The serialized JSON array.
  const std::string& text() const& noexcept { return text_; }
  /// The serialized JSON array, moved out.
  std::string&& text() && noexcept { return std::move(text_); }
  /// Number of elements.
  std::size_t size() const noexcept { return count_; }

 private:
  template <class E>
  static void append(JsonBuilder& b, const E& item) {
    if constexpr (std::is_convertible_v<const E&, std::string_view> && !std::is_convertible_v<const E&, JsonView>) {
      b.string(std::string_view(item));
    } else if constexpr (std::is_convertible_v<const E&, JsonView>) {
      b.raw(JsonView(item).dump());
    } else if constexpr (std::is_same_v<E, JsonText>) {
      b.raw(item.str());
    } else {
      static_assert(JsonSerializable<E>, "DocumentList elements need to_json(JsonWriter&, const T&)");
      to_json(static_cast<JsonWriter&>(b), item);
    }
  }

  std::string text_;
  std::size_t count_ = 0;
};

/// What a document write delivers: the document's identity and, when asked for, its new and old
/// contents decoded as T. With `silent` the server sends nothing back and every field is empty.
template <class T = Json>
struct DocumentMeta {
  std::string id{};                     ///< "_id"
  std::string key{};                    ///< "_key"
  std::string rev{};                    ///< "_rev"
  std::optional<std::string> old_rev{};  ///< "_oldRev" (replace, update, overwrite)
  std::optional<T> new_doc{};           ///< "new" (return_new)
  std::optional<T> old_doc{};           ///< "old" (return_old)
};

/// A per-document error in a multi-document result (the server's {"error":true,...} item).
struct DocumentError {
  int error_code = 0;           ///< errorNum, e.g. 1202 (document not found)
  std::string error_message{};  ///< errorMessage
  friend bool operator==(const DocumentError&, const DocumentError&) = default;
};

/// One entry of a multi-document result: the value for that input, or its error.
template <class V>
class BulkItem {
 public:
  /// An entry holding the value for its input.
  BulkItem(V value) : item_(std::move(value)) {}
  /// An entry holding that document's error.
  BulkItem(DocumentError error) : item_(std::move(error)) {}
  /// A value constructed in place from `args`.
  template <class... A>
  explicit BulkItem(std::in_place_t, A&&... args) : item_(std::in_place_index<0>, std::forward<A>(args)...) {}

  /// Whether this entry holds a value (false: a DocumentError).
  bool ok() const noexcept { return item_.index() == 0; }
  /// ok().
  explicit operator bool() const noexcept { return ok(); }
  /// The value; throws std::logic_error when this entry is an error.
  const V& value() const& {
    if (!ok()) throw std::logic_error("BulkItem holds an error: " + error().error_message);
    return std::get<0>(item_);
  }
  /// The value, moved out; throws std::logic_error when this entry is an error.
  V&& value() && {
    if (!ok()) throw std::logic_error("BulkItem holds an error: " + error().error_message);
    return std::get<0>(std::move(item_));
  }
  /// The value; throws std::logic_error when this entry is an error.
  V& value() & {
    if (!ok()) throw std::logic_error("BulkItem holds an error: " + error().error_message);
    return std::get<0>(item_);
  }
  /// The value (as value()); throws std::logic_error when this entry is an error.
  const V& operator*() const& { return value(); }
  /// The value's members (as value()); throws std::logic_error when this entry is an error.
  const V* operator->() const { return &value(); }
  /// The error; throws std::logic_error when this entry is a value.
  const DocumentError& error() const {
    if (ok()) throw std::logic_error("BulkItem holds a value, not an error");
    return std::get<1>(item_);
  }

 private:
  std::variant<V, DocumentError> item_;
};

/// POST /_api/import result (the body as the server sends it, typed).
struct ImportResult {
  std::int64_t created = 0;  ///< documents stored
  std::int64_t errors = 0;  ///< documents refused (see details)
  std::int64_t empty = 0;  ///< empty lines skipped
  /// documents that updated or replaced an existing one (on_duplicate "update" / "replace")
  std::int64_t updated = 0;
  std::int64_t ignored = 0;  ///< documents left alone (on_duplicate "ignore")
  std::vector<std::string> details{};  ///< one message per failed line (details=true)
  Json raw{};                          ///< the whole body
};

namespace detail {

/// Feeds `value` to `handler` as SAX events (what a Deserializer<T> consumes).
void replay(JsonView value, JsonHandler& handler);

/// A decoded T from a parsed value: Json shares the document, other types go through their
/// Deserializer<T> (events replayed from the DOM) or from_json.
template <class T>
T from_view(const Json& value) {
  if constexpr (std::is_same_v<T, Json>) {
    return value;
  } else if constexpr (SaxDeserializable<T>) {
    T out{};
    auto handler = Deserializer<T>::handler(out);
    replay(value.view(), handler);
    return out;
  } else if constexpr (DomDeserializable<T>) {
    T out{};
    from_json(value.view(), out);
    return out;
  } else {
    static_assert(DomDeserializable<T>, "T needs arango::Deserializer<T> or from_json(arango::JsonView, T&)");
  }
}

/// The top-level "_id", "_key" and "_rev" of a serialized object (a SAX scan, no DOM).
struct DocumentIds {
  std::optional<std::string> id{};
  std::optional<std::string> key{};
  std::optional<std::string> rev{};
};
ARANGO_INTERNAL DocumentIds scan_ids(std::string_view json_object);

}  // namespace detail

}  // namespace v1
}  // namespace arango
