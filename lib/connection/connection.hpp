// A connection to one database: chooses the host, adds the /_db/<name> prefix, credentials,
// the driver header and compression, and hands the request to the HTTP client.
#pragma once

#include <arango/auth.hpp>
#include <arango/compression.hpp>
#include <arango/detail/operation.hpp>
#include <arango/resolver.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace arango::detail {

struct ConnectionConfig {
  std::vector<std::string> hosts;
  std::shared_ptr<HostResolver> resolver;
  std::shared_ptr<HTTPClient> http;
  std::string db_name;
  std::optional<Auth> basic;
  std::shared_ptr<CompressionManager> compression;
};

class Connection {
 public:
  explicit Connection(ConnectionConfig config);

  void send(Request&& request, const CallOptions& options, std::function<void(Result<Response>)> done);
  void schedule(std::chrono::milliseconds delay, std::function<void(Result<Response>)> done) {
    config_.http->schedule(delay, std::move(done));
  }
  const std::string& db_name() const noexcept { return config_.db_name; }
  std::shared_ptr<const IoThread> io_thread() const { return io_thread_; }

  /// The absolute URL of a request on host `host_index` (exposed for unit tests).
  std::string url_for(const Request& request, std::size_t host_index) const;

 private:
  ConnectionConfig config_;
  std::string db_prefix_;
  std::string authorization_;
  std::shared_ptr<const IoThread> io_thread_;
};

/// Percent-encodes a query component (keys and values).
std::string encode_query_component(std::string_view text);
/// Standard base64 (RFC 4648, padded).
std::string base64(std::string_view data);

}  // namespace arango::detail
