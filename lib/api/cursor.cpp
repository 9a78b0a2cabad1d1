// Cursor bodies read in one SAX pass, and the cursor requests (endpoints-core.md §10, S5).
#include <arango/detail/ops_cursor.hpp>
#include <arango/errno.hpp>

#include "decode.hpp"

#include <cstdint>

namespace arango {
inline namespace v1 {
namespace detail {
namespace {

/// What a cursor body's envelope member must be, or nullptr when `type` is right (unknown
/// members may be anything). Both readers (CursorRouter, cursor_meta) go by it. `count` must
/// be a non-negative integer: `whole` says the value is one.
const char* cursor_member_rule(std::string_view key, JsonType type, bool whole) {
  if (key == "result") return type == JsonType::array ? nullptr : "an array";
  if (key == "hasMore" || key == "cached") return type == JsonType::boolean ? nullptr : "a boolean";
  if (key == "id") return type == JsonType::string ? nullptr : "a string";
  if (key == "nextBatchId") return type == JsonType::string || whole ? nullptr : "a string";
  if (key == "count") return whole ? nullptr : "a non-negative integer";
  if (key == "extra") return type == JsonType::object ? nullptr : "an object";
  return nullptr;
}

[[noreturn]] void malformed_cursor(const std::string& what) {
  throw DeserializationError("malformed cursor body: " + what);
}

/// The rules no single member shows: "result" and "hasMore" are there, and a cursor that has
/// more has an id to fetch it with.
void check_cursor_envelope(bool has_result, bool has_has_more, const CursorMeta& meta) {
  if (!has_result) malformed_cursor("no \"result\"");
  if (!has_has_more) malformed_cursor("no \"hasMore\"");
  if (meta.has_more && !meta.id) malformed_cursor("\"hasMore\" is true but there is no cursor \"id\"");
}

/// Routes the events of a cursor body: envelope fields into CursorMeta, "extra" into a
/// JsonBuilder, elements of "result" to the element handler. A member of the wrong type stops
/// the parse, with `error()` naming it.
class CursorRouter final : public JsonHandler {
 public:
  CursorRouter(CursorMeta& meta, JsonHandler& elements) : meta_(meta), elements_(elements) {}

  const std::string& error() const noexcept { return error_; }
  bool has_result = false;
  bool has_has_more = false;

  bool on_null() override {
    if (top()) return member(JsonType::null, false);
    return value([&](JsonHandler& h) { return h.on_null(); }, [&] { b().null(); });
  }
  bool on_bool(bool v) override {
    if (top()) {
      if (!member(JsonType::boolean, false)) return false;
      if (key_ == "hasMore") {
        meta_.has_more = v;
        has_has_more = true;
      }
      if (key_ == "cached") meta_.cached = v;
      return true;
    }
    return value([&](JsonHandler& h) { return h.on_bool(v); }, [&] { b().boolean(v); });
  }
  bool on_int64(std::int64_t v) override {
    if (top()) return whole_number(v >= 0, v >= 0 ? static_cast<std::uint64_t>(v) : 0);
    return value([&](JsonHandler& h) { return h.on_int64(v); }, [&] { b().int64(v); });
  }
  bool on_uint64(std::uint64_t v) override {
    if (top()) return whole_number(v <= std::uint64_t(INT64_MAX), v);
    return value([&](JsonHandler& h) { return h.on_uint64(v); }, [&] { b().uint64(v); });
  }
  bool on_double(double v) override {
    if (top()) return member(JsonType::number, false);
    return value([&](JsonHandler& h) { return h.on_double(v); }, [&] { b().number(v); });
  }
  bool on_string(std::string_view v) override {
    if (top()) {
      if (!member(JsonType::string, false)) return false;
      if (key_ == "id") meta_.id = std::string(v);
      if (key_ == "nextBatchId") meta_.next_batch_id = std::string(v);
      return true;
    }
    return value([&](JsonHandler& h) { return h.on_string(v); }, [&] { b().string(v); });
  }
  bool on_key(std::string_view k) override {
    if (depth_ == 1) {
      key_.assign(k);
      return true;
    }
    if (mode_ == Mode::result) return elements_.on_key(k);
    if (mode_ == Mode::extra) b().key(k);
    return true;
  }
  bool on_start_object() override { return open(true); }
  bool on_end_object(std::size_t n) override { return close(true, n); }
  bool on_start_array() override { return open(false); }
  bool on_end_array(std::size_t n) override { return close(false, n); }

 private:
  enum class Mode { none, result, extra, skip };

  bool top() const noexcept { return depth_ == 1; }
  JsonBuilder& b() { return *extra_; }

  /// A value of the top-level member key_ (or the body itself, at depth 0).
  bool member(JsonType type, bool whole) {
    if (depth_ == 0) return refuse("the body is not a JSON object");
    if (const char* wanted = cursor_member_rule(key_, type, whole)) {
      return refuse("\"" + key_ + "\" is not " + wanted);
    }
    return true;
  }
  bool whole_number(bool non_negative, std::uint64_t v) {
    if (!member(JsonType::number, non_negative)) return false;
    if (key_ == "count") meta_.count = static_cast<std::int64_t>(v);
    if (key_ == "nextBatchId") meta_.next_batch_id = std::to_string(v);
    return true;
  }
  bool refuse(std::string what) {
    error_ = "malformed cursor body: " + what;
    return false;
  }

  template <class F, class G>
  bool value(F&& to_elements, G&& to_extra) {
    if (depth_ == 0) return refuse("the body is not a JSON object");
    if (mode_ == Mode::result) return to_elements(elements_);
    if (mode_ == Mode::extra) to_extra();
    return true;
  }

  bool open(bool object) {
    if (depth_ == 0 && !object) return refuse("the body is not a JSON object");
    if (depth_ == 1 && !member(object ? JsonType::object : JsonType::array, false)) return false;
    ++depth_;
    if (depth_ == 2) {
      if (key_ == "result") {
        has_result = true;
        mode_ = Mode::result;
        return true;  // the array itself is not an element
      }
      if (key_ == "extra") {
        mode_ = Mode::extra;
        extra_.emplace();
      } else {
        mode_ = Mode::skip;
      }
    }
    if (mode_ == Mode::result) return object ? elements_.on_start_object() : elements_.on_start_array();
    if (mode_ == Mode::extra) object ? b().begin_object() : b().begin_array();
    return true;
  }

  bool close(bool object, std::size_t n) {
    --depth_;
    bool ok = true;
    if (depth_ == 1) {
      if (mode_ == Mode::extra) {
        object ? b().end_object() : b().end_array();
        meta_.extra = Json(extra_->finish());
        extra_.reset();
      }
      mode_ = Mode::none;
      return true;
    }
    if (mode_ == Mode::result) ok = object ? elements_.on_end_object(n) : elements_.on_end_array(n);
    if (mode_ == Mode::extra) object ? b().end_object() : b().end_array();
    return ok;
  }

  CursorMeta& meta_;
  JsonHandler& elements_;
  std::string key_;
  std::string error_;
  int depth_ = 0;
  Mode mode_ = Mode::none;
  std::optional<JsonBuilder> extra_;
};

}  // namespace

void parse_cursor_body(std::string& body, CursorMeta& meta, JsonHandler& elements) {
  meta = CursorMeta{};
  CursorRouter router(meta, elements);
  // In place, SSE2 string scans: a bounded stream over a view copied each string byte by byte
  // onto the reader's stack (about 2,100 of the 4,750 instructions per document a batch of
  // small documents took).
  try {
    parse_sax_in_place(body, router);
  } catch (const DeserializationError&) {
    if (!router.error().empty()) throw DeserializationError(router.error());
    throw;
  }
  check_cursor_envelope(router.has_result, router.has_has_more, meta);
}

CursorMeta cursor_meta(const Json& body) {
  if (!body.is_object()) malformed_cursor("the body is not a JSON object");
  for (auto [key, value] : body.members()) {
    const bool whole = value.is_integer() && value.as_double() >= 0 && value.as_double() < 9223372036854775807.0;
    if (const char* wanted = cursor_member_rule(key, value.type(), whole)) {
      malformed_cursor("\"" + std::string(key) + "\" is not " + wanted);
    }
  }
  CursorMeta meta;
  meta.id = optional_string(body["id"]);
  meta.has_more = body["hasMore"].bool_or(false);
  meta.count = optional_int(body["count"]);
  meta.cached = body["cached"].bool_or(false);
  if (body["nextBatchId"].is_integer()) {
    meta.next_batch_id = std::to_string(body["nextBatchId"].as_uint64());
  } else {
    meta.next_batch_id = optional_string(body["nextBatchId"]);
  }
  if (body.contains("extra")) meta.extra = body.get("extra");
  check_cursor_envelope(body.contains("result"), body.contains("hasMore"), meta);
  return meta;
}

void check_next_batch(const CursorMeta& before, const CursorMeta& after, std::size_t received) {
  if (before.id && after.id && *before.id != *after.id) {
    malformed_cursor("the fetch of cursor " + *before.id + " was answered by cursor " + *after.id);
  }
  if (after.has_more && before.next_batch_id && after.next_batch_id && *before.next_batch_id == *after.next_batch_id) {
    malformed_cursor("the fetch of batch " + *before.next_batch_id + " was answered with the same \"nextBatchId\"");
  }
  if (before.count && received > static_cast<std::size_t>(*before.count)) {
    malformed_cursor("the server sent " + std::to_string(received) + " documents for a cursor whose \"count\" is " +
                     std::to_string(*before.count));
  }
}

namespace ops {

Request cursor_fetch_request(const std::string& id, const std::optional<std::string>& batch_id) {
  std::string path = "/_api/cursor/" + encode_path_segment(id);
  if (batch_id) path += "/" + encode_path_segment(*batch_id);
  return Request{Method::POST, std::move(path)};
}

Operation<bool> cursor_close(const std::string& id, bool ignore_missing) {
  return {Request{Method::DELETE, "/_api/cursor/" + encode_path_segment(id)}, [ignore_missing](Response& r) {
            if (ignore_missing && r.status_code == 404) return false;
            require_success<CursorCloseError>(r);
            return true;
          }};
}

}  // namespace ops
}  // namespace detail
}  // namespace v1
}  // namespace arango
