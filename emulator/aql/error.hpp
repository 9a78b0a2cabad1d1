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
  // Whether the pipeline has appended its node list (" [node #id: Type] ...") yet: once,
  // at the stage the error passes first, never again (whatever the message's own text).
  bool annotated() const noexcept { return annotated_; }
  void set_annotated() noexcept { annotated_ = true; }

 private:
  int code_;
  std::string message_;
  bool annotated_ = false;
};

// Whether `message` already ends with where it failed (" (while parsing)", "(while executing)"
// ...), as the engine's own errors raised before execution do.
inline bool has_phase_suffix(std::string const& message) {
  auto at = message.rfind(" (while ");
  return at != std::string::npos && message.back() == ')' &&
         message.find(')', at) == message.size() - 1;
}

// errors.tsv text with %s / %d replaced in order.
std::string format_error(int code, std::initializer_list<std::string> args = {});

}  // namespace emu::aql
