// arango::Task<T>: a coroutine type, so that a user writes coroutines that co_await calls
// (use_awaitable) without a promise type of their own:
//
//   arango::Task<int> count_students(arango::StandardDatabase db) {
//     arango::Json v = co_await db.version({}, arango::use_awaitable);
//     co_return 1;
//   }
//   int n = arango::sync_wait(count_students(db));           // from non-coroutine code
//   int m = co_await count_students(db);                      // from another Task
//
// Lazy: a Task starts when it is co_awaited or handed to sync_wait, not when it is made. So
// nothing runs that no one waits for (a Task destroyed before it is awaited only frees its
// frame), the awaiter is attached before the body runs (no race between a completion on the I/O
// thread and the awaiter arriving: no shared state, no atomics, no allocation beyond the frame),
// a parent hands its stop token to the child before the child sends anything, and a finished
// Task transfers straight to its awaiter (symmetric transfer: a chain of Tasks uses no stack).
//
// Threads: a Task runs on the thread that starts it until its first call is co_awaited; it then
// resumes on the thread that completes that call (the client's I/O thread, or its completion
// executor). sync_wait blocks the calling thread; it refuses (DeadlockError, as Future::get) when
// a call would have to complete on the very thread it blocks.
//
// Cancellation: a Task carries a std::stop_token (sync_wait's second argument, or
// with_stop_token); every call co_awaited in it with use_awaitable is cancelled when a stop is
// requested (RequestCanceledError; a call not yet started ends with it without being sent), and
// a Task it co_awaits inherits the token. The coroutine itself goes on: it sees the error where
// it co_awaits and may catch it.
//
// Exceptions thrown in a Task reach its awaiter (or sync_wait's caller) as their own types.
// Destroy a Task only before it starts or after it has finished (its awaiter or sync_wait does).
#pragma once

#include <condition_variable>
#include <coroutine>
#include <exception>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <stop_token>
#include <thread>
#include <type_traits>
#include <utility>

#include <arango/async.hpp>

namespace arango {
inline namespace v1 ARANGO_API {

template <class T = void>
class Task;
template <class T>
T sync_wait(Task<T> task, std::stop_token stop = {});

namespace detail {

/// Where sync_wait waits: the finished Task notifies under the lock, so the waiter cannot free
/// it before the notification is over.
struct SyncWaitState {
  std::mutex mutex;
  std::condition_variable cv;
  bool done = false;
};

/// What every Task promise has: the context its calls read (stop token, blocked thread), its
/// awaiter, and its exception.
struct TaskPromiseBase : CoroutineContext {
  std::coroutine_handle<> continuation{};  ///< the awaiting coroutine; none under sync_wait
  SyncWaitState* sync = nullptr;  ///< sync_wait's state when it runs this Task
  std::exception_ptr error{};
  bool own_stop = false;  ///< with_stop_token set `stop`: an awaiter does not replace it

  struct FinalAwaiter {
    bool await_ready() const noexcept { return false; }
    template <class Promise>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<Promise> handle) noexcept {
      TaskPromiseBase& p = handle.promise();
      if (p.continuation) return p.continuation;
      if (SyncWaitState* s = p.sync) {
        std::lock_guard lock(s->mutex);
        s->done = true;
        s->cv.notify_one();
      }
      return std::noop_coroutine();
    }
    void await_resume() const noexcept {}
  };

  std::suspend_always initial_suspend() const noexcept { return {}; }
  FinalAwaiter final_suspend() const noexcept { return {}; }
  void unhandled_exception() noexcept { error = std::current_exception(); }
  void rethrow_if_failed() const {
    if (error) std::rethrow_exception(error);
  }
};

template <class T>
struct TaskPromise : TaskPromiseBase {
  std::optional<T> value{};
  Task<T> get_return_object() noexcept;
  template <class U = T>
  void return_value(U&& v) {
    value.emplace(std::forward<U>(v));
  }
  T take() {
    rethrow_if_failed();
    return std::move(*value);
  }
};

template <>
struct TaskPromise<void> : TaskPromiseBase {
  Task<void> get_return_object() noexcept;
  void return_void() noexcept {}
  void take() const { rethrow_if_failed(); }
};

}  // namespace detail

/// A lazy coroutine task delivering T (see the top of this header). Move-only; co_await it once
/// (from another coroutine), or run it with sync_wait.
template <class T>
class [[nodiscard]] Task {
  static_assert(!std::is_reference_v<T>, "a Task delivers a value, not a reference");

 public:
  using promise_type = detail::TaskPromise<T>;  ///< what makes a coroutine returning Task<T>
  using value_type = T;  ///< what co_await and sync_wait deliver

  Task() noexcept = default;  ///< An empty Task (valid() is false).
  /// Takes over `other`'s coroutine.
  Task(Task&& other) noexcept : handle_(std::exchange(other.handle_, {})) {}
  /// Destroys this Task's coroutine (see ~Task) and takes over `other`'s.
  Task& operator=(Task&& other) noexcept {
    if (this != &other) {
      destroy();
      handle_ = std::exchange(other.handle_, {});
    }
    return *this;
  }
  Task(const Task&) = delete;
  Task& operator=(const Task&) = delete;
  /// Frees the coroutine frame: call it only before the Task starts or after it has finished.
  ~Task() { destroy(); }

  /// Whether this Task has a coroutine (false after a move, or when default-made).
  bool valid() const noexcept { return static_cast<bool>(handle_); }

  /// This Task, with `token` as its stop token: a stop requested on it cancels its calls. It
  /// replaces what an awaiter or sync_wait would hand it.
  Task with_stop_token(std::stop_token token) && {
    if (handle_) {
      handle_.promise().stop = std::move(token);
      handle_.promise().own_stop = true;
    }
    return std::move(*this);
  }

  /// The awaiter co_await uses: starts the Task with the awaiting coroutine's stop token (when it
  /// has none of its own) and resumes the awaiter with its value or its exception.
  class Awaiter {
   public:
    /// An awaiter of the task `handle` (Task's operator co_await makes it).
    explicit Awaiter(std::coroutine_handle<promise_type> handle) noexcept : handle_(handle) {}
    /// Ready without suspending when the task has already finished (or is empty).
    bool await_ready() const noexcept { return !handle_ || handle_.done(); }
    /// Starts the task, which resumes `awaiting` when it finishes; the task takes the awaiting
    /// coroutine's stop token (when it has none of its own).
    template <class Promise>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<Promise> awaiting) noexcept {
      promise_type& p = handle_.promise();
      p.continuation = awaiting;
      if (!p.own_stop) p.stop = detail::stop_token_of(awaiting.promise());
      if constexpr (std::is_base_of_v<detail::CoroutineContext, Promise>) {
        p.blocked = awaiting.promise().blocked;
      }
      return handle_;
    }
    /// The task's value, or its exception rethrown; std::logic_error for an empty Task.
    T await_resume() {
      if (!handle_) throw std::logic_error("co_await on an empty arango::Task");
      return handle_.promise().take();
    }

   private:
    std::coroutine_handle<promise_type> handle_;
  };
  /// co_await runs the Task and delivers its value (or throws its exception).
  Awaiter operator co_await() && noexcept { return Awaiter(handle_); }
  /// As above, for a Task kept in a variable (co_await it once).
  Awaiter operator co_await() & noexcept { return Awaiter(handle_); }

 private:
  friend struct detail::TaskPromise<T>;
  template <class U>
  friend U sync_wait(Task<U> task, std::stop_token stop);

  explicit Task(std::coroutine_handle<promise_type> handle) noexcept : handle_(handle) {}
  void destroy() noexcept {
    if (handle_) std::exchange(handle_, {}).destroy();
  }

  std::coroutine_handle<promise_type> handle_{};
};

namespace detail {
template <class T>
Task<T> TaskPromise<T>::get_return_object() noexcept {
  return Task<T>(std::coroutine_handle<TaskPromise<T>>::from_promise(*this));
}
inline Task<void> TaskPromise<void>::get_return_object() noexcept {
  return Task<void>(std::coroutine_handle<TaskPromise<void>>::from_promise(*this));
}
}  // namespace detail

/// Runs `task` on this thread until its first call is co_awaited, blocks until it has finished
/// and returns its value, or throws its exception (as its own type). `stop` (unless the Task has
/// its own, see with_stop_token) cancels its calls when a stop is requested. DeadlockError when
/// the Task co_awaits a call on this thread and this thread is the client's I/O thread (a
/// completion callback's thread): the call could never complete.
/// std::invalid_argument for an empty Task.
template <class T>
T sync_wait(Task<T> task, std::stop_token stop) {
  if (!task.handle_) throw std::invalid_argument("sync_wait on an empty arango::Task");
  auto& promise = task.handle_.promise();
  if (!promise.own_stop) promise.stop = std::move(stop);
  promise.blocked = std::this_thread::get_id();
  detail::SyncWaitState state;
  promise.sync = &state;
  task.handle_.resume();
  {
    std::unique_lock lock(state.mutex);
    state.cv.wait(lock, [&state] { return state.done; });
  }
  return promise.take();
}

}  // namespace v1
}  // namespace arango
