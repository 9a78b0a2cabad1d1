// Small helpers shared by the operation decoders.
#pragma once

#include <arango/detail/operation.hpp>
#include <arango/exceptions.hpp>
#include <arango/json.hpp>
#include <arango/types.hpp>

#include <optional>
#include <string>
#include <vector>

namespace arango::detail {

/// Throws E unless the response is a 2xx.
template <class E>
void require_success(Response& response, std::string_view message = {}) {
  if (!response.is_success) raise_from<E>(response, message);
}

/// The body as a DOM (the response's body buffer moves into it).
inline Json body_json(Response& response) { return Json::parse(std::move(response.raw_body)); }

inline std::vector<std::string> string_list(JsonView v) {
  if (!v.is_array()) throw DeserializationError("expected an array of strings");
  std::vector<std::string> out;
  out.reserve(v.size());
  for (JsonView item : v.elements()) out.emplace_back(item.as_string());
  return out;
}

inline std::optional<std::string> optional_string(JsonView v) {
  if (v.is_string()) return std::string(v.as_string());
  return std::nullopt;
}

inline std::optional<ReplicationFactor> replication_factor(JsonView v) {
  if (v.is_string()) return ReplicationFactor(std::string(v.as_string()));
  if (v.is_integer()) return ReplicationFactor(v.as_int64());
  return std::nullopt;
}

inline const char* bool_param(bool b) { return b ? "true" : "false"; }

}  // namespace arango::detail
