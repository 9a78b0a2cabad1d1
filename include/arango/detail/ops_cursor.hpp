// Cursor batches: the request builders, and the SAX reading of a cursor body that hands each
// element of "result" straight to the document deserializer (defined in lib/api/cursor.cpp; the
// typed parts are templates here).
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include <arango/detail/operation.hpp>
#include <arango/document.hpp>
#include <arango/exceptions.hpp>
#include <arango/export.hpp>
#include <arango/json.hpp>

namespace arango {
inline namespace v1 ARANGO_API {
namespace detail {

/// Everything of a cursor body but its documents.
struct CursorMeta {
  std::optional<std::string> id{};
  bool has_more = false;
  std::optional<std::int64_t> count{};
  bool cached = false;
  std::optional<std::string> next_batch_id{};
  Json extra{};  ///< {warnings, stats, profile?, plan?}; null when absent
};

/// Reads a cursor body with one SAX pass: the envelope into `meta`, every event inside the
/// "result" array into `elements` (which sees each element as one complete value).
/// Throws DeserializationError. Strings are decoded in place: `body` is left overwritten.
void parse_cursor_body(std::string& body, CursorMeta& meta, JsonHandler& elements);
/// The same envelope from a parsed body.
CursorMeta cursor_meta(const Json& body);
/// Checks that the answer to a fetch of the next batch moves the cursor on, so that a server
/// that repeats itself is not followed forever: the same cursor id (when it sends one), a
/// nextBatchId other than the one the fetch asked for (when both are there), and no more
/// documents in all (`received`) than the cursor's count. Throws DeserializationError.
void check_next_batch(const CursorMeta& before, const CursorMeta& after, std::size_t received);

/// Fills `out` with the elements it receives, one T per top-level value, each decoded by
/// Deserializer<T> (SaxDeserializable T) as the events arrive: no DOM.
template <class T>
class SaxElementSink final : public JsonHandler {
  using Handler = std::remove_cvref_t<decltype(Deserializer<T>::handler(std::declval<T&>()))>;

 public:
  explicit SaxElementSink(std::deque<T>& out) : out_(out) {}

  bool on_null() override { return scalar([&](Handler& h) { return h.on_null(); }); }
  bool on_bool(bool v) override { return scalar([&](Handler& h) { return h.on_bool(v); }); }
  bool on_int64(std::int64_t v) override { return scalar([&](Handler& h) { return h.on_int64(v); }); }
  bool on_uint64(std::uint64_t v) override { return scalar([&](Handler& h) { return h.on_uint64(v); }); }
  bool on_double(double v) override { return scalar([&](Handler& h) { return h.on_double(v); }); }
  bool on_string(std::string_view v) override { return scalar([&](Handler& h) { return h.on_string(v); }); }
  bool on_key(std::string_view k) override { return handler_->on_key(k); }
  bool on_start_object() override {
    begin();
    ++depth_;
    return handler_->on_start_object();
  }
  bool on_end_object(std::size_t n) override { return end(handler_->on_end_object(n)); }
  bool on_start_array() override {
    begin();
    ++depth_;
    return handler_->on_start_array();
  }
  bool on_end_array(std::size_t n) override { return end(handler_->on_end_array(n)); }

 private:
  void begin() {
    if (depth_ == 0) {
      out_.emplace_back();
      handler_.emplace(Deserializer<T>::handler(out_.back()));
    }
  }
  template <class F>
  bool scalar(F&& f) {
    begin();
    bool ok = f(*handler_);
    if (depth_ == 0) handler_.reset();
    return ok;
  }
  bool end(bool ok) {
    if (--depth_ == 0) handler_.reset();
    return ok;
  }

  std::deque<T>& out_;
  std::optional<Handler> handler_;
  int depth_ = 0;
};

/// Decodes one cursor body: its documents appended to `out` (SAX for SaxDeserializable T,
/// one shared DOM otherwise). Returns how many were appended.
template <class T>
std::size_t decode_cursor_body(std::string&& body, CursorMeta& meta, std::deque<T>& out) {
  std::size_t before = out.size();
  if constexpr (!std::is_same_v<T, Json> && SaxDeserializable<T>) {
    SaxElementSink<T> sink(out);
    parse_cursor_body(body, meta, sink);
  } else {
    Json doc = Json::parse(std::move(body));
    meta = cursor_meta(doc);
    Json result = doc.get("result");
    for (std::size_t i = 0; i < result.size(); ++i) out.push_back(from_view<T>(result.get(i)));
  }
  return out.size() - before;
}

/// A decoded cursor body: its envelope and its documents.
template <class T>
struct CursorBody {
  CursorMeta meta;
  std::deque<T> batch;
};

namespace ops {

/// Starts a cursor (the request: ops::execute_request of an AQL query or Collection::find) and
/// decodes its first batch as T; non-2xx responses throw E. The caller makes the Cursor handle
/// from its executor (cursor_operation in cursor.hpp).
template <class T, class E>
Operation<CursorBody<T>> open_cursor(Request request) {
  return {std::move(request), [](Response& r) {
            require_success<E>(r);
            CursorBody<T> body;
            decode_cursor_body<T>(std::move(r.raw_body), body.meta, body.batch);
            return body;
          }};
}

/// POST /_api/cursor/{id}[/{batch_id}].
Request cursor_fetch_request(const std::string& id, const std::optional<std::string>& batch_id);
/// DELETE /_api/cursor/{id}: true; false when it is gone and ignore_missing. CursorCloseError.
Operation<bool> cursor_close(const std::string& id, bool ignore_missing);

}  // namespace ops
}  // namespace detail
}  // namespace v1
}  // namespace arango
