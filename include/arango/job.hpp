// Async jobs (the seed's arangoasync.job.AsyncJob): the handle of a call made through an
// AsyncDatabase. The server runs the call in the background and keeps its response until
// result() fetches it; result() then decodes that response exactly as the call would have been
// decoded in the default context, so it yields the same T or throws the same error.
#pragma once

#include <algorithm>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include <arango/async.hpp>
#include <arango/detail/operation.hpp>
#include <arango/executor.hpp>
#include <arango/export.hpp>

namespace arango {
inline namespace v1 ARANGO_API {
namespace detail::ops {

Operation<std::string> job_status(std::string id);

Request job_result_request(const std::string& id);
/// Throws the AsyncJobResultError of a job-result response that carries no stored result.
[[noreturn]] void raise_job_result_error(Response& response, const std::string& id);
/// PUT /_api/job/{id}: the stored response, decoded by the queued call's own decoder.
template <class T>
Operation<T> job_result(const std::string& id, std::shared_ptr<const std::function<T(Response&)>> decode) {
  return {job_result_request(id), [decode = std::move(decode), id](Response& r) -> T {
            // Only a stored result carries the job id back.
            if (!r.headers.contains("x-arango-async-id")) raise_job_result_error(r, id);
            return (*decode)(r);
          }};
}

Operation<bool> job_cancel(std::string id, bool ignore_missing);
Operation<bool> job_clear(std::string id, bool ignore_missing);

}  // namespace detail::ops

/// A job the server runs in the background. Copies share the job. Every call is a plain
/// request on the job's connection (never itself an async job).
template <class T>
class AsyncJob {
 public:
  using value_type = T;  ///< the call's result type

  /// A job `id` on `executor`'s connection whose stored response `decode` turns into T
  /// (AsyncApiExecutor makes it when the server queues a call).
  AsyncJob(DefaultApiExecutor executor, std::string id, std::function<T(Response&)> decode)
      : executor_(std::move(executor)),
        id_(std::move(id)),
        decode_(std::make_shared<const std::function<T(Response&)>>(std::move(decode))) {}

  /// The job id (the server's x-arango-async-id).
  const std::string& id() const noexcept { return id_; }

  /// "pending" (queued or running) or "done" (finished, with a result or an error):
  /// std::string. AsyncJobStatusError, whose message ends with "job {id} not found" once the
  /// server has forgotten the job (after result() or clear()).
  template <class Token = UseFuture>
  auto status(Token&& token = {}) const {
    return executor_.run(detail::ops::job_status(id_), std::forward<Token>(token), "status");
  }

  /// The call's result: T, decoded as the call decodes it, or the call's own error (e.g.
  /// AQLQueryExecuteError for an invalid query). The server forgets the job once its result has
  /// been fetched. AsyncJobResultError while the job is pending ("job {id} not done") or when
  /// the server does not know it ("job {id} not found").
  template <class Token = UseFuture>
  auto result(Token&& token = {}) const {
    return executor_.run(detail::ops::job_result<T>(id_, decode_), std::forward<Token>(token), "result");
  }

  /// Cancels the job while it is still queued (a running job may take a while to stop): true;
  /// false when the server does not know the job and `ignore_missing` is set.
  /// AsyncJobCancelError ("job {id} not found" for a finished or unknown job).
  template <class Token = UseFuture>
  auto cancel(bool ignore_missing = false, Token&& token = {}) const {
    return executor_.run(detail::ops::job_cancel(id_, ignore_missing), std::forward<Token>(token), "cancel");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// cancel() with ignore_missing left at the default: the token follows.
  template <detail::TokenSkipping<bool> Token>
  auto cancel(Token&& token) const {
    return this->cancel(false, std::forward<Token>(token));
  }
  //}

  /// Deletes the job's stored result from the server: true; false when the server does not
  /// know the job and `ignore_missing` is set. AsyncJobClearError.
  template <class Token = UseFuture>
  auto clear(bool ignore_missing = false, Token&& token = {}) const {
    return executor_.run(detail::ops::job_clear(id_, ignore_missing), std::forward<Token>(token), "clear");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// clear() with ignore_missing left at the default: the token follows.
  template <detail::TokenSkipping<bool> Token>
  auto clear(Token&& token) const {
    return this->clear(false, std::forward<Token>(token));
  }
  //}

  /// Waits until the job is done: true; false once `timeout` has passed first (no timeout:
  /// waits as long as it takes). Polls status() at growing intervals, from 10 ms up to
  /// `max_poll_interval` (the seed polls every second). AsyncJobStatusError as status().
  template <class Token = UseFuture>
  auto wait(std::optional<std::chrono::milliseconds> timeout = std::nullopt,
            std::chrono::milliseconds max_poll_interval = std::chrono::seconds(1), Token&& token = {}) const {
    auto executor = executor_;
    auto id = id_;
    return detail::initiate<bool>(
        std::forward<Token>(token), detail::io_thread_of(*executor_.connection()),
        [executor, id, timeout, max_poll_interval](Callback<bool> done, std::stop_token stop) {
          auto waiter = std::make_shared<Waiter>();
          waiter->executor = executor;
          // The stop token of a coroutine co_awaiting wait() cancels the status poll in flight, or
          // the next one once the pause between two polls ends.
          detail::join_stop_into<bool>(waiter->executor, std::move(stop), done);
          waiter->id = id;
          if (timeout) waiter->deadline = std::chrono::steady_clock::now() + *timeout;
          waiter->max_interval = std::max(max_poll_interval, std::chrono::milliseconds(1));
          waiter->done = std::move(done);
          poll(std::move(waiter));
        });
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// wait() with max_poll_interval left at the default: the token follows.
  template <detail::TokenSkipping<std::chrono::milliseconds> Token>
  auto wait(std::optional<std::chrono::milliseconds> timeout, Token&& token) const {
    return this->wait(timeout, std::chrono::seconds(1), std::forward<Token>(token));
  }
  /// wait() with timeout, max_poll_interval left at the default: the token follows.
  template <detail::TokenSkipping<std::optional<std::chrono::milliseconds>> Token>
  auto wait(Token&& token) const {
    return this->wait(std::nullopt, std::chrono::seconds(1), std::forward<Token>(token));
  }
  //}

 private:
  struct Waiter {
    DefaultApiExecutor executor{nullptr};
    std::string id;
    std::optional<std::chrono::steady_clock::time_point> deadline;
    std::chrono::milliseconds interval{10};
    std::chrono::milliseconds max_interval{1000};
    Callback<bool> done;
  };

  static void poll(std::shared_ptr<Waiter> w) {
    w->executor.run(detail::ops::job_status(w->id), [w](Result<std::string> status) {
      if (!status) return w->done(status.error_ptr());
      if (*status != "pending") return w->done(true);
      auto delay = std::min(w->interval, w->max_interval);
      if (w->deadline) {
        auto left = std::chrono::ceil<std::chrono::milliseconds>(*w->deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return w->done(false);
        delay = std::min(delay, left);
      }
      w->interval = std::min(w->interval * 2, w->max_interval);
      detail::schedule(w->executor.connection(), delay, [w](Result<Response> fired) {
        if (!fired) return w->done(fired.error_ptr());
        poll(w);
      });
    }, "wait");
  }

  DefaultApiExecutor executor_;
  std::string id_;
  std::shared_ptr<const std::function<T(Response&)>> decode_;
};

}  // namespace v1
}  // namespace arango
