// Helpers of the transport tests: required environment variables, client options for TLS and
// h2c, and a client on a DefaultHTTPClient of its own (to read its counters).
#pragma once

#include <arango/arango.hpp>

#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <string>

#include "test_env.hpp"

namespace testenv {

/// The value of an environment variable the test cannot do without.
inline std::string need(const char* name) {
  const char* v = std::getenv(name);
  if (!v || !*v) {
    throw std::runtime_error(std::string(name) + " is not set: run this test through with_emulator.py "
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
            arango::ClientOptions{.hosts = {std::move(url)}, .http_client = http})) {}

  arango::StandardDatabase sys() const { return client->db("_system", root()).get(); }
  arango::StandardDatabase db(const std::string& name) const { return client->db(name, root()).get(); }
};

}  // namespace testenv
