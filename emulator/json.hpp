// Small JSON helpers on top of RapidJSON.
//
// JsonWriter emits compact JSON in exactly the order the calls are made, which
// is how the emulator reproduces arangod's key order byte for byte.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <rapidjson/document.h>

namespace emu {

class JsonWriter {
 public:
  JsonWriter();
  ~JsonWriter();
  JsonWriter(JsonWriter const&) = delete;
  JsonWriter& operator=(JsonWriter const&) = delete;

  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view k);
  JsonWriter& string(std::string_view v);
  JsonWriter& boolean(bool v);
  JsonWriter& null();
  JsonWriter& int64(std::int64_t v);
  JsonWriter& uint64(std::uint64_t v);
  JsonWriter& number(double v);
  // Writes an already serialised JSON value (must be valid, compact JSON).
  JsonWriter& raw(std::string_view json);
  // Writes a parsed value (object keys keep their order).
  JsonWriter& value(rapidjson::Value const& v);

  // key(k) followed by a value.
  JsonWriter& kv(std::string_view k, std::string_view v) { return key(k).string(v); }
  JsonWriter& kv(std::string_view k, char const* v) { return key(k).string(v); }
  JsonWriter& kv(std::string_view k, bool v) { return key(k).boolean(v); }
  JsonWriter& kv(std::string_view k, int v) { return key(k).int64(v); }
  JsonWriter& kv(std::string_view k, std::int64_t v) { return key(k).int64(v); }
  JsonWriter& kv(std::string_view k, std::uint64_t v) { return key(k).uint64(v); }
  JsonWriter& kv(std::string_view k, double v) { return key(k).number(v); }

  // The JSON text written so far.
  std::string str() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Result of parsing a request body.
struct JsonParseResult {
  std::unique_ptr<rapidjson::Document> doc;  // set on success
  std::string error;                          // VPack-style message on failure
  bool ok() const { return doc != nullptr; }
};

// velocypack's nesting limit for arrays and objects (arangod: "slightly below 200"); a deeper
// input fails with "Too deep nesting in Array/Object".
inline constexpr int kMaxJsonNesting = 199;

// Offset of the first '[' or '{' of `text` that opens a level deeper than max_depth (strings
// skipped), or npos. A linear scan without recursion: run it before any recursive parse.
std::size_t json_too_deep_at(std::string_view text, int max_depth = kMaxJsonNesting);

// Parses JSON text. Rejects invalid UTF-8, trailing garbage, empty input and nesting deeper
// than kMaxJsonNesting (checked before parsing, so no depth can exhaust the stack).
// On failure, `error` mimics the text arangod puts after "VPackError error: ".
JsonParseResult parse_json(std::string_view text);

// Serialises a parsed value compactly (keys in document order).
std::string to_json(rapidjson::Value const& v);

// Convenience accessors for parsed objects (nullptr when absent).
rapidjson::Value const* member(rapidjson::Value const& obj, std::string_view name);

}  // namespace emu
