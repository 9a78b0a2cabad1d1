// The client against the emulator's own HTTPS (arango-emulator-run --tls: ARANGO_URL is https,
// ARANGO_CA_FILE signed its certificate for 127.0.0.1 and localhost, ARANGO_WRONG_CA_FILE did
// not): verification by default, the wrong CA, verification off, and http2_tls against a TLS
// server that offers no h2 by ALPN (HTTP/1.1 then).
#include <arango/arango.hpp>

#include <catch2/catch.hpp>

#include <string>

#include "../support/collections.hpp"
#include "../support/transport_env.hpp"

using namespace arango;
using testenv::Endpoint;
using testenv::expect_error;
using testenv::need;
using testenv::tls_options;

TEST_CASE("the emulator's HTTPS: verified by default, ALPN without h2 gives HTTP/1.1", "[tls]") {
  const std::string url = testenv::url();
  REQUIRE(url.rfind("https://127.0.0.1:", 0) == 0);
  const std::string localhost_url = "https://localhost:" + url.substr(std::string("https://127.0.0.1:").size());
  const std::string ca = need("ARANGO_CA_FILE");
  const std::string wrong_ca = need("ARANGO_WRONG_CA_FILE");

  for (HttpVersion version : {HttpVersion::http1_1, HttpVersion::http2_tls}) {
    INFO("http_version " << static_cast<int>(version));
    for (const std::string& u : {url, localhost_url}) {  // the certificate names both
      Endpoint ok(u, tls_options(version, ca));
      StandardDatabase sys = ok.sys();
      CHECK(sys.version().get()["server"].as_string() == "arango");
      Response raw = sys.request(Request(Method::GET, "/_api/version")).get();
      CHECK(raw.http_version == "1.1");
      CHECK(ok.http->responses_received() == 2);
      CHECK(ok.http->http2_responses() == 0);
    }
    testenv::check_untrusted_certificates(url, version, wrong_ca);
  }
  // Cleartext to the TLS port: the server does not answer HTTP; a connection error, not TLS.
  Endpoint cleartext("http" + url.substr(5), HttpClientOptions{});
  ErrorPtr error;
  try {
    (void)cleartext.sys().version().get();
  } catch (const ClientConnectionError& e) {
    error = e.clone();
  }
  REQUIRE(error);
  CHECK(dynamic_cast<const ClientTLSError*>(error.get()) == nullptr);
}
