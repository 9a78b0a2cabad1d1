// Failover across coordinators (arango-emulator-run --coordinators 3: three listeners over one
// store, each stoppable on its own): 10,000 calls with one coordinator stopped in the middle,
// the same with a delay fault holding every connection busy when it stops, sticky failover of
// the single resolver, and the host affinity of cursors. Needs the emulator's /_emulator
// listeners and faults control API.
#include <arango/arango.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>
#include <deque>
#include <future>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "../support/test_env.hpp"

using namespace arango;
using namespace std::chrono_literals;

namespace {

std::vector<std::string> hosts() {
  std::vector<std::string> out;
  std::stringstream list(testenv::env_or("ARANGO_HOSTS", ""));
  for (std::string h; std::getline(list, h, ',');) {
    if (!h.empty()) out.push_back(h);
  }
  return out;
}

/// Talks to the control API through the last listener, which these tests never stop.
struct Control {
  ArangoClient client{testenv::logged(hosts().back())};
  StandardDatabase db = client.db("_system", testenv::root()).get();

  void stop(int index) { testenv::emulator_control(db, Method::POST, "/_emulator/listeners/" + std::to_string(index) + "/stop"); }
  void start(int index) { testenv::emulator_control(db, Method::POST, "/_emulator/listeners/" + std::to_string(index) + "/start"); }
  /// Requests each listener has served so far.
  std::vector<std::int64_t> requests() {
    std::vector<std::int64_t> out;
    Json listeners = testenv::emulator_control(db, Method::GET, "/_emulator/listeners");
    for (JsonView l : listeners["listeners"].elements()) {
      out.push_back(l["requests"].as_int64());
    }
    return out;
  }
};

/// What ended one call.
struct Outcome {
  bool ok = false;
  std::string error_class;
  int error_code = 0;
};

template <class T>
Outcome settle(std::future<T>& f) {
  Outcome o;
  try {
    f.get();
    o.ok = true;
  } catch (const ArangoServerError& e) {
    o.error_class = e.class_name();
    o.error_code = e.error_code();
  } catch (const ArangoError& e) {
    o.error_class = e.class_name();
  }
  return o;
}

bool is_connection_error(const std::string& cls) {
  return cls == "ClientConnectionError" || cls == "HostUnreachableError" || cls == "ClientConnectionAbortedError";
}

}  // namespace

TEST_CASE("10,000 calls over three coordinators, one stopped midway: no hang, no duplicate write", "[failover]") {
  auto list = hosts();
  REQUIRE(list.size() == 3);
  Control control;
  ArangoClient client(testenv::logged(ClientOptions{.hosts = list, .host_resolver = std::string("roundrobin")}));
  auto db = client.db("_system", testenv::root()).get().with_timeout(30s);
  std::string name = testenv::unique_name("failover");
  db.create_collection(name).get();
  auto col = db.collection(name);

  constexpr int kCalls = 10000, kWindow = 64, kStopAt = 3000, kStartAt = 7000;
  std::deque<std::pair<int, std::future<DocumentMeta<Json>>>> inserts;
  std::deque<std::pair<int, std::future<Json>>> reads;
  std::map<int, Outcome> insert_outcomes, read_outcomes;
  int hung = 0;
  // Settles the oldest call of `queue` (waiting at most 60 s) into `outcomes`.
  auto settle_front = [&](auto& queue, std::map<int, Outcome>& outcomes, const char* what) {
    auto& [i, f] = queue.front();
    if (f.wait_for(60s) != std::future_status::ready) {
      ++hung;
      FAIL(what << " " << i << " did not complete within 60 s");
    }
    outcomes[i] = settle(f);
    queue.pop_front();
  };
  auto drain = [&](std::size_t keep) {
    while (inserts.size() + reads.size() > keep) {
      if (!inserts.empty() && (reads.empty() || inserts.front().first < reads.front().first)) {
        settle_front(inserts, insert_outcomes, "insert");
      } else {
        settle_front(reads, read_outcomes, "read");
      }
    }
  };
  auto before = control.requests();
  for (int i = 0; i < kCalls; ++i) {
    if (i == kStopAt) control.stop(1);  // with 64 calls in flight, some of them on listener 1
    if (i == kStartAt) control.start(1);
    if (i % 2 == 0) {
      inserts.emplace_back(i, col.insert(Json::object({{"_key", "k" + std::to_string(i)}, {"i", i}})));
    } else {
      reads.emplace_back(i, db.version());
    }
    drain(kWindow - 1);
  }
  drain(0);
  auto after = control.requests();
  CHECK(hung == 0);
  REQUIRE(insert_outcomes.size() + read_outcomes.size() == kCalls);

  // Every call either succeeded or ended with a connection error (a call that was on the
  // stopped coordinator when it went away); nothing else.
  int insert_ok = 0, insert_failed = 0, read_ok = 0, read_failed = 0;
  for (const auto& [i, o] : insert_outcomes) {
    if (o.ok) {
      ++insert_ok;
    } else {
      ++insert_failed;
      INFO("insert " << i << ": " << o.error_class << " " << o.error_code);
      // 1210 would mean the insert was sent twice and the second found the first.
      CHECK(is_connection_error(o.error_class));
    }
  }
  for (const auto& [i, o] : read_outcomes) {
    if (o.ok) {
      ++read_ok;
    } else {
      ++read_failed;
      INFO("read " << i << ": " << o.error_class);
      CHECK(is_connection_error(o.error_class));
    }
  }
  std::printf("failover: inserts %d ok / %d failed, reads %d ok / %d failed, listener requests +%lld +%lld +%lld\n",
              insert_ok, insert_failed, read_ok, read_failed, static_cast<long long>(after[0] - before[0]),
              static_cast<long long>(after[1] - before[1]), static_cast<long long>(after[2] - before[2]));
  // Only calls in flight on the stopped listener can fail: at most the window. Reads are
  // idempotent and are sent again elsewhere, so they all succeed.
  CHECK(insert_failed <= kWindow);
  CHECK(read_failed == 0);
  CHECK(insert_ok + insert_failed == kCalls / 2);

  // Each successful insert is in the collection once; a failed one at most once.
  auto cursor = db.aql()
                    .execute("FOR d IN @@c RETURN d._key",
                             {.batch_size = 100000, .bind_vars = Json::object({{"@c", name}})})
                    .get();
  std::vector<std::string> found;
  while (auto key = cursor.next().get()) found.emplace_back(key->as_string());
  std::set<std::string> keys;
  for (const std::string& k : found) keys.insert(k);
  CHECK(keys.size() == found.size());
  for (const auto& [i, o] : insert_outcomes) {
    if (o.ok) CHECK(keys.count("k" + std::to_string(i)) == 1);
  }
  CHECK(static_cast<int>(keys.size()) >= insert_ok);
  CHECK(static_cast<int>(keys.size()) <= insert_ok + insert_failed);

  // Listener 1 served calls before the stop and after the restart; the others took its share.
  CHECK(after[1] > before[1]);
  CHECK(after[0] - before[0] > 2500);
  CHECK(after[2] - before[2] > 2500);
  db.delete_collection(name).get();
}

TEST_CASE("the single resolver fails over stickily; a cursor stays on its coordinator", "[failover]") {
  auto list = hosts();
  REQUIRE(list.size() == 3);
  Control control;
  ArangoClient client(testenv::logged(ClientOptions{.hosts = list, .host_resolver = std::string("single")}));
  auto db = client.db("_system", testenv::root()).get().with_timeout(30s);

  // A cursor made on listener 0 reads every batch from listener 0.
  auto counts = control.requests();
  auto cursor = db.aql().execute("FOR i IN 1..5 RETURN i", {.batch_size = 1}).get();
  for (int i = 0; i < 4; ++i) CHECK(cursor.fetch().get() == 1);
  auto now = control.requests();
  CHECK(now[0] - counts[0] == 5);
  CHECK(now[1] == counts[1]);

  // A second cursor, then listener 0 goes away.
  auto stranded = db.aql().execute("FOR i IN 1..3 RETURN i", {.batch_size = 1}).get();
  control.stop(0);
  // New calls move to listener 1 and stay there.
  CHECK(db.version().get()["server"].as_string() == "arango");
  counts = control.requests();
  for (int i = 0; i < 10; ++i) db.version().get();
  now = control.requests();
  CHECK(now[1] - counts[1] == 10);
  // The stranded cursor cannot move: its coordinator is gone, and the error says so.
  try {
    (void)stranded.fetch().get();
    FAIL("a cursor on a stopped coordinator must fail");
  } catch (const HostUnreachableError& e) {
    CHECK(std::string(e.what()).find(list[0]) != std::string::npos);
  }
  control.start(0);
  CHECK(stranded.fetch().get() == 1);  // back on its coordinator, the cursor goes on
}

TEST_CASE("with every coordinator stopped, calls end with ClientConnectionAbortedError after max_tries",
          "[failover]") {
  auto list = hosts();
  REQUIRE(list.size() == 3);
  Control control;
  ArangoClient client(testenv::logged(ClientOptions{.hosts = {list[0], list[1]}, .host_resolver = std::string("roundrobin")}));
  auto db = client.db("_system", testenv::root()).get();
  control.stop(0);
  control.stop(1);
  auto start = std::chrono::steady_clock::now();
  try {
    (void)db.version().get();
    FAIL("no coordinator: the call must fail");
  } catch (const ClientConnectionAbortedError& e) {
    CHECK(std::string(e.what()).find("within limit (6)") != std::string::npos);
  }
  // Two immediate tries, then two rounds backing off (20 ms, 40 ms with jitter).
  CHECK(std::chrono::steady_clock::now() - start >= 40ms);
  control.start(0);
  control.start(1);
  CHECK(db.version().get()["server"].as_string() == "arango");
}

TEST_CASE("a coordinator stopped while a delay fault holds hundreds of calls on it: no hang, no duplicate write",
          "[failover][faults]") {
  auto list = hosts();
  REQUIRE(list.size() == 3);
  Control control;
  ArangoClient client(testenv::logged(ClientOptions{.hosts = list, .host_resolver = std::string("roundrobin")}));
  auto db = client.db("_system", testenv::root()).get().with_timeout(30s);
  std::string name = testenv::unique_name("held");
  db.create_collection(name).get();
  auto col = db.collection(name);
  col.insert(Json::object({{"_key", "seed"}})).get();
  // Every document call that coordinator 1 takes waits 400 ms in the server before it runs
  // (the fault is on that listener only; the others answer at once), so the 64 connections to
  // it are all busy when it goes away, and more calls queue behind them.
  testenv::inject_fault(control.db, R"({"path":"/_api/document/)" + name +
                                        R"(","action":"delay","delay_ms":400,"listener":1})");

  constexpr int kCalls = 768;
  std::vector<std::future<DocumentMeta<Json>>> inserts;
  std::vector<std::future<std::optional<Json>>> reads;
  for (int i = 0; i < kCalls; ++i) {
    inserts.push_back(col.insert(Json::object({{"_key", "k" + std::to_string(i)}})));
    reads.push_back(col.get("seed"));
  }
  auto before = control.requests();
  std::this_thread::sleep_for(150ms);
  control.stop(1);
  int hung = 0, insert_ok = 0, insert_failed = 0, read_failed = 0;
  std::vector<int> failed_inserts;
  for (int i = 0; i < kCalls; ++i) {
    if (inserts[i].wait_for(60s) != std::future_status::ready || reads[i].wait_for(60s) != std::future_status::ready) {
      ++hung;
      continue;
    }
    Outcome in = settle(inserts[i]);
    Outcome rd = settle(reads[i]);
    if (in.ok) {
      ++insert_ok;
    } else {
      ++insert_failed;
      failed_inserts.push_back(i);
      INFO("insert " << i << ": " << in.error_class << " " << in.error_code);
      CHECK(is_connection_error(in.error_class));  // 1210 would mean it was sent twice
    }
    if (!rd.ok) {
      ++read_failed;
      INFO("read " << i << ": " << rd.error_class);
      CHECK(is_connection_error(rd.error_class));
    }
  }
  control.start(1);
  testenv::clear_faults(control.db);
  std::printf("held failover: inserts %d ok / %d failed, reads failed %d, listener 1 took %lld before the stop\n",
              insert_ok, insert_failed, read_failed, static_cast<long long>(before[1]));
  CHECK(hung == 0);
  // Reads are idempotent: those cut off on listener 1 are sent again elsewhere. Inserts in
  // flight there are not (they may have run): they fail, at most one per connection it had.
  CHECK(read_failed == 0);
  CHECK(insert_failed <= 64);
  CHECK(insert_ok + insert_failed == kCalls);

  // Every successful insert is there once; a failed one at most once.
  auto cursor = db.aql()
                    .execute("FOR d IN @@c FILTER d._key != 'seed' RETURN d._key",
                             {.batch_size = 100000, .bind_vars = Json::object({{"@c", name}})})
                    .get();
  std::vector<std::string> found;
  while (auto key = cursor.next().get()) found.emplace_back(key->as_string());
  std::set<std::string> keys(found.begin(), found.end());
  CHECK(keys.size() == found.size());
  CHECK(static_cast<int>(keys.size()) >= insert_ok);
  CHECK(static_cast<int>(keys.size()) <= insert_ok + insert_failed);
  db.delete_collection(name).get();
}
