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

/// Which side found an error: ArangoClientError (client) or ArangoServerError (server).
enum class ErrorSource { client, server };

/// The root of every exception the library throws or delivers in a Result (the seed's ArangoError):
/// catch it to handle them all. Errors are copyable values; an ErrorPtr shares one.
class ArangoError : public std::exception {
 public:
  ArangoError(const ArangoError&) = default;  ///< Copies the message and the cause.
  ArangoError(ArangoError&&) = default;  ///< Moves the message and the cause.
  ArangoError& operator=(const ArangoError&) = default;  ///< Copies the message and the cause.
  ArangoError& operator=(ArangoError&&) = default;  ///< Moves the message and the cause.
  ~ArangoError() override;  // defined in the library: its vtable and typeinfo are the library's
  /// The full message, as message().
  const char* what() const noexcept override { return message_.c_str(); }
  /// The full message (for server errors "[HTTP 404][ERR 1202] document not found").
  const std::string& message() const noexcept { return message_; }
  /// client for ArangoClientError and its subclasses, server for ArangoServerError and its
  /// subclasses.
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
  /// Sets the error that led to this one (see cause()).
  void set_cause(std::shared_ptr<const ArangoError> cause) noexcept { cause_ = std::move(cause); }

 protected:
  /// For the subclasses: an error with this message.
  explicit ArangoError(std::string message) : message_(std::move(message)) {}

 private:
  std::string message_;
  std::shared_ptr<const ArangoError> cause_;
};

/// A shared, immutable error: what a Result holds; raise() throws it as its own type.
using ErrorPtr = std::shared_ptr<const ArangoError>;

/// An error found on the client side: the request was never answered, or could not be built,
/// or its answer could not be read.
class ArangoClientError : public ArangoError {
 public:
  /// An error with this message.
  explicit ArangoClientError(std::string message) : ArangoError(std::move(message)) {}
  ErrorSource source() const noexcept override;  ///< ErrorSource::client.
  const char* class_name() const noexcept override;
  [[noreturn]] void raise() const override;
  ErrorPtr clone() const override;
};

}  // namespace v1
}  // namespace arango
