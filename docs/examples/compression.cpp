// docs/compression.md quotes the regions of this file. It runs against an emulator that
// compresses responses of a byte or more when asked (arango-emulator-run
// --compress-response-threshold 1, arangod's --http.compress-response-threshold) and exits
// non-zero when anything is not as the guide says.
#include <arango/arango.hpp>

#include <cstdlib>
#include <iostream>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "example.hpp"

namespace {

//! [recorder]
// A transport that hands every request to a DefaultHTTPClient and keeps what was sent and
// received: a way to see on the wire what the client does (here, compression).
class RecordingHTTPClient final : public arango::HTTPClient {
 public:
  struct Exchange {
    arango::Headers sent;
    std::size_t sent_bytes = 0;
    arango::Headers received;
  };

  void send_request(std::shared_ptr<const arango::HttpRequest> request, Completion done) override {
    auto index = std::make_shared<std::size_t>();
    {
      std::lock_guard lock(mutex_);
      *index = log_.size();
      log_.push_back({request->headers, request->body.size(), {}});
    }
    inner_.send_request(request, [this, index, done = std::move(done)](arango::Result<arango::Response> r) {
      if (r) {
        std::lock_guard lock(mutex_);
        log_[*index].received = r->headers;
      }
      done(std::move(r));
    });
  }
  void close() override { inner_.close(); }
  std::shared_ptr<const arango::detail::IoThread> io_thread() const override { return inner_.io_thread(); }
  void schedule(std::chrono::milliseconds delay, Completion done) override { inner_.schedule(delay, std::move(done)); }

  std::vector<Exchange> log() const {
    std::lock_guard lock(mutex_);
    return log_;
  }

 private:
  arango::DefaultHTTPClient inner_;
  mutable std::mutex mutex_;
  std::vector<Exchange> log_;
};
//! [recorder]

}  // namespace

int main() {
  const std::string url = env("ARANGO_URL", "http://127.0.0.1:8529");
  const arango::Auth auth{env("ARANGO_USER", "root"), env("ARANGO_PASSWORD", "")};
  auto recorder = std::make_shared<RecordingHTTPClient>();

  //! [client]
  // Request bodies of 1 KiB or more are deflated (zlib level 6); every request asks for
  // deflated responses (Accept-Encoding: deflate), which are inflated as they arrive.
  auto compression = std::make_shared<arango::DefaultCompressionManager>(
      /*threshold=*/1024, /*level=*/6, arango::AcceptEncoding::DEFLATE);
  arango::ArangoClient client(arango::ClientOptions{
      .hosts = {url}, .http_client = recorder, .compression = compression});
  arango::StandardDatabase db = client.db("_system", {.auth = auth}).get();
  //! [client]

  arango::StandardCollection<> notes = db.create_collection("compressed_notes").get();
  const std::string text(4000, 'x');  // compresses to a few dozen bytes
  const std::size_t before = recorder->log().size();
  //! [insert]
  notes.insert(arango::Json::object({{"_key", "long"}, {"text", text}})).get();  // deflated on the wire
  notes.insert(arango::Json::object({{"_key", "short"}})).get();                 // below 1 KiB: as is
  arango::Json back = notes.get("long").get().value();  // the server deflates it; we read plain JSON
  //! [insert]
  expect(back["text"].as_string() == text, "the long document reads back whole");
  {
    auto log = recorder->log();
    expect(log.size() == before + 3, "three requests were sent");
    const auto& long_insert = log[before];
    const auto& short_insert = log[before + 1];
    const auto& get = log[before + 2];
    expect(long_insert.sent.find("content-encoding") == "deflate", "the 4 KB insert went deflated");
    expect(long_insert.sent_bytes < 1000, "the deflated body is far smaller than the document");
    expect(!short_insert.sent.contains("content-encoding"), "a body under the threshold goes as is");
    expect(get.sent.find("accept-encoding") == "deflate", "every request asks for deflate");
    expect(get.received.find("content-encoding") == "deflate", "the server's answer came deflated");
  }

  //! [per-database]
  // Another database handle may compress otherwise (or, with a negative threshold, never).
  auto never = std::make_shared<arango::DefaultCompressionManager>(-1, 6, std::nullopt);
  arango::StandardDatabase plain = client.db("_system", {.auth = auth, .compression = never}).get();
  //! [per-database]
  {
    const std::size_t mark = recorder->log().size();
    plain.collection("compressed_notes").insert(arango::Json::object({{"text", text}})).get();
    auto log = recorder->log();
    expect(!log[mark].sent.contains("content-encoding"), "threshold -1 never compresses");
    expect(!log[mark].sent.contains("accept-encoding"), "accept nullopt sends no Accept-Encoding");
  }

  //! [functions]
  std::string packed = arango::deflate(text, 9);      // zlib format (RFC 1950), as HTTP "deflate"
  std::string unpacked = arango::inflate(packed);      // also reads gzip and raw deflate
  //! [functions]
  expect(unpacked == text && packed.size() < text.size(), "deflate / inflate round-trip");
  {
    bool raised = false;
    try {
      (void)arango::inflate("this is not deflate");
    } catch (const arango::DeserializationError&) {
      raised = true;
    }
    expect(raised, "inflate of garbage raises DeserializationError");
    raised = false;
    try {
      compression->set_level(10);
    } catch (const std::invalid_argument&) {
      raised = true;
    }
    expect(raised, "set_level outside -1..9 throws std::invalid_argument");
  }

  db.delete_collection("compressed_notes").get();
  if (failures == 0) std::cout << "compression: all as documented\n";
  return failures == 0 ? 0 : 1;
}
