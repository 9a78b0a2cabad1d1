// Request builders + decoders of the database-level operations (defined in lib/api/).
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include <arango/detail/operation.hpp>
#include <arango/export.hpp>
#include <arango/json.hpp>
#include <arango/types.hpp>

namespace arango {
inline namespace v1 ARANGO_API {
namespace detail::ops {

Operation<DatabaseProperties> database_properties();
Operation<ServerStatusInformation> server_status();
Operation<std::vector<std::string>> databases();
Operation<std::vector<std::string>> databases_accessible_to_user();
Operation<bool> has_database(std::string name);
Operation<bool> create_database(std::string name, const CreateDatabaseOptions& options);
Operation<bool> delete_database(std::string name, const DeleteDatabaseOptions& options);
Operation<Json> version(const VersionOptions& options);
Operation<Json> engine();
Operation<std::chrono::system_clock::time_point> server_time();
Operation<Response> raw_request(Request request);

}  // namespace detail::ops
}  // namespace v1
}  // namespace arango
