#include <arango/async.hpp>
#include <arango/errors.hpp>

#include <memory>
#include <string>

namespace arango {
inline namespace v1 {
namespace {

std::string server_message(const Response& r, std::string_view msg) {
  const std::string& detail = r.error_message.empty() ? r.status_text : r.error_message;
  std::string text = "[HTTP " + std::to_string(r.status_code) + "]";
  if (r.error_code != 0) text += "[ERR " + std::to_string(r.error_code) + "]";
  text += ' ';
  if (!msg.empty()) {
    text.append(msg);
    // The server's words follow in parentheses, unless the call's message already says them.
    if (!detail.empty() && msg.find(detail) == std::string_view::npos) text += " (" + detail + ")";
  } else {
    text += detail;
  }
  return text;
}

}  // namespace

ArangoError::~ArangoError() = default;

ErrorSource ArangoClientError::source() const noexcept { return ErrorSource::client; }
const char* ArangoClientError::class_name() const noexcept { return "ArangoClientError"; }
void ArangoClientError::raise() const { throw *this; }
ErrorPtr ArangoClientError::clone() const { return std::make_shared<ArangoClientError>(*this); }

ArangoServerError::ArangoServerError(std::shared_ptr<const Response> response, std::string_view msg)
    : ArangoError(server_message(*response, msg)), response_(std::move(response)) {}

ErrorSource ArangoServerError::source() const noexcept { return ErrorSource::server; }
const char* ArangoServerError::class_name() const noexcept { return "ArangoServerError"; }
void ArangoServerError::raise() const { throw *this; }
ErrorPtr ArangoServerError::clone() const { return std::make_shared<ArangoServerError>(*this); }

namespace detail {
void throw_deadlock() {
  throw DeadlockError(
      "blocking on a future from the client's I/O thread would deadlock: use a callback or "
      "co_await there, or set HttpClientOptions::completion_executor to a pool with a thread to "
      "spare (a completion that blocks waits for another completion on the same executor)");
}
}  // namespace detail

}  // namespace v1
}  // namespace arango
