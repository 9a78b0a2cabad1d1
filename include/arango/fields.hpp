// A user type's JSON form from a list of its fields: name each member once, and the type is
// both written (to_json) and read (a SAX Deserializer: no DOM in between), nested structs,
// vectors and optionals included.
//
//   struct Address { std::string city; int zip = 0; };
//   struct Person { std::string key; std::string name; std::vector<Address> addresses;
//                   std::optional<std::string> nick; };
//
//   template <> struct arango::JsonFields<Address> {
//     static constexpr auto fields = arango::fields(arango::field("city", &Address::city),
//                                                   arango::field("zip", &Address::zip));
//   };
//   template <> struct arango::JsonFields<Person> {
//     static constexpr auto fields = arango::fields(
//         arango::field("_key", &Person::key), arango::field("name", &Person::name),
//         arango::field("addresses", &Person::addresses), arango::field("nick", &Person::nick));
//   };
//
// A field's type is one of: bool; an integer type; float or double; std::string; Json; a type
// with JsonFields; a type with its own Deserializer / to_json (or from_json); std::optional and
// std::vector of any of these. Reading:
//  - members in any order; members the list does not name are skipped, however deep;
//  - a member the document lacks keeps the value the struct was made with;
//  - null is accepted by a std::optional (nullopt) and a Json only;
//  - a value of the wrong type, or an integer outside the field's range, is a
//    DeserializationError naming the field's path: "addresses[1].zip: expected an integer,
//    got a string".
// Writing: the fields in list order; an empty std::optional field is left out, and an empty
// std::optional inside a std::vector is written as null.
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include <arango/export.hpp>
#include <arango/json.hpp>

namespace arango {
inline namespace v1 ARANGO_API {

/// Specialize with `static constexpr auto fields = arango::fields(arango::field("name",
/// &T::member), ...);` to give T a JSON form (see the top of <arango/fields.hpp>).
template <class T>
struct JsonFields;

/// One field of a JsonFields list: the JSON member's name and the C++ member.
template <class T, class M>
struct Field {
  std::string_view name;  ///< the JSON member's name
  M T::*member;           ///< the C++ member it is read into and written from
};
/// A field: arango::field("name", &T::member).
template <class T, class M>
constexpr Field<T, M> field(std::string_view name, M T::*member) noexcept {
  return {name, member};
}
/// The list of fields of JsonFields<T>::fields.
template <class... F>
constexpr std::tuple<F...> fields(F... f) noexcept {
  return std::tuple<F...>(f...);
}

/// A type with a JsonFields specialization.
template <class T>
concept HasJsonFields = requires { JsonFields<T>::fields; };

namespace detail::fields {

/// Whether X is a std::optional.
template <class X>
inline constexpr bool is_optional_v = false;
template <class V>
inline constexpr bool is_optional_v<std::optional<V>> = true;
/// Whether X is a std::vector (with the standard allocator).
template <class X>
inline constexpr bool is_vector_v = false;
template <class V>
inline constexpr bool is_vector_v<std::vector<V>> = true;

/// How one C++ type takes JSON values: a table of functions over a type-erased target.
struct Sink;
/// Where the next value goes: a target object and its sink (sink null: the value is skipped).
struct Slot {
  void* target = nullptr;
  const Sink* sink = nullptr;
  std::string_view name{};  ///< the member's name in the path of an error (empty: an element or the root)
};
/// What a sink does with a container or a value it does not read itself.
enum class Kind {
  scalar,    ///< reads scalars only
  object,    ///< a JsonFields type: member() finds each member's slot
  array,     ///< a std::vector: element() appends one
  optional,  ///< a std::optional: null resets it, anything else is its value's (inner())
  handler,   ///< has its own JsonHandler (make_handler): events are forwarded to it
};
struct Sink {
  Kind kind;
  const char* expected;  ///< "a string", "an integer" ... for errors
  // scalars: return false when the value has the wrong type (or is out of range)
  bool (*on_null)(void*);
  bool (*on_bool)(void*, bool);
  bool (*on_int64)(void*, std::int64_t);
  bool (*on_uint64)(void*, std::uint64_t);
  bool (*on_double)(void*, double);
  bool (*on_string)(void*, std::string_view);
  Slot (*member)(void*, std::string_view);  ///< object: the slot of a member (sink null when unknown)
  Slot (*element)(void*);                   ///< array: appends an element and gives its slot
  Slot (*inner)(void*);                     ///< optional: emplaces the value and gives its slot
  /// handler: a JsonHandler that reads the target; finish() is called once its value ended
  std::unique_ptr<JsonHandler> (*make_handler)(void*);
  void (*finish)(JsonHandler&, void*);
};

inline bool refuse_null(void*) { return false; }
inline bool refuse_bool(void*, bool) { return false; }
inline bool refuse_int64(void*, std::int64_t) { return false; }
inline bool refuse_uint64(void*, std::uint64_t) { return false; }
inline bool refuse_double(void*, double) { return false; }
inline bool refuse_string(void*, std::string_view) { return false; }

template <class X>
constexpr Sink make_sink();
template <class X>
inline constexpr Sink sink_of = make_sink<X>();

}  // namespace detail::fields

namespace detail {
/// A handler that collects a value's events as JSON text (a Json member, or a type read through
/// its from_json); captured_json gives the value once it is complete.
std::unique_ptr<JsonHandler> json_capture();
/// The value a json_capture() handler collected.
Json captured_json(JsonHandler& capture);
/// The handler that reads `root` through `sink` (see fields::Reader in lib/json/fields.cpp).
std::unique_ptr<JsonHandler> fields_reader(void* root, const fields::Sink* sink);
}  // namespace detail

namespace detail::fields {

template <class T>
Slot member_of(void* target, std::string_view key) {
  T& object = *static_cast<T*>(target);
  Slot slot{};
  std::apply(
      [&](const auto&... f) {
        (void)((f.name == key ? (slot = Slot{&(object.*(f.member)), &sink_of<std::remove_cvref_t<decltype(object.*(f.member))>>,
                                             f.name},
                                 true)
                              : false) ||
               ...);
      },
      JsonFields<T>::fields);
  return slot;
}

template <class X>
constexpr Sink make_sink() {
  Sink s{Kind::scalar, "",           &refuse_null, &refuse_bool, &refuse_int64, &refuse_uint64, &refuse_double,
         &refuse_string, nullptr,   nullptr,      nullptr,      nullptr,       nullptr};
  if constexpr (std::is_same_v<X, bool>) {
    s.expected = "a boolean";
    s.on_bool = [](void* t, bool v) {
      *static_cast<bool*>(t) = v;
      return true;
    };
  } else if constexpr (std::is_integral_v<X> && !std::is_same_v<X, char>) {
    s.expected = "an integer";
    s.on_int64 = [](void* t, std::int64_t v) {
      if (!std::in_range<X>(v)) return false;
      *static_cast<X*>(t) = static_cast<X>(v);
      return true;
    };
    s.on_uint64 = [](void* t, std::uint64_t v) {
      if (!std::in_range<X>(v)) return false;
      *static_cast<X*>(t) = static_cast<X>(v);
      return true;
    };
  } else if constexpr (std::is_floating_point_v<X>) {
    s.expected = "a number";
    s.on_int64 = [](void* t, std::int64_t v) {
      *static_cast<X*>(t) = static_cast<X>(v);
      return true;
    };
    s.on_uint64 = [](void* t, std::uint64_t v) {
      *static_cast<X*>(t) = static_cast<X>(v);
      return true;
    };
    s.on_double = [](void* t, double v) {
      *static_cast<X*>(t) = static_cast<X>(v);
      return true;
    };
  } else if constexpr (std::is_same_v<X, std::string>) {
    s.expected = "a string";
    s.on_string = [](void* t, std::string_view v) {
      static_cast<std::string*>(t)->assign(v);
      return true;
    };
  } else if constexpr (is_optional_v<X>) {
    using V = typename X::value_type;
    s.kind = Kind::optional;
    s.expected = sink_of<V>.expected;
    s.on_null = [](void* t) {
      static_cast<X*>(t)->reset();
      return true;
    };
    s.inner = [](void* t) { return Slot{&static_cast<X*>(t)->emplace(), &sink_of<V>, {}}; };
  } else if constexpr (is_vector_v<X>) {
    using V = typename X::value_type;
    s.kind = Kind::array;
    s.expected = "an array";
    s.element = [](void* t) { return Slot{&static_cast<X*>(t)->emplace_back(), &sink_of<V>, {}}; };
  } else if constexpr (HasJsonFields<X>) {
    s.kind = Kind::object;
    s.expected = "an object";
    s.member = &member_of<X>;
  } else if constexpr (std::is_same_v<X, Json>) {
    s.kind = Kind::handler;
    s.expected = "a JSON value";
    s.make_handler = [](void*) { return json_capture(); };
    s.finish = [](JsonHandler& h, void* t) { *static_cast<Json*>(t) = captured_json(h); };
  } else if constexpr (SaxDeserializable<X>) {
    using H = std::remove_cvref_t<decltype(Deserializer<X>::handler(std::declval<X&>()))>;
    s.kind = Kind::handler;
    s.expected = "a value its Deserializer reads";
    s.make_handler = [](void* t) -> std::unique_ptr<JsonHandler> {
      return std::make_unique<H>(Deserializer<X>::handler(*static_cast<X*>(t)));
    };
    s.finish = [](JsonHandler&, void*) {};
  } else if constexpr (DomDeserializable<X>) {
    s.kind = Kind::handler;
    s.expected = "a value its from_json reads";
    s.make_handler = [](void*) { return json_capture(); };
    s.finish = [](JsonHandler& h, void* t) {
      Json doc = captured_json(h);
      from_json(doc.view(), *static_cast<X*>(t));
    };
  } else {
    static_assert(HasJsonFields<X>,
                  "a JsonFields field is bool, an integer, a floating-point number, std::string, Json, a type "
                  "with JsonFields, Deserializer or from_json, or a std::optional / std::vector of one");
  }
  return s;
}

/// The handler Deserializer<T> gives for a JsonFields type: it hands each event to the
/// library's reader (fields_reader), which walks the sinks and names the path of an error.
class Handler final : public JsonHandler {
 public:
  explicit Handler(std::unique_ptr<JsonHandler> reader) noexcept : reader_(std::move(reader)) {}
  bool on_null() override { return reader_->on_null(); }
  bool on_bool(bool v) override { return reader_->on_bool(v); }
  bool on_int64(std::int64_t v) override { return reader_->on_int64(v); }
  bool on_uint64(std::uint64_t v) override { return reader_->on_uint64(v); }
  bool on_double(double v) override { return reader_->on_double(v); }
  bool on_string(std::string_view v) override { return reader_->on_string(v); }
  bool on_start_object() override { return reader_->on_start_object(); }
  bool on_key(std::string_view k) override { return reader_->on_key(k); }
  bool on_end_object(std::size_t n) override { return reader_->on_end_object(n); }
  bool on_start_array() override { return reader_->on_start_array(); }
  bool on_end_array(std::size_t n) override { return reader_->on_end_array(n); }

 private:
  std::unique_ptr<JsonHandler> reader_;
};

/// Writes one field's value.
template <class X>
void write_value(JsonWriter& w, const X& v) {
  if constexpr (std::is_same_v<X, bool>) {
    w.boolean(v);
  } else if constexpr (std::is_integral_v<X> && std::is_signed_v<X>) {
    w.int64(static_cast<std::int64_t>(v));
  } else if constexpr (std::is_integral_v<X>) {
    w.uint64(static_cast<std::uint64_t>(v));
  } else if constexpr (std::is_floating_point_v<X>) {
    w.number(static_cast<double>(v));
  } else if constexpr (std::is_same_v<X, std::string>) {
    w.string(v);
  } else if constexpr (std::is_convertible_v<const X&, JsonView>) {
    w.raw(JsonView(v).dump());
  } else if constexpr (is_optional_v<X>) {
    // inside a container: an empty one is null (a field that is an empty optional is left out)
    if (v) {
      write_value(w, *v);
    } else {
      w.null();
    }
  } else if constexpr (is_vector_v<X>) {
    w.begin_array();
    for (const auto& e : v) write_value(w, e);
    w.end_array();
  } else if constexpr (HasJsonFields<X>) {
    w.begin_object();
    std::apply(
        [&](const auto&... f) {
          auto one = [&](const auto& fld) {
            const auto& m = v.*(fld.member);
            using M = std::remove_cvref_t<decltype(m)>;
            if constexpr (is_optional_v<M>) {
              if (!m) return;  // an empty optional member is left out; inside a container it is null
            }
            w.key(fld.name);
            write_value(w, m);
          };
          (one(f), ...);
        },
        JsonFields<X>::fields);
    w.end_object();
  } else {
    static_assert(JsonSerializable<X>, "a JsonFields field needs a JSON form: see <arango/fields.hpp>");
    to_json(w, v);
  }
}

}  // namespace detail::fields

/// Reads a type with JsonFields from SAX events (no DOM in between).
template <HasJsonFields T>
struct Deserializer<T> {
  /// The handler that fills `out`.
  static detail::fields::Handler handler(T& out) {
    return detail::fields::Handler(detail::fields_reader(&out, &detail::fields::sink_of<T>));
  }
};

/// Writes a type with JsonFields: its fields in list order, an empty std::optional left out.
template <HasJsonFields T>
void to_json(JsonWriter& w, const T& value) {
  detail::fields::write_value(w, value);
}

}  // namespace v1
}  // namespace arango
