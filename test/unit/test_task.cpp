// arango::Task and the stop token an Awaitable reads from it, without a server: the calls are
// Awaitables whose start completes on another thread, as the I/O thread would.
#include <arango/arango.hpp>

#include <catch2/catch.hpp>

#include <atomic>
#include <functional>
#include <future>
#include <optional>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <stop_token>
#include <string>
#include <thread>

using namespace arango;
using namespace std::chrono_literals;

namespace {

/// A call that delivers `value` from a thread of its own after `delay`.
Awaitable<int> later(int value, std::chrono::milliseconds delay = 1ms) {
  return Awaitable<int>([value, delay](Callback<int> done) {
    std::thread([value, delay, done = std::move(done)] {
      std::this_thread::sleep_for(delay);
      done(value);
    }).detach();
  });
}

/// A call that fails with RequestTimeoutError from another thread.
Awaitable<int> failing() {
  return Awaitable<int>([](Callback<int> done) {
    std::thread([done = std::move(done)] { done(make_error<RequestTimeoutError>("timed out")); }).detach();
  });
}

/// A call that never completes on its own: only a stop ends it (RequestCanceledError), as a
/// transport's cancel does. `started` counts its starts.
struct Hanging {
  std::atomic<int> started{0};
  Awaitable<int> call() {
    return Awaitable<int>([this](Callback<int> done, std::stop_token stop) {
      ++started;
      struct State {
        Callback<int> done;
        std::atomic<bool> fired{false};
        std::optional<std::stop_callback<std::function<void()>>> on_stop;
      };
      auto s = std::make_shared<State>();
      s->done = std::move(done);
      // The state keeps itself until the stop fires (a test always stops it).
      s->on_stop.emplace(stop, std::function<void()>([s] {
                           if (s->fired.exchange(true)) return;
                           std::thread([s] {
                             Callback<int> d = std::move(s->done);
                             s->on_stop.reset();
                             d(make_error<RequestCanceledError>("the call was cancelled"));
                           }).detach();
                         }));
    });
  }
};

Task<int> add(int a, int b) {
  int x = co_await later(a);
  int y = co_await later(b);
  co_return x + y;
}

Task<std::string> chain() {
  int sum = co_await add(2, 3);
  int more = co_await add(sum, 10);
  co_return std::to_string(more);
}

Task<int> throws_arango() {
  int v = co_await failing();
  co_return v;
}

Task<> throws_std() {
  (void)co_await later(1);
  throw std::out_of_range("thrown in the task");
}

Task<int> rethrows_through_parent() {
  co_await throws_std();
  co_return 0;
}

struct Counted {
  std::shared_ptr<std::atomic<int>> live;
  explicit Counted(std::shared_ptr<std::atomic<int>> l) : live(std::move(l)) { ++*live; }
  Counted(const Counted& o) : live(o.live) { ++*live; }
  ~Counted() { --*live; }
};

Task<int> holds(Counted c) {
  co_await later(1);
  co_return static_cast<int>(c.live->load());
}

/// A coroutine type of the user's own whose promise has get_stop_token().
struct Detached {
  struct promise_type {
    std::stop_token token;
    std::promise<bool>* out;
    promise_type(std::stop_token t, std::promise<bool>* o, Hanging*) : token(std::move(t)), out(o) {}
    std::stop_token get_stop_token() const { return token; }
    Detached get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { out->set_exception(std::current_exception()); }
  };
};

Detached detached(std::stop_token, std::promise<bool>* out, Hanging* h) {
  try {
    (void)co_await h->call();
    out->set_value(false);
  } catch (const RequestCanceledError&) {
    out->set_value(true);
  }
}

}  // namespace

TEST_CASE("a Task chain delivers its value through sync_wait", "[task]") {
  CHECK(sync_wait(add(20, 22)) == 42);
  CHECK(sync_wait(chain()) == "15");
}

TEST_CASE("a Task is lazy: nothing runs before it is awaited", "[task]") {
  std::atomic<int> ran{0};
  auto body = [&]() -> Task<int> {
    ++ran;
    co_return 7;
  };
  Task<int> t = body();
  CHECK(ran == 0);
  CHECK(t.valid());
  CHECK(sync_wait(std::move(t)) == 7);
  CHECK(ran == 1);
  CHECK_FALSE(t.valid());
}

TEST_CASE("exceptions leave a Task as their own types", "[task]") {
  CHECK_THROWS_AS(sync_wait(throws_arango()), RequestTimeoutError);
  CHECK_THROWS_AS(sync_wait(throws_std()), std::out_of_range);
  CHECK_THROWS_AS(sync_wait(rethrows_through_parent()), std::out_of_range);
  CHECK_THROWS_AS(sync_wait(Task<int>()), std::invalid_argument);
}

TEST_CASE("a Task destroyed before it is awaited frees its frame", "[task]") {
  auto live = std::make_shared<std::atomic<int>>(0);
  {
    Task<int> t = holds(Counted(live));
    CHECK(*live == 1);  // the parameter copy in the frame
  }
  CHECK(*live == 0);
  // Moved-over Tasks free theirs too.
  Task<int> a = holds(Counted(live));
  Task<int> b = holds(Counted(live));
  CHECK(*live == 2);
  a = std::move(b);
  CHECK(*live == 1);
  // One that runs and finishes on another thread is freed by its owner.
  CHECK(sync_wait(std::move(a)) == 1);
  CHECK(*live == 0);
}

TEST_CASE("a stop on a Task's token cancels the call it awaits, and the coroutine goes on", "[task][cancel]") {
  Hanging hanging;
  std::stop_source source;
  std::atomic<bool> caught{false};
  auto body = [&]() -> Task<int> {
    try {
      co_return co_await hanging.call();
    } catch (const RequestCanceledError&) {
      caught = true;
    }
    // The coroutine continues: a Task with a token of its own (none) is not cancelled.
    int v = co_await add(1, 2).with_stop_token({});
    co_return v;
  };
  std::thread stopper([&] {
    while (hanging.started == 0) std::this_thread::sleep_for(1ms);
    std::this_thread::sleep_for(20ms);
    source.request_stop();
  });
  int v = sync_wait(body(), source.get_token());
  stopper.join();
  CHECK(caught);
  CHECK(v == 3);
  CHECK(hanging.started == 1);
}

TEST_CASE("a child Task inherits its awaiter's stop token", "[task][cancel]") {
  Hanging hanging;
  std::stop_source source;
  auto child = [&]() -> Task<int> { co_return co_await hanging.call(); };
  auto parent = [&]() -> Task<int> { co_return co_await child(); };
  std::thread stopper([&] {
    while (hanging.started == 0) std::this_thread::sleep_for(1ms);
    source.request_stop();
  });
  CHECK_THROWS_AS(sync_wait(parent(), source.get_token()), RequestCanceledError);
  stopper.join();
}

TEST_CASE("a call co_awaited after the stop ends at once without starting", "[task][cancel]") {
  Hanging hanging;
  std::stop_source source;
  source.request_stop();
  auto body = [&]() -> Task<int> { co_return co_await hanging.call(); };
  CHECK_THROWS_AS(sync_wait(body(), source.get_token()), RequestCanceledError);
  CHECK(hanging.started == 0);
  // with_stop_token on the Task wins over sync_wait's.
  auto plain = []() -> Task<int> { co_return co_await later(5); };
  CHECK(sync_wait(plain().with_stop_token({}), source.get_token()) == 5);
}

TEST_CASE("a promise with get_stop_token() hands its token to the calls too", "[task][cancel]") {
  Hanging hanging;
  std::stop_source source;
  std::promise<bool> out;
  auto cancelled = out.get_future();
  detached(source.get_token(), &out, &hanging);
  CHECK(hanging.started == 1);
  source.request_stop();
  CHECK(cancelled.get());
}
