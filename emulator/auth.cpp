#include "auth.hpp"

#include <chrono>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

#include <jwt/jwt.hpp>

#include "http_types.hpp"
#include "store.hpp"

namespace emu {
namespace {

int b64_value(char c) noexcept {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+' || c == '-') return 62;
  if (c == '/' || c == '_') return 63;
  return -1;
}

std::string random_secret() {
  std::random_device rd;
  static constexpr char kChars[] =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  std::uniform_int_distribution<std::size_t> dist(0, sizeof(kChars) - 2);
  std::string out;
  for (int i = 0; i < 48; ++i) {
    out.push_back(kChars[dist(rd)]);
  }
  return out;
}

}  // namespace

std::string base64_decode(std::string_view in, bool* ok) {
  std::string out;
  std::uint32_t buf = 0;
  int bits = 0;
  bool good = true;
  for (char c : in) {
    if (c == '=') {
      break;
    }
    if (c == '\r' || c == '\n' || c == ' ') {
      continue;
    }
    int v = b64_value(c);
    if (v < 0) {
      good = false;
      break;
    }
    buf = (buf << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buf >> bits) & 0xff));
    }
  }
  if (ok != nullptr) {
    *ok = good;
  }
  return out;
}

std::string base64_encode(std::string_view in) {
  static constexpr char kChars[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::uint32_t buf = 0;
  int bits = 0;
  for (char ch : in) {
    buf = (buf << 8) | static_cast<unsigned char>(ch);
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(kChars[(buf >> bits) & 0x3f]);
    }
  }
  if (bits > 0) {
    out.push_back(kChars[(buf << (6 - bits)) & 0x3f]);
  }
  while (out.size() % 4 != 0) {
    out.push_back('=');
  }
  return out;
}

namespace {

// The keyfile's content with surrounding whitespace removed
// (StringUtils::trim(contents, " \t\n\r")); false when unreadable.
bool read_keyfile(std::string const& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  auto const first = s.find_first_not_of(" \t\n\r");
  if (first == std::string::npos) {
    out.clear();
    return true;
  }
  auto const last = s.find_last_not_of(" \t\n\r");
  out = s.substr(first, last - first + 1);
  return true;
}

}  // namespace

Authenticator::Authenticator(Store& store, bool enabled, std::string jwt_secret,
                             std::string jwt_secret_keyfile)
    : store_(store), enabled_(enabled), keyfile_(std::move(jwt_secret_keyfile)),
      secret_(std::move(jwt_secret)) {
  if (!keyfile_.empty()) {
    std::string message;
    if (reload_secret(message) != 0) throw std::runtime_error(message);
  }
  if (secret_.empty()) {
    secret_ = random_secret();
  }
}

std::string Authenticator::jwt_secret() const {
  std::lock_guard lock(secret_mutex_);
  return secret_;
}

int Authenticator::reload_secret(std::string& message) {
  if (keyfile_.empty()) {
    message = "no JWT secret file was specified";
    return 10;  // TRI_ERROR_BAD_PARAMETER
  }
  std::string secret;
  if (!read_keyfile(keyfile_, secret)) {
    message = "unable to read content of jwt-secret file '" + keyfile_ +
              "': cannot open file. please make sure the file/directory is readable for the "
              "arangod process and user";
    return 22;  // TRI_ERROR_CANNOT_READ_FILE
  }
  std::lock_guard lock(secret_mutex_);
  secret_ = std::move(secret);
  return 0;
}

AuthResult Authenticator::authenticate(std::string const* authorization) const {
  AuthResult r;
  if (authorization == nullptr) {
    return r;
  }
  std::string_view value = *authorization;
  auto space = value.find(' ');
  if (space == std::string_view::npos) {
    return r;
  }
  std::string_view scheme = value.substr(0, space);
  std::string_view rest = value.substr(space);
  while (!rest.empty() && rest.front() == ' ') {
    rest.remove_prefix(1);
  }
  if (iequals(scheme, "basic")) {
    return check_basic(rest);
  }
  if (iequals(scheme, "bearer")) {
    return check_jwt(rest);
  }
  return r;  // unknown scheme: unauthenticated
}

AuthResult Authenticator::check_basic(std::string_view credentials) const {
  AuthResult r;
  r.method = AuthResult::Method::Basic;
  bool ok = false;
  std::string decoded = base64_decode(credentials, &ok);
  if (!ok) {
    return r;
  }
  auto colon = decoded.find(':');
  if (colon == std::string::npos) {
    return r;
  }
  std::string user = decoded.substr(0, colon);
  std::string password = decoded.substr(colon + 1);
  std::string authenticated_user;
  if (store_.check_credentials(user, password, authenticated_user)) {
    r.authenticated = true;
    r.user = std::move(authenticated_user);
  }
  return r;
}

AuthResult Authenticator::check_jwt(std::string_view token) const {
  AuthResult r;
  r.method = AuthResult::Method::Jwt;
  try {
    using namespace jwt::params;
    std::error_code ec;
    std::string const key = jwt_secret();
    auto decoded = jwt::decode(jwt::string_view(token.data(), token.size()),
                               algorithms({"HS256"}), ec, secret(key), verify(true));
    if (ec) {
      return r;  // bad signature, expired, malformed ...
    }
    auto const& payload = decoded.payload();
    if (!payload.has_claim("iss") ||
        payload.get_claim_value<std::string>("iss") != "arangodb") {
      return r;
    }
    if (payload.has_claim("preferred_username")) {
      r.user = payload.get_claim_value<std::string>("preferred_username");
      // a user token is only good while its user exists and is active
      r.authenticated = !r.user.empty() && store_.user_active(r.user);
      if (!r.authenticated) r.user.clear();
    } else if (payload.has_claim("server_id")) {
      r.superuser_token = true;
      r.authenticated = true;
    }
  } catch (std::exception const&) {
    r.authenticated = false;
    r.user.clear();
  }
  return r;
}

std::string Authenticator::issue_user_token(std::string_view user, double lifetime_seconds) const {
  using namespace jwt::params;
  auto now = std::chrono::system_clock::now();
  auto lifetime = std::chrono::duration_cast<std::chrono::system_clock::duration>(
      std::chrono::duration<double>(lifetime_seconds));
  jwt::jwt_object obj{algorithm("HS256"), secret(jwt_secret())};
  obj.add_claim("preferred_username", std::string(user))
      .add_claim("iss", "arangodb")
      .add_claim("iat", now)
      .add_claim("exp", now + lifetime);
  return obj.signature();
}

std::string Authenticator::issue_superuser_token(std::string_view server_id) const {
  using namespace jwt::params;
  jwt::jwt_object obj{algorithm("HS256"), secret(jwt_secret())};
  obj.add_claim("iss", "arangodb").add_claim("server_id", std::string(server_id));
  return obj.signature();
}

}  // namespace emu
