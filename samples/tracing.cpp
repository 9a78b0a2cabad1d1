// Tracing: the client's calls as OpenTelemetry-shaped spans, written to stdout as JSON lines by a
// tiny exporter (in OTLP/JSON's field names), inside the trace of an incoming request whose W3C
// traceparent the calls carry on to the server. Bridging to a real tracer is the same few lines
// in export_span. Runs against ARANGO_URL (default http://127.0.0.1:8529) as ARANGO_USER /
// ARANGO_PASSWORD and exits non-zero when the spans are not what it expects.
#include <arango/arango.hpp>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

namespace {

std::string env(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v && *v ? v : fallback;
}

//! [exporter]
/// One JSON line per span, with OTLP/JSON's field names.
class StdoutExporter final : public arango::SpanExporter {
 public:
  void export_span(arango::Span span) override {
    arango::JsonBuilder b;
    auto field = [&b](std::string_view name, std::string_view value) {
      b.key(name);
      b.string(value);
    };
    b.begin_object();
    field("traceId", span.trace_id);
    field("spanId", span.span_id);
    if (!span.parent_span_id.empty()) field("parentSpanId", span.parent_span_id);
    field("name", span.name);
    field("kind", "SPAN_KIND_CLIENT");
    field("startTimeUnixNano", std::to_string(nanos(span.start_time)));
    field("endTimeUnixNano", std::to_string(nanos(span.end_time)));
    b.key("attributes");
    b.begin_array();
    for (const arango::SpanAttribute& a : span.attributes) {
      b.begin_object();
      field("key", a.key);
      b.key("value");
      b.begin_object();
      std::visit([&](const auto& v) {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, std::string>) field("stringValue", v);
        if constexpr (std::is_same_v<V, std::int64_t>) field("intValue", std::to_string(v));
        if constexpr (std::is_same_v<V, double>) {
          b.key("doubleValue");
          b.number(v);
        }
        if constexpr (std::is_same_v<V, bool>) {
          b.key("boolValue");
          b.boolean(v);
        }
      }, a.value);
      b.end_object();
      b.end_object();
    }
    b.end_array();
    b.key("status");
    b.begin_object();
    field("code", span.error ? "STATUS_CODE_ERROR" : "STATUS_CODE_UNSET");
    if (span.error) field("message", span.status_message);
    b.end_object();
    b.end_object();
    std::lock_guard lock(mutex_);
    std::cout << b.finish().str() << "\n";
    spans_.push_back(std::move(span));
  }
  std::vector<arango::Span> spans() {
    std::lock_guard lock(mutex_);
    return spans_;
  }

 private:
  static std::int64_t nanos(std::chrono::system_clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
  }
  std::mutex mutex_;
  std::vector<arango::Span> spans_;
};
//! [exporter]

}  // namespace

int main() {
  const std::string url = env("ARANGO_URL", "http://127.0.0.1:8529");
  const arango::Auth auth{env("ARANGO_USER", "root"), env("ARANGO_PASSWORD", "")};
  int failures = 0;
  auto expect = [&failures](bool ok, const char* what) {
    if (!ok) {
      std::cerr << "unexpected: " << what << "\n";
      ++failures;
    }
  };

  //! [client]
  auto exporter = std::make_shared<StdoutExporter>();
  arango::ArangoClient client(arango::ClientOptions{.hosts = {url}, .observer = arango::make_span_observer(exporter)});
  arango::StandardDatabase db = client.db("_system", {.auth = auth}).get();

  // The traceparent of the request this program is serving (from its own caller): the calls'
  // spans are its children, and each request to ArangoDB carries the trace on.
  const std::string incoming = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  arango::StandardDatabase traced = db.with_trace_context(incoming);
  auto orders = traced.create_collection("orders").get();
  orders.insert(arango::Json::parse(R"({"_key": "o1", "total": 30})")).get();
  try {
    orders.insert(arango::Json::parse(R"({"_key": "o1"})")).get();  // 409: an error span
  } catch (const arango::DocumentInsertError&) {
  }
  traced.delete_collection("orders").get();
  //! [client]

  std::vector<arango::Span> spans = exporter->spans();
  std::vector<const arango::Span*> calls, attempts;
  for (const auto& s : spans) (s.name == "POST" || s.name == "DELETE" ? attempts : calls).push_back(&s);
  expect(calls.size() == 4 && attempts.size() == 4, "a call span and one attempt span for each of the 4 calls");
  for (const auto* c : calls) {
    expect(c->trace_id == "4bf92f3577b34da6a3ce929d0e0e4736", "each call in the incoming trace");
    expect(c->parent_span_id == "00f067aa0ba902b7", "each call a child of the incoming span");
  }
  for (const auto* a : attempts) {
    bool has_parent = false;
    for (const auto* c : calls) has_parent = has_parent || a->parent_span_id == c->span_id;
    expect(has_parent, "each attempt a child of its call");
  }
  bool error_span = false;
  for (const auto* c : calls) {
    auto* type = c->attribute("error.type");
    error_span = error_span || (c->name == "insert orders" && c->error && type &&
                                std::get<std::string>(*type) == "DocumentInsertError");
  }
  expect(error_span, "the failed insert's span has status error and error.type DocumentInsertError");
  return failures == 0 ? 0 : 1;
}
