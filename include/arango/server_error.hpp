// ArangoServerError: an error answered by the server, with the Response it came in. Its
// generated subclasses (DocumentInsertError, ...) are in <arango/exceptions.hpp>.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <arango/error_base.hpp>
#include <arango/export.hpp>
#include <arango/http.hpp>

namespace arango {
inline namespace v1 ARANGO_API {

/// An error answered by the server (or a response the call could not accept).
class ArangoServerError : public ArangoError {
 public:
  /// `msg`, when given, is the call's own description; the server's message follows it in
  /// parentheses, as in the seed.
  explicit ArangoServerError(std::shared_ptr<const Response> response, std::string_view msg = {});

  ErrorSource source() const noexcept override;  ///< ErrorSource::server.
  const char* class_name() const noexcept override;
  [[noreturn]] void raise() const override;
  ErrorPtr clone() const override;

  /// The response's HTTP status (404, 409, ...).
  int http_code() const noexcept { return response_->status_code; }
  /// ArangoDB's errorNum, or the HTTP status when the body carried none (as in the seed).
  int error_code() const noexcept { return response_->error_code ? response_->error_code : response_->status_code; }
  /// The server's errorMessage, or the HTTP status text when the body carried none.
  const std::string& error_message() const noexcept {
    return response_->error_message.empty() ? response_->status_text : response_->error_message;
  }
  /// The URL the failed request went to.
  const std::string& url() const noexcept { return response_->url; }
  /// The HTTP method of the failed request ("GET", ...).
  std::string_view http_method() const noexcept { return to_string(response_->method); }
  /// The response's header fields.
  const Headers& http_headers() const noexcept { return response_->headers; }
  /// The whole response (body in raw_body).
  const Response& response() const noexcept { return *response_; }

 private:
  std::shared_ptr<const Response> response_;
};

}  // namespace v1
}  // namespace arango
