#include <arango/compression.hpp>
#include <arango/errors.hpp>

#include <zlib.h>

#include <stdexcept>

namespace arango {
inline namespace v1 {

std::string_view to_string(AcceptEncoding e) noexcept {
  switch (e) {
    case AcceptEncoding::DEFLATE: return "deflate";
    case AcceptEncoding::GZIP: return "gzip";
    case AcceptEncoding::IDENTITY: return "identity";
  }
  return "identity";
}

std::string_view to_string(ContentEncoding e) noexcept {
  return e == ContentEncoding::GZIP ? "gzip" : "deflate";
}

DefaultCompressionManager::DefaultCompressionManager(long threshold, int level, std::optional<AcceptEncoding> accept)
    : threshold_(threshold), level_(6), accept_(accept) {
  set_level(level);
}

void DefaultCompressionManager::set_level(int level) {
  if (level < -1 || level > 9) throw std::invalid_argument("zlib level must be within -1..9");
  level_ = level;
}

bool DefaultCompressionManager::needs_compression(std::string_view data) const {
  return threshold_ >= 0 && data.size() >= static_cast<std::size_t>(threshold_);
}

std::string DefaultCompressionManager::compress(std::string_view data) const { return deflate(data, level_); }

std::optional<std::string> DefaultCompressionManager::accept_encoding() const {
  if (!accept_) return std::nullopt;
  return std::string(to_string(*accept_));
}

std::string deflate(std::string_view data, int level) {
  uLongf bound = compressBound(static_cast<uLong>(data.size()));
  std::string out(bound, '\0');
  int rc = compress2(reinterpret_cast<Bytef*>(out.data()), &bound, reinterpret_cast<const Bytef*>(data.data()),
                     static_cast<uLong>(data.size()), level);
  if (rc != Z_OK) throw std::runtime_error(std::string("zlib compress2 failed: ") + zError(rc));
  out.resize(bound);
  return out;
}

std::string inflate(std::string_view data) {
  auto run = [&](int window_bits, std::string& out) {
    z_stream zs{};
    if (inflateInit2(&zs, window_bits) != Z_OK) return false;
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    char buffer[16384];
    int rc = Z_OK;
    while (rc == Z_OK) {
      zs.next_out = reinterpret_cast<Bytef*>(buffer);
      zs.avail_out = sizeof buffer;
      rc = ::inflate(&zs, Z_NO_FLUSH);
      if (rc != Z_OK && rc != Z_STREAM_END) break;
      out.append(buffer, sizeof buffer - zs.avail_out);
    }
    inflateEnd(&zs);
    return rc == Z_STREAM_END && zs.avail_in == 0;
  };
  std::string out;
  if (run(15 + 32, out)) return out;  // zlib or gzip, detected from the header
  out.clear();
  if (run(-15, out)) return out;  // raw deflate
  throw DeserializationError("body is not deflate or gzip data");
}

}  // namespace v1
}  // namespace arango
