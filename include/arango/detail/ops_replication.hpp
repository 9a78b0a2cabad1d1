// Replication (the seed's arangoasync.replication.Replication): options and the request
// builders + decoders (defined in lib/api/replication.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <arango/detail/operation.hpp>
#include <arango/export.hpp>
#include <arango/json.hpp>

namespace arango {
inline namespace v1 ARANGO_API {

/// Replication::inventory's optional parameters; unset ones are not sent.
struct ReplicationInventoryOptions {
  std::optional<bool> include_system{};  ///< includeSystem
  std::optional<bool> all_databases{};   ///< global (only on _system)
  std::optional<bool> collection{};      ///< as the seed: sent as collection=true/false
  std::optional<std::string> db_server{};  ///< DBserver (coordinators)
};

/// Replication::dump's optional parameters.
struct ReplicationDumpOptions {
  std::optional<std::string> batch_id{};   ///< batchId
  std::optional<std::int64_t> chunk_size{};  ///< chunkSize (bytes, approximate)
};

namespace detail::ops {

Operation<Json> replication_inventory(const std::string& batch_id, const ReplicationInventoryOptions& options);
/// The dump as the server sends it (JSON lines, one document event a line).
Operation<std::string> replication_dump(const std::string& collection, const ReplicationDumpOptions& options);
Operation<Json> replication_cluster_inventory(std::optional<bool> include_system);
Operation<Json> replication_logger_state();
Operation<Json> replication_applier_config();
Operation<Json> replication_applier_state();
Operation<std::string> replication_server_id();

}  // namespace detail::ops
}  // namespace v1
}  // namespace arango
