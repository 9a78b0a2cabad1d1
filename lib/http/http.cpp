#include <arango/http.hpp>

#include <arango/client_exceptions.hpp>
#include <arango/result.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <functional>
#include <stdexcept>

namespace arango {
inline namespace v1 {
namespace {
bool iequals(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

/// Whether `part` points into `buffer`.
bool inside(const std::string& buffer, std::string_view part) noexcept {
  return std::less_equal<const char*>()(buffer.data(), part.data()) &&
         std::less<const char*>()(part.data(), buffer.data() + buffer.size());
}
}  // namespace

std::string_view to_string(Method method) noexcept {
  switch (method) {
    case Method::GET: return "GET";
    case Method::POST: return "POST";
    case Method::PUT: return "PUT";
    case Method::PATCH: return "PATCH";
    case Method::DELETE: return "DELETE";
    case Method::HEAD: return "HEAD";
    case Method::OPTIONS: return "OPTIONS";
  }
  return "GET";
}

bool is_idempotent(Method method) noexcept {
  return method == Method::GET || method == Method::HEAD || method == Method::OPTIONS;
}

Headers::Headers(std::initializer_list<value_type> fields) {
  std::size_t bytes = 0;
  for (const auto& [name, value] : fields) bytes += name.size() + value.size();
  reserve(fields.size(), bytes);
  for (const auto& [name, value] : fields) add(name, value);
}

std::optional<std::string_view> Headers::find(std::string_view name) const noexcept {
  for (auto it = begin(), e = end(); it != e; ++it) {
    if (iequals(it.name(), name)) return it.value();
  }
  return std::nullopt;
}

std::vector<std::string_view> Headers::find_all(std::string_view name) const {
  std::vector<std::string_view> out;
  for (auto it = begin(), e = end(); it != e; ++it) {
    if (iequals(it.name(), name)) out.push_back(it.value());
  }
  return out;
}

void Headers::add(std::string_view name, std::string_view value) {
  if (name.size() > UINT32_MAX || value.size() > UINT32_MAX) throw std::length_error("header field too long");
  if (inside(buffer_, name) || inside(buffer_, value)) {
    // Parts of this buffer, which growing it would move: add copies.
    std::string copy_name(name), copy_value(value);
    add(copy_name, copy_value);
    return;
  }
  // One resize and plain copies: four appends cost twice as much (every response adds ~13).
  const auto name_size = static_cast<std::uint32_t>(name.size());
  const auto value_size = static_cast<std::uint32_t>(value.size());
  const std::size_t old_size = buffer_.size();
  buffer_.resize(old_size + kEntryHead + name.size() + 2 + value.size() + 1);
  char* out = buffer_.data() + old_size;
  std::memcpy(out, &name_size, 4);
  std::memcpy(out + 4, &value_size, 4);
  out += kEntryHead;
  if (!name.empty()) std::memcpy(out, name.data(), name.size());
  out += name.size();
  *out++ = ':';
  *out++ = ' ';
  if (!value.empty()) std::memcpy(out, value.data(), value.size());
  out[value.size()] = '\0';
  ++count_;
}

void Headers::set(std::string_view name, std::string_view value) {
  if (inside(buffer_, name) || inside(buffer_, value)) {
    std::string copy_name(name), copy_value(value);  // erase() would move them
    set(copy_name, copy_value);
    return;
  }
  erase(name);
  add(name, value);
}

void Headers::erase(std::string_view name) {
  if (inside(buffer_, name)) {
    erase(std::string(name));
    return;
  }
  // Moves every field that stays down over the ones that go, in place.
  char* out = buffer_.data();
  std::size_t kept = 0;
  for (auto it = begin(), e = end(); it != e;) {
    const char* entry = it.pos_;
    bool drop = iequals(it.name(), name);
    ++it;
    auto size = static_cast<std::size_t>(it.pos_ - entry);
    if (drop) continue;
    if (out != entry) std::memmove(out, entry, size);
    out += size;
    ++kept;
  }
  buffer_.resize(static_cast<std::size_t>(out - buffer_.data()));
  count_ = kept;
}

namespace {
/// RFC 3986 unreserved characters: the bytes a path segment keeps as they are.
constexpr std::array<bool, 256> kUnreserved = [] {
  std::array<bool, 256> t{};
  for (int c = '0'; c <= '9'; ++c) t[std::size_t(c)] = true;
  for (int c = 'A'; c <= 'Z'; ++c) t[std::size_t(c)] = true;
  for (int c = 'a'; c <= 'z'; ++c) t[std::size_t(c)] = true;
  for (char c : {'-', '_', '.', '~'}) t[static_cast<unsigned char>(c)] = true;
  return t;
}();
}  // namespace

namespace detail {
void append_path_segment(std::string& out, std::string_view segment) {
  static constexpr char hex[] = "0123456789ABCDEF";
  const char* p = segment.data();
  const char* const end = p + segment.size();
  while (p != end) {
    // The run of bytes that stay as they are, copied whole; then one encoded byte.
    const char* run = p;
    while (p != end && kUnreserved[static_cast<unsigned char>(*p)]) ++p;
    out.append(run, std::size_t(p - run));
    if (p == end) break;
    const auto u = static_cast<unsigned char>(*p++);
    const char encoded[3] = {'%', hex[u >> 4], hex[u & 0xF]};
    out.append(encoded, 3);
  }
}
}  // namespace detail

std::string encode_path_segment(std::string_view segment) {
  std::string out;
  out.reserve(segment.size());
  detail::append_path_segment(out, segment);
  return out;
}

void HTTPClient::schedule(std::chrono::milliseconds, Completion done) {
  done(make_error<UnsupportedTimerError>("this HTTPClient has no timers: override HTTPClient::schedule()"));
}

}  // namespace v1
}  // namespace arango
