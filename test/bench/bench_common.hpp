// What the library benchmark (arango_bench.cpp) and the bare libcurl baseline
// (curl_baseline.cpp) share: the command line, the measurement of one workload (wall time,
// user/system CPU of the whole process, peak RSS, heap allocations) and its JSON line, and the
// documents both send, so that the two programs do the same HTTP work.
#pragma once

#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#define BENCH_CALLGRIND 1
#endif

namespace bench {

/// Under callgrind (count_instructions.py), the measured part of a run is a profile dump of its
/// own, every thread's counts together: zeroed when the clock starts, written ("measured") when
/// it stops. Outside valgrind each is a few instructions that do nothing.
inline void instructions_start() {
#ifdef BENCH_CALLGRIND
  CALLGRIND_ZERO_STATS;
#endif
}
inline void instructions_stop() {
#ifdef BENCH_CALLGRIND
  CALLGRIND_DUMP_STATS_AT("measured");
#endif
}

/// Heap allocations (malloc, calloc, realloc; operator new goes through malloc) made by the
/// whole process so far, every thread and shared library included; nullopt when the build does
/// not count them (sanitizer builds, whose allocator must not be wrapped).
std::optional<std::uint64_t> allocations();

struct Args {
  std::string url = "http://127.0.0.1:8529";
  std::string user = "root";
  std::string password;
  std::string workload;
  std::string database = "arango_bench";
  long ops = 0;          ///< 0: the workload's default
  long concurrency = 64;  ///< calls in flight (insert-concurrent, get-concurrent); get-queued: calls queued at once
  long threads = 4;       ///< calling threads (library; the baseline has one loop thread)
  long docs = 0;          ///< cursor: documents read; insert-many: documents inserted
  long batch = 1000;      ///< insert-many batch size, cursor batchSize
  double idle_seconds = 10;  ///< idle: how long the client sits idle
  std::string mode = "chain";  ///< library calls from completions (chain) or waiting threads (blocking)
};

inline long default_ops(const std::string& workload) {
  static const std::map<std::string, long> defaults{
      {"version", 20000},          {"insert-concurrent", 50000}, {"get-concurrent", 50000},
      {"get-queued", 16000},
      {"insert-many", 100000},     {"cursor", 1000000},          {"async-job", 5000},
      {"idle", 0}};
  auto it = defaults.find(workload);
  if (it == defaults.end()) throw std::invalid_argument("unknown workload: " + workload);
  return it->second;
}

inline Args parse_args(int argc, char** argv, const char* program) {
  Args a;
  if (const char* v = std::getenv("ARANGO_URL"); v && *v) a.url = v;
  if (const char* v = std::getenv("ARANGO_USER"); v && *v) a.user = v;
  if (const char* v = std::getenv("ARANGO_PASSWORD")) a.password = v;
  auto usage = [&] {
    std::fprintf(stderr,
                 "usage: %s --workload NAME [--url URL] [--user U] [--password P] [--database DB]\n"
                 "          [--ops N] [--docs N] [--batch N] [--concurrency N] [--threads N] [--idle-seconds S]\n"
                 "          [--mode chain|blocking]\n"
                 "workloads: version insert-concurrent get-concurrent get-queued insert-many cursor async-job idle\n"
                 "ARANGO_URL, ARANGO_USER and ARANGO_PASSWORD are the defaults of --url, --user, --password.\n",
                 program);
    std::exit(2);
  };
  for (int i = 1; i < argc; ++i) {
    std::string_view k = argv[i];
    if (k == "--help" || k == "-h") usage();
    if (i + 1 >= argc) usage();
    std::string v = argv[++i];
    if (k == "--url") a.url = v;
    else if (k == "--user") a.user = v;
    else if (k == "--password") a.password = v;
    else if (k == "--workload") a.workload = v;
    else if (k == "--database") a.database = v;
    else if (k == "--ops") a.ops = std::stol(v);
    else if (k == "--docs") a.docs = std::stol(v);
    else if (k == "--batch") a.batch = std::stol(v);
    else if (k == "--concurrency") a.concurrency = std::stol(v);
    else if (k == "--threads") a.threads = std::stol(v);
    else if (k == "--idle-seconds") a.idle_seconds = std::stod(v);
    else if (k == "--mode") a.mode = v;
    else usage();
  }
  if (a.workload.empty()) usage();
  if (a.ops <= 0) a.ops = default_ops(a.workload);
  if (a.docs <= 0) a.docs = a.ops;
  if (a.batch <= 0 || a.concurrency <= 0 || a.threads <= 0) usage();
  if (a.mode != "chain" && a.mode != "blocking") usage();
  return a;
}

/// The small document both programs insert and read: {"_key":"k<i>","n":<i>,"s":"value-<i>",
/// "b":<i is even>} (as the library's serializer and the baseline's prebuilt bodies write it).
inline std::string small_doc(long i, bool with_key = true) {
  std::string n = std::to_string(i);
  std::string out = "{";
  if (with_key) out += "\"_key\":\"k" + n + "\",";
  out += "\"n\":" + n + ",\"s\":\"value-" + n + "\",\"b\":" + (i % 2 == 0 ? "true" : "false") + "}";
  return out;
}

/// The collection a workload writes to or reads from.
inline std::string collection_for(const std::string& program, const Args& a) {
  if (a.workload == "cursor") return "cursor_" + std::to_string(a.docs);  // shared, read-only
  std::string name = program + "_" + a.workload;
  for (char& c : name) {
    if (c == '-') c = '_';
  }
  return name;
}

/// The AQL that fills the cursor collection with `docs` documents shaped like small_doc().
inline std::string fill_query(long docs) {
  return "FOR i IN 0.." + std::to_string(docs - 1) +
         " INSERT {_key: CONCAT('k', i), n: i, s: CONCAT('value-', i), b: i % 2 == 0} INTO @@c";
}

/// Process CPU, peak RSS and allocations at one instant.
struct Sample {
  std::chrono::steady_clock::time_point wall;
  double user = 0;
  double sys = 0;
  long peak_rss_kb = 0;
  std::optional<std::uint64_t> allocs;

  static Sample now() {
    Sample s;
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    s.wall = std::chrono::steady_clock::now();
    s.user = double(u.ru_utime.tv_sec) + double(u.ru_utime.tv_usec) / 1e6;
    s.sys = double(u.ru_stime.tv_sec) + double(u.ru_stime.tv_usec) / 1e6;
    s.peak_rss_kb = u.ru_maxrss;
    s.allocs = allocations();
    return s;
  }
};

/// One workload's figures, printed as one JSON line on stdout.
struct Report {
  std::string program;
  std::string workload;
  long ops = 0;
  long errors = 0;            ///< calls that failed (a valid run has none)
  long concurrency = 1;
  std::uint64_t bytes = 0;    ///< response body bytes read (cursor), 0 when not counted
  long documents = 0;         ///< documents read or written
  std::map<std::string, double> extra{};

  void print(const Sample& begin, const Sample& end) const {
    double seconds = std::chrono::duration<double>(end.wall - begin.wall).count();
    double user = end.user - begin.user;
    double sys = end.sys - begin.sys;
    std::string line = "{\"program\":\"" + program + "\",\"workload\":\"" + workload + "\"";
    auto num = [&](const char* key, double v) {
      char buf[64];
      std::snprintf(buf, sizeof buf, ",\"%s\":%.6g", key, v);
      line += buf;
    };
    num("ops", double(ops));
    num("errors", double(errors));
    num("concurrency", double(concurrency));
    num("documents", double(documents));
    num("seconds", seconds);
    num("ops_per_sec", seconds > 0 ? double(ops) / seconds : 0);
    num("cpu_user_s", user);
    num("cpu_sys_s", sys);
    num("cpu_us_per_op", ops > 0 ? (user + sys) * 1e6 / double(ops) : 0);
    num("peak_rss_kb", double(end.peak_rss_kb));
    if (begin.allocs && end.allocs && ops > 0) {
      num("allocs_per_op", double(*end.allocs - *begin.allocs) / double(ops));
    } else {
      line += ",\"allocs_per_op\":null";
    }
    if (bytes > 0) {
      num("bytes", double(bytes));
      num("mb_per_sec", seconds > 0 ? double(bytes) / 1e6 / seconds : 0);
    }
    for (const auto& [k, v] : extra) num(k.c_str(), v);
    line += "}\n";
    std::fputs(line.c_str(), stdout);
    std::fflush(stdout);
  }
};

}  // namespace bench
