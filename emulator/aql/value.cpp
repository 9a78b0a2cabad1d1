#include "aql/value.hpp"

#include "aql/error.hpp"
#include "json.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <functional>
#include <limits>

#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>

namespace emu::aql {

namespace {

Array const kEmptyArray{};
Object const kEmptyObject{};
std::string const kEmptyString{};

}  // namespace

Value Value::number(double d) {
  Value v;
  if (!std::isfinite(d)) {
    return v;
  }
  v.type_ = Type::Double;
  v.d_ = d;
  return v;
}

Value Value::string(std::string s) {
  Value v;
  v.type_ = Type::String;
  v.p_ = std::make_shared<std::string const>(std::move(s));
  return v;
}

namespace {

// 1 + the deepest element; throws 1524 past Value::kMaxDepth.
template <typename Range, typename Get>
std::uint16_t nested_depth(Range const& r, Get get) {
  int d = 0;
  for (auto const& e : r) d = std::max(d, get(e).depth());
  if (d + 1 > Value::kMaxDepth) {
    throw QueryError(1524, "too much nesting or too many objects");
  }
  return static_cast<std::uint16_t>(d + 1);
}

std::uint64_t add_bytes(std::uint64_t a, std::uint64_t b) noexcept {
  return b > UINT64_MAX - a ? UINT64_MAX : a + b;
}

}  // namespace

std::uint64_t Value::vpack_bytes() const noexcept {
  switch (type_) {
    case Type::Null:
    case Type::Bool:
      return 1;
    case Type::Int: {
      if (i_ >= -6 && i_ <= 9) return 1;  // SmallInt
      std::uint64_t u = i_ < 0 ? ~static_cast<std::uint64_t>(i_) : static_cast<std::uint64_t>(i_);
      std::uint64_t bytes = 1;
      while (u >= 0x80 && bytes < 8) {
        u >>= 8;
        ++bytes;
      }
      return 1 + bytes;
    }
    case Type::Double:
      return 9;
    case Type::String: {
      std::uint64_t n = str().size();
      return n + (n <= 126 ? 1 : 9);
    }
    case Type::Array:
    case Type::Object:
      return static_cast<std::uint64_t>(i_);
  }
  return 1;
}

Value Value::array(Array a) {
  Value v;
  v.type_ = Type::Array;
  v.depth_ = nested_depth(a, [](Value const& e) -> Value const& { return e; });
  std::uint64_t n = 9;
  for (auto const& e : a) n = add_bytes(n, e.vpack_bytes());
  v.i_ = static_cast<std::int64_t>(n);
  v.p_ = std::make_shared<Array const>(std::move(a));
  return v;
}

Value Value::object(Object o) {
  Value v;
  v.type_ = Type::Object;
  v.depth_ = nested_depth(o, [](Member const& m) -> Value const& { return m.second; });
  std::uint64_t n = 9;
  for (auto const& [k, x] : o) {
    // key, index table entry, value; a stored _id is a 9-byte custom value
    n = add_bytes(n, k.size() + 1 + 2 + (k == "_id" && x.is_string() ? 9 : x.vpack_bytes()));
  }
  v.i_ = static_cast<std::int64_t>(n);
  v.p_ = std::make_shared<Object const>(std::move(o));
  return v;
}

Value const& Value::empty_array() {
  static Value const v = Value::array({});
  return v;
}

Value const& Value::empty_object() {
  static Value const v = Value::object({});
  return v;
}

std::string const& Value::str() const noexcept {
  if (type_ != Type::String) return kEmptyString;
  return *static_cast<std::string const*>(p_.get());
}

Array const& Value::arr() const noexcept {
  if (type_ != Type::Array) return kEmptyArray;
  return *static_cast<Array const*>(p_.get());
}

Object const& Value::obj() const noexcept {
  if (type_ != Type::Object) return kEmptyObject;
  return *static_cast<Object const*>(p_.get());
}

Value const* Value::get(std::string_view key) const noexcept {
  if (type_ != Type::Object) return nullptr;
  auto const& o = obj();
  for (auto it = o.rbegin(); it != o.rend(); ++it) {
    if (it->first == key) return &it->second;
  }
  return nullptr;
}

Value Value::attr(std::string_view key) const {
  auto const* v = get(key);
  return v ? *v : Value();
}

bool Value::to_bool() const noexcept {
  switch (type_) {
    case Type::Null:
      return false;
    case Type::Bool:
      return b_;
    case Type::Int:
      return i_ != 0;
    case Type::Double:
      return d_ != 0;
    case Type::String:
      return !str().empty();
    case Type::Array:
    case Type::Object:
      return true;
  }
  return false;
}

namespace {

bool parse_number_string(std::string_view s, double& out) {
  // whitespace at both ends is allowed
  auto is_ws = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; };
  while (!s.empty() && is_ws(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_ws(s.back())) s.remove_suffix(1);
  if (s.empty()) {
    out = 0;
    return true;
  }
  std::string_view body = s;
  bool neg = false;
  if (body.front() == '-' || body.front() == '+') {
    neg = body.front() == '-';
    body.remove_prefix(1);
  }
  if (body.empty()) return false;
  // hex / octal / binary literals are accepted by TO_NUMBER in 3.12? keep decimal only
  double v = 0;
  auto res = std::from_chars(body.data(), body.data() + body.size(), v);
  if (res.ec != std::errc() || res.ptr != body.data() + body.size()) {
    if (res.ec == std::errc::result_out_of_range) return false;
    return false;
  }
  // from_chars accepts "inf"/"nan": reject
  if (!std::isfinite(v)) return false;
  out = neg ? -v : v;
  return true;
}

}  // namespace

double Value::to_number(bool* ok) const {
  if (ok) *ok = true;
  switch (type_) {
    case Type::Null:
      return 0;
    case Type::Bool:
      return b_ ? 1 : 0;
    case Type::Int:
      return static_cast<double>(i_);
    case Type::Double:
      return d_;
    case Type::String: {
      double d = 0;
      if (parse_number_string(str(), d)) return d;
      if (ok) *ok = false;
      return 0;
    }
    case Type::Array: {
      auto const& a = arr();
      if (a.empty()) return 0;
      if (a.size() == 1) return a[0].to_number(ok);
      if (ok) *ok = false;
      return 0;
    }
    case Type::Object:
      if (ok) *ok = false;
      return 0;
  }
  return 0;
}

std::string Value::to_string() const {
  switch (type_) {
    case Type::Null:
      return {};
    case Type::Bool:
      return b_ ? "true" : "false";
    case Type::Int:
      return std::to_string(i_);
    case Type::Double:
      return format_double(d_);
    case Type::String:
      return str();
    case Type::Array:
    case Type::Object:
      return json();
  }
  return {};
}

Value Value::to_array() const {
  switch (type_) {
    case Type::Null:
      return Value::array({});
    case Type::Array:
      return *this;
    case Type::Object: {
      Array out;
      for (auto const& m : obj()) out.push_back(m.second);
      return Value::array(std::move(out));
    }
    default:
      return Value::array({*this});
  }
}

int Value::type_weight() const noexcept {
  switch (type_) {
    case Type::Null:
      return 0;
    case Type::Bool:
      return 1;
    case Type::Int:
    case Type::Double:
      return 2;
    case Type::String:
      return 3;
    case Type::Array:
      return 4;
    case Type::Object:
      return 5;
  }
  return 0;
}

// ---------------------------------------------------------------------------
// JSON output
// ---------------------------------------------------------------------------

namespace {

// fpconv's emit_digits: digits * 10^K.
std::string emit_digits(std::string const& digits, int K, bool neg) {
  int ndigits = static_cast<int>(digits.size());
  int exp = std::abs(K + ndigits - 1);
  std::string dest;
  if (K >= 0 && (exp < (ndigits + 7))) {
    dest = digits;
    dest.append(static_cast<std::size_t>(K), '0');
    return dest;
  }
  if (K < 0 && (K > -7 || exp < 4)) {
    int offset = ndigits - std::abs(K);
    if (offset <= 0) {
      offset = -offset;
      dest = "0.";
      dest.append(static_cast<std::size_t>(offset), '0');
      dest += digits;
      return dest;
    }
    dest = digits.substr(0, static_cast<std::size_t>(offset));
    dest += '.';
    dest += digits.substr(static_cast<std::size_t>(offset));
    return dest;
  }
  ndigits = std::min(ndigits, 18 - (neg ? 1 : 0));
  dest += digits[0];
  if (ndigits > 1) {
    dest += '.';
    dest.append(digits, 1, static_cast<std::size_t>(ndigits - 1));
  }
  dest += 'e';
  dest += (K + ndigits - 1 < 0) ? '-' : '+';
  int cent = 0;
  if (exp > 99) {
    cent = exp / 100;
    dest += static_cast<char>('0' + cent);
    exp -= cent * 100;
  }
  if (exp > 9) {
    int dec = exp / 10;
    dest += static_cast<char>('0' + dec);
    exp -= dec * 10;
  } else if (cent) {
    dest += '0';
  }
  dest += static_cast<char>('0' + exp % 10);
  return dest;
}

}  // namespace

std::string format_double(double d) {
  if (!std::isfinite(d)) return "null";
  if (d == 0) return "0";
  bool neg = d < 0;
  double a = std::fabs(d);
  std::array<char, 64> buf{};
  auto res = std::to_chars(buf.data(), buf.data() + buf.size(), a, std::chars_format::scientific);
  std::string s(buf.data(), res.ptr);
  // s = "d.ddddde+XX"
  auto epos = s.find('e');
  std::string mant = s.substr(0, epos);
  int e10 = std::stoi(s.substr(epos + 1));
  std::string digits;
  for (char c : mant) {
    if (c != '.') digits += c;
  }
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  int K = e10 - static_cast<int>(digits.size()) + 1;
  std::string out = neg ? "-" : "";
  out += emit_digits(digits, K, neg);
  return out;
}

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04X", static_cast<unsigned>(c));
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

void Value::write_json(std::string& out) const {
  switch (type_) {
    case Type::Null:
      out += "null";
      break;
    case Type::Bool:
      out += b_ ? "true" : "false";
      break;
    case Type::Int:
      out += std::to_string(i_);
      break;
    case Type::Double:
      out += format_double(d_);
      break;
    case Type::String:
      append_json_string(out, str());
      break;
    case Type::Array: {
      out += '[';
      bool first = true;
      for (auto const& e : arr()) {
        if (!first) out += ',';
        first = false;
        e.write_json(out);
      }
      out += ']';
      break;
    }
    case Type::Object: {
      out += '{';
      bool first = true;
      for (auto const& m : obj()) {
        if (!first) out += ',';
        first = false;
        append_json_string(out, m.first);
        out += ':';
        m.second.write_json(out);
      }
      out += '}';
      break;
    }
  }
}

std::string Value::json() const {
  std::string out;
  write_json(out);
  return out;
}

namespace {

// from_json one level down; `level` is checked before going deeper.
Value from_json_at(rapidjson::Value const& v, int level) {
  switch (v.GetType()) {
    case rapidjson::kNullType:
      return Value();
    case rapidjson::kFalseType:
      return Value::boolean(false);
    case rapidjson::kTrueType:
      return Value::boolean(true);
    case rapidjson::kNumberType:
      if (v.IsInt64()) return Value::integer(v.GetInt64());
      return Value::number(v.GetDouble());
    case rapidjson::kStringType:
      return Value::string(std::string(v.GetString(), v.GetStringLength()));
    case rapidjson::kArrayType:
    case rapidjson::kObjectType:
      break;
  }
  if (level >= Value::kMaxDepth) {
    throw QueryError(1524, "too much nesting or too many objects");
  }
  if (v.IsArray()) {
    Array a;
    a.reserve(v.Size());
    for (auto const& e : v.GetArray()) a.push_back(from_json_at(e, level + 1));
    return Value::array(std::move(a));
  }
  Object o;
  o.reserve(v.MemberCount());
  for (auto const& m : v.GetObject()) {
    o.emplace_back(std::string(m.name.GetString(), m.name.GetStringLength()),
                   from_json_at(m.value, level + 1));
  }
  return Value::object(std::move(o));
}

}  // namespace

Value Value::from_json(rapidjson::Value const& v) { return from_json_at(v, 0); }

void Value::to_rapidjson(rapidjson::Value& out, rapidjson::Document::AllocatorType& alloc) const {
  switch (type_) {
    case Type::Null:
      out.SetNull();
      break;
    case Type::Bool:
      out.SetBool(b_);
      break;
    case Type::Int:
      out.SetInt64(i_);
      break;
    case Type::Double:
      out.SetDouble(d_);
      break;
    case Type::String:
      out.SetString(str().data(), static_cast<rapidjson::SizeType>(str().size()), alloc);
      break;
    case Type::Array: {
      out.SetArray();
      out.Reserve(static_cast<rapidjson::SizeType>(arr().size()), alloc);
      for (auto const& e : arr()) {
        rapidjson::Value x;
        e.to_rapidjson(x, alloc);
        out.PushBack(x, alloc);
      }
      break;
    }
    case Type::Object: {
      out.SetObject();
      for (auto const& m : obj()) {
        rapidjson::Value k(m.first.data(), static_cast<rapidjson::SizeType>(m.first.size()), alloc);
        rapidjson::Value x;
        m.second.to_rapidjson(x, alloc);
        out.AddMember(k, x, alloc);
      }
      break;
    }
  }
}

bool Value::parse(std::string_view text, Value& out) {
  // As a request body is read (velocypack's nesting limit and its reading of numbers).
  emu::JsonParseResult parsed = emu::parse_json(text);
  if (!parsed.ok()) return false;
  out = from_json(*parsed.doc);
  return true;
}

std::size_t Value::memory() const noexcept {
  switch (type_) {
    case Type::String:
      return 16 + str().size();
    case Type::Array: {
      std::size_t n = 16;
      for (auto const& e : arr()) n += e.memory();
      return n;
    }
    case Type::Object: {
      std::size_t n = 16;
      for (auto const& m : obj()) n += 16 + m.first.size() + m.second.memory();
      return n;
    }
    default:
      return 8;
  }
}

// ---------------------------------------------------------------------------
// UTF-8
// ---------------------------------------------------------------------------

std::size_t utf8_length(std::string_view s) noexcept {
  std::size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) ++n;
  }
  return n;
}

std::vector<std::uint32_t> utf8_decode(std::string_view s) {
  std::vector<std::uint32_t> out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    std::uint32_t cp = c;
    int extra = 0;
    if (c >= 0xF0) {
      cp = c & 0x07;
      extra = 3;
    } else if (c >= 0xE0) {
      cp = c & 0x0F;
      extra = 2;
    } else if (c >= 0xC0) {
      cp = c & 0x1F;
      extra = 1;
    }
    ++i;
    for (int k = 0; k < extra && i < s.size(); ++k, ++i) {
      cp = (cp << 6) | (static_cast<unsigned char>(s[i]) & 0x3F);
    }
    out.push_back(cp);
  }
  return out;
}

void utf8_append(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// ---------------------------------------------------------------------------
// Comparison
// ---------------------------------------------------------------------------

namespace {

// Primary weights of ASCII characters in ICU's root collation (CLDR order:
// whitespace, punctuation, symbols, digits, letters). Letters share their
// case-insensitive weight.
std::array<int, 128> const& ascii_primary() {
  static std::array<int, 128> const table = [] {
    std::array<int, 128> t{};
    for (auto& x : t) x = 0;
    int w = 1;
    // control characters are ignorable (weight 0)
    for (char c : std::string_view("\t\n\v\f\r ")) t[static_cast<unsigned char>(c)] = w++;
    for (char c : std::string_view("_-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$")) {
      t[static_cast<unsigned char>(c)] = w++;
    }
    for (char c = '0'; c <= '9'; ++c) t[static_cast<unsigned char>(c)] = w++;
    for (char c = 'a'; c <= 'z'; ++c) {
      t[static_cast<unsigned char>(c)] = w;
      t[static_cast<unsigned char>(c - 'a' + 'A')] = w;
      ++w;
    }
    return t;
  }();
  return table;
}

// Folds a code point for the primary level: ASCII via the table, Latin-1
// letters with diacritics onto their base letter, everything else after.
std::pair<int, int> primary_of(std::uint32_t cp) {
  auto const& t = ascii_primary();
  if (cp < 128) {
    int tert = (cp >= 'A' && cp <= 'Z') ? 0 : 1;  // upper first
    return {t[cp], tert};
  }
  static std::string_view const latin1 =
      // 0xC0 .. 0xFF base letters ('*' = none)
      "AAAAAAACEEEEIIII" "DNOOOOO*OUUUUY*s" "aaaaaaaceeeeiiii" "dnooooo*ouuuuy*y";
  if (cp >= 0xC0 && cp <= 0xFF) {
    char base = latin1[cp - 0xC0];
    if (base != '*') {
      auto p = primary_of(static_cast<std::uint32_t>(base));
      return {p.first, p.second};
    }
  }
  return {1000 + static_cast<int>(cp), 1};
}

}  // namespace

int compare_strings(std::string_view a, std::string_view b) {
  if (a == b) return 0;
  bool ascii = true;
  for (unsigned char c : a) {
    if (c >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) {
    for (unsigned char c : b) {
      if (c >= 0x80) {
        ascii = false;
        break;
      }
    }
  }
  std::vector<std::uint32_t> ca, cb;
  if (ascii) {
    ca.assign(a.begin(), a.end());
    cb.assign(b.begin(), b.end());
  } else {
    ca = utf8_decode(a);
    cb = utf8_decode(b);
  }
  auto skip_ignorable = [](std::vector<std::uint32_t> const& v) {
    std::vector<std::pair<int, int>> out;
    out.reserve(v.size());
    for (auto cp : v) {
      auto p = primary_of(cp);
      if (p.first == 0) continue;
      out.push_back(p);
    }
    return out;
  };
  auto pa = skip_ignorable(ca);
  auto pb = skip_ignorable(cb);
  // primary (with secondary folded in: diacritics are compared below)
  std::size_t n = std::min(pa.size(), pb.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (pa[i].first != pb[i].first) return pa[i].first < pb[i].first ? -1 : 1;
  }
  if (pa.size() != pb.size()) return pa.size() < pb.size() ? -1 : 1;
  // secondary: diacritics (non-ASCII variant sorts after the plain letter)
  for (std::size_t i = 0; i < std::min(ca.size(), cb.size()); ++i) {
    bool da = ca[i] >= 0x80, db = cb[i] >= 0x80;
    if (da != db) return da ? 1 : -1;
  }
  // tertiary: upper case first
  for (std::size_t i = 0; i < n; ++i) {
    if (pa[i].second != pb[i].second) return pa[i].second < pb[i].second ? -1 : 1;
  }
  // identical level: code point order
  int c = a.compare(b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

int compare(Value const& a, Value const& b) {
  int wa = a.type_weight(), wb = b.type_weight();
  if (wa != wb) return wa < wb ? -1 : 1;
  switch (a.type()) {
    case Value::Type::Null:
      return 0;
    case Value::Type::Bool:
      if (a.as_bool() == b.as_bool()) return 0;
      return a.as_bool() ? 1 : -1;
    case Value::Type::Int:
    case Value::Type::Double: {
      if (a.is_int() && b.is_int()) {
        if (a.int_value() == b.int_value()) return 0;
        return a.int_value() < b.int_value() ? -1 : 1;
      }
      double x = a.num(), y = b.num();
      if (x == y) return 0;
      return x < y ? -1 : 1;
    }
    case Value::Type::String:
      return compare_strings(a.str(), b.str());
    case Value::Type::Array: {
      auto const& x = a.arr();
      auto const& y = b.arr();
      std::size_t n = std::max(x.size(), y.size());
      static Value const null;
      for (std::size_t i = 0; i < n; ++i) {
        Value const& l = i < x.size() ? x[i] : null;
        Value const& r = i < y.size() ? y[i] : null;
        int c = compare(l, r);
        if (c != 0) return c;
      }
      return 0;
    }
    case Value::Type::Object: {
      std::vector<std::string> keys;
      for (auto const& m : a.obj()) keys.push_back(m.first);
      for (auto const& m : b.obj()) keys.push_back(m.first);
      std::sort(keys.begin(), keys.end(),
                [](std::string const& l, std::string const& r) { return compare_strings(l, r) < 0; });
      keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
      static Value const null;
      for (auto const& k : keys) {
        auto const* l = a.get(k);
        auto const* r = b.get(k);
        int c = compare(l ? *l : null, r ? *r : null);
        if (c != 0) return c;
      }
      return 0;
    }
  }
  return 0;
}

bool equals(Value const& a, Value const& b) { return compare(a, b) == 0; }

std::size_t hash_value(Value const& v) {
  std::size_t h = static_cast<std::size_t>(v.type_weight()) * 0x9E3779B97F4A7C15ULL;
  switch (v.type()) {
    case Value::Type::Null:
      return h;
    case Value::Type::Bool:
      return h ^ (v.as_bool() ? 1 : 2);
    case Value::Type::Int:
    case Value::Type::Double: {
      double d = v.num();
      if (d == 0) d = 0;  // -0
      return h ^ std::hash<double>{}(d);
    }
    case Value::Type::String:
      return h ^ std::hash<std::string>{}(v.str());
    case Value::Type::Array: {
      // trailing nulls compare equal to missing elements
      auto const& a = v.arr();
      std::size_t n = a.size();
      while (n > 0 && a[n - 1].is_null()) --n;
      for (std::size_t i = 0; i < n; ++i) h = h * 31 + hash_value(a[i]);
      return h;
    }
    case Value::Type::Object: {
      std::size_t acc = 0;
      for (auto const& m : v.obj()) {
        if (m.second.is_null()) continue;
        auto const* last = v.get(m.first);
        if (last != &m.second) continue;  // duplicate key: the last one counts
        acc += std::hash<std::string>{}(m.first) * (hash_value(m.second) | 1);
      }
      return h ^ acc;
    }
  }
  return h;
}

namespace {
constexpr std::uint64_t kP1 = 0x9E3779B185EBCA87ULL, kP2 = 0xC2B2AE3D27D4EB4FULL,
                        kP3 = 0x165667B19E3779F9ULL, kP4 = 0x85EBCA77C2B2AE63ULL,
                        kP5 = 0x27D4EB2F165667C5ULL;
std::uint64_t rotl64(std::uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }
std::uint64_t read_le64(unsigned char const* p) {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}
std::uint64_t read_le32(unsigned char const* p) {
  return std::uint64_t{p[0]} | (std::uint64_t{p[1]} << 8) | (std::uint64_t{p[2]} << 16) |
         (std::uint64_t{p[3]} << 24);
}
std::uint64_t xxh_round(std::uint64_t acc, std::uint64_t input) {
  return rotl64(acc + input * kP2, 31) * kP1;
}
std::uint64_t xxh_merge(std::uint64_t acc, std::uint64_t v) {
  return (acc ^ xxh_round(0, v)) * kP1 + kP4;
}
}  // namespace

std::uint64_t xxh64(void const* data, std::size_t size, std::uint64_t seed) noexcept {
  auto const* p = static_cast<unsigned char const*>(data);
  auto const* end = p + size;
  std::uint64_t h;
  if (size >= 32) {
    std::uint64_t v1 = seed + kP1 + kP2, v2 = seed + kP2, v3 = seed, v4 = seed - kP1;
    for (; end - p >= 32; p += 32) {
      v1 = xxh_round(v1, read_le64(p));
      v2 = xxh_round(v2, read_le64(p + 8));
      v3 = xxh_round(v3, read_le64(p + 16));
      v4 = xxh_round(v4, read_le64(p + 24));
    }
    h = rotl64(v1, 1) + rotl64(v2, 7) + rotl64(v3, 12) + rotl64(v4, 18);
    h = xxh_merge(xxh_merge(xxh_merge(xxh_merge(h, v1), v2), v3), v4);
  } else {
    h = seed + kP5;
  }
  h += size;
  for (; end - p >= 8; p += 8) h = rotl64(h ^ xxh_round(0, read_le64(p)), 27) * kP1 + kP4;
  if (end - p >= 4) {
    h = rotl64(h ^ (read_le32(p) * kP1), 23) * kP2 + kP3;
    p += 4;
  }
  for (; p < end; ++p) h = rotl64(h ^ (*p * kP5), 11) * kP1;
  h ^= h >> 33;
  h *= kP2;
  h ^= h >> 29;
  h *= kP3;
  h ^= h >> 32;
  return h;
}

std::uint64_t vpack_normalized_hash(Value const& v, std::uint64_t seed) {
  auto hash_u64 = [](std::uint64_t n, std::uint64_t s) { return xxh64(&n, sizeof n, s); };
  switch (v.type()) {
    case Value::Type::Null: {
      unsigned char b = 0x18;
      return xxh64(&b, 1, seed);
    }
    case Value::Type::Bool: {
      unsigned char b = v.as_bool() ? 0x1a : 0x19;
      return xxh64(&b, 1, seed);
    }
    case Value::Type::Int:
    case Value::Type::Double: {
      double d = v.num();
      return xxh64(&d, sizeof d, seed);
    }
    case Value::Type::String: {
      // the whole slice: 0x40 + length (up to 126 bytes), else 0xbf and an
      // 8-byte little-endian length
      std::string const& s = v.str();
      std::string bytes;
      if (s.size() <= 126) {
        bytes += static_cast<char>(0x40 + s.size());
      } else {
        bytes += static_cast<char>(0xbf);
        for (int i = 0; i < 8; ++i) bytes += static_cast<char>((s.size() >> (8 * i)) & 0xff);
      }
      bytes += s;
      return xxh64(bytes.data(), bytes.size(), seed);
    }
    case Value::Type::Array: {
      auto const& a = v.arr();
      std::uint64_t h = hash_u64(a.size() ^ 0xba5bedf00dULL, seed);
      for (auto const& e : a) h ^= vpack_normalized_hash(e, h);
      return h;
    }
    case Value::Type::Object: {
      // one member per key (the last one, as in the object arangod builds)
      std::vector<std::pair<std::string const*, Value const*>> members;
      for (auto const& m : v.obj()) {
        if (v.get(m.first) == &m.second) members.emplace_back(&m.first, &m.second);
      }
      std::uint64_t seed2 = hash_u64(members.size() ^ 0xf00ba44ba5ULL, seed);
      std::uint64_t h = seed2;
      for (auto const& [key, value] : members) {
        std::uint64_t seed3 = vpack_normalized_hash(Value::string(*key), seed2);
        h ^= seed3;
        h ^= vpack_normalized_hash(*value, seed3);
      }
      return h;
    }
  }
  return 0;
}

}  // namespace emu::aql
