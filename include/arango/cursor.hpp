// Cursor (the seed's arangoasync.cursor.Cursor): the documents of a query, a batch at a time.
//
// Each batch is decoded as it arrives: with a SAX-deserializable T every document goes straight
// from the parser into its T. The cursor holds the current batch only, so reading ten million
// documents needs no more memory than reading ten thousand. A cursor still open on the server
// is closed (DELETE, fire and forget) when the last handle to it goes away.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include <arango/async.hpp>
#include <arango/detail/ops_cursor.hpp>
#include <arango/executor.hpp>
#include <arango/export.hpp>
#include <arango/json.hpp>

namespace arango {
inline namespace v1 ARANGO_API {

/// The executor a cursor's follow-up calls use: the context that created it (so that a cursor
/// made inside a stream transaction fetches inside it). Async contexts specialize this.
template <class Executor>
struct cursor_executor {
  using type = Executor;  ///< the executor type of the follow-up calls
  /// The executor of the follow-up calls, from the creating one.
  static const Executor& from(const Executor& e) { return e; }
};

/// The cursor of a query run as an async job reads its further batches with plain requests.
template <>
struct cursor_executor<AsyncApiExecutor> {
  using type = DefaultApiExecutor;  ///< plain requests
  /// The plain executor with the async one's connection and call options.
  static DefaultApiExecutor from(const AsyncApiExecutor& e) { return e.direct(); }
};

/// The seed's Cursor: the results of an AQL query, read batch by batch (PUT /_api/cursor/{id}
/// fetches the next one when the current is used up). T is the result type (Json, or a user type
/// with from_json / Deserializer). Movable, not copyable; destroying or moving over an open cursor
/// closes it on the server (without waiting).
template <class T = Json, class Executor = DefaultApiExecutor>
class Cursor {
  struct State {
    std::mutex mutex;
    detail::CursorMeta meta;
    std::deque<T> batch;
    std::size_t received = 0;  // documents the server sent, re-read batches not counted
    bool closed = false;
  };

 public:
  using value_type = T;  ///< the result type

  /// Built by AQL::execute from the first response.
  Cursor(Executor executor, detail::CursorMeta meta, std::deque<T> batch)
      : executor_(std::move(executor)), state_(std::make_shared<State>()) {
    state_->meta = std::move(meta);
    state_->batch = std::move(batch);
    state_->received = state_->batch.size();
  }
  Cursor(Cursor&&) noexcept = default;  ///< Takes over the server cursor; the moved-from one is left empty.
  /// Closes this cursor's server cursor (if open, without waiting), then takes over `other`'s.
  Cursor& operator=(Cursor&& other) noexcept {
    if (this != &other) {
      release();
      executor_ = std::move(other.executor_);
      state_ = std::move(other.state_);
    }
    return *this;
  }
  Cursor(const Cursor&) = delete;
  Cursor& operator=(const Cursor&) = delete;
  ~Cursor() { release(); }

  /// The server-side cursor id; empty when the whole result came in the first batch.
  std::optional<std::string> id() const { return locked([](State& s) { return s.meta.id; }); }
  /// Whether the server holds more batches.
  bool has_more() const { return locked([](State& s) { return s.meta.has_more; }); }
  /// The total number of results; CursorCountError unless the query asked for count.
  std::int64_t count() const {
    auto c = locked([](State& s) { return s.meta.count; });
    if (!c) throw CursorCountError("Cursor count not enabled");
    return *c;
  }
  /// Whether the result came from the query results cache.
  bool cached() const { return locked([](State& s) { return s.meta.cached; }); }
  /// The "extra" object of the latest batch: warnings, stats, profile and plan (Json).
  Json extra() const { return locked([](State& s) { return s.meta.extra; }); }
  /// extra.stats of the latest batch (writesExecuted, scannedFull, fullCount ...).
  Json statistics() const { return extra().get("stats"); }
  /// extra.warnings of the latest batch (an array; null when absent).
  Json warnings() const { return extra().get("warnings"); }
  /// extra.profile (with the profile option).
  Json profile() const { return extra().get("profile"); }
  /// extra.plan (with profile 2).
  Json plan() const { return extra().get("plan"); }
  /// The id of the next batch (queries with allowRetry); re-read a batch with fetch(id).
  std::optional<std::string> next_batch_id() const { return locked([](State& s) { return s.meta.next_batch_id; }); }
  /// A copy of the current batch: the buffered documents not yet taken, in order (the seed's
  /// `batch` property).
  std::deque<T> batch() const { return locked([](State& s) { return s.batch; }); }
  /// Documents buffered (the current batch).
  std::size_t buffered() const { return locked([](State& s) { return s.batch.size(); }); }
  /// No document buffered (more may be on the server: see has_more()).
  bool empty() const { return buffered() == 0; }

  /// The next buffered document; CursorEmptyError when the buffer is empty. Never fetches.
  T pop() {
    std::optional<T> item = locked([](State& s) { return take_front(s); });
    if (!item) throw CursorEmptyError("Current batch is empty");
    return std::move(*item);
  }

  /// The next document: std::optional<T>, nullopt at the end. Fetches the next batch when the
  /// buffer is empty (completing at once otherwise). CursorNextError, CursorStateError.
  template <class Token = UseFuture>
  auto next(Token&& token = {}) {
    auto state = state_;
    Executor executor = executor_;
    return detail::initiate<std::optional<T>>(
        std::forward<Token>(token), detail::io_thread_of(*executor_.connection()),
        [state, executor](Callback<std::optional<T>> done, std::stop_token stop) mutable {
          // Completions run outside the lock: a callback may use the cursor again.
          std::unique_lock lock(state->mutex);
          std::optional<T> item = take_front(*state);
          std::optional<std::string> id = state->meta.has_more ? state->meta.id : std::nullopt;
          lock.unlock();
          if (item || !id) {
            done(std::move(item));  // a buffered document, or the end
            return;
          }
          // The fetch is cancelled by the stop token of a coroutine co_awaiting next(), too.
          detail::join_stop_into<std::optional<T>>(executor, std::move(stop), done);
          executor.run(fetch_operation(state, *id, std::nullopt),
                       [state, done = std::move(done)](Result<std::size_t> r) mutable {
                         if (!r) {
                           done(r.error_ptr());
                           return;
                         }
                         std::unique_lock lock(state->mutex);
                         std::optional<T> item = take_front(*state);
                         lock.unlock();
                         done(std::move(item));
                       }, "fetch");
        });
  }

  /// Fetches the next batch, or re-reads batch `batch_id` (queries with allowRetry), appending
  /// its documents to the buffer: the number appended (std::size_t). CursorStateError without
  /// a server-side cursor; CursorNextError.
  template <class Token = UseFuture>
  auto fetch(std::optional<std::string> batch_id = {}, Token&& token = {}) {
    auto id = this->id();
    if (!id) throw CursorStateError("Cursor ID is not set");
    return executor_.run(fetch_operation(state_, *id, std::move(batch_id)), std::forward<Token>(token), "fetch");
  }

  /// Deletes the server-side cursor: true; false when there is none (or it is gone and
  /// ignore_missing). CursorCloseError.
  template <class Token = UseFuture>
  auto close(bool ignore_missing = false, Token&& token = {}) {
    auto id = this->id();
    auto state = state_;
    // Without a server-side cursor there is nothing to delete: false, with no request.
    if (!id) {
      return detail::initiate<bool>(std::forward<Token>(token), detail::io_thread_of(*executor_.connection()),
                                    [](Callback<bool> done) { done(false); });
    }
    detail::Operation<bool> op = detail::ops::cursor_close(*id, ignore_missing);
    auto decode = std::move(op.decode);
    op.decode = [state, decode = std::move(decode)](Response& r) {
      bool closed = decode(r);
      std::lock_guard lock(state->mutex);
      state->closed = true;
      return closed;
    };
    return executor_.run(std::move(op), std::forward<Token>(token), "close");
  }

 private:
  /// The first buffered document, removed from the buffer; nullopt when it is empty.
  static std::optional<T> take_front(State& s) {
    if (s.batch.empty()) return std::nullopt;
    std::optional<T> item(std::move(s.batch.front()));
    s.batch.pop_front();
    return item;
  }

  template <class F>
  auto locked(F&& f) const {
    std::lock_guard lock(state_->mutex);
    return f(*state_);
  }

  static detail::Operation<std::size_t> fetch_operation(std::shared_ptr<State> state, const std::string& id,
                                                        std::optional<std::string> batch_id) {
    const bool next = !batch_id;
    return {detail::ops::cursor_fetch_request(id, batch_id), [state, next](Response& r) {
              detail::require_success<CursorNextError>(r);
              detail::CursorMeta meta;
              std::deque<T> batch;
              std::size_t n = detail::decode_cursor_body<T>(std::move(r.raw_body), meta, batch);
              std::lock_guard lock(state->mutex);
              if (next) detail::check_next_batch(state->meta, meta, state->received + n);
              if (next) state->received += n;
              std::optional<std::string> id = meta.id ? meta.id : state->meta.id;
              state->meta = std::move(meta);
              state->meta.id = std::move(id);
              for (T& item : batch) state->batch.push_back(std::move(item));
              return n;
            }};
  }

  /// Closes a cursor the server still holds when the last handle goes away.
  void release() noexcept {
    if (!state_ || state_.use_count() != 1) return;
    try {
      std::optional<std::string> id;
      {
        std::lock_guard lock(state_->mutex);
        if (state_->closed || !state_->meta.has_more || !state_->meta.id) return;
        id = state_->meta.id;
      }
      executor_.run(detail::ops::cursor_close(*id, true), [](Result<bool>) {}, "close");
    } catch (...) {
      // A client already shut down has dropped the cursor with its connection.
    }
  }

  Executor executor_;
  std::shared_ptr<State> state_;
};

namespace detail {

/// ops::open_cursor delivering a Cursor<T> on `executor`'s cursor context; non-2xx responses
/// throw E.
template <class T, class E, class Executor>
auto cursor_operation(const Executor& executor, Request request) {
  using C = Cursor<T, typename cursor_executor<Executor>::type>;
  return then(ops::open_cursor<T, E>(std::move(request)),
              [executor = cursor_executor<Executor>::from(executor)](CursorBody<T> body, const Response& r) {
                // The server-side cursor lives on the coordinator that made it.
                return C(pinned(executor, r.host_index), std::move(body.meta), std::move(body.batch));
              });
}

}  // namespace detail
}  // namespace v1
}  // namespace arango
