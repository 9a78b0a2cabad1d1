#include "telemetry.hpp"

#include <charconv>
#include <cmath>
#include <exception>

namespace arango {
inline namespace v1 {
namespace detail {

Telemetry::Telemetry(TelemetryOptions options) : options_(std::move(options)) {
  if (options_.observer) {
    try {
      bodies_ = options_.observer->wants_bodies();
    } catch (...) {
      bodies_ = false;
    }
  }
}

void Telemetry::log(LogLevel level, std::string_view message) const noexcept {
  if (!logs(level)) return;
  try {
    options_.logger(level, message);
  } catch (...) {
    // a logger that throws loses its message, nothing else
  }
}

void Telemetry::call_started() noexcept {
  started_.fetch_add(1, std::memory_order_relaxed);
  in_flight_.fetch_add(1, std::memory_order_relaxed);
}

void Telemetry::attempt_ended(const TransferInfo& transfer, bool retried, bool failover) noexcept {
  attempts_.fetch_add(1, std::memory_order_relaxed);
  if (retried) retries_.fetch_add(1, std::memory_order_relaxed);
  if (failover) failovers_.fetch_add(1, std::memory_order_relaxed);
  if (!transfer.filled) return;
  bytes_sent_.fetch_add(transfer.bytes_sent, std::memory_order_relaxed);
  bytes_received_.fetch_add(transfer.bytes_received, std::memory_order_relaxed);
  if (transfer.new_connections > 0) {
    opened_.fetch_add(static_cast<std::uint64_t>(transfer.new_connections), std::memory_order_relaxed);
  } else if (transfer.sent) {
    reused_.fetch_add(1, std::memory_order_relaxed);
  }
}

void Telemetry::call_ended(std::string_view operation, std::string_view error, std::chrono::microseconds duration,
                           bool slow) noexcept {
  in_flight_.fetch_sub(1, std::memory_order_relaxed);
  (error.empty() ? succeeded_ : failed_).fetch_add(1, std::memory_order_relaxed);
  if (slow) slow_.fetch_add(1, std::memory_order_relaxed);
  double seconds = std::chrono::duration<double>(duration).count();
  std::size_t bucket = 0;
  while (bucket < LatencyHistogram::bounds.size() && seconds > LatencyHistogram::bounds[bucket]) ++bucket;
  try {
    std::lock_guard lock(mutex_);
    if (!error.empty()) {
      auto it = failures_.find(error);
      if (it == failures_.end()) it = failures_.emplace(std::string(error), 0).first;
      ++it->second;
    }
    auto it = latency_.find(operation);
    if (it == latency_.end()) it = latency_.emplace(std::string(operation), LatencyHistogram{}).first;
    LatencyHistogram& h = it->second;
    ++h.counts[bucket];
    ++h.count;
    h.sum_seconds += seconds;
  } catch (...) {
    // out of memory for a new map entry: the call goes uncounted in the maps
  }
}

void Telemetry::jwt_login(bool ok) noexcept {
  (ok ? jwt_refreshes_ : jwt_failures_).fetch_add(1, std::memory_order_relaxed);
}

ClientMetrics Telemetry::snapshot(std::uint64_t queued) const {
  ClientMetrics m;
  auto get = [](const std::atomic<std::uint64_t>& a) { return a.load(std::memory_order_relaxed); };
  m.calls_in_flight = get(in_flight_);
  m.calls_queued = queued;
  m.calls_started = get(started_);
  m.calls_succeeded = get(succeeded_);
  m.calls_failed = get(failed_);
  m.attempts = get(attempts_);
  m.retries = get(retries_);
  m.failovers = get(failovers_);
  m.jwt_refreshes = get(jwt_refreshes_);
  m.jwt_refresh_failures = get(jwt_failures_);
  m.bytes_sent = get(bytes_sent_);
  m.bytes_received = get(bytes_received_);
  m.connections_opened = get(opened_);
  m.connections_reused = get(reused_);
  m.slow_calls = get(slow_);
  std::lock_guard lock(mutex_);
  m.failures = failures_;
  m.latency = latency_;
  return m;
}

}  // namespace detail

namespace {

/// A label value as the text format asks: backslash, double quote and line feed escaped.
void append_label_value(std::string& out, std::string_view value) {
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
}

/// The shortest text that reads back as `value` ("0.0005", "+Inf").
std::string format_double(double value) {
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  if (std::isnan(value)) return "NaN";
  char buffer[64];
  // Plain decimals ("0.0005", as Prometheus' own clients write bucket bounds) where they are
  // short; the shortest form otherwise.
  double magnitude = std::fabs(value);
  bool plain = value == 0 || (magnitude >= 1e-6 && magnitude < 1e15);
  auto [end, ec] = plain ? std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed)
                         : std::to_chars(buffer, buffer + sizeof buffer, value);
  return ec == std::errc() ? std::string(buffer, end) : std::string("NaN");
}

class Writer {
 public:
  Writer(std::string_view prefix, std::string_view labels) : prefix_(prefix), labels_(labels) {}

  void header(std::string_view name, std::string_view type, std::string_view help) {
    out_ += "# HELP ";
    out_ += prefix_;
    out_ += '_';
    out_ += name;
    out_ += ' ';
    out_ += help;
    out_ += "\n# TYPE ";
    out_ += prefix_;
    out_ += '_';
    out_ += name;
    out_ += ' ';
    out_ += type;
    out_ += '\n';
  }

  /// One sample: name{labels,extra} value. `extra` is label text already escaped.
  void sample(std::string_view name, std::string_view extra, const std::string& value) {
    out_ += prefix_;
    out_ += '_';
    out_ += name;
    if (!labels_.empty() || !extra.empty()) {
      out_ += '{';
      out_ += labels_;
      if (!labels_.empty() && !extra.empty()) out_ += ',';
      out_ += extra;
      out_ += '}';
    }
    out_ += ' ';
    out_ += value;
    out_ += '\n';
  }

  void metric(std::string_view name, std::string_view type, std::string_view help, std::uint64_t value) {
    header(name, type, help);
    sample(name, {}, std::to_string(value));
  }

  std::string take() { return std::move(out_); }

 private:
  std::string_view prefix_;
  std::string_view labels_;
  std::string out_;
};

std::string label(std::string_view name, std::string_view value) {
  std::string out(name);
  out += "=\"";
  append_label_value(out, value);
  out += '"';
  return out;
}

}  // namespace

std::string to_prometheus(const ClientMetrics& m, std::string_view prefix, std::string_view labels) {
  Writer w(prefix, labels);
  w.metric("calls_in_flight", "gauge", "Calls started and not ended.", m.calls_in_flight);
  w.metric("calls_queued", "gauge", "Calls waiting in the client for a free connection.", m.calls_queued);
  w.metric("calls_started_total", "counter", "Calls started.", m.calls_started);
  w.metric("calls_succeeded_total", "counter", "Calls ended with a result.", m.calls_succeeded);
  w.header("calls_failed_total", "counter", "Calls ended with an error, by the error's class.");
  if (m.failures.empty()) {
    w.sample("calls_failed_total", {}, std::to_string(m.calls_failed));
  } else {
    for (const auto& [error, count] : m.failures) w.sample("calls_failed_total", label("error", error), std::to_string(count));
  }
  w.metric("attempts_total", "counter", "Attempts sent, first ones and retries.", m.attempts);
  w.metric("retries_total", "counter", "Attempts after a call's first.", m.retries);
  w.metric("failovers_total", "counter", "Retries sent to another host than the attempt before.", m.failovers);
  w.metric("jwt_refreshes_total", "counter", "JWT logins that succeeded.", m.jwt_refreshes);
  w.metric("jwt_refresh_failures_total", "counter", "JWT logins that failed.", m.jwt_refresh_failures);
  w.metric("sent_bytes_total", "counter", "Request bytes sent, headers included.", m.bytes_sent);
  w.metric("received_bytes_total", "counter", "Response bytes received, headers included.", m.bytes_received);
  w.metric("connections_opened_total", "counter", "Connections opened.", m.connections_opened);
  w.metric("connections_reused_total", "counter", "Attempts sent over a connection already open.",
           m.connections_reused);
  w.metric("slow_calls_total", "counter", "Calls longer than the client's slow call threshold.", m.slow_calls);
  w.header("call_duration_seconds", "histogram", "Call durations by operation, from start to decoded result.");
  for (const auto& [operation, h] : m.latency) {
    std::string op = label("operation", operation);
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i <= LatencyHistogram::bounds.size(); ++i) {
      cumulative += h.counts[i];
      double bound = i < LatencyHistogram::bounds.size() ? LatencyHistogram::bounds[i] : INFINITY;
      w.sample("call_duration_seconds_bucket", op + ",le=\"" + format_double(bound) + "\"", std::to_string(cumulative));
    }
    w.sample("call_duration_seconds_sum", op, format_double(h.sum_seconds));
    w.sample("call_duration_seconds_count", op, std::to_string(h.count));
  }
  return w.take();
}

std::string_view to_string(RetryReason reason) noexcept {
  switch (reason) {
    case RetryReason::none: return "none";
    case RetryReason::connection_failed: return "connection_failed";
    case RetryReason::service_unavailable: return "service_unavailable";
    case RetryReason::unauthorized: return "unauthorized";
  }
  return "none";
}

}  // namespace v1
}  // namespace arango
