// Users, permissions, access tokens and the server-security calls: request builders and
// decoders (endpoints-core.md, "Users, permissions, tokens, security").
#include <arango/detail/ops_user.hpp>
#include <arango/exceptions.hpp>

#include <stdexcept>

#include "decode.hpp"

namespace arango {
inline namespace v1 {
namespace detail::ops {
namespace {

std::string user_path(std::string_view username) { return "/_api/user/" + encode_path_segment(username); }

/// /_api/user/<u>/database/<db>[/<collection>]
std::string permission_path(std::string_view username, std::string_view database,
                            const std::optional<std::string>& collection) {
  std::string path = user_path(username) + "/database/" + encode_path_segment(database);
  if (collection) path += "/" + encode_path_segment(*collection);
  return path;
}

UserInfo decode_user(JsonView v) {
  if (!v.is_object() || !v["user"].is_string()) throw DeserializationError("user: no user object");
  UserInfo u;
  u.user = std::string(v["user"].as_string());
  u.active = v["active"].bool_or(false);
  if (v.contains("extra")) u.extra = Json::copy(v["extra"]);
  return u;
}

/// The body of create_user / replace_user / update_user: user, passwd?, active, extra?.
std::string user_body(const UserInfo& user, const char* call) {
  if (user.user.empty()) throw std::invalid_argument(std::string(call) + ": the username is missing");
  JsonBuilder b;
  b.begin_object();
  b.key("user");
  b.string(user.user);
  put_if(b, "passwd", user.password);
  b.key("active");
  b.boolean(user.active);
  put_if(b, "extra", user.extra);
  b.end_object();
  return std::move(b.finish()).str();
}

template <class E>
Operation<UserInfo> write_user(Method method, std::string path, const UserInfo& user, const char* call) {
  Request request{method, std::move(path)};
  request.data = user_body(user, call);
  return {std::move(request), [](Response& r) {
            require_success<E>(r);
            return decode_user(body_json(r));
          }};
}

AccessToken decode_token(JsonView v) {
  if (!v.is_object() || !v["id"].is_integer()) throw DeserializationError("access token: no token object");
  AccessToken t;
  t.id = v["id"].as_int64();
  t.name = std::string(v["name"].string_or(""));
  t.valid_until = v["valid_until"].is_number() ? static_cast<std::int64_t>(v["valid_until"].as_double()) : 0;
  t.created_at = v["created_at"].is_number() ? static_cast<std::int64_t>(v["created_at"].as_double()) : 0;
  t.fingerprint = std::string(v["fingerprint"].string_or(""));
  t.active = v["active"].bool_or(false);
  t.token = optional_string(v["token"]);
  t.raw = Json::copy(v);
  return t;
}

/// `result` of {"error":false,"code":...,"result":...}.
Json result_of(Response& r) {
  Json body = body_json(r);
  if (!body.contains("result")) throw DeserializationError("no result in the response");
  return body.get("result");
}

}  // namespace

Operation<bool> has_user(std::string username) {
  return {Request{Method::GET, user_path(username)}, [](Response& r) {
            if (r.status_code == 404) return false;
            require_success<UserListError>(r);
            return true;
          }};
}

Operation<UserInfo> user(std::string username) {
  return {Request{Method::GET, user_path(username)}, [](Response& r) {
            require_success<UserGetError>(r);
            return decode_user(body_json(r));
          }};
}

Operation<std::vector<UserInfo>> users() {
  return {Request{Method::GET, "/_api/user"}, [](Response& r) {
            require_success<UserListError>(r);
            Json result = result_of(r);
            if (!result.is_array()) throw DeserializationError("users: result is not an array");
            std::vector<UserInfo> out;
            out.reserve(result.size());
            for (JsonView item : result.elements()) out.push_back(decode_user(item));
            return out;
          }};
}

Operation<UserInfo> create_user(const UserInfo& user) {
  return write_user<UserCreateError>(Method::POST, "/_api/user", user, "create_user");
}

Operation<UserInfo> replace_user(const UserInfo& user) {
  return write_user<UserReplaceError>(Method::PUT, user_path(user.user), user, "replace_user");
}

Operation<UserInfo> update_user(const UserInfo& user) {
  return write_user<UserUpdateError>(Method::PATCH, user_path(user.user), user, "update_user");
}

Operation<bool> delete_user(std::string username, const DeleteUserOptions& options) {
  return {Request{Method::DELETE, user_path(username)}, [ignore_missing = options.ignore_missing](Response& r) {
            if (r.status_code == 404 && ignore_missing) return false;
            require_success<UserDeleteError>(r);
            return true;
          }};
}

Operation<Json> permissions(std::string username, bool full) {
  Request request{Method::GET, user_path(username) + "/database"};
  request.params.emplace_back("full", bool_param(full));
  return {std::move(request), [](Response& r) {
            require_success<PermissionListError>(r);
            return result_of(r);
          }};
}

Operation<std::string> permission(std::string username, std::string database,
                                  std::optional<std::string> collection) {
  return {Request{Method::GET, permission_path(username, database, collection)}, [](Response& r) {
            require_success<PermissionGetError>(r);
            Json result = result_of(r);
            if (!result.is_string()) throw DeserializationError("permission: result is not a string");
            return std::string(result.as_string());
          }};
}

Operation<bool> update_permission(std::string username, std::string permission, std::string database,
                                  const PermissionOptions& options) {
  Request request{Method::PUT, permission_path(username, database, options.collection)};
  JsonBuilder b;
  b.begin_object();
  b.key("grant");
  b.string(permission);
  b.end_object();
  request.data = std::move(b.finish()).str();
  return {std::move(request), [ignore_failure = options.ignore_failure](Response& r) {
            if (!r.is_success && ignore_failure) return false;
            require_success<PermissionUpdateError>(r);
            return true;
          }};
}

Operation<bool> reset_permission(std::string username, std::string database, const PermissionOptions& options) {
  return {Request{Method::DELETE, permission_path(username, database, options.collection)},
          [ignore_failure = options.ignore_failure](Response& r) {
            if (!r.is_success && ignore_failure) return false;
            require_success<PermissionResetError>(r);
            return true;
          }};
}

Operation<AccessToken> create_access_token(std::string user, std::string name, std::int64_t valid_until) {
  Request request{Method::POST, "/_api/token/" + encode_path_segment(user)};
  JsonBuilder b;
  b.begin_object();
  b.key("name");
  b.string(name);
  b.key("valid_until");
  b.int64(valid_until);
  b.end_object();
  request.data = std::move(b.finish()).str();
  return {std::move(request), [](Response& r) {
            require_success<AccessTokenCreateError>(r);
            return decode_token(body_json(r));
          }};
}

Operation<std::vector<AccessToken>> list_access_tokens(std::string user) {
  return {Request{Method::GET, "/_api/token/" + encode_path_segment(user)}, [](Response& r) {
            require_success<AccessTokenListError>(r);
            Json body = body_json(r);
            JsonView tokens = body["tokens"];
            if (!tokens.is_array()) throw DeserializationError("access tokens: no tokens array");
            std::vector<AccessToken> out;
            out.reserve(tokens.size());
            for (JsonView t : tokens.elements()) out.push_back(decode_token(t));
            return out;
          }};
}

Operation<void> delete_access_token(std::string user, std::int64_t token_id) {
  return {Request{Method::DELETE, "/_api/token/" + encode_path_segment(user) + "/" + std::to_string(token_id)},
          [](Response& r) { require_success<AccessTokenDeleteError>(r); }};
}

Operation<Json> jwt_secrets() {
  return {Request{Method::GET, "/_admin/server/jwt"}, [](Response& r) {
            require_success<JWTSecretListError>(r);
            return without_envelope(body_json(r));
          }};
}

Operation<Json> reload_jwt_secrets() {
  Request request{Method::POST, "/_admin/server/jwt"};
  request.prefix_needed = false;  // the seed sends it without /_db/<name>
  return {std::move(request), [](Response& r) {
            require_success<JWTSecretReloadError>(r);
            return without_envelope(body_json(r));
          }};
}

Operation<Json> tls() {
  return {Request{Method::GET, "/_admin/server/tls"}, [](Response& r) {
            require_success<ServerTLSError>(r);
            return result_of(r);
          }};
}

Operation<Json> reload_tls() {
  return {Request{Method::POST, "/_admin/server/tls"}, [](Response& r) {
            require_success<ServerTLSReloadError>(r);
            return result_of(r);
          }};
}

Operation<Json> encryption() {
  return {Request{Method::POST, "/_admin/server/encryption"}, [](Response& r) {
            require_success<ServerEncryptionError>(r);
            return result_of(r);
          }};
}

}  // namespace detail::ops
}  // namespace v1
}  // namespace arango
