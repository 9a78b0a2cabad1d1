// Test-control API (not part of ArangoDB): /_emulator/stats, /_emulator/faults.
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

}  // namespace

void register_emulator_handlers(Router& control) {
  control.get("/_emulator/stats", stats);
  control.get("/_emulator/faults", list_faults);
  control.post("/_emulator/faults", add_fault);
  control.del("/_emulator/faults", clear_faults);
}

}  // namespace emu
