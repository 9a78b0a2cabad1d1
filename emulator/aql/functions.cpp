#include "aql/functions.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include <openssl/evp.h>

#include "aql/dates.hpp"
#include "aql/error.hpp"
#include "aql/eval.hpp"
#include "aql/geo.hpp"
#include "aql/regex.hpp"
#include "aql/search.hpp"
#include "aql/text_analyzer.hpp"
#include "aql/vector.hpp"
#include "search/analyzers.hpp"
#include "store.hpp"

namespace emu::aql {

namespace {

using V = Value;

void type_warning(Evaluator& ev, std::string_view name) {
  ev.warn(1542, "invalid argument type in call to function '" + std::string(name) + "()'");
}

Value const& arg(Args const& a, std::size_t i) {
  static Value const null;
  return i < a.size() ? a[i] : null;
}

// A client's number where an integer is needed (see saturating_int64).
std::int64_t int_arg(Value const& v) { return saturating_int64(v.to_number()); }

std::mt19937_64& rng() {
  thread_local std::mt19937_64 gen{std::random_device{}()};
  return gen;
}

std::string lower_ascii(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Unicode-aware-ish case mapping (ASCII + Latin-1 + Greek/Cyrillic basics).
std::string case_map(std::string_view s, bool up) {
  std::string out;
  for (auto cp : utf8_decode(s)) {
    if (up) {
      if (cp >= 'a' && cp <= 'z') cp -= 32;
      else if ((cp >= 0xE0 && cp <= 0xFE && cp != 0xF7)) cp -= 32;
      else if (cp >= 0x3B1 && cp <= 0x3C9 && cp != 0x3C2) cp -= 32;
      else if (cp >= 0x430 && cp <= 0x44F) cp -= 32;
      else if (cp >= 0x450 && cp <= 0x45F) cp -= 80;
    } else {
      if (cp >= 'A' && cp <= 'Z') cp += 32;
      else if ((cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)) cp += 32;
      else if (cp >= 0x391 && cp <= 0x3A9) cp += 32;
      else if (cp >= 0x410 && cp <= 0x42F) cp += 32;
      else if (cp >= 0x400 && cp <= 0x40F) cp += 80;
    }
    utf8_append(out, cp);
  }
  return out;
}

std::string substr_chars(std::string_view s, std::int64_t start, std::int64_t len) {
  auto cps = utf8_decode(s);
  auto n = static_cast<std::int64_t>(cps.size());
  if (start < 0) start = std::max<std::int64_t>(0, n + start);
  if (start > n) start = n;
  if (len < 0) len = std::max<std::int64_t>(0, n - start + len);
  std::int64_t end = std::min(n, start + len);
  std::string out;
  for (std::int64_t i = start; i < end; ++i) utf8_append(out, cps[static_cast<std::size_t>(i)]);
  return out;
}

// AQL's string value of a value in string functions (TO_STRING).
std::string sv(Value const& v) { return v.to_string(); }

std::string hex_upper(std::uint64_t v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%llX", static_cast<unsigned long long>(v));
  return buf;
}

std::string digest(char const* algo, std::string const& data) {
  EVP_MD const* md = EVP_get_digestbyname(algo);
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(ctx, md, nullptr);
  EVP_DigestUpdate(ctx, data.data(), data.size());
  EVP_DigestFinal_ex(ctx, out, &len);
  EVP_MD_CTX_free(ctx);
  std::string hex;
  char buf[3];
  for (unsigned i = 0; i < len; ++i) {
    std::snprintf(buf, sizeof buf, "%02x", out[i]);
    hex += buf;
  }
  return hex;
}

std::uint32_t crc32c(std::string const& s) {
  std::uint32_t crc = 0xFFFFFFFFu;
  for (unsigned char c : s) {
    crc ^= c;
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0x82F63B78u & (0u - (crc & 1u)));
  }
  return ~crc;
}

}  // namespace

// LIKE pattern -> matcher (% and _ wildcards, backslash escapes)
bool like_match(std::string_view text, std::string_view pattern, bool ci) {
  auto t = utf8_decode(ci ? case_map(text, false) : std::string(text));
  auto p = utf8_decode(ci ? case_map(pattern, false) : std::string(pattern));
  // tokens: -1 = %, -2 = _, otherwise literal
  std::vector<std::int64_t> tok;
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (p[i] == '\\' && i + 1 < p.size()) {
      tok.push_back(p[++i]);
    } else if (p[i] == '%') {
      tok.push_back(-1);
    } else if (p[i] == '_') {
      tok.push_back(-2);
    } else {
      tok.push_back(p[i]);
    }
  }
  std::size_t ti = 0, pi = 0, star = std::string::npos, mark = 0;
  while (ti < t.size()) {
    if (pi < tok.size() && (tok[pi] == -2 || (tok[pi] >= 0 && static_cast<std::uint32_t>(tok[pi]) == t[ti]))) {
      ++ti;
      ++pi;
    } else if (pi < tok.size() && tok[pi] == -1) {
      star = pi++;
      mark = ti;
    } else if (star != std::string::npos) {
      pi = star + 1;
      ti = ++mark;
    } else {
      return false;
    }
  }
  while (pi < tok.size() && tok[pi] == -1) ++pi;
  return pi == tok.size();
}

namespace {

Value num_or_null(double d) { return Value::number(d); }

// integral doubles stay integers in the output (same JSON), keep as number
Value num(double d) {
  if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9007199254740992.0) {
    return Value::integer(static_cast<std::int64_t>(d));
  }
  return Value::number(d);
}

std::vector<Value> numbers_of(Evaluator& ev, std::string_view name, Value const& a, bool& ok) {
  std::vector<Value> out;
  ok = true;
  if (!a.is_array()) {
    type_warning(ev, name);
    ok = false;
    return out;
  }
  for (auto const& e : a.arr()) {
    if (e.is_null()) continue;
    if (!e.is_number()) {
      type_warning(ev, name);
      ok = false;
      return {};
    }
    out.push_back(e);
  }
  return out;
}

// ---------------------------------------------------------------------------
// type checks / casts
// ---------------------------------------------------------------------------

V f_is_null(Evaluator&, std::string_view, Args& a) { return V::boolean(arg(a, 0).is_null()); }
V f_is_bool(Evaluator&, std::string_view, Args& a) { return V::boolean(arg(a, 0).is_bool()); }
V f_is_number(Evaluator&, std::string_view, Args& a) { return V::boolean(arg(a, 0).is_number()); }
V f_is_string(Evaluator&, std::string_view, Args& a) { return V::boolean(arg(a, 0).is_string()); }
V f_is_array(Evaluator&, std::string_view, Args& a) { return V::boolean(arg(a, 0).is_array()); }
V f_is_object(Evaluator&, std::string_view, Args& a) { return V::boolean(arg(a, 0).is_object()); }
V f_is_datestring(Evaluator&, std::string_view, Args& a) {
  auto const& v = arg(a, 0);
  return V::boolean(v.is_string() && dates::parse_iso(v.str()).has_value());
}
bool is_key(std::string const& k) {
  if (k.empty() || k.size() > 254) return false;
  for (unsigned char c : k) {
    bool ok = std::isalnum(c) || std::strchr("_-:.@()+,=;$!*'%", c) != nullptr;
    if (!ok || c == 0) return false;
  }
  return true;
}
V f_is_key(Evaluator&, std::string_view, Args& a) {
  auto const& v = arg(a, 0);
  return V::boolean(v.is_string() && is_key(v.str()));
}
bool parse_ipv4(std::string const& s, std::uint32_t& out) {
  int parts = 0;
  std::uint32_t v = 0;
  std::size_t i = 0;
  while (parts < 4) {
    if (i >= s.size() || !std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    std::size_t j = i;
    unsigned n = 0;
    while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) {
      n = n * 10 + static_cast<unsigned>(s[j] - '0');
      ++j;
      if (j - i > 3) return false;
    }
    if (j - i > 1 && s[i] == '0') return false;
    if (n > 255) return false;
    v = (v << 8) | n;
    ++parts;
    i = j;
    if (parts < 4) {
      if (i >= s.size() || s[i] != '.') return false;
      ++i;
    }
  }
  if (i != s.size()) return false;
  out = v;
  return true;
}
V f_is_ipv4(Evaluator&, std::string_view, Args& a) {
  std::uint32_t v;
  return V::boolean(arg(a, 0).is_string() && parse_ipv4(arg(a, 0).str(), v));
}
V f_typename(Evaluator&, std::string_view, Args& a) {
  switch (arg(a, 0).type()) {
    case V::Type::Null: return V::string("null");
    case V::Type::Bool: return V::string("bool");
    case V::Type::Int: case V::Type::Double: return V::string("number");
    case V::Type::String: return V::string("string");
    case V::Type::Array: return V::string("array");
    case V::Type::Object: return V::string("object");
  }
  return V::string("null");
}
V f_to_number(Evaluator&, std::string_view, Args& a) {
  auto const& v = arg(a, 0);
  if (v.is_number()) return v;
  return num(v.to_number());
}
V f_to_string(Evaluator&, std::string_view, Args& a) { return V::string(arg(a, 0).to_string()); }
V f_to_bool(Evaluator&, std::string_view, Args& a) { return V::boolean(arg(a, 0).to_bool()); }
V f_to_array(Evaluator&, std::string_view, Args& a) { return arg(a, 0).to_array(); }

// ---------------------------------------------------------------------------
// strings
// ---------------------------------------------------------------------------

void append_concat(StringResult& out, Value const& v) {
  if (v.is_null()) return;
  out.append(v.is_string() ? v.str() : v.to_string());
}

V f_concat(Evaluator& ev, std::string_view, Args& a) {
  StringResult out(ev);
  if (a.size() == 1 && a[0].is_array()) {
    for (auto const& e : a[0].arr()) append_concat(out, e);
  } else {
    for (auto const& e : a) append_concat(out, e);
  }
  return out.value();
}

// The separator once per member: a long separator over many members is a product.
V f_concat_separator(Evaluator& ev, std::string_view, Args& a) {
  std::string sep = sv(arg(a, 0));
  StringResult out(ev);
  bool first = true;
  auto add = [&](Value const& v) {
    if (v.is_null()) return;
    if (!first) out.append(sep);
    first = false;
    append_concat(out, v);
  };
  if (a.size() == 2 && a[1].is_array()) {
    for (auto const& e : a[1].arr()) add(e);
  } else {
    for (std::size_t i = 1; i < a.size(); ++i) add(a[i]);
  }
  return out.value();
}

V f_char_length(Evaluator&, std::string_view, Args& a) {
  auto const& v = arg(a, 0);
  if (v.is_null()) return V::integer(0);
  return V::integer(static_cast<std::int64_t>(utf8_length(v.to_string())));
}
V f_lower(Evaluator&, std::string_view, Args& a) { return V::string(case_map(sv(arg(a, 0)), false)); }
V f_upper(Evaluator&, std::string_view, Args& a) { return V::string(case_map(sv(arg(a, 0)), true)); }

V f_substring(Evaluator&, std::string_view, Args& a) {
  std::string s = sv(arg(a, 0));
  auto start = int_arg(arg(a, 1));
  std::int64_t len = a.size() > 2 && !a[2].is_null() ? int_arg(a[2])
                                                     : static_cast<std::int64_t>(utf8_length(s));
  if (len < 0) {
    // negative length: count from the end
    auto n = static_cast<std::int64_t>(utf8_length(s));
    std::int64_t st = start < 0 ? std::max<std::int64_t>(0, n + start) : std::min(start, n);
    return V::string(substr_chars(s, st, std::max<std::int64_t>(0, n - st + len)));
  }
  return V::string(substr_chars(s, start, len));
}

V f_substring_bytes(Evaluator& ev, std::string_view name, Args& a) {
  std::string s = sv(arg(a, 0));
  auto n = static_cast<std::int64_t>(s.size());
  auto start = int_arg(arg(a, 1));
  std::int64_t len = a.size() > 2 && !a[2].is_null() ? int_arg(a[2]) : n;
  if (start < 0) start = std::max<std::int64_t>(0, n + start);
  if (start > n) start = n;
  if (len < 0) len = std::max<std::int64_t>(0, n - start + len);
  std::int64_t end = std::min(n, start + len);
  auto is_cont = [&](std::int64_t i) {
    return i < n && (static_cast<unsigned char>(s[static_cast<std::size_t>(i)]) & 0xC0) == 0x80;
  };
  if (is_cont(start) || is_cont(end)) {
    ev.warn(1542, "invalid argument type in call to function '" + std::string(name) + "()'");
    return V();
  }
  return V::string(s.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(end - start)));
}

V f_contains(Evaluator&, std::string_view, Args& a) {
  std::string s = sv(arg(a, 0)), needle = sv(arg(a, 1));
  bool ret_index = arg(a, 2).to_bool();
  auto pos = s.find(needle);
  if (!ret_index) return V::boolean(pos != std::string::npos);
  if (pos == std::string::npos) return V::integer(-1);
  return V::integer(static_cast<std::int64_t>(utf8_length(std::string_view(s).substr(0, pos))));
}

V f_like(Evaluator&, std::string_view, Args& a) {
  return V::boolean(like_match(sv(arg(a, 0)), sv(arg(a, 1)), arg(a, 2).to_bool()));
}

// REGEX_*: ICU's regular expressions, as arangod's (aql/regex.cpp).
V f_regex_test(Evaluator& ev, std::string_view, Args& a) {
  return regex::test(ev, sv(arg(a, 0)), sv(arg(a, 1)), arg(a, 2).to_bool());
}
V f_regex_matches(Evaluator& ev, std::string_view, Args& a) {
  return regex::matches(ev, sv(arg(a, 0)), sv(arg(a, 1)), arg(a, 2).to_bool());
}
V f_regex_split(Evaluator& ev, std::string_view name, Args& a) {
  // arangod reads the limit first: not a number is the type warning, a negative one null
  std::int64_t limit = -1;
  if (a.size() > 3) {
    if (!a[3].is_number()) {
      type_warning(ev, name);
      return V();
    }
    limit = int_arg(a[3]);
    if (limit < 0) return V();
    if (limit == 0) return V::array({});
  }
  return regex::split(ev, sv(arg(a, 0)), sv(arg(a, 1)), arg(a, 2).to_bool(), limit);
}
V f_regex_replace(Evaluator& ev, std::string_view, Args& a) {
  return regex::replace(ev, sv(arg(a, 0)), sv(arg(a, 1)), sv(arg(a, 2)), arg(a, 3).to_bool());
}

V f_left(Evaluator&, std::string_view, Args& a) {
  auto n = int_arg(arg(a, 1));
  return V::string(substr_chars(sv(arg(a, 0)), 0, std::max<std::int64_t>(0, n)));
}
V f_right(Evaluator&, std::string_view, Args& a) {
  std::string s = sv(arg(a, 0));
  auto n = int_arg(arg(a, 1));
  auto len = static_cast<std::int64_t>(utf8_length(s));
  n = std::max<std::int64_t>(0, std::min(n, len));
  return V::string(substr_chars(s, len - n, n));
}

V trim_impl(Args& a, int mode) {
  std::string s = sv(arg(a, 0));
  std::string chars = " \t\r\n";
  int m = mode;
  if (a.size() > 1) {
    if (a[1].is_string()) {
      chars = a[1].str();
    } else if (mode == 0 && a[1].is_number()) {
      std::int64_t t = int_arg(a[1]);
      m = t == 1 ? 1 : (t == 2 ? 2 : 0);
    }
  }
  auto cps = utf8_decode(s);
  auto cs = utf8_decode(chars);
  auto in = [&](std::uint32_t c) { return std::find(cs.begin(), cs.end(), c) != cs.end(); };
  std::size_t lo = 0, hi = cps.size();
  if (m == 0 || m == 1) while (lo < hi && in(cps[lo])) ++lo;
  if (m == 0 || m == 2) while (hi > lo && in(cps[hi - 1])) --hi;
  std::string out;
  for (std::size_t i = lo; i < hi; ++i) utf8_append(out, cps[i]);
  return V::string(std::move(out));
}
V f_trim(Evaluator&, std::string_view, Args& a) { return trim_impl(a, 0); }
V f_ltrim(Evaluator&, std::string_view, Args& a) { return trim_impl(a, 1); }
V f_rtrim(Evaluator&, std::string_view, Args& a) { return trim_impl(a, 2); }

V find_impl(Args& a, bool last) {
  std::string s = sv(arg(a, 0)), needle = sv(arg(a, 1));
  auto cps = utf8_decode(s);
  auto n = static_cast<std::int64_t>(cps.size());
  std::int64_t start = a.size() > 2 && !a[2].is_null() ? int_arg(a[2]) : 0;
  std::int64_t end = a.size() > 3 && !a[3].is_null() ? int_arg(a[3]) : n - 1;
  if (start < 0 || (a.size() > 3 && !a[3].is_null() && end < start)) return V::integer(-1);
  auto nd = utf8_decode(needle);
  auto m = static_cast<std::int64_t>(nd.size());
  std::int64_t found = -1;
  for (std::int64_t i = start; i + m <= std::min(n, end + 1); ++i) {
    bool ok = true;
    for (std::int64_t k = 0; k < m; ++k) {
      if (cps[static_cast<std::size_t>(i + k)] != nd[static_cast<std::size_t>(k)]) {
        ok = false;
        break;
      }
    }
    if (ok) {
      found = i;
      if (!last) break;
    }
  }
  return V::integer(found);
}
V f_find_first(Evaluator&, std::string_view, Args& a) { return find_impl(a, false); }
V f_find_last(Evaluator&, std::string_view, Args& a) { return find_impl(a, true); }

V f_split(Evaluator& ev, std::string_view name, Args& a) {
  std::string s = sv(arg(a, 0));
  std::vector<std::string> seps;
  bool has_sep = a.size() > 1 && !a[1].is_null();
  if (has_sep) {
    if (a[1].is_array()) {
      for (auto const& e : a[1].arr()) seps.push_back(sv(e));
    } else {
      seps.push_back(sv(a[1]));
    }
  }
  // arangod's limit: a number (else the invalid-argument warning and null); negative: null
  std::int64_t limit = -1;
  if (a.size() > 2) {
    if (!a[2].is_number()) {
      type_warning(ev, name);
      return V();
    }
    limit = int_arg(a[2]);
    if (limit < 0) return V();
  }
  // an element per separator (per character for the empty one): checked as it grows
  ArrayResult out(ev);
  if (!has_sep) return V::array({V::string(s)});
  if (limit == 0) return V::array({});
  bool empty_sep = seps.size() == 1 && seps[0].empty();
  if (empty_sep) {
    for (auto cp : utf8_decode(s)) {
      std::string c;
      utf8_append(c, cp);
      out.push_back(V::string(c));
      if (limit > 0 && static_cast<std::int64_t>(out.size()) >= limit) break;
    }
    return out.value();
  }
  std::size_t pos = 0, last = 0;
  while (pos <= s.size()) {
    std::size_t best = std::string::npos, blen = 0;
    for (auto const& sep : seps) {
      if (sep.empty()) continue;
      auto f = s.find(sep, pos);
      if (f != std::string::npos && (best == std::string::npos || f < best)) {
        best = f;
        blen = sep.size();
      }
    }
    if (best == std::string::npos) break;
    out.push_back(V::string(s.substr(last, best - last)));
    if (limit > 0 && static_cast<std::int64_t>(out.size()) >= limit) return out.value();
    last = pos = best + blen;
  }
  out.push_back(V::string(s.substr(last)));
  if (limit > 0 && static_cast<std::int64_t>(out.size()) > limit) out.items().resize(static_cast<std::size_t>(limit));
  return out.value();
}

// The replacement once per match: SUBSTITUTE of every character by a long string is a product
// of the two sizes, checked as the result grows.
V f_substitute(Evaluator& ev, std::string_view, Args& a) {
  std::string s = sv(arg(a, 0));
  std::vector<std::string> search;
  std::vector<std::optional<std::string>> repl;
  std::int64_t limit = -1;
  if (arg(a, 1).is_object()) {
    for (auto const& m : arg(a, 1).obj()) {
      search.push_back(m.first);
      repl.emplace_back(m.second.is_null() ? std::string() : m.second.to_string());
    }
    if (a.size() > 2) limit = int_arg(a[2]);  // null: 0, as arangod's toInt64
  } else {
    if (arg(a, 1).is_array()) {
      for (auto const& e : arg(a, 1).arr()) search.push_back(sv(e));
    } else {
      search.push_back(sv(arg(a, 1)));
    }
    Value const& r = arg(a, 2);
    if (r.is_array()) {
      for (std::size_t i = 0; i < search.size(); ++i) {
        if (i < r.arr().size()) {
          repl.emplace_back(sv(r.arr()[i]));
        } else {
          repl.emplace_back(std::string());
        }
      }
    } else {
      for (std::size_t i = 0; i < search.size(); ++i) repl.emplace_back(a.size() > 2 ? sv(r) : std::string());
    }
    if (a.size() > 3) limit = int_arg(a[3]);
  }
  // arangod's limit: 0 leaves the input as it is, -1 (or none) replaces every match, any other
  // stops after the replacement that reaches it (a negative one after the first)
  StringResult out(ev);
  std::size_t pos = 0;
  std::int64_t count = 0;
  while (pos < s.size()) {
    bool done = false;
    if (limit == -1 || (limit != 0 && count < std::max<std::int64_t>(limit, 1))) {
      for (std::size_t k = 0; k < search.size(); ++k) {
        if (!search[k].empty() && s.compare(pos, search[k].size(), search[k]) == 0) {
          if (repl[k]) out.append(*repl[k]);
          pos += search[k].size();
          ++count;
          done = true;
          break;
        }
      }
    }
    if (!done) out.push_back(s[pos++]);
  }
  return out.value();
}

V f_md5(Evaluator&, std::string_view, Args& a) { return V::string(digest("MD5", sv(arg(a, 0)))); }
V f_sha1(Evaluator&, std::string_view, Args& a) { return V::string(digest("SHA1", sv(arg(a, 0)))); }
V f_sha256(Evaluator&, std::string_view, Args& a) { return V::string(digest("SHA256", sv(arg(a, 0)))); }
V f_sha512(Evaluator&, std::string_view, Args& a) { return V::string(digest("SHA512", sv(arg(a, 0)))); }
V f_crc32(Evaluator&, std::string_view, Args& a) { return V::string(hex_upper(crc32c(sv(arg(a, 0))))); }
V f_fnv64(Evaluator&, std::string_view, Args& a) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : sv(arg(a, 0))) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return V::string(hex_upper(h));
}
// AqlValue::hash() (VPack normalized hash) without its top 13 bits.
V f_hash(Evaluator&, std::string_view, Args& a) {
  return V::integer(static_cast<std::int64_t>(vpack_normalized_hash(arg(a, 0)) & 0x0007ffffffffffffULL));
}
V f_to_base64(Evaluator&, std::string_view, Args& a) {
  static char const* tbl = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string s = sv(arg(a, 0)), out;
  std::size_t i = 0;
  while (i + 2 < s.size()) {
    std::uint32_t n = (static_cast<unsigned char>(s[i]) << 16) | (static_cast<unsigned char>(s[i + 1]) << 8) |
                      static_cast<unsigned char>(s[i + 2]);
    out += tbl[(n >> 18) & 63];
    out += tbl[(n >> 12) & 63];
    out += tbl[(n >> 6) & 63];
    out += tbl[n & 63];
    i += 3;
  }
  if (i + 1 == s.size()) {
    std::uint32_t n = static_cast<unsigned char>(s[i]) << 16;
    out += tbl[(n >> 18) & 63];
    out += tbl[(n >> 12) & 63];
    out += "==";
  } else if (i + 2 == s.size()) {
    std::uint32_t n = (static_cast<unsigned char>(s[i]) << 16) | (static_cast<unsigned char>(s[i + 1]) << 8);
    out += tbl[(n >> 18) & 63];
    out += tbl[(n >> 12) & 63];
    out += tbl[(n >> 6) & 63];
    out += '=';
  }
  return V::string(out);
}
V f_to_hex(Evaluator&, std::string_view, Args& a) {
  std::string out;
  char buf[3];
  for (unsigned char c : sv(arg(a, 0))) {
    std::snprintf(buf, sizeof buf, "%02x", c);
    out += buf;
  }
  return V::string(out);
}
// arangod: a number from 0 on (AqlValue::toInt64), else the invalid-argument warning and null.
V f_to_char(Evaluator& ev, std::string_view name, Args& a) {
  if (!arg(a, 0).is_number() || int_arg(a[0]) < 0) {
    type_warning(ev, name);
    return V();
  }
  double d = a[0].num();
  if (!(d >= 0 && d <= 0x10FFFF)) return V::string("");
  std::string out;
  utf8_append(out, static_cast<std::uint32_t>(d));
  return V::string(out);
}
V f_encode_uri_component(Evaluator&, std::string_view, Args& a) {
  std::string out;
  char buf[4];
  for (unsigned char c : sv(arg(a, 0))) {
    if (std::isalnum(c) || std::strchr("-_.!~*'()", c)) {
      out += static_cast<char>(c);
    } else {
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return V::string(out);
}
V f_soundex(Evaluator&, std::string_view, Args& a) {
  std::string s = sv(arg(a, 0));
  auto code = [](char c) -> char {
    switch (std::tolower(static_cast<unsigned char>(c))) {
      case 'b': case 'f': case 'p': case 'v': return '1';
      case 'c': case 'g': case 'j': case 'k': case 'q': case 's': case 'x': case 'z': return '2';
      case 'd': case 't': return '3';
      case 'l': return '4';
      case 'm': case 'n': return '5';
      case 'r': return '6';
      case 'h': case 'w': return '-';
      default: return '0';
    }
  };
  std::string out;
  char last = 0;
  for (char c : s) {
    if (!std::isalpha(static_cast<unsigned char>(c))) continue;
    char k = code(c);
    if (out.empty()) {
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      last = k;
      continue;
    }
    if (k == '-') continue;
    if (k != '0' && k != last) out += k;
    last = k;
    if (out.size() == 4) break;
  }
  if (out.empty()) return V::string("");
  while (out.size() < 4) out += '0';
  return V::string(out);
}
// Time is the product of the two lengths: a kill or maxRuntime is checked once a row.
V f_levenshtein(Evaluator& ev, std::string_view, Args& a) {
  auto s = utf8_decode(sv(arg(a, 0)));
  auto t = utf8_decode(sv(arg(a, 1)));
  std::vector<std::size_t> prev(t.size() + 1), cur(t.size() + 1);
  for (std::size_t j = 0; j <= t.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= s.size(); ++i) {
    ev.check_killed();
    cur[0] = i;
    for (std::size_t j = 1; j <= t.size(); ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (s[i - 1] == t[j - 1] ? 0 : 1)});
    }
    std::swap(prev, cur);
  }
  return V::integer(static_cast<std::int64_t>(prev[t.size()]));
}

// NGRAM_SIMILARITY / NGRAM_POSITIONAL_SIMILARITY's arguments (as arangod's NgramSimilarityHelper):
// two strings and an n-gram size of at least 1, else a warning and null.
bool ngram_args(Evaluator& ev, std::string_view name, Args& a, std::vector<std::uint32_t>& s,
                std::vector<std::uint32_t>& t, std::size_t& n) {
  if (!arg(a, 0).is_string() || !arg(a, 1).is_string() || !arg(a, 2).is_number()) {
    type_warning(ev, name);
    return false;
  }
  std::int64_t const size = int_arg(a[2]);
  if (size < 1) {
    ev.warn(10, "in function '" + std::string(name) + "()': Invalid ngram size. Should be 1 or greater");
    return false;
  }
  s = utf8_decode(a[0].str());
  t = utf8_decode(a[1].str());
  n = static_cast<std::size_t>(size);
  return true;
}

// The longest common subsequence of the n-grams of s and t (each n-gram the n code points from
// a position), where a pair of n-grams scores sim(i, j) (1 or 0 for equal or not; the share of
// equal positions for the positional variant). Two rows of the table at a time (memory linear in
// the input, as irs::ngram_similarity), the n-grams compared in place (never copied: n times the
// input), and a kill or maxRuntime checked once a row, as the time is the product of the sizes.
template <class T, class Sim>
T ngram_lcs(Evaluator& ev, std::size_t gs, std::size_t gt, Sim sim) {
  std::vector<T> prev(gt + 1, T{}), cur(gt + 1, T{});
  for (std::size_t i = 1; i <= gs; ++i) {
    ev.check_killed();
    for (std::size_t j = 1; j <= gt; ++j) {
      cur[j] = std::max({prev[j], cur[j - 1], prev[j - 1] + sim(i - 1, j - 1)});
    }
    std::swap(prev, cur);
  }
  return prev[gt];
}

// NGRAM_SIMILARITY (Positional false: equal n-grams score 1, over the target's n-gram count) and
// NGRAM_POSITIONAL_SIMILARITY (the share of equal positions, over the larger count).
template <bool Positional>
V f_ngram_similarity(Evaluator& ev, std::string_view name, Args& a) {
  std::vector<std::uint32_t> s, t;
  std::size_t n;
  if (!ngram_args(ev, name, a, s, t, n)) return V();
  if (s.size() < n || t.size() < n) return V::number(0);
  std::size_t const gs = s.size() - n + 1, gt = t.size() - n + 1;
  float r;
  if constexpr (Positional) {
    auto lcs = ngram_lcs<float>(ev, gs, gt, [&](std::size_t i, std::size_t j) {
      std::size_t same = 0;
      for (std::size_t k = 0; k < n; ++k) same += s[i + k] == t[j + k] ? 1 : 0;
      return static_cast<float>(same) / static_cast<float>(n);
    });
    r = lcs / static_cast<float>(std::max(gs, gt));
  } else {
    auto lcs = ngram_lcs<std::size_t>(ev, gs, gt, [&](std::size_t i, std::size_t j) -> std::size_t {
      auto const from = s.begin() + static_cast<std::ptrdiff_t>(i);
      return std::equal(from, from + static_cast<std::ptrdiff_t>(n), t.begin() + static_cast<std::ptrdiff_t>(j)) ? 1 : 0;
    });
    r = static_cast<float>(lcs) / static_cast<float>(gt);
  }
  return V::number(static_cast<double>(r));
}

V f_in_range(Evaluator&, std::string_view, Args& a) {
  Value const& v = arg(a, 0);
  int lo = compare(v, arg(a, 1)), hi = compare(v, arg(a, 2));
  bool inc_lo = arg(a, 3).to_bool(), inc_hi = arg(a, 4).to_bool();
  return V::boolean((inc_lo ? lo >= 0 : lo > 0) && (inc_hi ? hi <= 0 : hi < 0));
}
V f_random_token(Evaluator&, std::string_view, Args& a) {
  static char const* chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  double len = arg(a, 0).to_number();
  // arangod: lengths outside 0..65536 fail the query
  if (!(len > -1) || len >= 65537) {
    throw QueryError(1542, "invalid argument type in call to function 'RANDOM_TOKEN()'");
  }
  auto n = static_cast<std::int64_t>(len);
  std::string out;
  for (std::int64_t i = 0; i < n; ++i) out += chars[rng()() % 62];
  return V::string(out);
}
V f_uuid(Evaluator&, std::string_view, Args&) {
  std::uint64_t a = rng()(), b = rng()();
  a = (a & 0xFFFFFFFFFFFF0FFFULL) | 0x0000000000004000ULL;
  b = (b & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08llx-%04llx-%04llx-%04llx-%012llx",
                static_cast<unsigned long long>(a >> 32), static_cast<unsigned long long>((a >> 16) & 0xFFFF),
                static_cast<unsigned long long>(a & 0xFFFF), static_cast<unsigned long long>(b >> 48),
                static_cast<unsigned long long>(b & 0xFFFFFFFFFFFFULL));
  return V::string(buf);
}
V f_repeat(Evaluator& ev, std::string_view name, Args& a) {
  std::string s = sv(arg(a, 0));
  std::int64_t const n = int_arg(arg(a, 1));
  if (n == 0) return V::string("");
  if (n < 0) {
    type_warning(ev, name);
    return V();
  }
  std::string sep = a.size() > 2 ? sv(a[2]) : std::string();
  // arangod writes the repetitions into a sink of at most 16 MiB; the separators are appended
  // past it unchecked (by that sink: here, as any result, against the query's memory limits,
  // so REPEAT('', 1e18, 'x') fails with 32 instead of growing until the process dies)
  constexpr std::size_t kMax = 16 * 1024 * 1024;
  StringResult out(ev);
  std::size_t counted = 0;
  for (std::int64_t i = 0; i < n; ++i) {
    if (i) out.append(sep);
    counted += s.size();
    if (counted > kMax) {
      ev.warn(32, "in function 'REPEAT()': Output string of AQL REPEAT function was limited to 16MB.");
      return V();
    }
    out.append(s);
    if (s.empty() && sep.empty()) break;  // nothing more to add, however many repetitions
  }
  return out.value();
}
V f_starts_with(Evaluator&, std::string_view, Args& a) {
  std::string s = sv(arg(a, 0));
  auto starts = [&](std::string const& p) { return s.compare(0, p.size(), p) == 0; };
  if (arg(a, 1).is_array()) {
    auto min_match = a.size() > 2 ? int_arg(a[2]) : 1;
    std::int64_t c = 0;
    for (auto const& e : arg(a, 1).arr()) c += starts(sv(e)) ? 1 : 0;
    return V::boolean(c >= min_match);
  }
  return V::boolean(starts(sv(arg(a, 1))));
}
V f_ipv4_to_number(Evaluator& ev, std::string_view name, Args& a) {
  std::uint32_t v;
  if (!arg(a, 0).is_string() || !parse_ipv4(arg(a, 0).str(), v)) {
    type_warning(ev, name);
    return V();
  }
  return V::integer(v);
}
V f_ipv4_from_number(Evaluator& ev, std::string_view name, Args& a) {
  Value const& v = arg(a, 0);
  if (!v.is_number() || v.num() < 0 || v.num() > 4294967295.0) {
    type_warning(ev, name);
    return V();
  }
  auto n = static_cast<std::uint32_t>(v.num());
  char buf[20];
  std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", n >> 24, (n >> 16) & 255, (n >> 8) & 255, n & 255);
  return V::string(buf);
}
V f_json_stringify(Evaluator&, std::string_view, Args& a) { return V::string(arg(a, 0).json()); }
V f_json_parse(Evaluator& ev, std::string_view name, Args& a) {
  if (!arg(a, 0).is_string()) {
    type_warning(ev, name);
    return V();
  }
  V out;
  if (!V::parse(arg(a, 0).str(), out)) {
    type_warning(ev, name);
    return V();
  }
  return out;
}

// TOKENS() of one value with the analyzer: an array one entry per element
// (an array for a nested one, [[]] for an empty one), any other value what
// search::tokens_value gives, as aqlFnTokens builds them.
V tokens_of(Value const& v, search::AnalyzerDef const& analyzer) {
  if (v.is_array()) {
    Array out;
    if (v.arr().empty()) out.push_back(V::array({}));
    for (auto const& e : v.arr()) {
      out.push_back(tokens_of(e, analyzer));
    }
    return V::array(std::move(out));
  }
  try {
    return search::tokens_value(analyzer, v);
  } catch (search::AnalyzerError const& e) {
    throw QueryError(e.code(), e.message());
  }
}
V f_tokens(Evaluator& ev, std::string_view, Args& a) {
  static Database const no_database;
  auto db = ev.source().database();
  std::optional<search::AnalyzerDef> analyzer = search::find_analyzer(
      db ? *db : no_database, "identity");
  if (a.size() > 1) {
    if (!a[1].is_string()) {
      throw QueryError(10, "invalid analyzer name argument type while computing result for "
                           "function 'TOKENS', string expected");
    }
    std::string const& name = a[1].str();
    analyzer = search::find_analyzer(db ? *db : no_database, name);
    if (!analyzer) {
      throw QueryError(10, "failure to find arangosearch analyzer with name '" + name +
                               "' while computing result for function 'TOKENS'");
    }
  }
  return tokens_of(arg(a, 0), *analyzer);
}

// ---------------------------------------------------------------------------
// numeric
// ---------------------------------------------------------------------------

template <double (*F)(double)>
V math1(Evaluator&, std::string_view, Args& a) {
  return num_or_null(F(arg(a, 0).to_number()));
}
double d_floor(double x) { return std::floor(x); }
double d_ceil(double x) { return std::ceil(x); }
double d_round(double x) { return std::floor(x + 0.5); }
double d_abs(double x) { return std::fabs(x); }
double d_sqrt(double x) { return std::sqrt(x); }
double d_log(double x) { return std::log(x); }
double d_log2(double x) { return std::log2(x); }
double d_log10(double x) { return std::log10(x); }
double d_exp(double x) { return std::exp(x); }
double d_exp2(double x) { return std::exp2(x); }
double d_sin(double x) { return std::sin(x); }
double d_cos(double x) { return std::cos(x); }
double d_tan(double x) { return std::tan(x); }
double d_asin(double x) { return std::asin(x); }
double d_acos(double x) { return std::acos(x); }
double d_atan(double x) { return std::atan(x); }
double d_radians(double x) { return x * M_PI / 180.0; }
double d_degrees(double x) { return x * 180.0 / M_PI; }

template <double (*F)(double)>
V math_int(Evaluator&, std::string_view, Args& a) {
  double r = F(arg(a, 0).to_number());
  return num(r);
}

V f_pow(Evaluator&, std::string_view, Args& a) {
  return num_or_null(std::pow(arg(a, 0).to_number(), arg(a, 1).to_number()));
}
V f_atan2(Evaluator&, std::string_view, Args& a) {
  return num_or_null(std::atan2(arg(a, 0).to_number(), arg(a, 1).to_number()));
}
V f_pi(Evaluator&, std::string_view, Args&) { return V::number(M_PI); }
V f_rand(Evaluator&, std::string_view, Args&) {
  return V::number(std::uniform_real_distribution<double>(0, 1)(rng()));
}

// At most kRangeMaterializationLimit values (1504 beyond), checked against the query's memory
// limits as they are made.
V f_range(Evaluator& ev, std::string_view name, Args& a) {
  double start = arg(a, 0).to_number(), stop = arg(a, 1).to_number();
  double step = a.size() > 2 && !a[2].is_null() ? a[2].to_number() : (start <= stop ? 1 : -1);
  if (step == 0 || (step > 0 && start > stop) || (step < 0 && start < stop)) {
    type_warning(ev, name);
    return V();
  }
  bool ints = start == std::floor(start) && step == std::floor(step);
  if (std::floor((stop - start) / step) >= static_cast<double>(kRangeMaterializationLimit)) {
    throw QueryError(1504, "range is too big to be materialized");
  }
  ArrayResult out(ev);
  for (double x = start; step > 0 ? x <= stop : x >= stop; x += step) {
    out.push_back(ints ? num(x) : V::number(x));
    if (x + step == x) break;  // a step below the precision of x: the one value
  }
  return out.value();
}

// ---------------------------------------------------------------------------
// arrays
// ---------------------------------------------------------------------------

V f_length(Evaluator&, std::string_view, Args& a) {
  auto const& v = arg(a, 0);
  switch (v.type()) {
    case V::Type::Null: return V::integer(0);
    case V::Type::Bool: return V::integer(v.as_bool() ? 1 : 0);
    case V::Type::Int: case V::Type::Double: return V::integer(static_cast<std::int64_t>(utf8_length(v.to_string())));
    case V::Type::String: return V::integer(static_cast<std::int64_t>(utf8_length(v.str())));
    case V::Type::Array: return V::integer(static_cast<std::int64_t>(v.arr().size()));
    case V::Type::Object: return V::integer(static_cast<std::int64_t>(v.obj().size()));
  }
  return V::integer(0);
}

bool require_array(Evaluator& ev, std::string_view name, Value const& v) {
  if (!v.is_array()) {
    type_warning(ev, name);
    return false;
  }
  return true;
}

V f_min(Evaluator& ev, std::string_view name, Args& a) {
  if (!require_array(ev, name, arg(a, 0))) return V();
  Value const* best = nullptr;
  for (auto const& e : arg(a, 0).arr()) {
    if (e.is_null()) continue;
    if (!best || compare(e, *best) < 0) best = &e;
  }
  return best ? *best : V();
}
V f_max(Evaluator& ev, std::string_view name, Args& a) {
  if (!require_array(ev, name, arg(a, 0))) return V();
  Value const* best = nullptr;
  for (auto const& e : arg(a, 0).arr()) {
    if (e.is_null()) continue;
    if (!best || compare(e, *best) > 0) best = &e;
  }
  return best ? *best : V();
}
V f_sum(Evaluator& ev, std::string_view name, Args& a) {
  if (!require_array(ev, name, arg(a, 0))) return V();
  double s = 0;
  bool all_int = true;
  std::int64_t is = 0;
  for (auto const& e : arg(a, 0).arr()) {
    if (e.is_null()) continue;
    if (!e.is_number()) {
      type_warning(ev, name);
      return V();
    }
    s += e.num();
    if (e.is_int() && all_int && !__builtin_add_overflow(is, e.int_value(), &is)) {
    } else {
      all_int = false;
    }
  }
  if (all_int) return V::integer(is);
  return num_or_null(s);
}
V f_average(Evaluator& ev, std::string_view name, Args& a) {
  bool ok;
  auto nums = numbers_of(ev, name, arg(a, 0), ok);
  if (!ok || nums.empty()) return V();
  double s = 0;
  for (auto const& e : nums) s += e.num();
  return num_or_null(s / static_cast<double>(nums.size()));
}
V f_product(Evaluator& ev, std::string_view name, Args& a) {
  bool ok;
  auto nums = numbers_of(ev, name, arg(a, 0), ok);
  if (!ok) return V();
  double p = 1;
  for (auto const& e : nums) p *= e.num();
  return num_or_null(p);
}
V f_median(Evaluator& ev, std::string_view name, Args& a) {
  bool ok;
  auto nums = numbers_of(ev, name, arg(a, 0), ok);
  if (!ok || nums.empty()) return V();
  std::vector<double> d;
  for (auto const& e : nums) d.push_back(e.num());
  std::sort(d.begin(), d.end());
  std::size_t n = d.size();
  if (n % 2) return num_or_null(d[n / 2]);
  return num_or_null((d[n / 2 - 1] + d[n / 2]) / 2);
}
V f_percentile(Evaluator& ev, std::string_view name, Args& a) {
  bool ok;
  auto nums = numbers_of(ev, name, arg(a, 0), ok);
  if (!ok || nums.empty()) return V();
  double p = arg(a, 1).to_number();
  if (p <= 0 || p > 100) {
    type_warning(ev, name);
    return V();
  }
  std::string method = a.size() > 2 ? sv(a[2]) : "rank";
  std::vector<double> d;
  for (auto const& e : nums) d.push_back(e.num());
  std::sort(d.begin(), d.end());
  auto n = static_cast<double>(d.size());
  if (method == "interpolation") {
    double pos = p / 100 * (n + 1) - 1;
    if (pos <= 0) return num_or_null(d.front());
    if (pos >= n - 1) return num_or_null(d.back());
    auto lo = static_cast<std::size_t>(std::floor(pos));
    return num_or_null(d[lo] + (pos - std::floor(pos)) * (d[lo + 1] - d[lo]));
  }
  double idx = std::ceil(p / 100 * n) - 1;
  if (idx < 0) idx = 0;
  return num_or_null(d[static_cast<std::size_t>(idx)]);
}
V variance(Evaluator& ev, std::string_view name, Value const& v, bool sample, bool sq) {
  bool ok;
  auto nums = numbers_of(ev, name, v, ok);
  if (!ok) return V();
  std::size_t n = nums.size();
  if (n == 0 || (sample && n < 2)) return V();
  double mean = 0;
  for (auto const& e : nums) mean += e.num();
  mean /= static_cast<double>(n);
  double s = 0;
  for (auto const& e : nums) s += (e.num() - mean) * (e.num() - mean);
  double var = s / static_cast<double>(sample ? n - 1 : n);
  return num_or_null(sq ? std::sqrt(var) : var);
}
V f_var_pop(Evaluator& ev, std::string_view n, Args& a) { return variance(ev, n, arg(a, 0), false, false); }
V f_var_sample(Evaluator& ev, std::string_view n, Args& a) { return variance(ev, n, arg(a, 0), true, false); }
V f_std_pop(Evaluator& ev, std::string_view n, Args& a) { return variance(ev, n, arg(a, 0), false, true); }
V f_std_sample(Evaluator& ev, std::string_view n, Args& a) { return variance(ev, n, arg(a, 0), true, true); }

V unique_of(Array const& arr) {
  std::unordered_set<Value, ValueHash, ValueEq> seen;
  Array out;
  for (auto const& e : arr) {
    if (seen.insert(e).second) out.push_back(e);
  }
  return V::array(std::move(out));
}
V f_count_distinct(Evaluator& ev, std::string_view name, Args& a) {
  if (!require_array(ev, name, arg(a, 0))) return V();
  return V::integer(static_cast<std::int64_t>(unique_of(arg(a, 0).arr()).arr().size()));
}
V f_unique(Evaluator& ev, std::string_view name, Args& a) {
  if (!require_array(ev, name, arg(a, 0))) return V();
  return unique_of(arg(a, 0).arr());
}
V f_sorted(Evaluator& ev, std::string_view name, Args& a) {
  if (!require_array(ev, name, arg(a, 0))) return V();
  Array out = arg(a, 0).arr();
  std::stable_sort(out.begin(), out.end(), ValueLess{});
  return V::array(std::move(out));
}
V f_sorted_unique(Evaluator& ev, std::string_view name, Args& a) {
  if (!require_array(ev, name, arg(a, 0))) return V();
  Array out = arg(a, 0).arr();
  std::stable_sort(out.begin(), out.end(), ValueLess{});
  out.erase(std::unique(out.begin(), out.end(), ValueEq{}), out.end());
  return V::array(std::move(out));
}

V f_union(Evaluator& ev, std::string_view name, Args& a) {
  Array out;
  for (auto const& v : a) {
    if (!v.is_array()) {
      type_warning(ev, name);
      return V();
    }
    out.insert(out.end(), v.arr().begin(), v.arr().end());
  }
  return V::array(std::move(out));
}
V f_union_distinct(Evaluator& ev, std::string_view name, Args& a) {
  V u = f_union(ev, name, a);
  if (u.is_null()) return u;
  return unique_of(u.arr());
}
// arangod collects MINUS / INTERSECTION / OUTERSECTION values in a
// std::unordered_map<VPackSlice, size_t> (512 buckets asked for, hash
// VPackSlice::normalizedHash) and returns them in its iteration order; the
// same container of libstdc++ with the same hash gives the same order.
struct VPackHashOf {
  std::size_t operator()(Value const& v) const { return vpack_normalized_hash(v); }
};
using VPackCountMap = std::unordered_map<Value, std::size_t, VPackHashOf, ValueEq>;

bool all_arrays(Evaluator& ev, std::string_view name, Args const& a) {
  for (auto const& v : a) {
    if (!v.is_array()) {
      type_warning(ev, name);
      return false;
    }
  }
  return true;
}

V f_minus(Evaluator& ev, std::string_view name, Args& a) {
  if (!all_arrays(ev, name, a)) return V();
  VPackCountMap contains(512);
  std::size_t index = 0;
  for (auto const& e : a[0].arr()) contains.try_emplace(e, index++);
  for (std::size_t i = 1; i < a.size(); ++i) {
    for (auto const& e : a[i].arr()) contains.erase(e);
  }
  Array out;
  for (auto const& [v, pos] : contains) out.push_back(v);
  return V::array(std::move(out));
}
V f_intersection(Evaluator& ev, std::string_view name, Args& a) {
  if (!all_arrays(ev, name, a)) return V();
  VPackCountMap values(512);
  for (std::size_t i = 0; i < a.size(); ++i) {
    for (auto const& e : a[i].arr()) {
      if (i == 0) {
        values.try_emplace(e, 1);
      } else if (auto it = values.find(e); it != values.end()) {
        it->second = it->second < i ? 0 : i + 1;
      }
    }
  }
  Array out;
  for (auto const& [v, count] : values) {
    if (count == a.size()) out.push_back(v);
  }
  return V::array(std::move(out));
}
V f_outersection(Evaluator& ev, std::string_view name, Args& a) {
  if (!all_arrays(ev, name, a)) return V();
  VPackCountMap values(512);
  for (auto const& v : a) {
    for (auto const& e : v.arr()) ++values.try_emplace(e, 0).first->second;
  }
  Array out;
  for (auto const& [v, count] : values) {
    if (count == 1) out.push_back(v);
  }
  return V::array(std::move(out));
}
V f_jaccard(Evaluator& ev, std::string_view name, Args& a) {
  if (!arg(a, 0).is_array() || !arg(a, 1).is_array()) {
    type_warning(ev, name);
    return V();
  }
  auto x = unique_of(a[0].arr()).arr(), y = unique_of(a[1].arr()).arr();
  std::unordered_set<Value, ValueHash, ValueEq> sx(x.begin(), x.end());
  std::size_t inter = 0;
  for (auto const& e : y) inter += sx.count(e);
  std::size_t uni = x.size() + y.size() - inter;
  if (uni == 0) return V::integer(1);
  return num(static_cast<double>(inter) / static_cast<double>(uni));
}
// Shared values make the flattened size the product of the nesting's widths: checked as it grows.
void flatten_into(ArrayResult& out, Value const& v, std::int64_t depth) {
  for (auto const& e : v.arr()) {
    if (e.is_array() && depth > 0) {
      flatten_into(out, e, depth - 1);
    } else {
      out.push_back(e);
    }
  }
}
V f_flatten(Evaluator& ev, std::string_view name, Args& a) {
  if (!require_array(ev, name, arg(a, 0))) return V();
  std::int64_t depth = a.size() > 1 && !a[1].is_null() ? int_arg(a[1]) : 1;
  ArrayResult out(ev);
  flatten_into(out, a[0], depth);
  return out.value();
}
V f_slice(Evaluator& ev, std::string_view name, Args& a) {
  if (!require_array(ev, name, arg(a, 0))) return V();
  auto const& arr = a[0].arr();
  auto n = static_cast<std::int64_t>(arr.size());
  auto start = int_arg(arg(a, 1));
  if (start < 0) start = std::max<std::int64_t>(0, n + start);
  std::int64_t len = a.size() > 2 && !a[2].is_null() ? int_arg(a[2]) : n;
  std::int64_t end = len < 0 ? n + len : saturating_add(start, len);
  end = std::min(end, n);
  Array out;
  for (std::int64_t i = start; i < end; ++i) out.push_back(arr[static_cast<std::size_t>(i)]);
  return V::array(std::move(out));
}
V f_reverse(Evaluator&, std::string_view, Args& a) {
  auto const& v = arg(a, 0);
  if (v.is_array()) {
    Array out(v.arr().rbegin(), v.arr().rend());
    return V::array(std::move(out));
  }
  if (v.is_null()) return V();
  auto cps = utf8_decode(v.to_string());
  std::string out;
  for (auto it = cps.rbegin(); it != cps.rend(); ++it) utf8_append(out, *it);
  return V::string(out);
}
V f_first(Evaluator& ev, std::string_view name, Args& a) {
  if (!require_array(ev, name, arg(a, 0))) return V();
  return a[0].arr().empty() ? V() : a[0].arr().front();
}
V f_last(Evaluator& ev, std::string_view name, Args& a) {
  if (!require_array(ev, name, arg(a, 0))) return V();
  return a[0].arr().empty() ? V() : a[0].arr().back();
}
V f_nth(Evaluator& ev, std::string_view name, Args& a) {
  if (!require_array(ev, name, arg(a, 0))) return V();
  std::int64_t const p = int_arg(arg(a, 1));
  if (p < 0 || p >= static_cast<std::int64_t>(a[0].arr().size())) return V();
  return a[0].arr()[static_cast<std::size_t>(p)];
}
V f_position(Evaluator& ev, std::string_view name, Args& a) {
  if (!require_array(ev, name, arg(a, 0))) return V();
  bool ret_index = arg(a, 2).to_bool();
  auto const& arr = a[0].arr();
  for (std::size_t i = 0; i < arr.size(); ++i) {
    if (equals(arr[i], arg(a, 1))) {
      return ret_index ? V::integer(static_cast<std::int64_t>(i)) : V::boolean(true);
    }
  }
  return ret_index ? V::integer(-1) : V::boolean(false);
}
// PUSH (Front = false) and UNSHIFT (Front = true): the value added at one end, unless the third
// argument asks for unique values and it is already there.
template <bool Front>
V f_push_unshift(Evaluator& ev, std::string_view name, Args& a) {
  Value const& v = arg(a, 0);
  if (!v.is_array() && !v.is_null()) {
    type_warning(ev, name);
    return V();
  }
  Array out = v.arr();
  if (arg(a, 2).to_bool()) {
    for (auto const& e : out) {
      if (equals(e, arg(a, 1))) return V::array(std::move(out));
    }
  }
  out.insert(Front ? out.begin() : out.end(), arg(a, 1));
  return V::array(std::move(out));
}
V f_append(Evaluator& ev, std::string_view name, Args& a) {
  Value const& v = arg(a, 0);
  if (!v.is_array() && !v.is_null()) {
    type_warning(ev, name);
    return V();
  }
  Array out = v.arr();
  bool uniq = arg(a, 2).to_bool();
  Value add = arg(a, 1);
  if (add.is_null()) return V::array(std::move(out));
  Array items = add.is_array() ? add.arr() : Array{add};
  for (auto const& e : items) {
    if (uniq) {
      bool dup = false;
      for (auto const& x : out) {
        if (equals(x, e)) {
          dup = true;
          break;
        }
      }
      if (dup) continue;
    }
    out.push_back(e);
  }
  return V::array(std::move(out));
}
V f_pop(Evaluator& ev, std::string_view name, Args& a) {
  if (arg(a, 0).is_null()) return V();
  if (!require_array(ev, name, arg(a, 0))) return V();
  Array out = a[0].arr();
  if (!out.empty()) out.pop_back();
  return V::array(std::move(out));
}
V f_shift(Evaluator& ev, std::string_view name, Args& a) {
  if (arg(a, 0).is_null()) return V();
  if (!require_array(ev, name, arg(a, 0))) return V();
  Array out = a[0].arr();
  if (!out.empty()) out.erase(out.begin());
  return V::array(std::move(out));
}
V f_remove_value(Evaluator& ev, std::string_view name, Args& a) {
  if (arg(a, 0).is_null()) return V::array({});
  if (!require_array(ev, name, arg(a, 0))) return V();
  std::int64_t limit = a.size() > 2 && !a[2].is_null() ? int_arg(a[2]) : -1;
  Array out;
  std::int64_t removed = 0;
  for (auto const& e : a[0].arr()) {
    if ((limit < 0 || removed < limit) && equals(e, arg(a, 1))) {
      ++removed;
      continue;
    }
    out.push_back(e);
  }
  return V::array(std::move(out));
}
V f_remove_values(Evaluator& ev, std::string_view name, Args& a) {
  if (arg(a, 0).is_null()) return V::array({});
  if (!require_array(ev, name, arg(a, 0))) return V();
  Array out;
  for (auto const& e : a[0].arr()) {
    bool rm = false;
    for (auto const& x : arg(a, 1).arr()) {
      if (equals(e, x)) {
        rm = true;
        break;
      }
    }
    if (!rm) out.push_back(e);
  }
  return V::array(std::move(out));
}
V f_remove_nth(Evaluator& ev, std::string_view name, Args& a) {
  if (!require_array(ev, name, arg(a, 0))) return V();
  Array out = a[0].arr();
  auto n = static_cast<std::int64_t>(out.size());
  auto p = int_arg(arg(a, 1));
  if (p < 0) p += n;
  if (p >= 0 && p < n) out.erase(out.begin() + p);
  return V::array(std::move(out));
}
V f_replace_nth(Evaluator& ev, std::string_view name, Args& a) {
  if (!require_array(ev, name, arg(a, 0))) return V();
  auto n = static_cast<std::int64_t>(a[0].arr().size());
  auto p = int_arg(arg(a, 1));
  if (p < 0) p += n;
  if (p < 0) p = 0;
  if (p < n) {
    Array out = a[0].arr();
    out[static_cast<std::size_t>(p)] = arg(a, 2);
    return V::array(std::move(out));
  }
  // the padding's size is the client's to choose (an offset of 1e18): checked against the
  // query's memory limits before it is made
  ArrayResult out(ev);
  out.items() = a[0].arr();
  out.append_copies(arg(a, 3), static_cast<std::uint64_t>(p - n));
  out.push_back(arg(a, 2));
  return out.value();
}
V f_interleave(Evaluator& ev, std::string_view name, Args& a) {
  std::size_t longest = 0;
  for (auto const& v : a) {
    if (!v.is_array()) {
      type_warning(ev, name);
      return V();
    }
    longest = std::max(longest, v.arr().size());
  }
  Array out;
  for (std::size_t i = 0; i < longest; ++i) {
    for (auto const& v : a) {
      if (i < v.arr().size()) out.push_back(v.arr()[i]);
    }
  }
  return V::array(std::move(out));
}

// ---------------------------------------------------------------------------
// documents
// ---------------------------------------------------------------------------

V f_has(Evaluator&, std::string_view, Args& a) {
  return V::boolean(arg(a, 0).get(sv(arg(a, 1))) != nullptr);
}
V f_attributes(Evaluator& ev, std::string_view name, Args& a) {
  if (!arg(a, 0).is_object()) {
    if (!arg(a, 0).is_null()) type_warning(ev, name);
    return V();
  }
  bool remove_internal = arg(a, 1).to_bool(), sort = arg(a, 2).to_bool();
  Array out;
  for (auto const& m : a[0].obj()) {
    if (remove_internal && !m.first.empty() && m.first[0] == '_') continue;
    out.push_back(V::string(m.first));
  }
  // arangod iterates the object's sorted index table
  std::sort(out.begin(), out.end(), [](Value const& x, Value const& y) { return x.str() < y.str(); });
  (void)sort;
  return V::array(std::move(out));
}
V f_values(Evaluator& ev, std::string_view name, Args& a) {
  if (!arg(a, 0).is_object()) {
    if (!arg(a, 0).is_null()) type_warning(ev, name);
    return V();
  }
  bool remove_internal = arg(a, 1).to_bool();
  Array out;
  for (auto const& m : a[0].obj()) {
    if (remove_internal && !m.first.empty() && m.first[0] == '_') continue;
    out.push_back(m.second);
  }
  return V::array(std::move(out));
}
V f_entries(Evaluator& ev, std::string_view name, Args& a) {
  if (!arg(a, 0).is_object()) {
    type_warning(ev, name);
    return V();
  }
  Array out;
  for (auto const& m : a[0].obj()) out.push_back(V::array({V::string(m.first), m.second}));
  return V::array(std::move(out));
}

Object sorted_members(Object o) {
  std::stable_sort(o.begin(), o.end(), [](Member const& x, Member const& y) { return x.first < y.first; });
  return o;
}
Object merge_objects(Object base, Object const& add, bool recursive) {
  // VPackCollection::merge: the left object's members in index (sorted)
  // order, then the members only the right object has
  base = sorted_members(std::move(base));
  for (auto const& m : sorted_members(add)) {
    bool found = false;
    for (auto& b : base) {
      if (b.first == m.first) {
        if (recursive && b.second.is_object() && m.second.is_object()) {
          b.second = V::object(merge_objects(b.second.obj(), m.second.obj(), true));
        } else {
          b.second = m.second;
        }
        found = true;
        break;
      }
    }
    if (!found) base.push_back(m);
  }
  return base;
}
V merge_impl(Evaluator& ev, std::string_view name, Args& a, bool recursive) {
  std::vector<Value> items;
  if (a.size() == 1 && a[0].is_array()) {
    items = a[0].arr();
  } else {
    items = a;
  }
  Object out;
  for (auto const& v : items) {
    if (!v.is_object()) {
      type_warning(ev, name);
      return V();
    }
    out = merge_objects(std::move(out), v.obj(), recursive);
  }
  return V::object(std::move(out));
}
V f_merge(Evaluator& ev, std::string_view name, Args& a) { return merge_impl(ev, name, a, false); }
V f_merge_recursive(Evaluator& ev, std::string_view name, Args& a) { return merge_impl(ev, name, a, true); }

V f_matches(Evaluator& ev, std::string_view name, Args& a) {
  if (!arg(a, 0).is_object()) {
    type_warning(ev, name);
    return V::boolean(false);
  }
  Array examples = arg(a, 1).is_array() ? a[1].arr() : Array{arg(a, 1)};
  bool ret_index = arg(a, 2).to_bool();
  for (std::size_t i = 0; i < examples.size(); ++i) {
    auto const& ex = examples[i];
    if (!ex.is_object()) continue;
    bool ok = true;
    for (auto const& m : ex.obj()) {
      auto const* v = a[0].get(m.first);
      if (!v || !equals(*v, m.second)) {
        ok = false;
        break;
      }
    }
    if (ok) return ret_index ? V::integer(static_cast<std::int64_t>(i)) : V::boolean(true);
  }
  return ret_index ? V::integer(-1) : V::boolean(false);
}

std::set<std::string> name_set(Args const& a, std::size_t from) {
  std::set<std::string> out;
  for (std::size_t i = from; i < a.size(); ++i) {
    if (a[i].is_array()) {
      for (auto const& e : a[i].arr()) out.insert(e.to_string());
    } else {
      out.insert(a[i].to_string());
    }
  }
  return out;
}
Value unset_rec(Value const& v, std::set<std::string> const& names, bool recursive, bool keep) {
  if (!v.is_object()) return v;
  Object out;
  for (auto const& m : sorted_members(v.obj())) {
    bool listed = names.count(m.first) > 0;
    if (keep ? !listed : listed) continue;
    out.emplace_back(m.first, recursive ? unset_rec(m.second, names, true, keep) : m.second);
  }
  return V::object(std::move(out));
}
// UNSET, UNSET_RECURSIVE, KEEP, KEEP_RECURSIVE: an object minus (or only) the named attributes.
template <bool Recursive, bool Keep>
V f_unset_keep(Evaluator& ev, std::string_view name, Args& a) {
  if (!arg(a, 0).is_object()) {
    type_warning(ev, name);
    return V();
  }
  return unset_rec(a[0], name_set(a, 1), Recursive, Keep);
}
V f_translate(Evaluator& ev, std::string_view name, Args& a) {
  if (!arg(a, 1).is_object()) {
    type_warning(ev, name);
    return V();
  }
  auto const* v = a[1].get(arg(a, 0).to_string());
  if (v) return *v;
  return a.size() > 2 ? a[2] : arg(a, 0);
}
V f_zip(Evaluator& ev, std::string_view name, Args& a) {
  if (!arg(a, 0).is_array() || !arg(a, 1).is_array() || a[0].arr().size() != a[1].arr().size()) {
    type_warning(ev, name);
    return V();
  }
  Object out;
  for (std::size_t i = 0; i < a[0].arr().size(); ++i) {
    std::string k = a[0].arr()[i].to_string();
    bool found = false;
    for (auto const& m : out) {
      if (m.first == k) {
        found = true;
        break;
      }
    }
    if (!found) out.emplace_back(k, a[1].arr()[i]);
  }
  return V::object(std::move(out));
}
V f_value(Evaluator& ev, std::string_view name, Args& a) {
  if (!arg(a, 0).is_object() || !arg(a, 1).is_array()) {
    type_warning(ev, name);
    return V();
  }
  Value cur = a[0];
  for (auto const& p : a[1].arr()) {
    if (p.is_string() && cur.is_object()) {
      cur = cur.attr(p.str());
    } else if (p.is_number() && cur.is_array()) {
      auto i = static_cast<std::int64_t>(p.num());
      auto n = static_cast<std::int64_t>(cur.arr().size());
      if (i < 0) i += n;
      if (i < 0 || i >= n) return V();
      cur = cur.arr()[static_cast<std::size_t>(i)];
    } else {
      return V();
    }
  }
  return cur;
}
V f_parse_identifier(Evaluator& ev, std::string_view name, Args& a) {
  std::string id;
  if (arg(a, 0).is_string()) {
    id = a[0].str();
  } else if (arg(a, 0).is_object() && a[0].get("_id") && a[0].get("_id")->is_string()) {
    id = a[0].get("_id")->str();
  } else {
    type_warning(ev, name);
    return V();
  }
  auto slash = id.find('/');
  if (slash == std::string::npos) {
    type_warning(ev, name);
    return V();
  }
  if (name == "PARSE_KEY") return V::string(id.substr(slash + 1));
  if (name == "PARSE_COLLECTION") return V::string(id.substr(0, slash));
  return V::object({{"collection", V::string(id.substr(0, slash))}, {"key", V::string(id.substr(slash + 1))}});
}
V f_is_same_collection(Evaluator& ev, std::string_view name, Args& a) {
  std::string coll = arg(a, 0).is_string() ? a[0].str() : std::string();
  std::string id;
  if (arg(a, 1).is_string()) {
    id = a[1].str();
  } else if (arg(a, 1).is_object() && a[1].get("_id") && a[1].get("_id")->is_string()) {
    id = a[1].get("_id")->str();
  } else {
    type_warning(ev, name);
    return V();
  }
  auto slash = id.find('/');
  return V::boolean(slash != std::string::npos && id.substr(0, slash) == coll);
}

V f_document(Evaluator& ev, std::string_view name, Args& a) {
  auto& ds = ev.source();
  auto by_id = [&](std::string const& id) -> V {
    auto slash = id.find('/');
    if (slash == std::string::npos) return V();
    auto c = ds.collection(id.substr(0, slash));
    if (!c) return V();
    ++ev.stats().document_lookups;
    auto d = ds.lookup(c->name, id.substr(slash + 1));
    return d ? *d : V();
  };
  auto in_coll = [&](std::string const& coll, std::string const& key) -> V {
    auto c = ds.collection(coll);
    if (!c) return V();
    std::string k = key;
    auto slash = k.find('/');
    if (slash != std::string::npos) {
      if (k.substr(0, slash) != c->name) return V();
      k = k.substr(slash + 1);
    }
    ++ev.stats().document_lookups;
    auto d = ds.lookup(c->name, k);
    return d ? *d : V();
  };
  if (a.size() == 1) {
    Value const& v = a[0];
    if (v.is_string()) return by_id(v.str());
    if (v.is_array()) {
      Array out;
      for (auto const& e : v.arr()) {
        if (!e.is_string()) continue;
        V d = by_id(e.str());
        if (!d.is_null()) out.push_back(d);
      }
      return V::array(std::move(out));
    }
    type_warning(ev, name);
    return V();
  }
  // functions::Document: a non-string collection is a type warning; an unknown
  // one is no error (getDocumentByIdentifier ignores DATA_SOURCE_NOT_FOUND):
  // null, or an empty array for an array of keys
  if (!arg(a, 0).is_string()) {
    type_warning(ev, name);
    return V();
  }
  std::string coll = a[0].str();
  Value const& k = a[1];
  if (k.is_string()) return in_coll(coll, k.str());
  if (k.is_array()) {
    Array out;
    for (auto const& e : k.arr()) {
      if (!e.is_string()) continue;
      V d = in_coll(coll, e.str());
      if (!d.is_null()) out.push_back(d);
    }
    return V::array(std::move(out));
  }
  type_warning(ev, name);
  return V();
}

// ---------------------------------------------------------------------------
// dates
// ---------------------------------------------------------------------------

// The dates AQL accepts: 0000-01-01T00:00:00.000Z to 9999-12-31T23:59:59.999Z, in milliseconds.
constexpr std::int64_t kMinDateMs = -62167219200000;
constexpr std::int64_t kMaxDateMs = 253402300799999;

// A date argument: a timestamp in milliseconds within the range above (as arangod's
// parameterToTimePoint; 1e300 is not cast) or an ISO 8601 string, else warning 1572.
bool date_arg(Evaluator& ev, std::string_view name, Value const& v, std::int64_t& ms) {
  if (v.is_number()) {
    ms = saturating_int64(v.num());
    if (ms >= kMinDateMs && ms <= kMaxDateMs) return true;
    ev.warn(1572, "invalid date value");
    return false;
  }
  if (v.is_string()) {
    auto r = dates::parse_iso(v.str());
    if (r) {
      ms = *r;
      return true;
    }
  }
  ev.warn(1572, "invalid date value");
  (void)name;
  return false;
}

// local wall clock for an optional time zone argument
bool local_ms(Evaluator& ev, std::string_view name, Args& a, std::size_t tz_index, std::int64_t& ms) {
  if (!date_arg(ev, name, arg(a, 0), ms)) return false;
  if (a.size() > tz_index && !a[tz_index].is_null()) {
    auto z = dates::zone_at_utc(a[tz_index].to_string(), ms);
    if (!z) {
      ev.warn(10, "invalid timezone '" + a[tz_index].to_string() + "'");
      return false;
    }
    ms += static_cast<std::int64_t>(z->offset) * 1000;
  }
  return true;
}

V f_date_now(Evaluator& ev, std::string_view, Args&) { return V::integer(ev.now_ms()); }

V f_date_iso8601(Evaluator& ev, std::string_view name, Args& a) {
  std::int64_t ms;
  if (a.size() >= 2) {
    dates::Civil c;
    // a component beyond a million (years) or a billion (the others) can only make a date
    // outside the years AQL knows, and the sum of such components could overflow: an invalid
    // date, as one outside those years (the numbers themselves are never cast as given)
    bool in_range = true;
    auto part = [&](std::size_t i, std::int64_t dflt, std::int64_t bound) -> std::int64_t {
      std::int64_t const v = a.size() > i ? int_arg(a[i]) : dflt;
      if (v < -bound || v > bound) in_range = false;
      return in_range ? v : 0;
    };
    c.year = part(0, 0, 1000000);
    c.month = static_cast<int>(part(1, 1, 1000000000));
    c.day = static_cast<int>(part(2, 1, 1000000000));
    c.hour = static_cast<int>(part(3, 0, 1000000000));
    c.minute = static_cast<int>(part(4, 0, 1000000000));
    c.second = static_cast<int>(part(5, 0, 1000000000));
    c.millisecond = static_cast<int>(part(6, 0, 1000000000));
    ms = in_range ? dates::ms_from_civil(c) : kMaxDateMs + 1;
    if (ms < kMinDateMs || ms > kMaxDateMs) {
      ev.warn(1572, "invalid date value");
      return V();
    }
    return name == "DATE_TIMESTAMP" ? V::integer(ms) : V::string(dates::format_iso(ms));
  }
  if (!date_arg(ev, name, arg(a, 0), ms)) return V();
  return name == "DATE_TIMESTAMP" ? V::integer(ms) : V::string(dates::format_iso(ms));
}

V date_part(Evaluator& ev, std::string_view name, Args& a) {
  std::int64_t ms;
  if (!local_ms(ev, name, a, 1, ms)) return V();
  auto c = dates::civil_from_ms(ms);
  if (name == "DATE_DAYOFWEEK") return V::integer(dates::day_of_week(ms));
  if (name == "DATE_YEAR") return V::integer(c.year);
  if (name == "DATE_MONTH") return V::integer(c.month);
  if (name == "DATE_DAY") return V::integer(c.day);
  if (name == "DATE_HOUR") return V::integer(c.hour);
  if (name == "DATE_MINUTE") return V::integer(c.minute);
  if (name == "DATE_SECOND") return V::integer(c.second);
  if (name == "DATE_MILLISECOND") return V::integer(c.millisecond);
  if (name == "DATE_DAYOFYEAR") return V::integer(dates::day_of_year(ms));
  if (name == "DATE_ISOWEEK" || name == "DATE_ISOWEEKYEAR") {
    int w;
    std::int64_t y;
    dates::iso_week(ms, w, y);
    if (name == "DATE_ISOWEEK") return V::integer(w);
    return V::object({{"week", V::integer(w)}, {"year", V::integer(y)}});
  }
  if (name == "DATE_LEAPYEAR") return V::boolean(dates::is_leap(c.year));
  if (name == "DATE_QUARTER") return V::integer((c.month - 1) / 3 + 1);
  if (name == "DATE_DAYS_IN_MONTH") return V::integer(dates::days_in_month(c.year, c.month));
  return V();
}

// unit name -> canonical
std::string date_unit(std::string u) {
  u = lower_ascii(u);
  if (u == "y" || u == "year" || u == "years") return "y";
  if (u == "m" || u == "month" || u == "months") return "m";
  if (u == "w" || u == "week" || u == "weeks") return "w";
  if (u == "d" || u == "day" || u == "days") return "d";
  if (u == "h" || u == "hour" || u == "hours") return "h";
  if (u == "i" || u == "minute" || u == "minutes") return "i";
  if (u == "s" || u == "second" || u == "seconds") return "s";
  if (u == "f" || u == "millisecond" || u == "milliseconds") return "f";
  return "";
}

// `amount` units added to a timestamp; the client's amount saturates (and a result beyond the
// dates AQL knows is caught by the caller) instead of overflowing.
std::int64_t add_unit(std::int64_t ms, std::string const& unit, double amount) {
  dates::Civil c = dates::civil_from_ms(ms);
  if (unit == "y" || unit == "m") {
    // beyond a million years either way the result is out of range anyway
    double const months = std::clamp(amount * (unit == "y" ? 12.0 : 1.0), -1.2e7, 1.2e7);
    std::int64_t total = c.year * 12 + (c.month - 1) + saturating_int64(months);
    c.year = total >= 0 ? total / 12 : (total - 11) / 12;
    c.month = static_cast<int>(total - c.year * 12) + 1;
    c.day = std::min(c.day, dates::days_in_month(c.year, c.month));
    return dates::ms_from_civil(c);
  }
  double f = unit == "w" ? 604800000.0 : unit == "d" ? 86400000.0 : unit == "h" ? 3600000.0
             : unit == "i" ? 60000.0 : unit == "s" ? 1000.0 : 1.0;
  return saturating_add(ms, saturating_int64(amount * f));
}

// DATE_ADD / DATE_SUBTRACT with optional time zone: calendar arithmetic on
// the local wall clock for day-based units.
V date_add_impl(Evaluator& ev, std::string_view name, Args& a, int sign) {
  std::int64_t ms;
  if (!date_arg(ev, name, arg(a, 0), ms)) return V();
  std::string tz;
  std::vector<std::pair<std::string, double>> parts;
  if (arg(a, 1).is_string() && (a.size() == 2 || (a.size() == 3 && !arg(a, 2).is_number()))) {
    // ISO duration
    std::string d = a[1].str();
    if (d.size() < 2 || d[0] != 'P') {
      ev.warn(1572, "invalid date value");
      return V();
    }
    bool time = false;
    std::size_t i = 1;
    while (i < d.size()) {
      if (d[i] == 'T') {
        time = true;
        ++i;
        continue;
      }
      std::size_t j = i;
      while (j < d.size() && (std::isdigit(static_cast<unsigned char>(d[j])) || d[j] == '.')) ++j;
      if (j == i || j >= d.size()) {
        ev.warn(1572, "invalid date value");
        return V();
      }
      double v = std::atof(d.substr(i, j - i).c_str());
      char u = d[j];
      std::string unit = !time ? (u == 'Y' ? "y" : u == 'M' ? "m" : u == 'W' ? "w" : u == 'D' ? "d" : "")
                               : (u == 'H' ? "h" : u == 'M' ? "i" : u == 'S' ? "s" : "");
      if (unit.empty()) {
        ev.warn(1572, "invalid date value");
        return V();
      }
      if (unit == "s" && v != std::floor(v)) {
        parts.emplace_back("s", std::floor(v));
        parts.emplace_back("f", std::round((v - std::floor(v)) * 1000));
      } else {
        parts.emplace_back(unit, v);
      }
      i = j + 1;
    }
    if (a.size() == 3) tz = a[2].to_string();
  } else {
    std::string unit = date_unit(arg(a, 2).to_string());
    if (unit.empty()) {
      ev.warn(1572, "invalid date value");
      return V();
    }
    parts.emplace_back(unit, arg(a, 1).to_number());
    if (a.size() > 3 && !a[3].is_null()) tz = a[3].to_string();
  }
  if (!tz.empty()) {
    auto z = dates::zone_at_utc(tz, ms);
    if (!z) {
      ev.warn(10, "invalid timezone");
      return V();
    }
    std::int64_t local = ms + static_cast<std::int64_t>(z->offset) * 1000;
    for (auto const& p : parts) local = add_unit(local, p.first, sign * p.second);
    auto z2 = dates::zone_for_local(tz, local);
    ms = local - static_cast<std::int64_t>(z2 ? z2->offset : 0) * 1000;
  } else {
    for (auto const& p : parts) ms = add_unit(ms, p.first, sign * p.second);
  }
  // arangod formats a date only within the years 0 to 9999 (else warning 1572 and null)
  if (ms < kMinDateMs || ms > kMaxDateMs) {
    ev.warn(1572, "invalid date value");
    return V();
  }
  return V::string(dates::format_iso(ms));
}
V f_date_add(Evaluator& ev, std::string_view name, Args& a) { return date_add_impl(ev, name, a, 1); }
V f_date_subtract(Evaluator& ev, std::string_view name, Args& a) { return date_add_impl(ev, name, a, -1); }

V f_date_diff(Evaluator& ev, std::string_view name, Args& a) {
  std::int64_t d1, d2;
  if (!date_arg(ev, name, arg(a, 0), d1) || !date_arg(ev, name, arg(a, 1), d2)) return V();
  std::string unit = date_unit(arg(a, 2).to_string());
  if (unit.empty()) {
    ev.warn(1572, "invalid date value");
    return V();
  }
  bool as_float = false;
  std::size_t tzi = 3;
  if (a.size() > 3 && a[3].is_bool()) {
    as_float = a[3].as_bool();
    tzi = 4;
  } else if (a.size() > 3 && a[3].is_null()) {
    tzi = 4;
  }
  std::string tz1, tz2;
  if (a.size() > tzi && !a[tzi].is_null()) tz1 = a[tzi].to_string();
  if (a.size() > tzi + 1 && !a[tzi + 1].is_null()) tz2 = a[tzi + 1].to_string();
  else tz2 = tz1;
  if (!tz1.empty()) {
    auto z = dates::zone_at_utc(tz1, d1);
    if (z) d1 += static_cast<std::int64_t>(z->offset) * 1000;
  }
  if (!tz2.empty()) {
    auto z = dates::zone_at_utc(tz2, d2);
    if (z) d2 += static_cast<std::int64_t>(z->offset) * 1000;
  }
  double diff;
  if (unit == "y" || unit == "m") {
    auto c1 = dates::civil_from_ms(d1), c2 = dates::civil_from_ms(d2);
    double months = static_cast<double>((c2.year - c1.year) * 12 + (c2.month - c1.month));
    // fraction of the month
    std::int64_t anchor = add_unit(d1, "m", months);
    if ((d2 >= d1 && anchor > d2) || (d2 < d1 && anchor < d2)) {
      months += d2 >= d1 ? -1 : 1;
      anchor = add_unit(d1, "m", months);
    }
    std::int64_t next = add_unit(d1, "m", months + (d2 >= d1 ? 1 : -1));
    double frac = next != anchor ? static_cast<double>(d2 - anchor) / static_cast<double>(std::llabs(next - anchor)) : 0;
    diff = months + (d2 >= d1 ? frac : frac);
    if (unit == "y") diff /= 12;
  } else {
    double f = unit == "w" ? 604800000.0 : unit == "d" ? 86400000.0 : unit == "h" ? 3600000.0
               : unit == "i" ? 60000.0 : unit == "s" ? 1000.0 : 1.0;
    diff = static_cast<double>(d2 - d1) / f;
  }
  if (!as_float) diff = std::trunc(diff);
  return num(diff);
}

V f_date_compare(Evaluator& ev, std::string_view name, Args& a) {
  std::int64_t d1, d2;
  if (!date_arg(ev, name, arg(a, 0), d1) || !date_arg(ev, name, arg(a, 1), d2)) return V();
  std::string start = date_unit(arg(a, 2).to_string());
  std::string end = a.size() > 3 && !a[3].is_null() ? date_unit(a[3].to_string()) : start;
  static std::string const order = "ymdhisf";
  auto si = order.find(start), ei = order.find(end);
  if (start.empty() || end.empty() || si == std::string::npos || ei == std::string::npos || ei < si) {
    ev.warn(10, "invalid unit");
    return V();
  }
  auto c1 = dates::civil_from_ms(d1), c2 = dates::civil_from_ms(d2);
  auto field = [](dates::Civil const& c, char u) -> std::int64_t {
    switch (u) {
      case 'y': return c.year;
      case 'm': return c.month;
      case 'd': return c.day;
      case 'h': return c.hour;
      case 'i': return c.minute;
      case 's': return c.second;
      default: return c.millisecond;
    }
  };
  for (auto i = si; i <= ei; ++i) {
    if (field(c1, order[i]) != field(c2, order[i])) return V::boolean(false);
  }
  return V::boolean(true);
}

std::string pad(std::int64_t v, int w) {
  std::string s = std::to_string(std::llabs(v));
  while (static_cast<int>(s.size()) < w) s.insert(s.begin(), '0');
  return (v < 0 ? "-" : "") + s;
}

V f_date_format(Evaluator& ev, std::string_view name, Args& a) {
  std::int64_t ms;
  if (!date_arg(ev, name, arg(a, 0), ms)) return V();
  std::string fmt = arg(a, 1).to_string();
  auto c = dates::civil_from_ms(ms);
  static char const* days[] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
  static char const* months[] = {"January", "February", "March", "April", "May", "June", "July",
                                 "August", "September", "October", "November", "December"};
  std::string out;
  std::size_t i = 0;
  auto starts = [&](char const* p) { return fmt.compare(i, std::strlen(p), p) == 0; };
  while (i < fmt.size()) {
    if (fmt[i] != '%') {
      out += fmt[i++];
      continue;
    }
    ++i;
    int week;
    std::int64_t wy;
    if (starts("yyyyyy")) { out += (c.year >= 0 ? "+" : "-") + pad(std::llabs(c.year), 6); i += 6; }
    else if (starts("yyyy")) { out += pad(c.year, 4); i += 4; }
    else if (starts("yy")) { out += pad(c.year % 100, 2); i += 2; }
    else if (starts("y")) { out += std::to_string(c.year); i += 1; }
    else if (starts("mmmm")) { out += months[c.month - 1]; i += 4; }
    else if (starts("mmm")) { out += std::string(months[c.month - 1]).substr(0, 3); i += 3; }
    else if (starts("mm")) { out += pad(c.month, 2); i += 2; }
    else if (starts("m")) { out += std::to_string(c.month); i += 1; }
    else if (starts("dd")) { out += pad(c.day, 2); i += 2; }
    else if (starts("d")) { out += std::to_string(c.day); i += 1; }
    else if (starts("hh")) { out += pad(c.hour, 2); i += 2; }
    else if (starts("h")) { out += std::to_string(c.hour); i += 1; }
    else if (starts("ii")) { out += pad(c.minute, 2); i += 2; }
    else if (starts("i")) { out += std::to_string(c.minute); i += 1; }
    else if (starts("ss")) { out += pad(c.second, 2); i += 2; }
    else if (starts("s")) { out += std::to_string(c.second); i += 1; }
    else if (starts("fff")) { out += pad(c.millisecond, 3); i += 3; }
    else if (starts("f")) { out += std::to_string(c.millisecond); i += 1; }
    else if (starts("xxx")) { out += pad(dates::day_of_year(ms), 3); i += 3; }
    else if (starts("x")) { out += std::to_string(dates::day_of_year(ms)); i += 1; }
    else if (starts("kk")) { dates::iso_week(ms, week, wy); out += pad(week, 2); i += 2; }
    else if (starts("k")) { dates::iso_week(ms, week, wy); out += std::to_string(week); i += 1; }
    else if (starts("l")) { out += dates::is_leap(c.year) ? "1" : "0"; i += 1; }
    else if (starts("q")) { out += std::to_string((c.month - 1) / 3 + 1); i += 1; }
    else if (starts("a")) { out += std::to_string(dates::days_in_month(c.year, c.month)); i += 1; }
    else if (starts("t")) { out += std::to_string(ms); i += 1; }
    else if (starts("z")) { out += dates::format_iso(ms); i += 1; }
    else if (starts("www")) { out += std::string(days[dates::day_of_week(ms)]).substr(0, 3); i += 3; }
    else if (starts("wwww")) { out += days[dates::day_of_week(ms)]; i += 4; }
    else if (starts("w")) { out += std::to_string(dates::day_of_week(ms)); i += 1; }
    else if (starts("%")) { out += '%'; i += 1; }
    else { out += '%'; }
  }
  return V::string(out);
}

V f_date_trunc(Evaluator& ev, std::string_view name, Args& a) {
  std::int64_t ms;
  if (!date_arg(ev, name, arg(a, 0), ms)) return V();
  std::string unit = date_unit(arg(a, 1).to_string());
  auto c = dates::civil_from_ms(ms);
  if (unit == "y") { c.month = 1; c.day = 1; c.hour = c.minute = c.second = c.millisecond = 0; }
  else if (unit == "m") { c.day = 1; c.hour = c.minute = c.second = c.millisecond = 0; }
  else if (unit == "d") { c.hour = c.minute = c.second = c.millisecond = 0; }
  else if (unit == "h") { c.minute = c.second = c.millisecond = 0; }
  else if (unit == "i") { c.second = c.millisecond = 0; }
  else if (unit == "s") { c.millisecond = 0; }
  else if (unit == "f") {}
  else {
    ev.warn(1572, "invalid date value");
    return V();
  }
  return V::string(dates::format_iso(dates::ms_from_civil(c)));
}

V f_date_round(Evaluator& ev, std::string_view name, Args& a) {
  std::int64_t ms;
  if (!date_arg(ev, name, arg(a, 0), ms)) return V();
  double amount = arg(a, 1).to_number();
  std::string unit = date_unit(arg(a, 2).to_string());
  double f = unit == "w" ? 604800000.0 : unit == "d" ? 86400000.0 : unit == "h" ? 3600000.0
             : unit == "i" ? 60000.0 : unit == "s" ? 1000.0 : unit == "f" ? 1.0 : 0;
  if (f == 0 || amount <= 0) {
    ev.warn(1572, "invalid date value");
    return V();
  }
  auto step = saturating_int64(amount * f);
  if (step <= 0) {  // below a millisecond (DATE_ROUND(d, 0.5, 'f')): nothing to round to
    ev.warn(1572, "invalid date value");
    return V();
  }
  std::int64_t r = ms - ((ms % step) + step) % step;
  return V::string(dates::format_iso(r));
}

V zone_object(dates::ZoneInfo const& z) {
  return V::object({{"name", V::string(z.name)},
                    {"begin", z.has_begin ? V::string(dates::format_iso(z.begin_ms)) : V()},
                    {"end", z.has_end ? V::string(dates::format_iso(z.end_ms)) : V()},
                    {"dst", V::boolean(z.dst)},
                    {"offset", V::integer(z.offset)}});
}

V f_date_utctolocal(Evaluator& ev, std::string_view name, Args& a) {
  std::int64_t ms;
  if (!date_arg(ev, name, arg(a, 0), ms)) return V();
  std::string tz = arg(a, 1).to_string();
  auto z = dates::zone_at_utc(tz, ms);
  if (!z) {
    ev.warn(10, "invalid timezone '" + tz + "'");
    return V();
  }
  std::int64_t local = ms + static_cast<std::int64_t>(z->offset) * 1000;
  bool utc_zone = tz == "UTC" || tz == "Etc/UTC";
  V out = V::string(dates::format_iso(local, utc_zone));
  if (arg(a, 2).to_bool()) {
    return V::object({{"local", out}, {"tzdb", V::string(dates::tzdb_version())}, {"zoneInfo", zone_object(*z)}});
  }
  return out;
}

V f_date_localtoutc(Evaluator& ev, std::string_view name, Args& a) {
  std::int64_t ms;
  if (!date_arg(ev, name, arg(a, 0), ms)) return V();
  std::string tz = arg(a, 1).to_string();
  auto z = dates::zone_for_local(tz, ms);
  if (!z) {
    ev.warn(10, "invalid timezone '" + tz + "'");
    return V();
  }
  std::int64_t utc = ms - static_cast<std::int64_t>(z->offset) * 1000;
  V out = V::string(dates::format_iso(utc));
  if (arg(a, 2).to_bool()) {
    return V::object({{"utc", out}, {"tzdb", V::string(dates::tzdb_version())}, {"zoneInfo", zone_object(*z)}});
  }
  return out;
}

V f_date_timezone(Evaluator&, std::string_view, Args&) { return V::string("Etc/UTC"); }

// ---------------------------------------------------------------------------
// misc
// ---------------------------------------------------------------------------

V f_not_null(Evaluator&, std::string_view, Args& a) {
  for (auto const& v : a) {
    if (!v.is_null()) return v;
  }
  return V();
}
V f_first_list(Evaluator&, std::string_view, Args& a) {
  for (auto const& v : a) {
    if (v.is_array()) return v;
  }
  return V();
}
V f_first_document(Evaluator&, std::string_view, Args& a) {
  for (auto const& v : a) {
    if (v.is_object()) return v;
  }
  return V();
}
V f_passthru(Evaluator&, std::string_view, Args& a) { return arg(a, 0); }
V f_sleep(Evaluator& ev, std::string_view name, Args& a) {
  if (!arg(a, 0).is_number() || a[0].num() < 0) {
    type_warning(ev, name);
    return V();
  }
  ev.sleep_for(a[0].num());
  return V();
}
V f_fail(Evaluator&, std::string_view, Args& a) {
  std::string msg = a.empty() ? std::string() : a[0].to_string();
  throw QueryError(1569, format_error(1569, {msg}));
}
V f_collections(Evaluator& ev, std::string_view, Args&) {
  Array out;
  for (auto const& n : ev.source().collection_names()) {
    auto info = ev.source().collection(n);
    out.push_back(V::object({{"_id", V::string(n)}, {"name", V::string(n)}}));
  }
  return V::array(std::move(out));
}
V f_current_user(Evaluator& ev, std::string_view, Args&) {
  if (ev.options().user.empty()) return V();
  return V::string(ev.options().user);
}
V f_current_database(Evaluator& ev, std::string_view, Args&) { return V::string(ev.options().database); }
V f_version(Evaluator&, std::string_view, Args&) { return V::string("3.12.10"); }
V f_collection_count(Evaluator& ev, std::string_view, Args& a) {
  std::string c = arg(a, 0).to_string();
  if (!ev.source().collection(c)) throw QueryError(1203, "collection or view not found: " + c);
  return V::integer(static_cast<std::int64_t>(ev.source().count(c)));
}
V f_assert(Evaluator&, std::string_view, Args& a) {
  if (!arg(a, 0).to_bool()) throw QueryError(1593, arg(a, 1).to_string());
  return V::boolean(true);
}
V f_warn(Evaluator& ev, std::string_view, Args& a) {
  if (!arg(a, 0).to_bool()) {
    ev.warn(1594, arg(a, 1).to_string());
    return V::boolean(false);
  }
  return V::boolean(true);
}
V f_decode_rev(Evaluator& ev, std::string_view name, Args& a) {
  (void)ev;
  (void)name;
  (void)a;
  return V();
}
V f_apply(Evaluator& ev, std::string_view name, Args& a) {
  std::string fn = arg(a, 0).to_string();
  for (auto& c : fn) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  Args rest;
  if (name == "APPLY") {
    if (a.size() > 1) rest = a[1].to_array().arr();
  } else {
    rest.assign(a.begin() + 1, a.end());
  }
  if (fn.find("::") != std::string::npos) {
    throw QueryError(1582, format_error(1582, {fn}));
  }
  if (fn == "APPLY" || fn == "CALL") throw QueryError(1578, format_error(1578, {fn}));
  return ev.call_function(fn, rest);
}
V f_minhash_error(Evaluator&, std::string_view, Args& a) {
  double k = arg(a, 0).to_number();
  if (k <= 0) return V();
  return V::number(1.0 / std::sqrt(k));
}
// irs::MinHash::MaxSize: hashes needed for an expected error.
V f_minhash_count(Evaluator&, std::string_view, Args& a) {
  double err = arg(a, 0).to_number();
  if (!(err > 0 && err < 1)) return V();
  return V::number(std::ceil(1.0 / (err * err)));
}
// MinHash with one hash function (irs::MinHash): the numHashes smallest
// distinct VPack normalized hashes of the values, as a vector that is a
// max-heap once full (std::make_heap / pop_heap / push_heap); each hash is
// given as the unpadded base64 of its 8 little-endian bytes.
V f_minhash(Evaluator& ev, std::string_view name, Args& a) {
  Value const& values = arg(a, 0);
  Value const& count = arg(a, 1);
  if (!values.is_array() || !count.is_number() || count.num() < 1) {
    type_warning(ev, name);
    return V();
  }
  auto const max_size = static_cast<std::size_t>(std::min(count.num(), 1e9));
  std::size_t left = max_size;
  std::vector<std::uint64_t> heap;
  std::unordered_set<std::uint64_t> dedup;
  for (auto const& v : values.arr()) {
    std::uint64_t h = vpack_normalized_hash(v);
    if (left > 0) {
      if (!dedup.insert(h).second) continue;
      heap.push_back(h);
      if (--left == 0) std::make_heap(heap.begin(), heap.end());
    } else if (h < heap.front() && dedup.insert(h).second) {
      std::pop_heap(heap.begin(), heap.end());
      dedup.erase(heap.back());
      heap.back() = h;
      std::push_heap(heap.begin(), heap.end());
    }
  }
  static char const* tbl = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  Array out;
  for (std::uint64_t h : heap) {
    std::string s;
    int bits = 0;
    std::uint32_t acc = 0;
    for (int i = 0; i < 8; ++i) {
      acc = (acc << 8) | ((h >> (8 * i)) & 0xff);
      bits += 8;
      while (bits >= 6) {
        bits -= 6;
        s += tbl[(acc >> bits) & 63];
      }
    }
    if (bits > 0) s += tbl[(acc << (6 - bits)) & 63];
    out.push_back(V::string(std::move(s)));
  }
  return V::array(std::move(out));
}
// BIT_AND / BIT_OR / BIT_XOR over an array: nulls are skipped, every other element must be a
// number from 0 to 2^32-1 (as arangod's bitOperationValue; the fraction of a double is cut off),
// else the result is null (with the invalid-argument warning when `warn`: not in COLLECT's
// aggregates). A client's double is never cast beyond that range.
template <class Op>
V bit_fold(Evaluator& ev, std::string_view name, Value const& values, bool warn, Op op) {
  if (!values.is_array()) {
    if (warn) type_warning(ev, name);
    return V();
  }
  bool any = false;
  std::uint64_t r = 0;
  for (auto const& e : values.arr()) {
    if (e.is_null()) continue;
    if (!e.is_number() || !(e.num() >= 0) || e.num() > 4294967295.0) {
      if (warn) type_warning(ev, name);
      return V();
    }
    auto const v = static_cast<std::uint64_t>(e.num());
    r = any ? op(r, v) : v;
    any = true;
  }
  return any ? V::integer(static_cast<std::int64_t>(r)) : V();
}
V bit_function(Evaluator& ev, std::string_view name, Value const& values, bool warn) {
  if (name == "BIT_AND") return bit_fold(ev, name, values, warn, [](auto x, auto y) { return x & y; });
  if (name == "BIT_OR") return bit_fold(ev, name, values, warn, [](auto x, auto y) { return x | y; });
  return bit_fold(ev, name, values, warn, [](auto x, auto y) { return x ^ y; });
}
V f_bit(Evaluator& ev, std::string_view name, Args& a) { return bit_function(ev, name, arg(a, 0), true); }

constexpr int M = kMaxArgs;

// The built-ins of this file, then the geo and fulltext functions (geo.cpp).
std::vector<FunctionDef> const kFunctions = [] {
  std::vector<FunctionDef> table = {
    // type checks
    {"IS_NULL", 1, 1, f_is_null}, {"IS_BOOL", 1, 1, f_is_bool}, {"IS_NUMBER", 1, 1, f_is_number},
    {"IS_STRING", 1, 1, f_is_string}, {"IS_ARRAY", 1, 1, f_is_array}, {"IS_LIST", 1, 1, f_is_array},
    {"IS_OBJECT", 1, 1, f_is_object}, {"IS_DOCUMENT", 1, 1, f_is_object},
    {"IS_DATESTRING", 1, 1, f_is_datestring}, {"IS_IPV4", 1, 1, f_is_ipv4}, {"IS_KEY", 1, 1, f_is_key},
    {"TYPENAME", 1, 1, f_typename},
    // casts
    {"TO_NUMBER", 1, 1, f_to_number}, {"TO_STRING", 1, 1, f_to_string}, {"TO_BOOL", 1, 1, f_to_bool},
    {"TO_ARRAY", 1, 1, f_to_array}, {"TO_LIST", 1, 1, f_to_array},
    // strings
    {"CONCAT", 1, M, f_concat}, {"CONCAT_SEPARATOR", 2, M, f_concat_separator},
    {"CHAR_LENGTH", 1, 1, f_char_length}, {"LOWER", 1, 1, f_lower}, {"UPPER", 1, 1, f_upper},
    {"SUBSTRING", 2, 3, f_substring}, {"SUBSTRING_BYTES", 2, 3, f_substring_bytes},
    {"CONTAINS", 2, 3, f_contains}, {"LIKE", 2, 3, f_like},
    {"REGEX_MATCHES", 2, 3, f_regex_matches}, {"REGEX_SPLIT", 2, 4, f_regex_split},
    {"REGEX_TEST", 2, 3, f_regex_test}, {"REGEX_REPLACE", 3, 4, f_regex_replace},
    {"LEFT", 2, 2, f_left}, {"RIGHT", 2, 2, f_right}, {"TRIM", 1, 2, f_trim}, {"LTRIM", 1, 2, f_ltrim},
    {"RTRIM", 1, 2, f_rtrim}, {"FIND_FIRST", 2, 4, f_find_first}, {"FIND_LAST", 2, 4, f_find_last},
    {"SPLIT", 1, 3, f_split}, {"SUBSTITUTE", 2, 4, f_substitute},
    {"IPV4_TO_NUMBER", 1, 1, f_ipv4_to_number}, {"IPV4_FROM_NUMBER", 1, 1, f_ipv4_from_number},
    {"MD5", 1, 1, f_md5}, {"SHA1", 1, 1, f_sha1}, {"SHA256", 1, 1, f_sha256}, {"SHA512", 1, 1, f_sha512},
    {"CRC32", 1, 1, f_crc32}, {"FNV64", 1, 1, f_fnv64}, {"HASH", 1, 1, f_hash},
    {"TO_BASE64", 1, 1, f_to_base64}, {"TO_HEX", 1, 1, f_to_hex}, {"TO_CHAR", 1, 1, f_to_char},
    {"ENCODE_URI_COMPONENT", 1, 1, f_encode_uri_component}, {"SOUNDEX", 1, 1, f_soundex},
    {"LEVENSHTEIN_DISTANCE", 2, 2, f_levenshtein}, {"NGRAM_SIMILARITY", 3, 3, f_ngram_similarity<false>},
    {"NGRAM_POSITIONAL_SIMILARITY", 3, 3, f_ngram_similarity<true>},
    {"IN_RANGE", 5, 5, f_in_range}, {"RANDOM_TOKEN", 1, 1, f_random_token, 0, false, false},
    {"UUID", 0, 0, f_uuid, 0, false, false}, {"REPEAT", 2, 3, f_repeat},
    {"STARTS_WITH", 2, 4, f_starts_with}, {"JSON_STRINGIFY", 1, 1, f_json_stringify},
    {"JSON_PARSE", 1, 1, f_json_parse}, {"TOKENS", 1, 2, f_tokens},
    // numeric
    {"FLOOR", 1, 1, math_int<d_floor>}, {"CEIL", 1, 1, math_int<d_ceil>},
    {"ROUND", 1, 1, math_int<d_round>}, {"ABS", 1, 1, math1<d_abs>}, {"SQRT", 1, 1, math1<d_sqrt>},
    {"POW", 2, 2, f_pow}, {"LOG", 1, 1, math1<d_log>}, {"LOG2", 1, 1, math1<d_log2>},
    {"LOG10", 1, 1, math1<d_log10>}, {"EXP", 1, 1, math1<d_exp>}, {"EXP2", 1, 1, math1<d_exp2>},
    {"SIN", 1, 1, math1<d_sin>}, {"COS", 1, 1, math1<d_cos>}, {"TAN", 1, 1, math1<d_tan>},
    {"ASIN", 1, 1, math1<d_asin>}, {"ACOS", 1, 1, math1<d_acos>}, {"ATAN", 1, 1, math1<d_atan>},
    {"ATAN2", 2, 2, f_atan2}, {"RADIANS", 1, 1, math1<d_radians>},
    {"DEGREES", 1, 1, math1<d_degrees>}, {"PI", 0, 0, f_pi}, {"RAND", 0, 0, f_rand, 0, false, false},
    // arrays
    {"RANGE", 2, 3, f_range}, {"UNION", 2, M, f_union}, {"UNION_DISTINCT", 2, M, f_union_distinct},
    {"MINUS", 2, M, f_minus}, {"OUTERSECTION", 2, M, f_outersection},
    {"INTERSECTION", 2, M, f_intersection}, {"JACCARD", 2, 2, f_jaccard}, {"FLATTEN", 1, 2, f_flatten},
    {"LENGTH", 1, 1, f_length, 0, true}, {"COUNT", 1, 1, f_length, 0, true},
    {"MIN", 1, 1, f_min, 0, true}, {"MAX", 1, 1, f_max, 0, true}, {"SUM", 1, 1, f_sum, 0, true},
    {"MEDIAN", 1, 1, f_median}, {"PERCENTILE", 2, 3, f_percentile},
    {"AVERAGE", 1, 1, f_average, 0, true}, {"AVG", 1, 1, f_average, 0, true},
    {"VARIANCE_SAMPLE", 1, 1, f_var_sample, 0, true},
    {"VARIANCE_POPULATION", 1, 1, f_var_pop, 0, true}, {"VARIANCE", 1, 1, f_var_pop, 0, true},
    {"STDDEV_SAMPLE", 1, 1, f_std_sample, 0, true}, {"STDDEV_POPULATION", 1, 1, f_std_pop, 0, true},
    {"STDDEV", 1, 1, f_std_pop, 0, true}, {"COUNT_DISTINCT", 1, 1, f_count_distinct, 0, true},
    {"COUNT_UNIQUE", 1, 1, f_count_distinct, 0, true}, {"PRODUCT", 1, 1, f_product},
    {"UNIQUE", 1, 1, f_unique, 0, true}, {"SORTED_UNIQUE", 1, 1, f_sorted_unique, 0, true},
    {"SORTED", 1, 1, f_sorted}, {"SLICE", 2, 3, f_slice}, {"REVERSE", 1, 1, f_reverse},
    {"FIRST", 1, 1, f_first}, {"LAST", 1, 1, f_last}, {"NTH", 2, 2, f_nth},
    {"POSITION", 2, 3, f_position}, {"CONTAINS_ARRAY", 2, 3, f_position}, {"PUSH", 2, 3, f_push_unshift<false>, 0, true},
    {"APPEND", 2, 3, f_append}, {"POP", 1, 1, f_pop}, {"SHIFT", 1, 1, f_shift},
    {"UNSHIFT", 2, 3, f_push_unshift<true>}, {"REMOVE_VALUE", 2, 3, f_remove_value},
    {"REMOVE_VALUES", 2, 2, f_remove_values}, {"REMOVE_NTH", 2, 2, f_remove_nth},
    {"REPLACE_NTH", 3, 4, f_replace_nth}, {"INTERLEAVE", 2, M, f_interleave},
    {"CALL", 1, M, f_apply, 0, false, false}, {"APPLY", 1, 2, f_apply, 0, false, false},
    {"BIT_AND", 1, 1, f_bit, 0, true}, {"BIT_OR", 1, 1, f_bit, 0, true},
    {"BIT_XOR", 1, 1, f_bit, 0, true}, {"MINHASH_ERROR", 1, 1, f_minhash_error},
    {"MINHASH", 2, 2, f_minhash}, {"MINHASH_COUNT", 1, 1, f_minhash_count},
    // documents
    {"HAS", 2, 2, f_has}, {"ATTRIBUTES", 1, 3, f_attributes}, {"KEYS", 1, 3, f_attributes},
    {"VALUES", 1, 2, f_values}, {"ENTRIES", 1, 1, f_entries}, {"MERGE", 1, M, f_merge},
    {"MERGE_RECURSIVE", 1, M, f_merge_recursive}, {"MATCHES", 2, 3, f_matches},
    {"UNSET", 2, M, f_unset_keep<false, false>},
    {"UNSET_RECURSIVE", 2, M, f_unset_keep<true, false>}, {"KEEP", 2, M, f_unset_keep<false, true>},
    {"KEEP_RECURSIVE", 2, M, f_unset_keep<true, true>}, {"TRANSLATE", 2, 3, f_translate},
    {"ZIP", 2, 2, f_zip}, {"VALUE", 2, 2, f_value},
    {"DOCUMENT", 1, 2, f_document, 1, false, false},
    {"PARSE_IDENTIFIER", 1, 1, f_parse_identifier}, {"PARSE_KEY", 1, 1, f_parse_identifier},
    {"PARSE_COLLECTION", 1, 1, f_parse_identifier},
    {"IS_SAME_COLLECTION", 2, 2, f_is_same_collection, 1},
    // dates
    {"DATE_NOW", 0, 0, f_date_now, 0, false, false}, {"DATE_ISO8601", 1, 7, f_date_iso8601},
    {"DATE_TIMESTAMP", 1, 7, f_date_iso8601}, {"DATE_DAYOFWEEK", 1, 2, date_part},
    {"DATE_YEAR", 1, 2, date_part}, {"DATE_MONTH", 1, 2, date_part}, {"DATE_DAY", 1, 2, date_part},
    {"DATE_HOUR", 1, 2, date_part}, {"DATE_MINUTE", 1, 2, date_part}, {"DATE_SECOND", 1, 2, date_part},
    {"DATE_MILLISECOND", 1, 2, date_part}, {"DATE_DAYOFYEAR", 1, 2, date_part},
    {"DATE_ISOWEEK", 1, 2, date_part}, {"DATE_ISOWEEKYEAR", 1, 2, date_part},
    {"DATE_LEAPYEAR", 1, 2, date_part}, {"DATE_QUARTER", 1, 2, date_part},
    {"DATE_DAYS_IN_MONTH", 1, 2, date_part}, {"DATE_ADD", 2, 4, f_date_add},
    {"DATE_SUBTRACT", 2, 4, f_date_subtract}, {"DATE_DIFF", 3, 6, f_date_diff},
    {"DATE_COMPARE", 3, 4, f_date_compare}, {"DATE_FORMAT", 2, 3, f_date_format},
    {"DATE_TRUNC", 2, 3, f_date_trunc}, {"DATE_ROUND", 3, 4, f_date_round},
    {"DATE_UTCTOLOCAL", 2, 3, f_date_utctolocal}, {"DATE_LOCALTOUTC", 2, 3, f_date_localtoutc},
    {"DATE_TIMEZONE", 0, 0, f_date_timezone},
    // misc
    {"NOT_NULL", 1, M, f_not_null}, {"FIRST_LIST", 1, M, f_first_list},
    {"FIRST_DOCUMENT", 1, M, f_first_document}, {"PASSTHRU", 1, 1, f_passthru},
    {"NOOPT", 1, 1, f_passthru}, {"NOEVAL", 1, 1, f_passthru},
    {"SLEEP", 1, 1, f_sleep, 0, false, false}, {"FAIL", 0, 1, f_fail, 0, false, false},
    {"COLLECTIONS", 0, 0, f_collections, 0, false, false}, {"CURRENT_USER", 0, 0, f_current_user},
    {"CURRENT_DATABASE", 0, 0, f_current_database}, {"VERSION", 0, 0, f_version},
    {"COLLECTION_COUNT", 1, 1, f_collection_count, 1, false, false},
    {"ASSERT", 2, 2, f_assert, 0, false, false}, {"WARN", 2, 2, f_warn, 0, false, false},
    {"DECODE_REV", 1, 1, f_decode_rev},
    // vector search (aql/vector.hpp): reached only when use-vector-index did not apply
    {"APPROX_NEAR_COSINE", 2, 3, f_approx_near}, {"APPROX_NEAR_L2", 2, 3, f_approx_near},
    {"APPROX_NEAR_INNER_PRODUCT", 2, 3, f_approx_near},
  };
  auto const& geo = geo_functions();
  table.insert(table.end(), geo.begin(), geo.end());
  auto const& search = search_functions();
  table.insert(table.end(), search.begin(), search.end());
  return table;
}();

}  // namespace

std::vector<FunctionDef> const& all_functions() { return kFunctions; }

FunctionDef const* find_function(std::string_view upper_name) {
  static std::unordered_map<std::string_view, FunctionDef const*> const index = [] {
    std::unordered_map<std::string_view, FunctionDef const*> m;
    for (auto const& f : kFunctions) m.emplace(f.name, &f);
    return m;
  }();
  auto it = index.find(upper_name);
  return it == index.end() ? nullptr : it->second;
}

bool is_aggregate_function(std::string_view name) {
  auto const* f = find_function(name);
  return f != nullptr && f->aggregate;
}

Value aggregate_values(Evaluator& ev, std::string_view func, std::vector<Value> const& values) {
  if (func == "LENGTH" || func == "COUNT") {
    return Value::integer(static_cast<std::int64_t>(values.size()));
  }
  if (func == "PUSH") return Value::array(values);
  // aggregators ignore nulls; non-numbers make numeric aggregates null
  auto numeric = [&](bool& ok) {
    std::vector<double> out;
    ok = true;
    for (auto const& v : values) {
      if (v.is_null()) continue;
      if (!v.is_number()) {
        ok = false;
        return out;
      }
      out.push_back(v.num());
    }
    return out;
  };
  if (func == "SUM") {
    bool ok;
    auto n = numeric(ok);
    if (!ok) return Value();
    double s = 0;
    bool all_int = true;
    std::int64_t is = 0;
    for (auto const& v : values) {
      if (v.is_null()) continue;
      if (!(v.is_int() && all_int && !__builtin_add_overflow(is, v.int_value(), &is))) all_int = false;
    }
    for (double d : n) s += d;
    if (all_int) return Value::integer(is);
    return num_or_null(s);
  }
  if (func == "AVERAGE" || func == "AVG") {
    bool ok;
    auto n = numeric(ok);
    if (!ok || n.empty()) return Value();
    double s = 0;
    for (double d : n) s += d;
    return num_or_null(s / static_cast<double>(n.size()));
  }
  if (func == "BIT_AND" || func == "BIT_OR" || func == "BIT_XOR") {
    return bit_function(ev, func, Value::array(values), false);
  }
  Args a{Value::array(values)};
  auto const* f = find_function(func);
  if (f == nullptr) return Value();
  return f->impl(ev, f->name, a);
}

}  // namespace emu::aql
