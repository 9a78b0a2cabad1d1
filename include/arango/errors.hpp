// The root of the exception hierarchy (the seed's arangoasync.exceptions). The concrete
// classes (DocumentInsertError, ClientShutdownError, ...) are generated into
// <arango/exceptions.hpp> from lib/errors/exceptions.tsv.
#pragma once

#include <exception>
#include <memory>
#include <string>
#include <string_view>

#include <arango/http.hpp>

namespace arango {
inline namespace v1 {

enum class ErrorSource { client, server };

class ArangoError : public std::exception {
 public:
  const char* what() const noexcept override { return message_.c_str(); }
  /// The full message (for server errors "[HTTP 404][ERR 1202] document not found").
  const std::string& message() const noexcept { return message_; }
  virtual ErrorSource source() const noexcept = 0;
  /// The class name, as in the seed ("DocumentGetError").
  virtual const char* class_name() const noexcept = 0;
  /// Throws this error as its dynamic type.
  [[noreturn]] virtual void raise() const = 0;
  /// A copy of this error with its dynamic type.
  virtual std::shared_ptr<const ArangoError> clone() const = 0;

 protected:
  explicit ArangoError(std::string message) : message_(std::move(message)) {}

 private:
  std::string message_;
};

using ErrorPtr = std::shared_ptr<const ArangoError>;

/// An error found on the client side: the request was never answered, or could not be built,
/// or its answer could not be read.
class ArangoClientError : public ArangoError {
 public:
  explicit ArangoClientError(std::string message) : ArangoError(std::move(message)) {}
  ErrorSource source() const noexcept override { return ErrorSource::client; }
  const char* class_name() const noexcept override { return "ArangoClientError"; }
  [[noreturn]] void raise() const override { throw *this; }
  ErrorPtr clone() const override { return std::make_shared<ArangoClientError>(*this); }
};

/// An error answered by the server (or a response the call could not accept).
class ArangoServerError : public ArangoError {
 public:
  /// `msg`, when given, is the call's own description; the server's message follows it in
  /// parentheses, as in the seed.
  explicit ArangoServerError(std::shared_ptr<const Response> response, std::string_view msg = {});

  ErrorSource source() const noexcept override { return ErrorSource::server; }
  const char* class_name() const noexcept override { return "ArangoServerError"; }
  [[noreturn]] void raise() const override { throw *this; }
  ErrorPtr clone() const override { return std::make_shared<ArangoServerError>(*this); }

  int http_code() const noexcept { return response_->status_code; }
  /// ArangoDB's errorNum, or the HTTP status when the body carried none (as in the seed).
  int error_code() const noexcept { return response_->error_code ? response_->error_code : response_->status_code; }
  /// The server's errorMessage, or the HTTP status text when the body carried none.
  const std::string& error_message() const noexcept {
    return response_->error_message.empty() ? response_->status_text : response_->error_message;
  }
  const std::string& url() const noexcept { return response_->url; }
  std::string_view http_method() const noexcept { return to_string(response_->method); }
  const Headers& http_headers() const noexcept { return response_->headers; }
  const Response& response() const noexcept { return *response_; }

 private:
  std::shared_ptr<const Response> response_;
};

}  // namespace v1
}  // namespace arango

#include <arango/exceptions.hpp>
