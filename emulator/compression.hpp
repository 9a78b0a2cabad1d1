// HTTP body (de)compression with zlib, as arangod 3.12 does it
// (lib/Basics/EncodingUtils): "deflate" is the zlib format (RFC 1950),
// "gzip" the gzip format (RFC 1952).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace emu {

enum class BodyEncoding { Deflate, Gzip };

// "deflate" / "gzip" exactly (arangod compares the header value as is).
std::optional<BodyEncoding> parse_body_encoding(std::string_view value) noexcept;
std::string_view to_string(BodyEncoding e) noexcept;

// Decompresses `in`; nullopt for corrupt or truncated data, or more than
// 512 MiB uncompressed (arangod's limit). Empty input gives empty output.
std::optional<std::string> decompress_body(std::string_view in, BodyEncoding e);
// Compresses `in` at zlib's default level.
std::string compress_body(std::string_view in, BodyEncoding e);

}  // namespace emu
