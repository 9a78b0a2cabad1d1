// Option structs (the seed's keyword arguments; field names are the seed's parameter names,
// std::optional meaning "not sent: server default") and typed results.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <arango/json.hpp>

namespace arango {
inline namespace v1 {

/// A replication factor: a number, or "satellite".
using ReplicationFactor = std::variant<std::int64_t, std::string>;

/// A user as the seed's UserInfo describes one.
struct UserInfo {
  std::string user{};
  std::optional<std::string> password{};
  bool active = true;
  std::optional<Json> extra{};
};

struct CreateDatabaseOptions {
  /// Users to create with access to the new database (seed: list of UserInfo or dicts).
  std::vector<UserInfo> users{};
  std::optional<ReplicationFactor> replication_factor{};
  std::optional<std::int64_t> write_concern{};
  /// "" / "flexible" / "single" (cluster only).
  std::optional<std::string> sharding{};
};

struct DeleteDatabaseOptions {
  /// Deliver false instead of failing when the database does not exist.
  bool ignore_missing = false;
};

struct VersionOptions {
  /// Include the server's details object.
  bool details = false;
};

/// GET /_api/database/current (the seed's DatabaseProperties).
struct DatabaseProperties {
  std::string name{};
  std::string id{};
  std::optional<std::string> path{};  ///< gone in ArangoDB 4.0
  bool is_system = false;
  std::optional<std::string> sharding{};
  std::optional<ReplicationFactor> replication_factor{};
  std::optional<std::int64_t> write_concern{};
  Json raw{};  ///< the whole "result" object
};

/// GET /_admin/status (the seed's ServerStatusInformation).
struct ServerStatusInformation {
  std::string server{};
  std::string version{};
  std::int64_t pid = 0;
  std::string license{};
  std::string mode{};
  std::string operation_mode{};
  bool foxx_api = false;
  std::string host{};
  std::optional<std::string> hostname{};
  Json server_info{};
  Json coordinator{};
  Json agency{};
  Json raw{};  ///< the whole body
};

}  // namespace v1
}  // namespace arango
