// /_api/version, /_admin/version, /_api/engine, /_admin/time, /_admin/status,
// /_admin/server/{availability,mode,role}, /_admin/log (RestAdminLogHandler).
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <limits>
#include <string>
#include <utility>

#include <openssl/opensslv.h>
#include <zlib.h>

#include "handlers.hpp"
#include "logbuffer.hpp"
#include "options.hpp"
#include "permissions.hpp"
#include "router.hpp"

namespace emu {
namespace {

std::string host_name() {
  if (char const* h = std::getenv("HOSTNAME"); h != nullptr && *h != '\0') {
    return h;
  }
  std::array<char, 256> buf{};
  if (::gethostname(buf.data(), buf.size() - 1) == 0) {
    return buf.data();
  }
  return "localhost";
}

// Version::getVPack: a std::map, so the keys come out sorted. The keys are
// those of a 3.12 Linux x86-64 community build (as `arangod --version` lists
// them); the values mimic one. "emulator" (not an arangod key) identifies
// this server.
void write_version_details(JsonWriter& w) {
  std::string const emulator = std::string("arango-emulator ") + kEmulatorVersion;
  std::string const full = std::string("ArangoDB ") + kServerVersion +
                           " 64bit, using jemalloc, build tags/v" + kServerVersion +
                           ", VPack 0.2.1, RocksDB 9.6.0, ICU 64.2, V8 12.1.165, " +
                           OPENSSL_VERSION_TEXT + " (" + emulator + ")";
  std::pair<char const*, std::string> const values[] = {
      {"architecture", "64bit"},
      {"arm", "false"},
      {"asan", "false"},
      {"assertions", "false"},
      {"avx", "true"},
      {"avx2", "false"},
      {"boost-version", "1.78.0"},
      {"build-date", "2025-01-01 00:00:00"},
      {"build-id", "0000000000000000000000000000000000000000"},
      {"build-repository", std::string("tags/v") + kServerVersion},
      {"compiler", "gcc [13.2.0]"},
      {"coverage", "false"},
      {"cplusplus", "202002"},
      {"curl-version", "none"},
      {"debug", "false"},
      {"emulator", emulator},
      {"endianness", "little"},
      {"failure-tests", "false"},
      {"faiss", "1.9.0"},
      {"fd-client-event-handler", "poll"},
      {"fd-setsize", "1024"},
      {"full-version-string", full},
      {"icu-version", "64.2"},
      {"ipo", "true"},
      {"iresearch-version", "1.3.0.0"},
      {"jemalloc", "true"},
      {"libunwind", "true"},
      {"license", "community"},
      {"maintainer-mode", "false"},
      {"memory-profiler", "false"},
      {"ndebug", "true"},
      {"openmp", "5.1"},
      {"openssl-version-compile-time", OPENSSL_VERSION_TEXT},
      {"openssl-version-run-time", OPENSSL_VERSION_TEXT},
      {"optimization-flags", "-mfxsr -mmmx -msse -msse2 -mcx16 -msahf -mpopcnt -msse3 -msse4.1 "
                             "-msse4.2 -mssse3 -mpclmul -mavx -mxsave"},
      {"pic", "2"},
      {"pie", "2"},
      {"platform", "linux"},
      {"reactor-type", "epoll"},
      {"replication2-enabled", "false"},
      {"rocksdb-version", "9.6.0"},
      {"server-version", kServerVersion},
      {"sizeof int", "4"},
      {"sizeof long", "8"},
      {"sizeof void*", "8"},
      {"sse42", "true"},
      {"tsan", "false"},
      {"unaligned-access", "false"},
      {"v8-version", "12.1.165"},
      {"vpack-version", "0.2.1"},
      {"zlib-version", ZLIB_VERSION},
  };
  w.key("details").begin_object();
  for (auto const& [k, v] : values) {
    w.kv(k, v);
  }
  w.kv("mode", "server").kv("role", "SINGLE");
  w.end_object();
}

HttpResponse version(RequestContext& ctx) {
  // RestVersionHandler::getVersion (3.12.10 key order, as recorded).
  JsonWriter w;
  w.begin_object().kv("server", "arango").kv("license", "community").kv("version", kServerVersion);
  if (ctx.query_flag("details")) {
    write_version_details(w);
  }
  w.key("apiVersions").begin_array().string("v0").end_array();
  w.key("deprecatedApiVersions").begin_array().end_array();
  w.kv("requestedApiVersion", "v0");
  w.end_object();
  return json_response(200, w);
}

HttpResponse engine(RequestContext&) {
  // As recorded from 3.12.10 (RestEngine#0), including "endianness":"big".
  static constexpr std::string_view kBody =
      R"({"name":"rocksdb","supports":{"indexes":["primary","edge","hash","skiplist","ttl",)"
      R"("persistent","geo","fulltext","mdi","mdi-prefixed","inverted"],"aliases":{"indexes":)"
      R"({"hash":"persistent","skiplist":"persistent","zkd":"mdi"}}},"endianness":"big"})";
  return json_response(200, std::string(kBody));
}

HttpResponse time_handler(RequestContext&) {
  auto now = std::chrono::system_clock::now().time_since_epoch();
  double seconds = std::chrono::duration<double>(now).count();
  return ok_merged(200, [&](JsonWriter& w) { w.kv("time", seconds); });
}

HttpResponse status(RequestContext& ctx) {
  // RestStatusHandler::executeStandard for a single server.
  JsonWriter w;
  w.begin_object()
      .kv("server", "arango")
      .kv("version", kServerVersion)
      .kv("pid", static_cast<std::int64_t>(::getpid()))
      .kv("license", "community")
      .kv("mode", "server")
      .kv("operationMode", "server")
      .kv("foxxApi", true)
      .kv("host", ctx.svc.options.host)
      .kv("hostname", host_name());
  w.key("serverInfo").begin_object();
  w.key("progress")
      .begin_object()
      .kv("phase", "in wait")
      .kv("feature", "")
      .kv("recoveryTick", 0)
      .end_object();
  w.kv("maintenance", false)
      .kv("role", "SINGLE")
      .kv("writeOpsEnabled", true)
      .kv("readOnly", false)
      .end_object();
  w.end_object();
  return json_response(200, w);
}

HttpResponse availability(RequestContext&) {
  // writeModeResult + generateOk(code, VPackBuilder): error/code merged in.
  return ok_merged(200, [](JsonWriter& w) { w.kv("mode", "default"); });
}

HttpResponse role(RequestContext& ctx) { return server_role_response(ctx); }

// RestClusterHandler on a single server: GET only; /endpoints is served by
// coordinators alone (501 / 9), other suffixes are unknown (404 / 404).
HttpResponse cluster(RequestContext& ctx) {
  if (ctx.method != "GET") {
    return error_response(405, err::kHttpMethodNotAllowed, "only the GET method is allowed");
  }
  if (ctx.segments.size() >= 3 && ctx.segments[2] == "endpoints") {
    return error_response(501, 9, "cannot serve this request for this deployment type");
  }
  return error_response(404, err::kHttpNotFound,
                        "expecting /_api/cluster/[endpoints,agency-dump,agency-cache]");
}


// ----- /_admin/log (RestAdminLogHandler, 3.12) --------------------------------

// StringUtils::uint64 / int64: the number, or 0 for anything that is not one.
std::uint64_t to_uint64(std::string_view s) {
  if (s.empty() || s.size() > 20) return 0;
  std::uint64_t v = 0;
  for (char ch : s) {
    if (ch < '0' || ch > '9') return 0;
    auto d = static_cast<std::uint64_t>(ch - '0');
    if (v > (std::numeric_limits<std::uint64_t>::max() - d) / 10) return 0;
    v = v * 10 + d;
  }
  return v;
}

std::int64_t to_int64(std::string_view s) {
  bool const negative = !s.empty() && s.front() == '-';
  if (negative) s.remove_prefix(1);
  std::uint64_t v = to_uint64(s);
  if (v > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return 0;
  return negative ? -static_cast<std::int64_t>(v) : static_cast<std::int64_t>(v);
}

// TRI_StringTimeStamp(ts, useLocalTime = false)
std::string utc_date(double timestamp) {
  auto t = static_cast<std::time_t>(timestamp);
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  std::array<char, 32> buf{};
  std::strftime(buf.data(), buf.size(), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf.data();
}

HttpResponse report_logs(RequestContext& ctx, bool new_format) {
  LogBuffer const& logs = ctx.svc.store.logs;
  // "level" (exactly that level) wins over "upto" (that level or more severe)
  auto const* level_param = ctx.query_value("level");
  auto const* upto_param = ctx.query_value("upto");
  LogLevel level = LogLevel::Info;
  bool const up_to = level_param == nullptr;
  if (level_param != nullptr || upto_param != nullptr) {
    std::string const name = ascii_lower(level_param != nullptr ? *level_param : *upto_param);
    if (name.size() == 1 && name[0] >= '0' && name[0] <= '5') {
      level = static_cast<LogLevel>(name[0] - '0' + 1);
    } else if (auto l = parse_log_level(name, false)) {
      level = *l;
    } else {
      return error_response(400, err::kHttpBadParameter,
                            std::string("unknown '") + (level_param != nullptr ? "level" : "upto") +
                                "' log level: '" + name + "'");
    }
  }
  std::uint64_t start = 0;
  if (auto const* v = ctx.query_value("start")) start = to_uint64(*v);
  std::int64_t offset = 0;
  if (auto const* v = ctx.query_value("offset")) offset = to_int64(*v);
  std::uint64_t size = std::numeric_limits<std::uint64_t>::max();
  if (auto const* v = ctx.query_value("size")) size = to_uint64(*v);
  std::string search;
  if (auto const* v = ctx.query_value("search")) search = *v;
  std::vector<LogEntry> entries = logs.entries(level, start, up_to, search);
  if (auto const* v = ctx.query_value("sort"); v != nullptr && ascii_lower(*v) == "desc") {
    std::reverse(entries.begin(), entries.end());
  }

  JsonWriter w;
  w.begin_object();
  if (new_format) {
    std::size_t first = offset > 0 ? std::min<std::size_t>(static_cast<std::size_t>(offset),
                                                           entries.size())
                                   : 0;
    w.kv("total", static_cast<std::uint64_t>(entries.size())).key("messages").begin_array();
    for (std::size_t i = first; i < entries.size() && i - first < size; ++i) {
      auto const& e = entries[i];
      LogLevel const shown = e.level == LogLevel::Default ? LogLevel::Info : e.level;
      w.begin_object()
          .kv("id", e.id)
          .kv("topic", e.topic)
          .kv("level", log_level_name(shown))
          .kv("date", utc_date(e.timestamp))
          .kv("message", e.message)
          .end_object();
    }
    w.end_array();
  } else {
    std::size_t length = entries.size();
    w.kv("totalAmount", static_cast<std::uint64_t>(length));
    if (offset < 0) {
      offset = 0;
    } else if (static_cast<std::uint64_t>(offset) >= length) {
      length = 0;
      offset = 0;
    } else {
      length -= static_cast<std::size_t>(offset);
    }
    if (length > size) length = static_cast<std::size_t>(size);
    auto const begin = entries.begin() + offset;
    auto const end = begin + static_cast<std::ptrdiff_t>(length);
    w.key("lid").begin_array();
    for (auto it = begin; it != end; ++it) w.uint64(it->id);
    w.end_array().key("topic").begin_array();
    for (auto it = begin; it != end; ++it) w.string(it->topic);
    // 0 fatal ... 5 trace; DEFAULT counts as INFO
    w.end_array().key("level").begin_array();
    for (auto it = begin; it != end; ++it) {
      w.int64(it->level == LogLevel::Default ? 3 : static_cast<int>(it->level) - 1);
    }
    w.end_array().key("timestamp").begin_array();
    for (auto it = begin; it != end; ++it) w.uint64(static_cast<std::uint64_t>(it->timestamp));
    w.end_array().key("text").begin_array();
    for (auto it = begin; it != end; ++it) w.string(it->message);
    w.end_array();
  }
  w.end_object();
  return json_response(200, w);
}

void write_levels(JsonWriter& w, LogBuffer::Levels const& levels) {
  w.begin_object();
  for (auto const& [topic, level] : levels) w.kv(topic, log_level_name(level));
  w.end_object();
}

// GET: the topics' levels; withAppenders=true: {"global": ..., "appenders":
// {"-": ...}} (Logger::getAppendersConfig).
HttpResponse log_levels_response(LogBuffer const& logs, bool with_appenders) {
  JsonWriter w;
  if (!with_appenders) {
    write_levels(w, logs.levels());
    return json_response(200, w);
  }
  w.begin_object().key("global");
  write_levels(w, logs.levels());
  w.key("appenders").begin_object().key(LogBuffer::kAppender);
  write_levels(w, logs.appender_levels());
  w.end_object().end_object();
  return json_response(200, w);
}

// The velocypack inspection of arangod's LogLevels: an object of topic (or
// "all") -> level name; the first problem in document order is the error,
// with its inspection path.
std::optional<std::string> read_level_update(rapidjson::Value const& v, std::string const& path,
                                             LogBuffer::LevelUpdate& out) {
  if (!v.IsObject()) return "Expecting type Object" + (path.empty() ? "" : " at path " + path);
  for (auto const& m : v.GetObject()) {
    std::string const topic(m.name.GetString(), m.name.GetStringLength());
    std::string const at = " at path " + path + "['" + topic + "']";
    if (!m.value.IsString()) return "Expecting type String" + at;
    std::string_view const name(m.value.GetString(), m.value.GetStringLength());
    auto level = parse_log_level(ascii_lower(name), true);
    if (!level) {
      std::string upper(name);
      for (auto& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      return "Unknown enum value " + upper + at;
    }
    if (topic == "all") {
      out.all = *level;
    } else if (!LogBuffer::is_topic(topic)) {
      return "Unknown log topic " + topic;
    } else {
      out.topics.emplace_back(topic, *level);
    }
  }
  return std::nullopt;
}

// RestAdminLogHandler::handleLogLevel (3.12): a string is Logger::setLogLevel's
// "topic=level" form (lenient); an object is deserialized first, so a bad
// topic, level or appender changes nothing and is 400 / 400 "Failed to
// update log levels: ..."; withAppenders=true reads {"global": {...},
// "appenders": {"<name>": {...}}}.
HttpResponse log_level(RequestContext& ctx) {
  LogBuffer& logs = ctx.svc.store.logs;
  auto const* wa = ctx.query_value("withAppenders");
  bool const with_appenders = wa != nullptr && ascii_lower(*wa) == "true";
  if (ctx.method == "GET") return log_levels_response(logs, with_appenders);
  if (ctx.method == "DELETE") {
    logs.reset_levels();
    return log_levels_response(logs, with_appenders);
  }
  if (ctx.method != "PUT") return error_response(405, err::kHttpMethodNotAllowed);
  auto parsed = parse_body(ctx);
  if (!parsed.ok) return corrupted_json_response(parsed);
  auto failed = [](std::string const& why) {
    return error_response(400, err::kHttpBadParameter, "Failed to update log levels: " + why);
  };
  if (!parsed.empty) {
    auto const& body = *parsed.doc;
    if (body.IsString()) {
      logs.set_level(std::string_view(body.GetString(), body.GetStringLength()));
    } else if (body.IsObject() && !with_appenders) {
      LogBuffer::LevelUpdate global;
      if (auto e = read_level_update(body, "", global)) return failed(*e);
      logs.set_levels(global, nullptr);
    } else if (body.IsObject()) {
      LogBuffer::LevelUpdate global, appender;
      bool has_appender = false;
      std::optional<std::string> unknown;  // Logger::setLogLevel checks after parsing
      for (auto const& m : body.GetObject()) {
        std::string const field(m.name.GetString(), m.name.GetStringLength());
        if (field == "global") {
          if (auto e = read_level_update(m.value, "global", global)) return failed(*e);
        } else if (field == "appenders") {
          if (!m.value.IsObject()) return failed("Expecting type Object at path appenders");
          for (auto const& a : m.value.GetObject()) {
            std::string const name(a.name.GetString(), a.name.GetStringLength());
            LogBuffer::LevelUpdate u;
            if (auto e = read_level_update(a.value, "appenders['" + name + "']", u)) return failed(*e);
            if (name != LogBuffer::kAppender) {
              if (!unknown) unknown = name;
              continue;
            }
            appender = std::move(u);
            has_appender = true;
          }
        } else {
          return failed("Found unexpected attribute '" + field + "'");
        }
      }
      if (unknown) return failed("Unknown appender " + *unknown);
      logs.set_levels(global, has_appender ? &appender : nullptr);
    }
  }
  return log_levels_response(logs, with_appenders);
}

HttpResponse structured_response(LogBuffer const& logs) {
  JsonWriter w;
  w.begin_object();
  for (auto const& name : logs.structured_params()) w.kv(name, true);
  w.end_object();
  return json_response(200, w);
}

HttpResponse log_structured(RequestContext& ctx) {
  LogBuffer& logs = ctx.svc.store.logs;
  if (ctx.method == "GET") return structured_response(logs);
  if (ctx.method != "PUT") return error_response(405, err::kHttpMethodNotAllowed);
  auto parsed = parse_body(ctx);
  if (!parsed.ok) return corrupted_json_response(parsed);
  if (!parsed.empty && parsed.doc->IsObject()) {
    for (auto const& m : parsed.doc->GetObject()) {
      if (!m.value.IsBool()) continue;
      logs.set_structured_param(std::string(m.name.GetString(), m.name.GetStringLength()),
                                m.value.GetBool());
    }
  }
  return structured_response(logs);
}

HttpResponse admin_log(RequestContext& ctx) {
  // verifyPermitted (log API enabled, --log.api-enabled true): admin rights
  if (!AccessContext::of(ctx).is_admin()) {
    return error_response(403, err::kHttpForbidden, "you need admin rights for log operations");
  }
  std::vector<std::string> const suffixes(ctx.segments.begin() + 2, ctx.segments.end());
  auto const is = [&](char const* s) { return suffixes.size() == 1 && suffixes[0] == s; };
  if (ctx.method == "DELETE") {
    if (suffixes.empty() || is("entries")) {
      ctx.svc.store.logs.clear();
      return ok_result(200, [](JsonWriter& w) { w.begin_object().end_object(); });
    }
    if (is("level")) return log_level(ctx);
    return error_response(400, err::kHttpSuperfluousSuffices,
                          "superfluous suffix, expecting /_admin/log/<suffix>, where suffix can be "
                          "either omitted or 'level'");
  }
  if (ctx.method == "GET") {
    if (suffixes.empty()) return report_logs(ctx, false);
    if (is("entries")) return report_logs(ctx, true);
    if (is("level")) return log_level(ctx);
    if (is("structured")) return log_structured(ctx);
    return error_response(400, err::kHttpSuperfluousSuffices,
                          "superfluous suffix, expecting /_admin/log/<suffix>, where suffix can be "
                          "either 'entries', 'level' or 'structured'");
  }
  if (ctx.method == "PUT") {
    if (is("level")) return log_level(ctx);
    if (is("structured")) return log_structured(ctx);
    return error_response(400, err::kHttpSuperfluousSuffices,
                          std::string(suffixes.empty() ? "provide a suffix" : "superfluous suffix") +
                              ", expecting /_admin/log/<suffix>, where suffix can be either "
                              "'level' or 'structured'");
  }
  return error_response(405, err::kHttpMethodNotAllowed);
}

}  // namespace

void register_admin_handlers(Router& api) {
  // The version handler answers every method (arangod only restricts it for
  // explicit API versions); PUT is what async-job examples use.
  for (auto const* method : {"GET", "PUT", "POST", "PATCH", "DELETE"}) {
    api.add(method, "/_api/version", version);
    api.add(method, "/_admin/version", version);
  }
  api.get("/_api/engine", engine);
  api.get("/_admin/time", time_handler);
  api.get("/_admin/status", status);
  api.get("/_admin/server/availability", availability);
  api.get("/_admin/server/mode", availability);
  api.get("/_admin/server/role", role);
  for (auto const* method : {"GET", "PUT", "POST", "PATCH", "DELETE", "HEAD"}) {
    api.add(method, "/_admin/log", admin_log);
    api.add(method, "/_admin/log/*rest", admin_log);
  }
  for (auto const* method : {"GET", "PUT", "POST", "PATCH", "DELETE", "HEAD"}) {
    api.add(method, "/_api/cluster", cluster);
    api.add(method, "/_api/cluster/*rest", cluster);
  }
}

}  // namespace emu
