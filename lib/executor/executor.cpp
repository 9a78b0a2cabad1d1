// The executor layer's non-template part: how an execution context reaches the connection, and
// what every response goes through before the operation's own decoder.
#include <arango/exceptions.hpp>
#include <arango/executor.hpp>

#include <exception>
#include <string>
#include <utility>

#include "../connection/connection.hpp"

namespace arango {
inline namespace v1 {
namespace detail {

namespace {

/// A call held back until the server's version is known.
struct GatedCall {
  Request request;
  CallOptions options;
  HTTPClient::Completion done;
};

/// The major version of "4.0.1" (0 when there is none).
int major_of(const std::string& version) {
  int major = 0;
  for (char c : version) {
    if (c < '0' || c > '9') break;
    major = major * 10 + (c - '0');
    if (major > 1000) break;
  }
  return major;
}

}  // namespace

void send(const std::shared_ptr<Connection>& connection, Request&& request, const CallOptions& options,
          HTTPClient::Completion done) {
  if (request.removed_in_major <= 0) {
    Connection::send(connection, std::move(request), options, std::move(done));
    return;
  }
  // A call a later ArangoDB removed: sent only when the server is older than that.
  auto call = std::make_shared<GatedCall>(GatedCall{std::move(request), options, std::move(done)});
  Connection::server_version(connection, call->options, [connection, call](const std::optional<std::string>& version) {
    if (version && major_of(*version) >= call->request.removed_in_major) {
      call->done(make_error<UnsupportedServerAPIError>(
          std::string(to_string(call->request.method)) + " " + call->request.endpoint +
          " is not supported by ArangoDB " + std::to_string(call->request.removed_in_major) +
          ".x (the server runs " + *version + "; the API was removed in ArangoDB " +
          std::to_string(call->request.removed_in_major) + ".0)"));
      return;
    }
    // Unknown version (the request failed): let the server answer the call itself.
    Connection::send(connection, std::move(call->request), call->options, std::move(call->done));
  });
}

void schedule(const std::shared_ptr<Connection>& connection, std::chrono::milliseconds delay,
              HTTPClient::Completion done) {
  connection->schedule(delay, std::move(done));
}

std::shared_ptr<const IoThread> io_thread_of(const Connection& connection) { return connection.io_thread(); }

const std::string& db_name_of(const Connection& connection) { return connection.db_name(); }

void check_response(Response& response) {
  classify_response(response);
  if (response.status_code == 412 && response.error_code == 21004) {
    throw QueueTimeViolatedError(std::make_shared<const Response>(std::move(response)));
  }
}

void call_decoded(const ArangoError* error) noexcept { Connection::end_current_call(error); }

ErrorPtr current_decode_error() {
  try {
    throw;
  } catch (const ArangoError& e) {
    return e.clone();
  } catch (const std::exception& e) {
    return make_error<DeserializationError>(std::string("could not decode the response: ") + e.what());
  }
}

}  // namespace detail
}  // namespace v1
}  // namespace arango
