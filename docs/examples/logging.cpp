// docs/logging.md quotes the regions of this file. It runs against a fresh emulator and exits
// non-zero when anything is not as the guide says (including when the library writes anything to
// stdout or stderr).
#include <arango/arango.hpp>

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <iostream>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "example.hpp"

namespace {

/// Sends file descriptors 1 and 2 to a temporary file while it lives; captured() reads it.
class CaptureOutput {
 public:
  CaptureOutput() : file_(std::tmpfile()), out_(dup(1)), err_(dup(2)) {
    std::fflush(nullptr);
    dup2(fileno(file_), 1);
    dup2(fileno(file_), 2);
  }
  ~CaptureOutput() {
    restore();
    std::fclose(file_);
  }
  void restore() {
    if (out_ < 0) return;
    std::fflush(nullptr);
    dup2(out_, 1);
    dup2(err_, 2);
    close(out_);
    close(err_);
    out_ = err_ = -1;
  }
  std::string captured() {
    restore();
    std::string text;
    std::rewind(file_);
    for (int c; (c = std::fgetc(file_)) != EOF;) text.push_back(static_cast<char>(c));
    return text;
  }

 private:
  std::FILE* file_;
  int out_, err_;
};

}  // namespace

int main() {
  const std::string url = env("ARANGO_URL", "http://127.0.0.1:8529");
  const arango::Auth auth{env("ARANGO_USER", "root"), env("ARANGO_PASSWORD", "")};

  //! [logger]
  // Where the library's messages go: your function, called on the thread that has something
  // to say (mostly the I/O thread). Forward them to your logging framework; here, a vector.
  auto lines = std::make_shared<std::vector<std::string>>();
  auto lines_mutex = std::make_shared<std::mutex>();
  arango::ClientOptions options{.hosts = {url}};
  options.logger = [lines, lines_mutex](arango::LogLevel level, std::string_view message) {
    static const char* names[] = {"debug", "info", "warning", "error"};
    std::lock_guard lock(*lines_mutex);
    lines->push_back(std::string(names[static_cast<int>(level)]) + ": " + std::string(message));
  };
  options.log_level = arango::LogLevel::debug;            // the default is info
  options.slow_call_threshold = std::chrono::seconds(2);  // warn about calls that take longer
  arango::ArangoClient client(options);
  //! [logger]
  auto logged = [&](std::string_view needle) {
    std::lock_guard lock(*lines_mutex);
    for (const auto& line : *lines) {
      if (line.find(needle) != std::string::npos) return true;
    }
    return false;
  };
  auto transport = std::dynamic_pointer_cast<arango::DefaultHTTPClient>(client.http_client());
  arango::StandardDatabase db = client.db("_system", {.auth = auth}).get();

  //! [debug-lines]
  db.version().get();
  db.version().get();
  // debug: call 1 (version) attempt 1 to http://127.0.0.1:8529: 200 in 0.8 ms, new connection
  // debug: call 2 (version) attempt 1 to http://127.0.0.1:8529: 200 in 0.2 ms, reused connection
  //! [debug-lines]
  expect(logged("(version) attempt 1 to " + url + ": 200 in ") && logged(", new connection") &&
             logged(", reused connection"),
         "each attempt is logged at debug level with its host, status, time and connection");

  //! [callback-throws]
  std::promise<void> ran;
  db.engine([&ran](arango::Result<arango::Json>) {
    ran.set_value();
    throw std::runtime_error("oops");  // escapes the callback: logged at error level, counted
  });
  ran.get_future().get();
  // Right after the callback: the transport's callback_exceptions() is 1, and the logger gets
  // (LogLevel::error, "a completion callback threw: oops").
  //! [callback-throws]
  for (int i = 0; i < 200 && !logged("error: a completion callback threw: oops"); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));  // the report comes just after
  }
  expect(logged("error: a completion callback threw: oops"), "an exception escaping a callback is logged at error level");
  expect(transport && transport->callback_exceptions() == 1, "callback_exceptions() counts it");

  {
    //! [retry]
    // The first host does not listen: the call fails over to the second, with a warning.
    arango::ClientOptions two = options;
    two.hosts = {"http://127.0.0.1:1", url};
    two.host_resolver = std::string("single");  // the first host first
    arango::ArangoClient failing_over(two);
    failing_over.db("_system", {.auth = auth}).get().version().get();
    // warning: call 1 (version GET /_db/_system/_api/version) attempt 1 on http://127.0.0.1:1:
    //   GET http://127.0.0.1:1/_db/_system/_api/version: Failed to connect ...; failover to
    //   http://127.0.0.1:8529 (retry reason: connection_failed)
    arango::ClientMetrics m = failing_over.metrics();  // m.retries == 1, m.failovers == 1
    //! [retry]
    expect(logged("attempt 1 on http://127.0.0.1:1: ") && logged("failover to " + url) &&
               logged("(retry reason: connection_failed)"),
           "a retry is logged at warning level with its reason and the next host");
    expect(m.retries == 1 && m.failovers == 1 && m.calls_succeeded == 1, "the retry and the failover are counted");
  }

  {
    //! [metrics]
    arango::StandardCollection<arango::Json> events = db.create_collection("log_events").get();
    for (int i = 0; i < 3; ++i) events.insert(arango::Json::object({{"n", i}})).get();
    arango::ClientMetrics m = client.metrics();
    // m.calls_succeeded, m.calls_failed and m.failures (by error class), m.retries, m.failovers,
    // m.jwt_refreshes, m.bytes_sent, m.connections_opened / _reused, and per operation:
    const arango::LatencyHistogram& inserts = m.latency.at("insert");  // inserts.count == 3
    std::string text = arango::to_prometheus(m, "arango_client", "app=\"shop\"");
    // arango_client_call_duration_seconds_count{app="shop",operation="insert"} 3
    //! [metrics]
    std::cout << text.substr(0, text.find('\n', text.find("calls_succeeded_total{"))) << "\n...\n";
    expect(inserts.count == 3, "the latency histogram counts each operation's calls");
    expect(text.find("arango_client_call_duration_seconds_count{app=\"shop\",operation=\"insert\"} 3\n") !=
               std::string::npos,
           "to_prometheus renders the histogram per operation, with the extra labels");
    (void)db.delete_collection("log_events").get();
  }

  {
    //! [observer]
    // One line per call: what it was, how it ended, how long it took. Called on the I/O thread,
    // several calls at once: thread-safe and quick.
    class CallLog final : public arango::CallObserver {
     public:
      void on_call_end(const arango::CallEnd& e) override {
        std::string line = std::string(e.operation) + " " + std::string(arango::to_string(e.method)) + " " +
                           std::string(e.path) + " -> " +
                           (e.error.empty() ? std::to_string(e.status_code) : std::string(e.error)) + " in " +
                           std::to_string(e.duration.count()) + " us, " + std::to_string(e.attempts) + " attempt(s)";
        std::lock_guard lock(mutex_);
        lines_.push_back(std::move(line));
      }
      std::vector<std::string> lines() const {
        std::lock_guard lock(mutex_);
        return lines_;
      }

     private:
      mutable std::mutex mutex_;
      std::vector<std::string> lines_;
    };
    auto call_log = std::make_shared<CallLog>();
    arango::ArangoClient observed(arango::ClientOptions{.hosts = {url}, .observer = call_log});
    arango::StandardDatabase odb = observed.db("_system", {.auth = auth}).get();
    odb.version().get();
    try {
      (void)odb.collection("no_such_collection").count().get();
    } catch (const arango::DocumentCountError&) {
    }
    // version GET /_db/_system/_api/version -> 200 in 412 us, 1 attempt(s)
    // count GET /_db/_system/_api/collection/no_such_collection/count -> DocumentCountError in 305 us, 1 attempt(s)
    //! [observer]
    auto seen = call_log->lines();
    for (const auto& line : seen) std::cout << "observed: " << line << "\n";
    expect(seen.size() == 2 && seen[0].rfind("version GET /_db/_system/_api/version -> 200 in ", 0) == 0 &&
               seen[1].rfind("count GET /_db/_system/_api/collection/no_such_collection/count -> "
                             "DocumentCountError in ", 0) == 0,
           "the observer hears of each call's end, with the error class the caller receives");
  }

  std::size_t before_quiet;
  {
    std::lock_guard lock(*lines_mutex);
    before_quiet = lines->size();
  }
  {
    // Failing calls are reported to the caller, never logged or printed.
    CaptureOutput capture;
    arango::ArangoClient quiet(url);  // no logger
    auto qdb = quiet.db("_system", {.auth = arango::Auth{auth.username, "wrong"}}).get();
    try {
      (void)qdb.version().get();
    } catch (const arango::ArangoError&) {
    }
    arango::ArangoClient nowhere("http://127.0.0.1:1");
    try {
      (void)nowhere.db("_system", {.auth = auth}).get().version().get();
    } catch (const arango::ArangoError&) {
    }
    std::promise<void> done;
    quiet.db("_system", {.auth = auth}).get().engine([&done](arango::Result<arango::Json>) {
      done.set_value();
      throw std::runtime_error("unlogged");  // no logger, no handler: counted only
    });
    done.get_future().get();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::string printed = capture.captured();
    expect(printed.empty(), "the library writes nothing to stdout or stderr");
    if (!printed.empty()) std::cerr << "it wrote: " << printed << "\n";
  }
  {
    std::lock_guard lock(*lines_mutex);
    expect(lines->size() == before_quiet, "a client without a logger logs nothing anywhere");
    for (const auto& line : *lines) {
      expect(line.find(auth.password.empty() ? std::string("\x01") : auth.password) == std::string::npos &&
                 line.find("Basic ") == std::string::npos,
             "no log line carries a credential");
    }
  }

  if (failures == 0) std::cout << "logging: all as documented\n";
  return failures == 0 ? 0 : 1;
}
