// make_span_observer: CallObserver events as OpenTelemetry-shaped spans (<arango/tracing.hpp>).
#include <arango/tracing.hpp>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace arango {
inline namespace v1 {

const std::variant<std::string, std::int64_t, double, bool>* Span::attribute(std::string_view key) const {
  for (const SpanAttribute& a : attributes) {
    if (a.key == key) return &a.value;
  }
  return nullptr;
}

namespace {

std::string percent_decoded(std::string_view text) {
  auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && digit(text[i + 1]) >= 0 && digit(text[i + 2]) >= 0) {
      out += static_cast<char>(digit(text[i + 1]) * 16 + digit(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

/// The next segment of `rest` (up to a slash), taken off it.
std::string_view take_segment(std::string_view& rest) {
  std::size_t slash = rest.find('/');
  std::string_view segment = rest.substr(0, slash);
  rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
  return segment;
}

/// The collection a request path names: /_api/document/{c}, /_api/collection/{c},
/// /_api/gharial/{graph}/vertex/{c}, /_api/gharial/{graph}/edge/{c}; empty for the others.
std::string collection_of_path(std::string_view path) {
  std::size_t api = path.find("/_api/");
  if (api == std::string_view::npos) return {};
  std::string_view rest = path.substr(api + 6);
  std::string_view kind = take_segment(rest);
  if (kind == "document" || kind == "collection") return percent_decoded(take_segment(rest));
  if (kind == "gharial") {
    take_segment(rest);  // the graph
    std::string_view part = take_segment(rest);
    if (part == "vertex" || part == "edge") return percent_decoded(take_segment(rest));
  }
  return {};
}

/// server.address and server.port of a host URL ("https://[::1]:8530" -> "::1", 8530).
std::pair<std::string, std::int64_t> server_of(std::string_view host) {
  std::int64_t port = host.rfind("https://", 0) == 0 ? 443 : 80;
  std::size_t scheme = host.find("://");
  std::string_view authority = scheme == std::string_view::npos ? host : host.substr(scheme + 3);
  authority = authority.substr(0, authority.find('/'));
  std::string_view address = authority;
  std::size_t colon = authority.rfind(':');
  std::size_t bracket = authority.rfind(']');
  if (colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket)) {
    address = authority.substr(0, colon);
    std::int64_t parsed = 0;
    for (char c : authority.substr(colon + 1)) {
      if (c < '0' || c > '9' || parsed > 65535) {
        parsed = -1;
        break;
      }
      parsed = parsed * 10 + (c - '0');
    }
    if (parsed > 0 && parsed <= 65535) port = parsed;
  }
  if (address.size() >= 2 && address.front() == '[' && address.back() == ']') address = address.substr(1, address.size() - 2);
  return {std::string(address), port};
}

class SpanObserver final : public CallObserver {
 public:
  explicit SpanObserver(std::shared_ptr<SpanExporter> exporter) : exporter_(std::move(exporter)) {}

  void on_attempt_end(const AttemptEnd& e) override {
    if (e.trace_id.empty() || !e.sampled) return;
    Span span;
    span.trace_id = std::string(e.trace_id);
    span.span_id = std::string(e.attempt_span_id);
    span.parent_span_id = std::string(e.span_id);
    span.name = std::string(to_string(e.method));
    span.sampled = e.sampled;
    span.start_time = e.attempt_start_time;
    span.end_time = std::chrono::system_clock::now();
    auto [address, port] = server_of(e.host);
    span.attributes.push_back({"http.request.method", std::string(to_string(e.method))});
    span.attributes.push_back({"server.address", std::move(address)});
    span.attributes.push_back({"server.port", port});
    span.attributes.push_back({"url.full", std::string(e.host) + std::string(e.path)});
    if (e.status_code > 0) span.attributes.push_back({"http.response.status_code", std::int64_t{e.status_code}});
    if (e.attempt > 1) span.attributes.push_back({"http.request.resend_count", static_cast<std::int64_t>(e.attempt - 1)});
    if (!e.error.empty()) {
      span.attributes.push_back({"error.type", std::string(e.error)});
      span.error = true;
      span.status_message = std::string(e.error_message);
    } else if (e.status_code >= 400) {
      span.attributes.push_back({"error.type", std::to_string(e.status_code)});
      span.error = true;
    }
    if (e.retry != RetryReason::none) span.attributes.push_back({"arango.retry_reason", std::string(to_string(e.retry))});
    exporter_->export_span(std::move(span));
  }

  void on_call_end(const CallEnd& e) override {
    if (e.trace_id.empty() || !e.sampled) return;
    Span span;
    span.trace_id = std::string(e.trace_id);
    span.span_id = std::string(e.span_id);
    span.parent_span_id = std::string(e.parent_span_id);
    std::string collection = collection_of_path(e.path);
    span.name = std::string(e.operation) + " " + (collection.empty() ? std::string(e.database) : collection);
    span.sampled = e.sampled;
    span.start_time = e.start_time;
    span.end_time = e.start_time + std::chrono::duration_cast<std::chrono::system_clock::duration>(e.duration);
    span.attributes.push_back({"db.system.name", std::string("arangodb")});
    span.attributes.push_back({"db.namespace", std::string(e.database)});
    span.attributes.push_back({"db.operation.name", std::string(e.operation)});
    if (!collection.empty()) span.attributes.push_back({"db.collection.name", collection});
    if (!e.host.empty()) {
      auto [address, port] = server_of(e.host);
      span.attributes.push_back({"server.address", std::move(address)});
      span.attributes.push_back({"server.port", port});
    }
    if (e.error_num != 0) span.attributes.push_back({"db.response.status_code", std::to_string(e.error_num)});
    if (!e.error.empty()) {
      span.attributes.push_back({"error.type", std::string(e.error)});
      span.error = true;
      span.status_message = std::string(e.error_message);
    }
    span.attributes.push_back({"arango.attempts", static_cast<std::int64_t>(e.attempts)});
    exporter_->export_span(std::move(span));
  }

 private:
  std::shared_ptr<SpanExporter> exporter_;
};

}  // namespace

std::shared_ptr<CallObserver> make_span_observer(std::shared_ptr<SpanExporter> exporter) {
  if (!exporter) throw std::invalid_argument("make_span_observer: no exporter");
  return std::make_shared<SpanObserver>(std::move(exporter));
}

}  // namespace v1
}  // namespace arango
