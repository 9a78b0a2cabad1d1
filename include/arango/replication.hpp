// Replication API (the seed's arangoasync.replication.Replication): inventory, dump, logger and
// applier state, server id.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <arango/async.hpp>
#include <arango/detail/ops_replication.hpp>
#include <arango/executor.hpp>
#include <arango/export.hpp>

namespace arango {
inline namespace v1 ARANGO_API {

/// Replication of the handle's database. Taking one makes no request.
template <class Executor = DefaultApiExecutor>
class Replication : public CallSettings<Replication<Executor>> {
  friend class CallSettings<Replication<Executor>>;

 public:
  /// A handle on the executor's database (nothing is sent; BasicDatabase::replication makes one).
  explicit Replication(Executor executor) : executor_(std::move(executor)) {}

  /// "default", "transaction" or "async".
  std::string_view context() const noexcept { return executor_.context(); }

  /// Collections and indexes (and views) of the database: Json. ReplicationInventoryError.
  template <class Token = UseFuture>
  auto inventory(const std::string& batch_id, const ReplicationInventoryOptions& options = {},
                 Token&& token = {}) const {
    return executor_.run(detail::ops::replication_inventory(batch_id, options), std::forward<Token>(token), "inventory");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// inventory() with options left at the default: the token follows.
  template <detail::TokenSkipping<const ReplicationInventoryOptions&> Token>
  auto inventory(const std::string& batch_id, Token&& token) const {
    return this->inventory(batch_id, {}, std::forward<Token>(token));
  }
  //}
  /// One collection's documents as replication events, JSON lines: std::string.
  /// ReplicationDumpError.
  template <class Token = UseFuture>
  auto dump(const std::string& collection, const ReplicationDumpOptions& options = {}, Token&& token = {}) const {
    return executor_.run(detail::ops::replication_dump(collection, options), std::forward<Token>(token), "dump");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// dump() with options left at the default: the token follows.
  template <detail::TokenSkipping<const ReplicationDumpOptions&> Token>
  auto dump(const std::string& collection, Token&& token) const {
    return this->dump(collection, {}, std::forward<Token>(token));
  }
  //}
  /// A cluster's collections and indexes (coordinators only): Json. ReplicationClusterInventoryError.
  template <class Token = UseFuture>
  auto cluster_inventory(std::optional<bool> include_system = std::nullopt, Token&& token = {}) const {
    return executor_.run(detail::ops::replication_cluster_inventory(include_system), std::forward<Token>(token), "cluster_inventory");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// cluster_inventory() with include_system left at the default: the token follows.
  template <detail::TokenSkipping<std::optional<bool>> Token>
  auto cluster_inventory(Token&& token) const {
    return this->cluster_inventory(std::nullopt, std::forward<Token>(token));
  }
  //}
  /// The logger's state, ticks and server: Json. ReplicationLoggerStateError.
  template <class Token = UseFuture>
  auto logger_state(Token&& token = {}) const {
    return executor_.run(detail::ops::replication_logger_state(), std::forward<Token>(token), "logger_state");
  }
  /// The applier's configuration: Json. ReplicationApplierConfigError.
  template <class Token = UseFuture>
  auto applier_config(Token&& token = {}) const {
    return executor_.run(detail::ops::replication_applier_config(), std::forward<Token>(token), "applier_config");
  }
  /// The applier's state: Json. ReplicationApplierStateError.
  template <class Token = UseFuture>
  auto applier_state(Token&& token = {}) const {
    return executor_.run(detail::ops::replication_applier_state(), std::forward<Token>(token), "applier_state");
  }
  /// The server's id: std::string. ReplicationServerIDError.
  template <class Token = UseFuture>
  auto server_id(Token&& token = {}) const {
    return executor_.run(detail::ops::replication_server_id(), std::forward<Token>(token), "server_id");
  }

 private:
  Executor executor_;
};

}  // namespace v1
}  // namespace arango
