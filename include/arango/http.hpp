// HTTP-level types shared by every layer: Method, Headers, Request, Response, and the
// HTTPClient interface the connection layer sends through (the seed's arangoasync.http).
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <new>
#include <type_traits>
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
inline namespace v1 ARANGO_API {

/// An HTTP request method.
enum class Method { GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS };

/// The verb as sent on the wire ("GET", ...).
std::string_view to_string(Method method) noexcept;
/// Whether sending the request twice has the effect of sending it once, as far as the library
/// assumes when it retries: GET, HEAD and OPTIONS. (PUT and DELETE are idempotent in HTTP, but
/// ArangoDB's PUT /_api/cursor/{id} moves a cursor on, so the library never repeats them.)
bool is_idempotent(Method method) noexcept;

/// An ordered list of header fields; lookups ignore the case of names.
///
/// The fields live in one buffer, each as its wire line "name: value" followed by a NUL byte:
/// filling a Headers allocates once (or not at all after reserve()), lookups hand out views into
/// that buffer, and a transport can pass each line to a C API as it is (Headers::iterator::line).
/// Views from find(), find_all() and iteration stay valid until the Headers is next changed.
class Headers {
 public:
  using value_type = std::pair<std::string_view, std::string_view>;  ///< name, value

  /// Visits the fields in order; dereferencing gives a (name, value) pair of views.
  class iterator {
   public:
    using iterator_category = std::forward_iterator_tag;  ///< forward iterator
    using value_type = Headers::value_type;  ///< (name, value) of one field
    using difference_type = std::ptrdiff_t;  ///< signed distance
    using pointer = void;  ///< no pointer: fields are delivered by value
    using reference = value_type;  ///< (name, value), by value

    iterator() = default;
    /// The current field as (name, value).
    value_type operator*() const noexcept { return {name(), value()}; }
    /// Steps to the next field.
    iterator& operator++() noexcept {
      pos_ += kEntryHead + name_size() + 2 + value_size() + 1;
      return *this;
    }
    /// Steps to the next field, returning the position before.
    iterator operator++(int) noexcept {
      iterator old = *this;
      ++*this;
      return old;
    }
    friend bool operator==(const iterator& a, const iterator& b) noexcept { return a.pos_ == b.pos_; }
    /// The name, as it was added (lookups ignore its case).
    std::string_view name() const noexcept { return {pos_ + kEntryHead, name_size()}; }
    /// The value; NUL-terminated.
    std::string_view value() const noexcept { return {pos_ + kEntryHead + name_size() + 2, value_size()}; }
    /// The field as sent, "name: value", NUL-terminated.
    const char* line() const noexcept { return pos_ + kEntryHead; }

   private:
    friend class Headers;
    explicit iterator(const char* pos) noexcept : pos_(pos) {}
    std::uint32_t name_size() const noexcept { return load(pos_); }
    std::uint32_t value_size() const noexcept { return load(pos_ + 4); }
    const char* pos_ = nullptr;
  };
  using const_iterator = iterator;  ///< Iteration never changes the fields.

  Headers() = default;
  Headers(std::initializer_list<value_type> fields);  ///< The given fields, in order.

  /// The first value of `name`, or nullopt.
  std::optional<std::string_view> find(std::string_view name) const noexcept;
  /// Every value of `name`, in order.
  std::vector<std::string_view> find_all(std::string_view name) const;
  /// Whether a field `name` exists (any case).
  bool contains(std::string_view name) const noexcept { return find(name).has_value(); }
  /// Appends a field (duplicates allowed, as in HTTP).
  void add(std::string_view name, std::string_view value);
  /// Replaces every field of that name by one field.
  void set(std::string_view name, std::string_view value);
  void erase(std::string_view name);  ///< Removes every field of that name (any case).

  /// The number of fields (duplicates counted).
  std::size_t size() const noexcept { return count_; }
  /// Whether there are no fields.
  bool empty() const noexcept { return count_ == 0; }
  /// The first field.
  iterator begin() const noexcept { return iterator(buffer_.data()); }
  /// Past the last field.
  iterator end() const noexcept { return iterator(buffer_.data() + buffer_.size()); }
  /// Removes every field (keeps the buffer's memory).
  void clear() noexcept {
    buffer_.clear();
    count_ = 0;
  }
  /// Makes room for `fields` more fields of `bytes` bytes of names and values in all, so that
  /// adding them allocates nothing.
  void reserve(std::size_t fields, std::size_t bytes = 0) {
    buffer_.reserve(buffer_.size() + fields * (kEntryHead + 3) + bytes);
  }

 private:
  // Each field: name size and value size (4 bytes each, native order), then "name: value\0".
  static constexpr std::size_t kEntryHead = 8;
  static std::uint32_t load(const char* p) noexcept {
    std::uint32_t v;
    std::memcpy(&v, p, sizeof v);
    return v;
  }
  std::string buffer_;
  std::size_t count_ = 0;
};

/// Query parameters in the order they are sent (each key and value is percent-encoded).
using Params = std::vector<std::pair<std::string, std::string>>;

/// A request as the API layer describes it (the seed's arangoasync.request.Request).
/// `endpoint` is the path below the database (e.g. "/_api/version"); the connection adds
/// "/_db/{name}" unless `prefix_needed` is false. Path segments in `endpoint` must already be
/// percent-encoded (use arango::encode_path_segment).
struct Request {
  Request() = default;
  /// A request of `m` to `endpoint_path` (already percent-encoded) with query parameters and a
  /// body.
  Request(Method m, std::string endpoint_path, Params query = {}, std::string body = {})
      : method(m), endpoint(std::move(endpoint_path)), params(std::move(query)), data(std::move(body)) {}

  Method method = Method::GET;  ///< the HTTP verb
  std::string endpoint{};  ///< the path below /_db/{database}, percent-encoded ("/_api/document/students/1")
  /// headers sent with the request (the connection adds authorization, content type, encoding)
  Headers headers{};
  Params params{};  ///< query parameters, sent in this order
  std::string data{};           ///< body bytes; empty means no body
  bool prefix_needed = true;  ///< prepend /_db/{database}
  /// Send to this host (an index into the client's hosts) and no other: the affinity of
  /// cursors, stream transactions and async jobs, which live on the coordinator that made
  /// them. Unset: the host resolver chooses, and failed attempts may move to another host.
  std::optional<std::size_t> host_index{};
  /// The ArangoDB major version that removed this endpoint (4: JavaScript transactions, Foxx,
  /// tasks, user AQL functions, /_admin/echo, the legacy log and replication APIs); 0: none.
  /// When set, the client learns the server's version once per connection (one
  /// GET /_api/version) and fails the call with UnsupportedServerAPIError, without sending
  /// it, when the server's major version is at least this.
  int removed_in_major = 0;
  /// What the call is, for observers, metrics and logs: the seed's method name ("insert",
  /// "execute", "create_collection"); the API classes set it. It must outlive the call (a
  /// string literal). Empty: a request of your own (reported as "request").
  std::string_view operation{};
};

/// A response as received (the seed's arangoasync.response.Response).
struct Response {
  Method method = Method::GET;  ///< the verb of the request answered
  std::string url{};  ///< the full URL requested
  Headers headers{};  ///< the response's header fields
  int status_code = 0;  ///< the HTTP status (200, 404, ...)
  std::string status_text{};  ///< the reason phrase ("Not Found"); over HTTP/2, which sends none, the standard one
  std::string raw_body{};  ///< the body as received (decompressed when it had a Content-Encoding)
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
namespace detail {
/// Appends `segment` to `out`, percent-encoded as by encode_path_segment, without a string of
/// its own: a request path is built with one allocation.
ARANGO_INTERNAL void append_path_segment(std::string& out, std::string_view segment);
}  // namespace detail

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
  /// Largest response body accepted, in bytes, after any Content-Encoding is decoded; a larger
  /// one ends the call with ResponseTooLargeError as soon as it passes the limit (from its
  /// Content-Length, or while it arrives). Unset: the HTTP client's default
  /// (HttpClientOptions::max_response_size); 0: no limit.
  std::optional<std::size_t> max_response_size{};
  /// The caller's W3C trace context: a `traceparent` value
  /// ("00-<32 hex trace id>-<16 hex parent span id>-<2 hex flags>"). Each attempt of the call is
  /// sent with a traceparent of the same trace and flags whose parent is the attempt's own span
  /// id (see CallIdentity), and with `tracestate` as given. Empty: no trace context is sent. A
  /// value that is not a valid version-00 traceparent is not sent (logged at warning level).
  std::string traceparent{};
  std::string tracestate{};  ///< sent as `tracestate` with a valid traceparent (vendor data, as given)
  //{ chainable setters (scripts/calling_forms.py writes them)
  // with_<field>(value): a copy with that field set, to chain: CallOptions{}.with_a(x).with_b(y).
  // (Self is the struct itself: a template only so that a setter is compiled where it is used.)
  /// A copy with timeout set.
  template <class Self = CallOptions>
  [[nodiscard]] Self with_timeout(std::chrono::milliseconds value) const { Self o = *this; o.timeout = std::move(value); return o; }
  /// A copy with cancel set.
  template <class Self = CallOptions>
  [[nodiscard]] Self with_cancel(std::stop_token value) const { Self o = *this; o.cancel = std::move(value); return o; }
  /// A copy with max_queue_time set.
  template <class Self = CallOptions>
  [[nodiscard]] Self with_max_queue_time(std::chrono::duration<double> value) const { Self o = *this; o.max_queue_time = std::move(value); return o; }
  /// A copy with max_response_size set.
  template <class Self = CallOptions>
  [[nodiscard]] Self with_max_response_size(std::size_t value) const { Self o = *this; o.max_response_size = value; return o; }
  /// A copy with traceparent set.
  template <class Self = CallOptions>
  [[nodiscard]] Self with_traceparent(std::string value) const { Self o = *this; o.traceparent = std::move(value); return o; }
  /// A copy with tracestate set.
  template <class Self = CallOptions>
  [[nodiscard]] Self with_tracestate(std::string value) const { Self o = *this; o.tracestate = std::move(value); return o; }
  //}
};

class ArangoError;
template <class T>
class Result;

namespace detail {
/// A copyable function wrapper like std::function, which keeps a callable inside itself only when
/// it is trivially copyable and at most 16 bytes: a lambda holding a shared_ptr, or two
/// std::functions, costs std::function an allocation. This one keeps any callable of up to
/// `Size` bytes (that moves without throwing) inside itself, and allocates only for larger ones.
template <class Signature, std::size_t Size>
class InlineFunction;

template <class R, class... Args, std::size_t Size>
class InlineFunction<R(Args...), Size> {
 public:
  InlineFunction() noexcept = default;
  InlineFunction(std::nullptr_t) noexcept {}
  template <class F, class D = std::decay_t<F>,
            class = std::enable_if_t<!std::is_same_v<D, InlineFunction> && std::is_invocable_r_v<R, D&, Args...>>>
  InlineFunction(F&& f) {  // NOLINT: converts like std::function
    static_assert(std::is_copy_constructible_v<D>, "the callable must be copyable, as for std::function");
    if constexpr (std::is_pointer_v<D> || std::is_member_pointer_v<D> ||
                  std::is_same_v<D, std::function<R(Args...)>>) {
      if (!f) return;  // empty stays empty
    }
    if constexpr (kInline<D>) {
      ::new (static_cast<void*>(storage_)) D(std::forward<F>(f));
    } else {
      D* p = new D(std::forward<F>(f));
      std::memcpy(storage_, &p, sizeof p);
    }
    ops_ = &kOps<D>;
  }
  InlineFunction(const InlineFunction& other) : ops_(nullptr) {
    if (other.ops_) {
      other.ops_->copy(other.storage_, storage_);
      ops_ = other.ops_;
    }
  }
  InlineFunction(InlineFunction&& other) noexcept : ops_(other.ops_) {
    if (ops_) {
      ops_->move(other.storage_, storage_);
      other.ops_ = nullptr;
    }
  }
  InlineFunction& operator=(const InlineFunction& other) {
    if (this != &other) *this = InlineFunction(other);
    return *this;
  }
  InlineFunction& operator=(InlineFunction&& other) noexcept {
    if (this != &other) {
      reset();
      if (other.ops_) {
        other.ops_->move(other.storage_, storage_);
        ops_ = other.ops_;
        other.ops_ = nullptr;
      }
    }
    return *this;
  }
  InlineFunction& operator=(std::nullptr_t) noexcept {
    reset();
    return *this;
  }
  ~InlineFunction() { reset(); }

  explicit operator bool() const noexcept { return ops_ != nullptr; }
  /// Calls the callable; std::bad_function_call when there is none.
  R operator()(Args... args) const {
    if (!ops_) throw std::bad_function_call();
    return ops_->invoke(const_cast<unsigned char*>(storage_), std::forward<Args>(args)...);
  }

 private:
  struct Ops {
    R (*invoke)(unsigned char* self, Args&&... args);
    void (*copy)(const unsigned char* from, unsigned char* to);
    void (*move)(unsigned char* from, unsigned char* to) noexcept;  ///< and destroys `from`
    void (*destroy)(unsigned char* self) noexcept;
  };
  template <class D>
  static constexpr bool kInline = sizeof(D) <= Size && alignof(D) <= alignof(std::max_align_t) &&
                                  std::is_nothrow_move_constructible_v<D>;
  template <class D>
  static D* target(unsigned char* self) noexcept {
    if constexpr (kInline<D>) {
      return std::launder(reinterpret_cast<D*>(self));
    } else {
      D* p;
      std::memcpy(&p, self, sizeof p);
      return p;
    }
  }
  template <class D>
  static constexpr Ops kOps{
      [](unsigned char* self, Args&&... args) -> R {
        return std::invoke(*target<D>(self), std::forward<Args>(args)...);
      },
      [](const unsigned char* from, unsigned char* to) {
        const D& source = *target<D>(const_cast<unsigned char*>(from));
        if constexpr (kInline<D>) {
          ::new (static_cast<void*>(to)) D(source);
        } else {
          D* p = new D(source);
          std::memcpy(to, &p, sizeof p);
        }
      },
      [](unsigned char* from, unsigned char* to) noexcept {
        if constexpr (kInline<D>) {
          D* source = target<D>(from);
          ::new (static_cast<void*>(to)) D(std::move(*source));
          source->~D();
        } else {
          std::memcpy(to, from, sizeof(D*));
        }
      },
      [](unsigned char* self) noexcept {
        if constexpr (kInline<D>) {
          target<D>(self)->~D();
        } else {
          delete target<D>(self);
        }
      }};

  void reset() noexcept {
    if (ops_) {
      ops_->destroy(storage_);
      ops_ = nullptr;
    }
  }

  alignas(std::max_align_t) unsigned char storage_[Size < sizeof(void*) ? sizeof(void*) : Size];
  const Ops* ops_ = nullptr;
};

/// Identifies an I/O thread so that blocking on its futures from inside it can be refused.
struct IoThread {
  std::atomic<std::thread::id> id{};
  bool is_current() const noexcept { return id.load(std::memory_order_acquire) == std::this_thread::get_id(); }
};
}  // namespace detail

/// libcurl's timers of one attempt, each measured from the attempt's start (when the transport
/// handed it to libcurl) to the end of that phase; zero where the phase did not happen (no name
/// lookup, connect or TLS handshake on a reused connection) or the attempt ended before it.
struct AttemptTimings {
  std::chrono::microseconds queued{};       ///< waiting in the transport before the attempt started (for a free connection)
  std::chrono::microseconds name_lookup{};  ///< name resolved (CURLINFO_NAMELOOKUP_TIME_T)
  std::chrono::microseconds connect{};      ///< TCP connection made (CURLINFO_CONNECT_TIME_T)
  std::chrono::microseconds tls{};          ///< TLS handshake done (CURLINFO_APPCONNECT_TIME_T)
  std::chrono::microseconds first_byte{};   ///< first response byte received (CURLINFO_STARTTRANSFER_TIME_T)
  std::chrono::microseconds total{};        ///< the whole attempt (CURLINFO_TOTAL_TIME_T)
};

/// What the transport measured of one attempt. DefaultHTTPClient fills it in before it calls the
/// completion; a transport of your own may leave it as it is (`filled` stays false).
struct TransferInfo {
  bool filled = false;               ///< the transport filled this in
  AttemptTimings timings{};          ///< where the attempt's time went
  std::uint64_t bytes_sent = 0;      ///< request header and body bytes sent
  std::uint64_t bytes_received = 0;  ///< response header and body bytes received (before decompression)
  /// Connections this attempt opened: 0 when it went over a connection already open (reused).
  long new_connections = 0;
  bool sent = false;  ///< the request went out (false: it ended before it was sent)
};

/// A request ready for the transport: absolute URL, final headers and body.
///
/// The connection builds it once per call, moving the API's request into it (nothing is
/// copied), and hands it to the transport as a shared, immutable object. Every attempt of the
/// call sends the same object; only a retry that must send something else (another host, a
/// fresh credential, a shorter timeout) while the transport still holds the previous attempt's
/// copies it.
struct HttpRequest {
  Method method = Method::GET;  ///< the HTTP verb
  std::string url{};  ///< the absolute URL, with the database prefix and the query string
  Headers headers{};  ///< every header to send (authorization, content type, encoding, ...)
  std::string body{};  ///< the body bytes (compressed when the compression manager chose to); empty: none
  CallOptions options{};  ///< the call's options (deadline, cancellation, queue time, response size limit)
  /// Where the transport reports what it measured of this attempt, before it calls the
  /// completion (see TransferInfo); null: nowhere. The connection points it at its own record of
  /// the call.
  TransferInfo* transfer = nullptr;
};

/// The transport interface (the seed's HTTPClient). DefaultHTTPClient drives libcurl-multi on
/// one thread of its own; a user may plug in another implementation (a mock in unit tests).
class HTTPClient {
 public:
  /// Called once with the response or the error. Like std::function<void(Result<Response>)>, but
  /// a callable of up to 64 bytes (a lambda holding a shared_ptr, or two std::functions) is kept
  /// without an allocation.
  using Completion = detail::InlineFunction<void(Result<Response>), 64>;
  virtual ~HTTPClient() = default;

  /// Sends one request. `done` is called exactly once with the response or a client error
  /// (ClientConnectionError, RequestTimeoutError, RequestCanceledError, QueueFullError,
  /// ClientShutdownError ...), normally on the I/O thread. Must not throw. The request must not
  /// be changed; a transport that keeps it (rather than a copy) after calling `done` makes the
  /// call's retries copy it.
  virtual void send_request(std::shared_ptr<const HttpRequest> request, Completion done) = 0;

  /// Stops accepting calls, ends every pending call with ClientShutdownError and releases the
  /// I/O thread. Idempotent.
  virtual void close() = 0;

  /// The thread on which completions run, when there is one (used to refuse blocking waits).
  virtual std::shared_ptr<const detail::IoThread> io_thread() const { return nullptr; }

  /// Calls accepted and not started yet: waiting for a free connection (ClientMetrics::queued).
  /// The default implementation does not know: 0.
  virtual std::size_t queued_calls() const noexcept { return 0; }

  /// Runs `done` once `delay` has passed (used to poll async jobs): with a default Response
  /// when the time came, or with ClientShutdownError when the client closes first. The default
  /// implementation has no clock: it fails at once with UnsupportedTimerError.
  virtual void schedule(std::chrono::milliseconds delay, Completion done);
};

/// The HTTP version DefaultHTTPClient speaks (HttpClientOptions::http_version).
enum class HttpVersion {
  http1_1,                ///< HTTP/1.1 with keep-alive
  http2_tls,              ///< HTTP/2 negotiated by ALPN on https, HTTP/1.1 on http
  http2_prior_knowledge,  ///< cleartext HTTP/2 without upgrade (h2c)
};

/// How serious a message to the LogHandler is.
enum class LogLevel { debug, info, warning, error };
/// The only way the library reports anything it does not return: it never prints.
using LogHandler = std::function<void(LogLevel level, std::string_view message)>;

/// Settings of DefaultHTTPClient (the libcurl-multi loop).
struct HttpClientOptions {
  std::chrono::milliseconds request_timeout{300'000};  ///< default deadline of a call
  /// The longest wait for a new connection to be established (TCP connect and TLS handshake).
  std::chrono::milliseconds connect_timeout{60'000};
  /// Calls accepted but not yet completed; one more fails with QueueFullError.
  std::size_t max_pending_calls = 100'000;
  /// Connections opened to one host at most; further calls wait in the client, oldest first,
  /// for a free one (their deadline and cancellation apply while they wait). 0 = no limit.
  long max_host_connections = 64;
  /// Idle connections kept for reuse.
  long max_cached_connections = 64;
  HttpVersion http_version = HttpVersion::http1_1;  ///< HTTP/1.1 (default) or HTTP/2; see HttpVersion
  /// HTTP/2: calls multiplexed on one connection at most; more concurrent calls open another
  /// connection (within max_host_connections). The server's own limit (its
  /// SETTINGS_MAX_CONCURRENT_STREAMS, 100 for many servers) applies as well.
  long max_concurrent_streams = 100;
  /// Largest response body accepted, in bytes (see CallOptions::max_response_size, which
  /// overrides it for one call); 0: no limit. Cursors and get_many (GetManyOptions::batch_size)
  /// read in batches far below it.
  std::size_t max_response_size = std::size_t(256) << 20;
  bool verify_peer = true;  ///< TLS: verify the server certificate
  bool verify_host = true;  ///< TLS: verify the host name against the certificate
  std::string ca_file{};    ///< TLS: CA bundle (PEM); empty = system default
  /// Where completions run. Unset: on the I/O thread (callbacks must not block there).
  std::function<void(std::function<void()>)> completion_executor{};
  /// Receives exceptions thrown by user callbacks. Unset: they are logged at error level and
  /// counted (DefaultHTTPClient::callback_exceptions()).
  std::function<void(std::exception_ptr)> on_callback_exception{};
  LogHandler logger{};  ///< receives the library's log messages; unset: nothing is logged
  //{ chainable setters (scripts/calling_forms.py writes them)
  // with_<field>(value): a copy with that field set, to chain: HttpClientOptions{}.with_a(x).with_b(y).
  // (Self is the struct itself: a template only so that a setter is compiled where it is used.)
  /// A copy with request_timeout set.
  template <class Self = HttpClientOptions>
  [[nodiscard]] Self with_request_timeout(std::chrono::milliseconds value) const { Self o = *this; o.request_timeout = std::move(value); return o; }
  /// A copy with connect_timeout set.
  template <class Self = HttpClientOptions>
  [[nodiscard]] Self with_connect_timeout(std::chrono::milliseconds value) const { Self o = *this; o.connect_timeout = std::move(value); return o; }
  /// A copy with max_pending_calls set.
  template <class Self = HttpClientOptions>
  [[nodiscard]] Self with_max_pending_calls(std::size_t value) const { Self o = *this; o.max_pending_calls = value; return o; }
  /// A copy with max_host_connections set.
  template <class Self = HttpClientOptions>
  [[nodiscard]] Self with_max_host_connections(long value) const { Self o = *this; o.max_host_connections = value; return o; }
  /// A copy with max_cached_connections set.
  template <class Self = HttpClientOptions>
  [[nodiscard]] Self with_max_cached_connections(long value) const { Self o = *this; o.max_cached_connections = value; return o; }
  /// A copy with http_version set.
  template <class Self = HttpClientOptions>
  [[nodiscard]] Self with_http_version(HttpVersion value) const { Self o = *this; o.http_version = std::move(value); return o; }
  /// A copy with max_concurrent_streams set.
  template <class Self = HttpClientOptions>
  [[nodiscard]] Self with_max_concurrent_streams(long value) const { Self o = *this; o.max_concurrent_streams = value; return o; }
  /// A copy with max_response_size set.
  template <class Self = HttpClientOptions>
  [[nodiscard]] Self with_max_response_size(std::size_t value) const { Self o = *this; o.max_response_size = value; return o; }
  /// A copy with verify_peer set.
  template <class Self = HttpClientOptions>
  [[nodiscard]] Self with_verify_peer(bool value = true) const { Self o = *this; o.verify_peer = value; return o; }
  /// A copy with verify_host set.
  template <class Self = HttpClientOptions>
  [[nodiscard]] Self with_verify_host(bool value = true) const { Self o = *this; o.verify_host = value; return o; }
  /// A copy with ca_file set.
  template <class Self = HttpClientOptions>
  [[nodiscard]] Self with_ca_file(std::string value) const { Self o = *this; o.ca_file = std::move(value); return o; }
  /// A copy with completion_executor set.
  template <class Self = HttpClientOptions>
  [[nodiscard]] Self with_completion_executor(std::function<void(std::function<void()>)> value) const { Self o = *this; o.completion_executor = std::move(value); return o; }
  /// A copy with on_callback_exception set.
  template <class Self = HttpClientOptions>
  [[nodiscard]] Self with_on_callback_exception(std::function<void(std::exception_ptr)> value) const { Self o = *this; o.on_callback_exception = std::move(value); return o; }
  /// A copy with logger set.
  template <class Self = HttpClientOptions>
  [[nodiscard]] Self with_logger(LogHandler value) const { Self o = *this; o.logger = std::move(value); return o; }
  //}
};

/// libcurl-multi transport: one I/O thread, one CURLM, pooled easy handles, keep-alive reuse.
class DefaultHTTPClient final : public HTTPClient {
 public:
  /// Starts the I/O thread; `options` apply to every call of this client.
  explicit DefaultHTTPClient(HttpClientOptions options = {});
  ~DefaultHTTPClient() override;
  DefaultHTTPClient(const DefaultHTTPClient&) = delete;
  DefaultHTTPClient& operator=(const DefaultHTTPClient&) = delete;

  void send_request(std::shared_ptr<const HttpRequest> request, Completion done) override;
  void close() override;
  std::shared_ptr<const detail::IoThread> io_thread() const override;
  void schedule(std::chrono::milliseconds delay, Completion done) override;

  /// Calls accepted and not yet completed.
  std::size_t pending_calls() const noexcept;
  /// Calls accepted that wait for a free connection to their host (max_host_connections).
  std::size_t queued_calls() const noexcept override;
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
  /// Responses that came over HTTP/2 (see responses_received()).
  std::size_t http2_responses() const noexcept;

 private:
  struct Loop;
  std::shared_ptr<Loop> loop_;
};

}  // namespace v1
}  // namespace arango
