// Replication: request builders and decoders (/_api/replication/*, in the handle's database).
#include <arango/detail/ops_replication.hpp>
#include <arango/exceptions.hpp>

#include "decode.hpp"

namespace arango {
inline namespace v1 {
namespace detail::ops {
namespace {

template <class Error>
Operation<Json> whole_body(const char* path, Params params = {}) {
  return {Request{Method::GET, path, std::move(params)}, [](Response& r) {
            require_success<Error>(r);
            return body_json(r);
          }};
}

}  // namespace

Operation<Json> replication_inventory(const std::string& batch_id, const ReplicationInventoryOptions& options) {
  Params params{{"batchId", batch_id}};
  add_bool(params, "includeSystem", options.include_system);
  add_bool(params, "global", options.all_databases);
  add_bool(params, "collection", options.collection);
  add_string(params, "DBserver", options.db_server);
  return whole_body<ReplicationInventoryError>("/_api/replication/inventory", std::move(params));
}

Operation<std::string> replication_dump(const std::string& collection, const ReplicationDumpOptions& options) {
  Params params{{"collection", collection}};
  add_string(params, "batchId", options.batch_id);
  if (options.chunk_size) params.emplace_back("chunkSize", std::to_string(*options.chunk_size));
  return {Request{Method::GET, "/_api/replication/dump", std::move(params)}, [](Response& r) {
            require_success<ReplicationDumpError>(r);
            return std::move(r.raw_body);
          }};
}

Operation<Json> replication_cluster_inventory(std::optional<bool> include_system) {
  Params params;
  add_bool(params, "includeSystem", include_system);
  return whole_body<ReplicationClusterInventoryError>("/_api/replication/clusterInventory", std::move(params));
}

Operation<Json> replication_logger_state() {
  return whole_body<ReplicationLoggerStateError>("/_api/replication/logger-state");
}

// The applier and server-id APIs are among the obsolete replication APIs ArangoDB 4.0 removed:
// against a 4.x server they fail before sending (UnsupportedServerAPIError).
Operation<Json> replication_applier_config() {
  return removed_in_v4(whole_body<ReplicationApplierConfigError>("/_api/replication/applier-config"));
}

Operation<Json> replication_applier_state() {
  return removed_in_v4(whole_body<ReplicationApplierStateError>("/_api/replication/applier-state"));
}

Operation<std::string> replication_server_id() {
  return removed_in_v4(Operation<std::string>{Request{Method::GET, "/_api/replication/server-id"}, [](Response& r) {
            require_success<ReplicationServerIDError>(r);
            Json body = body_json(r);
            JsonView id = body.view()["serverId"];
            if (id.is_string()) return std::string(id.as_string());
            if (id.is_integer()) return std::to_string(id.as_int64());
            throw DeserializationError("replication server-id: no serverId");
          }});
}

}  // namespace detail::ops
}  // namespace v1
}  // namespace arango
