#include <arango/detail/operation.hpp>
#include <arango/json.hpp>

#include "../json/rapidjson.hpp"

namespace arango {
inline namespace v1 {
namespace detail {
namespace {

/// Top-level keys only: error (bool), errorNum (int), errorMessage (string).
struct EnvelopeReader {
  int depth = 0;
  enum class Key { other, error, num, message } key = Key::other;
  bool error = false;
  long long num = 0;
  std::string message;

  bool top() const { return depth == 1; }
  bool Null() { return true; }
  bool Bool(bool b) {
    if (top() && key == Key::error) error = b;
    return true;
  }
  bool Int(int i) { return Int64(i); }
  bool Uint(unsigned u) { return Int64(u); }
  bool Int64(std::int64_t i) {
    if (top() && key == Key::num) num = i;
    return true;
  }
  bool Uint64(std::uint64_t u) { return Int64(static_cast<std::int64_t>(u)); }
  bool Double(double d) { return Int64(static_cast<std::int64_t>(d)); }
  bool RawNumber(const char*, rapidjson::SizeType, bool) { return true; }
  bool String(const char* s, rapidjson::SizeType n, bool) {
    if (top() && key == Key::message) message.assign(s, n);
    return true;
  }
  bool StartObject() { ++depth; return true; }
  bool Key(const char* s, rapidjson::SizeType n, bool) {
    if (top()) {
      std::string_view k(s, n);
      key = k == "error" ? Key::error : k == "errorNum" ? Key::num : k == "errorMessage" ? Key::message : Key::other;
    }
    return true;
  }
  bool EndObject(rapidjson::SizeType) { --depth; return true; }
  bool StartArray() { return depth >= 1; }  // a top-level array is no envelope: stop
  bool EndArray(rapidjson::SizeType) { return true; }
};

}  // namespace

void classify_response(Response& response) {
  response.error_code = 0;
  response.error_message.clear();
  response.is_success = response.status_code >= 200 && response.status_code < 300;
  if (response.is_success || response.raw_body.empty()) return;
  rapidjson::MemoryStream stream(response.raw_body.data(), response.raw_body.size());
  rapidjson::Reader reader;
  EnvelopeReader envelope;
  if (!reader.Parse(stream, envelope)) return;  // not JSON: no errorNum, as in the seed
  if (envelope.error) {
    response.error_code = static_cast<int>(envelope.num);
    response.error_message = std::move(envelope.message);
  }
}

}  // namespace detail
}  // namespace v1
}  // namespace arango
