// Foxx service bundles: the parsing of client bytes behind /_api/foxx (handlers_foxx.cpp),
// apart from the handlers so that a fuzz target (fuzz/fuzz_foxx.cpp) reaches it without a server.
//
// * read_zip: a zip bundle (bytes in memory, libzip) to its files, bounded: entry count, declared
//   and actually read sizes per file and in total (zip bombs), no absolute names and no ".."
//   components (path traversal).
// * write_zip: files to a zip (the download of a service).
// * parse_multipart: a multipart/form-data body (boundary, part count, header size bounded).
// * extract_service: the files of a bundle below its manifest (the manifest with the shortest
//   path, as arangod's extractServiceBundle), and validate_manifest: manifest.json through the
//   emulator's bounded JSON parser, checked and completed with the defaults arangod's manifest
//   schema adds.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>

namespace emu::foxx {

struct ZipLimits {
  std::size_t max_bundle = 64ULL << 20;          // compressed bytes
  std::size_t max_entries = 4096;
  std::uint64_t max_file = 32ULL << 20;          // uncompressed bytes of one file
  std::uint64_t max_total = 128ULL << 20;        // uncompressed bytes of all files
};

// File name (relative, '/'-separated) to contents, sorted by name.
using Files = std::map<std::string, std::string>;

struct ZipResult {
  bool ok = false;
  std::string error;  // why not (after "error resolving source\n" in the answer)
  Files files;
};

// True when the bytes start as a zip file does (arangod's isZipBuffer: "PK" and 3/4, 5/6 or 7/8).
bool is_zip(std::string_view bytes) noexcept;
ZipResult read_zip(std::string_view bytes, ZipLimits const& limits = {});
// A zip of `files` (deflated); nullopt if libzip fails.
std::optional<std::string> write_zip(Files const& files);

struct MultipartPart {
  std::string name;                     // Content-Disposition name
  std::optional<std::string> filename;  // Content-Disposition filename, if any
  std::string content_type;
  std::string data;
};
struct MultipartLimits {
  std::size_t max_parts = 16;
  std::size_t max_header_bytes = 8192;  // one part's header block
};
struct MultipartResult {
  bool ok = false;
  std::string error;
  std::vector<MultipartPart> parts;
};
// `content_type` is the request's Content-Type header (its boundary parameter is used).
MultipartResult parse_multipart(std::string_view content_type, std::string_view body,
                                MultipartLimits const& limits = {});

// The files of the service in a bundle: those below the directory of the shortest manifest.json.
struct ExtractResult {
  bool ok = false;
  Files files;      // relative to the service's directory
  std::string manifest_dir;  // the directory in the bundle ("" for the root)
};
ExtractResult extract_service(Files const& bundle_files);

struct ManifestResult {
  int error = 0;            // 0, 3000 (unparsable) or 3001 (invalid)
  std::string detail;       // for the message
  std::shared_ptr<rapidjson::Document> manifest;  // completed with the schema's defaults
};
ManifestResult validate_manifest(std::string_view text);

// The configuration types of a manifest's options (manager-utils parameterTypes).
bool is_config_type(std::string_view type) noexcept;
// Checks and converts a configuration value for a type (joi's conversions: "5" for an integer
// is 5, "true" for a boolean true, a string for json its parsed value): the parsed value's JSON
// text, or nullopt and `warning` (joi's message without its "value" subject) when invalid.
std::optional<std::string> check_config_value(std::string_view type, rapidjson::Value const& value,
                                              std::string& warning);

// manager-utils getReadableName: "fooBar_baz" -> "Foo Bar Baz".
std::string readable_name(std::string_view name);

// The legacy check of FoxxService: engines.arangodb a range entirely below 3.0.0.
bool is_legacy_range(std::string_view range);

// Adler-32 of bytes as lowercase hex without leading zeros (FoxxService._checksumPath: the
// checksum of a bundle, fs.adler32(bundle).toString(16)).
std::string checksum(std::string_view bytes);

}  // namespace emu::foxx
