// Request/response compression (the seed's arangoasync.compression).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <arango/export.hpp>

namespace arango {
inline namespace v1 ARANGO_API {

enum class AcceptEncoding { DEFLATE, GZIP, IDENTITY };
enum class ContentEncoding { DEFLATE, GZIP };
std::string_view to_string(AcceptEncoding e) noexcept;
std::string_view to_string(ContentEncoding e) noexcept;

class CompressionManager {
 public:
  virtual ~CompressionManager() = default;
  virtual bool needs_compression(std::string_view data) const = 0;
  virtual std::string compress(std::string_view data) const = 0;
  /// Value of the Content-Encoding header of compressed request bodies.
  virtual std::string content_encoding() const = 0;
  /// Value of the Accept-Encoding header; nullopt sends none.
  virtual std::optional<std::string> accept_encoding() const = 0;
};

/// zlib deflate of request bodies of at least `threshold` bytes; responses decoded as they come.
/// A negative threshold disables request compression (what the seed's docs promise; the seed's
/// code compressed everything instead).
class DefaultCompressionManager : public CompressionManager {
 public:
  explicit DefaultCompressionManager(long threshold = 1024, int level = 6,
                                     std::optional<AcceptEncoding> accept = AcceptEncoding::DEFLATE);
  long threshold() const noexcept { return threshold_; }
  void set_threshold(long t) noexcept { threshold_ = t; }
  int level() const noexcept { return level_; }
  /// Throws std::invalid_argument outside -1..9.
  void set_level(int level);
  void set_accept_encoding(std::optional<AcceptEncoding> accept) noexcept { accept_ = accept; }

  bool needs_compression(std::string_view data) const override;
  std::string compress(std::string_view data) const override;
  std::string content_encoding() const override { return "deflate"; }
  std::optional<std::string> accept_encoding() const override;

 private:
  long threshold_;
  int level_;
  std::optional<AcceptEncoding> accept_;
};

/// zlib-wrapped deflate (RFC 1950), as HTTP "deflate" means. Throws std::runtime_error on failure.
std::string deflate(std::string_view data, int level = 6);
/// The inverse of deflate; also accepts gzip and raw deflate. Throws DeserializationError.
std::string inflate(std::string_view data);

}  // namespace v1
}  // namespace arango
