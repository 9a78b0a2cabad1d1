// The run-time half of <arango/fields.hpp>: the SAX reader that walks a JsonFields type's sinks,
// and the capture of a value's events as JSON text.
#include <arango/fields.hpp>

#include <string>
#include <utility>
#include <vector>

#include <arango/client_exceptions.hpp>

namespace arango {
inline namespace v1 {
namespace detail::fields {
namespace {

// --- Capture: a value's events as JSON text ---

class Capture final : public JsonHandler {
 public:
  bool on_null() override {
    builder_.null();
    return true;
  }
  bool on_bool(bool v) override {
    builder_.boolean(v);
    return true;
  }
  bool on_int64(std::int64_t v) override {
    builder_.int64(v);
    return true;
  }
  bool on_uint64(std::uint64_t v) override {
    builder_.uint64(v);
    return true;
  }
  bool on_double(double v) override {
    builder_.number(v);
    return true;
  }
  bool on_string(std::string_view v) override {
    builder_.string(v);
    return true;
  }
  bool on_start_object() override {
    builder_.begin_object();
    return true;
  }
  bool on_key(std::string_view k) override {
    builder_.key(k);
    return true;
  }
  bool on_end_object(std::size_t) override {
    builder_.end_object();
    return true;
  }
  bool on_start_array() override {
    builder_.begin_array();
    return true;
  }
  bool on_end_array(std::size_t) override {
    builder_.end_array();
    return true;
  }
  Json value() { return Json(builder_.finish()); }

 private:
  JsonBuilder builder_;
};

// --- Reader ---

/// What a value is, for "got ..." in an error.
enum class Got { null, boolean, integer, number, string, object, array };

const char* describe(Got g) {
  switch (g) {
    case Got::null: return "null";
    case Got::boolean: return "a boolean";
    case Got::integer: return "an integer";
    case Got::number: return "a number";
    case Got::string: return "a string";
    case Got::object: return "an object";
    case Got::array: return "an array";
  }
  return "a value";
}

/// How a value was reached from its container: a member's name or an element's index.
struct Step {
  std::string_view name{};
  std::size_t index = 0;
  bool element = false;
};

/// An open object or array being read.
struct Frame {
  Slot slot;
  Step step;               ///< how this container was reached
  std::size_t count = 0;   ///< elements read so far (arrays)
};

/// Reads a JsonFields type (or any type a Sink describes) from SAX events; errors name the path.
struct State {
  Slot root;
  std::vector<Frame> frames;
  Slot member{};           ///< the slot of the member whose key came last (object frames)
  std::size_t skipping = 0;  ///< depth inside a value that is skipped (an unknown member)
  std::unique_ptr<JsonHandler> delegate;  ///< a handler-kind value being read
  Slot delegate_slot{};
  std::size_t delegate_depth = 0;
  Step current{};          ///< how the value being read was reached

  std::string path() const {
    std::string out;
    auto add = [&out](const Step& s) {
      if (s.element) {
        out += '[' + std::to_string(s.index) + ']';
      } else if (!s.name.empty()) {
        if (!out.empty()) out += '.';
        out += s.name;
      }
    };
    for (const Frame& f : frames) add(f.step);
    add(current);
    return out;
  }

  [[noreturn]] void fail(const char* expected, const std::string& got) const {
    std::string p = path();
    throw DeserializationError((p.empty() ? std::string() : p + ": ") + "expected " + expected + ", got " + got);
  }

  /// The slot of the next value (sink null: an unknown member, skipped). An optional is
  /// resolved to its value's slot unless the value is null.
  Slot next(bool null) {
    Slot slot;
    if (frames.empty()) {
      slot = root;
      current = Step{};
    } else if (Frame& top = frames.back(); top.slot.sink->kind == Kind::array) {
      current = Step{{}, top.count++, true};
      slot = top.slot.sink->element(top.slot.target);
    } else {
      slot = member;
      member = Slot{};
      current = Step{slot.name, 0, false};
    }
    while (slot.sink && slot.sink->kind == Kind::optional && !null) slot = slot.sink->inner(slot.target);
    return slot;
  }

  /// Hands an event to the delegate; once its value is complete, stores it.
  template <class Event>
  bool forward(Event event) {
    if (!event(*delegate)) fail(delegate_slot.sink->expected, "a value its deserializer refused");
    if (delegate_depth == 0) {
      std::unique_ptr<JsonHandler> done = std::move(delegate);
      delegate_slot.sink->finish(*done, delegate_slot.target);
    }
    return true;
  }

  /// A null, boolean, number or string.
  template <class Event, class Apply>
  bool scalar(Got got, Event event, Apply apply) {
    if (delegate) return forward(event);
    if (skipping > 0) return true;
    Slot slot = next(got == Got::null);
    if (!slot.sink) return true;
    if (slot.sink->kind == Kind::handler) {
      begin_delegate(slot, 0);
      return forward(event);
    }
    if (!apply(*slot.sink, slot.target)) {
      bool range = got == Got::integer && std::string_view(slot.sink->expected) == "an integer";
      fail(slot.sink->expected, range ? "an integer out of its range" : describe(got));
    }
    return true;
  }

  /// The start of an object or array.
  template <class Event>
  bool open(Kind kind, Got got, Event event) {
    if (delegate) {
      ++delegate_depth;
      return forward(event);
    }
    if (skipping > 0) {
      ++skipping;
      return true;
    }
    Slot slot = next(false);
    if (!slot.sink) {
      skipping = 1;
      return true;
    }
    if (slot.sink->kind == Kind::handler) {
      begin_delegate(slot, 1);
      return forward(event);
    }
    if (slot.sink->kind != kind) fail(slot.sink->expected, describe(got));
    frames.push_back(Frame{slot, current, 0});
    current = Step{};
    return true;
  }

  /// The end of an object or array.
  template <class Event>
  bool close(Event event) {
    if (delegate) {
      --delegate_depth;
      return forward(event);
    }
    if (skipping > 0) {
      --skipping;
      return true;
    }
    current = frames.back().step;
    frames.pop_back();
    return true;
  }

  void begin_delegate(const Slot& slot, std::size_t depth) {
    delegate = slot.sink->make_handler(slot.target);
    delegate_slot = slot;
    delegate_depth = depth;
  }
};

class Reader final : public JsonHandler {
 public:
  Reader(void* root, const Sink* sink) { st.root = Slot{root, sink, {}}; }

  bool on_null() override {
    return st.scalar(
        Got::null, [](JsonHandler& h) { return h.on_null(); }, [](const Sink& s, void* t) { return s.on_null(t); });
  }
  bool on_bool(bool v) override {
    return st.scalar(
        Got::boolean, [v](JsonHandler& h) { return h.on_bool(v); },
        [v](const Sink& s, void* t) { return s.on_bool(t, v); });
  }
  bool on_int64(std::int64_t v) override {
    return st.scalar(
        Got::integer, [v](JsonHandler& h) { return h.on_int64(v); },
        [v](const Sink& s, void* t) { return s.on_int64(t, v); });
  }
  bool on_uint64(std::uint64_t v) override {
    return st.scalar(
        Got::integer, [v](JsonHandler& h) { return h.on_uint64(v); },
        [v](const Sink& s, void* t) { return s.on_uint64(t, v); });
  }
  bool on_double(double v) override {
    return st.scalar(
        Got::number, [v](JsonHandler& h) { return h.on_double(v); },
        [v](const Sink& s, void* t) { return s.on_double(t, v); });
  }
  bool on_string(std::string_view v) override {
    return st.scalar(
        Got::string, [v](JsonHandler& h) { return h.on_string(v); },
        [v](const Sink& s, void* t) { return s.on_string(t, v); });
  }
  bool on_start_object() override {
    return st.open(Kind::object, Got::object, [](JsonHandler& h) { return h.on_start_object(); });
  }
  bool on_key(std::string_view k) override {
    if (st.delegate) return st.forward([k](JsonHandler& h) { return h.on_key(k); });
    if (st.skipping > 0) return true;
    const Slot& object = st.frames.back().slot;
    st.member = object.sink->member(object.target, k);
    return true;
  }
  bool on_end_object(std::size_t n) override {
    return st.close([n](JsonHandler& h) { return h.on_end_object(n); });
  }
  bool on_start_array() override {
    return st.open(Kind::array, Got::array, [](JsonHandler& h) { return h.on_start_array(); });
  }
  bool on_end_array(std::size_t n) override {
    return st.close([n](JsonHandler& h) { return h.on_end_array(n); });
  }

 private:
  State st;
};

}  // namespace
}  // namespace detail::fields

namespace detail {
std::unique_ptr<JsonHandler> json_capture() { return std::make_unique<fields::Capture>(); }
Json captured_json(JsonHandler& capture) { return static_cast<fields::Capture&>(capture).value(); }
std::unique_ptr<JsonHandler> fields_reader(void* root, const fields::Sink* sink) {
  return std::make_unique<fields::Reader>(root, sink);
}

}  // namespace detail
}  // namespace v1
}  // namespace arango
