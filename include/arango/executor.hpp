// The executor layer (DESIGN.md "Layers", 3): the execution contexts (the seed's executors) and
// how they hand an operation to the connection. A context decides what a call delivers and
// which headers it adds; API classes are templates over it and never change when a context is
// added. The non-template part is in lib/executor/executor.cpp.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include <arango/async.hpp>
#include <arango/detail/operation.hpp>
#include <arango/export.hpp>
#include <arango/result.hpp>

namespace arango {
inline namespace v1 ARANGO_API {
namespace detail {

class Connection;  // lib/connection: host choice, /_db prefix, auth, compression, transport

/// Sends `request` through the connection; `done` receives the raw response or a client error.
void send(const std::shared_ptr<Connection>& connection, Request&& request,
          const CallOptions& options, HTTPClient::Completion done);
std::shared_ptr<const IoThread> io_thread_of(const Connection& connection);
/// Calls `done` after `delay` through the connection's HTTP client (HTTPClient::schedule).
void schedule(const std::shared_ptr<Connection>& connection, std::chrono::milliseconds delay,
              HTTPClient::Completion done);
const std::string& db_name_of(const Connection& connection);

/// Readies a response for its decoder: classify_response, and the QueueTimeViolatedError of a
/// request the server dropped before running it (whatever the call was: one error type for
/// every call; the call's own error types describe what its handler answered).
void check_response(Response& response);
/// The error of the exception being handled: an ArangoError as it is, any other std::exception
/// as a DeserializationError (rethrows anything else).
ErrorPtr current_decode_error();
/// Ends the call whose response is being decoded on this thread (its observer's on_call_end,
/// its figures) with what its caller receives: `error` null on success.
void call_decoded(const ArangoError* error) noexcept;

template <class T>
Result<T> decode_response(std::function<T(Response&)>& decode, Result<Response>&& response) {
  if (!response) return response.error_ptr();
  try {
    check_response(*response);
    if constexpr (std::is_void_v<T>) {
      decode(*response);
      return Result<T>();
    } else {
      return decode(*response);
    }
  } catch (...) {
    return current_decode_error();
  }
}

/// Makes `options.cancel` stop also when `stop` (a co_awaiting coroutine's stop token) does.
/// When both can stop, a joined stop source is kept alive by `done` until the call completes.
template <class T>
void join_stop(CallOptions& options, std::stop_token&& stop, Callback<T>& done) {
  if (!stop.stop_possible()) return;
  if (!options.cancel.stop_possible()) {
    options.cancel = std::move(stop);
    return;
  }
  struct RequestStop {
    std::stop_source* source;
    void operator()() const noexcept { source->request_stop(); }
  };
  struct Joined {
    std::stop_source source;
    std::stop_callback<RequestStop> first;
    std::stop_callback<RequestStop> second;
    Joined(const std::stop_token& a, const std::stop_token& b)
        : first(a, RequestStop{&source}), second(b, RequestStop{&source}) {}
  };
  auto joined = std::make_shared<Joined>(options.cancel, stop);
  options.cancel = joined->source.get_token();
  done = [joined, done = std::move(done)](Result<T> r) { done(std::move(r)); };
}

/// join_stop on the call options of `executor` (any API executor): its calls stop also when
/// `stop` does.
template <class T, class Executor>
void join_stop_into(Executor& executor, std::stop_token&& stop, Callback<T>& done) {
  if (!stop.stop_possible()) return;
  CallOptions options = executor.call_options();
  join_stop<T>(options, std::move(stop), done);
  executor.set_call_options(std::move(options));
}

/// Sends the operation and hands its decoded result to `done`.
template <class T>
void execute(const std::shared_ptr<Connection>& connection, Operation<T>&& op,
             const CallOptions& options, Callback<T> done) {
  send(connection, std::move(op.request), options,
       [decode = std::move(op.decode), done = std::move(done)](Result<Response> r) mutable {
         Result<T> result = decode_response<T>(decode, std::move(r));
         call_decoded(result ? nullptr : &result.error());
         done(std::move(result));
       });
}

/// Sends `parts` one after another and hands `done` their values joined in order, or the error
/// of the first part that fails (the later ones are then not sent).
template <class I>
void execute_batches(const std::shared_ptr<Connection>& connection, std::vector<Operation<std::vector<I>>>&& parts,
                     const CallOptions& options, Callback<std::vector<I>> done) {
  struct Batches {
    std::shared_ptr<Connection> connection;
    std::vector<Operation<std::vector<I>>> parts;
    CallOptions options;
    Callback<std::vector<I>> done;
    std::vector<I> joined{};
    std::size_t next = 0;

    static void send_next(std::shared_ptr<Batches> self) {
      Batches& b = *self;
      Operation<std::vector<I>> op = std::move(b.parts[b.next++]);
      execute<std::vector<I>>(b.connection, std::move(op), b.options,
                              [self = std::move(self)](Result<std::vector<I>> r) mutable {
                                if (!r) return self->done(r.error_ptr());
                                std::vector<I>& part = *r;
                                if (self->joined.empty()) {
                                  self->joined = std::move(part);
                                } else {
                                  self->joined.insert(self->joined.end(), std::make_move_iterator(part.begin()),
                                                      std::make_move_iterator(part.end()));
                                }
                                if (self->next == self->parts.size()) return self->done(std::move(self->joined));
                                send_next(std::move(self));
                              });
    }
  };
  if (parts.empty()) return done(std::vector<I>{});
  Batches::send_next(std::make_shared<Batches>(Batches{connection, std::move(parts), options, std::move(done)}));
}

}  // namespace detail

/// Runs calls directly: a call delivers T (the seed's DefaultApiExecutor, context "default").
class DefaultApiExecutor {
 public:
  /// An executor over `connection` (one database of one client); ArangoClient::db makes it.
  explicit DefaultApiExecutor(std::shared_ptr<detail::Connection> connection)
      : connection_(std::move(connection)) {}

  /// "default" (the seed's context name).
  std::string_view context() const noexcept { return "default"; }
  /// The name of the database the calls go to.
  const std::string& db_name() const { return detail::db_name_of(*connection_); }
  /// The connection: the client's transport, hosts and credentials for this database.
  const std::shared_ptr<detail::Connection>& connection() const noexcept { return connection_; }
  /// The options every call of this executor carries (deadline, cancellation, ...); see
  /// CallSettings.
  const CallOptions& call_options() const noexcept { return call_options_; }
  /// Replaces the options every call carries (what with_timeout and friends set on a copy).
  void set_call_options(CallOptions options) { call_options_ = std::move(options); }
  /// The plain executor with this one's connection and call options (what the other contexts
  /// use for calls that must not carry their headers: job and transaction management, cursors
  /// of async queries).
  DefaultApiExecutor direct() const { return *this; }
  /// Sends every call to host `host` (an index into the client's hosts) and no other; unset:
  /// the host resolver chooses. Cursors, stream transactions and async jobs are pinned to the
  /// coordinator that made them.
  void pin_to(std::optional<std::size_t> host) noexcept { host_ = host; }
  /// The host every call goes to (see pin_to); unset: the host resolver chooses.
  std::optional<std::size_t> pinned_host() const noexcept { return host_; }

  /// Sends the library's description of a call and delivers its T as `token` asks: a Future
  /// (use_future, the default), a callback, or an Awaitable (use_awaitable). `operation` names the
  /// call for observers, metrics and logs (Request::operation: the seed's method name, a string
  /// literal). What the API classes call; not meant to be called directly.
  template <class T, class Token>
  auto run(detail::Operation<T> op, Token&& token, std::string_view operation = {}) const {
    if (!operation.empty()) op.request.operation = operation;
    if (host_) op.request.host_index = host_;
    return detail::initiate<T>(
        std::forward<Token>(token), detail::io_thread_of(*connection_),
        [connection = connection_, options = call_options_, op = std::move(op)](Callback<T> done,
                                                                                std::stop_token stop) mutable {
          detail::join_stop<T>(options, std::move(stop), done);
          detail::execute<T>(connection, std::move(op), options, std::move(done));
        });
  }
  /// Whether run_batches sends one call as several requests (not as an async job, which is one).
  static constexpr bool runs_batches = true;
  /// Runs `parts` one after another as one call delivering their values joined in order
  /// (get_many's batches); the first part that fails ends the call with its error.
  template <class I, class Token>
  auto run_batches(std::vector<detail::Operation<std::vector<I>>> parts, Token&& token,
                   std::string_view operation = {}) const {
    for (auto& part : parts) {
      if (!operation.empty()) part.request.operation = operation;
      if (host_) part.request.host_index = host_;
    }
    return detail::initiate<std::vector<I>>(
        std::forward<Token>(token), detail::io_thread_of(*connection_),
        [connection = connection_, options = call_options_, parts = std::move(parts)](
            Callback<std::vector<I>> done, std::stop_token stop) mutable {
          detail::join_stop<std::vector<I>>(options, std::move(stop), done);
          detail::execute_batches<I>(connection, std::move(parts), options, std::move(done));
        });
  }

 protected:
  std::shared_ptr<detail::Connection> connection_;  ///< the database's connection
  CallOptions call_options_;  ///< the options every call carries
  std::optional<std::size_t> host_;  ///< the pinned host (see pin_to); unset: none
};

/// `executor`, pinned to `host` when there is one.
template <class Executor>
Executor pinned(Executor executor, std::optional<std::size_t> host) {
  if (host) executor.pin_to(host);
  return executor;
}

/// Runs calls inside a stream transaction (the seed's TransactionApiExecutor, context
/// "transaction"): a call delivers T, and every request carries x-arango-trx-id.
class TransactionApiExecutor : public DefaultApiExecutor {
 public:
  /// Runs inside transaction `transaction_id`, with `base`'s connection and call options.
  TransactionApiExecutor(const DefaultApiExecutor& base, std::string transaction_id)
      : DefaultApiExecutor(base), transaction_id_(std::move(transaction_id)) {}

  /// "transaction" (the seed's context name).
  std::string_view context() const noexcept { return "transaction"; }
  /// The stream transaction's id (the seed's `id`).
  const std::string& id() const noexcept { return transaction_id_; }

  /// As DefaultApiExecutor::run, with the transaction's x-arango-trx-id header on the request.
  template <class T, class Token>
  auto run(detail::Operation<T> op, Token&& token, std::string_view operation = {}) const {
    op.request.headers.set("x-arango-trx-id", transaction_id_);
    return DefaultApiExecutor::run(std::move(op), std::forward<Token>(token), operation);
  }
  /// As DefaultApiExecutor::run_batches, with the transaction's x-arango-trx-id header on each
  /// request.
  template <class I, class Token>
  auto run_batches(std::vector<detail::Operation<std::vector<I>>> parts, Token&& token,
                   std::string_view operation = {}) const {
    for (auto& part : parts) part.request.headers.set("x-arango-trx-id", transaction_id_);
    return DefaultApiExecutor::run_batches(std::move(parts), std::forward<Token>(token), operation);
  }

 private:
  std::string transaction_id_;
};

template <class T>
class AsyncJob;

/// Runs calls as server-side async jobs (the seed's AsyncApiExecutor, context "async"): a call
/// delivers std::optional<AsyncJob<T>> as soon as the server has queued it: the job when
/// results are kept (`return_result`), std::nullopt otherwise. AsyncExecuteError when the
/// server does not accept the job.
class AsyncApiExecutor : public DefaultApiExecutor {
 public:
  /// Runs as async jobs, with `base`'s connection and call options.
  AsyncApiExecutor(const DefaultApiExecutor& base, bool return_result)
      : DefaultApiExecutor(base), return_result_(return_result) {}

  /// "async" (the seed's context name).
  std::string_view context() const noexcept { return "async"; }
  /// Whether the server keeps the jobs' results (x-arango-async: store), so that calls deliver an
  /// AsyncJob.
  bool return_result() const noexcept { return return_result_; }
  /// An async job is one request: calls are never sent in batches.
  static constexpr bool runs_batches = false;
  /// Deleted: an async job is one request (see runs_batches).
  template <class I, class Token>
  auto run_batches(std::vector<detail::Operation<std::vector<I>>> parts, Token&& token,
                   std::string_view operation = {}) const = delete;

  /// As DefaultApiExecutor::run, but sent with x-arango-async: the call delivers once the server
  /// has queued the job (std::optional<AsyncJob<T>>), and AsyncExecuteError when it refuses it.
  template <class T, class Token>
  auto run(detail::Operation<T> op, Token&& token, std::string_view operation = {}) const {
    using Job = std::optional<AsyncJob<T>>;
    if (!operation.empty()) op.request.operation = operation;
    op.request.headers.set("x-arango-async", return_result_ ? "store" : "true");
    detail::Operation<Job> queued{
        std::move(op.request),
        [direct = direct(), store = return_result_, decode = std::move(op.decode)](Response& r) -> Job {
          detail::require_success<AsyncExecuteError>(r);
          if (!store) return std::nullopt;
          auto id = r.headers.find("x-arango-async-id");
          if (!id || id->empty()) {
            detail::raise_from<AsyncExecuteError>(r, "the server accepted the job without an x-arango-async-id");
          }
          // The job lives on the coordinator that queued it.
          return AsyncJob<T>(pinned(direct, r.host_index), std::string(*id), decode);
        }};
    return DefaultApiExecutor::run(std::move(queued), std::forward<Token>(token));
  }

 private:
  bool return_result_;
};

/// Mix-in for API handles: copies of a handle with other per-call settings.
template <class Derived>
class CallSettings {
 public:
  /// A copy of this handle whose calls use `options` (deadline, cancellation).
  Derived with_call_options(CallOptions options) const {
    Derived copy = static_cast<const Derived&>(*this);
    copy.executor_.set_call_options(std::move(options));
    return copy;
  }
  /// A copy of this handle whose calls end with RequestTimeoutError after `timeout`.
  Derived with_timeout(std::chrono::milliseconds timeout) const {
    CallOptions options = static_cast<const Derived&>(*this).executor_.call_options();
    options.timeout = timeout;
    return with_call_options(std::move(options));
  }
  /// A copy of this handle whose calls end with RequestCanceledError once `token` is stopped.
  Derived with_cancellation(std::stop_token token) const {
    CallOptions options = static_cast<const Derived&>(*this).executor_.call_options();
    options.cancel = std::move(token);
    return with_call_options(std::move(options));
  }
  /// A copy of this handle whose calls belong to the trace of `traceparent` (W3C; see
  /// CallOptions::traceparent), with `tracestate` when given.
  Derived with_trace_context(std::string traceparent, std::string tracestate = {}) const {
    CallOptions options = static_cast<const Derived&>(*this).executor_.call_options();
    options.traceparent = std::move(traceparent);
    options.tracestate = std::move(tracestate);
    return with_call_options(std::move(options));
  }
};

}  // namespace v1
}  // namespace arango

#include <arango/job.hpp>  // AsyncJob, which AsyncApiExecutor::run delivers
