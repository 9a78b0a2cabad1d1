// arango-emulator: an in-memory emulation of an ArangoDB 3.12 single server
// for client tests.
//
//   arango-emulator [--host 127.0.0.1] [--port 8529]... [--root-password PW]
//                   [--no-auth] [--jwt-secret SECRET] [--threads N]
//                   [--ttl-interval MS] [--async-workers N]
//                   [--trx-idle-timeout SECONDS] [--session-timeout SECONDS]
//                   [--jwt-secret-keyfile FILE]
//                   [--tls-cert FILE --tls-key FILE]
//                   [--compress-response-threshold BYTES]
//                   [--query.memory-limit BYTES]
//                   [--keep-alive-timeout SECONDS]
//
// After binding, exactly one line per --port goes to stdout, in --port order:
//   arango-emulator listening on http(s)://<host>:<port>
// Errors go to stderr. SIGTERM / SIGINT stop the server with exit code 0.
#include <csignal>
#include <cstdio>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <cstdlib>
#include <exception>
#include <iostream>
#include <string>
#include <string_view>

#include <sys/resource.h>

#include "app.hpp"
#include "js/engine.hpp"
#include "aql/eval.hpp"
#include "aql/service.hpp"
#include "options.hpp"
#include "server.hpp"

namespace {

void usage(std::ostream& os) {
  os << "usage: arango-emulator [--host HOST] [--port PORT]... [--root-password PW]\n"
        "                       [--no-auth] [--jwt-secret SECRET] [--threads N]\n"
        "                       [--ttl-interval MS] [--async-workers N]\n"
        "                       [--trx-idle-timeout SECONDS] [--session-timeout SECONDS]\n"
        "                       [--jwt-secret-keyfile FILE]\n"
        "                       [--tls-cert FILE --tls-key FILE]\n"
        "                       [--compress-response-threshold BYTES]\n"
        "                       [--query.memory-limit BYTES]\n"
        "                       [--keep-alive-timeout SECONDS]\n"
        "                       [--cluster [--db-servers N]]\n"
        "  --host HOST           address to bind (default 127.0.0.1)\n"
        "  --port PORT           port to bind, 0 for an ephemeral port (default 8529);\n"
        "                        given several times, one listener per port: coordinators\n"
        "                        of one cluster over one store (see /_emulator/listeners)\n"
        "  --cluster             answer as the coordinators of a cluster, one per --port:\n"
        "                        /_admin/cluster/*, server id and role COORDINATOR,\n"
        "                        /_api/cluster/endpoints (default: a single server)\n"
        "  --db-servers N        simulated DB-servers of --cluster (1..64, default 3)\n"
        "  --root-password PW    password of the root user (default: empty)\n"
        "  --no-auth             disable authentication (like --server.authentication false)\n"
        "  --jwt-secret SECRET   HS256 secret for JWTs (default: random)\n"
        "  --jwt-secret-keyfile FILE\n"
        "                        read the JWT secret from FILE (whitespace trimmed; wins over\n"
        "                        --jwt-secret); POST /_admin/server/jwt reads it again\n"
        "  --session-timeout SECONDS\n"
        "                        lifetime of the JWTs POST /_open/auth issues (fractions\n"
        "                        allowed; default 3600, like --server.session-timeout)\n"
        "  --threads N           I/O threads (default 2)\n"
        "  --ttl-interval MS     period of the TTL index sweep in ms (default 1000)\n"
        "  --trx-idle-timeout SECONDS\n"
        "                        idle time after which a stream transaction is aborted\n"
        "                        (fractions allowed; default 60, like arangod's\n"
        "                        --transaction.streaming-idle-timeout)\n"
        "  --async-workers N     threads running x-arango-async jobs, in queue order\n"
        "                        (default 1)\n"
        "  --tls-cert FILE       PEM certificate chain: every listener serves HTTPS\n"
        "                        (TLS 1.2 or later); needs --tls-key\n"
        "  --tls-key FILE        PEM private key of --tls-cert\n"
        "  --keep-alive-timeout SECONDS\n"
        "                        close a connection that sends no complete request for\n"
        "                        this long (idle, or a request left unfinished); 0 never\n"
        "                        (default 300, like arangod's --http.keep-alive-timeout)\n"
        "  --compress-response-threshold BYTES\n"
        "                        compress handler responses of at least BYTES with deflate\n"
        "                        or gzip when the request's Accept-Encoding is exactly that\n"
        "                        (--http.compress-response-threshold; default 0: never)\n"
        "  --query.memory-limit BYTES\n"
        "                        memory a query may use when it sets no memoryLimit (error 32\n"
        "                        beyond it); 0: unlimited (default: 1/16 of the RAM)\n"
        "  --query.global-memory-limit BYTES\n"
        "                        memory all running queries may use together (error 32\n"
        "                        beyond it); 0: unlimited (default: 1/4 of the RAM)\n"
        "  --foxx.api BOOL\n"
        "                        serve the Foxx management API /_api/foxx; false answers\n"
        "                        403 / 3099 (default true)\n"
        "  --javascript.enabled BOOL\n"
        "                        run server-side JavaScript (JS transactions, user AQL\n"
        "                        functions, tasks); false answers 501 (default true)\n"
        "  --javascript.allow-admin-execute BOOL\n"
        "                        serve POST /_admin/execute (default false)\n"
        "  --javascript.script-timeout SECONDS\n"
        "                        a script running longer is killed and fails with 21\n"
        "                        (default 10)\n"
        "  --javascript.memory-limit BYTES\n"
        "                        memory of one script's worker (default 268435456)\n"
        "  --javascript.max-message-size BYTES\n"
        "                        largest message between a script and the emulator\n"
        "                        (default 67108864)\n"
        "  --javascript.max-workers N\n"
        "                        scripts running at once (default 8)\n"
        "  --version             print the emulator version\n";
}

bool parse_uint(std::string_view s, unsigned long max, unsigned long& out) {
  if (s.empty()) return false;
  unsigned long v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<unsigned long>(c - '0');
    if (v > max) return false;
  }
  out = v;
  return true;
}

// A positive number of seconds, fractions allowed ("0.5").
bool parse_seconds(std::string_view s, double& out) {
  std::string text(s);
  char* end = nullptr;
  double v = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size() || !(v > 0) || v > 31536000) return false;
  out = v;
  return true;
}

// --javascript.*: see Options.
bool parse_javascript_option(std::string_view arg, std::string_view v, emu::Options& opts) {
  auto flag = [&](bool& out) {
    if (v == "true" || v == "1" || v == "yes" || v == "on") return out = true, true;
    if (v == "false" || v == "0" || v == "no" || v == "off") return out = false, true;
    return false;
  };
  unsigned long n = 0;
  if (arg == "--javascript.enabled") return flag(opts.js_enabled);
  if (arg == "--javascript.allow-admin-execute") return flag(opts.js_allow_admin_execute);
  if (arg == "--javascript.script-timeout") return parse_seconds(v, opts.js_script_timeout);
  if (arg == "--javascript.memory-limit") {
    if (!parse_uint(v, 1UL << 40, n) || n < (8UL << 20)) return false;
    opts.js_memory_limit = n;
    return true;
  }
  if (arg == "--javascript.max-message-size") {
    if (!parse_uint(v, 1UL << 31, n) || n < 4096) return false;
    opts.js_max_message_size = n;
    return true;
  }
  if (arg == "--javascript.max-workers") {
    if (!parse_uint(v, 256, n) || n == 0) return false;
    opts.js_max_workers = static_cast<unsigned>(n);
    return true;
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::string_view(argv[1]) == "--js-worker") return emu::js::worker_main(argc, argv);
  emu::Options opts;
  opts.js_worker_exe = "/proc/self/exe";
  bool port_given = false;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    std::string_view value;
    bool has_inline_value = false;
    if (arg.substr(0, 2) == "--") {
      auto eq = arg.find('=');
      if (eq != std::string_view::npos) {
        value = arg.substr(eq + 1);
        arg = arg.substr(0, eq);
        has_inline_value = true;
      }
    }
    auto next = [&](std::string_view& out) {
      if (has_inline_value) {
        out = value;
        return true;
      }
      if (i + 1 >= argc) {
        std::cerr << "arango-emulator: missing value for " << arg << "\n";
        return false;
      }
      out = argv[++i];
      return true;
    };
    std::string_view v;
    if (arg == "--help" || arg == "-h") {
      usage(std::cout);
      return 0;
    } else if (arg == "--version") {
      std::cout << "arango-emulator " << emu::kEmulatorVersion << " (ArangoDB "
                << emu::kServerVersion << ")\n";
      return 0;
    } else if (arg == "--host") {
      if (!next(v)) return 2;
      opts.host = std::string(v);
    } else if (arg == "--port") {
      unsigned long port = 0;
      if (!next(v) || !parse_uint(v, 65535, port)) {
        std::cerr << "arango-emulator: invalid --port\n";
        return 2;
      }
      if (!port_given) {
        opts.ports.clear();  // the first --port replaces the default
        port_given = true;
      }
      opts.ports.push_back(static_cast<std::uint16_t>(port));
    } else if (arg == "--root-password") {
      if (!next(v)) return 2;
      opts.root_password = std::string(v);
    } else if (arg == "--cluster") {
      opts.cluster = true;
    } else if (arg == "--db-servers") {
      unsigned long n = 0;
      if (!next(v) || !parse_uint(v, 64, n) || n == 0) {
        std::cerr << "arango-emulator: invalid --db-servers\n";
        return 2;
      }
      opts.db_servers = static_cast<unsigned>(n);
    } else if (arg == "--no-auth") {
      opts.authentication = false;
    } else if (arg == "--jwt-secret") {
      if (!next(v)) return 2;
      opts.jwt_secret = std::string(v);
    } else if (arg == "--jwt-secret-keyfile") {
      if (!next(v) || v.empty()) {
        std::cerr << "arango-emulator: invalid --jwt-secret-keyfile\n";
        return 2;
      }
      opts.jwt_secret_keyfile = std::string(v);
    } else if (arg == "--session-timeout") {
      double seconds = 0;
      if (!next(v) || !parse_seconds(v, seconds)) {
        std::cerr << "arango-emulator: invalid --session-timeout\n";
        return 2;
      }
      opts.session_timeout = seconds;
    } else if (arg == "--threads") {
      unsigned long n = 0;
      if (!next(v) || !parse_uint(v, 64, n) || n == 0) {
        std::cerr << "arango-emulator: invalid --threads\n";
        return 2;
      }
      opts.threads = static_cast<unsigned>(n);
    } else if (arg == "--ttl-interval") {
      unsigned long n = 0;
      if (!next(v) || !parse_uint(v, 3600000, n) || n == 0) {
        std::cerr << "arango-emulator: invalid --ttl-interval\n";
        return 2;
      }
      opts.ttl_interval_ms = static_cast<unsigned>(n);
    } else if (arg == "--async-workers") {
      unsigned long n = 0;
      if (!next(v) || !parse_uint(v, 64, n) || n == 0) {
        std::cerr << "arango-emulator: invalid --async-workers\n";
        return 2;
      }
      opts.async_workers = static_cast<unsigned>(n);
    } else if (arg == "--trx-idle-timeout") {
      double seconds = 0;
      if (!next(v) || !parse_seconds(v, seconds)) {
        std::cerr << "arango-emulator: invalid --trx-idle-timeout\n";
        return 2;
      }
      opts.trx_idle_timeout = seconds;
    } else if (arg == "--tls-cert") {
      if (!next(v) || v.empty()) {
        std::cerr << "arango-emulator: invalid --tls-cert\n";
        return 2;
      }
      opts.tls_cert = std::string(v);
    } else if (arg == "--tls-key") {
      if (!next(v) || v.empty()) {
        std::cerr << "arango-emulator: invalid --tls-key\n";
        return 2;
      }
      opts.tls_key = std::string(v);
    } else if (arg == "--compress-response-threshold") {
      unsigned long n = 0;
      if (!next(v) || !parse_uint(v, 1UL << 30, n)) {
        std::cerr << "arango-emulator: invalid --compress-response-threshold\n";
        return 2;
      }
      opts.compress_response_threshold = n;
    } else if (arg == "--query.memory-limit") {
      unsigned long n = 0;
      if (!next(v) || !parse_uint(v, ~0UL / 10, n)) {
        std::cerr << "arango-emulator: invalid --query.memory-limit\n";
        return 2;
      }
      emu::aql::AqlService::instance().default_memory_limit = n;
    } else if (arg == "--query.global-memory-limit") {
      unsigned long n = 0;
      if (!next(v) || !parse_uint(v, ~0UL / 10, n)) {
        std::cerr << "arango-emulator: invalid --query.global-memory-limit\n";
        return 2;
      }
      emu::aql::global_query_memory_limit() = n;
    } else if (arg == "--keep-alive-timeout") {
      double seconds = 0;
      if (!next(v) || !parse_seconds(v, seconds)) {
        std::cerr << "arango-emulator: invalid --keep-alive-timeout\n";
        return 2;
      }
      opts.keep_alive_timeout = seconds;
    } else if (arg == "--foxx.api") {
      if (!next(v) || (v != "true" && v != "false" && v != "1" && v != "0" && v != "on" &&
                       v != "off" && v != "yes" && v != "no")) {
        std::cerr << "arango-emulator: invalid --foxx.api\n";
        return 2;
      }
      opts.foxx_api = v == "true" || v == "1" || v == "on" || v == "yes";
    } else if (arg.substr(0, 13) == "--javascript.") {
      if (!next(v) || !parse_javascript_option(arg, v, opts)) {
        std::cerr << "arango-emulator: invalid " << arg << "\n";
        return 2;
      }
    } else {
      // the error alone (the usage grew past what a launcher quotes of stderr): --help has the rest
      std::cerr << "arango-emulator: unknown option " << arg << " (arango-emulator --help lists the options)\n";
      return 2;
    }
  }

  if (opts.tls_cert.empty() != opts.tls_key.empty()) {
    std::cerr << "arango-emulator: --tls-cert and --tls-key go together\n";
    return 2;
  }

#if defined(__GLIBC__)
  // Few malloc arenas: with one per worker thread, freed memory stays spread
  // over many of them and the process keeps growing.
  mallopt(M_ARENA_MAX, 2);
#endif
  // Every held connection is a file descriptor: use as many as the hard limit allows.
  if (rlimit lim{}; getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < lim.rlim_max) {
    lim.rlim_cur = lim.rlim_max;
    setrlimit(RLIMIT_NOFILE, &lim);
  }

  try {
    emu::App app(opts);
    {
      emu::Server server(app);
      for (auto const& url : server.bind()) {
        std::cout << "arango-emulator listening on " << url << "\n";
      }
      std::cout << std::flush;
      std::fflush(stdout);
      server.run();
    }
    // The server has stopped (a signal, Server::stop or DELETE /_admin/shutdown) and its
    // signal_set, gone with it, gave SIGTERM and SIGINT their default action back. Freeing the
    // store, the JavaScript workers and the task scheduler takes a while (much longer under
    // a sanitizer): a SIGTERM now asks for what is already happening, so it must not turn the
    // clean exit (0) into death by signal.
    std::signal(SIGTERM, SIG_IGN);
    std::signal(SIGINT, SIG_IGN);
  } catch (std::exception const& ex) {
    std::cerr << "arango-emulator: " << ex.what() << std::endl;
    return 1;
  }
  return 0;
}
