// The seam between the API (lib/api, the classes in include/arango/) and the execution machinery
// (include/arango/executor.hpp, lib/executor). Each operation is written once, as an
// Operation<T>: the request it sends plus the decoder of its response. Neither knows about
// threads, futures, callbacks or execution contexts. docs/architecture.md shows where each
// part lives.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include <arango/errors.hpp>
#include <arango/export.hpp>
#include <arango/http.hpp>

namespace arango {
inline namespace v1 ARANGO_API {
namespace detail {

template <class T>
struct Operation {
  Request request;
  /// Turns the response into T, or throws the call's error type (an ArangoError).
  std::function<T(Response&)> decode;
};

/// Sets is_success, and error_code / error_message when the body is ArangoDB's error envelope
/// (read with a SAX pass, no DOM). The executor does it before any decoder runs.
ARANGO_INTERNAL void classify_response(Response& response);

/// `op` with its result passed through `f`: f(T&&, const Response&) (f(const Response&) for
/// Operation<void>) makes the value the call delivers. For the calls that deliver a handle
/// (a collection, a graph, a transaction, a cursor) made from the caller's executor: the
/// operation is written once in lib/api, the handle is made by the class that forwards to it.
template <class T, class F>
auto then(Operation<T>&& op, F f) {
  if constexpr (std::is_void_v<T>) {
    using U = std::invoke_result_t<F&, const Response&>;
    return Operation<U>{std::move(op.request), [decode = std::move(op.decode), f = std::move(f)](Response& r) mutable {
                          decode(r);
                          return f(static_cast<const Response&>(r));
                        }};
  } else {
    using U = std::invoke_result_t<F&, T&&, const Response&>;
    return Operation<U>{std::move(op.request), [decode = std::move(op.decode), f = std::move(f)](Response& r) mutable {
                          T value = decode(r);
                          return f(std::move(value), static_cast<const Response&>(r));
                        }};
  }
}

/// `op` marked as a call ArangoDB 4.0 removed (Request::removed_in_major): against a 4.x server
/// it fails with UnsupportedServerAPIError before anything is sent. Every execution context
/// and wrapper (then, the async and transaction executors) keeps the mark, since it travels in
/// the request.
template <class T>
ARANGO_INTERNAL Operation<T> removed_in_v4(Operation<T> op) {
  op.request.removed_in_major = 4;
  return op;
}

/// Throws E built from the response (moved into the error), with the call's own message.
template <class E>
[[noreturn]] ARANGO_INTERNAL void raise_from(Response& response, std::string_view message = {}) {
  throw E(std::make_shared<const Response>(std::move(response)), message);
}

/// Throws E unless the response is a 2xx.
template <class E>
ARANGO_INTERNAL void require_success(Response& response, std::string_view message = {}) {
  if (!response.is_success) raise_from<E>(response, message);
}

}  // namespace detail
}  // namespace v1
}  // namespace arango
