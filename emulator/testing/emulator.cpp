// libarango-emulator-testing: arango::testing::Emulator, an arango-emulator child process.
#include <arango/testing/emulator.hpp>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <thread>
#include <utility>

#include "emulator_testing_config.h"  // ARANGO_EMULATOR_INSTALLED_PATH

namespace arango::testing {
namespace {

constexpr std::string_view kEmulatorName = "arango-emulator";
constexpr std::string_view kListeningPrefix = "arango-emulator listening on ";
constexpr std::size_t kStderrLimit = 4096;  // of the emulator's stderr quoted in an error

bool is_executable(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

std::string errno_text(int e) { return std::strerror(e); }

void close_fd(int& fd) noexcept {
  if (fd >= 0) {
    ::close(fd);
    fd = -1;
  }
}

// An unlinked temporary file, close-on-exec: the emulator's stderr goes there.
int make_stderr_file() {
  const char* dir = std::getenv("TMPDIR");
  std::string tmpl = std::string(dir && *dir ? dir : "/tmp") + "/arango-emulator-stderr-XXXXXX";
  int fd = ::mkostemp(tmpl.data(), O_CLOEXEC);
  if (fd < 0) throw EmulatorError("arango::testing::Emulator: cannot create " + tmpl + ": " + errno_text(errno));
  ::unlink(tmpl.c_str());
  return fd;
}

std::string read_file_from_start(int fd) {
  std::string out;
  if (fd < 0) return out;
  char buf[4096];
  off_t offset = 0;
  for (;;) {
    ssize_t n = ::pread(fd, buf, sizeof buf, offset);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
    offset += n;
  }
  return out;
}

// Exit status as a shell reports it.
int shell_status(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

// Waits up to `limit` for the child; true (and its status) when it was reaped.
bool wait_for(pid_t pid, std::chrono::milliseconds limit, int& status) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  for (;;) {
    pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid) return true;
    if (r < 0 && errno != EINTR) return true;  // not our child (any more): nothing to reap
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

// fork + exec with stdin from /dev/null, stdout into `stdout_w`, stderr into `stderr_fd`.
// An exec failure comes back through a close-on-exec pipe as the child's errno.
pid_t spawn(const std::vector<std::string>& argv, int stdout_w, int stderr_fd) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  int report[2];
  if (::pipe2(report, O_CLOEXEC) != 0) {
    throw EmulatorError("arango::testing::Emulator: pipe: " + errno_text(errno));
  }
  pid_t parent = ::getpid();
  pid_t pid = ::fork();
  if (pid < 0) {
    int e = errno;
    ::close(report[0]);
    ::close(report[1]);
    throw EmulatorError("arango::testing::Emulator: fork: " + errno_text(e));
  }
  if (pid == 0) {  // child: async-signal-safe calls only
#ifdef __linux__
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);  // the test process died: so does its emulator
    if (::getppid() != parent) ::_exit(127);
#else
    (void)parent;
#endif
    int in = ::open("/dev/null", O_RDONLY);
    if (in < 0 || ::dup2(in, 0) < 0 || ::dup2(stdout_w, 1) < 0 || ::dup2(stderr_fd, 2) < 0) {
      int e = errno;
      (void)!::write(report[1], &e, sizeof e);
      ::_exit(127);
    }
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::signal(SIGPIPE, SIG_DFL);
    ::execv(args[0], args.data());
    int e = errno;
    (void)!::write(report[1], &e, sizeof e);
    ::_exit(127);
  }
  ::close(report[1]);
  int child_errno = 0;
  ssize_t n;
  do {
    n = ::read(report[0], &child_errno, sizeof child_errno);
  } while (n < 0 && errno == EINTR);
  ::close(report[0]);
  if (n == static_cast<ssize_t>(sizeof child_errno)) {
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    throw EmulatorError("arango::testing::Emulator: cannot start " + argv[0] + ": " + errno_text(child_errno));
  }
  return pid;
}

}  // namespace

Emulator::Emulator() : Emulator(EmulatorOptions{}) {}

Emulator::Emulator(EmulatorOptions options) {
  try {
    start(options);
  } catch (...) {
    stop();
    release();
    throw;
  }
}

Emulator::~Emulator() {
  stop();
  release();
}

Emulator::Emulator(Emulator&& other) noexcept
    : urls_(std::move(other.urls_)),
      username_(std::move(other.username_)),
      password_(std::move(other.password_)),
      binary_(std::move(other.binary_)),
      stop_timeout_(other.stop_timeout_),
      pid_(std::exchange(other.pid_, -1)),
      stdout_fd_(std::exchange(other.stdout_fd_, -1)),
      stderr_fd_(std::exchange(other.stderr_fd_, -1)) {
  other.urls_.clear();
}

Emulator& Emulator::operator=(Emulator&& other) noexcept {
  if (this != &other) {
    stop();
    release();
    urls_ = std::move(other.urls_);
    other.urls_.clear();
    username_ = std::move(other.username_);
    password_ = std::move(other.password_);
    binary_ = std::move(other.binary_);
    stop_timeout_ = other.stop_timeout_;
    pid_ = std::exchange(other.pid_, -1);
    stdout_fd_ = std::exchange(other.stdout_fd_, -1);
    stderr_fd_ = std::exchange(other.stderr_fd_, -1);
  }
  return *this;
}

const std::string& Emulator::url() const noexcept {
  static const std::string none;
  return urls_.empty() ? none : urls_.front();
}

std::string Emulator::locate(const std::string& binary) {
  if (!binary.empty()) return binary;
  if (const char* env = std::getenv("ARANGO_EMULATOR"); env && *env) return env;
  std::string installed = ARANGO_EMULATOR_INSTALLED_PATH;
  if (is_executable(installed)) return installed;
  const char* path = std::getenv("PATH");
  std::string_view rest = path ? path : "";
  while (!rest.empty()) {
    auto colon = rest.find(':');
    std::string_view dir = rest.substr(0, colon);
    rest = colon == std::string_view::npos ? std::string_view{} : rest.substr(colon + 1);
    std::string candidate = std::string(dir.empty() ? "." : dir) + "/" + std::string(kEmulatorName);
    if (is_executable(candidate)) return candidate;
  }
  throw EmulatorError("arango::testing::Emulator: no arango-emulator found: set EmulatorOptions::binary or "
                      "ARANGO_EMULATOR, install it to " + installed + ", or put it on PATH");
}

void Emulator::start(const EmulatorOptions& options) {
  if (options.listeners < 1) throw EmulatorError("arango::testing::Emulator: listeners must be at least 1");
  binary_ = locate(options.binary);
  password_ = options.root_password;
  stop_timeout_ = options.stop_timeout;

  std::vector<std::string> argv{binary_, "--host", "127.0.0.1"};
  for (unsigned i = 0; i < options.listeners; ++i) {
    argv.insert(argv.end(), {"--port", "0"});
  }
  argv.insert(argv.end(), {"--root-password", options.root_password});
  argv.insert(argv.end(), options.extra_args.begin(), options.extra_args.end());

  stderr_fd_ = make_stderr_file();
  int out[2];
  if (::pipe2(out, O_CLOEXEC) != 0) {
    throw EmulatorError("arango::testing::Emulator: pipe: " + errno_text(errno));
  }
  stdout_fd_ = out[0];
  try {
    pid_ = spawn(argv, out[1], stderr_fd_);
  } catch (...) {
    ::close(out[1]);
    throw;
  }
  ::close(out[1]);

  // One "arango-emulator listening on URL" line per listener, within the startup timeout.
  auto fail = [&](const std::string& why) {
    int code = stop();
    std::string err = stderr_output();
    if (err.size() > kStderrLimit) err = "..." + err.substr(err.size() - kStderrLimit);
    std::string msg = "arango::testing::Emulator: " + binary_ + " did not start: " + why;
    if (code >= 0) msg += " (exit status " + std::to_string(code) + ")";
    msg += err.empty() ? std::string("; its stderr was empty") : "; its stderr:\n" + err;
    throw EmulatorError(msg);
  };
  auto deadline = std::chrono::steady_clock::now() + options.startup_timeout;
  std::string buffer;
  while (urls_.size() < options.listeners) {
    auto nl = buffer.find('\n');
    if (nl != std::string::npos) {
      std::string line = buffer.substr(0, nl);
      buffer.erase(0, nl + 1);
      if (line.compare(0, kListeningPrefix.size(), kListeningPrefix) != 0) {
        fail("unexpected output line \"" + line + "\"");
      }
      urls_.push_back(line.substr(kListeningPrefix.size()));
      continue;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      fail("no \"listening on\" line within " + std::to_string(options.startup_timeout.count()) + " ms");
    }
    pollfd p{stdout_fd_, POLLIN, 0};
    int r = ::poll(&p, 1, static_cast<int>(left.count()));
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) fail("poll: " + errno_text(errno));
    if (r == 0) continue;  // the deadline check above reports it
    char chunk[512];
    ssize_t n = ::read(stdout_fd_, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail("it exited before it listened");
    buffer.append(chunk, static_cast<std::size_t>(n));
  }
}

int Emulator::stop() noexcept {
  if (pid_ <= 0) return -1;
  auto pid = static_cast<pid_t>(pid_);
  pid_ = -1;
  int status = 0;
  ::kill(pid, SIGTERM);
  if (!wait_for(pid, stop_timeout_, status)) {
    ::kill(pid, SIGKILL);
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
  close_fd(stdout_fd_);
  return shell_status(status);
}

void Emulator::release() noexcept {
  close_fd(stdout_fd_);
  close_fd(stderr_fd_);
}

std::string Emulator::stderr_output() const { return read_file_from_start(stderr_fd_); }

}  // namespace arango::testing
