#include "json.hpp"

#include <array>
#include <charconv>
#include <cmath>

#include <rapidjson/error/en.h>
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
  doc->Parse<rapidjson::kParseValidateEncodingFlag>(text.data(), text.size());
  if (doc->HasParseError()) {
    result.error = vpack_style_message(doc->GetParseError());
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
