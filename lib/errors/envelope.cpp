#include <arango/detail/operation.hpp>
#include <arango/json.hpp>

#include <cstdint>

#include "../json/guard.hpp"
#include "../json/rapidjson.hpp"

namespace arango {
inline namespace v1 {
namespace detail {
namespace {

/// Top-level keys only: error (bool), errorNum (an int), errorMessage (string). A member of
/// another type makes the body no envelope (`wrong`): the call then reports the HTTP status,
/// as for a body that is not JSON, rather than a number or text the server did not mean.
struct EnvelopeReader {
  int depth = 0;
  enum class Key { other, error, num, message } key = Key::other;
  bool error = false;
  bool wrong = false;
  long long num = 0;
  std::string message;

  bool top() const { return depth == 1; }
  bool mistyped(Key expected) {
    if (top() && key != Key::other && key != expected) wrong = true;
    return true;
  }
  bool Null() { return mistyped(Key::other); }
  bool Bool(bool b) {
    if (top() && key == Key::error) error = b;
    return mistyped(Key::error);
  }
  bool Int(int i) { return Int64(i); }
  bool Uint(unsigned u) { return Int64(u); }
  bool Int64(std::int64_t i) {
    if (top() && key == Key::num) {
      if (i < INT32_MIN || i > INT32_MAX) wrong = true;
      num = i;
    }
    return mistyped(Key::num);
  }
  bool Uint64(std::uint64_t) { return mistyped(Key::other); }  // past INT64_MAX: no errorNum
  bool Double(double) { return mistyped(Key::other); }        // errorNum is an integer
  bool RawNumber(const char*, rapidjson::SizeType, bool) { return true; }
  bool String(const char* s, rapidjson::SizeType n, bool) {
    if (top() && key == Key::message) message.assign(s, n);
    return mistyped(Key::message);
  }
  bool StartObject() {
    mistyped(Key::other);
    ++depth;
    return true;
  }
  bool Key(const char* s, rapidjson::SizeType n, bool) {
    if (top()) {
      std::string_view k(s, n);
      key = k == "error" ? Key::error : k == "errorNum" ? Key::num : k == "errorMessage" ? Key::message : Key::other;
    }
    return true;
  }
  bool EndObject(rapidjson::SizeType) { --depth; return true; }
  bool StartArray() {
    mistyped(Key::other);
    return depth >= 1;  // a top-level array is no envelope: stop
  }
  bool EndArray(rapidjson::SizeType) { return true; }
};

}  // namespace

void classify_response(Response& response) {
  response.error_code = 0;
  response.error_message.clear();
  response.is_success = response.status_code >= 200 && response.status_code < 300;
  if (response.is_success || response.raw_body.empty()) return;
  rapidjson::MemoryStream stream(response.raw_body.data(), response.raw_body.size());
  ReaderLease reader(response.raw_body.size());
  EnvelopeReader envelope;
  Guard<EnvelopeReader, false> guard(envelope);  // bounded depth, UTF-8, one key once
  // Not JSON, or not an envelope: no errorNum, as in the seed (the HTTP status stands for it).
  if (!reader->Parse<kParseFlags>(stream, guard) || envelope.wrong) return;
  if (envelope.error) {
    response.error_code = static_cast<int>(envelope.num);
    response.error_message = std::move(envelope.message);
  }
}

}  // namespace detail
}  // namespace v1
}  // namespace arango
