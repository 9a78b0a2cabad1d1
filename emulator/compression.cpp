#include "compression.hpp"

#include <cstring>
#include <stdexcept>

#include <zlib.h>

namespace emu {
namespace {

constexpr std::size_t kMaxUncompressed = 512ULL * 1024 * 1024;  // arangod's limit

// windowBits for inflateInit2/deflateInit2: zlib wrapper or gzip wrapper.
int window_bits(BodyEncoding e) noexcept {
  return e == BodyEncoding::Gzip ? 16 + MAX_WBITS : MAX_WBITS;
}

}  // namespace

std::optional<BodyEncoding> parse_body_encoding(std::string_view value) noexcept {
  if (value == "deflate") return BodyEncoding::Deflate;
  if (value == "gzip") return BodyEncoding::Gzip;
  return std::nullopt;
}

std::string_view to_string(BodyEncoding e) noexcept {
  return e == BodyEncoding::Gzip ? "gzip" : "deflate";
}

std::optional<std::string> decompress_body(std::string_view in, BodyEncoding e) {
  std::string out;
  if (in.empty()) {
    return out;
  }
  z_stream strm;
  std::memset(&strm, 0, sizeof(strm));
  if (inflateInit2(&strm, window_bits(e)) != Z_OK) {
    return std::nullopt;
  }
  strm.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  strm.avail_in = static_cast<uInt>(in.size());
  char buffer[32768];
  int ret = Z_OK;
  do {
    strm.next_out = reinterpret_cast<Bytef*>(buffer);
    strm.avail_out = sizeof(buffer);
    ret = inflate(&strm, Z_NO_FLUSH);
    if (ret != Z_OK && ret != Z_STREAM_END) {
      break;
    }
    out.append(buffer, sizeof(buffer) - strm.avail_out);
    if (out.size() > kMaxUncompressed) {
      ret = Z_MEM_ERROR;
      break;
    }
  } while (ret == Z_OK);
  // Data after the end of the stream counts as corrupt, too.
  bool const ok = ret == Z_STREAM_END && strm.avail_in == 0;
  inflateEnd(&strm);
  if (!ok) {
    return std::nullopt;
  }
  return out;
}

std::string compress_body(std::string_view in, BodyEncoding e) {
  z_stream strm;
  std::memset(&strm, 0, sizeof(strm));
  if (deflateInit2(&strm, Z_DEFAULT_COMPRESSION, Z_DEFLATED, window_bits(e), 8,
                   Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("deflateInit2 failed");
  }
  std::string out;
  out.resize(deflateBound(&strm, static_cast<uLong>(in.size())));
  strm.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  strm.avail_in = static_cast<uInt>(in.size());
  strm.next_out = reinterpret_cast<Bytef*>(out.data());
  strm.avail_out = static_cast<uInt>(out.size());
  int const ret = deflate(&strm, Z_FINISH);
  out.resize(strm.total_out);
  deflateEnd(&strm);
  if (ret != Z_STREAM_END) {
    throw std::runtime_error("deflate failed");
  }
  return out;
}

}  // namespace emu
