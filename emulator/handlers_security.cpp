// /_admin/server/jwt, /_admin/server/tls, /_admin/server/encryption
// (RestAdminServerHandler of arangod 3.12).
//
// * jwt: what the Enterprise Edition answers (a community build has no such
//   handler and answers 404): GET reports the SHA-256 of the active secret,
//   POST (superuser only) re-reads --jwt-secret-keyfile, so the secret can be
//   rotated; without a keyfile POST fails with 400 / 10.
// * tls: GET (any authenticated caller) and POST (superuser only) report the
//   server key file: SHA-256 of the PEM data, the certificates, the SHA-256 of
//   the private key; an empty object without TLS. POST re-reads the files.
// * encryption: there is no encryption at rest, so 404 as a server without it.
#include <openssl/evp.h>

#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "handlers.hpp"
#include "options.hpp"
#include "permissions.hpp"
#include "router.hpp"

namespace emu {
namespace {

std::string sha256_hex(std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr) != 1) return {};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    out.push_back(kHex[md[i] >> 4]);
    out.push_back(kHex[md[i] & 15]);
  }
  return out;
}

bool read_file(std::string const& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}

// PEM blocks ("-----BEGIN X-----" ... "-----END X-----\n") of `pem`.
std::vector<std::string> pem_blocks(std::string const& pem, bool keys) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while ((pos = pem.find("-----BEGIN ", pos)) != std::string::npos) {
    auto const label_end = pem.find("-----", pos + 11);
    if (label_end == std::string::npos) break;
    std::string label = pem.substr(pos + 11, label_end - pos - 11);
    std::string end_marker = "-----END " + label + "-----";
    auto const end = pem.find(end_marker, label_end);
    if (end == std::string::npos) break;
    std::string block = pem.substr(pos, end + end_marker.size() - pos) + "\n";
    bool const is_key = label.find("PRIVATE KEY") != std::string::npos;
    if (is_key == keys) out.push_back(std::move(block));
    pos = end + end_marker.size();
  }
  return out;
}

// SslServerFeature::dumpPEM.
void write_pem(JsonWriter& w, std::string_view name, std::string const& pem) {
  w.key(name).begin_object();
  if (!pem.empty()) {
    std::string const sha = sha256_hex(pem);
    w.kv("sha256", sha).kv("SHA256", sha);  // "SHA256": deprecated spelling, still sent
    w.key("certificates").begin_array();
    for (auto const& c : pem_blocks(pem, false)) w.string(c);
    w.end_array();
    auto keys = pem_blocks(pem, true);
    if (!keys.empty()) {
      std::string const key_sha = sha256_hex(keys.front());
      w.kv("privateKeySha256", key_sha).kv("privateKeySHA256", key_sha);
    }
  }
  w.end_object();
}

// The superuser gate of the reload calls (ExecContext::isSuperuser: a
// superuser JWT, or authentication off).
bool superuser(RequestContext const& ctx) { return AccessContext::of(ctx).superuser(); }

// ----- jwt -----------------------------------------------------------------------

HttpResponse jwt_info(RequestContext& ctx) {
  std::string const sha = sha256_hex(ctx.svc.auth.jwt_secret());
  return ok_result(200, [&](JsonWriter& w) {
    w.begin_object();
    w.key("active").begin_object().kv("sha256", sha).end_object();
    w.key("passive").begin_array().end_array();
    w.end_object();
  });
}

HttpResponse jwt_reload(RequestContext& ctx) {
  if (!superuser(ctx)) return error_response(403, err::kForbidden);
  std::string message;
  if (int e = ctx.svc.auth.reload_secret(message); e != 0) {
    return error_response(e == 10 ? 400 : 500, e, message);
  }
  return jwt_info(ctx);
}

// ----- tls -----------------------------------------------------------------------

HttpResponse tls_info(RequestContext& ctx) {
  auto const& o = ctx.svc.options;
  std::string keyfile;
  if (!o.tls_cert.empty()) {
    std::string cert;
    std::string key;
    if (!read_file(o.tls_cert, cert) || (!o.tls_key.empty() && !read_file(o.tls_key, key))) {
      return error_response(400, 22, "unable to read the TLS key file");
    }
    keyfile = o.tls_key == o.tls_cert ? cert : cert + key;
  }
  return ok_result(200, [&](JsonWriter& w) {
    w.begin_object();
    if (!keyfile.empty()) {
      write_pem(w, "keyfile", keyfile);
      write_pem(w, "clientCA", std::string());
    }
    w.end_object();
  });
}

HttpResponse tls_reload(RequestContext& ctx) {
  if (!superuser(ctx)) {
    return error_response(403, err::kForbidden, "only superusers may reload TLS data");
  }
  return tls_info(ctx);
}

HttpResponse tls_other(RequestContext&) { return error_response(403, err::kForbidden); }

// ----- encryption ------------------------------------------------------------------

HttpResponse no_encryption(RequestContext&) { return error_response(404, err::kHttpNotFound); }

}  // namespace

void register_security_handlers(Router& api) {
  api.get("/_admin/server/jwt", jwt_info);
  api.post("/_admin/server/jwt", jwt_reload);
  api.get("/_admin/server/tls", tls_info);
  api.post("/_admin/server/tls", tls_reload);
  for (auto const* method : {"PUT", "PATCH", "DELETE"}) api.add(method, "/_admin/server/tls", tls_other);
  for (auto const* method : {"GET", "POST", "PUT", "PATCH", "DELETE"}) {
    api.add(method, "/_admin/server/encryption", no_encryption);
  }
}

}  // namespace emu
