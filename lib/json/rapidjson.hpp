// The one way the library includes RapidJSON: misuse of a writer throws instead of aborting.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <stdexcept>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace arango::inline v1::detail {
struct RapidJsonAssertion : std::logic_error {
  using std::logic_error::logic_error;
};
/// Throws RapidJsonAssertion. Out of line and cold, so that RapidJSON's checks (one per byte
/// pushed onto a buffer) stay a compare and a branch, and its small functions still inline.
[[noreturn, gnu::cold]] void rapidjson_assertion_failed(const char* what);
}  // namespace arango::detail

#ifndef RAPIDJSON_ASSERT
#define RAPIDJSON_ASSERT(x) \
  (__builtin_expect(static_cast<bool>(x), 1) ? static_cast<void>(0) \
                                             : ::arango::detail::rapidjson_assertion_failed("JSON writer misuse: " #x))
#endif
#define RAPIDJSON_HAS_STDSTRING 1
// SSE2 (part of every x86-64) lets the reader skip whitespace and copy strings 16 bytes at a
// time. Those loads may read past the end of the text within its aligned 16-byte block, which
// AddressSanitizer and ThreadSanitizer report, so sanitizer builds parse byte by byte (GCC
// defines __SANITIZE_ADDRESS__ / __SANITIZE_THREAD__; clang before 16 says so only through
// __has_feature).
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define ARANGO_RAPIDJSON_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define ARANGO_RAPIDJSON_ASAN 1
#endif
#endif
#if defined(__SSE2__) && !defined(ARANGO_RAPIDJSON_ASAN) && !defined(RAPIDJSON_SSE2)
#define RAPIDJSON_SSE2
#endif

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace arango::inline v1::detail {
/// Numbers as text: the Guard (guard.hpp) converts them; every parse goes through one.
inline constexpr unsigned kParseFlags = rapidjson::kParseNumbersAsStringsFlag;

/// A RapidJSON reader for one parse. A new reader allocates its stack (where it copies strings
/// and the digits of every number) at the first push of each parse: an allocation per parse of
/// even a small body. This lends the thread's own reader
/// instead, whose stack stays allocated from one parse to the next; a parse inside a parse (a
/// handler that parses) or of a text over kMaxSize bytes gets a new reader, so the memory a
/// thread keeps stays small.
class ReaderLease {
 public:
  static constexpr std::size_t kMaxSize = 16 << 10;
  explicit ReaderLease(std::size_t text_size) {
    Pooled& pooled = thread_pooled();
    if (!pooled.busy && text_size <= kMaxSize) {
      pooled.busy = true;
      pooled_ = &pooled;
    } else {
      own_.emplace(&allocator(), 256);
    }
  }
  ReaderLease(const ReaderLease&) = delete;
  ReaderLease& operator=(const ReaderLease&) = delete;
  ~ReaderLease() {
    if (pooled_) pooled_->busy = false;
  }
  rapidjson::Reader& operator*() noexcept { return pooled_ ? pooled_->reader : *own_; }
  rapidjson::Reader* operator->() noexcept { return &**this; }

 private:
  static rapidjson::CrtAllocator& allocator() noexcept {
    static rapidjson::CrtAllocator crt;  // stateless: one for every reader
    return crt;
  }
  struct Pooled {
    rapidjson::Reader reader{&allocator(), 256};
    bool busy = false;
  };
  static Pooled& thread_pooled() {
    thread_local Pooled pooled;
    return pooled;
  }
  Pooled* pooled_ = nullptr;
  std::optional<rapidjson::Reader> own_;
};

/// The bytes a JSON string cannot hold as they are: the quote, the backslash and the control
/// characters (NUL among them, which also ends a std::string's text). Bytes of 0x80 and above
/// are UTF-8, passed through unvalidated as RapidJSON does by default.
inline constexpr std::array<bool, 256> kJsonStringStops = [] {
  std::array<bool, 256> stops{};
  for (int c = 0; c < 0x20; ++c) stops[static_cast<std::size_t>(c)] = true;
  stops['"'] = stops['\\'] = true;
  return stops;
}();

/// The first byte of [p, end) that kJsonStringStops holds, or `end`. Sixteen bytes at a time
/// where SSE2 is there (every x86-64), then byte by byte; every load stays inside [p, end).
inline const char* find_json_string_stop(const char* p, const char* end) noexcept {
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i last_control = _mm_set1_epi8(0x1F);
  for (; end - p >= 16; p += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    // v <= 0x1F unsigned: the minimum of the two is v itself.
    const __m128i control = _mm_cmpeq_epi8(_mm_min_epu8(v, last_control), v);
    const __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)), control);
    if (const int mask = _mm_movemask_epi8(hit)) return p + __builtin_ctz(static_cast<unsigned>(mask));
  }
#endif
  while (p != end && !kJsonStringStops[static_cast<unsigned char>(*p)]) ++p;
  return p;
}

inline const rapidjson::Value* rj(const JsonNode* node) noexcept {
  return reinterpret_cast<const rapidjson::Value*>(node);
}
inline const JsonNode* node_of(const rapidjson::Value* value) noexcept {
  return reinterpret_cast<const JsonNode*>(value);
}
}  // namespace arango::detail
