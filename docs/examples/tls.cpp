// docs/tls.md quotes the regions of this file. It runs against an emulator serving HTTPS
// (arango-emulator-run --tls: a throwaway CA, exported as ARANGO_CA_FILE, signed the server's
// certificate for 127.0.0.1 and localhost; ARANGO_WRONG_CA_FILE is a CA that signed nothing) and
// exits non-zero when anything is not as the guide says.
#include <arango/arango.hpp>

#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>

#include "example.hpp"

int main() {
  const std::string url = env("ARANGO_URL", "https://127.0.0.1:8529");
  const std::string ca_file = env("ARANGO_CA_FILE", "");
  const std::string wrong_ca_file = env("ARANGO_WRONG_CA_FILE", "");
  const arango::Auth auth{env("ARANGO_USER", "root"), env("ARANGO_PASSWORD", "")};
  if (url.rfind("https://", 0) != 0 || ca_file.empty()) {
    std::cerr << "run this under arango-emulator-run --tls (ARANGO_URL must be https, ARANGO_CA_FILE set)\n";
    return 1;
  }

  {
    //! [ca-file]
    // url is "https://...": the scheme alone selects TLS.
    arango::ArangoClient client(arango::ClientOptions{
        .hosts = {url},
        .http = {.ca_file = ca_file}});  // PEM bundle of the CAs to trust; empty: the system's store
    arango::StandardDatabase sys = client.db("_system", {.auth = auth}).get();
    std::cout << sys.version().get()["server"].as_string() << " over TLS\n";
    //! [ca-file]
    expect(sys.version().get()["server"].as_string() == "arango", "a call over TLS with the right CA works");
  }

  {
    //! [untrusted]
    // The system's CA store does not know the test CA: the handshake fails, nothing is sent.
    arango::ArangoClient client(arango::ClientOptions{.hosts = {url}});
    arango::StandardDatabase sys = client.db("_system", {.auth = auth}).get();
    try {
      (void)sys.version().get();
    } catch (const arango::ClientTLSError& e) {  // also a ClientConnectionError
      std::cout << "refused: " << e.what() << "\n";
    }
    //! [untrusted]
    for (const std::string& ca : {std::string(), wrong_ca_file}) {
      auto http = std::make_shared<arango::DefaultHTTPClient>(arango::HttpClientOptions{.ca_file = ca});
      arango::ArangoClient untrusted(arango::ClientOptions{.hosts = {url}, .http_client = http});
      arango::StandardDatabase db = untrusted.db("_system", {.auth = auth}).get();
      bool tls_error = false, connection_error = false;
      try {
        (void)db.version().get();
      } catch (const arango::ClientTLSError& e) {
        tls_error = std::string(e.what()).find(url) != std::string::npos;
      }
      try {
        (void)db.version().get();
      } catch (const arango::ClientConnectionError&) {
        connection_error = true;
      }
      expect(tls_error, "an untrusted certificate is ClientTLSError naming the URL");
      expect(connection_error, "ClientTLSError is a ClientConnectionError");
      expect(http->responses_received() == 0, "no response was received over an untrusted connection");
    }
    arango::ArangoClient missing(arango::ClientOptions{.hosts = {url}, .http = {.ca_file = "/nonexistent/ca.pem"}});
    bool tls_error = false;
    try {
      (void)missing.db("_system", {.auth = auth}).get().version().get();
    } catch (const arango::ClientTLSError&) {
      tls_error = true;
    }
    expect(tls_error, "an unreadable ca_file is ClientTLSError");
  }

  {
    //! [no-verify]
    // Tests only: accept any certificate and any host name.
    arango::ArangoClient client(arango::ClientOptions{
        .hosts = {url},
        .http = {.verify_peer = false, .verify_host = false}});
    //! [no-verify]
    arango::StandardDatabase sys = client.db("_system", {.auth = auth}).get();
    expect(sys.version().get()["server"].as_string() == "arango", "verify_peer = false accepts the certificate");
  }

  {
    //! [http2]
    auto http = std::make_shared<arango::DefaultHTTPClient>(arango::HttpClientOptions{
        .http_version = arango::HttpVersion::http2_tls,  // offer h2 by ALPN; HTTP/1.1 if refused
        .ca_file = ca_file});
    arango::ArangoClient client(arango::ClientOptions{.hosts = {url}, .http_client = http});
    arango::StandardDatabase sys = client.db("_system", {.auth = auth}).get();
    arango::Response r = sys.request(arango::Request(arango::Method::GET, "/_api/version")).get();
    std::cout << "HTTP/" << r.http_version << "; " << http->http2_responses() << " of "
              << http->responses_received() << " responses over HTTP/2\n";
    //! [http2]
    // The emulator speaks HTTP/1.1 only: ALPN settles on http/1.1.
    expect(r.http_version == "1.1", "the emulator's TLS answers over HTTP/1.1");
    expect(http->http2_responses() == 0 && http->responses_received() == 1,
           "the counters show no HTTP/2 response and one response");
  }

  if (failures == 0) std::cout << "tls: all as documented\n";
  return failures == 0 ? 0 : 1;
}
