// POST /_open/auth (RestAuthHandler): username/password -> JWT.
#include <string>

#include "faults.hpp"
#include "handlers.hpp"
#include "options.hpp"
#include "router.hpp"
#include "store.hpp"

namespace emu {
namespace {

HttpResponse login(RequestContext& ctx) {
  auto parsed = parse_body(ctx);
  if (!parsed.ok) {
    return corrupted_json_response(parsed);
  }
  if (parsed.empty || !parsed.doc->IsObject()) {
    return error_response(400, err::kHttpBadParameter, "invalid JSON");
  }
  auto const* username = member(*parsed.doc, "username");
  auto const* password = member(*parsed.doc, "password");
  // 3.12: the password may be an access token; the username may then be
  // left out (if it is given, it must be the token's user)
  if ((username != nullptr && !username->IsString()) || password == nullptr ||
      !password->IsString()) {
    return error_response(400, err::kHttpBadParameter, "invalid JSON");
  }
  std::string user = username != nullptr ? std::string(username->GetString(), username->GetStringLength())
                                         : std::string();
  std::string pw(password->GetString(), password->GetStringLength());
  std::string authenticated;
  if (!ctx.svc.store.check_credentials(user, pw, authenticated)) {
    return error_response(401, err::kHttpUnauthorized, "Wrong credentials");
  }
  // lifetime: --server.session-timeout (emulator: --session-timeout)
  std::string token = ctx.svc.auth.issue_user_token(authenticated, ctx.svc.options.session_timeout);
  ctx.svc.stats.jwt_logins.fetch_add(1, std::memory_order_relaxed);
  JsonWriter w;
  w.begin_object().kv("jwt", token).end_object();
  return json_response(200, w);
}

}  // namespace

void register_auth_handlers(Router& api, Options const& options) {
  // arangod registers the handler only when authentication is active, so
  // with --no-auth the path has no handler at all (404, empty body).
  if (options.authentication) {
    api.post("/_open/auth", login);
  }
}

}  // namespace emu
