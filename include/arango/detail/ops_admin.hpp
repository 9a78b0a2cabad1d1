// Request builders + decoders of the server administration and task operations (defined in
// lib/api/admin.cpp).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <arango/admin.hpp>
#include <arango/detail/operation.hpp>
#include <arango/export.hpp>
#include <arango/json.hpp>

namespace arango {
inline namespace v1 ARANGO_API {
namespace detail::ops {

Operation<std::vector<TaskInfo>> tasks();
Operation<TaskInfo> task(const std::string& task_id);
Operation<TaskInfo> create_task(const std::string& command, const CreateTaskOptions& options);
Operation<bool> delete_task(const std::string& task_id, bool ignore_missing);
Operation<std::string> check_availability();
Operation<Json> support_info();
Operation<Json> server_options();
Operation<Json> server_options_available();
Operation<std::string> server_mode();
Operation<std::string> set_server_mode(const std::string& mode);
Operation<Json> license();
Operation<void> set_license(const std::string& license, bool force);
Operation<void> shutdown(std::optional<bool> soft);
Operation<ShutdownProgress> shutdown_progress();
Operation<Json> compact(const CompactOptions& options);
Operation<void> reload_routing();
Operation<Json> echo(const std::optional<JsonInput>& body);
Operation<Json> execute_javascript(const std::string& command);
Operation<std::string> metrics(const std::optional<std::string>& server_id);
Operation<LogEntries> read_log_entries(const ReadLogOptions& options);
Operation<Json> log_levels(const LogLevelOptions& options);
Operation<Json> set_log_levels(const JsonInput& levels, const LogLevelOptions& options);
Operation<Json> reset_log_levels(const std::optional<std::string>& server_id);
Operation<std::map<std::string, bool>> log_settings();
Operation<std::map<std::string, bool>> set_log_settings(const std::map<std::string, bool>& settings);
Operation<std::vector<ApiCall>> api_calls();

}  // namespace detail::ops
}  // namespace v1
}  // namespace arango
