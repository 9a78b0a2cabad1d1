// Server-side JavaScript of the emulator: JS transactions, user-defined AQL functions, tasks'
// commands and /_admin/execute, run on duktape in a separate worker process.
//
// Why a process: Debian's duktape is built without an execution timeout check, so a script
// that loops cannot be interrupted inside the emulator. Each script therefore runs in a worker
// (the emulator binary re-executed with --js-worker, see worker.cpp) over a socketpair. What a
// script does to the database is a request back to the emulator (worker -> {"op":"request"}),
// dispatched like a client request (under the caller's user, in the caller's database, inside
// the script's transaction); the emulator kills the worker (SIGKILL) when the script runs past
// --javascript.script-timeout, when it sends a message over --javascript.max-message-size or more
// than kMaxCallsPerScript requests. The worker caps its own memory (duktape allocator cap, and
// RLIMIT_AS in builds without a sanitizer). Idle workers are kept for the next script; every
// script gets a fresh duktape heap.
//
// Protocol (both directions): frames of a 4-byte big-endian length and that many bytes of JSON.
//   emulator -> worker  {"op":"run","mode":m,"code":s,"params":v,"name":s,"database":s}
//                       {"status":n,"body":s}          (the answer to a request)
//   worker -> emulator  {"op":"request","method":s,"path":s,"body":s}
//                       {"op":"log","level":s,"message":s}
//                       {"op":"done"[,"result":v]}
//                       {"op":"error","kind":s,"errorNum":n,"errorMessage":s,"stack":s}
//                       {"op":"fatal","message":s}     (duktape's fatal handler, then exit)
// The emulator parses every worker message with its bounded JSON parser (parse_json).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "auth.hpp"
#include "http_types.hpp"

namespace emu {

class Database;
struct JobRequest;

namespace js {

struct Config {
  bool enabled = true;               // --javascript.enabled
  bool allow_admin_execute = false;  // --javascript.allow-admin-execute
  double script_timeout = 10;        // s; --javascript.script-timeout
  std::uint64_t memory_limit = 256ULL << 20;   // bytes per worker; --javascript.memory-limit
  std::uint64_t max_message_size = 64ULL << 20;  // bytes per frame; --javascript.max-message-size
  unsigned max_workers = 8;          // scripts running at once; --javascript.max-workers
};

inline constexpr unsigned kMaxCallsPerScript = 1000000;
inline constexpr unsigned kMaxIdleWorkers = 2;

// What a script may touch: requests go to `database` as `auth`'s user; with a transaction id
// they carry x-arango-trx-id.
struct Scope {
  std::string database;
  std::shared_ptr<Database> db;
  AuthResult auth;
  std::string trx_id;
  bool allow_requests = true;  // false for user AQL functions
};

struct Result {
  enum class Kind {
    Done,     // result_json: the return value ("" when undefined)
    Error,    // the script threw (or did not compile): error_num, message, stack, kind
    Failed,   // the worker was killed or died: error_num, message (typed, see engine.cpp)
  };
  Kind kind = Kind::Failed;
  std::string result_json;
  int error_num = 0;
  std::string message;
  std::string stack;
  std::string error_kind;  // "compile", "throw", ...
  bool ok() const noexcept { return kind == Kind::Done; }
};

using Dispatcher = std::function<HttpResponse(JobRequest const&)>;
using Logger = std::function<void(std::string_view level, std::string const& message)>;

// App's constructor turns JavaScript on: `worker_exe` is the emulator binary (/proc/self/exe);
// an empty one leaves JavaScript off (fuzz targets and tests driving App in-process).
void configure(std::string worker_exe, Config config, Dispatcher dispatch, Logger log);
// ~App: kills the workers and waits for running scripts to end.
void unconfigure();
// True when scripts can run (configured, and --javascript.enabled).
bool available();
Config config();

// Runs one script (mode: "transaction", "task", "execute", "function", "compile").
// `params_json`: the JSON text handed to it ("" for undefined). Blocks until it ends.
Result run(std::string_view mode, std::string_view code, std::string_view params_json,
           std::string_view name, Scope const& scope);

// A line in the emulator's log (level "error", "warn", "info", "debug"); nothing when off.
void log(std::string_view level, std::string const& message);

// The worker process: main() calls it for
// `arango-emulator --js-worker <memory-limit> <max-message> <emulator pid>`.
int worker_main(int argc, char** argv);

}  // namespace js
}  // namespace emu
