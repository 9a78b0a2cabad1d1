// A connection to one database: chooses the host, adds the /_db/<name> prefix, credentials,
// the driver header and compression, hands the request to the HTTP client, and sends it
// again where that is safe (another host after a connection failure or a 503; the same host
// with a fresh JWT after a 401).
#pragma once

#include <arango/auth.hpp>
#include <arango/compression.hpp>
#include <arango/http.hpp>
#include <arango/resolver.hpp>
#include <arango/result.hpp>

#include "telemetry.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace arango::inline v1::detail {

/// The Authorization header value of one attempt, and the credential generation it belongs
/// to (a 401 answered to an older generation is not a reason to log in again).
struct Credential {
  /// Shared, so that handing it to each call copies no string; null: no header.
  std::shared_ptr<const std::string> header;
  std::uint64_t generation = 0;
};

class Connection;

/// Produces the Authorization header of each attempt.
class Authenticator {
 public:
  using Done = std::function<void(Result<Credential>)>;
  virtual ~Authenticator() = default;
  /// The credential to send, when there is one at hand (no login to wait for): spares the call
  /// authorize()'s callback. nullopt: ask authorize().
  virtual std::optional<Credential> current(const std::shared_ptr<Connection>&) { return std::nullopt; }
  /// Calls `done` with the credential to send (possibly after a login), at once or later.
  virtual void authorize(const std::shared_ptr<Connection>& connection, Done done) = 0;
  /// Whether a 401 can be answered by logging in again.
  virtual bool can_refresh() const noexcept { return false; }
  /// After a 401 to an attempt that sent `used`: a fresh credential (one login however many
  /// calls ask), or the login's error.
  virtual void refresh_after(const std::shared_ptr<Connection>& connection, const Credential& used, Done done);
};

/// HTTP Basic: one fixed header.
std::shared_ptr<Authenticator> basic_authenticator(const Auth& auth);
/// A fixed bearer token that is never refreshed (auth_method "superuser", or "jwt" with a
/// token and no credentials).
std::shared_ptr<Authenticator> bearer_authenticator(JwtToken token);
/// auth_method "jwt": logs in through POST /_open/auth, refreshes the token before it expires
/// (in the background while it is still valid; the calls wait once it has expired), one login
/// at a time however many calls wait, and once after a 401.
std::shared_ptr<Authenticator> jwt_authenticator(std::optional<Auth> auth, std::optional<JwtToken> token);

struct ConnectionConfig {
  std::vector<std::string> hosts;
  std::shared_ptr<HostResolver> resolver;
  std::shared_ptr<HTTPClient> http;
  std::string db_name;
  std::shared_ptr<Authenticator> authenticator;  ///< nullptr: no Authorization header
  std::shared_ptr<CompressionManager> compression;
  RetryPolicy retry;
  /// The client's observer, figures and log; null: a Telemetry of the connection's own (no
  /// observer, no log).
  std::shared_ptr<Telemetry> telemetry;
};

class Connection {
 public:
  explicit Connection(ConnectionConfig config);

  /// Sends the request (with the retries described in the README) and delivers the last
  /// response or error. `authenticate` false: no Authorization header (the JWT login).
  static void send(const std::shared_ptr<Connection>& self, Request&& request, const CallOptions& options,
                   HTTPClient::Completion done, bool authenticate = true);
  void schedule(std::chrono::milliseconds delay, HTTPClient::Completion done) {
    config_.http->schedule(delay, std::move(done));
  }
  const std::string& db_name() const noexcept { return config_.db_name; }
  std::shared_ptr<const IoThread> io_thread() const { return io_thread_; }
  const ConnectionConfig& config() const noexcept { return config_; }
  Telemetry& telemetry() const noexcept { return *config_.telemetry; }

  /// The server's version string ("3.12.4"), learned once per connection with one
  /// GET /_api/version the first time a call needs it (calls that ask meanwhile wait for that
  /// one request). `done` gets nullopt when the version could not be learned (not cached: the
  /// next call asks again). The request runs with `options` (the deadline and cancellation of
  /// the call that needs the version).
  using VersionDone = std::function<void(const std::optional<std::string>&)>;
  static void server_version(const std::shared_ptr<Connection>& self, const CallOptions& options,
                             VersionDone done);

  /// The absolute URL of a request on host `host_index` (exposed for unit tests).
  std::string url_for(const Request& request, std::size_t host_index) const;

 private:
  struct Call;
  static void authorize(const std::shared_ptr<Call>& call);
  static void attempt(const std::shared_ptr<Call>& call);
  static void on_result(const std::shared_ptr<Call>& call, Result<Response>&& result);
  static void retry(const std::shared_ptr<Call>& call, Result<Response>&& last, RetryReason reason);
  static void finish(const std::shared_ptr<Call>& call, Result<Response>&& result);
  static HttpRequest& writable(Call& call);
  /// Tells the telemetry (figures, observer, log) that the current attempt ended with `result`,
  /// and whether the call goes on (`retry`, to `next_host` after `delay`).
  static void report_attempt(Call& call, const Result<Response>& result, RetryReason retry,
                             std::chrono::milliseconds delay, std::optional<std::size_t> next_host);
  static CallIdentity identity(const Call& call);

 public:
  /// Ends the call running its completion on this thread (see call_decoded), with what the
  /// caller receives: `error` null on success.
  static void end_current_call(const ArangoError* error) noexcept;

 private:
  struct Failure;
  static void end_call(Call& call, const Failure* error, int status_code) noexcept;
  struct CurrentCall;
  static thread_local Call* current_call_;

  ConnectionConfig config_;
  std::string db_prefix_;
  std::mutex version_mutex_;
  std::optional<std::string> version_;
  bool version_pending_ = false;
  std::vector<VersionDone> version_waiters_;
  std::shared_ptr<const IoThread> io_thread_;
};

/// Percent-encodes a query component (keys and values).
std::string encode_query_component(std::string_view text);
/// Standard base64 (RFC 4648, padded).
std::string base64(std::string_view data);

}  // namespace arango::detail
