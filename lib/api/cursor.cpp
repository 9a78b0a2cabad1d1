// Cursor bodies read in one SAX pass, and the cursor requests (endpoints-core.md §10, S5).
#include <arango/detail/ops_cursor.hpp>
#include <arango/errno.hpp>

#include "decode.hpp"

namespace arango {
inline namespace v1 {
namespace detail {
namespace {

/// Routes the events of a cursor body: envelope fields into CursorMeta, "extra" into a
/// JsonBuilder, elements of "result" to the element handler.
class CursorRouter final : public JsonHandler {
 public:
  CursorRouter(CursorMeta& meta, JsonHandler& elements) : meta_(meta), elements_(elements) {}

  bool on_null() override { return value([&](JsonHandler& h) { return h.on_null(); }, [&] { b().null(); }); }
  bool on_bool(bool v) override {
    if (top()) {
      if (key_ == "hasMore") meta_.has_more = v;
      if (key_ == "cached") meta_.cached = v;
      return true;
    }
    return value([&](JsonHandler& h) { return h.on_bool(v); }, [&] { b().boolean(v); });
  }
  bool on_int64(std::int64_t v) override {
    if (top() && key_ == "count") meta_.count = v;
    return value([&](JsonHandler& h) { return h.on_int64(v); }, [&] { b().int64(v); });
  }
  bool on_uint64(std::uint64_t v) override {
    if (top() && key_ == "count") meta_.count = static_cast<std::int64_t>(v);
    return value([&](JsonHandler& h) { return h.on_uint64(v); }, [&] { b().uint64(v); });
  }
  bool on_double(double v) override { return value([&](JsonHandler& h) { return h.on_double(v); }, [&] { b().number(v); }); }
  bool on_string(std::string_view v) override {
    if (top()) {
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

  template <class F, class G>
  bool value(F&& to_elements, G&& to_extra) {
    if (mode_ == Mode::result) return to_elements(elements_);
    if (mode_ == Mode::extra) to_extra();
    return true;
  }

  bool open(bool object) {
    ++depth_;
    if (depth_ == 2) {
      if (key_ == "result" && !object) {
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
  parse_sax_in_place(body, router);
}

CursorMeta cursor_meta(const Json& body) {
  CursorMeta meta;
  meta.id = optional_string(body["id"]);
  meta.has_more = body["hasMore"].bool_or(false);
  meta.count = optional_int(body["count"]);
  meta.cached = body["cached"].bool_or(false);
  meta.next_batch_id = optional_string(body["nextBatchId"]);
  if (body.contains("extra")) meta.extra = body.get("extra");
  return meta;
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
