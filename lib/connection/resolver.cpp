#include <arango/resolver.hpp>

#include <stdexcept>
#include <string>

namespace arango {
inline namespace v1 {

HostResolver::HostResolver(std::size_t host_count, std::optional<std::size_t> max_tries)
    : host_count_(host_count), max_tries_(max_tries && *max_tries ? *max_tries : 3 * host_count) {
  if (host_count_ == 0) throw std::invalid_argument("a host resolver needs at least one host");
  if (max_tries_ < host_count_) {
    throw std::invalid_argument("max_tries (" + std::to_string(max_tries_) +
                                ") must be at least the number of hosts (" + std::to_string(host_count_) + ")");
  }
}

void HostResolver::change_host() noexcept {
  std::size_t i = index_.load(std::memory_order_relaxed);
  while (!index_.compare_exchange_weak(i, (i + 1) % host_count_, std::memory_order_relaxed)) {
  }
}

void HostResolver::change_host_from(std::size_t failed) noexcept {
  std::size_t i = index_.load(std::memory_order_relaxed);
  while (i % host_count_ == failed % host_count_) {
    if (index_.compare_exchange_weak(i, (i + 1) % host_count_, std::memory_order_relaxed)) break;
  }
}

std::size_t SingleHostResolver::get_host_index() { return index_.load(std::memory_order_relaxed) % host_count_; }

RoundRobinHostResolver::RoundRobinHostResolver(std::size_t host_count, std::optional<std::size_t> max_tries)
    : HostResolver(host_count, max_tries) {}

std::size_t RoundRobinHostResolver::get_host_index() {
  return index_.fetch_add(1, std::memory_order_relaxed) % host_count_;
}

std::shared_ptr<HostResolver> get_resolver(std::string_view strategy, std::size_t host_count,
                                           std::optional<std::size_t> max_tries) {
  if (strategy == "roundrobin") return std::make_shared<RoundRobinHostResolver>(host_count, max_tries);
  if (strategy == "single" || strategy == "default") return std::make_shared<SingleHostResolver>(host_count, max_tries);
  throw std::invalid_argument("Unsupported host resolver strategy: " + std::string(strategy));
}

}  // namespace v1
}  // namespace arango
