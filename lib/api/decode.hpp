// Small helpers shared by the operation decoders.
#pragma once

#include <arango/detail/operation.hpp>
#include <arango/exceptions.hpp>
#include <arango/json.hpp>
#include <arango/types.hpp>

#include <optional>
#include <string>
#include <vector>

namespace arango::inline v1::detail {

/// The body as a DOM (the response's body buffer moves into it).
inline Json body_json(Response& response) { return Json::parse(std::move(response.raw_body)); }

/// An object without the envelope's "error" and "code" (what the seed's format_body strips).
inline Json without_envelope(const Json& body) {
  if (!body.is_object() || (!body.contains("error") && !body.contains("code"))) return body;
  JsonBuilder b;
  b.begin_object();
  for (auto [key, value] : body.members()) {
    if (key == "error" || key == "code") continue;
    b.key(key);
    value.write(b);
  }
  b.end_object();
  return Json(b.finish());
}

/// `object[key]` when it is a string, nullopt when absent; DeserializationError naming `what`
/// (the answer being read) and the member when it is anything else.
inline std::optional<std::string_view> string_member(JsonView object, std::string_view key, std::string_view what) {
  JsonView v = object[key];
  if (!v.exists()) return std::nullopt;
  if (!v.is_string()) {
    throw DeserializationError(std::string(what) + ": \"" + std::string(key) + "\" is not a string");
  }
  return v.as_string();
}

/// The same for a member that must be there.
inline std::string_view required_string(JsonView object, std::string_view key, std::string_view what) {
  if (auto v = string_member(object, key, what)) return *v;
  throw DeserializationError(std::string(what) + ": \"" + std::string(key) + "\" is missing");
}

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

/// Adds a boolean query parameter when it is set.
inline void add_bool(Params& params, const char* name, const std::optional<bool>& value) {
  if (value) params.emplace_back(name, bool_param(*value));
}

/// Adds a string query parameter when it is set.
inline void add_string(Params& params, const char* name, const std::optional<std::string>& value) {
  if (value) params.emplace_back(name, *value);
}

inline void write_replication_factor(JsonWriter& w, const ReplicationFactor& rf) {
  if (const auto* n = std::get_if<std::int64_t>(&rf)) {
    w.int64(*n);
  } else {
    w.string(std::get<std::string>(rf));
  }
}

inline void write_value(JsonWriter& w, bool v) { w.boolean(v); }
inline void write_value(JsonWriter& w, std::int64_t v) { w.int64(v); }
inline void write_value(JsonWriter& w, double v) { w.number(v); }
inline void write_value(JsonWriter& w, const std::string& v) { w.string(v); }
inline void write_value(JsonWriter& w, const Json& v) { v.write(w); }
inline void write_value(JsonWriter& w, const ReplicationFactor& v) { write_replication_factor(w, v); }
inline void write_value(JsonWriter& w, const std::vector<std::string>& v) {
  w.begin_array();
  for (const std::string& s : v) w.string(s);
  w.end_array();
}

/// Writes `"key": value` when the optional is set (the "not sent" rule of every option struct).
template <class T>
void put_if(JsonWriter& w, std::string_view key, const std::optional<T>& value) {
  if (!value) return;
  w.key(key);
  write_value(w, *value);
}

inline std::optional<bool> optional_bool(JsonView v) {
  if (v.is_bool()) return v.as_bool();
  return std::nullopt;
}

inline std::optional<std::int64_t> optional_int(JsonView v) {
  if (v.is_integer()) return v.as_int64();
  return std::nullopt;
}

}  // namespace arango::detail
