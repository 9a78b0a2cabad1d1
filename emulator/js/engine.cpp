// The emulator's side of server-side JavaScript (see engine.hpp): the worker pool, the
// conversation with one worker while it runs a script, and the time, size and call bounds.
#include "engine.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <vector>

#include "errors.hpp"
#include "jobs.hpp"
#include "json.hpp"

extern char** environ;

namespace emu::js {
namespace {

using Clock = std::chrono::steady_clock;

struct Worker {
  pid_t pid = -1;
  int fd = -1;
};

struct State {
  std::mutex mutex;  // the fields below
  std::condition_variable quiet;  // active fell to 0
  std::condition_variable slot_free;
  bool configured = false;
  bool stopping = false;
  std::string exe;
  Config config;
  Dispatcher dispatch;
  Logger log;
  std::vector<Worker> idle;
  std::set<pid_t> busy;  // workers running a script (killed by unconfigure)
  unsigned running = 0;  // scripts holding a worker slot
  unsigned active = 0;   // calls of run() and log() under way (unconfigure waits for them)
};

// Counts a call of run() or log() as active; false when JavaScript is off or stopping.
bool enter(State& s) {
  std::lock_guard lock(s.mutex);
  if (!s.configured || s.stopping) return false;
  ++s.active;
  return true;
}
void leave(State& s) {
  std::lock_guard lock(s.mutex);
  if (--s.active == 0) s.quiet.notify_all();
}

State& state() {
  static auto* s = new State;  // never destroyed: scripts may run while statics go
  return *s;
}

void kill_worker(Worker& w) {
  if (w.pid > 0) {
    ::kill(w.pid, SIGKILL);
    int status = 0;
    while (::waitpid(w.pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
  if (w.fd >= 0) ::close(w.fd);
  w.pid = -1;
  w.fd = -1;
}

bool spawn(Worker& w, std::string const& exe, Config const& cfg) {
  int sv[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) return false;
  // the child's end must not be fd 3 itself (dup2 onto itself would keep FD_CLOEXEC)
  int child = ::fcntl(sv[1], F_DUPFD_CLOEXEC, 10);
  ::close(sv[1]);
  if (child < 0) {
    ::close(sv[0]);
    return false;
  }
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, child, 3);
  std::string mem = std::to_string(cfg.memory_limit);
  std::string msg = std::to_string(cfg.max_message_size);
  std::string parent = std::to_string(::getpid());
  char const* argv[] = {exe.c_str(), "--js-worker", mem.c_str(), msg.c_str(), parent.c_str(), nullptr};
  pid_t pid = -1;
  int rc = ::posix_spawn(&pid, exe.c_str(), &fa, nullptr, const_cast<char* const*>(argv), environ);
  posix_spawn_file_actions_destroy(&fa);
  ::close(child);
  if (rc != 0) {
    ::close(sv[0]);
    return false;
  }
  ::fcntl(sv[0], F_SETFL, ::fcntl(sv[0], F_GETFL) | O_NONBLOCK);
  w.pid = pid;
  w.fd = sv[0];
  return true;
}

int ms_until(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return left <= 0 ? 0 : static_cast<int>(std::min<long long>(left, 1000));
}

enum class Io { Ok, Timeout, Closed, TooLarge };

Io write_all(int fd, std::string_view data, Clock::time_point deadline) {
  while (!data.empty()) {
    ssize_t w = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (w > 0) {
      data.remove_prefix(static_cast<std::size_t>(w));
      continue;
    }
    if (w < 0 && errno == EINTR) continue;
    if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      if (Clock::now() >= deadline) return Io::Timeout;
      pollfd p{fd, POLLOUT, 0};
      ::poll(&p, 1, ms_until(deadline) + 1);
      continue;
    }
    return Io::Closed;
  }
  return Io::Ok;
}

Io send_frame(int fd, std::string_view text, Clock::time_point deadline) {
  char head[4] = {static_cast<char>(text.size() >> 24), static_cast<char>(text.size() >> 16),
                  static_cast<char>(text.size() >> 8), static_cast<char>(text.size())};
  Io r = write_all(fd, std::string_view(head, 4), deadline);
  return r == Io::Ok ? write_all(fd, text, deadline) : r;
}

Io read_exact(int fd, char* p, std::size_t n, Clock::time_point deadline) {
  while (n > 0) {
    ssize_t r = ::read(fd, p, n);
    if (r > 0) {
      p += r;
      n -= static_cast<std::size_t>(r);
      continue;
    }
    if (r == 0) return Io::Closed;
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      if (Clock::now() >= deadline) return Io::Timeout;
      pollfd pf{fd, POLLIN, 0};
      ::poll(&pf, 1, ms_until(deadline) + 1);
      continue;
    }
    return Io::Closed;
  }
  return Io::Ok;
}

Io read_frame(int fd, std::string& out, std::uint64_t max, Clock::time_point deadline) {
  unsigned char head[4];
  Io r = read_exact(fd, reinterpret_cast<char*>(head), 4, deadline);
  if (r != Io::Ok) return r;
  std::uint64_t n = (std::uint64_t{head[0]} << 24) | (std::uint64_t{head[1]} << 16) |
                    (std::uint64_t{head[2]} << 8) | std::uint64_t{head[3]};
  if (n > max) return Io::TooLarge;
  out.resize(n);
  return read_exact(fd, out.data(), n, deadline);
}

Result failure(int num, std::string message) {
  Result r;
  r.kind = Result::Kind::Failed;
  r.error_num = num;
  r.message = std::move(message);
  return r;
}

std::string seconds_text(double s) {
  std::string t = std::to_string(s);
  while (!t.empty() && t.back() == '0') t.pop_back();
  if (!t.empty() && t.back() == '.') t.pop_back();
  return t;
}

std::string str_member(rapidjson::Value const& v, char const* name) {
  auto const* m = member(v, name);
  return m != nullptr && m->IsString() ? std::string(m->GetString(), m->GetStringLength()) : std::string();
}

// One request of a script, dispatched like a client's.
std::string answer_request(rapidjson::Value const& msg, Scope const& scope, Config const& cfg,
                           Dispatcher const& dispatch) {
  std::string method = str_member(msg, "method");
  std::string target = str_member(msg, "path");
  if (target.empty() || target.front() != '/') target.insert(target.begin(), '/');
  JobRequest job;
  job.request.method = method;
  job.request.target = target;
  job.request.body = str_member(msg, "body");
  job.request.headers.push_back({"content-type", "application/json"});
  if (!scope.trx_id.empty()) job.request.headers.push_back({"x-arango-trx-id", scope.trx_id});
  job.method = method;
  job.database = scope.database;
  job.db = scope.db;
  auto q = target.find('?');
  job.path = target.substr(0, q);
  job.query = q == std::string::npos ? std::string() : target.substr(q + 1);
  job.auth = scope.auth;
  HttpResponse res = dispatch(job);
  std::string body = res.body;
  int status = res.status;
  if (body.size() + 64 > cfg.max_message_size) {
    status = 500;
    JsonWriter e;
    e.begin_object()
        .kv("code", 500)
        .kv("error", true)
        .kv("errorMessage", "response too large for a script (--javascript.max-message-size)")
        .kv("errorNum", err::kResourceLimit)
        .end_object();
    body = e.str();
  }
  JsonWriter w;
  w.begin_object().kv("status", status).kv("body", body).end_object();
  return w.str();
}

// Runs one script on a worker; the worker is left usable only when the result says so.
Result converse(Worker& w, std::string const& frame, Scope const& scope, Config const& cfg,
                Dispatcher const& dispatch, Logger const& log, bool& reusable) {
  reusable = false;
  auto const deadline =
      Clock::now() + std::chrono::duration_cast<Clock::duration>(
                         std::chrono::duration<double>(cfg.script_timeout));
  auto timeout = [&] {
    return failure(err::kRequestCanceled,
                   "JavaScript execution was canceled: it ran longer than the script timeout of " +
                       seconds_text(cfg.script_timeout) + " s (--javascript.script-timeout)");
  };
  auto lost = [&](Io io) {
    if (io == Io::Timeout) return timeout();
    if (io == Io::TooLarge) {
      return failure(err::kResourceLimit,
                     "a JavaScript message exceeded " + std::to_string(cfg.max_message_size) +
                         " bytes (--javascript.max-message-size)");
    }
    return failure(err::kInternal, "the JavaScript worker died");
  };
  if (Io io = send_frame(w.fd, frame, deadline); io != Io::Ok) return lost(io);
  unsigned calls = 0;
  std::string in;
  while (true) {
    if (Io io = read_frame(w.fd, in, cfg.max_message_size, deadline); io != Io::Ok) return lost(io);
    auto parsed = parse_json(in);
    if (!parsed.ok() || !parsed.doc->IsObject()) {
      return failure(err::kInternal, "the JavaScript worker sent an invalid message");
    }
    auto const& msg = *parsed.doc;
    std::string op = str_member(msg, "op");
    if (op == "request") {
      if (++calls > kMaxCallsPerScript) {
        return failure(err::kResourceLimit, "a script made more than " +
                                                std::to_string(kMaxCallsPerScript) +
                                                " database calls");
      }
      std::string answer;
      if (!scope.allow_requests) {
        answer = R"({"status":500,"body":"{\"error\":true,\"errorNum\":4,\"errorMessage\":\"no database access here\",\"code\":500}"})";
      } else {
        answer = answer_request(msg, scope, cfg, dispatch);
      }
      if (Clock::now() >= deadline) return timeout();
      if (Io io = send_frame(w.fd, answer, deadline); io != Io::Ok) return lost(io);
      continue;
    }
    if (op == "log") {
      if (log) log(str_member(msg, "level"), str_member(msg, "message"));
      continue;
    }
    if (op == "done") {
      Result r;
      r.kind = Result::Kind::Done;
      if (auto const* v = member(msg, "result")) r.result_json = to_json(*v);
      reusable = true;
      return r;
    }
    if (op == "error") {
      Result r;
      r.kind = Result::Kind::Error;
      auto const* num = member(msg, "errorNum");
      r.error_num = num != nullptr && num->IsInt() ? num->GetInt() : err::kInternal;
      r.message = str_member(msg, "errorMessage");
      r.stack = str_member(msg, "stack");
      r.error_kind = str_member(msg, "kind");
      reusable = true;
      return r;
    }
    if (op == "fatal") {
      std::string m = str_member(msg, "message");
      bool oom = m.find("alloc") != std::string::npos || m.find("memory") != std::string::npos;
      return failure(oom ? err::kOutOfMemory : err::kInternal,
                     (oom ? "JavaScript ran out of memory (--javascript.memory-limit " +
                                std::to_string(cfg.memory_limit) + " bytes): "
                          : std::string("JavaScript fatal error: ")) +
                         m);
    }
    return failure(err::kInternal, "the JavaScript worker sent an unknown message");
  }
}

}  // namespace

void configure(std::string worker_exe, Config config, Dispatcher dispatch, Logger log) {
  auto& s = state();
  std::lock_guard lock(s.mutex);
  s.exe = std::move(worker_exe);
  s.config = config;
  s.dispatch = std::move(dispatch);
  s.log = std::move(log);
  s.configured = !s.exe.empty();
  s.stopping = false;
}

void unconfigure() {
  auto& s = state();
  std::unique_lock lock(s.mutex);
  s.stopping = true;
  for (pid_t pid : s.busy) ::kill(pid, SIGKILL);  // their scripts fail at once
  s.slot_free.notify_all();
  s.quiet.wait(lock, [&] { return s.active == 0; });
  for (auto& w : s.idle) kill_worker(w);
  s.idle.clear();
  s.configured = false;
  s.dispatch = nullptr;
  s.log = nullptr;
}

bool available() {
  auto& s = state();
  std::lock_guard lock(s.mutex);
  return s.configured && !s.stopping && s.config.enabled;
}

void log(std::string_view level, std::string const& message) {
  auto& s = state();
  if (!enter(s)) return;
  Logger logger;
  {
    std::lock_guard lock(s.mutex);
    logger = s.log;
  }
  if (logger) logger(level, message);
  leave(s);
}

Config config() {
  auto& s = state();
  std::lock_guard lock(s.mutex);
  return s.config;
}

Result run(std::string_view mode, std::string_view code, std::string_view params_json,
           std::string_view name, Scope const& scope) {
  auto& s = state();
  if (!enter(s)) return failure(err::kNotImplemented, "JavaScript operations are disabled");
  struct Leave {
    State& s;
    ~Leave() { leave(s); }
  } leave_guard{s};
  Config cfg;
  Worker w;
  Dispatcher dispatch;
  Logger logger;
  std::string exe;
  {
    std::unique_lock lock(s.mutex);
    if (!s.config.enabled) return failure(err::kNotImplemented, "JavaScript operations are disabled");
    dispatch = s.dispatch;
    logger = s.log;
    exe = s.exe;
    cfg = s.config;
    auto const wait_until = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                               std::chrono::duration<double>(cfg.script_timeout));
    while (s.running >= cfg.max_workers && !s.stopping) {
      if (s.slot_free.wait_until(lock, wait_until) == std::cv_status::timeout) {
        return failure(err::kResourceLimit, "too many JavaScript scripts are running (--javascript.max-workers " +
                                                std::to_string(cfg.max_workers) + ")");
      }
    }
    if (s.stopping) return failure(err::kShuttingDown, "the emulator is shutting down");
    ++s.running;
    if (!s.idle.empty()) {
      w = s.idle.back();
      s.idle.pop_back();
    }
  }
  auto release = [&](bool reusable) {
    std::lock_guard lock(s.mutex);
    s.busy.erase(w.pid);
    --s.running;
    s.slot_free.notify_one();
    if (reusable && !s.stopping && s.idle.size() < kMaxIdleWorkers) {
      s.idle.push_back(w);
    } else {
      kill_worker(w);
    }
  };
  if (w.pid < 0 && !spawn(w, exe, cfg)) {
    release(false);
    return failure(err::kInternal, "cannot start a JavaScript worker");
  }
  {
    std::lock_guard lock(s.mutex);
    s.busy.insert(w.pid);
  }
  JsonWriter f;
  f.begin_object().kv("op", "run").kv("mode", mode).kv("code", code);
  if (!params_json.empty()) f.key("params").raw(params_json);
  f.kv("name", name).kv("database", scope.database).kv("allowRequests", scope.allow_requests).end_object();
  bool reusable = false;
  Result r = converse(w, f.str(), scope, cfg, dispatch, logger, reusable);
  release(reusable);
  return r;
}

}  // namespace emu::js
