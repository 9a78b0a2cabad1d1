// Helpers of the transport tests: required environment variables, client options for TLS and
// h2c, and a client on a DefaultHTTPClient of its own (to read its counters).
#pragma once

#include <arango/arango.hpp>

#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <string>

#include "collections.hpp"
#include "test_env.hpp"

namespace testenv {

/// The value of an environment variable the test cannot do without.
inline std::string need(const char* name) {
  const char* v = std::getenv(name);
  if (!v || !*v) {
    throw std::runtime_error(std::string(name) + " is not set: run this test through arango-emulator-run "
                                                 "(see the area's options in test/integration/meson.build)");
  }
  return v;
}

inline arango::HttpClientOptions tls_options(arango::HttpVersion version, std::string ca_file) {
  arango::HttpClientOptions o;
  o.http_version = version;
  o.ca_file = std::move(ca_file);
  return o;
}

inline arango::HttpClientOptions h2c_options() {
  arango::HttpClientOptions o;
  o.http_version = arango::HttpVersion::http2_prior_knowledge;
  return o;
}

/// A DefaultHTTPClient of its own (to read its counters) and an ArangoClient on it.
struct Endpoint {
  std::shared_ptr<arango::DefaultHTTPClient> http;
  std::unique_ptr<arango::ArangoClient> client;

  Endpoint(std::string url, arango::HttpClientOptions options)
      : http(std::make_shared<arango::DefaultHTTPClient>(std::move(options))),
        client(std::make_unique<arango::ArangoClient>(
            logged(arango::ClientOptions{.hosts = {std::move(url)}, .http_client = http}))) {}

  arango::StandardDatabase sys() const { return client->db("_system", root()).get(); }
  arango::StandardDatabase db(const std::string& name) const { return client->db(name, root()).get(); }
};

/// What every TLS endpoint at `url` must show: without the test CA (the system store, or a CA
/// that signed nothing) the call fails with ClientTLSError naming the URL, which is also a
/// ClientConnectionError, before any response; with verification off it works.
inline void check_untrusted_certificates(const std::string& url, arango::HttpVersion version,
                                         const std::string& wrong_ca) {
  using namespace arango;
  for (const std::string& ca : {std::string(), wrong_ca}) {
    INFO("CA file '" << ca << "'");
    Endpoint untrusted(url, tls_options(version, ca));
    auto e = expect_error<ClientTLSError>([&] { (void)untrusted.sys().version().get(); });
    CHECK_THAT(e.what(), Catch::Contains(url));
    (void)expect_error<ClientConnectionError>([&] { (void)untrusted.sys().version().get(); });
    CHECK(untrusted.http->responses_received() == 0);
  }
  HttpClientOptions off = tls_options(version, wrong_ca);
  off.verify_peer = false;
  off.verify_host = false;
  Endpoint unverified(url, off);
  CHECK(unverified.sys().version().get()["server"].as_string() == "arango");
}

}  // namespace testenv
