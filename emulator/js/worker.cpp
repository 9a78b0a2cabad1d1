// The JavaScript worker process (see engine.hpp): reads "run" frames from fd 3, runs each script
// in a fresh duktape heap with the prelude's environment, and answers with its outcome. Each
// db call is a "request" frame whose answer it waits for. Its memory is capped twice: by the
// heap's allocator (a failed allocation is a RangeError the script may catch, or duktape's fatal
// error) and, in builds without a sanitizer, by RLIMIT_AS.
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

#include <duktape.h>

#include "engine.hpp"

namespace emu::js {

extern char const kPrelude[];
extern char const kErrorsJson[];

namespace {

constexpr int kFd = 3;
std::uint64_t g_max_message = 64ULL << 20;

// --- framing (blocking: the emulator does the timing) ---
bool write_all(char const* p, std::size_t n) {
  while (n > 0) {
    ssize_t w = ::send(kFd, p, n, MSG_NOSIGNAL);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    p += w;
    n -= static_cast<std::size_t>(w);
  }
  return true;
}

bool send_frame(std::string_view text) {
  unsigned char head[4] = {static_cast<unsigned char>(text.size() >> 24),
                           static_cast<unsigned char>(text.size() >> 16),
                           static_cast<unsigned char>(text.size() >> 8),
                           static_cast<unsigned char>(text.size())};
  return write_all(reinterpret_cast<char const*>(head), 4) && write_all(text.data(), text.size());
}

bool read_all(char* p, std::size_t n) {
  while (n > 0) {
    ssize_t r = ::read(kFd, p, n);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    p += r;
    n -= static_cast<std::size_t>(r);
  }
  return true;
}

bool read_frame(std::string& out) {
  unsigned char head[4];
  if (!read_all(reinterpret_cast<char*>(head), 4)) return false;
  std::uint64_t n = (std::uint64_t{head[0]} << 24) | (std::uint64_t{head[1]} << 16) |
                    (std::uint64_t{head[2]} << 8) | std::uint64_t{head[3]};
  if (n > g_max_message) return false;
  out.resize(n);
  return read_all(out.data(), n);
}

// --- the heap's allocator with a cap ---
struct Budget {
  std::size_t used = 0;
  std::size_t limit = 0;
};
Budget g_budget;
constexpr std::size_t kHeader = 16;  // keeps duktape's alignment

void* cap_alloc(void* udata, duk_size_t size) {
  auto* b = static_cast<Budget*>(udata);
  if (size == 0) return nullptr;
  if (size > b->limit || b->used + size > b->limit) return nullptr;
  auto* p = static_cast<unsigned char*>(std::malloc(size + kHeader));
  if (p == nullptr) return nullptr;
  std::memcpy(p, &size, sizeof size);
  b->used += size;
  return p + kHeader;
}
void cap_free(void* udata, void* ptr) {
  if (ptr == nullptr) return;
  auto* b = static_cast<Budget*>(udata);
  auto* p = static_cast<unsigned char*>(ptr) - kHeader;
  std::size_t size;
  std::memcpy(&size, p, sizeof size);
  b->used -= size;
  std::free(p);
}
void* cap_realloc(void* udata, void* ptr, duk_size_t size) {
  auto* b = static_cast<Budget*>(udata);
  if (ptr == nullptr) return cap_alloc(udata, size);
  if (size == 0) {
    cap_free(udata, ptr);
    return nullptr;
  }
  auto* p = static_cast<unsigned char*>(ptr) - kHeader;
  std::size_t old;
  std::memcpy(&old, p, sizeof old);
  if (size > old && (size > b->limit || b->used + (size - old) > b->limit)) return nullptr;
  auto* q = static_cast<unsigned char*>(std::realloc(p, size + kHeader));
  if (q == nullptr) return nullptr;
  std::memcpy(q, &size, sizeof size);
  b->used = b->used - old + size;
  return q + kHeader;
}

void fatal(void*, char const* msg) {
  std::string text = "{\"op\":\"fatal\",\"message\":\"";
  for (char const* c = msg != nullptr ? msg : "fatal error"; *c != '\0'; ++c) {
    if (*c == '"' || *c == '\\') text += '\\';
    if (static_cast<unsigned char>(*c) < 0x20) continue;
    text += *c;
  }
  text += "\"}";
  send_frame(text);
  ::_exit(3);
}

// --- natives ---
bool g_allow_requests = true;

// JSON-encodes a C string into `out` (the emulator's parser checks the rest).
void append_json_string(std::string& out, char const* s, std::size_t n) {
  out += '"';
  for (std::size_t i = 0; i < n; ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

duk_ret_t native_request(duk_context* ctx) {
  if (!g_allow_requests) {
    return duk_error(ctx, DUK_ERR_ERROR, "database access is not available here");
  }
  duk_size_t ml = 0, pl = 0, bl = 0;
  char const* method = duk_require_lstring(ctx, 0, &ml);
  char const* path = duk_require_lstring(ctx, 1, &pl);
  char const* body = duk_require_lstring(ctx, 2, &bl);
  std::string msg = "{\"op\":\"request\",\"method\":";
  append_json_string(msg, method, ml);
  msg += ",\"path\":";
  append_json_string(msg, path, pl);
  msg += ",\"body\":";
  append_json_string(msg, body, bl);
  msg += '}';
  std::string answer;
  if (msg.size() > g_max_message || !send_frame(msg) || !read_frame(answer)) {
    ::_exit(4);  // the emulator ended the conversation (or the message was too large)
  }
  // {"status":n,"body":"..."}: decoded by duktape's own JSON
  duk_push_lstring(ctx, answer.data(), answer.size());
  duk_json_decode(ctx, -1);
  return 1;
}

duk_ret_t native_log(duk_context* ctx) {
  duk_size_t ll = 0, ml = 0;
  char const* level = duk_safe_to_lstring(ctx, 0, &ll);
  char const* message = duk_safe_to_lstring(ctx, 1, &ml);
  std::string msg = "{\"op\":\"log\",\"level\":";
  append_json_string(msg, level, ll);
  msg += ",\"message\":";
  append_json_string(msg, message, std::min<std::size_t>(ml, 64 * 1024));
  msg += '}';
  if (!send_frame(msg)) ::_exit(4);
  return 0;
}

duk_ret_t native_sleep(duk_context* ctx) {
  double s = duk_to_number(ctx, 0);
  if (std::isfinite(s) && s > 0) {
    // the emulator kills the worker at its timeout: no need to bound this further
    std::this_thread::sleep_for(std::chrono::duration<double>(std::min(s, 86400.0)));
  }
  return 0;
}

// Runs one script; returns the JSON text of the outcome frame.
std::string run_script(std::string const& request) {
  duk_context* ctx = duk_create_heap(cap_alloc, cap_realloc, cap_free, &g_budget, fatal);
  if (ctx == nullptr) return R"({"op":"fatal","message":"cannot create a JavaScript heap"})";
  duk_push_global_object(ctx);
  duk_push_c_function(ctx, native_request, 3);
  duk_put_prop_string(ctx, -2, "__request");
  duk_push_c_function(ctx, native_log, 2);
  duk_put_prop_string(ctx, -2, "__log");
  duk_push_c_function(ctx, native_sleep, 1);
  duk_put_prop_string(ctx, -2, "__sleep");
  duk_push_string(ctx, kErrorsJson);
  duk_put_prop_string(ctx, -2, "__errors");
  duk_pop(ctx);

  std::string out;
  if (duk_peval_string(ctx, kPrelude) != 0) {
    out = std::string(R"({"op":"fatal","message":"prelude: )") + duk_safe_to_string(ctx, -1) + "\"}";
    duk_destroy_heap(ctx);
    return out;
  }
  duk_pop(ctx);
  // __run(mode, code, params, name, database) with the request's fields
  duk_push_lstring(ctx, request.data(), request.size());
  if (duk_safe_call(
          ctx,
          [](duk_context* c, void*) -> duk_ret_t {
            duk_json_decode(c, -1);
            return 1;
          },
          nullptr, 1, 1) != 0) {
    duk_destroy_heap(ctx);
    return R"({"op":"fatal","message":"bad run request"})";
  }
  int const req = duk_get_top_index(ctx);
  duk_get_prop_string(ctx, req, "allowRequests");
  g_allow_requests = duk_to_boolean(ctx, -1) != 0;
  duk_pop(ctx);
  duk_get_global_string(ctx, "__run");
  for (char const* field : {"mode", "code", "params", "name", "database"}) {
    duk_get_prop_string(ctx, req, field);
  }
  if (duk_pcall(ctx, 5) != 0) {
    // __run catches what the script throws: this is the prelude failing (e.g. out of memory
    // while stringifying the result, or a result with a cycle)
    std::string text = duk_safe_to_string(ctx, -1);
    std::string msg = R"({"op":"error","kind":"result","errorNum":4,"errorMessage":)";
    append_json_string(msg, text.data(), text.size());
    msg += R"(,"stack":""})";
    out = std::move(msg);
  } else {
    duk_size_t n = 0;
    char const* s = duk_safe_to_lstring(ctx, -1, &n);
    out.assign(s, n);
  }
  duk_destroy_heap(ctx);
  return out;
}

}  // namespace

int worker_main(int argc, char** argv) {
  // arango-emulator --js-worker <memory-limit> <max-message> <emulator pid>
  if (argc < 5) return 2;
  std::uint64_t const memory = std::strtoull(argv[2], nullptr, 10);
  g_max_message = std::strtoull(argv[3], nullptr, 10);
  auto const parent = static_cast<pid_t>(std::strtol(argv[4], nullptr, 10));
  if (memory == 0 || g_max_message == 0) return 2;
  // die with the emulator (the check after prctl closes the race with an emulator that
  // died before it; the emulator may itself be pid 1 in a container)
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent) return 0;
  ::signal(SIGINT, SIG_IGN);
  ::signal(SIGPIPE, SIG_IGN);
  // nothing but the socket is inherited on purpose
  for (int fd = 4; fd < 1024; ++fd) ::close(fd);
  int devnull = ::open("/dev/null", O_RDWR);
  if (devnull >= 0) {
    ::dup2(devnull, 0);
    ::dup2(devnull, 1);
    if (devnull > 2) ::close(devnull);
  }
  // The duktape heap gets the memory limit; the whole process a little more (code, stacks).
  g_budget.limit = static_cast<std::size_t>(memory);
#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
#if defined(__has_feature)
#if !__has_feature(address_sanitizer) && !__has_feature(thread_sanitizer) && !__has_feature(memory_sanitizer)
#define EMU_JS_SET_RLIMIT 1
#endif
#else
#define EMU_JS_SET_RLIMIT 1
#endif
#endif
#ifdef EMU_JS_SET_RLIMIT
  rlimit lim{};
  lim.rlim_cur = lim.rlim_max = static_cast<rlim_t>(memory + (256ULL << 20));
  ::setrlimit(RLIMIT_AS, &lim);
#endif
  std::string frame;
  while (read_frame(frame)) {
    g_budget.used = 0;
    std::string out = run_script(frame);
    if (!send_frame(out)) break;
  }
  return 0;
}

}  // namespace emu::js
