// Observability: what the client tells a program about its calls while they run (a CallObserver
// set in ClientOptions), the figures it keeps about them (ArangoClient::metrics(), rendered for
// Prometheus by to_prometheus), and the log messages of ClientOptions::logger.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <arango/export.hpp>
#include <arango/http.hpp>

namespace arango {
inline namespace v1 ARANGO_API {

/// What a call is: the same in each of its events.
struct CallIdentity {
  /// Unique within the client, in the order the calls started.
  std::uint64_t call_id = 0;
  /// The seed's method name ("insert", "execute", "create_collection", "fetch" for a cursor's
  /// next batch); "request" for a request of your own (StandardDatabase::request).
  std::string_view operation{};
  std::string_view database{};  ///< the database's name
  Method method = Method::GET;  ///< the HTTP verb
  /// The request's path on the server, with the /_db/{database} prefix and without the query
  /// string ("/_db/shop/_api/document/orders"). Percent-encoded, as sent.
  std::string_view path{};
  /// When the call started (its request built), by the system clock, for spans.
  std::chrono::system_clock::time_point start_time{};
  /// The call's trace (32 lowercase hex digits): the caller's (CallOptions::traceparent), or a
  /// new one. Set when the client has an observer or the call a trace context; else empty.
  std::string_view trace_id{};
  std::string_view span_id{};         ///< the call's own span (16 hex digits); empty as trace_id
  std::string_view parent_span_id{};  ///< the caller's span (from its traceparent); empty when none
  bool sampled = true;                ///< the traceparent's sampled flag (true without one)
};

/// A call is about to be sent (its first attempt, after the request was built).
struct CallStart : CallIdentity {
  std::uint64_t request_bytes = 0;  ///< body bytes (as sent: compressed when it is)
  /// The body as sent; empty unless CallObserver::wants_bodies() (and when compressed, the
  /// compressed bytes).
  std::string_view request_body{};
};

/// Why the connection sends a call again after an attempt.
enum class RetryReason {
  none,                 ///< it does not: this attempt's answer or error is the call's
  connection_failed,    ///< no answer (a connection error that a retry may cure): another host
  service_unavailable,  ///< the server answered 503 (RetryPolicy::retry_on_503): another host
  unauthorized,         ///< the server answered 401 to a JWT: the same host, after a new login
};

/// One attempt of a call has ended: its answer, or the client error that ended it.
struct AttemptEnd : CallIdentity {
  std::size_t attempt = 1;    ///< 1 for the first attempt
  /// The attempt's own span (16 hex digits), a child of the call's: the parent id its
  /// traceparent header carried. Empty when trace_id is.
  std::string_view attempt_span_id{};
  /// When the attempt was handed to the transport, by the system clock.
  std::chrono::system_clock::time_point attempt_start_time{};
  std::string_view host{};    ///< the host URL the attempt went to ("http://10.0.0.5:8529")
  int status_code = 0;        ///< the HTTP status; 0 when no answer came
  /// The client error that ended the attempt without an answer ("ClientConnectionError",
  /// "RequestTimeoutError"); empty when an answer came.
  std::string_view error{};
  std::string_view error_message{};  ///< that error's message; empty when an answer came
  TransferInfo transfer{};           ///< what the transport measured (see TransferInfo)
  /// The server's x-arango-queue-time-seconds: how long the request waited in its queue.
  std::optional<double> server_queue_time{};
  RetryReason retry = RetryReason::none;  ///< whether, and why, the call is sent again
  std::string_view next_host{};           ///< where the next attempt goes (retry set)
  std::chrono::milliseconds retry_delay{};  ///< the wait before the next attempt (backoff)
  /// The response body as received (decompressed); empty unless CallObserver::wants_bodies().
  std::string_view response_body{};
};

/// A call has ended: what it delivers to its caller is decided (the observer hears of it before
/// the caller does).
struct CallEnd : CallIdentity {
  std::size_t attempts = 0;  ///< attempts made (0: it ended before one was sent)
  std::string_view host{};   ///< the host of the last attempt; empty when none was made
  int status_code = 0;       ///< the HTTP status of the last answer; 0 when none came
  /// The class name of the error the call delivers ("DocumentGetError", "RequestTimeoutError",
  /// "DeserializationError"); empty when it succeeds.
  std::string_view error{};
  int error_num = 0;  ///< the errorNum of a server error (1202: document not found); else 0
  std::string_view error_message{};  ///< the delivered error's message; empty on success
  std::chrono::microseconds duration{};  ///< from the call's start to its result, decoded
  std::uint64_t bytes_sent = 0;          ///< over every attempt (TransferInfo::bytes_sent)
  std::uint64_t bytes_received = 0;      ///< over every attempt (TransferInfo::bytes_received)
};

/// Hooks the client calls around each call (ClientOptions::observer). The calls come from the
/// thread that makes the call (on_call_start) and from the I/O thread (the others), several at
/// once from different calls: an implementation must be thread-safe and quick, since the I/O
/// thread waits for it. An exception it throws is caught and logged at error level; it never
/// reaches the call. Credentials never appear in an event; bodies only when asked for.
class CallObserver {
 public:
  virtual ~CallObserver() = default;
  /// When the call's request is built, before its first attempt (and before any JWT login it
  /// waits for).
  virtual void on_call_start(const CallStart& event) { (void)event; }
  /// After each attempt: its answer or error, its timings, and whether another attempt follows.
  virtual void on_attempt_end(const AttemptEnd& event) { (void)event; }
  /// Once per call, when its result is known, before the caller receives it.
  virtual void on_call_end(const CallEnd& event) { (void)event; }
  /// Whether events carry the request and response bodies (false: they never do). Asked once,
  /// when the client is made.
  virtual bool wants_bodies() const { return false; }
};

/// Call durations by operation: counts per bucket (ClientMetrics::latency).
struct LatencyHistogram {
  /// The buckets' upper bounds in seconds; a last bucket holds the rest (+Inf).
  static constexpr std::array<double, 14> bounds{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                 0.1,    0.25,  0.5,    1.0,   2.5,  5.0,   10.0};
  std::array<std::uint64_t, bounds.size() + 1> counts{};  ///< per bucket, not cumulative
  std::uint64_t count = 0;   ///< calls measured
  double sum_seconds = 0.0;  ///< their durations added up
};

/// A snapshot of a client's figures (ArangoClient::metrics()). Counters count from the client's
/// start; gauges are the value when the snapshot was taken.
struct ClientMetrics {
  std::uint64_t calls_in_flight = 0;  ///< gauge: calls started and not ended
  /// gauge: calls the transport holds that wait for a free connection (HTTPClient::queued_calls)
  std::uint64_t calls_queued = 0;
  std::uint64_t calls_started = 0;    ///< calls started
  std::uint64_t calls_succeeded = 0;  ///< calls ended with a result
  std::uint64_t calls_failed = 0;     ///< calls ended with an error (see failures)
  /// Failed calls by the class name of their error ("DocumentGetError", "RequestTimeoutError").
  std::map<std::string, std::uint64_t, std::less<>> failures{};
  std::uint64_t attempts = 0;    ///< attempts sent (first ones and retries)
  std::uint64_t retries = 0;     ///< attempts after a call's first (any RetryReason)
  std::uint64_t failovers = 0;   ///< retries that went to another host than the last attempt
  std::uint64_t jwt_refreshes = 0;        ///< JWT logins that succeeded (first login included)
  std::uint64_t jwt_refresh_failures = 0;  ///< JWT logins that failed
  std::uint64_t bytes_sent = 0;      ///< request bytes, headers included, over every attempt
  std::uint64_t bytes_received = 0;  ///< response bytes, headers included, over every attempt
  std::uint64_t connections_opened = 0;  ///< attempts' new connections
  std::uint64_t connections_reused = 0;  ///< attempts sent over a connection already open
  std::uint64_t slow_calls = 0;  ///< calls longer than ClientOptions::slow_call_threshold
  /// Call durations by operation ("insert", "execute", ...).
  std::map<std::string, LatencyHistogram, std::less<>> latency{};
};

/// `metrics` in the Prometheus text exposition format (version 0.0.4), each metric's name
/// starting with `prefix` ("arango_client_calls_in_flight", "arango_client_call_duration_seconds"
/// ...), with HELP and TYPE lines; label values escaped as the format asks. `labels` (for
/// example `client="orders"`) is added to every sample when not empty; it must be valid label
/// text.
std::string to_prometheus(const ClientMetrics& metrics, std::string_view prefix = "arango_client",
                          std::string_view labels = {});

/// The name of `reason` ("connection_failed"; "none").
std::string_view to_string(RetryReason reason) noexcept;

}  // namespace v1
}  // namespace arango
