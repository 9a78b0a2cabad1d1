// docs/retries-and-failover.md quotes the regions of this file. It runs against an emulator with
// three listeners (arango-emulator-run --coordinators 3 exports ARANGO_HOSTS) and drives the
// emulator's fault injection (/_emulator/faults, /_emulator/listeners) to make attempts fail; it
// exits non-zero when anything is not as the guide says.
#include <arango/arango.hpp>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "example.hpp"

namespace {

/// The emulator's control API (no authentication; every listener answers it).
arango::Json control(const std::string& host, arango::Method method, const std::string& path,
                     std::string body = {}) {
  arango::ArangoClient c(host);
  arango::Request r(method, path, {}, std::move(body));
  r.prefix_needed = false;
  auto response = c.db("_system", {.auth = arango::Auth{"", ""}}).get().request(r).get();
  if (!response.is_success) throw std::runtime_error("control call failed: " + path + ": " + response.raw_body);
  return arango::Json::parse(response.raw_body);
}

template <class E, class F>
bool raises(F&& f) {
  try {
    f();
  } catch (const E&) {
    return true;
  } catch (const std::exception& e) {
    std::cerr << "  (raised something else: " << e.what() << ")\n";
  }
  return false;
}

}  // namespace

int main() {
  using namespace std::chrono_literals;
  const std::vector<std::string> hosts = split(env("ARANGO_HOSTS", "http://127.0.0.1:8529"));
  const arango::Auth auth{env("ARANGO_USER", "root"), env("ARANGO_PASSWORD", "")};
  if (hosts.size() != 3) {
    std::cerr << "run this under arango-emulator-run --coordinators 3\n";
    return 1;
  }
  const std::string& ctl = hosts[2];  // the control API is reached through a host that stays up
  {
    arango::ArangoClient setup(hosts[0]);
    setup.db("_system", {.auth = auth}).get().create_collection("orders").get();
  }

  {
    //! [options]
    arango::ArangoClient client(arango::ClientOptions{
        .hosts = hosts,
        .host_resolver = std::string("roundrobin"),  // attempts per call: 3 x hosts (max_tries)
        .retry = {.initial_backoff = 20ms, .max_backoff = 1000ms, .retry_on_503 = true}});  // the defaults
    //! [options]
    arango::StandardDatabase db = client.db("_system", {.auth = auth}).get();
    auto orders = db.collection("orders");

    // A host that is down: the request never left, so even an insert moves on to the next host.
    control(ctl, arango::Method::POST, "/_emulator/listeners/0/stop");
    for (int i = 0; i < 6; ++i) orders.insert(arango::Json::object({{"n", i}})).get();
    control(ctl, arango::Method::POST, "/_emulator/listeners/0/start");
    expect(orders.count().get() == 6, "inserts while host 0 is down all land elsewhere, once each");

    // A 503: the server did not run the request; it is sent again on another host.
    control(ctl, arango::Method::POST, "/_emulator/faults",
            R"({"path":"/_api/document","method":"POST","action":"status503","count":1})");
    orders.insert(arango::Json::object({{"n", 6}})).get();
    expect(orders.count().get() == 7, "an insert answered 503 once is retried and lands once");

    // A connection reset after the request went out: a GET is sent again ...
    control(ctl, arango::Method::POST, "/_emulator/faults",
            R"({"path":"/_api/version","method":"GET","action":"reset","count":1})");
    expect(db.version().get()["server"].as_string() == "arango", "a GET whose connection was reset is retried");

  }
  {
    arango::ArangoClient client(arango::ClientOptions{.hosts = hosts});
    auto orders = client.db("_system", {.auth = auth}).get().collection("orders");
    control(ctl, arango::Method::POST, "/_emulator/faults",
            R"({"path":"/_api/document","method":"POST","action":"reset","count":1})");
    //! [not-retried]
    // A POST whose connection failed after it was sent may have run: not sent again.
    try {
      orders.insert(arango::Json::object({{"n", 7}})).get();
    } catch (const arango::ClientConnectionError& e) {
      std::cout << "not retried: " << e.what() << "\n";
    }
    //! [not-retried]
    control(ctl, arango::Method::POST, "/_emulator/faults",
            R"({"path":"/_api/document","method":"POST","action":"reset","count":1})");
    expect(raises<arango::ClientConnectionError>([&] { orders.insert(arango::Json::object({{"n", 7}})).get(); }),
           "a POST whose connection was reset ends with ClientConnectionError");
    control(ctl, arango::Method::DELETE, "/_emulator/faults");
  }

  {
    //! [no-503-retry]
    arango::ArangoClient client(arango::ClientOptions{.hosts = hosts, .retry = {.retry_on_503 = false}});
    arango::StandardDatabase db = client.db("_system", {.auth = auth}).get();
    //! [no-503-retry]
    control(ctl, arango::Method::POST, "/_emulator/faults",
            R"({"path":"/_api/document","method":"POST","action":"status503","count":1})");
    bool raised = false;
    try {
      db.collection("orders").insert(arango::Json::object({{"n", 8}})).get();
    } catch (const arango::DocumentInsertError& e) {
      raised = e.http_code() == 503;
    }
    expect(raised, "with retry_on_503 = false a 503 is the call's own error (DocumentInsertError, 503)");
  }

  {
    //! [aborted]
    // Nothing listens on port 1: every attempt fails to connect, and after max_tries the call
    // ends with ClientConnectionAbortedError, naming the last failure.
    arango::ArangoClient client(arango::ClientOptions{.hosts = {"http://127.0.0.1:1"}});
    arango::StandardDatabase db = client.db("_system", {.auth = auth}).get();
    try {
      (void)db.version().get();
    } catch (const arango::ClientConnectionAbortedError& e) {
      std::cout << e.what() << "\n";  // "Can't connect to host(s) within limit (3): ..."
    }
    //! [aborted]
    auto started = std::chrono::steady_clock::now();
    bool raised = false;
    try {
      (void)db.version().get();
    } catch (const arango::ClientConnectionAbortedError& e) {
      raised = std::string(e.what()).find("within limit (3)") != std::string::npos;
    }
    auto took = std::chrono::steady_clock::now() - started;
    expect(raised, "an unreachable host ends with ClientConnectionAbortedError after 3 tries");
    expect(took >= 20ms && took < 2s, "two backoff waits (20 ms, then 40 ms, 50-100% each) come between the tries");
  }

  {
    arango::ArangoClient client(arango::ClientOptions{.hosts = hosts});
    arango::StandardDatabase db = client.db("_system", {.auth = auth}).get();
    control(ctl, arango::Method::POST, "/_emulator/faults",
            R"({"path":"/_api/version","method":"GET","action":"delay","delay_ms":2000,"count":1})");
    //! [timeout]
    // A deadline for every call on this handle: from submission to the last byte, all attempts
    // and backoff waits included.
    arango::StandardDatabase quick = db.with_timeout(200ms);
    try {
      (void)quick.version().get();
    } catch (const arango::RequestTimeoutError& e) {
      std::cout << "timed out: " << e.what() << "\n";
    }
    //! [timeout]
    expect(raises<arango::RequestTimeoutError>([&] {
             control(ctl, arango::Method::POST, "/_emulator/faults",
                     R"({"path":"/_api/version","method":"GET","action":"delay","delay_ms":2000,"count":1})");
             (void)quick.version().get();
           }),
           "a call slower than with_timeout ends with RequestTimeoutError");
    expect(db.version().get()["server"].as_string() == "arango", "the handle without a deadline still works");

    control(ctl, arango::Method::PUT, "/_emulator/queue-time", R"({"seconds":3})");
    //! [queue-time]
    // Ask the server to drop the request unrun if it waited more than 1 s in its queue.
    arango::StandardDatabase bounded = db.with_call_options({.timeout = 10s, .max_queue_time = 1s});
    try {
      (void)bounded.version().get();
    } catch (const arango::QueueTimeViolatedError& e) {
      std::cout << e.http_code() << " " << e.error_code() << "\n";  // 412 21004
    }
    //! [queue-time]
    bool raised = false;
    try {
      (void)bounded.version().get();
    } catch (const arango::QueueTimeViolatedError& e) {
      raised = e.http_code() == 412 && e.error_code() == arango::errno_::QUEUE_TIME_REQUIREMENT_VIOLATED;
    }
    expect(raised, "a request queued longer than max_queue_time is QueueTimeViolatedError 412 / 21004");
    control(ctl, arango::Method::PUT, "/_emulator/queue-time", R"({"seconds":0})");
  }

  {
    //! [affinity]
    arango::ArangoClient client(arango::ClientOptions{.hosts = hosts});  // the single resolver: host 0
    arango::StandardDatabase db = client.db("_system", {.auth = auth}).get();
    auto cursor = db.aql().execute("FOR i IN 1..10 RETURN i", {.batch_size = 2}).get();
    //! [affinity]
    control(ctl, arango::Method::POST, "/_emulator/listeners/0/stop");
    bool raised = false;
    try {
      while (cursor.next().get()) {
      }
    } catch (const arango::HostUnreachableError&) {
      raised = true;
    }
    expect(raised, "a cursor's next batch is not moved to another host (HostUnreachableError)");
    expect(db.version().get()["server"].as_string() == "arango", "other calls move on to another host");
    control(ctl, arango::Method::POST, "/_emulator/listeners/0/start");
  }

  {
    arango::ArangoClient cleanup(hosts[1]);
    cleanup.db("_system", {.auth = auth}).get().delete_collection("orders").get();
  }
  if (failures == 0) std::cout << "retries and failover: all as documented\n";
  return failures == 0 ? 0 : 1;
}
