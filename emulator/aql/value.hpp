// AQL values: immutable, cheaply copyable JSON-like values with AQL's type
// order, comparison, casts and arangod's number formatting.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <rapidjson/document.h>

namespace emu::aql {

class Value;
using Array = std::vector<Value>;
using Member = std::pair<std::string, Value>;
using Object = std::vector<Member>;

class Value {
 public:
  enum class Type : std::uint8_t { Null, Bool, Int, Double, String, Array, Object };

  Value() = default;  // null
  static Value null() { return Value(); }
  static Value boolean(bool b) {
    Value v;
    v.type_ = Type::Bool;
    v.b_ = b;
    return v;
  }
  static Value integer(std::int64_t i) {
    Value v;
    v.type_ = Type::Int;
    v.i_ = i;
    return v;
  }
  // Non-finite numbers become null (as in arangod).
  static Value number(double d);
  static Value string(std::string s);
  static Value array(Array a);
  static Value object(Object o);
  static Value const& empty_array();
  static Value const& empty_object();

  Type type() const noexcept { return type_; }
  bool is_null() const noexcept { return type_ == Type::Null; }
  bool is_bool() const noexcept { return type_ == Type::Bool; }
  bool is_number() const noexcept { return type_ == Type::Int || type_ == Type::Double; }
  bool is_int() const noexcept { return type_ == Type::Int; }
  bool is_string() const noexcept { return type_ == Type::String; }
  bool is_array() const noexcept { return type_ == Type::Array; }
  bool is_object() const noexcept { return type_ == Type::Object; }

  bool as_bool() const noexcept { return b_; }
  double num() const noexcept { return type_ == Type::Int ? static_cast<double>(i_) : d_; }
  std::int64_t int_value() const noexcept { return i_; }
  std::string const& str() const noexcept;
  Array const& arr() const noexcept;
  Object const& obj() const noexcept;

  // Object member (the last one with that name), nullptr when absent or not
  // an object.
  Value const* get(std::string_view key) const noexcept;
  // Attribute access as AQL does it: null for non-objects / missing keys.
  Value attr(std::string_view key) const;

  // AQL casts.
  bool to_bool() const noexcept;
  // TO_NUMBER semantics; `ok` false when the value is not convertible
  // (arithmetic then uses 0 and may warn).
  double to_number(bool* ok = nullptr) const;
  std::string to_string() const;  // TO_STRING semantics
  Value to_array() const;

  // Type order weight: null 0 < bool 1 < number 2 < string 3 < array 4 < object 5.
  int type_weight() const noexcept;
  // Compact JSON as arangod writes it.
  std::string json() const;
  void write_json(std::string& out) const;

  // Conversions from / to RapidJSON.
  static Value from_json(rapidjson::Value const& v);
  void to_rapidjson(rapidjson::Value& out, rapidjson::Document::AllocatorType& alloc) const;
  // Parses JSON text; nullopt-like: returns false on error.
  static bool parse(std::string_view text, Value& out);

  // Approximate memory use (for memoryLimit).
  std::size_t memory() const noexcept;
  // The value's size as arangod stores it (velocypack bytes, saturating), which is what its
  // memoryLimit counts: the size written out, however many times a shared member occurs. O(1):
  // an array's or object's is summed from its members' when it is made, so a value shared
  // into a product of copies (an array of 1000 references to an array of 1000 ...) shows its
  // size before anything walks it.
  std::uint64_t vpack_bytes() const noexcept;

  // Nesting depth: 0 for scalars, 1 + the deepest member for arrays and objects. Every
  // recursion over a value (dump, comparison, hashing, copies, destruction) is bounded by it:
  // building an array or object deeper than kMaxDepth throws QueryError 1524 ("too much
  // nesting or too many objects"), as arangod refuses values nested too deeply.
  static constexpr int kMaxDepth = 1000;
  int depth() const noexcept { return depth_; }

 private:
  Type type_ = Type::Null;
  bool b_ = false;
  std::uint16_t depth_ = 0;
  std::int64_t i_ = 0;  // Int: the value; Array, Object: vpack_bytes()
  double d_ = 0;
  std::shared_ptr<void const> p_;
};

// AQL comparison (AqlValue::Compare with UTF-8 collation): <0, 0, >0.
int compare(Value const& a, Value const& b);
bool equals(Value const& a, Value const& b);
// String collation used by AQL (ICU, case first upper, identical strength).
int compare_strings(std::string_view a, std::string_view b);

// Hash consistent with equals() (for DISTINCT / COLLECT / UNIQUE).
std::size_t hash_value(Value const& v);
// XXH64 of a byte range (velocypack's VELOCYPACK_HASH).
std::uint64_t xxh64(void const* data, std::size_t size, std::uint64_t seed) noexcept;
// VPackSlice::normalizedHash of the value's velocypack form (numbers hashed
// as doubles, objects independent of member order); arangod's AqlValue::hash()
// and the hash of its VPack hash sets.
inline constexpr std::uint64_t kVPackHashSeed = 0xdeadbeef;
std::uint64_t vpack_normalized_hash(Value const& v, std::uint64_t seed = kVPackHashSeed);
struct ValueHash {
  std::size_t operator()(Value const& v) const { return hash_value(v); }
};
struct ValueEq {
  bool operator()(Value const& a, Value const& b) const { return equals(a, b); }
};
struct ValueLess {
  bool operator()(Value const& a, Value const& b) const { return compare(a, b) < 0; }
};

// Number formatting as velocypack's dumper (fpconv_dtoa).
std::string format_double(double d);
// JSON string escaping as velocypack (escapes '/' too).
void append_json_string(std::string& out, std::string_view s);

// UTF-8 helpers.
std::size_t utf8_length(std::string_view s) noexcept;
std::vector<std::uint32_t> utf8_decode(std::string_view s);
void utf8_append(std::string& out, std::uint32_t cp);

}  // namespace emu::aql
