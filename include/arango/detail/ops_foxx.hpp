// Foxx services (the seed's arangoasync.foxx.Foxx): the service bundle type, the options and
// result types, and the request builders + decoders (defined in lib/api/foxx.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <arango/detail/operation.hpp>
#include <arango/export.hpp>
#include <arango/json.hpp>

namespace arango {
inline namespace v1 ARANGO_API {

/// What create_service, replace_service and update_service install: a bundle held in memory
/// (a zip, or a single JavaScript file that becomes the service's main file), or a source the
/// server resolves itself (a path on the server's file system or a URL it can fetch).
///
/// A bundle without configuration or dependencies is sent as it is (`application/zip` or
/// `application/javascript`); with either, as `multipart/form-data` (the bundle as the `source`
/// file, the values as JSON fields), as arangod wants it. A server-side source is sent as the
/// JSON object `{"source": ..., "configuration": ..., "dependencies": ...}`.
class FoxxService {
 public:
  enum class Kind { zip, javascript, source };

  /// A zip bundle in memory (a directory holding `manifest.json`, zipped).
  static FoxxService zip(std::string bytes) { return FoxxService(Kind::zip, std::move(bytes)); }
  /// A single-file service: its JavaScript source.
  static FoxxService javascript(std::string source) {
    return FoxxService(Kind::javascript, std::move(source));
  }
  /// A bundle read from a local file, now: a zip when the file starts with a zip signature
  /// ("PK\x03\x04"), JavaScript otherwise. Throws std::invalid_argument when it cannot be read.
  static FoxxService file(const std::string& path);
  /// A source the server resolves: an absolute path on the server's file system (a zip, a
  /// JavaScript file or a service directory) or a URL the server downloads.
  static FoxxService source(std::string path_or_url) {
    return FoxxService(Kind::source, std::move(path_or_url));
  }

  /// The configuration to install with (an object: option name to value).
  FoxxService& with_configuration(Json configuration) & {
    configuration_ = std::move(configuration);
    return *this;
  }
  FoxxService&& with_configuration(Json configuration) && {
    return std::move(with_configuration(std::move(configuration)));
  }
  /// The dependencies to install with (an object: dependency alias to mount path).
  FoxxService& with_dependencies(Json dependencies) & {
    dependencies_ = std::move(dependencies);
    return *this;
  }
  FoxxService&& with_dependencies(Json dependencies) && {
    return std::move(with_dependencies(std::move(dependencies)));
  }

  Kind kind() const noexcept { return kind_; }
  /// The bundle's bytes (zip, javascript) or the path or URL (source).
  const std::string& data() const noexcept { return data_; }
  const std::optional<Json>& configuration() const noexcept { return configuration_; }
  const std::optional<Json>& dependencies() const noexcept { return dependencies_; }

 private:
  FoxxService(Kind kind, std::string data) : kind_(kind), data_(std::move(data)) {}

  Kind kind_;
  std::string data_;
  std::optional<Json> configuration_{};
  std::optional<Json> dependencies_{};
};

/// Foxx::create_service's options; unset ones are not sent (the server's defaults:
/// development false, setup true, legacy false).
struct FoxxCreateOptions {
  std::vector<std::pair<std::string, std::string>> headers{};  ///< extra request headers
  std::optional<bool> development{};  ///< install in development mode
  std::optional<bool> setup{};        ///< run the service's setup script
  std::optional<bool> legacy{};       ///< install in 2.8 legacy compatibility mode
};

/// Foxx::replace_service's and update_service's options; unset ones are not sent.
struct FoxxReplaceOptions {
  std::vector<std::pair<std::string, std::string>> headers{};  ///< extra request headers
  std::optional<bool> teardown{};  ///< run the old service's teardown script
  std::optional<bool> setup{};     ///< run the new service's setup script
  std::optional<bool> legacy{};    ///< 2.8 legacy compatibility mode
  std::optional<bool> force{};     ///< install even if no service is mounted there
};

/// Foxx::run_tests's options; unset ones are not sent.
struct FoxxTestOptions {
  /// "default", "suite", "stream", "xunit" or "tap".
  std::optional<std::string> reporter{};
  /// Answer in the reporter's own format whatever output_format says.
  std::optional<bool> idiomatic{};
  /// Only the tests whose full name (suite and case) matches this string.
  std::optional<std::string> filter{};
  /// "x-ldjson", "xml" or "text": sent as the Accept header (application/x-ldjson,
  /// application/xml, text/plain).
  std::optional<std::string> output_format{};
};

/// One entry of Foxx::services.
struct FoxxServiceSummary {
  std::string mount{};
  std::string name{};
  std::string version{};
  Json provides{};  ///< the manifest's "provides" (an object)
  bool development = false;
  bool legacy = false;
};

/// A service's description (GET /_api/foxx/service and the install, replace, upgrade and
/// development-mode answers).
struct FoxxServiceInfo {
  std::string mount{};
  std::string path{};  ///< the service's directory on the server
  std::string name{};
  std::string version{};
  bool development = false;
  bool legacy = false;
  Json manifest{};
  std::string checksum{};
  Json configuration{};  ///< options.configuration: the values set
  Json dependencies{};   ///< options.dependencies: the mount paths set
  Json raw{};            ///< the whole answer
};

/// One of a service's scripts (its manifest's "scripts").
struct FoxxScript {
  std::string name{};
  std::string title{};
};

namespace detail::ops {

Operation<std::vector<FoxxServiceSummary>> foxx_services(bool exclude_system);
Operation<FoxxServiceInfo> foxx_service(const std::string& mount);
Operation<FoxxServiceInfo> foxx_create_service(const std::string& mount, const FoxxService& service,
                                               const FoxxCreateOptions& options);
Operation<void> foxx_delete_service(const std::string& mount, const std::optional<bool>& teardown);
Operation<FoxxServiceInfo> foxx_replace_service(const std::string& mount, const FoxxService& service,
                                                const FoxxReplaceOptions& options);
Operation<FoxxServiceInfo> foxx_update_service(const std::string& mount, const FoxxService& service,
                                               const FoxxReplaceOptions& options);
Operation<Json> foxx_config(const std::string& mount);
Operation<Json> foxx_update_config(const std::string& mount, const JsonInput& options);
Operation<Json> foxx_replace_config(const std::string& mount, const JsonInput& options);
Operation<Json> foxx_dependencies(const std::string& mount);
Operation<Json> foxx_update_dependencies(const std::string& mount, const JsonInput& options);
Operation<Json> foxx_replace_dependencies(const std::string& mount, const JsonInput& options);
Operation<std::vector<FoxxScript>> foxx_scripts(const std::string& mount);
Operation<Json> foxx_run_script(const std::string& mount, const std::string& name,
                                const std::optional<JsonInput>& arg);
Operation<std::string> foxx_run_tests(const std::string& mount, const FoxxTestOptions& options);
Operation<FoxxServiceInfo> foxx_enable_development(const std::string& mount);
Operation<FoxxServiceInfo> foxx_disable_development(const std::string& mount);
Operation<std::string> foxx_readme(const std::string& mount);
Operation<Json> foxx_swagger(const std::string& mount);
Operation<std::string> foxx_download(const std::string& mount);
Operation<void> foxx_commit(const std::optional<bool>& replace);

}  // namespace detail::ops
}  // namespace v1
}  // namespace arango
