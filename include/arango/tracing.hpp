// Spans in OpenTelemetry's shape, made from a client's CallObserver events: one span per call
// (kind client, named and attributed as OpenTelemetry's database semantic conventions ask) and a
// child span per attempt (as its HTTP client conventions ask). Hand them to your tracer with a
// SpanExporter of a few lines; the library depends on no OpenTelemetry SDK.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include <arango/export.hpp>
#include <arango/observe.hpp>

namespace arango {
inline namespace v1 ARANGO_API {

/// One attribute of a span: an OpenTelemetry attribute key and its value.
struct SpanAttribute {
  std::string key;                                              ///< "db.namespace", "server.port", ...
  std::variant<std::string, std::int64_t, double, bool> value;  ///< its value
};

/// A finished span, as OpenTelemetry models one.
struct Span {
  std::string trace_id;        ///< 32 lowercase hex digits
  std::string span_id;         ///< 16 lowercase hex digits
  std::string parent_span_id;  ///< 16 hex digits; empty for a root span
  /// "insert orders" (a call: its operation and collection, or database) or "POST" (an attempt).
  std::string name;
  bool sampled = true;  ///< the trace context's sampled flag
  std::chrono::system_clock::time_point start_time{};  ///< when it started
  std::chrono::system_clock::time_point end_time{};    ///< when it ended
  std::vector<SpanAttribute> attributes;                ///< in the order the conventions list them
  bool error = false;           ///< status: error (else unset, as the conventions advise)
  std::string status_message;   ///< the error's message when `error`

  /// The value of attribute `key`, or null when the span has none.
  const std::variant<std::string, std::int64_t, double, bool>* attribute(std::string_view key) const;
};

/// Receives each span once it has ended: a call's attempts before the call. Called on the I/O
/// thread, several at once: thread-safe and quick. Spans of calls that are not sampled are not
/// made.
class SpanExporter {
 public:
  virtual ~SpanExporter() = default;
  /// One finished span.
  virtual void export_span(Span span) = 0;
};

/// A CallObserver that turns a client's calls into spans for `exporter` (ClientOptions::observer).
/// A call's span is a child of the caller's span when the call has a trace context
/// (CallOptions::traceparent, with_trace_context), else the root of a new trace.
///
/// Call span: name "{db.operation.name} {db.collection.name}" (or the database when the call
/// names no collection), attributes db.system.name ("arangodb"), db.namespace,
/// db.operation.name, db.collection.name (the calls whose path names one: documents, collections,
/// graph vertices and edges),
/// server.address, server.port, db.response.status_code (the errorNum, as a string) and
/// error.type (the error's class) on failure, arango.attempts. Attempt span: name the HTTP
/// method, attributes http.request.method, server.address, server.port, url.full (without the
/// query string), http.response.status_code, http.request.resend_count (from the second
/// attempt), error.type (a client error's class), arango.retry_reason.
std::shared_ptr<CallObserver> make_span_observer(std::shared_ptr<SpanExporter> exporter);

}  // namespace v1
}  // namespace arango
