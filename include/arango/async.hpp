// How a call delivers its result. Every operation takes a completion token as its last
// argument:
//   use_future (default)      -> arango::Future<T> (a std::future<T> whose get()/wait() refuse
//                                to block on the client's I/O thread: DeadlockError)
//   a callable void(Result<T>) -> nothing; the callable runs once, on the I/O thread (or the
//                                completion executor); it is never run inside the initiating call
//   use_awaitable             -> Awaitable<T>, for co_await in a C++20 coroutine; the coroutine
//                                resumes on the I/O thread (or the completion executor)
#pragma once

#include <chrono>
#include <concepts>
#include <coroutine>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <stop_token>
#include <thread>
#include <type_traits>
#include <utility>

#include <arango/errors.hpp>
#include <arango/export.hpp>
#include <arango/result.hpp>

namespace arango {
inline namespace v1 ARANGO_API {

/// The completion token asking a call for a Future (the default token of every call).
struct UseFuture {};
/// Pass as a call's last argument for a Future (the same as passing nothing).
inline constexpr UseFuture use_future{};
/// The completion token asking a call for an Awaitable, to co_await in a coroutine.
struct UseAwaitable {};
/// Pass as a call's last argument to co_await it: `Json v = co_await db.version({},
/// use_awaitable);`
inline constexpr UseAwaitable use_awaitable{};

namespace detail {
/// What the overloads that leave trailing defaulted parameters out (scripts/calling_forms.py)
/// take as their token: use_future, use_awaitable, a function, a callable class, or any other
/// class that is not an argument for `Param` (an Asio completion token). An options struct, a
/// string or a number given where `Param` goes is not: for it the full overload is the one called,
/// so an overload never changes what a call meant.
template <class Token, class Param>
concept TokenSkipping =
    std::is_same_v<std::remove_cvref_t<Token>, UseFuture> || std::is_same_v<std::remove_cvref_t<Token>, UseAwaitable> ||
    std::is_function_v<std::remove_pointer_t<std::remove_cvref_t<Token>>> ||
    (std::is_class_v<std::remove_cvref_t<Token>> &&
     (requires { &std::remove_cvref_t<Token>::operator(); } || !std::is_convertible_v<Token, Param>));

[[noreturn]] void throw_deadlock();
inline void refuse_on_io_thread(const std::shared_ptr<const IoThread>& io) {
  if (io && io->is_current()) throw_deadlock();
}
}  // namespace detail

/// A std::future<T> that refuses to block on the client's own I/O thread (where blocking would
/// deadlock): get() and wait*() throw DeadlockError there. It converts to std::future<T>.
template <class T>
class Future : public std::future<T> {
 public:
  Future() noexcept = default;  ///< An empty future (valid() is false).
  /// Wraps `future`; `io` is the client's I/O thread, on which blocking is refused.
  Future(std::future<T> future, std::shared_ptr<const detail::IoThread> io) noexcept
      : std::future<T>(std::move(future)), io_(std::move(io)) {}

  /// Waits for the result and returns it, or throws the call's error (as its own type);
  /// DeadlockError on the client's I/O thread.
  decltype(auto) get() {
    detail::refuse_on_io_thread(io_);
    return std::future<T>::get();
  }
  /// Waits for the result; DeadlockError on the client's I/O thread.
  void wait() const {
    detail::refuse_on_io_thread(io_);
    std::future<T>::wait();
  }
  /// Waits at most `d` for the result; DeadlockError on the client's I/O thread.
  template <class Rep, class Period>
  std::future_status wait_for(const std::chrono::duration<Rep, Period>& d) const {
    detail::refuse_on_io_thread(io_);
    return std::future<T>::wait_for(d);
  }
  /// Waits until `t` at most for the result; DeadlockError on the client's I/O thread.
  template <class Clock, class Duration>
  std::future_status wait_until(const std::chrono::time_point<Clock, Duration>& t) const {
    detail::refuse_on_io_thread(io_);
    return std::future<T>::wait_until(t);
  }
  /// True once the result is there (never blocks).
  bool ready() const {
    return std::future<T>::wait_for(std::chrono::seconds(0)) == std::future_status::ready;
  }

 private:
  std::shared_ptr<const detail::IoThread> io_;
};

namespace detail {
/// What a coroutine type tells the calls it co_awaits (arango::Task's promise derives from it):
/// the stop token that cancels them, and the thread blocked in sync_wait on the coroutine (a
/// call co_awaited on that thread when it is the client's I/O thread would never complete:
/// DeadlockError).
struct CoroutineContext {
  std::stop_token stop{};  ///< cancels every call co_awaited with use_awaitable
  std::thread::id blocked{};  ///< the thread sync_wait blocks on the coroutine; unset: none
};
/// The stop token a coroutine's promise carries: arango::Task's, or any promise's
/// `get_stop_token()`; none otherwise.
template <class Promise>
std::stop_token stop_token_of(Promise& promise) {
  if constexpr (std::is_base_of_v<CoroutineContext, Promise>) {
    return promise.stop;
  } else if constexpr (requires { { promise.get_stop_token() } -> std::convertible_to<std::stop_token>; }) {
    return promise.get_stop_token();
  } else {
    return {};
  }
}
}  // namespace detail

/// The awaitable form of a call. co_await it once.
///
/// Cancellation: when the awaiting coroutine's promise carries a stop token (arango::Task's does;
/// any promise with a `std::stop_token get_stop_token()` member too), a stop requested while the
/// call runs cancels it (RequestCanceledError, as with_cancellation), and a stop requested before
/// the co_await ends it at once with RequestCanceledError, without sending anything.
template <class T>
class [[nodiscard]] Awaitable {
 public:
  /// What starts the call: it is handed the completion that resumes the coroutine and the
  /// awaiting coroutine's stop token (empty when it has none).
  using Start = std::function<void(Callback<T>, std::stop_token)>;
  /// An awaitable that runs `start` when awaited (the calls make one for use_awaitable). `start`
  /// takes (Callback<T>) or (Callback<T>, std::stop_token); `io` is the client's I/O thread.
  template <class F, class = std::enable_if_t<std::is_invocable_v<std::decay_t<F>&, Callback<T>> ||
                                              std::is_invocable_v<std::decay_t<F>&, Callback<T>, std::stop_token>>>
  explicit Awaitable(F&& start, std::shared_ptr<const detail::IoThread> io = {}) : io_(std::move(io)) {
    using D = std::decay_t<F>;
    if constexpr (std::is_invocable_v<D&, Callback<T>, std::stop_token>) {
      start_ = Start(std::forward<F>(start));
    } else {
      start_ = [f = D(std::forward<F>(start))](Callback<T> done, std::stop_token) mutable { f(std::move(done)); };
    }
  }

  /// Always false: the call is started on suspension.
  bool await_ready() const noexcept { return false; }
  /// Starts the call; the coroutine resumes on the thread that completes it (normally the client's
  /// I/O thread). Does not suspend (the coroutine goes on with RequestCanceledError) when the
  /// coroutine's stop token is already stopped.
  template <class Promise = void>
  bool await_suspend(std::coroutine_handle<Promise> handle) {
    std::stop_token stop;
    if constexpr (!std::is_void_v<Promise>) {
      Promise& promise = handle.promise();
      stop = detail::stop_token_of(promise);
      if constexpr (std::is_base_of_v<detail::CoroutineContext, Promise>) {
        // sync_wait blocks this thread on the coroutine: a call of this client's I/O thread
        // would never complete.
        if (promise.blocked == std::this_thread::get_id()) detail::refuse_on_io_thread(io_);
      }
    }
    if (stop.stop_requested()) {
      result_.emplace(make_error<RequestCanceledError>("the call was cancelled"));
      return false;
    }
    // The completion may resume the coroutine (and destroy *this) before start() returns:
    // touch nothing of *this after starting.
    Start start = std::move(start_);
    start([this, handle](Result<T> r) {
            result_.emplace(std::move(r));
            handle.resume();
          },
          std::move(stop));
    return true;
  }
  /// The call's value, or throws its error (as its own type).
  T await_resume() {
    if constexpr (std::is_void_v<T>) {
      result_->value();
    } else {
      return std::move(*result_).value();
    }
  }

 private:
  Start start_;
  std::shared_ptr<const detail::IoThread> io_;
  std::optional<Result<T>> result_;
};

namespace detail {

template <class T>
void fulfil(std::promise<T>& promise, Result<T>&& result) {
  if (result.has_value()) {
    if constexpr (std::is_void_v<T>) {
      promise.set_value();
    } else {
      promise.set_value(std::move(result).value());
    }
    return;
  }
  try {
    result.value();  // throws the error as its own type
  } catch (...) {
    promise.set_exception(std::current_exception());
  }
}

/// The customization point for completion tokens of other libraries: a token (other than
/// use_future and use_awaitable) for which `CompletionTokenTraits<Token, T>::supported` is true
/// is handed to `CompletionTokenTraits<Token, T>::initiate<T>(token, io, start)`, whose result
/// the call returns. <arango/asio.hpp> specializes it for Asio's completion tokens; for every
/// other token it is false, and the token must be a callable taking Result<T>.
template <class Token, class T>
struct CompletionTokenTraits {
  static constexpr bool supported = false;
};

/// Runs `start` with `done`, and with `stop` when it takes a stop token (a `start` that takes
/// none cannot be cancelled by one).
template <class T, class Start>
void start_call(Start& start, Callback<T>&& done, std::stop_token stop = {}) {
  if constexpr (std::is_invocable_v<Start&, Callback<T>, std::stop_token>) {
    start(std::move(done), std::move(stop));
  } else {
    start(std::move(done));
  }
}

/// Runs `start(completion)` with a completion made from `token`, and returns what the token
/// asks for. `start` takes (Callback<T>), or (Callback<T>, std::stop_token) when the call can be
/// cancelled by the stop token of a coroutine that co_awaits it (see Awaitable). `start` must be
/// copyable (the awaitable form keeps it until co_await).
template <class T, class Token, class Start>
auto initiate(Token&& token, std::shared_ptr<const IoThread> io, Start start) {
  using D = std::decay_t<Token>;
  if constexpr (std::is_same_v<D, UseFuture>) {
    auto promise = std::make_shared<std::promise<T>>();
    Future<T> future(promise->get_future(), std::move(io));
    start_call<T>(start, Callback<T>([promise](Result<T> r) { fulfil(*promise, std::move(r)); }));
    return future;
  } else if constexpr (std::is_same_v<D, UseAwaitable>) {
    return Awaitable<T>(std::move(start), std::move(io));
  } else if constexpr (CompletionTokenTraits<D, T>::supported) {
    return CompletionTokenTraits<D, T>::template initiate<T>(std::forward<Token>(token), std::move(io),
                                                             std::move(start));
  } else {
    static_assert(std::is_invocable_v<D&, Result<T>>,
                  "a completion token is arango::use_future, arango::use_awaitable, a callable "
                  "taking arango::Result<T>, or (with <arango/asio.hpp>) an Asio completion token");
    start_call<T>(start, Callback<T>(std::forward<Token>(token)));
  }
}

}  // namespace detail
}  // namespace v1
}  // namespace arango
