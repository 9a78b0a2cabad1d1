// docs/host-resolution.md quotes the regions of this file. It runs against an emulator with three
// listeners, the coordinators of one cluster over one store (arango-emulator-run --coordinators 3
// exports their URLs as ARANGO_HOSTS), and exits non-zero when anything is not as the guide says.
#include <arango/arango.hpp>

#include <cstdlib>
#include <iostream>
#include <memory>
#include <mutex>
#include <random>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "example.hpp"

namespace {

/// The index of the host that answered a GET /_api/version.
std::size_t answered_by(const arango::StandardDatabase& db) {
  return db.request(arango::Request(arango::Method::GET, "/_api/version")).get().host_index.value();
}

/// The emulator's control API (no authentication, on every listener).
void control(const std::string& host, arango::Method method, const std::string& path) {
  arango::ArangoClient c(host);
  arango::Request r(method, path);
  r.prefix_needed = false;
  auto response = c.db("_system", {.auth = arango::Auth{"", ""}}).get().request(r).get();
  if (!response.is_success) throw std::runtime_error("control call failed: " + path);
}

}  // namespace

//! [random]
// A resolver of your own: a random host for each call. change_host() after a failed attempt
// is the base class's (it moves the shared index), so this one ignores it and picks again.
class RandomHostResolver final : public arango::HostResolver {
 public:
  explicit RandomHostResolver(std::size_t host_count) : HostResolver(host_count) {}
  std::size_t get_host_index() override {
    std::lock_guard lock(mutex_);
    return std::uniform_int_distribution<std::size_t>(0, host_count() - 1)(random_);
  }

 private:
  std::mutex mutex_;
  std::mt19937 random_{std::random_device{}()};
};
//! [random]

int main() {
  const std::vector<std::string> hosts = split(env("ARANGO_HOSTS", "http://127.0.0.1:8529"));
  const arango::Auth auth{env("ARANGO_USER", "root"), env("ARANGO_PASSWORD", "")};
  if (hosts.size() != 3) {
    std::cerr << "run this under arango-emulator-run --coordinators 3\n";
    return 1;
  }

  {
    //! [single]
    // The default resolver ("default" = "single"): every call goes to the first host, until an
    // attempt fails there; then it moves on to the next one and stays.
    arango::ArangoClient client(arango::ClientOptions{.hosts = hosts});
    arango::StandardDatabase db = client.db("_system", {.auth = auth}).get();
    //! [single]
    std::set<std::size_t> seen;
    for (int i = 0; i < 6; ++i) seen.insert(answered_by(db));
    expect(seen == std::set<std::size_t>{0}, "the single resolver sends every call to host 0");
    expect(client.host_resolver()->max_tries() == 9, "max_tries defaults to 3 x hosts");

    // Host 0 goes down: the next call moves on to host 1 and later calls stay there.
    control(hosts[2], arango::Method::POST, "/_emulator/listeners/0/stop");
    seen.clear();
    for (int i = 0; i < 4; ++i) seen.insert(answered_by(db));
    expect(seen == std::set<std::size_t>{1}, "after host 0 fails, the single resolver stays on host 1");
    control(hosts[2], arango::Method::POST, "/_emulator/listeners/0/start");
    seen.clear();
    for (int i = 0; i < 4; ++i) seen.insert(answered_by(db));
    expect(seen == std::set<std::size_t>{1}, "host 0 back up: the single resolver does not return to it");
  }

  {
    //! [roundrobin]
    // Hosts in turn, one per call: 0, 1, 2, 0, ...
    arango::ArangoClient client(arango::ClientOptions{.hosts = hosts, .host_resolver = std::string("roundrobin")});
    arango::StandardDatabase db = client.db("_system", {.auth = auth}).get();
    for (int i = 0; i < 3; ++i) {
      arango::Response r = db.request(arango::Request(arango::Method::GET, "/_api/version")).get();
      std::cout << "answered by host " << *r.host_index << " (" << hosts[*r.host_index] << ")\n";
    }
    //! [roundrobin]
    std::vector<std::size_t> order;
    for (int i = 0; i < 6; ++i) order.push_back(answered_by(db));
    bool in_turn = true;
    for (std::size_t i = 1; i < order.size(); ++i) in_turn &= order[i] == (order[i - 1] + 1) % 3;
    expect(in_turn, "the round robin resolver takes the hosts in turn");
  }

  {
    //! [own-resolver]
    auto resolver = std::make_shared<RandomHostResolver>(hosts.size());
    arango::ArangoClient client(arango::ClientOptions{.hosts = hosts, .host_resolver = resolver});
    //! [own-resolver]
    arango::StandardDatabase db = client.db("_system", {.auth = auth}).get();
    std::set<std::size_t> seen;
    for (int i = 0; i < 60; ++i) seen.insert(answered_by(db));
    expect(seen.size() == 3, "the random resolver reaches every host (60 calls)");
  }

  {
    //! [max-tries]
    // At most 4 attempts per call over the 3 hosts (the default is 3 x hosts = 9).
    arango::ArangoClient client(arango::ClientOptions{
        .hosts = hosts, .host_resolver = arango::get_resolver("roundrobin", hosts.size(), /*max_tries=*/4)});
    //! [max-tries]
    expect(client.host_resolver()->max_tries() == 4, "get_resolver passes max_tries on");
    bool raised = false;
    try {
      (void)arango::get_resolver("roundrobin", 3, 2);
    } catch (const std::invalid_argument&) {
      raised = true;
    }
    expect(raised, "max_tries below the number of hosts is std::invalid_argument");
    raised = false;
    try {
      (void)arango::get_resolver("random", 3);
    } catch (const std::invalid_argument&) {
      raised = true;
    }
    expect(raised, "get_resolver(\"random\") is std::invalid_argument: there is no random resolver");
    raised = false;
    try {
      arango::ArangoClient wrong(arango::ClientOptions{
          .hosts = hosts, .host_resolver = std::make_shared<arango::SingleHostResolver>(2)});
    } catch (const std::invalid_argument&) {
      raised = true;
    }
    expect(raised, "a resolver for another number of hosts is std::invalid_argument");
  }

  {
    //! [affinity]
    // A cursor lives on the coordinator that made it: its later batches go there, whatever the
    // resolver says.
    arango::ArangoClient client(arango::ClientOptions{.hosts = hosts, .host_resolver = std::string("roundrobin")});
    arango::StandardDatabase db = client.db("_system", {.auth = auth}).get();
    auto cursor = db.aql().execute("FOR i IN 1..10 RETURN i", {.batch_size = 2}).get();
    int sum = 0;
    while (auto v = cursor.next().get()) sum += static_cast<int>(v->as_int64());  // 5 batches, one host
    //! [affinity]
    expect(sum == 55, "a cursor read over a round robin client gets every batch");
  }

  if (failures == 0) std::cout << "host resolution: all as documented\n";
  return failures == 0 ? 0 : 1;
}
