// Request/response compression (the seed's arangoasync.compression).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <arango/export.hpp>

namespace arango {
inline namespace v1 ARANGO_API {

/// What the client accepts for response bodies (sent as Accept-Encoding: "deflate", "gzip" or
/// "identity").
enum class AcceptEncoding { DEFLATE, GZIP, IDENTITY };
/// How a request body is compressed (its Content-Encoding header).
enum class ContentEncoding { DEFLATE, GZIP };
std::string_view to_string(AcceptEncoding e) noexcept;  ///< "deflate", "gzip" or "identity".
std::string_view to_string(ContentEncoding e) noexcept;  ///< "deflate" or "gzip".

/// Decides which request bodies are compressed, compresses them, and names the encodings sent (the
/// seed's CompressionManager). Set one for every database (ClientOptions::compression) or per
/// database (DbOptions::compression); derive from it for a policy of your own. Called on the
/// calling thread; must be thread-safe.
class CompressionManager {
 public:
  virtual ~CompressionManager() = default;
  /// Whether to compress a request body of these bytes.
  virtual bool needs_compression(std::string_view data) const = 0;
  /// The compressed body (sent with content_encoding() as its Content-Encoding).
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
  /// Compresses request bodies of at least `threshold` bytes (negative: none) at zlib `level` (-1
  /// for zlib's default, 0 none to 9 best; std::invalid_argument otherwise), and asks for
  /// `accept`-encoded responses (nullopt: no Accept-Encoding header).
  explicit DefaultCompressionManager(long threshold = 1024, int level = 6,
                                     std::optional<AcceptEncoding> accept = AcceptEncoding::DEFLATE);
  /// The smallest body compressed, in bytes; negative: none is.
  long threshold() const noexcept { return threshold_; }
  /// Sets threshold() (negative disables request compression).
  void set_threshold(long t) noexcept { threshold_ = t; }
  /// The zlib level, -1..9.
  int level() const noexcept { return level_; }
  /// Throws std::invalid_argument outside -1..9.
  void set_level(int level);
  /// Sets the Accept-Encoding header sent (nullopt: none).
  void set_accept_encoding(std::optional<AcceptEncoding> accept) noexcept { accept_ = accept; }

  /// Whether `data` is at least threshold() bytes (never when the threshold is negative).
  bool needs_compression(std::string_view data) const override;
  /// `data` deflated at level() (zlib-wrapped, RFC 1950).
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
