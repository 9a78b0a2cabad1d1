// ArangoClient (the seed's arangoasync.client.ArangoClient).
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <arango/async.hpp>
#include <arango/auth.hpp>
#include <arango/compression.hpp>
#include <arango/database.hpp>
#include <arango/export.hpp>
#include <arango/http.hpp>
#include <arango/observe.hpp>
#include <arango/resolver.hpp>

namespace arango {
inline namespace v1 ARANGO_API {

/// Settings of an ArangoClient: hosts, host choice, transport, compression and retries.
struct ClientOptions {
  /// Host URLs (scheme://host:port); for a cluster, the coordinators.
  std::vector<std::string> hosts{"http://127.0.0.1:8529"};
  /// "default", "single", "roundrobin", or a resolver of your own.
  std::variant<std::string, std::shared_ptr<HostResolver>> host_resolver = std::string("default");
  /// The transport. Unset: a DefaultHTTPClient made from `http`.
  std::shared_ptr<HTTPClient> http_client{};
  /// Request/response compression for every database; unset: none.
  std::shared_ptr<CompressionManager> compression{};
  /// Settings of the default transport (ignored when http_client is given).
  HttpClientOptions http{};
  /// When failed attempts are sent again, and the waits between them (README: "Retries and
  /// failover"); the number of attempts is the resolver's max_tries.
  RetryPolicy retry{};
  /// Told about every call: its start, each attempt's end (timings, host, status, retries) and
  /// its end (see CallObserver). Unset: none.
  std::shared_ptr<CallObserver> observer{};
  /// Receives the client's log messages at `log_level` and above: retries and failovers with
  /// their reason, JWT logins, slow calls (warning, info), each attempt's host, status, timing
  /// and connection reuse (debug). Never a credential or a body. The default transport also logs
  /// through it (exceptions thrown by callbacks) unless http.logger is set. Unset: nothing.
  LogHandler logger{};
  LogLevel log_level = LogLevel::info;  ///< the least serious level that `logger` receives
  /// Calls that take longer are logged at warning level and counted
  /// (ClientMetrics::slow_calls); 0: none are.
  std::chrono::milliseconds slow_call_threshold{0};
  //{ chainable setters (scripts/calling_forms.py writes them)
  // with_<field>(value): a copy with that field set, to chain: ClientOptions{}.with_a(x).with_b(y).
  // (Self is the struct itself: a template only so that a setter is compiled where it is used.)
  /// A copy with hosts set.
  template <class Self = ClientOptions>
  [[nodiscard]] Self with_hosts(std::vector<std::string> value) const { Self o = *this; o.hosts = std::move(value); return o; }
  /// A copy with host_resolver set.
  template <class Self = ClientOptions>
  [[nodiscard]] Self with_host_resolver(std::variant<std::string, std::shared_ptr<HostResolver>> value) const { Self o = *this; o.host_resolver = std::move(value); return o; }
  /// A copy with http_client set.
  template <class Self = ClientOptions>
  [[nodiscard]] Self with_http_client(std::shared_ptr<HTTPClient> value) const { Self o = *this; o.http_client = std::move(value); return o; }
  /// A copy with compression set.
  template <class Self = ClientOptions>
  [[nodiscard]] Self with_compression(std::shared_ptr<CompressionManager> value) const { Self o = *this; o.compression = std::move(value); return o; }
  /// A copy with http set.
  template <class Self = ClientOptions>
  [[nodiscard]] Self with_http(HttpClientOptions value) const { Self o = *this; o.http = std::move(value); return o; }
  /// A copy with retry set.
  template <class Self = ClientOptions>
  [[nodiscard]] Self with_retry(RetryPolicy value) const { Self o = *this; o.retry = std::move(value); return o; }
  /// A copy with observer set.
  template <class Self = ClientOptions>
  [[nodiscard]] Self with_observer(std::shared_ptr<CallObserver> value) const { Self o = *this; o.observer = std::move(value); return o; }
  /// A copy with logger set.
  template <class Self = ClientOptions>
  [[nodiscard]] Self with_logger(LogHandler value) const { Self o = *this; o.logger = std::move(value); return o; }
  /// A copy with log_level set.
  template <class Self = ClientOptions>
  [[nodiscard]] Self with_log_level(LogLevel value) const { Self o = *this; o.log_level = std::move(value); return o; }
  /// A copy with slow_call_threshold set.
  template <class Self = ClientOptions>
  [[nodiscard]] Self with_slow_call_threshold(std::chrono::milliseconds value) const { Self o = *this; o.slow_call_threshold = std::move(value); return o; }
  //}
};

/// Parameters of ArangoClient::db (the seed's keyword arguments).
struct DbOptions {
  /// "basic": HTTP Basic with `auth` (its password may be an access token).
  /// "jwt": a user JWT, from `token` and/or a login with `auth` through /_open/auth; with
  ///        `auth` it is refreshed before it expires (one login at a time however many calls
  ///        wait) and once after a 401.
  /// "superuser": `token` as is (JwtToken::generate_token with the server's secret); never
  ///        refreshed.
  std::string auth_method = "basic";
  /// Username and password: required by "basic" (db() throws std::invalid_argument without
  /// them), used by "jwt" to log in (and to refresh the token); unused by "superuser".
  std::optional<Auth> auth{};
  /// The JWT of auth_method "jwt" or "superuser".
  std::optional<JwtToken> token{};
  /// Send a test request (GET /_api/collection) before delivering the database: failures give
  /// ServerConnectionError ("Authentication failed." on 401/403, "Bad server response." else,
  /// "Failed to connect." when no answer came: the connection error, a ClientConnectionError or
  /// RequestTimeoutError, is its cause()), or JWTRefreshError when the JWT login fails.
  bool verify = false;
  /// Supersedes the client's compression for this database.
  std::shared_ptr<CompressionManager> compression{};
  //{ chainable setters (scripts/calling_forms.py writes them)
  // with_<field>(value): a copy with that field set, to chain: DbOptions{}.with_a(x).with_b(y).
  // (Self is the struct itself: a template only so that a setter is compiled where it is used.)
  /// A copy with auth_method set.
  template <class Self = DbOptions>
  [[nodiscard]] Self with_auth_method(std::string value) const { Self o = *this; o.auth_method = std::move(value); return o; }
  /// A copy with auth set.
  template <class Self = DbOptions>
  [[nodiscard]] Self with_auth(Auth value) const { Self o = *this; o.auth = std::move(value); return o; }
  /// A copy with token set.
  template <class Self = DbOptions>
  [[nodiscard]] Self with_token(JwtToken value) const { Self o = *this; o.token = std::move(value); return o; }
  /// A copy with verify set.
  template <class Self = DbOptions>
  [[nodiscard]] Self with_verify(bool value = true) const { Self o = *this; o.verify = value; return o; }
  /// A copy with compression set.
  template <class Self = DbOptions>
  [[nodiscard]] Self with_compression(std::shared_ptr<CompressionManager> value) const { Self o = *this; o.compression = std::move(value); return o; }
  //}
};

/// Thread-safe: one client serves any number of threads. Destroying (or close()-ing) it ends
/// every pending call with ClientShutdownError; handles taken from it then fail new calls the
/// same way.
class ArangoClient {
 public:
  /// A client of `options.hosts`; starts the transport's I/O thread. Throws
  /// std::invalid_argument for no hosts, a host URL without http:// or https://, an unknown
  /// host_resolver name, a resolver whose host_count differs from the number of hosts, or a
  /// RetryPolicy whose backoffs are not 0 <= initial_backoff <= max_backoff.
  explicit ArangoClient(ClientOptions options = {});
  /// A client of one host with default options ("http://127.0.0.1:8529").
  explicit ArangoClient(std::string host);
  ~ArangoClient();
  ArangoClient(const ArangoClient&) = delete;
  ArangoClient& operator=(const ArangoClient&) = delete;

  /// The host URLs, in the order of ClientOptions::hosts.
  const std::vector<std::string>& hosts() const noexcept;
  const std::shared_ptr<HostResolver>& host_resolver() const noexcept;  ///< The host resolver in use.
  /// The client's compression manager; null when there is none.
  const std::shared_ptr<CompressionManager>& compression() const noexcept;
  const std::shared_ptr<HTTPClient>& http_client() const noexcept;  ///< The transport in use.
  /// The library version ("0.1.0").
  static std::string_view version() noexcept;
  /// The client's figures now: calls in flight, queued, ended by outcome and error class,
  /// retries, failovers, JWT logins, bytes, connections, durations by operation (see
  /// ClientMetrics; to_prometheus renders them). Thread-safe; a snapshot, not a live view.
  ClientMetrics metrics() const;

  /// Ends every pending call with ClientShutdownError and stops the I/O thread. Idempotent.
  void close();

  /// A database handle. Throws std::invalid_argument for an unknown auth_method or missing
  /// credentials. Without verify the result is ready when db() returns (a callback runs inside
  /// the call); with verify it comes after the test request.
  template <class Token = UseFuture>
  auto db(std::string name, DbOptions options = {}, Token&& token = {}) const {
    std::shared_ptr<detail::Connection> connection = make_connection(std::move(name), options);
    if (options.verify) {
      return detail::initiate<StandardDatabase>(
          std::forward<Token>(token), detail::io_thread_of(*connection),
          [connection](Callback<StandardDatabase> done, std::stop_token stop) {
            CallOptions options;  // a coroutine's stop token cancels the test request
            detail::join_stop<StandardDatabase>(options, std::move(stop), done);
            detail::execute<StandardDatabase>(connection, verify_operation(connection), options,
                                              [done = std::move(done)](Result<StandardDatabase> r) {
                                                if (!r) r = Result<StandardDatabase>(verify_failure(r.error_ptr()));
                                                done(std::move(r));
                                              });
          });
    }
    StandardDatabase db{DefaultApiExecutor(connection)};
    return detail::initiate<StandardDatabase>(
        std::forward<Token>(token), detail::io_thread_of(*connection),
        [db](Callback<StandardDatabase> done) { done(db); });
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// db() with options left at the default: the token follows.
  template <detail::TokenSkipping<DbOptions> Token>
  auto db(std::string name, Token&& token) const {
    return this->db(name, {}, std::forward<Token>(token));
  }
  //}

 private:
  std::shared_ptr<detail::Connection> make_connection(std::string name, const DbOptions& options) const;
  static detail::Operation<StandardDatabase> verify_operation(std::shared_ptr<detail::Connection> connection);
  /// The error a failed verification raises: no answer at all (a ClientConnectionError or
  /// RequestTimeoutError) becomes ServerConnectionError with it as the cause; the rest (an
  /// answer's own ServerConnectionError, a failed JWT login, a cancel, a closed client) as is.
  static ErrorPtr verify_failure(ErrorPtr error);

  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace v1
}  // namespace arango
