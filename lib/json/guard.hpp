// What every JSON parse in the library checks beyond the grammar (RapidJSON's reader): bytes
// from a server are bounded and must mean one thing. A Guard wraps the handler a parse feeds
// (a Document, the JsonHandler adapter, the library's own scanners) and refuses
//  - nesting deeper than kMaxJsonDepth: RapidJSON's reader recurses once per level, so an
//    unbounded depth would end in a stack overflow;
//  - strings and keys that are not UTF-8 (when validation is on, the default): raw bytes, and
//    escapes that decode to a lone surrogate (\udc00), which RapidJSON lets through;
//  - a key given twice in one object: a DOM would find the first, a SAX decoder keep the last,
//    so the body has no one meaning. arangod's velocypack can store such an object but
//    arangod never writes one; the library refuses it rather than pick;
//  - a number beyond a double's range (over DBL_MAX; one under the smallest subnormal reads as
//    zero, as strtod rounds it).
// Numbers reach the Guard as text (kParseNumbersAsStringsFlag: the reader checks the grammar
// only) and the Guard gives its handler the event RapidJSON's own reader would give (Int, Uint,
// Int64, Uint64 for integers in those ranges, else Double), with the correctly rounded value
// std::from_chars reads. RapidJSON 1.1.0's own full-precision conversion misreads some numbers
// (all-zero digits with an exponent, "0e300"; digits that begin 184467440737095516155; more than
// one digit beyond DBL_MAX, "10e308") through undefined behaviour in its DiyFp code.
// Each check failing stops the parse (the handler returns false); `failure()` says why.
#pragma once

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <vector>

#include "rapidjson.hpp"

namespace arango::inline v1::detail {

/// Deeper than any answer of a real server (velocypack's nesting limit is below 200).
inline constexpr int kMaxJsonDepth = 512;

/// set_json_utf8_validation's switch (process-wide).
inline std::atomic<bool> json_utf8_validation{true};

/// Whether [p, p + n) is UTF-8 as RFC 3629 defines it (no overlong forms, no surrogates, nothing
/// past U+10FFFF). Eight ASCII bytes at a time; RapidJSON's own decoder for the rest.
inline bool valid_utf8(const char* p, std::size_t n) noexcept {
  const char* const end = p + n;
  for (;;) {
    while (end - p >= 8) {
      std::uint64_t word;
      std::memcpy(&word, p, 8);
      if (word & 0x8080808080808080ull) break;
      p += 8;
    }
    while (p != end && static_cast<unsigned char>(*p) < 0x80) ++p;
    if (p == end) return true;
    struct Bytes {  // RapidJSON's input stream concept over [p, end); past the end reads as NUL
      using Ch = char;
      const char* p;
      const char* end;
      Ch Peek() const { return p == end ? '\0' : *p; }
      Ch Take() { return p == end ? '\0' : *p++; }
      std::size_t Tell() const { return 0; }
    } bytes{p, end};
    unsigned codepoint = 0;
    if (!rapidjson::UTF8<>::Decode(bytes, &codepoint)) return false;
    p = bytes.p;
  }
}

/// For a number std::from_chars found out of a double's range: whether it is too large (rather
/// than too small). [p, end) is a JSON number; the decimal exponent of its first significant
/// digit decides (from_chars fails only beyond 1e308 or below 1e-323).
inline bool number_overflows(const char* p, const char* end) noexcept {
  if (p != end && *p == '-') ++p;
  long long magnitude = 0;
  bool significant = false;
  while (p != end && *p >= '0' && *p <= '9') {  // the integer part
    if (significant) {
      ++magnitude;
    } else if (*p != '0') {
      significant = true;
    }
    ++p;
  }
  if (p != end && *p == '.') {
    for (++p; p != end && *p >= '0' && *p <= '9'; ++p) {
      if (!significant) {
        --magnitude;
        significant = *p != '0';
      }
    }
  }
  long long exponent = 0;
  if (p != end && (*p == 'e' || *p == 'E')) {
    ++p;
    const bool negative = p != end && *p == '-';
    if (p != end && (*p == '-' || *p == '+')) ++p;
    for (; p != end && *p >= '0' && *p <= '9'; ++p) {
      if (exponent < 1'000'000'000) exponent = exponent * 10 + (*p - '0');
    }
    if (negative) exponent = -exponent;
  }
  return magnitude + exponent > 0;
}

enum class JsonGuardFailure { none, too_deep, invalid_utf8, duplicate_key, number_too_big };

/// `Inner`: a RapidJSON handler. `StableKeys`: a key's characters stay where the reader handed
/// them until the parse ends (in-situ parsing), so keys are compared in place; otherwise they
/// are copied.
template <class Inner, bool StableKeys>
class Guard {
 public:
  explicit Guard(Inner& inner, bool validate_utf8 = json_utf8_validation.load(std::memory_order_relaxed))
      : inner_(inner), validate_(validate_utf8) {}

  JsonGuardFailure failure() const noexcept { return failure_; }
  /// The key given twice (duplicate_key).
  const std::string& duplicate() const noexcept { return duplicate_; }

  bool Null() { return inner_.Null(); }
  bool Bool(bool b) { return inner_.Bool(b); }
  bool Int(int i) { return inner_.Int(i); }
  bool Uint(unsigned u) { return inner_.Uint(u); }
  bool Int64(std::int64_t i) { return inner_.Int64(i); }
  bool Uint64(std::uint64_t u) { return inner_.Uint64(u); }
  bool Double(double d) { return inner_.Double(d); }
  bool RawNumber(const char* s, rapidjson::SizeType n, bool) { return number(s, s + n); }
  bool String(const char* s, rapidjson::SizeType n, bool copy) {
    if (validate_ && !valid_utf8(s, n)) return fail(JsonGuardFailure::invalid_utf8);
    return inner_.String(s, n, copy);
  }
  bool StartObject() {
    if (++depth_ > kMaxJsonDepth) return fail(JsonGuardFailure::too_deep);
    push_start(count_);
    return inner_.StartObject();
  }
  bool Key(const char* s, rapidjson::SizeType n, bool copy) {
    if (validate_ && !valid_utf8(s, n)) return fail(JsonGuardFailure::invalid_utf8);
    std::string_view key(s, n);
    const std::size_t first = start_back();
    // Small objects (nearly all) are checked key by key; a large one once at its end, sorted,
    // so that no object costs more than n log n.
    if (count_ - first < kScanLimit) {
      for (std::size_t i = first; i < count_; ++i) {
        if (key_at(i) == key) return duplicate_key(key);
      }
    }
    push_key(key);
    return inner_.Key(s, n, copy);
  }
  bool EndObject(rapidjson::SizeType members) {
    const std::size_t first = start_back();
    if (count_ - first > kScanLimit) {
      sorted_.clear();
      for (std::size_t i = first; i < count_; ++i) sorted_.push_back(key_at(i));
      std::sort(sorted_.begin(), sorted_.end());
      auto twin = std::adjacent_find(sorted_.begin(), sorted_.end());
      if (twin != sorted_.end()) return duplicate_key(*twin);
    }
    count_ = first;
    pop_start();
    --depth_;
    return inner_.EndObject(members);
  }
  bool StartArray() {
    if (++depth_ > kMaxJsonDepth) return fail(JsonGuardFailure::too_deep);
    return inner_.StartArray();
  }
  bool EndArray(rapidjson::SizeType elements) {
    --depth_;
    return inner_.EndArray(elements);
  }

 private:
  static constexpr std::size_t kScanLimit = 16;

  /// [p, end): a number the reader found grammatical (-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?).
  bool number(const char* p, const char* end) {
    const char* digits = p + (*p == '-');
    std::uint64_t value = 0;
    const char* q = digits;
    bool integer = true;
    for (; q != end; ++q) {
      const unsigned digit = static_cast<unsigned>(*q - '0');
      if (digit > 9 || value > (UINT64_MAX - digit) / 10) {
        integer = false;
        break;
      }
      value = value * 10 + digit;
    }
    if (integer) {  // the ranges RapidJSON's reader gives each event for
      if (digits == p) {
        return value <= UINT32_MAX ? inner_.Uint(static_cast<unsigned>(value)) : inner_.Uint64(value);
      }
      if (value <= std::uint64_t{1} << 31) return inner_.Int(static_cast<int>(0 - static_cast<std::int64_t>(value)));
      if (value <= std::uint64_t{1} << 63) return inner_.Int64(static_cast<std::int64_t>(~value + 1));
    }
    double d = 0;
    const std::from_chars_result read = std::from_chars(p, end, d);
    if (read.ec == std::errc::result_out_of_range) {
      if (number_overflows(p, end)) return fail(JsonGuardFailure::number_too_big);
      d = digits == p ? 0.0 : -0.0;
    } else if (read.ec != std::errc() || read.ptr != end) {
      return fail(JsonGuardFailure::number_too_big);  // not reached: the reader checked the grammar
    }
    return inner_.Double(d);
  }

  bool fail(JsonGuardFailure f) {
    failure_ = f;
    return false;
  }
  bool duplicate_key(std::string_view key) {
    duplicate_.assign(key.substr(0, 200));
    return fail(JsonGuardFailure::duplicate_key);
  }
  // The keys of the open objects and where each object's keys start: the first kInline of each
  // in the Guard itself, the rest in vectors, so that a parse of a typical answer (a few
  // objects, a few keys each, little nesting) allocates nothing here.
  std::string_view key_at(std::size_t i) const noexcept {
    return i < kInline ? std::string_view(inline_keys_[i]) : std::string_view(keys_[i - kInline]);
  }
  void push_key(std::string_view key) {
    if (count_ < kInline) {
      inline_keys_[count_++] = key;  // a copied key reuses the slot's capacity from earlier objects
      return;
    }
    if (count_ - kInline == keys_.size()) keys_.emplace_back();
    keys_[count_++ - kInline] = key;
  }
  void push_start(std::size_t first) {
    if (open_ < kInline) {
      inline_starts_[open_] = first;
    } else {
      starts_.push_back(first);
    }
    ++open_;
  }
  std::size_t start_back() const noexcept { return open_ <= kInline ? inline_starts_[open_ - 1] : starts_.back(); }
  void pop_start() noexcept {
    if (open_ > kInline) starts_.pop_back();
    --open_;
  }

  Inner& inner_;
  bool validate_;
  int depth_ = 0;
  JsonGuardFailure failure_ = JsonGuardFailure::none;
  std::string duplicate_;
  using KeyText = std::conditional_t<StableKeys, std::string_view, std::string>;
  static constexpr std::size_t kInline = 32;
  std::array<KeyText, kInline> inline_keys_{};
  std::vector<KeyText> keys_;                    // keys past the first kInline
  std::size_t count_ = 0;                        // keys in use: those of the objects open now
  std::array<std::size_t, kInline> inline_starts_{};  // per open object: its first key's index
  std::vector<std::size_t> starts_;              // past the first kInline open objects
  std::size_t open_ = 0;                         // objects open now
  std::vector<std::string_view> sorted_;
};

/// The message of a parse a Guard stopped; empty when it did not stop it.
template <class G>
std::string guard_message(const G& guard, std::size_t offset) {
  if (guard.failure() == JsonGuardFailure::none) return {};
  const std::string at = " (at offset " + std::to_string(offset) + ")";
  switch (guard.failure()) {
    case JsonGuardFailure::none: return {};
    case JsonGuardFailure::too_deep:
      return "invalid JSON: nested deeper than " + std::to_string(kMaxJsonDepth) + " levels" + at;
    case JsonGuardFailure::invalid_utf8: return "invalid JSON: a string is not valid UTF-8" + at;
    case JsonGuardFailure::number_too_big: return "invalid JSON: a number is too big to be stored in a double" + at;
    case JsonGuardFailure::duplicate_key:
      return "invalid JSON: the key \"" + guard.duplicate() + "\" appears twice in one object" + at;
  }
  return {};
}

}  // namespace arango::detail
