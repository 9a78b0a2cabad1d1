#include <arango/json.hpp>
#include <arango/document.hpp>

#include <arango/client_exceptions.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>

#include "guard.hpp"
#include "rapidjson.hpp"

namespace arango {
inline namespace v1 {
namespace detail {
namespace {

/// A parsed document and the buffer its strings point into (in-situ parse). The value pool's
/// first chunk is sized by the text instead of RapidJSON's fixed 64 KiB, so that parsing the
/// small bodies of single-document calls does not allocate and free 64 KiB each time.
struct JsonDoc {
  explicit JsonDoc(std::size_t text_size = 0)
      : pool(std::clamp<std::size_t>(text_size * 2, 256, std::size_t(64) << 10), &crt), doc(&pool, kParseStackCapacity) {}
  static constexpr std::size_t kParseStackCapacity = 256;  // grows as deep nesting needs
  static inline rapidjson::CrtAllocator crt;  // stateless; shared instead of one new one per pool
  std::string buffer;
  rapidjson::MemoryPoolAllocator<> pool;
  rapidjson::Document doc;
};

std::shared_ptr<const JsonDoc> null_doc() {
  static const std::shared_ptr<const JsonDoc> doc = [] {
    auto d = std::make_shared<JsonDoc>();
    d->doc.SetNull();
    return std::shared_ptr<const JsonDoc>(std::move(d));
  }();
  return doc;
}

[[noreturn]] void parse_failure(rapidjson::ParseErrorCode code, std::size_t offset) {
  throw DeserializationError(std::string("invalid JSON: ") + rapidjson::GetParseError_En(code) +
                             " (at offset " + std::to_string(offset) + ")");
}

[[noreturn]] void type_mismatch(const char* wanted) {
  throw DeserializationError(std::string("JSON value is not ") + wanted);
}

/// RapidJSON's writer with its own string output: a string with nothing to escape is copied
/// whole, one with something to escape is copied in runs between the escapes, and raw JSON is
/// copied whole. It also keeps strings away from RapidJSON's SSE2 escaping scan, which in the
/// RapidJSON Debian ships compares against 0x19 instead of 0x1F and so writes bytes 0x1A-0x1F
/// (ESC among them) unescaped: invalid JSON that a server refuses. Json::dump and Value::Accept
/// reach these overloads too, since Accept calls the handler's String and Key.
/// RapidJSON's default allocator, stateless, for every reader stack, writer stack and string
/// buffer: given none, each of them allocates an allocator object of its own on first use (two
/// extra allocations per builder, one per parse).
inline rapidjson::CrtAllocator crt_allocator;

class BulkWriter : public rapidjson::Writer<rapidjson::StringBuffer> {
 public:
  using Writer::Writer;

  bool String(std::string_view s) {
    Prefix(rapidjson::kStringType);
    const char* p = s.data();
    const char* const end = p + s.size();
    const char* stop = find_json_string_stop(p, end);
    if (stop == end) {
      char* out = os_->Push(s.size() + 2);
      out[0] = '"';
      if (!s.empty()) std::memcpy(out + 1, p, s.size());
      out[s.size() + 1] = '"';
      return EndValue(true);
    }
    os_->Put('"');
    for (;;) {
      if (stop != p) std::memcpy(os_->Push(std::size_t(stop - p)), p, std::size_t(stop - p));
      if (stop == end) break;
      escape(static_cast<unsigned char>(*stop));
      p = stop + 1;
      stop = find_json_string_stop(p, end);
    }
    os_->Put('"');
    return EndValue(true);
  }
  bool String(const char* s, rapidjson::SizeType n, bool = false) { return String(std::string_view(s, n)); }
  bool Key(const char* s, rapidjson::SizeType n, bool = false) { return String(std::string_view(s, n)); }
  bool Raw(std::string_view json, rapidjson::Type type) {
    if (json.find('\0') != std::string_view::npos) rapidjson_assertion_failed("raw JSON holds a NUL byte");
    Prefix(type);
    if (!json.empty()) std::memcpy(os_->Push(json.size()), json.data(), json.size());
    return EndValue(true);
  }

 private:
  /// One byte of kJsonStringStops as JSON writes it: the short escapes where JSON has one,
  /// otherwise \u00XX (upper-case hex, as RapidJSON writes it).
  void escape(unsigned char c) {
    char short_form = 0;
    switch (c) {
      case '"': short_form = '"'; break;
      case '\\': short_form = '\\'; break;
      case '\b': short_form = 'b'; break;
      case '\f': short_form = 'f'; break;
      case '\n': short_form = 'n'; break;
      case '\r': short_form = 'r'; break;
      case '\t': short_form = 't'; break;
      default: break;
    }
    if (short_form) {
      char* out = os_->Push(2);
      out[0] = '\\';
      out[1] = short_form;
      return;
    }
    static constexpr char kHex[] = "0123456789ABCDEF";
    char* out = os_->Push(6);
    std::memcpy(out, "\\u00", 4);
    out[4] = kHex[c >> 4];
    out[5] = kHex[c & 0xF];
  }
};

/// Replays RapidJSON SAX events into a JsonWriter.
struct ToWriter {
  JsonWriter& w;
  bool Null() { w.null(); return true; }
  bool Bool(bool b) { w.boolean(b); return true; }
  bool Int(int i) { w.int64(i); return true; }
  bool Uint(unsigned u) { w.uint64(u); return true; }
  bool Int64(std::int64_t i) { w.int64(i); return true; }
  bool Uint64(std::uint64_t u) { w.uint64(u); return true; }
  bool Double(double d) { w.number(d); return true; }
  bool RawNumber(const char* s, rapidjson::SizeType n, bool) { w.raw(std::string_view(s, n)); return true; }
  bool String(const char* s, rapidjson::SizeType n, bool) { w.string(std::string_view(s, n)); return true; }
  bool StartObject() { w.begin_object(); return true; }
  bool Key(const char* s, rapidjson::SizeType n, bool) { w.key(std::string_view(s, n)); return true; }
  bool EndObject(rapidjson::SizeType) { w.end_object(); return true; }
  bool StartArray() { w.begin_array(); return true; }
  bool EndArray(rapidjson::SizeType) { w.end_array(); return true; }
};

/// Forwards RapidJSON reader events to a JsonHandler.
struct ToHandler {
  JsonHandler& h;
  bool Null() { return h.on_null(); }
  bool Bool(bool b) { return h.on_bool(b); }
  bool Int(int i) { return h.on_int64(i); }
  bool Uint(unsigned u) { return h.on_uint64(u); }
  bool Int64(std::int64_t i) { return h.on_int64(i); }
  bool Uint64(std::uint64_t u) { return h.on_uint64(u); }
  bool Double(double d) { return h.on_double(d); }
  bool RawNumber(const char*, rapidjson::SizeType, bool) { return false; }
  bool String(const char* s, rapidjson::SizeType n, bool) { return h.on_string(std::string_view(s, n)); }
  bool StartObject() { return h.on_start_object(); }
  bool Key(const char* s, rapidjson::SizeType n, bool) { return h.on_key(std::string_view(s, n)); }
  bool EndObject(rapidjson::SizeType n) { return h.on_end_object(n); }
  bool StartArray() { return h.on_start_array(); }
  bool EndArray(rapidjson::SizeType n) { return h.on_end_array(n); }
};

}  // namespace

namespace {
template <unsigned Flags = kParseFlags, class Stream>
void parse_sax_from(Stream& stream, std::size_t size, JsonHandler& handler) {
  ReaderLease reader(size);
  ToHandler adapter{handler};
  Guard<ToHandler, (Flags & rapidjson::kParseInsituFlag) != 0> guard(adapter);
  rapidjson::ParseResult ok = reader->Parse<Flags>(stream, guard);
  if (!ok) {
    if (std::string why = guard_message(guard, ok.Offset()); !why.empty()) throw DeserializationError(why);
    if (ok.Code() == rapidjson::kParseErrorTermination) {
      throw DeserializationError("JSON rejected by the deserializer (at offset " +
                                 std::to_string(ok.Offset()) + ")");
    }
    parse_failure(ok.Code(), ok.Offset());
  }
}
}  // namespace

void parse_sax(std::string_view text, JsonHandler& handler) {
  rapidjson::MemoryStream stream(text.data(), text.size());
  parse_sax_from(stream, text.size(), handler);
}

void parse_sax(const std::string& text, JsonHandler& handler) {
  if (text.find('\0') != std::string::npos) {  // a NUL inside: only the bounded stream sees all of it
    parse_sax(std::string_view(text), handler);
    return;
  }
  // A std::string ends with a NUL: the reader's fast path for terminated text (SSE2 string
  // copies) applies.
  rapidjson::StringStream stream(text.c_str());
  parse_sax_from(stream, text.size(), handler);
}

void parse_sax_in_place(std::string& text, JsonHandler& handler) {
  if (text.find('\0') != std::string::npos) {  // a NUL inside: only the bounded stream sees all of it
    parse_sax(std::string_view(text), handler);
    return;
  }
  // Strings are decoded where they lie, instead of being copied onto the reader's stack (which
  // it allocates on the first one).
  rapidjson::InsituStringStream stream(text.data());
  parse_sax_from<kParseFlags | rapidjson::kParseInsituFlag>(stream, text.size(), handler);
}

void replay(JsonView value, JsonHandler& handler) {
  if (!value.exists()) {
    if (!handler.on_null()) throw DeserializationError("JSON rejected by the deserializer");
    return;
  }
  ToHandler adapter{handler};
  if (!rj(value.node())->Accept(adapter)) throw DeserializationError("JSON rejected by the deserializer");
}

void append_json_string(std::string& out, std::string_view s) {
  rapidjson::StringBuffer buffer;
  BulkWriter writer(buffer);
  writer.String(s);
  out.append(buffer.GetString(), buffer.GetSize());
}

}  // namespace detail

using detail::rj;

void set_json_utf8_validation(bool on) noexcept { detail::json_utf8_validation.store(on, std::memory_order_relaxed); }
bool json_utf8_validation() noexcept { return detail::json_utf8_validation.load(std::memory_order_relaxed); }

// ---- JsonView ---------------------------------------------------------------------------

JsonType JsonView::type() const noexcept {
  if (!node_) return JsonType::null;
  switch (rj(node_)->GetType()) {
    case rapidjson::kNullType: return JsonType::null;
    case rapidjson::kFalseType:
    case rapidjson::kTrueType: return JsonType::boolean;
    case rapidjson::kObjectType: return JsonType::object;
    case rapidjson::kArrayType: return JsonType::array;
    case rapidjson::kStringType: return JsonType::string;
    case rapidjson::kNumberType: return JsonType::number;
  }
  return JsonType::null;
}

bool JsonView::is_null() const noexcept { return !node_ || rj(node_)->IsNull(); }
bool JsonView::is_bool() const noexcept { return node_ && rj(node_)->IsBool(); }
bool JsonView::is_number() const noexcept { return node_ && rj(node_)->IsNumber(); }
bool JsonView::is_integer() const noexcept {
  return node_ && (rj(node_)->IsInt64() || rj(node_)->IsUint64());
}
bool JsonView::is_string() const noexcept { return node_ && rj(node_)->IsString(); }
bool JsonView::is_array() const noexcept { return node_ && rj(node_)->IsArray(); }
bool JsonView::is_object() const noexcept { return node_ && rj(node_)->IsObject(); }

JsonView JsonView::operator[](std::string_view key) const noexcept {
  if (!is_object()) return JsonView();
  const rapidjson::Value& v = *rj(node_);
  rapidjson::Value name(rapidjson::StringRef(key.data(), static_cast<rapidjson::SizeType>(key.size())));
  auto it = v.FindMember(name);
  if (it == v.MemberEnd()) return JsonView();
  return JsonView(detail::node_of(&it->value));
}

JsonView JsonView::operator[](std::size_t index) const noexcept {
  if (!is_array()) return JsonView();
  const rapidjson::Value& v = *rj(node_);
  if (index >= v.Size()) return JsonView();
  return JsonView(detail::node_of(&v[static_cast<rapidjson::SizeType>(index)]));
}

std::size_t JsonView::size() const noexcept {
  if (is_array()) return rj(node_)->Size();
  if (is_object()) return rj(node_)->MemberCount();
  return 0;
}

std::pair<std::string_view, JsonView> JsonView::member(std::size_t i) const noexcept {
  if (!is_object() || i >= rj(node_)->MemberCount()) return {};
  auto it = rj(node_)->MemberBegin() + static_cast<std::ptrdiff_t>(i);
  return {std::string_view(it->name.GetString(), it->name.GetStringLength()),
          JsonView(detail::node_of(&it->value))};
}

std::string_view JsonView::as_string() const {
  if (!is_string()) detail::type_mismatch("a string");
  return {rj(node_)->GetString(), rj(node_)->GetStringLength()};
}
bool JsonView::as_bool() const {
  if (!is_bool()) detail::type_mismatch("a boolean");
  return rj(node_)->GetBool();
}
std::int64_t JsonView::as_int64() const {
  if (!node_ || !rj(node_)->IsInt64()) {
    if (node_ && rj(node_)->IsDouble()) {
      double d = rj(node_)->GetDouble();
      if (std::trunc(d) == d && d >= -9.2233720368547758e18 && d < 9.2233720368547758e18) {
        return static_cast<std::int64_t>(d);
      }
    }
    detail::type_mismatch("an integer in the int64 range");
  }
  return rj(node_)->GetInt64();
}
std::uint64_t JsonView::as_uint64() const {
  if (!node_ || !rj(node_)->IsUint64()) detail::type_mismatch("an integer in the uint64 range");
  return rj(node_)->GetUint64();
}
double JsonView::as_double() const {
  if (!is_number()) detail::type_mismatch("a number");
  return rj(node_)->GetDouble();
}

std::string_view JsonView::string_or(std::string_view fallback) const noexcept {
  return is_string() ? std::string_view(rj(node_)->GetString(), rj(node_)->GetStringLength()) : fallback;
}
std::int64_t JsonView::int64_or(std::int64_t fallback) const noexcept {
  return (node_ && rj(node_)->IsInt64()) ? rj(node_)->GetInt64() : fallback;
}
bool JsonView::bool_or(bool fallback) const noexcept { return is_bool() ? rj(node_)->GetBool() : fallback; }

std::string JsonView::dump() const {
  if (!node_) return "null";
  rapidjson::StringBuffer buffer;
  detail::BulkWriter writer(buffer);
  rj(node_)->Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

void JsonView::write(JsonWriter& writer) const {
  if (!node_) {
    writer.null();
    return;
  }
  detail::ToWriter adapter{writer};
  rj(node_)->Accept(adapter);
}

bool operator==(JsonView a, JsonView b) noexcept {
  if (!a.node_ || !b.node_) return a.is_null() && b.is_null();
  return *rj(a.node_) == *rj(b.node_);
}

// ---- Json -------------------------------------------------------------------------------

Json::Json() {
  auto doc = detail::null_doc();
  const detail::JsonNode* node = detail::node_of(&doc->doc);
  *this = Json(std::shared_ptr<const void>(doc, doc.get()), node);
}

Json Json::parse(std::string text) {
  auto doc = std::make_shared<detail::JsonDoc>(text.size());
  doc->buffer = std::move(text);
  // The document's own ParseInsitu, with a Guard between the reader and the document.
  rapidjson::ParseResult ok;
  auto generate = [&](rapidjson::Document& d) {
    detail::Guard<rapidjson::Document, true> guard(d);
    rapidjson::InsituStringStream stream(doc->buffer.data());
    detail::ReaderLease reader(doc->buffer.size());
    ok = reader->Parse<detail::kParseFlags | rapidjson::kParseInsituFlag>(stream, guard);
    if (std::string why = detail::guard_message(guard, ok.Offset()); !why.empty()) throw DeserializationError(why);
    return !ok.IsError();
  };
  doc->doc.Populate(generate);
  if (ok.IsError()) detail::parse_failure(ok.Code(), ok.Offset());
  const detail::JsonNode* node = detail::node_of(&doc->doc);
  return Json(std::shared_ptr<const void>(std::move(doc)), node);
}

Json Json::copy(JsonView view) {
  // Through text: RapidJSON's CopyFrom would keep pointers into the source's in-situ buffer.
  return parse(view.dump());
}

Json Json::object(JsonMembers members) {
  std::string text = "{";
  bool first = true;
  for (const auto& [key, value] : members.items) {
    if (!first) text += ',';
    first = false;
    detail::append_json_string(text, key);
    text += ':';
    text += value.text();
  }
  text += '}';
  return parse(std::move(text));
}

Json Json::array(JsonElements elements) {
  std::string text = "[";
  bool first = true;
  for (const auto& value : elements.items) {
    if (!first) text += ',';
    first = false;
    text += value.text();
  }
  text += ']';
  return parse(std::move(text));
}

Json Json::get(std::string_view key) const { return Json(owner_, (*this)[key].node()); }
Json Json::get(std::size_t index) const { return Json(owner_, (*this)[index].node()); }

// ---- JsonLiteral ------------------------------------------------------------------------

JsonLiteral::JsonLiteral(double v) {
  if (!std::isfinite(v)) throw SerializationError("JSON cannot represent NaN or infinity");
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.Double(v);
  text_.assign(buffer.GetString(), buffer.GetSize());
}

JsonLiteral::JsonLiteral(std::string_view v) { detail::append_json_string(text_, v); }

// ---- JsonBuilder ------------------------------------------------------------------------

struct JsonBuilder::Impl {
  rapidjson::StringBuffer buffer{&detail::crt_allocator};
  detail::BulkWriter writer{buffer, &detail::crt_allocator};
};

namespace {
template <class F>
void guarded(F&& f) {
  bool ok = false;
  try {
    ok = f();
  } catch (const detail::RapidJsonAssertion& e) {
    throw SerializationError(e.what());
  }
  if (!ok) throw SerializationError("JSON writer refused the value");
}
}  // namespace

namespace {
/// The writer and buffer of the thread's last JsonBuilder, kept for its next: a new one
/// allocated the Impl, the buffer's first block and the writer's level stack (three
/// allocations for every request body). Only one whose buffer stayed small is kept.
constexpr std::size_t kMaxKeptBuilderBuffer = 16 << 10;
template <class Impl>
std::unique_ptr<Impl>& spare_builder() {
  thread_local std::unique_ptr<Impl> spare;
  return spare;
}
}  // namespace

JsonBuilder::JsonBuilder()
    : impl_(spare_builder<Impl>() ? std::move(spare_builder<Impl>()) : std::make_unique<Impl>()) {}
JsonBuilder::~JsonBuilder() {
  std::unique_ptr<Impl>& spare = spare_builder<Impl>();
  if (!impl_ || spare || impl_->buffer.stack_.GetCapacity() > kMaxKeptBuilderBuffer) return;
  impl_->buffer.Clear();
  impl_->writer.Reset(impl_->buffer);
  spare = std::move(impl_);
}
JsonBuilder::JsonBuilder(JsonBuilder&&) noexcept = default;
JsonBuilder& JsonBuilder::operator=(JsonBuilder&&) noexcept = default;

// Each event is one virtual call from the caller's to_json; flatten inlines everything beneath
// it (the writer's Prefix, the buffer's growth check, the string scan), which GCC otherwise keeps
// out of line. Serializing 1,000 small documents: about 68-85 us without it, 46 with it.
[[gnu::flatten]] void JsonBuilder::begin_object() { guarded([&] { return impl_->writer.StartObject(); }); }
[[gnu::flatten]] void JsonBuilder::end_object() { guarded([&] { return impl_->writer.EndObject(); }); }
[[gnu::flatten]] void JsonBuilder::begin_array() { guarded([&] { return impl_->writer.StartArray(); }); }
[[gnu::flatten]] void JsonBuilder::end_array() { guarded([&] { return impl_->writer.EndArray(); }); }
[[gnu::flatten]] void JsonBuilder::key(std::string_view name) {
  guarded([&] { return impl_->writer.String(name); });
}
[[gnu::flatten]] void JsonBuilder::null() { guarded([&] { return impl_->writer.Null(); }); }
[[gnu::flatten]] void JsonBuilder::boolean(bool value) { guarded([&] { return impl_->writer.Bool(value); }); }
[[gnu::flatten]] void JsonBuilder::int64(std::int64_t value) { guarded([&] { return impl_->writer.Int64(value); }); }
[[gnu::flatten]] void JsonBuilder::uint64(std::uint64_t value) { guarded([&] { return impl_->writer.Uint64(value); }); }
[[gnu::flatten]] void JsonBuilder::number(double value) {
  if (!std::isfinite(value)) throw SerializationError("JSON cannot represent NaN or infinity");
  guarded([&] { return impl_->writer.Double(value); });
}
[[gnu::flatten]] void JsonBuilder::string(std::string_view value) {
  guarded([&] { return impl_->writer.String(value); });
}
[[gnu::flatten]] void JsonBuilder::raw(std::string_view json) {
  guarded([&] {
    return impl_->writer.Raw(json, rapidjson::kObjectType);
  });
}
bool JsonBuilder::complete() const noexcept { return impl_->writer.IsComplete(); }
JsonText JsonBuilder::finish() {
  if (!complete()) throw SerializationError("JSON builder holds an incomplete value");
  JsonText text(std::string(impl_->buffer.GetString(), impl_->buffer.GetSize()));
  impl_->buffer.Clear();
  impl_->writer.Reset(impl_->buffer);
  return text;
}

}  // namespace v1
}  // namespace arango

void arango::detail::rapidjson_assertion_failed(const char* what) { throw RapidJsonAssertion(what); }
