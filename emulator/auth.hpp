// Authentication: HTTP Basic against the user store, and HS256 JWTs signed
// with the server secret (superuser tokens with "server_id", user tokens with
// "preferred_username"), like arangod's TokenCache.
#pragma once

#include <cstdint>
#include <mutex>
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
  // The secret comes from `jwt_secret_keyfile` when it is set (read now;
  // std::runtime_error when it cannot be read), else from `jwt_secret`, else
  // it is generated at random.
  Authenticator(Store& store, bool enabled, std::string jwt_secret,
                std::string jwt_secret_keyfile = {});

  bool enabled() const noexcept { return enabled_; }
  // The current HS256 secret (it changes on reload_secret()).
  std::string jwt_secret() const;
  std::string const& keyfile() const noexcept { return keyfile_; }

  // AuthenticationFeature::loadJwtSecretsFromFile: re-reads the keyfile
  // (whitespace trimmed). Returns the errorNum (10 without a keyfile, 22
  // when it cannot be read; 0 on success) and sets `message`.
  int reload_secret(std::string& message);

  // Evaluates an Authorization header (nullptr: none sent). Basic accepts a
  // user's password or one of its access tokens; a user JWT is only good
  // while its user exists and is active.
  AuthResult authenticate(std::string const* authorization) const;

  // Signs {"preferred_username","iss":"arangodb","iat","exp"=iat+lifetime}.
  std::string issue_user_token(std::string_view user, double lifetime_seconds = 3600) const;
  // Signs a superuser token {"iss":"arangodb","server_id":...}.
  std::string issue_superuser_token(std::string_view server_id) const;

 private:
  AuthResult check_basic(std::string_view credentials) const;
  AuthResult check_jwt(std::string_view token) const;

  Store& store_;
  bool enabled_;
  std::string keyfile_;
  mutable std::mutex secret_mutex_;
  std::string secret_;
};

std::string base64_decode(std::string_view in, bool* ok = nullptr);
std::string base64_encode(std::string_view in);

}  // namespace emu
