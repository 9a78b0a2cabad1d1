// Server administration and tasks: request builders and decoders (the seed's Database methods
// tasks ... api_calls). The calls ArangoDB 4.0 removed (tasks, echo, execute, reload_routing,
// the legacy log API) are marked removed_in_v4: against a 4.x server they fail before sending.
#include <arango/detail/ops_admin.hpp>
#include <arango/exceptions.hpp>

#include "decode.hpp"

namespace arango {
inline namespace v1 {
namespace detail::ops {
namespace {

std::string task_path(const std::string& id) { return "/_api/tasks/" + encode_path_segment(id); }

std::optional<double> optional_double(JsonView v) {
  if (v.is_number()) return v.as_double();
  return std::nullopt;
}

TaskInfo decode_task(Json body) {
  if (!body.is_object()) throw DeserializationError("task: expected an object");
  TaskInfo t;
  t.id = std::string(body["id"].string_or(""));
  t.name = std::string(body["name"].string_or(""));
  t.type = std::string(body["type"].string_or(""));
  if (body["created"].is_number()) t.created = body["created"].as_double();
  t.period = optional_double(body["period"]);
  t.offset = optional_double(body["offset"]);
  t.command = std::string(body["command"].string_or(""));
  t.database = std::string(body["database"].string_or(""));
  t.raw = without_envelope(body);
  return t;
}

std::int64_t int_or_zero(JsonView v) { return v.is_number() ? static_cast<std::int64_t>(v.as_double()) : 0; }

std::map<std::string, bool> bool_map(const Json& body) {
  if (!body.is_object()) throw DeserializationError("log settings: expected an object");
  std::map<std::string, bool> out;
  for (auto [key, value] : body.members()) {
    if (key == "error" || key == "code") continue;
    if (value.is_bool()) out.emplace(std::string(key), value.as_bool());
  }
  return out;
}

void add_server_id(Params& params, const std::optional<std::string>& server_id) {
  add_string(params, "serverId", server_id);
}

void add_int(Params& params, const char* name, const std::optional<std::int64_t>& value) {
  if (value) params.emplace_back(name, std::to_string(*value));
}

/// An operation whose result is the body without the envelope.
template <class E>
Operation<Json> json_call(Request request) {
  return {std::move(request), [](Response& r) {
            require_success<E>(r);
            return without_envelope(body_json(r));
          }};
}

}  // namespace

// --- tasks (gone in ArangoDB 4.0) ---

Operation<std::vector<TaskInfo>> tasks() {
  return removed_in_v4(Operation<std::vector<TaskInfo>>{
      Request{Method::GET, "/_api/tasks"}, [](Response& r) {
        require_success<TaskListError>(r);
        Json body = body_json(r);
        if (!body.is_array()) throw DeserializationError("tasks: expected an array");
        std::vector<TaskInfo> out;
        out.reserve(body.size());
        for (std::size_t i = 0; i < body.size(); ++i) out.push_back(decode_task(body.get(i)));
        return out;
      }});
}

Operation<TaskInfo> task(const std::string& task_id) {
  return removed_in_v4(Operation<TaskInfo>{Request{Method::GET, task_path(task_id)}, [](Response& r) {
                                             require_success<TaskGetError>(r);
                                             return decode_task(body_json(r));
                                           }});
}

Operation<TaskInfo> create_task(const std::string& command, const CreateTaskOptions& options) {
  Request request = options.task_id ? Request{Method::PUT, task_path(*options.task_id)}
                                    : Request{Method::POST, "/_api/tasks"};
  JsonBuilder b;
  b.begin_object();
  b.key("command");
  b.string(command);
  put_if(b, "name", options.name);
  put_if(b, "offset", options.offset);
  put_if(b, "params", options.params);
  put_if(b, "period", options.period);
  b.end_object();
  request.data = std::move(b.finish()).str();
  return removed_in_v4(Operation<TaskInfo>{std::move(request), [](Response& r) {
                                             require_success<TaskCreateError>(r);
                                             return decode_task(body_json(r));
                                           }});
}

Operation<bool> delete_task(const std::string& task_id, bool ignore_missing) {
  return removed_in_v4(Operation<bool>{Request{Method::DELETE, task_path(task_id)},
                                       [ignore_missing](Response& r) {
                                         if (r.status_code == 404 && ignore_missing) return false;
                                         require_success<TaskDeleteError>(r);
                                         return true;
                                       }});
}

// --- server state ---

Operation<std::string> check_availability() {
  return {Request{Method::GET, "/_admin/server/availability"}, [](Response& r) {
            require_success<ServerCheckAvailabilityError>(r);
            return std::string(body_json(r)["mode"].as_string());
          }};
}

Operation<Json> support_info() {
  return json_call<DatabaseSupportInfoError>(Request{Method::GET, "/_admin/support-info"});
}

Operation<Json> server_options() {
  return json_call<ServerCurrentOptionsGetError>(Request{Method::GET, "/_admin/options"});
}

Operation<Json> server_options_available() {
  return json_call<ServerAvailableOptionsGetError>(Request{Method::GET, "/_admin/options-description"});
}

Operation<std::string> server_mode() {
  return {Request{Method::GET, "/_admin/server/mode"}, [](Response& r) {
            require_success<ServerModeError>(r);
            return std::string(body_json(r)["mode"].as_string());
          }};
}

Operation<std::string> set_server_mode(const std::string& mode) {
  Request request{Method::PUT, "/_admin/server/mode"};
  JsonBuilder b;
  b.begin_object();
  b.key("mode");
  b.string(mode);
  b.end_object();
  request.data = std::move(b.finish()).str();
  return {std::move(request), [](Response& r) {
            require_success<ServerModeSetError>(r);
            return std::string(body_json(r)["mode"].as_string());
          }};
}

Operation<Json> license() { return json_call<ServerLicenseGetError>(Request{Method::GET, "/_admin/license"}); }

Operation<void> set_license(const std::string& license, bool force) {
  Request request{Method::PUT, "/_admin/license"};
  request.params.emplace_back("force", bool_param(force));
  request.data = license;  // as given: the license key as a JSON string, quotes included
  return {std::move(request), [](Response& r) { require_success<ServerLicenseSetError>(r); }};
}

Operation<void> shutdown(std::optional<bool> soft) {
  Request request{Method::DELETE, "/_admin/shutdown"};
  add_bool(request.params, "soft", soft);
  return {std::move(request), [](Response& r) { require_success<ServerShutdownError>(r); }};
}

Operation<ShutdownProgress> shutdown_progress() {
  return {Request{Method::GET, "/_admin/shutdown"}, [](Response& r) {
            require_success<ServerShutdownProgressError>(r);
            Json body = without_envelope(body_json(r));
            if (!body.is_object()) throw DeserializationError("shutdown progress: expected an object");
            ShutdownProgress p;
            p.soft_shutdown_ongoing = body["softShutdownOngoing"].bool_or(false);
            p.aql_cursors = int_or_zero(body["AQLcursors"]);
            p.transactions = int_or_zero(body["transactions"]);
            p.pending_jobs = int_or_zero(body["pendingJobs"]);
            p.done_jobs = int_or_zero(body["doneJobs"]);
            p.pregel_conductors = int_or_zero(body["pregelConductors"]);
            p.low_prio_ongoing_requests = int_or_zero(body["lowPrioOngoingRequests"]);
            p.low_prio_queued_requests = int_or_zero(body["lowPrioQueuedRequests"]);
            p.all_clear = body["allClear"].bool_or(false);
            p.raw = std::move(body);
            return p;
          }};
}

Operation<Json> compact(const CompactOptions& options) {
  Request request{Method::PUT, "/_admin/compact"};
  JsonBuilder b;
  b.begin_object();
  put_if(b, "changeLevel", options.change_level);
  put_if(b, "compactBottomMostLevel", options.compact_bottom_most_level);
  b.end_object();
  request.data = std::move(b.finish()).str();
  return json_call<DatabaseCompactError>(std::move(request));
}

Operation<void> reload_routing() {
  return removed_in_v4(Operation<void>{Request{Method::POST, "/_admin/routing/reload"},
                                       [](Response& r) { require_success<ServerReloadRoutingError>(r); }});
}

Operation<Json> echo(const std::optional<JsonInput>& body) {
  Request request{Method::POST, "/_admin/echo"};
  request.data = body ? body->text() : std::string("{}");
  return removed_in_v4(json_call<ServerEchoError>(std::move(request)));
}

Operation<Json> execute_javascript(const std::string& command) {
  Request request{Method::POST, "/_admin/execute"};
  request.data = command;  // the JavaScript source as it is (content-type stays application/json)
  return removed_in_v4(Operation<Json>{std::move(request), [](Response& r) {
                                         require_success<ServerExecuteError>(r);
                                         if (r.raw_body.empty()) return Json();
                                         return body_json(r);
                                       }});
}

// --- metrics and logs ---

Operation<std::string> metrics(const std::optional<std::string>& server_id) {
  Request request{Method::GET, "/_admin/metrics"};  // /v2 is gone in 4.0; the same text in 3.12
  add_server_id(request.params, server_id);
  return {std::move(request), [](Response& r) {
            require_success<ServerMetricsError>(r);
            return std::move(r.raw_body);
          }};
}

Operation<LogEntries> read_log_entries(const ReadLogOptions& options) {
  Request request{Method::GET, "/_admin/log/entries"};
  request.prefix_needed = false;  // the server's log, not a database's
  Params& p = request.params;
  add_string(p, "upto", options.upto);
  add_string(p, "level", options.level);
  add_int(p, "start", options.start);
  add_int(p, "size", options.size);
  add_int(p, "offset", options.offset);
  add_string(p, "search", options.search);
  add_string(p, "sort", options.sort);
  add_server_id(p, options.server_id);
  return {std::move(request), [](Response& r) {
            require_success<ServerReadLogError>(r);
            Json body = body_json(r);
            LogEntries out;
            out.total = int_or_zero(body["total"]);
            for (JsonView m : body["messages"].elements()) {
              LogEntry e;
              e.id = m["id"].is_integer() ? m["id"].as_uint64() : 0;
              e.topic = std::string(m["topic"].string_or(""));
              e.level = std::string(m["level"].string_or(""));
              e.date = std::string(m["date"].string_or(""));
              e.message = std::string(m["message"].string_or(""));
              out.messages.push_back(std::move(e));
            }
            return out;
          }};
}

Operation<Json> log_levels(const LogLevelOptions& options) {
  Request request{Method::GET, "/_admin/log/level"};
  request.prefix_needed = false;
  add_server_id(request.params, options.server_id);
  add_bool(request.params, "withAppenders", options.with_appenders);
  return json_call<ServerLogLevelError>(std::move(request));
}

Operation<Json> set_log_levels(const JsonInput& levels, const LogLevelOptions& options) {
  Request request{Method::PUT, "/_admin/log/level"};
  request.prefix_needed = false;
  add_server_id(request.params, options.server_id);
  add_bool(request.params, "withAppenders", options.with_appenders);
  request.data = levels.text();
  return json_call<ServerLogLevelSetError>(std::move(request));
}

Operation<Json> reset_log_levels(const std::optional<std::string>& server_id) {
  Request request{Method::DELETE, "/_admin/log/level"};
  request.prefix_needed = false;
  add_server_id(request.params, server_id);
  return json_call<ServerLogLevelResetError>(std::move(request));
}

Operation<std::map<std::string, bool>> log_settings() {
  Request request{Method::GET, "/_admin/log/structured"};
  request.prefix_needed = false;
  return {std::move(request), [](Response& r) {
            require_success<ServerLogSettingError>(r);
            return bool_map(body_json(r));
          }};
}

Operation<std::map<std::string, bool>> set_log_settings(const std::map<std::string, bool>& settings) {
  Request request{Method::PUT, "/_admin/log/structured"};
  request.prefix_needed = false;
  JsonBuilder b;
  b.begin_object();
  for (const auto& [name, on] : settings) {
    b.key(name);
    b.boolean(on);
  }
  b.end_object();
  request.data = std::move(b.finish()).str();
  return {std::move(request), [](Response& r) {
            require_success<ServerLogSettingSetError>(r);
            return bool_map(body_json(r));
          }};
}

Operation<std::vector<ApiCall>> api_calls() {
  return {Request{Method::GET, "/_admin/server/api-calls"}, [](Response& r) {
            require_success<ServerApiCallsError>(r);
            Json body = body_json(r);
            std::vector<ApiCall> out;
            for (JsonView c : body["result"]["calls"].elements()) {
              ApiCall call;
              call.time_stamp = std::string(c["timeStamp"].string_or(""));
              call.request_type = std::string(c["requestType"].string_or(""));
              call.path = std::string(c["path"].string_or(""));
              call.database = std::string(c["database"].string_or(""));
              out.push_back(std::move(call));
            }
            return out;
          }};
}

}  // namespace detail::ops
}  // namespace v1
}  // namespace arango
