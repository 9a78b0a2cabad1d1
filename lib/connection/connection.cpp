#include "connection.hpp"

#include <arango/exceptions.hpp>
#include <arango/json.hpp>
#include <arango/version.hpp>

#include "../api/auth.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <random>
#include <string_view>

namespace arango {
inline namespace v1 {
namespace detail {
namespace {

using Clock = std::chrono::steady_clock;

/// Whether a failed attempt may be sent again (to another host). A request that never left
/// may always be; one that may have reached a server only when repeating it changes nothing.
bool may_retry_error(const ArangoError& error, Method method) {
  if (dynamic_cast<const ClientTLSError*>(&error)) return false;  // a configuration problem
  if (dynamic_cast<const HostUnreachableError*>(&error)) return true;
  if (dynamic_cast<const ClientConnectionError*>(&error)) return is_idempotent(method);
  return false;  // timeouts, cancellation, shutdown, a full queue: final
}

double jitter() {
  thread_local std::minstd_rand engine{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.5, 1.0)(engine);
}

std::string format_seconds(double seconds) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.6f", seconds);
  return buffer;
}

std::string milliseconds_text(std::chrono::microseconds d) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f ms", static_cast<double>(d.count()) / 1000.0);
  return buffer;
}

/// Random lowercase hex digits for trace and span ids (W3C: not all zero).
void random_hex(char* out, std::size_t digits) {
  thread_local std::mt19937_64 engine{[] {
    std::random_device device;
    return (std::uint64_t{device()} << 32) ^ device();
  }()};
  static constexpr char hex[] = "0123456789abcdef";
  for (;;) {
    bool zero = true;
    for (std::size_t i = 0; i < digits; i += 16) {
      std::uint64_t bits = engine();
      for (std::size_t j = 0; j < 16 && i + j < digits; ++j) {
        unsigned nibble = static_cast<unsigned>(bits >> (4 * j)) & 0xf;
        out[i + j] = hex[nibble];
        zero = zero && nibble == 0;
      }
    }
    if (!zero) return;
  }
}

bool lower_hex(std::string_view text) {
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

bool all_zero(std::string_view text) { return text.find_first_not_of('0') == std::string_view::npos; }

/// The x-arango-queue-time-seconds of an answer, when it has a number there.
std::optional<double> server_queue_time(const Response& response) {
  auto value = response.headers.find("x-arango-queue-time-seconds");
  if (!value) return std::nullopt;
  double seconds = 0;
  auto [end, ec] = std::from_chars(value->data(), value->data() + value->size(), seconds);
  if (ec != std::errc() || end != value->data() + value->size()) return std::nullopt;
  return seconds;
}

// ---- authenticators ------------------------------------------------------------------------

class FixedAuthenticator final : public Authenticator {
 public:
  explicit FixedAuthenticator(std::string header)
      : credential_{std::make_shared<const std::string>(std::move(header)), 0} {}
  std::optional<Credential> current(const std::shared_ptr<Connection>&) override { return credential_; }
  void authorize(const std::shared_ptr<Connection>&, Done done) override { done(credential_); }

 private:
  Credential credential_;
};

class JwtAuthenticator final : public Authenticator, public std::enable_shared_from_this<JwtAuthenticator> {
 public:
  JwtAuthenticator(std::optional<Auth> auth, std::optional<JwtToken> token) : auth_(std::move(auth)) {
    if (token) install(std::move(*token));
  }

  bool can_refresh() const noexcept override { return auth_.has_value(); }

  std::optional<Credential> current(const std::shared_ptr<Connection>& connection) override {
    std::unique_lock lock(mutex_);
    if (!token_ || stale_ || token_->needs_refresh()) return std::nullopt;
    Credential current{header_, generation_};
    // Close to expiry: log in again in the background; calls go on with the valid token.
    bool start = auth_ && !refreshing_ && token_->needs_refresh(leeway(*token_));
    if (start) refreshing_ = true;
    lock.unlock();
    if (start) login(connection);
    return current;
  }

  void authorize(const std::shared_ptr<Connection>& connection, Done done) override {
    if (auto credential = current(connection)) {
      done(std::move(*credential));
      return;
    }
    std::unique_lock lock(mutex_);
    if (token_ && !stale_ && !token_->needs_refresh()) {  // renewed since current() looked
      Credential credential{header_, generation_};
      lock.unlock();
      done(std::move(credential));
      return;
    }
    if (!auth_) {
      lock.unlock();
      done(make_error<JWTRefreshError>(token_ ? "the JWT has expired and there are no credentials to log in again"
                                              : "there is no JWT and no credentials to log in"));
      return;
    }
    wait_for_login(connection, std::move(lock), std::move(done));
  }

  void refresh_after(const std::shared_ptr<Connection>& connection, const Credential& used, Done done) override {
    std::unique_lock lock(mutex_);
    if (used.generation != generation_ && token_ && !stale_) {
      Credential current{header_, generation_};  // another call has logged in meanwhile
      lock.unlock();
      done(std::move(current));
      return;
    }
    stale_ = true;  // the server refused this token: nobody sends it again
    wait_for_login(connection, std::move(lock), std::move(done));
  }

 private:
  static std::chrono::seconds leeway(const JwtToken& token) {
    std::int64_t lifetime = token.issued_at() > 0 ? token.expiry() - token.issued_at() : 3600;
    return std::chrono::seconds(std::clamp<std::int64_t>(lifetime / 10, 1, 60));
  }

  void install(JwtToken token) {
    header_ = std::make_shared<const std::string>("bearer " + token.token());
    token_.emplace(std::move(token));
    ++generation_;
    stale_ = false;
  }

  void wait_for_login(const std::shared_ptr<Connection>& connection, std::unique_lock<std::mutex> lock, Done done) {
    waiters_.push_back(std::move(done));
    bool start = !refreshing_;
    refreshing_ = true;
    lock.unlock();
    if (start) login(connection);
  }

  void login(const std::shared_ptr<Connection>& connection) {
    Operation<JwtToken> op = ops::login(*auth_);
    op.request.operation = "login";
    Telemetry& telemetry = connection->telemetry();
    if (telemetry.logs(LogLevel::debug)) {
      telemetry.log(LogLevel::debug, "JWT: logging in as user '" + auth_->username + "' (POST /_open/auth)");
    }
    std::weak_ptr<Connection> weak = connection;
    Connection::send(
        connection, std::move(op.request), CallOptions{},
        [self = shared_from_this(), weak, decode = std::move(op.decode)](Result<Response> result) {
          Result<JwtToken> token = read_login(decode, std::move(result));
          if (auto connection = weak.lock()) self->report_login(connection->telemetry(), token);
          self->logged_in(std::move(token));
        },
        /*authenticate=*/false);
  }

  void report_login(Telemetry& telemetry, const Result<JwtToken>& token) const {
    telemetry.jwt_login(token.has_value());
    if (token) {
      if (telemetry.logs(LogLevel::info)) {
        std::int64_t left = token->expiry() - std::chrono::duration_cast<std::chrono::seconds>(
                                                  std::chrono::system_clock::now().time_since_epoch())
                                                  .count();
        telemetry.log(LogLevel::info, "JWT: logged in as user '" + auth_->username + "'; the token expires in " +
                                          std::to_string(left) + " s");
      }
    } else {
      telemetry.log(LogLevel::warning, "JWT: login as user '" + auth_->username + "' failed: " + token.error().message());
    }
  }

  static Result<JwtToken> read_login(const std::function<JwtToken(Response&)>& decode, Result<Response>&& result) {
    if (!result) {
      const ArangoError& e = result.error();
      if (dynamic_cast<const ClientShutdownError*>(&e)) return result.error_ptr();
      return make_error<JWTRefreshError>("Failed to refresh the JWT token: " + e.message());
    }
    classify_response(*result);
    try {
      return decode(*result);
    } catch (const ArangoError& e) {
      return e.clone();
    }
  }

  void logged_in(Result<JwtToken>&& token) {
    std::vector<Done> waiters;
    std::optional<Result<Credential>> outcome;
    {
      std::lock_guard lock(mutex_);
      if (token) {
        install(std::move(*token));
        outcome.emplace(Credential{header_, generation_});
      } else {
        outcome.emplace(token.error_ptr());
      }
      refreshing_ = false;
      waiters.swap(waiters_);
    }
    for (Done& waiter : waiters) waiter(*outcome);
  }

  std::mutex mutex_;
  std::optional<Auth> auth_;
  std::optional<JwtToken> token_;
  std::shared_ptr<const std::string> header_;
  std::uint64_t generation_ = 0;
  bool refreshing_ = false;
  bool stale_ = false;
  std::vector<Done> waiters_;
};

}  // namespace

void Authenticator::refresh_after(const std::shared_ptr<Connection>&, const Credential&, Done done) {
  done(make_error<JWTRefreshError>("these credentials cannot be refreshed"));
}

std::shared_ptr<Authenticator> basic_authenticator(const Auth& auth) {
  return std::make_shared<FixedAuthenticator>("Basic " + base64(auth.username + ":" + auth.password));
}

std::shared_ptr<Authenticator> bearer_authenticator(JwtToken token) {
  return std::make_shared<FixedAuthenticator>("bearer " + token.token());
}

std::shared_ptr<Authenticator> jwt_authenticator(std::optional<Auth> auth, std::optional<JwtToken> token) {
  return std::make_shared<JwtAuthenticator>(std::move(auth), std::move(token));
}

std::string encode_query_component(std::string_view text) { return encode_path_segment(text); }

std::string base64(std::string_view data) {
  std::string out(4 * ((data.size() + 2) / 3), '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(data.data()), static_cast<int>(data.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

// ---- calls -----------------------------------------------------------------------------------

struct Connection::Call {
  std::shared_ptr<Connection> connection;
  std::uint64_t id = 0;  ///< Telemetry's call id
  std::string_view operation;
  Method method = Method::GET;
  Clock::time_point started;
  /// The current attempt's figures: HttpRequest::transfer points here.
  TransferInfo transfer;
  std::uint64_t bytes_sent = 0;      ///< over the attempts so far
  std::uint64_t bytes_received = 0;  ///< over the attempts so far
  std::size_t attempts = 0;          ///< attempts sent so far
  int last_status = 0;               ///< the last answer's status; 0: none yet
  bool ended = false;                ///< end_call has reported it
  std::chrono::system_clock::time_point wall_started;          ///< the call's start, for spans
  std::chrono::system_clock::time_point attempt_wall_started;  ///< the current attempt's start
  // W3C trace context (see CallOptions::traceparent and CallIdentity): ids as hex digits.
  bool traced = false;     ///< ids were made: the client has an observer or the call a context
  bool propagate = false;  ///< the caller gave a valid traceparent: each attempt sends one
  bool has_parent = false;
  bool sampled = true;
  char flags[2] = {'0', '1'};
  char trace_id[32] = {};
  char span_id[16] = {};
  char parent_span_id[16] = {};
  char attempt_span_id[16] = {};
  /// What every attempt sends (see HttpRequest): built once, then given to the transport as an
  /// immutable object. The next attempt changes it in place when the transport has let go of
  /// it, or a copy when it has not (writable()).
  std::shared_ptr<HttpRequest> request;
  std::optional<Clock::time_point> deadline;
  HTTPClient::Completion done;
  bool authenticate = true;
  bool pinned = false;
  bool sent = false;      ///< `request` has gone to the transport
  std::size_t host = 0;
  std::size_t url_host = 0;  ///< the host `request->url` names
  std::size_t tries = 1;  ///< attempts so far, the current one included
  bool auth_retried = false;
  Credential credential;
};

thread_local Connection::Call* Connection::current_call_ = nullptr;

/// Makes `call` the one whose completion runs on this thread (see end_current_call) for the
/// guard's life.
struct Connection::CurrentCall {
  Call* saved;
  explicit CurrentCall(Call* call) noexcept : saved(current_call_) { current_call_ = call; }
  ~CurrentCall() { current_call_ = saved; }
  CurrentCall(const CurrentCall&) = delete;
  CurrentCall& operator=(const CurrentCall&) = delete;
};

Connection::Connection(ConnectionConfig config) : config_(std::move(config)) {
  if (!config_.telemetry) config_.telemetry = std::make_shared<Telemetry>();
  db_prefix_ = "/_db/" + encode_path_segment(config_.db_name);
  io_thread_ = config_.http->io_thread();
}

std::string Connection::url_for(const Request& request, std::size_t host_index) const {
  const std::string& host = config_.hosts.at(host_index);
  std::string url;
  url.reserve(host.size() + db_prefix_.size() + request.endpoint.size() + 32);
  url += host;
  if (request.prefix_needed) url += db_prefix_;
  url += request.endpoint;
  char sep = request.endpoint.find('?') == std::string::npos ? '?' : '&';
  for (const auto& [key, value] : request.params) {
    url += sep;
    sep = '&';
    url += encode_query_component(key);
    url += '=';
    url += encode_query_component(value);
  }
  return url;
}

void Connection::server_version(const std::shared_ptr<Connection>& self, const CallOptions& options,
                                VersionDone done) {
  {
    std::unique_lock lock(self->version_mutex_);
    if (self->version_) {
      std::optional<std::string> known = self->version_;
      lock.unlock();
      done(known);
      return;
    }
    self->version_waiters_.push_back(std::move(done));
    if (self->version_pending_) return;
    self->version_pending_ = true;
  }
  Request probe{Method::GET, "/_api/version"};
  probe.operation = "version";
  Connection::send(self, std::move(probe), options, [self](Result<Response> result) {
    std::optional<std::string> version;
    if (result && result->status_code >= 200 && result->status_code < 300) {
      try {
        Json body = Json::parse(std::move(result->raw_body));
        JsonView v = body["version"];
        if (v.is_string()) version = std::string(v.as_string());
      } catch (const std::exception&) {
        // not a version answer: unknown
      }
    }
    std::vector<VersionDone> waiters;
    {
      std::lock_guard lock(self->version_mutex_);
      if (version) self->version_ = version;
      self->version_pending_ = false;
      waiters.swap(self->version_waiters_);
    }
    CurrentCall none(nullptr);  // what the waiters deliver is not this probe's result
    for (auto& w : waiters) w(version);
  });
}

void Connection::send(const std::shared_ptr<Connection>& self, Request&& request, const CallOptions& options,
                      HTTPClient::Completion done, bool authenticate) {
  const ConnectionConfig& config = self->config_;
  Telemetry& telemetry = *config.telemetry;
  auto call = std::make_shared<Call>();
  call->connection = self;
  call->done = std::move(done);
  call->id = telemetry.next_call_id();
  call->operation = request.operation.empty() ? std::string_view("request") : request.operation;
  call->method = request.method;
  call->started = Clock::now();
  call->wall_started = std::chrono::system_clock::now();
  telemetry.call_started();
  if (!options.traceparent.empty()) {
    // version 00: "00-" trace-id (32) "-" parent-id (16) "-" flags (2), lowercase hex, ids not zero
    std::string_view tp = options.traceparent;
    bool valid = tp.size() == 55 && tp.substr(0, 3) == "00-" && tp[35] == '-' && tp[52] == '-' &&
                 lower_hex(tp.substr(3, 32)) && lower_hex(tp.substr(36, 16)) && lower_hex(tp.substr(53, 2)) &&
                 !all_zero(tp.substr(3, 32)) && !all_zero(tp.substr(36, 16));
    if (valid) {
      tp.copy(call->trace_id, 32, 3);
      tp.copy(call->parent_span_id, 16, 36);
      tp.copy(call->flags, 2, 53);
      int flag_bits = 0;
      std::from_chars(call->flags, call->flags + 2, flag_bits, 16);
      call->sampled = (flag_bits & 1) != 0;
      call->has_parent = call->propagate = call->traced = true;
    } else {
      telemetry.log(LogLevel::warning, "call " + std::to_string(call->id) + " (" + std::string(call->operation) +
                                           "): CallOptions::traceparent is not a W3C version-00 traceparent, so no "
                                           "trace context is sent: '" + std::string(tp.substr(0, 80)) + "'");
    }
  }
  if (!call->traced && telemetry.observer()) {
    random_hex(call->trace_id, 32);
    call->traced = true;
  }
  if (call->traced) random_hex(call->span_id, 16);
  if (request.host_index) {
    if (*request.host_index >= config.hosts.size()) {
      finish(call, make_error<ArangoClientError>("host index " + std::to_string(*request.host_index) + " is out of range (" +
                                      std::to_string(config.hosts.size()) + " hosts)"));
      return;
    }
    call->pinned = true;
    call->host = *request.host_index;
  } else {
    call->host = config.resolver->get_host_index() % config.hosts.size();
  }
  if (options.timeout) call->deadline = Clock::now() + *options.timeout;
  bool own_authorization = request.headers.contains("authorization");
  call->authenticate = authenticate && config.authenticator && !own_authorization;

  Headers& headers = request.headers;
  // Room for what is added here and the Authorization of each attempt: one allocation.
  headers.reserve(6, 128 + (call->authenticate ? 320 : 0));
  headers.add("x-arango-driver", "arango-async/" ARANGO_ASYNC_VERSION);
  if (!request.data.empty() && !headers.contains("content-type")) headers.add("content-type", "application/json");
  if (options.max_queue_time) headers.set("x-arango-queue-time-seconds", format_seconds(options.max_queue_time->count()));
  if (const auto& cm = config.compression) {
    // ArangoDB does not decompress bodies of unauthenticated requests, so those go as they are.
    bool credentials = call->authenticate || own_authorization;
    if (!request.data.empty() && credentials && cm->needs_compression(request.data)) {
      request.data = cm->compress(request.data);
      headers.set("content-encoding", cm->content_encoding());
    }
    if (auto accept = cm->accept_encoding()) headers.set("accept-encoding", *accept);
  }
  auto http = std::make_shared<HttpRequest>();
  http->method = request.method;
  http->url = self->url_for(request, call->host);
  http->headers = std::move(request.headers);
  http->body = std::move(request.data);
  http->options = options;
  http->transfer = &call->transfer;
  call->url_host = call->host;
  call->request = std::move(http);
  if (telemetry.observer()) {
    CallStart event;
    static_cast<CallIdentity&>(event) = identity(*call);
    event.request_bytes = call->request->body.size();
    if (telemetry.bodies()) event.request_body = call->request->body;
    telemetry.notify([&](CallObserver& observer) { observer.on_call_start(event); });
  }
  authorize(call);
}

CallIdentity Connection::identity(const Call& call) {
  CallIdentity id;
  id.call_id = call.id;
  id.operation = call.operation;
  id.database = call.connection->config_.db_name;
  id.method = call.method;
  id.start_time = call.wall_started;
  if (call.traced) {
    id.trace_id = std::string_view(call.trace_id, 32);
    id.span_id = std::string_view(call.span_id, 16);
    if (call.has_parent) id.parent_span_id = std::string_view(call.parent_span_id, 16);
    id.sampled = call.sampled;
  }
  if (call.request) {
    std::string_view url = call.request->url;
    url.remove_prefix(std::min(url.size(), call.connection->config_.hosts[call.url_host].size()));
    id.path = url.substr(0, url.find('?'));
  }
  return id;
}

void Connection::report_attempt(Call& call, const Result<Response>& result, RetryReason retry,
                                std::chrono::milliseconds delay, std::optional<std::size_t> next_host) {
  const ConnectionConfig& config = call.connection->config_;
  Telemetry& telemetry = *config.telemetry;
  bool failover = retry != RetryReason::none && next_host && *next_host != call.host;
  telemetry.attempt_ended(call.transfer, retry != RetryReason::none, failover);
  if (call.transfer.filled) {
    call.bytes_sent += call.transfer.bytes_sent;
    call.bytes_received += call.transfer.bytes_received;
  }
  const std::string& host = config.hosts[call.host];
  if (telemetry.observer()) {
    AttemptEnd event;
    static_cast<CallIdentity&>(event) = identity(call);
    event.attempt = call.attempts;
    event.attempt_start_time = call.attempt_wall_started;
    if (call.traced) event.attempt_span_id = std::string_view(call.attempt_span_id, 16);
    event.host = host;
    if (result) {
      event.status_code = result->status_code;
      event.server_queue_time = server_queue_time(*result);
      if (telemetry.bodies()) event.response_body = result->raw_body;
    } else {
      event.error = result.error().class_name();
      event.error_message = result.error().message();
    }
    event.transfer = call.transfer;
    event.retry = retry;
    if (next_host) event.next_host = config.hosts[*next_host];
    event.retry_delay = delay;
    telemetry.notify([&](CallObserver& observer) { observer.on_attempt_end(event); });
  }
  if (telemetry.logs(LogLevel::debug)) {
    std::string line = "call " + std::to_string(call.id) + " (" + std::string(call.operation) + ") attempt " +
                       std::to_string(call.attempts) + " to " + host + ": ";
    line += result ? std::to_string(result->status_code) : std::string(result.error().class_name());
    if (call.transfer.filled) {
      line += " in " + milliseconds_text(call.transfer.timings.total);
      line += call.transfer.new_connections > 0 ? ", new connection" : (call.transfer.sent ? ", reused connection" : ", not sent");
    }
    telemetry.log(LogLevel::debug, line);
  }
  if (retry != RetryReason::none && telemetry.logs(LogLevel::warning)) {
    CallIdentity id = identity(call);
    std::string line = "call " + std::to_string(call.id) + " (" + std::string(call.operation) + " " +
                       std::string(to_string(call.method)) + " " + std::string(id.path) + ") attempt " +
                       std::to_string(call.attempts) + " on " + host + ": ";
    if (!result) {
      line += result.error().message();
    } else {
      line += std::to_string(result->status_code) + " " + result->status_text;
    }
    if (retry == RetryReason::unauthorized) {
      line += "; logging in again and sending it once more";
    } else if (next_host) {
      line += failover ? "; failover to " + config.hosts[*next_host] : "; sending it again to " + config.hosts[*next_host];
      if (delay.count() > 0) line += " in " + std::to_string(delay.count()) + " ms";
      line += " (retry reason: " + std::string(to_string(retry)) + ")";
    }
    telemetry.log(LogLevel::warning, line);
  }
}

/// What end_call reports of the error a call ended with. It views the error's text, so it lives
/// no longer than the error, or than the copy finish keeps (see there).
struct Connection::Failure {
  std::string_view name;  ///< the error's class_name(): a literal
  std::string_view message;
  int http_code = 0;  ///< a server error's status and error number; 0 for the others
  int error_num = 0;

  explicit Failure(const ArangoError& error) noexcept : name(error.class_name()), message(error.message()) {
    if (auto* server = dynamic_cast<const ArangoServerError*>(&error)) {
      http_code = server->http_code();
      error_num = server->response().error_code;
    }
  }
};

void Connection::end_current_call(const ArangoError* error) noexcept {
  Call* call = current_call_;
  if (!call) return;
  if (error) {
    Failure failure(*error);
    end_call(*call, &failure, call->last_status);
  } else {
    end_call(*call, nullptr, call->last_status);
  }
}

void Connection::end_call(Call& call, const Failure* error, int status_code) noexcept {
  if (call.ended) return;
  call.ended = true;
  Telemetry& telemetry = *call.connection->config_.telemetry;
  auto duration = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - call.started);
  std::string_view error_name = error ? error->name : std::string_view();
  auto threshold = telemetry.slow_call_threshold();
  bool slow = threshold.count() > 0 && duration >= threshold;
  telemetry.call_ended(call.operation, error_name, duration, slow);
  try {
    if (slow && telemetry.logs(LogLevel::warning)) {
      CallIdentity id = identity(call);
      telemetry.log(LogLevel::warning, "slow call " + std::to_string(call.id) + " (" + std::string(call.operation) +
                                           " " + std::string(to_string(call.method)) + " " + std::string(id.path) +
                                           " on database '" + std::string(id.database) + "'): " +
                                           milliseconds_text(duration) + " over " + std::to_string(call.attempts) +
                                           " attempt(s), above the threshold of " + std::to_string(threshold.count()) +
                                           " ms");
    }
    if (telemetry.observer()) {
      CallEnd event;
      static_cast<CallIdentity&>(event) = identity(call);
      event.attempts = call.attempts;
      if (call.attempts > 0) event.host = call.connection->config_.hosts[call.host];
      event.status_code = status_code;
      if (error) {
        event.error = error_name;
        event.error_message = error->message;
        if (error->http_code != 0) {
          event.status_code = error->http_code;
          event.error_num = error->error_num;
        }
      }
      event.duration = duration;
      event.bytes_sent = call.bytes_sent;
      event.bytes_received = call.bytes_received;
      telemetry.notify([&](CallObserver& observer) { observer.on_call_end(event); });
    }
  } catch (...) {
    // out of memory building a log line: the figures are counted already
  }
}

void Connection::authorize(const std::shared_ptr<Call>& call) {
  if (!call->authenticate) {
    attempt(call);
    return;
  }
  Authenticator& authenticator = *call->connection->config_.authenticator;
  if (auto credential = authenticator.current(call->connection)) {
    call->credential = std::move(*credential);
    attempt(call);
    return;
  }
  authenticator.authorize(call->connection, [call](Result<Credential> credential) {
    if (!credential) {
      finish(call, credential.error_ptr());
      return;
    }
    call->credential = std::move(*credential);
    attempt(call);
  });
}

HttpRequest& Connection::writable(Call& call) {
  if (call.sent) {
#if defined(__SANITIZE_THREAD__)
    // ThreadSanitizer does not model fences (GCC refuses them under -fsanitize=thread): a
    // retry takes a copy, which needs no ordering with the transport's last use.
    call.request = std::make_shared<HttpRequest>(*call.request);
#else
    if (call.request.use_count() > 1) {
      // The transport still holds the last attempt's request, which must stay as it was.
      call.request = std::make_shared<HttpRequest>(*call.request);
    } else {
      // Whatever the transport did with it happens before this attempt changes it.
      std::atomic_thread_fence(std::memory_order_acquire);
    }
#endif
    call.sent = false;
  }
  return *call.request;
}

void Connection::attempt(const std::shared_ptr<Call>& call) {
  const Connection& self = *call->connection;
  std::optional<std::chrono::milliseconds> timeout = call->request->options.timeout;
  if (call->deadline) {
    auto remaining = std::chrono::ceil<std::chrono::milliseconds>(*call->deadline - Clock::now());
    if (remaining.count() <= 0) {
      finish(call, make_error<RequestTimeoutError>("the call's deadline passed before it was sent"));
      return;
    }
    timeout = remaining;
  }
  // What differs from the last attempt: the host, the credential, the time left.
  if (call->url_host != call->host) {
    const std::string& old_host = self.config_.hosts[call->url_host];
    writable(*call).url.replace(0, old_host.size(), self.config_.hosts[call->host]);
    call->url_host = call->host;
  }
  if (const auto& credential = call->credential.header;
      credential && call->request->headers.find("authorization") != std::string_view(*credential)) {
    writable(*call).headers.set("authorization", *credential);
  }
  if (timeout != call->request->options.timeout) writable(*call).options.timeout = timeout;
  if (call->traced) {
    random_hex(call->attempt_span_id, 16);
    if (call->propagate) {
      // The server's span, if it makes one, is a child of this attempt's.
      std::string traceparent = "00-";
      traceparent.append(call->trace_id, 32).append(1, '-').append(call->attempt_span_id, 16).append(1, '-');
      traceparent.append(call->flags, 2);
      HttpRequest& request = writable(*call);
      request.headers.set("traceparent", traceparent);
      const std::string& tracestate = request.options.tracestate;
      if (!tracestate.empty() && !request.headers.contains("tracestate")) request.headers.set("tracestate", tracestate);
    }
  }
  call->transfer = TransferInfo{};
  call->attempt_wall_started = std::chrono::system_clock::now();
  ++call->attempts;
  call->sent = true;
  self.config_.http->send_request(call->request,
                                  [call](Result<Response> result) { on_result(call, std::move(result)); });
}

void Connection::on_result(const std::shared_ptr<Call>& call, Result<Response>&& result) {
  const ConnectionConfig& config = call->connection->config_;
  if (!result) {
    if (!call->pinned && may_retry_error(result.error(), call->request->method)) {
      retry(call, std::move(result), RetryReason::connection_failed);
    } else {
      report_attempt(*call, result, RetryReason::none, {}, std::nullopt);
      finish(call, std::move(result));
    }
    return;
  }
  int status = result->status_code;
  call->last_status = status;
  if (status == 401 && call->authenticate && !call->auth_retried && config.authenticator->can_refresh()) {
    // Log in again (once for all the calls this token failed) and send this call once more.
    call->auth_retried = true;
    report_attempt(*call, result, RetryReason::unauthorized, {}, call->host);
    config.authenticator->refresh_after(call->connection, call->credential, [call](Result<Credential> credential) {
      if (!credential) {
        finish(call, credential.error_ptr());
        return;
      }
      call->credential = std::move(*credential);
      attempt(call);
    });
    return;
  }
  if (status == 503 && config.retry.retry_on_503 && !call->pinned) {
    retry(call, std::move(result), RetryReason::service_unavailable);
    return;
  }
  report_attempt(*call, result, RetryReason::none, {}, std::nullopt);
  finish(call, std::move(result));
}

void Connection::retry(const std::shared_ptr<Call>& call, Result<Response>&& last, RetryReason reason) {
  const ConnectionConfig& config = call->connection->config_;
  std::size_t max_tries = config.resolver->max_tries();
  if (call->tries >= max_tries) {
    report_attempt(*call, last, RetryReason::none, {}, std::nullopt);
    Telemetry& telemetry = *config.telemetry;
    if (telemetry.logs(LogLevel::warning)) {
      telemetry.log(LogLevel::warning, "call " + std::to_string(call->id) + " (" + std::string(call->operation) +
                                           "): no attempt left after " + std::to_string(call->tries) + " (max_tries " +
                                           std::to_string(max_tries) + ")");
    }
    if (last) {
      finish(call, std::move(last));  // the last 503, for the call to report
    } else {
      finish(call, make_error<ClientConnectionAbortedError>("Can't connect to host(s) within limit (" +
                                                            std::to_string(max_tries) + "): " + last.error().message()));
    }
    return;
  }
  std::size_t host_count = config.hosts.size();
  std::size_t failed = call->host;
  std::size_t next = config.resolver->get_host_index() % host_count;
  if (next == failed) {
    config.resolver->change_host_from(failed);
    next = config.resolver->get_host_index() % host_count;
  }
  std::size_t tries = call->tries + 1;

  // The first round over the hosts goes at once; each later round waits twice as long.
  std::size_t round = (tries - 1) / host_count;
  std::chrono::milliseconds delay{0};
  if (round > 0) {
    double ms = static_cast<double>(config.retry.initial_backoff.count()) * std::pow(2.0, double(round - 1));
    ms = std::min(ms, static_cast<double>(config.retry.max_backoff.count())) * jitter();
    delay = std::chrono::milliseconds(static_cast<std::int64_t>(ms));
  }
  if (call->deadline && Clock::now() + delay >= *call->deadline) {
    report_attempt(*call, last, RetryReason::none, {}, std::nullopt);
    if (last) {
      finish(call, std::move(last));
    } else {
      finish(call, make_error<RequestTimeoutError>("the call's deadline passed while retrying after: " +
                                                   last.error().message()));
    }
    return;
  }
  report_attempt(*call, last, reason, delay, next);
  call->host = next;
  call->tries = tries;
  if (delay.count() == 0) {
    authorize(call);
    return;
  }
  call->connection->schedule(delay, [call](Result<Response> fired) {
    if (!fired && !dynamic_cast<const UnsupportedTimerError*>(&fired.error())) {
      finish(call, fired.error_ptr());
      return;
    }
    authorize(call);
  });
}

void Connection::finish(const std::shared_ptr<Call>& call, Result<Response>&& result) {
  if (result) result->host_index = call->host;
  int status = result ? result->status_code : 0;
  // What a call no executor decodes (a JWT login, the version probe) is ended with, copied now:
  // finish holds no reference to the error past done(). The caller's copy is to be the last, so
  // the error, and the causes it holds, die where the caller lets go of them, not on this thread
  // at some later moment the caller cannot order itself against.
  std::optional<Failure> failure;
  std::string message;
  if (!result) {
    failure.emplace(result.error());
    try {
      message = failure->message;
    } catch (...) {
      // out of memory: the call still ends, its report without the text
    }
    failure->message = message;
  }
  auto done = std::move(call->done);
  {
    // The executor's completion decodes the result and ends the call with what its caller
    // receives (end_current_call) before the caller sees it.
    CurrentCall current(call.get());
    done(std::move(result));
  }
  if (!call->ended) end_call(*call, failure ? &*failure : nullptr, status);
}

}  // namespace detail
}  // namespace v1
}  // namespace arango
