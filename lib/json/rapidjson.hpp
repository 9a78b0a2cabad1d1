// The one way the library includes RapidJSON: misuse of a writer throws instead of aborting.
#pragma once

#include <stdexcept>

namespace arango::detail {
struct RapidJsonAssertion : std::logic_error {
  using std::logic_error::logic_error;
};
}  // namespace arango::detail

#ifndef RAPIDJSON_ASSERT
#define RAPIDJSON_ASSERT(x) \
  ((x) ? static_cast<void>(0) : throw ::arango::detail::RapidJsonAssertion("JSON writer misuse: " #x))
#endif
#define RAPIDJSON_HAS_STDSTRING 1

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace arango::detail {
inline constexpr unsigned kParseFlags = rapidjson::kParseFullPrecisionFlag;

inline const rapidjson::Value* rj(const JsonNode* node) noexcept {
  return reinterpret_cast<const rapidjson::Value*>(node);
}
inline const JsonNode* node_of(const rapidjson::Value* value) noexcept {
  return reinterpret_cast<const JsonNode*>(value);
}
}  // namespace arango::detail
