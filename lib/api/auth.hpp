// The JWT login (POST /_open/auth): an operation like every other, which the JWT
// authenticator of the connection layer (lib/connection) sends without credentials.
#pragma once

#include <arango/auth.hpp>
#include <arango/detail/operation.hpp>

namespace arango::inline v1::detail::ops {

/// POST /_open/auth with the user's name and password (no /_db prefix). The decoder expects a
/// classified response and delivers the JWT; every failure is a JWTRefreshError ("Failed to
/// refresh the JWT token: ...").
Operation<JwtToken> login(const Auth& auth);

}  // namespace arango::detail::ops
