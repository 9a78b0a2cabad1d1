// JwtToken on cpp-jwt (which stays out of the public headers).
#include <arango/auth.hpp>

#include <jwt/jwt.hpp>

#include <fstream>
#include <iterator>
#include <stdexcept>

namespace arango {
inline namespace v1 {
namespace {

std::int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

/// A time claim (Unix seconds). nlohmann's get<std::int64_t> casts a floating-point value
/// without a range check (undefined behaviour for 1e300): a fraction is cut off, as that cast
/// does, but a value outside int64 is a malformed token.
template <class JsonObject>
std::int64_t seconds_claim(const JsonObject& claims, const char* name) {
  const auto& value = claims.at(name);
  if (value.is_number_float()) {
    double d = value.template get<double>();
    if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0)) {
      throw std::invalid_argument(std::string("the JWT's \"") + name + "\" claim is out of range");
    }
    return static_cast<std::int64_t>(d);
  }
  return value.template get<std::int64_t>();
}

}  // namespace

JwtToken::JwtToken(std::string token) : token_(std::move(token)) {
  // A JWT is ASCII (base64url parts and dots). cpp-jwt's base64 decoder indexes its 256-entry
  // table with a plain char: a byte from 0x80 up is a negative index, which fails its assert
  // (abort) or reads before the table (found by fuzz-client-jwt).
  for (char c : token_) {
    if (static_cast<unsigned char>(c) >= 0x80) throw std::invalid_argument("malformed JWT: a byte outside ASCII");
  }
  std::error_code ec;
  jwt::jwt_object decoded;
  try {
    using namespace jwt::params;
    // The signature cannot be checked without the server's secret: read the claims only.
    decoded = jwt::decode(jwt::string_view(token_.data(), token_.size()), algorithms({"HS256"}), ec, verify(false));
  } catch (const std::exception& e) {
    throw std::invalid_argument(std::string("malformed JWT: ") + e.what());
  }
  if (ec) throw std::invalid_argument("malformed JWT: " + ec.message());
  const auto& payload = decoded.payload();
  try {
    if (!payload.has_claim("exp")) throw std::invalid_argument("the JWT has no \"exp\" claim");
    exp_ = seconds_claim(payload.create_json_obj(), "exp");
    if (payload.has_claim("iat")) iat_ = seconds_claim(payload.create_json_obj(), "iat");
    if (payload.has_claim("preferred_username")) {
      username_ = payload.get_claim_value<std::string>("preferred_username");
    }
  } catch (const std::invalid_argument&) {
    throw;
  } catch (const std::exception& e) {
    throw std::invalid_argument(std::string("malformed JWT claims: ") + e.what());
  }
  if (now_seconds() >= exp_) throw std::invalid_argument("the JWT has expired");
}

JwtToken JwtToken::generate_token(std::string_view key, std::optional<std::int64_t> iat, std::int64_t exp,
                                  std::string_view iss, std::string_view server_id) {
  using namespace jwt::params;
  std::int64_t issued = iat.value_or(now_seconds());
  jwt::jwt_object obj{algorithm("HS256"), secret(std::string(key))};
  obj.add_claim("iat", issued)
      .add_claim("exp", issued + exp)
      .add_claim("iss", std::string(iss))
      .add_claim("server_id", std::string(server_id));
  return JwtToken(obj.signature());
}

JwtToken JwtToken::generate_token_from_file(const std::string& secret_file, std::int64_t exp, std::string_view iss,
                                            std::string_view server_id) {
  std::ifstream in(secret_file, std::ios::binary);
  if (!in) throw std::invalid_argument("cannot read the JWT secret file " + secret_file);
  std::string secret((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) secret.pop_back();
  if (secret.empty()) throw std::invalid_argument("the JWT secret file " + secret_file + " is empty");
  return generate_token(secret, std::nullopt, exp, iss, server_id);
}

bool JwtToken::needs_refresh(std::chrono::seconds leeway) const { return now_seconds() > exp_ - leeway.count(); }

}  // namespace v1
}  // namespace arango
