// The root of the exception hierarchy (the seed's arangoasync.exceptions): ArangoError and the
// client-side ArangoClientError, which need nothing of HTTP. ArangoServerError, which carries
// the server's Response, is in <arango/server_error.hpp>; the concrete classes are generated
// from lib/errors/exceptions.tsv into <arango/client_exceptions.hpp> (client side) and
// <arango/exceptions.hpp> (all). <arango/errors.hpp> brings the whole hierarchy.
#pragma once

#include <exception>
#include <memory>
#include <string>

#include <arango/export.hpp>

namespace arango {
inline namespace v1 ARANGO_API {

enum class ErrorSource { client, server };

class ArangoError : public std::exception {
 public:
  ArangoError(const ArangoError&) = default;
  ArangoError(ArangoError&&) = default;
  ArangoError& operator=(const ArangoError&) = default;
  ArangoError& operator=(ArangoError&&) = default;
  ~ArangoError() override;  // defined in the library: its vtable and typeinfo are the library's
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
  /// The error that led to this one, when there was one: a ServerConnectionError from a failed
  /// `db(..., verify=true)` keeps the connection failure (ClientConnectionAbortedError, ...)
  /// here. Null otherwise.
  const std::shared_ptr<const ArangoError>& cause() const noexcept { return cause_; }
  void set_cause(std::shared_ptr<const ArangoError> cause) noexcept { cause_ = std::move(cause); }

 protected:
  explicit ArangoError(std::string message) : message_(std::move(message)) {}

 private:
  std::string message_;
  std::shared_ptr<const ArangoError> cause_;
};

using ErrorPtr = std::shared_ptr<const ArangoError>;

/// An error found on the client side: the request was never answered, or could not be built,
/// or its answer could not be read.
class ArangoClientError : public ArangoError {
 public:
  explicit ArangoClientError(std::string message) : ArangoError(std::move(message)) {}
  ErrorSource source() const noexcept override;
  const char* class_name() const noexcept override;
  [[noreturn]] void raise() const override;
  ErrorPtr clone() const override;
};

}  // namespace v1
}  // namespace arango
