// Host resolvers (the seed's arangoasync.resolver): which of the client's hosts a call goes to.
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

namespace arango {
inline namespace v1 {

class HostResolver {
 public:
  /// max_tries: attempts per call over all hosts; unset or 0: 3 x host_count. Throws
  /// std::invalid_argument when max_tries < host_count or host_count is 0.
  explicit HostResolver(std::size_t host_count = 1, std::optional<std::size_t> max_tries = std::nullopt);
  virtual ~HostResolver() = default;

  std::size_t host_count() const noexcept { return host_count_; }
  std::size_t max_tries() const noexcept { return max_tries_; }
  /// The host for the next attempt. Thread-safe.
  virtual std::size_t get_host_index() = 0;
  /// Moves on to the next host (after a failed attempt). Thread-safe.
  void change_host() noexcept;

 protected:
  std::size_t host_count_;
  std::size_t max_tries_;
  std::atomic<std::size_t> index_{0};
};

/// Sticks to one host until change_host() (the seed's SingleHostResolver = DefaultHostResolver).
class SingleHostResolver : public HostResolver {
 public:
  using HostResolver::HostResolver;
  std::size_t get_host_index() override;
};
using DefaultHostResolver = SingleHostResolver;

/// Takes the hosts in turn, one per call.
class RoundRobinHostResolver : public HostResolver {
 public:
  explicit RoundRobinHostResolver(std::size_t host_count, std::optional<std::size_t> max_tries = std::nullopt);
  std::size_t get_host_index() override;
};

/// "default", "single" or "roundrobin"; throws std::invalid_argument otherwise.
std::shared_ptr<HostResolver> get_resolver(std::string_view strategy, std::size_t host_count,
                                           std::optional<std::size_t> max_tries = std::nullopt);

}  // namespace v1
}  // namespace arango
