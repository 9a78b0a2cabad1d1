// docs/authentication.md quotes the regions of this file. It runs against a fresh emulator started
// with a JWT secret kept in a file (arango-emulator-run --jwt-secret ... --jwt-secret-keyfile F,
// which exports ARANGO_JWT_SECRET_KEYFILE) and exits non-zero when anything is not as the guide says.
#include <arango/arango.hpp>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>
#include <thread>

#include "example.hpp"

int main() {
  const std::string url = env("ARANGO_URL", "http://127.0.0.1:8529");
  const std::string user = env("ARANGO_USER", "root");
  const std::string password = env("ARANGO_PASSWORD", "");
  const std::string secret_file = env("ARANGO_JWT_SECRET_KEYFILE", "");
  arango::ArangoClient client(url);

  //! [basic]
  // HTTP Basic: the credentials go with every request. db() sends nothing by itself.
  arango::StandardDatabase basic = client.db("_system", {.auth = arango::Auth{user, password}}).get();
  std::cout << "server " << basic.version().get()["version"].as_string() << "\n";
  //! [basic]

  //! [wrong-password]
  arango::StandardDatabase wrong = client.db("_system", {.auth = arango::Auth{user, "not-the-password"}}).get();
  try {
    (void)wrong.version().get();
  } catch (const arango::ServerVersionError& e) {  // the call's own error type, with the 401
    std::cout << e.http_code() << " " << e.error_code() << " " << e.error_message() << "\n";
  }
  // With verify, db() makes a test request and fails with ServerConnectionError instead.
  try {
    (void)client.db("_system", {.auth = arango::Auth{user, "not-the-password"}, .verify = true}).get();
  } catch (const arango::ServerConnectionError& e) {
    std::cout << e.message() << "\n";  // "... Authentication failed. ..."
  }
  //! [wrong-password]
  {
    bool raised = false;
    try {
      (void)wrong.version().get();
    } catch (const arango::ServerVersionError& e) {
      raised = e.http_code() == 401 && e.error_code() == arango::errno_::FORBIDDEN;
    }
    expect(raised, "a wrong Basic password makes version() raise ServerVersionError with HTTP 401");
    raised = false;
    try {
      (void)client.db("_system", {.auth = arango::Auth{user, "not-the-password"}, .verify = true}).get();
    } catch (const arango::ServerConnectionError& e) {
      raised = e.message().find("Authentication failed.") != std::string::npos;
    }
    expect(raised, "db(verify=true) with a wrong password raises ServerConnectionError 'Authentication failed.'");
  }

  //! [jwt]
  // A user JWT: the first call logs in (POST /_open/auth); the token is renewed before it
  // expires, and once more after a 401.
  arango::StandardDatabase jwt =
      client.db("_system", {.auth_method = "jwt", .auth = arango::Auth{user, password}}).get();
  std::cout << jwt.version().get()["server"].as_string() << "\n";
  //! [jwt]
  expect(jwt.version().get()["server"].as_string() == "arango", "a jwt handle makes calls");

  {
    // The emulator issues tokens for ARANGO_SESSION_TIMEOUT (3 s here): calls after that still work.
    std::this_thread::sleep_for(std::chrono::milliseconds(4100));
    bool ok = jwt.version().get()["server"].as_string() == "arango";
    expect(ok, "a jwt handle keeps working after its first token expired (refresh)");
  }

  //! [jwt-wrong]
  arango::StandardDatabase bad_jwt =
      client.db("_system", {.auth_method = "jwt", .auth = arango::Auth{user, "not-the-password"}}).get();
  try {
    (void)bad_jwt.version().get();
  } catch (const arango::JWTRefreshError& e) {  // the login failed (a client-side error)
    std::cout << e.what() << "\n";
  }
  //! [jwt-wrong]
  {
    bool raised = false;
    try {
      (void)bad_jwt.version().get();
    } catch (const arango::JWTRefreshError&) {
      raised = true;
    }
    expect(raised, "a jwt login with a wrong password raises JWTRefreshError");
  }

  if (!secret_file.empty()) {
    //! [superuser]
    // A superuser token signed with the server's own secret (arangod --server.jwt-secret-keyfile).
    arango::JwtToken su_token = arango::JwtToken::generate_token_from_file(secret_file, /*exp=*/3600);
    arango::StandardDatabase su = client.db("_system", {.auth_method = "superuser", .token = su_token}).get();
    std::cout << su.version().get()["server"].as_string() << "\n";
    //! [superuser]
    expect(su.version().get()["server"].as_string() == "arango", "a superuser token from the secret file works");
    expect(su_token.username().empty(), "a superuser token has no preferred_username");
    expect(su_token.expiry() - su_token.issued_at() == 3600, "exp is iat + 3600");
    expect(!su_token.needs_refresh(), "a fresh token does not need a refresh");
    expect(su_token.needs_refresh(std::chrono::seconds(7200)), "needs_refresh(leeway) looks ahead");

    //! [superuser-forged]
    arango::StandardDatabase forged = client.db(
        "_system", {.auth_method = "superuser", .token = arango::JwtToken::generate_token("not-the-secret")}).get();
    try {
      (void)forged.version().get();
    } catch (const arango::ServerVersionError& e) {
      std::cout << "refused: " << e.http_code() << "\n";  // 401; a superuser token is never renewed
    }
    //! [superuser-forged]
    bool raised = false;
    try {
      (void)forged.version().get();
    } catch (const arango::ServerVersionError& e) {
      raised = e.http_code() == 401;
    }
    expect(raised, "a token signed with another secret is refused with 401");
  } else {
    std::cerr << "ARANGO_JWT_SECRET_KEYFILE not set: superuser part skipped\n";
  }

  //! [access-token]
  // ArangoDB 3.12 access tokens: made by the server for a user; a token is a password.
  auto now = std::chrono::system_clock::now().time_since_epoch();
  std::int64_t in_an_hour = std::chrono::duration_cast<std::chrono::seconds>(now).count() + 3600;
  arango::AccessToken created = basic.create_access_token(user, "docs-example", in_an_hour).get();
  // created.token is the only time the server shows the token itself.
  arango::StandardDatabase with_token = client.db("_system", {.auth = arango::Auth{"", *created.token}}).get();
  std::cout << with_token.version().get()["server"].as_string() << "\n";
  for (const arango::AccessToken& t : basic.list_access_tokens(user).get())
    std::cout << t.name << " " << t.fingerprint << (t.active ? " active" : "") << "\n";
  basic.delete_access_token(user, created.id).get();
  //! [access-token]
  expect(created.token.has_value(), "create_access_token returns the token");
  // (with_token.version() above throws, and so fails this program, unless the token was accepted.)
  {
    bool listed = false;
    for (const arango::AccessToken& t : basic.list_access_tokens(user).get()) listed |= t.id == created.id;
    expect(!listed, "a deleted token is no longer listed");
    bool raised = false;
    try {
      (void)with_token.version().get();
    } catch (const arango::ServerVersionError& e) {
      raised = e.http_code() == 401;
    }
    expect(raised, "a deleted access token is refused");
  }

  //! [claims]
  arango::JwtToken token = arango::JwtToken::generate_token("some-secret", /*iat=*/std::nullopt, /*exp=*/60);
  std::cout << "expires at " << token.expiry() << ", issued at " << token.issued_at() << "\n";
  try {
    arango::JwtToken broken("not.a.jwt");
  } catch (const std::invalid_argument& e) {  // malformed, no "exp", or already expired
    std::cout << e.what() << "\n";
  }
  //! [claims]
  expect(token.expiry() - token.issued_at() == 60, "generate_token sets exp = iat + exp");
  {
    bool raised = false;
    try {
      arango::JwtToken expired(arango::JwtToken::generate_token("s", 1000, 60).token());
    } catch (const std::invalid_argument&) {
      raised = true;
    }
    expect(raised, "constructing a JwtToken from an expired token throws std::invalid_argument");
    raised = false;
    try {
      (void)client.db("_system", {.auth_method = "jwt"});
    } catch (const std::invalid_argument&) {
      raised = true;
    }
    expect(raised, "db() with auth_method jwt and no credentials throws std::invalid_argument");
    raised = false;
    try {
      (void)client.db("_system", {.auth_method = "kerberos", .auth = arango::Auth{user, password}});
    } catch (const std::invalid_argument&) {
      raised = true;
    }
    expect(raised, "db() with an unknown auth_method throws std::invalid_argument");
  }

  if (failures == 0) std::cout << "authentication: all as documented\n";
  return failures == 0 ? 0 : 1;
}
