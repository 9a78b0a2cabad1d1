// Database-level operations: request builders and decoders (endpoints-core.md §12.1).
#include <arango/detail/ops_database.hpp>
#include <arango/exceptions.hpp>

#include "decode.hpp"

namespace arango {
inline namespace v1 {
namespace detail::ops {
namespace {

constexpr std::string_view kSystemOnly = "This request can only be executed in the _system database.";

/// 403 on the database-management calls means "not from _system": say so, as the seed does.
template <class E>
void require_database_success(Response& r) {
  if (r.status_code == 403) raise_from<E>(r, kSystemOnly);
  require_success<E>(r);
}


}  // namespace

Operation<DatabaseProperties> database_properties() {
  return {Request{Method::GET, "/_api/database/current"}, [](Response& r) {
            require_success<DatabasePropertiesError>(r);
            Json body = body_json(r);
            Json result = body.get("result");
            if (!result.is_object()) throw DeserializationError("database properties: no result object");
            DatabaseProperties p;
            p.name = std::string(result["name"].as_string());
            p.id = std::string(result["id"].as_string());
            p.path = optional_string(result["path"]);
            p.is_system = result["isSystem"].bool_or(false);
            p.sharding = optional_string(result["sharding"]);
            p.replication_factor = replication_factor(result["replicationFactor"]);
            if (result["writeConcern"].is_integer()) p.write_concern = result["writeConcern"].as_int64();
            p.raw = std::move(result);
            return p;
          }};
}

Operation<ServerStatusInformation> server_status() {
  return {Request{Method::GET, "/_admin/status"}, [](Response& r) {
            require_success<ServerStatusError>(r);
            Json body = body_json(r);
            ServerStatusInformation s;
            s.server = std::string(body["server"].string_or(""));
            s.version = std::string(body["version"].string_or(""));
            s.pid = body["pid"].int64_or(0);
            s.license = std::string(body["license"].string_or(""));
            s.mode = std::string(body["mode"].string_or(""));
            s.operation_mode = std::string(body["operationMode"].string_or(""));
            s.foxx_api = body["foxxApi"].bool_or(false);
            s.host = std::string(body["host"].string_or(""));
            s.hostname = optional_string(body["hostname"]);
            s.server_info = body.get("serverInfo");
            s.coordinator = body.get("coordinator");
            s.agency = body.get("agency");
            s.raw = std::move(body);
            return s;
          }};
}

Operation<std::vector<std::string>> databases() {
  return {Request{Method::GET, "/_api/database"}, [](Response& r) {
            require_database_success<DatabaseListError>(r);
            return string_list(body_json(r)["result"]);
          }};
}

Operation<std::vector<std::string>> databases_accessible_to_user() {
  return {Request{Method::GET, "/_api/database/user"}, [](Response& r) {
            require_success<DatabaseListError>(r);
            return string_list(body_json(r)["result"]);
          }};
}

Operation<bool> has_database(std::string name) {
  return {Request{Method::GET, "/_api/database"}, [name = std::move(name)](Response& r) {
            require_database_success<DatabaseListError>(r);
            Json body = body_json(r);  // must outlive the loop: range-for keeps no temporaries alive
            for (JsonView item : body["result"].elements()) {
              if (item.string_or("") == name) return true;
            }
            return false;
          }};
}

Operation<bool> create_database(std::string name, const CreateDatabaseOptions& options) {
  JsonBuilder b;
  b.begin_object();
  b.key("name");
  b.string(name);
  if (options.replication_factor || options.write_concern || options.sharding) {
    b.key("options");
    b.begin_object();
    put_if(b, "replicationFactor", options.replication_factor);
    put_if(b, "writeConcern", options.write_concern);
    put_if(b, "sharding", options.sharding);
    b.end_object();
  }
  if (!options.users.empty()) {
    b.key("users");
    b.begin_array();
    for (const UserInfo& u : options.users) {
      if (u.user.empty()) throw std::invalid_argument("create_database: every user needs a name");
      b.begin_object();
      b.key("username");
      b.string(u.user);
      put_if(b, "passwd", u.password);
      b.key("active");
      b.boolean(u.active);
      put_if(b, "extra", u.extra);
      b.end_object();
    }
    b.end_array();
  }
  b.end_object();
  Request request{Method::POST, "/_api/database"};
  request.data = std::move(b.finish()).str();
  return {std::move(request), [](Response& r) {
            require_database_success<DatabaseCreateError>(r);
            return true;
          }};
}

Operation<bool> delete_database(std::string name, const DeleteDatabaseOptions& options) {
  Request request{Method::DELETE, "/_api/database/" + encode_path_segment(name)};
  return {std::move(request), [ignore_missing = options.ignore_missing](Response& r) {
            if (r.status_code == 404 && ignore_missing) return false;
            require_database_success<DatabaseDeleteError>(r);
            return true;
          }};
}

Operation<Json> version(const VersionOptions& options) {
  Request request{Method::GET, "/_api/version"};
  request.params.emplace_back("details", bool_param(options.details));
  return {std::move(request), [](Response& r) {
            require_success<ServerVersionError>(r);
            return body_json(r);
          }};
}

Operation<Json> engine() {
  return {Request{Method::GET, "/_api/engine"}, [](Response& r) {
            require_success<ServerEngineError>(r);
            return body_json(r);
          }};
}

Operation<std::chrono::system_clock::time_point> server_time() {
  return {Request{Method::GET, "/_admin/time"}, [](Response& r) {
            require_success<ServerTimeError>(r);
            double seconds = body_json(r)["time"].as_double();
            auto since_epoch = std::chrono::round<std::chrono::microseconds>(std::chrono::duration<double>(seconds));
            return std::chrono::system_clock::time_point(since_epoch);
          }};
}

Operation<Response> raw_request(Request request) {
  return {std::move(request), [](Response& r) { return std::move(r); }};
}

}  // namespace detail::ops
}  // namespace v1
}  // namespace arango
