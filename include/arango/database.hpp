// Database API (the seed's arangoasync.database). Each method forwards in one line to its
// operation; the executor decides what the call delivers.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <arango/async.hpp>
#include <arango/detail/ops_database.hpp>
#include <arango/executor.hpp>
#include <arango/types.hpp>

namespace arango {
inline namespace v1 {

template <class Derived, class Executor>
class BasicDatabase : public CallSettings<Derived> {
  friend class CallSettings<Derived>;

 public:
  explicit BasicDatabase(Executor executor) : executor_(std::move(executor)) {}

  /// The database name.
  const std::string& name() const { return executor_.db_name(); }
  /// "default", "transaction" or "async".
  std::string_view context() const noexcept { return executor_.context(); }
  const Executor& executor() const noexcept { return executor_; }

  /// Properties of this database: DatabaseProperties. Error: DatabasePropertiesError.
  template <class Token = UseFuture>
  auto properties(Token&& token = {}) const {
    return executor_.run(detail::ops::database_properties(), std::forward<Token>(token));
  }
  /// Server status: ServerStatusInformation. Error: ServerStatusError.
  template <class Token = UseFuture>
  auto status(Token&& token = {}) const {
    return executor_.run(detail::ops::server_status(), std::forward<Token>(token));
  }
  /// Names of all databases (from _system only): std::vector<std::string>. DatabaseListError.
  template <class Token = UseFuture>
  auto databases(Token&& token = {}) const {
    return executor_.run(detail::ops::databases(), std::forward<Token>(token));
  }
  /// Names of the databases the current user may access. DatabaseListError.
  template <class Token = UseFuture>
  auto databases_accessible_to_user(Token&& token = {}) const {
    return executor_.run(detail::ops::databases_accessible_to_user(), std::forward<Token>(token));
  }
  /// Whether a database exists (lists databases: from _system only): bool. DatabaseListError.
  template <class Token = UseFuture>
  auto has_database(std::string name, Token&& token = {}) const {
    return executor_.run(detail::ops::has_database(std::move(name)), std::forward<Token>(token));
  }
  /// Creates a database (from _system only): true. DatabaseCreateError.
  template <class Token = UseFuture>
  auto create_database(std::string name, const CreateDatabaseOptions& options = {}, Token&& token = {}) const {
    return executor_.run(detail::ops::create_database(std::move(name), options), std::forward<Token>(token));
  }
  /// Deletes a database: true, or false when missing and ignore_missing. DatabaseDeleteError.
  template <class Token = UseFuture>
  auto delete_database(std::string name, const DeleteDatabaseOptions& options = {}, Token&& token = {}) const {
    return executor_.run(detail::ops::delete_database(std::move(name), options), std::forward<Token>(token));
  }
  /// Server version (the whole body: server, version, license, details?): Json. ServerVersionError.
  template <class Token = UseFuture>
  auto version(const VersionOptions& options = {}, Token&& token = {}) const {
    return executor_.run(detail::ops::version(options), std::forward<Token>(token));
  }
  /// Storage engine description: Json. ServerEngineError.
  template <class Token = UseFuture>
  auto engine(Token&& token = {}) const {
    return executor_.run(detail::ops::engine(), std::forward<Token>(token));
  }
  /// Server clock: std::chrono::system_clock::time_point. ServerTimeError.
  template <class Token = UseFuture>
  auto time(Token&& token = {}) const {
    return executor_.run(detail::ops::server_time(), std::forward<Token>(token));
  }
  /// Sends any request (prefixed with /_db/<name> unless request.prefix_needed is false) and
  /// delivers the raw Response whatever its status; only client errors fail the call.
  template <class Token = UseFuture>
  auto request(Request request, Token&& token = {}) const {
    return executor_.run(detail::ops::raw_request(std::move(request)), std::forward<Token>(token));
  }

 protected:
  Executor executor_;
};

/// The database API in the default context: every call delivers its result directly.
class StandardDatabase : public BasicDatabase<StandardDatabase, DefaultApiExecutor> {
 public:
  using BasicDatabase::BasicDatabase;
};

}  // namespace v1
}  // namespace arango
