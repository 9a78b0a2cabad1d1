// <arango/asio.hpp>: Asio completion tokens for every call. Optional and header-only: the one
// public header that includes a third-party library (Asio), so <arango/arango.hpp> never
// includes it and the library is built without it; include it only when you have Boost.Asio
// (<boost/asio.hpp>) or standalone Asio (<asio.hpp>).
//
//   #include <arango/arango.hpp>
//   #include <arango/asio.hpp>
//
//   boost::asio::awaitable<void> run(arango::StandardCollection<arango::Json> col) {
//     arango::DocumentMeta<arango::Json> m =
//         co_await col.insert(doc, {}, boost::asio::use_awaitable);   // resumes on the coroutine's executor
//   }
//   std::future<bool> f = col.has("k", {}, boost::asio::use_future);
//   col.get("k", {}, [](std::exception_ptr e, std::optional<arango::Json> doc) { ... });
//   auto op = col.count(boost::asio::deferred);  // (Boost >= 1.80, or asio::experimental::deferred)
//
// Any Asio completion token works (use_awaitable, use_future, deferred, a plain handler,
// as_tuple(...), ...): the call is an Asio asynchronous operation with the signature
//   void(std::exception_ptr, T)             for a call delivering T,
//   void(std::exception_ptr)                for a call delivering nothing (void),
//   void(std::exception_ptr, std::optional<T>)  when T has no default constructor (handles:
//                                           a database, a collection, a cursor, a job): an
//                                           error must hand the handler some second argument.
// The error is the call's exception (as its own type: rethrow it, or let use_awaitable and
// use_future do it); on error the second argument is a default T (or nullopt).
//
// Threads: the completion is posted to the handler's associated executor (for use_awaitable
// the coroutine's executor, e.g. the io_context's thread; a plain handler without one runs on
// Asio's system executor), never run on the client's I/O thread; the executor counts the call
// as outstanding work until then, so io_context::run() does not return while a call is in
// flight.
//
// Cancellation: a handler's associated cancellation slot (asio::bind_cancellation_slot, or what
// use_awaitable binds inside an awaitable, as `||` of awaitable operators does) cancels the call
// on any cancellation type: it ends with RequestCanceledError, as with_cancellation's token
// would. Needs an Asio that has cancellation slots (Asio 1.19, Boost 1.77); with an older one the
// slot is not connected (use with_cancellation, or arango::Task's stop token).
//
// Which Asio: standalone Asio when ASIO_STANDALONE or ARANGO_ASIO_STANDALONE is defined, or when
// only <asio.hpp> exists; Boost.Asio otherwise.
#pragma once

#if defined(ARANGO_ASIO_STANDALONE) || defined(ASIO_STANDALONE) || \
    (!__has_include(<boost/asio.hpp>) && __has_include(<asio.hpp>))
#include <asio/associated_executor.hpp>
#include <asio/async_result.hpp>
#include <asio/executor_work_guard.hpp>
#include <asio/post.hpp>
#if __has_include(<asio/associated_cancellation_slot.hpp>)
#include <asio/associated_cancellation_slot.hpp>
#include <asio/cancellation_type.hpp>
#define ARANGO_ASIO_CANCELLATION 1
#endif
#define ARANGO_ASIO_NAMESPACE ::asio
#elif __has_include(<boost/asio.hpp>)
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#if __has_include(<boost/asio/associated_cancellation_slot.hpp>)
#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/cancellation_type.hpp>
#define ARANGO_ASIO_CANCELLATION 1
#endif
#define ARANGO_ASIO_NAMESPACE ::boost::asio
#else
#error "<arango/asio.hpp> needs Boost.Asio (<boost/asio.hpp>) or standalone Asio (<asio.hpp>)"
#endif

#include <exception>
#include <memory>
#include <optional>
#include <stop_token>
#include <type_traits>
#include <utility>

#include <arango/async.hpp>

namespace arango {
inline namespace v1 ARANGO_API {
namespace detail {
namespace asio_ns = ARANGO_ASIO_NAMESPACE;

/// What a call delivering T hands an Asio handler after the exception_ptr (see the top).
template <class T>
using AsioValue = std::conditional_t<std::is_default_constructible_v<T>, T, std::optional<T>>;

template <class T>
struct AsioSignature {
  using type = void(std::exception_ptr, AsioValue<T>);
};
template <>
struct AsioSignature<void> {
  using type = void(std::exception_ptr);
};

/// Calls `handler` with `result` in Asio's (std::exception_ptr, value) form.
template <class T, class Handler>
void deliver_to_asio(Handler& handler, Result<T>& result) {
  if (result.has_value()) {
    if constexpr (std::is_void_v<T>) {
      std::move(handler)(std::exception_ptr());
    } else {
      std::move(handler)(std::exception_ptr(), AsioValue<T>(std::move(result).value()));
    }
    return;
  }
  std::exception_ptr error;
  try {
    result.value();  // throws the error as its own type
  } catch (...) {
    error = std::current_exception();
  }
  if constexpr (std::is_void_v<T>) {
    std::move(handler)(error);
  } else {
    std::move(handler)(error, AsioValue<T>());
  }
}

/// No call's result: what tells a completion token that takes any function (asio::use_future,
/// deferred) from a callback taking Result<T>.
struct NotAResult {};

/// Asio's completion tokens (see the top of the header): class types that are not callables
/// taking Result<T> (plain handlers void(std::exception_ptr, T)), or that take any argument at
/// all (use_future and deferred wrap a function). A callback meant to take arango::Result<T>
/// must therefore name its parameter type, not `auto`, where this header is included.
template <class Token, class T>
  requires(std::is_class_v<Token> &&
           (!std::is_invocable_v<Token&, Result<T>> || std::is_invocable_v<Token&, NotAResult>))
struct CompletionTokenTraits<Token, T> {
  static constexpr bool supported = true;

  template <class, class Tok, class Start>
  static auto initiate(Tok&& token, std::shared_ptr<const IoThread> /*io*/, Start start) {
    using Signature = typename AsioSignature<T>::type;
    return asio_ns::async_initiate<Tok, Signature>(
        [](auto handler, Start start) {
          using Handler = decltype(handler);
          auto executor = asio_ns::get_associated_executor(handler);
          using Work = decltype(asio_ns::make_work_guard(executor));
          // Callback<T> is copyable and Asio handlers are move-only: the handler and the work
          // (which keeps the executor's context running) wait in one shared place.
          struct Pending {
            Handler handler;
            Work work;
#if defined(ARANGO_ASIO_CANCELLATION)
            asio_ns::cancellation_slot slot{};  // set once the handler is in place
#endif
          };
          auto pending = std::make_shared<Pending>(Pending{std::move(handler), asio_ns::make_work_guard(executor)});
          std::stop_token stop;  // none: the call cannot be cancelled through Asio
#if defined(ARANGO_ASIO_CANCELLATION)
          // The handler's cancellation slot (when one is connected) stops the call.
          pending->slot = asio_ns::get_associated_cancellation_slot(pending->handler);
          if (pending->slot.is_connected()) {
            auto source = std::make_shared<std::stop_source>();
            stop = source->get_token();
            pending->slot.assign([source](asio_ns::cancellation_type type) {
              if (type != asio_ns::cancellation_type::none) source->request_stop();
            });
          }
#endif
          Callback<T> done([pending](Result<T> r) {
            auto target = pending->work.get_executor();
            asio_ns::post(target, [pending, r = std::move(r)]() mutable {
              Handler handler = std::move(pending->handler);
              pending->work.reset();
#if defined(ARANGO_ASIO_CANCELLATION)
              // done: the slot's handler (and the stop source it keeps) goes
              if (pending->slot.is_connected()) pending->slot.clear();
#endif
              deliver_to_asio<T>(handler, r);
            });
          });
          start_call<T>(start, std::move(done), std::move(stop));
        },
        token, std::move(start));
  }
};

}  // namespace detail
}  // namespace v1
}  // namespace arango

#undef ARANGO_ASIO_NAMESPACE
#undef ARANGO_ASIO_CANCELLATION
