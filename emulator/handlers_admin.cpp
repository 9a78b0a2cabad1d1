// /_api/version, /_admin/version, /_api/engine, /_admin/time, /_admin/status,
// /_admin/server/{availability,mode,role,api-calls}, /_admin/log (RestAdminLogHandler),
// /_admin/{license,options,options-description,support-info,echo,compact,shutdown},
// /_admin/routing/reload, and the dispatch hooks (API call recording, request counters,
// read-only mode). Metrics: handlers_metrics.cpp.
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

#include <fstream>

#include <openssl/opensslv.h>
#include <zlib.h>

#include "faults.hpp"
#include "handlers.hpp"
#include "logbuffer.hpp"
#include "transport.hpp"
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
  bool const read_only = ctx.svc.stats.admin.read_only.load();
  w.kv("maintenance", false)
      .kv("role", "SINGLE")
      .kv("writeOpsEnabled", !read_only)
      .kv("readOnly", read_only)
      .end_object();
  w.end_object();
  return json_response(200, w);
}

char const* mode_name(RequestContext const& ctx) {
  return ctx.svc.stats.admin.read_only.load() ? "readonly" : "default";
}

HttpResponse availability(RequestContext& ctx) {
  // writeModeResult + generateOk(code, VPackBuilder): error/code merged in.
  return ok_merged(200, [&](JsonWriter& w) { w.kv("mode", mode_name(ctx)); });
}

// The role is the cluster's (handlers_cluster.cpp); the mode is the server's.
HttpResponse role(RequestContext& ctx) { return server_role_response(ctx, mode_name(ctx)); }

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


// ----- server mode, license, options, support info (3.12) ---------------------

bool superuser_token(RequestContext const& ctx) {
  return ctx.auth_active() && ctx.auth.authenticated && ctx.auth.superuser_token;
}

// RestAdminServerHandler::handleMode: PUT needs RW on _system (403 / 11 "forbidden");
// {"mode": "readonly" | "default"}: a mode that is no string is 400 / 400 "mode must be a
// string", another string 400 / 400 "mode invalid". A body parseVPackBody cannot parse is
// answered with the handler's own 400 / 400 "invalid JSON" (written over parseVPackBody's 600),
// a body that is no object (none included) with 400 / 400 "body must be an object".
HttpResponse server_mode(RequestContext& ctx) {
  if (ctx.method == "GET") return availability(ctx);
  if (!AccessContext::of(ctx).is_admin()) {
    return error_response(403, err::kForbidden, "forbidden");
  }
  auto parsed = parse_body(ctx);
  if (!parsed.ok) return error_response(400, err::kHttpBadParameter, "invalid JSON");
  if (parsed.empty || !parsed.doc->IsObject()) {
    return error_response(400, err::kHttpBadParameter, "body must be an object");
  }
  auto it = parsed.doc->FindMember("mode");
  if (it == parsed.doc->MemberEnd() || !it->value.IsString()) {
    return error_response(400, err::kHttpBadParameter, "mode must be a string");
  }
  std::string_view const mode(it->value.GetString(), it->value.GetStringLength());
  if (mode != "readonly" && mode != "default") {
    return error_response(400, err::kHttpBadParameter, "mode invalid");
  }
  bool const read_only = mode == "readonly";
  if (ctx.svc.stats.admin.read_only.exchange(read_only) != read_only) {
    ctx.svc.store.logs.log(LogLevel::Info, "general",
                           std::string("server mode changed to ") + (read_only ? "readonly" : "default"));
  }
  return availability(ctx);
}

// The community edition's license answer (RestLicenseHandler, 3.12.5+): the disk usage
// against the 100 GiB limit of the Community Edition.
HttpResponse license(RequestContext& ctx) {
  if (ctx.method == "PUT") {
    if (!AccessContext::of(ctx).is_admin()) {
      return error_response(403, err::kHttpForbidden);
    }
    return error_response(501, err::kNotImplemented,
                          "setting a license is only available in the Enterprise Edition");
  }
  constexpr std::int64_t kSecondsForever = 315569520;  // ten years
  JsonWriter w;
  w.begin_object().kv("upgrading", false).key("diskUsage").begin_object();
  w.kv("bytesUsed", 0)  // the store is in memory: nothing on disk
      .kv("bytesLimit", static_cast<std::int64_t>(107374182400))
      .kv("limitReached", false)
      .kv("secondsUntilReadOnly", kSecondsForever)
      .kv("secondsUntilShutDown", kSecondsForever)
      .kv("status", "good")
      .end_object()
      .end_object();
  return json_response(200, w);
}

struct OptionInfo {
  char const* name;
  char const* section;
  char const* type;
  char const* description;
};

// The startup options the emulator has an equivalent for, named as arangod names them.
constexpr OptionInfo kOptions[] = {
    {"server.endpoint", "server", "string...", "endpoint for client requests (e.g. 'http://127.0.0.1:8529')"},
    {"server.authentication", "server", "boolean", "Whether to use authentication for all client requests."},
    {"server.jwt-secret-keyfile", "server", "string", "A file containing the JWT secret to use when doing "
                                                      "JWT authentication."},
    {"server.session-timeout", "server", "double", "The lifetime for tokens (in seconds) that can be "
                                                   "obtained from the POST /_open/auth endpoint."},
    {"server.io-threads", "server", "uint64", "The number of threads used to handle I/O."},
    {"server.options-api", "server", "string", "The policy for exposing the options API."},
    {"server.support-info-api", "server", "string", "The policy for exposing the support info API."},
    {"server.api-call-recording", "server", "boolean", "Whether to record recent API calls for "
                                                       "debugging purposes."},
    {"transaction.streaming-idle-timeout", "transaction", "double", "The idle timeout for Stream "
                                                                    "Transactions (in seconds)."},
    {"http.compress-response-threshold", "http", "uint64", "The HTTP response body size from which on "
                                                           "responses are transparently compressed."},
    {"http.keep-alive-timeout", "http", "double", "The keep-alive timeout for HTTP connections (in "
                                                  "seconds)."},
    {"log.level", "log", "string...", "Set the topic-specific log level, using --log.level level or "
                                      "--log.level topic=level."},
    {"log.api-enabled", "log", "string", "Whether the log API is enabled (true) or not (false), or only "
                                         "enabled for superuser JWT (jwt)."},
    {"javascript.enabled", "javascript", "boolean", "Enable the V8 JavaScript engine."},
    {"ssl.keyfile", "ssl", "string", "The path to a PEM file containing the server certificate and the "
                                     "private key."},
};

void write_option_value(JsonWriter& w, RequestContext const& ctx, std::string_view name) {
  Options const& o = ctx.svc.options;
  if (name == "server.endpoint") {
    w.begin_array();
    std::string const scheme = o.tls_cert.empty() ? "tcp://" : "ssl://";
    for (auto port : o.ports) w.string(scheme + o.host + ":" + std::to_string(port));
    w.end_array();
  } else if (name == "server.authentication") {
    w.boolean(o.authentication);
  } else if (name == "server.jwt-secret-keyfile") {
    w.string(o.jwt_secret_keyfile);
  } else if (name == "server.session-timeout") {
    w.number(o.session_timeout);
  } else if (name == "server.io-threads") {
    w.uint64(o.threads);
  } else if (name == "server.options-api") {
    w.string("jwt");
  } else if (name == "server.support-info-api") {
    w.string("admin");
  } else if (name == "server.api-call-recording") {
    w.boolean(true);
  } else if (name == "transaction.streaming-idle-timeout") {
    w.number(o.trx_idle_timeout);
  } else if (name == "http.compress-response-threshold") {
    w.uint64(o.compress_response_threshold);
  } else if (name == "http.keep-alive-timeout") {
    w.number(o.keep_alive_timeout);
  } else if (name == "log.level") {
    w.begin_array().string("info").end_array();
  } else if (name == "log.api-enabled") {
    w.string("true");
  } else if (name == "javascript.enabled") {
    w.boolean(false);
  } else if (name == "ssl.keyfile") {
    w.string(o.tls_key);
  } else {
    w.null();
  }
}

// --server.options-api jwt (the default): only a superuser JWT (or authentication off) may
// read the options and their descriptions.
std::optional<HttpResponse> options_api_denied(RequestContext const& ctx) {
  if (ctx.auth_active() && !superuser_token(ctx)) {
    return error_response(403, err::kHttpForbidden, "insufficient permissions");
  }
  return std::nullopt;
}

HttpResponse server_options(RequestContext& ctx) {
  if (auto denied = options_api_denied(ctx)) return std::move(*denied);
  JsonWriter w;
  w.begin_object();
  for (auto const& o : kOptions) {
    w.key(o.name);
    write_option_value(w, ctx, o.name);
  }
  w.end_object();
  return json_response(200, w);
}

HttpResponse options_description(RequestContext& ctx) {
  if (auto denied = options_api_denied(ctx)) return std::move(*denied);
  JsonWriter w;
  w.begin_object();
  for (auto const& o : kOptions) {
    w.key(o.name).begin_object();
    w.kv("category", "option").kv("section", o.section).kv("description", o.description);
    w.kv("type", o.type).key("default");
    write_option_value(w, ctx, o.name);
    w.kv("dynamic", false).kv("enterpriseOnly", false).kv("experimental", false).kv("obsolete", false);
    w.kv("requiresValue", std::string_view(o.type) != "boolean");
    w.key("os").begin_array().string("linux").string("macos").string("windows").end_array();
    w.key("component").begin_array().string("coordinator").string("dbserver").string("agent").string("single")
        .end_array();
    w.end_object();
  }
  w.end_object();
  return json_response(200, w);
}

std::string os_string() {
  std::ifstream in("/proc/version");
  std::string line;
  std::getline(in, line);
  return line.empty() ? "Linux" : line;
}

// RestSupportInfoHandler (single server): _system only, admin users (--server.support-info-api
// admin).
HttpResponse support_info(RequestContext& ctx) {
  if (ctx.database != "_system") {
    return error_response(403, err::kForbidden, "support info API is only available in _system database");
  }
  if (!AccessContext::of(ctx).is_admin()) {
    return error_response(403, err::kHttpForbidden, "insufficient permissions");
  }
  double const uptime =
      std::chrono::duration<double>(std::chrono::system_clock::now() - ctx.svc.started).count();
  JsonWriter w;
  w.begin_object().key("deployment").begin_object().kv("type", "single").end_object();
  w.key("host").begin_object();
  bool const read_only = ctx.svc.stats.admin.read_only.load();
  w.kv("role", "SINGLE").kv("maintenance", false).kv("readOnly", read_only).kv("version", kServerVersion);
  w.kv("build", std::string("refs/") + kServerVersion).kv("license", "community").kv("os", os_string());
  w.kv("platform", "linux");
  long const pages = ::sysconf(_SC_PHYS_PAGES);
  long const page_size = ::sysconf(_SC_PAGESIZE);
  w.key("physicalMemory").begin_object()
      .kv("value", static_cast<std::int64_t>(pages) * page_size)
      .kv("overridden", false)
      .end_object();
  w.key("numberOfCores").begin_object()
      .kv("value", static_cast<std::int64_t>(::sysconf(_SC_NPROCESSORS_ONLN)))
      .kv("overridden", false)
      .end_object();
  w.key("processStats").begin_object().kv("processUptime", uptime).end_object();
  w.end_object();
  w.kv("date", utc_date(std::chrono::duration<double>(
                            std::chrono::system_clock::now().time_since_epoch()).count()));
  w.end_object();
  return json_response(200, w);
}

// ----- echo, compact, routing reload, shutdown, API calls -----------------------

// The body as the V8 string the echo action sees (v8::String::NewFromUtf8): valid UTF-8 as it
// is, each maximal ill-formed subsequence replaced by one U+FFFD (the WHATWG decoder V8 uses).
std::string utf8_with_replacements(std::string_view in) {
  constexpr std::string_view kReplacement = "\xEF\xBF\xBD";
  std::string out;
  out.reserve(in.size());
  std::size_t i = 0;
  while (i < in.size()) {
    auto const b = static_cast<unsigned char>(in[i]);
    std::size_t need = 0;  // continuation bytes
    unsigned char lo = 0x80, hi = 0xBF;  // range of the first continuation byte
    if (b < 0x80) {
      out.push_back(static_cast<char>(b));
      ++i;
      continue;
    } else if (b >= 0xC2 && b <= 0xDF) {
      need = 1;
    } else if (b >= 0xE0 && b <= 0xEF) {
      need = 2;
      if (b == 0xE0) lo = 0xA0;
      if (b == 0xED) hi = 0x9F;
    } else if (b >= 0xF0 && b <= 0xF4) {
      need = 3;
      if (b == 0xF0) lo = 0x90;
      if (b == 0xF4) hi = 0x8F;
    } else {
      out.append(kReplacement);
      ++i;
      continue;
    }
    std::size_t k = 1;
    for (; k <= need && i + k < in.size(); ++k) {
      auto const c = static_cast<unsigned char>(in[i + k]);
      if (c < (k == 1 ? lo : 0x80) || c > (k == 1 ? hi : 0xBF)) break;
    }
    if (k == need + 1) {
      out.append(in.substr(i, k));
    } else {
      out.append(kReplacement);
    }
    i += k;
  }
  return out;
}

// The JavaScript action /_admin/echo: the request as the server saw it.
HttpResponse echo(RequestContext& ctx) {
  std::string const url = std::string(ctx.request.target);
  JsonWriter w;
  w.begin_object();
  w.kv("authorized", ctx.auth.authenticated || !ctx.auth_active());
  w.kv("user", ctx.user());
  w.kv("isAdminUser", AccessContext::of(ctx).is_admin());
  w.kv("database", ctx.database);
  w.kv("url", url.substr(url.rfind("/_admin/echo") == std::string::npos ? 0 : url.rfind("/_admin/echo")));
  w.kv("protocol", ctx.svc.options.tls_cert.empty() ? "http" : "https");
  w.key("server").begin_object().kv("address", ctx.svc.options.host).end_object();
  std::string const& peer = ctx.request.peer;
  auto colon = peer.rfind(':');
  w.key("client").begin_object()
      .kv("address", colon == std::string::npos ? peer : peer.substr(0, colon))
      .kv("port", colon == std::string::npos ? std::int64_t{0} : to_int64(peer.substr(colon + 1)))
      .kv("id", std::to_string(ctx.request.connection))
      .end_object();
  w.key("internals").begin_object().end_object();
  w.kv("prefix", "/");
  w.key("headers").begin_object();
  for (auto const& h : ctx.request.headers) {
    if (ascii_lower(h.name) == "authorization") continue;
    w.kv(ascii_lower(h.name), h.value);
  }
  w.end_object();
  w.kv("requestType", ctx.method);
  w.kv("requestBody", utf8_with_replacements(ctx.body()));
  w.key("parameters").begin_object();
  for (auto const& [k, v] : ctx.query) w.kv(k, v);
  w.end_object();
  w.key("cookies").begin_object().end_object();
  w.key("suffix").begin_array();
  for (std::size_t i = 2; i < ctx.segments.size(); ++i) w.string(ctx.segments[i]);
  w.end_array();
  w.kv("path", "/");
  w.end_object();
  return json_response(200, w);
}

// RestCompactHandler: superuser (admin) only; the store is in memory, so nothing to do.
HttpResponse compact(RequestContext& ctx) {
  if (!AccessContext::of(ctx).is_admin()) {
    return error_response(403, err::kForbidden, "compaction is only allowed for superusers");
  }
  // RestCompactHandler reads its options from the URL (changeLevel, compactBottomMostLevel);
  // the body is not read
  ctx.svc.store.logs.log(LogLevel::Info, "engines", "compacting all databases");
  return json_response(200, std::string("{}"));
}

// The JavaScript action POST /_admin/routing/reload: {"error":false,"code":200}.
HttpResponse reload_routing(RequestContext& ctx) {
  ctx.svc.store.logs.log(LogLevel::Info, "general", "reloading routing");
  return ok_merged(200, [](JsonWriter&) {});
}

void write_shutdown_progress(JsonWriter& w, RequestContext const& ctx) {
  w.begin_object()
      .kv("softShutdownOngoing", ctx.svc.stats.admin.soft_shutdown.load())
      .kv("AQLcursors", 0)
      .kv("transactions", 0)
      .kv("pendingJobs", 0)
      .kv("doneJobs", 0)
      .kv("pregelConductors", 0)
      .kv("lowPrioOngoingRequests", 0)
      .kv("lowPrioQueuedRequests", 0)
      .kv("allClear", true)
      .end_object();
}

// RestShutdownHandler: admin only. DELETE answers "OK" and then stops the server (soft: the
// same, since nothing here outlives its request); GET reports the soft shutdown's progress.
HttpResponse shutdown(RequestContext& ctx) {
  if (!AccessContext::of(ctx).is_admin()) {
    return error_response(403, err::kHttpForbidden, "you need admin rights for shutdown");
  }
  if (ctx.method == "GET") {
    JsonWriter w;
    write_shutdown_progress(w, ctx);
    return json_response(200, w);
  }
  bool const soft = ctx.query_flag("soft");
  if (soft) ctx.svc.stats.admin.soft_shutdown.store(true);
  ctx.svc.store.logs.log(LogLevel::Info, "general", soft ? "initiating soft shutdown" : "initiating shutdown");
  if (auto* listeners = ctx.svc.transport.listeners()) listeners->shutdown_soon();
  return json_response(200, std::string("\"OK\""));
}

// ApiRecordingFeature: GET /_admin/server/api-calls (admin users).
HttpResponse api_calls(RequestContext& ctx) {
  if (!AccessContext::of(ctx).is_admin()) {
    return error_response(403, err::kHttpForbidden, "you need admin rights for the API call recording");
  }
  auto const calls = ctx.svc.stats.admin.api_calls.calls();
  return ok_result(200, [&](JsonWriter& w) {
    w.begin_object().key("calls").begin_array();
    for (auto const& c : calls) {
      w.begin_object()
          .kv("timeStamp", utc_date(c.time))
          .kv("requestType", c.method)
          .kv("path", c.path)
          .kv("database", c.database)
          .end_object();
    }
    w.end_array().end_object();
  });
}

// ----- the dispatch hooks ----------------------------------------------------------

// What read-only mode refuses (ServerState::readOnly: a non-superuser's access drops to RO):
// 0 for a request it lets through, else the error number: 11 for creating or dropping
// databases, collections and views, 1004 for every other write.
int read_only_refusal(RequestContext const& ctx) {
  std::string_view const m = ctx.method;
  if (m == "GET" || m == "HEAD" || m == "OPTIONS") return 0;
  auto const& seg = ctx.segments;
  if (seg.size() < 2 || seg[0] != "_api") return 0;  // /_admin, /_open: not data
  std::string_view const api = seg[1];
  if (api == "database") return (m == "POST" || m == "DELETE") ? err::kForbidden : 0;
  if (api == "collection" || api == "view") {
    if (m == "POST" || (m == "DELETE" && seg.size() == 3)) return err::kForbidden;
    if (seg.size() == 4 && (seg[3] == "responsibleShard" || seg[3] == "loadIndexesIntoMemory")) return 0;
    return err::kArangoReadOnly;
  }
  if (api == "document") {
    if (m == "PUT" && ctx.query_flag("onlyget")) return 0;
    return err::kArangoReadOnly;
  }
  if (api == "index" || api == "import" || api == "gharial" || api == "analyzer" || api == "user" ||
      api == "aqlfunction" || api == "tasks") {
    return err::kArangoReadOnly;
  }
  if (api == "transaction" && seg.size() == 2 && m == "POST") return err::kArangoReadOnly;  // JavaScript
  // Foxx management writes its services; running tests and downloading a bundle do not
  if (api == "foxx") {
    if (seg.size() == 3 && (seg[2] == "tests" || seg[2] == "download")) return 0;
    return err::kArangoReadOnly;
  }
  return 0;
}

}  // namespace

std::optional<HttpResponse> admin_before_request(RequestContext& ctx) {
  AdminState& a = ctx.svc.stats.admin;
  a.api_calls.record(ctx.method, ctx.path, ctx.database);
  a.by_method[static_cast<int>(method_slot(ctx.method))].fetch_add(1, std::memory_order_relaxed);
  (AccessContext::of(ctx).superuser() ? a.superuser_requests : a.user_requests)
      .fetch_add(1, std::memory_order_relaxed);
  if (a.read_only.load() && !superuser_token(ctx)) {
    if (int const e = read_only_refusal(ctx); e != 0) {
      return error_response(403, e, e == err::kArangoReadOnly ? "collection is read-only" : "forbidden");
    }
  }
  return std::nullopt;
}

void admin_after_request(RequestContext const& ctx, HttpResponse const& response, double seconds) {
  AdminState& a = ctx.svc.stats.admin;
  auto const& seg = ctx.segments;
  if (seg.size() < 2 || seg[0] != "_api") return;
  bool const ok = response.status >= 200 && response.status < 300;
  if (seg[1] == "cursor" && seg.size() == 2 && ctx.method == "POST" && ok) {
    a.aql_queries.fetch_add(1, std::memory_order_relaxed);
    a.aql_query_micros.fetch_add(static_cast<std::uint64_t>(seconds * 1e6), std::memory_order_relaxed);
  } else if (seg[1] == "transaction" && ok) {
    if (seg.size() == 3 && seg[2] == "begin" && ctx.method == "POST") {
      a.trx_started.fetch_add(1, std::memory_order_relaxed);
    } else if (seg.size() == 2 && ctx.method == "POST") {  // JavaScript: begun and committed
      a.trx_started.fetch_add(1, std::memory_order_relaxed);
      a.trx_committed.fetch_add(1, std::memory_order_relaxed);
    } else if (seg.size() == 3 && ctx.method == "PUT") {
      a.trx_committed.fetch_add(1, std::memory_order_relaxed);
    } else if (seg.size() == 3 && ctx.method == "DELETE") {
      a.trx_aborted.fetch_add(1, std::memory_order_relaxed);
    }
  }
}

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
  api.get("/_admin/server/mode", server_mode);
  api.put("/_admin/server/mode", server_mode);
  api.get("/_admin/license", license);
  api.put("/_admin/license", license);
  api.get("/_admin/options", server_options);
  api.get("/_admin/options-description", options_description);
  api.get("/_admin/support-info", support_info);
  for (auto const* method : {"GET", "PUT", "POST", "PATCH", "DELETE"}) {
    api.add(method, "/_admin/echo", echo);
    api.add(method, "/_admin/echo/*rest", echo);
  }
  api.put("/_admin/compact", compact);
  api.post("/_admin/routing/reload", reload_routing);
  api.get("/_admin/shutdown", shutdown);
  api.del("/_admin/shutdown", shutdown);
  api.get("/_admin/server/api-calls", api_calls);
  register_metrics_handlers(api);
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
