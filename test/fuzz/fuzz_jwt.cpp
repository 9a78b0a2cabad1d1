// fuzz-client-jwt: the JWT the server returns from POST /_open/auth, read by the login decoder
// (JwtRefreshError for anything wrong) and by JwtToken, whose documented error is
// std::invalid_argument. Selector 0: the bytes after the first line are the token itself.
// Otherwise they are the token's payload (claims JSON), wrapped as header.payload.signature in
// base64url, so the claims reader gets JSON rather than base64 noise. Oracle: a token that
// reads has the "exp" claim's value as its expiry.
#include "fuzz_common.hpp"

#include <stdexcept>

#include "../../lib/api/auth.hpp"

using namespace clientfuzz;

namespace {

std::string base64url(std::string_view in) {
  static const char* t = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    unsigned v = (unsigned char)in[i] << 16 | (unsigned char)in[i + 1] << 8 | (unsigned char)in[i + 2];
    out += t[v >> 18];
    out += t[(v >> 12) & 63];
    out += t[(v >> 6) & 63];
    out += t[v & 63];
  }
  if (i + 1 == in.size()) {
    unsigned v = (unsigned char)in[i] << 16;
    out += t[v >> 18];
    out += t[(v >> 12) & 63];
  } else if (i + 2 == in.size()) {
    unsigned v = (unsigned char)in[i] << 16 | (unsigned char)in[i + 1] << 8;
    out += t[v >> 18];
    out += t[(v >> 12) & 63];
    out += t[(v >> 6) & 63];
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Answer a = read_answer(data, size);
  std::string token = a.selector % 2 == 0
                          ? a.body
                          : base64url(R"({"alg":"HS256","typ":"JWT"})") + "." + base64url(a.body) + ".c2lnbmF0dXJl";
  try {
    JwtToken t(token);
    check(t.token() == token, "token text");
    // exp is in the future (an expired token is refused) and comes from the claims.
    if (a.selector % 2 == 1) {
      Json claims = Json::parse(a.body);
      if (claims["exp"].is_integer()) check(t.expiry() == claims["exp"].as_int64(), "expiry is not the exp claim");
    }
    (void)t.needs_refresh(std::chrono::seconds(60));
  } catch (const std::invalid_argument&) {
  } catch (const DeserializationError&) {
    // Json::parse of a payload that cpp-jwt read: JSON texts it accepts and RapidJSON refuses.
  } catch (const std::exception& e) {
    fail("JwtToken: not std::invalid_argument", std::string(typeid(e).name()) + ": " + e.what());
  }

  // The login decoder, as the connection's JWT authenticator runs it.
  JsonBuilder body;
  body.begin_object();
  body.key("jwt");
  body.string(token);
  body.end_object();
  Response r = make_response(a);
  r.status_code = a.status / 100 == 2 ? a.status : 200;
  r.raw_body = std::move(body.finish()).str();
  auto op = detail::ops::login(Auth{"root", "pw"});
  try {
    decode(op, r);
  } catch (const JWTRefreshError&) {
  } catch (const std::exception& e) {
    fail("login: not a JWTRefreshError", e.what());
  }
  return 0;
}
