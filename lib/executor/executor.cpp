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

void send(const std::shared_ptr<Connection>& connection, Request&& request, const CallOptions& options,
          HTTPClient::Completion done) {
  Connection::send(connection, std::move(request), options, std::move(done));
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
