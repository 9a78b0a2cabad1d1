#include "json.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>

#include <rapidjson/encodedstream.h>
#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace emu {

struct JsonWriter::Impl {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer{buffer};
};

JsonWriter::JsonWriter() : impl_(std::make_unique<Impl>()) {}
JsonWriter::~JsonWriter() = default;

JsonWriter& JsonWriter::begin_object() {
  impl_->writer.StartObject();
  return *this;
}
JsonWriter& JsonWriter::end_object() {
  impl_->writer.EndObject();
  return *this;
}
JsonWriter& JsonWriter::begin_array() {
  impl_->writer.StartArray();
  return *this;
}
JsonWriter& JsonWriter::end_array() {
  impl_->writer.EndArray();
  return *this;
}
JsonWriter& JsonWriter::key(std::string_view k) {
  impl_->writer.Key(k.data(), static_cast<rapidjson::SizeType>(k.size()));
  return *this;
}
JsonWriter& JsonWriter::string(std::string_view v) {
  impl_->writer.String(v.data(), static_cast<rapidjson::SizeType>(v.size()));
  return *this;
}
JsonWriter& JsonWriter::boolean(bool v) {
  impl_->writer.Bool(v);
  return *this;
}
JsonWriter& JsonWriter::null() {
  impl_->writer.Null();
  return *this;
}
JsonWriter& JsonWriter::int64(std::int64_t v) {
  impl_->writer.Int64(v);
  return *this;
}
JsonWriter& JsonWriter::uint64(std::uint64_t v) {
  impl_->writer.Uint64(v);
  return *this;
}
JsonWriter& JsonWriter::number(double v) {
  if (!std::isfinite(v)) {
    impl_->writer.Null();  // JSON has no NaN / Infinity
    return *this;
  }
  // Shortest representation that round-trips (like velocypack's dumper and
  // Python's repr); RapidJSON's Grisu2 is not always the shortest.
  std::array<char, 64> buf{};
  auto res = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  impl_->writer.RawValue(buf.data(), static_cast<std::size_t>(res.ptr - buf.data()),
                         rapidjson::kNumberType);
  return *this;
}
JsonWriter& JsonWriter::raw(std::string_view json) {
  impl_->writer.RawValue(json.data(), json.size(), rapidjson::kObjectType);
  return *this;
}
JsonWriter& JsonWriter::value(rapidjson::Value const& v) {
  v.Accept(impl_->writer);
  return *this;
}

std::string JsonWriter::str() const {
  return std::string(impl_->buffer.GetString(), impl_->buffer.GetSize());
}

namespace {

// Rough equivalents of velocypack's parser messages (the ones a client is
// most likely to provoke); anything else falls back to RapidJSON's text.
std::string vpack_style_message(rapidjson::ParseErrorCode code) {
  switch (code) {
    case rapidjson::kParseErrorDocumentEmpty:
      return "Expecting item";
    case rapidjson::kParseErrorDocumentRootNotSingular:
      return "Expecting EOF";
    case rapidjson::kParseErrorValueInvalid:
      return "Expecting item";
    case rapidjson::kParseErrorObjectMissName:
      return "Expecting '\"' or '}'";
    case rapidjson::kParseErrorObjectMissColon:
      return "Expecting ':'";
    case rapidjson::kParseErrorObjectMissCommaOrCurlyBracket:
      return "Expecting ',' or '}'";
    case rapidjson::kParseErrorArrayMissCommaOrSquareBracket:
      return "Expecting ',' or ']'";
    case rapidjson::kParseErrorStringMissQuotationMark:
      return "Unexpected end of input";
    case rapidjson::kParseErrorStringInvalidEncoding:
      return "Invalid UTF-8 sequence";
    case rapidjson::kParseErrorNumberTooBig:
      return "Number out of range";  // velocypack: a number that is not a finite double
    case rapidjson::kParseErrorNumberMissFraction:
    case rapidjson::kParseErrorNumberMissExponent:
      return "Incomplete number";
    default:
      return rapidjson::GetParseError_En(code);
  }
}


// The value of a number's text as velocypack's Parser gives it (arangod reads request bodies and
// JSON_PARSE's argument with it): an integer that fits stays one (uint64, or int64 when
// negative; beyond int64 a negative one becomes a double); a longer one becomes a double built
// digit by digit; a decimal or exponent form is read by strtod (velocypack's atof, correctly
// rounded) once an approximation (the digits times pow(10, exponent)) is finite. A number whose
// approximation is not finite ("1e400", "0e400", "0.1e309") is "Number out of range".
struct VelocypackDigits {
  std::uint64_t integer = 0;
  double real = 0.0;
  bool is_integer = true;

  bool add(int digit) {  // false: not finite
    if (is_integer) {
      if (integer < 1844674407370955161ULL || (integer == 1844674407370955161ULL && digit <= 5)) {
        integer = integer * 10 + static_cast<std::uint64_t>(digit);
        return true;
      }
      real = static_cast<double>(integer);
      is_integer = false;
    }
    real = real * 10.0 + digit;
    return std::isfinite(real);
  }
  double as_double() const { return is_integer ? static_cast<double>(integer) : real; }
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// A RapidJSON handler that builds `doc`, reading numbers (given as text:
// kParseNumbersAsStringsFlag) the velocypack way.
struct VpackNumbers {
  rapidjson::Document& doc;
  bool out_of_range = false;

  bool Null() { return doc.Null(); }
  bool Bool(bool b) { return doc.Bool(b); }
  bool Int(int i) { return doc.Int(i); }
  bool Uint(unsigned u) { return doc.Uint(u); }
  bool Int64(std::int64_t i) { return doc.Int64(i); }
  bool Uint64(std::uint64_t u) { return doc.Uint64(u); }
  bool Double(double d) { return doc.Double(d); }
  bool String(const char* s, rapidjson::SizeType n, bool copy) { return doc.String(s, n, copy); }
  bool StartObject() { return doc.StartObject(); }
  bool Key(const char* s, rapidjson::SizeType n, bool copy) { return doc.Key(s, n, copy); }
  bool EndObject(rapidjson::SizeType n) { return doc.EndObject(n); }
  bool StartArray() { return doc.StartArray(); }
  bool EndArray(rapidjson::SizeType n) { return doc.EndArray(n); }

  bool RawNumber(const char* s, rapidjson::SizeType n, bool) {
    std::string_view t(s, n);  // the reader checked the grammar
    std::size_t i = 0;
    bool negative = t[0] == '-';
    if (negative) ++i;
    VelocypackDigits digits;
    for (; i < t.size() && is_digit(t[i]); ++i) {
      if (!digits.add(t[i] - '0')) return refuse();
    }
    if (i == t.size()) {
      if (!digits.is_integer) return doc.Double(negative ? -digits.real : digits.real);
      if (!negative) return doc.Uint64(digits.integer);
      if (digits.integer <= static_cast<std::uint64_t>(INT64_MAX)) {
        return doc.Int64(-static_cast<std::int64_t>(digits.integer));
      }
      if (digits.integer == static_cast<std::uint64_t>(INT64_MAX) + 1) return doc.Int64(INT64_MIN);
      return doc.Double(-static_cast<double>(digits.integer));
    }
    double approximation = digits.as_double();
    if (t[i] == '.') {
      double place = 0.1, fraction = 0.0;
      for (++i; i < t.size() && is_digit(t[i]); ++i) {
        fraction += place * (t[i] - '0');
        place /= 10.0;
      }
      approximation += fraction;
    }
    if (i < t.size()) {  // the exponent
      ++i;
      bool negative_exponent = t[i] == '-';
      if (t[i] == '-' || t[i] == '+') ++i;
      VelocypackDigits exponent;
      for (; i < t.size(); ++i) {
        if (!exponent.add(t[i] - '0')) return refuse();
      }
      approximation *= std::pow(10.0, negative_exponent ? -exponent.as_double() : exponent.as_double());
      if (!std::isfinite(approximation)) return refuse();
    }
    return doc.Double(std::strtod(std::string(t).c_str(), nullptr));
  }

  bool refuse() {
    out_of_range = true;
    return false;
  }
};

}  // namespace

std::size_t json_too_deep_at(std::string_view text, int max_depth) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char const c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    switch (c) {
      case '"':
        in_string = true;
        break;
      case '[':
      case '{':
        if (++depth > max_depth) return i;
        break;
      case ']':
      case '}':
        if (depth > 0) --depth;
        break;
      default:
        break;
    }
  }
  return std::string_view::npos;
}

JsonParseResult parse_json(std::string_view text) {
  JsonParseResult result;
  if (auto deep = json_too_deep_at(text); deep != std::string_view::npos) {
    // velocypack reports what it meets first: a syntax error before the level that is too
    // deep, else the nesting (the prefix is at most kMaxJsonNesting deep: safe to parse).
    rapidjson::Document prefix;
    prefix.Parse<rapidjson::kParseValidateEncodingFlag>(text.data(), deep);
    if (prefix.HasParseError() && prefix.GetErrorOffset() < deep) {
      result.error = vpack_style_message(prefix.GetParseError());
    } else {
      result.error = "Too deep nesting in Array/Object";
    }
    return result;
  }
  auto doc = std::make_unique<rapidjson::Document>();
  rapidjson::Reader reader;
  VpackNumbers handler{*doc};
  auto generate = [&](rapidjson::Document&) {
    rapidjson::MemoryStream bytes(text.data(), text.size());
    rapidjson::EncodedInputStream<rapidjson::UTF8<>, rapidjson::MemoryStream> in(bytes);
    return !reader.Parse<rapidjson::kParseValidateEncodingFlag | rapidjson::kParseNumbersAsStringsFlag>(in, handler)
                .IsError();
  };
  doc->Populate(generate);
  if (reader.HasParseError()) {
    result.error = handler.out_of_range ? "Number out of range" : vpack_style_message(reader.GetParseErrorCode());
    return result;
  }
  result.doc = std::move(doc);
  return result;
}

std::string to_json(rapidjson::Value const& v) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  v.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

rapidjson::Value const* member(rapidjson::Value const& obj, std::string_view name) {
  if (!obj.IsObject()) {
    return nullptr;
  }
  auto it = obj.FindMember(rapidjson::Value(rapidjson::StringRef(
      name.data(), static_cast<rapidjson::SizeType>(name.size()))));
  if (it == obj.MemberEnd()) {
    return nullptr;
  }
  return &it->value;
}

}  // namespace emu
