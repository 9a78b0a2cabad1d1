// Errors raised by the AQL engine: an ArangoDB errorNum plus the message a
// real server sends.
#pragma once

#include <stdexcept>
#include <string>

namespace emu::aql {

class QueryError : public std::runtime_error {
 public:
  QueryError(int code, std::string message)
      : std::runtime_error(message), code_(code), message_(std::move(message)) {}
  int code() const noexcept { return code_; }
  std::string const& message() const noexcept { return message_; }
  void set_message(std::string m) { message_ = std::move(m); }

 private:
  int code_;
  std::string message_;
};

// errors.tsv text with %s / %d replaced in order.
std::string format_error(int code, std::initializer_list<std::string> args = {});

}  // namespace emu::aql
