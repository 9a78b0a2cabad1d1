// What every integration test needs: the server to talk to (ARANGO_URL, ARANGO_USER,
// ARANGO_PASSWORD; set by arango-emulator-run or by the user for a real ArangoDB),
// unique names, and the emulator's fault-injection control API.
#pragma once

#include <arango/arango.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>

namespace testenv {

inline std::string env_or(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return (v && *v) ? std::string(v) : std::string(fallback);
}

inline std::string url() { return env_or("ARANGO_URL", "http://127.0.0.1:8529"); }
inline std::string user() { return env_or("ARANGO_USER", "root"); }
inline std::string password() { return env_or("ARANGO_PASSWORD", ""); }

/// Where the clients of this test write every log line (at debug level) and every observer
/// event: ARANGO_TEST_LOG, set by test/integration/check_logs.py, which then checks the file for
/// credentials. Unset: nothing is written.
class TestLog final : public arango::CallObserver {
 public:
  static const std::shared_ptr<TestLog>& instance() {
    static const std::shared_ptr<TestLog> log = [] {
      const char* path = std::getenv("ARANGO_TEST_LOG");
      return path && *path ? std::make_shared<TestLog>(path) : nullptr;
    }();
    return log;
  }
  explicit TestLog(const char* path) : file_(std::fopen(path, "a")) {
    if (!file_) throw std::runtime_error(std::string("cannot open ARANGO_TEST_LOG ") + path);
  }
  ~TestLog() override { std::fclose(file_); }
  TestLog(const TestLog&) = delete;
  TestLog& operator=(const TestLog&) = delete;

  void write(std::string_view kind, std::string_view text) {
    std::lock_guard lock(mutex_);
    std::fprintf(file_, "%.*s %.*s\n", int(kind.size()), kind.data(), int(text.size()), text.data());
    std::fflush(file_);
  }
  void on_call_start(const arango::CallStart& e) override { write("start", identity(e)); }
  void on_attempt_end(const arango::AttemptEnd& e) override {
    write("attempt", identity(e) + " #" + std::to_string(e.attempt) + " " + std::string(e.host) + " " +
                         std::to_string(e.status_code) + " " + std::string(e.error) + " " +
                         std::string(e.error_message) + " retry=" + std::string(arango::to_string(e.retry)) + " " +
                         std::string(e.next_host));
  }
  void on_call_end(const arango::CallEnd& e) override {
    write("end", identity(e) + " " + std::to_string(e.status_code) + " " + std::string(e.error) + " " +
                     std::to_string(e.error_num) + " " + std::string(e.error_message));
  }

 private:
  static std::string identity(const arango::CallIdentity& e) {
    return std::to_string(e.call_id) + " " + std::string(e.operation) + " " + std::string(e.database) + " " +
           std::string(arango::to_string(e.method)) + " " + std::string(e.path);
  }
  std::FILE* file_;
  std::mutex mutex_;
};

/// `options` with the test log's logger and observer (see TestLog) when ARANGO_TEST_LOG is set.
inline arango::ClientOptions logged(arango::ClientOptions options) {
  if (const auto& log = TestLog::instance()) {
    options.observer = log;
    options.log_level = arango::LogLevel::debug;
    options.logger = [log](arango::LogLevel level, std::string_view message) {
      static constexpr const char* names[] = {"debug", "info", "warning", "error"};
      log->write(names[static_cast<int>(level)], message);
    };
  }
  return options;
}

/// A client's options for `host` (see logged).
inline arango::ClientOptions logged(std::string host) {
  arango::ClientOptions options;
  options.hosts = {std::move(host)};
  return logged(std::move(options));
}

inline arango::DbOptions root() {
  arango::DbOptions o;
  o.auth = arango::Auth{user(), password()};
  return o;
}

inline arango::DbOptions with_auth(std::string user, std::string password) {
  arango::DbOptions o;
  o.auth = arango::Auth{std::move(user), std::move(password)};
  return o;
}

/// A name no other test run uses.
inline std::string unique_name(const std::string& prefix) {
  static std::atomic<unsigned> counter{0};
  auto now = std::chrono::steady_clock::now().time_since_epoch().count();
  return prefix + "_" + std::to_string(now % 100000000) + "_" + std::to_string(counter++);
}

/// The emulator names itself in /_api/version details; a real server does not.
inline bool is_emulator(const arango::StandardDatabase& sys) {
  arango::Json v = sys.version({.details = true}).get();
  return v["details"]["emulator"].is_string();
}

/// A call to the emulator's control API (no /_db prefix); throws unless it answers 200.
inline arango::Json emulator_control(const arango::StandardDatabase& db, arango::Method method,
                                     const std::string& path, std::string body = {}) {
  arango::Request r(method, path, {}, std::move(body));
  r.prefix_needed = false;
  arango::Response resp = db.request(std::move(r)).get();
  if (resp.status_code != 200) {
    throw std::runtime_error(path + " answered " + std::to_string(resp.status_code) + ": " + resp.raw_body);
  }
  return arango::Json::parse(std::move(resp.raw_body));
}

/// POST /_emulator/faults with a JSON body; returns the fault id.
inline std::int64_t inject_fault(const arango::StandardDatabase& db, const std::string& body) {
  return emulator_control(db, arango::Method::POST, "/_emulator/faults", body)["id"].as_int64();
}

inline void clear_faults(const arango::StandardDatabase& db) {
  (void)emulator_control(db, arango::Method::DELETE, "/_emulator/faults");
}

/// GET /_emulator/stats.
inline arango::Json emulator_stats(const arango::StandardDatabase& db) {
  return emulator_control(db, arango::Method::GET, "/_emulator/stats");
}

/// How many requests the fault with this id has taken (GET /_emulator/faults); -1 when gone.
inline std::int64_t fault_hits(const arango::StandardDatabase& db, std::int64_t id) {
  arango::Json list = emulator_control(db, arango::Method::GET, "/_emulator/faults");
  for (arango::JsonView f : list["faults"].elements()) {
    if (f["id"].as_int64() == id) return f["hits"].as_int64();
  }
  return -1;
}

/// Waits (bounded) until `pred` holds.
template <class Pred>
bool eventually(Pred pred, std::chrono::milliseconds limit = std::chrono::seconds(10)) {
  auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return pred();
}

}  // namespace testenv
