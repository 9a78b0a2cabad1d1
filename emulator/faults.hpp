// Fault injection registry and connection statistics (test-control API).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "admin_state.hpp"

namespace emu {

enum class FaultKind { Delay, Reset, Truncate, Garbage, Status503, Hang };

std::optional<FaultKind> parse_fault_kind(std::string_view s) noexcept;
std::string_view to_string(FaultKind k) noexcept;

struct Fault {
  std::uint64_t id = 0;
  std::string path;    // prefix of the request path (after /_db/<name>)
  std::string method;  // empty: any method
  std::optional<std::size_t> listener;  // index of the listener (--port) it applies to; nullopt: all
  FaultKind kind = FaultKind::Delay;
  std::chrono::milliseconds delay{0};
  std::optional<std::int64_t> remaining;  // nullopt: until cleared
  std::uint64_t hits = 0;                  // requests this fault has taken so far
};

class FaultRegistry {
 public:
  std::uint64_t add(Fault f);
  std::size_t clear();
  // First fault matching method + path + the listener the request came in on; consumes one
  // use of it.
  std::optional<Fault> take_match(std::string_view method, std::string_view path, std::size_t listener);
  std::vector<Fault> list() const;

 private:
  mutable std::mutex mutex_;
  std::vector<Fault> faults_;
  std::uint64_t next_id_ = 1;
};

struct Stats {
  std::atomic<std::uint64_t> connections_accepted{0};
  std::atomic<std::uint64_t> connections_open{0};
  std::atomic<std::uint64_t> requests{0};
  std::atomic<std::uint64_t> jwt_logins{0};  // successful POST /_open/auth
  AdminState admin;                          // server mode, metrics counters, API calls
};

}  // namespace emu
