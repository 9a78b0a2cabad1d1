// Foxx API (the seed's arangoasync.foxx.Foxx): install, upgrade, replace and remove services of
// a database, their configuration, dependencies, scripts, tests, README, Swagger description
// and bundle. ArangoDB 4.0 removed Foxx: against a 4.x server every call fails with
// UnsupportedServerAPIError before anything is sent.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <arango/async.hpp>
#include <arango/detail/ops_foxx.hpp>
#include <arango/executor.hpp>
#include <arango/export.hpp>

namespace arango {
inline namespace v1 ARANGO_API {

/// The Foxx services of the handle's database. Taking one makes no request. `mount` is a
/// service's mount path, e.g. "/my-service".
template <class Executor = DefaultApiExecutor>
class Foxx : public CallSettings<Foxx<Executor>> {
  friend class CallSettings<Foxx<Executor>>;

 public:
  /// A handle on the executor's database (nothing is sent; BasicDatabase::foxx makes one).
  explicit Foxx(Executor executor) : executor_(std::move(executor)) {}

  /// "default", "transaction" or "async".
  std::string_view context() const noexcept { return executor_.context(); }

  /// The installed services (without the system ones, mounted below "/_", when
  /// exclude_system): std::vector<FoxxServiceSummary>. FoxxServiceListError.
  template <class Token = UseFuture>
  auto services(bool exclude_system = false, Token&& token = {}) const {
    return executor_.run(detail::ops::foxx_services(exclude_system), std::forward<Token>(token), "services");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// services() with exclude_system left at the default: the token follows.
  template <detail::TokenSkipping<bool> Token>
  auto services(Token&& token) const {
    return this->services(false, std::forward<Token>(token));
  }
  //}
  /// The service at `mount`: FoxxServiceInfo. FoxxServiceGetError.
  template <class Token = UseFuture>
  auto service(const std::string& mount, Token&& token = {}) const {
    return executor_.run(detail::ops::foxx_service(mount), std::forward<Token>(token), "service");
  }
  /// Installs `service` at `mount`: FoxxServiceInfo. FoxxServiceCreateError.
  template <class Token = UseFuture>
  auto create_service(const std::string& mount, const FoxxService& service,
                      const FoxxCreateOptions& options = {}, Token&& token = {}) const {
    return executor_.run(detail::ops::foxx_create_service(mount, service, options), std::forward<Token>(token), "create_service");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// create_service() with options left at the default: the token follows.
  template <detail::TokenSkipping<const FoxxCreateOptions&> Token>
  auto create_service(const std::string& mount, const FoxxService& service, Token&& token) const {
    return this->create_service(mount, service, {}, std::forward<Token>(token));
  }
  //}
  /// Removes the service at `mount` (running its teardown script unless teardown is false):
  /// void. FoxxServiceDeleteError.
  template <class Token = UseFuture>
  auto delete_service(const std::string& mount, std::optional<bool> teardown = std::nullopt,
                      Token&& token = {}) const {
    return executor_.run(detail::ops::foxx_delete_service(mount, teardown), std::forward<Token>(token), "delete_service");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// delete_service() with teardown left at the default: the token follows.
  template <detail::TokenSkipping<std::optional<bool>> Token>
  auto delete_service(const std::string& mount, Token&& token) const {
    return this->delete_service(mount, std::nullopt, std::forward<Token>(token));
  }
  //}
  /// Removes the service at `mount` and installs `service` there; its configuration and
  /// dependencies are replaced: FoxxServiceInfo. FoxxServiceReplaceError.
  template <class Token = UseFuture>
  auto replace_service(const std::string& mount, const FoxxService& service,
                       const FoxxReplaceOptions& options = {}, Token&& token = {}) const {
    return executor_.run(detail::ops::foxx_replace_service(mount, service, options), std::forward<Token>(token), "replace_service");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// replace_service() with options left at the default: the token follows.
  template <detail::TokenSkipping<const FoxxReplaceOptions&> Token>
  auto replace_service(const std::string& mount, const FoxxService& service, Token&& token) const {
    return this->replace_service(mount, service, {}, std::forward<Token>(token));
  }
  //}
  /// Installs `service` on top of the one at `mount` (an upgrade: configuration and
  /// dependencies given are merged into the old ones): FoxxServiceInfo. FoxxServiceUpdateError.
  template <class Token = UseFuture>
  auto update_service(const std::string& mount, const FoxxService& service,
                      const FoxxReplaceOptions& options = {}, Token&& token = {}) const {
    return executor_.run(detail::ops::foxx_update_service(mount, service, options), std::forward<Token>(token), "update_service");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// update_service() with options left at the default: the token follows.
  template <detail::TokenSkipping<const FoxxReplaceOptions&> Token>
  auto update_service(const std::string& mount, const FoxxService& service, Token&& token) const {
    return this->update_service(mount, service, {}, std::forward<Token>(token));
  }
  //}

  /// The service's configuration options, their definitions with the current values: Json.
  /// FoxxConfigGetError.
  template <class Token = UseFuture>
  auto config(const std::string& mount, Token&& token = {}) const {
    return executor_.run(detail::ops::foxx_config(mount), std::forward<Token>(token), "config");
  }
  /// Sets the given configuration values, keeping the others: Json
  /// (`{"values": ..., "warnings": ...}`). FoxxConfigUpdateError.
  template <class Token = UseFuture>
  auto update_config(const std::string& mount, const JsonInput& options, Token&& token = {}) const {
    return executor_.run(detail::ops::foxx_update_config(mount, options), std::forward<Token>(token), "update_config");
  }
  /// Sets the configuration to exactly these values (the others reset): Json
  /// (`{"values": ..., "warnings": ...}`). FoxxConfigReplaceError.
  template <class Token = UseFuture>
  auto replace_config(const std::string& mount, const JsonInput& options, Token&& token = {}) const {
    return executor_.run(detail::ops::foxx_replace_config(mount, options), std::forward<Token>(token), "replace_config");
  }
  /// The service's dependencies, their definitions with the current mount paths: Json.
  /// FoxxDependencyGetError.
  template <class Token = UseFuture>
  auto dependencies(const std::string& mount, Token&& token = {}) const {
    return executor_.run(detail::ops::foxx_dependencies(mount), std::forward<Token>(token), "dependencies");
  }
  /// Sets the given dependencies, keeping the others: Json (`{"values": ..., "warnings": ...}`).
  /// FoxxDependencyUpdateError.
  template <class Token = UseFuture>
  auto update_dependencies(const std::string& mount, const JsonInput& options, Token&& token = {}) const {
    return executor_.run(detail::ops::foxx_update_dependencies(mount, options), std::forward<Token>(token), "update_dependencies");
  }
  /// Sets the dependencies to exactly these (the others disabled): Json
  /// (`{"values": ..., "warnings": ...}`). FoxxDependencyReplaceError.
  template <class Token = UseFuture>
  auto replace_dependencies(const std::string& mount, const JsonInput& options, Token&& token = {}) const {
    return executor_.run(detail::ops::foxx_replace_dependencies(mount, options), std::forward<Token>(token), "replace_dependencies");
  }

  /// The service's scripts, in the server's order: std::vector<FoxxScript>. FoxxScriptListError.
  template <class Token = UseFuture>
  auto scripts(const std::string& mount, Token&& token = {}) const {
    return executor_.run(detail::ops::foxx_scripts(mount), std::forward<Token>(token), "scripts");
  }
  /// Runs a script with `arg` (sent as the body when set; the script sees it as
  /// module.context.argv[0]): Json, the script's module.exports ({} when it sets none).
  /// FoxxScriptRunError.
  template <class Token = UseFuture>
  auto run_script(const std::string& mount, const std::string& name,
                  const std::optional<JsonInput>& arg = std::nullopt, Token&& token = {}) const {
    return executor_.run(detail::ops::foxx_run_script(mount, name, arg), std::forward<Token>(token), "run_script");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// run_script() with arg left at the default: the token follows.
  template <detail::TokenSkipping<const std::optional<JsonInput>&> Token>
  auto run_script(const std::string& mount, const std::string& name, Token&& token) const {
    return this->run_script(mount, name, std::nullopt, std::forward<Token>(token));
  }
  //}
  /// Runs the service's tests: std::string, the reporter's output as the server sent it (JSON,
  /// newline-delimited JSON, XML or TAP text). FoxxTestRunError.
  template <class Token = UseFuture>
  auto run_tests(const std::string& mount, const FoxxTestOptions& options = {}, Token&& token = {}) const {
    return executor_.run(detail::ops::foxx_run_tests(mount, options), std::forward<Token>(token), "run_tests");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// run_tests() with options left at the default: the token follows.
  template <detail::TokenSkipping<const FoxxTestOptions&> Token>
  auto run_tests(const std::string& mount, Token&& token) const {
    return this->run_tests(mount, {}, std::forward<Token>(token));
  }
  //}

  /// Puts the service into development mode: FoxxServiceInfo. FoxxDevModeEnableError.
  template <class Token = UseFuture>
  auto enable_development(const std::string& mount, Token&& token = {}) const {
    return executor_.run(detail::ops::foxx_enable_development(mount), std::forward<Token>(token), "enable_development");
  }
  /// Puts the service into production mode: FoxxServiceInfo. FoxxDevModeDisableError.
  template <class Token = UseFuture>
  auto disable_development(const std::string& mount, Token&& token = {}) const {
    return executor_.run(detail::ops::foxx_disable_development(mount), std::forward<Token>(token), "disable_development");
  }
  /// The service's README: std::string (empty when it has none). FoxxReadmeGetError.
  template <class Token = UseFuture>
  auto readme(const std::string& mount, Token&& token = {}) const {
    return executor_.run(detail::ops::foxx_readme(mount), std::forward<Token>(token), "readme");
  }
  /// The service's Swagger 2.0 description: Json. FoxxSwaggerGetError.
  template <class Token = UseFuture>
  auto swagger(const std::string& mount, Token&& token = {}) const {
    return executor_.run(detail::ops::foxx_swagger(mount), std::forward<Token>(token), "swagger");
  }
  /// The service's bundle: std::string, the zip's bytes. FoxxDownloadError.
  template <class Token = UseFuture>
  auto download(const std::string& mount, Token&& token = {}) const {
    return executor_.run(detail::ops::foxx_download(mount), std::forward<Token>(token), "download");
  }
  /// Commits the coordinator's local service state to the database (overwriting what is
  /// stored there when replace is true): void. FoxxCommitError.
  template <class Token = UseFuture>
  auto commit(std::optional<bool> replace = std::nullopt, Token&& token = {}) const {
    return executor_.run(detail::ops::foxx_commit(replace), std::forward<Token>(token), "commit");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// commit() with replace left at the default: the token follows.
  template <detail::TokenSkipping<std::optional<bool>> Token>
  auto commit(Token&& token) const {
    return this->commit(std::nullopt, std::forward<Token>(token));
  }
  //}

 private:
  Executor executor_;
};

}  // namespace v1
}  // namespace arango
