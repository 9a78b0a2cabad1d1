// GET /_admin/metrics and /_admin/metrics/v2 (arangod's RestMetricsHandler): Prometheus text
// with the metric names 3.12 exposes, for what the emulator does: requests by method and
// user, client connections, documents (rocksdb_estimate_num_keys), AQL queries, transactions,
// process and server statistics. Counters come from Stats (admin_state.hpp), which the
// dispatch updates for every request.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <shared_mutex>
#include <string>
#include <thread>

#include "docstore.hpp"
#include "faults.hpp"
#include "handlers.hpp"
#include "permissions.hpp"
#include "router.hpp"
#include "store.hpp"

namespace emu {
namespace {

class Prometheus {
 public:
  void counter(std::string_view name, std::string_view help, double value) {
    metric(name, help, "counter", value);
  }
  void gauge(std::string_view name, std::string_view help, double value) {
    metric(name, help, "gauge", value);
  }
  std::string take() { return std::move(out_); }

 private:
  void metric(std::string_view name, std::string_view help, std::string_view type, double value) {
    out_ += "# HELP ";
    out_ += name;
    out_ += ' ';
    out_ += help;
    out_ += "\n# TYPE ";
    out_ += name;
    out_ += ' ';
    out_ += type;
    out_ += '\n';
    out_ += name;
    out_ += "{role=\"SINGLE\"} ";
    char buf[64];
    if (value == static_cast<double>(static_cast<std::uint64_t>(value)) && value < 1e18) {
      std::snprintf(buf, sizeof buf, "%llu", static_cast<unsigned long long>(value));
    } else {
      std::snprintf(buf, sizeof buf, "%.6f", value);
    }
    out_ += buf;
    out_ += '\n';
  }
  std::string out_;
};

std::uint64_t document_count(Store const& store) {
  std::uint64_t n = 0;
  for (auto const& name : store.database_names()) {
    auto db = store.find_database(name);
    if (!db) continue;
    for (auto const& c : db->collections_sorted()) {
      std::shared_lock lock(c->mutex);
      n += CommittedView(*c).count();
    }
  }
  return n;
}

// /proc/self/statm: virtual and resident pages.
std::pair<double, double> memory_sizes() {
  std::ifstream statm("/proc/self/statm");
  double vsize = 0, rss = 0;
  statm >> vsize >> rss;
  double const page = static_cast<double>(::sysconf(_SC_PAGESIZE));
  return {vsize * page, rss * page};
}

HttpResponse metrics(RequestContext& ctx) {
  // RestMetricsHandler: admin users only (--server.export-metrics-api true)
  if (!AccessContext::of(ctx).is_admin()) {
    return error_response(403, err::kHttpForbidden, "you need admin rights for metrics");
  }
  Stats const& s = ctx.svc.stats;
  AdminState const& a = s.admin;
  auto const load = [](std::atomic<std::uint64_t> const& v) {
    return static_cast<double>(v.load(std::memory_order_relaxed));
  };
  Prometheus p;
  // AQL (arangod/Aql/QueryRegistryFeature.cpp)
  p.counter("arangodb_aql_all_query_total", "Total number of AQL queries finished", load(a.aql_queries));
  p.gauge("arangodb_aql_current_query", "Current number of AQL queries executing", 0);
  p.counter("arangodb_aql_total_query_time_msec_total", "Total execution time of all AQL queries [ms]",
            static_cast<double>(a.aql_query_micros.load() / 1000));
  // connections (arangod/Statistics/StatisticsFeature.cpp)
  p.gauge("arangodb_client_connection_statistics_client_connections",
          "The number of client connections that are currently open", load(s.connections_open));
  // requests
  auto const method = [&](MethodSlot m) { return load(a.by_method[static_cast<int>(m)]); };
  p.counter("arangodb_http_request_statistics_async_requests_total",
            "Number of asynchronously executed HTTP requests", load(a.async_requests));
  p.counter("arangodb_http_request_statistics_http_delete_requests_total", "Number of HTTP DELETE requests",
            method(MethodSlot::Delete));
  p.counter("arangodb_http_request_statistics_http_get_requests_total", "Number of HTTP GET requests",
            method(MethodSlot::Get));
  p.counter("arangodb_http_request_statistics_http_head_requests_total", "Number of HTTP HEAD requests",
            method(MethodSlot::Head));
  p.counter("arangodb_http_request_statistics_http_options_requests_total", "Number of HTTP OPTIONS requests",
            method(MethodSlot::Options));
  p.counter("arangodb_http_request_statistics_http_patch_requests_total", "Number of HTTP PATCH requests",
            method(MethodSlot::Patch));
  p.counter("arangodb_http_request_statistics_http_post_requests_total", "Number of HTTP POST requests",
            method(MethodSlot::Post));
  p.counter("arangodb_http_request_statistics_http_put_requests_total", "Number of HTTP PUT requests",
            method(MethodSlot::Put));
  p.counter("arangodb_http_request_statistics_other_http_requests_total", "Number of other HTTP requests",
            method(MethodSlot::Other));
  p.counter("arangodb_http_request_statistics_total_requests_total", "Total number of HTTP requests",
            load(a.superuser_requests) + load(a.user_requests));
  p.counter("arangodb_http_request_statistics_superuser_requests_total",
            "Total number of HTTP requests executed by superuser/JWT", load(a.superuser_requests));
  p.counter("arangodb_http_request_statistics_user_requests_total",
            "Total number of HTTP requests executed by clients", load(a.user_requests));
  // process and server
  auto [vsize, rss] = memory_sizes();
  p.gauge("arangodb_process_statistics_resident_set_size", "Resident set size of the arangod process", rss);
  p.gauge("arangodb_process_statistics_virtual_memory_size", "Virtual memory size of the arangod process",
          vsize);
  p.gauge("arangodb_server_statistics_cpu_cores", "Number of CPU cores visible to the arangod process",
          static_cast<double>(std::thread::hardware_concurrency()));
  p.counter("arangodb_server_statistics_server_uptime_total", "Number of seconds elapsed since server start",
            std::chrono::duration<double>(std::chrono::system_clock::now() - ctx.svc.started).count());
  // transactions (arangod/Transaction/ManagerFeature.cpp)
  p.counter("arangodb_transactions_aborted_total", "Number of transactions aborted", load(a.trx_aborted));
  p.counter("arangodb_transactions_committed_total", "Number of transactions committed", load(a.trx_committed));
  p.counter("arangodb_transactions_started_total", "Number of transactions started", load(a.trx_started));
  // documents: the storage engine's key estimate
  p.gauge("rocksdb_estimate_num_keys", "rocksdb_estimate_num_keys",
          static_cast<double>(document_count(ctx.svc.store)));
  HttpResponse r;
  r.status = 200;
  r.body = p.take();
  r.content_type = "text/plain";
  return r;
}

}  // namespace

void register_metrics_handlers(Router& api) {
  api.get("/_admin/metrics", metrics);
  api.get("/_admin/metrics/v2", metrics);
}

}  // namespace emu
