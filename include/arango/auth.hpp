// Credentials (the seed's arangoasync.auth).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <arango/export.hpp>

namespace arango {
inline namespace v1 ARANGO_API {

/// Username and password for HTTP Basic authentication, or for the JWT login of
/// auth_method "jwt". `password` may be an ArangoDB 3.12 access token; the username may
/// then be empty.
struct Auth {
  std::string username{};  ///< the user name; may be empty when the password is an access token
  std::string password{};  ///< the password, or an access token
  std::string encoding = "utf-8";  ///< only "utf-8" is supported (the seed's default)
};

/// A JSON Web Token as ArangoDB issues and accepts them (the seed's JwtToken). Constructing
/// one reads its payload without checking the signature (the client does not know the
/// server's secret) and throws std::invalid_argument when the token is malformed, has no
/// "exp" claim, or has expired.
class JwtToken {
 public:
  /// Reads `token` (the compact "header.payload.signature" form); std::invalid_argument when it is
  /// malformed, has no "exp" or has expired.
  explicit JwtToken(std::string token);

  /// A superuser token signed with the server's JWT secret (HS256): payload
  /// {"iat", "exp": iat + exp, "iss", "server_id"}. `iat` defaults to now (Unix seconds).
  static JwtToken generate_token(std::string_view secret, std::optional<std::int64_t> iat = std::nullopt,
                                 std::int64_t exp = 3600, std::string_view iss = "arangodb",
                                 std::string_view server_id = "client");
  /// generate_token with the secret read from a file (arangod's --server.jwt-secret-keyfile;
  /// the only form ArangoDB 4.0 accepts). Trailing line breaks are not part of the secret.
  /// Throws std::invalid_argument when the file cannot be read.
  static JwtToken generate_token_from_file(const std::string& secret_file, std::int64_t exp = 3600,
                                           std::string_view iss = "arangodb",
                                           std::string_view server_id = "client");

  /// The token as sent in "Authorization: bearer ...".
  const std::string& token() const noexcept { return token_; }
  /// Expiry ("exp") and issue time ("iat"; 0 when absent), Unix seconds.
  std::int64_t expiry() const noexcept { return exp_; }
  /// The issue time ("iat"), Unix seconds; 0 when absent.
  std::int64_t issued_at() const noexcept { return iat_; }
  /// The "preferred_username" claim of a user token; empty for superuser tokens.
  const std::string& username() const noexcept { return username_; }
  /// True when the token expires within `leeway` from now (the client's clock).
  bool needs_refresh(std::chrono::seconds leeway = std::chrono::seconds{0}) const;

 private:
  std::string token_;
  std::int64_t exp_ = 0;
  std::int64_t iat_ = 0;
  std::string username_;
};

}  // namespace v1
}  // namespace arango
