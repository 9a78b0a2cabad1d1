// docs/emulator.md quotes the regions of this file. It is a program that starts its own emulators
// with <arango/testing/emulator.hpp>, as a user's test does (the emulator binary is found through
// $ARANGO_EMULATOR, set by the docs test), and exits non-zero when anything is not as the guide
// says.
#include <arango/arango.hpp>
#include <arango/testing/emulator.hpp>

#include <iostream>
#include <string>

#include "example.hpp"

//! [control]
// The emulator's test-control API (not part of ArangoDB): no authentication, no /_db prefix,
// answered by every listener.
arango::Json control(const arango::StandardDatabase& db, arango::Method method, std::string path,
                     std::string body = {}) {
  arango::Request request(method, std::move(path), {}, std::move(body));
  request.prefix_needed = false;
  arango::Response response = db.request(request).get();
  return arango::Json::parse(response.raw_body);
}
//! [control]

int main() {
  {
    //! [start]
    arango::testing::Emulator emu(arango::testing::EmulatorOptions{
        .root_password = "secret",
        .extra_args = {"--trx-idle-timeout", "5"},  // any arango-emulator option
        .listeners = 2});                            // two coordinators over one store
    arango::ArangoClient client(arango::ClientOptions{.hosts = emu.urls()});
    arango::StandardDatabase sys =
        client.db("_system", {.auth = arango::Auth{emu.username(), emu.password()}}).get();
    std::cout << sys.version().get()["version"].as_string() << " at " << emu.url() << "\n";
    //! [start]
    expect(emu.urls().size() == 2 && emu.url() == emu.urls()[0], "two listeners, url() is the first");
    expect(emu.username() == "root" && emu.password() == "secret", "root with the given password");
    expect(sys.version().get()["version"].as_string().rfind("3.12.", 0) == 0, "it answers as ArangoDB 3.12");
    expect(emu.running() && emu.pid() > 0, "running() and pid()");

    //! [faults]
    // The next GET /_api/version (on any listener, in any database) answers 503 once.
    control(sys, arango::Method::POST, "/_emulator/faults",
            R"({"path": "/_api/version", "method": "GET", "action": "status503", "count": 1})");
    arango::ArangoClient no_retry(arango::ClientOptions{.hosts = emu.urls(), .retry = {.retry_on_503 = false}});
    try {
      (void)no_retry.db("_system", {.auth = arango::Auth{"root", "secret"}}).get().version().get();
    } catch (const arango::ServerVersionError& e) {
      std::cout << "injected: " << e.http_code() << "\n";  // 503
    }
    arango::Json stats = control(sys, arango::Method::GET, "/_emulator/stats");
    std::cout << stats["requests"].as_int64() << " requests so far\n";
    control(sys, arango::Method::DELETE, "/_emulator/faults");  // clear what is left
    //! [faults]
    {
      control(sys, arango::Method::POST, "/_emulator/faults",
              R"({"path": "/_api/version", "method": "GET", "action": "status503", "count": 1})");
      bool got503 = false;
      try {
        (void)no_retry.db("_system", {.auth = arango::Auth{"root", "secret"}}).get().version().get();
      } catch (const arango::ServerVersionError& e) {
        got503 = e.http_code() == 503;
      }
      expect(got503, "a status503 fault makes the call fail with 503");
      expect(sys.version().get()["server"].as_string() == "arango", "count 1: the next call is answered");
      expect(stats["requests"].as_int64() > 0, "stats count requests");
    }

    //! [stop]
    int status = emu.stop();  // also what the destructor does: SIGTERM, then SIGKILL after stop_timeout
    std::cout << "exit status " << status << "\n";  // 0 after a clean SIGTERM
    //! [stop]
    expect(status == 0 && !emu.running(), "stop() returns 0 after a clean shutdown");
    bool refused = false;
    try {
      (void)sys.version().get();
    } catch (const arango::ClientConnectionError&) {
      refused = true;
    }
    expect(refused, "after stop() nothing answers");
  }

  {
    //! [not-found]
    try {
      arango::testing::Emulator missing(arango::testing::EmulatorOptions{.binary = "/nonexistent/arango-emulator"});
    } catch (const arango::testing::EmulatorError& e) {  // a std::runtime_error
      std::cout << "could not start: " << e.what() << "\n";
    }
    //! [not-found]
    bool raised = false;
    try {
      arango::testing::Emulator missing(arango::testing::EmulatorOptions{.binary = "/nonexistent/arango-emulator"});
    } catch (const arango::testing::EmulatorError&) {
      raised = true;
    }
    expect(raised, "a binary that does not exist is EmulatorError");
  }

  {
    arango::testing::Emulator a, b;
    expect(a.url() != b.url(), "each Emulator is a server of its own, on its own port");
  }

  if (failures == 0) std::cout << "emulator: all as documented\n";
  return failures == 0 ? 0 : 1;
}
