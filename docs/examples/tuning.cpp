// docs/tuning.md quotes the regions of this file. It runs against a fresh emulator and counts
// requests and connections through the transport's counters (DefaultHTTPClient); it exits
// non-zero when anything is not as the guide says. It measures no speed: docs/performance.md
// has the benchmark figures.
#include <arango/arango.hpp>

#include <atomic>
#include <cstdlib>
#include <future>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "example.hpp"

namespace {

//! [chain]
// Throughput without a thread per call: each completion starts its chain's next call, on the
// I/O thread. Several chains run at once; the last one to end sets `done`.
struct Chain {
  arango::StandardCollection<> col;
  std::shared_ptr<std::atomic<int>> to_start;  // inserts not started yet
  std::shared_ptr<std::atomic<int>> running;   // chains not ended yet
  std::shared_ptr<std::promise<void>> done;

  void next() const {
    if (to_start->fetch_sub(1) <= 0) {                     // nothing left: this chain ends
      if (running->fetch_sub(1) == 1) done->set_value();  // the last one
      return;
    }
    col.insert(arango::Json::object({{"v", 1}}), {}, [self = *this](arango::Result<arango::DocumentMeta<>> r) {
      if (!r) std::cerr << r.error().what() << "\n";  // a real program records it
      self.next();
    });
  }
};
//! [chain]

}  // namespace

int main() {
  const std::string url = env("ARANGO_URL", "http://127.0.0.1:8529");
  const arango::Auth auth{env("ARANGO_USER", "root"), env("ARANGO_PASSWORD", "")};

  //! [pool]
  auto http = std::make_shared<arango::DefaultHTTPClient>(arango::HttpClientOptions{
      .max_host_connections = 8,     // at most 8 connections to one host; more calls wait for one
      .max_cached_connections = 8,   // idle connections kept for reuse
      .max_response_size = std::size_t(64) << 20});  // refuse any answer over 64 MiB
  arango::ArangoClient client(arango::ClientOptions{.hosts = {url}, .http_client = http});
  arango::StandardDatabase db = client.db("_system", {.auth = auth}).get();
  //! [pool]

  {
    const std::size_t before = http->connections_opened();
    for (int i = 0; i < 20; ++i) (void)db.version().get();
    expect(http->connections_opened() - before <= 1, "20 calls one after another reuse one connection");
  }

  arango::StandardCollection<> col = db.create_collection("tuning").get();
  {
    const std::size_t before = http->connections_opened();
    std::vector<arango::Future<arango::DocumentMeta<>>> calls;
    for (int i = 0; i < 100; ++i) calls.push_back(col.insert(arango::Json::object({{"i", i}})));
    for (auto& c : calls) (void)c.get();
    expect(http->connections_opened() - before <= 8, "100 calls at once use at most max_host_connections");
  }

  {
    //! [batch]
    // One request for 1,000 documents instead of 1,000 requests.
    std::vector<arango::Json> docs;
    for (int i = 0; i < 1000; ++i) docs.push_back(arango::Json::object({{"_key", "k" + std::to_string(i)}, {"i", i}}));
    std::size_t before = http->responses_received();
    auto results = col.insert_many(docs).get();  // one BulkItem per document, in order
    std::cout << results.size() << " documents in " << http->responses_received() - before << " request\n";
    //! [batch]
    expect(results.size() == 1000 && http->responses_received() - before == 1, "insert_many of 1,000 is one request");
  }

  {
    std::vector<std::string> keys;
    for (int i = 0; i < 2500; ++i) keys.push_back("k" + std::to_string(i % 1000));
    //! [get-many]
    std::size_t before = http->responses_received();
    auto found = col.get_many(keys).get();  // 2,500 keys: read 1,000 at a time (batch_size)
    std::cout << found.size() << " results from " << http->responses_received() - before << " requests\n";
    //! [get-many]
    expect(found.size() == 2500 && http->responses_received() - before == 3, "get_many of 2,500 is three requests");
    before = http->responses_received();
    auto at_once = col.get_many(keys, {.batch_size = 0}).get();
    expect(at_once.size() == 2500 && http->responses_received() - before == 1, "batch_size 0 is one request");
  }

  {
    //! [cursor]
    // A cursor holds one batch at a time: its memory follows batch_size, not the result.
    std::size_t before = http->responses_received();
    auto cursor = db.aql().execute("FOR d IN tuning FILTER d._key LIKE 'k%' RETURN d.i", {.batch_size = 300}).get();
    std::int64_t sum = 0;
    while (auto v = cursor.next().get()) sum += v->as_int64();
    std::cout << "1,000 results in " << http->responses_received() - before << " batches\n";  // 4
    //! [cursor]
    expect(sum == 999 * 1000 / 2, "the cursor reads every result");
    expect(http->responses_received() - before == 4, "1,000 results in batches of 300 take 4 requests");
  }

  {
    //! [run-chain]
    const int chains = 16;  // calls in flight
    auto done = std::make_shared<std::promise<void>>();
    auto finished = done->get_future();
    Chain chain{col, std::make_shared<std::atomic<int>>(2000), std::make_shared<std::atomic<int>>(chains), done};
    for (int c = 0; c < chains; ++c) chain.next();
    finished.get();  // 2,000 inserts made
    //! [run-chain]
    expect(col.count().get() == 100 + 1000 + 2000, "the callback chains made 2,000 inserts");
  }

  {
    //! [sax]
    // Decoding straight into your type (a Deserializer<T>) skips the DOM; turning off the UTF-8
    // check saves a pass over every string, for data you trust (process-wide).
    arango::set_json_utf8_validation(false);
    //! [sax]
    expect(!arango::json_utf8_validation(), "the UTF-8 check can be turned off");
    arango::set_json_utf8_validation(true);
  }

  db.delete_collection("tuning").get();
  if (failures == 0) std::cout << "tuning: all as documented\n";
  return failures == 0 ? 0 : 1;
}
