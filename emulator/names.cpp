#include "names.hpp"

#include <cstdint>

namespace emu {
namespace {

// Decodes one code point at s[i]; returns its length or 0 on invalid input.
std::size_t decode_utf8(std::string_view s, std::size_t i, std::uint32_t& cp) noexcept {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  std::size_t len;
  std::uint32_t min;
  if (c < 0x80) {
    cp = c;
    return 1;
  } else if ((c & 0xe0) == 0xc0) {
    len = 2;
    cp = c & 0x1f;
    min = 0x80;
  } else if ((c & 0xf0) == 0xe0) {
    len = 3;
    cp = c & 0x0f;
    min = 0x800;
  } else if ((c & 0xf8) == 0xf0) {
    len = 4;
    cp = c & 0x07;
    min = 0x10000;
  } else {
    return 0;
  }
  if (i + len > s.size()) {
    return 0;
  }
  for (std::size_t k = 1; k < len; ++k) {
    unsigned char cc = byte(i + k);
    if ((cc & 0xc0) != 0x80) {
      return 0;
    }
    cp = (cp << 6) | (cc & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
    return 0;
  }
  return len;
}

bool is_ascii_letter(std::uint32_t cp) noexcept {
  return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
}

bool common_extended_rules(std::string_view name, bool allow_system, bool allow_colon) noexcept {
  if (name.empty() || name.size() > kMaxExtendedNameLength) {
    return false;
  }
  for (char ch : name) {
    auto c = static_cast<unsigned char>(ch);
    if (c == '/' || (c == ':' && !allow_colon) || c < 32U) {
      return false;
    }
  }
  char first = name.front();
  if (first >= '0' && first <= '9') return false;
  if (first == '_' && !allow_system) return false;
  if (first == '.' || first == ' ') return false;
  if (name.back() == ' ') return false;
  return is_valid_utf8(name);
}

}  // namespace

bool is_valid_utf8(std::string_view s) noexcept {
  std::size_t i = 0;
  while (i < s.size()) {
    std::uint32_t cp = 0;
    std::size_t len = decode_utf8(s, i, cp);
    if (len == 0) {
      return false;
    }
    i += len;
  }
  return true;
}

bool is_allowed_database_name(std::string_view name, bool allow_system) noexcept {
  return common_extended_rules(name, allow_system, /*allow_colon*/ false);
}

bool is_allowed_collection_name(std::string_view name, bool allow_system) noexcept {
  return common_extended_rules(name, allow_system, /*allow_colon*/ true);
}

bool looks_nfc_normalized(std::string_view utf8) noexcept {
  std::uint32_t prev = 0;
  std::size_t i = 0;
  while (i < utf8.size()) {
    std::uint32_t cp = 0;
    std::size_t len = decode_utf8(utf8, i, cp);
    if (len == 0) {
      return true;  // invalid UTF-8 is reported elsewhere
    }
    if (cp == 0x212a || cp == 0x212b || cp == 0x2126 || cp == 0x0340 || cp == 0x0341 ||
        cp == 0x0343 || cp == 0x0344) {
      return false;
    }
    if (cp >= 0x0300 && cp <= 0x0328 && is_ascii_letter(prev)) {
      return false;
    }
    prev = cp;
    i += len;
  }
  return true;
}

}  // namespace emu
