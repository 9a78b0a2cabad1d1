// Authentication: HTTP Basic against the user store, and HS256 JWTs signed
// with the server secret (superuser tokens with "server_id", user tokens with
// "preferred_username"), like arangod's TokenCache.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace emu {

class Store;

struct AuthResult {
  enum class Method { None, Basic, Jwt };
  Method method = Method::None;  // scheme of the Authorization header, if any
  bool authenticated = false;
  // Authenticated user; empty for a superuser JWT (or when auth is off).
  std::string user;
  bool superuser_token = false;
};

class Authenticator {
 public:
  // An empty `jwt_secret` makes the authenticator generate a random one.
  Authenticator(Store& store, bool enabled, std::string jwt_secret);

  bool enabled() const noexcept { return enabled_; }
  std::string const& jwt_secret() const noexcept { return secret_; }

  // Evaluates an Authorization header (nullptr: none sent).
  AuthResult authenticate(std::string const* authorization) const;

  // Signs {"preferred_username","iss":"arangodb","iat","exp"=iat+lifetime}.
  std::string issue_user_token(std::string_view user, std::int64_t lifetime_seconds = 3600) const;
  // Signs a superuser token {"iss":"arangodb","server_id":...}.
  std::string issue_superuser_token(std::string_view server_id) const;

 private:
  AuthResult check_basic(std::string_view credentials) const;
  AuthResult check_jwt(std::string_view token) const;

  Store& store_;
  bool enabled_;
  std::string secret_;
};

std::string base64_decode(std::string_view in, bool* ok = nullptr);
std::string base64_encode(std::string_view in);

}  // namespace emu
