// Cluster administration (the seed's arangoasync.cluster.Cluster): options and the request
// builders + decoders (defined in lib/api/cluster.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <arango/detail/operation.hpp>
#include <arango/export.hpp>
#include <arango/json.hpp>

namespace arango {
inline namespace v1 ARANGO_API {

/// Cluster::calculate_rebalance_plan / rebalance; unset ones are not sent.
struct RebalanceOptions {
  /// databasesExcluded: databases whose shards stay where they are.
  std::optional<std::vector<std::string>> databases_excluded{};
  /// excludeSystemCollections: leave the system collections' shards alone.
  std::optional<bool> exclude_system_collections{};
  /// leaderChanges: allow moves that swap a shard's leader with one of its followers.
  std::optional<bool> leader_changes{};
  /// maximumNumberOfMoves: the most shard moves the plan may hold.
  std::optional<std::int64_t> maximum_number_of_moves{};
  /// moveFollowers: allow moving follower shards to other DB-servers.
  std::optional<bool> move_followers{};
  /// moveLeaders: allow moving leader shards to other DB-servers.
  std::optional<bool> move_leaders{};
  /// piFactor: the weight of a collection's shard count in the imbalance score.
  std::optional<double> pi_factor{};
  std::int64_t version = 1;  ///< the API version: must be 1
};

namespace detail::ops {

Operation<Json> cluster_health();
Operation<Json> cluster_statistics(const std::string& db_server);
Operation<std::vector<std::string>> cluster_endpoints();
Operation<std::string> cluster_server_id();
Operation<std::string> cluster_server_role();
Operation<Json> cluster_toggle_maintenance(const std::string& mode);
Operation<Json> cluster_server_maintenance(const std::string& server_id);
Operation<void> cluster_toggle_server_maintenance(const std::string& server_id, const std::string& mode,
                                                  std::optional<std::int64_t> timeout);
Operation<Json> cluster_imbalance();
Operation<Json> cluster_rebalance_plan(const RebalanceOptions& options);
Operation<Json> cluster_rebalance(const RebalanceOptions& options);
Operation<std::int64_t> cluster_execute_rebalance_plan(const JsonInput& moves, std::int64_t version);

}  // namespace detail::ops
}  // namespace v1
}  // namespace arango
