// Cluster API (the seed's arangoasync.cluster.Cluster): health, endpoints, server id and role,
// maintenance modes and shard rebalancing. A single server answers most calls with an error.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <arango/async.hpp>
#include <arango/detail/ops_cluster.hpp>
#include <arango/executor.hpp>
#include <arango/export.hpp>

namespace arango {
inline namespace v1 ARANGO_API {

/// Cluster administration. Taking one makes no request.
template <class Executor = DefaultApiExecutor>
class Cluster : public CallSettings<Cluster<Executor>> {
  friend class CallSettings<Cluster<Executor>>;

 public:
  /// A handle on the executor's database (nothing is sent; BasicDatabase::cluster makes one).
  explicit Cluster(Executor executor) : executor_(std::move(executor)) {}

  /// "default", "transaction" or "async".
  std::string_view context() const noexcept { return executor_.context(); }

  /// The cluster's health (`ClusterId`, `Health` by server id): Json. ClusterHealthError.
  template <class Token = UseFuture>
  auto health(Token&& token = {}) const {
    return executor_.run(detail::ops::cluster_health(), std::forward<Token>(token), "health");
  }
  /// Statistics of one DB-Server: Json. ClusterStatisticsError.
  template <class Token = UseFuture>
  auto statistics(const std::string& db_server, Token&& token = {}) const {
    return executor_.run(detail::ops::cluster_statistics(db_server), std::forward<Token>(token), "statistics");
  }
  /// The coordinators' endpoints ("tcp://host:port"): std::vector<std::string>. ClusterEndpointsError.
  template <class Token = UseFuture>
  auto endpoints(Token&& token = {}) const {
    return executor_.run(detail::ops::cluster_endpoints(), std::forward<Token>(token), "endpoints");
  }
  /// This server's id: std::string. ClusterServerIDError.
  template <class Token = UseFuture>
  auto server_id(Token&& token = {}) const {
    return executor_.run(detail::ops::cluster_server_id(), std::forward<Token>(token), "server_id");
  }
  /// This server's role (SINGLE, COORDINATOR, PRIMARY, ...): std::string. ClusterServerRoleError.
  template <class Token = UseFuture>
  auto server_role(Token&& token = {}) const {
    return executor_.run(detail::ops::cluster_server_role(), std::forward<Token>(token), "server_role");
  }
  /// Supervision maintenance mode "on" / "off": Json. ClusterMaintenanceModeError.
  template <class Token = UseFuture>
  auto toggle_maintenance_mode(const std::string& mode, Token&& token = {}) const {
    return executor_.run(detail::ops::cluster_toggle_maintenance(mode), std::forward<Token>(token), "toggle_maintenance_mode");
  }
  /// A DB-Server's maintenance status (`{}` when none, else Mode and Until): Json.
  /// ClusterMaintenanceModeError.
  template <class Token = UseFuture>
  auto server_maintenance_mode(const std::string& server_id, Token&& token = {}) const {
    return executor_.run(detail::ops::cluster_server_maintenance(server_id), std::forward<Token>(token), "server_maintenance_mode");
  }
  /// Puts a DB-Server into "maintenance" (for `timeout` seconds) or back to "normal": void.
  /// ClusterMaintenanceModeError.
  template <class Token = UseFuture>
  auto toggle_server_maintenance_mode(const std::string& server_id, const std::string& mode,
                                      std::optional<std::int64_t> timeout = std::nullopt,
                                      Token&& token = {}) const {
    return executor_.run(detail::ops::cluster_toggle_server_maintenance(server_id, mode, timeout),
                         std::forward<Token>(token), "toggle_server_maintenance_mode");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// toggle_server_maintenance_mode() with timeout left at the default: the token follows.
  template <detail::TokenSkipping<std::optional<std::int64_t>> Token>
  auto toggle_server_maintenance_mode(const std::string& server_id, const std::string& mode, Token&& token) const {
    return this->toggle_server_maintenance_mode(server_id, mode, std::nullopt, std::forward<Token>(token));
  }
  //}
  /// The current shard imbalance (`leader`, `shards`, `pendingMoveShards`, `todoMoveShards`):
  /// Json. ClusterRebalanceError.
  template <class Token = UseFuture>
  auto calculate_imbalance(Token&& token = {}) const {
    return executor_.run(detail::ops::cluster_imbalance(), std::forward<Token>(token), "calculate_imbalance");
  }
  /// A plan of moves (`imbalanceBefore`, `imbalanceAfter`, `moves`): Json. ClusterRebalanceError.
  template <class Token = UseFuture>
  auto calculate_rebalance_plan(const RebalanceOptions& options = {}, Token&& token = {}) const {
    return executor_.run(detail::ops::cluster_rebalance_plan(options), std::forward<Token>(token), "calculate_rebalance_plan");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// calculate_rebalance_plan() with options left at the default: the token follows.
  template <detail::TokenSkipping<const RebalanceOptions&> Token>
  auto calculate_rebalance_plan(Token&& token) const {
    return this->calculate_rebalance_plan({}, std::forward<Token>(token));
  }
  //}
  /// Computes a plan and executes it: Json (the plan). ClusterRebalanceError.
  template <class Token = UseFuture>
  auto rebalance(const RebalanceOptions& options = {}, Token&& token = {}) const {
    return executor_.run(detail::ops::cluster_rebalance(options), std::forward<Token>(token), "rebalance");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// rebalance() with options left at the default: the token follows.
  template <detail::TokenSkipping<const RebalanceOptions&> Token>
  auto rebalance(Token&& token) const {
    return this->rebalance({}, std::forward<Token>(token));
  }
  //}
  /// Executes the moves of a plan: std::int64_t, the answer's code (202: scheduled, 200: nothing
  /// to do). ClusterRebalanceError.
  template <class Token = UseFuture>
  auto execute_rebalance_plan(const JsonInput& moves, std::int64_t version = 1, Token&& token = {}) const {
    return executor_.run(detail::ops::cluster_execute_rebalance_plan(moves, version), std::forward<Token>(token), "execute_rebalance_plan");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// execute_rebalance_plan() with version left at the default: the token follows.
  template <detail::TokenSkipping<std::int64_t> Token>
  auto execute_rebalance_plan(const JsonInput& moves, Token&& token) const {
    return this->execute_rebalance_plan(moves, 1, std::forward<Token>(token));
  }
  //}

 private:
  Executor executor_;
};

}  // namespace v1
}  // namespace arango
