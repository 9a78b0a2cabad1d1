// Server-wide administration state of one emulator (one App): the server mode (read-only or
// default), the counters /_admin/metrics reports, the API call recording
// (/_admin/server/api-calls, arangod's ApiRecordingFeature) and the soft shutdown flag.
// Held in Stats, so every handler reaches it through ctx.svc.stats.admin.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace emu {

struct ApiCallRecord {
  double time = 0;  // seconds since the epoch
  std::string method;
  std::string path;
  std::string database;
};

// The most recent calls, newest first, at most kMaxCalls of them (arangod bounds the
// recording by memory: --server.api-recording-memory-limit).
class ApiCallLog {
 public:
  static constexpr std::size_t kMaxCalls = 1024;
  static constexpr std::size_t kMaxPath = 1024;  // longer paths are cut
  void record(std::string_view method, std::string_view path, std::string_view database);
  std::vector<ApiCallRecord> calls() const;

 private:
  mutable std::mutex mutex_;
  std::deque<ApiCallRecord> calls_;
};

// Request counters by HTTP method (arangod's RequestStatistics).
enum class MethodSlot : int { Get, Post, Put, Patch, Delete, Head, Options, Other, Count };
MethodSlot method_slot(std::string_view method) noexcept;

struct AdminState {
  std::atomic<bool> read_only{false};         // PUT /_admin/server/mode {"mode": "readonly"}
  std::atomic<bool> soft_shutdown{false};     // DELETE /_admin/shutdown?soft=true
  std::atomic<std::uint64_t> by_method[static_cast<int>(MethodSlot::Count)]{};
  std::atomic<std::uint64_t> superuser_requests{0};
  std::atomic<std::uint64_t> user_requests{0};
  std::atomic<std::uint64_t> async_requests{0};
  std::atomic<std::uint64_t> aql_queries{0};         // AQL queries run (POST /_api/cursor)
  std::atomic<std::uint64_t> aql_query_micros{0};    // their total run time
  std::atomic<std::uint64_t> trx_started{0};
  std::atomic<std::uint64_t> trx_committed{0};
  std::atomic<std::uint64_t> trx_aborted{0};
  std::atomic<std::uint64_t> bytes_received{0};
  std::atomic<std::uint64_t> bytes_sent{0};
  ApiCallLog api_calls;
};

}  // namespace emu
