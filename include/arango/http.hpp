// HTTP-level types shared by every layer: Method, Headers, Request, Response, and the
// HTTPClient interface the connection layer sends through (the seed's arangoasync.http).
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include <arango/export.hpp>

namespace arango {
inline namespace ARANGO_API v1 {

enum class Method { GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS };

/// The verb as sent on the wire ("GET", ...).
std::string_view to_string(Method method) noexcept;
/// Whether sending the request twice has the effect of sending it once, as far as the library
/// assumes when it retries: GET, HEAD and OPTIONS. (PUT and DELETE are idempotent in HTTP, but
/// ArangoDB's PUT /_api/cursor/<id> moves a cursor on, so the library never repeats them.)
bool is_idempotent(Method method) noexcept;

/// An ordered list of header fields; lookups ignore the case of names.
class Headers {
 public:
  using value_type = std::pair<std::string, std::string>;
  Headers() = default;
  Headers(std::initializer_list<value_type> fields) : fields_(fields) {}

  /// The first value of `name`, or nullopt.
  std::optional<std::string_view> find(std::string_view name) const noexcept;
  /// Every value of `name`, in order.
  std::vector<std::string_view> find_all(std::string_view name) const;
  bool contains(std::string_view name) const noexcept { return find(name).has_value(); }
  /// Appends a field (duplicates allowed, as in HTTP).
  void add(std::string name, std::string value) { fields_.emplace_back(std::move(name), std::move(value)); }
  /// Replaces every field of that name by one field.
  void set(std::string name, std::string value);
  void erase(std::string_view name);

  std::size_t size() const noexcept { return fields_.size(); }
  bool empty() const noexcept { return fields_.empty(); }
  auto begin() const noexcept { return fields_.begin(); }
  auto end() const noexcept { return fields_.end(); }
  void clear() noexcept { fields_.clear(); }
  void reserve(std::size_t n) { fields_.reserve(n); }

 private:
  std::vector<value_type> fields_;
};

/// Query parameters in the order they are sent (each key and value is percent-encoded).
using Params = std::vector<std::pair<std::string, std::string>>;

/// A request as the API layer describes it (the seed's arangoasync.request.Request).
/// `endpoint` is the path below the database (e.g. "/_api/version"); the connection adds
/// "/_db/<name>" unless `prefix_needed` is false. Path segments in `endpoint` must already be
/// percent-encoded (use arango::encode_path_segment).
struct Request {
  Request() = default;
  Request(Method m, std::string endpoint_path, Params query = {}, std::string body = {})
      : method(m), endpoint(std::move(endpoint_path)), params(std::move(query)), data(std::move(body)) {}

  Method method = Method::GET;
  std::string endpoint{};
  Headers headers{};
  Params params{};
  std::string data{};           ///< body bytes; empty means no body
  bool prefix_needed = true;  ///< prepend /_db/<database>
  /// Send to this host (an index into the client's hosts) and no other: the affinity of
  /// cursors, stream transactions and async jobs, which live on the coordinator that made
  /// them. Unset: the host resolver chooses, and failed attempts may move to another host.
  std::optional<std::size_t> host_index{};
};

/// A response as received (the seed's arangoasync.response.Response).
struct Response {
  Method method = Method::GET;
  std::string url{};
  Headers headers{};
  int status_code = 0;
  std::string status_text{};
  std::string raw_body{};
  /// errorNum of an ArangoDB error body ({"error":true,...}); 0 when there is none.
  int error_code = 0;
  /// errorMessage of an ArangoDB error body; empty when there is none.
  std::string error_message{};
  bool is_success = false;  ///< 200 <= status_code < 300
  /// The index (into the client's hosts) of the host that answered; set by the connection.
  std::optional<std::size_t> host_index{};
  /// The HTTP version the response came over: "1.0", "1.1", "2" or "3"; empty when the
  /// transport does not say (DefaultHTTPClient always does).
  std::string http_version{};
};

/// Percent-encodes one path segment (a database, collection or user name, a key, an id part):
/// everything but RFC 3986 unreserved characters is encoded, so "/" and "%" cannot escape the
/// segment. UTF-8 names (ArangoDB 3.12 extended names) are encoded byte by byte.
std::string encode_path_segment(std::string_view segment);

/// Per-call settings. Every API handle carries one (see `with_call_options`).
struct CallOptions {
  /// Deadline for the whole call, from submission to the last byte; unset: the HTTP client's
  /// default (300 s for DefaultHTTPClient, as in the seed).
  std::optional<std::chrono::milliseconds> timeout{};
  /// Cancels the call when a stop is requested, whether it is queued or on the wire.
  std::stop_token cancel{};
  /// Sent as x-arango-queue-time-seconds: the server drops the request unrun when it has
  /// waited longer than this in the server's queue, and the call fails with
  /// QueueTimeViolatedError (412, errorNum 21004). Unset: no limit.
  std::optional<std::chrono::duration<double>> max_queue_time{};
};

class ArangoError;
template <class T>
class Result;

namespace detail {
/// Identifies an I/O thread so that blocking on its futures from inside it can be refused.
struct IoThread {
  std::atomic<std::thread::id> id{};
  bool is_current() const noexcept { return id.load(std::memory_order_acquire) == std::this_thread::get_id(); }
};
}  // namespace detail

/// A request ready for the transport: absolute URL, final headers and body.
struct HttpRequest {
  Method method = Method::GET;
  std::string url{};
  Headers headers{};
  std::string body{};
  CallOptions options{};
};

/// The transport interface (the seed's HTTPClient). DefaultHTTPClient drives libcurl-multi on
/// one thread of its own; a user may plug in another implementation (a mock in unit tests).
class HTTPClient {
 public:
  using Completion = std::function<void(Result<Response>)>;
  virtual ~HTTPClient() = default;

  /// Sends one request. `done` is called exactly once with the response or a client error
  /// (ClientConnectionError, RequestTimeoutError, RequestCanceledError, QueueFullError,
  /// ClientShutdownError ...), normally on the I/O thread. Must not throw.
  virtual void send_request(HttpRequest request, Completion done) = 0;

  /// Stops accepting calls, ends every pending call with ClientShutdownError and releases the
  /// I/O thread. Idempotent.
  virtual void close() = 0;

  /// The thread on which completions run, when there is one (used to refuse blocking waits).
  virtual std::shared_ptr<const detail::IoThread> io_thread() const { return nullptr; }

  /// Runs `done` once `delay` has passed (used to poll async jobs): with a default Response
  /// when the time came, or with ClientShutdownError when the client closes first. The default
  /// implementation has no clock: it fails at once with UnsupportedTimerError.
  virtual void schedule(std::chrono::milliseconds delay, Completion done);
};

enum class HttpVersion {
  http1_1,                ///< HTTP/1.1 with keep-alive
  http2_tls,              ///< HTTP/2 negotiated by ALPN on https, HTTP/1.1 on http
  http2_prior_knowledge,  ///< cleartext HTTP/2 without upgrade (h2c)
};

enum class LogLevel { debug, info, warning, error };
/// The only way the library reports anything it does not return: it never prints.
using LogHandler = std::function<void(LogLevel level, std::string_view message)>;

/// Settings of DefaultHTTPClient (the libcurl-multi loop).
struct HttpClientOptions {
  std::chrono::milliseconds request_timeout{300'000};  ///< default deadline of a call
  std::chrono::milliseconds connect_timeout{60'000};
  /// Calls accepted but not yet completed; one more fails with QueueFullError.
  std::size_t max_pending_calls = 100'000;
  /// Connections opened to one host at most; further calls wait for a free one (0 = no limit).
  long max_host_connections = 64;
  /// Idle connections kept for reuse.
  long max_cached_connections = 64;
  HttpVersion http_version = HttpVersion::http1_1;
  /// HTTP/2: calls multiplexed on one connection at most; more concurrent calls open another
  /// connection (within max_host_connections). The server's own limit (its
  /// SETTINGS_MAX_CONCURRENT_STREAMS, 100 for many servers) applies as well.
  long max_concurrent_streams = 100;
  bool verify_peer = true;  ///< TLS: verify the server certificate
  bool verify_host = true;  ///< TLS: verify the host name against the certificate
  std::string ca_file{};    ///< TLS: CA bundle (PEM); empty = system default
  /// Where completions run. Unset: on the I/O thread (callbacks must not block there).
  std::function<void(std::function<void()>)> completion_executor{};
  /// Receives exceptions thrown by user callbacks. Unset: they are logged at error level and
  /// counted (DefaultHTTPClient::callback_exceptions()).
  std::function<void(std::exception_ptr)> on_callback_exception{};
  LogHandler logger{};
};

/// libcurl-multi transport: one I/O thread, one CURLM, pooled easy handles, keep-alive reuse.
class DefaultHTTPClient final : public HTTPClient {
 public:
  explicit DefaultHTTPClient(HttpClientOptions options = {});
  ~DefaultHTTPClient() override;
  DefaultHTTPClient(const DefaultHTTPClient&) = delete;
  DefaultHTTPClient& operator=(const DefaultHTTPClient&) = delete;

  void send_request(HttpRequest request, Completion done) override;
  void close() override;
  std::shared_ptr<const detail::IoThread> io_thread() const override;
  void schedule(std::chrono::milliseconds delay, Completion done) override;

  /// Calls accepted and not yet completed.
  std::size_t pending_calls() const noexcept;
  /// Exceptions thrown by callbacks so far.
  std::size_t callback_exceptions() const noexcept;
  /// Connections opened so far (TCP connects made by finished transfers; with HTTP/2
  /// multiplexing many calls share one).
  std::size_t connections_opened() const noexcept;
  /// Responses received so far (any status), and how many of them came over HTTP/2: shows
  /// whether HttpVersion::http2_tls / http2_prior_knowledge took effect, since a server
  /// without HTTP/2 answers http2_tls with HTTP/1.1. Each response's own version is
  /// Response::http_version.
  std::size_t responses_received() const noexcept;
  std::size_t http2_responses() const noexcept;

 private:
  struct Loop;
  std::shared_ptr<Loop> loop_;
};

}  // namespace v1
}  // namespace arango
