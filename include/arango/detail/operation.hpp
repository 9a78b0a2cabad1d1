// The seam between the API classes and the execution machinery. Each operation is written once,
// as an Operation<T>: the request it sends plus the decoder of its response. Neither knows about
// threads, futures, callbacks or execution contexts.
#pragma once

#include <chrono>
#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include <arango/errors.hpp>
#include <arango/export.hpp>
#include <arango/http.hpp>
#include <arango/result.hpp>

namespace arango {
inline namespace ARANGO_API v1 {
namespace detail {

template <class T>
struct Operation {
  Request request;
  /// Turns the response into T, or throws the call's error type (an ArangoError).
  std::function<T(Response&)> decode;
};

class Connection;  // lib/connection: host choice, /_db prefix, auth, compression, transport

/// Sends `request` through the connection; `done` receives the raw response or a client error.
void send(const std::shared_ptr<Connection>& connection, Request&& request,
          const CallOptions& options, std::function<void(Result<Response>)> done);
std::shared_ptr<const IoThread> io_thread_of(const Connection& connection);
/// Calls `done` after `delay` through the connection's HTTP client (HTTPClient::schedule).
void schedule(const std::shared_ptr<Connection>& connection, std::chrono::milliseconds delay,
              std::function<void(Result<Response>)> done);
const std::string& db_name_of(const Connection& connection);

/// Sets is_success, and error_code / error_message when the body is ArangoDB's error envelope
/// (read with a SAX pass, no DOM).
void classify_response(Response& response);

template <class T>
Result<T> decode_response(std::function<T(Response&)>& decode, Result<Response>&& response) {
  if (!response) return response.error_ptr();
  try {
    classify_response(*response);
    // The server dropped the request before running it, whatever the call was: one error
    // type for every call (the call's own error types describe what its handler answered).
    if (response->status_code == 412 && response->error_code == 21004) {
      throw QueueTimeViolatedError(std::make_shared<const Response>(std::move(*response)));
    }
    if constexpr (std::is_void_v<T>) {
      decode(*response);
      return Result<T>();
    } else {
      return decode(*response);
    }
  } catch (const ArangoError& e) {
    return e.clone();
  } catch (const std::exception& e) {
    return make_error<DeserializationError>(std::string("could not decode the response: ") + e.what());
  }
}

/// Sends the operation and hands its decoded result to `done`.
template <class T>
void execute(const std::shared_ptr<Connection>& connection, Operation<T>&& op,
             const CallOptions& options, Callback<T> done) {
  send(connection, std::move(op.request), options,
       [decode = std::move(op.decode), done = std::move(done)](Result<Response> r) mutable {
         done(decode_response<T>(decode, std::move(r)));
       });
}

/// Throws E built from the response (moved into the error), with the call's own message.
template <class E>
[[noreturn]] void raise_from(Response& response, std::string_view message = {}) {
  throw E(std::make_shared<const Response>(std::move(response)), message);
}

/// Throws E unless the response is a 2xx.
template <class E>
void require_success(Response& response, std::string_view message = {}) {
  if (!response.is_success) raise_from<E>(response, message);
}

}  // namespace detail
}  // namespace v1
}  // namespace arango
