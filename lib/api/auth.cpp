// The JWT login (endpoints-core.md: POST /_open/auth).
#include "auth.hpp"

#include <arango/exceptions.hpp>
#include <arango/json.hpp>

#include <exception>
#include <string>
#include <utility>

namespace arango {
inline namespace v1 {
namespace detail::ops {

Operation<JwtToken> login(const Auth& auth) {
  JsonBuilder body;
  body.begin_object();
  body.key("username");
  body.string(auth.username);
  body.key("password");
  body.string(auth.password);
  body.end_object();
  Request request(Method::POST, "/_open/auth", {}, std::move(body.finish()).str());
  request.prefix_needed = false;
  return {std::move(request), [](Response& r) -> JwtToken {
            if (!r.is_success) {
              std::string message =
                  "Failed to refresh the JWT token: " + std::to_string(r.status_code) + " " + r.status_text;
              if (!r.error_message.empty()) message += " (" + r.error_message + ")";
              throw JWTRefreshError(std::move(message));
            }
            try {
              Json body = Json::parse(std::move(r.raw_body));
              if (body.is_object() && body.contains("jwt") && body["jwt"].is_string()) {
                return JwtToken(std::string(body["jwt"].as_string()));
              }
            } catch (const std::exception& e) {
              throw JWTRefreshError(std::string("Failed to refresh the JWT token: ") + e.what());
            }
            throw JWTRefreshError("Failed to refresh the JWT token: the response has no \"jwt\"");
          }};
}

}  // namespace detail::ops
}  // namespace v1
}  // namespace arango
