// /_api/version, /_admin/version, /_api/engine, /_admin/time, /_admin/status,
// /_admin/server/{availability,mode,role}.
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdlib>
#include <string>
#include <utility>

#include <openssl/opensslv.h>
#include <zlib.h>

#include "handlers.hpp"
#include "options.hpp"
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

HttpResponse role(RequestContext&) {
  return ok_merged(200, [](JsonWriter& w) { w.kv("role", "SINGLE").kv("mode", "default"); });
}

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
    api.add(method, "/_api/cluster", cluster);
    api.add(method, "/_api/cluster/*rest", cluster);
  }
}

}  // namespace emu
