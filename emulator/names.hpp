// Name rules of ArangoDB 3.12 (extended naming conventions, the default
// since 3.12: --database.extended-names=true).
#pragma once

#include <cstddef>
#include <string_view>

namespace emu {

inline constexpr std::size_t kMaxExtendedNameLength = 128;  // bytes

bool is_valid_utf8(std::string_view s) noexcept;

// DatabaseNameValidator::isAllowedName(allowSystem, extendedNames=true, name):
// 1..128 bytes of valid UTF-8, no '/', no ':', no control characters (< 32),
// must not start with a digit, '.', ' ' or '_' (unless allow_system), must
// not end with ' '.
bool is_allowed_database_name(std::string_view name, bool allow_system) noexcept;

// Same rules for collection names (':' is allowed there).
bool is_allowed_collection_name(std::string_view name, bool allow_system) noexcept;

// arangod rejects names that are not NFC-normalised. A full Unicode
// normaliser is out of scope; this detects the common non-NFC forms: an ASCII
// letter followed by a combining diacritical mark (U+0300..U+0328) that has a
// precomposed form, and the singletons U+212A, U+212B, U+2126, U+0340,
// U+0341, U+0343, U+0344. Returns true when no such sequence is present.
bool looks_nfc_normalized(std::string_view utf8) noexcept;

}  // namespace emu
