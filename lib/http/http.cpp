#include <arango/http.hpp>

#include <arango/client_exceptions.hpp>
#include <arango/result.hpp>

#include <algorithm>
#include <cctype>

namespace arango {
inline namespace v1 {
namespace {
bool iequals(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
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

std::optional<std::string_view> Headers::find(std::string_view name) const noexcept {
  for (const auto& [k, v] : fields_) {
    if (iequals(k, name)) return std::string_view(v);
  }
  return std::nullopt;
}

std::vector<std::string_view> Headers::find_all(std::string_view name) const {
  std::vector<std::string_view> out;
  for (const auto& [k, v] : fields_) {
    if (iequals(k, name)) out.emplace_back(v);
  }
  return out;
}

void Headers::set(std::string name, std::string value) {
  erase(name);
  fields_.emplace_back(std::move(name), std::move(value));
}

void Headers::erase(std::string_view name) {
  fields_.erase(std::remove_if(fields_.begin(), fields_.end(),
                               [&](const value_type& f) { return iequals(f.first, name); }),
                fields_.end());
}

std::string encode_path_segment(std::string_view segment) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(segment.size());
  for (char c : segment) {
    auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += hex[u >> 4];
      out += hex[u & 0xF];
    }
  }
  return out;
}

void HTTPClient::schedule(std::chrono::milliseconds, Completion done) {
  done(make_error<UnsupportedTimerError>("this HTTPClient has no timers: override HTTPClient::schedule()"));
}

}  // namespace v1
}  // namespace arango
