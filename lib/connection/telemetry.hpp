// What a client keeps of its calls for observers, metrics and logs (<arango/observe.hpp>): one
// per client, shared by its connections.
#pragma once

#include <arango/export.hpp>
#include <arango/http.hpp>
#include <arango/observe.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace arango::inline v1::detail {

struct ARANGO_INTERNAL TelemetryOptions {
  std::shared_ptr<CallObserver> observer;
  LogHandler logger;
  LogLevel log_level = LogLevel::info;
  std::chrono::milliseconds slow_call_threshold{0};
};

class ARANGO_INTERNAL Telemetry {
 public:
  explicit Telemetry(TelemetryOptions options = {});

  CallObserver* observer() const noexcept { return options_.observer.get(); }
  bool bodies() const noexcept { return bodies_; }
  /// Whether a message at `level` goes anywhere (build it only then).
  bool logs(LogLevel level) const noexcept { return options_.logger && level >= options_.log_level; }
  void log(LogLevel level, std::string_view message) const noexcept;
  std::chrono::milliseconds slow_call_threshold() const noexcept { return options_.slow_call_threshold; }

  /// Runs an observer hook; an exception it throws is logged at error level.
  template <class F>
  void notify(F&& f) const noexcept {
    try {
      f(*options_.observer);
    } catch (const std::exception& e) {
      log(LogLevel::error, std::string("a CallObserver hook threw: ") + e.what());
    } catch (...) {
      log(LogLevel::error, "a CallObserver hook threw a non-standard exception");
    }
  }

  std::uint64_t next_call_id() noexcept { return call_ids_.fetch_add(1, std::memory_order_relaxed); }

  void call_started() noexcept;
  void attempt_ended(const TransferInfo& transfer, bool retried, bool failover) noexcept;
  /// `error`: the class name of the delivered error; empty on success.
  void call_ended(std::string_view operation, std::string_view error, std::chrono::microseconds duration,
                  bool slow) noexcept;
  void jwt_login(bool ok) noexcept;

  /// The figures now; `queued` from the transport.
  ClientMetrics snapshot(std::uint64_t queued) const;

 private:
  TelemetryOptions options_;
  bool bodies_ = false;
  std::atomic<std::uint64_t> call_ids_{1};
  std::atomic<std::uint64_t> in_flight_{0}, started_{0}, succeeded_{0}, failed_{0}, attempts_{0}, retries_{0},
      failovers_{0}, jwt_refreshes_{0}, jwt_failures_{0}, bytes_sent_{0}, bytes_received_{0}, opened_{0},
      reused_{0}, slow_{0};
  mutable std::mutex mutex_;  // the maps
  std::map<std::string, std::uint64_t, std::less<>> failures_;
  std::map<std::string, LatencyHistogram, std::less<>> latency_;
};

}  // namespace arango::detail
