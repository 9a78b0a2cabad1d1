// A flat user document type for tests: written through to_json, read through a SAX
// Deserializer (no DOM in between).
#pragma once

#include <arango/json.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace testenv {

/// A flat user document decoded from SAX events (no DOM) and written through to_json.
struct Student {
  std::string key;
  std::string name;
  std::int64_t age = 0;
  friend bool operator==(const Student&, const Student&) = default;
};

inline void to_json(arango::JsonWriter& w, const Student& s) {
  w.begin_object();
  if (!s.key.empty()) {
    w.key("_key");
    w.string(s.key);
  }
  w.key("name");
  w.string(s.name);
  w.key("age");
  w.int64(s.age);
  w.end_object();
}

class StudentHandler final : public arango::JsonHandler {
 public:
  explicit StudentHandler(Student& s) : s_(s) {}
  bool on_start_object() override { return ++depth_ == 1; }  // flat documents only
  bool on_end_object(std::size_t) override { return --depth_ == 0; }
  bool on_key(std::string_view k) override {
    key_ = k;
    return true;
  }
  bool on_string(std::string_view v) override {
    if (key_ == "_key") s_.key = v;
    if (key_ == "name") s_.name = v;
    return true;
  }
  bool on_int64(std::int64_t v) override {
    if (key_ == "age") s_.age = v;
    return true;
  }
  bool on_uint64(std::uint64_t v) override { return on_int64(static_cast<std::int64_t>(v)); }

 private:
  Student& s_;
  std::string key_;
  int depth_ = 0;
};

}  // namespace testenv

template <>
struct arango::Deserializer<testenv::Student> {
  static testenv::StudentHandler handler(testenv::Student& s) { return testenv::StudentHandler(s); }
};
