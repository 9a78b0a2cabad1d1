// Test-control API (not part of ArangoDB): /_emulator/stats, /_emulator/faults,
// /_emulator/listeners, /_emulator/queue-time.
#include <chrono>
#include <cmath>
#include <string>

#include "faults.hpp"
#include "handlers.hpp"
#include "router.hpp"

namespace emu {
namespace {

HttpResponse control_error(std::string_view message) {
  return error_response(400, err::kHttpBadParameter, message);
}

HttpResponse stats(RequestContext& ctx) {
  auto const& s = ctx.svc.stats;
  JsonWriter w;
  w.begin_object()
      .kv("connections_accepted", static_cast<std::uint64_t>(s.connections_accepted.load()))
      .kv("connections_open", static_cast<std::uint64_t>(s.connections_open.load()))
      .kv("requests", static_cast<std::uint64_t>(s.requests.load()))
      .kv("jwt_logins", static_cast<std::uint64_t>(s.jwt_logins.load()))
      .end_object();
  return json_response(200, w);
}

HttpResponse add_fault(RequestContext& ctx) {
  auto parsed = parse_body(ctx);
  if (!parsed.ok) {
    return corrupted_json_response(parsed);
  }
  if (parsed.empty || !parsed.doc->IsObject()) {
    return control_error("body must be a JSON object");
  }
  auto const& body = *parsed.doc;
  Fault f;
  auto const* path = member(body, "path");
  if (path == nullptr || !path->IsString()) {
    return control_error("'path' (string) is required");
  }
  f.path.assign(path->GetString(), path->GetStringLength());
  if (auto const* method = member(body, "method"); method != nullptr && !method->IsNull()) {
    if (!method->IsString()) {
      return control_error("'method' must be a string");
    }
    f.method.assign(method->GetString(), method->GetStringLength());
  }
  auto const* action = member(body, "action");
  if (action == nullptr || !action->IsString()) {
    return control_error("'action' (string) is required");
  }
  auto kind = parse_fault_kind(std::string_view(action->GetString(), action->GetStringLength()));
  if (!kind) {
    return control_error(
        "'action' must be one of delay, reset, truncate, garbage, status503, hang");
  }
  f.kind = *kind;
  if (auto const* delay = member(body, "delay_ms"); delay != nullptr && !delay->IsNull()) {
    if (!delay->IsNumber() || delay->GetDouble() < 0 || !std::isfinite(delay->GetDouble())) {
      return control_error("'delay_ms' must be a non-negative number");
    }
    f.delay = std::chrono::milliseconds(static_cast<std::int64_t>(delay->GetDouble()));
  } else if (f.kind == FaultKind::Delay) {
    return control_error("'delay_ms' is required for action 'delay'");
  }
  if (auto const* listener = member(body, "listener"); listener != nullptr && !listener->IsNull()) {
    if (!listener->IsUint64() || listener->GetUint64() > 1'000'000) {
      return control_error("'listener' must be a listener index (a non-negative integer)");
    }
    f.listener = static_cast<std::size_t>(listener->GetUint64());
  }
  if (auto const* count = member(body, "count"); count != nullptr && !count->IsNull()) {
    if (!count->IsInt64() || count->GetInt64() < 1) {
      return control_error("'count' must be a positive integer");
    }
    f.remaining = count->GetInt64();
  }
  auto id = ctx.svc.faults.add(std::move(f));
  JsonWriter w;
  w.begin_object().kv("id", static_cast<std::uint64_t>(id)).end_object();
  return json_response(200, w);
}

HttpResponse list_faults(RequestContext& ctx) {
  auto faults = ctx.svc.faults.list();
  JsonWriter w;
  w.begin_object().key("faults").begin_array();
  for (auto const& f : faults) {
    w.begin_object()
        .kv("id", static_cast<std::uint64_t>(f.id))
        .kv("path", f.path)
        .key("method");
    if (f.method.empty()) {
      w.null();
    } else {
      w.string(f.method);
    }
    w.kv("action", to_string(f.kind)).kv("delay_ms", static_cast<std::int64_t>(f.delay.count()));
    w.kv("hits", static_cast<std::uint64_t>(f.hits));
    w.key("listener");
    if (f.listener) {
      w.uint64(*f.listener);
    } else {
      w.null();
    }
    w.key("count");
    if (f.remaining) {
      w.int64(*f.remaining);
    } else {
      w.null();
    }
    w.end_object();
  }
  w.end_array().end_object();
  return json_response(200, w);
}

HttpResponse clear_faults(RequestContext& ctx) {
  auto n = ctx.svc.faults.clear();
  JsonWriter w;
  w.begin_object().kv("cleared", static_cast<std::uint64_t>(n)).end_object();
  return json_response(200, w);
}

void write_listener(JsonWriter& w, ListenerInfo const& l) {
  w.begin_object()
      .kv("index", static_cast<std::uint64_t>(l.index))
      .kv("url", l.url)
      .kv("port", static_cast<std::uint64_t>(l.port))
      .kv("state", l.running ? "running" : "stopped")
      .kv("requests", l.requests)
      .kv("connections_open", l.connections_open)
      .end_object();
}

HttpResponse list_listeners(RequestContext& ctx) {
  auto* control = ctx.svc.transport.listeners();
  if (control == nullptr) {
    return error_response(500, err::kInternal, "no transport registered");
  }
  JsonWriter w;
  w.begin_object().key("listeners").begin_array();
  for (auto const& l : control->listeners()) {
    write_listener(w, l);
  }
  w.end_array().end_object();
  return json_response(200, w);
}

// POST /_emulator/listeners/<index>/{stop,start}: answers the listener's
// state afterwards.
HttpResponse change_listener(RequestContext& ctx, bool stop) {
  auto* control = ctx.svc.transport.listeners();
  if (control == nullptr) {
    return error_response(500, err::kInternal, "no transport registered");
  }
  auto const& text = ctx.param("index");
  std::size_t index = 0;
  if (text.empty() || text.size() > 6 ||
      text.find_first_not_of("0123456789") != std::string::npos) {
    return control_error("listener index must be a non-negative integer");
  }
  index = static_cast<std::size_t>(std::stoul(text));
  std::string message;
  auto result = stop ? control->stop(index, ctx.request.connection, message)
                     : control->start(index, message);
  switch (result) {
    case ListenerOpResult::NoSuchListener:
      return error_response(404, err::kHttpNotFound, "no listener " + text);
    case ListenerOpResult::Failed:
      return error_response(500, err::kInternal, message);
    case ListenerOpResult::Ok:
      break;
  }
  for (auto const& l : control->listeners()) {
    if (l.index == index) {
      JsonWriter w;
      write_listener(w, l);
      return json_response(200, w);
    }
  }
  return error_response(404, err::kHttpNotFound, "no listener " + text);
}

HttpResponse stop_listener(RequestContext& ctx) { return change_listener(ctx, true); }
HttpResponse start_listener(RequestContext& ctx) { return change_listener(ctx, false); }

HttpResponse queue_time_response(RequestContext& ctx) {
  JsonWriter w;
  w.begin_object().kv("seconds", ctx.svc.transport.extra_queue_time()).end_object();
  return json_response(200, w);
}

HttpResponse set_queue_time(RequestContext& ctx) {
  auto parsed = parse_body(ctx);
  if (!parsed.ok) {
    return corrupted_json_response(parsed);
  }
  if (parsed.empty || !parsed.doc->IsObject()) {
    return control_error("body must be a JSON object");
  }
  auto const* seconds = member(*parsed.doc, "seconds");
  if (seconds == nullptr || !seconds->IsNumber() || !std::isfinite(seconds->GetDouble()) ||
      seconds->GetDouble() < 0) {
    return control_error("'seconds' must be a non-negative number");
  }
  ctx.svc.transport.set_extra_queue_time(seconds->GetDouble());
  return queue_time_response(ctx);
}

}  // namespace

void register_emulator_handlers(Router& control) {
  control.get("/_emulator/stats", stats);
  control.get("/_emulator/faults", list_faults);
  control.post("/_emulator/faults", add_fault);
  control.del("/_emulator/faults", clear_faults);
  control.get("/_emulator/listeners", list_listeners);
  control.post("/_emulator/listeners/:index/stop", stop_listener);
  control.post("/_emulator/listeners/:index/start", start_listener);
  control.get("/_emulator/queue-time", queue_time_response);
  control.put("/_emulator/queue-time", set_queue_time);
}

}  // namespace emu
