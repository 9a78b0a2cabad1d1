// Host resolvers (the seed's arangoasync.resolver): which of the client's hosts a call goes to.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include <arango/export.hpp>

namespace arango {
inline namespace v1 ARANGO_API {

/// Chooses the host (an index into ClientOptions::hosts) of each attempt of a call, and how many
/// attempts a call gets (the seed's HostResolver). Derive from it for a strategy of your own and
/// pass it as ClientOptions::host_resolver; get_host_index must be thread-safe.
class HostResolver {
 public:
  /// max_tries: attempts per call over all hosts; unset or 0: 3 x host_count. Throws
  /// std::invalid_argument when max_tries < host_count or host_count is 0.
  explicit HostResolver(std::size_t host_count = 1, std::optional<std::size_t> max_tries = std::nullopt);
  virtual ~HostResolver() = default;

  /// The number of hosts.
  std::size_t host_count() const noexcept { return host_count_; }
  /// Attempts per call over all hosts (at least host_count()); when they are used up the call fails
  /// with ClientConnectionAbortedError.
  std::size_t max_tries() const noexcept { return max_tries_; }
  /// The host for the next attempt. Thread-safe.
  virtual std::size_t get_host_index() = 0;
  /// Moves on to the next host (after a failed attempt). Thread-safe.
  void change_host() noexcept;
  /// Moves on from host `failed`, unless another call has already moved on from it (so that
  /// many calls failing on one host at once move on by one host, not by one each).
  void change_host_from(std::size_t failed) noexcept;

 protected:
  std::size_t host_count_;  ///< the number of hosts
  std::size_t max_tries_;  ///< attempts per call over all hosts
  /// the current host (for the subclasses' get_host_index; change_host moves it on)
  std::atomic<std::size_t> index_{0};
};

/// Sticks to one host until change_host() (the seed's SingleHostResolver = DefaultHostResolver).
class SingleHostResolver : public HostResolver {
 public:
  using HostResolver::HostResolver;
  std::size_t get_host_index() override;
};
/// The seed's name for SingleHostResolver (host_resolver "default").
using DefaultHostResolver = SingleHostResolver;

/// Takes the hosts in turn, one per call.
class RoundRobinHostResolver : public HostResolver {
 public:
  /// As HostResolver's constructor.
  explicit RoundRobinHostResolver(std::size_t host_count, std::optional<std::size_t> max_tries = std::nullopt);
  std::size_t get_host_index() override;
};

/// When a failed attempt is sent again, and how long to wait first (see the README, "Retries
/// and failover"). The number of attempts is the resolver's max_tries.
struct RetryPolicy {
  /// Wait before the first retry that returns to a host already tried; doubled for each
  /// further round over the hosts, up to max_backoff, with random jitter (50-100%). Moving to
  /// a host not tried yet in this call waits nothing.
  std::chrono::milliseconds initial_backoff{20};
  /// the longest wait between two attempts, whatever the number of rounds
  std::chrono::milliseconds max_backoff{1000};
  /// Retry a 503 (service unavailable: the server did not run the request) on another host.
  bool retry_on_503 = true;
  //{ chainable setters (scripts/calling_forms.py writes them)
  // with_<field>(value): a copy with that field set, to chain: RetryPolicy{}.with_a(x).with_b(y).
  // (Self is the struct itself: a template only so that a setter is compiled where it is used.)
  /// A copy with initial_backoff set.
  template <class Self = RetryPolicy>
  [[nodiscard]] Self with_initial_backoff(std::chrono::milliseconds value) const { Self o = *this; o.initial_backoff = std::move(value); return o; }
  /// A copy with max_backoff set.
  template <class Self = RetryPolicy>
  [[nodiscard]] Self with_max_backoff(std::chrono::milliseconds value) const { Self o = *this; o.max_backoff = std::move(value); return o; }
  /// A copy with retry_on_503 set.
  template <class Self = RetryPolicy>
  [[nodiscard]] Self with_retry_on_503(bool value = true) const { Self o = *this; o.retry_on_503 = value; return o; }
  //}
};

/// "default", "single" or "roundrobin"; throws std::invalid_argument otherwise.
std::shared_ptr<HostResolver> get_resolver(std::string_view strategy, std::size_t host_count,
                                           std::optional<std::size_t> max_tries = std::nullopt);

}  // namespace v1
}  // namespace arango
