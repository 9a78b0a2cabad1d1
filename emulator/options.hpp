// Command line options of arango-emulator.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace emu {

inline constexpr char kEmulatorVersion[] = "0.1.0";
inline constexpr char kServerVersion[] = "3.12.10";

struct Options {
  std::string host = "127.0.0.1";
  // One listener per --port (0: an ephemeral port); several listeners act
  // as coordinators of one cluster over one store.
  std::vector<std::uint16_t> ports{8529};
  // --cluster: the listeners answer as the coordinators of a cluster
  // (/_admin/cluster/*, server id and role, endpoints) with `db_servers`
  // simulated DB-servers (--db-servers); without it, as a single server.
  bool cluster = false;
  unsigned db_servers = 3;
  std::string root_password;      // default: empty, like a fresh ArangoDB
  bool authentication = true;     // --no-auth turns it off
  std::string jwt_secret;         // empty: random secret generated at start
  unsigned threads = 2;           // io_context threads
  unsigned ttl_interval_ms = 1000;  // period of the TTL index sweep
  double trx_idle_timeout = 60;   // s; --transaction.streaming-idle-timeout
  unsigned async_workers = 1;     // threads running x-arango-async jobs
  // Lifetime of JWTs issued by POST /_open/auth (--server.session-timeout).
  double session_timeout = 3600;
  // File holding the JWT secret (--server.jwt-secret-keyfile); re-read by
  // POST /_admin/server/jwt. Empty: the secret comes from --jwt-secret.
  std::string jwt_secret_keyfile;
  // TLS: certificate chain and private key (PEM). Both set: every listener
  // serves HTTPS.
  std::string tls_cert;
  std::string tls_key;
  // --http.compress-response-threshold: responses of at least this many
  // bytes are compressed when the client asks for it; 0 (arangod's
  // default) never compresses.
  std::uint64_t compress_response_threshold = 0;
  // --http.keep-alive-timeout (s): a connection that sends no complete request within it
  // (idle, or a request left unfinished) is closed; 0 never closes. arangod's default: 300.
  double keep_alive_timeout = 300;
  // --foxx.api: false disables the Foxx management API (403 / 3099, as arangod).
  bool foxx_api = true;
  // Server-side JavaScript (js/engine.hpp): --javascript.enabled, --javascript.allow-admin-execute,
  // --javascript.script-timeout (s), --javascript.memory-limit (bytes per worker),
  // --javascript.max-message-size (bytes), --javascript.max-workers.
  bool js_enabled = true;
  bool js_allow_admin_execute = false;
  double js_script_timeout = 10;
  std::uint64_t js_memory_limit = 256ULL << 20;
  std::uint64_t js_max_message_size = 64ULL << 20;
  unsigned js_max_workers = 8;
  // The binary a script worker runs (main(): /proc/self/exe); empty: no JavaScript.
  std::string js_worker_exe;
};

}  // namespace emu
