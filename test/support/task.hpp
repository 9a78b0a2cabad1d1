// The smallest coroutine type for tests: runs eagerly and signals completion through a future.
#pragma once

#include <coroutine>
#include <exception>
#include <future>

namespace testenv {

struct Task {
  struct promise_type {
    std::promise<void> done;
    Task get_return_object() { return Task{done.get_future()}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() { done.set_value(); }
    void unhandled_exception() { done.set_exception(std::current_exception()); }
  };
  std::future<void> finished;
};

}  // namespace testenv
