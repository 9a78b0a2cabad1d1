// Execution contexts (the seed's executors). A context decides what a call delivers and which
// headers it adds; API classes are templates over it and never change when a context is added.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include <arango/async.hpp>
#include <arango/detail/operation.hpp>

namespace arango {
inline namespace v1 {

/// Runs calls directly: a call delivers T (the seed's DefaultApiExecutor, context "default").
class DefaultApiExecutor {
 public:
  explicit DefaultApiExecutor(std::shared_ptr<detail::Connection> connection)
      : connection_(std::move(connection)) {}

  std::string_view context() const noexcept { return "default"; }
  const std::string& db_name() const { return detail::db_name_of(*connection_); }
  const std::shared_ptr<detail::Connection>& connection() const noexcept { return connection_; }
  const CallOptions& call_options() const noexcept { return call_options_; }
  void set_call_options(CallOptions options) { call_options_ = std::move(options); }

  template <class T, class Token>
  auto run(detail::Operation<T> op, Token&& token) const {
    return detail::initiate<T>(
        std::forward<Token>(token), detail::io_thread_of(*connection_),
        [connection = connection_, options = call_options_, op = std::move(op)](Callback<T> done) mutable {
          detail::execute<T>(connection, std::move(op), options, std::move(done));
        });
  }

 protected:
  std::shared_ptr<detail::Connection> connection_;
  CallOptions call_options_;
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
};

}  // namespace v1
}  // namespace arango
