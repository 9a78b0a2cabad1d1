// The "Authentication" example of README.md, kept compiling (copy any change to it back into
// the README).
#include <arango/arango.hpp>

#include <chrono>

int main() {
  using namespace arango;
  ArangoClient client(ClientOptions{.hosts = {"http://c1:8529", "http://c2:8529"},
                                    .host_resolver = std::string("roundrobin")});
  // HTTP Basic (the password may be an access token: Auth{"", token}).
  auto basic = client.db("shop", {.auth = Auth{"root", "pw"}}).get();
  // A user JWT: logs in through /_open/auth at the first call and again before the token expires.
  auto jwt = client.db("shop", {.auth_method = "jwt", .auth = Auth{"root", "pw"}}).get();
  // A superuser token signed with the server's secret (arangod --server.jwt-secret-keyfile).
  auto su = client.db("_system", {.auth_method = "superuser",
                                  .token = JwtToken::generate_token_from_file("/etc/arangodb/jwt.secret")}).get();
  // Calls on this handle are dropped unrun (QueueTimeViolatedError) when the server queued them > 2 s.
  auto bounded = jwt.with_call_options({.timeout = std::chrono::seconds(10),
                                        .max_queue_time = std::chrono::seconds(2)});
  (void)basic;
  (void)su;
  (void)bounded;
}
