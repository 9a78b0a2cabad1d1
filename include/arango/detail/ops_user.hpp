// Request builders + decoders of the user, permission, access-token and server-security
// operations (defined in lib/api/user.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <arango/detail/operation.hpp>
#include <arango/export.hpp>
#include <arango/json.hpp>
#include <arango/types.hpp>

namespace arango {
inline namespace v1 ARANGO_API {
namespace detail::ops {

Operation<bool> has_user(std::string username);
Operation<UserInfo> user(std::string username);
Operation<std::vector<UserInfo>> users();
Operation<UserInfo> create_user(const UserInfo& user);
Operation<UserInfo> replace_user(const UserInfo& user);
Operation<UserInfo> update_user(const UserInfo& user);
Operation<bool> delete_user(std::string username, const DeleteUserOptions& options);

Operation<Json> permissions(std::string username, bool full);
Operation<std::string> permission(std::string username, std::string database,
                                  std::optional<std::string> collection);
Operation<bool> update_permission(std::string username, std::string permission, std::string database,
                                  const PermissionOptions& options);
Operation<bool> reset_permission(std::string username, std::string database, const PermissionOptions& options);

Operation<AccessToken> create_access_token(std::string user, std::string name, std::int64_t valid_until);
Operation<std::vector<AccessToken>> list_access_tokens(std::string user);
Operation<void> delete_access_token(std::string user, std::int64_t token_id);

Operation<Json> jwt_secrets();
Operation<Json> reload_jwt_secrets();
Operation<Json> tls();
Operation<Json> reload_tls();
Operation<Json> encryption();

}  // namespace detail::ops
}  // namespace v1
}  // namespace arango
